"""PDF exporter: the file read back with pypdf has the document's content, order and furniture."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.docmodel import (
    BriefingDocument,
    Heading,
    Paragraph,
    Properties,
    QuoteBlock,
    Span,
    Style,
    Table,
)
from tests.core.exporters.pdfread import (
    STANDARD_14,
    all_fonts,
    base_name,
    body_text,
    export,
    font_is_embedded,
    internal_link_targets,
    outline,
    page_texts,
    squash,
    uris,
)
from tests.core.exporters.sample import GREEK, HOSTILE, KOREAN, QUOTE_TEXT, sample_document


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    """The sample document exported once for the read-only checks of this module."""
    return export(sample_document(draft=True), tmp_path_factory.mktemp("pdf") / "sample.pdf")


@pytest.fixture(scope="module")
def texts(sample_pdf: PdfReader) -> list[str]:
    return page_texts(sample_pdf)


def test_headings_appear_in_document_order(texts: list[str]) -> None:
    body = body_text(texts[2:], sample_document().properties.title)  # after cover, contents
    position = -1
    for heading in (b for b in sample_document().blocks if isinstance(b, Heading)):
        position = body.find(squash(heading.text), position + 1)
        assert position >= 0, f"{heading.text!r} missing or out of order"


def test_hostile_greek_and_korean_text_come_out_as_typed(texts: list[str]) -> None:
    text = squash("".join(texts))
    for expected in (HOSTILE, GREEK, KOREAN, QUOTE_TEXT, "=SUM(A1:A3)",
                     "디지털 파트너십은 중요합니다.", "Internal note (javascript:alert(1))"):
        assert squash(expected) in text, expected


def test_marking_and_page_x_of_y_on_every_page(texts: list[str]) -> None:
    assert len(texts) >= 4
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL") == 2, number  # header and footer, cover included
        assert f"Page {number} of {len(texts)}" in text


def test_no_blank_pages(texts: list[str]) -> None:
    for number, text in enumerate(texts, start=1):
        rest = re.sub(r"OFFICIAL|Page \d+ of \d+|DRAFT|Brief for the ROK-EU Digital Partnership Council",
                      "", text)
        assert rest.strip(), f"page {number} is empty"


def test_outline_holds_level_1_and_2_headings_nested(sample_pdf: PdfReader) -> None:
    expected = [(h.level - 1, h.text) for h in sample_document().headings()]
    assert [(level, title) for level, title, _ in outline(sample_pdf)] == expected
    assert sample_pdf.page_mode == "/UseOutlines"


def test_contents_page_numbers_are_where_the_headings_are(sample_pdf: PdfReader,
                                                          texts: list[str]) -> None:
    contents = texts[1]
    assert "Contents" in contents
    marks = {title: page for _, title, page in outline(sample_pdf)}
    for heading in sample_document().headings():
        found = re.search(re.escape(heading.text) + r"\s*(\d+)", contents)
        assert found, heading.text
        page = int(found.group(1))
        assert squash(heading.text) in squash(texts[page - 1])
        assert page == marks[heading.text]


def test_every_font_is_embedded_and_none_is_standard_14(sample_pdf: PdfReader) -> None:
    fonts = all_fonts(sample_pdf)
    names = {base_name(f) for f in fonts}
    assert {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NanumGothic",
            "NanumGothicBold"} <= names
    assert all(font_is_embedded(f) for f in fonts)
    assert not names & STANDARD_14


def test_links_are_safe_and_internal_links_reach_their_targets(sample_pdf: PdfReader,
                                                               texts: list[str]) -> None:
    assert sorted(uris(sample_pdf)) == ["https://digital-strategy.ec.europa.eu/",
                                         "mailto:officer@example.org"]
    assert all(not u.lower().startswith("javascript") for u in uris(sample_pdf))
    sources_page = next(n for n, t in enumerate(texts, start=1) if "European Commission, 2022" in t)
    targets = internal_link_targets(sample_pdf)
    assert (3, sources_page) in targets  # "[1]" and "[2]" on the item's page
    contents_links = [target for page, target in targets if page == 2]
    assert contents_links == [page for _, _, page in outline(sample_pdf)]


def test_metadata(sample_pdf: PdfReader) -> None:
    meta = sample_pdf.metadata
    doc = sample_document()
    assert meta.title == doc.properties.title
    assert meta.author == doc.properties.author
    assert meta.subject == doc.properties.subject
    assert meta["/Keywords"] == "OFFICIAL, Korea, digital partnership"  # the marking first
    assert meta.creator == "Briefing Pack Builder"
    assert meta.creation_date.replace(tzinfo=None) == doc.properties.created.replace(tzinfo=None)


def test_draft_watermark_only_on_drafts(texts: list[str], tmp_path: Path) -> None:
    assert all("DRAFT" in t for t in texts)
    final = page_texts(export(sample_document(), tmp_path / "final.pdf"))
    assert not any("DRAFT" in t for t in final)


def test_table_header_repeats_on_every_page_it_spans(tmp_path: Path) -> None:
    rows = tuple(((Span(f"Row {n}"),), (Span("x " * 30),)) for n in range(120))
    doc = sample_document(extra_blocks=(Table(("Name", "Details"), rows, widths=(1, 3)),))
    texts = page_texts(export(doc, tmp_path / "table.pdf"))
    pages = [t for t in texts if re.search(r"Row \d+", t)]
    assert len(pages) >= 3
    assert all("Name" in t and "Details" in t for t in pages)
    assert squash("".join(f"Row {n}" for n in range(120))) in squash("".join(
        re.findall(r"Row \d+", "".join(texts))))


def test_long_quote_splits_across_pages(tmp_path: Path) -> None:
    words = " ".join(f"w{n}" for n in range(7000))  # about 40,000 characters
    quote = QuoteBlock("START " + words + " END", "Someone, 2024")
    doc = sample_document(extra_blocks=(quote,))
    reader = export(doc, tmp_path / "quote.pdf")
    text = body_text(page_texts(reader), doc.properties.title)
    assert len(reader.pages) >= 12
    assert squash("START " + words + " END") in text
    assert "—Someone,2024" in text


def test_long_title_and_heading_are_cut_only_where_a_line_must_hold_them(tmp_path: Path) -> None:
    long = "Partnership " + "very long name " * 20 + "한국 end"
    doc = sample_document(extra_blocks=(Heading(long, 2, "long"), Paragraph((Span("after"),))))
    doc = dataclasses.replace(doc, properties=dataclasses.replace(doc.properties, title=long))
    texts = page_texts(export(doc, tmp_path / "long.pdf"))
    assert "…" in texts[1]  # the contents entry is one line
    assert squash(long) in squash("".join(texts[2:]))  # the heading itself is whole


def test_page_size_style_and_marking_placement(tmp_path: Path) -> None:
    style = Style(page_size="Letter", marking_in_footer=False, page_numbers=False,
                  body_font="Noto Serif", heading_font="Noto Serif")
    doc = dataclasses.replace(sample_document(), style=style)
    reader = export(doc, tmp_path / "letter.pdf")
    assert round(float(reader.pages[0].mediabox.width)) == 612
    for text in page_texts(reader):
        assert text.count("OFFICIAL") == 1
        assert "Page " not in text
    assert any(base_name(f).startswith("NotoSerif") for f in all_fonts(reader))


def test_section_page_breaks_start_each_section_on_a_new_page(tmp_path: Path) -> None:
    doc = dataclasses.replace(sample_document(), style=Style(section_page_breaks=True))
    reader = export(doc, tmp_path / "sections.pdf")
    pages = [page for level, _, page in outline(reader) if level == 0]
    assert len(set(pages)) == len(pages) == 4
    texts = page_texts(reader)
    assert all(t.strip() for t in texts)


def test_document_without_cover_contents_or_marking(tmp_path: Path) -> None:
    doc = BriefingDocument(properties=Properties(title="Plain"), blocks=(
        Heading("Only", 1, "only"), Paragraph((Span("Text & more"),)),))
    texts = page_texts(export(doc, tmp_path / "plain.pdf"))
    assert len(texts) == 1
    assert "Text & more" in texts[0] and "Page 1 of 1" in texts[0]
    assert "OFFICIAL" not in texts[0] and "Contents" not in texts[0]


def test_empty_document_still_has_one_page(tmp_path: Path) -> None:
    reader = export(BriefingDocument(properties=Properties(title="Empty")), tmp_path / "e.pdf")
    assert len(reader.pages) == 1
    assert "Page 1 of 1" in reader.pages[0].extract_text()


def test_links_to_missing_anchors_and_unsafe_urls_are_plain_text(tmp_path: Path) -> None:
    doc = BriefingDocument(properties=Properties(title="Links"), blocks=(Paragraph((
        Span("[9]", href="#src-9"), Span(" js", href="javascript:alert(1)"),
        Span(" file", href="file:///etc/passwd"), Span(" web", href="https://example.org/a?b=1&c=2"),
    )),))
    reader = export(doc, tmp_path / "links.pdf")
    assert uris(reader) == ["https://example.org/a?b=1&c=2"]
    assert internal_link_targets(reader) == []
    assert "[9] js file web" in reader.pages[0].extract_text()


def test_decomposed_korean_comes_out_composed(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", KOREAN)
    assert decomposed != KOREAN
    doc = BriefingDocument(properties=Properties(title="Ko"), blocks=(Paragraph((Span(decomposed),)),))
    assert squash(KOREAN) in squash(export(doc, tmp_path / "ko.pdf").pages[0].extract_text())
