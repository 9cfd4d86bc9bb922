"""AdaGrad: G += g**2; p -= lr*g/(sqrt(G) + eps)."""
from optimizer_table import tests_for

globals().update(tests_for("AdaGrad"))   # the table in optimizer_table.py: points, visibility, reasons
