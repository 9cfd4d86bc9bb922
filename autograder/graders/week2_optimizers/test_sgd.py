"""SGD: p -= lr * g, in place."""
from autograder.grading import points

from optimizer_forms import check_steps, random_problem
from public import public_test

SHAPES = [(4,), (3, 2), (2, 1, 3)]          # several arrays of different shapes, incl. a 3-D one
HINT = "Each step is p -= lr * g for every (p, g) pair, with lr read from self.lr at that step."


test_sgd_first_step = public_test("test_sgd_first_step")


@points(4)   # 4: most of SGD's marks -- several steps, three arrays, lr changed between steps
def test_sgd_steps_with_lr_changes(student, reference):
    """SGD: eight steps on three parameters follow p -= lr * g, also after opt.lr is changed"""
    params, grads = random_problem(102, SHAPES, 8)
    lrs = [0.1, 0.1, 0.1, 0.02, 0.02, 0.3, 0.3, 0.05]      # a schedule sets opt.lr before each step
    check_steps(student, reference, "SGD", {"lr": 0.1}, params, grads, lrs,
                what="SGD with opt.lr changed between steps", hint=HINT)


test_sgd_in_place = public_test("test_sgd_in_place")
