"""formgrader's buttons (and the nbgrader commands behind them) do what the autograder's commands do.

formgrader runs nbgrader's converters in-process through ``nbgrader.apps.api.NbGraderAPI``:
**Generate** is ``GenerateAssignment``, **Autograde** is ``Autograde`` for one
student, **Generate Feedback** is ``GenerateFeedback``. Their classes are fixed,
but what they do is nbgrader configuration, which ``nbgrader_config.py`` sets to
the classes below -- so the buttons, ``nbgrader generate_assignment``,
``nbgrader autograde`` and ``nbgrader generate_feedback`` all behave like
``autograder generate``, ``autograder grade`` + ``autograder gradebook`` and
``autograder feedback``:

``c.GenerateAssignment.preprocessors``
    nbgrader's own list with :class:`KeepAutograderCells` in place of ``SaveCells``
    (a week whose gradebook holds submissions keeps the autograder's problem cells
    instead of refusing), and :class:`ReleaseStubs` last: after nbgrader has
    emptied ``student_template/<week>/`` and made the released notebook, the stubs,
    given modules and data are written beside it and the leak check runs over all
    of it, the notebook included. A leak fails the button (and nbgrader removes the
    half-made release).
``c.Autograde.sanitize_preprocessors = []`` and ``c.Autograde.autograde_preprocessors``
    :class:`SandboxAutograde` only: no ``Execute``, so nbgrader never runs a
    student's code. It grades that submission with ``autograder grade`` (the
    sandbox) into ``graded/<week>/``, imports it like ``autograder gradebook``,
    and hands nbgrader the notebook formgrader shows. When the sandbox cannot grade
    it, the button fails with a message naming the ``autograder grade`` command.
``c.GenerateFeedback.exporter_class``
    :class:`FeedbackPage`: this project's page, built from the gradebook's final
    scores and comments and the ``results.json`` the import left in
    ``autograded/<student>/<week>/``; nbgrader copies ``timestamp.txt`` and
    ``submission_secret.txt`` from there, so **Release Feedback** works after it.

Release, Collect, Release Feedback, the due date field, the roster and manual
grading are nbgrader's own and need nothing here. docs/instructors.md ("A term
in formgrader") walks through the buttons; tests/test_formgrader_browser.py
clicks them in a real browser.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from nbconvert.exporters import Exporter, HTMLExporter
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor, SaveCells
from traitlets import default

from autograder import nbgrader_bridge as bridge
from autograder.weeks import WEEKS, Week


class RefusedToGrade(RuntimeError):
    """Autograde could not grade this submission in the sandbox; the message names the command that can."""


def _coursedir(obj):
    """nbgrader's CourseDirectory of the converter running ``obj`` (a preprocessor's parent is the exporter,
    whose parent is the converter)."""
    while obj is not None and getattr(obj, "coursedir", None) is None:
        obj = obj.parent
    if obj is None:
        raise RuntimeError("not run by an nbgrader converter: no course directory")
    return obj.coursedir


def _folder(coursedir, which: str, student: str, week: str) -> Path:
    return Path(coursedir.root) / coursedir.format_path(which, student, week)


def _week(resources) -> Week | None:
    """The course's week this notebook belongs to (None: an assignment the autograder does not grade)."""
    return WEEKS.get(resources["nbgrader"]["assignment"])


# ---------------------------------------------------------------------------- Generate

class ReleaseStubs(NbGraderPreprocessor):
    """Last of ``GenerateAssignment``'s preprocessors: complete the release as ``autograder generate`` does
    (the stubs, given modules and data beside the released notebook), then check it for leaks."""

    def preprocess(self, nb, resources):
        import nbformat
        week = _week(resources)
        if week is None:
            return nb, resources
        coursedir = _coursedir(self)
        bridge.check_source(week, _folder(coursedir, coursedir.source_directory, ".", week.name))
        release_dir = _folder(coursedir, coursedir.release_directory, ".", week.name)
        # the notebook as nbgrader is about to write it, so that the leak check reads it too
        bridge.complete_release(week, release_dir, notebook=nbformat.writes(nb))
        return nb, resources


class KeepAutograderCells(SaveCells):
    """nbgrader's ``SaveCells``, except that a notebook whose gradebook holds submissions keeps the grade
    cells ``autograder gradebook`` added (one per problem): nbgrader would refuse to regenerate the week
    because the source notebook does not have them. If the source's own cells changed while there are
    submissions, the gradebook is left as it is (as ``generate_assignment --no-db``) and a warning says so."""

    def _create_notebook(self, nb):
        try:
            notebook = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        except MissingEntry:
            return super()._create_notebook(nb)
        if not notebook.submissions:
            return super()._create_notebook(nb)
        for new, cells, info in ((self.new_grade_cells, notebook.grade_cells, _grade_cell_info),
                                 (self.new_solution_cells, notebook.solution_cells, lambda c: {})):
            for cell in cells:
                new.setdefault(cell.name, info(cell))      # cells only the gradebook has: the autograder's
        same = ({c.name for c in notebook.grade_cells} == set(self.new_grade_cells)
                and {c.name for c in notebook.solution_cells} == set(self.new_solution_cells)
                and {c.name for c in notebook.task_cells} == set(self.new_task_cells)
                and {c.name for c in notebook.source_cells} == set(self.new_source_cells))
        if not same:
            self.log.warning("%s/%s has submissions in the gradebook and its cells changed: the gradebook keeps "
                             "its cells (the release is written as with --no-db)", self.assignment_id,
                             self.notebook_id)
            return None
        return super()._create_notebook(nb)


def _grade_cell_info(cell) -> dict:
    return {"max_score": cell.max_score, "cell_type": cell.cell_type}


# ---------------------------------------------------------------------------- Autograde

class SandboxAutograde(NbGraderPreprocessor):
    """``Autograde``'s only preprocessor: grade the submission in the sandbox, never here.

    Runs ``autograder grade WEEK submitted/<student>/WEEK --out graded/WEEK`` (results merge into that
    folder, as when the whole class is graded), imports the student's result into the gradebook as
    ``autograder gradebook`` does (late policy included), and returns the notebook formgrader shows. A
    submission the sandbox cannot grade (no bubblewrap, an engine or grader error) fails the button with a
    message that names the ``autograder grade`` command to run instead."""

    def preprocess(self, nb, resources):
        import nbformat
        week = _week(resources)
        student = resources["nbgrader"]["student"]
        if week is None:
            raise RefusedToGrade(f"{resources['nbgrader']['assignment']} is not a week of this course: nothing "
                                 "grades it (nbgrader's Execute is switched off in nbgrader_config.py)")
        coursedir = _coursedir(self)
        course_dir = Path(coursedir.root)
        submission = _folder(coursedir, coursedir.submitted_directory, student, week.name)
        out = bridge.results_dir(course_dir, week)
        command = ["autograder", "grade", week.name, str(submission), "--out", str(out)]
        proc = subprocess.run([sys.executable, "-m", "autograder.cli", *command[1:]], cwd=course_dir,
                              env=_with_package_on_path(), capture_output=True, text=True)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise RefusedToGrade(f"the sandbox did not grade {student} (exit {proc.returncode}); nothing of the "
                                 f"student's ran outside it. Run `{' '.join(command)}` in {course_dir} and read "
                                 f"its message:\n{tail}")
        try:
            bridge.import_grades(week, out, course_dir, students={student}, log=self.log.info)
        except bridge.PartialImport as exc:
            raise RefusedToGrade(f"{student} was graded but not imported: {exc}; run `autograder gradebook "
                                 f"{week.name} {out}`") from None
        notebook = _folder(coursedir, coursedir.autograded_directory, student, week.name) / week.notebook
        return nbformat.read(str(notebook), as_version=4), resources


def _with_package_on_path() -> dict:
    """The environment of the grading command: this autograder package importable, whatever the server's
    PYTHONPATH (the folder holding it first)."""
    env = dict(os.environ)
    here = str(Path(bridge.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([here, *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]])
    return env


# ---------------------------------------------------------------------------- Generate Feedback

class FeedbackPage(Exporter):
    """``GenerateFeedback``'s exporter: the autograder's feedback page instead of nbgrader's rendering of
    the autograded notebook (:func:`autograder.nbgrader_bridge.feedback_page`, the page ``autograder
    feedback`` writes). An assignment that is not one of the course's weeks gets nbgrader's page."""

    output_mimetype = "text/html"

    @default("file_extension")
    def _file_extension_default(self):
        return ".html"

    def from_notebook_node(self, nb, resources=None, **kw):
        week = _week(resources) if resources and "nbgrader" in resources else None
        if week is None:    # nbgrader's preprocessors (GetGrades ...), then nbgrader's page
            nb, resources = super().from_notebook_node(nb, resources, **kw)
            return HTMLExporter(parent=self.parent, config=self.config).from_notebook_node(nb, resources, **kw)
        resources = self._init_resources(resources)
        coursedir = _coursedir(self)
        student = resources["nbgrader"]["student"]
        folder = _folder(coursedir, coursedir.autograded_directory, student, week.name)
        try:
            result = json.loads((folder / bridge.RESULTS).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise bridge.NotImported(f"no readable {folder / bridge.RESULTS} ({exc.__class__.__name__}): grade and "
                                     f"import {student} first (Autograde, or `autograder grade` then "
                                     "`autograder gradebook`)") from None
        return bridge.feedback_page(week, Path(coursedir.root), student, result), resources
