"""Week 2 questions: the four diagnostic questions of week2_optimizers.ipynb, 3 points each.

The answers are read from the notebook's answer cells by the ``answers`` fixture, without running
anything; the key is ``key.py`` beside this file. How both work: ``autograder/answers.py``.
"""
from __future__ import annotations

from autograder.answers import question_checker
from autograder.grading import points

KEY, check = question_checker(__file__)


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q1_momentum_ravine(answers):
    """Question 1: what momentum does in a ravine"""
    check(answers, "momentum_ravine",
          revisit="Revisit §2: write the velocity as a sum of past gradients, v_t = g_t + μ "
                  "g_(t-1) + μ² g_(t-2) + ... What happens in that sum to a component whose sign "
                  "flips at every step, and to one that keeps its sign? Compare with the paths of"
                  " SGD and momentum in the ravine plot.",
          hint="Across a ravine the gradient changes sign from step to step; along its floor it "
               "does not.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q2_bias_correction(answers):
    """Question 2: why Adam needs bias correction"""
    check(answers, "bias_correction",
          revisit="Revisit §4: starting from m = v = 0, compute m_1 and v_1 after the very first "
                  "step with β1 = 0.9 and β2 = 0.999. How do they compare with g and g², and what"
                  " does dividing by 1 - β^t do to them? The plot there shows the steps with and "
                  "without the correction.",
          hint="Work out the first step by hand for a constant gradient g.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q3_saddle_gradient(answers):
    """Question 3: what a small gradient near a saddle means"""
    check(answers, "saddle_gradient",
          revisit="Revisit §6: in the saddle experiment, where was SGD's gradient norm smallest, "
                  "was that point a minimum, and what did the loss do afterwards?",
          hint="A zero gradient defines a critical point; minima are only one kind of critical "
               "point.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q4_velocity_factor(answers):
    """Question 4: how large momentum's step grows under a constant gradient"""
    check(answers, "velocity_factor",
          revisit="Revisit §2: for a constant gradient the velocity v = μ v + g stops changing at"
                  " a fixed point. Solve v = μ v + g for v with μ = 0.99 (the plot in §2 shows "
                  "the same limit for μ = 0.9).",
          hint="Give the multiple of g as a plain number.")
