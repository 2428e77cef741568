"""A name being typed with one letter dropped, added, swapped or mistyped still finds names:
`ghst hea` finds Ghost Heart, `cohi s` Choi Se Su. Over 20,000 generated titles, a keystroke
query of at least four letters one edit from a title's start (its first word not an article) is
never empty; over 30,000 generated people, one of at least five letters."""

from __future__ import annotations

import random

import pytest

from benchmarks.synthetic import catalogue, people
from dramabot.domain.matching import NameIndex

ARTICLES = ("the ", "a ", "an ", "our ")


@pytest.fixture(scope="module")
def index() -> tuple[NameIndex, list[str]]:
    rows = list(catalogue(20_000))
    return NameIndex.build("title", rows), [name for _, name, _ in rows]


@pytest.fixture(scope="module")
def crowd() -> tuple[NameIndex, list[str]]:
    rows = list(people(30_000))
    return NameIndex.build("person", rows), [name for _, name, _ in rows]


def _typos(
    names: list[str], seed: int, letters: int = 4, count: int = 400
) -> list[tuple[str, str]]:
    """(query, the name it started typing): a prefix with one letter dropped, doubled,
    swapped with its neighbour or mistyped, `letters` or more of it left."""
    rng = random.Random(seed)
    found = []
    for name in rng.sample(names, count):
        low = name.lower()
        if low.startswith(ARTICLES) or len(low) < 6:
            continue
        typed = low[: rng.randint(5, min(12, len(low)))]
        at = rng.randrange(1, len(typed) - 1)
        if " " in typed[at - 1 : at + 2]:
            continue
        edit = rng.choice(("drop", "double", "swap", "mistype"))
        if edit == "drop":
            query = typed[:at] + typed[at + 1 :]
        elif edit == "double":
            query = typed[:at] + typed[at] + typed[at:]
        elif edit == "swap":
            query = typed[: at - 1] + typed[at] + typed[at - 1] + typed[at + 1 :]
        else:
            query = typed[:at] + ("x" if typed[at] != "x" else "q") + typed[at + 1 :]
        if len(query.replace(" ", "")) >= letters:
            found.append((query, name))
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_typo_in_a_title_being_typed_is_never_empty(
    index: tuple[NameIndex, list[str]], seed: int
) -> None:
    names, titles = index
    queries = _typos(titles, seed)
    assert len(queries) > 150
    assert [(query, name) for query, name in queries if not names.search(query, 25)] == []


@pytest.mark.parametrize(
    ("query", "title"),
    [("ghst hea", "Ghost Heart"), ("rad autu", "Road Autumn"), ("emire sp", "Empire Spring")],
)
def test_the_title_being_typed_is_among_the_answers(
    index: tuple[NameIndex, list[str]], query: str, title: str
) -> None:
    assert title in index[1]  # the generated catalogue is the same every time
    assert title in [m.name for m in index[0].search(query, 25)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_typo_in_a_person_being_typed_is_never_empty(
    crowd: tuple[NameIndex, list[str]], seed: int
) -> None:
    """The spelling as typed is tried one edit away too: folding (`cohi` stays `cohi`, `choi`
    becomes `joi`) would turn one typo into several."""
    names, persons = crowd
    queries = _typos(persons, seed, letters=5, count=600)
    assert len(queries) > 150
    assert [(query, name) for query, name in queries if not names.search(query, 25)] == []


@pytest.mark.parametrize(
    ("query", "person"),
    [("hco sun j", "Cho Sun Ji"), ("cohi guk m", "Choi Guk Mo"), ("axn heon y", "Ahn Heon Yul")],
)
def test_the_person_being_typed_is_among_the_answers(
    crowd: tuple[NameIndex, list[str]], query: str, person: str
) -> None:
    assert person in crowd[1]
    assert person in [m.name for m in crowd[0].search(query, 25)]
