"""Parent-side support for the week-1 graders (never sent to the sandbox, never shown to students).

The trusted loss functions live in this folder's ``probes.py`` (the child
hands them to the student's code); the parent imports the same file by path
so both sides evaluate one definition.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from autograder.grading import GradeFailure, first_step_off, from_start, load_trusted, steps_along, steps_follow
from autograder.weeks import COMMON

_HERE = Path(__file__).resolve().parent


P = load_trusted(_HERE / "probes.py", "_week1_trusted_probes")      # quad_value, mse_grad, ... (pure NumPy)
SURFACES = load_trusted(COMMON / "surfaces.py", "_week1_trusted_surfaces")


def quadratic(seed: int, n: int, cond: float = 10.0) -> dict:
    """A random symmetric positive definite quadratic 0.5 t.A.t - b.t with eigenvalues in [1, cond]."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    A = Q @ np.diag(np.linspace(1.0, cond, n)) @ Q.T
    # rounded to 12 decimals: QR and matmul go through BLAS, whose last bits depend on the CPU, and a public
    # check's inputs are released (the committed kit must be what `generate` writes on any machine); the
    # eigenvalues move by ~1e-12, nothing a test measures
    A = np.round(0.5 * (A + A.T), 12)
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


def single_precision_run(path, grad, theta0, lr, rtol, atol) -> str:
    """A mechanism (docs/graders.md, "Round 11 is burnt"): the run kept in single precision. theta_init copied as
    float32 and then promoted back by the float64 gradient (only the start rounded), or every step stored into a
    float32 array (each point rounded): which of the two runs the points ``path`` (theta_init's step first, the
    returned theta last) are, in words, or "" when neither or when the rounding changes nothing here. Compared to the
    test's own tolerances: a float32 rounding moves a point by up to 6e-8 relative and the run then repeats it
    exactly, while float64 code of another order of operations agrees with the method to ~1e-15."""
    right = gd_sim(lambda t: 0.0, grad, theta0, lr, len(path) - 1)[0]
    for every_step, how in ((False, "theta_init was copied as float32, so the run starts from theta_init rounded to "
                                    "about 7 significant digits"),
                            (True, "theta is kept in a float32 array, so every step is rounded to about 7 "
                                   "significant digits")):
        run = [np.asarray(theta0, dtype=np.float32).astype(np.float64)]
        with np.errstate(all="ignore"):
            for _ in path[1:]:
                p = run[-1] - lr * np.asarray(grad(run[-1]), dtype=np.float64)
                run.append(p.astype(np.float32).astype(np.float64) if every_step else p)
        if all(close(p, q, rtol, atol) for p, q in zip(path, run)) and \
                not all(close(q, r, rtol, atol) for q, r in zip(run, right)):
            return how
    return ""


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


def run_from_start(session, probe: str, **kwargs) -> dict:
    """``session.probe(probe, **kwargs)`` (``gd_run``, ``newton_run``), its grad_f calls read from the first one at
    theta_init (``from_start``, the public check's reading too)."""
    got = session.probe(probe, **kwargs)
    if isinstance(got, dict) and isinstance(got.get("grad_points"), list):
        got = {**got, "grad_points": from_start(got["grad_points"], kwargs["theta_init"])}
    return got


def step_points(points: list, n_steps: int) -> list:
    """Where grad_f was called, one point per step: a run that called it more than n_steps times (twice at the
    same point in a step is correct code) has each repeated call counted once; a run of n_steps calls or fewer
    is left as it is (so a run that really stays at one point keeps every step)."""
    points = [np.asarray(p, dtype=float) for p in points]
    return distinct_steps(points) if len(points) > n_steps else points


def one_call_per_update(calls: list, updates: int, final_theta) -> list:
    """sgd's logged grad_f_batch calls, one per update. A correct sgd may call grad_f_batch more often than it
    updates: again on the same batch at the same theta (a check), or on all the data between epochs (a log). A call
    after which theta did not move made no update; when a run made more calls than ``updates`` and exactly
    ``updates`` of its calls were followed by a move, those are its updates. Any other run is left as it is (a run
    that never moves keeps every call, so its messages count what it did)."""
    if len(calls) <= updates:
        return calls
    after = [c["theta"] for c in calls[1:]] + [final_theta]
    moved = [c for c, nxt in zip(calls, after)
             if np.shape(c["theta"]) != np.shape(nxt) or not np.array_equal(c["theta"], nxt)]
    return moved if len(moved) == updates else calls


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


def coordinatewise(points: list, grad, lr: float) -> bool:
    """A mechanism (docs/graders.md, "Round 11 is burnt"): the entries of theta updated one after another, each with
    the gradient taken at the partly updated point (a Gauss-Seidel sweep), whatever loop writes it. True when the
    grad_f calls ``points`` (theta_init first) are, over two sweeps at least, each the previous call's point with entry
    k mod d (in C order) moved by -lr * grad(that point)[entry] and no other entry moved (theta of 2 entries or more).
    Compared to 1e-9 relative: the moved entry is the same float64 expression; the method moves every entry at once."""
    pts = [np.asarray(p, dtype=np.float64) for p in points]
    d = pts[0].size if pts else 0
    if d < 2 or len(pts) < 2 * d + 1 or any(p.shape != pts[0].shape for p in pts[:2 * d + 1]):
        return False
    with np.errstate(all="ignore"):
        for k, (p, q) in enumerate(zip(pts[:2 * d], pts[1:2 * d + 1])):
            want = p.copy().reshape(-1)
            want[k % d] -= lr * np.ravel(np.asarray(grad(p), dtype=np.float64))[k % d]
            if not close(q.reshape(-1), want, 1e-9, 1e-12):
                return False
    return True


def off_the_method(what: str, step: int, calls: list, grad, lr: float, hint: str) -> GradeFailure:
    """``not_the_method``, or the coordinate-wise sweep named when the run's grad_f ``calls`` are one."""
    if coordinatewise(calls, grad, lr):
        return GradeFailure(
            f"{what}: your run updates the entries of theta one after another, each with the gradient taken again at "
            "the partly updated point (a coordinate-wise, Gauss-Seidel sweep: grad_f is called once per entry). "
            "Gradient descent moves every entry at once, with ONE gradient taken at the previous theta.",
            tags=["gd-not-simultaneous-update"], hint=hint)
    return not_the_method(what, step, hint)


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


# --- what a run's steps look like, when they are not the method's (gradient_descent, sgd) ------------------
# Each of the student's steps is compared with the step the method takes FROM THE SAME POINT, so an earlier
# difference never accumulates: a step that is the expected one times a number c_k, at every update, is a
# learning rate that is off -- by a constant factor, by a factor that changes over time, or by the gradient's
# own length. Steps parallel to the expected one agree in direction to rounding (< 1e-12 of the step); 1e-9
# relative leaves three orders of margin, while a step with another direction is off by whole percents.
PARALLEL_RTOL = 1e-9


def step_scales(steps, expected) -> list[float] | None:
    """c_k with step_k = c_k * expected_k for every step (None when a step is not along its expected one)."""
    out = []
    for s, e in zip(steps, expected):
        s, e = np.ravel(np.asarray(s, dtype=np.float64)), np.ravel(np.asarray(e, dtype=np.float64))
        size = float(e @ e)
        if s.shape != e.shape or not np.all(np.isfinite(s)) or size == 0.0:
            return None
        c = float(s @ e) / size
        if np.linalg.norm(s - c * e) > PARALLEL_RTOL * max(np.linalg.norm(s), np.linalg.norm(e)):
            return None
        out.append(c)
    return out if len(out) >= 2 else None


def scale_family(steps, expected, *, lr: float, factors: dict, per: str = "step") -> tuple[str, str] | None:
    """The family a run's step sizes belong to, as (tag suffix, words), or None: every step of the same length
    (a unit gradient: ``normalised-gradient``); one constant factor (``step-scaled``, or ``wrong-sign`` when negative, with the hyperparameter it
    equals, from ``factors``); a factor that shrinks or grows over the run (``lr-decay`` / ``lr-grows``).
    Lengths and factors are compared to 1e-6 relative: the run's values agree with their model to ~1e-12,
    and the mistakes differ by whole factors."""
    c = step_scales(steps, expected)
    if c is None:
        return None
    c = np.array(c)
    lengths = np.array([np.linalg.norm(np.ravel(s)) for s in steps])
    wanted = np.array([np.linalg.norm(np.ravel(e)) for e in expected])
    if np.allclose(lengths, lengths[0], rtol=1e-6) and not np.allclose(wanted, wanted[0], rtol=1e-6):
        named = " = learning_rate" if abs(lengths[0] - lr) <= 1e-6 * lr else ""
        return "normalised-gradient", (
            f"every {per} has the same length, {lengths[0]:.6g}{named}, while the gradient's length changes from "
            f"{wanted.max() / lr:.4g} to {wanted.min() / lr:.4g} along the run: the gradient was divided by its "
            "norm (a unit direction). Gradient descent's step is the learning rate times the gradient itself, so "
            "it shrinks as the slope flattens")
    if np.allclose(c, c[0], rtol=1e-6):
        if abs(c[0] - 1) <= 1e-6:
            return None
        names = [n for n, v in factors.items() if abs(c[0] - v) <= 1e-6 * abs(v)]
        if c[0] < 0:
            return "wrong-sign", (f"every {per} is {c[0]:.6g} times the expected one: it goes UP the gradient "
                                  "(the sign is flipped)")
        return "step-scaled", (f"every {per} is {c[0]:.6g} times the expected one"
                          + (f" ({c[0]:.6g} is {' and '.join(names)} here)" if names else "")
                          + ": the direction is right and the learning rate is off by that factor")
    d = np.diff(c)
    moving = np.abs(d) > 1e-6 * np.abs(c[:-1])
    if moving.any() and (np.all(d[moving] < 0) or np.all(d[moving] > 0)) and abs(c[0] - 1) <= 1e-6:
        way, tag = ("shrinks", "lr-decay") if d[moving][0] < 0 else ("grows", "lr-grows")
        return tag, (f"your {per}s start as expected and then the learning rate {way}: the step is {c[-1]:.4g} "
                     f"times the expected one by the last {per} (it should stay 1). Nothing in this function "
                     "changes the learning rate: a schedule is applied from outside, by the caller")
    return None


def capped_entries(steps, expected) -> float | None:
    """A mechanism (docs/graders.md, "Round 8 is burnt"): every entry of every step is the expected entry cut to
    one size c (s = clip(e, -c, c)), and at least one entry was cut -- the gradient clipped entry by entry. c, or
    None. Compared to 1e-9 relative: the cut entries equal c exactly, the others the method's own step."""
    steps = [np.asarray(s, dtype=np.float64) for s in steps]
    expected = [np.asarray(e, dtype=np.float64) for e in expected]
    if not steps or any(s.shape != e.shape or not np.all(np.isfinite(s)) for s, e in zip(steps, expected)):
        return None
    c = max(float(np.max(np.abs(s), initial=0.0)) for s in steps)
    if c <= 0 or not any(np.any(np.abs(e) > c * (1 + 1e-6)) for e in expected):
        return None
    return c if all(close(s, np.clip(e, -c, c), 1e-9, 1e-12) for s, e in zip(steps, expected)) else None


def restarts_from_start(points, theta_init, step) -> bool:
    """The family "every step starts again from theta_init": each point after the first is theta_init moved by
    the step computed at the PREVIOUS point (``step(p)`` is the method's move from p), instead of that previous
    point moved by it. Needs two such steps at least, and a run that is not the method's own (tolerances
    RTOL-like: 1e-8 relative, the steps being whole moves apart)."""
    pts = [np.asarray(p, dtype=np.float64) for p in points]
    theta_init = np.asarray(theta_init, dtype=np.float64)
    if len(pts) < 3 or any(p.shape != theta_init.shape for p in pts):
        return False
    with np.errstate(all="ignore"):
        restarted = all(close(q, theta_init + step(p), 1e-8, 1e-10) for p, q in zip(pts[1:-1], pts[2:]))
        walked = all(close(q, p + step(p), 1e-8, 1e-10) for p, q in zip(pts[:-1], pts[1:]))
    return restarted and not walked
