"""Shared by week 3's grader tests (trusted, parent side): known wrong schedules and one comparison.

Every wrong variant below is a formula students really write; a test computes
them on its own inputs and, when the student's values match one of them
everywhere, names that mistake in the feedback. The comparison is the judge's
rule ``schedule`` (autograder/kit/judge.py), the same for the public checks
(public.py) and the hidden tests. Nothing here runs student code.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from autograder.grading import load_trusted
from autograder.kit.declare import Call, judge_student_result, rule
from autograder.weeks import WEEKS

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
    tag: str | None = None   # the mistake's tag when several variants share it (else the variant's key)


# each schedule's running variable (the figure's x axis) and the prefix of its mistakes' tags
XVAR = {"step_decay": "epoch", "exponential_decay": "epoch", "cosine_annealing": "t", "linear_warmup": "step",
        "warmup_cosine": "step", "one_cycle": "step"}
PREFIX = {"step_decay": "step-decay", "exponential_decay": "exp-decay", "cosine_annealing": "cosine",
          "linear_warmup": "warmup", "warmup_cosine": "warmup-cosine", "one_cycle": "one-cycle"}


def variant_list(variants: dict[str, Variant]) -> list[dict]:
    """Variants as the judge reads them (plain data, in order)."""
    return [{"tag": v.tag or name, "words": v.words, "explain": v.explain, "hint": v.hint, "values": list(v.values)}
            for name, v in variants.items()]


def schedule_rule(fn: str, calls: list[dict], want, variants: dict[str, Variant], *, call: int = 0,
                  own_helpers: dict | None = None) -> dict:
    """The judge's rule ``schedule`` (autograder/kit/judge.py): the values of ``fn`` at ``calls`` against the
    reference's ``want`` (TOL above), a known mistake named (``variants``, then the families of
    :func:`family_variants`) or what the difference looks like (a constant factor, an off-by-one, a rate moving
    the wrong way), the setting that differs drawn."""
    return rule("schedule", call=call, fn=fn, calls=calls, xvar=XVAR[fn], prefix=PREFIX[fn],
                expected=[float(w) for w in np.asarray(want, dtype=np.float64).ravel()], **TOL,
                variants=variant_list({**family_variants(fn, calls), **variants}),
                **({"own_helpers": own_helpers} if own_helpers else {}))


# --- families: wrong forms that any schedule can take, built from the reference itself ------------------------
# The reference schedule (solutions/, trusted, parent side) evaluated on changed inputs: a hyperparameter used as
# its reciprocal (a rate read as a time constant, a factor that should divide), and the running variable taken
# modulo the schedule's length (a schedule that restarts instead of staying at its end value). Listed after a
# schedule's own named variants, which win when both match.
REFERENCE = load_trusted(WEEKS["week3_schedules"].solution_dir / "schedules.py", "_week3_family_reference")
RATES = {"initial_lr", "lr_max", "lr_min", "base_lr", "min_lr", "max_lr"}      # rates: inverting one is no slip
PERIOD = {"cosine_annealing": "T", "warmup_cosine": "total_steps", "one_cycle": "total_steps"}


def _reference_values(fn: str, calls: list[dict]) -> list | None:
    try:
        with np.errstate(all="ignore"):
            return [float(getattr(REFERENCE, fn)(**c)) for c in calls]
    except (ArithmeticError, ValueError):
        return None


def family_variants(fn: str, calls: list[dict]) -> dict[str, Variant]:
    prefix, xvar, out = PREFIX[fn], XVAR[fn], {}
    for kw in sorted({k for c in calls for k in c} - RATES - {xvar}):
        if any(isinstance(c.get(kw), (int, float)) and c[kw] != 0 for c in calls):
            values = _reference_values(fn, [{**c, kw: 1 / c[kw]} if c.get(kw) else c for c in calls])
            if values is not None:
                out[f"{prefix}-{kw.replace('_', '-')}-inverted"] = Variant(
                    values, f"{fn} with {kw} used as its reciprocal (1 / {kw})",
                    f"{kw} enters the formula the other way round: where it multiplies, you divide (or the reverse) "
                    f"-- as if {kw} were a time constant instead of a rate, or a divisor instead of a factor.",
                    f"Check where {kw} sits in the formula: on which side of the fraction, multiplying or dividing.")
    period = PERIOD.get(fn)
    if period:
        values = _reference_values(fn, [{**c, xvar: c[xvar] % c[period]} if c.get(period) else c for c in calls])
        if values is not None:
            out[f"{prefix}-restarts"] = Variant(
                values, f"{fn} restarting every {period} steps ({xvar} taken modulo {period})",
                f"after {xvar} = {period} this schedule stays at its end value; a restart (SGDR's warm restarts) "
                "jumps back to the start value.",
                f"Past {xvar} = {period} nothing is periodic: return the end value.")
    return out


def check_schedule(got, want, *, fn: str, calls: list[dict], variants: dict[str, Variant], hint: str) -> None:
    """Pass when the student's values equal the reference's; otherwise fail as the judge says (schedule_rule)."""
    judge_student_result(got, {"rules": [schedule_rule(fn, calls, want, variants)], "hint": hint})


def judge_schedule(student, reference, fn: str, calls: list[dict], variants: dict[str, Variant], hint: str):
    """The student's and the reference's values of ``fn`` on ``calls``, compared by :func:`check_schedule`."""
    got = student.probe("schedule_values", fn=fn, calls=calls)
    want = reference.probe("schedule_values", fn=fn, calls=calls)
    check_schedule(got, want, fn=fn, calls=calls, variants=variants, hint=hint)


def warmup_cosine_helpers(calls: list[dict], points: float) -> tuple[list[Call], dict]:
    """warmup_cosine checked against the student's OWN linear_warmup and cosine_annealing too (error carried
    forward): the two calls that rebuild it from them, and the rule's ``own_helpers`` (how to stitch them, and
    the note that gives the test's full ``points`` when warmup_cosine is exactly its helpers put together)."""
    warm = [dict(step=c["step"], warmup_steps=c["warmup_steps"], base_lr=c["base_lr"])
            for c in calls if c["step"] < c["warmup_steps"]]
    cos = [dict(t=c["step"] - c["warmup_steps"], T=c["total_steps"] - c["warmup_steps"], lr_max=c["base_lr"],
                lr_min=c.get("min_lr", 0.0)) for c in calls if c["step"] >= c["warmup_steps"]]
    order, w, k = [], 0, 0
    for c in calls:
        if c["step"] < c["warmup_steps"]:
            order.append([0, w])
            w += 1
        else:
            order.append([1, k])
            k += 1
    own = {"calls": [1, 2], "order": order, "tag": "follows-own-helpers", "points": points,
           "message": "Your warmup_cosine puts warmup and cosine together correctly: its values equal your own "
                      "linear_warmup and cosine_annealing at (step, warmup_steps) and (step - warmup_steps, "
                      "total_steps - warmup_steps). They differ from the expected values only because one of those "
                      "functions has a mistake (see its tests), so no points are taken here. For the record: ",
           "hint": "Fix linear_warmup / cosine_annealing; this one will follow."}
    return [Call("schedule_values", fn="linear_warmup", calls=warm),
            Call("schedule_values", fn="cosine_annealing", calls=cos)], own


# --- known wrong forms, written the way students write them -----------------------------------

def step_decay_variants(calls):
    def f(rule):
        return [c["initial_lr"] * c.get("drop", 0.5) ** rule(c["epoch"], c.get("epochs_drop", 10)) for c in calls]
    return {
        "step-decay-round": Variant(
            f(lambda e, d: round(e / d)), "step decay with round() instead of floor",
            "round(epoch / epochs_drop) drops the rate half-way through an interval (and Python rounds "
            "halves to even); the formula is epoch // epochs_drop.",
            ("The rate changes only at whole multiples of epochs_drop: count the COMPLETED intervals (round down), "
             "never round to the nearest.")),
        "step-decay-off-by-one": Variant(
            f(lambda e, d: (e + 1) // d), "step decay that drops one epoch early ((epoch + 1) // epochs_drop)",
            "epochs count from 0, so epochs 0 .. epochs_drop - 1 keep initial_lr and the first drop is at "
            "epoch = epochs_drop.",
            ("Epochs count from 0: the number of completed intervals at epoch e is e divided by epochs_drop, "
             "rounded down, with e as given.")),
        "step-decay-no-floor": Variant(
            f(lambda e, d: e / d), "step decay without the floor (epoch / epochs_drop)",
            "dividing without flooring gives a smooth exponential decay instead of a staircase.",
            "A staircase: the exponent is the number of COMPLETED intervals, a whole number (round down)."),
        "step-decay-ceil": Variant(
            f(lambda e, d: math.ceil(e / d)), "step decay with ceil() instead of floor",
            "ceil drops the rate right after epoch 0; the first drop is at epoch = epochs_drop.",
            "Count the COMPLETED intervals: round down, not up."),
        # mechanisms grown from round 8 (docs/graders.md, "Round 8 is burnt"): the exponent is the remainder, or
        # the count of intervals multiplies drop instead of being its power
        "step-decay-modulo": Variant(
            f(lambda e, d: e % d), "step decay with the REMAINDER of epoch / epochs_drop as the exponent",
            "the remainder is the position inside the current interval, so the rate falls at every epoch and "
            "jumps back to initial_lr at each multiple of epochs_drop (a saw-tooth); the exponent is the number of "
            "completed intervals, the QUOTIENT.",
            "The exponent counts the completed intervals: the quotient of epoch by epochs_drop, rounded down."),
        "step-decay-product-for-power": Variant(
            [c["initial_lr"] * c.get("drop", 0.5) * (c["epoch"] // c.get("epochs_drop", 10)) for c in calls],
            "step decay with drop MULTIPLIED by the number of completed intervals (drop * k), not raised to it",
            "drop * k is 0 for the whole first interval and then GROWS with k; the staircase shrinks by the factor "
            "drop at each interval: drop to the power k.",
            "After k completed intervals the rate has been multiplied by drop k times: a power, not a product."),
    }


def exponential_variants(calls):
    def f(rule):
        return [rule(c["epoch"], c["initial_lr"], c["k"]) for c in calls]
    return {
        "exp-decay-inverse-time": Variant(
            f(lambda e, lr, k: lr / (1 + k * e)), "inverse-time decay (initial_lr / (1 + k * epoch))",
            "that is Keras' time-based 'decay', not exponential decay.",
            "Exponential decay multiplies the rate by the same factor, e to the power -k, at every epoch."),
        "exp-decay-compound": Variant(
            f(lambda e, lr, k: lr * (1 - k) ** e), "decay by a factor (1 - k) per epoch",
            "(1 - k) ** epoch only approximates exp(-k * epoch) for small k.",
            "The factor per epoch is e to the power -k (the exponential function), not 1 - k."),
        "exp-decay-k-power": Variant(
            f(lambda e, lr, k: lr * k ** e), "initial_lr * k ** epoch",
            "k is a rate in the exponent, not the factor per epoch.",
            "The rate is multiplied by the same factor every epoch: e to the power -k, once per epoch."),
        "exp-decay-wrong-exponent": Variant(
            f(lambda e, lr, k: lr * math.exp(-k) * e), "initial_lr * exp(-k) * epoch",
            "the epoch multiplies the result instead of sitting in the exponent (so epoch 0 gives 0).",
            "The whole product -k times epoch is the exponent: parentheses around it."),
        "exp-decay-off-by-one": Variant(
            f(lambda e, lr, k: lr * math.exp(-k * (e + 1))), "exponential decay with epochs counted from 1 "
            "(exp(-k * (epoch + 1)))",
            "epoch 0 must give initial_lr: the first epoch is epoch 0 (this is also a constant factor exp(-k) off).",
            "Epochs count from 0: at epoch 0 the exponent is 0 and the rate is initial_lr."),
        "exp-decay-wrong-sign": Variant(
            f(lambda e, lr, k: lr * math.exp(k * e)), "initial_lr * exp(+k * epoch), a rate that GROWS",
            "the exponent must be negative for a decay.",
            "A decay shrinks the rate: the exponent is minus k times the epoch."),
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
            "The factor (1 + cos(pi t / T)) / 2 goes from 1 at t = 0 to 0 at t = T along half a cosine; the rate "
            "moves between lr_max and lr_min by that factor."),
        "cosine-not-clamped": Variant(
            f(lambda t, T, hi, lo: _cos_anneal(t, T, hi, lo, clamp=False)),
            "a cosine that is NOT clamped after T (it climbs back up)",
            "after t = T this course keeps lr_min; following the cosine past T raises the rate again.",
            "Past the end of the period (t beyond T as well as t = T) the rate stays at lr_min."),
        "cosine-ignores-lr-min": Variant(
            f(lambda t, T, hi, lo: lo if t >= T else hi * (1 + math.cos(math.pi * t / T)) / 2),
            "a cosine that ignores lr_min (lr_max * (1 + cos) / 2)",
            "the cosine must go from lr_max down to lr_min, not to 0.",
            "The cosine factor scales the DISTANCE between lr_max and lr_min, added on top of lr_min."),
        "cosine-min-max-swapped": Variant(
            f(lambda t, T, hi, lo: lo if t >= T else hi + (lo - hi) * (1 + math.cos(math.pi * t / T)) / 2),
            "a cosine with lr_min and lr_max exchanged (it climbs from lr_min to lr_max)",
            "the rate starts at lr_max when t = 0 and ends at lr_min when t = T.",
            "At t = 0 the cosine term is largest: that is where lr_max belongs."),
        "cosine-clamped-at-lr-min": Variant(
            f(lambda t, T, hi, lo: lo if t >= T else max(hi * (1 + math.cos(math.pi * t / T)) / 2, lo)),
            "a cosine from lr_max down to 0, cut off at lr_min (max(..., lr_min))",
            "the cosine must go from lr_max down to lr_min, interpolating between them, not to 0 and then be "
            "clipped.",
            "Interpolate: lr_min plus (lr_max - lr_min) times the half-cosine factor, which goes from 1 to 0.",
            tag="cosine-ignores-lr-min"),
        "cosine-off-by-one": Variant(
            f(lambda t, T, hi, lo: lo if t >= T else lo + (hi - lo) * (1 + math.cos(math.pi * t / (T - 1))) / 2
              if T > 1 else lo),
            "a cosine over T - 1 instead of T (it reaches lr_min one step early)",
            "t runs from 0 to T and the cosine reaches lr_min exactly at t = T.",
            "The angle is pi * t / T: a half period over T steps."),
        "cosine-quarter-period": Variant(
            f(lambda t, T, hi, lo: lo if t >= T else lo + (hi - lo) * math.cos(math.pi * t / (2 * T))),
            "a QUARTER cosine, cos(pi * t / (2 T)), instead of the half-cosine factor (1 + cos(pi * t / T)) / 2",
            "both go from 1 to 0, but the course's curve is flat at both ends (half a period, shifted and halved).",
            "The factor is (1 + cos(pi t / T)) / 2: half a period of the cosine, moved up by 1 and halved."),
        "cosine-degrees": Variant(
            f(lambda t, T, hi, lo: lo if t >= T else lo + (hi - lo) * (1 + math.cos(180 * t / T)) / 2),
            "a cosine of 180 * t / T: math.cos takes RADIANS, and half a period is pi",
            "the angle in degrees makes the rate swing up and down many times.",
            "The angle is pi * t / T radians."),
        "cosine-no-pi": Variant(
            f(lambda t, T, hi, lo: lo if t >= T else lo + (hi - lo) * (1 + math.cos(t / T)) / 2),
            "a cosine of t / T without the factor pi",
            "cos(t / T) only covers a third of the half period, so the rate never gets near lr_min.",
            "Half a period of the cosine is an angle of pi: the angle is pi times the fraction t / T."),
    }


def warmup_variants(calls):
    def f(rule):
        return [rule(c["step"], c["warmup_steps"], c["base_lr"]) for c in calls]
    return {
        "warmup-starts-at-one": Variant(
            f(lambda s, w, lr: lr * (s + 1) / w if s < w else lr),
            "a warmup that starts at step 1 ((step + 1) / warmup_steps)",
            "steps count from 0 and the warmup starts at 0: step 0 gets 0, step warmup_steps gets base_lr.",
            "During the warmup the rate is the fraction step / warmup_steps of base_lr, with step as given (0 at "
            "the start)."),
        "warmup-overshoot": Variant(
            f(lambda s, w, lr: lr * (s + 1) / w if 0 < w and s <= w else lr),
            "a warmup with (step + 1) / warmup_steps and step <= warmup_steps (it overshoots base_lr)",
            "at step = warmup_steps that gives base_lr * (warmup_steps + 1) / warmup_steps, above base_lr.",
            "The ramp covers steps 0 .. warmup_steps - 1 (fraction step / warmup_steps of base_lr); from step "
            "warmup_steps on the rate is base_lr."),
        "warmup-not-capped": Variant(
            f(lambda s, w, lr: lr * s / w if w > 0 else lr), "a warmup ramp that never stops (no plateau at base_lr)",
            "from step warmup_steps on the rate stays at base_lr; the ramp alone keeps growing past it.",
            "Two branches: the ramp while step < warmup_steps, base_lr after."),
        "warmup-plus-one-over-plus-one": Variant(
            f(lambda s, w, lr: lr * (s + 1) / (w + 1) if s < w else lr),
            "a warmup of (step + 1) / (warmup_steps + 1) (it never starts at 0)",
            "step 0 gets 0 and the fraction is step / warmup_steps.",
            "During the warmup the rate is the fraction step / warmup_steps of base_lr, step as given.",
            tag="warmup-starts-at-one"),
        "warmup-linspace": Variant(
            f(lambda s, w, lr: lr * s / (w - 1) if s < w and w > 1 else lr),
            "a warmup that reaches base_lr one step early (step / (warmup_steps - 1), like np.linspace)",
            "the rate is base_lr * step / warmup_steps, so the full rate first comes at step = warmup_steps.",
            "The fraction is step / warmup_steps: it reaches 1 exactly at step = warmup_steps."),
        # the family "a library's option or default in place of the course's rule": torch's LinearLR starts at
        # start_factor * base_lr (1/3 by default; 0.1 in many configs), the course's warmup at 0
        **{f"warmup-start-factor-{name}": Variant(
            f(lambda s, w, lr, a=start: lr * (a + (1 - a) * s / w) if s < w else lr),
            f"a warmup from {name} of base_lr (torch's LinearLR with start_factor={name})",
            "the course's warmup starts at 0: step 0 gets 0, then the fraction step / warmup_steps.",
            "During the warmup the rate is the fraction step / warmup_steps of base_lr, from 0: no start factor.",
            tag="warmup-library-option") for name, start in (("1/3", 1 / 3), ("0.1", 0.1))},
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
            "After the warmup, only total_steps - warmup_steps steps remain: that is the cosine's period."),
        "warmup-cosine-not-shifted": Variant(
            f(lambda s, N, w, lr, lo: warm(s, w, lr) if s < w else _cos_anneal(s, N, lr, lo)),
            "a cosine of the raw step (not step - warmup_steps)",
            "the cosine must start at base_lr right when the warmup ends; with the raw step it starts part-way "
            "down (a drop at step = warmup_steps).",
            "The cosine phase has its own clock: it starts at 0 when the warmup ends."),
        "warmup-cosine-decays-during-warmup": Variant(
            f(lambda s, N, w, lr, lo: (min(1.0, s / w) if w > 0 else 1.0) * _cos_anneal(s, N, lr, lo)),
            "a warmup factor times a cosine that runs from step 0 (it decays during the warmup too)",
            "the cosine must start at base_lr right when the warmup ends; running it during the warmup makes the "
            "rate drop at that moment.",
            "Two phases: the linear ramp while step < warmup_steps, then the cosine of the steps counted from "
            "the end of the warmup.", tag="warmup-cosine-not-shifted"),
        "warmup-cosine-raw-step": Variant(
            f(lambda s, N, w, lr, lo: warm(s, w, lr) if s < w else _cos_anneal(s, N - w, lr, lo)),
            "a cosine of the raw step over the shortened period total_steps - warmup_steps",
            "the cosine's t must count from the end of the warmup.",
            "After the warmup, the cosine's t is step minus warmup_steps.", tag="warmup-cosine-not-shifted"),
        "warmup-cosine-starts-at-one": Variant(
            f(lambda s, N, w, lr, lo: lr * (s + 1) / w if s < w else _cos_anneal(s - w, N - w, lr, lo)),
            "a warmup that starts at step 1 ((step + 1) / warmup_steps)",
            "steps count from 0: step 0 gets 0 and step warmup_steps gets base_lr.",
            "During the warmup the rate is the fraction step / warmup_steps of base_lr, step as given."),
        "warmup-cosine-ignores-min-lr": Variant(
            f(lambda s, N, w, lr, lo: warm(s, w, lr) if s < w else _cos_anneal(s - w, N - w, lr, 0.0)),
            "a cosine phase that ends at 0 instead of min_lr (min_lr not passed on)",
            "the cosine phase anneals from base_lr down to min_lr.",
            "Pass min_lr on to the cosine phase."),
        "warmup-cosine-not-clamped": Variant(
            f(lambda s, N, w, lr, lo: warm(s, w, lr) if s < w else _cos_anneal(s - w, N - w, lr, lo, clamp=False)),
            "a cosine that is NOT clamped after total_steps (it climbs back up)",
            "after total_steps the rate stays at min_lr.",
            "From total_steps on, the rate stays at min_lr."),
    }


def one_cycle_value(step, total, max_lr, pct=0.3, div=25.0, fdiv=1e4, *, peak_shift=1.0, end_shift=1.0,
                    linear=False, final_over=None, div_inverted=False, cos_form="half"):
    """``final_over`` (a, b): the final rate is max_lr / (div ** a * fdiv ** b) (None: PyTorch's, initial / fdiv)."""
    initial = max_lr * div if div_inverted else max_lr / div
    final = initial / fdiv if final_over is None else max_lr / (div ** final_over[0] * fdiv ** final_over[1])
    e1 = float(pct * total) - peak_shift
    e2 = total - end_shift
    if step <= e1:
        a, b, p = initial, max_lr, step / e1
    else:
        a, b, p = max_lr, final, (step - e1) / (e2 - e1)
    if linear:
        return a + (b - a) * p
    if cos_form == "plain":
        return b + (a - b) * math.cos(math.pi * p)
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
            "Steps count from 0: the first phase ENDS at step pct_start * total_steps minus one, and the run's "
            "last step is total_steps minus one."),
        "one-cycle-end-off-by-one": Variant(
            f(end_shift=0.0), "a one-cycle annealing that ends at total_steps instead of total_steps - 1",
            "the last step of the run is total_steps - 1 and must get the final rate.",
            "The run's last step is total_steps minus one (steps count from 0): the final rate belongs there."),
        "one-cycle-both-off-by-one": Variant(
            f(peak_shift=0.0, end_shift=0.0), "a one-cycle schedule with both phase ends one step late",
            "steps count from 0: the peak is at pct_start * total_steps - 1 and the end at total_steps - 1.",
            "Both phase ends are step indices counted from 0: one less than pct_start * total_steps and one "
            "less than total_steps."),
        "one-cycle-linear": Variant(
            f(linear=True), "a LINEAR one-cycle instead of PyTorch's cosine phases",
            "OneCycleLR's default anneal_strategy is 'cos': each phase follows half a cosine.",
            "Within each phase the rate moves from its start value to its end value along half a cosine of the "
            "phase's progress (0 to 1), as cosine annealing does."),
        "one-cycle-cosine-form": Variant(
            f(cos_form="plain"), "a one-cycle phase along cos(pi * pct) without the shift and halving",
            "cos(pi * pct) goes from 1 to -1, so the rate overshoots the phase's end value; the factor "
            "(1 + cos(pi * pct)) / 2 goes from 1 to 0.",
            "Within a phase the rate moves from its start to its end along (1 + cos(pi * pct)) / 2."),
        "one-cycle-div-factor-inverted": Variant(
            f(div_inverted=True), "a one-cycle start of max_lr * div_factor (far above max_lr)",
            "div_factor divides: the run starts at max_lr / div_factor, a small rate.",
            "The initial rate is max_lr divided by div_factor."),
        **{f"one-cycle-final-over-{name}": Variant(
            f(final_over=over), f"a one-cycle final rate of max_lr / {words}",
            "PyTorch's final rate is initial / final_div_factor = max_lr / (div_factor * final_div_factor).",
            "The final rate is the INITIAL rate (max_lr / div_factor) divided by final_div_factor.",
            tag="one-cycle-wrong-final") for name, over, words in FINAL_FAMILY},
        "one-cycle-three-phase": Variant(
            [one_cycle_three_phase(c["step"], c["total_steps"], c["max_lr"], c.get("pct_start", 0.3),
                                   c.get("div_factor", 25.0), c.get("final_div_factor", 1e4)) for c in calls],
            "torch's OneCycleLR with three_phase=True (up to max_lr, back down to the initial rate, then to the "
            "final rate)", "the course's one-cycle is OneCycleLR's default, two phases: up to max_lr, then down "
            "to the final rate in one cosine.",
            "Two phases: the rise ends at step pct_start * total_steps - 1, and the fall to the final rate ends at "
            "the run's last step.", tag="one-cycle-library-option"),
    }


def one_cycle_three_phase(step, total, max_lr, pct, div, fdiv):
    """torch's OneCycleLR(three_phase=True): phases end at pct * total - 1, 2 * pct * total - 2, total - 1."""
    initial = max_lr / div
    ends = [float(pct * total) - 1, float(2 * pct * total) - 2, total - 1]
    values = [initial, max_lr, initial, initial / fdiv]
    start = 0.0
    for k, end in enumerate(ends):
        if step <= end or k == 2:
            p = (step - start) / (end - start)
            return values[k + 1] + (values[k] - values[k + 1]) / 2.0 * (math.cos(math.pi * p) + 1)
        start = end


# the family "the end value is divided by the wrong things": max_lr / (div_factor^a * final_div_factor^b) for
# every small a, b but the right one (a = b = 1)
def _final_words(a, b):
    """max_lr / (div_factor^a * final_div_factor^b) in words, b = -1 written as a division by 1 / final_div_factor."""
    over = " * ".join([*(["div_factor"] * a), *(["final_div_factor"] * max(b, 0))]) or "1"
    return over if b >= 0 else f"({over} / final_div_factor)"


# b = -1: final_div_factor multiplies where it divides (the final rate far above the initial one)
FINAL_FAMILY = [(f"d{a}f{b}", (a, b), _final_words(a, b)) for a in range(3) for b in (-1, 0, 1) if (a, b) != (1, 1)]


def plateau_variant(metrics, lr, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0, *, keras=False,
                    absolute=False, no_threshold=False, no_floor=False, no_reset=False, equal_better=False,
                    no_reset_on_improvement=False, vs_previous=False, threshold_sign=1.0, best_after_cut=None,
                    best_frozen=False, mode_max=False, cut_to=None, cut_late=False, best_follows_min=False,
                    worse_only=False):
    """ReduceLROnPlateau with switches for the mistakes students make (all off = PyTorch's rules).
    ``mode_max``: PyTorch's mode='max' (better = above best * (1 + threshold), best starting at -inf);
    ``best_after_cut``: what best becomes after a cut ("inf": forgotten, "metric": the current one);
    ``best_frozen``: best is set once, by the first metric, and never improves;
    ``cut_to``: the fraction a cut leaves ("remainder": 1 - factor, the rate reduced BY factor * rate);
    ``cut_late``: every cut returned one call late (the rate a call returns is the one before its own cut);
    ``best_follows_min``: best is the lowest metric seen, lowered by a bad epoch too (only the count obeys the
    threshold);
    ``worse_only``: only an epoch WORSE than best (metric > best) counts as bad; an equal one, or one better by
    less than the threshold, neither counts nor resets (round 14)."""
    best, bad, out = -math.inf if mode_max else math.inf, 0, []
    factor = 1 - factor if cut_to == "remainder" else factor
    for m in metrics:
        shown = lr
        if mode_max:
            better = m > best * (1 + threshold)
        elif no_threshold:
            better = m < best
        elif absolute:
            better = m < best - threshold
        elif equal_better:
            better = m <= best * (1 - threshold)
        else:
            better = m < best * (1 - threshold_sign * threshold)
        if vs_previous:
            best = m                       # "best" kept as the last value
        if better:
            if not (best_frozen and best < math.inf):
                best = m
            if not no_reset_on_improvement:
                bad = 0
        elif worse_only and not m > best:
            pass                           # a flat epoch: neither better nor counted
        else:
            bad += 1
            if best_follows_min:
                best = min(best, m)
        if (bad >= patience) if keras else (bad > patience):
            new = lr * factor if no_floor else max(lr * factor, min_lr)
            if lr - new > 1e-8:
                lr = new
            if not no_reset:
                bad = 0
            if best_after_cut is not None:
                best = math.inf if best_after_cut == "inf" else m
        out.append(shown if cut_late else lr)
    return out


PLATEAU_MISTAKES = {
    "plateau-keras-patience": (dict(keras=True), "Keras-style patience (a cut on the patience-th bad epoch)",
                               "this course follows PyTorch: the rate is cut when the count of bad epochs EXCEEDS "
                               "patience, on the (patience + 1)-th bad epoch in a row.",
                               "patience is how many bad epochs are tolerated; the next one triggers the cut."),
    "plateau-absolute-threshold": (dict(absolute=True), "an ABSOLUTE threshold (metric < best - threshold)",
                                   "PyTorch's default threshold_mode is 'rel': an epoch is better only when the "
                                   "metric is below best times (1 - threshold).",
                                   "The threshold is a fraction of best, not an amount."),
    "plateau-no-threshold": (dict(no_threshold=True), "a plateau check without the threshold (metric < best)",
                             "a tiny improvement, smaller than threshold * best, must count as a bad epoch.",
                             "Better means below best by more than the relative threshold."),
    "plateau-no-min-lr": (dict(no_floor=True), "a reduction that ignores min_lr",
                          "the rate must never go below min_lr: a cut stops at the floor.",
                          "Cut to the larger of (rate times factor) and min_lr."),
    "plateau-counter-not-reset": (dict(no_reset=True), "a bad-epoch counter that is not reset after a cut",
                                  "after a reduction the count of bad epochs goes back to 0 and a fresh wait of "
                                  "patience + 1 bad epochs starts; without the reset the rate is cut every epoch.",
                                  "Start counting bad epochs again from 0 whenever the rate is cut."),
    "plateau-counter-not-reset-on-improvement": (
        dict(no_reset_on_improvement=True), "a bad-epoch counter that an improvement does not reset",
        "the count is of bad epochs IN A ROW: a better epoch sets it back to 0, so only a real plateau cuts.",
        "When an epoch improves on best, record it as the new best and start counting bad epochs from 0."),
    "plateau-threshold-sign": (
        dict(threshold_sign=-1.0), "a relative threshold with the wrong sign (metric < best * (1 + threshold))",
        "with 1 + threshold a slightly WORSE epoch still counts as an improvement, so the rate is hardly ever cut.",
        "Better means below best by more than the threshold: best times (1 - threshold)."),
    # a mechanism grown from round 14 (docs/graders.md, "Round 14 is burnt"): "no improvement" read as "got worse"
    "plateau-flat-epochs-not-counted": (
        dict(worse_only=True), "a bad epoch counted only when the metric got WORSE than best (metric > best)",
        "an epoch that is not better -- an equal metric, or one lower by less than the relative threshold -- is a "
        "bad epoch too; counting only the worse ones leaves a flat plateau, the case the scheduler is for, "
        "uncounted, and the rate is never cut there.",
        "Every epoch that is not better (below best times (1 - threshold)) adds one to the count: equal counts."),
    # the family "a library's option in place of the course's rule": the spec fixes mode 'min' (a loss)
    "plateau-library-option": (
        dict(mode_max=True), "ReduceLROnPlateau in mode 'max' (the setting for an accuracy: a RISING metric counts as "
        "the improvement)", "the course's ReduceLROnPlateau watches a loss, PyTorch's mode 'min': an epoch is better "
        "when the metric FALLS below best times (1 - threshold), so a falling loss must never count as a bad epoch.",
        "best is the LOWEST metric so far; better means lower by the relative threshold."),
    # the family "best kept wrongly": forgotten or replaced at a cut, never improved after the first epoch, or
    # lowered by a bad epoch too (a running minimum of the metrics; round 9)
    "plateau-best-reset": (
        dict(best_after_cut="inf"), "a best metric forgotten after every cut (reset to infinity)",
        "best is the lowest metric seen so far, through cuts too: forgetting it makes the next epoch count as an "
        "improvement whatever it is, so the wait before the next cut starts late.",
        "A cut changes the rate and the bad-epoch count, nothing else: keep best as it is."),
    "plateau-best-set-at-cut": (
        dict(best_after_cut="metric"), "a best metric replaced by the current (bad) metric at every cut",
        "the metric of a bad epoch is not an improvement: best stays the lowest metric seen so far.",
        "A cut changes the rate and the bad-epoch count, nothing else: keep best as it is."),
    "plateau-best-never-updated": (
        dict(best_frozen=True), "a best metric set by the first epoch and never updated",
        "every improvement becomes the new best; comparing with the first metric forever counts every epoch "
        "below it as better, however small the gain since.",
        "When an epoch is better than best, store its metric as the new best."),
    "plateau-best-tracks-any-decrease": (
        dict(best_follows_min=True), "a best metric lowered by every lower metric, also by one that was not better "
        "by the threshold", "an epoch lower than best but not by the relative threshold is a bad epoch and leaves "
        "best alone; when best follows it anyway, a loss that creeps down slowly drags best along, and a later real "
        "improvement is measured from the crept value and counted as bad too.",
        "Only a better epoch (below best times (1 - threshold)) becomes the new best; any other epoch only adds one "
        "to the count."),
    # mechanisms grown from round 8 (docs/graders.md, "Round 8 is burnt"): how much a cut leaves, and when it shows
    "plateau-reduces-by-factor": (
        dict(cut_to="remainder"), "a cut that leaves (1 - factor) of the rate (the rate reduced BY factor times "
        "itself)", "factor is what the rate is MULTIPLIED by at a cut (0.1 leaves a tenth of it); taking factor * "
        "rate away leaves (1 - factor) of it, the same only for factor = 0.5.",
        "At a cut the new rate is factor times the old one (never below min_lr)."),
    "plateau-cut-one-epoch-late": (
        dict(cut_late=True), "every cut returned one call late",
        "the call whose metric brings the count of bad epochs past patience already returns the cut rate; yours "
        "returns the old rate at that call and the cut one from the next call on.",
        "In each call: count this call's metric first, then test the count against patience and cut, then return "
        "the rate as it is after that."),
    "plateau-compares-previous": (
        dict(vs_previous=True), "a comparison with the PREVIOUS epoch's metric instead of the best one",
        "an epoch is better only when it beats the best metric seen so far; a bounce back up after a bad epoch "
        "is not progress.",
        "Keep the best (lowest) metric so far and compare every new metric with it."),
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
