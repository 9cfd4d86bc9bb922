"""Held-out round 9, week 2 (optimizers.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "optimizers"

SGD_LOOP = "        for p, g in zip(params, grads):\n            p -= self.lr * g\n"
SGD_STEP = "            p -= self.lr * g\n"
MOM_STEP = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n")
MOM_BODY = ("        if self.velocities is None:\n"
            "            self.velocities = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n" + MOM_STEP)
NEST_STEP = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
             "            p -= self.lr * (g + self.momentum * self.velocities[i])\n")
ADAGRAD_SUM = "            self.G[i] = self.G[i] + g ** 2\n"
ADAGRAD_STEP = "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n"
RMS_AVG = "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
ADAM_INIT = ("            self.m = [np.zeros_like(p) for p in params]\n"
             "            self.v = [np.zeros_like(p) for p in params]\n")
ADAM_T = "        self.t += 1\n        for i, (p, g) in enumerate(zip(params, grads)):\n"
ADAM_M = "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
ADAM_V = "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
ADAM_HATS = ("            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
             "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n")
ADAM_STEP = "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
ADAMW_DECAY = "        for p in params:\n            p -= self.lr * self.weight_decay * p\n"
ADAMW_BODY = ADAMW_DECAY + "        super().update(params, grads)\n"

ROUND_9 = [
    # ---- SGD ----------------------------------------------------------------------------------------------
    Mistake(
        tag="not-in-place", name="sgd-replaces-list-entries",
        edits={M: [(SGD_LOOP, "        for i in range(len(params)):\n"
                              "            params[i] = params[i] - self.lr * grads[i]\n")]},
        why="the list's entries are replaced by new arrays: the list changes but the arrays the caller (the "
            "network) holds are never touched, so training does not move the model (contract: update changes "
            "each array of params in place).",
        source="https://numpy.org/doc/stable/user/basics.copies.html (a - b makes a new array); "
               "https://docs.python.org/3/faq/programming.html#why-did-changing-list-y-also-change-list-x",
        held_out=True),
    Mistake(
        tag="sgd-wrong-sign", name="sgd-plus-equals-step",
        edits={M: [(SGD_STEP, "            p += self.lr * g  # move by lr times the gradient\n")]},
        why="the step added instead of subtracted: SGD climbs the loss (contract: p -= lr * g).",
        source="lesson 'Concepts: Optimizers & Learning Dynamics' § SGD: Stochastic Gradient Descent",
        held_out=True),
    # ---- SGDMomentum --------------------------------------------------------------------------------------
    Mistake(
        tag="momentum-wrong-sign", name="momentum-keras-velocity-subtracted",
        edits={M: [(MOM_STEP, "            self.velocities[i] = self.momentum * self.velocities[i] - self.lr * g\n"
                              "            p -= self.velocities[i]\n")]},
        why="the lesson's lr-folded velocity v = mu v - lr g (which already carries the minus sign) combined with "
            "PyTorch's p -= ...: the parameters move up the gradient. Either v = mu v + g; p -= lr v or "
            "v = mu v - lr g; p += v is accepted (contract, week 2), not this mix.",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive' § Momentum / Implementation (velocity = "
               "momentum * velocity - lr * gradient; params += velocity)",
        held_out=True),
    Mistake(
        tag="momentum-lr-twice", name="momentum-lr-in-velocity-and-step",
        edits={M: [(MOM_STEP, "            self.velocities[i] = self.momentum * self.velocities[i] + self.lr * g\n"
                              "            p -= self.lr * self.velocities[i]\n")]},
        why="lr put into the velocity (as in the lesson's form) AND into the step (as in PyTorch's): every step "
            "is lr times too small -- 100x for lr = 0.01 (contract: v = momentum * v + g; p -= lr * v).",
        source="lesson 'Optimization' § Momentum / In Code; https://pytorch.org/docs/stable/generated/torch.optim.SGD.html",
        held_out=True),
    Mistake(
        tag="state-reset", name="momentum-local-velocity-never-stored",
        edits={M: [(MOM_STEP, "            v = self.velocities[i]\n"
                              "            v = self.momentum * v + g  # update the velocity\n"
                              "            p -= self.lr * v\n")]},
        why="the velocity is read into a local name and the new value is bound to that name only: "
            "self.velocities stays all zeros, so every call is a plain SGD step and momentum never builds up "
            "(contract: per-parameter state kept between calls).",
        source="https://docs.python.org/3/reference/simple_stmts.html#assignment-statements (assignment rebinds "
               "the name, it does not write into the list)",
        held_out=True),
    Mistake(
        tag="modifies-grads", name="momentum-buffer-is-first-gradient-array",
        edits={M: [(MOM_BODY, "        if self.velocities is None:\n"
                              "            self.velocities = list(grads)  # PyTorch: buf = grad on the first step\n"
                              "        else:\n"
                              "            for i, g in enumerate(grads):\n"
                              "                self.velocities[i] *= self.momentum\n"
                              "                self.velocities[i] += g\n"
                              "        for p, v in zip(params, self.velocities):\n"
                              "            p -= self.lr * v\n")]},
        why="PyTorch's buf = torch.clone(grad).detach() ported without the clone: the velocities ARE the first "
            "call's gradient arrays, and the in-place updates of later calls overwrite the caller's gradients "
            "(and, when the caller passes the same array again, the velocity is doubled). Contract: grads are "
            "not modified.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/sgd.py (buf = torch.clone(grad).detach() "
               "on the first step)",
        held_out=True),
    # ---- Nesterov -----------------------------------------------------------------------------------------
    Mistake(
        tag="nesterov-wrong-look-ahead", name="nesterov-velocity-in-place-of-gradient",
        edits={M: [(NEST_STEP, "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                               "            p -= self.lr * (1 + self.momentum) * self.velocities[i]  # v + mu v\n")]},
        why="the look-ahead g + mu v written as v + mu v: the step is (1 + mu) times the heavy-ball step, the "
            "current gradient no longer gets its extra weight (contract: p -= lr * (g + momentum * v)).",
        source="lesson 'Optimization' § Nesterov Momentum; https://pytorch.org/docs/stable/generated/torch.optim.SGD.html "
               "(nesterov: g = g + mu * b)",
        held_out=True),
    Mistake(
        tag="nesterov-wrong-sign", name="nesterov-keras-step-subtracted",
        edits={M: [(NEST_STEP, "            self.velocities[i] = self.momentum * self.velocities[i] - self.lr * g\n"
                               "            p -= self.momentum * self.velocities[i] - self.lr * g\n")]},
        why="Keras' Nesterov step p + mu v - lr g (v holds -lr g) written with PyTorch's -=: the sign of the "
            "whole step flips and the optimizer climbs (contract: v = mu v + g; p -= lr (g + mu v), or its "
            "lr-folded equivalent with +=).",
        source="https://keras.io/api/optimizers/sgd/ (nesterov: w = w + momentum * velocity - learning_rate * g)",
        held_out=True),
    # ---- AdaGrad ------------------------------------------------------------------------------------------
    Mistake(
        tag="adagrad-decays", name="adagrad-leaky-sum",
        edits={M: [(ADAGRAD_SUM, "            self.G[i] = 0.9 * self.G[i] + g ** 2  # forget old gradients a little\n")]},
        why="the student 'fixes' AdaGrad's stalling with a leaky sum: G no longer holds all squared gradients, "
            "so the effective rate stops shrinking (contract: G += g**2).",
        source="lesson 'Week 3: Gradient-Based Optimization' § 3.4 AdaGrad / RMSprop (the decaying average is "
               "RMSprop's idea)",
        held_out=True),
    Mistake(
        tag="adagrad-no-eps", name="adagrad-divides-by-bare-root",
        edits={M: [(ADAGRAD_STEP, "            p -= self.lr * g / np.sqrt(self.G[i])\n")]},
        why="eps left out as 'only for numerical safety': a coordinate whose gradients have all been 0 gives "
            "0 / 0 = nan, and the nan spreads to the parameter (contract: p -= lr * g / (sqrt(G) + eps)).",
        source="lesson 'Week 3: Gradient-Based Optimization' § 3.4 AdaGrad (the epsilon in the denominator)",
        held_out=True),
    # ---- RMSprop ------------------------------------------------------------------------------------------
    Mistake(
        tag="rmsprop-decay-swapped", name="rmsprop-one-minus-decay-on-average",
        edits={M: [(RMS_AVG, "            self.s[i] = (1 - self.decay) * self.s[i] + self.decay * g ** 2\n")]},
        why="the weights of the old average and the new square exchanged: with decay = 0.9 the average keeps "
            "only 10 % of its past, so s is almost the last g**2 and RMSprop becomes a sign-like step "
            "(contract: s = decay * s + (1 - decay) * g**2).",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive' § RMSprop (cache = decay * cache + (1 - decay) * g**2)",
        held_out=True),
    Mistake(
        tag="rmsprop-weight-inside-square", name="rmsprop-squares-weighted-gradient",
        edits={M: [(RMS_AVG, "            self.s[i] = self.decay * self.s[i] + ((1 - self.decay) * g) ** 2\n")]},
        why="the weight (1 - decay) put inside the square: the new term is 0.01 g**2 instead of 0.1 g**2, so "
            "s is a tenth of the running mean square and every step about 3.2 times too long (contract: "
            "s = decay * s + (1 - decay) * g**2).",
        source="https://docs.python.org/3/reference/expressions.html#the-power-operator (the parentheses decide "
               "what is squared)",
        novel=True, held_out=True),
    # ---- Adam ---------------------------------------------------------------------------------------------
    Mistake(
        tag="adam-t-per-parameter", name="adam-t-incremented-in-loop",
        edits={M: [(ADAM_T, "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                            "            self.t += 1\n")]},
        why="the step counter moved into the loop over parameters: with 4 arrays t grows by 4 per call, so "
            "every array but the first gets a later step's (smaller) bias correction (contract: t counts calls, "
            "'once per call, not once per parameter').",
        source="https://arxiv.org/abs/1412.6980 (Algorithm 1: t <- t + 1 once per iteration)",
        held_out=True),
    Mistake(
        tag="adam-no-bias-correction", name="adam-hats-are-raw-moments",
        edits={M: [(ADAM_HATS, "            m_hat = self.m[i]  # bias correction only matters for the first steps\n"
                               "            v_hat = self.v[i]\n")]},
        why="the correction dropped as unimportant: early steps are (1 - beta1**t) / sqrt(1 - beta2**t) times "
            "the right size (3.2x at t = 1, up to 6.6x), the opposite of the careful start the correction "
            "gives (contract: m_hat = m / (1 - b1**t), v_hat = v / (1 - b2**t)).",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive' § Adam ('Bias correction (important early in training)')",
        held_out=True),
    Mistake(
        tag="adam-moments-swapped", name="adam-square-in-first-moment",
        edits={M: [(ADAM_M + ADAM_V, "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g ** 2\n"
                                     "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g\n")]},
        why="the ** 2 typed on the first moment's line instead of the second's: m averages g**2 (always "
            "positive, so the step ignores the gradient's sign) and v averages g (its root is nan where it is "
            "negative). Contract: m averages g, v averages g**2.",
        source="lesson 'Concepts: Optimizers & Learning Dynamics' § Adam: The Best of Both Worlds",
        held_out=True),
    Mistake(
        tag="adam-bias-correction-stored", name="adam-moments-corrected-in-place",
        edits={M: [(ADAM_HATS, "            self.m[i] = self.m[i] / (1 - self.beta1 ** self.t)\n"
                               "            self.v[i] = self.v[i] / (1 - self.beta2 ** self.t)\n"
                               "            m_hat, v_hat = self.m[i], self.v[i]\n")]},
        why="the bias-corrected moments written back into the state: at the next call they are corrected "
            "again, so the correction compounds and the moments drift far above the averages (contract: "
            "m_hat and v_hat are computed from m and v, which keep the plain averages).",
        source="https://arxiv.org/abs/1412.6980 (Algorithm 1: m_hat_t is a separate quantity; m_t is not changed)",
        held_out=True),
    Mistake(
        tag="adam-t-off-by-one", name="adam-t-set-to-one-at-first-call",
        edits={M: [(ADAM_INIT, ADAM_INIT + "            self.t = 1  # the first step is step 1\n")]},
        why="t set to 1 when the state is created, then incremented before use: the first step uses t = 2 and "
            "every bias correction is one step late (first step about 0.74 lr instead of lr). Contract: t = 1 on "
            "the first call.",
        source="https://arxiv.org/abs/1412.6980 (Algorithm 1: t <- 0 at the start, t <- t + 1 in the loop)",
        held_out=True),
    Mistake(
        tag="adam-eps-misplaced", name="adam-eps-added-after-division",
        edits={M: [(ADAM_STEP, "            p -= self.lr * m_hat / np.sqrt(v_hat) + self.eps\n")]},
        why="the parentheses around sqrt(v_hat) + eps lost: eps is added to the step, every parameter also moves "
            "by eps, and a coordinate with zero gradients so far divides 0 by 0 (nan). Contract: "
            "p -= lr * m_hat / (sqrt(v_hat) + eps).",
        source="https://docs.python.org/3/reference/expressions.html#operator-precedence",
        held_out=True),
    Mistake(
        tag="adam-v-of-first-moment", name="adam-second-moment-of-m",
        edits={M: [(ADAM_V, "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * self.m[i] ** 2\n")]},
        why="the second moment written as the average of the squared FIRST moment (m where g belongs, copying the "
            "line above): the step is no longer divided by the gradient's RMS but by that of its smoothed "
            "mean, which is much smaller for noisy gradients, so the steps are too large (contract: "
            "v = b2*v + (1-b2)*g**2).",
        source="https://arxiv.org/abs/1412.6980 (Algorithm 1: v_t uses g_t squared)",
        novel=True, held_out=True),
    # ---- AdamW --------------------------------------------------------------------------------------------
    Mistake(
        tag="adamw-decay-after-step", name="adamw-super-then-decay",
        edits={M: [(ADAMW_BODY, "        super().update(params, grads)\n"
                                "        for p in params:\n"
                                "            p -= self.lr * self.weight_decay * p\n")]},
        why="the Adam step first, then the decay of the already updated weights: off by lr * wd * step per "
            "call (contract: 'in this order: 1. decay every parameter, 2. then exactly the Adam step').",
        source="https://arxiv.org/abs/1711.05101 (Algorithm 2, line 12: the decay uses theta_{t-1})",
        held_out=True),
    Mistake(
        tag="adamw-decay-constant", name="adamw-subtracts-lr-times-wd-r9",
        edits={M: [(ADAMW_DECAY, "        for p in params:\n            p -= self.lr * self.weight_decay\n")]},
        why="the factor p of the decay forgotten: every weight moves down by the same constant lr * wd, "
            "positive weights towards 0 and negative ones away from it (contract: p -= lr * weight_decay * p).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html (theta_t <- theta_{t-1} - "
               "gamma lambda theta_{t-1})",
        held_out=True),
    Mistake(
        tag="adamw-t-twice", name="adamw-counts-step-before-super",
        edits={M: [(ADAMW_BODY, "        self.t += 1  # one more step\n" + ADAMW_BODY)]},
        why="AdamW counts the step itself and then calls Adam.update, which counts it again: t = 2 on the "
            "first call, 4 on the second, ..., so every bias correction is wrong (contract: the Adam step "
            "'also increments t').",
        source="https://docs.python.org/3/library/functions.html#super (the parent's update runs all of its body)",
        held_out=True),
]
