"""Excel exporter: read the workbook back (openpyxl, zipfile + lxml) and compare with the document."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import io
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.utils.escape import unescape

from briefing.docmodel import BriefingDocument, CellLink, Column, Properties, Sheet, Style
from briefing.errors import BriefingError, Cancelled, ExportError
from briefing.exporters import ExportOptions, get_exporter
from briefing.exporters.xlsx import XlsxExporter
from briefing.text import clean
from tests.core.exporters.sample import GREEK, HOSTILE, KOREAN, sample_document

MAIN_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
CUT = re.compile(r"… \[cut: ([\d,]+) characters in full\]$")
HOSTILE_VALUES = (
    HOSTILE, '=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "=1+1", "#N/A", "#REF!",
    "<b>&amp;", "{{ }}", GREEK, KOREAN, unicodedata.normalize("NFD", KOREAN), "_x0041_ stays",
    "  padded  ", "line one\nline two", "\ttab", "0123", "1e5", "TRUE", "2024-03-26",
)


def export(document: BriefingDocument, path: Path, options: ExportOptions | None = None) -> tuple[str, ...]:
    return XlsxExporter().export(document, path, options or ExportOptions())


def text(value: Any) -> Any:
    """A cell's value as Excel shows it: openpyxl leaves Excel's `_xHHHH_` escapes undecoded."""
    return unescape(value) if isinstance(value, str) else value


def values(ws: Any) -> list[list[Any]]:
    return [[text(cell.value) for cell in row] for row in ws.iter_rows()]


def expected_cell(value: Any, column: Column) -> Any:
    """What the document's value should read as in Excel (independent of the exporter's code)."""
    if isinstance(value, CellLink):
        return value.text
    if column.type == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
    if isinstance(value, str):
        return clean(value) or None
    return value


def one_sheet(rows: tuple[tuple[Any, ...], ...], columns: tuple[Column, ...] | None = None,
              **changes: Any) -> BriefingDocument:
    columns = columns or (Column("v", "Value", "long"),)
    changes.setdefault("properties", Properties(title="Test"))
    return BriefingDocument(sheets=(Sheet("Data", columns, rows),), **changes)


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "brief.xlsx"
    assert export(sample_document(), path) == ()
    return path


@pytest.fixture(scope="module")
def sample_book(sample_file: Path) -> Any:
    return openpyxl.load_workbook(sample_file)


def test_registry_loads_the_excel_exporter() -> None:
    exporter = get_exporter("xlsx")
    assert isinstance(exporter, XlsxExporter)
    assert (exporter.format_id, exporter.extension, exporter.label) == ("xlsx", ".xlsx", "Excel")


def test_importing_the_exporter_does_not_load_openpyxl() -> None:
    code = "import sys, briefing.exporters.xlsx; print('openpyxl' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_sheets_headers_and_rows_in_order(sample_book: Any) -> None:
    document = sample_document()
    assert sample_book.sheetnames == [sheet.name for sheet in document.sheets]
    for sheet in document.sheets:
        rows = values(sample_book[sheet.name])
        assert rows[0] == [column.header for column in sheet.columns]
        expected = [[expected_cell(v, c) for v, c in zip(row, sheet.columns)] for row in sheet.rows]
        assert rows[1:] == expected


def test_hostile_and_multiscript_text_is_literal_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.xlsx"
    columns = (Column("t", "Text"), Column("l", "Long", "long"), Column("d", "Date", "date"),
               Column("n", "Number", "number"), Column("u", "Link", "link"))
    export(one_sheet(tuple((v,) * 5 for v in HOSTILE_VALUES[:-1]), columns), path)
    ws = openpyxl.load_workbook(path)["Data"]
    for row, value in zip(ws.iter_rows(min_row=2), HOSTILE_VALUES):
        for cell in row:
            assert text(cell.value) == unicodedata.normalize("NFC", value)
            assert cell.data_type == "s"


def test_no_cell_anywhere_is_a_formula(sample_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "formulas.xlsx"
    export(one_sheet(tuple((v,) for v in HOSTILE_VALUES)), path)
    for file in (sample_file, path):
        book = openpyxl.load_workbook(file)
        assert all(cell.data_type != "f" for ws in book for row in ws.iter_rows() for cell in row)
        with zipfile.ZipFile(file) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
            for name in sheets:
                assert etree.fromstring(archive.read(name)).findall(".//m:f", MAIN_NS) == []


def test_full_dates_are_date_cells_and_partial_dates_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "dates.xlsx"
    rows = (("2022-11-28",), ("2021-06",), ("2022",), ("soon",), ("2024-02-30",), ("1850-01-01",),
            (dt.date(2024, 3, 26),), (None,))
    export(one_sheet(rows, (Column("d", "Date", "date"),)), path)
    cells = [row[0] for row in openpyxl.load_workbook(path)["Data"].iter_rows(min_row=2)]
    assert cells[0].is_date and cells[0].value == dt.datetime(2022, 11, 28)
    assert cells[0].number_format == "yyyy-mm-dd"
    assert [(c.value, c.data_type) for c in cells[1:6]] == [
        ("2021-06", "s"), ("2022", "s"), ("soon", "s"), ("2024-02-30", "s"), ("1850-01-01", "s"),
    ]
    assert cells[6].is_date and cells[6].value == dt.datetime(2024, 3, 26)
    assert cells[7].value is None


def test_numbers_are_numbers_unless_excel_would_change_them(tmp_path: Path) -> None:
    path = tmp_path / "numbers.xlsx"
    rows = ((1,), (2.5,), (-3,), (float("nan"),), (10**16,), ("12",))
    export(one_sheet(rows, (Column("n", "Number", "number"),)), path)
    cells = [row[0] for row in openpyxl.load_workbook(path)["Data"].iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [
        (1, "n"), (2.5, "n"), (-3, "n"), ("nan", "s"), (str(10**16), "s"), ("12", "s"),
    ]


def test_only_safe_links_become_hyperlinks(sample_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "links.xlsx"
    rows = (
        (CellLink("Commission", "https://digital-strategy.ec.europa.eu/"),),
        (CellLink("Write to us", "mailto:officer@example.org"),),
        (CellLink("Click me", "javascript:alert(1)"),),
        (CellLink("Old server", "ftp://example.org/file"),),
        (CellLink("", "https://example.org/shown-as-url"),),
        (CellLink("Too long", "https://example.org/" + "a" * 2100),),
        ("https://example.org/plain-text",),
    )
    export(one_sheet(rows, (Column("u", "URL", "link"),)), path)
    cells = [row[0] for row in openpyxl.load_workbook(path)["Data"].iter_rows(min_row=2)]
    links = [(c.value, c.hyperlink.target if c.hyperlink else None) for c in cells]
    assert links == [
        ("Commission", "https://digital-strategy.ec.europa.eu/"),
        ("Write to us", "mailto:officer@example.org"),
        ("Click me", None), ("Old server", None),
        ("https://example.org/shown-as-url", "https://example.org/shown-as-url"),
        ("Too long", None), ("https://example.org/plain-text", None),
    ]
    assert cells[0].font.u == "single" and cells[2].font.u is None
    for file in (sample_file, path):
        with zipfile.ZipFile(file) as archive:
            rels = [etree.fromstring(archive.read(n)) for n in archive.namelist() if n.endswith(".rels")]
        targets = [r.get("Target") for tree in rels for r in tree if r.get("Type") == HYPERLINK_REL]
        assert targets and all(re.match(r"(https?|mailto):", t) for t in targets)


def test_text_over_the_cell_limit_is_cut_with_a_marker_and_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    quote = "Word " * 8000  # 40,000 characters
    emoji = "😀" * 20_000  # 40,000 UTF-16 code units: Excel counts those
    warnings = export(one_sheet(((quote,), (emoji,), ("short",))), path)
    cells = [row[0].value for row in openpyxl.load_workbook(path)["Data"].iter_rows(min_row=2)]
    assert CUT.search(cells[0]).group(1) == "40,000"
    assert quote.startswith(cells[0][: CUT.search(cells[0]).start()])
    assert len(cells[0]) <= 32_767
    assert CUT.search(cells[1]).group(1) == "20,000"
    assert len(cells[1].encode("utf-16-le")) // 2 <= 32_767
    assert set(cells[1][: CUT.search(cells[1]).start()]) == {"😀"}
    assert cells[2] == "short"
    assert len(warnings) == 2
    assert "'Data', row 2, column 'Value'" in warnings[0] and "40,000" in warnings[0]


def test_tables_filters_and_frozen_header(sample_book: Any, tmp_path: Path) -> None:
    names = []
    for sheet in sample_document().sheets:
        ws = sample_book[sheet.name]
        assert ws.freeze_panes == "A2"
        (table,) = ws.tables.values()
        last = openpyxl.utils.get_column_letter(len(sheet.columns))
        assert table.ref == table.autoFilter.ref == f"A1:{last}{len(sheet.rows) + 1}"
        assert table.column_names == [column.header for column in sheet.columns]
        assert table.tableStyleInfo.name and table.tableStyleInfo.showRowStripes
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", table.displayName)
        names.append(table.displayName.casefold())
    assert len(set(names)) == len(names)
    path = tmp_path / "empty.xlsx"
    export(one_sheet((), (Column("a", "A"), Column("b", "B"))), path)
    ws = openpyxl.load_workbook(path)["Data"]
    assert not ws.tables and ws.auto_filter.ref == "A1:B1"
    assert values(ws) == [["A", "B"]]


def test_header_and_cell_styles(sample_book: Any) -> None:
    ws = sample_book["Partnerships"]
    header = ws[1]
    assert all(c.font.b for c in header) and {c.fill.fgColor.rgb[-6:] for c in header} == {"1F3864"}
    summary = ws["F2"]
    assert summary.alignment.wrap_text and summary.alignment.vertical == "top"


def test_column_widths_fit_the_content(sample_book: Any, tmp_path: Path) -> None:
    ws = sample_book["Partnerships"]
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert 30 <= widths["F"] <= 70  # the long summary
    assert widths["C"] < widths["D"] < widths["F"]  # "rok-eu" < "EU-US Trade and ..." < summary
    assert widths["D"] >= len("EU-US Trade and Technology Council")
    path = tmp_path / "widths.xlsx"
    columns = (Column("a", "Empty column"), Column("b", "Hinted", "long", width=25), Column("c", "Text"))
    export(one_sheet((("", "x" * 200, "y" * 500),), columns), path)
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws.column_dimensions["A"].width == len("Empty column") + 4
    assert ws.column_dimensions["B"].width == 25
    assert ws.column_dimensions["C"].width == 40  # capped; the text wraps


def test_rows_of_wrapped_text_get_a_height(tmp_path: Path) -> None:
    path = tmp_path / "heights.xlsx"
    export(one_sheet((("short",), ("word " * 100,), ("one\ntwo\nthree",))), path)
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws.row_dimensions[2].height is None
    assert ws.row_dimensions[3].height >= 8 * 15  # 500 characters in a 70-wide column
    assert ws.row_dimensions[4].height >= 3 * 15


def test_print_settings_marking_and_page_numbers(sample_book: Any) -> None:
    for ws in sample_book:
        assert ws.page_setup.orientation == "landscape"
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1" and ws.print_title_cols is None
        assert ws.oddHeader.center.text == "OFFICIAL" and ws.oddFooter.center.text == "OFFICIAL"
        assert ws.oddHeader.left.text == "Brief for the ROK-EU Digital Partnership Council"
        assert ws.oddHeader.right.text == "&A"  # the sheet's name
        assert ws.oddFooter.right.text == "Page &P of &N"


def test_wide_sheets_print_several_pages_wide_with_key_columns_repeated(tmp_path: Path) -> None:
    path = tmp_path / "wide.xlsx"
    columns = (Column("section", "Section", width=14), Column("position", "Position", "number", 9),
               Column("id", "ID", width=20), *(Column(f"c{n}", f"Column {n}", "long", 60) for n in range(6)))
    export(one_sheet((("Background", 1, "rok-eu", *("text " * 20,) * 6),), columns), path)
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws.page_setup.fitToWidth > 1
    assert ws.print_title_cols == "$A:$C" and ws.print_title_rows == "$1:$1"


def test_marking_placement_follows_the_style_and_ampersands_print(tmp_path: Path) -> None:
    path = tmp_path / "marking.xlsx"
    style = Style(marking_in_header=False, page_numbers=False, page_size="Letter")
    title = Properties(title="Q&A: " + "a very long title " * 5)
    export(one_sheet((("x",),), marking="OFFICIAL & SENSITIVE", style=style, properties=title), path)
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws.oddHeader.center.text is None
    # Cut to 60 characters, then each "&" doubled.
    assert ws.oddHeader.left.text == (title.title[:59] + "…").replace("&", "&&")
    assert ws.oddFooter.center.text == "OFFICIAL && SENSITIVE"  # "&&" prints one "&"
    assert ws.oddFooter.right.text is None
    assert ws.page_setup.paperSize == 1  # Letter (A4 is 9)
    path = tmp_path / "unmarked.xlsx"
    export(one_sheet((("x",),)), path)
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws.oddHeader.center.text is None and ws.oddFooter.center.text is None


def test_document_properties(sample_book: Any, tmp_path: Path) -> None:
    props = sample_book.properties
    assert props.title == "Brief for the ROK-EU Digital Partnership Council"
    assert props.creator == "International Digital Relations Unit"
    assert props.subject == "Digital Partnership Council, Seoul"
    assert props.keywords == "Korea, digital partnership"
    assert props.category == "OFFICIAL"
    assert props.created == props.modified == dt.datetime(2024, 3, 1, 9, 0)
    path = tmp_path / "long-title.xlsx"
    export(one_sheet((("x",),), properties=Properties(title="T" * 300)), path)
    title = openpyxl.load_workbook(path).properties.title
    assert len(title) == 255 and title.endswith("…")


def test_source_date_epoch_gives_identical_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    document = dataclasses.replace(sample_document(), properties=Properties(title="Same"))
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export(document, first)
    export(document, second)
    assert first.read_bytes() == second.read_bytes()
    when = dt.datetime(2023, 11, 14, 22, 13, 20)
    assert openpyxl.load_workbook(first).properties.created == when
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_the_documents_time_wins_and_a_bad_source_date_epoch_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The builder reads SOURCE_DATE_EPOCH into the document's time; the file carries that time.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    export(sample_document(), tmp_path / "x.xlsx")
    assert openpyxl.load_workbook(tmp_path / "x.xlsx").properties.created == dt.datetime(2024, 3, 1, 9)
    # Without one, the exporter asks for the build time itself: a bad value is named.
    undated = dataclasses.replace(sample_document(), properties=Properties(title="Undated"))
    with pytest.raises(BriefingError, match="SOURCE_DATE_EPOCH"):
        export(undated, tmp_path / "y.xlsx")
    assert not (tmp_path / "y.xlsx").exists()


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    export(one_sheet(tuple((f"row {n}",) for n in range(600))), tmp_path / "p.xlsx",
           ExportOptions(progress=lambda done, total: calls.append((done, total))))
    assert calls[-1] == (601, 601)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) >= 4  # each sheet, every 250 rows, the end


def test_cancel_leaves_no_file_and_keeps_an_earlier_one(tmp_path: Path) -> None:
    cancel = ExportOptions(cancelled=lambda: True)
    target = tmp_path / "brief.xlsx"
    with pytest.raises(Cancelled):
        export(sample_document(), target, cancel)
    assert os.listdir(tmp_path) == []
    target.write_bytes(b"earlier")
    with pytest.raises(Cancelled):
        export(sample_document(), target, cancel)
    assert target.read_bytes() == b"earlier" and os.listdir(tmp_path) == ["brief.xlsx"]


def test_unwritable_places_give_clear_errors_and_keep_earlier_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ExportError, match="cannot write in"):
        export(sample_document(), tmp_path / "missing" / "brief.xlsx")
    target = tmp_path / "brief.xlsx"
    target.write_bytes(b"earlier")
    # Tests run as root, where permissions are ignored: the OS errors are injected, here
    # where the zip goes to a file on disk (openpyxl's own save is to memory).
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    writestr = zipfile.ZipFile.writestr

    def full_disk(archive: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        if not isinstance(archive.fp, io.BytesIO):
            full()
        writestr(archive, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(zipfile.ZipFile, "writestr", full_disk)
        with pytest.raises(ExportError, match="cannot write the file: No space left on device"):
            export(sample_document(), target)
    with monkeypatch.context() as patch:
        patch.setattr("briefing.atomic.os.replace", lambda *a: full())
        with pytest.raises(ExportError, match="open in another program"):
            export(sample_document(), target)
    assert target.read_bytes() == b"earlier" and os.listdir(tmp_path) == ["brief.xlsx"]


def test_malformed_sheets_give_clear_errors(tmp_path: Path) -> None:
    target = tmp_path / "brief.xlsx"
    target.write_bytes(b"earlier")
    with pytest.raises(ExportError, match="sheet 'Data' row 3 has 2 values for 1 columns"):
        export(one_sheet((("ok",), ("one", "two"))), target)
    with pytest.raises(ExportError, match="no sheets"):
        export(BriefingDocument(properties=Properties(title="Empty")), target)
    assert target.read_bytes() == b"earlier" and os.listdir(tmp_path) == ["brief.xlsx"]


def test_awkward_sheet_and_column_names_are_made_valid(tmp_path: Path) -> None:
    path = tmp_path / "names.xlsx"
    long_name = "Partnerships and priorities of the Council"
    sheets = tuple(
        Sheet(name, (Column("a", "Same"), Column("b", "same"), Column("c", "")), (("1", "2", "3"),))
        for name in ("Bad/Name?", "Quotes", "quotes", long_name, "", "History")
    )
    warnings = export(BriefingDocument(properties=Properties(title="T"), sheets=sheets), path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Bad Name", "Quotes", "quotes (2)", long_name[:31].strip(), "Sheet 5", "History (sheet)",
    ]
    assert len(warnings) == 5 and all(w.startswith("Excel: sheet") for w in warnings)
    for ws in book:
        (table,) = ws.tables.values()
        assert table.column_names == values(ws)[0] == ["Same", "same (2)", "Column 3"]
    assert len({t.displayName.casefold() for ws in book for t in ws.tables.values()}) == 6


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=60), min_size=1, max_size=8))
def test_any_text_reads_back_exactly_as_cleaned(tmp_path: Path, texts: list[str]) -> None:
    path = tmp_path / "any.xlsx"
    export(one_sheet(tuple((t,) for t in texts), (Column("t", "Text"),)), path)
    ws = openpyxl.load_workbook(path)["Data"]
    got = [text(row[0].value) for row in ws.iter_rows(min_row=2, max_row=len(texts) + 1)]
    assert got == [clean(t) or None for t in texts]
    assert all(row[0].data_type in ("s", "n") for row in ws.iter_rows(min_row=2))


def _register_content(path: Path) -> list[Any]:
    """Everything a reader sees of the register: per sheet, cells (value, type, style), links,
    row heights, widths, tables, frozen panes and print titles."""
    book = openpyxl.load_workbook(path)
    content: list[Any] = []
    for ws in book:
        cells = [[(text(c.value), c.data_type, c.number_format, c.font.b, c.font.u, c.border.left.style,
                   c.alignment.wrap_text, c.hyperlink.target if c.hyperlink else None) for c in row]
                 for row in ws.iter_rows()]
        heights = {n: d.height for n, d in ws.row_dimensions.items() if d.height}
        widths = {k: d.width for k, d in ws.column_dimensions.items()}
        tables = [(t.displayName, t.ref, t.column_names) for t in ws.tables.values()]
        content.append((ws.title, cells, heights, widths, tables, ws.freeze_panes,
                        ws.print_title_rows, ws.print_title_cols, ws.page_setup.fitToWidth))
    return content


def test_openpyxls_plain_xml_writer_gives_the_same_register(sample_file: Path, tmp_path: Path) -> None:
    # OPENPYXL_LXML=False (read by openpyxl at import) switches it to its ElementTree writer,
    # whose serialisation differs: the register must not depend on those bytes.
    plain = tmp_path / "plain.xlsx"
    code = ("import sys; from pathlib import Path; from briefing.exporters.xlsx import XlsxExporter; "
            "from briefing.exporters import ExportOptions; "
            "from tests.core.exporters.sample import sample_document; "
            "import openpyxl; assert not openpyxl.LXML; "
            "XlsxExporter().export(sample_document(), Path(sys.argv[1]), ExportOptions())")
    env = {**os.environ, "OPENPYXL_LXML": "False"}
    subprocess.run([sys.executable, "-c", code, str(plain)], check=True, env=env,
                   cwd=Path(__file__).resolve().parents[3])
    expected = _register_content(sample_file)
    assert sum(len(sheet[1]) for sheet in expected) > len(expected)  # more than header rows
    assert _register_content(plain) == expected
