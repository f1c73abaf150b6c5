"""Readers: one source file's bytes to the `Document` a reader of that file sees.

    read_file(path) -> Document          read_bytes(data, file_name, path="") -> Document
    SUPPORTED_SUFFIXES, MAX_BYTES        ReadError(path, reason): str() is "<file name>: <reason>"

Steps: check the suffix and size, decode (encoding.py), pick the format (detect.py), render
(text.py, html.py, markdown.py, wiki.py, csvchron.py). Anything wrong with the file raises
ReadError with a reason fit to show a user. Decoding repairs (a cut-off last character,
stray bytes in UTF-8 text) are logged on this module's logger and kept in
`Document.warnings` for the import report.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path, PurePath

from timeline_desktop.domain.model import Document
from timeline_desktop.ingest.readers.csvchron import read_csv
from timeline_desktop.ingest.readers.detect import SUPPORTED_SUFFIXES, detect_format
from timeline_desktop.ingest.readers.encoding import MAX_BYTES, decode, too_large_reason
from timeline_desktop.ingest.readers.errors import FormatError, ReadError
from timeline_desktop.ingest.readers.html import read_html
from timeline_desktop.ingest.readers.layout import title_from_file_name
from timeline_desktop.ingest.readers.markdown import read_markdown
from timeline_desktop.ingest.readers.rendered import Rendered
from timeline_desktop.ingest.readers.text import read_text
from timeline_desktop.ingest.readers.wiki import read_wiki

__all__ = ["MAX_BYTES", "SUPPORTED_SUFFIXES", "ReadError", "read_bytes", "read_file"]

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
        warnings=decoded.notes,
    )


def _check_suffix(where: str, name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        kind = f"file type '{suffix}'" if suffix else "file without a suffix"
        raise ReadError(where, f"unsupported {kind} (supported: {supported})")
    return suffix
