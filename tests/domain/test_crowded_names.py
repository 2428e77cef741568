"""Among tens of thousands of Korean names every syllable is common: the index must still find
every near-certain result (`TRUSTED_SCORE`) that scoring every name finds."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import people
from dramabot.domain.matching import TRUSTED_SCORE, NameIndex, agrees

FAMOUS = (
    "Son Ye Jin", "Lee Jong Suk", "Ji Chang Wook", "Jun Ji Hyun", "Song Kang Ho", "Kang Tae Oh",
    "Park Hyung Sik", "Kim Soo Hyun", "Gong Yoo", "Park Seo Joon",
)  # fmt: skip


@pytest.fixture(scope="module")
def crowd() -> NameIndex:
    generated = ((1_000 + number, name, aliases) for number, name, aliases in people(60_000))
    return NameIndex.build(
        "person", [*((n, name, []) for n, name in enumerate(FAMOUS)), *generated]
    )


@pytest.mark.parametrize(
    "query",
    [
        "son ye jin",  # Son Jin Ye (the same syllables), Song Ye Jin (one letter more)
        "lee jong suk",
        "ji chang wook",
        "jun ji hyun",
        "Song Gang Ho",  # Song Gan Go: the spelling one letter longer
        "kang tae o",  # Kang Tae Go: a one-letter word one letter short
        "parkhyungsik",  # typed without spaces
        "kimsoohyun",
        "Gong Yoo",
        "Park Seo Jon",
        "Kim Soo Hyn",
    ],
)
def test_every_near_certain_name_is_found(crowd: NameIndex, query: str) -> None:
    ours, reference = crowd.search(query, 5), crowd.search_exhaustive(query, 5)
    assert agrees(ours, reference), (ours, reference)


def test_the_crowd_is_crowded(crowd: NameIndex) -> None:
    """The test means something only if the famous names have near-equal neighbours."""
    reference = crowd.search_exhaustive("lee jong suk", 5)
    assert sum(m.score >= TRUSTED_SCORE for m in reference) >= 3
