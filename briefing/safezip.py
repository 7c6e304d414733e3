"""One guard for untrusted zip containers (XLSX, DOCX): checked before any of their XML is parsed."""

from __future__ import annotations

import fnmatch
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from briefing.errors import ValidationError
from briefing.text import shown

_MB = 2**20
_CHUNK = 1 << 20
# `<!DOCTYPE` or `<!ENTITY` in any ASCII-compatible encoding, or as UTF-16 (either byte
# order: the little-endian form also matches big-endian text one byte later). Office XML
# never declares a DTD; one is how entity expansion and external entities start.
_WORDS = (b"DOCTYPE", b"ENTITY")
_MARKERS = re.compile(
    b"|".join([b"<!" + word for word in _WORDS]
              + [re.escape(b"\x00".join(bytes([c]) for c in b"<!" + word)) for word in _WORDS]),
    re.IGNORECASE,
)
_OVERLAP = 2 * len(b"<!DOCTYPE")
# Declared encodings under which the byte search above sees every `<!`: ASCII-compatible ones.
_ASCII_COMPATIBLE = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "latin-1",
                     "iso-8859-15", "windows-1252", "cp1252"}
_DECLARED = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")


@dataclass(frozen=True)
class PartLimit:
    """The most the parts whose names match `pattern` (fnmatch, case-insensitive) may unpack to."""

    pattern: str
    max_unpacked: int


@dataclass(frozen=True)
class ZipLimits:
    """How much an untrusted container may hold and unpack to, in all and part by part.

    The ratio is checked for the whole file and for each part on its own: one part of
    highly repetitive XML cannot hide behind stored random bytes that keep the whole
    file's ratio low. `parts` caps what named parts unpack to (the first match applies).
    """

    max_entries: int = 10_000
    max_unpacked: int = 200 * _MB
    max_ratio: float = 100.0
    ratio_floor: int = 20 * _MB  # below this size any ratio is fine: small files compress well
    part_ratio_floor: int = 2 * _MB  # the same, for one part
    parts: tuple[PartLimit, ...] = ()


@dataclass(frozen=True)
class Container:
    """What kind of container is expected: `label` reads "an XLSX workbook", `noun` "workbook"."""

    label: str
    noun: str
    required: str  # a part every such container has, e.g. "xl/workbook.xml"


XLSX = Container("an XLSX workbook", "workbook", "xl/workbook.xml")
DOCX = Container("a Word document", "document", "word/document.xml")


def check_zip(source: str | os.PathLike[str] | IO[bytes], container: Container, *,
              name: str | None = None, limits: ZipLimits = ZipLimits()) -> None:
    """Refuse a file that is not a zip of `container`'s kind, would unpack to too much, or
    holds XML declaring a DTD or entities, or in an encoding the check cannot read.

    `source` is a path or an open binary file (one opened by `briefing.files.open_regular`).
    """
    where = name or str(source if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "?"))
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise ValidationError(f"{where}: not {container.label} (not a zip archive)") from None
    except OSError as exc:
        raise ValidationError(f"{where}: cannot read the file: {exc.strerror or exc}") from None
    with archive:
        members = archive.infolist()
        _check_sizes(_size_of(source), members, container, where, limits)
        for member in members:
            try:
                _scan(archive, member, where)
            except (zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError,
                    zlib.error, ValueError, OSError) as exc:
                raise ValidationError(f"{where}: refused: {shown(member.filename)} cannot be unpacked "
                                      f"(a damaged or unusual zip entry: {exc})") from None


def _size_of(source: str | os.PathLike[str] | IO[bytes]) -> int:
    if isinstance(source, (str, os.PathLike)):
        return Path(source).stat().st_size
    return os.fstat(source.fileno()).st_size


def _check_sizes(size: int, members: list[zipfile.ZipInfo], container: Container, where: str,
                 limits: ZipLimits) -> None:
    if len(members) > limits.max_entries:
        raise ValidationError(f"{where}: refused: the {container.noun} holds {len(members)} files, "
                              f"more than the {limits.max_entries} allowed (a possible zip bomb)")
    if container.required not in {member.filename for member in members}:
        raise ValidationError(f"{where}: not {container.label} (no {container.required} inside)")
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked:
        raise ValidationError(f"{where}: refused: the {container.noun} unpacks to "
                              f"{unpacked // _MB} MB, more than the {limits.max_unpacked // _MB} "
                              "MB allowed")
    # The file's own size, not the sum of the entries' compressed sizes: entries that share
    # compressed data (overlapping zip bombs) would count it many times over.
    packed = max(size, 1)
    if unpacked > limits.ratio_floor and unpacked / packed > limits.max_ratio:
        raise ValidationError(f"{where}: refused: suspicious compression ratio "
                              f"({unpacked // packed}:1, a possible zip bomb)")
    for member in members:
        _check_part(member, container, where, limits)


def _check_part(member: zipfile.ZipInfo, container: Container, where: str, limits: ZipLimits) -> None:
    """One part's own size and ratio (declared sizes: zipfile never reads past them)."""
    for part in limits.parts:
        if fnmatch.fnmatchcase(member.filename.lower(), part.pattern.lower()):
            if member.file_size > part.max_unpacked:
                raise ValidationError(
                    f"{where}: refused: {shown(member.filename)} unpacks to "
                    f"{member.file_size / _MB:,.0f} MB, more than the {part.max_unpacked // _MB} MB "
                    f"such a part of {container.label} may hold")
            break
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > limits.part_ratio_floor and ratio > limits.max_ratio:
        raise ValidationError(f"{where}: refused: suspicious compression ratio of "
                              f"{shown(member.filename)} ({ratio:,.0f}:1, a possible zip bomb)")


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, where: str) -> None:
    """Read the whole entry (zipfile stops at its declared size) looking for DTD markers."""
    if member.is_dir():
        return
    with archive.open(member) as stream:
        tail = b""
        first = True
        while chunk := stream.read(_CHUNK):
            if first:
                _check_encoding(chunk, member.filename, where)
                first = False
            if _MARKERS.search(tail + chunk):
                raise ValidationError(f"{where}: refused: {shown(member.filename)} declares XML entities "
                                      "(unsafe content)")
            tail = chunk[-_OVERLAP:]


def _check_encoding(head: bytes, part: str, where: str) -> None:
    """Refuse XML in encodings where `<!DOCTYPE` could hide from the byte search (UTF-32,
    EBCDIC, UTF-7, ...); binary parts (images) are not XML and pass."""
    encoding = _sniff(head)
    if encoding is None or encoding in _ASCII_COMPATIBLE or encoding.startswith("utf-16"):
        return
    raise ValidationError(f"{where}: refused: {shown(part)} is XML in the {shown(encoding)} encoding "
                          "(Office files use UTF-8 or UTF-16)")


def _sniff(head: bytes) -> str | None:
    """The encoding of an XML part by its first bytes (XML 1.0 appendix F); None if not XML."""
    if head[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00"):
        return "utf-32"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):
        return "utf-16"
    if head[:4] == b"\x4c\x6f\xa7\x94":
        return "ebcdic"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    if not text.startswith(b"<"):
        return None  # no XML parser takes this for XML
    declared = _DECLARED.match(text)
    return declared.group(1).decode("ascii").lower() if declared else "utf-8"
