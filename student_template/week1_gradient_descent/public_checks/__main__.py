"""``python -m public_checks [FOLDER]``: the report in a terminal, without pytest."""
import sys

from .runner import main

sys.exit(main())
