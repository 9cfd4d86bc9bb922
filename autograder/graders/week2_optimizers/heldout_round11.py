"""Held-out round 11, week 2 (optimizers.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "optimizers"

SGD_STEP = ("        for p, g in zip(params, grads):\n"
            "            p -= self.lr * g\n")
MOM_LOOP = ("        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n")
MOM_STEP = "            p -= self.lr * self.velocities[i]\n"
NAG_STEP = "            p -= self.lr * (g + self.momentum * self.velocities[i])\n"
NAG_LOOP = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n" + NAG_STEP)
ADAGRAD_INIT = "            self.G = [np.zeros_like(p) for p in params]\n"
ADAGRAD_ACC = "            self.G[i] = self.G[i] + g ** 2\n"
ADAGRAD_BODY = ADAGRAD_ACC + "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n"
RMS_AVG = "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
ADAM_INIT = ("            self.m = [np.zeros_like(p) for p in params]\n"
             "            self.v = [np.zeros_like(p) for p in params]\n")
ADAM_T = "        self.t += 1\n"
ADAM_STEP = "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
ADAM_HATS = ("            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
             "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n")
ADAM_VHAT = "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
ADAMW_BODY = ("        for p in params:\n"
              "            p -= self.lr * self.weight_decay * p\n"
              "        super().update(params, grads)\n")
ADAMW_DECAY = "            p -= self.lr * self.weight_decay * p\n"

ROUND_11 = [
    # ---- SGD ----------------------------------------------------------------------------------------------
    Mistake(
        tag="not-in-place", name="sgd-rebinds-list-entries",
        edits={M: [(SGD_STEP, "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                              "            params[i] = p - self.lr * g\n")]},
        why="the student writes the new arrays back into the list: the list now holds new arrays, but the "
            "network's own arrays (the ones the caller holds) are never changed; the contract's update changes "
            "each array of params in place.",
        source="https://numpy.org/doc/stable/reference/ufuncs.html#output-arguments (a = a - b makes a new array)",
        held_out=True),
    Mistake(
        tag="sgd-sign-of-gradient", name="sgd-steps-by-gradient-sign", novel=True,
        edits={M: [(SGD_STEP, "        for p, g in zip(params, grads):\n"
                              "            p -= self.lr * np.sign(g)  # robust to the gradient's scale\n")]},
        why="the student steps by the sign of the gradient (signSGD, read about as 'robust'), so every coordinate "
            "moves by exactly lr; the contract's SGD step is p -= lr * g.",
        source="Bernstein et al. (2018), signSGD: Compressed Optimisation for Non-Convex Problems, "
               "https://arxiv.org/abs/1802.04434",
        held_out=True),
    # ---- SGDMomentum --------------------------------------------------------------------------------------
    Mistake(
        tag="momentum-ema", name="momentum-ema-gradient-term-first",
        edits={M: [(MOM_LOOP, "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                              "            self.velocities[i] = (1 - self.momentum) * g + self.momentum * self.velocities[i]\n"
                              "            p -= self.lr * self.velocities[i]\n")]},
        why="the velocity is an exponential moving average (Andrew Ng's v = beta v + (1 - beta) dW), which scales "
            "the step by (1 - momentum); the contract's velocity is v = momentum * v + g.",
        source="https://www.coursera.org/learn/deep-neural-network (Gradient descent with momentum, v = beta v + "
               "(1-beta) dW)",
        held_out=True),
    Mistake(
        tag="momentum-wrong-sign", name="momentum-plus-equals-with-plus-velocity",
        edits={M: [(MOM_LOOP, "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                              "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                              "            p += self.lr * self.velocities[i]\n")]},
        why="the student mixes the two taught forms: the velocity accumulates +g (form 1) but is added as in "
            "CS231n's x += v (form 2), so the parameters climb the gradient; the accepted forms are v = μv + g; "
            "p -= lr·v or v = μv − lr·g; p += v.",
        source="https://cs231n.github.io/neural-networks-3/#sgd (v = mu * v - learning_rate * dx; x += v)",
        held_out=True),
    Mistake(
        tag="momentum-lr-twice", name="momentum-gradient-prescaled-by-lr",
        edits={M: [(MOM_LOOP, "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                              "            g = self.lr * g\n"
                              "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                              "            p -= self.lr * self.velocities[i]\n")]},
        why="the gradient is scaled by lr before it enters the velocity and the velocity is scaled by lr again, "
            "so the step is lr^2-sized; the contract has lr once: v = momentum * v + g; p -= lr * v.",
        source="https://cs231n.github.io/neural-networks-3/#sgd (the two momentum forms mixed)",
        held_out=True),
    Mistake(
        tag="momentum-stale-velocity", name="momentum-zip-rebinds-velocity",
        edits={M: [(MOM_LOOP, "        for p, g, v in zip(params, grads, self.velocities):\n"
                              "            v = self.momentum * v + g\n"
                              "            p -= self.lr * v\n")]},
        why="zipping over self.velocities and assigning v = ... rebinds a local name, so the stored velocities "
            "stay zero and every step is plain SGD; the contract keeps v per parameter across calls.",
        source="https://docs.python.org/3/faq/programming.html#why-did-changing-list-y-also-change-list-x "
               "(assignment rebinds a name, it does not change the object)",
        held_out=True),
    # ---- Nesterov -----------------------------------------------------------------------------------------
    Mistake(
        tag="nesterov-stale-velocity", name="nesterov-look-ahead-with-previous-velocity",
        edits={M: [(NAG_LOOP, "            v_prev = self.velocities[i].copy()\n"
                              "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                              "            p -= self.lr * (g + self.momentum * v_prev)\n")]},
        why="the look-ahead uses the velocity from before this step (mixing the Sutskever v_prev form into the "
            "PyTorch form); the contract's step is p -= lr * (g + momentum * v) with the new v.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (nesterov: g = g + mu * b_t, b_t "
               "the updated buffer)",
        held_out=True),
    # ---- AdaGrad ------------------------------------------------------------------------------------------
    Mistake(
        tag="adagrad-one-rate-per-array", name="adagrad-accumulates-squared-norm",
        edits={M: [(ADAGRAD_ACC, "            self.G[i] = self.G[i] + np.linalg.norm(g) ** 2\n")]},
        why="the accumulator adds the squared norm of the whole gradient array (AdaGrad-Norm), so every entry of "
            "the array gets the same rate; the contract's G += g**2 is per coordinate.",
        source="Ward, Wu & Bottou (2019), AdaGrad stepsizes, https://arxiv.org/abs/1806.01811 (AdaGrad-Norm)",
        held_out=True),
    Mistake(
        tag="adagrad-initial-accumulator", name="adagrad-tf-initial-accumulator-ones-times",
        edits={M: [(ADAGRAD_INIT, "            self.G = [np.ones_like(p) * 0.1 for p in params]  # TF's initial_accumulator_value\n")]},
        why="the accumulator starts at 0.1 as in tf.keras.optimizers.Adagrad(initial_accumulator_value=0.1); the "
            "contract's G starts at zero (G += g**2 from the first call).",
        source="https://www.tensorflow.org/api_docs/python/tf/keras/optimizers/Adagrad",
        held_out=True),
    Mistake(
        tag="adagrad-stale-accumulator", name="adagrad-local-copy-of-accumulator",
        edits={M: [(ADAGRAD_BODY, "            G = self.G[i]\n"
                                  "            G = G + g ** 2\n"
                                  "            p -= self.lr * g / (np.sqrt(G) + self.eps)\n")]},
        why="the sum is built in a local G and never stored back, so each call sees only the current g**2 "
            "(steps of about lr * sign(g)); the contract accumulates G += g**2 across calls.",
        source="https://docs.python.org/3/reference/simple_stmts.html#assignment-statements",
        held_out=True),
    # ---- RMSprop ------------------------------------------------------------------------------------------
    Mistake(
        tag="rmsprop-pytorch-default-decay", name="rmsprop-hardcoded-alpha-0.99", also=("hyperparameters-ignored",),
        edits={M: [(RMS_AVG, "            self.s[i] = 0.99 * self.s[i] + 0.01 * g ** 2  # alpha=0.99 as in PyTorch\n")]},
        why="the student copies PyTorch's default alpha=0.99 as numbers, ignoring self.decay (contract default "
            "0.9, and any decay the caller passes): s = decay * s + (1 - decay) * g**2.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html (alpha=0.99)",
        held_out=True),
    Mistake(
        tag="state-one-scalar-per-parameter", name="rmsprop-mean-square-of-array",
        edits={M: [(RMS_AVG, "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * (g ** 2).mean()\n")]},
        why="the running average is of the mean square of the whole array (one number per parameter array, as in "
            "Hinton's slide 'divide by the RMS of recent gradients'), so all its entries share one rate; the "
            "contract's s = decay * s + (1 - decay) * g**2 is per element.",
        source="Hinton, Neural Networks for Machine Learning, lecture 6e (rmsprop: divide the gradient by a running "
               "average of its recent magnitude)",
        held_out=True),
    Mistake(
        tag="rmsprop-no-one-minus-decay", name="rmsprop-decay-then-add-square",
        edits={M: [(RMS_AVG, "            self.s[i] = self.decay * self.s[i] + g * g\n")]},
        why="the new squared gradient is added without the (1 - decay) weight, so s grows about 10x larger than "
            "the average and steps shrink; the contract's s = decay * s + (1 - decay) * g**2.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html (v_t = alpha v + (1 - alpha) g^2)",
        held_out=True),
    # ---- Adam ---------------------------------------------------------------------------------------------
    Mistake(
        tag="adam-t-from-zero", name="adam-correction-with-t-minus-one",
        edits={M: [(ADAM_HATS, "            m_hat = self.m[i] / (1 - self.beta1 ** (self.t - 1))\n"
                               "            v_hat = self.v[i] / (1 - self.beta2 ** (self.t - 1))\n")]},
        why="the student thinks the counter is one ahead after 'self.t += 1' and corrects with t - 1, i.e. counts "
            "from 0: the first call divides by 1 - beta**0 = 0 (NaN parameters); the contract's t is 1 on the "
            "first call.",
        source="Kingma & Ba (2015), Adam, Algorithm 1 (t <- t + 1 before the moments), https://arxiv.org/abs/1412.6980",
        held_out=True),
    Mistake(
        tag="adam-bias-correction-wrong-power", name="adam-np-power-of-one-minus-beta",
        edits={M: [(ADAM_HATS, "            m_hat = self.m[i] / np.power(1 - self.beta1, self.t)\n"
                               "            v_hat = self.v[i] / np.power(1 - self.beta2, self.t)\n")]},
        why="the parentheses close too early: (1 - beta)**t instead of 1 - beta**t, a tiny number that blows the "
            "corrected moments up; the contract's m̂ = m/(1-b1**t), v̂ = v/(1-b2**t).",
        source="https://docs.python.org/3/reference/expressions.html#the-power-operator",
        held_out=True),
    Mistake(
        tag="adam-moments-aliased", name="adam-m-and-v-share-one-list",
        edits={M: [(ADAM_INIT, "            zeros = [np.zeros_like(p) for p in params]\n"
                               "            self.m, self.v = zeros, zeros\n")]},
        why="m and v are the same list, so writing self.v[i] overwrites self.m[i] (the step uses v as the first "
            "moment); the contract keeps two separate moment estimates per parameter.",
        source="https://docs.python.org/3/faq/programming.html#why-did-changing-list-y-also-change-list-x",
        held_out=True),
    Mistake(
        tag="adam-corrections-betas-swapped", name="adam-hats-corrected-with-other-beta", novel=True,
        edits={M: [(ADAM_HATS, "            m_hat = self.m[i] / (1 - self.beta2 ** self.t)\n"
                               "            v_hat = self.v[i] / (1 - self.beta1 ** self.t)\n")]},
        why="the moments are right but their bias corrections use each other's beta (m̂ with beta2, v̂ with "
            "beta1), so early steps are far too small; the contract's m̂ = m/(1-b1**t), v̂ = v/(1-b2**t).",
        source="Kingma & Ba (2015), Algorithm 1, https://arxiv.org/abs/1412.6980",
        held_out=True),
    Mistake(
        tag="adam-t-per-parameter", name="adam-t-incremented-inside-loop",
        edits={M: [(ADAM_T, ""),
                   (ADAM_HATS, "            self.t += 1\n" + ADAM_HATS)]},
        why="t is counted once per parameter array instead of once per update call, so with two arrays the "
            "second uses t = 2 on the first step; the contract's t counts update calls (1 on the first call).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.Adam.html (state['step'] per param, "
               "misread as a global counter)",
        held_out=True),
    # ---- AdamW --------------------------------------------------------------------------------------------
    Mistake(
        tag="adamw-decay-after-step", name="adamw-multiplicative-decay-after-adam",
        edits={M: [(ADAMW_BODY, "        super().update(params, grads)\n"
                                "        for p in params:\n"
                                "            p *= 1 - self.lr * self.weight_decay\n")]},
        why="the decay is applied after the Adam step, so it shrinks the already-updated parameters; the "
            "contract's AdamW first does p -= lr * weight_decay * p, then the Adam step.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html (theta_t <- theta_{t-1} - "
               "gamma lambda theta_{t-1}, before the Adam step)",
        held_out=True),
    Mistake(
        tag="adamw-as-l2", name="adamw-decay-folded-into-gradients",
        edits={M: [(ADAMW_BODY, "        grads = [g + self.weight_decay * p for p, g in zip(params, grads)]\n"
                                "        super().update(params, grads)\n")]},
        why="weight decay is added to the gradient (L2 regularisation, as Adam(weight_decay=...) does), so it "
            "passes through the adaptive scaling; the contract's AdamW decays p directly: p -= lr * wd * p.",
        source="Loshchilov & Hutter (2019), Decoupled Weight Decay Regularization, https://arxiv.org/abs/1711.05101",
        held_out=True),
    Mistake(
        tag="adamw-decay-without-lr", name="adamw-subtract-wd-times-p",
        edits={M: [(ADAMW_DECAY, "            p -= self.weight_decay * p\n")]},
        why="the paper's theta <- theta - eta_t lambda theta is read with the schedule multiplier only, so the "
            "decay ignores lr and removes 1 % of every weight per step; the contract's decay is "
            "p -= lr * weight_decay * p.",
        source="Loshchilov & Hutter (2019), Algorithm 2 line 12, https://arxiv.org/abs/1711.05101",
        held_out=True),
    Mistake(
        tag="nesterov-momentum-twice", name="nesterov-look-ahead-recomputes-velocity",
        edits={M: [(NAG_STEP, "            v_next = self.momentum * self.velocities[i] + g  # where v goes next\n"
                              "            p -= self.lr * (g + self.momentum * v_next)\n")]},
        why="after updating v the student builds the look-ahead velocity once more (mu v + g applied twice), so the "
            "momentum term counts mu twice and g once too often; the contract's step is p -= lr * (g + momentum * v) "
            "with the v just updated.",
        source="https://cs231n.github.io/neural-networks-3/#sgd (Nesterov: 'look ahead' to x + mu v)",
        held_out=True),
    Mistake(
        tag="adagrad-max-accumulator", name="adagrad-running-max-of-squares", novel=True,
        edits={M: [(ADAGRAD_ACC, "            self.G[i] = np.maximum(self.G[i], g ** 2)  # largest squared gradient so far\n")]},
        why="the accumulator keeps the largest squared gradient seen (an AdaMax/AMSGrad-like max) instead of the "
            "sum, so the rate stops decaying; the contract's AdaGrad sums: G += g**2.",
        source="Kingma & Ba (2015), §7.1 AdaMax (u_t = max(beta2 u, |g|)), https://arxiv.org/abs/1412.6980",
        held_out=True),
    Mistake(
        tag="adam-eps-misplaced", name="adam-eps-added-before-bias-correction",
        edits={M: [(ADAM_HATS + ADAM_STEP,
                    "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                    "            v_hat = (self.v[i] + self.eps) / (1 - self.beta2 ** self.t)\n"
                    "            p -= self.lr * m_hat / np.sqrt(v_hat)\n")]},
        why="eps is added to v before the bias correction, so early on it is divided by 1 - beta2**t (1000x larger "
            "at t=1) and sits inside the root: a floor of about 3e-3 on the denominator; the taught forms put eps "
            "next to sqrt(v̂) or inside sqrt(v̂ + eps), after the correction. doubtful: once v̂ is well above 1e-5 "
            "the difference is tiny.",
        source="Kingma & Ba (2015), Algorithm 1 (eps added to sqrt(v̂_t)), https://arxiv.org/abs/1412.6980",
        held_out=True),
]
