"""Runs inside the sandbox: drives the submission's optimizers on data the test chooses."""
import numpy as np


def optimizer_steps(mods, cls, kwargs, params, grads, lrs=None):
    """Apply ``len(grads)`` updates; return the parameters after every step."""
    opt = getattr(mods.optimizers, cls)(**kwargs)
    params = [np.array(p, dtype=np.float64) for p in params]
    trajectory = []
    for step, g in enumerate(grads):
        if lrs is not None:
            opt.lr = lrs[step]
        opt.update(params, [np.array(x, dtype=np.float64) for x in g])
        trajectory.append([np.array(p, dtype=np.float64) for p in params])
    return trajectory
