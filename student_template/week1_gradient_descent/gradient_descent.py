"""Week 1 -- gradient descent, from the full gradient to mini-batches and Newton's method.

Training a model means finding parameters ``theta`` that make a loss ``L(theta)``
small. The gradient ``grad L(theta)`` points in the direction of steepest
*increase*, so one step "downhill" is

    theta_{t+1} = theta_t - lr * grad L(theta_t)

Picture standing on a hillside in fog: you only feel the slope under your
feet, you take a step against it, and you repeat. The learning rate ``lr``
is the length of the stride:

* too small -- the loss falls, but painfully slowly;
* too large -- you step over the valley floor and up the other side, so the
  loss oscillates or even grows (diverges);
* about right -- a steady fall that levels off near a minimum.

In this module you write the basic tools of the course:

``gradient_descent``     the update above, repeated, recording the loss;
``numerical_gradient``   central differences, to check any gradient you derive;
``mse_loss_and_grad``    the loss and gradient of linear least squares;
``minibatch_indices``    one shuffled pass over a data set, cut into batches;
``sgd``                  stochastic (mini-batch) gradient descent;
``newton_method``        a second-order step that also uses the curvature.

Conventions for every function here: arrays are NumPy ``float64``; inputs are
never modified (copy before you update); randomness comes only from the
``rng`` argument (a ``numpy.random.Generator``), so the same generator state
gives the same result. Arguments that cannot work (a negative number of
steps, a batch size of 0, ``h <= 0``, arrays whose shapes do not fit) raise a
``ValueError`` that says so, before your code runs.

References:
    Cauchy (1847). Méthode générale pour la résolution des systèmes
    d'équations simultanées. Comptes rendus de l'Académie des sciences 25.
    Robbins & Monro (1951). A Stochastic Approximation Method. Annals of
    Mathematical Statistics 22(3). https://doi.org/10.1214/aoms/1177729586
    Nocedal & Wright (2006). Numerical Optimization, 2nd ed. Springer
    (ch. 2-3: gradient descent and Newton's method; ch. 8: finite differences).
    Bottou, Curtis & Nocedal (2018). Optimization Methods for Large-Scale
    Machine Learning. SIAM Review 60(2). https://arxiv.org/abs/1606.04838
"""
from __future__ import annotations

import numpy as np


def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps):
    """Run plain (full-batch) gradient descent for ``n_steps`` steps.

    Each step is

        theta <- theta - learning_rate * grad_f(theta)

    Args:
        f: the loss, ``f(theta) -> float`` (a one-element array, such as
            ``x**2`` for ``x`` of shape ``(1,)``, is fine too).
        grad_f: its gradient, ``grad_f(theta) -> ndarray`` of the same shape as ``theta``.
        theta_init: the starting point, a float64 array of any shape
            (``(2,)`` for the 2-D test surfaces, ``(d,)`` for a linear model, ...).
            It is copied, never modified.
        learning_rate: the step size ``lr`` (a float).
        n_steps: how many updates to make (an int >= 0).

    Returns:
        ``(theta, history)``: ``theta`` is the final float64 array (same shape
        as ``theta_init``); ``history`` is a list of ``n_steps + 1`` Python
        floats -- ``f`` at the starting point, then ``f`` after each step.
        Plot ``history`` (a log scale helps) to see whether the learning rate
        was too small, too large or about right.

    What it guarantees: if the gradient is ``L``-Lipschitz (no curvature above
    ``L``) and ``0 < lr <= 1/L``, every step lowers ``f``. On a *convex* ``f``
    the gap ``f(theta_T) - f*`` then falls at least like ``1/T``; on a
    *strongly convex* one (curvature between ``mu > 0`` and ``L``) the distance
    to the minimum shrinks by ``1 - mu/L`` per step at ``lr = 1/L`` -- a linear
    rate set by the condition number ``L/mu``. On a non-convex ``f`` only the
    gradient is promised to become small: a minimum, a saddle or a local
    minimum (the notebook's §6).

    Example -- on ``f(theta) = |theta|^2`` the gradient is ``2 theta``, so with
    ``lr = 0.25`` every step halves ``theta`` and quarters the loss:

    >>> theta, history = gradient_descent(lambda t: float(t @ t), lambda t: 2 * t,
    ...                                   np.array([3.0, 4.0]), 0.25, 2)
    >>> theta
    array([0.75, 1.  ])
    >>> history
    [25.0, 6.25, 1.5625]

    References:
        Nesterov (2018). Lectures on Convex Optimization, 2nd ed. Springer,
        §2.1 (the O(1/T) and linear rates). https://doi.org/10.1007/978-3-319-91578-4
    """
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    raise NotImplementedError("week1_gradient_descent: gradient_descent — see the docstring")


def numerical_gradient(f, theta, h=1e-5):
    """Estimate the gradient of ``f`` at ``theta`` with central differences.

    For each coordinate ``i`` (``e_i`` is the unit vector along it):

        grad_i ~= (f(theta + h e_i) - f(theta - h e_i)) / (2 h)

    Why *central*: by Taylor's theorem the one-sided difference
    ``(f(theta + h e_i) - f(theta)) / h`` is off by about ``h/2 * f''``, an
    error of order ``h``; in the symmetric difference the ``f''`` terms cancel
    and the error is about ``h^2/6 * f'''``, of order ``h^2``. Do not make ``h``
    too small either: ``f`` itself is only known to about ``1e-16 * |f|``, and
    dividing by ``2h`` magnifies that rounding error by ``1/h``. ``h = 1e-5``
    balances the two (total error around ``1e-10`` for well-scaled functions).

    Use it to *check* a gradient you derived by hand ("gradient checking"): the
    two should agree to many digits. It costs two evaluations of ``f`` per
    coordinate, which is why training uses analytic gradients (backpropagation).

    Args:
        f: a scalar function, ``f(theta) -> float`` (a one-element array is
            fine too).
        theta: the point, a float64 array of any shape. Not modified.
        h: the step of the finite difference (a small positive float).

    Returns:
        A float64 array with the shape of ``theta``.

    Example -- for ``f = sum(theta**3)`` the gradient is ``3 theta**2``; the
    central difference is off by exactly ``h**2`` here (as ``f''' = 6``):

    >>> np.round(numerical_gradient(lambda t: np.sum(t ** 3), np.array([1.0, 2.0])), 6)
    array([ 3., 12.])

    In PyTorch, ``torch.autograd.gradcheck`` does this comparison for you (in
    float64, with central differences).

    References:
        Nocedal & Wright (2006). Numerical Optimization, 2nd ed. Springer, §8.1.
    """
    if not h > 0:
        raise ValueError(f"h must be a positive step, got {h}")
    raise NotImplementedError("week1_gradient_descent: numerical_gradient — see the docstring")


def mse_loss_and_grad(theta, X, y):
    """Mean squared error of a linear model and its gradient.

    With predictions ``X @ theta`` and residuals ``r = X @ theta - y``:

        loss = mean(r**2) = (1/N) * sum_n r_n**2
        grad = (2/N) * X.T @ r

    (Differentiate ``r_n**2``: ``2 r_n`` times ``d r_n / d theta = X[n]``, then
    average over the ``N`` samples.) The gradient is an *average* over the
    samples, which is what lets ``sgd`` replace it by the average over a small
    random batch.

    Args:
        theta: weights, float64 array of shape ``(d,)``.
        X: inputs, float64 array of shape ``(N, d)`` (one sample per row).
        y: targets, float64 array of shape ``(N,)``.
        None of them is modified.

    Returns:
        ``(loss, grad)``: ``loss`` a Python float, ``grad`` a float64 array of
        shape ``(d,)``.

    Example:

    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, -1.0]])
    >>> loss, grad = mse_loss_and_grad(np.zeros(2), X, np.array([1.0, 2.0, 3.0, 0.0]))
    >>> loss, grad
    (3.5, array([-2. , -2.5]))
    """
    if np.ndim(X) != 2 or np.shape(theta) != (np.shape(X)[1],) or np.shape(y) != (np.shape(X)[0],):
        # a y of shape (N, 1) would broadcast X @ theta - y to (N, N): a wrong loss, and no error
        raise ValueError(f"expected theta (d,), X (N, d), y (N,); got theta {np.shape(theta)}, "
                         f"X {np.shape(X)}, y {np.shape(y)}")
    raise NotImplementedError("week1_gradient_descent: mse_loss_and_grad — see the docstring")


def minibatch_indices(n_samples, batch_size, rng):
    """The mini-batches of one epoch: a shuffled pass over all samples.

    Exactly this recipe (the graders replay it with the same generator):

    1. ``perm = rng.permutation(n_samples)`` -- one call, a fresh random order;
    2. cut ``perm`` into consecutive slices of ``batch_size``:
       ``perm[0:batch_size]``, ``perm[batch_size:2*batch_size]``, ...;
    3. keep the last slice even if it is smaller (``n_samples`` need not be a
       multiple of ``batch_size``), so every sample is used once per epoch.

    Shuffling every epoch matters: data sets are often stored in order (all of
    one class, then the next), and batches cut from a fixed order give
    gradients that are biased in a repeating pattern.

    Args:
        n_samples: number of samples ``N`` (an int).
        batch_size: samples per batch (an int >= 1).
        rng: a ``numpy.random.Generator``, the only source of randomness.

    Returns:
        A list of int arrays of indices; together they hold each of
        ``0 .. n_samples - 1`` exactly once.

    Example:

    >>> batches = minibatch_indices(10, 4, np.random.default_rng(0))
    >>> [len(b) for b in batches]
    [4, 4, 2]
    >>> sorted(np.concatenate(batches).tolist()) == list(range(10))
    True

    PyTorch's ``DataLoader(data, batch_size, shuffle=True)`` does the same
    (it keeps the smaller last batch unless ``drop_last=True``).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    raise NotImplementedError("week1_gradient_descent: minibatch_indices — see the docstring")


def sgd(grad_f_batch, theta_init, X, y, learning_rate, batch_size, epochs, rng):
    """Mini-batch stochastic gradient descent.

    For each of ``epochs`` epochs, call ``minibatch_indices(len(X), batch_size, rng)``
    once, then for each batch ``idx`` in order:

        theta <- theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])

    The gradient of one batch is a noisy but unbiased estimate of the full
    gradient (an average over all samples). The trade-off is the batch size:
    ``batch_size=1`` gives very noisy, cheap steps; ``batch_size=N`` is plain
    gradient descent (smooth but one update per pass over the data); batches of
    32-256 are the usual compromise. The noise is not only a cost: it helps
    the iterate leave saddle points and flat regions.

    Args:
        grad_f_batch: ``grad_f_batch(theta, X_batch, y_batch) -> ndarray`` of
            ``theta``'s shape, e.g. ``lambda t, Xb, yb: mse_loss_and_grad(t, Xb, yb)[1]``.
        theta_init: starting weights, float64 array of shape ``(d,)`` (copied).
        X: inputs ``(N, d)``; y: targets ``(N,)`` (float64, not modified).
        learning_rate: the step size (a float).
        batch_size: samples per batch (an int >= 1).
        epochs: number of passes over the data (an int >= 0).
        rng: a ``numpy.random.Generator``; use it only through ``minibatch_indices``.

    Returns:
        The final ``theta``, a float64 array of shape ``(d,)``.

    Example -- noiseless linear data, so SGD can recover the true weights:

    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2)); y = X @ np.array([2.0, -1.0])
    >>> grad = lambda t, Xb, yb: mse_loss_and_grad(t, Xb, yb)[1]
    >>> np.round(sgd(grad, np.zeros(2), X, y, 0.1, 20, 20, rng), 6)
    array([ 2., -1.])

    References:
        Robbins & Monro (1951). A Stochastic Approximation Method. Annals of
        Mathematical Statistics 22(3). https://doi.org/10.1214/aoms/1177729586
    """
    if batch_size < 1 or epochs < 0:
        raise ValueError(f"need batch_size >= 1 and epochs >= 0, got batch_size={batch_size}, epochs={epochs}")
    raise NotImplementedError("week1_gradient_descent: sgd — see the docstring")


def newton_method(grad_f, hess_f, theta_init, n_steps):
    """Newton's method: a step that also uses the curvature (the Hessian ``H``).

    Each step is

        theta <- theta - H(theta)^{-1} grad_f(theta)

    computed as ``np.linalg.solve(hess_f(theta), grad_f(theta))`` -- solving the
    linear system is cheaper and more accurate than forming the inverse.

    Why it is fast: near ``theta`` the loss looks like the quadratic
    ``f + g^T d + 1/2 d^T H d``, and the Newton step jumps straight to that
    quadratic's stationary point. On an exactly quadratic loss (a bowl, a
    ravine, least squares) one step lands on the minimum whatever the
    conditioning -- no learning rate, no zig-zag. Near a minimum the error
    shrinks quadratically (the number of correct digits doubles each step),
    where gradient descent shrinks it only by a constant factor.

    Why deep learning does not use it: with ``d`` parameters the Hessian has
    ``d^2`` entries and solving with it costs about ``d^3`` operations --
    hopeless for millions of weights (L-BFGS and K-FAC approximate it). And it
    seeks any point where the gradient vanishes: on the saddle ``x^2 - y^2`` a
    Newton step jumps straight *to* the saddle point, where gradient descent
    would slide away from it.

    Args:
        grad_f: ``grad_f(theta) -> ndarray`` of shape ``(d,)``.
        hess_f: ``hess_f(theta) -> ndarray`` of shape ``(d, d)`` (invertible).
        theta_init: starting point, float64 array of shape ``(d,)`` (copied).
        n_steps: number of Newton steps (an int >= 0).

    Returns:
        The final ``theta``, a float64 array of shape ``(d,)``.

    Example -- the ravine-like quadratic ``x^2 + 10 y^2`` is solved in one step:

    >>> grad = lambda t: np.array([2 * t[0], 20 * t[1]])
    >>> hess = lambda t: np.diag([2.0, 20.0])
    >>> newton_method(grad, hess, np.array([3.0, 1.0]), 1)
    array([0., 0.])

    References:
        Nocedal & Wright (2006). Numerical Optimization, 2nd ed. Springer, §3.3.
    """
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps}")
    raise NotImplementedError("week1_gradient_descent: newton_method — see the docstring")
