"""The zip_collect collector plugin: nbgrader's, but it keeps the week's ``.py`` modules.

nbgrader's ``FileNameCollectorPlugin`` collects only ``.ipynb`` files, so a
class downloaded from an LMS would reach ``submitted/`` without the modules
the graders grade. This plugin (set in ``nbgrader_config.py`` as
``ZipCollectApp.collector_plugin``) keeps nbgrader's behaviour --
``FileNameCollectorPlugin.named_regexp`` is matched against the absolute path
of every extracted file and names ``student_id`` and ``file_id`` -- and:

- accepts ``.py`` files as well as notebooks;
- for a week of this course, keeps only the week's files (its modules and its
  notebook) and drops the rest with a warning: a student's stray ``.py`` never
  lands in ``submitted/``, and the given modules are replaced by the trusted
  copies at grading time anyway;
- undoes the ``-1``, ``-2`` an LMS appends to a re-uploaded file
  (``optimizers-1.py`` -> ``optimizers.py``).

It is imported only by nbgrader (it needs nbgrader installed).
"""
from __future__ import annotations

import os
import re

from nbgrader.plugins import FileNameCollectorPlugin
from traitlets import List, default

RESUBMITTED = re.compile(r"^(?P<stem>.+?)-\d+$")


class WeekFileCollector(FileNameCollectorPlugin):

    valid_ext = List(help="Extensions of the files to collect (nbgrader's default: notebooks only)."
                     ).tag(config=True)

    @default("valid_ext")
    def _valid_ext_default(self) -> list[str]:
        return [".ipynb", ".py"]

    def _week_files(self) -> set[str] | None:
        from autograder.weeks import WEEKS
        coursedir = getattr(self.parent, "coursedir", None)
        week = WEEKS.get(getattr(coursedir, "assignment_id", ""))
        if week is None:
            return None
        return {f"{m}.py" for m in week.modules} | {week.notebook}

    def collect(self, submitted_file: str) -> dict | None:
        info = super().collect(submitted_file)
        if not info:
            return info
        wanted = self._week_files()
        if wanted is None:          # not one of this course's weeks: plain nbgrader behaviour (+ .py)
            return info
        name = os.path.basename(str(info.get("file_id", "")).replace("\\", "/"))
        stem, ext = os.path.splitext(name)
        if not ext:                 # nbgrader adds the extension of the file itself
            ext = os.path.splitext(submitted_file)[1]
        if f"{stem}{ext}" not in wanted and (m := RESUBMITTED.match(stem)) and f"{m['stem']}{ext}" in wanted:
            stem = m["stem"]
        if f"{stem}{ext}" not in wanted:
            self.log.warning("Skipped %s: %s is not one of this week's files (%s)",
                             submitted_file, f"{stem}{ext}", ", ".join(sorted(wanted)))
            return None
        info["file_id"] = f"{stem}{ext}"
        return info
