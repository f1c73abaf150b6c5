"""The one error a reader raises, so callers can show "<file>: <reason>" to the user."""

from __future__ import annotations

import os
from pathlib import PurePath


class ReadError(Exception):
    """A file could not be turned into a document; `reason` says why in plain words."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(self.path, reason)

    @property
    def file_name(self) -> str:
        return PurePath(self.path).name or self.path

    def __str__(self) -> str:
        return f"{self.file_name}: {self.reason}"


class FormatError(ValueError):
    """Raised inside the format modules, which do not know the path; turned into ReadError."""
