"""RMSprop: s = decay*s + (1 - decay)*g**2; p -= lr*g/(sqrt(s) + eps)."""
from autograder.grading import points

from optimizer_forms import check_steps, random_problem
from public import public_test

SHAPES = [(4,), (3, 2), (2, 1, 3)]          # several arrays of different shapes, incl. a 3-D one
SCALES = [1.0, 0.001, 30.0]   # gradient scales per array: adaptive methods must rescale each array on its own
HINT = "Per parameter: s = decay*s + (1 - decay)*g**2 (kept between calls), then p -= lr*g/(sqrt(s) + eps)."


test_rmsprop_first_step = public_test("test_rmsprop_first_step")


@points(4)   # 4: the core update over many steps, gradients of very different scales and some exact zeros
def test_rmsprop_steps(student, reference):
    """RMSprop: twelve steps on three parameters of different shapes match the formula"""
    params, grads = random_problem(52, SHAPES, 12, SCALES, zero_first=2)
    check_steps(student, reference, "RMSprop", {'lr': 0.02, 'decay': 0.8, 'eps': 1e-08}, params, grads,
                what="RMSprop(lr=0.02, decay=0.8, eps=1e-08), 12 steps", hint=HINT)


@points(1)   # 1: lr read at every step
def test_rmsprop_lr_changes(student, reference):
    """RMSprop: honours a learning rate changed between steps (opt.lr set by a schedule)"""
    params, grads = random_problem(53, SHAPES, 10, SCALES)
    # opt.lr set before each step, as a schedule does
    lrs = [0.01, 0.01, 0.01, 0.01, 0.002, 0.002, 0.002, 0.03, 0.03, 0.03]
    check_steps(student, reference, "RMSprop", {'lr': 0.01}, params, grads, lrs,
                what="RMSprop with opt.lr changed between steps", hint=HINT)


@points(1)   # 1: state must be kept per parameter (by position), created once
def test_rmsprop_state_per_parameter(student, reference):
    """RMSprop: keeps a separate state for each parameter and remembers it between calls"""
    params, grads = random_problem(54, [(3, 2), (3, 2)], 6)   # same shapes: a shared state would not crash
    grads = [[g[0], -2.0 * g[0] + 0.5 * g[1]] for g in grads]     # different gradients for the two
    check_steps(student, reference, "RMSprop", {'lr': 0.01}, params, grads,
                what="RMSprop on two parameters with different gradients", hint=HINT)


test_rmsprop_in_place = public_test("test_rmsprop_in_place")
