"""The starter library says only what its seeds say: numbers, dates, names, titles and quotes."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from briefing import dates
from briefing.models import KINDS, LINK_FIELDS
from briefing.resources import starter_library_path

REPO = Path(__file__).resolve().parents[3]
# Beside the checkout (as in CI); BRIEFING_SEEDS points elsewhere, e.g. from a git worktree.
SEEDS = Path(os.environ.get("BRIEFING_SEEDS") or REPO.parent / "shared" / "seeds")
SECTIONS = {"partnership": "partnerships", "priority": "priorities", "quote": "quotes",
            "person": "people"}

# Fields that hold our own words or codes, not claims from a seed.
OURS = {"id", "tags", "marking", "last_reviewed", "review_due", "sources", "language", "speaker_id",
        "photo"}
# Capitalised words that are ours by necessity, never a claim about the seed.
OUR_WORDS = {
    "english",  # the language a quote is given in (its `language` field says "en")
    *("january", "february", "march", "april", "may", "june", "july", "august",  # months:
      "september", "october", "november", "december"),  # dates are checked as dates
}

# A seed that dates events without a year: the year its "March 26" or "last year" counts from.
# Seed 004 is "first published on 27 March"; 2024 is inferred from its own "Quantum Korea 2024",
# "scheduled for June", and projects starting "in the second half of 2024".
INFERRED_YEAR = {"004": 2024}

# Fields that hold names alone: every capitalised word in them is a name, even the first.
NAME_FIELDS = {"name", "short_name", "partners", "speaker", "role", "organisation", "country", "languages"}

# A full name may stand for the initials a seed uses (seed 004 says only "ROK" and "EU").
EXPANSIONS = {"republic of korea": "rok", "european union": "eu", "united states": "us"}

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# Written dates, most specific first; each pattern's groups are read by _date_parts.
_DATE_PATTERNS = (
    ("dmy-range", re.compile(rf"\b{_DAY}\s*-\s*{_DAY} {_MONTH},? (\d{{4}})\b")),
    ("mdy-range", re.compile(rf"\b{_MONTH} {_DAY} to {_DAY},? (\d{{4}})\b")),
    ("md-range", re.compile(rf"\b{_MONTH} {_DAY} to {_DAY}\b")),
    ("dmy", re.compile(rf"\b{_DAY} {_MONTH},? (\d{{4}})\b")),
    ("mdy", re.compile(rf"\b{_MONTH} {_DAY},? (\d{{4}})\b")),
    ("numeric", re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")),
    ("iso", re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")),
    ("my-last", re.compile(rf"\b{_MONTH} last year\b")),
    ("my", re.compile(rf"\b{_MONTH},? (\d{{4}})\b")),
    ("dm", re.compile(rf"\b{_DAY} {_MONTH}\b")),
    ("md", re.compile(rf"\b{_MONTH} {_DAY}\b")),
)
SPELLED = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}
_ORDINAL_DIGITS = {2: "2nd", 3: "3rd", 4: "4th", 5: "5th"}
# Lower-case words that may join the capitalised words of one name ("EU Agency for Cybersecurity").
CONNECTORS = {"of", "for"}
# A word starting with a digit ("5G", "21st") is a number, never part of a name.
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'’-]*")
_BOUNDARY = re.compile(r"[.!?:;]\s*$")

Date = tuple[int | None, int, int | None]


def normalise(value: str) -> str:
    """Compatibility form, one kind of dash and quote, single spaces, case folded."""
    value = unicodedata.normalize("NFKC", value)
    value = re.sub(r"[\u2010-\u2015\u2212]", "-", value)
    value = re.sub(r"[\u2018\u2019\u00b4`]", "'", value)
    value = re.sub(r"[\"\u201c\u201d\u201e]", "", value)
    return re.sub(r"\s+", " ", value).strip().casefold()


def _month(name: str) -> int:
    return MONTHS.index(name.lower()) + 1


def _date_parts(kind: str, groups: tuple[str, ...], year: int | None) -> list[Date]:
    """The dates one match names; `year` stands in where the text gives none."""
    g = groups
    if kind == "dmy-range":
        return [(int(g[3]), _month(g[2]), int(g[0])), (int(g[3]), _month(g[2]), int(g[1]))]
    if kind == "mdy-range":
        return [(int(g[3]), _month(g[0]), int(g[1])), (int(g[3]), _month(g[0]), int(g[2]))]
    if kind == "md-range":
        return [(year, _month(g[0]), int(g[1])), (year, _month(g[0]), int(g[2]))]
    if kind == "dmy":
        return [(int(g[2]), _month(g[1]), int(g[0]))]
    if kind == "mdy":
        return [(int(g[2]), _month(g[0]), int(g[1]))]
    if kind == "numeric":
        return [(int(g[2]), int(g[1]), int(g[0]))]
    if kind == "iso":
        return [(int(g[0]), int(g[1]), int(g[2]) if g[2] else None)]
    if kind == "my-last":
        return [(year - 1 if year else None, _month(g[0]), None)]
    if kind == "my":
        return [(int(g[1]), _month(g[0]), None)]
    if kind == "dm":
        return [(year, _month(g[1]), int(g[0]))]
    return [(year, _month(g[0]), int(g[1]))]


def find_dates(value: str, year: int | None = None) -> tuple[list[Date], str]:
    """Every date written in `value`, and the text with those dates blanked out."""
    found: list[Date] = []
    value = re.sub(r"[\u2010-\u2015]", "-", value)
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(value):
            found += _date_parts(kind, match.groups(), year)
        value = pattern.sub(" ", value)
    return found, value


def _number(token: str) -> str:
    """'06' -> '6', '8,4' -> '8.4'."""
    token = token.replace(",", ".")
    whole, _, fraction = token.partition(".")
    return (whole.lstrip("0") or "0") + ("." + fraction if fraction else "")


def numbers(value: str) -> set[str]:
    """Digit groups, with leading zeros and decimal commas made uniform."""
    return {_number(t) for t in re.findall(r"\d+(?:[.,]\d+)?", value)}


def amounts(value: str) -> set[str]:
    """'12 million', '8.4 billion': a figure with its scale."""
    return {f"{_number(n)} {scale.lower()}"
            for n, scale in re.findall(r"(\d+(?:[.,]\d+)?) (million|billion)", value, flags=re.I)}


def names(value: str) -> Iterator[tuple[str, bool]]:
    """Capitalised runs (names, acronyms) with whether each starts a sentence or a line."""
    run: list[re.Match[str]] = []
    pending: re.Match[str] | None = None  # a connector waiting for the next capitalised word

    def flush() -> Iterator[tuple[str, bool]]:
        if run:
            before = value[:run[0].start()]
            yield " ".join(m.group() for m in run), not before.strip() or bool(_BOUNDARY.search(before))

    for match in _WORD.finditer(value):
        word = match.group()
        last = pending or (run[-1] if run else None)
        joined = last is not None and value[last.end():match.start()].isspace()
        if word[0].isupper() and word.casefold() not in OUR_WORDS and joined:
            run += [pending, match] if pending else [match]
            pending = None
        elif word in CONNECTORS and joined and pending is None:
            pending = match
        else:
            yield from flush()
            capital = word[0].isupper() and word.casefold() not in OUR_WORDS
            run, pending = ([match] if capital else []), None
    yield from flush()


def _strip_possessive(name: str) -> str:
    return re.sub(r"(?<=s)['’](?!\w)|['’]s\b", "", name)


def initials(text: str) -> set[str]:
    """Initials of every run of capitalised words in `text` ("Trade and Technology Council" -> TTC)."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9&'’-]*|[,.;:()]", text)
    found: set[str] = set()
    for i, first in enumerate(words):
        if not first[0].isupper():
            continue
        letters = ""
        for word in words[i:]:
            if word[0].isupper() or word.isdigit():
                letters += word[0] if not word.isdigit() else word
                if len(letters) > 1:
                    found.add(letters.lower())
            elif word not in {"and", "of", "for", "the", "on", "&"}:
                break
    return found


@dataclass(frozen=True)
class Seed:
    """One seed document, with what the checks look up in it."""

    key: str
    text: str

    @property
    def year(self) -> int | None:
        return INFERRED_YEAR.get(self.key)

    @property
    def plain(self) -> str:
        return normalise(self.text)

    def dates(self) -> set[Date]:
        return set(find_dates(self.text, self.year)[0])

    def has_name(self, name: str) -> bool:
        wanted = normalise(_strip_possessive(name))
        plain = _strip_possessive(self.plain)
        if re.search(rf"(?<![\w-]){re.escape(wanted)}(?![\w-])", plain):
            return True
        short = EXPANSIONS.get(wanted)
        if short and re.search(rf"(?<![\w]){re.escape(short)}(?![\w])", plain):
            return True
        acronym = wanted.removesuffix("s")
        return name.isupper() and acronym in initials(self.text)


def load_seeds() -> dict[str, Seed]:
    """The seed documents, keyed by their number ("004"); fails in CI when they are missing."""
    if not SEEDS.is_dir():
        message = f"seed documents not found at {SEEDS} (shared/ must sit beside the checkout)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    seeds = {path.name[:3]: Seed(path.name[:3], path.read_text(encoding="utf-8"))
             for path in sorted(SEEDS.glob("*.txt"))}
    assert len(seeds) == 5, sorted(seeds)
    return seeds


@pytest.fixture(scope="module")
def seeds() -> dict[str, Seed]:
    return load_seeds()


@pytest.fixture(scope="module")
def starter() -> dict[str, Any]:
    return json.loads(starter_library_path().read_text(encoding="utf-8"))


def all_items(starter: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(kind, item) for kind in KINDS for item in starter[SECTIONS[kind]]]


def cited(item: dict[str, Any], seeds: dict[str, Seed]) -> list[Seed]:
    """The seeds an item cites: each source title is found, verbatim, in exactly one seed."""
    found = []
    for source in item["sources"]:
        title = normalise(source["title"])
        matches = [seed for seed in seeds.values() if title in seed.plain]
        assert len(matches) == 1, (item["id"], source["title"], [s.key for s in matches])
        found.append(matches[0])
    return found


def claims(kind: str, item: dict[str, Any]) -> list[tuple[str, bool]]:
    """The item's text that must come from its seeds (every field but our own and the links),
    each with whether it holds names alone."""
    texts: list[tuple[str, bool]] = []
    for name, value in item.items():
        if name in OURS or name in LINK_FIELDS[kind] or value is None:
            continue
        texts += [(text, name in NAME_FIELDS) for text in (value if isinstance(value, list) else [value])]
    return texts


def problems(kind: str, item: dict[str, Any], sources: list[Seed]) -> list[str]:
    """Every number, date, amount or name in the item that none of its cited seeds contains."""
    found: list[str] = []
    seed_dates = set().union(*(s.dates() for s in sources))
    seed_numbers = set().union(*(numbers(find_dates(s.text, s.year)[1] + " " + s.text) for s in sources))
    seed_words = " ".join(s.plain for s in sources)
    for text, names_only in claims(kind, item):
        item_dates, rest = find_dates(text)
        found += [f"date {d}" for d in item_dates if not _date_known(d, seed_dates)]
        found += [f"number {n}" for n in numbers(rest) - seed_numbers]
        found += [f"amount {a}" for a in amounts(text) if a not in seed_words]
        found += [f"number word {w}" for w in re.findall(r"[a-z]+", text.lower())
                  if w in SPELLED and not _number_word_known(w, seed_words, seed_numbers)]
        for name, at_start in names(text):
            words = name.split()
            if at_start and not names_only and not any(s.has_name(name) for s in sources):
                words = words[1:]  # an ordinary word may start a sentence: judge the rest
                while words and words[0] in CONNECTORS:
                    words = words[1:]
                name = " ".join(words)
            if name and not any(s.has_name(name) for s in sources):
                found.append(f"name {name!r}")
    return [f"{kind} {item['id']}: {p}" for p in found]


def _date_known(date: Date, seed_dates: set[Date]) -> bool:
    year, month, day = date
    if year is None:  # the item gives no year either
        return any(m == month and d == day for _y, m, d in seed_dates)
    if day is None:
        return any(y == year and m == month for y, m, _ in seed_dates)
    return date in seed_dates


def _number_word_known(word: str, seed_words: str, seed_numbers: set[str]) -> bool:
    value = SPELLED[word]
    return (re.search(rf"\b{word}\b", seed_words) is not None or str(value) in seed_numbers
            or _ORDINAL_DIGITS.get(value, "?") in seed_words)


def test_every_number_date_and_name_is_in_a_cited_seed(starter: dict[str, Any],
                                                      seeds: dict[str, Seed]) -> None:
    found: list[str] = []
    for kind, item in all_items(starter):
        found += problems(kind, item, cited(item, seeds))
    assert found == [], "\n".join(found)


def test_ranges_take_an_en_dash(starter: dict[str, Any]) -> None:
    for kind, item in all_items(starter):
        for text, _names_only in claims(kind, item):
            if not dates.is_iso(text):  # an ISO date field is no range
                assert not re.search(r"\d\s*[-\u2014]\s*\d", text), (item["id"], text)


def test_source_titles_publishers_and_dates_are_the_seeds_own(starter: dict[str, Any],
                                                               seeds: dict[str, Seed]) -> None:
    for _kind, item in all_items(starter):
        for source, seed in zip(item["sources"], cited(item, seeds), strict=True):
            if source["publisher"] is not None:
                assert normalise(source["publisher"]) in seed.plain, (item["id"], source)
            if source["date"] is not None:
                assert _date_known(find_dates(source["date"])[0][0], seed.dates()), (item["id"], source)


def test_each_seed_is_cited_one_way(starter: dict[str, Any], seeds: dict[str, Seed]) -> None:
    by_seed: dict[str, set[str]] = {}
    for _kind, item in all_items(starter):
        for source, seed in zip(item["sources"], cited(item, seeds), strict=True):
            by_seed.setdefault(seed.key, set()).add(json.dumps(source, sort_keys=True))
    assert {key: len(found) for key, found in by_seed.items()} == dict.fromkeys(seeds, 1)


def verbatim_pieces(text: str) -> list[str]:
    """A quote's words between its ellipses, which mark where it is partial."""
    return [piece.strip() for piece in re.split(r"\[?…\]?", text) if piece.strip()]


def test_every_quote_is_verbatim_in_its_seed(starter: dict[str, Any], seeds: dict[str, Seed]) -> None:
    for quote in starter["quotes"]:
        texts = [seed.text for seed in cited(quote, seeds)]
        pieces = verbatim_pieces(quote["text"])
        assert pieces, quote["id"]
        assert any(_in_order(pieces, text) for text in texts), f"{quote['id']} is not verbatim"


def _in_order(pieces: list[str], text: str) -> bool:
    at = 0
    for piece in pieces:
        at = text.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


def test_a_quote_that_is_partial_says_so(starter: dict[str, Any], seeds: dict[str, Seed]) -> None:
    # A quote that starts or ends inside one of its seed's sentences carries an ellipsis there.
    for quote in starter["quotes"]:
        text = quote["text"]
        first = verbatim_pieces(text)[0]
        if text.startswith(("…", "[…]")):
            continue
        assert first[0].isupper(), f"{quote['id']} starts mid-sentence without an ellipsis"


def test_every_item_on_a_dated_commitment_has_a_review_date(starter: dict[str, Any],
                                                            seeds: dict[str, Seed]) -> None:
    # Everything resting on the 2014/2017 page (001), and the 2024 plans and "upcoming" events.
    time_bound = {"rok-eu-6g-research", "rok-eu-semiconductor-research", "rok-eu-quantum-expert-group",
                  "rok-eu-digital-partnership-council", "artificial-intelligence", "quantum-technologies",
                  "semiconductors", "beyond-5g-6g", "edih-twg-smart-connectivity"}
    for _kind, item in all_items(starter):
        sources = cited(item, seeds)
        if item["id"] in time_bound or any(seed.key == "001" for seed in sources):
            assert item["review_due"], f"{item['id']} has no review date"
        if item["review_due"]:
            newest = max((s["date"] for s in item["sources"] if s["date"]), default=None,
                         key=dates.sort_key)
            assert newest is None or dates.sort_key(item["review_due"]) > dates.sort_key(newest), item["id"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Supported by ENISA.", "name 'ENISA'"),
    ("Worth EUR 12 million.", "name 'EUR'"),
    ("Worth 13 million euros.", "number 13"),
    ("Worth 12 billion euros.", "amount 12 billion"),
    ("Signed on 16 May 2015.", "date (2015, 5, 16)"),
    ("Over four years.", "number word four"),
    ("With the Republic of Chile.", "name 'Republic of Chile'"),
])
def test_the_check_catches_what_a_seed_does_not_say(seeds: dict[str, Seed], text: str, expected: str) -> None:
    item = {"id": "probe", "summary": text, "sources": []}
    assert f"priority probe: {expected}" in problems("priority", item, [seeds["002"], seeds["004"]])


@pytest.mark.parametrize("text", [
    "Supported by the EU Agency for Cybersecurity.", "Brussels, 25–26 March 2024.",
    "Worth 12 million euros over three years.", "The first meeting was in Seoul in May 2023.",
    "The EU and the Republic of Korea met at Le Berlaymont.",
])
def test_the_check_accepts_what_a_seed_says(seeds: dict[str, Seed], text: str) -> None:
    item = {"id": "probe", "summary": text, "sources": []}
    assert problems("priority", item, [seeds["002"], seeds["004"]]) == []


def test_source_notes_say_only_what_their_seed_says(starter: dict[str, Any], seeds: dict[str, Seed]) -> None:
    # A note says what is inferred; its own dates, numbers and names must still be in the seed.
    found: list[str] = []
    for _kind, item in all_items(starter):
        for source, seed in zip(item["sources"], cited(item, seeds), strict=True):
            if source.get("note"):
                note = {"id": f"{item['id']} source note", "note": source["note"]}
                found += problems("partnership", note, [seed])
    assert found == [], "\n".join(found)


def test_starter_people_say_only_what_their_seeds_say(starter: dict[str, Any], seeds: dict[str, Seed]) -> None:
    assert starter["people"], "the starter library has people"
    for person in starter["people"]:
        assert problems("person", person, cited(person, seeds)) == []
        assert person["photo"] is None  # the seeds hold no photos
