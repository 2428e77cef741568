"""The domain stays pure: no module in bot/domain imports discord, aiosqlite or the layers above."""

from __future__ import annotations

import ast
from pathlib import Path

import dramabot.domain

DOMAIN = Path(dramabot.domain.__file__).parent
FORBIDDEN = ("discord", "aiosqlite", "sqlite3")
OUTSIDE_THE_DOMAIN = ("storage", "importers", "service", "ui", "cli", "client", "cogs")


def test_domain_imports_neither_discord_nor_storage() -> None:
    offenders = []
    for path in DOMAIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[:2] in (["dramabot", p] for p in OUTSIDE_THE_DOMAIN)
            ]
    assert offenders == []
