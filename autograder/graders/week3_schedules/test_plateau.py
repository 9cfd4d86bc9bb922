"""ReduceLROnPlateau (PyTorch semantics: mode min, relative threshold, no cooldown)."""
import numpy as np
from week3_support import TOL, plateau_variants, variant_list

from autograder.grading import points
from autograder.kit.declare import Call, judge_student, rule
from public import public_test

HINT = ("Each call compares the metric with the BEST one so far: better means lower by more than the relative "
        "threshold (below best times (1 - threshold)). A better epoch becomes the new best and resets the count of "
        "bad epochs in a row; any other epoch adds one. When the count exceeds patience, the rate is cut by factor "
        "(never below min_lr) and the count starts again from 0.")


def plateau_rule(runs, want, title: str) -> dict:
    """The judge's rule ``plateau`` (autograder/kit/judge.py) for ``runs`` (list of (kwargs, metrics); call k
    is run k) against the reference's rates ``want``: TOL and the named mistakes from week3_support."""
    return rule("plateau", call=0, runs=[{"kwargs": kw, "metrics": m} for kw, m in runs], title=title, **TOL,
                expected=[[float(v) for v in w] for w in want], variants=variant_list(plateau_variants(runs)),
                min_lr=0.0)    # the contract's default min_lr (a run without one)


def run(student, reference, runs, title):
    """``runs``: list of (kwargs, metrics). One probe per run; all rates compared together."""
    calls = [Call("plateau_run", kwargs=kwargs, metrics=metrics) for kwargs, metrics in runs]
    want = [reference.probe(c.probe, **c.inputs) for c in calls]
    judge_student(student, calls, {"rules": [plateau_rule(runs, want, title)], "hint": HINT})


test_plateau_first_cut = public_test("test_plateau_first_cut")


@points(4)   # 4: counting bad epochs, the reset after a cut and after an improvement, patience 0/1/3
def test_plateau_patience_counting(student, reference):
    """ReduceLROnPlateau counts bad epochs, resets after a cut and after an improvement (patience 0, 1, 3)"""
    runs = [({"lr": 1.0, "factor": 0.5, "patience": 0}, [3.0, 3.0, 2.0, 2.0, 2.0, 1.0, 1.5]),
            ({"lr": 1.0, "factor": 0.1, "patience": 1}, [3.0, 3.0, 3.0, 2.0, 2.5, 2.5, 2.5, 2.5, 2.5, 1.0]),
            ({"lr": 0.2, "factor": 0.5, "patience": 3},
             [2.0, 2.0, 2.0, 2.0, 1.9, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0])]
    run(student, reference, runs, "exact plateaus")


@points(3)   # 3: improvements smaller than the RELATIVE threshold do not count
def test_plateau_relative_threshold(student, reference):
    """ReduceLROnPlateau ignores improvements smaller than threshold * best (relative threshold)"""
    # metric ~10, threshold 1e-2: an improvement needs a drop of more than 0.1 below the best. Drops of 0.021
    # per epoch count as improvements only every 5th epoch (relative), but every epoch with an absolute
    # threshold (0.021 > 0.01) or none; then drops of 0.002 are bad epochs for both thresholds (< 0.01)
    # but improvements without a threshold. The three rules give three different rate sequences.
    metrics = [10.0 - 0.021 * i for i in range(9)]
    metrics += [metrics[-1] - 0.002 * (i + 1) for i in range(7)]
    # A rise, then a creep down by 0.02 per epoch (bad epochs: best stays 10, so better means below 9.9), then
    # 9.85, a real improvement on 10. A best that follows every lower metric would have crept to 9.94 and need
    # below 9.84: 9.85 would be bad and the cut come 5 epochs early (round 9). The rise keeps this apart from
    # mode 'max', which the first run cannot (there both count every epoch bad).
    creep = [10.0, 11.0, 9.98, 9.96, 9.94, 9.85, 9.9, 9.9, 9.9, 9.9, 9.9, 9.8, 9.8]
    run(student, reference, [({"lr": 0.1, "factor": 0.5, "patience": 2, "threshold": 1e-2}, metrics),
                             ({"lr": 0.1, "factor": 0.5, "patience": 4, "threshold": 1e-2}, creep)],
        "slow improvements")


@points(3)   # 3: the min_lr floor (reached exactly, then never crossed)
def test_plateau_min_lr(student, reference):
    """ReduceLROnPlateau never goes below min_lr"""
    run(student, reference, [({"lr": 1.0, "factor": 0.5, "patience": 1, "min_lr": 0.2}, [1.0] * 16),
                             ({"lr": 0.05, "factor": 0.1, "patience": 0, "min_lr": 1e-4}, [2.0] * 8)],
        "a long plateau")


@points(3)   # 3: noisy, realistic validation curves (seeded)
def test_plateau_noisy_curves(student, reference):
    """ReduceLROnPlateau on seeded noisy validation-loss curves"""
    rng = np.random.default_rng(3)
    runs = []
    for patience, factor in ((2, 0.5), (5, 0.3), (1, 0.8)):
        epochs = np.arange(60)
        curve = 0.3 + 2.0 * np.exp(-epochs / 8.0) + 0.02 * rng.standard_normal(60)
        runs.append(({"lr": 0.1, "factor": factor, "patience": patience, "threshold": 1e-3, "min_lr": 1e-4},
                     [float(m) for m in curve]))
    run(student, reference, runs, "a noisy validation loss")

