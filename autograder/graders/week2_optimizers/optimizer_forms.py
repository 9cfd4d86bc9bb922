"""Parent-side support for the week-2 graders (never sent to the sandbox, never shown to students).

* NumPy models of every form of each optimizer that a lesson teaches (all
  accepted) and of the wrong implementations students really write (each
  named when a submission matches it);
* ``check_steps``: run the student's optimizer through the ``optimizer_steps``
  probe and judge it step by step against those models;
* the in-place / gradients-untouched properties are judged by the public checks
  (``public.py``, rule ``in_place`` of autograder/kit/judge.py).

The models, the tests' seeded data and the check of the models against the
reference solution depend only on each test's fixed inputs: they are computed
once per grading worker (see "once per grading worker" below); per submission
only the student's numbers are compared with them.

Tolerances (NOTES.md, measured on this machine): float64 round-off over a
dozen steps of any of these optimizers is <= 1e-15 relative, so RTOL = 1e-8,
ATOL = 1e-10 leave seven orders of magnitude for a different but equivalent
order of operations (``p -= lr*m/(...)`` vs ``p -= (lr/(...))*m``, ``p *= 1 -
lr*wd``...), while every named mistake below differs by >= 1e-4 on the data
the tests use (the smallest gap, AdamW's decay-after-the-step, is lr*wd*step
= 0.05 * 0.1 = 5e-3 with the test's lr = 0.1, wd = 0.5; eps-placement forms
are accepted, so their 4e-7 gap never decides anything).
"""
from __future__ import annotations

import functools
import hashlib
import weakref

import numpy as np

from autograder.grading import GradeFailure, as_array, steps_follow
from autograder.grading import first_step_off as step_off

RTOL, ATOL = 1e-8, 1e-10   # see the module docstring: noise <= 1e-15, smallest named gap >= 1e-4

DEFAULTS = {
    "SGD": {"lr": 0.01},
    "SGDMomentum": {"lr": 0.01, "momentum": 0.9},
    "Nesterov": {"lr": 0.01, "momentum": 0.9},
    "AdaGrad": {"lr": 0.01, "eps": 1e-10},
    "RMSprop": {"lr": 0.01, "decay": 0.9, "eps": 1e-8},
    "Adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    "AdamW": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
}


def _zeros(st, key, p):
    if key not in st:
        st[key] = np.zeros_like(p)
    return st[key]


# --- one step of each form, for one parameter: modify p in place, keep state in st -------------
def sgd(p, g, st, lr, hp, t):
    p -= lr * g


def sgd_ascent(p, g, st, lr, hp, t):
    p += lr * g


def mom_torch(p, g, st, lr, hp, t):                       # the course table: v = mu v + g; p -= lr v
    st["v"] = hp["momentum"] * _zeros(st, "v", p) + g
    p -= lr * st["v"]


def mom_folded(p, g, st, lr, hp, t):                      # lesson 000: v = mu v - lr g; p += v
    st["v"] = hp["momentum"] * _zeros(st, "v", p) - lr * g
    p += st["v"]


def mom_mixed_sign(p, g, st, lr, hp, t):                  # the two lesson forms mixed: ascent
    st["v"] = hp["momentum"] * _zeros(st, "v", p) - lr * g
    p -= st["v"]


def mom_mixed_sign2(p, g, st, lr, hp, t):
    st["v"] = hp["momentum"] * _zeros(st, "v", p) + g
    p += lr * st["v"]


def mom_ema(p, g, st, lr, hp, t):                         # v = mu v + (1 - mu) g  (an EMA, 10x smaller)
    st["v"] = hp["momentum"] * _zeros(st, "v", p) + (1 - hp["momentum"]) * g
    p -= lr * st["v"]


def mom_old_velocity(p, g, st, lr, hp, t):                # moves with the velocity before updating it
    p -= lr * _zeros(st, "v", p)
    st["v"] = hp["momentum"] * st["v"] + g


def nest_torch(p, g, st, lr, hp, t):                      # v = mu v + g; p -= lr (g + mu v)
    mu = hp["momentum"]
    st["v"] = mu * _zeros(st, "v", p) + g
    p -= lr * (g + mu * st["v"])


def nest_folded(p, g, st, lr, hp, t):                     # v = mu v - lr g; p += mu v - lr g
    mu = hp["momentum"]                                   # (= CS231n's p += -mu v_prev + (1 + mu) v)
    st["v"] = mu * _zeros(st, "v", p) - lr * g
    p += mu * st["v"] - lr * g


def ada_out(p, g, st, lr, hp, t):
    st["G"] = _zeros(st, "G", p) + g ** 2
    p -= lr * g / (np.sqrt(st["G"]) + hp["eps"])


def ada_in(p, g, st, lr, hp, t):
    st["G"] = _zeros(st, "G", p) + g ** 2
    p -= lr * g / np.sqrt(st["G"] + hp["eps"])


def ada_no_accumulation(p, g, st, lr, hp, t):
    p -= lr * g / (np.sqrt(g ** 2) + hp["eps"])


def ada_no_accumulation_in(p, g, st, lr, hp, t):
    p -= lr * g / np.sqrt(g ** 2 + hp["eps"])


def ada_no_eps(p, g, st, lr, hp, t):
    st["G"] = _zeros(st, "G", p) + g ** 2
    p -= lr * g / np.sqrt(st["G"])


def ada_no_sqrt(p, g, st, lr, hp, t):
    st["G"] = _zeros(st, "G", p) + g ** 2
    p -= lr * g / (st["G"] + hp["eps"])


def rms_out(p, g, st, lr, hp, t):
    d = hp["decay"]
    st["s"] = d * _zeros(st, "s", p) + (1 - d) * g ** 2
    p -= lr * g / (np.sqrt(st["s"]) + hp["eps"])


def rms_in(p, g, st, lr, hp, t):
    d = hp["decay"]
    st["s"] = d * _zeros(st, "s", p) + (1 - d) * g ** 2
    p -= lr * g / np.sqrt(st["s"] + hp["eps"])


def rms_no_one_minus(p, g, st, lr, hp, t):
    st["s"] = hp["decay"] * _zeros(st, "s", p) + g ** 2
    p -= lr * g / (np.sqrt(st["s"]) + hp["eps"])


def rms_no_one_minus_in(p, g, st, lr, hp, t):
    st["s"] = hp["decay"] * _zeros(st, "s", p) + g ** 2
    p -= lr * g / np.sqrt(st["s"] + hp["eps"])


def rms_swapped(p, g, st, lr, hp, t):
    d = hp["decay"]
    st["s"] = (1 - d) * _zeros(st, "s", p) + d * g ** 2
    p -= lr * g / (np.sqrt(st["s"]) + hp["eps"])


def rms_no_eps(p, g, st, lr, hp, t):
    d = hp["decay"]
    st["s"] = d * _zeros(st, "s", p) + (1 - d) * g ** 2
    p -= lr * g / np.sqrt(st["s"])


def _adam_factory(eps_mode="out", correct=True, swap=None, b1_key="beta1", b2_key="beta2"):
    """Adam variants. eps_mode: out | in | efficient (eps on the uncorrected root, Kingma & Ba sec. 2) | none."""
    def step(p, g, st, lr, hp, t):
        b1, b2 = hp[b1_key], hp[b2_key]
        mb, vb = (b2, b1) if swap else (b1, b2)          # decays used in the moment updates
        cb1, cb2 = (b2, b1) if swap == "all" else (b1, b2)  # decays used in the corrections
        st["m"] = mb * _zeros(st, "m", p) + (1 - mb) * g
        st["v"] = vb * _zeros(st, "v", p) + (1 - vb) * g ** 2
        m, v, eps = st["m"], st["v"], hp["eps"]
        if eps_mode == "efficient":
            p -= lr * np.sqrt(1 - cb2 ** t) / (1 - cb1 ** t) * m / (np.sqrt(v) + eps)
            return
        m_hat = m / (1 - cb1 ** t) if correct else m
        v_hat = v / (1 - cb2 ** t) if correct else v
        if eps_mode == "out":
            p -= lr * m_hat / (np.sqrt(v_hat) + eps)
        elif eps_mode == "in":
            p -= lr * m_hat / np.sqrt(v_hat + eps)
        else:
            p -= lr * m_hat / np.sqrt(v_hat)
    return step


adam_out = _adam_factory("out")
adam_in = _adam_factory("in")
adam_efficient = _adam_factory("efficient")
adam_no_bc = _adam_factory("out", correct=False)
adam_no_bc_in = _adam_factory("in", correct=False)
adam_swap_moments = _adam_factory("out", swap="moments")
adam_swap_all = _adam_factory("out", swap="all")
adam_no_eps = _adam_factory("none")


def _adamw(adam_step, mode="before"):
    def step(p, g, st, lr, hp, t):
        wd = hp["weight_decay"]
        if mode == "before":
            p -= lr * wd * p
            adam_step(p, g, st, lr, hp, t)
        elif mode == "after":                          # decay of the already-updated p
            adam_step(p, g, st, lr, hp, t)
            p -= lr * wd * p
        elif mode == "l2":                             # weight decay as an L2 gradient term
            adam_step(p, g + wd * p, st, lr, hp, t)
        elif mode == "no_lr":                          # p -= wd * p
            p -= wd * p
            adam_step(p, g, st, lr, hp, t)
        elif mode == "init_lr":                        # decay with the lr given to __init__
            p -= hp["lr0"] * wd * p
            adam_step(p, g, st, lr, hp, t)
        else:
            raise ValueError(mode)
    return step


# --- accepted forms and named mistakes, per class -------------------------------------------
# An accepted form is (name, step). A mistake is (tag, plain words naming it, step or None,
# options for simulate). The words go into the feedback; the tag into its tags.
ACCEPTED = {
    "SGD": [("p -= lr*g", sgd)],
    "SGDMomentum": [("v = mu*v + g; p -= lr*v", mom_torch), ("v = mu*v - lr*g; p += v", mom_folded)],
    "Nesterov": [("v = mu*v + g; p -= lr*(g + mu*v)", nest_torch),
                 ("v = mu*v - lr*g; p += mu*v - lr*g (lr folded into v)", nest_folded)],
    "AdaGrad": [("eps outside the root", ada_out), ("eps inside the root", ada_in)],
    "RMSprop": [("eps outside the root", rms_out), ("eps inside the root", rms_in)],
    "Adam": [("eps outside the root", adam_out), ("eps inside the root", adam_in),
             ("bias correction folded into the step size", adam_efficient)],
    "AdamW": [("decay, then Adam (eps outside)", _adamw(adam_out)),
              ("decay, then Adam (eps inside)", _adamw(adam_in)),
              ("decay, then Adam (bias correction folded into the step size)", _adamw(adam_efficient))],
}

STATEFUL = {"SGDMomentum", "Nesterov", "AdaGrad", "RMSprop", "Adam", "AdamW"}

MISTAKES = {
    "SGD": [
        ("sgd-wrong-sign", "the wrong sign: p += lr*g climbs the loss instead of descending it", sgd_ascent, {}),
    ],
    "SGDMomentum": [
        ("momentum-wrong-sign", "momentum with the wrong sign (the two lesson forms mixed, e.g. "
         "v = mu*v - lr*g followed by p -= v): the parameters climb the loss", mom_mixed_sign, {}),
        ("momentum-wrong-sign", "momentum with the wrong sign (v = mu*v + g followed by p += lr*v)",
         mom_mixed_sign2, {}),
        ("momentum-ema", "momentum written as an average, v = mu*v + (1 - mu)*g: the course's velocity "
         "is a sum, v = mu*v + g, so these steps come out (1 - mu) times too small", mom_ema, {}),
        ("momentum-stale-velocity", "moving p with the velocity from BEFORE this step's update "
         "(p -= lr*v, then v = mu*v + g): update v first, then move p", mom_old_velocity, {}),
    ],
    "Nesterov": [
        ("nesterov-as-momentum", "Nesterov written as plain (heavy-ball) momentum, p -= lr*v: the "
         "look-ahead term is missing; Nesterov steps by lr*(g + mu*v) with the NEW v (using the velocity "
         "from before this step's update, p -= lr*(g + mu*v_old), is the same thing as plain momentum)",
         mom_torch, {}),
        ("nesterov-as-momentum", "Nesterov written as plain (heavy-ball) momentum, v = mu*v - lr*g; p += v: "
         "the look-ahead term is missing", mom_folded, {}),
    ],
    "AdaGrad": [
        ("adagrad-no-accumulation", "AdaGrad that forgets to accumulate: it divides by sqrt(g**2) of "
         "this step instead of sqrt(G), G the running SUM of all squared gradients", ada_no_accumulation, {}),
        ("adagrad-no-accumulation", "AdaGrad that forgets to accumulate: it divides by sqrt(g**2 + eps) "
         "of this step instead of using G, the running SUM of all squared gradients",
         ada_no_accumulation_in, {}),
        ("adagrad-no-eps", "AdaGrad with eps missing: where G is 0 (a zero gradient so far) "
         "g / sqrt(G) is 0/0 = nan", ada_no_eps, {}),
        ("adagrad-no-sqrt", "AdaGrad dividing by G instead of sqrt(G)", ada_no_sqrt, {}),
    ],
    "RMSprop": [
        ("rmsprop-no-one-minus-decay", "RMSprop without the (1 - decay) factor: s = decay*s + g**2 is "
         "not an average of the squared gradients", rms_no_one_minus, {}),
        ("rmsprop-no-one-minus-decay", "RMSprop without the (1 - decay) factor (s = decay*s + g**2)",
         rms_no_one_minus_in, {}),
        ("rmsprop-decay-swapped", "RMSprop with decay and (1 - decay) swapped: s = (1 - decay)*s + "
         "decay*g**2 forgets the past almost at once", rms_swapped, {}),
        ("rmsprop-no-eps", "RMSprop with eps missing: where s is 0, g / sqrt(s) is 0/0 = nan",
         rms_no_eps, {}),
    ],
    "Adam": [
        ("adam-no-bias-correction", "Adam WITHOUT bias correction: m and v must be divided by "
         "(1 - beta1**t) and (1 - beta2**t) before the step", adam_no_bc, {}),
        ("adam-no-bias-correction", "Adam WITHOUT bias correction (eps inside the root)", adam_no_bc_in, {}),
        ("adam-betas-swapped", "Adam with beta1 and beta2 swapped: m must decay with beta1 (0.9) and "
         "v with beta2 (0.999)", adam_swap_moments, {}),
        ("adam-betas-swapped", "Adam with beta1 and beta2 swapped (in the moments and the corrections)",
         adam_swap_all, {}),
        ("adam-no-eps", "Adam with eps missing: where v is 0, m_hat / sqrt(v_hat) is 0/0 = nan",
         adam_no_eps, {}),
    ],
    "AdamW": [
        ("adamw-as-l2", "AdamW written as Adam with an L2 term (weight_decay*p added to the gradient): "
         "AdamW's decay is decoupled, p -= lr*weight_decay*p, and the gradient is untouched",
         _adamw(adam_out, "l2"), {}),
        ("adamw-as-l2", "AdamW written as Adam with an L2 term (weight_decay*p added to the gradient, "
         "eps inside the root)", _adamw(adam_in, "l2"), {}),
        ("adamw-decay-after-step", "AdamW with the decay applied AFTER the Adam step, to the already "
         "updated p: decay the parameters first (or use the values from before the step)",
         _adamw(adam_out, "after"), {}),
        ("adamw-decay-without-lr", "AdamW decaying by weight_decay*p without the learning rate: the "
         "decoupled decay is p -= lr*weight_decay*p", _adamw(adam_out, "no_lr"), {}),
        ("adamw-t-twice", "AdamW counting the step twice (t incremented in AdamW.update and again in "
         "Adam.update): t must be 1 on the first call", _adamw(adam_out), {"t_mode": "double"}),
        ("adam-no-bias-correction", "AdamW built on an Adam step WITHOUT bias correction",
         _adamw(adam_no_bc), {}),
        ("adam-betas-swapped", "AdamW built on an Adam step with beta1 and beta2 swapped",
         _adamw(adam_swap_moments), {}),
        ("adam-t-from-zero", "AdamW built on an Adam step whose counter t is still 0 on the first call",
         _adamw(adam_out), {"t_mode": "zero"}),
        ("adam-t-per-parameter", "AdamW built on an Adam step that increments t once per parameter",
         _adamw(adam_out), {"t_mode": "param"}),
    ],
}

# Mistakes in how state and counters are kept: applied to every accepted form of the class.
STRUCTURAL = {
    "state-reset": ("an update whose state is re-created at every call, so nothing is remembered between steps "
                    "(create it once, on the first call, and keep it on self)", {"reset": True}),
    "shared-state": ("an update with ONE state shared by all parameters: keep a separate velocity / running "
                     "average for each parameter (by its position in the list)", {"shared": True}),
}
ADAM_STRUCTURAL = {
    "adam-t-from-zero": ("Adam with the step counter t still 0 on the first call (incremented after it is "
                         "used): 1 - beta**0 = 0, a division by zero. t must be 1 on the first call",
                         {"t_mode": "zero"}),
    "adam-t-per-parameter": ("Adam incrementing t once per PARAMETER inside the loop: t counts calls of "
                             "update (t = 1 for every parameter on the first call)", {"t_mode": "param"}),
}
LR_IGNORED = ("an update ignoring changes to opt.lr: the learning rate given to __init__ is used at every step. "
              "Read self.lr inside update, so a schedule can change it", {"fixed_lr": True})


def hyper(cls: str, kwargs: dict) -> dict:
    hp = {**DEFAULTS[cls], **kwargs}
    hp["lr0"] = hp["lr"]
    return hp


def simulate(cls, step, kwargs, params, grads, lrs=None, *, reset=False, shared=False, fixed_lr=False,
             t_mode="call", ignore_hyper=False):
    """The parameters after every step, for one form: a list (steps) of lists (params) of arrays.

    Returns None when the form cannot run on this data (a shared state with parameters of
    different shapes raises in NumPy, as it would in the student's code).
    """
    hp = hyper(cls, {"lr": kwargs["lr"]} if ignore_hyper else kwargs)
    ps = [np.array(p, dtype=np.float64) for p in params]
    states: dict = {}
    out = []
    t = 0
    with np.errstate(all="ignore"):
        try:
            for k, gs in enumerate(grads):
                lr = hp["lr"] if (lrs is None or fixed_lr) else float(lrs[k])
                if reset:
                    states = {}
                for i, (p, g) in enumerate(zip(ps, gs)):
                    if t_mode == "param":
                        t += 1
                        tt = t
                    else:
                        tt = {"call": k + 1, "zero": k, "double": 2 * (k + 1)}[t_mode]
                    st = states.setdefault(0 if shared else i, {})
                    step(p, np.array(g, dtype=np.float64), st, lr, hp, tt)
                out.append([p.copy() for p in ps])
        except ValueError:               # broadcasting: a shared state across different shapes
            return None
    return out


# --- once per grading worker: everything that depends only on a test's fixed inputs --------------
# The models (accepted forms, known mistakes) are pure functions of the test's inputs -- the class,
# its hyperparameters, the seeded parameters and gradients, the lr schedule -- all written in the
# test files. They are computed for the first submission a worker grades and reused for every later
# one. The key is a digest of those inputs only: nothing a student's child sends back ever enters a
# key or a memo, so one student's data cannot influence another's grade.
_MODELS: dict = {}           # fingerprint -> Models
_PER_REFERENCE: dict = {}    # id(reference) -> (weak reference to it, memo): see reference_memo


def fingerprint(cls, kwargs, params, grads, lrs=None) -> str:
    """A digest of a test's inputs: their float64 values (exact bytes), shapes, order and the
    hyperparameters (exact float reprs). ~50 us, against ~0.5 ms for encoding them as the protocol does."""
    arrays = [np.asarray(p, dtype=np.float64) for p in params]
    for gs in grads:
        arrays.extend(np.asarray(g, dtype=np.float64) for g in gs)
    header = (cls, sorted(kwargs.items()), None if lrs is None else [float(x) for x in lrs],
              len(params), [len(gs) for gs in grads], [a.shape for a in arrays])
    digest = hashlib.sha256(repr(header).encode())
    for a in arrays:
        digest.update(np.ascontiguousarray(a).data)
    return digest.hexdigest()


def reference_memo(reference) -> dict:
    """A memo that lives as long as this worker's ``reference`` session (one per worker), for facts
    about the reference solution's answers to a test's fixed inputs: the reference is deterministic and
    its answers are cached by the engine already, so such a fact is the same for every submission.
    Dropped with the session (a weak reference), so a later session never finds an earlier one's memo
    even if it gets the same id."""
    key = id(reference)
    entry = _PER_REFERENCE.get(key)
    if entry is None or entry[0]() is not reference:
        entry = _PER_REFERENCE[key] = (weakref.ref(reference, lambda _, key=key: _PER_REFERENCE.pop(key, None)), {})
    return entry[1]


def _frozen(arrays) -> list:
    out = [np.array(a, dtype=np.float64) for a in arrays]
    for a in out:
        a.setflags(write=False)
    return out


def _read_only(steps):
    """A model's steps, made read-only: shared by every submission a worker grades."""
    for ps in steps or ():
        for p in ps:
            p.setflags(write=False)
    return steps


def _flat(steps, read_only=False) -> np.ndarray:
    """All the numbers of a run (steps x params), in the order _first_diff walks them."""
    flat = np.concatenate([np.ravel(np.asarray(p, dtype=np.float64)) for ps in steps for p in ps] + [np.empty(0)])
    flat.setflags(write=not read_only)
    return flat


class Models:
    """The accepted forms and the known mistakes of one test's inputs, with their numbers flattened
    for comparison (one ``np.isclose`` per model instead of one per step and parameter)."""

    def __init__(self, key, cls, kwargs, params, grads, lrs):
        self.key, self.cls = key, cls
        params, grads = _frozen(params), [_frozen(gs) for gs in grads]   # our own copies, kept for the mistakes
        self._inputs = (cls, dict(kwargs), params, grads, None if lrs is None else list(lrs))
        self.shapes = [np.shape(p) for p in params]
        self.n_steps = len(grads)
        sizes = [int(np.prod(s, dtype=np.int64)) for s in self.shapes]
        self.starts = [sum(sizes[:i]) for i in range(len(sizes))]
        self.owner = [i for i, n in enumerate(sizes) for _ in range(n)]   # offset in a step -> parameter
        self.step_size = sum(sizes)
        self.accepted = {name: _read_only(simulate(cls, step, kwargs, params, grads, lrs))
                         for name, step in ACCEPTED[cls]}
        self.accepted_flat = {name: _flat(steps, read_only=True) for name, steps in self.accepted.items()}
        self._mistakes = None

    @property
    def mistakes(self):
        """[(tag, words, steps, flat)], computed the first time a submission fails this test."""
        if self._mistakes is None:
            self._mistakes = [(tag, words, _read_only(steps), _flat(steps, read_only=True))
                              for tag, words, steps in _candidates(*self._inputs)]
        return self._mistakes

    def first_diff(self, got_flat, want_flat):
        """As ``_first_diff`` on the unflattened runs: (step, param, index) of the first disagreement."""
        bad = ~np.isclose(got_flat, want_flat, rtol=RTOL, atol=ATOL, equal_nan=True)
        if not bad.any():
            return None
        k, r = divmod(int(bad.argmax()), self.step_size)     # argmax: the first True, in C order
        i = self.owner[r]
        return k, i, tuple(int(j) for j in np.unravel_index(r - self.starts[i], self.shapes[i]))


def models(cls, kwargs, params, grads, lrs=None) -> Models:
    """The models of this test's inputs, computed once per grading worker."""
    key = fingerprint(cls, kwargs, params, grads, lrs)
    found = _MODELS.get(key)
    if found is None:
        found = _MODELS[key] = Models(key, cls, kwargs, params, grads, lrs)
    return found


def accepted_forms(cls, kwargs, params, grads, lrs=None):
    """name -> steps, for every taught form of ``cls`` (memoized)."""
    return models(cls, kwargs, params, grads, lrs).accepted


def candidates(cls, kwargs, params, grads, lrs=None):
    """(accepted: name -> steps, mistakes: list of (tag, words, steps)), memoized."""
    m = models(cls, kwargs, params, grads, lrs)
    return m.accepted, [(tag, words, steps) for tag, words, steps, _ in m.mistakes]


def _candidates(cls, kwargs, params, grads, lrs=None):
    bad = []
    for tag, words, step, opts in MISTAKES.get(cls, []):
        bad.append((tag, words, simulate(cls, step, kwargs, params, grads, lrs, **opts)))
    structural = dict(STRUCTURAL) if cls in STATEFUL else {}
    if cls in ("Adam", "AdamW"):
        structural.update(ADAM_STRUCTURAL)
    given = {k: v for k, v in kwargs.items() if k != "lr" and v != DEFAULTS[cls].get(k)}
    if given:
        structural["hyperparameters-ignored"] = (
            f"an update that ignores the hyperparameters given to __init__ ({', '.join(sorted(given))}) and "
            "uses the default values instead: read them from self", {"ignore_hyper": True})
    if lrs is not None and len(set(float(x) for x in lrs)) > 1:
        structural["lr-change-ignored"] = LR_IGNORED
        if cls == "AdamW":
            bad.append(("adamw-decay-ignores-lr-change",
                        "AdamW whose decay uses the learning rate given to __init__ (e.g. a factor "
                        "1 - lr*weight_decay computed once): read self.lr at every step",
                        simulate(cls, _adamw(adam_out, "init_lr"), kwargs, params, grads, lrs)))
    for tag, (words, opts) in structural.items():
        for name, step in ACCEPTED[cls]:
            bad.append((tag, words, simulate(cls, step, kwargs, params, grads, lrs, **opts)))
    return [b for b in bad if b[2] is not None]


# --- comparing ----------------------------------------------------------------------------------
def _steps_as_arrays(got, n_steps, shapes, what):
    if not isinstance(got, list) or len(got) != n_steps:
        raise GradeFailure(f"{what}: expected the parameters after each of {n_steps} steps, but the run "
                           "did not produce them.", hint="Make update change every array of params in place.")
    out = []
    for k, step in enumerate(got):
        if not isinstance(step, list) or len(step) != len(shapes):
            raise GradeFailure(f"{what}: after step {k + 1} the caller should still hold {len(shapes)} "
                               "parameter arrays.")
        out.append([as_array(p, what=f"params[{i}] after step {k + 1}", shape=s)
                    for i, (p, s) in enumerate(zip(step, shapes))])
    return out


def _first_diff(got, want, rtol=RTOL, atol=ATOL):
    """(step, param, index) of the first disagreement, or None. NaN matches NaN here (a mistake's model may be NaN)."""
    for k, (gs, ws) in enumerate(zip(got, want)):
        for i, (g, w) in enumerate(zip(gs, ws)):
            if g.shape != w.shape:
                return k, i, ()
            bad = ~np.isclose(g, w, rtol=rtol, atol=atol, equal_nan=True)
            if bad.any():
                return k, i, tuple(int(j) for j in np.argwhere(bad)[0])
    return None


def _where(k, i, idx, shape, lrs):
    lr_note = f" (lr = {float(lrs[k]):g} at that step)" if lrs is not None else ""
    at = f" at index {idx}" if idx else ""
    return f"after step {k + 1}{lr_note}, params[{i}] (shape {tuple(shape)}){at}"


def _num(x) -> str:
    return f"{float(x):.10g}"


def verify_reference(m: Models, reference_steps) -> None:
    """The grader's own sanity check: the first accepted form reproduces the official solution."""
    ref = _steps_as_arrays(reference_steps, m.n_steps, m.shapes, "the reference")
    if m.first_diff(_flat(ref), next(iter(m.accepted_flat.values()))) is not None:
        raise RuntimeError(f"grader models of {m.cls} disagree with the reference solution")


def judge_steps(result, cls, kwargs, params, grads, lrs=None, *, reference_steps=None, what, hint,
                extra_bad=()):
    """Pass when the caller's arrays follow any accepted form; else fail, naming a matching mistake."""
    m = models(cls, kwargs, params, grads, lrs)
    if reference_steps is not None:                          # the official solution, run in its own child
        verify_reference(m, reference_steps)
    _judge(m, result, params, grads, lrs, what=what, hint=hint, extra_bad=extra_bad)


def _judge(m: Models, result, params, grads, lrs, *, what, hint, extra_bad=()):
    shapes = m.shapes
    got = _steps_as_arrays(result["values"], len(grads), shapes, what)
    got_flat = _flat(got)               # the same layout as every model's (shapes checked just above)
    accepted = m.accepted
    for flat in m.accepted_flat.values():
        if m.first_diff(got_flat, flat) is None:
            return
    bad = [(tag, words, steps, _flat(steps)) for tag, words, steps in extra_bad] + m.mistakes
    # where does the closest accepted form first part from the student's numbers?
    best_name, best = None, None
    for name, flat in m.accepted_flat.items():
        d = m.first_diff(got_flat, flat)
        if best is None or d[:2] > best[:2]:
            best_name, best = name, d
    k, i, idx = best
    want_arr, got_arr = accepted[best_name][k][i], got[k][i]
    where = _where(k, i, idx, shapes[i], lrs)
    w, g = (want_arr[idx], got_arr[idx]) if idx else (want_arr.ravel()[0], got_arr.ravel()[0])
    detail = f"{where}: expected {_num(w)}, got {_num(g)}"
    earlier = "" if k == 0 else f" (steps 1-{k} agreed)" if k > 1 else " (step 1 agreed)"

    unchanged = all(np.array_equal(gp, np.asarray(p, dtype=float)) for gs in got for gp, p in zip(gs, params))
    if unchanged:
        rebound = any(any(r) for r in result.get("rebound", []))
        how = ("it put new arrays into the list (params[i] = ...) instead of changing the arrays themselves"
               if rebound else "for example it rebinds a local name (p = p - ...), which computes a new array "
                               "and leaves the caller's array untouched")
        raise GradeFailure(
            f"{what}: the caller's parameter arrays never changed -- the update is not done in place: {how}. "
            f"For example, {detail}.", tags=["not-in-place"],
            hint="Write the update in place: p -= ..., or p[...] = ..., or np.subtract(p, x, out=p).")
    for tag, words, steps, flat in bad:
        if (m.first_diff(got_flat, flat) if flat.shape == got_flat.shape else _first_diff(got, steps)) is None:
            finite = bool(np.all(np.isfinite(flat)))
            how = "match" if finite else "turn into nan/inf exactly where they do for"
            raise GradeFailure(f"{what}: your numbers {how} {words}. First difference from the expected "
                               f"values {detail}{earlier}.", tags=[tag], hint=hint)
    if not np.all(np.isfinite(got_arr)) and np.all(np.isfinite(want_arr)):
        hint = "A nan or inf appeared: look for a division by zero (is eps added where the gradient can be 0?)."
    raise GradeFailure(f"{what}: {detail} (difference {abs(float(g) - float(w)):.3g}){earlier}. These numbers "
                       "match none of the accepted forms of the update.", hint=hint)


def check_steps(student, reference, cls, kwargs, params, grads, lrs=None, *, what, hint, extra_bad=()):
    kw = dict(cls=cls, kwargs=kwargs, params=params, grads=grads, lrs=lrs)
    m = models(cls, kwargs, params, grads, lrs)
    verified = reference_memo(reference)
    if ("optimizer_steps", m.key) not in verified:   # once per worker: the reference's answer never changes
        verify_reference(m, reference.probe("optimizer_steps", **kw)["values"])
        verified[("optimizer_steps", m.key)] = True
    got = student.probe("optimizer_steps", **kw)
    _judge(m, got, params, grads, lrs, what=what, hint=hint, extra_bad=extra_bad)
    return got



# --- data ---------------------------------------------------------------------------------------
def random_problem(seed, shapes, n_steps, scales=None, zero_first=0):
    """Seeded parameters and gradients. ``scales`` multiplies each parameter's gradients (adaptive
    methods must cope with very different scales); ``zero_first`` zeroes a few gradient entries of
    every parameter in the first steps (an unused weight: AdaGrad/RMSprop/Adam divide 0 by 0
    unless eps is there). Fresh arrays at every call (copies of a memo: a pure function of its
    arguments, drawn once per worker)."""
    shapes = tuple(tuple(s) if isinstance(s, (list, tuple)) else int(s) for s in shapes)
    scales = None if scales is None else tuple(float(c) for c in scales)
    params, grads = _random_problem(int(seed), shapes, int(n_steps), scales, int(zero_first))
    return [p.copy() for p in params], [[g.copy() for g in gs] for gs in grads]


@functools.cache
def _random_problem(seed, shapes, n_steps, scales, zero_first):
    rng = np.random.default_rng(seed)
    params = [rng.normal(size=s) for s in shapes]
    scales = scales or [1.0] * len(shapes)
    grads = [[rng.normal(size=s) * c for s, c in zip(shapes, scales)] for _ in range(n_steps)]
    for k in range(min(zero_first, n_steps)):
        for g in grads[k]:
            g.reshape(-1)[:2] = 0.0
    for a in params + [g for gs in grads for g in gs]:
        a.setflags(write=False)          # the memo is never handed out, only copies of it
    return params, grads


# --- checking a whole run step by step (the convergence tests) ------------------------------------
def linear_recurrence(a: float, u: np.ndarray, block: int = 32) -> np.ndarray:
    """x_t = a*x_{t-1} + u_t for t = 1..T with x_0 = 0, for all t at once: the states after each step.

    Solved a block of steps at a time with the matrix of powers of ``a`` (stable for |a| <= 1, exact to
    rounding): a Python loop over 2,800 steps would cost as much as grading the whole submission."""
    if a == 1.0:
        return np.cumsum(u, axis=0)
    out = np.empty_like(u)
    powers = a ** np.arange(block + 1, dtype=np.float64)
    lag = np.subtract.outer(np.arange(block), np.arange(block))
    weights = np.where(lag >= 0, powers[np.clip(lag, 0, block)], 0.0)      # weights[i, j] = a**(i - j), j <= i
    carry = np.zeros(u.shape[1:])
    for start in range(0, len(u), block):
        chunk = u[start:start + block]
        n = len(chunk)
        states = weights[:n, :n] @ chunk + np.multiply.outer(powers[1:n + 1], carry)
        out[start:start + n] = states
        carry = states[-1]
    return out


def teacher_forced(step, hp: dict, lr: float, positions: np.ndarray, grads: np.ndarray) -> np.ndarray:
    """For each step t of a run: where the accepted form ``step`` moves from the run's OWN position p_t,
    with the gradient g_t there and the state the form builds from g_1..g_{t-1}. Row t-1 of the result is
    the prediction for positions[t].

    Every taught form keeps a state that is linear in itself (v = a*v + u(g)): ``a`` and ``u`` are read off
    the form by calling it with the state 0 and 1, then the states of all steps are solved at once. Errors
    cannot accumulate: each prediction starts from the student's own position."""
    n = len(grads)
    t = np.arange(1, n + 1, dtype=np.float64)[:, None]
    with np.errstate(all="ignore"):
        zero_state: dict = {}
        plain = positions[:n].copy()
        step(plain, grads, zero_state, lr, hp, t)
        if not zero_state:
            return plain
        unit_state = {k: np.ones_like(v) for k, v in zero_state.items()}
        step(positions[:n].copy(), grads, unit_state, lr, hp, t)
        before = {}
        for key, u in zero_state.items():
            a = unit_state[key] - u
            if not np.allclose(a, a.flat[0], rtol=1e-12, atol=1e-15):
                raise ValueError(f"the state {key!r} of this form is not linear in itself")
            after = linear_recurrence(float(a.flat[0]), u)
            before[key] = np.concatenate([np.zeros_like(after[:1]), after[:-1]])
        predicted = positions[:n].copy()
        step(predicted, grads, before, lr, hp, t)
    return predicted


def first_step_off(cls: str, kwargs: dict, traj: np.ndarray, grads: np.ndarray, upto: int) -> int | None:
    """The first step t <= ``upto`` (1-based) at which ``traj`` does not follow any accepted form of ``cls``
    fed the run's own gradients ``grads`` (grads[t-1] at traj[t-1]); None when every step up to ``upto`` does
    (tolerances: ``autograder.grading.steps_follow``)."""
    if upto <= 0:
        return None
    hp = hyper(cls, kwargs)
    positions, g = traj[:upto + 1], grads[:upto]
    agrees = np.zeros(upto, dtype=bool)
    for _, step in ACCEPTED[cls]:
        agrees |= steps_follow(positions, teacher_forced(step, hp, hp["lr"], positions, g))
        if agrees.all():
            return None
    return step_off(agrees)
