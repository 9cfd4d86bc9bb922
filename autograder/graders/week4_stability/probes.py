"""Runs inside the sandbox: drives the submission's week-4 functions on data the tests choose.

Only plain data goes back. Student results are converted here (``np.array(..., dtype=float)``,
``float(...)``, ``str``), so an object that is not what the docstring promises fails in the
child, with a message, never in the grading process. The optimizer, the schedule and the
network wrapper used to test ``train`` are defined here (trusted); the student's week-2 code
is never imported.
"""
import itertools
import math

import numpy as np

import datasets
import network

INITIALIZERS = ("xavier_uniform", "xavier_normal", "he_normal", "he_uniform")


# ------------------------------------------------------------------------------ initializers ----

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


def init_propagation(mods, fn, width, batch, depth, seed):
    """Push a standard-normal batch through ``depth`` layers ``h = relu(h @ W)`` with the student's
    initializer; return the mean square of the pre-activations of every layer."""
    if fn not in INITIALIZERS:
        raise LookupError(f"unknown initializer {fn!r}")
    init = getattr(mods.initializers, fn)
    rng = np.random.default_rng(seed)
    h = np.random.default_rng(seed + 1).standard_normal((batch, width))
    out = []
    with np.errstate(all="ignore"):
        for _ in range(depth):
            W = np.array(init(width, width, rng), dtype=np.float64)
            if W.shape != (width, width):
                raise ValueError(f"{fn}({width}, {width}, rng) returned shape {W.shape}")
            z = h @ W
            out.append(float(np.mean(z * z)))
            h = np.maximum(z, 0.0)
    return out


# ---------------------------------------------------------------------------------- clipping ----

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


# ------------------------------------------------------------------------------- diagnostics ----

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


# ----------------------------------------------------------------------------------- training ----
# The network's parameters and the optimizer's state live with the grader (the parent process,
# week4_support.TrainingHost): these stand-ins only carry the student's requests there and the answers back.
# Every record a test judges -- which rows each batch held, the losses, the gradients computed and the ones
# the optimizer received, the rate of every update, the final weights -- is made in the parent, where the
# student's code cannot write.

class ParentNet:
    """What ``train`` sees as the network: ``params`` (a local copy, refreshed after every update),
    ``backward`` (computed by the parent at ITS parameters), ``grads``, and forward/predict/loss/accuracy
    on the local copy."""

    def __init__(self, call, hidden, params):
        self._call = call
        self._net = network.TwoLayerNet(2, hidden, 2, np.random.default_rng(0))
        for mine, theirs in zip(self._net.params, params):
            mine[...] = theirs
        self.grads = None

    @property
    def params(self):
        return self._net.params

    def backward(self, X, y):
        loss, grads = self._call("backward", X=np.array(X, dtype=np.float64), y=np.array(y, dtype=np.int64))
        self.grads = [np.array(g, dtype=np.float64) for g in grads]
        return float(loss), self.grads

    def forward(self, X):
        return self._net.forward(X)

    def predict(self, X):
        return self._net.predict(X)

    def loss(self, X, y):
        return self._net.loss(X, y)

    def accuracy(self, X, y):
        return self._net.accuracy(X, y)


class ParentOptimizer:
    """What ``train`` sees as the optimizer: a settable ``lr`` and ``update(params, grads)``, which the
    parent applies (trusted momentum SGD) to the network's own parameters when ``params`` is net.params."""

    def __init__(self, call, net, lr):
        self._call, self._net, self.lr = call, net, lr

    def update(self, params, grads):
        params = list(params)
        on_net = len(params) == len(self._net.params) and all(p is q for p, q in zip(params, self._net.params))
        new = self._call("update", grads=[np.array(g, dtype=np.float64) for g in grads], lr=float(self.lr),
                         on_net=on_net)
        if on_net:
            for p, value in zip(self._net.params, new):
                p[...] = value


def _schedule(spec):
    if spec is None:
        return None
    kind = spec["kind"]

    def schedule(step):
        if kind == "warmup_cosine":
            w, total, base = spec["warmup"], spec["total"], spec["base_lr"]
            if step < w:
                return base * step / w
            p = min(1.0, (step - w) / max(1, total - w))
            return spec["min_lr"] + (base - spec["min_lr"]) * (1 + math.cos(math.pi * p)) / 2
        if kind == "steps":
            return spec["base_lr"] * spec["drop"] ** (step // spec["every"])
        raise LookupError(kind)
    return schedule


def train_run(mods, n_per_class, noise, hidden, epochs, batch_size, seed, data_seed, lr, clip_norm=None,
              schedule=None, repeat=1):
    """Run the student's ``train`` on two spirals, ``repeat`` times (fresh network, optimizer and generator
    with the same seeds: the determinism check), the network and optimizer being the parent's. Returns
    what train returned each time; everything else the tests judge is recorded in the parent."""
    X, y = datasets.two_spirals(n_per_class, noise, np.random.default_rng(data_seed))
    own_clip = getattr(mods.training, "clip_by_global_norm", None)
    if callable(own_clip):
        def clip_by_global_norm(grads, max_norm):      # tells the parent WHEN train clips (before or after update)
            mods.tell_parent("clip")       # a notice: no answer needed, so no round trip per batch
            return own_clip(grads, max_norm)
        mods.training.clip_by_global_norm = clip_by_global_norm
    runs = []
    for _ in range(repeat):
        net = ParentNet(mods.call_parent, hidden, mods.call_parent("begin"))
        opt = ParentOptimizer(mods.call_parent, net, lr)
        with np.errstate(all="ignore"):
            losses = mods.training.train(net, opt, X, y, epochs, batch_size, np.random.default_rng(seed),
                                         clip_norm=clip_norm, schedule=_schedule(schedule))
        # a subclass of list IS the list the docstring returns (isinstance, every list method), as np.float64
        # entries are floats (round 12: an EpochLosses(list) with a helper method is valid)
        kind = "list" if isinstance(losses, list) else type(losses).__name__
        if not hasattr(losses, "__iter__"):
            raise TypeError(f"train should return a list with one loss per epoch, but it returned {kind}")
        losses = list(itertools.islice(iter(losses), 10 * epochs + 11))   # far more than one per epoch: refused
        if len(losses) > 10 * epochs + 10:
            raise ValueError(f"train returned over {10 * epochs + 10} values for {epochs} epochs; it should return "
                             "one loss per epoch")
        runs.append({"losses": np.array([float(v) for v in losses], dtype=np.float64), "losses_type": kind})
    return runs
