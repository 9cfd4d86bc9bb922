"""Two-dimensional test surfaces for optimizers (given code -- you do not edit it).

Real loss landscapes have millions of dimensions, but their difficulties show
up already in two: a *ravine* (steep across, shallow along), a *curved
valley* (Rosenbrock), a *flat plateau with sharp walls* (Beale), a *saddle
point* (a zero gradient that is not a minimum) and a *local minimum* that is
not the global one (the double well). Each surface here is an object with

``value(theta)``    the loss; ``theta`` has shape ``(2,)`` -> a float, or
                    shape ``(2, ...)`` -> an array (vectorised: pass
                    ``np.stack([X, Y])`` for a meshgrid, ``traj.T`` for a
                    trajectory of shape ``(N, 2)``);
``grad(theta)``     the gradient, same shape as ``theta`` (also vectorised);
``hessian(theta)``  the 2x2 matrix of second derivatives at one point;
``minimum``         the minimiser, a ``(2,)`` array (``None`` for the saddle);
``start``           the conventional starting point, a ``(2,)`` array;
``xlim, ylim``      a sensible plotting box;
``name``            a short name (``"rosenbrock"``).

The surfaces are ``bowl``, ``ravine``, ``rosenbrock``, ``beale``, ``saddle`` and
``double_well``;
``SURFACES`` maps each name to its object and ``get_surface(name)`` looks one up.
``start`` and ``minimum`` are read-only arrays: copy them before you update
(``np.array(s.start)``), as every function in this course does.

``run_optimizer`` runs any week-2 optimizer on a surface and returns the
trajectory; ``run_gd`` does the same for plain gradient descent (week 1).

    >>> import numpy as np
    >>> s = get_surface("rosenbrock")
    >>> round(float(s.value(s.start)), 6), s.grad(s.start)
    (24.2, array([-215.6,  -88. ]))
    >>> path = run_gd(s, s.start, learning_rate=1e-3, n_steps=100)
    >>> path.shape, bool(s.value(path[-1]) < s.value(s.start))
    ((101, 2), True)

Only NumPy and the standard library are used, so this file runs anywhere.
"""
from __future__ import annotations

import numpy as np

__all__ = ["Surface", "Bowl", "Ravine", "Rosenbrock", "Beale", "Saddle", "DoubleWell",
           "bowl", "ravine", "rosenbrock", "beale", "saddle", "double_well",
           "SURFACES", "get_surface", "run_optimizer", "run_gd"]


def _point(values) -> np.ndarray:
    arr = np.array(values, dtype=np.float64)
    arr.flags.writeable = False
    return arr


def _xy(theta):
    theta = np.asarray(theta, dtype=np.float64)
    if theta.shape[:1] != (2,):
        raise ValueError(f"theta should have shape (2,) or (2, ...), got {theta.shape} "
                         "(for a trajectory of shape (N, 2), pass its transpose traj.T)")
    return theta[0], theta[1]


class Surface:
    """A 2-D loss surface: value, gradient, Hessian, minimum, start, plot box."""

    name: str = "surface"
    minimum: np.ndarray | None = None
    start: np.ndarray = _point([0.0, 0.0])
    xlim: tuple[float, float] = (-1.0, 1.0)
    ylim: tuple[float, float] = (-1.0, 1.0)

    def value(self, theta):
        raise NotImplementedError

    def grad(self, theta):
        raise NotImplementedError

    def hessian(self, theta):
        raise NotImplementedError

    def __call__(self, theta):
        return self.value(theta)

    def grid(self, n: int = 200):
        """``(X, Y, Z)`` on an ``n x n`` meshgrid of the plotting box, for contour plots."""
        X, Y = np.meshgrid(np.linspace(*self.xlim, n), np.linspace(*self.ylim, n))
        return X, Y, self.value(np.stack([X, Y]))

    def __repr__(self) -> str:
        return f"<surface {self.name}>"


class Bowl(Surface):
    """The round bowl ``f(x, y) = x^2 + y^2`` -- the easy case.

    Gradient ``(2x, 2y)``, Hessian ``2 I``: the same curvature in every
    direction, so the negative gradient points straight at the minimum
    ``(0, 0)``. Gradient descent multiplies ``theta`` by ``1 - 2 lr`` each step:
    it converges for ``0 < lr < 1``, in one step for ``lr = 0.5``, and
    oscillates with growing amplitude for ``lr > 1``.
    """

    name = "bowl"
    minimum = _point([0.0, 0.0])
    start = _point([4.0, 3.0])
    xlim, ylim = (-5.0, 5.0), (-5.0, 5.0)

    def value(self, theta):
        x, y = _xy(theta)
        return x ** 2 + y ** 2

    def grad(self, theta):
        x, y = _xy(theta)
        return np.array([2 * x, 2 * y])

    def hessian(self, theta):
        return np.array([[2.0, 0.0], [0.0, 2.0]])


class Ravine(Surface):
    """The ravine (elongated bowl) ``f(x, y) = 0.1 x^2 + y^2``.

    Gradient ``(0.2 x, 2 y)``, Hessian ``diag(0.2, 2)``: ten times more curved
    across the valley (``y``) than along it (``x``) -- condition number 10.
    One learning rate must serve both directions. Gradient descent multiplies
    ``y`` by ``1 - 2 lr`` and ``x`` by ``1 - 0.2 lr`` per step: a rate large
    enough to move quickly along ``x`` (close to 1) makes ``y`` bounce from
    wall to wall (``1 - 2 lr < 0``), and above ``lr = 1`` it diverges; a
    rate small enough for ``y`` crawls along ``x``. Momentum (the bounces
    cancel, the drift adds up) and per-coordinate rates (RMSprop, Adam) are
    the cures. Minimum ``(0, 0)``, start ``(-5, -2)``.
    """

    name = "ravine"
    minimum = _point([0.0, 0.0])
    start = _point([-5.0, -2.0])
    xlim, ylim = (-6.0, 6.0), (-3.0, 3.0)

    def value(self, theta):
        x, y = _xy(theta)
        return 0.1 * x ** 2 + y ** 2

    def grad(self, theta):
        x, y = _xy(theta)
        return np.array([0.2 * x, 2 * y])

    def hessian(self, theta):
        return np.array([[0.2, 0.0], [0.0, 2.0]])


class Rosenbrock(Surface):
    """Rosenbrock's banana valley ``f(x, y) = (1 - x)^2 + 100 (y - x^2)^2``.

    Gradient ``(-2(1 - x) - 400 x (y - x^2),  200 (y - x^2))``. The floor of
    the valley is the parabola ``y = x^2``: finding the valley is easy, the
    walls being very steep (the factor 100), but following its curved,
    nearly flat floor to the minimum ``(1, 1)`` is hard -- the gradient points
    mostly at the wall, not along the floor, and the curvature across the
    floor is hundreds of times the curvature along it (the Hessian at the
    minimum, ``[[802, -400], [-400, 200]]``, has condition number about
    2500). Gradient descent needs a tiny learning rate to stay stable and
    then thousands of steps. Start ``(-1.2, 1)``, the classic one, on the
    far side of the banana.
    """

    name = "rosenbrock"
    minimum = _point([1.0, 1.0])
    start = _point([-1.2, 1.0])
    xlim, ylim = (-2.0, 2.0), (-1.0, 3.0)

    def value(self, theta):
        x, y = _xy(theta)
        return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2

    def grad(self, theta):
        x, y = _xy(theta)
        return np.array([-2 * (1 - x) - 400 * x * (y - x ** 2), 200 * (y - x ** 2)])

    def hessian(self, theta):
        x, y = _xy(theta)
        return np.array([[2 - 400 * (y - x ** 2) + 800 * x ** 2, -400 * x],
                         [-400 * x, 200.0]])


class Beale(Surface):
    """Beale's function ``f = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2``.

    Writing ``a_i = c_i - x + x y^i`` with ``c = (1.5, 2.25, 2.625)``, the
    gradient is ``(sum 2 a_i (y^i - 1),  sum 2 a_i i x y^(i-1))``. The
    terms in ``y^3`` make the walls at large ``|y|`` extremely steep while
    the region around the minimum ``(3, 0.5)`` is a flat, curved plateau: the
    gradient's size changes by orders of magnitude across the plot, so a
    learning rate safe on the walls is tiny on the plateau. Adaptive
    methods, which rescale each step, cope much better. Start ``(1, 1)``.
    """

    name = "beale"
    minimum = _point([3.0, 0.5])
    start = _point([1.0, 1.0])
    xlim, ylim = (-1.0, 4.5), (-1.5, 2.0)
    _c = (1.5, 2.25, 2.625)

    def value(self, theta):
        x, y = _xy(theta)
        return sum((c - x + x * y ** i) ** 2 for i, c in enumerate(self._c, start=1))

    def grad(self, theta):
        x, y = _xy(theta)
        dx = dy = 0.0
        for i, c in enumerate(self._c, start=1):
            a = c - x + x * y ** i
            dx = dx + 2 * a * (y ** i - 1)
            dy = dy + 2 * a * i * x * y ** (i - 1)
        return np.array([dx, dy])

    def hessian(self, theta):
        x, y = _xy(theta)
        hxx = hxy = hyy = 0.0
        for i, c in enumerate(self._c, start=1):
            a = c - x + x * y ** i
            ax, ay = y ** i - 1, i * x * y ** (i - 1)                # da/dx, da/dy
            axy = i * y ** (i - 1)                                    # d2a/dxdy (d2a/dx2 = 0)
            ayy = i * (i - 1) * x * y ** (i - 2) if i > 1 else 0.0    # d2a/dy2
            hxx += 2 * ax * ax
            hxy += 2 * (ax * ay + a * axy)
            hyy += 2 * (ay * ay + a * ayy)
        return np.array([[hxx, hxy], [hxy, hyy]])


class Saddle(Surface):
    """The saddle ``f(x, y) = x^2 - y^2`` -- zero gradient, but no minimum.

    Gradient ``(2x, -2y)``, Hessian ``diag(2, -2)``: curving up along ``x`` and
    down along ``y``. At ``(0, 0)`` the gradient vanishes although the point
    is not a minimum -- a small gradient does not prove you are done. The
    function is unbounded below (``minimum`` is ``None``). From the start
    ``(1, 0.001)`` gradient descent first slides towards the saddle (the ``x``
    part shrinks) and only slowly escapes along ``y``, where the tiny offset
    grows by ``1 + 2 lr`` per step; from exactly ``(1, 0)`` it would converge
    *to* the saddle point. In high dimensions most critical points are
    saddles; momentum and gradient noise help to escape them.
    """

    name = "saddle"
    minimum = None
    start = _point([1.0, 1e-3])
    xlim, ylim = (-1.5, 1.5), (-2.0, 2.0)

    def value(self, theta):
        x, y = _xy(theta)
        return x ** 2 - y ** 2

    def grad(self, theta):
        x, y = _xy(theta)
        return np.array([2 * x, -2 * y])

    def hessian(self, theta):
        return np.array([[2.0, 0.0], [0.0, -2.0]])


class DoubleWell(Surface):
    """A tilted double well ``f(x, y) = (x^2 - 1)^2 + 0.5 x + y^2`` -- a real local minimum.

    Along ``x`` there are two valleys: the deeper one near ``x = -1.06``
    (``f = -0.515``, the global minimum) and a shallower one near ``x = 0.93``
    (``f = 0.483``), separated by a ridge with a saddle point near
    ``x = 0.13``. The critical points along ``x`` solve ``4x^3 - 4x + 0.5 = 0``.
    Both minima have a zero gradient and a positive-definite Hessian
    ``diag(12 x^2 - 4, 2)``: nothing local tells them apart. Gradient descent
    from the start ``(1.5, 1)`` slides into the shallow valley and stays there;
    from ``(-0.5, 1)`` it finds the deep one. Where the walk ends depends on
    where it starts -- all that is guaranteed on a non-convex loss is a point
    with a small gradient. ``minimum`` is the global minimizer,
    ``local_minimum`` the other one.
    """

    name = "double_well"
    _x = np.sort(np.roots([4.0, 0.0, -4.0, 0.5]).real)     # the three critical points along x
    minimum = _point([_x[0], 0.0])
    local_minimum = _point([_x[2], 0.0])
    start = _point([1.5, 1.0])
    xlim, ylim = (-2.0, 2.0), (-1.5, 1.5)

    def value(self, theta):
        x, y = _xy(theta)
        return (x ** 2 - 1) ** 2 + 0.5 * x + y ** 2

    def grad(self, theta):
        x, y = _xy(theta)
        return np.array([4 * x ** 3 - 4 * x + 0.5, 2 * y])

    def hessian(self, theta):
        x, _ = _xy(theta)
        return np.array([[12 * x ** 2 - 4, 0.0], [0.0, 2.0]])


bowl = Bowl()
ravine = Ravine()
rosenbrock = Rosenbrock()
beale = Beale()
saddle = Saddle()
double_well = DoubleWell()

SURFACES: dict[str, Surface] = {s.name: s for s in (bowl, ravine, rosenbrock, beale, saddle, double_well)}


def get_surface(name: str) -> Surface:
    """The surface called ``name`` (one of ``SURFACES``)."""
    try:
        return SURFACES[name]
    except KeyError:
        raise ValueError(f"unknown surface {name!r}; choose from {', '.join(SURFACES)}") from None


def run_optimizer(optimizer, surface: Surface, start=None, n_steps: int = 100,
                  lr_schedule=None) -> np.ndarray:
    """Run a week-2 optimizer on a surface; return the trajectory.

    One array ``p`` (a copy of ``start``, default ``surface.start``) is the
    only parameter. Each step computes ``g = surface.grad(p)`` and calls
    ``optimizer.update([p], [g])``, which changes ``p`` in place. With
    ``lr_schedule`` (a function ``step -> lr``, steps counted from 0), the
    optimizer's ``lr`` is set before each step.

    Returns:
        A float64 array of shape ``(n_steps + 1, 2)``: the start, then the
        position after each step. Losses along it: ``surface.value(traj.T)``.
        A diverging run fills up with ``inf``/``nan`` instead of raising or
        printing overflow warnings (which would clutter a notebook's output).
    """
    p = np.array(surface.start if start is None else start, dtype=np.float64)
    trajectory = np.empty((n_steps + 1, 2))
    trajectory[0] = p
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for step in range(n_steps):
            if lr_schedule is not None:
                optimizer.lr = lr_schedule(step)
            optimizer.update([p], [surface.grad(p)])
            trajectory[step + 1] = p
    return trajectory


def run_gd(surface: Surface, start=None, learning_rate: float = 0.01, n_steps: int = 100) -> np.ndarray:
    """Plain gradient descent ``p <- p - lr * grad(p)`` on a surface (week 1).

    Same trajectory format as :func:`run_optimizer`: shape ``(n_steps + 1, 2)``,
    starting at ``start`` (default ``surface.start``).
    """
    p = np.array(surface.start if start is None else start, dtype=np.float64)
    trajectory = np.empty((n_steps + 1, 2))
    trajectory[0] = p
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for step in range(n_steps):
            p = p - learning_rate * surface.grad(p)
            trajectory[step + 1] = p
    return trajectory
