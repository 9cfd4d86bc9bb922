"""RMSprop: s = decay*s + (1 - decay)*g**2; p -= lr*g/(sqrt(s) + eps)."""
from optimizer_table import tests_for

globals().update(tests_for("RMSprop"))   # the table in optimizer_table.py: points, visibility, reasons
