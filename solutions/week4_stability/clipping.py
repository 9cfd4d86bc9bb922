"""Week 4 -- gradient clipping and the size of an update.

A single bad batch, a steep cliff in the loss surface or a deep/recurrent
network can produce a gradient hundreds of times larger than usual; one step
along it throws the parameters far away and the loss spikes or becomes NaN
(exploding gradients). Clipping caps the step *before* the optimizer sees it.

It also bounds how far one manipulated gradient can move a model in one step,
but only the step's *length*, not its direction: an attacker who keeps sending
gradients of the allowed size still steers the model, only more slowly.
Clipping slows an attack down; the defence against workers that send
manipulated gradients is robust aggregation (combining the workers'
gradients with a coordinate-wise median or Krum instead of their mean),
together with monitoring (``diagnostics.gradient_anomalies``).

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

``update_ratio`` is a health check: the size of an update relative to the
weights it changes, ``||update|| / ||param||``. Between about ``1e-3`` and
``1e-2`` per step is healthy -- the lessons' rule of thumb is 1 % of the
weights' size (``1e-2``), CS231n's notes suggest around ``1e-3``; ``1e-1`` or
more means the learning rate is too high, ``1e-5`` or less that learning
barely moves the weights.

Conventions: inputs are never modified; every function returns new float64
arrays (even when nothing had to be clipped). A threshold that is not positive
raises a ``ValueError`` (a negative one would flip the gradient's sign).

In the frameworks: ``torch.nn.utils.clip_grad_value_`` and
``clip_grad_norm_(params, max_norm)`` (global; it returns the norm before
clipping); Keras optimizers take ``clipvalue=``, ``clipnorm=`` -- which clips
*each variable's* gradient on its own, like ``clip_by_norm`` on every array --
and ``global_clipnorm=``, the global one. In PyTorch, clip between
``loss.backward()`` and ``optimizer.step()``.

References:
    Pascanu, Mikolov & Bengio (2013). On the difficulty of training recurrent
    neural networks. ICML. https://arxiv.org/abs/1211.5063
    Blanchard, El Mhamdi, Guerraoui & Stainer (2017). Machine Learning with
    Adversaries: Byzantine Tolerant Gradient Descent. NeurIPS.
    https://arxiv.org/abs/1703.02757 (Krum)
    Yin, Chen, Ramchandran & Bartlett (2018). Byzantine-Robust Distributed
    Learning: Towards Optimal Statistical Rates. ICML.
    https://arxiv.org/abs/1803.01498 (coordinate-wise median)
    Karpathy et al., CS231n notes: Neural Networks Part 3 (ratio of updates to
    weights). https://cs231n.github.io/neural-networks-3/
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
    if not max_val > 0:
        raise ValueError(f"max_val must be > 0, got {max_val}")
    ### BEGIN SOLUTION
    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)
    ### END SOLUTION


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
    if not max_norm > 0:
        raise ValueError(f"max_norm must be > 0, got {max_norm}")
    ### BEGIN SOLUTION
    grad = np.array(grad, dtype=np.float64)  # a copy
    norm = np.sqrt(np.sum(grad ** 2))
    if norm > max_norm:
        grad = grad * (max_norm / norm)
    return grad
    ### END SOLUTION


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

    References:
        Pascanu, Mikolov & Bengio (2013). On the difficulty of training
        recurrent neural networks. ICML. https://arxiv.org/abs/1211.5063
    """
    if not max_norm > 0:
        raise ValueError(f"max_norm must be > 0, got {max_norm}")
    ### BEGIN SOLUTION
    grads = [np.asarray(g, dtype=np.float64) for g in grads]
    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    scale = max_norm / total if total > max_norm else 1.0
    return [g * scale for g in grads], total
    ### END SOLUTION


def update_ratio(param, update):
    """Relative size of an update: ``norm(update) / norm(param)`` (L2 norms over all entries).

    For plain SGD the update is ``-lr * grad``; for any optimizer it is
    ``param_after - param_before``. Between about ``1e-3`` (CS231n's notes)
    and ``1e-2`` (the lessons' "about 1 % of the weight magnitude") is
    healthy, ``1e-1`` or more means steps that are too large, ``1e-5`` means
    learning barely moves the weights.

    Args:
        param: float64 array (not modified); a zero array gives ``inf`` (or
            ``nan`` when the update is zero too).
        update: float64 array of the same shape.

    Returns:
        a Python float.

    >>> update_ratio(np.array([3.0, 4.0]), np.array([0.03, 0.04]))
    0.01
    """
    if np.shape(param) != np.shape(update):
        raise ValueError(f"param and update must have the same shape, got {np.shape(param)} and "
                         f"{np.shape(update)}")
    ### BEGIN SOLUTION
    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))
    ### END SOLUTION
