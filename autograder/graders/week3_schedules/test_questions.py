"""Week 3 questions: the six diagnostic questions of week3_schedules.ipynb, 2 points each.

The answers are read from the notebook's answer cells by the ``answers`` fixture, without running
anything; the key is ``key.py`` beside this file. How both work: ``autograder/answers.py``.
"""
from __future__ import annotations

from autograder.answers import question_checker
from autograder.grading import points

KEY, check = question_checker(__file__)

# Every question is worth 2 points: 6 questions x 2 = 12 of the week's 100, the code tests carry
# the other 88. A question checks one idea; no idea outweighs an implemented schedule.


@points(2)   # one of 6 questions x 2 = 12 points
def test_q1_warmup_purpose(answers):
    """Question 1: what warmup is for"""
    check(answers, "warmup_purpose",
          revisit="Revisit §2: when in a training run are the gradients (and an adaptive "
                  "optimizer's statistics) least trustworthy, and what did the toy experiment "
                  "show when the full learning rate was used from the very first step?",
          hint="Compare the three runs of the toy experiment in §2.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q2_one_cycle_final(answers):
    """Question 2: the learning rate of one-cycle's last step"""
    check(answers, "one_cycle_final",
          revisit="Revisit §3 and the docstring of one_cycle: which rate does the run start from "
                  "(max_lr divided by what?), which rate does it end at (that start divided by "
                  "what?), and which step is the last one of a run of total_steps steps? Your own "
                  "one_cycle gives the value too.",
          hint="Write the number in scientific notation, e.g. 3e-5.",
          wrong={0.02: "That is the rate of the FIRST step, max_lr / div_factor; the run ends far below it."})


@points(2)   # one of 6 questions x 2 = 12 points
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


@points(2)   # one of 6 questions x 2 = 12 points
def test_q4_range_test_pick(answers):
    """Question 4: which learning rate to take from a range test"""
    check(answers, "range_test_pick",
          revisit="Revisit §5: where on a range-test curve is the loss falling fastest, and why "
                  "is the rate at the minimum of the curve already too risky? Compare with where "
                  "suggest_lr landed on your curve.",
          hint="Sketch the curve described in the question and mark the steepest part.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q5_decay_floor(answers):
    """Question 5: the constant rate against the decaying schedules on the digits"""
    check(answers, "decay_floor",
          revisit="Revisit §6: in the middle panel, follow the constant run's validation loss over "
                  "the last five epochs and compare it with the runs whose rate had become small "
                  "(the table prints the range of each). Then connect it with §4: what does a "
                  "large rate do with noisy gradients near a minimum?",
          hint="Look at both the level and the spread of the last epochs, not at one epoch.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q6_finder_validation(answers):
    """Question 6: why a range-test rate must be checked in a real run"""
    check(answers, "finder_validation",
          revisit="Revisit §6.1: how many steps does the range test spend at each learning rate, "
                  "and what had the network been through before it reached the rate at the "
                  "curve's minimum? Compare with how many steps one-cycle spends near its peak.",
          hint="The accuracy plot of the three one-cycle runs shows when the failing run broke.")
