"""The sample pack in every built-in template: the same content in the same order in all three formats."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from briefing import resources
from tests.core.acceptance.conftest import Built
from tests.core.acceptance.pipeline import TEMPLATES, margins_mm, template_toml
from tests.core.acceptance.readback import (
    PdfOut,
    WordOut,
    first_missing_in_order,
    read_docx,
    read_pdf,
    read_xlsx,
    records,
    squash,
)

PACK = json.loads(resources.sample_pack_path().read_text(encoding="utf-8"))
LIBRARY = json.loads(resources.starter_library_path().read_text(encoding="utf-8"))
ITEMS = {(kind, item["id"]): item for kind, key in
         (("partnership", "partnerships"), ("priority", "priorities"), ("quote", "quotes"),
          ("person", "people"))
         for item in LIBRARY[key]}
LABEL = {"partnership": "name", "priority": "title", "quote": "speaker", "person": "name"}
SHEET = {"partnership": "Partnerships", "priority": "Priorities", "quote": "Quotes", "person": "People"}



@dataclass(frozen=True)
class Read:
    """One template's three outputs, read back."""

    word: WordOut
    pdf: PdfOut
    book: Any


@pytest.fixture(scope="module")
def outputs(sample_builds: dict[str, Built]) -> dict[str, Read]:
    """Every sample build read back once for this module."""
    return {name: Read(read_docx(b.paths["docx"]), read_pdf(b.paths["pdf"], margins_mm(name)),
                       read_xlsx(b.paths["xlsx"]))
            for name, b in sample_builds.items()}


def _placed() -> list[tuple[str, int, str, str]]:
    """(section title, position, kind, id) of every item of the sample pack, in pack order."""
    return [(section["title"], position, ref["kind"], ref["id"])
            for section in PACK["sections"]
            for position, ref in enumerate(section["items"], start=1)]


@pytest.mark.parametrize("template", TEMPLATES)
def test_word_headings_are_the_pdf_bookmarks(outputs: dict[str, Read], template: str) -> None:
    read = outputs[template]
    bookmarks = [(level, title) for level, title, _ in read.pdf.outline()]
    assert len(bookmarks) >= len(_placed()) + len(PACK["sections"])
    assert read.word.headings(2) == bookmarks


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_heading_stands_on_its_bookmarked_page_in_order(outputs: dict[str, Read], template: str) -> None:
    pdf = outputs[template].pdf
    last_page, position = 0, 0
    for _, title, page in pdf.outline():
        assert page >= last_page, f"bookmark {title!r} jumps back to page {page}"
        text = squash(pdf.bodies[page - 1])
        found = text.find(squash(title), position if page == last_page else 0)
        assert found >= 0, f"{title!r} is not on page {page} (after the heading before it)"
        last_page, position = page, found + len(squash(title))


@pytest.mark.parametrize("template", TEMPLATES)
def test_headings_follow_the_pack(outputs: dict[str, Read], template: str) -> None:
    headings = outputs[template].word.headings(2)
    cover = template_toml(template)["cover"]["enabled"]
    opening = [] if cover or not PACK.get("objectives") else ["Objectives"]
    sections = [s["title"] for s in PACK["sections"]]
    assert [text for level, text in headings if level == 1] == opening + sections + ["Sources"]
    items = [text for level, text in headings if level == 2]
    labels = [ITEMS[(kind, item_id)][LABEL[kind]] for _, _, kind, item_id in _placed()]
    assert len(items) == len(labels)
    assert all(text.startswith(label) for text, label in zip(items, labels)), list(zip(items, labels))


@pytest.mark.parametrize("template", TEMPLATES)
def test_word_text_reads_in_the_same_order_in_the_pdf(outputs: dict[str, Read], template: str) -> None:
    read = outputs[template]
    flowing = read.word.flowing()
    assert len(flowing) > 50
    missing = first_missing_in_order(flowing, read.pdf.body())
    assert missing is None, f"Word text missing from the PDF, or out of order: {missing[:120]!r}"


@pytest.mark.parametrize("template", TEMPLATES)
def test_register_lists_every_item_in_pack_order(outputs: dict[str, Read], template: str) -> None:
    book = outputs[template].book
    assert book.sheetnames == ["Overview", "Partnerships", "Priorities", "Quotes", "People", "Sources"]
    for kind, sheet in SHEET.items():
        rows = [(r["Section"], r["Position"], r["ID"]) for r in records(book[sheet])]
        assert rows == [(s, p, i) for s, p, k, i in _placed() if k == kind], sheet


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_quote_reads_the_same_in_all_three(outputs: dict[str, Read], template: str) -> None:
    read = outputs[template]
    word_quotes = read.word.texts("Quote")
    register = {r["ID"]: r["Quote"] for r in records(read.book["Quotes"])}
    body = read.pdf.body()
    for _, _, kind, item_id in _placed():
        if kind == "quote":
            text = ITEMS[(kind, item_id)]["text"]
            assert register[item_id] == text
            assert any(text in shown for shown in word_quotes), item_id
            assert squash(text) in body, item_id
    # Quotes shown in full under partnerships too: every one Word sets is in the PDF, in order.
    assert first_missing_in_order([squash(q) for q in word_quotes], body) is None


@pytest.mark.parametrize("template", TEMPLATES)
def test_sources_annex_matches_the_register(outputs: dict[str, Read], template: str) -> None:
    read = outputs[template]
    entries = [re.match(r"^\[(\d+)\]\s*(.*)$", text, re.S) for text in read.word.texts("Source Entry")]
    assert entries and all(entries), read.word.texts("Source Entry")
    register = [(r["No."], r["Title"]) for r in records(read.book["Sources"])]
    assert [int(m.group(1)) for m in entries] == [n for n, _ in register] == list(range(1, len(register) + 1))
    for match, (number, title) in zip(entries, register):
        assert match.group(2).startswith(title), (number, title)
    annex = read.pdf.body(first_page=read.pdf.outline()[-1][2])
    assert first_missing_in_order([squash(f"[{n}]{title}") for n, title in register], annex) is None
