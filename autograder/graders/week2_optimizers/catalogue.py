"""Known mistakes and valid alternatives for week 2 (optimizers.py), as edits to the reference solution.

Each mistake is what students really write; each must lose points and be
named (its tag among the failed tests' tags, its words in the feedback).
Each valid alternative is a correct way of writing the spec (a taught form,
another in-place idiom, another way of keeping state) and must get full marks.
"""
from dataclasses import replace

from autograder.catalogue import Mistake, Valid, burn, load_round, solution_region, split_repeats
from autograder.weeks import WEEKS

WEEK = WEEKS["week2_optimizers"]

# exact snippets of the reference solution (each occurs once)
SGD_STEP = "            p -= self.lr * g\n"
MOM_BLOCK = ("        if self.velocities is None:\n"
             "            self.velocities = [np.zeros_like(p) for p in params]\n"
             "        for i, (p, g) in enumerate(zip(params, grads)):\n"
             "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
             "            p -= self.lr * self.velocities[i]\n")
NEST_STEP = "            p -= self.lr * (g + self.momentum * self.velocities[i])\n"
ADA_ACC = "            self.G[i] = self.G[i] + g ** 2\n"
ADA_STEP = "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n"
RMS_ACC = "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
RMS_STEP = "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n"
ADAM_HAT = ("            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
            "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n")
ADAM_MOMENTS = ("            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n")
ADAM_STEP = "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
ADAM_T_LOOP = ("        self.t += 1\n"
               "        for i, (p, g) in enumerate(zip(params, grads)):\n"
               "            self.m[i] = ")
ADAM_INIT = ("        if self.m is None:\n"
             "            self.m = [np.zeros_like(p) for p in params]\n"
             "            self.v = [np.zeros_like(p) for p in params]\n")
ADAMW_BODY = ("        for p in params:\n"
              "            p -= self.lr * self.weight_decay * p\n"
              "        super().update(params, grads)\n")

MISTAKES = [
    # --- SGD -----------------------------------------------------------------------------------
    Mistake(tag="sgd-wrong-sign", words="wrong sign",
            edits={"optimizers": [(SGD_STEP, "            p += self.lr * g\n")]},
            why="ascends instead of descending"),
    Mistake(tag="not-in-place", words="in place",
            edits={"optimizers": [(SGD_STEP, "            p = p - self.lr * g\n")]},
            why="rebinding p = p - lr*g makes a new array; the caller's parameters never move"),
    Mistake(tag="modifies-grads", words="modified the gradient",
            edits={"optimizers": [(SGD_STEP, "            g *= self.lr\n            p -= g\n")]},
            why="a 'saves memory' rewrite that scales the caller's gradient array in place"),
    # --- momentum ------------------------------------------------------------------------------
    Mistake(tag="momentum-wrong-sign", words="wrong sign",
            edits={"optimizers": [(MOM_BLOCK, MOM_BLOCK.replace(
                "self.momentum * self.velocities[i] + g\n            p -= self.lr * self.velocities[i]",
                "self.momentum * self.velocities[i] - self.lr * g\n            p -= self.velocities[i]"))]},
            why="mixes the two lesson forms: v = mu*v - lr*g with p -= v climbs the loss"),
    Mistake(tag="state-reset", words="re-created (or never stored) at every call",
            edits={"optimizers": [(MOM_BLOCK, MOM_BLOCK.replace(
                "        if self.velocities is None:\n            self.velocities",
                "        self.velocities"))]},
            why="velocity reset to zeros at every call: momentum never builds up (plain SGD)"),
    Mistake(tag="shared-state", words="shared by all parameters",
            edits={"optimizers": [(MOM_BLOCK,
                                   "        if self.velocities is None:\n"
                                   "            self.velocities = np.zeros_like(params[0])\n"
                                   "        for p, g in zip(params, grads):\n"
                                   "            self.velocities = self.momentum * self.velocities + g\n"
                                   "            p -= self.lr * self.velocities\n")]},
            why="one velocity for all parameters (works only when they have the same shape, and mixes them)"),
    Mistake(tag="momentum-ema", words="average",
            edits={"optimizers": [(MOM_BLOCK, MOM_BLOCK.replace(
                "self.momentum * self.velocities[i] + g\n",
                "self.momentum * self.velocities[i] + (1 - self.momentum) * g\n"))]},
            why="the EMA form v = mu*v + (1-mu)*g from other courses; the spec's velocity is a sum"),
    # --- Nesterov ------------------------------------------------------------------------------
    Mistake(tag="nesterov-as-momentum", words="plain (heavy-ball) momentum",
            edits={"optimizers": [(NEST_STEP, "            p -= self.lr * self.velocities[i]\n")]},
            why="the look-ahead term is dropped: identical to SGDMomentum"),
    # --- AdaGrad -------------------------------------------------------------------------------
    Mistake(tag="adagrad-no-accumulation", words="forgets to accumulate",
            edits={"optimizers": [(ADA_ACC, "            self.G[i] = g ** 2\n")]},
            why="G = g**2 instead of G += g**2: a sign-like step of size lr, no memory"),
    Mistake(tag="adagrad-no-eps", words="eps missing",
            edits={"optimizers": [(ADA_STEP, "            p -= self.lr * g / np.sqrt(self.G[i])\n")]},
            why="0/0 = nan for a parameter whose gradient has been zero so far"),
    # --- RMSprop -------------------------------------------------------------------------------
    Mistake(tag="rmsprop-no-one-minus-decay", words="(1 - decay)",
            edits={"optimizers": [(RMS_ACC, "            self.s[i] = self.decay * self.s[i] + g ** 2\n")]},
            why="s is no longer an average of g**2 (it grows to 10x it)"),
    Mistake(tag="rmsprop-decay-swapped", words="swapped",
            edits={"optimizers": [(RMS_ACC,
                                   "            self.s[i] = (1 - self.decay) * self.s[i] + self.decay * g ** 2\n")]},
            why="weights of the old average and the new square exchanged"),
    Mistake(tag="hyperparameters-ignored", words="ignores the hyperparameters",
            edits={"optimizers": [(RMS_ACC, "            self.s[i] = 0.9 * self.s[i] + 0.1 * g ** 2\n")]},
            why="the lesson's 0.9 hard-coded instead of self.decay"),
    Mistake(tag="lr-change-ignored", words="ignoring changes to opt.lr",
            edits={"optimizers": [
                ("    def __init__(self, lr=0.01, decay=0.9, eps=1e-8):\n        self.lr = lr\n",
                 "    def __init__(self, lr=0.01, decay=0.9, eps=1e-8):\n        self.lr = lr\n"
                 "        self.learning_rate = lr\n"),
                (RMS_STEP, "            p -= self.learning_rate * g / (np.sqrt(self.s[i]) + self.eps)\n")]},
            why="the learning rate copied once in __init__, so a schedule setting opt.lr has no effect"),
    # --- Adam ----------------------------------------------------------------------------------
    Mistake(tag="adam-no-bias-correction", words="WITHOUT bias correction",
            edits={"optimizers": [(ADAM_HAT, "            m_hat = self.m[i]\n            v_hat = self.v[i]\n")]},
            why="m and v are biased towards 0 early on; the first steps come out badly scaled"),
    Mistake(tag="adam-t-from-zero", words="t still 0",
            edits={"optimizers": [(ADAM_T_LOOP, "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                                "            self.m[i] = "),
                                  (ADAM_STEP, ADAM_STEP + "        self.t += 1\n")]},
            why="t incremented after it is used: 1 - beta**0 = 0 on the first call"),
    Mistake(tag="adam-t-stuck", words="stays 1",
            edits={"optimizers": [(ADAM_T_LOOP, ADAM_T_LOOP.replace("self.t += 1", "self.t = 1"))]},
            why="the counter set instead of incremented: every step gets the first step's bias correction",
            source="= vs += (a one-character slip)"),
    Mistake(tag="adam-t-per-parameter", words="once per PARAMETER",
            edits={"optimizers": [(ADAM_T_LOOP, "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                                "            self.t += 1\n"
                                                "            self.m[i] = ")]},
            why="t counts parameters instead of calls, so every parameter but the first gets the wrong correction"),
    Mistake(tag="adam-betas-swapped", words="beta1 and beta2 swapped",
            edits={"optimizers": [(ADAM_MOMENTS,
                                   "            self.m[i] = self.beta2 * self.m[i] + (1 - self.beta2) * g\n"
                                   "            self.v[i] = self.beta1 * self.v[i] + (1 - self.beta1) * g ** 2\n")]},
            why="the first moment decays with 0.999 and the second with 0.9"),
    # --- AdamW ---------------------------------------------------------------------------------
    Mistake(tag="adamw-as-l2", words="L2 term",
            edits={"optimizers": [(ADAMW_BODY,
                                   "        grads = [g + self.weight_decay * p for p, g in zip(params, grads)]\n"
                                   "        super().update(params, grads)\n")]},
            why="weight decay as a gradient term is Adam+L2, not AdamW: the decay gets rescaled by sqrt(v_hat)"),
    Mistake(tag="adamw-decay-after-step", words="AFTER the Adam step",
            edits={"optimizers": [(ADAMW_BODY,
                                   "        super().update(params, grads)\n"
                                   "        for p in params:\n"
                                   "            p -= self.lr * self.weight_decay * p\n")]},
            why="decays the already-updated weights: off by lr*wd*step (visible with a large lr*wd)"),
    Mistake(tag="adamw-decay-without-lr", words="without the learning rate",
            edits={"optimizers": [(ADAMW_BODY, ADAMW_BODY.replace("p -= self.lr * self.weight_decay * p",
                                                                  "p -= self.weight_decay * p"))]},
            why="the decoupled decay is lr*wd per step, not wd"),
    Mistake(tag="adamw-t-twice", words="counting the step twice",
            edits={"optimizers": [(ADAMW_BODY, "        self.t += 1\n" + ADAMW_BODY)]},
            why="AdamW increments t itself and then calls Adam.update, which increments it again"),
]

VALID = [
    Valid(name="momentum-lr-folded-form",
          edits={"optimizers": [(MOM_BLOCK, MOM_BLOCK.replace(
              "self.momentum * self.velocities[i] + g\n            p -= self.lr * self.velocities[i]",
              "self.momentum * self.velocities[i] - self.lr * g\n            p += self.velocities[i]"))]},
          why="the lr-folded form v = mu*v - lr*g; p += v (the docstring accepts it, also under lr changes)"),
    Valid(name="momentum-lr-inside-velocity-subtracted",
          edits={"optimizers": [(MOM_BLOCK, MOM_BLOCK.replace(
              "self.momentum * self.velocities[i] + g\n            p -= self.lr * self.velocities[i]",
              "self.momentum * self.velocities[i] + self.lr * g\n            p -= self.velocities[i]"))]},
          why="v = mu*v + lr*g; p -= v: the lr-folded form with the opposite sign convention for v (Keras' "
              "deep-learning-with-python notebooks issue #19 discusses both signs); the same numbers as "
              "v = mu*v - lr*g; p += v, also under lr changes"),
    Valid(name="momentum-slice-assign-and-np-zeros",
          edits={"optimizers": [(MOM_BLOCK,
                                 "        if self.velocities is None:\n"
                                 "            self.velocities = [np.zeros(p.shape) for p in params]\n"
                                 "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                 "            self.velocities[i] *= self.momentum\n"
                                 "            self.velocities[i] += g\n"
                                 "            p[...] = p - self.lr * self.velocities[i]\n")]},
          why="state from np.zeros(p.shape), updated in place; p[...] = ... is in place"),
    Valid(name="sgd-np-subtract-out",
          edits={"optimizers": [(SGD_STEP, "            np.subtract(p, self.lr * g, out=p)\n")]},
          why="an in-place NumPy ufunc with out="),
    Valid(name="nesterov-look-ahead-form",
          edits={"optimizers": [("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                                 + NEST_STEP,
                                 "            v_prev = self.velocities[i]\n"
                                 "            self.velocities[i] = self.momentum * v_prev - self.lr * g\n"
                                 "            p += (-self.momentum * v_prev\n"
                                 "                  + (1 + self.momentum) * self.velocities[i])\n")]},
          why="CS231n's look-ahead-parameter form (lr folded into v): the same numbers at constant lr, the "
              "lr-folded convention under lr changes"),
    Valid(name="adagrad-eps-inside-sqrt",
          edits={"optimizers": [(ADA_STEP, "            p -= self.lr * g / np.sqrt(self.G[i] + self.eps)\n")]},
          why="sqrt(G + eps), the docstring's other accepted eps placement"),
    Valid(name="rmsprop-eps-inside-sqrt-np-zeros",
          edits={"optimizers": [(RMS_STEP, "            p -= self.lr * g / np.sqrt(self.s[i] + self.eps)\n"),
                                ("            self.s = [np.zeros_like(p) for p in params]\n",
                                 "            self.s = [np.zeros(p.shape) for p in params]\n")]},
          why="sqrt(s + eps) (Keras' placement, accepted), state from np.zeros(p.shape)"),
    Valid(name="adam-eps-inside-sqrt",
          edits={"optimizers": [(ADAM_STEP, "            p -= self.lr * m_hat / np.sqrt(v_hat + self.eps)\n")]},
          why="eps inside the root, accepted by the docstring"),
    Valid(name="adam-dict-state",
          edits={"optimizers": [(ADAM_INIT,
                                 "        if self.m is None:\n"
                                 "            self.m, self.v = {}, {}\n"
                                 "            for i, p in enumerate(params):\n"
                                 "                self.m[i] = np.zeros_like(p)\n"
                                 "                self.v[i] = np.zeros_like(p)\n")]},
          why="state in dicts keyed by position instead of lists"),
    Valid(name="adam-bias-correction-in-step-size",
          edits={"optimizers": [(ADAM_HAT + ADAM_STEP,
                                 "            step = (self.lr * np.sqrt(1 - self.beta2 ** self.t)\n"
                                 "                    / (1 - self.beta1 ** self.t))\n"
                                 "            p -= step * self.m[i] / (np.sqrt(self.v[i]) + self.eps)\n")]},
          why="the Adam paper's 'efficient' ordering (bias correction folded into the step size)"),
    Valid(name="adamw-multiplicative-decay",
          edits={"optimizers": [(ADAMW_BODY, ADAMW_BODY.replace("p -= self.lr * self.weight_decay * p",
                                                                "p *= 1 - self.lr * self.weight_decay"))]},
          why="PyTorch's p *= 1 - lr*wd: the same step"),
    Valid(name="adamw-decay-after-step-with-old-values",
          edits={"optimizers": [(ADAMW_BODY,
                                 "        before = [p.copy() for p in params]\n"
                                 "        super().update(params, grads)\n"
                                 "        for p, old in zip(params, before):\n"
                                 "            p -= self.lr * self.weight_decay * old\n")]},
          why="decay computed from the parameters before the step: the same numbers as decaying first"),
]

# --- measured as held-out round 1 (docs/graders.md: written as student code from the sources named,
# graded before the graders knew them), then used to grow the graders: training cases now ----------
ROUND_1 = [
    Mistake(tag="adam-bias-correction-stored", name="adam-corrected-moments-kept",
            edits={"optimizers": [(ADAM_HAT, "            self.m[i] = self.m[i] / (1 - self.beta1 ** self.t)\n"
                                             "            self.v[i] = self.v[i] / (1 - self.beta2 ** self.t)\n"
                                             "            m_hat, v_hat = self.m[i], self.v[i]\n")]},
            why="the bias-corrected moments written back into the state: the correction compounds",
            source="stackoverflow 'Understand Adam optimizer intuitively' (answer: assign m_hat separately)"),
    Mistake(tag="adam-bias-correction-no-power", name="adam-one-minus-beta",
            edits={"optimizers": [(ADAM_HAT, "            m_hat = self.m[i] / (1 - self.beta1)\n"
                                             "            v_hat = self.v[i] / (1 - self.beta2)\n")]},
            why="1 - beta instead of 1 - beta**t: a constant factor, not a correction that fades",
            source="eriklindernoren/ML-From-Scratch issue #35 (bias correction without t)"),
    Mistake(tag="adam-t-off-by-one", name="adam-t-starts-at-two",
            edits={"optimizers": [("        self.m = None\n        self.v = None\n        self.t = 0\n",
                                   "        self.m = None\n        self.v = None\n        self.t = 1\n")]},
            why="t initialised to 1 and incremented before use: the first step uses t = 2",
            source="cs231n/cs231n.github.io issue #179 (t initialised to 1 in adam)"),
    Mistake(tag="adam-v-not-squared", name="adam-second-moment-of-g",
            edits={"optimizers": [("            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n",
                                   "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g\n")]},
            why="the second moment averages g instead of g**2 (sqrt of a negative number: nan)",
            source="a forgotten square in v (formulas retyped from slides)"),
    Mistake(tag="rmsprop-not-squared", name="rmsprop-average-of-g",
            edits={"optimizers": [(RMS_ACC,
                                   "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g\n")]},
            why="the running average of g instead of g**2",
            source="AyushSinghal9020/Neural-Networks-From-Scratch RMSprop formula E[g^2] = b E + (1 - b) dC/dw"),
    Mistake(tag="adagrad-not-squared", name="adagrad-sum-of-abs",
            edits={"optimizers": [(ADA_ACC, "            self.G[i] = self.G[i] + np.abs(g)\n")]},
            why="accumulates |g| instead of g**2",
            source="sum of magnitudes vs sum of squares"),
    Mistake(tag="momentum-lr-twice", name="momentum-lr-in-v-and-step",
            edits={"optimizers": [(MOM_BLOCK, MOM_BLOCK.replace(
                "self.momentum * self.velocities[i] + g\n",
                "self.momentum * self.velocities[i] + self.lr * g\n"))]},
            why="the two lesson forms mixed: lr inside the velocity and again in the step",
            source="fchollet/deep-learning-with-python-notebooks issue #19 (velocity with lr) mixed with the course's form"),
    Mistake(tag="nesterov-momentum-twice", name="nesterov-interim-step-kept",
            edits={"optimizers": [("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                                   + NEST_STEP,
                                   "            p += -self.lr * self.momentum * self.velocities[i]\n"
                                   "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                                   "            p -= self.lr * self.velocities[i]\n")]},
            why="an interim look-ahead step that is never undone, plus the full momentum step",
            source="oysteijo/simd_neuralnet issue #17 (momentum applied twice in Nesterov)"),
    Mistake(tag="nesterov-as-momentum", name="nesterov-old-velocity",
            edits={"optimizers": [("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                                   + NEST_STEP,
                                   "            v_old = self.velocities[i]\n"
                                   "            self.velocities[i] = self.momentum * v_old + g\n"
                                   "            p -= self.lr * (g + self.momentum * v_old)\n")]},
            why="the look-ahead with the velocity from before this step",
            source="chainer/chainer issue #4274 (previous vs updated velocity)"),
    Mistake(tag="not-in-place", name="sgd-list-slot-rebound",
            edits={"optimizers": [("        for p, g in zip(params, grads):\n" + SGD_STEP,
                                   "        for i in range(len(params)):\n"
                                   "            params[i] = params[i] - self.lr * grads[i]\n")]},
            why="new arrays put into the list: the caller's arrays never move",
            source="the docstring's SGD rewritten with indices"),
    Mistake(tag="adamw-decay-of-gradient", name="adamw-wd-times-grad",
            edits={"optimizers": [(ADAMW_BODY, ADAMW_BODY.replace(
                "        for p in params:\n            p -= self.lr * self.weight_decay * p\n",
                "        for p, g in zip(params, grads):\n            p -= self.lr * self.weight_decay * g\n"))]},
            why="the decay term uses the gradient instead of the parameter",
            source="decoupled weight decay retyped (p vs g)"),
    Mistake(tag="adamw-decay-without-lr", name="adamw-multiply-by-one-minus-wd",
            edits={"optimizers": [(ADAMW_BODY, ADAMW_BODY.replace("p -= self.lr * self.weight_decay * p",
                                                                  "p *= 1 - self.weight_decay"))]},
            why="p *= 1 - weight_decay: the decay without the learning rate",
            source="Loshchilov & Hutter 2019 write the decay with its own schedule factor; the lr is dropped"),
    Mistake(tag="adam-eps-misplaced", name="adam-eps-added-to-step",
            edits={"optimizers": [(ADAM_STEP, "            p -= self.lr * m_hat / np.sqrt(v_hat) + self.eps\n")]},
            why="precedence: eps is added to the step instead of to the denominator",
            source="precedence slip in m_hat / (sqrt(v_hat) + eps)"),
    Mistake(tag="state-reset", name="rmsprop-state-every-call",
            edits={"optimizers": [("        if self.s is None:\n"
                                   "            self.s = [np.zeros_like(p) for p in params]\n",
                                   "        self.s = [np.zeros_like(p) for p in params]\n")]},
            why="the running average re-created at every call",
            source="state initialised in update instead of once"),
    Mistake(tag="state-reset", name="momentum-local-velocity",
            edits={"optimizers": [(MOM_BLOCK,
                                   "        if self.velocities is None:\n"
                                   "            self.velocities = [np.zeros_like(p) for p in params]\n"
                                   "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                   "            v = self.velocities[i]\n"
                                   "            v = self.momentum * v + g\n"
                                   "            p -= self.lr * v\n")]},
            why="the new velocity goes into a local name and is never stored",
            source="rebinding a local instead of updating the state"),
]
MISTAKES += [replace(m, was_held_out=1) for m in ROUND_1]


# --- measured as held-out round 2 (docs/graders.md: written as student code after round 1 had grown the
# graders, graded before the graders knew them), then used to grow the graders: training cases now ---------
SGD_INIT = "    def __init__(self, lr=0.01):\n        self.lr = lr\n"
MOM_UPDATE = ("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
              "            p -= self.lr * self.velocities[i]\n")
ROUND_2 = [
    Mistake(tag="not-in-place", name="sgd-copy-then-step",
            edits={"optimizers": [(SGD_STEP, "            p = p.copy()\n            p -= self.lr * g\n")]},
            why="a defensive copy, then an in-place step on the copy: the caller's array never moves",
            source="'avoid side effects' advice applied to a function whose job is the side effect"),
    Mistake(tag="lr-change-ignored", name="sgd-rate-kept-in-init",
            edits={"optimizers": [(SGD_INIT, SGD_INIT + "        self.step_size = lr\n"),
                                  (SGD_STEP, "            p -= self.step_size * g\n")]},
            why="the rate copied into another attribute in __init__: a schedule setting opt.lr changes nothing",
            source="renaming a hyperparameter in the constructor"),
    Mistake(tag="momentum-ema", name="momentum-ema-with-lr-inside",
            edits={"optimizers": [(MOM_UPDATE,
                                   "            self.velocities[i] = (self.momentum * self.velocities[i]\n"
                                   "                                  + (1 - self.momentum) * self.lr * g)\n"
                                   "            p -= self.velocities[i]\n")]},
            why="an exponential moving average of lr*g (the 'dampened' form): (1 - momentum) times too small",
            source="momentum as an EMA, e.g. Andrew Ng's deep learning course (v = beta v + (1 - beta) dW)"),
    Mistake(tag="hyperparameters-ignored", name="momentum-hard-coded",
            edits={"optimizers": [(MOM_UPDATE, MOM_UPDATE.replace("self.momentum *", "0.9 *"))]},
            why="the lessons' 0.9 written into the update instead of self.momentum",
            source="constants copied from the lesson's example"),
    Mistake(tag="nesterov-as-momentum", name="nesterov-look-ahead-before-update",
            edits={"optimizers": [("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                                   + NEST_STEP,
                                   "            v = self.velocities[i]\n"
                                   "            p -= self.lr * (self.momentum * v + g)\n"
                                   "            self.velocities[i] = self.momentum * v + g\n")]},
            why="the look-ahead term with the velocity from before the update: plain momentum again",
            source="chainer/chainer issue #4274, written in another order"),
    Mistake(tag="nesterov-wrong-sign", also=("update-wrong-sign",), name="nesterov-folded-minus",
            edits={"optimizers": [("            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                                   + NEST_STEP,
                                   "            self.velocities[i] = self.momentum * self.velocities[i] - self.lr * g\n"
                                   "            p -= self.momentum * self.velocities[i] - self.lr * g\n")]},
            why="the lr-folded form (v = mu*v - lr*g) with the step subtracted instead of added: uphill",
            source="CS231n's Nesterov form with the sign of the parameter update flipped"),
    Mistake(tag="adagrad-decays", name="adagrad-with-a-decay",
            edits={"optimizers": [(ADA_ACC, "            self.G[i] = 0.9 * self.G[i] + g ** 2\n")]},
            why="a decaying sum of squares: that is RMSprop's idea, AdaGrad keeps the whole sum",
            source="AdaGrad and RMSprop mixed up (Tieleman & Hinton 2012 add the decay to AdaGrad)"),
    Mistake(tag="adagrad-eps-misplaced", also=("adagrad-no-eps",), name="adagrad-eps-outside-the-fraction",
            edits={"optimizers": [(ADA_STEP, "            p -= (self.lr / np.sqrt(self.G[i]) + self.eps) * g\n")]},
            why="eps added to the per-entry rate instead of to the root: 0/0 where G is 0",
            source="parentheses around lr / sqrt(G) + eps"),
    Mistake(tag="rmsprop-decay-swapped", name="rmsprop-weights-exchanged",
            edits={"optimizers": [(RMS_ACC,
                                   "            self.s[i] = self.decay * g ** 2 + (1 - self.decay) * self.s[i]\n")]},
            why="the new square gets the weight decay and the old average 1 - decay",
            source="the order of the terms in an exponential moving average"),
    Mistake(tag="hyperparameters-ignored", name="rmsprop-eps-hard-coded",
            edits={"optimizers": [(RMS_STEP, "            p -= self.lr * g / (np.sqrt(self.s[i]) + 1e-6)\n")]},
            why="eps = 1e-6 written into the step instead of self.eps",
            source="TheBottomOfTheDeepDarkOcean/AIO_Excercises RMSProp with epsilon = 1e-6 inside the function"),
    Mistake(tag="shared-state", name="rmsprop-one-average",
            edits={"optimizers": [("        if self.s is None:\n"
                                   "            self.s = [np.zeros_like(p) for p in params]\n"
                                   "        for i, (p, g) in enumerate(zip(params, grads)):\n" + RMS_ACC + RMS_STEP,
                                   "        if self.s is None:\n"
                                   "            self.s = np.zeros_like(params[0])\n"
                                   "        for p, g in zip(params, grads):\n"
                                   "            self.s = self.decay * self.s + (1 - self.decay) * g ** 2\n"
                                   "            p -= self.lr * g / (np.sqrt(self.s) + self.eps)\n")]},
            why="one running average for all parameters",
            source="state kept as one array, as for a single parameter vector"),
    Mistake(tag="adam-t-off-by-one", name="adam-correction-with-t-plus-one",
            edits={"optimizers": [(ADAM_HAT, "            m_hat = self.m[i] / (1 - self.beta1 ** (self.t + 1))\n"
                                             "            v_hat = self.v[i] / (1 - self.beta2 ** (self.t + 1))\n")]},
            why="the corrections use t + 1 'because t starts at 0' although t was already incremented",
            source="cs231n/cs231n.github.io issue #179 (when t is incremented)"),
    Mistake(tag="adam-betas-swapped", name="adam-corrections-swapped",
            edits={"optimizers": [(ADAM_HAT, "            m_hat = self.m[i] / (1 - self.beta2 ** self.t)\n"
                                             "            v_hat = self.v[i] / (1 - self.beta1 ** self.t)\n")]},
            why="the moments are right, the corrections exchange beta1 and beta2",
            source="copying the two correction lines and editing the wrong one"),
    Mistake(tag="adam-moment-weights", name="adam-beta-twice-in-m",
            edits={"optimizers": [("            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n",
                                   "            self.m[i] = self.beta1 * self.m[i] + self.beta1 * g\n")]},
            why="beta1 where 1 - beta1 belongs: the first moment is no longer an average",
            source="a typo in the moving-average weights"),
    Mistake(tag="adamw-decay-constant", name="adamw-subtracts-lr-times-wd",
            edits={"optimizers": [(ADAMW_BODY, ADAMW_BODY.replace("p -= self.lr * self.weight_decay * p",
                                                                  "p -= self.lr * self.weight_decay"))]},
            why="the factor p of the decay forgotten: every weight moves by the same constant",
            source="decoupled decay retyped without its p"),
]

MISTAKES += [replace(m, was_held_out=2) for m in ROUND_2]

# --- held out, round 3: written as student code after round 2 had grown the graders, before these were ever
# graded. About two in three are mistakes the graders know, in a new form (most slips are common ones); the
# rest are new. Tags say what a reader would call the mistake, ``also`` other names that describe it as truly.
# Frozen by HELD_OUT_DIGESTS (docs/graders.md) ----------------------------------------------------------------
HELD_OUT = [
    Mistake(tag="not-in-place", name="sgd-rebuilds-the-list",
            edits={"optimizers": [("        for p, g in zip(params, grads):\n" + SGD_STEP,
                                   "        params = [p - self.lr * g for p, g in zip(params, grads)]\n")]},
            why="a new list of new arrays, bound to a local name: the caller's arrays never move",
            source="a list comprehension where an in-place loop is needed"),
    Mistake(tag="hyperparameters-ignored", also=("lr-change-ignored", "step-scaled-by-constant"),
            name="sgd-lr-hard-coded",
            edits={"optimizers": [(SGD_STEP, "            p -= 0.01 * g\n")]},
            why="the default rate written into the step",
            source="constants copied from a signature's default"),
    Mistake(tag="momentum-wrong-sign", also=("update-wrong-sign",), name="momentum-minus-g-minus-step",
            edits={"optimizers": [(MOM_UPDATE, "            self.velocities[i] = self.momentum * self.velocities[i] - g\n"
                                               "            p -= self.lr * self.velocities[i]\n")]},
            why="v accumulates -g and the step subtracts it again: uphill",
            source="the two sign conventions of the lessons, one half of each"),
    Mistake(tag="shared-state", name="momentum-one-velocity-array",
            edits={"optimizers": [(MOM_BLOCK,
                                   "        if self.velocities is None:\n"
                                   "            self.velocities = np.zeros_like(params[0])\n"
                                   "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                   "            self.velocities = self.momentum * self.velocities + g\n"
                                   "            p -= self.lr * self.velocities\n")]},
            why="one velocity array for every parameter",
            source="state for a single weight vector reused for a list of parameters"),
    Mistake(tag="nesterov-wrong-look-ahead", name="nesterov-mu-times-g", novel=True,
            edits={"optimizers": [(NEST_STEP, "            p -= self.lr * (self.velocities[i] + self.momentum * g)\n")]},
            why="the look-ahead puts momentum on g instead of on v: lr*(v + mu*g) for lr*(g + mu*v)",
            source="the two terms of the Nesterov step exchanged"),
    Mistake(tag="hyperparameters-ignored", name="adagrad-eps-1e-8",
            edits={"optimizers": [(ADA_STEP, "            p -= self.lr * g / (np.sqrt(self.G[i]) + 1e-8)\n")]},
            why="eps = 1e-8 written in, the usual value elsewhere but not AdaGrad's default here",
            source="eps copied from Adam's defaults"),
    Mistake(tag="adagrad-no-accumulation", name="adagrad-square-only",
            edits={"optimizers": [(ADA_ACC, "            self.G[i] = np.square(g)\n")]},
            why="the state holds only this step's square",
            source="= instead of +="),
    Mistake(tag="rmsprop-no-one-minus-decay", name="rmsprop-plus-square",
            edits={"optimizers": [(RMS_ACC, "            self.s[i] = self.decay * self.s[i] + np.square(g)\n")]},
            why="the (1 - decay) weight of the new square forgotten",
            source="an average written without its second weight"),
    Mistake(tag="hyperparameters-ignored", name="rmsprop-decay-hard-coded",
            edits={"optimizers": [(RMS_ACC, "            self.s[i] = 0.9 * self.s[i] + 0.1 * g ** 2\n")]},
            why="0.9 / 0.1 written in instead of self.decay",
            source="Hinton's lecture 6e uses 0.9; hard-coded from there"),
    Mistake(tag="adam-no-bias-correction", name="adam-step-with-raw-moments",
            edits={"optimizers": [(ADAM_STEP, "            p -= self.lr * self.m[i] / (np.sqrt(self.v[i]) + self.eps)\n")]},
            why="the corrected moments computed and then not used in the step",
            source="m_hat and v_hat computed, m and v used"),
    Mistake(tag="adam-t-per-parameter", name="adam-t-plus-equals-in-loop",
            edits={"optimizers": [(ADAM_T_LOOP, "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                                "            self.t = self.t + 1\n"
                                                "            self.m[i] = ")]},
            why="the counter advanced once per parameter",
            source="the step counter inside the parameter loop"),
    Mistake(tag="adam-m-of-squares", name="adam-first-moment-of-squares", novel=True,
            edits={"optimizers": [("            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n",
                                   "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g ** 2\n")]},
            why="the first moment averages g**2: every step goes the same way whatever the gradient's sign",
            source="copying the second-moment line for the first"),
    Mistake(tag="adamw-as-l2", name="adamw-grads-plus-decay",
            edits={"optimizers": [(ADAMW_BODY,
                                   "        decayed = [g + self.weight_decay * p for p, g in zip(params, grads)]\n"
                                   "        super().update(params, decayed)\n")]},
            why="L2 regularisation through the gradient: Adam rescales it",
            source="Loshchilov & Hutter 2019: Adam with L2 is not AdamW"),
    Mistake(tag="adamw-decay-after-step", name="adamw-multiply-after-super",
            edits={"optimizers": [(ADAMW_BODY,
                                   "        super().update(params, grads)\n"
                                   "        for p in params:\n"
                                   "            p *= 1 - self.lr * self.weight_decay\n")]},
            why="the decay applied to the already-updated weights",
            source="PyTorch's p *= 1 - lr*wd, placed after the step"),
]


# --- grown by family from round 3 (docs/graders.md, "Families"): new code, written for the training part, that
# belongs to the family of a round-3 mistake; each checks that the family's detector names more than one instance.
FAMILIES = [
    # the look-ahead's two terms mixed
    Mistake(tag="nesterov-wrong-look-ahead", name="nesterov-mu-on-both",
            edits={"optimizers": [(NEST_STEP, "            p -= self.lr * self.momentum * (g + self.velocities[i])\n")]},
            why="momentum factored out of both terms", source="family: the look-ahead's terms mixed"),
    Mistake(tag="nesterov-wrong-look-ahead", name="nesterov-mu-forgotten",
            edits={"optimizers": [(NEST_STEP, "            p -= self.lr * (g + self.velocities[i])\n")]},
            why="the velocity added without its momentum weight", source="family: the look-ahead's terms mixed"),
    # a moment of the wrong power of g
    Mistake(tag="adam-m-of-abs", name="adam-m-of-absolute-values",
            edits={"optimizers": [(ADAM_MOMENTS, ADAM_MOMENTS.replace("(1 - self.beta1) * g\n",
                                                                      "(1 - self.beta1) * np.abs(g)\n"))]},
            why="the first moment of |g|", source="family: a moment of the wrong power"),
    Mistake(tag="adam-moments-swapped", name="adam-squares-in-m-plain-in-v",
            edits={"optimizers": [(ADAM_MOMENTS,
                                   "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g * g\n"
                                   "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g\n")]},
            why="the square written in the wrong line", source="family: a moment of the wrong power"),
]
MISTAKES += FAMILIES

# --- round 3 burnt (docs/graders.md, "The held-out part"): measured as held out (37 of 60 named), then used
# to grow the graders by family; training cases now. The next held-out round is kept outside the repository.
MISTAKES += [replace(m, was_held_out=3) for m in HELD_OUT]
HELD_OUT = []
HELD_OUT_DIGESTS: dict[str, str] = {}

# Held-out round 4 (docs/graders.md): heldout_round4.py, written outside the repository from public sources
# after round 3 was burnt and before anything was graded, then copied here unchanged and graded once.
ROUND_4 = load_round(__file__, "heldout_round4.py").ROUND_4
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions,
# found to name a case as truly (before grading; docs/graders.md)
ROUND_4_ALSO = {'nesterov-old-velocity-in-step': ('nesterov-as-momentum', 'nesterov-wrong-look-ahead')}

# --- round 4 burnt (docs/graders.md, "The figures"): graded once held out (76 of 80 lose points, 22 named), then
# used to grow the graders by family; training cases now (heldout_round4.py stays as it was written).
# The round's writer took the Adam paper's "efficient" form for a mistake; the course contract accepts eps
# inside or outside the root and the graders accept this ordering (VALID adam-bias-correction-in-step-size, the
# same code): it is kept as a valid case, and must score full marks.
ACCEPTED_4 = ("adam-paper-efficient-form",)
VALID += [Valid(name=f"round4-{m.case}", edits=m.edits, why=m.why) for m in ROUND_4 if m.case in ACCEPTED_4]
ROUND_4 = [m for m in ROUND_4 if m.case not in ACCEPTED_4]
# After grading, a family's name that describes a case as truly (the family's own words, read against the case):
LIB = ("optimizer-library-option",)
ROUND_4_ALSO = {**ROUND_4_ALSO, "adagrad-divides-by-G": ("adagrad-no-sqrt",), "sgd-torch-weight-decay-5e-4": LIB,
                "adagrad-keras-initial-accumulator": LIB, "rmsprop-torch-centered": LIB,
                "rmsprop-alpha-0.99-default": LIB, "adam-torch-amsgrad": LIB,
                # the model grown from round 12 (docs/graders.md, "Round 12 is burnt"): the rebound decay is lost
                "adamw-decay-rebinds": ("adamw-decay-lost",)}
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_4_UNNAMED: dict[str, str] = {}
MISTAKES += burn(ROUND_4, 4, ROUND_4_ALSO, ROUND_4_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- families grown from round 4 (docs/graders.md, "Families"): other code in the same class of slips ----------
MISTAKES += [
    # a library's option or default in place of the course's rule
    Mistake(tag="optimizer-library-option", name="momentum-torch-weight-decay-1e-4",
            edits={"optimizers": [(MOM_BLOCK, MOM_BLOCK.replace(
                "            self.velocities[i] = self.momentum * self.velocities[i] + g\n",
                "            g = g + 1e-4 * p          # weight_decay=1e-4, as in the ImageNet recipe\n"
                "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"))]},
            why="torch's SGD(momentum=0.9, weight_decay=1e-4) copied whole", source="family: a library's option"),
    Mistake(tag="optimizer-library-option", name="rmsprop-alpha-hard-coded",
            edits={"optimizers": [(RMS_ACC, "            self.s[i] = 0.99 * self.s[i] + 0.01 * g ** 2\n")]},
            why="torch's alpha=0.99 written into the average", source="family: a library's option"),
    Mistake(tag="optimizer-library-option", name="adam-amsgrad-max-beside-v",
            edits={"optimizers": [(ADAM_HAT, "            if not hasattr(self, 'v_max'):\n"
                                             "                self.v_max = [np.zeros_like(q) for q in params]\n"
                                             "            self.v_max[i] = np.maximum(self.v_max[i], self.v[i])\n"
                                             "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                                             "            v_hat = self.v_max[i] / (1 - self.beta2 ** self.t)\n")]},
            why="torch's amsgrad=True: the maximum kept beside v", source="family: a library's option"),
    # the step taken before the state it needs is updated (a stale accumulator)
    Mistake(tag="adagrad-stale-accumulator", name="adagrad-accumulates-after-the-step",
            edits={"optimizers": [(ADA_ACC + ADA_STEP, "            old = self.G[i].copy()\n" + ADA_ACC
                                   + ADA_STEP.replace("self.G[i]", "old"))]},
            why="a copy of G taken before the update, then used in the step", source="family: stale state"),
    # the bias correction's power outside the brackets
    Mistake(tag="adam-bias-correction-wrong-power", name="adam-corrections-precomputed-wrongly",
            edits={"optimizers": [(ADAM_HAT, "            bc1, bc2 = (1 - self.beta1) ** self.t, (1 - self.beta2) ** self.t\n"
                                             "            m_hat = self.m[i] / bc1\n"
                                             "            v_hat = self.v[i] / bc2\n")]},
            why="the power applied to the bracket", source="family: the correction's power misplaced"),
]

# Held-out round 5 (docs/graders.md): heldout_round5.py, written outside the repository from public sources
# after round 4 was burnt, by an engineer who never read the graders; copied here unchanged and graded once,
# with the writer's own tags only (its digests, recorded while it was held out, went with the burn).
ROUND_5 = load_round(__file__, "heldout_round5.py").ROUND_5

# --- round 5 burnt (docs/graders.md, "The figures"): graded once held out (79 of 79 lose points, 41 named), then
# used to grow the graders by family and by mechanism; training cases now (heldout_round5.py stays as it was
# written; its digests are gone with the held-out mark).
ROUND_5_ALSO: dict[str, tuple[str, ...]] = {}
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_5_UNNAMED = {
    'adamw-decay-times-step-size': "the decay scaled by Adam's corrected step size: no model of a decay that "
                                   "changes with t",
}
# after grading: the mechanism names grown from the burnt unnamed cases (docs/graders.md, "Mechanism names") say
# what these cases are as truly as their own tags (each case's own model is still missing: a specific name wins)
ROUND_5_ALSO = {**ROUND_5_ALSO, 'rmsprop-adam-style-correction': ('bias-correction',),
                'adam-moments-times-correction': ('bias-correction',),
                'adam-corrected-moments-and-corrected-step': ('bias-correction',),
                'adam-beta-times-t': ('bias-correction',)}
# after round 8: named by a family grown from it (optimizer_forms, docs/graders.md)
ROUND_5_ALSO = {**ROUND_5_ALSO, 'nesterov-keras-step-with-torch-velocity': ('nesterov-velocity-without-lr',)}
# after round 11: named by the family grown from it (optimizer_forms.SCALAR_STATE: one number per array)
ROUND_5_ALSO = {**ROUND_5_ALSO, 'adagrad-norm-accumulator': ('state-one-scalar-per-parameter',)}
MISTAKES += burn(ROUND_5, 5, ROUND_5_ALSO, ROUND_5_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- mechanism names grown from round 5 (docs/graders.md, "Mechanism names"): code that no model describes, named
# by what the localiser proves --------------------------------------------------------------------------------
MISTAKES += [
    # the first call right, a later one wrong: the state kept between calls
    Mistake(tag="state-between-calls", name="rmsprop-decays-twice",
            edits={"optimizers": [(RMS_ACC, "            self.s[i] *= self.decay\n" + RMS_ACC)]},
            why="the average decayed in place and then again in the formula: the old squares shrink by decay**2",
            source="mechanism: the state kept between calls"),
    Mistake(tag="state-between-calls", name="adagrad-keeps-the-root-unsquared",
            edits={"optimizers": [(ADA_ACC + ADA_STEP,
                                   "            self.G[i] = np.sqrt(self.G[i] + g ** 2)\n"
                                   "            p -= self.lr * g / (self.G[i] + self.eps)\n")]},
            why="the root kept instead of the sum (to save a sqrt per step), but the next square added to the "
                "root itself: right on the first call (sqrt(0 + g**2)), wrong after",
            source="mechanism: the state kept between calls"),
    # another code of the model "AdamW's decay ignores a changed lr" (a specific model wins over the mechanism
    # name learning-rate-use, which no realistic code outside the models was found for: tests/test_graders.py
    # checks it on a synthetic run)
    Mistake(tag="adamw-decay-ignores-lr-change", name="adamw-decay-with-the-first-lr",
            edits={"optimizers": [(ADAMW_BODY,
                                   "        if not hasattr(self, 'decay_lr'):\n"
                                   "            self.decay_lr = self.lr\n"
                                   "        for p in params:\n"
                                   "            p -= self.decay_lr * self.weight_decay * p\n"
                                   "        super().update(params, grads)\n")]},
            why="the decay's rate fixed at the first call ('the schedule is for the step'): right until a "
                "schedule changes opt.lr", source="family: where the learning rate is used"),
    # right direction, wrong dependence on |g|: the normalisation
    Mistake(tag="update-gradient-scaling", name="adam-power-one-half-precedence",
            edits={"optimizers": [(ADAM_STEP, "            p -= self.lr * m_hat / (v_hat ** 1/2 + self.eps)\n")]},
            why="v_hat ** 1/2 is (v_hat ** 1) / 2 in Python: the step divides by half of v_hat, not by its root",
            source="mechanism: the step's dependence on the gradient's size"),
    Mistake(tag="update-gradient-scaling", name="rmsprop-power-one-half-precedence",
            edits={"optimizers": [(RMS_STEP, "            p -= self.lr * g / (self.s[i] ** 1/2 + self.eps)\n")]},
            why="s ** 1/2 is s / 2 in Python (** binds tighter than /)",
            source="mechanism: the step's dependence on the gradient's size"),
]
VALID += [
    Valid(name="adagrad-keeps-the-root",
          edits={"optimizers": [(ADA_ACC + ADA_STEP, "            self.G[i] = np.sqrt(self.G[i] ** 2 + g ** 2)\n"
                                                     "            p -= self.lr * g / (self.G[i] + self.eps)\n")]},
          why="the root of the running sum kept instead of the sum: sqrt(G**2 + g**2) is the root of the new sum "
              "(no name may fire on it: the state is kept differently, not wrongly)"),
]

# Held-out round 6 (docs/graders.md): heldout_round6.py, written outside the repository from public sources
# after round 5 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_6 = load_round(__file__, "heldout_round6.py").ROUND_6
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_6_ALSO = {'nesterov-cs231n-form-plus-mu-v-prev': ('state-between-calls',), 'adagrad-sum-in-a-local': ('state-between-calls', 'update-gradient-scaling'), 'adagrad-dot-product-accumulator': ('update-gradient-scaling',), 'rmsprop-average-of-abs': ('update-gradient-scaling',), 'rmsprop-step-before-average': ('update-gradient-scaling',), 'rmsprop-tf1-accumulator-ones': ('optimizer-library-option', 'update-gradient-scaling'), 'adam-moments-zeroed-every-call': ('state-between-calls',)}

# --- round 6 burnt (docs/graders.md, "The figures"): graded once held out (70 of 74 lose points, 44 named), then
# used to grow the graders; training cases now (heldout_round6.py stays as it was written; its digests are gone
# with the held-out mark).
# The round's writer took the Adam paper's "efficient" form (eps on the uncorrected root, the corrections folded
# into the step size) for a mistake; it is round 4's accepted form written again (ACCEPTED_4 above): a valid case.
ACCEPTED_6 = ("adam-keras-epsilon-hat",)
VALID += [Valid(name=f"round6-{m.case}", edits=m.edits, why=m.why) for m in ROUND_6 if m.case in ACCEPTED_6]
ROUND_6 = [m for m in ROUND_6 if m.case not in ACCEPTED_6]
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_6_UNNAMED = {
    'adam-lesson-betas-typed-in': "0.9 / 0.999 typed in: the tests' betas agree with them on most checks, and no "
                                  "model ties a moment to the default betas while the correction uses the given ones",
}
# after grading: the graders' own model of the same slip names it (its words read against the case)
ROUND_6_ALSO = {**ROUND_6_ALSO, 'rmsprop-step-before-average': ('update-gradient-scaling', 'rmsprop-uses-old-average')}
# after grading: a mechanism name grown from the burnt unnamed cases (docs/graders.md, "Mechanism names")
ROUND_6_ALSO = {**ROUND_6_ALSO, 'adamw-decay-only-matrices': ('parameters-treated-differently',),
                'sgd-clips-each-gradient-to-one': ('large-gradients-capped',)}
# after round 8: named by a family grown from it (optimizer_forms, docs/graders.md)
ROUND_6_ALSO = {**ROUND_6_ALSO, 'momentum-torch-buffer-init-then-update': ('state-seeded-with-first-gradient',)}
# after round 11: named by the families grown from it (optimizer_forms.SCALAR_STATE; adam-m-and-v-one-list by its own
# tag, the model of m and v one array)
ROUND_6_ALSO = {**ROUND_6_ALSO, 'adagrad-dot-product-accumulator': ('update-gradient-scaling',
                                                                    'state-one-scalar-per-parameter')}
MISTAKES += burn(ROUND_6, 6, ROUND_6_ALSO, ROUND_6_UNNAMED, MISTAKES)

# --- families grown from round 6 (docs/graders.md, "Families"): other code in the same class of slips ----------
ADAMW_INIT = "    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):\n"
MISTAKES += [   # a library's default in place of the course's: AdamW built without weight_decay (its lr test)
    Mistake(tag="optimizer-library-option", name="adamw-optax-default-decay",
            edits={"optimizers": [(ADAMW_INIT, ADAMW_INIT.replace("weight_decay=0.01", "weight_decay=1e-4"))]},
            why="optax.adamw's default weight_decay=1e-4 copied into the signature",
            source="family: a library's default (https://optax.readthedocs.io, optax.adamw)"),
    Mistake(tag="optimizer-library-option", name="adamw-recipe-decay-as-default",
            edits={"optimizers": [(ADAMW_INIT, ADAMW_INIT.replace("weight_decay=0.01", "weight_decay=0.05"))]},
            why="the DeiT / timm recipe's weight_decay=0.05 written into the signature as the default",
            source="family: a library's default (https://github.com/facebookresearch/deit, --weight-decay 0.05)"),
]
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- mechanism names grown from the burnt unnamed cases (docs/graders.md, "Mechanism names"): other code than the
# burnt cases, named by what the whole run proves -------------------------------------------------------------
MISTAKES += [
    # every update the expected step times one factor that changes with t, and the factor a bias correction's
    Mistake(tag="bias-correction", name="adam-both-corrections-with-beta1",
            edits={"optimizers": [(ADAM_HAT, ADAM_HAT.replace("(1 - self.beta2 ** self.t)",
                                                              "(1 - self.beta1 ** self.t)"))]},
            why="the first correction's line copied for the second and only the moment renamed: v is divided by "
                "1 - beta1**t, so early steps are sqrt((1 - beta1**t) / (1 - beta2**t)) times too large",
            source="mechanism: the bias correction (a copy-paste of the line above)"),
    # some parameters exact at every update, the others not: the update treats parameters differently
    Mistake(tag="parameters-treated-differently", name="adamw-decays-only-params-0",
            edits={"optimizers": [(ADAMW_BODY, "        params[0] -= self.lr * self.weight_decay * params[0]   # W; b is "
                                               "not decayed\n"
                                               "        super().update(params, grads)\n")]},
            why="the student thinks of params as [W, b] and decays the weight matrix only: every other array the "
                "optimizer is given keeps its size, which the spec's AdamW shrinks",
            source="mechanism: parameters treated differently (the [W, b] picture of a linear layer)"),
    # steps right wherever the gradients were small, shorter wherever one was large: a cap the method does not have
    Mistake(tag="large-gradients-capped", name="momentum-clips-gradients-by-value",
            edits={"optimizers": [(MOM_BLOCK, MOM_BLOCK.replace(
                "            self.velocities[i] = self.momentum * self.velocities[i] + g\n",
                "            g = np.clip(g, -1.0, 1.0)     # clip_grad_value_(1.0), kept with the optimizer\n"
                "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"))]},
            why="the training script's clip_grad_value_(params, 1.0) moved into the optimizer 'to keep it together': "
                "the spec's momentum uses the gradient it is given",
            source="mechanism: a clamp where none belongs (torch.nn.utils.clip_grad_value_)"),
]

# --- round 7 of valid variants (docs/graders.md, "Valid variants, round 7"): correct code written from the contract,
# the stubs' docstrings and the libraries' public code BEFORE the graders were read, graded once, then the graders
# fixed for the classes that lost points. Whole-function snippets come from the reference (solution_region). ----
def _valid_round_7() -> list[Valid]:
    """Round 7's valid variants of this week (a function, so its snippet names stay local)."""
    RMS_STEP = "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n"
    M = "optimizers"
    IMPORT = "import numpy as np\n"
    SGD_BODY = solution_region(WEEK, 'optimizers', 'SGD.update')
    MOM_BODY = solution_region(WEEK, 'optimizers', 'SGDMomentum.update')
    NEST_BODY = solution_region(WEEK, 'optimizers', 'Nesterov.update')
    ADA_BODY = solution_region(WEEK, 'optimizers', 'AdaGrad.update')
    RMS_BODY = solution_region(WEEK, 'optimizers', 'RMSprop.update')
    ADAM_BODY = solution_region(WEEK, 'optimizers', 'Adam.update')
    ADAMW_BODY = solution_region(WEEK, 'optimizers', 'AdamW.update')
    return [
        # --- SGD ------------------------------------------------------------------------------------
        Valid(name="round7-sgd-asserts-and-step-log",
              edits={M: [(SGD_BODY,
                          "        assert len(params) == len(grads), 'one gradient per parameter'\n"
                          "        if not hasattr(self, 'step_norms'):\n"
                          "            self.step_norms = []\n"
                          "        for p, g in zip(params, grads):\n"
                          "            assert p.shape == g.shape, (p.shape, g.shape)\n"
                          "            step = g * self.lr\n"
                          "            p -= step\n"
                          "            self.step_norms.append(float(np.linalg.norm(step)))\n")]},
              why="asserts the lists match, logs each step's norm into a list created lazily; g * lr, the same product"),
        Valid(name="round7-sgd-index-loop-slice-ellipsis",
              edits={M: [(SGD_BODY,
                          "        lr = float(self.lr)\n"
                          "        for i in range(len(params)):\n"
                          "            params[i][...] = params[i] - lr * grads[i]\n"
                          "        return None\n")]},
              why="an index loop writing through params[i][...] (in place, also for 0-d arrays), an explicit return None"),
        # --- SGDMomentum ------------------------------------------------------------------------------
        Valid(name="round7-momentum-own-state-attribute-dict",
              edits={M: [(MOM_BODY,
                          "        if not hasattr(self, '_buf'):\n"
                          "            self._buf = {}\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            if i not in self._buf:\n"
                          "                self._buf[i] = np.zeros(p.shape, dtype=np.float64)\n"
                          "            buf = self._buf[i]\n"
                          "            buf *= self.momentum\n"
                          "            buf += g\n"
                          "            p -= self.lr * buf\n")]},
              why="PyTorch's momentum_buffer idea: state in its own dict keyed by position, created lazily per "
                  "parameter, updated in place (mul_, add_); the given velocities attribute is left unused"),
        Valid(name="round7-momentum-lerp-written-with-np-add",
              edits={M: [(MOM_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p, dtype=np.float64) for p in params]\n"
                          "        for p, g, v in zip(params, grads, self.velocities):\n"
                          "            np.multiply(v, self.momentum, out=v)\n"
                          "            np.add(v, g, out=v)\n"
                          "            np.subtract(p, self.lr * v, out=p)\n")]},
              why="the velocities updated in place through ufuncs with out= while zipping the state list with params"),
        # --- Nesterov ---------------------------------------------------------------------------------
        Valid(name="round7-nesterov-keras-lr-folded",
              edits={M: [(NEST_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.velocities[i] = self.momentum * self.velocities[i] - self.lr * g\n"
                          "            p += self.momentum * self.velocities[i] - self.lr * g\n")]},
              why="Keras' SGD(nesterov=True): v = mu*v - lr*g; p += mu*v - lr*g, the lr-folded convention (equal to "
                  "the course's form at constant lr)"),
        Valid(name="round7-nesterov-pytorch-buffer-lazy",
              edits={M: [(NEST_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [None] * len(params)\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            if self.velocities[i] is None:\n"
                          "                self.velocities[i] = np.array(g, copy=True)   # PyTorch: buf = g at step 1\n"
                          "            else:\n"
                          "                self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                          "            d_p = g + self.momentum * self.velocities[i]\n"
                          "            p -= self.lr * d_p\n")]},
              why="torch.optim.SGD(nesterov=True) step by step: the buffer starts as a copy of g (= 0*mu + g), "
                  "then buf = mu*buf + g, d_p = g + mu*buf, p -= lr*d_p"),
        # --- AdaGrad ----------------------------------------------------------------------------------
        Valid(name="round7-adagrad-in-place-square",
              edits={M: [(ADA_BODY,
                          "        if self.G is None:\n"
                          "            self.G = [np.zeros(p.shape) for p in params]\n"
                          "        for p, g, G in zip(params, grads, self.G):\n"
                          "            G += np.square(g)\n"
                          "            p -= self.lr * g / (np.sqrt(G) + self.eps)\n")]},
              why="G += np.square(g) in place through the zipped state list"),
        Valid(name="round7-adagrad-pytorch-addcdiv",
              edits={M: [(ADA_BODY,
                          "        if self.G is None:\n"
                          "            self.G = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.G[i] += g * g\n"
                          "            std = np.sqrt(self.G[i]) + self.eps\n"
                          "            p += -self.lr * (g / std)\n")]},
              why="torch.optim.Adagrad's order: state_sum.addcmul_(g, g); std = sqrt(sum) + eps; p.addcdiv_(g, std, "
                  "value=-lr): the same step up to round-off"),
        # --- RMSprop ----------------------------------------------------------------------------------
        Valid(name="round7-rmsprop-ema-as-lerp",
              edits={M: [(RMS_BODY,
                          "        if self.s is None:\n"
                          "            self.s = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.s[i] += (1 - self.decay) * (g * g - self.s[i])\n"
                          "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")]},
              why="the moving average written s += (1 - decay)(g^2 - s) (TensorFlow's assign_add form): algebraically "
                  "decay*s + (1-decay)*g^2"),
        Valid(name="round7-rmsprop-pytorch-mul-addcmul",
              edits={M: [(RMS_BODY,
                          "        if self.s is None:\n"
                          "            self.s = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            sq = self.s[i]\n"
                          "            sq *= self.decay\n"
                          "            sq += (1 - self.decay) * g * g\n"
                          "            avg = np.sqrt(sq)\n"
                          "            avg += self.eps\n"
                          "            p -= self.lr * (g / avg)\n")]},
              why="torch.optim.RMSprop's in-place order (square_avg.mul_(alpha).addcmul_(g, g, value=1-alpha); "
                  "avg = sqrt + eps; p.addcdiv_(g, avg, value=-lr)): the same numbers up to round-off"),
        # --- Adam -------------------------------------------------------------------------------------
        Valid(name="round7-adam-pytorch-denom",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        bias_correction1 = 1 - self.beta1 ** self.t\n"
                          "        bias_correction2 = 1 - self.beta2 ** self.t\n"
                          "        step_size = self.lr / bias_correction1\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g * g\n"
                          "            denom = np.sqrt(self.v[i]) / np.sqrt(bias_correction2) + self.eps\n"
                          "            p -= step_size * self.m[i] / denom\n")]},
              why="torch.optim.Adam's single-tensor code: denom = sqrt(v)/sqrt(bc2) + eps, step_size = lr/bc1: eps "
                  "outside the root after the correction, exactly the course's form up to round-off"),
        Valid(name="round7-adam-running-beta-powers-lerp",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "            self.beta1_t, self.beta2_t = 1.0, 1.0\n"
                          "        self.t += 1\n"
                          "        self.beta1_t *= self.beta1      # beta1 ** t, kept as a running product\n"
                          "        self.beta2_t *= self.beta2\n"
                          "        for p, g, m, v in zip(params, grads, self.m, self.v):\n"
                          "            m += (1 - self.beta1) * (g - m)\n"
                          "            v += (1 - self.beta2) * (g ** 2 - v)\n"
                          "            m_hat = m / (1 - self.beta1_t)\n"
                          "            v_hat = v / (1 - self.beta2_t)\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="beta**t kept as running products and the moments updated in place as m += (1-b)(g-m): the same "
                  "recurrences, round-off apart"),
        Valid(name="round7-adam-per-parameter-counters-prints",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "            self.steps = [0] * len(params)\n"
                          "        self.t += 1\n"
                          "        if self.t % 100 == 0:\n"
                          "            print(f'Adam step {self.t}, lr {self.lr}')\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.steps[i] += 1\n"
                          "            t = self.steps[i]\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * np.square(g)\n"
                          "            m_hat = self.m[i] / (1.0 - self.beta1 ** t)\n"
                          "            v_hat = self.v[i] / (1.0 - self.beta2 ** t)\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="a step counter per parameter (PyTorch keeps state['step'] per parameter) beside the shared t; a "
                  "print every 100 steps"),
        # --- AdamW ------------------------------------------------------------------------------------
        Valid(name="round7-adamw-written-out",
              edits={M: [(ADAMW_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            p *= 1 - self.lr * self.weight_decay\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                          "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="the whole AdamW step written out (no super()), PyTorch's p *= 1 - lr*wd per parameter before its "
                  "Adam step"),
        Valid(name="round7-adamw-decay-list-then-super",
              edits={M: [(ADAMW_BODY,
                          "        decay = [self.lr * self.weight_decay * p for p in params]\n"
                          "        Adam.update(self, params, grads)\n"
                          "        for p, d in zip(params, decay):\n"
                          "            p -= d\n")]},
              why="the decay terms computed first from the old parameters, Adam.update called explicitly, then the "
                  "decay subtracted: the same sum of the two steps"),
        # --- written after the first grading, having read only week 1's sgd grader (docs/graders.md) ---
        Valid(name="round7b-rmsprop-power-half",
              edits={M: [(RMS_STEP, "            p -= self.lr * g / (self.s[i] ** 0.5 + self.eps)\n")]},
              why="s ** 0.5 for the root (pow instead of sqrt: at most an ulp apart)"),
        Valid(name="round7b-adam-t-local-then-stored",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        t = self.t + 1\n"
                          "        grads = [np.array(g, dtype=np.float64) for g in grads]   # defensive copies\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            m_hat = self.m[i] / (1 - np.power(self.beta1, t))\n"
                          "            v_hat = self.v[i] / (1 - np.power(self.beta2, t))\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
                          "        self.t = t\n")]},
              why="the step count computed into a local and stored at the end of the call (t = 1 during the first "
                  "call's step, 1 after it); gradients copied defensively; np.power"),
        Valid(name="round7b-sgd-grads-as-tuple-zip-strict-lengths",
              edits={M: [(SGD_BODY,
                          "        if len(params) != len(grads):\n"
                          "            raise ValueError('params and grads must have the same length')\n"
                          "        for p, g in zip(params, grads):\n"
                          "            p -= self.lr * np.asarray(g, dtype=np.float64)\n")]},
              why="a length check raising ValueError, each gradient through np.asarray"),
    ]


VALID += _valid_round_7()


# --- round 8 of valid variants (docs/graders.md, "Valid variants, round 8"): correct code written from the contract,
# the stubs' docstrings and the libraries' public code (PyTorch, optax, Keras, fastai) BEFORE the graders were
# read, graded once: all at full marks but one left out (docs/graders.md says which and why), so no grader
# changed. Whole-function snippets come from the reference. ----
def _valid_round_8() -> list[Valid]:
    """Round 8's valid variants of this week (a function, so its snippet names stay local)."""
    SGD_BODY = solution_region(WEEK, "optimizers", "SGD.update")
    MOM_BODY = solution_region(WEEK, "optimizers", "SGDMomentum.update")
    NES_BODY = solution_region(WEEK, "optimizers", "Nesterov.update")
    ADAGRAD_BODY = solution_region(WEEK, "optimizers", "AdaGrad.update")
    RMS_BODY = solution_region(WEEK, "optimizers", "RMSprop.update")
    ADAM_BODY = solution_region(WEEK, "optimizers", "Adam.update")
    ADAMW_BODY = solution_region(WEEK, "optimizers", "AdamW.update")
    M = "optimizers"
    END = "        ### END SOLUTION\n"
    return [
        # --- SGD -------------------------------------------------------------------------------------------
        Valid(name="round8-sgd-np-add-out-negative",
              edits={M: [(SGD_BODY,
                          "        for p, g in zip(params, grads):\n"
                          "            np.add(p, -self.lr * np.asarray(g), out=p)\n")]},
              why="np.add of the negative step with out=p: in place, the gradient read through np.asarray"),
        Valid(name="round8-sgd-index-loop-augmented-item",
              edits={M: [(SGD_BODY,
                          "        assert len(params) == len(grads)\n"
                          "        for i in range(len(params)):\n"
                          "            params[i] -= self.lr * grads[i]\n")]},
              why="params[i] -= ...: the augmented assignment on a list item calls the array's in-place __isub__ and "
                  "stores the same array back"),
        # --- SGDMomentum ---------------------------------------------------------------------------------
        Valid(name="round8-momentum-dict-by-index-lazy-in-place",
              edits={M: [(MOM_BODY,
                          "        if not hasattr(self, 'buffers'):\n"
                          "            self.buffers = {}\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            if i not in self.buffers:\n"
                          "                self.buffers[i] = np.zeros(p.shape)\n"
                          "            buf = self.buffers[i]\n"
                          "            buf *= self.momentum\n"
                          "            buf += g\n"
                          "            p -= self.lr * buf\n")]},
              why="PyTorch's momentum_buffer in a dict keyed by position, created lazily per parameter, updated in "
                  "place as buf *= mu; buf += g (the stub's velocities left None)"),
        Valid(name="round8-momentum-single-flat-vector",
              edits={M: [(MOM_BODY,
                          "        sizes = [p.size for p in params]\n"
                          "        flat_g = np.concatenate([np.ravel(g) for g in grads])\n"
                          "        if self.velocities is None:\n"
                          "            self.velocities = np.zeros(sum(sizes))\n"
                          "        self.velocities = self.momentum * self.velocities + flat_g\n"
                          "        offset = 0\n"
                          "        for p, n in zip(params, sizes):\n"
                          "            p -= self.lr * self.velocities[offset:offset + n].reshape(p.shape)\n"
                          "            offset += n\n")]},
              why="all velocities in ONE flat vector (the parameters' entries concatenated in list order): the same "
                  "per-entry recurrence, each parameter's slice reshaped for its step"),
        # --- Nesterov ------------------------------------------------------------------------------------
        Valid(name="round8-nesterov-lazy-append-ellipsis",
              edits={M: [(NES_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = []\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            if len(self.velocities) <= i:\n"
                          "                self.velocities.append(np.zeros(p.shape, dtype=np.float64))\n"
                          "            v = self.velocities[i]\n"
                          "            v[...] = self.momentum * v + g\n"
                          "            p[...] = p - self.lr * (g + self.momentum * v)\n")]},
              why="the velocity list grown by append on first use, v and p written through [...] (in place)"),
        Valid(name="round8-nesterov-dict-state-np-add-out",
              edits={M: [(NES_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = {}\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            v = self.momentum * self.velocities.get(i, 0.0) + g\n"
                          "            self.velocities[i] = v\n"
                          "            np.add(p, -self.lr * (g + self.momentum * v), out=p)\n")]},
              why="velocities in a dict keyed by position, a missing entry read as 0.0 (mu * 0 + g = g), the step "
                  "through np.add(..., out=p)"),
        # --- AdaGrad -------------------------------------------------------------------------------------
        Valid(name="round8-adagrad-flat-accumulator",
              edits={M: [(ADAGRAD_BODY,
                          "        flat_g = np.concatenate([np.asarray(g, dtype=np.float64).ravel() for g in grads])\n"
                          "        if self.G is None:\n"
                          "            self.G = np.zeros_like(flat_g)\n"
                          "        self.G += flat_g * flat_g\n"
                          "        step = self.lr * flat_g / (np.sqrt(self.G) + self.eps)\n"
                          "        start = 0\n"
                          "        for p in params:\n"
                          "            p -= step[start:start + p.size].reshape(p.shape)\n"
                          "            start += p.size\n")]},
              why="one flat accumulator for all entries, g*g for g**2, the whole step computed flat and split back "
                  "by the parameters' sizes"),
        Valid(name="round8-adagrad-dict-lazy-np-divide",
              edits={M: [(ADAGRAD_BODY,
                          "        if self.G is None:\n"
                          "            self.G = {}\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            G = self.G.setdefault(i, np.zeros_like(p))\n"
                          "            np.add(G, np.square(g), out=G)\n"
                          "            p -= self.lr * np.divide(g, np.add(np.sqrt(G), self.eps))\n")]},
              why="the sums in a dict keyed by position (setdefault), accumulated with np.add(out=), the ratio via "
                  "np.divide"),
        # --- RMSprop -------------------------------------------------------------------------------------
        Valid(name="round8-rmsprop-lazy-list-np-add-out",
              edits={M: [(RMS_BODY,
                          "        if self.s is None:\n"
                          "            self.s = [None] * len(params)\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            if self.s[i] is None:\n"
                          "                self.s[i] = np.zeros(np.shape(p))\n"
                          "            self.s[i] = self.decay * self.s[i] + (1.0 - self.decay) * np.square(g)\n"
                          "            np.add(p, -self.lr * g / (np.sqrt(self.s[i]) + self.eps), out=p)\n")]},
              why="a list of None filled lazily per parameter, np.square, the step through np.add(..., out=p)"),
        Valid(name="round8-rmsprop-torch-names-state-dict",
              edits={M: [(RMS_BODY,
                          "        if not hasattr(self, 'state'):\n"
                          "            self.state = {}\n"
                          "        for idx, (p, g) in enumerate(zip(params, grads)):\n"
                          "            st = self.state.setdefault(idx, {'square_avg': np.zeros_like(p), 'step': 0})\n"
                          "            st['step'] += 1\n"
                          "            st['square_avg'] = self.decay * st['square_avg'] + (1 - self.decay) * g * g\n"
                          "            avg = np.sqrt(st['square_avg']) + self.eps\n"
                          "            p -= self.lr * g / avg\n")]},
              why="torch.optim.RMSprop's per-parameter state dict (square_avg, step) keyed by position: eps outside "
                  "the root, the same numbers"),
        # --- Adam ----------------------------------------------------------------------------------------
        Valid(name="round8-adam-state-pairs-np-power",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = {}\n"
                          "        self.t += 1\n"
                          "        t = float(self.t)\n"
                          "        bc1 = 1.0 - np.power(self.beta1, t)\n"
                          "        bc2 = 1.0 - np.power(self.beta2, t)\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            m, v = self.m.get(i, (np.zeros_like(p), np.zeros_like(p)))\n"
                          "            m = self.beta1 * m + (1 - self.beta1) * g\n"
                          "            v = self.beta2 * v + (1 - self.beta2) * np.square(g)\n"
                          "            self.m[i] = (m, v)\n"
                          "            p -= self.lr * (m / bc1) / (np.sqrt(v / bc2) + self.eps)\n")]},
              why="both moments of a parameter kept as a (m, v) pair in a dict keyed by position; the corrections "
                  "from np.power with a float t, computed once per call"),
        Valid(name="round8-adam-flat-moments",
              edits={M: [(ADAM_BODY,
                          "        g = np.concatenate([np.ravel(x) for x in grads])\n"
                          "        if self.m is None:\n"
                          "            self.m = np.zeros(g.size)\n"
                          "            self.v = np.zeros(g.size)\n"
                          "        self.t += 1\n"
                          "        self.m = self.beta1 * self.m + (1 - self.beta1) * g\n"
                          "        self.v = self.beta2 * self.v + (1 - self.beta2) * g ** 2\n"
                          "        m_hat = self.m / (1 - self.beta1 ** self.t)\n"
                          "        v_hat = self.v / (1 - self.beta2 ** self.t)\n"
                          "        step = self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
                          "        i = 0\n"
                          "        for p in params:\n"
                          "            p[...] = p - step[i:i + p.size].reshape(p.shape)\n"
                          "            i += p.size\n")]},
              why="the moments as single flat vectors over all entries (the parameters' order), the step split back "
                  "and written with p[...] ="),
        Valid(name="round8-adam-lazy-per-index-in-place-moments",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m, self.v = [], []\n"
                          "        self.t += 1\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            if i == len(self.m):\n"
                          "                self.m.append(np.zeros_like(p))\n"
                          "                self.v.append(np.zeros_like(p))\n"
                          "            m, v = self.m[i], self.v[i]\n"
                          "            m *= self.beta1\n"
                          "            m += (1 - self.beta1) * g\n"
                          "            v *= self.beta2\n"
                          "            v += (1 - self.beta2) * g * g\n"
                          "            denom = np.sqrt(v / (1 - self.beta2 ** self.t)) + self.eps\n"
                          "            np.subtract(p, self.lr * (m / (1 - self.beta1 ** self.t)) / denom, out=p)\n")]},
              why="moment lists grown on first use, moments updated in place (*=, +=), the step via np.subtract(out=)"),
        # --- AdamW ---------------------------------------------------------------------------------------
        Valid(name="round8-adamw-np-multiply-out-then-adam",
              edits={M: [(ADAMW_BODY,
                          "        shrink = 1.0 - self.lr * self.weight_decay\n"
                          "        for p in params:\n"
                          "            np.multiply(p, shrink, out=p)\n"
                          "        Adam.update(self, params, grads)\n")]},
              why="the decay as np.multiply(p, 1 - lr*wd, out=p) (PyTorch's p.mul_), then Adam.update called by name"),
        Valid(name="round8-adamw-decay-inside-written-out-loop",
              edits={M: [(ADAMW_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            p[...] = p - self.lr * self.weight_decay * p\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                          "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
                          "            p[...] = p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="the decay and the Adam step per parameter inside one written-out loop, both through p[...] ="),
        Valid(name="round8-sgd-prints-every-update",
              edits={M: [(SGD_BODY,
                          "        for k, (p, g) in enumerate(zip(params, grads)):\n"
                          "            p -= self.lr * g\n"
                          "            print(f'param {k}: lr={self.lr:.3g} |g|={np.linalg.norm(g):.3e}')\n")]},
              why="a debugging print per parameter at every update left in (much output in long runs)"),
        Valid(name="round8-adam-warns-on-nonfinite-gradient",
              edits={M: [(ADAM_BODY,
                          "        import warnings\n"
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            if not np.all(np.isfinite(g)):\n"
                          "                warnings.warn(f'non-finite gradient for parameter {i} at step {self.t}')\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                          "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="a warnings.warn when a gradient is not finite (the step still made as the formula says)"),
        Valid(name="round8-adam-state-made-when-t-is-zero",
              edits={M: [(ADAM_BODY,
                          "        if self.t == 0:\n"
                          "            self.m = [np.zeros(np.shape(p)) for p in params]\n"
                          "            self.v = [np.zeros(np.shape(p)) for p in params]\n"
                          "        self.t = self.t + 1\n"
                          "        b1, b2, lr, eps, t = self.beta1, self.beta2, self.lr, self.eps, self.t\n"
                          "        for p, g, m, v in zip(params, grads, self.m, self.v):\n"
                          "            m[...] = b1 * m + (1 - b1) * g\n"
                          "            v[...] = b2 * v + (1 - b2) * g ** 2\n"
                          "            p[...] -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)\n")]},
              why="the state made on the call where t is still 0 (the first), moments zipped with the parameters and "
                  "written through [...], hyperparameters read into locals at each call"),
        Valid(name="round8-adamw-optax-decayed-weights-in-update",
              edits={M: [(ADAMW_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                          "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
                          "            update = m_hat / (np.sqrt(v_hat) + self.eps) + self.weight_decay * p\n"
                          "            p -= self.lr * update\n")]},
              why="optax.adamw's chain: scale_by_adam, then add_decayed_weights (wd * p, the parameter before the "
                  "step) and one scale by -lr: p - lr*adam - lr*wd*p, the same step"),
        Valid(name="round8-momentum-velocities-tuple-rebuilt",
              edits={M: [(MOM_BODY,
                          "        old = self.velocities if self.velocities is not None else tuple(np.zeros_like(p) for p in params)\n"
                          "        self.velocities = tuple(self.momentum * v + g for v, g in zip(old, grads))\n"
                          "        for p, v in zip(params, self.velocities):\n"
                          "            p -= self.lr * v\n")]},
              why="the velocities rebuilt as a tuple each call (state by position, zeros on the first call)"),
        Valid(name="round8-rmsprop-grads-copied-float-lr",
              edits={M: [(RMS_BODY,
                          "        grads = [np.array(g, dtype=np.float64, copy=True) for g in grads]\n"
                          "        lr = float(self.lr)\n"
                          "        if self.s is None:\n"
                          "            self.s = [np.zeros_like(g) for g in grads]\n"
                          "        for p, g, s in zip(params, grads, self.s):\n"
                          "            s *= self.decay\n"
                          "            s += (1 - self.decay) * g * g\n"
                          "            g /= np.sqrt(s) + self.eps       # on the private copy\n"
                          "            p -= lr * g\n")]},
              why="the gradients copied defensively and normalised in place on the copy; the state updated in place; "
                  "lr read as a float at each call"),
        Valid(name="round8-nesterov-pytorch-grad-plus-buf",
              edits={M: [(NES_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [None] * len(params)\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            buf = self.velocities[i]\n"
                          "            if buf is None:\n"
                          "                buf = np.array(g, dtype=np.float64, copy=True)   # torch: clone of the first grad\n"
                          "            else:\n"
                          "                buf = self.momentum * buf + g\n"
                          "            self.velocities[i] = buf\n"
                          "            d_p = g + self.momentum * buf\n"
                          "            np.subtract(p, self.lr * d_p, out=p)\n")]},
              why="torch.optim.SGD(nesterov=True): buf starts as a clone of g (= mu*0 + g), d_p = g + mu*buf, "
                  "p.add_(d_p, alpha=-lr) as np.subtract(out=)"),
        Valid(name="round8-adagrad-zero-d-safe-ellipsis",
              edits={M: [(ADAGRAD_BODY,
                          "        if self.G is None:\n"
                          "            self.G = [np.zeros(np.shape(p)) for p in params]\n"
                          "        for G, p, g in zip(self.G, params, grads):\n"
                          "            G[...] += np.asarray(g) ** 2\n"
                          "            p[...] = p - self.lr * np.asarray(g) / (np.sqrt(G) + self.eps)\n")]},
              why="accumulators and parameters written through [...] (in place, 0-d arrays included)"),
        Valid(name="round8-sgd-np-copyto",
              edits={M: [(SGD_BODY,
                          "        for p, g in zip(params, grads):\n"
                          "            np.copyto(p, p - self.lr * g)\n")]},
              why="np.copyto writes the new values into the caller's array (in place)"),
        Valid(name="round8-momentum-flat-iterator-assign",
              edits={M: [(MOM_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                          "            p.flat[:] = (p - self.lr * self.velocities[i]).ravel()\n")]},
              why="the new values written through p.flat[:] (in place, any shape)"),
        Valid(name="round8-adam-out-buffers",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        for p, g, m, v in zip(params, grads, self.m, self.v):\n"
                          "            np.multiply(m, self.beta1, out=m)\n"
                          "            np.add(m, (1 - self.beta1) * g, out=m)\n"
                          "            np.multiply(v, self.beta2, out=v)\n"
                          "            np.add(v, (1 - self.beta2) * np.square(g), out=v)\n"
                          "            denom = np.sqrt(v / (1 - self.beta2 ** self.t)) + self.eps\n"
                          "            np.subtract(p, self.lr * (m / (1 - self.beta1 ** self.t)) / denom, out=p)\n")]},
              why="the moments updated through ufuncs with out= (in place, 0-d arrays too), the step via np.subtract(out=p)"),
        Valid(name="round8-adam-own-step-counter-name",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "            self.step_count = 0\n"
                          "        self.step_count += 1\n"
                          "        self.t = self.step_count          # kept in step for anyone reading t\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            m_hat = self.m[i] / (1 - self.beta1 ** self.step_count)\n"
                          "            v_hat = self.v[i] / (1 - self.beta2 ** self.step_count)\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="its own counter attribute (step_count) drives the corrections, t mirrored from it"),
        Valid(name="round8-adagrad-nested-helper",
              edits={M: [(ADAGRAD_BODY,
                          "        def step(p, g, G):\n"
                          "            G += g * g\n"
                          "            p -= self.lr * g / (np.sqrt(G) + self.eps)\n"
                          "        if self.G is None:\n"
                          "            self.G = [np.zeros_like(p) for p in params]\n"
                          "        for p, g, G in zip(params, grads, self.G):\n"
                          "            step(p, g, G)\n")]},
              why="the per-parameter step as a nested helper working in place on the parameter and its accumulator"),
        Valid(name="round8-module-level-self-check-left-in",
              edits={M: [(ADAMW_BODY + END,
                          ADAMW_BODY + END +
                          "\n\n# quick check of SGD's docstring example (left in, no __main__ guard: runs at import)\n"
                          "_p = np.array([1.0, -2.0])\n"
                          "SGD(lr=0.1).update([_p], [np.array([0.5, 0.5])])\n"
                          "assert np.allclose(_p, [0.95, -2.05]), _p\n"
                          "print('optimizers self-check passed')\n")]},
              why="a self-check left at the bottom of the module without a __main__ guard (runs and prints at import)"),
        Valid(name="round8-adam-all-steps-computed-then-applied",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        steps = []\n"
                          "        for i, g in enumerate(grads):\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                          "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
                          "            steps.append(self.lr * m_hat / (np.sqrt(v_hat) + self.eps))\n"
                          "        for p, s in zip(params, steps):     # apply only once every step is known\n"
                          "            p -= s\n")]},
              why="every parameter's step computed first, then all applied (two passes): the same updates"),
        Valid(name="round8-momentum-dataclass-state",
              edits={M: [(MOM_BODY,
                          "        from dataclasses import dataclass, field\n"
                          "\n"
                          "        @dataclass\n"
                          "        class Slot:\n"
                          "            velocity: np.ndarray\n"
                          "            steps: int = field(default=0)\n"
                          "\n"
                          "        if self.velocities is None:\n"
                          "            self.velocities = [Slot(np.zeros_like(p)) for p in params]\n"
                          "        for slot, p, g in zip(self.velocities, params, grads):\n"
                          "            slot.velocity = self.momentum * slot.velocity + g\n"
                          "            slot.steps += 1\n"
                          "            p -= self.lr * slot.velocity\n")]},
              why="each parameter's state in a small dataclass (velocity, step count), held in the velocities list"),
        Valid(name="round8-sgd-annotated-update",
              edits={M: [(SGD_BODY,
                          "        lr: float = self.lr\n"
                          "        p: np.ndarray\n"
                          "        for p, g in zip(params, grads, strict=True):\n"
                          "            p -= lr * g\n"
                          "        return None\n")]},
              why="annotations inside update, zip(strict=True) (lists of the same length), an explicit return None"),
        Valid(name="round8-module-silences-runtime-warnings",
              edits={M: [("import numpy as np\n",
                          "import warnings\n\nimport numpy as np\n\n"
                          "warnings.filterwarnings('ignore', category=RuntimeWarning)   # quiet sqrt/overflow noise\n")]},
              why="a module-level filter that silences RuntimeWarning (a global side effect at import); the "
                  "optimizers are unchanged"),
    ]


VALID += _valid_round_8()

# Held-out round 7 (docs/graders.md): heldout_round7.py, written outside the repository from public sources
# after round 6 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_7 = load_round(__file__, "heldout_round7.py").ROUND_7
# decided before grading: written as a mistake, but the contract accepts it (the Adam paper's efficient
# form, the valid case round6-adam-keras-epsilon-hat): a valid case (heldout7-...), at full marks
ACCEPTED_7 = ('adam-keras-epsilon-hat-step',)
VALID += [Valid(name=f"heldout7-{m.case}", edits=m.edits, why=m.why) for m in ROUND_7 if m.case in ACCEPTED_7]
ROUND_7 = [m for m in ROUND_7 if m.case not in ACCEPTED_7]
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_7_ALSO = {'momentum-ewa-with-bias-correction': ('state-between-calls',), 'nesterov-cs231n-without-v-prev-term': ('state-between-calls',), 'rmsprop-divides-by-mean-square': ('update-gradient-scaling',), 'adam-m-hat-corrected-with-beta2': ('bias-correction',), 'adam-infinity-norm-second-moment': ('state-between-calls',), 'adam-alpha-over-sqrt-t': ('state-between-calls',)}

# --- round 7 burnt (docs/graders.md, "The figures"): graded once held out (81 of 82 lose points, 53 named), then
# used to grow the graders; training cases now (heldout_round7.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_7_UNNAMED = {
    'adagrad-zeros-list-times-n': "[np.zeros_like(params[0])] * n: told only 'exception' (the shared array's shape "
                                  'clashes), not the one array shared',
    'adam-with-nesterov-look-ahead': "NAdam's look-ahead in Adam: read as a constant factor on the step, true of the "
                                     'first step only',
}
MISTAKES += burn(ROUND_7, 7, ROUND_7_ALSO, ROUND_7_UNNAMED, MISTAKES)

# --- crashes named by their kind (docs/graders.md, "Mechanism names"): the exception's class and message prove
# the slip whatever code raised it (autograder/kit/judge.py, crash_named); a training case of other code each
MOM_VELOCITY = ("            self.velocities = [np.zeros_like(p) for p in params]\n"
                "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                "            p -= self.lr * self.velocities[i]\n")   # (momentum's; Nesterov's starts alike)
MISTAKES += [
    Mistake(tag="wrong-shape", name="momentum-velocity-of-size-entries",
            edits={"optimizers": [(MOM_VELOCITY, MOM_VELOCITY.replace("np.zeros_like(p)", "np.zeros(p.size)"))]},
            why="each velocity made with p.size zeros, as for a vector: a weight matrix's gradient meets a flat "
                "velocity of as many entries",
            source="mechanism: a crash named by its kind (numpy broadcasting: a flat array and a shaped one)"),
]
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# Held-out round 8 (docs/graders.md): heldout_round8.py, written outside the repository from public sources
# after round 7 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_8 = load_round(__file__, "heldout_round8.py").ROUND_8
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_8_ALSO = {'momentum-velocities-np-zeros-len-params': ('wrong-shape',), 'nesterov-bengio-minus-with-torch-velocity': ('state-between-calls',), 'rmsprop-momentum-0.9-built-in': ('state-between-calls',), 'rmsprop-keras2-decay-argument': ('state-between-calls',), 'adam-corrects-only-first-moment': ('bias-correction',), 'adam-alpha-copied-in-init': ('learning-rate-use',)}
# --- round 8 burnt (docs/graders.md, "Round 8 is burnt"): graded once held out (18 of 18 lose points, 10 named), then
# used to grow the graders; training cases now (heldout_round8.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_8_UNNAMED = {
    'adam-second-moment-of-g-minus-m': "AdaBelief's (g - m)^2 as the second moment: no model of another optimizer "
                                       "names it",
}
# after grading: the graders' own model of the same slip names it (its words read against the case: "Adam with the
# bias correction applied to m only"; "AdamW with the decay applied twice: decoupled AND as an L2 term"); the state
# of one number per parameter is named wrong-shape by the kind of crash, its writer's own name
ROUND_8_ALSO = {**ROUND_8_ALSO, 'adam-corrects-only-first-moment': ('adam-bias-correction-partial',),
                'adamw-decoupled-and-l2-both': ('adamw-decay-twice',)}
# after grading: named by the family grown from them (optimizer_forms.SEEDED: the state seeded with the first
# gradient's own term)
ROUND_8_ALSO = {**ROUND_8_ALSO, 'adagrad-accumulator-seeded-with-first-square': ('state-seeded-with-first-gradient',),
                'adam-moments-seeded-with-first-gradient': ('state-seeded-with-first-gradient',)}
MISTAKES += burn(ROUND_8, 8, ROUND_8_ALSO, ROUND_8_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- crash kinds grown from round 8 (docs/graders.md, "Round 8 is burnt"): a training case of other code
MISTAKES += [
    Mistake(tag="wrong-shape", name="adagrad-accumulator-one-number-per-parameter",
            edits={"optimizers": [("            self.G = [np.zeros_like(p) for p in params]\n"
                                   "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                   "            self.G[i] = self.G[i] + g ** 2\n",
                                   "            self.G = np.zeros(len(params))\n"
                                   "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                   "            self.G[i] += g ** 2\n")]},
            why="the accumulator made as one number per parameter: each parameter's squared gradients are an array",
            source="mechanism: a crash named by its kind (numpy: setting an array element with a sequence)"),
]


# --- a family grown from round 8 (docs/graders.md, "Round 8 is burnt"): the state seeded with the first gradient's
# own term (optimizer_forms.SEEDED); a training case of other code and another optimizer
MISTAKES += [
    Mistake(tag="state-seeded-with-first-gradient", name="rmsprop-average-seeded-with-first-square",
            edits={"optimizers": [("            self.s = [np.zeros_like(p) for p in params]\n",
                                   "            self.s = [np.square(g) for g in grads]   # no cold start at 0\n")]},
            why="the running average started at the first squared gradient instead of 0, then averaged as usual",
            source="family: the state seeded with the first gradient (https://docs.pytorch.org/docs/stable/"
                   "generated/torch.optim.RMSprop.html: square_avg starts at 0)"),
]
# the look-ahead term without the learning rate (optimizer_forms: Nesterov's family): other code
NEST_UPDATE = "            p -= self.lr * (g + self.momentum * self.velocities[i])\n"
MISTAKES += [
    Mistake(tag="nesterov-velocity-without-lr", name="nesterov-look-ahead-added-after-the-step",
            edits={"optimizers": [(NEST_UPDATE,
                                   "            p -= self.lr * g\n"
                                   "            p -= self.momentum * self.velocities[i]   # look ahead\n")]},
            why="the look-ahead written as a second move by mu * v, without the learning rate",
            source="family: the look-ahead term without lr (Sutskever et al. 2013, eq. 3-4: the velocity there "
                   "already holds the rate)"),
]
# the running average moved away from g**2 (optimizer_forms: RMSprop's weights 2 - decay, -(1 - decay)): other code
MISTAKES += [
    Mistake(tag="rmsprop-average-sign-flipped", name="rmsprop-average-minus-the-step-towards-g2",
            edits={"optimizers": [("            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n",
                                   "            self.s[i] = self.s[i] - (1 - self.decay) * (g ** 2 - self.s[i])\n")]},
            why="the incremental update subtracted where it is added: the average moves away from g**2",
            source="mechanism: an average with weights (2 - decay, -(1 - decay)) (https://en.wikipedia.org/wiki/"
                   "Exponential_smoothing)"),
]


# --- round 9 of valid variants (docs/graders.md, "Valid variants, round 9"): correct code written from the contract
# and the stubs' docstrings BEFORE the graders were read, aimed at classes rounds 7-8 did not cover (lr as a
# property, __slots__, composition instead of inheritance, per-parameter state objects, the Adam paper's efficient
# form with its epsilon-hat, Bengio's Nesterov form, in-place Keras momentum, itertools counters), each checked
# against the reference on random inputs and changing learning rates, then graded once. ----
def _valid_round_9() -> list[Valid]:
    """Round 9's valid variants of this week (a function, so its snippet names stay local)."""
    M = "optimizers"
    SGD_BODY, MOM_BODY, NEST_BODY, ADA_BODY, RMS_BODY, ADAM_BODY, ADAMW_BODY = (
        solution_region(WEEK, M, f"{cls}.update")
        for cls in ("SGD", "SGDMomentum", "Nesterov", "AdaGrad", "RMSprop", "Adam", "AdamW"))
    IMPORT = "import numpy as np\n"
    return [
        # --- SGD ---------------------------------------------------------------------------
        Valid(name="round9-sgd-slots",
              edits={M: [("class SGD:\n", "class SGD:\n    __slots__ = ('lr',)   # no per-instance dict\n"),
                         (SGD_BODY,
                          "        for p, g in zip(params, grads):\n"
                          "            p += (-self.lr) * g\n")]},
              why="__slots__ holding only lr (still a public, settable attribute); the step added as -lr * g"),
        Valid(name="round9-sgd-validated-lr-property",
              edits={M: [("class SGD:\n",
                          "class SGD:\n"
                          "    @property\n"
                          "    def lr(self):\n"
                          "        return self._lr\n"
                          "\n"
                          "    @lr.setter\n"
                          "    def lr(self, value):\n"
                          "        if value < 0:\n"
                          "            raise ValueError(f'lr must be >= 0, got {value}')\n"
                          "        self._lr = value\n"),
                         (SGD_BODY,
                          "        params, grads = list(params), list(grads)\n"
                          "        if len(params) != len(grads):\n"
                          "            raise ValueError(f'{len(params)} parameters but {len(grads)} gradients')\n"
                          "        for p, g in zip(params, grads):\n"
                          "            p -= self.lr * g\n")]},
              why="lr a property whose setter refuses only a negative rate (0 from a warmup is fine); the lists' "
                  "lengths checked, raising only on a mismatch"),
        # --- SGDMomentum ---------------------------------------------------------------------------
        Valid(name="round9-momentum-lr-property-in-place-velocity",
              edits={M: [("class SGDMomentum:\n",
                          "class SGDMomentum:\n"
                          "    lr = property(lambda self: self._lr, lambda self, value: setattr(self, '_lr', "
                          "value))\n"),
                         (MOM_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros(np.shape(p)) for p in params]\n"
                          "        for p, g, v in zip(params, grads, self.velocities):\n"
                          "            v *= self.momentum\n"
                          "            v += g\n"
                          "            p -= self.lr * v\n")]},
              why="lr a property over _lr (a schedule's assignment goes through the setter); each velocity updated in "
                  "place in its list"),
        Valid(name="round9-momentum-keras-form-in-place",
              edits={M: [(MOM_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        for p, g, v in zip(params, grads, self.velocities):\n"
                          "            v *= self.momentum\n"
                          "            v -= self.lr * g\n"
                          "            p += v\n")]},
              why="the taught lr-folded form v = mu v - lr g; p += v (the contract accepts it), written in place"),
        # --- Nesterov ---------------------------------------------------------------------------
        Valid(name="round9-nesterov-bengio-form",
              edits={M: [(NEST_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            v_prev = self.velocities[i]\n"
                          "            v = self.momentum * v_prev - self.lr * g\n"
                          "            p += -self.momentum * v_prev + (1 + self.momentum) * v\n"
                          "            self.velocities[i] = v\n")]},
              why="Bengio et al. (2013)'s form with the lr-folded velocity: p += -mu v_prev + (1 + mu) v, which is "
                  "Keras' p += mu v - lr g (the taught lr-folded form)"),
        Valid(name="round9-nesterov-two-subtractions",
              edits={M: [(NEST_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            v = self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                          "            p -= self.lr * g\n"
                          "            p -= self.lr * self.momentum * v\n")]},
              why="the look-ahead step split into the gradient part and the momentum part (equal up to round-off); "
                  "a chained assignment stores the velocity"),
        # --- AdaGrad ---------------------------------------------------------------------------
        Valid(name="round9-adagrad-slots-reciprocal",
              edits={M: [("class AdaGrad:\n", "class AdaGrad:\n    __slots__ = ('lr', 'eps', 'G')\n"),
                         (ADA_BODY,
                          "        if self.G is None:\n"
                          "            self.G = [np.zeros_like(p) for p in params]\n"
                          "        for G, p, g in zip(self.G, params, grads):\n"
                          "            G += g * g\n"
                          "            p -= self.lr * g * np.reciprocal(np.sqrt(G) + self.eps)\n")]},
              why="__slots__ for lr, eps, G; the accumulators grown in place; 1 / (sqrt(G) + eps) via np.reciprocal "
                  "(equal up to round-off)"),
        Valid(name="round9-adagrad-module-helper",
              edits={M: [(IMPORT, "import numpy as np\n\n\n"
                                  "def _zeros_for(params):\n"
                                  "    \"\"\"One float64 zero array per parameter, by position.\"\"\"\n"
                                  "    return [np.zeros(np.shape(p), dtype=np.float64) for p in params]\n"),
                         (ADA_BODY,
                          "        self.G = _zeros_for(params) if self.G is None else self.G\n"
                          "        for i in range(len(params)):\n"
                          "            self.G[i] = self.G[i] + np.square(grads[i])\n"
                          "            params[i] -= self.lr * np.divide(grads[i], np.sqrt(self.G[i]) + self.eps)\n")]},
              why="a module-level helper makes the zero state; np.square, np.divide; params indexed by position"),
        # --- RMSprop ---------------------------------------------------------------------------
        Valid(name="round9-rmsprop-simplenamespace-state",
              edits={M: [(IMPORT, "from types import SimpleNamespace\n\nimport numpy as np\n"),
                         (RMS_BODY,
                          "        if self.s is None:\n"
                          "            self.s = [np.zeros_like(p) for p in params]\n"
                          "            self.state = [SimpleNamespace(square_avg=s) for s in self.s]\n"
                          "        for st, p, g in zip(self.state, params, grads):\n"
                          "            st.square_avg *= self.decay\n"
                          "            st.square_avg += (1 - self.decay) * np.square(g)\n"
                          "            p -= self.lr * g / (np.sqrt(st.square_avg) + self.eps)\n")]},
              why="per-parameter state objects (SimpleNamespace) sharing the s arrays, updated in place"),
        Valid(name="round9-rmsprop-comprehension-rebuilt-averages",
              edits={M: [(RMS_BODY,
                          "        def rms(avg):\n"
                          "            return np.sqrt(avg)\n"
                          "        if self.s is None:\n"
                          "            self.s = [0.0 * p for p in params]\n"
                          "        self.s = [self.decay * s + (1.0 - self.decay) * g * g for s, g in zip(self.s, "
                          "grads)]\n"
                          "        for p, g, s in zip(params, grads, self.s):\n"
                          "            np.subtract(p, self.lr * g / (rms(s) + self.eps), out=p)\n")]},
              why="the averages rebuilt in one comprehension, 0.0 * p as the zero start, a nested rms helper, the step "
                  "through np.subtract(..., out=p)"),
        # --- Adam ---------------------------------------------------------------------------
        Valid(name="round9-adam-paper-efficient-form-eps-hat",
              edits={M: [(IMPORT, "import math\n\nimport numpy as np\n"),
                         (ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        root_bc2 = math.sqrt(1 - self.beta2 ** self.t)\n"
                          "        alpha_t = self.lr * root_bc2 / (1 - self.beta1 ** self.t)\n"
                          "        eps_hat = self.eps * root_bc2\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            p -= alpha_t * self.m[i] / (np.sqrt(self.v[i]) + eps_hat)\n")]},
              why="the Adam paper's efficient form (Algorithm 1's note): alpha_t = lr sqrt(1 - b2^t) / (1 - b1^t) with "
                  "eps_hat = eps sqrt(1 - b2^t), which is exactly the contract's step"),
        Valid(name="round9-adam-in-place-moments-math-pow",
              edits={M: [(IMPORT, "import math\n\nimport numpy as np\n"),
                         (ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        bc1 = 1.0 - math.pow(self.beta1, self.t)\n"
                          "        bc2 = 1.0 - math.pow(self.beta2, self.t)\n"
                          "        for m, v, p, g in zip(self.m, self.v, params, grads):\n"
                          "            m *= self.beta1\n"
                          "            m += (1.0 - self.beta1) * g\n"
                          "            v *= self.beta2\n"
                          "            v += (1.0 - self.beta2) * (g * g)\n"
                          "            p -= self.lr * (m / bc1) / (np.sqrt(v / bc2) + self.eps)\n")]},
              why="the moments updated in place in their lists; the bias corrections with math.pow, once per call"),
        Valid(name="round9-adam-itertools-counter",
              edits={M: [(IMPORT, "import itertools\n\nimport numpy as np\n"),
                         (ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "            self._steps = itertools.count(1)\n"
                          "        self.t = next(self._steps)\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                          "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="t drawn from an itertools.count(1) made with the state (t = 1, 2, ... once per call, kept in "
                  "self.t)"),
        # --- AdamW ---------------------------------------------------------------------------
        Valid(name="round9-adamw-composition-with-forwarded-lr",
              edits={M: [("class AdamW(Adam):\n", "class AdamW:\n"),
                         ("        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n"
                          "        self.weight_decay = weight_decay\n",
                          "        self._adam = Adam(lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n"
                          "        self.weight_decay = weight_decay\n"),
                         (ADAMW_BODY,
                          "        for p in params:\n"
                          "            p -= self.lr * self.weight_decay * p\n"
                          "        self._adam.update(params, grads)\n"
                          "\n"
                          "    # the Adam inside holds lr and the state; a schedule's lr reaches it through the "
                          "property\n"
                          "    lr = property(lambda self: self._adam.lr, lambda self, value: setattr(self._adam, 'lr', "
                          "value))\n"
                          "    beta1 = property(lambda self: self._adam.beta1)\n"
                          "    beta2 = property(lambda self: self._adam.beta2)\n"
                          "    eps = property(lambda self: self._adam.eps)\n"
                          "    m = property(lambda self: self._adam.m)\n"
                          "    v = property(lambda self: self._adam.v)\n"
                          "    t = property(lambda self: self._adam.t)\n")]},
              why="composition instead of inheritance: an Adam inside, lr forwarded by a settable property (a "
                  "schedule reaches the inner step), the state readable through properties"),
        Valid(name="round9-adamw-explicit-base-call-scaled-copies",
              edits={M: [(ADAMW_BODY,
                          "        shrink = 1.0 - self.lr * self.weight_decay\n"
                          "        for p in params:\n"
                          "            p[...] = shrink * p\n"
                          "        Adam.update(self, params, grads)\n")]},
              why="the decay as p[...] = (1 - lr wd) p, then Adam.update called on the base class explicitly"),
        # --- second batch, written after the first had been graded: state seeded on the first call with
        # the first step's exact value (mu * 0 + g = g, G = 0 + g**2, ...), a float step counter ----------------
        Valid(name="round9-momentum-velocity-seeded-with-first-gradient",
              edits={M: [(MOM_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.array(g, dtype=np.float64) for g in grads]   # mu * 0 + "
                          "g\n"
                          "        else:\n"
                          "            for i, g in enumerate(grads):\n"
                          "                self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                          "        for p, v in zip(params, self.velocities):\n"
                          "            p -= self.lr * v\n")]},
              why="the first velocity is the first gradient (mu * 0 + g, as PyTorch's buffer starts), copied; later "
                  "calls apply the recurrence"),
        Valid(name="round9-adagrad-accumulator-made-from-first-square",
              edits={M: [(ADA_BODY,
                          "        if self.G is None:\n"
                          "            self.G = [np.square(g) for g in grads]            # 0 + g**2\n"
                          "        else:\n"
                          "            self.G = [G + np.square(g) for G, g in zip(self.G, grads)]\n"
                          "        for p, g, G in zip(params, grads, self.G):\n"
                          "            p -= self.lr * g / (np.sqrt(G) + self.eps)\n")]},
              why="the accumulator created on the first call as that call's g**2 (what 0 + g**2 gives), added to "
                  "afterwards: every square counted once"),
        Valid(name="round9-rmsprop-average-made-from-first-weighted-square",
              edits={M: [(RMS_BODY,
                          "        first = self.s is None\n"
                          "        if first:\n"
                          "            self.s = [(1 - self.decay) * g ** 2 for g in grads]   # decay * 0 + ...\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            if not first:\n"
                          "                self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
                          "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")]},
              why="the average created on the first call as (1 - decay) g**2 (what decay * 0 + ... gives)"),
        Valid(name="round9-adam-moments-made-on-first-call-float-t",
              edits={M: [("        self.t = 0\n", "        self.t = 0.0\n"),
                         (ADAM_BODY,
                          "        self.t += 1\n"
                          "        if self.m is None:\n"
                          "            self.m = [(1 - self.beta1) * g for g in grads]\n"
                          "            self.v = [(1 - self.beta2) * g ** 2 for g in grads]\n"
                          "        else:\n"
                          "            for i, g in enumerate(grads):\n"
                          "                self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "                self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "        for p, m, v in zip(params, self.m, self.v):\n"
                          "            m_hat = m / (1 - self.beta1 ** self.t)\n"
                          "            v_hat = v / (1 - self.beta2 ** self.t)\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="the moments made on the first call as (1 - b1) g and (1 - b2) g**2 (their exact first values); the "
                  "step counter a float (1.0, 2.0, ...: the same numbers)"),
        Valid(name="round9-module-all-and-main-demo",
              edits={M: [(IMPORT, "import numpy as np\n\n__all__ = ['SGD', 'SGDMomentum', 'Nesterov', 'AdaGrad', "
                                  "'RMSprop', 'Adam', 'AdamW']\n"),
                         (ADAMW_BODY + "        ### END SOLUTION\n",
                          ADAMW_BODY + "        ### END SOLUTION\n"
                          "\n"
                          "\n"
                          "if __name__ == '__main__':   # a demo when run as a script; importing runs nothing\n"
                          "    p = np.array([1.0, -1.0])\n"
                          "    opt = Adam(lr=0.1)\n"
                          "    for _ in range(3):\n"
                          "        opt.update([p], [2 * p])\n"
                          "    print(p)\n")]},
              why="__all__ naming the seven classes and an if __name__ == '__main__' demo (not run on import)"),
        # --- third batch, written after the second had been graded: class structure ---------------------
        Valid(name="round9-optimizers-shared-base-class",
              edits={M: [("class AdaGrad:\n",
                          "class _Optimizer:\n"
                          "    \"\"\"What the adaptive optimizers share: a settable lr and zero state by "
                          "position.\"\"\"\n"
                          "\n"
                          "    @staticmethod\n"
                          "    def _zeros(params):\n"
                          "        return [np.zeros_like(p, dtype=np.float64) for p in params]\n"
                          "\n"
                          "    def __repr__(self):\n"
                          "        return f'{type(self).__name__}(lr={self.lr})'\n"
                          "\n"
                          "\n"
                          "class AdaGrad(_Optimizer):\n"),
                         ("class RMSprop:\n", "class RMSprop(_Optimizer):\n"),
                         (ADA_BODY,
                          "        if self.G is None:\n"
                          "            self.G = self._zeros(params)\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.G[i] = self.G[i] + g ** 2\n"
                          "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n"),
                         (RMS_BODY,
                          "        if self.s is None:\n"
                          "            self.s = self._zeros(params)\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
                          "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")]},
              why="AdaGrad and RMSprop derived from a small base class with a static zero-state helper and a __repr__"),
        Valid(name="round9-nesterov-subclasses-momentum",
              edits={M: [("class Nesterov:\n", "class Nesterov(SGDMomentum):\n"),
                         (NEST_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            v = self.momentum * self.velocities[i] + g\n"
                          "            self.velocities[i] = v\n"
                          "            p -= self.lr * (g + self.momentum * v)\n")]},
              why="Nesterov a subclass of SGDMomentum (isinstance of both) overriding update with the look-ahead step"),
        # --- fourth batch ------------------------------------------------------------------------------
        Valid(name="round9-adam-expm1-bias-corrections",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        with np.errstate(divide='ignore'):       # beta = 0 gives log 0 = -inf: a "
                          "correction of 1\n"
                          "            bc1 = -np.expm1(self.t * np.log(self.beta1))\n"
                          "            bc2 = -np.expm1(self.t * np.log(self.beta2))\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            p -= self.lr * (self.m[i] / bc1) / (np.sqrt(self.v[i] / bc2) + self.eps)\n")]},
              why="1 - beta**t as -expm1(t log beta) (accurate when beta**t is near 1; equal up to round-off)"),
        # --- fifth batch: process-wide logging set up at import ---------------------------------------
        Valid(name="round9-module-logging-basicconfig-debug-per-step",
              edits={M: [(IMPORT, "import logging\n\nimport numpy as np\n\n"
                                  "logging.basicConfig(level=logging.DEBUG)\n"
                                  "log = logging.getLogger(__name__)\n"),
                         (ADAM_BODY,
                          ADAM_BODY + "        log.debug('Adam step %d, lr %g', self.t, self.lr)\n"),
                         (SGD_BODY,
                          SGD_BODY + "        log.debug('SGD step with lr %g on %d arrays', self.lr, len(params))\n")]},
              why="logging.basicConfig(level=DEBUG) at import (the root logger of the whole process) and a debug "
                  "line on every SGD and Adam step"),
        # --- sixth batch: order of work inside a step ---------------------------------------------------
        Valid(name="round9-adam-t-incremented-after-the-step",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        t = self.t + 1                      # this call's step number\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            m_hat = self.m[i] / (1 - self.beta1 ** t)\n"
                          "            v_hat = self.v[i] / (1 - self.beta2 ** t)\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
                          "        self.t += 1                         # counted once the step is done\n")]},
              why="the step number used as self.t + 1 during the step and stored at its end"),
        Valid(name="round9-momentum-parameters-in-reverse-order",
              edits={M: [(MOM_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        for i in reversed(range(len(params))):   # like backprop, last layer first\n"
                          "            self.velocities[i] = self.momentum * self.velocities[i] + grads[i]\n"
                          "            params[i] -= self.lr * self.velocities[i]\n")]},
              why="the parameters visited last to first (each one's state still by its position)"),
    ]


VALID += _valid_round_9()

# Held-out round 9 (docs/graders.md): heldout_round9.py, written outside the repository from public sources
# after round 8 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_9 = load_round(__file__, "heldout_round9.py").ROUND_9
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_9_ALSO = {'sgd-plus-equals-step': ('update-wrong-sign',), 'momentum-keras-velocity-subtracted': ('update-wrong-sign',), 'momentum-lr-in-velocity-and-step': ('step-scaled-by-constant', 'learning-rate-use'), 'momentum-local-velocity-never-stored': ('state-between-calls',), 'nesterov-keras-step-subtracted': ('update-wrong-sign',), 'adagrad-leaky-sum': ('state-between-calls', 'update-gradient-scaling'), 'adagrad-divides-by-bare-root': ('division-by-zero',), 'rmsprop-one-minus-decay-on-average': ('update-gradient-scaling',), 'rmsprop-squares-weighted-gradient': ('step-scaled-by-constant', 'update-gradient-scaling'), 'adam-t-incremented-in-loop': ('parameters-treated-differently', 'bias-correction'), 'adam-hats-are-raw-moments': ('bias-correction',), 'adam-square-in-first-moment': ('root-of-negative', 'adam-m-of-squares', 'adam-v-not-squared'), 'adam-moments-corrected-in-place': ('bias-correction', 'state-between-calls'), 'adam-t-set-to-one-at-first-call': ('bias-correction',), 'adam-eps-added-after-division': ('division-by-zero',), 'adam-second-moment-of-m': ('update-gradient-scaling',), 'adamw-counts-step-before-super': ('bias-correction',)}
# --- round 9 burnt (docs/graders.md, "Round 9 is burnt"): graded once held out (21 of 22 lose points, 18 named), then
# used to grow the graders; training cases now (heldout_round9.py stays as it was written; its digests are gone
# with the held-out mark). The one that lost no points (momentum-buffer-is-first-gradient-array) is killed by the
# in-place check, which now looks at every gradient array given so far after each call; the other three are named
# by their writer's own tags, from the models grown from them (optimizer_forms: the Nesterov family without the
# gradient term, the weight squared with g, v of the first moment).
ROUND_9_UNNAMED: dict[str, str] = {}
MISTAKES += burn(ROUND_9, 9, ROUND_9_ALSO, ROUND_9_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 9 (docs/graders.md, "Round 9 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="modifies-grads", name="nesterov-first-velocity-is-the-gradient-array",
            edits={"optimizers": [('        if self.velocities is None:\n            self.velocities = [np.zeros_like(p) for p in params]\n        for i, (p, g) in enumerate(zip(params, grads)):\n            self.velocities[i] = self.momentum * self.velocities[i] + g\n            p -= self.lr * (g + self.momentum * self.velocities[i])\n',
                                   "        first = self.velocities is None\n"
                                   "        if first:\n"
                                   "            self.velocities = grads[:]  # the first velocity is the first gradient\n"
                                   "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                   "            if not first:\n"
                                   "                self.velocities[i] *= self.momentum\n"
                                   "                self.velocities[i] += g\n"
                                   "            p -= self.lr * (g + self.momentum * self.velocities[i])\n")]},
            why="a copy of the LIST is not a copy of its arrays: the velocities are the first call's gradient arrays, "
                "and every later call changes them in place -- the caller's gradients of step 1 change at step 2",
            source="Python's list slicing (a shallow copy); PyTorch's buf = grad without clone()"),
    Mistake(tag="nesterov-wrong-look-ahead", name="nesterov-step-of-mu-v-only",
            edits={"optimizers": [("            p -= self.lr * (g + self.momentum * self.velocities[i])\n",
                                   "            p -= self.lr * self.momentum * self.velocities[i]  # look ahead\n")]},
            why="the look-ahead term alone: the gradient's own term is left out of the step",
            source="the look-ahead written from the lesson's picture (theta - lr * mu * v) as the whole step"),
    Mistake(tag="rmsprop-weight-inside-square", name="rmsprop-np-square-of-weighted-gradient",
            edits={"optimizers": [("            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n",
                                   "            self.s[i] = self.decay * self.s[i] + np.square((1 - self.decay) * g)\n")]},
            why="np.square around the weighted gradient: the weight (1 - decay) is squared too",
            source="np.square applied to the whole new term"),
    Mistake(tag="adam-weight-inside-square", name="adam-second-moment-squares-weighted-gradient",
            edits={"optimizers": [("            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n",
                                   "            self.v[i] = self.beta2 * self.v[i] + ((1 - self.beta2) * g) ** 2\n")]},
            why="the brackets around (1 - beta2) * g before squaring: v is (1 - beta2) times too small",
            source="Kingma & Ba (2015), Algorithm 1, with the brackets moved"),
    Mistake(tag="adam-v-of-first-moment", name="adam-v-from-previous-m",
            edits={"optimizers": [("            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                                   "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n",
                                   "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * self.m[i] ** 2\n"
                                   "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n")]},
            why="v averages the square of m, and is updated before m: it squares the first moment of the previous "
                "step (0 on the first call, so the first step is m_hat / eps)",
            source="the two moment lines written from one template, in the other order"),
]


# --- valid variants, round 10 (docs/graders.md, "Valid variants, round 10"): written from the contract, the stubs
# and the lessons before any grader was read, each checked against the reference on random inputs, then graded.
def _valid_round_10() -> list[Valid]:
    """Round 10's valid variants of this week (a function, so its snippet names stay local)."""
    M = "optimizers"
    SGD_BODY, MOM_BODY, NEST_BODY, ADA_BODY, RMS_BODY, ADAM_BODY, ADAMW_BODY = (
        solution_region(WEEK, M, f"{cls}.update")
        for cls in ("SGD", "SGDMomentum", "Nesterov", "AdaGrad", "RMSprop", "Adam", "AdamW"))
    return [
        # --- SGD ---------------------------------------------------------------------------
        Valid(name="round10-sgd-update-forwards-to-step",
              edits={M: [(SGD_BODY,
                          "        self.step(params, grads)\n"
                          "\n"
                          "    def step(self, params, grads):\n"
                          "        \"\"\"PyTorch's name for the same update (update forwards to it).\"\"\"\n"
                          "        for p, g in zip(params, grads):\n"
                          "            p -= self.lr * g\n")]},
              why="update forwards to a step method holding the loop (PyTorch's name), defined after it"),
        Valid(name="round10-sgd-skips-none-gradients",
              edits={M: [(SGD_BODY,
                          "        for p, g in zip(params, grads):\n"
                          "            if g is None:   # PyTorch: a parameter without a gradient is left alone\n"
                          "                continue\n"
                          "            p -= self.lr * g\n")]},
              why="PyTorch's `if p.grad is None: continue`, a test that never holds for the contract's inputs"),
        # --- SGDMomentum ---------------------------------------------------------------------------
        Valid(name="round10-momentum-defaultdict-scalar-zero",
              edits={M: [(MOM_BODY,
                          "        import collections\n"
                          "        if self.velocities is None:\n"
                          "            self.velocities = collections.defaultdict(float)   # 0.0 until a first step\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                          "            p -= self.lr * self.velocities[i]\n")]},
              why="velocities in a defaultdict(float) by position: the scalar 0.0 broadcasts on the first step, "
                  "which makes a new array mu * 0.0 + g"),
        Valid(name="round10-momentum-state-in-closures",
              edits={M: [(MOM_BODY,
                          "        if self.velocities is None:\n"
                          "            def make(shape):\n"
                          "                v = np.zeros(shape)\n"
                          "\n"
                          "                def step(p, g):\n"
                          "                    nonlocal v\n"
                          "                    v = self.momentum * v + g\n"
                          "                    p -= self.lr * v   # lr read now: a schedule may have changed it\n"
                          "                return step\n"
                          "            self.velocities = [make(np.shape(p)) for p in params]\n"
                          "        for step, p, g in zip(self.velocities, params, grads):\n"
                          "            step(p, g)\n")]},
              why="each parameter's velocity held in a closure (nonlocal v), one stepping function per position, "
                  "given the parameter and gradient of each call"),
        # --- Nesterov ---------------------------------------------------------------------------
        Valid(name="round10-nesterov-cs231n-form-unfolded-velocity",
              edits={M: [(NEST_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            v_prev = self.velocities[i]\n"
                          "            v = self.momentum * v_prev + g\n"
                          "            p -= self.lr * ((1 + self.momentum) * v - self.momentum * v_prev)\n"
                          "            self.velocities[i] = v\n")]},
              why="cs231n's x += -mu v_prev + (1 + mu) v with the velocity not folded with lr: (1 + mu) v - mu v_prev "
                  "is g + mu v, so the same step up to round-off, also under a changing lr"),
        Valid(name="round10-nesterov-state-in-coroutines",
              edits={M: [(NEST_BODY,
                          "        def stepper(shape):\n"
                          "            v = np.zeros(shape)\n"
                          "            p, g = yield\n"
                          "            while True:\n"
                          "                v = self.momentum * v + g\n"
                          "                p -= self.lr * (g + self.momentum * v)\n"
                          "                p, g = yield\n"
                          "\n"
                          "        if self.velocities is None:\n"
                          "            self.velocities = []\n"
                          "            for p in params:\n"
                          "                gen = stepper(np.shape(p))\n"
                          "                next(gen)   # primed: waits for its first (p, g)\n"
                          "                self.velocities.append(gen)\n"
                          "        for gen, p, g in zip(self.velocities, params, grads):\n"
                          "            gen.send((p, g))\n")]},
              why="each parameter's velocity kept by a generator coroutine, sent (parameter, gradient) each call"),
        # --- AdaGrad ---------------------------------------------------------------------------
        Valid(name="round10-adagrad-lr-over-denominator-times-g",
              edits={M: [(ADA_BODY,
                          "        if self.G is None:\n"
                          "            self.G = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.G[i] = self.G[i] + g * g\n"
                          "            p -= self.lr / (np.sqrt(self.G[i]) + self.eps) * g\n")]},
              why="Duchi et al.'s writing: the per-coordinate rate lr / (sqrt(G) + eps), then times g; g * g for the "
                  "square"),
        Valid(name="round10-adagrad-history-of-squares-summed",
              edits={M: [(ADA_BODY,
                          "        if self.G is None:\n"
                          "            self.G = [[] for _ in params]   # every squared gradient so far\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.G[i].append(g ** 2)\n"
                          "            total = sum(self.G[i])   # 0 + g1^2 + g2^2 + ...: the reference's order\n"
                          "            p -= self.lr * g / (np.sqrt(total) + self.eps)\n")]},
              why="the state is the list of every squared gradient, summed again each step (the same additions in "
                  "the same order as the running sum)"),
        # --- RMSprop ---------------------------------------------------------------------------
        Valid(name="round10-rmsprop-rho-alias-scalar-zero-start",
              edits={M: [("class RMSprop:\n",
                          "class RMSprop:\n"
                          "    rho = property(lambda self: self.decay)   # Keras' name for the decay\n"),
                         (RMS_BODY,
                          "        if self.s is None:\n"
                          "            self.s = [0.0] * len(params)   # scalars: broadcast on the first step\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.s[i] = self.rho * self.s[i] + (1 - self.rho) * np.square(g)\n"
                          "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")]},
              why="a read-only rho property (Keras' name) over decay, the averages started as Python 0.0 scalars"),
        Valid(name="round10-rmsprop-np-average-with-weights",
              edits={M: [(RMS_BODY,
                          "        if self.s is None:\n"
                          "            self.s = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.s[i] = np.average([self.s[i], g ** 2], axis=0,\n"
                          "                                   weights=[self.decay, 1 - self.decay])\n"
                          "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")]},
              why="the moving average as np.average with weights (decay, 1 - decay): their sum is 1 up to round-off"),
        # --- Adam ---------------------------------------------------------------------------
        Valid(name="round10-adam-moments-stacked-reciprocal-corrections",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros((2,) + np.shape(p)) for p in params]   # [m, v] stacked\n"
                          "        self.t += 1\n"
                          "        inv1 = 1.0 / (1 - self.beta1 ** self.t)\n"
                          "        inv2 = 1.0 / (1 - self.beta2 ** self.t)\n"
                          "        for p, g, mv in zip(params, grads, self.m):\n"
                          "            mv[0] = self.beta1 * mv[0] + (1 - self.beta1) * g\n"
                          "            mv[1] = self.beta2 * mv[1] + (1 - self.beta2) * g ** 2\n"
                          "            p -= self.lr * (mv[0] * inv1) / (np.sqrt(mv[1] * inv2) + self.eps)\n")]},
              why="each parameter's m and v stacked in one (2, *shape) array; the bias corrections applied as "
                  "products with their reciprocals, computed once per call"),
        Valid(name="round10-adam-step-as-bias-corrected-generator",
              edits={M: [(ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "\n"
                          "        def directions():\n"
                          "            for i, g in enumerate(grads):\n"
                          "                self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "                self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "                m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                          "                v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
                          "                yield m_hat / (np.sqrt(v_hat) + self.eps)\n"
                          "\n"
                          "        for p, d in zip(params, directions()):\n"
                          "            p -= self.lr * d\n")]},
              why="the moments and the step direction produced lazily by a generator, the parameters updated by "
                  "the consumer (lr times the direction)"),
        # --- AdamW ---------------------------------------------------------------------------
        Valid(name="round10-adamw-skips-zero-decay-regrouped",
              edits={M: [(ADAMW_BODY,
                          "        if self.weight_decay:   # nothing to decay when it is 0\n"
                          "            for p in params:\n"
                          "                p -= self.lr * (self.weight_decay * p)\n"
                          "        super().update(params, grads)\n")]},
              why="the decay skipped when weight_decay is 0 (a no-op then), and written lr * (wd * p)"),
        # --- batch 2 ---------------------------------------------------------------------------
        Valid(name="round10-momentum-ema-form-lr-compensated",
              edits={M: [(MOM_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            # the dampened (EMA) velocity is (1 - mu) times the contract's: lr / (1 - mu) "
                          "undoes it\n"
                          "            self.velocities[i] = self.momentum * self.velocities[i] + (1 - self.momentum) * g\n"
                          "            p -= self.lr / (1 - self.momentum) * self.velocities[i]\n")]},
              why="the dampened convention v = mu v + (1 - mu) g with the step lr / (1 - mu) v: the EMA velocity is "
                  "(1 - mu) times the contract's at every step, so the steps are equal up to round-off (momentum "
                  "is in [0, 1))"),
        Valid(name="round10-momentum-object-array-state",
              edits={M: [(MOM_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = np.empty(len(params), dtype=object)   # one array per slot\n"
                          "            for i, p in enumerate(params):\n"
                          "                self.velocities[i] = np.zeros(np.shape(p))\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
                          "            p -= self.lr * self.velocities[i]\n")]},
              why="the velocities in a NumPy object array, one array per position"),
        Valid(name="round10-sgd-pytorch-weight-decay-keyword",
              edits={M: [("    def __init__(self, lr=0.01):\n        self.lr = lr\n",
                          "    def __init__(self, lr=0.01, weight_decay=0.0):\n"
                          "        self.lr = lr\n"
                          "        self.weight_decay = weight_decay   # PyTorch's L2 term, off by default\n"),
                         (SGD_BODY,
                          "        for p, g in zip(params, grads):\n"
                          "            if self.weight_decay != 0:\n"
                          "                g = g + self.weight_decay * p\n"
                          "            p -= self.lr * g\n")]},
              why="PyTorch's extra keyword weight_decay=0.0, whose branch never runs at its default"),
        Valid(name="round10-adam-amsgrad-maximize-keywords-off",
              edits={M: [("    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n        self.lr = lr\n",
                          "    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, *, amsgrad=False,\n"
                          "                 maximize=False):\n"
                          "        self.amsgrad, self.maximize = amsgrad, maximize   # PyTorch's options, off\n"
                          "        self.v_max = None\n"
                          "        self.lr = lr\n"),
                         (ADAM_BODY,
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "            self.v_max = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            g = -g if self.maximize else g\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            if self.amsgrad:\n"
                          "                self.v_max[i] = np.maximum(self.v_max[i], self.v[i])\n"
                          "            v = self.v_max[i] if self.amsgrad else self.v[i]\n"
                          "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                          "            v_hat = v / (1 - self.beta2 ** self.t)\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="PyTorch's keyword-only amsgrad and maximize options, both off by default (AdamW inherits them)"),
        Valid(name="round10-momentum-elementwise-nditer-loop",
              edits={M: [(MOM_BODY,
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        mu, lr = self.momentum, self.lr\n"
                          "        for p, g, v in zip(params, grads, self.velocities):\n"
                          "            # element by element, as the formula reads (slow, the same arithmetic)\n"
                          "            with np.nditer([p, g, v], op_flags=[['readwrite'], ['readonly'], ['readwrite']]) "
                          "as it:\n"
                          "                for pe, ge, ve in it:\n"
                          "                    ve[...] = mu * ve + ge\n"
                          "                    pe[...] = pe - lr * ve\n")]},
              why="a Python loop over the elements with np.nditer (read-write on p and v): slow on the network's "
                  "weights, and the same arithmetic element by element"),
    ]


VALID += _valid_round_10()

# Held-out round 10 (docs/graders.md): heldout_round10.py, written outside the repository from public sources
# after round 9 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_10 = load_round(__file__, "heldout_round10.py").ROUND_10
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_10_ALSO = {'momentum-velocity-minus-gradient-then-subtracted': ('update-wrong-sign',), 'momentum-velocity-zeroed-every-call': ('state-between-calls',), 'adagrad-accumulates-absolute-gradient': ('update-gradient-scaling',), 'adagrad-root-of-current-square': ('state-between-calls', 'update-gradient-scaling'), 'adagrad-lr-captured-on-first-call': ('learning-rate-use',), 'rmsprop-denominator-before-average': ('update-gradient-scaling',), 'rmsprop-mean-of-squares-per-array': ('update-gradient-scaling',), 'adam-correction-one-minus-beta': ('bias-correction',), 'adam-step-uses-raw-gradient': ('state-between-calls',), 'adamw-fresh-adam-each-call': ('state-between-calls',)}
# written blind, but the same code as a training case (comments and spaces aside: the writer was shown the older
# held-out rounds, not the catalogue's own cases) -- a known instance is no measure of naming what was never shown,
# so these are training cases from the start, decided before grading (docs/graders.md, "Round 10")
ROUND_10_REPEATS = {
    'sgd-rebinds-loop-variable': 'not-in-place',
    'momentum-velocity-minus-gradient-then-subtracted': 'momentum-minus-g-minus-step',
    'momentum-velocity-zeroed-every-call': 'state-reset',
    'nesterov-velocity-plus-mu-gradient': 'nesterov-mu-times-g',
    'adagrad-accumulates-absolute-gradient': 'adagrad-sum-of-abs',
    'rmsprop-rho-0.9-typed-in': 'hyperparameters-ignored',
    'adam-t-incremented-after-the-loop': 'adam-t-from-zero',
    'adam-second-moment-of-raw-gradient': 'adam-second-moment-of-g',
    'adam-correction-one-minus-beta': 'adam-one-minus-beta',
    'adamw-decay-times-gradient': 'adamw-wd-times-grad',
}
MISTAKES += burn([m for m in ROUND_10 if m.case in ROUND_10_REPEATS], 10,
                  {c: t for c, t in ROUND_10_ALSO.items() if c in ROUND_10_REPEATS}, {}, MISTAKES)
# --- round 10 burnt (docs/graders.md, "Round 10 is burnt"): graded once held out, then used to grow the graders;
# training cases now (heldout_round10.py stays as it was written; its digests are gone with the held-out mark).
ROUND_10_UNNAMED: dict[str, str] = {}
MISTAKES += burn([m for m in ROUND_10 if m.case not in ROUND_10_REPEATS], 10,
                 {c: t for c, t in ROUND_10_ALSO.items() if c not in ROUND_10_REPEATS}, ROUND_10_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 10 (docs/graders.md, "Round 10 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="nesterov-correction-sign", name="nesterov-old-velocity-subtracted",
            edits={"optimizers": [("            self.velocities[i] = self.momentum * self.velocities[i] + g\n" + NEST_STEP,
                                   "            v_old = self.velocities[i]\n"
                                   "            self.velocities[i] = self.momentum * v_old + g\n"
                                   "            p -= self.lr * (g - self.momentum * v_old)  # the look-ahead correction\n")]},
            why="the look-ahead term taken with the velocity from before the update, and subtracted: "
                "p -= lr*(g - mu*v_old), a brake on every step",
            source="the look-ahead point theta - lr*mu*v read as a correction to take away"),
    Mistake(tag="adamw-decay-wrong-sign", name="adamw-decay-added-to-weights",
            edits={"optimizers": [(ADAMW_BODY, "        for p in params:\n"
                                               "            p += self.lr * self.weight_decay * p\n"
                                               "        super().update(params, grads)\n")]},
            why="the decoupled decay written with += : every step grows the weights by lr*weight_decay*p",
            source="Loshchilov & Hutter's 'theta <- theta - eta*lambda*theta' typed with the wrong operator"),
]

# Held-out round 11 (docs/graders.md): heldout_round11.py, written outside the repository from public sources
# after round 10 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_11 = load_round(__file__, "heldout_round11.py").ROUND_11
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_11_ALSO = {'adagrad-accumulates-squared-norm': ('state-one-scalar-per-parameter',), 'adagrad-local-copy-of-accumulator': ('adagrad-no-accumulation', 'state-between-calls'), 'adagrad-tf-initial-accumulator-ones-times': ('optimizer-library-option',), 'adam-correction-with-t-minus-one': ('adam-t-off-by-one', 'bias-correction'), 'adam-hats-corrected-with-other-beta': ('bias-correction',), 'adam-np-power-of-one-minus-beta': ('bias-correction',), 'momentum-ema-gradient-term-first': ('step-scaled-by-constant',), 'momentum-gradient-prescaled-by-lr': ('step-scaled-by-constant',), 'momentum-plus-equals-with-plus-velocity': ('update-wrong-sign',), 'momentum-zip-rebinds-velocity': ('state-between-calls',), 'nesterov-look-ahead-recomputes-velocity': ('nesterov-wrong-look-ahead',), 'nesterov-look-ahead-with-previous-velocity': ('nesterov-wrong-look-ahead',), 'rmsprop-hardcoded-alpha-0.99': ('optimizer-library-option',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_11_REPEATS = {'rmsprop-hardcoded-alpha-0.99': 'rmsprop-alpha-hard-coded', 'adam-hats-corrected-with-other-beta': 'adam-corrections-swapped', 'adamw-multiplicative-decay-after-adam': 'adamw-multiply-after-super', 'adamw-decay-folded-into-gradients': 'adamw-as-l2', 'adamw-subtract-wd-times-p': 'adamw-decay-without-lr'}
ROUND_11_KNOWN, HELD_OUT = split_repeats(ROUND_11, 11, ROUND_11_ALSO, ROUND_11_REPEATS, MISTAKES)
MISTAKES += ROUND_11_KNOWN
# --- round 11 burnt (docs/graders.md, "Round 11 is burnt"): graded once held out, then used to grow the graders;
# training cases now (heldout_round11.py stays as it was written; its digests are gone with the held-out mark).
# none left unnamed: the eight graded unnamed are named by the models grown below and in optimizer_forms.py
ROUND_11_UNNAMED: dict[str, str] = {}
# after grading: names the graders already said whose words are true of the case (a synonym of the writer's tag)
ROUND_11_AFTER_GRADING = {
    # "an update whose state is ... never stored at every call": the loop variable v is rebound, never stored
    'momentum-zip-rebinds-velocity': ('state-reset',),
}
MISTAKES += burn(HELD_OUT, 11, ROUND_11_AFTER_GRADING, ROUND_11_UNNAMED, MISTAKES)     # HELD_OUT carries ROUND_11_ALSO
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 11 (docs/graders.md, "Round 11 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="sgd-sign-of-gradient", name="sgd-step-by-comparisons",
            edits={"optimizers": [(SGD_STEP, "            p -= self.lr * ((g > 0).astype(float) - (g < 0))  # +1, 0 or -1\n")]},
            why="the step's direction from two comparisons, +1 where g > 0 and -1 where g < 0: the sign of g, so every "
                "coordinate moves by lr whatever the gradient's size",
            source="signSGD (Bernstein et al. 2018) written without np.sign"),
    Mistake(tag="momentum-velocity-unused", name="momentum-velocity-read-into-local",
            edits={"optimizers": [(MOM_BLOCK,
                                   "        if self.velocities is None:\n"
                                   "            self.velocities = [np.zeros_like(p) for p in params]\n"
                                   "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                                   "            v = self.velocities[i]\n"
                                   "            v = self.momentum * v + g  # a new array: the stored one stays 0\n"
                                   "            p -= self.lr * v\n")]},
            why="the velocity read into a local name and rebound there: the new v is never stored, so every call "
                "starts from v = 0 and the step is plain SGD's",
            source="a local alias for readability, as in `v = self.velocities[i]`, then `v = ...` instead of `v[...] = `"),
    Mistake(tag="adagrad-max-accumulator", name="adagrad-where-larger-square",
            edits={"optimizers": [(ADA_ACC, "            self.G[i] = np.where(g ** 2 > self.G[i], g ** 2, self.G[i])\n")]},
            why="G replaced by g**2 wherever g**2 is larger: a running maximum, not AdaGrad's running sum",
            source="AdaMax / AMSGrad's maximum carried into AdaGrad"),
    Mistake(tag="state-one-scalar-per-parameter", name="adagrad-mean-square-per-array",
            edits={"optimizers": [(ADA_ACC, "            self.G[i] = self.G[i] + (g * g).mean()  # the array's mean square\n")]},
            why="G adds the mean square of the whole gradient array: one rate shared by every entry of the array",
            source="a per-layer adaptive rate (as in LARS / layer-wise schemes) in place of the per-coordinate one"),
    Mistake(tag="state-one-scalar-per-parameter", name="adam-v-of-squared-norm",
            edits={"optimizers": [(ADAM_MOMENTS,
                                   "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                                   "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * np.dot(g.ravel(), g.ravel())\n")]},
            why="v averages the squared norm of the whole gradient array: one denominator for every entry",
            source="'v tracks the size of the gradient' read as its norm"),
    Mistake(tag="adam-moments-aliased", name="adam-m-equals-v-chained",
            edits={"optimizers": [(ADAM_INIT,
                                   "        if self.m is None:\n"
                                   "            self.m = self.v = [np.zeros_like(p) for p in params]\n")]},
            why="self.m = self.v = [...] binds both names to ONE list: writing v overwrites m",
            source="chained assignment read as 'both start at zeros'"),
    Mistake(tag="adam-eps-misplaced", name="adam-eps-over-correction-in-root",
            edits={"optimizers": [(ADAM_HAT + ADAM_STEP,
                                   "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
                                   "            v_hat = (self.v[i] + self.eps) / (1 - self.beta2 ** self.t)\n"
                                   "            p -= self.lr * m_hat / v_hat ** 0.5\n")]},
            why="eps added to v before v's bias correction, the root taken with ** 0.5: early on eps is divided by "
                "1 - beta2**t too",
            source="TensorFlow 1's epsilon on the uncorrected moment, mixed with the paper's correction"),
    Mistake(tag="nesterov-wrong-look-ahead", name="nesterov-expanded-look-ahead-twice",
            edits={"optimizers": [(NEST_STEP,
                                   "            p -= self.lr * ((1 + self.momentum) * g + self.momentum ** 2 * self.velocities[i])\n")]},
            why="the look-ahead velocity mu*v + g built once more and expanded: (1 + mu)*g + mu**2*v, the gradient "
                "counted twice and the velocity weighted by mu**2",
            source="the look-ahead 'v_next = mu*v + g' substituted into a step that already uses the new v"),
]


def _valid_round_11() -> list[Valid]:
    """Round 11's valid variants of this week (a function, so its snippet names stay local)."""
    M = "optimizers"

    def update_of(cls):   # the reference's solution region of a class's update
        return solution_region(WEEK, M, f"{cls}.update")

    SGD_INIT = "    def __init__(self, lr=0.01):\n        self.lr = lr\n        _check_hyperparameters(lr=lr)\n"
    ADAM_INIT = ("    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                 "        self.lr = lr\n"
                 "        self.beta1 = beta1\n"
                 "        self.beta2 = beta2\n"
                 "        self.eps = eps\n")
    ADA_INIT = "    def __init__(self, lr=0.01, eps=1e-10):\n"
    return [
        # --- SGD ---------------------------------------------------------------------------
        Valid(name="round11-sgd-torch-param-groups-lr-property",
              edits={M: [(SGD_INIT,
                          "    def __init__(self, lr=0.01):\n"
                          "        self.param_groups = [{'lr': lr}]   # torch.optim keeps hyperparameters here\n"
                          "        _check_hyperparameters(lr=lr)\n"
                          "\n"
                          "    @property\n"
                          "    def lr(self):\n"
                          "        return self.param_groups[0]['lr']\n"
                          "\n"
                          "    @lr.setter\n"
                          "    def lr(self, value):\n"
                          "        self.param_groups[0]['lr'] = value\n"),
                         (update_of("SGD"),
                          "        group = self.param_groups[0]\n"
                          "        for p, g in zip(params, grads):\n"
                          "            p -= group['lr'] * g\n")]},
              why="the rate kept in torch.optim's param_groups[0]['lr'], lr a read/write property over it, the "
                  "group read at each call"),
        Valid(name="round11-sgd-map-np-subtract-out",
              edits={M: [(update_of("SGD"),
                          "        lr = self.lr\n"
                          "        list(map(lambda p, g: np.subtract(p, lr * g, out=p), params, grads))\n")]},
              why="the in-place steps by map over the two lists with np.subtract(..., out=p), the map consumed by "
                  "list() and its result dropped"),
        # --- SGDMomentum ---------------------------------------------------------------------------
        Valid(name="round11-momentum-velocity-from-gradient-history-powers",
              edits={M: [(update_of("SGDMomentum"),
                          "        if self.velocities is None:\n"
                          "            self.velocities = [[] for _ in params]   # every gradient seen, per position\n"
                          "        for seen, p, g in zip(self.velocities, params, grads):\n"
                          "            seen.append(np.array(g, dtype=np.float64))\n"
                          "            t = len(seen)\n"
                          "            v = sum(self.momentum ** (t - 1 - k) * gk for k, gk in enumerate(seen))\n"
                          "            p -= self.lr * v\n")]},
              why="the velocity in closed form, v_t = sum_k mu^(t-k) g_k, summed again from the stored gradients "
                  "at each step (slow, the same numbers up to round-off)"),
        # --- Nesterov ---------------------------------------------------------------------------
        Valid(name="round11-nesterov-expanded-with-old-velocity",
              edits={M: [(update_of("Nesterov"),
                          "        if self.velocities is None:\n"
                          "            self.velocities = [np.zeros_like(p) for p in params]\n"
                          "        mu = self.momentum\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            v_old = self.velocities[i]\n"
                          "            p -= self.lr * ((1 + mu) * g + mu * mu * v_old)   # g + mu (mu v_old + g)\n"
                          "            self.velocities[i] = mu * v_old + g\n")]},
              why="the step expanded in the old velocity, (1 + mu) g + mu^2 v_old (= g + mu v_new), the velocity "
                  "updated after the step"),
        # --- AdaGrad ---------------------------------------------------------------------------
        Valid(name="round11-adagrad-root-accumulated-by-hypot",
              edits={M: [(update_of("AdaGrad"),
                          "        if self.G is None:\n"
                          "            self.G = [np.zeros_like(p) for p in params]   # here: sqrt of the sum of squares\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.G[i] = np.hypot(self.G[i], g)   # sqrt(G + g**2) without the square\n"
                          "            p -= self.lr * g / (self.G[i] + self.eps)\n")]},
              why="the root of the accumulator kept instead of the accumulator, grown by np.hypot(r, g) = "
                  "sqrt(r**2 + g**2) (the same denominator up to round-off, no overflow of g**2)"),
        Valid(name="round11-adagrad-torch-lr-decay-and-initial-accumulator",
              edits={M: [(ADA_INIT,
                          "    def __init__(self, lr=0.01, eps=1e-10, lr_decay=0.0, initial_accumulator_value=0.0):\n"
                          "        self.lr_decay = lr_decay\n"
                          "        self.initial_accumulator_value = initial_accumulator_value\n"
                          "        self.step_count = 0\n"),
                         (update_of("AdaGrad"),
                          "        if self.G is None:\n"
                          "            self.G = [np.full_like(p, self.initial_accumulator_value) for p in params]\n"
                          "        self.step_count += 1\n"
                          "        clr = self.lr / (1 + (self.step_count - 1) * self.lr_decay)   # torch's decayed lr\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.G[i] += g * g\n"
                          "            p -= clr * g / (np.sqrt(self.G[i]) + self.eps)\n")]},
              why="torch.optim.Adagrad's lr_decay and initial_accumulator_value keywords, at their defaults (0) "
                  "the contract's update"),
        # --- RMSprop ---------------------------------------------------------------------------
        Valid(name="round11-rmsprop-state-as-numbered-attributes",
              edits={M: [(update_of("RMSprop"),
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            name = f'square_avg_{i}'\n"
                          "            s = getattr(self, name, 0.0)   # 0 before the first step\n"
                          "            s = self.decay * s + (1 - self.decay) * g ** 2\n"
                          "            setattr(self, name, s)\n"
                          "            p -= self.lr * g / (np.sqrt(s) + self.eps)\n")]},
              why="each position's average in its own attribute square_avg_<i>, read with getattr (0.0 before "
                  "the first step) and stored with setattr"),
        Valid(name="round11-rmsprop-pure-static-step-returns-state",
              edits={M: [(update_of("RMSprop"),
                          "        if self.s is None:\n"
                          "            self.s = [np.zeros_like(p) for p in params]\n"
                          "        self.s = [self._step(p, g, s, self.lr, self.decay, self.eps)\n"
                          "                  for p, g, s in zip(params, grads, self.s)]\n"
                          "\n"
                          "    @staticmethod\n"
                          "    def _step(p, g, s, lr, decay, eps):\n"
                          "        \"\"\"Move p in place; return the new average.\"\"\"\n"
                          "        s = decay * s + (1 - decay) * g * g\n"
                          "        p -= lr * g / (np.sqrt(s) + eps)\n"
                          "        return s\n")]},
              why="a static step that moves p in place and returns the new average, the state list rebuilt "
                  "from its results; g*g for g**2"),
        # --- Adam ---------------------------------------------------------------------------
        Valid(name="round11-adam-dataclass-fields-post-init",
              edits={M: [("import numpy as np\n", "from dataclasses import dataclass, field\n\nimport numpy as np\n"),
                         ("class Adam:\n", "@dataclass\nclass Adam:\n"),
                         (ADAM_INIT + "        self.m = None\n        self.v = None\n        self.t = 0\n"
                          "        _check_hyperparameters(lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n",
                          "    lr: float = 0.001\n"
                          "    beta1: float = 0.9\n"
                          "    beta2: float = 0.999\n"
                          "    eps: float = 1e-8\n"
                          "    m: list = field(default=None, init=False, repr=False)\n"
                          "    v: list = field(default=None, init=False, repr=False)\n"
                          "    t: int = field(default=0, init=False)\n"
                          "\n"
                          "    def __post_init__(self):\n"
                          "        _check_hyperparameters(lr=self.lr, beta1=self.beta1, beta2=self.beta2, eps=self.eps)\n")]},
              why="Adam as a dataclass (hyperparameters as fields, the state as init=False fields, the checks in "
                  "__post_init__); AdamW's __init__ calls the generated one by keyword"),
        Valid(name="round11-adam-lru-cached-bias-corrections",
              edits={M: [(update_of("Adam"),
                          "        import functools\n"
                          "\n"
                          "        @functools.lru_cache(maxsize=None)\n"
                          "        def correction(beta, t):\n"
                          "            return 1 - beta ** t\n"
                          "\n"
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n"
                          "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
                          "            m_hat = self.m[i] / correction(self.beta1, self.t)\n"
                          "            v_hat = self.v[i] / correction(self.beta2, self.t)\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="the bias corrections 1 - beta**t from an lru_cache'd helper, computed once per (beta, t)"),
        Valid(name="round11-adam-hyperparameters-as-np-float64",
              edits={M: [(ADAM_INIT,
                          "    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                          "        self.lr = np.float64(lr)\n"
                          "        self.beta1 = np.float64(beta1)\n"
                          "        self.beta2 = np.float64(beta2)\n"
                          "        self.eps = np.float64(eps)\n")]},
              why="the hyperparameters stored as np.float64 scalars (beta**t then a NumPy power; the same values)"),
        # --- AdamW ---------------------------------------------------------------------------
        Valid(name="round11-adamw-one-combined-step",
              edits={M: [(update_of("AdamW"),
                          "        if self.m is None:\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "        self.t += 1\n"
                          "        b1, b2 = self.beta1, self.beta2\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = b1 * self.m[i] + (1 - b1) * g\n"
                          "            self.v[i] = b2 * self.v[i] + (1 - b2) * g ** 2\n"
                          "            adam = (self.m[i] / (1 - b1 ** self.t)) / (np.sqrt(self.v[i] / (1 - b2 ** self.t)) + self.eps)\n"
                          "            p -= self.lr * (self.weight_decay * p + adam)   # decay and Adam in one step\n")]},
              why="the decay and the Adam direction applied as one step, p -= lr (wd p + m_hat / (sqrt(v_hat) + "
                  "eps)): the decay's p is the weight before the step, as in the two-step form"),
        Valid(name="round11-adamw-decay-from-a-copy-after-adam",
              edits={M: [(update_of("AdamW"),
                          "        before = [p.copy() for p in params]\n"
                          "        super().update(params, grads)   # Adam's step does not depend on p\n"
                          "        for p, p0 in zip(params, before):\n"
                          "            p -= self.lr * self.weight_decay * p0\n")]},
              why="Adam's step first, then the decay of the weights as they were before the step (kept as copies): "
                  "the same two terms subtracted in the other order"),
        # --- second batch (written after the first was graded) ---------------------------------------------
        Valid(name="round11-adam-normalised-weighted-sums",
              edits={M: [(update_of("Adam"),
                          "        if self.m is None:   # here: undamped sums M = b M + g, and their weights W = b W + 1\n"
                          "            self.m = [np.zeros_like(p) for p in params]\n"
                          "            self.v = [np.zeros_like(p) for p in params]\n"
                          "            self.weights = [0.0, 0.0]\n"
                          "        self.t += 1\n"
                          "        b1, b2 = self.beta1, self.beta2\n"
                          "        self.weights = [b1 * self.weights[0] + 1, b2 * self.weights[1] + 1]\n"
                          "        for i, (p, g) in enumerate(zip(params, grads)):\n"
                          "            self.m[i] = b1 * self.m[i] + g\n"
                          "            self.v[i] = b2 * self.v[i] + g ** 2\n"
                          "            m_hat = self.m[i] / self.weights[0]   # a weighted mean: exactly m / (1 - b1**t)\n"
                          "            v_hat = self.v[i] / self.weights[1]\n"
                          "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
              why="the bias-corrected moments as normalised weighted sums, m_hat = sum b^(t-k) g_k / sum b^(t-k) "
                  "(the (1 - b) factors cancel: the same m_hat and v_hat, grown by recurrences)"),
    ]


VALID += _valid_round_11()

# Held-out round 12 (docs/graders.md): heldout_round12.py, written outside the repository from public sources
# after round 11 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_12 = load_round(__file__, "heldout_round12.py").ROUND_12
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_12_ALSO = {'adagrad-divides-by-eps-plus-sum': ('adagrad-no-square-root', 'update-gradient-scaling'), 'adagrad-np-full-point-one': ('optimizer-library-option',), 'adagrad-zip-loop-accumulator-rebound': ('adagrad-no-accumulation', 'state-between-calls'), 'adam-moments-overwritten-by-corrected': ('bias-correction',), 'adam-raw-first-moment-corrected-second': ('bias-correction',), 'adam-return-inside-parameter-loop': ('parameters-treated-differently',), 'momentum-velocities-made-every-call': ('state-between-calls', 'momentum-velocity-unused'), 'momentum-velocity-minus-gradient-then-minus-step': ('update-wrong-sign',), 'momentum-zip-scaled-in-place-then-rebound': ('state-between-calls', 'momentum-velocity-unused'), 'rmsprop-adam-style-correction-with-counter': ('bias-correction',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_12_REPEATS = {}
ROUND_12_KNOWN, HELD_OUT = split_repeats(ROUND_12, 12, ROUND_12_ALSO, ROUND_12_REPEATS, MISTAKES)
MISTAKES += ROUND_12_KNOWN
# --- round 12 burnt (docs/graders.md, "Round 12 is burnt"): graded once held out, then used to grow the graders;
# training cases now (heldout_round12.py stays as it was written; its digests are gone with the held-out mark).
# none left unnamed: the three graded unnamed are named by the models grown below (optimizer_forms, the judge)
ROUND_12_UNNAMED: dict[str, str] = {}
# after grading: names the graders already said whose words are true of the case (a synonym of the writer's tag),
# and the names grown from this round that name a case
ROUND_12_AFTER_GRADING = {
    # the step lr*(g + mu*v_old) with the velocity from before this call's update IS heavy-ball momentum's
    # lr*v_new (v_new = mu*v_old + g): "Nesterov written as plain momentum", and the words say the v_old form
    'nesterov-steps-before-velocity-update': ('nesterov-as-momentum',),
    # grown: the decay p = (1 - lr*wd) * p rebinds the loop name, so the numbers are plain Adam's
    'adamw-decay-factor-first-rebinds': ('adamw-decay-lost',),
    # killed and grown: update returns None (its docstring in optimizers.py, "Returns: None.")
    'sgd-update-returns-list': ('update-returns-value',),
}
MISTAKES += burn(HELD_OUT, 12, ROUND_12_AFTER_GRADING, ROUND_12_UNNAMED, MISTAKES)     # HELD_OUT carries ROUND_12_ALSO
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 12 (docs/graders.md, "Round 12 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="adamw-decay-lost", name="adamw-decay-by-np-multiply-without-out",
            edits={"optimizers": [(ADAMW_BODY, "        for p in params:\n"
                                               "            p = np.multiply(p, 1 - self.lr * self.weight_decay)\n"
                                               "        super().update(params, grads)\n")]},
            why="np.multiply without out= returns a new array, bound to the loop name: the caller's weights never "
                "decay, and the numbers are Adam's",
            source="NumPy ufuncs, whose out= argument is what writes into an existing array"),
    Mistake(tag="adamw-decay-lost", name="adamw-only-calls-adam",
            edits={"optimizers": [(ADAMW_BODY, "        super().update(params, grads)  # weight_decay used by Adam\n")]},
            why="AdamW's update hands everything to Adam and the decay is never applied: plain Adam",
            source="a subclass written in the belief that the parent reads weight_decay"),
    Mistake(tag="update-returns-value", name="adam-update-returns-self",
            edits={"optimizers": [(ADAM_STEP, ADAM_STEP + "        return self  # fluent: opt.update(...).update(...)\n")]},
            why="Adam's update returns the optimizer for chaining; the contract's update returns None",
            source="fluent interfaces (builder-style methods that return self)"),
]

# Held-out round 13 (docs/graders.md): heldout_round13.py, written outside the repository from public sources
# after round 12 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_13 = load_round(__file__, "heldout_round13.py").ROUND_13
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_13_ALSO = {'adagrad-accumulates-mean-square-of-array': ('state-one-scalar-per-parameter', 'update-gradient-scaling'), 'adam-local-t-plus-one-in-corrections': ('bias-correction',), 'adam-paper-alpha-typed-in-step': ('step-scaled-by-constant', 'learning-rate-use'), 'adam-v-hat-over-root-of-correction': ('bias-correction',), 'adam-v-sum-of-squared-gradient': ('update-gradient-scaling',), 'momentum-incremental-ema-update': ('step-scaled-by-constant',), 'momentum-parenthesised-sum-times-mu': ('step-scaled-by-constant',), 'momentum-velocity-plus-lr-g-then-added': ('update-wrong-sign',), 'rmsprop-weights-swapped-g-times-g': ('update-gradient-scaling',), 'rmsprop-zip-loop-average-rebound': ('state-reset',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_13_REPEATS = {}
ROUND_13_KNOWN, HELD_OUT = split_repeats(ROUND_13, 13, ROUND_13_ALSO, ROUND_13_REPEATS, MISTAKES)
MISTAKES += ROUND_13_KNOWN
# --- round 13 burnt (docs/graders.md, "Round 13 is burnt"): graded once held out, then used to grow the graders;
# training cases now (heldout_round13.py stays as it was written; its digests are gone with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_13_UNNAMED = {
    'sgd-step-along-unit-gradient': "p -= lr * g / |g|: the step's length is lr whatever g's size; 'your steps are "
                                    "smaller' is said untagged, no model names a normalised gradient",
    'adamw-decay-by-sign-of-weights': "p -= lr * wd * sign(p), an L1 decay: the step-by-step tests show the larger "
                                      "steps untagged, no model names a decay by the weights' sign",
}
# after grading: names the graders already said whose words are true of the case (a synonym of the writer's tag),
# and the names grown from this round that name a case
ROUND_13_AFTER_GRADING = {
    # v = mu*v + (1 - mu)*g: at update 1 from a fresh optimizer the step is lr*(1 + mu*(1 - mu))*g, a constant factor
    # of the expected lr*(1 + mu)*g -- "every entry is 0.57 times ... a factor is missing, extra or inverted" is true
    'nesterov-velocity-as-ema': ('step-scaled-by-constant',),
    # lr multiplies only the look-ahead term: at update 1 the step is (1 + lr*mu)*g against lr*(1 + mu)*g, a
    # constant factor from the missing lr on g -- the words "a factor is missing" are true
    'nesterov-lr-binds-look-ahead-term-only': ('step-scaled-by-constant',),
}
MISTAKES += burn(HELD_OUT, 13, ROUND_13_AFTER_GRADING, ROUND_13_UNNAMED, MISTAKES)     # HELD_OUT carries ROUND_13_ALSO
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# Held-out round 14 (docs/graders.md): heldout_round14.py, written outside the repository from public sources
# after round 13 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_14 = load_round(__file__, "heldout_round14.py").ROUND_14
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_14_ALSO = {'sgd-returns-updated-list': ('update-returns-value',), 'momentum-dampened-velocity-local': ('step-scaled-by-constant',), 'momentum-velocity-dict-keyed-by-shape': ('parameters-treated-differently',), 'momentum-zip-loop-variable-rebound': ('momentum-velocity-unused', 'state-between-calls'), 'nesterov-look-ahead-with-previous-v': ('nesterov-as-momentum', 'nesterov-wrong-look-ahead'), 'nesterov-cs231n-form-signs-flipped': ('update-wrong-sign',), 'adagrad-eps-added-to-step': ('division-by-zero',), 'adagrad-accumulator-starts-at-ones': ('update-gradient-scaling',), 'adagrad-repeated-list-plus-equals': ('wrong-shape',), 'rmsprop-cache-holds-rms': ('state-between-calls', 'update-gradient-scaling'), 'adam-folded-step-written-into-lr': ('bias-correction', 'state-between-calls', 'learning-rate-use', 'adam-bias-correction-stored'), 'adam-bc-power-applied-to-one-minus-beta': ('bias-correction', 'state-between-calls'), 'adam-v-assigned-from-m-list': ('root-of-negative',), 'adam-folded-correction-roots-swapped': ('bias-correction',), 'adam-uncorrected-moments-tuple': ('bias-correction',), 'adamw-decay-rebinds-loop-variable': ('not-in-place',), 'adamw-super-update-inside-loop': ('adam-t-per-parameter', 'shared-state', 'wrong-shape')}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_14_REPEATS = {}
ROUND_14_KNOWN, HELD_OUT = split_repeats(ROUND_14, 14, ROUND_14_ALSO, ROUND_14_REPEATS, MISTAKES)
MISTAKES += ROUND_14_KNOWN
HELD_OUT_DIGESTS = {
    'sgd-returns-updated-list': 'd24dc07a7a203d18',
    'sgd-scales-gradient-in-place': 'cc42710595f3cf1f',
    'momentum-dampened-velocity-local': 'ef99888b7e43add0',
    'momentum-velocity-dict-keyed-by-shape': '1924373ed3b49211',
    'momentum-zip-loop-variable-rebound': '5eab23f5e5b5d0ef',
    'nesterov-look-ahead-with-previous-v': '682379e2676adfe2',
    'nesterov-cs231n-form-signs-flipped': 'bab3e72c065cfe68',
    'adagrad-eps-added-to-step': 'd421cac1cad043f9',
    'adagrad-accumulator-starts-at-ones': '78ad09df85024bf5',
    'adagrad-repeated-list-plus-equals': 'c6e82925a21d144e',
    'rmsprop-rho-as-one-minus-decay': '122373b522f5b338',
    'rmsprop-cache-holds-rms': '3ddf0e5f18d0e869',
    'adam-folded-step-written-into-lr': '5487392ca1931ee4',
    'adam-bc-power-applied-to-one-minus-beta': '00b903ac0f144ba5',
    'adam-v-assigned-from-m-list': '36d50b859d243dec',
    'adam-folded-correction-roots-swapped': 'd17f2b783d08f096',
    'adam-uncorrected-moments-tuple': 'a461315ceb14d288',
    'adamw-builds-penalised-gradients': '0c3a264400881175',
    'adamw-index-loop-decay-after-super': 'db38abd3d89093fa',
    'adamw-mul-by-lr-times-wd': 'fc2a5b1087a892d5',
    'adamw-decay-rebinds-loop-variable': '5e670d4d732db2b5',
    'adamw-super-update-inside-loop': '76eeb994c7770700',
}
# --- round 14 burnt (docs/graders.md, "Round 14 is burnt"): graded once held out, then used to grow the graders;
# training cases now (heldout_round14.py stays as it was written; its digests are gone with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_14_UNNAMED = {
    'adamw-super-update-inside-loop': "super().update([p], [g]) per parameter: every AdamW test has parameters of "
                                      "different shapes, so the call for params[1] meets Adam's state at position 0 "
                                      "(shape (4,) against (3, 2)) and raises; the broadcast message alone does not "
                                      "prove which state or count is shared, and no AdamW test has parameters of one "
                                      "shape whose numbers would show it",
}
# after grading: names the graders already said whose words are true of the case (a synonym of the writer's tag),
# and the names grown from this round that name a case
ROUND_14_AFTER_GRADING: dict[str, tuple[str, ...]] = {}
MISTAKES += burn(HELD_OUT, 14, ROUND_14_AFTER_GRADING, ROUND_14_UNNAMED, MISTAKES)     # HELD_OUT carries ROUND_14_ALSO
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 14 (docs/graders.md, "Round 14 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="adamw-decay-multiplies", name="adamw-decay-np-multiply-out-by-fraction",
            edits={"optimizers": [(ADAMW_BODY, "        shrink = self.lr * self.weight_decay   # the decay's fraction\n"
                                               "        for p in params:\n"
                                               "            np.multiply(p, shrink, out=p)\n"
                                               "        super().update(params, grads)\n")]},
            why="the weights multiplied in place by lr * weight_decay, the fraction the decay removes, instead of by "
                "1 - lr * weight_decay: they are replaced by a tiny multiple of themselves",
            source="the decoupled decay read as 'scale the weights by lr * wd' (AdamW's paper writes the decay as a "
                   "product with the weights)"),
    Mistake(tag="adamw-decay-multiplies", name="adamw-decay-slice-assign-times-wd",
            edits={"optimizers": [(ADAMW_BODY, "        for p in params:\n"
                                               "            p[...] = self.weight_decay * p\n"
                                               "        super().update(params, grads)\n")]},
            why="each weight set to weight_decay times itself (lr forgotten too): the weights keep a hundredth of "
                "their value at the default 0.01 instead of losing lr * weight_decay of it",
            source="Keras-style 'decay the weights by weight_decay' read as a multiplication"),
]


def _valid_round_12() -> list[Valid]:
    """Round 12's valid variants of this week (docs/graders.md, "Valid variants, round 12"): exact-snippet
    edits of the reference, each checked equal to it on random inputs before grading."""
    def region(module, function):   # the reference's solution region of a function of a module
        return solution_region(WEEK, module, function)

    return [
        Valid(name="round12-sgd-recursive-over-parameter-list",
              edits={"optimizers": [
                  (region("optimizers", "SGD.update"),
                   '        def step_from(i):\n'
                   '            if i == len(params):\n'
                   '                return\n'
                   "            params[i] -= self.lr * grads[i]      # in place on the caller's array\n"
                   '            step_from(i + 1)\n'
                   '\n'
                   '        step_from(0)\n'),
              ]},
              why='the parameters updated by a recursive helper over their positions, params[i] '
                  '-= lr * grads[i] (in place on each array)'),
        Valid(name="round12-sgd-update-closure-keyword",
              edits={"optimizers": [
                  ('    def update(self, params, grads):\n'
                   '        """One step, in place, for each parameter ``p`` and its gradient ``g``:',
                   '    def update(self, params, grads, closure=None):\n'
                   '        """One step, in place, for each parameter ``p`` and its gradient ``g``:'),
                  (region("optimizers", "SGD.update"),
                   '        loss = closure() if closure is not None else None   # torch-style hook; unused by default\n'
                   '        for p, g in zip(params, grads):\n'
                   '            p -= self.lr * g\n'
                   '        return None if loss is None else None\n'),
              ]},
              why="update takes torch's optional closure keyword (None by default) and still "
                  'returns None'),
        Valid(name="round12-momentum-negated-velocity",
              edits={"optimizers": [
                  (region("optimizers", "SGDMomentum.update"),
                   '        if self.velocities is None:\n'
                   '            self.velocities = [np.zeros_like(p) for p in params]\n'
                   '        for i, (p, g) in enumerate(zip(params, grads)):\n'
                   '            # stores -v: the "descent direction" accumulated so far\n'
                   '            self.velocities[i] = self.momentum * self.velocities[i] - g\n'
                   '            p += self.lr * self.velocities[i]\n'),
              ]},
              why='the velocity stored negated (w = mu w - g; p += lr w): the same numbers, the '
                  'sign flipped exactly'),
        Valid(name="round12-momentum-torch-dampening-nesterov-keywords",
              edits={"optimizers": [
                  ('    def __init__(self, lr=0.01, momentum=0.9):\n'
                   '        self.lr = lr\n'
                   '        self.momentum = momentum\n'
                   '        self.velocities = None\n'
                   '        _check_hyperparameters(lr=lr, momentum=momentum)\n'
                   '\n'
                   '    def update(self, params, grads):\n'
                   '        """One step, in place. For each parameter ``p``, gradient ``g`` and its',
                   '    def __init__(self, lr=0.01, momentum=0.9, dampening=0.0, nesterov=False):\n'
                   '        self.lr = lr\n'
                   '        self.momentum = momentum\n'
                   '        self.dampening = dampening\n'
                   '        self.nesterov = nesterov\n'
                   '        self.velocities = None\n'
                   '        _check_hyperparameters(lr=lr, momentum=momentum)\n'
                   '\n'
                   '    def update(self, params, grads):\n'
                   '        """One step, in place. For each parameter ``p``, gradient ``g`` and its'),
                  (region("optimizers", "SGDMomentum.update"),
                   '        first = self.velocities is None\n'
                   '        if first:\n'
                   '            self.velocities = [None] * len(params)\n'
                   '        for i, (p, g) in enumerate(zip(params, grads)):\n'
                   '            if self.velocities[i] is None:\n'
                   '                self.velocities[i] = np.array(g, dtype=np.float64)       # torch: buf = g on the first step\n'
                   '            else:\n'
                   '                self.velocities[i] = self.momentum * self.velocities[i] + (1 - self.dampening) * g\n'
                   '            d = g + self.momentum * self.velocities[i] if self.nesterov else self.velocities[i]\n'
                   '            p -= self.lr * d\n'),
              ]},
              why="torch's dampening and nesterov keywords, off by default, and torch's first "
                  'step (buffer = g): with zero dampening the heavy-ball form exactly'),
        Valid(name="round12-momentum-state-in-module-weak-dict",
              edits={"optimizers": [
                  ('class SGDMomentum:',
                   'import weakref\n'
                   '\n'
                   '_VELOCITIES = weakref.WeakKeyDictionary()   # optimizer -> its list of velocities\n'
                   '\n'
                   '\n'
                   'class SGDMomentum:'),
                  (region("optimizers", "SGDMomentum.update"),
                   '        state = _VELOCITIES.setdefault(self, [np.zeros_like(p) for p in params])\n'
                   '        for i, (p, g) in enumerate(zip(params, grads)):\n'
                   '            state[i] = self.momentum * state[i] + g\n'
                   '            p -= self.lr * state[i]\n'),
              ]},
              why='the velocities kept in a module-level WeakKeyDictionary keyed by the optimizer '
                  '(per instance, by position in the list), not on the instance'),
        Valid(name="round12-nesterov-velocity-updated-in-place-with-out",
              edits={"optimizers": [
                  (region("optimizers", "Nesterov.update"),
                   '        if self.velocities is None:\n'
                   '            self.velocities = [np.zeros(np.shape(p)) for p in params]\n'
                   '        for v, p, g in zip(self.velocities, params, grads):\n'
                   '            np.multiply(v, self.momentum, out=v)\n'
                   '            np.add(v, g, out=v)\n'
                   '            p -= self.lr * (g + self.momentum * v)\n'),
              ]},
              why='the velocity updated in place with np.multiply/np.add out=, then the '
                  'look-ahead step from the new velocity'),
        Valid(name="round12-adagrad-mean-of-squares-times-count",
              edits={"optimizers": [
                  (region("optimizers", "AdaGrad.update"),
                   '        if self.G is None:\n'
                   '            self.G = [np.zeros_like(p) for p in params]       # kept as the running MEAN of g**2\n'
                   '            self.count = 0\n'
                   '        self.count += 1\n'
                   '        for i, (p, g) in enumerate(zip(params, grads)):\n'
                   '            self.G[i] = self.G[i] + (g ** 2 - self.G[i]) / self.count\n'
                   '            total = self.count * self.G[i]                   # the sum of squares\n'
                   '            p -= self.lr * g / (np.sqrt(total) + self.eps)\n'),
              ]},
              why='the accumulator kept as the running mean of g**2 and multiplied back by the '
                  'step count: the sum of squares up to round-off'),
        Valid(name="round12-adagrad-root-through-exp-log",
              edits={"optimizers": [
                  (region("optimizers", "AdaGrad.update"),
                   '        if self.G is None:\n'
                   '            self.G = [np.zeros_like(p) for p in params]\n'
                   '        for i, (p, g) in enumerate(zip(params, grads)):\n'
                   '            self.G[i] = self.G[i] + g ** 2\n'
                   '            with np.errstate(divide="ignore"):                   # log(0) = -inf, exp(-inf) = 0\n'
                   '                root = np.exp(0.5 * np.log(self.G[i]))\n'
                   '            p -= self.lr * g / (root + self.eps)\n'),
              ]},
              why='sqrt(G) computed as exp(log(G) / 2) under errstate (G = 0 gives exp(-inf) = '
                  '0): equal up to round-off'),
        Valid(name="round12-rmsprop-unscaled-accumulator",
              edits={"optimizers": [
                  (region("optimizers", "RMSprop.update"),
                   '        if self.s is None:\n'
                   '            self.s = [np.zeros_like(p) for p in params]       # holds s / (1 - decay)\n'
                   '        for i, (p, g) in enumerate(zip(params, grads)):\n'
                   '            self.s[i] = self.decay * self.s[i] + g ** 2\n'
                   '            p -= self.lr * g / (np.sqrt((1 - self.decay) * self.s[i]) + self.eps)\n'),
              ]},
              why='the average kept without its (1 - decay) factor (S = decay S + g**2) and '
                  'rescaled in the step: s = (1 - decay) S, the same up to round-off'),
        Valid(name="round12-rmsprop-torch-centered-momentum-keywords-off",
              edits={"optimizers": [
                  ('    def __init__(self, lr=0.01, decay=0.9, eps=1e-8):\n'
                   '        self.lr = lr\n'
                   '        self.decay = decay\n'
                   '        self.eps = eps\n'
                   '        self.s = None\n'
                   '        _check_hyperparameters(lr=lr, decay=decay, eps=eps)\n',
                   '    def __init__(self, lr=0.01, decay=0.9, eps=1e-8, momentum=0.0, centered=False):\n'
                   '        self.lr = lr\n'
                   '        self.decay = decay\n'
                   '        self.eps = eps\n'
                   '        self.momentum = momentum\n'
                   '        self.centered = centered\n'
                   '        self.s = None\n'
                   '        self.g_avg = None\n'
                   '        self.buf = None\n'
                   '        _check_hyperparameters(lr=lr, decay=decay, eps=eps)\n'),
                  (region("optimizers", "RMSprop.update"),
                   '        if self.s is None:\n'
                   '            self.s = [np.zeros_like(p) for p in params]\n'
                   '            self.g_avg = [np.zeros_like(p) for p in params]\n'
                   '            self.buf = [np.zeros_like(p) for p in params]\n'
                   '        for i, (p, g) in enumerate(zip(params, grads)):\n'
                   '            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n'
                   '            avg = self.s[i]\n'
                   "            if self.centered:                                  # torch's option, off by default\n"
                   '                self.g_avg[i] = self.decay * self.g_avg[i] + (1 - self.decay) * g\n'
                   '                avg = avg - self.g_avg[i] ** 2\n'
                   '            step = g / (np.sqrt(avg) + self.eps)\n'
                   "            if self.momentum > 0:                              # torch's option, off by default\n"
                   '                self.buf[i] = self.momentum * self.buf[i] + step\n'
                   '                step = self.buf[i]\n'
                   '            p -= self.lr * step\n'),
              ]},
              why="torch's centered and momentum options as keywords, off by default (extra state "
                  'made and left unused)'),
        Valid(name="round12-adam-state-dict-extra-api",
              edits={"optimizers": [
                  ('        self.m = None\n'
                   '        self.v = None\n'
                   '        self.t = 0\n'
                   '        _check_hyperparameters(lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n',
                   '        self.m = None\n'
                   '        self.v = None\n'
                   '        self.t = 0\n'
                   '        _check_hyperparameters(lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n'
                   '\n'
                   '    def state_dict(self):\n'
                   '        """A copy of the state (for checkpoints)."""\n'
                   '        return {"t": self.t, "m": None if self.m is None else [a.copy() for a in self.m],\n'
                   '                "v": None if self.v is None else [a.copy() for a in self.v],\n'
                   '                "hyper": {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}}\n'
                   '\n'
                   '    def load_state_dict(self, state):\n'
                   '        self.t = state["t"]\n'
                   '        self.m = None if state["m"] is None else [a.copy() for a in state["m"]]\n'
                   '        self.v = None if state["v"] is None else [a.copy() for a in state["v"]]\n'
                   '\n'
                   '    def reset(self):\n'
                   '        self.m = self.v = None\n'
                   '        self.t = 0\n'
                   '\n'
                   '    def __repr__(self):\n'
                   '        return f"{type(self).__name__}(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps}, t={self.t})"\n'),
              ]},
              why='extra API on the class: state_dict, load_state_dict, reset and a __repr__; '
                  "update is the reference's"),
        Valid(name="round12-adam-root-of-v-over-root-of-correction",
              edits={"optimizers": [
                  (region("optimizers", "Adam.update"),
                   '        if self.m is None:\n'
                   '            self.m = [np.zeros_like(p) for p in params]\n'
                   '            self.v = [np.zeros_like(p) for p in params]\n'
                   '        self.t += 1\n'
                   '        c1 = 1 - self.beta1 ** self.t\n'
                   '        root_c2 = (1 - self.beta2 ** self.t) ** 0.5\n'
                   '        for i, (p, g) in enumerate(zip(params, grads)):\n'
                   '            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n'
                   '            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n'
                   '            p -= self.lr * (self.m[i] / c1) / (np.sqrt(self.v[i]) / root_c2 + self.eps)\n'),
              ]},
              why='the bias correction of v applied after the square root (sqrt(v) / sqrt(1 - '
                  'beta2**t)): sqrt(v_hat) up to round-off'),
        Valid(name="round12-adam-step-counter-np-int64",
              edits={"optimizers": [
                  ('        self.m = None\n'
                   '        self.v = None\n'
                   '        self.t = 0\n'
                   '        _check_hyperparameters(lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n',
                   '        self.m = None\n'
                   '        self.v = None\n'
                   '        self.t = np.int64(0)\n'
                   '        _check_hyperparameters(lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n'),
              ]},
              why='the step counter a NumPy int64 (0, then 1 on the first call); beta**t in '
                  "NumPy's power, equal up to round-off"),
        Valid(name="round12-adamw-decoupled-flag-keyword",
              edits={"optimizers": [
                  ('    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):\n'
                   '        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n'
                   '        self.weight_decay = weight_decay\n'
                   '        _check_hyperparameters(weight_decay=weight_decay)\n',
                   '    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01, decoupled=True):\n'
                   '        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n'
                   '        self.weight_decay = weight_decay\n'
                   '        self.decoupled = decoupled\n'
                   '        _check_hyperparameters(weight_decay=weight_decay)\n'),
                  (region("optimizers", "AdamW.update"),
                   '        if not self.decoupled:       # the L2 form, for comparison in the notebook; off by default\n'
                   '            super().update(params, [g + self.weight_decay * p for p, g in zip(params, grads)])\n'
                   '            return\n'
                   '        for p in params:\n'
                   '            p -= self.lr * self.weight_decay * p\n'
                   '        super().update(params, grads)\n'),
              ]},
              why='AdamW with a decoupled keyword (True by default; False would be the L2 form '
                  'for comparison)'),
    ]


VALID += _valid_round_12()

# The held-out rounds as measured while held out, each graded once before its burn (docs/graders.md, "The figures";
# round 14 from `selftest --json` at 4c16fef): what `autograder selftest` prints beside the round held out now
HELD_OUT_MEASURED = {12: {"held_out": 24, "caught": 23, "named": 21}, 13: {"held_out": 16, "caught": 16, "named": 12}, 14: {"held_out": 22, "caught": 22, "named": 20}}

# Held-out round 15 (docs/graders.md): heldout_round15.py, written outside the repository from public sources
# while round 14 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_15 = load_round(__file__, "heldout_round15.py").ROUND_15
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_15_ALSO = {'sgd-returns-new-list-functional': ('update-returns-value',), 'sgd-every-grad-to-every-param': ('wrong-shape',), 'momentum-local-v-one-minus-mu': ('step-scaled-by-constant',), 'momentum-list-times-n-in-place': ('wrong-shape',), 'nesterov-jump-then-momentum-step': ('nesterov-momentum-twice',), 'nesterov-lookahead-before-velocity-update': ('nesterov-as-momentum', 'nesterov-wrong-look-ahead'), 'adagrad-step-then-np-add-out': ('update-gradient-scaling',), 'adagrad-leaky-accumulator': ('state-between-calls',), 'adagrad-adds-mean-square': ('state-one-scalar-per-parameter', 'update-gradient-scaling'), 'rmsprop-torch-momentum-buffer': ('optimizer-library-option', 'state-between-calls'), 'rmsprop-np-dot-for-square': ('state-one-scalar-per-parameter', 'update-gradient-scaling', 'root-of-negative'), 'rmsprop-in-place-decay-plus-square': ('step-scaled-by-constant',), 'adam-corrects-moments-in-place': ('state-between-calls', 'bias-correction'), 'adam-moments-start-at-first-grad': ('state-seeded-with-first-gradient',), 'adam-alpha-over-root-t': ('state-between-calls',), 'adam-rms-then-corrected': ('bias-correction',), 'adamw-decayed-grads-loop-append': ('optimizer-library-option',), 'adamw-cached-decay-factor': ('learning-rate-use',), 'adamw-decoupled-and-l2': ('adamw-as-l2',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_15_REPEATS = {}
ROUND_15_KNOWN, HELD_OUT = split_repeats(ROUND_15, 15, ROUND_15_ALSO, ROUND_15_REPEATS, MISTAKES)
MISTAKES += ROUND_15_KNOWN
HELD_OUT_DIGESTS = {
    'sgd-returns-new-list-functional': '3948962d81d79783',
    'sgd-every-grad-to-every-param': 'f9ea5c7b1cf682f4',
    'momentum-local-v-one-minus-mu': '53a72d4298adbae7',
    'momentum-step-with-previous-v': 'e5289b15baed5648',
    'momentum-adam-style-correction': 'c28d344ea233d20c',
    'momentum-list-times-n-in-place': '12b6c68424af12ad',
    'nesterov-jump-then-momentum-step': '4bbdf70450adac7a',
    'nesterov-lookahead-before-velocity-update': 'a916c8b574b411f4',
    'adagrad-step-then-np-add-out': 'f56cd9ae0b0a53fe',
    'adagrad-leaky-accumulator': '0207deb19d43b956',
    'adagrad-adds-mean-square': 'fbb108eb40284aef',
    'rmsprop-rho-local-on-new-square': 'f33425a0b32688de',
    'rmsprop-torch-momentum-buffer': '8cd4613f2cd4e79f',
    'rmsprop-np-dot-for-square': '5e331781cdd0683a',
    'rmsprop-in-place-decay-plus-square': '1c3b6c58c3560588',
    'adam-corrects-moments-in-place': 'b7bd29ea6806e291',
    'adam-moments-start-at-first-grad': '95d4c1ec3452e305',
    'adam-alpha-over-root-t': 'fd67f80fb3715639',
    'adam-rms-then-corrected': 'bfd9b3353f07d8ba',
    'adam-denominator-clamped-at-eps': '90060884600ac9ce',
    'adam-moments-dict-by-id': '9b05c8dbff945d54',
    'adamw-decayed-grads-loop-append': 'e52dc5e8d6494843',
    'adamw-cached-decay-factor': '2a9873013ba66d67',
    'adamw-decay-towards-zero-by-sign': '06b9e00b50aaff8f',
    'adamw-decoupled-and-l2': '7f45b7bdff5168a8',
}
