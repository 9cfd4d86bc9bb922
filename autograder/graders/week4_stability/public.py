"""Week 4's public checks, declared once (how: autograder/kit/declare.py).

Each becomes the ``@visible`` grader test of the same name in its ``test_<problem>.py`` and, through
``autograder generate``, a check in the released ``public_checks/``. Each public problem's classic
mistake is caught by one of them: He's fan_out for fan_in and Xavier's fan sum (the he_normal and
xavier_normal distributions; the two uniform ones stay hidden), per-array instead of global
clipping, the inverted update ratio, the lessons' curves, a window that includes the current step.
Inputs made by a test module's own helper (``arrays`` in test_clipping.py, ...) are built when first
needed: the test modules import this file.
"""
import numpy as np

from autograder.kit.declare import Call, Check, From, Twin, public_tests, rule
from autograder.kit.judge import flatten


# --------------------------------------------------------------------------------- initializers
INIT_SHAPES = ((3, 5), (7, 2), (1, 1))
INIT_SHAPES_TWIN = ((4, 6), (9, 3), (1, 1))      # twin: wider, taller and 1 x 1 again, another seed


def _init_shape_cases(sizes):
    from test_initializers import FUNCS
    return [(fn, n_in, n_out) for fn in FUNCS for n_in, n_out in sizes]


def init_shape_calls(sizes, seed):
    return lambda: [Call("init_draw", fn=fn, n_in=n_in, n_out=n_out, seed=seed, global_seed=None)
                    for fn, n_in, n_out in _init_shape_cases(sizes)]


def init_shape(sizes):
    return lambda ref: _init_shape(sizes)


def shape_rule(call, fn, n_in, n_out, *, allow_transposed=False):
    """Shape (n_in, n_out); with ``allow_transposed`` the (n_out, n_in) layout is left to the shape test."""
    transposed = [n_out, n_in]
    return rule("shape", call=call, path=["W"], shape=[n_in, n_out], what=f"{fn}({n_in}, {n_out}, rng)",
                accept=[transposed] if allow_transposed else [],
                named=[] if allow_transposed or n_in == n_out else [
                    {"shape": transposed, "tag": "init-transposed-shape",
                     "note": "This is the (n_out, n_in) layout PyTorch uses for its weights; here a layer computes "
                             "x @ W, so rows are inputs."}],
                hint="Draw with size=(n_in, n_out).")


def _init_shape(sizes):
    rules = []
    for i, (fn, n_in, n_out) in enumerate(_init_shape_cases(sizes)):
        rules += [shape_rule(i, fn, n_in, n_out),
                  rule("equal", call=i, path=["is_ndarray"], expected=True, tags=["init-wrong-dtype"],
                       message=f"{fn}({n_in}, {n_out}, rng) should return a float64 NumPy array, but it returned a "
                               "{result[dtype]}.",
                       hint="rng.uniform / rng.normal return float64 arrays: return them as they are."),
                  rule("equal", call=i, path=["dtype"], expected="float64", tags=["init-wrong-dtype"],
                       message=f"{fn}({n_in}, {n_out}, rng) should return a float64 NumPy array, but it returned an "
                               "array of dtype {got}.",
                       hint="rng.uniform / rng.normal return float64 arrays: return them as they are.")]
    return rules


RNG_DRAWS = ((11, 1), (11, 2), (12, 1))     # (rng seed, np.random's global seed): a, b, c
RNG_TWIN = ((13, 3), (13, 4), (14, 3))      # twin: the same pattern, other seeds, another shape (5, 7)


def rng_calls(draws, n_in, n_out):
    def calls():
        from test_initializers import FUNCS
        return [Call("init_draw", fn=fn, n_in=n_in, n_out=n_out, seed=seed, global_seed=g)
                for fn in FUNCS for seed, g in draws]
    return calls


def rng_rules(draws, n_in, n_out):
    return lambda ref: _rng(draws, n_in, n_out)


def _rng(draws, n_in, n_out):
    from test_initializers import FUNCS
    (same, _), _, (other, _) = draws
    rules = []
    for f, fn in enumerate(FUNCS):
        a, b, c = 3 * f, 3 * f + 1, 3 * f + 2
        intro = (f"{fn}: with the same rng seed ({same}) the weights should be identical whatever np.random was "
                 f"seeded with, and a different seed ({other}) should give different weights. ")
        rules += [shape_rule(k, fn, n_in, n_out, allow_transposed=True) for k in (a, b, c)]
        rules += [
            rule("equal", call=a, path=["rng_used"], expected=True, tags=["init-global-rng"],
                 message=intro + "Your function did not draw anything from the rng it was given: it uses NumPy's "
                                 "global random state (np.random.*) instead."),
            rule("equal", call=a, path=["W"], expected_ref={"call": b, "path": ["W"]}, tags=["init-not-deterministic"],
                 message=intro + "The same seed gave different weights."),
            rule("equal", call=a, path=["W"], expected_ref={"call": c, "path": ["W"]}, negate=True,
                 tags=["init-not-deterministic"], message=intro + f"Seeds {same} and {other} gave the same weights."),
        ]
    return rules


# twin: another seed and shape with the same 100 000 draws (the same power and false-failure budget, 1e-6 each)
DISTRIBUTION_TWIN = {"n_in": 500, "n_out": 200, "seed": 20240612}


def distribution_call(fn, n_in=None, n_out=None, seed=None):
    from test_initializers import N_IN, N_OUT, SEED
    return Call("init_draw", fn=fn, n_in=n_in or N_IN, n_out=n_out or N_OUT, seed=seed or SEED, global_seed=None)


def distribution_rules(fn, call=0, n_in=None, n_out=None, seed=None):
    """The statistical test of one initializer (false failure <= 1e-6): the statistics, tolerances and their
    reasons are test_initializers.py's; the judging is autograder/kit/judge.py's ``distribution``. Every mistake
    of test_initializers.mistakes is named by the ratio of its std to the right one: 0.03 apart, where the std is
    estimated to +-0.8 % and the mistakes' ratios differ by >= 4 %."""
    from test_initializers import KS_EPS, N_IN, N_OUT, P_CHECK, TRUNCATED_AT, Z, mistakes, spec
    N_IN, N_OUT = n_in or N_IN, n_out or N_OUT
    kind, scale, std = spec(fn, N_IN, N_OUT)
    return [shape_rule(call, fn, N_IN, N_OUT, allow_transposed=True),
            rule("distribution", call=call, path=["W"], what=f"{fn}({N_IN}, {N_OUT}, rng)", law=kind, scale=scale,
                 std=std, z=Z, p_check=P_CHECK, ks_eps=KS_EPS,
                 ratio_tol=0.03,    # std estimated to +-0.8 %; the mistakes' ratios differ by >= 4 %
                 # "tag@form": one mistake, several forms; "tag+tag@form": numbers with two readings, both named
                 mistakes=[{"tags": tag.split("@")[0].split("+"), "ratio": ratio, "words": words,
                            **({"max_abs": TRUNCATED_AT * std} if tag.startswith("init-truncated") else {})}
                           for tag, (ratio, words) in mistakes(fn, N_IN, N_OUT).items()],
                 expected_words=("a = " + format(scale, ".5g") + ", std = a / sqrt(3)" if kind == "uniform"
                                 else "std") + f" for n_in = {N_IN}, n_out = {N_OUT}",
                 std_hint="The variance sets the size: He uses 2 / n_in (fan-in only), Xavier 2 / (n_in + n_out). A "
                          "normal draw takes the SQUARE ROOT of the variance as its std; a uniform one the bound "
                          "a = sqrt(3 times the variance), since U(-a, a) has variance a^2 / 3.")]


# ------------------------------------------------------------------------------------- clipping
CLIP_VALUE_CASES = ((0, (7,), 1.0), (1, (3, 4), 0.5), (2, (2, 3, 2), 2.0))
CLIP_VALUE_TWIN = ((3, (9,), 0.8), (4, (2, 5), 0.3), (5, (3, 2, 2), 1.5))   # twin: 1-D, 2-D, 3-D, other limits


def clip_value_calls(cases):
    def calls():
        from test_clipping import arrays
        return [Call("clip_one", fn="clip_by_value", grad=arrays(seed, [shape], 1.5)[0], limit=max_val)
                for seed, shape, max_val in cases]
    return calls


def clip_value(cases):
    return lambda ref: _clip_value(ref, clip_value_calls(cases)())


def _clip_value(ref, calls):
    from test_clipping import VALUE_HINT
    rules = []
    for i, call in enumerate(calls):
        g, max_val = call.inputs["grad"], call.inputs["limit"]
        one_sided = [("clipping from above only (entries below -max_val pass)", np.minimum(g, max_val)),
                     ("clipping from below only (entries above max_val pass)", np.maximum(g, -max_val)),
                     ("clipping to [0, max_val] (negative entries become 0)", np.clip(g, 0, max_val))]
        rules += [
            # exact: clipping copies or replaces each entry, no arithmetic
            rule("close", call=i, path=["out"], what=f"clip_by_value(grad of shape {g.shape}, {max_val})",
                 expected=[ref(i)["out"]], rtol=0.0, atol=0.0, hint=VALUE_HINT,
                 mistakes=[{"tag": "clip-value-one-sided", "words": words, "values": values}
                           for words, values in one_sided]
                 # a mechanism grown from round 8 (docs/graders.md): the bounds exchanged leave no interval, so
                 # every entry lands on one bound (np.clip(g, max_val, -max_val) gives -max_val everywhere)
                 + [{"tag": "clip-value-bounds-swapped", "values": np.full(g.shape, bound),
                     "words": f"the two bounds exchanged (the lower one above the upper one): no entry lies between "
                              f"them, so every entry comes out at the same bound, {bound:g}"}
                    for bound in (-max_val, max_val)],
                 mistake_message="{what}: your result matches {words}: every entry must end up in "
                                 f"[-{max_val}, {max_val}], both ends."),
            rule("equal", call=i, path=["input_unchanged"], expected=True, tags=["clip-mutates-input"],
                 message="clip_by_value changed the array it was given; it must return a new array.",
                 hint="Return a new array: clipping in place (out= the input, or an augmented assignment) changes "
                      "the caller's gradient."),
        ]
    return rules


GLOBAL_CASES = ((8, 1.0, 1.0), (9, 3.0, 5.0), (10, 0.05, 1.0))
# twin: clipped twice (global norms ~5.8 and ~9.6 over 2.0 and 4.0) and left alone once (~0.38 under 1.5)
GLOBAL_TWIN = ((11, 1.2, 2.0), (12, 2.0, 4.0), (13, 0.08, 1.5))


def global_calls(cases):
    def calls():
        from test_clipping import SHAPES, arrays
        return [Call("clip_global", grads=arrays(seed, SHAPES, scale), max_norm=max_norm)
                for seed, scale, max_norm in cases]
    return calls


def clip_global(cases):
    return lambda ref: _clip_global(ref, cases)


def _clip_global(ref, cases):
    from test_clipping import ATOL, GLOBAL_HINT, RTOL, SHAPES, arrays, global_forms
    rules = []
    for i, (seed, scale, max_norm) in enumerate(cases):
        gs = arrays(seed, SHAPES, scale)
        forms, total = global_forms(gs, max_norm)
        per_array = [g * min(1.0, max_norm / np.sqrt(np.sum(g ** 2))) for g in gs]
        what = (f"clip_by_global_norm on {len(gs)} arrays with global norm {total:.4g} and max_norm {max_norm} "
                f"(expected: every array scaled by {min(1.0, max_norm / total):.4g})")
        mistakes = [{"tag": "clip-per-array", "values": flatten(per_array),
                     "words": "PER-ARRAY clipping instead of global clipping: each array was clipped by its own "
                              "norm, which changes the direction of the whole update."}]
        norms = [np.sqrt(np.sum(g ** 2)) for g in gs]
        if total > max_norm:
            mistakes += [
                {"tag": "clip-global-max-norm", "values": flatten([g * min(1.0, max_norm / max(norms)) for g in gs]),
                 "words": "a total that is the LARGEST of the arrays' norms; the global norm is the norm of all the "
                          "arrays together (laid end to end), which is larger."},
                {"tag": "clip-global-norm-sum-of-norms",
                 "values": flatten([g * min(1.0, max_norm / sum(norms)) for g in gs]),
                 "words": "a total that is the SUM of the arrays' norms; the global norm is the square root of the "
                          "sum of ALL the squares (the norm of all arrays laid end to end), which is smaller."}]
        else:
            mistakes.append({"tag": "clip-scales-up", "values": flatten([g * (max_norm / total) for g in gs]),
                             "words": "scaling small gradients UP to max_norm; clipping never enlarges: below "
                                      "max_norm the arrays come back unchanged."})
        rules += [
            rule("length", call=i, path=["out"], n=len(gs), hint=GLOBAL_HINT,
                 message="clip_by_global_norm should return one clipped array per gradient ({n}), but returned {got}."),
            # RTOL/ATOL: test_clipping.py (a few ulps; torch's (norm + 1e-6) form accepted as the second form)
            rule("close", call=i, path=["out"], what=what, flatten=True, rtol=RTOL, atol=ATOL,
                 structure=[list(g.shape) for g in gs],
                 structure_message=f"expected {len(gs)} arrays of shapes {[g.shape for g in gs]}.",
                 expected=[flatten(form) for form in forms],
                 labels=[f"clipped[{k}] at index {tuple(int(j) for j in np.unravel_index(e, g.shape))}"
                         for k, g in enumerate(gs) for e in range(g.size)],
                 mistakes=mistakes, mistake_message="This matches {words} {detail}.", hint=GLOBAL_HINT,
                 # the family "the right direction, the wrong length" (after the models): every array scaled by
                 # one factor, but not max_norm / total -- the total or the ratio is wrong (as clip_by_norm's test)
                 factor={"names": {"max_norm": max_norm, "1/max_norm": 1 / max_norm, "total": total,
                                   "1/total": 1 / total, "2": 2.0, "1/2": 0.5},
                         "thing": "the expected result", "tag": "clip-scaled", "sign_tag": "clip-scaled",
                         "message": "{what}: {words}: every array is scaled by one factor, as it should be, but by "
                                    "the wrong one. Check how the total is computed (the square root of the sum of "
                                    "the squares of every entry of every array) and the factor max_norm / total "
                                    "made from it. First difference: {detail}."}),
        ]
    return rules


# ---------------------------------------------------------------------------------- update ratio
UPDATE_RATIO_HINT = ("One number for the whole array: the L2 norm of the update (over ALL its entries) divided by the "
                     "L2 norm of the parameter.")


UPDATE_RATIO_PAIR = (np.array([3.0, 4.0]), np.array([0.03, 0.04]))
UPDATE_RATIO_TWIN = (np.array([1.0, -2.0, 2.0]), np.array([0.06, 0.0, -0.03]))   # twin: 3 entries, signs, a zero


def update_ratio_calls(pair):
    return [Call("update_ratios", pairs=[list(pair)])]


def update_ratio(pair, label):
    return lambda ref: _update_ratio(ref, pair, label)


def _update_ratio(ref, pair, label):
    from test_update_ratio import ATOL, RTOL, variants
    ps = [pair]
    return [rule("close", call=0, what="update_ratio values", expected=[ref(0)], rtol=RTOL, atol=ATOL,
                 labels=[f"update_ratio({label}, shape {pair[0].shape})"],
                 detail="{label} should be {want} = norm(update) / norm(param), but your function returned {got}",
                 message="{detail}.", mistake_message="This matches {words}. {detail}.",
                 mistakes=[{"tag": tag.split("@")[0], "words": words, "values": values}      # "tag@form"
                           for tag, (values, words) in variants(ps).items()],
                 factor={"names": {"2": 2.0, "1/2": 0.5}, "thing": "the expected ratio", "tag": "update-ratio-scaled",
                         "sign_tag": "update-ratio-scaled", "message": "Your values: {words}. {detail}."},
                 hint=UPDATE_RATIO_HINT)]


# ------------------------------------------------------------------------------------- diagnose
LESSON_CURVES = [("healthy", [0.44, 0.31, 0.12, 0.05], None),
                 ("lr_too_high", [0.44, 0.52, 0.48, 0.51], None),
                 ("lr_too_low", [0.44, 0.43, 0.42, 0.41], None),
                 ("diverging", [0.5, 0.9, 4.0, float("nan")], None),
                 ("overfitting", [1.0, 0.6, 0.4, 0.3, 0.22, 0.17, 0.13, 0.1, 0.08, 0.06],
                  [1.0, 0.7, 0.55, 0.5, 0.52, 0.58, 0.66, 0.75, 0.85, 0.95]),
                 ("plateau", [2.3, 2.31, 2.29, 2.3, 2.3, 2.31, 2.3, 2.29, 2.3, 2.3], None),
                 # the docstring's first rule: a loss that is not finite, in EITHER curve (here inf, not nan)
                 ("diverging", [0.9, 0.6, 0.45, 0.4, 0.38, 0.37], [1.0, 0.8, 0.9, 4.0, float("inf"), float("inf")])]
# twin: a clear curve of each kind again, on other numbers and lengths (tests/test_graders.py checks that the
# reference and every sound diagnoser of sound_heuristics.py name each one alike)
DIAGNOSE_TWIN = [("healthy", [0.9, 0.6, 0.35, 0.2, 0.12], None),
                 ("lr_too_high", [0.6, 0.72, 0.66, 0.7], None),
                 ("lr_too_low", [0.9, 0.895, 0.89, 0.885, 0.88], None),
                 ("diverging", [0.6, 1.5, 9.0, float("nan"), float("nan")], None),
                 ("overfitting", [1.2, 0.8, 0.55, 0.4, 0.3, 0.22, 0.16, 0.12, 0.09, 0.07, 0.05],
                  [1.2, 0.9, 0.7, 0.62, 0.6, 0.64, 0.7, 0.78, 0.88, 0.99, 1.1]),
                 ("plateau", [1.7, 1.71, 1.69, 1.7, 1.7, 1.71, 1.7, 1.69, 1.7, 1.7, 1.71, 1.7], None),
                 ("diverging", [1.1, 0.8, 0.6, 0.5, 0.45], [1.2, 1.0, 3.0, float("inf"), float("inf")])]


def diagnose_calls(curves):
    return [Call("diagnose", curves=[{"train": tr, "val": va} for _, tr, va in curves])]


def diagnose(curves):
    return lambda ref: _diagnose(curves)


def _diagnose(curves):
    from test_diagnose import ADVICE, RISE_WORDS, _plain, rise_read_as_diverging
    items = []
    for label, tr, va in curves:
        call = f"diagnose_loss_curve({tr}{', val_losses=' + str(va) if va else ''})"
        # the family "a finite rise read as diverging" (test_diagnose), for this curve alone
        rise = rise_read_as_diverging({label: [("diverging", "", tr, va)]})
        items.append({"label": label, "tag": f"diagnosis-missed-{label.replace('_', '-')}",
                      "message": f"{call} should be '{label}', but your function said '{{got}}': {ADVICE[label]}.",
                      "if_said": {"diverging": {"tag": "diagnose-rise-called-diverging",
                                                "message": RISE_WORDS.format(which="This curve")}} if rise else {},
                      "figure": {"kind": "loss_curve", "train": _plain(tr), "val": _plain(va), "expected": label}})
    return [rule("labels", call=0, function="diagnose_loss_curve", items=items,
                 hint="Start from the docstring's rules; these are its examples.")]


# ------------------------------------------------------------------------------------ anomalies
ANOMALY_SERIES = [([1.0, 1.2, 0.9, 50.0, 1.1, 1.0], {"factor": 10.0, "window": 3}),
                  ([1.0, 30.0, 1.0, 1.1, 0.9], {})]
# twin: a spike after a few steps with other factor and window, and a spike at step 1 with the defaults
ANOMALY_TWIN = [([2.0, 1.8, 2.2, 1.9, 40.0, 2.1, 2.0], {"factor": 8.0, "window": 4}),
                ([0.5, 20.0, 0.6, 0.5], {})]


def _graded_series(series):
    """The series graded: those every correct writing of the rule agrees on (test_anomalies.agreed)."""
    from test_anomalies import agreed
    return agreed(series)


def anomaly_calls(series):
    return lambda: [Call("anomalies", series=[{"norms": s, "kw": kw} for s, kw in _graded_series(series)])]


def anomalies(series):
    def rules(ref):
        from test_anomalies import indices_rule
        return [indices_rule(_graded_series(series), "Short series")]
    return rules


CHECKS = [
    Check(test="test_initializers_shape_and_dtype", task="xavier_uniform",
          name="Initializers return float64 arrays of shape (n_in, n_out)",
          points=3,   # 3: the contract every later test relies on (layout (n_in, n_out), float64)
          calls=init_shape_calls(INIT_SHAPES, 1), rules=init_shape(INIT_SHAPES), hint="Draw with size=(n_in, n_out).",
          twin=Twin(init_shape_calls(INIT_SHAPES_TWIN, 2), init_shape(INIT_SHAPES_TWIN), why="other shapes, seed")),
    Check(test="test_initializers_use_the_given_rng", task="xavier_uniform",
          name="Initializers draw from the given rng only: same seed, same weights; another seed, other weights",
          points=3,   # 3: randomness only from the rng argument (determinism, no global state)
          calls=rng_calls(RNG_DRAWS, 6, 4), rules=rng_rules(RNG_DRAWS, 6, 4),
          twin=Twin(rng_calls(RNG_TWIN, 5, 7), rng_rules(RNG_TWIN, 5, 7), why="other seeds and shape"),
          hint="Draw with the rng argument: rng.uniform(...) or rng.normal(...), never np.random.*."),
    Check(test="test_xavier_normal_distribution", task="xavier_normal",
          name="xavier_normal draws N(0, 2 / (n_in + n_out)) (statistical test, false failure <= 1e-6)",
          points=3,   # 3: xavier_normal's mean, variance and shape; public: catches He's fan in Xavier
          calls=lambda: [distribution_call("xavier_normal")], rules=lambda ref: distribution_rules("xavier_normal"),
          twin=Twin(lambda: [distribution_call("xavier_normal", **DISTRIBUTION_TWIN)],
                    lambda ref: distribution_rules("xavier_normal", **DISTRIBUTION_TWIN), why="another seed and shape"),
          hint="Var(W) = 2 / (n_in + n_out) (the sum of the fans): std = sqrt(2 / (n_in + n_out))."),
    Check(test="test_he_normal_distribution", task="he_normal",
          name="he_normal draws N(0, 2 / n_in) (statistical test, false failure <= 1e-6)",
          points=3,   # 3: he_normal's mean, variance and shape; public: catches fan_out for fan_in
          calls=lambda: [distribution_call("he_normal")], rules=lambda ref: distribution_rules("he_normal"),
          twin=Twin(lambda: [distribution_call("he_normal", **DISTRIBUTION_TWIN)],
                    lambda ref: distribution_rules("he_normal", **DISTRIBUTION_TWIN), why="another seed and shape"),
          hint="Var(W) = 2 / n_in (fan-in only): std = sqrt(2 / n_in)."),
    Check(test="test_clip_by_value", task="clip_by_value",
          name="clip_by_value clips every entry to [-max_val, max_val] and leaves its input alone",
          points=3,   # 3: the simplest clip, checked entry by entry, input untouched
          calls=clip_value_calls(CLIP_VALUE_CASES), rules=clip_value(CLIP_VALUE_CASES),
          hint=From("test_clipping", "VALUE_HINT"),
          twin=Twin(clip_value_calls(CLIP_VALUE_TWIN), clip_value(CLIP_VALUE_TWIN), why="other arrays and limits")),
    Check(test="test_clip_by_global_norm_values", task="clip_by_global_norm",
          name="clip_by_global_norm scales every array by the same factor, from the norm of all of them together",
          points=4,   # 4: the point of global clipping: ONE scale for all arrays; public: catches per-array clipping
          calls=global_calls(GLOBAL_CASES), rules=clip_global(GLOBAL_CASES), hint=From("test_clipping", "GLOBAL_HINT"),
          twin=Twin(global_calls(GLOBAL_TWIN), clip_global(GLOBAL_TWIN), why="clipped twice, left alone once")),
    Check(test="test_update_ratio_example", task="update_ratio",
          name="update_ratio([3, 4], [0.03, 0.04]) is 0.01",
          points=1,   # 1: the docstring's example
          calls=update_ratio_calls(UPDATE_RATIO_PAIR),
          rules=update_ratio(UPDATE_RATIO_PAIR, "the docstring's example #1"),
          hint=UPDATE_RATIO_HINT,
          twin=Twin(update_ratio_calls(UPDATE_RATIO_TWIN), update_ratio(UPDATE_RATIO_TWIN, "another pair"),
                    why="another pair of arrays")),
    Check(test="test_diagnose_lesson_examples", task="diagnose_loss_curve",
          name="diagnose_loss_curve names the lessons' example curves",
          points=2,   # 2: the lessons' four examples (public in the docstring) and two more textbook shapes
          calls=diagnose_calls(LESSON_CURVES), rules=diagnose(LESSON_CURVES),
          hint="Start from the docstring's rules; these are its examples.",
          twin=Twin(diagnose_calls(DIAGNOSE_TWIN), diagnose(DIAGNOSE_TWIN), why="a clear curve of each kind again")),
    Check(test="test_anomalies_examples", task="gradient_anomalies",
          name="gradient_anomalies flags the spike in the docstring's example and a spike at step 1",
          points=2,   # 2: the docstring's example and a spike right at step 1 (one norm of history)
          calls=anomaly_calls(ANOMALY_SERIES), rules=anomalies(ANOMALY_SERIES), hint=From("test_anomalies", "HINT"),
          twin=Twin(anomaly_calls(ANOMALY_TWIN), anomalies(ANOMALY_TWIN), why="other spikes, factor and window")),
]

public_test = public_tests(CHECKS)
