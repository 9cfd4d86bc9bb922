"""Week 3 questions: the four diagnostic questions of week3_schedules.ipynb, 3 points each.

The answers are read from the notebook's answer cells by the ``answers`` fixture, without running
anything; the key is ``key.py`` beside this file. How both work: ``autograder/answers.py``.
"""
from __future__ import annotations

from autograder.answers import question_checker
from autograder.grading import points

KEY, check = question_checker(__file__)


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q1_warmup_purpose(answers):
    """Question 1: what warmup is for"""
    check(answers, "warmup_purpose",
          revisit="Revisit §2: when in a training run are the gradients (and an adaptive "
                  "optimizer's statistics) least trustworthy, and what did the toy experiment "
                  "show when the full learning rate was used from the very first step?",
          hint="Compare the three runs of the toy experiment in §2.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q2_decay_floor(answers):
    """Question 2: why decaying the learning rate lowers the loss"""
    check(answers, "decay_floor",
          revisit="Revisit §4: with noisy gradients, every step adds noise whose size is set by "
                  "the learning rate. What does that mean for how close the parameters can stay "
                  "to the minimum, and what changed in the run whose rate was cut?",
          hint="Look at both panels of the §4 plot: the validation loss and the learning rate.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q3_plateau_lr(answers):
    """Question 3: ReduceLROnPlateau, call by call"""
    check(answers, "plateau_lr",
          revisit="Revisit the rules in §4 and go call by call: which metrics count as "
                  "improvements (lower than best * (1 - threshold)), how many bad epochs in a row"
                  " it takes before a cut (the count must exceed patience), and that the count "
                  "restarts after a cut.",
          hint="You can check your count with your own ReduceLROnPlateau in the notebook.",
          wrong={0.025: "That is what a cut on the patience-th bad epoch (the Keras convention) "
                        "would give; this course follows PyTorch."})


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q4_range_test_pick(answers):
    """Question 4: which learning rate to take from a range test"""
    check(answers, "range_test_pick",
          revisit="Revisit §5: where on a range-test curve is the loss falling fastest, and why "
                  "is the rate at the minimum of the curve already too risky? Compare with where "
                  "suggest_lr landed on your curve.",
          hint="Sketch the curve described in the question and mark the steepest part.")
