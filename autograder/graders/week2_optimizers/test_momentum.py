"""SGD with momentum: v = mu*v + g; p -= lr*v (or v = mu*v - lr*g; p += v)."""
from autograder.grading import points

from optimizer_forms import check_steps, random_problem
from public import public_test

SHAPES = [(4,), (3, 2), (2, 1, 3)]          # several arrays of different shapes, incl. a 3-D one
SCALES = [1.0, 1.0, 1.0]   # gradient scales per array
HINT = ("Per parameter: v = momentum*v + g, then p -= lr*v (or v = momentum*v - lr*g, then p += v); keep v "
        "between calls.")


test_momentum_first_step = public_test("test_momentum_first_step")


@points(4)   # 4: the core update over many steps (most of the marks)
def test_momentum_steps(student, reference):
    """SGDMomentum: twelve steps on three parameters of different shapes match the formula"""
    params, grads = random_problem(22, SHAPES, 12, SCALES)
    check_steps(student, reference, "SGDMomentum", {'lr': 0.05, 'momentum': 0.8}, params, grads,
                what="SGDMomentum(lr=0.05, momentum=0.8), 12 steps", hint=HINT)


@points(3)   # 3: the convention test: the two taught forms part after an lr change, both must be followed exactly
def test_momentum_lr_changes(student, reference):
    """SGDMomentum: honours a learning rate changed between steps (opt.lr set by a schedule)"""
    params, grads = random_problem(23, SHAPES, 10, SCALES)
    lrs = [0.1, 0.1, 0.1, 0.1, 0.02, 0.02, 0.02, 0.3, 0.3, 0.3]   # opt.lr set before each step, as a schedule does
    check_steps(student, reference, "SGDMomentum", {'lr': 0.1, 'momentum': 0.9}, params, grads, lrs,
                what="SGDMomentum with opt.lr changed between steps", hint=HINT)


@points(2)   # 2: state must be kept per parameter (by position), created once
def test_momentum_state_per_parameter(student, reference):
    """SGDMomentum: keeps a separate state for each parameter and remembers it between calls"""
    params, grads = random_problem(24, [(3, 2), (3, 2)], 6)   # same shapes: a shared state would not crash
    grads = [[g[0], -2.0 * g[0] + 0.5 * g[1]] for g in grads]     # different gradients for the two
    check_steps(student, reference, "SGDMomentum", {'lr': 0.1, 'momentum': 0.9}, params, grads,
                what="SGDMomentum on two parameters with different gradients", hint=HINT)


test_momentum_in_place = public_test("test_momentum_in_place")
