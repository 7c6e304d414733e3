"""Frozen dataclasses for the library (partnerships, priorities, quotes, people) and packs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Literal

Kind = Literal["partnership", "priority", "quote", "person"]
KINDS: tuple[Kind, ...] = ("partnership", "priority", "quote", "person")
# The kinds a pack section may hold.
PACK_KINDS: tuple[Kind, ...] = ("partnership", "priority", "quote", "person")
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where an item's facts come from; only `title` is required."""

    title: str
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    # What the title and date cannot hold, e.g. "year inferred from the text".
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Item:
    """Fields every library item has; `created`/`updated` stay inside the library."""

    kind: ClassVar[Kind]
    id: str
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    marking: str | None = None
    last_reviewed: str | None = None
    review_due: str | None = None
    created: str | None = field(default=None, compare=False)
    updated: str | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """The item's title as shown in lists."""
        raise NotImplementedError

    @property
    def is_unsourced(self) -> bool:
        """True when the item names no source."""
        return not self.sources


@dataclass(frozen=True, kw_only=True)
class Partnership(Item):
    """A partnership, council, working group or research project."""

    kind: ClassVar[Kind] = "partnership"
    name: str
    summary: str
    short_name: str | None = None
    partners: tuple[str, ...] = ()
    established: str | None = None
    level: str | None = None
    status: str | None = None
    key_facts: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, kw_only=True)
class Priority(Item):
    """A policy priority with its lines to take."""

    kind: ClassVar[Kind] = "priority"
    title: str
    summary: str
    lines_to_take: tuple[str, ...] = ()
    defensive_lines: tuple[str, ...] = ()
    partnerships: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.title


@dataclass(frozen=True, kw_only=True)
class Quote(Item):
    """Who said what, in which role, when, and where it was published."""

    kind: ClassVar[Kind] = "quote"
    text: str
    speaker: str
    # The person who said it (an id); `speaker` stays the text shown.
    speaker_id: str | None = None
    role: str | None = None
    organisation: str | None = None
    date: str | None = None
    language: str | None = None
    translation: str | None = None
    context: str | None = None
    partnerships: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        words = self.text.split()
        opening = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
        return f"{self.speaker}: “{opening}”"


@dataclass(frozen=True, kw_only=True)
class Person(Item):
    """Someone a minister meets: role, organisation, biography and an optional photo."""

    kind: ClassVar[Kind] = "person"
    name: str
    role: str | None = None
    organisation: str | None = None
    country: str | None = None
    # Paragraphs separated by a blank line.
    biography: str | None = None
    pronunciation: str | None = None
    languages: tuple[str, ...] = ()
    # The image file's bytes as given (JPEG or PNG, checked by briefing.photos when read).
    photo: bytes | None = field(default=None, repr=False)
    partnerships: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name


ITEM_CLASSES: dict[str, type[Item]] = {"partnership": Partnership, "priority": Priority,
                                       "quote": Quote, "person": Person}
# Fields required by DESIGN §3 for each kind, besides `id`.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "partnership": ("name", "summary"),
    "priority": ("title", "summary"),
    "quote": ("text", "speaker"),
    "person": ("name",),
}
# List-valued fields of each kind (JSON arrays; `;`-separated in XLSX).
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "partnership": ("tags", "partners", "key_facts", "priorities"),
    "priority": ("tags", "lines_to_take", "defensive_lines", "partnerships"),
    "quote": ("tags", "partnerships", "priorities"),
    "person": ("tags", "languages", "partnerships"),
}
# Date fields of each kind, ISO with the source's precision.
DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "partnership": ("established", "last_reviewed", "review_due"),
    "priority": ("last_reviewed", "review_due"),
    "quote": ("date", "last_reviewed", "review_due"),
    "person": ("last_reviewed", "review_due"),
}
# Link fields (lists of ids): which kind each names.
LINK_FIELDS: dict[str, dict[str, str]] = {
    "partnership": {"priorities": "priority"},
    "priority": {"partnerships": "partnership"},
    "quote": {"partnerships": "partnership", "priorities": "priority"},
    # Written on the person's side only: a partnership has no list of people.
    "person": {"partnerships": "partnership"},
}
# Single links (one id or None): which kind each names. Held and checked like any link.
REF_FIELDS: dict[str, dict[str, str]] = {
    "partnership": {}, "priority": {}, "quote": {"speaker_id": "person"}, "person": {},
}
# Fields an XLSX sheet never carries (an XLSX import leaves them as stored).
NOT_IN_XLSX: dict[str, tuple[str, ...]] = {
    "partnership": (), "priority": (), "quote": (), "person": ("photo",),
}


# Each kind's own fields in interchange order (between `id` and the common fields).
_OWN_FIELDS: dict[str, tuple[str, ...]] = {
    "partnership": ("name", "short_name", "partners", "established", "level", "status",
                    "summary", "key_facts", "priorities"),
    "priority": ("title", "summary", "lines_to_take", "defensive_lines", "partnerships"),
    "quote": ("text", "speaker", "speaker_id", "role", "organisation", "date", "language",
              "translation", "context", "partnerships", "priorities"),
    "person": ("name", "role", "organisation", "country", "biography", "pronunciation",
               "languages", "photo", "partnerships"),
}
# Built once: exporting asks for them once per item.
_INTERCHANGE_FIELDS = {
    kind: ("id", *own, "tags", "marking", "last_reviewed", "review_due", "sources")
    for kind, own in _OWN_FIELDS.items()
}


def interchange_fields(kind: str) -> tuple[str, ...]:
    """Field names of `kind` in interchange order (id first, sources last)."""
    return _INTERCHANGE_FIELDS[kind]


@dataclass(frozen=True, kw_only=True)
class LibraryContent:
    """A set of items in memory: an interchange file, or a pack's embedded library."""

    partnerships: tuple[Partnership, ...] = ()
    priorities: tuple[Priority, ...] = ()
    quotes: tuple[Quote, ...] = ()
    people: tuple[Person, ...] = ()

    @classmethod
    def of(cls, items: Iterable[Item]) -> LibraryContent:
        """The items sorted into their kinds, each kind in the order given."""
        items = tuple(items)
        return cls(partnerships=tuple(i for i in items if isinstance(i, Partnership)),
                   priorities=tuple(i for i in items if isinstance(i, Priority)),
                   quotes=tuple(i for i in items if isinstance(i, Quote)),
                   people=tuple(i for i in items if isinstance(i, Person)))

    def groups(self) -> tuple[tuple[Item, ...], ...]:
        """The items of each kind, in the order of KINDS."""
        return (self.partnerships, self.priorities, self.quotes, self.people)

    def items(self) -> tuple[Item, ...]:
        """All items, partnerships first."""
        return self.partnerships + self.priorities + self.quotes + self.people

    def by_key(self) -> dict[tuple[str, str], Item]:
        """Items keyed by (kind, id)."""
        return {(item.kind, item.id): item for item in self.items()}


@dataclass(frozen=True, kw_only=True)
class ItemRef:
    """A pack's reference to a library item, with the officer's note."""

    kind: Kind
    id: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class TextBlock:
    """Text the officer writes in a pack (a steer, a handling note): an optional heading,
    paragraphs separated by a blank line, and bullets. Plain text, never markup."""

    kind: ClassVar[Literal["text"]] = "text"
    title: str | None = None
    text: str | None = None
    bullets: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when it holds nothing to print (a block just added, not yet typed in)."""
        return not (self.title or self.text or self.bullets)

    def paragraphs(self) -> tuple[str, ...]:
        """The text's paragraphs: split at blank lines, each without its outer blank space."""
        if not self.text:
            return ()
        chunks = re.split(r"\n[ \t]*\n", self.text.replace("\r\n", "\n").replace("\r", "\n"))
        return tuple(chunk.strip() for chunk in chunks if chunk.strip())

    @property
    def label(self) -> str:
        """Its heading, else its first words, as shown in lists."""
        if self.title:
            return self.title
        words = (self.text or " ".join(self.bullets)).split()
        return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


# What a section holds, in order: references to library items and the officer's text blocks.
Entry = ItemRef | TextBlock


@dataclass(frozen=True, kw_only=True)
class Section:
    """A section of a pack: a title, an optional intro, and its entries (items, text) in order."""

    title: str
    intro: str | None = None
    items: tuple[Entry, ...] = ()

    def refs(self) -> tuple[ItemRef, ...]:
        """The section's library item references, text blocks left out."""
        return tuple(entry for entry in self.items if isinstance(entry, ItemRef))


@dataclass(frozen=True, kw_only=True)
class Meeting:
    """The meeting a pack is for."""

    name: str | None = None
    date: str | None = None
    location: str | None = None


@dataclass(frozen=True, kw_only=True)
class Contact:
    """Who to contact about the brief."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, kw_only=True)
class Pack:
    """A briefing pack: details, cover fields and sections of item references."""

    title: str
    sections: tuple[Section, ...] = ()
    subtitle: str | None = None
    meeting: Meeting = Meeting()
    audience: str | None = None
    author: str | None = None
    objectives: tuple[str, ...] = ()
    marking: str | None = None
    template: str | None = None
    requested_by: str | None = None
    contact: Contact = Contact()
    attendees: tuple[str, ...] = ()
    revision: str | None = None
    draft: bool = False
    library: LibraryContent | None = None

    def refs(self) -> tuple[ItemRef, ...]:
        """Every library item reference in pack order (text blocks left out)."""
        return tuple(ref for section in self.sections for ref in section.refs())
