"""Bytes to text: refuse binaries, find the encoding, normalise newlines.

Order matters for speed and for correctness: BOMs are unambiguous, strict UTF-8 is fast and
almost never wrong when it succeeds, and statistical detection (legacy.py, built on
charset-normalizer) is the last resort for legacy encodings such as Windows-1252 or Latin-1.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from timeline_desktop.ingest.readers.errors import FormatError
from timeline_desktop.ingest.readers.legacy import guess_legacy

MB = 1024 * 1024
#: Largest file accepted, in bytes. Bigger files are almost never one readable source document
#: and would make the extractor and the text views sluggish.
MAX_BYTES = 20 * MB

_SAMPLE = 64 * 1024
#: Share of C0 control characters (other than tab, newlines, form feed, escape) above which
#: the bytes are treated as binary.
_MAX_CONTROL_RATIO = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1b") + b"\x7f"
# the same characters in text; a pattern counts them far faster than `str.translate`
_CONTROL_CHARS = re.compile("[" + re.escape(_CONTROL_BYTES.decode("ascii")) + "]")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

_CUT_OFF = ("unexpected end of data", "truncated data")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive, e.g. .docx, .odt or .epub"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x7fELF", "program"),
    (b"{\\rtf", "RTF document"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text with "\\n" newlines and no BOM, the codec name, and anything worth telling a user."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def too_large_reason(size: int) -> str:
    return f"file is too large ({size / MB:.1f} MB; the limit is {MAX_BYTES // MB} MB)"


def decode(data: bytes) -> Decoded:
    """Decode a text file's bytes, or raise FormatError saying why they are not text."""
    if len(data) > MAX_BYTES:
        raise FormatError(too_large_reason(len(data)))
    if not data.strip():
        raise FormatError("file is empty" + (" (only whitespace)" if data else ""))
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _finish(*_decode_exact(data, codec))
    if data.startswith(codecs.BOM_UTF8):
        body, label = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    else:
        body, label = data, "utf-8"
    if not body.strip():
        raise FormatError("file is empty (only a byte order mark)")
    _refuse_binary(body)
    if b"\x00" in body:
        utf16 = _utf16_without_bom(body)
        if utf16 is None:
            raise FormatError("looks like a binary file (it contains NUL bytes)")
        return _finish(*utf16)
    attempt = _utf8(body)
    if attempt is not None:
        text, notes = attempt
        return _finish(text, label, notes)
    return _finish(*_detect(body))


def _finish(text: str, encoding: str, notes: tuple[str, ...] = ()) -> Decoded:
    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalise_newlines(text)
    if not text.strip():
        raise FormatError("file is empty (only whitespace)")
    sample = text[:_SAMPLE]
    controls = sum(1 for _ in _CONTROL_CHARS.finditer(sample))
    if controls / len(sample) > _MAX_CONTROL_RATIO:
        raise FormatError("looks like a binary file (too many control characters)")
    return Decoded(text, encoding, notes)


def _refuse_binary(data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise FormatError(f"looks like a binary file ({kind})")
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    ratio = controls / len(sample)
    if ratio > _MAX_CONTROL_RATIO and b"\x00" not in sample:
        raise FormatError(f"looks like a binary file ({ratio:.0%} control characters)")


def _decode_exact(data: bytes, codec: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode with a BOM-declared codec; only a cut-off last character is forgiven."""
    try:
        return data.decode(codec), codec, ()
    except UnicodeDecodeError as err:
        if err.end == len(data) and err.reason in _CUT_OFF:
            text = data[: err.start].decode(codec)
            return text, codec, ("the last character was cut off and has been dropped",)
        raise FormatError(
            f"the file declares {codec.upper()} but is not valid {codec.upper()} "
            f"(bad bytes at offset {err.start})"
        ) from None


def _utf16_without_bom(data: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    """UTF-16 text without a BOM shows NULs in every other byte; anything else is binary."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    half = max(1, len(sample) // 2)
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    if odd > 0.3 and even < 0.02:
        codec = "utf-16-le"
    elif even > 0.3 and odd < 0.02:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec), codec, ()
    except UnicodeDecodeError:
        return None


def _utf8(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """Strict UTF-8, forgiving a cut-off final character and stray bytes in UTF-8 text.

    A file whose non-ASCII text is mostly valid UTF-8 is UTF-8, however long it is and however
    few characters it holds: its stray bytes (a copy-paste accident) become U+FFFD and are
    reported, rather than the whole file being re-read in a legacy code page ("Müller" ->
    "MĂĽller"). Returns None when the bytes are not mostly UTF-8 (no valid multi-byte
    character, or as many invalid sequences as valid ones), so that detection can take over.
    """
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    notes: list[str] = []
    stray = stray_bytes = 0
    first = -1
    pos = 0
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as err:
            parts.append(data[pos : pos + err.start].decode("utf-8"))
            bad_start, bad_end = pos + err.start, pos + err.end
            if bad_end == len(data) and err.reason in _CUT_OFF:
                # One lone trailing byte such as 0xE9 is as likely "é" in Windows-1252.
                if bad_end - bad_start < 2 and not _UTF8_MULTIBYTE.search(data):
                    return None
                notes.append("the last character was cut off and has been dropped")
                break
            stray += 1
            stray_bytes += bad_end - bad_start
            if first < 0:
                first = bad_start
            parts.append("\ufffd")
            pos = bad_end
    if stray:
        if not _mostly_utf8(data, stray):
            return None
        notes.insert(0, _stray_note(stray_bytes, first))
    return "".join(parts), tuple(notes)


def _mostly_utf8(data: bytes, stray: int) -> bool:
    """More valid multi-byte characters than invalid sequences: UTF-8 text with accidents."""
    found = _UTF8_MULTIBYTE.finditer(data)
    return any(valid > stray for valid, _ in enumerate(found, 1))


def _stray_note(count: int, first: int) -> str:
    what = "1 byte that is" if count == 1 else f"{count} bytes that are"
    return f"{what} not UTF-8 {'was' if count == 1 else 'were'} replaced (first at byte {first})"


def _detect(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    guess = guess_legacy(data)
    if guess is None:
        raise FormatError("cannot decode the text: it is not UTF-8 and no known encoding fits")
    return guess[0], guess[1], ()
