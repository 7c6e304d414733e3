"""All paragraph styles of the PDF in one function, children inheriting from one base style.

Every style names its font and bullet font explicitly: a style left at reportlab's default
would pull in unembedded Helvetica.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from briefing.docmodel import Style
from briefing.exporters.pdf.fonts import face_name

GREY = colors.HexColor("#5F6368")
RULE = colors.HexColor("#C8D1DC")
SHADE = colors.HexColor("#EEF2F7")
NOTE_BACK = colors.HexColor("#F4F7FB")
WATERMARK = colors.HexColor("#5A5A5A")


@dataclass(frozen=True)
class Palette:
    """The document's colours and fonts, shared by styles, tables and page decoration."""

    text: colors.Color
    heading: colors.Color
    accent: colors.Color
    body_font: str
    body_bold: str
    body_italic: str
    heading_font: str
    body_size: float
    compact: bool = False

    @property
    def accent_hex(self) -> str:
        """The accent colour as '#rrggbb', for link markup."""
        return "#" + str(self.accent.hexval())[2:]


def palette(style: Style) -> Palette:
    """Resolve the template's fonts and colours (registering the fonts it names)."""
    # The Style's values are checked where it is made (docmodel.Style): used as they are.
    return Palette(
        text=colors.HexColor(style.text_colour),
        heading=colors.HexColor(style.heading_colour),
        accent=colors.HexColor(style.accent_colour),
        body_font=face_name(style.body_font),
        body_bold=face_name(style.body_font, bold=True),
        body_italic=face_name(style.body_font, italic=True),
        heading_font=face_name(style.heading_font, bold=True),
        body_size=style.body_size_pt,
        compact=style.compact,
    )


def build_styles(p: Palette) -> dict[str, ParagraphStyle]:
    """Every paragraph style, by role name."""
    b = p.body_size
    base = ParagraphStyle(
        "base", fontName=p.body_font, bulletFontName=p.body_font, fontSize=b,
        bulletFontSize=b, leading=b * 1.4, textColor=p.text, bulletColor=p.accent,
        spaceAfter=b * 0.55, allowOrphans=0, allowWidows=0,
    )

    def child(name: str, parent: ParagraphStyle = base, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    # Headings are kept with what follows by a CondPageBreak (see blocks.py), not by
    # keepWithNext: that wraps every heading with its successor in a KeepTogether, which
    # copies the frame and lays the pair out twice.
    heading = child("heading", fontName=p.heading_font, textColor=p.heading)
    bullet = child("bullet", leftIndent=16, bulletIndent=4, spaceAfter=b * 0.3)
    quote = child("quote", fontName=p.body_italic, fontSize=b + 0.5, leading=(b + 0.5) * 1.45,
                  leftIndent=16, textColor=colors.HexColor("#2B2B2B"), spaceAfter=0,
                  spaceBefore=b * 0.9)
    cell = child("cell", fontSize=b - 1.5, leading=(b - 1.5) * 1.3, spaceAfter=0)
    s = {
        "body": base,
        "intro": child("intro", fontName=p.body_italic, fontSize=b + 0.5,
                       leading=(b + 0.5) * 1.45, textColor=colors.HexColor("#333333"),
                       spaceAfter=b * 0.9),
        "lead": child("lead", fontName=p.body_bold, fontSize=b + 1, leading=(b + 1) * 1.4),
        # The pack title where there is no cover: larger than a section heading.
        "title": child("title", heading, fontSize=b * 2.1, leading=b * 2.5, spaceAfter=b * 0.35),
        "note": child("note", backColor=NOTE_BACK, borderColor=RULE, borderWidth=0.6,
                      borderPadding=(5, 7, 6, 7), leftIndent=7, rightIndent=7,
                      spaceBefore=b * 0.6, spaceAfter=b * 1.2),
        "meta": child("meta", fontSize=b - 2, leading=(b - 2) * 1.35, textColor=GREY),
        "h1": child("h1", heading, fontSize=b * 1.6, leading=b * 2.0, spaceBefore=b * 1.4,
                    spaceAfter=b * 0.9),
        "h2": child("h2", heading, fontSize=b * 1.25, leading=b * 1.6, spaceBefore=b * 1.3,
                    spaceAfter=b * 0.5),
        "h3": child("h3", heading, fontSize=b * 1.02, leading=b * 1.35, textColor=p.accent,
                    spaceBefore=b * 0.7, spaceAfter=b * 0.3),
        "bullet": bullet,
        "numbered": child("numbered", bullet, leftIndent=20, bulletIndent=2),
        "lines": child("lines", bullet),
        "defensive": child("defensive", bullet, fontName=p.body_italic),
        "quote": quote,
        "translation": child("translation", quote, fontName=p.body_font, fontSize=b - 0.5,
                             leading=(b - 0.5) * 1.4, textColor=GREY, spaceBefore=b * 0.3),
        "attribution": child("attribution", quote, fontName=p.body_font, fontSize=b - 1,
                             leading=(b - 1) * 1.4, textColor=GREY, spaceBefore=b * 0.35,
                             spaceAfter=b * 1.2),
        "cell": cell,
        "cell_header": child("cell_header", cell, fontName=p.body_bold, textColor=p.heading),
        "fact_label": child("fact_label", cell, fontName=p.body_bold,
                            textColor=colors.HexColor("#333333")),
        "source": child("source", fontSize=b - 1, leading=(b - 1) * 1.4, leftIndent=24,
                        bulletIndent=0, bulletColor=p.text, spaceAfter=b * 0.35),
        "cover_title": child("cover_title", heading, fontSize=b * 2.4, leading=b * 2.9,
                             spaceAfter=b * 0.6),
        "cover_subtitle": child("cover_subtitle", fontSize=b * 1.35, leading=b * 1.75,
                                textColor=p.accent, spaceAfter=b * 1.2),
        "cover_heading": child("cover_heading", heading, fontSize=b * 1.25, leading=b * 1.6,
                               spaceBefore=b * 2, spaceAfter=b * 0.6),
        "cover_marking": child("cover_marking", fontName=p.body_bold, fontSize=b - 0.5,
                               alignment=TA_CENTER, textColor=p.heading, spaceAfter=b * 2),
        "contents_title": child("contents_title", heading, fontSize=b * 1.6,
                                leading=b * 2.0, spaceAfter=b * 1.2),
    }
    return _compacted(s) if p.compact else s


def _compacted(styles: dict[str, ParagraphStyle]) -> dict[str, ParagraphStyle]:
    """Tighter spacing for one-pagers: 60 % of the space around paragraphs, leading ≤ 1.25."""
    # Read every original value first: children inherit from their parent at access time,
    # so scaling in place one by one would scale inherited values twice.
    wanted = {
        name: (st.spaceBefore * 0.6, st.spaceAfter * 0.6, min(st.leading, st.fontSize * 1.25))
        for name, st in styles.items()
    }
    for name, (before, after, leading) in wanted.items():
        st = styles[name]
        st.spaceBefore, st.spaceAfter, st.leading = before, after, leading
    # A note's box is drawn outside its text: keep room for the padding above it.
    note = styles["note"]
    note.spaceBefore = max(note.spaceBefore, note.borderPadding[0] + 2)
    source = styles["source"]  # the annex is reference matter: smaller still
    source.fontSize -= 0.5
    source.leading = source.fontSize * 1.2
    return styles
