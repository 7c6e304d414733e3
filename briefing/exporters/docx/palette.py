"""Fonts, sizes and colours for the Word file, derived once from the template's Style."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.docmodel import Style

TWIPS_PER_MM = 1440 / 25.4
# A compact style keeps 60% of the space between paragraphs, and lines about as close as
# the PDF's (Noto's line height is 1.36 em: 1.05 of it is about the PDF's 1.4 em leading).
COMPACT_SPACING = 0.6
COMPACT_LINE = 1.05
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}


def _hex(colour: str) -> str:
    """Word's RRGGBB from the Style's '#RRGGBB' (checked when the Style was made)."""
    return colour.lstrip("#")


def tint(colour: str, share_of_white: float) -> str:
    """`colour` mixed with white; 0.9 gives a pale fill of the same hue."""
    channels = [int(colour[i:i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(c + (255 - c) * share_of_white) for c in channels]
    return "".join(f"{c:02X}" for c in mixed)


@dataclass(frozen=True)
class WordPalette:
    """Everything visual the Word writer needs, in Word's units where that helps."""

    body_font: str
    heading_font: str
    east_asian_font: str
    body_size: float
    heading: str
    accent: str
    text: str
    muted: str
    rule: str
    fill: str
    note_fill: str
    defensive: str
    page_w: int
    page_h: int
    margins: tuple[int, int, int, int]  # top, right, bottom, left, twips
    spacing: float = 1.0  # share of each style's space before and after that is kept
    max_line: float | None = None  # a cap on each style's line spacing (multiple of single)

    @property
    def text_width(self) -> int:
        """Width between the side margins, in twips."""
        return self.page_w - self.margins[1] - self.margins[3]

    def colour(self, key: str) -> str:
        """A named colour: heading, accent, text, muted, rule, fill, note_fill, defensive."""
        return str(getattr(self, key))


def word_palette(style: Style) -> WordPalette:
    """Derive the Word palette (colours as RRGGBB, page in twips) from a template Style."""
    accent = _hex(style.accent_colour)
    text = _hex(style.text_colour)
    width_mm, height_mm = PAGE_SIZES_MM[style.page_size]
    top, right, bottom, left = style.margins_mm
    return WordPalette(
        body_font=style.body_font,
        heading_font=style.heading_font,
        east_asian_font=style.east_asian_font,
        body_size=style.body_size_pt,
        heading=_hex(style.heading_colour),
        accent=accent,
        text=text,
        muted=tint(text, 0.35),
        rule="BFBFBF",
        fill=tint(accent, 0.86),
        note_fill="F3F5F8",
        defensive="B7791F",
        page_w=round(width_mm * TWIPS_PER_MM),
        page_h=round(height_mm * TWIPS_PER_MM),
        margins=(round(top * TWIPS_PER_MM), round(right * TWIPS_PER_MM),
                 round(bottom * TWIPS_PER_MM), round(left * TWIPS_PER_MM)),
        spacing=COMPACT_SPACING if style.compact else 1.0,
        max_line=COMPACT_LINE if style.compact else None,
    )
