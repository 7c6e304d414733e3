"""Paragraphs that fit on one line, drawn without reportlab's line breaking.

Most paragraphs of a brief are one line: headings, labels, "Source: [n]", list items,
table cells, source entries. reportlab's Paragraph breaks each into lines (a width per
word) and draws it through its general machinery, about 100 µs a paragraph; a `OneLine`
measures its runs once, when it is made, and draws them as reportlab would: the same text,
fonts, colours, positions, bullet, link underlines and link rectangles (tests compare the
two glyph by glyph). Anything else (a background, a line break, odd spaces, text wider
than its line) stays a Paragraph.

A plain paragraph of several lines (one font and colour, no link) is a `PlainLines`: its
lines are broken once, when it is made, by reportlab's own rule for such paragraphs (words
added while they fit, spaces allowed to shrink a little), and drawn as reportlab draws them.
When it must be split across pages, it hands over to reportlab's Paragraph, which splits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reportlab import rl_config
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
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
_US_OFFSET = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+))\s*\*\s*([LfF])\s*$")
_URI_SCHEMES = ("http", "https", "mailto")  # the only external links markup.py makes

# (font, size, colour, text, links, width, width without trailing spaces, underlines) of
# one fragment; links as the fragment's (n, target) pairs, underlines as reportlab's own
# description of each (the key that joins fragments into one line).
Run = tuple[str, float, Any, str, tuple, float, float, tuple]


class OneLine(Marks, Flowable):
    """A paragraph of one line: runs of text in their fonts and colours, internal links."""

    def __init__(self, runs: Sequence[Run], style: ParagraphStyle, bullet: str | None,
                 single: bool) -> None:
        super().__init__()
        self.runs = runs
        self.style = style
        self.bulletText = bullet
        self.single = single  # one fragment: reportlab's "kind 0" paragraph (its link rects)
        self.size = max(run[1] for run in runs)  # the line's font size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """One line of the style's leading, across the width (as a Paragraph reports)."""
        self.width = availWidth
        self.height = self.style.leading
        return availWidth, self.height

    def draw(self) -> None:
        """The bullet, the text and its links where reportlab's Paragraph puts them (in
        the graphics state drawOn saves around it)."""
        canv, style = self.canv, self.style
        y = self.height - self.size  # the baseline
        offset = style.firstLineIndent
        if self.bulletText:
            offset = self._bullet(canv, offset, y)
        left = style.leftIndent
        x = left + offset
        text = canv.beginText(x, y)
        font: tuple[str, float] | None = None
        colour = None
        links: list[tuple[tuple, float, float, float]] = []  # (link, x1, x2, font size)
        under: dict[tuple, list] = {}  # underline -> [x1, x2, size at start, colour, max size]
        last = len(self.runs) - 1
        for n, (name, run_size, run_colour, run_text, run_links, run_width, trimmed,
                run_under) in enumerate(self.runs):
            if (name, run_size) != font:
                text.setFont(name, run_size, style.leading)
                font = (name, run_size)
            if run_colour != colour:
                text.setFillColor(run_colour)
                colour = run_colour
            for link in run_links:
                links.append((link, x, x + trimmed, run_size))
            for line in run_under:
                found = under.setdefault(line, [x, x, run_size, run_colour, run_size])
                found[1], found[4] = x + trimmed, max(found[4], run_size)
            x += run_width
            if n == last:  # reportlab ends its line with T* (readers see a line end there)
                text.textLine(run_text)
            else:
                text.textOut(run_text)
        # reportlab strokes the underlines before it ends the text object: drawn first.
        for line, (x1, x2, size, run_colour, biggest) in sorted(under.items()):
            self._underline(canv, line, x1, x2, y, size, biggest, run_colour)
        canv.drawText(text)
        self._links(canv, links, left + offset, y)
        self.decorate(canv)

    def _underline(self, canv: Canvas, line: tuple, x1: float, x2: float, y: float,
                   size: float, biggest: float, colour: Any) -> None:
        """One underline as reportlab places it (in the line width the state has)."""
        colour = line[2] or colour
        factor, unit = _offset(line[4])
        if self.single:  # reportlab's kind 0 measures everything by the one font size
            size = biggest = self.runs[0][1]
        values = {"L": self.size, "F": biggest, "f": size}
        at = y + factor * values[unit]
        canv.setStrokeColor(colour)
        canv.line(x1, at, x2, at)

    def _bullet(self, canv: Canvas, offset: float, y: float) -> float:
        return _bullet(canv, self.style, self.bulletText, offset, y)

    def _links(self, canv: Canvas, links: list[tuple[tuple, float, float, float]],
               start: float, y: float) -> None:
        """Link rectangles as reportlab's Paragraph makes them for its kind of paragraph."""
        if not links:
            return
        if self.single:  # one fragment: the line's text, from below the baseline up a leading
            _, _, end, size = links[0]
            bottom = y - size / 8.0
            for link, _, _, _ in links:
                _link(canv, link[1], (start, bottom, end, bottom + self.style.leading))
            return
        spans: dict[tuple, list[float]] = {}  # a link across runs spans them all
        for link, x1, x2, size in links:
            span = spans.setdefault(link, [x1, x2, -0.2 * size, size])
            span[1], span[2], span[3] = x2, min(span[2], -0.2 * size), max(span[3], size)
        for link, (x1, x2, low, high) in sorted(spans.items()):
            _link(canv, link[1], (x1, y + low, x2, y + high))


def _bullet(canv: Canvas, style: ParagraphStyle, text: str, offset: float, y: float) -> float:
    """Draw the bullet as reportlab does; returns the text's offset from the indent."""
    bullet = canv.beginText(style.bulletIndent, y + getattr(style, "bulletOffsetY", 0))
    bullet.setFont(style.bulletFontName, style.bulletFontSize)
    bullet.setFillColor(getattr(style, "bulletColor", None) or style.textColor)
    bullet.textOut(text)
    canv.drawText(bullet)
    end = bullet.getX() + style.bulletFontSize * 0.6
    return float(max(offset, end - style.leftIndent))


def _link(canv: Canvas, target: str, rect: tuple[float, float, float, float]) -> None:
    """An internal link ("#name") or a URI link over `rect`, as reportlab's Paragraph
    makes them."""
    if target.startswith("#"):
        canv.linkRect("", target[1:], rect, relative=1)
    else:
        canv.linkURL(target, rect, relative=1, kind="URI")


def _offset(spec: str) -> tuple[float, str]:
    """An underline offset such as '-0.125*F' as (factor, unit)."""
    found = _US_OFFSET.match(spec or "-0.125*L")
    assert found is not None  # checked by _underlines
    return float(found.group(1)), found.group(2)


def _underlines(frag: Any) -> tuple | None:
    """The fragment's underlines when a OneLine draws them as reportlab does (one line
    each, in the current line width, at an offset relative to the font size); None when
    reportlab must draw them."""
    lines = tuple(frag.us_lines)
    for _, kind, _, width, offset, rise, count, _ in lines:
        if (kind != "underline" or width not in ("", None) or rise or count != 1
                or not (offset in ("", None) or _US_OFFSET.match(offset))):
            return None
    return lines


def _external(target: str) -> bool:
    """True for a link reportlab's Paragraph turns into a URI link."""
    scheme, colon, _ = target.partition(":")
    return bool(colon) and scheme.lower() in _URI_SCHEMES


class PlainLines(Marks, Flowable):
    """A plain paragraph of several lines, broken as reportlab breaks it (see one_line)."""

    def __init__(self, frag: Any, text: str, lines: list[tuple[float, list[str]]],
                 style: ParagraphStyle, bullet: str | None, paragraph_cls: type) -> None:
        super().__init__()
        self.frag = frag
        self.text = text
        self.lines = lines  # (room left, words) of each line, as reportlab's breakLines
        self.style = style
        self.bulletText = bullet
        self.paragraph_cls = paragraph_cls

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Its lines at the style's leading (as a Paragraph reports)."""
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split by reportlab's Paragraph (orphans, widows and all)."""
        paragraph = self.paragraph_cls(self.text, self.style, bulletText=self.bulletText,
                                       frags=[self.frag.clone(text=self.text)])
        paragraph.wrap(availWidth, availHeight)
        parts: list[Flowable] = paragraph.split(availWidth, availHeight)
        return parts

    def draw(self) -> None:
        """The bullet and the lines where reportlab's Paragraph puts them."""
        canv, style, frag = self.canv, self.style, self.frag
        y = self.height - frag.fontSize  # the first baseline
        offset = style.firstLineIndent
        if self.bulletText:
            offset = _bullet(canv, style, self.bulletText, offset, y)
        canv.setFillColor(frag.textColor)
        text = canv.beginText(style.leftIndent, y)
        text.setFont(frag.fontName, frag.fontSize, style.leading)
        for room, words in self.lines:
            line = " ".join(words)
            if abs(offset) > 1e-6:
                text.setXPos(offset)
            if room > -1e-8 or len(words) <= 1:
                text.textLine(line)
            else:  # reportlab squeezed the spaces of this line a little
                text.setWordSpace(room / (len(words) - 1))
                text.textLine(line)
                text.setWordSpace(0)
            if abs(offset) > 1e-6:
                text.setXPos(-offset)
            offset = 0.0
        canv.drawText(text)
        self.decorate(canv)


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


class SquareBulletLines(SquareMarks, PlainLines):
    """A list item of several lines with a square bullet."""


class RuledLines(RuleMarks, PlainLines):
    """A quote of several lines."""


class JoinedRuledLines(JoinedRuleMarks, PlainLines):
    """A translation or attribution of several lines."""


# Paragraph classes whose several lines a PlainLines may draw (one that keeps no anchor,
# heading or box of its own), and their counterparts.
PLAIN_CLASSES: dict[type, type[PlainLines]] = {
    BriefParagraph: PlainLines, SquareBulletParagraph: SquareBulletLines,
    RuledParagraph: RuledLines, JoinedRuledParagraph: JoinedRuledLines,
}

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
        under = _underlines(frag)
        if (not text or under is None or getattr(frag, "lineBreak", False) or frag.rise
                or getattr(frag, "backColor", None) or hasattr(frag, "cbDefn")
                or not all(target.startswith("#") or _external(target) for _, target in link)):
            return None
        run_width = stringWidth(text, frag.fontName, frag.fontSize)
        trimmed = text.rstrip(" ")  # a link ends before the spaces after it, as reportlab's
        if trimmed != text:
            width_trimmed = stringWidth(trimmed, frag.fontName, frag.fontSize)
        else:
            width_trimmed = run_width
        total += run_width
        runs.append((frag.fontName, frag.fontSize, frag.textColor, text, tuple(link), run_width,
                     width_trimmed, under))
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
            and not getattr(style, "shaping", 0) and bool(rl_config.paraFontSizeHeightOffset))


def plain_lines(frags: Sequence[tuple[Any, str, list]], style: ParagraphStyle, cls: type,
                bullet: str | None, width: float) -> PlainLines | None:
    """A PlainLines when a single plain fragment is broken into lines by reportlab's
    simplest rule at `width` points (no hyphenation, no word longer than a line); None
    when reportlab's Paragraph must lay it out."""
    lines_cls = PLAIN_CLASSES.get(cls)
    if len(frags) != 1 or lines_cls is None or not _plain_style(style):
        return None
    frag, text, link = frags[0]
    if (link or frag.us_lines or frag.rise or getattr(frag, "lineBreak", False)
            or getattr(frag, "backColor", None) or hasattr(frag, "cbDefn")
            or "\u00a0" in text or "\u00ad" in text
            or style.hyphenationLang or style.uriWasteReduce or style.embeddedHyphenation):
        return None
    words = text.split()
    if not words:
        return None
    name, size = frag.fontName, frag.fontSize
    widths = [width - style.leftIndent - style.firstLineIndent - style.rightIndent,
              width - style.leftIndent - style.rightIndent]
    if bullet:  # reportlab's _handleBulletWidth
        end = (style.bulletIndent + stringWidth(bullet, style.bulletFontName, style.bulletFontSize)
               + 0.6 * style.bulletFontSize)
        indent = style.leftIndent + style.firstLineIndent
        if end > indent:
            widths[0] -= end - indent
    narrowest = min(widths)
    measure = getFont(name).stringWidth  # what pdfmetrics.stringWidth calls, looked up once
    space = measure(" ", size)
    shrink = style.spaceShrinkage * space
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    current, most = -space, widths[0]
    for word in words:  # reportlab's breakLines for one fragment, step by step
        word_width = measure(word, size)
        if word_width > narrowest:
            return None  # reportlab would split the word
        new = current + space + word_width
        if new <= most + shrink * len(line) or not line:
            line.append(word)
            current = new
        else:
            lines.append((most - current, line))
            line, current, most = [word], word_width, widths[1]
    lines.append((most - current, line))
    if len(lines) == 1:
        return None  # a OneLine's work
    return lines_cls(frag, text, lines, style, bullet, cls)
