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


@pytest.fixture(scope="module", params=["built", "added"])
def crowd(request: pytest.FixtureRequest) -> NameIndex:
    """60,000 generated people and the famous ones, built at once or added after the build."""
    generated = [(1_000 + number, name, aliases) for number, name, aliases in people(60_000)]
    famous = [(number, name, []) for number, name in enumerate(FAMOUS)]
    if request.param == "built":
        return NameIndex.build("person", [*famous, *generated])
    index = NameIndex.build("person", generated)
    for number, name, _ in famous:
        index.add(number, name)
    return index


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


@pytest.mark.parametrize("query", ["jun ji hxyxn", "ji chang wxxx"])
def test_common_syllables_together_find_the_likeliest_names_past_a_typo(
    crowd: NameIndex, query: str
) -> None:
    """Each syllable is in thousands of names, too many to look at, but two of them together are
    rare (the word pairs): the names most like a query whose last word is two typos off are
    the ones scoring every name finds."""
    ours, reference = crowd.search(query, 5), crowd.search_exhaustive(query, 5)
    assert agrees(ours[:2], reference[:2], compared="all"), (ours, reference)
