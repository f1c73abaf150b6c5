"""Facts of stored events, as corroboration compares them with a document's drafts.

An import compares each draft with the stored events near its date, and reads an event
again each time a source adds a passage to it: each title and quote is read once, kept
by its wording, and an event's facts are the union of its texts' (`event_facts`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from timeline_desktop.domain.model import Event, Stance
from timeline_desktop.extract.events.matching import Facts, names_in, weights
from timeline_desktop.extract.events.record_actor import compared_title
from timeline_desktop.extract.events.words import WORD, EventWords
from timeline_desktop.extract.lexicon import Lexicon, load
from timeline_desktop.extract.names import NameWords

NO_SKIP: set[str] = set()
"""No words left out (`EventWords.passage_facts`)."""


def compound_parts(words: set[str], ew: EventWords) -> dict[str, frozenset[str]]:
    """The parts of each hyphenated compound of `words`, as words (`Facts.parts`)."""
    out: dict[str, frozenset[str]] = {}
    for w in words:
        if "-" in w:
            parts = frozenset(f[3] for part in w.split("-") if (f := ew.word_facts(part))[3])
            if len(parts) > 1:
                out[w] = parts
    return out


def event_facts(e: Event, lex: Lexicon | None = None) -> Facts:
    """Facts of a stored event, from its title and supporting quotes.

    Each text is read once (`_EventParts`: its words, kinds, roles and names, kept by its
    wording) and an event's facts are their union: an import reads an event again each
    time a source corroborates it, and its old quotes are then read for nothing. Names are
    read within one text, never across the seam of two quotes, as `draft_facts` reads
    a draft's passages.
    """
    lexicon = lex or load()
    parts, key = lexicon.compiled(_EventParts), lexicon.compiled(NameWords).key
    lo = e.start.earliest_day()
    hi = (e.end or e.start).latest_day()
    supports = [ev for ev in e.evidence if ev.stance == Stance.SUPPORTS]
    title = parts.title[compared_title(e.title, (r for ev in supports for r in ev.rules))]
    quotes = [parts.quote[ev.quote] for ev in supports]
    people = {key(n) for n in e.people}
    skip = {w.lower() for n in e.people for w in n.split()}
    every = (title, *quotes)
    cls = title.cls or next((q.cls for q in quotes if q.cls), "")
    roles = title.roles or set().union(*(q.roles for q in quotes))
    names = {
        k
        for k in set().union(*(p.names for p in every))
        if not any(k in x or x in k for x in people)
    }
    f = Facts(
        lo,
        hi,
        e.end is not None,
        people,
        None,
        cls,
        set().union(*(p.classes for p in every)),
        set(roles),
        _signature(every, skip),
        set().union(*(p.named for p in every)),
        names,
        sources=len({ev.source_id for ev in e.evidence if ev.stance == Stance.SUPPORTS}),
    )
    f.parts = compound_parts(f.words, parts.ew)
    return f


def _signature(parts: Sequence[_Part], skip: set[str]) -> set[str]:
    """The content-word stems of `parts`, leaving out a stem written only as a word of the
    event's people's names ("Bell" of Alexander Graham Bell, not a bell)."""
    words: set[str] = set().union(*(p.stems for p in parts))
    if not skip:
        return words
    doubtful = {p.forms[w] for p in parts for w in skip & p.forms.keys()}
    for stem in doubtful:
        if all(w in skip for p in parts for w in p.written.get(stem, ())):
            words.discard(stem)
    return words


@dataclass(frozen=True, slots=True)
class _Part:
    """What one text of a stored event (its title or one quote) says, for `event_facts`."""

    cls: str
    classes: frozenset[str]
    roles: frozenset[str]
    stems: frozenset[str]  # content-word stems (a quote's without the time frame it names)
    forms: dict[str, str]  # written word (lower case) -> its stem
    written: dict[str, frozenset[str]]  # stem -> the words written for it
    named: frozenset[str]  # `EventWords.named_happenings`
    names: frozenset[str]  # `names_in`, before the event's people are left out


class _EventParts:
    """`_Part`s of titles and quotes, kept by their wording (one per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.ew = lex.compiled(EventWords)
        self.frame = weights(lex).frame
        self.title = lex.memo(self._title, 100_000)
        self.quote = lex.memo(self._quote, 200_000)

    def _title(self, text: str) -> _Part:
        return self._read(text, text)

    def _quote(self, text: str) -> _Part:
        if ": " in text:  # a chronology row's "(Place: Venice; Researcher/Mission: ...)"
            text = _COLUMN_LABEL.sub(" ", text)
        if "://" in text:  # a row's "(Source: https://...)": an address, not its wording
            text = _ADDRESS.sub(" ", text)
        # the words of a time frame it names ("during the cruise phase") are left out
        return self._read(text, self.frame.sub(" ", text) if self.frame.search(text) else text)

    def _read(self, text: str, wording: str) -> _Part:
        ew = self.ew
        # (a kind named only in its time frame is not its kind: read from the wording)
        cls, classes, roles, _ = ew.passage_facts(wording, NO_SKIP)
        if wording is not text:
            roles = ew.roles_of(text)
        facts = ew.word_facts
        forms = {f[4]: f[3] for w in WORD.findall(wording) if (f := facts(w))[3]}
        written: dict[str, set[str]] = {}
        for low, stem in forms.items():
            written.setdefault(stem, set()).add(low)
        return _Part(
            cls,
            frozenset(classes),
            frozenset(roles),
            frozenset(written),
            forms,
            {s: frozenset(ws) for s, ws in written.items()},
            frozenset(ew.named_happenings(text)),
            frozenset(names_in(text, NO_SKIP, self.lex)),
        )


_COLUMN_LABEL = re.compile(r"(?:(?<=\()|(?<=; ))[A-Z][\w/ ]{0,40}: ")
"""The column names a chronology row's line shows before its cells: not its content."""
_ADDRESS = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+")
"""A web address in a quote (a chronology's source column): no wording of the happening."""


PartsAhead = tuple[dict[str, _Part], dict[str, _Part]]
"""Titles and quotes read ahead (`parts_ahead`): (by title, by quote)."""


def parts_ahead(lex: Lexicon, titles: Iterable[str], quotes: Iterable[str]) -> PartsAhead:
    """The titles and quotes a document may store, read now: a helper process that takes
    the document part way reads them, and the importing process finds them read
    (`remember`) when it compares them as a stored event's."""
    parts = lex.compiled(_EventParts)
    return {t: parts.title[t] for t in titles}, {q: parts.quote[q] for q in quotes}


def remember(lex: Lexicon, ahead: PartsAhead) -> None:
    """Keep texts read ahead (`parts_ahead`) as if this process had read them."""
    parts = lex.compiled(_EventParts)
    for memo, read in ((parts.title, ahead[0]), (parts.quote, ahead[1])):
        if len(memo) + len(read) > memo.limit:
            memo.clear()
        memo.update(read)
