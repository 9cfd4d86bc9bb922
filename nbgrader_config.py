"""nbgrader's configuration for this course (docs/instructors.md walks through a term).

nbgrader reads this file from the course directory -- the root of this
repository -- for every ``nbgrader ...`` command, and ``autograder generate``
runs nbgrader here. A course directory elsewhere (a scratch term, the demo, the
CI test) loads this file first and then sets its own course id and exchange:
``autograder.nbgrader_bridge.write_course_config``.

Folder mapping (nbgrader's name -> this repository):

    source    -> assignments/        the week's source notebook, and nothing else
    release   -> student_template/   stubs + given modules + released notebook
    solution  -> solution_release/   NOT solutions/: see below
    submitted, autograded, feedback, downloaded (zip_collect), gradebook.db
              -> nbgrader's own names at the top level, never committed
                 (.gitignore): they hold students' work and grades

Why not ``solution -> solutions``: ``solutions/<week>/`` holds the reference
modules (the graders' oracle). ``nbgrader generate_solution WEEK --force``
deletes its output folder before writing, so it would wipe the reference
modules of that week, and without --force it would mix executed notebooks into
the oracle. The solution notebooks therefore go to ``solution_release/<week>/``.
"""
import os
import sys

c = get_config()  # noqa: F821 -- provided by traitlets when nbgrader loads this file

# --- folders (plain assignments first: nothing below can stop them from applying)
c.CourseDirectory.source_directory = "assignments"
c.CourseDirectory.release_directory = "student_template"
c.CourseDirectory.solution_directory = "solution_release"

# --- the course: set these for your term (a student's own config needs the same two)
c.CourseDirectory.course_id = "optim-dl"
# c.Exchange.root = "/srv/nbgrader/exchange"      # nbgrader's default; the directory must exist

# --- zip_collect from an LMS download (docs/instructors.md, "Collecting from an LMS")
# Matched against the ABSOLUTE path of every file extracted into
# downloaded/<week>/extracted/. The default collector drops everything but
# notebooks; ours also keeps the week's .py modules (and only the week's files),
# and undoes the "-1" an LMS appends to a re-uploaded file's name.
#   alice_optimizers.py                      -> student alice, optimizers.py
#   alice_LATE_1234_5678_optimizers-1.py     -> student alice, optimizers.py (Canvas-style names)
#   alice_week2_optimizers.ipynb             -> student alice, week2_optimizers.ipynb
# Student ids must not contain "_" with this expression; change it if yours do.
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<student_id>[^/_]+)_(?:LATE_)?(?:[0-9]+_)*(?P<file_id>[^/]+)$"
)

# --- never overwrite a student's module with the instructor's copy at `nbgrader autograde`
# (assignments/<week>/ holds only the notebook, so there is nothing to overwrite
# today; this keeps it that way if a .py is ever added there by mistake).
try:
    _here = os.path.dirname(os.path.abspath(__file__))
    if _here not in sys.path:
        sys.path.insert(0, _here)
    from autograder.weeks import WEEKS as _WEEKS
    from autograder.nbgrader_collector import WeekFileCollector as _collector

    c.ZipCollectApp.collector_plugin = _collector
    # every student's upload unpacked within bounds (500 entries, 50 MB), archives inside it left packed
    from autograder.nbgrader_extractor import BoundedExtractor as _extractor
    c.ZipCollectApp.extractor_plugin = _extractor
    # collect never follows a link a student left in the exchange, nor takes a record named for someone else
    c.ExchangeFactory.collect = "autograder.nbgrader_exchange.SafeCollect"
    # ... and neither collect nor a release goes through an exchange whose course folder a student replaced
    c.ExchangeFactory.release_assignment = "autograder.nbgrader_exchange.SafeReleaseAssignment"
    c.ExchangeFactory.release_feedback = "autograder.nbgrader_exchange.SafeReleaseFeedback"

    # --- the released notebook ends with a read-only cell that runs the public checks (and makes
    # nbgrader's Validate show their report): nbgrader appends it at generate_assignment
    from autograder.kit.build import FOOTER as _footer
    c.IncludeHeaderFooter.footer = str(_footer)

    c.Autograde.exclude_overwriting = {
        name: [f"{module}.py" for module in week.modules]
        for name, week in _WEEKS.items()
    }

    # --- formgrader's buttons (and `nbgrader generate_assignment / autograde / generate_feedback`) do what
    # the autograder's commands do (autograder/nbgrader_hooks.py, docs/instructors.md "A term in formgrader")
    from nbgrader.converters import GenerateAssignment as _Generate
    from nbgrader.preprocessors import SaveCells as _SaveCells
    from autograder import nbgrader_hooks as _hooks

    # Generate: nbgrader's preprocessors, keeping the autograder's problem cells once there are submissions,
    # then the stubs, given modules and data beside the released notebook, and the leak check over all of it
    c.GenerateAssignment.preprocessors = [
        _hooks.KeepAutograderCells if pp is _SaveCells else pp
        for pp in _Generate.class_traits()["preprocessors"].default()
    ] + [_hooks.ReleaseStubs]
    # Autograde: nothing of the student's runs here (no Execute); the submission is graded in the sandbox
    # with `autograder grade`, imported as by `autograder gradebook`, late policy included
    c.Autograde.sanitize_preprocessors = []
    c.Autograde.autograde_preprocessors = [_hooks.SandboxAutograde]
    # Generate Feedback: this project's page, from the gradebook's final scores and comments
    c.GenerateFeedback.exporter_class = _hooks.FeedbackPage
except Exception as _exc:  # a config error must not silently undo the folder mapping above
    print(f"nbgrader_config.py: could not import the autograder package ({_exc}); "
          "the zip_collect collector and the public checks' cell are not set, and Generate, Autograde and Generate "
          "Feedback are switched off",
          file=sys.stderr)
    from nbgrader.preprocessors import NbGraderPreprocessor as _Preprocessor   # enabled (nbconvert's are not)

    class _SwitchedOff(_Preprocessor):
        """Without the autograder, nbgrader's defaults would delete the stubs (Generate), run students' code
        unsandboxed (Autograde) and replace the feedback pages: each of them stops here instead."""
        reason = str(_exc)

        def preprocess(self, nb, resources):
            raise RuntimeError(f"switched off: the autograder package cannot be imported ({self.reason}); "
                               "use `autograder generate`, `autograder grade` and `autograder feedback`")

    c.GenerateAssignment.preprocessors = [_SwitchedOff]
    c.Autograde.sanitize_preprocessors = [_SwitchedOff]
    c.Autograde.autograde_preprocessors = [_SwitchedOff]
    c.GenerateFeedback.preprocessors = [_SwitchedOff]
