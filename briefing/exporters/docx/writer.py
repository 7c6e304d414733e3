"""The body writer: paragraphs and inline spans as markup, links and bookmarks resolved."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from briefing.docmodel import Span
from briefing.exporters.docx.fields import Bookmarks
from briefing.exporters.docx.markup import esc_attr, run
from briefing.exporters.docx.numbering import Numbering
from briefing.exporters.docx.palette import WordPalette
from briefing.exporters.docx.styles import StyleSheet
from briefing.exporters.docx.stylespecs import SPEC_BY_KEY
from briefing.links import safe_url

if TYPE_CHECKING:
    from docx.opc.part import Part

HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
SPACE_AFTER_TABLE = 160  # twentieths of a point: 8 pt between a table and what follows


class Links:
    """External link relationships, one per distinct URL, added without python-docx's scans."""

    def __init__(self, part: Part) -> None:
        self._part = part
        self.part = part  # the document part: figures add their images to it
        self._by_url: dict[str, str] = {}
        numbers = [int(rid[3:]) for rid in part.rels if rid.startswith("rId") and rid[3:].isdigit()]
        self._next = max(numbers, default=0) + 1

    def rel_id(self, url: str) -> str:
        """The relationship id of an external hyperlink to `url` (already checked safe)."""
        rid = self._by_url.get(url)
        if rid is None:
            while f"rId{self._next}" in self._part.rels:
                self._next += 1
            rid = f"rId{self._next}"
            self._next += 1
            self._part.rels.add_relationship(HYPERLINK_REL, url, rid, is_external=True)
            self._by_url[url] = rid
        return rid


class BodyWriter:
    """Collects the body's markup in reading order, as text (see markup.py for why)."""

    def __init__(self, styles: StyleSheet, numbering: Numbering, links: Links,
                 bookmarks: Bookmarks, palette: WordPalette) -> None:
        self.out: list[str] = []
        self.styles = styles
        self.numbering = numbering
        self.links = links
        self.bookmarks = bookmarks
        self.palette = palette
        self._link_style = styles.id("hyperlink")
        self._ppr: dict[tuple[object, ...], str] = {}
        self._pending_break = False
        self._page_has_content = False
        self._after_table = False

    def request_page_break(self) -> None:
        """Start the next paragraph or table on a new page, unless this page is still empty."""
        if self._page_has_content:
            self._pending_break = True
            self._page_has_content = False

    def paragraph(self, key: str, spans: Iterable[Span] = (), *, cell: bool = False,
                  keep_next: bool = False, num_id: str | None = None, anchor: str | None = None, bold: bool = False, colour: str | None = None,
                  link_style: bool = True, before: str = "", after: str = "") -> None:
        """Write one paragraph in style `key`; `anchor` bookmarks its first span, `before` and
        `after` are raw markup (field characters) around the spans."""
        body = not cell
        out = self.out
        out.append("<w:p>")
        # After a table, room above unless the style already gives as much (headings).
        space_above = (body and self._after_table
                       and SPEC_BY_KEY[key].before * 20 < SPACE_AFTER_TABLE)
        out.append(self._paragraph_props(
            key, keep_next, body and self._pending_break, num_id, space_above))
        out.append(before)
        start, end = self.bookmarks.markup(anchor) if anchor else ("", "")
        for index, span in enumerate(spans):
            if index == 0:
                out.append(start)
            out.append(self._span(span, bold, colour, link_style))
            if index == 0:
                out.append(end)
        out.append(after)
        out.append("</w:p>")
        if body:
            self._placed(table=False)

    def raw(self, markup: str) -> None:
        """Append markup made elsewhere in this package (tables, drawings)."""
        self.out.append(markup)

    def before_table(self) -> None:
        """Prepare for a table: a pending page break, and no two tables touching."""
        if self._pending_break or self._after_table:
            # Word joins adjacent tables and ignores page breaks inside cells, so a tiny
            # paragraph carries the break (or keeps the tables apart).
            self._after_table = False
            break_before = "<w:pageBreakBefore/>" if self._pending_break else ""
            self.out.append(f'<w:p><w:pPr>{break_before}<w:spacing w:before="0" w:after="0" '
                            'w:line="40" w:lineRule="exact"/></w:pPr></w:p>')
        self._placed(table=True)

    def finish(self) -> None:
        """Close the body: Word needs a paragraph after a final table."""
        if self._after_table:
            self.paragraph("normal")

    def markup(self) -> str:
        """Everything written so far, as one string of body markup (w: and r: prefixes)."""
        return "".join(self.out)

    def _paragraph_props(self, key: str, keep_next: bool, page_break: bool,
                         num_id: str | None, space_before: bool) -> str:
        cache_key = (key, keep_next, page_break, num_id, space_before)
        cached = self._ppr.get(cache_key)
        if cached is None:
            inner = "".join((
                f'<w:pStyle w:val="{esc_attr(self.styles.id(key))}"/>' if key != "normal" else "",
                "<w:keepNext/>" if keep_next else "",
                "<w:pageBreakBefore/>" if page_break else "",
                f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
                if num_id else "",
                f'<w:spacing w:before="{SPACE_AFTER_TABLE}"/>' if space_before else "",
            ))
            cached = self._ppr[cache_key] = f"<w:pPr>{inner}</w:pPr>" if inner else ""
        return cached

    def _span(self, span: Span, bold: bool, colour: str | None, link_style: bool) -> str:
        """A run, or a hyperlink around it for a safe URL or a known '#anchor'."""
        href = span.href
        opening = self._hyperlink(href) if href else None
        if opening is None:
            return run(span.text, bold=bold or span.bold, italic=span.italic, colour=colour)
        style = self._link_style if link_style else None
        inner = run(span.text, style=style, bold=bold or span.bold, italic=span.italic,
                    colour=None if link_style else colour)
        return f"{opening}{inner}</w:hyperlink>"

    def _hyperlink(self, href: str) -> str | None:
        if href.startswith("#"):
            name = self.bookmarks.name(href[1:])
            return None if name is None else f'<w:hyperlink w:anchor="{name}" w:history="1">'
        url = safe_url(href)
        if url is None:
            return None
        return f'<w:hyperlink r:id="{self.links.rel_id(url)}" w:history="1">'

    def _placed(self, *, table: bool) -> None:
        self._pending_break = False
        self._page_has_content = True
        self._after_table = table
