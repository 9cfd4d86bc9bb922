"""Answer key of the diagnostic questions in week4_stability.ipynb (hidden, never released).

The format of each entry, and how answers are compared: ``autograder/answers.py``.
"""

LABELS = {"healthy", "lr_too_high", "lr_too_low", "diverging", "plateau", "overfitting"}

KEY = {
    # §1: ReLU halves the second moment E[x^2] of the next layer's input; He's 2 / n_in compensates
    "he_vs_xavier": {"kind": "choice", "answer": "A", "options": "ABCD"},
    # §2/§4: clipping caps the length of one step, keeping its direction (it slows an attack, no more)
    "clipping_protects": {"kind": "choice", "answer": "D", "options": "ABCD"},
    # §2: atan2(4, 3) = 53.13 degrees against 45 for (1, 1): 8.13. abs 0.06 accepts the asked one-decimal
    # 8.1 and 8.13, and rejects 8 and 8.2, the radians 0.142, and 36.87 / 45 / 53.13 (the wrong angles)
    "clip_angle": {"kind": "number", "answer": 8.130102354155978, "rel_tol": 0.0, "abs_tol": 0.06, "example": "12.5"},
    # §3: 2.303 -> 2.300 in 200 epochs removes 0.13 % of the start, below the 1 % the question quotes:
    # stuck early at a high value
    "diagnose_curve": {"kind": "keyword", "answer": "plateau",
                       "accepted": {"plateau", "plateaus", "plateaued", "a_plateau"},
                       "labels": LABELS,
                       "valid": LABELS | {"plateaus", "plateaued", "a_plateau"}},
    # §4: x5 < factor 10, and the shifted norms soon are the median
    "stealthy_attack": {"kind": "choice", "answer": "C", "options": "ABCD"},
    # §6: -ln(1/26) = ln 26 = 3.2581. abs 6e-4 accepts the asked three decimals (3.258) and rejects 3.26;
    # the wrong ideas are far: log10 26 = 1.415, log2 26 = 4.700, ln 10 = 2.303, 1/26 = 0.038
    "initial_loss": {"kind": "number", "answer": 3.258096538021482, "rel_tol": 0.0, "abs_tol": 6e-4,
                    "example": "1.234"},
}
