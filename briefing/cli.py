"""The command line: `briefing-pack COMMAND ...` (also `python main.py COMMAND ...`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

from briefing.errors import BriefingError, Cancelled
from briefing.text import shown

# The longest line the command line prints for one problem or warning; the messages
# themselves cut what they echo far shorter, this only guards the terminal.
MAX_LINE = 1000

if TYPE_CHECKING:
    # What `add_subparsers` returns: argparse gives it no public name; typeshed uses this one.
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

# Each module contributes its sub-commands through `register(subparsers)`; a command's
# handler takes the parsed arguments and returns an exit code.
_COMMAND_MODULES = ("briefing.cli_library", "briefing.cli_packs")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="briefing-pack",
        description="Build briefing packs from a library of partnerships, priorities and quotes.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; exit 0 on success, 1 on a user error, 2 on a usage error."""
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse exits with 2 on usage errors
    try:
        return int(args.handler(args) or 0)
    except BriefingError as exc:
        for problem in exc.problems:
            print(shown(problem, MAX_LINE), file=sys.stderr)
        return 1
    except Cancelled:
        print("cancelled", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def warn(message: str) -> None:
    """Print a warning line on stderr (exit code unaffected)."""
    print(f"warning: {shown(message, MAX_LINE)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
