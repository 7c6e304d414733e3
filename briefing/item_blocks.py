"""The blocks of one library item in a brief, as its template says, and the numbered sources."""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing import dates
from briefing.docmodel import (
    Block,
    BulletList,
    FactTable,
    Figure,
    Heading,
    Inline,
    ListRole,
    Paragraph,
    QuoteBlock,
    SourceEntry,
    Span,
)
from briefing.links import safe_url
from briefing.lookup import ItemLookup
from briefing.models import PACK_KINDS, Item, Partnership, Person, Priority, Quote, Source
from briefing.templates import Template
from briefing.text import clean

Key = tuple[str, str]
# Level-3 headings inside an item, by template field name.
PART_HEADINGS = {
    "key_facts": "Key facts", "priorities": "Priorities", "partnerships": "Partnerships",
    "quotes": "Quotes", "lines_to_take": "Lines to take", "defensive_lines": "Defensive lines",
}
# Fields after whose text the source references run on, as "... text. [1], [2]", when the
# template puts "sources" straight after them: a citation there reads as the source of that
# text. After anything else (a list of linked items, a note) they keep a line of their own.
# How each list field is set: lines to take and defensive lines have styles of their own.
LIST_ROLES: dict[str, ListRole] = {"lines_to_take": "lines", "defensive_lines": "defensive"}
RUN_ON_AFTER = frozenset({"summary", "lines_to_take"})
# Lists that need no heading when they are all an item shows (a one-pager's priorities: the
# lines to take under the priority's own heading). Defensive lines always say what they are.
SELF_EVIDENT_LISTS = frozenset({"lines_to_take", "key_facts"})
# A person's one-line fields set beside the photo when the template puts them straight after it.
BESIDE_PHOTO = frozenset({"role", "pronunciation", "languages"})
PHOTO_WIDTH_MM = 30.0
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A person shown with their role alone (beside a note, sources) takes one line:
# "Name — role, organisation", as a one-pager lists who is at the table.
ONE_LINE_PERSON = frozenset({"role", "note", "sources"})


def reader_date(value: str | None) -> str:
    """A date as readers see it ("26 March 2024"); text that is not a date stays as it is."""
    try:
        return dates.for_readers(value)
    except ValueError:
        return value or ""


class SourceIndex:
    """Sources numbered in order of first appearance; the same source keeps one number."""

    def __init__(self) -> None:
        self.entries: list[Source] = []
        # Insertion-ordered dicts used as sets: a source may be cited by thousands of items.
        self.cited_by: list[dict[Key, None]] = []
        self._numbers: dict[tuple[str, str | None, str | None, str | None], int] = {}
        self.by_item: dict[Key, dict[int, None]] = {}

    def cite(self, source: Source, item: Item) -> int:
        """The number of `source`, cited by `item` (numbered when first met)."""
        key = (source.title.strip(), _strip(source.publisher), _strip(source.date), _strip(source.url))
        number = self._numbers.get(key)
        if number is None:
            self.entries.append(source)
            self.cited_by.append({})
            number = self._numbers[key] = len(self.entries)
        self.cited_by[number - 1][(item.kind, item.id)] = None
        self.by_item.setdefault((item.kind, item.id), {})[number] = None
        return number

    def source_entries(self) -> tuple[SourceEntry, ...]:
        """The annex entries: title (a link when its URL is safe), publisher, date, URL."""
        return tuple(SourceEntry(n, f"src-{n}", source_spans(source))
                     for n, source in enumerate(self.entries, start=1))


def source_spans(source: Source) -> Inline:
    """One source for the annex: title (a link when its URL is safe), details and the URL.

    An unsafe URL (javascript: and the like) is shown as typed but never linked, as in
    the Excel register: the reader sees what the library holds, and nothing runs.
    """
    url = safe_url(source.url)
    details = [v for v in (source.publisher, reader_date(source.date)) if v]
    spans = [Span(clean(source.title), href=url),
             Span(". " + ", ".join(clean(d) for d in details) + "." if details else ".")]
    shown = url or clean(source.url or "")
    if shown.strip():
        spans += [Span(" "), Span(shown, href=url)]
    return tuple(spans)


def _strip(value: str | None) -> str | None:
    return value.strip() if value else None


def heading_text(item: Item) -> str:
    """An item's heading: a partnership's name (and short name), a priority's title, a quote's
    speaker, a person's name."""
    if isinstance(item, Partnership):
        short = item.short_name
        return item.name + (f" ({short})" if short and short not in item.name else "")
    if isinstance(item, Quote):
        when = reader_date(item.date)
        return item.speaker + (f", {when}" if when else "")
    return item.label


def attribution(quote: Quote) -> str:
    """One line: speaker, role, organisation, date, source."""
    source = quote.sources[0].title if quote.sources else None
    parts = (quote.speaker, quote.role, quote.organisation, reader_date(quote.date), source)
    return ", ".join(clean(p) for p in parts if p)


class ItemBlocks:
    """Turns one item into blocks, field by field in the template's order."""

    def __init__(self, lookup: ItemLookup, template: Template, sources: SourceIndex,
                 anchors: dict[Key, str]) -> None:
        self.lookup = lookup
        self.template = template
        self.sources = sources
        self.anchors = anchors
        self._untitled = {kind: _lone_list(template.fields(kind)) for kind in PACK_KINDS}
        person_fields = template.fields("person")
        self._one_line = "role" in person_fields and set(person_fields) <= ONE_LINE_PERSON
        # Quotes shown in full under an item (→ that item's anchor), so they are not repeated.
        self._shown_under: dict[Key, str] = {}
        self._in_full: list[Quote] = []
        self._render: dict[str, Callable[[Item, str, str, str | None], list[Block]]] = {
            "glance": self._glance, "summary": self._summary, "key_facts": self._lines,
            "lines_to_take": self._lines, "defensive_lines": self._lines,
            "priorities": self._links, "partnerships": self._links, "quotes": self._quotes,
            "text": self._quote_text, "context": self._context, "note": self._note,
            "sources": self._source_refs, "photo": self._photo, "role": self._role,
            "biography": self._biography, "pronunciation": self._labelled,
            "languages": self._labelled,
        }

    def blocks(self, item: Item, anchor: str, note: str | None) -> list[Block]:
        """The item's heading, then each field its template shows."""
        fields = self.template.fields(item.kind)
        self._in_full = self._quotes_in_full(item, anchor) if "quotes" in fields else []
        # Cited even where the template shows no references: the register numbers them.
        self._cite(item)
        heading = heading_text(item)
        if self._one_line and isinstance(item, Person):
            heading = " — ".join(p for p in (heading, ", ".join(_present(item.role, item.organisation))) if p)
            fields = tuple(name for name in fields if name != "role")
        blocks: list[Block] = [Heading(clean(heading), 2, anchor)]
        last = None  # the field just before in the template, if it gave the last block
        for name in fields:
            rendered = self._render[name](item, name, anchor, note)
            if name == "sources" and rendered and last in RUN_ON_AFTER:
                blocks[-1] = _run_on(blocks[-1], rendered[0])
                continue
            figure = blocks[-1]
            if name in BESIDE_PHOTO and isinstance(figure, Figure) and last is not None:
                paragraphs = tuple(b for b in rendered if isinstance(b, Paragraph))
                blocks[-1] = Figure(figure.image, figure.alt, figure.width_mm, figure.beside + paragraphs)
                continue
            blocks.extend(rendered)
            last = name if rendered else None
        return blocks

    def _quotes_in_full(self, item: Item, anchor: str) -> list[Quote]:
        """Linked quotes shown in full here: not pack items, and not shown in full before."""
        if item.kind == "quote":
            return []
        full = []
        for quote in self.lookup.linked(item, "quote"):
            key = (quote.kind, quote.id)
            if key not in self.anchors and key not in self._shown_under and isinstance(quote, Quote):
                self._shown_under[key] = anchor
                full.append(quote)
        return full

    def _cite(self, item: Item) -> None:
        # Numbered when the item is met, so numbers follow the reading order.
        for source in item.sources:
            self.sources.cite(source, item)
        for quote in self._in_full:
            for source in quote.sources:
                self.sources.cite(source, item)

    @staticmethod
    def _part(name: str, anchor: str) -> Heading:
        part = name.replace("_", "-")
        return Heading(PART_HEADINGS[name], 3, f"{part}-{anchor.removeprefix('item-')}",
                       in_contents=False)

    def _glance(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        assert isinstance(item, Partnership)
        rows = (("Partners", "; ".join(item.partners)), ("Established", reader_date(item.established)),
                ("Level", item.level or ""), ("Status", item.status or ""))
        kept = tuple((label, clean(value)) for label, value in rows if value)
        return [FactTable(kept)] if kept else []

    def _summary(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        assert isinstance(item, (Partnership, Priority))
        return [Paragraph((Span(clean(item.summary)),))]

    def _lines(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        lines = getattr(item, name)
        if not lines:
            return []
        listed = BulletList(tuple((Span(clean(line)),) for line in lines), role=LIST_ROLES.get(name, "bullet"))
        return [listed] if self._untitled[item.kind] == name else [self._part(name, anchor), listed]

    def _links(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        kind = "priority" if name == "priorities" else "partnership"
        linked = self.lookup.linked(item, kind)
        if not linked:
            return []
        entries = tuple(
            (Span(clean(heading_text(other)), href=_internal(self.anchors.get((other.kind, other.id)))),)
            for other in linked
        )
        return [self._part(name, anchor), BulletList(entries)]

    def _quotes(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        """Quotes in full the first time; where shown elsewhere, a line linking to them."""
        quotes = self.lookup.linked(item, "quote")
        if not quotes:
            return []
        elsewhere: list[Inline] = []
        for quote in quotes:
            if quote not in self._in_full:
                key = (quote.kind, quote.id)
                target = self.anchors.get(key) or self._shown_under.get(key)
                elsewhere.append((Span(clean(quote.label), href=_internal(target)),))
        blocks: list[Block] = [self._part(name, anchor),
                               *(self._quote_block(q, anchor) for q in self._in_full)]
        return blocks + ([BulletList(tuple(elsewhere))] if elsewhere else [])

    def _quote_text(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        assert isinstance(item, Quote)
        return [self._quote_block(item, anchor)]

    def _quote_block(self, quote: Quote, anchor: str) -> QuoteBlock:
        """The quote set apart; its attribution links to the speaker's biography, when the
        speaker is in the pack (and this is not that biography)."""
        target = self.anchors.get(("person", quote.speaker_id)) if quote.speaker_id else None
        translation = clean(quote.translation) if quote.translation else None
        href = _internal(target) if target != anchor else None
        return QuoteBlock(clean(quote.text), attribution(quote), translation, href)

    def _photo(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        assert isinstance(item, Person)
        return [Figure(item.photo, clean(item.name), PHOTO_WIDTH_MM)] if item.photo else []

    def _role(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        """Role, organisation and country on one line."""
        assert isinstance(item, Person)
        parts = _present(item.role, item.organisation)
        # "Ministry of ..., Republic of Korea" already names the country.
        if item.country and item.country.strip() not in (item.organisation or ""):
            parts += _present(item.country)
        return [Paragraph((Span(", ".join(parts), italic=True),))] if parts else []

    def _biography(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        """The biography, a paragraph for each run of text between blank lines."""
        assert isinstance(item, Person)
        paragraphs = (p.strip() for p in _BLANK_LINE.split(clean(item.biography or "")))
        return [Paragraph((Span(p),)) for p in paragraphs if p]

    def _labelled(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        """A one-line field with its label: "Pronunciation: ...", "Languages: a, b"."""
        value = getattr(item, name)
        text = ", ".join(clean(v) for v in value) if isinstance(value, tuple) else clean(value or "")
        if not text.strip():
            return []
        return [Paragraph((Span(f"{name.capitalize()}: ", bold=True), Span(text)))]

    def _context(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        context = getattr(item, "context", None)
        return [Paragraph((Span("Context: ", bold=True), Span(clean(context))))] if context else []

    def _note(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        return [Paragraph((Span("Note: ", bold=True), Span(clean(note))), role="note")] if note else []

    def _source_refs(self, item: Item, name: str, anchor: str, note: str | None) -> list[Block]:
        numbers = sorted(self.sources.by_item.get((item.kind, item.id), ()))
        if not numbers:
            return []
        spans: list[Span] = [Span("Sources: " if len(numbers) > 1 else "Source: ")]
        for n, number in enumerate(numbers):
            spans += [Span(", ")] if n else []
            spans.append(Span(f"[{number}]", href=f"#src-{number}"))
        return [Paragraph(tuple(spans), role="meta")]


def _run_on(block: Block, refs: Block) -> Block:
    """`block` (a summary or a list of lines) with the references of `refs` at its end."""
    assert isinstance(refs, Paragraph)
    tail = (Span(" "), *refs.spans[1:])  # without the "Source: " label
    if isinstance(block, BulletList):
        return BulletList((*block.items[:-1], block.items[-1] + tail), role=block.role)
    assert isinstance(block, Paragraph)
    return Paragraph(block.spans + tail, role=block.role)


def _lone_list(fields: tuple[str, ...]) -> str | None:
    """The list an item shows without a heading: a self-evident list that is its only part."""
    parts = [name for name in fields if name in PART_HEADINGS]
    return parts[0] if len(parts) == 1 and parts[0] in SELF_EVIDENT_LISTS else None


def _present(*values: str | None) -> list[str]:
    """The values given (not None, not blank), cleaned."""
    return [clean(v) for v in values if v and v.strip()]


def _internal(anchor: str | None) -> str | None:
    return f"#{anchor}" if anchor else None
