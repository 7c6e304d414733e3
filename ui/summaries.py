"""What lists show of a library item: label, marking and review state, without the whole item."""

from __future__ import annotations

from dataclasses import dataclass

from briefing import dates, models
from briefing.models import Item, ItemRef

KIND_LABELS = {"partnership": "Partnership", "priority": "Priority", "quote": "Quote", "person": "Person"}
KIND_PLURALS = {"partnership": "Partnerships", "priority": "Priorities", "quote": "Quotes",
                "person": "People"}


def packable(kind: str) -> bool:
    """True when a pack section may hold items of `kind`: the core's PACK_KINDS, read when asked."""
    return kind in models.PACK_KINDS


def not_packable_line(titles: list[str]) -> str:
    """The status line for items a pack cannot hold, naming them and the kinds it can."""
    names = ", ".join(f"“{title}”" for title in titles[:3]) + (f" and {len(titles) - 3} more"
                                                               if len(titles) > 3 else "")
    kinds = [KIND_PLURALS[kind].lower() for kind in models.PACK_KINDS]
    allowed = ", ".join(kinds[:-1]) + " and " + kinds[-1] if len(kinds) > 1 else "".join(kinds)
    return f"{names}: only {allowed} can be placed in a pack."


@dataclass(frozen=True)
class ItemSummary:
    """One library item as a row of a list: enough to show, filter and drag it."""

    kind: str
    id: str
    label: str
    marking: str | None = None
    review_due: str | None = None
    stale: bool = False
    rank: float = 0.0

    @property
    def key(self) -> tuple[str, str]:
        """(kind, id), unique in a library."""
        return (self.kind, self.id)

    @property
    def ref(self) -> ItemRef:
        """The pack's reference to this item."""
        return ItemRef(kind=self.kind, id=self.id)  # type: ignore[arg-type]  # kind came from the store: one of KINDS

    @classmethod
    def of(cls, item: Item, rank: float = 0.0) -> ItemSummary:
        """The summary of a full library item."""
        return cls(kind=item.kind, id=item.id, label=item.label, marking=item.marking,
                   review_due=item.review_due, stale=is_stale(item.review_due), rank=rank)


def is_stale(review_due: str | None) -> bool:
    """True when a review date has passed (an unreadable date counts as not stale)."""
    try:
        return dates.is_past(review_due)
    except ValueError:
        return False
