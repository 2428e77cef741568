"""`python -m dramabot`: the same as the `dramabot` command."""

from __future__ import annotations

import sys

from dramabot.cli import main

if __name__ == "__main__":
    sys.exit(main())
