"""What a hidden grader imports: point markers, the failure type, and comparisons.

A grader is an ordinary pytest module under ``autograder/graders/<week>/``. It
asks for two fixtures, ``student`` and ``reference``; both have the same
method::

    result = student.probe("name", **plain_kwargs)

which runs ``probes.name(mods, **plain_kwargs)`` from the week's trusted
``probes.py`` -- for ``student`` inside the sandboxed child that holds the
submission, for ``reference`` inside a child that holds the solutions (its
results are cached: the reference is deterministic). Arguments and results are
plain data only (numbers, strings, None, lists, dicts, NumPy arrays).

If the student's code raises, loops, crashes or returns garbage, ``probe``
raises a :class:`StudentError`; the engine turns it into a failed test with
a message that names the file, line and problem. Graders catch it only to
give partial credit or to name a mistake the error itself shows (a
ZeroDivisionError on an input the spec allows).

Points are declared once, beside the test::

    @points(4)            # every test carries points; a week sums to 100
    def test_adam_steps(student, reference): ...

A public test -- one students also run before the deadline, from the release --
is declared as data in the week's ``public.py`` instead (its points and
``@visible`` come from there; ``autograder/kit/declare.py``)::

    test_adam_first_step = public_test("test_adam_first_step")

The test's docstring (first line) is the name students see. A failed check
raises :class:`GradeFailure` with plain words, ``tags`` naming recognized
mistakes, and a ``hint`` saying what to try next. Never use a bare ``assert``:
its message would be empty and the engine runs pytest with plain asserts, so
no test source is ever shown to students.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable, Mapping

import numpy as np
import pytest

from autograder.engine.outcomes import Kind
from autograder.kit import judge as _judge

points = lambda n: pytest.mark.points(n)  # noqa: E731  -- @points(5)
visible = pytest.mark.visible               # a public test (set by public.py's declarations)
MARKERS = {"points": "points(n): points this test is worth",
           "visible": "visible: a public test, also run by the released public checks and `autograder check`"}


def register_markers(config) -> None:
    """Declare the graders' markers to pytest (every session that collects graders calls this)."""
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", text)


class StudentError(Exception):
    """The student's code did not give an answer: exception, timeout, crash, bad data (``kind``: one of the
    closed set in :mod:`autograder.engine.outcomes`, which also gives its tag and its hint)."""

    def __init__(self, message: str, *, kind: Kind = Kind.EXCEPTION, tags: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.tags = [*tags, kind.tag]


class GradeFailure(AssertionError):
    """A check that failed, said in plain words for the student."""

    def __init__(self, message: str, *, tags: Iterable[str] = (), hint: str | None = None,
                 figure: Mapping[str, Any] | None = None, score: float | None = None):
        super().__init__(message)
        self.message = message
        self.tags = list(tags)       # named mistakes, e.g. "adam-no-bias-correction"
        self.hint = hint             # what to try next
        self.figure = dict(figure) if figure else None   # plain data for the feedback page
        self.score = score           # partial credit (points), None = zero


def fail(message: str, **kw: Any) -> None:
    raise GradeFailure(message, **kw)


def _fmt(x: Any) -> str:
    if isinstance(x, np.ndarray):
        with np.printoptions(precision=6, threshold=8, edgeitems=2):
            return np.array2string(x)
    if isinstance(x, float):
        return f"{x:.6g}"
    return repr(x)


def as_array(value: Any, *, what: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Coerce a student result to a float64 array or fail with a clear message."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        fail(f"{what} should be numbers (a float64 array), but it was {type(value).__name__}: {_fmt(value)}")
    if shape is not None and arr.shape != tuple(shape):
        fail(f"{what} should have shape {tuple(shape)}, but it has shape {arr.shape}.",
             tags=["wrong-shape"], hint="Check which axis you reduce over and that you return the full array.")
    return arr


def first_mismatch(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> tuple | None:
    """Index of the first element outside ``atol + rtol*|want|``, or None when all agree."""
    bad = ~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=False)
    if not bad.any():
        return None
    return tuple(int(i) for i in np.argwhere(bad)[0])


def expect_close(got: Any, want: Any, *, what: str, rtol: float, atol: float,
                 tags: Iterable[str] = (), hint: str | None = None) -> None:
    """Fail unless ``got`` matches ``want`` elementwise; the message says where and by how much.

    Tolerances are the caller's, with the reason written beside the call.
    """
    want = np.asarray(want, dtype=np.float64)
    got = as_array(got, what=what, shape=want.shape)
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
        idx = tuple(int(i) for i in np.argwhere(~np.isfinite(got))[0])
        fail(f"{what} contains {got[idx]} at index {idx}; expected a finite number ({_fmt(float(want[idx]))}).",
             tags=tags, hint=hint or "Look for a division by zero or an overflow (a missing eps?).")
    idx = first_mismatch(got, want, rtol, atol)
    if idx is not None:
        where = f" at index {idx}" if got.ndim else ""
        fail(f"{what}: expected {_fmt(float(want[idx]))}{where}, got {_fmt(float(got[idx]))} "
             f"(difference {abs(float(got[idx]) - float(want[idx])):.3g}).",
             tags=tags, hint=hint)


def closest(got: np.ndarray, candidates: Mapping[str, np.ndarray], rtol: float, atol: float) -> str | None:
    """The name of the first candidate that ``got`` matches within tolerance, if any."""
    for name, cand in candidates.items():
        cand = np.asarray(cand, dtype=np.float64)
        if got.shape == cand.shape and first_mismatch(got, cand, rtol, atol) is None:
            return name
    return None


# --- outcome points are earned by running the method ------------------------------------------------
# A test that awards points for an outcome (reaching a loss, converging, fitting) first checks that the run
# that got there is the method's run: every step up to the one that reached the target must land where the
# method's update, applied in the parent to the run's OWN previous position, says it lands. Predictions start
# from the run's own positions, so rounding never accumulates: honest runs (the reference and every valid
# catalogue variant) agree to < 1e-12 of each step, while a made-up run (a jump to the minimum, a recorded
# path that was written rather than walked) misses by about a whole step. RUN_RTOL leaves six orders of
# magnitude on each side; RUN_ATOL is a float64 rounding floor relative to the position.
RUN_RTOL, RUN_ATOL = 1e-6, 1e-12


def steps_follow(points: Any, predicted: Any, *, rtol: float = RUN_RTOL, atol: float = RUN_ATOL) -> np.ndarray:
    """For each step t = 1..T of a run with positions ``points[0..T]``: does ``points[t]`` land where
    ``predicted[t - 1]`` (the method's step from ``points[t - 1]``) says? A boolean array of length T."""
    points = np.asarray(points, dtype=np.float64).reshape(len(points), -1)
    predicted = np.asarray(predicted, dtype=np.float64).reshape(len(predicted), -1)
    with np.errstate(all="ignore"):
        moved = np.linalg.norm(predicted - points[:-1], axis=1)
        missed = np.linalg.norm(points[1:] - predicted, axis=1)
        scale = atol * (1.0 + np.linalg.norm(points[:-1], axis=1))
        return missed <= rtol * moved + scale


def first_step_off(agrees: np.ndarray) -> int | None:
    """The first step (1-based) that does not follow the method, or None when all do."""
    agrees = np.asarray(agrees, dtype=bool)
    return None if agrees.all() else int(np.argmin(agrees)) + 1


def steps_along(points: Any, directions: Any, *, rtol: float = 1e-9, atol: float = RUN_ATOL) -> np.ndarray:
    """For each step t = 1..T: is ``points[t] - points[t - 1]`` along ``directions[t - 1]`` (any sign or length)?

    The weaker check, for tests of a method's CONTRACT (shapes, inputs untouched, determinism): their points
    need a run that moves along the gradients it was given -- a wrong sign or rate is the update test's
    business -- not a result made without the method. The part of a step orthogonal to its direction is
    rounding-sized for a real gradient step (< 1e-12 of it); ``rtol`` = 1e-9 leaves three orders of margin.
    The computation is the public checks' (autograder/kit/judge.py), so both judge a run alike."""
    return _judge.steps_along(points, directions, rtol, atol)


# Shared with the public checks (autograder/kit/judge.py, released with every week): one implementation.
step_figure, constant_factor, factor_words = _judge.step_figure, _judge.constant_factor, _judge.factor_words
from_start = _judge.from_start
quantised, QUANTISED_ADVICE = _judge.quantised, _judge.QUANTISED_ADVICE


def load_trusted(path: Path, name: str) -> ModuleType:
    """A trusted module (a reference solution, a given file) loaded by path under a private name, in the
    grading process. Never a submission's file: student code only runs in the sandbox."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[name] = module          # dataclasses (and pickling) look their module up by name
    spec.loader.exec_module(module)
    return module

