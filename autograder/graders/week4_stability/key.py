"""Answer key of the diagnostic questions in week4_stability.ipynb.

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
(``assignments/week4_stability/week4_stability.ipynb``);
``tests/test_notebooks.py`` checks that the two agree.
"""

LABELS = {"healthy", "lr_too_high", "lr_too_low", "diverging", "plateau", "overfitting"}

KEY = {
    # §1: ReLU halves the variance; He's 2 / n_in compensates
    "he_vs_xavier": {"kind": "choice", "answer": "C", "options": "ABCD"},
    # §2/§4: clipping caps the length of one step, keeping its direction
    "clipping_protects": {"kind": "choice", "answer": "B", "options": "ABCD"},
    # §3: 2.303 -> 2.300 in 200 epochs (0.1 %): stuck early at a high value
    "diagnose_curve": {"kind": "keyword", "answer": "plateau",
                       "accepted": {"plateau", "plateaus", "plateaued", "a_plateau"},
                       "labels": LABELS,
                       "valid": LABELS | {"plateaus", "plateaued", "a_plateau"}},
    # §4: x5 < factor 10, and the shifted norms soon are the median
    "stealthy_attack": {"kind": "choice", "answer": "C", "options": "ABCD"},
}
