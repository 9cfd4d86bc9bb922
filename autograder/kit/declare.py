"""Declaring a week's public checks, once, in ``autograder/graders/<week>/public.py``.

A public check is a hidden grader's ``@visible`` test written as data: which
probe to call with which inputs, and the rules that judge the results (the
kinds are documented in :mod:`autograder.kit.judge`). From one declaration come

* the grader test itself: ``test_adam_first_step = public_test("test_adam_first_step")``
  in the problem's ``test_<problem>.py`` (its name, points and ``@visible`` as
  declared); the engine runs it like any grader test, in the sandbox;
* its *record*: the rules with every expected value filled in from the
  reference solution and the graders' mistake models. The engine's test builds
  it once per grading worker with the ``reference`` fixture; ``autograder
  generate`` builds it the same way and writes it into the release, where the
  student kit judges the student's own results against it with the same
  :func:`autograder.kit.judge.judge`.

So a check's verdict is the same in grading, in ``python -m pytest`` in the
week folder, and in the notebook's last cell. A declaration holds nothing the
student may not see: its inputs, its tolerances (with their reasons), its
hint, and the values of the mistakes it names are all released.

Example (week 3)::

    Check(test="test_cosine_values", task="cosine_annealing",
          name="Cosine annealing goes from lr_max at t = 0 to 0 at t = T along half a cosine (T = 20)",
          points=4,   # 4: the cosine itself over 0 <= t <= T with lr_min = 0
          calls=[Call("schedule_values", fn="cosine_annealing", calls=CALLS)],
          rules=lambda ref: [schedule_rule(ref(0), ...)], hint=HINT)

``rules`` receives ``ref``: ``ref(i)`` is the reference's result of call ``i``.

A check may have a hidden *twin* (:class:`Twin`): the same check -- its rules built by the same helper --
on inputs that are not released (another rate, length or seed in the same regime). Released inputs come
with their answers, so a table of those answers would pass the check without computing anything
(REDTEAM.md, R4-2); grading therefore judges the twin too, after the released record passes (or fails
with points), and a twin's failure that earns nothing fails the test with no points. The twin is never
part of a record: the kit holds neither its inputs nor its values. An honest implementation passes both
or neither, so the kit's verdict and grading's differ only for a function that passes on the released
inputs alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable

from autograder.kit import judge


@dataclass
class Call:
    """One probe call: ``probes.<probe>(mods, **inputs)`` in the week's probes.py."""
    probe: str
    inputs: dict = field(default_factory=dict)

    def __init__(self, probe: str, **inputs: Any):
        self.probe, self.inputs = probe, inputs


@dataclass
class Check:
    test: str                  # the grader test's function name, in test_<problem>.py
    name: str                  # its name for students (the test's docstring)
    points: float              # the reason is written beside each declaration
    task: str                  # the function or method it exercises ("Adam.update"): teaching order, TODO lines
    calls: Any                 # list[Call], or a function returning it (inputs made by a test module's helper)
    rules: Callable[[Callable[[int], Any]], list[dict]]    # ref -> the rules, expected values filled in
    hint: Any                  # text, or From(module, name)
    twin: "Twin | None" = None  # the same check on inputs that are not released (graded, never in the kit)


@dataclass
class Twin:
    """A check's hidden twin: ``calls`` and ``rules`` as a Check's, made by the check's own helper."""
    calls: Any
    rules: Callable[[Callable[[int], Any]], list[dict]]
    why: str                   # why these inputs are in the released ones' regime (a valid variant passes both)


def twin_check(check: Check) -> Check:
    """The check with its twin's calls and rules (name, points, hint and task are the check's own)."""
    return replace(check, calls=check.twin.calls, rules=check.twin.rules, twin=None)


def calls_of(check: Check) -> list[Call]:
    if callable(check.calls):
        check.calls = check.calls()
    return check.calls


def record(check: Check, run_reference: Callable[[Call], Any]) -> dict:
    """The check as plain data: calls, and rules whose expected values come from the reference."""
    results: dict[int, Any] = {}
    calls = calls_of(check)

    def ref(i: int):
        if i not in results:
            results[i] = run_reference(calls[i])
        return results[i]

    rules = check.rules(ref)
    for r in rules:
        if r["kind"] not in judge.KINDS:
            raise ValueError(f"{check.test}: unknown rule kind {r['kind']!r}")
    return {"test": check.test, "name": check.name, "points": float(check.points), "task": check.task,
            "hint": resolve(check.hint), "calls": [{"probe": c.probe, "inputs": c.inputs} for c in calls],
            "rules": rules}


def public_tests(checks: list[Check]) -> Callable[[str], Callable]:
    """``public_test(name)``: the grader test for the declaration ``name`` (see the module docstring)."""
    by_test = {c.test: c for c in checks}
    if len(by_test) != len(checks):
        raise ValueError("two public checks declare the same test")
    records: dict[tuple[str, bool], dict] = {}     # per grading worker: a record depends only on its declaration
    twins = {c.test: twin_check(c) for c in checks if c.twin is not None}

    def public_test(name: str):
        import pytest
        check = by_test[name]

        def record_of(one: Check, twin: bool, reference) -> dict:
            if (name, twin) not in records:
                records[name, twin] = record(one, lambda call: reference.probe(call.probe, **call.inputs))
            return records[name, twin]

        def judge_twin(student, reference) -> None:
            """The same check on inputs that are not released: a failure that earns nothing takes the points."""
            from autograder.grading import StudentError
            twin = twins[name]
            calls = calls_of(twin)
            try:
                verdict = judge.judge(record_of(twin, True, reference),
                                      lambda i: student.probe(calls[i].probe, **calls[i].inputs))
            except StudentError as crash:       # a crash on the twin's inputs: its kind and tags, said as such
                crash.message = TWIN_SAYS + twin_crash_words(crash.kind)   # its text could spell the inputs out
                crash.args = (crash.message,)
                raise
            if verdict is not None and verdict.score is None:
                _fail_on(twin_failure(verdict))

        def test(student, reference):
            from autograder.grading import GradeFailure
            try:
                judge_student(student, calls_of(check), record_of(check, False, reference))
            except GradeFailure as failed:
                if failed.score is not None and name in twins:
                    judge_twin(student, reference)     # points earned on released inputs hold only if the twin agrees
                raise
            if name in twins:
                judge_twin(student, reference)

        test.__name__ = test.__qualname__ = name
        test.__doc__ = check.name
        return pytest.mark.visible(pytest.mark.points(check.points)(test))

    public_test.checks = checks
    return public_test


def judge_student(student, calls: list[Call], rec: dict) -> None:
    """Judge the student's results of ``calls`` by the record's rules; a failure becomes the GradeFailure
    the engine reports. Hidden tests that share a public check's rules call it too."""
    _fail_on(judge.judge(rec, lambda i: student.probe(calls[i].probe, **calls[i].inputs)))


def judge_student_result(result, rec: dict) -> None:
    """As :func:`judge_student`, for a hidden test that already holds the student's result (every rule of
    ``rec`` looks at call 0)."""
    _fail_on(judge.judge(rec, lambda i: result))


TWIN_SAYS = ("Your function passes this check on the released inputs, but the same check on other inputs (not "
             "released, the same kind of call) fails: ")


TWIN_HIDES = ("Those inputs and the values they give stay hidden (showing them would release them); the mistake named "
              "and the hint, when there are, say what to look at.")


def twin_failure(verdict):
    """A twin's failure as the test's: the released inputs passed (or earned points), the same check on others
    failed with no points; so the test has none (the points are for the function, not for its answers on the
    released inputs). Only its tags and hint are shown: the judge's message and figure name the twin's inputs
    and values, which would release them (REDTEAM.md, R5-1)."""
    return judge.Verdict(TWIN_SAYS + "your values differ from the expected ones. " + TWIN_HIDES,
                         tags=verdict.tags, hint=verdict.hint)


def twin_crash_words(kind) -> str:
    """A crash on the twin's inputs, said by its kind alone: an exception's text (and its class's name) is the
    student's to choose, so it could carry the inputs out."""
    return f"{kind.label.lower()}. " + TWIN_HIDES


def _fail_on(verdict) -> None:
    from autograder.grading import GradeFailure
    if verdict is not None:
        raise GradeFailure(verdict.message, tags=verdict.tags, hint=verdict.hint, figure=verdict.figure,
                           score=verdict.score)


class From:
    """A value that lives in another module of the grader folder, read when a record is built
    (e.g. a test module's HINT, shared with its hidden tests: importing the test module while it
    imports this file's declarations would be circular)."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name

    def resolve(self):
        import importlib
        return getattr(importlib.import_module(self.module), self.name)


def resolve(value):
    return value.resolve() if isinstance(value, From) else value


def rule(kind: str, **fields) -> dict:
    """One rule of a check (see :mod:`autograder.kit.judge` for the kinds and their fields)."""
    if kind not in judge.KINDS:
        raise ValueError(f"unknown rule kind {kind!r}")
    return {"kind": kind, **fields}


def named(variants: dict, hints: dict | None = None) -> list[dict]:
    """Mistake models given as ``tag -> object with values, words, explain, hint`` -> the rule's ``mistakes``;
    ``hints`` replaces the hint of some (a public check's hint may not spell out a solution line)."""
    hints = hints or {}
    return [{"tag": tag, "words": f"{v.words}: {v.explain}", "values": list(v.values),
             "hint": hints.get(tag, v.hint)} for tag, v in variants.items()]
