"""Readers: one source file's bytes to the `Document` a reader of that file sees.

    read_file(path) -> Document          read_bytes(data, file_name, path="") -> Document
    SUPPORTED_SUFFIXES, MAX_BYTES        ReadError(path, reason): str() is "<file name>: <reason>"
    open_structured(path) -> Opened | None   structured files (chronologies), read as a stream

Steps: check the suffix and size, decode (encoding.py), pick the format (detect.py), render
(text.py, html.py, markdown.py, wiki.py, csvchron.py). Anything wrong with the file raises
ReadError with a reason fit to show a user. Decoding repairs (a cut-off last character,
stray bytes in UTF-8 text) are logged on this module's logger and kept in
`Document.warnings` for the import report.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

from timeline_desktop.domain.model import Document, Source
from timeline_desktop.ingest.readers.csvchron import open_chronology, read_csv
from timeline_desktop.ingest.readers.detect import SUPPORTED_SUFFIXES, detect_format
from timeline_desktop.ingest.readers.encoding import MAX_BYTES, decode, too_large_reason
from timeline_desktop.ingest.readers.errors import FormatError, ReadError
from timeline_desktop.ingest.readers.html import read_html
from timeline_desktop.ingest.readers.layout import title_from_file_name
from timeline_desktop.ingest.readers.markdown import read_markdown
from timeline_desktop.ingest.readers.rendered import Rendered
from timeline_desktop.ingest.readers.stream import open_lines
from timeline_desktop.ingest.readers.text import read_text
from timeline_desktop.ingest.readers.timelinejs import looks_like_timelinejs, read_timelinejs
from timeline_desktop.ingest.readers.timelinexml import looks_like_timeline_xml, read_timeline_xml
from timeline_desktop.ingest.readers.wiki import read_wiki
from timeline_desktop.ingest.structured import Chronology

ARCHIVE_FORMAT = "timeline-desktop/1"

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "Opened",
    "ReadError",
    "is_structured_path",
    "is_structured_source",
    "might_be_timeline",
    "open_structured",
    "read_bytes",
    "read_file",
]

log = logging.getLogger(__name__)

_READERS: dict[str, Callable[[str, str], Rendered]] = {
    "text": read_text,
    "html": read_html,
    "markdown": read_markdown,
    "wiki": read_wiki,
    "csv": read_csv,
}


def read_file(path: Path | str) -> Document:
    """Read a file from disk; the size is checked before anything is loaded."""
    path = Path(path)
    where = str(path.absolute())
    try:
        if path.is_dir():
            raise ReadError(where, "is a folder, not a file")
        size = path.stat().st_size
        _check_suffix(where, path.name)
        if size > MAX_BYTES:
            raise ReadError(where, too_large_reason(size))
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(where, "file not found") from None
    except PermissionError:
        raise ReadError(where, "permission denied") from None
    except OSError as err:
        raise ReadError(where, f"cannot read the file ({err.strerror or err})") from None
    return read_bytes(data, path.name, where)


def read_bytes(data: bytes, file_name: str, path: str = "") -> Document:
    """Turn a file's bytes into a Document; `file_name` picks the format by its suffix."""
    name = PurePath(file_name).name or file_name
    where = path or name
    suffix = _check_suffix(where, name)
    try:
        decoded = decode(data)
        for note in decoded.notes:
            log.warning("%s: %s", name, note)
        fmt = detect_format(suffix, decoded.text)
        if fmt == "structured":
            raise FormatError(
                "a timeline interchange file (TimelineJS, Timeline or a Timeline Desktop "
                "export): it is imported as events, not read as a document"
            )
        stem = title_from_file_name(name)
        if fmt == "csv":
            rendered = read_csv(decoded.text, stem, tab_separated=suffix == ".tsv")
        else:
            rendered = _READERS[fmt](decoded.text, stem)
    except FormatError as err:
        raise ReadError(where, str(err)) from err
    except Exception as err:  # a reader bug must fail this file, not the whole import
        log.exception("%s: unexpected error while reading", where)
        raise ReadError(where, f"could not be read ({type(err).__name__}: {err})") from err
    return Document(
        text=rendered.text,
        title=rendered.title,
        file_name=name,
        path=path,
        format=fmt,
        encoding=decoded.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        url=rendered.url,
        records=rendered.records,
        author=rendered.author,
        warnings=decoded.notes,
    )


def _check_suffix(where: str, name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        kind = f"file type '{suffix}'" if suffix else "file without a suffix"
        raise ReadError(where, f"unsupported {kind} (supported: {supported})")
    return suffix


# --- structured files -------------------------------------------------------------------------

_STRUCTURED_SUFFIXES = frozenset((".csv", ".tsv", ".json", ".timeline", ".xml"))
#: Source formats whose events come from the structured path (stated, not extracted).
STRUCTURED_FORMATS = frozenset(("csv", "timelinejs", "timeline"))
_SNIFF_BYTES = 4096


@dataclass(slots=True)
class Opened:
    """A structured file ready to store: a stream of entries, or one of our own archives."""

    chronology: Chronology | None
    sha256: str
    encoding: str
    archive: dict | None = None  # a parsed timeline-desktop/1 document


def is_structured_path(path: Path | str) -> bool:
    """Whether this file is read as a structured file, by its suffix (a .txt file may still
    turn out to be one: see `open_structured`)."""
    return PurePath(path).suffix.lower() in _STRUCTURED_SUFFIXES


_JSON_MARKS = (b'"events"', b'"timeline"', ARCHIVE_FORMAT.encode())
_PEEK_BYTES = 65_536


def might_be_timeline(path: Path) -> bool:
    """For files found in folders: whether a .json or .xml file looks like one of the timeline
    formats (other files of those types abound: settings, sitemaps). Others: True."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".xml"):
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(_PEEK_BYTES)
    except OSError:
        return True  # let the import say what is wrong with it
    if suffix == ".xml":
        return looks_like_timeline_xml(head)
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and any(
        mark in head for mark in _JSON_MARKS
    )


def is_structured_source(source: Source) -> bool:
    """Whether a stored source was imported as a structured file (re-extraction skips it)."""
    return source.format in STRUCTURED_FORMATS


def open_structured(path: Path | str) -> Opened | None:
    """A structured file's stream of entries (or archive), or None when the file is prose.

    Recognised by content: JSON is TimelineJS or timeline-desktop/1 whatever its name, XML
    with a <timeline> root is a Timeline file, and a .txt file holding either is read as
    one. Chronologies (.csv, .tsv) are read line by line, so their size is not bound by
    MAX_BYTES. Raises ReadError naming the file when it cannot be read.
    """
    path = Path(path)
    where = str(path.absolute())
    suffix = path.suffix.lower()
    if path.is_dir() or suffix not in _STRUCTURED_SUFFIXES | {".txt"}:
        return None
    try:
        if suffix in (".csv", ".tsv"):
            text = open_lines(path)
            for note in text.notes:
                log.warning("%s: %s", path.name, note)
            chronology = open_chronology(
                text.lines, title_from_file_name(path.name), text.encoding, suffix == ".tsv"
            )
            chronology.notes = list(text.notes)
            return Opened(chronology, text.sha256, text.encoding)
        if suffix == ".txt":
            with path.open("rb") as fh:
                head = fh.read(_SNIFF_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
            if not (
                head.startswith(b"{") or head.startswith(b"<?xml") or head.startswith(b"<timeline")
            ):
                return None
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(where, too_large_reason(size))
        data = path.read_bytes()
        return _open_document(data, path.name, suffix)
    except FileNotFoundError:
        raise ReadError(where, "file not found") from None
    except PermissionError:
        raise ReadError(where, "permission denied") from None
    except FormatError as err:
        raise ReadError(where, str(err)) from err
    except OSError as err:
        raise ReadError(where, f"cannot read the file ({err.strerror or err})") from None


def _open_document(data: bytes, name: str, suffix: str) -> Opened | None:
    """JSON or XML interchange files, held whole (they are small)."""
    sha = hashlib.sha256(data).hexdigest()
    stem = title_from_file_name(name)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        if not looks_like_timeline_xml(stripped):
            if suffix == ".txt":
                return None
            raise FormatError("an XML file, but not a Timeline file (no <timeline> element)")
        chronology = read_timeline_xml(data, stem, "utf-8")
        return Opened(chronology, sha, "utf-8")
    decoded = decode(data)
    try:
        parsed = json.loads(decoded.text)
    except ValueError as exc:
        if suffix == ".txt":
            return None
        raise FormatError(f"not valid JSON ({exc})") from None
    if isinstance(parsed, dict) and parsed.get("format") == ARCHIVE_FORMAT:
        return Opened(None, sha, decoded.encoding, archive=parsed)
    if looks_like_timelinejs(parsed):
        chronology = read_timelinejs(parsed, stem, decoded.encoding)
        chronology.notes = list(decoded.notes)
        return Opened(chronology, sha, decoded.encoding)
    if suffix == ".txt":
        return None
    raise FormatError(
        'a JSON file, but neither TimelineJS (an "events" list) nor a Timeline Desktop '
        f'export ("format": "{ARCHIVE_FORMAT}")'
    )
