"""Held-out round 10, week 1 (gradient_descent.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "gradient_descent"

GD_FIRST = "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
GD_LOOP_HEAD = ("    for _ in range(n_steps):\n"
                "        theta = theta - learning_rate * grad_f(theta)\n")
GD_STEP = "        theta = theta - learning_rate * grad_f(theta)\n"
GD_RECORD = "        history.append(float(np.squeeze(f(theta))))\n"
GD_RETURN = "    return theta, history\n"
NG_DIFF = "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
NG_E = "        e[i] = h\n"
MSE_RESIDUAL = "    residual = X @ theta - y\n"
MSE_LOSS = "    loss = float(np.mean(residual ** 2))\n"
MSE_GRAD = "    grad = (2.0 / len(y)) * (X.T @ residual)\n"
MB_PERM = "    perm = rng.permutation(n_samples)\n"
MB_RETURN = "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n"
SGD_INNER = ("        for idx in minibatch_indices(len(X), batch_size, rng):\n"
             "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")
SGD_STEP = "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
NEWTON_STEP = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"
NEWTON_BODY = ("    theta = np.array(theta_init, dtype=np.float64)\n"
               "    for _ in range(n_steps):\n"
               "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n")

ROUND_10 = [
    # ---- gradient_descent ---------------------------------------------------------------------------------
    Mistake(
        tag="gd-history-of-theta", name="gd-history-keeps-iterate-copies",
        edits={M: [(GD_FIRST, "    history = [theta.copy()]  # the path, to draw it on the contour plot\n"),
                   (GD_RECORD, "        history.append(theta.copy())\n")]},
        why="the notebook draws the optimisation path on the contour plots, so the student stores the iterates in "
            "history instead of the loss: history must be 'f before the first step, then after each step', a list "
            "of n_steps + 1 floats (contract, week 1 table), not a list of theta arrays.",
        source="https://d2l.ai/chapter_optimization/gd.html (def gd(eta, f_grad): results = [x] ... results.append(x), "
               "the trace kept for show_trace)",
        held_out=True),
    Mistake(
        tag="gd-return-order-swapped", name="gd-returns-history-then-theta",
        edits={M: [(GD_RETURN, "    return history, theta  # the loss curve first, for plotting\n")]},
        why="the pair is returned in the order (history, theta): the contract's signature is "
            "gradient_descent(...) -> (theta, history), so a caller unpacking theta, history = ... gets the loss "
            "list as theta.",
        source="the stub's docstring (Returns: (theta, history)); "
               "https://docs.python.org/3/tutorial/datastructures.html#tuples-and-sequences (unpacking is by position)",
        novel=True, held_out=True),
    Mistake(
        tag="gd-normalised-gradient", name="gd-unit-direction-step",
        edits={M: [(GD_STEP, "        g = grad_f(theta)\n"
                             "        theta = theta - learning_rate * g / np.linalg.norm(g)  # step of length lr\n")]},
        why="the student moves a fixed distance lr along the unit steepest-descent direction, as in the textbook "
            "'direction d = -g/|g|' picture: the step no longer shrinks with the gradient (and divides by zero at "
            "a minimum), while the contract's step is theta <- theta - lr * grad_f(theta).",
        source="Boyd & Vandenberghe, Convex Optimization, §9.4.1 (normalized steepest descent direction)",
        held_out=True),
    Mistake(
        tag="gd-lr-decay", name="gd-lr-times-0.99-power-t",
        edits={M: [(GD_LOOP_HEAD, "    for t in range(n_steps):\n"
                                  "        theta = theta - learning_rate * 0.99 ** t * grad_f(theta)  # slow decay\n")]},
        why="a small exponential decay of the learning rate added 'to converge better', as in Keras examples: step t "
            "uses lr * 0.99**t, while the contract's every step uses the given learning_rate unchanged "
            "(theta <- theta - lr * grad_f(theta), n_steps times).",
        source="https://keras.io/api/optimizers/learning_rate_schedules/exponential_decay/",
        held_out=True),
    Mistake(
        tag="hidden-l2-penalty", name="gd-gradient-plus-weight-decay",
        edits={M: [(GD_STEP, "        theta = theta - learning_rate * (grad_f(theta) + 1e-4 * theta)  # weight decay\n")]},
        why="the habit of optim.SGD(..., weight_decay=1e-4) carried over: the step uses grad_f(theta) + 1e-4 * theta, "
            "the gradient of f plus an L2 penalty the contract does not have (theta <- theta - lr * grad_f(theta)).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html (weight_decay adds lambda * theta to "
               "the gradient)",
        held_out=True),
    Mistake(
        tag="gd-step-count", name="gd-range-from-one-to-n-steps",
        edits={M: [(GD_LOOP_HEAD, "    for step in range(1, n_steps):  # steps 1 .. n_steps\n"
                                  "        theta = theta - learning_rate * grad_f(theta)\n")]},
        why="the steps are numbered from 1 as in the lesson's theta_{t+1} notation, but range(1, n_steps) stops at "
            "n_steps - 1: one update too few and a history of n_steps floats, where the contract asks for n_steps "
            "updates and n_steps + 1 history entries.",
        source="https://docs.python.org/3/library/stdtypes.html#range (the stop value is excluded)",
        held_out=True),
    # ---- numerical_gradient -------------------------------------------------------------------------------
    Mistake(
        tag="numgrad-wrong-sign", name="numgrad-minus-point-first",
        edits={M: [(NG_DIFF, "        grad[i] = np.squeeze(f(theta - e) - f(theta + e)) / (2 * h)\n")]},
        why="the two evaluations are written in the wrong order, f(theta - h e_i) - f(theta + h e_i): every entry "
            "is minus the derivative, where the contract's central difference is "
            "(f(theta + h e_i) - f(theta - h e_i)) / 2h.",
        source="https://cs231n.github.io/neural-networks-3/#gradcheck (centered formula (f(x+h) - f(x-h)) / 2h)",
        novel=True, held_out=True),
    Mistake(
        tag="numgrad-precedence", name="numgrad-numerator-without-parentheses",
        edits={M: [(NG_DIFF, "        grad[i] = np.squeeze(f(theta + e) - f(theta - e) / (2 * h))\n")]},
        why="the parentheses close around the second term only: Python computes f(theta + h e_i) - "
            "(f(theta - h e_i) / 2h), a huge number, not the contract's (f(theta + h e_i) - f(theta - h e_i)) / 2h.",
        source="https://docs.python.org/3/reference/expressions.html#operator-precedence",
        held_out=True),
    Mistake(
        tag="numgrad-wrong-denominator", name="numgrad-divides-by-2-h-squared",
        edits={M: [(NG_DIFF, "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h ** 2)\n")]},
        why="the denominator of the second-derivative stencil (h**2) mixed into the first-derivative one: the "
            "estimate is 1/h = 1e5 times too large; the contract divides by 2h.",
        source="https://en.wikipedia.org/wiki/Finite_difference#Higher-order_differences",
        held_out=True),
    Mistake(
        tag="numgrad-ignores-h", name="numgrad-perturbation-typed-1e-4",
        edits={M: [(NG_E, "        e[i] = 1e-4  # a small step\n")]},
        why="the perturbation is a typed-in 1e-4 while the division still uses 2 * h: with the default h = 1e-5 "
            "every entry is 10 times the derivative, and any other h gives another wrong factor (contract: "
            "(f(theta + h e_i) - f(theta - h e_i)) / 2h with the given h).",
        source="https://cs231n.github.io/optimization-1/#numerical (h = 0.00001 typed into eval_numerical_gradient)",
        held_out=True),
    # ---- mse_loss_and_grad --------------------------------------------------------------------------------
    Mistake(
        tag="mse-loss-half", name="mse-loss-half-mean-full-gradient",
        edits={M: [(MSE_LOSS, "    loss = float(0.5 * np.mean(residual ** 2))  # the 1/2 cancels the 2 of the derivative\n")]},
        why="the 1/2 of the textbook cost J = 1/(2N) sum r^2 put on the loss, while the gradient keeps the factor "
            "2: loss and gradient no longer match, and the loss is half of the contract's mean((X@theta - y)**2).",
        source="https://en.wikipedia.org/wiki/Linear_least_squares; Andrew Ng, CS229 lecture notes §1 "
               "(J(theta) = 1/2 sum (h(x) - y)^2)",
        held_out=True),
    Mistake(
        tag="mse-loss-norm-not-squared", name="mse-loss-norm-over-n",
        edits={M: [(MSE_LOSS, "    loss = float(np.linalg.norm(residual) / len(y))\n")]},
        why="the squared error written with np.linalg.norm, whose square the student forgets: the loss is "
            "|r| / N, not the contract's mean(r**2) = |r|**2 / N.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.norm.html",
        held_out=True),
    Mistake(
        tag="power-written-as-xor", name="mse-residual-caret-2",
        edits={M: [(MSE_LOSS, "    loss = float(np.mean(residual ^ 2))\n")]},
        why="'r squared' typed as r ^ 2 as in maths notation or MATLAB: in NumPy ^ is bitwise xor, which raises a "
            "TypeError for float arrays; the contract's loss is mean(r ** 2).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.bitwise_xor.html",
        held_out=True),
    Mistake(
        tag="mse-grad-wrong-axis", name="mse-grad-mean-over-samples-of-transposed",
        edits={M: [(MSE_GRAD, "    grad = 2.0 * np.mean(X.T * residual, axis=0)\n")]},
        why="the per-sample products x_n r_n formed as X.T * r (shape (d, N)) but averaged over axis 0, the "
            "features: the result has shape (N,), one value per sample, not the contract's (2/N) X^T r of shape (d,).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.mean.html (axis)",
        held_out=True),
    # ---- minibatch_indices --------------------------------------------------------------------------------
    Mistake(
        tag="minibatches-drop-last", name="minibatches-range-stop-n-minus-batch",
        edits={M: [(MB_RETURN, "    return [perm[start:start + batch_size] for start in range(0, n_samples - batch_size, batch_size)]\n")]},
        why="the loop's stop written as n_samples - batch_size 'so the slice does not run past the end': it drops "
            "the last batch (full or not), so some samples are never used, while the contract keeps every sample "
            "and the last, smaller batch.",
        source="https://machinelearningmastery.com/gentle-introduction-mini-batch-gradient-descent-configure-batch-size/",
        held_out=True),
    Mistake(
        tag="minibatches-array-split", name="minibatches-array-split-ceil-count",
        edits={M: [(MB_RETURN, "    return np.array_split(perm, int(np.ceil(n_samples / batch_size)))\n")]},
        why="np.array_split with the right number of batches, ceil(N / B): but array_split evens out the sizes "
            "(10 samples, B = 4 gives 4, 3, 3), where the contract's recipe is consecutive slices of batch_size "
            "with only the last smaller (4, 4, 2).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.array_split.html",
        held_out=True),
    Mistake(
        tag="minibatches-returns-generator", name="minibatches-generator-expression",
        edits={M: [(MB_RETURN, "    return (perm[start:start + batch_size] for start in range(0, n_samples, batch_size))\n")]},
        why="a generator expression instead of a list, 'to save memory' as in Keras data generators: the function "
            "must return a list of index arrays (contract and docstring); len() and indexing fail on it and it "
            "can be iterated only once. doubtful: sgd alone still works with it.",
        source="https://docs.python.org/3/reference/expressions.html#generator-expressions",
        novel=True, held_out=True),
    # ---- sgd ----------------------------------------------------------------------------------------------
    Mistake(
        tag="sgd-lr-divided-by-batch", name="sgd-lr-over-batch-size",
        edits={M: [(SGD_STEP, "            theta = theta - learning_rate / batch_size * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="the student divides the rate by the batch size 'because the gradient is summed over the batch', as "
            "for a loss with reduction='sum': grad_f_batch is already a mean, so every step is batch_size times too "
            "small (contract: theta <- theta - lr * grad_f_batch(theta, X[idx], y[idx])).",
        source="https://stats.stackexchange.com/questions/183840/sum-or-average-of-gradients-in-mini-batch-gradient-decent",
        held_out=True),
    Mistake(
        tag="sgd-shuffles-x-y-separately", name="sgd-two-permutations-for-x-and-y",
        edits={M: [(SGD_INNER, "        Xs = X[rng.permutation(len(X))]\n"
                               "        ys = y[rng.permutation(len(y))]\n"
                               "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                               "            theta = theta - learning_rate * grad_f_batch(theta, Xs[idx], ys[idx])\n")]},
        why="each epoch the inputs and the targets are shuffled with two different permutations before batching: "
            "rows and labels no longer belong together, and the generator is used outside minibatch_indices "
            "(contract: one minibatch_indices call per epoch, then X[idx], y[idx]).",
        source="https://stackoverflow.com/questions/4601373/better-way-to-shuffle-two-numpy-arrays-in-unison",
        held_out=True),
    Mistake(
        tag="sgd-random-batch-per-step", name="sgd-integers-batch-each-step",
        edits={M: [(SGD_INNER, "        for _ in range(len(minibatch_indices(len(X), batch_size, rng))):\n"
                               "            idx = rng.integers(0, len(X), size=batch_size)  # a random batch\n"
                               "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="the number of batches is taken from minibatch_indices, but each step then draws a fresh random batch "
            "with replacement (rng.integers), so an epoch is not a pass over the data; the contract uses the "
            "batches minibatch_indices returns, in order.",
        source="https://d2l.ai/chapter_optimization/minibatch-sgd.html; "
               "https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.integers.html",
        held_out=True),
    Mistake(
        tag="gd-gradient-at-start", name="sgd-gradient-at-theta-init",
        edits={M: [(SGD_STEP, "            theta = theta - learning_rate * grad_f_batch(theta_init, X[idx], y[idx])\n")]},
        why="the gradient is evaluated at the argument theta_init instead of the current theta: every step adds the "
            "same kind of batch gradient of the starting point; the contract's step is "
            "theta <- theta - lr * grad_f_batch(theta, X[idx], y[idx]).",
        source="lesson 'Optimization' § Stochastic Gradient Descent (SGD) (the gradient at the current weights)",
        held_out=True),
    # ---- newton_method ------------------------------------------------------------------------------------
    Mistake(
        tag="newton-steps-from-start", name="newton-step-from-theta-init",
        edits={M: [(NEWTON_STEP, "        theta = theta_init - np.linalg.solve(hess_f(theta), grad_f(theta))\n")]},
        why="each Newton step subtracted from theta_init instead of the current iterate: on a non-quadratic f the "
            "method never gets further than one step from the start (contract: theta <- theta - "
            "solve(hess_f(theta), grad_f(theta))).",
        source="Nocedal & Wright, Numerical Optimization, §3.3 (x_{k+1} = x_k + p_k)",
        held_out=True),
    Mistake(
        tag="newton-mutates-input", name="newton-plain-assignment-then-in-place",
        edits={M: [(NEWTON_BODY, "    theta = theta_init\n"
                                 "    for _ in range(n_steps):\n"
                                 "        theta -= np.linalg.solve(hess_f(theta), grad_f(theta))\n")]},
        why="'theta = theta_init' binds a second name to the caller's array and -= updates it in place, so the "
            "caller's theta_init ends at the result (contract: inputs are never modified; theta_init is copied).",
        source="https://nedbatchelder.com/text/names.html; https://numpy.org/doc/stable/user/basics.copies.html",
        held_out=True),
    Mistake(
        tag="newton-step-count", name="newton-n-steps-plus-one",
        edits={M: [(NEWTON_BODY, "    theta = np.array(theta_init, dtype=np.float64)\n"
                                 "    for _ in range(n_steps + 1):  # include the final step\n"
                                 "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n")]},
        why="one Newton step too many: range(n_steps + 1) 'to include the final step' makes n_steps + 1 updates, "
            "where the contract makes n_steps (visible on any non-quadratic f, and n_steps = 0 no longer returns "
            "theta_init).",
        source="https://docs.python.org/3/library/stdtypes.html#range",
        held_out=True),
]
