"""Limits: huge imports and packs are refused with the limit named, or run with progress in bounded memory."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from briefing.build import MAX_PACK_ITEMS
from briefing.cli import main
from briefing.errors import ValidationError
from briefing.library import validate, xlsxio
from briefing.library.importer import MAX_FILE_BYTES
from briefing.library.store import LibraryStore
from briefing.models import PACK_KINDS, LibraryContent, Priority
from briefing.packs import MAX_PACK_BYTES, read_pack
from tests.faults import tally
from tests.faults.libraries import copy_library, library_state
from tests.faults.processes import MAIN, PYTHON, peak_memory, run

MB = 2**20


def sparse_file(path: Path, head: bytes, size: int) -> Path:
    """A file of `size` bytes that starts with `head` and costs no disk (a sparse tail)."""
    with open(path, "wb") as stream:
        stream.write(head)
        stream.truncate(size)
    return path


def tiny_priorities(count: int) -> dict[str, object]:
    return {"format": "briefing-library", "version": 1,
            "priorities": [{"id": f"p{n}", "title": "t", "summary": "s"} for n in range(count)]}


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_a_100_mb_import_is_refused_at_once_in_little_memory(
        starter_library: Path, tmp_path: Path, suffix: str) -> None:
    head = b'{"format": "briefing-library", "version": 1, "priorities": [' if suffix == ".json" \
        else b"PK\x03\x04"
    big = sparse_file(tmp_path / f"big{suffix}", head, 100 * MB)
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    done, peak_mb = peak_memory([PYTHON, MAIN, "import", str(big), "--library", str(library)])
    assert done.returncode == 1
    assert done.stderr == (f"{big}: refused: the file is 100 MB; an import file may be at most "
                           f"{MAX_FILE_BYTES // MB} MB (split it into several files)\n")
    assert peak_mb < 100, f"{peak_mb:.0f} MB to refuse a 100 MB file"
    tally.count("faults injected")


def test_an_import_of_more_items_than_the_limit_is_refused_whole(
        starter_library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps(tiny_priorities(validate.MAX_ITEMS + 1)), encoding="utf-8")
    assert path.stat().st_size < MAX_FILE_BYTES  # small on disk, yet too many items
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    before = library_state(library)
    assert main(["import", str(path), "--library", str(library)]) == 1
    assert capsys.readouterr().err == (f"{path}: refused: the file holds more than 100,000 items, "
                                       "the most one library file may hold (split it into several files)\n")
    assert library_state(library) == before
    tally.count("faults injected")


def workbook_with_rows(path: Path, count: int) -> Path:
    """A library workbook whose Priorities sheet holds `count` rows, its XML written directly."""
    xlsxio.write_xlsx(LibraryContent(priorities=(Priority(id="p", title="T", summary="S"),)), path)
    header = b'<row r="1">' + b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (col, name)
        for col, name in ((b"A", b"id"), (b"B", b"title"), (b"C", b"summary"))) + b"</row>"
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>p%d</t></is></c>'
                    b'<c r="B%d" t="inlineStr"><is><t>t</t></is></c>'
                    b'<c r="C%d" t="inlineStr"><is><t>s</t></is></c></row>' % ((n + 2,) * 2 + (n,) + (n + 2,) * 2)
                    for n in range(count))
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b"<sheetData>" + header + rows + b"</sheetData></worksheet>")
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries["xl/worksheets/sheet2.xml"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_a_workbook_with_too_many_rows_is_refused_while_reading(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Scaled down (the limit read at call time) so that the default run stays quick.
    monkeypatch.setattr(validate, "MAX_ITEMS", 500)
    path = workbook_with_rows(tmp_path / "rows.xlsx", 501)
    with pytest.raises(ValidationError, match=r"refused: the file holds more than 500 items"):
        xlsxio.read_xlsx(path)
    monkeypatch.setattr(validate, "MAX_ITEMS", 501)
    assert len(xlsxio.read_xlsx(path).content.items()) == 501
    tally.count("faults injected")


@pytest.mark.slow
def test_a_workbook_past_the_real_limit_is_refused_in_bounded_memory(
        starter_library: Path, tmp_path: Path) -> None:
    path = workbook_with_rows(tmp_path / "rows.xlsx", validate.MAX_ITEMS + 1)
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    done, peak_mb = peak_memory([PYTHON, MAIN, "import", str(path), "--library", str(library)])
    assert done.returncode == 1 and "more than 100,000 items" in done.stderr
    assert peak_mb < 400, f"{peak_mb:.0f} MB"
    tally.count("faults injected")


def test_a_100000_item_pack_is_refused_naming_the_limit(
        starter_library: Path, tmp_path: Path) -> None:
    refs = [{"kind": "priority", "id": "semiconductors"}] * 100_000
    pack = tmp_path / "huge.briefpack"
    pack.write_text(json.dumps({"format": "briefing-pack", "version": 1, "title": "Huge",
                                "sections": [{"title": "All", "items": refs}]}), encoding="utf-8")
    done, peak_mb = peak_memory([PYTHON, MAIN, "build", str(pack), "--out", str(tmp_path / "out"),
                                 "--library", str(starter_library)])
    assert done.returncode == 1
    assert done.stderr == (f"{pack}: refused: the pack places 100,000 items, more than the "
                           f"{MAX_PACK_ITEMS:,} one build may hold (split it into several packs)\n")
    assert peak_mb < 200, f"{peak_mb:.0f} MB to refuse a 100,000-item pack"
    assert not any((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True
    tally.count("faults injected")


def test_a_pack_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    pack = sparse_file(tmp_path / "huge.briefpack", b'{"format": "briefing-pack"', MAX_PACK_BYTES + 1)
    with pytest.raises(ValidationError) as caught:
        read_pack(pack)
    assert caught.value.problems == [f"{pack}: refused: the pack file is 40 MB, more than the "
                                     f"{MAX_PACK_BYTES // MB} MB it may be"]
    tally.count("faults injected")


def big_library_file(path: Path, count: int) -> Path:
    """`count` partnerships of about 1 KB each, as officers' real items run."""
    items = [{"id": f"big-{n}", "name": f"Partnership {n}", "summary": "A summary of its work. " * 25,
              "key_facts": [f"Fact {n}: a budget of EUR {n} million", "Council met twice"],
              "tags": ["bulk", f"group-{n % 40}"],
              "sources": [{"title": "Joint statement", "publisher": "Council", "date": "2024-03"}]}
             for n in range(count)]
    path.write_text(json.dumps({"format": "briefing-library", "version": 1, "partnerships": items}),
                    encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_large_import_runs_with_progress_in_bounded_memory(starter_library: Path, tmp_path: Path) -> None:
    source = big_library_file(tmp_path / "big.json", 20_000)
    library = copy_library(starter_library, tmp_path / "library.sqlite")
    done = run([PYTHON, "-m", "tests.faults.drivers", "import-with-progress", str(library), str(source)])
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["added"] == 20_000 and seen["monotonic"] and seen["last"] == [20_000, 20_000]
    assert seen["calls"] >= 20
    assert seen["peak_mb"] < 400, seen
    with LibraryStore(library) as store:
        assert store.count("partnership") >= 20_000


@pytest.mark.slow
def test_a_large_pack_builds_with_progress_in_bounded_memory(starter_library: Path, tmp_path: Path) -> None:
    with LibraryStore(starter_library) as store:
        items = [{"kind": item.kind, "id": item.id} for item in store.content().items()
                 if item.kind in PACK_KINDS]
    refs = (items * (1000 // len(items) + 1))[:1000]
    pack = tmp_path / "big.briefpack"
    pack.write_text(json.dumps({"format": "briefing-pack", "version": 1, "title": "Big",
                                "sections": [{"title": f"Part {n}", "items": refs[n::5]} for n in range(5)]}),
                    encoding="utf-8")
    done = run([PYTHON, "-m", "tests.faults.drivers", "build-with-progress", str(pack),
                str(starter_library), str(tmp_path / "out")])
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["written"] == 3 and seen["monotonic"] and seen["calls"] > 30
    assert seen["last"][0] == seen["last"][1]
    assert seen["peak_mb"] < 400, seen
