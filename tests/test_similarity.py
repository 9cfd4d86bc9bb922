"""The code-similarity report: planted copies rank above independent honest solutions, in every week.

The honest hands are the reference solution and three solutions written independently for these
tests, each in its own style (tests/fixtures/similarity/<week>/{loops,vectorised,helpers}); they
get full code marks (``test_the_honest_hands_and_a_planted_copy_are_correct_solutions``). The
planted copies are made from them by tests/disguise.py: names changed, functions and methods
reordered, reformatted, comments replaced, dead statements added.
"""
from __future__ import annotations

import ast
import csv
import difflib
import json
import os
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest

from disguise import add_dead_code, disguise, recomment, reformat, rename, reorder
from autograder.feedback import similarity
from autograder.feedback.similarity import Hand, compare, compare_folders, regions, section
from autograder.weeks import ROOT, WEEKS, Week

FIXTURES = Path(__file__).parent / "fixtures" / "similarity"
STYLES = ("loops", "vectorised", "helpers")


def api_of(week: Week) -> set[str]:
    """The names a copier keeps: the released stub's functions, classes, parameters and attributes."""
    names: set[str] = set()
    for module in week.modules:
        for node in ast.walk(ast.parse((week.template_dir / f"{module}.py").read_text())):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return names


def honest_hands(week: Week) -> dict[str, dict[str, str]]:
    hands = {"reference": {m: (week.solution_dir / f"{m}.py").read_text() for m in week.modules}}
    for style in STYLES:
        hands[style] = {m: (FIXTURES / week.name / style / f"{m}.py").read_text() for m in week.modules}
    return hands


def run(week: Week, hands: dict[str, dict[str, str]], **kw) -> similarity.Similarity:
    return compare(week, hands.items(), hands.get, **kw)


def scores(sim: similarity.Similarity) -> dict[frozenset, float]:
    return {frozenset((p.a, p.b)): p.score for p in sim.pairs}


@pytest.mark.parametrize("week", WEEKS.values(), ids=list(WEEKS))
def test_planted_copies_rank_above_every_pair_of_independent_hands(week):
    hands = honest_hands(week)
    api = api_of(week)
    for name in list(hands):
        hands[f"copy-of-{name}"] = {m: disguise(src, api) for m, src in hands[name].items()}
    sim = run(week, hands)
    got = scores(sim)
    planted = {frozenset((n, f"copy-of-{n}")) for n in honest_hands(week)}
    independent = [frozenset(p) for p in combinations(hands, 2) if frozenset(p) not in planted]
    worst_copy = min(got.get(p, 0.0) for p in planted)
    best_independent = max(got.get(p, 0.0) for p in independent)
    assert worst_copy > best_independent, (worst_copy, best_independent)
    assert {frozenset((p.a, p.b)) for p in sim.pairs[:len(planted)]} == planted
    # the margin measured when this was written (docs/instructors.md): copies >= 0.94, independent <= 0.19
    assert worst_copy >= 0.9 and best_independent <= 0.3, (worst_copy, best_independent)


@pytest.mark.parametrize("change", [rename, reorder, reformat, recomment], ids=lambda f: f.__name__)
@pytest.mark.parametrize("week", WEEKS.values(), ids=list(WEEKS))
def test_renaming_reordering_reformatting_and_comments_change_nothing(week, change):
    api = api_of(week)
    for name, hand in honest_hands(week).items():
        copy = {m: change(src, api) if change is rename else change(src) for m, src in hand.items()}
        assert copy != hand
        sim = run(week, {"a": hand, "b": copy})
        assert [round(p.score, 9) for p in sim.pairs] == [1.0], name


def test_dead_statements_cost_only_the_fingerprints_around_them():
    week = WEEKS["week2_optimizers"]
    hand = honest_hands(week)["reference"]
    copy = {m: add_dead_code(src) for m, src in hand.items()}
    (pair,) = run(week, {"a": hand, "b": copy}).pairs
    assert 0.9 <= pair.score < 1.0


def test_the_disguise_defeats_a_line_diff():
    """What the comparison sees through, a text diff does not: it finds under 30 % of the lines."""
    for week in WEEKS.values():
        api = api_of(week)
        for name, hand in honest_hands(week).items():
            before = "\n".join(hand.values()).splitlines()
            after = "\n".join(disguise(src, api) for src in hand.values()).splitlines()
            ratio = difflib.SequenceMatcher(None, before, after).ratio()
            assert ratio < 0.3, (week.name, name, ratio)


@pytest.mark.parametrize("week", WEEKS.values(), ids=list(WEEKS))
def test_the_untouched_stub_against_the_stub_scores_nothing(week, monkeypatch):
    stub = {m: (week.template_dir / f"{m}.py").read_text() for m in week.modules}
    assert run(week, {"a": stub, "b": dict(stub)}).pairs == []
    # the scaffold is what makes it so: without the subtraction two stubs are the same code
    monkeypatch.setattr(similarity, "scaffold_of", lambda week: (frozenset(), []))
    assert [p.score for p in run(week, {"a": stub, "b": dict(stub)}).pairs] == [1.0]


def test_the_stub_left_in_a_real_solution_is_not_evidence():
    """Two hands that share only the released scaffolding (class headers, __init__) share no fingerprint."""
    week = WEEKS["week2_optimizers"]
    stub = (week.template_dir / "optimizers.py").read_text()
    sgd_only = stub.replace('        raise NotImplementedError("week2_optimizers: SGD.update — see the docstring")',
                            "        for p, g in zip(params, grads):\n            p -= self.lr * g")
    adagrad_only = stub.replace('        raise NotImplementedError("week2_optimizers: AdaGrad.update — see the docstring")',
                                "        self.G = self.G or [np.zeros_like(p) for p in params]\n"
                                "        for i, p in enumerate(params):\n"
                                "            self.G[i] += grads[i] ** 2\n"
                                "            p -= self.lr * grads[i] / (np.sqrt(self.G[i]) + self.eps)")
    assert sgd_only != stub and adagrad_only != stub
    assert run(week, {"a": {"optimizers": sgd_only}, "b": {"optimizers": adagrad_only}}).pairs == []


def test_code_in_more_than_max_share_hands_is_common_knowledge():
    week = WEEKS["week1_gradient_descent"]
    hand = honest_hands(week)["loops"]
    ten = {f"s{i}": hand for i in range(10)}
    assert len(run(week, ten).pairs) == 45                     # 10 hands: still a suspicious group
    assert run(week, {**ten, "s10": hand}).pairs == []         # 11 > MAX_SHARE: everybody writes it
    assert len(run(week, {**ten, "s10": hand}, max_share=11).pairs) == 55


def test_scores_are_the_same_in_every_process():
    """Fingerprints come from stable hashes: str hashing changes with PYTHONHASHSEED, the ranking must not."""
    script = ("import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
              "from test_similarity import honest_hands, run\n"
              "from autograder.weeks import WEEKS\n"
              "w = WEEKS['week3_schedules']\n"
              "print([(p.a, p.b, p.shared, p.size_a, p.size_b) for p in run(w, honest_hands(w)).pairs])\n")
    outputs = {subprocess.run([sys.executable, "-c", script, str(ROOT), str(Path(__file__).parent)],
                              capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1 and "reference" in outputs.pop()


def test_regions_point_at_the_same_code_in_both_hands():
    """After reordering alone, every matching region holds the same lines of text in both hands, and
    every function is found (where it moved to)."""
    week = WEEKS["week3_schedules"]
    hand = honest_hands(week)["helpers"]
    copy = {m: reorder(src) for m, src in hand.items()}
    sim = run(week, {"a": hand, "b": copy})
    found = regions(sim, "a", "b")
    for r in found:
        lines_a = hand[r.module_a].splitlines()[r.lines_a[0] - 1:r.lines_a[1]]
        lines_b = copy[r.module_b].splitlines()[r.lines_b[0] - 1:r.lines_b[1]]
        assert lines_a == lines_b
    assert any(r.lines_a != r.lines_b for r in found)              # the code did move
    functions = [n for n in ast.walk(ast.parse(hand["schedules"])) if isinstance(n, ast.FunctionDef)
                 and n.name != "__init__"]                        # __init__ is the released scaffold
    for fn in functions:
        assert any(r.lines_a[0] <= fn.end_lineno and fn.lineno <= r.lines_a[1] for r in found), fn.name


def test_regions_leave_out_what_many_hands_share():
    """Only what the pair shares with few others is marked: code that eleven hands have is common knowledge."""
    week = WEEKS["week1_gradient_descent"]
    common = honest_hands(week)["loops"]["gradient_descent"]
    extra = ("\n\ndef smoothed(values, width):\n    out = []\n    for i in range(len(values)):\n"
             "        window = values[max(0, i - width):i + width + 1]\n        out.append(sum(window) / len(window))\n"
             "    return out\n")
    hands = {f"s{i}": {"gradient_descent": common} for i in range(11)}
    hands["s0"] = {"gradient_descent": common + extra}
    hands["twin"] = {"gradient_descent": common + extra.replace("values", "xs").replace("out", "res")}
    sim = run(week, hands)
    assert [(p.a, p.b) for p in sim.pairs] == [("s0", "twin")]
    first_extra_line = len(common.splitlines()) + 3
    assert [r.lines_a[0] >= first_extra_line for r in regions(sim, "s0", "twin")] == [True]


def test_the_normalised_tokens():
    """Names the student binds become V (a shadowed builtin too); builtins, library attributes, operators and
    numbers stay; strings become $; docstrings and bare strings vanish."""
    (unit,) = [u for u in similarity.units_of(
        'def f(xs):\n    """doc"""\n    "a comment as a string"\n    total = sum(xs) + np.sqrt(2.0)\n'
        '    return total, "label"\n', "m")]
    assert unit.texts == ["FunctionDef", "arguments", "arg", "Assign", "V", "BinOp", "Call", "sum", "V", "Add",
                          "Call", "Attribute", "V", ".sqrt", "#2.0", "Return", "Tuple", "V", "$"]
    assert unit.lines[unit.texts.index("Return")] == 5
    (shadowed,) = similarity.units_of("def f(xs):\n    sum = 0\n    return sum\n", "m")
    assert "sum" not in shadowed.texts
    # a method's own attributes are the student's to name, whatever it calls ``self``; another object's are not
    method = similarity.units_of("class A:\n    def g(me, x):\n        return me.speed * x.shape\n", "m")[0]
    assert method.texts == ["FunctionDef", "arguments", "arg", "arg", "Return", "BinOp", "Attribute", "V", ".V",
                            "Mult", "Attribute", "V", ".shape"]


def test_a_long_repetitive_pair_is_cut_short():
    """The side-by-side search has a budget: 20,000 tokens of one repeated line, in both hands, take a few
    seconds (150 s of CPU without the caps on places per k-gram and on steps)."""
    script = ("import sys; sys.path[:0] = [sys.argv[1]]\n"
              "from autograder.feedback import similarity as S\n"
              "from autograder.weeks import WEEKS\n"
              "body = {'optimizers': 'def f(x):\\n' + '    x = x + 1\\n' * 6000}\n"
              "hands = {'a': body, 'b': body}\n"
              "sim = S.compare(WEEKS['week2_optimizers'], hands.items(), hands.get)\n"
              "print(len(S.regions(sim, 'a', 'b')), sim.notes['a'])\n")
    proc = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("1 ['only the first 20000 tokens were compared']")


# --- hostile and broken hands ------------------------------------------------------------------------
def write_class(root: Path, week: Week, hands: dict[str, dict[str, str | bytes]]) -> Path:
    """nbgrader's layout: submitted/<student>/<week>/<module>.py."""
    for student, files in hands.items():
        folder = root / student / week.name
        folder.mkdir(parents=True)
        for module, text in files.items():
            path = folder / f"{module}.py"
            path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text)
    return root


def test_broken_and_hostile_hands_are_listed_not_fatal(tmp_path):
    week = WEEKS["week2_optimizers"]
    ref = honest_hands(week)["reference"]["optimizers"]
    hands = {
        "ada": {"optimizers": ref},
        "ada-copy": {"optimizers": disguise(ref, api_of(week))},
        "syntax": {"optimizers": "class SGD(:\n    pass\n"},
        "deep": {"optimizers": "x = " + "-" * 50_000 + "1\n"},                # the parser's own stack
        "chain": {"optimizers": "x = " + "+".join(["a"] * 30_000) + "\n"},      # deep tree
        "huge": {"optimizers": "x = 1\n" * 30_000},                             # over MAX_PARSED
        "long": {"optimizers": "x = 1\n" * 8_000},                              # over MAX_TOKENS
        "binary": {"optimizers": b"\xff\xfe\x00garbage"},
        "nothing": {},
    }
    root = write_class(tmp_path / "submitted", week, hands)
    (root / "linked" / week.name).mkdir(parents=True)
    (root / "linked" / week.name / "optimizers.py").symlink_to(week.solution_dir / "optimizers.py")
    sim = compare_folders(week, [root])
    assert (sim.pairs[0].a, sim.pairs[0].b) in (("ada", "ada-copy"), ("ada-copy", "ada"))
    assert sim.pairs[0].score > 0.9
    assert all(p.score < 0.5 for p in sim.pairs[1:])
    notes = {name: " ".join(n) for name, n in sim.notes.items()}
    assert "does not parse (line 1" in notes["syntax"]
    assert "cannot be compared" in notes["deep"] and "cannot be compared" in notes["chain"]
    assert "over the 100000 compared" in notes["huge"]
    assert "only the first 20000 tokens were compared" in notes["long"]
    assert "not UTF-8" in notes["binary"]
    assert "symbolic link" in notes["linked"]
    assert "holds none of the week's files" in notes["nothing"]
    assert sim.hands == len(hands) + 1


def test_the_section_escapes_names_and_code():
    week = WEEKS["week2_optimizers"]
    ref = honest_hands(week)["reference"]["optimizers"]
    evil = ref.replace("        self.t += 1\n", "        self.t += 1\n        note = '</div><script>alert(1)</script>'"
                                             "  # </pre><img src=x onerror=alert(2)>\n", 1)
    assert evil != ref
    hands = {'<img src=x onerror="alert(3)">': {"optimizers": evil},
             "b": {"optimizers": disguise(evil, api_of(week))}}
    html = section(run(week, hands))
    assert "<script>" not in html and "<img" not in html and "onerror=\"" not in html
    assert "&#x27;&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;" in html   # shown, as text
    assert "# &lt;/pre&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(3)&quot;&gt;" in html
    from test_feedback import audit
    from autograder.feedback.html import page
    audit(page("similar", "course", html))


# --- the command -------------------------------------------------------------------------------------
def test_report_command_adds_the_section_and_writes_similarity_csv(tmp_path):
    week = WEEKS["week4_stability"]
    hands = honest_hands(week)
    hands = {"ada": hands["reference"], "bob": hands["loops"], "cyd": hands["vectorised"],
             "@dan": hands["helpers"],
             "eve": {m: disguise(src, api_of(week)) for m, src in hands["helpers"].items()}}
    submitted = write_class(tmp_path / "submitted", week, hands)
    graded = tmp_path / "graded"
    for name in hands:
        (graded / name).mkdir(parents=True)
        (graded / name / "results.json").write_text(json.dumps({"score": 50.0, "max_score": 100.0, "tests": []}))
    proc = subprocess.run([sys.executable, "-m", "autograder.cli", "report", week.name, str(graded),
                           "--code", str(submitted)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    # discovery names the folder "@dan" as "dan" (a name starts with a letter or digit: no spreadsheet formula)
    assert "the most similar: eve and dan" in proc.stdout or "the most similar: dan and eve" in proc.stdout
    page = (graded / "report.html").read_text()
    assert '<h2 id="similar-code">Similar code</h2>' in page and "5 hands compared; 10 pairs share" in page
    with open(graded / "similarity.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {rows[0]["submission_a"], rows[0]["submission_b"]} == {"eve", "dan"}
    assert float(rows[0]["score"]) > 0.9 > float(rows[1]["score"])
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))


@pytest.mark.parametrize("args, message", [(["--code", "/nonexistent/submitted"], "is not a folder"),
                                           (["--code", ".", "--max-share", "1"], "at least 2")])
def test_report_command_refuses_bad_code_options(tmp_path, args, message):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "results.json").write_text(json.dumps({"score": 1, "tests": []}))
    proc = subprocess.run([sys.executable, "-m", "autograder.cli", "report", "week2_optimizers", str(tmp_path),
                           *args], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and message in proc.stderr
    assert not (tmp_path / "report.html").exists()


# --- the hands themselves ------------------------------------------------------------------------------
@pytest.mark.parametrize("week", WEEKS.values(), ids=list(WEEKS))
def test_the_honest_hands_and_a_planted_copy_are_correct_solutions(week, tmp_path):
    """Full marks for the code (the notebook is not part of a hand): independent solutions, and copies
    that still work, as a copier would hand in."""
    from autograder.engine.runner import grade
    copy = tmp_path / "copy-of-reference"
    copy.mkdir()
    for module, src in honest_hands(week)["reference"].items():
        (copy / f"{module}.py").write_text(disguise(src, api_of(week)))
    results = grade(week, [FIXTURES / week.name / s for s in STYLES] + [copy], tmp_path / "graded", jobs=2,
                    show_progress=False)
    for name in (*STYLES, copy.name):
        lost = [t["name"] for t in results[name]["tests"]
                if t["extra_data"].get("problem") != "questions" and t["score"] < t["max_score"]]
        assert not lost, (name, lost)
