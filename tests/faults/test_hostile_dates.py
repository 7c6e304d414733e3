"""Dates: one rule decides validity, and no stored text can make a date consumer fail."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing import dates
from tests.faults import tally

DEFAULT = settings(max_examples=400, deadline=None)
# Date-shaped text from every digit Unicode knows, with the separators and lengths ISO uses.
DIGITS = st.characters(categories=("Nd",))
DATE_SHAPED = st.builds(
    lambda y, m, d, parts: "-".join([y, m, d][:parts]),
    st.text(DIGITS, min_size=4, max_size=5), st.text(DIGITS, min_size=2, max_size=2),
    st.text(DIGITS, min_size=2, max_size=2), st.integers(1, 3))
ANY = st.one_of(DATE_SHAPED, st.text(max_size=12),
                st.dates().map(dt.date.isoformat), st.dates().map(lambda d: d.isoformat()[:7]))


def reference_valid(text: str) -> bool:
    """Written independently of briefing.dates: datetime's own calendar, ASCII digits only."""
    text = text.strip()
    if not text.isascii() or len(text) not in (4, 7, 10):
        return False
    padded = text + "-01-01"[len(text) - 4:] if len(text) < 10 else text
    try:
        return dt.date.fromisoformat(padded).isoformat() == padded
    except ValueError:
        return False


@DEFAULT
@given(ANY)
@example("9999-12")
@example("0000")
@example("0000-01")
@example("٢٠٢٤")
@example("\U0001d7d0\U0001d7ce\U0001d7d0\U0001d7d2")  # mathematical bold 2024
def test_validity_matches_the_calendar_and_consumers_never_fail(text: str) -> None:
    tally.count("generated inputs")
    assert dates.is_iso(text) == reference_valid(text)
    # Every consumer takes every value: a stored value the rules refuse never stops a build.
    shown = dates.for_readers(text)
    assert shown == text or dates.is_iso(text)
    for when in (dt.date.min, dt.date(2025, 6, 1), dt.date.max):
        dates.is_past(text, when)
    dates.sort_key(text)
    dates.to_date(text)
    last = dates.last_day(text)
    assert (last is None) == (not dates.is_iso(text))
