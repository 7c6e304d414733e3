"""Start the desktop app, or the command line when given a command."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """`python main.py` opens the app; `python main.py COMMAND ...` runs the command line."""
    if argv and not argv[0].startswith("-psn"):  # macOS passes -psn_* when launched from Finder
        if argv[0] in ("--library",) and len(argv) == 2:
            return _run_app(argv)
        from briefing.cli import main as cli_main

        return cli_main(argv)
    return _run_app(argv)


def _run_app(argv: list[str]) -> int:
    from ui.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
