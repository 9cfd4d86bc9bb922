"""The release is generated, in sync, and never carries solution code."""
from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import sys
from pathlib import Path

import pytest

from autograder.stubgen import StubError, make_stub, release_data, release_files, solution_lines, solution_regions
from autograder.weeks import WEEKS

WEEK_NAMES = list(WEEKS)


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_committed_stubs_match_a_fresh_generation(week):
    w = WEEKS[week]
    for name, text in release_files(w).items():
        committed = w.template_dir / name
        assert committed.exists(), f"{committed} is missing: run `autograder generate {week}`"
        assert committed.read_text() == text, f"{committed} differs from its generation: run `autograder generate {week}`"


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_committed_data_files_match_their_source(week):
    w = WEEKS[week]
    for name, data in release_data(w).items():
        committed = w.template_dir / name
        assert committed.exists() and committed.read_bytes() == data, \
            f"{committed} is missing or differs from solutions/common/{name}: run `autograder generate {week}`"


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_no_solution_line_reaches_the_release(week):
    """Search every released file (stubs, given code, notebook) for every solution line."""
    w = WEEKS[week]
    released = {p.name: _lines(p) for p in sorted(w.template_dir.rglob("*")) if p.is_file()}
    # public on purpose: what the stubs keep (docstrings teach formulas) and the given code
    public = {line.strip() for text in release_files(w).values() for line in text.splitlines()}
    lines = [line for m in w.modules for line in solution_lines((w.solution_dir / f"{m}.py").read_text())]
    assert lines, "the solutions have no solution regions"
    secret = {line for line in lines if line not in public and len(line) > 12}
    leaked = sorted((name, line) for name, lines_ in released.items() for line in secret & lines_)
    assert not leaked, f"solution lines found in student_template/{week}: {leaked[:5]}"


def _lines(path: Path) -> set[str]:
    """The stripped lines of a released file; for a notebook, of its cells' sources and outputs."""
    text = path.read_text(errors="replace")
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        text = "\n".join("".join(c.get("source", "")) + "\n" + json.dumps(c.get("outputs", []))
                         for c in cells)
    return {line.strip() for line in text.splitlines()}


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_every_stub_raises_not_implemented_naming_its_task(week, tmp_path):
    w = WEEKS[week]
    for module in w.modules:
        source = (w.solution_dir / f"{module}.py").read_text()
        tasks = [task for _, _, _, task in solution_regions(source)]
        stub = make_stub(source, week)
        for task in tasks:
            assert f'raise NotImplementedError("{week}: {task} — see the docstring")' in stub
        # the stub keeps every public signature and docstring (module level, classes and methods)
        assert _public_api(source) == _public_api(stub)


def _public_api(source: str) -> dict:
    api = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            api[node.name] = ast.get_docstring(node)
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    api[f"{node.name}.{item.name}"] = (ast.dump(item.args), ast.get_docstring(item))
        elif isinstance(node, ast.FunctionDef):
            api[node.name] = (ast.dump(node.args), ast.get_docstring(node))
    return api


def test_stub_functions_raise_when_called():
    """Calling a week-1 stub raises NotImplementedError whose message names the task."""
    w = WEEKS["week1_gradient_descent"]
    src = make_stub((w.solution_dir / "gradient_descent.py").read_text(), w.name)
    path = Path(__file__).parent / "_tmp_stub_gd.py"
    path.write_text(src)
    try:
        mod = _load(path, "_tmp_stub_gd")
    finally:
        path.unlink()
    import numpy as np
    with pytest.raises(NotImplementedError, match="week1_gradient_descent: mse_loss_and_grad — see the docstring"):
        mod.mse_loss_and_grad(np.zeros(2), np.zeros((3, 2)), np.zeros(3))
    assert inspect.getdoc(mod.mse_loss_and_grad)


@pytest.mark.parametrize("source, error", [
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "never closed"),
    ("def f():\n    return 1\n    ### END SOLUTION\n", "without BEGIN"),
    ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", "inside a function"),
])
def test_broken_markers_are_reported_with_file_and_line(source, error):
    with pytest.raises(StubError, match=error):
        make_stub(source, "w", "bad.py")


def test_region_becomes_one_raise_with_the_enclosing_qualified_name():
    source = ("class Adam:\n    def update(self, params, grads):\n        \"\"\"Doc.\"\"\"\n"
              "        ### BEGIN SOLUTION\n        self.t += 1\n        ### END SOLUTION\n")
    stub = make_stub(source, "week2_optimizers")
    assert 'raise NotImplementedError("week2_optimizers: Adam.update — see the docstring")' in stub
    assert "self.t += 1" not in stub
