"""Red team, round 5 (branch redteam5): attacks on main after the twins (R4-2) and the protocol's checks.

Each test is an attack that worked when it was written (REDTEAM.md, section "Round 5", says how and what it did)
and now guards its defence: it fails with the defence removed. Destructive attempts aim at canaries.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from autograder.kit.declare import TWIN_SAYS
from autograder.weeks import WEEKS
from test_redteam import grade_one, needs_bwrap
from test_redteam4 import memorised_schedules


# --- R5-1. a hidden twin's failure told the student the twin's inputs and values -------------------------------
# The twin (kit/declare.Twin) is the same check on inputs that are not released; its failure was shown with the
# judge's message ("cosine_annealing(t=0, T=30, lr_max=0.3) should be 0.3, got 0.05") and figure, and a crash
# with the exception's text -- which the student writes (an exception carrying repr(kwargs)). One failing
# submission released every twin's inputs and answers: the next one is a table of those too.
LEAK = '(_ for _ in ()).throw(ValueError("LEAKED %r %r" % (args, kwargs)))'


@needs_bwrap
@pytest.mark.parametrize("otherwise", ["0.05", LEAK], ids=["wrong-values", "exception-text"])
def test_a_twins_failure_shows_neither_its_inputs_nor_its_values(otherwise, tmp_path):
    source, _ = memorised_schedules(otherwise=otherwise)
    result = grade_one(tmp_path, "week3_schedules", "memo", {"schedules": source})
    twins = [t for t in result["tests"] if t["output"].startswith(TWIN_SAYS)]
    assert len(twins) >= 5, [t["output"][:80] for t in result["tests"]]
    for t in twins:
        assert t["score"] == 0
        shown = t["output"]
        assert "LEAKED" not in shown and "should be" not in shown and "(t=" not in shown and "step=" not in shown \
            and "epoch=" not in shown, shown
        assert "figure" not in t["extra_data"], t["name"]


# --- R5-2. one student's record stopped nbgrader collect for the whole class ------------------------------------
# SafeCollect (autograder/nbgrader_exchange.py) calls nbgrader's init_src, which parses every inbound record's
# name: a record named `mallory+<week>+<bytes that are not a time>+x` raised dateutil's ParserError -- a traceback,
# nobody collected. And as the (non-root) instructor, a record holding a file or folder its student made
# unreadable (chmod 000) raised shutil.Error in the copy: the students after it were not collected, and that
# student's half-made copy stayed in submitted/.
def inbound_course(root: Path, week, records: dict[str, dict[bytes, bytes]]):
    """A demo course whose exchange inbound holds ``records`` (folder name as bytes -> {name: bytes})."""
    from autograder import demo
    course = demo.make_course(root / "course-root", [week])
    inbound = course.exchange / course.course_id / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    for folder, files in records.items():
        record = os.fsencode(inbound) + b"/" + folder
        os.mkdir(record)
        for name, content in files.items():
            with open(record + b"/" + name, "wb") as fh:
                fh.write(content)
    return course


def honest(student: str, minute: int, week) -> tuple[bytes, dict]:
    return (f"{student}+{week.name}+2026-12-03 10:{minute:02d}:00.000000 UTC+a1b2c{minute}".encode(),
            {b"optimizers.py": f"# {student}\n".encode()})


def collected(course) -> list[str]:
    submitted = course.course_dir / "submitted"
    return sorted(p.name for p in submitted.iterdir() if (p / "week2_optimizers" / "optimizers.py").is_file()) \
        if submitted.is_dir() else []


def skip_unless_python_runs_as(uid: int) -> None:
    """A test that runs this Python as another user needs the checkout open to others: a clone inside a folder
    only its owner may enter (``mktemp -d`` makes one 0700) is skipped, saying so, as tests/test_multiuser.py is."""
    try:
        runs = subprocess.run([sys.executable, "-c", "pass"], user=uid, group=uid, extra_groups=[], cwd="/",
                              env={"PATH": "/usr/bin:/bin"}, capture_output=True).returncode == 0
    except PermissionError:
        runs = False
    if not runs:
        pytest.skip(f"uid {uid} cannot run {sys.executable}: the checkout is in a folder closed to other users")


def collect(course, week, user: int | None = None) -> subprocess.CompletedProcess:
    """``nbgrader collect WEEK`` in ``course`` (as uid ``user``: the instructor is not root on a real server)."""
    from autograder import nbgrader_bridge as bridge
    cmd = [sys.executable, "-m", "nbgrader", "collect", week.name]
    env = bridge.nbgrader_env(course.env)
    as_user = {}
    if user is not None:
        skip_unless_python_runs_as(user)
        as_user = {"user": user, "group": user, "extra_groups": []}
        env["HOME"] = str(course.course_dir)           # root's HOME is not theirs (IPython's profile folder)
    return subprocess.run(cmd, cwd=course.course_dir, env=env, capture_output=True, text=True, **as_user)


@pytest.mark.parametrize("name", [b"mallory+week2_optimizers+\xff\xfe+zz", b"mallory+week2_optimizers+soon+zz"],
                         ids=["undecodable", "not-a-time"])
def test_a_record_with_an_unreadable_name_stops_no_ones_collect(name, tmp_path):
    week = WEEKS["week2_optimizers"]
    course = inbound_course(tmp_path, week, dict([honest("alice", 1, week), (name, {b"optimizers.py": b"#"}),
                                                  honest("carol", 3, week)]))
    proc = collect(course, week)
    assert collected(course) == ["alice", "carol"], proc.stderr
    assert proc.returncode == 1 and "Not collected" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


NOBODY = 65534


@pytest.mark.skipif(os.geteuid() != 0, reason="collects as another user (the instructor is not root)")
@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_record_the_instructor_cannot_read_stops_no_ones_collect(locked):
    week = WEEKS["week2_optimizers"]
    root = Path(tempfile.mkdtemp(prefix="rt5-collect-"))     # not under pytest's 0700 folder: `nobody` works here
    try:
        root.chmod(0o755)
        (bob, files), (carol, carol_files) = honest("bob", 2, week), honest("carol", 3, week)
        course = inbound_course(root, week, dict([honest("alice", 1, week), (bob, files), (carol, carol_files)]))
        record = course.exchange / course.course_id / "inbound" / bob.decode()
        locked_path = record / ("secret.py" if locked == "file" else "notes")
        if locked == "folder":
            locked_path.mkdir()
            (locked_path / "a.txt").write_text("a")
        else:
            locked_path.write_text("x")
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(root)], check=True)
        locked_path.chmod(0)
        proc = collect(course, week, user=NOBODY)
        assert collected(course) == ["alice", "carol"], proc.stderr
        assert not (course.course_dir / "submitted" / "bob").exists() or \
            not any((course.course_dir / "submitted" / "bob").rglob("*")), "bob's half-made copy was left"
        assert proc.returncode == 1 and bob.decode() in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    finally:
        subprocess.run(["chmod", "-R", "u+rwX", str(root)])
        shutil.rmtree(root, ignore_errors=True)


# --- R5-3. a zygote command cut short left its reply for the next submission -------------------------------------
# Zygote._command sends a command (spawn, kill) and reads the zygote's reply. Cut short between the two -- the
# grader's own time bound (plugin.JudgingTooLong, a signal) firing there, a timeout -- the reply stayed in the
# socket: the next command read it. The next submission's spawn then read the kill's {"status": ...}: KeyError
# 'pid' (a grader error, exit 3, for a classmate who did nothing); the one after got another child's pid.
ADD = "def add(mods, a, b):\n    return mods.toy.add(a, b)\n"


def _process_tree(pid: int) -> list[int]:
    found = [pid]
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found += _process_tree(int(entry))
        except OSError:
            pass
    return found


class Cut(BaseException):
    """What a signal handler raises (as plugin.JudgingTooLong does)."""


@needs_bwrap
def test_a_zygote_command_cut_short_never_answers_the_next_submission():
    import signal
    from autograder.engine.sandbox import Session, Zygote
    zygote = Zygote("auto", trusted={"probes": ADD})
    try:
        first = Session(zygote, "x", {"toy": "def add(a, b):\n    return a + b\n"})
        assert first.probe("add", a=3, b=4) == 7
        stopped = _process_tree(zygote.proc.pid)
        for pid in stopped:                      # the zygote is slow to answer (a loaded machine) ...
            os.kill(pid, signal.SIGSTOP)

        def cut(*_):
            raise Cut()
        previous = signal.signal(signal.SIGALRM, cut)
        signal.setitimer(signal.ITIMER_REAL, 0.3)   # ... and the kill command is cut short meanwhile
        try:
            with pytest.raises(Cut):
                first.close(wait=True)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            for pid in stopped:
                try:
                    os.kill(pid, signal.SIGCONT)
                except ProcessLookupError:
                    pass
        for product, toy in [(12, "a * b"), (-1, "a - b")]:
            later = Session(zygote, "x", {"toy": f"def add(a, b):\n    return {toy}\n"})
            assert later.probe("add", a=3, b=4) == product
            later.close(wait=True)
    finally:
        zygote.stop()


# --- R5-5. zip_collect unpacked whatever an upload held ---------------------------------------------------------
# nbgrader's ExtractorPlugin unpacks every archive of the download with no bound, and every archive found inside
# (`unzip(tree=True)` walks until no new archive appears): one student's 70 kB upload of a 70 MB file of zeros, or
# of 2,000 entries, or archives inside archives, is unpacked in full into the instructor's course folder, the
# whole class waiting behind it. The course's extractor (nbgrader_extractor.BoundedExtractor) unpacks an upload
# only within 500 entries and 50 MB, leaves archives inside an upload packed, and names what it refused.
def _zip(entries: dict[str, bytes]) -> bytes:
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


def zip_collect(root: Path, uploads: dict[str, bytes]):
    """A course whose LMS download holds alice's and carol's plain files and ``uploads`` (name -> the bytes a
    student uploaded); then zip_collect. (the course, the command's result)"""
    from autograder import demo
    week = WEEKS["week2_optimizers"]
    course = demo.make_course(root / "course-root", [week])
    archive = course.course_dir / "downloaded" / week.name / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    module = (week.solution_dir / "optimizers.py").read_bytes()
    (archive / "lms_download.zip").write_bytes(_zip({"alice_1000_2000_optimizers.py": module,
                                                     "carol_1002_2002_optimizers.py": module, **uploads}))
    return course, subprocess.run([sys.executable, "-m", "nbgrader", "zip_collect", week.name, "--force"],
                                  cwd=course.course_dir, env=_nbgrader_env(course), capture_output=True, text=True)


def _nbgrader_env(course) -> dict:
    from autograder import nbgrader_bridge as bridge
    return bridge.nbgrader_env(course.env)


def _unpacked_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _tar_gz(entries: dict[str, bytes]) -> bytes:
    import io
    import tarfile
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


BOMBS = {
    "big": _zip({"mallory_optimizers.py": b"# x\n", "zeros.bin": bytes(70_000_000)}),         # 70 MB unpacked
    "many": _zip({f"f{i}.txt": b"" for i in range(2_000)}),
    "tar-big": _tar_gz({"zeros.bin": bytes(70_000_000)}),
    "deep": _zip({"a/" * 1_200 + "x.txt": b"x"}),          # nbgrader's os.walk of extracted/ recursed: nobody
    "nested": _zip({"inner.zip": _zip({"inner2.zip": _zip({"zeros.bin": bytes(20_000_000)})})}),
}


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_an_upload_is_unpacked_only_within_its_bounds(bomb, tmp_path):
    upload = "mallory_1001_2001_my_work" + (".tar.gz" if bomb.startswith("tar") else ".zip")
    try:
        course, proc = zip_collect(tmp_path, {upload: BOMBS[bomb]})
        extracted = course.course_dir / "downloaded" / "week2_optimizers" / "extracted"
        assert _unpacked_bytes(extracted) < 10_000_000, f"{_unpacked_bytes(extracted):,} bytes unpacked"
        assert collected(course) == ["alice", "carol"], proc.stderr
        if bomb == "nested":     # the upload is unpacked; the archive inside it stays packed, and is named
            assert "inner.zip" in proc.stderr and proc.returncode == 0, proc.stderr
        else:                    # refused, named, and the command says it failed once the class is collected
            assert upload in proc.stderr and proc.returncode == 1, proc.stderr
    finally:
        remove_deep(tmp_path)    # nbgrader's extractor unpacks the deep one (as it was)


# --- R5-4. a folder nested inside a student's own upload ----------------------------------------------------------
# The zip_collect collector gave a file to the NEAREST folder above it whose name the course's regexp reads as a
# student: a folder inside mallory's upload named `bob_1/` handed in bob's optimizers.py (bob handed in nothing; or,
# had he, "Duplicate submission file" stopped the whole class); a copy of the week's folder nested inside her
# upload (`week2_optimizers/`) became a student "week2". And one student's upload holding the same file twice
# (`optimizers.py` and `old/optimizers.py`) stopped nbgrader on "Duplicate submission file": nobody was collected.
@pytest.mark.parametrize("nested", ["bob_1/optimizers.py", "week2_optimizers/optimizers.py", "old/optimizers.py"])
def test_a_folder_nested_in_an_upload_hands_in_for_no_one_else_and_stops_nothing(nested, tmp_path):
    upload = _zip({"optimizers.py": b"# mallory's\n", nested: b"# an old copy\n"})
    course, proc = zip_collect(tmp_path, {"mallory_1001_2001_my_work.zip": upload})
    assert collected(course) == ["alice", "carol", "mallory"], proc.stderr[-3000:]
    mallory = course.course_dir / "submitted" / "mallory" / "week2_optimizers" / "optimizers.py"
    assert mallory.read_text() == "# mallory's\n"        # the shallowest copy, as `autograder grade` reads a zip
    assert proc.returncode == 0 and nested in proc.stderr, proc.stderr[-3000:]    # the copy skipped is named


# --- R5-6. a hand-in folder of a huge number of entries ------------------------------------------------------------
# Reading a hand-in listed every name in its folder (os.listdir, a set, a sort) -- in the runner (the resume key),
# in discovery (a folder without the week's files was scanned as a class: one lstat per entry) and in the worker:
# 200,000 empty files held the runner ~10 s and ~90 MB before grading began; millions, minutes and gigabytes,
# outside every limit. Now a hand-in folder of more than 10,000 entries is refused, said in words, unread.
@needs_bwrap
def test_a_hand_in_folder_of_too_many_entries_is_refused_unread(tmp_path):
    from autograder.engine.runner import grade
    from autograder.engine.submissions import MAX_FOLDER_ENTRIES
    from test_redteam import submission
    week = WEEKS["week2_optimizers"]
    submitted = tmp_path / "submitted"
    submission(submitted / "alice" / week.name, week.name)
    crowded = submission(submitted / "bob" / week.name, week.name)
    for i in range(MAX_FOLDER_ENTRIES + 1):
        (crowded / f"junk{i}").touch()
    results = grade(week, [submitted], tmp_path / "out", show_progress=False)
    assert not results.failed, results.failed
    assert results["alice"]["score"] == 100
    bob = results["bob"]
    assert bob["score"] == 0 and any(f"more than {MAX_FOLDER_ENTRIES:,} files" in t["output"] for t in bob["tests"]), \
        [t["output"][:200] for t in bob["tests"]][:3]


# --- R5-7. a student whose id is a week file's name made the whole class one hand-in -------------------------------
# Discovery took a folder holding any of the week's file NAMES as one hand-in -- checked with exists(), true for a
# folder too. A student id `optimizers.py` (an LMS display name the student sets, read by a Moodle-style regexp;
# a Unix account `optimizers.py`) puts a folder of that name in submitted/: `autograder grade WEEK submitted/`
# then graded ONE hand-in named "submitted" (its optimizers.py "not a regular file"), nobody in the class graded.
def test_a_student_named_like_a_week_file_leaves_the_class_a_class(tmp_path):
    from autograder.engine.submissions import discover
    from test_redteam import submission
    week = WEEKS["week2_optimizers"]
    submitted = tmp_path / "submitted"
    for student in ("alice", "optimizers.py", week.notebook):
        submission(submitted / student / week.name, week.name)
    found = {where.name: where.path for where in discover(week, [submitted])}
    assert sorted(found) == sorted(["alice", "optimizers.py", week.notebook]), found


# --- R5-8. collect --update deleted a student's collected hand-in before refusing the newer record -----------------
# nbgrader's copy_files removes submitted/<student>/<week> before it copies a newer record; a record over
# CourseDirectory.max_dir_size was refused only then, in do_copy (on main: a RuntimeError for the whole class; with
# R5-2 alone: that record left out) -- either way the student's earlier, collected hand-in was already deleted.
def test_a_newer_record_refused_never_costs_the_collected_one(tmp_path):
    week = WEEKS["week2_optimizers"]
    first, files = honest("bob", 1, week)
    course = inbound_course(tmp_path, week, {first: files})
    options = ["--CourseDirectory.max_dir_size=1"]         # 1,000 bytes: the test's records are 7 and 2,000
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "collect", week.name, *options], cwd=course.course_dir,
                          env=_nbgrader_env(course), capture_output=True, text=True)
    assert collected(course) == ["bob"], proc.stderr
    later = course.exchange / course.course_id / "inbound" / f"bob+{week.name}+2026-12-03 10:09:00.000000 UTC+ffff"
    later.mkdir()
    (later / "optimizers.py").write_bytes(b"#" * 2_000)
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "collect", week.name, "--update", *options],
                          cwd=course.course_dir, env=_nbgrader_env(course), capture_output=True, text=True)
    kept = course.course_dir / "submitted" / "bob" / week.name / "optimizers.py"
    assert kept.is_file() and kept.read_text() == "# bob\n", proc.stderr
    assert proc.returncode == 1 and later.name in proc.stderr, proc.stderr


# --- R5-9. collect copied a record by path: a link swapped in after the check was followed -------------------------
# SafeCollect checked each entry with lstat and then let shutil.copytree copy it by path. The record is its
# student's to change while collect runs: a student who swaps the record folder (or a file, or a subfolder) for a
# link between the two has the instructor copy what the link points to. A loop doing it collected the reference
# solution as mallory's optimizers.py (1 of 6 tries; /tmp/rt5/race.py). The test makes the swap at one moment:
# when nbgrader's ignore patterns are consulted for the record's folder (after the listing and the checks, before
# the copy) -- the student's loop hits that window by chance.
SWAP_AND_COLLECT = """
import os, sys
import autograder.nbgrader_exchange as exchange
from nbgrader.apps import NbGraderApp
record, target = sys.argv[1], sys.argv[2]
nbgrader_patterns = exchange.ignore_patterns

def patterns(**kw):
    ignore = nbgrader_patterns(**kw)
    def swapping(folder, names):
        if os.path.realpath(folder) == os.path.realpath(record) and not os.path.islink(record):
            os.rename(record, record + ".old")
            os.symlink(target, record)            # what the student's loop does, at this moment
        return ignore(folder, names)
    return swapping
exchange.ignore_patterns = patterns
sys.argv = ["nbgrader", "collect", sys.argv[3]]
NbGraderApp.launch_instance()
"""


def test_a_link_swapped_in_while_collect_runs_is_never_followed(tmp_path):
    week = WEEKS["week2_optimizers"]
    name, files = honest("mallory", 1, week)
    course = inbound_course(tmp_path, week, {name: files})
    record = course.exchange / course.course_id / "inbound" / name.decode()
    proc = subprocess.run([sys.executable, "-c", SWAP_AND_COLLECT, str(record), str(week.solution_dir), week.name],
                          cwd=course.course_dir, env=_nbgrader_env(course), capture_output=True, text=True)
    got = course.course_dir / "submitted" / "mallory" / week.name / "optimizers.py"
    assert record.is_symlink(), proc.stderr[-2000:]                          # the swap happened
    assert not (got.is_file() and got.read_text() == (week.solution_dir / "optimizers.py").read_text()), \
        "the reference solution was collected as mallory's optimizers.py"


# --- R5-10. a record of folders nested 1,200 deep stopped collect for the class ------------------------------------
# SafeCollect reads a record's ctimes with os.walk (R4-4), which recurses (Python 3.11): a record of 1,200 nested
# folders (a path of 2,400 characters) raised RecursionError in init_src -- a traceback, nobody collected.
def test_a_record_of_deeply_nested_folders_stops_no_ones_collect(tmp_path):
    week = WEEKS["week2_optimizers"]
    records = dict([honest("alice", 1, week), honest("bob", 2, week), honest("carol", 3, week)])
    course = inbound_course(tmp_path, week, records)
    bob = course.exchange / course.course_id / "inbound" / next(r for r in records if r.startswith(b"bob")).decode()
    try:
        fd = os.open(bob, os.O_RDONLY)
        for _ in range(1_200):
            os.mkdir("a", dir_fd=fd)
            inner = os.open("a", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        os.close(fd)
        proc = collect(course, week)
        assert collected(course) == ["alice", "carol"], proc.stderr[-2000:]
        assert proc.returncode == 1 and "Traceback" not in proc.stderr and "more than 100 deep" in proc.stderr
    finally:
        remove_deep(tmp_path)


def remove_deep(folder: Path) -> None:
    """shutil.rmtree recurses too: pytest's own clean-up of an old tmp_path would stop on these folders
    (and every later pytest run of this user with it). GNU rm walks any depth."""
    subprocess.run(["rm", "-rf", "--", str(folder)], check=False)


# --- R5-11. a record's name drove the instructor's terminal ------------------------------------------------------
# SafeCollect's warnings and errors print a record's path as it is: a name holding an escape sequence (the
# student names the record) reaches the terminal of whoever runs collect (RT-11's class: a title change, a
# cleared screen, a line that hides the ones above it).
@pytest.mark.skipif(os.geteuid() != 0, reason="a record owned by another user needs root")
def test_a_records_name_never_reaches_the_terminal_raw(tmp_path):
    week = WEEKS["week2_optimizers"]
    escape = b"\x1b]0;owned\x07\x1b[2J"
    forged = f"bob+{week.name}+2026-12-03 10:05:00.000000 UTC+".encode() + escape
    course = inbound_course(tmp_path, week, dict([honest("alice", 1, week), (forged, {b"optimizers.py": b"#"}),
                                                  (b"mallory+" + week.name.encode() + b"+" + escape + b"+zz",
                                                   {b"optimizers.py": b"#"})]))
    record = course.exchange / course.course_id / "inbound" / forged.decode()
    os.lchown(record, NOBODY, NOBODY)                     # named for bob, made by someone else: refused, said
    proc = collect(course, week)
    assert collected(course) == ["alice"], proc.stderr[-2000:]
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr, [line for line in proc.stderr.splitlines()
                                                                     if "\x1b" in line]
