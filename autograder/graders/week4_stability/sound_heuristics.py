"""Sound ways of writing week 4's heuristic tasks, each built differently from the reference solution.

A heuristic task has no single right answer on a borderline input: a curve can
fit two rows of the lessons' table. So the graders judge ``diagnose_loss_curve``
only on clear-cut curves -- those that the reference solution AND every
diagnoser here name as labelled (``week4_support.clear_cut``) -- and the
catalogue turns each function here into a valid variant that must get full
marks (``catalogue.VALID``). The bodies use only NumPy (``np``), like a
student's ``diagnostics.py``, so that the catalogue can paste them into one.

* ``diagnose_by_fifths`` -- medians of fifths of the curve (no smoothing, no noise estimate);
* ``diagnose_by_thirds`` -- means of thirds, a short moving average, and how often the loss goes up;
* ``diagnose_by_fit`` -- straight-line fits of the log-loss over the halves of the run.

``gradient_anomalies`` is not a heuristic -- its rule is exact -- but the same principle holds: the graded
series are those on which other correct ways of writing the rule (``ANOMALY_RULES``: a running deque with
the statistics module's median, a hand-sorted median with the ratio form) flag the same steps as the
reference, so no tie or rounding decides a grade.
"""
import numpy as np


def diagnose_by_fifths(train_losses, val_losses=None):
    """Medians of fifths of the curve instead of smoothing (no moving average, no noise estimate)."""
    t = np.asarray(train_losses, dtype=float)
    v = None if val_losses is None else np.asarray(val_losses, dtype=float)
    if not np.isfinite(t).all() or (v is not None and not np.isfinite(v).all()):
        return "diverging"
    n = len(t)
    k = max(1, n // 5)
    first, last = np.median(t[:k]), np.median(t[-k:])
    if last > 2.0 * first:
        return "diverging"
    if v is not None and n >= 10:
        kv = max(1, n // 20)
        win = np.array([np.median(v[i:i + kv]) for i in range(n - kv + 1)])
        i_best = int(np.argmin(win))
        train_then = np.median(t[i_best:i_best + kv])
        if np.median(v[-kv:]) > 1.15 * win[i_best] and last < 0.95 * train_then:
            return "overfitting"
    lowest = min(np.median(t[i:i + k]) for i in range(n - k + 1))
    jumps = np.median(np.abs(np.diff(t))) / np.median(t) if n > 1 else 0.0
    if last - lowest > 0.2 * (first - lowest) and last - lowest > 0.05 * lowest:
        return "lr_too_high"
    if jumps > 0.1 and np.mean(np.diff(t) > 0) > 0.3:   # big jumps, and many of them upwards
        return "lr_too_high"
    if last < 0.5 * first:
        return "healthy"
    mid = np.median(t[n // 2 - k // 2: n // 2 - k // 2 + k])
    if first - last < 0.02 * first or mid - last < 0.3 * (first - mid):
        return "plateau"
    return "lr_too_low"


def diagnose_by_thirds(train_losses, val_losses=None):
    """Means of the thirds of the run, a moving average over a tenth of it, and the share of upward steps."""
    t = np.asarray(train_losses, dtype=float)
    v = None if val_losses is None else np.asarray(val_losses, dtype=float)
    if not np.all(np.isfinite(t)) or (v is not None and not np.all(np.isfinite(v))):
        return "diverging"
    n = len(t)
    if n < 3:
        return "healthy"
    k = max(1, n // 3)
    head, tail = float(np.mean(t[:k])), float(np.mean(t[-k:]))
    middle = float(np.mean(t[k:n - k])) if n > 2 * k else (head + tail) / 2
    if tail > 2 * head or t[-1] > 3 * max(t[0], head):
        return "diverging"
    w = max(1, n // 10)
    ts = np.convolve(t, np.ones(w) / w, mode="valid")
    if v is not None and n >= 6:
        vs = np.convolve(v, np.ones(w) / w, mode="valid")
        m = int(np.argmin(vs))
        if vs[-1] > 1.1 * vs[m] and ts[-1] <= 1.02 * ts[m]:
            return "overfitting"
    later = ts[len(ts) // 10:]
    low = float(np.min(later))
    if later[-1] - low > 0.25 * (later[0] - low) and later[-1] - low > 0.05 * low:
        return "lr_too_high"                       # fell, then climbed back
    steps = np.diff(t[n // 10:])
    if len(steps) and np.mean(steps > 0) > 0.35 and np.mean(np.abs(steps)) > 0.1 * np.median(t[n // 10:]):
        return "lr_too_high"                       # big steps, many of them upwards
    if ts[-1] <= 0.5 * ts[0]:
        return "healthy"                           # at least half of the (averaged) starting loss is gone
    if head - tail < 0.02 * head or middle - tail < 0.3 * (head - middle):
        return "plateau"
    return "lr_too_low"


def diagnose_by_fit(train_losses, val_losses=None):
    """Straight-line fits of log(loss) against the epoch over each half of the run; the scatter around them."""
    t = np.asarray(train_losses, dtype=float)
    v = None if val_losses is None else np.asarray(val_losses, dtype=float)
    if not np.all(np.isfinite(t)) or (v is not None and not np.all(np.isfinite(v))):
        return "diverging"
    n = len(t)
    if n < 4:
        return "healthy" if t[-1] <= t[0] / 2 else "lr_too_high" if t[-1] > t[0] else "lr_too_low"
    q = max(1, n // 5)
    if t[-1] > 3 * t[0] or np.mean(t[-q:]) > 2 * np.mean(t[:q]):
        return "diverging"
    lt = np.log(np.maximum(t, 1e-12))
    x = np.arange(n, dtype=float)
    h = n // 2
    s1, c1 = np.polyfit(x[:h], lt[:h], 1)
    s2, c2 = np.polyfit(x[h:], lt[h:], 1)
    scatter = float(np.std(lt[h:] - (s2 * x[h:] + c2)))
    if v is not None and n >= 8:
        lv = np.log(np.maximum(v, 1e-12))
        r = max(2, n // 4)
        sv = np.polyfit(x[-r:], lv[-r:], 1)[0]                   # validation trend at the end
        st = np.polyfit(x[-r:], lt[-r:], 1)[0]                   # training trend at the end
        rise = float(np.mean(v[-max(1, n // 10):]) / np.min(v) - 1)
        if sv * r > 0.05 and st * r < 0.02 and rise > 0.1:
            return "overfitting"
    drop = float(np.mean(lt[:q]) - np.mean(lt[-q:]))           # log of (start / end)
    if s2 * (n - h) > max(0.1, 0.25 * max(drop, 0.0)) and (s1 < 0 or drop < 0):
        return "lr_too_high"                       # the second half climbs back, or the run rises
    if scatter > max(0.1, 0.5 * abs(s2) * (n - h)) and scatter > 0.15 * max(drop, 0.0) and \
            np.mean(np.diff(t) > 0) > 0.3:
        return "lr_too_high"                       # scattered far around its trend, often upwards
    if drop >= np.log(2.0):
        return "healthy"
    if drop < 0.02 or s2 * (n - h) > 0.35 * s1 * h:
        return "plateau"                           # barely moved, or the second half fell far less
    return "lr_too_low"


DIAGNOSERS = ("diagnose_by_fifths", "diagnose_by_thirds", "diagnose_by_fit")


# --- gradient_anomalies: the rule is exact; these are other correct ways of writing it -------------------
def anomalies_streaming(grad_norms, factor=10.0, window=20):
    """A running window of the previous norms (a deque) and the statistics module's median."""
    import statistics
    from collections import deque
    recent = deque(maxlen=window)
    flagged = []
    for i, g in enumerate(float(x) for x in grad_norms):
        if recent and g > factor * statistics.median(recent):
            flagged.append(i)
        recent.append(g)
    return flagged


def anomalies_sorted_median(grad_norms, factor=10.0, window=20):
    """The median by sorting the history by hand, and the ratio form norm / median > factor."""
    norms = [float(x) for x in grad_norms]
    flagged = []
    for i in range(1, len(norms)):
        history = sorted(norms[max(0, i - window):i])
        mid = len(history) // 2
        median = history[mid] if len(history) % 2 else (history[mid - 1] + history[mid]) / 2
        if median > 0 and norms[i] / median > factor or median == 0 and norms[i] > 0:
            flagged.append(i)
    return flagged


ANOMALY_RULES = ("anomalies_streaming", "anomalies_sorted_median")
