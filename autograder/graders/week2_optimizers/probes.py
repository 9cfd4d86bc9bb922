"""Week 2 probes: run inside the sandbox, next to the submission's ``optimizers`` module.

Trusted code. Every probe takes plain data, drives the student's optimizer
classes and returns plain data; the tests (in the parent process) do every
comparison. Nothing here judges.
"""
import types

import numpy as np

import surfaces

# Taken now, when probes are imported -- before any student code is. A submission can rebind the given
# module's names (``surfaces.run_optimizer = fake``, ``surfaces.Surface.grad = ...``: a stub doing that
# once scored the convergence points); it cannot reach these references. Each surface is a stand-in
# holding its bound ``grad``, ``value`` and ``start``, so no class attribute is looked up during a run.
_SURFACES = {name: types.SimpleNamespace(name=name, grad=s.grad, value=s.value, start=np.array(s.start))
             for name, s in surfaces.SURFACES.items()}


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


CHECK_EVERY = 32     # steps between two looks at the loss: at most 31 steps run past the target


def surface_runs(mods, runs):
    """Run optimizers on the given 2-D surfaces; return each trajectory (at most ``(n_steps + 1, 2)``).

    The loop is ``surfaces.run_optimizer``'s (one parameter array updated in place, ``surface.grad`` as the
    gradient), with one difference: a run given a ``target`` stops at the first position whose loss is below
    it -- the test needs the steps up to there and no further, and an honest run reaches it in about half its
    budget. The losses are NOT trusted from here: the test recomputes them from the positions (and checks
    that a short trajectory does end below the target).
    """
    out = []
    for run in runs:
        opt = getattr(mods.optimizers, run["cls"])(**run["kwargs"])
        surface = _SURFACES[run["surface"]]
        start = run.get("start")
        p = np.array(surface.start if start is None else start, dtype=np.float64)
        n_steps, target = int(run["n_steps"]), run.get("target")
        traj = np.empty((n_steps + 1, 2))
        traj[0] = p
        done, checked = n_steps, 0
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for step in range(1, n_steps + 1):
                opt.update([p], [surface.grad(p)])
                traj[step] = p
                # every CHECK_EVERY steps, the losses of the new positions, computed as the test recomputes
                # them (columns of one array): a block costs about one step, a loss per step would cost half
                if target is not None and (step % CHECK_EVERY == 0 or step == n_steps):
                    below = np.nonzero(surface.value(traj[checked + 1:step + 1].T) < target)[0]
                    if below.size:
                        done = checked + 1 + int(below[0])
                        break
                    checked = step
        out.append(traj[:done + 1].copy())
    return out
