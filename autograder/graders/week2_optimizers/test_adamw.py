"""AdamW: p -= lr*weight_decay*p, then the Adam step with the unmodified gradient."""
from autograder.grading import points

from optimizer_forms import check_steps, random_problem
from public import public_test

SHAPES = [(4,), (3, 2), (2, 1, 3)]          # several arrays of different shapes, incl. a 3-D one
SCALES = [1.0, 0.001, 30.0]   # gradient scales per array: adaptive methods must rescale each array on its own
HINT = ("First p -= lr*weight_decay*p for every parameter, then exactly the Adam step with the gradient g as "
        "it is (never g + weight_decay*p); t = 1 on the first call.")


test_adamw_first_step = public_test("test_adamw_first_step")


# 4: decoupled decay + Adam over many steps. lr*wd = 0.05 makes the decay's order visible (NOTES.md:
# decay-after-step separates by 2.5e-4 at lr 0.05; here by ~lr*wd*step ~ 5e-3, far above the 1e-8 tolerance)
@points(4)
def test_adamw_steps(student, reference):
    """AdamW: twelve steps on three parameters of different shapes match the formula"""
    params, grads = random_problem(72, SHAPES, 12, SCALES, zero_first=2)
    check_steps(student, reference, "AdamW", {'lr': 0.1, 'beta1': 0.85, 'beta2': 0.99, 'weight_decay': 0.5},
                params, grads,
                what="AdamW(lr=0.1, beta1=0.85, beta2=0.99, weight_decay=0.5), 12 steps", hint=HINT)


@points(2)   # 2: lr read at every step, by the decay too
def test_adamw_lr_changes(student, reference):
    """AdamW: honours a learning rate changed between steps (opt.lr set by a schedule)"""
    params, grads = random_problem(73, SHAPES, 10, SCALES)
    lrs = [0.1, 0.1, 0.1, 0.1, 0.02, 0.02, 0.02, 0.3, 0.3, 0.3]   # opt.lr set before each step, as a schedule does
    check_steps(student, reference, "AdamW", {'lr': 0.1, 'weight_decay': 0.5}, params, grads, lrs,
                what="AdamW with opt.lr changed between steps", hint=HINT)


test_adamw_in_place = public_test("test_adamw_in_place")
