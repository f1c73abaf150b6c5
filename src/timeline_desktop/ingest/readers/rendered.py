"""What every format module returns: the text a reader sees plus what was found about it."""

from __future__ import annotations

from dataclasses import dataclass

from timeline_desktop.domain.model import StructuredRecord


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    title: str
    url: str | None = None
    records: tuple[StructuredRecord, ...] = ()
    author: str = ""  # whom the metadata names as the author (one person, else "")
