"""XLSX interchange: hand-made workbooks read leniently, bad ones refused, text never a formula."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.errors import ValidationError
from briefing.library import jsonio, xlsxio
from tests.core.library.interchange_sample import FORMULAS, KOREAN, write_sample


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write a workbook the way an officer might: one list of rows per sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def refusal(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        xlsxio.read_xlsx(path)
    return caught.value.problems


def test_reads_a_hand_made_workbook_leniently(tmp_path: Path) -> None:
    path = workbook(tmp_path / "lib.xlsx", {
        "partnerships": [
            [" ID ", "Name", "SUMMARY", "Established", "Priorities", "Key_Facts", "Tags", "Colour"],
            ["rok-eu", "ROK-EU", 42, dt.datetime(2022, 11, 28), "six-g;chips", "a\\; b; c\\\\d;;", None, "red"],
            [None, None, None, None, None, None, None, None],  # blank rows are skipped
            ["ttc", "TTC", "s", 2021, None, None, "x; y ;x", None],
            ["old", "Old", "s", 2019.0, None, None, None, None],
        ],
        "Priorities": [["id", "title", "summary", "last_reviewed"],
                       ["six-g", "6G", "s", dt.date(2024, 3, 26)], ["chips", "Chips", 1.5, None]],
        "Sources": [["Kind", "item_id", "title", "publisher", "url", "date"],
                    ["partnership", "rok-eu", "Press", "EC", "https://x", "2022-11"],
                    ["Partnerships", "rok-eu", "Second", None, None, 2022],
                    ["priority", "six-g", "Note", None, None, None]],
    })
    result = xlsxio.read_xlsx(path)
    rok, ttc, old = result.content.partnerships
    assert (rok.summary, rok.established, rok.priorities) == ("42", "2022-11-28", ("six-g", "chips"))
    assert rok.key_facts == ("a; b", "c\\d")
    assert [(s.title, s.date) for s in rok.sources] == [("Press", "2022-11"), ("Second", "2022")]
    assert (ttc.established, ttc.tags) == ("2021", ("x", "y"))
    assert old.established == "2019"
    six_g, chips = result.content.priorities
    assert (six_g.last_reviewed, six_g.sources[0].title, chips.summary) == ("2024-03-26", "Note", "1.5")
    assert result.content.quotes == ()
    assert result.warnings == (f"{path}:partnerships:1:Colour: unknown column, ignored",)
    assert result.where[("partnership", "ttc")] == f"{path}:partnerships:4"


def test_row_faults_name_sheet_row_and_field(tmp_path: Path) -> None:
    path = workbook(tmp_path / "lib.xlsx", {
        "Quotes": [["id", "text", "speaker", "date", "partnerships"],
                   ["q1", "t", "s", "26/03/2024", "ghost"], ["Q 2", "t", None, None, None],
                   ["q1", "t", "s", None, None]],
        "Sources": [["kind", "item_id", "title", "date"], ["quote", "q1", None, None],
                    ["quote", "nope", "T", None], ["thing", "q1", "T", None], ["quote", None, "T", None]],
    })
    assert refusal(path) == [
        f"{path}:Sources:3:item_id: no quote 'nope' on the Quotes sheet of this workbook",
        f"{path}:Sources:4:kind: must be partnership, priority, quote or person",
        f"{path}:Sources:5:item_id: required field missing",
        f"{path}:Quotes:2:date: '26/03/2024' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999)",
        f"{path}:Sources:2:title: required field missing (a source needs a title)",
        f"{path}:Quotes:3:id: 'Q 2' is not a valid id (lower-case letters, digits and hyphens, "
        "starting with a letter or digit)",
        f"{path}:Quotes:3:speaker: required field missing",
        f"{path}:Quotes:4:id: the quote id 'q1' appears twice in this file (first at {path}:Quotes:2)",
        f"{path}:Quotes:2:partnerships: links to partnership 'ghost', which is neither in this "
        "file nor in the library",
    ]


def test_workbook_without_item_sheets_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "lib.xlsx", {"Sheet1": [["id", "name"]], "Sources": [["kind"]]})
    assert refusal(path) == [f"{path}: no Partnerships, Priorities, Quotes, People sheet found "
                             "(a library workbook needs at least one of them)"]


def test_sheet_without_a_required_column_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "lib.xlsx", {
        "Partnerships": [["id", "name", "name"], ["p", "n", "n"]],
        "Priorities": [["title", "summary"], ["t", "s"]],
        "Sources": [["kind", "item_id"]],
    })
    assert refusal(path) == [
        f"{path}:Partnerships:1:name: column appears twice",
        f"{path}:Partnerships:1:summary: required column missing",
        f"{path}:Priorities:1:id: required column missing",
        f"{path}:Sources:1:title: required column missing",
    ]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "not an XLSX workbook (not a zip archive)"),
    (b"{\"format\": \"briefing-library\"}", "not an XLSX workbook (not a zip archive)"),
    (b"\x00\x01\x02garbage" * 50, "not an XLSX workbook (not a zip archive)"),
])
def test_not_a_workbook(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "lib.xlsx"
    path.write_bytes(data)
    assert refusal(path) == [f"{path}: {message}"]


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "lib.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert refusal(path) == [f"{path}: not an XLSX workbook (no xl/workbook.xml inside)"]


def _rewrite_member(path: Path, name: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[name] = change(members[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)


_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                      for n in range(1, 10))
           + b"]>")


@pytest.mark.parametrize("padding", [0, 10_000], ids=["plain", "behind-a-long-comment"])
def test_entity_expansion_in_a_sheet_is_refused(tmp_path: Path, padding: int) -> None:
    path = workbook(tmp_path / "lib.xlsx", {"Priorities": [["id", "title", "summary"], ["p", "t", "s"]]})
    comment = b"<!--" + b"x" * padding + b"-->" if padding else b""

    def poison(xml: bytes) -> bytes:
        xml = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
        xml = xml.replace(b"<v>", b"<v>&lol9;", 1) if b"<v>" in xml else xml
        xml = re.sub(rb"(<is><t>)p(</t>)", rb"\1&lol9;\2", xml)
        return b'<?xml version="1.0" encoding="UTF-8"?>' + comment + _LAUGHS + xml

    _rewrite_member(path, "xl/worksheets/sheet1.xml", poison)
    lines = refusal(path)
    assert len(lines) == 1 and lines[0].startswith(f"{path}")
    assert "refused" in lines[0] and "XML entities" in lines[0]


def test_oversized_or_suspiciously_compressed_workbooks_are_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "lib.xlsx", {"Priorities": [["id", "title", "summary"]]})
    _rewrite_member(path, "docProps/app.xml", lambda xml: xml + b" " * 3_000_000)
    # The real limits are 200 MB and 100:1 above 20 MB; scaled down so the test stays small.
    monkeypatch.setattr(xlsxio, "MAX_UNPACKED", 2 * 2**20)
    assert refusal(path) == [f"{path}: refused: the workbook unpacks to 2 MB, more than the 2 MB allowed"]
    monkeypatch.setattr(xlsxio, "MAX_UNPACKED", 200 * 2**20)
    monkeypatch.setattr(xlsxio, "_RATIO_FLOOR", 2**20)
    lines = refusal(path)
    assert len(lines) == 1 and "suspicious compression ratio" in lines[0]
    monkeypatch.setattr(xlsxio, "_RATIO_FLOOR", 20 * 2**20)
    # One part on its own: 3 MB of spaces in 3 KB is refused even though the file as a whole
    # stays under the floor, and accepted once the part's floor is above its size.
    lines = refusal(path)
    assert len(lines) == 1 and "suspicious compression ratio of docProps/app.xml" in lines[0]
    monkeypatch.setattr(xlsxio, "_PART_RATIO_FLOOR", 4 * 2**20)
    assert xlsxio.read_xlsx(path).content.items() == ()


def test_round_trip_through_xlsx_keeps_every_item(tmp_path: Path) -> None:
    content = jsonio.read_json(write_sample(tmp_path / "in.json")).content
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    xlsxio.write_xlsx(content, first)
    again = xlsxio.read_xlsx(first)
    assert again.warnings == ()
    assert jsonio.dumps(again.content) == jsonio.dumps(content)
    xlsxio.write_xlsx(again.content, second)
    assert _cells(first) == _cells(second)


def _cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_written_workbook_stores_text_never_formulas(tmp_path: Path) -> None:
    content = jsonio.read_json(write_sample(tmp_path / "in.json")).content
    path = tmp_path / "out.xlsx"
    xlsxio.write_xlsx(content, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Partnerships", "Priorities", "Quotes", "People", "Sources"]
    priorities = book["Priorities"]
    header = [cell.value for cell in priorities[1]]
    assert header[:3] == ["id", "title", "summary"] and all(cell.font.b for cell in priorities[1])
    assert priorities.freeze_panes == "A2"
    semis = next(row for row in priorities.iter_rows(min_row=2) if row[0].value == "semiconductors")
    lines = semis[header.index("lines_to_take")]
    assert lines.data_type == "s" and lines.value == "=SUM(A1); +1; -2; @SUM(A1)"
    for sheet in ("sheet1", "sheet2", "sheet3", "sheet4", "sheet5"):
        with zipfile.ZipFile(path) as archive:
            assert b"<f>" not in archive.read(f"xl/worksheets/{sheet}.xml")
    quotes = book["Quotes"]
    texts = [row[1] for row in quotes.iter_rows(min_row=2, values_only=True)]
    assert any(text.endswith(FORMULAS[0]) for text in texts)
    widths = [quotes.column_dimensions[letter].width for letter in "ABC"]
    assert all(8 <= width <= 60 for width in widths) and widths[1] > widths[0]
    sources = list(book["Sources"].iter_rows(values_only=True))
    assert sources[0] == xlsxio.SOURCE_COLUMNS
    assert sources[1:3] == [
        ("partnership", "rok-eu", "Joint press statement", "European Commission",
         "https://ec.europa.eu/x?a=1&b=2", "2022-11-28", None),
        ("partnership", "rok-eu", "Second source, no date", None, None, None, None),
    ]
    assert KOREAN in [row[1] for row in book["Partnerships"].iter_rows(values_only=True)]


def test_list_separator_escapes() -> None:
    assert xlsxio.split_list(r"a\;b; c\\; \x ;; d\\\;e") == ["a;b", "c\\", "\\x", "d\\;e"]
    assert xlsxio.join_list(["a;b", "c\\", "\\x"]) == r"a\;b; c\\; \\x"


@given(st.lists(st.text(alphabet=st.sampled_from("ab;\\ \n é"), min_size=1).map(str.strip)
                .filter(bool)))
def test_join_then_split_gives_the_entries_back(entries: list[str]) -> None:
    assert xlsxio.split_list(xlsxio.join_list(entries)) == entries


def test_cell_text_converts_numbers_and_dates_sensibly() -> None:
    assert [xlsxio.cell_text(v) for v in (2024, 2024.0, 1.25, True, dt.datetime(2024, 3, 26, 9, 30),
                                          dt.date(2024, 1, 2), None, "x")] == [
        "2024", "2024", "1.25", "TRUE", "2024-03-26", "2024-01-02", None, "x"]


def test_excel_escape_sequences_round_trip_as_typed(tmp_path: Path) -> None:
    """A typed `_x000D_` stays literal; Excel's own `_x000D_` escape decodes (then is cleaned)."""
    from briefing.library.xlsxio import cell_text, read_xlsx, write_xlsx
    from briefing.models import LibraryContent, Priority

    typed = "Keep _x000D_ and _x0041_ literal"
    content = LibraryContent(priorities=(Priority(id="p", title=typed, summary="s"),))
    path = tmp_path / "lib.xlsx"
    write_xlsx(content, path)
    assert read_xlsx(path).content.priorities[0].title == typed
    assert cell_text("Line_x000D_break _x0041_") == "Line\rbreak A"
