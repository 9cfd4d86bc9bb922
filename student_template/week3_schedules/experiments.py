"""Training runs for the notebook experiments of weeks 2 and 3 (given code, not a task).

``fit`` trains a network (``network.TwoLayerNet``) with any week-2 optimizer
and an optional learning-rate schedule, and records after every epoch what
you would watch in a real run: the training loss, the validation loss and
accuracy, the learning rate, and the wall-clock time::

    X, y = datasets.load_digits()
    data = datasets.train_val_split(X, y, 0.25, np.random.default_rng(0))
    net = network.TwoLayerNet(64, 64, 10, np.random.default_rng(1))
    history = fit(net, Adam(lr=1e-2), data, epochs=10, batch_size=32, rng=np.random.default_rng(2))
    history["val_accuracy"][-1]          # about 0.98

Each epoch is one shuffled pass over the training rows
(``rng.permutation``), cut into consecutive mini-batches of ``batch_size``
(the last one smaller); for every batch the network's ``backward`` gives the
loss and the gradients and the optimizer updates ``net.params`` in place.
Week 4 asks you to write this loop yourself (``training.train``), with
gradient clipping and a schedule.

Only NumPy and the standard library are used.
"""
from __future__ import annotations

import time

import numpy as np


def fit(net, optimizer, data, epochs, batch_size, rng, lr_schedule=None, after_epoch=None):
    """Train ``net`` with ``optimizer`` for ``epochs`` epochs; return the history of the run.

    Args:
        net: a ``network.TwoLayerNet`` (its ``params`` change in place).
        optimizer: a week-2 optimizer: a settable ``lr``, ``update(params, grads)``.
        data: ``(X_train, y_train, X_val, y_val)``, e.g. from ``datasets.train_val_split``.
        epochs: number of passes over the training rows (an int >= 0).
        batch_size: rows per update (an int >= 1).
        rng: ``numpy.random.Generator``, used only for the shuffles.
        lr_schedule: ``None`` (keep ``optimizer.lr``) or ``step -> lr``, set before
            every update; ``step`` counts updates over the whole run from 0 (there
            are ``ceil(len(X_train) / batch_size)`` per epoch).
        after_epoch: ``None`` or ``history -> None``, called after each epoch has
            been recorded; it may change ``optimizer.lr`` (``ReduceLROnPlateau``
            reads ``history["val_loss"][-1]``).

    Returns:
        a dict of lists with one entry per epoch: ``"train_loss"`` (the mean of
        the epoch's batch losses), ``"val_loss"``, ``"val_accuracy"``, ``"lr"``
        (the rate of the epoch's last update) and ``"seconds"`` (wall-clock time
        of the epoch's updates); and ``"diverged"``, ``True`` when the loss
        became ``nan`` or ``inf`` (training then stops early, so the lists are
        shorter than ``epochs``).
    """
    X_train, y_train, X_val, y_val = data
    if batch_size < 1 or epochs < 0:
        raise ValueError(f"need batch_size >= 1 and epochs >= 0, got {batch_size} and {epochs}")
    history = {"train_loss": [], "val_loss": [], "val_accuracy": [], "lr": [], "seconds": [], "diverged": False}
    n, step = len(X_train), 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):   # a diverging run is a result here
        for _ in range(epochs):
            started = time.perf_counter()
            perm = rng.permutation(n)
            batch_losses = []
            for start in range(0, n, batch_size):
                idx = perm[start:start + batch_size]
                loss, grads = net.backward(X_train[idx], y_train[idx])
                if lr_schedule is not None:
                    optimizer.lr = lr_schedule(step)
                optimizer.update(net.params, grads)
                batch_losses.append(loss)
                step += 1
            history["seconds"].append(time.perf_counter() - started)
            history["train_loss"].append(float(np.mean(batch_losses)))
            history["val_loss"].append(net.loss(X_val, y_val))
            history["val_accuracy"].append(net.accuracy(X_val, y_val))
            history["lr"].append(float(optimizer.lr))
            if not (np.isfinite(history["train_loss"][-1]) and np.isfinite(history["val_loss"][-1])):
                history["diverged"] = True
                break
            if after_epoch is not None:
                after_epoch(history)
    return history
