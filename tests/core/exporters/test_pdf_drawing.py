"""PDF drawing on reportlab's public API: links where their text is, the story platypus
consumes, and no private reportlab name outside a compat module."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from pypdf import PdfReader
from reportlab.platypus import Spacer

from briefing.docmodel import BriefingDocument, Heading, PageBreak, Paragraph, Properties, Span
from briefing.exporters.pdf.story import Story
from tests.core.exporters.pdfread import annotations, body_text, export, page_texts, squash

REPO = Path(__file__).resolve().parents[3]


def test_story_behaves_as_the_list_platypus_expects() -> None:
    items = [Spacer(1, n) for n in range(6)]
    story, model = Story(items), list(items)
    for s in (story, model):
        del s[0]
        s.insert(0, items[5])
        s[0:0] = [items[3], items[4]]
        s[1] = None
        del s[:2]
    assert len(story) == len(model)
    assert [story[i] for i in range(len(story))] == model
    assert story[:3] == model[:3] and story[-1] is model[-1]


def _runs(reader: PdfReader, page: int) -> list[tuple[str, float, float]]:
    """(text, x, y) of every text run on a page."""
    runs: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list, tm: list, _font: object, _size: object) -> None:
        if text.strip():
            runs.append((text.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
                         tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    reader.pages[page].extract_text(visitor_text=visit)
    return runs


def test_links_are_borderless_exact_and_over_their_text(tmp_path: Path) -> None:
    urls = ["https://example.org/a?b=(1)", "https://example.org/ü"]
    doc = BriefingDocument(properties=Properties(title="Links"), blocks=(
        Heading("Target", 1, "there"), Paragraph((Span("text"),)), PageBreak(),
        Paragraph((Span("See "), Span("[1]", href="#there"), Span(" and "),
                   Span("one", href=urls[0]), Span(" two", href=urls[1]))),
    ))
    reader = export(doc, tmp_path / "links.pdf")
    annots = [a for page, a in annotations(reader) if page == 2]
    # A PDF URI is 7-bit ASCII: non-ASCII characters are percent-encoded as UTF-8.
    assert [str(a["/A"]["/URI"]) for a in annots if "/A" in a] == [urls[0], "https://example.org/%C3%BC"]
    assert unquote("https://example.org/%C3%BC") == urls[1]
    assert all(list(a["/Border"]) == [0, 0, 0] for a in annots)
    internal = [a for a in annots if "/Dest" in a]
    assert len(internal) == 1
    assert reader.get_page_number(internal[0]["/Dest"][0].get_object()) == 0
    x1, y1, x2, y2 = (float(v) for v in internal[0]["/Rect"])
    x, y = next((x, y) for text, x, y in _runs(reader, 1) if "[1]" in text)
    # The text run starting "See [1]" begins left of the link, on its baseline.
    assert y1 <= y <= y2 and x <= x1 < x2


def test_no_private_reportlab_name_is_used() -> None:
    pattern = re.compile(r"reportlab\.[\w.]*\._|from reportlab[\w.]* import .*\b_\w")
    offenders = [f"{path.relative_to(REPO)}:{n}" for path in (REPO / "briefing").rglob("*.py")
                 for n, line in enumerate(path.read_text().splitlines(), start=1)
                 if pattern.search(line)]
    assert offenders == []


def test_reportlab_is_in_the_tested_range_with_its_c_accelerator() -> None:
    import tomllib

    import reportlab
    from reportlab.lib import rl_accel

    pins = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    assert "reportlab>=4.1,<6" in pins and any(p.startswith("rl-accel") for p in pins)
    major, minor = (int(part) for part in reportlab.Version.split(".")[:2])
    assert (4, 1) <= (major, minor) < (6, 0), reportlab.Version
    # Without rl-accel every width and number goes through pure Python: twice the time.
    assert rl_accel.fp_str.__module__ != rl_accel.__name__


def test_a_long_note_is_one_box_across_its_pieces(tmp_path: Path) -> None:
    text = " ".join(f"word{n}" for n in range(2500))  # 20,000 characters: several pieces
    doc = BriefingDocument(properties=Properties(title="Note"), blocks=(
        Heading("Item", 1, "item"), Paragraph((Span("Note: ", bold=True), Span(text)), role="note")))
    reader = export(doc, tmp_path / "note.pdf")
    streams = b"".join(page.get_contents().get_data() for page in reader.pages)
    # Each piece fills its background; no piece strokes a box of its own (which would draw
    # a rule across the note where one piece meets the next): the sides are lines.
    assert streams.count(b" re f") >= 4
    assert b" re B" not in streams and b" re S" not in streams
    assert squash(text) in body_text(page_texts(reader), "Note")
