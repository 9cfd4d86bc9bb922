"""Held-out round 15, week2_optimizers (optimizers.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "optimizers"

SGD_LOOP = ("        for p, g in zip(params, grads):\n"
            "            p -= self.lr * g\n")
MOM_BODY = ("        if self.velocities is None:\n"
            "            self.velocities = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n")
MOM_UPD = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
           "            p -= self.lr * self.velocities[i]\n")
NES_UPD = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
           "            p -= self.lr * (g + self.momentum * self.velocities[i])\n")
ADA_UPD = ("            self.G[i] = self.G[i] + g ** 2\n"
           "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n")
RMS_BODY = ("        if self.s is None:\n"
            "            self.s = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
            "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")
RMS_AVG = "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
RMS_UPD = ("            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
           "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")
ADAM_BODY = ("        if self.m is None:\n"
             "            self.m = [np.zeros_like(p) for p in params]\n"
             "            self.v = [np.zeros_like(p) for p in params]\n"
             "        self.t += 1\n"
             "        for i, (p, g) in enumerate(zip(params, grads)):\n"
             "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
             "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
             "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
             "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
             "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")
ADAM_LOOP = ("        self.t += 1\n"
             "        for i, (p, g) in enumerate(zip(params, grads)):\n"
             "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n")
ADAM_HATS = ("            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
             "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
             "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")
ADAM_STEP = "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
ADAMW_BODY = ("        for p in params:\n"
              "            p -= self.lr * self.weight_decay * p\n"
              "        super().update(params, grads)\n")

ROUND_15 = [
    # ---------------------------------------------------------------- SGD
    Mistake(
        tag="not-in-place",
        name="sgd-returns-new-list-functional",
        edits={M: [(SGD_LOOP,
                    "        return [p - self.lr * g for p, g in zip(params, grads)]\n")]},
        why="Functional style: returns a list of new arrays instead of updating params in place (contract: "
            "in place, return None), so a caller that ignores the return value never sees the step.",
        source="https://optax.readthedocs.io/en/latest/api/apply_updates.html (functional optimizers return "
               "new parameters)",
        held_out=True),
    Mistake(
        tag="update-nested-loop-over-grads",
        name="sgd-every-grad-to-every-param",
        edits={M: [(SGD_LOOP,
                    "        for p in params:\n"
                    "            for g in grads:\n"
                    "                p -= self.lr * g\n")]},
        why="Nests the loops instead of zipping them: every parameter is stepped by every gradient (the sum of "
            "all gradients when shapes agree, a broadcasting error when they do not). Right only for one parameter.",
        source="https://stackoverflow.com/questions/1663807/how-do-i-iterate-through-two-lists-in-parallel "
               "(nested loops written where zip was meant)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- SGDMomentum
    Mistake(
        tag="momentum-ema",
        name="momentum-local-v-one-minus-mu",
        edits={M: [(MOM_UPD,
                    "            v = self.momentum * self.velocities[i] + (1.0 - self.momentum) * g\n"
                    "            self.velocities[i] = v\n"
                    "            p -= self.lr * v\n")]},
        why="Writes the velocity as an exponential moving average v = mu v + (1 - mu) g (Ng's form), which "
            "shrinks every step by (1 - mu) compared with the course's v = mu v + g.",
        source="https://www.coursera.org/learn/deep-neural-network (Improving Deep Neural Networks, 'Gradient "
               "descent with momentum': v_dW = beta v_dW + (1 - beta) dW)",
        held_out=True),
    Mistake(
        tag="momentum-stale-velocity",
        name="momentum-step-with-previous-v",
        edits={M: [(MOM_UPD,
                    "            v_prev = self.velocities[i]\n"
                    "            p -= self.lr * v_prev\n"
                    "            self.velocities[i] = self.momentum * v_prev + g\n")]},
        why="Steps with the velocity from the previous call and only then folds in the new gradient: the first "
            "update does not move p at all and every later step lags one gradient behind.",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive' NeuralNetworkWithMomentum.update (velocities then "
               "weights), reordered",
        held_out=True),
    Mistake(
        tag="bias-correction",
        name="momentum-adam-style-correction",
        edits={M: [(MOM_BODY,
                    "        if self.velocities is None:\n"
                    "            self.velocities = [np.zeros_like(p) for p in params]\n"
                    "            self.step_count = 0\n"
                    "        self.step_count += 1\n"
                    "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                    "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                    "            v_hat = self.velocities[i] / (1 - self.momentum ** self.step_count)\n"
                    "            p -= self.lr * v_hat\n")]},
        why="Adds Adam's bias correction v / (1 - mu^t) to heavy-ball momentum, which has none (and whose "
            "velocity is not a biased average): early steps are up to 1/(1 - mu) = 10 times too large.",
        source="https://www.coursera.org/learn/deep-neural-network ('Bias correction in exponentially weighted "
               "averages', applied to momentum)",
        held_out=True),
    Mistake(
        tag="shared-state",
        name="momentum-list-times-n-in-place",
        edits={M: [(MOM_BODY,
                    "        if self.velocities is None:\n"
                    "            self.velocities = [np.zeros(params[0].shape)] * len(params)\n"
                    "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                    "            self.velocities[i] *= self.momentum\n"
                    "            self.velocities[i] += g\n"
                    "            p -= self.lr * self.velocities[i]\n")]},
        why="`[array] * n` repeats one array object, and the in-place updates then make every parameter share "
            "(and keep adding into) a single velocity; parameters of another shape hit a broadcasting error.",
        source="https://docs.python.org/3/faq/programming.html#how-do-i-create-a-multidimensional-list "
               "(list multiplication shares the element)",
        held_out=True),
    # ---------------------------------------------------------------- Nesterov
    Mistake(
        tag="nesterov-wrong-look-ahead",
        name="nesterov-jump-then-momentum-step",
        edits={M: [(NES_UPD,
                    "            p -= self.lr * self.momentum * self.velocities[i]\n"
                    "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                    "            p -= self.lr * self.velocities[i]\n")]},
        why="Takes a look-ahead jump along the old velocity and then a full heavy-ball step: p moves by "
            "lr (2 mu v_old + g) instead of lr (g + mu v_new) = lr ((1 + mu) g + mu^2 v_old).",
        source="https://cs231n.github.io/neural-networks-3/#sgd (Nesterov: 'x_ahead = x + mu * v' written "
               "literally as an extra move of x)",
        held_out=True),
    Mistake(
        tag="nesterov-stale-velocity",
        name="nesterov-lookahead-before-velocity-update",
        edits={M: [(NES_UPD,
                    "            lookahead = g + self.momentum * self.velocities[i]\n"
                    "            p -= self.lr * lookahead\n"
                    "            self.velocities[i] = self.momentum * self.velocities[i] + g\n")]},
        why="Builds the correction g + mu v from the velocity before this step's update, so the first step is "
            "plain SGD and later steps use v_old where the contract uses the new v.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (nesterov: g + mu * b_t with the "
               "updated buffer b_t)",
        held_out=True),
    # ---------------------------------------------------------------- AdaGrad
    Mistake(
        tag="adagrad-stale-accumulator",
        name="adagrad-step-then-np-add-out",
        edits={M: [(ADA_UPD,
                    "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n"
                    "            np.add(self.G[i], g ** 2, out=self.G[i])\n")]},
        why="Steps before accumulating this gradient's square: the first step divides by eps alone (a step of "
            "about lr * 1e10 * g) and every later one uses last step's accumulator.",
        source="https://cs231n.github.io/neural-networks-3/#ada (cache += dx**2 comes before the update), "
               "lines swapped",
        held_out=True),
    Mistake(
        tag="adagrad-decays",
        name="adagrad-leaky-accumulator",
        edits={M: [(ADA_UPD,
                    "            self.G[i] = 0.99 * self.G[i] + g * g\n"
                    "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n")]},
        why="Lets the accumulator leak (0.99 G + g^2) 'so learning does not stall': a forgetting factor that "
            "AdaGrad does not have (that is RMSprop's idea), so the rates stop shrinking as the contract's do.",
        source="https://d2l.ai/chapter_optimization/rmsprop.html (the fix to AdaGrad's ever-growing state, "
               "moved into AdaGrad)",
        held_out=True),
    Mistake(
        tag="adagrad-one-rate-per-array",
        name="adagrad-adds-mean-square",
        edits={M: [(ADA_UPD,
                    "            self.G[i] = self.G[i] + (g ** 2).mean()\n"
                    "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n")]},
        why="Accumulates the mean square of the whole gradient array, so every coordinate of a parameter gets the "
            "same rate: AdaGrad's per-coordinate adaptation is lost.",
        source="https://jmlr.org/papers/v12/duchi11a.html (diagonal AdaGrad: one accumulator per coordinate)",
        held_out=True),
    # ---------------------------------------------------------------- RMSprop
    Mistake(
        tag="rmsprop-decay-swapped",
        name="rmsprop-rho-local-on-new-square",
        edits={M: [(RMS_AVG,
                    "            rho = self.decay\n"
                    "            self.s[i] = rho * g ** 2 + (1 - rho) * self.s[i]\n")]},
        why="Puts decay on the new squared gradient and (1 - decay) on the history, so the average forgets "
            "almost everything each step.",
        source="https://keras.io/api/optimizers/rmsprop/ (rho = 'discounting factor for the old gradients', "
               "read the other way round)",
        held_out=True),
    Mistake(
        tag="rmsprop-with-momentum",
        name="rmsprop-torch-momentum-buffer",
        edits={M: [(RMS_BODY,
                    "        if self.s is None:\n"
                    "            self.s = [np.zeros_like(p) for p in params]\n"
                    "            self.buf = [np.zeros_like(p) for p in params]\n"
                    "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                    "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
                    "            self.buf[i] = 0.9 * self.buf[i] + g / (np.sqrt(self.s[i]) + self.eps)\n"
                    "            p -= self.lr * self.buf[i]\n")]},
        why="Adds a momentum buffer (mu = 0.9) on top of the normalised step, as torch's RMSprop(momentum=0.9) "
            "or Hinton's 'rmsprop with momentum' do; the course's RMSprop has no momentum, so steps grow "
            "towards 10 times the contract's.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html (momentum buffer); "
               "http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf (rmsprop with momentum)",
        held_out=True, novel=True),
    Mistake(
        tag="rmsprop-square-as-dot",
        name="rmsprop-np-dot-for-square",
        edits={M: [(RMS_AVG,
                    "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * np.dot(g, g)\n")]},
        why="Squares the gradient with np.dot(g, g): for a vector that is the sum of squares (one shared "
            "scalar for all coordinates), for a square matrix a matrix product, for any other matrix a shape "
            "error; the contract squares elementwise.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.dot.html (dot of 1-D arrays is the inner "
               "product)",
        held_out=True, novel=True),
    Mistake(
        tag="rmsprop-no-one-minus-decay",
        name="rmsprop-in-place-decay-plus-square",
        edits={M: [(RMS_UPD,
                    "            self.s[i] *= self.decay\n"
                    "            self.s[i] += g * g\n"
                    "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")]},
        why="Decays the cache and adds the full g*g without the (1 - decay) weight, so s settles at "
            "g^2 / (1 - decay), ten times too large, and steps are about sqrt(10) too small.",
        source="https://github.com/eriklindernoren/ML-From-Scratch (deep_learning/optimizers.py RMSprop) "
               "with the (1 - rho) factor dropped",
        held_out=True),
    # ---------------------------------------------------------------- Adam
    Mistake(
        tag="adam-bias-correction-stored",
        name="adam-corrects-moments-in-place",
        edits={M: [(ADAM_HATS,
                    "            self.m[i] /= 1 - self.beta1 ** self.t\n"
                    "            self.v[i] /= 1 - self.beta2 ** self.t\n"
                    "            p -= self.lr * self.m[i] / (np.sqrt(self.v[i]) + self.eps)\n")]},
        why="Divides the stored moments by the bias correction in place, so the corrections compound over steps "
            "(the next average starts from an already corrected m and v).",
        source="https://github.com/frgfm/holocron/issues/1 ('bias correction is made inplace so it affects "
               "exp_avg in the next steps')",
        held_out=True),
    Mistake(
        tag="adam-moments-initialised-from-gradient",
        name="adam-moments-start-at-first-grad",
        edits={M: [(ADAM_BODY.split("        self.t += 1\n")[0],
                    "        if self.m is None:\n"
                    "            self.m = [np.array(g) for g in grads]\n"
                    "            self.v = [np.square(g) for g in grads]\n")]},
        why="Starts m at the first gradient and v at its square instead of zeros, and still bias-corrects: the "
            "first step uses m_hat = g / 0.1 and v_hat = g^2 / 0.001 and the averages are off for many steps.",
        source="https://github.com/karpathy/convnetjs/pull/70 (Adam state initialisation vs Algorithm 1's "
               "m_0 = v_0 = 0)",
        held_out=True),
    Mistake(
        tag="adam-lr-decayed-by-sqrt-t",
        name="adam-alpha-over-root-t",
        edits={M: [(ADAM_STEP,
                    "            alpha_t = self.lr / np.sqrt(self.t)\n"
                    "            p -= alpha_t * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
        why="Uses the step size alpha_t = alpha / sqrt(t) from the Adam paper's convergence analysis inside "
            "update; the course's Adam uses lr as given (schedules change lr from outside).",
        source="https://arxiv.org/abs/1412.6980 (section 4, regret bound with alpha_t = alpha / sqrt(t))",
        held_out=True),
    Mistake(
        tag="adam-bias-correction-sqrt-misplaced",
        name="adam-rms-then-corrected",
        edits={M: [(ADAM_HATS,
                    "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                    "            rms = np.sqrt(self.v[i]) / (1 - self.beta2 ** self.t)\n"
                    "            p -= self.lr * m_hat / (rms + self.eps)\n")]},
        why="Takes the root of v first and then divides by 1 - beta2**t, i.e. corrects the RMS by the "
            "un-rooted factor: the denominator is sqrt(v_hat) / sqrt(1 - beta2**t), steps about 32 times too "
            "small at t = 1.",
        source="https://github.com/karpathy/convnetjs/pull/70 and /pull/107 (Adam's bias-correction lines "
               "written differently from the paper)",
        held_out=True),
    Mistake(
        tag="adam-eps-as-floor",
        name="adam-denominator-clamped-at-eps",
        edits={M: [(ADAM_STEP,
                    "            p -= self.lr * m_hat / np.maximum(np.sqrt(v_hat), self.eps)\n")]},
        why="Uses eps as a floor (max(sqrt(v_hat), eps)) instead of adding it, a 'safe divide' habit. "
            "doubtful: it differs from sqrt(v_hat) + eps by a relative eps / sqrt(v_hat), visible only for "
            "small gradients (1e-5 relative at |g| = 1e-3, more below).",
        source="https://arxiv.org/abs/1412.6980 (Algorithm 1: sqrt(v_hat) + eps) vs the np.maximum safe-divide "
               "idiom",
        held_out=True, novel=True),
    Mistake(
        tag="state-keyed-by-id",
        name="adam-moments-dict-by-id",
        edits={M: [(ADAM_BODY,
                    "        if self.m is None:\n"
                    "            self.m, self.v = {}, {}\n"
                    "        self.t += 1\n"
                    "        for p, g in zip(params, grads):\n"
                    "            key = id(p)\n"
                    "            if key not in self.m:\n"
                    "                self.m[key] = np.zeros_like(p)\n"
                    "                self.v[key] = np.zeros_like(p)\n"
                    "            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g\n"
                    "            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g ** 2\n"
                    "            m_hat = self.m[key] / (1 - self.beta1 ** self.t)\n"
                    "            v_hat = self.v[key] / (1 - self.beta2 ** self.t)\n"
                    "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
        why="Keys the moments by id(p), like torch keys state by the tensor, where the contract keeps state by "
            "position: a caller that passes other array objects for the same position (or a reused id) gets "
            "fresh or foreign moments. doubtful: identical whenever the same arrays are passed every call.",
        source="https://github.com/pytorch/pytorch/issues/31793 (optimizer state is a dict keyed by the "
               "parameter itself)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- AdamW
    Mistake(
        tag="adamw-as-l2",
        name="adamw-decayed-grads-loop-append",
        edits={M: [(ADAMW_BODY,
                    "        decayed_grads = []\n"
                    "        for p, g in zip(params, grads):\n"
                    "            decayed_grads.append(g + self.weight_decay * p)\n"
                    "        super().update(params, decayed_grads)\n")]},
        why="Adds weight_decay * p to the gradient before the Adam step (torch.optim.Adam(weight_decay=...)), "
            "so the decay is divided by sqrt(v_hat): L2 regularisation, not AdamW's decoupled decay.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.Adam.html (weight_decay adds to the "
               "gradient); https://arxiv.org/abs/1711.05101",
        held_out=True),
    Mistake(
        tag="adamw-decay-ignores-lr-change",
        name="adamw-cached-decay-factor",
        edits={M: [(ADAMW_BODY,
                    "        if not hasattr(self, 'shrink'):\n"
                    "            self.shrink = 1 - self.lr * self.weight_decay\n"
                    "        for p in params:\n"
                    "            p *= self.shrink\n"
                    "        super().update(params, grads)\n")]},
        why="Computes the decay factor 1 - lr * wd once and caches it, so when a schedule changes opt.lr the "
            "decay keeps the first lr (the Adam step does follow the new lr).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html (decay uses the current lr "
               "each step: theta_t <- theta_{t-1} - gamma lambda theta_{t-1})",
        held_out=True),
    Mistake(
        tag="adamw-l1-decay",
        name="adamw-decay-towards-zero-by-sign",
        edits={M: [(ADAMW_BODY,
                    "        for p in params:\n"
                    "            shrink = self.lr * self.weight_decay\n"
                    "            p -= shrink * np.sign(p)\n"
                    "        super().update(params, grads)\n")]},
        why="Pulls every weight towards zero by a fixed amount lr * wd * sign(p) (an L1 / lasso-style shrink) "
            "instead of by a fraction lr * wd * p of its value.",
        source="https://arxiv.org/abs/1711.05101 (decay proportional to theta) vs L1 proximal shrinkage "
               "https://en.wikipedia.org/wiki/Proximal_gradient_methods_for_learning",
        held_out=True),
    Mistake(
        tag="adamw-decay-twice",
        name="adamw-decoupled-and-l2",
        edits={M: [(ADAMW_BODY,
                    "        for p in params:\n"
                    "            p -= self.lr * self.weight_decay * p\n"
                    "        l2_grads = [g + self.weight_decay * p for p, g in zip(params, grads)]\n"
                    "        super().update(params, l2_grads)\n")]},
        why="Applies the decoupled decay and also adds weight_decay * p to the gradient, so weights are "
            "decayed twice (once inside Adam's normalised step).",
        source="https://arxiv.org/abs/1711.05101 (L2 vs decoupled decay, both kept)",
        held_out=True),
]
