"""The Gradescope bundle grades exactly like `autograder grade`.

The test builds the bundle, unzips it the way Gradescope does into a
temporary root laid out like Gradescope's container (``<root>/source`` = the
bundle, ``<root>/submission`` = the student's upload, ``<root>/results``),
runs ``run_autograder`` with ``AUTOGRADER_ROOT=<root>``, and compares
results.json with what ``autograder grade`` gives for the same files.

``setup.sh`` is not run: it installs system packages with apt-get and the
pinned requirements from PyPI as root, which course CI neither can nor should
do. Its job -- a Python with exactly the pinned requirements -- is already done
by this project's venv, so the venv's ``bin`` goes first on PATH instead, and
the test checks that the venv really has the pinned versions.
"""
from __future__ import annotations

import importlib.metadata as md
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.engine.runner import grade
from autograder.gradescope import build_bundle, find_submission
from autograder.catalogue import load
from autograder.selftest import build_case
from autograder.weeks import WEEKS, get_week

WEEK = "week3_schedules"     # complete graders and a catalogue, and the fastest week to grade


def _unzip(bundle: Path, dest: Path) -> None:
    """Extract keeping the permission bits stored in the zip (Python's zipfile drops them)."""
    with zipfile.ZipFile(bundle) as zf:
        for info in zf.infolist():
            path = Path(zf.extract(info, dest))
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                path.chmod(mode)


def _summary(result: dict) -> tuple:
    return (result["score"], [(t["name"], t["score"], t["max_score"], t["status"]) for t in result["tests"]])


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    week = get_week(WEEK)
    if not (week.grader_dir / "probes.py").exists():
        pytest.skip(f"{WEEK} has no graders yet")
    return build_bundle(week, tmp_path_factory.mktemp("bundle") / "bundle.zip")


def test_bundle_holds_the_week_and_nothing_else(bundle):
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
        requirements = zf.read("requirements.txt").decode()
    assert {"setup.sh", "run_autograder", "requirements.txt"} <= names
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    week = get_week(WEEK)
    assert f"autograder/graders/{WEEK}/probes.py" in names
    assert f"solutions/{WEEK}/{week.modules[0]}.py" in names
    assert any(n.startswith("solutions/common/") for n in names)
    for other in WEEKS:
        if other != WEEK:
            assert not any(n.startswith(f"autograder/graders/{other}/") for n in names), other
            assert not any(n.startswith(f"solutions/{other}/") for n in names), other
    assert not any(n.startswith(("tests/", "student_template/", "assignments/")) for n in names)
    assert not any("__pycache__" in n for n in names)
    pins = [line for line in requirements.splitlines() if line and not line.startswith("#")]
    assert pins and all("==" in line for line in pins), pins
    for line in pins:          # the venv that stands in for setup.sh has exactly these versions
        name, version = line.split("==")
        assert md.version(name) == version, line


def test_run_autograder_gives_the_same_results_as_grade(bundle, tmp_path):
    week = get_week(WEEK)
    mistakes, _ = load(week)
    assert mistakes, f"{WEEK} has no catalogued mistakes"
    cases = tmp_path / "cases"
    build_case(week, cases / "reference", {})
    build_case(week, cases / "buggy", mistakes[0].edits)
    direct = grade(week, [cases / "reference", cases / "buggy"], tmp_path / "direct", show_progress=False)
    assert direct["reference"]["score"] == direct["reference"]["max_score"]
    assert direct["buggy"]["score"] < direct["buggy"]["max_score"]

    venv_bin = str(Path(sys.executable).parent)
    for case, upload in (("reference", "."), ("buggy", "my_work/week3")):   # files at the top, or in a sub-folder
        root = tmp_path / f"gradescope-{case}"
        _unzip(bundle, root / "source")
        shutil.copytree(cases / case, root / "submission" / upload)
        (root / "results").mkdir()
        # Gradescope copies run_autograder next to source/ and runs it from there
        shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
        (root / "run_autograder").chmod(0o755)
        env = dict(os.environ, AUTOGRADER_ROOT=str(root), PATH=venv_bin + os.pathsep + os.environ["PATH"])
        env.pop("PYTHONPATH", None)
        proc = subprocess.run([str(root / "run_autograder")], env=env, cwd=root, capture_output=True,
                              text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
        result = json.loads((root / "results" / "results.json").read_text())
        assert _summary(result) == _summary(direct[case]), proc.stdout + proc.stderr[-2000:]
        assert set(result) <= {"score", "execution_time", "output", "output_format", "visibility",
                               "stdout_visibility", "extra_data", "tests"}
        assert all(t["visibility"] in ("visible", "after_published") for t in result["tests"])


def test_a_submission_without_the_week_files_still_gets_a_result(bundle, tmp_path):
    root = tmp_path / "gs"
    _unzip(bundle, root / "source")
    (root / "submission").mkdir(parents=True)
    (root / "submission" / "notes.txt").write_text("I forgot the code")
    env = dict(os.environ, AUTOGRADER_ROOT=str(root),
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads((root / "results" / "results.json").read_text())
    assert result["score"] == 0
    assert "none of the week's files" in result["output"]


def test_find_submission_picks_the_shallowest_folder_with_the_files(tmp_path):
    week = get_week(WEEK)
    module = f"{week.modules[0]}.py"
    (tmp_path / "__MACOSX" / "x").mkdir(parents=True)
    (tmp_path / "__MACOSX" / "x" / module).write_text("junk")
    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    (tmp_path / "a" / "b" / module).write_text("x = 1")
    (tmp_path / "a" / "b" / "c" / module).write_text("x = 2")
    assert find_submission(week, tmp_path) == tmp_path / "a" / "b"
    (tmp_path / module).write_text("x = 3")
    assert find_submission(week, tmp_path) == tmp_path
    upload = tmp_path / "zipped"
    upload.mkdir()
    (upload / "work.zip").write_bytes(b"PK")
    assert find_submission(week, upload) == upload / "work.zip"
