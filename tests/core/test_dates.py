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


@pytest.mark.parametrize("bad", ["0000", "0000-01", "0000-01-01", "٢٠٢٤", "𝟐𝟎𝟐𝟒", "２０２４", "10000",
                                 "2023-02-29", "2024-00", "2024-01-00", "2024-04-31", "-2024"])
def test_one_rule_refuses_year_zero_and_digits_that_are_not_ascii(bad: str) -> None:
    assert not dates.is_iso(bad)
    with pytest.raises(ValueError, match="from the year 0001 to 9999"):
        dates.parse(bad)


@pytest.mark.parametrize(("value", "last"), [
    ("9999-12", dt.date(9999, 12, 31)), ("9999", dt.date(9999, 12, 31)),
    ("9999-12-31", dt.date(9999, 12, 31)), ("0001", dt.date(1, 12, 31)),
    ("2024-02", dt.date(2024, 2, 29)), ("2023-02", dt.date(2023, 2, 28)),
])
def test_last_day_of_a_period_never_overflows(value: str, last: dt.date) -> None:
    assert dates.last_day(value) == last
    assert not dates.is_past(value, dt.date(1, 1, 1)) or value == "0001"
    assert dates.is_past(value, dt.date.max) == (last < dt.date.max)


@pytest.mark.parametrize("stored", ["9999-12", "0000", "0000-01", "٢٠٢٤", "soon", "2023-02-29", ""])
def test_every_consumer_copes_with_any_stored_value(stored: str) -> None:
    valid = dates.is_iso(stored)
    shown = dates.for_readers(stored)
    assert shown == stored if not valid else shown != ""
    assert dates.is_past(stored, dt.date(2025, 1, 1)) is False
    assert dates.to_date(stored) is None
    assert dates.sort_key(stored) == ((0, 0, 0) if not valid else dates.sort_key(stored))
