"""Held-out round 10, week 2 (optimizers.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "optimizers"

SGD_STEP = ("        for p, g in zip(params, grads):\n"
            "            p -= self.lr * g\n")
MOM_STEP = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n")
MOM_BODY = ("        if self.velocities is None:\n"
            "            self.velocities = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n" + MOM_STEP)
NAG_STEP = "            p -= self.lr * (g + self.momentum * self.velocities[i])\n"
ADAGRAD_ACC = "            self.G[i] = self.G[i] + g ** 2\n"
ADAGRAD_STEP = "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n"
RMS_AVG = "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
RMS_STEP = "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n"
ADAM_INIT = ("            self.m = [np.zeros_like(p) for p in params]\n"
             "            self.v = [np.zeros_like(p) for p in params]\n")
ADAM_T = ("        self.t += 1\n"
          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n")
ADAM_M = "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
ADAM_V = "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
ADAM_HATS = ("            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
             "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n")
ADAM_STEP = "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
ADAMW_DECAY = ("        for p in params:\n"
               "            p -= self.lr * self.weight_decay * p\n")
ADAMW_SUPER = "        super().update(params, grads)\n"

ROUND_10 = [
    # ---- SGD ----------------------------------------------------------------------------------------------
    Mistake(
        tag="not-in-place", name="sgd-rebinds-loop-variable",
        edits={M: [(SGD_STEP, "        for p, g in zip(params, grads):\n"
                              "            p = p - self.lr * g\n")]},
        why="the update written as p = p - lr * g inside the loop: that binds the loop name to a new array and the "
            "arrays in params never change, where the contract's update(params, grads) changes each array of "
            "params in place (p -= lr * g).",
        source="https://ttopper.github.io/CPSC128/06_Functions/18_Using_versus_changing_a_list",
        held_out=True),
    # ---- SGDMomentum --------------------------------------------------------------------------------------
    Mistake(
        tag="momentum-wrong-sign", name="momentum-velocity-minus-gradient-then-subtracted",
        edits={M: [(MOM_STEP, "            self.velocities[i] = self.momentum * self.velocities[i] - g\n"
                              "            p -= self.lr * self.velocities[i]\n")]},
        why="two conventions mixed: the velocity of the 'v = mu v - lr g; p += v' form (minus the gradient) is "
            "then subtracted as in the 'v = mu v + g; p -= lr v' form, so every step goes uphill; the contract "
            "(and both taught forms) move p against the gradient.",
        source="https://cs231n.github.io/neural-networks-3/#sgd (v = mu * v - learning_rate * dx; x += v)",
        held_out=True),
    Mistake(
        tag="state-reset", name="momentum-velocity-zeroed-every-call",
        edits={M: [(MOM_BODY, "        self.velocities = [np.zeros_like(p) for p in params]\n"
                              "        for i, (p, g) in enumerate(zip(params, grads)):\n" + MOM_STEP)]},
        why="the velocities are created at the top of update without the 'first call only' test, so each call "
            "starts from v = 0 and momentum never builds up (plain SGD); the contract keeps per-parameter state "
            "created on the first call.",
        source="https://pytorch.org/docs/stable/_modules/torch/optim/sgd.html (momentum_buffer kept in self.state)",
        held_out=True),
    # ---- Nesterov -----------------------------------------------------------------------------------------
    Mistake(
        tag="nesterov-correction-sign", name="nesterov-g-minus-mu-v",
        edits={M: [(NAG_STEP, "            p -= self.lr * (g - self.momentum * self.velocities[i])\n")]},
        why="the look-ahead term subtracted: p -= lr * (g - mu v) steps against the velocity's correction, where "
            "the contract's Nesterov step is p -= lr * (g + mu * v) (PyTorch's nesterov=True: g + momentum * buf).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (nesterov: g_t <- g_t + mu b_t)",
        held_out=True),
    Mistake(
        tag="nesterov-wrong-look-ahead", name="nesterov-velocity-plus-mu-gradient",
        edits={M: [(NAG_STEP, "            p -= self.lr * (self.velocities[i] + self.momentum * g)\n")]},
        why="the roles of g and v swapped in the look-ahead: p -= lr * (v + mu g) instead of the contract's "
            "p -= lr * (g + mu * v); after the first step the velocity gets full weight and the fresh gradient "
            "only mu.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (nesterov update)",
        held_out=True),
    # ---- AdaGrad ------------------------------------------------------------------------------------------
    Mistake(
        tag="adagrad-not-squared", name="adagrad-accumulates-absolute-gradient",
        edits={M: [(ADAGRAD_ACC, "            self.G[i] = self.G[i] + np.abs(g)  # accumulated gradient size\n")]},
        why="the accumulator sums |g| instead of g**2 (the 'size of the gradient' read too loosely), so the "
            "denominator sqrt(sum |g|) has the wrong units and the step is not the contract's "
            "lr * g / (sqrt(G) + eps) with G += g**2.",
        source="Duchi, Hazan & Singer (2011), Adaptive Subgradient Methods, JMLR 12 (G_t = sum g g^T, diagonal)",
        held_out=True),
    Mistake(
        tag="adagrad-no-accumulation", name="adagrad-root-of-current-square",
        edits={M: [(ADAGRAD_STEP, "            p -= self.lr * g / (np.sqrt(g ** 2) + self.eps)\n")]},
        why="the denominator is written with this step's g**2 instead of the accumulated G: the update is "
            "lr * sign(g), the history is never used; the contract divides by sqrt(G) + eps with G the running "
            "sum of squared gradients.",
        source="lesson 'Week 3: Gradient-Based Optimization for Deep Learning' § 3.4 AdaGrad (g_{t+1} = g_t + (grad L)^2)",
        held_out=True),
    Mistake(
        tag="lr-change-ignored", name="adagrad-lr-captured-on-first-call",
        edits={M: [("            self.G = [np.zeros_like(p) for p in params]\n",
                    "            self.G = [np.zeros_like(p) for p in params]\n"
                    "            self.base_lr = self.lr\n"),
                   (ADAGRAD_STEP, "            p -= self.base_lr * g / (np.sqrt(self.G[i]) + self.eps)\n")]},
        why="the rate is copied into base_lr on the first call and the steps use the copy, so a schedule that "
            "sets optimizer.lr between steps has no effect; the contract's lr is a public, settable attribute "
            "that schedules change between steps.",
        source="https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate (schedulers write param_group['lr'])",
        held_out=True),
    # ---- RMSprop ------------------------------------------------------------------------------------------
    Mistake(
        tag="rmsprop-uses-old-average", name="rmsprop-denominator-before-average",
        edits={M: [(RMS_AVG + RMS_STEP, "            denom = np.sqrt(self.s[i]) + self.eps\n"
                                        "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
                                        "            p -= self.lr * g / denom\n")]},
        why="the denominator computed from the average before this step's g**2 is added: the first step divides by "
            "eps (a huge step) and later steps lag one gradient behind; the contract updates s first, then "
            "p -= lr * g / (sqrt(s) + eps).",
        source="https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf (rmsprop: MeanSquare(w, t), "
               "then divide by its square root)",
        also=("rmsprop-stale-average",), held_out=True),
    Mistake(
        tag="hyperparameters-ignored", name="rmsprop-rho-0.9-typed-in",
        edits={M: [(RMS_AVG, "            self.s[i] = 0.9 * self.s[i] + 0.1 * g ** 2  # rho = 0.9\n")]},
        why="the lecture's rho = 0.9 typed into the average instead of self.decay: any other decay given to the "
            "constructor is ignored; the contract's average is s = decay * s + (1 - decay) * g**2 with the "
            "instance's decay.",
        source="Hinton, Neural Networks for Machine Learning, lecture 6e (MeanSquare = 0.9 MeanSquare + 0.1 g^2)",
        held_out=True),
    Mistake(
        tag="state-one-scalar-per-parameter", name="rmsprop-mean-of-squares-per-array",
        edits={M: [(RMS_AVG, "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * np.mean(g ** 2)\n")]},
        why="the squared gradient averaged over the whole array before it enters the running average: one rate per "
            "weight matrix instead of one per weight, where the contract's s, and the division, are elementwise.",
        source="https://keras.io/api/optimizers/rmsprop/ (per-variable, elementwise accumulators)",
        held_out=True),
    # ---- Adam ---------------------------------------------------------------------------------------------
    Mistake(
        tag="adam-t-from-zero", name="adam-t-incremented-after-the-loop",
        edits={M: [(ADAM_T, "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                            "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"),
                   (ADAM_STEP, ADAM_STEP + "        self.t += 1  # count the step once it is done\n")]},
        why="the step counter is advanced after the parameters are updated: the first call uses t = 0, so "
            "1 - beta**0 = 0 and the bias correction divides by zero; the contract's t starts at 1 on the first "
            "call.",
        source="Kingma & Ba (2015), Adam, Algorithm 1 (t <- t + 1 before the moments)",
        also=("division-by-zero",), held_out=True),
    Mistake(
        tag="adam-v-not-squared", name="adam-second-moment-of-raw-gradient",
        edits={M: [(ADAM_V, "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g\n")]},
        why="the ** 2 dropped from the second moment: v averages g itself, which can be negative (sqrt gives nan) "
            "and is not the uncentred variance; the contract's v = b2*v + (1-b2)*g**2.",
        source="Kingma & Ba (2015), Adam, Algorithm 1 (v_t <- beta2 v_{t-1} + (1 - beta2) g_t^2)",
        also=("root-of-negative",), held_out=True),
    Mistake(
        tag="adam-moment-weights", name="adam-m-weights-swapped",
        edits={M: [(ADAM_M, "            self.m[i] = (1 - self.beta1) * self.m[i] + self.beta1 * g\n")]},
        why="the two weights of the first moment's average swapped: m keeps only 10 % of its past and takes 90 % "
            "of the new gradient, where the contract's m = b1*m + (1-b1)*g.",
        source="https://d2l.ai/chapter_optimization/adam.html (v_t <- beta1 v_{t-1} + (1 - beta1) g_t)",
        held_out=True),
    Mistake(
        tag="bias-correction", name="adam-root-of-v-over-correction",
        edits={M: [(ADAM_HATS + ADAM_STEP,
                    "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                    "            denom = np.sqrt(self.v[i]) / (1 - self.beta2 ** self.t) + self.eps\n"
                    "            p -= self.lr * m_hat / denom\n")]},
        why="the second moment's correction applied after the square root, sqrt(v) / (1 - b2**t): the denominator "
            "should be sqrt(v / (1 - b2**t)) = sqrt(v) / sqrt(1 - b2**t), so early steps are far too small "
            "(factor sqrt(1 - b2**t), about 0.03 at t = 1); the contract's step is lr * m_hat / (sqrt(v_hat) + eps) "
            "with v_hat = v / (1 - b2**t).",
        source="Kingma & Ba (2015), Adam, Algorithm 1 and §2 (alpha_t = alpha sqrt(1 - beta2^t) / (1 - beta1^t))",
        held_out=True),
    Mistake(
        tag="adam-bias-correction-no-power", name="adam-correction-one-minus-beta",
        edits={M: [(ADAM_HATS, "            m_hat = self.m[i] / (1 - self.beta1)\n"
                               "            v_hat = self.v[i] / (1 - self.beta2)\n")]},
        why="the bias correction without the power t: dividing by 1 - beta is right only at t = 1, after that m_hat "
            "and v_hat are 10x and 1000x too large; the contract corrects by 1 - beta**t.",
        source="Kingma & Ba (2015), Adam, §3 (bias correction 1 - beta^t)",
        held_out=True),
    Mistake(
        tag="adam-step-without-first-moment", name="adam-step-uses-raw-gradient",
        edits={M: [(ADAM_STEP, "            p -= self.lr * g / (np.sqrt(v_hat) + self.eps)\n")]},
        why="the numerator written with the gradient g instead of m_hat: the first moment is computed and then not "
            "used, which makes the step RMSprop-like with no momentum; the contract's step is "
            "lr * m_hat / (sqrt(v_hat) + eps).",
        source="Kingma & Ba (2015), Adam, Algorithm 1 (theta <- theta - alpha m_hat / (sqrt(v_hat) + eps))",
        novel=True, held_out=True),
    # ---- AdamW --------------------------------------------------------------------------------------------
    Mistake(
        tag="adamw-decay-of-gradient", name="adamw-decay-times-gradient",
        edits={M: [(ADAMW_DECAY, "        for p, g in zip(params, grads):\n"
                                 "            p -= self.lr * self.weight_decay * g\n")]},
        why="the decay term written with the gradient instead of the weights (lr * wd * g): that is a tiny extra "
            "SGD step, not weight decay; the contract's AdamW first does p -= lr * weight_decay * p.",
        source="Loshchilov & Hutter (2019), Decoupled Weight Decay Regularization, Algorithm 2 (theta <- theta - "
               "eta lambda theta)",
        held_out=True),
    Mistake(
        tag="adamw-decay-wrong-sign", name="adamw-times-one-plus-lr-wd",
        edits={M: [(ADAMW_DECAY, "        for p in params:\n"
                                 "            p *= 1 + self.lr * self.weight_decay  # decoupled decay: rescale the weights\n")]},
        why="the decoupled decay written as a multiplication with the sign flipped, p *= 1 + lr * wd: every step "
            "grows the weights instead of shrinking them; the contract's AdamW first does p -= lr * weight_decay * p.",
        source="Loshchilov & Hutter (2019), Decoupled Weight Decay Regularization, Algorithm 2 line 12",
        novel=True, held_out=True),
    Mistake(
        tag="state-reset", name="adamw-fresh-adam-each-call",
        edits={M: [(ADAMW_SUPER, "        Adam(self.lr, self.beta1, self.beta2, self.eps).update(params, grads)\n")]},
        why="the Adam step is made by a new Adam object on every call, so its moments and t start from zero each "
            "step (every step is a first, bias-corrected step of size about lr); the contract keeps the state "
            "from the first call on.",
        source="https://docs.python.org/3/library/functions.html#super (calling the parent's method on self keeps "
               "the state)",
        held_out=True),
]
