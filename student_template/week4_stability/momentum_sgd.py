"""SGD with momentum for the experiments of weeks 3 and 4 (given code, not a task).

Week 3 trains the digits network under every schedule, and week 4 trains on
the spirals when your week-2 ``optimizers.py`` is not in the folder; both need
an optimizer with the week-2 interface (a settable ``lr``, ``update(params,
grads)`` changing ``params`` in place). This is that optimizer, so the
notebooks do not depend on last week's code.

    opt = MomentumSGD(lr=0.1, momentum=0.9)
    opt.update(net.params, grads)        # v = momentum * v + g;  p -= lr * v   (in place)

It is PyTorch's ``torch.optim.SGD(params, lr, momentum)`` (``dampening=0``).
"""
from __future__ import annotations

import numpy as np


class MomentumSGD:
    """SGD with momentum: ``v = momentum * v + g; p -= lr * v`` (in place), one velocity per parameter."""

    def __init__(self, lr=0.1, momentum=0.9):
        self.lr, self.momentum, self.velocities = lr, momentum, None

    def update(self, params, grads):
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.velocities):
            v *= self.momentum
            v += g
            p -= self.lr * v
