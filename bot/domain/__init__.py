"""Pure domain code: models, post parsing, names, recommending. No discord, no aiosqlite."""
