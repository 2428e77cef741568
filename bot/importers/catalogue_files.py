"""Read catalogue files into `DramaEntry` lists: our JSON format, the MyDramaList Kaggle export
(`korean_drama.csv` titles, `wiki_actors.csv` casts) and the TMDB export (`kdramas.csv`)."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any, Literal

from dramabot.domain.catalogue import CastEntry, DramaEntry
from dramabot.domain.errors import UserFacingError
from dramabot.domain.names import clean

CatalogueFormat = Literal["dramabot-json", "mdl-titles", "mdl-casts", "tmdb", "blog-facts"]

_MDL_BILLING = {
    "main role": "lead",
    "support role": "support",
    "guest role": "guest",
    "guest": "guest",
}
_BILLINGS = {"lead", "support", "guest"}
_KINDS = {"drama", "film"}

#: The order catalogue formats are merged in: the richest and most careful sources first, the
#: blog's review facts last, so that they find the dramas the catalogues describe.
FORMAT_ORDER: tuple[CatalogueFormat, ...] = (
    "dramabot-json", "mdl-titles", "mdl-casts", "tmdb", "blog-facts",
)  # fmt: skip
#: A JSON file whose opening lists `"reviews"` (and no `"dramas"`) holds the blog's review facts.
_FACTS_HEAD = re.compile(r'"reviews"\s*:\s*\[')
_CATALOGUE_HEAD = re.compile(r'"dramas"\s*:\s*\[')
#: Each CSV format, in the order a header is tried against them: the file it usually comes as,
#: and the columns it must have, in file order.
_CSV_FORMATS: dict[CatalogueFormat, tuple[str, tuple[str, ...]]] = {
    "mdl-casts": (
        "MyDramaList wiki_actors.csv",
        ("actor_id", "actor_name", "drama_name", "character_name", "role"),
    ),
    "mdl-titles": (
        "MyDramaList korean_drama.csv",
        ("kdrama_id", "drama_name", "year", "tot_eps", "duration"),
    ),
    "tmdb": (
        "TMDB kdramas.csv",
        ("tmdb_id", "title", "original_title", "first_air_date", "episodes", "average_runtime"),
    ),
}
#: A header line's columns shown in a message: at most this many, each at most so long.
_SHOWN_COLUMNS = 8
#: How much of a JSON file's opening tells a catalogue from review facts.
_HEAD_CHARS = 2048
_SHOWN_COLUMN_CHARS = 40


class CatalogueFormatError(UserFacingError):
    """A catalogue file this importer cannot read; the message names the row or entry."""


def detect_format(name: str, text: str) -> CatalogueFormat | None:
    """The catalogue format of a file's text, or None when it is not a catalogue."""
    if name.lower().endswith(".json"):
        head = text[:_HEAD_CHARS]
        if _FACTS_HEAD.search(head) and not _CATALOGUE_HEAD.search(head):
            return "blog-facts"
        return "dramabot-json"
    if not name.lower().endswith(".csv"):
        return None
    header = set(_header(text))
    for fmt, (_, columns) in _CSV_FORMATS.items():
        if header.issuperset(columns):
            return fmt
    return None


def require_format(name: str, text: str) -> CatalogueFormat:
    """The catalogue format of a file's text; `CatalogueFormatError` names the file's line 1
    columns and the nearest format's missing ones when it is none this importer knows."""
    fmt = detect_format(name, text)
    if fmt is not None:
        return fmt
    if not name.lower().endswith(".csv"):
        raise CatalogueFormatError(
            "not a catalogue file this importer knows (dramabot JSON, MyDramaList "
            "korean_drama.csv / wiki_actors.csv, or TMDB kdramas.csv)"
        )
    header = _header(text)
    if not any(header):
        raise CatalogueFormatError(
            "line 1: no column names; a catalogue CSV starts with its header line"
        )
    shown = [_shown(column) for column in header[:_SHOWN_COLUMNS]]
    if len(header) > _SHOWN_COLUMNS:
        shown.append(f"and {len(header) - _SHOWN_COLUMNS} more")
    label, columns = _nearest_csv_format(name, set(header))
    missing = [c for c in columns if c not in header]
    raise CatalogueFormatError(
        f"line 1: columns {', '.join(shown)} are not those of a catalogue this importer knows; "
        f"a {label} also needs {', '.join(missing)}"
    )


def _header(text: str) -> list[str]:
    """A CSV's column names from its first line, trimmed and lower-cased."""
    first_line = text.lstrip("\ufeff").partition("\n")[0]
    try:
        return [h.strip().lower() for h in next(csv.reader(io.StringIO(first_line)), [])]
    except csv.Error:  # e.g. a NUL or an unclosed quote: no header this importer knows
        return []


def _shown(column: str) -> str:
    """A column name fit for a message: quoted, cut short."""
    if len(column) > _SHOWN_COLUMN_CHARS:
        column = column[: _SHOWN_COLUMN_CHARS - 1] + "…"
    return f"'{column}'"


def _nearest_csv_format(name: str, header: set[str]) -> tuple[str, tuple[str, ...]]:
    """The CSV format a header comes closest to: most columns shared, then the file's name."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()

    def closeness(fmt: CatalogueFormat) -> tuple[int, bool]:
        label, columns = _CSV_FORMATS[fmt]
        return len(header & set(columns)), label.endswith(" " + base)

    return _CSV_FORMATS[max(_CSV_FORMATS, key=closeness)]


def read_catalogue(fmt: CatalogueFormat, text: str) -> list[DramaEntry]:
    """Parse a catalogue file of a known format; raise `CatalogueFormatError` naming the fault."""
    readers: dict[CatalogueFormat, Callable[[str], list[DramaEntry]]] = {
        "dramabot-json": read_own_json,
        "mdl-titles": read_mdl_titles,
        "mdl-casts": read_mdl_casts,
        "tmdb": read_tmdb,
    }
    return readers[fmt](text)


def load_json(text: str) -> Any:
    """A JSON document; `CatalogueFormatError` says where it is not valid."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogueFormatError(f"not valid JSON: {error}") from None


def read_own_json(text: str) -> list[DramaEntry]:
    """Our own format (see `data/catalogue/FORMAT.md`), validated entry by entry."""
    document = load_json(text)
    if not isinstance(document, dict) or not isinstance(document.get("dramas"), list):
        raise CatalogueFormatError('expected an object {"dramas": [...]}')
    return [_own_drama(number, item) for number, item in enumerate(document["dramas"], start=1)]


def _own_drama(number: int, item: Any) -> DramaEntry:
    def fail(reason: str) -> CatalogueFormatError:
        label = item.get("title") if isinstance(item, dict) else None
        return CatalogueFormatError(f"drama {number}{f' ({label})' if label else ''}: {reason}")

    if not isinstance(item, dict):
        raise fail("expected an object")
    title = item.get("title")
    if not isinstance(title, str) or not clean(title):
        raise fail("needs a 'title'")
    year = item.get("year")
    if not isinstance(year, int) or not 1900 <= year <= 2100:
        raise fail("needs a 'year' between 1900 and 2100")
    kind = item.get("kind", "drama")
    if kind not in _KINDS:
        raise fail(f"'kind' must be one of {sorted(_KINDS)}")
    numbers = length_fields(item, fail)
    cast = []
    for position, credit in enumerate(item.get("cast", []), start=1):
        if not isinstance(credit, dict) or not isinstance(credit.get("name"), str):
            raise fail(f"cast entry {position} needs a 'name'")
        billing = credit.get("billing", "support")
        if billing not in _BILLINGS:
            raise fail(f"cast entry {position}: 'billing' must be one of {sorted(_BILLINGS)}")
        cast.append(
            CastEntry(
                name=credit["name"],
                role=credit.get("role"),
                billing=billing,
                aliases=tuple(_strings(credit.get("aliases"), fail)),
            )
        )
    return DramaEntry(
        title=title,
        year=year,
        aliases=tuple(_strings(item.get("aliases"), fail)),
        kind=kind,
        country=item.get("country", "South Korea"),
        episodes=numbers["episodes"],
        episode_minutes=numbers["episode_minutes"],
        genres=tuple(_strings(item.get("genres"), fail)),
        network=item.get("network"),
        synopsis=item.get("synopsis"),
        cast=tuple(cast),
    )


def length_fields(item: dict[str, Any], fail: Callable[[str], Exception]) -> dict[str, int | None]:
    """`episodes` and `episode_minutes` of a JSON record: positive whole numbers, or absent."""
    numbers = {}
    for key in ("episodes", "episode_minutes"):
        value = item.get(key)
        if value is not None and (not isinstance(value, int) or value <= 0):
            raise fail(f"'{key}' must be a positive whole number")
        numbers[key] = value
    return numbers


def _strings(value: Any, fail: Callable[[str], Exception]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail("aliases and genres must be lists of strings")
    return value


def read_mdl_titles(text: str) -> list[DramaEntry]:
    """MyDramaList `korean_drama.csv`: one drama a row; `duration` is seconds per episode."""
    entries = []
    for row in _rows(text):
        title = clean(row.get("drama_name") or "")
        if not title:
            continue
        seconds = _number(row.get("duration"))
        entries.append(
            DramaEntry(
                title=title,
                year=_whole(row.get("year")),
                country=clean(row.get("country") or "") or None,
                episodes=_whole(row.get("tot_eps")),
                episode_minutes=round(seconds / 60) if seconds else None,
                network=clean(row.get("org_net") or "") or None,
                synopsis=clean(row.get("synopsis") or "") or None,
                kind="film" if (row.get("type") or "").strip().lower() == "movie" else "drama",
                source_ids=_ids("mdl", row.get("kdrama_id")),
            )
        )
    return entries


def read_mdl_casts(text: str) -> list[DramaEntry]:
    """MyDramaList `wiki_actors.csv`: one credit a row, grouped into one entry per drama."""
    casts: dict[str, list[CastEntry]] = defaultdict(list)
    for row in _rows(text):
        title, name = clean(row.get("drama_name") or ""), clean(row.get("actor_name") or "")
        if not title or not name:
            continue
        billing = _MDL_BILLING.get((row.get("role") or "").strip().lower(), "support")
        role = clean(row.get("character_name") or "") or None
        casts[title].append(
            CastEntry(name, role, billing, source_ids=_ids("mdl", row.get("actor_id")))  # type: ignore[arg-type]
        )
    leads_first = {"lead": 0, "support": 1, "guest": 2}
    return [
        DramaEntry(title=title, cast=tuple(sorted(cast, key=lambda c: leads_first[c.billing])))
        for title, cast in casts.items()
    ]


def read_tmdb(text: str) -> list[DramaEntry]:
    """TMDB `kdramas.csv`: the Korean original title becomes an alias; no character names."""
    entries = []
    for row in _rows(text):
        title = clean(row.get("title") or "")
        original = clean(row.get("original_title") or "")
        if not title:
            continue
        year = _whole((row.get("first_air_date") or "")[:4])
        genres = [clean(g) for g in (row.get("genres") or "").split(",") if clean(g)]
        cast = [clean(n) for n in (row.get("main_cast") or "").split(",") if clean(n)]
        entries.append(
            DramaEntry(
                title=title,
                year=year,
                aliases=(original,) if original and original != title else (),
                country={"KR": "South Korea"}.get(clean(row.get("country") or ""), None),
                episodes=_whole(row.get("episodes")),
                episode_minutes=_whole(row.get("average_runtime")),
                genres=tuple(genres),
                network=clean(row.get("network") or "") or None,
                synopsis=clean(row.get("overview") or "") or None,
                cast=tuple(
                    CastEntry(name=n, billing="lead" if i < 2 else "support")
                    for i, n in enumerate(cast)
                ),
                source_ids=_ids("tmdb", row.get("tmdb_id")),
            )
        )
    return entries


def _ids(source: str, value: str | None) -> tuple[tuple[str, str], ...]:
    """A record's id in its source, when the row has one."""
    value = (value or "").strip()
    return ((source, value),) if value else ()


def _rows(text: str) -> list[dict[str, str]]:
    try:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        return [{(k or "").strip().lower(): v for k, v in row.items()} for row in reader]
    except csv.Error as error:
        raise CatalogueFormatError(f"not a readable CSV file: {error}") from None


def _number(value: str | None) -> float | None:
    try:
        number = float((value or "").strip())
    except ValueError:
        return None
    return number if math.isfinite(number) and number > 0 else None


def _whole(value: str | None) -> int | None:
    number = _number(value)
    return round(number) if number is not None else None
