"""Parent-side support for the week-1 graders (never sent to the sandbox, never shown to students).

The trusted loss functions live in this folder's ``probes.py`` (the child
hands them to the student's code); the parent imports the same file by path
so both sides evaluate one definition.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from autograder.grading import GradeFailure, first_step_off, load_trusted, steps_along, steps_follow
from autograder.weeks import COMMON

_HERE = Path(__file__).resolve().parent


P = load_trusted(_HERE / "probes.py", "_week1_trusted_probes")      # quad_value, mse_grad, ... (pure NumPy)
SURFACES = load_trusted(COMMON / "surfaces.py", "_week1_trusted_surfaces")


def quadratic(seed: int, n: int, cond: float = 10.0) -> dict:
    """A random symmetric positive definite quadratic 0.5 t.A.t - b.t with eigenvalues in [1, cond]."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    A = Q @ np.diag(np.linspace(1.0, cond, n)) @ Q.T
    A = 0.5 * (A + A.T)
    return {"kind": "quadratic", "A": A, "b": rng.normal(size=n)}


def functions(problem: dict):
    """(f, grad, hess) in the parent, from the same trusted definitions the child uses."""
    if problem["kind"] == "surface":
        s = SURFACES.get_surface(problem["name"])
        return (lambda t: float(s.value(t))), s.grad, s.hessian
    return P.problem_functions(problem)


def linreg(seed: int, n: int, d: int, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seeded synthetic linear-regression data: X (n, d), y = X w + noise, and the true w."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    y = X @ w + noise * rng.normal(size=n)
    return X, y, w


def gd_sim(f, grad, theta0, lr, n_steps, sign=-1.0):
    """Reference GD (and its wrong-sign twin) in the parent: (thetas theta_0..theta_n, losses)."""
    theta = np.array(theta0, dtype=np.float64)
    thetas, losses = [theta.copy()], [f(theta)]
    with np.errstate(all="ignore"):
        for _ in range(n_steps):
            theta = theta + sign * lr * grad(theta)
            thetas.append(theta.copy())
            losses.append(f(theta))
    return thetas, losses


def close(a, b, rtol, atol) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)))


def first_diff(got, want, rtol, atol):
    """Index of the first element outside tolerance (None if all agree); shapes must match."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    bad = ~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    return tuple(int(i) for i in np.argwhere(bad)[0])


def num(x) -> str:
    return f"{float(x):.10g}"


def describe_diff(got, want, idx, what) -> str:
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    at = f" at index {idx}" if idx else ""
    return f"{what}{at}: expected {num(want[idx])}, got {num(got[idx])}"


def subsample(points, limit=400):
    pts = np.asarray(points, dtype=np.float64)
    if len(pts) > limit:
        pts = pts[np.unique(np.linspace(0, len(pts) - 1, limit).round().astype(int))]
    return [[float(v) if np.isfinite(v) else None for v in row] for row in pts]


def fail(message, **kw):
    raise GradeFailure(message, **kw)


# --- outcome tests: a run is credited only when it is the method's run ---------------------------------
def distinct_steps(points: list) -> list:
    """The run's positions, a repeated evaluation at the same point (an extra grad_f call) counted once."""
    out = []
    for p in points:
        if not out or p.shape != out[-1].shape or not np.array_equal(p, out[-1]):
            out.append(p)
    return out


def gd_run_off(points: list, theta_init, grad, lr: float, upto: int) -> int | None:
    """The first step (1-based) up to ``upto`` at which the positions ``points`` (theta_init first) do not
    follow theta <- theta - lr * grad(theta), or None (tolerances: autograder.grading.steps_follow).
    A run that does not start at theta_init fails at step 0."""
    if not points or points[0].shape != np.shape(theta_init) or not np.array_equal(points[0], theta_init):
        return 0
    upto = min(upto, len(points) - 1)
    run = np.array(points[:upto + 1], dtype=np.float64)
    with np.errstate(all="ignore"):
        predicted = np.array([p - lr * np.asarray(grad(p), dtype=np.float64) for p in run[:-1]])
    return first_step_off(steps_follow(run, predicted)) if upto else None


def not_the_method(what: str, step: int, hint: str):
    """The failure of an outcome test whose run did not follow the method."""
    where = "does not start at theta_init" if step == 0 else f"does not follow the update at step {step}"
    return GradeFailure(
        f"{what}: the run that reached the target {where}: each step must be theta <- theta - learning_rate * "
        "gradient from the previous theta. An outcome counts only when the method's own steps reach it.",
        tags=["run-not-the-method"], hint=hint)


def gd_moved_along_gradients(got: dict, theta_init, grad, what: str, hint: str) -> None:
    """Contract tests of gradient_descent count only for a run that steps from theta_init along the gradients
    (``steps_along``: any sign or rate), not for a result returned without running the method."""
    points = distinct_steps([np.asarray(p, dtype=float) for p in got["grad_points"]] +
                            [np.asarray(got["theta"], dtype=float)])
    theta_init = np.asarray(theta_init, dtype=float)
    if len(points) < 2 or points[0].shape != theta_init.shape or not np.array_equal(points[0], theta_init) \
            or any(p.shape != theta_init.shape for p in points):
        raise GradeFailure(f"{what}: gradient_descent returned without stepping from theta_init along grad_f "
                           f"({len(got['grad_points'])} call(s) of grad_f), so its result cannot be judged.",
                           tags=["gd-no-steps"], hint=hint)
    with np.errstate(all="ignore"):
        grads = [np.asarray(grad(p), dtype=float) for p in points[:-1]]
    off = first_step_off(steps_along(np.array(points), np.array(grads)))
    if off is not None:
        raise not_the_method(what, off, hint)
