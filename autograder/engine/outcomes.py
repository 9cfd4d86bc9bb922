"""The closed set of ways a call into a submission can end without an answer.

One table, used everywhere (isolate documents one status set; torch has an
enum): the sandboxed child reports a kind by its wire name, the parent accepts
only the names a child may report (:data:`CHILD_KINDS`) and raises every other
kind itself, and the engine, the feedback pages, the class report and the
student checker read the tag, label, hint and "did not run" flag from here.

Standard library only: the sandboxed child imports this file too.
"""
from __future__ import annotations

from enum import Enum


class Kind(Enum):
    """name = (wire name, tag in results.json, label for people, hint for the student, did not run)."""

    NOT_IMPLEMENTED = ("not_implemented", "not-implemented", "Not implemented yet (still the stub)",
                       "This part is still the stub: replace the `raise NotImplementedError` with your code "
                       "(the docstring gives the formula and the shapes).", False)
    EXCEPTION = ("exception", "exception", "Raised an exception", None, False)
    IMPORT = ("import", "import-error", "File does not import",
              "Fix the problem above first: nothing in this file can be tested until it imports.", True)
    FILE_MISSING = ("file_missing", "file-missing", "File missing or misnamed",
                    "Hand in every file of the week under exactly its released name, in the week's folder.", True)
    NOTEBOOK_MISSING = ("notebook_missing", "notebook-missing", "Notebook missing",
                        "Hand in the week's notebook under its released name; the answers are read from it.",
                        True)
    TIMEOUT = ("timeout", "timeout", "Too slow (time limit)",
               "Look for a loop that never ends, or work that grows with the number of steps "
               "(e.g. recomputing the whole history at every step).", True)
    BUDGET = ("budget", "time-budget", "Time budget used up",
              "Earlier tests used up the time; make the slow ones faster (see their messages).", True)
    CRASH = ("crash", "crash", "Crashed", "Do not call exit() or kill the process; return your result instead.",
             True)
    EXIT = ("exit", "exit-called", "Called exit()",
            "Do not call exit() or kill the process; return your result instead.", True)
    MEMORY = ("memory", "memory", "Too much memory",
              "Something allocates far too much memory: check array shapes (a (n,1) vs (n,) broadcast can "
              "create an (n,n) matrix).", True)
    BAD_OUTPUT = ("bad_output", "bad-output", "Returned the wrong kind of value",
                  "Return NumPy float64 arrays, lists of them, or Python numbers, as the docstring says.", False)

    def __init__(self, wire: str, tag: str, label: str, hint: str | None, did_not_run: bool):
        self.wire, self.tag, self.label, self.hint, self.did_not_run = wire, tag, label, hint, did_not_run

    @classmethod
    def from_wire(cls, name) -> "Kind | None":
        return _BY_WIRE.get(name) if isinstance(name, str) else None


_BY_WIRE = {k.wire: k for k in Kind}

# What a child may say about a call (after student code exists in it). Time, crashes, budget and missing
# files are the parent's observations: a child claiming one of those is not believed.
CHILD_KINDS = frozenset({Kind.NOT_IMPLEMENTED, Kind.EXCEPTION, Kind.IMPORT, Kind.EXIT, Kind.MEMORY,
                         Kind.BAD_OUTPUT})

# Tags of failures that are not the student's: the grader or the engine broke (shown, never counted as a mistake).
GRADER_ERROR = "grader-error"
ENGINE_ERROR = "engine-error"
STAFF_TAGS = {GRADER_ERROR: "Grader error (not your fault)", ENGINE_ERROR: "Engine error (not your fault)"}

# The state of a question's answer (read from the notebook, never run): a status, not a mistake in it
QUESTION_STATUS = {"unanswered": "Not answered yet", "question-missing": "Answer cell missing",
                   "answer-format": "Answer not in the expected form"}

# tag -> label of every failure that is not a named mistake (the code gave no answer, or grading broke)
GENERIC_LABELS = {**{k.tag: k.label for k in Kind}, **STAFF_TAGS, **QUESTION_STATUS}
DID_NOT_RUN_TAGS = tuple(k.tag for k in Kind if k.did_not_run)
# a file grading looks for is not in the hand-in: the class report files these apart (the hand-in, not the work)
HANDIN_TAGS = (Kind.FILE_MISSING.tag, Kind.NOTEBOOK_MISSING.tag)
