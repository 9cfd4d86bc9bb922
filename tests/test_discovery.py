"""Finding submissions: names, collisions, links, mistyped paths, hostile names and text, exit codes.

Uses the engine's toy week (tests/fixtures/engine, 12 points).
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.engine.runner import grade, summary
from autograder.engine.submissions import DiscoveryError, discover, load, safe_name
from autograder.weeks import Week

FIXTURE = Path(__file__).parent / "fixtures" / "engine"
WEEK = Week("toyweek", ("toy",), (), solutions_root=str(FIXTURE / "solutions"),
            graders_root=str(FIXTURE / "graders"), template_root=str(FIXTURE / "template"))
CORRECT = (WEEK.solution_dir / "toy.py").read_text()
NOTEBOOK = (WEEK.solution_dir / "toyweek.ipynb").read_text()


def hand_in(folder: Path, source: str = CORRECT, notebook: str | None = NOTEBOOK) -> Path:
    folder.mkdir(parents=True)
    (folder / "toy.py").write_text(source)
    if notebook is not None:
        (folder / "toyweek.ipynb").write_text(notebook)
    return folder


def test_a_generated_name_never_takes_a_real_students_name(tmp_path):
    """bob~ and bob both make "bob"; the second must not become "bob-2" when a real bob-2 exists."""
    paths = [hand_in(tmp_path / n) for n in ("bob~", "bob", "bob-2", "Bob")]
    names = [w.name for w in discover(WEEK, paths)]
    assert len(set(n.casefold() for n in names)) == 4, names
    assert "bob-2" in names and names[paths.index(tmp_path / "bob-2")] == "bob-2"


def test_names_never_collide_with_the_runners_own_files(tmp_path):
    zips = tmp_path / "zips"
    zips.mkdir()
    for stem in ("grades.csv", "report.html", "lms.csv"):
        with zipfile.ZipFile(zips / f"{stem}.zip", "w") as zf:
            zf.writestr("toy.py", CORRECT)
    out = tmp_path / "out"
    results = grade(WEEK, sorted(zips.iterdir()), out, show_progress=False)
    assert (out / "grades.csv").is_file(), "grades.csv must stay the runner's file"
    assert not {"grades.csv", "report.html", "lms.csv"} & set(results)
    again = grade(WEEK, sorted(zips.iterdir()), out, show_progress=False)      # and a re-grade still works
    assert len(again) == 3 and (out / "grades.csv").is_file()


def test_a_student_folder_of_nbgrader_is_named_after_the_student(tmp_path):
    folder = hand_in(tmp_path / "submitted" / "bruno" / "toyweek")
    (where,) = discover(WEEK, [folder])
    assert where.name == "bruno"


@pytest.mark.parametrize("make", ["student-link", "week-link", "top-link"])
def test_symbolic_links_anywhere_in_a_submission_are_refused(tmp_path, make):
    real = hand_in(tmp_path / "elsewhere" / "toyweek")
    root = tmp_path / "submitted"
    root.mkdir()
    hand_in(root / "honest" / "toyweek")
    if make == "student-link":
        (root / "linked").symlink_to(real.parent)
        target = [root]
    elif make == "week-link":
        (root / "linked").mkdir()
        (root / "linked" / "toyweek").symlink_to(real)
        target = [root]
    else:
        (tmp_path / "linked").symlink_to(real)
        target = [tmp_path / "linked"]
    results = grade(WEEK, target, tmp_path / "out", show_progress=False)
    assert results["linked"]["score"] == 0
    assert "symbolic link" in results["linked"]["output"]


@pytest.mark.parametrize("path", ["does-not-exist", "empty-folder", "a-file.txt"])
def test_a_path_that_holds_no_submission_is_an_error_and_nothing_is_written(tmp_path, path):
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "a-file.txt").write_text("x")
    with pytest.raises(DiscoveryError) as info:
        grade(WEEK, [tmp_path / path, hand_in(tmp_path / "ok")], tmp_path / "out", show_progress=False)
    assert path in str(info.value)
    assert not (tmp_path / "out").exists()


def test_the_grade_command_exits_1_naming_a_mistyped_path(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", "week1_gradient_descent",
                           str(tmp_path / "nonexistent"), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "nonexistent does not exist" in proc.stderr
    assert not (tmp_path / "out").exists()


HOSTILE_IDS = ["=HYPERLINK(\"evil\")", "+cmd", "-2+3", "@SUM(A1)", "evil\x1b[2J\x1b[31mred",
               "two\nlines  99 of 12  all passed", "bidi\u202eevil"]


def test_hostile_ids_and_messages_are_neutralised_everywhere(tmp_path):
    root = tmp_path / "submitted"
    for sid in HOSTILE_IDS:
        message = "\\ud800 lone surrogate \\x1b]0;title\\x07 and\\r\\nforged: 12 / 12 all passed"
        hand_in(root / sid / "toyweek", CORRECT.replace('"""Elementwise a + b as float64."""',
                                                        f'"""x"""\n    raise ValueError("{message}")'))
    out = tmp_path / "out"
    results = grade(WEEK, [root], out, show_progress=False)
    assert len(results) == len(HOSTILE_IDS)
    for name in results:
        assert all(c.isalnum() or c in "_.@+-" for c in name) and name[0].isalnum(), name
    with open(out / "grades.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows[1:]:
        for cell in (row[0], row[-1]):
            assert not cell.startswith(("=", "+", "-", "@")), cell
            assert "\n" not in cell and "\x1b" not in cell and "\ud800" not in cell
    table = summary(results, 1.0)
    assert "\x1b" not in table and "\ud800" not in table and "\u202e" not in table
    assert not any(line.startswith("lines") for line in table.splitlines()), "a name forged a line"
    for name in results:     # (extra_data.origin keeps the raw path, JSON-escaped: it maps back to nbgrader's id)
        shown = {k: v for k, v in results[name].items() if k != "extra_data"}
        for text in _strings(shown):
            assert not any(0xD800 <= ord(c) <= 0xDFFF or c == "\x1b" for c in text), text[:200]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_instructor_commands_finish_for_the_whole_class_whatever_one_student_wrote(tmp_path):
    """A surrogate or escape in an exception message, a notebook cell or a student id: report --pages,
    feedback and gradebook still write every student's page and row (and say if one failed)."""
    from autograder.feedback.report_command import report
    from autograder.nbgrader_bridge import import_grades, write_feedback
    course = tmp_path / "course"
    root = course / "submitted"
    nb = json.loads(NOTEBOOK)
    nb["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": "x"})
    evil_nb = json.dumps(nb).replace('"source": "x"', '"source": "\\ud800\\u001b[2J markdown"')
    hand_in(root / "aaron" / "toyweek", CORRECT.replace('"""Elementwise a + b as float64."""',
                                                        '"""x"""\n    raise ValueError("\\ud800\\x1b[31m")'), evil_nb)
    for sid in ("mallory\x1b[2J", "zoe"):
        hand_in(root / sid / "toyweek")
    out = tmp_path / "graded"
    grade(WEEK, [root], out, show_progress=False)
    assert report(WEEK.name, out, pages=True, csv_path=str(tmp_path / "lms.csv")) == 0
    for name in os.listdir(out):
        if (out / name).is_dir():
            assert (out / name / "feedback.html").read_text(encoding="utf-8")
    totals = import_grades(WEEK, out, course, log=lambda *a: None)
    assert len(totals) == 3
    pages = write_feedback(WEEK, out, course)
    assert len(pages) == 3
    autograded = json.loads((course / "autograded" / "aaron" / "toyweek" / "toyweek.ipynb").read_text(encoding="utf-8"))
    for text in _strings(autograded):
        assert not any(0xD800 <= ord(c) <= 0xDFFF or c == "\x1b" for c in text), text[:200]


def test_safe_name_never_starts_with_punctuation():
    for raw in ("-rf", "..", "+1", "@x", "=1", "__init__", "\x1b[2J"):
        name = safe_name(raw)
        assert name[0].isalnum(), (raw, name)


def test_a_huge_zip_directory_is_refused_before_it_is_parsed(tmp_path):
    """The entry count is read from the archive's end record: a zip announcing more than 500 entries is
    refused without zipfile building its directory (a 1M-entry directory took 5-8 s and ~480 MB)."""
    import struct
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w") as zf:
        zf.writestr("toy.py", CORRECT)
    raw = bytearray(body.getvalue())
    end = raw.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", raw, end + 8, 0xFFFF - 1, 0xFFFF - 1)       # 65,534 entries announced
    (tmp_path / "huge.zip").write_bytes(bytes(raw))
    sub = load(WEEK, discover(WEEK, [tmp_path / "huge.zip"])[0])
    assert "more than 500 entries" in sub.problems["huge.zip"]


def test_unusual_files_are_problems_with_messages_never_engine_errors(tmp_path):
    """An encrypted zip, a notebook holding a 5,000-digit integer: the student is told, the run goes on."""
    import struct
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w") as zf:
        zf.writestr("toy.py", CORRECT)
    raw = bytearray(body.getvalue())
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):          # set the "encrypted" flag bit in both headers
        at = raw.find(sig)
        flag_at = at + (6 if sig == b"PK\x03\x04" else 8)
        struct.pack_into("<H", raw, flag_at, struct.unpack_from("<H", raw, flag_at)[0] | 1)
    (tmp_path / "locked.zip").write_bytes(bytes(raw))
    big = hand_in(tmp_path / "big-int", notebook='{"cells": [], "x": ' + "9" * 5000 + "}")
    results = grade(WEEK, [tmp_path / "locked.zip", big], tmp_path / "out", show_progress=False)
    assert "encrypted" in results["locked"]["output"]
    assert "not valid notebook JSON" in results["big-int"]["output"]
    assert not results.not_graded


def test_the_answer_reader_is_bounded_whatever_the_notebook_holds():
    from autograder.answers import MAX_ANSWER_CELLS, Unanswered, read_answers
    cell = lambda qid, src: {"cell_type": "code", "metadata": {"nbgrader": {"grade_id": qid}}, "source": src}
    many = {"cells": [cell(f"q_{i}", f"q_{i} = 1") for i in range(5000)]}
    assert len(read_answers(many)) == MAX_ANSWER_CELLS
    hostile = {"cells": [cell("q_a", "q_a = " + "-" * 20000 + "1"), cell("q_b", ["q_b = ", 3, '"B"']),
                         cell("q_c", "q_c = " + "9" * 5000), cell("q_d", {"not": "text"}),
                         cell("q_e", "q_e = " + "[" * 3000), "not a cell", cell(["q_f"], "x")]}
    answers = read_answers(hostile)
    assert answers["b"] == "B"
    assert all(isinstance(answers[k], Unanswered) for k in ("a", "c", "d", "e"))
