"""Answer key of the diagnostic questions in week3_schedules.ipynb (hidden, never released).

The format of each entry, and how answers are compared: ``autograder/answers.py``.
"""

KEY = {
    # §2: small first steps while gradients / optimizer statistics are unreliable
    "warmup_purpose": {"kind": "choice", "answer": "B", "options": "ABCD"},
    # §4: at a constant rate the noise keeps the iterate at a floor that grows with the rate
    "decay_floor": {"kind": "choice", "answer": "C", "options": "ABCD"},
    # §4: calls 1-2 improve (1.0, 0.8); calls 3, 4, 5 are bad epochs 1, 2, 3; the 3rd exceeds
    # patience = 2, so call 5 halves 0.1 -> 0.05; call 6 is bad epoch 1 of a fresh wait -> 0.05.
    # (Keras' convention, a cut on the patience-th bad epoch, gives 0.025.) rel 1e-6: exact answer
    "plateau_lr": {"kind": "number", "answer": 0.05, "rel_tol": 1e-6, "abs_tol": 0.0},
    # §5: a rate on the steep falling part, well below the minimum
    "range_test_pick": {"kind": "choice", "answer": "D", "options": "ABCD"},
}
