"""Answer key of the diagnostic questions in week1_gradient_descent.ipynb (hidden, never released).

The format of each entry, and how answers are compared: ``autograder/answers.py``.
"""

KEY = {
    # §2: run B oscillates (1.37, 1.05, 1.41, 1.12): overshooting; A is healthy, C too low
    "lr_too_high": {"kind": "choice", "answer": "B", "options": "ABCD"},
    # §2/§5: θ <- (1 - 2η) θ vanishes for η = 1/2 (= 1 / f'', Newton's step). The answer is exact;
    # 1e-6 only absorbs a rounded decimal such as 0.5000001, and no wrong candidate is that close
    "one_step_lr": {"kind": "number", "answer": 0.5, "rel_tol": 0.0, "abs_tol": 1e-6, "example": "0.25"},
    # §4: batch 1 gets near the optimum in one epoch, then jitters at a noise floor
    "batch_noise": {"kind": "choice", "answer": "C", "options": "ABCD"},
    # §5: d^2 entries, ~d^3 operations
    "newton_cost": {"kind": "choice", "answer": "A", "options": "ABCD"},
    # §6: zero gradient and a positive-definite Hessian at a higher loss: a local minimum; on a
    # non-convex loss gradient descent only guarantees stationarity, and the start decides the valley
    "local_minimum": {"kind": "choice", "answer": "D", "options": "ABCD"},
    # §6: 0.9^T <= 1e-3  <=>  T >= ln(1e-3) / ln(0.9) = 65.56, so T = 66. abs 0.6 also accepts the
    # unrounded 65.56 and rejects the off-by-ones 65 and 67, the estimate κ ln 1000 = 69.1, and the
    # rate (κ - 1)/(κ + 1) of η = 2/(L + μ), which gives 35
    "convex_rate": {"kind": "number", "answer": 66.0, "rel_tol": 0.0, "abs_tol": 0.6, "example": "12"},
}
