"""LibraryContent.of: items sorted into their kinds, order kept."""

from __future__ import annotations

from briefing.models import LibraryContent, Partnership, Priority, Quote


def test_of_sorts_items_into_their_kinds_keeping_order() -> None:
    p1 = Partnership(id="b-council", name="B", summary="s")
    p2 = Partnership(id="a-council", name="A", summary="s")
    pr = Priority(id="chips", title="Chips", summary="s")
    q = Quote(id="q", text="We will.", speaker="X")
    content = LibraryContent.of([q, p1, pr, p2])
    assert content == LibraryContent(partnerships=(p1, p2), priorities=(pr,), quotes=(q,))
    assert LibraryContent.of(iter(content.items())) == content  # any iterable, read once
    assert LibraryContent.of([]) == LibraryContent()
