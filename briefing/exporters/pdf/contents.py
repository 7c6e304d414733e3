"""The contents pages, with page numbers, from ONE layout of the document.

Every entry is exactly one line (a long heading is cut with "…"), so the number of
contents pages follows from the number of headings before anything is laid out. The
layout reserves that many pages (one ContentsMarker each), the body is laid out once while
the document template records the page of every heading, and the deferred canvas draws
these pages at save time, when all the numbers are known. No second layout pass
(reportlab's multiBuild repeats the whole layout until the numbers settle).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from briefing.exporters.pdf import canvas_text
from briefing.exporters.pdf.flowables import HeadingParagraph
from briefing.exporters.pdf.fonts import ScriptSplitter
from briefing.exporters.pdf.markup import MarkupWriter
from briefing.exporters.pdf.styles import GREY, Palette
from briefing.exporters.pdf.textops import TextBlock


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

    def __init__(self, headings: list[HeadingParagraph], palette: Palette,
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

    def _line(self, heading: HeadingParagraph) -> Line:
        b = self.palette.body_size
        top = heading.level <= 1
        font = self.palette.heading_font if top else self.palette.body_font
        size = b if top else b - 0.5
        indent = 0.0 if top else 14.0
        room = self.width - indent - self.number_width - 10
        runs = canvas_text.fit(self.splitter, heading.title, font, size, room, bold=top)
        return Line(heading.key, heading.anchor, runs, font, size, b * (2.0 if top else 1.6),
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

    def draw_page(self, canv: Canvas, index: int, page_of: dict[int, int]) -> None:
        """Draw contents page `index`; entries link to their headings."""
        top = self.y + self.height
        if index == 0:
            _, th = self.title.wrapOn(canv, self.width, self.height)
            self.title.drawOn(canv, self.x, top - th)
            top -= self.title_height
        for line in self.pages[index]:
            top -= line.height
            self._draw_line(canv, line, top + (line.height - line.size) * 0.35,
                            page_of.get(line.key))

    def _draw_line(self, canv: Canvas, line: Line, y: float, page: int | None) -> None:
        block = TextBlock(canv)
        block.colour(self.palette.heading if line.indent == 0 else self.palette.text)
        end = canvas_text.show(block, self.x + line.indent, y, line.runs, line.size)
        if page is None:
            block.close()
            return
        right = self.x + self.width
        number = ((line.font, str(page)),)
        block.reset_font()  # a run of its own for text extractors, as the entry is
        canvas_text.show(block, right, y, number, line.size, "right")
        block.close()
        start = right - canvas_text.width(number, line.size)
        if start - end - 12 >= 6:  # room for a leader, 6 pt clear of the text either side
            canv.addLiteral(_leader(end + 6, start - 6, y))
        canv.linkAbsolute("", line.anchor, Rect=(self.x, y - 3, right, y + line.size),
                          thickness=0)


def _leader(x1: float, x2: float, y: float) -> str:
    """A dotted leader from the entry to its page number (round dots: a round cap on
    dashes of almost no length)."""
    return (f"q {fp_str(GREY.red, GREY.green, GREY.blue)} RG 0.9 w 1 J [0.01 3.2] 0 d "
            f"{fp_str(x1, y + 1)} m {fp_str(x2, y + 1)} l S Q")
