"""Week 4 -- gradient clipping and the size of an update.

A single bad batch, a steep cliff in the loss surface or a deep/recurrent
network can produce a gradient hundreds of times larger than usual; one step
along it throws the parameters far away and the loss spikes or becomes NaN
(exploding gradients). Clipping caps the step *before* the optimizer sees it.
It also limits how far one manipulated gradient can push a model, which makes
it a first line of defence against gradient-manipulation attacks.

* ``clip_by_value``: clip every entry to ``[-max_val, max_val]``. Simple, but
  it changes the gradient's *direction* (large entries are cut, small ones kept).
* ``clip_by_norm``: if ``||g|| > max_norm``, rescale ``g <- g * max_norm / ||g||``.
  The direction is kept, only the length is capped.
* ``clip_by_global_norm``: one norm over *all* parameter gradients together,
  ``total = sqrt(sum_k ||g_k||**2)``, and one common scale for every array.
  This is what ``torch.nn.utils.clip_grad_norm_`` does; it keeps the direction
  of the whole update (clipping each array separately would not).

Here ``||g||`` is the Euclidean (L2) norm of all entries, ``sqrt(sum(g**2))``,
whatever the array's shape. Clipping never scales a gradient *up*.

``update_ratio`` is a health check from the lessons: the size of an update
relative to the weights it changes, ``||update|| / ||param||``. Around ``1e-2``
(weights change by about 1 % per step, the lessons' rule of thumb; many
practitioners aim lower, near ``1e-3``) is healthy; much larger means the
learning rate is too high, much smaller means learning barely moves.

Conventions: inputs are never modified; every function returns new float64
arrays (even when nothing had to be clipped).
"""
from __future__ import annotations

import numpy as np


def clip_by_value(grad, max_val):
    """Clip every entry of ``grad`` to the interval ``[-max_val, max_val]``.

    Args:
        grad: a float64 array of any shape (not modified).
        max_val: a positive float.

    Returns:
        a new float64 array of the same shape.

    >>> clip_by_value(np.array([-3.0, 0.5, 2.0]), 1.0)
    array([-1. ,  0.5,  1. ])
    """
    raise NotImplementedError("week4_stability: clip_by_value — see the docstring")


def clip_by_norm(grad, max_norm):
    """Rescale ``grad`` to L2 norm ``max_norm`` if it is longer; otherwise return it unchanged.

        norm = sqrt(sum(grad**2))
        grad * max_norm / norm    if norm > max_norm
        grad                      otherwise (a copy; never scaled up)

    Args:
        grad: a float64 array of any shape (the norm covers all its entries).
        max_norm: a positive float.

    Returns:
        a new float64 array of the same shape, pointing in the same direction.

    Example: ``[3, 4]`` has norm 5; capped at 1 it becomes ``[0.6, 0.8]``.

    >>> clip_by_norm(np.array([3.0, 4.0]), 1.0)
    array([0.6, 0.8])
    >>> clip_by_norm(np.array([3.0, 4.0]), 10.0)
    array([3., 4.])
    """
    raise NotImplementedError("week4_stability: clip_by_norm — see the docstring")


def clip_by_global_norm(grads, max_norm):
    """Clip a list of gradients together, by their global L2 norm.

        total = sqrt(sum over arrays k of sum(grads[k]**2))
        scale = max_norm / total   if total > max_norm,   else 1
        clipped[k] = grads[k] * scale          (the same scale for every array)

    Args:
        grads: a list of float64 arrays (e.g. ``[dW1, db1, dW2, db2]``), not modified.
        max_norm: a positive float.

    Returns:
        ``(clipped, total)``: ``clipped`` is a new list of new arrays with the
        same shapes; ``total`` is the global norm *before* clipping, a Python
        float (log it: it is the quantity to watch for exploding gradients).
        PyTorch's ``clip_grad_norm_`` divides by ``total + 1e-6`` instead of
        ``total``; the difference is below one part in a million for norms
        above 1.

    Example: arrays ``[3]`` and ``[4]`` have global norm 5. With
    ``max_norm = 1`` both are scaled by 0.2, giving ``[0.6]`` and ``[0.8]``;
    clipping each array on its own would have given ``[1]`` and ``[1]``, a
    different direction.

    >>> clipped, total = clip_by_global_norm([np.array([3.0]), np.array([4.0])], 1.0)
    >>> clipped, total
    ([array([0.6]), array([0.8])], 5.0)
    """
    raise NotImplementedError("week4_stability: clip_by_global_norm — see the docstring")


def update_ratio(param, update):
    """Relative size of an update: ``norm(update) / norm(param)`` (L2 norms over all entries).

    For plain SGD the update is ``-lr * grad``; for any optimizer it is
    ``param_after - param_before``. Around ``1e-2`` is healthy (the lessons'
    "about 1 % of the weight magnitude"), ``1e-1`` or more means steps that are
    too large, ``1e-5`` means learning barely moves the weights.

    Args:
        param: float64 array (not modified); a zero array gives ``inf`` (or
            ``nan`` when the update is zero too).
        update: float64 array of the same shape.

    Returns:
        a Python float.

    >>> update_ratio(np.array([3.0, 4.0]), np.array([0.03, 0.04]))
    0.01
    """
    raise NotImplementedError("week4_stability: update_ratio — see the docstring")
