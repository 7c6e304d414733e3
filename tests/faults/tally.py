"""Figures the fault suite reports at the end of a run: inputs tried, kills, faults, losses."""

from __future__ import annotations

from collections import Counter

# Keys: "generated inputs", "kill points", "killed mid-work", "faults injected", "losses".
FIGURES: Counter[str] = Counter()
ORDER = ("generated inputs", "kill points", "killed mid-work", "faults injected", "losses")


def count(name: str, amount: int = 1) -> None:
    """Add `amount` to the figure `name`."""
    FIGURES[name] += amount


def lost(what: str) -> str:
    """Record a loss (a check that found data lost or corrupted) and return its message."""
    FIGURES["losses"] += 1
    return what


def summary() -> str:
    """One line with every figure (the main ones first), for the end of the run."""
    names = list(ORDER) + sorted(name for name in FIGURES if name not in ORDER)
    return "fault figures: " + ", ".join(f"{name} {FIGURES[name]}" for name in names)
