"""Taken by `autograder generate` from autograder/graders/week1_gradient_descent/probes.py: the probes the public checks call. Do not edit."""


import numpy as np


try:    # in the sandbox: the trusted copy, imported before any student code
    import surfaces
    # bound methods taken now: a submission that rebinds ``surfaces.get_surface`` or a Surface
    # method later cannot change the functions its code is tested on
    _SURFACE_FUNCTIONS = {name: (s.value, s.grad, s.hessian) for name, s in surfaces.SURFACES.items()}
except ImportError:     # in the parent, which takes surfaces from week1_support instead
    _SURFACE_FUNCTIONS = {}


def quad_value(theta, A, b):
    """0.5 t.A.t - b.t on the flattened theta (theta may have any shape)."""
    t = np.asarray(theta, dtype=np.float64).reshape(-1)
    return float(0.5 * t @ (A @ t) - b @ t)


def quad_grad(theta, A, b):
    theta = np.asarray(theta, dtype=np.float64)
    return (A @ theta.reshape(-1) - b).reshape(theta.shape)


def wavy_value(theta, w, c):
    """sum(w sin(t)) + |t|^4 / 4 + sum(c t^3): smooth, with third derivatives that are not small."""
    t = np.asarray(theta, dtype=np.float64).reshape(-1)
    return float(np.sum(w * np.sin(t)) + 0.25 * (t @ t) ** 2 + np.sum(c * t ** 3))


def wavy_grad(theta, w, c):
    theta = np.asarray(theta, dtype=np.float64)
    t = theta.reshape(-1)
    return (w * np.cos(t) + (t @ t) * t + 3 * c * t ** 2).reshape(theta.shape)


def mse_value(theta, X, y):
    r = X @ np.asarray(theta, dtype=np.float64) - y
    return float(np.mean(r ** 2))


def mse_grad(theta, X, y):
    r = X @ np.asarray(theta, dtype=np.float64) - y
    return (2.0 / len(y)) * (X.T @ r)


def rosen_value(theta):
    x, y = np.asarray(theta, dtype=np.float64)
    return float((1 - x) ** 2 + 100 * (y - x ** 2) ** 2)


def rosen_grad(theta):
    x, y = np.asarray(theta, dtype=np.float64)
    return np.array([-2 * (1 - x) - 400 * x * (y - x ** 2), 200 * (y - x ** 2)])


def rosen_hess(theta):
    x, y = np.asarray(theta, dtype=np.float64)
    return np.array([[2 - 400 * (y - x ** 2) + 800 * x ** 2, -400 * x], [-400 * x, 200.0]])


def problem_functions(problem):
    """(f, grad, hess) for a plain-data problem description; with ``"loss_shape": [1]`` f returns a 1-element
    array, as the lesson's f(x) = x**2 does on a theta of shape (1,) (the docstring allows it)."""
    f, grad, hess = _problem_functions(problem)
    if list(problem.get("loss_shape", ())) == [1]:
        return (lambda t: np.reshape(f(t), (1,))), grad, hess
    return f, grad, hess


def _problem_functions(problem):
    kind = problem["kind"]
    if kind == "quadratic":
        A, b = np.asarray(problem["A"], float), np.asarray(problem["b"], float)
        return (lambda t: quad_value(t, A, b)), (lambda t: quad_grad(t, A, b)), (lambda t: A.copy())
    if kind == "wavy":
        w, c = np.asarray(problem["w"], float), np.asarray(problem["c"], float)
        return (lambda t: wavy_value(t, w, c)), (lambda t: wavy_grad(t, w, c)), None
    if kind == "linreg":
        X, y = np.asarray(problem["X"], float), np.asarray(problem["y"], float)
        return (lambda t: mse_value(t, X, y)), (lambda t: mse_grad(t, X, y)), (lambda t: 2.0 / len(y) * X.T @ X)
    if kind == "rosenbrock":
        return rosen_value, rosen_grad, rosen_hess
    if kind == "surface":
        value, grad, hess = _SURFACE_FUNCTIONS[problem["name"]]
        return (lambda t: float(value(t))), grad, hess
    raise ValueError(f"unknown problem {kind!r}")


def _array(x):
    return np.array(x, dtype=np.float64)


def _floats_or_none(seq):
    try:
        return [float(v) for v in seq]
    except (TypeError, ValueError):
        return None


def _recorder(fn, log, limit):
    def wrapped(theta):
        if len(log) < limit:
            log.append(np.array(theta, dtype=np.float64, copy=True))
        return fn(theta)
    return wrapped


def gd_run(mods, problem, theta_init, learning_rate, n_steps, record=200):
    """Call gradient_descent; record the points where grad_f was asked for (up to ``record``)."""
    f, grad, _ = problem_functions(problem)
    theta0 = _array(theta_init)
    keep = theta0.copy()
    points = []
    with np.errstate(all="ignore"):
        result = mods.gradient_descent.gradient_descent(f, _recorder(grad, points, record), theta0,
                                                        learning_rate, n_steps)
    theta, history = result
    floats = _floats_or_none(history)
    return {"theta": _array(theta), "history": floats,
            "history_len": len(history) if hasattr(history, "__len__") else None,
            # when the entries are not numbers: their shapes (arrays of theta's shape = parameters, not losses)
            "history_shapes": None if floats is not None or not hasattr(history, "__len__")
            else [list(np.shape(h)) for h in list(history)[:record]],
            # the first single number kept as an array (a 1-element or 0-d array), not a float: (index, type, shape)
            "history_wrapped": _first_wrapped(history),
            # the container itself: the spec's history is a list (an ndarray of the same numbers is not one);
            # a subclass of list IS a list (isinstance, every list method, + concatenates), as a subclass of
            # float is a float for the entries (round 12: a LossHistory(list) with a helper method is valid)
            "history_type": "list" if isinstance(history, list) else type(history).__name__,
            "input_changed": not np.array_equal(theta0, keep),
            "same_object": theta is theta0, "grad_points": points}


def _first_wrapped(history):
    if not hasattr(history, "__len__"):
        return None
    return next(([i, type(h).__name__, list(np.shape(h))] for i, h in enumerate(list(history))
                 if isinstance(h, np.ndarray) and h.size == 1), None)


def numgrad(mods, problem, theta, h=None):
    """Call numerical_gradient (with h only when given); report whether theta was changed."""
    f, _, _ = problem_functions(problem)
    theta0 = _array(theta)
    keep = theta0.copy()
    fn = mods.gradient_descent.numerical_gradient
    raw = fn(f, theta0) if h is None else fn(f, theta0, h)
    with np.errstate(all="ignore"):
        change = float(np.max(np.abs(theta0 - keep))) if theta0.size else 0.0
    return {"grad": _array(raw), "input_change": change, "same_object": raw is theta0}


def mse(mods, theta, X, y):
    t, Xa, ya = _array(theta), _array(X), _array(y)
    keep = (t.copy(), Xa.copy(), ya.copy())
    loss, grad = mods.gradient_descent.mse_loss_and_grad(t, Xa, ya)
    changed = [name for name, a, b in zip(("theta", "X", "y"), (t, Xa, ya), keep) if not np.array_equal(a, b)]
    loss_arr = _array(loss)
    # a 0-d array would arrive as shape (1,) (the protocol's ascontiguousarray makes arrays >= 1-D):
    # send a scalar loss as a Python float and its shape separately
    return {"loss": float(loss_arr) if loss_arr.ndim == 0 else loss_arr, "loss_shape": list(loss_arr.shape),
            "grad": _array(grad), "changed": changed}


def _batches(result):
    out = []
    for b in result:
        arr = np.asarray(b)
        if arr.dtype.kind not in "iu":
            if arr.dtype.kind == "f" and np.all(arr == np.round(arr)):
                out.append({"idx": arr.astype(np.int64), "dtype": str(arr.dtype)})
                continue
            raise TypeError(f"a batch of dtype {arr.dtype} (expected integer indices)")
        out.append({"idx": arr.astype(np.int64).reshape(-1), "dtype": str(arr.dtype)})
    return out


def minibatches(mods, n_samples, batch_size, seed):
    """Two epochs from one generator, one more from a fresh generator with the same seed, and the
    generator's next draw after the first call (it shows how much randomness was consumed)."""
    fn = mods.gradient_descent.minibatch_indices
    rng = np.random.default_rng(seed)
    result = fn(n_samples, batch_size, rng)
    # a list is asked for; a one-pass iterator (a generator, map) has no len(), no indexing, and is empty when
    # read a second time: its type is kept so the tests can say so
    one_pass = None if hasattr(result, "__len__") and hasattr(result, "__getitem__") else type(result).__name__
    first = _batches(result)
    probe_rng = np.random.default_rng(seed)
    fn(n_samples, batch_size, probe_rng)
    next_draw = int(probe_rng.integers(2 ** 62))
    second = _batches(fn(n_samples, batch_size, rng))
    again = _batches(fn(n_samples, batch_size, np.random.default_rng(seed)))
    return {"first": [b["idx"] for b in first], "dtypes": [b["dtype"] for b in first],
            "second": [b["idx"] for b in second], "again": [b["idx"] for b in again], "next_draw": next_draw,
            "one_pass": one_pass}


SEVERAL_VALUES = "should return theta alone"      # the tests name the slip by this phrase of _one_value's message


def _one_value(name, result, shape):
    """Raise, saying so, when ``name`` returned several values (a tuple or list of 2 or more items, one of them of
    theta's shape: theta with extras, as gradient_descent returns a pair) where theta alone belongs -- instead of
    NumPy's failure to make one array of them, which would not say what was returned."""
    if not isinstance(result, (tuple, list)) or len(result) < 2:
        return
    try:
        among = any(np.shape(item) == shape for item in result)
    except ValueError:                    # an item NumPy cannot give a shape (ragged): not theta
        among = False
    if among:
        raise TypeError(f"{name} {SEVERAL_VALUES} (an array of shape {shape}), but it returned a "
                        f"{type(result).__name__} of {len(result)} items, one of them of theta's shape")


def sgd_run(mods, X, y, theta_init, learning_rate, batch_size, epochs, seed, record=400, repeat=True):
    """Call sgd with a logging gradient (the course's MSE gradient); log theta and the batch's rows."""
    Xa, ya, theta0 = _array(X), _array(y), _array(theta_init)
    keep = (Xa.copy(), ya.copy(), theta0.copy())
    rows = {Xa[i].tobytes(): i for i in range(len(Xa))}
    labels = {float(v): i for i, v in enumerate(ya.reshape(-1))}     # the tests' labels are distinct floats
    calls = []

    def grad_f_batch(theta, Xb, yb):
        Xb, yb = np.asarray(Xb, dtype=np.float64), np.asarray(yb, dtype=np.float64).reshape(-1)
        if len(calls) < record:
            idx = [rows.get(np.asarray(r, dtype=np.float64).tobytes(), -1) for r in Xb]
            calls.append({"theta": np.array(theta, dtype=np.float64, copy=True),
                          "idx": np.array(idx, dtype=np.int64),
                          # whose labels came with the rows: the tests check that y[idx] goes with X[idx]
                          "yidx": np.array([labels.get(float(v), -1) for v in yb], dtype=np.int64)})
        if len(yb) != len(Xb):
            # labels that cannot belong to these rows: no gradient exists; a zero one lets the run finish so
            # the tests can say what was passed (from "yidx") instead of reporting a broadcasting error
            return np.zeros_like(np.asarray(theta, dtype=np.float64))
        return mse_grad(theta, Xb, yb)

    rng = np.random.default_rng(seed)
    with np.errstate(all="ignore"):
        result = mods.gradient_descent.sgd(grad_f_batch, theta0, Xa, ya, learning_rate, batch_size, epochs, rng)
    _one_value("sgd", result, theta0.shape)
    theta = _array(result)
    next_draw = int(rng.integers(2 ** 62))
    changed = [name for name, a, b in zip(("X", "y", "theta_init"), (Xa, ya, theta0), keep)
               if not np.array_equal(a, b)]
    # the batches the student's own minibatch_indices gives for this generator, epoch after epoch: lets the
    # tests tell an sgd bug from a minibatch_indices bug (sgd is judged on its own use of the batches)
    own_rng = np.random.default_rng(seed)
    try:
        own = [[np.asarray(b, dtype=np.int64).reshape(-1)
                for b in mods.gradient_descent.minibatch_indices(len(Xa), batch_size, own_rng)]
               for _ in range(epochs)]
    except Exception:                       # noqa: BLE001 -- a broken minibatch_indices is judged by its own tests
        own = None
    out = {"theta": theta, "calls": calls, "changed": changed, "next_draw": next_draw, "own_batches": own}
    if repeat:
        with np.errstate(all="ignore"):
            out["theta_again"] = _array(mods.gradient_descent.sgd(
                lambda t, Xb, yb: mse_grad(t, np.asarray(Xb, float), np.asarray(yb, float)),
                keep[2].copy(), keep[0].copy(), keep[1].copy(), learning_rate, batch_size, epochs,
                np.random.default_rng(seed)))
    return out


def newton_run(mods, problem, theta_init, n_steps):
    f, grad, hess = problem_functions(problem)
    theta0 = _array(theta_init)
    keep = theta0.copy()
    points = []
    with np.errstate(all="ignore"):
        theta = mods.gradient_descent.newton_method(_recorder(grad, points, 100), hess, theta0, n_steps)
    return {"theta": _array(theta), "grad_points": points, "input_changed": not np.array_equal(theta0, keep)}
