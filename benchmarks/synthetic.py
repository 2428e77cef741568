"""A deterministic synthetic catalogue: drama titles and Korean names built from real
romanized syllables, in any size (1k, 10k, 100k titles), the same on every run."""

from __future__ import annotations

import random
from collections.abc import Iterator

SYLLABLES = (
    "ga gan gang geum gi gil go gong gu guk gyeong ha hae han hang heon hwa hwan hye hyun "
    "hyung ja jae jang je jeong ji jin jo jong joo jun jung ka kang ki kyung min mi mo mun "
    "na nam ra rang ri rim sa sang se seo seok seon seong shi sik so soo sook soon su "
    "sun sung tae won woo wook ye yeon yeong yi yong yoo yoon young yu yul"
).split()
SURNAMES = (
    "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong "
    "Jeon Go Moon Yang Son Bae Baek Heo Nam Shim Noh Ha Kwak Sung Cha Joo Woo Koo Min Ryu Na"
).split()
WORDS = (
    "love story secret garden moon sun heart doctor king queen prince city night spring summer "
    "winter autumn memory dream house school family hospital lawyer detective hero ghost star "
    "sky sea river flower blossom letter song melody road journey promise destiny return empire "
    "palace village cafe office kitchen code signal mystery shadow light rain snow wind"
).split()


def person_names(count: int, seed: int = 7) -> list[str]:
    """`count` Korean names in MyDramaList style: `Park Hyung Sik`."""
    rng = random.Random(seed)
    return [
        f"{rng.choice(SURNAMES)} {rng.choice(SYLLABLES).title()} {rng.choice(SYLLABLES).title()}"
        for _ in range(count)
    ]


def titles(count: int, seed: int = 11) -> list[str]:
    """`count` distinct drama titles mixing English words and romanized Korean, some with a
    season number."""
    rng = random.Random(seed)
    found: list[str] = []
    seen: set[str] = set()
    while len(found) < count:
        shape = rng.random()
        if shape < 0.4:
            words = [rng.choice(WORDS).title() for _ in range(rng.randint(1, 3))]
        elif shape < 0.7:
            words = ["".join(rng.choice(SYLLABLES) for _ in range(2)).title()]
            words += [rng.choice(WORDS).title() for _ in range(rng.randint(0, 2))]
        else:
            words = [rng.choice(("The", "My", "Our", "A"))]
            words += [rng.choice(WORDS).title() for _ in range(rng.randint(1, 3))]
            words.append(rng.choice(SURNAMES) + " " + rng.choice(SYLLABLES).title())
        if rng.random() < 0.05:
            words.append(f"Season {rng.randint(2, 4)}")
        title = " ".join(words)
        if title.lower() not in seen:  # real catalogues rarely repeat a title
            seen.add(title.lower())
            found.append(title)
    return found


def catalogue(count: int) -> Iterator[tuple[int, str, list[str]]]:
    """(id, title, aliases) rows: every 5th title has an alternative title."""
    alternatives = titles(count // 5 + 1, seed=13)
    for number, title in enumerate(titles(count), start=1):
        yield number, title, [alternatives[number // 5]] if number % 5 == 0 else []


def people(count: int) -> Iterator[tuple[int, str, list[str]]]:
    """(id, name, other spellings) rows: every 4th person also has a hyphenated spelling."""
    for number, name in enumerate(person_names(count), start=1):
        surname, *given = name.split()
        hyphenated = f"{surname} {given[0]}-{given[1].lower()}"
        yield number, name, [hyphenated] if number % 4 == 0 else []
