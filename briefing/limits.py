"""Upper bounds on text: the most characters each library and pack field may hold.

One table, read by the library validator, the pack reader and the JSON schema in
`docs/library.schema.json`; a value over its bound is refused with one line naming the
field and the bound, never cut.
"""

from __future__ import annotations

# Names, titles, ids, speakers, publishers: one line of text.
SHORT = 1_000
# Summaries, notes, quote text, intros, translations: a few pages at most.
LONG = 100_000
# One entry of a list (a key fact, a line to take, a tag, an attendee).
ENTRY = 10_000
# The most entries one list field may hold.
ENTRIES = 1_000
# A URL (browsers and Office accept about 2,000; 8,000 leaves room).
URL = 8_000

# Library items: the bound of each text field (list fields: the bound of each entry).
ITEM_TEXT: dict[str, dict[str, int]] = {
    "partnership": {
        "id": SHORT, "name": SHORT, "short_name": SHORT, "established": SHORT, "level": SHORT,
        "status": SHORT, "summary": LONG, "marking": SHORT, "last_reviewed": SHORT,
        "review_due": SHORT, "tags": SHORT, "partners": SHORT, "key_facts": ENTRY,
        "priorities": SHORT,
    },
    "priority": {
        "id": SHORT, "title": SHORT, "summary": LONG, "marking": SHORT, "last_reviewed": SHORT,
        "review_due": SHORT, "tags": SHORT, "lines_to_take": ENTRY, "defensive_lines": ENTRY,
        "partnerships": SHORT,
    },
    "quote": {
        "id": SHORT, "text": LONG, "speaker": SHORT, "role": SHORT, "organisation": SHORT,
        "date": SHORT, "language": SHORT, "translation": LONG, "context": LONG,
        "marking": SHORT, "last_reviewed": SHORT, "review_due": SHORT, "tags": SHORT,
        "partnerships": SHORT, "priorities": SHORT, "speaker_id": SHORT,
    },
    "person": {
        "id": SHORT, "name": SHORT, "role": SHORT, "organisation": SHORT, "country": SHORT,
        "biography": LONG, "pronunciation": SHORT, "marking": SHORT, "last_reviewed": SHORT,
        "review_due": SHORT, "tags": SHORT, "languages": SHORT, "partnerships": SHORT,
    },
}
# A source of any item.
SOURCE_TEXT: dict[str, int] = {"title": SHORT, "publisher": SHORT, "url": URL, "date": SHORT,
                               "note": LONG}
# A person's photo: the most bytes of image data, and the most pixels a side.
PHOTO_BYTES = 2 * 2**20
PHOTO_SIDE = 4_000

# Packs: top-level fields, then those of a meeting, a contact, a section and an item reference.
PACK_TEXT: dict[str, int] = {
    "title": SHORT, "subtitle": SHORT, "audience": SHORT, "author": SHORT, "marking": SHORT,
    "template": SHORT, "requested_by": SHORT, "revision": SHORT, "objectives": ENTRY,
    "attendees": SHORT,
}
MEETING_TEXT: dict[str, int] = {"name": SHORT, "date": SHORT, "location": SHORT}
CONTACT_TEXT: dict[str, int] = {"name": SHORT, "email": SHORT, "phone": SHORT}
SECTION_TEXT: dict[str, int] = {"title": SHORT, "intro": LONG}
REF_TEXT: dict[str, int] = {"kind": SHORT, "id": SHORT, "note": LONG}
# The most sections one pack may hold, and the most item references one section may hold.
SECTIONS = 1_000
SECTION_ITEMS = 10_000


def too_long(text: str, limit: int) -> str | None:
    """The one-line message for `text` over `limit` characters; None when it fits."""
    if len(text) <= limit:
        return None
    return f"too long: {len(text):,} characters, more than the {limit:,} it may hold"


def too_many(count: int, limit: int = ENTRIES) -> str | None:
    """The one-line message for a list of `count` entries over `limit`; None when it fits."""
    if count <= limit:
        return None
    return f"too many entries: {count:,}, more than the {limit:,} it may hold"
