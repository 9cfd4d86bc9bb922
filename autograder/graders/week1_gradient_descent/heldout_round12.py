"""Held-out round 12, week 1 (gradient_descent.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "gradient_descent"

GD_INIT = "    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n"
GD_HIST0 = "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
GD_LOOP = ("    for _ in range(n_steps):\n"
           "        theta = theta - learning_rate * grad_f(theta)\n"
           "        history.append(float(np.squeeze(f(theta))))\n")
GD_STEP = "        theta = theta - learning_rate * grad_f(theta)\n"
NG_BODY = ("    for i in np.ndindex(theta.shape):\n"
           "        e = np.zeros_like(theta)\n"
           "        e[i] = h\n"
           "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n")
NG_DIFF = "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
MSE_RES = "    residual = X @ theta - y\n"
MSE_LOSS = "    loss = float(np.mean(residual ** 2))\n"
MSE_GRAD = "    grad = (2.0 / len(y)) * (X.T @ residual)\n"
MB_PERM = "    perm = rng.permutation(n_samples)\n"
MB_SLICES = "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n"
SGD_INIT = ("    theta = np.array(theta_init, dtype=np.float64)\n"
            "    for _ in range(epochs):\n")
SGD_LOOP = ("    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")
SGD_STEP = "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
NEWTON_LOOP = ("    for _ in range(n_steps):\n"
               "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n")
NEWTON_STEP = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"

ROUND_12 = [
    # ---- gradient_descent ---------------------------------------------------------------------------------
    Mistake(
        tag="gd-mutates-input", name="gd-theta-is-init-augmented-assign",
        edits={M: [(GD_INIT, "    theta = theta_init  # start point\n"),
                   (GD_STEP, "        step = learning_rate * grad_f(theta)\n"
                             "        theta -= step\n")]},
        why="the student starts from theta = theta_init (no copy) and updates with -=, as in most tutorials' "
            "loops; the caller's theta_init array is overwritten step by step. The contract: functions never "
            "modify their inputs (Conventions); the docstring says theta_init is copied, never modified.",
        source="https://numpy.org/doc/stable/reference/arrays.ndarray.html (augmented assignment works in place)",
        held_out=True),
    Mistake(
        tag="gd-history-missing-last", name="gd-records-loss-before-each-step-only",
        edits={M: [(GD_HIST0 + GD_LOOP,
                    "    history = []\n"
                    "    for step in range(n_steps):\n"
                    "        loss = f(theta)\n"
                    "        history.append(float(np.squeeze(loss)))\n"
                    "        theta = theta - learning_rate * grad_f(theta)\n")]},
        why="the student records the loss at the top of the loop, before each update, so history has n_steps "
            "entries and lacks the loss of the final theta; the contract wants n_steps + 1 floats, f before the "
            "first step and then after each step.",
        source="lesson 003, 'Gradient Descent -- In Code' (history = [f(theta)] then one append per step; the "
               "student moves the append to the top of the loop)",
        held_out=True),
    Mistake(
        tag="gd-step-count", name="gd-loops-history-length-times",
        edits={M: [("    for _ in range(n_steps):\n        theta = theta - learning_rate",
                    "    for step in range(n_steps + 1):  # history needs n_steps + 1 entries\n"
                    "        theta = theta - learning_rate")]},
        why="the student reads 'history is a list of n_steps + 1 floats' and loops n_steps + 1 times, making one "
            "update too many (and a history one too long); the contract makes n_steps updates.",
        source="lesson 003, 'Gradient Descent -- In Code' (for _ in range(n_steps); the student sizes the loop "
               "from the history length instead)",
        held_out=True),
    Mistake(
        tag="gd-early-stop", name="gd-stops-when-loss-stops-changing",
        edits={M: [(GD_LOOP, "    for _ in range(n_steps):\n"
                             "        theta = theta - learning_rate * grad_f(theta)\n"
                             "        history.append(float(np.squeeze(f(theta))))\n"
                             "        if abs(history[-2] - history[-1]) < 1e-12:  # loss no longer changes\n"
                             "            break\n")]},
        why="the student adds a convergence test on the change of the loss and breaks out of the loop, so on an easy "
            "problem the run ends early with a history shorter than n_steps + 1; the contract makes exactly "
            "n_steps updates and records n_steps + 1 losses.",
        source="Nocedal & Wright, Numerical Optimization, Algorithm 3.1 (stop when the gradient is small); "
               "https://docs.scipy.org/doc/scipy/reference/optimize.minimize-bfgs.html (gtol)",
        held_out=True),
    Mistake(
        tag="gd-returns-best-iterate", name="gd-returns-lowest-loss-theta", novel=True,
        edits={M: [(GD_LOOP + "    return theta, history\n",
                    "    best_theta, best_loss = theta, history[0]\n"
                    "    for _ in range(n_steps):\n"
                    "        theta = theta - learning_rate * grad_f(theta)\n"
                    "        history.append(float(np.squeeze(f(theta))))\n"
                    "        if history[-1] < best_loss:\n"
                    "            best_theta, best_loss = theta, history[-1]\n"
                    "    return best_theta, history\n")]},
        why="the student keeps the theta with the lowest loss seen (like Keras' restore_best_weights) and "
            "returns it instead of the last iterate; when the learning rate is too large the loss rises and the "
            "returned theta is an early one. The contract returns the final theta after n_steps updates.",
        source="https://keras.io/api/callbacks/early_stopping/ (restore_best_weights)",
        held_out=True),
    # ---- numerical_gradient -------------------------------------------------------------------------------
    Mistake(
        tag="numgrad-precedence", name="numgrad-float-of-difference-over-2-times-h",
        edits={M: [(NG_DIFF, "        grad[i] = float(f(theta + e) - f(theta - e)) / 2*h\n")]},
        why="the student types the formula as written on paper, '/ 2*h', which Python reads as (... / 2) * h: "
            "the estimate is h**2 times the derivative; the contract's central difference is "
            "(f(θ+h e_i) - f(θ-h e_i)) / 2h.",
        source="https://cs231n.github.io/neural-networks-3/#gradcheck (centered formula)",
        held_out=True),
    Mistake(
        tag="numgrad-perturbation-not-reset", name="numgrad-cs231n-loop-without-restore",
        also=("numgrad-mutates-theta",),
        edits={M: [(NG_BODY, "    for i in np.ndindex(theta.shape):\n"
                             "        old = theta[i]\n"
                             "        theta[i] = old + h\n"
                             "        fxph = f(theta)\n"
                             "        theta[i] = old - h\n"
                             "        fxmh = f(theta)\n"
                             "        grad[i] = np.squeeze(fxph - fxmh) / (2 * h)\n")]},
        why="the student follows CS231n's eval_numerical_gradient, perturbing theta in place, but forgets the "
            "final 'x[ix] = oldval' restore: each coordinate stays shifted by -h for the next ones, and since "
            "np.asarray does not copy, the caller's theta is changed. The contract: inputs are not modified; "
            "each coordinate is differenced at theta itself.",
        source="https://cs231n.github.io/optimization-1/#numerical (eval_numerical_gradient restores x[ix])",
        held_out=True),
    Mistake(
        tag="numgrad-not-per-element", name="numgrad-enumerates-first-axis",
        edits={M: [(NG_BODY, "    for i, _ in enumerate(theta):\n"
                             "        e = np.zeros_like(theta)\n"
                             "        e[i] = h\n"
                             "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n")]},
        why="the student loops with enumerate(theta), which walks the first axis only: fine for a vector; for a matrix theta e[i] = h shifts a "
            "whole row and the row gets one directional difference. The contract differences each coordinate "
            "separately, for theta of any shape.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.ndindex.html (iterate over every index of an "
               "N-d array)",
        held_out=True),
    Mistake(
        tag="numgrad-ignores-h", name="numgrad-hard-coded-cs231n-step",
        edits={M: [(NG_BODY, "    eps = 1e-5  # as in the CS231n notes\n"
                             "    for i in np.ndindex(theta.shape):\n"
                             "        e = np.zeros_like(theta)\n"
                             "        e[i] = eps\n"
                             "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * eps)\n")]},
        why="the student copies the step h = 1e-5 from the CS231n notes into a local constant and never uses the "
            "h argument; with the default h the result is right, with any other h it is not. The contract "
            "differences with the given h.",
        source="https://cs231n.github.io/neural-networks-3/#gradcheck (h = 1e-5 written as a constant)",
        held_out=True),
    Mistake(
        tag="numgrad-relative-step", name="numgrad-step-scaled-by-magnitude", novel=True,
        edits={M: [("        e[i] = h\n",
                    "        e[i] = h * max(1.0, abs(theta[i]))  # relative step, as Numerical Recipes advises\n"),
                   (NG_DIFF, "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * e[i])\n")]},
        why="the student scales the step with |theta_i| (the relative step of Numerical Recipes and "
            "scipy's approx_derivative) instead of the given h; for large coordinates the step is much larger "
            "and the O(step^2) error grows with it. The contract's difference uses h itself for every coordinate. "
            "doubtful: for theta of order 1 the result is the same and only large coordinates differ.",
        source="Press et al., Numerical Recipes, §5.7 (choose h proportional to x); "
               "https://docs.scipy.org/doc/scipy/reference/generated/scipy.optimize.approx_fprime.html",
        held_out=True),
    # ---- mse_loss_and_grad --------------------------------------------------------------------------------
    Mistake(
        tag="mse-grad-missing-2", name="mse-grad-residual-dot-x-over-len",
        edits={M: [(MSE_GRAD, "    grad = np.dot(residual, X) / len(X)\n")]},
        why="the student writes the gradient of Andrew Ng's cost J = 1/(2m) sum r^2, (1/m) rᵀX, while keeping "
            "the contract's loss mean(r^2); the gradient is half the contract's (2/N) X^T (X θ - y).",
        source="https://www.coursera.org/learn/machine-learning (Linear regression: gradient descent, "
               "theta_j := theta_j - alpha (1/m) sum (h(x) - y) x_j)",
        held_out=True),
    Mistake(
        tag="mse-grad-wrong-sign", name="mse-grad-textbook-form-minus-dropped",
        edits={M: [(MSE_GRAD, "    grad = 2 * np.dot(X.T, y - X @ theta) / len(y)\n")]},
        why="the student copies the textbook gradient -(2/N) Xᵀ(y - Xθ) and loses the leading minus: the "
            "gradient points uphill. The contract's gradient is (2/N) Xᵀ(X@θ - y).",
        source="https://en.wikipedia.org/wiki/Errors_and_residuals (residual = observed - predicted)",
        held_out=True),
    Mistake(
        tag="mse-grad-wrong-normaliser", name="mse-grad-divides-by-feature-count",
        edits={M: [(MSE_GRAD, "    grad = (2.0 / X.shape[1]) * (X.T @ residual)\n")]},
        why="the student takes N from the wrong axis of X (shape[1], the number of features d), so the gradient "
            "is scaled by N/d; the contract's gradient is (2/N) Xᵀ(X@θ - y), N the number of samples.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.ndarray.shape.html",
        held_out=True),
    Mistake(
        tag="mse-loss-sum", name="mse-loss-square-then-sum-method",
        edits={M: [(MSE_LOSS, "    loss = float(np.square(residual).sum())\n")]},
        why="the student writes the squared error as np.square(r).sum() (the sum of squares, RSS) and forgets to divide by N; "
            "the contract's loss is the mean, mean((X@θ - y)**2).",
        source="https://en.wikipedia.org/wiki/Residual_sum_of_squares",
        held_out=True),
    # ---- minibatch_indices --------------------------------------------------------------------------------
    Mistake(
        tag="minibatches-drop-last", name="minibatches-floor-count-of-batches",
        also=("minibatches-assumes-divisible",),
        edits={M: [(MB_SLICES, "    batches = []\n"
                               "    for i in range(n_samples // batch_size):\n"
                               "        batches.append(perm[i * batch_size:i * batch_size + batch_size])\n"
                               "    return batches\n")]},
        why="the student counts the batches with floor division, n_samples // batch_size, so the smaller last "
            "batch is never cut (as DataLoader's drop_last=True); the contract keeps it.",
        source="https://pytorch.org/docs/stable/data.html#torch.utils.data.DataLoader (drop_last)",
        held_out=True),
    Mistake(
        tag="minibatches-shuffle-returns-none", name="minibatches-assigns-shuffle-of-arange",
        edits={M: [(MB_PERM, "    idx = np.arange(n_samples)\n"
                             "    perm = rng.shuffle(idx)\n")]},
        why="Generator.shuffle shuffles in place and returns None, so perm is None and slicing fails; the "
            "contract's perm is rng.permutation(n_samples).",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.shuffle.html",
        held_out=True),
    Mistake(
        tag="minibatches-array-split", name="minibatches-array-split-into-count",
        edits={M: [(MB_SLICES, "    n_batches = int(np.ceil(n_samples / batch_size))\n"
                               "    return np.array_split(perm, n_batches)\n")]},
        why="the student asks np.array_split for ceil(N / batch_size) pieces; array_split makes pieces of nearly "
            "equal size (10 into 3 gives 4, 3, 3), not slices of batch_size with a smaller last one as the "
            "contract says.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.array_split.html",
        held_out=True),
    Mistake(
        tag="minibatches-own-generator", name="minibatches-randomstate-zero",
        edits={M: [(MB_PERM, "    perm = np.random.RandomState(0).permutation(n_samples)  # reproducible\n")]},
        why="the student, 'for reproducibility', builds a legacy RandomState(0) inside "
            "the function instead of using the rng argument: every epoch gets the same order, whatever rng is. The "
            "contract: randomness only from the explicit rng; perm = rng.permutation(n_samples).",
        source="https://scikit-learn.org/stable/glossary.html#term-random_state (RandomState(0) in tutorials)",
        held_out=True),
    Mistake(
        tag="minibatches-with-replacement", name="minibatches-choice-from-arange",
        edits={M: [(MB_PERM, "    perm = rng.choice(np.arange(n_samples), n_samples)\n")]},
        why="the student draws N random indices with rng.choice, whose default replace=True samples with replacement: some samples "
            "appear twice in the epoch and others not at all. The contract's epoch uses every sample exactly "
            "once, perm = rng.permutation(n_samples).",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.choice.html",
        held_out=True),
    # ---- sgd ----------------------------------------------------------------------------------------------
    Mistake(
        tag="sgd-no-reshuffle", name="sgd-batch-list-made-once",
        edits={M: [(SGD_LOOP, "    batches = list(minibatch_indices(len(X), batch_size, rng))  # shuffle the data once\n"
                              "    for epoch in range(epochs):\n"
                              "        for idx in batches:\n"
                              "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="the student builds the batches once, outside the epoch loop, so every epoch visits the same batches "
            "in the same order; the contract calls minibatch_indices once per epoch.",
        source="https://pytorch.org/docs/stable/data.html (shuffle=True reshuffles at every epoch)",
        held_out=True),
    Mistake(
        tag="sgd-lr-divided-by-batch", name="sgd-step-over-batch-length",
        edits={M: [(SGD_STEP, "            theta = theta - learning_rate / len(idx) * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="the student divides the learning rate by the batch size, as textbooks do when the batch gradient is "
            "a sum; grad_f_batch already returns a mean, so steps are batch_size times too small. The contract's "
            "step is theta - lr * grad_f_batch(theta, X[idx], y[idx]).",
        source="lesson 004, §3.2 'Mini-Batch Gradient' (g = (1/B) sum of per-example gradients)",
        held_out=True),
    Mistake(
        tag="sgd-mutates-input", name="sgd-theta-alias-of-init",
        edits={M: [(SGD_INIT, "    theta = theta_init\n"
                              "    for _ in range(epochs):\n"),
                   (SGD_STEP, "            g = grad_f_batch(theta, X[idx], y[idx])\n"
                              "            theta -= learning_rate * g\n")]},
        why="the student starts from theta = theta_init (no copy) and updates with -=, so the caller's "
            "theta_init is overwritten; the contract: inputs are never modified (theta_init is copied).",
        source="https://numpy.org/doc/stable/user/basics.copies.html (assignment does not copy)",
        held_out=True),
    # ---- newton_method ------------------------------------------------------------------------------------
    Mistake(
        tag="newton-fixed-hessian", name="newton-hessian-of-init-reused",
        edits={M: [(NEWTON_LOOP, "    H = hess_f(theta_init)\n"
                                 "    for _ in range(n_steps):\n"
                                 "        theta = theta - np.linalg.solve(H, grad_f(theta))\n")]},
        why="the student evaluates the Hessian once at theta_init 'for speed' and reuses it; on a non-quadratic "
            "function the curvature changes and the steps are no longer Newton steps. The contract solves with "
            "hess_f(theta) at every step.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.solve.html; Nocedal & Wright §3.3",
        held_out=True),
    Mistake(
        tag="newton-diagonal-hessian", name="newton-divides-by-h-diagonal-method",
        edits={M: [(NEWTON_STEP, "        H = hess_f(theta)\n"
                                 "        theta = theta - grad_f(theta) / H.diagonal()\n")]},
        why="the student carries the 1-D formula x - f'(x) / f''(x) over to vectors coordinate by coordinate, "
            "dividing by the Hessian's diagonal and ignoring its off-diagonal terms; the contract's step is "
            "solve(hess_f(theta), grad_f(theta)) with the full Hessian.",
        source="https://en.wikipedia.org/wiki/Newton%27s_method_in_optimization (1-D vs higher dimensions)",
        held_out=True),
    Mistake(
        tag="newton-step-as-iterate", name="newton-solution-assigned-to-theta", novel=True,
        edits={M: [(NEWTON_STEP, "        theta = np.linalg.solve(hess_f(theta), grad_f(theta))\n")]},
        why="the student assigns the solution of H d = g to theta itself, forgetting that it is the step to "
            "subtract (on a quadratic with its minimum at 0, solve(H, H theta) = theta and theta never moves). The "
            "contract: theta <- theta - solve(hess_f(theta), grad_f(theta)).",
        source="lesson 003 / Nocedal & Wright §3.3 (the Newton direction p = -H^{-1} g is added to x)",
        held_out=True),
    Mistake(
        tag="mse-return-order-swapped", name="mse-returns-grad-then-loss", novel=True,
        edits={M: [("    return loss, grad\n", "    return grad, loss  # gradient first, as scipy's jac\n")]},
        why="the student returns (grad, loss), the order of the values they computed last-first; callers that "
            "unpack loss, grad = mse_loss_and_grad(...) get the array as the loss. The contract returns "
            "(loss, grad): loss a Python float, then the (d,) gradient.",
        source="https://docs.scipy.org/doc/scipy/reference/generated/scipy.optimize.minimize.html (jac=True: "
               "fun returns (f, g) -- the order students mix up)",
        held_out=True),
]
