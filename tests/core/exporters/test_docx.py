"""Word exporter: read the .docx back (python-docx, zipfile + lxml) and compare with the document."""

from __future__ import annotations

import dataclasses
import datetime as dt
import string
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from briefing.docmodel import (
    BriefingDocument,
    BulletList,
    FactTable,
    Heading,
    Paragraph,
    QuoteBlock,
    SourceList,
    Span,
    Style,
    Table,
)
from briefing.errors import Cancelled, ExportError
from briefing.exporters import DocxSettings, ExportOptions, get_exporter
from briefing.exporters.docx import DocxExporter
from briefing.safezip import ZipLimits
from tests.core.exporters.sample import GREEK, HOSTILE, KOREAN, sample_document

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "v": "urn:schemas-microsoft-com:vml"}
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def export(document: BriefingDocument, path: Path,
           options: ExportOptions | None = None) -> tuple[str, ...]:
    return DocxExporter().export(document, path, options or ExportOptions())


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def parts_named(path: Path, prefix: str) -> list[etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return [etree.fromstring(archive.read(n)) for n in sorted(archive.namelist())
                if n.startswith(prefix) and n.endswith(".xml")]


def texts(el: etree._Element) -> str:
    return "".join(el.xpath(".//w:t/text()", namespaces=NS))


def tab_stops_text(el: etree._Element) -> list[str]:
    """The text of a header or footer, split where it moves to the next tab stop."""
    pieces = [""]
    for node in el.xpath(".//w:r/w:t | .//w:r/w:tab", namespaces=NS):
        if etree.QName(node).localname == "tab":
            pieces.append("")
        else:
            pieces[-1] += node.text or ""
    return pieces


def expected_paragraphs(document: BriefingDocument) -> list[str]:
    """What the body should read, paragraph by paragraph, for non-table blocks."""
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Paragraph):
            out.append("".join(s.text for s in block.spans))
        elif isinstance(block, BulletList):
            out.extend("".join(s.text for s in item) for item in block.items)
        elif isinstance(block, QuoteBlock):
            out.append(block.text)
            out += [block.translation] if block.translation else []
            out.append("— " + block.attribution)
        elif isinstance(block, SourceList):
            out.extend(f"[{e.number}]\t" + "".join(s.text for s in e.spans) for e in block.entries)
    return out


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "brief.docx"
    assert export(sample_document(draft=True), path) == ()
    return path


def test_registry_loads_the_word_exporter() -> None:
    exporter = get_exporter("docx")
    assert (exporter.format_id, exporter.extension, exporter.label) == ("docx", ".docx", "Word")


def test_body_reads_like_the_document_in_order(sample_file: Path) -> None:
    document = sample_document(draft=True)
    paragraphs = [p.text for p in docx.Document(str(sample_file)).paragraphs]
    body = paragraphs[paragraphs.index("Contents") + 1 + len(document.headings()):]
    assert [t for t in body if t] == expected_paragraphs(document)


def test_headings_use_heading_styles_in_order(sample_file: Path) -> None:
    document = sample_document()
    found = [(p.style.name, p.text) for p in docx.Document(str(sample_file)).paragraphs
             if p.style.name.startswith("Heading")]
    assert found == [(f"Heading {b.level}", b.text) for b in document.blocks if isinstance(b, Heading)]


def test_roles_get_distinct_styles(sample_file: Path) -> None:
    styles = {p.text: p.style.name for p in docx.Document(str(sample_file)).paragraphs}
    assert styles["Partnerships at the heart of this meeting."] == "Intro"
    assert styles["Note: Lead on semiconductors."] == "Note"
    assert styles["Sources: [1], [2]"] == "Caption"
    assert styles["We value the partnership."] == "Line To Take"
    assert styles["If pressed: cooperation continues."] == "Defensive Line"
    assert styles["First Digital Partnership Council held in Seoul"] == "List Bullet"
    assert styles["Agree the next steps on 6G research cooperation"] == "List Number"
    assert styles["디지털 파트너십은 중요합니다."] == "Quote"
    assert styles["The digital partnership matters."] == "Quote Translation"
    assert styles["— Lee Jong-Ho, Minister of Science and ICT, 2022"] == "Attribution"


def test_hostile_and_multiscript_text_is_literal(sample_file: Path) -> None:
    body = "\n".join(p.text for p in docx.Document(str(sample_file)).paragraphs)
    for text in (HOSTILE, GREEK, KOREAN, "=SUM(A1:A3)"):
        assert text in body
    assert b"<para>" not in zipfile.ZipFile(sample_file).read("word/document.xml")


def test_tabs_newlines_and_long_text(tmp_path: Path) -> None:
    long_quote = "Λόγος 말 & <b> " * 2500  # 40,000 characters
    extra = (Paragraph((Span("one\ttwo\nthree {{ x }}"),)), QuoteBlock(long_quote, "Someone"))
    path = tmp_path / "t.docx"
    export(sample_document(extra_blocks=extra), path)
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "one\ttwo\nthree {{ x }}" in paragraphs
    assert long_quote in paragraphs
    root = part(path, "word/document.xml")
    run = root.xpath("//w:r[w:t='one']", namespaces=NS)[0]
    kinds = [etree.QName(c).localname for c in run]
    assert [k for k in kinds if k != "rPr"] == ["t", "tab", "t", "br", "t"]


def test_marking_in_header_and_footer_with_page_fields(sample_file: Path) -> None:
    headers = parts_named(sample_file, "word/header")
    footers = parts_named(sample_file, "word/footer")
    assert len(headers) == 2 and len(footers) == 2  # cover page and the rest
    assert all("OFFICIAL" in texts(h) for h in headers + footers)
    codes = [" ".join(f.xpath("//w:instrText/text()", namespaces=NS)).split() for f in footers]
    assert sorted(codes) == [[], ["PAGE", "NUMPAGES"]]  # no page number on the cover
    section = docx.Document(str(sample_file)).sections[0]
    assert section.different_first_page_header_footer
    assert section.footer.paragraphs[0].text.endswith("Page 1 of 1")


def test_marking_placement_follows_the_style(tmp_path: Path) -> None:
    document = dataclasses.replace(sample_document(), cover=None,
                                   style=Style(marking_in_header=False, page_numbers=False))
    path = tmp_path / "m.docx"
    export(document, path)
    (header,), (footer,) = parts_named(path, "word/header"), parts_named(path, "word/footer")
    assert "OFFICIAL" not in texts(header)
    # The footer: the title (cut to its third of the line), a tab, the marking; no page number.
    title, marking = tab_stops_text(footer)
    assert marking == "OFFICIAL" and title
    assert document.properties.title.startswith(title.removesuffix("…"))
    assert not footer.xpath("//w:instrText", namespaces=NS)
    assert not docx.Document(str(path)).sections[0].different_first_page_header_footer


def test_contents_field_is_prefilled_and_linked(sample_file: Path) -> None:
    root = part(sample_file, "word/document.xml")
    assert root.xpath("//w:instrText/text()", namespaces=NS) == [' TOC \\o "1-2" \\h \\z \\u ']
    entries = root.xpath("//w:p[w:pPr/w:pStyle[@w:val='TOC1' or @w:val='TOC2']]", namespaces=NS)
    document = sample_document()
    assert [texts(e) for e in entries] == [h.text for h in document.headings(2)]
    bookmarks = set(root.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    for entry in entries:
        (anchor,) = entry.xpath("w:hyperlink/@w:anchor", namespaces=NS)
        assert anchor in bookmarks
    kinds = root.xpath("//w:fldChar/@w:fldCharType", namespaces=NS)
    assert kinds == ["begin", "separate", "end"]
    settings = part(sample_file, "word/settings.xml")
    assert not settings.xpath("//w:updateFields", namespaces=NS)
    assert not root.xpath("//w:fldChar[@w:dirty]", namespaces=NS)


def test_bookmarks_are_valid_and_links_reach_them(sample_file: Path) -> None:
    root = part(sample_file, "word/document.xml")
    names = root.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    assert len(names) == len(set(names))
    assert all(len(n) <= 40 and n[0].isalpha() and n.replace("_", "").isalnum() and n.isascii()
               for n in names)
    for anchor in root.xpath("//w:hyperlink/@w:anchor", namespaces=NS):
        assert anchor in names
    meta = root.xpath("//w:p[.//w:t='[1]' and w:pPr/w:pStyle/@w:val='Caption']", namespaces=NS)[0]
    target = meta.xpath("w:hyperlink/@w:anchor", namespaces=NS)[0]
    source = root.xpath(f"//w:p[w:bookmarkStart/@w:name='{target}']", namespaces=NS)[0]
    assert texts(source).startswith("[1]ROK-EU Digital Partnership")


def test_bookmark_names_for_awkward_anchors() -> None:
    from briefing.exporters.docx.fields import Bookmarks

    anchors = ["sec-1", "sec_1", "1-intro", "item-" + "x" * 80, "item-" + "x" * 79 + "y", "ü-δ", ""]
    marks = Bookmarks(anchors)
    names = [marks.name(a) for a in anchors[:-1]]
    assert len(set(names)) == len(names)
    assert all(n and len(n) <= 40 and n[0].isascii() and n[0].isalpha() for n in names)
    allowed = set(string.ascii_letters + string.digits + "_")
    assert all(set(n) <= allowed for n in names)
    assert Bookmarks(anchors).name("sec-1") == marks.name("sec-1") == "sec_1"
    assert marks.name("") is None and marks.name("missing") is None


def test_only_safe_links_become_live(tmp_path: Path) -> None:
    extra = (Paragraph((Span("bad", href="javascript:alert(1)"), Span(" mail", href="mailto:a@b.org"),
                        Span(" file", href="file:///etc/passwd"), Span(" nowhere", href="#no-such"))),)
    path = tmp_path / "l.docx"
    export(sample_document(extra_blocks=extra), path)
    rels = part(path, "word/_rels/document.xml.rels")
    targets = sorted(r.get("Target") for r in rels if r.get("Type") == HYPERLINK_REL)
    assert targets == ["https://digital-strategy.ec.europa.eu/", "mailto:a@b.org", "mailto:officer@example.org"]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                assert b"javascript" not in archive.read(name).lower()
    paragraph = next(p for p in docx.Document(str(path)).paragraphs if p.text.startswith("bad"))
    assert paragraph.text == "bad mail file nowhere"
    assert [h.address for h in paragraph.hyperlinks if h.address] == ["mailto:a@b.org"]


def test_table_header_repeats_and_fits_the_text_width(sample_file: Path) -> None:
    tables = docx.Document(str(sample_file)).tables
    data = next(t for t in tables if t.cell(0, 0).text == "Meeting" and len(t.rows) > 5)
    assert [c.text for c in data.rows[0].cells] == ["Meeting", "Date", "Outcome"]
    assert len(data.rows) == 31 and data.rows[30].cells[0].text == "Working group meeting 30"
    first_row = data._tbl.tr_lst[0]
    assert first_row.xpath("w:trPr/w:tblHeader")
    assert all(r.bold for c in data.rows[0].cells for p in c.paragraphs for r in p.runs)
    section = docx.Document(str(sample_file)).sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    widths = [int(w) for w in data._tbl.xpath("w:tblGrid/w:gridCol/@w:w")]
    assert abs(sum(widths) * 635 - text_width) < 635 * 3  # twips to EMU
    assert widths[0] / widths[2] == pytest.approx(3 / 4, rel=0.01)


def test_fact_table_labels_are_bold_and_shaded(sample_file: Path) -> None:
    facts = next(t for t in docx.Document(str(sample_file)).tables if t.cell(0, 0).text == "Partners")
    assert [[c.text for c in row.cells] for row in facts.rows][1] == ["Established", "28 November 2022"]
    label = facts.cell(0, 0)
    assert label._tc.xpath("w:tcPr/w:shd/@w:fill")
    assert all(r.bold for r in label.paragraphs[0].runs)
    assert not facts._tbl.xpath(".//w:tblHeader")


def test_cover_page(sample_file: Path) -> None:
    document = docx.Document(str(sample_file))
    paragraphs = [p.text for p in document.paragraphs]
    # The marking is in the header, so the cover opens with the title.
    assert paragraphs[:2] == ["Brief for the ROK-EU Digital Partnership Council",
                              "Second meeting of the Council"]
    assert document.paragraphs[0].style.name == "Title"
    grid = document.tables[0]
    assert [c.text for c in grid.rows[3].cells] == ["Requested by", "Director-General"]
    assert grid._tbl.xpath("w:tblPr/w:tblBorders/w:top/@w:val") == ["nil"]
    assert paragraphs[2:5] == ["Objectives", "Secure agreement on a joint 6G research call",
                               "Agree the semiconductor dialogue"]
    contents = document.paragraphs[5]
    assert contents.text == "Contents" and contents.paragraph_format.page_break_before


def test_numbered_lists_restart(sample_file: Path) -> None:
    root = part(sample_file, "word/document.xml")
    ids = root.xpath("//w:p[w:pPr/w:pStyle/@w:val='ListNumber']/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
    assert len(ids) == 4 and ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]
    numbering = part(sample_file, "word/numbering.xml")
    for num_id in (ids[0], ids[2]):
        assert numbering.xpath(f"//w:num[@w:numId='{num_id}']/w:lvlOverride/w:startOverride/@w:val",
                               namespaces=NS) == ["1"]


def test_watermark_only_on_drafts(sample_file: Path, tmp_path: Path) -> None:
    for header in parts_named(sample_file, "word/header"):
        shapes = header.xpath("//v:shape/v:textpath/@string", namespaces=NS)
        assert shapes == ["DRAFT"]
    path = tmp_path / "final.docx"
    export(sample_document(draft=False), path)
    assert all(not h.xpath("//v:shape", namespaces=NS) for h in parts_named(path, "word/header"))


def test_core_properties(tmp_path: Path) -> None:
    long_title = "T" * 300
    document = sample_document()
    document = dataclasses.replace(document, properties=dataclasses.replace(document.properties, title=long_title))
    path = tmp_path / "p.docx"
    export(document, path)
    core = docx.Document(str(path)).core_properties
    assert len(core.title) == 255 and core.title.endswith("…") and core.title.startswith("TTT")
    assert core.author == "International Digital Relations Unit"
    assert core.subject == "Digital Partnership Council, Seoul"
    assert core.keywords == "Korea, digital partnership"
    assert core.category == "OFFICIAL"
    assert core.created == core.modified == dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
    assert core.last_modified_by == core.author and core.comments == ""
    with zipfile.ZipFile(path) as archive:
        assert "docProps/thumbnail.jpeg" not in archive.namelist()


def test_east_asian_font_is_set(sample_file: Path) -> None:
    styles = part(sample_file, "word/styles.xml")
    defaults = styles.xpath("//w:docDefaults/w:rPrDefault/w:rPr", namespaces=NS)[0]
    assert defaults.xpath("w:rFonts/@w:eastAsia", namespaces=NS) == ["NanumGothic"]
    assert defaults.xpath("w:lang/@w:eastAsia", namespaces=NS) == ["ko-KR"]
    normal = styles.xpath("//w:style[@w:styleId='Normal']/w:rPr/w:rFonts", namespaces=NS)[0]
    assert normal.get(f"{{{W_NS}}}eastAsia") == "NanumGothic" and normal.get(f"{{{W_NS}}}ascii") == "Noto Sans"
    assert not styles.xpath("//@w:eastAsiaTheme", namespaces=NS)


def test_page_size_and_margins(tmp_path: Path) -> None:
    document = dataclasses.replace(sample_document(), style=Style(page_size="Letter", margins_mm=(25, 15, 25, 30)))
    path = tmp_path / "letter.docx"
    export(document, path)
    section = docx.Document(str(path)).sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (8.5, 11.0)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15


def test_section_page_breaks(tmp_path: Path) -> None:
    document = dataclasses.replace(sample_document(), style=Style(section_page_breaks=True))
    path = tmp_path / "b.docx"
    export(document, path)
    breaks = [p.text for p in docx.Document(str(path)).paragraphs if p.paragraph_format.page_break_before]
    # "Objectives" already starts a page (after the contents); "Sources" follows a PageBreak.
    assert breaks == ["Contents", "Objectives", "Background", "Lines to take", "Sources"]


def test_reproducible_with_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    document = dataclasses.replace(sample_document(draft=True), properties=dataclasses.replace(
        sample_document().properties, created=None))
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    export(document, first)
    export(document, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert archive.namelist()[0] == "[Content_Types].xml"
    assert docx.Document(str(first)).core_properties.created == dt.datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def test_progress_and_cancel(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    path = tmp_path / "p.docx"
    export(sample_document(), path, ExportOptions(progress=lambda d, t: seen.append((d, t))))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] and len(seen) > len(sample_document().blocks)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    path.write_bytes(b"earlier")
    calls = iter(range(100))
    with pytest.raises(Cancelled):
        export(sample_document(), path, ExportOptions(cancelled=lambda: next(calls) > 5))
    assert path.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.docx"]


def test_unwritable_target_gives_export_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="not-a-folder"):
        export(sample_document(), blocker / "brief.docx")
    folder_in_the_way = tmp_path / "brief.docx"
    (folder_in_the_way / "inside").mkdir(parents=True)
    with pytest.raises(ExportError, match=r"brief\.docx"):
        export(sample_document(), folder_in_the_way)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.docx", "not-a-folder"]


def test_empty_and_edge_blocks(tmp_path: Path) -> None:
    document = BriefingDocument(
        properties=dataclasses.replace(sample_document().properties, title=""),
        contents=True,
        blocks=(FactTable(()), Table((), ()), BulletList(()), Table(("A",), ()),
                Table(("A", "B"), (((Span("1"),), (Span("2"),)),), widths=(0, -1)),
                FactTable((("Only", "row"),))),
    )
    path = tmp_path / "e.docx"
    assert export(document, path) == ()
    tables = docx.Document(str(path)).tables
    rows = [[c.text for c in r.cells] for t in tables for r in t.rows]
    assert rows == [["A"], ["A", "B"], ["1", "2"], ["Only", "row"]]
    root = part(path, "word/document.xml")
    body = root.find(f"{{{W_NS}}}body")
    assert etree.QName(body[-2]).localname == "p" and etree.QName(body[-1]).localname == "sectPr"


def with_reference(document: BriefingDocument, reference: Path) -> BriefingDocument:
    """`document` as the builder makes it for a template with `reference` as its reference.docx."""
    return dataclasses.replace(document, format_settings={"docx": DocxSettings(reference=reference)})


def make_reference(path: Path, *, drop_styles: tuple[str, ...] = ()) -> Path:
    """A letterhead-like reference.docx: some content, a header, awkward settings."""
    reference = docx.Document()
    reference.add_paragraph("Letterhead sample text")
    reference.sections[0].header.paragraphs[0].text = "Old letterhead header"
    for name in drop_styles:
        element = reference.styles[name].element
        element.getparent().remove(element)
    settings = reference.settings.element
    settings.append(settings.makeelement(f"{{{W_NS}}}updateFields", {f"{{{W_NS}}}val": "true"}))
    reference.save(str(path))
    return path


def test_reference_styles_are_kept_and_missing_ones_created(tmp_path: Path) -> None:
    reference = make_reference(tmp_path / "reference.docx", drop_styles=("Quote",))
    document = with_reference(sample_document(), reference)
    path = tmp_path / "r.docx"
    (warning,) = export(document, path)
    assert str(reference) in warning
    for name in ("Quote", "Note", "Attribution", "toc 1", "toc 2", "Briefing Table"):
        assert name in warning
    assert "heading 1" not in warning
    read = docx.Document(str(path))
    assert "Letterhead sample text" not in [p.text for p in read.paragraphs]
    assert all("Old letterhead" not in p.text for s in read.sections for p in s.header.paragraphs)
    assert read.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0x36, 0x5F, 0x91)  # kept
    assert read.styles["Quote"].font.italic and read.styles["Note"] is not None
    assert not part(path, "word/settings.xml").xpath("//w:updateFields", namespaces=NS)
    styles = part(path, "word/styles.xml")
    assert styles.xpath("//w:docDefaults//w:rFonts/@w:eastAsia", namespaces=NS) == ["NanumGothic"]
    assert next(p.text for p in read.paragraphs if p.style.name == "Quote").startswith("The Digital")


def test_unreadable_reference_is_an_export_error(tmp_path: Path) -> None:
    target = tmp_path / "brief.docx"
    target.write_bytes(b"earlier")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    not_word = tmp_path / "other.docx"
    with zipfile.ZipFile(not_word, "w") as archive:
        archive.writestr("hello.txt", "hi")
    for reference in (broken, not_word, tmp_path / "missing.docx"):
        with pytest.raises(ExportError, match=reference.name):
            export(with_reference(sample_document(), reference), target)
    assert target.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.docx", "broken.docx", "other.docx"]


def test_reference_that_unpacks_too_far_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.exporters.docx import package

    reference = make_reference(tmp_path / "big.docx")
    monkeypatch.setattr(package, "REFERENCE_LIMITS", ZipLimits(max_unpacked=10_000))
    with pytest.raises(ExportError, match=r"big\.docx.*unpacks to"):
        export(with_reference(sample_document(), reference), tmp_path / "x.docx")


def test_reference_with_other_namespace_prefixes(tmp_path: Path) -> None:
    reference = make_reference(tmp_path / "prefixed.docx")
    with zipfile.ZipFile(reference) as archive:
        items = {n: archive.read(n) for n in archive.namelist()}
    main = items["word/document.xml"]
    items["word/document.xml"] = main.replace(b"w:", b"wx:").replace(b"xmlns:w=", b"xmlns:wx=")
    with zipfile.ZipFile(reference, "w") as archive:
        for name, data in items.items():
            archive.writestr(name, data)
    path = tmp_path / "p.docx"
    export(with_reference(sample_document(), reference), path)
    document = sample_document()
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert [t for t in paragraphs[paragraphs.index("Contents") + 1 + len(document.headings()):] if t] \
        == expected_paragraphs(document)


def tiny_png(path: Path) -> Path:
    """A valid 2x1 RGB PNG written by hand (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x1f\x38\x64" * 2)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
                     + chunk(b"IEND", b""))
    return path


def test_cover_logo_and_unreadable_logo(tmp_path: Path) -> None:
    document = sample_document()
    with_logo = dataclasses.replace(document, cover=dataclasses.replace(
        document.cover, logo=tiny_png(tmp_path / "logo.png")))
    path = tmp_path / "logo.docx"
    assert export(with_logo, path) == ()
    assert len(docx.Document(str(path)).inline_shapes) == 1
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    without = dataclasses.replace(document, cover=dataclasses.replace(document.cover, logo=broken))
    (warning,) = export(without, path)
    assert "broken.png" in warning and len(docx.Document(str(path)).inline_shapes) == 0


def test_odd_font_names_still_give_a_valid_file(tmp_path: Path) -> None:
    style = Style(heading_font='A&B <"x">; Font', body_font="<b>&")
    path = tmp_path / "odd.docx"
    assert export(dataclasses.replace(sample_document(draft=True), style=style), path) == ()
    read = docx.Document(str(path))
    assert read.styles["Heading 1"].font.name == 'A&B <"x">; Font'
    assert read.styles["Normal"].font.name == "<b>&"


@pytest.mark.parametrize(("field", "value"), [
    ("accent_colour", "javascript"), ("heading_colour", "#12"), ("text_colour", None),
    ("body_size_pt", 400), ("body_size_pt", True), ("margins_mm", (20, 20)), ("margins_mm", (1, 20, 20, 20)),
    ("page_size", "A3"),
])
def test_a_style_no_exporter_can_use_is_refused_where_it_is_made(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"Style.{field}: must be"):
        Style(**{field: value})


def test_style_values_are_normalised_once_and_used_as_they_are(tmp_path: Path) -> None:
    style = Style(heading_colour="#a1b2c3", margins_mm=(12,), body_size_pt=12)  # type: ignore[arg-type]
    assert (style.heading_colour, style.margins_mm, style.body_size_pt) == ("#A1B2C3", (12.0,) * 4, 12.0)
    path = tmp_path / "styled.docx"
    export(dataclasses.replace(sample_document(), style=style), path)
    read = docx.Document(str(path))
    assert read.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0xA1, 0xB2, 0xC3)
    assert read.styles["Normal"].font.size.pt == 12
    assert round(read.sections[0].left_margin.mm) == 12
