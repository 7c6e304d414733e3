"""Paragraphs that fit on one line, drawn without reportlab's line breaking.

Most paragraphs of a brief are one line: headings, labels, "Source: [n]", list items,
table cells. reportlab's Paragraph breaks each into lines (a width per word) and draws it
through its general machinery, about 100 µs a paragraph; a `OneLine` measures its runs
once, when it is made, and draws them as reportlab would: the same text, fonts, colours,
positions, bullet and link rectangles (tests compare the two glyph by glyph). Anything
else (an underline, a background, a line break, odd spaces, text wider than its line)
stays a Paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reportlab import rl_config
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from briefing.exporters.pdf.flowables import (
    AnchoredParagraph,
    AnchorMarks,
    BriefParagraph,
    HeadingMarks,
    HeadingParagraph,
    JoinedRuledParagraph,
    JoinedRuleMarks,
    Marks,
    RuledParagraph,
    RuleMarks,
    SquareBulletParagraph,
    SquareMarks,
)

# Text a line can hold as it is: reportlab would collapse or break at any whitespace but
# single spaces inside the text (U+200B included), and strip spaces at either end.
_NOT_ONE_LINE = re.compile("[^\\S ]|  |^ | $|\u200b")
_FIT_SLACK = 0.01  # points: a line this close to full is left to reportlab's own breaking

# (font, size, colour, text, links, width of the text without trailing spaces) of one
# fragment; links as the fragment's (n, target) pairs.
Run = tuple[str, float, Any, str, tuple, float]


class OneLine(Marks, Flowable):
    """A paragraph of one line: runs of text in their fonts and colours, internal links."""

    def __init__(self, runs: Sequence[Run], style: ParagraphStyle, bullet: str | None,
                 single: bool) -> None:
        super().__init__()
        self.runs = runs
        self.style = style
        self.bulletText = bullet
        self.single = single  # one fragment: reportlab's "kind 0" paragraph (its link rects)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """One line of the style's leading, across the width (as a Paragraph reports)."""
        self.width = availWidth
        self.height = self.style.leading
        return availWidth, self.height

    def draw(self) -> None:
        """The bullet, the text and its links where reportlab's Paragraph puts them (in
        the graphics state drawOn saves around it)."""
        canv, style = self.canv, self.style
        y = self.height - max(run[1] for run in self.runs)  # the first baseline
        offset = style.firstLineIndent
        if self.bulletText:
            offset = self._bullet(canv, offset, y)
        left = style.leftIndent
        x = left + offset
        text = canv.beginText(x, y)
        font: tuple[str, float] | None = None
        colour = None
        links: list[tuple[tuple, float, float, float]] = []  # (link, x1, x2, font size)
        for name, run_size, run_colour, run_text, run_links, trimmed in self.runs:
            if (name, run_size) != font:
                text.setFont(name, run_size, style.leading)
                font = (name, run_size)
            if run_colour != colour:
                text.setFillColor(run_colour)
                colour = run_colour
            for link in run_links:
                links.append((link, x, x + trimmed, run_size))
            text.textOut(run_text)
            x += stringWidth(run_text, name, run_size)
        canv.drawText(text)
        self._links(canv, links, left + offset, y)
        self.decorate(canv)

    def _bullet(self, canv: Canvas, offset: float, y: float) -> float:
        """Draw the bullet as reportlab does; returns the text's offset from the indent."""
        style = self.style
        bullet = canv.beginText(style.bulletIndent, y + getattr(style, "bulletOffsetY", 0))
        bullet.setFont(style.bulletFontName, style.bulletFontSize)
        bullet.setFillColor(getattr(style, "bulletColor", None) or style.textColor)
        bullet.textOut(self.bulletText)
        canv.drawText(bullet)
        end = bullet.getX() + style.bulletFontSize * 0.6
        return float(max(offset, end - style.leftIndent))

    def _links(self, canv: Canvas, links: list[tuple[tuple, float, float, float]],
               start: float, y: float) -> None:
        """Link rectangles as reportlab's Paragraph makes them for its kind of paragraph."""
        if not links:
            return
        if self.single:  # one fragment: the line's text, from below the baseline up a leading
            _, _, end, size = links[0]
            bottom = y - size / 8.0
            for link, _, _, _ in links:
                canv.linkRect("", link[1][1:], (start, bottom, end, bottom + self.style.leading),
                              relative=1)
            return
        spans: dict[tuple, list[float]] = {}  # a link across runs spans them all
        for link, x1, x2, size in links:
            span = spans.setdefault(link, [x1, x2, -0.2 * size, size])
            span[1], span[2], span[3] = x2, min(span[2], -0.2 * size), max(span[3], size)
        for link, (x1, x2, low, high) in sorted(spans.items()):
            canv.linkRect("", link[1][1:], (x1, y + low, x2, y + high), relative=1)


class AnchoredLine(AnchorMarks, OneLine):
    """One line that is the target of internal links (a source entry)."""


class HeadingLine(HeadingMarks, OneLine):
    """A heading of one line."""


class SquareBulletLine(SquareMarks, OneLine):
    """A list item of one line with a square bullet."""


class RuledLine(RuleMarks, OneLine):
    """One line of a quote."""


class JoinedRuledLine(JoinedRuleMarks, OneLine):
    """A translation or attribution of one line."""


LINE_CLASSES: dict[type, type[OneLine]] = {
    BriefParagraph: OneLine, AnchoredParagraph: AnchoredLine, HeadingParagraph: HeadingLine,
    SquareBulletParagraph: SquareBulletLine, RuledParagraph: RuledLine,
    JoinedRuledParagraph: JoinedRuledLine,
}


def one_line(frags: Sequence[tuple[Any, str, list]], style: ParagraphStyle, cls: type,
             bullet: str | None, width: float) -> OneLine | None:
    """A OneLine of class `cls`'s counterpart when the fragments fit on one line of `width`
    points and draw plainly; None when reportlab's Paragraph must lay them out. Each
    fragment comes as (parsed fragment, its text, its links)."""
    line_cls = LINE_CLASSES.get(cls)
    if line_cls is None or not frags or not _plain_style(style):
        return None
    runs = []
    total = 0.0
    for frag, text, link in frags:
        if (not text or getattr(frag, "lineBreak", False) or frag.us_lines or frag.rise
                or getattr(frag, "backColor", None) or hasattr(frag, "cbDefn")
                or any(not target.startswith("#") for _, target in link)):
            return None
        run_width = stringWidth(text, frag.fontName, frag.fontSize)
        trimmed = text.rstrip(" ")  # a link ends before the spaces after it, as reportlab's
        if trimmed != text:
            width_trimmed = stringWidth(trimmed, frag.fontName, frag.fontSize)
        else:
            width_trimmed = run_width
        total += run_width
        runs.append((frag.fontName, frag.fontSize, frag.textColor, text, tuple(link),
                     width_trimmed))
    if _NOT_ONE_LINE.search("".join(run[3] for run in runs)):
        return None
    room = width - style.leftIndent - style.firstLineIndent - style.rightIndent
    if bullet:
        end = (style.bulletIndent + stringWidth(bullet, style.bulletFontName, style.bulletFontSize)
               + 0.6 * style.bulletFontSize)
        room -= max(0.0, end - style.leftIndent - style.firstLineIndent)
    if total > room - _FIT_SLACK:
        return None
    return line_cls(runs, style, bullet, single=len(frags) == 1)


def _plain_style(style: ParagraphStyle) -> bool:
    """A style whose one line reportlab draws as plain text (left aligned, no box)."""
    return (style.alignment == TA_LEFT and not style.backColor
            and not (style.borderWidth and style.borderColor) and not style.endDots
            and getattr(style, "autoLeading", "") in ("", "off", None)
            and style.wordWrap in (None, "", "LTR") and style.bulletAnchor == "start"
            and bool(rl_config.paraFontSizeHeightOffset))
