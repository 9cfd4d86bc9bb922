"""A small two-layer classifier written with NumPy only (given code, not a task).

    X (N, n_in) --W1, b1--> z1 (N, n_hidden) --ReLU--> h --W2, b2--> logits (N, n_out) --softmax--> probs

The loss is the mean softmax cross-entropy over the batch for integer labels
``y`` (shape ``(N,)``, values ``0 .. n_out-1``):

    loss = -mean_i log probs[i, y[i]]

A network that knows nothing predicts every class with probability
``1 / n_out``, a loss of ``ln(n_out)`` (2.303 for 10 classes): the first
sanity check of any classifier (week 4).

How the pieces fit together (weeks 2 and 3 train it on ``datasets.load_digits()``
with ``experiments.fit``; week 4's ``train`` is your own loop)::

    net = TwoLayerNet(64, 64, 10, rng)          # He initialization by default
    loss, grads = net.backward(X, y)            # grads in the same order as net.params
    optimizer.update(net.params, grads)         # any week-2 optimizer, in place

``net.params`` is the list ``[W1, b1, W2, b2]``: W1 (n_in, n_hidden),
b1 (n_hidden,), W2 (n_hidden, n_out), b2 (n_out,), all float64. They are the
very arrays the network computes with, so an optimizer that updates them in
place trains the network. Never replace them with new arrays.

In PyTorch this is ``nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(),
nn.Linear(n_hidden, n_out))`` with ``nn.CrossEntropyLoss()`` (which takes the
logits and applies the softmax itself). Two differences to know: ``nn.Linear``
stores its weight as ``(out, in)``, the transpose of ``W1`` here, and its
default initialization is not He's: ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))``, a
variance of ``1 / (3 fan_in)``, one sixth of He's ``2 / fan_in``.
"""
from __future__ import annotations

import numpy as np


class TwoLayerNet:
    """ReLU hidden layer, softmax cross-entropy output.

    Args:
        n_in, n_hidden, n_out: layer sizes (n_out = number of classes).
        rng: ``numpy.random.Generator``, the only source of randomness.
        init: how to draw W1 and W2 (biases start at zero); ``N(0, v)`` means
            mean 0 and *variance* ``v`` (standard deviation ``sqrt(v)``):
            ``"he"``     N(0, 2 / fan_in)              (default, made for ReLU)
            ``"xavier"`` N(0, 2 / (fan_in + fan_out))
            a float s    N(0, s**2): standard deviation s, e.g. 0.01 (too small: signals and gradients vanish)
            a callable   ``init(fan_in, fan_out, rng) -> array (fan_in, fan_out)``,
                         e.g. your ``initializers.he_uniform``.
    """

    def __init__(self, n_in, n_hidden, n_out, rng, init="he"):
        def draw(fan_in, fan_out):
            if callable(init):
                w = init(fan_in, fan_out, rng)
            elif init == "he":
                w = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
            elif init == "xavier":
                w = rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_in, fan_out))
            elif isinstance(init, (int, float)) and not isinstance(init, bool):
                w = rng.normal(0.0, float(init), size=(fan_in, fan_out))
            else:
                raise ValueError(f"unknown init {init!r}: use 'he', 'xavier', a std (float) or a callable")
            w = np.array(w, dtype=np.float64)
            if w.shape != (fan_in, fan_out):
                raise ValueError(f"init returned shape {w.shape}, expected {(fan_in, fan_out)}")
            return w

        W1 = draw(n_in, n_hidden)
        W2 = draw(n_hidden, n_out)
        self.params = [W1, np.zeros(n_hidden), W2, np.zeros(n_out)]
        self.grads = None  # the gradients of the last backward() call

    def _forward(self, X):
        W1, b1, W2, b2 = self.params
        z1 = X @ W1 + b1
        h = np.maximum(z1, 0.0)
        logits = h @ W2 + b2
        logits = logits - logits.max(axis=1, keepdims=True)   # softmax is shift-invariant; avoids overflow
        log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return z1, h, log_probs

    def forward(self, X):
        """Class probabilities, shape (N, n_out); each row sums to 1."""
        return np.exp(self._forward(np.asarray(X, dtype=np.float64))[2])

    def predict(self, X):
        """Predicted class of each row of X, shape (N,), int64."""
        return np.argmax(self.forward(X), axis=1)

    def loss(self, X, y):
        """Mean cross-entropy on (X, y), a Python float."""
        log_probs = self._forward(np.asarray(X, dtype=np.float64))[2]
        y = np.asarray(y)
        return float(-log_probs[np.arange(len(y)), y].mean())

    def backward(self, X, y):
        """Loss and gradients on the batch (X, y): ``(loss, [dW1, db1, dW2, db2])``.

        The gradients are of the mean loss, in the order of ``params``, with the
        same shapes. The parameters are not changed. Chain rule, output first:
            dlogits = (probs - onehot(y)) / N
            dW2 = h.T @ dlogits,   db2 = sum of dlogits over the batch
            dh  = dlogits @ W2.T,  dz1 = dh * (z1 > 0)        (ReLU passes gradient where it was active)
            dW1 = X.T @ dz1,       db1 = sum of dz1 over the batch
        """
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y)
        W1, b1, W2, b2 = self.params
        z1, h, log_probs = self._forward(X)
        n = len(y)
        rows = np.arange(n)
        loss = float(-log_probs[rows, y].mean())

        dlogits = np.exp(log_probs)
        dlogits[rows, y] -= 1.0
        dlogits /= n
        dW2 = h.T @ dlogits
        db2 = dlogits.sum(axis=0)
        dz1 = (dlogits @ W2.T) * (z1 > 0)
        dW1 = X.T @ dz1
        db1 = dz1.sum(axis=0)
        self.grads = [dW1, db1, dW2, db2]
        return loss, self.grads

    def accuracy(self, X, y):
        """Fraction of rows of X whose predicted class equals y, a Python float in [0, 1]."""
        return float(np.mean(self.predict(X) == np.asarray(y)))
