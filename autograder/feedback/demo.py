"""A synthetic class of results.json files, for previews of the pages and for tests.

``python -m autograder.feedback.demo OUT`` writes ``OUT/<student>/results.json``
for a small class of week 2 submissions (a correct one, typical mistakes, a
stub, a crash, a hostile name), then ``autograder report week2_optimizers OUT
--pages`` renders everything. The figures hold real numbers: the paths are
run on the course's own surfaces.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np

from autograder.feedback.figures import surfaces_module

WEEK = "week2_optimizers"


def _adam_path(surface, lr=0.05, steps=300, bias_correction=True, b1=0.9, b2=0.999):
    eps = 1e-8
    p = np.array(surface.start, dtype=float)
    m = np.zeros(2)
    v = np.zeros(2)
    path = [p.copy()]
    for t in range(1, steps + 1):
        g = surface.grad(p)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mh, vh = (m / (1 - b1 ** t), v / (1 - b2 ** t)) if bias_correction else (m, v)
        p = p - lr * mh / (np.sqrt(vh) + eps)
        path.append(p.copy())
    return np.array(path)


def _momentum_path(surface, lr=0.05, beta=0.9, steps=200, sign=1.0):
    p = np.array(surface.start, dtype=float)
    v = np.zeros(2)
    path = [p.copy()]
    for _ in range(steps):
        v = beta * v + surface.grad(p)
        p = p - sign * lr * v
        path.append(p.copy())
        if not np.all(np.abs(p) < 1e6):
            break
    return np.array(path)


def _cosine(epochs, lr0=0.1, lr_min=0.0, off_by_one=False):
    T = epochs - 1 if not off_by_one else epochs
    return [lr_min + 0.5 * (lr0 - lr_min) * (1 + math.cos(math.pi * e / T)) for e in range(epochs)]


def _test(name, problem, max_score, *, score=None, output="Passed.", tags=(), figure=None, visible=False,
          seconds=0.01, internal=None):
    passed = score is None
    t = {"name": name, "score": max_score if passed else score, "max_score": max_score,
         "status": "passed" if passed else "failed", "output": output,
         "visibility": "visible" if visible else "after_published", "tags": sorted(tags),
         "extra_data": {"problem": problem, "seconds": seconds}}
    if figure:
        t["extra_data"]["figure"] = figure
    if internal:
        t["extra_data"]["internal_error"] = internal
    return t


def _result(name, tests, *, problems=None, seconds=1.0):
    for i, t in enumerate(tests, start=1):
        t["number"] = f"{t['extra_data']['problem']}.{i}"
    score = round(sum(t["score"] for t in tests), 4)
    top = round(sum(t["max_score"] for t in tests), 4)
    lines = [f"{name}: {score:g} / {top:g} points."]
    for f, p in sorted((problems or {}).items()):
        lines.append(f"Problem with {f}: {p}")
    return {"score": score, "max_score": top, "execution_time": seconds, "output": "\n".join(lines),
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests,
            "extra_data": {"submission": name, "origin": f"submitted/{name}/{WEEK}", "problems": problems or {},
                           "isolation": "bwrap"}}


STUB = ("NotImplementedError: week2_optimizers: {task} — see the docstring\n"
        "What to try: This part is still the stub: replace the `raise NotImplementedError` with your code "
        "(the docstring gives the formula and the shapes).")


def figures_for_week():
    """Real figure data: paths on the course surfaces, a schedule, init samples, loss curves."""
    surf = surfaces_module().SURFACES
    rosen = surf["rosenbrock"]
    ref_adam = _adam_path(rosen, lr=0.1, steps=600)
    swapped = _adam_path(rosen, lr=0.1, steps=600, b1=0.999, b2=0.9)
    ravine = surf["ravine"]
    ref_mom = _momentum_path(ravine, lr=0.05, steps=120)
    wrong_sign = _momentum_path(ravine, lr=0.05, steps=120, sign=-1.0)
    epochs = 50
    rng = np.random.default_rng(0)
    fan_in, fan_out = 256, 64
    return {
        "adam_rosenbrock": {"kind": "trajectory", "surface": "rosenbrock", "student": swapped.tolist(),
                            "reference": ref_adam.tolist()},
        "momentum_ravine": {"kind": "trajectory", "surface": "ravine", "student": wrong_sign.tolist(),
                            "reference": ref_mom.tolist()},
        "cosine": {"kind": "curve", "title": "Cosine annealing, lr0 = 0.1 over 50 epochs", "xlabel": "epoch",
                   "ylabel": "learning rate", "x": list(range(epochs)),
                   "series": {"yours": _cosine(epochs, off_by_one=True), "expected": _cosine(epochs)},
                   "log_y": False},
        "he_init": {"kind": "histogram", "title": f"He normal init, fan_in={fan_in}, fan_out={fan_out}",
                    "samples": rng.normal(0, math.sqrt(2 / fan_out), 20000).tolist(),
                    "density": {"type": "normal", "std": math.sqrt(2 / fan_in)}},
        "loss_diag": {"kind": "loss_curve",
                      "train": [2.0 * 0.93 ** e + 0.05 for e in range(60)],
                      "val": [2.0 * 0.93 ** e + 0.3 + 0.0004 * max(0, e - 20) ** 2 for e in range(60)],
                      "yours": "underfitting", "expected": "overfitting"},
    }


def demo_class() -> dict[str, dict]:
    """name -> results.json for a small, varied class."""
    F = figures_for_week()
    catalogue = [  # (problem, name, points, visible)
        ("sgd", "SGD: parameters after 5 steps match p -= lr * g", 10, True),
        ("momentum", "Momentum: first three steps match the reference", 10, True),
        ("momentum", "Momentum: converges in the ravine 0.1x² + y²", 15, False),
        ("adam", "Adam: first step equals lr * sign(g)", 10, True),
        ("adam", "Adam: converges on Rosenbrock", 20, False),
        ("schedule", "Cosine annealing: learning rate of every epoch", 15, False),
        ("init", "He initialization: sample standard deviation", 10, False),
        ("diagnosis", "Diagnosis question: which problem do the loss curves show?", 10, False),
    ]

    def make(name, overrides, *, problems=None, seconds=1.0):
        tests = []
        for problem, title, pts, vis in catalogue:
            kw = overrides.get(title[:12], overrides.get(problem, {}))
            tests.append(_test(title, problem, pts, visible=vis, **kw))
        return _result(name, tests, problems=problems, seconds=seconds)

    adam_nobias = {"score": 0.0, "tags": ["adam-betas-swapped"],
                   "output": "After 600 steps from (-1.2, 1) with lr = 0.1 your Adam is at (-0.95, 1.14) with "
                             "loss 9.53; the reference reaches (0.93, 0.87), loss 0.0045. Your path matches "
                             "Adam with beta1 and beta2 swapped (beta1 = 0.999 averages the gradient over "
                             "~1000 steps, so the path overshoots and circles).\n"
                             "What to try: beta1 (0.9) belongs to the first moment m, beta2 (0.999) to the "
                             "second moment v.",
                   "figure": F["adam_rosenbrock"]}
    adam_first = {"score": 0.0, "tags": ["adam-no-bias-correction"],
                  "output": "params[0] after step 1: expected 0.4 at index (0,), got 0.432456 (difference 0.0325).\n"
                            "What to try: At step 1, m_hat = g and v_hat = g², so the step is lr * sign(g). "
                            "Check the bias correction."}
    mom_sign = {"score": 0.0, "tags": ["momentum-wrong-sign"],
                "output": "Your momentum run left the ravine: after 9 steps the loss is 3.1e+04 (start: 6.5); "
                          "the reference reaches 1.2e-05 in 120 steps. The velocity is added to the parameters "
                          "instead of subtracted.\nWhat to try: The update is p = p - lr * v.",
                "figure": F["momentum_ravine"]}
    mom_steps_sign = {"score": 0.0, "tags": ["momentum-wrong-sign"],
                      "output": "params[0] after step 1: expected -0.41 at index (0,), got 0.41.\n"
                                "What to try: The update is p = p - lr * v."}
    cosine = {"score": 5.0, "tags": ["cosine-off-by-one"],
              "output": "Epoch 49: expected 0.0, got 0.000099 (difference 9.9e-05). Your schedule reaches its "
                        "minimum one epoch late: the period is T = epochs - 1.\n"
                        "What to try: Use T = total_epochs - 1 so the last epoch gets lr_min.",
              "figure": F["cosine"]}
    he = {"score": 0.0, "tags": ["he-fan-swapped"],
          "output": "The standard deviation of your 20000 samples is 0.177; He initialization with fan_in = 256 "
                    "gives 0.0884. 0.177 = sqrt(2/64): you used fan_out.\n"
                    "What to try: He (Kaiming) normal uses std = sqrt(2 / fan_in); fan_in is the number of inputs "
                    "(rows of W for x @ W).",
          "figure": F["he_init"]}
    diag = {"score": 0.0, "tags": ["diagnosis-overfitting"],
            "output": "You answered 'underfitting'. The training loss keeps falling while the validation loss "
                      "turns up after epoch 20: that is overfitting.\n"
                      "What to try: Compare the two curves: a growing gap means the model memorizes the "
                      "training set.",
            "figure": F["loss_diag"]}
    stub = lambda task: {"score": 0.0, "tags": ["not-implemented"], "output": STUB.format(task=task)}  # noqa: E731

    cls = {
        "ada": make("ada", {}, seconds=2.1),
        "ben": make("ben", {"adam": adam_nobias, "Adam: first ": adam_first, "diagnosis": diag}, seconds=2.4),
        "chen": make("chen", {"momentum": mom_sign, "Momentum: fi": mom_steps_sign, "schedule": cosine},
                     seconds=2.6),
        "dara": make("dara", {"init": he, "adam": adam_nobias, "Adam: first ": adam_first, "schedule": cosine},
                     seconds=2.2),
        "eli": make("eli", {"sgd": stub("SGD.update"), "momentum": stub("Momentum.update"),
                            "adam": stub("Adam.update"), "schedule": stub("cosine_annealing"),
                            "init": stub("he_normal"),
                            "diagnosis": {"score": 0.0, "tags": ["unanswered"],
                                          "output": "Question q1 is not answered yet."}}, seconds=0.9),
        "fay": make("fay", {k: {"score": 0.0, "tags": ["import-error"],
                                "output": "optimizers.py does not import: SyntaxError: invalid syntax "
                                          "(optimizers.py, line 88)\nWhat to try: Fix the problem above "
                                          "first: nothing in this file can be tested until it imports."}
                            for k in ("sgd", "momentum", "adam")},
                    problems={"optimizers.py": "SyntaxError: invalid syntax (optimizers.py, line 88)"},
                    seconds=0.5),
        "gus": make("gus", {"Adam: conver": {"score": 0.0, "tags": ["timeout"],
                                             "output": "Your code did not finish within 10 s.\nWhat to try: "
                                                       "Look for a loop that never ends."},
                            "init": {"score": 0.0, "tags": ["grader-error"],
                                     "output": "The grader itself failed on this test; this is not a judgement "
                                               "of your code. Course staff have been told.",
                                     "internal": "KeyError: 'std'"}}, seconds=12.3),
        '<img src=x onerror=alert(1)>"&': make('<img src=x onerror=alert(1)>"&', {
            "sgd": {"score": 0.0, "tags": ["exception"],
                    "output": "ValueError: <script>alert('pwned')</script> & </pre><b>bold</b>\n"
                              "What to try: <a href=javascript:alert(1)>click</a>"}}, seconds=1.1),
    }
    return cls


def write_demo(out: Path) -> dict[str, dict]:
    results = demo_class()
    for name, result in results.items():
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip("._") or "student"
        path = Path(out) / safe / "results.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=1))
    return results


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "demo_results")
    write_demo(target)
    print(f"wrote {target}/*/results.json; now: autograder report {WEEK} {target} --pages --csv {target}/lms.csv")
