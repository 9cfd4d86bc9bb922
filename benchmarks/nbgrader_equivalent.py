"""The same class in nbgrader's own form: one notebook per student, one grade cell per grader test.

``build_course`` writes an nbgrader course whose source notebook has

1. one solution cell per student module: ``%%writefile <module>.py`` followed
   by the module's code (the stub in the release, the student's code in a
   submission) -- the student's code lives in the notebook, as in any
   nbgrader course;
2. the week's diagnostic-question cells (``q_*``), copied from the student's
   notebook, so tests that read answers see the same answers;
3. a locked set-up cell that imports the student's module into the kernel
   (``nbgrader_kernel.setup``);
4. one autograder test cell (nbgrader grade cell) per grader test, worth the
   test's points, running that test function through ``nbgrader_kernel.check``
   -- the same function, the same arguments, the same checks, the same
   tolerances as ``autograder grade``.

The expected values the ``reference`` fixture answers with are computed here
once, from the solutions (``spec.pkl``), as our engine's reference cache
computes them once per worker. ``nbgrader generate_assignment`` builds the
release and the gradebook; each student's notebook is the released notebook
with the solution cells filled in from the student's files.
"""
from __future__ import annotations

import inspect
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import uuid
import warnings
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
QUESTION = re.compile(r"^q_")


def _cell(kind: str, source: str, **nbgrader) -> dict:
    cell = {"cell_type": kind, "id": uuid.uuid5(uuid.NAMESPACE_URL, source + repr(nbgrader)).hex[:12],
            "metadata": {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    if nbgrader:
        meta = {"grade": False, "locked": False, "schema_version": 3, "solution": False, "task": False}
        meta.update(nbgrader)
        cell["metadata"]["nbgrader"] = meta
    return cell


def question_cells(notebook: dict | None) -> list[dict]:
    """The q_* answer cells of a week's notebook, in order."""
    out = []
    for cell in (notebook or {}).get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and QUESTION.match(str(meta.get("grade_id", ""))):
            src = cell.get("source", "")
            out.append((meta["grade_id"], "".join(src) if isinstance(src, list) else src))
    return out


def collect_items(week) -> list[dict]:
    """Every grader test of the week, as the engine collects it (one submission), with its points."""
    import pytest

    from autograder.engine.plugin import GradingPlugin
    from autograder.manifest import grader_test
    from autograder.engine.worker import pytest_args

    class Grab:
        items: list = []

        @pytest.hookimpl(trylast=True)
        def pytest_collection_modifyitems(self, session, config, items):
            # grader_test reads item.path, which exists only while the session does
            Grab.items = [(item, grader_test(item)) for item in items]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plugin = GradingPlugin(week, [], isolation="none")
        code = pytest.main([*pytest_args(week.grader_dir), "--collect-only"], plugins=[plugin, Grab()])
    if code not in (0, 5):
        raise RuntimeError(f"collecting {week.grader_dir} failed (pytest exit {code})")
    out = []
    for n, (item, info) in enumerate(Grab.items):
        params = {k: v for k, v in getattr(item, "callspec", None).params.items() if k != "submission"} \
            if hasattr(item, "callspec") else {}
        args = list(inspect.signature(item.function).parameters)
        unknown = [a for a in args if a not in params and a not in ("student", "reference", "answers", "submission")]
        if unknown:
            raise RuntimeError(f"{item.nodeid}: fixtures {unknown} have no nbgrader equivalent in the benchmark")
        out.append({"id": f"{Path(str(item.path)).name}::{item.function.__name__}::{n}",
                    "module": item.module.__name__, "function": item.function.__name__,
                    "params": params, "fixtures": args, "points": info.points, "name": info.name})
    return out


def expected_values(week, items: list[dict], cases: list[Path]) -> tuple[dict, int]:
    """The reference answers every test asks for, with each honest case as the student.

    Graders ask the reference some questions only when a student fails (to name
    a mistake), so the buggy cases are run too; every question the class asks is
    then answered from this table, never recomputed in the kernels.
    """
    sys.path[:0] = [str(BENCH_DIR)]
    import nbgrader_kernel as K
    for folder in (str(week.grader_dir), str(week.common_dir)):
        if folder not in sys.path:
            sys.path.append(folder)
    K.STATE.clear()
    K.STATE["spec"] = {"items": {it["id"]: it for it in items}}
    K.STATE["probes"] = K.load_file("probes", week.grader_dir / "probes.py")
    expected: dict = {}
    K.STATE["reference"] = K.KernelProbe(K._Mods(*K.load_modules(week.solution_dir, week.modules)), expected=expected)
    errors = 0
    for case in cases:
        K.STATE["student"] = K.KernelProbe(K._Mods(*K.load_modules(case, week.modules)))
        K.STATE["notebook"] = str(case / week.notebook)
        for it in items:
            try:
                K.check(it["id"])
            except Exception:  # noqa: BLE001 -- failing checks are expected for buggy cases
                errors += 1
    return expected, errors


def build_course(week, course: Path, items: list[dict], expected: dict, reference_notebook: dict | None,
                 *, cell_timeout: int, python: str) -> float:
    """Write the course, run ``nbgrader generate_assignment``; returns that command's seconds."""
    import time
    if course.exists():
        shutil.rmtree(course)
    source = course / "source" / week.name
    source.mkdir(parents=True)
    from autograder.weeks import require_course
    spec = {"course": str(require_course()), "grader_dir": str(week.grader_dir),
            "common_dir": str(week.common_dir),
            "solution_dir": str(week.solution_dir), "modules": list(week.modules),
            "items": {it["id"]: it for it in items}, "expected": expected}
    spec_file = course / "spec.pkl"
    spec_file.write_bytes(pickle.dumps(spec))
    cells = [_cell("markdown", f"# {week.name} (benchmark: the hidden graders as nbgrader test cells)")]
    for m in week.modules:
        # (the solution itself holds solution markers, which cannot nest: the source cell stays a placeholder)
        cells.append(_cell("code", f"%%writefile {m}.py\n### BEGIN SOLUTION\n# {m}.py goes here\n### END SOLUTION\n",
                           grade_id=f"student_{m}", solution=True))
    for qid, src in question_cells(reference_notebook):
        cells.append(_cell("code", src, grade_id=qid, solution=True))
    cells.append(_cell("code", f"import sys\nsys.path.insert(0, {str(BENCH_DIR)!r})\nimport nbgrader_kernel as K\n"
                               f"K.setup({str(spec_file)!r}, {week.notebook!r})", grade_id="setup", locked=True))
    for n, it in enumerate(items):
        cells.append(_cell("code", f"# {it['name']}\nK.check({it['id']!r})", grade_id=f"test_{n:03d}",
                           grade=True, locked=True, points=it["points"]))
    notebook = {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                             "language_info": {"name": "python"}}}
    (source / week.notebook).write_text(json.dumps(notebook, indent=1))
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'bench'\n"
        f"# the same per-call limit as `autograder grade --call-timeout` (nbgrader's default is 30 s per cell)\n"
        f"c.Execute.timeout = {cell_timeout}\n")
    t0 = time.monotonic()
    subprocess.run([python, "-m", "nbgrader", "generate_assignment", week.name, "--force"], cwd=course,
                   check=True, capture_output=True, env=nbgrader_env())
    return time.monotonic() - t0


def clone_course(template: Path, course: Path) -> Path:
    """A fresh course with the template's release and gradebook (generate_assignment is run once)."""
    if course.exists():
        shutil.rmtree(course)
    shutil.copytree(template, course, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback"))
    config = (template / "nbgrader_config.py").read_text()
    (course / "nbgrader_config.py").write_text(config.replace(repr(str(template)), repr(str(course))))
    return course


def nbgrader_env() -> dict:
    env = dict(os.environ)
    env.pop("JUPYTER_CONFIG_DIR", None)
    # nbgrader runs `alembic` (beside its own Python) when it creates a gradebook
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    # the kernels import this checkout's autograder, as `autograder grade` does (bench_grading: PYTHONPATH=ROOT)
    env["PYTHONPATH"] = str(BENCH_DIR.parent)
    env["PYTHONHASHSEED"] = "0"
    env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = "1"   # as in our sandbox: one thread per kernel
    return env


def submit(week, course: Path, student: str, case: Path, extra_header: str = "") -> None:
    """The released notebook with the student's module and answers filled in."""
    release = json.loads((course / "release" / week.name / week.notebook).read_text())
    answers = {}
    own = case / week.notebook
    if own.exists():
        try:
            answers = dict(question_cells(json.loads(own.read_text())))
        except (ValueError, OSError):
            answers = {}
    for cell in release["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if gid.startswith("student_"):
            module = gid.removeprefix("student_")
            path = case / f"{module}.py"
            code = path.read_text() if path.exists() else ""
            cell["source"] = f"%%writefile {module}.py\n{extra_header}{code}"
        elif gid in answers:
            cell["source"] = answers[gid]
    dest = course / "submitted" / student / week.name
    dest.mkdir(parents=True, exist_ok=True)
    (dest / week.notebook).write_text(json.dumps(release))


def gradebook_scores(course: Path, week) -> dict[str, float | None]:
    """student -> total autograded score (None when nbgrader could not grade the notebook)."""
    from nbgrader.api import Gradebook, MissingEntry
    out: dict[str, float | None] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "bench") as gb:
        for student in gb.students:
            try:
                sub = gb.find_submission(week.name, student.id)
            except MissingEntry:
                continue
            autograded = (course / "autograded" / student.id / week.name / week.notebook).exists()
            out[student.id] = float(sub.score) if autograded else None
    return out
