"""A real term on one machine, with Unix accounts: an instructor and two students, nbgrader's exchange with
its real permissions, the package installed for everyone (`pip install .`, not editable).

The instructor makes a course directory only they can read (`autograder init`), generates and releases a
week; each student fetches it and runs the public checks AS THEMSELVES from the release alone (`python -m
pytest` in the fetched folder), works, checks again and submits; the instructor -- not root -- collects,
grades with `autograder grade` (bubblewrap unprivileged, in user namespaces), fills the gradebook, writes
and releases feedback; the students fetch it. At every step a student account is shown to be unable to
read the course directory, its graders and its answer key.

Needs root (to make the accounts; CI runs as root) and useradd; skipped with the reason otherwise. The
accounts, the exchange and the course are removed afterwards.
"""
from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder import catalogue
from autograder.feedback.html import tag_label
from autograder.weeks import ROOT, WEEKS

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or shutil.which("useradd") is None,
                                reason="a multi-user term needs root (to create Unix accounts) and useradd")

WEEK = "week3_schedules"
MISTAKE = "plateau-keras-patience"          # what the second student hands in


@dataclass
class Account:
    name: str
    uid: int
    gid: int
    home: Path


def add_account(name: str) -> Account:
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", name], check=True, capture_output=True)
    entry = pwd.getpwnam(name)
    home = Path(entry.pw_dir)
    home.chmod(0o700)                                    # nobody else reads a home folder
    return Account(name, entry.pw_uid, entry.pw_gid, home)


def remove_account(account: Account) -> None:
    subprocess.run(["pkill", "-KILL", "-u", account.name], capture_output=True)   # only this test's accounts
    subprocess.run(["userdel", "--remove", account.name], capture_output=True)


class Term:
    def __init__(self, bin_dir: Path, base: Path):
        tag = f"{os.getpid() % 100000}"
        self.bin, self.base = bin_dir, base
        self.course_id = f"term{tag}"
        self.instructor = add_account(f"oi{tag}")
        self.students = [add_account(f"os{tag}a"), add_account(f"os{tag}b")]
        self.exchange = base / "exchange"
        self.exchange.mkdir()
        self.exchange.chmod(0o1777)     # everyone writes (nbgrader sets the rest); sticky: nobody renames the
                                        # course's folder (docs/instructors.md; REDTEAM.md, R6-1)
        self.course = self.instructor.home / "course"

    def run(self, account: Account, args: list[str], cwd: Path, *, ok: bool | None = True, **extra) -> \
            subprocess.CompletedProcess:
        env = {"HOME": str(account.home), "USER": account.name, "LOGNAME": account.name, "LANG": "C.UTF-8",
               "PATH": f"{self.bin}:/usr/bin:/bin", "NO_COLOR": "1", "MPLBACKEND": "Agg", **extra}
        proc = subprocess.run(args, cwd=cwd, env=env, user=account.uid, group=account.gid, extra_groups=[],
                              capture_output=True, text=True, timeout=900)
        if ok is not None:
            assert (proc.returncode == 0) == ok, f"{account.name}: {' '.join(args)}\n{proc.stdout}\n{proc.stderr}"
        return proc

    def locked_out(self, step: str) -> None:
        """No student reads the course directory, its graders or its key -- at this step of the term."""
        secret = [self.course, self.course / "graders" / WEEK / "key.py", self.course / "graders" / WEEK,
                  self.course / "solutions" / WEEK / "schedules.py", self.course / "gradebook.db"]
        probe = ("import os, sys\nfor p in sys.argv[1:]:\n    try:\n        os.listdir(p) if os.path.isdir(p) "
                 "else open(p).read(1)\n        print('READ', p)\n    except OSError:\n        pass\n")
        for student in self.students:
            proc = self.run(student, [str(self.bin / "python"), "-c", probe, *map(str, secret)], student.home)
            assert "READ" not in proc.stdout, f"{step}: {student.name} could read {proc.stdout}"

    def cleanup(self) -> None:
        for account in [self.instructor, *self.students]:
            remove_account(account)


@pytest.fixture
def term(installed_autograder):
    base = Path(tempfile.mkdtemp(prefix="optim-term-", dir="/tmp"))
    base.chmod(0o755)
    term = Term(installed_autograder, base)
    try:
        yield term
    finally:
        term.cleanup()
        shutil.rmtree(base, ignore_errors=True)


def _student_work(term: Term, student, edits: dict, answer_notebook) -> None:
    """The harness writes a student's work into their fetched folder (as the student would have typed it)."""
    w = WEEKS[WEEK]
    folder = student.home / WEEK
    for module in w.modules:
        text = catalogue.apply_edits((w.solution_dir / f"{module}.py").read_text(), edits.get(module, []), module)
        (folder / f"{module}.py").write_text(text)
    answer_notebook(folder / w.notebook, WEEK)
    for path in folder.rglob("*"):
        os.chown(path, student.uid, student.gid)


def test_a_whole_term_with_real_accounts(term, answer_notebook):
    t0 = time.monotonic()
    if subprocess.run(["test", "-r", str(ROOT / "pyproject.toml")], user=term.instructor.uid).returncode != 0:
        pytest.skip(f"{ROOT} is not readable by other accounts: the instructor cannot copy the course from it")
    inst, (alice, bob) = term.instructor, term.students

    # the instructor: a course of their own, only they can read it
    term.run(inst, [str(term.bin / "autograder"), "--course", str(ROOT), "init", str(term.course),
                    "--course-id", term.course_id, "--exchange", str(term.exchange)], inst.home)
    term.course.chmod(0o700)
    term.run(inst, [str(term.bin / "autograder"), "generate", WEEK], term.course)
    term.run(inst, [str(term.bin / "nbgrader"), "release_assignment", WEEK], term.course)
    term.locked_out("released")

    # the students fetch, check their untouched release as themselves, work, check again, submit
    for student in (alice, bob):
        config = student.home / ".jupyter" / "nbgrader_config.py"
        config.parent.mkdir()
        config.write_text(f"c = get_config()\nc.CourseDirectory.course_id = {term.course_id!r}\n"
                          f"c.Exchange.root = {str(term.exchange)!r}\n")
        for path in (config.parent, config):
            os.chown(path, student.uid, student.gid)
        term.run(student, [str(term.bin / "nbgrader"), "fetch_assignment", WEEK], student.home)
        folder = student.home / WEEK
        assert (folder / "public_checks" / "checks.json").exists() and (folder / "test_public_checks.py").exists()
        first = term.run(student, [str(term.bin / "python"), "-m", "pytest"], folder, ok=False)
        assert "TODO" in first.stdout and "Public checks for week3_schedules" in first.stdout, first.stdout
    term.locked_out("fetched and checked")
    mistake = {m.tag: m for m in catalogue.load(WEEKS[WEEK])[0] if not m.held_out}[MISTAKE]
    _student_work(term, alice, {}, answer_notebook)
    _student_work(term, bob, mistake.edits, answer_notebook)
    done = term.run(alice, [str(term.bin / "python"), "-m", "pytest"], alice.home / WEEK)
    assert "All public checks passed;" in done.stdout
    wrong = term.run(bob, [str(term.bin / "python"), "-m", "pytest"], bob.home / WEEK, ok=False)
    assert f"Recognized mistake: {tag_label(MISTAKE)}" in wrong.stdout, wrong.stdout
    for student in (alice, bob):
        term.run(student, [str(term.bin / "nbgrader"), "submit", WEEK], student.home)
    term.locked_out("submitted")

    # the instructor, not root: collect, grade in the sandbox, gradebook, feedback
    term.run(inst, [str(term.bin / "nbgrader"), "collect", WEEK], term.course)
    graded = term.course / "graded" / WEEK
    grading = term.run(inst, [str(term.bin / "autograder"), "grade", WEEK, "submitted/", "--out", str(graded)],
                       term.course)
    results = {s.name: json.loads((graded / s.name / "results.json").read_text()) for s in (alice, bob)}
    isolation = {r["extra_data"]["isolation"] for r in results.values()}
    print(f"grading as {inst.name} (not root) ran with isolation {isolation}; stderr: {grading.stderr.strip()[-500:]}")
    assert results[alice.name]["score"] == 100, results[alice.name]["output"]
    assert results[bob.name]["score"] < 100
    term.run(inst, [str(term.bin / "autograder"), "gradebook", WEEK, str(graded)], term.course)
    term.run(inst, [str(term.bin / "autograder"), "feedback", WEEK, str(graded)], term.course)
    term.run(inst, [str(term.bin / "nbgrader"), "release_feedback", WEEK], term.course)
    term.locked_out("graded and feedback released")

    # the students fetch their feedback
    for student, score in ((alice, "100"), (bob, None)):
        term.run(student, [str(term.bin / "nbgrader"), "fetch_feedback", WEEK], student.home)
        pages = list((student.home / WEEK / "feedback").glob(f"*/{WEEK}.html"))
        assert len(pages) == 1, f"{student.name} fetched no feedback"
        if score:
            assert f">{score}<" in pages[0].read_text()
    term.locked_out("feedback fetched")
    assert isolation == {"bwrap"}, f"grading as a non-root instructor did not run bubblewrap: {isolation}; " \
                                   f"{grading.stderr[-1500:]}"
    print(f"the whole term took {time.monotonic() - t0:.0f} s (the installed package's venv not counted)")


def test_the_lock_out_check_sees_a_course_students_can_read(term):
    """The check above is not vacuous: with the permissions loosened, it catches the student reading."""
    home = term.instructor.home
    key = term.course / "graders" / WEEK / "key.py"
    key.parent.mkdir(parents=True)
    key.write_text("KEY = {}\n")
    for path in (home, term.course, term.course / "graders", key.parent):
        path.chmod(0o755)
    key.chmod(0o644)
    with pytest.raises(AssertionError, match="could read"):
        term.locked_out("loosened")
    home.chmod(0o700)
    term.locked_out("home folder private again")
