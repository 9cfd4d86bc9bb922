"""Held-out round 8, week 2 (optimizers.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "optimizers"

SGD_LOOP = "        for p, g in zip(params, grads):\n            p -= self.lr * g\n"
MOM_INIT = ("        if self.velocities is None:\n"
            "            self.velocities = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n")
MOM_STEP = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n")
NEST_STEP = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
             "            p -= self.lr * (g + self.momentum * self.velocities[i])\n")
ADAGRAD_INIT = "            self.G = [np.zeros_like(p) for p in params]\n"
ADAGRAD_STEP = ("            self.G[i] = self.G[i] + g ** 2\n"
                "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n")
RMS_AVG = "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
RMS_STEP = "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n"
RMS_LOOP = "        for i, (p, g) in enumerate(zip(params, grads)):\n" + RMS_AVG + RMS_STEP
ADAM_INIT = ("            self.m = [np.zeros_like(p) for p in params]\n"
             "            self.v = [np.zeros_like(p) for p in params]\n")
ADAM_V = "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
ADAM_MHAT = "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
ADAM_VHAT = "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
ADAM_STEP = "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
ADAMW_DECAY = "        for p in params:\n            p -= self.lr * self.weight_decay * p\n"

ROUND_8 = [
    # ---- SGD ----------------------------------------------------------------------------------------------
    Mistake(
        tag="not-in-place", name="sgd-astype-float64-then-step",
        edits={M: [(SGD_LOOP, "        for p, g in zip(params, grads):\n"
                              "            p = p.astype(np.float64)  # make sure the update is in float64\n"
                              "            p -= self.lr * g\n")]},
        why="astype returns a new array by default (copy=True), even when the dtype already matches: the step "
            "updates the copy and the caller's parameters never move.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.ndarray.astype.html (copy=True: a newly "
               "allocated array is always returned)",
        held_out=True),
    # ---- SGDMomentum --------------------------------------------------------------------------------------
    Mistake(
        tag="optimizer-library-option", also=("sgd-hidden-weight-decay",), name="momentum-resnet-weight-decay-1e-4",
        edits={M: [(MOM_STEP, "            g = g + 1e-4 * p  # weight decay, as in the ImageNet recipe\n" + MOM_STEP)]},
        why="the weight decay of the standard ImageNet/ResNet recipe (SGD, momentum 0.9, weight_decay 1e-4) built "
            "into SGDMomentum: the spec's velocity sums the gradients alone, this one also 1e-4 * p.",
        source="https://github.com/pytorch/examples/blob/main/imagenet/main.py (--wd default 1e-4)",
        held_out=True),
    Mistake(
        tag="state-one-scalar-per-parameter", name="momentum-velocities-np-zeros-len-params",
        edits={M: [(MOM_INIT, MOM_INIT.replace("[np.zeros_like(p) for p in params]", "np.zeros(len(params))"))]},
        why="the state written for scalar parameters, one number per parameter: storing an array velocity into a "
            "float slot raises 'setting an array element with a sequence', so no parameter array is ever updated.",
        source="lesson 'Concepts: Optimizers & Learning Dynamics', SGD with Momentum (the scalar/2-D examples "
               "written for one point)",
        novel=True, held_out=True),
    # ---- Nesterov -----------------------------------------------------------------------------------------
    Mistake(
        tag="nesterov-velocity-without-lr", name="nesterov-parentheses-dropped",
        edits={M: [(NEST_STEP, NEST_STEP.replace("p -= self.lr * (g + self.momentum * self.velocities[i])",
                                                 "p -= self.lr * g + self.momentum * self.velocities[i]"))]},
        why="the parentheses of lr * (g + mu * v) lost: the look-ahead term mu * v is subtracted without the "
            "learning rate, a step lr^-1 times too long in the momentum direction.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (nesterov: g <- g + mu * b; "
               "p <- p - lr * g)",
        held_out=True),
    Mistake(
        tag="nesterov-correction-sign", name="nesterov-bengio-minus-with-torch-velocity",
        edits={M: [(NEST_STEP, "            v_prev = self.velocities[i]\n"
                               "            self.velocities[i] = self.momentum * v_prev + g\n"
                               "            p -= self.lr * ((1 + self.momentum) * g - self.momentum ** 2 * v_prev)\n")]},
        why="Bengio's rewritten Nesterov step (-mu^2 v_prev + (1 + mu) ...) assumes a velocity that holds -lr*g; "
            "with the course's velocity (+g, no lr) the mu^2 term must be added: the sign is lost and from the "
            "second step the momentum term pushes backwards.",
        source="https://cs231n.github.io/neural-networks-3/#sgd (x += -mu * v_prev + (1 + mu) * v); "
               "Bengio et al. (2013) https://arxiv.org/abs/1212.0901",
        held_out=True),
    # ---- AdaGrad ------------------------------------------------------------------------------------------
    Mistake(
        tag="adagrad-initial-accumulator", name="adagrad-accumulator-seeded-with-first-square",
        edits={M: [(ADAGRAD_INIT, "            self.G = [g ** 2 for g in grads]  # start from the first gradient\n")]},
        why="the accumulator initialised with the first squared gradient AND then added to: G = 2 g^2 after the "
            "first call, so the first step is lr / sqrt(2) instead of lr per entry and every later step is too short.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html (state_sum starts at "
               "initial_accumulator_value = 0)",
        held_out=True),
    Mistake(
        tag="modifies-grads", name="adagrad-divides-grad-in-place",
        edits={M: [(ADAGRAD_STEP, "            self.G[i] = self.G[i] + g ** 2\n"
                                  "            g /= np.sqrt(self.G[i]) + self.eps  # the adapted gradient\n"
                                  "            p -= self.lr * g\n")]},
        why="the per-parameter scaling written in place on the gradient (like grad.div_ in PyTorch code): the "
            "step is right, but the caller's gradient arrays are overwritten with the scaled ones.",
        source="https://pytorch.org/docs/stable/notes/autograd.html#in-place-operations-with-autograd",
        held_out=True),
    # ---- RMSprop ------------------------------------------------------------------------------------------
    Mistake(
        tag="rmsprop-average-sign-flipped", name="rmsprop-incremental-average-minus",
        edits={M: [(RMS_AVG, "            self.s[i] += (1 - self.decay) * (self.s[i] - g ** 2)\n")]},
        why="the moving average in its incremental form s += (1 - rho)(g^2 - s) with the difference reversed: "
            "s goes negative on the first call and its square root is nan, so every parameter becomes nan.",
        source="https://en.wikipedia.org/wiki/Exponential_smoothing (s_t = s_{t-1} + alpha (x_t - s_{t-1}))",
        novel=True, held_out=True),
    Mistake(
        tag="optimizer-library-option", name="rmsprop-momentum-0.9-built-in",
        edits={M: [(RMS_STEP, "            if not hasattr(self, \"buf\"):\n"
                              "                self.buf = [np.zeros_like(q) for q in params]\n"
                              "            self.buf[i] = 0.9 * self.buf[i] + g / (np.sqrt(self.s[i]) + self.eps)\n"
                              "            p -= self.lr * self.buf[i]\n")]},
        why="PyTorch's/TensorFlow's RMSprop momentum option (set to 0.9 as in many RL recipes) built in: the "
            "course's RMSprop has no momentum buffer, p -= lr * g / (sqrt(s) + eps).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html (momentum: b <- mu b + g / "
               "(sqrt(v) + eps))",
        held_out=True),
    Mistake(
        tag="rmsprop-decay-read-as-lr-decay", also=("hyperparameters-ignored",), name="rmsprop-keras2-decay-argument",
        edits={M: [(RMS_LOOP, "        self.iterations = getattr(self, \"iterations\", 0) + 1\n"
                              "        lr = self.lr / (1 + self.decay * (self.iterations - 1))  # Keras' decay\n"
                              "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                              "            self.s[i] = 0.9 * self.s[i] + 0.1 * g ** 2  # rho = 0.9\n"
                              "            p -= lr * g / (np.sqrt(self.s[i]) + self.eps)\n")]},
        why="Keras 2's RMSprop has rho for the average and a separate 'decay' that shrinks the learning rate per "
            "update; the course's decay IS rho. Read the Keras way, rho is hard-coded to 0.9 and the rate falls "
            "as lr / (1 + 0.9 t).",
        source="https://github.com/keras-team/keras/blob/2.2.4/keras/optimizers.py (lr *= 1. / (1. + self.decay * "
               "iterations), copied into many public optimizers); "
               "https://rdocumentation.org/packages/keras/versions/2.2.4/topics/optimizer_rmsprop",
        novel=True, held_out=True),
    # ---- Adam ---------------------------------------------------------------------------------------------
    Mistake(
        tag="adam-adabelief", name="adam-second-moment-of-g-minus-m",
        edits={M: [(ADAM_V, "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * (g - self.m[i]) ** 2\n")]},
        why="AdaBelief's 'belief' term (g - m)^2 as the second moment: a different optimizer than the spec's "
            "Adam, whose v averages g^2 (the step is much larger where the gradient is steady).",
        source="https://arxiv.org/abs/2010.07468 (AdaBelief, Algorithm 2)",
        novel=True, held_out=True),
    Mistake(
        tag="adam-no-bias-correction", name="adam-corrects-only-first-moment",
        edits={M: [(ADAM_VHAT, "            v_hat = self.v[i]  # beta2 is close to 1: no correction needed\n")]},
        why="only m is bias-corrected: v starts 1000 times too small (1 - 0.999), so the early steps are about "
            "sqrt(1000) = 32 times too long.",
        source="https://arxiv.org/abs/1412.6980 (Kingma & Ba, section 3: the correction of v matters most "
               "for beta2 close to 1)",
        held_out=True),
    Mistake(
        tag="lr-change-ignored", name="adam-alpha-copied-in-init",
        edits={M: [("        self.lr = lr\n        self.beta1 = beta1\n",
                    "        self.lr = lr\n        self.alpha = lr  # the paper's name for the step size\n"
                    "        self.beta1 = beta1\n"),
                   (ADAM_STEP, "            p -= self.alpha * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
        why="the step uses the paper's alpha, copied from lr once in __init__: a schedule that sets opt.lr between "
            "steps has no effect on Adam (or on AdamW's Adam step).",
        source="public student code (GitHub, found verbatim): class Adam: def __init__(self, lr, Module): ... "
               "self.alpha = lr; https://arxiv.org/abs/1412.6980 (Algorithm 1: alpha is the step size)",
        held_out=True),
    Mistake(
        tag="adam-moments-initialised-from-gradient", name="adam-moments-seeded-with-first-gradient",
        edits={M: [(ADAM_INIT, "            self.m = [g.copy() for g in grads]  # start the averages at the first gradient\n"
                               "            self.v = [g ** 2 for g in grads]\n")]},
        why="the moments started at the first gradient (so they are 'not biased towards 0') and still "
            "bias-corrected: the first m_hat is 10 g and v_hat 1000 g^2, a first step of 0.32 lr instead of lr, "
            "and the corrections keep distorting the early steps.",
        source="https://arxiv.org/abs/1412.6980 (section 3: m_0 = v_0 = 0 is what the correction undoes)",
        held_out=True),
    Mistake(
        tag="bias-correction", name="adam-v-hat-with-beta1",
        edits={M: [(ADAM_VHAT, "            v_hat = self.v[i] / (1 - self.beta1 ** self.t)\n")]},
        why="copy-paste of the m_hat line: v is divided by 1 - beta1^t (0.1) instead of 1 - beta2^t (0.001), so "
            "v_hat is 100 times too small at first and the early steps are about 10 times too long.",
        source="https://arxiv.org/abs/1412.6980 (Algorithm 1)",
        held_out=True),
    Mistake(
        tag="bias-correction", name="adam-step-size-correction-without-sqrt",
        edits={M: [(ADAM_MHAT + ADAM_VHAT + ADAM_STEP,
                    "            step_size = self.lr * (1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)\n"
                    "            p -= step_size * self.m[i] / (np.sqrt(self.v[i]) + self.eps)\n")]},
        why="the paper's efficient form folds the corrections into the step size as lr * sqrt(1 - beta2^t) / "
            "(1 - beta1^t); without the square root the first step is about 0.03 lr instead of lr -- 32 times too short.",
        source="https://arxiv.org/abs/1412.6980 (end of section 2: alpha_t = alpha sqrt(1 - beta2^t) / (1 - beta1^t))",
        held_out=True),
    # ---- AdamW --------------------------------------------------------------------------------------------
    Mistake(
        tag="adamw-decay-without-lr", name="adamw-paper-schedule-multiplier-only",
        edits={M: [(ADAMW_DECAY, "        eta = 1.0  # schedule multiplier eta_t of Algorithm 2 (no schedule here)\n"
                                 "        for p in params:\n"
                                 "            p -= eta * self.weight_decay * p\n")]},
        why="Algorithm 2 of the AdamW paper multiplies the decay by the schedule multiplier eta_t, not by alpha; "
            "with eta_t = 1 the decay is weight_decay per step, lr^-1 times the spec's lr * weight_decay.",
        source="https://arxiv.org/abs/1711.05101 (Loshchilov & Hutter, Algorithm 2, line 12)",
        held_out=True),
    Mistake(
        tag="adamw-as-l2", name="adamw-decoupled-and-l2-both",
        edits={M: [("        super().update(params, grads)\n",
                    "        super().update(params, [g + self.weight_decay * p for p, g in zip(params, grads)])\n")]},
        why="both kinds of decay at once: the decoupled lr * wd * p, and wd * p added to the gradient (Adam + L2) "
            "which Adam then rescales by sqrt(v_hat).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.Adam.html (weight_decay adds wd * p to g) "
               "vs https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html",
        held_out=True),
]
