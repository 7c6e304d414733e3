"""ISO dates with the precision the source gives (YYYY, YYYY-MM, YYYY-MM-DD), shown to readers."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re

from briefing.errors import BriefingError
from briefing.text import quoted

# ASCII digits only: `\\d` would take Arabic-Indic or mathematical bold digits as well.
_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
Parts = tuple[int, int | None, int | None]


def is_iso(value: object) -> bool:
    """True when `value` is a valid YYYY, YYYY-MM or YYYY-MM-DD date."""
    return _parts(value) is not None


def parse(value: str) -> Parts:
    """Split an ISO partial date into (year, month, day), raising ValueError when invalid.

    The one rule for what a date is: ASCII digits, a year from 0001 to 9999, a real month
    and a real day (2024-02-30 is refused).
    """
    parts = _parts(value)
    if parts is None:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD from the year 0001 "
                         f"to 9999): {quoted(value)}")
    return parts


def _parts(value: object) -> Parts | None:
    match = _ISO.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern always has a year
    if year < dt.MINYEAR or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and month is not None and not 1 <= day <= _days_in(year, month):
        return None
    return year, month, day


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def for_readers(value: str | None) -> str:
    """'2024-03-26' -> '26 March 2024', '2024-03' -> 'March 2024', '2024' -> '2024'.

    Text that is not a valid date (one stored before the rules were tightened) is shown
    as it was typed, so no stored value can stop a build.
    """
    if not value:
        return ""
    parts = _parts(value)
    if parts is None:
        return value
    year, month, day = parts
    if month is None:
        return str(year)
    if day is None:
        return f"{_MONTHS[month - 1]} {year}"
    return f"{day} {_MONTHS[month - 1]} {year}"


def to_date(value: str | None) -> dt.date | None:
    """A full ISO date as a `date`; None for a year or month alone, or text that is not a date."""
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    return dt.date(year, month, day) if month is not None and day is not None else None


def sort_key(value: str | None) -> tuple[int, int, int]:
    """Key that orders partial dates chronologically, missing (and invalid) dates first."""
    parts = _parts(value)
    if parts is None:
        return (0, 0, 0)
    year, month, day = parts
    return (year, month or 0, day or 0)


def today() -> dt.date:
    """Today's date; the BRIEFING_TODAY variable (YYYY-MM-DD) sets it for tests."""
    forced = os.environ.get("BRIEFING_TODAY")
    return dt.date.fromisoformat(forced) if forced else dt.date.today()


def last_day(value: str | None) -> dt.date | None:
    """The last day a partial date covers ('2024-02' -> 29 February 2024); None when not a date.

    Worked out within the month, so '9999-12' gives 31 December 9999 rather than overflowing
    into a year 10000.
    """
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    month = month or 12
    return dt.date(year, month, day or _days_in(year, month))


def is_past(value: str | None, when: dt.date | None = None) -> bool:
    """True when a review date lies before `when` (default today); partial dates count from their end.

    Text that is not a valid date is never past.
    """
    last = last_day(value)
    return last is not None and last < (when or today())


def build_time() -> dt.datetime:
    """The build's time, UTC to the second: SOURCE_DATE_EPOCH when set, else now.

    A value that is not a whole number of seconds is an error rather than ignored, so that
    the files of one reproducible build can never disagree on their time stamps.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not re.fullmatch(r"-?[0-9]+", raw):
        raise BriefingError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {raw!r}")
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise BriefingError(f"SOURCE_DATE_EPOCH is out of range: {raw!r}") from None
