"""Xavier / He initializers: shape, dtype, the given rng, the distribution, and signal propagation.

The weights are random, so the distribution tests are statistical. Each test's chance of failing a
CORRECT implementation (any rng, any seed, any correct way of drawing) is at most 1e-6, derived
below from the sampling distribution of the statistics it uses; the wrong constants students
write (variance for std, fan-out, the other method's fan, a missing sqrt(3)) are off by 22 % to
93 % in standard deviation, dozens to hundreds of standard errors away.
"""
import math

import numpy as np
from week4_support import z_for

from autograder.grading import GradeFailure, fail, points, visible

FUNCS = ("xavier_uniform", "xavier_normal", "he_normal", "he_uniform")
N_IN, N_OUT = 400, 250          # n = 100 000 draws per test; n_in != n_out so fan mistakes show
SEED = 20240611

# --- false-failure budget of one distribution test ------------------------------------------------
# Three random checks per test (mean, second moment, Kolmogorov-Smirnov); each gets 1e-6 / 3.
P_TEST = 1e-6
P_CHECK = P_TEST / 3
# mean and second moment: two-sided normal tail P(|Z| > z) = 1e-6 / 3  ->  z = 5.10.
# * mean: W has mean 0 and variance s^2, so mean(W) ~ N(0, s^2 / n) (exact for normal draws; for the
#   uniform the CLT error at n = 100 000 is far below the margin).
# * second moment m2 = mean(W^2): E = s^2, Var(m2) = (kurtosis - 1) s^4 / n, kurtosis 3 (normal) or 1.8
#   (uniform). For normal draws n m2 / s^2 is exactly chi-square(n); its normal approximation at 5 SE
#   is off by a Cornish-Fisher shift of skew (z^2 - 1) / 6 = sqrt(8 / n) * 26 / 6 = 0.039 SE, covered
#   by the extra 0.1 SE added to z below.
Z = z_for(P_CHECK) + 0.1
# * KS: by the Dvoretzky-Kiefer-Wolfowitz inequality with Massart's constant (valid for every n once
#   exp(-2 n eps^2) <= 1/2, as here),
#   P(sup |F_n - F| > eps) <= 2 exp(-2 n eps^2); eps = sqrt(ln(2 / p) / (2 n)) gives p = 1e-6 / 3,
#   eps = 0.0088 for n = 100 000. A normal sample where a uniform is due (same variance) is 0.057 away.
N_DRAWS = N_IN * N_OUT
KS_EPS = math.sqrt(math.log(2 / P_CHECK) / (2 * N_DRAWS))


def spec(fn, n_in, n_out):
    """(kind, scale, std): the bound a for a uniform, the std for a normal, and the std either way."""
    fan = (n_in + n_out) if fn.startswith("xavier") else n_in
    if fn.endswith("uniform"):
        a = math.sqrt(6.0 / fan)
        return "uniform", a, a / math.sqrt(3)
    std = math.sqrt(2.0 / fan)
    return "normal", std, std


# std of N(0, 1) clipped at +-2, and of N(0, 1) truncated to [-2, 2] (Phi, phi: the normal cdf and density at 2)
_PHI2, _DENS2 = 0.5 * (1 + math.erf(2 / math.sqrt(2))), math.exp(-2.0) / math.sqrt(2 * math.pi)
CLIPPED_2SD = math.sqrt((2 * _PHI2 - 1) - 4 * _DENS2 + 4 * 2 * (1 - _PHI2))
TRUNCATED_2SD = math.sqrt(1 - 4 * _DENS2 / (2 * _PHI2 - 1))


def mistakes(fn, n_in, n_out):
    """Known wrong constants -> the ratio (their std / the right std) they produce."""
    _, _, right = spec(fn, n_in, n_out)
    fan = (n_in + n_out) if fn.startswith("xavier") else n_in
    out = {}
    if fn.endswith("normal"):
        out["init-variance-as-std"] = ((2.0 / fan) / right, "the VARIANCE used as the standard deviation "
                                       f"(std = 2 / {'(n_in + n_out)' if fn.startswith('xavier') else 'n_in'} "
                                       "instead of its square root)")
    else:
        out["init-uniform-missing-sqrt3"] = (1 / math.sqrt(3), "a uniform bound without the sqrt(3) factor "
                                             "(a = std instead of a = sqrt(3) * std, so the variance is 3x too "
                                             "small)")
        out["init-variance-as-std"] = (math.sqrt(6.0 / fan),
                                       "a bound without the square root (a = 6 / fan instead of sqrt(6 / fan))")
    if fn.startswith("he"):
        out["init-fan-out"] = (math.sqrt(n_in / n_out), "fan-OUT used where He needs fan-in (n_out instead of n_in)")
        out["init-xavier-he-swapped"] = (math.sqrt(n_in / (n_in + n_out)),
                                         "Xavier's fan (n_in + n_out) in a He initializer")
    else:
        out["init-xavier-he-swapped"] = (math.sqrt((n_in + n_out) / n_in),
                                         "He's fan (n_in alone) in a Xavier initializer")
        out["init-missing-parentheses"] = (math.sqrt((2.0 if fn.endswith("normal") else 6.0) / n_in + n_out) / (
            right if fn.endswith("normal") else right * math.sqrt(3)),
            f"{'sqrt(2 / n_in + n_out)' if fn.endswith('normal') else 'sqrt(6 / n_in + n_out)'}: without parentheses "
            "only n_in is in the denominator and n_out is ADDED")
    if fn.endswith("normal"):      # a normal draw cut at +-2 std: clipped there, or redrawn (truncated), not rescaled
        out["init-truncated"] = (CLIPPED_2SD, "a normal draw CLIPPED at +-2 std without rescaling: the spread comes "
                                 "out too small")
        out["init-truncated@redrawn"] = (TRUNCATED_2SD, "a normal draw TRUNCATED at +-2 std (redrawn beyond) without "
                                         "rescaling by 1/0.88: the spread comes out too small")
    out["init-missing-factor-2"] = (math.sqrt(0.5), "a variance of 1 / fan instead of 2 / fan: the factor 2 is "
                                    "missing (" + ("Glorot's 2 for the average of the fans" if fn.startswith("xavier")
                                                   else "He's 2 that makes up for ReLU zeroing half the signal")
                                    + ")")
    return out


def draw(student, fn, n_in=N_IN, n_out=N_OUT, seed=SEED, global_seed=None):
    return student.probe("init_draw", fn=fn, n_in=n_in, n_out=n_out, seed=seed, global_seed=global_seed)


def check_shape(res, fn, n_in, n_out, allow_transposed=False):
    """Shape (n_in, n_out). ``allow_transposed``: (n_out, n_in) is judged by the shape test alone, not again here."""
    W = res["W"]
    if allow_transposed and W.shape == (n_out, n_in):
        return
    if W.shape != (n_in, n_out):
        transposed = W.shape == (n_out, n_in)
        fail(f"{fn}({n_in}, {n_out}, rng) should return shape (n_in, n_out) = {(n_in, n_out)}, but it returned "
             f"{W.shape}." + (" This is the (n_out, n_in) layout PyTorch uses for its weights; here a layer "
                              "computes x @ W, so rows are inputs." if transposed else ""),
             tags=["init-transposed-shape"] if transposed else ["wrong-shape"],
             hint="Draw with size=(n_in, n_out).")


def _normal_cdf(x, std):
    """Phi(x / std) by Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7, 40000x below KS_EPS), vectorized."""
    u = np.abs(x) / (std * math.sqrt(2))
    t = 1.0 / (1.0 + 0.3275911 * u)
    erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) \
        * np.exp(-u * u)
    return 0.5 * (1 + np.sign(x) * erf)


def check_distribution(student, fn):
    res = draw(student, fn)
    check_shape(res, fn, N_IN, N_OUT, allow_transposed=True)
    W = res["W"].ravel()
    kind, scale, std = spec(fn, N_IN, N_OUT)
    what = f"{fn}({N_IN}, {N_OUT}, rng)"
    if not np.all(np.isfinite(W)):
        fail(f"{what} returned non-finite weights.", hint="Check the constant (a division by zero?).")
    n = len(W)
    mean, m2 = float(W.mean()), float(np.mean(W * W))
    # one set of numbers for the message and the figure: the statistics of ALL n weights (the figure's
    # histogram is drawn from a subsample)
    summary = f"your {n} weights: mean {mean:.3g}, std about 0 {math.sqrt(m2):.5g}"
    figure = {"kind": "histogram", "title": f"{what}: your weights and the expected density",
              "samples": W[:: max(1, len(W) // 2000)][:2000].tolist(), "summary": summary,
              "density": {"type": kind, "a": scale} if kind == "uniform" else {"type": "normal", "std": std}}
    if float(np.std(W)) < 1e-3 * std:
        swapped = abs(mean - std) < 0.03 * std
        fail(f"{what}: every weight is the same number ({mean:.5g}): the weights have no spread at all."
             + (" That number is the std the weights should have: the mean and the std were passed the other way "
                "round (rng.normal takes the mean first, then the std)." if swapped else ""),
             tags=["init-normal-arguments-swapped" if swapped else "init-constant-weights"],
             hint="Random weights: a draw from N(0, std^2) or U(-a, a), a different number for every weight.",
             figure=figure)
    kurt = 1.8 if kind == "uniform" else 3.0
    rel_se = math.sqrt((kurt - 1) / n)
    ratio_var = m2 / std ** 2
    if abs(ratio_var - 1) > Z * rel_se:
        r = math.sqrt(ratio_var)
        tags, named = [], ""
        for tag, (cand, words) in mistakes(fn, N_IN, N_OUT).items():
            if abs(r / cand - 1) < 0.03:          # std estimated to +-0.8 %; candidates differ by >= 4 %
                tags, named = [tag.split("@")[0]], f"This matches {words}. "
                break
        fail(f"{named}{what}: {summary}; the std should be {std:.5g} "
             f"({'a = ' + format(scale, '.5g') + ', std = a / sqrt(3)' if kind == 'uniform' else 'std'} for "
             f"n_in = {N_IN}, n_out = {N_OUT}); that is {r:.3f} times the right size. (A correct draw lands within "
             f"{Z * rel_se * 50:.2g} % of it with probability 1 - 3e-7.)", tags=tags,
             hint=("The variance sets the size: He uses 2 / n_in (fan-in only), Xavier 2 / (n_in + n_out). A normal "
                   "draw takes the SQUARE ROOT of the variance as its std; a uniform one the bound a = sqrt(3 times "
                   "the variance), since U(-a, a) has variance a^2 / 3."), figure=figure)
    se_mean = std / math.sqrt(n)
    if abs(mean) > Z * se_mean:
        fail(f"{what}: {summary}; the mean should be 0 (a correct draw stays within {Z * se_mean:.2g} of it with "
             "probability 1 - 3e-7).", tags=["init-not-centred"],
             hint="The weights must be centred on 0: U(-a, a) or N(0, std^2), as many negative weights as positive.",
             figure=figure)
    if kind == "uniform":
        big = float(np.abs(W).max())
        if big > scale * (1 + 1e-12):         # deterministic: U(-a, a) never leaves [-a, a]
            ratio = big / scale
            why = ("Their variance is right, so this looks like a NORMAL draw where U(-a, a) is due."
                   if abs(ratio_var - 1) < 0.05 else "The bound (or the spread) is too large.")
            fail(f"{what}: every weight must lie in [-a, a] with a = {scale:.6g}, but the largest |w| is {big:.6g} "
                 f"({ratio:.3g} a). {why}",
                 tags=["init-wrong-distribution"] if abs(ratio_var - 1) < 0.05 else ["init-exceeds-bound"],
                 hint="A uniform draw on [-a, a] with a = sqrt(6 / fan) never leaves that interval.", figure=figure)
    xs = np.sort(W)
    if kind == "uniform":
        F = np.clip((xs + scale) / (2 * scale), 0.0, 1.0)
    else:
        F = _normal_cdf(xs, std)
    i = np.arange(1, n + 1)
    ks = float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))
    if ks > KS_EPS:
        other = "normal" if kind == "uniform" else "uniform"
        fail(f"{what}: the weights do not follow the {kind} distribution: the largest gap between their "
             f"cumulative distribution and the expected one is {ks:.3g} (a correct draw stays below {KS_EPS:.3g} "
             f"with probability 1 - 3e-7). Their variance is right, so this looks like a {other} draw where a "
             f"{kind} one is due.", tags=["init-wrong-distribution"],
             hint=f"The {kind} distribution is asked for: rng has one method for each of the two.", figure=figure)


@visible
@points(3)   # 3: the contract every later test relies on (layout (n_in, n_out), float64)
def test_initializers_shape_and_dtype(student):
    """Initializers return float64 arrays of shape (n_in, n_out)"""
    for fn in FUNCS:
        for n_in, n_out in ((3, 5), (7, 2), (1, 1)):
            res = draw(student, fn, n_in, n_out, seed=1)
            check_shape(res, fn, n_in, n_out)
            if res["dtype"] != "float64" or not res["is_ndarray"]:
                fail(f"{fn}({n_in}, {n_out}, rng) should return a float64 NumPy array, but it returned "
                     f"{'an array of dtype ' + res['dtype'] if res['is_ndarray'] else 'a ' + res['dtype']}.",
                     tags=["init-wrong-dtype"],
                     hint="rng.uniform / rng.normal return float64 arrays: return them as they are.")


@visible
@points(3)   # 3: randomness only from the rng argument (determinism, no global state)
def test_initializers_use_the_given_rng(student):
    """Initializers draw from the given rng only: same seed, same weights; another seed, other weights"""
    for fn in FUNCS:
        a = draw(student, fn, 6, 4, seed=11, global_seed=1)
        b = draw(student, fn, 6, 4, seed=11, global_seed=2)
        c = draw(student, fn, 6, 4, seed=12, global_seed=1)
        for r in (a, b, c):
            check_shape(r, fn, 6, 4, allow_transposed=True)
        if not a["rng_used"] or not np.array_equal(a["W"], b["W"]) or np.array_equal(a["W"], c["W"]):
            uses_global = not a["rng_used"]
            fail(f"{fn}: with the same rng seed (11) the weights should be identical whatever np.random was seeded "
                 f"with, and a different seed (12) should give different weights. "
                 + ("Your function did not draw anything from the rng it was given" if uses_global else
                    ("The same seed gave different weights" if not np.array_equal(a["W"], b["W"]) else
                     "Seeds 11 and 12 gave the same weights"))
                 + (": it uses NumPy's global random state (np.random.*) instead." if uses_global else "."),
                 tags=["init-global-rng"] if uses_global else ["init-not-deterministic"],
                 hint="Draw with the rng argument: rng.uniform(...) or rng.normal(...), never np.random.*.")


@points(3)   # 3: xavier_uniform's bound, mean, variance and shape (false-failure <= 1e-6, see top)
def test_xavier_uniform_distribution(student):
    """xavier_uniform draws U(-a, a) with a = sqrt(6 / (n_in + n_out)) (statistical test, false failure <= 1e-6)"""
    check_distribution(student, "xavier_uniform")


@points(3)   # 3: xavier_normal's mean, variance and shape (false-failure <= 1e-6)
def test_xavier_normal_distribution(student):
    """xavier_normal draws N(0, 2 / (n_in + n_out)) (statistical test, false failure <= 1e-6)"""
    check_distribution(student, "xavier_normal")


@points(3)   # 3: he_normal's mean, variance and shape (false-failure <= 1e-6)
def test_he_normal_distribution(student):
    """he_normal draws N(0, 2 / n_in) (statistical test, false failure <= 1e-6)"""
    check_distribution(student, "he_normal")


@points(3)   # 3: he_uniform's bound, mean, variance and shape (false-failure <= 1e-6)
def test_he_uniform_distribution(student):
    """he_uniform draws U(-a, a) with a = sqrt(6 / n_in) (statistical test, false failure <= 1e-6)"""
    check_distribution(student, "he_uniform")


# --- signal propagation ----------------------------------------------------------------------------
# 20 square ReLU layers of width 128, a batch of 32 standard-normal inputs. q_l = mean(z_l^2) of the
# pre-activations. He keeps q constant in expectation; log2(q_20 / q_1) of a correct He draw has mean -0.32
# and standard deviation 1.10 (measured over 1000 seeds for he_normal and he_uniform; min -3.7, max 3.0; the
# spread comes from the random weights, a sum of 19 per-layer terms, close to normal). The band [-7, 6] is
# 6.1 and 5.7 standard deviations from the mean: false failure < 1e-8 under the normal shape, below 1e-6
# even with tails several times heavier.
# Xavier's variance 2 / (128 + 128) is half of He's for square layers, so through ReLU q halves per layer:
# log2 ratio -19.3 on average (sd 1.10): the band [-26, -13] (same argument). The wrong constants leave
# these bands: variance-as-std gives about -130 for He, a missing sqrt(3) about -30.
WIDTH, BATCH, DEPTH = 128, 32, 20
HE_BAND = (-7.0, 6.0)
XAVIER_BAND = (-26.0, -13.0)


@points(4)   # 4: the reason He exists: stable signal through 20 ReLU layers; Xavier's decays as predicted
def test_signal_propagation_through_relu_layers(student, reference):
    """Through 20 ReLU layers He keeps the signal's size and Xavier halves it at every layer"""
    for fn, band in (("he_normal", HE_BAND), ("xavier_normal", XAVIER_BAND)):
        q = np.asarray(student.probe("init_propagation", fn=fn, width=WIDTH, batch=BATCH, depth=DEPTH, seed=5),
                       dtype=np.float64)
        want = np.asarray(reference.probe("init_propagation", fn=fn, width=WIDTH, batch=BATCH, depth=DEPTH, seed=5),
                          dtype=np.float64)
        with np.errstate(all="ignore"):
            ratio = float(np.log2(q[-1] / q[0])) if q[0] > 0 and q[-1] > 0 else -math.inf
        if np.all(np.isfinite(q)) and band[0] <= ratio <= band[1]:
            continue
        if math.isfinite(ratio):
            per_layer = f"{2 ** (ratio / (DEPTH - 1)):.3g}"
        else:
            per_layer = "an unbounded amount" if not np.all(np.isfinite(q)) or ratio > 0 else "0"
        trend = "grows" if ratio > band[1] or not np.all(np.isfinite(q)) else "shrinks"
        expected = ("stay about the same size (He: Var(W) = 2 / n_in makes up for ReLU zeroing half the signal)"
                    if fn.startswith("he") else "halve at every layer (Xavier's variance is half of He's here)")
        with np.errstate(all="ignore"):
            figure = {"kind": "curve", "title": f"{fn}: mean square of the pre-activations, layer by layer",
                      "xlabel": "layer", "ylabel": "mean(z^2)", "x": list(range(1, DEPTH + 1)),
                      "series": {"yours": [float(v) if np.isfinite(v) and v > 0 else None for v in q],
                                 "expected": want.tolist()}, "log_y": True}
        raise GradeFailure(
            f"With your {fn}, the signal through 20 ReLU layers (width {WIDTH}) {trend} by a factor of about "
            f"{per_layer} per layer: mean(z^2) goes from {q[0]:.3g} at layer 1 to {q[-1]:.3g} at layer 20 "
            f"(log2 ratio {ratio:.3g}; a correct {fn} gives {band[0]:g} to {band[1]:g}). It should {expected}.",
            tags=["init-signal-explodes" if trend == "grows" else "init-signal-vanishes"],
            hint="Check the variance: He uses 2 / n_in, Xavier 2 / (n_in + n_out), and a normal draw takes the "
                 "square ROOT of the variance as its std.", figure=figure)

