"""Properties of the week-2 reference optimizers, on generated parameter lists (any number of arrays, any
shapes, 0-d and empty included), gradients and learning rates that change between steps. Hypothesis shrinks a
failure to the smallest case it can find.

* special cases: momentum 0 is SGD (heavy-ball and Nesterov), AdamW with weight decay 0 is Adam;
* Adam is invariant to the scale of the gradients up to eps: gradients times c with eps times c take the
  very same steps (Kingma & Ba 2015, section 2.1);
* under a constant gradient each method's state sums in closed form (momentum's geometric velocity,
  AdaGrad's k g^2, RMSprop's (1 - d^k) g^2, Adam's exact bias correction);
* the adaptive methods' steps are bounded (AdaGrad by lr, RMSprop by lr / sqrt(1 - decay), Adam by the
  bound derived at ``adam_bound``), whatever the gradients;
* the interface: ``update`` works in place and returns None, never modifies or keeps the gradients,
  treats every parameter on its own and every coordinate on its own, and its first step goes against
  the gradient.

The torch agreement of the same optimizers on fixed problems is in ``test_torch_oracle_week1_2.py``.
Run time: about 22 s (100 examples a property; pytest --durations, CI set, 2 cores shared at load ~6).
"""
from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from solution_modules import SOLUTIONS, load

opt = load("optimizers", SOLUTIONS / "week2_optimizers" / "optimizers.py")

ULP = 2.0 ** -52                                  # float64's relative spacing at 1.0
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
VALUES = st.floats(-1e3, 1e3)                     # parameters and gradients: finite, of any sign and size below
# No subnormal or tiny gradient: scaling such a number by a power of two, or squaring it, is not exact.
GRADS = VALUES.map(lambda x: x if abs(x) >= 1e-100 else 0.0)
LRS = st.floats(1e-4, 1.0)
EPS = st.floats(1e-10, 1e-2)
BETA1, BETA2 = st.floats(0.0, 0.99), st.floats(0.5, 0.9999)

# the hyperparameters each optimizer is built with (lr is set before every step)
HYPERPARAMETERS = {
    "SGD": {},
    "SGDMomentum": {"momentum": st.floats(0.0, 0.99)},
    "Nesterov": {"momentum": st.floats(0.0, 0.99)},
    "AdaGrad": {"eps": EPS},
    "RMSprop": {"decay": st.floats(0.5, 0.999), "eps": EPS},
    "Adam": {"beta1": BETA1, "beta2": BETA2, "eps": EPS},
    "AdamW": {"beta1": BETA1, "beta2": BETA2, "eps": EPS, "weight_decay": st.floats(0.0, 0.5)},
}


def optimizers(names=tuple(HYPERPARAMETERS)):
    """(class name, hyperparameters)."""
    return st.sampled_from(names).flatmap(
        lambda name: st.fixed_dictionaries(HYPERPARAMETERS[name]).map(lambda kw: (name, kw)))


@st.composite
def problems(draw, steps=st.integers(1, 6), lrs=LRS, shapes=SHAPES, grads=GRADS):
    """(starting parameters, gradients of each step, lr of each step): 1-4 arrays of any shapes."""
    shapes = draw(st.lists(shapes, min_size=1, max_size=4))
    params = [draw(hnp.arrays(np.float64, s, elements=VALUES)) for s in shapes]
    n = draw(steps)
    grads = [[draw(hnp.arrays(np.float64, s, elements=grads)) for s in shapes] for _ in range(n)]
    return params, grads, draw(st.lists(lrs, min_size=n, max_size=n))


def run(name, kw, params0, grads, lrs, feed=None):
    """The parameters after the last step, from copies of ``params0``, checking the interface at every step:
    ``update`` returns None, the list keeps the caller's arrays, the gradients stay as they were, bit for
    bit. ``feed(g)``: the arrays ``update`` is given for the gradients ``g`` (default: ``g`` itself)."""
    optimizer = getattr(opt, name)(**kw)
    params = [p.copy() for p in params0]
    arrays = list(params)
    for lr, g in zip(lrs, grads):
        given = g if feed is None else feed(g)
        before = [x.tobytes() for x in given]
        optimizer.lr = lr
        assert optimizer.update(params, given) is None
        assert len(params) == len(arrays) and all(p is a for p, a in zip(params, arrays))
        assert [x.tobytes() for x in given] == before
    return params


def assert_same(got, want):
    assert len(got) == len(want)
    for a, b in zip(got, want):
        assert a.shape == b.shape
        np.testing.assert_array_equal(a, b)      # (equal values: 0.0 and -0.0 may differ in sign)


# --------------------------------------------------------------------------- special cases

@given(problems())
def test_momentum_zero_is_sgd(problem):
    """v = 0 * v + g = g exactly, and Nesterov's look-ahead adds 0 * v: the same steps as SGD, bit for bit."""
    params0, grads, lrs = problem
    sgd = run("SGD", {}, params0, grads, lrs)
    assert_same(run("SGDMomentum", {"momentum": 0.0}, params0, grads, lrs), sgd)
    assert_same(run("Nesterov", {"momentum": 0.0}, params0, grads, lrs), sgd)


@given(st.fixed_dictionaries({"beta1": BETA1, "beta2": BETA2, "eps": EPS}), problems())
def test_adamw_without_weight_decay_is_adam(kw, problem):
    params0, grads, lrs = problem
    assert_same(run("AdamW", {**kw, "weight_decay": 0.0}, params0, grads, lrs), run("Adam", kw, params0, grads, lrs))


def scaled(grads, c):
    return [[c * g for g in step] for step in grads]


@given(st.fixed_dictionaries({"beta1": BETA1, "beta2": BETA2, "eps": EPS}), st.integers(-30, 30), problems())
def test_adam_is_invariant_to_a_power_of_two_gradient_scale_up_to_eps(kw, power, problem):
    """m scales by c, sqrt(v) by c: Adam with eps on g steps exactly as with c * eps on c * g. A power of two
    scales every intermediate value exactly, so the two runs agree bit for bit."""
    params0, grads, lrs = problem
    c = 2.0 ** power
    assert_same(run("Adam", {**kw, "eps": c * kw["eps"]}, params0, scaled(grads, c), lrs),
                run("Adam", kw, params0, grads, lrs))


@given(st.fixed_dictionaries({"beta1": BETA1, "beta2": BETA2, "eps": EPS}), st.floats(1e-3, 1e3), problems())
def test_adam_is_invariant_to_any_gradient_scale_up_to_eps(kw, c, problem):
    params0, grads, lrs = problem
    want = run("Adam", kw, params0, grads, lrs)
    got = run("Adam", {**kw, "eps": c * kw["eps"]}, params0, scaled(grads, c), lrs)
    # c * g rounds, and so does every later operation on it: each step is the same to ~10 ulps, a few
    # steps of size <= ~10 * lr, and every p - step rounds at |p| <= 1e3 -> 1e-12 of sum(lr) and of |p|
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12 * sum(lrs))


# --------------------------------------------------------------------------- a constant gradient

def geometric(mu: float, k: int) -> float:
    """1 + mu + ... + mu^(k-1): a velocity after k steps of the same gradient, in units of that gradient."""
    return sum(mu ** j for j in range(k))


# The k-th step (k = 1, 2, ...) under the same gradient g at every step, as lr * g * factor(|g|):
# the state each method keeps, summed in closed form.
CONSTANT_GRADIENT_STEPS = {
    "SGD": lambda kw, k, a: 1.0,
    "SGDMomentum": lambda kw, k, a: geometric(kw["momentum"], k),                    # v_k = g (1 + mu + ...)
    "Nesterov": lambda kw, k, a: 1 + kw["momentum"] * geometric(kw["momentum"], k),  # g + mu v_k
    "AdaGrad": lambda kw, k, a: 1 / (np.sqrt(k) * a + kw["eps"]),                   # G_k = k g^2
    "RMSprop": lambda kw, k, a: 1 / (np.sqrt(1 - kw["decay"] ** k) * a + kw["eps"]),  # s_k = (1 - d^k) g^2
    # the bias corrections are exact for a constant gradient: m_hat = g and v_hat = g^2 at every step
    "Adam": lambda kw, k, a: 1 / (a + kw["eps"]),
    "AdamW": lambda kw, k, a: 1 / (a + kw["eps"]),
}


# at least two steps, and every gradient of a size that shows: a state that is lost, reset or mixed up
# changes the second step by a factor, far above the tolerance
@given(optimizers(), problems(steps=st.integers(2, 12), shapes=hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
                              grads=st.floats(1e-3, 1e3).flatmap(lambda x: st.sampled_from([x, -x]))))
def test_under_a_constant_gradient_the_state_sums_in_closed_form(optimizer, problem):
    name, kw = optimizer
    params0, grads, lrs = problem
    g = grads[0]
    o = getattr(opt, name)(**kw)
    params = [p.copy() for p in params0]
    for k, lr in enumerate(lrs, start=1):
        before = [p - lr * kw["weight_decay"] * p if name == "AdamW" else p.copy() for p in params]
        o.lr = lr
        o.update(params, g)
        for start, p, x in zip(before, params, g):
            want = lr * x * CONSTANT_GRADIENT_STEPS[name](kw, k, np.abs(x))
            # the state is summed step by step, the closed form all at once: 1 - d^k with d up to 0.9999
            # loses up to 4 digits to cancellation, so 1e-9 of the step; p - step rounds at 4 ulps of |p|
            assert np.all(np.abs((start - p) - want) <= 1e-9 * np.abs(want) + 4 * ULP * np.abs(start)), f"step {k}"


# --------------------------------------------------------------------------- bounded steps

def adam_bound(beta1: float, beta2: float, t: int) -> float:
    """The largest |m_hat / sqrt(v_hat)| at step t, for any gradients (so |step| <= lr * this; eps only
    makes it smaller).

    m_t = (1-b1) sum_i b1^(t-i) g_i and v_t = (1-b2) sum_i b2^(t-i) g_i^2. Writing b1^k g = (b1^k / b2^(k/2))
    (b2^(k/2) g), Cauchy-Schwarz gives |sum_i b1^(t-i) g_i| <= sqrt(sum_{k<t} (b1^2/b2)^k) sqrt(v_t / (1-b2)),
    and the bias corrections divide m by 1 - b1^t and v by 1 - b2^t. Equality holds for gradients growing as
    (b1/b2)^(t-i), so the bound is tight. At t = 1 it is 1 (the first step is lr * g / (|g| + eps)).
    """
    gamma = beta1 ** 2 / beta2
    return ((1 - beta1) / (1 - beta1 ** t) * np.sqrt((1 - beta2 ** t) / (1 - beta2))
            * np.sqrt(sum(gamma ** k for k in range(t))))


BOUNDS = {
    # G_t >= g_t^2: |g_t| / sqrt(G_t) <= 1
    "AdaGrad": lambda kw, t: 1.0,
    # s_t >= (1 - decay) g_t^2: |g_t| / sqrt(s_t) <= 1 / sqrt(1 - decay)
    "RMSprop": lambda kw, t: 1.0 / np.sqrt(1 - kw["decay"]),
    "Adam": lambda kw, t: adam_bound(kw["beta1"], kw["beta2"], t),
    "AdamW": lambda kw, t: adam_bound(kw["beta1"], kw["beta2"], t),
}


@given(optimizers(tuple(BOUNDS)), problems(steps=st.integers(1, 12)))
def test_adaptive_steps_are_bounded_whatever_the_gradients(optimizer, problem):
    name, kw = optimizer
    params0, grads, lrs = problem
    o = getattr(opt, name)(**kw)
    params = [p.copy() for p in params0]
    for t, (lr, g) in enumerate(zip(lrs, grads), start=1):
        before = [p - lr * kw["weight_decay"] * p if name == "AdamW" else p.copy() for p in params]
        o.lr = lr
        o.update(params, g)
        limit = lr * BOUNDS[name](kw, t)
        for start, p in zip(before, params):
            # the moments, roots and divisions round (1e-12 relative is ~ 5,000 ulps: a generous margin),
            # and so does p - step (4 ulps of |p|)
            assert np.all(np.abs(p - start) <= limit * (1 + 1e-12) + 4 * ULP * np.abs(start)), f"step {t}"


# --------------------------------------------------------------------------- the interface

@given(optimizers(), problems())
def test_update_keeps_the_callers_arrays_and_never_modifies_the_gradients(optimizer, problem):
    """(``run`` checks the interface at every step; every test here goes through it.)"""
    name, kw = optimizer
    run(name, kw, *problem)


@given(optimizers(), problems(steps=st.just(1), lrs=st.floats(1e-3, 1.0)))
def test_the_first_step_moves_every_coordinate_against_its_gradient(optimizer, problem):
    """From zero state every method's first step is -lr * (a positive factor) * g in each coordinate (AdamW's
    after its decay), of size at least lr * min(|g|, |g| / (|g| + eps)): 1e-6 or more for lr, |g| >= 1e-3
    and eps <= 1e-2, far above the rounding of |p| <= 1e3 (1e-13), so the caller's arrays must show it."""
    name, kw = optimizer
    params0, (grads,), (lr,) = problem
    params = run(name, kw, params0, [grads], [lr])
    for p0, p, g in zip(params0, params, grads):
        start = p0 - lr * kw["weight_decay"] * p0 if name == "AdamW" else p0
        large = np.abs(g) >= 1e-3
        assert np.array_equal(np.sign(p - start)[large], -np.sign(g)[large])


@given(optimizers(), problems())
def test_state_never_holds_on_to_the_callers_gradient_arrays(optimizer, problem):
    """A training loop may write each step's gradients into the same arrays: the steps must not change."""
    name, kw = optimizer
    params0, grads, lrs = problem
    buffers = [np.empty_like(g) for g in grads[0]]

    def into_buffers(g):
        for b, x in zip(buffers, g):
            b[...] = x
        return buffers
    assert_same(run(name, kw, params0, grads, lrs, feed=into_buffers), run(name, kw, params0, grads, lrs))


@given(optimizers(), problems())
def test_each_parameter_is_updated_as_if_it_were_alone(optimizer, problem):
    """State by position, one step count per call (not per parameter): a list is its arrays, one by one."""
    name, kw = optimizer
    params0, grads, lrs = problem
    together = run(name, kw, params0, grads, lrs)
    for i, p0 in enumerate(params0):
        assert_same(run(name, kw, [p0], [[step[i]] for step in grads], lrs), [together[i]])


@given(optimizers(), problems())
def test_the_update_is_elementwise_whatever_the_shapes(optimizer, problem):
    """Every formula acts on each coordinate on its own: flattening the arrays changes no value."""
    name, kw = optimizer
    params0, grads, lrs = problem
    flat = run(name, kw, [p.reshape(-1) for p in params0], [[g.reshape(-1) for g in step] for step in grads], lrs)
    assert_same([f.reshape(p.shape) for f, p in zip(flat, params0)], run(name, kw, params0, grads, lrs))
