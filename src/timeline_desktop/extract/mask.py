"""The mask stage: regions whose numbers and names are not statements about the past.

Markup, links, file names, footnotes, "(Author 123)" citations, publication metadata, the
header of a plain-text table and a closing reference section are masked: later stages skip
dates and names inside them. The citations are kept too, because their authors are not
people of the story.
"""

from __future__ import annotations

import re

from timeline_desktop.extract.lexicon import Lexicon, load
from timeline_desktop.extract.text import Mask

# Links, searched for only in texts that have one: a case-insensitive "http" is tried at
# every letter h, which made this the costliest part of the mask.
_URL = re.compile(r"https?://[^\s<>\"]+|\bwww\.[^\s<>\"]+", re.IGNORECASE)
_URL_HINTS = ("://", "www.", "WWW.")
# File names are found from their extension backwards: a token-start regex alone would be
# tried at every letter of the text.
_FILE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|svg|tiff?|webp|pdf|html?|php|aspx?|txt|docx?|csv)\b", re.I
)
_FILE_NAME = re.compile(
    r"[\w./-]+\.(?:jpe?g|png|gif|svg|tiff?|webp|pdf|html?|php|aspx?|txt|docx?|csv)\b", re.I
)
_FILE_CHAR = re.compile(r"[\w./-]")
_FOOTNOTE_LINE = re.compile(r"^[ \t]*\[\d{1,3}\][^\n]*$", re.MULTILINE)
# the rule under a plain-text table's header: dashes in two or more columns
_TABLE_RULE = re.compile(r"^[ \t]*[-=]{3,}(?:[ \t]{2,}[-=]{3,})+[ \t]*$", re.MULTILINE)
_HEADER_LINES = 4  # lines a table's header may take above its rule

Citation = tuple[int, int, str]
"""(start, end, author) of a citation such as "(Freeze 407)"."""


class MaskRules:
    """The mask's patterns in one language (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.markup = lex.pattern("markup", re.DOTALL | re.IGNORECASE)
        self.metadata = lex.pattern("metadata", re.MULTILINE)
        self.metadata_hints = lex.ordered("metadata_hints")
        self.citation = lex.pattern("citation")
        self.references = lex.pattern("references", re.MULTILINE)
        self.author_year = lex.pattern("author_year")
        self.author_before = lex.pattern("author_before")
        self.bibliography_line = lex.pattern("bibliography_line", re.MULTILINE)
        self.publisher_hints = lex.ordered("publisher_hints")


def _file_names(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    last = 0
    for m in _FILE_EXT.finditer(text):
        s = m.start()
        while s > last and _FILE_CHAR.match(text, s - 1):
            s -= 1
        f = _FILE_NAME.match(text, s)
        if f is not None and f.end() > last:
            out.append((s, f.end()))
            last = f.end()
    return out


def _author_years(text: str, rules: MaskRules) -> list[Citation]:
    """ "Langdon (1896) records three crosses": the author and year of a cited work."""
    out: list[Citation] = []
    for m in rules.author_year.finditer(text):
        a = rules.author_before.search(text, max(0, m.start() - 60), m.start())
        if a is not None:
            out.append((a.start("author"), m.end(), a.group("author")))
    return out


def _table_header(text: str, rule: int) -> tuple[int, int]:
    """The header above a plain-text table's rule ("Name   Date   Distance / (km) (1979)
    (km)"): column names, whose numbers (a year the columns are in, units) are no
    statements. It runs up from the rule to a blank line, at most a few lines."""
    start = rule
    for _ in range(_HEADER_LINES):
        prev = text.rfind("\n", 0, max(0, start - 1))
        line = text[prev + 1 : start - 1] if start > 0 else ""
        if not line.strip():
            break
        start = prev + 1
    return start, rule


def mask_of(text: str, lex: Lexicon | None = None) -> tuple[Mask, list[Citation]]:
    """Regions to ignore, and the citations found ("(Freeze 407)": author "Freeze");
    English unless `lex` is given."""
    rules = (lex or load()).compiled(MaskRules)
    spans = [(m.start(), m.end()) for m in rules.markup.finditer(text)]
    spans += _file_names(text)
    if any(h in text for h in _URL_HINTS):
        spans += [(m.start(), m.end()) for m in _URL.finditer(text)]
    if any(h in text for h in rules.metadata_hints):
        spans += [(m.start(), m.end()) for m in rules.metadata.finditer(text)]
    cites = [(m.start(), m.end(), m.group("author")) for m in rules.citation.finditer(text)]
    if "(" in text:
        cites += _author_years(text, rules)
    if any(h in text for h in rules.publisher_hints):
        spans += [(m.start(), m.end()) for m in rules.bibliography_line.finditer(text)]
    spans += [(s, e) for s, e, _ in cites]
    refs = rules.references.search(text)
    if refs and refs.start() > len(text) * 0.5:
        spans.append((refs.start(), len(text)))
    spans += [(m.start(), m.end()) for m in _FOOTNOTE_LINE.finditer(text)]
    if "---" in text or "===" in text:
        spans += [_table_header(text, m.start()) for m in _TABLE_RULE.finditer(text)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return Mask(tuple(s for s, _ in merged), tuple(e for _, e in merged)), cites
