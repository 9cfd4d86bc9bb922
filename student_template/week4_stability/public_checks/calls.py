"""Taken by `autograder generate` from autograder/graders/week4_stability/probes.py: the probes the public checks call. Do not edit."""


import numpy as np


INITIALIZERS = ("xavier_uniform", "xavier_normal", "he_normal", "he_uniform")


def init_draw(mods, fn, n_in, n_out, seed, global_seed=None):
    """One draw ``initializers.<fn>(n_in, n_out, default_rng(seed))`` and what it did to the generator."""
    if fn not in INITIALIZERS:
        raise LookupError(f"unknown initializer {fn!r}")
    if global_seed is not None:
        np.random.seed(global_seed)          # must not matter: only the rng argument may be used
    rng = np.random.default_rng(seed)
    before = rng.bit_generator.state["state"]["state"]
    W = getattr(mods.initializers, fn)(n_in, n_out, rng)
    if W is None:
        raise TypeError(f"{fn} returned None: is the return statement missing?")
    after = rng.bit_generator.state["state"]["state"]
    dtype = str(getattr(W, "dtype", type(W).__name__))
    is_array = isinstance(W, np.ndarray)
    return {"W": np.array(W, dtype=np.float64), "dtype": dtype, "is_ndarray": is_array,
            "rng_used": bool(before != after)}


def clip_one(mods, fn, grad, limit):
    """``clipping.<fn>(grad, limit)`` for clip_by_value / clip_by_norm; also: is the input untouched,
    is the result a new array?"""
    if fn not in ("clip_by_value", "clip_by_norm"):
        raise LookupError(f"unknown function {fn!r}")
    g = np.array(grad, dtype=np.float64)
    keep = g.copy()
    out = getattr(mods.clipping, fn)(g, limit)
    if out is None:
        raise TypeError(f"{fn} returned None: return the clipped array (a new one).")
    second = None
    # clip_by_norm's (array, a number), e.g. the norm too: test_clipping.check_norm_case fails on ``second`` before
    # it reads ``out`` (any other reply, and clip_by_value's pair, still fails below as no array)
    if fn == "clip_by_norm" and isinstance(out, tuple) and len(out) == 2 and np.ndim(out[1]) == 0:
        out, second = out[0], float(out[1])
    same = out is g
    return {"out": np.array(out, dtype=np.float64), "input_unchanged": bool(np.array_equal(g, keep)),
            "same_object": bool(same), "second": second}


def clip_global(mods, grads, max_norm):
    """``clipping.clip_by_global_norm(grads, max_norm)`` -> the clipped arrays, the returned norm, and
    whether the inputs were left alone."""
    gs = [np.array(g, dtype=np.float64) for g in grads]
    keep = [g.copy() for g in gs]
    result = mods.clipping.clip_by_global_norm(gs, max_norm)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise TypeError("clip_by_global_norm should return a pair (clipped_list, total_norm), "
                        f"but it returned {type(result).__name__}")
    clipped, total = result
    # the docstring's clipped is "a new list": its type is kept before list() reads it (a map object, a
    # generator, a tuple) -- test_clipping.test_clip_by_global_norm_leaves_inputs judges it
    kind = {"type": type(clipped).__name__, "is_list": isinstance(clipped, list),
            "one_pass": not hasattr(clipped, "__len__")}
    clipped = list(clipped)
    return {"out": [np.array(c, dtype=np.float64) for c in clipped], "total": float(total), "kind": kind,
            "inputs_unchanged": all(np.array_equal(g, k) for g, k in zip(gs, keep)),
            "same_objects": [any(c is g for g in gs) for c in clipped]}


def update_ratios(mods, pairs):
    """``float(update_ratio(param, update))`` for each pair."""
    out = []
    for p, u in pairs:
        r = mods.clipping.update_ratio(np.array(p, dtype=np.float64), np.array(u, dtype=np.float64))
        if r is None:
            raise TypeError("update_ratio returned None: is the return statement missing?")
        out.append(float(r))
    return out


def diagnose(mods, curves):
    """``diagnose_loss_curve(train, val)`` for each curve. An exception on one curve is recorded as
    ``"<error ...>"`` (that curve counts as misdiagnosed) so that the others are still judged."""
    out = []
    for c in curves:
        val = None if c.get("val") is None else [float(x) for x in c["val"]]
        try:
            label = mods.diagnostics.diagnose_loss_curve([float(x) for x in c["train"]], val)
        except Exception as exc:       # noqa: BLE001 -- reported per curve
            out.append(f"<error {type(exc).__name__}: {str(exc)[:200]}>")
            continue
        out.append(label if isinstance(label, str) else f"<not a string: {type(label).__name__} {label!r:.80}>")
    return out


def anomalies(mods, series):
    """``gradient_anomalies(norms, **kw)`` for each ``{"norms": [...], "kw": {...}}``: the indices, or
    ``{"mask": [...]}`` when a boolean mask came back."""
    out = []
    for s in series:
        result = mods.diagnostics.gradient_anomalies([float(x) for x in s["norms"]], **s.get("kw", {}))
        if result is None:
            raise TypeError("gradient_anomalies returned None: return the list of flagged indices ([] if none).")
        arr = np.asarray(result)
        if arr.dtype == np.bool_ or (len(arr) == len(s["norms"]) and len(arr) > 0
                                      and all(isinstance(x, (bool, np.bool_)) for x in list(result))):
            out.append({"mask": np.array(arr, dtype=np.bool_)})
        else:
            items = list(result)
            # the docstring promises Python ints: a NumPy integer (np.where, iterating an array) is told apart here
            out.append({"indices": [int(i) for i in items], "type": type(result).__name__,
                        "item_types": sorted({type(i).__name__ for i in items if not isinstance(i, int)})})
    return out
