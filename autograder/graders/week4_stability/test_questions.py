"""Week 4 questions: the six diagnostic questions of week4_stability.ipynb, 2 points each.

The answers are read from the notebook's answer cells by the ``answers`` fixture, without running
anything; the key is ``key.py`` beside this file. How both work: ``autograder/answers.py``.
"""
from __future__ import annotations

from autograder.answers import question_checker
from autograder.grading import points

KEY, check = question_checker(__file__)

# Every question is worth 2 points: 6 questions x 2 = 12 of the week's 100, the code tests carry
# the other 88. A question checks one idea; no idea outweighs an implemented function.


@points(2)   # one of 6 questions x 2 = 12 points
def test_q1_he_vs_xavier(answers):
    """Question 1: when to pick He over Xavier"""
    check(answers, "he_vs_xavier",
          revisit="Revisit §1: what does ReLU do to the second moment E[x²] of the signal that "
                  "passes through it, and what did the 20-layer ReLU stack show for each "
                  "initializer? What would identical weights do to the neurons of one layer?",
          hint="Follow Var(z) = n_in Var(W) E[x²] through one ReLU layer.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q2_clipping_protects(answers):
    """Question 2: what gradient clipping protects against"""
    check(answers, "clipping_protects",
          revisit="Revisit §2: compare the spike experiment with and without clip_by_global_norm,"
                  " and check in the formulas whether clipping can ever make a gradient longer or"
                  " change its direction. §4 explains what that means against attacks: what can "
                  "an attacker still do with gradients of an allowed size?",
          hint="Clipping acts on one step's gradient, before the optimizer uses it.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q3_clip_angle(answers):
    """Question 3: how far clipping by value turns a gradient"""
    check(answers, "clip_angle",
          revisit="Revisit §2: the direction of a 2-D vector (a, b) is the angle atan2(b, a). "
                  "Compute it for g and for the clipped vector, in degrees, and subtract. The first"
                  " experiment of §2 prints such angles for another gradient.",
          hint="np.degrees(np.arctan2(b, a)) gives the angle in degrees.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q4_diagnose_curve(answers):
    """Question 4: diagnosing a loss curve"""
    check(answers, "diagnose_curve",
          revisit="Revisit the table in §3 and the rule quoted in the question: work out what "
                  "fraction of the starting loss the 200 epochs removed, and compare it with the "
                  "threshold. Is this curve still falling at a steady pace?",
          hint="You can also build the curve and call your diagnose_loss_curve on it.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q5_stealthy_attack(answers):
    """Question 5: a stealthy gradient attack and the anomaly detector"""
    check(answers, "stealthy_attack",
          revisit="Revisit the second experiment of §4: gradient_anomalies compares each norm "
                  "with the median of the previous `window` norms. Follow what that median "
                  "becomes a few steps after a persistent x5 change, and compare 5 with the "
                  "factor.",
          hint="Run gradient_anomalies on a series that jumps by x5 and stays there.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q6_initial_loss(answers):
    """Question 6: the loss of a classifier that knows nothing"""
    check(answers, "initial_loss",
          revisit="Revisit §6, check 1: the cross-entropy of one example is -ln(probability given "
                  "to its true class). What is that probability for a classifier that spreads it "
                  "evenly over all classes, and which logarithm does the loss use?",
          hint="For 10 classes the same reasoning gives the 2.303 of §6.",
          wrong={2.303: "That is the loss for 10 classes; the question has 26."})
