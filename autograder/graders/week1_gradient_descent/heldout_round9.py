"""Held-out round 9, week 1 (gradient_descent.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "gradient_descent"

GD_FIRST = "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
GD_LOOP = ("    for _ in range(n_steps):\n"
           "        theta = theta - learning_rate * grad_f(theta)\n")
GD_STEP = "        theta = theta - learning_rate * grad_f(theta)\n"
GD_RECORD = "        history.append(float(np.squeeze(f(theta))))\n"
NG_DIFF = "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
NG_BODY = "        e = np.zeros_like(theta)\n        e[i] = h\n" + NG_DIFF
MSE_LOSS = "    loss = float(np.mean(residual ** 2))\n"
MSE_GRAD = "    grad = (2.0 / len(y)) * (X.T @ residual)\n"
MB_PERM = "    perm = rng.permutation(n_samples)\n"
MB_RETURN = "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n"
SGD_EPOCHS = "    for _ in range(epochs):\n"
SGD_INNER = ("        for idx in minibatch_indices(len(X), batch_size, rng):\n"
             "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")
SGD_STEP = "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
NEWTON_LOOP = ("    for _ in range(n_steps):\n"
               "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n")
NEWTON_STEP = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"

ROUND_9 = [
    # ---- gradient_descent ---------------------------------------------------------------------------------
    Mistake(
        tag="gd-history-of-gradient-norm", name="gd-history-records-gradient-norm",
        edits={M: [(GD_FIRST, "    history = [float(np.linalg.norm(grad_f(theta)))]  # convergence: |grad| -> 0\n"),
                   (GD_RECORD, "        history.append(float(np.linalg.norm(grad_f(theta))))\n")]},
        why="the student logs the gradient norm, the convergence test of optimisation textbooks, as the run's "
            "history: the contract's history is 'f before the first step, then after each step' (the loss), so "
            "the curve the notebook plots is not the loss at all.",
        source="Nocedal & Wright, Numerical Optimization, ch. 3 (stop when ||grad f|| is small); lesson 'Optimization' "
               "§ Convergence / For Non-Convex Functions (min ||grad L||^2 <= O(1/sqrt(T)))",
        novel=True, held_out=True),
    Mistake(
        tag="gd-gradient-at-start", name="gd-gradient-hoisted-out-of-loop",
        edits={M: [(GD_LOOP, "    g = grad_f(theta)  # compute the gradient once, not at every step\n"
                             "    for _ in range(n_steps):\n"
                             "        theta = theta - learning_rate * g\n")]},
        why="an 'optimisation' that moves the gradient call out of the loop: every step uses the gradient at "
            "theta_init, so the iterate walks along a straight line by lr * grad_f(theta_init) per step instead of "
            "theta <- theta - lr * grad_f(theta) (contract, week 1 table).",
        source="lesson 'Optimization' § Gradient Descent / In Code (gradient = grad_f(theta) inside the loop)",
        held_out=True),
    Mistake(
        tag="gd-steps-from-start", name="gd-step-subtracted-from-theta-init",
        edits={M: [(GD_STEP, "        theta = theta_init - learning_rate * grad_f(theta)\n")]},
        why="the lesson's update typed with the argument's name on the right: each iterate is theta_init minus one "
            "step, so the run never gets further than one step from the start (contract: theta <- theta - lr * "
            "grad_f(theta)).",
        source="lesson 'Week 3: Gradient-Based Optimization' § 3.1 Basic Update Rule (theta_{t+1} = theta_t - ...)",
        held_out=True),
    Mistake(
        tag="gd-history-rounded", name="gd-history-round-4-digits",
        edits={M: [(GD_RECORD, "        history.append(round(float(np.squeeze(f(theta))), 4))  # 4 digits for the plot\n")]},
        why="the loss rounded to 4 decimals 'for printing' before it is stored: small losses become 0.0 and "
            "every value after the first is off by up to 5e-5, so history is no longer f after each step "
            "(contract: history is f before the first step, then after each step).",
        source="https://docs.python.org/3/library/functions.html#round",
        held_out=True),
    # ---- numerical_gradient -------------------------------------------------------------------------------
    Mistake(
        tag="numgrad-precedence", name="numgrad-divided-by-2-times-h",
        edits={M: [(NG_DIFF, "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / 2 * h\n")]},
        why="'/ 2h' typed as '/ 2 * h': Python reads it as (difference / 2) * h, so the estimate is h**2 = 1e-10 "
            "times the central difference (f(theta + h e_i) - f(theta - h e_i)) / 2h of the contract.",
        source="https://docs.python.org/3/reference/expressions.html#operator-precedence (* and / group left to right)",
        held_out=True),
    Mistake(
        tag="numgrad-wrong-denominator", name="numgrad-central-over-h",
        edits={M: [(NG_DIFF, "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / h\n")]},
        why="the forward difference's denominator h kept after switching to central points: the points are 2h "
            "apart, so every entry is twice the derivative (contract: divide by 2h).",
        source="https://en.wikipedia.org/wiki/Finite_difference#Basic_types (the central difference spans 2h)",
        held_out=True),
    Mistake(
        tag="numgrad-aliasing", name="numgrad-asarray-plus-and-minus-points",
        edits={M: [(NG_BODY, "        theta_plus = np.asarray(theta)\n"
                             "        theta_plus[i] += h\n"
                             "        theta_minus = np.asarray(theta)\n"
                             "        theta_minus[i] -= h\n"
                             "        grad[i] = np.squeeze(f(theta_plus) - f(theta_minus)) / (2 * h)\n")]},
        why="np.asarray of a float64 array returns the array itself, not a copy: theta_plus and theta_minus are "
            "both theta, the -h undoes the +h before f is called, and every difference is f(theta) - f(theta) = 0.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.asarray.html (no copy if the input is "
               "already an ndarray with matching dtype)",
        held_out=True),
    # ---- mse_loss_and_grad --------------------------------------------------------------------------------
    Mistake(
        tag="mse-grad-missing-2", name="mse-grad-ng-one-over-m",
        edits={M: [(MSE_GRAD, "    grad = X.T @ residual / len(y)  # dJ/dtheta = (1/m) X^T (X theta - y)\n")]},
        why="the gradient of Andrew Ng's cost J = 1/(2m) sum r^2, pasted under the course's loss mean(r**2) which "
            "has no 1/2: the gradient is half of the contract's (2/N) X^T (X theta - y).",
        source="Andrew Ng, Machine Learning (Coursera), 'Gradient descent for linear regression' "
               "(theta_j := theta_j - alpha (1/m) sum (h(x) - y) x_j)",
        held_out=True),
    Mistake(
        tag="mse-loss-square-of-mean", name="mse-loss-mean-then-square",
        edits={M: [(MSE_LOSS, "    loss = float(np.mean(residual) ** 2)\n")]},
        why="the parenthesis closed one term early: the square of the mean residual, which is 0 whenever "
            "positive and negative errors cancel, not the mean of the squared residuals (contract: "
            "loss = mean((X@theta - y)**2)).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.mean.html",
        held_out=True),
    Mistake(
        tag="mse-grad-no-transpose", name="mse-grad-np-dot-x-residual",
        edits={M: [(MSE_GRAD, "    grad = (2.0 / len(y)) * np.dot(X, residual)\n")]},
        why="X^T r written as np.dot(X, r): (N, d) times (N,) does not fit unless N = d (then it is a wrong "
            "vector of length N); the contract's gradient is (2/N) X^T (X theta - y), shape (d,).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.dot.html",
        held_out=True),
    Mistake(
        tag="mse-loss-mean-absolute-error", name="mse-loss-np-abs-mean",
        edits={M: [(MSE_LOSS, "    loss = float(np.mean(np.abs(residual)))  # mean error\n")]},
        why="the loss written as the mean absolute error (the 'mean error' a regression report prints, "
            "sklearn's mean_absolute_error) while the gradient stays the MSE's: the contract's loss is "
            "mean((X@theta - y)**2), and loss and gradient no longer belong to the same function.",
        source="https://scikit-learn.org/stable/modules/generated/sklearn.metrics.mean_absolute_error.html",
        novel=True, held_out=True),
    Mistake(
        tag="mse-grad-scaled", also=("mse-grad-wrong-normaliser",), name="mse-grad-mean-and-2-over-n",
        edits={M: [(MSE_GRAD, "    grad = (2.0 / len(y)) * np.mean(X * residual[:, None], axis=0)\n")]},
        why="the average over samples written twice, once as 2/N and once as np.mean over axis 0: the gradient "
            "is N times too small (contract: grad = (2/N) X^T (X theta - y)).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.mean.html",
        held_out=True),
    # ---- minibatch_indices --------------------------------------------------------------------------------
    Mistake(
        tag="minibatches-no-shuffle", name="minibatches-permutation-result-dropped",
        edits={M: [(MB_PERM, "    perm = np.arange(n_samples)\n"
                             "    rng.permutation(perm)  # shuffle the indices\n")]},
        why="Generator.permutation of an array returns a shuffled COPY (it is shuffle that works in place), and "
            "the copy is thrown away: the batches come in storage order 0, 1, 2, ... (contract: "
            "perm = rng.permutation(n_samples), then consecutive slices).",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.permutation.html "
               "('If x is an array, make a copy and shuffle the elements randomly')",
        held_out=True),
    Mistake(
        tag="minibatches-with-replacement", name="minibatches-choice-default-replace",
        edits={M: [(MB_PERM, "    perm = rng.choice(n_samples, size=n_samples)  # a random order of the samples\n")]},
        why="rng.choice samples WITH replacement unless replace=False: some samples appear twice in the epoch "
            "and others never, while the contract's batches hold each of 0 .. n_samples - 1 exactly once.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.choice.html "
               "(replace=True by default)",
        held_out=True),
    Mistake(
        tag="minibatches-array-split", name="minibatches-array-split-n-over-b",
        edits={M: [(MB_RETURN, "    return np.array_split(perm, n_samples // batch_size)\n")]},
        why="np.array_split takes the NUMBER of pieces: n // b pieces of about n / (n // b) samples each (10 "
            "samples, batch 4: two batches of 5), and 0 pieces -- a ValueError -- when n < b; the contract cuts "
            "consecutive slices of batch_size and keeps a smaller last one.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.array_split.html",
        held_out=True),
    Mistake(
        tag="minibatches-slice-stop-not-offset", name="minibatches-slice-to-batch-size",
        edits={M: [(MB_RETURN, "    return [perm[start:batch_size] for start in range(0, n_samples, batch_size)]\n")]},
        why="the slice's stop written as batch_size instead of start + batch_size: the first batch is right and "
            "every later one is empty, so most samples are never used (contract: consecutive slices "
            "perm[k*b:(k+1)*b]).",
        source="https://docs.python.org/3/tutorial/introduction.html#text (slices are [start:stop], not "
               "[start:length])",
        novel=True, held_out=True),
    # ---- sgd ----------------------------------------------------------------------------------------------
    Mistake(
        tag="sgd-update-count", name="sgd-epochs-from-one",
        edits={M: [(SGD_EPOCHS, "    for epoch in range(1, epochs):  # epochs 1 .. epochs\n")]},
        why="the epochs numbered from 1 for printing, with range(1, epochs): one epoch fewer than asked (and none "
            "at all for epochs=1), while the contract makes `epochs` passes.",
        source="https://docs.python.org/3/library/stdtypes.html#range (the stop is excluded)",
        held_out=True),
    Mistake(
        tag="sgd-labels-not-indexed", name="sgd-batch-rows-all-labels",
        edits={M: [(SGD_STEP, "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y)\n")]},
        why="the batch's rows are taken but the labels are not: grad_f_batch gets a (b, d) X with all N labels "
            "(a shape error, or labels that do not belong to the rows); the contract calls "
            "grad_f_batch(theta, X[idx], y[idx]).",
        source="lesson 'Week 3: Gradient-Based Optimization' § 3.2 Mini-Batch Gradient (a batch of pairs (x_i, y_i))",
        held_out=True),
    Mistake(
        tag="sgd-batches", name="sgd-batch-number-slices-rows",
        edits={M: [(SGD_INNER, "        for k, idx in enumerate(minibatch_indices(len(X), batch_size, rng)):\n"
                               "            rows = slice(k * batch_size, (k + 1) * batch_size)\n"
                               "            theta = theta - learning_rate * grad_f_batch(theta, X[rows], y[rows])\n")]},
        why="the batches are only counted: batch k is cut from the stored order (rows k*b .. (k+1)*b), so the "
            "shuffle has no effect and every epoch sees the same batches; the contract steps on X[idx], y[idx].",
        source="https://pytorch.org/tutorials/beginner/basics/data_tutorial.html (the loader yields the batches' "
               "data, not their positions)",
        held_out=True),
    Mistake(
        tag="sgd-one-step-per-sample", name="sgd-inner-loop-over-samples",
        edits={M: [(SGD_STEP, "            for j in idx:  # stochastic: one sample at a time\n"
                              "                theta = theta - learning_rate * grad_f_batch(theta, X[j:j + 1], y[j:j + 1])\n")]},
        why="'stochastic' read as one update per sample inside each batch: batch_size updates per batch instead "
            "of one step with the batch's average gradient (contract: for each batch, theta <- theta - lr * "
            "grad_f_batch(theta, X[idx], y[idx])).",
        source="https://en.wikipedia.org/wiki/Stochastic_gradient_descent#Iterative_method (the per-example "
               "update of classic SGD) mixed with lesson 'Optimization' § Stochastic Gradient Descent (mini-batches)",
        novel=True, held_out=True),
    # ---- newton_method ------------------------------------------------------------------------------------
    Mistake(
        tag="newton-times-hessian", name="newton-hessian-matmul-gradient",
        edits={M: [(NEWTON_STEP, "        theta = theta - hess_f(theta) @ grad_f(theta)\n")]},
        why="H^-1 g written as H @ g: the step is multiplied by the curvature instead of divided by it, so it is "
            "far too long in steep directions and diverges (contract: theta <- theta - solve(hess_f(theta), "
            "grad_f(theta))).",
        source="lesson 'Optimization' § Second-Order Methods / Newton's Method (theta - H^-1 grad)",
        held_out=True),
    Mistake(
        tag="newton-fixed-hessian", name="newton-hessian-once-before-loop",
        edits={M: [(NEWTON_LOOP, "    H = hess_f(theta)  # the Hessian is expensive: compute it once\n"
                                 "    for _ in range(n_steps):\n"
                                 "        theta = theta - np.linalg.solve(H, grad_f(theta))\n")]},
        why="the lesson stresses the Hessian's O(d^2) cost, so the student computes H once at theta_init and reuses it: "
            "a chord method with linear convergence, not Newton's method, which solves with hess_f(theta) at "
            "every step (contract).",
        source="lesson 'Optimization' § Second-Order Methods (Brief) (the Hessian has O(d^2) entries)",
        held_out=True),
    Mistake(
        tag="newton-divides-elementwise", name="newton-gradient-over-hessian-array",
        edits={M: [(NEWTON_STEP, "        theta = theta - grad_f(theta) / hess_f(theta)  # x - f'(x) / f''(x)\n")]},
        why="the 1-D rule x - f'/f'' copied to arrays: g / H broadcasts the (d,) gradient against the (d, d) "
            "Hessian, giving a (d, d) array (with divisions by the zero off-diagonal entries), not "
            "solve(hess_f(theta), grad_f(theta)) (contract).",
        source="https://en.wikipedia.org/wiki/Newton%27s_method_in_optimization (1-D form vs. the Hessian form)",
        held_out=True),
]
