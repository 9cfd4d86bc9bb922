"""Held-out round 6, week 2 (optimizers.py): student code written from public sources, before grading."""
from autograder.catalogue import Mistake

M = "optimizers"

_MOMENTUM_BODY = ("            self.velocities = [np.zeros_like(p) for p in params]\n"
                  "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                  "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                  "            p -= self.lr * self.velocities[i]\n")
_NESTEROV_STEP = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                  "            p -= self.lr * (g + self.momentum * self.velocities[i])\n")
_ADAM_STEP = ("            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
              "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
              "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")

ROUND_6 = [
    # --- SGD -------------------------------------------------------------------------------------------
    Mistake(
        tag="sgd-built-in-clipping", name="sgd-clips-each-gradient-to-one", novel=True, held_out=True,
        edits={M: [("        for p, g in zip(params, grads):\n            p -= self.lr * g\n",
                    "        for p, g in zip(params, grads):\n"
                    "            p -= self.lr * np.clip(g, -1.0, 1.0)   # guard against exploding gradients\n")]},
        why="Gradient clipping (week 4's job, done by the training loop when asked) built into the optimizer 'for "
            "safety': every gradient entry above 1 in size takes a shorter step, so SGD is no longer p -= lr * g.",
        source="lesson 'Optimization', section 'Gradient Clipping / By Value' (np.clip(gradient, -max_val, max_val)) "
               "pasted into the optimizer"),
    # --- SGDMomentum -----------------------------------------------------------------------------------
    Mistake(
        tag="momentum-first-gradient-twice", name="momentum-torch-buffer-init-then-update", novel=True, held_out=True,
        edits={M: [(_MOMENTUM_BODY,
                    "            self.velocities = [g.copy() for g in grads]   # PyTorch: buf = clone(grad) on the first step\n"
                    "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                    "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                    "            p -= self.lr * self.velocities[i]\n")]},
        why="PyTorch sets the momentum buffer to the gradient on the first step INSTEAD of the update rule; the "
            "student copies the initialisation and still applies the rule, so the first velocity is (1 + mu) g "
            "and every later one carries that extra mu^t g.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (algorithm: if t > 1: b_t = mu b_{t-1} "
               "+ (1 - tau) g_t, else b_t = g_t)"),
    Mistake(
        tag="shared-state", name="momentum-dict-fromkeys-one-array", held_out=True,
        edits={M: [(_MOMENTUM_BODY,
                    "            self.velocities = dict.fromkeys(range(len(params)), np.zeros_like(params[0]))\n"
                    "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                    "            self.velocities[i] *= self.momentum\n"
                    "            self.velocities[i] += g\n"
                    "            p -= self.lr * self.velocities[i]\n")]},
        why="dict.fromkeys gives every key the SAME value object: all parameters share one velocity array, updated "
            "in place by each of them (and parameters of other shapes do not fit it).",
        source="https://docs.python.org/3/library/stdtypes.html#dict.fromkeys ('All of the values refer to just a "
               "single instance')"),
    # --- Nesterov --------------------------------------------------------------------------------------
    Mistake(
        tag="nesterov-correction-sign", name="nesterov-cs231n-form-plus-mu-v-prev", novel=True, held_out=True,
        edits={M: [(_NESTEROV_STEP,
                    "            v_prev = self.velocities[i].copy()\n"
                    "            self.velocities[i] = self.momentum * self.velocities[i] - self.lr * g\n"
                    "            p += self.momentum * v_prev + (1 + self.momentum) * self.velocities[i]\n")]},
        why="cs231n's Nesterov update is x += -mu * v_prev + (1 + mu) * v; the minus of the correction term is "
            "lost, so the look-ahead adds momentum twice instead of correcting it: from the second step on the "
            "steps are too long (2 mu v_prev too much).",
        source="https://cs231n.github.io/neural-networks-3/#sgd (Nesterov momentum: v_prev = v; v = mu * v - "
               "learning_rate * dx; x += -mu * v_prev + (1 + mu) * v)"),
    Mistake(
        tag="nesterov-as-momentum", name="nesterov-look-ahead-computed-not-used", held_out=True,
        edits={M: [(_NESTEROV_STEP,
                    "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                    "            look_ahead = p - self.lr * self.momentum * self.velocities[i]   # where momentum carries p\n"
                    "            p -= self.lr * self.velocities[i]\n")]},
        why="The student computes the look-ahead point from the lesson's formula but cannot evaluate a gradient "
            "there, and steps with the velocity alone: heavy-ball momentum under Nesterov's name.",
        source="lesson 'Optimization', section 'Nesterov Momentum' (v_t = beta v_{t-1} + grad L(theta_t - beta v_{t-1}))"),
    # --- AdaGrad ---------------------------------------------------------------------------------------
    Mistake(
        tag="adagrad-no-accumulation", name="adagrad-sum-in-a-local", also=("state-reset",), held_out=True,
        edits={M: [("            self.G[i] = self.G[i] + g ** 2\n"
                    "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n",
                    "            G = self.G[i] + g ** 2\n"
                    "            p -= self.lr * g / (np.sqrt(G) + self.eps)\n")]},
        why="The new sum goes into a local name and is never stored: G stays 0, so every step divides by |g| "
            "alone (a sign step of size lr) -- no accumulation, no decaying rate.",
        source="https://d2l.ai/chapter_optimization/adagrad.html (from-scratch adagrad: s[:] += ... in place; "
               "rewritten with a local)"),
    Mistake(
        tag="adagrad-one-rate-per-array", name="adagrad-dot-product-accumulator", held_out=True,
        edits={M: [("            self.G[i] = self.G[i] + g ** 2\n",
                    "            self.G[i] = self.G[i] + np.dot(g.ravel(), g.ravel())\n")]},
        why="g . g is the squared norm of the whole array: every entry shares one accumulated value (AdaGrad-Norm), "
            "so rare, small-gradient coordinates no longer get a larger rate.",
        source="https://jmlr.org/papers/v12/duchi11a.html (diagonal AdaGrad: G_t = sum of g g^T, only the diagonal "
               "is used; the dot product keeps the trace)"),
    # --- RMSprop ---------------------------------------------------------------------------------------
    Mistake(
        tag="rmsprop-not-squared", name="rmsprop-average-of-abs", held_out=True,
        edits={M: [("            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n",
                    "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * np.abs(g)\n")]},
        why="'Divide by the running magnitude of the gradient' read as the mean of |g|: the denominator is "
            "sqrt(mean |g|) instead of the root mean square, so the step depends on the gradient's scale.",
        source="http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf (lecture 6e: 'divide the "
               "gradient by a running average of its recent magnitude')"),
    Mistake(
        tag="rmsprop-stale-average", name="rmsprop-step-before-average", held_out=True,
        edits={M: [("            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
                    "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n",
                    "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n"
                    "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n")]},
        why="The two lines swapped: the step divides by the average before this gradient is in it -- s = 0 on the "
            "first call, so the first step is lr * g / eps (the kind of AdaGrad's stale accumulator, in RMSprop).",
        source="lesson 'Optimization Deep Dive', section 'RMSprop' (the two lines, typed in the other order)"),
    Mistake(
        tag="rmsprop-initial-ones", name="rmsprop-tf1-accumulator-ones", novel=True, held_out=True,
        edits={M: [("            self.s = [np.zeros_like(p) for p in params]\n",
                    "            self.s = [np.ones_like(p) for p in params]\n")]},
        why="TensorFlow 1's RMSPropOptimizer (and some ports of it) starts the mean square at 1, not 0: early "
            "steps are about lr * g instead of lr * g / sqrt((1 - decay) g**2), so for small gradients RMSprop "
            "starts as plain SGD.",
        source="https://github.com/google-deepmind/optax/issues/49 ('TF1 RMSProp ... initializes RMS value to ones'); "
               "https://github.com/torch/optim/pull/117"),
    # --- Adam ------------------------------------------------------------------------------------------
    Mistake(
        tag="hyperparameters-ignored", name="adam-lesson-betas-typed-in", held_out=True,
        edits={M: [("            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                    "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n",
                    "            self.m[i] = 0.9 * self.m[i] + 0.1 * g\n"
                    "            self.v[i] = 0.999 * self.v[i] + 0.001 * g ** 2\n")]},
        why="The lesson's standard values typed into the moment updates while the bias correction uses self.beta1 "
            "and self.beta2: Adam(beta1=0.8) still averages with 0.9, and the correction no longer matches the "
            "averages.",
        source="lesson 'Optimization Deep Dive', section 'Adam' ('Standard values: beta1=0.9, beta2=0.999')"),
    Mistake(
        tag="adam-eps-before-correction", name="adam-keras-epsilon-hat", novel=True, held_out=True,
        edits={M: [(_ADAM_STEP,
                    "            lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)\n"
                    "            p -= lr_t * self.m[i] / (np.sqrt(self.v[i]) + self.eps)\n")]},
        why="The paper's 'more efficient' ordering (Keras, TF): the correction folded into the step size and eps "
            "added to the UNcorrected sqrt(v). It equals the spec's Adam with eps / sqrt(1 - beta2**t) -- 32 eps "
            "at t = 1 -- so steps for gradients near eps are much shorter.",
        source="https://arxiv.org/abs/1412.6980 (Algorithm 1 and the note at the end of section 2 on epsilon-hat); "
               "https://keras.io/api/optimizers/adam/"),
    Mistake(
        tag="adam-moments-aliased", name="adam-m-and-v-one-list", novel=True, held_out=True,
        edits={M: [("            self.m = [np.zeros_like(p) for p in params]\n"
                    "            self.v = [np.zeros_like(p) for p in params]\n",
                    "            self.m = self.v = [np.zeros_like(p) for p in params]\n")]},
        why="Chained assignment binds m and v to the same list: writing v[i] overwrites m[i], so the 'first moment' "
            "is the second moment's running value, and v is averaged from it instead of from its own past.",
        source="https://docs.python.org/3/reference/simple_stmts.html#assignment-statements (a = b = [...] binds "
               "both names to one object)"),
    Mistake(
        tag="not-in-place", name="adam-step-rebinds-p", held_out=True,
        edits={M: [("            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n",
                    "            p = p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
        why="The lesson's W = W - ... rebinds the loop variable: the moments are updated but the caller's "
            "parameters never move.",
        source="lesson 'Optimization Deep Dive', section 'Adam' (W = W - learning_rate * m_corrected / ...)"),
    Mistake(
        tag="state-reset", name="adam-moments-zeroed-every-call", held_out=True,
        edits={M: [("        if self.m is None:\n"
                    "            self.m = [np.zeros_like(p) for p in params]\n"
                    "            self.v = [np.zeros_like(p) for p in params]\n",
                    "        self.m = [np.zeros_like(p) for p in params]\n"
                    "        self.v = [np.zeros_like(p) for p in params]\n")]},
        why="The moments are created at every call while t keeps counting: each step sees only its own gradient, "
            "shrunk by a correction meant for t steps of history.",
        source="https://d2l.ai/chapter_optimization/adam.html (states initialised once by init_adam_states, outside "
               "the step)"),
    # --- AdamW -----------------------------------------------------------------------------------------
    Mistake(
        tag="adamw-keras-default-wd", name="adamw-default-decay-0.004", also=("optimizer-library-option",),
        held_out=True,
        edits={M: [("    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):\n",
                    "    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.004):\n")]},
        why="Keras' AdamW default weight_decay=0.004 instead of the course's (PyTorch's) 0.01: AdamW() without "
            "arguments decays 2.5 times too little.",
        source="https://keras.io/api/optimizers/adamw/ (weight_decay=0.004)"),
    Mistake(
        tag="adamw-skips-biases", name="adamw-decay-only-matrices", novel=True, held_out=True,
        edits={M: [("        for p in params:\n            p -= self.lr * self.weight_decay * p\n",
                    "        for p in params:\n"
                    "            if p.ndim >= 2:          # no weight decay for biases\n"
                    "                p -= self.lr * self.weight_decay * p\n")]},
        why="The usual training recipe (no decay for biases and norms, as in minGPT and Hugging Face's no_decay "
            "list) built into the optimizer: the spec's AdamW decays every parameter it is given.",
        source="https://github.com/karpathy/minGPT/blob/master/mingpt/model.py (configure_optimizers: biases go "
               "to the group with weight_decay 0.0)"),
]
