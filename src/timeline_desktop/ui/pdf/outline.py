"""PDF bookmarks (the outline) added after Qt has written the file.

Why a post-processing step: QPdfWriter (Qt 6.12) has no API for outlines or named
destinations, and the issue rules out hand-written PDF syntax. `pypdf` (pure Python, BSD,
maintained) appends the outline as an incremental update, so Qt's page content streams are
copied untouched rather than parsed and rewritten; that keeps it fast for long dossiers.
Without pypdf the dossier is still complete, only without bookmarks (`add_outline` says so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Mark:
    """One bookmark: a title, a page (0-based) and the height on it (points from the top)."""

    title: str
    page: int
    top: float
    children: list[Mark] = field(default_factory=list)


def pypdf_available() -> bool:
    try:
        import pypdf  # noqa: F401
    except ImportError:
        return False
    return True


def add_outline(
    src: Path,
    out: Path,
    marks: Sequence[Mark],
    page_height: float,
    metadata: Mapping[str, str] = (),  # type: ignore[assignment]
) -> int:
    """Write `src` plus an outline of `marks` to `out`; returns the number of entries written
    (0 when pypdf is missing, in which case `src` is copied as it is)."""
    try:
        from pypdf import PdfWriter
        from pypdf.generic import Fit
    except ImportError:
        src.replace(out)
        return 0
    writer = PdfWriter(str(src), incremental=True)
    count = 0

    def add(mark: Mark, parent: object | None) -> None:
        nonlocal count
        item = writer.add_outline_item(
            title=mark.title,
            page_number=mark.page,
            parent=parent,  # type: ignore[arg-type]
            fit=Fit.xyz(left=0, top=max(page_height - mark.top + 6, 0), zoom=None),
        )
        count += 1
        for child in mark.children:
            add(child, item)

    for mark in marks:
        add(mark, None)
    writer.page_mode = "/UseOutlines"
    if metadata:
        writer.add_metadata(dict(metadata))
    # never write over `out` in place: a full disk would leave neither the old file nor a
    # whole new one
    done = out.with_name(out.name + ".outline.part")
    try:
        with done.open("wb") as fh:
            writer.write(fh)
        done.replace(out)
    except BaseException:
        done.unlink(missing_ok=True)
        raise
    src.unlink(missing_ok=True)
    return count
