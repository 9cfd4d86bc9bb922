"""Week 3 -- learning-rate schedules, reduce-on-plateau and the learning-rate finder.

The learning rate is the most important hyperparameter, and the best value
changes during training: early on, large steps cover ground quickly; later,
small steps settle into a minimum instead of bouncing around it. A *schedule*
is a function ``lr(t)`` that the training loop reads before each update
(``optimizer.lr = schedule(t)``), like shifting gears.

=====================  ==================================================
schedule               learning rate at epoch/step ``t``
=====================  ==================================================
step decay             ``lr0 * drop ** (t // epochs_drop)``  (a staircase)
exponential decay      ``lr0 * exp(-k t)``                   (a smooth slowdown)
cosine annealing       ``lr_min + (lr_max - lr_min) (1 + cos(pi t / T)) / 2``
linear warmup          ``base_lr * t / warmup_steps``, then ``base_lr``
warmup + cosine        warmup, then cosine annealing over the remaining steps
one-cycle              cosine up from ``max_lr / 25`` to ``max_lr``, then down to almost 0
=====================  ==================================================

*Warmup* starts small because the first gradients of a freshly initialized
network are large and unreliable; a few small steps let the parameters (and an
adaptive optimizer's statistics) settle before the full rate is used.

Two tools choose the learning rate from what training does:

* ``ReduceLROnPlateau`` watches a metric (usually the validation loss) and
  multiplies the learning rate by ``factor`` when it has stopped improving;
* the learning-rate range test (``lr_range_test`` + ``suggest_lr``) trains for
  a few steps at exponentially growing learning rates and picks one from the
  region where the loss falls fastest, before it blows up.

Conventions for the whole module:

* every schedule returns a Python ``float``;
* ``epoch`` and ``step`` count from 0: the first epoch/update gets ``t = 0``;
* nothing is random, and no argument is modified;
* settings that cannot work (an interval or a length of 0, ``pct_start``
  outside (0, 1), ``lr_min >= lr_max``, a curve with no finite loss) raise a
  ``ValueError`` that says so, before your code runs.

PyTorch's ``torch.optim.lr_scheduler`` and Keras' ``keras.optimizers.schedules``
have most of these; the docstrings say where they differ from the course's.

References:
    Loshchilov & Hutter (2017). SGDR: Stochastic Gradient Descent with Warm
    Restarts. ICLR. https://arxiv.org/abs/1608.03983
    Goyal et al. (2017). Accurate, Large Minibatch SGD: Training ImageNet in
    1 Hour. https://arxiv.org/abs/1706.02677 (linear warmup)
    Smith (2017). Cyclical Learning Rates for Training Neural Networks. WACV.
    https://arxiv.org/abs/1506.01186 (the learning-rate range test)
    Smith (2018). A disciplined approach to neural network hyper-parameters:
    Part 1. https://arxiv.org/abs/1803.09820 (the one-cycle policy)
"""
from __future__ import annotations

import math

import numpy as np


def step_decay(epoch, initial_lr, drop=0.5, epochs_drop=10):
    """Step decay: multiply the learning rate by ``drop`` every ``epochs_drop`` epochs.

        lr = initial_lr * drop ** (epoch // epochs_drop)      (// is integer division)

    Args:
        epoch: the epoch, an int counted from 0.
        initial_lr: the learning rate of epochs ``0 .. epochs_drop - 1``.
        drop: the factor applied at each drop (0.5 halves, 0.1 divides by 10).
        epochs_drop: epochs between two drops.

    Returns:
        the learning rate, a Python float.

    Example: ``initial_lr = 0.1, drop = 0.5, epochs_drop = 10`` gives 0.1 for
    epochs 0-9, 0.05 for epochs 10-19, 0.025 for epochs 20-29, ...

    >>> [step_decay(e, 0.1) for e in (0, 9, 10, 25)]
    [0.1, 0.1, 0.05, 0.025]

    PyTorch: ``StepLR(optimizer, step_size=epochs_drop, gamma=drop)``.
    """
    if epochs_drop < 1:
        raise ValueError(f"epochs_drop must be >= 1, got {epochs_drop}")
    ### BEGIN SOLUTION
    return float(initial_lr * drop ** (epoch // epochs_drop))
    ### END SOLUTION


def exponential_decay(epoch, initial_lr, k):
    """Exponential decay: ``lr = initial_lr * exp(-k * epoch)``.

    The same as multiplying by ``exp(-k)`` after every epoch. After ``1/k``
    epochs the learning rate has fallen to ``1/e ~ 37 %`` of its start.

    Args:
        epoch: the epoch, counted from 0 (``epoch = 0`` gives ``initial_lr``).
        initial_lr: the starting learning rate.
        k: the decay rate (>= 0); ``k = 0`` keeps the rate constant.

    Returns:
        the learning rate, a Python float.

    >>> round(exponential_decay(10, 0.1, 0.1), 6)   # 0.1 * exp(-1)
    0.036788

    PyTorch: ``ExponentialLR(optimizer, gamma=exp(-k))``.
    """
    if k < 0:
        raise ValueError(f"k must be >= 0 (a negative k makes the rate grow), got {k}")
    ### BEGIN SOLUTION
    return float(initial_lr * math.exp(-k * epoch))
    ### END SOLUTION


def cosine_annealing(t, T, lr_max, lr_min=0.0):
    """Cosine annealing from ``lr_max`` at ``t = 0`` down to ``lr_min`` at ``t = T``.

        lr = lr_min + (lr_max - lr_min) * (1 + cos(pi * t / T)) / 2     for 0 <= t <= T
        lr = lr_min                                                     for t > T

    The rate stays near ``lr_max`` for a while, falls fastest in the middle
    (``t = T/2`` gives the average of the two) and lands softly on ``lr_min``.
    After ``T`` this course keeps ``lr_min`` (training is over), as Keras'
    ``CosineDecay`` does. Two other behaviours past ``T`` are easy to confuse:

    * PyTorch's ``CosineAnnealingLR`` keeps following the same cosine, which
      climbs *smoothly* back up to ``lr_max`` by ``t = 2T`` and down again: a
      periodic schedule, rarely what you want after the run is over;
    * warm restarts (SGDR; PyTorch's ``CosineAnnealingWarmRestarts``, Keras'
      ``CosineDecayRestarts``) *jump* back to ``lr_max`` at the end of each
      cycle and anneal again, often over a longer cycle: the sudden large rate
      is used on purpose to leave a poor region.

    Args:
        t: the epoch or step, counted from 0.
        T: the length of the annealing, ``T > 0``, in the same unit as ``t``.
        lr_max: the learning rate at ``t = 0``.
        lr_min: the learning rate at ``t = T`` and after.

    Returns:
        the learning rate, a Python float.

    >>> [cosine_annealing(t, 100, 0.1) for t in (0, 50, 100, 150)]
    [0.1, 0.05, 0.0, 0.0]

    References:
        Loshchilov & Hutter (2017). SGDR: Stochastic Gradient Descent with Warm
        Restarts. ICLR. https://arxiv.org/abs/1608.03983
    """
    if not T > 0:
        raise ValueError(f"T must be > 0, got {T}")
    ### BEGIN SOLUTION
    if t >= T:
        return float(lr_min)
    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)
    ### END SOLUTION


def linear_warmup(step, warmup_steps, base_lr):
    """Linear warmup: grow linearly from 0 to ``base_lr`` over ``warmup_steps`` steps, then stay.

        lr = base_lr * step / warmup_steps     while step < warmup_steps
        lr = base_lr                           from step = warmup_steps on

    With this formula step 0 has learning rate 0 (that first update does not
    move the parameters); the full rate is first used at ``step = warmup_steps``.

    Args:
        step: the update, counted from 0.
        warmup_steps: length of the warmup (``0`` means no warmup).
        base_lr: the learning rate reached at the end of the warmup.

    Returns:
        the learning rate, a Python float.

    >>> [linear_warmup(s, 4, 0.1) for s in (0, 1, 2, 4, 10)]
    [0.0, 0.025, 0.05, 0.1, 0.1]

    PyTorch's ``LinearLR(optimizer, start_factor, total_iters=warmup_steps)``
    starts at ``start_factor * base_lr`` (default 1/3; it must be > 0), not at 0.

    References:
        Goyal et al. (2017). Accurate, Large Minibatch SGD: Training ImageNet in
        1 Hour. https://arxiv.org/abs/1706.02677
    """
    if warmup_steps < 0:
        raise ValueError(f"warmup_steps must be >= 0, got {warmup_steps}")
    ### BEGIN SOLUTION
    if step < warmup_steps:
        return float(base_lr * step / warmup_steps)
    return float(base_lr)
    ### END SOLUTION


def warmup_cosine(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    """Linear warmup, then cosine annealing: the usual schedule for transformers.

        step < warmup_steps:  linear_warmup(step, warmup_steps, base_lr)
        otherwise:            cosine_annealing(step - warmup_steps, total_steps - warmup_steps,
                                               base_lr, min_lr)

    so the rate climbs from 0 to ``base_lr`` at ``step = warmup_steps``, then
    follows a cosine down to ``min_lr`` at ``step = total_steps`` (and stays
    there after it).

    Args:
        step: the update, counted from 0.
        total_steps: the step at which the cosine reaches ``min_lr``.
        warmup_steps: length of the warmup, ``0 <= warmup_steps <= total_steps``.
        base_lr: the peak learning rate.
        min_lr: the final learning rate.

    Returns:
        the learning rate, a Python float.

    Example: 100 steps with 10 of warmup and ``base_lr = 0.1``: step 5 gives
    0.05, step 10 gives 0.1, step 55 (half-way through the cosine) gives 0.05,
    step 100 gives 0.0.

    >>> [round(warmup_cosine(s, 100, 10, 0.1), 12) for s in (0, 5, 10, 55, 100)]
    [0.0, 0.05, 0.1, 0.05, 0.0]

    PyTorch: ``SequentialLR`` of ``LinearLR`` and ``CosineAnnealingLR``; Keras:
    ``CosineDecay(..., warmup_target=base_lr, warmup_steps=...)``.
    """
    if not 0 <= warmup_steps < total_steps:
        raise ValueError(f"need 0 <= warmup_steps < total_steps, got warmup_steps={warmup_steps}, "
                         f"total_steps={total_steps}")
    ### BEGIN SOLUTION
    if step < warmup_steps:
        return linear_warmup(step, warmup_steps, base_lr)
    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)
    ### END SOLUTION


def one_cycle(step, total_steps, max_lr, pct_start=0.3, div_factor=25.0, final_div_factor=1e4):
    """The learning rate of the one-cycle policy: the curve of PyTorch's ``OneCycleLR`` (cosine, two phases).

    One warmup from a low rate to ``max_lr`` and one long annealing far below
    the start, over a single run; the large rates in the middle act as a
    regularizer and often reach good results in fewer epochs.

    Only the learning rate: by default ``OneCycleLR`` also cycles the momentum
    (``cycle_momentum=True``; Adam's ``beta1``) the opposite way, from 0.95
    down to 0.85 while the rate rises and back to 0.95 while it falls, along
    the same half cosines -- less momentum while the steps are large. This
    course keeps the optimizer's momentum fixed.

        initial = max_lr / div_factor            (the start, max_lr / 25 by default)
        final   = initial / final_div_factor     (the end, far below the start)
        e1 = float(pct_start * total_steps) - 1  (last step of phase 1: the peak)
        e2 = total_steps - 1                     (last step of phase 2)

        phase 1, step <= e1:  cos_anneal(initial, max_lr, step / e1)
        phase 2, step >  e1:  cos_anneal(max_lr, final, (step - e1) / (e2 - e1))

    where ``cos_anneal(a, b, p) = b + (a - b) / 2 * (1 + cos(pi * p))`` goes
    from ``a`` at ``p = 0`` to ``b`` at ``p = 1`` along half a cosine. Note the
    ``- 1``s: steps count from 0, so a run has steps ``0 .. total_steps - 1``;
    the peak is at ``step = pct_start * total_steps - 1`` (which need not be
    a whole number, then no step hits ``max_lr`` exactly) and the last step
    gets ``final``.

    Args:
        step: the update, counted from 0; the schedule covers ``0 <= step < total_steps``.
        total_steps: number of updates of the whole run.
        max_lr: the peak learning rate.
        pct_start: fraction of the run spent increasing the rate.
        div_factor: ``initial = max_lr / div_factor``.
        final_div_factor: ``final = initial / final_div_factor``.

    Returns:
        the learning rate, a Python float.

    Example: ``total_steps = 100, max_lr = 1``: step 0 gives 0.04, the peak 1.0
    is at step 29, step 99 gives 4e-06.

    >>> [round(one_cycle(s, 100, 1.0), 10) for s in (0, 29, 99)]
    [0.04, 1.0, 4e-06]

    References:
        Smith (2018). A disciplined approach to neural network hyper-parameters:
        Part 1. https://arxiv.org/abs/1803.09820
        Smith & Topin (2019). Super-Convergence: Very Fast Training of Neural
        Networks Using Large Learning Rates. https://arxiv.org/abs/1708.07120
    """
    if not 0 < pct_start < 1 or pct_start * total_steps <= 1:
        # phase 1 must end after step 0 and before the last step, or one of its lengths is 0
        raise ValueError(f"need 0 < pct_start < 1 and pct_start * total_steps > 1, got pct_start={pct_start}, "
                         f"total_steps={total_steps}")
    if not 0 <= step < total_steps:
        raise ValueError(f"step {step} is outside the run's steps 0 .. {total_steps - 1}: a run with more "
                         "updates needs a larger total_steps")
    if not (div_factor > 0 and final_div_factor > 0):
        raise ValueError(f"div_factor and final_div_factor must be > 0, got {div_factor}, {final_div_factor}")
    ### BEGIN SOLUTION
    initial = max_lr / div_factor
    final = initial / final_div_factor
    end1 = float(pct_start * total_steps) - 1
    end2 = total_steps - 1
    if step <= end1:
        start_lr, end_lr, pct = initial, max_lr, step / end1
    else:
        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)
    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))
    ### END SOLUTION


class ReduceLROnPlateau:
    """Multiply the learning rate by ``factor`` when a metric stops improving (PyTorch semantics).

    Call ``step(metric)`` once per epoch with the monitored value, usually the
    validation loss (lower is better), and use the learning rate it returns::

        plateau = ReduceLROnPlateau(lr=0.1, factor=0.5, patience=5)
        for epoch in range(epochs):
            ...train one epoch, compute val_loss...
            optimizer.lr = plateau.step(val_loss)

    The rules, those of ``torch.optim.lr_scheduler.ReduceLROnPlateau`` with
    ``mode='min', threshold_mode='rel', cooldown=0, eps=1e-8``:

    * **better** means ``metric < best * (1 - threshold)``: lower than the best
      value so far by more than a relative ``threshold`` (1e-4 = 0.01 %). A
      metric equal to ``best``, or lower by a smaller amount, does *not* count.
      ``best`` starts at ``+inf``, so the first metric is always better.
    * a better metric becomes the new ``best`` and resets ``num_bad_epochs``
      to 0; any other metric adds 1 to ``num_bad_epochs``.
    * when ``num_bad_epochs > patience`` -- on the ``(patience + 1)``-th bad
      epoch in a row -- the rate becomes ``max(lr * factor, min_lr)`` and
      ``num_bad_epochs`` goes back to 0 (a fresh wait before the next cut;
      ``best`` is kept).
    * the cut is applied only if it changes the rate by more than
      ``eps = 1e-8`` (``old_lr - new_lr > eps``), so a rate at ``min_lr``
      stays put and a tiny rate is not "reduced" by rounding noise. The
      counter is reset either way.

    How it differs from the libraries:

    * defaults: ``factor = 0.5, patience = 5`` are the values of the lessons'
      Keras example, not a library's defaults -- PyTorch and Keras both
      default to ``factor = 0.1, patience = 10``;
    * Keras' ``ReduceLROnPlateau`` (the lessons' example) cuts one epoch
      earlier (on the ``patience``-th bad epoch), and its ``min_delta`` is an
      *absolute* threshold (better means ``metric < best - min_delta``),
      where PyTorch's default ``threshold_mode='rel'`` and this course compare
      relatively. This course follows PyTorch.

    Attributes (public, read them freely): ``lr``, ``factor``, ``patience``,
    ``threshold``, ``min_lr``, ``eps``, ``best``, ``num_bad_epochs``.

    References:
        PyTorch documentation, ``torch.optim.lr_scheduler.ReduceLROnPlateau``.
        https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html
    """

    def __init__(self, lr, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0):
        self.lr = float(lr)
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.min_lr = min_lr
        self.eps = 1e-8               # smallest reduction that is applied
        self.best = math.inf          # best (lowest) metric seen so far
        self.num_bad_epochs = 0       # consecutive epochs without improvement
        if not (0 < factor < 1 and patience >= 0 and threshold >= 0 and min_lr >= 0):
            raise ValueError(f"need 0 < factor < 1, patience >= 0, threshold >= 0 and min_lr >= 0; got "
                             f"factor={factor}, patience={patience}, threshold={threshold}, min_lr={min_lr}")

    def step(self, metric):
        """Record one epoch's ``metric`` and return the learning rate to use next (a Python float).

        Example with ``lr = 1, factor = 0.5, patience = 2``: metrics
        ``5, 4, 4, 4, 4`` -- 5 and 4 are improvements; the three repeated 4s
        are bad epochs 1, 2, 3; the third exceeds ``patience = 2``, so the
        rate is halved on the fifth call.

        >>> plateau = ReduceLROnPlateau(lr=1.0, factor=0.5, patience=2)
        >>> [plateau.step(m) for m in (5, 4, 4, 4, 4)]
        [1.0, 1.0, 1.0, 1.0, 0.5]
        """
        ### BEGIN SOLUTION
        metric = float(metric)
        if metric < self.best * (1 - self.threshold):
            self.best = metric
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.num_bad_epochs > self.patience:
            new_lr = max(self.lr * self.factor, self.min_lr)
            if self.lr - new_lr > self.eps:
                self.lr = new_lr
            self.num_bad_epochs = 0
        return float(self.lr)
        ### END SOLUTION


def lr_range_test(loss_after_step, lr_min=1e-6, lr_max=1.0, n_steps=100):
    """The learning-rate range test ("LR finder"): train with a growing learning rate, record the loss.

    The learning rates are spaced evenly on a log scale from ``lr_min`` to ``lr_max``:

        lrs[i] = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1)),   i = 0 .. n_steps - 1

    For each of them, in increasing order, call ``loss = loss_after_step(lr)``
    (it makes one training step at that rate and returns the loss) and record
    the pair. Stop early -- after recording -- as soon as

    * the loss exceeds 4 times the best (lowest) loss recorded so far
      (training has blown up: larger rates are pointless), or
    * the loss is not finite (``nan`` or ``inf``).

    Plot ``losses`` against ``lrs`` on a log x-axis: flat at tiny rates
    (too low to learn), a steep fall, a minimum, then a sharp rise.

    The stop rule reads each loss as ``loss_after_step`` returns it. One
    mini-batch's loss is noisy, so a single unlucky batch can stop the test
    early. fastai's LR finder smooths first (an exponential moving average with
    ``beta = 0.98``, divided by ``1 - beta**k`` like Adam's moments) and applies
    the 4x rule to the smoothed loss; to get that here, return the smoothed
    loss from ``loss_after_step`` (the notebook does).

    Args:
        loss_after_step: a function ``lr -> loss`` (it trains the model as a side effect).
        lr_min, lr_max: the first and the last learning rate, ``0 < lr_min < lr_max``.
        n_steps: the most steps to take, ``>= 2``.

    Returns:
        ``(lrs, losses)``: two float64 arrays of the same length, the number of
        steps actually taken (``n_steps`` unless stopped early); ``losses[i]``
        is what ``loss_after_step(lrs[i])`` returned.

    Example: with ``lr_min = 1e-3, lr_max = 1, n_steps = 4`` the rates are
    1e-3, 1e-2, 1e-1, 1. If the losses are 2.0, 1.0, 5.0, ... the test stops
    after the third step (5.0 > 4 * 1.0):

    >>> fake = iter([2.0, 1.0, 5.0, 0.5]).__next__
    >>> lrs, losses = lr_range_test(lambda lr: fake(), 1e-3, 1.0, 4)
    >>> lrs.round(6).tolist(), losses.tolist()
    ([0.001, 0.01, 0.1], [2.0, 1.0, 5.0])

    References:
        Smith (2017). Cyclical Learning Rates for Training Neural Networks.
        WACV, §3.3. https://arxiv.org/abs/1506.01186
    """
    if not (0 < lr_min < lr_max and n_steps >= 2):
        raise ValueError(f"need 0 < lr_min < lr_max and n_steps >= 2, got lr_min={lr_min}, lr_max={lr_max}, "
                         f"n_steps={n_steps}")
    ### BEGIN SOLUTION
    lrs, losses = [], []
    best = math.inf
    for i in range(n_steps):
        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))
        loss = float(loss_after_step(lr))
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss):
            break
        best = min(best, loss)
        if loss > 4 * best:
            break
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
    ### END SOLUTION


def suggest_lr(lrs, losses):
    """Suggest a learning rate from a range test: where the loss falls fastest.

    At the minimum of the curve the learning rate is already on the edge of
    blowing up, so the minimum itself is too large. A good choice lies on the
    steep, falling part of the curve. The heuristic used here:

    1. drop non-finite losses (the point where the test blew up);
    2. smooth the losses lightly, because one step's loss is noisy: a
       centered moving average over ``2 * (n // 20) + 1`` points, about a
       tenth of the ``n`` points (fewer at the ends; none when ``n < 20``);
    3. compute the slope of the smoothed loss against ``log(lr)``
       (``numpy.gradient``), since the rates are spaced on a log scale;
    4. return the rate with the most negative slope, searching only up to the
       minimum of the smoothed loss: the steepest descent. (Past the minimum
       the loss bounces as training blows up, and a bounce can look steep.)

    Other sound heuristics are accepted as well: the rate at the minimum of the
    smoothed loss divided by 10 (fastai's classic rule), or any rate inside
    the region where the loss clearly falls. What is wrong is the rate at the
    minimum or beyond it, or a rate on the flat part at the start.

    A suggestion is a guess read off a few hundred steps, each at a rate that
    was used once: check it with a short real run before trusting it (the
    notebook's §6 shows a rate read off the curve that trains far worse than
    a modest one).

    Args:
        lrs: float64 array of increasing learning rates (from ``lr_range_test``).
        losses: float64 array of the same length.

    Returns:
        one of the ``lrs``, a Python float.

    Example: losses 2.0, 1.9, 1.2, 0.9, 3.0 at rates 1e-4 .. 1 fall fastest
    around 1e-2 (slopes per factor 10: -0.1, -0.4, -0.5, +0.9, +2.1):

    >>> suggest_lr(np.array([1e-4, 1e-3, 1e-2, 1e-1, 1.0]), np.array([2.0, 1.9, 1.2, 0.9, 3.0]))
    0.01

    References:
        Smith (2017). Cyclical Learning Rates for Training Neural Networks.
        WACV. https://arxiv.org/abs/1506.01186
        fastai documentation, ``Learner.lr_find``. https://docs.fast.ai/callback.schedule.html
    """
    if np.ndim(lrs) != 1 or np.shape(lrs) != np.shape(losses):
        raise ValueError(f"lrs and losses must be 1-D and of the same length, got shapes {np.shape(lrs)} "
                         f"and {np.shape(losses)}")
    if not np.isfinite(np.asarray(losses, dtype=np.float64)).any():
        raise ValueError("every loss of the range test is nan or inf: there is no curve to read; run the test "
                         "again with a smaller lr_min")
    ### BEGIN SOLUTION
    lrs = np.asarray(lrs, dtype=np.float64)
    losses = np.asarray(losses, dtype=np.float64)
    keep = np.isfinite(losses)
    lrs, losses = lrs[keep], losses[keep]
    if len(lrs) < 2:
        return float(lrs[0])
    half = len(losses) // 20
    csum = np.concatenate([[0.0], np.cumsum(losses)])
    i = np.arange(len(losses))
    lo, hi = np.maximum(i - half, 0), np.minimum(i + half + 1, len(losses))
    smooth = (csum[hi] - csum[lo]) / (hi - lo)
    slope = np.gradient(smooth, np.log(lrs))
    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum
    return float(lrs[np.argmin(falling)])
    ### END SOLUTION
