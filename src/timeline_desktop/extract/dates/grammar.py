"""Date patterns as data: each `[[date]]` entry of a language is compiled into one
alternative of the tagger's regex, and the words that can open a date are derived from them.

Scanning is the tagger's hot path. Instead of trying the combined regex at every position,
the grammar finds candidate positions (a digit run, or a word that can open a date) and
tries there only the patterns that can start that way: several times faster. Which words
open a date is read off the patterns themselves (`openers`), so a new pattern is one data
entry and never a second list to keep in step.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from timeline_desktop.extract.lexicon import Lexicon, trie
from timeline_desktop.extract.openings import openers_of

_GROUP = re.compile(r"\(\?P<([a-z_]+)>")
_GROUP_NAMES = frozenset(
    ("day", "month", "year", "era", "ad", "qual", "season", "number", "word", "first", "last")
) | {"feast", "roman", "end_day", "end_month"}


@dataclass(frozen=True, slots=True)
class DateSpec:
    """One date pattern: a named rule of the tagger."""

    name: str
    tag: str  # the name of its alternative in the combined regex ("d3")
    value: str  # the builder (dates.values.BUILDERS)
    source: str  # the regex, macros expanded, its groups renamed for the combined regex
    groups: dict[str, str]  # group name in the data -> name in the combined regex
    confidence: float | None = None
    description: str = ""
    examples: tuple[str, ...] = ()
    rejects: tuple[str, ...] = ()
    openers: frozenset[str] = field(default=frozenset())  # words a match can start with
    at_digit: bool = False  # whether a match can start with a digit
    digit_after: frozenset[str] = field(default=frozenset())  # openers a number must follow

    def get(self, m: re.Match[str], name: str) -> str | None:
        """Group `name` of a match of this pattern (None when absent or unmatched)."""
        key = self.groups.get(name)
        return m.group(key) if key is not None else None


def _spec(lex: Lexicon, i: int, entry: dict[str, Any]) -> DateSpec:
    name = entry["name"]
    raw = lex.expand(entry["pattern"])
    unknown = set(_GROUP.findall(raw)) - _GROUP_NAMES
    if unknown:
        raise ValueError(f"date pattern {name}: unknown groups {sorted(unknown)}")
    tag = f"d{i}"
    source = _GROUP.sub(lambda m: f"(?P<{tag}_{m.group(1)}>", raw)
    groups = {g: f"{tag}_{g}" for g in _GROUP.findall(raw)}
    words, digit, after = openers_of(raw)
    if not words and not digit:
        raise ValueError(f"date pattern {name} can start anywhere: open it with a word or number")
    return DateSpec(
        name=name,
        tag=tag,
        value=entry["value"],
        source=source,
        groups=groups,
        confidence=entry.get("confidence"),
        description=entry.get("description", ""),
        examples=tuple(entry.get("examples", ())),
        rejects=tuple(entry.get("rejects", ())),
        openers=frozenset(words),
        at_digit=digit,
        digit_after=frozenset(after),
    )


class DateGrammar:
    """The date patterns of one language, compiled (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.specs = [_spec(lex, i, e) for i, e in enumerate(lex.entries("date"))]
        if not self.specs:
            raise ValueError(f"{lex.code}: no [[date]] patterns")
        self.by_tag = {s.tag: s for s in self.specs}
        self.at_digit = _alternation([s for s in self.specs if s.at_digit])
        self.at_letter = _alternation([s for s in self.specs if s.openers])
        words = _minimal({w for s in self.specs for w in s.openers})
        # a word is followed by a number in every pattern it opens: look for the number too
        lookahead = {
            w for w in words if all(w in s.digit_after for s in self.specs if w in s.openers)
        }
        self.openers = sorted(words, key=len, reverse=True)
        opener = (
            "(?:"
            + "|".join(
                [f"{re.escape(w)}(?=\\s+\\d)" for w in sorted(lookahead)]
                + [trie([w for w in words if w not in lookahead])]
            )
            + ")"
        )
        self._opener_at = re.compile(opener)
        # Past the first character, every candidate starts with a digit or a non-word
        # character (the opener follows it), so the regex engine skips all other characters
        # without trying a pattern there. A digit starts a candidate when no digit precedes
        # it; group 1 spans an opener.
        self._candidate = re.compile(
            r"[\W0-9](?:(?<=[0-9])(?<![0-9]{2})|(?<=\W)(?=(" + opener + ")))"
        )

    def scan(self, text: str) -> Iterator[re.Match[str]]:
        """Matches of the patterns, left to right without overlaps, tried only where a date
        can start (`spec_of` tells which pattern matched).

        The candidates are those of `(?<![0-9])[0-9]|\\b<opener>` found left to right without
        overlaps; openers overlap only in "twenty-first", whose "first" is not tried alone.
        """
        last = 0
        at_digit, at_letter = self.at_digit.match, self.at_letter.match
        opener_end = 0
        first = self._opener_at.match(text)
        if first is not None:
            opener_end = first.end()
            m = at_letter(text, 0)
            if m is not None and m.end() > 0:
                last = m.end()
                yield m
        for c in self._candidate.finditer(text):
            pos, end = c.span(1)
            match = at_letter
            if pos < 0:
                pos = c.start()
                match = at_digit
            elif pos < opener_end:
                continue
            else:
                opener_end = end
            if pos < last:
                continue
            m = match(text, pos)
            if m is not None and m.end() > pos:
                last = m.end()
                yield m

    def spec_of(self, m: re.Match[str]) -> DateSpec:
        return self.by_tag[m.lastgroup or ""]


def _alternation(specs: list[DateSpec]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{s.tag}>{s.source})" for s in specs))


def _minimal(words: set[str]) -> set[str]:
    """The words no other word is a prefix of: a shorter opener finds the same places."""
    return {w for w in words if not any(o != w and w.startswith(o) for o in words)}
