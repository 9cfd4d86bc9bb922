"""The pytest plugin that runs a week's hidden graders over many submissions.

One pytest session grades any number of submissions: the week's grader
tests are collected once, and the plugin's run loop takes the submissions
one at a time from an iterator (a worker reads them as they arrive) and runs
every collected test for each, with the ``submission`` fixture set to it.
Each submission gets one fresh sandboxed child for all its tests (a new one
only after a crash or a timeout). Results are recorded from each test's
outcome -- never from anything the child printed -- and handed to
``on_done`` as soon as the submission's last test has run; nothing of a
submission is kept after that, so memory does not grow with the class.
"""
from __future__ import annotations

import inspect
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import pytest

from autograder.answers import read_answers
from autograder.engine.sandbox import Limits, Session, Zygote
from autograder.engine.submissions import Submission
from autograder.grading import GradeFailure, StudentError
from autograder.weeks import Week

KIND_HINTS = {
    "not_implemented": "This part is still the stub: replace the `raise NotImplementedError` with your code "
                       "(the docstring gives the formula and the shapes).",
    "import": "Fix the problem above first: nothing in this file can be tested until it imports.",
    "timeout": "Look for a loop that never ends, or work that grows with the number of steps "
               "(e.g. recomputing the whole history at every step).",
    "crash": "Do not call exit() or kill the process; return your result instead.",
    "exit": "Do not call exit() or kill the process; return your result instead.",
    "memory": "Something allocates far too much memory: check array shapes (a (n,1) vs (n,) "
              "broadcast can create an (n,n) matrix).",
    "bad_output": "Return NumPy float64 arrays, lists of them, or Python numbers, as the docstring says.",
    "budget": "Earlier tests used up the time; make the slow ones faster (see their messages).",
}
KIND_TAGS = {"not_implemented": "not-implemented", "import": "import-error", "timeout": "timeout",
             "crash": "crash", "exit": "exit-called", "memory": "memory", "bad_output": "bad-output",
             "budget": "time-budget"}


@dataclass
class TestInfo:
    problem: str
    name: str
    max_score: float
    visible: bool


def test_info(item: pytest.Item) -> TestInfo:
    marker = item.get_closest_marker("points")
    if marker is None or not marker.args:
        raise pytest.UsageError(f"{item.nodeid}: every grader test needs @points(n)")
    doc = inspect.getdoc(getattr(item, "function", None)) or item.name
    problem = item.path.stem.removeprefix("test_")
    return TestInfo(problem=problem, name=doc.splitlines()[0].strip(), max_score=float(marker.args[0]),
                    visible=item.get_closest_marker("visible") is not None)


def record_for(info: TestInfo, excinfo: pytest.ExceptionInfo | None, seconds: float) -> dict:
    """The Gradescope test entry for one outcome (and the instructor-only extras)."""
    entry = {"name": info.name, "problem": info.problem, "max_score": info.max_score,
             "visibility": "visible" if info.visible else "after_published", "tags": [],
             "seconds": round(seconds, 4)}
    if excinfo is None:
        return {**entry, "score": info.max_score, "status": "passed", "output": "Passed."}
    exc = excinfo.value
    score, hint, figure, internal = 0.0, None, None, None
    if isinstance(exc, GradeFailure):
        message, tags, hint, figure = exc.message, exc.tags, exc.hint, exc.figure
        if exc.score is not None:
            score = max(0.0, min(float(exc.score), info.max_score))
    elif isinstance(exc, StudentError):
        message, tags = exc.message, [*exc.tags, KIND_TAGS.get(exc.kind, exc.kind)]
        hint = KIND_HINTS.get(exc.kind)
    else:   # a bug in a grader, never the student's fault: say so, keep the details for staff
        message = ("The grader itself failed on this test; this is not a judgement of your code. "
                   "Course staff have been told.")
        tags, internal = ["grader-error"], f"{type(exc).__name__}: {exc}"
    output = message.strip()
    if hint:
        output += f"\nWhat to try: {hint}"
    entry.update(score=score, status="failed", output=output, tags=sorted(set(tags)))
    if figure:
        entry["figure"] = figure
    if internal:
        entry["internal_error"] = internal[:2000]
    return entry


def _one_line(excinfo) -> str:
    return f"{excinfo.typename}: {str(excinfo.value)[:500]}"


class GradingPlugin:
    def __init__(self, week: Week, submissions: Iterable[Submission], *, limits: Limits | None = None,
                 isolation: str = "auto", public_only: bool = False,
                 on_done: Callable[[Submission, list[dict], float], None] | None = None):
        self.week = week
        self.submissions = submissions
        self.limits = limits or Limits()
        self.public_only = public_only
        self.on_done = on_done
        self.zygote = Zygote(isolation)
        self.sub: Submission | None = None           # the one being graded
        self.records: list[dict] = []
        self.session: Session | None = None          # its sandboxed child
        self._reference: Session | None = None
        self._reference_cache: dict = {}
        self._trusted: dict[str, str] | None = None

    # --- sources -----------------------------------------------------------
    def trusted_sources(self) -> dict[str, str]:
        if self._trusted is None:
            sources = {name: (self.week.common_dir / f"{name}.py").read_text() for name in self.week.given
                       if name != "plotting"}            # plotting needs matplotlib, which the sandbox lacks
            probes = self.week.grader_dir / "probes.py"
            sources["probes"] = probes.read_text() if probes.exists() else ""
            self._trusted = sources
        return self._trusted

    def student_session(self) -> Session:
        if self.session is None:
            sub = self.sub
            missing = {m: sub.problems.get(f"{m}.py", f"{m}.py is missing from the submission")
                       for m in sub.missing}
            self.session = Session(self.zygote, self.week.name, dict(sub.sources), self.trusted_sources(),
                                   missing=missing, limits=self.limits)
        return self.session

    def reference_session(self) -> Session:
        if self._reference is None:
            sources = {m: (self.week.solution_dir / f"{m}.py").read_text() for m in self.week.modules}
            self._reference = Session(self.zygote, self.week.name, sources, self.trusted_sources(),
                                      limits=Limits(budget_seconds=float("inf"), call_seconds=120,
                                                    load_seconds=60),
                                      cache=self._reference_cache)
        return self._reference

    def _close_student(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    # --- grading ---------------------------------------------------------------
    def grade(self, sub: Submission, items: list[pytest.Item]) -> None:
        """Run every collected test on ``sub``, then hand its records to ``on_done``."""
        self.sub, self.records = sub, []
        started = time.monotonic()
        try:
            for i, item in enumerate(items):
                # the next item wraps around to the first: set-up shared across tests (the session,
                # a module's fixtures) is kept from one submission to the next, as in one long run
                nextitem = items[i + 1] if i + 1 < len(items) else items[0]
                item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        finally:
            self._close_student()
        records, self.sub, self.records = self.records, None, []
        if self.on_done:
            self.on_done(sub, records, time.monotonic() - started)

    # --- pytest hooks --------------------------------------------------------
    def pytest_configure(self, config):
        config.addinivalue_line("markers", "points(n): points this test is worth")
        config.addinivalue_line("markers", "visible: a public test, also run by `autograder check`")

    def pytest_collection_modifyitems(self, session, config, items):
        if self.public_only:
            items[:] = [it for it in items if it.get_closest_marker("visible") is not None]
        for it in items:
            it._grading_info = test_info(it)       # fail fast on a grader without points
            # results come from call.excinfo; pytest's own failure report (which parses the source of
            # every traceback frame, ~0.1 s of CPU per failed test) is never read, so keep it one line
            it.repr_failure = _one_line

    def pytest_runtestloop(self, session):
        if session.testsfailed:     # a grader that does not import: grading it would give wrong zeros
            raise session.Interrupted(f"{session.testsfailed} error(s) while collecting the graders")
        if session.config.option.collectonly:
            return True
        for sub in self.submissions:
            self.grade(sub, session.items)
        return True

    @pytest.fixture
    def submission(self) -> Submission:
        return self.sub

    @pytest.fixture
    def student(self) -> Session:
        return self.student_session()

    @pytest.fixture
    def answers(self, submission) -> dict:
        """The notebook's answers (qid -> value or Unanswered); never runs the notebook."""
        if submission.notebook is None:
            problem = submission.problems.get(self.week.notebook, f"{self.week.notebook} is missing from the submission")
            raise StudentError(problem, kind="import", tags=["notebook-missing"])
        return read_answers(submission.notebook)

    @pytest.fixture
    def reference(self) -> Session:
        return self.reference_session()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        item._grading_t0 = time.monotonic()
        yield

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if report.when == "call" or (report.when == "setup" and report.failed):
            seconds = time.monotonic() - item._grading_t0 if report.when == "call" else 0.0
            self.records.append(record_for(item._grading_info, call.excinfo, seconds))

    def pytest_unconfigure(self, config):
        self._close_student()
        if self._reference is not None:
            self._reference.close()
        self.zygote.stop()
