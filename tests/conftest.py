"""Course CI's shared set-up: the engine fixtures are not course tests; graders' markers; other Pythons;
the installed package."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# the engine fixtures are grader modules run by the engine, not course tests
collect_ignore_glob = ["fixtures/*"]


def pytest_configure(config):
    from autograder.grading import register_markers
    register_markers(config)              # graders' markers: tests load grader helpers
    config.addinivalue_line("markers", "notebook: runs a notebook in a Jupyter kernel")


REPO = Path(__file__).resolve().parent.parent


def python_of(version: str) -> str | None:
    """``python3.9`` on the PATH, else pyenv's installed 3.9.x (a pyenv shim may not run the version it names)."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"), "versions")
    candidates = [shutil.which(f"python{version}")] + [str(v / "bin" / "python3")
                                                      for v in sorted(pyenv.glob(f"{version}.*"), reverse=True)]
    for python in filter(None, candidates):
        real = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                              capture_output=True, text=True)
        if real.returncode == 0 and real.stdout.strip() == version:
            return python
    return None


@pytest.fixture(scope="session")
def find_python():
    """``find_python("3.9")``: an interpreter of that version installed here, or None."""
    return python_of


def answer_like_the_reference(notebook: Path, week: str) -> None:
    """Write the reference's answers (from the week's source notebook) into the answer cells of ``notebook``,
    a released copy: what a student who answered everything hands in."""
    import json
    source = json.loads((REPO / "assignments" / week / f"{week}.ipynb").read_text())
    answers = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in source["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").startswith("q_")}
    released = json.loads(notebook.read_text())
    for cell in released["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell["source"] = answers[gid]
    notebook.write_text(json.dumps(released))


@pytest.fixture(scope="session")
def answer_notebook():
    """``answer_notebook(path, week)``: see answer_like_the_reference."""
    return answer_like_the_reference


def shared_python() -> str:
    """A Python of at least the version the package requires that every local user can run (the system's
    python3 when it is new enough: a pyenv build under /root is not reachable for other accounts)."""
    system = Path("/usr/bin/python3")
    if system.exists():
        version = subprocess.run([str(system), "-c", "import sys; print(sys.version_info >= (3, 11))"],
                                 capture_output=True, text=True).stdout.strip()
        if version == "True":
            return str(system)
    return sys.executable


@pytest.fixture(scope="session")
def installed_autograder():
    """This project installed as a real package -- `pip install .[nbgrader]`, not editable -- into a fresh
    virtual environment outside the repository, in a folder every user can read (the multi-user test's
    accounts run it). Returns the venv's bin/ folder. Built once per test session (~1.5 min)."""
    base = Path(tempfile.mkdtemp(prefix="optim-package-", dir="/tmp"))
    base.chmod(0o755)
    try:
        src = base / "src"                      # the package's sources only: pip writes its build files there
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(REPO / name, src)
        shutil.copytree(REPO / "autograder", src / "autograder",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        made = subprocess.run([shared_python(), "-m", "venv", str(base / "venv")], capture_output=True, text=True)
        if made.returncode != 0:
            pytest.skip(f"no virtual environment could be made here: {made.stderr[-300:]}")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        pip = subprocess.run([str(base / "venv" / "bin" / "python"), "-m", "pip", "install", "-q",
                              "--disable-pip-version-check", f"{src}[nbgrader]"],
                             capture_output=True, text=True, env=env, timeout=1800)
        if pip.returncode != 0:
            pytest.skip(f"pip install .[nbgrader] failed here (no package index?): {pip.stderr[-500:]}")
        yield base / "venv" / "bin"
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def selftest_outcomes():
    """Every catalogue case of every week graded once (``autograder selftest``), shared by the graders' tests
    and the kit's parity test (the largest part of the suite's time: graded once, not twice)."""
    from autograder import selftest
    from autograder.weeks import WEEKS
    return {week: selftest.run(WEEKS[week], jobs=2) for week in WEEKS}
