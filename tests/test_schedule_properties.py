"""Properties of the week-3 reference schedules, on generated hyperparameters (Hypothesis shrinks a failure
to the smallest case it can find).

What every schedule must do whatever its hyperparameters: its boundaries (step decay drops exactly at the
multiples of ``epochs_drop``, cosine is ``lr_max`` at 0 and ``lr_min`` from ``T`` on, warmup reaches
``base_lr`` at ``warmup_steps``, one-cycle starts at ``max_lr / div_factor``, peaks at ``max_lr`` and ends at
the final rate), its monotone segments (a decay never increases, a warmup never decreases, one-cycle rises
then falls) and its clamping (nothing after ``T``, nothing below ``min_lr``). Agreement with
``torch.optim.lr_scheduler`` on generated hyperparameters is in ``test_torch_oracle_week3_4.py``.

Tolerances: where a property compares two floats computed along different paths, the tolerance is a few
units in the last place (``ULP = 2**-52`` relative) of the largest value involved, with the number of
roundings written beside it; "never increases" and the clamps are exact (every operation involved is
monotone, and the schedules return ``lr_min`` itself from ``T`` on).

Run time: about 8 s (100 examples a property; pytest --durations, CI set, 2 cores shared at load ~6).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from solution_modules import SOLUTIONS, load

schedules = load("schedules", SOLUTIONS / "week3_schedules" / "schedules.py")

ULP = 2.0 ** -52                                  # float64's relative spacing at 1.0
LRS = st.floats(1e-6, 10.0)                      # learning rates: positive, up to far above any real one
EPOCHS = st.integers(0, 10_000)


def close(a: float, b: float, roundings: int, scale: float) -> bool:
    """``a`` and ``b`` agree to ``roundings`` rounding errors of a value of size ``scale``."""
    return abs(a - b) <= roundings * ULP * abs(scale)


def non_increasing(values) -> bool:
    return all(b <= a for a, b in zip(values, values[1:]))


def non_decreasing(values) -> bool:
    return all(b >= a for a, b in zip(values, values[1:]))


# --------------------------------------------------------------------------- step and exponential decay

@given(LRS, st.floats(1e-3, 1.0), st.integers(1, 100), st.integers(0, 200), st.data())
def test_step_decay_drops_exactly_at_multiples_of_epochs_drop(initial_lr, drop, epochs_drop, k, data):
    start = k * epochs_drop                       # the first epoch of the (k+1)-th stair
    within = data.draw(st.integers(0, epochs_drop - 1), label="epochs into the stair")
    at = schedules.step_decay(start, initial_lr, drop, epochs_drop)
    assert type(at) is float
    assert schedules.step_decay(start + within, initial_lr, drop, epochs_drop) == at     # flat inside a stair
    assert schedules.step_decay(within, initial_lr, drop, epochs_drop) == initial_lr     # no drop before the first
    after = schedules.step_decay(start + epochs_drop, initial_lr, drop, epochs_drop)
    # drop**(k+1) against drop**k * drop: two pow errors (< 1 ulp each) and two products -> 4 ulps;
    # below 1e-300 the values are subnormal-adjacent and lose relative precision, so compare absolutely there
    assert close(after, at * drop, 4, at) or abs(after - at * drop) < 1e-300


@given(LRS, st.floats(1e-3, 1.0), st.integers(1, 100), EPOCHS, EPOCHS)
def test_step_decay_never_increases(initial_lr, drop, epochs_drop, e1, e2):
    e1, e2 = sorted((e1, e2))
    assert schedules.step_decay(e2, initial_lr, drop, epochs_drop) <= schedules.step_decay(e1, initial_lr, drop, epochs_drop)


@given(LRS, st.floats(0.0, 1.0), EPOCHS, EPOCHS)
def test_exponential_decay_starts_at_initial_lr_and_never_increases(initial_lr, k, e1, e2):
    assert schedules.exponential_decay(0, initial_lr, k) == initial_lr
    e1, e2 = sorted((e1, e2))
    late, early = (schedules.exponential_decay(e, initial_lr, k) for e in (e2, e1))
    assert type(late) is float and 0.0 <= late <= early <= initial_lr


@given(LRS, st.floats(0.0, 1.0), st.integers(0, 500))
def test_exponential_decay_loses_the_same_fraction_every_epoch(initial_lr, k, epoch):
    now, later = (schedules.exponential_decay(e, initial_lr, k) for e in (epoch, epoch + 1))
    # exp(-k e) and exp(-k (e+1)) each carry the rounding of their argument, up to |k e| ~ 500 times
    # an ulp in the result, plus exp's own and the product's: 1e-12 relative covers k e <= 501.
    assume(later > 1e-300)
    assert later / now == pytest.approx(math.exp(-k), rel=1e-12)


# --------------------------------------------------------------------------- cosine annealing

@st.composite
def cosine_args(draw):
    """(T, lr_max, lr_min) with 0 <= lr_min <= lr_max."""
    T = draw(st.integers(1, 100_000))
    a, b = draw(LRS), draw(st.floats(0.0, 10.0))
    return T, max(a, b), min(a, b)


@given(cosine_args(), st.data())
@example((1, 0.5, 0.1), None)
def test_cosine_starts_at_lr_max_and_holds_lr_min_from_T_on(args, data):
    T, lr_max, lr_min = args
    # lr_min + (lr_max - lr_min) * 2 / 2: a subtraction and an addition round -> 2 ulps of lr_max
    assert close(schedules.cosine_annealing(0, T, lr_max, lr_min), lr_max, 2, lr_max)
    assert schedules.cosine_annealing(T, T, lr_max, lr_min) == lr_min
    after = T + 1 if data is None else data.draw(st.integers(T, 10 * T), label="t after T")
    assert schedules.cosine_annealing(after, T, lr_max, lr_min) == lr_min      # clamped: not periodic


@given(cosine_args(), st.lists(st.integers(0, 300_000), min_size=2, max_size=20))
def test_cosine_never_increases_and_stays_between_lr_min_and_lr_max(args, ts):
    T, lr_max, lr_min = args
    values = [schedules.cosine_annealing(t, T, lr_max, lr_min) for t in sorted(ts)]
    assert non_increasing(values)
    # lr_min + something >= 0 never falls below lr_min; the top may round 2 ulps above lr_max
    assert all(lr_min <= v <= lr_max * (1 + 2 * ULP) for v in values)


@given(cosine_args(), st.data())
def test_cosine_is_symmetric_about_half_way(args, data):
    """cos(pi - x) = -cos(x): the rate at t and at T - t average to the midpoint of lr_max and lr_min."""
    T, lr_max, lr_min = args
    t = data.draw(st.integers(0, T), label="t")
    pair = schedules.cosine_annealing(t, T, lr_max, lr_min) + schedules.cosine_annealing(T - t, T, lr_max, lr_min)
    # pi * t / T rounds (2 ulps of pi), so does cos (1 ulp) and each formula (3 more): 16 ulps of lr_max is
    # a margin of 2 over the worst case of the two evaluations
    assert close(pair, lr_max + lr_min, 16, lr_max)


@given(cosine_args(), st.data())
def test_cosine_lingers_near_lr_max_and_lands_softly_on_lr_min(args, data):
    """Half a cosine lies above the straight line from (0, lr_max) to (T, lr_min) before T/2 and below it
    after, by a margin: at x = t/T <= 1/2 the gap (1 + cos(pi x))/2 - (1 - x) is at least 0.57 x (1 - 2x)
    (its smallest ratio, pi/2 - 1, is at x -> 1/2), and the same below the line for x >= 1/2."""
    T, lr_max, lr_min = args
    t = data.draw(st.integers(0, T), label="t")
    x = t / T
    gap = schedules.cosine_annealing(t, T, lr_max, lr_min) - (lr_max - (lr_max - lr_min) * x)
    margin = 0.5 * (lr_max - lr_min) * min(x, 1 - x) * abs(1 - 2 * x)
    slack = 8 * ULP * lr_max                     # both formulas round a few times at the size of lr_max
    assert gap >= margin - slack if 2 * t <= T else -gap >= margin - slack


# --------------------------------------------------------------------------- warmup

@given(st.integers(0, 10_000), LRS, st.lists(st.integers(0, 30_000), min_size=2, max_size=20))
def test_linear_warmup_rises_from_zero_to_base_lr_then_holds(warmup_steps, base_lr, steps):
    values = [schedules.linear_warmup(s, warmup_steps, base_lr) for s in sorted(steps)]
    assert non_decreasing(values) and all(0.0 <= v <= base_lr for v in values)
    assert schedules.linear_warmup(warmup_steps, warmup_steps, base_lr) == base_lr       # full rate at warmup_steps
    assert schedules.linear_warmup(warmup_steps + 1, warmup_steps, base_lr) == base_lr
    assert schedules.linear_warmup(0, warmup_steps, base_lr) == (0.0 if warmup_steps else base_lr)


@given(st.integers(1, 10_000), LRS, st.data())
def test_linear_warmup_adds_the_same_amount_every_step(warmup_steps, base_lr, data):
    step = data.draw(st.integers(0, warmup_steps - 1), label="step")
    rise = schedules.linear_warmup(step + 1, warmup_steps, base_lr) - schedules.linear_warmup(step, warmup_steps, base_lr)
    # base_lr * s / W rounds twice per value, and the difference once: 5 ulps of base_lr
    assert close(rise, base_lr / warmup_steps, 5, base_lr)


@st.composite
def warmup_cosine_args(draw):
    """(total_steps, warmup_steps, base_lr, min_lr) with 0 <= warmup_steps < total_steps, min_lr <= base_lr."""
    total = draw(st.integers(1, 20_000))
    warmup = draw(st.integers(0, total - 1))
    a, b = draw(LRS), draw(st.floats(0.0, 10.0))
    return total, warmup, max(a, b), min(a, b)


@given(warmup_cosine_args(), st.lists(st.integers(0, 60_000), max_size=20))
def test_warmup_cosine_rises_to_base_lr_at_warmup_steps_then_falls_to_min_lr(args, steps):
    total, warmup, base_lr, min_lr = args
    lr = lambda step: schedules.warmup_cosine(step, total, warmup, base_lr, min_lr)   # noqa: E731
    assert close(lr(warmup), base_lr, 2, base_lr)
    assert lr(0) == 0.0 if warmup else close(lr(0), base_lr, 2, base_lr)     # no warmup: the cosine's top
    assert lr(total) == min_lr and lr(total + 1) == min_lr and lr(3 * total) == min_lr
    rising = sorted({s for s in steps if s <= warmup} | {0, warmup})
    falling = sorted({s for s in steps if s >= warmup} | {warmup, total})
    assert non_decreasing([lr(s) for s in rising]) and non_increasing([lr(s) for s in falling])


@given(warmup_cosine_args())
def test_warmup_cosine_is_half_way_down_half_way_through_the_cosine(args):
    total, warmup, base_lr, min_lr = args
    assume((total - warmup) % 2 == 0)
    middle = schedules.warmup_cosine(warmup + (total - warmup) // 2, total, warmup, base_lr, min_lr)
    # cos(pi / 2) is 6e-17, not 0, and the formula rounds 3 times: 4 ulps of base_lr
    assert close(middle, (base_lr + min_lr) / 2, 4, base_lr)


# --------------------------------------------------------------------------- one-cycle

@st.composite
def one_cycle_args(draw):
    """(total_steps, max_lr, pct_start, div_factor, final_div_factor), phase 1 ending after step 0.

    ``pct_start * total_steps = 1`` makes phase 1 a single point (step 0 = its end), where the formula
    divides 0 by 0 (in torch too); below 1 there is no rise at all. The properties start above 1.
    ``pct_start`` is a multiple of ``1 / total_steps`` half of the time, so the peak falls on a step.
    """
    total = draw(st.integers(3, 400))
    on_a_step = st.integers(2, total - 1).map(lambda k: k / total)
    pct = draw(on_a_step | st.floats(1.01 / total, 1 - 1 / total))
    assume(float(pct * total) - 1 > 0)
    return total, draw(LRS), pct, draw(st.floats(1.0, 100.0)), draw(st.floats(1.0, 1e5))


@given(one_cycle_args())
@example((100, 1.0, 0.3, 25.0, 1e4))
@example((37, 0.01, 0.1, 25.0, 1e4))
def test_one_cycle_starts_peaks_and_ends_where_it_should(args):
    total, max_lr, pct, div, final_div = args
    values = [schedules.one_cycle(s, total, max_lr, pct, div, final_div) for s in range(total)]
    initial = max_lr / div
    # each end is max_lr + (x - max_lr) * 1 after rounding: 2 ulps of max_lr
    assert close(values[0], initial, 2, max_lr)
    assert close(values[-1], initial / final_div, 2, max_lr)
    assert all(v <= max_lr * (1 + 2 * ULP) for v in values)
    peak = float(pct * total) - 1                # the last step of phase 1, where lr = max_lr
    if peak == round(peak):
        assert close(values[round(peak)], max_lr, 2, max_lr)
    elif abs(peak - round(peak)) < 1e-9:         # pct * total rounded just off a whole step: a hair away
        assert close(values[round(peak)], max_lr, 1e4, max_lr)


@given(one_cycle_args())
def test_one_cycle_rises_then_falls(args):
    total, max_lr, pct, div, final_div = args
    values = [schedules.one_cycle(s, total, max_lr, pct, div, final_div) for s in range(total)]
    top = int(np.argmax(values))
    assert non_decreasing(values[:top + 1]) and non_increasing(values[top:])
    peak = float(pct * total) - 1
    around = [values[s] for s in {math.floor(peak), math.ceil(peak)} if s < total]
    assert values[top] == max(around)            # the top is at one of the two steps around the peak


# --------------------------------------------------------------------------- ReduceLROnPlateau

PLATEAU_HYPERPARAMETERS = st.fixed_dictionaries({
    "lr": LRS, "factor": st.floats(0.01, 0.99), "patience": st.integers(0, 6),
    "threshold": st.sampled_from([0.0, 1e-4, 1e-3, 1e-2]), "min_lr": st.sampled_from([0.0, 1e-6, 1e-3, 0.05])})
# A metric sequence as steps relative to the previous metric: repeats (plateaus), improvements below
# and above the thresholds above, and worse epochs.
METRIC_SEQUENCES = st.tuples(st.floats(0.01, 100.0), st.lists(st.sampled_from(
    [1.0, 1.0, 1.0, 1 - 5e-5, 1 - 5e-4, 1 - 5e-3, 0.9, 0.5, 1.1, 2.0]), max_size=60)).map(
    lambda t: [float(v) for v in t[0] * np.cumprod([1.0] + t[1])])


def run_plateau(config, metrics):
    plateau = schedules.ReduceLROnPlateau(**config)
    return [plateau.step(m) for m in metrics], plateau


@given(PLATEAU_HYPERPARAMETERS, METRIC_SEQUENCES)
def test_plateau_only_cuts_never_below_min_lr(config, metrics):
    assume(config["lr"] >= config["min_lr"])
    lrs, plateau = run_plateau(config, metrics)
    assert all(type(lr) is float for lr in lrs) and plateau.num_bad_epochs <= config["patience"]
    previous = config["lr"]
    for lr in lrs:
        assert lr >= config["min_lr"]                            # clamped
        assert lr == previous or lr == max(previous * config["factor"], config["min_lr"])   # a cut or nothing
        assert lr == previous or previous - lr > plateau.eps                                 # no tiny cuts
        previous = lr


@given(PLATEAU_HYPERPARAMETERS, METRIC_SEQUENCES)
def test_plateau_waits_patience_plus_one_bad_epochs_before_each_cut(config, metrics):
    lrs, _ = run_plateau(config, metrics)
    cuts = [i for i, (a, b) in enumerate(zip([config["lr"], *lrs], lrs)) if b != a]
    # the first metric always improves on best = inf; each cut resets the count of bad epochs
    assert all(gap >= config["patience"] + 1 for gap in np.diff([0, *cuts]))


@given(PLATEAU_HYPERPARAMETERS, st.floats(0.01, 100.0), st.integers(0, 60))
def test_plateau_on_a_flat_metric_cuts_every_patience_plus_one_epochs(config, metric, epochs):
    lrs, plateau = run_plateau(config, [metric] * (epochs + 1))
    previous = config["lr"]
    for i, lr in enumerate(lrs):
        due = i > 0 and i % (config["patience"] + 1) == 0
        cut = max(previous * config["factor"], config["min_lr"])
        assert lr == (cut if due and previous - cut > plateau.eps else previous), f"epoch {i}"
        previous = lr


@given(PLATEAU_HYPERPARAMETERS, st.lists(st.floats(1.01, 2.0), max_size=40), st.floats(1e-3, 1e3))
def test_plateau_never_cuts_while_the_metric_keeps_improving(config, ratios, start):
    """Each metric below best * (1 - threshold), by a margin: every epoch is an improvement."""
    metrics = [start]
    for r in ratios:
        metrics.append(metrics[-1] * (1 - config["threshold"]) / r)
    lrs, plateau = run_plateau(config, metrics)
    assert lrs == [float(config["lr"])] * len(metrics) and plateau.num_bad_epochs == 0


@given(PLATEAU_HYPERPARAMETERS, METRIC_SEQUENCES, st.integers(-20, 20))
def test_plateau_threshold_is_relative(config, metrics, power):
    """Scaling every metric by a power of two (exact in floating point) changes no decision."""
    scaled = [m * 2.0 ** power for m in metrics]
    assert run_plateau(config, scaled)[0] == run_plateau(config, metrics)[0]


# --------------------------------------------------------------------------- LR range test

LOSSES = st.floats(0.0, 10.0) | st.sampled_from([math.nan, math.inf])


@given(st.floats(1e-8, 1e-2), st.floats(1.5, 1e6), st.integers(2, 60), st.data())
def test_lr_range_test_spaces_rates_geometrically_and_stops_when_the_loss_blows_up(lr_min, span, n_steps, data):
    losses = data.draw(st.lists(LOSSES, min_size=n_steps, max_size=n_steps), label="losses")
    lr_max = lr_min * span
    returned = iter(losses)
    calls = []
    lrs, got = schedules.lr_range_test(lambda lr: calls.append(lr) or next(returned), lr_min, lr_max, n_steps)
    assert lrs.dtype == got.dtype == np.float64 and len(lrs) == len(got) == len(calls)
    assert lrs.tolist() == calls and np.array_equal(got, losses[:len(got)], equal_nan=True)
    assert lrs[0] == pytest.approx(lr_min, rel=4 * ULP)
    # every rate the same factor above the one before: (lr_max / lr_min) ** (1 / (n - 1)); each rate
    # carries a pow error relative to lr_min, so the ratio of two agrees to a few ulps -> 1e-12
    assert np.allclose(lrs[1:] / lrs[:-1], span ** (1 / (n_steps - 1)), rtol=1e-12, atol=0)
    best = math.inf
    for i, loss in enumerate(got):               # every recorded loss but the last keeps the test going
        stop = not math.isfinite(loss) or loss > 4 * min(best, loss)
        assert stop == (i == len(got) - 1) or (not stop and i == n_steps - 1), f"step {i}"
        best = min(best, loss)
