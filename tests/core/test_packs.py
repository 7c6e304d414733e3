"""Pack files: round trip, deterministic writing, every kind of bad input, self-contained saves."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from briefing import resources
from briefing.errors import BriefingError, ValidationError
from briefing.models import ItemRef, Pack, Section
from briefing.packs import dumps_pack, new_pack, read_pack, write_pack
from briefing.templates import load_template
from tests.core import pack_content


def _write(tmp_path: Path, data: object, name: str = "brief.briefpack") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _minimal(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {"format": "briefing-pack", "version": 1, "title": "T", "sections": []}
    data.update(extra)
    return data


def _problems(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        read_pack(path)
    return info.value.problems


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    pack = pack_content.pack(title=f"Brief {pack_content.KOREAN}")
    path = tmp_path / "brief.briefpack"
    write_pack(pack, path)
    assert read_pack(path) == pack


def test_written_json_is_deterministic_readable_and_omits_absent_fields(tmp_path: Path) -> None:
    pack = Pack(title=pack_content.KOREAN, sections=(
        Section(title="Background", items=(ItemRef(kind="partnership", id="rok-eu"),)),))
    write_pack(pack, tmp_path / "a.briefpack")
    write_pack(pack, tmp_path / "b.briefpack")
    text = (tmp_path / "a.briefpack").read_text(encoding="utf-8")
    assert text == (tmp_path / "b.briefpack").read_text(encoding="utf-8")
    assert pack_content.KOREAN in text  # not \\u escapes
    assert text.startswith('{\n  "format": "briefing-pack",\n  "version": 1,')
    data = json.loads(text)
    assert list(data) == ["format", "version", "title", "sections"]
    assert data["sections"] == [{"title": "Background", "items": [{"kind": "partnership", "id": "rok-eu"}]}]


def test_the_sample_pack_reads(tmp_path: Path) -> None:
    pack = read_pack(resources.sample_pack_path())
    assert pack.title and pack.sections and pack.refs()
    assert pack.marking == "OFFICIAL"


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, '{\n  "format": "briefing-pack",\n  "title": "x" "y"\n}')
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}: line 3, column")
    assert "broken JSON" in problem


def test_missing_required_fields_are_all_reported(tmp_path: Path) -> None:
    problems = _problems(_write(tmp_path, {"subtitle": "only this"}))
    for field in ("format", "version", "title", "sections"):
        assert any(f"brief.briefpack:{field}: required field missing" in p for p in problems), field


def test_unknown_kind_names_file_and_json_path(tmp_path: Path) -> None:
    data = _minimal(sections=[
        {"title": "A", "items": []},
        {"title": "B", "items": [{"kind": "foo", "id": "x"}]},
    ])
    path = _write(tmp_path, data)
    assert _problems(path) == [
        f"{path}:sections[1].items[0].kind: unknown kind 'foo' (expected partnership, priority, quote, person or text)"
    ]


def test_every_problem_is_reported_one_line_each(tmp_path: Path) -> None:
    data = _minimal(
        marking="TOP-SECRET-ISH",
        meeting={"name": "Council", "date": "26/03/2024"},
        template="../evil",
        draft="yes",
        sections=[{"title": "A", "items": [
            {"kind": "partnership", "id": "Bad_ID"},
            {"kind": "priority"},
            {"kind": "quote", "id": "ok", "notes": "typo"},
            "not an object",
        ]}],
        colour="blue",
    )
    problems = _problems(_write(tmp_path, data))
    expected = [
        "brief.briefpack:colour: unknown field",
        "brief.briefpack:marking: unknown marking 'TOP-SECRET-ISH'",
        "brief.briefpack:meeting.date: '26/03/2024' is not an ISO date",
        "brief.briefpack:template: '../evil' is not a template name",
        "brief.briefpack:draft: must be true or false",
        "brief.briefpack:sections[0].items[0].id: 'Bad_ID' is not a valid id",
        "brief.briefpack:sections[0].items[1].id: required field missing",
        "brief.briefpack:sections[0].items[2].notes: unknown field",
        "brief.briefpack:sections[0].items[3]: an item must be an object",
    ]
    for line in expected:
        assert sum(line in p for p in problems) == 1, line
    assert len(problems) == len(expected)
    assert all("\n" not in p for p in problems)


@pytest.mark.parametrize(("data", "fragment"), [
    (_minimal(format="briefing-library"), "format: 'briefing-library' is not a pack file"),
    (_minimal(version=2), "version: version 2 is newer than this program reads"),
    (_minimal(version="1"), "version: must be a whole number"),
    (_minimal(title=""), "title: must not be empty"),
    (_minimal(title=12), "title: must be text, not a number"),
    (_minimal(sections={"title": "x"}), "sections: must be a list of sections"),
    (_minimal(sections=[{"intro": "no title"}]), "sections[0].title: required field missing"),
    (_minimal(sections=[{"title": "x", "items": {}}]), "sections[0].items: must be a list of items"),
    (_minimal(objectives="one line"), "objectives: must be a list of text"),
    (_minimal(attendees=["a", 3]), "attendees[1]: must be text, not a number"),
    (_minimal(contact={"name": "x", "mail": "y"}), "contact.mail: unknown field"),
    (_minimal(meeting="Council"), "meeting: must be an object"),
    ([1, 2], "a pack must be a JSON object, not a list"),
])
def test_bad_input_says_what_and_where(tmp_path: Path, data: object, fragment: str) -> None:
    problems = _problems(_write(tmp_path, data))
    assert any(fragment in p for p in problems), problems


def test_unreadable_files_give_one_line(tmp_path: Path) -> None:
    assert _problems(tmp_path / "absent.briefpack") == [
        f"{tmp_path / 'absent.briefpack'}: cannot read the pack file: no such file"]
    assert "is a folder" in _problems(tmp_path)[0]
    binary = tmp_path / "binary.briefpack"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert "not UTF-8" in _problems(binary)[0]


def test_text_is_cleaned_on_the_way_in(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Ελλάδα café")
    data = _minimal(title=f"Brief\x07 {nfd}", sections=[{"title": "A\x00B", "items": [
        {"kind": "quote", "id": "q", "note": "line\x0bone"}]}])
    pack = read_pack(_write(tmp_path, data))
    assert pack.title == "Brief Ελλάδα café" and unicodedata.is_normalized("NFC", pack.title)
    assert pack.sections[0].title == "AB"
    assert pack.sections[0].items[0].note == "lineone"


def test_marking_and_date_are_normalised(tmp_path: Path) -> None:
    pack = read_pack(_write(tmp_path, _minimal(marking="official-sensitive", meeting={"date": "2024-03"})))
    assert pack.marking == "OFFICIAL-SENSITIVE"
    assert pack.meeting.date == "2024-03"


def test_writes_replace_whole_files_and_fail_cleanly(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match="cannot write"):
        write_pack(pack_content.pack(), tmp_path / "missing-folder" / "brief.briefpack")
    assert not (tmp_path / "missing-folder").exists()
    target = tmp_path / "brief.briefpack"
    target.write_text("an older, longer file " * 1000, encoding="utf-8")
    write_pack(pack_content.pack(title="New"), target)
    assert read_pack(target).title == "New"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.briefpack"]  # no temporary file left


def test_self_contained_save_embeds_exactly_the_items_used(tmp_path: Path) -> None:
    content = pack_content.library()
    pack = pack_content.pack(sections=(Section(title="Only", items=(
        ItemRef(kind="priority", id="digital-rights"),)),))
    path = tmp_path / "shared.briefpack"
    write_pack(pack, path, embed=content)
    embedded = json.loads(path.read_text(encoding="utf-8"))["library"]
    assert embedded["format"] == "briefing-library"
    # The priority, and the partnership it links to (shown by name); not that partnership's quotes.
    assert [p["id"] for p in embedded["partnerships"]] == ["rok-eu"]
    assert [p["id"] for p in embedded["priorities"]] == ["digital-rights"]
    assert [q["id"] for q in embedded.get("quotes", [])] == []
    read = read_pack(path)
    assert read.library is not None
    assert read.library.by_key()[("priority", "digital-rights")] == content.by_key()[("priority", "digital-rights")]
    # Saving again keeps it self-contained.
    assert json.loads(dumps_pack(read))["library"] == embedded


def test_resaving_a_shared_pack_keeps_its_items_and_adds_new_ones(tmp_path: Path) -> None:
    import dataclasses

    from briefing.models import LibraryContent

    content = pack_content.library()
    own = dataclasses.replace(content.priorities[1], summary="As the colleague had it.")
    shared = pack_content.pack(library=LibraryContent(priorities=(own,)))
    path = tmp_path / "shared.briefpack"
    write_pack(shared, path, embed=content)
    embedded = read_pack(path).library
    assert embedded is not None
    keys = embedded.by_key()
    assert keys[("priority", "digital-rights")].summary == "As the colleague had it."
    assert {("partnership", "rok-eu"), ("partnership", "eu-us-ttc"), ("quote", "lee-2024"),
            ("quote", "breton-5g"), ("priority", "semiconductors")} <= set(keys)


def test_embedded_library_problems_are_reported_with_their_place(tmp_path: Path) -> None:
    data = _minimal(library={"format": "briefing-library", "version": 1,
                             "partnerships": [{"id": "x", "summary": "no name"}]})
    problems = _problems(_write(tmp_path, data))
    assert any("brief.briefpack:library:partnerships[0]:name: required field missing" in p for p in problems)


def test_new_pack_starts_with_the_templates_sections() -> None:
    template = load_template("ministerial-brief")
    pack = new_pack("New brief", template=template)
    assert [s.title for s in pack.sections] == [s.title for s in template.sections]
    assert pack.template == "ministerial-brief"
    assert new_pack("Bare").sections == ()
