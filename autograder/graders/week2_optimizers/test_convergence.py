"""Convergence of the optimizers on the 2-D test surfaces.

The probe runs each optimizer in the child with the loop of the given
``surfaces.run_optimizer``, stopping a run at the first position below its target,
and returns the positions; the losses are recomputed here from the positions
with a trusted copy of ``surfaces.py``. A run passes when the BEST loss it
reaches within the step budget is below the target: the budget is at least
twice the steps the reference solution needs (measured with the reference by
benchmarks/step_budgets.py; docs/graders.md, "Step budgets"), so an honest implementation never fails on
rounding, and an oscillating run that did reach the target counts.

The points are earned only by running the method: every step up to the one
that reaches the target is checked, here in the parent, against the
optimizer's update (any accepted form) applied to the surface's gradient at
the run's own position (``optimizer_forms.first_step_off``). A positions list
the child made up -- an update that recognises the surface and jumps to its
minimum, a patched NumPy that rewrites the recorded path -- does not follow
the update and scores nothing; a run that does follow it is the method's run.
"""
from __future__ import annotations

import json

import numpy as np

from autograder.grading import GradeFailure, load_trusted, points
from autograder.weeks import COMMON
from optimizer_forms import first_step_off, reference_memo


SURFACES = load_trusted(COMMON / "surfaces.py", "_w2_trusted_surfaces")


def _subsample(traj: np.ndarray, limit: int = 400) -> list:
    traj = np.asarray(traj, dtype=float)
    if len(traj) > limit:
        idx = np.unique(np.linspace(0, len(traj) - 1, limit).round().astype(int))
        traj = traj[idx]
    traj = np.where(np.isfinite(traj), traj, np.nan)
    return [[None if np.isnan(x) else float(x) for x in row] for row in traj]


def _losses(surface, traj: np.ndarray) -> np.ndarray:
    """The loss at every position, recomputed here; a non-finite position counts as +inf (never as progress)."""
    with np.errstate(all="ignore"):
        f = surface.value(np.asarray(traj, dtype=float).T)
    return np.where(np.isfinite(f), f, np.inf)


def _reference_runs(reference, plain, runs) -> list:
    """Per run: the reference trajectory and the first step at which it is below the target.

    Depends only on the test's fixed runs and on the reference solution (deterministic, its answers
    cached by the engine): computed once per grading worker, never from a student's answer.
    """
    memo = reference_memo(reference)
    key = ("surface_runs", json.dumps(plain, sort_keys=True))
    if key not in memo:
        facts = []
        for run, ref in zip(runs, reference.probe("surface_runs", runs=plain)):
            ref = np.array(ref, dtype=float)     # our own copy, read-only: shared by every later submission
            ref.setflags(write=False)
            ref_reached = np.nonzero(_losses(SURFACES.get_surface(run["surface"]), ref) < run["target"])[0]
            if ref_reached.size == 0:
                raise RuntimeError(f"reference did not reach the target on {run['label']}")
            facts.append((ref, int(ref_reached[0])))
        memo[key] = facts
    return memo[key]


def run_and_judge(student, reference, runs, *, what, hint):
    """Each run: dict(cls, kwargs, surface, n_steps, target, label[, start]). Fails on the first run that misses."""
    plain = [{k: r[k] for k in ("cls", "kwargs", "surface", "n_steps", "target") if k in r} |
             ({"start": r["start"]} if "start" in r else {}) for r in runs]
    got = student.probe("surface_runs", runs=plain)
    want = _reference_runs(reference, plain, runs)
    if not isinstance(got, list) or len(got) != len(runs):
        raise GradeFailure(f"{what}: the runs did not produce trajectories.", hint=hint)
    for run, traj, (ref, ref_first) in zip(runs, got, want):
        surface = SURFACES.get_surface(run["surface"])
        traj = np.asarray(traj, dtype=float)
        # the probe stops a run at the first position below the target (probes.surface_runs): a shorter
        # trajectory is accepted only if its last position really is below it (recomputed below)
        short = traj.ndim == 2 and traj.shape[1] == 2 and 1 < len(traj) < run["n_steps"] + 1
        if not (traj.shape == (run["n_steps"] + 1, 2)
                or short and _losses(surface, traj[-1:])[0] < run["target"]):
            raise GradeFailure(f"{what}: {run['label']}: the trajectory has shape {traj.shape}, expected "
                               f"{(run['n_steps'] + 1, 2)}.", hint=hint)
        start = np.asarray(run.get("start", surface.start), dtype=float)
        # exact: run_optimizer stores a float64 copy of the start before any update, so an honest
        # run can only differ here if something replaced the trajectory
        if not np.array_equal(traj[0], start):
            raise GradeFailure(f"{what}: {run['label']}: the trajectory does not start at the given start "
                               f"({start[0]:g}, {start[1]:g}) but at ({traj[0][0]:.4g}, {traj[0][1]:.4g}).",
                               hint="The given surfaces.run_optimizer records the start before any update: "
                                    "do not change the given modules.", tags=["trajectory-start"])
        losses = _losses(surface, traj)
        reached = np.nonzero(losses < run["target"])[0]
        if reached.size:
            upto = int(reached[0])
            with np.errstate(all="ignore"):
                grads = np.asarray(surface.grad(traj[:upto].T), dtype=float).T.reshape(upto, 2)
            off = first_step_off(run["cls"], run["kwargs"], traj, grads, upto)
            if off is None:
                continue
            raise GradeFailure(
                f"{what}: {run['label']} reached the target at step {upto}, but step {off} of the run does not "
                f"follow {run['cls']}'s update from where the run was: from ({traj[off - 1][0]:.6g}, "
                f"{traj[off - 1][1]:.6g}) it went to ({traj[off][0]:.6g}, {traj[off][1]:.6g}). Convergence "
                "counts only when every step is the optimizer's own step on the surface's gradient.",
                tags=["trajectory-not-the-update"],
                hint="Make the optimizer's step-by-step tests pass first; update must only apply the formula "
                     "to the params and grads it is given (nothing that depends on where it is or on the "
                     "surface).",
                figure={"kind": "trajectory", "surface": run["surface"],
                        "student": _subsample(traj), "reference": _subsample(ref)})
        best = float(np.min(losses))
        end = traj[-1]
        g = surface.grad(end) if np.all(np.isfinite(end)) else np.array([np.nan, np.nan])
        note = ""
        if run["surface"] == "saddle" and np.all(np.isfinite(end)) and np.linalg.norm(end) < 0.1:
            note = (f" That is next to the saddle point (0, 0), where the gradient is tiny (|g| = "
                    f"{np.linalg.norm(g):.2g}) -- but a small gradient is not a minimum: the loss keeps falling "
                    "along y.")
        elif not np.all(np.isfinite(traj)):
            note = " The run diverged (inf or nan positions)."
        raise GradeFailure(
            f"{what}: {run['label']} should bring the loss below {run['target']:g} within {run['n_steps']} "
            f"steps (the reference needs {ref_first}); the best loss reached was {best:.4g}, and the "
            f"run ended at ({end[0]:.4g}, {end[1]:.4g}).{note}",
            hint=hint,
            figure={"kind": "trajectory", "surface": run["surface"],
                    "student": _subsample(traj), "reference": _subsample(ref)})


@points(3)   # 3: the hardest surface; momentum's reason to exist
def test_momentum_rosenbrock(student, reference):
    """SGD with momentum follows the curved Rosenbrock valley to the minimum (1, 1)"""
    run_and_judge(student, reference, [
        # reference needs 1386 steps to f < 1e-6; budget 2800 >= 2x (docs/graders.md, "Step budgets")
        dict(cls="SGDMomentum", kwargs={"lr": 1e-3, "momentum": 0.9}, surface="rosenbrock", n_steps=2800,
             target=1e-6, label="SGDMomentum(lr=1e-3, momentum=0.9) from (-1.2, 1)"),
    ], what="SGD with momentum on Rosenbrock",
        hint="Check SGDMomentum step by step first (its own tests); the velocity must persist between calls.")


@points(2)   # 2: momentum damps the zig-zag across the ravine (hidden: the public checks judge the update itself)
def test_nesterov_ravine(student, reference):
    """Nesterov crosses the ravine 0.1x^2 + y^2 to its minimum"""
    run_and_judge(student, reference, [
        # reference needs 85 steps to f < 1e-6; budget 170 = 2x (plain GD needs 365)
        dict(cls="Nesterov", kwargs={"lr": 0.1, "momentum": 0.9}, surface="ravine", n_steps=170,
             target=1e-6, label="Nesterov(lr=0.1, momentum=0.9) from (-5, -2)"),
    ], what="Nesterov on the ravine", hint="Check Nesterov step by step first (its own tests).")


@points(2)   # 2: the plateau-and-walls surface where adaptive steps help
def test_adam_beale(student, reference):
    """Adam reaches the minimum (3, 0.5) of Beale's function"""
    run_and_judge(student, reference, [
        # reference needs 204 steps to f < 1e-6; budget 410 >= 2x (docs/graders.md, "Step budgets")
        dict(cls="Adam", kwargs={"lr": 0.1}, surface="beale", n_steps=410, target=1e-6,
             label="Adam(lr=0.1) from (1, 1)"),
    ], what="Adam on Beale", hint="Check Adam step by step first (bias correction, t from 1).")


@points(2)   # 2: per-coordinate rates on the ravine
def test_adaptive_ravine(student, reference):
    """AdaGrad and RMSprop settle at the bottom of the ravine"""
    run_and_judge(student, reference, [
        # reference needs 218 steps to f < 1e-6; budget 440 >= 2x
        dict(cls="AdaGrad", kwargs={"lr": 0.5}, surface="ravine", n_steps=440, target=1e-6,
             label="AdaGrad(lr=0.5) from (-5, -2)"),
        # RMSprop at lr 1e-2 ends bouncing at f ~ 2.5e-5 (steps of size ~lr); it first gets below 1e-4
        # after 530 steps; budget 1100 >= 2x
        dict(cls="RMSprop", kwargs={"lr": 0.01}, surface="ravine", n_steps=1100, target=1e-4,
             label="RMSprop(lr=0.01) from (-5, -2)"),
    ], what="Adaptive methods on the ravine", hint="Check AdaGrad and RMSprop step by step first.")


@points(2)   # 2: escaping a saddle: a small gradient is not a minimum
def test_saddle_escape(student, reference):
    """Momentum, Adam and RMSprop escape the saddle x^2 - y^2 from (1, 0.001)"""
    run_and_judge(student, reference, [
        # steps to f < -1 with the reference: momentum 72, Adam 11, RMSprop 75; budgets >= 2x
        dict(cls="SGDMomentum", kwargs={"lr": 0.01, "momentum": 0.9}, surface="saddle", n_steps=150,
             target=-1.0, label="SGDMomentum(lr=0.01, momentum=0.9) from (1, 0.001)"),
        dict(cls="Adam", kwargs={"lr": 0.1}, surface="saddle", n_steps=25, target=-1.0,
             label="Adam(lr=0.1) from (1, 0.001)"),
        dict(cls="RMSprop", kwargs={"lr": 0.01}, surface="saddle", n_steps=150, target=-1.0,
             label="RMSprop(lr=0.01) from (1, 0.001)"),
    ], what="Escaping the saddle", hint="The loss x^2 - y^2 has no minimum: the run must keep moving along y.")


@points(1)   # 1: the easy case, with decoupled weight decay on top
def test_adamw_bowl(student, reference):
    """AdamW reaches the bottom of the bowl x^2 + y^2"""
    run_and_judge(student, reference, [
        # reference needs 146 steps to f < 1e-6; budget 300 >= 2x
        dict(cls="AdamW", kwargs={"lr": 0.1, "weight_decay": 0.01}, surface="bowl", n_steps=300, target=1e-6,
             label="AdamW(lr=0.1, weight_decay=0.01) from (4, 3)"),
    ], what="AdamW on the bowl", hint="Check AdamW step by step first (decay, then the Adam step).")
