"""Answer key of the diagnostic questions in week2_optimizers.ipynb (hidden, never released).

The format of each entry, and how answers are compared: ``autograder/answers.py``.
"""

KEY = {
    # §2: alternating components cancel in v, consistent ones accumulate
    "momentum_ravine": {"kind": "choice", "answer": "C", "options": "ABCD"},
    # §2: the look-ahead gradient brakes before the overshoot (loss after 80 steps 3.1e-4 vs 1.2e-3)
    "nesterov": {"kind": "choice", "answer": "D", "options": "ABCD"},
    # §3: G_t = t g^2, so the step is lr / sqrt(t): sqrt(400) = 20 times smaller at step 400. rel 2% accepts
    # a value measured with a simulation (eps = 1e-10 changes it by 1e-9); the wrong ideas are far: 400
    # (1/t), 10 (the factor at step 100 that §3 prints), 1 ("AdaGrad adapts to the scale")
    "adagrad_decay": {"kind": "number", "answer": 20.0, "rel_tol": 0.02, "abs_tol": 0.0, "example": "4"},
    # §4: m and v start at 0; dividing by 1 - beta^t removes the bias towards 0
    "bias_correction": {"kind": "choice", "answer": "B", "options": "ABCD"},
    # §2: v -> g / (1 - mu) = 100 g for mu = 0.99. rel 2% accepts a value read off a simulation of
    # a few hundred steps (e.g. 99 after ~460 steps); the nearest wrong idea (10, from mu = 0.9) is far
    "velocity_factor": {"kind": "number", "answer": 100.0, "rel_tol": 0.02, "abs_tol": 0.0, "example": "3"},
    # §7: best rates SGD 1, momentum/Nesterov/AdaGrad 0.1, RMSprop/Adam/AdamW 0.01; at their best all
    # seven end between 0.964 and 0.978. B (RMSprop beats Adam at 1e-3 and 1e-2), C and D
    # (SGDMomentum 0.105 at 1e-4, 0.245 at 1) are contradicted by the same panel
    "optimizers_digits": {"kind": "choice", "answer": "A", "options": "ABCD"},
}
