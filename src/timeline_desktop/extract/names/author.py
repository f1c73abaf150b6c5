"""The narrator of a first-person text, when the document says who wrote it.

A diary's or a memoir's "I" is its author: the one the file's metadata names (an HTML
`<meta name="author">`, a Dublin Core creator, a Markdown front matter's `author:`, kept by
the readers as `Document.author`), else the one its title names ("The Diary of Ann Lisle",
"Ann Lisle's Journal"). With no such evidence the "I" stays unnamed: a guess would put a
stranger in every event of the text.
"""

from __future__ import annotations

import re

from timeline_desktop.domain.model import Document
from timeline_desktop.extract.lexicon import Lexicon

_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*")


class AuthorWords:
    """The title patterns that name a narrator (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.titled = lex.pattern("narrator_title")


def narrator_name(document: Document | None, lex: Lexicon) -> str:
    """The person a first-person text's "I" is, as its metadata or title names them; ""."""
    if document is None:
        return ""
    name = " ".join(document.author.split())
    if not name:
        m = lex.compiled(AuthorWords).titled.search(document.title or "")
        name = " ".join((m.group("name") or m.group("name2")).split()) if m else ""
    return name if _personal(name) else ""


def _personal(name: str) -> bool:
    """Whether `name` can be one person's name: two to five capitalised words ("Ann Lisle",
    "Samuel Pepys"), no list ("A and B", "A, B"), no address or number."""
    words = name.split()
    if not 2 <= len(words) <= 5 or any(c in name for c in ",;&@/:0123456789"):
        return False
    return all(_NAME_WORD.fullmatch(w) or w in ("de", "van", "von", "da", "di") for w in words)
