"""Single lines of user text drawn straight on the canvas (headers, footers, contents),
split into per-script runs like paragraph text, and cut with "…" to fit a width."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from briefing.exporters.pdf.fonts import ScriptSplitter, east_name

Runs = tuple[tuple[str, str], ...]  # (font name, text)
ELLIPSIS = "…"
# One line holds at most a few hundred characters at the smallest size drawn: fitting
# looks at no more than this many, so a megabyte-long title costs no more than a short one.
_MOST_ON_A_LINE = 600


def runs_for(splitter: ScriptSplitter, text: str, font: str, bold: bool = False) -> Runs:
    """(font, text) runs of one line; Hangul runs get NanumGothic (bold when `bold`)."""
    return tuple((east_name(bold) if east else font, run) for east, run in splitter.runs(text))


def width(runs: Runs, size: float) -> float:
    """Width of the runs at `size` points."""
    return float(sum(stringWidth(text, font, size) for font, text in runs))


def fit(splitter: ScriptSplitter, text: str, font: str, size: float, room: float,
        bold: bool = False) -> Runs:
    """Runs of `text` on one line no wider than `room`, cut with "…" when needed."""
    head, rest = text[:_MOST_ON_A_LINE * 4], text[_MOST_ON_A_LINE * 4:]
    text = " ".join(head.split())  # one line: line breaks and tabs become spaces
    cut = len(text) > _MOST_ON_A_LINE or (not rest.isspace() and bool(rest))
    text = text[:_MOST_ON_A_LINE]
    runs = runs_for(splitter, text, font, bold)
    if not cut and width(runs, size) <= room:
        return runs
    lo, hi = 0, len(text)  # the longest prefix that fits together with the ellipsis
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if width(runs_for(splitter, text[:mid].rstrip() + ELLIPSIS, font, bold), size) <= room:
            lo = mid
        else:
            hi = mid - 1
    return runs_for(splitter, text[:lo].rstrip() + ELLIPSIS, font, bold)


def draw(canv: Canvas, x: float, y: float, runs: Runs, size: float, colour: Color,
         align: str = "left") -> float:
    """Draw runs in `colour` with their left edge, centre or right edge at `x`; returns
    the end x."""
    total = width(runs, size)
    if align == "centre":
        x -= total / 2
    elif align == "right":
        x -= total
    text = canv.beginText(x, y)
    text.setFillColor(colour)
    for font, chunk in runs:
        text.setFont(font, size)
        text.textOut(chunk)
    canv.drawText(text)
    return x + total
