"""What a week's graders hold: problems, tests, points, public or hidden -- read from the markers.

Points live in one place, the ``@points(n)`` beside each grader test; everything
else (the gradebook's problems, `autograder check`'s count of hidden tests, the
"every week sums to 100" check) asks this module.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

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
    """Collect (never run) the week's grader tests."""
    import pytest
    from autograder.engine.worker import pytest_args
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    if not week.grader_dir.is_dir():
        return []
    collector = _Collector()
    code = pytest.main([*pytest_args(week.grader_dir), "--collect-only"], plugins=[collector])
    if collector.errors or code not in (0, 5):
        raise RuntimeError(f"collecting {week.grader_dir} failed: {' '.join(collector.errors)[:2000]}")
    return collector.tests


def problems(week: Week) -> dict[str, float]:
    """problem -> total points, in the graders' order."""
    out: dict[str, float] = {}
    for test in collect(week):
        out[test.problem] = out.get(test.problem, 0.0) + test.points
    return out
