"""A pytest plugin for tests/test_kit.py's leak test: run a week's graders on the reference, in-process,
and record every probe call a test makes (its inputs and the reference's answer).

Started as ``python -m pytest <grader dir> ... -p kit_recording`` with ``KIT_RECORDING_WEEK`` (the week,
as JSON) and ``KIT_RECORDING_OUT`` (where the records go, as plain-data JSON). The reference solution is
trusted code: it runs here, through the week's own probes, as ``autograder generate`` runs it.
"""
from __future__ import annotations

import json
import os
import sys
import types
from pathlib import Path

import pytest

from autograder.answers import read_answers
from autograder.engine import protocol
from autograder.kit import plaindata
from autograder.kit.runner import load_file
from autograder.weeks import Week

RECORDS: list[dict] = []
_current = {"test": "", "visible": False}


class Recorder:
    def __init__(self, week: Week):
        sys.path.insert(1, str(week.common_dir))
        import probes
        self.probes = probes
        self.mods = types.SimpleNamespace(**{m: load_file(m, week.solution_dir / f"{m}.py") for m in week.modules})

    def probe(self, name, **kwargs):
        inputs = protocol.loads(protocol.dumps(kwargs))
        value = protocol.loads(protocol.dumps(getattr(self.probes, name)(self.mods, **inputs)))
        RECORDS.append({**_current, "probe": name, "inputs": kwargs, "result": value})
        return value


def _week() -> Week:
    spec = json.loads(os.environ["KIT_RECORDING_WEEK"])
    return Week(**{**spec, "modules": tuple(spec["modules"]), "given": tuple(spec["given"])})


_RECORDER: list[Recorder] = []


def _recorder() -> Recorder:
    if not _RECORDER:
        _RECORDER.append(Recorder(_week()))
    return _RECORDER[0]


@pytest.fixture
def student():
    return _recorder()


@pytest.fixture
def reference():
    return _recorder()


@pytest.fixture
def answers():
    week = _week()
    path = week.solution_dir.parent.parent / "assignments" / week.name / week.notebook
    return read_answers(json.loads(path.read_text()))


def pytest_configure(config):
    from autograder.grading import register_markers
    register_markers(config)


def pytest_runtest_setup(item):
    _current.update(test=item.nodeid, visible=item.get_closest_marker("visible") is not None)


def pytest_unconfigure(config):
    Path(os.environ["KIT_RECORDING_OUT"]).write_text(plaindata.dumps(RECORDS))
