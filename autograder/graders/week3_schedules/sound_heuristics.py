"""Sound ways of writing ``suggest_lr``, each built differently from the reference solution.

The docstring accepts any rate "in the region where the loss clearly falls". The
graders judge a suggestion against a band read from each seeded curve's
noise-free shape, and grade only the curves on which the reference and every
heuristic here land inside their band (``test_range_test.clear_cut``); the
catalogue turns each function here into a valid variant that must get full
marks. The bodies use only NumPy (``np``), like a student's ``schedules.py``.

* ``suggest_by_min_over_10`` -- fastai's classic rule: the rate of the (lightly smoothed) minimum / 10;
* ``suggest_by_valley`` -- fastai's ``valley``: the longest run of falling losses, two-thirds of the way in
  (Smith 2017 and fastai's lr_find docs: pick a rate where the loss still falls steeply);
* ``suggest_by_largest_drop`` -- the largest fall of the smoothed loss between neighbouring rates, before
  the minimum.
"""
import numpy as np


def suggest_by_min_over_10(lrs, losses):
    """The rate at the minimum of the lightly smoothed loss, divided by 10 (snapped to one of the lrs)."""
    lrs = np.asarray(lrs, dtype=float)
    losses = np.asarray(losses, dtype=float)
    keep = np.isfinite(losses)
    lrs, losses = lrs[keep], losses[keep]
    w = max(1, len(losses) // 10)
    smooth = np.convolve(losses, np.ones(w) / w, mode="same")
    target = lrs[int(np.argmin(smooth))] / 10
    return float(lrs[int(np.argmin(np.abs(np.log(lrs / target))))])


def suggest_by_valley(lrs, losses):
    """The longest falling run of the loss (a longest decreasing subsequence), two-thirds of the way along it."""
    lrs = np.asarray(lrs, dtype=float)
    losses = np.asarray(losses, dtype=float)
    keep = np.isfinite(losses)
    lrs, losses = lrs[keep], losses[keep]
    n = len(losses)
    run = [1] * n                     # run[i]: length of the longest falling sequence that ends at i
    start, end = 0, 0
    for i in range(1, n):
        for j in range(i):
            if losses[i] < losses[j] and run[i] < run[j] + 1:
                run[i] = run[j] + 1
        if run[i] > run[end]:
            end = i
            start = end - run[end]
    third = (end - start) / 3
    return float(lrs[max(0, min(n - 1, start + int(third) + int(third / 2)))])


def suggest_by_largest_drop(lrs, losses):
    """Where the smoothed loss falls the most from one rate to the next, searching before its minimum."""
    lrs = np.asarray(lrs, dtype=float)
    losses = np.asarray(losses, dtype=float)
    keep = np.isfinite(losses)
    lrs, losses = lrs[keep], losses[keep]
    w = max(1, len(losses) // 10)
    pad = np.concatenate([np.full(w, losses[0]), losses, np.full(w, losses[-1])])
    smooth = np.convolve(pad, np.ones(2 * w + 1) / (2 * w + 1), mode="valid")
    bottom = int(np.argmin(smooth))
    if bottom == 0:
        return float(lrs[0])
    drops = smooth[1:bottom + 1] - smooth[:bottom]        # negative where the loss falls
    return float(lrs[int(np.argmin(drops)) + 1])


SUGGESTERS = ("suggest_by_min_over_10", "suggest_by_valley", "suggest_by_largest_drop")
