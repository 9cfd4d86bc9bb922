"""Nesterov momentum: v = mu*v + g; p -= lr*(g + mu*v)."""
from optimizer_table import tests_for

globals().update(tests_for("Nesterov"))   # the table in optimizer_table.py: points, visibility, reasons
