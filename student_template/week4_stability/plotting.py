"""Small plotting helpers for the course notebooks (given code -- you do not edit it).

Each function draws one kind of figure on a Matplotlib ``Axes`` and returns
it, so they compose::

    import matplotlib.pyplot as plt
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    plot_contour_trajectories(surfaces.ravine, {"GD": path_gd, "momentum": path_m}, ax=left)
    plot_loss_curves({"GD": losses_gd, "momentum": losses_m}, ax=right)

Without ``ax`` a new figure is made. NumPy and Matplotlib are imported inside
the functions, so importing this module never fails, even where Matplotlib
is not installed (the autograder does not plot).
"""
from __future__ import annotations


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    return plt.subplots(figsize=(6, 4.5))[1]


def plot_contour_trajectories(surface, trajectories, ax=None, levels=30, n=200):
    """Contours of a 2-D surface with optimizer paths drawn on top.

    Args:
        surface: an object from ``surfaces`` (needs ``value``, ``xlim``,
            ``ylim``; ``minimum``, ``name`` are used when present).
        trajectories: ``{label: array of shape (N, 2)}``, e.g. from
            ``surfaces.run_optimizer``; each is drawn as a line with small
            markers and its start as a circle.
        ax: the Axes to draw on (default: a new figure).
        levels: number of contour levels. Surfaces whose values span many
            orders of magnitude (Rosenbrock, Beale) get logarithmically
            spaced levels, otherwise the flat floor would show no contours.
        n: grid resolution per axis.

    The view stays on the surface's plotting box, so a diverging path simply
    leaves the picture. Returns the Axes.
    """
    import numpy as np
    ax = _axes(ax)
    X, Y = np.meshgrid(np.linspace(*surface.xlim, n), np.linspace(*surface.ylim, n))
    Z = surface.value(np.stack([X, Y]))
    zmin, zmax = float(Z.min()), float(Z.max())
    if zmin >= 0 and np.median(Z) < zmax / 10:        # most of the box is "low": log levels
        lv = np.geomspace(max(zmin, zmax * 1e-6), zmax, levels)
    else:
        lv = np.linspace(zmin, zmax, levels)
    ax.contour(X, Y, Z, levels=lv, cmap="viridis", linewidths=0.8, alpha=0.7)
    for label, path in trajectories.items():
        path = np.asarray(path, dtype=np.float64)
        (line,) = ax.plot(path[:, 0], path[:, 1], ".-", markersize=3, linewidth=1.2, label=label)
        ax.plot(path[0, 0], path[0, 1], "o", color=line.get_color(), markersize=6)
    minimum = getattr(surface, "minimum", None)
    if minimum is not None:
        ax.plot(minimum[0], minimum[1], "k*", markersize=12, label="minimum")
    ax.set_xlim(*surface.xlim)
    ax.set_ylim(*surface.ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(getattr(surface, "name", ""))
    if trajectories or minimum is not None:
        ax.legend(loc="best", fontsize="small")
    return ax


def plot_loss_curves(curves, ax=None, log=True, xlabel="step", ylabel="loss"):
    """Loss (or any metric) against step, one line per entry of ``curves``.

    Args:
        curves: ``{label: sequence of numbers}`` (lists, arrays, ``history``
            from ``gradient_descent``).
        ax: the Axes to draw on (default: a new figure).
        log: a logarithmic y axis -- the usual choice, since losses fall over
            orders of magnitude and a straight line on it means a constant
            rate of convergence. Curves with zero or negative values (the
            saddle) keep a linear axis.
        xlabel, ylabel: axis labels.

    Non-finite values (a diverged run) are simply not drawn. Returns the Axes.
    """
    import numpy as np
    ax = _axes(ax)
    lowest = np.inf
    for label, values in curves.items():
        values = np.asarray(values, dtype=np.float64)
        ax.plot(np.arange(len(values)), values, label=label)
        finite = values[np.isfinite(values)]
        if finite.size:
            lowest = min(lowest, float(finite.min()))
    if log and lowest > 0:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if curves:
        ax.legend(loc="best", fontsize="small")
    ax.grid(True, alpha=0.3)
    return ax


def plot_schedule(schedule, n_steps=None, ax=None, label=None, log=False, xlabel="step"):
    """A learning-rate schedule: ``lr`` against step (or epoch).

    Args:
        schedule: either a function ``step -> lr`` (then ``n_steps`` is
            required and steps ``0 .. n_steps - 1`` are drawn) or a sequence
            of learning rates, one per step.
        n_steps: number of steps to evaluate a function schedule at.
        ax: the Axes to draw on (default: a new figure).
        label: legend label; call again with the same ``ax`` to compare schedules.
        log: a logarithmic y axis (useful for exponential decay, LR range tests).
        xlabel: label of the x axis ("step" or "epoch").

    Returns the Axes.
    """
    import numpy as np
    ax = _axes(ax)
    if callable(schedule):
        if n_steps is None:
            raise ValueError("plot_schedule: give n_steps when the schedule is a function")
        values = np.array([schedule(step) for step in range(n_steps)], dtype=np.float64)
    else:
        values = np.asarray(schedule, dtype=np.float64)
    ax.plot(np.arange(len(values)), values, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("learning rate")
    if label is not None:
        ax.legend(loc="best", fontsize="small")
    ax.grid(True, alpha=0.3)
    return ax


def plot_histogram_vs_density(samples, density_fn, ax=None, bins=50, label="samples"):
    """A normalised histogram of ``samples`` with a density curve on top.

    Use it to check that random numbers follow the distribution you meant,
    e.g. Xavier-uniform weights against the flat density on ``[-a, a]`` or
    He-normal weights against a Gaussian with ``std = sqrt(2 / n_in)``.

    Args:
        samples: any array of numbers (flattened).
        density_fn: a vectorised function ``x -> density`` (it must accept
            an array).
        ax: the Axes to draw on (default: a new figure).
        bins: number of histogram bins.
        label: legend label of the histogram.

    The histogram uses ``density=True`` (area 1), so the two should match.
    Returns the Axes.
    """
    import numpy as np
    ax = _axes(ax)
    samples = np.asarray(samples, dtype=np.float64).ravel()
    ax.hist(samples, bins=bins, density=True, alpha=0.5, label=label)
    lo, hi = float(samples.min()), float(samples.max())
    pad = 0.1 * (hi - lo) if hi > lo else 1.0
    x = np.linspace(lo - pad, hi + pad, 400)
    ax.plot(x, density_fn(x), "k-", linewidth=1.5, label="density")
    ax.set_xlabel("value")
    ax.set_ylabel("density")
    ax.legend(loc="best", fontsize="small")
    return ax
