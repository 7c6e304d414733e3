"""People: stored with their photo, linked from quotes, exchanged in JSON and XLSX, upgraded into."""

from __future__ import annotations

import base64
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from briefing.cli import main
from briefing.errors import ValidationError
from briefing.library import jsonio, schema, xlsxio
from briefing.library.importer import import_file
from briefing.library.store import LibraryStore
from briefing.models import Person, Source
from briefing.packs import pack_from_data
from tests.core.library.store_samples import partnership, priority, quote, raw_rows

V3_LIBRARY = Path(__file__).resolve().parent / "fixtures" / "library-v3.sqlite"


def image(fmt: str = "PNG", size: tuple[int, int] = (30, 40)) -> bytes:
    """A small image file's bytes, made with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, format=fmt)
    return buffer.getvalue()


def person(item_id: str = "lee-jong-ho", **changes: object) -> Person:
    """A person with every field set, photo included."""
    fields: dict[str, object] = dict(
        id=item_id, name="Lee Jong-Ho", role="Minister", organisation="MSIT", country="Republic of Korea",
        biography="First paragraph.\n\nSecond paragraph, with 디지털.", pronunciation="lee jong-ho",
        languages=("Korean", "English"), photo=image("JPEG"), partnerships=("rok-eu",),
        tags=("korea",), marking="PUBLIC", last_reviewed="2024-03-27", review_due="2025-03",
        sources=(Source(title="Press release", publisher="MSIT", note="year inferred from the text"),),
    )
    fields.update(changes)
    return Person(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LibraryStore]:
    with LibraryStore(tmp_path / "library.sqlite") as opened:
        opened.add_many([partnership(), priority(), person(), quote(speaker_id="lee-jong-ho", text="Plain words.")])
        yield opened


# -- store ---------------------------------------------------------------------------------

def test_a_person_round_trips_with_the_photo_byte_for_byte(store: LibraryStore) -> None:
    again = store.get("person", "lee-jong-ho")
    assert again == person()
    assert isinstance(again, Person) and again.photo == person().photo
    assert again.sources[0].note == "year inferred from the text"
    assert store.count("person") == 1 and store.items("person") == [again]
    assert store.content().people == (again,)


def test_a_quote_names_its_speaker_and_loses_the_link_when_the_person_goes(store: LibraryStore) -> None:
    assert store.get("quote", "lee-2023").speaker_id == "lee-jong-ho"  # type: ignore[union-attr]
    assert store.links_to([("person", "lee-jong-ho")]) == {("person", "lee-jong-ho"): {"quote": ["lee-2023"]}}
    assert store.links_to([("partnership", "rok-eu")])[("partnership", "rok-eu")]["person"] == ["lee-jong-ho"]
    store.delete("person", "lee-jong-ho")
    kept = store.get("quote", "lee-2023")
    assert kept is not None and kept.speaker_id is None and kept.speaker == "Lee Jong-Ho"  # type: ignore[attr-defined]


def test_a_speaker_id_naming_no_person_is_refused(store: LibraryStore) -> None:
    with pytest.raises(ValidationError, match="quote ghost-quote: links to person 'nobody'"):
        store.add(quote("ghost-quote", speaker_id="nobody"))


def test_people_are_searched_and_filtered(store: LibraryStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert [(h.kind, h.id) for h in store.search("second paragraph")] == [("person", "lee-jong-ho")]
    assert [h.id for h in store.search("korea", kinds=["person"])] == ["lee-jong-ho"]
    assert [h.id for h in store.search("inferred")] == ["lee-jong-ho"]  # a source's note is searched
    assert ("person", "lee-jong-ho") in {(h.kind, h.id) for h in store.search("", partnership="rok-eu")}
    capsys.readouterr()
    assert main(["search", "minister", "--kind", "person", "--library", str(store.path)]) == 0
    assert capsys.readouterr().out.splitlines() == ["person\tlee-jong-ho\tLee Jong-Ho"]


# -- upgrade from the previous release -----------------------------------------------------

def test_a_library_from_the_previous_release_is_backed_up_upgraded_and_keeps_every_item(
        tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copyfile(V3_LIBRARY, path)
    before = raw_rows(path, "SELECT kind, id, label, marking, review_due, created, updated FROM items "
                            "ORDER BY kind, id")
    links_before = raw_rows(path, "SELECT * FROM partnership_priority ORDER BY 1, 2")
    assert raw_rows(path, "PRAGMA user_version") == [(3,)] and len(before) == 48
    with LibraryStore(path) as store:
        assert raw_rows(path, "PRAGMA user_version") == [(schema.LATEST_VERSION,)]
        after = raw_rows(path, "SELECT kind, id, label, marking, review_due, created, updated FROM items "
                               "ORDER BY kind, id")
        assert after == before
        assert raw_rows(path, "SELECT * FROM partnership_priority ORDER BY 1, 2") == links_before
        assert raw_rows(path, "PRAGMA foreign_key_check") == []
        edge = store.get("partnership", "edge-partnership")
        assert edge is not None and edge.summary == "Line one\n\nLine two\twith tab"  # type: ignore[attr-defined]
        assert [s.note for s in edge.sources] == [None, None]
        assert [h.id for h in store.search("ωμεγα")] == ["edge-partnership"]
        assert [(p.id, p.value) for p in store.date_problems()] == [("edge-quote", "24-01")]
        # The new kind works in the upgraded file, and deleting still cascades to links.
        store.add(person("newcomer", partnerships=("edge-partnership",)))
        store.delete("partnership", "edge-partnership")
        assert store.get("person", "newcomer").partnerships == ()  # type: ignore[union-attr]
        assert store.get("quote", "edge-quote").partnerships == ()  # type: ignore[union-attr]
    [backup] = schema.backups(path)
    assert backup.name.startswith("library.sqlite.bak-v3-")
    assert raw_rows(backup, "SELECT count(*) FROM items") == [(48,)]
    with LibraryStore(path) as again:  # opens at the latest version without migrating again
        assert again.notes == () and len(schema.backups(path)) == 1


# -- interchange ---------------------------------------------------------------------------

def test_json_carries_the_photo_as_a_data_uri_and_round_trips_it(store: LibraryStore, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    jsonio.write_json(store.content(), out)
    data = json.loads(out.read_text(encoding="utf-8"))
    [written] = data["people"]
    assert written["photo"].startswith("data:image/jpeg;base64,")
    assert base64.b64decode(written["photo"].split(",", 1)[1]) == person().photo
    assert data["quotes"][0]["speaker_id"] == "lee-jong-ho"
    assert written["sources"][0]["note"] == "year inferred from the text"
    assert jsonio.read_json(out).content == store.content()
    assert import_file(store, out).unchanged


@pytest.mark.parametrize(("photo", "problem"), [
    ("data:image/png;base64," + base64.b64encode(image("JPEG")).decode(),
     "the URI says image/png but the data is image/jpeg"),
    ("data:image/gif;base64,R0lGODlh", "media type image/gif is not image/png or image/jpeg"),
    ("data:image/png;base64,%%%", "the base64 data is not valid"),
    ("data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 40).decode(),
     "not a readable PNG image"),
    ("data:image/jpeg;base64," + base64.b64encode(image("JPEG", (200, 200))[:600]).decode(),
     "not a readable JPEG image"),
    ("data:image/png;base64," + base64.b64encode(image("PNG", (4001, 2))).decode(),
     "the image is 4,001 × 2 pixels, more than the 4,000 a side a photo may have"),
    ("https://example.org/me.png", "must be a data: URI"),
    (12, "must be a data: URI, not a number"),
])
def test_a_bad_photo_is_refused_in_one_line_naming_the_field(tmp_path: Path, photo: object,
                                                           problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "briefing-library", "version": 1,
                                "people": [{"id": "p", "name": "N", "photo": photo}]}), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        jsonio.read_json(path)
    [line] = caught.value.problems
    assert line.startswith(f"{path}:people[0]:photo: {problem}")
    assert "\n" not in line


def test_a_photo_over_2_mib_is_refused(tmp_path: Path) -> None:
    noisy = Image.frombytes("RGB", (1200, 1200), bytes(range(256)) * (1200 * 1200 * 3 // 256))
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG", compress_level=0)
    assert len(buffer.getvalue()) > 2 * 2**20
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": "briefing-library", "version": 1, "people": [
        {"id": "p", "name": "N", "photo": "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()}]}))
    with pytest.raises(ValidationError, match=r"people\[0\]:photo: the image is more than the 2,097,152 bytes"):
        jsonio.read_json(path)


def test_xlsx_has_a_people_sheet_without_photos_and_an_import_keeps_the_stored_photo(
        store: LibraryStore, tmp_path: Path) -> None:
    book_path = tmp_path / "out.xlsx"
    xlsxio.write_xlsx(store.content(), book_path)
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["Partnerships", "Priorities", "Quotes", "People", "Sources"]
    header = [cell.value for cell in book["People"][1]]
    assert header[:2] == ["id", "name"] and "photo" not in header and "languages" in header
    assert "speaker_id" in [cell.value for cell in book["Quotes"][1]]
    sources = list(book["Sources"].iter_rows(values_only=True))
    assert sources[0][-1] == "note" and ("person", "lee-jong-ho") in {row[:2] for row in sources}
    read = xlsxio.read_xlsx(book_path).content
    assert read.people[0].photo is None and read.people[0].languages == ("Korean", "English")
    report = import_file(store, book_path)  # identical but for the photo a workbook cannot carry
    assert ("person", "lee-jong-ho") in report.unchanged and not report.replaced
    # A changed row replaces the person's fields, never the stored photo.
    book["People"].cell(row=2, column=header.index("role") + 1, value="Former minister")
    book.save(book_path)
    report = import_file(store, book_path, on_conflict="replace")
    assert report.replaced == (("person", "lee-jong-ho"),)
    stored = store.get("person", "lee-jong-ho")
    assert stored is not None and stored.role == "Former minister"  # type: ignore[attr-defined]
    assert stored.photo == person().photo  # type: ignore[attr-defined]


def test_a_photo_column_in_a_workbook_is_ignored_with_a_warning(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(["id", "name", "photo"])
    sheet.append(["p", "N", "me.png"])
    path = tmp_path / "people.xlsx"
    book.save(path)
    read = xlsxio.read_xlsx(path)
    assert read.content.people == (Person(id="p", name="N"),)
    assert read.warnings == (f"{path}:People:1:photo: a workbook never carries photos (use the JSON "
                             "format or the app); column ignored, stored photos kept",)


# -- packs ---------------------------------------------------------------------------------

def test_a_pack_section_may_hold_a_person_and_names_the_kinds_it_can_show() -> None:
    data = {"format": "briefing-pack", "version": 1, "title": "T",
            "sections": [{"title": "S", "items": [{"kind": "person", "id": "lee-jong-ho"}]}]}
    pack = pack_from_data(data, origin="p.briefpack")
    assert [(ref.kind, ref.id) for ref in pack.refs()] == [("person", "lee-jong-ho")]
    data["sections"][0]["items"] = [{"kind": "people", "id": "lee-jong-ho"}]
    with pytest.raises(ValidationError) as caught:
        pack_from_data(data, origin="p.briefpack")
    assert caught.value.problems == [
        "p.briefpack:sections[0].items[0].kind: unknown kind 'people' "
        "(expected partnership, priority, quote, person or text)"]


def test_a_file_from_the_previous_release_imports_unchanged_into_its_upgraded_library(tmp_path: Path) -> None:
    # The previous release's starter file, and a library that release filled from it.
    old_file = Path(__file__).resolve().parent / "fixtures" / "starter-v3.json"
    path = tmp_path / "library.sqlite"
    shutil.copyfile(V3_LIBRARY, path)
    with LibraryStore(path) as store:
        report = import_file(store, old_file, on_conflict="skip")
        assert not report.added and not report.replaced and not report.warnings
        # The one difference is the fixture's own: its edge partnership links to digital-rights.
        assert report.skipped == (("priority", "digital-rights"),)
        assert len(report.unchanged) + 1 == len(jsonio.read_json(old_file).content.items()) == 45
    with LibraryStore(tmp_path / "fresh.sqlite") as fresh:
        assert len(import_file(fresh, old_file).added) == 45
