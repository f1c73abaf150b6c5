"""Patterns that open on a word boundary and a list of words, rewritten to open on a letter.

`\\b(?:took|taking|adopted)\\s+...` is how a pattern naturally says "one of these words".
Python's regex engine, though, can skip ahead quickly only to a position where a literal
or a set of characters may start a match; a leading `\\b` hides the words' first letters
from it, so it tries the boundary and every word at every position of the text. Written as

    [at](?<!\\w.)(?:(?<=t)(?:ook|aking)|(?<=a)(?:dopted))\\s+...

the engine skips to the next `t` or `a`, then checks that no word character stands before
it (what `\\b` said) and which words go on from that letter. The matches, spans and groups
are the same: only alternatives with the same first letter can match at one place, and
they keep their order. `Lexicon.pattern` compiles every pattern of this shape so; a
pattern of another shape (an alternative opening on a class or an escape, letters that
differ only in case under IGNORECASE) is left as it is written.
"""

from __future__ import annotations

import re
from itertools import pairwise

_OPENING = re.compile(r"\\b\((\?:)?")


def opening_on_letters(source: str, flags: int = 0) -> str:
    """`source` rewritten to open on its words' first letters (see the module docs), or
    `source` itself when it is not `\\b(?:word|word...)rest`, `\\b(word|...)rest` or
    `\\bword rest`."""
    if source.startswith("\\b") and _opens_on_letter(source[2:]):
        return f"{source[2]}(?<!\\w.){source[3:]}"  # one word: "\\bthe\\s+..."
    m = _OPENING.match(source)
    if m is None:
        return source
    group = _group(source, m.end())
    if group is None:
        return source
    close, bars = group
    cuts = [m.end() - 1, *bars, close]
    alternatives = [source[a + 1 : b] for a, b in pairwise(cuts)]
    if not all(_opens_on_letter(a) for a in alternatives):
        return source
    by_letter: dict[str, list[str]] = {}
    for a in alternatives:
        by_letter.setdefault(a[0], []).append(a[1:])
    letters = "".join(by_letter)
    if flags & re.IGNORECASE and len(set(letters.lower())) < len(letters):
        return source  # "He" and "he" could both match at one place: keep their order
    words = "|".join(f"(?<={c})(?:{'|'.join(rests)})" for c, rests in by_letter.items())
    opened = f"[{letters}](?<!\\w.)(?:{words})"
    if m.group(1) is None:  # a capturing group holds the whole word, first letter too
        opened = f"({opened})"
    return opened + source[close + 1 :]


def _opens_on_letter(alternative: str) -> bool:
    """Whether an alternative opens on a letter that is not made optional or repeated."""
    return (
        alternative[:1].isascii()
        and alternative[:1].isalpha()
        and alternative[1:2] not in ("?", "*", "+", "{")
    )


def _group(source: str, start: int) -> tuple[int, list[int]] | None:
    """For the group whose body begins at `start`: where it closes and where its own `|`
    stand (not those of groups or classes inside it); None when it does not close."""
    depth, bars, i = 1, [], start
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(source, i)
            if i < 0:
                return None
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i, bars
        elif c == "|" and depth == 1:
            bars.append(i)
        i += 1
    return None


def _class_end(source: str, start: int) -> int:
    """Where the character class opening at `start` closes, or -1."""
    i = start + 1
    if source[i : i + 1] == "^":
        i += 1
    if source[i : i + 1] == "]":
        i += 1  # a "]" first in a class is a character
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "]":
            return i
        i += 1
    return -1
