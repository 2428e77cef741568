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


#: (fixture, letters left at least, names sampled): over people, the spelling as typed is tried
#: one edit away too, since folding (`cohi` stays `cohi`, `choi` becomes `joi`) would turn one
#: typo into several.
KINDS = {"title": ("index", 4, 400), "person": ("crowd", 5, 600)}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_typo_in_a_name_being_typed_is_never_empty(
    request: pytest.FixtureRequest, kind: str, seed: int
) -> None:
    fixture, letters, count = KINDS[kind]
    names, generated = request.getfixturevalue(fixture)
    queries = _typos(generated, seed, letters, count)
    assert len(queries) > 150
    assert [(query, name) for query, name in queries if not names.search(query, 25)] == []


@pytest.mark.parametrize(
    ("kind", "query", "name"),
    [
        ("title", "ghst hea", "Ghost Heart"),
        ("title", "rad autu", "Road Autumn"),
        ("title", "emire sp", "Empire Spring"),
        ("person", "hco sun j", "Cho Sun Ji"),
        ("person", "cohi guk m", "Choi Guk Mo"),
        ("person", "axn heon y", "Ahn Heon Yul"),
    ],
)
def test_the_name_being_typed_is_among_the_answers(
    request: pytest.FixtureRequest, kind: str, query: str, name: str
) -> None:
    names, generated = request.getfixturevalue(KINDS[kind][0])
    assert name in generated  # the generated names are the same every time
    assert name in [m.name for m in names.search(query, 25)]
