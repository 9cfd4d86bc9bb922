"""Warmup + cosine: linear warmup, then cosine annealing over the remaining steps."""
import numpy as np
from week3_support import TOL, judge_schedule, warmup_cosine_variants

from autograder.grading import GradeFailure, points, visible

HINT = ("Two phases glued together: the linear warmup while step < warmup_steps, then a cosine annealing from "
        "base_lr to min_lr with its own clock -- t counts the steps since the warmup ended, over the "
        "total_steps - warmup_steps steps that remain (and min_lr after that). Your own linear_warmup and "
        "cosine_annealing can do both phases.")


def composed(student, calls):
    """warmup_cosine built from the student's OWN linear_warmup and cosine_annealing, or None if they fail."""
    warm = [dict(step=c["step"], warmup_steps=c["warmup_steps"], base_lr=c["base_lr"])
            for c in calls if c["step"] < c["warmup_steps"]]
    cos = [dict(t=c["step"] - c["warmup_steps"], T=c["total_steps"] - c["warmup_steps"], lr_max=c["base_lr"],
                lr_min=c.get("min_lr", 0.0)) for c in calls if c["step"] >= c["warmup_steps"]]
    try:
        w = iter(student.probe("schedule_values", fn="linear_warmup", calls=warm) if warm else [])
        k = iter(student.probe("schedule_values", fn="cosine_annealing", calls=cos) if cos else [])
        return [next(w) if c["step"] < c["warmup_steps"] else next(k) for c in calls]
    except Exception:     # noqa: BLE001 -- the student's helpers fail: judge warmup_cosine on its own
        return None


def run(student, reference, calls, points_here):
    try:
        judge_schedule(student, reference, "warmup_cosine", calls, warmup_cosine_variants(calls), HINT)
    except GradeFailure as failure:
        own = composed(student, calls)
        values = np.asarray(student.probe("schedule_values", fn="warmup_cosine", calls=calls), dtype=float)
        want = reference.probe("schedule_values", fn="warmup_cosine", calls=calls)
        if own is None or not np.all(np.isfinite(values)) or not np.allclose(values, own, **TOL):
            raise
        # error carried forward, but only for real work: helpers that return (nearly) constants do not count
        if len(np.unique(values.round(12))) < len(np.unique(np.asarray(want, dtype=float).round(12))) / 2:
            raise
        # Right composition of the student's own (wrong) pieces: the mistake is graded where it lives.
        raise GradeFailure(
            "Your warmup_cosine puts warmup and cosine together correctly: its values equal your own linear_warmup "
            "and cosine_annealing at (step, warmup_steps) and (step - warmup_steps, total_steps - warmup_steps). "
            "They differ from the expected values only because one of those functions has a mistake (see its "
            "tests), so no points are taken here. For the record: " + failure.message,
            tags=["follows-own-helpers"], hint="Fix linear_warmup / cosine_annealing; this one will follow.",
            figure=failure.figure, score=points_here) from None


@visible
@points(4)   # 4: the whole schedule for the docstring's setting
def test_warmup_cosine_values(student, reference):
    """Warmup + cosine over 100 steps with 10 of warmup, every 5th step"""
    steps = list(range(0, 101, 5))
    calls = [{"step": s, "total_steps": 100, "warmup_steps": 10, "base_lr": 0.1} for s in steps]
    run(student, reference, calls, 4)


@points(6)   # 6: boundaries (warmup_steps - 1, warmup_steps, total_steps - 1, total_steps, after) with min_lr > 0
def test_warmup_cosine_boundaries(student, reference):
    """Warmup + cosine at the phase boundary and the end, with min_lr > 0 and without warmup"""
    calls = ([{"step": s, "total_steps": 50, "warmup_steps": 8, "base_lr": 0.4, "min_lr": 0.004}
              for s in (0, 1, 7, 8, 9, 20, 29, 40, 49, 50, 51, 80)]
             + [{"step": s, "total_steps": 30, "warmup_steps": 0, "base_lr": 1.0, "min_lr": 0.1}
                for s in (0, 1, 15, 29, 30, 45)]
             + [{"step": s, "total_steps": 12, "warmup_steps": 5, "base_lr": 2.0} for s in range(15)])
    run(student, reference, calls, 6)
