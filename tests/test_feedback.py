"""Feedback pages, class report and gradebook CSV, without a browser (`autograder check`: tests/test_kit.py)."""
from __future__ import annotations

import csv
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from autograder.feedback import class_report, lms_csv, student_page
from autograder.feedback import figures
from autograder.feedback.html import tag_label
from autograder.feedback.report import summarize
from autograder.weeks import ROOT

WEEK = "week2_optimizers"
HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "</pre></p></table><a href='javascript:alert(1)'>click</a>",
    "<style>body{display:none}</style>",
    "&lt;already escaped&gt; & <!-- comment --> <![CDATA[x]]>",
]
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "div", "p", "h1", "h2", "h3", "main",
                "section", "ul", "li", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "span", "strong",
                "small", "a", "article", "figure", "img", "figcaption", "footer", "code", "pre", "br", "details",
                "summary"}


class TagAudit(HTMLParser):
    """Every element and attribute of a page, to prove no student string became markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.style_blocks = 0
        self.in_style = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((k, v or "") for k, v in attrs)
        if tag == "style":
            self.style_blocks += 1
            self.in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if not self.in_style:
            self.text.append(data)


def audit(page: str) -> TagAudit:
    a = TagAudit()
    a.feed(page)
    a.close()
    assert set(a.tags) <= ALLOWED_TAGS, f"unexpected elements: {set(a.tags) - ALLOWED_TAGS}"
    assert a.style_blocks == 1
    for name, value in a.attrs:
        assert not name.startswith("on"), f"event handler attribute {name}={value!r}"
        if name in ("src", "href", "id", "class", "style"):
            assert "javascript:" not in value.lower() and "<" not in value, f"{name}={value!r}"
        if name == "src":
            assert value.startswith("data:image/png;base64,"), value[:60]
        if name == "href":
            assert value.startswith("#"), value
    return a


def mk_test(name, problem, pts, *, failed=False, score=0.0, output="Passed.", tags=(), figure=None,
         seconds=0.1, visibility="visible", internal=None):
    t = {"name": name, "score": score if failed else pts, "max_score": pts,
         "status": "failed" if failed else "passed", "output": output, "visibility": visibility,
         "tags": list(tags), "number": f"{problem}.1", "extra_data": {"problem": problem, "seconds": seconds}}
    if figure:
        t["extra_data"]["figure"] = figure
    if internal:
        t["extra_data"]["internal_error"] = internal
    return t


def result(name, tests, *, problems=None, seconds=1.0, **extra):
    score = sum(t["score"] for t in tests)
    return {"score": score, "max_score": sum(t["max_score"] for t in tests), "execution_time": seconds,
            "output": f"{name}: {score:g} points.", "visibility": "visible", "tests": tests,
            "extra_data": {"submission": name, "origin": name, "problems": problems or {}, "isolation": "bwrap",
                           **extra}}


# --- escaping -------------------------------------------------------------------------
@pytest.mark.parametrize("evil", HOSTILE)
def test_student_page_escapes_every_student_controlled_string(evil):
    r = result(evil, [mk_test(evil, evil, 5, failed=True, output=f"ValueError: {evil}\nWhat to try: {evil}",
                           tags=[evil, "not-implemented"],
                           figure={"kind": "curve", "title": evil, "xlabel": evil, "ylabel": evil, "x": [0, 1],
                                   "series": {evil: [1, 2], "yours": [1, 3]}, "log_y": False})],
               problems={evil: evil})
    page = student_page(r, evil)
    a = audit(page)
    text = "".join(a.text)
    assert evil in text                       # shown, as text
    assert evil not in page or "<" not in evil and ">" not in evil and '"' not in evil


@pytest.mark.parametrize("evil", HOSTILE)
def test_class_report_escapes_names_tags_and_errors(evil):
    results = {evil: result(evil, [mk_test(evil, evil, 5, failed=True, tags=[evil, "crash"], internal=evil)],
                            problems={evil: evil}, engine_error=evil),
               "ok": result("ok", [mk_test(evil, evil, 5)])}
    page = class_report(results, WEEK)
    a = audit(page)
    assert evil in "".join(a.text)


def test_figure_labels_cannot_break_matplotlib_or_the_page():
    evil = r"$\frac{1}{0$ <b>x</b> " + "$" * 7
    for data in ({"kind": "curve", "title": evil, "xlabel": evil, "ylabel": evil, "x": [0, 1, 2],
                  "series": {evil: [1, 2, 3]}, "log_y": True},
                 {"kind": "loss_curve", "train": [1, 0.5], "val": [1, 0.7], "yours": evil, "expected": evil},
                 {"kind": "histogram", "title": evil, "samples": [0.1, -0.2, 0.3],
                  "density": {"type": "uniform", "a": 0.5}}):
        uri = figures.render(data)
        assert uri and uri.startswith("data:image/png;base64,")


# --- figures are robust to whatever a grader (or a student's output) put in them ------------
@pytest.mark.parametrize("data", [
    {"kind": "trajectory", "surface": "ravine", "student": [[-5, -2], [1e300, float("nan")], [float("inf"), 0]],
     "reference": [[-5, -2], [-1, 0.5], [0, 0]]},
    {"kind": "trajectory", "surface": "no-such-surface", "student": [[0, 0], [1, 1]], "reference": [[0, 0]]},
    {"kind": "trajectory", "surface": None, "student": "garbage", "reference": [["a", "b"], [1]]},
    {"kind": "trajectory", "surface": "bowl", "student": [], "reference": []},
    {"kind": "curve", "x": [], "series": {"yours": [], "expected": []}},
    {"kind": "curve", "x": [0, 1, 2], "series": {"yours": ["x", None, 3], "expected": [1, 2, 3]}, "log_y": True},
    {"kind": "curve", "x": list(range(10 ** 5)), "series": {"yours": [1.0] * 10 ** 5}},
    {"kind": "histogram", "samples": [], "density": {"type": "normal", "std": -1}},
    {"kind": "histogram", "samples": [float("nan")] * 5 + [1e308], "density": {"type": "uniform", "a": "x"}},
    {"kind": "histogram", "samples": [0.0] * 100, "density": None},
    {"kind": "loss_curve", "train": [], "val": None, "yours": None, "expected": "overfitting"},
    {"kind": "curve", "x": [1, 2], "series": {"yours": [1, 2], "expected": [1, 3]}, "mark": "junk"},
    {"kind": "curve", "x": [1, 2], "series": {"yours": [1, 2], "expected": [1, 3]}, "mark": {"x": "a", "label": 3}},
    {"kind": "histogram", "samples": [0.1, 0.2], "summary": ["not", "text"]},
])
def test_odd_figure_data_still_draws(data):
    uri = figures.render(data)
    assert uri is not None and uri.startswith("data:image/png;base64,")


@pytest.mark.parametrize("data", [None, "x", 3, {}, {"kind": "unknown"}, {"kind": ["trajectory"]}])
def test_unknown_figure_data_is_skipped_not_fatal(data):
    assert figures.render(data) is None
    r = result("s", [mk_test("t", "p", 5, failed=True, output="bad", figure=data)])
    page = student_page(r, WEEK)
    audit(page)


def test_the_first_disagreement_is_drawn_with_the_graders_own_words():
    """A step-by-step figure marks the first disagreement and labels it with the message's words, whole."""
    label = "after update 7 (lr = 0.02 at that update): expected -0.3471172993, got -0.3471239123 -- " + "x" * 60
    base = {"kind": "curve", "title": "Adam, 12 steps: params[1][0, 1] after each update", "xlabel": "update",
            "ylabel": "params[1][0, 1]", "x": list(range(1, 13)),
            "series": {"yours": [0.1 * i for i in range(12)], "expected": [0.1 * i + (i > 5) for i in range(12)]}}
    assert "-0.3471172993" in figures._mark_text({"label": label})       # the numbers survive the wrapping
    assert figures.render({**base, "mark": {"x": 7, "label": label}}) != figures.render(base)


def test_a_histogram_shows_the_graders_statistics_of_all_values():
    base = {"kind": "histogram", "samples": [0.1, -0.2, 0.05, 0.3] * 50, "density": {"type": "normal", "std": 0.2}}
    with_summary = figures.render({**base, "summary": "your 100000 weights: mean 0.00012, std 0.08952 (root mean square: the spread about 0)"})
    assert with_summary and with_summary != figures.render(base)


def test_trajectory_uses_the_course_surface():
    s = figures.get_surface("rosenbrock")
    assert s is not None and s.xlim == (-2.0, 2.0)
    assert figures.get_surface("nope") is None


# --- the student page ---------------------------------------------------------------------
def student_result():
    return result("s1", [
        mk_test("SGD steps", "sgd", 10),
        mk_test("Adam first step", "adam", 10, failed=True, score=4, tags=["adam-no-bias-correction"],
             output="expected 0.1, got 0.0316.\nWhat to try: divide m by (1 - beta1**t)."),
        mk_test("Adam on Rosenbrock", "adam", 20, failed=True, tags=["not-implemented"],
             output="NotImplementedError: Adam.update\nWhat to try: replace the stub.",
             figure={"kind": "trajectory", "surface": "rosenbrock", "student": [[-1.2, 1], [-1, 1]],
                     "reference": [[-1.2, 1], [0, 0], [1, 1]]}, internal="SECRET-STAFF-DETAIL"),
        mk_test("Hidden from students", "adam", 5, visibility="hidden", failed=True, output="HIDDEN-OUTPUT"),
    ], engine_error="ENGINE-TRACEBACK")


def test_student_page_shows_scores_messages_hints_badges_and_figures():
    page = student_page(student_result(), WEEK)
    text = "".join(audit(page).text)
    assert "14 / 45 points" in text.replace("\xa0", " ") or "14/ 45" in text
    assert "Score per problem" in text
    assert "SGD" in text and "10 / 10" in text and "4 / 30" in text
    assert "Partly right" in text and "Passed" in text and "Not yet" in text
    assert "divide m by (1 - beta1**t)." in text and "What to try" in text
    assert "Adam: no bias correction" in text           # a readable badge, not the raw tag
    assert "Start here" in text and "Adam first step" in text
    assert page.count("<img ") == 1                      # the failed test with a figure
    for secret in ("SECRET-STAFF-DETAIL", "ENGINE-TRACEBACK", "HIDDEN-OUTPUT", "Hidden from students", "bwrap"):
        assert secret not in page


def test_all_passed_page_has_no_figures_and_says_so():
    r = result("s", [mk_test("a", "sgd", 5), mk_test("b", "sgd", 5)])
    text = "".join(audit(student_page(r, WEEK)).text)
    assert "Every test passed" in text and "Start here" not in text


def test_problem_files_are_reported_on_the_page():
    r = result("s", [mk_test("a", "sgd", 5, failed=True, tags=["import-error"], output="does not import")],
               problems={"optimizers.py": "SyntaxError: invalid syntax (line 3)"})
    text = "".join(audit(student_page(r, WEEK)).text)
    assert "Problem with optimizers.py:" in text and "SyntaxError: invalid syntax (line 3)" in text


def test_readable_tag_labels():
    assert tag_label("adam-no-bias-correction") == "Adam: no bias correction"
    assert tag_label("init-fan-out") == "Initializer: fan out"          # once "Init fan out": one style now
    assert tag_label("not-implemented") == "Not implemented yet (still the stub)"
    assert tag_label("sgd-lr-ignored") == "SGD: learning rate ignored"
    assert tag_label("not-in-place") == "Update: not done in place"
    assert tag_label("plateau-keras-patience") == "ReduceLROnPlateau: Keras patience"


def test_unanswered_is_a_status_not_a_recognized_mistake():
    r = result("s", [mk_test("Question 1: a question", "questions", 3, failed=True, tags=["unanswered"],
                             output="q_a is not answered yet.")])
    text = " ".join("".join(audit(student_page(r, WEEK)).text).split())
    assert "What happened: Not answered yet" in text
    assert "Recognized mistake" not in text
    assert summarize({"s": r})["mistakes"] == []            # the class report counts it apart, not as a mistake


def test_empty_or_malformed_results_still_give_a_page():
    for r in ({}, {"tests": None}, {"tests": [{}], "score": "x"}, {"extra_data": "junk", "tests": ["junk"]}):
        audit(student_page(r, WEEK))
    audit(class_report({}, WEEK))
    audit(class_report({"a": {}, "b": {"tests": [{}]}}, WEEK))


# --- the class report's numbers ------------------------------------------------------------
def class_results():
    def sub(name, adam_ok, mom, seconds, **kw):
        tests = [mk_test("SGD steps", "sgd", 10, seconds=0.1),
                 mk_test("Adam first step", "adam", 10, seconds=0.2) if adam_ok else
                 mk_test("Adam first step", "adam", 10, failed=True, tags=["adam-no-bias-correction"], seconds=0.2),
                 mom]
        return result(name, tests, seconds=seconds, **kw)
    return {
        "a": sub("a", True, mk_test("Momentum ravine", "momentum", 20, seconds=1.0), 2.0),
        "b": sub("b", False, mk_test("Momentum ravine", "momentum", 20, failed=True, score=5,
                                  tags=["momentum-wrong-sign"], seconds=1.0), 3.0),
        "c": sub("c", False, mk_test("Momentum ravine", "momentum", 20, failed=True, tags=["timeout"], seconds=10.0),
                 12.0),
        "d": result("d", [mk_test("SGD steps", "sgd", 10, failed=True, tags=["import-error"]),
                          mk_test("Adam first step", "adam", 10, failed=True, tags=["import-error"]),
                          mk_test("Momentum ravine", "momentum", 20, failed=True, tags=["import-error"])],
                    problems={"optimizers.py": "SyntaxError: invalid syntax (line 3)"}, seconds=1.0),
    }


def test_class_report_numbers():
    s = summarize(class_results())
    assert s["n"] == 4 and s["scores"] == [40.0, 15.0, 10.0, 0.0]
    assert s["mean"] == pytest.approx(16.25) and s["median"] == pytest.approx(12.5)
    assert s["full_marks"] == 1 and s["zero"] == 1
    rates = {r["name"]: (r["passed"], r["n"]) for r in s["items"]}
    assert rates == {"SGD steps": (3, 4), "Adam first step": (1, 4), "Momentum ravine": (1, 4)}
    assert [r["name"] for r in s["items"]][-1] == "SGD steps"            # sorted by pass rate, lowest first
    mom = next(r for r in s["items"] if r["name"] == "Momentum ravine")
    assert mom["mean_points"] == pytest.approx((20 + 5) / 4)
    assert [(m["tag"], m["students"], m["count"]) for m in s["mistakes"]] == [
        ("adam-no-bias-correction", 2, 2), ("momentum-wrong-sign", 1, 1)]
    generic = {g["tag"]: (g["students"], g["count"]) for g in s["generic"]}
    assert generic == {"import-error": (1, 3), "timeout": (1, 1)}       # generic failures kept apart
    failed = {f["submission"]: [k for k, _ in f["reasons"]] for f in s["failures"]}
    assert failed == {"c": ["timeout"], "d": ["submission", "import-error"]}
    assert s["time_total"] == pytest.approx(18.0) and s["time_max"] == pytest.approx(12.0)
    assert s["slowest"][0] == ("c", 12.0)
    pp = {p["problem"]: (p["mean"], p["max_score"], p["full"]) for p in s["per_problem"]}
    assert pp == {"sgd": (7.5, 10, 3), "adam": (2.5, 10, 1), "momentum": (6.25, 20, 1)}


def test_class_report_html_shows_the_numbers():
    page = class_report(class_results(), WEEK)
    text = " ".join("".join(audit(page).text).split())
    for words in ("4 submissions", "mean 16.2", "median 12.5", "Score distribution", "Pass rate of every test",
                  "75% (3/4)", "25% (1/4)", "Adam: no bias correction", "Momentum: wrong sign",
                  "Generic failures", "File does not import", "Submissions that failed to run",
                  "SyntaxError: invalid syntax (line 3)", "Total 18.0 s for 4 submissions"):
        assert words in text, words
    assert page.count("<img ") == 1
    assert text.index("Adam: no bias correction") < text.index("Momentum: wrong sign")


def test_grader_errors_are_listed_for_staff():
    r = {"x": result("x", [mk_test("t", "p", 5, failed=True, tags=["grader-error"], internal="KeyError: 'std'")])}
    s = summarize(r)
    assert s["failures"][0]["reasons"] == [("grader error", "t: KeyError: 'std'")]
    assert "KeyError: &#x27;std&#x27;" in class_report(r, WEEK)


# --- the gradebook CSV ------------------------------------------------------------------------
def test_lms_csv(tmp_path):
    results = class_results()
    results["=HYPERLINK(\"http://x\")"] = result("evil", [mk_test("SGD steps", "sgd", 10)])
    results["fritz"] = result("fritz", [mk_test("SGD steps", "sgd", 10, failed=True)],
                              problems={"optimizers.py": "optimizers.py is missing: found optimizers_fritz.py instead"},
                              handin=[{"kind": "module-renamed", "expected": "optimizers.py",
                                       "found": "optimizers_fritz.py"}])
    path = lms_csv(results, tmp_path / "out" / "lms.csv")
    rows = list(csv.reader(path.open()))
    assert rows[0] == ["student", "sgd", "adam", "momentum", "late", "late_penalty", "total", "status"]
    assert rows[1] == ["Points Possible", "10", "10", "20", "", "", "40", ""]     # the maxima, as Canvas reads them
    by = {r[0]: r[1:] for r in rows[2:]}
    assert by["a"][:3] + by["a"][5:] == ["10", "10", "20", "40", "graded"]
    assert by["b"][:3] + [by["b"][5]] == ["10", "0", "5", "15"]
    assert by["d"][:3] + [by["d"][5]] == ["0", "0", "0", "0"]
    assert "'=HYPERLINK(\"http://x\")" in by                # a name is never read as a formula
    assert by["'=HYPERLINK(\"http://x\")"][:3] + [by["'=HYPERLINK(\"http://x\")"][5]] == ["10", "0", "0", "10"]
    assert by["fritz"][-1] == "hand-in: optimizers.py missing (found optimizers_fritz.py)"     # as in grades.csv
    assert len(rows) == 2 + len(results)


def test_report_cli(tmp_path):
    import json
    for name, r in class_results().items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "results.json").write_text(json.dumps(r))
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "results.json").write_text("{not json")
    proc = subprocess.run([sys.executable, "-m", "autograder.cli", "report", WEEK, str(tmp_path), "--csv",
                           str(tmp_path / "lms.csv"), "--pages"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "skipping" in proc.stderr and "broken" in proc.stderr
    assert (tmp_path / "report.html").exists() and (tmp_path / "lms.csv").exists()
    assert (tmp_path / "a" / "feedback.html").exists()
    assert "4 submissions" in proc.stdout


def test_a_failed_test_with_full_points_is_a_note_not_a_mistake():
    note = mk_test("Warmup + cosine", "warmup_cosine", 4, failed=True, score=4.0, tags=["follows-own-helpers"],
                   output="Your warmup_cosine composes your own helpers correctly; no points are taken here.")
    r = result("s", [note, mk_test("Warmup", "warmup", 4, failed=True, tags=["warmup-starts-at-one"],
                                   output="starts at step 1")])
    text = "".join(audit(student_page(r, WEEK)).text)
    assert "Full points, with a note" in text and "no points are taken here" in text
    assert "1 of 2 tests passed" in text.replace("\xa0", " ")
    assert "Start here: Warmup" in " ".join(text.split())           # the note is never the next step
    s = summarize({"s": r})
    assert [m["tag"] for m in s["mistakes"]] == ["warmup-starts-at-one"]


def test_untouched_stubs_are_listed_compactly_as_to_do():
    stub = "NotImplementedError: week2_optimizers: Adam.update — see the docstring\nWhat to try: replace the stub."
    r = result("s", [mk_test("Adam first step", "adam", 5, failed=True, tags=["not-implemented"], output=stub),
                     mk_test("Adam twelve steps", "adam", 5, failed=True, tags=["not-implemented"], output=stub),
                     mk_test("SGD steps", "sgd", 5)])
    page = student_page(r, WEEK)
    text = " ".join("".join(audit(page).text).split())
    assert "2 tests wait for code you have not written yet (Adam.update)" in text
    assert "Adam first step Adam.update is still the stub" in text
    assert "Not yet" not in text and page.count('class="card test') == 0


def test_exploded_loss_curves_still_draw():
    """A diverged run (1e228, inf, nan) must give a figure, not an overflow in the log ticks."""
    from autograder.feedback.figures import render
    data = {"kind": "loss_curve", "train": [1.0, 10.0, 1e30, 1e228, float("inf"), float("nan")],
            "val": None, "yours": "healthy", "expected": "diverging"}
    assert render(data).startswith("data:image/png;base64,")


def test_the_example_answer_in_the_feedback_is_the_one_the_notebook_shows():
    import json
    import re as _re
    from autograder.answers import Unanswered, check_answer, load_key
    from autograder.grading import GradeFailure
    from autograder.weeks import WEEKS
    checked = 0
    for week in WEEKS.values():
        key = load_key(str(week.grader_dir / "test_questions.py"))
        notebook = json.loads((week.template_dir / week.notebook).read_text())
        text = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
        for qid, (example,) in ((q, m.groups()) for q in key
                                for m in [_re.search(rf"for example `q_{q} = ([^`]+)`", text)] if m):
            with pytest.raises(GradeFailure) as failure:
                check_answer({qid: Unanswered("not yet")}, qid, key=key, notebook=week.notebook, revisit="", hint="")
            assert f"q_{qid} = {example}" in failure.value.message, (week.name, qid, failure.value.message)
            checked += 1
    assert checked >= 3

