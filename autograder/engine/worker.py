"""One grading worker: a pytest session that grades submissions as the runner sends them.

Started by the runner as ``python -m autograder.engine.worker``. On stdin: one
JSON line with the job (week, output folder, limits, isolation), then one JSON
line per submission (a :class:`~autograder.engine.submissions.Locator`); EOF
ends the session. On stdout, as soon as a submission's results.json is
written: ``DONE<TAB>{grades.csv row as JSON}``; if a submission could not even
be read: ``ERROR<TAB>name<TAB>message``. The week's tests are collected once;
each submission is read only when its turn comes and dropped once graded.
"""
from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import IO, Iterator

os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"   # no third-party plugin runs inside grading

import pytest  # noqa: E402

from autograder.engine.plugin import GradingPlugin  # noqa: E402
from autograder.engine.results import grade_row, results_json, write_json  # noqa: E402
from autograder.engine.sandbox import Limits  # noqa: E402
from autograder.engine.submissions import Locator, Submission, load  # noqa: E402
from autograder.weeks import Week  # noqa: E402

GRADER_INI = Path(__file__).resolve().parent / "graders.ini"


# pytest's built-in plugins that grading never uses. Most wrap every test phase (log capture, fault
# handlers, exception hooks) of every submission; turning them off keeps the grading process to what
# it needs (its effect on speed is within this machine's noise: docs/performance.md)
UNUSED_PLUGINS = ("cacheprovider", "terminal", "stepwise", "randomly", "logging", "faulthandler",
                  "threadexception", "unraisableexception", "doctest", "junitxml", "pastebin", "unittest",
                  "legacypath", "tmpdir", "monkeypatch", "recwarn", "subtests", "setuponly", "setupplan")


def pytest_args(grader_dir: Path) -> list[str]:
    disabled = [arg for name in UNUSED_PLUGINS for arg in ("-p", f"no:{name}")]
    return [str(grader_dir), "-c", str(GRADER_INI), "--rootdir", str(grader_dir),
            "--confcutdir", str(grader_dir), "--assert=plain", *disabled, "--capture=no",
            "-W", "ignore::pytest.PytestAssertRewriteWarning"]


def week_from_job(job: dict) -> Week:
    return Week(**{**job["week"], "modules": tuple(job["week"]["modules"]), "given": tuple(job["week"]["given"])})


def run(lines: Iterator[str], progress: IO[str] = sys.stdout) -> int:
    """Grade the submissions listed after the job line of ``lines``; returns pytest's verdict."""
    job = json.loads(next(lines))
    week = week_from_job(job)
    out = Path(job["out"])

    def submissions() -> Iterator[Submission]:
        for line in lines:
            where = Locator(**json.loads(line))
            try:
                yield load(week, where)
            except Exception:  # noqa: BLE001 -- reading is built never to raise; if it does, say so and go on
                message = traceback.format_exc(limit=3).replace("\t", " ").replace("\n", " | ")
                print(f"ERROR\t{where.name}\t{message}", file=progress, flush=True)

    def done(sub: Submission, records: list[dict], elapsed: float) -> None:
        result = results_json(sub, records, elapsed, isolation=plugin.zygote.isolation)
        write_json(out / sub.name / "results.json", result)
        print(f"DONE\t{json.dumps(grade_row(result))}", file=progress, flush=True)

    plugin = GradingPlugin(week, submissions(), limits=Limits(**job.get("limits", {})),
                           isolation=job.get("isolation", "auto"), public_only=job.get("public_only", False),
                           on_done=done)
    code = pytest.main(pytest_args(week.grader_dir), plugins=[plugin])
    # exit codes 0 (all passed) and 1 (some tests failed = some points lost) are normal grading
    return 0 if code in (0, 1) else int(code)


if __name__ == "__main__":
    sys.exit(run(iter(sys.stdin)))
