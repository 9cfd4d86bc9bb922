"""Week 4 questions: the four diagnostic questions of week4_stability.ipynb, 3 points each.

The answers are read from the notebook's answer cells by the ``answers`` fixture, without running
anything; the key is ``key.py`` beside this file. How both work: ``autograder/answers.py``.
"""
from __future__ import annotations

from autograder.answers import question_checker
from autograder.grading import points

KEY, check = question_checker(__file__)


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q1_he_vs_xavier(answers):
    """Question 1: when to pick He over Xavier"""
    check(answers, "he_vs_xavier",
          revisit="Revisit §1: what does ReLU do to the variance of the signal that passes "
                  "through it, and what did the 20-layer ReLU stack show for each initializer?",
          hint="Follow Var(z) = n_in Var(W) Var(x) through one ReLU layer.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q2_clipping_protects(answers):
    """Question 2: what gradient clipping protects against"""
    check(answers, "clipping_protects",
          revisit="Revisit §2: compare the spike experiment with and without clip_by_global_norm,"
                  " and check in the formulas whether clipping can ever make a gradient longer or"
                  " change its direction. §4 explains why the same property matters against "
                  "attacks.",
          hint="Clipping acts on one step's gradient, before the optimizer uses it.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q3_diagnose_curve(answers):
    """Question 3: diagnosing a loss curve"""
    check(answers, "diagnose_curve",
          revisit="Revisit the table in §3: is this curve still falling at a steady pace, or "
                  "stuck at a high value (here, the loss of uniform guessing)? Work out what "
                  "fraction of the starting loss 200 epochs removed.",
          hint="You can also build the curve and call your diagnose_loss_curve on it.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q4_stealthy_attack(answers):
    """Question 4: a stealthy gradient attack and the anomaly detector"""
    check(answers, "stealthy_attack",
          revisit="Revisit the second experiment of §4: gradient_anomalies compares each norm "
                  "with the median of the previous `window` norms. Follow what that median "
                  "becomes a few steps after a persistent x5 change, and compare 5 with the "
                  "factor.",
          hint="Run gradient_anomalies on a series that jumps by x5 and stays there.")
