"""Custom flowables: headings that report themselves, square bullets, ruled quotes, markers.

Paragraph subclasses keep splitting across pages: reportlab builds the parts of a split
paragraph with `self.__class__`, so behaviour set on the class survives the split.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from briefing.exporters.pdf.fastpara import FastParagraph


class AnchoredParagraph(FastParagraph):
    """A paragraph that is the target of internal links and bookmarks.

    The destination is set when the paragraph is drawn, not with an `<a name>` tag: a tag
    glued to the first word stops reportlab from breaking an over-long word.
    """

    anchor: str | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Split as a paragraph; the first part keeps the anchor."""
        parts = super().split(availWidth, availHeight)
        if parts and parts[0] is not self:
            parts[0].anchor = self.anchor
        return parts

    def decorate(self, canv: Canvas, x: float, y: float) -> None:
        """Mark the destination at the top of the paragraph."""
        if self.anchor:
            canv.bookmarkHorizontal(self.anchor, x, y + self.height)


class HeadingParagraph(AnchoredParagraph):
    """A heading; the document template records its page and adds it to the outline."""

    key = -1  # position among the document's headings
    level = 0
    title = ""
    in_contents = False
    max_height = 0.0  # the frame height: a heading taller than that may split

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Move a heading whole to the next page rather than break it across two."""
        if self.max_height and self.height <= self.max_height:
            return []
        parts = super().split(availWidth, availHeight)
        if parts and parts[0] is not self:
            for name in ("key", "level", "title", "in_contents"):
                setattr(parts[0], name, getattr(self, name))
        return parts

    def decorate(self, canv: Canvas, x: float, y: float) -> None:
        """The destination, and the rule under a level 1 heading."""
        super().decorate(canv, x, y)
        if self.level == 1:
            canv.addLiteral(_line(self.style.textColor, 0.8, x, y - 3, x + self.width, y - 3))


class SquareBulletParagraph(FastParagraph):
    """A list item with a small filled square as its bullet (Noto has no U+25A0 glyph);
    the square takes the style's bullet colour."""

    def decorate(self, canv: Canvas, x: float, y: float) -> None:
        """The square beside the first line (not on continued parts)."""
        if not self.bulletText:
            return
        style = self.style
        size = style.fontSize * 0.36
        bottom = y + self.height - style.fontSize + style.fontSize * 0.17
        canv.addLiteral(f"q {_colour(style.bulletColor)} rg "
                        f"{fp_str(x + style.bulletIndent, bottom, size, size)} re f Q")


class RuledParagraph(FastParagraph):
    """A paragraph of a quote: a vertical rule runs down its left side.

    `joins_above` extends the rule over the space before it, so the rule of a quote, its
    translation and its attribution reads as one line. The rule takes the bullet colour
    (the accent) of the style, which split parts share.
    """

    joins_above = False

    def decorate(self, canv: Canvas, x: float, y: float) -> None:
        """The rule down the left side."""
        top = self.height + (self.style.spaceBefore if self.joins_above else 0)
        canv.addLiteral(_line(self.style.bulletColor, 2.2, x + 2, y, x + 2, y + top))


class JoinedRuledParagraph(RuledParagraph):
    """A translation or attribution line continuing the quote's rule."""

    joins_above = True


def _colour(colour: Color) -> str:
    """An RGB colour's three components, as reportlab writes them."""
    return fp_str(colour.red, colour.green, colour.blue)


def _line(colour: Color, width: float, x1: float, y1: float, x2: float, y2: float) -> str:
    """Operators stroking one line in its own graphics state (cheaper than reportlab's
    saveState, which copies the canvas's whole Python-side state)."""
    return f"q {_colour(colour)} RG {fp_str(width)} w {fp_str(x1, y1)} m {fp_str(x2, y2)} l S Q"


class ContentsMarker(Flowable):
    """Zero-size placeholder standing for one page of the contents, drawn after layout."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Takes no space."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Nothing: the contents are drawn once every heading's page is known."""
