"""update_ratio: the size of an update relative to the weights, norm(update) / norm(param)."""
import numpy as np

from autograder.grading import as_array, closest, constant_factor, factor_words, fail, points
from public import public_test

# one norm each and one division: a correct result agrees to a few ulps; the mistakes below are off by
# factors (their reciprocal, squares, means of absolute values) far outside 1e-9.
RTOL, ATOL = 1e-9, 0.0


def pairs(seed):
    rng = np.random.default_rng(seed)
    out = []
    for shape, scale in (((5, 4), 1e-2), ((7,), 1e-1), ((3, 2, 2), 1e-3)):
        p = rng.standard_normal(shape)
        out.append((p, scale * rng.standard_normal(shape)))
    return out


def variants(ps):
    def norm(a):
        return float(np.sqrt(np.sum(a ** 2)))
    return {
        "update-ratio-inverted": ([norm(p) / norm(u) for p, u in ps], "the ratio the wrong way round "
                                  "(norm(param) / norm(update))"),
        "update-ratio-squared": ([norm(u) ** 2 / norm(p) ** 2 for p, u in ps], "a ratio of SQUARED norms"),
        "update-ratio-mean-abs": ([float(np.mean(np.abs(u)) / np.mean(np.abs(p))) for p, u in ps],
                                  "a ratio of mean absolute values instead of L2 norms"),
        "update-ratio-difference": ([norm(u - p) / norm(p) for p, u in ps],
                                    "norm(update - param) / norm(param): the update is the CHANGE itself, not the "
                                    "new value of the parameter"),
        "update-ratio-elementwise": ([float(np.mean(np.abs(u) / np.abs(p))) for p, u in ps],
                                     "the MEAN of entry-by-entry ratios |update| / |param| (one tiny weight makes "
                                     "it huge) instead of one ratio of the two norms"),
        # the family "the weights after the step as the denominator": param + update (the update applied), or
        # param - update (the update read as the step subtracted)
        **{f"update-ratio-over-updated-param@{sign}": ([norm(u) / norm(p + s * u) for p, u in ps],
                                                       f"norm(update) / norm(param {sign} update): the ratio over the "
                                                       "weights AFTER the step; it compares the update with the "
                                                       "weights it is applied to, as they were before it")
           for sign, s in (("+", 1.0), ("-", -1.0))},
        # the family "a norm squared, or a root, where the plain norm belongs": norm(update)**a / norm(param)**b
        **{f"{_power_tag(a, b)}@{a},{b}": ([norm(u) ** a / norm(p) ** b for p, u in ps],
                                           f"norm(update)**{a:g} / norm(param)**{b:g}: both norms enter as they are, "
                                           "to the power 1 (np.linalg.norm is already the square root of the sum "
                                           "of squares)")
           for a in (0.5, 1, 2) for b in (0.5, 1, 2) if (a, b) not in ((1, 1), (2, 2))},
        # the family "another statistic of size than the L2 norm" (makemore plots std(update) / std(param))
        **{f"update-ratio-other-statistic@{name}": ([float(stat(u) / stat(p)) for p, u in ps],
                                                    f"{name}(update) / {name}(param): the spec's ratio is of L2 norms, "
                                                    "the square root of the sum of squares of ALL entries (a "
                                                    "standard deviation subtracts the mean first)")
           for name, stat in (("std", np.std), ("max |.|", lambda a: np.max(np.abs(a))), ("var", np.var))},
        # the family "the ratio returned as its logarithm" (what the plots show, log10 on the y axis)
        **{f"update-ratio-log@{name}": ([float(log(norm(u) / norm(p))) for p, u in ps],
                                        f"the {name} of the ratio: the spec returns the ratio itself (about 1e-3 for a "
                                        "healthy step); take the logarithm only when plotting")
           for name, log in (("log10", np.log10), ("natural log", np.log))},
    }


def _power_tag(a, b):
    return "update-ratio-param-squared" if b == 2 else "update-ratio-update-squared" if a == 2 else \
        "update-ratio-root"


def check(student, ps, label):
    got = as_array(student.probe("update_ratios", pairs=[[p, u] for p, u in ps]), what="update_ratio values",
                   shape=(len(ps),))
    want = np.array([np.sqrt(np.sum(u ** 2)) / np.sqrt(np.sum(p ** 2)) for p, u in ps])
    if np.allclose(got, want, rtol=RTOL, atol=ATOL):
        return
    cands = variants(ps)
    name = closest(got, {k: np.array(v[0]) for k, v in cands.items()}, rtol=1e-9, atol=0.0)
    i = int(np.argmax(~np.isclose(got, want, rtol=RTOL, atol=ATOL)))
    found = None if name else constant_factor(got, want, {"2": 2.0, "1/2": 0.5})
    named = f"This matches {cands[name][1]}. " if name else \
        f"Your values: {factor_words(*found, 'the expected ratio')}. " if found else ""
    name = name.split("@")[0] if name else ("update-ratio-scaled" if found else None)
    fail(named
         + f"update_ratio({label} #{i + 1}, shape {ps[i][0].shape}) should be {want[i]:.6g} = norm(update) / "
           f"norm(param), but your function returned {got[i]:.6g}.",
         tags=[name] if name else [], hint="One number for the whole array: the L2 norm of the update (over ALL its "
                                           "entries) divided by the L2 norm of the parameter.")


test_update_ratio_example = public_test("test_update_ratio_example")


@points(2)   # 2: matrices and tensors: the norm covers every entry
def test_update_ratio_values(student):
    """update_ratio is norm(update) / norm(param) over all entries, for arrays of any shape"""
    check(student, pairs(0), "pair")
