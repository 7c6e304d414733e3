"""Handling markings: an ordered list, lowest first, compared case-insensitively."""

from __future__ import annotations

DEFAULT_MARKINGS = ("PUBLIC", "OFFICIAL", "OFFICIAL-SENSITIVE", "LIMITED", "SENSITIVE")


class Markings:
    """An ordered scale of markings; no marking counts as the lowest."""

    def __init__(self, names: tuple[str, ...] | list[str] = DEFAULT_MARKINGS) -> None:
        self.names = tuple(names)
        self._rank = {name.casefold(): i for i, name in enumerate(self.names)}

    def is_known(self, marking: str | None) -> bool:
        """True for None/empty or a marking on the scale."""
        return not marking or marking.strip().casefold() in self._rank

    def canonical(self, marking: str | None) -> str | None:
        """The scale's own spelling of `marking`; raises ValueError when unknown."""
        if not marking or not marking.strip():
            return None
        try:
            return self.names[self._rank[marking.strip().casefold()]]
        except KeyError:
            raise ValueError(
                f"unknown marking {marking!r} (known: {', '.join(self.names)})"
            ) from None

    def rank(self, marking: str | None) -> int:
        """Position on the scale; -1 for no marking."""
        return -1 if not marking else self._rank[marking.strip().casefold()]

    def is_above(self, marking: str | None, ceiling: str | None) -> bool:
        """True when `marking` is higher than `ceiling`; an unmarked ceiling admits the lowest
        marking, since a public item needs no protection an unmarked pack lacks."""
        return self.rank(marking) > max(self.rank(ceiling), 0)
