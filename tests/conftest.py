# the engine fixtures are grader modules run by the engine, not course tests
collect_ignore_glob = ["fixtures/*"]


def pytest_configure(config):
    # graders' markers, imported by tests that load grader helpers
    config.addinivalue_line("markers", "points(n): points a grader test is worth")
    config.addinivalue_line("markers", "visible: a public grader test")
    config.addinivalue_line("markers", "notebook: runs a notebook in a Jupyter kernel")
