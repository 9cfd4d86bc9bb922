"""Held-out round 15, week1_gradient_descent (gradient_descent.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "gradient_descent"

# gradient_descent
GD_INIT = "    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n"
GD_STEP = "        theta = theta - learning_rate * grad_f(theta)\n"
GD_BODY = ("    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n"
           "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
           "    for _ in range(n_steps):\n"
           "        theta = theta - learning_rate * grad_f(theta)\n"
           "        history.append(float(np.squeeze(f(theta))))\n"
           "    return theta, history\n")
GD_LOOP = ("        theta = theta - learning_rate * grad_f(theta)\n"
           "        history.append(float(np.squeeze(f(theta))))\n")
# numerical_gradient
NG_BODY = ("    theta = np.asarray(theta, dtype=np.float64)\n"
           "    grad = np.zeros_like(theta)\n"
           "    for i in np.ndindex(theta.shape):\n"
           "        e = np.zeros_like(theta)\n"
           "        e[i] = h\n"
           "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
           "    return grad\n")
NG_LOOP_HEAD = "    for i in np.ndindex(theta.shape):\n"
# mse_loss_and_grad
MSE_BODY = ("    residual = X @ theta - y\n"
            "    loss = float(np.mean(residual ** 2))\n"
            "    grad = (2.0 / len(y)) * (X.T @ residual)\n"
            "    return loss, grad\n")
MSE_GRAD = "    grad = (2.0 / len(y)) * (X.T @ residual)\n"
# minibatch_indices
MB_BODY = ("    perm = rng.permutation(n_samples)\n"
           "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n")
MB_PERM = "    perm = rng.permutation(n_samples)\n"
# sgd
SGD_LOOP = ("    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")
SGD_STEP = "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
# newton_method
NEWTON_STEP = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"
NEWTON_LOOP = ("    for _ in range(n_steps):\n"
               "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n")

ROUND_15 = [
    # ---------------------------------------------------------------- gradient_descent
    Mistake(
        tag="gd-mutates-input",
        name="gd-asarray-then-in-place-step",
        edits={M: [(GD_INIT, "    theta = np.asarray(theta_init, dtype=float)\n"),
                   (GD_STEP, "        g = grad_f(theta)\n        theta -= learning_rate * g\n")]},
        why="np.asarray does not copy a float64 array, so the in-place `theta -=` walks the caller's theta_init "
            "along with the iterate; the contract says theta_init is copied, never modified.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.asarray.html (asarray returns the input "
               "when it already has the dtype); lesson 'Optimization' gradient_descent uses theta_init.copy()",
        held_out=True),
    Mistake(
        tag="gd-history-missing-last",
        name="gd-record-loss-before-each-step",
        edits={M: [(GD_BODY,
                    "    theta = theta_init.copy()\n"
                    "    history = []\n"
                    "    for step in range(n_steps):\n"
                    "        history.append(float(np.squeeze(f(theta))))\n"
                    "        theta = theta - learning_rate * grad_f(theta)\n"
                    "    return theta, history\n")]},
        why="The loss is recorded at the top of each iteration only, so history has n_steps entries: the loss "
            "after the final step is never recorded (contract: n_steps + 1 floats, start and after each step).",
        source="lesson 'Optimization' gradient_descent (history = [f(theta)] then a loop) rewritten with the "
               "append moved to the top of the loop",
        held_out=True),
    Mistake(
        tag="gd-early-stop",
        name="gd-break-when-loss-stops-changing",
        edits={M: [(GD_LOOP,
                    "        theta = theta - learning_rate * grad_f(theta)\n"
                    "        loss = float(np.squeeze(f(theta)))\n"
                    "        history.append(loss)\n"
                    "        if abs(history[-2] - loss) < 1e-10:\n"
                    "            break\n")]},
        why="Adds a convergence test and leaves the loop once the loss changes by less than 1e-10, so on an "
            "easy problem fewer than n_steps steps are taken and history is shorter than n_steps + 1.",
        source="lesson 'Week 3: Gradient-Based Optimization' (convergence: stop when the loss stops improving)",
        held_out=True),
    Mistake(
        tag="gd-loss-item-on-python-float",
        name="gd-history-via-item",
        edits={M: [(GD_BODY,
                    "    theta = theta_init.copy()\n"
                    "    history = [f(theta).item()]\n"
                    "    for _ in range(n_steps):\n"
                    "        theta = theta - learning_rate * grad_f(theta)\n"
                    "        history.append(f(theta).item())\n"
                    "    return theta, history\n")]},
        why="Converts the loss with `.item()`, which only NumPy values have: a loss function that returns a plain "
            "Python float (the docstring's own example, `float(t @ t)`) raises AttributeError on the first call.",
        source="https://pytorch.org/docs/stable/generated/torch.Tensor.item.html (the PyTorch habit "
               "`loss.item()` carried into NumPy code)",
        held_out=True, novel=True),
    Mistake(
        tag="gd-not-simultaneous-update",
        name="gd-flat-coordinate-loop-regrad",
        edits={M: [(GD_STEP,
                    "        for j in range(theta.size):\n"
                    "            theta.flat[j] -= learning_rate * grad_f(theta).flat[j]\n")]},
        why="Updates one coordinate at a time and re-evaluates the gradient after each, so later coordinates use "
            "a gradient at a point already moved: not the simultaneous update theta - lr * grad_f(theta) "
            "(identical only when the gradient of each coordinate depends on that coordinate alone).",
        source="https://www.coursera.org/learn/machine-learning (Ng's 'simultaneous update' warning: "
               "temp0/temp1 before assigning)",
        held_out=True),
    Mistake(
        tag="gd-history-returned-as-array",
        name="gd-history-np-array",
        edits={M: [(GD_BODY,
                    "    theta = np.array(theta_init, dtype=np.float64)\n"
                    "    losses = [float(np.squeeze(f(theta)))]\n"
                    "    for _ in range(n_steps):\n"
                    "        theta = theta - learning_rate * grad_f(theta)\n"
                    "        losses.append(float(np.squeeze(f(theta))))\n"
                    "    return theta, np.array(losses)\n")]},
        why="Returns the history as a NumPy array (handy for plotting) where the contract asks for a list of "
            "Python floats. doubtful: the values are right; only a grader that checks the type sees it.",
        source="lesson 'Optimization' visualize_learning_rates (history plotted with plt.plot, where an array "
               "is handy)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- numerical_gradient
    Mistake(
        tag="numgrad-perturbation-not-reset",
        name="numgrad-cs231n-style-without-restore",
        edits={M: [(NG_BODY,
                    "    x = np.array(theta, dtype=np.float64)\n"
                    "    grad = np.zeros(x.shape)\n"
                    "    for ix in np.ndindex(x.shape):\n"
                    "        old_value = x[ix]\n"
                    "        x[ix] = old_value + h\n"
                    "        fxph = f(x)\n"
                    "        x[ix] = old_value - h\n"
                    "        fxmh = f(x)\n"
                    "        grad[ix] = np.squeeze(fxph - fxmh) / (2 * h)\n"
                    "    return grad\n")]},
        why="CS231n's perturb-in-place loop without the `x[ix] = old_value` restore: every later coordinate is "
            "differenced at a point where earlier coordinates sit at -h, so the estimate is wrong wherever f has "
            "cross terms (exact only for separable f).",
        source="https://cs231n.github.io/optimization-1/ (eval_numerical_gradient, 'restore to previous value "
               "(very important!)')",
        held_out=True),
    Mistake(
        tag="numgrad-forward-difference",
        name="numgrad-flat-forward-difference",
        edits={M: [(NG_BODY,
                    "    theta = np.asarray(theta, dtype=np.float64)\n"
                    "    flat = theta.ravel()\n"
                    "    f0 = f(theta)\n"
                    "    grad = np.empty(flat.size)\n"
                    "    for k in range(flat.size):\n"
                    "        step = np.zeros(flat.size)\n"
                    "        step[k] = h\n"
                    "        grad[k] = np.squeeze(f((flat + step).reshape(theta.shape)) - f0) / h\n"
                    "    return grad.reshape(theta.shape)\n")]},
        why="One-sided difference (f(theta + h e_i) - f(theta)) / h, error of order h instead of the contract's "
            "central difference.",
        source="https://cs231n.github.io/optimization-1/ (the naive version uses (fxh - fx) / h)",
        held_out=True),
    Mistake(
        tag="numgrad-not-per-element",
        name="numgrad-loops-over-rows",
        edits={M: [(NG_BODY,
                    "    theta = np.asarray(theta, dtype=np.float64)\n"
                    "    grad = np.zeros_like(theta)\n"
                    "    for row in range(theta.shape[0]):\n"
                    "        bump = np.zeros_like(theta)\n"
                    "        bump[row] = h\n"
                    "        grad[row] = np.squeeze(f(theta + bump) - f(theta - bump)) / (2 * h)\n"
                    "    return grad\n")]},
        why="Loops over theta.shape[0], which for a 2-D theta is the rows: e[i] = h perturbs a whole row at once and "
            "every entry of the row gets the same (directional) estimate. Correct for 1-D theta only.",
        source="https://laganvalleydup.co.uk/post/cs-231n-why-gradient-df-is-multiplied-elementwise-for "
               "(gradient check indexed x[i] for a vector, used on a weight matrix)",
        held_out=True),
    # ---------------------------------------------------------------- mse_loss_and_grad
    Mistake(
        tag="mse-grad-wrong-normaliser",
        name="mse-grad-divides-by-features",
        edits={M: [(MSE_BODY,
                    "    n_samples, n_features = X.shape\n"
                    "    residual = X @ theta - y\n"
                    "    loss = float(np.sum(residual ** 2) / n_samples)\n"
                    "    grad = 2 * X.T @ residual / n_features\n"
                    "    return loss, grad\n")]},
        why="Unpacks X.shape and divides the gradient by the number of features d instead of the number of "
            "samples N; the loss is right, the gradient scaled by N/d.",
        source="https://github.com/ModelMosaic/Machine-Learning-Specialisation (Ng-lab style m, n = X.shape, "
               "the two counts confused)",
        held_out=True),
    Mistake(
        tag="mse-loss-half",
        name="mse-ng-style-one-over-2m",
        edits={M: [(MSE_BODY,
                    "    m = len(y)\n"
                    "    errors = X.dot(theta) - y\n"
                    "    loss = float(np.sum(errors ** 2) / (2 * m))\n"
                    "    grad = X.T.dot(errors) / m\n"
                    "    return loss, grad\n")]},
        why="Andrew Ng's cost J = 1/(2m) sum(err^2) with its gradient (1/m) X^T err: both are half of the "
            "contract's mean((X theta - y)^2) and (2/N) X^T r.",
        source="https://github.com/KonarkRajMisra/machine_learning_stanford (compute_cost with 1/(2m))",
        held_out=True),
    Mistake(
        tag="mse-grad-missing-mean",
        name="mse-grad-per-sample-loop-no-divide",
        edits={M: [(MSE_GRAD,
                    "    grad = np.zeros_like(theta)\n"
                    "    for n in range(len(y)):\n"
                    "        grad += 2 * residual[n] * X[n]\n")]},
        why="Accumulates the per-sample gradients 2 r_n x_n in a loop and never divides by N: the gradient of "
            "the sum of squares, N times the contract's gradient of the mean.",
        source="https://github.com/KonarkRajMisra/machine_learning_stanford (Ng-lab loops over the m examples "
               "with a final `/ m`, here forgotten)",
        held_out=True),
    Mistake(
        tag="mse-grad-uses-squared-residual",
        name="mse-residual-overwritten-by-square",
        edits={M: [(MSE_BODY,
                    "    err = X @ theta - y\n"
                    "    err = err ** 2\n"
                    "    loss = float(np.mean(err))\n"
                    "    grad = 2 * X.T @ err / len(y)\n"
                    "    return loss, grad\n")]},
        why="Reuses one variable: the residual is overwritten by its square for the loss, and the gradient is "
            "then built from the squared residuals instead of the residuals (the loss is right).",
        source="https://github.com/Arbazkhan-cs/ML-from-scratch (cost reusing one `cost`/error variable in place)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- minibatch_indices
    Mistake(
        tag="minibatches-array-split",
        name="minibatches-array-split-ceil-idiom",
        edits={M: [(MB_BODY,
                    "    perm = rng.permutation(n_samples)\n"
                    "    n_batches = (n_samples + batch_size - 1) // batch_size\n"
                    "    return np.array_split(perm, n_batches)\n")]},
        why="np.array_split with the right number of batches balances their sizes (10 by 4 gives 4, 3, 3, not "
            "4, 4, 2), so the batches are not consecutive slices of batch_size when N is not a multiple.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.array_split.html "
               "(l % n sub-arrays of size l//n + 1 and the rest of size l//n)",
        held_out=True),
    Mistake(
        tag="minibatches-drop-last",
        name="minibatches-range-upper-n-minus-b",
        edits={M: [(MB_BODY,
                    "    perm = rng.permutation(n_samples)\n"
                    "    return [perm[i:i + batch_size] for i in range(0, n_samples - batch_size + 1, batch_size)]\n")]},
        why="Stops the range at n_samples - batch_size + 1 (so no slice runs past the end), so the smaller last batch is dropped and its samples are never "
            "used in the epoch (contract: the last, smaller batch is kept).",
        source="https://pytorch.org/docs/stable/data.html (drop_last=True behaviour written by hand)",
        held_out=True),
    Mistake(
        tag="minibatches-permutation-per-batch",
        name="minibatches-fresh-permutation-each-slice",
        edits={M: [(MB_BODY,
                    "    batches = []\n"
                    "    for start in range(0, n_samples, batch_size):\n"
                    "        batches.append(rng.permutation(n_samples)[start:start + batch_size])\n"
                    "    return batches\n")]},
        why="Draws a new permutation for every batch and slices it, so batches overlap and some samples are "
            "missing from the epoch; the contract draws one permutation and slices it.",
        source="https://interactivechaos.com/en/node/2864 (slicing recipe, with the shuffle moved inside the loop)",
        held_out=True, novel=True),
    Mistake(
        tag="minibatches-rng-use",
        name="minibatches-choice-over-index-array",
        edits={M: [(MB_PERM,
                    "    all_idx = np.arange(n_samples)\n"
                    "    perm = rng.choice(all_idx, size=n_samples, replace=False)\n")]},
        why="Samples all indices without replacement with rng.choice: also a random order of 0..N-1, but not "
            "the stream of rng.permutation(N), so the batches do not match the replayed recipe (contract step 1).",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.choice.html "
               "(choice(a, size, replace=False) used as a shuffle)",
        held_out=True),
    # ---------------------------------------------------------------- sgd
    Mistake(
        tag="sgd-no-reshuffle",
        name="sgd-batches-made-once-before-epochs",
        edits={M: [(SGD_LOOP,
                    "    batches = minibatch_indices(len(X), batch_size, rng)\n"
                    "    for epoch in range(epochs):\n"
                    "        for idx in batches:\n"
                    "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="Builds the batches once, outside the epoch loop, so every epoch visits the same batches in the same "
            "order instead of a fresh shuffle per epoch.",
        source="lesson 'Optimization' sgd (shuffle inside the epoch loop), hoisted out; "
               "https://pytorch.org/docs/stable/data.html (shuffle=True reshuffles every epoch)",
        held_out=True),
    Mistake(
        tag="sgd-own-seeded-generator",
        name="sgd-default-rng-42",
        edits={M: [(SGD_LOOP,
                    "    gen = np.random.default_rng(42)\n"
                    "    for _ in range(epochs):\n"
                    "        for idx in minibatch_indices(len(X), batch_size, gen):\n"
                    "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="Seeds its own generator 'for reproducibility' and ignores the rng argument: the batches no longer "
            "depend on the caller's generator state.",
        source="https://numpy.org/doc/stable/reference/random/generator.html (default_rng(seed) recipe copied "
               "into the function)",
        held_out=True, novel=True),
    Mistake(
        tag="sgd-lr-divided-by-batch",
        name="sgd-lr-over-len-idx",
        edits={M: [(SGD_STEP,
                    "            g = grad_f_batch(theta, X[idx], y[idx])\n"
                    "            theta = theta - (learning_rate / len(idx)) * g\n")]},
        why="Divides the step by the batch size although grad_f_batch already returns a batch mean, so steps "
            "are batch_size times too small.",
        source="lesson 'Week 3: Gradient-Based Optimization' (mini-batch gradient written as (1/B) sum, applied "
               "on top of a mean gradient)",
        held_out=True),
    Mistake(
        tag="sgd-shuffles-x-y-separately",
        name="sgd-permute-x-and-y-independently",
        edits={M: [(SGD_LOOP,
                    "    for _ in range(epochs):\n"
                    "        Xs = rng.permutation(X)\n"
                    "        ys = rng.permutation(y)\n"
                    "        for s in range(0, len(X), batch_size):\n"
                    "            theta = theta - learning_rate * grad_f_batch(theta, Xs[s:s + batch_size], "
                    "ys[s:s + batch_size])\n")]},
        why="Shuffles X and y with two independent permutations, so inputs are paired with the wrong targets "
            "(and the batches do not follow minibatch_indices).",
        source="lesson 'Optimization' sgd (indices = np.random.permutation(n); X[indices], y[indices]) "
               "rewritten with two permutation calls",
        held_out=True),
    # ---------------------------------------------------------------- newton_method
    Mistake(
        tag="newton-diagonal-hessian",
        name="newton-gradient-over-hessian-diagonal-method",
        edits={M: [(NEWTON_STEP,
                    "        curvature = hess_f(theta).diagonal()\n"
                    "        theta = theta - grad_f(theta) / curvature\n")]},
        why="Divides the gradient by the Hessian's diagonal, ignoring the off-diagonal curvature; equal to "
            "Newton only for a diagonal Hessian.",
        source="https://en.wikipedia.org/wiki/Newton%27s_method_in_optimization (1-D rule f'/f'' generalised "
               "coordinate by coordinate)",
        held_out=True),
    Mistake(
        tag="newton-elementwise-product",
        name="newton-gradient-star-inverse",
        edits={M: [(NEWTON_STEP,
                    "        g = grad_f(theta)\n"
                    "        H = hess_f(theta)\n"
                    "        theta = theta - g * np.linalg.inv(H)\n")]},
        why="Multiplies the inverse Hessian by the gradient with `*` (broadcast elementwise) instead of `@`, "
            "giving a (d, d) array instead of the Newton step.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.matmul.html (`*` is elementwise, `@` is "
               "the matrix product)",
        held_out=True),
    Mistake(
        tag="newton-wrong-sign",
        name="newton-direction-subtracted",
        edits={M: [(NEWTON_STEP,
                    "        direction = -np.linalg.solve(hess_f(theta), grad_f(theta))\n"
                    "        theta -= direction\n")]},
        why="Computes the textbook Newton direction p = -H^-1 g and then subtracts it as well, so it moves to "
            "theta + H^-1 g, away from the stationary point.",
        source="Nocedal & Wright, Numerical Optimization §3.3 (p_k = -H^-1 g, theta + p_k) mixed with the "
               "course's theta - H^-1 g",
        held_out=True),
    Mistake(
        tag="newton-fixed-hessian",
        name="newton-hessian-of-theta-init-in-loop",
        edits={M: [(NEWTON_LOOP,
                    "    for _ in range(n_steps):\n"
                    "        theta = theta - np.linalg.solve(hess_f(theta_init), grad_f(theta))\n")]},
        why="Evaluates the Hessian at theta_init (not the current theta) at every step, which is only right for a quadratic; on a "
            "non-quadratic loss the later steps are not Newton steps.",
        source="lesson 'Week 3: Gradient-Based Optimization' (Newton on the quadratic bowl, where H is constant)",
        held_out=True),
]
