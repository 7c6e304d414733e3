"""People in a brief: photo beside the text in Word and PDF, the People sheet, quotes linked to biographies."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from PIL import Image

from briefing.docmodel import BriefingDocument, Figure, Heading, Paragraph, QuoteBlock
from briefing.document import build_document
from briefing.exporters import ExportOptions, get_exporter
from briefing.library.store import LibraryStore
from briefing.lookup import ItemLookup
from briefing.models import LibraryContent, Partnership, Person, Quote, Source
from briefing.packs import pack_from_data
from briefing.templates import load_template
from tests.core.exporters.pdfread import body_text, internal_link_targets, page_texts, squash
from tests.core.pack_content import GREEK, HOSTILE, KOREAN

NAME = f"Eleni Kim {GREEK}"
SOURCE = Source(title="Council press release", publisher="Council", date="2024-03-26")
BIOGRAPHY = f"First paragraph: {KOREAN}.\n\nSecond paragraph: {HOSTILE}\n  \nThird, {GREEK}."


def _photo(size: tuple[int, int] = (60, 80)) -> bytes:
    image = Image.new("RGB", size, (40, 90, 160))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _library(photo: bytes | None = None) -> LibraryContent:
    council = Partnership(id="council", name="Digital Partnership Council", summary="A council.")
    person = Person(id="eleni-kim", name=NAME, role="Director-General", organisation="Ministry <i>&",
                    country="Greece", biography=BIOGRAPHY, pronunciation="EH-leh-nee",
                    languages=("Greek", "Korean"), photo=photo if photo is not None else _photo(),
                    partnerships=("council",), sources=(SOURCE,))
    placed = Quote(id="placed", text="We will work together.", speaker=NAME, speaker_id="eleni-kim",
                   date="2024-03-26", sources=(SOURCE,))
    unplaced = Quote(id="unplaced", text=f"Only under the biography: {KOREAN}.", speaker=NAME,
                     speaker_id="eleni-kim", date="2023-01-01")
    other = Quote(id="other", text="Someone else.", speaker="Someone", date="2023-01-01")
    return LibraryContent.of([council, person, placed, unplaced, other])


def _pack(sections: list[dict] | None = None) -> dict:
    return {"format": "briefing-pack", "version": 1, "title": "People brief", "marking": "OFFICIAL",
            "sections": sections or [
                {"title": "Quotes", "items": [{"kind": "quote", "id": "placed"}]},
                {"title": "Biographies", "items": [{"kind": "person", "id": "eleni-kim",
                                                     "note": "Met once before."}]}]}


def _document(template: str = "ministerial-brief", library: LibraryContent | None = None,
              sections: list[dict] | None = None) -> BriefingDocument:
    pack = pack_from_data(_pack(sections))
    return build_document(pack, library or _library(), load_template(template))


def _export(document: BriefingDocument, tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / f"people.{fmt}"
    get_exporter(fmt).export(document, path, ExportOptions())
    return path


def _person_blocks(document: BriefingDocument) -> list:
    start = next(i for i, b in enumerate(document.blocks)
                 if isinstance(b, Heading) and b.anchor == "item-person-eleni-kim")
    end = next(i for i, b in enumerate(document.blocks) if i > start and isinstance(b, Heading) and b.level < 3)
    return list(document.blocks[start:end])


def test_a_person_shows_every_field_in_the_template_order_with_text_as_typed() -> None:
    blocks = _person_blocks(_document())
    heading, figure, *rest = blocks
    assert heading.text == NAME
    assert isinstance(figure, Figure) and figure.alt == NAME and figure.image == _photo()
    # The role line (role, organisation, country) is set beside the photo.
    assert [[s.text for s in p.spans] for p in figure.beside] == [["Director-General, Ministry <i>&, Greece"]]
    paragraphs = [" ".join(s.text for s in b.spans) for b in rest if isinstance(b, Paragraph)]
    assert paragraphs[:5] == [f"First paragraph: {KOREAN}.", f"Second paragraph: {HOSTILE}", f"Third, {GREEK}.",
                              "Pronunciation:  EH-leh-nee", "Languages:  Greek, Korean"]
    headings = [b.text for b in rest if isinstance(b, Heading)]
    assert headings == ["Partnerships", "Quotes"]
    # The quote placed in the pack is a line linking to it; the other is quoted in full here.
    (in_full,) = [b for b in rest if isinstance(b, QuoteBlock)]
    assert in_full.text == f"Only under the biography: {KOREAN}." and in_full.speaker_href is None
    assert "Someone else." not in str(blocks)


def test_a_quote_whose_speaker_is_in_the_pack_links_to_the_biography() -> None:
    document = _document()
    (placed,) = [b for b in document.blocks if isinstance(b, QuoteBlock) and b.text == "We will work together."]
    assert placed.speaker_href == "#item-person-eleni-kim"
    alone = _document(sections=[{"title": "Quotes", "items": [{"kind": "quote", "id": "placed"}]}])
    (quote,) = [b for b in alone.blocks if isinstance(b, QuoteBlock)]
    assert quote.speaker_href is None  # the speaker is not in the pack: nothing to link to


def test_quotes_by_speaker_come_from_the_library_store_too(tmp_path: Path) -> None:
    with LibraryStore(tmp_path / "library.sqlite") as store:
        store.add_many(_library().items())
        pack = pack_from_data(_pack())
        document = build_document(pack, ItemLookup(store), load_template("ministerial-brief"))
    (in_full,) = [b for b in _person_blocks(document) if isinstance(b, QuoteBlock)]
    assert in_full.text == f"Only under the biography: {KOREAN}."


def test_word_has_the_photo_beside_the_text_with_the_name_as_alt_text(tmp_path: Path) -> None:
    path = _export(_document(), tmp_path, "docx")
    word = docx.Document(str(path))
    (shape,) = word.inline_shapes
    assert shape._inline.docPr.get("descr") == NAME  # python-docx has no public alt-text getter
    (table,) = [t for t in word.tables if t._tbl.xpath(".//pic:pic")]
    photo_cell, text_cell = table.rows[0].cells
    assert photo_cell._tc.xpath(".//pic:pic") and text_cell.text == "Director-General, Ministry <i>&, Greece"
    blob = word.part.related_parts[shape._inline.xpath(".//a:blip/@r:embed")[0]].blob
    assert blob == _photo()  # the original bytes
    texts = [p.text if not p.style.name.lower().startswith("toc") else "" for p in word.paragraphs]
    order = [NAME, f"First paragraph: {KOREAN}.", f"Second paragraph: {HOSTILE}", f"Third, {GREEK}.",
             "Pronunciation: EH-leh-nee", "Languages: Greek, Korean", "Partnerships", "Quotes"]
    at = texts.index(NAME)
    for text in order[1:]:  # each after the one before
        at = texts.index(text, at + 1)


def test_word_links_the_quote_attribution_to_the_biography(tmp_path: Path) -> None:
    word = docx.Document(str(_export(_document(), tmp_path, "docx")))
    (attribution,) = [p for p in word.paragraphs if p.text.startswith("\u2014 ") and "26 March 2024" in p.text]
    (link,) = attribution._p.findall(qn("w:hyperlink"))
    (heading,) = [p for p in word.paragraphs if p.text == NAME and p.style.name.startswith("Heading")]
    marks = [b.get(qn("w:name")) for b in heading._p.iter(qn("w:bookmarkStart"))]
    assert link.get(qn("w:anchor")) in marks


def test_pdf_has_the_text_in_order_an_image_on_the_page_and_the_link(tmp_path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(_export(_document(), tmp_path, "pdf"))
    texts = page_texts(reader)
    body = body_text(texts, "People brief")
    order = [NAME, "Director-General, Ministry <i>&, Greece", f"First paragraph: {KOREAN}.",
             f"Second paragraph: {HOSTILE}", f"Third, {GREEK}.", "Pronunciation: EH-leh-nee",
             "Languages: Greek, Korean", "Digital Partnership Council", f"Only under the biography: {KOREAN}."]
    positions = [body.index(squash(text)) for text in order]
    assert positions == sorted(positions)
    (page,) = [n for n, text in enumerate(texts, start=1) if "Biographies" in text and "Pronunciation" in text]
    assert len(reader.pages[page - 1].images) == 1
    assert not any(reader.pages[n].images for n in range(len(reader.pages)) if n != page - 1)
    quote_page = next(n for n, text in enumerate(texts, start=1) if "We will work together" in text)
    assert (quote_page, page) in internal_link_targets(reader)


def test_the_register_lists_people_between_quotes_and_sources_without_photos(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_export(_document(), tmp_path, "xlsx"))
    assert book.sheetnames == ["Overview", "Partnerships", "Priorities", "Quotes", "People", "Sources"]
    rows = list(book["People"].iter_rows(values_only=True))
    assert rows[0] == ("Section", "Position", "ID", "Name", "Role", "Organisation", "Country", "Biography",
                       "Pronunciation", "Languages", "Partnerships", "Tags", "Marking", "Last reviewed",
                       "Review due", "Sources", "Note")
    assert rows[1][:11] == ("Biographies", 1, "eleni-kim", NAME, "Director-General", "Ministry <i>&", "Greece",
                            BIOGRAPHY, "EH-leh-nee",
                            "Greek; Korean", "council")
    assert rows[1][-2:] == ("[1]", "Met once before.")
    assert not book["People"]._images
    overview = dict(book["Overview"].iter_rows(values_only=True))
    assert overview["Items"] == "2 (0 partnerships, 0 priorities, 1 quotes, 1 person)"


def test_the_one_pager_shows_one_line_per_person() -> None:
    blocks = _person_blocks(_document("meeting-one-pager"))
    assert [b.text for b in blocks if isinstance(b, Heading)] == [
        f"{NAME} — Director-General, Ministry <i>&"]
    assert not [b for b in blocks if isinstance(b, (Figure, QuoteBlock))]


def test_a_person_without_a_photo_has_no_figure_and_no_image(tmp_path: Path) -> None:
    library = LibraryContent.of([
        item if item.kind != "person" else Person(id="eleni-kim", name=NAME, role="Minister")
        for item in _library().items()])
    document = _document(library=library)
    assert not [b for b in document.blocks if isinstance(b, Figure)]
    word = docx.Document(str(_export(document, tmp_path, "docx")))
    assert not word.inline_shapes
    assert "Minister" in [p.text for p in word.paragraphs]


@pytest.mark.parametrize("template", ["ministerial-brief", "meeting-one-pager", "lines-to-take",
                                      "partnership-overview"])
def test_every_built_in_template_renders_people_in_all_three_formats(template: str, tmp_path: Path) -> None:
    document = _document(template)
    for fmt in ("docx", "pdf", "xlsx"):
        assert _export(document, tmp_path, fmt).stat().st_size > 0
    word = docx.Document(str(tmp_path / "people.docx"))
    assert any(re.match(re.escape(NAME), p.text) for p in word.paragraphs)


def test_the_ministerial_brief_ends_its_default_sections_with_biographies() -> None:
    titles = [section.title for section in load_template("ministerial-brief").sections]
    assert titles[-2:] == ["Quotes", "Biographies"]
