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
  (``optimizers-1.py`` -> ``optimizers.py``);
- gives a file to the student whose upload it came from, never to the name the
  file itself carries: nbgrader unpacks an archive a student uploaded into a
  folder named after the upload (``mallory_1001_2001_my_work/``), and a file in
  there belongs to mallory whatever it is called (``carol_optimizers.py`` inside
  it is refused: one student cannot hand in for another, nor make two files
  collide so that the whole collection stops);
- takes the *outermost* folder that names a student as the upload that owns a file (the upload itself, just
  below the download's folder): a folder a student made inside their own upload (``bob_1/``, or a copy of the
  week's folder, ``week2_optimizers/``, which the regexp reads as student "week2") never hands a file to
  someone else;
- keeps one file per student and name: when a student's upload holds the same week file twice (an old copy in
  a nested folder, or a plain upload beside an archive), the shallowest copy is collected -- the one
  ``autograder grade`` would read from the same zip -- and the others skipped with a warning naming both
  (nbgrader stopped the whole class's collection on "Duplicate submission file").

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
        return set(week.handin_files)

    def _owner(self, submitted_file: str) -> tuple[str, str] | None:
        """(the folder of a student's upload that holds this file, its path in there) -- or None.

        nbgrader unpacks each archive of the download into a folder named after it: the download's own
        folder first (``extracted/<download>/``), then, inside, every archive a student uploaded
        (``mallory_1001_2001_my_work/``). A folder below the download's own whose name names a student is
        such an upload: the outermost one owns the file (folders inside it are the student's own, whatever
        they are called)."""
        app = self.parent
        if getattr(app, "coursedir", None) is None or not hasattr(app, "_format_collect_path"):
            return None
        extracted = os.path.realpath(app._format_collect_path(app.extracted_directory))
        parts = os.path.relpath(os.path.realpath(submitted_file), extracted).replace("\\", "/").split("/")
        for depth in range(1, len(parts) - 1):              # the folders between the download's and the file
            if self._named(parts[depth]):
                return parts[depth], "/".join(parts[depth + 1:])
        return None

    def _named(self, name: str) -> dict | None:
        """What the course's ``named_regexp`` reads from a bare name (no extension filter)."""
        return self._match(os.path.join(os.sep, "download", name)) or None

    def _nested(self, submitted_file: str, entry: str) -> dict | None:
        """The collect() of a file found inside the top-level entry ``entry`` of the download."""
        owner = self._named(entry)
        if not owner:
            self.log.warning("Skipped %s: the upload %s it came from names no student", submitted_file, entry)
            return None
        student, name = owner["student_id"], os.path.basename(submitted_file)
        wanted = self._week_files() or set()
        file_id = name
        if name not in wanted:
            claimed = self._named(name)
            if claimed and claimed["student_id"] == student:
                file_id = claimed["file_id"]        # mallory_optimizers.py inside mallory's upload
            elif claimed and os.path.splitext(claimed["file_id"])[0] in {os.path.splitext(w)[0] for w in wanted}:
                self.log.warning("Skipped %s: a file named for %s inside %s's upload", submitted_file,
                                 claimed["student_id"], student)
                return None
        return {"student_id": student, "file_id": file_id, "timestamp": owner.get("timestamp")}

    def collect(self, submitted_file: str) -> dict | None:
        kept = self._duplicates().get(submitted_file)     # first: every file's info read (and logged) once
        info = self._info(submitted_file)
        if info and kept is not None:
            self.log.warning("Skipped %s: %s's %s is collected from %s (the shallowest copy in the hand-in)",
                             submitted_file, info["student_id"], info["file_id"], kept)
            return None
        return info

    def _duplicates(self) -> dict[str, str]:
        """Every extracted file that another file of the same student and name wins over -> that file. nbgrader
        collects files one at a time, in path order, and stops the whole class at a second file of the same name
        for one student; so the choice is made here, once, over all of them: the shallowest, then path order."""
        if getattr(self, "_beaten", None) is None:
            self._beaten, self._infos = {}, {}
            app = self.parent
            if getattr(app, "coursedir", None) is None or not hasattr(app, "_format_collect_path"):
                return self._beaten
            extracted = app._format_collect_path(app.extracted_directory)
            paths = [os.path.join(root, name) for root, _, files in os.walk(extracted) for name in files]
            best: dict[tuple[str, str], str] = {}
            for path in sorted(paths, key=lambda p: (p.count(os.sep), p)):
                info = self._infos[path] = self._info(path)
                if not info:
                    continue
                key = (info["student_id"], info["file_id"])
                if key in best:
                    self._beaten[path] = best[key]
                else:
                    best[key] = path
        return self._beaten

    def _info(self, submitted_file: str) -> dict | None:
        """Which student's which week file ``submitted_file`` is (None: not collected), read once."""
        if submitted_file in getattr(self, "_infos", {}):
            return self._infos[submitted_file]
        info = super().collect(submitted_file)
        nested = self._owner(submitted_file)
        if nested is not None:                      # inside an unpacked upload: the upload names the student
            info = self._nested(submitted_file, nested[0])
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
