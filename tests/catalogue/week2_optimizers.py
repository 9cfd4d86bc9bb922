"""Known mistakes and valid alternatives for week 2, as edits to the reference solution."""
from autograder.selftest import Mistake, Valid

MISTAKES = [
    Mistake(tag="sgd-wrong-sign", words="sign",
            edits={"optimizers": [("            p -= self.lr * g\n        ### END SOLUTION\n\n\nclass SGDMomentum",
                                   "            p += self.lr * g\n        ### END SOLUTION\n\n\nclass SGDMomentum")]},
            why="ascends instead of descends"),
]
VALID = []
