"""The pytest plugin that runs a week's hidden graders over many submissions.

One pytest session grades any number of submissions: the week's grader
tests are collected once, and the plugin's run loop takes the submissions
one at a time from an iterator (a worker reads them as they arrive) and runs
every collected test for each, with the ``submission`` fixture set to it.
Each submission gets one fresh sandboxed child for all its tests (a new one
only after a crash or a timeout); the reference solution runs in a sandbox of
its own. Results are recorded from each test's outcome -- never from anything
the child printed -- and handed to ``on_done`` as soon as the submission's
last test has run; nothing of a submission is kept after that, so memory does
not grow with the class.
"""
from __future__ import annotations

import signal
import sys
import time
from typing import Callable, Iterable

import pytest

from autograder.engine.outcomes import ENGINE_ERROR, GRADER_ERROR, Kind
from autograder.engine.sandbox import EngineError, Limits, SandboxPolicy, Session, Zygote
from autograder.engine.submissions import Submission
from autograder.grading import GradeFailure, StudentError, register_markers
from autograder.manifest import GraderTest, grader_test
from autograder.safetext import clean
from autograder.weeks import Week

MAX_OUTPUT = 4000       # characters of one test's message + hint in results.json (honest ones: < 1,000)
MAX_TAGS = 12           # tags of one test (graders give one to three)
MAX_FIGURE = 300_000    # bytes of one figure's data (the largest a grader makes: ~40 kB of trajectory points)


def _figure(figure) -> dict | None:
    """A grader's figure data, kept if it is small enough to ship in a results.json."""
    import json
    try:
        size = len(json.dumps(figure, allow_nan=True))
    except (TypeError, ValueError):
        return None
    return figure if size <= MAX_FIGURE else None


def record_for(info: GraderTest, excinfo: pytest.ExceptionInfo | None, seconds: float) -> dict:
    """The Gradescope test entry for one outcome (and the instructor-only extras)."""
    entry = {"name": info.name, "problem": info.problem, "max_score": info.points,
             "visibility": "visible" if info.visible else "after_published", "tags": [],
             "seconds": round(seconds, 4)}
    if excinfo is None:
        return {**entry, "score": info.points, "status": "passed", "output": "Passed."}
    exc = excinfo.value
    score, hint, figure, internal = 0.0, None, None, None
    if isinstance(exc, GradeFailure):
        message, tags, hint, figure = exc.message, exc.tags, exc.hint, exc.figure
        if exc.score is not None:
            score = max(0.0, min(float(exc.score), info.points))
    elif isinstance(exc, StudentError):
        message, tags, hint = exc.message, exc.tags, exc.kind.hint
        internal = getattr(exc, "internal", None)       # UnreadableReply: what the grader raised, for staff
    elif isinstance(exc, JudgingTooLong):
        message, tags = exc.message, [Kind.TIMEOUT.tag]
        hint = "Check the sizes of the arrays and lists your code returns against the docstring's shapes."
    elif isinstance(exc, EngineError):
        message = ("The grading engine could not run this test safely, so it was not graded; this is not a "
                   "judgement of your code. Course staff have been told.")
        tags, internal = [ENGINE_ERROR], f"EngineError: {exc}"
    else:   # a bug in a grader, never the student's fault: say so, keep the details for staff
        message = ("The grader itself failed on this test; this is not a judgement of your code. "
                   "Course staff have been told.")
        tags, internal = [GRADER_ERROR], f"{type(exc).__name__}: {exc}"
    output = str(message).strip()
    if hint:
        output += f"\nWhat to try: {hint}"
    entry.update(score=score, status="failed", output=clean(output, MAX_OUTPUT),
                 tags=sorted({clean(t, 80, single_line=True) for t in tags})[:MAX_TAGS])
    if figure:
        kept = _figure(figure)
        if kept is None:
            entry["output"] += "\n(The figure for this test was too large to include.)"
        else:
            entry["figure"] = kept
    if internal:
        entry["internal_error"] = clean(internal, 2000)
    return entry


class JudgingTooLong(BaseException):
    """The grader's own time on one test ran out (Limits.judge_seconds). A BaseException, like
    KeyboardInterrupt: no grader's ``except Exception`` and no cache of a StudentError (week 4 keeps the
    reference's runs, errors included) can swallow or keep it -- it may fire while the reference's answers are
    being computed, and must not be remembered as the reference's."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.message = (f"judging this test's results took more than {seconds:g} s of the grader's time and was "
                        "stopped: what the code returned is far larger than the task needs")


class UnreadableReply(StudentError):
    """The submission's reply made a grader fail, and the same grader passes on the reference's replies."""

    @classmethod
    def info(cls, excinfo) -> pytest.ExceptionInfo:
        exc = excinfo.value
        error = cls(f"This test could not read what the code sent back ({type(exc).__name__}): it is not what the "
                    "grader's own probe returns for any implementation -- the reply was made some other way "
                    "(written on the grader's channel, or the probe's result changed). Return your results; do "
                    "not touch the grading harness.", kind=Kind.BAD_OUTPUT)
        error.internal = f"{type(exc).__name__}: {exc}"
        try:
            raise error
        except cls:
            return pytest.ExceptionInfo.from_current()


def _one_line(excinfo) -> str:
    return f"{excinfo.typename}: {str(excinfo.value)[:500]}"


def _one_line_py(excinfo, style=None) -> str:
    return _one_line(excinfo)


class GradingPlugin:
    def __init__(self, week: Week, submissions: Iterable[Submission], *, limits: Limits | None = None,
                 isolation: str = "auto", public_only: bool = False, policy: SandboxPolicy | None = None,
                 on_done: Callable[[Submission, list[dict], float], None] | None = None,
                 on_ready: Callable[[], None] | None = None):
        self.week = week
        self.submissions = submissions
        self.limits = limits or Limits()
        self.public_only = public_only
        self.on_done = on_done
        self.on_ready = on_ready
        policy = policy or SandboxPolicy(packages=week.packages)
        trusted = self.trusted_sources()
        self.zygote = Zygote(isolation, role="student", trusted=trusted, policy=policy)
        # the reference runs in a sandbox of its own: no process, namespace or user in common with students
        self.reference_zygote = Zygote(self.zygote.isolation, role="reference", trusted=trusted, policy=policy)
        self.sub: Submission | None = None           # the one being graded
        self.records: list[dict] = []
        self.session: Session | None = None          # its sandboxed child
        self._reference: Session | None = None
        self._reference_cache: dict = {}

    # --- sources -----------------------------------------------------------
    def trusted_sources(self) -> dict[str, str]:
        """The given modules the sandbox runs (the week's probes import them) and the probes themselves."""
        sources = {name: (self.week.common_dir / f"{name}.py").read_text() for name in self.week.sandbox_given}
        probes = self.week.grader_dir / "probes.py"
        sources["probes"] = probes.read_text() if probes.exists() else ""
        return sources

    def student_session(self) -> Session:
        if self.session is None:
            sub = self.sub
            missing = {m: {"kind": Kind.FILE_MISSING.wire, "type": "ImportError", "where": [],
                           "message": sub.problems.get(f"{m}.py", f"{m}.py is missing from the submission")}
                       for m in sub.missing}
            self.session = Session(self.zygote, self.week.name, dict(sub.sources), missing=missing,
                                   limits=self.limits)
        return self.session

    def reference_session(self) -> Session:
        if self._reference is None:
            sources = {m: (self.week.solution_dir / f"{m}.py").read_text() for m in self.week.modules}
            self._reference = Session(self.reference_zygote, self.week.name, sources,
                                      limits=Limits(budget_seconds=float("inf"), call_seconds=120,
                                                    load_seconds=60),
                                      cache=self._reference_cache, trusted=True)
        return self._reference

    def _close_student(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    def self_check(self) -> None:
        """Before any submission: a child of each sandbox must confine itself, or nothing is graded."""
        for zygote in (self.zygote, self.reference_zygote):
            probe = Session(zygote, self.week.name, {}, limits=Limits(load_seconds=30))
            try:
                probe._ensure_child(30)
            finally:
                probe.close()

    # --- grading ---------------------------------------------------------------
    def grade(self, sub: Submission, items: list[pytest.Item]) -> None:
        """Run every collected test on ``sub``, then hand its records to ``on_done``."""
        self.sub, self.records = sub, []
        started = time.monotonic()
        try:
            for i, item in enumerate(items):
                # the next item wraps around to the first: set-up shared across tests (the session,
                # a module's fixtures) is kept from one submission to the next, as in one long run. A lone
                # item is never its own next: pytest would keep its function fixtures set up and not set
                # them up again (the next submission's test would find no `student`)
                nextitem = items[i + 1] if i + 1 < len(items) else items[0] if len(items) > 1 else None
                item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        finally:
            self._close_student()
        records, self.sub, self.records = self.records, None, []
        if self.on_done:
            self.on_done(sub, records, time.monotonic() - started)

    # --- pytest hooks --------------------------------------------------------
    def pytest_configure(self, config):
        register_markers(config)

    def pytest_collection_modifyitems(self, session, config, items):
        if self.public_only:
            items[:] = [it for it in items if it.get_closest_marker("visible") is not None]
        for it in items:
            it.stash[INFO] = grader_test(it)       # fail fast on a grader without points
            # results come from call.excinfo; pytest's own failure report (which parses the source of
            # every traceback frame, ~0.1 s of CPU per failed test) is never read, so keep it one line --
            # also for a failure in setup (a fixture: the notebook or a module missing), which pytest formats
            # through _repr_failure_py: a class of submissions without a notebook cost 0.3 s each there
            it.repr_failure = _one_line
            it._repr_failure_py = _one_line_py

    def pytest_runtestloop(self, session):
        if session.testsfailed:     # a grader that does not import: grading it would give wrong zeros
            print(f"{session.testsfailed} error(s) while collecting the graders in {self.week.grader_dir}",
                  file=sys.stderr, flush=True)
            raise session.Interrupted(f"{session.testsfailed} error(s) while collecting the graders")
        total = sum(it.stash[INFO].points for it in session.items)
        if not self.public_only and self.week.total_points not in (None, total):
            # a grader file lost on the way (a careless copy): every submission would be graded out of fewer points
            reason = (f"the graders in {self.week.grader_dir} give {total:g} points, not the week's "
                      f"{self.week.total_points:g}: a grader file is missing or was changed, so nothing was graded")
            print(reason, file=sys.stderr, flush=True)
            raise session.Interrupted(reason)
        if session.config.option.collectonly:
            return True
        try:
            self.self_check()
        except (EngineError, StudentError) as exc:
            reason = f"the sandbox cannot confine student code, so nothing was graded: {exc}"
            print(reason, file=sys.stderr, flush=True)      # the runner shows a worker's last words
            raise session.Interrupted(reason)
        if self.on_ready:
            self.on_ready()
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
        """The notebook's answers (qid -> value or Unanswered), read once when the submission was loaded."""
        if submission.answers is None:
            problem = submission.problems.get(self.week.notebook, f"{self.week.notebook} is missing from the submission")
            raise StudentError(problem, kind=Kind.NOTEBOOK_MISSING)
        return submission.answers

    @pytest.fixture
    def reference(self) -> Session:
        return self.reference_session()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item):
        """Times the test, and bounds the grader's own CPU on it (Limits.judge_seconds): a virtual-time alarm
        counts this process's user time only -- not the child's, not waiting for it -- and fails the test as
        the submission's (its replies made the judging that long), never the worker."""
        item.stash[STARTED] = time.monotonic()
        seconds = self.limits.judge_seconds

        def too_long(signum, frame):
            raise JudgingTooLong(seconds)
        previous = signal.signal(signal.SIGVTALRM, too_long)
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, previous)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if report.when == "call" or (report.when == "setup" and report.failed):
            seconds = time.monotonic() - item.stash.get(STARTED, time.monotonic()) if report.when == "call" else 0.0
            excinfo = call.excinfo
            if report.when == "call" and excinfo is not None and self._reply_was_unreadable(item, excinfo):
                excinfo = UnreadableReply.info(excinfo)
            try:
                record = record_for(item.stash[INFO], excinfo, seconds)
            except Exception as exc:  # noqa: BLE001 -- never let one outcome stop the class
                info = item.stash[INFO]
                record = {"name": info.name, "problem": info.problem, "max_score": info.points,
                          "visibility": "visible" if info.visible else "after_published", "score": 0.0,
                          "status": "failed", "tags": [ENGINE_ERROR], "seconds": 0.0,
                          "output": "The grading engine failed to record this test; course staff have been told.",
                          "internal_error": clean(f"recording the outcome failed: {type(exc).__name__}: {exc}", 2000)}
            self.records.append(record)

    def _reply_was_unreadable(self, item, excinfo) -> bool:
        """A grader raised on a submission (not a GradeFailure): its bug, or a reply it cannot read? Run the
        same test again with the reference's session as the student: if it passes, the grader reads honest
        replies and the student's was not one (e.g. written on the channel rather than by the probe) -- that
        test's failure is the student's, "bad output", not a grader error that exits 3."""
        if isinstance(excinfo.value, (GradeFailure, StudentError, EngineError, JudgingTooLong)) \
                or "student" not in item.funcargs:
            return False
        args = {name: item.funcargs[name] for name in item._fixtureinfo.argnames if name in item.funcargs}
        args["student"] = self.reference_session()
        try:
            item.obj(**args)
        except Exception:  # noqa: BLE001 -- it fails on honest data too: a grader bug, reported as one
            return False
        return True

    def pytest_unconfigure(self, config):
        self._close_student()
        if self._reference is not None:
            self._reference.close()
        self.zygote.stop()
        self.reference_zygote.stop()


INFO = pytest.StashKey[GraderTest]()
STARTED = pytest.StashKey[float]()
