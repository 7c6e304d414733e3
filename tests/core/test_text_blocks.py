"""Officer-written text blocks in a pack: the file format, validation, the document, the
register, self-contained saves, and the three outputs read back with independent readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.build import build_pack
from briefing.docmodel import BulletList, Heading, Paragraph
from briefing.document import build_document
from briefing.errors import ValidationError
from briefing.lookup import items_used, lookup_for
from briefing.models import ItemRef, Pack, Section, TextBlock
from briefing.packs import MAX_LINE_CHARS, MAX_LIST_ENTRIES, MAX_NOTE_CHARS, read_pack, write_pack
from briefing.templates import load_template
from tests.core import pack_content
from tests.core.acceptance.pipeline import margins_mm
from tests.core.acceptance.readback import read_docx, read_pdf, read_xlsx, records, squash

STEER = TextBlock(
    title=f"Steer {pack_content.GREEK}",
    text=f"First paragraph: {pack_content.HOSTILE}\n\nSecond paragraph, {pack_content.KOREAN}.\n"
         "Still the second paragraph.",
    bullets=("Welcome the co-chair", "*not emphasis* and <i>not italic</i>"),
)
HANDLING = TextBlock(text="Handling note: for the Director only.")


def _pack_with_text() -> Pack:
    """The test pack with a steer second in its first section and a handling note ending the last."""
    base = pack_content.pack()
    first, middle, last = base.sections
    return pack_content.pack(sections=(
        Section(title=first.title, intro=first.intro, items=(first.items[0], STEER, first.items[1])),
        middle,
        Section(title=last.title, items=(*last.items, HANDLING)),
    ))


def _write(tmp_path: Path, items: list[object]) -> Path:
    path = tmp_path / "brief.briefpack"
    data = {"format": "briefing-pack", "version": 1, "title": "T",
            "sections": [{"title": "Steers", "items": items}]}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        read_pack(path)
    return info.value.problems


# --- the file format ------------------------------------------------------------------------

def test_text_blocks_round_trip_in_place_without_an_id(tmp_path: Path) -> None:
    pack = _pack_with_text()
    path = tmp_path / "brief.briefpack"
    write_pack(pack, path)
    assert read_pack(path) == pack
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    first = data["sections"][0]["items"]
    assert [entry["kind"] for entry in first] == ["priority", "text", "priority"]
    assert first[1] == {"kind": "text", "title": STEER.title, "text": STEER.text, "bullets": list(STEER.bullets)}
    assert data["sections"][2]["items"][-1] == {"kind": "text", "text": HANDLING.text}


def test_text_is_kept_as_typed_control_characters_removed(tmp_path: Path) -> None:
    typed = f"{pack_content.HOSTILE} {pack_content.GREEK} {pack_content.KOREAN} \\n {{x}}"
    path = _write(tmp_path, [{"kind": "text", "title": "a\u0007b", "text": typed + "\u0000",
                              "bullets": ["  ", "c\u001bd"]}])
    (section,) = read_pack(path).sections
    assert section.items == (TextBlock(title="ab", text=typed, bullets=("cd",)),)


@pytest.mark.parametrize(("block", "where", "says"), [
    ({"kind": "text"}, "sections[0].items[1]", "a text block needs a title, a text or bullets"),
    ({"kind": "text", "title": " ", "text": "\n\n", "bullets": [" "]}, "sections[0].items[1]",
     "a text block needs a title, a text or bullets"),
    ({"kind": "text", "text": "x", "id": "steer"}, "sections[0].items[1].id", "unknown field"),
    ({"kind": "text", "text": "x", "note": "n"}, "sections[0].items[1].note", "unknown field"),
    ({"kind": "text", "title": "x" * (MAX_LINE_CHARS + 1)}, "sections[0].items[1].title",
     f"more than the {MAX_LINE_CHARS:,}"),
    ({"kind": "text", "text": "x" * (MAX_NOTE_CHARS + 1)}, "sections[0].items[1].text",
     f"more than the {MAX_NOTE_CHARS:,}"),
    ({"kind": "text", "bullets": ["b"] * (MAX_LIST_ENTRIES + 1)}, "sections[0].items[1].bullets",
     f"more than the {MAX_LIST_ENTRIES:,}"),
    ({"kind": "text", "bullets": ["ok", "x" * (MAX_LINE_CHARS + 1)]}, "sections[0].items[1].bullets[1]",
     f"more than the {MAX_LINE_CHARS:,}"),
    ({"kind": "text", "bullets": "one line"}, "sections[0].items[1].bullets", "must be a list of text"),
    ({"kind": "text", "text": ["a", "b"]}, "sections[0].items[1].text", "must be text, not a list"),
    ({"kind": "text", "title": 7}, "sections[0].items[1].title", "must be text, not a number"),
])
def test_bad_text_blocks_get_one_line_naming_the_json_path(tmp_path: Path, block: dict, where: str,
                                                           says: str) -> None:
    path = _write(tmp_path, [{"kind": "text", "text": "fine"}, block])
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:{where}: ")
    assert says in problem
    assert "\n" not in problem


def test_the_text_kind_is_exact(tmp_path: Path) -> None:
    problems = _problems(_write(tmp_path, [{"kind": "Text", "text": "x"}]))
    assert any("sections[0].items[0].kind: unknown kind 'Text'" in p for p in problems)


def test_a_self_contained_save_keeps_text_blocks_and_embeds_only_items(tmp_path: Path) -> None:
    pack = _pack_with_text()
    path = tmp_path / "carried.briefpack"
    write_pack(pack, path, embed=pack_content.library())
    again = read_pack(path)
    assert again.sections == pack.sections
    assert again.library is not None
    embedded = {(item.kind, item.id) for item in again.library.items()}
    assert {(ref.kind, ref.id) for ref in again.refs()} <= embedded
    assert all(isinstance(ref, ItemRef) for ref in again.refs())


def test_lookups_skip_text_blocks() -> None:
    pack = _pack_with_text()
    used = items_used(pack, lookup_for(pack, pack_content.library()))
    plain = pack_content.pack()
    assert used == items_used(plain, lookup_for(plain, pack_content.library()))


# --- the document and the register ------------------------------------------------------------

def test_the_document_shows_text_blocks_in_place_as_heading_paragraphs_and_bullets() -> None:
    doc = build_document(_pack_with_text(), pack_content.library(),
                         load_template("ministerial-brief"))
    outline = [(h.level, h.text) for h in doc.headings()]
    assert outline[:4] == [(1, "Lines to take"), (2, "Semiconductors"), (2, STEER.title),
                           (2, "Digital rights")]
    start = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.text == STEER.title)
    heading, first, second, bullets, after = doc.blocks[start:start + 5]
    assert isinstance(heading, Heading) and heading.anchor == "text-1-2"
    assert isinstance(first, Paragraph) and first.role == "body"
    assert first.spans[0].text == f"First paragraph: {pack_content.HOSTILE}"
    assert isinstance(second, Paragraph)
    assert second.spans[0].text == f"Second paragraph, {pack_content.KOREAN}.\nStill the second paragraph."
    assert isinstance(bullets, BulletList)
    assert [entry[0].text for entry in bullets.items] == list(STEER.bullets)
    assert isinstance(after, Heading) and after.text == "Digital rights"
    # Without a title, the block is its paragraphs alone, where it stands.
    texts = [b.spans[0].text for b in doc.blocks if isinstance(b, Paragraph)]
    assert HANDLING.text in texts
    assert not any("Missing" in w or "text" in w.split(" ")[0] for w in doc.warnings)


def test_register_positions_count_text_blocks_and_the_overview_has_a_row_each() -> None:
    doc = build_document(_pack_with_text(), pack_content.library(),
                         load_template("ministerial-brief"))
    overview, _, priorities, quotes, _, _ = doc.sheets
    assert [r[:3] for r in priorities.rows] == [("Lines to take", 1, "semiconductors"),
                                                ("Lines to take", 3, "digital-rights")]
    assert [r[:3] for r in quotes.rows] == [("Quotes", 1, "breton-5g")]
    rows = dict(overview.rows)
    assert rows["Text, section 1, item 2"] == (
        f"{STEER.title}\n\nFirst paragraph: {pack_content.HOSTILE}\n\nSecond paragraph, "
        f"{pack_content.KOREAN}.\nStill the second paragraph.\n\n• Welcome the co-chair\n"
        "• *not emphasis* and <i>not italic</i>")
    assert rows["Text, section 3, item 2"] == HANDLING.text
    assert str(rows["Items"]).endswith("; 2 text blocks")
    assert [label for label, _ in overview.rows][-2:] == ["Text, section 1, item 2", "Text, section 3, item 2"]


# --- the three outputs, read back ------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("text-blocks")
    path = folder / "brief.briefpack"
    write_pack(_pack_with_text(), path)
    result = build_pack(path, out=folder / "out", formats="all", library=pack_content.library())
    return {p.suffix.lstrip("."): p for p in result.paths}


def test_word_shows_the_block_as_the_brief_does_items(built: dict[str, Path]) -> None:
    word = read_docx(built["docx"])
    assert (2, STEER.title) in word.headings()
    assert word.headings().index((2, STEER.title)) == word.headings().index((2, "Semiconductors")) + 1
    at = word.blocks.index(("Heading 2", STEER.title))
    body = [text for _, text in word.blocks]
    assert body[at + 1] == f"First paragraph: {pack_content.HOSTILE}"
    assert body[at + 2].replace("\n", " ") == (f"Second paragraph, {pack_content.KOREAN}. "
                                               "Still the second paragraph.")
    assert body[at + 3:at + 5] == list(STEER.bullets)
    # The bullets in the list style the brief's other bullet lists use.
    partnerships_list = word.blocks[word.blocks.index(("Heading 3", "Partnerships")) + 1][0]
    assert [style for style, _ in word.blocks[at + 3:at + 5]] == [partnerships_list] * 2
    assert HANDLING.text in body


def test_pdf_shows_the_block_in_reading_order(built: dict[str, Path]) -> None:
    pdf = read_pdf(built["pdf"], margins_mm("ministerial-brief"))
    flowing = squash("".join(pdf.bodies))
    needles = ["Semiconductors", STEER.title, "First paragraph:", pack_content.HOSTILE,
               pack_content.KOREAN, *STEER.bullets, "Digital rights", HANDLING.text]
    position = 0
    for needle in needles:
        found = flowing.find(squash(needle), position)
        assert found >= 0, needle
        position = found


def test_excel_overview_has_one_row_per_block(built: dict[str, Path]) -> None:
    book = read_xlsx(built["xlsx"])
    rows = {r["Field"]: r["Value"] for r in records(book["Overview"])}
    assert rows["Text, section 3, item 2"] == HANDLING.text
    steer = rows["Text, section 1, item 2"]
    assert steer.startswith(f"{STEER.title}\n\nFirst paragraph: {pack_content.HOSTILE}")
    assert "• *not emphasis* and <i>not italic</i>" in steer
    positions = [(r["Section"], r["Position"]) for r in records(book["Priorities"])]
    assert positions == [("Lines to take", 1), ("Lines to take", 3)]


def test_an_empty_block_is_left_out_when_written(tmp_path: Path) -> None:
    steers = Section(title="Steers", items=(TextBlock(), HANDLING, TextBlock(bullets=())))
    pack = pack_content.pack(sections=(steers,))
    path = tmp_path / "brief.briefpack"
    write_pack(pack, path)
    assert json.loads(path.read_text(encoding="utf-8"))["sections"][0]["items"] == [
        {"kind": "text", "text": HANDLING.text}]
    assert read_pack(path).sections[0].items == (HANDLING,)
