"""pytest's side of the public checks: ``python -m pytest`` in a released week folder.

The week folder's ``test_public_checks.py`` asks :func:`session` for the run (every check runs once,
when pytest collects the file) and makes one pytest test per check plus one for the hand-in; its
``conftest.py`` loads this module as a plugin, which prints the kit's report at the end -- the same
report as the notebook's last cell and ``autograder check``.
"""
from __future__ import annotations

from pathlib import Path

_RUN = None


class Session:
    def __init__(self, folder: Path):
        from .runner import run
        self.result = run(folder)
        self.by_id = {o.test.removeprefix("test_"): o for o in self.result.outcomes}

    @property
    def ids(self) -> list[str]:
        return list(self.by_id)

    def assert_passed(self, check_id: str) -> None:
        import pytest
        o = self.by_id[check_id]
        if o.full_marks:
            return
        if o.state == "todo":
            pytest.fail(f"TODO: {o.task} is still the stub", pytrace=False)
        if o.state == "blocked":
            pytest.fail(f"did not run: {o.blocked_by}", pytrace=False)
        pytest.fail(o.message.splitlines()[0] if o.message else o.name, pytrace=False)

    def assert_hand_in(self) -> None:
        import pytest
        problems = [f.message for f in self.result.findings] + \
                   [f"{p.file} does not import: {p.message}" for p in self.result.imports]
        if problems:
            pytest.fail("; ".join(problems), pytrace=False)


def session(test_file: str) -> Session:
    """The run of this pytest process (the checks run once, in the folder of ``test_file``)."""
    global _RUN
    if _RUN is None:
        _RUN = Session(Path(test_file).resolve().parent)
    return _RUN


def pytest_report_header(config):
    return "public checks: a sample of this week's tests (the hidden ones run after the deadline)"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _RUN is None:
        return
    from .report import Style
    terminalreporter.write_sep("=", "public checks")
    terminalreporter.write_line(_RUN.result.report(Style(None, colour=terminalreporter.hasmarkup)))
