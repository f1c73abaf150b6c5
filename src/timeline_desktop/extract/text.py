"""Text segmentation shared by the extractor: masked regions, lines, sentences, word folding.

Everything works on offsets into the original text, because evidence must point at the exact
characters a source says. Regexes are compiled once at import: the extractor must keep up
with hundreds of kilobytes a second.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ALPHABET_LIMIT = 0x0590  # Latin, Greek, Cyrillic, Armenian: the cased scripts of names


def _cased_class(upper: bool) -> str:
    chars = [
        chr(c)
        for c in range(0x41, _ALPHABET_LIMIT)
        if (chr(c).isupper() if upper else chr(c).islower()) and chr(c).isalpha()
    ]
    chars += [
        chr(c)
        for c in range(0x1E00, 0x2000)
        if (chr(c).isupper() if upper else chr(c).islower()) and chr(c).isalpha()
    ]
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


UPPER = _cased_class(True)
"""A regex character class of upper-case letters (Latin, Greek, Cyrillic and extensions)."""
LOWER = _cased_class(False)
LETTER = r"[^\W\d_]"

# Regions whose numbers and names are not statements about the past: markup, links, file
# names, footnotes and "(Author 123)" citations.
_MASK = re.compile(
    r"<ref[^>]*/>|<ref[^>]*>.*?</ref>|<[^<>\n]{1,200}>"
    r"|\[\[(?:File|Image|Category|Datei|Fichier):[^\]\n]*\]\]"
    r"|\{\{[^{}\n]*\}\}"
    r"|\[(?:O\.S\.|N\.S\.|Old Style|New Style)[^\]\n]{0,40}\]"
    r"|\((?:O\.S\.|N\.S\.|Old Style|New Style)[^)\n]{0,40}\)",
    re.DOTALL | re.IGNORECASE,
)
# Links, searched for only in texts that have one: a case-insensitive "http" is tried at
# every letter h, which made this the costliest part of the mask.
_URL = re.compile(r"https?://[^\s<>\"]+|\bwww\.[^\s<>\"]+", re.IGNORECASE)
_URL_HINTS = ("://", "www.", "WWW.")
# Publication metadata ("Published 9 November 2014.", "Retrieved 12 June 2021", "Last
# updated: 3 May 2020"): the date of the page, not of anything that happened. Only at the
# start of a line or sentence and capitalised, so "the book was published in 1859" stays.
_METADATA = re.compile(
    r"(?:^|(?<=[.|·•]\s))[ \t]*"
    r"(?:(?:First|Last)\s+(?:published|posted|updated|modified|revised)"
    r"|Published|Posted|Updated|Modified|Retrieved|Accessed|Filed|Revised|Archived)"
    r"(?:\s+(?:on|at))?:?[ \t]+(?=[^\n]{0,12}\d)[^\n.]{1,40}",
    re.MULTILINE,
)
_METADATA_HINTS = (
    "ublished", "osted", "pdated", "odified", "etrieved", "ccessed", "iled", "evised", "rchived",
)  # fmt: skip
# File names are found from their extension backwards: a token-start regex alone would be
# tried at every letter of the text.
_FILE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|svg|tiff?|webp|pdf|html?|php|aspx?|txt|docx?|csv)\b", re.I
)
_FILE_NAME = re.compile(
    r"[\w./-]+\.(?:jpe?g|png|gif|svg|tiff?|webp|pdf|html?|php|aspx?|txt|docx?|csv)\b", re.I
)
_FILE_CHAR = re.compile(r"[\w./-]")


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


CITATION = re.compile(
    r"\((?P<author>(?:" + UPPER + r"[\w'’.-]*\s+){0,3}" + UPPER + r"[\w'’.-]*)"
    r"(?:\s+et\s+al\.?)?,?\s+(?:p{1,2}\.\s*)?\d{1,4}[a-z]?"
    r"(?:\s*[,:]\s*(?:p{1,2}\.\s*)?\d+(?:[-–]\d+)?)?(?:[-–]\d{1,4})?\)"
)


_REFERENCES = re.compile(
    r"^[ \t]*(?:=+[ \t]*|#+[ \t]*|[*_]+)?(?:References|Notes|Sources|Bibliography|External links"
    r"|Further reading|Citations|Works cited|Footnotes|Literature)[ \t]*(?:=*[ \t]*$|[*_]*:)",
    re.MULTILINE,
)
_FOOTNOTE_LINE = re.compile(r"^[ \t]*\[\d{1,3}\][^\n]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Mask:
    """Sorted, non-overlapping regions to ignore; `covers` answers in O(log n)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def covers(self, start: int, end: int) -> bool:
        if not self.starts:
            return False
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return True
        j = bisect.bisect_left(self.starts, start)
        return j < len(self.starts) and self.starts[j] < end


def mask_of(text: str) -> tuple[Mask, list[tuple[int, int, str]]]:
    """Regions to ignore, and the citations found ("(Freeze 407)": author "Freeze")."""
    spans = [(m.start(), m.end()) for m in _MASK.finditer(text)]
    spans += _file_names(text)
    if any(h in text for h in _URL_HINTS):
        spans += [(m.start(), m.end()) for m in _URL.finditer(text)]
    if any(h in text for h in _METADATA_HINTS):
        spans += [(m.start(), m.end()) for m in _METADATA.finditer(text)]
    cites = [(m.start(), m.end(), m.group("author")) for m in CITATION.finditer(text)]
    spans += [(s, e) for s, e, _ in cites]
    refs = _REFERENCES.search(text)
    if refs and refs.start() > len(text) * 0.5:
        spans.append((refs.start(), len(text)))
    spans += [(m.start(), m.end()) for m in _FOOTNOTE_LINE.finditer(text)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return Mask(tuple(s for s, _ in merged), tuple(e for _, e in merged)), cites


# --- sentences -------------------------------------------------------------------------------

_BOUNDARY = re.compile(
    r"[.!?]+[\"”’'»)\]]*(?=\s+[\"“‘«(\[]?(?:" + UPPER + r"|\d))|[.!?]+[\"”’'»)\]]*(?=\s*$)",
    re.MULTILINE,
)
_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "c",
        "ca",
        "no",
        "nos",
        "vol",
        "vols",
        "p",
        "pp",
        "gen",
        "col",
        "capt",
        "lt",
        "sgt",
        "adm",
        "gov",
        "sen",
        "rev",
        "fr",
        "prof",
        "fig",
        "ed",
        "eds",
        "approx",
        "op",
        "cf",
        "al",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "u.s",
        "u.k",
        "u.n",
    ]
)
_ERA_ABBREV = frozenset(["b.c", "a.d", "b.c.e", "c.e"])
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, dot: int, line_start: int) -> bool:
    m = _WORD_BEFORE.search(text, max(line_start, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    if word in _ABBREV:
        return True
    if word in _ERA_ABBREV:
        nxt = re.match(r"\s+(\w+)", text[dot + 1 : dot + 30])
        return not (nxt and nxt.group(1).lower() in _SENTENCE_STARTERS)
    # An initial ("J. R. R. Tolkien") or a one-letter abbreviation.
    return len(word) == 1 and word.isalpha()


_SENTENCE_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "by",
        "after",
        "before",
        "during",
        "he",
        "she",
        "they",
        "it",
        "this",
        "that",
        "his",
        "her",
        "their",
        "its",
        "we",
        "i",
        "there",
        "however",
        "when",
        "while",
        "although",
        "as",
        "from",
        "with",
        "since",
        "until",
    ]
)


def lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, without surrounding whitespace."""
    out: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        stripped = raw.strip()
        if stripped:
            s = pos + (len(raw) - len(raw.lstrip()))
            out.append((s, s + len(stripped)))
        pos = end + 1
    return out


def sentences(text: str, line_spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """(start, end) of every sentence; a line break always ends a sentence."""
    out: list[tuple[int, int]] = []
    for ls, le in line_spans if line_spans is not None else lines(text):
        start = ls
        for m in _BOUNDARY.finditer(text, ls, le):
            end = m.end()
            dot = m.start()
            if text[dot] == "." and _is_abbreviation(text, dot, ls):
                continue
            seg = text[start:end]
            lead = len(seg) - len(seg.lstrip())
            if end - start - lead > 0:
                out.append((start + lead, end))
            start = end
        if start < le:
            seg = text[start:le]
            lead = len(seg) - len(seg.lstrip())
            if le - start - lead > 0:
                out.append((start + lead, le))
    return out


# --- folding ---------------------------------------------------------------------------------


@lru_cache(maxsize=131072)
def fold(word: str) -> str:
    """Case- and accent-insensitive form ("Chōshū" -> "choshu"); other scripts kept."""
    if word.isascii():
        return word.lower()
    text = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "'").lower()


def is_upper_initial(word: str) -> bool:
    return bool(word) and word[0].isupper()
