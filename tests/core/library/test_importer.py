"""Importing library files: all or nothing, every problem listed, conflicts as asked, stable round trips."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from briefing.errors import Cancelled, ConflictError, ExportError, ValidationError
from briefing.library import jsonio
from briefing.library.exporter import export_library
from briefing.library.importer import detect_format, import_file
from briefing.library.store import LibraryStore
from briefing.models import LibraryContent
from tests.core.library.interchange_sample import (
    ARABIC,
    CONTROL_CLEAN,
    EMOJI,
    FORMULAS,
    GREEK,
    HEBREW,
    KOREAN,
    MARKUP,
    sample_ids,
    sample_object,
    write_sample,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LibraryStore]:
    with LibraryStore(tmp_path / "library.sqlite") as opened:
        yield opened


@pytest.fixture
def filled(store: LibraryStore, tmp_path: Path) -> LibraryStore:
    import_file(store, write_sample(tmp_path / "sample.json"))
    return store


def snapshot(store: LibraryStore) -> tuple[LibraryContent, list[str | None]]:
    """Everything the library holds, timestamps included, to prove nothing changed."""
    content = store.content()
    return content, [item.updated for item in content.items()]


def test_import_adds_every_item_with_links_on_both_sides(store: LibraryStore, tmp_path: Path) -> None:
    report = import_file(store, write_sample(tmp_path / "sample.json"))
    assert set(report.added) == sample_ids() and report.unchanged == report.replaced == ()
    assert report.summary("lib.json") == "imported lib.json: 7 added, 0 unchanged, 0 replaced, 0 skipped"
    assert store.get("partnership", "rok-eu").name == KOREAN
    assert store.get("partnership", "ttc-wg4").summary.endswith(CONTROL_CLEAN)
    # rok-eu named five-g-security only from the priority's side.
    assert store.get("partnership", "rok-eu").priorities == ("five-g-security", "semiconductors")
    assert store.get("priority", "semiconductors").partnerships == ("rok-eu", "ttc-wg4")
    assert store.get("quote", "vestager-2023").priorities == ("five-g-security", "semiconductors")


BAD_JSON_EDITS = {
    "missing required field": (lambda o: o["priorities"][0].pop("summary"),
                               ["{f}:priorities[0]:summary: required field missing"]),
    "not an ISO date": (lambda o: o["quotes"][0].update(date="June 2023"),
                        ["{f}:quotes[0]:date: 'June 2023' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999)"]),
    "id not a slug": (lambda o: o["quotes"][1].update(id="Lee_Jong_Ho"),
                      ["{f}:quotes[1]:id: 'Lee_Jong_Ho' is not a valid id (lower-case letters, digits "
                       "and hyphens, starting with a letter or digit)"]),
    "same id twice": (lambda o: o["priorities"].append(dict(o["priorities"][0])),
                      ["{f}:priorities[3]:id: the priority id 'semiconductors' appears twice in this "
                       "file (first at {f}:priorities[0])"]),
    "link to nowhere": (lambda o: o["partnerships"][1]["priorities"].append("quantum"),
                        ["{f}:partnerships[1]:priorities: links to priority 'quantum', which is "
                         "neither in this file nor in the library"]),
    "wrong format marker": (lambda o: o.update(format="briefing-pack"),
                            ["{f}:format: not a briefing library file (format 'briefing-pack'; "
                             "expected 'briefing-library')"]),
    "unknown version": (lambda o: o.update(version=7),
                        ["{f}:version: unknown version 7 (this program reads version 1)"]),
}


@pytest.mark.parametrize("case", BAD_JSON_EDITS)
def test_bad_json_is_refused_and_library_unchanged(filled: LibraryStore, tmp_path: Path, case: str) -> None:
    edit, expected = BAD_JSON_EDITS[case]
    obj = sample_object()
    obj["partnerships"].append({"id": "new-one", "name": "New", "summary": "would be added"})
    edit(obj)
    path = write_sample(tmp_path / "bad.json", obj)
    before = snapshot(filled)
    with pytest.raises(ValidationError) as caught:
        import_file(filled, path)
    assert caught.value.problems == [line.format(f=path) for line in expected]
    assert snapshot(filled) == before


@pytest.mark.parametrize(("name", "data", "message"), [
    ("lib.csv", b"id,name\nx,y\n", "not a library file (expected JSON or XLSX)"),
    ("lib.json", b"", "the file is empty"),
    ("lib", b"", "the file is empty"),
    ("lib.json", b"\x00\x01\x02\xff\xfe", "not a JSON file (binary content, or not UTF-8 text)"),
    ("lib.bin", b"\x00\x01\x02\xff\xfe", "not a library file (expected JSON or XLSX)"),
    ("lib.xlsx", b"{\"format\": \"briefing-library\", \"version\": 1}", "not an XLSX workbook (not a zip archive)"),
])
def test_files_of_no_library_format_are_refused(filled: LibraryStore, tmp_path: Path, name: str,
                                                data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(filled)
    with pytest.raises(ValidationError) as caught:
        import_file(filled, path)
    assert caught.value.problems == [f"{path}: {message}"]
    assert snapshot(filled) == before


def test_format_is_told_by_content_first(tmp_path: Path) -> None:
    workbook = tmp_path / "really-a-workbook.json"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    text = write_sample(tmp_path / "library.txt")
    assert (detect_format(workbook), detect_format(text)) == ("xlsx", "json")


def test_every_problem_of_a_file_is_reported_at_once(filled: LibraryStore, tmp_path: Path) -> None:
    obj = sample_object()
    item_cases = [case for case in BAD_JSON_EDITS if case not in ("wrong format marker", "unknown version")]
    for case in item_cases:
        BAD_JSON_EDITS[case][0](obj)
    path = write_sample(tmp_path / "bad.json", obj)
    with pytest.raises(ValidationError) as caught:
        import_file(filled, path)
    for case in item_cases:
        for line in BAD_JSON_EDITS[case][1]:
            assert line.format(f=path) in caught.value.problems


def test_xlsx_without_a_required_column_is_refused(filled: LibraryStore, tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    export_library(filled, path)
    book = openpyxl.load_workbook(path)
    book["Quotes"].delete_cols(3)  # speaker
    book.save(path)
    before = snapshot(filled)
    with pytest.raises(ValidationError) as caught:
        import_file(filled, path)
    assert caught.value.problems == [f"{path}:Quotes:1:speaker: required column missing"]
    assert snapshot(filled) == before


def test_links_may_name_items_only_the_library_holds(filled: LibraryStore, tmp_path: Path) -> None:
    obj = {"format": "briefing-library", "version": 1,
           "quotes": [{"id": "new-quote", "text": "t", "speaker": "s", "partnerships": ["rok-eu"]}],
           "priorities": [{"id": "quantum", "title": "Quantum", "summary": "s",
                           "partnerships": ["ttc-wg4"]}]}
    report = import_file(filled, write_sample(tmp_path / "more.json", obj))
    assert set(report.added) == {("quote", "new-quote"), ("priority", "quantum")}
    assert "quantum" in filled.get("partnership", "ttc-wg4").priorities


def test_export_imports_unchanged_and_reexports_byte_identical(filled: LibraryStore, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    export_library(filled, first)
    before = snapshot(filled)
    report = import_file(filled, first)
    assert set(report.unchanged) == sample_ids() and not (report.added or report.replaced)
    assert snapshot(filled) == before  # not even a timestamp moved
    with LibraryStore(tmp_path / "fresh.sqlite") as fresh:
        assert len(import_file(fresh, first).added) == 7
        export_library(fresh, second)
    assert first.read_bytes() == second.read_bytes()


def test_xlsx_round_trip_is_content_stable(filled: LibraryStore, tmp_path: Path) -> None:
    book, again, as_json = tmp_path / "lib.xlsx", tmp_path / "again.xlsx", tmp_path / "lib.json"
    export_library(filled, book)
    assert set(import_file(filled, book).unchanged) == sample_ids()
    with LibraryStore(tmp_path / "fresh.sqlite") as fresh:
        import_file(fresh, book)
        export_library(fresh, again)
        export_library(fresh, as_json)
    assert _cells(book) == _cells(again)
    original = tmp_path / "original.json"
    export_library(filled, original)
    assert as_json.read_bytes() == original.read_bytes()


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_hostile_text_survives_import_export_import(filled: LibraryStore, tmp_path: Path,
                                                     suffix: str) -> None:
    exported = tmp_path / f"lib{suffix}"
    export_library(filled, exported)
    with LibraryStore(tmp_path / "other.sqlite") as other:
        import_file(other, exported)
        rok = other.get("partnership", "rok-eu")
        assert rok.name == KOREAN  # sent in NFD, back in NFC
        assert rok.summary == f"{MARKUP} {ARABIC} {HEBREW} {EMOJI}"
        assert rok.key_facts == ("Budget: EUR 1.5 million; 36 months", "Path C:\\dir\\ and a \\; too",
                                 "=SUM(A1)")
        assert other.get("priority", "semiconductors").lines_to_take == FORMULAS
        assert other.get("partnership", "ttc-wg4").summary == f"{GREEK}. {CONTROL_CLEAN}"
        assert other.get("quote", "lee-jong-ho").context == f"{ARABIC}\n{HEBREW}"
        assert other.content() == filled.content()


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _changed_file(tmp_path: Path) -> Path:
    """The sample with rok-eu edited (and its link to five-g-security dropped), plus a new priority."""
    obj = jsonio.content_to_object(jsonio.read_json(write_sample(tmp_path / "s.json")).content)
    rok = obj["partnerships"][0]
    rok["summary"] = "Edited summary"
    rok["priorities"] = ["semiconductors"]
    five_g = next(p for p in obj["priorities"] if p["id"] == "five-g-security")
    five_g["partnerships"] = ["ttc-wg4"]
    obj["priorities"].append({"id": "quantum", "title": "Quantum", "summary": "s",
                              "partnerships": ["rok-eu"]})
    return write_sample(tmp_path / "changed.json", obj)


def test_conflict_fail_names_every_conflicting_id_and_writes_nothing(filled: LibraryStore,
                                                                     tmp_path: Path) -> None:
    path = _changed_file(tmp_path)
    before = snapshot(filled)
    with pytest.raises(ConflictError) as caught:
        import_file(filled, path)
    assert caught.value.problems == [
        f"{path}:partnerships[0]:id: a different partnership 'rok-eu' is already in the library",
        f"{path}:priorities[1]:id: a different priority 'five-g-security' is already in the "
        "library",
    ]
    assert snapshot(filled) == before and filled.get("priority", "quantum") is None


def test_conflict_skip_leaves_skipped_items_exactly_as_they_were(filled: LibraryStore,
                                                                 tmp_path: Path) -> None:
    rok_before = filled.get("partnership", "rok-eu")
    report = import_file(filled, _changed_file(tmp_path), on_conflict="skip")
    assert set(report.skipped) == {("partnership", "rok-eu"), ("priority", "five-g-security")}
    assert report.added == (("priority", "quantum"),)
    assert filled.get("partnership", "rok-eu") == rok_before
    assert filled.get("partnership", "rok-eu").updated == rok_before.updated
    # The new priority's link to the skipped partnership is not added ("links included").
    assert filled.get("priority", "quantum").partnerships == ()


def test_conflict_replace_takes_fields_and_own_links(filled: LibraryStore, tmp_path: Path) -> None:
    report = import_file(filled, _changed_file(tmp_path), on_conflict="replace")
    assert set(report.replaced) == {("partnership", "rok-eu"), ("priority", "five-g-security")}
    rok = filled.get("partnership", "rok-eu")
    assert (rok.summary, rok.priorities) == ("Edited summary", ("quantum", "semiconductors"))
    assert filled.get("priority", "five-g-security").partnerships == ("ttc-wg4",)
    assert filled.get("priority", "quantum").partnerships == ("rok-eu",)


def test_a_small_file_into_a_larger_library_is_sorted_the_same_way(filled: LibraryStore,
                                                                   tmp_path: Path) -> None:
    # Few items against a bigger library are looked up one by one rather than all at once.
    whole = jsonio.content_to_object(filled.content())
    same = {**whole, "partnerships": [], "quotes": [], "priorities": whole["priorities"][:1]}
    edited = json.loads(json.dumps(same))
    edited["priorities"][0]["summary"] = "Edited"
    assert import_file(filled, write_sample(tmp_path / "same.json", same)).unchanged == (
        ("priority", "beyond-5g"),)
    with pytest.raises(ConflictError):
        import_file(filled, write_sample(tmp_path / "edited.json", edited))


def test_cancel_rolls_everything_back_and_progress_is_reported(store: LibraryStore, tmp_path: Path) -> None:
    obj = sample_object()
    obj["priorities"] += [{"id": f"p-{n}", "title": f"P {n}", "summary": "s"} for n in range(1200)]
    path = write_sample(tmp_path / "big.json", obj)
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        import_file(store, path, progress=lambda done, total: seen.append((done, total)),
                    cancelled=lambda: len(seen) >= 1)
    assert store.count() == 0 and seen == [(500, 1207)]
    import_file(store, path, progress=lambda done, total: seen.append((done, total)))
    assert store.count() == 1207 and seen[-1] == (1207, 1207)


def test_export_refuses_other_extensions(filled: LibraryStore, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        export_library(filled, tmp_path / "lib.csv")
    assert caught.value.problems == [f"{tmp_path / 'lib.csv'}: cannot export a library as .csv "
                                     "(use .json or .xlsx)"]
    assert not (tmp_path / "lib.csv").exists()


def test_exported_json_holds_no_timestamps(filled: LibraryStore, tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    export_library(filled, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert all("created" not in item and "updated" not in item
               for kind in ("partnerships", "priorities", "quotes") for item in data[kind])
