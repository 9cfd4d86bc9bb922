"""SGD: p -= lr * g, in place."""
from autograder.grading import points, visible

from optimizer_forms import check_in_place, check_steps, random_problem

SHAPES = [(4,), (3, 2), (2, 1, 3)]          # several arrays of different shapes, incl. a 3-D one
HINT = "Each step is p -= lr * g for every (p, g) pair, with lr read from self.lr at that step."


@visible
@points(2)   # 2: the basic step, public so students can check their convention early
def test_sgd_first_step(student, reference):
    """SGD: one update moves each parameter by -lr * g"""
    params, grads = random_problem(101, SHAPES[:2], 1)
    check_steps(student, reference, "SGD", {"lr": 0.1}, params, grads, what="SGD(lr=0.1), one update",
                hint=HINT)


@points(4)   # 4: most of SGD's marks -- several steps, three arrays, lr changed between steps
def test_sgd_steps_with_lr_changes(student, reference):
    """SGD: eight steps on three parameters follow p -= lr * g, also after opt.lr is changed"""
    params, grads = random_problem(102, SHAPES, 8)
    lrs = [0.1, 0.1, 0.1, 0.02, 0.02, 0.3, 0.3, 0.05]      # a schedule sets opt.lr before each step
    check_steps(student, reference, "SGD", {"lr": 0.1}, params, grads, lrs,
                what="SGD with opt.lr changed between steps", hint=HINT)


@visible
@points(2)   # 2: the interface property every optimizer shares (in place, grads untouched)
def test_sgd_in_place(student, reference):
    """SGD: update changes the caller's arrays in place and leaves the gradients alone"""
    params, grads = random_problem(103, SHAPES, 2)
    check_in_place(student, "SGD", {"lr": 0.1}, params, grads, what="SGD.update")
