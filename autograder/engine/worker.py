"""One grading worker: a pytest session over the week's graders for a slice of the class.

Started by the runner as ``python -m autograder.engine.worker`` with the job as
JSON on stdin; prints one ``DONE<TAB>name<TAB>score<TAB>max`` line per
submission on stdout as soon as its results.json is written.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"   # no third-party plugin runs inside grading

import pytest  # noqa: E402

from autograder.engine.plugin import GradingPlugin  # noqa: E402
from autograder.engine.results import results_json, write_json  # noqa: E402
from autograder.engine.sandbox import Limits  # noqa: E402
from autograder.engine.submissions import Submission  # noqa: E402
from autograder.weeks import Week  # noqa: E402

GRADER_INI = Path(__file__).resolve().parent / "graders.ini"


def pytest_args(grader_dir: Path) -> list[str]:
    return [str(grader_dir), "-c", str(GRADER_INI), "--rootdir", str(grader_dir),
            "--confcutdir", str(grader_dir), "--assert=plain", "-p", "no:cacheprovider",
            "-p", "no:terminal", "-p", "no:stepwise", "-p", "no:randomly", "--capture=no",
            "-W", "ignore::pytest.PytestAssertRewriteWarning"]


def run(job: dict, progress=sys.stdout) -> int:
    week = Week(**{**job["week"], "modules": tuple(job["week"]["modules"]),
                   "given": tuple(job["week"]["given"])})
    out = Path(job["out"])
    subs = [Submission(**s) for s in job["submissions"]]
    limits = Limits(**job.get("limits", {}))

    def done(sub: Submission, records: list[dict], elapsed: float) -> None:
        result = results_json(sub, records, elapsed, isolation=plugin.zygote.isolation)
        write_json(out / sub.name / "results.json", result)
        print(f"DONE\t{sub.name}\t{result['score']}\t{result['max_score']}", file=progress, flush=True)

    plugin = GradingPlugin(week, subs, limits=limits, isolation=job.get("isolation", "auto"),
                           public_only=job.get("public_only", False), on_done=done)
    code = pytest.main(pytest_args(week.grader_dir), plugins=[plugin])
    # exit codes 0 (all passed) and 1 (some tests failed = some points lost) are normal grading
    return 0 if code in (0, 1) else int(code)


if __name__ == "__main__":
    sys.exit(run(json.loads(sys.stdin.read())))
