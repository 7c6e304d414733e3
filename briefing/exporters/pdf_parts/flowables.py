"""Custom flowables: headings that report themselves, square bullets, ruled quotes, markers.

Paragraph subclasses keep splitting across pages: reportlab builds the parts of a split
paragraph with `self.__class__`, so behaviour set on the class survives the split.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from briefing.exporters.pdf_parts.fastpara import FastParagraph


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

    def draw(self) -> None:
        """Mark the destination at the top of the paragraph, then draw it."""
        if self.anchor:
            self.canv.bookmarkHorizontal(self.anchor, 0, self.height)
        super().draw()


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

    def draw(self) -> None:
        """Draw the text, and the rule under a level 1 heading."""
        super().draw()
        if self.level == 1:
            canv = self.canv
            canv.saveState()
            canv.setStrokeColor(self.style.textColor)
            canv.setLineWidth(0.8)
            canv.line(0, -3, self.width, -3)
            canv.restoreState()


class SquareBulletParagraph(FastParagraph):
    """A list item with a small filled square as its bullet (Noto has no U+25A0 glyph);
    the square takes the style's bullet colour."""

    def draw(self) -> None:
        """Draw the text, and the square beside the first line (not on continued parts)."""
        super().draw()
        if not self.bulletText:
            return
        style = self.style
        size = style.fontSize * 0.36
        baseline = self.height - style.fontSize
        canv = self.canv
        canv.saveState()
        canv.setFillColor(style.bulletColor)
        canv.rect(style.bulletIndent, baseline + style.fontSize * 0.17, size, size,
                  stroke=0, fill=1)
        canv.restoreState()


class RuledParagraph(FastParagraph):
    """A paragraph of a quote: a vertical rule runs down its left side.

    `joins_above` extends the rule over the space before it, so the rule of a quote, its
    translation and its attribution reads as one line. The rule takes the bullet colour
    (the accent) of the style, which split parts share.
    """

    joins_above = False

    def draw(self) -> None:
        """Draw the text and the rule."""
        super().draw()
        top = self.height + (self.style.spaceBefore if self.joins_above else 0)
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.style.bulletColor)
        canv.setLineWidth(2.2)
        canv.line(2, 0, 2, top)
        canv.restoreState()


class JoinedRuledParagraph(RuledParagraph):
    """A translation or attribution line continuing the quote's rule."""

    joins_above = True


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
