"""How the template's fields shape an item: part headings, and sources shown or only registered."""

from __future__ import annotations

import dataclasses

from briefing import resources
from briefing.docmodel import BriefingDocument, BulletList, Heading, Paragraph, SourceList, Span
from briefing.document import build_document
from briefing.templates import load_template
from tests.core import pack_content


def _user_template(name: str, items: str) -> None:
    """A user template that differs from the built-ins only in what each item shows."""
    folder = resources.user_templates_dir() / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text(
        f'[template]\nname = "{name}"\ndescription = "Test template."\n\n[cover]\nenabled = false\n\n'
        f"{items}\n", encoding="utf-8")


def _build(template: str) -> BriefingDocument:
    return build_document(pack_content.pack(), pack_content.library(), load_template(template))


def _item(doc: BriefingDocument, anchor: str) -> list[object]:
    """The blocks of one item: from its heading to the next heading of level 1 or 2."""
    start = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.anchor == anchor)
    end = next((i for i, b in enumerate(doc.blocks[start + 1:], start + 1)
                if isinstance(b, Heading) and b.level <= 2), len(doc.blocks))
    return list(doc.blocks[start + 1:end])


def test_a_lone_list_of_lines_needs_no_heading() -> None:
    # The one-pager's priorities show only their lines to take: no "Lines to take" under each.
    blocks = _item(_build("meeting-one-pager"), "item-priority-semiconductors")
    assert not any(isinstance(b, Heading) for b in blocks)
    (lines,) = [b for b in blocks if isinstance(b, BulletList)]
    assert lines.role == "lines" and lines.items[0][0].text == "We welcome the joint project."


def test_lines_among_other_parts_keep_their_heading() -> None:
    for template in ("ministerial-brief", "lines-to-take", "partnership-overview"):
        parts = [b.text for b in _item(_build(template), "item-priority-semiconductors")
                 if isinstance(b, Heading)]
        assert "Lines to take" in parts, template


def test_defensive_lines_alone_still_say_what_they_are() -> None:
    _user_template("defensive-only", '[items.priority]\nfields = ["defensive_lines"]')
    blocks = _item(_build("defensive-only"), "item-priority-semiconductors")
    assert [b.text for b in blocks if isinstance(b, Heading)] == ["Defensive lines"]


def test_key_facts_alone_need_no_heading() -> None:
    _user_template("facts-only", '[items.partnership]\nfields = ["summary", "key_facts"]')
    blocks = _item(_build("facts-only"), "item-partnership-rok-eu")
    assert not any(isinstance(b, Heading) for b in blocks)
    assert [e[0].text for b in blocks if isinstance(b, BulletList) for e in b.items] == [
        "First council in Seoul", pack_content.GREEK]


def test_without_references_there_is_no_annex_but_the_register_numbers_the_sources() -> None:
    _user_template("unsourced", "\n".join((
        '[items.partnership]\nfields = ["summary", "note"]',
        '[items.priority]\nfields = ["lines_to_take", "note"]',
        '[items.quote]\nfields = ["text", "note"]')))
    doc = _build("unsourced")
    assert not any(isinstance(b, SourceList) for b in doc.blocks)
    assert "Sources" not in [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert not [b for b in doc.blocks if isinstance(b, Paragraph) and b.role == "meta"
                and b.spans[0].text.startswith("Source")]
    shown = _build("ministerial-brief")
    registers = [{s.name: s.rows for s in d.sheets}["Sources"] for d in (doc, shown)]
    assert [row[:2] for row in registers[0]] == [row[:2] for row in registers[1]]  # No., Title
    assert len(registers[0]) == 3


def _refs(entry: tuple[Span, ...]) -> list[tuple[str, str | None]]:
    """The trailing '[n]' references of a run of spans, with their links."""
    return [(s.text, s.href) for s in entry if s.text.startswith("[")]


def test_references_run_on_after_the_lines_or_summary_they_follow() -> None:
    doc = _build("meeting-one-pager")
    # Priority: note, lines to take, sources -> "[1]" ends the last line; no "Source:" line.
    blocks = _item(doc, "item-priority-semiconductors")
    (lines,) = [b for b in blocks if isinstance(b, BulletList)]
    assert "".join(s.text for s in lines.items[-1]) == "=SUM(A1:A3) [1]"
    assert _refs(lines.items[-1]) == [("[1]", "#src-1")]
    assert not any(isinstance(b, Paragraph) and b.role == "meta" for b in blocks)
    # Partnership: note, summary, sources -> the summary ends with its references.
    ttc = _item(doc, "item-partnership-eu-us-ttc")
    assert [type(b).__name__ for b in ttc] == ["Paragraph"]
    assert "".join(s.text for s in ttc[0].spans) == "A forum. [2], [3]"
    assert _refs(ttc[0].spans) == [("[2]", "#src-2"), ("[3]", "#src-3")]


def test_references_keep_their_own_line_after_anything_else() -> None:
    # In the full brief a priority's sources follow its list of partnerships.
    blocks = _item(_build("ministerial-brief"), "item-priority-semiconductors")
    assert isinstance(blocks[-1], Paragraph) and blocks[-1].role == "meta"
    assert "".join(s.text for s in blocks[-1].spans) == "Source: [1]"
    # A priority without lines to take: nothing to run on after, so a line of their own.
    library = pack_content.library()
    rights = dataclasses.replace(library.priorities[1], sources=(pack_content.PRESS,))
    library = dataclasses.replace(library, priorities=(library.priorities[0], rights))
    doc = build_document(pack_content.pack(), library, load_template("meeting-one-pager"))
    blocks = _item(doc, "item-priority-digital-rights")
    assert [(type(b).__name__, getattr(b, "role", None)) for b in blocks] == [("Paragraph", "meta")]
    assert "".join(s.text for s in blocks[0].spans).startswith("Source: [")
