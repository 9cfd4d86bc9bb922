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
# once scored the convergence points); it cannot reach these references. Each surface is handed to
# ``run_optimizer`` as a stand-in holding its bound ``grad`` and ``start``, so no class attribute is
# looked up during a run.
_run_optimizer = surfaces.run_optimizer
_SURFACES = {name: types.SimpleNamespace(name=name, grad=s.grad, start=np.array(s.start))
             for name, s in surfaces.SURFACES.items()}


def _floats(arrays):
    return [np.array(a, dtype=np.float64) for a in arrays]


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
      grads_changed  per step: some gradient array was modified by ``update``.
    """
    opt = getattr(mods.optimizers, cls)(**kwargs)
    mine = _floats(params)
    values, rebound, grads_changed = [], [], []
    with np.errstate(all="ignore"):
        for step, gs in enumerate(grads):
            if lrs is not None:
                opt.lr = float(lrs[step])
            plist = list(mine)
            glist = _floats(gs)
            gkeep = [g.copy() for g in glist]
            opt.update(plist, glist)
            rebound.append([i >= len(plist) or plist[i] is not mine[i] for i in range(len(mine))])
            grads_changed.append(any(not np.array_equal(a, b, equal_nan=True) for a, b in zip(glist, gkeep)))
            values.append([p.copy() for p in mine])
    return {"values": values, "rebound": rebound, "grads_changed": grads_changed}


def surface_runs(mods, runs):
    """Run optimizers on the given 2-D surfaces; return each trajectory (``(n_steps + 1, 2)``).

    Uses the given ``surfaces.run_optimizer`` (one parameter array updated in
    place, ``surface.grad`` as the gradient), as taken at import. The losses are NOT computed
    here: the test recomputes them from the positions.
    """
    out = []
    for run in runs:
        opt = getattr(mods.optimizers, run["cls"])(**run["kwargs"])
        surface = _SURFACES[run["surface"]]
        start = run.get("start")
        traj = _run_optimizer(opt, surface, start=np.array(surface.start if start is None else start, dtype=float),
                              n_steps=int(run["n_steps"]))
        out.append(np.array(traj, dtype=np.float64))
    return out
