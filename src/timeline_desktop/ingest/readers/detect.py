"""Which reader a file needs: by suffix, with a look inside .txt files.

Wiki pages are often saved as .txt, and rendering their markup matters for readers and the
extractor. One stray "[[" or "==" in prose must not switch a plain text file to wiki, so the
decision needs several independent signals (see `wiki_score`).
"""

from __future__ import annotations

import re

FORMAT_BY_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",  # e-book chapters (EPUB) and XML-serialised pages
    ".md": "markdown",
    ".markdown": "markdown",
    ".wiki": "wiki",
    ".csv": "csv",
    ".tsv": "csv",
    # structured interchange files (read by `open_structured`, never as prose)
    ".json": "structured",
    ".timeline": "structured",
    ".xml": "structured",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(FORMAT_BY_SUFFIX)

#: Score at which a .txt file is read as wiki markup; see `wiki_score`.
WIKI_THRESHOLD = 4
_SAMPLE_CHARS = 200_000

_REF = re.compile(r"<ref[\s>/]", re.IGNORECASE)
_LINK = re.compile(r"\[\[[^\[\]\n]+\]\]")
_HEADING = re.compile(r"^(={2,6})[^=\n].*?\1[ \t]*$", re.MULTILINE)
_TEMPLATE = re.compile(r"\{\{[^{}\n]*\}\}|\{\{\s*(?:cite|infobox|reflist)", re.IGNORECASE)
_BOLD = re.compile(r"'''[^'\n]+'''")
_TABLE = re.compile(r"^\{\|", re.MULTILINE)
_CATEGORY = re.compile(r"\[\[\s*category\s*:", re.IGNORECASE)
_CHROME = re.compile(
    r"^\s*(?:jump to:?\s*navigation|navigation menu\s*$|retrieved from\s+\"?https?://)",
    re.IGNORECASE | re.MULTILINE,
)
_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def detect_format(suffix: str, text: str) -> str:
    """The reader format for a file with this (lower-case) suffix and decoded text."""
    fmt = FORMAT_BY_SUFFIX[suffix]
    if fmt == "text":
        if _HTML_START.match(text[:1000]):
            return "html"
        if looks_like_wiki(text):
            return "wiki"
    return fmt


def looks_like_wiki(text: str) -> bool:
    return wiki_score(text) >= WIKI_THRESHOLD


def wiki_score(text: str) -> int:
    """Points per kind of wiki markup found; one kind alone never reaches the threshold.

    <ref> footnotes 2 (3 if repeated), [[links]] 1 (2 if three or more), ==headings== 2,
    {{templates}} 1, '''bold''' 1, {| tables 1, [[Category:]] 1, copied page chrome
    ("Jump to: navigation", "Navigation menu", "Retrieved from http...") 1.
    """
    sample = text[:_SAMPLE_CHARS]
    refs = len(_REF.findall(sample))
    links = len(_LINK.findall(sample))
    score = (3 if refs > 1 else 2) if refs else 0
    score += (2 if links >= 3 else 1) if links else 0
    score += 2 if _HEADING.search(sample) else 0
    score += sum(
        1 for pattern in (_TEMPLATE, _BOLD, _TABLE, _CATEGORY, _CHROME) if pattern.search(sample)
    )
    return score
