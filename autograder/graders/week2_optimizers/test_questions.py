"""Week 2 questions: the six diagnostic questions of week2_optimizers.ipynb, 2 points each.

The answers are read from the notebook's answer cells by the ``answers`` fixture, without running
anything; the key is ``key.py`` beside this file. How both work: ``autograder/answers.py``.
"""
from __future__ import annotations

from autograder.answers import question_checker
from autograder.grading import points

KEY, check = question_checker(__file__)

# Every question is worth 2 points: 6 questions x 2 = 12 of the week's 100, the code tests carry
# the other 88. A question checks one idea; no idea outweighs an implemented optimizer.


@points(2)   # one of 6 questions x 2 = 12 points
def test_q1_momentum_ravine(answers):
    """Question 1: what momentum does in a ravine"""
    check(answers, "momentum_ravine",
          revisit="Revisit §2: write the velocity as a sum of past gradients, v_t = g_t + μ "
                  "g_(t-1) + μ² g_(t-2) + ... What happens in that sum to a component whose sign "
                  "flips at every step, and to one that keeps its sign? Compare with the paths of"
                  " SGD and momentum in the ravine plot.",
          hint="Across a ravine the gradient changes sign from step to step; along its floor it "
               "does not.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q2_nesterov(answers):
    """Question 2: how Nesterov's path differs from heavy-ball momentum's on the ravine"""
    check(answers, "nesterov",
          revisit="Revisit §2: where does Nesterov take its gradient, compared with heavy-ball "
                  "momentum? Look at the two paths near the floor of the ravine and at the printed"
                  " losses after 80 steps. How many gradients does your Nesterov.update receive "
                  "per step?",
          hint="Compare the two update formulas in the docstrings of SGDMomentum and Nesterov.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q3_adagrad_decay(answers):
    """Question 3: how much AdaGrad's step shrinks under a constant gradient"""
    check(answers, "adagrad_decay",
          revisit="Revisit §3: for a constant gradient g, what is AdaGrad's accumulator G after t "
                  "steps, and so what is the step lr * g / sqrt(G) at step t? Divide the first "
                  "step by the one at the step the question names.",
          hint="Give the ratio as a plain number.",
          wrong={10.0: "That is the factor at step 100, which §3 prints; the question asks about a later step.",
                 400.0: "That would be a step shrinking like 1/t; AdaGrad divides by the root of a sum."})


@points(2)   # one of 6 questions x 2 = 12 points
def test_q4_bias_correction(answers):
    """Question 4: why Adam needs bias correction"""
    check(answers, "bias_correction",
          revisit="Revisit §4: starting from m = v = 0, compute m_1 and v_1 after the very first "
                  "step with β1 = 0.9 and β2 = 0.999. How do they compare with g and g², and what"
                  " does dividing by 1 - β^t do to them? The plot there shows the steps with and "
                  "without the correction.",
          hint="Work out the first step by hand for a constant gradient g.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q5_velocity_factor(answers):
    """Question 5: how large momentum's step grows under a constant gradient"""
    check(answers, "velocity_factor",
          revisit="Revisit §2: for a constant gradient the velocity v = μ v + g stops changing at"
                  " a fixed point. Solve v = μ v + g for v with μ = 0.99 (the plot in §2 shows "
                  "the same limit for μ = 0.9).",
          hint="Give the multiple of g as a plain number.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q6_optimizers_digits(answers):
    """Question 6: what the learning-rate sweep on the digits shows"""
    check(answers, "optimizers_digits",
          revisit="Revisit §7 and read the left panel line by line: at which learning rate does "
                  "each optimizer peak, how far apart are those peaks, and how close are the "
                  "peaks' heights? Then test each statement against a rate where it would fail.",
          hint="The table under the figure lists each optimizer's best rate and accuracy.")
