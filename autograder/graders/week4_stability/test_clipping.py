"""Gradient clipping: by value, by norm, by global norm."""
import numpy as np

from autograder.grading import as_array, constant_factor, factor_words, fail, points
from public import public_test

# Clipping is one norm and one multiplication: a correct result equals the parent's numpy value to a few
# ulps (<= 1e-15 relative). PyTorch's form divides by (norm + 1e-6): at the norms used here (>= 2.5) that
# is a relative change <= 4e-7, accepted by checking both forms. The mistakes differ by >= 10 %
# (per-array vs global: 0.3 to 0.7 here; scaling up small gradients: the factor max_norm / norm >= 1.25).
RTOL, ATOL = 1e-9, 1e-12
VALUE_HINT = ("Each entry is limited on its own to the interval [-max_val, max_val]: values below it are raised to "
              "-max_val, values above it lowered to max_val, the rest kept.")
NORM_HINT = ("The norm is the square root of the sum of the squares of ALL entries. Only when it exceeds max_norm is "
             "the gradient scaled, by max_norm / norm, which keeps its direction and makes its norm exactly "
             "max_norm; otherwise it comes back unchanged (a copy).")
GLOBAL_HINT = ("One norm for all the arrays together: the square root of the sum of the squares of every entry of "
               "every array (not a sum of per-array norms). When it exceeds max_norm, EVERY array is scaled by the "
               "same factor max_norm / total, which keeps the direction of the whole update.")


def arrays(seed, shapes, scale):
    rng = np.random.default_rng(seed)
    return [scale * rng.standard_normal(s) for s in shapes]


# ------------------------------------------------------------------------------- clip_by_value ---

test_clip_by_value = public_test("test_clip_by_value")


# -------------------------------------------------------------------------------- clip_by_norm ---

def norm_forms(g, max_norm):
    n = np.sqrt(np.sum(g ** 2))
    return [g * (max_norm / n) if n > max_norm else g,                       # the docstring
            g * min(1.0, max_norm / (n + 1e-6))]                             # torch.nn.utils.clip_grad_norm_


def check_norm_case(student, g, max_norm, label):
    res = student.probe("clip_one", fn="clip_by_norm", grad=g, limit=max_norm)
    out = as_array(res["out"], what=f"clip_by_norm({label}, {max_norm})", shape=g.shape)
    norm = float(np.sqrt(np.sum(g ** 2)))
    second = res.get("second")
    if second is not None:
        # the model "a norm returned besides the array" (round 9): the second value is the gradient's norm (rtol
        # 1e-6: any formula of the norm -- a sum of squares, hypot, np.linalg.norm -- agrees to ~1e-15)
        said = (f"the gradient's norm {second:.6g}" if np.isclose(second, norm, rtol=1e-6) else
                f"the number {second:.6g}")
        fail(f"clip_by_norm({label}, {max_norm}) returned a pair: an array and {said}. The contract's clip_by_norm "
             "returns the clipped array only; it is clip_by_global_norm (and torch's clip_grad_norm_) that also "
             "reports the norm.", tags=["clip-norm-returns-norm"] if np.isclose(second, norm, rtol=1e-6) else [],
             hint=NORM_HINT)
    if any(np.allclose(out, f, rtol=RTOL, atol=ATOL) for f in norm_forms(g, max_norm)):
        return res
    got_norm = float(np.sqrt(np.sum(out ** 2)))
    what = f"clip_by_norm({label} with norm {norm:.4g}, max_norm={max_norm})"
    # 1e-5: torch's coefficient max_norm / (norm + 1e-6), unclamped, scales a gradient of norm >= 0.1 up to
    # within 1e-5 of max_norm; an honest result below max_norm keeps its own norm (0.245 here, far off)
    if norm <= max_norm and np.isclose(got_norm, max_norm, rtol=1e-5):
        fail(f"{what} scaled the gradient UP to norm {got_norm:.4g}. Clipping never enlarges a gradient: below "
             f"max_norm it must come back unchanged.", tags=["clip-scales-up"],
             hint=NORM_HINT)
    if g.ndim == 2:
        rows = np.sqrt(np.sum(g ** 2, axis=1, keepdims=True))
        per_row = g * np.minimum(1.0, max_norm / rows)
        if np.allclose(out, per_row, rtol=RTOL, atol=ATOL):
            fail(f"{what} clipped each ROW to max_norm separately. The norm covers all entries of the array: "
                 f"sqrt(sum(grad ** 2)).", tags=["clip-norm-per-row"],
                 hint=NORM_HINT)
    if g.ndim == 2 and norm > max_norm:
        # the family "a matrix norm where the norm of all entries belongs": np.linalg.norm(g, ord) of a 2-D array
        for ord_, words in ((2, "the largest singular value, np.linalg.norm(grad, 2)"),
                            ("nuc", "the nuclear norm, np.linalg.norm(grad, 'nuc')"),
                            (1, "the largest column sum, np.linalg.norm(grad, 1)"),
                            (np.inf, "the largest row sum, np.linalg.norm(grad, np.inf)")):
            m = float(np.linalg.norm(g, ord_))
            if not np.isclose(m, norm, rtol=1e-6) and np.allclose(out, g * min(1.0, max_norm / m), rtol=RTOL,
                                                                  atol=ATOL):
                fail(f"{what} was scaled with a MATRIX norm, {words} = {m:.6g}, instead of the norm of all entries, "
                     f"{norm:.6g}. For a 2-D array np.linalg.norm's ord=2 is not the L2 norm of the entries: use "
                     "sqrt(sum(grad ** 2)), or np.linalg.norm(grad) without ord.", tags=["clip-norm-matrix-norm"],
                     hint=NORM_HINT)
    entrywise = np.clip(g, -max_norm, max_norm)
    if np.allclose(out, entrywise, rtol=RTOL, atol=ATOL):
        # the model "the value rule for the norm rule" (round 9): each entry limited to [-max_norm, max_norm]
        fail(f"{what} limited each ENTRY to [-max_norm, max_norm] -- clipping by value. Clipping by norm scales the "
             "WHOLE gradient by one factor, max_norm / norm, when its norm exceeds max_norm: the direction is kept, "
             "and a gradient of many small entries with a large norm is scaled too.", tags=["clip-norm-by-value"],
             hint=NORM_HINT)
    squared = float(np.sum(g ** 2))
    if squared > max_norm and np.allclose(out, g * (max_norm / squared), rtol=RTOL, atol=ATOL) and \
            not np.isclose(squared, norm):
        fail(f"{what}: your result is scaled by max_norm / {squared:.6g}, the SQUARED norm: the norm is the square "
             "root of the sum of squares.", tags=["clip-norm-squared"], hint=NORM_HINT)
    want = norm_forms(g, max_norm)[0]
    found = constant_factor(out, want, {"max_norm": max_norm, "1/max_norm": 1 / max_norm, "norm": norm,
                                        "1/norm": 1 / norm, "2": 2.0, "1/2": 0.5})
    if found is not None:
        fail(f"{what}: {factor_words(*found, 'the expected result')}.", tags=["clip-scaled"], hint=NORM_HINT)
    idx = tuple(int(i) for i in np.argwhere(~np.isclose(out, want, rtol=RTOL, atol=ATOL))[0])
    fail(f"{what}: expected {want[idx]:.6g} at index {idx}, got {out[idx]:.6g} (your result has norm {got_norm:.6g}; "
         f"expected {min(norm, max_norm):.6g}).", hint=NORM_HINT)


@points(3)   # 3: scaled to exactly max_norm when longer, untouched when shorter, norm over all entries
def test_clip_by_norm_values(student):
    """clip_by_norm rescales to max_norm only when the norm is larger, keeping the direction"""
    cases = [(arrays(3, [(5,)], 2.0)[0], 1.0, "a vector"),
             (arrays(4, [(4, 3)], 1.0)[0], 2.0, "a 4x3 matrix"),
             (arrays(5, [(6,)], 0.1)[0], 1.0, "a short vector"),          # norm < max_norm: unchanged
             (np.array([3.0, 4.0]), 5.0, "[3, 4]")]                          # norm == max_norm: unchanged
    for g, max_norm, label in cases:
        check_norm_case(student, g, max_norm, label)


@points(2)   # 2: conventions: the input is not modified, a new array comes back
def test_clip_by_norm_leaves_input(student):
    """clip_by_norm returns a new array and leaves its input unchanged"""
    for g, max_norm, label in ((arrays(6, [(3, 3)], 2.0)[0], 1.0, "a long gradient"),
                               (arrays(7, [(4,)], 0.1)[0], 10.0, "a short gradient")):
        res = check_norm_case(student, g, max_norm, label)
        if not res["input_unchanged"]:
            fail(f"clip_by_norm modified the gradient it was given ({label}). This matches clipping that MUTATES "
                 f"its input (grad *= scale): the caller's array changes behind its back.",
                 tags=["clip-mutates-input"],
                 hint="Compute the scaled gradient as a new array; scaling in place changes the caller's array.")
        if res["same_object"]:
            fail(f"clip_by_norm returned the very array it was given ({label}); it must return a new array, even "
                 f"when nothing is clipped (the module's convention).", tags=["clip-returns-input"],
                 hint="When nothing is clipped, return a copy of the gradient, not the gradient itself.")


# ------------------------------------------------------------------------- clip_by_global_norm ---

SHAPES = [(4, 3), (3,), (3, 2), (2,)]


def global_forms(gs, max_norm):
    total = np.sqrt(sum(np.sum(g ** 2) for g in gs))
    exact = max_norm / total if total > max_norm else 1.0
    torch = min(1.0, max_norm / (total + 1e-6))
    return [[g * exact for g in gs], [g * torch for g in gs]], float(total)


def global_call(student, gs, max_norm):
    res = student.probe("clip_global", grads=gs, max_norm=max_norm)
    if len(res["out"]) != len(gs):
        fail(f"clip_by_global_norm should return one clipped array per gradient ({len(gs)}), but returned "
             f"{len(res['out'])}.", hint=GLOBAL_HINT)
    for k, (o, g) in enumerate(zip(res["out"], gs)):
        as_array(o, what=f"clipped[{k}]", shape=g.shape)
    return res


# 4: the point of global clipping: ONE scale for all arrays (public: declared in public.py)
test_clip_by_global_norm_values = public_test("test_clip_by_global_norm_values")


@points(2)   # 2: the returned total is the norm BEFORE clipping (the quantity to log), also when it is 0
def test_clip_by_global_norm_returns_norm_before_clipping(student):
    """clip_by_global_norm returns the global norm measured before clipping, 0 for all-zero gradients"""
    # scale 0.0: all-zero gradients (a network whose units are all dead, a loss already 0) have global norm
    # 0 <= max_norm, so the docstring's scale is 1 and they come back unchanged with total 0 -- a scale computed as
    # max_norm / total without asking whether total > max_norm divides by zero there (PyTorch adds 1e-6 for this)
    for seed, scale, max_norm in ((11, 2.0, 1.0), (12, 0.05, 1.0), (14, 0.0, 1.0)):
        gs = arrays(seed, SHAPES, scale)
        res = global_call(student, gs, max_norm)
        _, total = global_forms(gs, max_norm)
        if total == 0 and not all(np.array_equal(as_array(o, what="clipped"), g) for o, g in zip(res["out"], gs)):
            broken = not all(np.all(np.isfinite(as_array(o, what="clipped"))) for o in res["out"])
            fail("For all-zero gradients (global norm 0, below max_norm) clip_by_global_norm should return them "
                 "unchanged, but returned other values" + (" (nan or inf: a division by the norm 0)" if broken
                                                           else "") + ".",
                 tags=["division-by-zero"] if broken else [],
                 hint="The scale is 1 whenever the global norm is at most max_norm, 0 included: divide by the "
                      "norm only when it exceeds max_norm.")
        if np.isclose(res["total"], total, rtol=RTOL, atol=ATOL):
            continue
        after = min(total, max_norm)
        clipped = np.isclose(res["total"], after, rtol=1e-6) and total > max_norm
        # the scale the gradients were multiplied by (PyTorch's clip_coef) in place of the norm: told apart from
        # the norm and from max_norm only when clipping happens (else the scale is 1 = max_norm here); rtol 1e-6
        # also takes PyTorch's max_norm / (total + 1e-6), 1e-7 away at these norms
        scale = not clipped and total > max_norm and np.isclose(res["total"], max_norm / total, rtol=1e-6)
        fail(("This matches returning the norm AFTER clipping (it is always <= max_norm, so it hides the explosion "
              "you want to log). " if clipped else "")
             + ("This matches returning the SCALE the gradients were multiplied by (max_norm / total) in place of "
                "the norm they had. " if scale else "")
             + f"clip_by_global_norm should return total = {total:.6g} (the global norm of the gradients it was "
               f"given), but returned {res['total']:.6g}.",
             tags=["clip-returns-clipped-norm"] if clipped else ["clip-global-returns-scale"] if scale else [],
             hint="The total to return is the norm of the gradients as they came in, measured before any "
                  "scaling: that is the number worth logging.")


@points(1)   # 1: conventions: inputs untouched, new arrays
def test_clip_by_global_norm_leaves_inputs(student):
    """clip_by_global_norm leaves the given gradients unchanged and returns new arrays"""
    for scale in (2.0, 0.05):
        gs = arrays(13, SHAPES, scale)
        res = global_call(student, gs, 1.0)
        if not res["inputs_unchanged"]:
            fail("clip_by_global_norm modified the gradients it was given. This matches clipping that MUTATES its "
                 "input (g *= scale).", tags=["clip-mutates-input"],
                 hint="Return new arrays; scaling in place changes the caller's gradients.")
        if any(res["same_objects"]):
            fail("clip_by_global_norm returned some of the very arrays it was given; return new arrays even when "
                 "nothing is clipped.", tags=["clip-returns-input"],
                 hint="When nothing is clipped, return copies (a factor of 1 still makes new arrays).")
        # round 14: the docstring's clipped is "a new list of new arrays"; the probe keeps the returned object's
        # type before reading it (a record without it is refused: fail-closed)
        kind = res.get("kind")
        if kind is None:
            raise RuntimeError("the clip_global probe's record has no 'kind'")
        if not kind["is_list"]:
            one_pass = kind["one_pass"]
            fail(f"clip_by_global_norm's clipped came back as a {kind['type']} object"
                 + (", a one-pass iterator: it has no len() and no indexing, and it is empty after the first loop "
                    "over it (a caller that reads clipped[0], or loops twice, gets nothing)" if one_pass else "")
                 + ". The docstring's clipped is a new list of new arrays.",
                 tags=["clip-global-returns-iterator" if one_pass else "clip-global-not-a-list"],
                 hint="Return the clipped arrays in a list, as the docstring says: a lazy map or generator is not one.")
