"""Tests for briefing.dates: partial ISO dates and how readers see them."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing import dates
from briefing.errors import BriefingError


@pytest.mark.parametrize(("value", "shown"), [
    ("2024-03-26", "26 March 2024"),
    ("2024-03", "March 2024"),
    ("2024", "2024"),
    ("2016-11-28", "28 November 2016"),
    (None, ""),
])
def test_for_readers(value: str | None, shown: str) -> None:
    assert dates.for_readers(value) == shown


@pytest.mark.parametrize("bad", ["26/03/2024", "2024-13", "2024-02-30", "24", "2024-3-1", "March 2024", ""])
def test_non_iso_dates_are_refused(bad: str) -> None:
    assert not dates.is_iso(bad)
    with pytest.raises(ValueError):
        dates.parse(bad)


def test_to_date_only_for_full_dates() -> None:
    assert dates.to_date("2024-03-26") == dt.date(2024, 3, 26)
    assert dates.to_date("2024-03") is None


def test_today_follows_briefing_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_TODAY", "2025-01-31")
    assert dates.today() == dt.date(2025, 1, 31)


def test_is_past_counts_partial_dates_from_their_end() -> None:
    when = dt.date(2024, 3, 15)
    assert dates.is_past("2024-03-14", when)
    assert not dates.is_past("2024-03", when)
    assert dates.is_past("2024-02", when)
    assert not dates.is_past("2024", when)
    assert dates.is_past("2023", when)
    assert not dates.is_past(None, when)


def test_sort_key_orders_partial_dates() -> None:
    values = ["2024-03-26", "2023", None, "2024-03", "2024"]
    assert sorted(values, key=dates.sort_key) == [None, "2023", "2024", "2024-03", "2024-03-26"]


def test_build_time_is_source_date_epoch_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1700000000 ")
    assert dates.build_time() == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert dates.build_time() == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def test_build_time_is_now_in_utc_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in (None, "", "  "):
        if value is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        before = dt.datetime.now(dt.UTC).replace(microsecond=0)
        when = dates.build_time()
        assert when.tzinfo == dt.UTC and when.microsecond == 0
        assert before <= when <= dt.datetime.now(dt.UTC)


@pytest.mark.parametrize(("value", "message"), [
    ("yesterday", "must be a whole number of seconds, not 'yesterday'"),
    ("1.5", "must be a whole number of seconds"),
    ("1e9", "must be a whole number of seconds"),
    ("١٢٣", "must be a whole number of seconds"),  # digits, but not ASCII ones
    ("99999999999999999999", "out of range"),
])
def test_build_time_refuses_what_is_not_a_whole_number(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(BriefingError, match=message) as caught:
        dates.build_time()
    assert len(caught.value.problems) == 1 and caught.value.problems[0].startswith("SOURCE_DATE_EPOCH")
