"""The learning-rate range test (lr_range_test) and the suggestion read from its curve (suggest_lr)."""
import math

import numpy as np
import sound_heuristics

from autograder.engine.outcomes import Kind
from autograder.grading import StudentError, as_array, expect_close, fail, load_trusted, points
from autograder.kit.declare import judge_student_result, rule
from public import public_test
from autograder.weeks import WEEKS

# lrs are computed by one power per step: any correct form (a loop, np.geomspace, np.logspace, exp of a
# linspace of logs) agrees with the reference to ~1e-15 relative; the nearest wrong spacing (endpoint left
# out, i / n_steps) differs by 4 % at the last step of the test below. rtol 1e-9 separates them by far.
RTOL, ATOL = 1e-9, 0.0
SPACING_HINT = ("The rates are spaced evenly on a LOG scale: each step multiplies the rate by the same factor, so "
                "that the first is lr_min, the last (step n_steps - 1) is lr_max, and every decade gets the same "
                "number of steps.")
STOP_HINT = ("At each step: record the rate and its loss, THEN decide whether to stop -- when the loss is not a "
             "finite number, or when it exceeds 4 times the best (lowest) loss recorded so far.")


def spacing_variants(lr_min, lr_max, n):
    i = np.arange(n)
    return {
        "range-test-linear-spacing": (lr_min + (lr_max - lr_min) * i / (n - 1),
                                      "LINEAR spacing (np.linspace) instead of exponential spacing",
                                      "the rates must be spaced evenly on a log scale, so that each decade gets "
                                      "the same number of steps."),
        "range-test-endpoint": (lr_min * (lr_max / lr_min) ** (i / n),
                                "exponents i / n_steps (the last rate stops short of lr_max)",
                                "the exponent is i / (n_steps - 1), so the last step uses lr_max."),
        # the fraction i / (n_steps - 1) truncated to a whole number (//, int(), floor): 0 until the last step
        "range-test-fraction-floored": (lr_min * (lr_max / lr_min) ** (i // (n - 1)),
                                        "exponents i // (n_steps - 1) rounded DOWN to whole numbers (0 at every "
                                        "step but the last, so every rate but the last is lr_min)",
                                        "the exponent i / (n_steps - 1) is a fraction that grows from 0 to 1 step "
                                        "by step; integer (floor) division or int() makes it 0 until the end."),
        "range-test-logspace-exponents": (np.logspace(lr_min, lr_max, n),
                                          "np.logspace(lr_min, lr_max, n_steps), which spaces 10**lr_min .. "
                                          "10**lr_max",
                                          "np.logspace takes EXPONENTS; rates from lr_min to lr_max spaced on a "
                                          "log scale are what np.geomspace gives."),
        # a model grown from round 14 (docs/graders.md, "Round 14 is burnt"): the log of one base, the power of
        # another -- np.logspace (base 10) given natural logs, or exp of log10s: base ** (log_b(lr_min) + ...)
        **{"range-test-log-base-mixed" + ("" if (power, log) == (10.0, "ln") else f"@{name}"): (
            power ** (logf(lr_min) + (logf(lr_max) - logf(lr_min)) * i / (n - 1)),
            f"{words} (the exponents' base is not the logarithms' base)",
            "a logarithm and the power that undoes it must have the same base: lr_min * (lr_max / lr_min) ** (i / "
            "(n_steps - 1)), or np.geomspace(lr_min, lr_max, n_steps), needs no logarithm at all.")
            for power, log, logf, name, words in (
                (10.0, "ln", np.log, "ln", "powers of 10 (np.logspace's base) of NATURAL logs of lr_min and lr_max: "
                                           "rates from 10 ** ln(lr_min) to 10 ** ln(lr_max)"),
                (math.e, "log10", np.log10, "log10", "e to the power of BASE-10 logs of lr_min and lr_max "
                                                     "(np.exp of np.linspace of log10s): rates from e ** log10(lr_min) "
                                                     "to e ** log10(lr_max)"),
                (10.0, "log2", np.log2, "log2", "powers of 10 of BASE-2 logs of lr_min and lr_max"),
                (2.0, "log10", np.log10, "2log10", "powers of 2 of BASE-10 logs of lr_min and lr_max"))},
    }


def stop_length(losses, blowup="best", nonfinite=True, record_last=True, factor=4.0):
    """How many pairs a range test records on the loss sequence ``losses`` under a stopping rule: stop once the
    loss exceeds ``factor`` times a reference loss (``blowup``: the best so far, the ``first``, the ``previous``, or
    None for no such rule), and on nan / inf when ``nonfinite``; the pair that triggers the stop is recorded when
    ``record_last``. The course's rule is the default."""
    best = math.inf
    for i, loss in enumerate(losses):
        finite = math.isfinite(loss)
        base = {"best": min(best, loss) if finite else best, "first": losses[0],
                "previous": losses[i - 1] if i else math.inf, None: math.inf}[blowup]
        if (nonfinite and not finite) or (blowup is not None and loss > factor * base):
            return i + 1 if record_last else i
        best = min(best, loss) if finite else best
    return len(losses)


# The family "the early stop changed": every stopping rule made of the course's parts, each part right or wrong
# (the blow-up compared with the best loss / the first / the previous one / not at all, at 4x or another factor;
# nan and inf stopping or not; the pair that blew up recorded or not). A student's lengths on SEQUENCES are named
# by the rule that explains all of them, the fewest parts wrong first; the words say which parts differ.
STOP_PARTS = {
    "blowup": {"first": ("range-test-compares-first-loss", "the blow-up is compared with the FIRST loss, not the "
                         "best (lowest) loss recorded so far"),
               "previous": ("range-test-compares-previous", "the blow-up is compared with the PREVIOUS loss, not "
                            "the best (lowest) loss recorded so far"),
               None: ("range-test-no-early-stop", "there is no early stop on a blow-up (no 4x rule): once the loss "
                      "exceeds 4 times the best loss, training has blown up and the test must stop")},
    # the factor of the blow-up rule: 4 in the course (fastai, Smith); 2, 3, 5 and 10 in other finders and gists
    "factor": {f: ("range-test-stop-factor", f"the blow-up threshold is {f:g} times the loss it is compared with, not "
                   "4 times") for f in (2.0, 3.0, 5.0, 10.0)},
    "nonfinite": {False: ("range-test-nan-not-stopped", "it does not stop on nan: a comparison with nan is always "
                          "False, so the 4x rule alone never stops on nan -- check math.isfinite")},
    "record_last": {False: ("range-test-stop-before-recording", "it stops BEFORE recording the blow-up: the "
                            "docstring records the pair first, so the last pair is the one that blew up")},
}
COURSE_STOP = {"blowup": "best", "factor": 4.0, "nonfinite": True, "record_last": True}


def stop_family() -> list[tuple[dict, str, str]]:
    """(rule, tag, words) for every wrong combination of STOP_PARTS, the fewest wrong parts first."""
    combos = [{}]
    for part, wrong in STOP_PARTS.items():
        combos = [{**c, part: v} for c in combos for v in [COURSE_STOP[part], *wrong]]
    out = []
    for c in combos:
        off = [STOP_PARTS[part][v] for part, v in c.items() if v != COURSE_STOP[part]]
        if off:
            out.append((c, off[0][0], "; ".join(words for _, words in off)))
    return sorted(out, key=lambda rule: rule[2].count(";"))


def range_test(student, reference, **kw):
    got = student.probe("range_test", **kw)
    want = reference.probe("range_test", **kw)
    return got, want


def run_rule(what: str, call: int = 0) -> dict:
    """The judge's rule ``range_run``: as many rates as losses, each rate passed to loss_after_step once."""
    return rule("range_run", call=call, what=what)


def lrs_rule(want_lrs, kwargs: dict, what: str, call: int = 0) -> dict:
    """The judge's rule ``range_lrs``: the rates against the reference's (RTOL/ATOL above), a known wrong
    spacing named (spacing_variants)."""
    lr_min, lr_max, n_steps = kwargs.get("lr_min", 1e-6), kwargs.get("lr_max", 1.0), kwargs.get("n_steps", 100)
    return rule("range_lrs", call=call, path=["lrs"], what=what, expected=[float(v) for v in want_lrs],
                rtol=RTOL, atol=ATOL, lr_min=lr_min, lr_max=lr_max, n_steps=n_steps, hint=SPACING_HINT,
                variants=[{"tag": tag.split("@")[0], "words": words, "explain": explain, "values": [float(v) for v in values]}
                          for tag, (values, words, explain) in spacing_variants(lr_min, lr_max, n_steps).items()])


def check_run(got, want, what):
    judge_student_result(got, {"rules": [run_rule(what)]})
    return len(want["lrs"]), np.asarray(got["lrs"], dtype=np.float64), np.asarray(got["losses"], dtype=np.float64)


def check_lrs(lrs, want, kwargs, what):
    """lrs equal to the reference's (same length already checked); a known wrong spacing is named."""
    judge_student_result({"lrs": lrs}, {"rules": [lrs_rule(want, kwargs, what)]})


test_range_test_spacing = public_test("test_range_test_spacing")


SEQUENCES = [
    # blows up at index 7: 5.0 > 4 * 0.8 (the best so far), though not > 4 * 2.0 (the first loss)
    [2.0, 1.5, 1.0, 0.8, 0.9, 2.0, 3.1, 5.0, 9.0, 30.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11],
    # nan at index 3: stop there
    [1.0, 0.9, 0.7, float("nan"), 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.04, 0.03],
    # inf at index 5 after a fall
    [3.0, 2.0, 1.0, 0.5, 0.6, float("inf"), 0.1, 0.1, 0.1, 0.1],
    # a noisy but never 4x blow-up, then a jump to 4.5x best at index 14
    [1.0, 0.95, 1.1, 0.9, 1.3, 0.85, 1.6, 0.8, 2.2, 0.75, 2.9, 0.7, 2.7, 2.75, 3.15, 0.1, 0.1, 0.1],
]


@points(4)   # 4: early stop after recording, against the best loss, on nan / inf
def test_range_test_early_stop(student, reference):
    """lr_range_test stops right after the loss exceeds 4x the best loss so far, or is not finite"""
    runs, kws = [], []
    for seq in SEQUENCES:
        kwargs = {"lr_min": 1e-4, "lr_max": 1.0, "n_steps": len(seq)}
        kws.append(kwargs)
        got, want = range_test(student, reference, callback="sequence", kwargs=kwargs, losses=seq)
        what = f"the loss sequence {', '.join(f'{x:g}' for x in seq[:len(want['lrs']) + 2])}, ..."
        runs.append((seq, what, want) + check_run(got, want, what))
    lengths = [len(lrs) for _, _, _, _, lrs, _ in runs]
    for seq, what, want, n, lrs, losses in runs:
        if len(lrs) != n:
            message = (f"On {what} the range test should record {n} steps and stop (the last recorded loss is "
                       f"{seq[n - 1]:g}), but yours recorded {len(lrs)}.")
            # the rules that explain every sequence with the fewest wrong parts: all of them are named when these
            # sequences cannot tell them apart (4x the first loss and 10x the best stop alike here)
            found = [(tag, words) for stop, tag, words in stop_family()
                     if [stop_length(q, **stop) for q in SEQUENCES] == lengths]
            found = [(tag, words) for tag, words in found if words.count(";") == found[0][1].count(";")] \
                if found else []
            tags = list(dict.fromkeys(tag for tag, _ in found))
            if found:
                message = (f"Your early stop differs from the course's rule: {found[0][1]}"
                           + "".join(f" (or, just as well on these sequences: {words})" for _, words in found[1:2])
                           + ". " + message)
            fail(message, tags=tags, hint=STOP_HINT)
    for (seq, what, want, n, lrs, losses), kw in zip(runs, kws):
        check_lrs(lrs, want["lrs"], kw, f"lrs on {what}")


@points(2)   # 2: a real (quadratic) training step as the callback, the whole run against the reference
def test_range_test_on_a_quadratic(student, reference):
    """lr_range_test on one-step gradient descent on a quadratic matches the reference run"""
    kw = dict(callback="quadratic", kwargs={"lr_min": 1e-4, "lr_max": 10.0, "n_steps": 60},
              curvatures=[1.0, 4.0, 0.5], w0=[1.0, -1.0, 2.0])
    got, want = range_test(student, reference, **kw)
    n, lrs, losses = check_run(got, want, "a quadratic")
    if len(lrs) != n:
        fail(f"On the quadratic the range test should record {n} steps (it blows up at lr = {want['lrs'][-1]:.3g}),"
             f" but yours recorded {len(lrs)}.", hint=STOP_HINT)
    check_lrs(lrs, want["lrs"], kw["kwargs"], "lrs on the quadratic")
    # the losses come from the trusted callback: they agree exactly when the same rates were used
    expect_close(losses, want["losses"], what="losses on the quadratic", rtol=1e-12, atol=0.0)
    # the docstring's result is two float64 arrays (the notebook masks and multiplies them); the values above
    # were read through np.array, so a list or an array of another dtype is told here
    if got["kinds"] != ["float64 array", "float64 array"]:
        fail(f"lr_range_test returned lrs as a {got['kinds'][0]} and losses as a {got['kinds'][1]}, with the right "
             "values: the contract's result is two float64 NumPy arrays. A Python list behaves differently in the "
             "notebook (lrs * 2 repeats the list, a boolean mask does not select from it).",
             tags=["range-test-not-arrays"], hint="Build the records in lists if you like, then convert both to "
                                                 "float64 arrays before returning them.")


# ------------------------------------------------------------------------------ suggest_lr ----------

def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lr_finder_curve(seed, n=100, lo=-6.0, hi=0.0, L0=2.3, Lf=0.3, c=-3.0, w=0.3, gap=0.7, s=0.15, noise=0.01,
                    blow_up=0.5, bounce=None):
    """A synthetic LR-finder curve (seeded) and the band of acceptable suggestions, read from its noise-free shape.

    loss(x) = L0 - (L0 - Lf) * sigmoid((x - c) / w) + blow_up * Lf * exp((x - b) / s),  x = log10(lr),
    b = c + 3w + gap: flat at small rates, a steep fall centred on 10**c, a short floor, then a blow-up;
    times (1 + noise * N(0, 1)), cut like the range test (after the first loss > 4x the best).
    ``blow_up=0``: the test reached lr_max before the loss blew up (the curve ends on its floor).
    ``bounce=(h, up, down)``: after the minimum the loss climbs by h * Lf from x = up, then falls back at once at
    x = down to 0.3 * Lf above the floor (training recovers for a while) -- a fall past the minimum steeper
    than the real descent.

    The band (docstring: "in the region where the loss falls fastest"; wrong = "the rate at the minimum or
    beyond it, or a rate on the flat part at the start"):
      lower = lr_steep / 10, a decade below the steepest point of the noise-free curve's descent, before its
              minimum (there at most 3.5 % of the fall has happened for w <= 0.3: the start of the fall, not the
              flat part; a bounce past the minimum is no descent);
      upper = the rate where the noise-free curve has completed 95 % of its fall from start to minimum:
              the floor and the minimum lie above it.
    Sound heuristics all land inside on every curve here (measured: steepest slope of the smoothed curve
    (the reference), fastai's minimum / 10, fastai's 'valley'); the rate at the minimum lands above it.
    The floor is kept short (gap <= 0.8 decades) so that minimum / 10 falls on the steep part.
    """
    rng = np.random.default_rng(seed)
    b = c + 3 * w + gap

    def true(x):
        loss = L0 - (L0 - Lf) * _sigmoid((x - c) / w) + blow_up * Lf * np.exp((x - b) / s)
        if bounce:
            h, up, down = bounce
            loss = loss + h * Lf * _sigmoid((x - up) / 0.1) - (h - 0.3) * Lf * _sigmoid((x - down) / 0.02)
        return loss
    x = np.linspace(lo, hi, n)
    losses = true(x) * (1 + noise * rng.standard_normal(n))
    best, stop = math.inf, n
    for i, v in enumerate(losses):
        best = min(best, v)
        if v > 4 * best:
            stop = i + 1
            break
    fine = np.linspace(lo, hi, 20001)
    t = true(fine)
    imin = int(np.argmin(t))
    steep = 10 ** fine[np.argmin(np.gradient(t, fine)[:imin + 1])]     # the steepest point of the DESCENT
    upper = 10 ** fine[np.argmax(t <= t[0] - 0.95 * (t[0] - t[imin]))]
    return 10 ** x[:stop], losses[:stop], (steep / 10, upper), 10 ** fine[imin]


CANDIDATES = [lr_finder_curve(0),
              lr_finder_curve(1, c=-4.0, w=0.4, gap=0.5),
              lr_finder_curve(2, c=-2.0, w=0.2, gap=0.8, noise=0.02),
              lr_finder_curve(3, n=80, lo=-5.0, hi=1.0, c=-1.5, w=0.35),
              lr_finder_curve(4, n=60, c=-3.5, w=0.25, gap=0.6),
              # Two shapes where a reading that breaks the docstring's recipe leaves the band while every sound
              # reading stays in it (round 9, docs/graders.md "Round 9 is burnt"); both real range-test shapes:
              # a short test (25 rates, smoothing over 3) that reached lr_max on the floor, without a blow-up: the
              # moving average must use fewer points at the ends, not zeros -- zero padding pulls the last smoothed
              # value to 2/3 of the floor, so the end becomes the 'minimum' and the padded drop into it the
              # steepest fall ...
              lr_finder_curve(6, n=25, hi=-1.0, Lf=1.0, w=0.6, blow_up=0.0),
              # ... and a bounce after the minimum whose fall (1.2 of loss in 0.05 decades) is steeper than the
              # descent (1.7 over ~2 decades): the steepest fall must be searched only up to the minimum.
              lr_finder_curve(5, lo=-6.5, L0=2.3, Lf=0.6, c=-4.0, w=0.6, gap=2.0, bounce=(2.0, -1.7, -1.0))]


def _sound_suggesters() -> list:
    reference = load_trusted(WEEKS["week3_schedules"].solution_dir / "schedules.py", "_week3_reference_schedules")
    return [reference.suggest_lr] + [getattr(sound_heuristics, name) for name in sound_heuristics.SUGGESTERS]


def clear_cut(curve) -> bool:
    """THE RULE for grading a heuristic fairly: a curve is graded only when the reference solution and every
    sound heuristic of sound_heuristics.py (fastai's minimum / 10, fastai's valley, the largest drop) suggest
    a rate inside its band -- so the band never rules out a sound reading of the curve. (All seven candidates
    pass today; tests/test_graders.py checks that none is dropped.)"""
    lrs, losses, (lower, upper), _ = curve
    return all(lower <= fn(lrs, losses) < upper for fn in _sound_suggesters())


CURVES = [curve for curve in CANDIDATES if clear_cut(curve)]
SUGGEST_HINT = ("At the minimum of the curve training is already on the edge of blowing up: pick a rate on the "
                "steep, falling part before it -- for example where the lightly smoothed loss falls fastest "
                "against log(lr), or a decade below the minimum. Drop non-finite losses first.")


def falls_past_minimum(lrs, losses, s, lr_at_min) -> bool:
    """``s`` lies past the curve's minimum, where the loss FALLS: the 3 losses after it are on average below
    0.8 times the 3 before it. (20 %: the curves' noise is 1-2 % of the loss, so only a real fall -- a bounce
    while training blows up -- passes; the rising blow-up and the floor at the minimum do not.)"""
    finite = np.isfinite(losses)
    lrs, losses = lrs[finite], losses[finite]
    i = int(np.argmin(np.abs(np.log(lrs / s))))
    before, after = losses[max(0, i - 3):i], losses[i + 1:i + 4]
    return s > lr_at_min and len(before) > 0 and len(after) > 0 and after.mean() < 0.8 * before.mean()


PAST_MINIMUM_HINT = ("Search for the steepest fall only up to the minimum of the smoothed loss: past it the loss "
                     "can bounce back down for a while as training blows up, and a bounce can be steeper than the "
                     "real descent.")


# two models grown from round 12 (docs/graders.md, "Round 12 is burnt"): a good pick returned in another form --
# its position in lrs, or the rate divided by ten once more (neither is one of the lrs, as the docstring asks)
def steepest_rise(lrs, losses, s) -> bool:
    """The model "the steepest RISE for the steepest fall" (round 14, docs/graders.md "Round 14 is burnt"): ``s``
    is the rate where the loss climbs fastest -- np.argmax (not argmin) of the slope of the losses, taken by
    np.gradient against log(lrs), lrs or the step, or by np.diff (the rate before or after the largest rise), on
    the curve as given (np.argmax picks a nan) or on its finite part. Compared with is_rate's 1e-9: each
    candidate is one of the rates tried."""
    lrs, losses = np.asarray(lrs, dtype=np.float64), np.asarray(losses, dtype=np.float64)
    finite = np.isfinite(losses)
    candidates = []
    with np.errstate(all="ignore"):
        for x, y in ((lrs, losses), (lrs[finite], losses[finite])):
            if len(y) < 3:
                continue
            for slope in (np.gradient(y, np.log(x)), np.gradient(y, x), np.gradient(y)):
                candidates.append(x[int(np.argmax(slope))])
            k = int(np.argmax(np.diff(y)))
            candidates += [x[k], x[k + 1]]
    return any(np.isclose(c, s, rtol=1e-9, atol=0.0) for c in candidates)


def is_rate(x, lrs) -> bool:
    """``x`` is one of the rates tried (up to round-off: 1e-9 relative; neighbouring rates differ by percents)."""
    return bool(np.any(np.isclose(lrs, x, rtol=1e-9, atol=0.0)))


def returns_index(lrs, s, lower, upper) -> bool:
    """``s`` is a whole number that, read as a position in ``lrs``, picks a rate inside the band."""
    return math.isfinite(s) and float(s).is_integer() and 0 <= s < len(lrs) and lower <= lrs[int(s)] < upper


def check_suggestions(student, curves, title, finite_ok=None, judge=True):
    """Each suggestion must lie in its curve's band. ``finite_ok[k]``: the suggestion on the same curve without
    its non-finite end was inside the band (so a failure here is about nan/inf handling)."""
    got = student.probe("suggest", curves=[{"lrs": lrs, "losses": losses} for lrs, losses, _, _ in curves])
    got = as_array(got, what="the suggested learning rates", shape=(len(curves),))
    inside = [bool(lower <= s < upper) for (_, _, (lower, upper), _), s in zip(curves, got)]
    if not judge:
        return inside
    for k, ((lrs, losses, (lower, upper), lr_at_min), s) in enumerate(zip(curves, got)):
        if inside[k]:
            continue
        finite = np.isfinite(losses)
        if finite_ok is not None and finite_ok[k]:
            where = ("outside the good region, although on the same curve without its last, non-finite loss your "
                     "suggestion was fine: the nan/inf at the end upsets your computation (np.gradient, a mean or "
                     "np.argmin all turn nan into the answer)")
            tags = ["suggest-lr-nonfinite"]
        elif returns_index(lrs, s, lower, upper):
            where = (f"the whole number {int(s)}, and lrs[{int(s)}] = {lrs[int(s)]:.3g} lies in the good band: it "
                     "reads as the POSITION of a good rate in lrs (an index), not the rate itself")
            tags = ["suggest-lr-returns-index"]
        elif not math.isfinite(s) or s <= 0:
            where, tags = "not a positive, finite learning rate", ["suggest-lr-not-finite"]
            # the model "a logarithm of the rate returned" (round 11, docs/graders.md "Round 11 is burnt"): a
            # rate below 1 has a negative log in any base; 10 or e to the answer's power lands in the band
            base = next((b for b in (10.0, math.e) if math.isfinite(s) and lower <= b ** s < upper), None)
            if base is not None:
                where += (f": {'10' if base == 10.0 else 'e'} to its power, {base ** s:.3g}, lies in the good band, so "
                          "it reads as the LOGARITHM of a good rate (the plot's log axis), not the rate itself")
                tags.append("suggest-lr-returns-log")
        elif s >= upper and falls_past_minimum(lrs, losses, s, lr_at_min):
            where = ("on a fall of the loss PAST its minimum (the loss bounces back down while training is already "
                     "blowing up), not on the descent before the minimum")
            tags = ["suggest-lr-searches-past-minimum"]
        elif s >= upper and steepest_rise(lrs, losses, s):
            where = ("the rate where the loss RISES fastest (the largest slope: the blow-up), not where it falls "
                     "fastest: the steepest fall is the most NEGATIVE slope, on the descent before the minimum")
            tags = ["suggest-lr-argmax-of-slope"]
        elif s >= upper:
            near_min = abs(math.log10(s / lr_at_min)) <= 0.15
            where = ("at the MINIMUM of the loss" if near_min else "at or beyond the bottom of the fall") + \
                    ", where training is already on the edge of blowing up"
            tags = ["suggest-lr-at-minimum"] if near_min else ["suggest-lr-too-high"]
        elif s < lower and lower <= 10 * s < upper and is_rate(10 * s, lrs) and not is_rate(s, lrs):
            where = (f"not one of the rates tried, but ten times it, {10 * s:.3g}, is one and lies in the good band: "
                     "it reads as a good rate divided by ten (fastai's 'a decade lower' belongs to the rate at the "
                     "MINIMUM; a rate already on the steep part needs no division)")
            tags = ["suggest-lr-divided-by-ten"]
        else:
            where, tags = "on the flat part at the start, before the loss really falls", ["suggest-lr-too-low"]
        fail(f"{title} {k + 1}: your suggestion {s:.3g} is {where}. A good suggestion here lies between "
             f"{lower:.3g} and {upper:.3g} (from a decade below the steepest fall to where the fall is 95 % done).",
             tags=tags, hint="Drop non-finite losses first (np.isfinite), then pick the rate."
             if tags == ["suggest-lr-nonfinite"] else PAST_MINIMUM_HINT
             if tags == ["suggest-lr-searches-past-minimum"] else SUGGEST_HINT,
             figure={"kind": "curve", "title": f"range-test curve {k + 1}: your suggestion {s:.3g}, "
                                               f"good band [{lower:.3g}, {upper:.3g})",
                     "xlabel": "log10(learning rate)", "ylabel": "loss",
                     "x": [float(v) for v in np.log10(lrs[finite])],
                     "series": {"loss": [float(v) for v in losses[finite]]}, "log_y": False})
    return inside


@points(5)   # 5: the suggestion falls in the steep region of seeded LR-finder curves (any sound heuristic)
def test_suggest_lr_in_steep_region(student):
    """suggest_lr picks a rate where the loss falls fastest (not the minimum, not the flat start)"""
    check_suggestions(student, CURVES, "Range-test curve")


@points(2)   # 2: the curve the range test really returns ends with the blow-up: nan / inf must be dropped
def test_suggest_lr_nonfinite_end(student):
    """suggest_lr ignores a nan or inf loss at the end of the curve"""
    curves = []
    for (lrs, losses, band, lr_at_min), bad in zip(CURVES[:3], (float("nan"), float("inf"), float("nan"))):
        curves.append((np.append(lrs, lrs[-1] * 1.2), np.append(losses, bad), band, lr_at_min))
    finite_ok = check_suggestions(student, CURVES[:3], "", judge=False)   # the same curves, all finite
    try:
        check_suggestions(student, curves, "Range-test curve ending in nan/inf", finite_ok=finite_ok)
    except StudentError as error:
        # the model "the nan/inf end upsets the computation", when it raises: the same curves without their last,
        # non-finite loss were answered well, so only that loss can have made the code fail
        if error.kind is not Kind.EXCEPTION or not all(finite_ok):
            raise
        fail(f"suggest_lr raised an error on a curve ending in nan/inf, although on the same curves without their "
             f"last, non-finite loss your suggestions were fine: the nan/inf at the end upsets your computation.\n"
             f"{error.message}", tags=["suggest-lr-nonfinite"],
             hint="Drop each non-finite loss together with its rate (one mask for both arrays), then pick the rate.")
