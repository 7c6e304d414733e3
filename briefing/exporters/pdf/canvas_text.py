"""Single lines of user text drawn straight on the canvas (headers, footers, contents),
split into per-script runs like paragraph text, and cut with "…" to fit a width."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from briefing.exporters.pdf.fonts import ScriptSplitter, east_name
from briefing.exporters.pdf.textops import TextBlock

Runs = tuple[tuple[str, str], ...]  # (font name, text)
ELLIPSIS = "…"


def runs_for(splitter: ScriptSplitter, text: str, font: str, bold: bool = False) -> Runs:
    """(font, text) runs of one line; Hangul runs get NanumGothic (bold when `bold`)."""
    return tuple((east_name(bold) if east else font, run) for east, run in splitter.runs(text))


def width(runs: Runs, size: float) -> float:
    """Width of the runs at `size` points."""
    return sum(stringWidth(text, font, size) for font, text in runs)


def fit(splitter: ScriptSplitter, text: str, font: str, size: float, room: float,
        bold: bool = False) -> Runs:
    """Runs of `text` on one line no wider than `room`, cut with "…" when needed."""
    text = " ".join(text.split())  # one line: newlines and tabs become spaces
    runs = runs_for(splitter, text, font, bold)
    if width(runs, size) <= room:
        return runs
    lo, hi = 0, len(text)  # the longest prefix that fits together with the ellipsis
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if width(runs_for(splitter, text[:mid].rstrip() + ELLIPSIS, font, bold), size) <= room:
            lo = mid
        else:
            hi = mid - 1
    return runs_for(splitter, text[:lo].rstrip() + ELLIPSIS, font, bold)


def draw(canv: Canvas, x: float, y: float, runs: Runs, size: float,
         align: str = "left") -> float:
    """Draw runs (in the current fill colour) with their left edge, centre or right edge
    at `x`; returns the end x."""
    block = TextBlock(canv)
    end = show(block, x, y, runs, size, align)
    block.close()
    return end


def show(block: TextBlock, x: float, y: float, runs: Runs, size: float,
         align: str = "left") -> float:
    """Add runs to a text block, aligned at `x` as `draw` does; returns the end x."""
    total = width(runs, size)
    if align == "centre":
        x -= total / 2
    elif align == "right":
        x -= total
    block.move(x, y)
    for font, text in runs:
        block.show(text, font, size)
    return x + total
