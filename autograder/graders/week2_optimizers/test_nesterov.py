"""Nesterov momentum: v = mu*v + g; p -= lr*(g + mu*v)."""
from autograder.grading import points

from optimizer_forms import check_steps, random_problem
from public import public_test

SHAPES = [(4,), (3, 2), (2, 1, 3)]          # several arrays of different shapes, incl. a 3-D one
SCALES = [1.0, 1.0, 1.0]   # gradient scales per array
HINT = ("Per parameter: v = momentum*v + g, then p -= lr*(g + momentum*v) with the NEW v; keep v between "
        "calls.")


test_nesterov_first_step = public_test("test_nesterov_first_step")


@points(4)   # 4: the core update over many steps (most of the marks)
def test_nesterov_steps(student, reference):
    """Nesterov: twelve steps on three parameters of different shapes match the formula"""
    params, grads = random_problem(32, SHAPES, 12, SCALES)
    check_steps(student, reference, "Nesterov", {'lr': 0.05, 'momentum': 0.8}, params, grads,
                what="Nesterov(lr=0.05, momentum=0.8), 12 steps", hint=HINT)


@points(2)   # 2: lr read at every step (both momentum conventions accepted)
def test_nesterov_lr_changes(student, reference):
    """Nesterov: honours a learning rate changed between steps (opt.lr set by a schedule)"""
    params, grads = random_problem(33, SHAPES, 10, SCALES)
    lrs = [0.1, 0.1, 0.1, 0.1, 0.02, 0.02, 0.02, 0.3, 0.3, 0.3]   # opt.lr set before each step, as a schedule does
    check_steps(student, reference, "Nesterov", {'lr': 0.1, 'momentum': 0.9}, params, grads, lrs,
                what="Nesterov with opt.lr changed between steps", hint=HINT)


@points(1)   # 1: state must be kept per parameter (by position), created once
def test_nesterov_state_per_parameter(student, reference):
    """Nesterov: keeps a separate state for each parameter and remembers it between calls"""
    params, grads = random_problem(34, [(3, 2), (3, 2)], 6)   # same shapes: a shared state would not crash
    grads = [[g[0], -2.0 * g[0] + 0.5 * g[1]] for g in grads]     # different gradients for the two
    check_steps(student, reference, "Nesterov", {'lr': 0.1, 'momentum': 0.9}, params, grads,
                what="Nesterov on two parameters with different gradients", hint=HINT)


test_nesterov_in_place = public_test("test_nesterov_in_place")
