"""Runs inside the Jupyter kernel of the nbgrader-equivalent notebooks (see bench_grading.py).

nbgrader's own form of a grader test: the student's module is imported into
the kernel (student code and checks share one process, as in any nbgrader
course), and each autograder test cell runs the SAME grader test function
from ``autograder/graders/<week>/`` with the same arguments. The ``student``
fixture calls the same trusted probe directly in the kernel; the
``reference`` fixture answers from expected values computed once from the
solutions (as our engine's reference cache does), so both sides do the same
computations and the same checks, and score the same.

Set-up cell::

    import sys; sys.path.insert(0, BENCH_DIR); import nbgrader_kernel as K; K.setup(SPEC_FILE, NOTEBOOK)

Autograder test cell (nbgrader grade cell, worth the test's points)::

    K.check("test_adam.py::test_adam_first_step::0")

A failed check raises (nbgrader gives 0 points); partial credit is returned
as a float (nbgrader reads the cell's output as the points scored).
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import pickle
import sys
from pathlib import Path

STATE: dict = {}


class _Mods:
    def __init__(self, modules: dict, failures: dict):
        self._modules, self._failures = modules, failures
        self.call_parent = None          # set per probe: the test's callbacks, called in-process here
        self.tell_parent = None          # a notice: the same, its answer dropped (a refusal raises at once)

    def __getattr__(self, name):
        if name in self._modules:
            return self._modules[name]
        raise ImportError(self._failures.get(name, f"{name}.py is not part of this week"))


def cache_key(name: str, kwargs: dict) -> str:
    """The engine's reference-cache key: sha256 of the probe name and its encoded arguments."""
    from autograder.engine import protocol
    digest = hashlib.sha256(name.encode())
    digest.update(protocol.dumps(kwargs))
    return digest.hexdigest()


class KernelProbe:
    """``probe(name, **kwargs)`` in the kernel itself: no process boundary, no timeout of our own."""

    def __init__(self, mods: _Mods, expected: dict | None = None):
        self.mods, self.expected = mods, expected

    def probe(self, name: str, *, callbacks=None, **kwargs):
        from autograder.engine import protocol
        from autograder.engine.outcomes import Kind
        from autograder.grading import StudentError
        self.mods.call_parent = self.mods.tell_parent = _call_parent(callbacks)
        if self.expected is not None and callbacks is None:
            key = cache_key(name, kwargs)
            if key in self.expected:
                return self.expected[key]
        try:
            # the arguments as the engine's child receives them (tuples -> lists, arrays as fresh copies)
            value = getattr(STATE["probes"], name)(self.mods, **protocol.loads(protocol.dumps(kwargs)))
            # the same plain-data round trip our engine's answers make (tuples -> lists, float64 arrays)
            value = protocol.loads(protocol.dumps(value))
        except Exception as exc:  # noqa: BLE001 -- the engine turns these into StudentError too
            kind = Kind.NOT_IMPLEMENTED if isinstance(exc, NotImplementedError) else Kind.EXCEPTION
            raise StudentError(f"{type(exc).__name__}: {exc}", kind=kind) from None
        if self.expected is not None and callbacks is None:
            self.expected[cache_key(name, kwargs)] = value
        return value


class ParentRefused(RuntimeError):
    """The test refused a request the probe made (the engine's child raises its own class of this name)."""


def _call_parent(callbacks):
    """``mods.call_parent`` as the engine's child has it: each request served by the test's callbacks with the
    engine's own rules (``Session._serve``: refusals, bad requests), request and answer as plain data."""
    if callbacks is None:
        return None
    from autograder.engine import protocol
    from autograder.engine.sandbox import Session

    def call_parent(request, **args):
        message = protocol.loads(protocol.dumps({"name": request, "args": args}))
        reply = protocol.loads(protocol.dumps(Session._serve(message, callbacks)))
        if "result" in reply:
            return reply["result"]
        raise ParentRefused(reply.get("refused", "no answer"))
    return call_parent


def load_file(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_modules(folder: Path, names) -> tuple[dict, dict]:
    """The week's modules in ``folder``, imported under their own names, so that they import one another (week 4's
    training.py: ``from clipping import ...``) as in the engine's child -- and left out of ``sys.modules``, so
    that the reference's modules and the student's, both in this one process, never see each other's.
    Returns (name -> module, name -> why it did not import)."""
    saved = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    modules, failures = {}, {}
    try:
        for name in names:
            try:
                modules[name] = importlib.import_module(name)
            except Exception as exc:  # noqa: BLE001 -- anything at import time is the code's own
                failures[name] = f"importing {name}.py failed: {type(exc).__name__}: {exc}"
    finally:
        sys.path.remove(str(folder))
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
    return modules, failures


def setup(spec_file: str, notebook: str) -> None:
    """Import the student's modules (written by the first cells), the probes, the expected values."""
    with open(spec_file, "rb") as fh:
        spec = pickle.load(fh)
    # the graders find the course's given code (e.g. solutions/common/surfaces.py) through the course root,
    # which the engine's workers are told; the kernel runs in nbgrader's autograded/ folder, not a course
    from autograder.weeks import use_course
    use_course(spec["course"])
    for folder in (spec["grader_dir"], spec["common_dir"]):
        if folder not in sys.path:
            sys.path.append(folder)          # after the notebook's folder: the student's files come first
    STATE.update(spec=spec, notebook=notebook)
    STATE["probes"] = load_file("probes", Path(spec["grader_dir"]) / "probes.py")
    # the student's modules, written by the first cells into the kernel's folder (nbgrader runs it in the notebook's)
    STATE["student"] = KernelProbe(_Mods(*load_modules(Path.cwd(), spec["modules"])))
    STATE["reference"] = KernelProbe(_Mods(*load_modules(Path(spec["solution_dir"]), spec["modules"])),
                                     expected=dict(spec["expected"]))


def _answers():
    """The notebook's answers, read once per notebook, as the engine reads them once per submission."""
    from autograder.answers import read_answers
    if STATE.get("answers_of") != STATE["notebook"]:
        with open(STATE["notebook"], encoding="utf-8") as fh:
            STATE["answers"] = read_answers(json.load(fh))
        STATE["answers_of"] = STATE["notebook"]
    return STATE["answers"]


def check(test_id: str):
    from autograder.grading import GradeFailure
    item = STATE["spec"]["items"][test_id]
    module = importlib.import_module(item["module"])
    fn = getattr(module, item["function"])
    fixtures = {"student": lambda: STATE["student"], "reference": lambda: STATE["reference"],
                "answers": _answers, "submission": lambda: None}
    kwargs = dict(item["params"])
    for name in item["fixtures"]:
        if name not in kwargs:
            kwargs[name] = fixtures[name]()
    try:
        fn(**kwargs)
    except GradeFailure as exc:
        if exc.score is not None and exc.score > 0:
            return float(min(exc.score, item["points"]))   # nbgrader: the cell's output is the points scored
        raise
    return None
