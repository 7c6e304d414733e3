"""Hostile XLSX imports and reference.docx files are refused with one clear line, changing nothing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from briefing.cli import main
from briefing.errors import ValidationError
from briefing.library import xlsxio
from briefing.models import LibraryContent, Priority
from tests.faults import evil_files as evil
from tests.faults import tally
from tests.faults.libraries import copy_library, library_state
from tests.faults.processes import MAIN, PYTHON, peak_memory

SHEET = "xl/worksheets/sheet2.xml"  # the Priorities sheet, holding the one item
Builder = Callable[[Path, Path], Path]  # (valid file, target) -> hostile file


def renamed_sheet(base: Path, target: Path) -> Path:
    """The sheet moved to a name that does not end in .xml, its rels and content types updated."""
    def retarget(xml: bytes) -> bytes:
        return xml.replace(b"/xl/worksheets/sheet2.xml", b"/xl/worksheets/data.bin")
    return evil.rewrite(base, target, {SHEET: evil.with_doctype(evil.LAUGHS, reference=b"&lol9;"),
                                       "xl/_rels/workbook.xml.rels": retarget,
                                       "[Content_Types].xml": retarget},
                        rename={SHEET: "xl/worksheets/data.bin"})


def utf32_sheet(base: Path, target: Path) -> Path:
    return evil.rewrite(base, target, {SHEET: lambda xml: (
        '<?xml version="1.0" encoding="UTF-32"?>' + xml.decode()).encode("utf-32")})


XLSX_CASES: dict[str, tuple[Builder, str]] = {
    "billion-laughs": (lambda b, t: evil.rewrite(b, t, {
        SHEET: evil.with_doctype(evil.LAUGHS, reference=b"&lol9;")}), "declares XML entities"),
    "laughs-behind-a-long-comment": (lambda b, t: evil.rewrite(b, t, {
        "xl/workbook.xml": evil.with_doctype(evil.LAUGHS, padding=20_000)}), "declares XML entities"),
    "external-entity": (lambda b, t: evil.rewrite(b, t, {
        SHEET: evil.with_doctype(evil.PASSWD, reference=b"&xxe;")}), "declares XML entities"),
    "dtd-in-utf-16": (lambda b, t: evil.rewrite(b, t, {SHEET: evil.in_utf16(evil.PASSWD)}),
                      "declares XML entities"),
    "utf-7-declared": (lambda b, t: evil.rewrite(b, t, {SHEET: evil.declared_encoding("UTF-7")}),
                       "is XML in the utf-7 encoding"),
    "utf-32": (utf32_sheet, "is XML in the utf-32 encoding"),
    "dtd-in-a-part-not-named-xml": (renamed_sheet, "data.bin declares XML entities"),
    "zip-bomb-size": (lambda b, t: evil.bomb(t, "xl/workbook.xml", 210),
                      "unpacks to 210 MB, more than the 200 MB allowed"),
    "zip-bomb-ratio": (lambda b, t: evil.bomb(t, "xl/workbook.xml", 60), "suspicious compression ratio"),
    "many-entries": (lambda b, t: evil.many_entries(t, "xl/workbook.xml", 10_000),
                     "holds 10001 files, more than the 10000 allowed"),
    "forged-sizes": (lambda b, t: evil.forged_size(b, t, SHEET, b"<worksheet>" + b" " * 3_000_000, 40),
                     "cannot be unpacked"),
    "not-a-zip": (lambda b, t: (t.write_bytes(b"PK\x03\x04" + os.urandom(3000)), t)[1],
                  "not an XLSX workbook"),
}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid library workbook: one priority."""
    path = tmp_path_factory.mktemp("workbook") / "valid.xlsx"
    xlsxio.write_xlsx(LibraryContent(priorities=(Priority(id="p", title="T", summary="S"),)), path)
    return path


def refused_import(path: Path, library: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Import `path` through the command line; the one line of its refusal."""
    capsys.readouterr()
    before = library_state(library)
    assert main(["import", str(path), "--library", str(library)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert library_state(library) == before
    assert len(err) == 1 and err[0].startswith(f"{path}: "), err
    tally.count("faults injected")
    return err[0]


@pytest.mark.parametrize("case", list(XLSX_CASES))
def test_hostile_workbooks_are_refused_before_parsing(
        case: str, workbook: Path, starter_library: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    build, message = XLSX_CASES[case]
    hostile = build(workbook, tmp_path / "evil.xlsx")
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    line = refused_import(hostile, library, capsys)
    assert message in line
    assert "root:" not in line  # nothing of /etc/passwd ever shows


def test_the_valid_workbook_imports(workbook: Path, starter_library: Path, tmp_path: Path) -> None:
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    assert main(["import", str(workbook), "--library", str(library)]) == 0


def test_the_parser_refuses_entities_even_past_the_zip_guard(
        workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Defence in depth: should the guard miss a DTD, openpyxl parses with defusedxml.
    hostile = XLSX_CASES["billion-laughs"][0](workbook, tmp_path / "evil.xlsx")
    monkeypatch.setattr(xlsxio, "check_archive", lambda path, name: None)
    with pytest.raises(ValidationError, match="declares XML entities"):
        xlsxio.read_xlsx(hostile)


def test_a_zip_bomb_import_is_refused_in_little_memory(starter_library: Path, tmp_path: Path) -> None:
    hostile = evil.bomb(tmp_path / "bomb.xlsx", "xl/workbook.xml", 250)
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    done, peak_mb = peak_memory([PYTHON, MAIN, "import", str(hostile), "--library", str(library)])
    assert done.returncode == 1 and "refused: the workbook unpacks to 250 MB" in done.stderr
    assert peak_mb < 150, f"{peak_mb:.0f} MB to refuse a 250 MB bomb"
    tally.count("faults injected")


DOCX_PART = "word/styles.xml"
DOCX_CASES: dict[str, tuple[Builder, str]] = {
    "billion-laughs": (lambda b, t: evil.rewrite(b, t, {DOCX_PART: evil.with_doctype(evil.LAUGHS)}),
                       "word/styles.xml declares XML entities"),
    "external-entity": (lambda b, t: evil.rewrite(b, t, {
        "word/document.xml": evil.with_doctype(evil.PASSWD, reference=b"&xxe;")}),
        "word/document.xml declares XML entities"),
    "dtd-in-utf-16": (lambda b, t: evil.rewrite(b, t, {DOCX_PART: evil.in_utf16(evil.PASSWD)}),
                      "declares XML entities"),
    "zip-bomb": (lambda b, t: evil.bomb(t, "word/document.xml", 120),
                 "unpacks to 120 MB, more than the 100 MB allowed"),
    "many-entries": (lambda b, t: evil.many_entries(t, "word/document.xml", 2000),
                     "holds 2001 files, more than the 2000 allowed"),
    "not-a-zip": (lambda b, t: (t.write_bytes(b"PK\x03\x04" + os.urandom(3000)), t)[1],
                  "not a Word document"),
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid reference.docx: python-docx's own template."""
    path = tmp_path_factory.mktemp("reference") / "reference.docx"
    docx.Document().save(str(path))
    return path


def user_template(reference_docx: Path) -> Path:
    """A user template `letterhead` (in BRIEFING_TEMPLATES) using `reference_docx`."""
    folder = Path(os.environ["BRIEFING_TEMPLATES"]) / "letterhead"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text(
        '[template]\ndescription = "An organisation\'s letterhead."\nreference_docx = "reference.docx"\n',
        encoding="utf-8")
    shutil.copyfile(reference_docx, folder / "reference.docx")
    return folder


@pytest.mark.parametrize("case", list(DOCX_CASES))
def test_a_hostile_reference_docx_stops_the_build_with_one_line(
        case: str, reference: Path, starter_library: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    build, message = DOCX_CASES[case]
    folder = user_template(build(reference, tmp_path / "evil.docx"))
    pack = Path(__file__).resolve().parents[2] / "assets" / "samples" / "rok-eu-dpc.briefpack"
    out = tmp_path / "out"
    capsys.readouterr()
    code = main(["build", str(pack), "--template", "letterhead", "--out", str(out),
                 "--library", str(starter_library)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and len(err) == 1, err
    assert message in err[0] and str(folder) in err[0] and "reference.docx" in err[0]
    assert not out.exists() or not any(out.iterdir())  # nothing written, not even a part
    assert main(["templates"]) == 0  # the other templates stay usable
    listing = capsys.readouterr()
    assert "ministerial-brief" in listing.out and "'letterhead' cannot be used" in listing.err
    tally.count("faults injected")


def test_the_valid_reference_docx_builds(reference: Path, starter_library: Path, tmp_path: Path) -> None:
    user_template(reference)
    pack = Path(__file__).resolve().parents[2] / "assets" / "samples" / "rok-eu-dpc.briefpack"
    assert main(["build", str(pack), "--template", "letterhead", "--format", "docx",
                 "--out", str(tmp_path / "brief.docx"), "--library", str(starter_library)]) == 0
    assert docx.Document(str(tmp_path / "brief.docx")).paragraphs


@pytest.mark.parametrize("side", [9000, 14000])
def test_a_logo_declaring_millions_of_pixels_is_refused(
        side: int, starter_library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = Path(os.environ["BRIEFING_TEMPLATES"]) / "logo-bomb"
    folder.mkdir(parents=True)
    (folder / "template.toml").write_text('[template]\ndescription = "x"\nlogo = "logo.png"\n',
                                          encoding="utf-8")
    logo = evil.png_bomb(folder / "logo.png", side)
    assert logo.stat().st_size < 1_000_000  # small on disk, hundreds of MB once decoded
    pack = Path(__file__).resolve().parents[2] / "assets" / "samples" / "rok-eu-dpc.briefpack"
    capsys.readouterr()
    assert main(["build", str(pack), "--template", "logo-bomb", "--out", str(tmp_path / "out"),
                 "--library", str(starter_library)]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{logo.resolve()}: refused: the logo has ")
    assert "more than the 25 million a logo may have" in line
    tally.count("faults injected")
