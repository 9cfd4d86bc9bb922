"""Held-out round 13, week 2 (optimizers.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "optimizers"

SGD_STEP = "            p -= self.lr * g\n"
MOM_V = "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
MOM_LOOP = MOM_V + "            p -= self.lr * self.velocities[i]\n"
NAG_STEP = "            p -= self.lr * (g + self.momentum * self.velocities[i])\n"
NAG_LOOP = MOM_V + NAG_STEP
ADAGRAD_ACC = "            self.G[i] = self.G[i] + g ** 2\n"
ADAGRAD_STEP = "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n"
RMS_LOOP = ("        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
            "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n")
RMS_AVG = "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
ADAM_V = "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2\n"
ADAM_MHAT = "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
ADAM_VHAT = "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n"
ADAMW_DECAY = "            p -= self.lr * self.weight_decay * p\n"
ADAM_STEP = "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"

ROUND_13 = [
    Mistake(
        tag="update-gradient-scaling", name="sgd-step-along-unit-gradient",
        edits={M: [(SGD_STEP, "            p -= self.lr * g / (np.linalg.norm(g) + 1e-12)\n")]},
        why="the student normalises each gradient to unit length ('normalised gradient descent', to be safe "
            "against exploding gradients) so every step has length lr. Contract SGD: p -= lr * g.",
        source="https://arxiv.org/abs/1507.02030 (normalized gradient descent)",
        held_out=True),
    Mistake(
        tag="momentum-ema", name="momentum-incremental-ema-update",
        edits={M: [(MOM_LOOP, "            self.velocities[i] += (1 - self.momentum) * (g - self.velocities[i])\n"
                              "            p -= self.lr * self.velocities[i]\n")]},
        why="the student writes the exponential moving average in its incremental form v += (1-β)(g - v) "
            "(Andrew Ng's 'momentum as EWA'); it is v = βv + (1-β)g, a velocity (1-β) times smaller than the "
            "contract's v = momentum * v + g.",
        source="https://www.coursera.org/learn/deep-neural-network (Gradient descent with momentum)",
        held_out=True),
    Mistake(
        tag="momentum-wrong-sign", name="momentum-velocity-plus-lr-g-then-added",
        edits={M: [(MOM_LOOP, "            self.velocities[i] = self.momentum * self.velocities[i] + self.lr * g\n"
                              "            p += self.velocities[i]\n")]},
        why="the student mixes the two taught forms: the velocity accumulates +lr*g (as in v = μv + g) but is "
            "then added to the parameters (as in v = μv - lr*g; p += v): the step goes uphill. Contract: "
            "v = μv + g; p -= lr*v, or v = μv - lr*g; p += v.",
        source="https://cs231n.github.io/neural-networks-3/#sgd (momentum update)",
        held_out=True),
    Mistake(
        tag="momentum-mu-scales-gradient", novel=True, name="momentum-parenthesised-sum-times-mu",
        edits={M: [(MOM_LOOP, "            self.velocities[i] = self.momentum * (self.velocities[i] + g)\n"
                              "            p -= self.lr * self.velocities[i]\n")]},
        why="the student factors the momentum out of the sum, v = μ(v + g), so the fresh gradient is damped by "
            "μ as well. Contract: v = momentum * v + g.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (v = μv + g)",
        held_out=True),
    Mistake(
        tag="momentum-ema", name="nesterov-velocity-as-ema",
        edits={M: [(NAG_LOOP, "            self.velocities[i] = self.momentum * self.velocities[i] "
                              "+ (1 - self.momentum) * g\n" + NAG_STEP)]},
        why="in Nesterov the student reuses the EWA velocity of the deeplearning.ai course, v = βv + (1-β)g; "
            "the velocity is (1-β) times the contract's v = momentum * v + g.",
        source="https://www.coursera.org/learn/deep-neural-network (momentum as EWA)",
        held_out=True),
    Mistake(
        tag="learning-rate-use", name="nesterov-lr-binds-look-ahead-term-only",
        edits={M: [(NAG_STEP, "            p -= self.lr * self.momentum * self.velocities[i] + g\n")]},
        why="the student drops the parentheses of lr * (g + μv): the raw gradient is subtracted without the "
            "learning rate. Contract: p -= lr * (g + momentum * v).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (nesterov=True)",
        held_out=True),
    Mistake(
        tag="adagrad-eps-misplaced", name="adagrad-eps-added-after-division",
        edits={M: [(ADAGRAD_STEP, "            p -= self.lr * g / np.sqrt(self.G[i]) + self.eps\n")]},
        why="the student leaves out the parentheses around sqrt(G) + eps: eps is added to the step (shifting "
            "every parameter) and a zero gradient with zero history gives 0/0 = nan. Contract: "
            "lr * g / (sqrt(G) + eps) (eps inside the root also accepted).",
        source="https://ruder.io/optimizing-gradient-descent/#adagrad",
        held_out=True),
    Mistake(
        tag="adagrad-one-rate-per-array", name="adagrad-accumulates-mean-square-of-array",
        edits={M: [(ADAGRAD_ACC, "            self.G[i] = self.G[i] + np.mean(g ** 2)\n")]},
        why="the student accumulates the mean squared gradient of the whole array, one adaptive rate per weight "
            "matrix instead of one per weight. Contract: G += g**2 elementwise.",
        source="https://ruder.io/optimizing-gradient-descent/#adagrad (per-parameter G_ii)",
        held_out=True),
    Mistake(
        tag="rmsprop-decay-swapped", name="rmsprop-weights-swapped-g-times-g",
        edits={M: [(RMS_AVG, "            self.s[i] = (1 - self.decay) * self.s[i] + self.decay * g * g\n")]},
        why="the student reads 'decay' as the weight of the new term and writes s = (1-ρ)s + ρg²: with ρ=0.9 the "
            "average forgets almost at once. Contract: s = decay * s + (1 - decay) * g**2.",
        source="https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf",
        held_out=True),
    Mistake(
        tag="state-between-calls", also=("rmsprop-stale-average",), name="rmsprop-zip-loop-average-rebound",
        edits={M: [(RMS_LOOP, "        for p, g, s in zip(params, grads, self.s):\n"
                              "            s = self.decay * s + (1 - self.decay) * g ** 2\n"
                              "            p -= self.lr * g / (np.sqrt(s) + self.eps)\n")]},
        why="the student loops with zip over the state list and rebinds the loop name s: the new average is "
            "never stored, so every call starts again from zeros. Contract: per-parameter state kept between "
            "calls.",
        source="https://docs.python.org/3/faq/programming.html#why-did-changing-list-y-also-change-list-x",
        held_out=True),
    Mistake(
        tag="adam-t-off-by-one", name="adam-local-t-plus-one-in-corrections",
        edits={M: [(ADAM_MHAT, "            t = self.t + 1\n"
                              "            m_hat = self.m[i] / (1 - self.beta1 ** t)\n"),
                   (ADAM_VHAT, "            v_hat = self.v[i] / (1 - self.beta2 ** t)\n")]},
        why="the student counts steps from 0 in a for-loop elsewhere and writes t + 1 in the corrections "
            "after already incrementing t: every correction uses one step too many. Contract: t starts at 1 on "
            "the first call, m̂ = m/(1-β1^t).",
        source="https://arxiv.org/abs/1412.6980 (Algorithm 1)",
        held_out=True),
    Mistake(
        tag="state-one-scalar-per-parameter", name="adam-v-sum-of-squared-gradient",
        edits={M: [(ADAM_V, "            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * np.sum(g ** 2)\n")]},
        why="the student tracks the squared norm of the whole gradient array (as for gradient-norm monitoring) "
            "instead of each entry's square: one second moment per array. Contract: v = β2 v + (1-β2) g**2 "
            "elementwise.",
        source="https://arxiv.org/abs/1412.6980 (g_t^2 is the elementwise square)",
        held_out=True),
    Mistake(
        tag="adam-bias-correction-wrong-power", name="adam-v-hat-over-root-of-correction",
        edits={M: [(ADAM_VHAT, "            v_hat = self.v[i] / np.sqrt(1 - self.beta2 ** self.t)\n")]},
        why="the student mixes in the sqrt(1-β2^t) of the paper's 'efficient' step-size form and divides v by "
            "it: v̂ is corrected by the wrong power. Contract: v̂ = v/(1-β2^t).",
        source="https://arxiv.org/abs/1412.6980 (section 2, alpha_t = alpha sqrt(1-β2^t)/(1-β1^t))",
        held_out=True),
    Mistake(
        tag="adamw-l1-decay", novel=True, name="adamw-decay-by-sign-of-weights",
        edits={M: [(ADAMW_DECAY, "            p -= self.lr * self.weight_decay * np.sign(p)\n")]},
        why="the student decays every weight towards zero by a fixed amount (sign(p), an L1 / lasso "
            "shrinkage) instead of in proportion to its size. Contract AdamW: p -= lr * weight_decay * p.",
        source="https://arxiv.org/abs/1711.05101 (decoupled weight decay w <- w - η λ w)",
        held_out=True),
    Mistake(
        tag="hyperparameters-ignored", also=("lr-change-ignored",), name="adam-paper-alpha-typed-in-step",
        edits={M: [(ADAM_STEP, "            p -= 0.001 * m_hat / (np.sqrt(v_hat) + self.eps)\n")]},
        why="the student copies Algorithm 1 with its default α = 0.001 written as a number: the lr given to "
            "the constructor and any lr a schedule sets are ignored. Contract: public settable attribute lr, "
            "used at every step.",
        source="https://arxiv.org/abs/1412.6980 (Algorithm 1, α = 0.001)",
        held_out=True),
    Mistake(
        tag="momentum-velocity-unused", name="momentum-step-with-fresh-gradient",
        edits={M: [(MOM_LOOP, MOM_V + "            p -= self.lr * g\n")]},
        why="the student updates the velocity but steps with the fresh gradient (a copy-paste from SGD.update): "
            "the momentum never acts. Contract: p -= lr * v.",
        source="https://cs231n.github.io/neural-networks-3/#sgd",
        held_out=True),
]
