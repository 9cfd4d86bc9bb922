"""The week-2 optimizer tests, generated from one table (torch's ``OptimizerInfo`` pattern).

Each optimizer is one :class:`OptimizerInfo`: its problem (the test module
``test_<problem>.py`` that holds its tests, so feedback groups them by
problem), the hint its failures share, and its checks -- each with its points,
its visibility and the reason for its points, its seed and hyperparameters.
``tests_for(cls)`` turns a row into the test functions that the module exposes::

    globals().update(tests_for("Adam"))      # the whole of test_adam.py

A check marked ``visible`` is a public check: public.py declares it from the same row
(``plan``), so students run it from the release and grading judges it with the same
rule (autograder/kit/judge.py).

The kinds of check, the same for every optimizer:

``first_step``          one update from a fresh optimizer, two parameters (public)
``steps``               twelve updates of three parameters of different shapes
``lr_changes``          ten updates with ``opt.lr`` changed between them, as a schedule does
``state_per_parameter`` two parameters of the same shape with different gradients
``in_place``            the caller's arrays change in place, gradients are left alone, update returns None
                        (public)
"""
from __future__ import annotations

from dataclasses import dataclass, field

from autograder.grading import points
from autograder.kit.declare import Call, judge_student, rule
from optimizer_forms import check_steps, random_problem

SHAPES = [(4,), (3, 2), (2, 1, 3)]          # several arrays of different shapes, incl. a 3-D one
SAME_SCALES = (1.0, 1.0, 1.0)
MIXED_SCALES = (1.0, 0.001, 30.0)   # adaptive methods must rescale each array on its own
LR_SCHEDULE = [0.1, 0.1, 0.1, 0.1, 0.02, 0.02, 0.02, 0.3, 0.3, 0.3]   # opt.lr set before each step


@dataclass(frozen=True)
class Check:
    points: int
    why: str                     # the reason for its points
    seed: int
    kwargs: dict
    visible: bool = False
    lrs: tuple | None = None     # lr_changes: opt.lr before each step
    zero_first: int = 0          # exact zero gradients in the first steps (eps is what avoids 0/0)
    n_steps: int = 3             # in_place: how many calls


@dataclass(frozen=True)
class OptimizerInfo:
    cls: str
    problem: str                 # test_<problem>.py holds its tests
    hint: str                    # what to check, shared by its numeric tests
    scales: tuple = SAME_SCALES  # gradient scales per array in the multi-step checks
    checks: dict = field(default_factory=dict)    # kind -> Check


def _kw(kwargs: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items())


def _same(grads):
    return grads


def _different(grads):
    return [[g[0], -2.0 * g[0] + 0.5 * g[1]] for g in grads]


def plan(info: OptimizerInfo, kind: str, check: Check) -> dict:
    """One check of the table as its test runs it: ``name``, ``doc``, ``what`` (how messages name the run) and
    ``inputs()`` -> (params, grads, lrs), the seeded data. The hidden tests below and the public checks
    (public.py: the rows marked visible) are both made from it."""
    cls, shapes, n_steps, scales, zero_first, lrs, transform = info.cls, SHAPES, 12, info.scales, check.zero_first, \
        None, _same
    if kind == "first_step":
        shapes, n_steps, scales = SHAPES[:2], 1, None
        what = f"{cls}({_kw(check.kwargs)}), first update"
        doc = f"{cls}: the first update from a fresh optimizer matches the formula"
    elif kind == "steps":
        what = f"{cls}({_kw(check.kwargs)}), 12 steps"
        doc = f"{cls}: twelve steps on three parameters of different shapes match the formula"
    elif kind == "lr_changes":
        n_steps, lrs = len(check.lrs), list(check.lrs)
        what = f"{cls} with opt.lr changed between steps"
        doc = f"{cls}: honours a learning rate changed between steps (opt.lr set by a schedule)"
    elif kind == "state_per_parameter":
        shapes, n_steps, scales = [(3, 2), (3, 2)], 6, None   # same shapes: a shared state would not crash
        transform = _different                                 # different gradients for the two
        what = f"{cls} on two parameters with different gradients"
        doc = f"{cls}: keeps a separate state for each parameter and remembers it between calls"
    elif kind == "in_place":
        shapes, n_steps, scales, zero_first = SHAPES, check.n_steps, None, 0
        what = f"{cls}.update"
        doc = f"{cls}: update changes the caller's arrays in place, leaves the gradients alone, returns None"
    else:
        raise ValueError(kind)

    def inputs():
        params, grads = random_problem(check.seed, shapes, n_steps, scales, zero_first=zero_first)
        return params, transform(grads), lrs
    return {"name": NAMES.get((cls, kind), f"test_{info.problem}_{kind}"), "doc": DOCS.get((cls, kind), doc),
            "what": what, "inputs": inputs}


def _steps_test(info: OptimizerInfo, case: dict, check: Check):
    def test(student, reference):
        params, grads, lrs = case["inputs"]()
        check_steps(student, reference, info.cls, check.kwargs, params, grads, lrs, what=case["what"],
                    hint=info.hint)
    return test


def in_place_check(info: OptimizerInfo, case: dict, check: Check) -> tuple[list, dict]:
    """The in-place check's call and record (judged by the judge's rule ``in_place``)."""
    params, grads, _ = case["inputs"]()
    call = Call("optimizer_steps", cls=info.cls, kwargs=check.kwargs, params=params, grads=grads)
    return [call], {"rules": [rule("in_place", call=0, what=case["what"], params=params, grads=grads)],
                    "hint": info.hint}


def _in_place_test(info: OptimizerInfo, case: dict, check: Check):
    def test(student, reference):
        judge_student(student, *in_place_check(info, case, check))
    return test


def tests_for(cls: str) -> dict:
    """``test_<problem>_<kind>`` -> test function (points, visibility and docstring attached). A visible row is
    a public check: its test is the one public.py declares from this row (judged by autograder/kit/judge.py)."""
    from public import public_test
    info = OPTIMIZERS[cls]
    out = {}
    for kind, check in info.checks.items():
        case = plan(info, kind, check)
        name = case["name"]
        if check.visible:
            out[name] = public_test(name)
            continue
        test = (_in_place_test if kind == "in_place" else _steps_test)(info, case, check)
        test.__name__ = test.__qualname__ = name
        test.__doc__ = case["doc"]
        out[name] = points(check.points)(test)
    return out


# SGD's tests kept the names and words they had before the table (grades and feedback stay identical)
NAMES = {("SGD", "lr_changes"): "test_sgd_steps_with_lr_changes"}
DOCS = {("SGD", "first_step"): "SGD: one update moves each parameter by -lr * g",
        ("SGD", "lr_changes"): "SGD: eight steps on three parameters follow p -= lr * g, also after opt.lr is changed"}

# --- the table ------------------------------------------------------------------------------------
FIRST = "the first step from a fresh optimizer: public, checks the convention early"
STEPS = "the core update over many steps (most of the marks)"
LR = "lr read at every step"
STATE = "state must be kept per parameter (by position), created once"
IN_PLACE = "the interface property every optimizer shares (in place, grads untouched, returns None)"

OPTIMIZERS: dict[str, OptimizerInfo] = {o.cls: o for o in (
    OptimizerInfo(
        "SGD", "sgd",
        hint=("Each call moves every parameter against its own gradient by lr times that gradient, reading lr from "
              "self.lr at that call (a schedule may have changed it), and changes the caller's array itself."),
        checks={
            "first_step": Check(2, "the basic step, public so students can check their convention early", 101,
                                {"lr": 0.1}, visible=True),
            "lr_changes": Check(4, "most of SGD's marks -- several steps, three arrays, lr changed between steps",
                                102, {"lr": 0.1}, lrs=(0.1, 0.1, 0.1, 0.02, 0.02, 0.3, 0.3, 0.05)),
            "in_place": Check(2, IN_PLACE, 103, {"lr": 0.1}, visible=True, n_steps=2),
        }),
    OptimizerInfo(
        "SGDMomentum", "momentum",
        hint=("The velocity is a running sum of gradients, one per parameter, kept between calls: it is first "
              "scaled by momentum, then the new gradient is added, and the parameter moves by lr times the NEW "
              "velocity, downhill (the lessons' other form keeps -lr*g inside the velocity and adds it; either is "
              "accepted, a mix of the two is not)."),
        checks={
            "first_step": Check(2, FIRST, 21, {"lr": 0.1, "momentum": 0.9}, visible=True),
            "steps": Check(4, STEPS, 22, {"lr": 0.05, "momentum": 0.8}),
            "lr_changes": Check(3, "the convention test: the two taught forms part after an lr change, both "
                                   "must be followed exactly", 23, {"lr": 0.1, "momentum": 0.9},
                                lrs=tuple(LR_SCHEDULE)),
            "state_per_parameter": Check(2, STATE, 24, {"lr": 0.1, "momentum": 0.9}),
            "in_place": Check(2, IN_PLACE, 25, {"lr": 0.1, "momentum": 0.9}, visible=True),
        }),
    OptimizerInfo(
        "Nesterov", "nesterov",
        hint=("Nesterov updates the velocity exactly as momentum does, then steps by lr times (the gradient plus "
              "momentum times the NEW velocity): the look-ahead is that extra momentum*v term. Keep the velocity "
              "per parameter between calls."),
        checks={
            "first_step": Check(2, FIRST, 31, {"lr": 0.1, "momentum": 0.9}, visible=True),
            "steps": Check(4, STEPS, 32, {"lr": 0.05, "momentum": 0.8}),
            "lr_changes": Check(2, "lr read at every step (both momentum conventions accepted)", 33,
                                {"lr": 0.1, "momentum": 0.9}, lrs=tuple(LR_SCHEDULE)),
            "state_per_parameter": Check(1, STATE, 34, {"lr": 0.1, "momentum": 0.9}),
            "in_place": Check(2, IN_PLACE, 35, {"lr": 0.1, "momentum": 0.9}, visible=True),
        }),
    OptimizerInfo(
        "AdaGrad", "adagrad", scales=MIXED_SCALES,
        hint=("AdaGrad divides each step by the root of everything seen so far: per parameter, a running SUM of "
              "squared gradients G (elementwise, kept between calls, never reset), and the step lr*g is divided by "
              "sqrt(G) + eps -- eps keeps a never-used weight (G = 0) from giving 0/0."),
        checks={
            "first_step": Check(2, FIRST, 41, {"lr": 0.1}, visible=True, zero_first=1),
            "steps": Check(4, "the core update over many steps, gradients of very different scales and some exact "
                              "zeros", 42, {"lr": 0.05, "eps": 1e-10}, zero_first=2),
            "lr_changes": Check(1, LR, 43, {"lr": 0.1}, lrs=tuple(LR_SCHEDULE)),
            "state_per_parameter": Check(1, STATE, 44, {"lr": 0.1}),
            "in_place": Check(2, IN_PLACE, 45, {"lr": 0.1}, visible=True),
        }),
    OptimizerInfo(
        "RMSprop", "rmsprop", scales=MIXED_SCALES,
        hint=("RMSprop keeps a running AVERAGE of squared gradients per parameter: decay times the old average plus "
              "(1 - decay) times g**2 (the two weights add up to 1), updated before it is used; the step lr*g is "
              "divided by its root plus eps."),
        checks={
            "first_step": Check(2, FIRST, 51, {"lr": 0.01}, visible=True, zero_first=1),
            "steps": Check(4, "the core update over many steps, gradients of very different scales and some exact "
                              "zeros", 52, {"lr": 0.02, "decay": 0.8, "eps": 1e-08}, zero_first=2),
            "lr_changes": Check(1, LR, 53, {"lr": 0.01},
                                lrs=(0.01, 0.01, 0.01, 0.01, 0.002, 0.002, 0.002, 0.03, 0.03, 0.03)),
            "state_per_parameter": Check(1, STATE, 54, {"lr": 0.01}),
            "in_place": Check(2, IN_PLACE, 55, {"lr": 0.01}, visible=True),
        }),
    OptimizerInfo(
        "Adam", "adam", scales=MIXED_SCALES,
        hint=("Adam counts its calls (t is 1 on the first call, once per call, not per parameter) and keeps two "
              "averages per parameter: m of the gradients (weight beta1) and v of their squares (weight beta2). "
              "Both start at 0, so the step uses copies corrected by 1/(1 - beta**t), which fades as t grows; the "
              "stored m and v stay uncorrected. The step is lr times the corrected m over (the root of the "
              "corrected v, plus eps)."),
        checks={
            "first_step": Check(2, FIRST, 61, {"lr": 0.1}, visible=True, zero_first=1),
            "steps": Check(6, "the core update: moments, bias correction, t counted per call, over many steps "
                              "(most of Adam's marks)", 62, {"lr": 0.05, "beta1": 0.85, "beta2": 0.99, "eps": 1e-08},
                           zero_first=2),
            "lr_changes": Check(2, LR, 63, {"lr": 0.1}, lrs=tuple(LR_SCHEDULE)),
            "state_per_parameter": Check(2, STATE, 64, {"lr": 0.1}),
            "in_place": Check(2, IN_PLACE, 65, {"lr": 0.1}, visible=True),
        }),
    OptimizerInfo(
        "AdamW", "adamw", scales=MIXED_SCALES,
        hint=("AdamW decouples the decay from the gradient: first every parameter shrinks by the fraction "
              "lr*weight_decay of itself, then the plain Adam step runs with the gradient exactly as given (adding "
              "weight_decay*p to g would be L2 regularisation, which Adam then rescales). t is 1 on the first call."),
        checks={
            "first_step": Check(2, FIRST, 71, {"lr": 0.1, "weight_decay": 0.5}, visible=True),
            # lr*wd = 0.05 makes the decay's order visible: decay-after-step separates by ~lr*wd*step ~ 5e-3,
            # far above the 1e-8 tolerance (docs/graders.md)
            "steps": Check(4, "decoupled decay + Adam over many steps", 72,
                           {"lr": 0.1, "beta1": 0.85, "beta2": 0.99, "weight_decay": 0.5}, zero_first=2),
            # built with the contract's defaults (weight_decay=0.01, betas, eps), as AdamW(lr=...) is in use: a
            # default decay from elsewhere moves p by >= 1.2e-4 relative a step (lr >= 0.02), far above 1e-8; the
            # decay's lr still shows (lr*wd changes by 8e-4 at the first lr change)
            "lr_changes": Check(2, "lr read at every step, by the decay too; the contract's default decay", 73,
                                {"lr": 0.1}, lrs=tuple(LR_SCHEDULE)),
            "in_place": Check(2, IN_PLACE, 75, {"lr": 0.1, "weight_decay": 0.5}, visible=True),
        }),
)}
