"""Independent readers for the fault suite: python-docx, pypdf and openpyxl, plus raw link targets."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def docx_text(path: Path) -> str:
    """Every paragraph of the body (tables included), headers and footers, one per line."""
    document = docx.Document(str(path))
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element,
                  section.first_page_header._element, section.first_page_footer._element]
    lines = []
    for part in parts:
        lines += [Paragraph(p, document).text for p in part.iter(qn("w:p"))]
    return "\n".join(lines)


def docx_title(path: Path) -> str | None:
    """The document's core title property."""
    return docx.Document(str(path)).core_properties.title


def pdf_reader(path: Path) -> PdfReader:
    """The PDF opened strictly, so that a damaged file fails here."""
    return PdfReader(path, strict=True)


def pdf_text(path: Path) -> str:
    """The text of every page, whitespace removed (pypdf breaks lines where they wrap)."""
    return squash("".join(page.extract_text() for page in pdf_reader(path).pages))


def squash(text: str) -> str:
    """`text` without any whitespace."""
    return re.sub(r"\s+", "", text)


def pdf_outline_titles(path: Path) -> list[str]:
    """The titles of every bookmark, depth first."""
    titles: list[str] = []

    def walk(entries: list[Any]) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(str(entry.title))

    walk(pdf_reader(path).outline)
    return titles


_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def excel_text(value: Any) -> Any:
    """A cell's text as Excel shows it: `_xHHHH_` is an escaped character (openpyxl leaves
    the escapes in, Excel and LibreOffice decode them)."""
    if not isinstance(value, str):
        return value
    return _XSTRING_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def xlsx_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's rows as {header: value}, read by openpyxl, text as Excel shows it."""
    book = openpyxl.load_workbook(path)
    sheets: dict[str, list[dict[str, Any]]] = {}
    for sheet in book.worksheets:
        rows = [tuple(excel_text(value) for value in row) for row in sheet.iter_rows(values_only=True)]
        header = rows[0] if rows else ()
        sheets[sheet.title] = [dict(zip(header, row)) for row in rows[1:]]
    return sheets


def docx_link_targets(path: Path) -> list[str]:
    """Every external relationship target in every part's rels (hyperlinks and the like)."""
    return _external_targets(path)


def xlsx_link_targets(path: Path) -> list[str]:
    """Every external relationship target, and every HYPERLINK-like formula, in the workbook."""
    targets = _external_targets(path)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.hyperlink is not None and cell.hyperlink.target:
                    targets.append(cell.hyperlink.target)
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    return targets


def _external_targets(path: Path) -> list[str]:
    targets = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                root = etree.fromstring(archive.read(name))
                targets += [rel.get("Target") for rel in root.iter(_REL_NS)
                            if rel.get("TargetMode") == "External"]
    return targets


def pdf_uris(path: Path) -> list[str]:
    """Every URI and launch target of every link annotation, and every action in the catalog."""
    reader = pdf_reader(path)
    found: list[str] = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            action = annotation.get_object().get("/A")
            if action is not None:
                found += _action_targets(action.get_object())
    opener = reader.trailer["/Root"].get("/OpenAction")
    if isinstance(opener, DictionaryObject):
        found += _action_targets(opener)
    return found


def _action_targets(action: DictionaryObject) -> list[str]:
    kind = action.get("/S")
    if kind == "/URI":
        return [str(action["/URI"])]
    if kind in ("/Launch", "/JavaScript", "/GoToR", "/ImportData", "/SubmitForm"):
        return [f"{kind}:{action.get('/F') or action.get('/JS')}"]
    return []
