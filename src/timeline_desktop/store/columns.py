"""A column of strings that slices like the numpy arrays beside it.

The timeline's data are numpy arrays, filtered with boolean masks; a million titles as Python
strings would cost tens of megabytes of objects and seconds to build. `TextColumn` keeps them
as one UTF-8 buffer plus start/end offsets per row, so a mask or a reordering only moves
integers and a string is decoded when somebody reads it (a label, a tooltip).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

SEPARATOR = "\x1f"  # ASCII unit separator: never part of a title or a date


@dataclass(frozen=True, slots=True)
class TextColumn:
    data: bytes  # UTF-8 text of every row, back to back
    start: np.ndarray  # int64 byte offset of each row's text in `data`
    end: np.ndarray

    def __post_init__(self) -> None:
        for arr in (self.start, self.end):
            arr.flags.writeable = False

    @classmethod
    def from_strings(cls, strings: Iterable[str]) -> TextColumn:
        return cls.from_joined(SEPARATOR.join(s.replace(SEPARATOR, " ") for s in strings), None)

    @classmethod
    def from_joined(cls, joined: str | None, count: int | None) -> TextColumn:
        """Rows joined by SEPARATOR (as SQLite's group_concat gives them). `count` tells one
        empty row from none, which the joined text alone cannot."""
        data = (joined or "").encode("utf-8")
        if count == 0 or (count is None and not data):
            return cls.empty()
        seps = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord(SEPARATOR))
        start = np.concatenate(([0], seps + 1)).astype(np.int64)
        end = np.concatenate((seps, [len(data)])).astype(np.int64)
        if count is not None and len(start) != count:
            raise ValueError(f"expected {count} texts, found {len(start)}")
        return cls(data, start, end)

    @classmethod
    def empty(cls) -> TextColumn:
        return cls(b"", np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.start)

    def __getitem__(self, k: int) -> str:
        return self.data[self.start[k] : self.end[k]].decode("utf-8")

    def take(self, index: np.ndarray) -> TextColumn:
        """The rows picked by a boolean mask or an array of positions (as numpy indexing)."""
        if index.dtype == bool:
            index = np.flatnonzero(index)
        return TextColumn(self.data, self.start.take(index), self.end.take(index))

    def nonempty(self) -> np.ndarray:
        return self.end > self.start

    def tolist(self) -> list[str]:
        return [self[k] for k in range(len(self))]
