"""Course content that is not a grader: the shipped data set, the references, the inherited input checks.

- ``solutions/common/digits.npz`` is the UCI digits test set as docs/course-content.md describes it
  (shapes, dtypes, class counts, a digest of the arrays), and ``datasets.load_digits`` reads it;
- the docstrings cite their sources, optax-style, in a ``References:`` block that ends them;
- arguments that cannot work raise a ``ValueError`` that says so, in the reference solutions *and* in
  the stubs: the checks sit outside the solution regions, so students inherit them.
"""
from __future__ import annotations

import ast
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.stubgen import make_stub, release_data, release_files
from autograder.weeks import COMMON, WEEKS

# ------------------------------------------------------------------------------------------ the data set

# the class counts of the UCI test set; docs/course-content.md gives them, the arrays' digest and how the
# file was made
CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def _load_datasets():
    sys.path.insert(0, str(COMMON))
    try:
        import datasets
        return datasets
    finally:
        sys.path.remove(str(COMMON))


def digest(images: np.ndarray, labels: np.ndarray) -> str:
    """sha256 of the arrays' bytes (uint8, C order), independent of the .npz container's timestamps."""
    return hashlib.sha256(np.ascontiguousarray(images).tobytes() + np.ascontiguousarray(labels).tobytes()).hexdigest()


def test_the_digits_file_is_the_documented_data_set():
    with np.load(COMMON / "digits.npz") as data:
        assert sorted(data.files) == ["images", "labels"]
        images, labels = data["images"], data["labels"]
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert labels.shape == (1797,) and labels.dtype == np.uint8
    assert images.min() == 0 and images.max() == 16, "pixel counts of 4 x 4 blocks: 0 .. 16"
    assert np.bincount(labels).tolist() == CLASS_COUNTS
    doc = (Path(__file__).resolve().parent.parent / "docs" / "course-content.md").read_text()
    assert digest(images, labels) in doc, "docs/course-content.md must quote the digest of the arrays it describes"
    assert (COMMON / "digits.npz").stat().st_size < 300_000, "a few hundred kB at most"


def test_load_digits_scales_and_flattens():
    datasets = _load_datasets()
    X, y = datasets.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64 and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    with np.load(COMMON / "digits.npz") as data:
        assert np.array_equal(X * 16, data["images"].reshape(1797, 64))
        assert np.array_equal(y, data["labels"])
    with pytest.raises(FileNotFoundError, match="digits.npz"):
        datasets.load_digits(COMMON / "no-such-file.npz")


def test_every_week_that_trains_on_the_digits_ships_them():
    for week in WEEKS.values():
        uses = "load_digits" in (Path(week.template_dir) / week.notebook).read_text()
        assert uses == ("digits.npz" in week.data), week.name
        if uses:
            assert {"datasets", "network"} <= set(week.given), week.name
            assert release_data(week)["digits.npz"] == (COMMON / "digits.npz").read_bytes()


def test_a_week_survives_the_engines_json_round_trip():
    """The runner sends ``asdict(week)`` as JSON and the worker rebuilds it: ``data`` must come back as it was."""
    from dataclasses import asdict
    for week in WEEKS.values():
        again = type(week)(**json.loads(json.dumps(asdict(week))))
        assert again == week and hash(again) == hash(week), week.name


# ------------------------------------------------------------------------------------------ references

# (week, module, object path or "" for the module, a citation its References block must hold)
CITATIONS = [
    ("week1_gradient_descent", "gradient_descent", "", "Robbins & Monro (1951)"),
    ("week2_optimizers", "optimizers", "SGDMomentum", "Polyak (1964)"),
    ("week2_optimizers", "optimizers", "Nesterov", "Nesterov (1983)"),
    ("week2_optimizers", "optimizers", "AdaGrad", "Duchi, Hazan & Singer (2011)"),
    ("week2_optimizers", "optimizers", "RMSprop", "Tieleman & Hinton (2012)"),
    ("week2_optimizers", "optimizers", "Adam", "Kingma & Ba (2015)"),
    ("week2_optimizers", "optimizers", "AdamW", "Loshchilov & Hutter (2019)"),
    ("week3_schedules", "schedules", "cosine_annealing", "Loshchilov & Hutter (2017)"),
    ("week3_schedules", "schedules", "linear_warmup", "Goyal et al. (2017)"),
    ("week3_schedules", "schedules", "one_cycle", "Smith (2018)"),
    ("week3_schedules", "schedules", "lr_range_test", "Smith (2017)"),
    ("week4_stability", "initializers", "", "Glorot & Bengio (2010)"),
    ("week4_stability", "initializers", "", "He, Zhang, Ren & Sun (2015)"),
    ("week4_stability", "clipping", "", "Pascanu, Mikolov & Bengio (2013)"),
    ("week4_stability", "clipping", "clip_by_global_norm", "Pascanu, Mikolov & Bengio (2013)"),
    ("week4_stability", "diagnostics", "", "Karpathy (2019)"),
]


def _docstring(source: str, dotted: str) -> str:
    node = ast.parse(source)
    for name in filter(None, dotted.split(".")):
        node = next(n for n in node.body if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and n.name == name)
    return ast.get_docstring(node) or ""


@pytest.mark.parametrize("week, module, obj, citation", CITATIONS, ids=lambda v: str(v)[:30])
def test_docstrings_end_with_their_references(week, module, obj, citation):
    doc = _docstring((WEEKS[week].solution_dir / f"{module}.py").read_text(), obj)
    assert "References:" in doc, f"{module}.{obj or '<module>'} has no References block"
    block = doc.split("References:", 1)[1]
    assert citation in " ".join(block.split()), f"{module}.{obj or '<module>'} should cite {citation}"
    # optax-style: the block ends the docstring, every line of it indented under the heading
    assert all(not line or line.startswith(" ") for line in block.splitlines()[1:]), \
        f"{module}.{obj or '<module>'}: something follows the References block"


def test_no_docstring_cites_a_file_outside_the_repository():
    for week in WEEKS.values():
        for path in [*week.solution_dir.glob("*.py"), *COMMON.glob("*.py")]:
            text = path.read_text()
            assert "NOTES.md" not in text and "COURSE_SPEC" not in text and "seeds/" not in text, path


# ------------------------------------------------------------------------------------ inherited input checks

# (week, a call that cannot work, words the ValueError must contain). The modules are imported by name
# in a fresh interpreter whose working directory holds either the solutions or the generated stubs.
BAD_CALLS = [
    ("week1_gradient_descent", "gradient_descent.gradient_descent(lambda t: 0.0, lambda t: t, np.zeros(2), 0.1, -1)",
     "n_steps"),
    ("week1_gradient_descent", "gradient_descent.numerical_gradient(lambda t: 0.0, np.zeros(2), h=0.0)", "h must"),
    ("week1_gradient_descent", "gradient_descent.mse_loss_and_grad(np.zeros(2), np.ones((5, 2)), np.ones((5, 1)))",
     "y (N,)"),
    ("week1_gradient_descent", "gradient_descent.minibatch_indices(10, 0, np.random.default_rng(0))", "batch_size"),
    ("week1_gradient_descent", "gradient_descent.sgd(None, np.zeros(2), np.ones((4, 2)), np.ones(4), 0.1, 0, 1, "
     "np.random.default_rng(0))", "batch_size"),
    ("week1_gradient_descent", "gradient_descent.newton_method(None, None, np.zeros(2), -2)", "n_steps"),
    ("week2_optimizers", "optimizers.SGD(lr=-0.1)", "lr must"),
    ("week2_optimizers", "optimizers.SGDMomentum(momentum=1.0)", "momentum must"),
    ("week2_optimizers", "optimizers.Nesterov(momentum=-0.5)", "momentum must"),
    ("week2_optimizers", "optimizers.AdaGrad(eps=-1e-10)", "eps must"),
    ("week2_optimizers", "optimizers.RMSprop(decay=1.0)", "decay must"),
    ("week2_optimizers", "optimizers.Adam(beta1=1.0)", "beta1 must"),
    ("week2_optimizers", "optimizers.Adam(beta2=1.5)", "beta2 must"),
    ("week2_optimizers", "optimizers.AdamW(weight_decay=-0.01)", "weight_decay must"),
    ("week3_schedules", "schedules.step_decay(3, 0.1, 0.5, 0)", "epochs_drop"),
    ("week3_schedules", "schedules.exponential_decay(2, 0.1, -0.5)", "k must"),
    ("week3_schedules", "schedules.cosine_annealing(1, 0, 0.1)", "T must"),
    ("week3_schedules", "schedules.linear_warmup(0, -1, 0.1)", "warmup_steps"),
    ("week3_schedules", "schedules.warmup_cosine(0, 10, 10, 0.1)", "warmup_steps < total_steps"),
    ("week3_schedules", "schedules.one_cycle(0, 10, 1.0, pct_start=0.1)", "pct_start * total_steps > 1"),
    ("week3_schedules", "schedules.one_cycle(0, 0, 1.0)", "pct_start * total_steps > 1"),
    ("week3_schedules", "schedules.one_cycle(100, 100, 1.0)", "larger total_steps"),
    ("week3_schedules", "schedules.ReduceLROnPlateau(0.1, factor=1.0)", "0 < factor < 1"),
    ("week3_schedules", "schedules.lr_range_test(lambda lr: 1.0, lr_min=1.0, lr_max=0.1)", "lr_min < lr_max"),
    ("week3_schedules", "schedules.lr_range_test(lambda lr: 1.0, n_steps=1)", "n_steps >= 2"),
    ("week3_schedules", "schedules.suggest_lr(np.array([1e-3, 1e-2]), np.array([np.nan, np.inf]))", "nan or inf"),
    ("week3_schedules", "schedules.suggest_lr(np.array([1e-3, 1e-2]), np.array([1.0]))", "same length"),
    ("week4_stability", "clipping.clip_by_value(np.ones(3), -1.0)", "max_val must"),
    ("week4_stability", "clipping.clip_by_norm(np.ones(3), 0.0)", "max_norm must"),
    ("week4_stability", "clipping.clip_by_global_norm([np.ones(3)], -2.0)", "max_norm must"),
    ("week4_stability", "clipping.update_ratio(np.ones((2, 3)), np.ones(6))", "same shape"),
    ("week4_stability", "diagnostics.gradient_anomalies([1.0, 2.0, 3.0], window=0)", "window >= 1"),
    ("week4_stability", "training.train(None, None, np.ones((4, 2)), np.zeros(4, int), 1, 0, None)", "batch_size"),
]

RUNNER = """
import importlib, json, sys
import numpy as np
calls = json.loads(sys.argv[1])
out = []
for module, call in calls:
    namespace = {"np": np, module: importlib.import_module(module)}
    try:
        eval(call, namespace)
        out.append(["no error", ""])
    except Exception as exc:                         # report whatever it was
        out.append([type(exc).__name__, str(exc)])
print(json.dumps(out))
"""


def _outcomes(folder: Path, calls: list[tuple[str, str]]) -> list[list[str]]:
    proc = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(calls)], cwd=folder, capture_output=True,
                          text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.mark.parametrize("week_name", list(WEEKS))
def test_bad_arguments_raise_clear_value_errors_in_references_and_stubs(week_name, tmp_path):
    week = WEEKS[week_name]
    cases = [(call, words) for w, call, words in BAD_CALLS if w == week_name]
    assert cases, f"no input checks listed for {week_name}"
    calls = [(call.split(".", 1)[0], call) for call, _ in cases]
    for kind, files in (("reference", {f"{m}.py": (week.solution_dir / f"{m}.py").read_text()
                                       for m in week.modules}),
                        ("stub", release_files(week))):
        folder = tmp_path / kind
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text)
        for (call, words), (error, message) in zip(cases, _outcomes(folder, calls)):
            assert error == "ValueError" and words in message, \
                f"{kind} {call}: expected a ValueError mentioning {words!r}, got {error}: {message}"


def test_the_stub_still_raises_not_implemented_for_good_arguments(tmp_path):
    """The checks run first, then the stub's NotImplementedError: the checks do not replace the task."""
    week = WEEKS["week3_schedules"]
    (tmp_path / "schedules.py").write_text(make_stub((week.solution_dir / "schedules.py").read_text(), week.name))
    [(error, message)] = _outcomes(tmp_path, [("schedules", "schedules.one_cycle(0, 100, 1.0)")])
    assert error == "NotImplementedError" and "one_cycle" in message
