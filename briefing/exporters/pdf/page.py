"""What every page carries (marking, title, page X of Y, DRAFT watermark), and the canvas
that fills in what needs the page count when the document is saved."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from reportlab.pdfgen.canvas import Canvas

from briefing.exporters.pdf import canvas_text
from briefing.exporters.pdf.fonts import ScriptSplitter
from briefing.exporters.pdf.styles import GREY, WATERMARK, Palette

Finisher = Callable[[Canvas, int], None]  # (canvas, total pages) at save time


class Contents(Protocol):
    """The contents pages, as the page decorator needs them."""

    count: int  # how many contents pages there are

    def index_of(self, page: int) -> int | None:
        """Which contents page `page` is (None for any other page)."""

    def draw_links(self, canv: Canvas, index: int) -> None:
        """The links of contents page `index`, while that page is drawn."""

    def draw_form(self, canv: Canvas, index: int) -> None:
        """The entries of contents page `index`, with page numbers, at save time."""


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


def _page_number_form(page: int) -> str:
    return f"pageno{page}"


def contents_form(index: int) -> str:
    """The name of the form holding contents page `index`."""
    return f"contents{index}"


class PageDecorator:
    """Draws the furniture of every page, cover and contents included.

    `on_page` runs as each page starts, `on_page_end` once its body is drawn. What needs
    the page count ("Page X of Y", the contents' page numbers) is drawn by reference to a
    form (reportlab's `doForm`) that `finish` defines when the document is saved, so the
    document is laid out once. The DRAFT watermark is drawn last, translucent, so shaded
    table cells cannot hide it.
    """

    def __init__(self, geometry: PageGeometry, palette: Palette, splitter: ScriptSplitter, *,
                 marking: str | None, header: bool, footer: bool, page_numbers: bool,
                 draft: bool, title: str) -> None:
        self.g = geometry
        self.p = palette
        self.header, self.footer = header, footer
        self.page_numbers = page_numbers
        self.draft = draft
        self.contents: Contents | None = None
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

    def on_page(self, canv: Canvas, _doc: Any = None) -> None:
        """Marking in header and footer, and the title at the foot."""
        centre, size = self.g.width / 2, self.size + 0.5
        if self.marking and self.header:
            canvas_text.draw(canv, centre, self._header_y(), self.marking, size, self.p.heading,
                             "centre")
        if self.marking and self.footer:
            canvas_text.draw(canv, centre, self._footer_y(), self.marking, size, self.p.heading,
                             "centre")
        canvas_text.draw(canv, self.g.left, self._footer_y(), self.title, self.size - 0.5, GREY)

    def on_page_end(self, canv: Canvas, _doc: Any = None) -> None:
        """The contents (on their pages), the place of "Page X of Y", the watermark."""
        page = canv.getPageNumber()
        index = None if self.contents is None else self.contents.index_of(page)
        if self.contents is not None and index is not None:
            self.contents.draw_links(canv, index)
            canv.doForm(contents_form(index))
        if self.page_numbers:
            canv.doForm(_page_number_form(page))
        if self.draft:
            self._watermark(canv)

    def finish(self, canv: Canvas, total: int) -> None:
        """At save time: the forms the pages refer to, now that the total is known."""
        if self.contents is not None:
            for index in range(self.contents.count):
                canv.beginForm(contents_form(index))
                self.contents.draw_form(canv, index)
                canv.endForm()
        if self.page_numbers:
            for page in range(1, total + 1):
                canv.beginForm(_page_number_form(page))
                runs = ((self.p.body_font, f"Page {page} of {total}"),)
                canvas_text.draw(canv, self.g.width - self.g.right, self._footer_y(), runs,
                                 self.p.body_size - 2, GREY, "right")
                canv.endForm()

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


class FinishingCanvas(Canvas):
    """A canvas that counts its pages and, when saved, lets `finish(canvas, total)` define
    what the pages refer to but could not know while they were drawn; the creation date is
    the document's own."""

    def __init__(self, *args: Any, finish: Finisher | None = None,
                 created: dt.datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages_shown = 0
        self._finish = finish
        if created is not None:
            stamp = pdf_date(created)
            self.setDateFormatter(lambda *_: stamp)

    def showPage(self) -> None:
        """End the page, counting it."""
        self.pages_shown += 1
        super().showPage()

    def save(self) -> None:
        """Define the forms the pages refer to, then write the file."""
        if self._finish is not None:
            self._finish(self, self.pages_shown)
        super().save()


def pdf_date(created: dt.datetime) -> str:
    """A PDF date string for `created` in UTC (a naive time is taken as UTC)."""
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return created.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
