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
    """One grader test as its markers and docstring declare it."""
    problem: str       # the module's name without test_ (test_adam.py -> adam)
    name: str          # the docstring's first line: what students read
    points: float      # @points(n)
    visible: bool      # @visible: public


def grader_test(item) -> GraderTest:
    """What a collected pytest item declares; a grader test without @points(n) is a usage error."""
    import inspect

    import pytest
    marker = item.get_closest_marker("points")
    if marker is None or not marker.args:
        raise pytest.UsageError(f"{item.nodeid}: every grader test needs @points(n)")
    doc = inspect.getdoc(getattr(item, "function", None)) or item.name
    return GraderTest(problem=item.path.stem.removeprefix("test_"), name=doc.splitlines()[0].strip(),
                      points=float(marker.args[0]), visible=item.get_closest_marker("visible") is not None)


class _Collector:
    def __init__(self):
        self.tests: list[GraderTest] = []
        self.errors: list[str] = []

    def pytest_configure(self, config):
        from autograder.grading import register_markers
        register_markers(config)

    def pytest_collection_modifyitems(self, session, config, items):
        self.tests.extend(grader_test(item) for item in items)

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
