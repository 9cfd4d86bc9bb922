"""Week 1 questions: the four diagnostic questions of week1_gradient_descent.ipynb, 3 points each.

The answers are read from the notebook's answer cells by the ``answers`` fixture, without running
anything; the key is ``key.py`` beside this file. How both work: ``autograder/answers.py``.
"""
from __future__ import annotations

from autograder.answers import question_checker
from autograder.grading import points

KEY, check = question_checker(__file__)


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q1_lr_too_high(answers):
    """Question 1: which loss curve has the learning rate too high"""
    check(answers, "lr_too_high",
          revisit="Revisit §2, 'Choosing the learning rate': read each run's log from one line to"
                  " the next. Which run falls fast and levels off, which falls slowly and "
                  "steadily, and which never settles? Steps that overshoot the valley floor do "
                  "not make the loss fall slowly.",
          hint="Match each run to a row of the table in §2 before choosing.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q2_one_step_lr(answers):
    """Question 2: the learning rate that reaches the minimum of θ² in one step"""
    check(answers, "one_step_lr",
          revisit="Revisit §2: for f(θ) = θ² one gradient step multiplies θ by a factor that "
                  "depends only on η. Write that factor down and ask when it is zero. (§5 gives a"
                  " second route: a Newton step divides the gradient by the curvature f''.)",
          hint="Check your number with gradient_descent(f1, grad_f1, np.array([5.0]), <your η>, "
               "1).")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q3_batch_noise(answers):
    """Question 3: what a batch size of 1 does compared with the full batch"""
    check(answers, "batch_noise",
          revisit="Revisit §4: count how many updates each batch size makes per epoch, then look "
                  "at your plot of 'loss - best possible loss': how far does each curve get after"
                  " one epoch, and what do the small batches' curves do afterwards at a constant "
                  "learning rate?",
          hint="A mini-batch gradient is an unbiased but noisy estimate of the full gradient.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q4_newton_cost(answers):
    """Question 4: why Newton's method is not used for large networks"""
    check(answers, "newton_cost",
          revisit="Revisit the end of §5: what does one exact Newton step have to store and to "
                  "solve, and how do those grow with the number of parameters d? The cost table "
                  "printed there shows it for d = 1e3, 1e6 and 1e9.",
          hint="Think about memory and arithmetic, not about the learning rate.")
