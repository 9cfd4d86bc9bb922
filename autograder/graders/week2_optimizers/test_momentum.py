"""SGD with momentum: v = mu*v + g; p -= lr*v (or v = mu*v - lr*g; p += v)."""
from optimizer_table import tests_for

globals().update(tests_for("SGDMomentum"))   # the table in optimizer_table.py: points, visibility, reasons
