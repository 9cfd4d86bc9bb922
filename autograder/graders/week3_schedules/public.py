"""Week 3's public checks, declared once (how: autograder/kit/declare.py).

Each becomes the ``@visible`` grader test of the same name in its ``test_<problem>.py`` and, through
``autograder generate``, a check in the released ``public_checks/``. In teaching order. The rules are the
hidden tests' own (week3_support.schedule_rule, test_plateau.plateau_rule, test_range_test's run_rule and
lrs_rule), judged by autograder/kit/judge.py; the test modules import this file, so what comes from them is
imported when a record is built.
"""
from week3_support import (cosine_variants, exponential_variants, one_cycle_variants, schedule_rule,
                           step_decay_variants, warmup_cosine_helpers, warmup_cosine_variants, warmup_variants)

from autograder.kit.declare import Call, Check, From, Twin, public_tests, rule


def schedule(fn, calls, variants, **extra):
    """``fn(**kw)`` for every kw in ``calls`` against the reference's values; ``variants``: the mistakes students
    write (week3_support), named when the values match one everywhere."""
    return lambda ref: [schedule_rule(fn, calls, ref(0), variants(calls), **extra)]


def schedule_check(test, fn, calls, name, points, variants, hint_module, *, twin, helpers=None):
    """The check on ``calls``; its hidden twin on ``twin`` = (other calls, why they are the same regime).
    ``helpers(calls)``: the extra calls and ``own_helpers`` of a schedule built from the student's own helpers."""
    def made(calls):
        more, own = helpers(calls, points) if helpers else ([], None)
        extra = {"own_helpers": own} if helpers else {}
        return [Call("schedule_values", fn=fn, calls=calls), *more], schedule(fn, calls, variants, **extra)
    twin_calls, why = twin
    return Check(test=test, task=fn, name=name, points=points, hint=From(hint_module, "HINT"),
                 **dict(zip(("calls", "rules"), made(calls))), twin=Twin(*made(twin_calls), why=why))


STEP_DECAY = [{"epoch": e, "initial_lr": 0.1} for e in range(36)]
EXPONENTIAL = [{"epoch": e, "initial_lr": 0.1, "k": 0.1} for e in range(21)]
COSINE = [{"t": t, "T": 20, "lr_max": 0.1} for t in range(21)]
WARMUP = [{"step": s, "warmup_steps": 10, "base_lr": 0.1} for s in range(16)]
WARMUP_COSINE = [{"step": s, "total_steps": 100, "warmup_steps": 10, "base_lr": 0.1} for s in range(0, 101, 5)]
ONE_CYCLE = [{"step": s, "total_steps": 100, "max_lr": 1.0} for s in (0, 29, 99)]
# the hidden twins (declare.Twin): the same schedule on other rates, lengths and settings, never released
STEP_DECAY_TWIN = [{"epoch": e, "initial_lr": 0.07} for e in range(46)]
EXPONENTIAL_TWIN = [{"epoch": e, "initial_lr": 0.05, "k": 0.25} for e in range(17)]
COSINE_TWIN = [{"t": t, "T": 30, "lr_max": 0.3} for t in range(31)]
WARMUP_TWIN = [{"step": s, "warmup_steps": 6, "base_lr": 0.25} for s in range(10)]
WARMUP_COSINE_TWIN = [{"step": s, "total_steps": 60, "warmup_steps": 8, "base_lr": 0.3} for s in range(0, 61, 4)]
ONE_CYCLE_TWIN = [{"step": s, "total_steps": 50, "max_lr": 0.6} for s in (0, 14, 49)]
PLATEAU_RUNS = [({"lr": 1.0, "factor": 0.5, "patience": 2}, [5.0, 4.0, 4.0, 4.0, 4.0]),
                ({"lr": 0.1}, [1.0] * 8)]
# twin: another factor and patience (4 bad epochs in a row, cut on the last), and the defaults on a longer flat run
PLATEAU_TWIN = [({"lr": 0.5, "factor": 0.2, "patience": 3}, [3.0, 2.5, 2.5, 2.5, 2.5, 2.5]),
                ({"lr": 0.02}, [2.0] * 9)]
RANGE_RUNS = [{"lr_min": 1e-5, "lr_max": 10.0, "n_steps": 25}, {}]
# twin: another range and length, and the default range over 40 steps (the released default run's rates are
# released), on the callback's other falling losses (never a blow-up)
RANGE_TWIN = [{"lr_min": 1e-4, "lr_max": 1.0, "n_steps": 17}, {"n_steps": 40}]


def plateau_calls(runs):
    return [Call("plateau_run", kwargs=kw, metrics=m) for kw, m in runs]


def plateau_rules(runs):
    def rules(ref):
        from test_plateau import plateau_rule
        return [plateau_rule(runs, [ref(k) for k in range(len(runs))], "a flat metric")]
    return rules


def range_calls(runs, start=2.0, slope=0.01):
    """The callback returns the falling losses start - slope * i: the run never blows up."""
    return [Call("range_test", callback="sequence", kwargs=kw,
                 losses=[start - slope * i for i in range(kw.get("n_steps", 100))]) for kw in runs]


def range_rules(runs):
    return lambda ref: _range_test(ref, runs)


def _range_test(ref, runs):
    """test_range_test.py's judgement of a run that never blows up: the record, all n_steps steps, the rates'
    spacing, the callback's own losses passed through."""
    from test_range_test import STOP_HINT, lrs_rule, run_rule
    rules = []
    for i, kwargs in enumerate(runs):
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


CHECKS = [
    schedule_check("test_step_decay_defaults", "step_decay", STEP_DECAY,
                   "Step decay with the defaults keeps the rate for 10 epochs, then halves it (epochs 0-35)",
                   4,   # 4: the staircase with the default drop and interval, the boundaries epochs_drop - 1 / epochs_drop
                   step_decay_variants, "test_step_decay",
                   twin=(STEP_DECAY_TWIN, "another initial_lr, epochs 0-45: four drops, each boundary on both sides")),
    schedule_check("test_exponential_decay_values", "exponential_decay", EXPONENTIAL,
                   "Exponential decay follows initial_lr * exp(-k * epoch) (k = 0.1, epochs 0-20)",
                   3,   # 3: the formula on one setting, epochs 0-20
                   exponential_variants, "test_exponential_decay",
                   twin=(EXPONENTIAL_TWIN, "another initial_lr and k, epochs 0-16: the same formula, down to e^-4")),
    schedule_check("test_cosine_values", "cosine_annealing", COSINE,
                   "Cosine annealing goes from lr_max at t = 0 to 0 at t = T along half a cosine (T = 20)",
                   4,   # 4: the cosine itself over 0 <= t <= T with lr_min = 0
                   cosine_variants, "test_cosine",
                   twin=(COSINE_TWIN, "another T and lr_max, lr_min = 0 still, every t from 0 to T")),
    schedule_check("test_warmup_values", "linear_warmup", WARMUP,
                   "Linear warmup climbs from 0 at step 0 to base_lr at step warmup_steps, then stays (10 steps)",
                   4,   # 4: the ramp and the plateau for one setting
                   warmup_variants, "test_warmup",
                   twin=(WARMUP_TWIN, "another warmup_steps and base_lr: the ramp, its end and the plateau")),
    schedule_check("test_warmup_cosine_values", "warmup_cosine", WARMUP_COSINE,
                   "Warmup + cosine over 100 steps with 10 of warmup, every 5th step",
                   4,   # 4: the whole schedule for the docstring's setting
                   warmup_cosine_variants, "test_warmup_cosine", helpers=warmup_cosine_helpers,
                   twin=(WARMUP_COSINE_TWIN, "60 steps, 8 of warmup, another base_lr, every 4th step (the boundary "
                                             "step 8 included)")),
    schedule_check("test_one_cycle_landmarks", "one_cycle", ONE_CYCLE,
                   "One-cycle starts at max_lr / 25, peaks at max_lr on step 29 and ends at max_lr / 250000 "
                   "(100 steps)",
                   4,   # 4: the landmarks a student checks first: start, peak, end
                   one_cycle_variants, "test_one_cycle",
                   twin=(ONE_CYCLE_TWIN, "50 steps, another max_lr: start, the peak at 0.3 * 50 - 1 = 14 (a whole "
                                         "step, as 29 is), end")),
    Check(test="test_plateau_first_cut", task="ReduceLROnPlateau.step",
          name="ReduceLROnPlateau cuts the rate on the (patience + 1)-th bad epoch in a row",
          points=3,   # 3: the docstring's example and a long flat run: when the first cut happens
          calls=plateau_calls(PLATEAU_RUNS), rules=plateau_rules(PLATEAU_RUNS), hint=From("test_plateau", "HINT"),
          twin=Twin(plateau_calls(PLATEAU_TWIN), plateau_rules(PLATEAU_TWIN),
                    why="another factor and patience, and the defaults on a longer flat run")),
    Check(test="test_range_test_spacing", task="lr_range_test",
          name="lr_range_test spaces the rates exponentially from lr_min to lr_max (no early stop)",
          points=3,   # 3: exponential spacing from lr_min to lr_max when nothing blows up
          calls=range_calls(RANGE_RUNS), rules=range_rules(RANGE_RUNS), hint=From("test_range_test", "SPACING_HINT"),
          twin=Twin(range_calls(RANGE_TWIN, start=3.0, slope=0.02), range_rules(RANGE_TWIN),
                    why="another range and length, the default range over 40 steps: no blow-up")),
]

public_test = public_tests(CHECKS)
