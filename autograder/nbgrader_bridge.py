"""The bridge between nbgrader and the autograder: small functions, one job each.

nbgrader does what it is good at -- releasing, the exchange, collecting,
``zip_collect``, the gradebook, ``release_feedback``/``fetch_feedback``,
``export`` -- and the autograder grades. This module connects the two:

- :func:`write_course_config` -- ``nbgrader_config.py`` for a course directory
  other than this repository (it loads the repository's config, then sets the
  course id and the exchange);
- :func:`generate` -- ``nbgrader generate_assignment`` then the stubs, into
  ``student_template/<week>/``; refuses a ``.py`` in ``assignments/<week>/``
  and checks that nothing hidden reached the release (autograder/leaks.py);
- :func:`import_grades` -- our ``results.json`` files into nbgrader's gradebook:
  one grade cell per problem, one grade per problem and student, plus what
  formgrader needs to list a submission as graded;
- :func:`write_feedback` -- ``feedback/<student>/<week>/<week>.html`` and the
  files ``nbgrader release_feedback`` reads beside it.

nbgrader is imported lazily (it takes seconds to import): this module is
importable without it.
"""
from __future__ import annotations

import html
import os
import secrets
import stat
import subprocess
import sys
import warnings
from datetime import datetime, timezone
from pathlib import Path

from autograder.engine import regrade
from autograder.engine.results import grade_row, not_graded, write_atomic, write_json
from autograder.kit.build import CELL_ID as KIT_CELL     # the notebook's 0-point public-checks cell
from autograder.safetext import clean
from autograder.kit.handin import MAX_NOTEBOOK
from autograder.weeks import ROOT, Week

REPO_CONFIG = ROOT / "nbgrader_config.py"
SOURCE, RELEASE = "assignments", "student_template"       # as in nbgrader_config.py
SUBMITTED, AUTOGRADED, FEEDBACK = "submitted", "autograded", "feedback"
GRADED = "graded"          # autograder grade's results: graded/<week>/<submission>/results.json (git ignores it)
NBGRADER_IGNORED = (".ipynb_checkpoints", "__pycache__")    # nbgrader never copies these
RESULTS = "results.json"   # a submission's result, also kept in autograded/<student>/<week>/ for the feedback page
MAX_MODULE = 2_000_000     # a student's module copied to autograded/ for formgrader (more is cut, never fatal)


class PartialImport(RuntimeError):
    """Some submissions could not be imported (each named, with why); the others were."""

    def __init__(self, totals: dict, failures: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in failures.items()))
        self.totals, self.failures = totals, failures


class BridgeError(RuntimeError):
    """Something an instructor must fix before going on; the message says what."""


# ---------------------------------------------------------------------------- running nbgrader

SHIM = Path(__file__).resolve().parent / "nbgrader_shim"


def with_bin_on_path(env: dict | None = None) -> dict:
    """nbgrader's gradebook runs the ``alembic`` command: the venv's bin/ must be on PATH,
    also when ``.venv/bin/autograder`` is run without activating the venv."""
    env = dict(os.environ if env is None else env)
    bindir = str(Path(sys.executable).parent)
    if bindir not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


def nbgrader_env(env: dict | None = None) -> dict:
    """The environment of the nbgrader commands we run: bin/ on PATH, and the start-up
    shim (autograder/nbgrader_shim: ~2 s less per command) first on PYTHONPATH."""
    env = with_bin_on_path(env)
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(SHIM) not in paths:
        env["PYTHONPATH"] = os.pathsep.join([str(SHIM), *paths])
    return env


def import_nbgrader_quickly() -> None:
    """In this process: the same saving as the shim, and the venv's bin/ on PATH (alembic)."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)   # import -> ImportError, which jsonschema handles
    os.environ["PATH"] = with_bin_on_path()["PATH"]


def nbgrader(args: list[str], cwd: Path, *, env: dict | None = None, check: bool = True,
             echo: bool = False) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` (the nbgrader installed beside this Python) in ``cwd``."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    if echo:
        print(f"$ nbgrader {' '.join(args)}", flush=True)
    proc = subprocess.run(cmd, cwd=cwd, env=nbgrader_env(env), capture_output=True, text=True)
    if check and proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise BridgeError(f"`nbgrader {' '.join(args)}` failed in {cwd} (exit {proc.returncode}):\n{tail}")
    return proc


def write_course_config(course_dir: Path, course_id: str, exchange: Path | None = None,
                        extra: str = "") -> Path:
    """``course_dir/nbgrader_config.py``: this repository's config, then this course's id and exchange."""
    lines = [
        "# Generated by autograder.nbgrader_bridge.write_course_config",
        "import os",
        "c = get_config()  # noqa: F821",
        f"_repo_config = {str(REPO_CONFIG)!r}",
        "if not os.path.exists(_repo_config):  # load_subconfig would silently skip it",
        "    raise FileNotFoundError(_repo_config)",
        "load_subconfig(os.path.basename(_repo_config), path=os.path.dirname(_repo_config))  # noqa: F821",
        f"c.CourseDirectory.course_id = {course_id!r}",
    ]
    if exchange is not None:
        lines.append(f"c.Exchange.root = {str(exchange)!r}")
    path = Path(course_dir) / "nbgrader_config.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n" + extra)
    return path


# ---------------------------------------------------------------------------- generate

def check_source(week: Week, source_dir: Path) -> None:
    """``assignments/<week>/`` holds the notebook and no code: nbgrader copies other files verbatim."""
    code = sorted(str(p.relative_to(source_dir)) for p in source_dir.rglob("*")
                  if p.is_file() and p.suffix in (".py", ".pyc", ".so")
                  and not any(part in NBGRADER_IGNORED for part in p.parts))
    if code:
        raise BridgeError(
            f"{source_dir} holds {', '.join(code)}: nbgrader's generate_assignment copies every file that "
            "is not a notebook into the release verbatim, solution and all. Keep only "
            f"{week.notebook} there; modules live in solutions/{week.name}/ and the stubs are generated.")


def check_release(week: Week, release_dir: Path) -> None:
    """Nothing hidden in any released file (autograder/leaks.py says what that means); a file that
    holds something is deleted, so that it cannot be released by mistake."""
    from autograder.leaks import find_leaks
    found = find_leaks(week, release_dir)
    for path in found:
        path.unlink()
    if found:
        shown = "; ".join(f"{path.relative_to(release_dir)}: {', '.join(leaks[:3])}" for path, leaks in found.items())
        raise BridgeError(f"hidden material (solution code, hidden tests, the answer key) reached the release; "
                          f"the files were deleted from {release_dir} "
                          f"so they cannot be released: {shown}")


def complete_release(week: Week, release_dir: Path, *, notebook: str | None = None) -> list[Path]:
    """The release beside nbgrader's notebook: the stubs, given modules and data files, the public checks'
    kit, then the leak check over every file (``notebook``: the released notebook's text, written first so
    the check reads it). ``nbgrader generate_assignment`` runs this as its last preprocessor
    (autograder/nbgrader_hooks.py), so formgrader's Generate button and ``autograder generate`` make the
    same release."""
    from autograder.kit.build import write_kit
    from autograder.stubgen import write_release
    release_dir = Path(release_dir)
    written = []
    if notebook is not None:
        write_atomic(release_dir / week.notebook, notebook)
        written.append(release_dir / week.notebook)
    written += write_release(week, release_dir)
    written += write_kit(week, release_dir)
    check_release(week, release_dir)
    return written


def generate(week: Week, course_dir: Path = ROOT, *, env: dict | None = None, log=print) -> list[Path]:
    """The whole release of a week: ``nbgrader generate_assignment --force`` (it empties
    ``student_template/<week>/``, writes the released notebook and, through the course's
    ``nbgrader_config.py``, :func:`complete_release`); without a source notebook, the stubs only."""
    course_dir = Path(course_dir)
    source_dir = course_dir / SOURCE / week.name
    release_dir = course_dir / RELEASE / week.name
    if not (source_dir / week.notebook).exists():
        log(f"{week.name}: no {SOURCE}/{week.name}/{week.notebook} yet; writing the stubs only")
        try:
            return complete_release(week, release_dir)
        except BridgeError:
            forget_unsubmitted(week, course_dir)
            raise
    check_source(week, source_dir)
    args = ["generate_assignment", week.name, "--force"]
    proc = nbgrader(args, course_dir, env=env, check=False)
    if proc.returncode != 0:
        forget_unsubmitted(week, course_dir)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise BridgeError(f"`nbgrader {' '.join(args)}` failed in {course_dir}:\n{tail}")
    stubs = [release_dir / f"{m}.py" for m in week.modules]
    if not all(p.is_file() for p in stubs):
        raise BridgeError(f"nbgrader wrote {release_dir} without the stubs: {course_dir / 'nbgrader_config.py'} "
                          "does not run the autograder's release step (c.GenerateAssignment.preprocessors ends "
                          "with autograder.nbgrader_hooks.ReleaseStubs, as in this repository's config)")
    return sorted(p for p in release_dir.rglob("*") if p.is_file())


def forget_unsubmitted(week: Week, course_dir: Path) -> None:
    """Drop a week from the gradebook if nothing was submitted yet (a release that was refused)."""
    if not (Path(course_dir) / "gradebook.db").exists():
        return
    import_nbgrader_quickly()
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(db_url(course_dir), course_id(course_dir)) as gb:
        try:
            if not gb.find_assignment(week.name).submissions:
                gb.remove_assignment(week.name)
        except MissingEntry:
            pass


# ---------------------------------------------------------------------------- results

def results_dir(course_dir: Path, week: Week) -> Path:
    """Where a week's results go by default: ``<course>/graded/<week>/``."""
    return Path(course_dir) / GRADED / week.name


def load_results(results_dir: Path) -> dict[str, dict]:
    """``engine.results.load_results``, and an error when there is nothing to import."""
    from autograder.engine.results import load_results as read_all
    from autograder.engine.runner import grading_now
    if grading_now(results_dir):
        raise BridgeError(f"`autograder grade` is writing into {results_dir} now: run this when it has ended "
                          "(what it has not graded yet would be missing, or an earlier grading's). Nothing was done")
    found = read_all(results_dir)
    if not found:
        raise BridgeError(f"no results in {results_dir}: run `autograder grade WEEK submitted/ --out {results_dir}`")
    return found


def student_id(name: str, result: dict, week: Week) -> str:
    """The nbgrader student id: the ``<student>`` of ``submitted/<student>/<week>`` it was graded from."""
    origin = Path(str(result.get("extra_data", {}).get("origin", "")))
    if origin.name == week.name and origin.parent.name:
        return origin.parent.name
    return name


def _import_marker(week: Week, course_dir: Path) -> Path:
    return Path(course_dir) / f".gradebook-import-{week.name}.unfinished"


def unfinished_import(week: Week, course_dir: Path) -> str | None:
    """Why the gradebook's grades of ``week`` are not whole, or None: an import that was killed before it ended
    (a reboot) leaves submissions imported without their late penalty, and the feedback pages and the LMS file
    would state on-time grades (REDTEAM.md, "Round 9: noticed"). :func:`import_grades` marks its run in the
    course folder and removes the mark when every imported submission has its penalty."""
    if not _import_marker(week, course_dir).exists():
        return None
    return (f"the last `autograder gradebook {week.name}` into {Path(course_dir) / 'gradebook.db'} was cut short: "
            "some grades may lack their late penalty. Run `autograder gradebook` for this week again first "
            "(it imports again what is there and ends the import). Nothing was done")


def problem_points(week: Week, results: dict[str, dict]) -> dict[str, float]:
    """problem -> max score: the graders' ``@points`` (autograder.manifest), in their order,
    plus any problem only the results name (engine failures have no tests at all)."""
    from autograder.engine.results import foreign_problems, problem_scores
    try:
        from autograder.manifest import problems
        points = dict(problems(week))
    except Exception as exc:  # noqa: BLE001 -- the results still say what was graded
        print(f"note: could not read the graders' points ({exc}); using the results", file=sys.stderr)
        points = {}
    # results of another week (a mistyped WEEK: `gradebook week2_optimizers graded/week3_schedules`) name
    # problems this week's graders do not have: imported, they became grade cells of this week's notebook (its
    # maximum 188) and every student's week-3 points their week-2 grade (REDTEAM.md, R9-4)
    foreign = foreign_problems(results, points) if points else []
    if foreign:
        origins = sorted({Path(str(r.get("extra_data", {}).get("origin", ""))).name for r in results.values()} - {""})
        raise BridgeError(f"these results were not graded by {week.name}'s graders: they name problems it does not "
                          f"have ({', '.join(clean(p, 40, single_line=True) for p in foreign[:8])}"
                          f"{', ...' if len(foreign) > 8 else ''}; graded from {clean(', '.join(origins[:3]), 200)}). "
                          f"Is WEEK right? Nothing was imported")
    for result in results.values():
        for problem, (_, top) in problem_scores(result).items():
            if problem not in points:
                points[problem] = top
    return points


def submitted_timestamp(course_dir: Path, student: str, week: Week):
    """nbgrader's timestamp of a collected submission (naive UTC), or None."""
    import_nbgrader_quickly()
    from nbgrader.utils import parse_utc
    path = Path(course_dir) / SUBMITTED / student / week.name / "timestamp.txt"
    if not path.exists():
        return None
    try:
        return parse_utc(path.read_text().strip())
    except (ValueError, OverflowError):
        return None


def db_url(course_dir: Path) -> str:
    return f"sqlite:///{(Path(course_dir) / 'gradebook.db').resolve()}"


def course_config(course_dir: Path):
    """``course_dir/nbgrader_config.py`` as nbgrader loads it (an empty config when there is none)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader
    if not (Path(course_dir) / "nbgrader_config.py").is_file():
        return Config()
    return PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()


def course_id(course_dir: Path) -> str:
    """The course id set in ``course_dir/nbgrader_config.py`` (nbgrader's default if none)."""
    try:
        return str(course_config(course_dir).CourseDirectory.get("course_id") or "default_course")
    except Exception:  # noqa: BLE001 -- a broken config: nbgrader's default
        return "default_course"


# ---------------------------------------------------------------------------- gradebook

def import_grades(week: Week, results_dir: Path, course_dir: Path, *, students: set[str] | None = None,
                  log=print) -> dict[str, tuple[float, float]]:
    """Write the results of ``autograder grade`` into ``course_dir/gradebook.db``.

    One grade cell per problem (``max_score`` from the graders' points) on the
    week's notebook; for every student (or only ``students``) a submission
    (timestamp from ``submitted/``) with ``auto_score`` per problem. Scores, extra
    credit and comments a human set in formgrader are kept: a re-import after a
    re-grade only changes ``auto_score`` (and asks for a review in formgrader when
    the autograder's points moved under a manual score). Then the course's late
    policy (nbgrader's ``AssignLatePenalties`` with the configured
    ``LateSubmissionPlugin``) sets each submission's late penalty, and
    ``autograded/<student>/<week>/`` is filled as ``nbgrader autograde`` would
    (:func:`fill_autograded`). Finally ``results_dir/grades.csv`` gets the
    gradebook's columns (lateness, penalty, final score). Returns student ->
    (score, max) as nbgrader now computes them, before the late penalty.
    """
    import_nbgrader_quickly()
    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning, SQLAlchemyError

    course_dir = Path(course_dir).resolve()
    results = load_results(results_dir)
    points = problem_points(week, results)
    config = course_config(course_dir)
    nb_name = Path(week.notebook).stem
    totals: dict[str, tuple[float, float]] = {}
    failures: dict[str, str] = {}
    imported: dict[str, str] = {}                 # student -> submission name
    try:
        opened = Gradebook(db_url(course_dir), course_id(course_dir))
    except SQLAlchemyError as exc:      # a read-only or full course folder: say which file, not a traceback
        raise BridgeError(f"the gradebook {course_dir / 'gradebook.db'} cannot be opened for writing "
                          f"({getattr(exc, 'orig', None) or exc}): is the course folder read-only, or its disk full? "
                          "Nothing was imported") from None
    marker = _import_marker(week, course_dir)
    try:
        marker.write_text("an import ran here and has not ended (nbgrader_bridge.unfinished_import)\n")
    except OSError as exc:
        raise BridgeError(f"cannot write {marker} ({exc.strerror}): is the course folder read-only, or its disk "
                          "full? Nothing was imported") from None
    with warnings.catch_warnings(), opened as gb:
        # nbgrader's add_submission trips SQLAlchemy 2's "not in session" warning; it is harmless
        warnings.simplefilter("ignore", category=SAWarning)
        gb.update_or_create_assignment(week.name)
        try:
            notebook = gb.find_notebook(nb_name, week.name)
        except MissingEntry:
            notebook = gb.add_notebook(nb_name, week.name)
        native = [c.name for c in notebook.grade_cells if c.name not in points and c.name != KIT_CELL]
        if native:
            log(f"note: the notebook has nbgrader grade cells the autograder does not score: {', '.join(native)}")
        for problem, top in points.items():
            # a grade cell (the points) that is also a solution cell (so formgrader offers a comment box)
            gb.update_or_create_grade_cell(problem, nb_name, week.name, max_score=top, cell_type="code")
            gb.update_or_create_solution_cell(problem, nb_name, week.name)
        solution_cells = {c.name for c in notebook.solution_cells} - set(points)
        seen: dict[str, str] = {}
        for name, result in sorted(results.items()):
            student = student_id(name, result, week)
            if students is not None and student not in students:
                continue
            if student in seen:
                failures[name] = f"{seen[student]} and {name} are both student {student}; {name} was not imported"
                continue
            stale = regrade.handin_changed(week, result, course_dir)
            if stale:
                failures[name] = stale
                continue
            unsure = not_graded(grade_row(result))
            if unsure:      # its points are not a judgement of the work: a grade would look like one
                failures[name] = (f"{unsure} -- its points are not a grade; `autograder grade {week.name}` names "
                                  "the command that grades it again")
                continue
            seen[student] = name
            try:        # one student's hand-in never stops the others' import
                totals[student] = _import_one(gb, week, course_dir, student, result, points, nb_name, notebook)
                imported[student] = name
            except Exception as exc:  # noqa: BLE001
                gb.db.rollback()
                failures[name] = f"{type(exc).__name__}: {clean(exc, 300, single_line=True)}"
    for student, name in imported.items():
        try:        # after the session: nbgrader's own preprocessor opens the gradebook itself
            apply_late_policy(week, course_dir, student, config)
            fill_autograded(week, course_dir, student, results[name], points, solution_cells)
        except Exception as exc:  # noqa: BLE001
            failures[name] = f"{type(exc).__name__}: {clean(exc, 300, single_line=True)}"
    write_gradebook_columns(week, results_dir, course_dir, results)
    marker.unlink()         # every imported submission has its late penalty: the gradebook is whole again
    if failures:
        raise PartialImport(totals, failures)
    return totals


def _import_one(gb, week, course_dir, student, result, points, nb_name, notebook):
    from nbgrader.api import Comment, Grade, MissingEntry
    from autograder.engine.results import problem_scores
    gb.update_or_create_student(student)
    stamp = submitted_timestamp(course_dir, student, week)
    submission = gb.update_or_create_submission(week.name, student, timestamp=stamp)
    submission.timestamp = stamp        # None too: formgrader compares it with submitted/
    sub_nb = gb.find_submission_notebook(nb_name, week.name, student)
    have = {g.cell_id for g in sub_nb.grades}
    for cell in notebook.grade_cells:
        if cell.id not in have:         # a problem added after this submission was created
            gb.db.add(Grade(cell_id=cell.id, notebook=sub_nb))
    commented = {c.cell_id for c in sub_nb.comments}
    for cell in notebook.solution_cells:
        if cell.id not in commented:    # formgrader saves a comment only where a Comment row exists
            gb.db.add(Comment(cell_id=cell.id, notebook=sub_nb))
    gb.db.commit()
    scores = problem_scores(result)
    try:       # the public checks' cell: 0 points, nothing for a grader to do
        kit_grade = gb.find_grade(KIT_CELL, nb_name, week.name, student)
        kit_grade.auto_score, kit_grade.needs_manual_grade = 0.0, False
    except MissingEntry:
        pass
    for problem in points:
        grade = gb.find_grade(problem, nb_name, week.name, student)
        auto = float(scores.get(problem, (0.0, 0.0))[0])
        moved = grade.auto_score is not None and grade.auto_score != auto
        # a human's score stays; formgrader flags it for review when the autograder's points moved under it
        grade.needs_manual_grade = grade.manual_score is not None and (moved or grade.needs_manual_grade)
        grade.auto_score = auto
    gb.db.commit()
    sub = gb.find_submission(week.name, student)
    return float(sub.score), float(sub.max_score)


def apply_late_policy(week: Week, course_dir: Path, student: str, config) -> None:
    """The course's late-submission policy on one submission, exactly as ``nbgrader autograde`` applies it:
    nbgrader's ``AssignLatePenalties`` with the plugin ``nbgrader_config.py`` names
    (``c.AssignLatePenalties.plugin_class``, ``c.LateSubmissionPlugin.penalty_method``). It reads the
    submission's lateness (its timestamp against the due date plus the student's extension) and its
    current score (manual scores included), and sets ``late_submission_penalty``."""
    import logging
    import nbformat
    from nbgrader.preprocessors import AssignLatePenalties
    policy = AssignLatePenalties(config=config)
    policy.log = logging.getLogger("autograder.late_policy")     # nbgrader's warnings: the table says it
    resources = {"nbgrader": {"notebook": Path(week.notebook).stem, "assignment": week.name,
                              "student": student, "db_url": db_url(course_dir)}}
    policy.preprocess(nbformat.v4.new_notebook(), resources)


def write_gradebook_columns(week: Week, results_dir: Path, course_dir: Path, results: dict[str, dict]) -> None:
    """``results_dir/grades.csv`` again, with the gradebook's columns (lateness, penalty, final score,
    what course staff changed) beside the autograder's, as the gradebook holds them now."""
    from autograder.engine.results import write_grades_csv
    from autograder.final_scores import final_grades
    finals = final_grades(week, course_dir)
    columns = {}
    for name, result in results.items():
        final = finals.get(student_id(name, result, week))
        if final is not None and final.handed_in:
            columns[name] = final.csv_columns()
    write_grades_csv(Path(results_dir) / "grades.csv", [grade_row(r) for r in results.values()], gradebook=columns)


def fill_autograded(week: Week, course_dir: Path, student: str, result: dict, points: dict[str, float],
                    solution_cells: set[str]) -> Path:
    """``autograded/<student>/<week>/`` as ``nbgrader autograde`` leaves it, for formgrader and for
    ``nbgrader generate_feedback``: the notebook formgrader shows (:func:`write_formgrader_notebook`), the
    student's modules (the code that was graded, to read in formgrader), ``timestamp.txt`` and
    ``submission_secret.txt`` (``generate_feedback`` copies them to ``feedback/``, where
    ``release_feedback`` needs them), and ``results.json`` (the feedback page is built from it).
    Files nbgrader left read-only are replaced. Returns the folder."""
    course_dir = Path(course_dir)
    folder = course_dir / AUTOGRADED / student / week.name
    submitted = course_dir / SUBMITTED / student / week.name
    for module in week.modules:
        data = _regular_file(submitted / f"{module}.py")
        if data is not None:
            write_atomic(folder / f"{module}.py", data)
    for fname, make in (("timestamp.txt", lambda: datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f %Z")),
                        ("submission_secret.txt", lambda: secrets.token_hex(64))):
        data = _regular_file(submitted / fname)
        if data is not None:
            write_atomic(folder / fname, data)
        elif not (folder / fname).is_file():
            # collected with zip_collect (no exchange): release_feedback still needs both; its page goes
            # back through the LMS
            write_atomic(folder / fname, make())
    write_json(folder / RESULTS, result)
    write_formgrader_notebook(week, course_dir, student, result, points, solution_cells)
    return folder


def _regular_file(path: Path) -> bytes | None:
    """A file of the student's hand-in, read without following a link; None when it is not a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return None
        return fh.read(MAX_MODULE)


def _read_student_notebook(course_dir: Path, student: str, week: Week):
    import nbformat
    path = course_dir / SUBMITTED / student / week.name / week.notebook
    if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_NOTEBOOK:
        return None, f"no readable {week.notebook} was submitted"
    try:
        nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        nbformat.validate(nb)
        return nb, ""
    except Exception as exc:  # noqa: BLE001 -- any malformed notebook is reported, never fatal
        return None, f"the submitted {week.notebook} is not a valid notebook ({exc.__class__.__name__})"


def formgrader_notebook(week: Week, course_dir: Path, student: str, result: dict,
                        points: dict[str, float], solution_cells: set[str]):
    """The notebook formgrader shows for a submission: the student's notebook, outputs cleared (nothing
    the student's code printed is shown to staff), then one cell per problem holding our test results,
    graded (a score typed in formgrader overrides the autograder's) and open to a comment. Nothing in it
    is executed."""
    from nbformat.v4 import new_markdown_cell, new_notebook

    nb, problem = _read_student_notebook(Path(course_dir), student, week)
    if nb is None:
        nb = new_notebook(cells=[new_markdown_cell(f"*{html.escape(problem)}*")])
    released = _released_markdown(Path(course_dir), week)
    for cell in nb.cells:
        cell.source = clean(cell.source)    # a student's cell text: no surrogate or control character survives
        if cell.cell_type == "markdown" and cell.source not in released:
            # formgrader renders markdown with its raw HTML and javascript: links (nbconvert, unsanitized) in
            # the instructor's Jupyter session: text the release did not hold is shown as text, never as HTML
            cell.source = f"<pre>{html.escape(cell.source)}</pre>"
        cell.pop("attachments", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        meta = cell.metadata.get("nbgrader")
        cell.metadata.pop("nbgrader", None)  # a student's notebook cannot declare grade cells
        gid = meta.get("grade_id") if isinstance(meta, dict) else None
        if gid in solution_cells and cell.cell_type == "code":
            cell.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False,
                                         "grade_id": gid, "schema_version": 3}
    nb.cells.append(new_markdown_cell(
        f"## Autograder results: {result.get('score', 0):g} / {result.get('max_score', 0):g}\n\n"
        "Graded by `autograder grade` (student code in a sandbox). Each cell below is one problem; "
        "a score typed in formgrader overrides the autograder's, and a comment reaches the student's "
        "feedback page."))
    for problem, top in points.items():
        tests = [t for t in result.get("tests", []) if t.get("extra_data", {}).get("problem") == problem]
        body = [f"### {html.escape(problem)}"]
        for t in tests:
            body.append(f"- **{html.escape(clean(t.get('status', ''), 40))}** {t.get('score', 0):g}/"
                        f"{t.get('max_score', 0):g}: {html.escape(clean(t.get('name', ''), 300))}")
            if t.get("status") != "passed" and t.get("output"):
                body.append(f"<pre>{html.escape(clean(t['output'], 3000))}</pre>")
        if not tests:
            body.append("_not graded: see the submission's results.json_")
        cell = new_markdown_cell("\n".join(body))
        cell.metadata["nbgrader"] = {"grade": True, "solution": True, "locked": True, "grade_id": problem,
                                     "points": top, "schema_version": 3}
        nb.cells.append(cell)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def _released_markdown(course_dir: Path, week: Week) -> set[str]:
    """The markdown cells of the week's released notebook (the course's own text, safe to render)."""
    import nbformat
    try:
        nb = nbformat.reads((course_dir / RELEASE / week.name / week.notebook).read_text(encoding="utf-8"),
                            as_version=4)
    except Exception:  # noqa: BLE001 -- no release to compare with: every markdown cell is shown as text
        return set()
    return {clean(c.source) for c in nb.cells if c.cell_type == "markdown"}


def write_formgrader_notebook(week: Week, course_dir: Path, student: str, result: dict,
                              points: dict[str, float], solution_cells: set[str]) -> Path:
    """``autograded/<student>/<week>/<week>.ipynb``: :func:`formgrader_notebook`, written whole."""
    import nbformat
    out = Path(course_dir) / AUTOGRADED / student / week.name / week.notebook
    write_atomic(out, nbformat.writes(formgrader_notebook(week, course_dir, student, result, points,
                                                          solution_cells)))
    return out


def gradebook_table(course_dir: Path, week: Week) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the week's gradebook, per problem, as nbgrader stores it: the final points
    (overrides and extra credit included), how late, the penalty and the final score, and every student
    on the roster (``no hand-in`` for those without a submission)."""
    from autograder.final_scores import final_grades, late_words
    finals = final_grades(week, course_dir)
    cells = list(dict.fromkeys(p for f in finals.values() for p in f.problems))
    header = ["student", *cells, "late", "penalty", "score", "notes"]
    rows = []
    for student, f in finals.items():
        rows.append([student, *[f"{f.problems[c].score:g}" if c in f.problems else "-" for c in cells],
                     late_words(f.seconds_late) if f.late else "", f"{f.penalty:g}" if f.penalty else "",
                     f"{f.score:g} / {f.max_score:g}", f.note()])
    return header, rows


# ---------------------------------------------------------------------------- feedback

class NotImported(BridgeError):
    """A result that is not (or no longer) what the gradebook holds: import it first."""


def feedback_page(week: Week, course_dir: Path, student: str, result: dict, finals: dict | None = None) -> str:
    """The student's page: the autograder's tests (results.json) under the gradebook's final grade --
    overrides, extra credit, comments, lateness and the late penalty -- so the page says what
    ``nbgrader export`` says. Refuses a result the gradebook does not hold yet (graded again since the
    last import): the page would contradict the gradebook; refuses a result that is not a grade (the engine
    or a grader failed): its page would show the failure as the student's lost points."""
    from autograder.feedback import student_page     # matplotlib is imported only when pages are written
    from autograder.final_scores import final_grades
    finals = final_grades(week, course_dir) if finals is None else finals
    final = finals.get(student)
    if final is None or not final.handed_in:
        raise NotImported(f"{student} is not in the gradebook: run `autograder gradebook {week.name} "
                          "RESULTS_DIR` first")
    stale = regrade.handin_changed(week, result, course_dir)     # the page would be of other files (R7-2)
    if stale:
        raise NotImported(f"{student}: {stale}")
    unsure = not_graded(grade_row(result))     # its tests' verdicts are not the student's (R8-4; REDTEAM.md R8-8)
    if unsure:
        raise NotImported(f"{student}: {unsure}: grade again, then run `autograder gradebook {week.name} RESULTS_DIR`")
    if abs(final.auto_score - float(result.get("score", 0))) > 1e-6:
        raise NotImported(f"{student} was graded again since the last import (gradebook {final.auto_score:g}, "
                          f"results.json {float(result.get('score', 0)):g}): run `autograder gradebook "
                          f"{week.name} RESULTS_DIR` first")
    return student_page(result, week.name, final=final)


def write_feedback(week: Week, results_dir: Path, course_dir: Path) -> list[Path]:
    """``feedback/<student>/<week>/<week>.html`` for every graded submission (:func:`feedback_page`),
    with the ``timestamp.txt`` and ``submission_secret.txt`` that ``nbgrader release_feedback`` reads
    beside it (copied from ``autograded/``, where the import put them: the same files
    ``nbgrader generate_feedback`` copies, so both ways release the same page to the same place)."""
    from autograder.final_scores import final_grades
    course_dir = Path(course_dir).resolve()
    unfinished = unfinished_import(week, course_dir)
    if unfinished:
        raise BridgeError(unfinished)
    finals = final_grades(week, course_dir)
    written, failures = [], {}
    for name, result in load_results(results_dir).items():
        try:        # one student's page never stops the others'
            written.append(_write_feedback_one(week, course_dir, name, result, finals))
        except Exception as exc:  # noqa: BLE001
            failures[name] = f"{type(exc).__name__}: {clean(exc, 300, single_line=True)}"
    if failures:
        raise PartialImport({str(p): None for p in written}, failures)
    return written


def undeliverable(week: Week, results: dict[str, dict]) -> dict[str, str]:
    """Students whose page ``nbgrader fetch_feedback`` will never find, with why: it looks a page up by
    the notebooks in the student's own submission (the secret's hash of each notebook's name; nbgrader
    0.9.6, exchange/default/fetch_feedback.py), so a hand-in without the week's notebook under its name
    gets nothing, silently. Their pages are written all the same; hand them over another way."""
    out = {}
    for name, result in results.items():
        extra = result.get("extra_data") if isinstance(result.get("extra_data"), dict) else {}
        for finding in extra.get("handin") or []:
            if isinstance(finding, dict) and str(finding.get("kind", "")).startswith("notebook-"):
                found = f" (found {finding['found']})" if finding.get("found") else ""
                out[student_id(name, result, week)] = f"handed in no {week.notebook}{found}"
    return out


def _write_feedback_one(week: Week, course_dir: Path, name: str, result: dict, finals: dict) -> Path:
    student = student_id(name, result, week)
    page_html = feedback_page(week, course_dir, student, result, finals)
    folder = course_dir / FEEDBACK / student / week.name
    autograded = course_dir / AUTOGRADED / student / week.name
    for fname in ("timestamp.txt", "submission_secret.txt"):
        data = _regular_file(autograded / fname)
        if data is None:
            raise NotImported(f"no {fname} in {autograded}: run `autograder gradebook {week.name} RESULTS_DIR` first")
        write_atomic(folder / fname, data)
    page = folder / f"{Path(week.notebook).stem}.html"
    write_atomic(page, page_html)
    return page
