"""Answer key of the diagnostic questions in week4_stability.ipynb (hidden, never released).

The format of each entry, and how answers are compared: ``autograder/answers.py``.
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
