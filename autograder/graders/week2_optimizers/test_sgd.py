"""SGD: p -= lr * g, in place."""
from optimizer_table import tests_for

globals().update(tests_for("SGD"))   # the table in optimizer_table.py: points, visibility, reasons
