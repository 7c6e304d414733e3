"""The Excel register: Overview, Partnerships, Priorities, Quotes, People and Sources sheets."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from briefing import dates
from briefing.docmodel import CellLink, CellValue, Column, ColumnType, Sheet
from briefing.links import safe_url
from briefing.models import Pack, TextBlock
from briefing.templates import Template
from briefing.text import clean

if TYPE_CHECKING:
    from briefing.document import Placed
    from briefing.item_blocks import SourceIndex

ITEM_SHEETS = {"partnership": "Partnerships", "priority": "Priorities", "quote": "Quotes",
               "person": "People"}
# key: (header, type, width in characters)
COLUMNS: dict[str, tuple[str, ColumnType, float]] = {
    "section": ("Section", "text", 22), "position": ("Position", "number", 9),
    "id": ("ID", "text", 24), "name": ("Name", "text", 36), "short_name": ("Short name", "text", 14),
    "partners": ("Partners", "text", 30), "established": ("Established", "date", 13),
    "level": ("Level", "text", 20), "status": ("Status", "text", 12),
    "summary": ("Summary", "long", 60), "key_facts": ("Key facts", "long", 60),
    "priorities": ("Priorities", "text", 30), "partnerships": ("Partnerships", "text", 30),
    "tags": ("Tags", "text", 20), "marking": ("Marking", "text", 14),
    "last_reviewed": ("Last reviewed", "date", 13), "review_due": ("Review due", "date", 13),
    "sources": ("Sources", "text", 12), "note": ("Note", "long", 40), "title": ("Title", "text", 40),
    "lines_to_take": ("Lines to take", "long", 60), "defensive_lines": ("Defensive lines", "long", 50),
    "text": ("Quote", "long", 60), "speaker": ("Speaker", "text", 24), "role": ("Role", "text", 30),
    "organisation": ("Organisation", "text", 26), "date": ("Date", "date", 13),
    "language": ("Language", "text", 10), "translation": ("Translation", "long", 50),
    "context": ("Context", "long", 40), "number": ("No.", "number", 6),
    "publisher": ("Publisher", "text", 30), "url": ("URL", "link", 40), "cited_by": ("Cited by", "text", 30),
    "country": ("Country", "text", 18), "biography": ("Biography", "long", 60),
    "pronunciation": ("Pronunciation", "text", 20), "languages": ("Languages", "text", 20),
}
OVERVIEW_LABELS = {
    "title": "Title", "subtitle": "Subtitle", "meeting": "Meeting", "date": "Meeting date",
    "location": "Location", "audience": "Audience", "author": "Prepared by",
    "requested_by": "Requested by", "contact": "Contact", "attendees": "Attendees",
    "objectives": "Objectives", "marking": "Marking", "revision": "Revision", "draft": "Draft",
    "template": "Template", "items": "Items",
}
# Multi-line fields become one cell, a line each; lists of names or ids are joined by "; ".
_MULTILINE = {"key_facts", "lines_to_take", "defensive_lines"}


def register_sheets(pack: Pack, placed: list[Placed], template: Template,
                   sources: SourceIndex) -> tuple[Sheet, ...]:
    """The six sheets, always, with the columns the template chooses and rows in pack order."""
    sheets = [_overview(pack, placed, template)]
    for kind, name in ITEM_SHEETS.items():
        sheets.append(_item_sheet(name, [p for p in placed if p.item.kind == kind],
                                  template.register[name], sources))
    sheets.append(_sources_sheet(template.register["Sources"], sources))
    return tuple(sheets)


def _column(key: str) -> Column:
    header, kind, width = COLUMNS[key]
    return Column(key, header, kind, width)


def _overview(pack: Pack, placed: list[Placed], template: Template) -> Sheet:
    contact = pack.contact
    counts = {kind: sum(1 for p in placed if p.item.kind == kind) for kind in ITEM_SHEETS}
    values: dict[str, Any] = {
        "title": pack.title, "subtitle": pack.subtitle, "meeting": pack.meeting.name,
        "date": _date_cell(pack.meeting.date), "location": pack.meeting.location, "audience": pack.audience,
        "author": pack.author, "requested_by": pack.requested_by,
        "contact": ", ".join(v for v in (contact.name, contact.email, contact.phone) if v),
        "attendees": "; ".join(pack.attendees), "objectives": "\n".join(pack.objectives),
        "marking": pack.marking, "revision": pack.revision, "draft": "Yes" if pack.draft else "No",
        "template": template.name,
        "items": f"{len(placed)} ({counts['partnership']} partnerships, "
                 f"{counts['priority']} priorities, {counts['quote']} quotes"
                 + (f", {counts['person']} {'person' if counts['person'] == 1 else 'people'})"
                    if counts["person"] else ")"),
    }
    texts = _text_rows(pack)
    if texts:
        values["items"] += f"; {len(texts)} text block{'s' if len(texts) > 1 else ''}"
    rows = tuple((OVERVIEW_LABELS[key], values[key]) for key in template.register["Overview"] if values[key])
    rows += texts
    columns = (Column("field", "Field", "text", 24), Column("value", "Value", "long", 90))
    return Sheet("Overview", columns, rows)


def _text_rows(pack: Pack) -> tuple[tuple[str, str], ...]:
    """One row per text block, named by its place ("Text, section 2, item 5"): its heading,
    its paragraphs (a blank line between) and its bullets, as one cell."""
    rows = []
    for s, section in enumerate(pack.sections, start=1):
        for position, entry in enumerate(section.items, start=1):
            if isinstance(entry, TextBlock) and not entry.is_empty:
                parts = [clean(entry.title)] if entry.title else []
                parts += [clean(paragraph) for paragraph in entry.paragraphs()]
                if entry.bullets:
                    parts.append("\n".join(f"• {clean(line)}" for line in entry.bullets))
                rows.append((f"Text, section {s}, item {position}", "\n\n".join(parts)))
    return tuple(rows)


def _date_cell(value: str | None) -> CellValue:
    """A full date as a date (a date cell in Excel); a year or month alone stays ISO text."""
    return (dates.to_date(value) or value) if value else None


def _item_sheet(name: str, placed: list[Placed], keys: tuple[str, ...], sources: SourceIndex) -> Sheet:
    columns = tuple(_column(key) for key in ("section", "position", *keys))
    rows = tuple(
        (p.section, p.position, *(_item_value(p, key, sources) for key in keys)) for p in placed
    )
    return Sheet(name, columns, rows)


def _item_value(p: Placed, key: str, sources: SourceIndex) -> CellValue:
    if key == "note":
        return p.ref.note
    if key == "sources":
        numbers = sorted(sources.by_item.get((p.item.kind, p.item.id), ()))
        return ", ".join(f"[{n}]" for n in numbers) or None
    value = getattr(p.item, key, None)
    if isinstance(value, tuple):
        return _joined(key, value)
    return clean(value) if isinstance(value, str) else value


def _joined(key: str, values: tuple[str, ...]) -> str | None:
    if not values:
        return None
    return ("\n" if key in _MULTILINE else "; ").join(clean(v) for v in values)


def _sources_sheet(keys: tuple[str, ...], sources: SourceIndex) -> Sheet:
    columns = tuple(_column(key) for key in keys)
    getters: dict[str, Callable[[int], CellValue]] = {
        "number": lambda n: n,
        "title": lambda n: clean(sources.entries[n - 1].title),
        "publisher": lambda n: clean(sources.entries[n - 1].publisher or "") or None,
        "date": lambda n: sources.entries[n - 1].date,
        "url": lambda n: _url_cell(sources.entries[n - 1].url),
        "cited_by": lambda n: "; ".join(f"{kind}:{item_id}" for kind, item_id in sources.cited_by[n - 1]),
    }
    rows = tuple(
        tuple(getters[key](n) for key in keys) for n in range(1, len(sources.entries) + 1)
    )
    return Sheet("Sources", columns, rows)


def _url_cell(url: str | None) -> CellValue:
    """A link only when the URL is safe; anything else is plain text, never live."""
    if not url:
        return None
    safe = safe_url(url)
    return CellLink(safe, safe) if safe else clean(url)

