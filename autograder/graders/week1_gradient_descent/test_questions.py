"""Week 1 questions: the six diagnostic questions of week1_gradient_descent.ipynb, 2 points each.

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
def test_q1_lr_too_high(answers):
    """Question 1: which loss curve has the learning rate too high"""
    check(answers, "lr_too_high",
          revisit="Revisit §2, 'Choosing the learning rate': read each run's log from one line to"
                  " the next. Which run falls fast and levels off, which falls slowly and "
                  "steadily, and which never settles? Steps that overshoot the valley floor do "
                  "not make the loss fall slowly.",
          hint="Match each run to a row of the table in §2 before choosing.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q2_one_step_lr(answers):
    """Question 2: the learning rate that reaches the minimum of θ² in one step"""
    check(answers, "one_step_lr",
          revisit="Revisit §2: for f(θ) = θ² one gradient step multiplies θ by a factor that "
                  "depends only on η. Write that factor down and ask when it is zero. (§5 gives a"
                  " second route: a Newton step divides the gradient by the curvature f''.)",
          hint="Check your number with gradient_descent(f1, grad_f1, np.array([5.0]), <your η>, "
               "1).")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q3_batch_noise(answers):
    """Question 3: what a batch size of 1 does compared with the full batch"""
    check(answers, "batch_noise",
          revisit="Revisit §4: count how many updates each batch size makes per epoch, then look "
                  "at your plot of 'loss - best possible loss': how far does each curve get after"
                  " one epoch, and what do the small batches' curves do afterwards at a constant "
                  "learning rate?",
          hint="A mini-batch gradient is an unbiased but noisy estimate of the full gradient.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q4_newton_cost(answers):
    """Question 4: why Newton's method is not used for large networks"""
    check(answers, "newton_cost",
          revisit="Revisit the end of §5: what does one exact Newton step have to store and to "
                  "solve, and how do those grow with the number of parameters d? The cost table "
                  "printed there shows it for d = 1e3, 1e6 and 1e9. Does Newton's step have a "
                  "learning rate at all?",
          hint="Think about memory and arithmetic, not about the learning rate.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q5_local_minimum(answers):
    """Question 5: what a run that ends in the shallow valley of the double well shows"""
    check(answers, "local_minimum",
          revisit="Revisit §6: what does the table promise for a loss that is not convex? At the "
                  "end point of the first run, what are the gradient and the Hessian's "
                  "eigenvalues, and what do they say about the kind of point it is? Then compare "
                  "its loss with the other run's, and read what a larger learning rate did.",
          hint="A minimum is defined by what happens nearby; which minimum you reach depends on "
               "the path.")


@points(2)   # one of 6 questions x 2 = 12 points
def test_q6_convex_rate(answers):
    """Question 6: steps the strongly convex guarantee needs on the ravine"""
    check(answers, "convex_rate",
          revisit="Revisit §6: compute κ = L / μ for the ravine, then solve (1 - 1/κ)^T <= 10^-3 "
                  "for T by taking logarithms of both sides (the logarithm of a number below 1 is "
                  "negative: mind the direction of the inequality), and round up to a whole step.",
          hint="The κ = 10 line in the §6 plot falls by the same factor at every step; count how "
               "many of those factors make a thousandth.")
