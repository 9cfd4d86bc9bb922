"""Taken by `autograder generate` from autograder/graders/week2_optimizers/probes.py: the probes the public checks call. Do not edit."""


import numpy as np


def _floats(arrays):
    return [np.array(a, dtype=np.float64) for a in arrays]


def _same(now, before) -> bool:
    """``np.array_equal(now, before, equal_nan=True)``; equal bytes and shape decide it at a tenth of the cost
    (12 steps x 3 gradients per call), anything else (a NaN of other bits, a rebound array) goes the long way."""
    if type(now) is np.ndarray and now.shape == before.shape and now.dtype == before.dtype \
            and now.tobytes() == before.tobytes():
        return True
    return bool(np.array_equal(now, before, equal_nan=True))


def optimizer_steps(mods, cls, kwargs, params, grads, lrs=None):
    """Build ``cls(**kwargs)`` and call ``update`` once per entry of ``grads``.

    Like every real caller (``surfaces.run_optimizer``, a training loop), the
    probe keeps its OWN references to the parameter arrays and passes a fresh
    list holding them at every step. What it reports after each step is what
    the caller sees through those references: an update that rebinds
    (``p = p - ...``) or swaps new arrays into the list leaves them unchanged.

    Returns a dict:
      values       per step, the probe's own parameter arrays after the update;
      rebound      per step, per parameter: the list slot no longer holds the
                   probe's array (``is`` test);
      grads_changed  per step: the first step (0-based) whose gradient arrays were found changed after this
                   step's ``update`` -- this step's own, or an earlier one's that the optimizer kept (a velocity
                   that IS the first gradient array, changed in place later) -- or None;
      returned     per step: None when ``update`` returned None (the contract), else the returned value's type name.
    """
    opt = getattr(mods.optimizers, cls)(**kwargs)
    mine = _floats(params)
    values, rebound, grads_changed, returned = [], [], [], []
    given = []            # every step's gradient arrays as passed, and their copies: the caller still holds them
    with np.errstate(all="ignore"):
        for step, gs in enumerate(grads):
            if lrs is not None:
                opt.lr = float(lrs[step])
            plist = list(mine)
            glist = _floats(gs)
            given.append((glist, [g.copy() for g in glist]))
            out = opt.update(plist, glist)
            returned.append(None if out is None else type(out).__name__)
            rebound.append([i >= len(plist) or plist[i] is not mine[i] for i in range(len(mine))])
            grads_changed.append(next((k for k, (arrays, kept) in enumerate(given)
                                       if any(not _same(a, b) for a, b in zip(arrays, kept))), None))
            values.append([p.copy() for p in mine])
    return {"values": values, "rebound": rebound, "grads_changed": grads_changed, "returned": returned}
