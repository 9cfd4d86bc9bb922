"""The feedback pages in a real browser: they load cleanly and their figures are really visible.

Each page is loaded in headless Chromium inside a test-only harness page (an
iframe, same origin thanks to --allow-file-access-from-files) whose script
reads, after the load event, every figure's natural size and position and
counts anything that escaping should have prevented (scripts, javascript:
links, non-data images). The product pages themselves carry no script (their
Content-Security-Policy forbids it). A screenshot of the same harness then
proves each figure's box holds a drawing, not a blank: pixels that are not
background. ``assert_figures_visible`` is the check; the tests also prove it
fails when a figure is missing or broken, so a page that silently drops a
figure cannot pass.
"""
from __future__ import annotations

import html
import json
import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from autograder.feedback import class_report, student_page
from autograder.feedback.figures import surfaces_module

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")

WIDTH = 1000
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--allow-file-access-from-files", "--hide-scrollbars", "--force-device-scale-factor=1",
         "--enable-logging=stderr", "--v=0"]

HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>body{margin:0;background:#fff}iframe{border:0;width:%(width)dpx;height:%(height)dpx;display:block}</style>
</head><body><iframe id="f" src="%(page)s"></iframe><pre id="out">pending</pre>
<script>
window.addEventListener('load', function () {
  var out = {};
  try {
    var d = document.getElementById('f').contentDocument;
    out.ready = d.readyState;
    out.title = d.title;
    out.height = Math.ceil(d.documentElement.scrollHeight);
    out.figures = Array.from(d.querySelectorAll('figure')).map(function (fig) {
      var im = fig.querySelector('img'), r = im ? im.getBoundingClientRect() : null;
      var test = fig.closest('article');
      return {id: fig.id, cls: fig.className, test: test ? test.id : null, has_img: !!im,
              data_uri: im ? im.getAttribute('src').indexOf('data:image/png;base64,') === 0 : false,
              complete: im ? im.complete : false, natW: im ? im.naturalWidth : 0, natH: im ? im.naturalHeight : 0,
              x: r ? r.left : 0, y: r ? r.top : 0, w: r ? r.width : 0, h: r ? r.height : 0,
              alt: im ? im.alt : ''};
    });
    out.injected = d.querySelectorAll('script, iframe, object, embed, a[href^="javascript"], ' +
                                      'img:not([src^="data:"]), [onerror], [onload], [onclick]').length;
    out.tables = d.querySelectorAll('table').length;
    out.text = d.body.innerText;
  } catch (e) { out.error = String(e); }
  document.getElementById('out').textContent = JSON.stringify(out);
});
</script></body></html>"""


def chromium(url: str, *extra: str, timeout: float = 90) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                              capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def load(page_html: str, workdir: Path, name: str) -> dict:
    """Load a page in Chromium; returns what the harness saw, the console errors and a screenshot array."""
    page = workdir / f"{name}.html"
    page.write_text(page_html, encoding="utf-8")

    shot = workdir / f"{name}.png"

    def run(height: int) -> tuple[dict, list[str]]:
        harness = workdir / f"{name}-harness.html"
        harness.write_text(HARNESS % {"width": WIDTH, "height": height, "page": page.name})
        shot.unlink(missing_ok=True)
        # one load: the DOM after the load event (and the harness's report), and a screenshot of it
        proc = chromium(harness.as_uri(), f"--window-size={WIDTH},{height}", "--dump-dom", f"--screenshot={shot}")
        m = re.search(r'<pre id="out">(.*?)</pre>', proc.stdout, re.S)
        assert m, f"Chromium produced no DOM (exit {proc.returncode}): {proc.stderr[-2000:]}"
        seen = json.loads(html.unescape(m.group(1)))
        console = [ln for ln in proc.stderr.splitlines() if ":CONSOLE" in ln and page.name in ln]
        return seen, console

    height = 4000
    seen, console = run(height)
    assert "error" not in seen, seen
    if seen["height"] > height:         # once more at the page's full height: every figure is in view
        seen, console = run(seen["height"])
    assert shot.exists(), f"no screenshot of {name}"
    import matplotlib.image as mpimg
    seen["pixels"] = mpimg.imread(str(shot))[..., :3]
    seen["console"] = console
    return seen


def assert_loaded_cleanly(seen: dict) -> None:
    assert seen["ready"] == "complete"
    assert seen["title"], "the page has no title"
    assert not seen["console"], f"console messages while loading: {seen['console']}"
    assert seen["injected"] == 0, "the page contains active content (script, handler, link or remote image)"


def assert_figures_visible(seen: dict, expected: list[tuple[str | None, str]]) -> None:
    """Every (test id, kind) in ``expected`` has a figure that is decoded, laid out and drawn.

    The test id is the ``article`` holding the figure (None: a figure outside any test).
    """
    pixels = seen["pixels"]
    for test_id, kind in expected:
        figs = [f for f in seen["figures"] if f["test"] == test_id and f"fig-{kind}" in f["cls"].split()]
        assert figs, f"{test_id}: no {kind} figure on the page"
        fig = figs[0]
        assert fig["has_img"] and fig["data_uri"], f"{test_id}: the {kind} figure is not an embedded PNG"
        assert fig["complete"] and fig["natW"] > 100 and fig["natH"] > 100, \
            f"{test_id}: the {kind} image did not decode (natural size {fig['natW']}x{fig['natH']})"
        assert fig["w"] > 100 and fig["h"] > 100, f"{test_id}: the {kind} figure has no size on the page"
        assert fig["alt"], f"{test_id}: the {kind} figure has no text alternative"
        x0, y0 = int(math.ceil(fig["x"])) + 2, int(math.ceil(fig["y"])) + 2
        x1, y1 = int(fig["x"] + fig["w"]) - 2, int(fig["y"] + fig["h"]) - 2
        assert 0 <= x0 < x1 <= pixels.shape[1] and 0 <= y0 < y1 <= pixels.shape[0], \
            f"{test_id}: the {kind} figure lies outside the rendered page"
        crop = pixels[y0:y1, x0:x1]
        ink = np.any(np.abs(crop - 1.0) > 0.15, axis=-1).mean()      # share of clearly non-white pixels
        colours = len(np.unique((crop * 31).astype(int).reshape(-1, 3), axis=0))
        assert ink > 0.02 and colours > 8, \
            f"{test_id}: the {kind} figure's box is blank on screen (ink {ink:.3f}, {colours} colours)"


# --- the results under test ----------------------------------------------------------
def _adam(surface, lr, steps, b1=0.9, b2=0.999):
    p, m, v, path = np.array(surface.start, dtype=float), np.zeros(2), np.zeros(2), []
    path.append(p.copy())
    for t in range(1, steps + 1):
        g = surface.grad(p)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        p = p - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + 1e-8)
        path.append(p.copy())
    return np.array(path).tolist()


def _test(name, problem, pts, *, failed=False, output="Passed.", tags=(), figure=None, score=0.0):
    t = {"name": name, "score": score if failed else pts, "max_score": pts,
         "status": "failed" if failed else "passed", "output": output, "visibility": "visible",
         "tags": list(tags), "number": f"{problem}.1", "extra_data": {"problem": problem, "seconds": 0.2}}
    if figure:
        t["extra_data"]["figure"] = figure
    return t


def make_result(name: str = "student01") -> dict:
    rosen = surfaces_module().SURFACES["rosenbrock"]
    epochs = 40
    cos = [0.05 * (1 + math.cos(math.pi * e / (epochs - 1))) for e in range(epochs)]
    late = [0.05 * (1 + math.cos(math.pi * e / epochs)) for e in range(epochs)]
    rng = np.random.default_rng(1)
    tests = [
        _test("SGD: parameters after 5 steps", "sgd", 10),
        _test("Adam: converges on Rosenbrock", "adam", 20, failed=True, tags=["adam-betas-swapped"],
              output="After 600 steps your Adam is at (-0.95, 1.14), loss 9.53; expected loss 0.0045.\n"
                     "What to try: beta1 belongs to m, beta2 to v.",
              figure={"kind": "trajectory", "surface": "rosenbrock",
                      "student": _adam(rosen, 0.1, 600, b1=0.999, b2=0.9), "reference": _adam(rosen, 0.1, 600)}),
        _test("Cosine annealing: every epoch", "schedules", 15, failed=True, score=5, tags=["cosine-off-by-one"],
              output="Epoch 39: expected 0, got 7.7e-05.\nWhat to try: use T = epochs - 1.",
              figure={"kind": "curve", "title": "Cosine annealing", "xlabel": "epoch", "ylabel": "learning rate",
                      "x": list(range(epochs)), "series": {"yours": late, "expected": cos}, "log_y": False}),
        _test("He initialization: standard deviation", "init", 10, failed=True, tags=["init-fan-out"],
              output="std 0.177, expected 0.0884.\nWhat to try: std = sqrt(2 / fan_in).",
              figure={"kind": "histogram", "title": "He normal, fan_in=256",
                      "samples": rng.normal(0, 0.177, 5000).tolist(),
                      "density": {"type": "normal", "std": 0.0884}}),
    ]
    score = sum(t["score"] for t in tests)
    return {"score": score, "max_score": 55.0, "execution_time": 2.5, "output": f"{name}: {score:g} / 55 points.",
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests,
            "extra_data": {"submission": name, "origin": name, "problems": {}, "isolation": "bwrap"}}


EXPECTED = [("test-1", "trajectory"), ("test-2", "curve"), ("test-3", "histogram")]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("feedback-browser")


@pytest.fixture(scope="module")
def full_page(workdir):
    return load(student_page(make_result(), "week2_optimizers"), workdir, "student")


def test_student_page_loads_and_every_figure_is_visible(full_page):
    assert_loaded_cleanly(full_page)
    assert_figures_visible(full_page, EXPECTED)
    text = full_page["text"]
    for words in ("Score per problem", "Adam: converges on Rosenbrock", "What to try", "Adam: betas swapped",
                  "Initializer: fan out", "15 / 55"):
        assert words in text, f"{words!r} is not on the page"


def test_the_check_fails_when_a_figure_is_missing(workdir, full_page):
    result = make_result()
    del result["tests"][1]["extra_data"]["figure"]          # the convergence test loses its picture
    seen = load(student_page(result, "week2_optimizers"), workdir, "no-trajectory")
    assert_loaded_cleanly(seen)
    with pytest.raises(AssertionError, match="no trajectory figure"):
        assert_figures_visible(seen, EXPECTED)
    assert_figures_visible(seen, EXPECTED[1:])               # the others are still there


def test_the_check_fails_when_a_figure_is_broken_or_blank(workdir):
    page = student_page(make_result(), "week2_optimizers")
    first = page.index("data:image/png;base64,") + len("data:image/png;base64,")
    broken = page[:first] + "AAAA" + page[first + 4:]          # a corrupt PNG: the img stays, shows nothing
    seen = load(broken, workdir, "broken")
    with pytest.raises(AssertionError, match="did not decode"):
        assert_figures_visible(seen, EXPECTED[:1])
    # a valid but blank (all-white) PNG: decoded, laid out, yet nothing drawn
    import base64
    import io

    import matplotlib.image as mpimg
    buf = io.BytesIO()
    mpimg.imsave(buf, np.ones((420, 640, 3)), format="png")
    blank = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    start = page.index("data:image/png;base64,")
    end = page.index('"', start)
    seen = load(page[:start] + blank + page[end:], workdir, "blank")
    with pytest.raises(AssertionError, match="blank on screen"):
        assert_figures_visible(seen, EXPECTED[:1])


def test_hostile_strings_stay_text_in_the_browser(workdir):
    result = make_result('<img src=x onerror="document.title=1">')
    t = result["tests"][1]
    t["name"] = "<script>document.title='pwned'</script>Adam"
    t["output"] = "</p><a href=javascript:alert(1)>click</a><iframe src=x></iframe>\nWhat to try: <b onclick=x>"
    t["tags"] = ['"><script>alert(1)</script>']
    result["extra_data"]["problems"] = {"<b>optimizers.py</b>": "<img src=x onerror=alert(1)>"}
    seen = load(student_page(result, "week2_optimizers"), workdir, "hostile")
    assert_loaded_cleanly(seen)
    assert "<script>document.title='pwned'</script>Adam" in seen["text"]   # shown as text, not run
    assert seen["title"] != "pwned" and seen["title"] != "1"


def test_class_report_loads_with_its_distribution(workdir):
    results = {}
    for i in range(6):
        r = make_result(f"s{i}")
        if i % 2:
            for t in r["tests"]:
                t.update(status="passed", score=t["max_score"], output="Passed.", tags=[])
                t["extra_data"].pop("figure", None)
            r["score"] = 55.0
        results[f"s{i}"] = r
    seen = load(class_report(results, "week2_optimizers"), workdir, "report")
    assert_loaded_cleanly(seen)
    assert len(seen["figures"]) >= 1 and seen["tables"] >= 3
    assert_figures_visible(seen, [(None, "histogram")])      # the score distribution (not inside a test)
    text = seen["text"]
    assert "Pass rate of every test" in text and "50% (3/6)" in text
    assert "Adam: betas swapped" in text


def test_class_report_with_similar_code_shows_the_two_hands_side_by_side(workdir):
    from test_similarity import api_of, disguise, honest_hands, run

    from autograder.feedback.similarity import section
    from autograder.weeks import WEEKS
    week = WEEKS["week2_optimizers"]
    hands = honest_hands(week)
    hands["<b>copier</b>"] = {m: disguise(src, api_of(week)) for m, src in hands["helpers"].items()}
    results = {name: make_result(name) for name in hands}
    seen = load(class_report(results, week.name, (section(run(week, hands)),)), workdir, "similar")
    assert_loaded_cleanly(seen)
    text = seen["text"]
    assert "Similar code" in text and "5 hands compared;" in text
    assert "#1 helpers ↔ <b>copier</b>: score 0.9" in text                   # the planted pair first, as text
    # the first pair is open: both hands' lines are on screen, the copier's renamed names beside the originals
    assert "self.s[k] = _ema(self.s[k], grads[k] ** 2, self.decay)" in text
    assert "self.s[k_5x]=(ema_1x(self.s[k_5x], grads[k_5x] ** 2, self.decay))" in text
    assert seen["tables"] >= 5
