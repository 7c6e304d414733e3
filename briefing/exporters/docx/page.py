"""Page set-up, headers and footers (marking, page X of Y) and the DRAFT watermark."""

from __future__ import annotations

from docx.section import Section
from docx.shared import Twips
from lxml import etree

from briefing.docmodel import BriefingDocument
from briefing.exporters.docx.fields import simple_field
from briefing.exporters.docx.markup import esc_attr, text_run
from briefing.exporters.docx.ooxml import W, sub
from briefing.exporters.docx.palette import WordPalette
from briefing.exporters.docx.styles import StyleSheet
from briefing.exporters.docx.stylespecs import SPEC_BY_KEY
from briefing.text import truncate

FOOTER_SCALE = SPEC_BY_KEY["footer"].scale
TEXT_EM, MARKING_EM = 0.52, 0.7  # average widths of mixed text and of bold capitals, in em
_VML = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
# Word's own text watermark (Design > Watermark), which Word and LibreOffice both render.
_WATERMARK = """<w:r xmlns:w="%(w)s" %(vml)s><w:rPr><w:noProof/></w:rPr><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>
<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>
<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>
<v:f eqn="sum @6 0 @5"/></v:formulas><v:path textpathok="t" o:connecttype="custom"
 o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject%(n)d" o:spid="_x0000_s%(spid)d" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:480pt;height:120pt;rotation:315;
z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;
mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f"
 fillcolor="#c8c8c8" stroked="f"><v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;%(font)s&quot;;font-size:1pt" string="DRAFT"/>
</v:shape></w:pict></w:r>"""


def set_up_page(section: Section, palette: WordPalette) -> None:
    """Page size and margins from the template; header and footer sit in the margins."""
    top, right, bottom, left = palette.margins
    section.page_width, section.page_height = Twips(palette.page_w), Twips(palette.page_h)
    section.top_margin, section.right_margin = Twips(top), Twips(right)
    section.bottom_margin, section.left_margin = Twips(bottom), Twips(left)
    section.header_distance = Twips(min(708, top // 2))
    section.footer_distance = Twips(min(708, bottom // 2))
    section.gutter = Twips(0)


def set_up_headers(section: Section, document: BriefingDocument, palette: WordPalette,
                   styles: StyleSheet) -> None:
    """Marking and page X of Y on every page; the cover page gets the marking only."""
    first_page = document.cover is not None
    section.different_first_page_header_footer = first_page
    pages = [(section.header, section.footer, True)]
    if first_page:
        pages.append((section.first_page_header, section.first_page_footer, False))
    for number, (header, footer, numbered) in enumerate(pages, start=1):
        _fill_header(header.part.element, document, palette, styles, number)
        _fill_footer(footer.part.element, document, palette, styles, numbered)


def _fresh(root: etree._Element, styles: StyleSheet, key: str) -> tuple[etree._Element, etree._Element]:
    """Empty a w:hdr/w:ftr and give it one paragraph in style `key`; the paragraph and its w:pPr."""
    for child in list(root):
        root.remove(child)
    p = sub(root, "p")
    ppr = sub(p, "pPr")
    sub(ppr, "pStyle", val=styles.id(key))
    return p, ppr


def _fill_header(root: etree._Element, document: BriefingDocument, palette: WordPalette,
                 styles: StyleSheet, number: int) -> None:
    p, ppr = _fresh(root, styles, "header")
    sub(ppr, "jc", val="center")
    if document.marking and document.style.marking_in_header:
        text_run(p, document.marking, bold=True, colour=palette.heading)
    if document.draft:
        p.append(etree.fromstring(_WATERMARK % {
            "w": W[1:-1], "vml": _VML, "n": number, "spid": 2048 + number,
            "font": esc_attr(palette.heading_font.replace('"', "").replace(";", "")),
        }))


def _fill_footer(root: etree._Element, document: BriefingDocument, palette: WordPalette,
                 styles: StyleSheet, numbered: bool) -> None:
    p, ppr = _fresh(root, styles, "footer")
    marking = document.marking if document.style.marking_in_footer else None
    page_numbers = numbered and document.style.page_numbers
    tabs = sub(ppr, "tabs")
    width = palette.text_width
    sub(tabs, "tab", val="center", pos=str(width // 2))
    sub(tabs, "tab", val="right", pos=str(width))
    # The title at the left, as in the PDF, so a loose page still says what it belongs to.
    title = footer_title(document.properties.title, marking, palette)
    if title:
        text_run(p, title)
    if marking:
        sub(sub(p, "r"), "tab")
        text_run(p, marking, bold=True, colour=palette.heading)
    if page_numbers:
        for _ in range(1 if marking else 2):
            sub(sub(p, "r"), "tab")
        text_run(p, "Page ")
        simple_field(p, "PAGE", "1")
        text_run(p, " of ")
        simple_field(p, "NUMPAGES", "1")


def footer_title(title: str | None, marking: str | None, palette: WordPalette) -> str:
    """The title cut to fit left of the centred marking (at generous average glyph widths:
    text running into the centre tab would push the marking out of place)."""
    if not title:
        return ""
    em = palette.body_size * FOOTER_SCALE * 20  # twips
    half_marking = len(marking or "") * MARKING_EM * em / 2
    room = palette.text_width / 2 - half_marking - em
    return truncate(" ".join(title.split()), max(8, int(room / (TEXT_EM * em))))
