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
the norms catches sudden spikes and clipping them (``clipping.py``) bounds
what one step can do; neither stops an attacker who stays within the normal
range, which is why distributed training combines workers' gradients with
robust aggregation (a median instead of a mean).

References:
    Karpathy (2019). A Recipe for Training Neural Networks.
    https://karpathy.github.io/2019/04/25/recipe/
    Karpathy et al., CS231n notes: Neural Networks Part 3 (babysitting the
    learning process). https://cs231n.github.io/neural-networks-3/
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

    A recipe that works on synthetic curves and on real training runs (the
    reference solution's); other sound heuristics name clear-cut curves the
    same way. Per-epoch losses are noisy, so compare *smoothed* values:
    ``s`` = centered moving average of ``train_losses`` over ``2h + 1`` epochs,
    ``h = clip(n // 20, 1, 10)`` (no smoothing when ``n < 5``; fewer epochs at
    the ends); ``noise = median(|train - s|)``, the typical wiggle;
    ``start, end = s[0], s[-1]``. The first rule that matches wins:

    1. **diverging** -- a loss is not finite (``nan``/``inf``, in either
       curve); or the loss ended far above where it started (``end > 2 *
       start`` or the last value ``> 3 * start``); or the last value explodes,
       above 4 times the lowest loss and by more than 10 noise levels.
    2. **overfitting** (needs ``val_losses``) -- the smoothed validation loss
       rose from its minimum (at epoch ``m``) by more than 10 % of that
       minimum and more than 4 of its own noise levels, while the training
       loss did not rise after ``m`` (it kept falling or stayed level:
       ``end <= s[m] + max(0.02 * s[m], 4 * noise)``).
    3. **lr_too_high** -- judged after the first tenth of the run
       (``k = n // 10``), since the first epochs of a too-fast run are often
       inflated by an early blow-up. With ``low = min(s[k:])`` and
       ``progress = s[k] - low``:
       *rising*: ``end - low`` exceeds 25 % of ``progress``, 5 % of ``low``
       and 4 noise levels (the loss fell, then climbed back); or
       *oscillating*: ``mean(|train - s|)`` over epochs ``k ..`` exceeds 25 %
       of ``progress`` *and* 5 % of the typical loss ``median(s[k:])``.
       (Both: noise on a long healthy run is small next to its progress, and
       noise on a flat plateau is small next to the loss itself.)
    4. **healthy** -- ``end <= start / 2``: training removed at least half of
       the starting loss. Otherwise the decrease is small and its shape decides:
    5. **plateau** -- it barely moved (``start - end`` below 1 % of ``start``
       or below 4 noise levels), or it has stopped: the second half of the
       run fell by less than a quarter of what the first half fell.
    6. **lr_too_low** -- still falling at a comparable pace in the second
       half: a slow, steady, nearly straight decline, far from done.

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
    raise NotImplementedError("week4_stability: diagnose_loss_curve — see the docstring")


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
    if not (factor > 0 and window >= 1):
        raise ValueError(f"need factor > 0 and window >= 1, got factor={factor}, window={window}")
    raise NotImplementedError("week4_stability: gradient_anomalies — see the docstring")
