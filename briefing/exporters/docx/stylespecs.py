"""The Word styles a brief uses, described once: names, ids and how each looks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StyleSpec:
    """One style; sizes scale the body size, spacing is in points, indents in twips."""

    key: str
    name: str  # Word's own (internal) name, compared case-insensitively
    style_id: str
    kind: str = "paragraph"
    custom: bool = False
    based_on: str | None = "normal"  # key of another spec
    font: str = "body"
    scale: float = 1.0
    bold: bool = False
    italic: bool = False
    colour: str = "text"
    before: float = 0
    after: float = 6
    line: float = 1.15
    keep_next: bool = False
    outline: int | None = None
    left: int = 0
    right: int = 0
    hanging: int = 0
    border: tuple[str, str, int, int] | None = None  # side, colour key, eighths of a point, space
    fill: str | None = None
    numbering: str | None = None  # list role whose numbering the style carries
    tab: int | None = None
    letter_spacing: int = 0  # twentieths of a point


_QUOTE_BAR = ("left", "accent", 18, 8)

SPECS: tuple[StyleSpec, ...] = (
    StyleSpec("normal", "Normal", "Normal", based_on=None),
    StyleSpec("title", "Title", "Title", font="heading", scale=2.3, bold=True, colour="heading",
              after=6, line=1.0, keep_next=True),
    StyleSpec("subtitle", "Subtitle", "Subtitle", font="heading", scale=1.35, colour="accent",
              after=20, line=1.0),
    StyleSpec("h1", "heading 1", "Heading1", font="heading", scale=1.5, bold=True,
              colour="heading", before=18, after=8, line=1.0, keep_next=True, outline=0,
              border=("bottom", "accent", 6, 3)),
    StyleSpec("h2", "heading 2", "Heading2", font="heading", scale=1.2, bold=True,
              colour="heading", before=14, after=4, line=1.0, keep_next=True, outline=1),
    StyleSpec("h3", "heading 3", "Heading3", font="heading", scale=1.0, bold=True,
              colour="accent", before=10, after=3, line=1.0, keep_next=True, outline=2),
    StyleSpec("list_bullet", "List Bullet", "ListBullet", after=3, numbering="bullet"),
    StyleSpec("list_number", "List Number", "ListNumber", after=3, numbering="numbered"),
    StyleSpec("line", "Line To Take", "LineToTake", custom=True, after=5, numbering="lines"),
    StyleSpec("defensive", "Defensive Line", "DefensiveLine", custom=True, italic=True,
              after=4, numbering="defensive"),
    StyleSpec("quote", "Quote", "Quote", italic=True, scale=1.05, colour="heading", before=8,
              after=3, left=340, right=340, keep_next=True, border=_QUOTE_BAR),
    StyleSpec("translation", "Quote Translation", "QuoteTranslation", custom=True, scale=0.92,
              colour="muted", after=3, left=340, right=340, keep_next=True, border=_QUOTE_BAR),
    StyleSpec("attribution", "Attribution", "Attribution", custom=True, scale=0.86,
              colour="muted", before=2, after=12, left=340, right=340),
    # An intro opens its section: never left alone at the foot of a page.
    StyleSpec("intro", "Intro", "Intro", custom=True, scale=1.05, colour="muted", after=10,
              keep_next=True),
    StyleSpec("lead", "Lead", "Lead", custom=True, scale=1.1, bold=True, colour="heading",
              after=8),
    # A note may open an item (one-pagers): it stays with what it is about.
    StyleSpec("note", "Note", "Note", custom=True, scale=0.92, before=4, after=8, left=140,
              right=140, border=("left", "accent", 12, 6), fill="note_fill", keep_next=True),
    StyleSpec("caption", "caption", "Caption", scale=0.82, colour="muted", after=8),
    StyleSpec("toc_heading", "TOC Heading", "TOCHeading", font="heading", scale=1.5, bold=True,
              colour="heading", after=12, line=1.0, outline=9),
    StyleSpec("toc1", "toc 1", "TOC1", bold=True, colour="heading", before=6, after=2),
    StyleSpec("toc2", "toc 2", "TOC2", after=2, left=284),
    StyleSpec("header", "header", "Header", scale=0.82, colour="muted", after=0, line=1.0),
    StyleSpec("footer", "footer", "Footer", scale=0.82, colour="muted", after=0, line=1.0),
    StyleSpec("table_text", "Table Text", "TableText", custom=True, scale=0.92, after=0,
              line=1.1),
    StyleSpec("source", "Source Entry", "SourceEntry", custom=True, scale=0.92, after=4,
              left=454, hanging=454, tab=454),
    StyleSpec("cover_heading", "Cover Heading", "CoverHeading", custom=True, font="heading",
              scale=1.1, bold=True, colour="heading", before=20, after=6, keep_next=True),
    StyleSpec("marking", "Marking", "Marking", custom=True, font="heading", bold=True,
              colour="heading", after=36, letter_spacing=30),
    StyleSpec("hyperlink", "Hyperlink", "Hyperlink", kind="character", based_on=None,
              colour="accent"),
    StyleSpec("table", "Briefing Table", "BriefingTable", kind="table", custom=True,
              based_on=None),
)

SPEC_BY_KEY = {spec.key: spec for spec in SPECS}
