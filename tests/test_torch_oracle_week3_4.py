"""PyTorch 2.13 (CPU, float64) as the outside oracle for the week 3 and week 4 reference solutions.

The reference modules are checked against independent implementations of the
same conventions in ``torch.optim.lr_scheduler``, ``torch.nn.utils`` and
``torch.nn.init``; where the course deliberately differs from torch (cosine
annealing after ``T``, the ``1e-6`` in ``clip_grad_norm_``, torch's ``(out, in)``
weight layout) the test says so and checks the difference on its own. A few
"wrong variant" tests show that the comparisons are sharp enough to reject
the mistakes students actually make.

Also here: the given network's backward pass against numerical differences and
torch autograd, and the week 4 ``train`` loop reaching >= 90 % accuracy on the
two spirals in well under two seconds.

The modules are loaded from their files (``solution_modules.load``), without touching
``sys.path`` (``training.py`` sees the reference ``clipping`` only while it is
imported), so they cannot clash with other copies of the same names.
"""
from __future__ import annotations

import math
import time

import numpy as np
import pytest

from solution_modules import SOLUTIONS, load

torch = pytest.importorskip("torch")

network = load("network", SOLUTIONS / "common" / "network.py")
datasets = load("datasets", SOLUTIONS / "common" / "datasets.py")
schedules = load("schedules", SOLUTIONS / "week3_schedules" / "schedules.py")
initializers = load("initializers", SOLUTIONS / "week4_stability" / "initializers.py")
clipping = load("clipping", SOLUTIONS / "week4_stability" / "clipping.py")
diagnostics = load("diagnostics", SOLUTIONS / "week4_stability" / "diagnostics.py")
training = load("training", SOLUTIONS / "week4_stability" / "training.py", needs={"clipping": clipping})

F64 = torch.float64


def _torch_optimizer(lr):
    """A throw-away torch optimizer holding one float64 parameter, for driving schedulers."""
    return torch.optim.SGD([torch.zeros(1, dtype=F64, requires_grad=True)], lr=lr)


def _lr(opt):
    return float(opt.param_groups[0]["lr"])


# --------------------------------------------------------------------------- week 3: schedules

@pytest.mark.parametrize("initial_lr, drop, epochs_drop", [(0.1, 0.5, 10), (0.3, 0.1, 7), (1.0, 0.9, 1)])
def test_step_decay_matches_torch_steplr(initial_lr, drop, epochs_drop):
    opt = _torch_optimizer(initial_lr)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=epochs_drop, gamma=drop)
    for epoch in range(60):
        # torch multiplies by gamma once per drop, the course raises drop to a power:
        # the two differ by a few ulps after up to 60 multiplications -> rtol 1e-12.
        assert schedules.step_decay(epoch, initial_lr, drop, epochs_drop) == pytest.approx(_lr(opt), rel=1e-12, abs=0)
        opt.step()
        sched.step()


@pytest.mark.parametrize("initial_lr, k", [(0.1, 0.05), (1.0, 0.3), (0.01, 0.0)])
def test_exponential_decay_matches_torch_exponentiallr(initial_lr, k):
    opt = _torch_optimizer(initial_lr)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=math.exp(-k))
    for epoch in range(60):
        # torch: lr *= exp(-k) each epoch (60 roundings); course: exp(-k * epoch) -> rtol 1e-12.
        got = schedules.exponential_decay(epoch, initial_lr, k)
        assert isinstance(got, float)
        assert got == pytest.approx(_lr(opt), rel=1e-12, abs=0)
        opt.step()
        sched.step()


@pytest.mark.parametrize("T, lr_max, lr_min", [(100, 0.1, 0.0), (37, 1.0, 1e-3), (1, 0.5, 0.1)])
def test_cosine_annealing_matches_torch_closed_form_up_to_T(T, lr_max, lr_min):
    opt = _torch_optimizer(lr_max)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T, eta_min=lr_min)
    for t in range(T + 1):
        sched.last_epoch = t
        want = sched._get_closed_form_lr()[0]
        # the same formula evaluated in the same order: only ulp-level differences -> 1e-12
        assert schedules.cosine_annealing(t, T, lr_max, lr_min) == pytest.approx(want, rel=1e-12, abs=1e-15)


def test_cosine_annealing_clamps_after_T_where_torch_is_periodic():
    """The course holds lr_min after T; torch's cosine keeps going and climbs back to lr_max at 2T."""
    T, lr_max, lr_min = 20, 0.1, 0.001
    opt = _torch_optimizer(lr_max)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T, eta_min=lr_min)
    for t in (T + 1, int(1.5 * T), 2 * T, 3 * T + 5):
        assert schedules.cosine_annealing(t, T, lr_max, lr_min) == lr_min
    sched.last_epoch = 2 * T
    assert sched._get_closed_form_lr()[0] == pytest.approx(lr_max)  # torch: periodic, back at the top
    sched.last_epoch = int(1.5 * T)
    assert sched._get_closed_form_lr()[0] > 10 * lr_min               # so a "periodic" submission is wrong here


ONE_CYCLE_CASES = [
    (100, 1.0, 0.3, 25.0, 1e4),
    (100, 0.1, 0.25, 10.0, 100.0),
    (37, 0.5, 0.3, 25.0, 1e4),      # pct_start * total_steps = 11.1: the peak falls between steps
    (37, 2.0, 0.5, 5.0, 1e3),
    (37, 0.01, 0.1, 25.0, 1e4),     # phase 1 ends at step 2.7
]


@pytest.mark.parametrize("total_steps, max_lr, pct_start, div_factor, final_div_factor", ONE_CYCLE_CASES)
def test_one_cycle_matches_torch_onecyclelr(total_steps, max_lr, pct_start, div_factor, final_div_factor):
    opt = _torch_optimizer(max_lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=max_lr, total_steps=total_steps, pct_start=pct_start, anneal_strategy="cos",
        div_factor=div_factor, final_div_factor=final_div_factor, three_phase=False, cycle_momentum=False)
    for step in range(total_steps):
        got = schedules.one_cycle(step, total_steps, max_lr, pct_start, div_factor, final_div_factor)
        # identical formula and operation order -> agreement to rounding, 1e-12 relative
        assert got == pytest.approx(_lr(opt), rel=1e-12, abs=0), f"step {step}"
        if step < total_steps - 1:
            opt.step()
            sched.step()
    initial = max_lr / div_factor
    assert schedules.one_cycle(0, total_steps, max_lr, pct_start, div_factor, final_div_factor) == pytest.approx(initial, rel=1e-12)
    assert schedules.one_cycle(total_steps - 1, total_steps, max_lr, pct_start, div_factor,
                               final_div_factor) == pytest.approx(initial / final_div_factor, rel=1e-12)


def test_one_cycle_without_the_minus_one_is_rejected():
    """Wrong variant: phase 1 ending at pct_start * total_steps (no -1) moves the peak one step late."""
    total, max_lr, pct = 100, 1.0, 0.3
    initial, final = max_lr / 25.0, max_lr / 25.0 / 1e4

    def wrong(step):
        e1, e2 = pct * total, total - 1
        if step <= e1:
            a, b, p = initial, max_lr, step / e1
        else:
            a, b, p = max_lr, final, (step - e1) / (e2 - e1)
        return b + (a - b) / 2 * (1 + math.cos(math.pi * p))

    gap = max(abs(wrong(s) - schedules.one_cycle(s, total, max_lr, pct)) for s in range(total))
    assert gap > 1e-3, gap  # measured 0.030: ten orders of magnitude above the 1e-12 tolerance


def _plateau_sequences():
    rng = np.random.default_rng(2024)
    walk = 1.0 + np.cumsum(rng.normal(0.0, 0.05, 80))                      # noisy, no trend
    falling = 2.0 * np.exp(-np.arange(80) / 15) + rng.normal(0, 0.01, 80)  # improving, then noise
    flat = [1.0] * 40                                                      # exact plateau
    tiny = [1.0 * (1 - 5e-5) ** i for i in range(40)]                      # improvements below threshold 1e-4
    just = [1.0 * (1 - 2e-4) ** i for i in range(40)]                      # improvements above threshold
    mixed = [3.0, 2.0, 2.0, 2.0, 1.99999, 2.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.4999, 1.0] * 3
    return {"walk": walk.tolist(), "falling": falling.tolist(), "flat": flat, "tiny": tiny,
            "just": just, "mixed": mixed}


PLATEAU_CONFIGS = [
    dict(lr=0.1, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0),
    dict(lr=0.1, factor=0.1, patience=0, threshold=1e-4, min_lr=1e-4),   # min_lr is hit
    dict(lr=1.0, factor=0.5, patience=2, threshold=1e-2, min_lr=0.2),
    dict(lr=3e-8, factor=0.5, patience=1, threshold=1e-4, min_lr=0.0),   # cuts of < eps = 1e-8 are skipped
]


@pytest.mark.parametrize("config", PLATEAU_CONFIGS, ids=lambda c: f"f{c['factor']}-p{c['patience']}-min{c['min_lr']}-lr{c['lr']}")
@pytest.mark.parametrize("name", list(_plateau_sequences()))
def test_reduce_on_plateau_matches_torch(config, name):
    metrics = _plateau_sequences()[name]
    opt = _torch_optimizer(config["lr"])
    ref = torch.optim.lr_scheduler.ReduceLROnPlateau(
        opt, mode="min", factor=config["factor"], patience=config["patience"], threshold=config["threshold"],
        threshold_mode="rel", cooldown=0, min_lr=config["min_lr"], eps=1e-8)
    ours = schedules.ReduceLROnPlateau(**config)
    for i, metric in enumerate(metrics):
        got = ours.step(metric)
        ref.step(metric)
        # the same decisions on the same floats: exact equality
        assert isinstance(got, float)
        assert got == _lr(opt), f"epoch {i}: {got} vs torch {_lr(opt)}"
        assert ours.num_bad_epochs == ref.num_bad_epochs and ours.best == ref.best, f"epoch {i}"


def test_reduce_on_plateau_eps_rule():
    """0.5 * 1.5e-8 would be a cut of 7.5e-9 < eps: torch keeps the rate, and so does the course."""
    ours = schedules.ReduceLROnPlateau(lr=1.5e-8, factor=0.5, patience=0)
    assert [ours.step(1.0), ours.step(1.0), ours.step(1.0)] == [1.5e-8] * 3
    assert ours.num_bad_epochs == 0  # the counter is reset even though the cut was skipped


# --------------------------------------------------------------------------- week 3: LR finder

def test_lr_range_test_schedule_and_stopping():
    calls = []

    def loss_after_step(lr):
        calls.append(lr)
        return 1.0 if len(calls) < 6 else 4.5          # 4.5 > 4 * 1.0: stop after recording it

    lrs, losses = schedules.lr_range_test(loss_after_step, 1e-5, 10.0, 50)
    want = 1e-5 * (10.0 / 1e-5) ** (np.arange(50) / 49)
    assert lrs.dtype == np.float64 and losses.dtype == np.float64
    assert len(lrs) == len(losses) == 6 == len(calls)
    assert np.allclose(lrs, want[:6], rtol=1e-14, atol=0)  # the same power, one rounding apart at most
    assert losses[-1] == 4.5

    full = schedules.lr_range_test(lambda lr: 1.0, 1e-4, 1.0, 20)[0]
    assert len(full) == 20 and full[0] == pytest.approx(1e-4, rel=1e-14) and full[-1] == pytest.approx(1.0, rel=1e-14)

    nan_stop = schedules.lr_range_test(lambda lr: float("nan") if lr > 1e-2 else 1.0, 1e-4, 1.0, 20)[1]
    assert np.isnan(nan_stop[-1]) and np.all(np.isfinite(nan_stop[:-1]))


def test_suggest_lr_on_a_real_range_test():
    rng = np.random.default_rng(0)
    X, y = datasets.two_spirals(200, 0.05, rng)
    net = network.TwoLayerNet(2, 64, 2, rng)

    def loss_after_step(lr):
        idx = rng.choice(len(y), 64, replace=False)
        _, grads = net.backward(X[idx], y[idx])
        for p, g in zip(net.params, grads):
            p -= lr * g
        return net.loss(X, y)

    with np.errstate(all="ignore"):
        lrs, losses = schedules.lr_range_test(loss_after_step, 1e-4, 100.0, 150)
    assert len(lrs) < 150                       # it blew up and stopped early
    lr = schedules.suggest_lr(lrs, losses)
    i = int(np.argmin(losses))
    assert lrs[0] < lr < lrs[i]                 # on the falling part, below the minimum
    j = int(np.searchsorted(lrs, lr))
    assert losses[j] < losses[0] - 0.01         # the loss is really falling there


# --------------------------------------------------------------------------- week 4: clipping

def _grad_list(rng, scale):
    shapes = [(3, 4), (4,), (4, 2), (2,)]
    return [rng.normal(0.0, scale, size=s) for s in shapes]


@pytest.mark.parametrize("scale, max_norm", [(0.1, 1.0), (1.0, 1.0), (10.0, 1.0), (30.0, 5.0), (0.5, 0.25)])
def test_clip_by_global_norm_matches_torch(scale, max_norm):
    rng = np.random.default_rng(int(scale * 100))
    grads = _grad_list(rng, scale)
    before = [g.copy() for g in grads]
    clipped, total = clipping.clip_by_global_norm(grads, max_norm)

    params = [torch.zeros(g.shape, dtype=F64, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g, dtype=F64)
    torch_total = float(torch.nn.utils.clip_grad_norm_(params, max_norm))

    assert isinstance(total, float)
    # the norm before clipping: the same sum of squares, summed in a different order -> 1e-13
    assert total == pytest.approx(torch_total, rel=1e-13)
    # torch scales by max_norm / (total + 1e-6), the course by max_norm / total: relative gap
    # 1e-6 / total, below 1e-5 for every total >= 0.1 used here (totals are ~0.4 .. 100).
    for ours, p in zip(clipped, params):
        assert np.allclose(ours, p.grad.numpy(), rtol=1e-5, atol=0)
    if total <= max_norm:
        for ours, g in zip(clipped, grads):
            assert np.array_equal(ours, g)    # never scaled, in either library
    else:
        assert math.sqrt(sum(float(np.sum(c ** 2)) for c in clipped)) == pytest.approx(max_norm, rel=1e-12)
    for g, b in zip(grads, before):
        assert np.array_equal(g, b)           # inputs untouched
    assert all(c is not g for c, g in zip(clipped, grads))


def test_per_array_clipping_is_not_global_clipping():
    """Wrong variant: clipping each array to max_norm on its own, against torch's one global scale."""
    rng = np.random.default_rng(7)
    grads = _grad_list(rng, 3.0)
    per_array = [clipping.clip_by_norm(g, 1.0) for g in grads]
    params = [torch.zeros(g.shape, dtype=F64, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g, dtype=F64)
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    gap = max(float(np.max(np.abs(a - p.grad.numpy()))) for a, p in zip(per_array, params))
    assert gap > 0.1, gap   # measured 0.58 here, far above the 1e-5 relative tolerance used above


def test_clip_by_norm_and_value_basics():
    g = np.array([[3.0, 0.0], [0.0, 4.0]])
    assert np.allclose(clipping.clip_by_norm(g, 1.0), g / 5.0, rtol=1e-15)
    assert np.array_equal(clipping.clip_by_norm(g, 5.0), g)
    assert np.array_equal(clipping.clip_by_value(g, 3.5), [[3.0, 0.0], [0.0, 3.5]])
    assert clipping.update_ratio(np.array([3.0, 4.0]), np.array([0.0, 0.05])) == pytest.approx(0.01, rel=1e-15)
    assert np.array_equal(g, [[3.0, 0.0], [0.0, 4.0]])


# --------------------------------------------------------------------------- week 4: initializers
# torch stores a Linear weight as (out, in) because it computes x @ W.T; its fan_in is
# tensor.shape[1]. The course uses x @ W with W (n_in, n_out). So the torch tensor that
# describes the same layer has shape (n_out, n_in), and feeding torch an (n_in, n_out)
# array would silently swap the fans (NOTES.md).

SHAPES = [(300, 100), (64, 256), (2, 64)]


def _torch_constants(n_in, n_out):
    w = torch.empty(n_out, n_in, dtype=F64)
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(w)
    assert (fan_in, fan_out) == (n_in, n_out)
    relu = torch.nn.init.calculate_gain("relu")              # sqrt(2)
    return {
        "xavier_uniform": ("uniform", 1.0 * math.sqrt(6.0 / (fan_in + fan_out))),   # torch.nn.init.xavier_uniform_
        "xavier_normal": ("normal", 1.0 * math.sqrt(2.0 / (fan_in + fan_out))),     # torch.nn.init.xavier_normal_
        "he_uniform": ("uniform", relu * math.sqrt(3.0 / fan_in)),                  # kaiming_uniform_, fan_in, relu
        "he_normal": ("normal", relu / math.sqrt(fan_in)),                          # kaiming_normal_, fan_in, relu
    }, w


@pytest.mark.parametrize("n_in, n_out", SHAPES)
def test_initializers_match_torch_constants(n_in, n_out):
    constants, w = _torch_constants(n_in, n_out)
    for name, (kind, c) in constants.items():
        W = getattr(initializers, name)(n_in, n_out, np.random.default_rng(11))
        assert W.shape == (n_in, n_out) and W.dtype == np.float64
        # The course draws with rng.uniform(-a, a) / rng.normal(0, std): redrawing with torch's
        # constant from the same seed must give the same array. torch and the course compute the
        # constant in a different order (sqrt(2)/sqrt(n) vs sqrt(2/n)): at most a few ulps -> 1e-14.
        rng = np.random.default_rng(11)
        want = rng.uniform(-c, c, size=(n_in, n_out)) if kind == "uniform" else rng.normal(0.0, c, size=(n_in, n_out))
        assert np.allclose(W, want, rtol=1e-14, atol=1e-16), name

        # torch's own sampler, on the (out, in) tensor of the same layer: statistics only
        # (different random streams). With >= 128 samples the sample std is within ~15 % of the truth,
        # and a uniform's max |w| is within a few % of its bound at these sizes.
        torch.manual_seed(0)
        init = {"xavier_uniform": lambda t: torch.nn.init.xavier_uniform_(t),
                "xavier_normal": lambda t: torch.nn.init.xavier_normal_(t),
                "he_uniform": lambda t: torch.nn.init.kaiming_uniform_(t, mode="fan_in", nonlinearity="relu"),
                "he_normal": lambda t: torch.nn.init.kaiming_normal_(t, mode="fan_in", nonlinearity="relu")}[name]
        t = init(w.clone()).numpy()
        assert W.std() == pytest.approx(t.std(), rel=0.15), name
        if kind == "uniform":
            assert np.abs(W).max() <= c and np.abs(t).max() <= c
            assert np.abs(W).max() > 0.9 * c


def test_he_with_fan_out_is_rejected():
    """Wrong variant: He with n_out (what an (n_in, n_out) array handed to torch would use)."""
    n_in, n_out = 300, 100
    constants, _ = _torch_constants(n_in, n_out)
    right = constants["he_normal"][1]
    wrong = math.sqrt(2.0 / n_out)
    ratio = wrong / right
    assert ratio == pytest.approx(math.sqrt(3.0))  # 1.73x too large, far outside 1e-14
    W = initializers.he_normal(n_in, n_out, np.random.default_rng(11))
    assert abs(W.std() / wrong - 1) > 0.3          # the sample std alone exposes it
    # torch itself given the numpy layout (n_in, n_out) computes exactly that wrong constant:
    swapped = torch.empty(n_in, n_out, dtype=F64)
    fan_in, _ = torch.nn.init._calculate_fan_in_and_fan_out(swapped)
    assert fan_in == n_out


# --------------------------------------------------------------------------- given network

def test_network_backward_matches_numerical_gradient_and_autograd():
    rng = np.random.default_rng(3)
    net = network.TwoLayerNet(3, 5, 4, rng)
    for p in net.params:                      # non-zero biases so their gradients are exercised
        p += rng.normal(0.0, 0.1, size=p.shape)
    X = rng.normal(size=(7, 3))
    y = rng.integers(0, 4, size=7)
    before = [p.copy() for p in net.params]
    loss, grads = net.backward(X, y)
    assert isinstance(loss, float) and loss == net.loss(X, y)
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    assert all(np.array_equal(p, b) for p, b in zip(net.params, before))
    assert np.allclose(net.forward(X).sum(axis=1), 1.0, rtol=0, atol=1e-15)

    h = 1e-6
    for p, g in zip(net.params, grads):
        num = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            up = net.loss(X, y)
            p[idx] = old - h
            down = net.loss(X, y)
            p[idx] = old
            num[idx] = (up - down) / (2 * h)
        # central differences: truncation ~h^2 and rounding ~1e-16/h = 1e-10 -> 1e-7 absolute
        assert np.allclose(g, num, rtol=1e-6, atol=1e-7)

    tp = [torch.tensor(p, dtype=F64, requires_grad=True) for p in net.params]
    W1, b1, W2, b2 = tp
    logits = torch.relu(torch.tensor(X) @ W1 + b1) @ W2 + b2
    tl = torch.nn.functional.cross_entropy(logits, torch.tensor(y))
    tl.backward()
    # the same float64 arithmetic in a different order -> 1e-12
    assert loss == pytest.approx(float(tl.detach()), rel=1e-12)
    for g, t in zip(grads, tp):
        assert np.allclose(g, t.grad.numpy(), rtol=1e-10, atol=1e-13)


def test_network_init_options():
    rng = np.random.default_rng(0)
    net = network.TwoLayerNet(200, 300, 2, rng, init="he")
    assert net.params[0].std() == pytest.approx(0.1, rel=0.02)       # sqrt(2/200), 60000 samples
    net = network.TwoLayerNet(4, 8, 3, np.random.default_rng(5), init=initializers.he_normal)
    again = network.TwoLayerNet(4, 8, 3, np.random.default_rng(5), init="he")
    assert all(np.array_equal(a, b) for a, b in zip(net.params, again.params))
    small = network.TwoLayerNet(4, 8, 3, np.random.default_rng(5), init=0.01)
    assert small.params[0].std() < 0.02


# --------------------------------------------------------------------------- week 4: training

# the week-2 reference form: v = mu v + g; p -= lr v (in place)
_SGDMomentum = load("optimizers", SOLUTIONS / "week2_optimizers" / "optimizers.py").SGDMomentum


def test_train_reaches_90_percent_on_two_spirals_fast():
    for seed in (0, 1, 2):
        rng = np.random.default_rng(seed)
        X, y = datasets.two_spirals(200, 0.05, rng)
        net = network.TwoLayerNet(2, 64, 2, rng)
        start = time.perf_counter()
        losses = training.train(net, _SGDMomentum(lr=0.1), X, y, epochs=100, batch_size=32, rng=rng)
        elapsed = time.perf_counter() - start
        assert len(losses) == 100 and all(isinstance(v, float) for v in losses)
        assert net.accuracy(X, y) >= 0.9, (seed, net.accuracy(X, y))
        assert elapsed < 2.0, elapsed         # about 0.15 s on a 2-core machine
        assert diagnostics.diagnose_loss_curve(losses) == "healthy"


def test_train_steps_schedule_and_clipping():
    rng = np.random.default_rng(0)
    X, y = datasets.blobs(5, 2, 0.5, rng)     # N = 10
    net = network.TwoLayerNet(2, 4, 2, rng)
    seen = []

    class Recorder:
        lr = 1.0

        def update(self, params, grads):
            assert params is net.params
            seen.append((self.lr, math.sqrt(sum(float(np.sum(g ** 2)) for g in grads)), len(grads)))

    losses = training.train(net, Recorder(), X, y, epochs=2, batch_size=4, rng=rng,
                            clip_norm=1e-3, schedule=lambda step: 10.0 + step)
    assert [lr for lr, _, _ in seen] == [10.0, 11.0, 12.0, 13.0, 14.0, 15.0]   # batches 4, 4, 2 per epoch
    assert all(norm <= 1e-3 * (1 + 1e-12) for _, norm, _ in seen)
    assert len(losses) == 2


def test_diagnose_real_training_curves():
    def curve(opt, seed=0, n=200):
        rng = np.random.default_rng(seed)
        X, y = datasets.two_spirals(n, 0.05, rng)
        net = network.TwoLayerNet(2, 64, 2, rng)
        with np.errstate(all="ignore"):
            return training.train(net, opt, X, y, epochs=100, batch_size=32, rng=rng)

    assert diagnostics.diagnose_loss_curve(curve(_SGDMomentum(lr=0.05))) == "healthy"
    assert diagnostics.diagnose_loss_curve(curve(_SGDMomentum(lr=10.0))) == "lr_too_high"
    assert diagnostics.diagnose_loss_curve(curve(_SGDMomentum(lr=1e-4))) in ("plateau", "lr_too_low")

    rng = np.random.default_rng(0)                    # overfitting: 40 points, a wide network
    X, y = datasets.two_spirals(40, 0.3, rng)
    X_tr, y_tr, X_va, y_va = datasets.train_val_split(X, y, 0.5, rng)
    net = network.TwoLayerNet(2, 256, 2, rng)
    opt, tr, va = _SGDMomentum(lr=0.05), [], []
    for _ in range(300):
        tr += training.train(net, opt, X_tr, y_tr, 1, 8, rng)
        va.append(net.loss(X_va, y_va))
    assert diagnostics.diagnose_loss_curve(tr, va) == "overfitting"
    assert diagnostics.diagnose_loss_curve(tr) != "overfitting"


def test_gradient_anomalies_definition():
    norms = [5.0, 1.0, 1.1, 0.9, 12.0, 1.0, np.inf, float("nan"), 1.0]
    # index 0 has no history; 4: 12 > 10 * median(5, 1, 1.1, 0.9) = 10.5; 6: inf; 7: nan never
    assert diagnostics.gradient_anomalies(norms, factor=10.0, window=20) == [4, 6]
    got = diagnostics.gradient_anomalies(np.array([1.0, 100.0, 1.0]), factor=10.0, window=1)
    assert got == [1] and all(type(i) is int for i in got)
