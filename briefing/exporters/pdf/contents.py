"""The contents pages, with page numbers, from ONE layout of the document.

Every entry is exactly one line (a long heading is cut with "…"), so the number of
contents pages follows from the number of headings before anything is laid out. The
layout reserves that many pages (one ContentsMarker each) and puts the entries' links on
them; the body is laid out once while the document template records the page of every
heading; each contents page shows a form (reportlab's `doForm`) that is drawn when the
document is saved, when all the numbers are known. No second layout pass (reportlab's
multiBuild repeats the whole layout until the numbers settle).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from briefing.exporters.pdf import canvas_text
from briefing.exporters.pdf.flowables import HeadingMarks
from briefing.exporters.pdf.fonts import ScriptSplitter
from briefing.exporters.pdf.markup import MarkupWriter
from briefing.exporters.pdf.styles import GREY, Palette


@dataclass(frozen=True)
class Line:
    """One contents entry laid out: its text cut to fit, as (font, text) runs."""

    key: int  # the heading's position, whose page the layout records
    anchor: str  # the heading's destination
    runs: canvas_text.Runs
    font: str  # for the page number
    size: float
    height: float
    indent: float


class ContentsPlan:
    """Which entries go on which contents page, and how to draw one page."""

    def __init__(self, headings: list[HeadingMarks], palette: Palette,
                 title_style: ParagraphStyle, markup: MarkupWriter,
                 box: tuple[float, float, float, float]) -> None:
        self.palette = palette
        self.splitter: ScriptSplitter = markup.splitter
        self.x, self.y, self.width, self.height = box  # the frame: left, bottom, width, height
        self.title = markup.paragraph(markup.text("Contents", bold=True), title_style)
        _, th = self.title.wrap(self.width, self.height)
        self.title_height = th + title_style.spaceAfter
        self.number_width = stringWidth("0000", palette.heading_font, palette.body_size) + 6
        self.pages = self._paginate([self._line(h) for h in headings])

    def _line(self, heading: HeadingMarks) -> Line:
        b = self.palette.body_size
        top = heading.level <= 1
        font = self.palette.heading_font if top else self.palette.body_font
        size = b if top else b - 0.5
        indent = 0.0 if top else 14.0
        room = self.width - indent - self.number_width - 10
        runs = canvas_text.fit(self.splitter, heading.title, font, size, room, bold=top)
        return Line(heading.key, heading.anchor or "", runs, font, size, b * (2.0 if top else 1.6),
                    indent)

    def _paginate(self, lines: list[Line]) -> list[list[Line]]:
        pages: list[list[Line]] = [[]]
        room = self.height - self.title_height
        for line in lines:
            if line.height > room and pages[-1]:
                pages.append([])
                room = self.height
            pages[-1].append(line)
            room -= line.height
        return pages

    def _placed(self, index: int) -> Iterator[tuple[Line, float]]:
        """The entries of contents page `index` with their baselines."""
        top = self.y + self.height - (self.title_height if index == 0 else 0)
        for line in self.pages[index]:
            top -= line.height
            yield line, top + (line.height - line.size) * 0.35

    def draw_links(self, canv: Canvas, index: int) -> None:
        """Each entry of contents page `index` links to its heading (defined later)."""
        right = self.x + self.width
        for line, y in self._placed(index):
            canv.linkAbsolute("", line.anchor, Rect=(self.x, y - 3, right, y + line.size),
                              thickness=0)

    def draw_page(self, canv: Canvas, index: int, page_of: dict[int, int]) -> None:
        """Draw contents page `index`: the title, then each entry and its page number."""
        if index == 0:
            _, th = self.title.wrapOn(canv, self.width, self.height)
            self.title.drawOn(canv, self.x, self.y + self.height - th)
        for line, y in self._placed(index):
            self._draw_line(canv, line, y, page_of.get(line.key))

    def _draw_line(self, canv: Canvas, line: Line, y: float, page: int | None) -> None:
        colour = self.palette.heading if line.indent == 0 else self.palette.text
        end = canvas_text.draw(canv, self.x + line.indent, y, line.runs, line.size, colour)
        if page is None:
            return
        right = self.x + self.width
        number = ((line.font, str(page)),)
        start = right - canvas_text.width(number, line.size)
        canvas_text.draw(canv, start, y, number, line.size, colour)
        if start - end - 12 >= 6:  # room for a leader, 6 pt clear of the text either side
            _leader(canv, end + 6, start - 6, y)


class ContentsPages:
    """The contents as the page decorator draws them: which pages they are on (recorded
    by the layout) and the page of every heading (known when the document is saved)."""

    def __init__(self, plan: ContentsPlan, pages: list[int], page_of: dict[int, int]) -> None:
        self.plan = plan
        self.count = len(plan.pages)
        self._pages = pages  # page of contents page i, filled in as the layout goes
        self._page_of = page_of  # heading key -> page

    def index_of(self, page: int) -> int | None:
        """Which contents page `page` is (None for any other page)."""
        return self._pages.index(page) if page in self._pages else None

    def draw_links(self, canv: Canvas, index: int) -> None:
        """The links of contents page `index`."""
        self.plan.draw_links(canv, index)

    def draw_form(self, canv: Canvas, index: int) -> None:
        """Contents page `index` with its page numbers."""
        self.plan.draw_page(canv, index, self._page_of)


def _leader(canv: Canvas, x1: float, x2: float, y: float) -> None:
    """A dotted leader from the entry to its page number (round dots: a round cap on
    dashes of almost no length)."""
    canv.saveState()
    canv.setStrokeColor(GREY)
    canv.setLineWidth(0.9)
    canv.setLineCap(1)
    canv.setDash([0.01, 3.2], 0)
    canv.line(x1, y + 1, x2, y + 1)
    canv.restoreState()
