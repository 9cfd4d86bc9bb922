"""gradient_anomalies: steps whose gradient norm exceeds factor x the median of the previous window norms."""
import functools
import math

import numpy as np
import sound_heuristics

from autograder.grading import points
from autograder.kit.declare import Call, judge_student, rule
from public import public_test

HINT = ("Step i is anomalous when its norm exceeds factor times the MEDIAN of the norms of the (at most) window "
        "steps just before it -- not including step i itself. Early steps use the shorter history they have "
        "(the window cannot start before step 0); step 0 has none. Return the flagged indices, sorted, as ints.")


def median_rule(norms, factor=10.0, window=20, *, kind="course"):
    """The indices a rule flags; kind = "course" (the docstring) or one of the mistakes below."""
    n = np.asarray(norms, dtype=np.float64)
    out = []
    if kind == EXCLUDES:   # the history holds only the steps not flagged: the last `window` of those
        clean = list(n[:1])
        for i in range(1, len(n)):
            if n[i] > factor * np.median(clean[-window:]):
                out.append(i)
            else:
                clean.append(n[i])
        return out
    for i in range(len(n)):
        if kind == "course":
            hist = n[max(0, i - window):i]
        elif kind == "anomalies-includes-current":
            hist = n[max(0, i - window + 1):i + 1]
        elif kind == "anomalies-window-off-by-one":
            hist = n[max(0, i - window - 1):i]
        elif kind == "anomalies-window-short":
            hist = n[max(0, i - window + 1):i]
        elif kind == "anomalies-mean":
            hist = n[max(0, i - window):i]
        elif kind == "anomalies-whole-series-median":
            hist = n
        elif kind == "anomalies-all-previous":
            hist = n[:i]
        elif kind == "anomalies-negative-index":
            hist = n[i - window:i]             # for i < window the start is negative: the slice wraps around
        elif kind == "anomalies-full-window-only":
            hist = n[i - window:i] if i >= window else n[:0]
        elif kind == "anomalies-index-off-by-one":
            hist = n[:0]
        elif kind in ("anomalies-additive-threshold", "anomalies-returns-norms", NONFINITE):   # the course's window
            hist = n[max(0, i - window):i]
        elif kind.startswith((MIDDLE, STATISTIC)):   # the course's window, another centre (MIDDLE_ELEMENT, STATISTICS)
            hist = n[max(0, i - window):i]
        elif "@" in kind:                      # the window-edges family: "<tag>@s,e" (WINDOW_EDGES)
            s, e = (int(v) for v in kind.split("@")[1].split(","))
            hist = n[max(0, i - window + s):max(0, i + e)]
        else:
            raise ValueError(kind)
        if kind == "anomalies-index-off-by-one":   # the right test, reported one index early
            if i + 1 < len(n) and len(n[max(0, i + 1 - window):i + 1]) and \
                    n[i + 1] > factor * np.median(n[max(0, i + 1 - window):i + 1]):
                out.append(i)
            continue
        if len(hist) == 0:
            continue
        base = np.mean(hist) if kind == "anomalies-mean" else np.median(hist)
        if kind.startswith(STATISTIC):
            base = {"max": np.max, "min": np.min}[kind.split("@")[1]](hist)
        if kind.startswith(MIDDLE):
            ordered = np.sort(hist)
            base = ordered[len(hist) // 2 if kind.endswith("upper") else (len(hist) - 1) // 2]
        if kind == "anomalies-additive-threshold":
            if n[i] > factor + base:
                out.append(i)
        elif kind == NONFINITE:            # a nan norm flagged too (inf is flagged by the comparison itself)
            if math.isnan(n[i]) or n[i] > factor * base:
                out.append(i)
        elif n[i] > factor * base:
            # the probe reads each returned entry with int(): returned norms arrive as their whole-number parts
            out.append(int(n[i]) if kind == "anomalies-returns-norms" else i)
    return out


@functools.cache
def _rule_memo(norms: tuple, kw: tuple, kind: str) -> tuple:
    return tuple(median_rule(norms, **dict(kw), kind=kind))


def expected(norms, kw, kind="course") -> list:
    """``median_rule`` on one of the tests' fixed series, computed once per grading worker: the series are
    written in this file (seeded), never anything a student's code returned."""
    return list(_rule_memo(tuple(float(x) for x in norms), tuple(sorted(kw.items())), kind))


MISTAKES = {
    "anomalies-mean": "the MEAN of the window instead of its median (one earlier spike drags the mean up and "
                      "hides the next spike)",
    "anomalies-includes-current": "a window that INCLUDES the current step (the spike raises its own median)",
    "anomalies-window-off-by-one": "a window of window + 1 previous norms (off by one)",
    "anomalies-window-short": "a window of window - 1 previous norms (off by one)",
    "anomalies-whole-series-median": "the median of the WHOLE series instead of the previous window (it uses the "
                                     "future, and misses the drift of the norms)",
    "anomalies-all-previous": "the median of ALL previous norms instead of the last window",
    "anomalies-negative-index": "a window written norms[i - window:i] without a floor at 0: for the first window "
                                "steps the start is negative and Python's slice wraps around (empty), so early "
                                "spikes are never flagged",
    "anomalies-full-window-only": "checking only steps that have a FULL window of history: the first window steps "
                                  "must be compared with the shorter history they have",
    "anomalies-index-off-by-one": "the right steps reported one index too early (indices of an array that starts "
                                  "at step 1, e.g. np.where on ratios computed from step 1 on)",
    # two models grown from round 10 (docs/graders.md, "Round 10 is burnt")
    "anomalies-additive-threshold": "a threshold of median + factor (factor ADDED to the median) instead of factor "
                                    "TIMES the median: the test is relative, so it must scale with the norms",
    "anomalies-returns-norms": "returning the flagged steps' gradient NORMS (read here as whole numbers) instead of "
                               "their indices",
}
# the family "the window's edges off by one": norms[i - window + s : i + e] for s, e in -1, 0, 1 (the course's
# window is s = e = 0); the ones named above (s = -1 or 1 with e = 0, and s = e = 1) keep their own words.
# e = -1 leaves out the step just before i, the most recent history.
WINDOW_EDGES = {f"{'anomalies-window-skips-previous' if e == -1 else 'anomalies-window-edges'}@{s},{e}":
                f"a window norms[i - window{s:+d}:i{e:+d}]".replace("+0", "")
                + " (off by one at an edge): the window is the `window` norms just before step i, from i - window up "
                  "to i - 1, the step right before included"
                for s in (-1, 0, 1) for e in (-1, 0, 1) if (s, e) not in ((0, 0), (-1, 0), (1, 0), (1, 1))}
MISTAKES.update(WINDOW_EDGES)
# a mechanism grown from round 8 (docs/graders.md, "Round 8 is burnt"): the median written by hand as ONE middle
# element of the sorted window -- right for an odd count, the upper or lower middle value for an even one
MIDDLE = "anomalies-hand-written-median"
MIDDLE_ELEMENT = {f"{MIDDLE}@{side}": f"a median taken as ONE middle element of the sorted window (the {side} one, "
                                      f"sorted[{'len // 2' if side == 'upper' else '(len - 1) // 2'}]): for an "
                                      "even number of norms the median is the MEAN of the two middle values"
                  for side in ("upper", "lower")}
MISTAKES.update(MIDDLE_ELEMENT)
# a family grown from round 11 (docs/graders.md, "Round 11 is burnt"): the window compared through another of its
# statistics than the median -- its largest or smallest norm (the mean keeps its own name above)
STATISTIC = "anomalies-window-statistic"
STATISTICS = {f"{STATISTIC}@max": "the LARGEST norm of the window instead of its median: one earlier spike raises "
                                  "the bar for the next window steps and hides the spikes after it",
              f"{STATISTIC}@min": "the SMALLEST norm of the window instead of its median: one low norm lowers the "
                                  "bar, and ordinary steps get flagged"}
MISTAKES.update(STATISTICS)
# a mechanism grown from round 12 (docs/graders.md, "Round 12 is burnt"): flagged steps kept out of the history, so
# the median is over the last `window` norms that were NOT flagged -- a lasting rise of the norms never enters it
EXCLUDES = "anomalies-excludes-flagged-history"
# a mechanism grown from round 14 (docs/graders.md, "Round 14 is burnt"): a nan norm flagged as a spike, where the
# docstring says the comparison never flags it (any comparison with nan is false; np.isfinite is the caller's
# separate check) -- `not np.isfinite(g) or ...`, `np.isnan(g) or ...`, or the comparison negated (`not g <= ...`)
NONFINITE = "anomalies-flags-nonfinite"
MISTAKES[NONFINITE] = ("a nan norm flagged as an anomaly: the docstring's test norm > factor * median is false for "
                       "nan (any comparison with nan is), so a nan step is never flagged by it -- np.isfinite is a "
                       "separate check, the caller's")
MISTAKES[EXCLUDES] = ("a history that LEAVES OUT the flagged steps (the median of the last `window` norms that were "
                      "not flagged): the window is the `window` norms just before step i, flagged or not -- without "
                      "them a lasting rise of the norms never enters the median, and every later step is flagged")


def spiky_series(seed, n=120, spikes=((1, 30.0), (40, 1000.0), (45, 25.0), (80, 12.0), (81, 14.0)), drift=0.0):
    rng = np.random.default_rng(seed)
    norms = np.exp(0.2 * rng.standard_normal(n) + drift * np.arange(n))
    for i, f in spikes:
        norms[i] *= f
    return norms.tolist()


def boundary_series(window=20, factor=10.0):
    """Norms where the window edge decides: the last `window` norms before step 3*window hold exactly half
    low (0.1) and half high (1.0) values, so the median is 0.55 and a norm of 7 is flagged (> 5.5); one norm
    more (a high one at the far edge) makes the median 1.0 (not flagged), one less (dropping a low one) too."""
    w = window
    n = [1.0] * (2 * w)
    hist = [0.1] + [1.0] * (w // 2) + [0.1] * (w // 2 - 1)     # norms[2w : 3w]: starts with a low value
    n[2 * w - 1] = 1.0                                            # the one just outside: high
    n += hist
    n.append(0.7 * factor)                                        # step 3w
    n += [1.0] * 5
    return n


def quantized_series(seed, length=30):
    """Norms from a few levels (0.1, 0.2, 1, 2, some x4) with window 4-7 and factor 3: for the seeds used the
    course rule and every mistake in MISTAKES flag different index lists (checked when the tests were written),
    so each window convention shows."""
    rng = np.random.default_rng(seed)
    window = int(rng.integers(4, 8))
    n = rng.choice([0.1, 0.2, 1.0, 2.0], size=length).astype(float)
    n[rng.integers(1, length, size=3)] *= 4
    return n.tolist(), {"factor": 3.0, "window": window}


def regime_change(n=120, at=50, level=20.0):
    """A lasting jump of the norms (e.g. the learning rate was raised): only the first window after it is anomalous."""
    rng = np.random.default_rng(4)
    norms = np.exp(0.1 * rng.standard_normal(n))
    norms[at:] *= level
    return norms.tolist()


def agreed(series) -> list:
    """THE RULE (as for the heuristic tasks): a series is graded only when other correct ways of writing the
    rule (sound_heuristics.ANOMALY_RULES) flag exactly the steps the reference rule flags on it -- so a tie at
    exactly factor x median, or a rounding difference between norm > factor * median and norm / median >
    factor, never decides a grade. (All the series below pass today: tests/test_graders.py checks it.)"""
    return [(s, kw) for s, kw in series if _agrees(tuple(float(x) for x in s), tuple(sorted(kw.items())))]


@functools.cache        # the series are the tests' own, fixed: checked once per grading worker
def _agrees(norms: tuple, kw: tuple) -> bool:
    rules = [getattr(sound_heuristics, name) for name in sound_heuristics.ANOMALY_RULES]
    return all(list(rule(list(norms), **dict(kw))) == expected(norms, dict(kw)) for rule in rules)


# a mechanism grown from round 12 (docs/graders.md, "Round 12 is burnt"): the right indices as NumPy integers
# (np.where, np.flatnonzero, iterating an np.arange) where the docstring promises Python ints; checked once
# (test_anomalies_seeded_spikes) and only when every index is right, so it never hides a wrong window
NUMPY_INTS = {"types_tag": "anomalies-returns-numpy-ints",
              "types_message": "gradient_anomalies returned the right indices, but as {types} values: the docstring "
                               "promises a sorted list of Python ints. A NumPy integer is not an int (isinstance(i, "
                               "int) is False, json.dumps refuses it) -- this matches indices taken from a NumPy "
                               "array and returned as they came.",
              "types_hint": "Turn the indices into Python ints before returning them: int(i) for each, or .tolist() "
                            "of an integer array."}


def indices_rule(series, title: str, types: bool = False) -> dict:
    """The judge's rule ``indices`` (autograder/kit/judge.py) for ``series`` (list of (norms, kw), already
    filtered by :func:`agreed`): the reference rule's indices, every mistake of MISTAKES as the indices it
    flags; a boolean mask instead of indices is named; ``types``: NumPy integers for right indices are named."""
    return rule("indices", call=0, title=title, series=[{"norms": list(s), "kw": kw} for s, kw in series],
                **(NUMPY_INTS if types else {}),
                expected=[expected(s, kw) for s, kw in series],
                mistakes=[{"tag": tag.split("@")[0], "words": words,
                           "values": [expected(s, kw, kind=tag) for s, kw in series]}
                          for tag, words in MISTAKES.items()],
                mask_tag="anomalies-returns-mask",
                mask_message="gradient_anomalies returned a boolean mask (length {n}); it should return the sorted "
                             "list of flagged indices, e.g. [3] for the docstring's example. This matches returning "
                             "a MASK instead of indices.",
                mask_hint="Return the list of the indices that pass the test (sorted ints), not one flag per step.")


def judge(student, series, title, types=False):
    series = agreed(series)
    call = Call("anomalies", series=[{"norms": s, "kw": kw} for s, kw in series])
    judge_student(student, [call], {"rules": [indices_rule(series, title, types)], "hint": HINT})


test_anomalies_examples = public_test("test_anomalies_examples")


@points(4)   # 4: seeded noisy norms with injected spikes (one right after a huge one), defaults and other settings
def test_anomalies_seeded_spikes(student):
    """gradient_anomalies finds injected spikes in seeded gradient-norm series, also right after a huge spike"""
    series = [(spiky_series(0), {}),
              (spiky_series(1, drift=0.03), {}),      # norms grow 36x over the run: only the recent past counts
              (regime_change(), {}),
              (spiky_series(2, spikes=((10, 8.0), (11, 9.0), (30, 500.0), (33, 7.0), (60, 6.5))),
               {"factor": 5.0, "window": 5}),
              # a run whose last norm is nan (round 14): the docstring's comparison never flags it; last, so no
              # later window holds the nan (np.median's nan and statistics.median's disagree there, and agreed()
              # would drop the series). No inf here: the returns-norms model reads flagged norms with int()
              (spiky_series(5, n=60, spikes=((25, 40.0),)) + [float("nan")], {})]
    judge(student, series, "Seeded series", types=True)


@points(3)   # 3: the window's exact edge (window previous norms, not window + 1 or window - 1)
def test_anomalies_window_edges(student):
    """gradient_anomalies uses exactly the `window` previous norms"""
    judge(student, [(boundary_series(20), {}), (boundary_series(8, 4.0), {"factor": 4.0, "window": 8}),
                    quantized_series(12), quantized_series(2)], "Window-edge series")
