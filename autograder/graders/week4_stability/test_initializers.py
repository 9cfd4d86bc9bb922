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

from autograder.grading import GradeFailure, points
from autograder.kit.declare import judge_student
from public import distribution_call, distribution_rules, public_test

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
TRUNCATED_AT = 2.0      # the cut, in the right std: a clipped or truncated draw never has |w| beyond it
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
    # the truncated draws are told apart from the rest by their bound (TRUNCATED_AT), not by their ratio alone:
    # a model of the fan as close as 4 % to theirs is kept (LeCun's sqrt(1 / n_in) for Xavier: 0.90 against 0.88)
    return {**out, **fan_family(fn, n_in, n_out, [r for tag, (r, _) in out.items()
                                                  if not tag.startswith("init-truncated")])}


FANS = {"n_in": lambda i, o: i, "n_out": lambda i, o: o, "(n_in + n_out)": lambda i, o: i + o,
        "((n_in + n_out) / 2)": lambda i, o: (i + o) / 2}     # the mean in parentheses: sqrt(6 / mean), not / 2 after


def fan_family(fn, n_in, n_out, taken):
    """The family "the wrong fan or the wrong gain": a bound (uniform) or std (normal) of sqrt(k / fan) for every
    fan of FANS and k in 1, 2, 3, 6 that is not the right one -> (ratio, words), tag ``init-fan-out`` (n_out
    alone), ``init-xavier-he-swapped`` (the other method's fan), ``init-fan-mean`` (the fans' mean) or
    ``init-wrong-gain`` (the right fan, another k; Xavier's spread over the fans' mean is also its spread times
    sqrt(2), ReLU's gain: both names, ``tag+tag@...``). Kept only when its ratio is 4 % or more from 1 and from
    every ratio already named, the separation the distribution rule's ratio_tol (3 %) needs."""
    uniform, xavier = fn.endswith("uniform"), fn.startswith("xavier")
    right_fan = "(n_in + n_out)" if xavier else "n_in"
    _, _, right = spec(fn, n_in, n_out)
    out = {}
    for fan, of in FANS.items():
        for k in (1, 2, 3, 6):
            scale = math.sqrt(k / of(n_in, n_out))
            ratio = (scale / math.sqrt(3) if uniform else scale) / right
            if abs(ratio - 1) < 0.04 or any(abs(ratio / r - 1) < 0.04 for r in taken):
                continue
            taken = [*taken, ratio]
            tag = ("init-wrong-gain" if fan == right_fan else "init-fan-out" if fan == "n_out"
                   else "init-fan-mean" if fan.endswith("/ 2)") else "init-xavier-he-swapped")
            also = ""
            if xavier and fan == "n_in" and k == (3 if uniform else 1):
                # round 14: sqrt(1 / n_in) (a std) or sqrt(3 / n_in) (a bound) is LeCun's rule -- Xavier's 1 / fan
                # variance with fan_in alone (He's fan), gain 1: the words say which rule it is
                also = " -- LeCun's rule (variance 1 / fan_in), the Xavier of some course notes"
            if xavier and tag == "init-fan-mean" and k == (6 if uniform else 2):
                # Xavier's own k over the fans' mean is Xavier's spread times sqrt(2), the same numbers as ReLU's
                # gain sqrt(2) on Xavier's formula (torch's calculate_gain('relu')): both readings are named
                tag, also = "init-fan-mean+init-wrong-gain", (" -- the same numbers as Xavier's formula times a gain "
                                                             "of sqrt(2), ReLU's gain, which Xavier does not take "
                                                             "here")
            out[f"{tag}@{fan},{k}"] = (ratio, f"{'a bound' if uniform else 'a std'} of sqrt({k} / {fan}){also}: the "
                                              f"{'Xavier' if xavier else 'He'} {'bound' if uniform else 'std'} is "
                                              f"sqrt({6 if uniform else 2} / {right_fan})")
    return out


def check_distribution(student, fn):
    """The statistical test of ``fn`` (spread, mean, bound, KS): the rules are declared once in public.py,
    where he_normal's and xavier_normal's are public checks, and judged by autograder/kit/judge.py."""
    judge_student(student, [distribution_call(fn)], {"rules": distribution_rules(fn)})


test_initializers_shape_and_dtype = public_test("test_initializers_shape_and_dtype")


test_initializers_use_the_given_rng = public_test("test_initializers_use_the_given_rng")


@points(3)   # 3: xavier_uniform's bound, mean, variance and shape (false-failure <= 1e-6, see top)
def test_xavier_uniform_distribution(student):
    """xavier_uniform draws U(-a, a) with a = sqrt(6 / (n_in + n_out)) (statistical test, false failure <= 1e-6)"""
    check_distribution(student, "xavier_uniform")


test_xavier_normal_distribution = public_test("test_xavier_normal_distribution")


test_he_normal_distribution = public_test("test_he_normal_distribution")


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

