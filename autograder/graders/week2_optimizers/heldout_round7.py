"""Held-out round 7, week 2 (optimizers.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

_MOM_BLOCK = ("        if self.velocities is None:\n            self.velocities = [np.zeros_like(p) for p in params]\n"
              "        for i, (p, g) in enumerate(zip(params, grads)):\n"
              "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
              "            p -= self.lr * self.velocities[i]\n")
_NAG_LINES = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
              "            p -= self.lr * (g + self.momentum * self.velocities[i])\n")
_RMS_S = "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
_RMS_STEP = "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n"
_ADAM_V = "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
_ADAM_MHAT = "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
_ADAM_VHAT = "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
_ADAM_STEP = "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
_ADAMW_DECAY = "            p -= self.lr * self.weight_decay * p\n"

ROUND_7 = [
    # ---------------- SGD ----------------
    Mistake(
        tag="not-in-place", held_out=True, name="sgd-np-subtract-result-dropped",
        edits={"optimizers": [("        for p, g in zip(params, grads):\n            p -= self.lr * g\n",
                               "        for p, g in zip(params, grads):\n            np.subtract(p, self.lr * g)\n")]},
        why="np.subtract(p, lr * g) returns a new array unless out=p is given; the result is dropped, so the "
            "parameters never move.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.subtract.html (out: 'If not provided "
               "or None, a freshly-allocated array is returned')"),
    # ---------------- SGDMomentum ----------------
    Mistake(
        tag="momentum-ema", held_out=True, name="momentum-ewa-with-bias-correction",
        edits={"optimizers": [(_MOM_BLOCK,
            "        if self.velocities is None:\n            self.velocities = [np.zeros_like(p) for p in params]\n"
            "            self.t = 0\n        self.t += 1\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.velocities[i] = self.momentum * self.velocities[i] + (1 - self.momentum) * g\n"
            "            p -= self.lr * self.velocities[i] / (1 - self.momentum ** self.t)\n")]},
        why="deeplearning.ai's momentum: an exponentially weighted average v = beta v + (1 - beta) g, with the "
            "bias correction of that lecture. The spec's velocity is a sum v = mu v + g, whose steady step "
            "is 1 / (1 - mu) = 10 times larger.",
        source="deeplearning.ai, Improving Deep Neural Networks, week 2 'Gradient descent with momentum' and "
               "'Bias correction in exponentially weighted averages'"),
    # ---------------- Nesterov ----------------
    Mistake(
        tag="nesterov-correction-sign", held_out=True, name="nesterov-cs231n-without-v-prev-term",
        edits={"optimizers": [(_NAG_LINES,
            "            v_prev = self.velocities[i]\n"
            "            self.velocities[i] = self.momentum * v_prev - self.lr * g\n"
            "            p += (1 + self.momentum) * self.velocities[i]\n")]},
        why="cs231n's Nesterov update is x += -mu * v_prev + (1 + mu) * v; the -mu * v_prev term is left out, "
            "so from the second step on every step is mu * v_prev too long (the correction never applied).",
        source="https://cs231n.github.io/neural-networks-3/#sgd (Nesterov: x += -mu * v_prev + (1 + mu) * v)"),
    Mistake(
        tag="hyperparameters-ignored", held_out=True, name="nesterov-momentum-0.9-typed-in",
        edits={"optimizers": [(_NAG_LINES,
            "            self.velocities[i] = 0.9 * self.velocities[i] + g\n"
            "            p -= self.lr * (g + 0.9 * self.velocities[i])\n")]},
        why="The lesson's mu = 0.9 typed into the formula instead of self.momentum: right with the default, "
            "wrong for Nesterov(momentum=0.5).",
        source="week 2 lesson (seeds, Nesterov momentum section, mu = 0.9)"),
    # ---------------- AdaGrad ----------------
    Mistake(
        tag="shared-state", held_out=True, name="adagrad-zeros-list-times-n",
        edits={"optimizers": [("            self.G = [np.zeros_like(p) for p in params]\n",
                               "            self.G = [np.zeros_like(params[0])] * len(params)\n")]},
        why="[x] * n repeats one array n times: every parameter's accumulator starts as the first parameter's "
            "array, so a bias vector and a weight matrix cannot both be accumulated (the shapes clash).",
        source="https://docs.python.org/3/faq/programming.html#how-do-i-create-a-multidimensional-list "
               "([x] * n repeats the same object)"),
    # ---------------- RMSprop ----------------
    Mistake(
        tag="power-written-as-xor", novel=True, held_out=True, name="rmsprop-g-caret-2",
        edits={"optimizers": [(_RMS_S,
            "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ^ 2\n")]},
        why="g ^ 2 (MATLAB/LaTeX for g squared) is bitwise XOR in Python: on float arrays it raises a TypeError, "
            "so RMSprop never takes a step.",
        source="https://docs.python.org/3/reference/expressions.html#binary-bitwise-operations (^ is XOR; ** is power)"),
    Mistake(
        tag="lr-change-ignored", held_out=True, name="rmsprop-lr-saved-on-first-call",
        edits={"optimizers": [
            ("            self.s = [np.zeros_like(p) for p in params]\n",
             "            self.s = [np.zeros_like(p) for p in params]\n            self.lr0 = self.lr\n"),
            (_RMS_STEP, "            p -= self.lr0 * g / (np.sqrt(self.s[i]) + self.eps)\n")]},
        why="The rate is copied into the state with the cache on the first call, so a schedule that sets "
            "opt.lr later has no effect.",
        source="week 3 lesson (seeds): schedules set optimizer.lr between steps"),
    Mistake(
        tag="rmsprop-no-square-root", held_out=True, name="rmsprop-divides-by-mean-square",
        edits={"optimizers": [(_RMS_STEP, "            p -= self.lr * g / (self.s[i] + self.eps)\n")]},
        why="The step divides by the mean square itself, not by its root (the RMS): the step is lr * g / "
            "((1 - decay) g^2) on the first call, about 10 lr / |g|, huge for small gradients.",
        source="Tieleman & Hinton, lecture 6.5 ('divide the gradient by sqrt(MeanSquare)')"),
    # ---------------- Adam ----------------
    Mistake(
        tag="adam-eps-hat", novel=True, held_out=True, name="adam-keras-epsilon-hat-step",
        edits={"optimizers": [(_ADAM_MHAT + _ADAM_VHAT + _ADAM_STEP,
            "            lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)\n"
            "            p -= lr_t * self.m[i] / (np.sqrt(self.v[i]) + self.eps)\n")]},
        why="The 'more efficient' order of the Adam paper (and Keras): the correction folded into lr_t and eps "
            "added to sqrt(v) before the correction. That is eps_hat = eps * sqrt(1 - beta2^t), a different "
            "update for gradients near eps (the course's Adam adds eps after the correction).",
        source="https://arxiv.org/abs/1412.6980 (section 2, last paragraph: alpha_t and epsilon hat); "
               "https://keras.io/api/optimizers/adam/ (epsilon is 'epsilon hat' in the paper)"),
    Mistake(
        tag="update-gradient-scaling", held_out=True, name="adam-v-hat-to-the-1-over-2",
        edits={"optimizers": [(_ADAM_STEP, "            p -= self.lr * m_hat / (v_hat ** 1/2 + self.eps)\n")]},
        why="v_hat ** 1/2 parses as (v_hat ** 1) / 2: the step divides by half of v_hat instead of its square "
            "root.",
        source="https://docs.python.org/3/reference/expressions.html#operator-precedence (** binds tighter than /)"),
    Mistake(
        tag="adam-betas-swapped", held_out=True, name="adam-m-hat-corrected-with-beta2",
        edits={"optimizers": [(_ADAM_MHAT, "            m_hat = self.m[i] / (1 - self.beta2 ** self.t)\n")]},
        why="The v_hat line copied for m_hat without changing beta2 to beta1: the first moment is divided by "
            "1 - 0.999^t (0.001 at t = 1), so the first steps are about 100 times too long.",
        source="https://gptteams.ai/developer/algorithm-understand-adam-optimizer-intuitively (Stack Overflow answer: "
               "from-scratch Adam with the m_hat and v_hat lines written side by side)"),
    Mistake(
        tag="adam-nadam", novel=True, held_out=True, name="adam-with-nesterov-look-ahead",
        edits={"optimizers": [(_ADAM_STEP,
            "            m_bar = self.beta1 * m_hat + (1 - self.beta1) * g / (1 - self.beta1 ** self.t)\n"
            "            p -= self.lr * m_bar / (np.sqrt(v_hat) + self.eps)\n")]},
        why="Nesterov's look-ahead from the previous lesson put into Adam (Dozat's NAdam): the step uses "
            "beta1 * m_hat + (1 - beta1) g_hat instead of m_hat, a different optimizer than the spec's Adam.",
        source="https://docs.pytorch.org/docs/stable/generated/torch.optim.NAdam.html; Dozat (2016)"),
    Mistake(
        tag="adam-adamax", novel=True, held_out=True, name="adam-infinity-norm-second-moment",
        edits={"optimizers": [
            (_ADAM_V, "            self.v[i] = np.maximum(self.beta2 * self.v[i], np.abs(g))\n"),
            (_ADAM_VHAT + _ADAM_STEP, "            p -= self.lr * m_hat / (self.v[i] + self.eps)\n")]},
        why="AdaMax (section 7.1 of the Adam paper): the second moment becomes an exponentially weighted "
            "infinity norm u = max(beta2 u, |g|) with no bias correction, not Adam's average of g^2.",
        source="https://arxiv.org/abs/1412.6980 (section 7.1, AdaMax); "
               "https://docs.pytorch.org/docs/stable/generated/torch.optim.Adamax.html"),
    Mistake(
        tag="adam-lr-decayed-by-sqrt-t", novel=True, held_out=True, name="adam-alpha-over-sqrt-t",
        edits={"optimizers": [(_ADAM_STEP,
            "            p -= self.lr / np.sqrt(self.t) * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
        why="The step size alpha_t = alpha / sqrt(t) of the paper's convergence analysis built into the "
            "update: the course's Adam uses lr as given (a schedule, if any, sets opt.lr), so every step after "
            "the first is too short.",
        source="https://arxiv.org/abs/1412.6980 (section 4, 'alpha_t = alpha / sqrt(t)' in the regret bound)"),
    # ---------------- AdamW ----------------
    Mistake(
        tag="hyperparameters-ignored", held_out=True, name="adamw-weight-decay-set-to-default",
        edits={"optimizers": [("        self.weight_decay = weight_decay\n", "        self.weight_decay = 0.01\n")]},
        why="The default 0.01 stored instead of the weight_decay argument: AdamW(weight_decay=0.5) decays as "
            "little as the default.",
        source="https://docs.pytorch.org/docs/stable/generated/torch.optim.AdamW.html (weight_decay=0.01)"),
    Mistake(
        tag="adamw-decay-ignores-lr-change", also=("lr-change-ignored",), held_out=True,
        name="adamw-decay-factor-from-init",
        edits={"optimizers": [
            ("        self.weight_decay = weight_decay\n",
             "        self.weight_decay = weight_decay\n        self.decay_factor = 1 - lr * weight_decay\n"),
            (_ADAMW_DECAY, "            p *= self.decay_factor\n")]},
        why="PyTorch's p *= 1 - lr * wd, with the factor computed once in __init__: when a schedule changes "
            "opt.lr, the decay keeps the initial rate's strength.",
        source="https://docs.pytorch.org/docs/stable/generated/torch.optim.AdamW.html (algorithm: "
               "theta <- theta - gamma * lambda * theta, with the current gamma)"),
    Mistake(
        tag="not-in-place", held_out=True, name="adamw-decayed-copies-passed-to-adam",
        edits={"optimizers": [("        for p in params:\n" + _ADAMW_DECAY + "        super().update(params, grads)\n",
                               "        params = [p * (1 - self.lr * self.weight_decay) for p in params]\n"
                               "        super().update(params, grads)\n")]},
        why="The decay written as a list comprehension: params is rebound to new arrays, and Adam's in-place "
            "step then updates those copies -- the caller's parameters never move at all.",
        source="https://docs.pytorch.org/docs/stable/generated/torch.optim.AdamW.html (theta <- theta - "
               "gamma lambda theta, translated without in-place updates)"),
]
