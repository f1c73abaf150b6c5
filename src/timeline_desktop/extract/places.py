"""Places where the text names them: "in Moscow", "at his dacha in Kuntsevo", card lines.

Only capitalised names after a locative preposition (or in a "1953 · Moscow, Soviet Union"
card line) count, and never a person, an organisation, a month or a function word: events
keep the places their sentence states, nothing is looked up.
"""

from __future__ import annotations

import re

from timeline_desktop.extract._shim import fold
from timeline_desktop.extract.legacy_words import FUNCTION_WORDS, MONTHS, THING_HEADS, WEEKDAYS
from timeline_desktop.extract.text import LETTER, UPPER, Mask

_NAME = rf"{UPPER}{LETTER}+(?:[ -](?:{UPPER}{LETTER}+|of|de|la|del|upon|on))*"
_LOCATIVE = re.compile(
    rf"\b(?:in|at|near|outside|inside|from|into|across|throughout|towards?)\s+"
    rf"(?:the\s+(?:city|town|village|fortress|port|island|province|region|river|battle)\s+of\s+)?"
    rf"(?P<p>{_NAME})"
)
_CARD = re.compile(r"^\s*[^\n·•|]{1,40}?\s*[·•|]\s*(?P<p>[^\n]{2,80})$", re.MULTILINE)
_NOT_PLACE = FUNCTION_WORDS | frozenset(MONTHS) | WEEKDAYS


def _clean(name: str) -> str | None:
    words = name.split()
    while words and words[-1] in ("of", "de", "la", "del", "upon", "on"):
        words.pop()
    if not words or fold(words[0]) in _NOT_PLACE:
        return None
    if any(fold(w) in THING_HEADS for w in words[-1:]) and len(words) > 1:
        return " ".join(words)  # "Edo Bay", "Montego Bay" are places too
    if fold(words[-1]) in THING_HEADS:
        return None
    return " ".join(words)


def find_places(
    text: str, mask: Mask, person_spans: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """(start, end, name) of every place the text names with a locative cue."""
    people = {s for s, _ in person_spans}
    out: list[tuple[int, int, str]] = []
    for m in _LOCATIVE.finditer(text):
        s, e = m.span("p")
        if s in people or mask.covers(s, e):
            continue
        name = _clean(m.group("p"))
        if name:
            out.append((s, s + len(name), name))
    first = text[:600]
    for m in _CARD.finditer(first):
        base = m.start("p")
        for part in re.finditer(r"[^,|]+", m.group("p")):
            name = _clean(part.group().strip())
            if name and not any(ch.isdigit() for ch in name):
                off = base + part.start() + (len(part.group()) - len(part.group().lstrip()))
                out.append((off, off + len(name), name))
    out.sort()
    return out
