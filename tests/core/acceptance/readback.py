"""Reading the three outputs back with independent readers: python-docx, pypdf, openpyxl."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
import openpyxl
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

MM = 72 / 25.4
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold",
    "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}
_HEADING = re.compile(r"^Heading ([1-9])$")
_NOT_FLOWING = re.compile(r"^(TOC Heading|toc \d|Marking)$")


def squash(text: str) -> str:
    """Text without any whitespace: the PDF breaks lines (and words) where it wraps."""
    return re.sub(r"\s+", "", text)


def first_missing_in_order(needles: Iterable[str], haystack: str) -> str | None:
    """The first needle not found after the one before it in `haystack` (None: all in order)."""
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        if found < 0:
            return needle
        position = found + len(needle)
    return None


# --- Word -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class WordOut:
    """A .docx read back: body in order, running header/footer texts, links and properties."""

    blocks: list[tuple[str, str]]
    furniture: list[tuple[str, str]]
    external_links: list[str]
    properties: Any

    def headings(self, max_level: int = 2) -> list[tuple[int, str]]:
        """(level, text) of every 'Heading N' paragraph up to `max_level`, in order."""
        found = ((_HEADING.match(style), text) for style, text in self.blocks)
        return [(int(m.group(1)), text) for m, text in found if m and int(m.group(1)) <= max_level]

    def texts(self, style: str) -> list[str]:
        """The text of every paragraph in `style`, in order."""
        return [text for s, text in self.blocks if s == style]

    def flowing(self) -> list[str]:
        """Squashed text of every non-empty body paragraph a PDF of the same brief also flows.

        Left out: the contents field (the PDF sets its own contents, with page numbers) and
        the cover's marking line (the PDF draws it above the frame, with the running header).
        """
        return [squash(text) for style, text in self.blocks
                if not _NOT_FLOWING.match(style) and text.strip()]

    def all_text(self) -> str:
        """Every body paragraph (table cells included), one per line."""
        return "\n".join(text for _, text in self.blocks)


def read_docx(path: Path) -> WordOut:
    """Open a .docx with python-docx; the links are read from the package's relationships."""
    document = docx.Document(str(path))
    return WordOut(
        blocks=docx_blocks(document),
        furniture=docx_furniture(document),
        external_links=external_targets(path),
        properties=document.core_properties,
    )


def docx_blocks(document: Any) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph in order; table cells as 'table-cell'."""
    blocks: list[tuple[str, str]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            # The cells as stored (row.cells repeats a merged cell once per grid column).
            for tr in block._tbl.tr_lst:
                for tc in tr.tc_lst:
                    blocks.extend(("table-cell", Paragraph(p, block).text) for p in tc.p_lst)
        else:
            blocks.append((block.style.name if block.style is not None else "", block.text))
    return blocks


def docx_furniture(document: Any) -> list[tuple[str, str]]:
    """(which, text) of every header and footer Word shows, fields' shown text included."""
    odd_even = document.settings.odd_and_even_pages_header_footer
    parts: list[tuple[str, str]] = []
    for number, section in enumerate(document.sections, start=1):
        shown = [("header", section.header), ("footer", section.footer)]
        if section.different_first_page_header_footer:
            shown += [("first-page header", section.first_page_header),
                      ("first-page footer", section.first_page_footer)]
        if odd_even:
            shown += [("even-page header", section.even_page_header),
                      ("even-page footer", section.even_page_footer)]
        for name, part in shown:
            text = "".join(t.text or "" for t in part._element.iter(f"{W}t"))
            parts.append((f"section {number} {name}", text))
    return parts


def external_targets(path: Path) -> list[str]:
    """Every external relationship target in an OOXML package (links, in any part)."""
    targets = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                root = ElementTree.fromstring(archive.read(name))
                targets += [r.get("Target", "") for r in root.iter(f"{REL}Relationship")
                            if r.get("TargetMode") == "External"]
    return targets


def docx_field_codes(path: Path) -> list[str]:
    """The instruction text of every field in the body (HYPERLINK fields are links too)."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    codes = [t.text or "" for t in root.iter(f"{W}instrText")]
    codes += [f.get(f"{W}instr", "") for f in root.iter(f"{W}fldSimple")]
    return codes


# --- PDF ------------------------------------------------------------------------------------

@dataclass
class PdfOut:
    """A PDF read back: per page its whole text, and the text inside / above / below the frame."""

    reader: PdfReader
    pages: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    tops: list[str] = field(default_factory=list)
    bottoms: list[str] = field(default_factory=list)

    def body(self, first_page: int = 1) -> str:
        """The squashed text inside the frame from `first_page` (1-based) on."""
        return squash("".join(self.bodies[first_page - 1:]))

    def outline(self) -> list[tuple[int, str, int]]:
        """(level from 1, title, 1-based page) of every bookmark, in order."""
        out: list[tuple[int, str, int]] = []

        def walk(entries: list[Any], level: int) -> None:
            for entry in entries:
                if isinstance(entry, list):
                    walk(entry, level + 1)
                else:
                    page = self.reader.get_destination_page_number(entry) + 1
                    out.append((level, str(entry.title), page))

        walk(self.reader.outline, 1)
        return out


def read_pdf(path: Path, margins_mm: Sequence[float]) -> PdfOut:
    """Read every page; text above the top margin or below the bottom one is furniture."""
    result = PdfOut(PdfReader(path))
    top_mm, _, bottom_mm, _ = margins_mm
    for page in result.reader.pages:
        height = float(page.mediabox.height)
        bands: dict[str, list[str]] = {"top": [], "body": [], "bottom": []}

        def visit(text: str, cm: Sequence[float], tm: Sequence[float], *_: Any,
                  height: float = height, bands: dict[str, list[str]] = bands) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            band = "top" if y > height - top_mm * MM else "bottom" if y < bottom_mm * MM else "body"
            bands[band].append(text)

        result.pages.append(page.extract_text(visitor_text=visit))
        result.tops.append("".join(bands["top"]))
        result.bodies.append("".join(bands["body"]))
        result.bottoms.append("".join(bands["bottom"]))
    return result


def pdf_fonts(reader: PdfReader) -> list[DictionaryObject]:
    """Every font dictionary in the file (all objects, not only the pages' resources)."""
    fonts = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Font":
            fonts.append(obj)
    return fonts


def font_embedded(font: DictionaryObject) -> bool:
    """True when the font (or its descendant font) carries its own font program."""
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    return any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def font_name(font: DictionaryObject) -> str:
    """The font's name without its subset prefix."""
    return str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]


def pdf_actions(reader: PdfReader) -> list[DictionaryObject]:
    """Every link annotation's action, on every page."""
    actions = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                actions.append(action.get_object())
    return actions


def pdf_uris(reader: PdfReader) -> list[str]:
    """Targets of every external link."""
    return [str(a["/URI"]) for a in pdf_actions(reader) if a.get("/S") == "/URI"]


# --- Excel ----------------------------------------------------------------------------------

def read_xlsx(path: Path) -> Any:
    """The workbook, fully loaded (hyperlinks and print headers included)."""
    return openpyxl.load_workbook(path)


def records(sheet: Any) -> list[dict[str, Any]]:
    """Rows below the header as {header: value}; fully blank rows left out."""
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h) if h is not None else "" for h in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:] if any(v is not None for v in row)]


def cell_values(book: Any) -> list[Any]:
    """Every non-empty cell value of every sheet."""
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def formula_cells(book: Any, path: Path) -> list[str]:
    """Cells openpyxl reads as formulas, and any <f> element in the sheets' XML."""
    found = [f"{ws.title}!{c.coordinate}" for ws in book.worksheets for row in ws.iter_rows()
             for c in row if c.data_type == "f"]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[ >]", archive.read(name)):
                found.append(name)
    return found


def hyperlinks(book: Any) -> list[str]:
    """Targets of every cell hyperlink."""
    return [c.hyperlink.target or c.hyperlink.location or "" for ws in book.worksheets
            for row in ws.iter_rows() for c in row if c.hyperlink is not None]


def print_furniture(sheet: Any) -> list[str]:
    """Texts of the sheet's print headers and footers (odd pages, first page when different)."""
    parts = [sheet.oddHeader, sheet.oddFooter]
    if sheet.HeaderFooter.differentFirst:
        parts += [sheet.firstHeader, sheet.firstFooter]
    return [" ".join(p.text or "" for p in (part.left, part.center, part.right)) for part in parts]
