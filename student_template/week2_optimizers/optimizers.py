"""Week 2 -- the optimizers of deep learning, written from scratch in NumPy.

Plain gradient descent has one fixed step size for every parameter and no
memory. Two ideas fix its main failures:

* **Momentum** (SGD with momentum, Nesterov) remembers past gradients. In a
  ravine -- steep across, shallow along -- the gradient flips sign across the
  valley (those parts of the velocity cancel) but keeps pointing along it
  (that part builds up), so the zig-zag is damped and progress speeds up.
* **Adaptive learning rates** (AdaGrad, RMSprop) divide each coordinate's step
  by the root of a running average of its squared gradients: coordinates with
  large gradients get smaller steps, coordinates with small gradients larger
  ones.
* **Adam** combines both and corrects the bias of averages that start at zero;
  **AdamW** adds weight decay that is *decoupled* from the gradient.

Every optimizer here has the same interface:

    opt = Adam(lr=1e-3)              # hyperparameters are public attributes
    opt.lr = 1e-4                    # a schedule may change lr between steps
    opt.update(params, grads)        # one step; returns None

* ``params`` is a list of float64 arrays (any shapes), ``grads`` a list of
  arrays of the same shapes, in the same order.
* ``update`` changes each array of ``params`` **in place** (``p -= ...`` or
  ``p[...] = ...``; rebinding the name with ``p = p - ...`` would leave the
  caller's array untouched) and returns ``None``. It never modifies ``grads``.
* State (velocities, running averages) is kept per parameter, by position in
  the list, and created on the first call (the shapes are not known before).
* The step counter ``t`` (Adam, AdamW) is 0 before the first call and becomes
  1 at the start of the first call, before it is used.
* ``lr`` is read at every call, so changing ``opt.lr`` between steps takes
  effect at the next step.
* A hyperparameter outside its range (a negative ``lr``, ``momentum`` or a
  ``beta`` of 1 or more, a negative ``eps`` or ``weight_decay``) raises a
  ``ValueError`` when the optimizer is built, as ``torch.optim`` does.

PyTorch and Keras ship all of these; the docstrings below say where their
defaults and conventions differ from the course's (the notebook's bridge table
lists them side by side).

References:
    Polyak (1964). Some methods of speeding up the convergence of iteration
    methods. USSR Computational Mathematics and Mathematical Physics 4(5).
    https://doi.org/10.1016/0041-5553(64)90137-5
    Nesterov (1983). A method for solving the convex programming problem with
    convergence rate O(1/k^2). Soviet Mathematics Doklady 27(2).
    Duchi, Hazan & Singer (2011). Adaptive Subgradient Methods for Online
    Learning and Stochastic Optimization. JMLR 12. https://jmlr.org/papers/v12/duchi11a.html
    Tieleman & Hinton (2012). Lecture 6.5 -- rmsprop. Coursera: Neural Networks
    for Machine Learning. http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf
    Kingma & Ba (2015). Adam: A Method for Stochastic Optimization. ICLR.
    https://arxiv.org/abs/1412.6980
    Loshchilov & Hutter (2019). Decoupled Weight Decay Regularization. ICLR.
    https://arxiv.org/abs/1711.05101
"""
from __future__ import annotations

import numpy as np

# where each hyperparameter makes sense: low <= value, and value < high when high is not None
_RANGES = {"lr": (0.0, None), "momentum": (0.0, 1.0), "decay": (0.0, 1.0), "beta1": (0.0, 1.0),
           "beta2": (0.0, 1.0), "eps": (0.0, None), "weight_decay": (0.0, None)}


def _check_hyperparameters(**values):
    """Raise ValueError for a value outside its range in ``_RANGES`` (e.g. momentum=1 never forgets)."""
    for name, value in values.items():
        low, high = _RANGES[name]
        if not (low <= value and (high is None or value < high)):
            allowed = f">= {low}" if high is None else f"in [{low}, {high})"
            raise ValueError(f"{name} must be {allowed}, got {value!r}")


class SGD:
    """Plain stochastic gradient descent: ``p -= lr * g``.

    No state: every step depends only on the current gradient. In a ravine it
    must use a learning rate small enough for the steep direction, and so
    crawls along the shallow one.

    Args:
        lr: learning rate (default 0.01).
    """

    def __init__(self, lr=0.01):
        self.lr = lr
        _check_hyperparameters(lr=lr)

    def update(self, params, grads):
        """One step, in place, for each parameter ``p`` and its gradient ``g``:

            p <- p - lr * g

        Args:
            params: list of float64 arrays, updated in place.
            grads: list of float64 arrays, same shapes; not modified.

        Returns:
            None.

        >>> opt = SGD(lr=0.1)
        >>> p = np.array([1.0, -2.0])
        >>> opt.update([p], [np.array([0.5, 0.5])])
        >>> p
        array([ 0.95, -2.05])
        """
        raise NotImplementedError("week2_optimizers: SGD.update — see the docstring")


class SGDMomentum:
    """SGD with (heavy-ball) momentum -- a ball that builds up speed.

    The velocity ``v`` is a decaying sum of past gradients
    (``v_t = g_t + mu g_{t-1} + mu^2 g_{t-2} + ...``). Where gradients agree
    it grows to about ``g / (1 - mu)`` -- ten times the gradient for
    ``mu = 0.9``; where they alternate in sign (across a ravine) they cancel.
    ``momentum = 0`` is plain SGD; 0.9 is the standard choice; 0.99 is more
    aggressive and can overshoot.

    Args:
        lr: learning rate (default 0.01).
        momentum: the decay ``mu`` of the velocity (default 0.9), ``0 <= mu < 1``.

    State: ``velocities``, a list with one array per parameter (``None``
    until the first ``update``).

    References:
        Polyak (1964). Some methods of speeding up the convergence of iteration
        methods. https://doi.org/10.1016/0041-5553(64)90137-5
    """

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.velocities = None
        _check_hyperparameters(lr=lr, momentum=momentum)

    def update(self, params, grads):
        """One step, in place. For each parameter ``p``, gradient ``g`` and its
        velocity ``v`` (zeros before the first step):

            v <- momentum * v + g
            p <- p - lr * v

        This is PyTorch's ``SGD(momentum=...)`` form. Some lessons -- and
        Keras' ``SGD(momentum=...)`` -- write ``v <- momentum * v - lr * g;
        p <- p + v``, which folds ``lr`` into the velocity; the two agree while
        ``lr`` is constant and part ways once a schedule changes it (the old
        velocity keeps the old ``lr``). Both are accepted.

        Args:
            params: list of float64 arrays, updated in place.
            grads: list of float64 arrays, same shapes; not modified.

        Returns:
            None.

        >>> opt = SGDMomentum(lr=0.1, momentum=0.9)
        >>> p = np.array([0.0])
        >>> for _ in range(2):
        ...     opt.update([p], [np.array([1.0])])
        >>> p     # steps of 0.1 * 1, then 0.1 * (0.9 + 1)
        array([-0.29])
        """
        raise NotImplementedError("week2_optimizers: SGDMomentum.update — see the docstring")


class Nesterov:
    """Nesterov accelerated gradient: momentum that looks ahead.

    Heavy-ball momentum measures the gradient where it *is*, then adds the
    velocity. Nesterov measures it where the velocity is about to carry it,
    ``theta - lr * mu * v``, so it can brake before overshooting:

        v <- mu * v + grad L(theta - lr * mu * v);   theta <- theta - lr * v

    That needs the gradient at a second point. Rewriting the method in terms
    of the look-ahead point itself (it is what we store as ``p``) gives an
    equivalent update that uses only the gradient ``g`` at ``p``:

        v <- mu * v + g;   p <- p - lr * (g + mu * v)

    That is the form used here (and by ``torch.optim.SGD(nesterov=True)``;
    Keras' ``SGD(nesterov=True)`` is the same method with ``lr`` folded into
    the velocity). On a ravine it overshoots the floor less than heavy-ball
    momentum with the same ``lr`` and ``mu``: the look-ahead gradient already
    points back when the velocity is about to carry it past.

    Args:
        lr: learning rate (default 0.01).
        momentum: the decay ``mu`` of the velocity (default 0.9), ``0 <= mu < 1``.

    State: ``velocities``, one array per parameter (``None`` until the first
    ``update``).

    References:
        Nesterov (1983). A method for solving the convex programming problem
        with convergence rate O(1/k^2). Soviet Mathematics Doklady 27(2).
        Sutskever, Martens, Dahl & Hinton (2013). On the importance of
        initialization and momentum in deep learning. ICML.
        https://proceedings.mlr.press/v28/sutskever13.html
    """

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.velocities = None
        _check_hyperparameters(lr=lr, momentum=momentum)

    def update(self, params, grads):
        """One step, in place. For each ``p``, ``g`` and velocity ``v`` (zeros
        before the first step):

            v <- momentum * v + g
            p <- p - lr * (g + momentum * v)      # uses the *new* v

        Args:
            params: list of float64 arrays, updated in place.
            grads: list of float64 arrays, same shapes; not modified.

        Returns:
            None.

        >>> opt = Nesterov(lr=0.1, momentum=0.9)
        >>> p = np.array([0.0])
        >>> opt.update([p], [np.array([1.0])])
        >>> p     # 0.1 * (1 + 0.9 * 1)
        array([-0.19])
        """
        raise NotImplementedError("week2_optimizers: Nesterov.update — see the docstring")


class AdaGrad:
    """AdaGrad: a learning rate per coordinate, from the sum of squared gradients.

    ``G`` accumulates ``g**2`` for every coordinate over all steps. A
    coordinate that has seen large gradients gets a small effective rate
    ``lr / sqrt(G)``; one that has seen small or rare gradients (a sparse
    feature) keeps a large one. The catch: ``G`` only grows, so every
    effective rate shrinks towards zero and learning eventually stalls --
    the problem RMSprop fixes. Under a constant gradient ``g``, ``G = t g**2``
    after ``t`` steps and the step is ``lr / sqrt(t)``: ten times smaller at
    ``t = 100`` than at ``t = 1``.

    Args:
        lr: learning rate (default 0.01).
        eps: small constant that keeps the division finite while ``G`` is 0
            (default 1e-10, as in PyTorch; Keras uses 1e-7 inside the root and
            starts ``G`` at 0.1, its ``initial_accumulator_value``).

    State: ``G``, one array per parameter (``None`` until the first ``update``).

    References:
        Duchi, Hazan & Singer (2011). Adaptive Subgradient Methods for Online
        Learning and Stochastic Optimization. JMLR 12.
        https://jmlr.org/papers/v12/duchi11a.html
    """

    def __init__(self, lr=0.01, eps=1e-10):
        self.lr = lr
        self.eps = eps
        self.G = None
        _check_hyperparameters(lr=lr, eps=eps)

    def update(self, params, grads):
        """One step, in place. For each ``p``, ``g`` and accumulator ``G``
        (zeros before the first step):

            G <- G + g**2
            p <- p - lr * g / (sqrt(G) + eps)

        ``eps`` is added *outside* the square root (as in PyTorch). Some
        lessons write ``sqrt(G + eps)``; that form is also accepted.

        Args:
            params: list of float64 arrays, updated in place.
            grads: list of float64 arrays, same shapes; not modified.

        Returns:
            None.

        >>> opt = AdaGrad(lr=0.1)
        >>> p = np.array([0.0, 0.0])
        >>> opt.update([p], [np.array([100.0, 0.01])])
        >>> np.round(p, 6)   # the first step is about lr in every coordinate
        array([-0.1, -0.1])
        """
        raise NotImplementedError("week2_optimizers: AdaGrad.update — see the docstring")


class RMSprop:
    """RMSprop: AdaGrad with a forgetting factor.

    Instead of summing all squared gradients, keep an exponential moving
    average ``s`` of them (the "cache"); it remembers roughly the last
    ``1 / (1 - decay)`` steps (10 for ``decay = 0.9``). The effective rate
    ``lr / sqrt(s)`` therefore adapts to the *recent* gradient scale and does
    not decay to zero. In a ravine this evens out the step lengths of the
    steep and the shallow direction.

    Two consequences of the normalized step ``g / sqrt(s)``:

    * the first step is ``lr / sqrt(1 - decay)``, about 3.16 ``lr`` for
      ``decay = 0.9``, whatever ``g`` is: ``s`` starts at 0 and, unlike Adam,
      RMSprop does not correct that bias;
    * near a minimum the gradient shrinks but so does ``sqrt(s)``: the step
      stays close to ``lr`` and the iterate bounces around the minimum
      instead of settling. A learning rate that decays (week 3) ends it.

    Args:
        lr: learning rate (default 0.01).
        decay: the decay rate of the average (default 0.9, as in the lessons
            and Keras' ``rho``; PyTorch calls it ``alpha`` and defaults to 0.99).
        eps: small constant that keeps the division finite (default 1e-8).

    State: ``s``, one array per parameter (``None`` until the first ``update``).

    References:
        Tieleman & Hinton (2012). Lecture 6.5 -- rmsprop: Divide the gradient by
        a running average of its recent magnitude. Coursera: Neural Networks for
        Machine Learning. http://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf
    """

    def __init__(self, lr=0.01, decay=0.9, eps=1e-8):
        self.lr = lr
        self.decay = decay
        self.eps = eps
        self.s = None
        _check_hyperparameters(lr=lr, decay=decay, eps=eps)

    def update(self, params, grads):
        """One step, in place. For each ``p``, ``g`` and average ``s`` (zeros
        before the first step):

            s <- decay * s + (1 - decay) * g**2
            p <- p - lr * g / (sqrt(s) + eps)

        ``eps`` is added *outside* the square root (PyTorch). Some lessons write
        ``sqrt(s + eps)`` (Keras does, with ``eps = 1e-7``); that form is also
        accepted.

        Args:
            params: list of float64 arrays, updated in place.
            grads: list of float64 arrays, same shapes; not modified.

        Returns:
            None.

        >>> opt = RMSprop(lr=0.01, decay=0.9)
        >>> p = np.array([0.0])
        >>> opt.update([p], [np.array([2.0])])
        >>> np.round(p, 6)    # s = 0.1 * 4, step = 0.01 * 2 / sqrt(0.4)
        array([-0.031623])
        """
        raise NotImplementedError("week2_optimizers: RMSprop.update — see the docstring")


class Adam:
    """Adam (adaptive moment estimation): momentum + RMSprop + bias correction.

    Two moving averages per coordinate: ``m`` of the gradients (the first
    moment, the momentum part) and ``v`` of the squared gradients (the second
    moment, the RMSprop part). The step is ``m / sqrt(v)`` -- a direction
    whose size is about ``lr`` per coordinate whatever the scale of the
    gradient.

    Both averages start at zero, so early on they are biased towards zero:
    after one step ``m = (1 - beta1) g``, a tenth of the gradient. Dividing by
    ``1 - beta**t`` removes that bias exactly for a constant gradient (at
    ``t = 1``, ``m_hat = g`` and ``v_hat = g**2``). Without the correction the
    steps are badly scaled for a long time: with the default betas ``m`` and
    ``v`` shrink by different factors, and for a constant gradient the step is
    ``(1 - beta1**t) / sqrt(1 - beta2**t)`` times too large -- 3.2 at
    ``t = 1`` (``0.1 / sqrt(0.001)``), a peak of 6.6 around ``t = 12``, still
    3.2 at ``t = 100`` and 2.0 at ``t = 300``.

    Args:
        lr: learning rate (default 0.001).
        beta1: decay of the first moment (default 0.9), ``0 <= beta1 < 1``.
        beta2: decay of the second moment (default 0.999), ``0 <= beta2 < 1``.
        eps: small constant that keeps the division finite (default 1e-8).

    State: ``m`` and ``v`` (one array per parameter, ``None`` until the first
    ``update``) and the step counter ``t`` (0 until the first ``update``).

    .. warning:: Keras' ``Adam`` differs in where ``eps`` goes, not only in
       its default (1e-7): it adds its "epsilon hat" to ``sqrt(v)`` *before*
       the bias correction, ``p -= lr * sqrt(1 - beta2**t) / (1 - beta1**t) *
       m / (sqrt(v) + eps_hat)``. That equals the form here with
       ``eps = eps_hat / sqrt(1 - beta2**t)``, 32 times ``eps_hat`` at ``t = 1``;
       the two agree only once ``t`` is large or the gradients are far above
       ``eps``. PyTorch matches the form here.

    References:
        Kingma & Ba (2015). Adam: A Method for Stochastic Optimization. ICLR.
        https://arxiv.org/abs/1412.6980
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.m = None
        self.v = None
        self.t = 0
        _check_hyperparameters(lr=lr, beta1=beta1, beta2=beta2, eps=eps)

    def update(self, params, grads):
        """One step, in place. First ``t <- t + 1`` (so ``t = 1`` on the first
        call, once per call, not once per parameter), then for each ``p``, ``g``
        and moments ``m``, ``v`` (zeros before the first step):

            m <- beta1 * m + (1 - beta1) * g
            v <- beta2 * v + (1 - beta2) * g**2
            m_hat = m / (1 - beta1**t)
            v_hat = v / (1 - beta2**t)
            p <- p - lr * m_hat / (sqrt(v_hat) + eps)

        ``eps`` is added *outside* the square root, after the bias correction
        (the paper and PyTorch). The form ``sqrt(v_hat + eps)`` is also
        accepted.

        Args:
            params: list of float64 arrays, updated in place.
            grads: list of float64 arrays, same shapes; not modified.

        Returns:
            None.

        >>> opt = Adam(lr=0.1)
        >>> p = np.array([0.0, 0.0])
        >>> opt.update([p], [np.array([1e-3, -100.0])])
        >>> opt.t, np.round(p, 4)     # first step: about lr * sign(g)
        (1, array([-0.1,  0.1]))
        """
        raise NotImplementedError("week2_optimizers: Adam.update — see the docstring")


class AdamW(Adam):
    """AdamW: Adam with decoupled weight decay.

    Weight decay pulls every weight towards zero. The classic way to get it is
    an L2 penalty ``(wd/2) |p|^2`` in the loss, i.e. ``g + wd * p`` as the
    gradient. Inside Adam that penalty gradient is then divided by
    ``sqrt(v_hat)`` like everything else, so weights with large gradients are
    hardly decayed at all. AdamW instead shrinks the weights directly, outside
    the adaptive step, by the same fraction ``lr * wd`` for every weight. It
    is the usual optimizer for transformers.

    The decay is a pull towards 0 that is not part of the loss. Where the
    minimum of the loss is far from 0 (Rosenbrock's is at (1, 1)) AdamW stops
    short of it, where the pull balances Adam's shrinking steps; with
    ``weight_decay = 0`` it is exactly Adam.

    Args:
        lr, beta1, beta2, eps: as for :class:`Adam`.
        weight_decay: the decay ``wd`` (default 0.01, as PyTorch's ``AdamW``;
            Keras' ``AdamW`` defaults to 0.004), ``>= 0``.

    State: as for :class:`Adam` (``m``, ``v``, ``t``).

    .. warning:: ``torch.optim.Adam(weight_decay=...)`` is *not* AdamW: it adds
       ``wd * p`` to the gradient (the L2 penalty). Use ``torch.optim.AdamW``.

    References:
        Loshchilov & Hutter (2019). Decoupled Weight Decay Regularization.
        ICLR. https://arxiv.org/abs/1711.05101
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps)
        self.weight_decay = weight_decay
        _check_hyperparameters(weight_decay=weight_decay)

    def update(self, params, grads):
        """One step, in place, in this order:

        1. decay every parameter: ``p <- p - lr * weight_decay * p``;
        2. then exactly the :class:`Adam` step, with the *unmodified* gradient
           ``g`` (``weight_decay * p`` is never added to ``g``), which also
           increments ``t``.

        (PyTorch writes step 1 as ``p *= 1 - lr * weight_decay``, the same thing.)
        Calling ``super().update(params, grads)`` for step 2 is fine.

        Args:
            params: list of float64 arrays, updated in place.
            grads: list of float64 arrays, same shapes; not modified.

        Returns:
            None.

        >>> opt = AdamW(lr=0.1, weight_decay=0.5)
        >>> p = np.array([2.0])
        >>> opt.update([p], [np.array([0.0])])   # no gradient: only the decay acts
        >>> p                                     # 2 - 0.1 * 0.5 * 2
        array([1.9])
        """
        raise NotImplementedError("week2_optimizers: AdamW.update — see the docstring")
