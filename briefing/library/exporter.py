"""Export the whole library to an interchange file (.json or .xlsx, chosen by extension)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import ExportError
from briefing.files import describe_os_error

if TYPE_CHECKING:
    from briefing.library.store import LibraryStore

EXTENSIONS = (".json", ".xlsx")


def export_library(store: LibraryStore, path: str | os.PathLike[str],
                   warnings: list[str] | None = None) -> int:
    """Write every item of `store` to `path` atomically; returns how many items were written.

    `warnings` receives one line per field the XLSX format had to cut (Excel's cell limit).
    """
    from briefing.library import jsonio, xlsxio

    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ExportError(f"{path}: cannot export a library as {suffix or 'a file without extension'} "
                          "(use .json or .xlsx)")
    content = store.content()
    try:
        if suffix == ".json":
            jsonio.write_json(content, path)
        else:
            xlsxio.write_xlsx(content, path, warnings)
    except OSError as exc:
        # Written through a temporary file: on any failure the target is left as it was.
        raise ExportError(f"{path}: cannot write the library file: {describe_os_error(exc)}; "
                          "nothing was written") from exc
    return len(content.items())
