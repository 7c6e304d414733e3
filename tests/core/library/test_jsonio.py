"""JSON interchange: reading with clear refusals, writing sorted, both-sided, stable files."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from briefing.errors import ExportError, ValidationError
from briefing.library import jsonio
from tests.core.library.interchange_sample import (
    CONTROL_CLEAN,
    KOREAN,
    KOREAN_NFD,
    MARKUP,
    sample_object,
    write_sample,
)


def refusal(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        jsonio.read_json(path)
    return caught.value.problems


@pytest.mark.parametrize(("data", "message"), [
    (b"", "the file is empty"),
    (b"  \n\t ", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a JSON file (binary content, or not UTF-8 text)"),
    ("{\"a\": \"caf\xe9\"}".encode("latin-1"), "not a JSON file (binary content, or not UTF-8 text)"),
    (b"{\"format\": \"briefing-library\",\n \"version\": 1,}", "line 2, column 15: broken JSON: "
     "Expecting property name enclosed in double quotes"),
    (b"[1, 2]", "not a briefing library (expected a JSON object)"),
    (b"[" * 100_000, "broken JSON: nested too deeply"),
])
def test_unusable_files_give_one_clear_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "lib.json"
    path.write_bytes(data)
    assert refusal(path) == [f"{path}: {message}"]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    assert refusal(path) == [f"{path}: cannot read the library file: no such file"]


@pytest.mark.parametrize(("header", "message"), [
    ({"version": 1}, "format: not a briefing library file (no format marker; expected 'briefing-library')"),
    ({"format": "briefing-pack", "version": 1},
     "format: not a briefing library file (format 'briefing-pack'; expected 'briefing-library')"),
    ({"format": "briefing-library", "version": 2}, "version: unknown version 2 (this program reads version 1)"),
    ({"format": "briefing-library", "version": "1"}, "version: unknown version '1' (this program reads version 1)"),
    ({"format": "briefing-library", "version": True}, "version: unknown version True (this program reads version 1)"),
    ({"format": "briefing-library"}, "version: unknown version missing (this program reads version 1)"),
])
def test_wrong_marker_or_version_is_refused(tmp_path: Path, header: dict, message: str) -> None:
    obj = {key: value for key, value in sample_object().items() if key not in ("format", "version")}
    path = write_sample(tmp_path / "lib.json", {**header, **obj})
    assert refusal(path) == [f"{path}:{message}"]


def test_structure_faults_and_item_faults_are_all_listed(tmp_path: Path) -> None:
    obj = sample_object()
    obj["quotes"] = {"id": "x"}
    obj["priorities"][1] = "five-g-security"
    del obj["partnerships"][0]["summary"]
    obj["partnerships"][1]["established"] = "28 November 2022"
    path = write_sample(tmp_path / "lib.json", obj)
    assert refusal(path) == [
        f"{path}:priorities[1]: must be an object",
        f"{path}:quotes: must be a list of objects",
        f"{path}:partnerships[0]:summary: required field missing",
        f"{path}:partnerships[1]:established: '28 November 2022' is not an ISO date "
        "(YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999)",
        # The links to the priority that is not an object now lead nowhere:
        f"{path}:partnerships[1]:priorities: links to priority 'five-g-security', which is "
        "neither in this file nor in the library",
    ]


def test_reads_the_sample_with_text_cleaned(tmp_path: Path) -> None:
    obj = sample_object()
    obj["comment"] = "hand-made"
    result = jsonio.read_json(write_sample(tmp_path / "lib.json", obj))
    assert result.warnings == (f"{tmp_path / 'lib.json'}:comment: unknown field, ignored",)
    rok = result.content.partnerships[0]
    assert rok.name == KOREAN != KOREAN_NFD
    assert result.content.partnerships[1].summary.endswith(CONTROL_CLEAN)
    assert rok.marking == "OFFICIAL"
    assert result.content.quotes[0].text == f"“Trust” {MARKUP} =SUM(A1)"
    assert result.content.priorities[2].sources[0].url == "javascript:alert(1)"  # stored as given


def test_written_file_is_sorted_both_sided_and_omits_empties(tmp_path: Path) -> None:
    content = jsonio.read_json(write_sample(tmp_path / "in.json")).content
    out = tmp_path / "out.json"
    jsonio.write_json(content, out)
    raw = out.read_bytes()
    assert raw.endswith(b"}\n") and KOREAN.encode() in raw  # UTF-8, not \u escapes
    assert b'\n  "partnerships": [\n    {\n      "id": "rok-eu"' in raw  # two-space indent
    data = json.loads(raw)
    assert list(data) == ["format", "version", "partnerships", "priorities", "quotes", "people"]
    assert [p["id"] for p in data["priorities"]] == ["beyond-5g", "five-g-security", "semiconductors"]
    assert [p["id"] for p in data["quotes"]] == ["lee-jong-ho", "vestager-2023"]
    by_id = {p["id"]: p for p in data["partnerships"] + data["priorities"]}
    assert by_id["rok-eu"]["priorities"] == ["five-g-security", "semiconductors"]
    assert by_id["semiconductors"]["partnerships"] == ["rok-eu", "ttc-wg4"]
    assert by_id["five-g-security"]["partnerships"] == ["rok-eu", "ttc-wg4"]
    assert "partnerships" not in by_id["beyond-5g"]  # empty list left out
    assert list(by_id["ttc-wg4"]) == ["id", "name", "summary", "priorities"]  # None left out
    assert by_id["rok-eu"]["sources"][1] == {"title": "Second source, no date"}
    assert "created" not in raw.decode() and "updated" not in raw.decode()


def test_write_read_write_is_byte_stable_and_keeps_every_character(tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    content = jsonio.read_json(write_sample(tmp_path / "in.json")).content
    jsonio.write_json(content, first)
    again = jsonio.read_json(first).content
    jsonio.write_json(again, second)
    assert first.read_bytes() == second.read_bytes()
    assert {i.id: i for i in again.items()} == {i.id: i for i in jsonio.read_json(second).content.items()}
    text = first.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    for needle in ("=SUM(A1)", "<b>&amp;</b>", "{{ name }}", "+1", "@SUM(A1)", "\\\\dir\\\\"):
        assert needle in text


def test_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    content = jsonio.read_json(write_sample(tmp_path / "in.json")).content
    with pytest.raises(ExportError):
        jsonio.write_json(content, tmp_path / "missing-folder" / "out.json")
    assert not (tmp_path / "missing-folder").exists()
