"""Custom flowables: headings that report themselves, square bullets, ruled quotes, markers.

Paragraph subclasses keep splitting across pages: reportlab builds the parts of a split
paragraph with `self.__class__`, so behaviour set on the class survives the split. Marks
(rules, squares, destinations) are drawn in `decorate`, after the text, on a canvas
reportlab has moved to the flowable's bottom left corner. The marks are mixins, shared by
the paragraph classes and by their one-line counterparts (lines.py), which draw text that
fits on one line without reportlab's line breaking.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.geomutils import normalizeTRBL
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph


class Marks:
    """What a flowable draws besides its text; the flowable provides `style`, `width`,
    `height` and `bulletText` as reportlab's Paragraph does."""

    style: Any
    width: float
    height: float
    bulletText: Any = None

    def decorate(self, canv: Canvas) -> None:
        """Draw what the subclass adds; (0, 0) is the flowable's bottom left corner."""


class AnchorMarks(Marks):
    """The target of internal links and bookmarks.

    The destination is set when the text is drawn, not with an `<a name>` tag: a tag
    glued to the first word stops reportlab from breaking an over-long word.
    """

    anchor: str | None = None

    def decorate(self, canv: Canvas) -> None:
        """Mark the destination at the top of the flowable."""
        if self.anchor:
            canv.bookmarkHorizontal(self.anchor, 0, self.height)


class HeadingMarks(AnchorMarks):
    """A heading; the document template records its page and adds it to the outline."""

    key = -1  # position among the document's headings
    level = 0
    title = ""
    in_contents = False
    max_height = 0.0  # the frame height: a heading taller than that may split

    def decorate(self, canv: Canvas) -> None:
        """The destination, and the rule under a level 1 heading."""
        super().decorate(canv)
        if self.level == 1:
            _line(canv, self.style.textColor, 0.8, 0, -3, self.width, -3)


class SquareMarks(Marks):
    """A list item with a small filled square as its bullet (Noto has no U+25A0 glyph);
    the square takes the style's bullet colour."""

    def decorate(self, canv: Canvas) -> None:
        """The square beside the first line (not on continued parts)."""
        if not self.bulletText:
            return
        style = self.style
        size = style.fontSize * 0.36
        bottom = self.height - style.fontSize + style.fontSize * 0.17
        canv.saveState()
        canv.setFillColor(style.bulletColor)
        canv.rect(style.bulletIndent, bottom, size, size, stroke=0, fill=1)
        canv.restoreState()


class RuleMarks(Marks):
    """A paragraph of a quote: a vertical rule runs down its left side.

    `joins_above` extends the rule over the space before it, so the rule of a quote, its
    translation and its attribution reads as one line. The rule takes the bullet colour
    (the accent) of the style, which split parts share.
    """

    joins_above = False

    def decorate(self, canv: Canvas) -> None:
        """The rule down the left side."""
        top = self.height + (self.style.spaceBefore if self.joins_above else 0)
        _line(canv, self.style.bulletColor, 2.2, 2, 0, 2, top)


class JoinedRuleMarks(RuleMarks):
    """A translation or attribution line continuing the quote's rule."""

    joins_above = True


class BriefParagraph(Marks, Paragraph):
    """reportlab's Paragraph, broken into lines once per width, with marks of its own."""

    _wrapped_for: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Lines for the width, broken once per width: a table wraps every cell again
        when it draws it, and a paragraph moved to the next page is wrapped again."""
        cached = self._wrapped_for
        # split() drops the lines when the paragraph must move on whole: wrap anew then.
        if cached is not None and cached[0] == availWidth and hasattr(self, "blPara"):
            return cached[1]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_for = (availWidth, size)
        return size

    def draw(self) -> None:
        """reportlab's drawing, then this paragraph's marks."""
        super().draw()
        self.decorate(self.canv)


class BoxPiece(BriefParagraph):
    """One piece of a long boxed paragraph (a note cut by chunks.py): reportlab fills the
    background, and the box's sides are drawn here, its top only on the first piece and its
    bottom only on the last, so the pieces read as one box (and stay one across a page)."""

    border: tuple[Color, float] | None = None  # the boxed style's border colour and width
    box_top = True
    box_bottom = True

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split as a paragraph; a box split by a page closes and opens there."""
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) == 2:
            for part in parts:
                part.border = self.border
            parts[0].box_top, parts[0].box_bottom = self.box_top, True
            parts[1].box_top, parts[1].box_bottom = True, self.box_bottom
        return parts

    def decorate(self, canv: Canvas) -> None:
        """The box's sides, and its top and bottom where this piece has them, along the
        edges of the background reportlab fills."""
        if self.border is None:
            return
        top, right, bottom, left = normalizeTRBL(self.style.borderPadding)
        x1 = self.style.leftIndent - left
        x2 = self.width - self.style.rightIndent + right
        y1, y2 = -bottom, self.height + top
        colour, width = self.border
        canv.saveState()
        canv.setStrokeColor(colour)
        canv.setLineWidth(width)
        canv.lines([(x1, y1, x1, y2), (x2, y1, x2, y2)]
                   + ([(x1, y2, x2, y2)] if self.box_top else [])
                   + ([(x1, y1, x2, y1)] if self.box_bottom else []))
        canv.restoreState()


class AnchoredParagraph(AnchorMarks, BriefParagraph):
    """A paragraph that is the target of internal links and bookmarks."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split as a paragraph; the first part keeps the anchor."""
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if parts and parts[0] is not self:
            parts[0].anchor = self.anchor
        return parts


class HeadingParagraph(HeadingMarks, AnchoredParagraph):
    """A heading paragraph (more than one line, or a heading that cannot be one line)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Move a heading whole to the next page rather than break it across two."""
        if self.max_height and self.height <= self.max_height:
            return []
        parts = super().split(availWidth, availHeight)
        if parts and parts[0] is not self:
            for name in ("key", "level", "title", "in_contents"):
                setattr(parts[0], name, getattr(self, name))
        return parts


class SquareBulletParagraph(SquareMarks, BriefParagraph):
    """A list item with a square bullet."""


class RuledParagraph(RuleMarks, BriefParagraph):
    """A paragraph of a quote, ruled down its left side."""


class JoinedRuledParagraph(JoinedRuleMarks, BriefParagraph):
    """A translation or attribution line continuing the quote's rule."""


def _line(canv: Canvas, colour: Color, width: float, x1: float, y1: float, x2: float,
          y2: float) -> None:
    """Stroke one line in its own graphics state."""
    canv.saveState()
    canv.setStrokeColor(colour)
    canv.setLineWidth(width)
    canv.line(x1, y1, x2, y2)
    canv.restoreState()


class ContentsMarker(Flowable):
    """Zero-size placeholder standing for one page of the contents, drawn after layout."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Takes no space."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Nothing: the contents are drawn once every heading's page is known."""
