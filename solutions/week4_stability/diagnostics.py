"""Week 4 -- reading a training run: loss curves and gradient norms.

The loss curve (one value per epoch) is the first thing to look at when
training misbehaves. The lessons' patterns:

==============  ====================================  ==============================
diagnosis       what the curve looks like             what to try
==============  ====================================  ==============================
healthy         falls fast, then levels off low       nothing
lr_too_high     oscillates wildly, or rises           lower the rate (e.g. 10x)
                (falls, then climbs back)
lr_too_low      falls slowly, steadily, nearly a      raise the rate
                straight line, far from done
diverging       explodes, becomes inf or NaN          lower the rate, clip
                                                      gradients, check the data
plateau         stuck early at a high value           momentum/Adam, better
                (saddle point, vanishing gradients)   initialization, bigger net
overfitting     training loss keeps falling while     regularize, more data,
                the validation loss rises             stop early
==============  ====================================  ==============================

Gradient norms tell a similar story one step at a time: they should be
stable; a norm far above its recent history is an exploding gradient -- or a
manipulated one. An attacker who can corrupt gradients (poisoned data, a
compromised worker in distributed training) can steer a model towards a
minimum of their choice, and one huge step does the most damage. Monitoring
the norms and clipping them (``clipping.py``) are the defences.
"""
from __future__ import annotations

import numpy as np


def diagnose_loss_curve(train_losses, val_losses=None):
    """Name what a loss curve shows: one of ``"healthy"``, ``"lr_too_high"``,
    ``"lr_too_low"``, ``"diverging"``, ``"plateau"``, ``"overfitting"``.

    Args:
        train_losses: the training loss of each epoch (a sequence of floats,
            length n; losses are assumed >= 0, like cross-entropy or MSE).
        val_losses: ``None``, or the validation loss of the same epochs (same length n).

    Returns:
        one of the six strings above.

    The curves are noisy, so every rule compares *smoothed* values: a
    centered moving average over ``2h + 1`` epochs, ``h = clip(n // 20, 1, 10)``
    (no smoothing for n < 5). ``start`` and ``end`` are the smoothed first and
    last values, ``low`` the smoothed minimum, ``noise`` the typical size of
    the wiggles (median distance between the curve and its smoothed version)
    and ``gained = start - low``, what training achieved. The rules, first match wins:

    1. **diverging** -- a loss is not finite (``nan``/``inf``, in either curve),
       or the training loss ended far above where it started:
       ``end > 2 * start`` or the last value ``> 3 * start``.
    2. **overfitting** (only with ``val_losses``) -- the smoothed validation
       loss rose notably from its minimum, by more than 10 % of that minimum
       and more than 4 noise levels, while the smoothed training loss kept
       falling after that epoch (by more than 1 % of its value there).
    3. **lr_too_high** -- the training loss climbed back up, by more than a
       quarter of what it had gained and by a clear margin (2 % of ``low``,
       4 noise levels); or it oscillates: wiggles larger than 10 % of
       ``gained`` *and* larger than 3 % of the loss itself. (Both, so that
       small noise on a long healthy run or on a flat plateau is not an
       oscillation.)
    4. The rest fell (or stayed flat). If ``end <= start / 2`` -- training
       removed at least half of the starting loss -- it is **healthy**.
       Otherwise the decrease is small and its shape decides:
    5. **plateau** -- it barely moved (``start - end`` below 1 % of
       ``start`` or below 4 noise levels), or it has stopped: the second half
       of the run fell by less than a quarter of what the first half fell.
    6. **lr_too_low** -- still falling at a similar pace (second-half drop at
       least a quarter of the first-half drop): slow, steady, near-linear.

    These are heuristics: a curve can fit two descriptions, and short or very
    noisy curves are hard to read. They assume training from scratch (a
    fine-tuning run that only improves a few percent is not "too low").

    Examples (from the lessons):

    >>> diagnose_loss_curve([0.44, 0.31, 0.12, 0.05])
    'healthy'
    >>> diagnose_loss_curve([0.44, 0.52, 0.48, 0.51])
    'lr_too_high'
    >>> diagnose_loss_curve([0.44, 0.43, 0.42, 0.41])
    'lr_too_low'
    >>> diagnose_loss_curve([0.5, 0.9, 4.0, float("nan")])
    'diverging'
    """
    ### BEGIN SOLUTION
    def smooth(x):
        h = 0 if len(x) < 5 else int(np.clip(len(x) // 20, 1, 10))
        c = np.concatenate([[0.0], np.cumsum(x)])
        i = np.arange(len(x))
        lo, hi = np.maximum(i - h, 0), np.minimum(i + h + 1, len(x))
        s = (c[hi] - c[lo]) / (hi - lo)
        return s, float(np.median(np.abs(x - s)))

    train = np.asarray(train_losses, dtype=np.float64)
    val = None if val_losses is None else np.asarray(val_losses, dtype=np.float64)
    if val is not None and len(val) != len(train):
        raise ValueError("train_losses and val_losses must have the same length")
    if not np.all(np.isfinite(train)) or (val is not None and not np.all(np.isfinite(val))):
        return "diverging"
    if len(train) < 2:
        return "healthy"  # nothing to judge yet

    s, noise = smooth(train)
    start, end, last = s[0], s[-1], train[-1]
    if end > 2 * start or last > 3 * start or (last > 4 * train.min() and last - train.min() > 10 * noise):
        return "diverging"

    if val is not None and len(val) >= 3:
        v, v_noise = smooth(val)
        m = int(np.argmin(v))
        rise = v[-1] - v[m]
        if rise > 0.1 * v[m] and rise > 4 * v_noise and end - s[m] <= max(0.02 * s[m], 4 * noise):
            return "overfitting"

    k = len(s) // 10                       # skip the first tenth of the run
    low = s[k:].min()
    progress = s[k] - low
    climbed = end - low
    if climbed > 0.25 * progress and climbed > 0.05 * low and climbed > 4 * noise:
        return "lr_too_high"
    wiggle = np.mean(np.abs(train[k:] - s[k:]))
    if wiggle > 0.25 * progress and wiggle > 0.07 * np.median(s[k:]):
        return "lr_too_high"

    if end <= start / 2:
        return "healthy"
    mid = len(s) // 2
    first, second = s[0] - s[mid], s[mid] - s[-1]
    if start - end < 0.01 * start or start - end < 4 * noise or second < 0.25 * first:
        return "plateau"
    return "lr_too_low"
    ### END SOLUTION


def gradient_anomalies(grad_norms, factor=10.0, window=20):
    """Indices of steps whose gradient norm is suspiciously large compared with the recent past.

    Step ``i`` is flagged when

        grad_norms[i] > factor * median(grad_norms[max(0, i - window) : i])

    i.e. when its norm exceeds ``factor`` times the median of (at most)
    ``window`` previous norms. The median, unlike the mean, is not dragged up
    by an earlier spike, so one anomaly does not hide the next. Step 0 has no
    history and is never flagged; steps ``1 .. window - 1`` are compared with
    the shorter history they have.

    A ``nan`` norm is never flagged by this comparison (any comparison with
    ``nan`` is false): check ``np.isfinite`` separately. An ``inf`` norm is
    flagged.

    Args:
        grad_norms: a sequence of floats, the global gradient norm of each step.
        factor: how many times the recent median counts as anomalous (> 0).
        window: how many previous steps form the history (>= 1).

    Returns:
        a sorted list of Python ints.

    >>> gradient_anomalies([1.0, 1.2, 0.9, 50.0, 1.1, 1.0], factor=10.0, window=3)
    [3]
    """
    ### BEGIN SOLUTION
    norms = np.asarray(grad_norms, dtype=np.float64)
    return [i for i in range(1, len(norms))
            if norms[i] > factor * np.median(norms[max(0, i - window):i])]
    ### END SOLUTION
