"""Imports reportlab's layout package without its slowest line.

`reportlab.platypus.paragraph` compiles, when imported, a URL pattern spanning the whole
Unicode range with IGNORECASE (`uri_pat`, used only to hyphenate long URLs, which the
exporter never asks for): 40-50 ms of every fresh process, a twentieth of the time a
100-item pack may take. `import_platypus` imports the package with that one pattern
compiled on first use instead. Should reportlab change the pattern, it is simply compiled
as before.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

_URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
_lock = threading.Lock()


class LazyPattern:
    """A regular expression compiled the first time it is used."""

    def __init__(self, pattern: str, flags: int, compile_: Any) -> None:
        self._source = (pattern, flags, compile_)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            pattern, flags, compile_ = self._source
            self._compiled = compile_(pattern, flags)
        return getattr(self._compiled, name)


def import_platypus() -> None:
    """Import reportlab.platypus (once per process), deferring the URL pattern."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    with _lock:
        real = re.compile

        def compile_(pattern: Any, flags: int = 0) -> Any:
            if isinstance(pattern, str) and pattern.startswith(_URI_PATTERN_START):
                return LazyPattern(pattern, flags, real)
            return real(pattern, flags)

        re.compile = compile_  # type: ignore[assignment]
        try:
            import reportlab.platypus  # noqa: F401 - imported for its side effect
        finally:
            re.compile = real
