"""Held-out round 14, week2_optimizers (optimizers.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "optimizers"

SGD_LOOP = ("        for p, g in zip(params, grads):\n"
            "            p -= self.lr * g\n")
VEL_INIT = ("        if self.velocities is None:\n"
            "            self.velocities = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n")
MOM = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
       "            p -= self.lr * self.velocities[i]\n")
NES = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
       "            p -= self.lr * (g + self.momentum * self.velocities[i])\n")
ADA_INIT = "            self.G = [np.zeros_like(p) for p in params]\n"
ADA = ("            self.G[i] = self.G[i] + g ** 2\n"
       "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n")
RMS = ("            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
       "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")
ADAM_INIT = ("            self.m = [np.zeros_like(p) for p in params]\n"
             "            self.v = [np.zeros_like(p) for p in params]\n")
ADAM_T = ("        self.t += 1\n"
          "        for i, (p, g) in enumerate(zip(params, grads)):\n")
ADAM_HAT = ("            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
            "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n")
ADAM_STEP = "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
ADAMW = ("        for p in params:\n"
         "            p -= self.lr * self.weight_decay * p\n"
         "        super().update(params, grads)\n")

ROUND_14 = [
    # ---------------------------------------------------------------- SGD
    Mistake(
        tag="update-returns-params",
        name="sgd-returns-updated-list",
        edits={M: [(SGD_LOOP, "        for idx, g in enumerate(grads):\n"
                              "            params[idx] -= self.lr * g\n"
                              "        return params\n")]},
        why="The update is done in place but the list is also returned, as in functional optimizers "
            "(optax returns new params); the contract's update returns None.",
        source="https://optax.readthedocs.io/en/latest/api/optimizers.html (update returns new values)",
        held_out=True),
    Mistake(
        tag="modifies-grads",
        name="sgd-scales-gradient-in-place",
        edits={M: [(SGD_LOOP, "        for i in range(len(params)):\n"
                              "            np.multiply(grads[i], self.lr, out=grads[i])\n"
                              "            params[i] -= grads[i]\n")]},
        why="The gradient array is scaled in place before the step, so the caller's grads come back multiplied "
            "by lr (the contract says grads are not modified).",
        source="https://pytorch.org/docs/stable/optim.html (grad.mul_ style in-place habits)",
        held_out=True),
    # ---------------------------------------------------------------- SGDMomentum
    Mistake(
        tag="momentum-ema",
        name="momentum-dampened-velocity-local",
        edits={M: [(MOM, "            v = self.velocities[i]\n"
                         "            v = self.momentum * v + (1 - self.momentum) * g\n"
                         "            self.velocities[i] = v\n"
                         "            p -= self.lr * v\n")]},
        why="The velocity is an exponential moving average (1 - mu) g, as in Adam's first moment, so every step "
            "is (1 - mu) = 10 times smaller than heavy-ball momentum's v = mu v + g.",
        source="https://www.deeplearning.ai/ (Andrew Ng's 'gradient descent with momentum': v = beta v + (1-beta) dW)",
        held_out=True),
    Mistake(
        tag="shared-state",
        name="momentum-velocity-dict-keyed-by-shape",
        edits={M: [(VEL_INIT + MOM,
                    "        if self.velocities is None:\n"
                    "            self.velocities = {}\n"
                    "        for p, g in zip(params, grads):\n"
                    "            v = self.velocities.get(p.shape, np.zeros_like(p))\n"
                    "            v = self.momentum * v + g\n"
                    "            self.velocities[p.shape] = v\n"
                    "            p -= self.lr * v\n")]},
        why="The velocities are kept in a dict keyed by the parameter's shape, so two parameters of the same "
            "shape (two square weight matrices, two biases) share one velocity instead of one each by position. "
            "doubtful: it differs only when two parameters have the same shape (not in the course's two-layer net "
            "unless layer widths coincide).",
        source="https://pytorch.org/docs/stable/optim.html (optimizer state is per parameter, not per shape)",
        held_out=True),
    Mistake(
        tag="momentum-stale-velocity",
        name="momentum-zip-loop-variable-rebound",
        edits={M: [(VEL_INIT + MOM,
                    "        if self.velocities is None:\n"
                    "            self.velocities = [np.zeros_like(p) for p in params]\n"
                    "        for v, p, g in zip(self.velocities, params, grads):\n"
                    "            v = self.momentum * v + g\n"
                    "            p -= self.lr * v\n")]},
        why="`v = ...` rebinds the loop variable, so the stored velocities stay zero and every step is plain SGD "
            "(lr * g) with no momentum carried over.",
        source="https://nedbatchelder.com/text/names.html (assigning to a loop variable does not change the list)",
        held_out=True),
    # ---------------------------------------------------------------- Nesterov
    Mistake(
        tag="nesterov-stale-velocity",
        name="nesterov-look-ahead-with-previous-v",
        edits={M: [(NES, "            v_prev = self.velocities[i]\n"
                         "            self.velocities[i] = self.momentum * v_prev + g\n"
                         "            p -= self.lr * (g + self.momentum * v_prev)\n")]},
        why="The look-ahead term uses the velocity from before this step (mu * v_prev) instead of the new v, so "
            "the first step is lr * g instead of lr * (1 + mu) g and later steps lag by one.",
        source="https://cs231n.github.io/neural-networks-3/#sgd (v_prev = v kept for the Nesterov update)",
        held_out=True),
    Mistake(
        tag="nesterov-wrong-sign",
        name="nesterov-cs231n-form-signs-flipped",
        edits={M: [(NES, "            v_prev = self.velocities[i]\n"
                         "            self.velocities[i] = self.momentum * v_prev - self.lr * g\n"
                         "            p += self.momentum * v_prev - (1 + self.momentum) * self.velocities[i]\n")]},
        why="CS231n's form is x += -mu * v_prev + (1 + mu) * v; with both signs flipped the update is the exact "
            "negative of Nesterov's step, so the parameters climb the gradient.",
        source="https://cs231n.github.io/neural-networks-3/#sgd (Nesterov: x += -mu * v_prev + (1 + mu) * v)",
        held_out=True),
    # ---------------------------------------------------------------- AdaGrad
    Mistake(
        tag="adagrad-eps-misplaced",
        name="adagrad-eps-added-to-step",
        edits={M: [(ADA, "            self.G[i] += g * g\n"
                         "            p -= self.lr * g / np.sqrt(self.G[i]) + self.eps\n")]},
        why="Precedence puts eps outside the division: the step is lr * g / sqrt(G) + eps, so a coordinate with "
            "G = 0 divides by zero (nan/inf) and every coordinate is shifted by eps.",
        source="seeds/004 'AdaGrad' formula (alpha / sqrt(G + eps)) transcribed without parentheses",
        held_out=True),
    Mistake(
        tag="adagrad-initial-accumulator",
        name="adagrad-accumulator-starts-at-ones",
        edits={M: [(ADA_INIT, "            self.G = [np.ones_like(p) for p in params]  # avoid dividing by 0\n")]},
        why="The accumulator starts at 1 (to avoid a division by zero) instead of 0, which shrinks the early "
            "steps: the first is lr * g / sqrt(1 + g^2) instead of about lr.",
        source="https://keras.io/api/optimizers/adagrad/ (a non-zero initial_accumulator_value)",
        held_out=True),
    Mistake(
        tag="shared-state",
        name="adagrad-repeated-list-plus-equals",
        edits={M: [(ADA_INIT, "            self.G = [np.zeros_like(params[0])] * len(params)\n"),
                   (ADA, "            self.G[i] += g ** 2\n"
                         "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n")]},
        why="`[np.zeros_like(params[0])] * n` is n references to one array and `+=` adds every parameter's "
            "squared gradients into it, so all parameters share one accumulator (and shapes other than "
            "params[0]'s fail to broadcast).",
        source="https://limdauto.me/blog/create-multi-dimensional-arrays-in-pure-python/ (list * n aliasing)",
        held_out=True),
    # ---------------------------------------------------------------- RMSprop
    Mistake(
        tag="rmsprop-decay-swapped",
        name="rmsprop-rho-as-one-minus-decay",
        edits={M: [(RMS, "            rho = 1 - self.decay\n"
                         "            self.s[i] = rho * self.s[i] + (1 - rho) * g * g\n"
                         "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")]},
        why="The weights of the moving average are swapped: the old average gets 1 - decay = 0.1 and the new "
            "squared gradient 0.9, so the cache forgets almost at once.",
        source="seeds/000 'RMSprop' code (cache = decay * cache + (1 - decay) * gradient**2)",
        held_out=True),
    Mistake(
        tag="rmsprop-stores-root",
        name="rmsprop-cache-holds-rms",
        edits={M: [(RMS, "            self.s[i] = np.sqrt(self.decay * self.s[i] + (1 - self.decay) * g ** 2)\n"
                         "            p -= self.lr * g / (self.s[i] + self.eps)\n")]},
        why="The student stores the root mean square in the state, so the next average mixes an RMS (units of g) "
            "with g**2; after the first step the denominator is no longer sqrt of a mean of squares.",
        source="https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf ('root mean square' read as the stored quantity)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- Adam
    Mistake(
        tag="adam-step-size-compounded",
        name="adam-folded-step-written-into-lr",
        edits={M: [(ADAM_T, "        self.t += 1\n"
                            "        self.lr = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)\n"
                            "        for i, (p, g) in enumerate(zip(params, grads)):\n"),
                   (ADAM_HAT + ADAM_STEP, "            p -= self.lr * self.m[i] / (np.sqrt(self.v[i]) + self.eps)\n")]},
        why="The paper's folded step size alpha_t = alpha sqrt(1 - b2^t) / (1 - b1^t) is written back into "
            "self.lr, so the factors compound over calls (alpha_t defined recursively) and the public lr "
            "drifts away from what a schedule set.",
        source="https://github.com/PennyLaneAI/pennylane/pull/1929 (Adam step size defined recursively, fixed)",
        held_out=True, novel=True),
    Mistake(
        tag="adam-bias-correction-wrong-power",
        name="adam-bc-power-applied-to-one-minus-beta",
        edits={M: [(ADAM_HAT, "            bc1 = np.power(1 - self.beta1, self.t)\n"
                              "            bc2 = np.power(1 - self.beta2, self.t)\n"
                              "            m_hat = self.m[i] / bc1\n"
                              "            v_hat = self.v[i] / bc2\n")]},
        why="The power is applied to (1 - beta) instead of beta: (1 - beta)**t shrinks to 0 and the corrected "
            "moments explode (v_hat by 1000**t), instead of dividing by 1 - beta**t.",
        source="https://github.com/ufal/npfl114/pull/79 (slide's (1-beta^2) corrected to (1-beta_2^t))",
        held_out=True),
    Mistake(
        tag="adam-moments-aliased",
        name="adam-v-assigned-from-m-list",
        edits={M: [(ADAM_INIT, "            self.m = [np.zeros_like(p) for p in params]\n"
                               "            self.v = self.m\n")]},
        why="`self.v = self.m` makes m and v the same list, so writing v[i] overwrites m[i] (and v is "
            "computed from the new m): the two moments are not kept apart.",
        source="https://nedbatchelder.com/text/names.html (assignment binds a second name to the same list)",
        held_out=True),
    Mistake(
        tag="adam-bias-correction-sqrt-misplaced",
        name="adam-folded-correction-roots-swapped",
        edits={M: [(ADAM_HAT + ADAM_STEP,
                    "            step_size = self.lr * (1 - self.beta2 ** self.t) / np.sqrt(1 - self.beta1 ** self.t)\n"
                    "            p -= step_size * self.m[i] / (np.sqrt(self.v[i]) + self.eps)\n")]},
        why="The paper's folded step lr * sqrt(1 - b2^t) / (1 - b1^t) is copied with the square root on the wrong "
            "correction: at t = 1 the step is 0.001 / sqrt(0.1) times lr * m / sqrt(v), about 300 times too small.",
        source="https://arxiv.org/abs/1412.6980 (Section 2, efficiency note: alpha_t = alpha sqrt(1-b2^t)/(1-b1^t))",
        held_out=True, novel=True),
    Mistake(
        tag="adam-no-bias-correction",
        name="adam-uncorrected-moments-tuple",
        edits={M: [(ADAM_HAT, "            m_hat, v_hat = self.m[i], self.v[i]\n")]},
        why="The moments are used uncorrected, so early steps are (1 - b1^t) / sqrt(1 - b2^t) times off "
            "(3.2 times too large at t = 1).",
        source="https://github.com/oxiglade/mlx-rs/issues/301 (Adam without the bias-corrected estimates)",
        held_out=True),
    # ---------------------------------------------------------------- AdamW
    Mistake(
        tag="adamw-as-l2",
        name="adamw-builds-penalised-gradients",
        edits={M: [(ADAMW, "        decayed = []\n"
                           "        for p, g in zip(params, grads):\n"
                           "            decayed.append(g + self.weight_decay * p)\n"
                           "        super().update(params, decayed)\n")]},
        why="wd * p is added to the gradient before the Adam step (an L2 penalty, what torch.optim.Adam's "
            "weight_decay does), so the decay is divided by sqrt(v_hat) instead of decoupled.",
        source="https://arxiv.org/abs/1711.05101 (L2 regularisation is not weight decay for Adam)",
        held_out=True),
    Mistake(
        tag="adamw-decay-after-step",
        name="adamw-index-loop-decay-after-super",
        edits={M: [(ADAMW, "        super().update(params, grads)\n"
                           "        for i in range(len(params)):\n"
                           "            params[i] -= self.weight_decay * self.lr * params[i]\n")]},
        why="The decay is applied after the Adam step, so it also shrinks this step's update; the contract "
            "decays the parameter first and then takes the Adam step.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html (decay before the moment update)",
        held_out=True),
    Mistake(
        tag="adamw-decay-multiplies",
        name="adamw-mul-by-lr-times-wd",
        edits={M: [(ADAMW, "        for p in params:\n"
                           "            p *= self.lr * self.weight_decay\n"
                           "        super().update(params, grads)\n")]},
        why="PyTorch's p.mul_(1 - lr * wd) is copied without the '1 -': each step multiplies the weights by "
            "lr * wd (1e-5 with the defaults), wiping them out instead of shrinking them slightly.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html (theta <- theta - gamma*lambda*theta)",
        held_out=True, novel=True),
    Mistake(
        tag="adamw-decay-lost",
        name="adamw-decay-rebinds-loop-variable",
        edits={M: [(ADAMW, "        for p in params:\n"
                           "            p = p - self.lr * self.weight_decay * p\n"
                           "        super().update(params, grads)\n")]},
        why="`p = p - ...` rebinds the loop variable to a new array, so the caller's parameters are never "
            "decayed and the optimizer behaves exactly like Adam.",
        source="https://nedbatchelder.com/text/names.html (assigning to a loop variable does not change the list)",
        held_out=True),
    Mistake(
        tag="adamw-adam-step-per-parameter",
        name="adamw-super-update-inside-loop",
        edits={M: [(ADAMW, "        for p, g in zip(params, grads):\n"
                           "            p -= self.lr * self.weight_decay * p\n"
                           "            super().update([p], [g])\n")]},
        why="Adam's update is called once per parameter with a one-element list, so every parameter uses the "
            "moments at position 0 (shared state; other shapes fail to broadcast) and t advances once per "
            "parameter instead of once per call.",
        source="https://discuss.pytorch.org/ (per-parameter optimizer.step loops); contract: state by position, t once per call",
        held_out=True, novel=True),
]
