"""Week 3's public checks, declared once (how: autograder/kit/declare.py).

Each becomes the ``@visible`` grader test of the same name in its ``test_<problem>.py`` and, through
``autograder generate``, a check in the released ``public_checks/``. In teaching order.
"""
from week3_support import TOL, cosine_variants, exponential_variants, one_cycle_variants, plateau_variants, \
    step_decay_variants, warmup_cosine_variants, warmup_variants

from autograder.kit.declare import Call, Check, From, named, public_tests, rule


def fmt_call(kw: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kw.items())


# Released hints must teach, not hand out a solution line (autograder/leaks.py): where the graders' own hint
# for a mistake spells out a line of the reference, the public check says it in words instead.
HINTS = {
    "one-cycle-peak-off-by-one": "Steps count from 0: PyTorch's first phase ends one step before "
                                 "pct_start * total_steps (for 100 steps the peak is step 29), the run at step "
                                 "total_steps - 1.",
    "one-cycle-end-off-by-one": "Steps count from 0: the last step of the run, total_steps - 1, gets the final rate.",
    "one-cycle-both-off-by-one": "Steps count from 0: the peak comes one step before pct_start * total_steps and "
                                 "the final rate at the last step, total_steps - 1.",
    "plateau-counter-not-reset": "After every cut, count the bad epochs from zero again.",
}
ONE_CYCLE_HINT = ("Two cosine phases, as PyTorch's OneCycleLR: up from max_lr / div_factor to max_lr, the peak one "
                  "step before pct_start * total_steps; then down to the starting rate divided by final_div_factor "
                  "at the last step.")


def schedule(fn, calls, variants, x, xlabel, **extra):
    """``fn(**kw)`` for every kw in ``calls``, against the reference's values; ``variants`` are the mistakes
    students write (week3_support), named when the values match one everywhere. Tolerance: TOL in
    week3_support (a few ulps of float work vs >= 2.6e-3 relative for the nearest mistake)."""
    def rules(ref):
        return [rule("close", call=0, what=f"the values of {fn}", expected=[ref(0)], **TOL,
                     labels=[f"{fn}({fmt_call(kw)})" for kw in calls], count_bad=True,
                     detail="{label} should be {want}, but your function returned {got}",
                     message="{detail}{count}.", mistakes=named(variants(calls), HINTS),
                     figure={"title": f"{fn}: your values and the expected ones", "xlabel": xlabel,
                             "ylabel": "learning rate", "x": [float(t) for t in x], "log_y": False}, **extra)]
    return rules


STEP_DECAY = [{"epoch": e, "initial_lr": 0.1} for e in range(36)]
EXPONENTIAL = [{"epoch": e, "initial_lr": 0.1, "k": 0.1} for e in range(21)]
COSINE = [{"t": t, "T": 20, "lr_max": 0.1} for t in range(21)]
WARMUP = [{"step": s, "warmup_steps": 10, "base_lr": 0.1} for s in range(16)]
WARMUP_COSINE_STEPS = list(range(0, 101, 5))
WARMUP_COSINE = [{"step": s, "total_steps": 100, "warmup_steps": 10, "base_lr": 0.1} for s in WARMUP_COSINE_STEPS]
ONE_CYCLE = [{"step": s, "total_steps": 100, "max_lr": 1.0} for s in (0, 29, 99)]
PLATEAU_RUNS = [({"lr": 1.0, "factor": 0.5, "patience": 2}, [5.0, 4.0, 4.0, 4.0, 4.0]),
                ({"lr": 0.1}, [1.0] * 8)]


def _own_warmup_cosine(calls, points):
    """warmup_cosine checked against the student's own helpers too (test_warmup_cosine.py: error carried
    forward): the calls that rebuild it from linear_warmup and cosine_annealing, and how to stitch them."""
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


def _plateau(ref):
    labels = []
    for kwargs, metrics in PLATEAU_RUNS:
        for e in range(len(metrics)):
            shown = ", ".join(f"{m:.6g}" for m in metrics[:e + 1][-12:])
            labels.append(f"ReduceLROnPlateau({fmt_call(kwargs)}): after the metrics {'..., ' if e + 1 > 12 else ''}"
                          f"{shown} (call {e + 1})")
    n = sum(len(m) for _, m in PLATEAU_RUNS)
    return [rule("close", call=[0, 1], what="the rates returned by step()", expected=[ref(0) + ref(1)], **TOL,
                 labels=labels, detail="{label}, step() should return {want}, but yours returned {got}",
                 message="{detail}.", mistakes=named(plateau_variants(PLATEAU_RUNS), HINTS),
                 figure={"title": "a flat metric (both runs, one after the other)", "xlabel": "call to step()",
                         "ylabel": "learning rate", "x": list(range(1, n + 1)), "log_y": True})]


RANGE_RUNS = [{"lr_min": 1e-5, "lr_max": 10.0, "n_steps": 25}, {}]


def _range_test(ref):
    from test_range_test import RTOL, ATOL, SPACING_HINT, STOP_HINT, spacing_variants
    rules = []
    for i, kwargs in enumerate(RANGE_RUNS):
        lr_min, lr_max, n = kwargs.get("lr_min", 1e-6), kwargs.get("lr_max", 1.0), kwargs.get("n_steps", 100)
        what = f"lr_range_test(..., {fmt_call(kwargs) or 'defaults'})"
        rules += [
            rule("length", call=i, path=["losses"], n_ref={"call": i, "path": ["lrs"]},
                 message="lrs and losses should have the same length, but they have {n} and {got} (" + what + ").",
                 hint="Append one learning rate and one loss at every step."),
            rule("equal", call=i, path=["lrs"], expected_ref={"call": i, "path": ["called"]},
                 message="lrs should be exactly the learning rates passed to loss_after_step, in order (" + what
                         + "); your function returned {got_len} rates for {want_len} calls.",
                 hint="Call loss_after_step(lr) once per rate and record that lr and the loss it returns."),
            rule("length", call=i, path=["lrs"], n=n, hint=STOP_HINT,
                 message=what + " on a loss that never blows up should take all {n} steps, but it took {got}."),
            # RTOL, ATOL: test_range_test.py (one power per step vs >= 4 % for the nearest wrong spacing)
            rule("close", call=i, path=["lrs"], what=what, expected=[ref(i)["lrs"]], rtol=RTOL, atol=ATOL,
                 labels=[f"lrs[{j}]" for j in range(n)], detail="{what}: {label} should be {want}, got {got}",
                 message="{detail} (expected lr_min = " + f"{lr_min:g} at step 0 and lr_max = {lr_max:g} at step "
                         "n_steps - 1).", hint=SPACING_HINT,
                 mistakes=[{"tag": tag, "words": f"{words}: {explain}", "values": list(values), "hint": SPACING_HINT}
                           for tag, (values, words, explain) in spacing_variants(lr_min, lr_max, n).items()],
                 figure={"title": "learning rates of the range test", "xlabel": "step", "ylabel": "learning rate",
                         "x": list(range(n)), "log_y": True}),
            # exact: the losses are the callback's own numbers, passed through
            rule("close", call=i, path=["losses"], what=f"the losses returned by {what}", expected=[ref(i)["losses"]],
                 rtol=0.0, atol=0.0, hint="Return the losses exactly as loss_after_step returned them."),
        ]
    return rules


_WC_HELPERS, _WC_OWN = _own_warmup_cosine(WARMUP_COSINE, 4)

CHECKS = [
    Check(test="test_step_decay_defaults", task="step_decay",
          name="Step decay with the defaults keeps the rate for 10 epochs, then halves it (epochs 0-35)",
          points=4,   # 4: the staircase with the default drop and interval, the boundaries epochs_drop - 1 / epochs_drop
          calls=[Call("schedule_values", fn="step_decay", calls=STEP_DECAY)],
          rules=schedule("step_decay", STEP_DECAY, step_decay_variants, [c["epoch"] for c in STEP_DECAY], "epoch"),
          hint=From("test_step_decay", "HINT")),
    Check(test="test_exponential_decay_values", task="exponential_decay",
          name="Exponential decay follows initial_lr * exp(-k * epoch) (k = 0.1, epochs 0-20)",
          points=3,   # 3: the formula on one setting, epochs 0-20
          calls=[Call("schedule_values", fn="exponential_decay", calls=EXPONENTIAL)],
          rules=schedule("exponential_decay", EXPONENTIAL, exponential_variants, [c["epoch"] for c in EXPONENTIAL],
                         "epoch"),
          hint=From("test_exponential_decay", "HINT")),
    Check(test="test_cosine_values", task="cosine_annealing",
          name="Cosine annealing goes from lr_max at t = 0 to 0 at t = T along half a cosine (T = 20)",
          points=4,   # 4: the cosine itself over 0 <= t <= T with lr_min = 0
          calls=[Call("schedule_values", fn="cosine_annealing", calls=COSINE)],
          rules=schedule("cosine_annealing", COSINE, cosine_variants, list(range(21)), "t"),
          hint=From("test_cosine", "HINT")),
    Check(test="test_warmup_values", task="linear_warmup",
          name="Linear warmup climbs from 0 at step 0 to base_lr at step warmup_steps, then stays (10 steps)",
          points=4,   # 4: the ramp and the plateau for one setting
          calls=[Call("schedule_values", fn="linear_warmup", calls=WARMUP)],
          rules=schedule("linear_warmup", WARMUP, warmup_variants, list(range(16)), "step"),
          hint=From("test_warmup", "HINT")),
    Check(test="test_warmup_cosine_values", task="warmup_cosine",
          name="Warmup + cosine over 100 steps with 10 of warmup, every 5th step",
          points=4,   # 4: the whole schedule for the docstring's setting
          calls=[Call("schedule_values", fn="warmup_cosine", calls=WARMUP_COSINE), *_WC_HELPERS],
          rules=schedule("warmup_cosine", WARMUP_COSINE, warmup_cosine_variants, WARMUP_COSINE_STEPS, "step",
                         own_helpers=_WC_OWN),
          hint=From("test_warmup_cosine", "HINT")),
    Check(test="test_one_cycle_landmarks", task="one_cycle",
          name="One-cycle starts at max_lr / 25, peaks at max_lr on step 29 and ends at max_lr / 250000 (100 steps)",
          points=4,   # 4: the landmarks a student checks first: start, peak, end
          calls=[Call("schedule_values", fn="one_cycle", calls=ONE_CYCLE)],
          rules=schedule("one_cycle", ONE_CYCLE, one_cycle_variants, [0, 29, 99], "step"),
          hint=ONE_CYCLE_HINT),
    Check(test="test_plateau_first_cut", task="ReduceLROnPlateau.step",
          name="ReduceLROnPlateau cuts the rate on the (patience + 1)-th bad epoch in a row",
          points=3,   # 3: the docstring's example and a long flat run: when the first cut happens
          calls=[Call("plateau_run", kwargs=kw, metrics=m) for kw, m in PLATEAU_RUNS],
          rules=_plateau, hint=From("test_plateau", "HINT")),
    Check(test="test_range_test_spacing", task="lr_range_test",
          name="lr_range_test spaces the rates exponentially from lr_min to lr_max (no early stop)",
          points=3,   # 3: exponential spacing from lr_min to lr_max when nothing blows up
          calls=[Call("range_test", callback="sequence", kwargs=kw,
                      losses=[2.0 - 0.01 * i for i in range(kw.get("n_steps", 100))]) for kw in RANGE_RUNS],
          rules=_range_test, hint=From("test_range_test", "SPACING_HINT")),
]

public_test = public_tests(CHECKS)
