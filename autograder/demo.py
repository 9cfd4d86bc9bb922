"""`autograder demo`: a whole term's loop on a built-in class, with nbgrader's real exchange.

In a fresh course directory (a temporary one, or ``--dir``), for the weeks that
have graders (or those named):

    instructor: autograder generate (nbgrader generate_assignment + stubs), nbgrader release_assignment
    students:   nbgrader fetch_assignment, work, nbgrader submit --student X
    instructor: nbgrader collect, nbgrader zip_collect (one student used the LMS),
                autograder grade WEEK course/submitted, autograder gradebook,
                autograder feedback, nbgrader release_feedback
    students:   nbgrader fetch_feedback
    instructor: nbgrader export, and the gradebook printed per problem

The class: ``ada`` submits the reference solutions, ``bob`` the untouched
stubs, ``cyd`` and ``dan`` typical mistakes from the catalogue
(``autograder/graders/<week>/catalogue.py``; ``dan`` through an LMS download and zip_collect),
and ``eve`` a hostile module that patches numpy, forges results.json and
calls os._exit. The demo checks every step's product and the scores it
expects, and exits 1 if one is wrong. tests/test_nbgrader_loop.py reuses the
step functions, asserting on each one's product.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from autograder import nbgrader_bridge as bridge
from autograder.weeks import ROOT, WEEKS, Week, get_week

COURSE_ID = "optim-demo"
EXCHANGE_STUDENTS = {"ada": "reference", "bob": "stubs", "cyd": "mistake", "eve": "hostile"}
LMS_STUDENTS = {"dan": "mistake"}          # collected with zip_collect from an "LMS" download
MISTAKE_INDEX = {"cyd": 0, "dan": 1}       # which catalogued mistake each one makes


@dataclass
class Course:
    """A course directory, its exchange, and the students' home folders, all under ``root``."""
    root: Path
    course_id: str = COURSE_ID
    env: dict = field(default_factory=dict)

    @property
    def course_dir(self) -> Path:
        return self.root / "course"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    def home(self, student: str) -> Path:
        return self.root / "students" / student


def make_course(root: Path, weeks: list[Week], course_id: str = COURSE_ID) -> Course:
    """The course directory with its nbgrader_config.py and each week's source notebook;
    nbgrader's config and data folders isolated under ``root`` (nothing from ~/.jupyter)."""
    root = Path(root).resolve()
    course = Course(root, course_id)
    course.env = bridge.with_bin_on_path(dict(
        os.environ, JUPYTER_CONFIG_DIR=str(root / "jupyter" / "config"),
        JUPYTER_DATA_DIR=str(root / "jupyter" / "data"), JUPYTER_RUNTIME_DIR=str(root / "jupyter" / "runtime"),
        AUTOGRADER_COURSE=str(ROOT)))      # the demo's nbgrader folder is a scratch one; the course is this one
    course.exchange.mkdir(parents=True, exist_ok=True)
    bridge.write_course_config(course.course_dir, course_id, course.exchange)
    for week in weeks:
        dest = course.course_dir / bridge.SOURCE / week.name / week.notebook
        dest.parent.mkdir(parents=True, exist_ok=True)
        src = ROOT / bridge.SOURCE / week.name / week.notebook
        if src.exists():
            shutil.copyfile(src, dest)
        else:
            print(f"[demo] {src.relative_to(ROOT)} is missing: using a placeholder notebook", flush=True)
            placeholder_notebook(week, dest)
    return course


def placeholder_notebook(week: Week, path: Path) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    nb = new_notebook(cells=[
        new_markdown_cell(f"# {week.name}\n\nWrite {', '.join(m + '.py' for m in week.modules)}."),
        new_code_cell("\n".join(f"import {m}" for m in week.modules)),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))


def student_home(course: Course, student: str) -> Path:
    """A student's folder: where they run nbgrader, with their own config and cache."""
    home = course.home(student)
    home.mkdir(parents=True, exist_ok=True)
    (home / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {course.course_id!r}\n"
        f"c.Exchange.root = {str(course.exchange)!r}\n"
        f"c.Exchange.cache = {str(home / '.nbgrader_cache')!r}\n")
    return home


# ---------------------------------------------------------------------------- steps

def nbgrader(course: Course, args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return bridge.nbgrader(args, cwd or course.course_dir, env=course.env)


def generate(course: Course, week: Week) -> list[Path]:
    return bridge.generate(week, course.course_dir, env=course.env, log=lambda m: print(f"[demo] {m}"))


def release(course: Course, week: Week) -> Path:
    nbgrader(course, ["release_assignment", week.name, "--force"])
    return course.exchange / course.course_id / "outbound" / week.name


def fetch(course: Course, student: str, *weeks: Week) -> Path:
    """``nbgrader fetch_assignment WEEK...`` (one command for several weeks); the first week's folder."""
    home = student_home(course, student)
    nbgrader(course, ["fetch_assignment", *(w.name for w in weeks)], cwd=home)
    return home / weeks[0].name


def submit(course: Course, student: str, week: Week) -> None:
    nbgrader(course, ["submit", week.name, "--student", student], cwd=course.home(student))


def collect(course: Course, week: Week) -> Path:
    nbgrader(course, ["collect", week.name])
    return course.course_dir / bridge.SUBMITTED


def zip_collect(course: Course, week: Week, folders: dict[str, Path]) -> Path:
    """Pack each student's files the way an LMS bulk download names them
    (``<student>_<ids>_<file>``, a re-upload as ``<file>-1``) and run nbgrader zip_collect."""
    archive = course.course_dir / "downloaded" / week.name / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive / "lms_download.zip", "w") as zf:
        for i, (student, folder) in enumerate(sorted(folders.items())):
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.suffix in (".py", ".ipynb"):
                    name = path.name if path.suffix == ".ipynb" else f"{path.stem}-1{path.suffix}"
                    zf.write(path, f"{student}_{1000 + i}_{2000 + i}_{name}")
            zf.writestr(f"{student}_{1000 + i}_{2000 + i}_notes.txt", "not a submission file\n")
    nbgrader(course, ["zip_collect", week.name, "--force"])
    return course.course_dir / bridge.SUBMITTED


def grade(course: Course, week: Week, out: Path, jobs: int = 2) -> dict[str, dict]:
    """The real command: ``autograder grade WEEK course/submitted --out OUT``."""
    cmd = [sys.executable, "-m", "autograder.cli", "grade", week.name,
           str(course.course_dir / bridge.SUBMITTED), "--out", str(out), "--jobs", str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=course.env, cwd=course.course_dir)
    if proc.returncode != 0:
        raise bridge.BridgeError(f"autograder grade failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return bridge.load_results(out)


def gradebook(course: Course, week: Week, out: Path) -> dict[str, tuple[float, float]]:
    return bridge.import_grades(week, out, course.course_dir, log=lambda m: print(f"[demo] {m}"))


def feedback(course: Course, week: Week, out: Path) -> list[Path]:
    return bridge.write_feedback(week, out, course.course_dir)


def release_feedback(course: Course, week: Week) -> Path:
    nbgrader(course, ["release_feedback", week.name])
    return course.exchange / course.course_id / "feedback"


def fetch_feedback(course: Course, student: str, *weeks: Week) -> list[Path]:
    """``nbgrader fetch_feedback WEEK...``: the pages fetched, ``<week>/feedback/<time>/<week>.html``."""
    home = course.home(student)
    nbgrader(course, ["fetch_feedback", *(w.name for w in weeks), "--student", student], cwd=home)
    return sorted(p for w in weeks for p in home.glob(f"{w.name}/feedback/*/{Path(w.notebook).stem}.html"))


def export(course: Course) -> list[dict]:
    path = course.course_dir / "grades.csv"
    nbgrader(course, ["export", "--to", str(path)])
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------- the class

def mistake_edits(week: Week) -> list[tuple[str, dict]]:
    """(tag, edits) of the first mistakes of the week's catalogue (autograder/graders/<week>/catalogue.py)."""
    from autograder.catalogue import load
    try:
        mistakes, _ = load(week)
    except Exception as exc:  # noqa: BLE001 -- a broken catalogue must not stop the demo
        print(f"[demo] {week.name}: cannot load the mistake catalogue ({exc})")
        mistakes = []
    return [(m.tag, m.edits) for m in mistakes if not m.held_out][:2]


HOSTILE = '''"""A hostile submission: it tries every trick that worked on other graders."""
import json, os, sys
try:                                   # 1. make every comparison pass
    import numpy
    numpy.allclose = lambda *a, **k: True
    numpy.isclose = lambda a, b, *r, **k: numpy.ones(numpy.shape(a), dtype=bool)
    numpy.testing.assert_allclose = lambda *a, **k: None
except Exception:
    pass
FORGED = {{"score": 100.0, "max_score": 100.0, "output": "All tests passed!", "tests": []}}
for target in {targets!r}:             # 2. forge the results it knows the path of
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as fh:
            json.dump(FORGED, fh)
    except Exception:
        pass
sys.stdout.write("All tests passed! score 100/100\\n")
os._exit(0)                            # 3. leave before any test can fail
'''


def hostile_notebook(week: Week, path: Path) -> None:
    """The released notebook plus a forged nbgrader grade cell worth 1000 points."""
    import nbformat
    from nbformat.v4 import new_code_cell
    nb = nbformat.read(str(path), as_version=4) if path.exists() else nbformat.v4.new_notebook()
    cell = new_code_cell("score = 1000  # forged grade cell")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": False, "grade_id": "sgd",
                                 "points": 1000, "schema_version": 3}
    nb.cells.append(cell)
    nbformat.write(nb, str(path))


def write_student_work(course: Course, week: Week, student: str, kind: str, folder: Path,
                       out: Path, mistakes: list[tuple[str, dict]]) -> str:
    """Put a student's work into their fetched folder; returns a label for the table."""
    from autograder.selftest import build_case
    if kind in ("reference", "mistake"):
        label = "reference solutions"
        edits: dict = {}
        if kind == "mistake":
            if not mistakes:
                return "stubs (no catalogued mistake for this week)"
            tag, edits = mistakes[MISTAKE_INDEX.get(student, 0) % len(mistakes)]
            label = f"mistake: {tag}"
        with tempfile.TemporaryDirectory() as tmp:
            case = Path(tmp) / "case"
            build_case(week, case, edits)
            for path in case.iterdir():
                shutil.copyfile(path, folder / path.name)
        return label
    if kind == "hostile":
        targets = [str(out / student / "results.json"), str(out / "grades.csv"),
                   str(course.course_dir / bridge.FEEDBACK / student / week.name / f"{week.name}.html")]
        (folder / f"{week.modules[0]}.py").write_text(HOSTILE.format(targets=targets))
        hostile_notebook(week, folder / week.notebook)
        return "hostile: patches numpy, forges results.json, os._exit(0)"
    return "untouched stubs"


def parallel(fn, items, workers: int) -> list:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fn, items))


# ---------------------------------------------------------------------------- the loop

def release_weeks(course: Course, weeks: list[Week], say) -> list[str]:
    """Generate and release each week; returns the failures (a week that fails is left out)."""
    failures = []
    for week in list(weeks):
        say(f"{week.name}: generate (nbgrader generate_assignment + stubs), release_assignment")
        try:
            generate(course, week)
            release(course, week)
        except bridge.BridgeError as exc:
            say(f"{week.name}: FAILED, left out of the demo: {exc}")
            failures.append(f"{week.name}: {exc}")
            weeks.remove(week)
    return failures


def students_work(course: Course, weeks: list[Week], workers: int, say) -> dict[str, dict[str, str]]:
    """Each exchange student fetches every week at once, works, submits each week;
    the LMS students' files wait in folders for zip_collect. Returns week -> student -> label."""
    say(f"{len(EXCHANGE_STUDENTS)} students fetch_assignment, work and submit; "
        f"{len(LMS_STUDENTS)} hands in through the LMS")
    mistakes = {w.name: mistake_edits(w) for w in weeks}
    labels: dict[str, dict[str, str]] = {w.name: {} for w in weeks}

    def student_turn(item):
        student, kind = item
        fetch(course, student, *weeks)
        for week in weeks:
            folder = course.home(student) / week.name
            labels[week.name][student] = write_student_work(course, week, student, kind, folder,
                                                            graded_dir(course, week), mistakes[week.name])
            submit(course, student, week)
    parallel(student_turn, list(EXCHANGE_STUDENTS.items()), workers)
    for week in weeks:
        for student, kind in LMS_STUDENTS.items():
            folder = lms_folder(course, week, student)
            folder.mkdir(parents=True, exist_ok=True)
            for path in (course.course_dir / bridge.RELEASE / week.name).iterdir():   # the whole release, as
                if path.is_dir():                                                   # fetched: public_checks/ too
                    shutil.copytree(path, folder / path.name, dirs_exist_ok=True)
                else:
                    shutil.copyfile(path, folder / path.name)
            labels[week.name][student] = write_student_work(
                course, week, student, kind, folder, graded_dir(course, week), mistakes[week.name]) + \
                " (via zip_collect)"
    return labels


def graded_dir(course: Course, week: Week) -> Path:
    return course.root / "graded" / week.name


def lms_folder(course: Course, week: Week, student: str) -> Path:
    return course.root / "lms" / week.name / student


def grade_week(course: Course, week: Week, say) -> dict:
    """collect, zip_collect, grade, gradebook, feedback pages, release_feedback."""
    out = graded_dir(course, week)
    collect(course, week)
    zip_collect(course, week, {s: lms_folder(course, week, s) for s in LMS_STUDENTS})
    say(f"{week.name}: collected; autograder grade {week.name} {course.course_dir / bridge.SUBMITTED}")
    results = grade(course, week, out)
    totals = gradebook(course, week, out)
    pages = feedback(course, week, out)
    release_feedback(course, week)
    say(f"{week.name}: {len(totals)} submissions in the gradebook, feedback released")
    return {"results": results, "totals": totals, "pages": pages, "out": out}


def expectations(week: Week, done: dict) -> list[str]:
    """What must hold for the demo to count as a success; returns the failures."""
    bad = []
    totals, labels = done["totals"], done["labels"]
    for student, kind in {**EXCHANGE_STUDENTS, **LMS_STUDENTS}.items():
        if student not in totals:
            bad.append(f"{week.name}: {student} is not in the gradebook")
            continue
        score, top = totals[student]
        is_mistake = kind == "mistake" and labels[student].startswith("mistake")
        if kind == "reference" and score != top:
            bad.append(f"{week.name}: the reference solutions scored {score:g}/{top:g}, not full marks")
        elif (kind == "stubs" or (kind == "mistake" and not is_mistake)) and score != 0:
            bad.append(f"{week.name}: the stubs scored {score:g}, not 0")
        elif is_mistake and not score < top:
            bad.append(f"{week.name}: {labels[student]} got full marks")
        elif kind == "hostile" and score > 0.1 * top:
            bad.append(f"{week.name}: the hostile submission scored {score:g}/{top:g}")
    return bad


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)] if rows else [len(h) for h in header]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*header), fmt.format(*["-" * w for w in widths]),
                      *(fmt.format(*r) for r in rows)])


def default_weeks() -> list[Week]:
    return [w for w in WEEKS.values() if any(w.grader_dir.glob("test_*.py"))]


def main(weeks: list[str] | None = None, directory: str | None = None, workers: int = 2) -> int:
    chosen = [get_week(w) for w in weeks] if weeks else default_weeks()
    if not chosen:
        print("no week has graders yet (autograder/graders/<week>/test_*.py)")
        return 1
    root = Path(directory).resolve() if directory else Path(tempfile.mkdtemp(prefix="autograder-demo-"))
    if directory and root.exists() and any(root.iterdir()):
        print(f"{root} is not empty: give a new or empty folder (the demo builds a whole course there)")
        return 2
    t0 = time.monotonic()
    say = lambda m: print(f"[demo {time.monotonic() - t0:5.1f}s] {m}", flush=True)  # noqa: E731
    say(f"course directory {root / 'course'}, exchange {root / 'exchange'}, "
        f"weeks: {', '.join(w.name for w in chosen)}")
    course = make_course(root, chosen)
    failures: list[str] = []
    done_by_week = {}
    failures += release_weeks(course, chosen, say)
    try:
        labels = students_work(course, chosen, workers, say) if chosen else {}
    except bridge.BridgeError as exc:
        print(f"\nDEMO FAILED before grading:\n{exc}")
        return 1
    for week in chosen:
        try:
            done_by_week[week.name] = done = grade_week(course, week, say)
        except bridge.BridgeError as exc:
            failures.append(f"{week.name}: {exc}")
            say(f"{week.name}: FAILED: {exc}")
            continue
        done["labels"] = labels[week.name]
        failures += expectations(week, done)
    graded = [w for w in chosen if w.name in done_by_week]
    say("students fetch_feedback (one command for every week)")
    fetched = dict(zip(EXCHANGE_STUDENTS, parallel(lambda s: fetch_feedback(course, s, *graded),
                                                   list(EXCHANGE_STUDENTS), workers))) if graded else {}
    for week in graded:
        for student in EXCHANGE_STUDENTS:
            if not any(p.parts[-4] == week.name for p in fetched[student]):
                failures.append(f"{week.name}: {student} fetched no feedback page")
    rows = export(course)
    say(f"nbgrader export -> {course.course_dir / 'grades.csv'} ({len(rows)} rows)")
    print()
    for week in chosen:
        done = done_by_week.get(week.name)
        if not done:
            continue
        header, gb_rows = bridge.gradebook_table(course.course_dir, week)
        for r in gb_rows:
            r.append(done["labels"].get(r[0], ""))
        print(f"Gradebook, {week.name} (per problem, from nbgrader's gradebook.db):")
        print(table(header + ["submission"], gb_rows))
        print()
    print("nbgrader export (grades.csv):")
    print(table(["assignment", "student", "score", "max"],
                [[r["assignment"], r["student_id"], f"{float(r['score']):g}", f"{float(r['max_score']):g}"]
                 for r in rows]))
    print()
    print("Feedback pages fetched by the students (nbgrader fetch_feedback):")
    for student, pages in fetched.items():
        for page in pages:
            print(f"  {page}")
    print(f"Instructor's copies: {course.course_dir / bridge.FEEDBACK}/<student>/<week>/<week>.html; "
          f"results.json: {root / 'graded'}/<week>/<student>/")
    print(f"\nThe whole loop took {time.monotonic() - t0:.0f} s.")
    if failures:
        print("\nDEMO FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("Every step produced what it should: full marks for the reference, 0 for the stubs, "
          "points lost for the mistakes, nothing for the hostile submission.")
    return 0
