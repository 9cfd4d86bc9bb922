"""Answer key of the diagnostic questions in week2_optimizers.ipynb (hidden, never released).

The format of each entry, and how answers are compared: ``autograder/answers.py``.
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
