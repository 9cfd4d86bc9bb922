"""Held-out round 11, week 1 (gradient_descent.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "gradient_descent"

GD_COPY = "    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n"
GD_FIRST = "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
GD_LOOP = "    for _ in range(n_steps):\n        theta = theta - learning_rate * grad_f(theta)\n"
GD_STEP = "        theta = theta - learning_rate * grad_f(theta)\n"
GD_RECORD = "        history.append(float(np.squeeze(f(theta))))\n"
NG_LOOP = ("    for i in np.ndindex(theta.shape):\n"
           "        e = np.zeros_like(theta)\n"
           "        e[i] = h\n"
           "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n")
NG_DIFF = "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
MSE_RESIDUAL = "    residual = X @ theta - y\n"
MSE_LOSS = "    loss = float(np.mean(residual ** 2))\n"
MSE_GRAD = "    grad = (2.0 / len(y)) * (X.T @ residual)\n"
MB_PERM = "    perm = rng.permutation(n_samples)\n"
MB_RETURN = "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n"
SGD_EPOCHS = ("    for _ in range(epochs):\n"
              "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
              "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")
SGD_STEP = "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
SGD_BATCHES = "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
NEWTON_LOOP = ("    for _ in range(n_steps):\n"
               "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n")
NEWTON_STEP = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"

ROUND_11 = [
    # ---- gradient_descent ---------------------------------------------------------------------------------
    Mistake(
        tag="gd-mutates-input", name="gd-asarray-then-minus-equals",
        edits={M: [(GD_COPY, "    theta = np.asarray(theta_init, dtype=float)\n"),
                   (GD_STEP, "        theta -= learning_rate * grad_f(theta)\n")]},
        why="the student uses np.asarray (no copy for a float64 array) and the in-place '-=' they saw in PyTorch "
            "loops, so the caller's theta_init is walked down to the minimum: the contract's conventions say "
            "functions never modify their inputs.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.asarray.html (no copy if already an ndarray)",
        held_out=True),
    Mistake(
        tag="gd-history-missing-last", name="gd-record-before-each-step",
        edits={M: [(GD_FIRST, "    history = []\n"),
                   (GD_LOOP, "    for _ in range(n_steps):\n"
                             "        loss = f(theta)  # loss at the current point\n"
                             "        history.append(float(np.squeeze(loss)))\n"
                             "        theta = theta - learning_rate * grad_f(theta)\n"),
                   (GD_RECORD, "")]},
        why="the loss is logged at the top of the loop, before each step, as in most training loops: history has "
            "n_steps entries and lacks f after the last step, while the contract wants n_steps + 1 floats: f before "
            "the first step, then after each step.",
        source="https://pytorch.org/tutorials/beginner/basics/optimization_tutorial.html (loss logged before "
               "optimizer.step())",
        held_out=True),
    Mistake(
        tag="gd-not-simultaneous-update", name="gd-coordinatewise-in-loop",
        edits={M: [(GD_STEP, "        for j in range(theta.size):  # update each coordinate\n"
                             "            theta[j] = theta[j] - learning_rate * grad_f(theta)[j]\n")]},
        why="the student updates the coordinates one after another, re-evaluating the gradient at the partly "
            "updated point (Gauss-Seidel style); the contract's step theta <- theta - lr * grad_f(theta) uses one "
            "gradient at the old point for all coordinates.",
        source="Andrew Ng's ML course notes ('simultaneously update theta_0 and theta_1' warning, temp variables)",
        held_out=True),
    Mistake(
        tag="gd-step-count", name="gd-while-history-shorter-than-n",
        edits={M: [(GD_LOOP, "    while len(history) < n_steps:  # n_steps values in the history\n"
                             "        theta = theta - learning_rate * grad_f(theta)\n")]},
        why="the loop runs until the history holds n_steps values, but the history already starts with f at "
            "theta_init, so only n_steps - 1 updates are made; the contract makes n_steps updates and n_steps + 1 "
            "history entries.",
        source="https://docs.python.org/3/library/stdtypes.html#range (stop is exclusive)",
        held_out=True),
    Mistake(
        tag="gd-float32-iterate", name="gd-iterate-in-float32", novel=True,
        edits={M: [(GD_COPY, "    theta = np.array(theta_init, dtype=np.float32)  # GPU-style single precision\n")]},
        why="the student copies theta_init as float32, the deep-learning default dtype in PyTorch, so every step is "
            "rounded to ~7 digits and theta comes back float32; the contract says arrays are NumPy float64. "
            "doubtful: on short runs the rounding error may stay within a loose tolerance.",
        source="https://pytorch.org/docs/stable/generated/torch.set_default_dtype.html (float32 default)",
        held_out=True),
    # ---- numerical_gradient -------------------------------------------------------------------------------
    Mistake(
        tag="numgrad-forward-difference", name="numgrad-backward-difference-float-casts",
        edits={M: [(NG_DIFF, "        grad[i] = (float(np.squeeze(f(theta))) - float(np.squeeze(f(theta - e)))) / h\n")]},
        why="a one-sided (backward) difference (f(theta) - f(theta - h e_i)) / h, error of order h; the contract "
            "asks for central differences (f(θ+h e_i) - f(θ-h e_i)) / 2h.",
        source="https://en.wikipedia.org/wiki/Finite_difference (backward difference)",
        held_out=True),
    Mistake(
        tag="numgrad-precedence", name="numgrad-divide-by-2-times-h-unparenthesised",
        edits={M: [(NG_DIFF, "        f_plus, f_minus = np.squeeze(f(theta + e)), np.squeeze(f(theta - e))\n"
                             "        grad[i] = (f_plus - f_minus) / 2 * h\n")]},
        why="'/ 2 * h' is read (x / 2) * h by Python, so the difference is multiplied by h instead of divided by "
            "2h; the contract's denominator is 2h.",
        source="https://docs.python.org/3/reference/expressions.html#operator-precedence",
        held_out=True),
    Mistake(
        tag="numgrad-perturbation-not-reset", name="numgrad-copy-then-never-restored",
        edits={M: [(NG_LOOP, "    theta = theta.copy()  # work on a copy\n"
                             "    for i in np.ndindex(theta.shape):\n"
                             "        theta[i] += h\n"
                             "        f_plus = f(theta)\n"
                             "        theta[i] -= 2 * h\n"
                             "        f_minus = f(theta)\n"
                             "        grad[i] = np.squeeze(f_plus - f_minus) / (2 * h)\n")]},
        why="the CS231n-style loop perturbs theta in place but forgets the final 'theta[i] += h' that restores the "
            "coordinate, so each later coordinate is differenced at a point shifted by -h in all earlier ones; "
            "the contract differences every coordinate at the given theta.",
        source="https://cs231n.github.io/optimization-1/#numerical (eval_numerical_gradient restores x[ix] = old_value)",
        held_out=True),
    Mistake(
        tag="numgrad-not-per-element", name="numgrad-range-len-on-matrix",
        edits={M: [(NG_LOOP, "    for i in range(theta.shape[0]):\n"
                             "        e = np.zeros_like(theta)\n"
                             "        e[i] = h\n"
                             "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n")]},
        why="the student loops over range(len(theta)), written for vectors: for a 2-D theta e[i] = h perturbs a "
            "whole row at once and the row gets one number (the directional derivative); the contract perturbs "
            "each coordinate e_i separately, for theta of any shape.",
        source="https://cs231n.github.io/optimization-1/ (np.nditer over all indices, not range(len(x)))",
        held_out=True),
    # ---- mse_loss_and_grad --------------------------------------------------------------------------------
    Mistake(
        tag="mse-grad-wrong-normaliser", name="mse-grad-divided-by-features",
        edits={M: [(MSE_GRAD, "    grad = 2 * X.T.dot(residual) / X.shape[1]\n")]},
        why="the student averages over X.shape[1] (the number of features d) instead of the samples N, mixing up "
            "the axes of X; the contract's gradient is (2/N) Xᵀ(X@θ - y).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.ndarray.shape.html",
        held_out=True),
    Mistake(
        tag="mse-loss-half", name="mse-ng-cost-one-over-2m", also=("mse-grad-missing-2",),
        edits={M: [(MSE_LOSS, "    m = len(y)\n    loss = float(residual @ residual / (2 * m))\n"),
                   (MSE_GRAD, "    grad = X.T @ residual / m\n")]},
        why="Andrew Ng's cost J = 1/(2m) sum (h - y)^2 with gradient (1/m) Xᵀ(Xθ - y): half the contract's loss "
            "mean((X@θ - y)**2) and half its gradient (2/N) Xᵀ(X@θ - y).",
        source="Andrew Ng, Machine Learning (Coursera), ex1 computeCost: J = 1/(2*m) * sum((X*theta - y).^2)",
        held_out=True),
    Mistake(
        tag="mse-grad-wrong-sign", name="mse-grad-minus-from-chain-rule",
        edits={M: [(MSE_GRAD, "    grad = -(2.0 / len(y)) * (X.T @ residual)  # chain rule: d(y - X theta)/d theta = -X\n")]},
        why="the student differentiates (y - Xθ)^2 and keeps the chain rule's minus sign, but the code's residual "
            "is X@θ - y, so the sign is applied twice over and the gradient points uphill; the contract's gradient "
            "is (2/N) Xᵀ(X@θ - y).",
        source="https://en.wikipedia.org/wiki/Errors_and_residuals (residual = observed - predicted)",
        held_out=True),
    Mistake(
        tag="mse-loss-sum", name="mse-loss-squared-norm",
        edits={M: [(MSE_LOSS, "    loss = float(np.dot(residual, residual))  # ||X theta - y||^2\n")]},
        why="||Xθ - y||^2 from the least-squares textbook form is the sum of squared residuals, N times the "
            "contract's mean((X@θ - y)**2).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.lstsq.html (minimises ||b - a x||^2)",
        held_out=True),
    # ---- minibatch_indices --------------------------------------------------------------------------------
    Mistake(
        tag="minibatches-drop-last", name="minibatches-range-stops-before-partial",
        edits={M: [(MB_RETURN, "    return [perm[start:start + batch_size]\n"
                               "            for start in range(0, n_samples - batch_size + 1, batch_size)]\n")]},
        why="the range stops at n_samples - batch_size + 1 so every batch is full (as with drop_last=True); the "
            "contract keeps the last, smaller batch so every sample is used once per epoch.",
        source="https://pytorch.org/docs/stable/data.html (DataLoader drop_last)",
        held_out=True),
    Mistake(
        tag="minibatches-array-split", name="minibatches-array-split-at-least-one-piece",
        edits={M: [(MB_RETURN, "    return np.array_split(perm, max(1, n_samples // batch_size))\n")]},
        why="np.array_split into n_samples // batch_size pieces spreads the remainder over the first batches "
            "(10 samples, batch 4 -> sizes 5, 5), so the batches are not consecutive slices of batch_size as the "
            "contract's recipe says.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.array_split.html",
        held_out=True),
    Mistake(
        tag="minibatches-with-replacement", name="minibatches-rng-integers",
        edits={M: [(MB_PERM, "    perm = rng.integers(0, n_samples, size=n_samples)  # random sample indices\n")]},
        why="the student draws n_samples random indices with rng.integers, i.e. with replacement: some samples "
            "repeat and others are missed; the contract uses perm = rng.permutation(n_samples), each index once.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.integers.html",
        held_out=True),
    Mistake(
        tag="minibatches-sorted-batches", name="minibatches-each-batch-sorted", novel=True,
        edits={M: [(MB_RETURN, "    return [np.sort(perm[start:start + batch_size])  # sorted: faster fancy indexing\n"
                               "            for start in range(0, n_samples, batch_size)]\n")]},
        why="the student sorts the indices inside each batch (sorted fancy indexing is cache friendlier); the "
            "contract's batches are the consecutive slices of perm, in perm's order. doubtful: the set of samples "
            "per batch is right, only the order inside a batch differs.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.sort.html",
        held_out=True),
    # ---- sgd ----------------------------------------------------------------------------------------------
    Mistake(
        tag="sgd-no-reshuffle", name="sgd-batches-made-before-epochs",
        edits={M: [(SGD_EPOCHS, "    batches = minibatch_indices(len(X), batch_size, rng)  # shuffle once\n"
                                "    for _ in range(epochs):\n"
                                "        for idx in batches:\n"
                                "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="minibatch_indices is called once before the epoch loop, so every epoch replays the same batches; the "
            "contract calls it once per epoch (a fresh shuffle each epoch).",
        source="https://stackoverflow.com/questions/45532965 (should I shuffle the data every epoch?)",
        held_out=True),
    Mistake(
        tag="sgd-summed-gradient", name="sgd-sum-of-per-sample-gradients",
        edits={M: [(SGD_STEP, "            g = sum(grad_f_batch(theta, X[j:j + 1], y[j:j + 1]) for j in idx)\n"
                              "            theta = theta - learning_rate * g\n")]},
        why="the student adds the per-sample gradients of the batch (the textbook sum over i in B), which is "
            "batch_size times the batch-mean gradient; the contract's step uses grad_f_batch(theta, X[idx], y[idx]).",
        source="Goodfellow, Bengio & Courville, Deep Learning, §8.1.3 (g = 1/m sum_i ...; the 1/m is dropped)",
        held_out=True),
    Mistake(
        tag="sgd-one-step-per-sample", name="sgd-inner-loop-over-batch-rows",
        edits={M: [(SGD_STEP, "            for j in idx:\n"
                              "                theta = theta - learning_rate * grad_f_batch(theta, X[[j]], y[[j]])\n")]},
        why="inside each batch the student still updates once per sample (the classic per-example SGD loop), so "
            "there are N updates per epoch; the contract makes one update per batch with the batch's gradient.",
        source="https://en.wikipedia.org/wiki/Stochastic_gradient_descent#Iterative_method (for i = 1..n: w := w - eta grad Q_i)",
        held_out=True),
    Mistake(
        tag="sgd-n-from-features", name="sgd-minibatches-of-columns",
        edits={M: [(SGD_BATCHES, "        for idx in minibatch_indices(len(X[0]), batch_size, rng):\n")]},
        why="X.shape[1] (the features d) is passed as the number of samples, so only the first d rows are ever "
            "used; the contract calls minibatch_indices(len(X), batch_size, rng).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.ndarray.shape.html",
        held_out=True),
    # ---- newton_method ------------------------------------------------------------------------------------
    Mistake(
        tag="newton-diagonal-hessian", name="newton-divide-by-hessian-diagonal",
        edits={M: [(NEWTON_STEP, "        theta = theta - grad_f(theta) / hess_f(theta).diagonal()\n")]},
        why="the student divides the gradient by the Hessian's diagonal (the 1-D rule x - f'/f'' per coordinate), "
            "ignoring the off-diagonal terms; the contract's step is solve(hess_f(theta), grad_f(theta)).",
        source="https://en.wikipedia.org/wiki/Newton%27s_method_in_optimization (1-D form x - f'(x)/f''(x))",
        held_out=True),
    Mistake(
        tag="newton-fixed-hessian", name="newton-hessian-at-start-only",
        edits={M: [(NEWTON_LOOP, "    H_inv = np.linalg.inv(hess_f(theta))  # invert once, reuse\n"
                                 "    for _ in range(n_steps):\n"
                                 "        theta = theta - H_inv @ grad_f(theta)\n")]},
        why="the Hessian is evaluated once at the start to save work (a chord method); the contract re-evaluates "
            "hess_f(theta) at every step, which matters on any non-quadratic loss.",
        source="https://en.wikipedia.org/wiki/Chord_method (fixed derivative)",
        held_out=True),
    Mistake(
        tag="newton-regularised-hessian", name="newton-levenberg-tenth-identity",
        edits={M: [(NEWTON_STEP, "        H = hess_f(theta) + 0.1 * np.eye(theta.shape[0])  # keep it invertible\n"
                                 "        theta = theta - np.linalg.solve(H, grad_f(theta))\n")]},
        why="the student adds 0.1 I to the Hessian 'for stability' (Levenberg damping from the forums); the step "
            "is shortened and one step no longer solves a quadratic; the contract solves with hess_f(theta) itself.",
        source="https://en.wikipedia.org/wiki/Levenberg%E2%80%93Marquardt_algorithm",
        held_out=True),
    Mistake(
        tag="sgd-returns-pair", name="sgd-returns-theta-and-loss-history", novel=True,
        edits={M: [(SGD_EPOCHS + "    return theta\n",
                    "    history = []\n" + SGD_EPOCHS +
                    "        history.append(float(np.mean((X @ theta - y) ** 2)))  # loss after each epoch\n"
                    "    return theta, history\n")]},
        why="by analogy with gradient_descent the student also returns a per-epoch loss history, (theta, history); "
            "the contract's sgd returns theta only, a float64 array of shape (d,).",
        source="https://d2l.ai/chapter_optimization/sgd.html (train loops that return the loss curve)",
        held_out=True),
    Mistake(
        tag="minibatches-rng-use", name="minibatches-new-permutation-per-batch",
        edits={M: [(MB_PERM, ""),
                   (MB_RETURN, "    return [rng.permutation(n_samples)[start:start + batch_size]\n"
                               "            for start in range(0, n_samples, batch_size)]\n")]},
        why="a fresh permutation is drawn for every batch, so a sample can appear in several batches of the epoch "
            "and others in none; the contract calls rng.permutation(n_samples) once and slices that one order.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.permutation.html",
        held_out=True),
]
