"""A fifth week in an afternoon: `autograder new-week` makes a week that every command accepts as it is.

In a throw-away course (`autograder init` into tmp_path), `autograder new-week week5_example`, then, with no
edit anywhere: generate (nbgrader and the stubs), the public checks (`python -m pytest` in the released
folder, and `autograder check`), grade (in bubblewrap), selftest and gradescope (the bundle built, and its
run_autograder grading a hand-in). The reference scores 100, the stubs 0, the catalogued mistake loses points
and is named; nothing outside the new week's folders changes. About 40 s.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from autograder import catalogue, selftest, weeks
from autograder.engine.sandbox import bubblewrap_available
from autograder.engine.runner import grade
from autograder.kit.build import FOLDER
from autograder.kit.runner import run as run_kit
from autograder.new_week import check_names

WEEK = "week5_example"
REPO = Path(__file__).resolve().parent.parent
# what the commands themselves write into a course, besides the week's own folders
TERM_FILES = {"gradebook.db"}


def env(**extra) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in ("AUTOGRADER_COURSE", "VIRTUAL_ENV")}
    return {**base, "PYTHONPATH": str(REPO), "NO_COLOR": "1", **extra}


def autograder(*args, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env=env(), timeout=timeout)


def snapshot(course: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file of the course, except the new week's folders and nbgrader's db."""
    own = {f"{top}/{WEEK}" for top in ("solutions", "assignments", "student_template", "graders")}
    out = {}
    for path in sorted(course.rglob("*")):
        rel = path.relative_to(course).as_posix()
        if path.is_file() and rel not in TERM_FILES and not any(rel.startswith(o + "/") for o in own) \
                and "__pycache__" not in rel:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def as_week(course: Path) -> weeks.Week:
    """The new week, with the throw-away course's folders written in (this process's course stays the repo's)."""
    week = weeks.load_week(course / "graders" / WEEK)
    return replace(week, solutions_root=str(course / "solutions"), graders_root=str(course / "graders"),
                   template_root=str(course / "student_template"))


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("course") / "my-course"
    made = autograder("--course", str(REPO), "init", str(course), cwd=tmp_path_factory.getbasetemp())
    assert made.returncode == 0, made.stdout + made.stderr
    return course


@pytest.fixture(scope="module")
def scaffolded(course) -> dict[str, str]:
    """The course after `new-week`; returns the snapshot of everything else, taken before it."""
    before = snapshot(course)
    made = autograder("new-week", WEEK, cwd=course)
    assert made.returncode == 0, made.stdout + made.stderr
    assert snapshot(course) == before, "new-week wrote outside the week's folders"
    return before


def test_new_week_writes_a_declared_week_and_never_overwrites(course, scaffolded):
    week = weeks.load_week(course / "graders" / WEEK)
    assert week.modules == ("example",) and week.question_points == 10
    assert (course / "solutions" / WEEK / "example.py").exists()
    assert (course / "assignments" / WEEK / f"{WEEK}.ipynb").exists()
    again = autograder("new-week", WEEK, cwd=course)
    assert again.returncode == 2 and "already has a week" in again.stderr, again.stderr
    for bad, why in (("Week6", "cannot name a week"), ("week6_x --module random", "standard library"),
                     ("week6_x --module probes", "grader module"), ("week6_x --module surfaces", "given module")):
        proc = autograder("new-week", *bad.split(), cwd=course)
        assert proc.returncode == 2 and why in proc.stderr, (bad, proc.stderr)
    assert not (course / "graders" / "week6_x").exists()


def test_every_command_accepts_the_new_week_as_it_is(course, scaffolded, tmp_path):
    if not bubblewrap_available():
        pytest.skip("grading needs bubblewrap")
    gen = autograder("generate", WEEK, cwd=course)
    assert gen.returncode == 0, gen.stdout + gen.stderr
    release = course / "student_template" / WEEK
    assert {"example.py", f"{WEEK}.ipynb", "test_public_checks.py"} <= {p.name for p in release.iterdir()}
    assert "BEGIN SOLUTION" not in (release / "example.py").read_text()

    week = as_week(course)
    hands = tmp_path / "hands"
    selftest.build_case(week, hands / "reference", {})
    selftest.build_case(week, hands / "stubs", {}, stubs=True)
    (mistake,), (valid,) = catalogue.load(week)
    selftest.build_case(week, hands / "mistake", mistake.edits)

    # the public checks, as a student runs them: pytest in the released folder (NumPy and pytest only)
    for case, code in (("reference", 0), ("stubs", 1)):
        folder = tmp_path / f"release-{case}"
        shutil.copytree(release, folder)
        for f in (hands / case).iterdir():
            shutil.copy(f, folder)
        proc = subprocess.run([sys.executable, "-m", "pytest"], cwd=folder, capture_output=True, text=True,
                              env={k: v for k, v in env().items() if k != "PYTHONPATH"}, timeout=120)
        assert proc.returncode == code, proc.stdout + proc.stderr
    assert "All public checks passed" in proc.stdout or "TODO" in proc.stdout
    # from another course's folder, --course names the course whose weeks WEEK may be
    other = autograder("--course", str(course), "check", WEEK, str(hands / "reference"), cwd=REPO)
    assert other.returncode == 0 and "All public checks passed" in other.stdout, other.stdout + other.stderr
    check = autograder("check", WEEK, str(hands / "mistake"), cwd=course)
    assert check.returncode == 1 and "whole new value added" in check.stdout, check.stdout

    # the kit's verdicts are grading's: every public check, on every hand (grading only the public tests,
    # each worker a session that grades one hand after another)
    public = grade(week, sorted(hands.iterdir()), tmp_path / "public", public_only=True, show_progress=False)
    for case in ("reference", "stubs", "mistake"):
        local = {o.name: (o.full_marks, o.score, sorted(o.tags))
                 for o in run_kit(hands / case, release / FOLDER).outcomes}
        engine = {t["name"]: (t["status"] == "passed", t["score"], sorted(t["tags"])) for t in public[case]["tests"]}
        assert local == engine and local, (case, local, engine)

    graded = tmp_path / "graded"
    graded_run = autograder("grade", WEEK, *(str(hands / c) for c in ("reference", "stubs", "mistake")), "--out",
                            str(graded), cwd=course)
    assert graded_run.returncode == 0, graded_run.stdout + graded_run.stderr
    results = {c: json.loads((graded / c / "results.json").read_text()) for c in ("reference", "stubs", "mistake")}
    assert results["reference"]["score"] == 100 and results["stubs"]["score"] == 0
    assert 0 < results["mistake"]["score"] < 100
    named = {tag for t in results["mistake"]["tests"] for tag in t.get("tags", [])}
    assert mistake.tag in named, named
    assert results["reference"]["extra_data"]["isolation"] == "bwrap"

    out = tmp_path / "selftest.json"
    st = autograder("selftest", WEEK, "--json", str(out), cwd=course)
    assert st.returncode == 0, st.stdout + st.stderr
    outcomes = {o["case"]: o for o in json.loads(out.read_text())["weeks"][WEEK]["cases"]}
    assert outcomes["reference"]["score"] == 100 and outcomes["stubs"]["score"] == 0
    assert outcomes[f"mistake-{mistake.case}"]["named"] and outcomes[f"valid-{valid.name}"]["score"] == 100

    bundle = tmp_path / "bundle.zip"
    gs = autograder("gradescope", WEEK, "-o", str(bundle), cwd=course)
    assert gs.returncode == 0, gs.stdout + gs.stderr
    root = tmp_path / "gradescope"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
        names = set(zf.namelist())
    assert f"autograder/graders/{WEEK}/week.toml" in names
    assert not any(n.startswith("autograder/graders/week1") for n in names)
    shutil.copytree(hands / "mistake", root / "submission")
    (root / "results").mkdir()
    run = subprocess.run(["bash", str(root / "source" / "run_autograder")], cwd=root, capture_output=True,
                         text=True, env={**env(AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=sys.executable),
                                         "PYTHONPATH": ""}, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    bundled = json.loads((root / "results" / "results.json").read_text())
    assert bundled["score"] == results["mistake"]["score"]

    assert snapshot(course) == scaffolded, "a command wrote outside the new week's folders"


def test_the_new_week_checks_its_names_against_the_course():
    with pytest.raises(weeks.WeekError, match="already has a week"):
        check_names(next(iter(weeks.WEEKS)), "something_new")
