"""A Paragraph that draws plain paragraphs with one PDF text block of its own.

Without reportlab's C accelerator, drawing is the largest cost of a layout: for every
paragraph reportlab builds text objects and formats each number through a slow
pure-Python routine. Most paragraphs of a brief are "simple" (one font and colour, left
aligned, no link, box or underline; reportlab's kind 0). For those, `draw` writes the same
operators itself: each line at the place reportlab would put it, in the same font subset
bytes, with the same bullet. Everything else goes to reportlab's own drawing. Tests compare
the two on text and glyph positions.
"""

from __future__ import annotations

from reportlab import rl_config
from reportlab.lib.colors import Color, CMYKColor
from reportlab.lib.enums import TA_LEFT
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph


class FastParagraph(Paragraph):
    """reportlab's Paragraph, with a quick way to draw simple paragraphs."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Draw at (x, y); a simple paragraph without drawing of its own (subclasses add
        rules, markers, bookmarks in `draw`) skips the canvas translation as well."""
        if (type(self).draw is FastParagraph.draw and getattr(self, "hAlign", "LEFT") == "LEFT"
                and self._is_simple()):
            self._draw_simple(canvas, x, y)
        else:
            super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        """Draw simple paragraphs directly, others as reportlab does."""
        if self._is_simple():
            self._draw_simple(self.canv, 0, 0)
        else:
            super().draw()

    def _is_simple(self) -> bool:
        bl = getattr(self, "blPara", None)
        style = self.style
        colour = getattr(bl, "textColor", None)
        return (bl is not None and bl.kind == 0 and bool(bl.lines)
                and style.alignment == TA_LEFT
                and not style.backColor and not style.borderWidth
                and not getattr(style, "autoLeading", "") and not getattr(self, "_offsets", None)
                and not getattr(bl, "link", None) and not getattr(bl, "us_lines", None)
                and (self.bulletText is None or isinstance(self.bulletText, str))
                and _plain_rgb(colour)
                and _plain_rgb(getattr(style, "bulletColor", None) or style.textColor))

    def _draw_simple(self, canv: Canvas, dx: float, dy: float) -> None:
        """Write the paragraph's text with its bottom left corner at (dx, dy)."""
        bl, style = self.blPara, self.style
        top = dy + self.height - (bl.fontSize if rl_config.paraFontSizeHeightOffset
                                  else getattr(bl, "ascent", bl.fontSize))
        ops = ["q BT"]
        offset = style.firstLineIndent
        if self.bulletText:
            offset = self._bullet_ops(canv, ops, dx, top, offset)
        ops.append(_rgb(bl.textColor))
        font, doc, current = getFont(bl.fontName), canv._doc, None
        for i, (_space, words) in enumerate(bl.lines):
            x = dx + style.leftIndent + (offset if i == 0 else 0)
            ops.append(f"1 0 0 1 {x:.3f} {top - i * style.leading:.3f} Tm")
            for subset, chunk in font.splitString(" ".join(words), doc):
                name = font.getSubsetInternalName(subset, doc)
                if name != current:
                    ops.append(f"{name} {bl.fontSize:.3f} Tf")
                    current = name
                ops.append(f"({canv._escape(chunk)}) Tj")
        ops.append("ET Q")
        canv.addLiteral("\n".join(ops))

    def _bullet_ops(self, canv: Canvas, ops: list[str], dx: float, top: float,
                    offset: float) -> float:
        """Bullet operators, as reportlab places a bullet; returns the first line's offset."""
        style, bullet = self.style, self.bulletText
        font, size = getFont(style.bulletFontName), style.bulletFontSize
        ops.append(_rgb(getattr(style, "bulletColor", None) or style.textColor))
        ops.append(f"1 0 0 1 {dx + style.bulletIndent:.3f} {top:.3f} Tm")
        current = None
        for subset, chunk in font.splitString(bullet, canv._doc):
            name = font.getSubsetInternalName(subset, canv._doc)
            if name != current:
                ops.append(f"{name} {size:.3f} Tf")
                current = name
            ops.append(f"({canv._escape(chunk)}) Tj")
        end = style.bulletIndent + stringWidth(bullet, style.bulletFontName, size) + size * 0.6
        return max(offset, end - style.leftIndent)


def _plain_rgb(colour: object) -> bool:
    """True for an opaque RGB colour (what `_rgb` can write)."""
    return (isinstance(colour, Color) and not isinstance(colour, CMYKColor)
            and getattr(colour, "alpha", 1) == 1)


def _rgb(colour: Color) -> str:
    return f"{colour.red:.4f} {colour.green:.4f} {colour.blue:.4f} rg"
