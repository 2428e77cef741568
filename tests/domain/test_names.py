"""Name keys (which spellings are one entity) and search forms (which spellings a search folds)."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import catalogue, people
from dramabot.domain.names import (
    clean,
    entity_key,
    many_words,
    person_form,
    reversed_order,
    title_form,
    words,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Park Hyung-sik", "Park Hyung Sik"),
        ("park hyungsik", "PARK HYUNG SIK"),
        ("Soundtrack 1", "Soundtrack #1"),
        ("Nevertheless,", "Nevertheless"),
        ("Hometown Cha-Cha-Cha", "hometown chachacha"),
        ("Café Minamdang", "Cafe Minamdang"),
        ("Yoo  Joon Sang ", "Yoo Joon Sang"),
    ],
)
def test_same_entity_key(a: str, b: str) -> None:
    assert entity_key(a) == entity_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Reply 1988", "Reply 1997"), ("Suits", "Suit"), ("사운드트랙 #1", "Soundtrack #1")],
)
def test_different_entity_key(a: str, b: str) -> None:
    assert entity_key(a) != entity_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pak Hyeong Sik", "Park Hyung Sik"),
        ("Lee Jun-hyuk", "Lee Joon Hyuk"),
        ("Yi Ji Eun", "Lee Ji Eun"),
        ("Choe Woo Shik", "Choi Woo Sik"),
        ("Cho Bo-ah", "Jo Bo Ah"),
        ("Huh Joon-ho", "Heo Joon Ho"),
        ("Kim You-jung", "Kim Yoo Jung"),
        ("Shin Min A", "Shin Min Ah"),
        ("Ahn Bo Hyun", "An Bo-hyun"),
    ],
)
def test_romanization_variants_fold_to_one_person_form(a: str, b: str) -> None:
    assert person_form(a) == person_form(b)


def test_title_form_drops_articles_and_season_words() -> None:
    assert title_form("The Heirs") == "heirs"
    assert title_form("Hospital Playlist Season 2") == title_form("Hospital Playlist 2")


def test_clean_removes_invisible_characters_and_folds_spaces() -> None:
    assert clean("\u200bPark\u202e  Hyung\tSik\ufeff ") == "Park Hyung Sik"


def test_reversed_order() -> None:
    assert reversed_order("Hyung Sik Park") == "Park Hyung Sik"
    assert reversed_order("IU") is None
    assert reversed_order("Noh Sung Jan") is None  # `Jan` is no family name: no second reading
    assert reversed_order("Seo Na So") is None  # `Seo` first: the usual order already
    assert reversed_order("Joong Ki Song,") == "Song, Joong Ki"


def test_clean_composes_accents_as_typed_on_any_keyboard() -> None:
    assert clean("Cafe\u0301 Minamdang") == "Caf\u00e9 Minamdang"


@pytest.mark.parametrize(
    ("one", "other"),
    [("A Taxi Driver", "Taxi Driver"), ("An Empress's Dignity", "Empress's Dignity")],
)
def test_a_leading_article_is_not_part_of_a_titles_search_form(one: str, other: str) -> None:
    assert title_form(one) == title_form(other)


def test_a_persons_form_ignores_spaces_hyphens_and_romanization() -> None:
    assert (
        person_form("Park Hyung-sik")
        == person_form("pak hyeongsik")
        == person_form("Park Hyung Sik")
    )


@pytest.mark.parametrize(
    ("name", "reordered"),
    [("Hyung Sik Park", "Park Hyung Sik"), ("Yoona Im", "Im Yoona"), ("Hyung Sik", None),
     ("Park Hyung Sik", None),
     ("Suzy", None)],
)  # fmt: skip
def test_western_order_is_read_only_with_a_family_name_last(
    name: str, reordered: str | None
) -> None:
    assert reversed_order(name) == reordered


def test_many_names_read_at_once_read_as_each_alone() -> None:
    """The bulk reading (ASCII names joined, in C) gives every name's words and key exactly as
    reading it alone, whatever it holds: punctuation, `&`, underscores, control characters,
    Hangul, accents."""
    odd = [
        "Soundtrack #1", "Tom & Jerry", "snake_case_title", "a\x00b", "tab\there", "line\nbreak",
        "unit\x1fseparator", "사운드트랙 #1", "Amélie", "  spaced   out  ", "", "!!!",
        "The Season 2", "Ｆｕｌｌ ｗｉｄｔｈ", "Park Hyung-sik", "A  Part 3", "Lee\u200bJi Eun",
    ]  # fmt: skip
    texts = [*odd, *(t for _, t, _ in catalogue(500)), *(p for _, p, _ in people(500)), *odd]
    assert many_words(texts) == [words(text) for text in texts]
    assert ["".join(spelled) for spelled in many_words(texts)] == list(map(entity_key, texts))
