"""gradient_descent(f, grad_f, theta_init, learning_rate, n_steps) -> (theta, history)."""
import numpy as np

from autograder.grading import GradeFailure, points

from public import public_test
from week1_support import (describe_diff, distinct_steps, first_diff, functions, gd_moved_along_gradients,
                           gd_run_off, gd_sim, linreg, not_the_method, num, quadratic, subsample)

# float64 round-off of 25 GD steps on these quadratics is ~1e-15 relative; 1e-8 / 1e-10 leaves seven
# orders of magnitude for another order of operations, while the named mistakes (wrong sign, one step
# more or less) differ by >= 1e-2 on these problems.
RTOL, ATOL = 1e-8, 1e-10
HINT = ("Copy theta_init, record f at the start, then n_steps times: theta = theta - learning_rate * "
        "grad_f(theta) and record f(theta) after the step.")


def _run(student, reference, **kw):
    return student.probe("gd_run", **kw), reference.probe("gd_run", **kw)


test_gd_returns_theta_and_history = public_test("test_gd_returns_theta_and_history")


@points(7)   # 7: the core update, checked at every step (most of this problem's marks)
def test_gd_steps(student, reference):
    """gradient_descent follows theta <- theta - lr * grad_f(theta) at every step"""
    problem = quadratic(12, 6, cond=20.0)
    theta0 = np.random.default_rng(12).normal(size=(2, 3))   # any shape: a (2, 3) theta on a 6-D quadratic
    lr, n_steps = 0.08, 25
    what = f"gradient_descent on a 6-D quadratic, theta of shape (2, 3), learning_rate={lr}, n_steps={n_steps}"
    got, want = _run(student, reference, problem=problem, theta_init=theta0, learning_rate=lr, n_steps=n_steps)
    f, grad, _ = functions(problem)
    thetas, losses = gd_sim(f, grad, theta0, lr, n_steps)
    if first_diff(want["theta"], thetas[-1], RTOL, ATOL) is not None:
        raise RuntimeError("grader model of gradient descent disagrees with the reference solution")
    theta = np.asarray(got["theta"], dtype=float)
    if theta.shape != (2, 3):
        raise GradeFailure(f"{what}: theta should keep theta_init's shape (2, 3), but it has shape {theta.shape}.",
                           tags=["wrong-shape"], hint="Do not flatten theta; theta - lr * grad works for any shape.")
    up_thetas, _ = gd_sim(f, grad, theta0, lr, n_steps, sign=+1.0)
    if first_diff(theta, up_thetas[-1], RTOL, ATOL) is None:
        detail = describe_diff(theta, thetas[-1], first_diff(theta, thetas[-1], RTOL, ATOL), "final theta")
        raise GradeFailure(f"{what}: your theta matches gradient ASCENT, theta + lr * grad: the wrong sign. "
                           f"First difference: {detail}.",
                           tags=["gd-wrong-sign"], hint="Step against the gradient: theta - lr * grad_f(theta).")
    # the points where grad_f was evaluated are theta_0, theta_1, ...: the first one off says which step went wrong
    for k, point in enumerate(got["grad_points"][:n_steps]):
        point = np.asarray(point, dtype=float)
        if point.shape != thetas[k].shape or first_diff(point, thetas[k], RTOL, ATOL) is not None:
            idx = first_diff(point, thetas[k], RTOL, ATOL) if point.shape == thetas[k].shape else ()
            raise GradeFailure(f"{what}: grad_f was called at a point that is not theta after {k} step(s): "
                               f"{describe_diff(point, thetas[k], idx, f'theta after step {k}')}.", hint=HINT)
    one_more = gd_sim(f, grad, theta0, lr, n_steps + 1)[0][-1]
    for count, candidate in ((n_steps - 1, thetas[-2]), (n_steps + 1, one_more)):
        if first_diff(theta, candidate, RTOL, ATOL) is None:
            raise GradeFailure(f"{what}: your theta is the result of {count} steps instead of {n_steps}: "
                               "check the loop bounds.", tags=["gd-step-count"], hint=HINT)
    idx = first_diff(theta, thetas[-1], RTOL, ATOL)
    if idx is not None:
        raise GradeFailure(f"{what}: {describe_diff(theta, thetas[-1], idx, 'final theta')}.", hint=HINT)
    hist = got["history"]
    if hist is not None and len(hist) == n_steps + 1:
        k = first_diff(np.asarray(hist, dtype=float), np.asarray(losses), RTOL, ATOL)
        if k is not None:
            raise GradeFailure(f"{what}: history[{k[0]}] should be f(theta) after {k[0]} step(s) = "
                               f"{num(losses[k[0]])}, got {num(hist[k[0]])}.",
                               hint="history[0] = f(theta_init), then f(theta) after each step.")


@points(4)   # 4: the "never modify inputs" convention, which students break by aliasing
def test_gd_leaves_theta_init_unchanged(student, reference):
    """gradient_descent leaves theta_init unchanged (it works on a copy)"""
    problem = quadratic(13, 4)
    theta0 = np.array([0.5, -1.5, 2.0, 1.0])
    got = student.probe("gd_run", problem=problem, theta_init=theta0, learning_rate=0.1, n_steps=10)
    gd_moved_along_gradients(got, theta0, functions(problem)[1], "gradient_descent (10 steps)", HINT)
    if got["input_changed"] or got["same_object"]:
        raise GradeFailure(
            "gradient_descent modified theta_init, the caller's array: after the call it no longer holds "
            f"{theta0.tolist()}. theta = theta_init does not copy; an in-place step (theta -= ...) then changes "
            "the caller's array too.", tags=["gd-mutates-input"],
            hint="Start with theta = np.array(theta_init, dtype=float) (or theta_init.copy()).")


@points(4)   # 4: convergence on a real problem, judged by the loss at the points the run visited
def test_gd_fits_linear_regression(student, reference):
    """gradient_descent fits a linear regression (MSE loss) within its step budget"""
    X, y, _ = linreg(5, 200, 5)
    problem = {"kind": "linreg", "X": X, "y": y}
    f, grad, _ = functions(problem)
    best_possible = f(np.linalg.lstsq(X, y, rcond=None)[0])
    target = best_possible * (1 + 1e-6)
    # the reference needs 120 steps at lr 0.05 to get within 1e-6 (relative) of the least-squares loss;
    # budget 240 = 2x
    n_steps = 240
    got = student.probe("gd_run", problem=problem, theta_init=np.zeros(5), learning_rate=0.05, n_steps=n_steps,
                        record=n_steps)
    visited = distinct_steps([np.asarray(p, dtype=float) for p in got["grad_points"]] +
                             [np.asarray(got["theta"], dtype=float)])
    losses = [f(p) if p.shape == (5,) and np.all(np.isfinite(p)) else np.inf for p in visited]
    best = min(losses)
    what = "gradient_descent on a linear regression"
    if best <= target:
        off = gd_run_off(visited, np.zeros(5), grad, 0.05, int(np.argmax(np.array(losses) <= target)))
        if off is not None:
            raise not_the_method(what, off, HINT)
    else:
        raise GradeFailure(
            f"gradient_descent on a linear regression (200 samples, 5 features, learning_rate=0.05, {n_steps} "
            f"steps from zeros): the best loss reached was {best:.6g}; the least-squares loss is "
            f"{best_possible:.6g} and the reference gets within 1e-6 of it in 120 steps.", hint=HINT,
            figure={"kind": "curve", "title": "MSE along the run", "xlabel": "step", "ylabel": "loss",
                    "x": list(range(len(losses))),
                    "series": {"yours": [float(v) if np.isfinite(v) else None for v in losses],
                               "expected": gd_sim(f, grad, np.zeros(5), 0.05, n_steps)[1][:len(losses)]},
                    "log_y": True})


@points(4)   # 4: the 2-D surfaces of the lesson: an easy bowl, a ravine, a saddle (a small gradient is not a minimum)
def test_gd_surfaces(student, reference):
    """gradient_descent reaches the bottom of the bowl and the ravine, and escapes the saddle"""
    runs = [
        # f = 25 * 0.64**k on the bowl at lr 0.1: f < 1e-6 after 39 steps; budget 80 >= 2x
        ("bowl", (4.0, 3.0), 0.1, 80, 1e-6),
        # reference reaches f < 1e-6 after 365 steps (NOTES.md table); budget 730 = 2x
        ("ravine", (-5.0, -2.0), 0.1, 730, 1e-6),
        # reference reaches f < -1 after 38 steps (NOTES.md table); budget 80 >= 2x
        ("saddle", (1.0, 1e-3), 0.1, 80, -1.0),
    ]
    for name, start, lr, n_steps, target in runs:
        problem = {"kind": "surface", "name": name}
        f, grad, _ = functions(problem)
        got = student.probe("gd_run", problem=problem, theta_init=np.array(start), learning_rate=lr,
                            n_steps=n_steps, record=n_steps)
        path = distinct_steps([np.asarray(p, dtype=float) for p in got["grad_points"]] +
                              [np.asarray(got["theta"], dtype=float)])
        losses = [f(p) if p.shape == (2,) and np.all(np.isfinite(p)) else np.inf for p in path]
        if min(losses) < target:
            off = gd_run_off(path, np.array(start), grad, lr, int(np.argmax(np.array(losses) < target)))
            if off is not None:
                raise not_the_method(f"gradient_descent on the {name} surface", off, HINT)
            continue
        end = path[-1]
        note = ""
        if name == "saddle" and end.shape == (2,) and np.linalg.norm(end) < 0.1:
            note = (" The run stayed next to the saddle point (0, 0), where the gradient is tiny -- but a small "
                    "gradient is not a minimum: x^2 - y^2 keeps falling along y.")
        ref_path = gd_sim(f, grad, np.array(start), lr, n_steps)[0]
        raise GradeFailure(
            f"gradient_descent on the {name} surface from {start} with learning_rate={lr}: the loss should get "
            f"below {target:g} within {n_steps} steps, but the best reached was {min(losses):.4g}.{note}",
            hint=HINT, figure={"kind": "trajectory", "surface": name,
                               "student": subsample([p for p in path if p.shape == (2,)]),
                               "reference": subsample(ref_path)})
