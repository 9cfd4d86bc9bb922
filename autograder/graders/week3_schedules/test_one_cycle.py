"""One-cycle: PyTorch's OneCycleLR (two cosine phases) value at each step."""
from week3_support import judge_schedule, one_cycle_variants

from autograder.grading import points
from public import public_test

HINT = ("One-cycle (PyTorch's OneCycleLR): start at max_lr / div_factor, rise along half a cosine to max_lr at "
        "the end of the first phase (step pct_start * total_steps minus one: steps count from 0), then fall along "
        "half a cosine to the initial rate / final_div_factor at the last step, total_steps minus one.")


def run(student, reference, calls, variants=True):
    judge_schedule(student, reference, "one_cycle", calls, one_cycle_variants(calls) if variants else {}, HINT)


test_one_cycle_landmarks = public_test("test_one_cycle_landmarks")


@points(6)   # 6: every step of two runs: the shape of both cosine phases
def test_one_cycle_whole_run(student, reference):
    """One-cycle over every step of a run matches PyTorch's OneCycleLR (cosine phases)"""
    calls = [{"step": s, "total_steps": 100, "max_lr": 0.5} for s in range(100)]
    run(student, reference, calls)
    calls = [{"step": s, "total_steps": 40, "max_lr": 2.0, "pct_start": 0.25, "div_factor": 10.0,
              "final_div_factor": 100.0} for s in range(40)]
    run(student, reference, calls)


@points(4)   # 4: the phase boundary around end1 (also a non-integer end1) and the last step
def test_one_cycle_phase_boundary(student, reference):
    """One-cycle around the end of the warm-up phase and at the last step, for several settings"""
    calls = ([{"step": s, "total_steps": 37, "max_lr": 0.1, "pct_start": 0.3} for s in (0, 9, 10, 11, 12, 35, 36)]
             + [{"step": s, "total_steps": 20, "max_lr": 1.0, "pct_start": 0.5, "div_factor": 5.0}
                for s in (0, 8, 9, 10, 11, 18, 19)]
             + [{"step": s, "total_steps": 1000, "max_lr": 0.01} for s in (0, 150, 298, 299, 300, 301, 650, 999)])
    run(student, reference, calls)
