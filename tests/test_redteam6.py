"""Red team, round 6 (REDTEAM.md, "Round 6"): one test per finding, each failing without its defence."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from autograder.weeks import WEEKS
from test_redteam5 import NOBODY, collect, honest, inbound_course, skip_unless_python_runs_as

WEEK = WEEKS["week2_optimizers"]
STUDENT = "daemon"            # a system account (uid 1) stands for a student: records are checked by owner name
MALLORY = 4242                # the attacker needs no account at all, only a uid

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="plays three users (instructor, two students)")


def as_user(uid: int, script: str, *args: str) -> None:
    skip_unless_python_runs_as(uid)
    subprocess.run([sys.executable, "-c", script, *args], check=True, user=uid, group=uid, extra_groups=[],
                   cwd="/", env={"PATH": "/usr/bin:/bin"})


SUBMIT = """import os, sys
record = os.path.join(sys.argv[1], sys.argv[2])
os.mkdir(record)
with open(os.path.join(record, "optimizers.py"), "w") as fh:
    fh.write("# the student's own work\\n")
os.chmod(os.path.join(record, "optimizers.py"), 0o644)
os.chmod(record, 0o777)            # what nbgrader submit does, "so the instructor can delete later"
"""

REPLACE = """import os, sys
path = os.path.join(sys.argv[1], "optimizers.py")
os.unlink(path)                    # the record is writable by everyone: its files can be swapped
with open(path, "w") as fh:
    fh.write("# mallory's\\n")
"""

TAKE_OVER = """import os, sys
exchange, course_id = sys.argv[1], sys.argv[2]
os.rename(os.path.join(exchange, course_id), os.path.join(exchange, ".old"))   # only the root's write access needed
os.makedirs(os.path.join(exchange, course_id, "inbound"))
os.chmod(os.path.join(exchange, course_id, "inbound"), 0o777)
os.chmod(os.path.join(exchange, course_id), 0o755)
"""


@pytest.fixture
def term():
    """A demo course whose instructor is `nobody`, its exchange's root made as nbgrader makes it (0777, no
    sticky bit; owned by root, as `sudo mkdir /srv/nbgrader/exchange` makes it)."""
    root = Path(tempfile.mkdtemp(prefix="rt6-exchange-"))     # not under pytest's 0700 folder
    try:
        root.chmod(0o755)
        course = inbound_course(root, WEEK, {})
        inbound = course.exchange / course.course_id / "inbound"
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(root)], check=True)
        os.chown(course.exchange, 0, 0)
        course.exchange.chmod(0o777)
        (course.exchange / course.course_id).chmod(0o755)
        inbound.chmod(0o2733)
        yield course
    finally:
        shutil.rmtree(root, ignore_errors=True)


def release_assignment(course) -> subprocess.CompletedProcess:
    """``nbgrader release_assignment WEEK`` as the instructor (`nobody`)."""
    from autograder import nbgrader_bridge as bridge
    env = {**bridge.nbgrader_env(course.env), "HOME": str(course.course_dir)}
    skip_unless_python_runs_as(NOBODY)
    return subprocess.run([sys.executable, "-m", "nbgrader", "release_assignment", WEEK.name], cwd=course.course_dir,
                          env=env, capture_output=True, text=True, user=NOBODY, group=NOBODY, extra_groups=[])


def _collected_text(course) -> str | None:
    path = course.course_dir / "submitted" / STUDENT / WEEK.name / "optimizers.py"
    return path.read_text() if path.exists() else None


# --- R6-1. a student replaced the exchange's course folder: classmates' hand-ins went through their hands ---------
@needs_root
def test_a_course_folder_a_student_put_in_place_is_never_collected_from(term):
    course = term
    os.chown(course.exchange, NOBODY, NOBODY)               # the instructor's, 0777: as nbgrader's release makes it
    as_user(MALLORY, TAKE_OVER, str(course.exchange), course.course_id)
    inbound = course.exchange / course.course_id / "inbound"
    record = honest(STUDENT, 1, WEEK)[0].decode()
    as_user(1, SUBMIT, str(inbound), record)                 # the classmate hands in, into mallory's inbound
    assert os.listdir(inbound) == [record]                   # mallory lists it (and reads it: 0644) ...
    as_user(MALLORY, "import shutil, sys; shutil.rmtree(sys.argv[1])", str(inbound / record))   # ... and deletes it
    proc = collect(course, WEEK, user=NOBODY)
    assert proc.returncode != 0 and "The exchange is not the instructor's" in proc.stderr \
        and "belongs to uid 4242, not to you" in proc.stderr, proc.stderr


@needs_root
def test_a_release_into_an_exchange_any_student_can_rearrange_is_refused_or_made_safe(term):
    """The prevention: the first release makes the root sticky (or, not the instructor's, stops), before any
    student fetches or submits."""
    course = term
    release = course.course_dir / "student_template" / WEEK.name
    release.mkdir(parents=True)
    (release / "optimizers.py").write_text("# the stubs\n")
    subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(course.course_dir)], check=True)
    proc = release_assignment(course)                        # root-owned, world-writable, no sticky bit
    assert proc.returncode != 0 and "chmod +t" in proc.stderr, proc.stderr
    assert not (course.exchange / course.course_id / "outbound" / WEEK.name).exists()
    os.chown(course.exchange, NOBODY, NOBODY)
    proc = release_assignment(course)
    assert proc.returncode == 0 and course.exchange.stat().st_mode & 0o1000, proc.stderr
    with pytest.raises(subprocess.CalledProcessError):      # now no student can move the course's folder
        as_user(MALLORY, TAKE_OVER, str(course.exchange), course.course_id)


@needs_root
def test_a_file_someone_else_put_in_a_record_leaves_the_record_out(term):
    """nbgrader submit leaves each record writable by everyone: whoever learns its name could swap its files."""
    course = term
    course.exchange.chmod(0o1777)
    inbound = course.exchange / course.course_id / "inbound"
    record = honest(STUDENT, 1, WEEK)[0].decode()
    as_user(1, SUBMIT, str(inbound), record)
    as_user(MALLORY, REPLACE, str(inbound / record))
    proc = collect(course, WEEK, user=NOBODY)
    assert _collected_text(course) is None, "a file mallory put in the classmate's record was collected"
    assert proc.returncode == 1 and "not to the record's owner" in proc.stderr, proc.stderr


# --- R6-2. Gradescope without bubblewrap: the student's code read the previous submissions' results ----------------
# Gradescope writes /autograder/submission_metadata.json (the previous submissions, each with its results.json:
# the hidden tests' messages, which name their inputs and expected values). Where bubblewrap cannot start (many
# containers), the child sees the whole file system read-only, as another user: run_autograder made only source/
# and results/ root-only. A submission that reads the file learns every hidden test it failed last time.
READS_METADATA = "open({path!r}).read()      # fails (PermissionError) unless the metadata is readable\n"


@needs_root
def test_gradescope_metadata_is_out_of_the_childs_reach_without_bubblewrap():
    from autograder.gradescope import build_bundle
    from autograder.selftest import build_case
    from test_gradescope_bundle import WEEK as GS_WEEK, _unzip

    week = WEEKS[GS_WEEK]
    root = Path(tempfile.mkdtemp(prefix="rt6-gradescope-"))    # others may enter, as Gradescope's /autograder
    try:
        root.chmod(0o755)
        _unzip(build_bundle(week, root / "bundle.zip"), root / "source")
        (root / "bundle.zip").unlink()
        metadata = root / "submission_metadata.json"
        metadata.write_text('{"previous_submissions": [{"results": {"tests": []}}]}')
        metadata.chmod(0o644)                                  # as Gradescope leaves it: root's, world-readable
        upload = root / "submission" / "my_work"              # in a folder, as a zip of one's folder unpacks
        build_case(week, upload, {})
        (upload / week.notebook).unlink(missing_ok=True)      # its answers score without the modules
        for module in week.modules:                            # the reference's code, if the metadata is readable
            path = upload / f"{module}.py"
            path.write_text(path.read_text() + READS_METADATA.format(path=str(metadata)))
        tools = root / "tools"                                 # no bwrap on PATH: grading without bubblewrap
        tools.mkdir()
        for tool in ("chmod", "mkdir", "find"):
            (tools / tool).symlink_to(shutil.which(tool))
        env = {"AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable, "PATH": str(tools),
               "HOME": str(root)}
        proc = subprocess.run([shutil.which("bash"), str(root / "source" / "run_autograder")], env=env,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
        result = json.loads((root / "results" / "results.json").read_text())
        assert result["extra_data"].get("isolation") == "none", result["extra_data"]
        assert result["score"] == 0, "the child read submission_metadata.json"
        assert "PermissionError" in json.dumps(result["tests"]), "the child did not reach the file (a vacuous test)"
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- R6-3. a hand-in's timestamp.txt said "on time" while its record said "late" ----------------------------------
# SafeCollect checks the time in a record's NAME against the kernel's ctime (R4-4) and rewrote the collected
# timestamp.txt only when that name claimed too early a time. But the gradebook's lateness comes from the collected
# timestamp.txt -- the student's own file, copied as it was: a record named with its true (late) time and a
# timestamp.txt of any earlier time, or of text that is no time at all (no time = not late), escaped the penalty.
@pytest.mark.parametrize("claimed", ["2020-01-01 00:00:00.000000 UTC", "on time, honestly"], ids=["early", "garbage"])
def test_the_collected_time_is_the_records_checked_time_not_the_students_file(claimed, tmp_path):
    from datetime import datetime, timezone
    from autograder import nbgrader_bridge as bridge
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    name = f"{STUDENT}+{WEEK.name}+{now.strftime('%Y-%m-%d %H:%M:%S.%f')} UTC+a1b2c3"
    course = inbound_course(tmp_path, WEEK, {name.encode(): {b"optimizers.py": b"# mine\n",
                                                             b"timestamp.txt": claimed.encode()}})
    proc = collect(course, WEEK)
    assert proc.returncode == 0, proc.stderr
    assert bridge.submitted_timestamp(course.course_dir, STUDENT, WEEK) == now, \
        (course.course_dir / "submitted" / STUDENT / WEEK.name / "timestamp.txt").read_text()


# --- R6-4. `autograder init` made the course directory as readable as its parent --------------------------------
# The new course directory holds the reference solutions, the hidden graders and the answer keys (and later the
# gradebook and every hand-in); init made it with the umask's mode (0755). Where home folders are readable by all
# (Debian and Ubuntu made them 0755 until 21.04), every student of the server read them. The README only said
# "keep this folder private".
@needs_root
def test_a_new_course_directory_is_private_to_its_instructor():
    from autograder.course import init_course
    home = Path(tempfile.mkdtemp(prefix="rt6-home-"))
    try:
        home.chmod(0o755)                                    # a home folder others may enter
        course = home / "optim-2027"
        init_course(course, course_id="optim-2027")
        key = next(course.glob("graders/*/test_*.py"))
        skip_unless_python_runs_as(MALLORY)
        proc = subprocess.run([sys.executable, "-c", "import sys; print(open(sys.argv[1]).read()[:20])", str(key)],
                              user=MALLORY, group=MALLORY, extra_groups=[], capture_output=True, text=True,
                              cwd="/", env={"PATH": "/usr/bin:/bin"})
        assert proc.returncode != 0 and "PermissionError" in proc.stderr, f"a student read {key}: {proc.stdout}"
    finally:
        shutil.rmtree(home, ignore_errors=True)


# --- R6-5. the Gradescope bundle was written as readable by all ----------------------------------------------------
# `autograder gradescope WEEK -o FILE` writes the week's reference solutions and hidden graders into one zip, with
# the umask's mode (0644): written to /tmp or a shared folder (to upload it from another machine), every account
# read it.
def test_the_gradescope_bundle_is_readable_by_its_maker_alone(tmp_path):
    from autograder.gradescope import build_bundle
    from test_gradescope_bundle import WEEK as GS_WEEK
    bundle = build_bundle(WEEKS[GS_WEEK], tmp_path / "bundle.zip")
    assert bundle.stat().st_mode & 0o077 == 0, oct(bundle.stat().st_mode)


def test_a_gradescope_build_that_fails_half_way_keeps_the_previous_bundle(tmp_path, monkeypatch):
    """(review56's left-alone note) the bundle is renamed into place when complete: a failure while adding files
    leaves the previous bundle byte for byte and no partial zip beside it."""
    from autograder import gradescope
    from test_gradescope_bundle import WEEK as GS_WEEK
    out = tmp_path / "bundle.zip"
    before = gradescope.build_bundle(WEEKS[GS_WEEK], out).read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(gradescope, "_add_tree", broken)
    with pytest.raises(OSError, match="disk full"):
        gradescope.build_bundle(WEEKS[GS_WEEK], out)
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["bundle.zip"]
