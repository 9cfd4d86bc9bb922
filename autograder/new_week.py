"""`autograder new-week NAME`: a working example week in the current course, the start of a new week.

It writes, and never overwrites, the folders a week is made of (docs/adding-a-week.md walks through them)::

    solutions/NAME/MODULE.py          one function, ``ema``, its teaching docstring and its solution region
    assignments/NAME/NAME.ipynb       the nbgrader source notebook: a short lesson, an experiment, one question
    graders/NAME/week.toml            the week's declaration (autograder/weeks.py reads it)
    graders/NAME/probes.py            what runs in the sandbox
    graders/NAME/public.py            the public check, declared once
    graders/NAME/test_ema.py          the problem "ema": the public check and one hidden test
    graders/NAME/test_questions.py    the question's grader; key.py its answer
    graders/NAME/catalogue.py         one known mistake and one valid variant (`autograder selftest`)

The files come from ``autograder/week_template/`` with the week's and the module's names filled in. As
written, the week passes `generate`, `check`, `grade`, `selftest` and `gradescope` with no edit anywhere
else (tests/test_new_week.py): the reference scores 100, the stubs 0, and the mistake is named.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from autograder import weeks

TEMPLATE = Path(__file__).resolve().parent / "week_template"
# names a student module may not take: the graders' own modules (imported by bare name beside it), the
# standard library (the module would shadow it) and the course's given modules
GRADER_MODULES = {"probes", "public", "key", "catalogue", "conftest"}


def default_module(name: str) -> str:
    """``week5_example`` -> ``example``: the week's name without its ``week<n>_`` prefix."""
    return re.sub(r"^week\d+_", "", name) or name


def check_names(name: str, module: str) -> None:
    """WeekError when ``name`` cannot be a week of the current course or ``module`` its student module."""
    if not weeks.WEEK_NAME.fullmatch(name):
        raise weeks.WeekError(f"{name!r} cannot name a week: lower case letters, digits and '_', starting with a "
                              "letter (it is also nbgrader's assignment id), e.g. week5_regularization")
    if name in weeks.WEEKS or name == "common":
        raise weeks.WeekError(f"the course already has a week called {name!r}")
    if not weeks.MODULE_NAME.fullmatch(module) or module.startswith("test_"):
        raise weeks.WeekError(f"{module!r} cannot name the student module: a Python identifier, not test_*")
    given = {p.stem for p in weeks.COMMON.glob("*.py")}
    if module in GRADER_MODULES | set(sys.stdlib_module_names) | given:
        raise weeks.WeekError(f"{module!r} cannot name the student module: it is a grader module, a standard "
                              "library module or a given module of the course; choose another with --module")


def files(name: str, module: str) -> dict[Path, str]:
    """Course-relative path -> text of every file of the example week."""
    fill = {"{{week}}": name, "{{module}}": module}

    def text(template: Path) -> str:
        out = template.read_text(encoding="utf-8")
        for key, value in fill.items():
            out = out.replace(key, value)
        return out

    graders = weeks.graders_of(weeks.ROOT).relative_to(weeks.ROOT) / name
    out = {Path("solutions") / name / f"{module}.py": text(TEMPLATE / "solution.py.tmpl"),
           Path("assignments") / name / f"{name}.ipynb": notebook(name, module)}
    for template in sorted((TEMPLATE / "graders").glob("*.tmpl")):
        out[graders / template.name.removesuffix(".tmpl")] = text(template)
    return out


def new_week(name: str, module: str | None = None) -> list[Path]:
    """Write the example week ``name`` into the current course; returns the files written."""
    course = weeks.require_course()
    module = module or default_module(name)
    check_names(name, module)
    planned = {course / rel: text for rel, text in files(name, module).items()}
    taken = sorted(str(p.parent) for p in planned if p.parent.exists())
    if taken:
        raise weeks.WeekError(f"{', '.join(dict.fromkeys(taken))} already exist(s): new-week never overwrites")
    for path, text in planned.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    weeks.load_week(weeks.graders_of(course) / name)          # the declaration it wrote must be a valid one
    return list(planned)


# --- the notebook -----------------------------------------------------------------------------------------
def notebook(name: str, module: str) -> str:
    """The source notebook: a lesson section, an experiment that calls the student's function, one question
    (an nbgrader solution cell whose region assigns the answer; autograder/answers.py reads it)."""
    cells = [
        ("markdown", f"""# {name} — exponential moving averages (an example week)

This notebook was made by `autograder new-week` as the example of a week: replace its lesson, experiments
and question with the week's own (docs/adding-a-week.md).

**How this notebook works**

* Your code lives in `{module}.py`, in the same folder: fill in the body of `ema` (its docstring gives the
  formula, the shapes and an example), then run the cells below.
* Check your work with `python -m pytest` in this folder, or with the last cell of this notebook: both run the
  public checks. More tests, hidden, run after the deadline."""),
        ("code", f"""import numpy as np

from {module} import ema"""),
        ("markdown", """## §1 An average that starts at zero

An exponential moving average keeps one number, `m`. Each new value `x` moves it by a fraction `1 - beta` of
the way: `m = beta * m + (1 - beta) * x`. Momentum, RMSprop and Adam all keep such averages of what they see.
The average starts at `m = 0`, before any value has been seen. Run the cell to see what that start does to the
first averages of a constant sequence."""),
        ("code", """m = ema(np.ones(10), beta=0.9)
print(np.round(m, 3))"""),
        ("markdown", """**Question 1.** What do the averages of the constant sequence 1, 1, 1, ... (ten values, `beta = 0.9`) do?

* **A.** They equal the values from the first step on: 1, 1, 1, ...
* **B.** They start low and creep up towards 1, reaching 0.651 after ten steps.
* **C.** They climb in a straight line, by 0.1 per step, reach 1 at step 10 and stay there.
* **D.** They stay at 0.1, the weight of the newest value.

Write your answer as `q_start_bias = "A"` (the letter of your choice) in the cell below."""),
        ("answer", 'q_start_bias = "B"'),
    ]
    out = []
    for i, (kind, source) in enumerate(cells):
        cell = {"cell_type": "markdown" if kind == "markdown" else "code", "id": f"{name}-{i:02d}".replace("_", "-"),
                "metadata": {}, "source": source.splitlines(keepends=True)}
        if kind != "markdown":
            cell.update(execution_count=None, outputs=[])
        if kind == "answer":
            grade_id = source.split(" = ")[0]
            cell["id"] = f"{name}-{grade_id}".replace("_", "-")
            cell["metadata"] = {"nbgrader": {"grade": False, "grade_id": grade_id, "locked": False,
                                             "schema_version": 3, "solution": True}}
            cell["source"] = ["### BEGIN SOLUTION\n", source + "\n", "### END SOLUTION"]
        out.append(cell)
    nb = {"cells": out, "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                                    "name": "python3"},
                                     "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
