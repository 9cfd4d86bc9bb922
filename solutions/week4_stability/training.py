"""Week 4 -- a training loop that puts the course together.

One epoch is one shuffled pass over the data, cut into mini-batches (as in
week 1's ``minibatch_indices``). For every batch:

1. forward and backward pass: ``loss, grads = net.backward(X[idx], y[idx])``;
2. optionally clip the gradients by their global norm (``clip_by_global_norm``);
3. optionally set the learning rate from a schedule (week 3):
   ``optimizer.lr = schedule(step)``;
4. let the optimizer (week 2) change the parameters in place:
   ``optimizer.update(net.params, grads)``.

The network is ``network.TwoLayerNet`` (given): ``net.params`` is the list
``[W1, b1, W2, b2]`` and ``net.backward(X, y)`` returns ``(loss, grads)`` with
the gradients in the same order. Any object with the same two members works.

Record the loss of each epoch and plot it: the shape of that curve is how you
diagnose training (``diagnostics.diagnose_loss_curve``).

The same loop in PyTorch, in the same order::

    optimizer.zero_grad()                                   # torch adds up gradients otherwise
    loss = loss_fn(model(X[idx]), y[idx]); loss.backward()  # 1.
    torch.nn.utils.clip_grad_norm_(model.parameters(), clip_norm)   # 2.
    optimizer.step()                                        # 4.
    scheduler.step()                                        # 3., for the next update

(``scheduler.step()`` comes *after* ``optimizer.step()``: it sets the rate of
the next update, where this loop sets the rate of the current one.)

References:
    Karpathy (2019). A Recipe for Training Neural Networks.
    https://karpathy.github.io/2019/04/25/recipe/
"""
from __future__ import annotations

import numpy as np

from clipping import clip_by_global_norm


def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):
    """Mini-batch training of ``net`` with ``optimizer``; returns the loss of each epoch.

    For each of the ``epochs`` epochs:

        perm = rng.permutation(N)                        # one call per epoch
        for each batch idx = perm[i : i + batch_size], i = 0, batch_size, ...
            loss, grads = net.backward(X[idx], y[idx])   # loss before the update
            if clip_norm is not None:
                grads, _ = clip_by_global_norm(grads, clip_norm)
            if schedule is not None:
                optimizer.lr = schedule(step)
            optimizer.update(net.params, grads)          # in place
            step += 1

    The last batch of an epoch is smaller when ``batch_size`` does not divide
    ``N``; it is kept. ``step`` counts optimizer updates over the whole run,
    from 0 (the first update uses ``schedule(0)``); it is *not* reset at each
    epoch, so a schedule written in epochs needs
    ``lambda step: f(step // batches_per_epoch)``.

    Args:
        net: a ``network.TwoLayerNet`` (its ``params`` are changed in place).
        optimizer: a week-2 optimizer: settable ``lr``, ``update(params, grads)``.
        X: inputs, float64 array (N, n_in).  y: integer labels (N,).
        epochs: number of passes over the data (int >= 0).
        batch_size: examples per update (int >= 1).
        rng: ``numpy.random.Generator``, used only for the per-epoch shuffles.
        clip_norm: ``None`` (no clipping) or the ``max_norm`` of global-norm clipping.
        schedule: ``None`` (keep ``optimizer.lr``) or a function ``step -> lr``.

    Returns:
        a list of ``epochs`` Python floats: the mean of the batch losses of
        each epoch (every batch counts once, whatever its size).

    Example: ``N = 10``, ``batch_size = 4`` gives batches of 4, 4 and 2
    examples, so 3 updates per epoch and ``schedule`` sees steps
    0, 1, 2 in the first epoch and 3, 4, 5 in the second.
    """
    if batch_size < 1 or epochs < 0:
        raise ValueError(f"need batch_size >= 1 and epochs >= 0, got batch_size={batch_size}, epochs={epochs}")
    ### BEGIN SOLUTION
    n = len(X)
    step = 0
    epoch_losses = []
    for _ in range(epochs):
        perm = rng.permutation(n)
        batch_losses = []
        for start in range(0, n, batch_size):
            idx = perm[start:start + batch_size]
            loss, grads = net.backward(X[idx], y[idx])
            if clip_norm is not None:
                grads, _ = clip_by_global_norm(grads, clip_norm)
            if schedule is not None:
                optimizer.lr = schedule(step)
            optimizer.update(net.params, grads)
            step += 1
            batch_losses.append(float(loss))
        epoch_losses.append(float(np.mean(batch_losses)))
    return epoch_losses
    ### END SOLUTION
