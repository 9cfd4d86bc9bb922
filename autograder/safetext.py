"""Text that came from a submission, made safe before it is printed, stored or shown.

Exception messages, file names, notebook cells and anything a child sends are
the student's text. Before any of it reaches a terminal, a CSV file, an HTML
page, a notebook or the gradebook it goes through :func:`clean`: bounded in
length (with a note saying so), lone surrogates (which no UTF-8 file can hold:
writing one crashes the writer) replaced, control characters -- escape
sequences that would drive a terminal, bidirectional overrides that would
disguise text -- shown as ``\\xNN`` instead of acting, and for one-line fields
newlines removed, so no student text can forge a line of a summary.
:func:`csv_cell` also neutralises spreadsheet formulas; :class:`CleanLog` cleans
a logger's every line (for code that logs students' names, e.g. nbgrader's).
"""
from __future__ import annotations

import logging
import re

_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 and C1 controls but tab and newline, DEL, and the bidirectional formatting characters
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\r\n\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
FORMULA_START = ("=", "+", "-", "@")     # what makes a spreadsheet evaluate a cell


def clean(text: object, limit: int | None = None, *, single_line: bool = False) -> str:
    """``text`` (any object; None -> "") as safe text of at most ``limit`` characters plus a note."""
    text = "" if text is None else text if isinstance(text, str) else str(text)
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]} ... (truncated: {len(text) - limit} more characters)"
    text = _SURROGATES.sub("\ufffd", text)
    text = text.replace("\r\n", "\n")
    if single_line:
        text = _LINE_BREAKS.sub(" ", text)
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
                         text)


def csv_cell(value: object, limit: int = 2000) -> object:
    """A CSV cell: numbers as they are; text cleaned to one line, and never read as a formula."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = clean(value, limit, single_line=True)
    return "'" + text if text.startswith(FORMULA_START) else text


class CleanLog(logging.Filter):
    """Every record of the logger it filters, as one line of :func:`clean` text: for a logger that code we do
    not own writes students' names into (nbgrader's zip_collect prints each extracted file's path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 -- a bad format is the handler's to report (logging's handleError)
            return True
        record.msg, record.args = clean(text, single_line=True), ()
        return True
