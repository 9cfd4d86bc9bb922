"""Held-out round 4, week 2: mistakes written as student code from public sources, before grading.

Each case edits the reference ``optimizers.py``; ``tag`` is what a reader would call the mistake,
``novel=True`` marks a kind that no tag of the training catalogue describes.
"""
from autograder.catalogue import Mistake

M = "optimizers"

# the reference's loop bodies, quoted once so each case names only what it changes
_MOMENTUM = ("        if self.velocities is None:\n"
             "            self.velocities = [np.zeros_like(p) for p in params]\n"
             "        for i, (p, g) in enumerate(zip(params, grads)):\n"
             "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
             "            p -= self.lr * self.velocities[i]\n")
_NESTEROV = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
             "            p -= self.lr * (g + self.momentum * self.velocities[i])\n")
_ADAGRAD = ("            self.G[i] = self.G[i] + g ** 2\n"
            "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n")
_RMSPROP = ("            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
            "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")
_ADAM_HAT = ("            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
             "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
             "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")

ROUND_4 = [
    # --- SGD --------------------------------------------------------------------------------
    Mistake(
        tag="modifies-grads", name="sgd-zeroes-grads-after-step", held_out=True,
        edits={M: [(
            "        for p, g in zip(params, grads):\n"
            "            p -= self.lr * g\n",
            "        for p, g in zip(params, grads):\n"
            "            p -= self.lr * g\n"
            "            g[...] = 0.0   # zero_grad, as in PyTorch\n")]},
        why="PyTorch's optimizer.zero_grad() habit carried into update(): the caller's gradient arrays "
            "are wiped, which the spec forbids (grads are not modified).",
        source="https://thecodeforge.io/ml-ai/pytorch-training-loop/ (zero_grad in every training step)"),
    Mistake(
        tag="sgd-hidden-weight-decay", name="sgd-torch-weight-decay-5e-4", held_out=True, novel=True,
        edits={M: [(
            "        for p, g in zip(params, grads):\n"
            "            p -= self.lr * g\n",
            "        for p, g in zip(params, grads):\n"
            "            p -= self.lr * (g + 5e-4 * p)   # the usual weight_decay=5e-4\n")]},
        why="the weight_decay of the usual PyTorch recipe (optim.SGD(..., weight_decay=5e-4)) built into "
            "plain SGD: the spec's SGD has no decay, so every step also shrinks p.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (weight_decay adds wd * p to g)"),
    # --- SGDMomentum ------------------------------------------------------------------------
    Mistake(
        tag="shared-state", name="momentum-list-times-n", held_out=True,
        edits={M: [(_MOMENTUM,
            "        if self.velocities is None:\n"
            "            self.velocities = [np.zeros_like(params[0])] * len(params)\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.velocities[i] *= self.momentum\n"
            "            self.velocities[i] += g\n"
            "            p -= self.lr * self.velocities[i]\n")]},
        why="[array] * n repeats one array object n times; the in-place updates then add every "
            "parameter's gradient into one shared velocity (and fail for other shapes).",
        source="https://docs.python.org/3/faq/programming.html#how-do-i-create-a-multidimensional-list"),
    Mistake(
        tag="momentum-stale-velocity", name="momentum-step-before-velocity", held_out=True, novel=True,
        edits={M: [(
            "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n",
            "            p -= self.lr * self.velocities[i]\n"
            "            self.velocities[i] = self.momentum * self.velocities[i] + g\n")]},
        why="the two lines in the wrong order: each step uses the previous velocity, so the first update "
            "does not move at all and every later one lags a gradient behind.",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive', Momentum 'Implementation' (update velocities, "
               "then weights)"),
    Mistake(
        tag="momentum-ema", name="momentum-torch-dampening", held_out=True,
        edits={M: [(
            "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n",
            "            dampening = self.momentum\n"
            "            self.velocities[i] = self.momentum * self.velocities[i] + (1 - dampening) * g\n"
            "            p -= self.lr * self.velocities[i]\n")]},
        why="PyTorch's dampening argument set equal to momentum: the velocity becomes an average "
            "(10x smaller for mu = 0.9) instead of the spec's sum of gradients.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (b_t = mu b_{t-1} + (1 - dampening) g_t)"),
    # --- Nesterov ---------------------------------------------------------------------------
    Mistake(
        tag="nesterov-stale-velocity", name="nesterov-old-velocity-in-step", held_out=True, novel=True,
        edits={M: [(_NESTEROV,
            "            v_old = self.velocities[i]\n"
            "            self.velocities[i] = self.momentum * v_old + g\n"
            "            p -= self.lr * (g + self.momentum * v_old)\n")]},
        why="the look-ahead term uses b_{t-1} instead of the new b_t: the first step is lr * g instead of "
            "lr * (1 + mu) g, and every later step lags one gradient behind.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (nesterov: g_t + mu b_t, with the "
               "updated b_t)"),
    # --- AdaGrad ----------------------------------------------------------------------------
    Mistake(
        tag="adagrad-no-square-root", name="adagrad-divides-by-G", held_out=True, novel=True,
        edits={M: [(_ADAGRAD,
            "            self.G[i] = self.G[i] + g ** 2\n"
            "            p -= self.lr * g / (self.G[i] + self.eps)\n")]},
        why="the square root forgotten: the step is lr * g / sum(g**2), about lr / |g| on the first "
            "step -- it grows for small gradients instead of being about lr.",
        source="lesson 'Week 3: Gradient-Based Optimization', §3.4 AdaGrad (alpha / sqrt(g_{t+1} + eps))"),
    Mistake(
        tag="adagrad-initial-accumulator", name="adagrad-keras-initial-accumulator", held_out=True, novel=True,
        edits={M: [(
            "        if self.G is None:\n"
            "            self.G = [np.zeros_like(p) for p in params]\n",
            "        if self.G is None:\n"
            "            self.G = [np.full_like(p, 0.1) for p in params]   # initial_accumulator_value\n")]},
        why="Keras' initial_accumulator_value=0.1 copied into the course's AdaGrad, whose G starts at 0: "
            "early steps are much shorter for small gradients.",
        source="https://keras.io/api/optimizers/adagrad/ (initial_accumulator_value=0.1)"),
    Mistake(
        tag="adagrad-stale-accumulator", name="adagrad-step-before-accumulate", held_out=True, novel=True,
        edits={M: [(_ADAGRAD,
            "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n"
            "            self.G[i] = self.G[i] + g ** 2\n")]},
        why="the step divides by the accumulator before this gradient is added: G is 0 on the first call, "
            "so the first step is lr * g / eps -- an enormous jump.",
        source="https://jmlr.org/papers/v12/duchi11a.html (G_t includes g_t before the step)"),
    # --- RMSprop ----------------------------------------------------------------------------
    Mistake(
        tag="rmsprop-centered", name="rmsprop-torch-centered", held_out=True, novel=True,
        edits={M: [(
            "        if self.s is None:\n"
            "            self.s = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            + _RMSPROP,
            "        if self.s is None:\n"
            "            self.s = [np.zeros_like(p) for p in params]\n"
            "            self.g_avg = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
            "            self.g_avg[i] = self.decay * self.g_avg[i] + (1 - self.decay) * g\n"
            "            p -= self.lr * g / (np.sqrt(self.s[i] - self.g_avg[i] ** 2) + self.eps)\n")]},
        why="PyTorch's centered=True variant (divides by an estimate of the variance, not of the second "
            "moment): larger steps than the spec's RMSprop.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html (centered)"),
    Mistake(
        tag="rmsprop-eps-misplaced", also=("adam-eps-misplaced",), name="rmsprop-eps-added-to-step",
        held_out=True,
        edits={M: [(_RMSPROP,
            "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
            "            p -= self.lr * g / np.sqrt(self.s[i]) + self.eps\n")]},
        why="parentheses lost: eps is added to the step instead of to the denominator (and 0/0 = nan "
            "where a gradient is 0).",
        source="lesson 'Week 4 Day 3', RMSprop: W = W - learning_rate * gradient / (np.sqrt(cache) + epsilon)"),
    Mistake(
        tag="rmsprop-pytorch-default-decay", name="rmsprop-alpha-0.99-default", held_out=True, novel=True,
        edits={M: [(
            "    def __init__(self, lr=0.01, decay=0.9, eps=1e-8):\n",
            "    def __init__(self, lr=0.01, decay=0.99, eps=1e-8):\n")]},
        why="PyTorch's default alpha=0.99 as the default decay: RMSprop() without arguments averages over "
            "about 100 steps instead of the course's 10 (and the first step is 10 lr, not 3.16 lr).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html (alpha=0.99)"),
    # --- Adam -------------------------------------------------------------------------------
    Mistake(
        tag="adam-bias-correction-wrong-power", name="adam-one-minus-beta-to-the-t", held_out=True, novel=True,
        edits={M: [(_ADAM_HAT,
            "            m_hat = self.m[i] / (1 - self.beta1) ** self.t\n"
            "            v_hat = self.v[i] / (1 - self.beta2) ** self.t\n"
            "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
        why="precedence: (1 - beta)**t instead of 1 - beta**t; the 'correction' grows without bound "
            "(0.1**t and 0.001**t), so the steps blow up after a few calls.",
        source="https://arxiv.org/abs/1412.6980 Algorithm 1 (m_hat = m_t / (1 - beta1^t))"),
    Mistake(
        tag="adam-epsilon-hat", name="adam-paper-efficient-form", held_out=True, novel=True,
        edits={M: [(_ADAM_HAT,
            "            lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)\n"
            "            p -= lr_t * self.m[i] / (np.sqrt(self.v[i]) + self.eps)\n")]},
        why="the paper's 'more efficient' order (and Keras'): eps is added to sqrt(v) before the bias "
            "correction, i.e. eps / sqrt(1 - beta2**t) in the spec's form -- 32x eps at t = 1; different "
            "steps for gradients near eps.",
        source="https://arxiv.org/abs/1412.6980 §2 (alpha_t = alpha sqrt(1 - beta2^t) / (1 - beta1^t), eps hat); "
               "https://keras.io/api/optimizers/adam/"),
    Mistake(
        tag="adam-t-stuck", name="adam-t-incremented-in-init-branch", held_out=True,
        edits={M: [(
            "            self.v = [np.zeros_like(p) for p in params]\n"
            "        self.t += 1\n",
            "            self.v = [np.zeros_like(p) for p in params]\n"
            "            self.t += 1\n")]},
        why="one indentation level too deep: t is incremented only when the state is created, so it stays 1 "
            "and every step gets the first step's bias correction.",
        source="lesson 'Week 3: Gradient-Based Optimization', Code Implementation (class Adam: self.t += 1 "
               "after the state is created)"),
    Mistake(
        tag="adam-amsgrad", name="adam-torch-amsgrad", held_out=True, novel=True,
        edits={M: [(
            "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n",
            "            self.v[i] = np.maximum(self.v[i], self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2)\n")]},
        why="AMSGrad's running maximum of the second moment (PyTorch amsgrad=True) instead of Adam's "
            "average: once a gradient was large, v never falls back.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.Adam.html (amsgrad)"),
    # --- AdamW ------------------------------------------------------------------------------
    Mistake(
        tag="not-in-place", name="adamw-decay-rebinds", held_out=True,
        edits={M: [(
            "        for p in params:\n"
            "            p -= self.lr * self.weight_decay * p\n",
            "        for p in params:\n"
            "            p = p * (1 - self.lr * self.weight_decay)\n")]},
        why="the decay rebinds the loop variable: the caller's arrays are never decayed and AdamW "
            "behaves exactly like Adam.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html (theta_t <- theta_{t-1} - "
               "gamma lambda theta_{t-1}, written by students as p = p * (1 - lr * wd))"),
    Mistake(
        tag="adamw-decay-without-lr", name="adamw-times-one-minus-wd", held_out=True,
        edits={M: [(
            "        for p in params:\n"
            "            p -= self.lr * self.weight_decay * p\n",
            "        for p in params:\n"
            "            p *= 1 - self.weight_decay\n")]},
        why="the paper's decay with its schedule multiplier read as 1: weights shrink by wd per step, not "
            "lr * wd (100x too much decay at lr = 0.01).",
        source="https://arxiv.org/abs/1711.05101 Algorithm 2 (theta_t = theta_{t-1} - eta_t lambda theta_{t-1})"),
]
