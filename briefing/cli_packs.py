"""Command line: `build`, `templates` and `demo`."""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import resources

if TYPE_CHECKING:
    from briefing.build import BuildResult
    from briefing.cli import Subparsers
    from briefing.library.store import LibraryStore

FORMAT_CHOICES = ("docx", "pdf", "xlsx", "all")
DEMO_OUT = "demo-output"


def register(subparsers: Subparsers) -> None:
    """Add the `build`, `templates` and `demo` commands."""
    build = subparsers.add_parser(
        "build", help="build a pack as Word, PDF and/or Excel",
        description="Build a .briefpack file. --format defaults to the extension of --out, "
                    "else all; with one format --out is the file (or an existing folder), with "
                    "all it is a folder. Without --out the files go beside the pack.",
    )
    build.add_argument("pack", metavar="PACK", help="the .briefpack file")
    build.add_argument("--format", choices=FORMAT_CHOICES, help="output format (default: from --out, else all)")
    build.add_argument("--out", metavar="PATH", help="output file or folder")
    build.add_argument("--template", metavar="NAME", help="template name (default: the pack's, else ministerial-brief)")
    build.add_argument("--library", metavar="DB", help="library file (default: BRIEFING_LIBRARY or the user's)")
    build.set_defaults(handler=run_build)

    templates = subparsers.add_parser(
        "templates", help="list the templates with their descriptions",
        description="List built-in and user templates (BRIEFING_TEMPLATES moves the user folder); "
                    "a user template with a built-in's name replaces it.",
    )
    templates.set_defaults(handler=run_templates)

    demo = subparsers.add_parser(
        "demo", help="build the sample pack in all formats",
        description="Build the bundled sample pack (a brief for the ROK-EU Digital Partnership "
                    "Council) as .docx, .pdf and .xlsx, against a temporary starter library "
                    "unless --library is given.",
    )
    demo.add_argument("--out", metavar="DIR", default=DEMO_OUT, help=f"output folder (default: ./{DEMO_OUT})")
    demo.add_argument("--library", metavar="DB", help="build against this library instead")
    demo.set_defaults(handler=run_demo)


def run_build(args: argparse.Namespace) -> int:
    """`build PACK ...`: write the files, print their paths, warnings on stderr."""
    from briefing.build import build_pack

    warnings: list[str] = []
    with _library(args.library, warnings) as store:
        result = build_pack(args.pack, formats=args.format, out=args.out,
                            template=args.template, library=store)
    return _report(result, warnings)


def run_templates(args: argparse.Namespace) -> int:
    """`templates`: one line per template, name and description; one warning per broken one."""
    from briefing.cli import warn
    from briefing.templates import load_all

    templates, broken = load_all()
    width = max((len(template.name) for template in templates), default=0)
    for template in templates:
        origin = "" if template.builtin else "  (user template)"
        print(f"{template.name:<{width}}  {template.description}{origin}")
    for line in broken:
        warn(line)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """`demo`: build the sample pack in every format into --out."""
    from briefing.build import build_pack

    warnings: list[str] = []
    with _library(args.library, warnings, temporary=args.library is None) as store:
        result = build_pack(resources.sample_pack_path(), formats="all", out=args.out, library=store)
    return _report(result, warnings)


def _report(result: BuildResult, warnings: list[str]) -> int:
    from briefing.cli import warn

    for path in result.paths:
        print(path)
    for message in (*warnings, *result.warnings):
        warn(message)
    return 0


@contextlib.contextmanager
def _library(path: str | None, warnings: list[str], *, temporary: bool = False) -> Iterator[LibraryStore]:
    """The library to build against, closed afterwards; `temporary` makes a fresh starter one."""
    from briefing.library import open_library

    with contextlib.ExitStack() as stack:
        if temporary:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="briefing-demo-"))
            target: str | Path | None = Path(folder) / "library.sqlite"
        else:
            target = path
        store = open_library(target, warnings=warnings)
        stack.callback(store.close)
        yield store
