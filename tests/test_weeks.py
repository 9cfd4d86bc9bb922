"""The week is the unit: each is declared by graders/<week>/week.toml, found by autograder/weeks.py, and
what the framework does with a week comes from that declaration (docs/adding-a-week.md).

- discovery: every grader folder holding a week.toml is a week, by name; a declaration with an unknown
  entry, a wrong type, a bad name or a sandbox module that is not given is refused naming the file;
- one spelling per word across the course: no two weeks label a tag subject, a word or a tag differently;
- the declarations reach what used them to hard-code: the Gradescope bundle installs the week's packages,
  trajectory figures are drawn on the surfaces module a week names, tag labels read the weeks' words;
- nothing in the engine, the kit, the feedback or the bundle names a week or one of its modules.
"""
from __future__ import annotations

import ast
import re
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from autograder import weeks
from autograder.feedback import figures, html
from autograder.weeks import WEEKS, Week, WeekError, discover, load_week

PACKAGE = Path(weeks.__file__).resolve().parent


def declare(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / name
    folder.mkdir(parents=True)
    (folder / "week.toml").write_text(text)
    return folder


def test_the_course_weeks_are_the_declared_grader_folders():
    declared = sorted(p.parent.name for p in weeks.GRADERS.glob("*/week.toml"))
    assert list(WEEKS) == declared and len(declared) >= 4
    for week in WEEKS.values():
        assert week.solution_dir.is_dir() and (week.grader_dir / "probes.py").exists(), week.name
        for module in week.modules:
            assert (week.solution_dir / f"{module}.py").exists(), (week.name, module)
        for module in week.given:
            assert (week.common_dir / f"{module}.py").exists(), (week.name, module)
        for name in week.data:
            assert (week.common_dir / name).exists(), (week.name, name)
        assert Week.from_dict(asdict(week)) == week          # a worker receives its week as JSON


def test_discovery_is_by_name_and_follows_new_declarations(tmp_path):
    for name in ("week2_b", "week1_a"):
        declare(tmp_path, name, 'modules = ["m"]\n')
    (tmp_path / "notes").mkdir()                          # a folder without week.toml is not a week
    assert list(discover(tmp_path)) == ["week1_a", "week2_b"]
    found = weeks._Weeks()
    old = weeks.GRADERS
    try:
        weeks.GRADERS = tmp_path
        assert list(found) == ["week1_a", "week2_b"]
        declare(tmp_path, "week0_c", 'modules = ["m"]\n')
        assert list(found) == ["week0_c", "week1_a", "week2_b"]
        (tmp_path / "week1_a").rename(tmp_path / "week3_a")        # the same declaration, another week
        assert list(found) == ["week0_c", "week2_b", "week3_a"]
    finally:
        weeks.GRADERS = old


@pytest.mark.parametrize("text, why", [
    ('modules = ["m"]\nmodulez = ["x"]\n', "unknown entry 'modulez'"),
    ('modules = ["m"]\n[labels]\nsubject = { a = "A" }\n', "unknown entry 'labels.subject'"),
    ('modules = "m"\n', "should be a list of strs"),
    ('modules = []\n', "at least one student module"),
    ('modules = ["m.py"]\n', "is not a module name"),
    ('modules = ["m"]\n[questions]\npoints = "12"\n', "wrong type"),
    ('modules = ["m"]\nsandbox_given = ["surfaces"]\n', "not given"),
    ('modules = ["m"\n', "week.toml"),
])
def test_a_wrong_declaration_is_refused_naming_its_file(tmp_path, text, why):
    folder = declare(tmp_path, "week9_x", text)
    with pytest.raises(WeekError, match=re.escape(why)) as error:
        load_week(folder)
    assert str(folder / "week.toml") in str(error.value)


def test_a_week_folder_name_must_be_an_assignment_id(tmp_path):
    with pytest.raises(WeekError, match="folder name"):
        load_week(declare(tmp_path, "Week 9", 'modules = ["m"]\n'))


def test_one_spelling_per_word_across_the_course():
    framework = {"words": html.WORDS, "subjects": html.SUBJECTS, "tag_labels": html.LABELS}
    for table, own in framework.items():
        seen = {key: ("the framework", value) for key, value in own.items()}
        for week in WEEKS.values():
            for key, value in getattr(week, table).items():
                first = seen.setdefault(key, (week.name, value))
                assert first[1] == value, f"{table} {key!r}: {first[0]} says {first[1]!r}, {week.name} {value!r}"


def test_tag_labels_come_from_the_weeks_declarations(monkeypatch):
    assert html.tag_label("adam-no-bias-correction") == "Adam: no bias correction"
    week = WEEKS["week2_optimizers"]
    monkeypatch.setattr(weeks, "WEEKS", {**WEEKS, week.name: replace(week, subjects={}, words={}, tag_labels={})})
    assert html.tag_label("adam-no-bias-correction") == "Other: adam no bias correction"
    assert html.tag_label("state-reset") == "Other: state reset"


def test_the_bundle_installs_the_packages_a_week_declares():
    from autograder.gradescope import requirements
    week = next(iter(WEEKS.values()))
    plain = requirements(week)
    assert "numpy==" in plain and "pytest==" in plain and "hypothesis==" not in plain
    assert "hypothesis==" in requirements(replace(week, packages=(*week.packages, "hypothesis")))


def test_trajectories_are_drawn_on_the_surfaces_a_week_names(monkeypatch):
    assert figures.get_surface("rosenbrock") is not None
    monkeypatch.setattr(weeks, "WEEKS", {n: replace(w, trajectory_surfaces=None) for n, w in WEEKS.items()})
    assert figures.get_surface("rosenbrock") is None


FRAMEWORK = [p for p in PACKAGE.rglob("*.py") if "graders" not in p.relative_to(PACKAGE).parts]


def test_no_framework_code_names_a_week_or_its_modules():
    """Course content may be named in docstrings and comments (examples), never in code: no string names a
    week, and none is a module of a week or its file name."""
    modules = {m for w in WEEKS.values() for m in (*w.modules, *w.given)}
    found = []
    for path in FRAMEWORK:
        tree = ast.parse(path.read_text())
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                      and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", node.value))
                hits = (words & set(WEEKS)) | ({node.value} & modules) | (words & {f"{m}.py" for m in modules})
                if hits:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {sorted(hits)}")
    assert not found, "\n".join(found)
