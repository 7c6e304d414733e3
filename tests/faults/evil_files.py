"""Hostile files: entity expansion, external entities, hidden DTDs, zip and pixel bombs, forged sizes."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                     for n in range(1, 10))
          + b"]>")
PASSWD = b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
_DECLARATION = re.compile(rb"^<\?xml[^>]*\?>")


def members(path: Path) -> dict[str, bytes]:
    """Every entry of a zip, by name, in order."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rewrite(source: Path, target: Path, changes: dict[str, Callable[[bytes], bytes]],
            rename: dict[str, str] | None = None) -> Path:
    """A copy of `source` with some entries changed (and perhaps renamed)."""
    entries = members(source)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            data = changes[name](data) if name in changes else data
            archive.writestr((rename or {}).get(name, name), data)
    return target


def with_doctype(doctype: bytes, *, reference: bytes = b"", padding: int = 0) -> Callable[[bytes], bytes]:
    """Put `doctype` after the XML declaration (behind `padding` bytes of comment), and
    `reference` (e.g. b"&lol9;") into the first text the part holds."""
    def change(xml: bytes) -> bytes:
        body = _DECLARATION.sub(b"", xml)
        if reference:
            body = re.sub(rb"(<(?:\w+:)?t(?: [^>]*)?>)", rb"\1" + reference, body, count=1)
        comment = b"<!--" + b"x" * padding + b"-->" if padding else b""
        return b'<?xml version="1.0" encoding="UTF-8"?>' + comment + doctype + body
    return change


def in_utf16(doctype: bytes) -> Callable[[bytes], bytes]:
    """The part re-encoded as UTF-16 (with its BOM), a DTD inside: a byte search for
    `<!DOCTYPE` in UTF-8 would not see it."""
    def change(xml: bytes) -> bytes:
        body = _DECLARATION.sub(b"", xml).decode("utf-8")
        text = '<?xml version="1.0" encoding="UTF-16"?>' + doctype.decode() + body
        return text.encode("utf-16")
    return change


def declared_encoding(name: str) -> Callable[[bytes], bytes]:
    """The part claiming an encoding (UTF-7, EBCDIC...) in which markup can hide."""
    def change(xml: bytes) -> bytes:
        return f'<?xml version="1.0" encoding="{name}"?>'.encode() + _DECLARATION.sub(b"", xml)
    return change


def bomb(target: Path, required: str, megabytes: int, *, entries: int = 1) -> Path:
    """A zip holding `required` and `megabytes` MB of zeros in `entries` entries (tiny on disk)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(required, b'<?xml version="1.0" encoding="UTF-8"?><x/>')
        chunk = bytes(2**20)
        per_entry = max(megabytes // entries, 0)
        for n in range(entries):
            with archive.open(f"padding/{n}.bin", "w", force_zip64=True) as stream:
                for _ in range(per_entry):
                    stream.write(chunk)
    return target


def many_entries(target: Path, required: str, count: int) -> Path:
    """A zip holding `required` and `count` empty entries."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(required, b'<?xml version="1.0" encoding="UTF-8"?><x/>')
        for n in range(count):
            archive.writestr(f"e/{n}", b"")
    return target


def forged_size(source: Path, target: Path, name: str, real: bytes, declared: int) -> Path:
    """A copy of `source` whose entry `name` holds `real` but whose headers claim `declared` bytes."""
    rewrite(source, target, {name: lambda _old: real})
    data = bytearray(target.read_bytes())
    encoded = name.encode()
    # Local header: signature, ..., uncompressed size at offset 22, name length at 26.
    local = data.find(b"PK\x03\x04")
    while local != -1:
        length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30:local + 30 + length] == encoded:
            struct.pack_into("<I", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    # Central directory: uncompressed size at offset 24, name length at 28, name at 46.
    central = data.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + length] == encoded:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    target.write_bytes(bytes(data))
    return target


def png_bomb(target: Path, side: int) -> Path:
    """A valid grey PNG of `side` x `side` pixels, all black: a few hundred KB at most on disk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(1)
    row = bytes(side + 1)  # filter byte, then the row's pixels
    pixels = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    target.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
                       + chunk(b"IEND", b""))
    return target
