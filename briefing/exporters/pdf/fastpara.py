"""A Paragraph that draws plain paragraphs with one PDF text block of its own.

Without reportlab's C accelerator, drawing is the largest cost of a layout: for every
paragraph reportlab builds text objects and formats each number through a slow
pure-Python routine. Most paragraphs of a brief are "simple": left aligned, no box,
underline or inline image; one font run (reportlab's kind 0) or several (kind 1: bold or
Hangul words, links such as "[1]" or a cross reference). For those, `draw` writes the same
operators itself (see textops.py): each line at the place reportlab would put it, in the
same font subset bytes, with the same bullet and the same link rectangles. Everything
else goes to reportlab's own drawing. Tests compare the two on text, glyph positions and
links.
"""

from __future__ import annotations

from reportlab import rl_config
from reportlab.lib.enums import TA_LEFT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefing.exporters.pdf.textops import TextBlock, plain_lines, plain_rgb, run_lines


class FastParagraph(Paragraph):
    """reportlab's Paragraph, with a quick way to draw simple paragraphs.

    Subclasses add their own marks (rules, squares, bookmarks) in `decorate`, which draws
    relative to the paragraph's bottom left corner, so simple paragraphs of every kind skip
    the canvas state save and translation that reportlab's drawOn costs.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Lines for the width, broken once per width: a table wraps every cell again
        when it draws it, and a paragraph moved to the next page is wrapped again."""
        cached = self.__dict__.get("_wrapped")
        # split() drops the lines when the paragraph must move on whole: wrap anew then.
        if cached is not None and cached[0] == availWidth and "blPara" in self.__dict__:
            return cached[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        """Draw at (x, y)."""
        if getattr(self, "hAlign", "LEFT") == "LEFT" and self._is_simple():
            self._draw_simple(canvas, x, y)
            self.decorate(canvas, x, y)
        else:
            super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        """Draw at the origin (reportlab has translated the canvas)."""
        if self._is_simple():
            self._draw_simple(self.canv, 0, 0)
        else:
            super().draw()
        self.decorate(self.canv, 0, 0)

    def decorate(self, canv: Canvas, x: float, y: float) -> None:
        """Draw what the subclass adds, with the paragraph's bottom left at (x, y)."""

    def _is_simple(self) -> bool:
        bl = getattr(self, "blPara", None)
        if bl is None or not bl.lines:
            return False
        style = self.style
        return (style.alignment == TA_LEFT and not style.backColor and not style.borderWidth
                and not style.endDots and not getattr(style, "autoLeading", "")
                and not getattr(self, "_offsets", None)
                and (self.bulletText is None or isinstance(self.bulletText, str))
                and plain_rgb(getattr(style, "bulletColor", None) or style.textColor)
                and (_plain_run(bl) if bl.kind == 0
                     else all(_plain_run(run) for line in bl.lines for run in line.words)))

    def _draw_simple(self, canv: Canvas, dx: float, dy: float) -> None:
        """Write the paragraph's text with its bottom left corner at (dx, dy)."""
        bl, style = self.blPara, self.style
        first = bl if bl.kind == 0 else bl.lines[0]
        top = dy + self.height - (first.fontSize if rl_config.paraFontSizeHeightOffset
                                  else getattr(first, "ascent", first.fontSize))
        block = TextBlock(canv)
        offset = style.firstLineIndent
        if self.bulletText:
            offset = self._bullet(block, dx, top, offset)
        x0 = dx + style.leftIndent
        if bl.kind == 0:
            plain_lines(block, bl, style, x0, x0 + offset, top)
        else:
            run_lines(block, bl.lines, style, x0, x0 + offset, top)
        block.close()

    def _bullet(self, block: TextBlock, dx: float, top: float, offset: float) -> float:
        """Draw the bullet as reportlab places it; returns the first line's offset."""
        style, bullet = self.style, self.bulletText
        block.colour(getattr(style, "bulletColor", None) or style.textColor)
        block.move(dx + style.bulletIndent, top)
        block.show(bullet, style.bulletFontName, style.bulletFontSize)
        block.reset_font()
        end = (style.bulletIndent + stringWidth(bullet, style.bulletFontName, style.bulletFontSize)
               + style.bulletFontSize * 0.6)
        return max(offset, end - style.leftIndent)


def _plain_run(run: object) -> bool:
    """True for a run (or a kind 0 paragraph) drawn with nothing but its text and links:
    no underline or strike, background, raised text or inline image."""
    return (not getattr(run, "us_lines", None) and not getattr(run, "backColor", None)
            and not getattr(run, "rise", 0) and not hasattr(run, "cbDefn")
            and plain_rgb(getattr(run, "textColor", None)))
