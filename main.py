"""Start the desktop app, or the command line when given a command."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """`python main.py [--library DB]` opens the app; `python main.py COMMAND ...` runs the CLI."""
    if argv and (not argv[0].startswith("-") or argv[0] in ("-h", "--help")):
        from briefing.cli import main as cli_main

        return cli_main(argv)
    from ui.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
