"""What a week's graders hold: problems, tests, points, public or hidden -- read from the markers.

Points live in one place, the ``@points(n)`` beside each grader test; everything
else (the gradebook's problems, `autograder check`'s count of hidden tests, the
"every week sums to 100" check) asks this module.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass

from autograder.weeks import Week


@dataclass(frozen=True)
class GraderTest:
    problem: str
    name: str
    points: float
    visible: bool


class _Collector:
    def __init__(self):
        self.tests: list[GraderTest] = []
        self.errors: list[str] = []

    def pytest_configure(self, config):
        config.addinivalue_line("markers", "points(n): points this test is worth")
        config.addinivalue_line("markers", "visible: a public test")

    def pytest_collection_modifyitems(self, session, config, items):
        from autograder.engine.plugin import test_info
        for item in items:
            info = test_info(item)
            self.tests.append(GraderTest(info.problem, info.name, info.max_score, info.visible))

    def pytest_collectreport(self, report):
        if report.failed:
            self.errors.append(str(report.longrepr)[-2000:])


def collect(week: Week) -> list[GraderTest]:
    """Collect (never run) the week's grader tests, in a fresh process.

    Weeks have grader modules of the same name (test_sgd.py in weeks 1 and 2),
    and pytest imports them by base name: one process per week, as in grading.
    """
    if not week.grader_dir.is_dir():
        return []
    proc = subprocess.run([sys.executable, "-m", "autograder.manifest", json.dumps(asdict(week))],
                          capture_output=True, text=True,
                          env=dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"))
    if proc.returncode != 0:
        raise RuntimeError(f"collecting {week.grader_dir} failed: {proc.stderr[-2000:]}")
    return [GraderTest(**t) for t in json.loads(proc.stdout.strip().splitlines()[-1])]


def _collect_here(week: Week) -> list[GraderTest]:
    import pytest
    from autograder.engine.worker import pytest_args
    collector = _Collector()
    code = pytest.main([*pytest_args(week.grader_dir), "--collect-only"], plugins=[collector])
    if collector.errors or code not in (0, 5):
        raise RuntimeError(" ".join(collector.errors)[:2000] or f"pytest exit code {code}")
    return collector.tests


def problems(week: Week) -> dict[str, float]:
    """problem -> total points, in the graders' order."""
    out: dict[str, float] = {}
    for test in collect(week):
        out[test.problem] = out.get(test.problem, 0.0) + test.points
    return out


if __name__ == "__main__":
    spec = json.loads(sys.argv[1])
    found = _collect_here(Week.from_dict(spec))
    print(json.dumps([asdict(t) for t in found]))
