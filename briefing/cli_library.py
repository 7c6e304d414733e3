"""Library commands of the command line: `import`, `export-library` and `search`."""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import os
import re
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from briefing.models import KINDS

if TYPE_CHECKING:
    from briefing.cli import Subparsers
    from briefing.library.store import LibraryStore

_LIBRARY_HELP = ("the library file (default: the BRIEFING_LIBRARY variable, else the user data "
                 "folder); a new one starts with the starter library")
_LINE_BREAKS = re.compile(r"[\t\r\n]+")


def register(subparsers: Subparsers) -> None:
    """Add the library commands to the command line's sub-parsers."""
    _import_parser(subparsers)
    _export_parser(subparsers)
    _search_parser(subparsers)


def _import_parser(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="import a library file (.json or .xlsx), all or nothing",
        description="Check the whole file, then add its items to the library in one go. "
                    "Nothing is written when any problem is found; every problem is listed.")
    parser.add_argument("file", metavar="FILE", help="the .json or .xlsx file to import")
    parser.add_argument(
        "--on-conflict", choices=("fail", "skip", "replace"), default="fail",
        help="what to do with an item whose id is already in the library with different "
             "content: fail (default, nothing is imported), skip it, or replace the stored one")
    parser.add_argument("--library", metavar="DB", help=_LIBRARY_HELP)
    parser.set_defaults(handler=run_import)


def _export_parser(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "export-library", help="write the whole library to a .json or .xlsx file",
        description="Write every partnership, priority, quote and person to an interchange file; "
                    "the format follows the extension (.json or .xlsx).")
    parser.add_argument("file", metavar="FILE", help="the file to write (.json or .xlsx)")
    parser.add_argument("--library", metavar="DB", help=_LIBRARY_HELP)
    parser.set_defaults(handler=run_export)


def _search_parser(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "search", help="ranked search over the library",
        description="Print one line per match, best first: kind, id and title separated by "
                    "tabs. Words are matched case- and accent-insensitively; end a word with * "
                    "to match it as a prefix.")
    parser.add_argument("query", metavar="QUERY", help="the words to look for")
    parser.add_argument("--kind", choices=KINDS, help="only items of this kind")
    parser.add_argument("--limit", type=_positive, default=50, metavar="N",
                        help="at most N matches (default 50)")
    parser.add_argument("--library", metavar="DB", help=_LIBRARY_HELP)
    parser.set_defaults(handler=run_search)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def run_import(args: argparse.Namespace) -> int:
    """`import FILE`: one summary line on stdout, warnings on stderr."""
    from briefing.errors import ConflictError
    from briefing.library.importer import import_file

    with _library(args.library) as store:
        try:
            report = import_file(store, args.file, on_conflict=args.on_conflict)
        except ConflictError as exc:  # the way out is a flag of this command: say which
            raise ConflictError(f"{line} (use --on-conflict skip or replace)" for line in exc.problems) from None
    _warn_all(report.warnings)
    print(report.summary(args.file))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """`export-library FILE`: writes the file and says how many items it holds."""
    from briefing.errors import ExportError
    from briefing.library.exporter import export_library

    cut: list[str] = []
    with _library(args.library) as store, _one_report_per_failed_write():
        cause = None
        try:
            count = export_library(store, args.file, cut)
        except Exception as exc:
            cause = _write_failure(exc)
            if cause is None:
                raise
        if cause is not None:  # raised here, the failed writer's frames already let go
            raise ExportError(f"{args.file}: cannot write the file: {cause}")
    _warn_all(cut)  # fields cut at Excel's cell limit, one line each
    print(f"exported {count} items to {args.file}")
    return 0


def _write_failure(exc: BaseException) -> str | None:
    """Why a write failed (a full disk, a quota, a lost drive), or None for any other error.

    openpyxl writes its sheets through lxml, which reports a failed write as its own
    SerialisationError named after the errno ("IO_ENOSPC").
    """
    from briefing.files import describe_os_error

    if isinstance(exc, OSError):
        return describe_os_error(exc)
    name = str(exc).removeprefix("IO_") if type(exc).__name__ == "SerialisationError" else ""
    code = getattr(errno, name, None) if name.startswith("E") else None
    return os.strerror(code) if isinstance(code, int) else None


@contextlib.contextmanager
def _one_report_per_failed_write() -> Iterator[None]:
    """Drop lxml's second report of a failed write.

    When the abandoned sheet writer is collected, lxml raises the same error again where
    nothing can catch it, and Python prints it as "Exception ignored in ...". That report
    only is dropped; the hook is restored before this command returns.
    """
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if type(unraisable.exc_value).__name__ != "SerialisationError":
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        gc.collect()  # the writer is collected now, while the hook is in place
        sys.unraisablehook = previous


def run_search(args: argparse.Namespace) -> int:
    """`search QUERY`: `kind<TAB>id<TAB>title` per match, best first; no match is not an error."""
    with _library(args.library) as store:
        hits = store.search(args.query, kinds=[args.kind] if args.kind else None, limit=args.limit)
    for hit in hits:
        # One line per match whatever the title holds, so the output stays easy to cut.
        print(f"{hit.kind}\t{hit.id}\t{_LINE_BREAKS.sub(' ', hit.label)}")
    return 0


@contextlib.contextmanager
def _library(path: str | None) -> Iterator[LibraryStore]:
    from briefing.library import open_library

    notes: list[str] = []
    store = open_library(path, warnings=notes)
    _warn_all([*notes, *store.notes])  # store.notes: what opening found (e.g. dates to correct)
    try:
        yield store
    finally:
        store.close()


def _warn_all(lines: Iterable[str]) -> None:
    from briefing.cli import warn

    for line in lines:
        warn(line)
