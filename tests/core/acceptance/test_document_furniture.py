"""The sample pack in every template: marking on every page, page numbers, fonts, properties, no formulas."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from briefing import resources
from tests.core.acceptance.conftest import Built
from tests.core.acceptance.pipeline import EPOCH, TEMPLATES, margins_mm
from tests.core.acceptance.readback import (
    STANDARD_14,
    font_embedded,
    font_name,
    formula_cells,
    pdf_fonts,
    pdf_uris,
    print_furniture,
    read_docx,
    read_pdf,
    read_xlsx,
)

PACK = json.loads(resources.sample_pack_path().read_text(encoding="utf-8"))
MARKING = PACK["marking"]
CREATED = dt.datetime.fromtimestamp(EPOCH, tz=dt.UTC)


@pytest.fixture(scope="module")
def read(sample_builds: dict[str, Built]) -> dict[str, tuple[Any, Any, Any]]:
    """(word, pdf, workbook) of every sample build."""
    return {name: (read_docx(b.paths["docx"]), read_pdf(b.paths["pdf"], margins_mm(name)),
                   read_xlsx(b.paths["xlsx"])) for name, b in sample_builds.items()}


@pytest.mark.parametrize("template", TEMPLATES)
def test_pdf_marking_above_and_below_every_page(read: dict[str, Any], template: str) -> None:
    pdf = read[template][1]
    assert len(pdf.pages) >= 1
    assert [n for n, text in enumerate(pdf.tops, 1) if MARKING not in text] == []
    assert [n for n, text in enumerate(pdf.bottoms, 1) if MARKING not in text] == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_pdf_page_x_of_y_on_every_page(read: dict[str, Any], template: str) -> None:
    pdf = read[template][1]
    total = len(pdf.pages)
    furniture = [top + bottom for top, bottom in zip(pdf.tops, pdf.bottoms)]
    assert [n for n, text in enumerate(furniture, 1) if f"Page {n} of {total}" not in text] == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_word_marking_in_every_header_and_footer(read: dict[str, Any], template: str) -> None:
    word = read[template][0]
    assert word.furniture
    assert [name for name, text in word.furniture if MARKING not in text] == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_excel_marking_in_every_print_header(read: dict[str, Any], template: str) -> None:
    book = read[template][2]
    assert [ws.title for ws in book.worksheets if MARKING not in print_furniture(ws)[0]] == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_pdf_fonts_are_all_embedded(read: dict[str, Any], template: str) -> None:
    fonts = pdf_fonts(read[template][1].reader)
    assert fonts
    assert [font_name(f) for f in fonts if not font_embedded(f)] == []
    assert [font_name(f) for f in fonts if font_name(f) in STANDARD_14] == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_no_formula_cells_and_only_safe_links(read: dict[str, Any], sample_builds: dict[str, Built],
                                              template: str) -> None:
    assert formula_cells(read[template][2], sample_builds[template].paths["xlsx"]) == []
    uris = pdf_uris(read[template][1].reader)
    assert [uri for uri in uris if not uri.startswith(("http://", "https://", "mailto:"))] == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_properties_carry_title_author_and_marking(read: dict[str, Any], template: str) -> None:
    word, pdf, book = read[template]
    core = word.properties
    assert (core.title, core.author, core.category) == (PACK["title"], PACK["author"], MARKING)
    assert (book.properties.title, book.properties.creator, book.properties.category) == (
        PACK["title"], PACK["author"], MARKING)
    meta = pdf.reader.metadata
    assert (meta.title, meta.author) == (PACK["title"], PACK["author"])
    # PDF has no category field: the marking must still be in the document's metadata.
    assert any(MARKING in str(value) for value in meta.values()), dict(meta)


@pytest.mark.parametrize("template", TEMPLATES)
def test_dates_come_from_source_date_epoch(read: dict[str, Any], template: str) -> None:
    word, pdf, book = read[template]
    assert word.properties.created == CREATED.replace(tzinfo=None) or word.properties.created == CREATED
    assert book.properties.created == CREATED.replace(tzinfo=None)
    assert pdf.reader.metadata.creation_date == CREATED
