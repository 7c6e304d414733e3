"""The inspector's item view flags stored dates the date rule refuses."""

from __future__ import annotations

from briefing.models import Priority
from ui.item_html import item_html


def test_a_stored_date_the_rule_refuses_is_flagged_in_the_inspector() -> None:
    # Dates like these were accepted before the date rule was tightened and may be stored.
    item = Priority(id="p", title="P", summary="S", review_due="9999-13", last_reviewed="٢٠٢٤")
    shown = item_html(item)
    assert "Review due: “9999-13” is not a valid date" in shown
    assert "Last reviewed: “٢٠٢٤” is not a valid date" in shown


def test_valid_dates_raise_no_flag() -> None:
    shown = item_html(Priority(id="p", title="P", summary="S", review_due="2030-01", last_reviewed="2024"))
    assert "not a valid date" not in shown
