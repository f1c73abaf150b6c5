"""Shared helpers for the rendering readers: building readable text, titles and source URLs.

HTML, Markdown and wiki markup all become the same kind of text: one line per paragraph,
heading or list item, at most one blank line between blocks, no trailing spaces.
"""

from __future__ import annotations

import re
from pathlib import PurePath

_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")


class TextBuilder:
    """Accumulates rendered text; blocks ask for line breaks, inline text collapses spaces.

    Inline text is buffered and its whitespace collapsed once per run (cheap for big pages).
    A pending break is only written when more text follows, so empty elements leave no
    blank lines behind, and a list-item prefix sticks to the first text of its item.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._run: list[str] = []  # inline text not yet written
        self._pending = 0
        self._prefix = ""
        self._newlines = 2  # the start of the text counts as the start of a paragraph

    def block(self, blank_line: bool = False) -> None:
        """Start a new line (or a new paragraph) before the next text."""
        if self._run:
            self._commit()
        self._pending = max(self._pending, 2 if blank_line else 1)

    def item(self, prefix: str) -> None:
        """Start a list item: a new line that begins with `prefix` (e.g. "• ")."""
        self.block()
        self._prefix = prefix

    def line_break(self) -> None:
        """A forced line break (<br>, a Markdown hard break)."""
        if self._run:
            self._commit()
        if self._parts:
            self._flush()
            self._append("\n")

    def inline(self, text: str) -> None:
        """Running text: whitespace runs become one space, none at either end of a line."""
        self._run.append(text)

    def literal(self, text: str) -> None:
        """Text whose spacing matters (preformatted blocks, code)."""
        if self._run:
            self._commit()
        if text:
            self._flush()
            self._append(text)

    def text(self) -> str:
        if self._run:
            self._commit()
        return tidy("".join(self._parts))

    def _commit(self) -> None:
        words = "".join(self._run).split()
        self._run.clear()
        if words:
            self._flush()
            self._append(" ".join(words))

    def _flush(self) -> None:
        if self._pending and self._parts:
            missing = self._pending - self._newlines
            if missing > 0:
                self._append("\n" * missing)
        self._pending = 0
        if self._prefix:
            prefix, self._prefix = self._prefix, ""
            self._append(prefix)

    def _append(self, text: str) -> None:
        self._parts.append(text)
        stripped = text.rstrip("\n")
        if stripped:
            self._newlines = len(text) - len(stripped)
        else:
            self._newlines += len(text)


def tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, no blank lines at either end."""
    text = _TRAILING_SPACE.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n") + "\n")
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def word_set(words: str) -> frozenset[str]:
    """A set of names written as one space-separated string (keeps long tables compact)."""
    return frozenset(words.split())


# --- titles and source URLs ------------------------------------------------------------------

MAX_TITLE_CHARS = 150
_EDGE_LINES = 5

_SOURCE_LINE = re.compile(r"^\s*(?:source|url)\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"'\]\[)(]+", re.IGNORECASE)
_DOMAIN = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?P<tld>[a-z]{2,24})(?:[/?#]\S*)?$",
    re.IGNORECASE,
)
# A bare "name.word" is only taken for a web address when the last part is a real top-level
# domain, so "Source: St.Petersburg" stays text while "Source: www.britannica.com" is a URL.
_GENERIC_TLDS = word_set(
    "com org net edu gov mil int info biz name pro museum aero coop io app dev blog news "
    "online site wiki history media press world academy eu asia travel"
)


def title_from_file_name(name: str) -> str:
    """A readable fallback title: "french-revolution_notes.csv" -> "French revolution notes"."""
    stem = PurePath(name).stem
    words = " ".join(re.sub(r"[-_.]+", " ", stem).split())
    return (words[:1].upper() + words[1:]) or stem


def first_line_title(text: str, fallback: str) -> str:
    """The first non-empty line when it is short enough to be a title, else `fallback`."""
    for line in text.split("\n", 50)[:50]:
        line = collapse_spaces(line)
        if line:
            return line if len(line) < MAX_TITLE_CHARS else fallback
    return fallback


def edge_lines(text: str, count: int = _EDGE_LINES) -> list[str]:
    """The first and last `count` non-empty lines (without reading a big text twice)."""
    head = [ln for ln in text[:20_000].split("\n") if ln.strip()][:count]
    tail = [ln for ln in text[-20_000:].split("\n") if ln.strip()][-count:]
    return head + [ln for ln in tail if ln not in head]


def url_from_source_value(value: str) -> str | None:
    """The URL a "Source:" value names: an http(s) URL as written, or a bare domain.

    A bare domain ("www.britannica.com", "en.wikipedia.org/wiki/X") gets "https://" so the
    result can be opened; any other text (a book, an author) is not a URL and gives None.
    """
    found = _URL.search(value)
    if found:
        return _trim_url(found.group())
    candidate = value.strip().strip("<>()[]").rstrip(".,;")
    match = _DOMAIN.match(candidate)
    if match and (len(match["tld"]) == 2 or match["tld"].lower() in _GENERIC_TLDS):
        return "https://" + candidate
    return None


def source_url(lines: list[str], any_url: bool = True) -> str | None:
    """The URL of a "Source: ..." line, else (with `any_url`) the first http(s) URL in `lines`.

    Rendered formats pass any_url=False: there a URL in the text is usually a citation's.
    """
    for line in lines:
        match = _SOURCE_LINE.match(line)
        if match:
            url = url_from_source_value(match.group(1))
            if url:
                return url
    for line in lines if any_url else ():
        found = _URL.search(line)
        if found:
            return _trim_url(found.group())
    return None


def _trim_url(url: str) -> str:
    return url.rstrip(".,;:!?'\"")
