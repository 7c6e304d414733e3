"""The BriefingDocument: one intermediate model that every exporter renders.

The builder (`briefing.document`) turns pack + library + template into this; exporters
never reach into the library. All text here is already cleaned, formatted for readers
(dates as "26 March 2024") and chosen by the template; exporters only lay it out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Span:
    """A run of inline text; `href` is a safe external URL or '#anchor' for an internal link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 a section (or annex), 2 an item, 3 a part of an item."""

    text: str
    level: int
    anchor: str
    in_contents: bool = True


ParagraphRole = Literal["body", "intro", "note", "meta", "lead", "title"]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; role `intro` for a section intro, `note` for the officer's note,
    `meta` for small print such as the source references, `lead` for a standout line,
    `title` for the document's title where there is no cover (larger than any heading)."""

    spans: Inline
    role: ParagraphRole = "body"


ListRole = Literal["bullet", "numbered", "lines", "defensive"]


@dataclass(frozen=True)
class BulletList:
    """A list; `lines` are lines to take, `defensive` defensive lines."""

    items: tuple[Inline, ...]
    role: ListRole = "bullet"


@dataclass(frozen=True)
class FactTable:
    """An 'at a glance' table of label/value rows, without a header row."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row (repeated on each page); `widths` are relative."""

    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    widths: tuple[float, ...] | None = None


@dataclass(frozen=True)
class QuoteBlock:
    """A quote set apart, with one attribution line (speaker, role, organisation, date, source)."""

    text: str
    attribution: str
    translation: str | None = None
    # '#anchor' of the speaker's biography when the speaker is in the pack.
    speaker_href: str | None = None


@dataclass(frozen=True)
class Figure:
    """A photo (the image file's bytes, JPEG or PNG, checked when it entered the library)
    `width_mm` wide, with its alt text; `beside` are short paragraphs set to its right."""

    image: bytes = field(repr=False)
    alt: str
    width_mm: float = 30.0
    beside: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class SourceEntry:
    """One numbered entry of the sources annex; `anchor` is what '[n]' references link to."""

    number: int
    anchor: str
    spans: Inline


@dataclass(frozen=True)
class SourceList:
    """The numbered sources annex."""

    entries: tuple[SourceEntry, ...]


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = (Heading | Paragraph | BulletList | FactTable | Table | QuoteBlock | Figure | SourceList
         | PageBreak)


@dataclass(frozen=True)
class CoverField:
    """A labelled line on the cover (Meeting, Date, Requested by, ...)."""

    label: str
    value: str
    href: str | None = None


@dataclass(frozen=True)
class Cover:
    """The cover / steering note."""

    title: str
    subtitle: str | None = None
    fields: tuple[CoverField, ...] = ()
    objectives: tuple[str, ...] = ()
    logo: Path | None = None


PAGE_SIZES = ("A4", "Letter")
MARGIN_RANGE_MM = (5.0, 60.0)
BODY_SIZE_RANGE_PT = (7.0, 16.0)
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def style_colour(value: object) -> str:
    """A colour as '#RRGGBB' (upper case); ValueError saying what is allowed otherwise."""
    if not isinstance(value, str) or not _COLOUR.fullmatch(value):
        raise ValueError('must be a colour written "#RRGGBB", e.g. "#1F3864"')
    return value.upper()


def style_margins(value: object) -> tuple[float, float, float, float]:
    """One number for all sides, or four (top, right, bottom, left), each 5-60 mm."""
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    low, high = MARGIN_RANGE_MM
    if len(values) not in (1, 4) or not all(_number_in(v, low, high) for v in values):
        raise ValueError(f"must be a number of millimetres ({low:g} to {high:g}), or a list of "
                         "four: [top, right, bottom, left]")
    top, right, bottom, left = (float(v) for v in (values * 4)[:4])  # type: ignore[arg-type]  # checked numbers
    return (top, right, bottom, left)


def style_body_size(value: object) -> float:
    """The body text size in points, 7-16."""
    low, high = BODY_SIZE_RANGE_PT
    if not _number_in(value, low, high):
        raise ValueError(f"must be a number from {low:g} to {high:g}")
    return float(value)  # type: ignore[arg-type]  # a checked int or float


def style_page_size(value: object) -> str:
    """A4 or Letter, exactly."""
    if value not in PAGE_SIZES:
        raise ValueError("must be " + " or ".join(f'"{size}"' for size in PAGE_SIZES))
    return str(value)


def _number_in(value: object, low: float, high: float) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and low <= value <= high


@dataclass(frozen=True)
class Style:
    """Page and type settings taken from the template, checked and normalised here once:
    every exporter uses them as they are. These defaults are the template's defaults."""

    page_size: Literal["A4", "Letter"] = "A4"
    margins_mm: tuple[float, float, float, float] = (20.0, 20.0, 20.0, 20.0)  # top, right, bottom, left
    body_font: str = "Noto Sans"
    heading_font: str = "Noto Sans"
    east_asian_font: str = "NanumGothic"
    body_size_pt: float = 10.5
    heading_colour: str = "#1F3864"
    accent_colour: str = "#2E74B5"
    text_colour: str = "#1A1A1A"
    marking_in_header: bool = True
    marking_in_footer: bool = True
    page_numbers: bool = True
    # A heading of level 1 starts a new page (briefs); one-pagers run on.
    section_page_breaks: bool = False
    # A tighter vertical rhythm (less space around headings, notes, quotes and list
    # entries, closer lines) for notes that must fit on a page or two.
    compact: bool = False

    def __post_init__(self) -> None:
        """Refuse values no exporter can use (ValueError naming the field); normalise the rest."""
        checks = (("page_size", style_page_size), ("margins_mm", style_margins),
                  ("body_size_pt", style_body_size), ("heading_colour", style_colour),
                  ("accent_colour", style_colour), ("text_colour", style_colour))
        for name, check in checks:
            try:
                object.__setattr__(self, name, check(getattr(self, name)))
            except ValueError as exc:
                raise ValueError(f"Style.{name}: {exc}") from None


@dataclass(frozen=True)
class Properties:
    """Document properties / metadata; `category` carries the marking."""

    title: str
    author: str | None = None
    subject: str | None = None
    keywords: tuple[str, ...] = ()
    category: str | None = None
    created: dt.datetime | None = None  # from SOURCE_DATE_EPOCH, else now


@dataclass(frozen=True)
class CellLink:
    """A spreadsheet cell that is a link: shown text and a safe URL."""

    text: str
    url: str


CellValue = str | int | float | dt.date | CellLink | None
ColumnType = Literal["text", "date", "number", "link", "long"]


@dataclass(frozen=True)
class Column:
    """A register column: key, header text, type and a width hint in characters."""

    key: str
    header: str
    type: ColumnType = "text"
    width: float | None = None


@dataclass(frozen=True)
class Sheet:
    """One sheet of the Excel register; `date` columns hold ISO strings (full dates become date cells)."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[CellValue, ...], ...]


WarningCode = Literal["marking-unknown", "marking-above", "stale", "unsourced"]


@dataclass(frozen=True)
class ItemWarning:
    """One check an item failed before export, for callers that act on it (the app asks about
    marking breaches on their own); `text` is the line the command line prints."""

    kind: str
    id: str
    code: WarningCode
    text: str
    marking: str | None = None


@dataclass(frozen=True)
class BriefingDocument:
    """Everything the three exporters need, in reading order."""

    properties: Properties
    style: Style = Style()
    marking: str | None = None
    draft: bool = False
    cover: Cover | None = None
    contents: bool = False
    blocks: tuple[Block, ...] = ()
    sheets: tuple[Sheet, ...] = ()
    template_name: str | None = None
    # Settings only one format uses, by format id ("docx": the Word template to build on),
    # made by the builder from the template; each exporter reads its own entry.
    format_settings: Mapping[str, object] = field(default_factory=dict, hash=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    # The item checks among `warnings`, structured (their lines are in `warnings` too).
    item_warnings: tuple[ItemWarning, ...] = field(default=(), compare=False)

    def headings(self, max_level: int = 2) -> tuple[Heading, ...]:
        """Headings that belong in the contents, in order."""
        return tuple(
            b for b in self.blocks
            if isinstance(b, Heading) and b.in_contents and b.level <= max_level
        )

    def link_targets(self) -> tuple[str, ...]:
        """Every anchor an internal link may point to, in document order: headings and the
        entries of the sources annex."""
        anchors: list[str] = []
        for block in self.blocks:
            if isinstance(block, Heading):
                anchors.append(block.anchor)
            elif isinstance(block, SourceList):
                anchors.extend(entry.anchor for entry in block.entries)
        return tuple(anchor for anchor in anchors if anchor)
