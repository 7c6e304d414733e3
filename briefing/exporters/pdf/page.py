"""What every page carries (marking, title, page X of Y, DRAFT watermark) and the canvas
that holds pages back until the page count is known."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas

from briefing.exporters.pdf import canvas_text
from briefing.exporters.pdf.annotations import LinkMaker
from briefing.exporters.pdf.fonts import ScriptSplitter
from briefing.exporters.pdf.styles import GREY, WATERMARK, Palette
from briefing.exporters.pdf.textops import TextBlock

Finisher = Callable[[Canvas, int, int], None]
ContentsDrawer = Callable[[Canvas, int], None]  # (canvas, page): draws contents if it is theirs


@dataclass
class PageGeometry:
    """Page size and the body frame inside the margins, in points."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float

    @property
    def frame(self) -> tuple[float, float, float, float]:
        """The body frame as (x, y, width, height)."""
        return (self.left, self.bottom, self.width - self.left - self.right,
                self.height - self.top - self.bottom)


class PageDecorator:
    """Draws the furniture of every page, cover and contents included.

    `on_page` runs as each page starts; `finish` runs at save time, when "Page X of Y" and
    the contents' page numbers are known. The DRAFT watermark is drawn last, translucent,
    so shaded table cells cannot hide it.
    """

    def __init__(self, geometry: PageGeometry, palette: Palette, splitter: ScriptSplitter, *,
                 marking: str | None, header: bool, footer: bool, page_numbers: bool,
                 draft: bool, title: str) -> None:
        self.g = geometry
        self.p = palette
        self.header, self.footer = header, footer
        self.page_numbers = page_numbers
        self.draft = draft
        self.draw_contents: ContentsDrawer | None = None
        self.size = palette.body_size - 1.5
        # The lines are the same on every page: fit them once. The marking keeps the
        # middle 40% of the frame; the title gets what is left of the left half.
        frame_width = geometry.width - geometry.left - geometry.right
        self.marking: canvas_text.Runs = ()
        if marking and marking.strip():
            self.marking = canvas_text.fit(splitter, marking, palette.body_bold, self.size + 0.5,
                                           frame_width * 0.4, bold=True)
        middle = canvas_text.width(self.marking, self.size + 0.5) if footer else 0
        self.title = canvas_text.fit(splitter, title, palette.body_font, self.size - 0.5,
                                     frame_width / 2 - middle / 2 - 12)
        self._furniture: str | None = None

    def on_page(self, canv: Canvas, _doc: Any = None) -> None:
        """Marking in header and footer, and the title at the foot (the same operators on
        every page: made once)."""
        if self._furniture is None:
            self._furniture = self._furniture_ops(canv)
        canv.addLiteral(self._furniture)

    def _furniture_ops(self, canv: Canvas) -> str:
        block = TextBlock(canv)
        centre, size = self.g.width / 2, self.size + 0.5
        block.colour(self.p.heading)
        if self.marking and self.header:
            canvas_text.show(block, centre, self._header_y(), self.marking, size, "centre")
        if self.marking and self.footer:
            canvas_text.show(block, centre, self._footer_y(), self.marking, size, "centre")
        block.colour(GREY)
        canvas_text.show(block, self.g.left, self._footer_y(), self.title, self.size - 0.5)
        return block.text()

    def finish(self, canv: Canvas, page: int, total: int) -> None:
        """At save time: the contents on their pages, and "Page X of Y"."""
        if self.draw_contents is not None:
            self.draw_contents(canv, page)
        if self.page_numbers:
            block = TextBlock(canv)
            block.colour(GREY)
            runs = ((self.p.body_font, f"Page {page} of {total}"),)
            canvas_text.show(block, self.g.width - self.g.right, self._footer_y(), runs,
                             self.p.body_size - 2, "right")
            block.close()
        if self.draft:
            self._watermark(canv)

    def _header_y(self) -> float:
        return self.g.height - max(self.g.top * 0.5, 14)

    def _footer_y(self) -> float:
        return max(self.g.bottom * 0.5 - 3, 10)

    def _watermark(self, canv: Canvas) -> None:
        canv.saveState()
        canv.setFillColor(WATERMARK)
        canv.setFillAlpha(0.16)
        canv.translate(self.g.width / 2, self.g.height / 2)
        canv.rotate(math.degrees(math.atan2(self.g.height, self.g.width)))
        size = min(self.g.width, self.g.height) * 0.26
        canv.setFont(self.p.body_bold, size)
        canv.drawCentredString(0, -size * 0.35, "DRAFT")
        canv.restoreState()


class DeferredCanvas(LinkMaker, Canvas):
    """A canvas that keeps finished pages until save(), then lets `finish(canvas, page,
    total)` add what needs the page count, before writing each page out.

    This is reportlab's "numbered canvas" recipe: page states are kept, not laid out
    again, so it costs no second layout pass.
    """

    def __init__(self, *args: Any, finish: Finisher | None = None,
                 created: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self._finish = finish
        self._first_page_counter = self._doc.pageCounter
        if created is not None:
            self._doc._timeStamp = _timestamp(created)

    def _escape(self, s: bytes | str) -> str:
        """PDF string escaping at C speed (reportlab's pure-Python one loops per byte)."""
        if isinstance(s, bytes):
            s = s.decode("latin-1")
        return s.translate(_PDF_ESCAPES)

    def showPage(self) -> None:
        """Hold the page back instead of writing it."""
        self._held.append(dict(self.__dict__))
        # Bookmarks made on the next page must name the next page object, as they
        # would had this page been written now.
        self._doc.pageCounter += 1
        self._startPage()

    def save(self) -> None:
        """Finish every held page now that the total is known, then write the file."""
        if self._code:  # a page still being drawn is the last page
            self.showPage()
        held, total = self._held, len(self._held)
        self._doc.pageCounter = self._first_page_counter  # pages are now added for real
        for state in held:
            # Annotation names come from a running count, which must not rewind.
            annotations = self._annotationCount
            self.__dict__.update(state)
            self._annotationCount = annotations
            if self._finish is not None:
                self._finish(self, self._pageNumber, total)
            Canvas.showPage(self)
        held.clear()
        Canvas.save(self)


def _pdf_escape(code: int) -> str:
    """How one byte is written inside a PDF string: octal for controls and non-ASCII,
    a backslash before parentheses and backslash (as reportlab's escapePDF does)."""
    if code < 32 or code >= 127:
        return f"\\{code:03o}"
    if chr(code) in "\\()":
        return "\\" + chr(code)
    return chr(code)


_PDF_ESCAPES = {code: _pdf_escape(code) for code in range(256)}


def _timestamp(created: dt.datetime) -> TimeStamp:
    """A reportlab TimeStamp for the document's own creation time (UTC)."""
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    stamp = TimeStamp(invariant=True)
    stamp.t = created.timestamp()
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp
