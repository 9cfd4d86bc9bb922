"""Taken by `autograder generate` from autograder/answers.py: reading answer cells (grading reads them so). Do not edit."""


from __future__ import annotations


import ast


MAX_CELL = 20_000      # an answer cell is a line or two; bounds a hostile one


class Unanswered(Exception):
    pass


def cell_source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def read_answers(notebook: dict) -> dict[str, object]:
    """qid -> the literal assigned in its cell, or an :class:`Unanswered` saying why not."""
    answers: dict[str, object] = {}
    for cell in notebook.get("cells", []):
        if not isinstance(cell, dict):
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell.get("metadata"), dict) else {}
        grade_id = meta.get("grade_id", "") if isinstance(meta, dict) else ""
        if not isinstance(grade_id, str) or not grade_id.startswith("q_"):
            continue
        answers[grade_id[2:]] = _literal(grade_id, cell_source(cell)[:MAX_CELL])
    return answers


def _literal(name: str, source: str):
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError) as exc:
        return Unanswered(f"the answer cell for {name} is not valid Python ({exc.__class__.__name__})")
    value = Unanswered(f"the answer cell does not assign {name} = <your answer>")
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                value = Unanswered(f"{name} must be a plain value such as \"B\" or 0.01, not an expression")
            if value is Ellipsis:
                value = Unanswered(f"{name} is still `...`: replace it with your answer")
    return value
