"""Adam: moments, bias correction with t from 1, p -= lr*m_hat/(sqrt(v_hat) + eps)."""
from optimizer_table import tests_for

globals().update(tests_for("Adam"))   # the table in optimizer_table.py: points, visibility, reasons
