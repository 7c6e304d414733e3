"""Builds the one BriefingDocument from pack + library + template, for every exporter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from briefing import dates
from briefing.docmodel import (
    Block,
    BriefingDocument,
    BulletList,
    Cover,
    CoverField,
    Heading,
    ItemWarning,
    Paragraph,
    Properties,
    SourceList,
    Span,
    WarningCode,
)
from briefing.errors import ValidationError
from briefing.exporters import DocxSettings
from briefing.item_blocks import ItemBlocks, SourceIndex
from briefing.links import safe_url
from briefing.lookup import ItemLookup, ItemSource
from briefing.markings import Markings
from briefing.models import PACK_KINDS, Item, ItemRef, LibraryContent, Pack, TextBlock
from briefing.register import register_sheets
from briefing.template_files import logo_problem
from briefing.templates import Template
from briefing.text import clean

# Item fields that show linked items (by title, or quoted in full).
LINK_PARTS = frozenset({"priorities", "partnerships", "quotes"})
COVER_LABELS = {
    "meeting": "Meeting", "date": "Date", "location": "Location", "audience": "Audience",
    "requested_by": "Requested by", "contact": "Contact", "attendees": "Attendees",
    "author": "Prepared by", "revision": "Revision",
}


@dataclass(frozen=True)
class Placed:
    """An item as placed in the pack: its section, position in it, reference and anchor."""

    section_index: int
    section: str
    position: int
    ref: ItemRef
    item: Item
    anchor: str


def build_document(
    pack: Pack,
    lookup: ItemLookup | ItemSource | LibraryContent,
    template: Template,
    *,
    today: dt.date | None = None,
    markings: Markings | None = None,
    origin: str = "pack",
) -> BriefingDocument:
    """The document for `pack`; ValidationError names every item the library lacks."""
    lookup = lookup if isinstance(lookup, ItemLookup) else ItemLookup(lookup)
    # Every item and every link the document shows, in a few queries rather than one each.
    lookup.prefetch(((ref.kind, ref.id) for ref in pack.refs()), follow=_linking_kinds(template))
    placed = place_items(pack, lookup, origin)
    sources = SourceIndex()
    blocks = _body(pack, placed, lookup, template, sources)
    shown = _shown_items(placed, lookup, template)
    notes: list[str] = []
    checks = check_items(shown, pack.marking, today or dates.today(), markings or Markings())
    return BriefingDocument(
        properties=_properties(pack, placed),
        style=template.style,
        marking=pack.marking,
        draft=pack.draft,
        cover=_cover(pack, template, notes) if template.cover else None,
        contents=template.contents,
        blocks=blocks,
        sheets=register_sheets(pack, placed, template, sources),
        template_name=template.name,
        format_settings={"docx": DocxSettings(reference=template.reference_docx)},
        warnings=(*notes, *(w.text for w in checks)),
        item_warnings=tuple(checks),
    )


def _linking_kinds(template: Template) -> set[str]:
    """The kinds whose items show what they link to, under this template."""
    return {kind for kind in PACK_KINDS if not set(template.fields(kind)).isdisjoint(LINK_PARTS)}


def place_items(pack: Pack, lookup: ItemLookup, origin: str = "pack") -> list[Placed]:
    """Every pack item resolved, with a unique anchor; one error naming every missing id."""
    placed: list[Placed] = []
    missing: list[str] = []
    anchors: set[str] = set()
    for s, section in enumerate(pack.sections):
        for i, ref in enumerate(section.items):
            if isinstance(ref, TextBlock):
                continue  # the officer's own text: counted in positions, never looked up
            item = lookup.get(ref.kind, ref.id)
            if item is None:
                missing.append(f"{origin}:sections[{s}].items[{i}]: {ref.kind} {ref.id!r} "
                               "is not in the library")
                continue
            anchor = _unique(f"item-{ref.kind}-{ref.id}", anchors)
            placed.append(Placed(s, section.title, i + 1, ref, item, anchor))
    if missing:
        raise ValidationError(missing)
    return placed


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor, 1
    while candidate in taken:
        n += 1
        candidate = f"{anchor}-{n}"
    taken.add(candidate)
    return candidate


def _body(pack: Pack, placed: list[Placed], lookup: ItemLookup, template: Template,
          sources: SourceIndex) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if not template.cover:
        blocks.extend(_title_block(pack, template))
        if pack.objectives:
            blocks.append(Heading("Objectives", 1, "objectives"))
            blocks.append(BulletList(tuple((Span(line),) for line in pack.objectives), role="numbered"))
    # First placement wins.
    anchors: dict[tuple[str, str], str] = {(p.item.kind, p.item.id): p.anchor for p in reversed(placed)}
    items = ItemBlocks(lookup, template, sources, anchors)
    at = {(p.section_index, p.position): p for p in placed}
    for index, section in enumerate(pack.sections):
        blocks.append(Heading(section.title, 1, f"sec-{index + 1}"))
        if section.intro:
            blocks.append(Paragraph((Span(section.intro),), role="intro"))
        for position, entry in enumerate(section.items, start=1):
            if isinstance(entry, TextBlock):
                blocks.extend(text_blocks(entry, f"text-{index + 1}-{position}"))
            elif (p := at.get((index, position))) is not None:
                blocks.extend(items.blocks(p.item, p.anchor, p.ref.note))
    # The annex only where items refer to it: every template's register numbers the sources.
    if sources.entries and any("sources" in template.fields(p.item.kind) for p in placed):
        blocks.append(Heading("Sources", 1, "sources"))
        blocks.append(SourceList(sources.source_entries()))
    return tuple(blocks)


def text_blocks(block: TextBlock, anchor: str) -> list[Block]:
    """The officer's text block: its heading at the level of an item's, paragraphs, bullets.

    Plain text throughout: whatever it holds is shown as typed, never read as markup.
    """
    blocks: list[Block] = []
    if block.title:
        blocks.append(Heading(clean(block.title), 2, anchor))
    blocks.extend(Paragraph((Span(clean(paragraph)),)) for paragraph in block.paragraphs())
    if block.bullets:
        blocks.append(BulletList(tuple((Span(clean(line)),) for line in block.bullets)))
    return blocks


def _title_block(pack: Pack, template: Template) -> list[Block]:
    """Without a cover the body opens with the title, the subtitle and one line of details."""
    blocks: list[Block] = [Paragraph((Span(pack.title),), role="title")]
    if pack.subtitle:
        blocks.append(Paragraph((Span(pack.subtitle),), role="intro"))
    spans: list[Span] = []
    for n, field in enumerate(_cover_fields(pack, template.cover_fields)):
        spans.append(Span(("" if n == 0 else " · ") + f"{field.label}: ", bold=True))
        spans.append(Span(field.value, href=field.href))
    if spans:
        blocks.append(Paragraph(tuple(spans), role="meta"))
    return blocks


def _cover(pack: Pack, template: Template, warnings: list[str]) -> Cover:
    """The cover; a logo that cannot be shown is left out, with one warning."""
    logo = template.logo
    problem = logo_problem(logo) if logo is not None else None
    if problem is not None:
        warnings.append(problem)
        logo = None
    return Cover(
        title=pack.title,
        subtitle=pack.subtitle,
        fields=_cover_fields(pack, template.cover_fields),
        objectives=pack.objectives,
        logo=logo,
    )


def _cover_fields(pack: Pack, names: Iterable[str]) -> tuple[CoverField, ...]:
    contact = pack.contact
    values = {
        "meeting": pack.meeting.name,
        "date": dates.for_readers(pack.meeting.date),
        "location": pack.meeting.location,
        "audience": pack.audience,
        "requested_by": pack.requested_by,
        "contact": ", ".join(v for v in (contact.name, contact.email, contact.phone) if v),
        "attendees": "; ".join(pack.attendees),
        "author": pack.author,
        "revision": pack.revision,
    }
    email_link = safe_url(f"mailto:{contact.email}") if contact.email else None
    return tuple(
        CoverField(COVER_LABELS[name], value, email_link if name == "contact" else None)
        for name in names if (value := values[name])
    )


def _properties(pack: Pack, placed: list[Placed]) -> Properties:
    meeting = pack.meeting
    subject = ", ".join(v for v in (meeting.name, meeting.location, dates.for_readers(meeting.date)) if v)
    keywords: dict[str, str] = {}
    for p in placed:
        for tag in p.item.tags:
            keywords.setdefault(tag.casefold(), clean(tag))
    return Properties(
        title=pack.title,
        author=pack.author,
        subject=subject or None,
        keywords=tuple(keywords.values()),
        category=pack.marking,
        created=dates.build_time(),
    )


def _shown_items(placed: list[Placed], lookup: ItemLookup, template: Template) -> list[Item]:
    """Every item whose content the document shows: the pack's, and quotes shown with them."""
    shown: dict[tuple[str, str], Item] = {}
    for p in placed:
        shown.setdefault((p.item.kind, p.item.id), p.item)
        if p.item.kind != "quote" and "quotes" in template.fields(p.item.kind):
            for quote in lookup.linked(p.item, "quote"):
                shown.setdefault(("quote", quote.id), quote)
    return list(shown.values())


def check_items(items: Iterable[Item], pack_marking: str | None, today: dt.date,
                markings: Markings) -> list[ItemWarning]:
    """Warnings to give before export: markings above the pack's, stale and unsourced items."""
    warnings: list[ItemWarning] = []
    for item in items:
        name = f"{item.kind} {item.id!r}"

        def warn(code: WarningCode, text: str, item: Item = item) -> None:
            warnings.append(ItemWarning(item.kind, item.id, code, text, item.marking))

        if not markings.is_known(item.marking):
            warn("marking-unknown", f"{name} has the marking {item.marking!r}, which is not on the markings scale")
        elif markings.is_known(pack_marking) and markings.is_above(item.marking, pack_marking):
            warn("marking-above", f"{name} is marked {item.marking}, above the pack's marking "
                                  f"({pack_marking or 'none'})")
        if item.review_due and dates.is_iso(item.review_due) and dates.is_past(item.review_due, today):
            warn("stale", f"{name} was due for review on {dates.for_readers(item.review_due)}")
        if item.is_unsourced:
            warn("unsourced", f"{name} has no sources")
    return warnings
