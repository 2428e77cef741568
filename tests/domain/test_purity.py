"""The domain stays pure: no module in bot/domain imports discord or aiosqlite."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.domain

DOMAIN = Path(bot.domain.__file__).parent
FORBIDDEN = ("discord", "aiosqlite", "sqlite3")


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
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("bot.storage")]
    assert offenders == []
