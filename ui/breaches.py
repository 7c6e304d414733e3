"""Marking breaches: items marked above the pack's marking, found where the app shows them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefing.docmodel import ItemWarning
from briefing.markings import Markings
from briefing.models import ItemRef
from ui.summaries import ItemSummary

SCALE = Markings()


@dataclass(frozen=True)
class Breach:
    """One item marked above the pack."""

    kind: str
    id: str
    title: str
    marking: str

    @property
    def key(self) -> tuple[str, str]:
        """(kind, id)."""
        return (self.kind, self.id)


def is_breach(item_marking: str | None, pack_marking: str | None) -> bool:
    """True when an item's marking is above the pack's (markings off the scale are not breaches:
    they are warned about as unknown)."""
    if not item_marking or not SCALE.is_known(item_marking) or not SCALE.is_known(pack_marking):
        return False
    return SCALE.is_above(item_marking, pack_marking)


def find_breaches(refs: Iterable[ItemRef], summary_of: Callable[[str, str], ItemSummary | None],
                  pack_marking: str | None) -> list[Breach]:
    """The pack's items marked above `pack_marking`, in pack order, each once."""
    found: dict[tuple[str, str], Breach] = {}
    for ref in refs:
        summary = summary_of(ref.kind, ref.id)
        if summary is not None and is_breach(summary.marking, pack_marking):
            found.setdefault(summary.key, Breach(ref.kind, ref.id, summary.label, summary.marking or ""))
    return list(found.values())


def split_warnings(checks: Iterable[ItemWarning], title_of: Callable[[str, str], str]
                   ) -> tuple[list[Breach], list[ItemWarning]]:
    """The core's item checks as (marking breaches, every other check)."""
    breaches, others = [], []
    for check in checks:
        if check.code == "marking-above":
            breaches.append(Breach(check.kind, check.id, title_of(check.kind, check.id), check.marking or ""))
        else:
            others.append(check)
    return breaches, others


def highest(breaches: Iterable[Breach]) -> str | None:
    """The highest marking among the breaches: what the pack would need."""
    markings = [b.marking for b in breaches]
    return max(markings, key=SCALE.rank) if markings else None
