"""The tables' shared parts: the drama columns, rows made models, and the one set of writers
that both the catalogue merge and the review batches use."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from dramabot.domain.models import Drama
from dramabot.storage.connection import Connection, Row

DRAMA_COLUMNS = (
    "d.id, d.title, d.year, d.kind, d.country, d.episodes, d.episode_minutes, d.genres, "
    "d.network, d.synopsis"
)
#: Dramas with their aliases, one row per title (`dramas_from_rows` groups them): the query
#: adds the FROM item's joins, its WHERE, and the ORDER BY that keeps a drama's rows together.
DRAMAS_WITH_TITLES = (
    f"SELECT {DRAMA_COLUMNS}, t.title FROM {{}} LEFT JOIN drama_titles t ON t.drama_id = d.id"
)
#: A drama's facts, in `DRAMA_COLUMNS` order after id and title.
FACTS = ("year", "kind", "country", "episodes", "episode_minutes", "genres", "network", "synopsis")
#: A new drama row: (id, title, *FACTS).
DramaRow = tuple[object, ...]


def drama_from_row(row: Sequence[object], aliases: Iterable[str]) -> Drama:
    title = str(row[1])
    return Drama(
        id=int(row[0]),  # type: ignore[call-overload]
        title=title,
        year=row[2],  # type: ignore[arg-type]
        kind=row[3],  # type: ignore[arg-type]
        country=row[4],  # type: ignore[arg-type]
        episodes=row[5],  # type: ignore[arg-type]
        episode_minutes=row[6],  # type: ignore[arg-type]
        genres=tuple(json.loads(str(row[7]))),
        network=row[8],  # type: ignore[arg-type]
        synopsis=row[9],  # type: ignore[arg-type]
        aliases=tuple(a for a in aliases if a != title),
    )


def dramas_from_rows(rows: Iterable[Row]) -> dict[int, Drama]:
    """Dramas by id, in the order met, from `DRAMAS_WITH_TITLES` rows."""
    return {
        drama_id: drama_from_row(found[0], [row[-1] for row in found if row[-1] is not None])
        for drama_id, found in by_first_column(rows).items()
    }


def by_first_column(rows: Iterable[Row]) -> dict[int, list[Row]]:
    """Rows grouped by their first column (an id), in the order met."""
    grouped: dict[int, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return grouped


async def insert_dramas(db: Connection, rows: Iterable[DramaRow]) -> None:
    """New dramas: (id, title, *FACTS)."""
    await db.execute_many(
        "INSERT INTO dramas (id, title, year, kind, country, episodes, episode_minutes, "
        "genres, network, synopsis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


async def insert_titles(db: Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Titles of dramas: (drama id, title, key)."""
    await db.execute_many("INSERT INTO drama_titles (drama_id, title, key) VALUES (?, ?, ?)", rows)


async def insert_people(db: Connection, rows: Iterable[tuple[int, str]]) -> None:
    """New people: (id, name)."""
    await db.execute_many("INSERT INTO people (id, name) VALUES (?, ?)", rows)


async def insert_person_names(db: Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Spellings of people: (person id, name, key); a spelling a person has already is kept."""
    await db.execute_many(
        "INSERT INTO person_names (person_id, name, key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        rows,
    )


async def insert_credits(
    db: Connection,
    rows: Iterable[tuple[int, int, str | None, str, int | None, int]],
) -> None:
    """Credits: (person id, drama id, role, billing, review id or None, position); a credit
    already there (the same person in the same drama, from the same review) is kept."""
    await db.execute_many(
        "INSERT INTO credits (person_id, drama_id, role, billing, review_id, position) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        rows,
    )


def genres_json(genres: Sequence[str]) -> str:
    """Genres as the `dramas.genres` column stores them."""
    return json.dumps(list(genres))
