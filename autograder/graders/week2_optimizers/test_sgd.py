import numpy as np

from autograder.grading import expect_close, points, visible


@visible
@points(5)
def test_sgd_steps(student, reference):
    """SGD: parameters after 5 steps match p -= lr * g"""
    rng = np.random.default_rng(0)
    params = [rng.normal(size=(3,)), rng.normal(size=(2, 2))]
    grads = [[rng.normal(size=p.shape) for p in params] for _ in range(5)]
    kw = dict(cls="SGD", kwargs={"lr": 0.1}, params=params, grads=grads)
    got, want = student.probe("optimizer_steps", **kw), reference.probe("optimizer_steps", **kw)
    for step, (g, w) in enumerate(zip(got, want)):
        for i, (gp, wp) in enumerate(zip(g, w)):
            # float64 round-off of 5 steps is ~1e-16; 1e-10 leaves room and separates every real mistake
            expect_close(gp, wp, what=f"params[{i}] after step {step + 1}", rtol=1e-8, atol=1e-10)
