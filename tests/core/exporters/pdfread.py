"""Reading exported PDFs back with pypdf (an independent reader): text, fonts, outline, links."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from briefing.docmodel import BriefingDocument
from briefing.exporters import ExportOptions
from briefing.exporters.pdf import PdfExporter

STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold",
    "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}


def export(document: BriefingDocument, path: Path, options: ExportOptions | None = None) -> PdfReader:
    """Export `document` to `path` and open the result with pypdf."""
    PdfExporter().export(document, path, options or ExportOptions())
    return PdfReader(path)


def squash(text: str) -> str:
    """Text without any whitespace: pypdf puts line breaks where lines wrap."""
    return re.sub(r"\s+", "", text)


def page_texts(reader: PdfReader) -> list[str]:
    """The extracted text of every page."""
    return [page.extract_text() for page in reader.pages]


def body_text(texts: list[str], title: str, marking: str = "OFFICIAL") -> str:
    """The pages' text joined and squashed, without the running header and footer."""
    furniture = re.compile(
        "|".join([re.escape(title), re.escape(marking), r"Page \d+ of \d+", "DRAFT"]))
    return squash("".join(furniture.sub("", t) for t in texts))


def all_fonts(reader: PdfReader) -> list[DictionaryObject]:
    """Every font dictionary in the file (walking all objects, not only page resources)."""
    fonts = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Font":
            fonts.append(obj)
    return fonts


def font_is_embedded(font: DictionaryObject) -> bool:
    """True when the font (or its descendant) carries its own font program."""
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def base_name(font: DictionaryObject) -> str:
    """The font's name without its subset prefix (ABCDEF+NotoSans-Bold -> NotoSans-Bold)."""
    return str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) for every outline entry, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def annotations(reader: PdfReader) -> list[tuple[int, DictionaryObject]]:
    """(1-based page, annotation) for every annotation."""
    out = []
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            out.append((number, annot.get_object()))
    return out


def uris(reader: PdfReader) -> list[str]:
    """Targets of every external (/URI) link."""
    return [str(a["/A"]["/URI"]) for _, a in annotations(reader)
            if "/A" in a and a["/A"].get("/S") == "/URI"]


def internal_link_targets(reader: PdfReader) -> list[tuple[int, int]]:
    """(page of the link, 1-based page it jumps to) for every internal link."""
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, start=1)}
    out = []
    for number, annot in annotations(reader):
        dest = annot.get("/Dest")
        if isinstance(dest, ArrayObject) and isinstance(dest[0], IndirectObject):
            out.append((number, pages[dest[0].idnum]))
    return out
