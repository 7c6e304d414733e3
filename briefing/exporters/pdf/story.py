"""The story handed to reportlab's layout: a list that is cheap to take from the front.

platypus takes each flowable off the front of its story with `del flowables[0]`, which on a
Python list moves every later element: the layout turns quadratic (about a second of
memory moves at 4,000 items). `Story` keeps the flowables in reverse order, so the front is
the end of a list, and offers exactly the list operations platypus uses on a story.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.platypus import Flowable


class Story:
    """Flowables still to lay out, first one at the end of `_stack`."""

    def __init__(self, flowables: Iterable[Flowable]) -> None:
        self._stack = list(flowables)
        self._stack.reverse()

    def __len__(self) -> int:
        return len(self._stack)

    def __getitem__(self, index: int | slice) -> Flowable | list[Flowable]:
        if isinstance(index, slice):  # keepWithNext groups take flowables[:i]
            start, stop, step = index.indices(len(self._stack))
            return [self._stack[-1 - i] for i in range(start, stop, step)]
        return self._stack[~index]  # story[i] is _stack[-1 - i]; IndexError past either end

    def __setitem__(self, index: int | slice, value: object) -> None:
        if isinstance(index, slice):  # only "flowables[0:0] = parts" puts parts back
            if (index.start or 0) != 0 or (index.stop or 0) != 0 or index.step not in (None, 1):
                raise NotImplementedError(f"Story[{index}] = ...")
            if not isinstance(value, Iterable):
                raise TypeError("Story[0:0] takes a sequence of flowables")
            self._stack.extend(reversed(list(value)))
        else:
            self._stack[~index] = value

    def __delitem__(self, index: int | slice) -> None:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self._stack))
            if start != 0 or step != 1:
                raise NotImplementedError(f"del Story[{index}]")
            del self._stack[len(self._stack) - stop:]
        else:
            del self._stack[~index]

    def insert(self, index: int, flowable: Flowable) -> None:
        """Put `flowable` at position `index` (platypus only ever puts back at 0)."""
        self._stack.insert(len(self._stack) - index, flowable)
