"""The places stage: places where the text names them ("in Moscow", "at his dacha in
Kuntsevo", card lines).

Only capitalised names after a locative preposition (or in a "1953 · Moscow, Soviet Union"
card line) count, and never a person, an organisation, a month or a function word: events
keep the places their sentence states, nothing is looked up.
"""

from __future__ import annotations

import re

from timeline_desktop.extract.lexicon import Lexicon
from timeline_desktop.extract.text import Mask

_CARD = re.compile(r"^\s*[^\n·•|]{1,40}?\s*[·•|]\s*(?P<p>[^\n]{2,80})$", re.MULTILINE)
_CARD_PART = re.compile(r"[^,|]+")
_CARD_REACH = 600  # a card header opens the text

Place = tuple[int, int, str]
"""(start, end, name) of a place named in the text."""


class PlaceWords:
    """The place rules' words in one language (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.fold = lex.fold
        self.locative = lex.pattern("locative")
        self.particles = lex.ordered("place_name_particles")
        self.thing_heads = lex.words("thing_heads")
        months = frozenset(lex.groups("months"))
        self.not_place = lex.words("function_words") | months | lex.words("weekdays")

    def clean(self, name: str) -> str | None:
        """The place a locative run names, without trailing particles; None for a thing."""
        fold = self.fold
        words = name.split()
        while words and words[-1] in self.particles:
            words.pop()
        if not words or fold(words[0]) in self.not_place:
            return None
        last = fold(words[-1]) in self.thing_heads
        if last and len(words) > 1:
            return " ".join(words)  # "Edo Bay", "Montego Bay" are places too
        if last:
            return None
        return " ".join(words)


def find_places(
    text: str, mask: Mask, person_spans: list[tuple[int, int]], lex: Lexicon
) -> list[Place]:
    """(start, end, name) of every place the text names with a locative cue."""
    w = lex.compiled(PlaceWords)
    people = {s for s, _ in person_spans}
    out: list[Place] = []
    clean = w.clean
    for m in w.locative.finditer(text):
        s, e = m.span("p")
        if s in people or mask.covers(s, e):
            continue
        name = clean(m.group("p"))
        if name:
            out.append((s, s + len(name), name))
    first = text[:_CARD_REACH]
    for m in _CARD.finditer(first):
        base = m.start("p")
        for part in _CARD_PART.finditer(m.group("p")):
            name = w.clean(part.group().strip())
            if name and not any(ch.isdigit() for ch in name):
                off = base + part.start() + (len(part.group()) - len(part.group().lstrip()))
                out.append((off, off + len(name), name))
    out.sort()
    return out
