"""Long text cut into paragraph-sized pieces before reportlab sees it, so layout stays linear.

reportlab breaks a paragraph into lines in time that grows with its length, and a
paragraph taller than a page is broken again, whole, for every page it spans: a note of a
megabyte, or a title of 20,000 line breaks, took minutes. Each piece here holds at most
`MOST_CHARACTERS` characters and `MOST_LINE_BREAKS` line breaks, so every paragraph costs a
bounded time and a document costs time in proportion to its text. A piece ends, by
preference, at a line break, then after a sentence, then at a space (the character there
becomes the paragraph break); an unbroken run of characters is cut where it must be,
never before a combining mark. Nothing else is left out or added.
"""

from __future__ import annotations

import dataclasses
import unicodedata

from briefing.docmodel import Inline

MOST_CHARACTERS = 3000  # about two thirds of a page of body text
MOST_LINE_BREAKS = 25  # a page of the largest (cover title) lines
TITLE_LINE_BREAKS = 5  # a title or heading keeps this many; later ones print as spaces


def title_text(text: str) -> str:
    """A title or heading with at most TITLE_LINE_BREAKS line breaks, the later ones
    spaces: a title of thousands of empty lines would fill pages, in the contents too."""
    if text.count("\n") <= TITLE_LINE_BREAKS:
        return text
    head, _, tail = text.partition("\n")
    kept = [head]
    for _ in range(TITLE_LINE_BREAKS - 1):
        line, _, tail = tail.partition("\n")
        kept.append(line)
    return "\n".join(kept) + "\n" + tail.replace("\n", " ")


def text_pieces(text: str, most: int = MOST_CHARACTERS,
                breaks: int = MOST_LINE_BREAKS) -> list[str]:
    """`text` in pieces of at most `most` characters and `breaks` line breaks; a short
    text is one piece, itself."""
    if len(text) <= most and text.count("\n") <= breaks:
        return [text]
    return [text[a:b] for a, b in ranges(text, most, breaks)]


def span_pieces(spans: Inline, most: int = MOST_CHARACTERS,
                breaks: int = MOST_LINE_BREAKS) -> list[Inline]:
    """`spans` in pieces as `text_pieces` cuts their text, each span cut where its piece
    ends (keeping bold, italic and link)."""
    text = "".join(span.text for span in spans)
    if len(text) <= most and text.count("\n") <= breaks:
        return [spans]
    out: list[Inline] = []
    starts, offset = [], 0
    for span in spans:
        starts.append(offset)
        offset += len(span.text)
    first = 0  # the first span that may still reach into the next piece
    for a, b in ranges(text, most, breaks):
        piece = []
        for i in range(first, len(spans)):
            start, span = starts[i], spans[i]
            end = start + len(span.text)
            if start >= b:
                break
            if end <= a:
                first = i + 1
                continue
            cut = span.text[max(a - start, 0):b - start]
            if cut:
                piece.append(span if cut == span.text else dataclasses.replace(span, text=cut))
        out.append(tuple(piece))
    return out


def ranges(text: str, most: int, breaks: int) -> list[tuple[int, int]]:
    """(start, end) of each piece of `text`; the one character between two pieces, when a
    piece ends at a line break or a space, is left out: the paragraph break stands for it."""
    out = []
    start, n = 0, len(text)
    while True:
        end = min(start + most, n)
        too_many = _nth_line_break(text, start, end, breaks + 1)
        if too_many is not None:
            out.append((start, too_many))
            start = too_many + 1
            continue
        if end == n:
            out.append((start, n))
            return out
        cut, skip = _cut(text, start, end)
        out.append((start, cut))
        start = cut + skip


def _nth_line_break(text: str, start: int, end: int, nth: int) -> int | None:
    """Position of the `nth` line break in text[start:end], or None if there are fewer."""
    at = start - 1
    for _ in range(nth):
        at = text.find("\n", at + 1, end)
        if at < 0:
            return None
    return at


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Where to end a full piece text[start:end]: (end, characters to skip after it)."""
    half = start + (end - start) // 2
    for mark, keep in (("\n", 0), (". ", 1), (" ", 0)):
        at = text.rfind(mark, half, end)
        if at >= 0:
            return at + keep, len(mark) - keep
    while end > start + 1 and unicodedata.combining(text[end]):
        end -= 1  # keep a letter with its accents
    return end, 0
