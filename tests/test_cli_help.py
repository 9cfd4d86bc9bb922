"""`autograder COMMAND --help` says what the command does, which weeks there are and what its exit status
means; the exit codes it documents are the ones it returns (issue 13: a new instructor reads the help)."""
from __future__ import annotations

import argparse

import pytest

from autograder import cli
from autograder.weeks import WEEKS


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_command_has_a_description_and_its_exit_status():
    commands = _commands()
    assert set(commands) >= {"grade", "generate", "gradebook", "feedback", "demo", "selftest", "report", "check",
                             "init", "gradescope"}
    for name, parser in commands.items():
        text = parser.format_help()
        assert parser.description, f"`autograder {name} --help` has no description"
        assert "exit status:" in text and "  0  " in text, f"`autograder {name} --help` does not say its exit status"


def test_every_week_argument_lists_the_weeks():
    for name, parser in _commands().items():
        for action in parser._actions:
            if action.metavar == "WEEK":
                assert action.help and all(w in action.help for w in WEEKS), (name, action.help)


def test_every_argument_has_help():
    for name, parser in _commands().items():
        for action in parser._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, f"`autograder {name}`: {action.dest} has no help text"


@pytest.mark.parametrize("argv", [["report", "week9_nothing", "x"], ["gradescope", "week9_nothing"]])
def test_an_unknown_week_is_a_usage_error_naming_the_weeks(argv, capsys):
    with pytest.raises(SystemExit) as stop:      # argparse's choices: exit 2 with the weeks listed
        cli.main(argv)
    assert stop.value.code == 2
    assert "week2_optimizers" in capsys.readouterr().err


def test_documented_exit_codes_are_returned(tmp_path, capsys):
    """report: 2 when RESULTS_DIR is not a folder or holds nothing; init: 2 when DIR is not empty."""
    assert cli.main(["report", "week2_optimizers", str(tmp_path / "nonexistent")]) == 2
    assert cli.main(["report", "week2_optimizers", str(tmp_path)]) == 2
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    assert cli.main(["init", str(tmp_path / "full")]) == 2
    err = capsys.readouterr().err
    assert "not a folder" in err and "is not empty" in err
    assert "Traceback" not in err
    for name, text in cli.EXIT_CODES.items():
        assert ("  2  " in text) == (name in {"report", "init"}), name


def test_a_week_without_graders_is_an_error_not_a_system_exit(tmp_path):
    from autograder.gradescope import build_bundle
    from autograder.weeks import Week, WeekError
    empty = Week("week9_empty", ("x",), (), graders_root=str(tmp_path))
    with pytest.raises(WeekError, match="no graders"):
        build_bundle(empty, tmp_path / "bundle.zip")
    from autograder.weeks import get_week
    with pytest.raises(WeekError, match="week1_gradient_descent"):
        get_week("week9_nothing")
