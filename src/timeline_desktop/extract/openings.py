"""What a regex can start with: the words (literal runs) a match can open with, and
whether it can open with a digit.

The date grammar tries its patterns only where a date can start, and the name rules try the
alias cue only where one can; both read those places off the patterns themselves, so a new
pattern never needs a hand-kept list beside it.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the regex parser of the standard library
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11 named them sre_*
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_DIGITS = frozenset("0123456789")
_REPEATS = tuple(
    getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n)
)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)

Item = tuple[Any, Any]


def openers_of(pattern: str, flags: int = 0) -> tuple[set[str], bool, set[str]]:
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

    nocase = bool(flags & re.IGNORECASE)
    rest = walk(list(_sre_parse.parse(pattern, flags)), {""}, nocase, [])
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
