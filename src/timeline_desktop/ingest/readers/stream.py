"""Text files read line by line, for structured files too large to hold as one document.

A file up to `MAX_BYTES` is decoded whole, with every repair `encoding.decode` makes. A
larger one (a chronology of a million rows) gets its encoding from its first megabyte and
is decoded as it is read, so memory stays flat whatever its size; bytes that do not decode
become U+FFFD and are counted in a note.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from timeline_desktop.ingest.readers.encoding import (
    MAX_BYTES,
    MB,
    _refuse_binary,
    _utf16_without_bom,
    decode,
)
from timeline_desktop.ingest.readers.errors import FormatError
from timeline_desktop.ingest.readers.legacy import guess_legacy

#: Largest structured file accepted (a chronology is imported row by row, not held whole).
MAX_STRUCTURED_BYTES = 2048 * MB
_SAMPLE_BYTES = MB
_READ_CHUNK = 4 * MB


@dataclass(slots=True)
class TextLines:
    """A text file's lines (without newline characters), its codec and its hash."""

    lines: Iterator[str]
    encoding: str
    sha256: str
    size: int
    notes: list[str] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def iter_lines(text: str) -> Iterator[str]:
    """The lines of an already decoded text ("\\n" newlines), without copying it as a list."""
    start = 0
    end = len(text)
    while start < end:
        stop = text.find("\n", start)
        if stop < 0:
            yield text[start:]
            return
        yield text[start:stop]
        start = stop + 1


def open_lines(path: Path) -> TextLines:
    """Open a text file for reading line by line; raises FormatError for non-text files."""
    size = path.stat().st_size
    if size > MAX_STRUCTURED_BYTES:
        raise FormatError(
            f"file is too large ({size / MB:.0f} MB; the limit for chronologies is "
            f"{MAX_STRUCTURED_BYTES // MB} MB)"
        )
    if size <= MAX_BYTES:
        data = path.read_bytes()
        decoded = decode(data)
        return TextLines(
            iter_lines(decoded.text),
            decoded.encoding,
            hashlib.sha256(data).hexdigest(),
            size,
            list(decoded.notes),
        )
    sha = file_sha256(path)
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE_BYTES)
    codec = _sample_codec(sample)
    return TextLines(_decoded_lines(path, codec), codec, sha, size)


def _sample_codec(sample: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
        (codecs.BOM_UTF8, "utf-8-sig"),
    ):
        if sample.startswith(bom):
            return codec
    _refuse_binary(sample)
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample[: len(sample) - len(sample) % 2])
        if utf16 is None:
            raise FormatError("looks like a binary file (it contains NUL bytes)")
        return utf16[1]
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as err:
        if err.end >= len(sample) - 3:  # a character cut by the end of the sample
            return "utf-8"
    guess = guess_legacy(sample)
    if guess is None:
        raise FormatError("cannot decode the text: it is not UTF-8 and no known encoding fits")
    return guess[1]


def _decoded_lines(path: Path, codec: str) -> Iterator[str]:
    with io.open(path, encoding=codec, errors="replace", newline=None) as fh:  # noqa: UP020
        first = True
        for line in fh:
            if first:
                line = line.lstrip("\ufeff")
                first = False
            yield line[:-1] if line.endswith("\n") else line
