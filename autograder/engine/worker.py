"""One grading worker: a pytest session that grades submissions as the runner sends them.

Started by the runner as ``python -m autograder.engine.worker``. On stdin: one
JSON line with the job (week, output folder, limits, isolation, sandbox
policy), then one JSON line per submission (a
:class:`~autograder.engine.submissions.Locator`); EOF ends the session. On
stdout: ``READY`` once the graders are collected and both sandboxes have
confined a child; then, as soon as a submission's results.json is written,
``DONE<TAB>{grades.csv row as JSON}``; if a submission could not even be read
or its results not written: ``ERROR<TAB>name<TAB>message``. The week's tests
are collected once; each submission is read only when its turn comes and
dropped once graded. The worker holds the graders and the reference's
sources, so it makes itself undumpable: no process of the same user can read
its memory.
"""
from __future__ import annotations

import ctypes
import json
import os
import sys
import traceback
from pathlib import Path
from typing import IO, Iterator

import pytest

from autograder.engine.plugin import GradingPlugin
from autograder.engine.results import grade_row, results_json, write_json
from autograder.engine.sandbox import Limits, SandboxPolicy
from autograder.engine.submissions import Locator, Submission, load
from autograder.weeks import Week

GRADER_INI = Path(__file__).resolve().parent / "graders.ini"


# pytest's built-in plugins that grading never uses. Most wrap every test phase (log capture, fault
# handlers, exception hooks, warning filters, skip/xfail marks, output capture) of every submission;
# turning them off keeps the grading process to what it needs. Student code never runs in this process
# (it runs in the sandboxed child), so there is no output to capture and no warning to filter here; the
# graders use no skip or xfail marks. (selftest's JSON is the same with and without them:
# docs/performance.md)
UNUSED_PLUGINS = ("cacheprovider", "terminal", "stepwise", "randomly", "logging", "faulthandler",
                  "threadexception", "unraisableexception", "doctest", "junitxml", "pastebin", "unittest",
                  "legacypath", "tmpdir", "monkeypatch", "recwarn", "subtests", "setuponly", "setupplan",
                  "warnings", "skipping", "capture")


def pytest_args(grader_dir: Path) -> list[str]:
    disabled = [arg for name in UNUSED_PLUGINS for arg in ("-p", f"no:{name}")]
    return [str(grader_dir), "-c", str(GRADER_INI), "--rootdir", str(grader_dir),
            "--confcutdir", str(grader_dir), "--assert=plain", *disabled]


def undumpable() -> None:
    """PR_SET_DUMPABLE 0: another process of this user cannot open /proc/<pid>/mem of this one or ptrace it."""
    if sys.platform.startswith("linux") and ctypes.CDLL(None).prctl(4, 0, 0, 0, 0) != 0:
        raise OSError("prctl(PR_SET_DUMPABLE, 0) failed")


def run(lines: Iterator[str], progress: IO[str] = sys.stdout) -> int:
    """Grade the submissions listed after the job line of ``lines``; returns pytest's verdict."""
    job = json.loads(next(lines))
    week = Week.from_dict(job["week"])
    out = Path(job["out"])
    policy = SandboxPolicy(**{k: tuple(v) if isinstance(v, list) else v for k, v in job["sandbox"].items()}) \
        if job.get("sandbox") else None

    def submissions() -> Iterator[Submission]:
        for line in lines:
            where = Locator(**json.loads(line))
            try:
                yield load(week, where)
            except Exception:  # noqa: BLE001 -- reading is built never to raise; if it does, say so and go on
                message = traceback.format_exc(limit=3).replace("\t", " ").replace("\n", " | ")
                print(f"ERROR\t{where.name}\t{message}", file=progress, flush=True)

    def done(sub: Submission, records: list[dict], elapsed: float) -> None:
        try:
            result = results_json(sub, records, elapsed, isolation=plugin.zygote.isolation)
            write_json(out / sub.name / "results.json", result)
        except Exception as exc:  # noqa: BLE001 -- e.g. a full disk: this submission has no result; say so, go on
            print(f"ERROR\t{sub.name}\twriting the results failed: {type(exc).__name__}: {exc}"[:2000]
                  .replace("\n", " "), file=progress, flush=True)
            return
        print(f"DONE\t{json.dumps(grade_row(result))}", file=progress, flush=True)

    def ready() -> None:
        print("READY", file=progress, flush=True)

    plugin = GradingPlugin(week, submissions(), limits=Limits(**job.get("limits", {})),
                           isolation=job.get("isolation", "auto"), public_only=job.get("public_only", False),
                           policy=policy, on_done=done, on_ready=ready)
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"   # no third-party plugin runs inside grading
    code = pytest.main(pytest_args(week.grader_dir), plugins=[plugin])
    # exit codes 0 (all passed) and 1 (some tests failed = some points lost) are normal grading
    return 0 if code in (0, 1) else int(code)


if __name__ == "__main__":
    undumpable()
    sys.exit(run(iter(sys.stdin)))
