"""nbgrader's own commands -- the ones formgrader's buttons run -- under the course's nbgrader_config.py.

``nbgrader generate_assignment`` completes the release and fails on a leak; ``nbgrader autograde`` grades
in the sandbox and never runs a student's code itself (a hostile module that would leave a file on the
host when imported leaves none), or refuses naming ``autograder grade``; ``autograder gradebook`` run as
an instructor who is not root replaces what ``nbgrader autograde`` left read-only and reports a student it
cannot import instead of stopping. tests/test_formgrader_browser.py clicks the same buttons in formgrader.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from autograder import demo, nbgrader_bridge as bridge, weeks
from autograder.weeks import get_week
from nbgrader_course import ada_and_eve_submit, gradebook

WEEK = get_week("week2_optimizers")
NOBODY = 65534

@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """ada hands in the reference, eve a module that writes a canary file when imported; both collected."""
    root = tmp_path_factory.mktemp("hooks")
    course = demo.make_course(root, [WEEK])
    demo.generate(course, WEEK)
    demo.release(course, WEEK)
    canary = ada_and_eve_submit(course, WEEK, root)
    demo.collect(course, WEEK)
    return SimpleNamespace(course=course, cdir=course.course_dir, canary=canary)


def test_nbgrader_autograde_grades_in_the_sandbox_and_never_runs_student_code(course):
    """nbgrader's Autograde with the course's config: no Execute; `autograder grade` in the sandbox, the
    import with it, and autograded/ as formgrader needs it."""
    proc = demo.nbgrader(course.course, ["autograde", WEEK.name, "--force"])
    assert proc.returncode == 0
    assert not course.canary.exists(), "a student's module ran outside the sandbox"
    with gradebook(course.cdir) as gb:
        scores = {s: gb.find_submission(WEEK.name, s).score for s in ("ada", "eve")}
    assert scores == {"ada": 100.0, "eve": 12.0}          # eve's notebook answers are right; her module is not
    results = bridge.results_dir(course.cdir, WEEK)
    assert json.loads((results / "eve" / "results.json").read_text())["score"] == 12
    for student in ("ada", "eve"):
        folder = course.cdir / "autograded" / student / WEEK.name
        assert {"optimizers.py", "timestamp.txt", "submission_secret.txt", bridge.RESULTS, WEEK.notebook} <= \
            {p.name for p in folder.iterdir()}
        nb = json.loads((folder / WEEK.notebook).read_text())
        assert any(c["metadata"].get("nbgrader", {}).get("grade_id") == "sgd" for c in nb["cells"])
        assert not any(c.get("outputs") for c in nb["cells"]), "nothing was executed"


def test_nbgrader_autograde_refuses_when_the_sandbox_cannot_grade(course, tmp_path):
    """No bubblewrap on PATH: `autograder grade` grades nothing, and Autograde fails naming that command;
    the student's code still never runs."""
    cdir = tmp_path / "course"
    shutil.copytree(course.cdir, cdir)
    env = dict(course.course.env, PATH=str(Path(sys.executable).parent))
    proc = bridge.nbgrader(["autograde", WEEK.name, "--force", "--student", "eve"], cdir, env=env, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "autograder grade week2_optimizers" in out and "nothing of the student's ran outside it" in out
    assert not course.canary.exists()


def test_without_the_autograder_package_the_buttons_are_switched_off(course, tmp_path):
    """A course whose nbgrader_config.py cannot import the autograder (a broken install): nbgrader's own
    Autograde would run the student's code unsandboxed, Generate Feedback would replace the pages and
    Generate would release no stubs, so each stops with 'switched off', naming the autograder's commands;
    the student's code never runs."""
    cdir = tmp_path / "course"
    shutil.copytree(course.cdir, cdir)
    # the course's config as `autograder init` writes it: the repository's text, not a link to it
    (cdir / "nbgrader_config.py").write_text(bridge.REPO_CONFIG.read_text() + "\n".join([
        f"c.CourseDirectory.course_id = {course.course.course_id!r}",
        f"c.Exchange.root = {str(course.course.exchange)!r}", ""]))
    broken = tmp_path / "site" / "autograder"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text('raise ImportError("a half-installed autograder")\n')
    env = dict(course.course.env, PYTHONPATH=str(broken.parent))
    shutil.copytree(cdir / "submitted" / "ada", cdir / "autograded" / "ada", dirs_exist_ok=True)   # feedback's input
    for command in (["autograde", WEEK.name, "--force", "--student", "eve"],
                    ["generate_feedback", WEEK.name, "--force", "--student", "ada"],
                    ["generate_assignment", WEEK.name, "--force"]):
        proc = bridge.nbgrader(command, cdir, env=env, check=False)
        out = proc.stdout + proc.stderr
        assert proc.returncode != 0, command
        assert "could not import the autograder package (a half-installed autograder)" in out
        assert "switched off" in out and "use `autograder generate`, `autograder grade` and `autograder feedback`" in out
    assert not course.canary.exists()
    assert not list((cdir / "feedback").rglob("*.html"))


def test_nbgrader_generate_assignment_fails_on_a_leak_and_releases_nothing(course, tmp_path):
    """A solution line pasted into the source notebook: generate_assignment (formgrader's Generate) fails
    with the leak named, and no released notebook is left."""
    cdir = tmp_path / "course"
    shutil.copytree(course.cdir, cdir, ignore=shutil.ignore_patterns("gradebook.db"))
    source = cdir / "assignments" / WEEK.name / WEEK.notebook
    nb = json.loads(source.read_text())
    secret = next(line.strip() for line in (WEEK.solution_dir / "optimizers.py").read_text().splitlines()
                  if "np.sqrt" in line and "=" in line and not line.strip().startswith("#"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": secret, "id": "leak"})
    source.write_text(json.dumps(nb))
    proc = bridge.nbgrader(["generate_assignment", WEEK.name, "--force"], cdir, env=course.course.env, check=False)
    assert proc.returncode != 0
    assert f"hidden material (solution code, hidden tests, the answer key) reached the release; the files were " \
           f"deleted from {cdir / 'student_template' / WEEK.name} so they cannot be released: {WEEK.notebook}" \
           in proc.stdout + proc.stderr
    assert not (cdir / "student_template" / WEEK.name / WEEK.notebook).exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run the command as another user (setpriv)")
def test_gradebook_as_an_instructor_replaces_read_only_files_and_names_who_failed(course):
    """After nbgrader autograde (files mode 444), `autograder gradebook` as a user who is not root
    replaces them; a student whose folder it cannot write is named, the others are imported."""
    if not (course.cdir / "autograded" / "ada" / WEEK.name / bridge.RESULTS).exists():
        pytest.skip("needs test_nbgrader_autograde_grades_in_the_sandbox_and_never_runs_student_code first")
    env = dict(course.course.env, PYTHONPATH=os.pathsep.join(sys.path))
    as_nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable]
    probe = subprocess.run(as_nobody + ["-c", "import autograder.cli"], capture_output=True, text=True, env=env,
                           cwd="/")
    if probe.returncode != 0:          # e.g. a checkout inside a mode-0700 folder (mktemp -d): no other user can
        pytest.skip(f"user {NOBODY} cannot import this checkout's autograder: {probe.stderr.strip()[-200:]}")
    home = Path(tempfile.mkdtemp(prefix="instructor-"))        # pytest's own folders are root's alone
    try:
        cdir = home / "course"
        shutil.copytree(course.cdir, cdir)
        # the demo's nbgrader folder made a whole course (`autograder gradebook` works in the course's own)
        shutil.copytree(weeks.SOLUTIONS, cdir / "solutions")
        shutil.copytree(weeks.GRADERS, cdir / "graders")
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(home)], check=True)
        ada = cdir / "autograded" / "ada" / WEEK.name
        assert oct((ada / WEEK.notebook).stat().st_mode & 0o777) == "0o444"          # as nbgrader left them
        (ada / bridge.RESULTS).write_bytes(b"{}")                                     # stale: must be replaced
        (ada / bridge.RESULTS).chmod(0o444)
        eve = cdir / "autograded" / "eve" / WEEK.name
        os.chown(eve, 0, 0)
        eve.chmod(0o555)                                                              # a folder it cannot write
        env["HOME"] = str(home)
        proc = subprocess.run(as_nobody + ["-m", "autograder.cli", "gradebook", WEEK.name,
                                           str(cdir / "graded" / WEEK.name), "--course", str(cdir)],
                              capture_output=True, text=True, env=env, cwd=cdir)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "eve was not imported: PermissionError" in proc.stderr and "Traceback" not in proc.stderr
        assert json.loads((ada / bridge.RESULTS).read_text())["score"] == 100
        assert "ada" in proc.stdout
    finally:
        shutil.rmtree(home, ignore_errors=True)
