"""The people layer: one cluster per person of a document, and every mention of them.

A mention keeps the rule that made it a person's ("title+name", "part of a full name",
"listed with people"...), so that `explain` can say why a name was read as a person.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from timeline_desktop.domain.model import FoundPerson, Person
from timeline_desktop.extract.names.words import NameWords, plain


@dataclass(slots=True)
class Cluster:
    """One person of the document: the forms written and where."""

    w: NameWords
    forms: dict[str, int] = field(default_factory=dict)  # form -> count
    titled: set[str] = field(default_factory=set)
    stated: set[str] = field(default_factory=set)  # aliases given by "born X", "known as X"
    preferred: str = ""  # a form the text says the person is best known by
    known: Person | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    cited: bool = False
    famous: bool = False  # named by a name of the table of well-known people
    n_titled: int = 0  # mentions written with a title before them
    sex: str = ""  # "m" or "f" when the text's word for the person says it ("the King")

    def name(self) -> str:
        if self.known is not None:
            own = self._own()
            return own if own and fuller(self.w, own, self.known.name) else self.known.name
        return self._own()

    def _own(self) -> str:
        if self.preferred:
            return self.preferred
        forms = [f for f in self.forms if f not in self.stated] or list(self.forms)
        if not forms:
            return ""
        # the full name the text uses most often, then the longest: a form written once in a
        # "full name ..." note should not replace the name the text goes by
        if len(forms) == 1:
            return forms[0]
        key = self.w.key
        for f in self.forms if self.famous else ():
            if key(plain(f)) in self.w.best_known:
                return f  # "Augustus" of "Gaius Octavius", "Octavian", "Augustus"
        uses: dict[str, int] = defaultdict(int)  # spellings of one name count together
        for f in forms:
            uses[key(plain(f))] += self.forms.get(f, 0)

        def rank(f: str) -> tuple[bool, int, int, int]:
            words = len(plain(f).split())
            count = uses[key(plain(f))] if words >= 2 else 0
            return words >= 2, count, words, len(f)

        return max(forms, key=rank)

    def styled_surname(self, others: frozenset[str]) -> str:
        """ "Lady Batten" beside "Sir W. Batten": the name of a person the text calls only
        by a surname another person of it bears (`others`, folded), always with one title
        of address (Lady, Mrs., Sir); the title is part of whom it names. "" otherwise."""
        forms = [plain(f) for f in self.forms]
        if len(forms) != 1 or " " in forms[0] or self.w.fold(forms[0]) not in others:
            return ""
        if len(self.titled) != 1 or self.n_titled < sum(self.forms.values()):
            return ""  # also written bare ("Mercer" beside "Mrs. Mercer"), or titled two ways
        title, _, word = next(iter(self.titled)).partition(" ")
        ok = word == forms[0] and self.w.fold(title.rstrip(".")) in self.w.honorifics
        return f"{title} {word}" if ok else ""

    def aliases(
        self, name: str | None = None, shared: frozenset[str] = frozenset()
    ) -> tuple[str, ...]:
        """Every other form of the person's name (`name`: `self.name()`, if known), but a
        name of one word the document gives to others too (`shared`, folded)."""
        fold = self.w.fold
        name = self.name() if name is None else name
        seen = {fold(name)}
        out: list[str] = []
        known = [self.known.name, *self.known.aliases] if self.known is not None else []
        # a first name alone ("Henry" of "Henry Tudor") is no alias: shared by many people,
        # it would join them in the database
        firsts = {fold(h[0]) for f in [*self.forms, name] if (h := self.w.given_head(f))}
        words = name.split()
        if len(words) == 2 and fold(words[0].rstrip(".")) in self.w.honorifics:
            firsts.add(fold(words[1]))  # "Lady Batten" alone: "Batten" could be Sir W. Batten
        for f in [*self.forms, *sorted(self.titled), *sorted(self.stated), *known]:
            if " " not in f and (fold(f) in firsts or fold(f) in shared):
                continue
            if fold(f) not in seen:
                seen.add(fold(f))
                out.append(f)
        return tuple(out)


def fuller(w: NameWords, a: str, b: str) -> bool:
    """Whether name `a` is a fuller form of `b` ("Vyacheslav Molotov" of "Molotov")."""
    ka, kb = w.key(plain(a)).split(), w.key(plain(b)).split()
    return len(ka) > len(kb) and set(kb) <= set(ka)


class Mention(NamedTuple):
    """A span of the text naming person `person` (an index into PeopleFound.clusters), and
    the rule that made it that person's. (A named tuple: thousands are made per document.)"""

    start: int
    end: int
    person: int
    rule: str = ""

    def to(self, person: int) -> Mention:
        """The same mention, of another person (clusters merged)."""
        return Mention(self.start, self.end, person, self.rule)


@dataclass(slots=True)
class PeopleFound:
    """People of one document and where each is mentioned (sorted by offset)."""

    clusters: list[Cluster]
    mentions: list[Mention]
    _starts: list[int] = field(default_factory=list)
    _names: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        # clusters are final here; drafting asks for names tens of times per event
        self._names = [c.name() for c in self.clusters]
        # surnames of full names, and one-word names two people go by ("Mr." and "Mrs.
        # Turner"): a person called only so, always with a title, is named with it
        if not any(c.n_titled and len(c.forms) == 1 for c in self.clusters):
            return  # no one is called by a titled surname alone
        seen: dict[str, int] = {}
        for c, n in zip(self.clusters, self._names, strict=True):
            words = plain(n).split()
            if words and c.forms:
                key = c.w.fold(words[-1])
                seen[key] = seen.get(key, 0) + (2 if len(words) > 1 else 1)
        surnames = frozenset(k for k, v in seen.items() if v > 1)
        for i, c in enumerate(self.clusters):
            styled = c.styled_surname(surnames) if c.titled and surnames else ""
            if styled:
                self._names[i] = styled

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions inside [start, end) (drafting asks this many times per event)."""
        starts = self._starts
        i = bisect.bisect_left(starts, start)
        j = bisect.bisect_left(starts, end, i)
        return [m for m in self.mentions[i:j] if m.end <= end]

    def before(self, pos: int, limit: int = 4000) -> list[Mention]:
        """Mentions ending before `pos`, nearest first, not further back than `limit`."""
        i = bisect.bisect_left(self._starts, pos) - 1
        out = []
        while i >= 0 and pos - self.mentions[i].start <= limit:
            if self.mentions[i].end <= pos:
                out.append(self.mentions[i])
            i -= 1
        return out

    def name(self, idx: int) -> str:
        return self._names[idx]

    def names(self) -> list[str]:
        """Every person's name, by cluster index."""
        return self._names

    def is_cited(self, idx: int) -> bool:
        """Whether the person is only an author cited in the text ("(Freeze 407)")."""
        return self.clusters[idx].cited

    def rule_of(self, person: int, start: int, end: int) -> str:
        """The rule of the first mention of `person` in [start, end) (else of any mention)."""
        for m in self.within(start, end):
            if m.person == person:
                return m.rule
        return next((m.rule for m in self.mentions if m.person == person), "")

    def found(self) -> tuple[FoundPerson, ...]:
        out = []
        spans_of: dict[int, set[tuple[int, int]]] = {}
        for m in self.mentions:
            spans_of.setdefault(m.person, set()).add((m.start, m.end))
        shared = self._shared_words(spans_of)
        for i, c in enumerate(self.clusters):
            name = self._names[i]  # clusters are final: each name is worked out once
            if c.cited and c.known is None and len(plain(name).split()) < 2:
                continue
            spans = tuple(sorted(spans_of.get(i, ())))
            if not spans:
                continue
            out.append(FoundPerson(name, c.aliases(name, shared), spans))
        return tuple(out)

    def _shared_words(self, spans_of: dict[int, set[tuple[int, int]]]) -> frozenset[str]:
        """Names of one word that several people of the document are called by ("Brutus"
        of Marcus, Decimus and Lucius Brutus), folded. Each mention means the one named
        nearest before it, but as an alias of any of them the word would join people of
        other documents to the wrong one: which of them a text means most often is no
        sign of whom another text means."""
        seen: dict[str, int] = {}
        for i, c in enumerate(self.clusters):
            if i in spans_of:
                for f in {c.w.fold(f) for f in c.forms if " " not in f}:
                    seen[f] = seen.get(f, 0) + 1
        return frozenset(f for f, n in seen.items() if n > 1)
