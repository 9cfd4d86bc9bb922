"""AdaGrad: G += g**2; p -= lr*g/(sqrt(G) + eps)."""
from autograder.grading import points

from optimizer_forms import check_steps, random_problem
from public import public_test

SHAPES = [(4,), (3, 2), (2, 1, 3)]          # several arrays of different shapes, incl. a 3-D one
SCALES = [1.0, 0.001, 30.0]   # gradient scales per array: adaptive methods must rescale each array on its own
HINT = "Per parameter: G = G + g**2 (a running SUM kept between calls), then p -= lr*g/(sqrt(G) + eps)."


test_adagrad_first_step = public_test("test_adagrad_first_step")


@points(4)   # 4: the core update over many steps, gradients of very different scales and some exact zeros
def test_adagrad_steps(student, reference):
    """AdaGrad: twelve steps on three parameters of different shapes match the formula"""
    params, grads = random_problem(42, SHAPES, 12, SCALES, zero_first=2)
    check_steps(student, reference, "AdaGrad", {'lr': 0.05, 'eps': 1e-10}, params, grads,
                what="AdaGrad(lr=0.05, eps=1e-10), 12 steps", hint=HINT)


@points(1)   # 1: lr read at every step
def test_adagrad_lr_changes(student, reference):
    """AdaGrad: honours a learning rate changed between steps (opt.lr set by a schedule)"""
    params, grads = random_problem(43, SHAPES, 10, SCALES)
    lrs = [0.1, 0.1, 0.1, 0.1, 0.02, 0.02, 0.02, 0.3, 0.3, 0.3]   # opt.lr set before each step, as a schedule does
    check_steps(student, reference, "AdaGrad", {'lr': 0.1}, params, grads, lrs,
                what="AdaGrad with opt.lr changed between steps", hint=HINT)


@points(1)   # 1: state must be kept per parameter (by position), created once
def test_adagrad_state_per_parameter(student, reference):
    """AdaGrad: keeps a separate state for each parameter and remembers it between calls"""
    params, grads = random_problem(44, [(3, 2), (3, 2)], 6)   # same shapes: a shared state would not crash
    grads = [[g[0], -2.0 * g[0] + 0.5 * g[1]] for g in grads]     # different gradients for the two
    check_steps(student, reference, "AdaGrad", {'lr': 0.1}, params, grads,
                what="AdaGrad on two parameters with different gradients", hint=HINT)


test_adagrad_in_place = public_test("test_adagrad_in_place")
