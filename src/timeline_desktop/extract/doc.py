"""The document as the pipeline sees it: its text and the layers the stages add.

A `Doc` starts with the text (and the mask, lines and sentences the first stages add); the
dates, people, places, clauses and drafts stages each add a layer of span objects, each
span pointing at characters of the text and naming the rule that found it. Stages read the
layers before them and never pass bare offsets to one another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import Document, Stance
from timeline_desktop.extract.base import EmptyContext, ExtractionContext
from timeline_desktop.extract.dates import DateValues, TimeExpr
from timeline_desktop.extract.events.words import EventWords, WordTable
from timeline_desktop.extract.lexicon import Lexicon
from timeline_desktop.extract.mask import Citation
from timeline_desktop.extract.names import PeopleFound
from timeline_desktop.extract.names.finder import KnownLookups
from timeline_desktop.extract.places import Place
from timeline_desktop.extract.sentences import Sentences, Span
from timeline_desktop.extract.text import NO_MASK, Mask

_TOKEN = re.compile(r"\w+(?:['’-]\w+)*")


class Passage(NamedTuple):
    """A passage of evidence while it is drafted (`FoundEvidence` once extraction ends):
    `rules` are those of the draft it came from, written on when it leaves that draft."""

    start: int
    end: int
    date_as_stated: str
    stance: Stance = Stance.SUPPORTS
    rules: tuple[str, ...] = ()


@dataclass(slots=True)
class Draft:
    """An event found in one document, before merging and corroboration.

    `rules` lists the named rules that made it, in the order they fired, each as
    "stage:rule" ("dates:day-month-year", "clauses:past-tense verb", "people:title+name").
    """

    title: str
    summary: str
    start: HistDate
    end: HistDate | None
    evidence: list[Passage]
    people: list[int] = field(default_factory=list)  # cluster indexes of PeopleFound
    places: list[str] = field(default_factory=list)
    cls: str = ""
    subject: int | None = None
    roles: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    derived: bool = False  # dated through a relative or anchored expression
    same_as: int | None = None
    classes: set[str] = field(default_factory=set)
    extra_people: list[str] = field(default_factory=list)  # names a record lists
    stance: Stance = Stance.SUPPORTS
    ref_span: tuple[int, int] | None = None  # the date a relative date counts from
    named: set[str] = field(default_factory=set)  # "battle:hastings", "coronation"
    denied: bool = False  # "The Act was not passed in 1666": a date the text rejects
    rules: list[str] = field(default_factory=list)
    date: TimeExpr | None = None  # the date expression it was drafted from
    sentence: Span | None = None  # the sentence (or line) it was drafted from
    shares: list[int] = field(default_factory=list)  # stored passages it carries too

    def bounds(self) -> tuple[int, int]:
        last = self.end if self.end is not None else self.start
        return self.start.earliest_day(), last.latest_day()

    def stamp(self, evidence: list[Passage], *more: str) -> list[Passage]:
        """`evidence` of this draft with its rules (and `more`) written on each, unless a
        piece already carries rules of the draft it came from."""
        rules = (*self.rules, *more)
        return [e if e.rules else e._replace(rules=rules) for e in evidence]


@dataclass(slots=True)
class Clause:
    """The clause of a sentence that holds a date: `[start, end)` of the text."""

    start: int
    end: int
    date: TimeExpr


@dataclass(slots=True)
class SentenceClauses:
    """A sentence's dated clauses (the clauses layer), as the drafts stage reads them."""

    sentence: Span
    clauses: list[Clause]
    leads: dict[int, int]  # clause start -> where its antecedent begins (relative clauses)
    weak: set[int]  # ids of dates kept only as alternatives to the date before them
    alternatives: dict[int, int]  # clause index -> the index of its alternative date
    lists: dict[int, int] = field(default_factory=dict)  # list item index -> its first item


@dataclass(slots=True, eq=False)
class Doc:
    """One document in the pipeline (see the module docs)."""

    document: Document
    lexicon: Lexicon
    context: ExtractionContext = field(default_factory=EmptyContext)
    text: str = ""
    mask: Mask = NO_MASK
    citations: list[Citation] = field(default_factory=list)
    lines: list[Span] = field(default_factory=list)
    sentences: Sentences = field(default_factory=lambda: Sentences([]))
    dates: list[TimeExpr] = field(default_factory=list)
    people: PeopleFound = field(default_factory=lambda: PeopleFound([], []))
    places: list[Place] = field(default_factory=list)
    clauses: list[SentenceClauses] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    # what drafting learns as it goes
    consumed: list[Span] = field(default_factory=list)  # text a structured draft took
    captions: dict[int, bool] = field(default_factory=dict)  # sentence start -> a caption
    offices: dict[str, frozenset[int]] | None = None  # "emperor" -> people styled so
    topic: int | None = None  # the person the whole text is about; -1: no one
    stages: list[str] = field(default_factory=list)  # the stages run, in order
    # when set, the people stage notes its lookups among the known people in it
    known_asked: KnownLookups | None = None
    word_uses: dict[str, int] | None = None  # content-word stems counted (`document_uses`)
    # (draft, its `corroborate.draft_facts`) worked out ahead of the corroboration stage
    draft_facts: list[tuple[Draft, Any]] | None = None
    event_parts: Any = None  # and its titles and passages read (`stored.parts_ahead`)
    narrator_hints: list[int] | None = None  # where a narrator's word may be (`narrated`)
    narrated_at: dict[int, bool] = field(default_factory=dict)  # `narrated`, by position
    named_before: dict[int, Any] = field(default_factory=dict)  # `passing.named_before`
    _tokens: list[Span] | None = None
    _words: WordTable | None = None
    ew: EventWords = field(init=False)
    dv: DateValues = field(init=False)

    def __post_init__(self) -> None:
        self.text = self.text or self.document.text
        # the drafting stages read these for every clause: looked up once per document
        self.ew = self.lexicon.compiled(EventWords)
        self.dv = self.lexicon.compiled(DateValues)

    @property
    def tokens(self) -> list[Span]:
        """(start, end) of every word of the text (computed on first use)."""
        if self._tokens is None:
            self._tokens = [m.span() for m in _TOKEN.finditer(self.text)]
        return self._tokens

    @property
    def words(self) -> WordTable:
        """The words of the text and their facts (read on first use)."""
        if self._words is None:
            self._words = WordTable(self.text, self.ew)
        return self._words
