"""Reproducible zip packages: the same entries give the same bytes, whenever they are written."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable
from typing import BinaryIO

ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can carry
# Light compression: several times faster than zlib's default for about a fifth more bytes
# on these XML parts, and the Word and Excel files stay a few hundred KB at most.
COMPRESS_LEVEL = 1
# Office wants [Content_Types].xml first; the package relationships next is the usual order.
_FIRST = ("[Content_Types].xml", "_rels/.rels")

Transform = Callable[[str, bytes], bytes]


def write_entries(target: BinaryIO, entries: Iterable[tuple[str, bytes]], stamp: dt.datetime) -> None:
    """Zip `entries` (name, data) into `target` in name order, each dated `stamp`, with fixed
    attributes and compression: nothing of the machine or the clock gets into the bytes."""
    date_time = max(stamp, ZIP_EPOCH).timetuple()[:6]
    ordered = sorted(entries, key=lambda entry: (_rank(entry[0]), entry[0]))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in ordered:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, data, compresslevel=COMPRESS_LEVEL)


def repack(package: bytes, target: BinaryIO, stamp: dt.datetime,
           transform: Transform | None = None) -> None:
    """Rewrite a zip a library saved (`package`) reproducibly into `target`; `transform(name,
    data)` may change an entry's content on the way."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        entries = [(name, source.read(name)) for name in source.namelist()]
    if transform is not None:
        entries = [(name, transform(name, data)) for name, data in entries]
    write_entries(target, entries, stamp)


def _rank(name: str) -> int:
    return _FIRST.index(name) if name in _FIRST else len(_FIRST)
