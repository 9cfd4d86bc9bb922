"""Taken by `autograder generate` from autograder/answers.py: reading answer cells (grading reads them so). Do not edit."""


from __future__ import annotations


import ast


import re


MAX_CELL = 20_000      # an answer cell is a line or two (plus comments); bounds a hostile one


MAX_ANSWER_CELLS = 100  # a week has six questions; a notebook with more q_ cells is not read further


MAX_CELLS = 10_000      # cells looked at in all (a week's notebook has ~100): the walk is bounded too


class Unanswered(Exception):
    pass


def cell_source(cell: dict, limit: int = MAX_CELL) -> str:
    """A cell's text (nbformat stores it as a string or a list of strings; anything else reads as empty)."""
    src = cell.get("source", "")
    if isinstance(src, list):
        src = "".join(s for s in src if isinstance(s, str))
    return src[:limit] if isinstance(src, str) else ""


def read_answers(notebook: dict) -> dict[str, object]:
    """qid -> the literal assigned in its cell, or an :class:`Unanswered` saying why not.

    Bounded whatever the notebook holds: at most MAX_ANSWER_CELLS cells of at most MAX_CELL characters
    are parsed (a few milliseconds in all), and no cell's content can make this raise."""
    answers: dict[str, object] = {}
    cells = notebook.get("cells", []) if isinstance(notebook, dict) else []
    for cell in cells[:MAX_CELLS] if isinstance(cells, list) else []:
        if not isinstance(cell, dict):
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell.get("metadata"), dict) else {}
        grade_id = meta.get("grade_id", "") if isinstance(meta, dict) else ""
        if not isinstance(grade_id, str) or not re.fullmatch(r"q_\w{1,60}", grade_id) or grade_id[2:] in answers:
            continue
        if len(answers) >= MAX_ANSWER_CELLS:
            break
        answers[grade_id[2:]] = _literal(grade_id, cell_source(cell))
    return answers


def _literal(name: str, source: str):
    try:
        tree = ast.parse(source)
    except Exception as exc:  # noqa: BLE001 -- SyntaxError, or MemoryError/RecursionError on 20,000 "-" signs
        return Unanswered(f"the answer cell for {name} is not valid Python ({exc.__class__.__name__})")
    value = Unanswered(f"the answer cell does not assign {name} = <your answer>")
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except Exception:  # noqa: BLE001 -- ValueError, TypeError, MemoryError, RecursionError ...
                value = Unanswered(f"{name} must be a plain value such as \"B\" or 0.01, not an expression")
            if value is Ellipsis:
                value = Unanswered(f"{name} is still `...`: replace it with your answer")
    return value
