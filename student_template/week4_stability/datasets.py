"""Small classification data sets for week 4 (given code, not a task).

Every function takes an explicit ``rng`` (``numpy.random.Generator``) and
returns ``X`` (N, 2) float64 with standardized features (each column has mean 0
and standard deviation 1, as a network likes its inputs) and integer labels
``y`` (N,) int64. Rows are grouped by class; training shuffles them.

    rng = np.random.default_rng(0)
    X, y = two_spirals(200, 0.05, rng)            # 400 points, 2 classes
    X_tr, y_tr, X_va, y_va = train_val_split(X, y, 0.25, rng)
"""
from __future__ import annotations

import numpy as np


def _standardize(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def two_spirals(n_per_class, noise, rng, turns=1.5):
    """Two interleaved spirals: class 0 and class 1 (the same spiral turned by 180 degrees).

    Points sit at angle ``a = turns * 2 pi * sqrt(u)``, u ~ U(0, 1) (the square
    root spreads them evenly along the arm), radius ``a / (turns * 2 pi)`` in
    [0, 1]; then Gaussian noise of standard deviation ``noise`` is added to
    each coordinate (0.05 is mild, 0.2 blurs the arms together) and the
    features are standardized. Not linearly separable: a linear model stays
    near 50 % accuracy, a two-layer ReLU network can reach 100 %.
    """
    angle = turns * 2.0 * np.pi * np.sqrt(rng.uniform(0.0, 1.0, size=n_per_class))
    radius = angle / (turns * 2.0 * np.pi)
    arm = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    X = np.concatenate([arm, -arm]) + rng.normal(0.0, noise, size=(2 * n_per_class, 2))
    y = np.repeat(np.arange(2, dtype=np.int64), n_per_class)
    return _standardize(X), y


def blobs(n_per_class, n_classes, std, rng):
    """Gaussian clouds of standard deviation ``std`` around centers evenly spaced on a circle of radius 3.

    An easy problem (linearly separable when ``std`` is small) for checking a
    training loop before trying the spirals.
    """
    angles = 2.0 * np.pi * np.arange(n_classes) / n_classes
    centers = 3.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    y = np.repeat(np.arange(n_classes, dtype=np.int64), n_per_class)
    X = centers[y] + rng.normal(0.0, std, size=(n_classes * n_per_class, 2))
    return _standardize(X), y


def train_val_split(X, y, val_fraction, rng):
    """Shuffle with ``rng.permutation`` and hold out ``round(val_fraction * N)`` rows.

    Returns ``(X_train, y_train, X_val, y_val)`` (new arrays, inputs untouched).
    A validation set is what reveals overfitting: the training loss can keep
    falling while the validation loss turns up.
    """
    perm = rng.permutation(len(y))
    n_val = int(round(val_fraction * len(y)))
    val, tr = perm[:n_val], perm[n_val:]
    return X[tr], y[tr], X[val], y[val]
