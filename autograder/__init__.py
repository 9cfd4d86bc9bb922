"""Optimization for Deep Learning: course tooling and sandboxed autograder."""
