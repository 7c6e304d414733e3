"""Word layout: the title without a cover, what keeps with what, the footer, compact rhythm."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import docx
from docx.shared import Pt
from lxml import etree

from briefing.docmodel import BriefingDocument, FactTable, Heading, Paragraph, Span, Style
from briefing.exporters import ExportOptions
from briefing.exporters.docx import DocxExporter
from tests.core.exporters.sample import sample_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _export(document: BriefingDocument, tmp_path: Path, name: str = "x.docx") -> Path:
    path = tmp_path / name
    DocxExporter().export(document, path, ExportOptions())
    return path


def _uncovered(*blocks: object, title: str = "Brief for the Council", style: Style = Style()) -> BriefingDocument:
    base = sample_document()
    return dataclasses.replace(base, cover=None, contents=False, style=style, blocks=tuple(blocks),
                               properties=dataclasses.replace(base.properties, title=title))


def _size(style: docx.styles.style.BaseStyle) -> float:
    while style.font.size is None:
        style = style.base_style
    return style.font.size.pt


def test_the_title_without_a_cover_is_set_larger_than_any_heading(tmp_path: Path) -> None:
    document = _uncovered(Paragraph((Span("Brief for the Council"),), role="title"),
                          Paragraph((Span("Second meeting"),), role="intro"),
                          Heading("Objectives", 1, "objectives"))
    word = docx.Document(str(_export(document, tmp_path)))
    title, subtitle, heading = word.paragraphs[:3]
    assert (title.text, title.style.name) == ("Brief for the Council", "Title")
    assert subtitle.style.name == "Intro" and heading.style.name == "Heading 1"
    assert _size(title.style) > 1.4 * _size(heading.style)
    assert title.style.font.bold and title.style.paragraph_format.keep_with_next


def test_an_intro_or_a_note_keeps_with_what_follows_it(tmp_path: Path) -> None:
    word = docx.Document(str(_export(sample_document(), tmp_path)))
    for name in ("Intro", "Note"):
        kept = word.styles[name].paragraph_format
        assert kept.keep_with_next and kept.keep_together, name
    assert not word.styles["Normal"].paragraph_format.keep_with_next


def _cell_keeps(path: Path) -> list[bool]:
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    (table,) = body.iter(W + "tbl")
    return [p.find(f"{W}pPr/{W}keepNext") is not None for p in table.iter(W + "p")]


def test_a_short_fact_table_keeps_with_the_summary_after_it(tmp_path: Path) -> None:
    rows = (("Partners", "European Union; Republic of Korea"), ("Status", "Active"))
    summary = Paragraph((Span("The summary."),))
    assert _cell_keeps(_export(_uncovered(FactTable(rows), summary), tmp_path)) == [True] * 4
    # A table too long to keep whole is let split, as before.
    long_rows = (("Partners", "A; " * 400), ("Status", "Active"))
    assert _cell_keeps(_export(_uncovered(FactTable(long_rows), summary), tmp_path, "y.docx")) == [False] * 4


def _footer_pieces(path: Path) -> list[str]:
    section = docx.Document(str(path)).sections[0]
    (paragraph,) = section.footer.paragraphs
    pieces = [""]
    for node in paragraph._p.xpath("./w:r/w:t | ./w:r/w:tab"):
        if node.tag == W + "tab":
            pieces.append("")
        else:
            pieces[-1] += node.text or ""
    return pieces


def test_the_footer_carries_the_title_then_the_marking_and_page(tmp_path: Path) -> None:
    short = _footer_pieces(_export(_uncovered(title="Brief for the Council"), tmp_path))
    assert short == ["Brief for the Council", "OFFICIAL", "Page 1 of 1"]
    long_title = "Brief for the ROK-EU Digital Partnership Council and its working groups " * 3
    cut = _footer_pieces(_export(_uncovered(title=long_title), tmp_path, "long.docx"))
    assert cut[1:] == ["OFFICIAL", "Page 1 of 1"]
    assert cut[0].endswith("…") and long_title.startswith(cut[0][:-1]) and 30 < len(cut[0]) < 60
    # A longer marking leaves the title less room.
    wide = dataclasses.replace(_uncovered(title=long_title), marking="OFFICIAL-SENSITIVE")
    assert len(_footer_pieces(_export(wide, tmp_path, "wide.docx"))[0]) < len(cut[0])


def test_a_compact_style_tightens_spacing_and_lines(tmp_path: Path) -> None:
    roomy = docx.Document(str(_export(_uncovered(), tmp_path)))
    tight = docx.Document(str(_export(_uncovered(style=Style(compact=True)), tmp_path, "c.docx")))
    for name in ("Heading 1", "Heading 2", "Normal", "List Bullet", "Quote", "Note"):
        before, after = roomy.styles[name].paragraph_format, tight.styles[name].paragraph_format
        assert after.space_after < before.space_after or before.space_after == Pt(0), name
        assert after.space_before <= before.space_before, name
        assert after.line_spacing < before.line_spacing or before.line_spacing <= 1.05, name
    assert tight.styles["Heading 1"].paragraph_format.space_before == Pt(18 * 0.6)
    assert tight.styles["Normal"].paragraph_format.line_spacing == 1.05


def test_the_cover_shows_the_marking_in_the_body_only_without_a_header_marking(tmp_path: Path) -> None:
    headed = docx.Document(str(_export(sample_document(), tmp_path)))
    assert "OFFICIAL" not in [p.text for p in headed.paragraphs[:3]]
    bare = dataclasses.replace(sample_document(), style=Style(marking_in_header=False))
    unheaded = docx.Document(str(_export(bare, tmp_path, "bare.docx")))
    first = unheaded.paragraphs[0]
    assert (first.text, first.style.name) == ("OFFICIAL", "Marking")
