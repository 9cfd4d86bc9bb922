"""Shared by week 4's grader tests (trusted, parent side): the hidden loss curves and the trusted network.

Nothing here runs student code. The given ``network`` and ``datasets`` modules are
loaded from ``solutions/common`` (the same files the sandbox gets), under private
names so that they never collide with anything else imported in this process.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import sound_heuristics

from autograder.grading import load_trusted
from autograder.weeks import COMMON, WEEKS

LABELS = ("healthy", "lr_too_high", "lr_too_low", "diverging", "plateau", "overfitting")


network = load_trusted(COMMON / "network.py", "_week4_trusted_network")
datasets = load_trusted(COMMON / "datasets.py", "_week4_trusted_datasets")
momentum_sgd = load_trusted(COMMON / "momentum_sgd.py", "_week4_trusted_momentum_sgd")   # the trusted optimizer train() is tested with


# ----------------------------------------------------------------------------- statistics -------

def normal_tail(z: float) -> float:
    """P(|N(0, 1)| > z)."""
    return math.erfc(z / math.sqrt(2.0))


def z_for(p: float) -> float:
    """The z with P(|N(0, 1)| > z) = p (bisection on erfc; exact to 1e-12)."""
    lo, hi = 0.0, 40.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if normal_tail(mid) > p else (lo, mid)
    return hi


# ------------------------------------------------------------------------- synthetic curves ------

def _noisy(rng, x, rel):
    return x * (1 + rel * rng.standard_normal(len(x)))


def synthetic_curve(label: str, seed: int):
    """A seeded synthetic loss curve (train, val or None) that clearly shows ``label``.

    Every generator draws its length (30-100 epochs), starting loss and shape from the seed; three
    kinds per label, some with a validation curve. The shapes follow the lessons' table:
    healthy = fast fall then level off low; lr_too_high = wild oscillation, zig-zag, or a fall that
    climbs back; lr_too_low = slow near-linear fall; diverging = explodes / nan / inf or ends far
    above its start; plateau = flat or stuck after a small early drop; overfitting = train keeps
    falling while validation turns up by 30-100 % of its minimum. Some healthy runs end with validation
    well above training and flat (a generalisation gap): the table calls a curve overfitting when
    validation turns UP, not when it lies above training.
    """
    rng = np.random.default_rng([7, seed, LABELS.index(label)])
    n = int(rng.integers(30, 101))
    t = np.arange(n, dtype=float)
    L0 = rng.uniform(0.7, 2.5)
    kind = int(rng.integers(0, 3))
    val = None
    if label == "healthy":
        Linf = L0 * rng.uniform(0.02, 0.3)
        tau = n * rng.uniform(1 / 15, 1 / 5)
        tr = _noisy(rng, Linf + (L0 - Linf) * np.exp(-t / tau), rng.uniform(0.005, 0.03))
        if kind == 2:
            val = _noisy(rng, 1.1 * Linf + (L0 - 1.1 * Linf) * np.exp(-t / tau), 0.02)
        elif kind == 1:    # a generalisation gap: validation levels off 1.3-2x above training and stays there
            gap = rng.uniform(1.3, 2.0)
            val = _noisy(rng, gap * Linf + (L0 - gap * Linf) * np.exp(-t / tau), 0.02)
    elif label == "lr_too_low":
        r = rng.uniform(0.1, 0.35)
        base = L0 * (1 - r * t / n) if kind != 1 else L0 * np.exp(-t / (n * rng.uniform(2.5, 6)))
        tr = _noisy(rng, base, rng.uniform(0.001, 0.006))
        if kind == 2:
            val = _noisy(rng, 1.05 * base, 0.005)
    elif label == "plateau":
        if kind == 0:
            base = np.full(n, L0)
        else:
            d, k = rng.uniform(0.05, 0.25), n * rng.uniform(0.03, 0.1)
            base = L0 * (1 - d * (1 - np.exp(-t / k)))
        tr = _noisy(rng, base, rng.uniform(0.002, 0.01))
        if kind == 2:
            val = _noisy(rng, 1.02 * base, 0.01)
    elif label == "lr_too_high":
        tau = n * rng.uniform(0.03, 0.1)
        if kind == 0:      # wild oscillation around a level barely below the start
            Linf = L0 * rng.uniform(0.5, 0.85)
            base = Linf + (L0 - Linf) * np.exp(-t / tau)
            tr = base * (1 + rng.uniform(0.3, 0.6) * np.abs(rng.standard_normal(n)))
        elif kind == 1:    # falls, then climbs back (staying below its start)
            Linf = L0 * rng.uniform(0.2, 0.5)
            m, climb = int(n * rng.uniform(0.3, 0.5)), rng.uniform(0.4, 0.8) * (L0 - Linf)
            up = np.where(t > m, (t - m) / (n - 1 - m), 0.0) * climb
            tr = _noisy(rng, Linf + (L0 - Linf) * np.exp(-t / tau) + up, 0.02)
        else:              # zig-zag: up and down every epoch
            Linf = L0 * rng.uniform(0.4, 0.8)
            base = Linf + (L0 - Linf) * np.exp(-t / tau)
            tr = _noisy(rng, base * (1 + rng.uniform(0.15, 0.4) * (-1.0) ** t), 0.02)
    elif label == "diverging":
        if kind == 0:      # explodes, then inf or nan
            tr = L0 * np.exp(rng.uniform(0.1, 0.4) * t)
            tr[int(n * rng.uniform(0.5, 0.9)):] = (math.inf, math.nan)[int(rng.integers(0, 2))]
        elif kind == 1:    # grows far above its start
            tr = _noisy(rng, L0 * (1 + rng.uniform(3, 20) * (t / n) ** 2), 0.02)
        else:              # falls, then explodes to nan
            m = int(n * rng.uniform(0.2, 0.5))
            tr = L0 * (0.7 * np.exp(-t / (n / 10)) + 0.3)
            with np.errstate(over="ignore"):
                tr[m:] *= np.exp(rng.uniform(0.2, 0.6) * (t[m:] - m))
            tr = np.where(tr > 1e30, math.nan, tr)
    elif label == "overfitting":
        Linf, tau = L0 * rng.uniform(0.0, 0.1), n * rng.uniform(0.05, 0.15)
        tr = _noisy(rng, Linf + (L0 - Linf) * np.exp(-t / tau), 0.01)
        m, vmin = int(n * rng.uniform(0.2, 0.5)), L0 * rng.uniform(0.3, 0.6)
        rise = vmin * rng.uniform(0.3, 1.0)
        v = vmin + (1.05 * L0 - vmin) * np.exp(-t / tau) + np.where(t > m, (t - m) / (n - 1 - m), 0.0) ** 1.3 * rise
        val = _noisy(rng, v, 0.015)
    else:
        raise ValueError(label)
    return [float(x) for x in tr], (None if val is None else [float(x) for x in val])


# ------------------------------------------------------------------------------ real runs -------

def training_run(*, lr, epochs, seed, data="spirals", n=100, noise=0.1, hidden=32, batch=32, init="he",
                 val=0.0, momentum=0.0):
    """Train the given TwoLayerNet with plain SGD (optionally heavy-ball momentum); the loss of each epoch.

    ``batch = 0`` means full-batch gradient descent. With ``val`` > 0 a validation split is held out and
    its loss is recorded after every epoch.
    """
    rng = np.random.default_rng(seed)
    drng = np.random.default_rng(1000 + seed)
    if data == "spirals":
        X, y = datasets.two_spirals(n, noise, drng)
    else:
        X, y = datasets.blobs(n, 3, noise, drng)
    if val:
        Xt, yt, Xv, yv = datasets.train_val_split(X, y, val, drng)
    else:
        Xt, yt, Xv, yv = X, y, None, None
    net = network.TwoLayerNet(2, hidden, int(y.max()) + 1, rng, init=init)
    velocity = [np.zeros_like(p) for p in net.params]
    bs = batch or len(Xt)
    tr, va = [], []
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            perm = rng.permutation(len(Xt))
            losses = []
            for i in range(0, len(Xt), bs):
                idx = perm[i:i + bs]
                loss, grads = net.backward(Xt[idx], yt[idx])
                for p, g, v in zip(net.params, grads, velocity):
                    v *= momentum
                    v += g
                    p -= lr * v
                losses.append(loss)
            tr.append(float(np.mean(losses)))
            if Xv is not None:
                va.append(net.loss(Xv, yv))
    return tr, (va if Xv is not None else None)


# label -> [(description, config, seeds)]: each run shows its label unambiguously (checked by eye and by
# two different heuristics, see test_diagnose.py).
REAL_RUNS = {
    "healthy": [("SGD lr 0.5 on three blobs, with a validation split",
                 dict(lr=0.5, epochs=60, data="blobs", n=60, noise=1.0, val=0.3), (0, 1)),
                ("full-batch GD lr 0.2 on three blobs", dict(lr=0.2, epochs=40, data="blobs", n=50, noise=0.5,
                                                             batch=0), (0, 1)),
                ("SGD + momentum lr 0.1 on two spirals, 64 hidden units, 150 epochs",
                 dict(lr=0.1, epochs=150, momentum=0.9, hidden=64, noise=0.05), (0,))],
    "lr_too_high": [("SGD lr 5 on two spirals", dict(lr=5.0, epochs=60), (0, 1, 2, 3))],
    "lr_too_low": [("full-batch GD lr 0.001 on three blobs", dict(lr=0.001, epochs=60, data="blobs", n=50,
                                                                   noise=1.0, batch=0), (0, 1, 2, 3))],
    "diverging": [("SGD lr 1000 on two spirals", dict(lr=1000.0, epochs=40), (0, 1, 2, 3))],
    "plateau": [("SGD lr 0.1 from weights of std 1e-4 (vanishing signal)", dict(lr=0.1, epochs=30, init=1e-4),
                 (0, 1)),
                ("full-batch GD lr 0.5 from weights of std 1e-3", dict(lr=0.5, epochs=30, init=1e-3, batch=0),
                 (0, 1))],
    "overfitting": [("80 points of two spirals, 200 hidden units, full-batch GD + momentum, 300 epochs",
                     dict(lr=0.1, epochs=300, n=40, noise=0.25, hidden=200, batch=0, val=0.5, momentum=0.9),
                     (0, 1, 4)),
                    ("40 points of three overlapping blobs, 200 hidden units, full-batch GD + momentum, 300 epochs",
                     dict(lr=0.1, epochs=300, data="blobs", n=20, noise=2.0, hidden=200, batch=0, val=0.5,
                          momentum=0.9), (0, 2))],
}


def _reference_diagnose():
    """The reference solution's diagnose_loss_curve, loaded by path (trusted code, never a submission)."""
    path = WEEKS["week4_stability"].solution_dir / "diagnostics.py"
    return load_trusted(path, "_week4_reference_diagnostics").diagnose_loss_curve


@lru_cache(maxsize=None)
def sound_diagnosers() -> dict:
    """name -> function: the reference solution and the sound heuristics of ``sound_heuristics.py``."""
    return {"reference": _reference_diagnose(),
            **{name: getattr(sound_heuristics, name) for name in sound_heuristics.DIAGNOSERS}}


def clear_cut(label, train, val) -> bool:
    """THE RULE for grading a heuristic fairly: a curve is graded only when every sound diagnoser (the
    reference and each of ``sound_heuristics.DIAGNOSERS``, built differently) names it as labelled. A curve
    that fits two rows of the table is left out, so no student is marked down for reading it the other way."""
    with np.errstate(all="ignore"):
        return all(fn(train, val) == label for fn in sound_diagnosers().values())


@lru_cache(maxsize=None)
def real_curves():
    """[(label, description, train, val)] from real training runs, the clear-cut ones (``clear_cut``);
    computed once per process (~0.5 s)."""
    out = []
    for label, runs in REAL_RUNS.items():
        for description, config, seeds in runs:
            for seed in seeds:
                tr, va = training_run(seed=seed, **config)
                if clear_cut(label, tr, va):
                    out.append((label, f"{description} (seed {seed})", tr, va))
    return out


def late_blow_up_curve(seed: int):
    """A seeded 'diverging' curve that never ends far above its start yet blows up (round 11, docs/graders.md
    "Round 11 is burnt"): the first epochs inflated 6-12x (an early blow-up or a bad initialisation), a fast fall
    to a low floor, then the last quarter of the run blown up to a finite level 4-5 tenths of the first loss --
    far above the lowest loss (the docstring's 'the last value explodes'), below twice the smoothed start."""
    rng = np.random.default_rng([11, seed])
    n = int(rng.integers(60, 101))
    t = np.arange(n, dtype=float)
    L0 = rng.uniform(0.7, 2.5)
    floor, first = L0 * rng.uniform(0.05, 0.1), L0 * rng.uniform(6, 12)
    base = floor + (first - floor) * np.exp(-t / rng.uniform(1.0, 2.0))
    base[n - int(n * rng.uniform(0.25, 0.3)):] = first * rng.uniform(0.4, 0.5)
    return [float(x) for x in _noisy(rng, base, 0.02)], None


# Of the 8 'diverging' curves, 3 are late blow-ups: a reading of 'diverging' that only compares the end with the
# start (no explosion rule) misses 3 of 8, more than the quarter PER_LABEL forgives (test_diagnose.py).
LATE_BLOW_UPS = 3


@lru_cache(maxsize=None)
def synthetic_curves(per_label: int = 8, tries: int = 40):
    """[(label, description, train, val)]: for every label, the first ``per_label`` clear-cut seeded synthetic
    curves (``clear_cut``) among seeds 0 .. tries - 1 -- for 'diverging', LATE_BLOW_UPS of them late blow-ups."""
    out = []
    for label in LABELS:
        kinds = [(synthetic_curve, f"synthetic '{label}' curve", per_label)]
        if label == "diverging":
            kinds = [(synthetic_curve, f"synthetic '{label}' curve", per_label - LATE_BLOW_UPS),
                     (lambda _, seed: late_blow_up_curve(seed), "synthetic late blow-up", LATE_BLOW_UPS)]
        for make, description, wanted in kinds:
            kept = 0
            for seed in range(tries if wanted else 0):
                tr, va = make(label, seed)
                if clear_cut(label, tr, va):
                    out.append((label, f"{description} #{seed}", tr, va))
                    kept += 1
                    if kept == wanted:
                        break
    return out


# ------------------------------------------------------------------------------ training host ----

class TrainingHost:
    """The grader's side of the student's ``train``: the network, the trusted optimizer and every record.

    The probe's stand-ins send ``begin`` (a fresh network and optimizer), ``backward`` (a batch: the parent
    computes the loss and gradients at its own parameters; every backward made for update ``spike_step``
    has its gradients multiplied by ``spike_factor``; the same batch sent again before an update, a check,
    gets the same answer and counts once) and ``update`` (the gradients and rate the optimizer got; applied
    to the network when train passed net.params). Each request is validated; a bad one is refused (the
    child's train raises), never trusted. ``runs`` holds, per run, what the tests read: batches (row
    indices), batch losses, the first ``keep_grads`` raw and received gradients, the rate and the received
    norm of every update, whether updates went to net.params, the final parameters, and ``not_gradient``:
    the first update whose values were not that batch's gradients (a batch made of rows of the data with
    their own labels; clipped or not: each array the gradient computed at the preceding backward times one factor in [0, 1],
    or cut at one value) -- an optimizer fed anything else is not being trained by its gradients (None
    when every update was), and ``not_gradient_why``: "rows" (points that are not rows of the data),
    "labels" (rows with labels not their own) or "values" (anything else)."""

    def __init__(self, n_per_class, noise, hidden, data_seed, init_seed, lr, spike_step=None, spike_factor=1e6,
                 keep_grads=0, record_batches=True, max_requests=20_000, epochs=None, batch_size=None, **_):
        self.X, self.y = datasets.two_spirals(n_per_class, noise, np.random.default_rng(data_seed))
        self.rows = {self.X[i].tobytes(): i for i in range(len(self.X))}
        self.record_batches = record_batches
        self.hidden, self.init_seed, self.lr = hidden, init_seed, lr
        self.spike_step, self.spike_factor, self.keep = spike_step, spike_factor, keep_grads
        self.requests, self.max_requests = 0, max_requests      # a run of the main test makes ~550
        # the updates a run of the method makes (None: not known), to read a run's backward passes one per update
        self.updates = epochs * -(-len(self.X) // batch_size) if epochs is not None and batch_size else None
        self.runs: list[dict] = []
        self.net = self.opt = self.pending = self.pending_why = self.repeat = self.last_batch = None

    def __call__(self, name: str, args: dict):
        from autograder.engine.sandbox import CallbackRefused
        self.requests += 1
        if self.requests > self.max_requests:
            raise CallbackRefused(f"more than {self.max_requests} calls of the network and the optimizer")
        if name == "begin":
            self.net = network.TwoLayerNet(2, self.hidden, 2, np.random.default_rng(self.init_seed))
            self.opt = momentum_sgd.MomentumSGD(lr=self.lr)
            self.runs.append({"batches": [], "batch_losses": [], "raw_grads": [], "received_grads": [],
                              "update_lrs": [], "update_norms": [], "params_ok": True, "net": self.net,
                              "not_gradient": None, "not_gradient_why": None, "clips_after_update": 0,
                              "clips_before_update": 0,
                              "used": [], "after_losses": []})
            self.pending = None         # the gradients of the last backward, until an update uses them
            self.pending_why = None     # why the last backward's gradients train nothing: "rows", "labels"
            self.repeat = None          # the last backward's batch and answer, until an update moves the network
            return [p.copy() for p in self.net.params]
        if self.net is None:
            raise CallbackRefused("the network was used before the run began")
        if name == "backward":
            return self._backward(args.get("X"), args.get("y"), CallbackRefused)
        if name == "update":
            return self._update(args.get("grads"), args.get("lr"), args.get("on_net"), CallbackRefused)
        if name == "clip":       # train called clip_by_global_norm: after this batch's update already took its grads?
            run = self.runs[-1]
            run["clips_after_update"] += self.pending is None and len(run["update_lrs"]) == len(run["batches"]) > 0
            run["clips_before_update"] += self.pending is not None    # between a backward and its update (round 14)
            return None
        raise CallbackRefused(f"unknown request {name!r}")

    def _backward(self, X, y, refused):
        run = self.runs[-1]
        if not (isinstance(X, np.ndarray) and X.dtype == np.float64 and X.ndim == 2 and X.shape[1] == 2
                and 1 <= len(X) <= 10 * len(self.X)):
            raise refused("net.backward needs X of shape (batch, 2), float, with at least one row")
        if not np.all(np.isfinite(X)):
            raise refused("net.backward needs finite inputs X")
        if not (isinstance(y, np.ndarray) and y.dtype == np.int64 and y.shape == (len(X),)
                and np.all((y == 0) | (y == 1))):
            raise refused("net.backward needs y with one integer label (0 or 1) per row of X")
        key = (X.shape, X.tobytes(), y.tobytes())
        if self.repeat is not None and self.repeat[0] == key:
            # the same batch again before any update (a check: the network has not changed, so neither has the
            # answer) is one backward pass of the run, not a second batch
            loss, grads = self.repeat[1]
            return [loss, [g.copy() for g in grads]]
        idx = [self.rows.get(r.tobytes(), -1) for r in X]
        run["batches"].append(idx if self.record_batches else [-1] * len(X))
        # gradients of points that are not rows of the data, or of rows with labels not their own, train
        # nothing the task asks: an update made of them is not that batch's gradients (made-up batches, and
        # real rows with made-up labels, steered a network: REDTEAM.md, F2-4 and F2-5). X and y shuffled
        # apart is the same thing written by mistake, and is named as such (train-labels-misaligned)
        own_rows = min(idx) >= 0
        own = own_rows and np.array_equal(y, self.y[idx])
        with np.errstate(all="ignore"):
            loss, grads = self.net.backward(X, y)
        # the spike belongs to the update, not to one call: asking again for that batch's gradients
        # (instead of clipping them) meets it again (REDTEAM.md, F2-2)
        if len(run["update_lrs"]) == self.spike_step:
            grads = [g * self.spike_factor for g in grads]
        run["batch_losses"].append(float(loss))
        run["used"].append(False)       # whether an update took this backward's gradients (set by _update)
        if len(run["raw_grads"]) < 2 * self.keep:      # twice: records() drops backward passes no update took
            run["raw_grads"].append([g.copy() for g in grads])
        self.pending = [g.copy() for g in grads] if own else None
        self.pending_why = None if own else "labels" if own_rows else "rows"
        self.repeat = (key, (float(loss), [g.copy() for g in grads]))
        self.last_batch = (X, y)
        return [float(loss), [g.copy() for g in grads]]

    def _update(self, grads, lr, on_net, refused):
        run = self.runs[-1]
        shapes = [p.shape for p in self.net.params]
        if not (isinstance(grads, list) and len(grads) == len(shapes)
                and all(isinstance(g, np.ndarray) and g.shape == s for g, s in zip(grads, shapes))):
            raise refused(f"optimizer.update needs one gradient per parameter, shapes {shapes}")
        if not isinstance(lr, float) or not isinstance(on_net, bool):
            raise refused("optimizer.lr must be a number")
        grads = [np.array(g, dtype=np.float64) for g in grads]
        if run["not_gradient"] is None and not _derived(grads, self.pending):
            run["not_gradient"] = len(run["update_lrs"])
            run["not_gradient_why"] = self.pending_why or "values"
        if self.pending is not None:
            run["used"][-1] = True
        self.pending = self.repeat = self.pending_why = None
        run["update_lrs"].append(lr)
        with np.errstate(all="ignore"):
            run["update_norms"].append(float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads))))
            if len(run["received_grads"]) < self.keep:
                run["received_grads"].append(grads)
            if on_net:
                self.opt.lr = lr
                self.opt.update(self.net.params, grads)
            else:
                run["params_ok"] = False
            # the loss of the last backward's batch at the weights after this update: what a loss read after
            # the step is (test_train's epoch-loss test names it, round 11)
            run["after_losses"].append(float(self.net.loss(*self.last_batch)) if self.last_batch else math.nan)
        return [p.copy() for p in self.net.params]

    def records(self) -> list[dict]:
        """The runs as the tests read them (arrays where the tests expect arrays)."""
        out = []
        for run in self.runs:
            params, used = [p.copy() for p in run["net"].params], run["used"]
            run = {k: v for k, v in run.items() if k not in ("net", "used")}
            run.update(self._backward_per_update(run, used))
            run["raw_grads"] = run["raw_grads"][:self.keep]
            out.append({**run, "params": params, "batch_losses": np.array(run["batch_losses"], dtype=np.float64),
                        "batches": [np.array(b, dtype=np.int64) for b in run["batches"]],
                        "update_lrs": np.array(run["update_lrs"], dtype=np.float64),
                        "after_losses": np.array(run["after_losses"], dtype=np.float64),
                        "update_norms": np.array(run["update_norms"], dtype=np.float64)})
        return out

    def _backward_per_update(self, run: dict, used: list[bool]) -> dict:
        """A run's backward records, one per update. A correct train may call net.backward where it makes no
        update (on all the data after an epoch, to print the loss): a backward whose gradients no update took made
        no update. When a run made all its updates, more backward passes than updates, and exactly the updates'
        own passes were taken by an update, only those are read; any other run is read as it is (its messages
        count what it did)."""
        n = self.updates
        if n is None or len(run["update_lrs"]) != n or len(used) <= n or sum(used) != n:
            return {}
        return {"batches": [b for b, u in zip(run["batches"], used) if u],
                "batch_losses": [v for v, u in zip(run["batch_losses"], used) if u],
                "raw_grads": [g for g, u in zip(run["raw_grads"], used) if u]}


def _derived(received: list[np.ndarray], raw: list[np.ndarray] | None) -> bool:
    """Are ``received`` the gradients ``raw``, clipped or not? Each array is raw times one factor in [0, 1]
    (no clipping, global-norm or per-array clipping) or raw cut at one value (clipping by value), up to
    rounding (1e-9 relative). Entry by entry bounds are not enough: keeping, per entry, the part of any
    vector that has raw's sign and is no larger steers the optimizer anywhere (REDTEAM.md, F2-1)."""
    if raw is None:
        return False
    with np.errstate(all="ignore"):
        return all(np.array_equal(r, g) or _scaled(r, g) or _cut(r, g) for r, g in zip(received, raw))


def _scaled(r: np.ndarray, g: np.ndarray) -> bool:
    """r = c * g for one c in [0, 1]."""
    norm = float(np.vdot(g, g))
    if not (math.isfinite(norm) and norm > 0):
        return not np.any(r)                # nothing to scale: only zeros are derived from it
    c = float(np.vdot(r, g)) / norm
    return -1e-12 <= c <= 1 + 1e-9 and np.allclose(r, c * g, rtol=1e-9, atol=1e-12 * abs(c) * float(np.max(np.abs(g))))


def _cut(r: np.ndarray, g: np.ndarray) -> bool:
    """r = clip(g, -t, t) for one t >= 0 (clipping by value)."""
    t = float(np.max(np.abs(r))) if r.size else 0.0
    return np.allclose(r, np.clip(g, -t, t), rtol=1e-9, atol=0)
