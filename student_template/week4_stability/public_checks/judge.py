"""Judging one public check: a student's results against the values recorded from the reference.

The one comparison module of the public checks. The hidden graders' visible tests
(``autograder/graders/<week>/public.py``) and the student kit released with each
week (``public_checks/`` beside the stubs) both call :func:`judge` with the same
record, so a student sees the same verdict in the folder, in the notebook and in
grading. Standard library and NumPy only: this file is copied into every release.

A *record* (plain data, written at ``autograder generate`` time into
``public_checks/checks.json``) holds a check's calls (which probe, with which
inputs) and its rules; every expected value in a rule was computed from the
reference solution and the graders' models of known mistakes, never from the
code being judged. :func:`judge` evaluates the rules in order and stops at the
first that fails; ``run_call(i)`` returns the result of call ``i`` (running it
the first time it is needed, so a later call is not made when an earlier rule
fails, as in a grader test that stops at its first failure). An exception from
``run_call`` (the student's code raised, or is still the stub) is not caught
here: the caller turns it into its own message.

Rule kinds (the ``kind`` field); each names its fields below, ``what`` is how the
message names the value, ``hint`` replaces the check's hint for that failure:

shape         the value's shape is ``shape`` (``accept``: other shapes judged elsewhere;
              ``named``: shapes that are a known mistake)
equal         the value equals ``expected`` (or the value at ``expected_ref``); ``negate``
              for "must differ"; ``message`` is a template with {got}, {got_len}, {want_len} and
              {result[...]} (the call's whole result)
absent        ``item`` is not in the value (a list)
finite        every number of the value is finite
length        the value is a list of ``n`` numbers (``n_ref``: the length of another value);
              ``mistakes`` name a wrong length by its values, ``entries_like`` entries that are
              arrays shaped like another value
close         numbers within ``rtol``/``atol`` of one of the ``expected`` alternatives; a
              mismatch is named when the numbers match one of ``mistakes``
partition     minibatch indices: every sample once, the batch sizes of a partition
in_place      an optimizer update changed the caller's arrays, left the gradients alone and returned None
steps         an optimizer run step by step against every accepted form (week 2; see rule_steps)
schedule      a learning-rate schedule's values at a list of calls (week 3; see rule_schedule)
plateau       ReduceLROnPlateau's rates on runs of metrics (rule_plateau)
range_run     lr_range_test records one rate and one loss per call of the callback (rule_range_run)
range_lrs     lr_range_test's rates, spaced on a log scale (rule_range_lrs)
along         a run starts at theta_init and steps along the gradients (for contract checks)
distribution  random draws follow a uniform / normal law (mean, variance, bound, KS)
labels        one string per item, each compared with its expected label
indices       one sorted list of indices per series, compared with the expected lists
"""
from __future__ import annotations

import itertools
import math
import re

import numpy as np

NUM = "{:.10g}"


class Verdict:
    """A failed check: the message, named mistakes (``tags``), what to try, an optional figure,
    and ``score`` when the check still earns points (None: no points)."""

    def __init__(self, message, tags=(), hint=None, figure=None, score=None):
        self.message = message
        self.tags = list(tags)
        self.hint = hint
        self.figure = figure
        self.score = score

    def __repr__(self):
        return f"Verdict({self.message!r}, tags={self.tags})"


class Failed(Exception):
    def __init__(self, verdict):
        super().__init__(verdict.message)
        self.verdict = verdict


def fail(message, *, tags=(), hint=None, figure=None, score=None):
    raise Failed(Verdict(message, tags, hint, figure, score))


def judge(record, run_call):
    """Evaluate ``record["rules"]`` in order: None when every rule holds, else the first failure's Verdict."""
    cache = {}

    def result(i):
        if i not in cache:
            cache[i] = run_call(i)
        return cache[i]

    for rule in record["rules"]:
        try:
            KINDS[rule["kind"]](rule, result, record)
        except Failed as failed:
            verdict = failed.verdict
            if verdict.hint is None:
                verdict.hint = rule.get("hint", record.get("hint"))
            return verdict
    return None


# ---------------------------------------------------------------------------------------- crashes

# Kinds of crash that the exception's class and message prove, whatever code raised it (each pattern is NumPy's or
# Python's own wording, tested in tests/test_kit.py): a name for the KIND of slip and what to look at, never a
# line. The message is the student's exception, so a name read from it changes no points.
_SHAPES = r"\(([\d, ]*)\)"


def _shape(text):
    return tuple(int(d) for d in text.replace(" ", "").split(",") if d)


def crash_named(message):
    """(words, tags) for an exception in student code, ``message`` being "<class>: <text>" as the engine and the
    kit write it; ("", []) when the class and text prove no kind of slip."""
    name, _, text = message.partition(": ")
    text = text.split("\n")[0]
    if name == "ZeroDivisionError":
        return ("A division by zero: a denominator in your code is 0 for this input. Find what can be 0 (a norm of "
                "all-zero arrays, a count of nothing) and what the docstring says the result is then.",
                ["division-by-zero"])
    if name == "TypeError" and ("for ^:" in text or "'bitwise_xor'" in text):
        return ("In Python ^ is bitwise XOR (defined for integers and booleans), not a power, so it fails on "
                "floats: a power is written ** (x ** 2 is x squared).", ["power-written-as-xor"])
    if name in ("TypeError", "AttributeError") and "'NoneType'" in text:
        return ("A value in your code is None where a number, an array or a list belongs. None is what a function "
                "without a return value gives back -- including the ones that work in place, such as "
                "rng.shuffle(a), a.sort() or lst.append(x), which change their argument and return None. Find "
                "which name holds None (print it) and where it got it.", ["none-used-as-value"])
    if name not in ("ValueError", "Exception"):      # (the kit names a non-built-in class, LinAlgError, Exception)
        return "", []
    # reshape(-1, k) or reshape(k, -1): NumPy writes the -1 as nothing or as "newaxis"
    divides = re.fullmatch(r"cannot reshape array of size (\d+) into shape "
                           r"\((?:newaxis,)?(\d+)(?:,newaxis)?,?\)", text)
    if divides and int(divides[2]) and int(divides[1]) % int(divides[2]):
        size, piece = int(divides[1]), int(divides[2])
        return (f"A reshape of {size} entries into pieces of {piece} fails: {size} is not a multiple of {piece}, so "
                f"{size % piece} entries are left over. Code that reshapes assumes the size divides evenly; where it "
                "need not, cut with slices (the last piece is then shorter).", ["reshape-assumes-divisible"])
    if text.startswith("Matrix is not positive definite"):                 # numpy.linalg.cholesky
        return ("np.linalg.cholesky factors only a symmetric positive-definite matrix (every eigenvalue > 0), and "
                "this one is not. A matrix that need not be positive definite (a Hessian away from a minimum, at a "
                "saddle) is solved by a method that does not assume it, such as np.linalg.solve.",
                ["positive-definite-assumed"])
    if text.startswith("setting an array element with a sequence"):
        if "inhomogeneous shape" in text:
            return ("NumPy was asked to make ONE array of a list or tuple whose items do not share one shape: arrays "
                    "of different shapes, or a mix such as (a list of arrays, a number). A list of parameter-shaped "
                    "arrays stays a list; a function that returns a pair is unpacked before its parts are used.",
                    ["sequence-used-as-array"])
        return ("One element of a numeric array (a single number) was set to a sequence (an array or a list): "
                "x[i] = value needs a number there. Something kept for each parameter array (a state, a result) "
                "needs that parameter's shape -- a list of arrays (np.zeros_like(p) for each p), not np.zeros(n) "
                "of n numbers.",
                ["wrong-shape"])
    if "1-dimensional array given. Array must be at least two-dimensional" in text:     # numpy.linalg
        return ("A NumPy linear-algebra function (np.linalg.solve, inv, eigh, ...) was given a 1-D array where it "
                "needs a square matrix. np.linalg.solve(a, b) solves a @ x = b: the matrix a comes first, the "
                "right-hand side b second.", ["linalg-vector-for-matrix"])
    if ("all the input arrays must have same number of dimensions" in text
            or "all the input array dimensions except for the concatenation axis must match" in text):
        return ("np.concatenate (and hstack / vstack) joins arrays along one axis, so they must agree in every "
                "other dimension: arrays of different shapes (a matrix and a vector) are laid end to end as one "
                "vector only after flattening each one (np.ravel).", ["concatenate-shapes-differ"])
    shapes = [_shape(m) for m in re.findall(_SHAPES, text)]
    if text.startswith("operands could not be broadcast together") and len(shapes) == 2:
        flat, shaped = sorted(shapes, key=len)
        if len(flat) == 1 and len(shaped) > 1 and flat[0] == math.prod(shaped):
            return (f"An array of shape {flat} met one of shape {shaped}: the same {flat[0]} entries, one of them "
                    "laid flat. An array made to go with another (a perturbation, a mask, a state) needs that "
                    "array's shape (np.zeros_like(x), or .reshape(x.shape)).", ["wrong-shape"])
        if len(flat) == 1 and len(shaped) == 2 and flat[0] == shaped[0] != shaped[1]:
            return (f"An array of shape {flat} met one of shape {shaped}: its length is the number of ROWS of the "
                    "other, but NumPy lines shapes up from the LAST axis. An array sized by len(x) of a 2-D x has "
                    "x's rows, not x's shape (np.zeros_like(x) has its shape); one value per row needs an axis of "
                    "its own (v[:, None]).", ["wrong-shape"])
    if text.startswith("non-broadcastable output operand") and len(shapes) == 2:
        return (f"An in-place update (x -= ..., x += ...) of an array of shape {shapes[0]} with a value of shape "
                f"{shapes[1]}: the value was computed from an array of another shape. Arrays kept for each "
                "parameter must each have that parameter's shape -- and [x] * n repeats ONE array n times, it "
                "does not make n arrays.", ["wrong-shape"])
    return "", []


# --------------------------------------------------------------------------------------- helpers

def value(result, call, path=None):
    """The part of a call's result a rule looks at: ``path`` is a list of keys / indices."""
    if isinstance(call, list):                      # several calls' lists, one after the other
        out = []
        for c in call:
            out.extend(list(value(result, c, path)))
        return out
    v = result(call)
    for key in path or ():
        v = v[key]
    return v


def num(x):
    try:
        return NUM.format(float(x))
    except (TypeError, ValueError):
        return repr(x)


def shape_of(v):
    try:
        return tuple(np.shape(v))
    except ValueError:          # a ragged list
        return None


def same(a, b):
    """Plain-data equality: arrays and lists element by element, NaN equal to NaN."""
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and \
            all(same(a[k], b[k]) for k in a)
    if isinstance(a, (str, bool)) or isinstance(b, (str, bool)) or a is None or b is None:
        return type(a) is type(b) and a == b
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and not _numeric(a):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
    except (TypeError, ValueError):
        return bool(np.array_equal(np.asarray(a, dtype=object), np.asarray(b, dtype=object)))


def _numeric(seq):
    return all(isinstance(x, (int, float, np.number)) and not isinstance(x, bool) for x in seq)


def flatten(v):
    """All numbers of a nested list of arrays, in order, as one float64 vector (None if not numbers)."""
    parts = []

    def walk(x):
        if isinstance(x, (list, tuple)) and not (x and _numeric(x)):
            for y in x:
                walk(y)
        else:
            parts.append(np.asarray(x, dtype=np.float64).ravel())
    try:
        walk(v)
    except (TypeError, ValueError):
        return None
    return np.concatenate(parts) if parts else np.zeros(0)


def structure(v):
    """The nesting of a result (lists, and the shape of each array): two results compare number by
    number only when their structures agree."""
    if isinstance(v, (list, tuple)) and not (v and _numeric(v)):
        return [structure(x) for x in v]
    return list(np.shape(v))


def bad_mask(got, want, rtol, atol):
    return ~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)


def matches(got, want, rtol, atol):
    want = np.asarray(want, dtype=np.float64)
    return got.shape == want.shape and not bad_mask(got, want, rtol, atol).any()


def _curve_figure(spec, got, want):
    fig = dict(spec)
    fig.setdefault("kind", "curve")
    fig["series"] = {"yours": [_plain(v) for v in got], "expected": [_plain(v) for v in want]}
    return fig


def _plain(v):
    v = float(v)
    return v if math.isfinite(v) else None


def step_figure(*, title, xlabel, ylabel, x, yours, expected, mark_x, mark_label, log_y=False):
    """Figure data for a step-by-step comparison: the student's values against the expected ones, the
    first disagreement at ``mark_x`` labelled ``mark_label`` -- the same words and numbers as the
    failure's message, so figure and message never disagree. Non-finite values become gaps."""
    def plain(values):
        out = []
        for v in values:
            try:
                v = float(v)
            except (TypeError, ValueError):
                v = float("nan")
            out.append(v if np.isfinite(v) else None)
        return out
    return {"kind": "curve", "title": title, "xlabel": xlabel, "ylabel": ylabel, "x": [float(v) for v in x],
            "series": {"yours": plain(yours), "expected": plain(expected)},
            "mark": {"x": float(mark_x), "label": mark_label}, "log_y": log_y}


def constant_factor(got, want, factors=None):
    """``(c, names)`` when ``got`` is ``c * want`` entry by entry, with the names of ``factors`` whose value
    is ``c`` (e.g. ``{"lr": 0.1, "2": 2.0}``); None when no single factor relates them.

    The comparison is to 1e-6 relative: right and wrong values here differ by whole factors, while two
    ways of computing the same quantity agree to ~1e-12, so 1e-6 sits far from both."""
    got, want = np.asarray(got, dtype=np.float64).ravel(), np.asarray(want, dtype=np.float64).ravel()
    if got.shape != want.shape or not (np.all(np.isfinite(got)) and np.all(np.isfinite(want))):
        return None
    moved = np.abs(want) > 1e-12 * max(1.0, float(np.max(np.abs(want), initial=0.0)))
    # one number is always "a constant factor" of another: a factor is named only across two values or more
    if moved.sum() < 2 or np.any(np.abs(got[~moved]) > 1e-9 * max(1.0, float(np.max(np.abs(got), initial=0.0)))):
        return None
    r = got[moved] / want[moved]
    c = float(np.median(r))
    if not np.all(np.abs(r - c) <= 1e-6 * max(1.0, abs(c))) or abs(c - 1) <= 1e-6:
        return None
    names = [name for name, value in (factors or {}).items() if abs(c - value) <= 1e-6 * max(abs(value), 1e-300)]
    return c, names


def factor_words(c, names, thing="the expected value"):
    """Plain words for a constant factor found by :func:`constant_factor`."""
    if abs(c + 1) <= 1e-6:
        return f"every entry is exactly minus {thing}: the sign is flipped"
    if abs(c) <= 1e-12:
        return f"every entry is 0 where {thing} is not"
    named = f" ({c:.6g} is {' and '.join(names)} here: a factor of that size is missing, extra or inverted)" \
        if names else " -- a factor is missing, extra or inverted"
    if c < 0:       # a negative factor reverses the direction too: the words must not call it right
        return f"every entry is {c:.6g} times {thing}: the sign is flipped and a constant factor is off{named}"
    return f"every entry is {c:.6g} times {thing}: the direction is right and a constant factor is off{named}"


def quantised(got, want):
    """Plain words when ``got`` is ``want`` with its digits cut: rounded to k decimal places, to k significant
    digits, or stored as float32 (about 7 significant digits); None otherwise.

    Compared to 1e-12 relative (and 1e-15 absolute, for zeros): rounding the reference's values and the
    student's own (which agree to ~1e-15) gives the same digits except at an exact half, while a rounding
    that shows in a test changes a value by at least 1e-12 of it (12 decimals of a value below 1 at most).
    Values that are equal already are not "rounded" (nothing was cut); some entries exact and the others cut
    still count (a first value recorded before the rounding was written in)."""
    got, want = np.asarray(got, dtype=np.float64).ravel(), np.asarray(want, dtype=np.float64).ravel()
    if got.shape != want.shape or not (np.all(np.isfinite(got)) and np.all(np.isfinite(want))) \
            or np.allclose(got, want, rtol=1e-12, atol=1e-15):
        return None
    exact = np.isclose(got, want, rtol=1e-12, atol=1e-15)

    def same(cut):       # every entry is the cut value, or already exact (an entry recorded before any rounding)
        return bool(np.all(np.isclose(got, cut, rtol=1e-12, atol=1e-15) | exact))
    if same(want.astype(np.float32).astype(np.float64)):
        return ("your values are the expected ones stored as float32 (about 7 significant digits): the course's "
                "arrays are float64 throughout")
    for k in range(13):
        if same(np.round(want, k)):
            return f"your values are the expected ones rounded to {k} decimal place{'s' if k != 1 else ''}"
    for k in range(1, 16):
        if same(np.array([float(f"{v:.{k - 1}e}") for v in want])):
            return f"your values are the expected ones rounded to {k} significant digit{'s' if k != 1 else ''}"
    return None


QUANTISED_ADVICE = ("Keep every value at full float64 precision; round only when you print, never in what a "
                    "function returns or records.")


# ------------------------------------------------------------------------------------- the kinds

def rule_shape(rule, result, record):
    got = shape_of(value(result, rule["call"], rule.get("path")))
    want = tuple(rule["shape"])
    if got == want or any(got == tuple(s) for s in rule.get("accept", ())):
        return
    for named in rule.get("named", ()):
        if got == tuple(named["shape"]):
            fail(f"{rule['what']} should have shape {want}, but it has shape {got}. {named['note']}",
                 tags=[named["tag"]], hint=named.get("hint"))
    fail(f"{rule['what']} should have shape {want}, but it has shape {got}.",
         tags=[rule.get("tag", "wrong-shape")])


def rule_equal(rule, result, record):
    got = value(result, rule["call"], rule.get("path"))
    if "expected_ref" in rule:
        ref = rule["expected_ref"]
        want = value(result, ref["call"], ref.get("path"))
    else:
        want = rule["expected"]
    if same(got, want) != bool(rule.get("negate")):
        return
    shown = ", ".join(map(str, got)) if isinstance(got, list) else str(got)
    whole = value(result, rule["call"])
    fail(rule["message"].format(got=shown, got_len=_len(got), want_len=_len(want), result=whole),
         tags=rule.get("tags", ()))


def _len(v):
    try:
        return len(v)
    except TypeError:
        return 1


def rule_absent(rule, result, record):
    got = value(result, rule["call"], rule.get("path"))
    if rule["item"] in got:
        fail(rule["message"], tags=rule.get("tags", ()))


def rule_finite(rule, result, record):
    got = flatten(value(result, rule["call"], rule.get("path")))
    if got is None or not np.all(np.isfinite(got)):
        fail(rule["message"], tags=rule.get("tags", ()))


def rule_length(rule, result, record):
    got = value(result, rule["call"], rule.get("path"))
    if "n_ref" in rule:
        n = len(value(result, rule["n_ref"]["call"], rule["n_ref"].get("path")))
    else:
        n = rule["n"]
    if got is None:
        like = rule.get("entries_like")      # entries that are arrays of another value's shape: named
        if like:
            shapes = value(result, like["call"], like["shapes_path"]) or []
            shape = list(np.shape(value(result, like["call"], like["path"])))
            hits = [j for j, sh in enumerate(shapes) if list(sh) == shape]
            if hits and shape not in ([], [1]):
                which = "its entries" if len(hits) == len(shapes) else f"entries {hits[0]} on"
                fail(like["message"].format(which=which, shape=tuple(shape)), tags=[like["tag"]])
        fail(rule["not_numbers"], tags=rule.get("tags", ()))
    if len(got) == n:
        return
    values = flatten(got)
    for mistake in rule.get("mistakes", ()):
        if values is not None and matches(values, mistake["values"], rule["rtol"], rule["atol"]):
            fail(mistake["message"], tags=[mistake["tag"]], hint=mistake.get("hint"))
    message = rule["message"].format(got=len(got), n=n)
    figure = None
    if "expected" in rule and values is not None:      # a series: yours against the expected one, your end marked
        want = list(rule["expected"])
        figure = step_figure(title=rule["figure_title"], xlabel="step", ylabel=rule["ylabel"], x=range(len(want)),
                             yours=(list(values) + [None] * len(want))[:len(want)], expected=want,
                             mark_x=min(len(got), len(want) - 1), mark_label=message, log_y=rule.get("log_y", False))
    fail(message, tags=rule.get("tags", ()), figure=figure)


def rule_close(rule, result, record):
    """Numbers against the accepted alternatives; the failure says where and names a known mistake.

    Message templates (fields of the rule, each optional): ``detail`` says where the first difference is
    ({what}, {where}: " at index (i,)" or " " + the element's label, {label}: the bare label, {want},
    {got}); ``message`` is the failure ({detail}, {diff}, {count}); ``mistake_message`` the failure that
    names a mistake ({words}, {how}, {detail}, {count}, {want}, {got}). ``factor`` names a result off by one constant factor
    (:func:`constant_factor`; fields ``names``, ``origin``, ``thing``, ``tag``, ``sign_tag`` for a negative
    factor, and ``message`` with {words} besides the fields above).
    """
    raw = value(result, rule["call"], rule.get("path"))
    what, rtol, atol = rule["what"], rule["rtol"], rule["atol"]
    alternatives = [np.asarray(a, dtype=np.float64) for a in rule["expected"]]
    want = alternatives[0]
    if rule.get("flatten"):
        got = flatten(raw)
        if got is None or structure(raw) != rule["structure"]:
            fail(f"{what}: {rule['structure_message']}", tags=rule.get("structure_tags", ()))
    else:
        try:
            got = np.asarray(raw, dtype=np.float64)
        except (TypeError, ValueError):
            fail(f"{what} should be numbers (a float64 array), but it was {type(raw).__name__}: {raw!r}"[:500])
        if rule.get("ravel"):          # one number: a float, a 0-d or a 1-element array all count
            got = got.ravel()
        if got.shape != want.shape:
            for mistake in rule.get("mistakes", ()):     # a known mistake can have its own shape (g / H broadcasts)
                if matches(got, mistake["values"], mistake.get("rtol", rtol), mistake.get("atol", atol)):
                    fail(rule.get("mistake_message", "This matches {words}.").format(
                        what=what, words=mistake["words"], how="match", detail="", count="", want="", got=""),
                         tags=[mistake["tag"]], hint=mistake.get("hint"))
            fail(f"{what} should have shape {want.shape}, but it has shape {got.shape}.", tags=["wrong-shape"],
                 hint=rule.get("shape_hint", "Check which axis you reduce over and that you return the full array."))
    firsts = []
    for alt in alternatives:
        bad = bad_mask(got, alt, rtol, atol)
        if not bad.any():
            return
        firsts.append(int(np.argmax(bad)))
    best = max(range(len(alternatives)), key=lambda k: (firsts[k], -k))   # the latest first disagreement
    want, i = alternatives[best], firsts[best]
    labels = rule.get("labels")
    label = labels[i] if labels else ""
    where = f" {label}" if labels else (f" at index {tuple(int(j) for j in np.unravel_index(i, want.shape))}"
                                        if want.ndim else "")
    g, w = got.flat[i], want.flat[i]
    detail = rule.get("detail", "{what}{where}: expected {want}, got {got}").format(
        what=what, where=where, label=label, want=num(w), got=num(g))
    n_bad = int(bad_mask(got, want, rtol, atol).sum())
    count = f" ({n_bad} of the {want.size} values checked differ)" if rule.get("count_bad") else ""
    diff = f" (difference {abs(float(g) - float(w)):.3g})" if np.isfinite(g) and np.isfinite(w) else ""
    figure = _curve_figure(rule["figure"], got, want) if rule.get("figure") else None
    own = _own_helpers(rule, result, got, want)
    for mistake in rule.get("mistakes", ()):
        values = np.asarray(mistake["values"], dtype=np.float64)
        if matches(got, values, mistake.get("rtol", rtol), mistake.get("atol", atol)):   # a mistake's own tolerance
            how = "match" if np.all(np.isfinite(values)) else "turn into nan/inf exactly where they do for"
            message = rule.get("mistake_message", "This matches {words} {detail}{count}.").format(
                what=what, words=mistake["words"], how=how, detail=detail, count=count, want=num(w), got=num(g))
            _finish(own, Verdict(message, [mistake["tag"]], mistake.get("hint"), figure))
    factor = rule.get("factor")
    if factor is not None:           # off by one constant factor (from ``origin``: a step's size, not its end)
        origin = np.asarray(factor.get("origin", 0.0), dtype=np.float64)
        found = constant_factor(got - origin, want - origin, factor.get("names"))
        if found is not None:
            message = factor["message"].format(what=what, detail=detail, diff=diff, count=count,
                                               words=factor_words(*found, factor["thing"]))
            _finish(own, Verdict(message, [factor["sign_tag"] if found[0] < 0 else factor["tag"]], None, figure))
    names = (factor or {}).get("names") or {"2": 2.0, "1/2": 0.5}
    for mistake in rule.get("mistakes", ()):     # the family "a known mistake, off by a constant factor besides"
        found = constant_factor(got, mistake["values"], names)
        if found is not None and found[0] > 0:
            c, which = found
            message = (f"{what}: your values are {c:.6g} times those of {mistake['words']}"
                       + (f" ({c:.6g} is {' and '.join(which)} here)" if which else "")
                       + f" -- that mistake, and a factor besides. First difference: {detail}.")
            _finish(own, Verdict(message, [mistake["tag"]], mistake.get("hint"), figure))
    hint = rule.get("nonfinite_hint") if not np.isfinite(g) and np.isfinite(w) else None
    message = rule.get("message", "{detail}{diff}{count}.").format(what=what, detail=detail, diff=diff, count=count)
    lost = sign_lost(got, want, rtol, atol)
    _finish(own, Verdict(message + (" " + lost if lost else ""), [*rule.get("tags", ()), *(["sign-lost"] if lost else [])],
                         hint, figure))


def sign_lost(got, want, rtol, atol):
    """Words when every entry that differs is the expected value with its sign lost (expected negative, got its
    magnitude) and every other entry is right (a mechanism name: docs/graders.md); None otherwise."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape or not (np.all(np.isfinite(got)) and np.all(np.isfinite(want))):
        return None
    bad = bad_mask(got, want, rtol, atol)
    # proven: at least 2 entries differ, each is exactly -1 times a negative expected value (at the test's own
    # tolerance), and all the rest agree -- including, when there are any, negative entries that kept their sign
    if bad.sum() < 2 or not np.all(want[bad] < 0) or bad_mask(got[bad], -want[bad], rtol, atol).any():
        return None
    kept = int((~bad & (want < 0)).sum())
    return (f"In {int(bad.sum())} entries your value is the expected one with its sign lost (a negative value "
            "returned as positive)" + (f", while {kept} other negative entries kept theirs" if kept else "")
            + ", and every other entry is right: a magnitude is used where the signed value belongs -- look for an "
              "abs(), a bound written without its sign, or one value assigned to both ends.")


def _own_helpers(rule, result, got, want):
    """warmup_cosine made of the student's own linear_warmup and cosine_annealing: when its values are
    exactly those of the student's own helpers, the mistake lives (and is graded) in a helper."""
    own = rule.get("own_helpers")
    if own is None:
        return None
    try:
        parts = [value(result, c) for c in own["calls"]]
        composed = np.asarray([parts[k][j] for k, j in own["order"]], dtype=np.float64)
    except Exception:  # noqa: BLE001 -- the helpers fail: judge this function on its own
        return None
    if not np.all(np.isfinite(got)) or not matches(got, composed, rule["rtol"], rule["atol"]):
        return None
    # error carried forward, but only for real work: helpers that return (nearly) constants do not count
    if len(np.unique(got.round(12))) < len(np.unique(want.round(12))) / 2:
        return None
    return own


def _finish(own, verdict):
    """Fail with ``verdict`` -- or, when the student's own helpers explain it, with full points and a note."""
    if own is None:
        raise Failed(verdict)
    fail(own["message"] + verdict.message, tags=[own["tag"]], hint=own["hint"], figure=verdict.figure,
         score=float(own["points"]))


def rule_partition(rule, result, record):
    """minibatch_indices: integer batches that together hold every sample once, in the sizes of a partition; a
    failure names the known ways of getting it wrong (the last batch dropped or empty, draws with replacement,
    np.array_split into a number of pieces)."""
    got = value(result, rule["call"])
    n, size, what = rule["n"], rule["batch_size"], rule["what"]
    batches = [np.asarray(b) for b in got["first"]]
    if any(np.dtype(dt).kind not in "iu" for dt in got["dtypes"]):
        fail(f"{what}: the batches should be arrays of integer indices, but they have dtype "
             f"{sorted(set(got['dtypes']))}.", hint="Slice the int array returned by rng.permutation.")
    sizes = [len(b) for b in batches]
    want_sizes = [size] * (n // size) + ([n % size] if n % size else [])
    seen = np.concatenate(batches) if batches else np.array([], dtype=int)
    if sizes == want_sizes and np.array_equal(np.sort(seen), np.arange(n)):
        return
    if sizes == [size] * (n // size) and n % size:
        fail(f"{what}: expected batch sizes {want_sizes}, got {sizes}: the last, smaller batch of {n % size} "
             "samples is dropped, so those samples are never used in this epoch. Keep it.",
             tags=["minibatches-drop-last"], hint="Start a batch at every multiple of batch_size below n_samples: "
                                                  "the last start leaves a smaller batch, and it is kept.")
    missing = sorted(set(range(n)) - set(seen.tolist()))
    values, counts = np.unique(seen, return_counts=True)      # not a pass over seen per index: seen is the student's
    repeated = [int(v) for v in values[counts > 1]]
    if sizes == want_sizes and repeated:
        fail(f"{what}: the batch sizes are right ({want_sizes}), but samples {repeated[:8]} appear more than once "
             f"and {missing[:8]} never: the indices are drawn WITH replacement (as rng.choice does by default), "
             "while an epoch uses every sample exactly once -- a permutation.", tags=["minibatches-with-replacement"])
    if n % size and sizes == [size] * len(want_sizes) and not missing:
        # proven: every sample is there, in as many batches as a partition has, and the last one is full -- its
        # missing places filled with samples the epoch had already used (padded, wrapped around)
        fail(f"{what}: expected batch sizes {want_sizes}, got {sizes}: every sample is there, but the last batch "
             f"is filled up to {size} with samples already used ({repeated[:8]} appear twice in one epoch). An "
             f"epoch uses each sample once; its last batch keeps the {n % size} that are left.",
             tags=["minibatches-pads-last-batch"], hint="Slice the permutation at every multiple of batch_size "
                                                        "and keep the smaller remainder as the last batch.")
    if sizes[-1:] == [0] and sizes[:-1] == want_sizes:
        fail(f"{what}: expected batch sizes {want_sizes}, got {sizes}: the last batch is EMPTY -- one slice too many "
             "(a count of n_samples // batch_size + 1 batches when batch_size divides n_samples).",
             tags=["minibatches-empty-batch"])
    empty = [k for k, got_size in enumerate(sizes) if got_size == 0]
    if empty:
        # a mechanism (grown from round 9, docs/graders.md): an empty batch anywhere is a slice whose stop is not
        # past its start -- whatever else is wrong, a batch of no samples is an update from nothing
        fail(f"{what}: expected batch sizes {want_sizes}, got {sizes}: batch{'es' if len(empty) > 1 else ''} "
             f"{', '.join(map(str, empty[:8]))} {'are' if len(empty) > 1 else 'is'} EMPTY (0-based) -- a slice whose "
             "stop is not past its start. Each batch's slice ends batch_size after the place where it starts (the "
             "last one at n_samples).", tags=["minibatches-empty-batch"])
    by_count = [len(b) for b in np.array_split(np.arange(n), size)]
    if sizes == by_count and sizes != want_sizes:
        fail(f"{what}: expected batch sizes {want_sizes}, got {sizes}: that is np.array_split into batch_size = "
             f"{size} pieces -- batch_size is the size of each batch, not the number of batches.",
             tags=["minibatches-array-split"])
    split = [len(b) for b in np.array_split(np.arange(n), max(1, n // size))]
    if sizes == split and sizes != want_sizes:
        fail(f"{what}: expected batch sizes {want_sizes}, got {sizes}: that is np.array_split into n_samples // "
             f"batch_size = {max(1, n // size)} pieces of about equal size. batch_size is the size of each batch "
             "(only the last one may be smaller), not a number of batches.", tags=["minibatches-array-split"])
    if len(sizes) > 1 and max(sizes) - min(sizes) <= 1 and not missing and not repeated:
        # a family (docs/graders.md, "Round 10 is burnt"): every sample once, in batches evened out to sizes that
        # differ by at most one -- np.array_split (or even cut points) into any number of pieces
        fail(f"{what}: expected batch sizes {want_sizes}, got {sizes}: every sample is there once, but the batches "
             "are evened out: their sizes differ by at most one (what np.array_split into a number of pieces, or "
             "evenly spaced cut points, give). Every batch but the last holds exactly batch_size samples; the last "
             "keeps what is left.",
             tags=["minibatches-array-split"])
    fail(f"{what}: expected batch sizes {want_sizes} holding each of 0..{n - 1} exactly once; got sizes {sizes}"
         + (f", missing {missing[:8]}" if missing else "") + (f", repeated {repeated[:8]}" if repeated else "") + ".")


def rule_in_place(rule, result, record):
    """An optimizer's update: the caller's own arrays change (no new arrays in the list), gradients untouched."""
    got = value(result, rule["call"])
    what, params, grads = rule["what"], rule["params"], rule["grads"]
    _whole_record(got, what, len(grads), [np.shape(p) for p in params])
    for k, changed in enumerate(got["grads_changed"]):
        if changed is None:
            continue
        earlier = type(changed) is int and changed < k
        said = (f"the gradient arrays given at step {changed + 1} changed during step {k + 1}: update kept the "
                "caller's array itself as state (no copy) and later changed it in place" if earlier else
                f"update modified the gradient arrays it was given (noticed after step {k + 1})")
        fail(f"{what}: {said}. grads must be left as they are.", tags=["modifies-grads"],
             hint="The gradients belong to the caller: compute new arrays from g instead of writing into it (an "
                  "in-place operation on g, or keeping g itself as state that is later changed in place, both "
                  "modify it).")
    for k, kind in enumerate(got["returned"]):
        if kind is not None:
            fail(f"{what}: update returned a value (of type {kind}) at step {k + 1}; it must return None. Its result "
                 "is the change it makes to the caller's arrays, and nothing else.", tags=["update-returns-value"],
                 hint="The contract's update(params, grads) -> None works only through its side effect, as "
                      "torch.optim's step() does: end it without a return statement (or with a bare return).")
    in_place = ("Change the arrays the caller passed, in place: an augmented assignment (-=), a slice assignment "
                "(p[...] = ...) or a NumPy function with out=p all write into the same array; p = p - ... makes a "
                "new one.")
    for k, (flags, values) in enumerate(zip(got["rebound"], got["values"])):
        for i, swapped in enumerate(flags):
            if swapped:
                fail(f"{what}: after step {k + 1}, slot {i} of the params list holds a NEW array instead of the one "
                     "the caller passed: the update is not done in place, so the caller's parameters never change "
                     "(a training loop or run_optimizer would not move).", tags=["not-in-place"], hint=in_place)
            moved = not np.array_equal(np.asarray(values[i], dtype=float), np.asarray(params[i], dtype=float))
            if not moved and np.any(np.asarray(grads[k][i]) != 0):
                fail(f"{what}: after step {k + 1}, params[{i}] is exactly as before although its gradient was not "
                     "zero: the update is not done in place (rebinding p = p - ... creates a new array and leaves "
                     "the caller's one untouched).", tags=["not-in-place"], hint=in_place)


def _whole_record(got, what, n_steps, shapes):
    """The probe records every call: one entry per step in each list, one array of its parameter's shape per
    parameter. The rule reads the record step by step, so a shorter one -- no honest probe makes it; a child
    that writes its own reply on the channel can (REDTEAM.md, R7-1) -- would pass with nothing checked."""
    steps = [got.get(key) if isinstance(got, dict) else None
             for key in ("values", "rebound", "grads_changed", "returned")]
    whole = all(isinstance(s, list) and len(s) == n_steps for s in steps) and all(
        isinstance(flags, list) and len(flags) == len(shapes) and isinstance(vals, list) and len(vals) == len(shapes)
        and all(shape_of(v) == tuple(sh) for v, sh in zip(vals, shapes)) for flags, vals in zip(steps[1], steps[0]))
    if not whole:
        fail(f"{what}: the record of the run does not hold {n_steps} update calls on {len(shapes)} parameters of "
             f"shapes {', '.join(str(tuple(sh)) for sh in shapes)}, so nothing could be checked.")


def _as_float_array(value, what, shape):
    """A result as a float64 array of ``shape``, or the failure grading reports for it."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        fail(f"{what} should be numbers (a float64 array), but it was {type(value).__name__}: {value!r}"[:500])
    if arr.shape != tuple(shape):
        fail(f"{what} should have shape {tuple(shape)}, but it has shape {arr.shape}.", tags=["wrong-shape"],
             hint="Check which axis you reduce over and that you return the full array.")
    return arr


def _element(i, idx):
    return f"params[{i}][{', '.join(str(j) for j in idx)}]" if idx else f"params[{i}]"


def _rows_close(got, rows, rtol, atol) -> list[bool]:
    """Per row: does ``got`` agree with it everywhere (``np.isclose(got, row, equal_nan=True).all()``)? One
    isclose over the stacked rows: a failed run is compared with every known mistake, dozens of them."""
    rows = [np.asarray(r, dtype=np.float64) for r in rows]
    out = [False] * len(rows)
    same = [j for j, r in enumerate(rows) if r.shape == got.shape]
    if same:
        close = np.isclose(got, np.stack([rows[j] for j in same]), rtol=rtol, atol=atol, equal_nan=True).all(axis=1)
        for j, c in zip(same, close):
            out[j] = bool(c)
    return out


def rule_steps(rule, result, record):
    """An optimizer run, step by step: the parameters after every update against each accepted form (any match
    passes). Otherwise the first disagreement of the closest form, in words and as a figure of that entry; an
    update that is not in place, a known mistake (``mistakes``: flat values; two named when they coincide), or
    what the disagreement itself shows (:func:`localise_step`). Fields: ``what``, ``shapes``, ``params`` and
    ``grads`` (the run's inputs), ``lrs`` (opt.lr before each step, or None) and ``lr``, ``accepted`` (flat
    values of each accepted form), ``factors`` (hyperparameters a step can be off by: [[name, value], ...]),
    ``adaptive``, ``state`` (words for what update keeps between calls, or None), ``corrected`` (the betas whose
    bias corrections the method has), ``rtol``/``atol``."""
    what, shapes, params, grads, lrs = rule["what"], [tuple(s) for s in rule["shapes"]], rule["params"], \
        rule["grads"], rule.get("lrs")
    n_steps = len(grads)
    values = value(result, rule["call"], rule.get("path"))
    if not isinstance(values, list) or len(values) != n_steps:
        fail(f"{what}: expected the parameters after each of {n_steps} steps, but the run did not produce them.",
             hint="Make update change every array of params in place.")
    got = []
    for k, step in enumerate(values):
        if not isinstance(step, list) or len(step) != len(shapes):
            fail(f"{what}: after step {k + 1} the caller should still hold {len(shapes)} parameter arrays.")
        got.append([_as_float_array(p, f"params[{i}] after step {k + 1}", s)
                    for i, (p, s) in enumerate(zip(step, shapes))])
    sizes = [int(np.prod(s, dtype=np.int64)) for s in shapes]
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    owner = [i for i, n in enumerate(sizes) for _ in range(n)]
    rtol, atol = rule["rtol"], rule["atol"]

    def first_diff(a, b):           # (step, parameter, index) of the first disagreement, in C order
        bad = ~np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
        if not bad.any():
            return None
        k, r = divmod(int(bad.argmax()), sum(sizes))
        i = owner[r]
        return k, i, tuple(int(j) for j in np.unravel_index(r - starts[i], shapes[i]))

    def unflat(flat):
        flat = np.asarray(flat, dtype=np.float64)
        return [[flat[k * sum(sizes) + starts[i]:k * sum(sizes) + starts[i] + sizes[i]].reshape(shapes[i])
                 for i in range(len(shapes))] for k in range(n_steps)]

    got_flat = np.concatenate([p.ravel() for ps in got for p in ps] + [np.empty(0)])
    accepted = [np.asarray(a, dtype=np.float64) for a in rule["accepted"]]
    best_k, best = None, None          # the closest accepted form: the one that parts latest
    for j, flat in enumerate(accepted):
        d = first_diff(got_flat, flat)
        if d is None:
            return
        if best is None or d[:2] > best[:2]:
            best_k, best = j, d
    k, i, idx = best
    want = unflat(accepted[best_k])
    w, g = want[k][i][idx], got[k][i][idx]
    lr_note = f", lr = {float(lrs[k]):g} at that update" if lrs is not None else ""
    mark = f"after update {k + 1}: expected {num(w)}, got {num(g)}"       # the figure quotes these words
    detail = f"{_element(i, idx)} (shape {tuple(shapes[i])}{lr_note}) {mark}"
    earlier = "" if k == 0 else f" (updates 1-{k} agreed)" if k > 1 else " (update 1 agreed)"
    name = _element(i, idx)
    figure = step_figure(
        title=f"{what}: {name} after each update" + ("" if lrs is None else " (opt.lr changes between updates)"),
        xlabel="update (number of calls of update)", ylabel=f"{name} after the update",
        x=range(1, len(got) + 1), yours=[s[i][idx] for s in got], expected=[s[i][idx] for s in want],
        mark_x=k + 1, mark_label=mark)
    start = [np.asarray(p, dtype=np.float64) for p in params]
    if all(np.array_equal(gp, p) for gs in got for gp, p in zip(gs, start)):
        whole = result(rule["call"])
        rebound = isinstance(whole, dict) and any(any(r) for r in whole.get("rebound", []))
        how = ("it put new arrays into the list (params[i] = ...) instead of changing the arrays themselves"
               if rebound else "for example it rebinds a local name (p = p - ...), which computes a new array "
                               "and leaves the caller's array untouched")
        fail(f"{what}: the caller's parameter arrays never changed -- the update is not done in place: {how}. "
             f"For example, {detail}.", tags=["not-in-place"], figure=figure,
             hint="Change the arrays the caller passed, in place: an augmented assignment (-=), a slice "
                  "assignment (p[...] = ...) or a NumPy function with out=p all write into the same array.")
    known = list(rule.get("mistakes", ()))
    found = [m for m, same in zip(known, _rows_close(got_flat, [m["values"] for m in known], rtol, atol)) if same]
    if found:
        first = found[0]
        how = "match" if np.all(np.isfinite(first["values"])) else "turn into nan/inf exactly where they do for"
        words = {}
        for m in found:
            words.setdefault(m["tag"], m["words"])
        others = [t for t in words if t != first["tag"]][:1]     # one more name at most: the test cannot tell them apart
        also = (f" (On this test they also match {words[others[0]]} -- the two give the same numbers here.)"
                if others else "")
        fail(f"{what}: your numbers {how} {first['words']}. First difference from the expected values "
             f"{detail}{earlier}.{also}", tags=[first["tag"], *others], figure=figure)
    lr = float(lrs[k]) if lrs is not None else float(rule["lr"])
    flat = lambda arrays: np.concatenate([np.ravel(np.asarray(a, dtype=np.float64)) for a in arrays])  # noqa: E731
    g_all = np.array([flat(gs) for gs in grads])
    notes, tags = localise_step(
        flat(start if k == 0 else got[k - 1]), flat(start if k == 0 else want[k - 1]), flat(got[k]), flat(want[k]),
        g_all[:k + 1], k, i, lr=lr,
        lr_before=None if lrs is None or k == 0 else float(lrs[k - 1]),
        factors={"lr": lr, "1/lr": 1 / lr, "2": 2.0, "1/2": 0.5, **dict(rule.get("factors", ()))},
        adaptive=rule.get("adaptive", False), state=rule.get("state"))
    runs = [flat(start)] + [flat(ps) for ps in got], [flat(start)] + [flat(ps) for ps in want]
    for more_notes, more_tags in (step_count_factor(*runs, g_all, lrs, rule.get("factors", ()), rule.get("corrected", ())),
                                  nan_everywhere_at_once(flat(got[k]), g_all[:k + 1], k, lrs, rule.get("corrected", ())),
                                  parameters_split(got, want, grads, shapes, rtol, atol),
                                  large_gradients_capped(flat(got[k]) - flat(start if k == 0 else got[k - 1]),
                                                         flat(want[k]) - flat(start if k == 0 else want[k - 1]),
                                                         g_all[:k + 1], k, rtol, atol)):
        notes += more_notes
        tags += [t for t in more_tags if t not in tags]
    fail(f"{what}: {detail} (difference {abs(float(g) - float(w)):.3g}){earlier}. "
         + " ".join(n[:1].upper() + n[1:] for n in notes), tags=tags, figure=figure)


def localise_step(before_got, before_want, after_got, after_want, g_hist, k, i, *, lr, lr_before, factors,
                  adaptive, state):
    """When no model matches an optimizer's update ``k`` (0-based): where it first disagrees and what that
    implies, in words a student can act on, and a tag when the pattern itself names the mistake (a sign, a
    constant factor, a division by zero, a root of a negative number). Arrays are flat, all parameters together;
    ``g_hist``: the gradients of updates 0..k; ``state``: words for what update keeps between calls (None for
    a stateless optimizer)."""
    notes, tags = [], []
    agreed = f"Updates 1-{k}" if k > 1 else "Update 1"
    if not np.all(np.isfinite(after_got)):
        bad = ~np.isfinite(after_got)
        had_negative = np.any(g_hist < 0, axis=0)
        if np.all(g_hist[:, bad] == 0):
            notes.append(f"nan/inf first appear at update {k + 1}, in entries whose gradient has been exactly 0 "
                         "so far: that is a division of 0 by 0 -- eps must sit in the denominator, next to the root, "
                         "so that it is never 0.")
            tags.append("division-by-zero")
        elif np.all(had_negative[bad]) and not np.all(had_negative):
            # proven only when nan appears in no entry whose gradients were all >= 0 (and there are such entries):
            # a quantity of each entry's own gradients turned negative (a nan in every entry is not this)
            notes.append(f"nan first appears at update {k + 1}, only in entries that have had negative "
                         "gradients: the square root of a negative number. What is averaged or summed under the "
                         "root must be g**2 (never negative).")
            tags.append("root-of-negative")
        else:
            notes.append(f"nan/inf first appear at update {k + 1}: look for an overflow, a division by a number "
                         "that can be 0, or the root of a number that can turn negative.")
            if k > 0 and state is not None and (lr_before is None or lr == lr_before):
                # proven: the same formula gave finite, right updates before; what differs is what update keeps
                notes.append(f"{agreed} agreed, so the formula is right on a fresh optimizer: look at what "
                             f"update keeps between calls -- {state} -- and at every quantity computed from it "
                             "(a correction, a count).")
                tags.append("state-between-calls")
        return notes, tags
    u_got, u_want = after_got - before_got, after_want - before_want
    moved = np.abs(u_want) > 1e-12 * np.maximum(1.0, np.abs(before_want))
    if moved.any() and np.all(np.abs(u_got[moved]) <= 1e-12 * np.maximum(1.0, np.abs(before_got[moved]))):
        notes.append(f"at update {k + 1} your parameters did not move at all, while they should have.")
    elif moved.any():
        r = u_got[moved] / u_want[moved]
        found = constant_factor(u_got, u_want, factors)
        if found is not None:
            c, names = found
            notes.append(f"at update {k + 1} " + factor_words(c, names, "the expected step")
                         + (" -- the parameters move uphill, along the gradient." if abs(c + 1) <= 1e-6 else "."))
            tags.append("update-wrong-sign" if abs(c + 1) <= 1e-6 else "step-scaled-by-constant")
        elif adaptive and np.all(r > 0):
            size = np.abs(g_hist[-1][moved])
            ok = size > 0
            # 1.1: below a 10 % spread the ratio is one constant factor blurred by eps, which these words
            # would misdescribe (the constant-factor test above allows only 1e-6)
            if ok.sum() > 2 and np.std(np.log(size[ok])) > 0 and np.max(r[ok]) >= 1.1 * np.min(r[ok]):
                corr = float(np.corrcoef(np.log(size[ok]), np.log(r[ok]))[0, 1])
                if abs(corr) > 0.8:
                    notes.append(f"at update {k + 1} your steps point the right way, but how far off they are "
                                 f"depends on the size of the gradient ({'larger' if corr > 0 else 'smaller'} "
                                 "gradients, relatively larger steps): the normalisation is off -- check what "
                                 "is accumulated (g**2, with its weights) and the denominator (its sqrt, plus eps).")
                    # a name only where the numbers prove it: every step points the expected way and, over at least
                    # 10 entries, its ratio to the expected step follows the gradient's size (|corr| > 0.8 on a log
                    # scale; ratios unrelated to |g| reach that by chance with probability < 0.6 % at 10 entries)
                    if ok.sum() >= 10:
                        tags.append("update-gradient-scaling")
        if not notes:
            bigger = float(np.mean(np.abs(u_got[moved]) > np.abs(u_want[moved])))
            notes.append(f"at update {k + 1} {'most of ' if 0.2 < bigger < 0.8 else ''}your steps are "
                         f"{'larger' if bigger >= 0.5 else 'smaller'} than the expected ones.")
    # Mechanism names (docs/graders.md, "Mechanism names"): each is what the numbers prove, not a guess, and
    # comes after every model (a specific name wins: this runs only when none matched).
    if k > 0:
        if lr_before is not None and lr != lr_before:
            # proven: the same run agreed at every update with the old rate and parts at the first with the new
            notes.append(f"{agreed} agreed and update {k + 1} is the first with the new learning rate "
                         f"lr = {lr:g}: read self.lr at every call, and check where lr enters the step "
                         "(inside the velocity or in the step: either is right, but not both, and not a copy "
                         "made in __init__).")
            tags.append("learning-rate-use")
        elif state is not None:
            # proven: a fresh optimizer computes the right step (the formula is right at the initial state) and a
            # later call with the same lr does not: what differs between the calls is what update keeps
            notes.append(f"{agreed} agreed, update {k + 1} did not: the first call is right, so look at "
                         f"what update keeps between calls -- {state}: is it created only once, updated with "
                         "the new values, and used after its update?")
            tags.append("state-between-calls")
    elif i > 0:
        notes.append(f"In the very first call params[0] came out right but params[{i}] did not: look for "
                     "something shared between parameters, or counted once per parameter instead of once per "
                     "call (a state kept for all parameters together, a step counter inside the loop).")
    return notes, tags


# Mechanism names read from the whole run (docs/graders.md, "Mechanism names"): like localise_step's, each
# runs only once no model matched, and each fires only where the numbers prove what its words say.
_CORRECTION_POWERS = (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)   # the inverse, the root, the square


def step_count_factor(got_run, want_run, g_all, lrs, factors, corrected):
    """Every update is the expected step times one factor for all entries, and that factor changes with t.
    ``got_run``/``want_run``: flat parameters before the first update and after each; ``g_all``: the flat
    gradients of every update; ``factors``: the hyperparameters ([[name, value], ...]); ``corrected``: the names
    of the betas whose bias corrections the method has (empty for a method without one)."""
    # entries whose gradient was never small: there eps (1e-8 in every test) is at most ~1e-4 of any root these
    # formulas take, corrected or not, so a factor common to all entries shows to 1e-3; near-zero gradients
    # (and the zeroed entries of the eps tests) would blur it by eps / root
    size = np.abs(g_all)
    kept = np.all(size >= 0.1 * np.median(size), axis=0)
    cs = []
    for k in range(len(got_run) - 1):
        u_got, u_want = (got_run[k + 1] - got_run[k])[kept], (want_run[k + 1] - want_run[k])[kept]
        r = u_got / np.where(u_want == 0, np.nan, u_want)
        c = float(np.median(r)) if kept.sum() >= 4 and np.all(np.isfinite(r)) else math.nan
        if not (c > 0 and np.all(np.abs(r - c) <= 1e-3 * c)):
            break
        cs.append(c)
    # proven: over three updates or more (a trend, not one factor) each update is c_t times the expected step for
    # every entry kept (1e-3), and c_t moves by 10 times that: what is wrong multiplies the whole step and
    # depends on t alone, not on the gradients
    if len(cs) < 3 or len(cs) < len(got_run) - 1 or max(cs) <= 1.01 * min(cs):
        return [], []
    t = np.arange(1, len(cs) + 1)
    betas = {name: float(v) for name, v in factors if name in ("beta1", "beta2", "decay", "momentum")}
    fit = None
    for powers in itertools.product(_CORRECTION_POWERS, repeat=len(betas)):
        model = np.prod([(1 - b ** t) ** q for b, q in zip(betas.values(), powers)], axis=0)
        # the factors equal these corrections to 1e-3 relative (each c_t is known to 1e-3)
        if any(powers) and np.all(np.abs(np.array(cs) / model - 1) <= 1e-3):
            fit = [(name, q) for name, q in zip(betas, powers) if q]
            break
    shown = ", ".join(f"{c:.4g} at t = {i}" for i, c in enumerate(cs[:3], 1)) + f", ..., {cs[-1]:.4g} at t = {len(cs)}"
    notes = [f"Every update is the expected step times one factor for all entries, and the factor changes with "
             f"the step count t ({shown}): something in your step depends on t the wrong way."]
    if fit:
        how = " ".join(f"(1 - {name}**t)" + ("" if q == 1 else f"**{q:g}") for name, q in fit)
        notes.append(f"The factor is exactly {how}: a bias correction -- check its formula (1 - beta**t, with t "
                     "counting calls from 1), that the corrected copies divide m and v (never multiply them or "
                     "the stored averages), that each is applied once, and that it is there only where the "
                     "method has one.")
        return notes, ["bias-correction"]
    if corrected and (lrs is None or len(set(lrs)) == 1):
        # proven: with lr fixed, the only parts of this method that depend on t are its bias corrections
        notes.append(f"With lr fixed, the only parts of this method that change with t are the bias corrections "
                     f"of {' and '.join(corrected)}: check each one's formula (1 - beta**t, t from 1), where it "
                     "divides, and that each is applied once.")
        return notes, ["bias-correction"]
    notes.append("The method's step has nothing that changes with t besides lr: look for a count of calls used "
                 "in the step (a decay, a correction the method does not have).")
    return notes, []


def nan_everywhere_at_once(after_got, g_hist, k, lrs, corrected):
    """nan/inf appear at update ``k`` (0-based; the updates before it right, lr unchanged) in every entry that has
    had a nonzero gradient, at once: a number shared by all entries that changes with t -- in a method with bias
    corrections, one of those. ``after_got``: the flat parameters after update k; ``g_hist``: the gradients of
    updates 0..k."""
    if k == 0 or not corrected or np.all(np.isfinite(after_got)) or (lrs is not None and len(set(lrs[:k + 1])) > 1):
        return [], []
    used = np.any(g_hist != 0, axis=0)
    # proven: entries with different gradients cannot all cross 0 (or a root's negative) at the same update by
    # themselves; at least two such entries, and the same formula gave right, finite updates before
    if used.sum() < 2 or not np.all(~np.isfinite(after_got[used])):
        return [], []
    return [f"nan/inf appear at update {k + 1} in every entry that has had a gradient, all at once, after right "
            "updates: one number shared by every entry, and changing with t, turned negative under a root or "
            f"0 in a denominator. In this method that is a bias correction of {' or '.join(corrected)}: "
            "1 - beta**t (beta to the power t) stays between 0 and 1 for every t >= 1 -- check how it is "
            "written."], ["bias-correction"]


def parameters_split(got, want, grads, shapes, rtol, atol):
    """Some parameters agree at every update, entry by entry; the others differ: the update treats parameters
    differently (by shape, size or position)."""
    n = len(shapes)
    agree = [all(np.allclose(got[k][i], want[k][i], rtol=rtol, atol=atol, equal_nan=True) for k in range(len(got)))
             for i in range(n)]
    right, wrong = [i for i in range(n) if agree[i]], [i for i in range(n) if not agree[i]]
    if not right or not wrong:
        return [], []
    size = [float(np.median(np.abs(np.concatenate([np.ravel(gs[i]) for gs in grads])))) for i in range(n)]
    # a slip that shows only at some gradient sizes (eps against a tiny root, rounding at large values) also
    # splits parameters, by their numbers and not by a rule: proven only when each differing parameter's gradients
    # are of a size an agreeing one has (within 10x) or lie between the sizes of two agreeing ones
    lo, hi = min(size[j] for j in right), max(size[j] for j in right)
    if not all(lo <= size[i] <= hi or any(0.1 <= size[i] / max(size[j], 1e-300) <= 10 for j in right)
               for i in wrong):
        return [], []
    dims = lambda ids: sorted({len(shapes[i]) for i in ids})                                   # noqa: E731
    names = lambda ids: ", ".join(f"params[{i}] ({len(shapes[i])}-D)" for i in ids)           # noqa: E731
    by_shape = not set(dims(right)) & set(dims(wrong))
    notes = [f"Only {names(wrong)} differ{'s' if len(wrong) == 1 else ''}: every entry of {names(right)} agrees at "
             "every update. Your update treats parameters differently"
             + (f" -- here by their number of dimensions ({' and '.join(f'{d}-D' for d in dims(wrong))} ones differ)"
                if by_shape else "")
             + ": look for anything in update that depends on a parameter's shape, size or position in the list, "
               "or that is shared between parameters; the method applies one rule to every array."]
    return notes, ["parameters-treated-differently"]


def large_gradients_capped(u_got, u_want, g_hist, k, rtol, atol):
    """At the first update that differs (``k``, 0-based), the steps agree in every entry whose gradients so far
    were all small and are shorter, the same way, in every entry that had a larger one: something caps large
    gradients (or steps) -- a clip or clamp the method does not have. ``u_got``/``u_want``: the flat steps of
    that update; ``g_hist``: the gradients of updates 0..k."""
    if not (np.all(np.isfinite(u_got)) and np.all(np.isfinite(u_want))):
        return [], []
    size = np.max(np.abs(g_hist), axis=0)
    ok = np.isclose(u_got, u_want, rtol=rtol * 10, atol=atol * 10)   # 10x: a step is a difference of two values
    moved = np.abs(u_want) > atol
    agree, differ = ok & moved, ~ok
    # proven: at least 3 entries on each side, and a clean threshold -- every agreeing entry's largest |g| so far
    # is below every differing entry's -- with each differing step shorter than expected and pointing the same
    # way (a slip that shows at small gradients, such as eps, splits the other way round; one unrelated to |g|
    # would not split at a threshold)
    if agree.sum() < 3 or differ.sum() < 3 or size[agree].max() >= size[differ].min():
        return [], []
    if not np.all((np.sign(u_got[differ]) == np.sign(u_want[differ])) & (np.abs(u_got[differ]) < np.abs(u_want[differ]))):
        return [], []
    lo, hi = float(size[agree].max()), float(size[differ].min())
    return [f"At update {k + 1} your steps agree in every entry whose gradients so far were all at most {lo:.3g} "
            f"in size, and are shorter (the same way) in every entry that had a gradient of {hi:.3g} or more: "
            "something caps large gradients or steps -- a clip, a clamp, a min or max -- that this method does "
            "not have. Large gradients must pass through the update unchanged (clipping belongs to the training "
            "loop, before the update)."], ["large-gradients-capped"]


def steps_along(points, directions, rtol, atol):
    """For each step t = 1..T of a run: is ``points[t] - points[t - 1]`` along ``directions[t - 1]`` (any sign
    or length)? The part of a real gradient step orthogonal to its gradient is rounding-sized."""
    points = np.asarray(points, dtype=np.float64).reshape(len(points), -1)
    directions = np.asarray(directions, dtype=np.float64).reshape(len(directions), -1)
    with np.errstate(all="ignore"):
        steps = points[1:] - points[:-1]
        scale = np.einsum("ij,ij->i", steps, directions) / np.maximum(np.einsum("ij,ij->i", directions, directions),
                                                                       1e-300)
        off = np.linalg.norm(steps - scale[:, None] * directions, axis=1)
        return off <= rtol * np.linalg.norm(steps, axis=1) + atol * (1.0 + np.linalg.norm(points[:-1], axis=1))


def from_start(asked: list, start) -> list:
    """The points where grad_f was asked, from the first one at ``start`` (theta_init): a call before it (grad_f
    tried at zeros, to see that it runs) is no step of the run. A run that never asks there is read as it is."""
    start = np.asarray(start, dtype=np.float64)
    first = next((i for i, p in enumerate(asked)
                  if np.shape(p) == start.shape and np.array_equal(np.asarray(p, dtype=np.float64), start)), 0)
    return asked[first:]


def rule_along(rule, result, record):
    """A contract check counts only for a run of the method: it starts at theta_init and every step goes along
    the gradient there (any sign or rate -- those are the update tests' business). ``path``: "gd" (the points
    where grad_f was asked, then the result) or "sgd" (theta at each grad_f_batch call, then the result, with
    that call's batch); ``gradient``: of a quadratic 0.5 t.A.t - b.t, or of the MSE on a batch of X, y."""
    got = value(result, rule["call"])
    start = np.asarray(rule["start"], dtype=np.float64)
    if rule["path"] == "gd":
        points = []
        for p in [*from_start(got["grad_points"], start), got["theta"]]:   # a repeated call at one point counts once
            p = np.asarray(p, dtype=np.float64)
            if not points or p.shape != points[-1].shape or not np.array_equal(p, points[-1]):
                points.append(p)
        batches, calls = None, len(got["grad_points"])
    else:
        points = [np.asarray(c["theta"], dtype=np.float64) for c in got["calls"]] + \
                 [np.asarray(got["theta"], dtype=np.float64)]
        batches, calls = [np.asarray(c["idx"]) for c in got["calls"]], len(got["calls"])
    if len(points) < 2 or points[0].shape != start.shape or not np.array_equal(points[0], start):
        fail(rule["no_run"].format(calls=calls), tags=[rule["no_run_tag"]])
    off_step = rule["off"]
    if any(p.shape != start.shape for p in points) or (batches and any(np.any(b < 0) for b in batches)):
        fail(off_step.format(step=1), tags=["run-not-the-method"])
    model = rule["gradient"]
    with np.errstate(all="ignore"):
        if "quadratic" in model:
            A, b = (np.asarray(model["quadratic"][k], dtype=np.float64) for k in ("A", "b"))
            grads = [(A @ p.reshape(-1) - b).reshape(p.shape) for p in points[:-1]]
        else:
            X, y = (np.asarray(model["mse"][k], dtype=np.float64) for k in ("X", "y"))
            grads = [(2.0 / len(i)) * (X[i].T @ (X[i] @ p - y[i])) for p, i in zip(points, batches)]
    agrees = steps_along(np.array(points[:len(grads) + 1]), np.array(grads), rule["rtol"], rule["atol"])
    if not agrees.all():
        if len(points) == len(grads) + 1 and agrees[:-1].all() and \
                averaged_result(points, grads[-1], rule["rtol"], rule["atol"]):
            fail("Every step of your run goes along the gradient, but the theta you return is the AVERAGE of the "
                 "points the run passed through, not the last one: an averaged iterate (Polyak-Ruppert averaging, "
                 "SWA) is another method's answer. Return theta as the last step left it.",
                 tags=["returns-average-of-iterates"])
        carried = step_carries_previous(points[:len(grads) + 1], grads)
        if agrees[0] and carried is not None:
            fail(f"Your first step goes along its gradient, and every later one is {carried[0]:.4g} × its gradient "
                 f"plus {carried[1]:.4g} × the previous step: a velocity carried from step to step (momentum), "
                 "state this method does not keep. Each step depends only on the gradient at the current point.",
                 tags=["hidden-momentum"])
        fail(off_step.format(step=int(np.argmin(agrees)) + 1), tags=["run-not-the-method"])


def step_carries_previous(points, grads):
    """(a, b) when every step from the second on is a * its gradient + b * the previous step, with the same a and
    b throughout (b != 0): heavy-ball momentum. Proven over at least 3 such steps, all fitted by two numbers to
    1e-6 of the steps' size (rounding is ~1e-15; any other slip leaves residuals of its own size). None otherwise."""
    steps = np.diff(np.array(points, dtype=np.float64).reshape(len(points), -1), axis=0)
    g = np.array(grads, dtype=np.float64).reshape(len(grads), -1)[:len(steps)]
    if len(steps) < 4 or not np.all(np.isfinite(steps)):
        return None
    A = np.stack([g[1:].ravel(), steps[:-1].ravel()], axis=1)
    coef, *_ = np.linalg.lstsq(A, steps[1:].ravel(), rcond=None)
    residual = np.linalg.norm(A @ coef - steps[1:].ravel())
    if residual > 1e-6 * np.linalg.norm(steps[1:]) or abs(coef[1]) < 1e-3:
        return None
    return float(coef[0]), float(coef[1])


def averaged_result(points, last_gradient, rtol, atol):
    """Is ``points[-1]`` (the result) the mean of the run's iterates ``points[:-1]`` (the start included or not)
    and one more iterate, the step after the last one seen, taken along ``last_gradient``? That last iterate is
    recovered from the mean; proven only over at least 3 iterates and for a step that moved."""
    run, result = np.array(points[:-1]), points[-1]
    if len(run) < 2:
        return False
    with np.errstate(all="ignore"):
        for first in (0, 1):                    # averaged from theta_init, or from the first step's result
            seen = run[first:]
            last = result * (len(seen) + 1) - seen.sum(axis=0)
            if np.all(np.isfinite(last)) and not np.allclose(last, run[-1], rtol=rtol, atol=atol) and \
                    steps_along(np.array([run[-1], last]), np.array([last_gradient]), rtol, atol)[0]:
                return True
    return False


def _fmt_call(kw):
    return ", ".join(f"{k}={v!r}" for k, v in kw.items())


def _first_bad(got, want, rtol, atol):
    """Index of the first entry outside ``atol + rtol * |want|`` (nan never agrees), or None."""
    bad = ~np.isclose(got, want, rtol=rtol, atol=atol)
    return int(np.argmax(bad)) if bad.any() else None


def _matching(got, variants, rtol, atol):
    """The first variant whose ``values`` the numbers match everywhere, or None."""
    for v in variants:
        values = np.asarray(v["values"], dtype=np.float64)
        if values.shape == got.shape and _first_bad(got, values, rtol, atol) is None:
            return v
    return None


def rule_schedule(rule, result, record):
    """A schedule's values at ``calls`` (keyword dicts) against the reference's (``expected``). A failure says
    where, names a known mistake (``variants``: tag, words, explain, hint, values) or what the difference looks
    like within the setting that differs -- a constant factor, an off-by-one in the running variable ``xvar``,
    a rate moving the wrong way (tags ``<prefix>-scaled`` / ``-wrong-sign`` / ``-off-by-one`` / ``-reversed``) --
    and draws that setting. ``own_helpers``: see :func:`_own_helpers`."""
    fn, calls, xvar, rtol, atol = rule["fn"], rule["calls"], rule["xvar"], rule["rtol"], rule["atol"]
    want = np.asarray(rule["expected"], dtype=np.float64)
    got = _as_float_array(value(result, rule["call"], rule.get("path")), f"the values of {fn}", want.shape)
    i = _first_bad(got, want, rtol, atol)
    if i is None:
        return
    bad = int((~np.isclose(got, want, rtol=rtol, atol=atol)).sum())

    def setting(call):
        return _fmt_call({k: v for k, v in call.items() if k != xvar}) or "defaults"
    members = [j for j, c in enumerate(calls) if setting(c) == setting(calls[i])]
    mark = f"{fn}({_fmt_call(calls[i])}) should be {want[i]:.10g}, got {got[i]:.10g}"
    message = f"{mark} ({bad} of the {len(want)} values checked differ)."
    tags, hint = [], None
    named = _matching(got, rule.get("variants", ()), rtol, atol)
    if named is not None:
        message = f"This matches {named['words']}: {named['explain']} " + message
        tags, hint = [named["tag"]], named["hint"]
    else:
        found = constant_factor(got[members], want[members], {"2": 2.0, "1/2": 0.5})
        shift = _shifted(got, want, calls, xvar, members, rtol, atol)
        prefix = rule["prefix"]
        if found is not None:
            message += f" For this setting, {factor_words(*found, 'the expected rate')}."
            tags = [f"{prefix}-{'wrong-sign' if found[0] < 0 else 'scaled'}"]
            if shift is not None:       # an exponential shifted by one step IS a constant factor: both are true
                message += (f" That is also your value at {xvar} equal to the expected one at {xvar} "
                            f"{'+' if shift > 0 else '-'} 1: an off-by-one in {xvar} (where it starts counting).")
                tags.append(f"{prefix}-off-by-one")
        elif shift is not None:
            message += (f" For this setting your value at {xvar} equals the expected one at {xvar} "
                        f"{'+' if shift > 0 else '-'} 1: an off-by-one in {xvar} (where it starts counting, or a "
                        "< against a <=).")
            tags = [f"{prefix}-off-by-one"]
        elif (offset := _offset(got, want, members, rtol, atol)) is not None:
            # a mechanism grown from round 8 (docs/graders.md): where the values differ, one constant apart
            named = [k for k, v in calls[i].items() if k != xvar and isinstance(v, (int, float))
                     and not isinstance(v, bool) and math.isclose(abs(offset), v, rel_tol=1e-9)]
            message += (f" For this setting, wherever your values differ they are the expected ones "
                        f"{'plus' if offset > 0 else 'minus'} {abs(offset):.6g}"
                        + (f" ({abs(offset):.6g} is {' and '.join(named)} here)" if named else "")
                        + ": a constant term is left out of the formula or added to it (an offset, where the "
                          "expected value is the offset plus a part that changes).")
            tags = [f"{prefix}-offset"]
        elif _reversed(got, want, calls, xvar, members):
            message += (" For this setting your rate moves the opposite way to the expected one at every step: it "
                        "rises where it should fall (or falls where it should rise) -- the two ends are exchanged, "
                        "or a sign is flipped.")
            tags = [f"{prefix}-reversed"]
        else:
            before = [calls[j][xvar] for j in members if j < i]
            if before:
                message += (f" For this setting the values agree up to {xvar} = {max(before)} and part at "
                            f"{xvar} = {calls[i][xvar]}: look at what changes there.")
                first = min(members, key=lambda j: calls[j][xvar])
                if np.isclose(got[first], want[first], rtol=rtol, atol=atol):
                    # a mechanism name (docs/graders.md): proven by the numbers -- the setting's first value is
                    # right, so the start (the rates it begins from) is; what goes wrong is how it moves on
                    message += (f" Your schedule starts right (at {xvar} = {calls[first][xvar]}) and goes wrong "
                                f"later: check how it changes with {xvar} -- the shape of each phase, where a "
                                "phase ends, and what the formula uses as its clock.")
                    tags.append("schedule-wrong-after-start")
            moved = _end_moved(got, want, calls, xvar, members, rtol, atol)
            if moved is not None:
                message += " " + moved[0]
                tags.append(moved[1])
    order = sorted(members, key=lambda j: calls[j][xvar])
    figure = step_figure(title=f"{fn}({setting(calls[i])}): your values and the expected ones", xlabel=xvar,
                         ylabel="learning rate", x=[calls[j][xvar] for j in order], yours=got[order],
                         expected=want[order], mark_x=calls[i][xvar], mark_label=mark)
    _finish(_own_helpers(rule, result, got, want), Verdict(message, tags, hint, figure))


def _end_moved(got, want, calls, xvar, members, rtol, atol):
    """(words, tag) when, within one setting, the values agree on one side of a point (the anchor) and, on the
    other side, keep the expected shape from the anchor's value to another end: got - want = k (A - want) with A
    the expected value at the anchor and one k != 0 -- the expected curve stretched about A, its far end moved
    (a mechanism name: docs/graders.md). None otherwise."""
    order = sorted(members, key=lambda j: calls[j][xvar])
    ok = np.isclose(got[order], want[order], rtol=rtol, atol=atol)
    bad = np.flatnonzero(~ok)
    if not len(bad):
        return None
    for side, at, part in (("end", bad[0] - 1, order[bad[0]:]), ("start", bad[-1] + 1, order[:bad[-1] + 1])):
        # the other side of the anchor agrees by construction (everything before the first / after the last
        # difference); proven on at least 3 differing values: k is read off one and checked on two or more
        if not 0 <= at < len(order) or (~ok[bad[0]:] if side == "end" else ~ok[:bad[-1] + 1]).sum() < 3:
            continue
        a = order[at]
        span = want[a] - want[part]
        far = int(np.argmax(np.abs(span)))
        if abs(span[far]) <= atol:
            continue
        k = (got[part][far] - want[part][far]) / span[far]
        if not np.all(np.isclose(got[part], want[part] + k * span, rtol=rtol, atol=atol)):
            continue
        x = calls[a][xvar]
        e = part[-1] if side == "end" else part[0]
        where = f"{xvar} = {calls[e][xvar]}"
        if side == "end":
            return (f"From {xvar} = {x} on, your values keep the expected shape from the same value there "
                    f"({want[a]:.6g}) but head for another end ({got[e]:.6g} at {where}, where {want[e]:.6g} is "
                    "expected; every difference is the same fraction of the distance from that value): the value "
                    "this part ends at is wrong -- check how the final (or minimum) rate is computed: which rate it "
                    "starts from and which factors divide it.", "schedule-end-value")
        return (f"Up to {xvar} = {x} your values keep the expected shape towards the same value there "
                f"({want[a]:.6g}) but come from another start ({got[e]:.6g} at {where}, where {want[e]:.6g} is "
                "expected; every difference is the same fraction of the distance to that value): the value this "
                "part starts from is wrong -- check the rate the formula starts at (the initial or maximum rate, and "
                "what is added to it or multiplies it).", "schedule-start-value")
    return None


def _shifted(got, want, calls, xvar, members, rtol, atol):
    """+1 / -1 when, within one setting, the student's value at x equals the expected value at x + 1 / x - 1
    wherever both exist (an off-by-one in the running variable); None otherwise."""
    at = {calls[j][xvar]: j for j in members}
    for shift in (1, -1):
        pairs = [(j, at[calls[j][xvar] + shift]) for j in members if calls[j][xvar] + shift in at]
        if len(pairs) >= 2 and all(np.isclose(got[j], want[k], rtol=rtol, atol=atol) for j, k in pairs) \
                and not all(np.isclose(got[j], want[j], rtol=rtol, atol=atol) for j, _ in pairs):
            return shift
    return None


def _offset(got, want, members, rtol, atol):
    """Within one setting, every value that differs differs by the same nonzero constant (at least 2 of them):
    the constant, or None."""
    g, w = got[members], want[members]
    bad = ~np.isclose(g, w, rtol=rtol, atol=atol)
    if bad.sum() < 2 or not np.all(np.isfinite(g[bad])):
        return None
    d = g[bad] - w[bad]
    return float(d[0]) if np.allclose(d, d[0], rtol=1e-9, atol=atol) else None


def _reversed(got, want, calls, xvar, members):
    """Within one setting, every change of the student's rate goes against the expected change."""
    order = sorted(members, key=lambda j: calls[j][xvar])
    d_got, d_want = np.diff(got[order]), np.diff(want[order])
    moving = np.abs(d_want) > 1e-12 * np.max(np.abs(want[order]), initial=1.0)
    return bool(moving.any() and np.all(np.sign(d_got[moving]) == -np.sign(d_want[moving])))


def rule_plateau(rule, result, record):
    """ReduceLROnPlateau: the rates step() returned on each run (call k: ``runs[k]``, its kwargs and metrics)
    against ``expected``, all runs together. A failure quotes the metrics up to the first wrong rate, names a
    rate that is never cut or a known mistake (``variants``, values over all runs), and draws that run."""
    runs, rtol, atol = rule["runs"], rule["rtol"], rule["atol"]
    got, want, where = [], [], []
    for r, run in enumerate(runs):
        n = len(run["metrics"])
        got.append(_as_float_array(value(result, r), "the rates returned by step()", (n,)))
        want.append(np.asarray(rule["expected"][r], dtype=np.float64))
        where += [(r, e) for e in range(n)]
    g_all, w_all = np.concatenate(got), np.concatenate(want)
    k = _first_bad(g_all, w_all, rtol, atol)
    if k is None:
        return
    r, e = where[k]
    kwargs, metrics = runs[r]["kwargs"], runs[r]["metrics"]
    shown = ", ".join(f"{m:.6g}" for m in metrics[:e + 1][-12:])
    mark = f"call {e + 1}: step() should return {w_all[k]:.6g}, yours returned {g_all[k]:.6g}"
    message = (f"ReduceLROnPlateau({_fmt_call(kwargs)}): after the metrics {'..., ' if e + 1 > 12 else ''}{shown} "
               f"({mark}).")
    tags, hint = [], None
    initial = [float(run["kwargs"]["lr"]) for run in runs for _ in run["metrics"]]
    named = _matching(g_all, rule.get("variants", ()), rtol, atol)
    if np.array_equal(g_all, initial) and not np.array_equal(w_all, initial):
        # a cut that never comes and a cut that does not take give the same numbers: both are asked (round 14)
        message = ("Your step() never changes the rate, while it should have been cut here: either no cut is ever "
                   "triggered (does every epoch that is not better add one to the count, and does the count reach "
                   "patience + 1?) or the cut does not take (is the new rate smaller than the old one, and is it "
                   "stored where step() reads it?). " + message)
        tags = ["plateau-never-cuts"]
    elif named is not None:
        # every known mistake the numbers fit is said (round 14): on some runs two rules give the same rates
        others = [v for v in rule.get("variants", ()) if v is not named and v["tag"] != named["tag"]
                  and _matching(g_all, [v], rtol, atol) is not None]
        message = (f"This matches {named['words']}: {named['explain']} "
                   + "".join(f"(Or, just as well on these runs, {v['words']}.) " for v in others[:1]) + message)
        tags, hint = [named["tag"], *(v["tag"] for v in others[:1])], named["hint"]
    else:
        floor = _plateau_floor(g_all, w_all, where, k, [float(run["kwargs"].get("min_lr", rule.get("min_lr", 0.0)))
                                                        for run in runs], initial, rtol, atol)
        if floor is not None:
            message += " " + floor
            tags = ["plateau-floor-wrong"]
    fail(message, tags=tags, hint=hint, figure=step_figure(
        title=f"ReduceLROnPlateau({_fmt_call(kwargs)}) on {rule['title']}", xlabel="call of step() (one per epoch)",
        ylabel="learning rate returned", x=range(1, len(metrics) + 1), yours=got[r], expected=want[r], mark_x=e + 1,
        mark_label=mark, log_y=True))


def _plateau_floor(got, want, where, k, floors, initial, rtol, atol):
    """Words when the first wrong rate (index ``k`` of all runs' rates together) is where min_lr acts: the first
    cut that min_lr limits, after cuts it does not limit agreed; or the student's rate is min_lr itself at a cut
    that stays above it (a mechanism name: docs/graders.md). ``floors``: each run's min_lr; ``initial``: each
    rate's run's starting lr. None otherwise."""
    r, e = where[k]
    floor = floors[r]
    before = want[k - 1] if e > 0 else initial[k]
    close = lambda a, b: bool(np.isclose(a, b, rtol=rtol, atol=atol))     # noqa: E731
    if floor <= 0 or not want[k] < before:                 # a floor of 0 is every rate that went to 0: no proof
        return None
    earlier_cut = any(where[j][1] > 0 and want[j] < want[j - 1] and where[j - 1][0] == where[j][0] for j in range(k))
    if close(want[k], floor) and earlier_cut:
        # proven: every rate before agreed, cuts that min_lr does not limit among them, and this is a cut that
        # ends on min_lr
        return (f"Every rate agreed, cuts included, up to the first cut that min_lr limits (lr × factor below "
                f"min_lr = {floor:g}): there the rate should stop at min_lr, {floor:g}. Check what a cut does when "
                "lr × factor would go below min_lr: the rate is still cut, down to min_lr and no further.")
    if close(got[k], floor) and not close(want[k], floor):
        # proven: the rate returned is min_lr itself, exactly, at a cut whose rate lr × factor stays above it
        return (f"Your rate is min_lr itself ({floor:g}) at a cut where lr × factor ({want[k]:.6g}) stays above "
                "it: min_lr is a floor -- it only stops a cut that would go below it. Check the comparison that "
                "applies it.")
    return None


def rule_range_run(rule, result, record):
    """lr_range_test's record of a run: as many rates as losses, and the rates are exactly those it passed to
    loss_after_step, one call each (``called``: the rates the callback saw)."""
    got, what = value(result, rule["call"]), rule["what"]
    lrs = _as_float_array_any(got["lrs"], f"lrs ({what})")
    losses = _as_float_array_any(got["losses"], f"losses ({what})")
    if lrs.shape != losses.shape:
        fail(f"lrs and losses should have the same length, but they have {len(lrs)} and {len(losses)} ({what}).",
             hint="Append one learning rate and one loss at every step.")
    called = got["called"]
    once = "Call loss_after_step(lr) once per rate and record that lr and the loss it returns."
    if len(called) == 2 * len(lrs) and np.array_equal(called[::2], lrs) and np.array_equal(called[1::2], lrs):
        fail(f"loss_after_step was called twice for every rate ({what}): each call trains one more step, so the "
             "recorded loss belongs to a second step. Call it once per rate and keep what it returns.",
             tags=["range-test-calls-twice"], hint=once)
    if len(lrs) != len(called) or not np.array_equal(lrs, called):
        called = _as_float_array_any(called, f"the rates passed to loss_after_step ({what})").ravel()
        n = min(len(lrs), len(called))
        k = next((j for j in range(n) if lrs[j] != called[j]), n - 1)
        mark = f"call {k + 1}: passed {num(called[k])}, recorded {num(lrs[k])}" if n else ""
        positive = n and np.all(np.isfinite(lrs[:n])) and np.all(lrs[:n] > 0) and np.all(called[:n] > 0)
        # proven: the callback got 0, 1, 2, ... (or 1, 2, 3, ...), at least 3 calls -- the loop's counter, where
        # the rate belongs (a rate schedule is log-spaced and never runs through consecutive integers)
        index = n >= 3 and any(np.array_equal(called[:n], np.arange(s, s + n)) for s in (0, 1))
        tags = ["range-test-passes-step-index"] if index else []
        # proven by the records (mechanism names, docs/graders.md): every call recorded but the last, the one the
        # test stopped at; or, call for call, the rate of the NEXT call recorded (at least 3 calls)
        unrecorded = len(called) == len(lrs) + 1 and np.array_equal(lrs, called[:-1])
        shifted = not index and len(called) == len(lrs) >= 3 and np.array_equal(lrs[:-1], called[1:])
        said = ""
        if unrecorded:
            tags, said = ["range-test-stop-before-recording"], (
                f"Every call is recorded except the last one, the step where your test stopped (rate "
                f"{num(called[-1])}): the pair of every step belongs to the curve, the last one too -- when the test "
                "stops on a blow-up or a nan, it is the pair the stop reacts to. ")
        elif shifted:
            tags, said = ["range-test-records-next-rate"], (
                "Each rate you recorded is the one passed at the NEXT call (recorded rate k = the rate of call "
                "k + 1): every loss is written against the rate after the one that produced it, so the whole curve "
                "sits one step to the right. ")
        figure = step_figure(
            title=f"lr_range_test ({what}): the rate recorded in lrs and the rate passed to loss_after_step",
            xlabel="call of loss_after_step", ylabel="learning rate", x=range(1, n + 1), yours=lrs[:n],
            expected=called[:n], mark_x=k + 1, mark_label=mark, log_y=bool(positive)) if n else None
        counted = ", ".join(num(c) for c in called[:3])
        fail((f"loss_after_step was given the step's number ({counted}, ...) where the learning rate belongs: "
              f"each loss was read at the wrong x -- the model trained at rates {counted}, ... -- so the curve "
              "belongs to other rates than the ones in lrs. " if index else said)
             + f"lrs should be exactly the learning rates passed to loss_after_step, in order ({what}); your "
               f"function called it {len(called)} times and returned {len(lrs)} rates"
             + (f"; first difference at {mark}." if n else "."), tags=tags, hint=once, figure=figure)


def _as_float_array_any(v, what):
    try:
        return np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        fail(f"{what} should be numbers (a float64 array), but it was {type(v).__name__}: {v!r}"[:500])


def rule_range_lrs(rule, result, record):
    """The range test's rates (as many as expected, checked before) against the reference's, spaced evenly on a
    log scale from ``lr_min`` to ``lr_max`` over ``n_steps``; a known wrong spacing (``variants``) is named."""
    lrs = _as_float_array_any(value(result, rule["call"], rule.get("path")), "lrs")
    want = np.asarray(rule["expected"], dtype=np.float64)
    rtol, atol, what = rule["rtol"], rule["atol"], rule["what"]
    if np.allclose(lrs, want, rtol=rtol, atol=atol):
        return
    i = int(np.argmax(~np.isclose(lrs, want, rtol=rtol, atol=atol)))
    mark = f"lrs[{i}] should be {want[i]:.8g}, got {lrs[i]:.8g}"
    message = (f"{what}: {mark} (lrs[0] = {lrs[0]:.6g}; expected lr_min = {rule['lr_min']:g}, and lr_max = "
               f"{rule['lr_max']:g} at step n_steps - 1).")
    tags = []
    for v in rule.get("variants", ()):
        values = np.asarray(v["values"], dtype=np.float64)
        # rates that never move match every variant that keeps lr_min until a step not recorded: not that one's
        if len(values) >= len(lrs) and np.allclose(lrs, values[:len(lrs)], rtol=rtol, atol=atol) \
                and not (len(lrs) > 1 and np.all(values[:len(lrs)] == values[0])):
            message, tags = f"This matches {v['words']}: {v['explain']} " + message, [v["tag"]]
    words = "" if tags else _geometric_wrong_ratio(lrs, rule, rtol)
    if words:
        message, tags = words + message, ["range-test-wrong-ratio"]
    fail(message, tags=tags, figure=step_figure(
        title=f"{what}: the learning rate at each step", xlabel="step", ylabel="learning rate", x=range(len(lrs)),
        yours=lrs, expected=want, mark_x=i, mark_label=mark, log_y=True))


def _geometric_wrong_ratio(lrs, rule, rtol) -> str:
    """The model "the right spacing, the wrong ratio" (round 11, docs/graders.md "Round 11 is burnt"): rates that
    start at lr_min and are multiplied by one same factor at every recorded step (at least 3 of them) -- the
    factor is not the one that reaches lr_max at step n_steps - 1. The words, or "" when the rates are not so."""
    lr_min, n_steps = rule["lr_min"], rule.get("n_steps")
    if len(lrs) < 3 or not n_steps or lrs[0] <= 0 or not np.isclose(lrs[0], lr_min, rtol=rtol, atol=0.0):
        return ""
    r = (lrs[-1] / lrs[0]) ** (1.0 / (len(lrs) - 1))
    # 1e-9: any way of writing a power per step agrees to ~1e-15 (the rates' own RTOL); a non-geometric spacing
    # (linear, logspace of the bounds) is off by percents
    if not (np.isfinite(r) and np.allclose(lrs, lrs[0] * r ** np.arange(len(lrs)), rtol=1e-9, atol=0.0)):
        return ""
    if np.isclose(r, 1.0, rtol=1e-12, atol=0.0):       # 1e-12: exactly unmoved, up to the root's round-off
        return (f"Your rates stay at lr_min = {lr_min:g} on every recorded step: the factor that multiplies the rate "
                "at each step is 1 here. ")
    return (f"Your rates start at lr_min and are multiplied by one same factor ({r:.6g}) at every step -- the right "
            f"kind of spacing -- but that factor reaches {lr_min * r ** (n_steps - 1):.4g} at step n_steps - 1, not "
            f"lr_max = {rule['lr_max']:g}: the factor per step must take lr_min to lr_max in n_steps - 1 steps. ")


def rule_distribution(rule, result, record):
    """Random weights against their law: their spread (named when it matches a known wrong constant), their
    centre, the bound of a uniform draw, the shape of the distribution (KS). The statistics, their tolerances
    and why they can be trusted (each check's false-failure probability) are the rule's: see the grader that
    declares it. Message and figure quote the same statistics, of all the weights."""
    W = np.asarray(value(result, rule["call"], rule.get("path")), dtype=np.float64).ravel()
    what, kind, scale, std, z = rule["what"], rule["law"], rule["scale"], rule["std"], rule["z"]
    if not np.all(np.isfinite(W)):
        fail(f"{what} returned non-finite weights.", hint="Check the constant (a division by zero?).")
    n = len(W)
    mean, m2 = float(W.mean()), float(np.mean(W * W))
    summary = f"your {n} weights: mean {mean:.3g}, std {math.sqrt(m2):.5g} (root mean square: the spread about 0)"
    odds = f"probability 1 - {rule['p_check']:.0e}".replace("e-0", "e-")     # 1 - 3e-7
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
    if abs(ratio_var - 1) > z * rel_se:
        r = math.sqrt(ratio_var)
        tags, named = [], ""
        for mistake in rule["mistakes"]:
            if mistake.get("max_abs") is not None and float(np.abs(W).max()) > mistake["max_abs"] * (1 + 1e-9):
                continue        # a draw cut at a bound never leaves it: tails beyond it are another mistake
                #                 (1e-9: the bound's own round-off, a clip returns the bound itself)
            if abs(r / mistake["ratio"] - 1) < rule["ratio_tol"]:
                tags, named = list(mistake["tags"]), f"This matches {mistake['words']}. "
                break
        else:
            # the family "the right centre, the wrong spread" (after every model of the spread): named only when the
            # mean passes its own test, so the draw is centred and only its scale is off (each test's false-failure
            # probability is the rule's p_check)
            if abs(mean) <= z * std / math.sqrt(n):
                tags, named = ["init-spread-wrong"], (
                    "Your weights are centred on 0, but their spread is not the one asked for: the constant of the "
                    "draw is off -- the gain under the root, the fan it divides by, or the sqrt(3) between a "
                    "uniform bound and a std. ")
        fail(f"{named}{what}: {summary}; the std should be {std:.5g} ({rule['expected_words']}); that is {r:.3f} "
             f"times the right size. (A correct draw lands within {z * rel_se * 50:.2g} % of it with {odds}.)",
             tags=tags, hint=rule["std_hint"], figure=figure)
    se_mean = std / math.sqrt(n)
    if abs(mean) > z * se_mean:
        fail(f"{what}: {summary}; the mean should be 0 (a correct draw stays within {z * se_mean:.2g} of it with "
             f"{odds}).", tags=["init-not-centred"],
             hint="The weights must be centred on 0: U(-a, a) or N(0, std^2), as many negative weights as positive.",
             figure=figure)
    if kind == "uniform":
        big = float(np.abs(W).max())
        if big > scale * (1 + 1e-12):         # deterministic: U(-a, a) never leaves [-a, a]
            normal_like = abs(ratio_var - 1) < 0.05
            why = ("Their variance is right, so this looks like a NORMAL draw where U(-a, a) is due."
                   if normal_like else "The bound (or the spread) is too large.")
            fail(f"{what}: every weight must lie in [-a, a] with a = {scale:.6g}, but the largest |w| is {big:.6g} "
                 f"({big / scale:.3g} a). {why}",
                 tags=["init-wrong-distribution"] if normal_like else ["init-exceeds-bound"],
                 hint="A uniform draw on [-a, a] with a = sqrt(6 / fan) never leaves that interval.", figure=figure)
    xs = np.sort(W)
    F = np.clip((xs + scale) / (2 * scale), 0.0, 1.0) if kind == "uniform" else normal_cdf(xs, std)
    i = np.arange(1, n + 1)
    ks = float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))
    if ks > rule["ks_eps"]:
        other = "normal" if kind == "uniform" else "uniform"
        fail(f"{what}: the weights do not follow the {kind} distribution: the largest gap between their cumulative "
             f"distribution and the expected one is {ks:.3g} (a correct draw stays below {rule['ks_eps']:.3g} with "
             f"{odds}). Their variance is right, so this looks like a {other} draw where a {kind} one is due.",
             tags=["init-wrong-distribution"],
             hint=f"The {kind} distribution is asked for: rng has one method for each of the two.", figure=figure)


def normal_cdf(x, std):
    """Phi(x / std) by Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7, far below any KS bound used), vectorized."""
    u = np.abs(x) / (std * math.sqrt(2))
    t = 1.0 / (1.0 + 0.3275911 * u)
    erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) \
        * np.exp(-u * u)
    return 0.5 * (1 + np.sign(x) * erf)


def rule_labels(rule, result, record):
    """One label per item (e.g. diagnose_loss_curve on the lessons' curves)."""
    said = value(result, rule["call"], rule.get("path"))
    errors = [s for s in said if isinstance(s, str) and s.startswith("<error ")]
    if said and len(errors) == len(said):      # it raised on every item: a stub, or a crash on any input
        first = said[0][len("<error "):-1]
        stub = first.startswith("NotImplementedError")
        fail(f"{rule['function']} raised an exception on every curve: {first}",
             tags=["not-implemented" if stub else "exception"],
             hint="Replace the `raise NotImplementedError` with your code (the docstring gives the rules)." if stub
             else "Run it on the docstring's examples and fix the error.")
    asked = rule.get("n", len(rule["items"]))     # one answer per curve asked about: a shorter reply (R7-1)
    if not isinstance(said, list) or len(said) != asked:
        fail(f"{rule['function']} was asked about {asked} curves, and the record holds {_len(said)} answers: "
             "nothing could be checked.")
    for item, got in zip(rule["items"], said):
        if got != item["label"]:
            named = item.get("if_said", {}).get(got) if isinstance(got, str) else None   # a family for this answer
            fail(item["message"].format(got=got) + (" " + named["message"] if named else ""),
                 tags=[item["tag"], *([named["tag"]] if named else [])], hint=rule.get("hint"),
                 figure=dict(item["figure"], yours=got) if item.get("figure") else None)


def rule_indices(rule, result, record):
    """One sorted list of flagged indices per series (gradient_anomalies)."""
    raw = value(result, rule["call"], rule.get("path"))
    got = []
    for g in raw:
        if "mask" in g:
            fail(rule["mask_message"].format(n=len(g["mask"])), tags=[rule["mask_tag"]], hint=rule["mask_hint"])
        got.append(list(g["indices"]))
    want = rule["expected"]
    if got == want:
        other = sorted({t for g in raw for t in g.get("item_types", ())})
        if rule.get("types_tag") and other:   # the right indices, not of the promised type
            fail(rule["types_message"].format(types=", ".join(other)), tags=[rule["types_tag"]],
                 hint=rule["types_hint"])
        return
    k = next(i for i, (g, w) in enumerate(zip(got, want)) if g != w)
    series = rule["series"][k]
    norms, kw = series["norms"], series["kw"]
    missing, extra = sorted(set(want[k]) - set(got[k])), sorted(set(got[k]) - set(want[k]))
    i = missing[0] if missing else (extra[0] if extra else 0)
    window = kw.get("window", 20)
    hist = np.asarray(norms[max(0, i - window):i]) if 0 <= i < len(norms) else np.array([])
    detail = (f" At step {i} the norm is {norms[i]:.4g} and the median of the previous {len(hist)} norms is "
              f"{np.median(hist):.4g}, so the threshold is {kw.get('factor', 10.0) * np.median(hist):.4g}."
              if len(hist) else "")
    message = (f"{rule['title']} #{k + 1} ({len(norms)} steps, "
               f"{', '.join(f'{a}={b}' for a, b in kw.items()) or 'defaults'}): expected the indices {want[k]}, got "
               f"{got[k]}" + (f" (missed {missing})" if missing else "")
               + (f" (flagged too many: {extra})" if extra else "") + "." + detail)
    named = [m for m in rule["mistakes"] if m["values"] == got][:2]   # two rules can flag the same steps: both named
    if named:
        message = (f"This matches {named[0]['words']}"
                   + (f" (or {named[1]['words']}: on these series the two flag the same steps)" if len(named) > 1
                      else "") + ". " + message)
    tags = [m["tag"] for m in named]
    if got[k] != sorted(got[k]) and sorted(got[k]) == want[k]:
        message += " (The right indices, but not sorted.)"
    fail(message, tags=tags, figure={
        "kind": "curve", "title": f"{rule['title']} #{k + 1}: gradient norms (flagged steps: yours {got[k][:10]}, "
                                  f"expected {want[k][:10]})", "xlabel": "step", "ylabel": "gradient norm",
        "x": list(range(len(norms))), "series": {"gradient norm": [float(v) for v in norms]}, "log_y": True})


KINDS = {"shape": rule_shape, "equal": rule_equal, "absent": rule_absent, "finite": rule_finite, "length": rule_length,
         "close": rule_close, "partition": rule_partition, "in_place": rule_in_place,
         "distribution": rule_distribution, "labels": rule_labels, "indices": rule_indices, "along": rule_along,
         "steps": rule_steps, "schedule": rule_schedule, "plateau": rule_plateau, "range_run": rule_range_run,
         "range_lrs": rule_range_lrs}
