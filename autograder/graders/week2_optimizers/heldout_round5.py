"""Held-out round 5, week 2: mistakes students write in optimizers.py, as edits to the reference.

Written outside the repository from public sources (issues of course and library repositories, library
documentation, the lessons), before any grading. Each case is frozen once written.
"""
from autograder.catalogue import Mistake

M = "optimizers"

ROUND_5 = [
    # ---------------------------------------------------------------- SGD
    Mistake(
        tag="not-in-place",
        name="sgd-flatten-is-a-copy",
        edits={M: [(
            "        for p, g in zip(params, grads):\n"
            "            p -= self.lr * g\n"
            "        ### END SOLUTION\n\n\nclass SGDMomentum:",
            "        for p, g in zip(params, grads):\n"
            "            flat = p.flatten()                 # work on a 1-D vector\n"
            "            flat -= self.lr * g.flatten()\n"
            "        ### END SOLUTION\n\n\nclass SGDMomentum:",
        )]},
        why="flatten() always returns a copy (ravel() would give a view): the in-place step changes the copy "
            "and the caller's parameters never move.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.ndarray.flatten.html ('Return a copy of "
               "the array collapsed into one dimension')",
        held_out=True,
    ),
    Mistake(
        tag="modifies-grads",
        name="sgd-scales-grad-in-place-then-adds",
        edits={M: [(
            "        for p, g in zip(params, grads):\n"
            "            p -= self.lr * g\n"
            "        ### END SOLUTION\n\n\nclass SGDMomentum:",
            "        for p, g in zip(params, grads):\n"
            "            g *= -self.lr                      # no temporary array\n"
            "            p += g\n"
            "        ### END SOLUTION\n\n\nclass SGDMomentum:",
        )]},
        why="The step is built in the gradient's own buffer to avoid a temporary: the parameters move "
            "correctly, but the caller's gradients come back multiplied by -lr (a second optimizer, a logger "
            "or gradient clipping then read wrong values).",
        source="https://github.com/torch/optim/pull/57 (optimizer updates written with in-place buffer "
               "arithmetic, x:add(-lr, state.tmp)); the module docstring: update never modifies grads",
        held_out=True,
    ),
    # ---------------------------------------------------------------- SGDMomentum
    Mistake(
        tag="momentum-ema",
        name="momentum-deeplearning-ai-beta-in-place",
        edits={M: [(
            "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n",
            "            self.velocities[i] *= self.momentum\n"
            "            self.velocities[i] += (1 - self.momentum) * g\n"
            "            p -= self.lr * self.velocities[i]\n",
        )]},
        why="deeplearning.ai's momentum, v = beta v + (1 - beta) dW, an average of the gradients; the spec's "
            "velocity is their sum (PyTorch), ten times larger for momentum 0.9, so every step is 1/10 of it.",
        source="https://github.com/fanghao6666/neural-networks-and-deep-learning (Optimization methods "
               "notebook: v = beta * v + (1 - beta) * grads)",
        held_out=True,
    ),
    Mistake(
        tag="state-reset",
        name="momentum-or-default-never-stored",
        edits={M: [(
            "        if self.velocities is None:\n"
            "            self.velocities = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * self.velocities[i]\n",
            "        velocities = self.velocities or [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            velocities[i] = self.momentum * velocities[i] + g\n"
            "            p -= self.lr * velocities[i]\n",
        )]},
        why="The 'x or default' idiom creates the velocities in a local name that is never stored on self: "
            "every call starts again from zeros, so it is plain SGD.",
        source="the lessons: SGDMomentum class (self.velocities created on the first call and kept); "
               "the week 2 docstrings (state kept between calls)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- Nesterov
    Mistake(
        tag="nesterov-as-momentum",
        name="nesterov-delegates-to-momentum",
        edits={M: [(
            "        if self.velocities is None:\n"
            "            self.velocities = [np.zeros_like(p) for p in params]\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.velocities[i] = self.momentum * self.velocities[i] + g\n"
            "            p -= self.lr * (g + self.momentum * self.velocities[i])\n",
            "        SGDMomentum.update(self, params, grads)     # Nesterov is momentum with a look-ahead\n",
        )]},
        why="The look-ahead is left to 'the momentum': the class reuses the heavy-ball update, so it is "
            "exactly SGDMomentum.",
        source="https://github.com/keras-team/keras/issues/966 (is Nesterov 'just normal momentum with a "
               "slightly different constant'?)",
        held_out=True,
    ),
    Mistake(
        tag="nesterov-velocity-without-lr",
        name="nesterov-keras-step-with-torch-velocity",
        novel=True,
        edits={M: [(
            "            p -= self.lr * (g + self.momentum * self.velocities[i])\n",
            "            p += self.momentum * self.velocities[i] - self.lr * g   # p + mu v - lr g\n",
        )]},
        why="Keras' Nesterov step new_p = p + mu*v - lr*g (its v already holds -lr) pasted under PyTorch's "
            "velocity v = mu*v + g, which holds no lr and no sign: the momentum term climbs the gradient with "
            "step mu*v instead of descending with lr*mu*v.",
        source="https://github.com/keras-team/keras/issues/966 (new_p = p + self.momentum * v - lr * g); "
               "https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (b_t = mu b + g)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- AdaGrad
    Mistake(
        tag="shared-state",
        name="adagrad-index-never-incremented",
        edits={M: [(
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.G[i] = self.G[i] + g ** 2\n"
            "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n",
            "        i = 0\n"
            "        for p, g in zip(params, grads):\n"
            "            self.G[i] = self.G[i] + g ** 2\n"
            "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n",
        )]},
        why="A manual index that is never incremented: every parameter reads and writes the first "
            "parameter's accumulator (and a parameter of another shape fails to broadcast).",
        source="https://github.com/PennyLaneAI/pennylane/issues/1928 (Adagrad apply_grad: 'a missing index "
               "increment (trained_index)')",
        held_out=True,
    ),
    Mistake(
        tag="adagrad-stale-accumulator",
        name="adagrad-denominator-computed-first",
        edits={M: [(
            "            self.G[i] = self.G[i] + g ** 2\n"
            "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n",
            "            denom = np.sqrt(self.G[i]) + self.eps\n"
            "            self.G[i] = self.G[i] + g ** 2\n"
            "            p -= self.lr * g / denom\n",
        )]},
        why="The denominator is computed from the accumulator before this step's g**2 is added: on the first "
            "call it is eps alone, a step of about lr * g / 1e-10.",
        source="https://jmlr.org/papers/v12/duchi11a.html (G_t includes g_t); "
               "https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html (state_sum += g^2, then "
               "the step)",
        held_out=True,
    ),
    Mistake(
        tag="adagrad-one-rate-per-array",
        name="adagrad-norm-accumulator",
        novel=True,
        edits={M: [(
            "            self.G[i] = self.G[i] + g ** 2\n"
            "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n",
            "            self.G[i] = self.G[i] + np.sum(g ** 2)       # one rate per parameter (tensor)\n"
            "            p -= self.lr * g / (np.sqrt(self.G[i]) + self.eps)\n",
        )]},
        why="'A learning rate per parameter' read as per parameter array: the squared norm of the whole "
            "gradient is accumulated (AdaGrad-Norm), so every entry of an array shares one rate and "
            "coordinates with small gradients no longer get larger steps.",
        source="https://jmlr.org/papers/v12/duchi11a.html (per-coordinate G); Ward, Wu & Bottou (2019) "
               "AdaGrad-Norm https://arxiv.org/abs/1806.01811 (one scalar accumulator)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- RMSprop
    Mistake(
        tag="rmsprop-no-one-minus-decay",
        name="rmsprop-in-place-without-one-minus",
        edits={M: [(
            "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n",
            "            self.s[i] *= self.decay\n"
            "            self.s[i] += g ** 2\n",
        )]},
        why="The running average written as 'decay the cache, add the new square' without weighting the new "
            "square by 1 - decay: s settles near g**2 / (1 - decay), so the steps are about sqrt(10) times "
            "too small for decay 0.9.",
        source="https://github.com/Devinterview-io/gradient-descent-interview-questions/issues/1 (running_avg "
               "missing the (1 - 0.9) factor)",
        held_out=True,
    ),
    Mistake(
        tag="rmsprop-bias-corrected",
        name="rmsprop-adam-style-correction",
        novel=True,
        edits={M: [(
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
            "            p -= self.lr * g / (np.sqrt(self.s[i]) + self.eps)\n",
            "            self.t = 0\n"
            "        self.t += 1\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.s[i] = self.decay * self.s[i] + (1 - self.decay) * g ** 2\n"
            "            s_hat = self.s[i] / (1 - self.decay ** self.t)    # bias correction, as in Adam\n"
            "            p -= self.lr * g / (np.sqrt(s_hat) + self.eps)\n",
        )]},
        why="Adam's bias correction added to RMSprop 'because s starts at 0 too': the first step becomes "
            "about lr instead of lr / sqrt(1 - decay) = 3.16 lr, and early steps stay smaller; the course's "
            "RMSprop (Hinton's, PyTorch's) has no correction.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html (no bias correction) vs "
               "https://arxiv.org/abs/1412.6980 (Adam's correction); the class docstring's first-step note",
        held_out=True,
    ),
    # ---------------------------------------------------------------- Adam
    Mistake(
        tag="adam-bias-correction-multiplied",
        name="adam-moments-times-correction",
        novel=True,
        edits={M: [(
            "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
            "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n",
            "            m_hat = self.m[i] * (1 - self.beta1 ** self.t)\n"
            "            v_hat = self.v[i] * (1 - self.beta2 ** self.t)\n",
        )]},
        why="The bias correction multiplies the moments instead of dividing them: the early moments, already "
            "biased towards 0, are shrunk further (first step about 3.2 lr instead of lr).",
        source="https://github.com/karpathy/convnetjs/pull/70 ('the bias estimates use division instead of "
               "multiplication')",
        held_out=True,
    ),
    Mistake(
        tag="adam-bias-correction-twice",
        name="adam-corrected-moments-and-corrected-step",
        novel=True,
        edits={M: [(
            "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
            "        ### END SOLUTION\n\n\nclass AdamW(Adam):",
            "            lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)\n"
            "            p -= lr_t * m_hat / (np.sqrt(v_hat) + self.eps)\n"
            "        ### END SOLUTION\n\n\nclass AdamW(Adam):",
        )]},
        why="The paper gives two equivalent places for the correction -- on the moments, or folded into the "
            "step size -- and both are applied: the first step is sqrt(1 - beta2)/(1 - beta1) = 0.32 lr "
            "instead of lr, and the steps stay too small for hundreds of calls.",
        source="https://github.com/PennyLaneAI/pennylane/issues/1928 ('A bias correction can then be applied "
               "to either the moments themselves or absorbed into a time-dependent step size. The current "
               "update rules do both')",
        held_out=True,
    ),
    Mistake(
        tag="adam-bias-correction-times-t",
        name="adam-beta-times-t",
        novel=True,
        edits={M: [(
            "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
            "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n",
            "            m_hat = self.m[i] / (1 - self.beta1 * self.t)\n"
            "            v_hat = self.v[i] / (1 - self.beta2 * self.t)\n",
        )]},
        why="* typed for **: 1 - beta * t equals the correct 1 - beta**t at t = 1 only; at t = 2 it is "
            "negative (1 - 1.8), so m_hat changes sign and Adam climbs the loss from its second step.",
        source="https://github.com/ufal/npfl114/pull/79 (the Adam bias-correction slide had the exponent "
               "written wrongly, (1-beta^2) for (1-beta_2^t))",
        held_out=True,
    ),
    Mistake(
        tag="adam-t-stuck",
        name="adam-t-local-copy",
        edits={M: [(
            "        self.t += 1\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n",
            "        t = self.t + 1                    # this step's number\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n",
        ), (
            "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
            "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n",
            "            m_hat = self.m[i] / (1 - self.beta1 ** t)\n"
            "            v_hat = self.v[i] / (1 - self.beta2 ** t)\n",
        )]},
        why="The step number is computed into a local variable and never stored: self.t stays 0, t is 1 at "
            "every call, and every step gets the first step's bias correction.",
        source="https://arxiv.org/abs/1412.6980 Algorithm 1 (t <- t + 1 at each iteration); "
               "https://github.com/karpathy/convnetjs/pull/107 (Adam bias correction bugs in a from-scratch "
               "implementation)",
        held_out=True,
    ),
    Mistake(
        tag="adam-t-from-zero",
        name="adam-t-read-before-increment",
        edits={M: [(
            "        self.t += 1\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n",
            "        t = self.t\n"
            "        self.t += 1\n"
            "        for i, (p, g) in enumerate(zip(params, grads)):\n"
            "            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g\n",
        ), (
            "            m_hat = self.m[i] / (1 - self.beta1 ** self.t)\n"
            "            v_hat = self.v[i] / (1 - self.beta2 ** self.t)\n",
            "            m_hat = self.m[i] / (1 - self.beta1 ** t)\n"
            "            v_hat = self.v[i] / (1 - self.beta2 ** t)\n",
        )]},
        why="The counter is read before it is incremented, the way a 'step index' from 0 is used: on the "
            "first call 1 - beta**0 = 0, a division by zero (inf/nan), and every later step uses t - 1.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.Adam.html (the step count starts at 1 "
               "in the bias correction); https://github.com/karpathy/convnetjs/pull/107",
        held_out=True,
    ),
    # ---------------------------------------------------------------- AdamW
    Mistake(
        tag="adamw-decay-scaled-by-corrected-step",
        name="adamw-decay-times-step-size",
        novel=True,
        edits={M: [(
            "        for p in params:\n"
            "            p -= self.lr * self.weight_decay * p\n"
            "        super().update(params, grads)\n",
            "        t = self.t + 1\n"
            "        step_size = self.lr * np.sqrt(1 - self.beta2 ** t) / (1 - self.beta1 ** t)\n"
            "        for p in params:\n"
            "            p -= step_size * self.weight_decay * p\n"
            "        super().update(params, grads)\n",
        )]},
        why="The decay is multiplied by Adam's bias-corrected step size (PyTorch's old step_size = lr * "
            "sqrt(1 - beta2^t) / (1 - beta1^t)) instead of by lr: 0.32 lr * wd on the first step, about 6.6 lr "
            "* wd around step 12, drifting back to lr * wd only after thousands of steps.",
        source="https://github.com/egg-west/AdamW-pytorch/issues/1 ('In your code, however, you implicitly "
               "multiply w by alpha (step_size)')",
        held_out=True,
    ),
    Mistake(
        tag="adamw-decay-without-lr",
        name="adamw-np-multiply-out-without-lr",
        edits={M: [(
            "        for p in params:\n"
            "            p -= self.lr * self.weight_decay * p\n",
            "        for p in params:\n"
            "            np.multiply(p, 1 - self.weight_decay, out=p)     # theta <- (1 - lambda) theta\n",
        )]},
        why="The paper's decoupled decay theta <- (1 - lambda) theta taken literally (its schedule multiplier "
            "dropped): every step shrinks the weights by wd, not by lr * wd as PyTorch and the spec do.",
        source="https://github.com/pytorch/pytorch/issues/38853 ('should be p.mul_(1 - group[weight_decay])'); "
               "https://github.com/tensorflow/addons/issues/2282",
        held_out=True,
    ),
    Mistake(
        tag="adamw-as-l2",
        also=("modifies-grads",),
        name="adamw-l2-added-in-place",
        edits={M: [(
            "        for p in params:\n"
            "            p -= self.lr * self.weight_decay * p\n"
            "        super().update(params, grads)\n",
            "        for p, g in zip(params, grads):\n"
            "            g += self.weight_decay * p            # weight decay term of the gradient\n"
            "        super().update(params, grads)\n",
        )]},
        why="Weight decay added to the gradient (torch.optim.Adam(weight_decay=...)'s L2 form), and in place: "
            "the decay is rescaled by sqrt(v_hat) like the rest of the step, and the caller's gradients are "
            "changed too.",
        source="https://github.com/pytorch/pytorch/pull/3740 (Adam's weight_decay is L2 in the gradient, "
               "AdamW decouples it); the class docstring's warning",
        held_out=True,
    ),
]
