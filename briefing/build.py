"""Building a pack: read it, build its document, export it — what the command line and the app call."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import atomic
from briefing.docmodel import BriefingDocument
from briefing.document import build_document
from briefing.errors import BriefingError, Cancelled, ValidationError
from briefing.exporters import REGISTRY, ExportOptions, get_exporter
from briefing.lookup import ItemSource, lookup_for
from briefing.models import LibraryContent, Pack
from briefing.packs import read_pack
from briefing.templates import DEFAULT_TEMPLATE, Template, load_template
from briefing.text import quoted

if TYPE_CHECKING:
    from briefing.library.store import LibraryStore

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
ALL = "all"
FORMATS = tuple(REGISTRY)  # docx, pdf, xlsx: the order files are written in
_STEPS = 1000  # progress units per format, so formats of unequal length share one bar
# The most items one build may place. Memory grows with the items (the PDF needs about
# 60 KB each while it lays pages out): a larger pack is refused, naming this limit.
MAX_PACK_ITEMS = 5_000


@dataclass(frozen=True)
class BuildResult:
    """The files written, and the warnings to show the user (exit code unaffected)."""

    paths: tuple[Path, ...]
    warnings: tuple[str, ...]


def build_pack(
    pack_path: str | os.PathLike[str],
    *,
    formats: str | Sequence[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    template: str | None = None,
    library: LibraryStore | ItemSource | LibraryContent | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> BuildResult:
    """Build the pack file at `pack_path` in `formats` (default: from `out`, else all)."""
    pack_path = Path(pack_path)
    pack = read_pack(pack_path)
    targets = plan_outputs(pack_path, formats, out)
    document = prepare_document(pack, template=template, library=library, origin=str(pack_path))
    return export_document(document, targets, progress=progress, cancelled=cancelled)


def prepare_document(
    pack: Pack,
    *,
    template: str | Template | None = None,
    library: LibraryStore | ItemSource | LibraryContent | None = None,
    origin: str = "pack",
) -> BriefingDocument:
    """The pack's document (warnings included), against `library` (default: the user's)."""
    placed = sum(len(section.items) for section in pack.sections)
    if placed > MAX_PACK_ITEMS:
        raise ValidationError(f"{origin}: refused: the pack places {placed:,} items, more than the "
                              f"{MAX_PACK_ITEMS:,} one build may hold (split it into several packs)")
    chosen = template if isinstance(template, Template) else _template_for(pack, template, origin)
    with _opened(library) as source:
        return build_document(pack, lookup_for(pack, source), chosen, origin=origin)


def _template_for(pack: Pack, name: str | None, origin: str) -> Template:
    """The template named on the command line, else the pack's, else the default."""
    if name or not pack.template:
        return load_template(name or DEFAULT_TEMPLATE)
    try:
        return load_template(pack.template)
    except ValidationError as exc:
        # The name came from the pack file: say where, as for any other field of it.
        raise ValidationError(f"{origin}:template: {problem}" for problem in exc.problems) from None


def export_document(
    document: BriefingDocument,
    targets: Sequence[tuple[str, Path]],
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> BuildResult:
    """Write `document` to each (format, path); returns the paths and every warning.

    The files are written as one set: each to a staging file first, and all moved into
    place only when every one is complete. On any failure or cancel none is replaced.
    """
    warnings = list(document.warnings)
    paths = [path for _, path in targets]
    with atomic.output_set(paths) as staged:
        for step, ((format_id, path), stage) in enumerate(zip(targets, staged, strict=True)):
            if cancelled is not None and cancelled():
                raise Cancelled()
            options = ExportOptions(progress=_scaled(progress, step, len(targets)), cancelled=cancelled)
            try:
                found = get_exporter(format_id).export(document, stage, options) or ()
            except BriefingError as exc:
                raise type(exc)(_as_target(line, stage, path) for line in exc.problems) from None
            warnings.extend(_as_target(line, stage, path) for line in found)
    if progress is not None:
        progress(len(targets) * _STEPS, len(targets) * _STEPS)
    return BuildResult(tuple(paths), tuple(dict.fromkeys(warnings)))


def _as_target(line: str, stage: Path, target: Path) -> str:
    """An exporter's message about the staging file, naming the file the user asked for."""
    return line.replace(str(stage), str(target))


def _scaled(progress: Progress | None, step: int, steps: int) -> Progress | None:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        share = done * _STEPS // total if total else 0
        progress(step * _STEPS + min(share, _STEPS), steps * _STEPS)
    return report


@contextlib.contextmanager
def _opened(library: LibraryStore | ItemSource | LibraryContent | None) -> Iterator[ItemSource | LibraryContent]:
    """The given library as it is, or the user's library, opened for this build and closed after."""
    if library is not None:
        yield library
        return
    from briefing.library import open_library

    store = open_library()
    try:
        yield store
    finally:
        store.close()


def resolve_formats(formats: str | Sequence[str] | None, out: str | os.PathLike[str] | None) -> tuple[str, ...]:
    """The formats to write: as given ('all' for every one), else from `out`'s extension, else all."""
    if formats is None:
        if out is None or Path(out).is_dir() or not Path(out).suffix:
            return FORMATS
        by_extension = {info.extension: fmt for fmt, info in REGISTRY.items()}
        suffix = Path(out).suffix.lower()
        if suffix not in by_extension:
            raise ValidationError(f"--out {out}: cannot tell the format from {quoted(suffix)} "
                                  f"(use {', '.join(i.extension for i in REGISTRY.values())}, "
                                  "a folder, or --format)")
        return (by_extension[suffix],)
    names = [formats] if isinstance(formats, str) else list(formats)
    if ALL in names:
        return FORMATS
    unknown = [name for name in names if name not in REGISTRY]
    if unknown:
        raise ValidationError(f"unknown format {quoted(unknown[0])} (use {', '.join(FORMATS)} or {ALL})")
    return tuple(fmt for fmt in FORMATS if fmt in names)


def plan_outputs(pack_path: str | os.PathLike[str], formats: str | Sequence[str] | None,
                 out: str | os.PathLike[str] | None) -> list[tuple[str, Path]]:
    """(format, path) for each file to write, by the rules of `--format` and `--out`.

    With one format `out` is the file (or an existing folder); with several it is a
    folder, created if missing. Files in a folder are named after the pack file; without
    `out` they go beside it.
    """
    pack_path = Path(pack_path)
    chosen = resolve_formats(formats, out)
    stem = pack_path.stem
    if out is None:
        return [(fmt, pack_path.with_name(stem + REGISTRY[fmt].extension)) for fmt in chosen]
    out = Path(out)
    if len(chosen) == 1 and not out.is_dir():
        return [(chosen[0], _single_file(out, chosen[0]))]
    if out.exists() and not out.is_dir():
        raise ValidationError(f"--out {out}: is a file; with several formats --out must be a folder")
    if not out.exists() and out.suffix.lower() in {info.extension for info in REGISTRY.values()}:
        raise ValidationError(f"--out {out}: looks like a file name, but with several formats "
                              "--out is a folder (or give one --format)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(f"--out {out}: cannot create the folder: {exc.strerror or exc}") from None
    return [(fmt, out / (stem + REGISTRY[fmt].extension)) for fmt in chosen]


def _single_file(out: Path, format_id: str) -> Path:
    extension = REGISTRY[format_id].extension
    others = {info.extension for fmt, info in REGISTRY.items() if fmt != format_id}
    if out.suffix.lower() in others:
        raise ValidationError(f"--out {out}: a {out.suffix} name for {format_id} output "
                              f"(name it {out.with_suffix(extension).name}, or leave out --format)")
    return out
