"""Week 4 -- weight initialization: where training starts matters.

A layer computes ``z = x @ W`` with ``W`` of shape ``(n_in, n_out)``: every
output adds up ``n_in`` products. If the weights are drawn independently of
the inputs, with mean 0 and variance ``Var(W)``, then

    Var(z) = n_in * Var(W) * E[x**2]

where ``E[x**2]`` is the *second moment* of an input (its variance when the
input has mean 0). So the signal is multiplied by about ``n_in * Var(W)`` at
every layer. Stack a few layers and a factor above 1 makes activations and
gradients *explode*, a factor below 1 makes them *vanish*: the loss then sits
still at a high value (a plateau) or blows up, however good the optimizer is.
Backpropagation runs the same argument the other way, with ``n_out`` in place
of ``n_in``. Neurons whose ReLU input is always negative get no gradient at
all ("dead neurons").

Good initializations pick ``Var(W)`` to keep that factor near 1:

* **Xavier / Glorot** (for tanh / sigmoid, which are about linear near 0):
  ``Var(W) = 2 / (n_in + n_out)``, a compromise between the forward
  (``1/n_in``) and backward (``1/n_out``) needs.
* **He / Kaiming** (for ReLU): the input of a hidden layer is
  ``h = ReLU(z_prev)``, which zeroes the negative half of a symmetric,
  zero-mean ``z_prev``, so ``E[h**2] = E[z_prev**2] / 2`` -- ReLU *halves the
  second moment* (its variance falls further, to about 0.34 ``Var(z_prev)``,
  but the second moment is what enters the formula above). He doubles
  ``Var(W)`` back: ``Var(W) = 2 / n_in`` gives ``Var(z) = Var(z_prev)``. The
  default today.

Each comes as a normal or a uniform draw with that variance. ``U(-a, a)`` has
variance ``a**2 / 3``, hence the bounds ``a = sqrt(6 / ...)`` below.

Notation: ``N(0, v)`` in this course is a normal with mean 0 and *variance*
``v``, so He is ``N(0, 2 / n_in)``, standard deviation ``sqrt(2 / n_in)``. The
lessons write ``N(0, sqrt(2 / n_in))``, giving the standard deviation: the
same draw. ``rng.normal(0.0, std, ...)`` takes the standard deviation.

=================  ===================  =============================
function           distribution         constant
=================  ===================  =============================
``xavier_uniform``  U(-a, a)            a   = sqrt(6 / (n_in + n_out))
``xavier_normal``   N(0, std**2)        std = sqrt(2 / (n_in + n_out))
``he_normal``       N(0, std**2)        std = sqrt(2 / n_in)
``he_uniform``      U(-a, a)            a   = sqrt(6 / n_in)
=================  ===================  =============================

Conventions: the result is a float64 array of shape ``(n_in, n_out)`` (rows =
inputs, the layout of ``x @ W`` in ``network.TwoLayerNet``; PyTorch stores the
transpose, ``(out, in)``). Draw with the given ``rng`` only, in one call:
``rng.uniform(-a, a, size=(n_in, n_out))`` or
``rng.normal(0.0, std, size=(n_in, n_out))``, so the same generator state
gives the same weights as the reference.

In the frameworks: ``torch.nn.init.xavier_uniform_``, ``xavier_normal_``,
``kaiming_normal_(w, nonlinearity='relu')``, ``kaiming_uniform_(w,
nonlinearity='relu')`` (fan-in read from ``w`` of shape ``(out, in)``: a NumPy
``(n_in, n_out)`` array given to them swaps the fans); Keras' ``GlorotUniform``
(the default of ``Dense``), ``GlorotNormal``, ``HeNormal``, ``HeUniform`` (its
normals are truncated at two standard deviations, drawn wider so that the
variance comes out the same). PyTorch's ``nn.Linear`` does not use He by default: its weights are
``U(-1/sqrt(n_in), 1/sqrt(n_in))``, a variance of ``1 / (3 n_in)``.

References:
    Glorot & Bengio (2010). Understanding the difficulty of training deep
    feedforward neural networks. AISTATS. https://proceedings.mlr.press/v9/glorot10a.html
    He, Zhang, Ren & Sun (2015). Delving Deep into Rectifiers: Surpassing
    Human-Level Performance on ImageNet Classification. ICCV.
    https://arxiv.org/abs/1502.01852
"""
from __future__ import annotations

import numpy as np


def xavier_uniform(n_in, n_out, rng):
    """Xavier/Glorot uniform: ``W ~ U(-a, a)`` with ``a = sqrt(6 / (n_in + n_out))``.

    Args:
        n_in: inputs of the layer (fan-in), an int >= 1.
        n_out: outputs of the layer (fan-out), an int >= 1.
        rng: a ``numpy.random.Generator``; draw with
            ``rng.uniform(-a, a, size=(n_in, n_out))``.

    Returns:
        float64 array of shape ``(n_in, n_out)``, variance ``2 / (n_in + n_out)``.

    Example: ``n_in = 4, n_out = 8`` gives ``a = sqrt(6 / 12) = 0.7071``.

    >>> W = xavier_uniform(4, 8, np.random.default_rng(0))
    >>> W.shape, bool(np.abs(W).max() <= np.sqrt(0.5))
    ((4, 8), True)
    """
    ### BEGIN SOLUTION
    a = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-a, a, size=(n_in, n_out))
    ### END SOLUTION


def xavier_normal(n_in, n_out, rng):
    """Xavier/Glorot normal: ``W ~ N(0, std**2)`` with ``std = sqrt(2 / (n_in + n_out))``.

    Args:
        n_in, n_out: fan-in and fan-out of the layer (ints >= 1).
        rng: a ``numpy.random.Generator``; draw with
            ``rng.normal(0.0, std, size=(n_in, n_out))``.

    Returns:
        float64 array of shape ``(n_in, n_out)``.

    Example: ``n_in = 300, n_out = 100`` gives ``std = sqrt(2 / 400) = 0.0707``.

    >>> W = xavier_normal(300, 100, np.random.default_rng(0))
    >>> W.shape, round(float(W.std()), 2)
    ((300, 100), 0.07)
    """
    ### BEGIN SOLUTION
    std = np.sqrt(2.0 / (n_in + n_out))
    return rng.normal(0.0, std, size=(n_in, n_out))
    ### END SOLUTION


def he_normal(n_in, n_out, rng):
    """He/Kaiming normal for ReLU layers: ``W ~ N(0, std**2)`` with ``std = sqrt(2 / n_in)``.

    Only the fan-in counts (PyTorch's ``mode='fan_in'``): it keeps the variance
    of the forward signal constant through ReLU layers.

    Args:
        n_in, n_out: fan-in and fan-out of the layer (ints >= 1).
        rng: a ``numpy.random.Generator``; draw with
            ``rng.normal(0.0, std, size=(n_in, n_out))``.

    Returns:
        float64 array of shape ``(n_in, n_out)``.

    Example: ``n_in = 200`` gives ``std = sqrt(2 / 200) = 0.1``, whatever ``n_out`` is.

    >>> W = he_normal(200, 300, np.random.default_rng(0))
    >>> W.shape, round(float(W.std()), 2)
    ((200, 300), 0.1)
    """
    ### BEGIN SOLUTION
    std = np.sqrt(2.0 / n_in)
    return rng.normal(0.0, std, size=(n_in, n_out))
    ### END SOLUTION


def he_uniform(n_in, n_out, rng):
    """He/Kaiming uniform for ReLU layers: ``W ~ U(-a, a)`` with ``a = sqrt(6 / n_in)``.

    Same variance as ``he_normal`` (``a**2 / 3 = 2 / n_in``), with bounded values.

    Args:
        n_in, n_out: fan-in and fan-out of the layer (ints >= 1).
        rng: a ``numpy.random.Generator``; draw with
            ``rng.uniform(-a, a, size=(n_in, n_out))``.

    Returns:
        float64 array of shape ``(n_in, n_out)``.

    Example: ``n_in = 6`` gives ``a = sqrt(6 / 6) = 1``: every weight lies in [-1, 1].

    >>> W = he_uniform(6, 3, np.random.default_rng(0))
    >>> W.shape, bool(np.abs(W).max() <= 1.0)
    ((6, 3), True)
    """
    ### BEGIN SOLUTION
    a = np.sqrt(6.0 / n_in)
    return rng.uniform(-a, a, size=(n_in, n_out))
    ### END SOLUTION
