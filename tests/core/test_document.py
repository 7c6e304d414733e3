"""The BriefingDocument builder: structure, anchors, sources, warnings, register and text as typed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest

from briefing.docmodel import (
    BriefingDocument,
    BulletList,
    CellLink,
    FactTable,
    Heading,
    Paragraph,
    QuoteBlock,
    SourceList,
    Span,
)
from briefing.document import build_document
from briefing.errors import ValidationError
from briefing.lookup import ItemLookup
from briefing.models import ItemRef, LibraryContent, Section
from briefing.templates import load_template
from tests.core import pack_content


def _build(template: str = "ministerial-brief", **changes: object) -> BriefingDocument:
    return build_document(pack_content.pack(**changes), pack_content.library(), load_template(template))


def _spans(doc: BriefingDocument) -> Iterator[Span]:
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            yield from block.spans
        elif isinstance(block, BulletList):
            for entry in block.items:
                yield from entry
        elif isinstance(block, SourceList):
            for entry in block.entries:
                yield from entry.spans


def _texts(doc: BriefingDocument) -> list[str]:
    texts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, (Heading, QuoteBlock)):
            texts.append(block.text)
        if isinstance(block, FactTable):
            texts.extend(value for _, value in block.rows)
    return texts + [span.text for span in _spans(doc)]


def test_headings_follow_the_pack_and_end_with_the_sources_annex() -> None:
    doc = _build()
    outline = [(h.level, h.text) for h in doc.headings()]
    assert outline == [
        (1, "Lines to take"), (2, "Semiconductors"), (2, "Digital rights"),
        (1, "Background"), (2, "ROK-EU Digital Partnership (DP)"), (2, "EU-US Trade and Technology Council"),
        (1, "Quotes"), (2, "Thierry Breton, 2020"),
        (1, "Sources"),
    ]
    assert isinstance(doc.blocks[-1], SourceList)
    parts = [h.text for h in doc.blocks if isinstance(h, Heading) and h.level == 3]
    assert parts[:3] == ["Lines to take", "Defensive lines", "Partnerships"]
    assert all(not h.in_contents for h in doc.blocks if isinstance(h, Heading) and h.level == 3)


def test_anchors_are_unique_and_every_internal_link_lands() -> None:
    twice = pack_content.pack().sections + (Section(title="Again", items=(
        ItemRef(kind="priority", id="semiconductors"), ItemRef(kind="partnership", id="rok-eu"))),)
    doc = _build(sections=twice)
    anchors = [b.anchor for b in doc.blocks if isinstance(b, Heading)]
    sources = [e.anchor for b in doc.blocks if isinstance(b, SourceList) for e in b.entries]
    assert len(anchors + sources) == len(set(anchors + sources))
    assert "item-priority-semiconductors-2" in anchors
    targets = [s.href[1:] for s in _spans(doc) if s.href and s.href.startswith("#")]
    assert targets and set(targets) <= set(anchors + sources)


def test_sources_are_numbered_by_first_appearance_and_deduplicated() -> None:
    doc = _build()
    (annex,) = [b for b in doc.blocks if isinstance(b, SourceList)]
    titles = [entry.spans[0].text for entry in annex.entries]
    # semiconductors (EVIL, and Breton's quote is not shown under a priority here), rok-eu
    # (COMMISSION, then Lee's quote: PRESS), ttc (PRESS and COMMISSION again: no new numbers).
    assert titles == ["Internal note", "ROK-EU Digital Partnership", "Press release"]
    assert [e.number for e in annex.entries] == [1, 2, 3]
    metas = [b for b in doc.blocks if isinstance(b, Paragraph) and b.role == "meta"]
    refs = ["".join(s.text for s in m.spans) for m in metas]
    assert refs == ["Source: [1]", "Sources: [2], [3]", "Sources: [2], [3]", "Source: [2]"]
    assert all(s.href == f"#src-{s.text[1:-1]}" for m in metas for s in m.spans if s.text.startswith("["))


def test_unsafe_urls_never_become_links() -> None:
    doc = _build()
    hrefs = [s.href for s in _spans(doc) if s.href]
    assert not any("javascript" in h for h in hrefs)
    assert "https://digital-strategy.ec.europa.eu/" in hrefs
    (sources,) = [s for s in doc.sheets if s.name == "Sources"]
    cells = [cell for row in sources.rows for cell in row]
    assert CellLink("https://digital-strategy.ec.europa.eu/", "https://digital-strategy.ec.europa.eu/") in cells
    assert not any(isinstance(c, CellLink) and "javascript" in c.url for c in cells)


def test_missing_items_are_all_named_in_one_error() -> None:
    sections = (Section(title="A", items=(
        ItemRef(kind="partnership", id="rok-eu"), ItemRef(kind="priority", id="gone"),
        ItemRef(kind="quote", id="also-gone"))), Section(title="B", items=(ItemRef(kind="partnership", id="nope"),)))
    with pytest.raises(ValidationError) as info:
        build_document(pack_content.pack(sections=sections), pack_content.library(),
                       load_template("ministerial-brief"), origin="brief.briefpack")
    assert info.value.problems == [
        "brief.briefpack:sections[0].items[1]: priority 'gone' is not in the library",
        "brief.briefpack:sections[0].items[2]: quote 'also-gone' is not in the library",
        "brief.briefpack:sections[1].items[0]: partnership 'nope' is not in the library",
    ]


def test_warnings_for_markings_stale_and_unsourced_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_TODAY", "2024-06-01")
    doc = _build()
    assert "priority 'digital-rights' is marked SENSITIVE, above the pack's marking (OFFICIAL)" in doc.warnings
    assert "priority 'semiconductors' was due for review on 1 January 2025" not in doc.warnings
    assert "priority 'digital-rights' has no sources" in doc.warnings
    monkeypatch.setenv("BRIEFING_TODAY", "2025-01-02")
    later = _build(marking="SENSITIVE")
    assert "priority 'semiconductors' was due for review on 1 January 2025" in later.warnings
    assert not any("above the pack's marking" in w for w in later.warnings)
    assert len(later.warnings) == len(set(later.warnings))


def test_item_checks_are_structured_as_well_as_worded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_TODAY", "2025-01-02")
    doc = _build()
    found = {(w.kind, w.id, w.code) for w in doc.item_warnings}
    assert ("priority", "digital-rights", "marking-above") in found
    assert ("priority", "digital-rights", "unsourced") in found
    assert ("priority", "semiconductors", "stale") in found
    breach = next(w for w in doc.item_warnings if w.code == "marking-above")
    assert breach.marking == "SENSITIVE"
    # Every structured check is also a line of the warnings the command line prints.
    assert {w.text for w in doc.item_warnings} <= set(doc.warnings)


def test_hostile_and_multi_script_text_passes_through_unchanged() -> None:
    doc = _build()
    texts = _texts(doc)
    for text in (pack_content.HOSTILE, pack_content.GREEK, pack_content.KOREAN, "=SUM(A1:A3)",
                 "디지털 파트너십은 중요합니다."):
        assert text in texts, text
    (partnerships,) = [s for s in doc.sheets if s.name == "Partnerships"]
    assert pack_content.HOSTILE in partnerships.rows[0]


def test_partnership_reads_as_heading_glance_summary_facts_priorities_quotes() -> None:
    doc = _build()
    start = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.anchor == "item-partnership-rok-eu")
    kinds = [type(b).__name__ for b in doc.blocks[start:start + 10]]
    assert kinds == ["Heading", "FactTable", "Paragraph", "Heading", "BulletList", "Heading",
                     "BulletList", "Heading", "QuoteBlock", "Paragraph"]
    table = doc.blocks[start + 1]
    assert table.rows == (("Partners", "European Union; Republic of Korea"), ("Established", "28 November 2022"),
                          ("Level", "Ministerial council"), ("Status", "Active"))
    quote = doc.blocks[start + 8]
    assert quote.attribution == "Lee Jong-Ho, Minister of Science and ICT, MSIT, 26 March 2024, Press release"
    assert quote.translation == "The digital partnership matters."
    priorities = doc.blocks[start + 6]
    assert priorities.items == ((Span("Semiconductors", href="#item-priority-semiconductors"),),
                                (Span("Digital rights", href="#item-priority-digital-rights"),))


def test_priority_lines_and_note() -> None:
    doc = _build()
    lines = [b for b in doc.blocks if isinstance(b, BulletList) and b.role in ("lines", "defensive")]
    assert [(b.role, [e[0].text for e in b.items]) for b in lines] == [
        ("lines", ["We welcome the joint project.", "=SUM(A1:A3)"]),
        ("defensive", ["If pressed: cooperation continues."]),
    ]
    notes = [b for b in doc.blocks if isinstance(b, Paragraph) and b.role == "note"]
    assert notes == [Paragraph((Span("Note: ", bold=True), Span("Lead with this.")), role="note")]


def test_cover_details_properties_and_style_come_from_pack_and_template(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    doc = _build()
    assert doc.cover is not None and doc.contents and doc.draft and doc.marking == "OFFICIAL"
    assert [f.label for f in doc.cover.fields] == [
        "Meeting", "Date", "Location", "Audience", "Requested by", "Contact", "Attendees", "Prepared by", "Revision"]
    assert doc.cover.fields[1].value == "26 March 2024"
    assert doc.cover.fields[5].href == "mailto:officer@example.org"
    assert doc.cover.objectives == ("Agree 6G research", "Welcome chips work")
    props = doc.properties
    assert props.created == dt.datetime.fromtimestamp(1700000000, tz=dt.UTC)
    assert props.category == "OFFICIAL" and props.author == "International Unit"
    assert props.subject == "Digital Partnership Council, Seoul, 26 March 2024"
    assert props.keywords == ("Korea", "digital", "US")  # tags, first spelling wins
    assert doc.style == load_template("ministerial-brief").style
    assert doc.template_name == "ministerial-brief"
    assert _build() == doc  # same input, same document


def test_without_a_cover_objectives_open_the_body() -> None:
    doc = _build("meeting-one-pager")
    assert doc.cover is None and not doc.contents
    title, subtitle, details, heading, objectives = doc.blocks[:5]
    assert title == Paragraph((Span("Brief for the ROK-EU Digital Partnership Council"),), role="title")
    assert subtitle == Paragraph((Span("Second meeting"),), role="intro")
    assert isinstance(details, Paragraph) and details.role == "meta"
    assert "".join(s.text for s in details.spans) == (
        "Meeting: Digital Partnership Council · Date: 26 March 2024 · Location: Seoul · "
        "Contact: A. Officer, officer@example.org, +32 2 000")
    assert heading == Heading("Objectives", 1, "objectives")
    assert objectives.role == "numbered" and len(objectives.items) == 2
    assert not any(isinstance(b, FactTable) for b in doc.blocks)  # the one-pager shows no glance table


def test_lines_to_take_leads_with_lines_and_quotes() -> None:
    doc = _build("lines-to-take")
    start = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.anchor == "item-priority-semiconductors")
    note, *following = doc.blocks[start + 1:start + 8]
    assert note == Paragraph((Span("Note: ", bold=True), Span("Lead with this.")), role="note")
    assert [type(b).__name__ for b in following] == [
        "Heading", "BulletList", "Heading", "BulletList", "Heading", "BulletList"]
    assert [(h.text, h.level) for h in following[0::2]] == [
        ("Lines to take", 3), ("Defensive lines", 3), ("Quotes", 3)]
    # Breton's quote is itself in the pack: here a line links to it rather than repeating it.
    assert following[5].items == ((Span("Thierry Breton: “We must secure our 5G networks.”",
                                        href="#item-quote-breton-5g"),),)


def test_a_linked_quote_is_shown_in_full_once_then_linked() -> None:
    sections = (Section(title="Background", items=(
        ItemRef(kind="partnership", id="rok-eu"), ItemRef(kind="priority", id="digital-rights"),
        ItemRef(kind="partnership", id="rok-eu"))),)
    doc = _build("partnership-overview", sections=sections)
    quotes = [b for b in doc.blocks if isinstance(b, QuoteBlock)]
    assert [q.text for q in quotes] == ["디지털 파트너십은 중요합니다."]
    links = [s for s in _spans(doc) if s.text.startswith("Lee Jong-Ho: ")]
    assert [s.href for s in links] == ["#item-partnership-rok-eu"]


def test_embedded_items_win_over_the_library() -> None:
    local = pack_content.library()
    newer = dataclasses.replace(local.priorities[0], summary="The pack's own copy.")
    pack = pack_content.pack(library=LibraryContent(priorities=(newer,)))
    from briefing.lookup import lookup_for

    doc = build_document(pack, lookup_for(pack, local), load_template("ministerial-brief"))
    assert "The pack's own copy." in _texts(doc) and "Joint research on chips." not in _texts(doc)


def test_the_register_has_six_sheets_in_pack_order() -> None:
    doc = _build()
    assert [s.name for s in doc.sheets] == ["Overview", "Partnerships", "Priorities", "Quotes", "People", "Sources"]
    overview, partnerships, priorities, quotes, people, sources = doc.sheets
    assert ("Meeting date", dt.date(2024, 3, 26)) in overview.rows and ("Marking", "OFFICIAL") in overview.rows
    assert [c.key for c in partnerships.columns][:3] == ["section", "position", "id"]
    assert [r[:3] for r in partnerships.rows] == [("Background", 1, "rok-eu"), ("Background", 2, "eu-us-ttc")]
    established = [c.key for c in partnerships.columns].index("established")
    assert partnerships.columns[established].type == "date"
    assert [r[established] for r in partnerships.rows] == ["2022-11-28", "2021-06"]
    assert [r[:3] for r in priorities.rows] == [("Lines to take", 1, "semiconductors"),
                                                ("Lines to take", 2, "digital-rights")]
    lines = [c.key for c in priorities.columns].index("lines_to_take")
    assert priorities.rows[0][lines] == "We welcome the joint project.\n=SUM(A1:A3)"
    assert [r[:3] for r in quotes.rows] == [("Quotes", 1, "breton-5g")]
    assert [r[0] for r in sources.rows] == [1, 2, 3]
    assert people.rows == ()  # a pack without people has an empty People sheet
    assert all(len(row) == len(sheet.columns) for sheet in doc.sheets for row in sheet.rows)


def test_the_template_chooses_register_columns_not_sheets() -> None:
    doc = _build("meeting-one-pager")
    assert [s.name for s in doc.sheets] == ["Overview", "Partnerships", "Priorities", "Quotes", "People", "Sources"]
    assert [c.key for c in doc.sheets[1].columns] == ["section", "position", "id", "name", "summary",
                                                      "key_facts", "sources", "note"]


def test_the_lookup_follows_links_either_way() -> None:
    lookup = ItemLookup(pack_content.library())
    rok = lookup.get("partnership", "rok-eu")
    assert rok is not None
    # rok-eu names semiconductors; digital-rights names rok-eu.
    assert [p.id for p in lookup.linked(rok, "priority")] == ["semiconductors", "digital-rights"]
    assert [q.id for q in lookup.linked(rok, "quote")] == ["lee-2024"]
