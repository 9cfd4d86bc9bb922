"""Week 3's public checks, declared once (how: autograder/kit/declare.py).

Each becomes the ``@visible`` grader test of the same name in its ``test_<problem>.py`` and, through
``autograder generate``, a check in the released ``public_checks/``. In teaching order. The rules are the
hidden tests' own (week3_support.schedule_rule, test_plateau.plateau_rule, test_range_test's run_rule and
lrs_rule), judged by autograder/kit/judge.py; the test modules import this file, so what comes from them is
imported when a record is built.
"""
from week3_support import (cosine_variants, exponential_variants, one_cycle_variants, schedule_rule,
                           step_decay_variants, warmup_cosine_helpers, warmup_cosine_variants, warmup_variants)

from autograder.kit.declare import Call, Check, From, public_tests, rule


def schedule(fn, calls, variants, **extra):
    """``fn(**kw)`` for every kw in ``calls`` against the reference's values; ``variants``: the mistakes students
    write (week3_support), named when the values match one everywhere."""
    return lambda ref: [schedule_rule(fn, calls, ref(0), variants(calls), **extra)]


def schedule_check(test, fn, calls, name, points, variants, hint_module, *, helpers=(), **extra):
    return Check(test=test, task=fn, name=name, points=points,
                 calls=[Call("schedule_values", fn=fn, calls=calls), *helpers],
                 rules=schedule(fn, calls, variants, **extra), hint=From(hint_module, "HINT"))


STEP_DECAY = [{"epoch": e, "initial_lr": 0.1} for e in range(36)]
EXPONENTIAL = [{"epoch": e, "initial_lr": 0.1, "k": 0.1} for e in range(21)]
COSINE = [{"t": t, "T": 20, "lr_max": 0.1} for t in range(21)]
WARMUP = [{"step": s, "warmup_steps": 10, "base_lr": 0.1} for s in range(16)]
WARMUP_COSINE = [{"step": s, "total_steps": 100, "warmup_steps": 10, "base_lr": 0.1} for s in range(0, 101, 5)]
ONE_CYCLE = [{"step": s, "total_steps": 100, "max_lr": 1.0} for s in (0, 29, 99)]
PLATEAU_RUNS = [({"lr": 1.0, "factor": 0.5, "patience": 2}, [5.0, 4.0, 4.0, 4.0, 4.0]),
                ({"lr": 0.1}, [1.0] * 8)]
RANGE_RUNS = [{"lr_min": 1e-5, "lr_max": 10.0, "n_steps": 25}, {}]


def _plateau(ref):
    from test_plateau import plateau_rule
    return [plateau_rule(PLATEAU_RUNS, [ref(k) for k in range(len(PLATEAU_RUNS))], "a flat metric")]


def _range_test(ref):
    """test_range_test.py's judgement of a run that never blows up: the record, all n_steps steps, the rates'
    spacing, the callback's own losses passed through."""
    from test_range_test import STOP_HINT, lrs_rule, run_rule
    rules = []
    for i, kwargs in enumerate(RANGE_RUNS):
        n = kwargs.get("n_steps", 100)
        what = f"lr_range_test(..., {', '.join(f'{k}={v!r}' for k, v in kwargs.items()) or 'defaults'})"
        rules += [
            run_rule(what, call=i),
            rule("length", call=i, path=["lrs"], n=n, hint=STOP_HINT,
                 message=what + " on a loss that never blows up should take all {n} steps, but it took {got}.",
                 expected=ref(i)["lrs"], figure_title=f"{what}: the learning rate at each step",
                 ylabel="learning rate", log_y=True),
            lrs_rule(ref(i)["lrs"], kwargs, what, call=i),
            # exact: the losses are the callback's own numbers, passed through
            rule("close", call=i, path=["losses"], what=f"the losses returned by {what}", expected=[ref(i)["losses"]],
                 rtol=0.0, atol=0.0, hint="Return the losses exactly as loss_after_step returned them."),
        ]
    return rules


_WC_HELPERS, _WC_OWN = warmup_cosine_helpers(WARMUP_COSINE, 4)

CHECKS = [
    schedule_check("test_step_decay_defaults", "step_decay", STEP_DECAY,
                   "Step decay with the defaults keeps the rate for 10 epochs, then halves it (epochs 0-35)",
                   4,   # 4: the staircase with the default drop and interval, the boundaries epochs_drop - 1 / epochs_drop
                   step_decay_variants, "test_step_decay"),
    schedule_check("test_exponential_decay_values", "exponential_decay", EXPONENTIAL,
                   "Exponential decay follows initial_lr * exp(-k * epoch) (k = 0.1, epochs 0-20)",
                   3,   # 3: the formula on one setting, epochs 0-20
                   exponential_variants, "test_exponential_decay"),
    schedule_check("test_cosine_values", "cosine_annealing", COSINE,
                   "Cosine annealing goes from lr_max at t = 0 to 0 at t = T along half a cosine (T = 20)",
                   4,   # 4: the cosine itself over 0 <= t <= T with lr_min = 0
                   cosine_variants, "test_cosine"),
    schedule_check("test_warmup_values", "linear_warmup", WARMUP,
                   "Linear warmup climbs from 0 at step 0 to base_lr at step warmup_steps, then stays (10 steps)",
                   4,   # 4: the ramp and the plateau for one setting
                   warmup_variants, "test_warmup"),
    schedule_check("test_warmup_cosine_values", "warmup_cosine", WARMUP_COSINE,
                   "Warmup + cosine over 100 steps with 10 of warmup, every 5th step",
                   4,   # 4: the whole schedule for the docstring's setting
                   warmup_cosine_variants, "test_warmup_cosine", helpers=_WC_HELPERS, own_helpers=_WC_OWN),
    schedule_check("test_one_cycle_landmarks", "one_cycle", ONE_CYCLE,
                   "One-cycle starts at max_lr / 25, peaks at max_lr on step 29 and ends at max_lr / 250000 "
                   "(100 steps)",
                   4,   # 4: the landmarks a student checks first: start, peak, end
                   one_cycle_variants, "test_one_cycle"),
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
