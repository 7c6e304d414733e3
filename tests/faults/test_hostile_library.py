"""Hostile libraries and library files (issue 9): each class refused in one line, nothing changed."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import limits
from briefing.cli import main
from briefing.errors import LibraryError
from briefing.library import open_library, schema, xlsxio
from briefing.library.store import LibraryStore
from briefing.models import interchange_fields
from tests.faults import tally
from tests.faults.libraries import copy_library
from tests.faults.processes import MAIN, PYTHON, child_env

V3_LIBRARY = Path(__file__).resolve().parents[1] / "core" / "library" / "fixtures" / "library-v3.sqlite"

FEW = settings(max_examples=25, deadline=None)


def digest(path: Path) -> str:
    """The file's bytes, hashed: 'unchanged' means byte for byte."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_refusal(argv: list[str], named: Path, capsys: pytest.CaptureFixture[str],
                     *, unchanged: tuple[Path, ...] = ()) -> str:
    """Run the command line; it must exit 1 with one line naming `named`, leaving files as they were."""
    before = [digest(path) for path in unchanged]
    capsys.readouterr()
    assert main(argv) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"{named}"), err
    assert "Traceback" not in err[0] and len(err[0]) < 600
    assert [digest(path) for path in unchanged] == before
    tally.count("faults injected")
    return err[0]


def library_file(path: Path, **lists: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"format": "briefing-library", "version": 1, **lists}), encoding="utf-8")
    return path


@pytest.fixture
def library(starter_library: Path, tmp_path: Path) -> Path:
    return copy_library(starter_library, tmp_path / "library.sqlite")


# -- dates ---------------------------------------------------------------------------------

DATE_TEXT = st.one_of(
    st.sampled_from(["9999-12", "0000", "0000-01", "٢٠٢٤", "𝟐𝟎𝟐𝟒", "2023-02-29", "10000", "9999"]),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
    st.text(st.characters(categories=("Nd",)), min_size=4, max_size=4))


@FEW
@given(value=DATE_TEXT)
def test_a_date_is_imported_only_when_every_consumer_takes_it(value: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from briefing import dates
    from briefing.errors import ValidationError
    from briefing.library.jsonio import read_json

    tally.count("generated inputs")
    path = library_file(tmp_path_factory.mktemp("dates") / "lib.json", priorities=[
        {"id": "p", "title": "T", "summary": "S", "review_due": value}])
    if not dates.is_iso(value):
        with pytest.raises(ValidationError) as refused:
            read_json(path)
        assert refused.value.problems == [
            f"{path}:priorities[0]:review_due: '{value}' is not an ISO date "
            "(YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999)"]
        return
    item = read_json(path).content.priorities[0]
    dates.is_past(item.review_due)  # never overflows, 9999-12 included
    assert dates.for_readers(item.review_due)


def _v2_library_with_stored_dates(path: Path, values: dict[str, str]) -> None:
    """A library as the v2 release left it, holding dates its rules let through.

    Made from a real v3 file (its tables are v2's; v3 only reported dates), marked version 2.
    """
    shutil.copyfile(V3_LIBRARY, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("UPDATE items SET review_due = NULL WHERE id = 'edge-quote'")  # its own bad date
    for (item_id, value) in values.items():
        conn.execute("UPDATE items SET review_due = ? WHERE id = ?", (value, item_id))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("values", [("0000", "٢٠٢٤", "2023-02-29"), ("0000-01", "𝟐𝟎𝟐𝟒", "2024-13")])
def test_stored_dates_the_rules_refuse_are_reported_and_never_stop_a_build(
        values: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.faults.readback import docx_text, xlsx_rows

    path = tmp_path / "library.sqlite"
    with open_library(tmp_path / "probe.sqlite") as probe:
        ids = sorted(item.id for item in probe.items("priority"))[:3]
    bad = dict(zip(ids, values, strict=True))
    _v2_library_with_stored_dates(path, {**bad, ids[0]: values[0]})
    capsys.readouterr()
    assert main(["search", "", "--library", str(path)]) == 0  # opening migrates, and says what it found
    notes = capsys.readouterr().err.splitlines()
    assert len(notes) == 3 and all(f"{path}: priority " in n and "is not a valid date" in n for n in notes)
    [backup] = schema.backups(path)  # the migration backed the library up first
    assert backup.name.startswith("library.sqlite.bak-v2-")
    with LibraryStore(path) as store:
        assert {(p.id, p.field, p.value) for p in store.date_problems()} == {
            (item_id, "review_due", value) for item_id, value in bad.items()}
        assert store.notes == ()  # reported once, by the migration; date_problems() stays
    pack = tmp_path / "pack.briefpack"
    pack.write_text(json.dumps({"format": "briefing-pack", "version": 1, "title": "Dates", "sections": [
        {"title": "S", "items": [{"kind": "priority", "id": item_id} for item_id in ids]}]}))
    out = tmp_path / "out"
    out.mkdir()
    assert main(["build", str(pack), "--library", str(path), "--out", str(out / "pack.docx")]) == 0
    assert main(["build", str(pack), "--library", str(path), "--out", str(out / "pack.xlsx")]) == 0
    assert "Sources" in docx_text(out / "pack.docx")
    register = json.dumps(xlsx_rows(out / "pack.xlsx"), default=str, ensure_ascii=False)
    for value in values:  # shown as typed, never a crash
        assert value in register
    tally.count("faults injected", len(values))


# -- text bounds -----------------------------------------------------------------------------

_DATES = {"established", "last_reviewed", "review_due", "date"}
# Every bounded text field but ids, links, markings and dates (each has its own rule, tested apart).
FIELD_CASES = [(kind, name, bound) for kind, bounds in limits.ITEM_TEXT.items()
               for name, bound in bounds.items()
               if name not in ("id", "marking", "partnerships", "priorities", "speaker_id", *_DATES)]
_PLURAL = {"partnership": "partnerships", "priority": "priorities", "quote": "quotes",
           "person": "people"}
_MINIMAL = {"partnership": {"name": "N", "summary": "S"}, "priority": {"title": "T", "summary": "S"},
            "quote": {"text": "T", "speaker": "S"}, "person": {"name": "N"}}
_LISTS = {"tags", "partners", "key_facts", "lines_to_take", "defensive_lines", "languages"}


@pytest.mark.parametrize(("kind", "name", "bound"), FIELD_CASES,
                         ids=[f"{k}.{n}" for k, n, _b in FIELD_CASES])
def test_every_text_field_is_bounded_and_refused_in_one_line(
        kind: str, name: str, bound: int, library: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert name in interchange_fields(kind)
    over = "x" * (bound + 1)
    value: object = [over] if name in _LISTS else over
    item = {"id": "long-one", **_MINIMAL[kind], name: value}
    path = library_file(tmp_path / "long.json", **{_PLURAL[kind]: [item]})
    line = one_line_refusal(["import", str(path), "--library", str(library)], path, capsys,
                            unchanged=(library,))
    assert f":{name}: " in line and f"{bound + 1:,} characters, more than the {bound:,}" in line
    # At the bound exactly, the same field is taken.
    item[name] = ["x" * bound] if name in _LISTS else "x" * bound
    library_file(path, **{_PLURAL[kind]: [item]})
    assert main(["import", str(path), "--library", str(library)]) == 0
    tally.count("generated inputs", 2)


def test_too_many_list_entries_are_refused(library: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = library_file(tmp_path / "many.json", priorities=[
        {"id": "p", "title": "T", "summary": "S", "lines_to_take": ["x"] * (limits.ENTRIES + 1)}])
    line = one_line_refusal(["import", str(path), "--library", str(library)], path, capsys,
                            unchanged=(library,))
    assert ":lines_to_take: too many entries: 1,001" in line


# -- the XLSX cell limit ------------------------------------------------------------------------

@pytest.mark.parametrize("length", [xlsxio.EXCEL_CELL_LIMIT + 1, 40_000, limits.LONG])
def test_a_cut_cell_is_reported_marked_and_never_imported(
        length: int, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = ("word " * length)[:length]
    source = library_file(tmp_path / "long.json", priorities=[
        {"id": "long-summary", "title": "T", "summary": whole}])
    assert main(["import", str(source), "--library", str(library)]) == 0
    book = tmp_path / "out.xlsx"
    capsys.readouterr()
    assert main(["export-library", str(book), "--library", str(library)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [f"warning: {book}:Priorities:{_row_of(book, 'long-summary')}:summary: {length:,} "
                   f"characters, more than Excel's 32,767 per cell: cut and marked as cut "
                   "(export to JSON to keep the whole text)"]
    cell = _cell(book, "long-summary", "summary")
    assert len(cell) <= xlsxio.EXCEL_CELL_LIMIT and cell.endswith(f"… [cut: {length:,} characters in full]")
    line = one_line_refusal(["import", str(book), "--library", str(library), "--on-conflict", "replace"],
                            book, capsys, unchanged=(library,))
    assert ":summary: this cell was cut at Excel's limit" in line
    with LibraryStore(library) as store:
        assert store.get("priority", "long-summary").summary == whole
    tally.count("generated inputs")


def _rows(book: Path) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(book, read_only=True)["Priorities"].iter_rows(values_only=True))


def _row_of(book: Path, item_id: str) -> int:
    return next(n for n, row in enumerate(_rows(book), start=1) if row[0] == item_id)


def _cell(book: Path, item_id: str, field: str) -> str:
    rows = _rows(book)
    value = rows[_row_of(book, item_id) - 1][list(rows[0]).index(field)]
    assert isinstance(value, str)
    return value


# -- another program's SQLite file -----------------------------------------------------------

@FEW
@given(app_id=st.integers(-2**31, 2**31 - 1), wal=st.booleans(), tables=st.integers(0, 3))
def test_another_programs_database_is_refused_byte_identical(
        app_id: int, wal: bool, tables: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    if app_id in (0, schema.APPLICATION_ID) and not tables:
        return  # an empty database without a foreign id is a library not yet created
    folder = tmp_path_factory.mktemp("foreign")
    path = folder / "other.db"
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA application_id = {app_id}")
    for number in range(tables):
        conn.execute(f"CREATE TABLE t{number} (x)")
        conn.execute(f"INSERT INTO t{number} VALUES (?)", (random.random(),))
    conn.commit()
    conn.close()
    before, names = digest(path), sorted(os.listdir(folder))
    for opener in (LibraryStore, open_library):
        with pytest.raises(LibraryError) as refused:
            opener(path)
        assert refused.value.problems == [f"{path}: not a Briefing Pack Builder library "
                                          "(another program's database)"]
    assert digest(path) == before and sorted(os.listdir(folder)) == names  # no -wal, no -shm
    tally.count("generated inputs")


# -- damaged libraries ---------------------------------------------------------------------

@pytest.mark.parametrize("table", sorted(schema._expected_tables(schema.LATEST_VERSION)))
def test_a_dropped_table_is_named_as_damage_in_one_line(
        table: str, library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(library)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(f"DROP TABLE IF EXISTS {schema.quote_name(table)}")
    conn.commit()
    conn.close()
    line = one_line_refusal(["search", "digital", "--library", str(library)], library, capsys,
                            unchanged=(library,))
    assert ("the library file is damaged" in line and "restore" in line) or "no backup" in line
    tally.count("faults injected")


def test_a_dropped_column_is_named_as_damage(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(library)
    conn.execute("ALTER TABLE quotes DROP COLUMN context")
    conn.commit()
    conn.close()
    line = one_line_refusal(["search", "x", "--library", str(library)], library, capsys,
                            unchanged=(library,))
    assert "damaged" in line and "'quotes'" in line


# -- strict JSON -----------------------------------------------------------------------------

@FEW
@given(digits=st.integers(101, 6000), where=st.sampled_from(["top", "item", "source"]))
def test_huge_integers_are_refused_in_one_line(digits: int, where: str,
                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    from briefing.errors import ValidationError
    from briefing.library.jsonio import read_json

    tally.count("generated inputs")
    number = "7" * digits
    item = '{"id": "p", "title": "T", "summary": "S"%s}' % (
        f', "x": {number}' if where == "item" else
        f', "sources": [{{"title": "s", "date": {number}}}]' if where == "source" else "")
    top = f', "extra": {number}' if where == "top" else ""
    path = tmp_path_factory.mktemp("ints") / "lib.json"
    path.write_text(f'{{"format": "briefing-library", "version": 1{top}, "priorities": [{item}]}}')
    with pytest.raises(ValidationError) as refused:
        read_json(path)
    assert refused.value.problems == [f"{path}: refused: a number of {digits:,} digits "
                                      "(at most 100 are read)"]


@FEW
@given(key=st.sampled_from(["quotes", "id", "title", "summary", "format", "sources"]),
       depth=st.sampled_from(["top", "item"]))
def test_a_key_given_twice_is_refused(key: str, depth: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from briefing.errors import ValidationError
    from briefing.library.jsonio import read_json

    tally.count("generated inputs")
    item = '{"id": "p", "title": "T", "summary": "S"%s}' % (f', "{key}": "again", "{key}": "twice"'
                                                            if depth == "item" else "")
    top = f', "{key}": [], "{key}": []' if depth == "top" else ""
    path = tmp_path_factory.mktemp("dup") / "lib.json"
    path.write_text(f'{{"format": "briefing-library", "version": 1, "priorities": [{item}]{top}}}')
    with pytest.raises(ValidationError) as refused:
        read_json(path)
    assert refused.value.problems == [f"{path}: refused: the key '{key}' appears twice in one "
                                      "object (only one may be given)"]


@FEW
@given(key=st.text(min_size=1, max_size=50).map(lambda k: k * 20_000))
def test_a_huge_unknown_key_is_echoed_short_on_one_line(key: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from briefing.library.jsonio import read_json

    tally.count("generated inputs")
    path = tmp_path_factory.mktemp("keys") / "lib.json"
    library_file(path, priorities=[{"id": "p", "title": "T", "summary": "S", key: 1}])
    [warning] = read_json(path).warnings
    assert "\n" not in warning and "\r" not in warning and len(warning) < len(str(path)) + 120
    assert warning.endswith("unknown field, ignored")


# -- hostile workbooks ------------------------------------------------------------------------

def _workbook(path: Path, rows: list[list[object]], title: str = "Priorities") -> Path:
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _with_shared_strings(source: Path, target: Path, cell: str, index: str) -> Path:
    """The workbook with `cell` pointing at shared string `index` (a table of two strings)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index(f'<c r="{cell}"')
                end = text.index("</c>", start) + 4
                text = text[:start] + f'<c r="{cell}" t="s"><v>{index}</v></c>' + text[end:]
                data = text.encode()
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                    b'ContentType="application/vnd.openxmlformats-officedocument.'
                                    b'spreadsheetml.sharedStrings+xml"/></Types>')
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://'
                                    b'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                                    b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
            out.writestr(info, data)
        out.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/'
                     'spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>first</t></si>'
                     '<si><t>second</t></si></sst>')
    return target


@pytest.mark.parametrize("index", ["-3", "-1", "2", "99999999", "x", "1e3", " ", "٣"])
def test_a_shared_string_index_outside_the_table_is_refused(
        index: str, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = _workbook(tmp_path / "plain.xlsx", [["id", "title", "summary"], ["p", "T", "S"]])
    hostile = _with_shared_strings(plain, tmp_path / "evil.xlsx", "C2", index)
    line = one_line_refusal(["import", str(hostile), "--library", str(library)], hostile, capsys,
                            unchanged=(library,))
    assert ":Priorities:2:summary: shared-string index" in line and "out of range" in line
    tally.count("generated inputs")


def test_a_valid_shared_string_index_is_read(library: Path, tmp_path: Path) -> None:
    plain = _workbook(tmp_path / "plain.xlsx", [["id", "title", "summary"], ["p", "T", "S"]])
    good = _with_shared_strings(plain, tmp_path / "good.xlsx", "C2", "1")
    assert xlsxio.read_xlsx(good).content.priorities[0].summary == "second"


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NULL!", "#NUM!"])
def test_an_error_cell_is_refused_as_an_error_value(
        error: str, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Priorities"
    sheet.append(["id", "title", "summary"])
    sheet.append(["p", "T", "S"])
    sheet["C2"].value, sheet["C2"].data_type = error, "e"
    path = tmp_path / "errors.xlsx"
    book.save(path)
    line = one_line_refusal(["import", str(path), "--library", str(library)], path, capsys,
                            unchanged=(library,))
    assert line == f"{path}:Priorities:2:summary: '{error}' is an error value, not text"
    tally.count("generated inputs")


@pytest.mark.parametrize("twin", ["priorities", "PRIORITIES", "Priorities ", "pRiOrItIeS"])
def test_two_sheets_whose_names_differ_only_in_case_are_refused(
        twin: str, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Priorities"
    book.active.append(["id", "title", "summary"])
    other = book.create_sheet("placeholder")
    other.append(["id", "title", "summary"])
    path = tmp_path / "twins.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="placeholder"',
                                                                f'name="{twin}"'.encode())
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    line = one_line_refusal(["import", str(path), "--library", str(library)], path, capsys,
                            unchanged=(library,))
    assert "two sheets are named 'Priorities' and" in line
    tally.count("generated inputs")


def test_a_padded_zip_bomb_is_refused_by_its_parts_ratio(library: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # The attack scaled down: many MB of repeated shared strings, and stored random bytes that
    # keep the ratio of the file as a whole low.
    plain = _workbook(tmp_path / "plain.xlsx", [["id", "title", "summary"], ["p", "T", "S"]])
    path = tmp_path / "padded.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        strings = "<si><t>" + "A" * 1000 + "</t></si>"
        out.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/'
                     f'spreadsheetml/2006/main">{strings * 30_000}</sst>')
        out.writestr(zipfile.ZipInfo("xl/media/noise.bin"), random.randbytes(2 * 2**20),
                     compress_type=zipfile.ZIP_STORED)
    line = one_line_refusal(["import", str(path), "--library", str(library)], path, capsys,
                            unchanged=(library,))
    assert "suspicious compression ratio of xl/sharedStrings.xml" in line


@pytest.mark.parametrize(("part", "cap"), [("xl/sharedStrings.xml", 60), ("xl/worksheets/sheet1.xml", 120),
                                           ("xl/styles.xml", 10)])
def test_each_part_is_capped_on_its_own(part: str, cap: int, tmp_path: Path) -> None:
    from briefing import safezip
    from briefing.errors import ValidationError

    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/workbook.xml", "<workbook/>")
        # Random text compresses little: the part is big for its own sake, not its ratio.
        rng = random.Random(cap)
        chunk = "".join(rng.choice("abcdefghij") for _ in range(2**20))
        with out.open(part, "w", force_zip64=True) as stream:
            for _ in range(cap + 1):
                stream.write(chunk.encode())
    with pytest.raises(ValidationError) as refused:
        xlsxio.check_archive(path, str(path))
    assert refused.value.problems == [
        f"{path}: refused: {part} unpacks to {cap + 1} MB, more than the {cap} MB such a part "
        "of an XLSX workbook may hold"]
    assert safezip.PartLimit  # the caps are the guard's, named in xlsxio.PART_LIMITS
    tally.count("faults injected")


# -- special files and paths -----------------------------------------------------------------

@pytest.mark.parametrize("kind", ["fifo", "loop", "folder", "dev-zero"])
def test_an_import_file_that_is_not_a_regular_file_is_refused_without_blocking(
        kind: str, library: Path, tmp_path: Path) -> None:
    target = tmp_path / "special.json"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "loop":
        target.symlink_to(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target = Path("/dev/zero")
    before = digest(library)
    done = subprocess.run([PYTHON, MAIN, "import", str(target), "--library", str(library)],
                          capture_output=True, text=True, timeout=60, env=child_env())
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(f"{target}: ") and "Traceback" not in done.stderr
    assert digest(library) == before
    tally.count("faults injected")


@pytest.mark.parametrize("kind", ["fifo", "loop", "dangling", "folder"])
def test_a_library_path_that_is_not_a_regular_file_is_refused_and_left_alone(
        kind: str, tmp_path: Path) -> None:
    target = tmp_path / "library.sqlite"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "loop":
        target.symlink_to(target)
    elif kind == "dangling":
        target.symlink_to(tmp_path / "nowhere")
    else:
        target.mkdir()
    before = os.lstat(target)
    done = subprocess.run([PYTHON, MAIN, "search", "x", "--library", str(target)],
                          capture_output=True, text=True, timeout=60, env=child_env())
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(f"{target}: ") and "Traceback" not in done.stderr
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)  # never replaced
    assert sorted(os.listdir(tmp_path)) == ["library.sqlite"]  # nothing left beside it
    tally.count("faults injected")


# -- a full disk ------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path) -> object:
    """A 6 MB file system of its own (tmpfs), unmounted afterwards; needs root to mount."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system at `folder` until only about `leave` bytes are free."""
    info = os.statvfs(folder)
    free = info.f_bavail * info.f_frsize
    if free > leave:
        with open(folder / "filler", "ab") as stream:
            stream.write(b"\0" * (free - leave))


def _free_up(folder: Path) -> None:
    (folder / "filler").unlink(missing_ok=True)


@pytest.mark.parametrize("leave_kb", [0, 8, 40, 200, 368])
def test_a_new_library_on_a_full_disk_says_no_space(
        leave_kb: int, small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(small_disk, leave_kb * 1024)
    target = small_disk / "library.sqlite"
    line = one_line_refusal(["search", "x", "--library", str(target)], target, capsys)
    assert "no space left on the disk" in line and "damaged" not in line
    assert sorted(os.listdir(small_disk)) == ["filler"]  # no half-made library left behind
    _free_up(small_disk)
    assert main(["search", "x", "--library", str(target)]) == 0  # with room, it is made


def test_an_import_or_export_on_a_full_disk_names_the_cause_and_changes_nothing(
        small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bench.bench_library import make_items
    from briefing.library import jsonio
    from briefing.models import LibraryContent
    from tests.faults.libraries import library_state

    library = small_disk / "library.sqlite"
    open_library(library).close()
    items = make_items(2000)
    source = tmp_path / "many.json"
    jsonio.write_json(LibraryContent.of(items), source)  # people and their photos included
    before = library_state(library)
    seen = set()
    for leave_kb in range(0, 2400, 150):
        for name in os.listdir(small_disk):
            if name.startswith("library.sqlite.bak") or name == "filler":
                (small_disk / name).unlink()
        _fill(small_disk, leave_kb * 1024)
        capsys.readouterr()
        code = main(["import", str(source), "--library", str(library)])
        err = capsys.readouterr().err.splitlines()
        if code == 0:
            break
        assert len(err) == 1 and err[0].startswith(str(library)), err
        assert "no space left on the disk" in err[0] and "savepoint" not in err[0], err
        seen.add(err[0])
        _free_up(small_disk)
        assert library_state(library) == before  # all or nothing
        tally.count("faults injected")
    assert seen, "the disk was never full during the import"
    # The export, from a library elsewhere onto the full disk: no partial file, one line.
    _free_up(small_disk)
    elsewhere = copy_library(library, tmp_path / "library.sqlite")
    _fill(small_disk, 16 * 1024)
    target = small_disk / "export.json"
    line = one_line_refusal(["export-library", str(target), "--library", str(elsewhere)], target,
                            capsys)
    assert "no space left on the disk" in line
    assert not [name for name in os.listdir(small_disk) if name.startswith("export")]


def test_a_library_missing_its_search_index_is_restored_from_a_whole_backup(
        library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from briefing.library import restore_latest_backup

    with LibraryStore(library) as store:
        whole = store.backup()
        content = store.content()
    broken_backup = library.with_name(library.name + ".bak-v3-29990101T000000000000Z")
    copy_library(whole, broken_backup)  # the newest backup lacks its index too: skipped
    for path in (library, broken_backup):
        conn = sqlite3.connect(path)
        conn.execute("DROP TABLE search")
        conn.commit()
        conn.close()
    line = one_line_refusal(["search", "x", "--library", str(library)], library, capsys,
                            unchanged=(library,))
    assert "its table 'search' is missing" in line and "can be restored" in line
    restored = restore_latest_backup(library)
    assert restored.backup == whole
    with LibraryStore(library) as store:
        assert store.content() == content and store.search("digital")


@FEW
@given(field=st.sampled_from(["marking", "review_due", "id", "partnerships"]),
       unit=st.text(min_size=1, max_size=5), repeat=st.integers(100, 200_000))
def test_a_huge_or_multiline_value_is_echoed_short_on_one_line(
        field: str, unit: str, repeat: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    from briefing.errors import ValidationError
    from briefing.library.jsonio import read_json

    tally.count("generated inputs")
    from briefing.text import clean

    if field != "id" and not clean(unit).strip():
        return  # blank once cleaned: no value, nothing to refuse
    value = (unit + "\n") * repeat
    item: dict[str, object] = {"id": "p", "title": "T", "summary": "S",
                               field: [value] if field == "partnerships" else value}
    path = library_file(tmp_path_factory.mktemp("values") / "lib.json", priorities=[item])
    with pytest.raises(ValidationError) as refused:
        read_json(path)
    for line in refused.value.problems:
        assert "\n" not in line and len(line) < len(str(path)) + 400, line[:500]


def test_cells_far_to_the_right_cost_no_memory(library: Path, tmp_path: Path) -> None:
    # 100,000 rows each holding one cell in Excel's last column: read as the header is wide.
    path = tmp_path / "wide.xlsx"
    plain = _workbook(tmp_path / "plain.xlsx", [["id", "title", "summary"], ["p", "T", "S"]])
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                rows = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(3, 100_003))
                data = data.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
            out.writestr(info, data)
    done = subprocess.run(
        # VmHWM, not ru_maxrss: the latter keeps the (large) test process's peak across exec.
        [PYTHON, "-c", "import re, sys; from briefing.library.xlsxio import read_xlsx; "
         "print(len(read_xlsx(sys.argv[1]).content.priorities)); "
         "print(int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]) // 1024)",
         str(path)],
        capture_output=True, text=True, timeout=120, env=child_env())
    count, peak_mb = done.stdout.split()
    assert count == "1" and int(peak_mb) < 150, (done.stdout, done.stderr[-500:])
    tally.count("faults injected")
