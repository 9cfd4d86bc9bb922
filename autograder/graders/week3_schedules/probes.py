"""Runs inside the sandbox: calls the submission's schedules on inputs the tests choose.

Every probe takes and returns plain data. Student results are converted with
``float(...)`` / ``np.array(..., dtype=float)`` here, so anything that is not a
number fails in the child, never in the grading process.
"""

import numpy as np

SCHEDULES = ("step_decay", "exponential_decay", "cosine_annealing", "linear_warmup",
             "warmup_cosine", "one_cycle")


def _number(value, what):
    """float(value), with a clear message for the usual slip (no return statement)."""
    if value is None:
        raise TypeError(f"{what} returned None: is the return statement missing?")
    return float(value)


def schedule_values(mods, fn, calls):
    """``[float(schedules.<fn>(**kw)) for kw in calls]``."""
    if fn not in SCHEDULES:
        raise LookupError(f"unknown schedule {fn!r}")
    f = getattr(mods.schedules, fn)
    return [_number(f(**kw), f"{fn}({', '.join(f'{k}={v!r}' for k, v in kw.items())})") for kw in calls]


def plateau_run(mods, kwargs, metrics):
    """Feed ``metrics`` one by one to ``ReduceLROnPlateau(**kwargs).step``; the returned rates."""
    plateau = mods.schedules.ReduceLROnPlateau(**kwargs)
    return [_number(plateau.step(m), "ReduceLROnPlateau.step") for m in metrics]


def _quadratic(curvatures, w0):
    """One step of gradient descent on f(w) = 0.5 * sum(a_i w_i^2), state kept between calls."""
    a = np.array(curvatures, dtype=np.float64)
    w = np.array(w0, dtype=np.float64)

    def loss_after_step(lr):
        lr = float(lr)
        w[:] = w - lr * a * w
        with np.errstate(over="ignore", invalid="ignore"):
            return float(0.5 * np.sum(a * w * w))
    return loss_after_step


def range_test(mods, callback, kwargs, losses=None, curvatures=None, w0=None):
    """Run ``lr_range_test`` with a trusted callback; return what it returned and what it asked.

    callback "sequence": returns ``losses`` in order (whatever the lr); "quadratic": one
    gradient-descent step on a fixed quadratic. ``called`` lists the rates the student's code
    passed to the callback, in order.
    """
    called = []
    if callback == "sequence":
        queue = list(losses)

        def inner(lr):
            return queue[len(called) - 1] if len(called) - 1 < len(queue) else queue[-1]
    elif callback == "quadratic":
        inner = _quadratic(curvatures, w0)
    else:
        raise LookupError(f"unknown callback {callback!r}")

    def loss_after_step(lr):
        called.append(float(lr))
        if len(called) > 10000:
            raise RuntimeError("lr_range_test called loss_after_step more than 10000 times")
        return inner(lr)

    result = mods.schedules.lr_range_test(loss_after_step, **kwargs)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise TypeError(f"lr_range_test should return a pair (lrs, losses), but it returned {type(result).__name__}")
    lrs, out = result
    return {"lrs": np.array(lrs, dtype=np.float64).ravel(), "losses": np.array(out, dtype=np.float64).ravel(),
            "called": np.array(called, dtype=np.float64), "kinds": [_kind(lrs), _kind(out)]}


def _kind(value):
    """What a result is before the conversion above: ``"float64 array"``, ``"int64 array"``, ``"list"``, ..."""
    return f"{value.dtype} array" if isinstance(value, np.ndarray) else type(value).__name__


def suggest(mods, curves):
    """``float(suggest_lr(lrs, losses))`` for each curve ``{"lrs": ..., "losses": ...}``."""
    out = []
    for c in curves:
        lrs = np.array(c["lrs"], dtype=np.float64)
        losses = np.array(c["losses"], dtype=np.float64)
        out.append(_number(mods.schedules.suggest_lr(lrs, losses), "suggest_lr"))
    return out
