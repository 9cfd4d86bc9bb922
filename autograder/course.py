"""`autograder init DIR`: a new course directory, made from the current course, for a course staff's own repo.

It copies what a course is made of (autograder/weeks.py says what that is) --
the reference solutions and given modules, the source notebooks, the hidden
graders with their mistake catalogues (into ``graders/``), the current release --
and writes an ``nbgrader_config.py`` (this course's, with the new course id and
exchange), a ``.gitignore`` for the term's folders (students' work and grades
are never committed) and a short README. The folder is made readable by its owner alone (mode 0700). The
result is checked with
``weeks.is_course``; every `autograder` command then finds it when run inside
it, with ``--course DIR``, or with ``AUTOGRADER_COURSE=DIR``.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from autograder import weeks

IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".ipynb_checkpoints")
GITIGNORE = """\
# a term's folders (nbgrader's and the autograder's): students' work and grades, never committed
/submitted/
/autograded/
/feedback/
/downloaded/
/solution_release/
/source_with_tests/
/graded/
/gradebook.db
/grades.csv
__pycache__/
.ipynb_checkpoints/
"""
README = """\
# {course_id}: a course directory for `autograder`

Made by `autograder init` from {source}. Every `autograder` command run in this folder
(or with `--course {target}`, or `AUTOGRADER_COURSE={target}`) uses it.

| folder | what |
|---|---|
| `solutions/<week>/` | the reference modules (solution regions marked); `solutions/common/` the given ones |
| `assignments/<week>/` | nbgrader's source notebook of each week -- nothing else |
| `graders/<week>/` | the week's declaration (`week.toml`), the hidden graders, the answer key, the public checks (`public.py`), the mistake catalogue |
| `student_template/<week>/` | the release: `autograder generate WEEK` writes it (commit it) |
| `nbgrader_config.py` | nbgrader's folders, this course's id and exchange |

A whole term, step by step: the autograder's docs/instructors.md. A new week: `autograder new-week NAME`
(the autograder's docs/adding-a-week.md). Keep this folder private to course
staff (students get only `student_template/` through nbgrader's exchange): it holds the solutions,
the graders and the answer keys. `autograder init` made it readable by you alone (mode 0700); for
co-instructors, give a group of staff only (`chgrp STAFF . && chmod g+rx .`), never everyone.
"""


def init_course(target: Path, *, course_id: str | None = None, exchange: Path | None = None) -> list[Path]:
    """Make ``target`` a course directory copied from the current one; returns what was written."""
    source = weeks.require_course()
    target = Path(target).resolve()
    if target.exists() and any(target.iterdir()):
        raise weeks.NotACourse(f"{target} is not empty: `autograder init` makes a new course in a new or empty folder")
    target.mkdir(parents=True, exist_ok=True)
    # private before anything is copied in: it holds the solutions, the hidden graders and the answer keys (later
    # the gradebook and every hand-in), and a home folder may be readable by all (REDTEAM.md, R6-4)
    target.chmod(0o700)
    course_id = course_id or re.sub(r"[^A-Za-z0-9_-]+", "-", target.name).strip("-") or "course"
    written = []
    for name in ("solutions", "assignments", "student_template"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, ignore=IGNORE)
            written.append(target / name)
    shutil.copytree(weeks.graders_of(source), target / "graders", ignore=IGNORE)
    written.append(target / "graders")
    config = (source / "nbgrader_config.py").read_text()
    config += (f"\n# --- this course (set by `autograder init`)\nc.CourseDirectory.course_id = {course_id!r}\n"
               + (f"c.Exchange.root = {str(exchange)!r}\n" if exchange else ""))
    for name, text in (("nbgrader_config.py", config), (".gitignore", GITIGNORE),
                       ("README.md", README.format(course_id=course_id, source=source, target=target))):
        (target / name).write_text(text)
        written.append(target / name)
    if not weeks.is_course(target):
        raise weeks.NotACourse(weeks.not_a_course(target))
    return written
