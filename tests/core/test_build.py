"""Building a pack: output naming, format choice, template choice, and the files read back."""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path

import pytest

from briefing.build import build_pack, plan_outputs, prepare_document
from briefing.errors import Cancelled, ValidationError
from briefing.models import ItemRef, Section
from briefing.packs import write_pack
from tests.core import pack_content


@pytest.fixture
def pack_file(tmp_path: Path) -> Path:
    path = tmp_path / "brief.briefpack"
    write_pack(pack_content.pack(), path)
    return path


def _names(targets: list[tuple[str, Path]]) -> list[tuple[str, str]]:
    return [(fmt, path.name) for fmt, path in targets]


def test_without_out_every_format_goes_beside_the_pack(pack_file: Path) -> None:
    targets = plan_outputs(pack_file, None, None)
    assert targets == [(f, pack_file.with_suffix(f".{f}")) for f in ("docx", "pdf", "xlsx")]
    assert plan_outputs(pack_file, "pdf", None) == [("pdf", pack_file.with_suffix(".pdf"))]


def test_the_format_follows_the_out_extension(pack_file: Path, tmp_path: Path) -> None:
    assert plan_outputs(pack_file, None, tmp_path / "x.PDF") == [("pdf", tmp_path / "x.PDF")]
    assert plan_outputs(pack_file, "xlsx", tmp_path / "register.xlsx") == [("xlsx", tmp_path / "register.xlsx")]


def test_one_format_into_an_existing_folder_is_named_after_the_pack(pack_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert plan_outputs(pack_file, "docx", out) == [("docx", out / "brief.docx")]
    assert _names(plan_outputs(pack_file, None, out)) == [("docx", "brief.docx"), ("pdf", "brief.pdf"),
                                                         ("xlsx", "brief.xlsx")]


def test_all_formats_create_the_folder(pack_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "folder"
    assert _names(plan_outputs(pack_file, "all", out)) == [("docx", "brief.docx"), ("pdf", "brief.pdf"),
                                                          ("xlsx", "brief.xlsx")]
    assert out.is_dir()


@pytest.mark.parametrize(("formats", "out", "message"), [
    (None, "x.txt", "cannot tell the format from '.txt'"),
    ("docx", "x.pdf", "a .pdf name for docx output"),
    ("all", "x.docx", "looks like a file name"),
    ("rtf", None, "unknown format 'rtf'"),
])
def test_contradictory_options_are_refused(pack_file: Path, tmp_path: Path, formats: str | None,
                                           out: str | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        plan_outputs(pack_file, formats, tmp_path / out if out else None)


def test_all_formats_refuse_an_existing_file_as_out(pack_file: Path) -> None:
    with pytest.raises(ValidationError, match="is a file"):
        plan_outputs(pack_file, "all", pack_file)


def test_template_choice_explicit_then_pack_then_default() -> None:
    library = pack_content.library()
    pack = pack_content.pack(template="lines-to-take")
    assert prepare_document(pack, library=library).template_name == "lines-to-take"
    assert prepare_document(pack, template="meeting-one-pager", library=library).template_name == "meeting-one-pager"
    assert prepare_document(pack_content.pack(template=None), library=library).template_name == "ministerial-brief"
    with pytest.raises(ValidationError, match="unknown template 'nope'"):
        prepare_document(pack, template="nope", library=library)


def test_a_bad_pack_or_missing_items_stop_before_any_file(pack_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.briefpack"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError, match="broken JSON"):
        build_pack(broken, library=pack_content.library())
    write_pack(pack_content.pack(sections=(Section(title="A", items=(
        ItemRef(kind="quote", id="gone"), ItemRef(kind="priority", id="lost"))),)), pack_file)
    with pytest.raises(ValidationError) as info:
        build_pack(pack_file, library=pack_content.library())
    assert [p.split(": ", 1)[1] for p in info.value.problems] == [
        "quote 'gone' is not in the library", "priority 'lost' is not in the library"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.briefpack", "broken.briefpack"]


def test_xlsx_build_reads_back_with_warnings(pack_file: Path, tmp_path: Path) -> None:
    import openpyxl

    result = build_pack(pack_file, out=tmp_path / "register.xlsx", library=pack_content.library())
    assert result.paths == (tmp_path / "register.xlsx",)
    assert "priority 'semiconductors' was due for review on 1 January 2025" in result.warnings
    book = openpyxl.load_workbook(result.paths[0])
    assert book.sheetnames == ["Overview", "Partnerships", "Priorities", "Quotes", "People", "Sources"]
    values = [cell.value for row in book["Partnerships"].iter_rows() for cell in row]
    assert pack_content.HOSTILE in values and "rok-eu" in values


def test_all_formats_carry_the_same_content(pack_file: Path, tmp_path: Path) -> None:
    import docx
    import openpyxl
    import pypdf

    progress: list[tuple[int, int]] = []
    result = build_pack(pack_file, out=tmp_path / "out", library=pack_content.library(),
                        progress=lambda done, total: progress.append((done, total)))
    assert [p.name for p in result.paths] == ["brief.docx", "brief.pdf", "brief.xlsx"]
    word = "\n".join(p.text for p in docx.Document(str(result.paths[0])).paragraphs)
    pdf = "\n".join(page.extract_text() for page in pypdf.PdfReader(result.paths[1]).pages)
    book = openpyxl.load_workbook(result.paths[2])
    for text in ("Semiconductors", "Digital rights", "EU-US Trade and Technology Council",
                 pack_content.KOREAN, "=SUM(A1:A3)"):
        assert text in word and text in pdf, text
    assert pack_content.HOSTILE in word  # data, never markup, in every format
    assert "<para> <img src=\"x.png\"/> {{ name }} =HYPERLINK(" in pdf.replace("\n", " ")
    assert [r[2].value for r in book["Priorities"].iter_rows(min_row=2)] == ["semiconductors", "digital-rights"]
    assert progress[-1][0] == progress[-1][1] and all(a[0] <= b[0] for a, b in itertools.pairwise(progress))


def test_a_cancelled_build_leaves_no_file(pack_file: Path, tmp_path: Path) -> None:
    calls = iter(range(100))
    with pytest.raises(Cancelled):
        build_pack(pack_file, out=tmp_path / "out", library=pack_content.library(),
                   cancelled=lambda: next(calls) > 2)
    assert not any((tmp_path / "out").iterdir())


def test_embedded_items_build_without_the_library(pack_file: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared.briefpack"
    write_pack(pack_content.pack(), shared, embed=pack_content.library())
    from briefing.models import LibraryContent

    result = build_pack(shared, formats="xlsx", library=LibraryContent())
    assert result.paths == (tmp_path / "shared.xlsx",)
    assert zipfile.is_zipfile(result.paths[0])
