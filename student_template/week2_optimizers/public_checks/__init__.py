"""The public checks of a week, as released beside the stubs (``public_checks/``).

Run them with ``python -m pytest`` in the week folder, with the notebook's last
cell, or with ``python -m public_checks``; ``autograder check WEEK FOLDER`` runs
the same kit. How they are declared and judged: ``autograder/kit/declare.py``
and ``judge.py``; what a release holds: ``autograder/kit/build.py``.
"""


def notebook_check(folder="."):
    """The notebook's last cell (see runner.notebook_check)."""
    from .runner import notebook_check as check
    check(folder)


def run(folder="."):
    from .runner import run as run_checks
    return run_checks(folder)
