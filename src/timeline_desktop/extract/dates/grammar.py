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

try:  # the regex parser of the standard library, to read what a pattern can start with
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11 named them sre_*
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_GROUP = re.compile(r"\(\?P<([a-z_]+)>")
_GROUP_NAMES = frozenset(
    ("day", "month", "year", "era", "ad", "qual", "season", "number", "word", "first", "last")
) | {"feast"}


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


# --- what a pattern can start with -----------------------------------------------------------

_DIGITS = frozenset("0123456789")
_REPEATS = tuple(
    getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n)
)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)

Item = tuple[Any, Any]


def openers_of(pattern: str) -> tuple[set[str], bool, set[str]]:
    """(words a match can start with, whether it can start with a digit, the words of those
    that blanks and a number always follow) for a regex.

    A "word" is a literal run a match can open with ("A." for "A\\.\\s?D\\."); runs in
    case-insensitive groups give their lower-case and capitalised forms. Raises ValueError
    for a pattern that can start with anything else (it would have to be tried everywhere).
    """
    words: set[str] = set()
    after: set[str] = set()
    found_digit = False

    def close(runs: set[str], following: list[Item]) -> None:
        for r in runs:
            if r:
                words.add(r)
                if _blank_then_digit(following):
                    after.add(r)

    def walk(items: list[Item], runs: set[str], nocase: bool, cont: list[Item]) -> set[str]:
        """Feed `items` (then `cont` follows) to the open literal runs; returns those still
        open after them ("" is the run that has read nothing yet)."""
        nonlocal found_digit
        for k, (op, av) in enumerate(items):
            if not runs:
                break
            rest = items[k + 1 :] + cont
            if op in _ZERO_WIDTH:
                continue
            if op == _c.LITERAL or (op == _c.IN and _literal_set(av) is not None):
                chars = [chr(av)] if op == _c.LITERAL else sorted(_literal_set(av) or ())
                if any(ch.isspace() for ch in chars):  # a word ends at a blank
                    close(runs, items[k:] + cont)
                    if "" in runs:
                        raise ValueError("a date pattern can start with a blank")
                    runs = set()
                    break
                runs = {x for r in runs for ch in chars for x in _cases(r, ch, nocase)}
            elif op == _c.SUBPATTERN:
                runs = walk(list(av[3]), runs, nocase or bool(av[1] & re.IGNORECASE), rest)
            elif op == getattr(_c, "ATOMIC_GROUP", None):
                runs = walk(list(av), runs, nocase, rest)
            elif op == _c.BRANCH:
                runs = set().union(*(walk(list(alt), runs, nocase, rest) for alt in av[1]))
            elif op in _REPEATS and av[1] == 1:  # optional: read once, or skip it
                once = walk(list(av[2]), runs, nocase, rest)
                runs = once | (runs if av[0] == 0 else set())
            else:  # a class, a repeated part or a backreference: the literal runs end here
                close(runs, items[k:] + cont)
                if "" in runs:
                    if _starts_digit(op, av):
                        found_digit = True
                    elif not (op in _REPEATS and av[0] == 0):
                        raise ValueError(f"a date pattern can start with {op}")
                optional = op in _REPEATS and av[0] == 0
                runs = runs if optional else set()
        return runs

    rest = walk(list(_sre_parse.parse(pattern)), {""}, False, [])
    if "" in rest:
        raise ValueError("a date pattern that can match nothing")
    close(rest, [])
    return words, found_digit, after


def _cases(run: str, ch: str, nocase: bool) -> list[str]:
    if nocase and not run and ch.lower() != ch.upper():
        return [ch.lower(), ch.upper()]
    return [run + (ch.lower() if nocase else ch)]


def _literal_set(av: list[Item]) -> set[str] | None:
    """The characters of a class that only lists characters ("[-–—]"), else None."""
    out: set[str] = set()
    for op, arg in av:
        if op != _c.LITERAL:
            return None
        out.add(chr(arg))
    return out


def _starts_digit(op: Any, av: Any) -> bool:
    if op == _c.IN:
        for kind, arg in av:
            if kind == _c.CATEGORY and arg == _c.CATEGORY_DIGIT:
                continue
            if kind == _c.RANGE and arg == (ord("0"), ord("9")):
                continue
            if kind == _c.LITERAL and chr(arg) in _DIGITS:
                continue
            return False
        return True
    if op == _c.LITERAL:
        return chr(av) in _DIGITS
    if op in _REPEATS:
        first = list(av[2])
        return bool(first) and _starts_digit(*first[0])
    if op == _c.SUBPATTERN:
        inner = list(av[3])
        return bool(inner) and _starts_digit(*inner[0])
    return False


def _blank_then_digit(items: list[Item]) -> bool:
    """Whether `items` open with one or more blanks and then a digit ("\\s+\\d")."""
    if len(items) < 2:
        return False
    (op, av), (nop, nav) = items[0], items[1]
    if op not in _REPEATS or av[0] < 1:
        return False
    sub = list(av[2])
    blank = (
        len(sub) == 1
        and sub[0][0] == _c.IN
        and list(sub[0][1]) == [(_c.CATEGORY, _c.CATEGORY_SPACE)]
    )
    return blank and _starts_digit(nop, nav)
