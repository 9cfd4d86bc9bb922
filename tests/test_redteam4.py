"""Red team, round 4 (branch redteam4): fresh attacks on the engine hardened by the earlier rounds.

Each test is an attack that worked when it was written (REDTEAM.md, section "Round 4", says how and what it did);
the comment above each says what it found. A fixed one guards its defence; one left open is
``xfail(strict=True)`` with the reason. Destructive attempts aim at canaries (this machine also runs CI).
"""
from __future__ import annotations

import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder import nbgrader_bridge as bridge
from autograder.weeks import WEEKS


# --- R4-1. formgrader runs a student's HTML in the instructor's Jupyter session ---------------------------------
# formgrader_notebook clears a student's outputs ("nothing the student's code printed is shown to staff") but kept
# the student's markdown cells as they were; formgrader renders them with nbconvert's markdown2html, which passes
# raw HTML and javascript: links through (its formgrade template never sanitizes). A markdown cell
# `<img src=x onerror="...">` in a hand-in runs script in the instructor's formgrader page -- the Jupyter
# server's origin, with its XSRF cookie: the script can change any grade through formgrader's API or start a
# kernel and run code as the instructor (read the solutions, the keys, every classmate's work).
HOSTILE_MARKDOWN = ['My answer <img src=x onerror="alert(1)">', '[see here](javascript:alert(2))',
                    '<script>alert(3)</script>']
RELEASED_MARKDOWN = "## Adam\n\nThe **bias correction** divides by $1 - \\beta^t$."


def formgrader_html(course, student, week) -> str:
    """The page formgrader shows staff for ``student``: nbgrader's formgrade template over the notebook the
    import writes to autograded/ (as nbgrader.server_extensions.formgrader renders it)."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config import Config
    path = bridge.write_formgrader_notebook(week, course, student, {"score": 0, "max_score": 100, "tests": []},
                                            {}, set())
    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    resources = {"base_url": "/", "mathjax_url": "", "index": 0, "total": 1, "notebook_id": "n",
                 "submission_id": "s", "student": student, "last_name": "", "first_name": "",
                 "notebook_path": str(path), "disable_line_numbers": False}
    html, _ = HTMLExporter(config=config).from_filename(str(path), resources=resources)
    return html


def test_a_students_markdown_never_runs_script_in_formgrader(tmp_path):
    week = WEEKS["week2_optimizers"]
    release = tmp_path / bridge.RELEASE / week.name
    release.mkdir(parents=True)
    (release / week.notebook).write_text(nbformat.writes(new_notebook(cells=[new_markdown_cell(RELEASED_MARKDOWN)])))
    hand_in = tmp_path / bridge.SUBMITTED / "mallory" / week.name
    hand_in.mkdir(parents=True)
    cells = [new_markdown_cell(RELEASED_MARKDOWN), *map(new_markdown_cell, HOSTILE_MARKDOWN),
             new_code_cell("q_answer = 'B'")]
    (hand_in / week.notebook).write_text(nbformat.writes(new_notebook(cells=cells)))
    html = formgrader_html(tmp_path, "mallory", week)
    assert not re.search(r"<img[^>]*onerror", html), "a student's HTML reached the formgrader page as HTML"
    assert not re.search(r"href=[\"']?javascript:", html), "a student's javascript: link reached the page"
    assert "<script>alert(3)" not in html
    assert "&lt;img src=x onerror" in html                # shown to staff as text, not dropped
    assert "<strong>bias correction</strong>" in html      # the course's own text still renders
