"""How many steps the reference needs on each convergence test, against the grader's budget.

    .venv/bin/python benchmarks/step_budgets.py

The convergence graders (week 1 ``test_gd_surfaces``, week 2
``test_convergence.py``) judge a run by the best loss it reaches within a
step budget, and every budget is at least twice what the reference solution
needs (docs/evidence.md, "Step budgets"). This script measures the second
number with the reference solutions in ``solutions/`` and prints it beside the
budget written in the grader, so a changed surface, start or learning rate
shows at once whether the margin still holds. Figures, not pass/fail.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "solutions" / "common"), str(ROOT / "solutions" / "week2_optimizers")]

import optimizers  # noqa: E402  (the reference solution)
import surfaces  # noqa: E402

# (grader, method, keyword arguments, surface, target, budget in the grader); None: plain GD at that lr
RUNS = [
    ("week1 test_gd_surfaces", None, {"lr": 0.1}, "bowl", 1e-6, 80),
    ("week1 test_gd_surfaces", None, {"lr": 0.1}, "ravine", 1e-6, 730),
    ("week1 test_gd_surfaces", None, {"lr": 0.1}, "saddle", -1.0, 80),
    ("week2 test_momentum_rosenbrock", "SGDMomentum", {"lr": 1e-3, "momentum": 0.9}, "rosenbrock", 1e-6, 2800),
    ("week2 test_nesterov_ravine", "Nesterov", {"lr": 0.1, "momentum": 0.9}, "ravine", 1e-6, 170),
    ("week2 test_adam_beale", "Adam", {"lr": 0.1}, "beale", 1e-6, 410),
    ("week2 test_adaptive_ravine", "AdaGrad", {"lr": 0.5}, "ravine", 1e-6, 440),
    ("week2 test_adaptive_ravine", "RMSprop", {"lr": 0.01}, "ravine", 1e-4, 1100),
    ("week2 test_saddle_escape", "SGDMomentum", {"lr": 0.01, "momentum": 0.9}, "saddle", -1.0, 150),
    ("week2 test_saddle_escape", "Adam", {"lr": 0.1}, "saddle", -1.0, 25),
    ("week2 test_saddle_escape", "RMSprop", {"lr": 0.01}, "saddle", -1.0, 150),
    ("week2 test_adamw_bowl", "AdamW", {"lr": 0.1, "weight_decay": 0.01}, "bowl", 1e-6, 300),
]


def steps_to(method, kwargs, surface_name, target, limit=20_000):
    """First step after which the loss is below ``target`` (None if never within ``limit``)."""
    surface = surfaces.get_surface(surface_name)
    if method is None:
        trajectory = surfaces.run_gd(surface, learning_rate=kwargs["lr"], n_steps=limit)
    else:
        trajectory = surfaces.run_optimizer(getattr(optimizers, method)(**kwargs), surface, n_steps=limit)
    with np.errstate(over="ignore", invalid="ignore"):
        below = np.nonzero(surface.value(trajectory.T) < target)[0]
    return int(below[0]) if below.size else None


# runs whose trajectory is compared with the same run started one ulp away (the size of a rounding difference)
SENSITIVE = [("Adam", {"lr": 0.1}, "beale"), ("RMSprop", {"lr": 0.01}, "rosenbrock"),
             ("SGDMomentum", {"lr": 1e-3, "momentum": 0.9}, "rosenbrock")]


def one_ulp_apart(method, kwargs, surface_name, steps=(1, 10, 100, 1000)):
    """Largest coordinate difference after each of ``steps`` between a run and the run from the next float."""
    surface = surfaces.get_surface(surface_name)
    start = np.array(surface.start, dtype=float)
    runs = [surfaces.run_optimizer(getattr(optimizers, method)(**kwargs), surface, start=s, n_steps=max(steps))
            for s in (start, np.nextafter(start, np.inf))]
    gap = np.abs(runs[0] - runs[1]).max(axis=1)
    return [float(gap[k]) for k in steps]


def main():
    print(f"{'grader':32} {'method':34} {'surface':11} {'target':>7} {'steps':>6} {'budget':>6} {'ratio':>6}")
    for grader, method, kwargs, surface_name, target, budget in RUNS:
        steps = steps_to(method, kwargs, surface_name, target)
        label = f"{method or 'GD'}({', '.join(f'{k}={v:g}' for k, v in kwargs.items())})"
        ratio = f"{budget / steps:.2f}" if steps else "-"
        print(f"{grader:32} {label:34} {surface_name:11} {target:>7g} {steps!s:>6} {budget:>6} {ratio:>6}")
    print("\nA rounding difference along a run: start one ulp away, largest coordinate gap after 1/10/100/1000 steps")
    for method, kwargs, surface_name in SENSITIVE:
        gaps = one_ulp_apart(method, kwargs, surface_name)
        print(f"{method:12} {surface_name:11} " + "  ".join(f"{g:.1e}" for g in gaps))


if __name__ == "__main__":
    main()
