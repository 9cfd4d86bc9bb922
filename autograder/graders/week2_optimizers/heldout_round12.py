"""Held-out round 12, week 2 (optimizers.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "optimizers"

SGD_STEP = ("        for p, g in zip(params, grads):\n"
            "            p -= self.lr * g\n")
MOM_BODY = ("        if self.velocities is None:\n"
            "            self.velocities = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n")
MOM_LOOP = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n")
NAG_STEP = "            p -= self.lr * (g + self.momentum * self.velocities[i])\n"
NAG_LOOP = "            self.velocities[i] = self.momentum * self.velocities[i] + g\n" + NAG_STEP
NAG_INIT = ("            self.velocities = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n" + NAG_LOOP)
ADAGRAD_INIT = "            self.G = [np.zeros_like(p) for p in params]\n"
ADAGRAD_BODY = ("            self.G[i] = self.G[i] + g ** 2\n"
                "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n")
ADAGRAD_STEP = "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n"
RMS_INIT = "            self.s = [np.zeros_like(p) for p in params]\n"
RMS_AVG = "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
RMS_LOOP_AVG = "        for i, (p, g) in enumerate(zip(params, grads)):\n" + RMS_AVG
RMS_STEP = "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n"
ADAM_T = "        self.t += 1\n"
ADAM_LOOP_HEAD = ("        self.t += 1\n"
                  "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                  "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n")
ADAM_HATS_STEP = ("            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                  "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
                  "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")
ADAM_VHAT = "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
ADAMW_BODY = ("        for p in params:\n"
              "            p -= self.lr * self.weight_decay * p\n"
              "        super().update(params, grads)\n")
ADAMW_DECAY = "            p -= self.lr * self.weight_decay * p\n"

ROUND_12 = [
    # ---- SGD ----------------------------------------------------------------------------------------------
    Mistake(
        tag="not-in-place", name="sgd-index-loop-rebinds-local",
        edits={M: [(SGD_STEP, "        for i in range(len(params)):\n"
                              "            p = params[i]\n"
                              "            p = p - self.lr * grads[i]\n")]},
        why="the student writes p = p - lr * g on a local name: a new array is made and dropped, and the "
            "caller's parameter never changes. The contract's update changes each array of params in place.",
        source="https://numpy.org/doc/stable/user/basics.copies.html (p = p - x rebinds, p -= x writes)",
        held_out=True),
    Mistake(
        tag="not-in-place", name="sgd-slice-assigns-new-list",
        edits={M: [(SGD_STEP, "        params[:] = [p - self.lr * g for p, g in zip(params, grads)]\n")]},
        why="the student replaces the list's contents with new arrays (params[:] = [...]); the list now holds "
            "fresh arrays but the arrays the network owns are never changed. The contract's update changes each "
            "array of params in place.",
        source="https://docs.python.org/3/reference/simple_stmts.html#assignment-statements (slice assignment "
               "replaces the list's items)",
        held_out=True),
    # ---- SGDMomentum --------------------------------------------------------------------------------------
    Mistake(
        tag="momentum-wrong-sign", name="momentum-velocity-minus-gradient-then-minus-step",
        edits={M: [("        for i, (p, g) in enumerate(zip(params, grads)):\n" + MOM_LOOP,
                    "        for k in range(len(params)):\n"
                    "            self.velocities[k] = self.momentum * self.velocities[k] - grads[k]\n"
                    "            params[k] -= self.lr * self.velocities[k]\n")]},
        why="the student takes the velocity of the 'v = βv - ∇L' form (the minus belongs with p += lr v) but "
            "keeps the p -= lr v step, so the parameter moves up the gradient; the contract: v = μv + g, "
            "p -= lr v (or v = μv − lr·g, p += v).",
        source="https://keras.io/api/optimizers/sgd/ (velocity = momentum * velocity - learning_rate * g; w = w + velocity)",
        held_out=True),
    Mistake(
        tag="momentum-stale-velocity", name="momentum-zip-scaled-in-place-then-rebound",
        edits={M: [("        for i, (p, g) in enumerate(zip(params, grads)):\n" + MOM_LOOP,
                    "        for p, g, v in zip(params, grads, self.velocities):\n"
                    "            v *= self.momentum\n"
                    "            v = v + g\n"
                    "            p -= self.lr * v\n")]},
        why="the student loops over zip(params, grads, self.velocities); v *= momentum changes the stored "
            "velocity in place but v = v + g rebinds the loop variable, so the stored velocity (zeros) never receives "
            "a gradient and every step is plain SGD; the contract keeps v per parameter across calls.",
        source="lesson 000, 'Momentum -- Implementation' (velocity kept as state between steps)",
        held_out=True),
    Mistake(
        tag="state-reset", name="momentum-velocities-made-every-call",
        edits={M: [(MOM_BODY, "        velocities = [np.zeros_like(p) for p in params]\n"
                              "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                              "            velocities[i] = self.momentum * velocities[i] + g\n"
                              "            p -= self.lr * velocities[i]\n"
                              "        self.velocities = velocities\n")]},
        why="the student creates the velocity list at the top of every update (forgetting the 'only on the "
            "first call' test), so the velocity restarts from zero each step and momentum never builds up; the "
            "contract creates state on the first call and keeps it.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (momentum_buffer kept in the optimizer "
               "state)",
        held_out=True),
    # ---- Nesterov -----------------------------------------------------------------------------------------
    Mistake(
        tag="nesterov-stale-velocity", name="nesterov-steps-before-velocity-update",
        edits={M: [(NAG_LOOP, "            p -= self.lr * (g + self.momentum * self.velocities[i])\n"
                              "            self.velocities[i] = self.momentum * self.velocities[i] + g\n")]},
        why="the student writes the parameter step first and updates the velocity after it, so the look-ahead "
            "term uses the previous velocity; the contract's step uses the new v (v = μv + g, then "
            "p -= lr (g + μv)).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (buf updated before the nesterov step)",
        held_out=True),
    Mistake(
        tag="nesterov-velocity-without-lr", name="nesterov-lr-binds-gradient-only",
        edits={M: [("        for i, (p, g) in enumerate(zip(params, grads)):\n" + NAG_LOOP,
                    "        for k, g in enumerate(grads):\n"
                    "            self.velocities[k] = self.momentum * self.velocities[k] + g\n"
                    "            params[k] -= self.lr * g + self.momentum * self.velocities[k]\n")]},
        why="the parentheses are dropped, so lr multiplies only g and the momentum term mu * v is subtracted "
            "without lr (a step of the size of the gradient); the contract: p -= lr * (g + momentum * v).",
        source="https://docs.python.org/3/reference/expressions.html#operator-precedence",
        held_out=True),
    Mistake(
        tag="state-seeded-with-first-gradient", name="nesterov-velocity-starts-at-gradient",
        edits={M: [(NAG_INIT, "            self.velocities = [np.array(g, dtype=np.float64) for g in grads]\n"
                              "        for i, (p, g) in enumerate(zip(params, grads)):\n" + NAG_LOOP)]},
        why="the student initialises the velocity with the first gradient instead of zeros (some blog "
            "implementations do), and then still adds g, so the first step counts the gradient twice; the "
            "contract's state starts at zeros.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (pseudo-code: b_1 = g_1, then no mu*b)",
        held_out=True),
    # ---- AdaGrad ------------------------------------------------------------------------------------------
    Mistake(
        tag="adagrad-stale-accumulator", name="adagrad-zip-loop-accumulator-rebound",
        edits={M: [("        for i, (p, g) in enumerate(zip(params, grads)):\n" + ADAGRAD_BODY,
                    "        for p, g, G in zip(params, grads, self.G):\n"
                    "            G = G + g ** 2\n"
                    "            p -= self.lr * g / (np.sqrt(G) + self.eps)\n")]},
        why="the student loops over zip(params, grads, self.G) and rebinds G = G + g**2, which never reaches the "
            "stored list, so the accumulator stays zero and every "
            "step is lr * g / |g|; the contract accumulates G += g**2 across all steps.",
        source="https://d2l.ai/chapter_optimization/adagrad.html (s_t = s_{t-1} + g_t^2 is state)",
        held_out=True),
    Mistake(
        tag="adagrad-initial-accumulator", name="adagrad-np-full-point-one",
        edits={M: [(ADAGRAD_INIT, "            self.G = [np.full(p.shape, 0.1) for p in params]\n")]},
        why="the student starts the accumulator at 0.1 as Keras' Adagrad does (initial_accumulator_value=0.1); "
            "the first steps are smaller than the contract's, whose G starts at zeros.",
        source="https://keras.io/api/optimizers/adagrad/ (initial_accumulator_value=0.1)",
        held_out=True),
    Mistake(
        tag="adagrad-no-sqrt", name="adagrad-divides-by-eps-plus-sum",
        edits={M: [(ADAGRAD_STEP, "            p -= self.lr * g / (self.eps + self.G[i])\n")]},
        why="the student divides by the accumulated sum of squares itself and forgets the square root; the "
            "step then scales like 1/g instead of being about lr. The contract: p -= lr * g / (sqrt(G) + eps).",
        source="https://ruder.io/optimizing-gradient-descent/#adagrad (divide by sqrt(G_t + eps))",
        held_out=True),
    # ---- RMSprop ------------------------------------------------------------------------------------------
    Mistake(
        tag="rmsprop-decay-swapped", name="rmsprop-decay-on-square-of-gradient",
        edits={M: [(RMS_AVG, "            self.s[i] = (1 - self.decay) * self.s[i] + self.decay * np.square(g)\n")]},
        why="the student attaches decay to g**2 and 1 - decay to the "
            "old average, so the average forgets almost everything each step; the contract's average is "
            "s = decay * s + (1 - decay) * g**2.",
        source="lesson 002, 'RMSprop: Adaptive Learning Rates' (E[g²] = β E[g²] + (1-β) g²)",
        held_out=True),
    Mistake(
        tag="rmsprop-bias-corrected", name="rmsprop-adam-style-correction-with-counter",
        edits={M: [(RMS_LOOP_AVG, "        self.t = getattr(self, 't', 0) + 1\n" + RMS_LOOP_AVG),
                   (RMS_STEP, "            s_hat = self.s[i] / (1 - self.decay ** self.t)\n"
                              "            p -= self.lr * g / (np.sqrt(s_hat) + self.eps)\n")]},
        why="having met Adam, the student adds its bias correction to RMSprop with a step counter, dividing s "
            "by 1 - decay**t; early steps become about lr instead of lr / sqrt(1 - decay). The contract's "
            "RMSprop has no bias correction (its docstring says the first step is about 3.16 lr).",
        source="lesson 002, 'Adam: The Best of Both Worlds' (bias correction belongs to Adam)",
        held_out=True),
    Mistake(
        tag="rmsprop-weight-inside-square", name="rmsprop-index-loop-square-of-weighted-gradient",
        edits={M: [(RMS_LOOP_AVG + RMS_STEP,
                    "        for k in range(len(params)):\n"
                    "            g = grads[k]\n"
                    "            self.s[k] = self.decay * self.s[k] + ((1 - self.decay) * g) ** 2\n"
                    "            params[k] -= self.lr * g / (np.sqrt(self.s[k]) + self.eps)\n")]},
        why="the student squares (1 - decay) * g instead of weighting g**2, so the new term is (1 - decay)**2 g² "
            "and s is ten times too small at decay = 0.9; the contract: s = decay * s + (1 - decay) * g**2.",
        source="lesson 000, 'RMSprop (Root Mean Square Propagation)' (cache = decay * cache + (1 - decay) * g²)",
        held_out=True),
    # ---- Adam ---------------------------------------------------------------------------------------------
    Mistake(
        tag="adam-t-per-parameter", name="adam-index-loop-counts-each-parameter",
        edits={M: [(ADAM_LOOP_HEAD, "        for i in range(len(params)):\n"
                                    "            p, g = params[i], grads[i]\n"
                                    "            self.t += 1\n"
                                    "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n")]},
        why="the student increments t inside the parameter loop, so with several parameters t grows by "
            "len(params) per call and the bias corrections are wrong; the contract: t += 1 once per call.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/adam.py (one step count per parameter "
               "state, all advanced together)",
        held_out=True),
    Mistake(
        tag="adam-bias-correction-stored", name="adam-moments-overwritten-by-corrected",
        edits={M: [(ADAM_HATS_STEP, "            self.m[i] = self.m[i] / (1 - self.beta1 ** self.t)\n"
                                    "            self.v[i] = self.v[i] / (1 - self.beta2 ** self.t)\n"
                                    "            p -= self.lr * self.m[i] / (np.sqrt(self.v[i]) + self.eps)\n")]},
        why="the student stores the bias-corrected moments back into m and v, so the next step corrects an "
            "already corrected average again; the contract keeps m and v raw and corrects into m̂, v̂.",
        source="lesson 002, 'Adam: The Best of Both Worlds' (m̂ and v̂ are temporaries)",
        held_out=True),
    Mistake(
        tag="adam-t-from-zero", name="adam-counter-advanced-at-end",
        edits={M: [(ADAM_LOOP_HEAD, "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                    "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"),
                   ("            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n",
                    "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
                    "        self.t = self.t + 1\n")]},
        why="the student counts the step at the end of update, so the first call uses t = 0 and 1 - beta**0 = 0: "
            "division by zero; the contract: t becomes 1 at the start of the first call, before it is used.",
        source="https://arxiv.org/abs/1412.6980 (Algorithm 1: t <- t + 1 before the moment updates)",
        held_out=True),
    Mistake(
        tag="adam-bias-correction-partial", name="adam-raw-first-moment-corrected-second",
        edits={M: [("            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n",
                    "            m_hat = self.m[i]\n")]},
        why="the student bias-corrects v but uses the raw m, so early steps are (1 - beta1**t) times too "
            "small (a tenth at t = 1); the contract divides m by 1 - beta1**t as well.",
        source="https://arxiv.org/abs/1412.6980 (§3: both moments are bias-corrected)",
        held_out=True),
    Mistake(
        tag="update-stops-after-first-parameter", name="adam-return-inside-parameter-loop", novel=True,
        edits={M: [("            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n",
                    "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
                    "            return None\n")]},
        why="the student ends update with 'return None' but indents it into the loop, so only the first "
            "parameter array (the first layer's weights) is ever updated; the contract updates every array of "
            "params.",
        source="https://docs.python.org/3/tutorial/controlflow.html (return leaves the function at once)",
        held_out=True),
    # ---- AdamW --------------------------------------------------------------------------------------------
    Mistake(
        tag="adamw-decay-after-step", name="adamw-index-decay-after-super",
        edits={M: [(ADAMW_BODY, "        super().update(params, grads)\n"
                                "        for i in range(len(params)):\n"
                                "            params[i] *= (1 - self.lr * self.weight_decay)\n")]},
        why="the student runs the Adam step first and shrinks the weights after it, so the decay acts on the "
            "already updated weights; the contract decays first, then takes the Adam step.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html (theta_t <- theta_{t-1} - "
               "gamma lambda theta_{t-1} before the Adam step)",
        held_out=True),
    Mistake(
        tag="adamw-as-l2", name="adamw-penalty-written-into-grads-list", also=("modifies-grads",),
        edits={M: [(ADAMW_BODY, "        for i, p in enumerate(params):\n"
                                "            grads[i] = grads[i] + self.weight_decay * p\n"
                                "        super().update(params, grads)\n")]},
        why="the student adds weight_decay * p to the gradient (torch.optim.Adam's weight_decay, an L2 penalty), "
            "which Adam then rescales by 1/sqrt(v̂); the contract's AdamW shrinks the weights directly and passes "
            "the unmodified gradient to the Adam step (and the caller's grads list is overwritten).",
        source="https://arxiv.org/abs/1711.05101 (L2 regularisation is not weight decay for Adam)",
        held_out=True),
    Mistake(
        tag="adamw-decay-without-lr", name="adamw-ellipsis-assign-one-minus-wd",
        edits={M: [(ADAMW_DECAY, "            p[...] = p * (1 - self.weight_decay)\n")]},
        why="the student shrinks each weight by weight_decay alone, as in the AdamW paper's Algorithm 2 (where "
            "the decay is multiplied by the schedule multiplier eta_t but not by alpha), forgetting the lr factor; "
            "that is 1/lr times too much decay (100x at lr = 0.01). The contract: p -= lr * weight_decay * p.",
        source="https://arxiv.org/abs/1711.05101 (Algorithm 2, line 12: eta_t * lambda * theta)",
        held_out=True),
    Mistake(
        tag="not-in-place", name="adamw-decay-factor-first-rebinds",
        edits={M: [(ADAMW_DECAY, "            p = (1 - self.lr * self.weight_decay) * p\n")]},
        why="the decay is written p = p * (1 - lr * wd), which rebinds the loop variable to a new array; the "
            "caller's weights are never decayed and AdamW behaves as Adam. The contract decays each parameter in "
            "place before the Adam step.",
        source="https://numpy.org/doc/stable/user/basics.copies.html",
        held_out=True),
    Mistake(
        tag="update-returns-params", name="sgd-update-returns-list", novel=True,
        edits={M: [(SGD_STEP, "        for p, g in zip(params, grads):\n"
                              "            p -= self.lr * g\n"
                              "        return params  # handy for chaining\n")]},
        why="the student updates in place correctly but also returns the params list 'for chaining'; the "
            "contract's update returns None (as torch.optim's step() without closure does). doubtful: the "
            "parameters themselves are right, only the return value differs.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.step.html (returns None / the "
               "closure's loss)",
        held_out=True),
]
