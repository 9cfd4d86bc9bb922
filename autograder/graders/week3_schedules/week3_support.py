"""Shared by week 3's grader tests (trusted, parent side): known wrong schedules and one comparison.

Every wrong variant below is a formula students really write; a test computes
them on its own inputs and, when the student's values match one of them
everywhere, names that mistake in the feedback. Nothing here runs student code.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from autograder.grading import GradeFailure, as_array, closest, first_mismatch

# Schedules are a handful of float operations: a correct implementation written
# any other way (math vs numpy, floor vs //, factored differently) differs from
# the reference by a few ulps, <= 1e-15 relative. Every wrong variant used by
# the tests differs by >= 2.6e-3 relative at some input of every test where it
# can differ at all (measured; the smallest gap is a one-cycle peak one step
# late, at step 29 of the landmark test). rtol 1e-9 sits six orders of
# magnitude from both; atol 1e-15 only matters for exact zeros (cosine at
# t = T, warmup at step 0).
TOL = dict(rtol=1e-9, atol=1e-15)


@dataclass(frozen=True)
class Variant:
    values: list          # what the wrong formula gives on the test's inputs
    words: str            # "This matches <words>"
    explain: str          # why it is wrong, one sentence
    hint: str             # what to try


def fmt_call(kw: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kw.items())


def check_schedule(got, want, *, fn: str, calls: list[dict], variants: dict[str, Variant],
                   x: list, xlabel: str, hint: str, title: str | None = None) -> None:
    """Pass when the student's values equal the reference's; otherwise say where, and name a known mistake."""
    want = np.asarray(want, dtype=np.float64)
    got = as_array(got, what=f"the values of {fn}", shape=want.shape)
    idx = first_mismatch(got, want, **TOL)
    if idx is None:
        return
    i = idx[0]
    bad = int((~np.isclose(got, want, **TOL)).sum())
    message = (f"{fn}({fmt_call(calls[i])}) should be {want[i]:.10g}, but your function returned {got[i]:.10g}"
               f" ({bad} of the {len(want)} values checked differ).")
    tags: list[str] = []
    name = closest(got, {k: np.asarray(v.values, dtype=np.float64) for k, v in variants.items()}, **TOL)
    if name is not None:
        v = variants[name]
        message = f"This matches {v.words}: {v.explain} " + message
        tags, hint = [name], v.hint
    figure = {"kind": "curve", "title": title or f"{fn}: your values and the expected ones", "xlabel": xlabel,
              "ylabel": "learning rate", "x": [float(t) for t in x],
              "series": {"yours": [float(g) for g in got], "expected": [float(w) for w in want]},
              "log_y": False}
    raise GradeFailure(message, tags=tags, hint=hint, figure=figure)


# --- known wrong forms, written the way students write them -----------------------------------

def step_decay_variants(calls):
    def f(rule):
        return [c["initial_lr"] * c.get("drop", 0.5) ** rule(c["epoch"], c.get("epochs_drop", 10)) for c in calls]
    return {
        "step-decay-round": Variant(
            f(lambda e, d: round(e / d)), "step decay with round() instead of floor",
            "round(epoch / epochs_drop) drops the rate half-way through an interval (and Python rounds "
            "halves to even); the formula is epoch // epochs_drop.",
            "Use integer division epoch // epochs_drop (or math.floor), never round."),
        "step-decay-off-by-one": Variant(
            f(lambda e, d: (e + 1) // d), "step decay that drops one epoch early ((epoch + 1) // epochs_drop)",
            "epochs count from 0, so epochs 0 .. epochs_drop - 1 keep initial_lr and the first drop is at "
            "epoch = epochs_drop.",
            "Use epoch // epochs_drop with the epoch as given (counted from 0)."),
        "step-decay-no-floor": Variant(
            f(lambda e, d: e / d), "step decay without the floor (epoch / epochs_drop)",
            "dividing without flooring gives a smooth exponential decay instead of a staircase.",
            "Use integer division epoch // epochs_drop."),
        "step-decay-ceil": Variant(
            f(lambda e, d: math.ceil(e / d)), "step decay with ceil() instead of floor",
            "ceil drops the rate right after epoch 0; the first drop is at epoch = epochs_drop.",
            "Use integer division epoch // epochs_drop."),
    }


def exponential_variants(calls):
    def f(rule):
        return [rule(c["epoch"], c["initial_lr"], c["k"]) for c in calls]
    return {
        "exp-decay-inverse-time": Variant(
            f(lambda e, lr, k: lr / (1 + k * e)), "inverse-time decay (initial_lr / (1 + k * epoch))",
            "that is Keras' time-based 'decay', not exponential decay.",
            "Use initial_lr * exp(-k * epoch)."),
        "exp-decay-compound": Variant(
            f(lambda e, lr, k: lr * (1 - k) ** e), "decay by a factor (1 - k) per epoch",
            "(1 - k) ** epoch only approximates exp(-k * epoch) for small k.",
            "Use initial_lr * exp(-k * epoch) (math.exp or np.exp)."),
        "exp-decay-k-power": Variant(
            f(lambda e, lr, k: lr * k ** e), "initial_lr * k ** epoch",
            "k is a rate in the exponent, not the factor per epoch.",
            "Use initial_lr * exp(-k * epoch)."),
    }


def _cos_anneal(t, T, hi, lo, *, clamp=True):
    if clamp and t >= T:
        return lo
    return lo + (hi - lo) * (1 + math.cos(math.pi * t / T)) / 2


def cosine_variants(calls):
    def f(rule):
        return [rule(c["t"], c["T"], c["lr_max"], c.get("lr_min", 0.0)) for c in calls]
    return {
        "cosine-linear": Variant(
            f(lambda t, T, hi, lo: lo + (hi - lo) * max(0.0, 1 - t / T)), "a LINEAR anneal instead of a cosine",
            "the rate should follow half a cosine: flat near t = 0 and t = T, steepest in the middle.",
            "lr = lr_min + (lr_max - lr_min) * (1 + cos(pi * t / T)) / 2."),
        "cosine-not-clamped": Variant(
            f(lambda t, T, hi, lo: _cos_anneal(t, T, hi, lo, clamp=False)),
            "a cosine that is NOT clamped after T (it climbs back up)",
            "after t = T this course keeps lr_min; following the cosine past T raises the rate again.",
            "Return lr_min when t >= T (check t > T as well as t = T)."),
        "cosine-ignores-lr-min": Variant(
            f(lambda t, T, hi, lo: lo if t >= T else hi * (1 + math.cos(math.pi * t / T)) / 2),
            "a cosine that ignores lr_min (lr_max * (1 + cos) / 2)",
            "the cosine must go from lr_max down to lr_min, not to 0.",
            "lr = lr_min + (lr_max - lr_min) * (1 + cos(pi * t / T)) / 2."),
        "cosine-no-pi": Variant(
            f(lambda t, T, hi, lo: lo if t >= T else lo + (hi - lo) * (1 + math.cos(t / T)) / 2),
            "a cosine of t / T without the factor pi",
            "cos(t / T) only covers a third of the half period, so the rate never gets near lr_min.",
            "Use cos(pi * t / T)."),
    }


def warmup_variants(calls):
    def f(rule):
        return [rule(c["step"], c["warmup_steps"], c["base_lr"]) for c in calls]
    return {
        "warmup-starts-at-one": Variant(
            f(lambda s, w, lr: lr * (s + 1) / w if s < w else lr),
            "a warmup that starts at step 1 ((step + 1) / warmup_steps)",
            "steps count from 0 and the warmup starts at 0: step 0 gets 0, step warmup_steps gets base_lr.",
            "Use base_lr * step / warmup_steps while step < warmup_steps."),
        "warmup-overshoot": Variant(
            f(lambda s, w, lr: lr * (s + 1) / w if 0 < w and s <= w else lr),
            "a warmup with (step + 1) / warmup_steps and step <= warmup_steps (it overshoots base_lr)",
            "at step = warmup_steps that gives base_lr * (warmup_steps + 1) / warmup_steps, above base_lr.",
            "Use base_lr * step / warmup_steps while step < warmup_steps, then base_lr."),
        "warmup-linspace": Variant(
            f(lambda s, w, lr: lr * s / (w - 1) if s < w and w > 1 else lr),
            "a warmup that reaches base_lr one step early (step / (warmup_steps - 1), like np.linspace)",
            "the rate is base_lr * step / warmup_steps, so the full rate first comes at step = warmup_steps.",
            "Divide by warmup_steps, not warmup_steps - 1."),
    }


def warmup_cosine_variants(calls):
    def f(rule):
        return [rule(c["step"], c["total_steps"], c["warmup_steps"], c["base_lr"], c.get("min_lr", 0.0))
                for c in calls]

    def warm(s, w, lr):
        return lr * s / w
    return {
        "warmup-cosine-wrong-length": Variant(
            f(lambda s, N, w, lr, lo: warm(s, w, lr) if s < w else _cos_anneal(s - w, N, lr, lo)),
            "a cosine over total_steps instead of the total_steps - warmup_steps that remain",
            "the cosine then has not reached min_lr at step = total_steps.",
            "Anneal over total_steps - warmup_steps: cosine_annealing(step - warmup_steps, "
            "total_steps - warmup_steps, base_lr, min_lr)."),
        "warmup-cosine-not-shifted": Variant(
            f(lambda s, N, w, lr, lo: warm(s, w, lr) if s < w else _cos_anneal(s, N, lr, lo)),
            "a cosine of the raw step (not step - warmup_steps)",
            "the cosine must start at base_lr right when the warmup ends; with the raw step it starts part-way "
            "down (a drop at step = warmup_steps).",
            "Use step - warmup_steps as the cosine's t and total_steps - warmup_steps as its T."),
        "warmup-cosine-starts-at-one": Variant(
            f(lambda s, N, w, lr, lo: lr * (s + 1) / w if s < w else _cos_anneal(s - w, N - w, lr, lo)),
            "a warmup that starts at step 1 ((step + 1) / warmup_steps)",
            "steps count from 0: step 0 gets 0 and step warmup_steps gets base_lr.",
            "Use base_lr * step / warmup_steps while step < warmup_steps."),
        "warmup-cosine-not-clamped": Variant(
            f(lambda s, N, w, lr, lo: warm(s, w, lr) if s < w else _cos_anneal(s - w, N - w, lr, lo, clamp=False)),
            "a cosine that is NOT clamped after total_steps (it climbs back up)",
            "after total_steps the rate stays at min_lr.",
            "Return min_lr once step >= total_steps."),
    }


def one_cycle_value(step, total, max_lr, pct=0.3, div=25.0, fdiv=1e4, *, peak_shift=1.0, end_shift=1.0,
                    linear=False, final_from_max=False):
    initial = max_lr / div
    final = (max_lr if final_from_max else initial) / fdiv
    e1 = float(pct * total) - peak_shift
    e2 = total - end_shift
    if step <= e1:
        a, b, p = initial, max_lr, step / e1
    else:
        a, b, p = max_lr, final, (step - e1) / (e2 - e1)
    if linear:
        return a + (b - a) * p
    return b + (a - b) / 2.0 * (math.cos(math.pi * p) + 1)


def one_cycle_variants(calls):
    def f(**flags):
        return [one_cycle_value(c["step"], c["total_steps"], c["max_lr"], c.get("pct_start", 0.3),
                                c.get("div_factor", 25.0), c.get("final_div_factor", 1e4), **flags) for c in calls]
    return {
        "one-cycle-peak-off-by-one": Variant(
            f(peak_shift=0.0), "a one-cycle peak at step pct_start * total_steps (it should be one step earlier)",
            "steps count from 0, so PyTorch ends phase 1 at pct_start * total_steps - 1 (for 100 steps the "
            "peak is step 29).",
            "Use end1 = pct_start * total_steps - 1 and end2 = total_steps - 1."),
        "one-cycle-end-off-by-one": Variant(
            f(end_shift=0.0), "a one-cycle annealing that ends at total_steps instead of total_steps - 1",
            "the last step of the run is total_steps - 1 and must get the final rate.",
            "Use end2 = total_steps - 1."),
        "one-cycle-both-off-by-one": Variant(
            f(peak_shift=0.0, end_shift=0.0), "a one-cycle schedule with both phase ends one step late",
            "steps count from 0: the peak is at pct_start * total_steps - 1 and the end at total_steps - 1.",
            "Use end1 = pct_start * total_steps - 1 and end2 = total_steps - 1."),
        "one-cycle-linear": Variant(
            f(linear=True), "a LINEAR one-cycle instead of PyTorch's cosine phases",
            "OneCycleLR's default anneal_strategy is 'cos': each phase follows half a cosine.",
            "In each phase use end + (start - end) / 2 * (1 + cos(pi * pct))."),
        "one-cycle-wrong-final": Variant(
            f(final_from_max=True), "a one-cycle final rate of max_lr / final_div_factor",
            "PyTorch's final rate is initial / final_div_factor = max_lr / (div_factor * final_div_factor).",
            "final = (max_lr / div_factor) / final_div_factor."),
    }


def plateau_variant(metrics, lr, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0, *, keras=False,
                    absolute=False, no_threshold=False, no_floor=False, no_reset=False, equal_better=False):
    """ReduceLROnPlateau with switches for the mistakes students make (all off = PyTorch's rules)."""
    best, bad, out = math.inf, 0, []
    for m in metrics:
        if no_threshold:
            better = m < best
        elif absolute:
            better = m < best - threshold
        elif equal_better:
            better = m <= best * (1 - threshold)
        else:
            better = m < best * (1 - threshold)
        if better:
            best, bad = m, 0
        else:
            bad += 1
        if (bad >= patience) if keras else (bad > patience):
            new = lr * factor if no_floor else max(lr * factor, min_lr)
            if lr - new > 1e-8:
                lr = new
            if not no_reset:
                bad = 0
        out.append(lr)
    return out


PLATEAU_MISTAKES = {
    "plateau-keras-patience": (dict(keras=True), "Keras-style patience (a cut on the patience-th bad epoch)",
                               "this course follows PyTorch: the rate is cut when num_bad_epochs > patience, on "
                               "the (patience + 1)-th bad epoch in a row.",
                               "Cut when num_bad_epochs > patience, not >= patience."),
    "plateau-absolute-threshold": (dict(absolute=True), "an ABSOLUTE threshold (metric < best - threshold)",
                                   "PyTorch's default threshold_mode is 'rel': better means "
                                   "metric < best * (1 - threshold).",
                                   "Compare with best * (1 - threshold)."),
    "plateau-no-threshold": (dict(no_threshold=True), "a plateau check without the threshold (metric < best)",
                             "a tiny improvement, smaller than threshold * best, must count as a bad epoch.",
                             "Better means metric < best * (1 - threshold)."),
    "plateau-no-min-lr": (dict(no_floor=True), "a reduction that ignores min_lr",
                          "the rate must never go below min_lr: new_lr = max(lr * factor, min_lr).",
                          "Use max(self.lr * self.factor, self.min_lr)."),
    "plateau-counter-not-reset": (dict(no_reset=True), "a bad-epoch counter that is not reset after a cut",
                                  "after a reduction num_bad_epochs goes back to 0 and a fresh wait of "
                                  "patience + 1 bad epochs starts; without the reset the rate is cut every epoch.",
                                  "Set self.num_bad_epochs = 0 whenever the rate is cut."),
}


def plateau_variants(runs):
    """``runs``: list of (kwargs, metrics); each variant's rates, concatenated over the runs."""
    out = {}
    for tag, (flags, words, explain, hint) in PLATEAU_MISTAKES.items():
        values = []
        for kwargs, metrics in runs:
            values += plateau_variant(metrics, **kwargs, **flags)
        out[tag] = Variant(values, words, explain, hint)
    return out
