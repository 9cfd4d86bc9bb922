"""A real package and a course directory: `pip install .` (not editable) gives a working `autograder` that
finds the course from the course directory, never from where it was installed; bootstrap.py says in one
line what is wrong when a requirement cannot be met; `autograder init` makes a course of its own.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from autograder import selftest, weeks
from autograder.weeks import ROOT, WEEKS

WEEK = "week3_schedules"


def user_env(bin_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_COURSE", "VIRTUAL_ENV")}
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "NO_COLOR": "1", **extra}


def test_the_installed_package_holds_no_course(installed_autograder):
    site = subprocess.run([str(installed_autograder / "python"), "-c", "import autograder, os; "
                           "print(os.path.dirname(autograder.__file__))"], capture_output=True, text=True,
                          cwd="/", env=user_env(installed_autograder)).stdout.strip()
    package = Path(site)
    assert "site-packages" in package.parts, package              # the installed copy, not the repository
    files = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()}
    assert "engine/graders.ini" in files and "kit/footer.ipynb" in files      # package data
    assert not any(f.startswith("graders/") or f.endswith("key.py") for f in files), \
        "hidden graders or answer keys were installed with the package"
    assert not (package.parent / "solutions").exists()


def test_the_installed_autograder_finds_the_course_from_the_course_directory(installed_autograder, tmp_path):
    bin_dir, w = installed_autograder, WEEKS[WEEK]
    sub = tmp_path / "ref"
    selftest.build_case(w, sub, {})
    # run inside the course: found from the current folder
    inside = subprocess.run([str(bin_dir / "autograder"), "grade", WEEK, str(sub), "--out", str(tmp_path / "g1")],
                            cwd=ROOT, capture_output=True, text=True, env=user_env(bin_dir), timeout=600)
    assert inside.returncode == 0, inside.stdout + inside.stderr
    assert json.loads((tmp_path / "g1" / "ref" / "results.json").read_text())["score"] == 100
    # elsewhere: --course DIR, or the environment variable
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for how, args, env in (("--course", ["--course", str(ROOT)], {}), ("env", [], {"AUTOGRADER_COURSE": str(ROOT)})):
        proc = subprocess.run([str(bin_dir / "autograder"), *args, "check", WEEK, str(sub)], cwd=outside,
                              capture_output=True, text=True, env=user_env(bin_dir, **env), timeout=600)
        assert proc.returncode == 0 and "All public checks passed" in proc.stdout, (how, proc.stdout + proc.stderr)
    # and nowhere: an error that says what is missing, never the installed package's folder
    lost = subprocess.run([str(bin_dir / "autograder"), "generate", WEEK], cwd=outside, capture_output=True,
                          text=True, env=user_env(bin_dir), timeout=600)
    assert lost.returncode == 2, lost.stdout + lost.stderr
    assert f"{outside} is not a course directory: missing nbgrader_config.py, solutions/, assignments/, " \
           "graders/" in lost.stderr and "autograder init DIR" in lost.stderr


def test_init_makes_a_course_that_every_command_uses(installed_autograder, tmp_path):
    """`autograder init`, then generate (nbgrader included) and grade in the new course, from its folder."""
    bin_dir = installed_autograder
    course = tmp_path / "my-course"
    made = subprocess.run([str(bin_dir / "autograder"), "--course", str(ROOT), "init", str(course),
                           "--course-id", "optim-2027"], capture_output=True, text=True, env=user_env(bin_dir),
                          cwd=tmp_path, timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    assert weeks.is_course(course) and (course / "graders" / WEEK / "key.py").exists()
    assert "optim-2027" in (course / "nbgrader_config.py").read_text()
    release = course / "student_template" / WEEK
    shutil.rmtree(release)
    gen = subprocess.run([str(bin_dir / "autograder"), "generate", WEEK], cwd=course, capture_output=True,
                         text=True, env=user_env(bin_dir), timeout=600)
    assert gen.returncode == 0, gen.stdout + gen.stderr
    assert (release / "public_checks" / "checks.json").exists() and (course / "gradebook.db").exists()
    for rel in ("public_checks/checks.json", "schedules.py", "test_public_checks.py"):      # as this course's
        assert (release / rel).read_text() == (WEEKS[WEEK].template_dir / rel).read_text(), rel
    again = subprocess.run([str(bin_dir / "autograder"), "init", str(course)], cwd=tmp_path, capture_output=True,
                           text=True, env=user_env(bin_dir, AUTOGRADER_COURSE=str(ROOT)), timeout=600)
    assert again.returncode == 2 and "is not empty" in again.stderr


def test_bootstrap_says_in_one_line_that_the_python_is_too_old(tmp_path, find_python):
    python = find_python("3.10")
    if python is None:
        pytest.skip("Python 3.10 is not installed here")
    for name in ("bootstrap.py", "pyproject.toml"):        # a copy: nothing may touch the repository's .venv
        shutil.copy(ROOT / name, tmp_path)
    proc = subprocess.run([python, str(tmp_path / "bootstrap.py"), "demo"], capture_output=True, text=True,
                          timeout=120)
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1, lines
    assert lines[0].startswith("[bootstrap] cannot demo: Python 3.11 or newer is needed") and "3.10" in lines[0]
    assert not (tmp_path / ".venv").exists()
