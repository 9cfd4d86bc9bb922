"""Answer key of the diagnostic questions in week3_schedules.ipynb (hidden, never released).

The format of each entry, and how answers are compared: ``autograder/answers.py``.
"""

KEY = {
    # §2: small first steps while gradients / optimizer statistics are unreliable
    "warmup_purpose": {"kind": "choice", "answer": "D", "options": "ABCD"},
    # §3: the last step gets initial / final_div_factor = 0.5 / 25 / 1e4 = 2e-6. rel 1e-3 absorbs a
    # rounded or float-printed value (2e-06, 2.0000000000000003e-06); the wrong ideas are far: the start
    # 0.02, 5e-5 (final_div_factor without div_factor), 2e-5, or 0 (a cosine down to zero)
    "one_cycle_final": {"kind": "number", "answer": 2e-6, "rel_tol": 1e-3, "abs_tol": 0.0, "example": "3e-5"},
    # §4: calls 1-2 improve (1.0, 0.8); calls 3, 4, 5 are bad epochs 1, 2, 3; the 3rd exceeds
    # patience = 2, so call 5 halves 0.1 -> 0.05; call 6 is bad epoch 1 of a fresh wait -> 0.05.
    # (Keras' convention, a cut on the patience-th bad epoch, gives 0.025.) rel 1e-6: exact answer
    "plateau_lr": {"kind": "number", "answer": 0.05, "rel_tol": 1e-6, "abs_tol": 0.0, "example": "0.001"},
    # §5: a rate on the steep falling part, well below the minimum
    "range_test_pick": {"kind": "choice", "answer": "C", "options": "ABCD"},
    # §6: at 0.3 the constant run's validation loss jumps between 0.095 and 0.23 over the last five
    # epochs (mean 0.151); the decayed runs end at 0.084-0.104 and vary by < 0.015. Checked on three
    # more seeds: the constant run always has the highest mean and spread over the last five epochs
    "decay_floor": {"kind": "choice", "answer": "A", "options": "ABCD"},
    # §6.1: one-cycle peaking at the smoothed curve's minimum (0.98) ends at 0.194 accuracy, the
    # suggestion (0.22) at 0.973 and 0.1 at 0.969: a range-test rate must be checked in a real run
    "finder_validation": {"kind": "choice", "answer": "B", "options": "ABCD"},
}
