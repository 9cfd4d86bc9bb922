"""Review of rounds 5-6's defences (REDTEAM.md): each test fails on main at 774127c and passes with its fix."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.weeks import WEEKS
from test_redteam5 import _nbgrader_env, _tar_gz, _zip, collect, collected, honest, inbound_course


# --- a socket in a record cost the student's collected hand-in -----------------------------------------------------
# SafeCollect's copy opens every entry with os.open(O_NOFOLLOW|O_NONBLOCK) and judges what it opened; a Unix socket
# cannot be opened (ENXIO), so the copy failed and the record was left out -- after nbgrader's `collect --update` had
# already removed the student's collected hand-in (R5-8's loss, made certain by one `socket.bind` in one's own
# record). A socket is a special file: left out with a warning, like a fifo, as the module's docstring says.
def test_a_socket_in_a_newer_record_is_left_out_and_costs_nothing(tmp_path, monkeypatch):
    week = WEEKS["week2_optimizers"]
    first, files = honest("bob", 1, week)
    course = inbound_course(tmp_path, week, {first: files})
    run = [sys.executable, "-m", "nbgrader", "collect", week.name]
    proc = subprocess.run(run, cwd=course.course_dir, env=_nbgrader_env(course), capture_output=True, text=True)
    assert collected(course) == ["bob"], proc.stderr
    later = course.exchange / course.course_id / "inbound" / f"bob+{week.name}+2026-12-03 10:09:00.000000 UTC+ffff"
    later.mkdir()
    (later / "optimizers.py").write_bytes(b"# bob, later\n")
    monkeypatch.chdir(later)                        # a socket's path is at most 108 bytes: bind it by a short one
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("sock")
    proc = subprocess.run([*run, "--update"], cwd=course.course_dir, env=_nbgrader_env(course),
                          capture_output=True, text=True)
    kept = course.course_dir / "submitted" / "bob" / week.name
    assert (kept / "optimizers.py").read_text() == "# bob, later\n", proc.stderr
    assert not (kept / "sock").exists() and "sock is a special file" in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr


# --- one student's file in the LMS download stopped zip_collect for the class --------------------------------------
# BoundedExtractor reads the archive folder's archive as the LMS's download, each file in it one student's upload.
# A file of a zip download over the upload bound refused that upload alone; but an entry named outside its folder
# (a student's file name holding `\..\`), or in a tar download a file over the bound, was raised out of the reader
# for the whole download: the download removed, nobody collected.
def _lms_download(root: Path, kind: str, uploads: dict[str, bytes]):
    from autograder import demo
    week = WEEKS["week2_optimizers"]
    course = demo.make_course(root / "course-root", [week])
    archive = course.course_dir / "downloaded" / week.name / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    module = (week.solution_dir / "optimizers.py").read_bytes()
    entries = {"alice_1000_2000_optimizers.py": module, "carol_1002_2002_optimizers.py": module, **uploads}
    (archive / f"lms_download.{kind}").write_bytes(_zip(entries) if kind == "zip" else _tar_gz(entries))
    return course, subprocess.run([sys.executable, "-m", "nbgrader", "zip_collect", week.name, "--force"],
                                  cwd=course.course_dir, env=_nbgrader_env(course), capture_output=True, text=True)


OUTSIDE = ("mallory_1001_2001_\\..\\optimizers.py", b"# mallory\n")


@pytest.mark.parametrize("kind, upload", [("tar.gz", ("mallory_1001_2001_zeros.bin", bytes(60_000_000))),
                                          ("tar.gz", OUTSIDE), ("zip", OUTSIDE)],
                         ids=["tar-too-big", "tar-outside", "zip-outside"])
def test_one_upload_in_the_download_stops_no_ones_collect(kind, upload, tmp_path):
    course, proc = _lms_download(tmp_path, kind, dict([upload]))
    assert collected(course) == ["alice", "carol"], proc.stderr
    assert proc.returncode == 1 and "mallory_1001_2001_" in proc.stderr, proc.stderr


# --- names inside an upload reached the instructor's terminal raw through zip_collect -------------------------------
# R5-11 made collect's messages safe; zip_collect printed the names inside a student's upload as they were: nbgrader's
# own "Parsing file: ..." line for every extracted file, the extractor's "Left packed: ..." and the collector's
# "Skipped ..." -- an escape sequence in a file name (a zip entry's name is anything) drove the instructor's terminal.
def test_names_inside_an_upload_never_reach_the_terminal_raw(tmp_path):
    upload = _zip({"optimizers.py": b"# mallory\n", "\x1b]0;owned\x07notes.txt": b"x",
                   "\x1b[2Jold.zip": _zip({"a.txt": b"a"})})
    course, proc = _lms_download(tmp_path, "zip", {"mallory_1001_2001_my_work.zip": upload})
    assert collected(course) == ["alice", "carol", "mallory"], proc.stderr
    assert "\x1b" not in proc.stderr + proc.stdout and "\\x1b]0;owned" in proc.stderr, proc.stderr


# --- a record whose time zone is `..` stopped collect for the class ------------------------------------------------
# R5-2 left out a record whose name nbgrader cannot parse, catching ValueError and OverflowError (dateutil's
# ParserError). A name of three words (`date time ZONE`) has its zone looked up with dateutil.tz.gettz, and the
# dateutil of this course's venv raises DeprecatedTzKeyWarning -- a FutureWarning, made an error by dateutil
# itself -- for `..` (a key outside its zone folder): a traceback out of nbgrader's init_src, nobody collected.
def test_a_record_timed_in_an_unknown_zone_stops_no_ones_collect(tmp_path):
    week = WEEKS["week2_optimizers"]
    name = f"mallory+{week.name}+2026-12-03 10:05:00 ..+zz".encode()
    course = inbound_course(tmp_path, week, dict([honest("alice", 1, week), (name, {b"optimizers.py": b"#"}),
                                                  honest("carol", 3, week)]))
    proc = collect(course, week)
    assert collected(course) == ["alice", "carol"], proc.stderr
    assert proc.returncode == 1 and "Not collected" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


# --- a record deleted while collect ran stopped the rest of the class -----------------------------------------------
# A record is its student's to delete at any time. SafeCollect lists and checks the records (init_src), then
# nbgrader's copy_files stats each one again for its owner warning, catching only KeyError: a record gone in between
# raised FileNotFoundError there -- a traceback, every student after it not collected. The test deletes bob's
# record at one moment, right after the records are chosen (a student's delete-and-submit-again loop hits that
# window by chance).
DELETE_AND_COLLECT = """
import shutil, sys
import autograder.nbgrader_exchange as exchange
from nbgrader.apps import NbGraderApp
record = sys.argv[1]
init_src = exchange.SafeCollect.init_src

def then_deleted(self):
    init_src(self)
    shutil.rmtree(record)                       # what the student's loop does, at this moment
exchange.SafeCollect.init_src = then_deleted
sys.argv = ["nbgrader", "collect", sys.argv[2]]
NbGraderApp.launch_instance()
"""


def test_a_record_deleted_while_collect_runs_stops_no_one_else(tmp_path):
    week = WEEKS["week2_optimizers"]
    records = dict([honest("alice", 1, week), honest("bob", 2, week), honest("carol", 3, week)])
    course = inbound_course(tmp_path, week, records)
    bob = next(r for r in records if r.startswith(b"bob")).decode()
    proc = subprocess.run([sys.executable, "-c", DELETE_AND_COLLECT, str(course.exchange / course.course_id /
                                                                         "inbound" / bob), week.name],
                          cwd=course.course_dir, env=_nbgrader_env(course), capture_output=True, text=True)
    assert collected(course) == ["alice", "carol"], proc.stderr[-3000:]
    assert proc.returncode == 1 and bob in proc.stderr and "Traceback" not in proc.stderr, proc.stderr[-3000:]
