"""Name matching: entities not aliases, exact and prefix before fuzzy, a cut-off for nonsense."""

from __future__ import annotations

import random
import string
import zlib

from dramabot.domain.matching import MATCH_CUTOFF, NameIndex


def titles() -> NameIndex:
    index = NameIndex("title")
    index.add(1, "Soundtrack #1", ["Soundtrack 1", "사운드트랙 #1"])
    index.add(2, "Strong Girl Bong Soon", ["Strong Woman Do Bong Soon"])
    index.add(3, "Reply 1988", ["Answer Me 1988"])
    index.add(4, "Reply 1997", ["Answer Me 1997"])
    index.add(5, "Bong Soon: A Cyborg in Love")
    return index


def test_aliases_resolve_to_one_entity() -> None:
    index = titles()
    for query in ("Soundtrack #1", "soundtrack 1", "사운드트랙 #1", "soundtrak 1", "Soundtrack"):
        assert index.search(query)[0].entity_id == 1, query
    hits = index.search("soundtrack", limit=5)
    assert [h.entity_id for h in hits].count(1) == 1


def test_alternative_title_and_partial_title() -> None:
    index = titles()
    assert index.search("Strong Woman Do Bong Soon")[0].entity_id == 2
    assert index.search("strong girl")[0].entity_id == 2
    assert {h.entity_id for h in index.search("bong soon")} >= {2, 5}


def test_exact_beats_near_twin() -> None:
    index = titles()
    assert index.search("reply 1997")[0].entity_id == 4
    assert index.search("answer me 1988")[0].entity_id == 3


def test_an_exact_name_is_answered_as_the_ranking_would() -> None:
    """An exact name is answered without ranking: the same entities, in the same order, as the
    ranking's ties at the top; a removed one is not among them."""
    index = NameIndex.build("title", [(1, "Mother", ["Mother 2018"]), (3, "Mother of Mine", ())])
    index.add(4, "Mother")
    index.add(2, "Madeo", ["Mother"])  # found by an alias, and its shorter name ranks first
    index.remove(1)
    top = index.search("mother", 25)
    tied = [m.entity_id for m in top if m.score == top[0].score]
    assert index.exactly_named("MOTHER") == tied == [2, 4]


def test_nonsense_stays_below_the_cut_off() -> None:
    index = titles()
    hits = index.search("qwxz zzzv")
    assert not hits or hits[0].score < MATCH_CUTOFF
    assert index.search("   ") == []


def test_people_by_romanization_and_order() -> None:
    people = NameIndex("person")
    people.add(10, "Park Hyung Sik", ["Park Hyung-sik"])
    people.add(11, "Han So Hee", ["Han So-hee"])
    people.add(12, "Park Hoon")
    for query in (
        "park hyungsik",
        "Park Hyung-sik",
        "Hyung Sik Park",
        "pak hyeong sik",
        "hyung-sik",
    ):
        assert people.search(query)[0].entity_id == 10, query
    assert people.search("han sohee")[0].entity_id == 11


def test_remove_and_replace() -> None:
    index = titles()
    index.remove(1)
    assert all(h.entity_id != 1 for h in index.search("soundtrack 1"))
    index.add(3, "Reply 1988 Remastered")  # replaces Reply 1988 and its alias Answer Me 1988
    assert all(m.matched != "Answer Me 1988" for m in index.search("answer me 1988"))
    assert not index.knows("Answer Me 1988") and not index.knows("Reply 1988")
    assert index.search("reply 1988 remastered")[0].entity_id == 3


def test_a_huge_query_is_cut_before_matching() -> None:
    index = titles()
    assert index.search("soundtrack 1" + " x" * 5000)[0].entity_id == 1
    assert index.search("x" * 300 + "soundtrack 1") == []  # past the cut: never read


def test_a_word_two_typos_away_is_still_found() -> None:
    index = titles()
    assert index.search("Sountrak")[0].entity_id == 1  # `d` and `c` missing
    assert index.search("Sountrak", 5)[0].score < 99


def _kims() -> list[tuple[int, str, list[str]]]:
    """Hundreds of names starting with `Kim`, the shortest ones sorting last alphabetically."""
    syllables = ["Ga", "Ha", "Na", "Seo", "Jun", "Hyun", "Seong", "Gyeong"]
    names = [f"Kim {a} {b}" for a in syllables for b in syllables]
    names += [f"Kim {a}{b.lower()} {c}" for a in syllables for b in syllables for c in syllables]
    names += ["Kim Yu", "Kim Zu"]  # the shortest, after every other `Kim` in the alphabet
    return [(number, name, []) for number, name in enumerate(names, start=1)]


def test_a_common_prefix_finds_the_shortest_names() -> None:
    """Autocomplete on `kim` among 500+ Kims: the 25 shortest, as scoring every name ranks."""
    index = NameIndex.build("person", _kims())
    found = index.search("kim", 25)
    assert {"Kim Yu", "Kim Zu"} <= {m.name for m in found}
    assert [m.score for m in found] == [m.score for m in index.search_exhaustive("kim", 25)]


def test_names_added_one_by_one_are_found_as_if_built_at_once() -> None:
    built = NameIndex.build("person", _kims())
    added = NameIndex("person")
    for entity_id, name, aliases in _kims():
        added.add(entity_id, name, aliases)
    for query in ("kim", "kim yu", "kim ga", "kimhyun", "kim seong gyeong", "kim gyeongga"):
        assert added.search(query, 25) == built.search(query, 25), query


def test_many_removed_names_leave_room_for_the_next_shortest() -> None:
    """With most of the shortest Kims (those kept at the build) removed, the next shortest are
    still found, as scoring every name ranks them."""
    index = NameIndex.build("person", _kims())
    gone = {m.entity_id for m in index.search("kim", 25)}
    for _ in range(2):
        gone.update(m.entity_id for m in index.search("kim", 25))
        for entity_id in gone:
            index.remove(entity_id)
    after = index.search("kim", 25)
    assert len(gone) >= 50 and not gone & {m.entity_id for m in after}
    assert [m.score for m in after] == [m.score for m in index.search_exhaustive("kim", 25)]


def test_a_removed_name_leaves_room_for_the_next_shortest() -> None:
    index = NameIndex.build("person", _kims())
    before = index.search("kim", 25)
    gone = before[0].entity_id
    index.remove(gone)
    after = index.search("kim", 25)
    assert gone not in {m.entity_id for m in after}
    assert len(after) == 25
    assert [m.score for m in after] == [m.score for m in index.search_exhaustive("kim", 25)]


def keys_sharing_a_hash() -> tuple[str, str]:
    """Two different eight-letter words with one CRC-32 (the hash exact keys are found by)."""
    rng = random.Random(7)
    seen: dict[int, str] = {}
    while True:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
        hashed = zlib.crc32(word.encode())
        if seen.setdefault(hashed, word) != word:
            return seen[hashed], word


def test_a_name_is_never_the_exact_answer_for_another_whose_key_shares_its_hash() -> None:
    indexed, other = keys_sharing_a_hash()
    built = NameIndex.build("title", [(1, indexed.title(), [])])
    added = NameIndex("title")
    added.add(1, indexed.title())
    for index in (built, added):
        assert index.exactly_named(indexed) == [1]
        assert index.exactly_named(other) == []
        assert not index.knows(other)
        assert all(match.score < 100 for match in index.search(other))
