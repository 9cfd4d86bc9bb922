"""Known mistakes and valid alternatives for week 1 (gradient_descent.py), as edits to the reference solution.

Each mistake is what students really write; each must lose points and be
named (its tag among the failed tests' tags, its words in the feedback).
Each valid alternative is a correct way of writing the spec and must get
full marks.
"""
from dataclasses import replace

from autograder.catalogue import Mistake, Valid, burn, load_round, solution_region, split_repeats
from autograder.weeks import WEEKS

WEEK = WEEKS["week1_gradient_descent"]

# exact snippets of the reference solution (each occurs once; kept short so unrelated edits do not break them)
GD_COPY = "    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n"
GD_HIST0 = "    history = [float(np.squeeze(f(theta)))]"
GD_STEP = "        theta = theta - learning_rate * grad_f(theta)\n"
GD_APPEND = "        history.append(float(np.squeeze(f(theta))))\n"
NG_LINE = "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
NG_LOOP = ("    for i in np.ndindex(theta.shape):\n"
           "        e = np.zeros_like(theta)\n"
           "        e[i] = h\n" + NG_LINE)
MSE_GRAD = "    grad = (2.0 / len(y)) * (X.T @ residual)\n"
MSE_LOSS = "    loss = float(np.mean(residual ** 2))\n"
MB_BODY = ("    perm = rng.permutation(n_samples)\n"
           "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n")
SGD_BODY = ("    theta = np.array(theta_init, dtype=np.float64)\n"
            "    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
            "    return theta\n")
NEWTON_STEP = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"

MISTAKES = [
    # --- gradient_descent ----------------------------------------------------------------------
    Mistake(tag="gd-history-missing-first", words="missing the FIRST value",
            edits={"gradient_descent": [(GD_HIST0, "    history = []")]},
            why="records the loss after each step only: n_steps values, no f(theta_init)"),
    Mistake(tag="gd-history-missing-last", words="missing the LAST value",
            edits={"gradient_descent": [(GD_HIST0, "    history = []"),
                                        (GD_STEP + GD_APPEND, GD_APPEND + GD_STEP)]},
            why="records the loss before each step: the final loss is never recorded"),
    Mistake(tag="gd-mutates-input", words="modified theta_init",
            edits={"gradient_descent": [(GD_COPY, "    theta = theta_init\n"),
                                        (GD_STEP, "        theta -= learning_rate * grad_f(theta)\n")]},
            why="theta = theta_init does not copy; the in-place step then changes the caller's array"),
    Mistake(tag="gd-wrong-sign", words="gradient ASCENT",
            edits={"gradient_descent": [(GD_STEP, GD_STEP.replace("theta - learning_rate", "theta + learning_rate"))]},
            why="steps up the gradient"),
    # --- numerical_gradient --------------------------------------------------------------------
    Mistake(tag="numgrad-forward-difference", words="FORWARD differences",
            edits={"gradient_descent": [(NG_LINE, "        grad[i] = np.squeeze(f(theta + e) - f(theta)) / h\n")]},
            why="one-sided differences: error of order h instead of h^2"),
    Mistake(tag="numgrad-wrong-denominator", words="divided by h instead of 2h",
            edits={"gradient_descent": [(NG_LINE, "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / h\n")]},
            why="the two points are 2h apart"),
    Mistake(tag="numgrad-perturbation-not-reset", words="never reset",
            edits={"gradient_descent": [(NG_LOOP, NG_LOOP.replace(
                "    for i in np.ndindex(theta.shape):\n        e = np.zeros_like(theta)\n",
                "    e = np.zeros_like(theta)\n    for i in np.ndindex(theta.shape):\n"))]},
            why="the perturbation vector is created once outside the loop and keeps the earlier h's"),
    Mistake(tag="numgrad-ignores-h", words="h argument is ignored",
            edits={"gradient_descent": [(NG_LOOP, NG_LOOP.replace("        e[i] = h\n", "        e[i] = 1e-5\n")
                                         .replace("/ (2 * h)", "/ (2 * 1e-5)"))]},
            why="a step hard-coded inside instead of the parameter"),
    Mistake(tag="numgrad-mutates-theta", words="does not restore it",
            edits={"gradient_descent": [(NG_LOOP,
                                         "    for i in np.ndindex(theta.shape):\n"
                                         "        theta[i] += h\n"
                                         "        f_plus = f(theta)\n"
                                         "        theta[i] -= 2 * h\n"
                                         "        f_minus = f(theta)\n"
                                         "        grad[i] = (f_plus - f_minus) / (2 * h)\n")]},
            why="perturbs the caller's theta in place and leaves it shifted by -h"),
    Mistake(tag="numgrad-aliasing", words="same array",
            edits={"gradient_descent": [(NG_LOOP,
                                         "    for i in np.ndindex(theta.shape):\n"
                                         "        theta_plus = theta\n"
                                         "        theta_plus[i] += h\n"
                                         "        theta_minus = theta\n"
                                         "        theta_minus[i] -= h\n"
                                         "        grad[i] = (f(theta_plus) - f(theta_minus)) / (2 * h)\n")]},
            why="theta_plus = theta does not copy: both 'copies' are theta itself, the difference is 0"),
    # --- mse_loss_and_grad ---------------------------------------------------------------------
    Mistake(tag="mse-grad-missing-2", words="WITHOUT the factor 2",
            edits={"gradient_descent": [(MSE_GRAD, "    grad = (1.0 / len(y)) * (X.T @ residual)\n")]},
            why="forgets the 2 from the derivative of r**2"),
    Mistake(tag="mse-grad-missing-mean", words="WITHOUT the 1/N",
            edits={"gradient_descent": [(MSE_GRAD, "    grad = 2.0 * (X.T @ residual)\n")]},
            why="the gradient of the sum, not of the mean"),
    Mistake(tag="mse-loss-sum", words="SUM of squared residuals",
            edits={"gradient_descent": [(MSE_LOSS, "    loss = float(np.sum(residual ** 2))\n")]},
            why="sum instead of mean"),
    Mistake(tag="mse-grad-wrong-sign", words="wrong sign",
            edits={"gradient_descent": [(MSE_GRAD, "    grad = (2.0 / len(y)) * (X.T @ (y - X @ theta))\n")]},
            why="residual written as y - X theta in the gradient without flipping the sign"),
    # --- minibatch_indices ---------------------------------------------------------------------
    Mistake(tag="minibatches-drop-last", words="dropped",
            edits={"gradient_descent": [(MB_BODY,
                                         "    perm = rng.permutation(n_samples)\n"
                                         "    n_batches = n_samples // batch_size\n"
                                         "    return [perm[i * batch_size:(i + 1) * batch_size]\n"
                                         "            for i in range(n_batches)]\n")]},
            why="n // batch_size batches: the remainder is never used"),
    Mistake(tag="minibatches-no-shuffle", words="not shuffled",
            edits={"gradient_descent": [(MB_BODY, MB_BODY.replace("perm = rng.permutation(n_samples)",
                                                                  "perm = np.arange(n_samples)"))]},
            why="batches in storage order"),
    Mistake(tag="minibatches-global-random", words="np.random",
            edits={"gradient_descent": [(MB_BODY, MB_BODY.replace("perm = rng.permutation(n_samples)",
                                                                  "perm = np.random.permutation(n_samples)"))]},
            why="the global generator: not reproducible from the rng argument"),
    Mistake(tag="minibatches-own-generator", words="generator created inside",
            edits={"gradient_descent": [(MB_BODY, MB_BODY.replace(
                "perm = rng.permutation(n_samples)", "perm = np.random.default_rng(0).permutation(n_samples)"))]},
            why="a fresh seeded generator inside: every epoch has the same order"),
    # --- sgd -----------------------------------------------------------------------------------
    Mistake(tag="sgd-no-reshuffle", words="shuffled once, not at every epoch",
            edits={"gradient_descent": [(SGD_BODY,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    batches = minibatch_indices(len(X), batch_size, rng)\n"
                                         "    for _ in range(epochs):\n"
                                         "        for idx in batches:\n"
                                         "            theta = theta - learning_rate * "
                                         "grad_f_batch(theta, X[idx], y[idx])\n"
                                         "    return theta\n")]},
            why="minibatch_indices called once before the epoch loop"),
    Mistake(tag="sgd-mutates-input", words="modified theta_init",
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace(
                "    theta = np.array(theta_init, dtype=np.float64)\n", "    theta = theta_init\n").replace(
                "            theta = theta - learning_rate", "            theta -= learning_rate"))]},
            why="aliasing the caller's array, then stepping in place"),
    Mistake(tag="sgd-full-batch", words="full-batch",
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace("grad_f_batch(theta, X[idx], y[idx])",
                                                                    "grad_f_batch(theta, X, y)"))]},
            why="passes the whole data set at every step"),
    # --- newton_method -------------------------------------------------------------------------
    Mistake(tag="newton-times-hessian", words="MULTIPLIES the gradient by the Hessian",
            edits={"gradient_descent": [(NEWTON_STEP, "        theta = theta - hess_f(theta) @ grad_f(theta)\n")]},
            why="H g instead of H^-1 g"),
    Mistake(tag="newton-divides-elementwise", words="ELEMENTWISE",
            edits={"gradient_descent": [(NEWTON_STEP, "        theta = theta - grad_f(theta) / hess_f(theta)\n")]},
            why="the 1-D formula f'/f'' copied to several dimensions: broadcasts to a matrix"),
]

VALID = [
    Valid(name="gd-copy-and-in-place-step",
          edits={"gradient_descent": [(GD_COPY, "    theta = theta_init.copy()\n"),
                                      (GD_HIST0, "    history = [np.float64(np.squeeze(f(theta)))]"),
                                      (GD_STEP + GD_APPEND, "        theta -= learning_rate * grad_f(theta)\n"
                                                            "        history.append(np.float64(np.squeeze(f(theta))))\n")]},
          why="a copy stepped in place; history entries NumPy floats (np.float64 is a float), also when f returns "
              "a 1-element array"),
    Valid(name="numgrad-vectorised-eye",
          edits={"gradient_descent": [("    grad = np.zeros_like(theta)\n" + NG_LOOP + "    return grad\n",
                                       "    flat = theta.ravel()\n"
                                       "    E = np.eye(flat.size) * h\n"
                                       "    grad = np.array([(f((flat + E[i]).reshape(theta.shape)) - "
                                       "f((flat - E[i]).reshape(theta.shape))) / (2 * h) for i in range(flat.size)])\n"
                                       "    return grad.reshape(theta.shape)\n")]},
          why="the perturbations as rows of h*I, one comprehension"),
    Valid(name="numgrad-copies-and-restore",
          edits={"gradient_descent": [("    grad = np.zeros_like(theta)\n" + NG_LOOP,
                                       "    theta = np.array(theta, dtype=float)\n"
                                       "    grad = np.empty_like(theta)\n"
                                       "    it = np.nditer(theta, flags=['multi_index'])\n"
                                       "    for _ in it:\n"
                                       "        i = it.multi_index\n"
                                       "        plus, minus = theta.copy(), theta.copy()\n"
                                       "        plus[i] += h\n"
                                       "        minus[i] -= h\n"
                                       "        grad[i] = (f(plus) - f(minus)) / (2 * h)\n")]},
          why="explicit copies, nditer over any shape"),
    Valid(name="mse-residual-other-way",
          edits={"gradient_descent": [("    residual = X @ theta - y\n"
                                       "    loss = float(np.mean(residual ** 2))\n"
                                       "    grad = (2.0 / len(y)) * (X.T @ residual)\n",
                                       "    err = y - np.dot(X, theta)\n"
                                       "    loss = np.mean(err * err)\n"
                                       "    grad = -2 * X.T.dot(err) / X.shape[0]\n")]},
          why="residual y - X theta with the sign carried into the gradient; np.float64 loss"),
    Valid(name="minibatches-shuffle-and-split",
          edits={"gradient_descent": [(MB_BODY,
                                       "    order = np.arange(n_samples)\n"
                                       "    rng.shuffle(order)\n"
                                       "    return np.split(order, range(batch_size, n_samples, batch_size))\n")]},
          why="rng.shuffle of arange is the same draw as rng.permutation; np.split at multiples of batch_size"),
    Valid(name="sgd-permutation-inline",
          edits={"gradient_descent": [(SGD_BODY,
                                       "    theta = theta_init.astype(float)\n"
                                       "    n = X.shape[0]\n"
                                       "    for epoch in range(epochs):\n"
                                       "        perm = rng.permutation(n)\n"
                                       "        for start in range(0, n, batch_size):\n"
                                       "            idx = perm[start:start + batch_size]\n"
                                       "            theta -= learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                                       "    return theta\n")]},
          why="the recipe written inline (same draws); astype copies, so the in-place step is safe"),
    Valid(name="newton-inverse",
          edits={"gradient_descent": [(NEWTON_STEP,
                                       "        theta = theta - np.linalg.inv(hess_f(theta)) @ grad_f(theta)\n")]},
          why="the inverse instead of solve: slower, the same numbers on well-conditioned systems"),
    Valid(name="gd-gradient-twice-per-step",
          edits={"gradient_descent": [("        theta = theta - learning_rate * grad_f(theta)\n",
                                       "        if np.linalg.norm(grad_f(theta)) > 1e12:\n"
                                       "            print('warning: the gradient is very large')\n"
                                       "        theta = theta - learning_rate * grad_f(theta)\n")]},
          why="a look at the gradient, then the step with a second grad_f call at the same point"),
    Valid(name="newton-gradient-twice-per-step",
          edits={"gradient_descent": [(NEWTON_STEP,
                                       "        g = grad_f(theta)\n"
                                       "        if not np.all(np.isfinite(g)):\n"
                                       "            raise ValueError('the gradient is not finite')\n"
                                       "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n")]},
          why="a check on the gradient, then the step with a second grad_f call at the same point: every call is "
              "at the run's own theta"),
]

# --- measured as held-out round 1 (docs/graders.md: written as student code from the sources named,
# graded before the graders knew them), then used to grow the graders: training cases now ----------
ROUND_1 = [
    Mistake(tag="gd-gradient-at-start", name="gd-grad-of-theta-init",
            edits={"gradient_descent": [(GD_STEP, "        theta = theta - learning_rate * grad_f(theta_init)\n")]},
            why="a typo that evaluates the gradient at the starting point at every step",
            source="the week's notebook's gradient-descent loop, retyped with theta_init inside the loop"),
    Mistake(tag="gd-history-of-theta", name="gd-history-holds-theta",
            edits={"gradient_descent": [(GD_APPEND, "        history.append(theta.copy())\n")]},
            why="records the parameters instead of the loss (history of what?)",
            source="the notebook plots history as the loss; the path of theta is another list students keep"),
    Mistake(tag="gd-step-count", name="gd-range-from-one",
            edits={"gradient_descent": [("    for _ in range(n_steps):\n" + GD_STEP,
                                         "    for step in range(1, n_steps):\n" + GD_STEP)]},
            why="counts steps from 1 and stops one step short",
            source="off-by-one loops, a classic (range(1, n))"),
    Mistake(tag="numgrad-wrong-denominator", also=("numgrad-precedence",), name="numgrad-divides-by-2-times-h",
            edits={"gradient_descent": [(NG_LINE,
                                         "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / 2 * h\n")]},
            why="operator precedence: / 2 * h multiplies by h instead of dividing by 2h",
            source="a recurring slip in gradient-check code (x / 2 * h)"),
    Mistake(tag="numgrad-not-per-element", name="numgrad-rows-of-2d-theta",
            edits={"gradient_descent": [(NG_LOOP,
                                         "    for i in range(len(theta)):\n"
                                         "        e = np.zeros_like(theta)\n"
                                         "        e[i] = h\n"
                                         "        grad[i] = (f(theta + e) - f(theta - e)) / (2 * h)\n")]},
            why="loops over the first axis only: for a 2-D theta it perturbs a whole row at once",
            source="cs231n optimization-1 eval_numerical_gradient (np.nditer exists for multi-dimensional x)"),
    Mistake(tag="mse-loss-square-of-mean", name="mse-mean-then-square",
            edits={"gradient_descent": [(MSE_LOSS, "    loss = float(np.mean(residual) ** 2)\n")]},
            why="parenthesis in the wrong place: the square of the mean residual",
            source="misplaced parentheses in mean((Xθ - y)²)"),
    Mistake(tag="mse-grad-wrong-normaliser", name="mse-divides-by-features",
            edits={"gradient_descent": [(MSE_GRAD, "    grad = 2 * X.T @ residual / X.shape[1]\n")]},
            why="divides by the number of features instead of the number of samples",
            source="X.shape[0] vs X.shape[1] confusion"),
    Mistake(tag="minibatches-with-replacement", name="minibatches-rng-choice",
            edits={"gradient_descent": [(MB_BODY,
                                         "    idx = rng.choice(n_samples, n_samples)\n"
                                         "    return [idx[start:start + batch_size]\n"
                                         "            for start in range(0, n_samples, batch_size)]\n")]},
            why="rng.choice draws with replacement by default: some samples twice, some never",
            source="numpy Generator.choice docs: replace=True is the default"),
    Mistake(tag="minibatches-array-split", name="minibatches-array-split-count",
            edits={"gradient_descent": [(MB_BODY,
                                         "    perm = rng.permutation(n_samples)\n"
                                         "    return np.array_split(perm, max(1, n_samples // batch_size))\n")]},
            why="np.array_split takes the NUMBER of pieces: batches of about n / (n // b) samples, not b",
            source="numpy array_split vs split semantics"),
    Mistake(tag="sgd-shuffles-x-y-separately", name="sgd-two-permutations", novel=True,
            edits={"gradient_descent": [(SGD_BODY,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    for _ in range(epochs):\n"
                                         "        Xs = X[rng.permutation(len(X))]\n"
                                         "        ys = y[rng.permutation(len(y))]\n"
                                         "        for start in range(0, len(X), batch_size):\n"
                                         "            theta = theta - learning_rate * grad_f_batch(\n"
                                         "                theta, Xs[start:start + batch_size], "
                                         "ys[start:start + batch_size])\n"
                                         "    return theta\n")]},
            why="X and y shuffled with two different permutations: the labels no longer belong to the rows",
            source="shuffling X and y together (qiita.com/ari_san, 'Xとyの対応を崩さない')"),
    Mistake(tag="sgd-lr-divided-by-batch", name="sgd-lr-over-batch-size", novel=True,
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace(
                "theta - learning_rate * grad_f_batch", "theta - learning_rate / batch_size * grad_f_batch"))]},
            why="divides the rate by the batch size as if the gradient were a sum (it is a mean)",
            source="sum vs mean losses in mini-batch SGD"),
    Mistake(tag="newton-elementwise-product", name="newton-inv-times",
            edits={"gradient_descent": [(NEWTON_STEP,
                                         "        theta = theta - np.linalg.inv(hess_f(theta)) * grad_f(theta)\n")]},
            why="* instead of @: an elementwise product broadcasts to a matrix",
            source="numpy * vs @ (matrix product) confusion"),
    Mistake(tag="newton-fixed-step", name="newton-direction-once",
            edits={"gradient_descent": [("    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    for _ in range(n_steps):\n" + NEWTON_STEP,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    step = np.linalg.solve(hess_f(theta), grad_f(theta))\n"
                                         "    for _ in range(n_steps):\n"
                                         "        theta = theta - step\n")]},
            why="the Newton direction computed once, before the loop, and reused",
            source="hoisting a loop-dependent computation out of the loop"),
]
# sgd() is judged in test_sgd.py, which was being reworked for unforgeable outcome points: naming these two
# waited for that, so they were not used to grow the graders and stayed held out through round 3 (burnt below)
STILL_HELD_OUT = ("sgd-two-permutations", "sgd-lr-over-batch-size")
MISTAKES += [replace(m, was_held_out=1) for m in ROUND_1 if m.case not in STILL_HELD_OUT]
HELD_OUT = [m for m in ROUND_1 if m.case in STILL_HELD_OUT]


# --- measured as held-out round 2 (docs/graders.md: written as student code after round 1 had grown the
# graders, graded before the graders knew them), then used to grow the graders: training cases now ---------
NG_REGION = "    theta = np.asarray(theta, dtype=np.float64)\n    grad = np.zeros_like(theta)\n" + NG_LOOP
ROUND_2 = [
    Mistake(tag="gd-mutates-input", name="gd-asarray-no-copy",
            edits={"gradient_descent": [(GD_COPY, "    theta = np.asarray(theta_init, dtype=np.float64)\n"),
                                        (GD_STEP, "        theta -= learning_rate * grad_f(theta)\n")]},
            why="np.asarray returns the same array when it already is float64: the in-place step moves the caller's",
            source="numpy.asarray docs: no copy is made if the input is already an ndarray of that dtype"),
    Mistake(tag="gd-step-count", also=("gd-history-missing-last",), name="gd-while-len-history",
            edits={"gradient_descent": [("    for _ in range(n_steps):\n" + GD_STEP,
                                         "    while len(history) < n_steps:\n" + GD_STEP)]},
            why="a while loop on the history's length stops one step short (history starts with one entry)",
            source="loop conditions written on a list that already holds the starting value"),
    Mistake(tag="numgrad-forward-difference", name="numgrad-cs231n-forward",
            edits={"gradient_descent": [(NG_REGION,
                                         "    theta = np.asarray(theta, dtype=np.float64)\n"
                                         "    grad = np.zeros_like(theta)\n"
                                         "    fx = f(theta)\n"
                                         "    for i in np.ndindex(theta.shape):\n"
                                         "        e = np.zeros_like(theta)\n"
                                         "        e[i] = h\n"
                                         "        grad[i] = np.squeeze(f(theta + e) - fx) / h\n")]},
            why="f evaluated once at theta and reused: a one-sided difference",
            source="cs231n optimization-1 notes, eval_numerical_gradient (fxh - fx) / h; cs231n.github.io issue #186"),
    Mistake(tag="numgrad-ignores-h", name="numgrad-own-epsilon",
            edits={"gradient_descent": [(NG_LOOP, NG_LOOP.replace("        e[i] = h\n", "        e[i] = 1e-4\n")
                                         .replace("/ (2 * h)", "/ (2 * 1e-4)"))]},
            why="a step size of its own (1e-4) instead of the h argument",
            source="gradient-check code with a fixed epsilon (deeplearning.ai's gradient_check uses epsilon=1e-7)"),
    Mistake(tag="numgrad-wrong-denominator", also=("numgrad-scaled",), name="numgrad-half-steps",
            edits={"gradient_descent": [(NG_LOOP, NG_LOOP.replace("        e[i] = h\n", "        e[i] = h / 2\n"))]},
            why="the points are h/2 on either side (h apart) but the difference is divided by 2h: half the gradient",
            source="symmetric difference written as f(x + h/2) - f(x - h/2) with the wrong denominator"),
    Mistake(tag="mse-grad-no-transpose", also=("wrong-shape",), name="mse-x-times-residual",
            edits={"gradient_descent": [(MSE_GRAD, "    grad = (2.0 / len(y)) * (X @ residual)\n")]},
            why="X @ r instead of X.T @ r: the shapes (N, d) and (N,) do not match",
            source="the transpose in the gradient of a least-squares loss"),
    Mistake(tag="mse-loss-half", name="mse-half-mean",
            edits={"gradient_descent": [(MSE_LOSS, "    loss = float(np.mean(residual ** 2)) / 2\n")]},
            why="the 1/2 convention of many textbooks, in a course whose loss has none",
            source="the 1/2 MSE convention (e.g. Goodfellow et al., Deep Learning, ch. 5)"),
    Mistake(tag="mse-grad-wrong-sign", name="mse-minus-gradient",
            edits={"gradient_descent": [(MSE_GRAD, "    grad = -(2.0 / len(y)) * (X.T @ residual)\n")]},
            why="a minus sign from writing the residual the other way in one place only",
            source="r = y - X theta in a derivation, r = X theta - y in the code"),
    Mistake(tag="minibatches-array-split", name="minibatches-np-split-count",
            edits={"gradient_descent": [(MB_BODY,
                                         "    perm = rng.permutation(n_samples)\n"
                                         "    return np.split(perm, n_samples // batch_size)\n")]},
            why="np.split into n // batch_size equal pieces (fails when they cannot be equal)",
            source="numpy.split / array_split take a number of sections"),
    Mistake(tag="sgd-batches", name="sgd-rows-by-position",
            edits={"gradient_descent": [(SGD_BODY,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    for _ in range(epochs):\n"
                                         "        for k, idx in enumerate(minibatch_indices(len(X), batch_size, rng)):\n"
                                         "            rows = slice(k * batch_size, k * batch_size + len(idx))\n"
                                         "            theta = theta - learning_rate * grad_f_batch(theta, X[rows], "
                                         "y[rows])\n"
                                         "    return theta\n")]},
            why="the batches' sizes are used, their indices are not: the rows come in stored order",
            source="slicing X by position inside a loop over index batches"),
    Mistake(tag="sgd-update-count", name="sgd-one-epoch-short",
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace("range(epochs)", "range(epochs - 1)"))]},
            why="one epoch fewer than asked",
            source="off-by-one loop bounds"),
    Mistake(tag="sgd-lr-decay", name="sgd-decays-its-rate", novel=True,
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace(
                "    return theta\n", "        learning_rate = learning_rate * 0.9\n    return theta\n"))]},
            why="a learning-rate decay that nobody asked for, once per epoch",
            source="SGD recipes that decay the rate per epoch (e.g. the week 3 schedules, applied here)"),
    Mistake(tag="newton-fixed-hessian", name="newton-hessian-at-start",
            edits={"gradient_descent": [("    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    for _ in range(n_steps):\n" + NEWTON_STEP,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    H = hess_f(theta)\n"
                                         "    for _ in range(n_steps):\n"
                                         "        theta = theta - np.linalg.solve(H, grad_f(theta))\n")]},
            why="the Hessian computed once at the start (a quasi-Newton shortcut that is not Newton's method)",
            source="hoisting hess_f out of the loop 'because it is expensive'"),
]

# sgd-decays-its-rate: judged in a file then being reworked, so it stayed held out through round 3 (burnt below)
STILL_HELD_OUT_2 = ('sgd-decays-its-rate',)
MISTAKES += [replace(m, was_held_out=2) for m in ROUND_2 if m.case not in STILL_HELD_OUT_2]
HELD_OUT += [m for m in ROUND_2 if m.case in STILL_HELD_OUT_2]


# --- held out, round 3: written as student code after round 2 had grown the graders, before these were ever
# graded. About two in three are mistakes the graders know, in a new form (most slips are common ones); the
# rest are new. Tags say what a reader would call the mistake, ``also`` other names that describe it as truly.
# Frozen by HELD_OUT_DIGESTS (docs/graders.md) ----------------------------------------------------------------
ROUND_3 = [
    Mistake(tag="gd-history-rounded", name="gd-history-rounded-to-4-digits", novel=True,
            edits={"gradient_descent": [(GD_APPEND, "        history.append(round(float(np.squeeze(f(theta))), 4))\n")]},
            why="losses rounded to 4 digits 'for readability'",
            source="rounding values meant for printing"),
    Mistake(tag="gd-normalised-gradient", name="gd-unit-gradient-step", novel=True,
            edits={"gradient_descent": [(GD_STEP, "        g = grad_f(theta)\n"
                                                  "        theta = theta - learning_rate * g / np.linalg.norm(g)\n")]},
            why="steps of length learning_rate along the unit gradient: not gradient descent's step",
            source="normalised gradient descent mixed up with the plain one"),
    Mistake(tag="numgrad-forward-difference", name="numgrad-forward-over-2h",
            edits={"gradient_descent": [(NG_LINE, "        grad[i] = np.squeeze(f(theta + e) - f(theta)) / (2 * h)\n")]},
            why="a one-sided difference divided by the central difference's 2h",
            source="halfway between the forward and the central formula"),
    Mistake(tag="numgrad-mutates-theta", name="numgrad-flat-perturb-no-restore",
            edits={"gradient_descent": [(NG_LOOP,
                                         "    for i in range(theta.size):\n"
                                         "        theta.flat[i] += h\n"
                                         "        f_plus = f(theta)\n"
                                         "        theta.flat[i] -= 2 * h\n"
                                         "        f_minus = f(theta)\n"
                                         "        grad.flat[i] = np.squeeze(f_plus - f_minus) / (2 * h)\n")]},
            why="perturbs the caller's theta through .flat and leaves it shifted by -h",
            source="in-place perturbation (the cs231n notes restore it; this does not)"),
    Mistake(tag="mse-loss-norm-not-squared", name="mse-norm-over-n", novel=True,
            edits={"gradient_descent": [(MSE_LOSS, "    loss = float(np.linalg.norm(residual) / len(y))\n")]},
            why="the norm of the residual divided by N: neither a mean of squares nor its root",
            source="norm vs squared norm"),
    Mistake(tag="mse-grad-missing-2", also=("mse-grad-scaled",), name="mse-grad-over-n-only",
            edits={"gradient_descent": [(MSE_GRAD, "    grad = X.T @ residual / len(y)\n")]},
            why="the mean of X^T r without the 2 of the derivative of r**2",
            source="the derivative of the square forgotten"),
    Mistake(tag="minibatches-drop-last", name="minibatches-stop-before-last",
            edits={"gradient_descent": [(MB_BODY,
                                         "    idx = np.arange(n_samples)\n"
                                         "    rng.shuffle(idx)\n"
                                         "    return [idx[i:i + batch_size] for i in range(0, n_samples - batch_size, "
                                         "batch_size)]\n")]},
            why="range stops batch_size early: the last batch (and a full one when it divides) is lost",
            source="range(0, n - b, b) written to 'avoid a short batch'"),
    Mistake(tag="minibatches-rng-use", name="minibatches-permutation-drawn-twice",
            edits={"gradient_descent": [(MB_BODY,
                                         "    assert len(rng.permutation(n_samples)) == n_samples\n" + MB_BODY)]},
            why="a permutation drawn for a sanity check and thrown away: the generator moves on twice",
            source="side effects of a random draw inside a check"),
    Mistake(tag="sgd-labels-not-indexed", name="sgd-whole-y", novel=True,
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace("grad_f_batch(theta, X[idx], y[idx])",
                                                                    "grad_f_batch(theta, X[idx], y)"))]},
            why="the batch's rows of X with ALL of y",
            source="indexing one array and forgetting the other"),
    Mistake(tag="sgd-global-random", name="sgd-np-random-shuffle",
            edits={"gradient_descent": [(SGD_BODY,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    for _ in range(epochs):\n"
                                         "        order = np.arange(len(X))\n"
                                         "        np.random.shuffle(order)\n"
                                         "        for start in range(0, len(X), batch_size):\n"
                                         "            idx = order[start:start + batch_size]\n"
                                         "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                                         "    return theta\n")]},
            why="NumPy's global generator instead of rng",
            source="numpy.random.shuffle, the global generator of many SGD tutorials"),
    Mistake(tag="newton-steps-from-start", name="newton-from-theta-init-each-time", novel=True,
            edits={"gradient_descent": [(NEWTON_STEP,
                                         "        theta = theta_init - np.linalg.solve(hess_f(theta), grad_f(theta))\n")]},
            why="each step starts again from theta_init",
            source="theta_init where theta belongs on the right-hand side"),
    Mistake(tag="newton-step-count", name="newton-one-step-too-many",
            edits={"gradient_descent": [("    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    for _ in range(n_steps):\n" + NEWTON_STEP,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    for _ in range(n_steps + 1):\n" + NEWTON_STEP)]},
            why="n_steps + 1 steps",
            source="off-by-one loop bounds"),
]
HELD_OUT += ROUND_3


# --- grown by family from round 3 (docs/graders.md, "Families"): new code, written for the training part, that
# belongs to the family of a round-3 mistake; each checks that the family's detector names more than one instance.
FAMILIES = [
    # values rounded or quantised
    Mistake(tag="gd-history-rounded", name="gd-history-float32",
            edits={"gradient_descent": [(GD_APPEND, "        history.append(np.float32(f(theta)))\n")]},
            why="losses stored as float32 'to save memory'", source="family: values rounded or quantised"),
    Mistake(tag="gd-history-rounded", name="gd-history-six-significant",
            edits={"gradient_descent": [(GD_APPEND, "        history.append(float(f\"{float(f(theta)):.6g}\"))\n")]},
            why="losses formatted for printing and parsed back", source="family: values rounded or quantised"),
    # a step of fixed length: the gradient normalised
    Mistake(tag="gd-normalised-gradient", name="gd-direction-over-its-length",
            edits={"gradient_descent": [(GD_STEP, "        g = grad_f(theta)\n"
                                                  "        direction = g / np.sqrt(np.sum(g ** 2))\n"
                                                  "        theta = theta - learning_rate * direction\n")]},
            why="a unit direction times the rate", source="family: a step of fixed length"),
    # a learning rate that changes inside a method that has none to change
    Mistake(tag="gd-lr-decay", name="gd-rate-shrinks-each-step",
            edits={"gradient_descent": [(GD_STEP, GD_STEP + "        learning_rate *= 0.99\n")]},
            why="a decay written into the loop", source="family: a rate that decays inside the method"),
    Mistake(tag="sgd-lr-decay", name="sgd-rate-over-epoch-plus-one",
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace(
                "    for _ in range(epochs):\n", "    for epoch in range(epochs):\n").replace(
                "theta - learning_rate * grad_f_batch", "theta - learning_rate / (1 + epoch) * grad_f_batch"))]},
            why="an inverse-time decay per epoch", source="family: a rate that decays inside the method"),
    # a constant factor tied to a hyperparameter
    Mistake(tag="sgd-lr-divided-by-batch", name="sgd-step-size-hoisted-over-batch",
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace(
                "    for _ in range(epochs):\n", "    step = learning_rate / batch_size\n    for _ in range(epochs):\n"
            ).replace("theta - learning_rate * grad_f_batch", "theta - step * grad_f_batch"))]},
            why="the rate divided by the batch size once, before the loops", source="family: a constant factor"),
    # the labels do not belong to the rows
    Mistake(tag="sgd-shuffles-x-y-separately", name="sgd-labels-from-the-front",
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace("grad_f_batch(theta, X[idx], y[idx])",
                                                                    "grad_f_batch(theta, X[idx], y[:len(idx)])"))]},
            why="the first len(idx) labels with the batch's rows", source="family: labels not paired with rows"),
    Mistake(tag="sgd-shuffles-x-y-separately", name="sgd-shuffles-x-only",
            edits={"gradient_descent": [(SGD_BODY,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    for _ in range(epochs):\n"
                                         "        Xs = X[rng.permutation(len(X))]\n"
                                         "        for start in range(0, len(X), batch_size):\n"
                                         "            theta = theta - learning_rate * grad_f_batch(\n"
                                         "                theta, Xs[start:start + batch_size], y[start:start + batch_size])\n"
                                         "    return theta\n")]},
            why="X shuffled, y left in its order", source="family: labels not paired with rows"),
    Mistake(tag="sgd-labels-not-indexed", name="sgd-labels-from-first-index",
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace("grad_f_batch(theta, X[idx], y[idx])",
                                                                    "grad_f_batch(theta, X[idx], y[idx[0]:])"))]},
            why="the labels sliced from the batch's first index to the end", source="family: labels not paired"),
    # every step starts again from the start
    Mistake(tag="gd-steps-from-start", name="gd-from-theta-init-each-time",
            edits={"gradient_descent": [(GD_STEP, "        theta = theta_init - learning_rate * grad_f(theta)\n")]},
            why="theta_init where theta belongs", source="family: every step restarts from the start"),
    Mistake(tag="newton-steps-from-start", name="newton-step-then-from-start",
            edits={"gradient_descent": [(NEWTON_STEP, "        step = np.linalg.solve(hess_f(theta), grad_f(theta))\n"
                                                      "        theta = theta_init - step\n")]},
            why="the step subtracted from the start point", source="family: every step restarts from the start"),
    # one step too many or too few
    Mistake(tag="newton-step-count", name="newton-do-while",
            edits={"gradient_descent": [("    for _ in range(n_steps):\n" + NEWTON_STEP,
                                         "    k = 0\n"
                                         "    while True:\n" + NEWTON_STEP +
                                         "        k += 1\n"
                                         "        if k >= n_steps:\n"
                                         "            break\n")]},
            why="a loop that tests its condition after the step: n_steps = 0 still steps once",
            source="family: one step too many or too few"),
    # a known mistake and a constant factor besides
    Mistake(tag="numgrad-forward-difference", name="numgrad-backward-over-2h",
            edits={"gradient_descent": [(NG_LINE, "        grad[i] = np.squeeze(f(theta) - f(theta - e)) / (2 * h)\n")]},
            why="a one-sided (backward) difference over 2h", source="family: a known mistake off by a factor"),
    # the norm where the squared norm belongs
    Mistake(tag="mse-loss-norm-not-squared", name="mse-loss-norm",
            edits={"gradient_descent": [(MSE_LOSS, "    loss = float(np.linalg.norm(residual))\n")]},
            why="the residuals' norm as the loss", source="family: norm vs squared norm"),
    Mistake(tag="mse-loss-norm-not-squared", name="mse-loss-root-of-sum-over-n",
            edits={"gradient_descent": [(MSE_LOSS, "    loss = float(np.sqrt(np.sum(residual ** 2)) / len(y))\n")]},
            why="the square root of the sum of squares, over N", source="family: norm vs squared norm"),
]
MISTAKES += FAMILIES

# --- round 3 burnt (docs/graders.md, "The held-out part"): measured as held out (37 of 60 named), then used
# to grow the graders by family; training cases now. The next held-out round is kept outside the repository.
MISTAKES += [replace(m, was_held_out=3) for m in HELD_OUT]
HELD_OUT = []
HELD_OUT_DIGESTS: dict[str, str] = {}

# Held-out round 4 (docs/graders.md): heldout_round4.py, written outside the repository from public sources
# after round 3 was burnt and before anything was graded, then copied here unchanged and graded once.
ROUND_4 = load_round(__file__, "heldout_round4.py").ROUND_4
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions,
# found to name a case as truly (before grading; docs/graders.md)
ROUND_4_ALSO = {'gd-halves-lr-when-loss-rises': ('gd-lr-decay',), 'mse-loss-rmse': ('mse-loss-norm-not-squared',), 'sgd-lr-times-batch-size': ('sgd-step-scaled',)}

# --- round 4 burnt (docs/graders.md, "The figures"): graded once held out (76 of 80 lose points, 22 named), then
# used to grow the graders by family; training cases now (heldout_round4.py stays as it was written).
# After grading, a family's name that describes a case as truly (the family's own words, read against the case):
ROUND_4_ALSO = {**ROUND_4_ALSO, 'newton-half-step': ('newton-step-scaled',)}
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_4_UNNAMED = {
    'numgrad-float32-theta': 'float32 storage of theta: the quantised family covers rounded outputs, not a difference of two float32 values',
    'mse-loss-np-var': "np.var subtracts the residuals' mean: no model of a centred loss",
    # 'minibatches-argsort-of-random': its own shuffling recipe -- named since round 14's burn (minibatches-own-recipe)
    'sgd-one-update-per-epoch': 'one full-batch update per epoch: no full-batch model in the sgd test',
}
MISTAKES += burn(ROUND_4, 4, ROUND_4_ALSO, ROUND_4_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- families grown from round 4 (docs/graders.md, "Families"): other code in the same class of slips ----------
MISTAKES += [
    # an early stop added: a convergence test ends the loop before n_steps (test_gd_steps' run to the minimum)
    Mistake(tag="gd-early-stop", name="gd-stops-when-loss-stops-changing",
            edits={"gradient_descent": [(GD_STEP + GD_APPEND,
                                         GD_STEP + GD_APPEND + "        if abs(history[-1] - history[-2]) < 1e-12:\n"
                                                               "            break\n")]},
            why="a tolerance on the change of the loss, as in scipy's ftol", source="family: an early stop added"),
    Mistake(tag="gd-early-stop", name="gd-stops-when-theta-stops-moving",
            edits={"gradient_descent": [(GD_STEP, "        new = theta - learning_rate * grad_f(theta)\n"
                                                  "        if np.allclose(new, theta):\n"
                                                  "            break\n"
                                                  "        theta = new\n")]},
            why="np.allclose of two iterates as the stopping rule", source="family: an early stop added"),
]

# Held-out round 5 (docs/graders.md): heldout_round5.py, written outside the repository from public sources
# after round 4 was burnt, by an engineer who never read the graders; copied here unchanged and graded once,
# with the writer's own tags only (its digests, recorded while it was held out, went with the burn).
ROUND_5 = load_round(__file__, "heldout_round5.py").ROUND_5

# --- round 5 burnt (docs/graders.md, "The figures"): graded once held out (79 of 79 lose points, 41 named), then
# used to grow the graders by family and by mechanism; training cases now (heldout_round5.py stays as it was
# written; its digests are gone with the held-out mark).
# After grading, a name of the graders' that describes a case as truly as its own tag (its words read against the
# case): the Newton step scaled by 0.8 is "every entry c times the Newton step"; dividing by diag(H) is the
# elementwise division the model names.
ROUND_5_ALSO = {'newton-step-size-0.8-inv': ('newton-step-scaled',),
                'newton-divides-by-diagonal': ('newton-divides-elementwise',)}
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_5_UNNAMED = {
}
MISTAKES += burn(ROUND_5, 5, ROUND_5_ALSO, ROUND_5_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- families grown from round 5 (docs/graders.md, "Families"): other code in the same class of slips ----------
MISTAKES += [
    # not one entry at a time: h added to the whole theta (every entry the derivative along (1, ..., 1))
    Mistake(tag="numgrad-not-per-element", name="numgrad-ones-like-step",
            edits={"gradient_descent": [(NG_LINE, "        step = h * np.ones_like(theta)\n"
                                                  "        grad[i] = np.squeeze(f(theta + step) - f(theta - step)) "
                                                  "/ (2 * h)\n")]},
            why="a step vector of ones times h, made for 'the direction', used for every entry",
            source="family: not one entry at a time"),
    Mistake(tag="numgrad-not-per-element", name="numgrad-full-like-perturbation",
            edits={"gradient_descent": [(NG_LOOP, "    for i in np.ndindex(theta.shape):\n"
                                                  "        e = np.full_like(theta, h)\n"
                                                  "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) "
                                                  "/ (2 * h)\n")]},
            why="np.full_like(theta, h) where np.zeros_like and e[i] = h were meant",
            source="family: not one entry at a time"),
]

# Held-out round 6 (docs/graders.md): heldout_round6.py, written outside the repository from public sources
# after round 5 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_6 = load_round(__file__, "heldout_round6.py").ROUND_6
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_6_ALSO = {'gd-loop-n-plus-one-steps': ('gd-step-count',), 'mse-grad-np-mean-without-axis': ('wrong-shape',), 'newton-levenberg-marquardt-damping': ('newton-damped',)}

# --- round 6 burnt (docs/graders.md, "The figures"): graded once held out (70 of 74 lose points, 44 named), then
# used to grow the graders; training cases now (heldout_round6.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_6_UNNAMED = {
    'mse-grad-mean-residual-times-mean-row': "mean(r) * mean(X) for mean(r X): a direction no constant factor, "
                                             "axis or sign of the reference's gradient explains (a model of this "
                                             "student's algebra)",
    'minibatches-remainder-merged-into-previous': "one batch fewer, the last one larger: no batch family records "
                                                  "how the remainder was placed (a model of this student's code)",
}
# After grading, a family's name that describes a case as truly (its words read against the case): the fallback to a
# gradient step is one way of treating an indefinite Hessian differently (test_newton's saddle run).
ROUND_6_ALSO = {**ROUND_6_ALSO, 'newton-gradient-step-when-not-convex': ('newton-hessian-modified',)}
MISTAKES += burn(ROUND_6, 6, ROUND_6_ALSO, ROUND_6_UNNAMED, MISTAKES)

# --- families grown from round 6 (docs/graders.md, "Families"): other code in the same class of slips ----------
NEWTON_SOLVE = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"
MISTAKES += [
    # a loss kept as the array it came in: history must hold floats, and f may return a 1-element array
    Mistake(tag="gd-history-not-floats", name="gd-history-squeezed-not-converted",
            edits={"gradient_descent": [(GD_HIST0, "    history = [np.squeeze(f(theta))]"),
                                        (GD_APPEND, "        history.append(np.squeeze(f(theta)))\n")]},
            why="np.squeeze makes a 1-element array 0-d, still an array, not a float",
            source="family: a number kept as an array"),
    Mistake(tag="gd-history-not-floats", name="gd-history-asarray",
            edits={"gradient_descent": [(GD_HIST0, "    history = [np.asarray(f(theta))]"),
                                        (GD_APPEND, "        history.append(np.asarray(f(theta)))\n")]},
            why="np.asarray 'to be safe' turns even a float loss into a 0-d array",
            source="family: a number kept as an array"),
    # an indefinite Hessian treated differently: the course's Newton step solves H d = g whatever H's eigenvalues
    Mistake(tag="newton-hessian-modified", name="newton-saddle-free-abs-eigenvalues",
            edits={"gradient_descent": [(NEWTON_SOLVE,
                                         "        lam, V = np.linalg.eigh(hess_f(theta))\n"
                                         "        theta = theta - V @ ((V.T @ grad_f(theta)) / np.abs(lam))\n")]},
            why="saddle-free Newton (|H| by its eigenvalues), which students meet in papers on saddle points",
            source="family: an indefinite Hessian treated differently (Dauphin et al. 2014, saddle-free Newton)"),
    Mistake(tag="newton-hessian-modified", name="newton-cholesky-fails-small-gradient-step",
            edits={"gradient_descent": [(NEWTON_SOLVE,
                                         "        try:\n"
                                         "            np.linalg.cholesky(hess_f(theta))\n"
                                         "            theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"
                                         "        except np.linalg.LinAlgError:   # not positive definite\n"
                                         "            theta = theta - 0.01 * grad_f(theta)\n")]},
            why="a Cholesky test for positive definiteness, with a small gradient step when it fails",
            source="family: an indefinite Hessian treated differently (Nocedal & Wright, ch. 3.4)"),
    Mistake(tag="newton-hessian-modified", name="newton-flips-ascent-direction",
            edits={"gradient_descent": [(NEWTON_SOLVE,
                                         "        g = grad_f(theta)\n"
                                         "        d = np.linalg.solve(hess_f(theta), g)\n"
                                         "        if d @ g < 0:   # not a descent direction: turn it\n"
                                         "            d = -d\n"
                                         "        theta = theta - d\n")]},
            why="the Newton direction turned around where it points uphill",
            source="family: an indefinite Hessian treated differently (line-search safeguards)"),
]
HELD_OUT = []
HELD_OUT_DIGESTS = {}


# --- round 7 of valid variants (docs/graders.md, "Valid variants, round 7"): correct code written from the contract,
# the stubs' docstrings and the libraries' public code BEFORE the graders were read, graded once, then the graders
# fixed for the classes that lost points. Whole-function snippets come from the reference (solution_region). ----
def _valid_round_7() -> list[Valid]:
    """Round 7's valid variants of this week (a function, so its snippet names stay local)."""
    NEWTON_STEP = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"
    IMPORT = "import numpy as np\n"
    M = "gradient_descent"
    GD_BODY = solution_region(WEEK, 'gradient_descent', 'gradient_descent')
    NG_BODY = solution_region(WEEK, 'gradient_descent', 'numerical_gradient')
    MSE_BODY = solution_region(WEEK, 'gradient_descent', 'mse_loss_and_grad')
    MB_BODY = solution_region(WEEK, 'gradient_descent', 'minibatch_indices')
    SGD_BODY = solution_region(WEEK, 'gradient_descent', 'sgd')
    return [
        # --- gradient_descent ---------------------------------------------------------------------------
        Valid(name="round7-gd-prints-loss-with-extra-f-call",
              edits={M: [(GD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    history = [float(np.squeeze(f(theta)))]\n"
                          "    for k in range(n_steps):\n"
                          "        theta = theta - learning_rate * grad_f(theta)\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "        if k % 10 == 0:\n"
                          "            print(f'step {k}: loss {np.squeeze(f(theta)):.6g}')\n"
                          "    return theta, history\n")]},
              why="prints the loss every 10 steps with a second f call at the same theta (a side effect, the same run)"),
        Valid(name="round7-gd-warns-when-loss-rises",
              edits={M: [(IMPORT, "import warnings\n\nimport numpy as np\n"),
                         (GD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    history = [float(np.squeeze(f(theta)))]\n"
                          "    for _ in range(n_steps):\n"
                          "        theta = theta - learning_rate * grad_f(theta)\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "        if history[-1] > history[-2]:\n"
                          "            warnings.warn('the loss went up: is the learning rate too large?')\n"
                          "    return theta, history\n")]},
              why="a warnings.warn when the loss rises (the lesson's 'too large' sign); the run is unchanged"),
        Valid(name="round7-gd-item-and-grad-log",
              edits={M: [(GD_BODY,
                          "    theta = theta_init.astype(np.float64, copy=True)\n"
                          "    history = [np.asarray(f(theta)).item()]\n"
                          "    grad_norms = []\n"
                          "    for _ in range(n_steps):\n"
                          "        g = grad_f(theta)\n"
                          "        assert g.shape == theta.shape, (g.shape, theta.shape)\n"
                          "        grad_norms.append(float(np.linalg.norm(g)))\n"
                          "        theta = theta - learning_rate * g\n"
                          "        history.append(np.asarray(f(theta)).item())\n"
                          "    return theta, history\n")]},
              why=".item() turns a float or a 1-element array into a Python float; the gradient is asserted to have "
                  "theta's shape and its norm logged into a list"),
        Valid(name="round7-gd-while-loop-history-tolist",
              edits={M: [(GD_BODY,
                          "    theta = np.copy(theta_init).astype(float)\n"
                          "    losses = np.empty(n_steps + 1)\n"
                          "    losses[0] = np.squeeze(f(theta))\n"
                          "    step = 0\n"
                          "    while step < n_steps:\n"
                          "        np.subtract(theta, learning_rate * grad_f(theta), out=theta)\n"
                          "        step += 1\n"
                          "        losses[step] = np.squeeze(f(theta))\n"
                          "    return theta, losses.tolist()\n")]},
              why="a preallocated float64 array of losses turned into a list of Python floats with tolist(); a while "
                  "loop; the step in place on a private copy"),
        Valid(name="round7-gd-zero-steps-early-return",
              edits={M: [(GD_BODY,
                          "    start = float(np.squeeze(f(theta_init)))\n"
                          "    if n_steps == 0:\n"
                          "        return np.array(theta_init, dtype=np.float64), [start]\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    history = [start]\n"
                          "    for _ in range(n_steps):\n"
                          "        theta = theta - learning_rate * grad_f(theta)\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "    return theta, history\n")]},
              why="n_steps = 0 handled up front (a copy of the start and its loss); f of theta_init evaluated on the "
                  "caller's array, which f does not modify"),
        # --- numerical_gradient -------------------------------------------------------------------------
        Valid(name="round7-numgrad-cs231n-restore-on-copy",
              edits={M: [(NG_BODY,
                          "    x = np.array(theta, dtype=np.float64)   # a private copy, perturbed and restored\n"
                          "    grad = np.zeros_like(x)\n"
                          "    fx = f(x)   # cs231n evaluates f at x first (unused by central differences)\n"
                          "    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])\n"
                          "    while not it.finished:\n"
                          "        ix = it.multi_index\n"
                          "        old = x[ix]\n"
                          "        x[ix] = old + h\n"
                          "        fxph = f(x)\n"
                          "        x[ix] = old - h\n"
                          "        fxmh = f(x)\n"
                          "        x[ix] = old\n"
                          "        grad[ix] = np.squeeze(fxph - fxmh) / (2 * h)\n"
                          "        it.iternext()\n"
                          "    return grad\n")]},
              why="cs231n's eval_numerical_gradient with central differences, on a copy of theta: one array perturbed "
                  "in place and restored, f also called once at theta"),
        Valid(name="round7-numgrad-flat-view-item",
              edits={M: [(NG_BODY,
                          "    x = theta.astype(float)   # astype copies\n"
                          "    flat = x.reshape(-1)      # a view of the copy\n"
                          "    grad = np.empty(flat.size)\n"
                          "    for i in range(flat.size):\n"
                          "        xp = flat.copy()\n"
                          "        xm = flat.copy()\n"
                          "        xp[i] += h\n"
                          "        xm[i] -= h\n"
                          "        fp = np.asarray(f(xp.reshape(x.shape))).item()\n"
                          "        fm = np.asarray(f(xm.reshape(x.shape))).item()\n"
                          "        grad[i] = (fp - fm) / (2 * h)\n"
                          "    return grad.reshape(x.shape)\n")]},
              why="a flat loop over a raveled copy, f's values as Python floats with .item() before subtracting; "
                  "reshaped back to theta's shape"),
        # --- mse_loss_and_grad --------------------------------------------------------------------------
        Valid(name="round7-mse-einsum",
              edits={M: [(MSE_BODY,
                          "    r = np.einsum('ij,j->i', X, theta) - y\n"
                          "    n = X.shape[0]\n"
                          "    loss = float(r @ r / n)\n"
                          "    grad = 2 * np.einsum('ij,i->j', X, r) / n\n"
                          "    return loss, grad\n")]},
              why="np.einsum for the products and r @ r / n for the mean of squares: the same numbers up to round-off"),
        Valid(name="round7-mse-mean-over-rows",
              edits={M: [(MSE_BODY,
                          "    pred = np.dot(X, theta)\n"
                          "    r = pred - y\n"
                          "    loss = np.square(r).mean()\n"
                          "    grad = 2.0 * np.mean(X * r[:, None], axis=0)\n"
                          "    return (loss, grad)\n")]},
              why="the gradient as the mean over samples of 2 r_n x_n (broadcast), np.float64 loss"),
        # --- minibatch_indices --------------------------------------------------------------------------
        Valid(name="round7-minibatches-array-split-at-indices",
              edits={M: [(MB_BODY,
                          "    perm = rng.permutation(n_samples)\n"
                          "    cuts = np.arange(batch_size, n_samples, batch_size)\n"
                          "    return list(np.array_split(perm, cuts))\n")]},
              why="np.array_split given the cut POSITIONS (not a count) cuts at multiples of batch_size, as np.split"),
        Valid(name="round7-minibatches-while-copies",
              edits={M: [(MB_BODY,
                          "    perm = rng.permutation(n_samples)\n"
                          "    batches = []\n"
                          "    start = 0\n"
                          "    while start < n_samples:\n"
                          "        stop = min(start + batch_size, n_samples)\n"
                          "        batches.append(perm[start:stop].copy())\n"
                          "        start = stop\n"
                          "    return batches\n")]},
              why="a while loop with an explicit end clamp, each batch a copy"),
        # --- sgd ----------------------------------------------------------------------------------------
        Valid(name="round7-sgd-gradient-twice-per-batch",
              edits={M: [(SGD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for epoch in range(epochs):\n"
                          "        norms = []\n"
                          "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                          "            norms.append(np.linalg.norm(grad_f_batch(theta, X[idx], y[idx])))\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "        print(f'epoch {epoch}: mean gradient norm {np.mean(norms):.4g}')\n"
                          "    return theta\n")]},
              why="the batch gradient's norm logged (a first grad_f_batch call), then the step with a second call on "
                  "the same theta and batch; a print per epoch (89/100 before test_sgd read the calls one per update)"),
        Valid(name="round7-sgd-take-and-in-place",
              edits={M: [(SGD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64, copy=True)\n"
                          "    if epochs == 0:\n"
                          "        return theta\n"
                          "    n = X.shape[0]\n"
                          "    for _ in range(epochs):\n"
                          "        batches = minibatch_indices(n, batch_size, rng)\n"
                          "        for idx in batches:\n"
                          "            Xb = np.take(X, idx, axis=0)\n"
                          "            yb = np.take(y, idx)\n"
                          "            theta -= learning_rate * grad_f_batch(theta, Xb, yb)\n"
                          "    return theta\n")]},
              why="np.take for the batch rows, the step in place on a private copy, epochs = 0 returned early"),
        # --- newton_method ------------------------------------------------------------------------------
        Valid(name="round7-newton-lstsq",
              edits={M: [(NEWTON_STEP,
                          "        step, *_ = np.linalg.lstsq(hess_f(theta), grad_f(theta), rcond=None)\n"
                          "        theta = theta - step\n")]},
              why="least squares solves H d = g exactly for an invertible H (SVD instead of LU: round-off only)"),
        Valid(name="round7-newton-in-place-hessian-twice",
              edits={M: [(NEWTON_STEP,
                          "        H = hess_f(theta)\n"
                          "        if np.linalg.cond(hess_f(theta)) > 1e12:\n"
                          "            print('warning: the Hessian is nearly singular')\n"
                          "        theta -= np.linalg.solve(H, grad_f(theta).reshape(-1, 1)).ravel()\n")]},
              why="hess_f called twice at the same theta (a conditioning check); g solved as a column and raveled; "
                  "the step in place on the copy"),
        # --- written after the first grading, having read only week 1's sgd grader (docs/graders.md) ---
        Valid(name="round7b-gd-loss-recorded-before-each-step",
              edits={M: [(GD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    history = []\n"
                          "    for _ in range(n_steps):\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "        theta = theta - learning_rate * grad_f(theta)\n"
                          "    history.append(float(np.squeeze(f(theta))))\n"
                          "    return theta, history\n")]},
              why="f recorded before each step and once more after the loop: the same n_steps + 1 values, f called "
                  "before grad_f at each point"),
        Valid(name="round7b-gd-value-and-grad-checked-together",
              edits={M: [(GD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    history = [float(np.squeeze(f(theta)))]\n"
                          "    for _ in range(n_steps):\n"
                          "        g = grad_f(theta)\n"
                          "        if not np.all(np.isfinite(f(theta))):\n"
                          "            raise FloatingPointError('the loss is not finite')\n"
                          "        theta = theta - learning_rate * g\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "    return theta, history\n")]},
              why="an extra f call at the current point before each step (a finiteness check)"),
        Valid(name="round7b-mse-norm-squared",
              edits={M: [(MSE_BODY,
                          "    r = X @ theta - y\n"
                          "    n = len(y)\n"
                          "    loss = float(np.linalg.norm(r) ** 2 / n)\n"
                          "    grad = X.T.dot(r) * (2.0 / n)\n"
                          "    return loss, grad\n")]},
              why="the mean of squares as ||r||^2 / N (round-off apart)"),
        Valid(name="round7b-sgd-loss-logged-with-extra-grad-call-per-epoch",
              edits={M: [(SGD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for epoch in range(epochs):\n"
                          "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "        full = grad_f_batch(theta, X, y)   # the full-data gradient, for a progress print\n"
                          "        print(f'epoch {epoch}: |grad| = {np.linalg.norm(full):.3g}')\n"
                          "    return theta\n")]},
              why="after each epoch, a print of the full-data gradient's norm: grad_f_batch called on all of X, y at "
                  "the current theta, not a step (89/100 before test_sgd read only the calls followed by a move)"),
        # --- written after the second batch's fixes: calls where no update is made, elsewhere (docs/graders.md) ---
        Valid(name="round7c-sgd-initial-gradient-printed",
              edits={M: [(SGD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    print('initial |grad| =', np.linalg.norm(grad_f_batch(theta, X, y)))\n"
                          "    for _ in range(epochs):\n"
                          "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "    return theta\n")]},
              why="the full-data gradient's norm at theta_init printed before training (a grad_f_batch call, no step)"),
        Valid(name="round7c-gd-initial-gradient-printed",
              edits={M: [(GD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    print('initial |grad| =', np.linalg.norm(grad_f(theta)))\n"
                          "    history = [float(np.squeeze(f(theta)))]\n"
                          "    for _ in range(n_steps):\n"
                          "        theta = theta - learning_rate * grad_f(theta)\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "    print('final |grad| =', np.linalg.norm(grad_f(theta)))\n"
                          "    return theta, history\n")]},
              why="the gradient's norm printed at the start and at the end (grad_f calls where no step is made)"),
        Valid(name="round7c-newton-final-gradient-checked",
              edits={M: [(NEWTON_STEP + "    return theta\n",
                          NEWTON_STEP + "    if n_steps and np.linalg.norm(grad_f(theta)) > 1e-6:\n"
                                        "        print('Newton: the gradient is not small yet')\n"
                                        "    return theta\n")]},
              why="a look at the gradient after the last step (a grad_f call where no step is made)"),
    ]


VALID += _valid_round_7()


# --- round 8 of valid variants (docs/graders.md, "Valid variants, round 8"): correct code written from the contract,
# the stubs' docstrings and the libraries' public code (PyTorch, optax, Keras, fastai) BEFORE the graders were
# read, graded once: all at full marks but one left out (docs/graders.md says which and why), so no grader
# changed. Whole-function snippets come from the reference. ----
def _valid_round_8() -> list[Valid]:
    """Round 8's valid variants of this week (a function, so its snippet names stay local)."""
    GD_BODY = solution_region(WEEK, "gradient_descent", "gradient_descent")
    NG_BODY = solution_region(WEEK, "gradient_descent", "numerical_gradient")
    MSE_BODY = solution_region(WEEK, "gradient_descent", "mse_loss_and_grad")
    MB_BODY = solution_region(WEEK, "gradient_descent", "minibatch_indices")
    SGD_BODY = solution_region(WEEK, "gradient_descent", "sgd")
    NEWTON_BODY = solution_region(WEEK, "gradient_descent", "newton_method")
    M = "gradient_descent"
    END = "    ### END SOLUTION\n"
    return [
        # --- gradient_descent ---------------------------------------------------------------------------
        Valid(name="round8-gd-np-subtract-out-item-history",
              edits={M: [(GD_BODY,
                          "    theta = np.copy(theta_init).astype(np.float64)\n"
                          "    history = [np.asarray(f(theta), dtype=np.float64).item()]\n"
                          "    for _ in range(n_steps):\n"
                          "        g = grad_f(theta)\n"
                          "        np.subtract(theta, learning_rate * g, out=theta)\n"
                          "        history.append(np.asarray(f(theta), dtype=np.float64).item())\n"
                          "    return theta, history\n")]},
              why="the step in place through np.subtract(..., out=theta) on a private copy; f's value as a Python float "
                  "via .item() (a float or a 1-element array)"),
        Valid(name="round8-gd-grad-then-loss-logged-in-dict",
              edits={M: [(GD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    log = {'loss': [], 'grad_norm': []}\n"
                          "    def record(t):\n"
                          "        log['loss'].append(float(np.squeeze(f(t))))\n"
                          "    record(theta)\n"
                          "    for step in range(n_steps):\n"
                          "        g = np.asarray(grad_f(theta), dtype=np.float64)\n"
                          "        assert g.shape == theta.shape, (g.shape, theta.shape)\n"
                          "        log['grad_norm'].append(float(np.linalg.norm(g)))\n"
                          "        theta = theta - learning_rate * g\n"
                          "        record(theta)\n"
                          "    history = log['loss']\n"
                          "    return theta, history\n")]},
              why="a log dict with the gradient norms beside the losses (a closure records f), a shape assert on the "
                  "gradient: side effects only, the same run"),
        Valid(name="round8-gd-trajectory-then-losses",
              edits={M: [(GD_BODY,
                          "    thetas = [np.array(theta_init, dtype=np.float64)]\n"
                          "    for _ in range(n_steps):\n"
                          "        thetas.append(thetas[-1] - learning_rate * grad_f(thetas[-1]))\n"
                          "    history = [float(np.squeeze(f(t))) for t in thetas]\n"
                          "    return thetas[-1], history\n")]},
              why="the iterates kept first and f evaluated afterwards over all of them (the trajectory kept for a "
                  "plot): the same points, f called at each once"),
        # --- numerical_gradient ---------------------------------------------------------------------------
        Valid(name="round8-numgrad-nditer-readwrite-output",
              edits={M: [(NG_BODY,
                          "    theta = np.array(theta, dtype=np.float64)\n"
                          "    grad = np.empty_like(theta)\n"
                          "    with np.nditer(grad, flags=['multi_index'], op_flags=['writeonly']) as it:\n"
                          "        for g in it:\n"
                          "            e = np.zeros_like(theta)\n"
                          "            e[it.multi_index] = h\n"
                          "            g[...] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
                          "    return grad\n")]},
              why="np.nditer over the OUTPUT array, writing each entry through the iterator (op_flags writeonly); "
                  "the perturbation placed at it.multi_index"),
        Valid(name="round8-numgrad-eye-rows-reshaped",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    steps = h * np.eye(theta.size).reshape((theta.size,) + theta.shape)\n"
                          "    diffs = [np.squeeze(f(theta + e)) - np.squeeze(f(theta - e)) for e in steps]\n"
                          "    return (np.array(diffs, dtype=np.float64) / (2 * h)).reshape(theta.shape)\n")]},
              why="rows of h*I reshaped to theta's shape (works for matrices too), the differences gathered in a list "
                  "and reshaped back"),
        Valid(name="round8-numgrad-flat-view-perturbed-in-place",
              edits={M: [(NG_BODY,
                          "    work = np.array(theta, dtype=np.float64)   # private copy\n"
                          "    flat = work.reshape(-1)                    # a view: writing flat changes work\n"
                          "    grad = np.zeros(flat.shape)\n"
                          "    for i in range(flat.size):\n"
                          "        old = flat[i]\n"
                          "        flat[i] = old + h\n"
                          "        plus = f(work)\n"
                          "        flat[i] = old - h\n"
                          "        minus = f(work)\n"
                          "        flat[i] = old\n"
                          "        grad[i] = np.squeeze(plus - minus) / (2 * h)\n"
                          "    return grad.reshape(work.shape)\n")]},
              why="a flat VIEW of a private copy perturbed in place (so f sees the original shape) and restored; the "
                  "caller's theta untouched"),
        Valid(name="round8-numgrad-unravel-index-loop",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    grad = np.zeros(theta.shape, dtype=np.float64)\n"
                          "    for k in range(theta.size):\n"
                          "        i = np.unravel_index(k, theta.shape)\n"
                          "        plus, minus = theta.copy(), theta.copy()\n"
                          "        plus[i] += h\n"
                          "        minus[i] -= h\n"
                          "        grad[i] = (np.squeeze(f(plus)) - np.squeeze(f(minus))) / (2.0 * h)\n"
                          "    return grad\n")]},
              why="a flat counter mapped to the multi-index with np.unravel_index, two copies per coordinate"),
        # --- mse_loss_and_grad ----------------------------------------------------------------------------
        Valid(name="round8-mse-dot-and-r-at-X",
              edits={M: [(MSE_BODY,
                          "    n = X.shape[0]\n"
                          "    r = np.dot(X, theta) - y\n"
                          "    loss = np.dot(r, r) / n\n"
                          "    grad = 2 * (r @ X) / n\n"
                          "    return float(loss), grad\n")]},
              why="np.dot for the predictions and the sum of squares, r @ X for X.T @ r, divided after the product "
                  "(round-off apart)"),
        Valid(name="round8-mse-average-and-sum-of-outer",
              edits={M: [(MSE_BODY,
                          "    residual = np.subtract(np.matmul(X, theta), y)\n"
                          "    loss = np.average(np.square(residual))\n"
                          "    grad = np.sum(2.0 * residual[:, None] * X, axis=0) / len(X)\n"
                          "    return loss, grad\n")]},
              why="np.average of np.square (an np.float64 loss, a float), the gradient as a sum of per-sample rows "
                  "divided by N = len(X)"),
        # --- minibatch_indices ----------------------------------------------------------------------------
        Valid(name="round8-minibatches-ceil-count",
              edits={M: [(MB_BODY,
                          "    perm = rng.permutation(n_samples)\n"
                          "    n_batches = -(-n_samples // batch_size)   # ceil without floats\n"
                          "    return [perm[b * batch_size:(b + 1) * batch_size] for b in range(n_batches)]\n")]},
              why="the number of batches as a ceiling division, then slices by batch number"),
        Valid(name="round8-minibatches-generator-listed",
              edits={M: [(MB_BODY,
                          "    order = rng.permutation(n_samples)\n"
                          "    def chunks():\n"
                          "        start = 0\n"
                          "        while start < n_samples:\n"
                          "            yield order[start:min(start + batch_size, n_samples)].copy()\n"
                          "            start += batch_size\n"
                          "    return list(chunks())\n")]},
              why="a generator of copied chunks turned into a list (the permutation drawn once, before the generator)"),
        # --- sgd --------------------------------------------------------------------------------------------
        Valid(name="round8-sgd-generator-of-batches",
              edits={M: [(SGD_BODY,
                          "    def batches():\n"
                          "        for idx in minibatch_indices(X.shape[0], batch_size, rng):\n"
                          "            yield X[idx], y[idx]\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for epoch in range(epochs):\n"
                          "        for Xb, yb in batches():\n"
                          "            theta -= learning_rate * grad_f_batch(theta, Xb, yb)\n"
                          "    return theta\n")]},
              why="a generator yielding (X[idx], y[idx]) pairs, created once per epoch (one minibatch_indices call per "
                  "epoch), the step in place on a private copy"),
        Valid(name="round8-sgd-batch-pairs-listed-per-epoch",
              edits={M: [(SGD_BODY,
                          "    theta = theta_init.copy().astype(np.float64)\n"
                          "    n = len(y)\n"
                          "    for _ in range(int(epochs)):\n"
                          "        pairs = [(X[idx, :], y[idx]) for idx in minibatch_indices(n, batch_size, rng)]\n"
                          "        for Xb, yb in pairs:\n"
                          "            update = learning_rate * np.asarray(grad_f_batch(theta, Xb, yb))\n"
                          "            theta = theta - update\n"
                          "    return theta\n")]},
              why="the epoch's batches listed as (X[idx, :], y[idx]) pairs before its loop, N from len(y)"),
        Valid(name="round8-sgd-index-list-and-subtract-out",
              edits={M: [(SGD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64, copy=True)\n"
                          "    for _ in range(epochs):\n"
                          "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                          "            rows = idx.tolist()\n"
                          "            g = grad_f_batch(theta, X[rows], y[rows])\n"
                          "            np.subtract(theta, np.multiply(learning_rate, g), out=theta)\n"
                          "    return theta\n")]},
              why="the batch indices as a Python list (the same rows in the same order), the step through np.subtract "
                  "with out="),
        # --- newton_method -------------------------------------------------------------------------------
        Valid(name="round8-newton-solve-negative-gradient",
              edits={M: [(NEWTON_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    step = 0\n"
                          "    while step < n_steps:\n"
                          "        g = grad_f(theta)\n"
                          "        H = hess_f(theta)\n"
                          "        delta = np.linalg.solve(H, -g)\n"
                          "        theta = theta + delta\n"
                          "        step += 1\n"
                          "    return theta\n")]},
              why="the Newton direction solved for -g and added (d = -H^-1 g); gradient before Hessian; a while loop"),
        Valid(name="round8-newton-in-place-with-log",
              edits={M: [(NEWTON_BODY,
                          "    theta = np.asarray(theta_init, dtype=np.float64).copy()\n"
                          "    trace = []\n"
                          "    for k in range(n_steps):\n"
                          "        H = np.asarray(hess_f(theta), dtype=np.float64)\n"
                          "        assert H.shape == (theta.size, theta.size)\n"
                          "        d = np.linalg.solve(H, grad_f(theta))\n"
                          "        theta -= d\n"
                          "        trace.append(float(np.linalg.norm(d)))\n"
                          "    return theta\n")]},
              why="the step subtracted in place from a private copy, a shape assert on the Hessian, step lengths logged"),
        Valid(name="round8-numgrad-center-value-checked-first",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    f0 = float(np.squeeze(f(theta)))          # the value at theta: a finiteness check\n"
                          "    if not np.isfinite(f0):\n"
                          "        print(f'warning: f(theta) is not finite: {f0}')\n"
                          "    grad = np.zeros_like(theta)\n"
                          "    for i in np.ndindex(theta.shape):\n"
                          "        e = np.zeros_like(theta)\n"
                          "        e[i] = h\n"
                          "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
                          "    return grad\n")]},
              why="an extra f call at theta itself (a finiteness check of the starting value) before the central "
                  "differences: a side effect, the same gradient"),
        Valid(name="round8-numgrad-all-plus-then-all-minus",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    shifts = []\n"
                          "    for i in np.ndindex(theta.shape):\n"
                          "        e = np.zeros_like(theta)\n"
                          "        e[i] = h\n"
                          "        shifts.append(e)\n"
                          "    plus = np.array([np.squeeze(f(theta + e)) for e in shifts], dtype=np.float64)\n"
                          "    minus = np.array([np.squeeze(f(theta - e)) for e in shifts], dtype=np.float64)\n"
                          "    return ((plus - minus) / (2 * h)).reshape(theta.shape)\n")]},
              why="all forward evaluations first, then all backward ones (another call order), combined vectorised"),
        Valid(name="round8-numgrad-actual-step-denominator",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    grad = np.zeros_like(theta)\n"
                          "    for i in np.ndindex(theta.shape):\n"
                          "        up, down = theta.copy(), theta.copy()\n"
                          "        up[i] += h\n"
                          "        down[i] -= h\n"
                          "        width = up[i] - down[i]        # the representable 2h (Numerical Recipes' trick)\n"
                          "        grad[i] = np.squeeze(f(up) - f(down)) / width\n"
                          "    return grad\n")]},
              why="divided by the step actually taken, (theta_i + h) - (theta_i - h), Numerical Recipes' §5.7 trick: "
                  "equal to 2h up to round-off of theta_i"),
        Valid(name="round8-minibatches-int32-indices",
              edits={M: [(MB_BODY,
                          "    perm = rng.permutation(n_samples).astype(np.int32)\n"
                          "    return [perm[s:s + batch_size] for s in range(0, n_samples, batch_size)]\n")]},
              why="index arrays of dtype int32 (int arrays, the same values)"),
        Valid(name="round8-gd-prints-every-step",
              edits={M: [(GD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    history = [float(np.squeeze(f(theta)))]\n"
                          "    for k in range(n_steps):\n"
                          "        g = grad_f(theta)\n"
                          "        theta = theta - learning_rate * g\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "        print(f'step {k + 1:5d}  loss {history[-1]:.6e}  |grad| {np.linalg.norm(g):.3e}')\n"
                          "    return theta, history\n")]},
              why="a debugging print at EVERY step left in (a lot of output on long runs): the run is unchanged"),
        Valid(name="round8-sgd-all-epochs-batches-drawn-first",
              edits={M: [(SGD_BODY,
                          "    schedule = [minibatch_indices(len(X), batch_size, rng) for _ in range(epochs)]\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for epoch_batches in schedule:\n"
                          "        for idx in epoch_batches:\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "    return theta\n")]},
              why="every epoch's batches drawn up front (one minibatch_indices call per epoch, in order, before any "
                  "step): the rng is used only there, so the same batches"),
        Valid(name="round8-sgd-shuffled-copies-sliced",
              edits={M: [(SGD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(epochs):\n"
                          "        batches = minibatch_indices(len(X), batch_size, rng)\n"
                          "        order = np.concatenate(batches)\n"
                          "        Xs, ys = X[order], y[order]          # shuffled copies, rows with their targets\n"
                          "        start = 0\n"
                          "        for idx in batches:\n"
                          "            stop = start + len(idx)\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, Xs[start:stop], ys[start:stop])\n"
                          "            start = stop\n"
                          "    return theta\n")]},
              why="X and y reordered once per epoch by the concatenated batches, then consecutive slices: the same "
                  "batches as X[idx], y[idx]"),
        Valid(name="round8-newton-hessian-checked-symmetric-warning",
              edits={M: [(NEWTON_BODY,
                          "    import warnings\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(n_steps):\n"
                          "        H, g = hess_f(theta), grad_f(theta)\n"
                          "        if not np.allclose(H, np.transpose(H)):\n"
                          "            warnings.warn('the Hessian is not symmetric')\n"
                          "        if np.all(np.linalg.eigvalsh((H + H.T) / 2) < 0):\n"
                          "            warnings.warn('negative definite Hessian: Newton heads for a maximum')\n"
                          "        theta = theta - np.linalg.solve(H, g)\n"
                          "    return theta\n")]},
              why="warnings about the Hessian (not symmetric, negative definite) before an unchanged Newton step"),
        Valid(name="round8-sgd-full-data-gradient-logged-every-batch",
              edits={M: [(SGD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    grad_norms = []\n"
                          "    for _ in range(epochs):\n"
                          "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "            grad_norms.append(float(np.linalg.norm(grad_f_batch(theta, X, y))))   # for a plot\n"
                          "    return theta\n")]},
              why="after every batch the full-data gradient's norm logged for a plot (an extra grad_f_batch call on "
                  "all of X, y, no step): the run is unchanged"),
        Valid(name="round8-gd-in-place-with-trajectory-copies",
              edits={M: [(GD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    path = [theta.copy()]\n"
                          "    history = [float(np.squeeze(f(theta)))]\n"
                          "    for _ in range(n_steps):\n"
                          "        theta -= learning_rate * grad_f(theta)\n"
                          "        path.append(theta.copy())\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "    return theta, history\n")]},
              why="the private copy stepped in place, a copy of every iterate kept for a plot of the path"),
        Valid(name="round8-newton-copyto",
              edits={M: [(NEWTON_BODY,
                          "    theta = np.empty(np.shape(theta_init))\n"
                          "    np.copyto(theta, theta_init)\n"
                          "    for _ in range(n_steps):\n"
                          "        np.copyto(theta, theta - np.linalg.solve(hess_f(theta), grad_f(theta)))\n"
                          "    return theta\n")]},
              why="a private float64 buffer written with np.copyto at every step"),
        Valid(name="round8-minibatches-while-remaining",
              edits={M: [(MB_BODY,
                          "    remaining = rng.permutation(n_samples)\n"
                          "    batches = []\n"
                          "    while remaining.size:\n"
                          "        batches.append(remaining[:batch_size])\n"
                          "        remaining = remaining[batch_size:]\n"
                          "    return batches\n")]},
              why="the head of the remaining permutation cut off until nothing is left"),
        Valid(name="round8-module-level-self-check-left-in",
              edits={M: [(NEWTON_BODY + END,
                          NEWTON_BODY + END +
                          "\n\n# quick check of the docstring's example (left in, no __main__ guard: runs at import)\n"
                          "_theta, _hist = gradient_descent(lambda t: float(t @ t), lambda t: 2 * t, np.array([3.0, 4.0]), 0.25, 2)\n"
                          "assert np.allclose(_theta, [0.75, 1.0]) and _hist == [25.0, 6.25, 1.5625], (_theta, _hist)\n"
                          "print('gradient_descent self-check passed')\n")]},
              why="a self-check of the docstring's example left at the bottom of the module without a __main__ "
                  "guard: it runs (and prints) at import; the functions are unchanged"),
        Valid(name="round8-sgd-keyword-call-to-minibatch-indices",
              edits={M: [(SGD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(epochs):\n"
                          "        for idx in minibatch_indices(n_samples=X.shape[0], batch_size=batch_size, rng=rng):\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "    return theta\n")]},
              why="minibatch_indices called with the contract's keyword names"),
        Valid(name="round8-gd-type-hints-and-read-only-iterate",
              edits={M: [("def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps):\n",
                          "def gradient_descent(f: Callable[[np.ndarray], float], grad_f: Callable[[np.ndarray], np.ndarray],\n"
                          "                     theta_init: np.ndarray, learning_rate: float, n_steps: int\n"
                          "                     ) -> tuple[np.ndarray, list[float]]:\n"),
                         ("from __future__ import annotations\n",
                          "from __future__ import annotations\n\nfrom typing import Callable\n"),
                         (GD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    theta.flags.writeable = False          # nobody may change the iterate behind our back\n"
                          "    history: list[float] = [float(np.squeeze(f(theta)))]\n"
                          "    for _ in range(n_steps):\n"
                          "        theta = theta - learning_rate * grad_f(theta)\n"
                          "        theta.flags.writeable = False\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "    theta.flags.writeable = True\n"
                          "    return theta, history\n")]},
              why="type hints on the signature (same names, order, defaults), the iterate made read-only while f and "
                  "grad_f see it (a guard against callbacks that write into it), writable again when returned"),
        Valid(name="round8-newton-type-hints-keyword-solve",
              edits={M: [("def newton_method(grad_f, hess_f, theta_init, n_steps):\n",
                          "def newton_method(grad_f, hess_f, theta_init: np.ndarray, n_steps: int) -> np.ndarray:\n"),
                         (NEWTON_BODY,
                          "    theta: np.ndarray = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(n_steps):\n"
                          "        theta = theta - np.linalg.solve(a=hess_f(theta), b=grad_f(theta))\n"
                          "    return theta\n")]},
              why="annotations on the signature, np.linalg.solve with keyword arguments"),
    ]


VALID += _valid_round_8()


def _valid_smoke_calls() -> list[Valid]:
    """Correct code that tries grad_f once before it starts (at zeros: does it run, what shape comes back?) --
    a call that is no step of the run (REDTEAM.md, F2-3: 82/100 before the graders read a run from its first
    call at theta_init)."""
    GD_BODY = solution_region(WEEK, 'gradient_descent', 'gradient_descent')
    NEWTON_BODY = solution_region(WEEK, 'gradient_descent', 'newton_method')
    M = "gradient_descent"
    smoke = "    assert np.shape(grad_f(np.zeros_like(np.asarray(theta_init, dtype=np.float64)))) == np.shape(theta_init)\n"
    return [
        Valid(name="gd-tries-grad-f-at-zeros-first", edits={M: [(GD_BODY, smoke + GD_BODY)]},
              why="a shape check of grad_f at zeros before the loop: no step is made there"),
        Valid(name="newton-tries-grad-f-at-zeros-first", edits={M: [(NEWTON_BODY, smoke + NEWTON_BODY)]},
              why="the same check before Newton's loop"),
    ]


VALID += _valid_smoke_calls()

# Held-out round 7 (docs/graders.md): heldout_round7.py, written outside the repository from public sources
# after round 6 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_7 = load_round(__file__, "heldout_round7.py").ROUND_7
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_7_ALSO = {'numgrad-denominator-typed-in': ('numgrad-scaled',), 'mse-grad-two-xt-r': ('mse-grad-scaled',), 'mse-cost-over-2m': ('mse-grad-scaled',)}

# --- round 7 burnt (docs/graders.md, "The figures"): graded once held out (81 of 82 lose points, 53 named), then
# used to grow the graders; training cases now (heldout_round7.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_7_UNNAMED = {
    'sgd-generator-seeded-by-epoch': 'a generator of its own seeded by the epoch: read as a batching slip, not the '
                                     'generator not taken from the caller',
}
# after grading: named by the kind of crash (the mechanism names below)
ROUND_7_ALSO = {**ROUND_7_ALSO, 'newton-solve-g-then-h': ('linalg-vector-for-matrix',)}
# after grading: a mechanism name grown from the burnt unnamed cases (docs/graders.md, "Mechanism names")
ROUND_7_ALSO = {**ROUND_7_ALSO, 'mse-ridge-term-added': ('hidden-l2-penalty',),
                'gd-polyak-average-returned': ('returns-average-of-iterates',),
                'sgd-momentum-0.9-built-in': ('hidden-momentum',)}
MISTAKES += burn(ROUND_7, 7, ROUND_7_ALSO, ROUND_7_UNNAMED, MISTAKES)

# --- crashes named by their kind (docs/graders.md, "Mechanism names"): the exception's class and message prove
# the slip whatever code raised it (autograder/kit/judge.py, crash_named); a training case of other code each
MISTAKES += [
    Mistake(tag="power-written-as-xor", name="mse-residual-caret-2",
            edits={"gradient_descent": [("    loss = float(np.mean(residual ** 2))\n",
                                         "    loss = float(np.mean(residual ^ 2))\n")]},
            why="the square written as in LaTeX or MATLAB: ^ is XOR in Python and fails on float arrays",
            source="mechanism: a crash named by its kind (https://docs.python.org/3/reference/expressions.html"
                   "#binary-bitwise-operations)"),
    Mistake(tag="linalg-vector-for-matrix", name="newton-inverts-the-gradient",
            edits={"gradient_descent": [("        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n",
                                         "        theta = theta - np.linalg.inv(grad_f(theta)) @ hess_f(theta)\n")]},
            why="the roles of the Hessian and the gradient exchanged in H^-1 g: the gradient, a vector, is inverted",
            source="mechanism: a crash named by its kind (numpy.linalg: a 1-D array where a matrix belongs)"),
]
# the gradient the expected one plus c * theta in every entry: a penalty the loss does not have
MISTAKES += [
    Mistake(tag="hidden-l2-penalty", name="mse-grad-weight-decay-added",
            edits={"gradient_descent": [("    grad = (2.0 / len(y)) * (X.T @ residual)\n",
                                         "    grad = (2.0 / len(y)) * (X.T @ residual) + 1e-3 * theta   # a little "
                                         "weight decay\n")]},
            why="weight decay added to the gradient only, as optimizers do it, while the loss stays plain: the "
                "gradient is no longer the loss's",
            source="mechanism: a term proportional to theta (https://docs.pytorch.org/docs/stable/generated/"
                   "torch.optim.SGD.html, weight_decay)"),
]
# the last batch filled up with samples the epoch already used: every sample there, every batch full
MISTAKES += [
    Mistake(tag="minibatches-pads-last-batch", name="minibatches-np-resize-to-full-batches",
            edits={"gradient_descent": [("    perm = rng.permutation(n_samples)\n",
                                         "    n_batches = -(-n_samples // batch_size)\n"
                                         "    perm = np.resize(rng.permutation(n_samples), n_batches * batch_size)\n")]},
            why="the permutation stretched with np.resize to a whole number of batches: np.resize repeats the "
                "array from its start, so the last batch is full of samples already used",
            source="mechanism: rows repeated to fill the last batch (https://numpy.org/doc/stable/reference/"
                   "generated/numpy.resize.html: 'filled with repeated copies of a')"),
]
# every step along its gradient, and the result the mean of the iterates: an averaged iterate returned
SGD_LOOP = ("    for _ in range(epochs):\n        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n    return theta\n")
MISTAKES += [
    Mistake(tag="returns-average-of-iterates", name="sgd-returns-swa-average",
            edits={"gradient_descent": [(SGD_LOOP, SGD_LOOP.replace("    return theta\n", "").replace(
                "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
                "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                "            total = total + theta   # stochastic weight averaging: less noisy\n"
                "            count += 1\n").replace("    for _ in range(epochs):\n",
                                                    "    total, count = np.zeros_like(theta), 0\n"
                                                    "    for _ in range(epochs):\n")
                + "    return total / count\n")]},
            why="SWA's running average of the iterates returned instead of the last one: the steps are SGD's, the "
                "answer is another method's",
            source="mechanism: an averaged iterate returned (https://docs.pytorch.org/docs/stable/optim.html"
                   "#weight-averaging-swa-and-ema)"),
]
# the first step along its gradient, every later one a * gradient + b * the previous step: a velocity kept
MISTAKES += [
    Mistake(tag="hidden-momentum", name="gd-heavy-ball-velocity",
            edits={"gradient_descent": [("    for _ in range(n_steps):\n"
                                         "        theta = theta - learning_rate * grad_f(theta)\n",
                                         "    velocity = np.zeros_like(theta)\n    for _ in range(n_steps):\n"
                                         "        velocity = 0.5 * velocity - learning_rate * grad_f(theta)\n"
                                         "        theta = theta + velocity   # heavy ball: faster in ravines\n")]},
            why="Polyak's heavy ball written into gradient descent: each step carries half the previous one",
            source="mechanism: state kept where the method keeps none (Polyak 1964, the heavy-ball method)"),
]
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# Held-out round 8 (docs/graders.md): heldout_round8.py, written outside the repository from public sources
# after round 7 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_8 = load_round(__file__, "heldout_round8.py").ROUND_8
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_8_ALSO = {'gd-heavy-ball-velocity-built-in': ('hidden-momentum',), 'mse-grad-over-x-size': ('mse-grad-scaled',), 'mse-grad-np-sum-without-axis': ('wrong-shape',), 'mse-grad-over-len-of-transpose': ('mse-grad-scaled',), 'newton-cholesky-solve': ('newton-hessian-modified',)}
# --- round 8 burnt (docs/graders.md, "Round 8 is burnt"): graded once held out (20 of 20 lose points, 12 named), then
# used to grow the graders; training cases now (heldout_round8.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_8_UNNAMED = {
    # 'minibatches-choice-without-replacement': another draw than rng.permutation's -- named since round 14's burn
    # (minibatches-own-recipe: the family of a permutation drawn another way)
}
# after grading: named by the kind of crash (the crash kinds below; numgrad-zeros-of-len-theta's broadcast of (n,) with
# (n, m) is named wrong-shape, its writer's own name)
ROUND_8_ALSO = {**ROUND_8_ALSO, 'minibatches-perm-from-rng-shuffle': ('none-used-as-value',),
                'minibatches-reshape-into-rows': ('reshape-assumes-divisible',),
                'newton-cholesky-solve': ('positive-definite-assumed',)}
# after grading: the graders' own model of the same slip names it (its words read against the case: "the last batch
# is EMPTY -- one slice too many (n_samples // batch_size + 1 batches when batch_size divides n_samples)")
ROUND_8_ALSO = {**ROUND_8_ALSO, 'minibatches-floor-plus-one-batches': ('minibatches-empty-batch',)}
MISTAKES += burn(ROUND_8, 8, ROUND_8_ALSO, ROUND_8_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- crash kinds grown from round 8 (docs/graders.md, "Round 8 is burnt"): the exception's class and message prove
# the slip whatever code raised it (autograder/kit/judge.py, crash_named); a training case of other code each
MISTAKES += [
    Mistake(tag="none-used-as-value", name="gd-history-rebound-to-append",
            edits={"gradient_descent": [("        history.append(float(np.squeeze(f(theta))))\n",
                                         "        history = history.append(float(np.squeeze(f(theta))))\n")]},
            why="the list rebound to what append returns: append changes the list in place and returns None",
            source="mechanism: a crash named by its kind (https://docs.python.org/3/tutorial/datastructures.html: "
                   "list methods that modify the list return None)"),
    Mistake(tag="positive-definite-assumed", name="newton-inverse-through-cholesky",
            edits={"gradient_descent": [("        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n",
                                         "        L_inv = np.linalg.inv(np.linalg.cholesky(hess_f(theta)))\n"
                                         "        theta = theta - L_inv.T @ (L_inv @ grad_f(theta))\n")]},
            why="H^-1 built as (L L^T)^-1 from a Cholesky factor: there is no such factor for an indefinite Hessian",
            source="mechanism: a crash named by its kind (https://numpy.org/doc/stable/reference/generated/"
                   "numpy.linalg.cholesky.html: LinAlgError if the matrix is not positive definite)"),
    Mistake(tag="wrong-shape", name="mse-grad-residual-times-rows",
            edits={"gradient_descent": [("    grad = (2.0 / len(y)) * (X.T @ residual)\n",
                                         "    grad = 2.0 * np.mean(X * residual, axis=0)\n")]},
            why="sum_n r_n x_n vectorised as X * residual: the residual, one value per row, meets X's last axis",
            source="mechanism: a crash named by its kind (https://numpy.org/doc/stable/user/basics.broadcasting.html:"
                   " shapes are compared from the trailing dimension)"),
]

# --- mechanism names grown from round 8 (docs/graders.md, "Round 8 is burnt"): named by what the run proves
# (every step entry cut to one size; the history the running minimum of the losses); other code each
MISTAKES += [
    Mistake(tag="gd-hidden-gradient-clipping", name="gd-gradient-capped-with-where",
            edits={"gradient_descent": [("        theta = theta - learning_rate * grad_f(theta)\n",
                                         "        g = grad_f(theta)\n"
                                         "        theta = theta - learning_rate * np.where(np.abs(g) > 2.0, "
                                         "2.0 * np.sign(g), g)\n")]},
            why="every gradient entry larger than 2 in size replaced by +-2 before the step",
            source="mechanism: the gradient clipped entry by entry (https://docs.pytorch.org/docs/stable/"
                   "generated/torch.nn.utils.clip_grad_value_.html, a training trick, not gradient descent)"),
    Mistake(tag="gd-history-best-so-far", name="gd-history-keeps-the-lower-loss",
            edits={"gradient_descent": [("        history.append(float(np.squeeze(f(theta))))\n",
                                         "        loss = float(np.squeeze(f(theta)))\n"
                                         "        history.append(loss if loss < history[-1] else history[-1])\n")]},
            why="the new loss recorded only when it improves on the last entry: the history of the best so far",
            source="mechanism: the running minimum of the losses (a best-loss tracker of training loops)"),
]
# a composition of permutations (test_sgd, as week 4's train; its round-5 case is named by it now): other code
MISTAKES += [
    Mistake(tag="sgd-compounded-shuffle", name="sgd-order-kept-and-permuted-again",
            edits={"gradient_descent": [(
                "    for _ in range(epochs):\n"
                "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
                "    order = np.arange(len(X))\n"
                "    for _ in range(epochs):\n"
                "        order = order[np.concatenate(minibatch_indices(len(X), batch_size, rng))]\n"
                "        for start in range(0, len(X), batch_size):\n"
                "            idx = order[start:start + batch_size]\n"
                "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
            why="one order kept across epochs and permuted again each epoch: each epoch permutes the last one's order",
            source="mechanism: a composition of permutations"),
]


# --- round 9 of valid variants (docs/graders.md, "Valid variants, round 9"): correct code written from the contract
# and the stubs' docstrings BEFORE the graders were read, aimed at classes rounds 7-8 did not cover (functools,
# generators, closed forms, other library calls for the same numbers, validation that raises only on bad input,
# module-level helpers and constants), each checked against the reference on random inputs, then graded once. ----
def _valid_round_9() -> list[Valid]:
    """Round 9's valid variants of this week (a function, so its snippet names stay local)."""
    M = "gradient_descent"
    GD_BODY, NG_BODY, MSE_BODY, MB_BODY, SGD_BODY, NEWTON_BODY = (solution_region(WEEK, M, f) for f in (
        "gradient_descent", "numerical_gradient", "mse_loss_and_grad", "minibatch_indices", "sgd", "newton_method"))
    IMPORT = "import numpy as np\n"
    return [
        # --- gradient_descent ---------------------------------------------------------------------------
        Valid(name="round9-gd-functools-reduce-with-history-closure",
              edits={M: [(IMPORT, "import functools\n\nimport numpy as np\n"),
                         (GD_BODY,
                          "    history = []\n"
                          "    def step(theta, _):\n"
                          "        new = theta - learning_rate * grad_f(theta)\n"
                          "        history.append(float(np.squeeze(f(new))))\n"
                          "        return new\n"
                          "    start = np.array(theta_init, dtype=np.float64)\n"
                          "    history.append(float(np.squeeze(f(start))))\n"
                          "    theta = functools.reduce(step, range(n_steps), start)\n"
                          "    return theta, history\n")]},
              why="the steps folded with functools.reduce over range(n_steps); a closure appends f after each step"),
        Valid(name="round9-gd-generator-of-iterates",
              edits={M: [(GD_BODY,
                          "    def iterates(theta):\n"
                          "        yield theta\n"
                          "        for _ in range(n_steps):\n"
                          "            theta = theta - learning_rate * grad_f(theta)\n"
                          "            yield theta\n"
                          "    history = []\n"
                          "    for theta in iterates(np.array(theta_init, dtype=np.float64)):\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "    return theta, history\n")]},
              why="a generator yields theta_0 .. theta_n lazily; f is read as each one is produced (the same "
                  "calls in the same order as the reference)"),
        Valid(name="round9-gd-validates-shapes-and-finite-rate",
              edits={M: [(GD_BODY,
                          "    if not np.isfinite(learning_rate):\n"
                          "        raise ValueError(f'learning_rate must be finite, got {learning_rate}')\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    history = [float(np.squeeze(f(theta)))]\n"
                          "    for _ in range(n_steps):\n"
                          "        g = np.asarray(grad_f(theta), dtype=np.float64)\n"
                          "        if g.shape != theta.shape:\n"
                          "            raise ValueError(f'grad_f returned shape {g.shape}, expected {theta.shape}')\n"
                          "        theta = theta - learning_rate * g\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "    return theta, history\n")]},
              why="input validation that raises only on a non-finite rate or a gradient of the wrong shape (never on "
                  "valid input)"),
        # --- numerical_gradient ---------------------------------------------------------------------------
        Valid(name="round9-numgrad-helper-and-module-constant",
              edits={M: [(IMPORT, "import numpy as np\n\n_TWO = 2.0  # the central difference spans two steps\n\n\n"
                                  "def _central(f, plus, minus, h):\n"
                                  "    \"\"\"One central difference from the two shifted points.\"\"\"\n"
                                  "    return float(np.squeeze(f(plus))) - float(np.squeeze(f(minus)))\n"),
                         (NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    grad = np.zeros(theta.shape, dtype=np.float64)\n"
                          "    for i in range(theta.size):\n"
                          "        e = np.zeros(theta.size)\n"
                          "        e[i] = h\n"
                          "        e = e.reshape(theta.shape)\n"
                          "        grad.flat[i] = _central(f, theta + e, theta - e, h) / (_TWO * h)\n"
                          "    return grad\n")]},
              why="a module-level helper and constant; coordinates walked through the flat index and written with "
                  "grad.flat[i]"),
        Valid(name="round9-numgrad-generator-and-fromiter",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    def diffs():\n"
                          "        for i in np.ndindex(theta.shape):\n"
                          "            e = np.zeros_like(theta)\n"
                          "            e[i] = h\n"
                          "            yield np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
                          "    return np.fromiter(diffs(), dtype=np.float64, "
                          "count=theta.size).reshape(theta.shape)\n")]},
              why="a generator of the differences in C order, collected with np.fromiter and reshaped (np.ndindex "
                  "walks "
                  "C order, as reshape reads it)"),
        Valid(name="round9-numgrad-halves-the-difference",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    grad = np.zeros_like(theta)\n"
                          "    for i in np.ndindex(theta.shape):\n"
                          "        e = np.zeros_like(theta)\n"
                          "        e[i] = h\n"
                          "        forward = float(np.squeeze(f(theta + e)))\n"
                          "        backward = float(np.squeeze(f(theta - e)))\n"
                          "        grad[i] = 0.5 * (forward - backward) / h\n"
                          "    return grad\n")]},
              why="0.5 * (f+ - f-) / h: the same quotient written another way (equal up to round-off)"),
        # --- mse_loss_and_grad ---------------------------------------------------------------------------
        Valid(name="round9-mse-matmul-square-and-average-of-rows",
              edits={M: [(MSE_BODY,
                          "    r = np.subtract(np.matmul(X, theta), y)\n"
                          "    loss = np.square(r).mean()\n"
                          "    grad = 2.0 * np.mean(r[:, None] * X, axis=0)\n"
                          "    return loss.item(), grad\n")]},
              why="np.matmul / np.square; the gradient as the mean of the per-sample gradients 2 r_n x_n (the same "
                  "sum, divided by N)"),
        Valid(name="round9-mse-fsum-loss-and-transposed-product",
              edits={M: [(IMPORT, "import math\n\nimport numpy as np\n"),
                         (MSE_BODY,
                          "    n = X.shape[0]\n"
                          "    r = X.dot(theta) - y\n"
                          "    loss = math.fsum(r * r) / n\n"
                          "    grad = (r @ X) * (2 / n)\n"
                          "    return loss, grad\n")]},
              why="the loss summed exactly with math.fsum (more accurate, equal up to round-off); r @ X is X.T @ r"),
        # --- minibatch_indices ---------------------------------------------------------------------------
        Valid(name="round9-minibatches-full-rows-reshaped-plus-tail",
              edits={M: [(MB_BODY,
                          "    perm = rng.permutation(n_samples)\n"
                          "    n_full = n_samples // batch_size\n"
                          "    batches = list(perm[:n_full * batch_size].reshape(n_full, batch_size))\n"
                          "    if n_samples % batch_size:\n"
                          "        batches.append(perm[n_full * batch_size:])\n"
                          "    return batches\n")]},
              why="the full batches as rows of a reshaped (n_full, batch_size) array, the smaller tail appended"),
        Valid(name="round9-minibatches-permutation-of-arange",
              edits={M: [(MB_BODY,
                          "    perm = rng.permutation(np.arange(n_samples))\n"
                          "    starts = range(0, n_samples, batch_size)\n"
                          "    return [perm[s:min(s + batch_size, n_samples)] for s in starts]\n")]},
              why="rng.permutation of np.arange(n) (the same draw as rng.permutation(n)); each slice's end clamped "
                  "with min"),
        # --- sgd ---------------------------------------------------------------------------
        Valid(name="round9-sgd-functools-partial-and-take",
              edits={M: [(IMPORT, "import functools\n\nimport numpy as np\n"),
                         (SGD_BODY,
                          "    batches = functools.partial(minibatch_indices, len(X), batch_size)\n"
                          "    theta = np.asarray(theta_init, dtype=np.float64).copy()\n"
                          "    for _ in range(epochs):\n"
                          "        for idx in batches(rng):\n"
                          "            g = grad_f_batch(theta, np.take(X, idx, axis=0), np.take(y, idx))\n"
                          "            theta -= learning_rate * g\n"
                          "    return theta\n")]},
              why="minibatch_indices bound with functools.partial; rows taken with np.take; the step in place on a "
                  "private copy"),
        Valid(name="round9-sgd-validates-data",
              edits={M: [(SGD_BODY,
                          "    X = np.asarray(X, dtype=np.float64)\n"
                          "    y = np.asarray(y, dtype=np.float64)\n"
                          "    if X.ndim != 2 or len(X) != len(y):\n"
                          "        raise ValueError(f'X must be (N, d) and y (N,), got {X.shape} and {y.shape}')\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for epoch in range(epochs):\n"
                          "        for idx in minibatch_indices(X.shape[0], batch_size, rng):\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "    return theta\n")]},
              why="X and y read as float64 arrays (they already are) and checked to pair up; raises only on bad data"),
        Valid(name="round9-sgd-step-counter-and-type-hints",
              edits={M: [("def sgd(grad_f_batch, theta_init, X, y, learning_rate, batch_size, epochs, rng):",
                          "def sgd(grad_f_batch, theta_init: np.ndarray, X: np.ndarray, y: np.ndarray, "
                          "learning_rate: float,\n        batch_size: int, epochs: int, rng: np.random.Generator) "
                          "-> np.ndarray:"),
                         (SGD_BODY,
                          "    theta: np.ndarray = np.array(theta_init, dtype=np.float64)\n"
                          "    n_updates = 0\n"
                          "    for _ in range(epochs):\n"
                          "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "            n_updates += 1\n"
                          "    expected = epochs * -(-len(X) // batch_size)\n"
                          "    assert n_updates == expected, (n_updates, expected)\n"
                          "    return theta\n")]},
              why="annotated signature; updates counted and asserted against epochs * ceil(N / batch_size) (an "
                  "assertion that always holds)"),
        # --- newton_method ---------------------------------------------------------------------------
        Valid(name="round9-newton-functools-reduce",
              edits={M: [(IMPORT, "from functools import reduce\n\nimport numpy as np\n"),
                         (NEWTON_BODY,
                          "    def step(theta, _):\n"
                          "        return theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"
                          "    return reduce(step, range(n_steps), np.array(theta_init, dtype=np.float64))\n")]},
              why="the n_steps Newton steps folded with functools.reduce"),
        Valid(name="round9-newton-column-vector-solve",
              edits={M: [(NEWTON_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(n_steps):\n"
                          "        g = np.asarray(grad_f(theta), dtype=np.float64).reshape(-1, 1)\n"
                          "        delta = np.linalg.solve(hess_f(theta), g)\n"
                          "        theta = theta - delta[:, 0]\n"
                          "    return theta\n")]},
              why="the gradient as a (d, 1) column, solved as a matrix right-hand side and taken back as column 0"),
        Valid(name="round9-newton-stops-at-an-exact-stationary-point",
              edits={M: [(NEWTON_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(n_steps):\n"
                          "        g = grad_f(theta)\n"
                          "        if not np.any(g):\n"
                          "            break      # an exactly zero gradient: every further step is zero\n"
                          "        theta = theta - np.linalg.solve(hess_f(theta), g)\n"
                          "    return theta\n")]},
              why="an early exit once the gradient is exactly zero: every remaining step would solve H d = 0, d = 0, "
                  "so the result is the same"),
        # --- second batch, written after the first had been graded: whole-module extras ----------------
        Valid(name="round9-module-all-and-main-demo",
              edits={M: [(IMPORT, "import numpy as np\n\n__all__ = ['gradient_descent', 'numerical_gradient', "
                                  "'mse_loss_and_grad', 'minibatch_indices', 'sgd', 'newton_method']\n"),
                         (NEWTON_BODY + "    ### END SOLUTION\n",
                          NEWTON_BODY + "    ### END SOLUTION\n"
                          "\n"
                          "\n"
                          "if __name__ == '__main__':   # a demo when run as a script; importing runs nothing\n"
                          "    theta, history = gradient_descent(lambda t: float(t @ t), lambda t: 2 * t, np.ones(2), "
                          "0.1, 20)\n"
                          "    print(theta, history[-1])\n")]},
              why="__all__ naming the six functions and an if __name__ == '__main__' demo (not run on import)"),
        Valid(name="round9-sgd-index-lists",
              edits={M: [(SGD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(epochs):\n"
                          "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                          "            rows = idx.tolist()\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[rows], y[rows])\n"
                          "    return theta\n")]},
              why="each batch's indices as a Python list (X[list] selects the same rows in the same order)"),
        # --- third batch, written after the second had been graded ----------------------------------------
        Valid(name="round9-gd-itertools-accumulate",
              edits={M: [(IMPORT, "import itertools\n\nimport numpy as np\n"),
                         (GD_BODY,
                          "    def step(theta, _):\n"
                          "        return theta - learning_rate * grad_f(theta)\n"
                          "    start = np.array(theta_init, dtype=np.float64)\n"
                          "    history = []\n"
                          "    for theta in itertools.accumulate(range(n_steps), step, initial=start):\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "    return theta, history\n")]},
              why="itertools.accumulate(..., initial=theta_0) yields theta_0 .. theta_n lazily; f read at each"),
        Valid(name="round9-numgrad-map-over-indices",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    def partial(i):\n"
                          "        e = np.zeros_like(theta)\n"
                          "        e[i] = h\n"
                          "        return np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
                          "    values = list(map(partial, np.ndindex(theta.shape)))\n"
                          "    return np.array(values, dtype=np.float64).reshape(theta.shape)\n")]},
              why="map of a per-coordinate helper over np.ndindex, the list reshaped to theta's shape"),
        # --- fourth batch: the same draws from other Generator calls, a quotient split before the difference
        Valid(name="round9-minibatches-permuted-arange",
              edits={M: [(MB_BODY,
                          "    order = rng.permuted(np.arange(n_samples))\n"
                          "    return [order[i:i + batch_size] for i in range(0, n_samples, batch_size)]\n")]},
              why="Generator.permuted of arange(n): the same draw as rng.permutation(n) (checked on 1800 seeds and "
                  "sizes)"),
        Valid(name="round9-minibatches-shuffled-python-list",
              edits={M: [(MB_BODY,
                          "    order = list(range(n_samples))\n"
                          "    rng.shuffle(order)            # shuffles a list in place with the same draws\n"
                          "    return [np.array(order[i:i + batch_size]) for i in range(0, n_samples, "
                          "batch_size)]\n")]},
              why="rng.shuffle of a Python list (the same draws as rng.permutation(n)), each slice made an int array"),
        Valid(name="round9-numgrad-each-side-divided-first",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    grad = np.zeros_like(theta)\n"
                          "    for i in np.ndindex(theta.shape):\n"
                          "        e = np.zeros_like(theta)\n"
                          "        e[i] = h\n"
                          "        grad[i] = np.squeeze(f(theta + e)) / (2 * h) - np.squeeze(f(theta - e)) / (2 * h)\n"
                          "    return grad\n")]},
              why="each value divided by 2h before the difference: the same quotient, rounded differently (an error "
                  "of the order of the central difference's own rounding, |f| 1e-16 / h)"),
        # --- fifth batch: process-wide settings a module may touch, recursion, annotations from numpy.typing
        Valid(name="round9-gd-recursive-with-recursion-limit",
              edits={M: [(IMPORT, "import sys\n\nimport numpy as np\n"),
                         (GD_BODY,
                          "    sys.setrecursionlimit(max(sys.getrecursionlimit(), n_steps + 100))\n"
                          "    def run(theta, k, history):\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "        if k == n_steps:\n"
                          "            return theta, history\n"
                          "        return run(theta - learning_rate * grad_f(theta), k + 1, history)\n"
                          "    return run(np.array(theta_init, dtype=np.float64), 0, [])\n")]},
              why="gradient descent by recursion (one frame per step; the recursion limit raised to fit n_steps): the "
                  "same calls in the same order"),
        Valid(name="round9-module-numpy-typing-annotations",
              edits={M: [(IMPORT, "import numpy as np\nimport numpy.typing as npt\n\nArray = "
                                  "npt.NDArray[np.float64]\n"),
                         ("def mse_loss_and_grad(theta, X, y):",
                          "def mse_loss_and_grad(theta: Array, X: Array, y: Array) -> tuple[float, Array]:"),
                         ("def numerical_gradient(f, theta, h=1e-5):",
                          "def numerical_gradient(f, theta: Array, h: float = 1e-5) -> Array:")]},
              why="numpy.typing imported for a module-level alias used in annotations"),
        Valid(name="round9-module-ignores-warnings-globally",
              edits={M: [(IMPORT, "import warnings\n\nimport numpy as np\n\nwarnings.filterwarnings('ignore')   "
                                  "# no overflow noise while trying learning rates\n")]},
              why="warnings.filterwarnings('ignore') at import (process-wide): the functions are unchanged"),
        # --- sixth batch: inputs taken as the contract's float64 arrays, without a defensive cast -------
        Valid(name="round9-numgrad-no-cast-perturbed-copy",
              edits={M: [(NG_BODY,
                          "    grad = np.zeros_like(theta)          # theta is float64 (the contract), so is grad\n"
                          "    x = theta.copy()\n"
                          "    for i in np.ndindex(x.shape):\n"
                          "        old = x[i]\n"
                          "        x[i] = old + h\n"
                          "        fp = np.squeeze(f(x))\n"
                          "        x[i] = old - h\n"
                          "        fm = np.squeeze(f(x))\n"
                          "        x[i] = old\n"
                          "        grad[i] = (fp - fm) / (2 * h)\n"
                          "    return grad\n")]},
              why="no np.asarray(..., float64): theta is used as the float64 array the contract promises (zeros_like "
                  "and a copy perturbed in place and restored)"),
        # --- seventh: threads (the sandbox allows them) ------------------------------------------------
        Valid(name="round9-numgrad-thread-pool",
              edits={M: [(NG_BODY,
                          "    from concurrent.futures import ThreadPoolExecutor\n"
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    def one(i):\n"
                          "        e = np.zeros_like(theta)\n"
                          "        e[i] = h\n"
                          "        return np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
                          "    with ThreadPoolExecutor(max_workers=2) as pool:\n"
                          "        values = list(pool.map(one, np.ndindex(theta.shape)))\n"
                          "    return np.array(values, dtype=np.float64).reshape(theta.shape)\n")]},
              why="the coordinates' differences computed on a two-thread pool (pool.map keeps their order); f is "
                  "called on each shifted point once, from a worker thread"),
    ]


VALID += _valid_round_9()

# Held-out round 9 (docs/graders.md): heldout_round9.py, written outside the repository from public sources
# after round 8 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_9 = load_round(__file__, "heldout_round9.py").ROUND_9
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_9_ALSO = {'numgrad-divided-by-2-times-h': ('numgrad-scaled', 'numgrad-wrong-denominator'), 'numgrad-central-over-h': ('numgrad-scaled',), 'mse-grad-ng-one-over-m': ('mse-grad-scaled',), 'sgd-inner-loop-over-samples': ('sgd-update-count',), 'minibatches-slice-to-batch-size': ('minibatches-empty-batch',)}
# --- round 9 burnt (docs/graders.md, "Round 9 is burnt"): graded once held out (23 of 23 lose points, 19 named), then
# used to grow the graders; training cases now (heldout_round9.py stays as it was written; its digests are gone
# with the held-out mark). The four not named are named now: the hoisted gradient by its writer's own tag (the run's
# end is theta_init moved n_steps times by the start's step), the gradient-norm history and the empty batches by
# the models grown from them, and the mean absolute error by the family "absolute values where squares belong".
ROUND_9_UNNAMED: dict[str, str] = {}
ROUND_9_ALSO = {**ROUND_9_ALSO, 'mse-loss-np-abs-mean': ('mse-loss-absolute-error',)}
MISTAKES += burn(ROUND_9, 9, ROUND_9_ALSO, ROUND_9_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 9 (docs/graders.md, "Round 9 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="gd-gradient-at-start", name="gd-direction-fixed-before-loop",
            edits={"gradient_descent": [("    for _ in range(n_steps):\n" + GD_STEP,
                                         "    direction = -grad_f(theta)  # the descent direction\n"
                                         "    for _ in range(n_steps):\n"
                                         "        theta = theta + learning_rate * direction\n")]},
            why="the descent direction computed once, before the loop: every step moves along the start's gradient",
            source="line search code, where a direction is fixed and only the step length is searched"),
    Mistake(tag="gd-history-of-gradient-norm", name="gd-history-squared-gradient-norm",
            edits={"gradient_descent": [(GD_HIST0, "    history = [float(np.sum(grad_f(theta) ** 2))]"),
                                        (GD_APPEND, "        history.append(float(np.sum(grad_f(theta) ** 2)))\n")]},
            why="history records |grad f|^2, the stopping criterion's quantity, instead of f",
            source="convergence plots of |grad f(theta_k)|^2 in optimisation papers"),
    Mistake(tag="mse-loss-absolute-error", name="mse-loss-l1-norm-of-residuals",
            edits={"gradient_descent": [("    loss = float(np.mean(residual ** 2))\n",
                                         "    loss = float(np.linalg.norm(residual, ord=1))  # L1 loss\n")]},
            why="the L1 norm of the residuals, the sum of |r|, for the mean of r**2",
            source="np.linalg.norm's ord argument: ord=1 read as 'the loss of order 1'"),
    Mistake(tag="minibatches-empty-batch", name="minibatches-np-split-past-the-end",
            edits={"gradient_descent": [
                ("    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n",
                 "    return np.split(perm, np.arange(batch_size, n_samples + batch_size, batch_size))\n")]},
            why="np.split at every multiple of batch_size up to n_samples + batch_size: past the end, the last "
                "pieces are empty (two of them when batch_size divides n_samples)",
            source="np.split with a list of split points"),
]


# --- valid variants, round 10 (docs/graders.md, "Valid variants, round 10"): written from the contract, the stubs
# and the lessons before any grader was read, each checked against the reference on random inputs, then graded.
def _valid_round_10() -> list[Valid]:
    """Round 10's valid variants of this week (a function, so its snippet names stay local)."""
    M = "gradient_descent"
    GD_BODY, NG_BODY, MSE_BODY, MB_BODY, SGD_BODY, NEWTON_BODY = (solution_region(WEEK, M, f) for f in (
        "gradient_descent", "numerical_gradient", "mse_loss_and_grad", "minibatch_indices", "sgd", "newton_method"))
    return [
        # --- gradient_descent ---------------------------------------------------------------------------
        Valid(name="round10-gd-astype-copy-reshape-history",
              edits={M: [(GD_BODY,
                          "    theta = np.asarray(theta_init).astype(np.float64)  # astype copies by default\n"
                          "    history = [np.asarray(f(theta), dtype=np.float64).reshape(-1)[0].item()]\n"
                          "    for _ in range(n_steps):\n"
                          "        theta -= learning_rate * grad_f(theta)\n"
                          "        history.append(np.asarray(f(theta), dtype=np.float64).reshape(-1)[0].item())\n"
                          "    return theta, history\n")]},
              why="the copy made by astype (a copy unless copy=False), the step in place on it, each loss read as "
                  "the first element of a flattened array"),
        Valid(name="round10-gd-iterator-class-with-slots",
              edits={M: [(GD_BODY,
                          "    class Descent:\n"
                          "        __slots__ = ('theta', 'left')\n"
                          "\n"
                          "        def __init__(self, start, steps):\n"
                          "            self.theta, self.left = np.array(start, dtype=np.float64), steps\n"
                          "\n"
                          "        def __iter__(self):\n"
                          "            return self\n"
                          "\n"
                          "        def __next__(self):\n"
                          "            if self.left == 0:\n"
                          "                raise StopIteration\n"
                          "            self.left -= 1\n"
                          "            self.theta = self.theta - learning_rate * grad_f(self.theta)\n"
                          "            return float(np.squeeze(f(self.theta)))\n"
                          "\n"
                          "    run = Descent(theta_init, n_steps)\n"
                          "    history = [float(np.squeeze(f(run.theta)))]\n"
                          "    history.extend(run)   # drives the iterator: one step per loss\n"
                          "    return run.theta, history\n")]},
              why="the loop as an iterator class (__slots__, __iter__/__next__) that steps and yields each loss; "
                  "list.extend drives it"),
        Valid(name="round10-gd-validating-decorator",
              edits={M: [("def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps):\n",
                          "def _checked(function):\n"
                          "    import functools\n"
                          "    import numbers\n"
                          "\n"
                          "    @functools.wraps(function)\n"
                          "    def wrapper(f, grad_f, theta_init, learning_rate, n_steps):\n"
                          "        if not callable(f) or not callable(grad_f):\n"
                          "            raise TypeError('f and grad_f must be callables')\n"
                          "        if not isinstance(n_steps, numbers.Integral) or n_steps < 0:\n"
                          "            raise ValueError(f'n_steps must be an int >= 0, got {n_steps!r}')\n"
                          "        return function(f, grad_f, theta_init, learning_rate, n_steps)\n"
                          "    return wrapper\n"
                          "\n"
                          "\n"
                          "@_checked\n"
                          "def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps):\n")]},
              why="a functools.wraps decorator that checks the arguments (raising only on callables that are not, "
                  "or a step count that is not a non-negative int: numpy ints pass) before the reference body"),
        # --- numerical_gradient ---------------------------------------------------------------------------
        Valid(name="round10-numgrad-recursive-over-rows",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    if theta.ndim <= 1 or theta.size == 0:\n"
                          "        grad = np.zeros_like(theta)\n"
                          "        for i in np.ndindex(theta.shape):\n"
                          "            e = np.zeros_like(theta)\n"
                          "            e[i] = h\n"
                          "            grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
                          "        return grad\n"
                          "    rows = []\n"
                          "    for r in range(theta.shape[0]):\n"
                          "        def f_row(row, r=r):   # f with row r of theta replaced\n"
                          "            full = theta.copy()\n"
                          "            full[r] = row\n"
                          "            return f(full)\n"
                          "        rows.append(numerical_gradient(f_row, theta[r], h))\n"
                          "    return np.stack(rows)\n")]},
              why="recursion on the first axis: the gradient of an n-d theta is the stack of the gradients of f "
                  "along each row (the same perturbed points, so the same numbers)"),
        Valid(name="round10-numgrad-np-vectorize-over-flat-indices",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    flat = theta.ravel()\n"
                          "\n"
                          "    def partial(k):\n"
                          "        unit = np.zeros(flat.size)\n"
                          "        unit[k] = 1.0\n"
                          "        step = (h * unit).reshape(theta.shape)\n"
                          "        return np.squeeze(f(theta + step) - f(theta - step)) / (h + h)\n"
                          "\n"
                          "    if flat.size == 0:\n"
                          "        return np.zeros_like(theta)\n"
                          "    return np.vectorize(partial, otypes=[np.float64])(np.arange(flat.size)).reshape(theta.shape)\n")]},
              why="np.vectorize of one partial derivative over the flat indices (otypes given), with a unit vector "
                  "scaled by h and h + h for 2h"),
        # --- mse_loss_and_grad ---------------------------------------------------------------------------
        Valid(name="round10-mse-inner-and-divide-after",
              edits={M: [(MSE_BODY,
                          "    residual = np.dot(X, theta) - y\n"
                          "    n = X.shape[0]\n"
                          "    loss = float(np.inner(residual, residual) / n)\n"
                          "    grad = 2 * (X.T @ residual) / n\n"
                          "    return loss, grad\n")]},
              why="the sum of squares by np.inner, and the factor 2/N applied as * 2 then / N (equal up to round-off)"),
        Valid(name="round10-mse-multi-dot-numpy-float-loss",
              edits={M: [(MSE_BODY,
                          "    residual = X @ theta - y\n"
                          "    loss = np.float64(np.square(residual).mean())   # a float subclass\n"
                          "    grad = np.linalg.multi_dot([X.T, residual]) * (2.0 / len(y))\n"
                          "    return loss, grad\n")]},
              why="the loss returned as np.float64 (a subclass of float), the gradient through np.linalg.multi_dot"),
        # --- minibatch_indices ---------------------------------------------------------------------------
        Valid(name="round10-minibatches-recursive-halving",
              edits={M: [(MB_BODY,
                          "    def cut(part):\n"
                          "        if len(part) <= batch_size:\n"
                          "            return [part]\n"
                          "        half = (len(part) // batch_size + 1) // 2 * batch_size   # a batch boundary\n"
                          "        return cut(part[:half]) + cut(part[half:])\n"
                          "\n"
                          "    perm = rng.permutation(n_samples)\n"
                          "    return cut(perm) if n_samples > 0 else []\n")]},
              why="divide and conquer: the permutation split at a batch boundary near its middle, recursively "
                  "(depth log of the batch count), which gives the same consecutive slices"),
        Valid(name="round10-minibatches-islice-walrus",
              edits={M: [(MB_BODY,
                          "    import itertools\n"
                          "    perm = rng.permutation(n_samples)\n"
                          "    it = iter(perm)\n"
                          "    batches = []\n"
                          "    while (batch := np.fromiter(itertools.islice(it, batch_size), dtype=perm.dtype)).size:\n"
                          "        batches.append(batch)\n"
                          "    return batches\n")]},
              why="batches read off an iterator over the permutation with itertools.islice and a walrus loop"),
        # --- sgd ---------------------------------------------------------------------------
        Valid(name="round10-sgd-deque-consumed-map",
              edits={M: [(SGD_BODY,
                          "    from collections import deque\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "\n"
                          "    def step(idx):\n"
                          "        nonlocal theta\n"
                          "        theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "\n"
                          "    for _ in range(epochs):\n"
                          "        deque(map(step, minibatch_indices(len(X), batch_size, rng)), maxlen=0)\n"
                          "    return theta\n")]},
              why="each epoch's batches consumed by deque(map(step, ...), maxlen=0) with theta a nonlocal"),
        Valid(name="round10-sgd-asserts-and-early-return",
              edits={M: [(SGD_BODY,
                          "    assert len(X) == len(y), 'one label per row'\n"
                          "    assert batch_size >= 1\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    if epochs == 0:\n"
                          "        return theta\n"
                          "    for _ in range(epochs):\n"
                          "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "    return theta\n")]},
              why="assertions that hold on valid input, and an early return (of the copy) when there are no epochs"),
        Valid(name="round10-sgd-while-over-batch-list",
              edits={M: [(SGD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    epoch = 0\n"
                          "    while epoch < epochs:\n"
                          "        batches = minibatch_indices(len(X), batch_size, rng)\n"
                          "        k = 0\n"
                          "        while k < len(batches):\n"
                          "            Xb, yb = X[batches[k]], y[batches[k]]\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, Xb, yb)\n"
                          "            k += 1\n"
                          "        epoch += 1\n"
                          "    return theta\n")]},
              why="while loops over epochs and over the list of batches, indexing the batch list"),
        # --- newton_method ---------------------------------------------------------------------------
        Valid(name="round10-newton-cholesky-when-symmetric-positive",
              edits={M: [(NEWTON_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(n_steps):\n"
                          "        H, g = np.asarray(hess_f(theta), dtype=np.float64), grad_f(theta)\n"
                          "        try:\n"
                          "            if not np.array_equal(H, H.T):\n"
                          "                raise np.linalg.LinAlgError('not symmetric')\n"
                          "            L = np.linalg.cholesky(H)   # H = L L^T, only for symmetric positive definite\n"
                          "            step = np.linalg.solve(L.T, np.linalg.solve(L, g))\n"
                          "        except np.linalg.LinAlgError:\n"
                          "            step = np.linalg.solve(H, g)\n"
                          "        theta = theta - step\n"
                          "    return theta\n")]},
              why="Nocedal & Wright's Cholesky solve of H d = g when H is exactly symmetric and positive definite, "
                  "np.linalg.solve otherwise (the same step up to round-off)"),
        Valid(name="round10-newton-itertools-repeat-linalg-alias",
              edits={M: [(NEWTON_BODY,
                          "    from itertools import repeat\n"
                          "    from numpy import linalg as LA\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in repeat(None, n_steps):\n"
                          "        delta = LA.solve(hess_f(theta), grad_f(theta))\n"
                          "        theta = np.subtract(theta, delta)\n"
                          "    return theta\n")]},
              why="a loop over itertools.repeat, numpy.linalg imported as LA inside the function, np.subtract"),
        # --- batch 2 ---------------------------------------------------------------------------
        Valid(name="round10-mse-tensordot-abs-squared",
              edits={M: [(MSE_BODY,
                          "    residual = X @ theta - y\n"
                          "    loss = float(np.mean(np.abs(residual) ** 2))   # |r|^2: the complex-safe habit\n"
                          "    grad = np.tensordot(residual, X, axes=1) * (2.0 / len(y))\n"
                          "    return loss, grad\n")]},
              why="the squared residuals as |r|**2, and X^T r as np.tensordot(r, X, axes=1)"),
        Valid(name="round10-sgd-dataloader-class",
              edits={M: [(SGD_BODY,
                          "    class Loader:   # PyTorch's DataLoader(shuffle=True): one shuffle per pass\n"
                          "        def __init__(self, X, y, batch_size, rng):\n"
                          "            self.X, self.y, self.batch_size, self.rng = X, y, batch_size, rng\n"
                          "\n"
                          "        def __len__(self):\n"
                          "            return -(-len(self.X) // self.batch_size)\n"
                          "\n"
                          "        def __iter__(self):\n"
                          "            for idx in minibatch_indices(len(self.X), self.batch_size, self.rng):\n"
                          "                yield self.X[idx], self.y[idx]\n"
                          "\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    loader = Loader(X, y, batch_size, rng)\n"
                          "    for _ in range(epochs):\n"
                          "        for Xb, yb in loader:\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, Xb, yb)\n"
                          "    return theta\n")]},
              why="a DataLoader-like class whose __iter__ draws one epoch's batches (minibatch_indices) per pass"),
        Valid(name="round10-gd-history-of-numpy-float64",
              edits={M: [(GD_BODY,
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    history = [np.squeeze(f(theta))[()]]   # numpy.float64 scalars: floats too\n"
                          "    for _ in range(n_steps):\n"
                          "        theta = theta - learning_rate * grad_f(theta)\n"
                          "        history.append(np.squeeze(f(theta))[()])\n"
                          "    return theta, history\n")]},
              why="history holds numpy.float64 scalars (a subclass of float), read with [()] from the squeezed "
                  "value, not converted by float()"),
        Valid(name="round10-numgrad-points-as-strided-columns",
              edits={M: [(NG_BODY,
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    n = theta.size\n"
                          "    steps = h * np.eye(n)\n"
                          "    plus = theta.reshape(-1, 1) + steps    # column k: theta + h e_k\n"
                          "    minus = theta.reshape(-1, 1) - steps\n"
                          "    grad = np.empty(n)\n"
                          "    for k in range(n):   # each point a strided view of its matrix, reshaped\n"
                          "        diff = f(plus[:, k].reshape(theta.shape)) - f(minus[:, k].reshape(theta.shape))\n"
                          "        grad[k] = np.squeeze(diff) / (2 * h)\n"
                          "    return grad.reshape(theta.shape)\n")]},
              why="all perturbed points built at once as the columns of two matrices; f gets each column, a "
                  "non-contiguous view, reshaped to theta's shape"),
        Valid(name="round10-minibatches-unsigned-indices",
              edits={M: [(MB_BODY,
                          "    perm = rng.permutation(n_samples).astype(np.uintp)   # indices are never negative\n"
                          "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n")]},
              why="the permutation cast to np.uintp, an unsigned integer type, before it is cut"),
    ]


VALID += _valid_round_10()

# Held-out round 10 (docs/graders.md): heldout_round10.py, written outside the repository from public sources
# after round 9 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_10 = load_round(__file__, "heldout_round10.py").ROUND_10
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_10_ALSO = {'numgrad-divides-by-2-h-squared': ('numgrad-scaled',), 'numgrad-perturbation-typed-1e-4': ('numgrad-scaled',), 'sgd-lr-over-batch-size': ('sgd-step-scaled',)}
# written blind, but the same code as a training case (comments and spaces aside: the writer was shown the older
# held-out rounds, not the catalogue's own cases) -- a known instance is no measure of naming what was never shown,
# so these are training cases from the start, decided before grading (docs/graders.md, "Round 10")
ROUND_10_REPEATS = {
    'gd-unit-direction-step': 'gd-unit-gradient-step',
    'gd-range-from-one-to-n-steps': 'gd-range-from-one',
    'mse-loss-norm-over-n': 'mse-norm-over-n',
    'mse-residual-caret-2': 'mse-residual-caret-2',
    'sgd-lr-over-batch-size': 'sgd-lr-over-batch-size',
    'newton-step-from-theta-init': 'newton-from-theta-init-each-time',
    'newton-n-steps-plus-one': 'newton-one-step-too-many',
}
MISTAKES += burn([m for m in ROUND_10 if m.case in ROUND_10_REPEATS], 10,
                  {c: t for c, t in ROUND_10_ALSO.items() if c in ROUND_10_REPEATS}, {}, MISTAKES)
# --- round 10 burnt (docs/graders.md, "Round 10 is burnt"): graded once held out, then used to grow the graders;
# training cases now (heldout_round10.py stays as it was written; its digests are gone with the held-out mark).
ROUND_10_UNNAMED: dict[str, str] = {}
MISTAKES += burn([m for m in ROUND_10 if m.case not in ROUND_10_REPEATS], 10,
                 {c: t for c, t in ROUND_10_ALSO.items() if c not in ROUND_10_REPEATS}, ROUND_10_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 10 (docs/graders.md, "Round 10 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="gd-return-order-swapped", name="gd-returns-named-pair-in-plotting-order",
            edits={"gradient_descent": [("    return theta, history\n",
                                         "    result = {'history': history, 'theta': theta}  # what the plot needs first\n"
                                         "    return tuple(result.values())\n")]},
            why="the pair built from a dict in the order (history, theta): unpacked by position, the caller's theta "
                "is the loss list",
            source="plotting helpers that return the loss curve first"),
    Mistake(tag="minibatches-returns-generator", name="minibatches-map-over-starts",
            edits={"gradient_descent": [(MB_BODY,
                                         "    perm = rng.permutation(n_samples)\n"
                                         "    return map(lambda start: perm[start:start + batch_size], "
                                         "range(0, n_samples, batch_size))\n")]},
            why="map() returns a lazy one-pass iterator, not the list the contract asks for: no len(), no indexing, "
                "empty when read a second time",
            source="functional style, map() returning a list in Python 2"),
    Mistake(tag="gd-gradient-at-start", name="sgd-gradient-at-kept-start",
            edits={"gradient_descent": [(SGD_BODY,
                                         "    start = np.array(theta_init, dtype=np.float64)\n"
                                         "    theta = start.copy()\n"
                                         "    for _ in range(epochs):\n"
                                         "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                                         "            theta -= learning_rate * grad_f_batch(start, X[idx], y[idx])\n"
                                         "    return theta\n")]},
            why="the starting point kept under its own name and passed to grad_f_batch: every gradient is the "
                "start's, whatever theta has become",
            source="a copy of the start kept 'to compare with at the end', then used by mistake"),
    Mistake(tag="mse-grad-wrong-axis", name="mse-grad-per-sample-sum-over-features",
            edits={"gradient_descent": [(MSE_GRAD, "    grad = (2.0 / len(y)) * np.sum(X * residual[:, None], axis=1)\n")]},
            why="the per-sample terms x_n r_n formed by broadcasting, then summed over axis 1, the features: one "
                "value per sample (N,), not per parameter (d,)",
            source="broadcasting r[:, None] against X, with the axis of the sum mixed up"),
    Mistake(tag="numgrad-precedence", name="numgrad-minus-value-over-h-over-2",
            edits={"gradient_descent": [(NG_LINE, "        f_plus, f_minus = np.squeeze(f(theta + e)), np.squeeze(f(theta - e))\n"
                                                  "        grad[i] = f_plus - f_minus / h / 2\n")]},
            why="the two values named first, then f_plus - f_minus / h / 2: the divisions bind to f_minus alone",
            source="the formula typed from left to right as it is read aloud, 'f plus minus f minus over 2h'"),
    Mistake(tag="hidden-l2-penalty", name="gd-decoupled-decay-of-theta",
            edits={"gradient_descent": [(GD_STEP, "        theta = (1 - learning_rate * 1e-3) * theta - learning_rate * "
                                                  "grad_f(theta)  # decay\n")]},
            why="theta shrunk by (1 - lr * 1e-3) before each step: decoupled weight decay, the same numbers as an L2 "
                "penalty 1e-3 / 2 |theta|^2 added to f",
            source="AdamW-style decoupled weight decay carried into plain gradient descent"),
    Mistake(tag="sgd-random-batch-per-step", name="sgd-batch-sliced-at-random-offset",
            edits={"gradient_descent": [(SGD_BODY,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    for _ in range(epochs):\n"
                                         "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                                         "            start = rng.integers(0, len(X) - len(idx) + 1)  # a random window\n"
                                         "            rows = np.arange(start, start + len(idx))\n"
                                         "            theta = theta - learning_rate * grad_f_batch(theta, X[rows], y[rows])\n"
                                         "    return theta\n")]},
            why="each step's batch a window of consecutive rows at a random offset, of the batch's size: the "
                "windows overlap, so an epoch is not one pass over the data",
            source="sequence-model data loaders that cut random windows"),
    Mistake(tag="minibatches-array-split", name="minibatches-linspace-cut-points",
            edits={"gradient_descent": [(MB_BODY,
                                         "    perm = rng.permutation(n_samples)\n"
                                         "    count = -(-n_samples // batch_size)  # the number of batches\n"
                                         "    cuts = np.linspace(0, n_samples, count + 1).astype(int)\n"
                                         "    return [perm[a:b] for a, b in zip(cuts[:-1], cuts[1:])]\n")]},
            why="the right number of batches, but cut at evenly spaced points: sizes that differ by at most one, "
                "not batch_size each with a smaller last one",
            source="np.linspace for evenly spaced cut points"),
]

# Held-out round 11 (docs/graders.md): heldout_round11.py, written outside the repository from public sources
# after round 10 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_11 = load_round(__file__, "heldout_round11.py").ROUND_11
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_11_ALSO = {'mse-grad-divided-by-features': ('mse-grad-scaled',), 'mse-ng-cost-one-over-2m': ('mse-grad-scaled',), 'newton-divide-by-hessian-diagonal': ('newton-divides-elementwise',), 'numgrad-divide-by-2-times-h-unparenthesised': ('numgrad-wrong-denominator',), 'sgd-inner-loop-over-batch-rows': ('sgd-update-count',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_11_REPEATS = {'gd-while-history-shorter-than-n': 'gd-while-len-history', 'mse-grad-minus-from-chain-rule': 'mse-minus-gradient', 'minibatches-array-split-at-least-one-piece': 'minibatches-array-split-count', 'sgd-batches-made-before-epochs': 'sgd-no-reshuffle'}
ROUND_11_KNOWN, HELD_OUT = split_repeats(ROUND_11, 11, ROUND_11_ALSO, ROUND_11_REPEATS, MISTAKES)
MISTAKES += ROUND_11_KNOWN
# --- round 11 burnt (docs/graders.md, "Round 11 is burnt"): graded once held out, then used to grow the graders;
# training cases now (heldout_round11.py stays as it was written; its digests are gone with the held-out mark).
# none left unnamed: the eight graded unnamed are named by the models grown below (test files, week1_support)
ROUND_11_UNNAMED: dict[str, str] = {}
MISTAKES += burn(HELD_OUT, 11, {}, ROUND_11_UNNAMED, MISTAKES)     # HELD_OUT carries ROUND_11_ALSO already
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 11 (docs/graders.md, "Round 11 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="gd-not-simultaneous-update", name="gd-sweep-over-ndindex",
            edits={"gradient_descent": [(GD_STEP, "        for j in np.ndindex(theta.shape):  # one entry at a time\n"
                                                  "            theta[j] -= learning_rate * grad_f(theta)[j]\n")]},
            why="each entry moved in turn with the gradient taken again at the partly updated theta: a "
                "coordinate-wise (Gauss-Seidel) sweep, not one simultaneous step",
            source="coordinate descent, or an element-wise loop 'to handle any shape'"),
    Mistake(tag="gd-float32-iterate", name="gd-float32-in-place-steps",
            edits={"gradient_descent": [(GD_COPY, "    theta = np.asarray(theta_init).astype(np.float32)  # half the memory\n"),
                                        (GD_STEP, "        theta -= learning_rate * grad_f(theta)\n")]},
            why="theta copied as float32 and stepped in place, so it stays float32: every step is rounded to about "
                "7 significant digits",
            source="single precision, the deep-learning default, 'to save memory'"),
    Mistake(tag="numgrad-perturbation-not-reset", name="numgrad-minus-first-never-restored",
            edits={"gradient_descent": [(NG_LOOP,
                                         "    point = theta.copy()\n"
                                         "    for i in np.ndindex(theta.shape):\n"
                                         "        point[i] -= h\n"
                                         "        f_minus = np.squeeze(f(point))\n"
                                         "        point[i] += 2 * h\n"
                                         "        grad[i] = (np.squeeze(f(point)) - f_minus) / (2 * h)\n")]},
            why="the copy's entry moved down, then up by 2h, and never back: every later entry is differenced at a "
                "point h above theta in all the earlier ones",
            source="the in-place perturbation loop of gradient-check tutorials, its restoring line left out"),
    Mistake(tag="minibatches-sorted-batches", name="minibatches-each-batch-reversed",
            edits={"gradient_descent": [(MB_BODY, "    perm = rng.permutation(n_samples)\n"
                                                  "    return [perm[start:start + batch_size][::-1]  # last index first\n"
                                                  "            for start in range(0, n_samples, batch_size)]\n")]},
            why="each batch the right slice of the permutation, read backwards: the right samples in another order "
                "inside the batch",
            source="a slice reversed to pop from its end, as a stack"),
    Mistake(tag="sgd-summed-gradient", name="sgd-loop-adds-row-gradients",
            edits={"gradient_descent": [("            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
                                         "            total = np.zeros_like(theta)\n"
                                         "            for row in idx:  # one gradient per example, added up\n"
                                         "                total += grad_f_batch(theta, X[[row]], y[[row]])\n"
                                         "            theta = theta - learning_rate * total\n")]},
            why="the batch's per-example gradients added in a loop: the sum over the batch, len(batch) times the mean "
                "grad_f_batch already returns",
            source="the textbook sum over i in B of the per-example gradient, with the 1/|B| left out"),
    Mistake(tag="sgd-n-from-features", name="sgd-n-from-np-size-axis-1",
            edits={"gradient_descent": [("        for idx in minibatch_indices(len(X), batch_size, rng):\n",
                                         "        for idx in minibatch_indices(np.size(X, 1), batch_size, rng):\n")]},
            why="np.size(X, 1), the number of features, passed as the number of samples: only the first d rows are used",
            source="np.size(X, axis) with the axis of the features, as for a (features, samples) layout"),
    Mistake(tag="sgd-arguments-swapped", name="sgd-minibatch-keywords-swapped",
            edits={"gradient_descent": [("        for idx in minibatch_indices(len(X), batch_size, rng):\n",
                                         "        for idx in minibatch_indices(batch_size=len(X), n_samples=batch_size, rng=rng):\n")]},
            why="the keywords attached to the other values: n_samples = batch_size and batch_size = len(X), one batch of "
                "the first batch_size rows per epoch",
            source="keyword arguments written from memory of DataLoader(dataset, batch_size)"),
    Mistake(tag="newton-regularised-hessian", name="newton-damped-by-lambda-in-place",
            edits={"gradient_descent": [(NEWTON_STEP,
                                         "        H = hess_f(theta)\n"
                                         "        H[np.diag_indices_from(H)] += 1e-3  # damping: keep H invertible\n"
                                         "        theta = theta - np.linalg.solve(H, grad_f(theta))\n")]},
            why="1e-3 added to the Hessian's diagonal in place before the solve: Levenberg damping, a shorter step "
                "than Newton's",
            source="Levenberg-Marquardt's lambda I, written with np.diag_indices_from"),
    Mistake(tag="sgd-returns-pair", name="sgd-returns-theta-and-update-count",
            edits={"gradient_descent": [(SGD_BODY,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    updates = 0\n"
                                         "    for _ in range(epochs):\n"
                                         "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                                         "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                                         "            updates += 1\n"
                                         "    return [theta, updates]  # how many steps were made, for the log\n")]},
            why="a list of theta and the number of updates made: theta with an extra, where theta alone belongs",
            source="training loops that return the step count for logging"),
]
HELD_OUT_DIGESTS = {
    'gd-asarray-then-minus-equals': '0b2b8453b0c4708a',
    'gd-record-before-each-step': '85fa8834869e968c',
    'gd-coordinatewise-in-loop': 'ef24fd374db7557c',
    'gd-iterate-in-float32': '564fcb529020a6b5',
    'numgrad-backward-difference-float-casts': '3300f8429d95cc71',
    'numgrad-divide-by-2-times-h-unparenthesised': 'c9e45074cb3b79f1',
    'numgrad-copy-then-never-restored': '2c753e46da68c6dd',
    'numgrad-range-len-on-matrix': '2b4aad7aa09956c0',
    'mse-grad-divided-by-features': '243fcb9cece91690',
    'mse-ng-cost-one-over-2m': 'd11e6aab6c691a75',
    'mse-loss-squared-norm': '924cfc668261d7c7',
    'minibatches-range-stops-before-partial': '3c2ab15772513ec4',
    'minibatches-rng-integers': 'c8bab958a7c83d30',
    'minibatches-each-batch-sorted': '25021ba6d8a08fd6',
    'sgd-sum-of-per-sample-gradients': 'b8e91e5f6cb8ddaa',
    'sgd-inner-loop-over-batch-rows': '7bda9715e12e0129',
    'sgd-minibatches-of-columns': 'b28a69f1d3604057',
    'newton-divide-by-hessian-diagonal': 'db8acc35753e5621',
    'newton-hessian-at-start-only': 'f2a918fdc752ccef',
    'newton-levenberg-tenth-identity': 'c80160ab44c36197',
    'sgd-returns-theta-and-loss-history': '034bc5fc17cf830e',
    'minibatches-new-permutation-per-batch': 'f6a465894ec0ed14',
}


def _valid_round_11() -> list[Valid]:
    """Round 11's valid variants of this week (a function, so its snippet names stay local)."""
    M = "gradient_descent"

    def region(function):   # the reference's solution region of a function of this module
        return solution_region(WEEK, M, function)

    return [
        # --- gradient_descent ---------------------------------------------------------------------------
        Valid(name="round11-gd-total-displacement-accumulated",
              edits={M: [(region("gradient_descent"),
                          "    start = np.array(theta_init, dtype=np.float64)\n"
                          "    moved = np.zeros_like(start)   # the sum of every gradient taken so far\n"
                          "    theta = start.copy()\n"
                          "    history = [float(np.squeeze(f(theta)))]\n"
                          "    for _ in range(n_steps):\n"
                          "        moved = moved + grad_f(theta)\n"
                          "        theta = start - learning_rate * moved\n"
                          "        history.append(float(np.squeeze(f(theta))))\n"
                          "    return theta, history\n")]},
              why="the iterate as the start minus lr times the running sum of the gradients (theta_k = theta_0 - "
                  "lr * sum g_j, the same numbers reassociated: round-off accumulates another way over long runs)"),
        Valid(name="round11-gd-dataclass-run-state",
              edits={M: [(region("gradient_descent"),
                          "    from dataclasses import dataclass, field\n"
                          "\n"
                          "    @dataclass\n"
                          "    class Run:\n"
                          "        theta: np.ndarray\n"
                          "        history: list = field(default_factory=list)\n"
                          "\n"
                          "        def record(self):\n"
                          "            self.history.append(float(np.squeeze(f(self.theta))))\n"
                          "\n"
                          "        def step(self):\n"
                          "            self.theta = self.theta - learning_rate * grad_f(self.theta)\n"
                          "            self.record()\n"
                          "\n"
                          "    run = Run(np.array(theta_init, dtype=np.float64))\n"
                          "    run.record()\n"
                          "    for _ in range(n_steps):\n"
                          "        run.step()\n"
                          "    return run.theta, run.history\n")]},
              why="the run's state (iterate, losses) in a local dataclass with record/step methods"),
        Valid(name="round11-gd-closure-stepper-nonlocal",
              edits={M: [(region("gradient_descent"),
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "\n"
                          "    def step():\n"
                          "        nonlocal theta\n"
                          "        theta = theta - learning_rate * grad_f(theta)\n"
                          "        return float(np.squeeze(f(theta)))\n"
                          "\n"
                          "    history = [float(np.squeeze(f(theta)))] + [step() for _ in range(n_steps)]\n"
                          "    return theta, history\n")]},
              why="a closure that moves a nonlocal iterate and returns the new loss, called n_steps times in a "
                  "list comprehension"),
        # --- numerical_gradient ---------------------------------------------------------------------------
        Valid(name="round11-numgrad-times-reciprocal-of-2h",
              edits={M: [(region("numerical_gradient"),
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    inv_2h = 0.5 / h\n"
                          "    grad = np.zeros_like(theta)\n"
                          "    for i in np.ndindex(theta.shape):\n"
                          "        e = np.zeros_like(theta)\n"
                          "        e[i] = h\n"
                          "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) * inv_2h\n"
                          "    return grad\n")]},
              why="the difference multiplied by the precomputed 0.5 / h instead of divided by 2h (one rounding apart)"),
        Valid(name="round11-numgrad-atleast-1d-reshaped-back",
              edits={M: [(region("numerical_gradient"),
                          "    theta = np.asarray(theta, dtype=np.float64)\n"
                          "    flat = np.atleast_1d(theta).ravel()\n"
                          "    out = np.empty(flat.size)\n"
                          "    for k in range(flat.size):\n"
                          "        e = np.zeros(flat.size)\n"
                          "        e[k] = h\n"
                          "        up = (flat + e).reshape(theta.shape)\n"
                          "        down = (flat - e).reshape(theta.shape)\n"
                          "        out[k] = np.squeeze(f(up) - f(down)) / (2 * h)\n"
                          "    return out.reshape(theta.shape)\n")]},
              why="0-d and n-d thetas handled through np.atleast_1d(...).ravel(), each perturbed point reshaped "
                  "back to theta's shape, the result reshaped back too"),
        # --- mse_loss_and_grad ---------------------------------------------------------------------------
        Valid(name="round11-mse-accumulated-over-row-chunks",
              edits={M: [(region("mse_loss_and_grad"),
                          "    n = len(y)\n"
                          "    sq, xtr = 0.0, np.zeros(X.shape[1])\n"
                          "    for lo in range(0, n, 7):   # memory-friendly chunks of rows\n"
                          "        r = X[lo:lo + 7] @ theta - y[lo:lo + 7]\n"
                          "        sq += float(r @ r)\n"
                          "        xtr += X[lo:lo + 7].T @ r\n"
                          "    return sq / n, 2.0 / n * xtr\n")]},
              why="the loss and X^T r summed chunk by chunk of 7 rows (a streaming mean: the same sums "
                  "reassociated)"),
        Valid(name="round11-mse-einsum-scalar-and-grad",
              edits={M: [(region("mse_loss_and_grad"),
                          "    r = np.einsum('ij,j->i', X, theta) - y\n"
                          "    n = y.shape[0]\n"
                          "    return np.einsum('i,i->', r, r) / n, np.einsum('ij,i->j', X, r) * (2.0 / n)\n")]},
              why="residual, loss and gradient all by einsum, the loss an np.float64 from the contraction, the "
                  "gradient scaled after the product"),
        # --- minibatch_indices ---------------------------------------------------------------------------
        Valid(name="round11-minibatches-grouper-recipe",
              edits={M: [(region("minibatch_indices"),
                          "    from itertools import zip_longest\n"
                          "    perm = rng.permutation(n_samples)\n"
                          "    groups = zip_longest(*[iter(perm.tolist())] * batch_size)   # itertools' grouper\n"
                          "    return [np.array([i for i in g if i is not None], dtype=np.int64) for g in groups]\n")]},
              why="itertools' grouper recipe (zip_longest over batch_size copies of one iterator), the fill values "
                  "dropped from the last group"),
        # --- sgd ---------------------------------------------------------------------------
        Valid(name="round11-sgd-reduce-over-lazy-chain-of-epochs",
              edits={M: [(region("sgd"),
                          "    import functools\n"
                          "    import itertools\n"
                          "    batches = itertools.chain.from_iterable(\n"
                          "        minibatch_indices(len(X), batch_size, rng) for _ in range(epochs))\n"
                          "    return functools.reduce(\n"
                          "        lambda th, idx: th - learning_rate * grad_f_batch(th, X[idx], y[idx]),\n"
                          "        batches, np.array(theta_init, dtype=np.float64))\n")]},
              why="functools.reduce over a lazy chain of every epoch's batches (each epoch's permutation drawn "
                  "when the chain reaches it)"),
        Valid(name="round11-sgd-epoch-helper-returns-theta",
              edits={M: [(region("sgd"),
                          "    def one_epoch(theta):\n"
                          "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                          "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                          "        return theta\n"
                          "\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(epochs):\n"
                          "        theta = one_epoch(theta)\n"
                          "    return theta\n")]},
              why="a nested helper that runs one epoch and returns the new iterate"),
        # --- newton_method ---------------------------------------------------------------------------
        Valid(name="round11-newton-inverse-hessian-times-gradient",
              edits={M: [(region("newton_method"),
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(n_steps):\n"
                          "        theta = theta - np.linalg.inv(hess_f(theta)) @ grad_f(theta)\n"
                          "    return theta\n")]},
              why="the textbook H^-1 g with np.linalg.inv (the same step up to round-off of the order of the "
                  "Hessian's condition number)"),
        Valid(name="round11-newton-generator-of-iterates-last",
              edits={M: [(region("newton_method"),
                          "    def iterates(theta):\n"
                          "        for _ in range(n_steps):\n"
                          "            theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"
                          "            yield theta\n"
                          "\n"
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for theta in iterates(theta):\n"
                          "        pass\n"
                          "    return theta\n")]},
              why="a generator of iterates run to its end, the last one kept by the for loop (theta_init when "
                  "n_steps is 0)"),
        # --- second batch (written after the first was graded) ---------------------------------------------
        Valid(name="round11-newton-pinv-step",
              edits={M: [(region("newton_method"),
                          "    theta = np.array(theta_init, dtype=np.float64)\n"
                          "    for _ in range(n_steps):\n"
                          "        theta = theta - np.linalg.pinv(hess_f(theta)) @ grad_f(theta)   # SVD-based inverse\n"
                          "    return theta\n")]},
              why="the step through the pseudo-inverse (SVD), equal to the inverse for the invertible Hessians the "
                  "method needs (round-off of the order of the condition number)"),
        Valid(name="round11-mse-variance-plus-squared-bias",
              edits={M: [(region("mse_loss_and_grad"),
                          "    residual = X @ theta - y\n"
                          "    # mean(r**2) = var(r) + mean(r)**2: the error's spread plus its bias squared\n"
                          "    loss = float(np.var(residual) + np.mean(residual) ** 2)\n"
                          "    return loss, 2.0 / len(y) * (X.T @ residual)\n")]},
              why="the loss split into the residuals' variance plus their squared mean (the bias-variance identity, "
                  "equal up to round-off)"),
        Valid(name="round11-minibatches-take-of-index-ranges",
              edits={M: [(region("minibatch_indices"),
                          "    perm = rng.permutation(n_samples)\n"
                          "    bounds = [(s, min(s + batch_size, n_samples)) for s in range(0, n_samples, batch_size)]\n"
                          "    return [perm.take(np.arange(lo, hi)) for lo, hi in bounds]\n")]},
              why="the (start, stop) bounds listed first, each batch taken from the permutation by perm.take of an "
                  "arange"),
    ]


VALID += _valid_round_11()

# Held-out round 12 (docs/graders.md): heldout_round12.py, written outside the repository from public sources
# after round 11 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_12 = load_round(__file__, "heldout_round12.py").ROUND_12
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_12_ALSO = {'minibatches-assigns-shuffle-of-arange': ('none-used-as-value',), 'mse-grad-divides-by-feature-count': ('mse-grad-scaled',), 'mse-grad-residual-dot-x-over-len': ('mse-grad-scaled',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_12_REPEATS = {}
ROUND_12_KNOWN, HELD_OUT = split_repeats(ROUND_12, 12, ROUND_12_ALSO, ROUND_12_REPEATS, MISTAKES)
MISTAKES += ROUND_12_KNOWN
# --- round 12 burnt (docs/graders.md, "Round 12 is burnt"): graded once held out, then used to grow the graders;
# training cases now (heldout_round12.py stays as it was written; its digests are gone with the held-out mark).
# none left unnamed: the seven graded unnamed are named by the models grown below (test files) or by a synonym
ROUND_12_UNNAMED: dict[str, str] = {}
# after grading: names the graders already said whose words are true of the case (a synonym of the writer's tag)
ROUND_12_AFTER_GRADING = {
    # "(f(theta + h e_i) - f(theta - h e_i)) / 2 * h: ... divides by 2 and then MULTIPLIES by h": the case's code
    'numgrad-float-of-difference-over-2-times-h': ('numgrad-wrong-denominator',),
    # "theta - g / diag(H), the gradient divided by the Hessian's diagonal ELEMENTWISE": the case's step exactly
    'newton-divides-by-h-diagonal-method': ('newton-divides-elementwise',),
}
MISTAKES += burn(HELD_OUT, 12, ROUND_12_AFTER_GRADING, ROUND_12_UNNAMED, MISTAKES)     # HELD_OUT carries ROUND_12_ALSO
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 12 (docs/graders.md, "Round 12 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="gd-returns-best-iterate", name="gd-keeps-thetas-returns-argmin",
            edits={"gradient_descent": [("    return theta, history\n",
                                         "    return path[int(np.argmin(history))], history\n"),
                                        (GD_STEP, GD_STEP + "        path.append(theta)\n"),
                                        (GD_COPY, GD_COPY + "    path = [theta]\n")]},
            why="every iterate kept and the one of lowest loss returned: where the loss rises, an earlier theta "
                "comes back instead of the one after n_steps",
            source="model checkpointing: keep the best model seen during training"),
    Mistake(tag="numgrad-relative-step", name="numgrad-step-one-plus-magnitude",
            edits={"gradient_descent": [(NG_LOOP,
                                         "    for i in np.ndindex(theta.shape):\n"
                                         "        step = h * (1.0 + abs(theta[i]))  # scale-aware step\n"
                                         "        e = np.zeros_like(theta)\n"
                                         "        e[i] = step\n"
                                         "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * step)\n")]},
            why="the step of entry i is h * (1 + |theta_i|), not h: a relative step, larger where theta is large",
            source="finite-difference helpers that scale the step with the point"),
    Mistake(tag="sgd-lr-divided-by-batch", name="sgd-gradient-over-idx-size",
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace(
                "theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])",
                "theta - learning_rate * grad_f_batch(theta, X[idx], y[idx]) / idx.size"))]},
            why="the batch's mean gradient divided again by the batch's own size (the last, smaller batch by less): "
                "every update len(batch) times too small",
            source="a per-example average taken twice"),
    Mistake(tag="newton-step-as-iterate", name="newton-theta-is-inverse-times-gradient",
            edits={"gradient_descent": [(NEWTON_STEP, "        theta = np.linalg.inv(hess_f(theta)) @ grad_f(theta)\n")]},
            why="theta replaced by inv(H) @ g, the Newton step itself, instead of moved by it",
            source="the update written from 'the Newton step is H^-1 g'"),
    Mistake(tag="newton-step-as-iterate", name="newton-theta-is-minus-solve",
            edits={"gradient_descent": [(NEWTON_STEP, "        theta = -np.linalg.solve(hess_f(theta), grad_f(theta))\n")]},
            why="theta replaced by the Newton direction -solve(H, g) instead of moved along it",
            source="the direction p = -H^-1 g taken for the new point"),
    Mistake(tag="mse-return-order-swapped", name="mse-returns-dict-values-grad-first",
            edits={"gradient_descent": [("    return loss, grad\n",
                                         "    out = {'grad': grad, 'loss': loss}\n"
                                         "    return tuple(out.values())\n")]},
            why="the pair built from a dict in the order (grad, loss): unpacked by position, the caller's loss is "
                "the gradient array",
            source="results collected in a dict, then returned as a tuple"),
]

# Held-out round 13 (docs/graders.md): heldout_round13.py, written outside the repository from public sources
# after round 12 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_13 = load_round(__file__, "heldout_round13.py").ROUND_13
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_13_ALSO = {'mse-grad-mean-of-rows-times-residual': ('mse-grad-scaled',), 'mse-grad-np-dot-x-residual-untransposed': ('wrong-shape',), 'numgrad-step-sqrt-machine-epsilon': ('numgrad-scaled',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_13_REPEATS = {}
ROUND_13_KNOWN, HELD_OUT = split_repeats(ROUND_13, 13, ROUND_13_ALSO, ROUND_13_REPEATS, MISTAKES)
MISTAKES += ROUND_13_KNOWN
# --- round 13 burnt (docs/graders.md, "Round 13 is burnt"): graded once held out, then used to grow the graders;
# training cases now (heldout_round13.py stays as it was written; its digests are gone with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_13_UNNAMED = {
    'numgrad-step-times-max-one-abs-theta': "the step h * max(1, |theta_i|) over 2h scales entry i by max(1, |theta_i|); "
                                            "round 12's relative-step model divides by the step taken, so it says nothing",
    'numgrad-complex-step-derivative': "Im f(theta + ih e_i) / h is 0 for a real f: the aliasing model's 'nearly 0 "
                                       "everywhere' fires and its words (the same array twice) are not the cause",
    'sgd-batch-x-and-y-swapped-in-call': "grad_f_batch(theta, y[idx], X[idx]): 'received rows that are not rows of X' "
                                         "is said untagged; no model names the arguments swapped in sgd",
    # 'newton-elementwise-abs-of-hessian': np.abs(H) elementwise -- named since round 14's burn (newton-hessian-modified:
    # test_newton's whole-run and one-step models of a Hessian whose entries are made non-negative)
}
# after grading: names the graders already said whose words are true of the case (a synonym of the writer's tag),
# and the names grown from this round that name a case
ROUND_13_AFTER_GRADING = {
    # "the last batch is EMPTY -- one slice too many (... when batch_size divides n_samples)": range(0, n + 1, b)
    # makes exactly that extra, empty slice
    'minibatches-range-stop-n-plus-one': ('minibatches-empty-batch',),
}
MISTAKES += burn(HELD_OUT, 13, ROUND_13_AFTER_GRADING, ROUND_13_UNNAMED, MISTAKES)     # HELD_OUT carries ROUND_13_ALSO
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 13 (docs/graders.md, "Round 13 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="gd-history-not-floats", name="gd-history-preallocated-array",
            edits={"gradient_descent": [(GD_HIST0 + "          # squeeze: f may return a 1-element array\n"
                                         "    for _ in range(n_steps):\n",
                                         "    history = np.zeros(n_steps + 1)  # filled in place, no appends\n"
                                         "    history[0] = float(np.squeeze(f(theta)))\n"
                                         "    for k in range(n_steps):\n"),
                                        (GD_APPEND, "        history[k + 1] = float(np.squeeze(f(theta)))\n")]},
            why="the history preallocated as an array of n_steps + 1 zeros and filled in place: the right numbers, "
                "in an ndarray where the spec returns a list",
            source="NumPy style: preallocate, then fill, instead of growing a list"),
    Mistake(tag="sgd-ignores-theta-init", name="sgd-starts-from-ones",
            edits={"gradient_descent": [(SGD_BODY, SGD_BODY.replace(
                "    theta = np.array(theta_init, dtype=np.float64)\n",
                "    theta = np.ones(X.shape[1])  # one weight per feature\n"))]},
            why="the weights start as ones, one per column of X: theta_init is never read",
            source="tutorials that initialise a linear model's weights themselves"),
    Mistake(tag="minibatches-one-based-indices", name="minibatches-permutation-plus-one",
            edits={"gradient_descent": [(MB_BODY, MB_BODY.replace("rng.permutation(n_samples)\n",
                                                                  "rng.permutation(n_samples) + 1  # samples 1..n\n"))]},
            why="the permutation's indices shifted to 1..n: index n is out of range, sample 0 never used",
            source="1-based sample numbering (MATLAB, R)"),
    Mistake(tag="minibatches-slice-end-inclusive", name="minibatches-loop-end-is-last-index",
            edits={"gradient_descent": [(MB_BODY, "    perm = rng.permutation(n_samples)\n"
                                                  "    batches = []\n"
                                                  "    for start in range(0, n_samples, batch_size):\n"
                                                  "        end = min(start + batch_size, n_samples) - 1  # last index\n"
                                                  "        batches.append(perm[start:end])\n"
                                                  "    return batches\n")]},
            why="the slice's end computed as the batch's last index, then excluded by the slice: each batch one "
                "sample short",
            source="MATLAB's inclusive a(i:j) carried over to Python slices"),
]

# Held-out round 14 (docs/graders.md): heldout_round14.py, written outside the repository from public sources
# after round 13 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_14 = load_round(__file__, "heldout_round14.py").ROUND_14
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_14_ALSO = {'numgrad-named-terms-over-2-times-h': ('numgrad-wrong-denominator', 'numgrad-scaled'), 'mse-ng-one-over-2m-cost': ('mse-grad-missing-2', 'mse-grad-scaled'), 'mse-grad-average-along-axis-one': ('wrong-shape',), 'mse-column-prediction-minus-flat-y': ('wrong-shape',), 'newton-inv-times-gradient': ('wrong-shape',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_14_REPEATS = {}
ROUND_14_KNOWN, HELD_OUT = split_repeats(ROUND_14, 14, ROUND_14_ALSO, ROUND_14_REPEATS, MISTAKES)
MISTAKES += ROUND_14_KNOWN
HELD_OUT_DIGESTS = {
    'gd-history-starts-empty': '4b26a6b248847fa4',
    'gd-in-place-on-theta-init': 'ba11ed49941c945d',
    'gd-history-logged-before-step': 'e58bc57b369b34d3',
    'gd-history-every-tenth-step': 'cca3b0ccb81488d7',
    'numgrad-one-sided-with-cached-f0': '72e5f2f117548d85',
    'numgrad-named-terms-over-2-times-h': 'c5d363fb21cf93b2',
    'numgrad-in-place-plus-minus-no-restore': 'f09aadba1d216d9b',
    'numgrad-one-sided-step-back': 'c16f2dc117d3d514',
    'mse-ng-one-over-2m-cost': '649f518550394cb0',
    'mse-residual-y-minus-prediction': '6e5317ebdfc7c1e6',
    'mse-grad-average-along-axis-one': '6fe75eec40e1155c',
    'mse-column-prediction-minus-flat-y': '9a90613354e763c5',
    'minibatches-n-full-batches-only': '97fbf34f5fd9b30c',
    'minibatches-array-split-ceil': '0024486764aa5c13',
    'minibatches-argsort-random-keys': '162976145b432f9f',
    'minibatches-np-random-permutation-loop': '7c35ee3c0b942b68',
    'sgd-one-batch-list-for-all-epochs': 'cb710bb22b55275b',
    'sgd-lesson-shuffle-then-minibatches': 'cf09e7abcb1f8d5d',
    'sgd-alias-then-in-place': '34563512f58352c3',
    'sgd-choice-without-replacement-each-step': '07b4f243dbfc5da5',
    'sgd-passes-number-of-batches': '65d01ab3e5b545c9',
    'newton-inv-times-gradient': '5442e6ce87960367',
    'newton-hessian-from-theta-init': '01cf416a8586b038',
    'newton-hessian-dot-gradient': 'b29396a6c1b87cd7',
    'newton-hessian-power-minus-one': '7046e4017aae8ac9',
}
# --- round 14 burnt (docs/graders.md, "Round 14 is burnt"): graded once held out, then used to grow the graders;
# training cases now (heldout_round14.py stays as it was written; its digests are gone with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_14_UNNAMED: dict[str, str] = {}
# after grading: names the graders already said whose words are true of the case (a synonym of the writer's tag),
# and the names grown from this round that name a case
ROUND_14_AFTER_GRADING: dict[str, tuple[str, ...]] = {}
MISTAKES += burn(HELD_OUT, 14, ROUND_14_AFTER_GRADING, ROUND_14_UNNAMED, MISTAKES)     # HELD_OUT carries ROUND_14_ALSO
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 14 (docs/graders.md, "Round 14 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="gd-history-missing-last", name="gd-loss-read-before-step-appended-after",
            edits={"gradient_descent": [(GD_STEP + GD_APPEND,
                                         "        loss = float(np.squeeze(f(theta)))   # the loss of this step\n"
                                         + GD_STEP +
                                         "        history.append(loss)\n")]},
            why="the loss read at the top of the step and appended after the update: each entry is one step late, "
                "f(theta_init) twice, the final loss never recorded",
            source="training loops that compute the loss, step, then log the loss they computed"),
    Mistake(tag="gd-history-subsampled", name="gd-history-every-fifth-zero-based",
            edits={"gradient_descent": [("    for _ in range(n_steps):\n" + GD_STEP + GD_APPEND,
                                         "    for step in range(n_steps):\n" + GD_STEP +
                                         "        if step % 5 == 0:                 # log every 5 steps\n"
                                         "            history.append(float(np.squeeze(f(theta))))\n")]},
            why="the loss appended only when the 0-based step index is a multiple of 5 (after steps 1, 6, 11, ...): "
                "a thinned log, not the loss after every step",
            source="tutorials that print and keep the loss every k iterations"),
    Mistake(tag="sgd-compounded-shuffle", name="sgd-rng-shuffle-after-minibatches",
            edits={"gradient_descent": [(SGD_BODY,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    for _ in range(epochs):\n"
                                         "        batches = minibatch_indices(len(X), batch_size, rng)\n"
                                         "        order = np.arange(len(X))\n"
                                         "        rng.shuffle(order)                # shuffle the data set too\n"
                                         "        X_ep, y_ep = X[order], y[order]\n"
                                         "        for idx in batches:\n"
                                         "            theta = theta - learning_rate * grad_f_batch(theta, X_ep[idx], y_ep[idx])\n"
                                         "    return theta\n")]},
            why="the rows shuffled in place by rng.shuffle after minibatch_indices drew its own order: two "
                "permutations per epoch composed, the generator drawn twice",
            source="the PyTorch habit of a shuffled data set AND a shuffling sampler"),
    Mistake(tag="sgd-batch-count-as-size", name="sgd-int-division-batches-per-epoch",
            edits={"gradient_descent": [(SGD_BODY,
                                         "    theta = np.array(theta_init, dtype=np.float64)\n"
                                         "    batches_per_epoch = int(X.shape[0] / batch_size)\n"
                                         "    for _ in range(epochs):\n"
                                         "        for idx in minibatch_indices(X.shape[0], batches_per_epoch, rng):\n"
                                         "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
                                         "    return theta\n")]},
            why="the number of batches per epoch, int(n / batch_size), handed to minibatch_indices as its batch_size",
            source="loops written with np.array_split in mind (its second argument is a number of pieces)"),
    Mistake(tag="minibatches-own-recipe", name="minibatches-hand-written-fisher-yates",
            edits={"gradient_descent": [(MB_BODY,
                                         "    perm = np.arange(n_samples)\n"
                                         "    for i in range(n_samples - 1, 0, -1):    # Fisher-Yates, by hand\n"
                                         "        j = rng.integers(0, i + 1)\n"
                                         "        perm[i], perm[j] = perm[j], perm[i]\n"
                                         "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n")]},
            why="a shuffle written by hand (Fisher-Yates with rng.integers): a uniform permutation, but not the one "
                "rng.permutation draws from this generator",
            source="the Fisher-Yates shuffle of algorithm textbooks"),
    Mistake(tag="newton-hessian-modified", name="newton-hessian-entries-flipped-positive",
            edits={"gradient_descent": [(NEWTON_STEP,
                                         "        H = hess_f(theta)\n"
                                         "        H = np.where(H < 0, -H, H)   # keep the curvature positive\n"
                                         "        theta = theta - np.linalg.solve(H, grad_f(theta))\n")]},
            why="every negative entry of the Hessian flipped to positive before the solve, read as 'positive "
                "curvature': the entries' signs are not the eigenvalues', and the step is no longer Newton's",
            source="saddle-free Newton (|H| of the eigenvalues) done on the entries instead"),
    Mistake(tag="newton-elementwise-inverse", name="newton-reciprocal-dot-gradient",
            edits={"gradient_descent": [(NEWTON_STEP,
                                         "        H_inv = np.reciprocal(hess_f(theta))   # H^-1\n"
                                         "        theta = theta - H_inv.dot(grad_f(theta))\n")]},
            why="np.reciprocal(H) read as H^-1: each entry inverted, then a matrix-vector product",
            source="H^-1 of the formula typed as a NumPy ufunc"),
]


def _valid_round_12() -> list[Valid]:
    """Round 12's valid variants of this week (docs/graders.md, "Valid variants, round 12"): exact-snippet
    edits of the reference, each checked equal to it on random inputs before grading."""
    def region(module, function):   # the reference's solution region of a function of a module
        return solution_region(WEEK, module, function)

    return [
        Valid(name="round12-gd-extra-keywords-callback-verbose",
              edits={"gradient_descent": [
                  ('def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps):',
                   'def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps, callback=None, verbose=False):'),
                  (region("gradient_descent", "gradient_descent"),
                   '    theta = np.array(theta_init, dtype=np.float64)\n'
                   '    history = [float(np.squeeze(f(theta)))]\n'
                   '    for step in range(n_steps):\n'
                   '        theta = theta - learning_rate * grad_f(theta)\n'
                   '        history.append(float(np.squeeze(f(theta))))\n'
                   "        if callback is not None:          # off by default: the contract's call never passes one\n"
                   '            callback(step, theta.copy(), history[-1])\n'
                   '        if verbose:\n'
                   '            print(f"step {step + 1}: loss {history[-1]:.6g}")\n'
                   '    return theta, history\n'),
              ]},
              why='extra keyword arguments with defaults (a callback and a verbose switch, both '
                  "off): the contract's call passes neither, so the run is the reference's"),
        Valid(name="round12-gd-history-list-subclass",
              edits={"gradient_descent": [
                  ('def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps):',
                   'class LossHistory(list):\n'
                   '    """The losses of a run: a list of floats, with two helpers for the notebook."""\n'
                   '\n'
                   '    def best(self):\n'
                   '        return min(self)\n'
                   '\n'
                   '    def relative_drop(self):\n'
                   '        return 1.0 - self[-1] / self[0] if self and self[0] else 0.0\n'
                   '\n'
                   '\n'
                   'def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps):'),
                  (region("gradient_descent", "gradient_descent"),
                   '    theta = np.array(theta_init, dtype=np.float64)\n'
                   '    history = LossHistory([float(np.squeeze(f(theta)))])\n'
                   '    for _ in range(n_steps):\n'
                   '        theta = theta - learning_rate * grad_f(theta)\n'
                   '        history.append(float(np.squeeze(f(theta))))\n'
                   '    return theta, history\n'),
              ]},
              why='history as a subclass of list (LossHistory with two helper methods): '
                  'isinstance(history, list) holds and every list method works, as np.float64 '
                  'entries are floats; the probe now reads the container with isinstance (fixed '
                  'in round 12)'),
        Valid(name="round12-gd-loss-as-sum-step-with-negated-rate",
              edits={"gradient_descent": [
                  (region("gradient_descent", "gradient_descent"),
                   '    step_size = -learning_rate\n'
                   '    theta = np.copy(theta_init).astype(np.float64)\n'
                   '    history = [float(np.sum(f(theta)))]        # the sum of a one-element array is its element\n'
                   '    for _ in range(n_steps):\n'
                   '        theta = theta + step_size * grad_f(theta)\n'
                   '        history.append(float(np.sum(f(theta))))\n'
                   '    return theta, history\n'),
              ]},
              why="the loss read as the sum of f's one-element result and the step written theta "
                  '+ (-lr) * g (negation is exact: the same numbers)'),
        Valid(name="round12-numgrad-method-keyword-central-default",
              edits={"gradient_descent": [
                  ('def numerical_gradient(f, theta, h=1e-5):',
                   'def numerical_gradient(f, theta, h=1e-5, method="central"):'),
                  (region("gradient_descent", "numerical_gradient"),
                   '    if method not in ("central", "forward"):\n'
                   '        raise ValueError(f"unknown method {method!r}")\n'
                   '    theta = np.asarray(theta, dtype=np.float64)\n'
                   '    grad = np.zeros_like(theta)\n'
                   '    f0 = None if method == "central" else float(np.squeeze(f(theta)))\n'
                   '    for i in np.ndindex(theta.shape):\n'
                   '        e = np.zeros_like(theta)\n'
                   '        e[i] = h\n'
                   '        if method == "central":\n'
                   '            grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n'
                   '        else:\n'
                   '            grad[i] = (float(np.squeeze(f(theta + e))) - f0) / h\n'
                   '    return grad\n'),
              ]},
              why="a method keyword whose default is the contract's central difference (a forward "
                  'difference only when asked)'),
        Valid(name="round12-numgrad-callable-checker-object",
              edits={"gradient_descent": [
                  ('def numerical_gradient(f, theta, h=1e-5):',
                   'class _CentralDifference:\n'
                   '    """A reusable central-difference operator (keeps its step and how many f calls it made)."""\n'
                   '\n'
                   '    def __init__(self, h):\n'
                   '        self.h = h\n'
                   '        self.calls = 0\n'
                   '\n'
                   '    def partial(self, f, theta, index):\n'
                   '        plus, minus = theta.copy(), theta.copy()\n'
                   '        plus[index] += self.h\n'
                   '        minus[index] -= self.h\n'
                   '        self.calls += 2\n'
                   '        return float(np.squeeze(f(plus))) - float(np.squeeze(f(minus)))\n'
                   '\n'
                   '    def __call__(self, f, theta):\n'
                   '        out = np.empty(theta.shape, dtype=np.float64)\n'
                   '        for index in np.ndindex(theta.shape):\n'
                   '            out[index] = self.partial(f, theta, index) / (self.h + self.h)\n'
                   '        return out\n'
                   '\n'
                   '\n'
                   'def numerical_gradient(f, theta, h=1e-5):'),
                  (region("gradient_descent", "numerical_gradient"),
                   '    return _CentralDifference(h)(f, np.array(theta, dtype=np.float64))\n'),
              ]},
              why='a small class (step h, a call counter) whose __call__ takes the central '
                  'differences, 2h written h + h (exact)'),
        Valid(name="round12-mse-pure-python-loops",
              edits={"gradient_descent": [
                  (region("gradient_descent", "mse_loss_and_grad"),
                   '    n_rows, n_cols = X.shape\n'
                   '    total = 0.0\n'
                   '    acc = [0.0] * n_cols\n'
                   '    for n in range(n_rows):\n'
                   '        r = sum(float(X[n, j]) * float(theta[j]) for j in range(n_cols)) - float(y[n])\n'
                   '        total += r * r\n'
                   '        for j in range(n_cols):\n'
                   '            acc[j] += r * float(X[n, j])\n'
                   '    loss = total / n_rows\n'
                   '    grad = np.array([2.0 * a / n_rows for a in acc], dtype=np.float64)\n'
                   '    return loss, grad\n'),
              ]},
              why='loss and gradient accumulated in plain Python loops over rows and columns: '
                  'slow, the sums in another order (round-off only)'),
        Valid(name="round12-minibatches-built-backwards-then-reversed",
              edits={"gradient_descent": [
                  (region("gradient_descent", "minibatch_indices"),
                   '    perm = rng.permutation(n_samples)\n'
                   '    batches = []\n'
                   '    for start in reversed(range(0, n_samples, batch_size)):\n'
                   '        batches.append(perm[start:start + batch_size])\n'
                   '    batches.reverse()\n'
                   '    return batches\n'),
              ]},
              why='the slices cut from the last start down to 0, then the list reversed: the same '
                  'batches in the same order'),
        Valid(name="round12-minibatches-drop-last-keyword-default-off",
              edits={"gradient_descent": [
                  ('def minibatch_indices(n_samples, batch_size, rng):',
                   'def minibatch_indices(n_samples, batch_size, rng, drop_last=False):'),
                  (region("gradient_descent", "minibatch_indices"),
                   '    perm = rng.permutation(n_samples)\n'
                   '    batches = [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n'
                   "    if drop_last and batches and len(batches[-1]) < batch_size:   # DataLoader's option; off by default\n"
                   '        batches.pop()\n'
                   '    return batches\n'),
              ]},
              why="DataLoader's drop_last as an extra keyword, off by default: the smaller last "
                  'batch is kept'),
        Valid(name="round12-minibatches-boolean-position-masks",
              edits={"gradient_descent": [
                  (region("gradient_descent", "minibatch_indices"),
                   '    perm = rng.permutation(n_samples)\n'
                   '    position = np.arange(n_samples)\n'
                   '    return [perm[(position >= start) & (position < start + batch_size)]\n'
                   '            for start in range(0, n_samples, batch_size)]\n'),
              ]},
              why='each batch taken from perm with a boolean mask over positions (start <= pos < '
                  'start + batch_size): the same elements in the same order, slowly'),
        Valid(name="round12-sgd-extra-keyword-callback",
              edits={"gradient_descent": [
                  ('def sgd(grad_f_batch, theta_init, X, y, learning_rate, batch_size, epochs, rng):',
                   'def sgd(grad_f_batch, theta_init, X, y, learning_rate, batch_size, epochs, rng, callback=None):'),
                  (region("gradient_descent", "sgd"),
                   '    theta = np.array(theta_init, dtype=np.float64)\n'
                   '    for epoch in range(epochs):\n'
                   '        for idx in minibatch_indices(len(X), batch_size, rng):\n'
                   '            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n'
                   '        if callback is not None:           # e.g. log the full loss; never called by default\n'
                   '            callback(epoch, theta)\n'
                   '    return theta\n'),
              ]},
              why='an extra callback keyword (None by default) called after each epoch'),
        Valid(name="round12-sgd-epoch-batches-zipped-with-data",
              edits={"gradient_descent": [
                  (region("gradient_descent", "sgd"),
                   '    theta = np.array(theta_init, dtype=np.float64)\n'
                   '    n = X.shape[0]\n'
                   '    for _ in range(epochs):\n'
                   '        batches = minibatch_indices(n, batch_size, rng)\n'
                   '        for Xb, yb in zip((X[i] for i in batches), (y[i] for i in batches)):\n'
                   '            theta = theta - learning_rate * grad_f_batch(theta, Xb, yb)\n'
                   '    return theta\n'),
              ]},
              why="each epoch's batches gathered lazily and zipped as (X[idx], y[idx]) pairs: the "
                  'same calls to grad_f_batch in the same order'),
        Valid(name="round12-newton-qr-solve",
              edits={"gradient_descent": [
                  (region("gradient_descent", "newton_method"),
                   '    theta = np.array(theta_init, dtype=np.float64)\n'
                   '    for _ in range(n_steps):\n'
                   '        q, r = np.linalg.qr(hess_f(theta))          # H = QR, so H d = g is R d = Q^T g\n'
                   '        theta = theta - np.linalg.solve(r, q.T @ grad_f(theta))\n'
                   '    return theta\n'),
              ]},
              why='the Newton system solved through a QR factorisation (R d = Q^T g): equal to '
                  'solve up to round-off on an invertible Hessian'),
        Valid(name="round12-newton-tensorsolve",
              edits={"gradient_descent": [
                  (region("gradient_descent", "newton_method"),
                   '    theta = np.array(theta_init, dtype=np.float64)\n'
                   '    for _ in range(n_steps):\n'
                   '        theta = theta - np.linalg.tensorsolve(hess_f(theta), grad_f(theta))\n'
                   '    return theta\n'),
              ]},
              why='np.linalg.tensorsolve(H, g) for the step: for a 2-D H and 1-D g the same '
                  'linear solve'),
        Valid(name="round12-newton-damping-keyword-default-one",
              edits={"gradient_descent": [
                  ('def newton_method(grad_f, hess_f, theta_init, n_steps):',
                   'def newton_method(grad_f, hess_f, theta_init, n_steps, damping=1.0):'),
                  (region("gradient_descent", "newton_method"),
                   '    theta = np.array(theta_init, dtype=np.float64)\n'
                   '    for _ in range(n_steps):\n'
                   '        step = np.linalg.solve(hess_f(theta), grad_f(theta))\n'
                   '        theta = theta - step if damping == 1.0 else theta - damping * step\n'
                   '    return theta\n'),
              ]},
              why='a damping keyword defaulting to 1 (the full Newton step); the undamped step is '
                  'taken exactly when it is 1'),
        Valid(name="round12-minibatches-returns-list-subclass",
              edits={"gradient_descent": [
                  ('def minibatch_indices(n_samples, batch_size, rng):',
                   'class Batches(list):\n'
                   '    """One epoch\'s batches: a list of index arrays that also knows its sizes."""\n'
                   '\n'
                   '    @property\n'
                   '    def sizes(self):\n'
                   '        return [len(b) for b in self]\n'
                   '\n'
                   '\n'
                   'def minibatch_indices(n_samples, batch_size, rng):'),
                  ('    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n',
                   '    return Batches(perm[start:start + batch_size] for start in range(0, n_samples, batch_size))\n'),
              ]},
              why='the batches returned as a subclass of list (with a sizes property): a list by '
                  "isinstance, len and indexing as the contract's"),
    ]


VALID += _valid_round_12()

# The held-out rounds as measured while held out, each graded once before its burn (docs/graders.md, "The figures";
# round 14 from `selftest --json` at 4c16fef): what `autograder selftest` prints beside the round held out now
HELD_OUT_MEASURED = {12: {"held_out": 26, "caught": 26, "named": 19}, 13: {"held_out": 20, "caught": 19, "named": 11}, 14: {"held_out": 25, "caught": 25, "named": 19}}

# Held-out round 15 (docs/graders.md): heldout_round15.py, written outside the repository from public sources
# while round 14 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_15 = load_round(__file__, "heldout_round15.py").ROUND_15
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_15_ALSO = {'gd-history-np-array': ('gd-history-not-floats',), 'mse-grad-divides-by-features': ('mse-grad-scaled',), 'mse-ng-style-one-over-2m': ('mse-grad-missing-2', 'mse-grad-scaled'), 'mse-grad-per-sample-loop-no-divide': ('mse-grad-scaled',), 'minibatches-fresh-permutation-each-slice': ('minibatches-rng-use',), 'minibatches-choice-over-index-array': ('minibatches-own-recipe',), 'sgd-lr-over-len-idx': ('sgd-step-scaled',), 'newton-gradient-star-inverse': ('wrong-shape',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_15_REPEATS = {}
ROUND_15_KNOWN, HELD_OUT = split_repeats(ROUND_15, 15, ROUND_15_ALSO, ROUND_15_REPEATS, MISTAKES)
MISTAKES += ROUND_15_KNOWN
HELD_OUT_DIGESTS = {
    'gd-asarray-then-in-place-step': 'f3cf899655081a98',
    'gd-record-loss-before-each-step': 'c628013b4be67616',
    'gd-break-when-loss-stops-changing': 'a7117f79bc3beb5f',
    'gd-history-via-item': '84a964896259e97a',
    'gd-flat-coordinate-loop-regrad': '77a66880853a03d5',
    'gd-history-np-array': '84d5beb15504a7ee',
    'numgrad-cs231n-style-without-restore': '632b81ba452672ad',
    'numgrad-flat-forward-difference': '31f855d930c3e1d2',
    'numgrad-loops-over-rows': 'd4a6f0daaca43d29',
    'mse-grad-divides-by-features': 'c5f3d93ce455c4ac',
    'mse-ng-style-one-over-2m': '377a1c6417a7ce03',
    'mse-grad-per-sample-loop-no-divide': '549f7ac2401eeba3',
    'mse-residual-overwritten-by-square': 'e13e671218664b08',
    'minibatches-array-split-ceil-idiom': 'b337f16cb63b502f',
    'minibatches-range-upper-n-minus-b': '7ea585612c6701a2',
    'minibatches-fresh-permutation-each-slice': '40236f4267d09dab',
    'minibatches-choice-over-index-array': 'ee0b276a8ce25ad4',
    'sgd-batches-made-once-before-epochs': 'b57623193bee6b48',
    'sgd-default-rng-42': '2de252cdf912392c',
    'sgd-lr-over-len-idx': '7bb8f8cdd93256a7',
    'sgd-permute-x-and-y-independently': '72f672feb42bc477',
    'newton-gradient-over-hessian-diagonal-method': '80fa9d88419c53fe',
    'newton-gradient-star-inverse': '39f053f066e47e21',
    'newton-direction-subtracted': 'c4ff62deb3caf93e',
    'newton-hessian-of-theta-init-in-loop': '30781ae26e937592',
}
