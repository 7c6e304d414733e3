"""Raw interchange records → frozen items: cleaning, and one problem line per fault."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from briefing.errors import ValidationError
from briefing.library.validate import (
    Findings,
    RawItem,
    RawSource,
    union_links,
    validate_items,
)
from briefing.models import LibraryContent, Partnership, Priority, Quote, Source


def raw(kind: str, where: str = "lib.json:x[0]", **fields: Any) -> RawItem:
    return RawItem(kind, fields, where)


def problems(*items: RawItem, known=None) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_items(items, known=known)
    return caught.value.problems


def test_builds_frozen_items_with_cleaned_text() -> None:
    nfd = unicodedata.normalize("NFD", "한국 Ελλάδα")
    result = validate_items([
        raw("partnership", id="p", name=nfd, summary="a\x00b\x07c\td\ne", marking="official",
            tags=[" x ", "x", "y"], short_name=None, status="  ", established="2024-03",
            sources=[{"title": "T", "url": " javascript:alert(1) ", "date": "2024"}],
            priorities=["q"]),
        raw("priority", id="q", title="Q", summary="S", lines_to_take=["  one ", "", "two"]),
        raw("quote", id="z", text="=SUM(A1) <b>&amp;", speaker="S", date="2024-03-26"),
    ])
    partnership, = result.content.partnerships
    assert partnership == Partnership(
        id="p", name="한국 Ελλάδα", summary="abc\td\ne", marking="OFFICIAL", tags=("x", "y"),
        established="2024-03", priorities=("q",),
        sources=(Source(title="T", url="javascript:alert(1)", date="2024"),))
    assert unicodedata.is_normalized("NFC", partnership.name)
    assert result.content.priorities == (Priority(id="q", title="Q", summary="S",
                                                  lines_to_take=("one", "two")),)
    assert result.content.quotes == (Quote(id="z", text="=SUM(A1) <b>&amp;", speaker="S",
                                           date="2024-03-26"),)
    assert result.warnings == ()
    assert result.where[("priority", "q")] == "lib.json:x[0]"


@pytest.mark.parametrize("value", [None, "", "   ", "\x00"])
def test_missing_required_field(value: Any) -> None:
    item = raw("priority", "f.json:priorities[2]", id="q", title="T", summary=value)
    assert problems(item) == ["f.json:priorities[2]:summary: required field missing"]


def test_absent_required_fields_are_each_reported() -> None:
    assert problems(raw("quote", "f.xlsx:Quotes:7")) == [
        "f.xlsx:Quotes:7:id: required field missing",
        "f.xlsx:Quotes:7:text: required field missing",
        "f.xlsx:Quotes:7:speaker: required field missing",
    ]


@pytest.mark.parametrize("bad_id", ["Bad", "-x", "a b", "a_b", "abc\n", " abc", "ä", "a/b", "é1"])
def test_id_that_is_not_a_slug_is_refused_not_rewritten(bad_id: str) -> None:
    lines = problems(raw("priority", id=bad_id, title="T", summary="S"))
    assert lines == [f"lib.json:x[0]:id: {bad_id!r} is not a valid id (lower-case letters, "
                     "digits and hyphens, starting with a letter or digit)"]


def test_id_must_be_text() -> None:
    assert problems(raw("priority", id=7, title="T", summary="S")) == [
        "lib.json:x[0]:id: must be text, not a number"]


@pytest.mark.parametrize("good", ["2024", "2024-02", "2024-02-29", " 2024-03-26 "])
def test_iso_dates_of_any_precision(good: str) -> None:
    item = validate_items([raw("quote", id="q", text="t", speaker="s", date=good)]).content.quotes[0]
    assert item.date == good.strip()


@pytest.mark.parametrize("bad", ["26/03/2024", "2024-3", "2024-13", "2023-02-29", "March 2024", "24"])
def test_date_that_is_not_iso_is_refused(bad: str) -> None:
    assert problems(raw("partnership", id="p", name="n", summary="s", established=bad)) == [
        f"lib.json:x[0]:established: {bad!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999)"]


def test_list_fields_must_be_lists_of_text() -> None:
    lines = problems(raw("partnership", id="p", name="n", summary="s", tags="one",
                         partners=["a", 2], key_facts={"a": 1}))
    assert lines == [
        "lib.json:x[0]:partners: must be a list of text",
        "lib.json:x[0]:key_facts: must be a list of text",
        "lib.json:x[0]:tags: must be a list of text",
    ]


def test_text_fields_must_be_text() -> None:
    assert problems(raw("quote", id="q", text=["t"], speaker=True, role=1.5)) == [
        "lib.json:x[0]:text: must be text, not a list",
        "lib.json:x[0]:speaker: must be text, not true/false",
        "lib.json:x[0]:role: must be text, not a number",
    ]


def test_unknown_marking_is_refused_known_one_canonical() -> None:
    assert problems(raw("priority", id="q", title="t", summary="s", marking="SECRET")) == [
        "lib.json:x[0]:marking: unknown marking 'SECRET' (known: PUBLIC, OFFICIAL, "
        "OFFICIAL-SENSITIVE, LIMITED, SENSITIVE)"]
    ok = validate_items([raw("priority", id="q", title="t", summary="s", marking=" Limited ")])
    assert ok.content.priorities[0].marking == "LIMITED"


def test_sources_need_a_title_and_report_their_own_place() -> None:
    json_item = raw("priority", "f.json:priorities[0]", id="q", title="t", summary="s",
                    sources=[{"title": "ok"}, {"publisher": "P"}, "text", {"title": "x", "date": "soon"}])
    xlsx_item = RawItem("quote", {"id": "z", "text": "t", "speaker": "s"}, "f.xlsx:Quotes:2",
                        sources=[RawSource({"publisher": "P"}, "f.xlsx:Sources:9")])
    assert problems(json_item, xlsx_item) == [
        "f.json:priorities[0]:sources[2]: a source must be an object with a title",
        "f.json:priorities[0]:sources[1]:title: required field missing (a source needs a title)",
        "f.json:priorities[0]:sources[3]:date: 'soon' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999)",
        "f.xlsx:Sources:9:title: required field missing (a source needs a title)",
    ]


def test_sources_must_be_a_list() -> None:
    assert problems(raw("priority", id="q", title="t", summary="s", sources={"title": "x"})) == [
        "lib.json:x[0]:sources: must be a list of sources"]


def test_same_id_twice_within_a_kind() -> None:
    lines = problems(raw("priority", "f:p[0]", id="q", title="a", summary="s"),
                     raw("priority", "f:p[3]", id="q", title="b", summary="s"))
    assert lines == ["f:p[3]:id: the priority id 'q' appears twice in this file (first at f:p[0])"]
    # Ids are unique per kind: a partnership may share one with a priority.
    shared = validate_items([raw("priority", id="q", title="a", summary="s"),
                             raw("partnership", id="q", name="a", summary="s")])
    assert len(shared.content.items()) == 2


def test_links_must_name_items_in_the_file_or_the_library() -> None:
    items = (raw("partnership", "f:p[0]", id="p", name="n", summary="s",
                  priorities=["in-file", "in-library", "nowhere", "Not A Slug"]),
             raw("priority", "f:q[0]", id="in-file", title="t", summary="s"),
             raw("quote", "f:z[0]", id="z", text="t", speaker="s", partnerships=["p", "ghost"]))
    lines = problems(*items, known=lambda kind, item_id: (kind, item_id) == ("priority", "in-library"))
    assert lines == [
        "f:p[0]:priorities: 'Not A Slug' is not a valid id",
        "f:p[0]:priorities: links to priority 'nowhere', which is neither in this file nor in the library",
        "f:z[0]:partnerships: links to partnership 'ghost', which is neither in this file nor in the library",
    ]


def test_a_known_with_among_is_asked_once_for_every_link_outside_the_file() -> None:
    class Library:
        """Knows one priority; counts how it is asked."""

        def __init__(self) -> None:
            self.batches: list[set[tuple[str, str]]] = []

        def __call__(self, kind: str, item_id: str) -> bool:
            raise AssertionError("asked one by one")

        def among(self, keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
            self.batches.append(set(keys))
            return {key for key in keys if key == ("priority", "in-library")}

    library = Library()
    items = (raw("partnership", "f:p[0]", id="p", name="n", summary="s",
                 priorities=["in-file", "in-library", "nowhere"]),
             raw("priority", "f:q[0]", id="in-file", title="t", summary="s"),
             raw("quote", "f:z[0]", id="z", text="t", speaker="s", partnerships=["p", "ghost"],
                 priorities=["in-library"]))
    assert problems(*items, known=library) == [
        "f:p[0]:priorities: links to priority 'nowhere', which is neither in this file nor in the library",
        "f:z[0]:partnerships: links to partnership 'ghost', which is neither in this file nor in the library",
    ]
    assert library.batches == [
        {("priority", "in-library"), ("priority", "nowhere"), ("partnership", "ghost")}]


def test_a_link_to_a_faulty_item_of_the_file_is_not_called_missing() -> None:
    lines = problems(raw("partnership", "f:p[0]", id="p", name="n", summary="s", priorities=["q"]),
                     raw("priority", "f:q[0]", id="q", title="t"))
    assert lines == ["f:q[0]:summary: required field missing"]


def test_unknown_keys_warn_and_every_error_is_collected() -> None:
    ok = validate_items([raw("priority", id="q", title="t", summary="s", colour="red",
                             sources=[{"title": "x", "pages": 3}])])
    assert ok.warnings == ("lib.json:x[0]:colour: unknown field, ignored",
                           "lib.json:x[0]:sources[0]:pages: unknown source field, ignored")
    findings = Findings()
    findings.error("f.xlsx:Sources:3", "kind", "must be partnership, priority or quote")
    with pytest.raises(ValidationError) as caught:
        validate_items([raw("priority", "f:a", id="Q", title="t", summary="s", review_due="x"),
                        raw("quote", "f:b", id="z", speaker="s")], findings=findings)
    assert caught.value.problems == [
        "f.xlsx:Sources:3:kind: must be partnership, priority or quote",
        "f:a:id: 'Q' is not a valid id (lower-case letters, digits and hyphens, starting with a "
        "letter or digit)",
        "f:a:review_due: 'x' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999)",
        "f:b:text: required field missing",
    ]


def test_union_links_names_each_link_on_both_sides_sorted() -> None:
    content = LibraryContent(
        partnerships=(Partnership(id="p", name="n", summary="s", priorities=("z", "a")),
                      Partnership(id="o", name="n", summary="s")),
        priorities=(Priority(id="a", title="t", summary="s", partnerships=("o",)),
                    Priority(id="z", title="t", summary="s")),
        quotes=(Quote(id="q", text="t", speaker="s", priorities=("z", "a", "z")),),
    )
    united = union_links(content)
    assert [p.priorities for p in united.partnerships] == [("a", "z"), ("a",)]
    assert [x.partnerships for x in united.priorities] == [("o", "p"), ("p",)]
    assert united.quotes[0].priorities == ("a", "z")
