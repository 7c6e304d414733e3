"""A source's URL in the annex and the register: linked when safe, else plain text as typed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from briefing.docmodel import BriefingDocument, CellLink, SourceList, Span
from briefing.document import build_document
from briefing.exporters import ExportOptions, get_exporter
from briefing.item_blocks import source_spans
from briefing.models import Source
from briefing.templates import load_template
from tests.core import pack_content

UNSAFE = ("javascript:alert(1)", "JavaScript:alert(2) ", "data:text/html,<b>x</b>&y", "vbscript:x")


def _document(url: str) -> BriefingDocument:
    """The test pack, with the chips priority citing one source whose URL is `url`."""
    library = pack_content.library()
    chips = dataclasses.replace(library.priorities[0], sources=(Source(title="Internal note", url=url),))
    content = dataclasses.replace(library, priorities=(chips, library.priorities[1]))
    return build_document(pack_content.pack(), content, load_template("ministerial-brief"))


def _annex_entry(document: BriefingDocument, title: str) -> tuple[Span, ...]:
    (annex,) = [b for b in document.blocks if isinstance(b, SourceList)]
    return next(e.spans for e in annex.entries if e.spans[0].text == title)


@pytest.mark.parametrize("url", UNSAFE)
def test_an_unsafe_url_is_shown_in_the_annex_as_plain_text(url: str) -> None:
    spans = _annex_entry(_document(url), "Internal note")
    assert "".join(s.text for s in spans) == f"Internal note. {url}"
    assert all(s.href is None for s in spans)


def test_a_safe_url_links_both_the_title_and_the_address() -> None:
    url = "https://example.org/report?a=1&b=2"
    spans = source_spans(Source(title="Report", publisher="EC", date="2024-03-26", url=url))
    assert [(s.text, s.href) for s in spans] == [
        ("Report", url), (". EC, 26 March 2024.", None), (" ", None), (url, url)]


def test_no_url_and_a_blank_url_add_nothing() -> None:
    for url in (None, "", "   "):
        spans = source_spans(Source(title="Report", url=url))
        assert "".join(s.text for s in spans) == "Report."


def test_annex_and_register_show_the_same_unsafe_url() -> None:
    url = "JavaScript:alert(2) "
    document = _document(url)
    (sheet,) = [s for s in document.sheets if s.name == "Sources"]
    column = [c.key for c in sheet.columns].index("url")
    row = next(r for r in sheet.rows if r[[c.key for c in sheet.columns].index("title")] == "Internal note")
    assert row[column] == url and not isinstance(row[column], CellLink)
    assert _annex_entry(document, "Internal note")[-1].text == row[column]


def test_every_format_shows_the_unsafe_url_and_none_links_it(tmp_path: Path) -> None:
    url = "javascript:alert(1)"
    document = _document(url)
    paths = {fmt: tmp_path / f"brief.{fmt}" for fmt in ("docx", "pdf", "xlsx")}
    for fmt, path in paths.items():
        get_exporter(fmt).export(document, path, ExportOptions())
    word = docx.Document(str(paths["docx"]))
    annex = next(p for p in word.paragraphs if "Internal note" in p.text and p.style.name == "Source Entry")
    assert annex.text.endswith(f"Internal note. {url}") and not any(h.address for h in annex.hyperlinks)
    reader = PdfReader(paths["pdf"])
    assert url in "".join(page.extract_text() for page in reader.pages)
    uris = [str(a.get_object().get("/A", {}).get("/URI", "")) for page in reader.pages
            for a in page.get("/Annots") or ()]
    assert not any("javascript" in u.lower() for u in uris)
    sources = openpyxl.load_workbook(paths["xlsx"])["Sources"]
    cells = [c for row in sources.iter_rows() for c in row if c.value == url]
    assert len(cells) == 1 and cells[0].hyperlink is None
