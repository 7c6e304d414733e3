"""PDF text operators for laid-out paragraph lines, placed exactly where reportlab puts them.

`TextBlock` collects the operators of one paragraph (one `q BT ... ET Q` block), or of
single lines such as the page furniture and contents entries, which cost far less than
reportlab's text object and the canvas state it saves around each; `plain_lines` writes reportlab's kind 0 lines (one font run), `run_lines` its kind 1 lines
(runs in several fonts and colours, links across runs), each line at its own text matrix.
Lines that reportlab squeezed (spaces may shrink a little) get the same word spacing, and
links get the rectangles reportlab's `_putFragLine`/`_do_post_text` would give them.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.paragraph import _doLink, _wsc_end_search

Rect = tuple[float, float, float, float]


def plain_rgb(colour: object) -> bool:
    """True for an opaque RGB colour (what a TextBlock can write)."""
    return (isinstance(colour, Color) and not isinstance(colour, CMYKColor)
            and getattr(colour, "alpha", 1) == 1)


class TextBlock:
    """Operators of one text block; fonts and colours are set only when they change."""

    def __init__(self, canv: Canvas) -> None:
        self.canv = canv
        self.ops = ["q BT"]
        self._font: tuple[str, float] | None = None
        self._colour: tuple[float, float, float] | None = None

    def colour(self, colour: Color) -> None:
        """Fill colour for the text that follows."""
        rgb = (colour.red, colour.green, colour.blue)
        if rgb != self._colour:
            self.ops.append(f"{rgb[0]:.4f} {rgb[1]:.4f} {rgb[2]:.4f} rg")
            self._colour = rgb

    def move(self, x: float, y: float) -> None:
        """Start a line at (x, y)."""
        self.ops.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm")

    def word_space(self, space: float) -> None:
        """Extra width of every space (negative for a squeezed line)."""
        self.ops.append(f"{fp_str(space)} Tw")

    def reset_font(self) -> None:
        """Set the font again before the next text (as reportlab does after a bullet:
        text extractors split runs there)."""
        self._font = None

    def show(self, text: str, font_name: str, size: float) -> None:
        """Show `text` in the font's subsets (as reportlab encodes it)."""
        font, doc = getFont(font_name), self.canv._doc
        for subset, chunk in font.splitString(text, doc):
            key = (font.getSubsetInternalName(subset, doc), size)
            if key != self._font:
                self.ops.append(f"{key[0]} {size:.3f} Tf")
                self._font = key
            self.ops.append(f"({self.canv._escape(chunk)}) Tj")

    def text(self) -> str:
        """The block's operators, ended (for a block drawn on many pages)."""
        return "\n".join(self.ops) + "\nET Q"

    def close(self) -> None:
        """End the block and add it to the page."""
        self.canv.addLiteral(self.text())


def link(canv: Canvas, target: str, rect: Rect) -> None:
    """A link over `rect` (in the canvas's current coordinates), as reportlab makes it."""
    _doLink(_TextShim(canv), target, rect)


def plain_lines(block: TextBlock, bl: Any, style: Any, x0: float, first_x: float,
                top: float) -> None:
    """Kind 0 lines: the first at `first_x`, the rest at `x0`, baselines down from `top`."""
    size, name = bl.fontSize, bl.fontName
    links = getattr(bl, "link", None) or ()
    block.colour(bl.textColor)
    for i, (extra, words) in enumerate(bl.lines):
        x, y = (first_x if i == 0 else x0), top - i * style.leading
        text = " ".join(words)
        block.move(x, y)
        squeeze = _squeeze(extra, len(words) + text.count("\xa0") - 1)
        if squeeze:
            block.word_space(squeeze)
        block.show(text, name, size)
        if squeeze:
            block.word_space(0)
        if links:
            low = y - size / 8.0  # reportlab's _do_link_line: unsqueezed text width
            rect = (x, low, x + getFont(name).stringWidth(text, size), low + style.leading)
            for _n, target in links:
                link(block.canv, target, rect)


def run_lines(block: TextBlock, lines: list[Any], style: Any, x0: float, first_x: float,
              top: float) -> None:
    """Kind 1 lines (each a list of runs with their own font, size and colour)."""
    for i, line in enumerate(lines):
        x, y = (first_x if i == 0 else x0), top - i * style.leading
        block.move(x, y)
        spaces = line.wordCount + sum(w.text.count("\xa0") for w in line.words) - 1
        squeeze = _squeeze(line.extraSpace, spaces)
        if squeeze:
            block.word_space(squeeze)
        for target, rect in _runs(block, line.words, x, squeeze):
            link(block.canv, target, (rect[0], y + rect[1], rect[2], y + rect[3]))
        if squeeze:
            block.word_space(0)


def _runs(block: TextBlock, runs: list[Any], x: float,
          space: float) -> list[tuple[str, Rect]]:
    """Show one line's runs; returns its links as (target, (x1, low, x2, high)) with
    heights relative to the baseline, following reportlab's _putFragLine."""
    spans: dict[Any, Any] = {}  # (n, target) -> [x1, low, high] then [..., x2]
    active: list[Any] = []
    count = 0  # spaces so far: a squeezed line moves later runs left
    for i, run in enumerate(runs):
        shifted = x + count * space
        if active != run.link:
            end = shifted - (_trailing(runs[i - 1]) if i else 0)
            for key in set(active) - set(run.link):
                spans[key].append(end)
        block.colour(run.textColor)
        block.show(run.text, run.fontName, run.fontSize)
        low, high = -0.2 * run.fontSize, float(run.fontSize)
        if active != run.link:
            for key in set(run.link) - set(active):
                spans[key] = [x, low, high]
            active = run.link
        for key in active:
            span = spans[key]
            span[1], span[2] = min(span[1], low), max(span[2], high)
        x += getFont(run.fontName).stringWidth(run.text, run.fontSize)
        count += run.text.count(" ") + run.text.count("\xa0")
    for key in active:
        spans[key].append(x + (count - 1) * space)
    ordered = sorted(((key, x1), low, high, x2) for key, (x1, low, high, x2) in spans.items())
    return [(key[1], (x1, low, x2, high)) for (key, x1), low, high, x2 in ordered]


def _trailing(run: Any) -> float:
    """Width of the whitespace a run ends with (a link stops before it)."""
    found = _wsc_end_search(run.text)
    return getFont(run.fontName).stringWidth(found.group(), run.fontSize) if found else 0.0


def _squeeze(extra: float, spaces: int) -> float:
    """Word spacing reportlab gives a line: negative when the line is over-full (spaces
    shrink by up to `spaceShrinkage`), else none."""
    return extra / spaces if extra < -1e-8 and spaces > 0 else 0.0


class _TextShim:
    """What reportlab's `_doLink` needs of a text object: its canvas."""

    def __init__(self, canvas: Canvas) -> None:
        self._canvas = canvas
