"""Adam: moments, bias correction with t from 1, p -= lr*m_hat/(sqrt(v_hat) + eps)."""
from autograder.grading import points

from optimizer_forms import check_steps, random_problem
from public import public_test

SHAPES = [(4,), (3, 2), (2, 1, 3)]          # several arrays of different shapes, incl. a 3-D one
SCALES = [1.0, 0.001, 30.0]   # gradient scales per array: adaptive methods must rescale each array on its own
HINT = ("Once per call t += 1 (t = 1 on the first call); per parameter m and v (kept between calls), m_hat = "
        "m/(1 - beta1**t), v_hat = v/(1 - beta2**t), p -= lr*m_hat/(sqrt(v_hat) + eps).")


test_adam_first_step = public_test("test_adam_first_step")


@points(6)   # 6: the core update: moments, bias correction, t counted per call, over many steps (most of Adam's marks)
def test_adam_steps(student, reference):
    """Adam: twelve steps on three parameters of different shapes match the formula"""
    params, grads = random_problem(62, SHAPES, 12, SCALES, zero_first=2)
    check_steps(student, reference, "Adam", {'lr': 0.05, 'beta1': 0.85, 'beta2': 0.99, 'eps': 1e-08}, params, grads,
                what="Adam(lr=0.05, beta1=0.85, beta2=0.99, eps=1e-08), 12 steps", hint=HINT)


@points(2)   # 2: lr read at every step
def test_adam_lr_changes(student, reference):
    """Adam: honours a learning rate changed between steps (opt.lr set by a schedule)"""
    params, grads = random_problem(63, SHAPES, 10, SCALES)
    lrs = [0.1, 0.1, 0.1, 0.1, 0.02, 0.02, 0.02, 0.3, 0.3, 0.3]   # opt.lr set before each step, as a schedule does
    check_steps(student, reference, "Adam", {'lr': 0.1}, params, grads, lrs,
                what="Adam with opt.lr changed between steps", hint=HINT)


@points(2)   # 2: state must be kept per parameter (by position), created once
def test_adam_state_per_parameter(student, reference):
    """Adam: keeps a separate state for each parameter and remembers it between calls"""
    params, grads = random_problem(64, [(3, 2), (3, 2)], 6)   # same shapes: a shared state would not crash
    grads = [[g[0], -2.0 * g[0] + 0.5 * g[1]] for g in grads]     # different gradients for the two
    check_steps(student, reference, "Adam", {'lr': 0.1}, params, grads,
                what="Adam on two parameters with different gradients", hint=HINT)


test_adam_in_place = public_test("test_adam_in_place")
