"""Answer key of the diagnostic questions in week2_optimizers.ipynb.

Hidden with the graders, never released.

qid -> how ``test_questions.py`` compares the student's answer:

* ``{"kind": "choice", "answer": "B", "options": "ABCD"}`` -- one letter; case, surrounding spaces
  and brackets are ignored (``"b"``, ``" (B) "``, ``"B."`` all read as B).
* ``{"kind": "number", "answer": x, "rel_tol": r, "abs_tol": a}`` -- an int or float, or a string
  holding a number or a fraction (``"0.5"``, ``"1/2"``); correct when ``math.isclose`` with these
  tolerances (the reason for each is written beside it).
* ``{"kind": "keyword", "answer": w, "accepted": {...}, "labels": {...}, "valid": {...}}`` -- a word,
  compared lower-cased with spaces/hyphens read as underscores; correct when in ``accepted``;
  anything outside ``valid`` is reported as a format problem listing ``labels``.

The same answers are written in the solution cells of the source notebook
(``assignments/week2_optimizers/week2_optimizers.ipynb``);
``tests/test_notebooks.py`` checks that the two agree.
"""

KEY = {
    # §2: alternating components cancel in v, consistent ones accumulate
    "momentum_ravine": {"kind": "choice", "answer": "A", "options": "ABCD"},
    # §4: m and v start at 0; dividing by 1 - beta^t removes the bias towards 0
    "bias_correction": {"kind": "choice", "answer": "D", "options": "ABCD"},
    # §6: a small gradient only means a critical point (saddle, plateau), not a minimum
    "saddle_gradient": {"kind": "choice", "answer": "B", "options": "ABCD"},
    # §2: v -> g / (1 - mu) = 100 g for mu = 0.99. rel 2% accepts a value read off a simulation of
    # a few hundred steps (e.g. 99 after ~460 steps); the nearest wrong idea (10, from mu = 0.9) is far
    "velocity_factor": {"kind": "number", "answer": 100.0, "rel_tol": 0.02, "abs_tol": 0.0},
}
