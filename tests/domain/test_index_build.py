"""An index built at once (a start, a rebuild) answers exactly as one that had the same names
added one at a time: the bulk build is only faster."""

from __future__ import annotations

import gc
import random

import pytest

from benchmarks.matching import typed
from benchmarks.synthetic import catalogue, people
from dramabot.domain.matching import NameIndex
from dramabot.domain.matching.packed import grouped

#: Names the bulk build treats apart: no words at all, a canonical with no words (an alias
#: stands first), two spellings of one form, Hangul, an entity listed twice (the last counts).
_ODD_TITLES = [
    (1, "!!!", ["Bang Bang"]),
    (2, "Soundtrack #1", ["Soundtrack 1", "사운드트랙 #1", "SOUNDTRACK #1"]),
    (3, "The Glory", ["더 글로리", "Glory"]),
    (4, "Reply 1988", ["Answer Me 1988", "Reply 1988"]),
    (5, "Our Beloved Summer", []),
    (5, "Our Beloved Summer Season 2", ["Our Beloved Summer Part 2"]),
]
_ODD_PEOPLE = [
    (1, "Park Hyung-sik", ["Park Hyung Sik", "Pak Hyeong Sik", "박형식"]),
    (2, "Song Kang Ho", ["Song Gang Ho"]),
    (3, "IU", ["Lee Ji Eun", "아이유"]),
    (3, "Lee Ji-eun", ["IU"]),
    (4, "...", []),
]


def _one_by_one(kind: str, rows: list[tuple[int, str, list[str]]]) -> NameIndex:
    """Fewer than 1,000 names, so the index never rebuilds itself (by a bulk build)."""
    assert len(rows) < 1_000
    index = NameIndex(kind)  # type: ignore[arg-type]
    for entity_id, canonical, aliases in rows:
        index.add(entity_id, canonical, aliases)
    return index


@pytest.mark.parametrize(
    ("kind", "rows"),
    [
        ("title", [*_ODD_TITLES, *((100 + n, t, a) for n, t, a in catalogue(900))]),
        ("person", [*_ODD_PEOPLE, *((100 + n, p, a) for n, p, a in people(900))]),
    ],
)
def test_a_bulk_build_answers_as_names_added_one_by_one(kind: str, rows: list) -> None:
    built = NameIndex.build(kind, rows)  # type: ignore[arg-type]
    last = {row[0]: at for at, row in enumerate(rows)}
    added = _one_by_one(kind, [row for at, row in enumerate(rows) if last[row[0]] == at])
    assert len(built) == len(added)
    names = [name for _, canonical, aliases in rows for name in (canonical, *aliases)]
    odd = [name for _, canonical, aliases in rows[:6] for name in (canonical, *aliases)]
    later_words = [" ".join(name.split()[start:]) for name in names[:300] for start in (1, 2)]
    for query in [*odd, *typed(names, 300, seed=7), *typed(later_words, 300, seed=8)]:
        assert built.search(query, 25) == added.search(query, 25), query
        assert built.exactly_named(query) == added.exactly_named(query), query


def test_a_build_pauses_the_collector_and_restores_it() -> None:
    """A build makes millions of containers and no cycles: the collector is off meanwhile,
    and as it was afterwards, also when the build fails."""
    seen: list[bool] = []

    def rows(fail: bool = False):
        for entity_id, name, aliases in catalogue(50):
            seen.append(gc.isenabled())
            yield entity_id, name, aliases
        if fail:
            raise ValueError("a broken source")

    assert gc.isenabled()
    NameIndex.build("title", rows())
    assert seen and not any(seen) and gc.isenabled()
    with pytest.raises(ValueError):
        NameIndex.build("title", rows(fail=True))
    assert gc.isenabled()
    gc.disable()
    try:
        NameIndex.build("title", rows())
        assert not gc.isenabled()  # left as the process had it
    finally:
        gc.enable()


@pytest.mark.parametrize("make", [NameIndex.build, _one_by_one])
def test_a_canonical_name_with_no_words_is_still_the_answer_s_name(make) -> None:
    """`!!!` has no words to search by, so its alias finds it; the answer still carries the
    entity's own name, with the alias as what matched."""
    index = make("title", [(1, "!!!", ["Bang Bang"]), (2, "Big Bang", [])])
    found = index.search("bang bang", 1)
    assert [(m.entity_id, m.name, m.matched) for m in found] == [(1, "!!!", "Bang Bang")]


@pytest.mark.parametrize("widest", [1 << 41, 1 << 62])  # one int per pair, and lexsort
def test_prefix_hits_are_grouped_shortest_first_however_wide_the_numbers(widest: int) -> None:
    rng = random.Random(widest)
    groups = [rng.randrange(300) for _ in range(5000)]
    values = [rng.randrange(widest) for _ in groups]
    starts, grouped_values = grouped(groups, 300, values, "Q", ascending=True)
    for group in range(300):
        expected = sorted(v for g, v in zip(groups, values, strict=True) if g == group)
        assert list(grouped_values[starts[group] : starts[group + 1]]) == expected
