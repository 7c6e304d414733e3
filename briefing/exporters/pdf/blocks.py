"""BriefingDocument blocks -> reportlab flowables, one renderer method per block type."""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Iterable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Table, TableStyle

from briefing import docmodel as dm
from briefing.exporters.pdf import chunks
from briefing.exporters.pdf.figures import figure_flowables
from briefing.exporters.pdf.flowables import (
    AnchoredParagraph,
    HeadingMarks,
    HeadingParagraph,
    JoinedRuledParagraph,
    RuledParagraph,
    SquareBulletParagraph,
)
from briefing.exporters.pdf.markup import MarkupWriter, cell
from briefing.exporters.pdf.styles import RULE, SHADE, Palette


class BlockRenderer:
    """Turns blocks into flowables for a frame of the given size."""

    def __init__(self, styles: dict[str, ParagraphStyle], palette: Palette,
                 markup: MarkupWriter, frame_width: float, frame_height: float) -> None:
        self.s = styles
        self.p = palette
        self.m = markup
        self.width = frame_width
        self.height = frame_height
        self.headings: list[HeadingMarks] = []  # every heading, in order
        self._anchors: set[str] = set()
        self._render: dict[type, Callable[[Any], list[Flowable]]] = {
            dm.Heading: self.heading, dm.Paragraph: self.paragraph,
            dm.BulletList: self.bullets, dm.FactTable: self.facts, dm.Table: self.table,
            dm.QuoteBlock: self.quote, dm.SourceList: self.sources, dm.Figure: self.figure,
        }  # PageBreak blocks are handled by render()

    def render(self, blocks: Iterable[dm.Block], *, section_breaks: bool) -> list[Flowable]:
        """Flowables for `blocks`, which start on a fresh page; no blank pages are made."""
        out: list[Flowable] = []
        at_page_start = True
        for block in blocks:
            is_break = isinstance(block, dm.PageBreak)
            if (is_break or (section_breaks and isinstance(block, dm.Heading)
                             and block.level == 1)) and not at_page_start:
                out.append(PageBreak())
                at_page_start = True
            if is_break:
                continue
            out.extend(self._render[type(block)](block))
            at_page_start = False
        return out

    def heading(self, block: dm.Heading) -> list[Flowable]:
        """A heading of level 1-3 (deeper levels look like 3), with its link target."""
        level = min(max(block.level, 1), 3)
        style = self.s[f"h{level}"]
        text = chunks.title_text(block.text)
        parts = self.m.text_paragraphs(text, style, HeadingParagraph, bold=True,
                                       width=self.width)
        flowable = parts[0]
        flowable.key = len(self.headings)
        # Every heading needs a destination of its own for the outline and the contents.
        flowable.anchor = self._claim(block.anchor) or f"_heading-{flowable.key}"
        flowable.level = block.level
        flowable.title = block.text
        flowable.in_contents = block.in_contents
        flowable.max_height = self.height
        self.headings.append(flowable)
        # Start a new page unless the heading, a second line of it and about four lines
        # of what follows still fit (three in a compact one-pager): no heading is left
        # alone at the foot of a page.
        lines_after = 3 if self.p.compact else 4
        room = style.spaceBefore + style.leading * 2 + self.s["body"].leading * lines_after
        return [CondPageBreak(room), *parts]

    def _claim(self, anchor: str) -> str | None:
        """`anchor` if no earlier block took it (a destination name must be unique)."""
        if not anchor or anchor in self._anchors:
            return None
        self._anchors.add(anchor)
        return anchor

    def paragraph(self, block: dm.Paragraph) -> list[Flowable]:
        """A paragraph in the style of its role."""
        style = self.s.get(block.role, self.s["body"])
        spans = block.spans
        if block.role == "title":
            spans = tuple(dataclasses.replace(s, text=chunks.title_text(s.text)) for s in spans)
        return self.m.inline_paragraphs(spans, style, bold=block.role in ("lead", "title"),
                                        width=self.width)

    def bullets(self, block: dm.BulletList) -> list[Flowable]:
        """A list: bullets, numbers, square-marked lines to take or defensive lines."""
        role = block.role if block.role in self.s else "bullet"
        style = self.s[role]
        out: list[Flowable] = []
        para = functools.partial(self.m.inline_paragraphs, width=self.width)
        for n, item in enumerate(block.items, start=1):
            if role == "numbered":
                out += para(item, style, bullet=f"{n}.")
            elif role == "lines":
                out += para(item, style, SquareBulletParagraph, bullet=" ")
            else:
                out += para(item, style, bullet="–" if role == "defensive" else "•")
        return out

    def facts(self, block: dm.FactTable) -> list[Flowable]:
        """An 'at a glance' table: shaded label column, values wrapped."""
        if not block.rows:
            return []
        label_w = min(self.width * 0.3, 150.0)
        para = self.m.text_paragraphs
        label_in, value_in = label_w - _CELL_PADDING, self.width - label_w - _CELL_PADDING
        data = [[cell(para(label, self.s["fact_label"], bold=True, width=label_in)),
                 cell(para(value, self.s["cell"], width=value_in))] for label, value in block.rows]
        table = Table(data, colWidths=(label_w, self.width - label_w), splitInRow=1,
                      hAlign="LEFT", spaceBefore=2, spaceAfter=self.p.body_size * 0.9)
        table.setStyle(TableStyle([
            *self._grid(),
            ("BACKGROUND", (0, 0), (0, -1), SHADE),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, self.p.heading),
        ]))
        return [table]

    def table(self, block: dm.Table) -> list[Flowable]:
        """A table with a repeated, shaded header row; columns fill the frame."""
        columns = len(block.header) or max((len(r) for r in block.rows), default=0)
        if columns == 0:
            return []
        widths = self._widths(block.widths, columns)
        inner = [w - _CELL_PADDING for w in widths]
        header = [cell(self.m.text_paragraphs(h, self.s["cell_header"], bold=True, width=w))
                  for h, w in zip(_fit(list(block.header), columns, ""), inner)]
        rows = [[cell(self.m.inline_paragraphs(spans, self.s["cell"], width=w))
                 for spans, w in zip(_fit(list(row), columns, ()), inner)] for row in block.rows]
        table = Table([header, *rows], colWidths=widths,
                      repeatRows=1, splitInRow=1, hAlign="LEFT", spaceBefore=4,
                      spaceAfter=self.p.body_size * 0.9)
        table.setStyle(TableStyle([
            *self._grid(),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.p.heading),
        ]))
        return [table]

    def _widths(self, relative: tuple[float, ...] | None, columns: int) -> list[float]:
        if (not relative or len(relative) != columns
                or not all(0 < w < math.inf for w in relative)):  # also refuses NaN
            relative = (1.0,) * columns
        total = sum(relative)
        return [self.width * w / total for w in relative]

    def _grid(self) -> list[tuple]:
        # FONTNAME is set although every cell is a Paragraph: a plain-string cell would
        # otherwise fall back to unembedded Helvetica.
        return [
            ("FONTNAME", (0, 0), (-1, -1), self.p.body_font),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
            ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING / 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING / 2),
        ]

    def quote(self, block: dm.QuoteBlock) -> list[Flowable]:
        """A quote set apart by a rule and indent, then its translation and attribution.

        Paragraphs, not a table cell, so a very long quote splits across pages.
        """
        para = functools.partial(self.m.text_paragraphs, width=self.width)
        out: list[Flowable] = [*para(block.text, self.s["quote"], RuledParagraph, italic=True)]
        if block.translation:
            out += para(block.translation, self.s["translation"], JoinedRuledParagraph)
        if block.attribution and block.speaker_href:
            spans = (dm.Span("— "), dm.Span(block.attribution, href=block.speaker_href))
            out += self.m.inline_paragraphs(spans, self.s["attribution"], JoinedRuledParagraph)
        elif block.attribution:
            out += para("— " + block.attribution, self.s["attribution"], JoinedRuledParagraph)
        return out

    def figure(self, block: dm.Figure) -> list[Flowable]:
        """A photo, with its short paragraphs beside it."""
        return figure_flowables(block, self.m, self.s, self.width, self.p.body_size * 0.9)

    def sources(self, block: dm.SourceList) -> list[Flowable]:
        """The numbered sources annex; each entry is the target of its '[n]' links."""
        out: list[Flowable] = []
        for entry in block.entries:
            parts = self.m.inline_paragraphs(entry.spans, self.s["source"], AnchoredParagraph,
                                             bullet=f"[{entry.number}]", width=self.width)
            parts[0].anchor = self._claim(entry.anchor)
            out += parts
        return out


_CELL_PADDING = 10.0  # left and right padding of a table cell together: its text is narrower


def _fit(cells: list, columns: int, empty: object) -> list:
    """Pad or cut a row to the number of columns."""
    return (cells + [empty] * columns)[:columns]
