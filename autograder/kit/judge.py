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
              ``mistakes`` name a wrong length by its values
close         numbers within ``rtol``/``atol`` of one of the ``expected`` alternatives; a
              mismatch is named when the numbers match one of ``mistakes``
partition     minibatch indices: every sample once, the batch sizes of a partition
in_place      an optimizer update changed the caller's arrays and left the gradients alone
along         a run starts at theta_init and steps along the gradients (for contract checks)
distribution  random draws follow a uniform / normal law (mean, variance, bound, KS)
labels        one string per item, each compared with its expected label
indices       one sorted list of indices per series, compared with the expected lists
"""
from __future__ import annotations

import math

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
        fail(rule["not_numbers"], tags=rule.get("tags", ()))
    if len(got) == n:
        return
    values = flatten(got)
    for mistake in rule.get("mistakes", ()):
        if values is not None and matches(values, mistake["values"], rule["rtol"], rule["atol"]):
            fail(mistake["message"], tags=[mistake["tag"]], hint=mistake.get("hint"))
    fail(rule["message"].format(got=len(got), n=n), tags=rule.get("tags", ()))


def rule_close(rule, result, record):
    """Numbers against the accepted alternatives; the failure says where and names a known mistake.

    Message templates (fields of the rule, each optional): ``detail`` says where the first difference is
    ({what}, {where}: " at index (i,)" or " " + the element's label, {label}: the bare label, {want},
    {got}); ``message`` is the failure ({detail}, {diff}, {count}); ``mistake_message`` the failure that
    names a mistake ({words}, {how}, {detail}, {count}).
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
                if matches(got, mistake["values"], rtol, atol):
                    fail(rule.get("mistake_message", "This matches {words}.").format(
                        what=what, words=mistake["words"], how="match", detail="", count=""),
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
        if matches(got, values, rtol, atol):
            how = "match" if np.all(np.isfinite(values)) else "turn into nan/inf exactly where they do for"
            message = rule.get("mistake_message", "This matches {words} {detail}{count}.").format(
                what=what, words=mistake["words"], how=how, detail=detail, count=count)
            _finish(own, Verdict(message, [mistake["tag"]], mistake.get("hint"), figure))
    hint = rule.get("nonfinite_hint") if not np.isfinite(g) and np.isfinite(w) else None
    message = rule.get("message", "{detail}{diff}{count}.").format(what=what, detail=detail, diff=diff, count=count)
    _finish(own, Verdict(message, rule.get("tags", ()), hint, figure))


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
    """minibatch_indices: integer batches that together hold every sample once, in the sizes of a partition."""
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
             tags=["minibatches-drop-last"],
             hint="range(0, n_samples, batch_size) gives the start of every batch, the last included.")
    missing = sorted(set(range(n)) - set(seen.tolist()))
    repeated = sorted({int(v) for v in seen if np.sum(seen == v) > 1})
    fail(f"{what}: expected batch sizes {want_sizes} holding each of 0..{n - 1} exactly once; got sizes {sizes}"
         + (f", missing {missing[:8]}" if missing else "") + (f", repeated {repeated[:8]}" if repeated else "") + ".")


def rule_in_place(rule, result, record):
    """An optimizer's update: the caller's own arrays change (no new arrays in the list), gradients untouched."""
    got = value(result, rule["call"])
    what, params, grads = rule["what"], rule["params"], rule["grads"]
    for k, changed in enumerate(got["grads_changed"]):
        if changed:
            fail(f"{what}: update modified the gradient arrays it was given (noticed after step {k + 1}). grads "
                 "must be left as they are.", tags=["modifies-grads"],
                 hint="Do not write into g (g *= ..., g += ...) and do not store g itself as state that you later "
                      "change in place: store a new array (e.g. v = mu*v + g).")
    in_place = "Change the array itself: p -= ..., p[...] = ..., np.subtract(p, x, out=p)."
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


def rule_along(rule, result, record):
    """A contract check counts only for a run of the method: it starts at theta_init and every step goes along
    the gradient there (any sign or rate -- those are the update tests' business). ``path``: "gd" (the points
    where grad_f was asked, then the result) or "sgd" (theta at each grad_f_batch call, then the result, with
    that call's batch); ``gradient``: of a quadratic 0.5 t.A.t - b.t, or of the MSE on a batch of X, y."""
    got = value(result, rule["call"])
    start = np.asarray(rule["start"], dtype=np.float64)
    if rule["path"] == "gd":
        points = []
        for p in [*got["grad_points"], got["theta"]]:     # a repeated grad_f call at one point counts once
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
        fail(off_step.format(step=int(np.argmin(agrees)) + 1), tags=["run-not-the-method"])


def rule_distribution(rule, result, record):
    """Random weights against their law. The statistics, their tolerances and why they can be trusted
    (each check's false-failure probability) are the rule's: see the grader that declares it."""
    W = np.asarray(value(result, rule["call"], rule.get("path")), dtype=np.float64).ravel()
    what, kind, scale, std, z = rule["what"], rule["law"], rule["scale"], rule["std"], rule["z"]
    samples = W[:: max(1, len(W) // 2000)][:2000].tolist()
    figure = {"kind": "histogram", "title": f"{what}: your weights and the expected density", "samples": samples,
              "density": {"type": kind, "a": scale} if kind == "uniform" else {"type": "normal", "std": std}}
    if not np.all(np.isfinite(W)):
        fail(f"{what} returned non-finite weights.", hint="Check the constant (a division by zero?).", figure=figure)
    n = len(W)
    mean = float(W.mean())
    se_mean = std / math.sqrt(n)
    if abs(mean) > z * se_mean:
        fail(f"{what}: the mean of the {n} weights is {mean:.3g}; it should be 0 (a correct draw stays within "
             f"{z * se_mean:.2g} with probability 1 - {rule['p_check']:.0e}).", tags=["init-not-centred"],
             hint="The weights must be centred: U(-a, a) or N(0, std^2).", figure=figure)
    kurt = 1.8 if kind == "uniform" else 3.0
    m2 = float(np.mean(W * W))
    rel_se = math.sqrt((kurt - 1) / n)
    ratio_var = m2 / std ** 2
    if abs(ratio_var - 1) > z * rel_se:
        r = math.sqrt(ratio_var)
        tags, named = [], ""
        for mistake in rule["mistakes"]:
            if abs(r / mistake["ratio"] - 1) < rule["ratio_tol"]:
                tags, named = [mistake["tag"]], f"This matches {mistake['words']}. "
                break
        fail(f"{named}{what}: the weights' standard deviation is {math.sqrt(m2):.5g}, expected {std:.5g} "
             f"({rule['expected_words']}); that is {r:.3f} times the right size. (A correct draw lands within "
             f"{z * rel_se * 50:.2g} % of it with probability 1 - {rule['p_check']:.0e}.)", tags=tags,
             hint=rule["std_hint"], figure=figure)
    if kind == "uniform":
        big = float(np.abs(W).max())
        if big > scale * (1 + 1e-12):         # deterministic: U(-a, a) never leaves [-a, a]
            normal_like = abs(m2 / std ** 2 - 1) < 0.05
            why = ("Their variance is right, so this looks like a NORMAL draw where U(-a, a) is due."
                   if normal_like else "The bound (or the spread) is too large.")
            fail(f"{what}: every weight must lie in [-a, a] with a = {scale:.6g}, but the largest |w| is {big:.6g} "
                 f"({big / scale:.3g} a). {why}",
                 tags=["init-wrong-distribution"] if normal_like else ["init-exceeds-bound"],
                 hint="Use rng.uniform(-a, a, size=(n_in, n_out)) with a = sqrt(6 / fan).", figure=figure)
    xs = np.sort(W)
    F = np.clip((xs + scale) / (2 * scale), 0.0, 1.0) if kind == "uniform" else normal_cdf(xs, std)
    i = np.arange(1, n + 1)
    ks = float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))
    if ks > rule["ks_eps"]:
        other = "normal" if kind == "uniform" else "uniform"
        fail(f"{what}: the weights do not follow the {kind} distribution: the largest gap between their cumulative "
             f"distribution and the expected one is {ks:.3g} (a correct draw stays below {rule['ks_eps']:.3g} with "
             f"probability 1 - {rule['p_check']:.0e}). Their variance is right, so this looks like a {other} draw "
             f"where a {kind} one is due.", tags=["init-wrong-distribution"],
             hint=("Use rng.uniform(-a, a, size=...)" if kind == "uniform" else "Use rng.normal(0.0, std, size=...)")
             + ".", figure=figure)


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
    for item, got in zip(rule["items"], said):
        if got != item["label"]:
            fail(item["message"].format(got=got), tags=[item["tag"]], hint=rule.get("hint"),
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
    tags = []
    for mistake in rule["mistakes"]:
        if mistake["values"] == got:
            message, tags = f"This matches {mistake['words']}. " + message, [mistake["tag"]]
            break
    if got[k] != sorted(got[k]) and sorted(got[k]) == want[k]:
        message += " (The right indices, but not sorted.)"
    fail(message, tags=tags, figure={
        "kind": "curve", "title": f"{rule['title']} #{k + 1}: gradient norms (flagged steps: yours {got[k][:10]}, "
                                  f"expected {want[k][:10]})", "xlabel": "step", "ylabel": "gradient norm",
        "x": list(range(len(norms))), "series": {"gradient norm": [float(v) for v in norms]}, "log_y": True})


KINDS = {"shape": rule_shape, "equal": rule_equal, "absent": rule_absent, "finite": rule_finite, "length": rule_length,
         "close": rule_close, "partition": rule_partition, "in_place": rule_in_place,
         "distribution": rule_distribution, "labels": rule_labels, "indices": rule_indices, "along": rule_along}
