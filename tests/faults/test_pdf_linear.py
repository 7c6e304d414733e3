"""The PDF's layout costs time in proportion to its text: long notes and summaries, titles
of line breaks and words without spaces come out whole, in seconds (issue 9, finding 4)."""

from __future__ import annotations

import random
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.build import build_pack
from briefing.docmodel import BriefingDocument, Cover, Heading, Paragraph, Properties, Span, Style
from briefing.exporters.pdf import PdfExporter
from briefing.packs import write_pack
from tests.core import pack_content
from tests.faults import tally

WORDS = ("partnership", "digital", "council", "한국", "Ψηφιακή", "cooperation", "on", "the",
         "semiconductors,", "research.", "(2024)", "and")


def words(count: int, seed: int = 1) -> str:
    """`count` characters of words, with a line break now and then."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < count:
        word = rng.choice(WORDS) + ("\n" if rng.random() < 0.01 else " ")
        out.append(word)
        size += len(word)
    return "".join(out)[:count].strip() + "."


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_body(path: Path) -> str:
    """The text inside the pages' margins (no header, footer or watermark), squashed."""
    parts: list[str] = []

    def visit(text: str, cm: list, tm: list, _font: object, _size: object) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if 45 < y < 800 and text.strip() != "DRAFT":  # A4, 20 mm margins: header and footer
            parts.append(text)

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return squash("".join(parts))


@pytest.mark.parametrize("field", ["note", "summary"])
def test_a_100000_character_note_or_summary_builds_whole_in_seconds(
        field: str, tmp_path: Path) -> None:
    long = words(100_000, seed=3)
    library = pack_content.library()
    pack = pack_content.pack()
    if field == "summary":
        chips = replace(library.priorities[0], summary=long)
        library = replace(library, priorities=(chips, *library.priorities[1:]))
    else:
        section = pack.sections[0]
        ref = replace(section.items[0], note=long)
        pack = replace(pack, sections=(replace(section, items=(ref, *section.items[1:])),
                                       *pack.sections[1:]))
    write_pack(pack, tmp_path / "long.briefpack")
    start = time.process_time()
    result = build_pack(tmp_path / "long.briefpack", formats="all", out=tmp_path / "out",
                        library=library)
    assert time.process_time() - start < 30  # quadratic layout took minutes
    [pdf] = [p for p in result.paths if p.suffix == ".pdf"]
    assert squash(long) in pdf_body(pdf)
    assert pdf.stat().st_size < 3_000_000
    tally.count("generated inputs")


def _export(document: BriefingDocument, path: Path) -> float:
    start = time.process_time()
    PdfExporter().export(document, path)
    return time.process_time() - start


def test_layout_time_grows_linearly_with_the_text(tmp_path: Path) -> None:
    def document(size: int) -> BriefingDocument:
        return BriefingDocument(properties=Properties(title="Linear"), blocks=(
            Heading("Item", 1, "item"),
            Paragraph((Span("Note: ", bold=True), Span(words(size))), role="note"),
            Paragraph((Span(words(size, seed=2)),)),
        ))

    small, large = document(10_000), document(100_000)
    _export(small, tmp_path / "warm.pdf")  # fonts registered, code warm
    small_time = min(_export(small, tmp_path / "small.pdf") for _ in range(3))
    large_time = _export(large, tmp_path / "large.pdf")
    # Ten times the text: about ten times the time. The quadratic layout gave 35 and more.
    assert large_time / max(small_time, 0.01) < 15, (small_time, large_time)
    assert squash(words(100_000)) in pdf_body(tmp_path / "large.pdf")


def _title_document(title: str) -> BriefingDocument:
    return BriefingDocument(
        properties=Properties(title=title), style=Style(page_numbers=False),
        cover=Cover(title=title), contents=True,
        blocks=(Heading(title, 1, "long"), Paragraph((Span("after the heading"),))))


@pytest.mark.parametrize("kind", ["line breaks", "no spaces", "one long word in words"])
def test_hostile_titles_come_out_whole_in_seconds(kind: str, tmp_path: Path) -> None:
    title = {"line breaks": "a\n" * 5_000 + "end",
             "no spaces": "x" * 60_000 + "end",
             "one long word in words": words(3_000) + " " + "y" * 20_000 + " " + words(3_000)}[kind]
    seconds = _export(_title_document(title), tmp_path / "title.pdf")
    assert seconds < 30
    body = pdf_body(tmp_path / "title.pdf")
    assert body.count(squash(title)) == 2  # on the cover and as the heading
    reader = PdfReader(tmp_path / "title.pdf")
    assert len(reader.outline) == 1 and len(str(reader.outline[0].title)) <= 301
    if kind == "line breaks":  # a few line breaks kept, the rest print as spaces: "a a a …"
        assert len(reader.pages) < 20  # (5,000 lines of a title would fill 300 pages)
    tally.count("generated inputs")
