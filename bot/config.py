"""Settings read from the environment: where the bundled data is, and the blog's reviewers."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from dramabot.domain.posts import DEFAULT_REVIEWERS

DATA_ENV = "DRAMABOT_DATA"
#: The blog's reviewers in the order its headlines give their scores, comma-separated.
REVIEWERS_ENV = "DRAMABOT_REVIEWERS"


def reviewers_setting() -> tuple[str, ...]:
    """`$DRAMABOT_REVIEWERS` (`Oppa,Noona`), else the blog's own order, Oppa first."""
    names = tuple(n.strip() for n in os.environ.get(REVIEWERS_ENV, "").split(",") if n.strip())
    return names or DEFAULT_REVIEWERS


def bundled_data_dir() -> Path:
    """`$DRAMABOT_DATA`, else the data shipped inside the package (`data/` in a checkout)."""
    if configured := os.environ.get(DATA_ENV):
        return Path(configured)
    return Path(str(resources.files("dramabot.data")))
