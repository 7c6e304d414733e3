"""ISO dates with the precision the source gives (YYYY, YYYY-MM, YYYY-MM-DD), shown to readers."""

from __future__ import annotations

import datetime as dt
import os
import re

from briefing.errors import BriefingError

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)


def is_iso(value: str) -> bool:
    """True when `value` is a valid YYYY, YYYY-MM or YYYY-MM-DD date."""
    try:
        parse(value)
    except ValueError:
        return False
    return True


def parse(value: str) -> tuple[int, int | None, int | None]:
    """Split an ISO partial date into (year, month, day), raising ValueError when invalid."""
    match = _ISO.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month out of range: {value!r}")
    if day is not None:
        dt.date(year, month, day)  # raises ValueError for 2024-02-30
    return year, month, day


def for_readers(value: str | None) -> str:
    """'2024-03-26' -> '26 March 2024', '2024-03' -> 'March 2024', '2024' -> '2024'."""
    if not value:
        return ""
    year, month, day = parse(value)
    if month is None:
        return str(year)
    if day is None:
        return f"{_MONTHS[month - 1]} {year}"
    return f"{day} {_MONTHS[month - 1]} {year}"


def to_date(value: str) -> dt.date | None:
    """A full ISO date as a `date`; None for a year or month alone."""
    year, month, day = parse(value)
    return dt.date(year, month, day) if day is not None else None


def sort_key(value: str | None) -> tuple[int, int, int]:
    """Key that orders partial dates chronologically, missing dates first."""
    if not value:
        return (0, 0, 0)
    year, month, day = parse(value)
    return (year, month or 0, day or 0)


def today() -> dt.date:
    """Today's date; the BRIEFING_TODAY variable (YYYY-MM-DD) sets it for tests."""
    forced = os.environ.get("BRIEFING_TODAY")
    return dt.date.fromisoformat(forced) if forced else dt.date.today()


def is_past(value: str | None, when: dt.date | None = None) -> bool:
    """True when a review date lies before `when` (default today); partial dates count from their end."""
    if not value:
        return False
    year, month, day = parse(value)
    if month is None:
        last = dt.date(year, 12, 31)
    elif day is None:
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        last = next_month - dt.timedelta(days=1)
    else:
        last = dt.date(year, month, day)
    return last < (when or today())


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
