"""The final grades of a week, read from nbgrader's gradebook: one truth for every file that shows a grade.

``autograder gradebook`` writes the autograder's points into ``gradebook.db``
(``auto_score`` per problem) and applies the course's late-submission policy
there; course staff may then type a ``manual_score``, ``extra_credit`` or a
comment in formgrader, and grant extensions. What a student finally gets is
what nbgrader computes from all of that -- the number ``nbgrader export``
writes:

    final = max(0, sum over problems of (manual_score if set else auto_score) + extra_credit
                   - late_submission_penalty)

This module reads that state (never writes it) into plain :class:`FinalGrade`
records. The feedback page, ``grades.csv``'s gradebook columns, the LMS CSV, the
class report's gradebook section and the table ``autograder gradebook`` prints
are all built from these records, so they agree with ``nbgrader export`` and
with each other (docs/instructors.md, "Which file is authoritative").

Lateness is nbgrader's own: the submission's ``timestamp`` (``timestamp.txt``
from collect) against the assignment's ``duedate`` plus the student's
``extension`` (``SubmittedAssignment.total_seconds_late``).

nbgrader is imported lazily (it takes a second to import).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from autograder.kit.build import CELL_ID as PUBLIC_CHECKS_CELL   # a 0-point cell of the notebook, no problem
from autograder.weeks import Week

NO_HAND_IN = "no hand-in"


@dataclass(frozen=True)
class ProblemGrade:
    """One grade cell of one student: nbgrader's ``Grade``."""
    name: str
    max_score: float
    auto: float | None            # the autograder's points (auto_score)
    manual: float | None          # typed by course staff in formgrader; replaces auto when set
    extra_credit: float | None

    @property
    def score(self) -> float:
        """nbgrader's ``Grade.score``: the manual score if set, else the automatic one, plus extra credit."""
        base = self.manual if self.manual is not None else (self.auto or 0.0)
        return base + (self.extra_credit or 0.0)

    @property
    def adjusted(self) -> bool:
        """Course staff changed this problem's points (an override or extra credit)."""
        return self.manual is not None or bool(self.extra_credit)


@dataclass(frozen=True)
class StaffComment:
    cell: str          # the grade cell (a problem) or the notebook's answer cell the comment is on
    text: str


@dataclass(frozen=True)
class FinalGrade:
    """A student's grade for a week as the gradebook holds it."""
    student: str
    max_score: float                                 # the assignment's maximum (nbgrader's)
    handed_in: bool = True                           # False: on the roster, no submission in the gradebook
    problems: dict[str, ProblemGrade] = field(default_factory=dict)
    comments: tuple[StaffComment, ...] = ()
    penalty: float = 0.0                             # late_submission_penalty, from the course's policy
    seconds_late: float = 0.0
    timestamp: datetime | None = None                # naive UTC, as nbgrader stores it
    duedate: datetime | None = None                  # the student's due date: the assignment's plus any extension
    extension: timedelta | None = None
    lms_user_id: str | None = None

    @property
    def raw_score(self) -> float:
        """Points before the late penalty (nbgrader export's ``raw_score``)."""
        return sum(p.score for p in self.problems.values())

    @property
    def score(self) -> float:
        """The final grade: nbgrader export's ``score``."""
        return max(0.0, self.raw_score - self.penalty)

    @property
    def auto_score(self) -> float:
        return sum(p.auto or 0.0 for p in self.problems.values())

    @property
    def late(self) -> bool:
        return self.seconds_late > 0

    def lateness(self) -> str:
        """``2 h 05 min late`` (with the extension, if any), or ``""`` when on time or undated."""
        if not self.late:
            return ""
        text = f"{late_words(self.seconds_late)} late"
        if self.extension:
            text += f" (after an extension of {late_words(self.extension.total_seconds())})"
        return text

    def staff_changes(self) -> list[str]:
        """What course staff changed in formgrader, in words, one item each."""
        out = []
        for p in self.problems.values():
            if p.manual is not None:
                out.append(f"{p.name}: {fmt(p.manual)} set by course staff (autograder: {fmt(p.auto or 0)})")
            if p.extra_credit:
                out.append(f"{p.name}: {fmt(p.extra_credit)} extra credit")
        return out

    def adjustments(self) -> list[str]:
        """What course staff and the late policy changed, in words, one item each."""
        out = self.staff_changes()
        if self.penalty:
            out.append(f"late penalty -{fmt(self.penalty)} ({self.lateness()})")
        elif self.late:
            out.append(f"{self.lateness()}, no penalty")
        return out

    def note(self) -> str:
        """One line for a CSV's status column."""
        if not self.handed_in:
            return NO_HAND_IN
        return "; ".join(self.adjustments())

    def csv_columns(self) -> dict[str, str]:
        """The gradebook's columns of grades.csv (engine/results.py GRADEBOOK_COLUMNS)."""
        return {"late": late_words(self.seconds_late) if self.late else "",
                "late_penalty": fmt(self.penalty), "final_score": fmt(self.score), "gradebook_note": self.note()}


def late_words(seconds: float) -> str:
    """``3 d 4 h``, ``2 h 05 min``, ``7 min``, ``40 s``: how long, to a precision a person reads."""
    seconds = max(0.0, float(seconds))
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def fmt(x: float) -> str:
    return f"{x:g}" if math.isfinite(x) else str(x)


def final_grades(week: Week, course_dir: Path) -> dict[str, FinalGrade]:
    """student id -> :class:`FinalGrade` for everyone nbgrader knows for ``week``: every student on the
    roster (``nbgrader db student add/import``; a roster student without a submission is ``handed_in=False``
    with 0, as ``nbgrader export`` lists them) and everyone with a submission. Empty when the course has no
    gradebook or the week is not in it. The notebook's public-checks cell (0 points) is no problem and is
    left out."""
    if not (Path(course_dir) / "gradebook.db").is_file():
        return {}
    from autograder.nbgrader_bridge import db_url, import_nbgrader_quickly
    import_nbgrader_quickly()
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url(course_dir)) as gb:
        try:
            assignment = gb.find_assignment(week.name)
        except MissingEntry:
            return {}
        top = float(assignment.max_score or 0.0)
        found: dict[str, FinalGrade] = {}
        for sub in assignment.submissions:
            problems, comments = {}, []
            for nb in sub.notebooks:
                for g in nb.grades:
                    if g.name == PUBLIC_CHECKS_CELL:
                        continue
                    problems[g.name] = ProblemGrade(g.name, float(g.max_score or 0.0), g.auto_score, g.manual_score,
                                                    g.extra_credit)
                for c in nb.comments:
                    if c.manual_comment and c.manual_comment.strip():
                        comments.append(StaffComment(c.name, c.manual_comment.strip()))
            student = sub.student
            found[student.id] = FinalGrade(
                student.id, top, True, problems, tuple(comments),
                penalty=float(sub.late_submission_penalty or 0.0), seconds_late=float(sub.total_seconds_late or 0.0),
                timestamp=sub.timestamp, duedate=sub.duedate, extension=sub.extension,
                lms_user_id=student.lms_user_id)
        for student in gb.students:
            if student.id not in found:
                found[student.id] = FinalGrade(student.id, top, False, duedate=assignment.duedate,
                                               lms_user_id=student.lms_user_id)
    return dict(sorted(found.items()))
