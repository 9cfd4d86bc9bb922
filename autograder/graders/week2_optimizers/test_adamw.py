"""AdamW: p -= lr*weight_decay*p, then the Adam step with the unmodified gradient."""
from optimizer_table import tests_for

globals().update(tests_for("AdamW"))   # the table in optimizer_table.py: points, visibility, reasons
