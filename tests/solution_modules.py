"""The reference solutions and the given modules as Python modules, for course CI.

Each is loaded from its file with importlib under the name the caller gives, without touching
``sys.path``, so it cannot clash with another copy of the same module (a stub, a submission,
another test's copy).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"


def load(name: str, path: Path, needs: dict | None = None):
    """The module in ``path``, named ``name``.

    ``needs`` maps bare names the module imports (``from clipping import ...``) to already loaded
    modules; they are visible in ``sys.modules`` only while it runs.
    """
    needs = needs or {}
    saved = {k: sys.modules.get(k) for k in needs}
    sys.modules.update(needs)
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        for k, old in saved.items():
            if old is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = old
