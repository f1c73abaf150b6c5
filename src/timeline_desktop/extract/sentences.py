"""The sentences stage: non-blank lines, and sentences within them.

A line break ends a sentence (headings, list items and card lines are their own) unless the
text is hard-wrapped: a line of a wrapped paragraph that stops mid-sentence continues on the
next (see `paragraphs`). A full stop ends a sentence unless it ends an abbreviation, an
initial or an era ("44 B.C. was").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from timeline_desktop.extract.lexicon import Lexicon
from timeline_desktop.extract.text import UPPER

# one branch opening on the stops, so the regex engine skips to the next one (two branches
# each opening on them were tried at every character); only the longest run of stops and
# closers can be followed by either lookahead, so the matches are those of two branches
_BOUNDARY = re.compile(
    r"[.!?]+[\"”’'»)\]]*(?:(?=\s+[\"“‘«(\[]?(?:" + UPPER + r"|\d))|(?=\s*$))",
    re.MULTILINE,
)
_NEXT_WORD = re.compile(r"\s+(\w+)")
_FIRST_WORD = re.compile(r"\S+")
_ENDS_SENTENCE = re.compile(r"[.!?:][\"”’'»)\]]*$")
_LIST_ITEM = re.compile(r"(?:[-*•>#=|+]|\d{1,3}[.)]\s|[A-Za-z][.)]\s)")
_FIELD = re.compile(r"[^\n:]{1,40}?\s:\s")  # "Target Name   : VENUS", a catalogue field
_WRAP_MIN = 40  # a paragraph narrower than this is a list or a verse, not wrapped prose
_WRAP_MAX = 160  # wider lines are paragraphs of their own, not a wrapped one

Span = tuple[int, int]


class Sentences:
    """The sentence layer: (start, end) spans in text order, found by position."""

    __slots__ = ("spans", "starts")

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, i: int) -> Span:
        return self.spans[i]

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def index(self, pos: int) -> int:
        """Index of the last sentence starting at or before `pos` (-1 if none)."""
        return bisect.bisect_right(self.starts, pos) - 1

    def of(self, pos: int) -> Span | None:
        """The sentence holding `pos`, if any."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]:
            return self.spans[i]
        return None


class SentenceRules:
    """Abbreviations and sentence openers of one language (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.abbreviations = lex.words("abbreviations")
        self.era_abbreviations = lex.words("era_abbreviations")
        self.starters = lex.words("sentence_starters")

    def is_abbreviation(self, text: str, dot: int, line_start: int) -> bool:
        # the word before the dot: what `_WORD_BEFORE.search` finds in the 12 characters
        # before it, by a backward walk (an end-anchored search retries at every position)
        lo = max(line_start, dot - 12)
        k = dot
        while k > lo and (text[k - 1].isalnum() or text[k - 1] in "_."):
            k -= 1
        if k == dot:
            return False
        word = text[k:dot].lower().strip(".")
        if word in self.abbreviations:
            return True
        if word in self.era_abbreviations:
            nxt = _NEXT_WORD.match(text[dot + 1 : dot + 30])
            return not (nxt and nxt.group(1).lower() in self.starters)
        # An initial ("J. R. R. Tolkien") or a one-letter abbreviation.
        return len(word) == 1 and word.isalpha()


def lines(text: str) -> list[Span]:
    """(start, end) of every non-blank line, without surrounding whitespace."""
    out: list[Span] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        if raw and not raw[0].isspace() and not raw[-1].isspace():
            out.append((pos, end))  # most lines: nothing to strip, nothing to copy
        else:
            stripped = raw.strip()
            if stripped:
                s = pos + (len(raw) - len(raw.lstrip()))
                out.append((s, s + len(stripped)))
        pos = end + 1
    return out


def _continues(text: str, a: Span, b: Span, width: int) -> bool:
    """Whether line `a` of a wrapped paragraph runs on into line `b`: it stops without
    ending a sentence, and either `b` opens in lower case or `b`'s first word would not
    have fitted on `a` (the writer's tool wrapped it; a writer's own break leaves room).
    A word that would end `a` exactly at the widest line's end counts as not fitting: the
    widest line is the one limit seen, and a fill stops short of it as often as at it."""
    if not _WRAP_MIN <= width <= _WRAP_MAX or _ENDS_SENTENCE.search(text, a[1] - 4, a[1]):
        return False
    if _LIST_ITEM.match(text, b[0]) or _FIELD.match(text, b[0]) or _FIELD.match(text, a[0]):
        return False
    if text.count(" | ", *a) >= 2 or text.count(" | ", *b) >= 2:
        return False  # rows of a table are cells, not lines of a wrapped paragraph
    first = text[b[0]]
    if first.islower():
        return True
    word = _FIRST_WORD.match(text, b[0])
    size = word.end() - word.start() if word else 0
    return _column(text, a[1]) + 1 + size >= width


def _column(text: str, pos: int) -> int:
    return pos - (text.rfind("\n", 0, pos) + 1)


def paragraphs(text: str, line_spans: list[Span]) -> list[Span]:
    """The lines, with the lines of a hard-wrapped paragraph joined where a sentence runs
    on ("The launch occurred / October 18, 1989."): a paragraph's width is its longest
    line's end column."""
    out: list[Span] = []
    n = len(line_spans)
    i = 0
    while i < n:
        # a block: lines with only a line break (and blanks) between them
        j = i
        while j + 1 < n and "\n" not in text[line_spans[j][1] : line_spans[j + 1][0]].replace(
            "\n", "", 1
        ):
            j += 1
        if j == i:
            out.append(line_spans[i])
            i += 1
            continue
        width = max(_column(text, e) for _, e in line_spans[i : j + 1])
        start, end = line_spans[i]
        for k in range(i + 1, j + 1):
            nxt = line_spans[k]
            if _continues(text, line_spans[k - 1], nxt, width):
                end = nxt[1]
            else:
                out.append((start, end))
                start, end = nxt
        out.append((start, end))
        i = j + 1
    return out


def sentences(text: str, line_spans: list[Span], lex: Lexicon) -> Sentences:
    """Every sentence of the text (see the module docs)."""
    is_abbreviation = lex.compiled(SentenceRules).is_abbreviation
    out: list[Span] = []
    for ls, le in paragraphs(text, line_spans):
        start = ls
        for m in _BOUNDARY.finditer(text, ls, le):
            end = m.end()
            dot = m.start()
            if text[dot] == "." and is_abbreviation(text, dot, ls):
                continue
            s = start
            while s < end and text[s].isspace():  # the blanks after the last full stop
                s += 1
            if s < end:
                out.append((s, end))
            start = end
        while start < le and text[start].isspace():
            start += 1
        if start < le:
            out.append((start, le))
    return Sentences(out)
