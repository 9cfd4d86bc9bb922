"""Held-out round 14, week1_gradient_descent (gradient_descent.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "gradient_descent"

# gradient_descent
GD_INIT = "    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n"
GD_HIST0 = "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
GD_LOOP = ("        theta = theta - learning_rate * grad_f(theta)\n"
           "        history.append(float(np.squeeze(f(theta))))\n")
# numerical_gradient
NG_AS = "    theta = np.asarray(theta, dtype=np.float64)\n"
NG_BODY = ("        e = np.zeros_like(theta)\n"
           "        e[i] = h\n"
           "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n")
NG_FOR = "    for i in np.ndindex(theta.shape):\n"
# mse_loss_and_grad
MSE_RES = "    residual = X @ theta - y\n"
MSE_LOSS = "    loss = float(np.mean(residual ** 2))\n"
MSE_GRAD = "    grad = (2.0 / len(y)) * (X.T @ residual)\n"
# minibatch_indices
MB = ("    perm = rng.permutation(n_samples)\n"
      "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n")
# sgd
SGD_INIT = ("    theta = np.array(theta_init, dtype=np.float64)\n"
            "    for _ in range(epochs):\n")
SGD_LOOP = ("    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")
# newton_method
NT_INIT = ("    theta = np.array(theta_init, dtype=np.float64)\n"
           "    for _ in range(n_steps):\n")
NT_STEP = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"

ROUND_14 = [
    # ---------------------------------------------------------------- gradient_descent
    Mistake(
        tag="gd-history-missing-first",
        name="gd-history-starts-empty",
        edits={M: [(GD_HIST0 + "    for _ in range(n_steps):\n" + GD_LOOP + "    return theta, history\n",
                    "    losses = []\n"
                    "    for step in range(n_steps):\n"
                    "        grad = grad_f(theta)\n"
                    "        theta = theta - learning_rate * grad\n"
                    "        losses.append(float(np.squeeze(f(theta))))\n"
                    "    return theta, losses\n")]},
        why="The student starts with an empty list and appends only after each update, so history has n_steps "
            "values and lacks f at the starting point (the contract asks for n_steps + 1).",
        source="https://github.com/eriklindernoren/ML-From-Scratch (loss lists appended only inside the training loop)",
        held_out=True),
    Mistake(
        tag="gd-mutates-input",
        name="gd-in-place-on-theta-init",
        edits={M: [(GD_INIT, "    theta = np.asarray(theta_init, dtype=np.float64)\n"),
                   (GD_LOOP, "        g = grad_f(theta)\n"
                             "        theta -= learning_rate * g\n"
                             "        history.append(float(np.squeeze(f(theta))))\n")]},
        why="theta is the caller's array itself and `-=` updates it in place, so theta_init ends at the final "
            "iterate; the contract says inputs are never modified.",
        source="seeds/003 'Gradient Descent' code (theta = theta_init, then the update in a loop)",
        held_out=True),
    Mistake(
        tag="gd-history-missing-last",
        name="gd-history-logged-before-step",
        edits={M: [(GD_LOOP, "        history.append(float(np.squeeze(f(theta))))\n"
                             "        theta = theta - learning_rate * grad_f(theta)\n")]},
        why="The loss is appended before each update (as in 'compute loss, then step' loops) on top of the "
            "initial value, so history repeats f(theta_0) and never holds f after the last step.",
        source="https://preproom.ai/learn/model-training-pytorch.html (loss recorded before optimizer.step())",
        held_out=True),
    Mistake(
        tag="gd-history-subsampled",
        name="gd-history-every-tenth-step",
        edits={M: [("    for _ in range(n_steps):\n" + GD_LOOP,
                    "    for step in range(n_steps):\n"
                    "        theta = theta - learning_rate * grad_f(theta)\n"
                    "        if (step + 1) % 10 == 0:\n"
                    "            history.append(float(np.squeeze(f(theta))))\n")]},
        why="The student logs the loss only every 10 steps, as tutorials print progress, so history is short "
            "(1 + n_steps // 10 values) and for n_steps < 10 holds only the start.",
        source="https://github.com/ratnaparkhivivek10/ml_algorithms_from_scratch (loss printed/kept every k epochs)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- numerical_gradient
    Mistake(
        tag="numgrad-forward-difference",
        name="numgrad-one-sided-with-cached-f0",
        edits={M: [(NG_FOR, "    f0 = f(theta)\n" + NG_FOR),
                   (NG_BODY, "        e = np.zeros_like(theta)\n"
                             "        e[i] = h\n"
                             "        grad[i] = np.squeeze(f(theta + e) - f0) / h\n")]},
        why="The student caches f(theta) and uses the forward difference (f(theta + h e_i) - f(theta)) / h, "
            "whose error is of order h instead of h^2 (about h/2 * f'').",
        source="https://cs231n.github.io/optimization-1/ (the forward-difference eval_numerical_gradient)",
        held_out=True),
    Mistake(
        tag="numgrad-precedence",
        name="numgrad-named-terms-over-2-times-h",
        edits={M: [(NG_BODY, "        e = np.zeros_like(theta)\n"
                             "        e[i] = h\n"
                             "        f_plus, f_minus = f(theta + e), f(theta - e)\n"
                             "        grad[i] = np.squeeze(f_plus - f_minus) / 2*h\n")]},
        why="`/ 2*h` divides by 2 and then multiplies by h, so every entry is h**2 times the central difference.",
        source="seeds/003 'Gradient Checking' formula (f(x+h) - f(x-h)) / 2h copied without parentheses",
        held_out=True),
    Mistake(
        tag="numgrad-perturbation-not-reset",
        name="numgrad-in-place-plus-minus-no-restore",
        edits={M: [(NG_AS, "    theta = np.array(theta, dtype=np.float64)\n"),
                   (NG_BODY, "        theta[i] += h\n"
                             "        fp = f(theta)\n"
                             "        theta[i] -= 2 * h\n"
                             "        fm = f(theta)\n"
                             "        grad[i] = np.squeeze(fp - fm) / (2 * h)\n")]},
        why="CS231n-style in-place perturbation on a copy, but the restoring `theta[i] += h` is missing, so each "
            "coordinate stays h below its value and later partial derivatives are taken at a shifted point "
            "(visible only for f that couple coordinates; a separable f gives the right answer).",
        source="https://cs231n.github.io/neural-networks-3/#gradcheck (x[ix] += h ... x[ix] = oldval)",
        held_out=True),
    Mistake(
        tag="numgrad-forward-difference",
        name="numgrad-one-sided-step-back",
        edits={M: [(NG_BODY, "        step = np.zeros_like(theta)\n"
                             "        step[i] = h\n"
                             "        grad[i] = np.squeeze(f(theta) - f(theta - step)) / h\n")]},
        why="A one-sided backward difference (f(theta) - f(theta - h e_i)) / h: its error is of order h "
            "(about -h/2 * f''), not the h^2 of the central difference the contract asks for.",
        source="https://en.wikipedia.org/wiki/Finite_difference (backward difference), Nocedal & Wright §8.1",
        held_out=True),
    # ---------------------------------------------------------------- mse_loss_and_grad
    Mistake(
        tag="mse-loss-half",
        name="mse-ng-one-over-2m-cost",
        edits={M: [(MSE_LOSS, "    loss = float(np.sum(residual ** 2) / (2 * len(y)))\n"),
                   (MSE_GRAD, "    grad = X.T @ residual / len(y)\n")]},
        why="Andrew Ng's cost J = 1/(2m) sum r^2 with its gradient (1/m) X^T r: both are half of the contract's "
            "mean(r**2) and (2/N) X^T r.",
        source="https://library.kiwix.org/datascience.stackexchange.com_en_all_2021-04/A/question/87162.html",
        held_out=True),
    Mistake(
        tag="mse-grad-wrong-sign",
        name="mse-residual-y-minus-prediction",
        edits={M: [(MSE_RES, "    residual = y - X.dot(theta)\n")]},
        why="The residual is written y - X theta; the squared loss is unchanged but (2/N) X^T (y - X theta) is "
            "minus the gradient, so gradient descent with it climbs.",
        source="https://community.deeplearning.ai/t/help-with-cost-function/340580 (error written as y - yhat)",
        held_out=True),
    Mistake(
        tag="mse-grad-wrong-axis",
        name="mse-grad-average-along-axis-one",
        edits={M: [(MSE_GRAD, "    grad = 2 * (X * residual[:, np.newaxis]).mean(axis=1)\n")]},
        why="The per-sample products X[n] * r_n are averaged over axis=1 (the features) instead of axis=0 "
            "(the samples), giving an array of shape (N,) instead of the (d,) gradient.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.mean.html (axis argument)",
        held_out=True),
    Mistake(
        tag="mse-residual-broadcast",
        name="mse-column-prediction-minus-flat-y",
        edits={M: [(MSE_RES, "    predictions = (X @ theta).reshape(-1, 1)\n"
                             "    residual = predictions - y\n")]},
        why="The predictions are made a column (N, 1) as in Octave code, and (N, 1) - (N,) broadcasts to an "
            "(N, N) matrix: the loss averages N^2 cross residuals and the gradient has shape (d, N).",
        source="https://library.kiwix.org/datascience.stackexchange.com_en_all_2021-04/A/question/87162.html "
               "(cost returns a matrix instead of a float)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- minibatch_indices
    Mistake(
        tag="minibatches-drop-last",
        name="minibatches-n-full-batches-only",
        edits={M: [(MB, "    perm = rng.permutation(n_samples)\n"
                        "    n_batches = n_samples // batch_size\n"
                        "    return [perm[k * batch_size:(k + 1) * batch_size] for k in range(n_batches)]\n")]},
        why="Only n_samples // batch_size full batches are cut, so the smaller last batch (and its samples) is "
            "lost whenever batch_size does not divide n_samples.",
        source="https://cfs.mostlyvoid.xyz/search?offset=1&q=mini+batch+gradient+descent+python+code&spellcheck=0 "
               "(iterate_minibatches: range(0, n - batchsize + 1, batchsize))",
        held_out=True),
    Mistake(
        tag="minibatches-array-split",
        name="minibatches-array-split-ceil",
        edits={M: [(MB, "    perm = rng.permutation(n_samples)\n"
                        "    n_batches = (n_samples + batch_size - 1) // batch_size\n"
                        "    return list(np.array_split(perm, n_batches))\n")]},
        why="np.array_split into ceil(N / batch_size) parts balances the sizes (10 samples, batch 4 gives "
            "4, 3, 3 instead of 4, 4, 2), so batches are not consecutive slices of batch_size.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.array_split.html",
        held_out=True),
    Mistake(
        tag="minibatches-own-recipe",
        name="minibatches-argsort-random-keys",
        edits={M: [(MB, "    order = np.argsort(rng.random(n_samples))\n"
                        "    return [order[i:i + batch_size] for i in range(0, n_samples, batch_size)]\n")]},
        why="A shuffle by argsort of random keys is a valid random order but not rng.permutation(n_samples), "
            "so the batches differ from the recipe the contract fixes (and the graders replay).",
        source="https://stackoverflow.com/questions/4601373 (shuffling two arrays in unison; argsort of random keys)",
        held_out=True),
    Mistake(
        tag="minibatches-global-random",
        name="minibatches-np-random-permutation-loop",
        edits={M: [(MB, "    perm = np.random.permutation(n_samples)\n"
                        "    batches = []\n"
                        "    for start in range(0, n_samples, batch_size):\n"
                        "        batches.append(perm[start:start + batch_size])\n"
                        "    return batches\n")]},
        why="The order comes from NumPy's global generator (np.random.permutation, as in the lesson's sgd) "
            "instead of the rng argument, so results do not follow the given generator.",
        source="seeds/003 'Stochastic Gradient Descent' code (indices = np.random.permutation(n))",
        held_out=True),
    # ---------------------------------------------------------------- sgd
    Mistake(
        tag="sgd-no-reshuffle",
        name="sgd-one-batch-list-for-all-epochs",
        edits={M: [(SGD_LOOP, "    idx_batches = minibatch_indices(len(X), batch_size, rng)\n"
                              "    for epoch in range(epochs):\n"
                              "        for b in idx_batches:\n"
                              "            Xb, yb = X[b], y[b]\n"
                              "            theta = theta - learning_rate * grad_f_batch(theta, Xb, yb)\n")]},
        why="The batches are drawn once before the epoch loop and reused, so every epoch sees the same order "
            "instead of a fresh minibatch_indices call per epoch.",
        source="https://github.com/ratnaparkhivivek10/ml_algorithms_from_scratch (same batches every epoch)",
        held_out=True),
    Mistake(
        tag="sgd-compounded-shuffle",
        name="sgd-lesson-shuffle-then-minibatches",
        edits={M: [(SGD_LOOP, "    for _ in range(epochs):\n"
                              "        order = rng.permutation(len(X))\n"
                              "        X_shuf, y_shuf = X[order], y[order]\n"
                              "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                              "            theta = theta - learning_rate * grad_f_batch(theta, X_shuf[idx], y_shuf[idx])\n")]},
        why="The lesson's own shuffle (X[perm], y[perm]) is kept and minibatch_indices is used on top: the "
            "generator is drawn twice per epoch and the batches are not those of minibatch_indices on X.",
        source="seeds/003 'Stochastic Gradient Descent' code (X_shuffled = X[indices]) combined with the stub",
        held_out=True),
    Mistake(
        tag="sgd-mutates-input",
        name="sgd-alias-then-in-place",
        edits={M: [(SGD_INIT, "    theta = theta_init\n"
                              "    for _ in range(epochs):\n"),
                   ("            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
                    "            theta[:] = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="theta is bound to the caller's array (no copy) and `theta[:] = ...` writes into it, so theta_init is "
            "overwritten with the result.",
        source="https://github.com/ratnaparkhivivek10/ml_algorithms_from_scratch (theta passed in and updated)",
        held_out=True),
    Mistake(
        tag="sgd-random-batch-per-step",
        name="sgd-choice-without-replacement-each-step",
        edits={M: [(SGD_LOOP, "    n_updates = epochs * int(np.ceil(len(X) / batch_size))\n"
                              "    for _ in range(n_updates):\n"
                              "        idx = rng.choice(len(X), size=batch_size, replace=False)\n"
                              "        theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="Each step draws an independent random batch, so an epoch is not one pass over every sample and the "
            "batches are not those of minibatch_indices.",
        source="https://d2l.ai/chapter_optimization/minibatch-sgd.html (sampling minibatches at random per step)",
        held_out=True),
    Mistake(
        tag="sgd-batch-count-as-size",
        name="sgd-passes-number-of-batches",
        edits={M: [("        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                    "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
                    "        n_batches = len(X) // batch_size\n"
                    "        for idx in minibatch_indices(len(X), n_batches, rng):\n"
                    "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="The student confuses the number of batches with the batch size (as np.array_split takes a count) "
            "and passes len(X) // batch_size as batch_size, so batches have the wrong size (and it raises "
            "when batch_size > len(X)).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.array_split.html (indices_or_sections is a count)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- newton_method
    Mistake(
        tag="newton-elementwise-product",
        name="newton-inv-times-gradient",
        edits={M: [(NT_STEP, "        H_inv = np.linalg.inv(hess_f(theta))\n"
                             "        theta = theta - H_inv * grad_f(theta)\n")]},
        why="`H_inv * g` broadcasts elementwise (a (d, d) matrix) instead of the matrix-vector product H^-1 g, "
            "so theta becomes a (d, d) array.",
        source="https://syntaxfix.com/question/8500/python-numpy-valueerror-operands-could-not-be-broadcast-together-with-shapes "
               "('a * b is not a dot product')",
        held_out=True),
    Mistake(
        tag="newton-fixed-hessian",
        name="newton-hessian-from-theta-init",
        edits={M: [(NT_INIT, "    theta = np.array(theta_init, dtype=np.float64)\n"
                             "    H_inv = np.linalg.inv(hess_f(theta_init))\n"
                             "    for _ in range(n_steps):\n"),
                   (NT_STEP, "        theta = theta - H_inv @ grad_f(theta)\n")]},
        why="The Hessian is evaluated once at theta_init and reused; right on a quadratic, but on any other f "
            "(Rosenbrock) the steps use stale curvature and are not Newton steps.",
        source="seeds/003 'Second-Order Methods' (Newton uses the Hessian at the current point)",
        held_out=True),
    Mistake(
        tag="newton-times-hessian",
        name="newton-hessian-dot-gradient",
        edits={M: [(NT_STEP, "        g, H = grad_f(theta), hess_f(theta)\n"
                             "        theta = theta - H.dot(g)\n")]},
        why="The step multiplies the gradient by the Hessian instead of solving with it (H g instead of H^-1 g).",
        source="https://www.datasciencecentral.com/profiles/blogs/difference-between-gradient-descent-and-newton-raphson",
        held_out=True),
    Mistake(
        tag="newton-elementwise-inverse",
        name="newton-hessian-power-minus-one",
        edits={M: [(NT_STEP, "        theta = theta - hess_f(theta) ** -1 @ grad_f(theta)\n")]},
        why="H^-1 from the formula is written `H ** -1`, the elementwise reciprocal of each entry, not the "
            "matrix inverse: zeros off the diagonal become inf (nan steps), dense Hessians give a wrong step.",
        source="http://mathhelpforum.com/advanced-applied-math/105749-multidimensional-newton-s-method-optimization.html "
               "(theta - H^-1 grad written from the formula)",
        held_out=True, novel=True),
]
