"""Small classification data sets (given code, not a task).

Two kinds:

* **synthetic, two-dimensional** (``two_spirals``, ``blobs``): every function takes an
  explicit ``rng`` (``numpy.random.Generator``) and returns ``X`` (N, 2) float64 with
  standardized features (each column has mean 0 and standard deviation 1, as a network
  likes its inputs) and integer labels ``y`` (N,) int64. Rows are grouped by class;
  training shuffles them.
* **real** (``load_digits``): 1,797 handwritten digits of 8 x 8 pixels, read from
  ``digits.npz`` in the same folder as this file.

    rng = np.random.default_rng(0)
    X, y = two_spirals(200, 0.05, rng)            # 400 points, 2 classes
    X, y = load_digits()                          # 1,797 images, 10 classes
    X_tr, y_tr, X_va, y_va = train_val_split(X, y, 0.25, rng)
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

DIGITS_FILE = "digits.npz"


def _standardize(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def two_spirals(n_per_class, noise, rng, turns=1.5):
    """Two interleaved spirals: class 0 and class 1 (the same spiral turned by 180 degrees).

    Points sit at angle ``a = turns * 2 pi * sqrt(u)``, u ~ U(0, 1) (the square
    root spreads them evenly along the arm), radius ``a / (turns * 2 pi)`` in
    [0, 1]; then Gaussian noise of standard deviation ``noise`` is added to
    each coordinate (0.05 is mild, 0.2 blurs the arms together) and the
    features are standardized. Not linearly separable: a linear classifier
    (logistic regression) gets only 60-70 % of the points right (0.695 on
    ``two_spirals(200, 0.05, np.random.default_rng(0))``), well above the 50 %
    of guessing but far from the 100 % a two-layer ReLU network can reach.
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


def load_digits(path=None):
    """The UCI optical-recognition handwritten digits: 1,797 images of 8 x 8 pixels, 10 classes.

    Each image is a digit 0-9 written by one of 13 people, scanned, and reduced
    to 8 x 8 blocks whose value counts the inked pixels of a 4 x 4 block
    (0 .. 16). The images are flattened row by row and scaled to [0, 1]:

        X[n] = image[n].reshape(64) / 16        y[n] = the digit shown

    Returns:
        ``(X, y)``: ``X`` float64 of shape (1797, 64), ``y`` int64 of shape
        (1797,), rows in the data set's order (about 180 per class, mixed).
        Shuffle and hold out a validation set with ``train_val_split``.

    A two-layer network (``network.TwoLayerNet(64, 64, 10, rng)``) reaches about
    95 % validation accuracy in a few seconds of NumPy: large enough to show real
    differences between optimizers and schedules, small enough to train dozens
    of times in a notebook. Guessing gives 10 % (a loss of ln 10 = 2.303).

    Args:
        path: the ``.npz`` file; default ``digits.npz`` beside this module.

    Source: the test set of E. Alpaydin and C. Kaynak (1998), Optical
    Recognition of Handwritten Digits, UCI Machine Learning Repository,
    https://doi.org/10.24432/C50P49, licensed CC BY 4.0, as copied by
    scikit-learn (``sklearn/datasets/data/digits.csv.gz``). How the file was
    made and checked: docs/course-content.md.
    """
    path = Path(__file__).with_name(DIGITS_FILE) if path is None else Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: {DIGITS_FILE} ships with the week's folder, beside "
                                "datasets.py; copy it back from the released week")
    with np.load(path) as data:
        images, labels = data["images"], data["labels"]
    return images.reshape(len(images), -1).astype(np.float64) / 16.0, labels.astype(np.int64)
