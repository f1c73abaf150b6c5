"""Events: one draft per dated happening, with a short title, its clause as evidence, people.

A date makes an event only where the text reports a happening at it: the clause around the
date must carry an event verb ("died", "was appointed") or an event noun ("the death of X",
"the speech"), and the date must not be a passing modifier ("the purges of the 1930s", a
photo caption). A sentence with two dated happenings gives two drafts, one per clause.
Structured parts come first: timeline-site cards ("Title / 1953 · Place / summary"), a line
that is only a date followed by its text, and reader records (CSV rows).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TypedDict

from timeline_desktop.domain.dates import DateParseError, HistDate, Precision, parse_date
from timeline_desktop.domain.model import Document, FoundEvidence, Stance
from timeline_desktop.extract._shim import fold
from timeline_desktop.extract.dates import DateValues, Kind, TimeExpr, tag
from timeline_desktop.extract.legacy_words import (
    BASE_VERBS,
    EVENT_CLASSES,
    EVENT_NOUNS,
    FUNCTION_WORDS,
    ING_PREPOSITIONS,
    IRREGULAR_PAST,
    MONTHS,
    OFFICES,
    STATIVE_VERBS,
)
from timeline_desktop.extract.lexicon import load as _load
from timeline_desktop.extract.names import PeopleFound
from timeline_desktop.extract.text import Mask
from timeline_desktop.extract.titles import key_phrase, polish, tidy_record_title

MAX_EVIDENCE = 400
_DV = _load().compiled(DateValues)
MIN_CONFIDENCE = 0.6


@dataclass(slots=True)
class Draft:
    """An event found in one document, before corroboration."""

    title: str
    summary: str
    start: HistDate
    end: HistDate | None
    evidence: list[FoundEvidence]
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

    def bounds(self) -> tuple[int, int]:
        last = self.end if self.end is not None else self.start
        return self.start.earliest_day(), last.latest_day()


# --- words -----------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SIG_STOP = (
    FUNCTION_WORDS
    | frozenset(MONTHS)
    | frozenset(
        [
            "which",
            "would",
            "could",
            "should",
            "their",
            "there",
            "these",
            "those",
            "about",
            "after",
            "before",
            "during",
            "while",
            "where",
            "when",
            "what",
            "with",
            "from",
            "into",
            "than",
            "then",
            "that",
            "this",
            "also",
            "only",
            "very",
            "more",
            "most",
            "such",
            "later",
            "earlier",
            "year",
            "years",
            "month",
            "months",
            "century",
            "decade",
            "day",
            "days",
            "time",
            "first",
            "last",
        ]
    )
)
_ROLE_WORDS = frozenset(
    [
        "king",
        "queen",
        "emperor",
        "empress",
        "president",
        "premier",
        "chancellor",
        "secretary",
        "chairman",
        "minister",
        "general",
        "marshal",
        "tsar",
        "czar",
        "shogun",
        "pope",
        "consul",
        "dictator",
        "governor",
        "leader",
        "leadership",
        "head",
        "power",
        "throne",
        "control",
        "office",
        "prime",
        "protector",
        "regent",
        "caliph",
        "sultan",
        "pharaoh",
    ]
)
_GENERIC_ROLES = frozenset(["leader", "leadership", "head", "power", "throne", "control", "office"])


def _stem(w: str) -> str:
    w = w.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    if w.endswith("e") and len(w) >= 6:
        return w[:-1]  # "voyage" meets "voyages" (-> "voyag")
    return w


def signature(text: str, skip: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Content-word stems of a passage, for comparing two reports of a happening."""
    out = set()
    for w in _WORD.findall(text):
        lw = w.lower()
        if len(lw) < 4 or lw in _SIG_STOP or lw in skip:
            continue
        out.add(_stem(lw))
    return out


_NO_CLASS = re.compile(r"\b(?:took|take|takes|taking)\s+place\b", re.IGNORECASE)


def event_class(text: str) -> str:
    """The kind of happening a passage reports ("death", "accession"...), or ""."""
    if "place" in text.lower():  # "took place" reports no happening of its own
        text = _NO_CLASS.sub(" ", text)
    get = _WORD_FACTS.get
    for w in _WORD.findall(text):
        c = (get(w) or _word_facts(w))[1]
        if c:
            return c
    return ""


def classes_of(text: str) -> set[str]:
    """Every kind of happening a passage mentions."""
    words = _WORD.findall(_NO_CLASS.sub(" ", text))
    return {c for w in words if (c := EVENT_CLASSES.get(w.lower()))}


_WORD_FACTS: dict[str, tuple[str, str, bool, str, str]] = {}


def _word_facts(w: str) -> tuple[str, str, bool, str, str]:
    """(class, class without a trailing apostrophe, is a role word, signature stem or "",
    lower case) of one written word; cached, because the same few thousand words recur in
    every clause."""
    got = _WORD_FACTS.get(w)
    if got is None:
        lw = w.lower()
        sig = _stem(lw) if len(lw) >= 4 and lw not in _SIG_STOP else ""
        got = (
            EVENT_CLASSES.get(lw, ""),
            EVENT_CLASSES.get(lw.rstrip("’'"), ""),
            lw in _ROLE_WORDS,
            sig,
            lw,
        )
        if len(_WORD_FACTS) < 200_000:
            _WORD_FACTS[w] = got
    return got


def passage_facts(passage: str, skip: set[str]) -> tuple[str, set[str], set[str], set[str]]:
    """`event_class`, `classes_of`, `roles_of` and `signature` of one passage in one pass
    over its words (drafting runs them on every dated clause)."""
    get = _WORD_FACTS.get
    facts = [get(w) or _word_facts(w) for w in _WORD.findall(passage)]
    cfacts = facts
    if "place" in passage.lower():  # "took place" reports no happening of its own
        cfacts = [get(w) or _word_facts(w) for w in _WORD.findall(_NO_CLASS.sub(" ", passage))]
    classes = {f[0] for f in cfacts if f[0]}
    cls = next((f[1] for f in cfacts if f[1]), "")
    roles = {f[4] for f in facts if f[2]}
    if skip:
        sig = {f[3] for f in facts if f[3] and f[4] not in skip}
    else:
        sig = {f[3] for f in facts if f[3]}
    return cls, classes, roles, sig


class _Comparable(TypedDict):
    cls: str
    classes: set[str]
    roles: set[str]
    words: set[str]
    named: set[str]


def _draft_facts(ctx: _Ctx, title: str, passage: str, people: list[int]) -> _Comparable:
    """The comparison fields of a draft (class, classes, roles, words, named happenings),
    its people's own names left out of the words."""
    skip = {fold(w) for p in people for w in ctx.people.name(p).split()}
    cls, classes, roles, words = passage_facts(passage, skip)
    return {
        "cls": event_class(title) or cls,
        "classes": classes,
        "roles": roles,
        "words": words,
        "named": named_happenings(passage),
    }


_NAMED_HAPPENING = re.compile(
    r"\b(battle|treaty|siege|sack|peace|congress|council|edict|massacre|capture|fall|"
    r"coronation|assassination|execution|abdication|landing|storming)\s+of\s+(?:the\s+)?"
    r"([A-Z][\w’'-]+)",
    re.IGNORECASE,
)
_ONE_OFF_NOUNS = frozenset(
    ["coronation", "assassination", "execution", "abdication", "landing", "storming"]
)


def named_happenings(text: str) -> set[str]:
    """Happenings a passage names distinctively: "battle:hastings" for "the Battle of
    Hastings", and nouns a person or thing undergoes once ("coronation", "execution").
    Two compatible reports naming the same one are one happening, however worded."""
    out: set[str] = set()
    if " of " in text or " Of " in text:
        out = {
            f"{m.group(1).lower()}:{fold(m.group(2))}"
            for m in _NAMED_HAPPENING.finditer(text)
            if m.group(2)[0].isupper()
        }
    low = text.lower()
    for noun in _ONE_OFF_NOUNS:
        i = low.find(noun)
        if i >= 0 and (i == 0 or not low[i - 1].isalpha()):
            out.add(noun)
    return out


def roles_of(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() in _ROLE_WORDS}


# --- clauses ---------------------------------------------------------------------------------

_CUT = re.compile(
    r";|\s[–—]\s|\s-\s"
    r"|,\s+(?:however|but|while|whereas|although|though|yet|which|who|whom|whose)\b,?"
    r"|,\s+(?=[a-z]+ing\b)"
    r"|,?\s+and\s+(?=(?:later|then|in|on|by|during|after|before|until|from)\s+[^,.;]{0,25}?\d)"
)
_RESTATED = re.compile(r"\s*(?:was|is|fell\s+on|corresponds\s+to)\s+(?:on\s+)?$")
_REL_START = re.compile(r"(?:which|who|whom|whose)\b")
_RELATIVE = re.compile(r",\s+(?:which|who|whom|whose)\b")
_EDGE_OF = re.compile(
    r"\b(?:end|beginning|start|middle|close|turn|spring|summer|autumn|fall|winter|course)"
    r"\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?(?:entire\s+|whole\s+)?$")
_CAPTION = re.compile(
    r"\b(?:pictured|photographed|shown)\b|\((?:left|right|above|below|centre|center)\)"
    r"|\bseen here\b|\bin this (?:photo|picture|image)\b",
    re.IGNORECASE,
)
_WHEN_AFTER = re.compile(r"\s*,?\s*when\b")
_FRONTED = re.compile(r"(?:When|After|Once|As soon as|No sooner)\b")
_PAREN_DATE = re.compile(r"\s*\(\s*$")
_AUX = frozenset(
    [
        "had",
        "has",
        "have",
        "was",
        "were",
        "been",
        "being",
        "be",
        "is",
        "are",
        "would",
        "will",
        "did",
        "does",
        "do",
        "shall",
        "could",
        "should",
        "might",
        "must",
        "may",
        "can",
        "also",
        "then",
        "later",
        "soon",
        "finally",
        "eventually",
        "once",
        "never",
        "not",
    ]
)
_TITLE_STOP = frozenset(
    [
        "and",
        "but",
        "or",
        "at",
        "during",
        "following",
        "after",
        "before",
        "in",
        "on",
        "when",
        "while",
        "for",
        "because",
        "although",
        "since",
        "until",
        "despite",
        "which",
        "who",
        "whose",
        "that",
        "as",
        "with",
        "under",
        "among",
        "into",
        "through",
        "against",
        "from",
    ]
)
_PRONOUNS = frozenset(["he", "she", "they", "his", "her"])
_ADJ_BEFORE = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "this",
        "that",
        "these",
        "those",
        "our",
        "so-called",
    ]
)
_ING_CUT = re.compile(r",\s+([a-z]+ing)\b")


_ING_LEAD = re.compile(r",\s+(?:[a-z]+ly\s+)?$")
_HE_SHE = re.compile(r"\b(he|she|they)\b", re.IGNORECASE)
_PERSONAL = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|him)\b")
_LEAD_JUNK = re.compile(r"^(?:\W|\d)+")
_PRED_TOKEN = re.compile(r"[\w'’\"“”-]+|[,;:()]")


_VERB_KIND: dict[str, tuple[str, int]] = {}
_NOT_VERB, _PAST, _CLASS_VERB, _ING, _PRESENT = 0, 1, 2, 3, 4
_DETERMINERS = frozenset(["the", "a", "an", "his", "her", "its", "their", "this", "that"])


def _present_lemmas(lw: str) -> tuple[str, ...]:
    """Base forms a third-person present form may come from ("reaches" -> "reach")."""
    if lw.endswith("ies"):
        return (lw[:-3] + "y",)
    if lw.endswith("es"):
        return (lw[:-1], lw[:-2])
    return (lw[:-1],)


def _verb_kind(w: str) -> tuple[str, int]:
    """(lower-cased word, what kind of verb it can be), cached per written form: the word
    tests are the same in every clause, only the context tests differ."""
    got = _VERB_KIND.get(w)
    if got is None:
        lw = w.lower()
        kind = _NOT_VERB
        if lw in STATIVE_VERBS:
            kind = _NOT_VERB
        elif lw in IRREGULAR_PAST or (
            lw.endswith("ed") and len(lw) > 4 and lw not in ("hundred", "united")
        ):
            kind = _PAST
        elif lw in EVENT_CLASSES and lw.endswith(("s", "ed")) and not lw.endswith("ss"):
            kind = _CLASS_VERB
        elif lw.endswith("ing") and lw not in ING_PREPOSITIONS and len(lw) > 5:
            kind = _ING
        elif (
            len(lw) > 3
            and lw.endswith("s")
            and not lw.endswith(("ss", "us", "is", "ous"))
            and any(b in BASE_VERBS for b in _present_lemmas(lw))
        ):
            kind = _PRESENT  # "invades", "reaches": the historical present of timelines
        got = (lw, kind)
        if len(_VERB_KIND) < 200_000:
            _VERB_KIND[w] = got
    return got


def _verbs(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, word) of likely finite or participle verbs in text[start:end]."""
    out = []
    prev = prev2 = prev_raw = ""
    kinds = _VERB_KIND
    for m in _WORD.finditer(text, start, end):
        w = m.group()
        got = kinds.get(w) or _verb_kind(w)
        if got[1]:
            lw, kind = got
            is_verb = False
            if kind == _PRESENT:
                # after a name ("William invades"), a pronoun, or "the plague reaches"
                is_verb = w[0].islower() and (
                    (prev_raw[:1].isupper() and prev not in _DETERMINERS)
                    or prev in _PRONOUNS
                    or prev2 in _DETERMINERS
                )
            elif w[0].islower() or prev == "":
                if kind == _PAST:
                    ms = m.start()
                    participle = text[max(start, ms - 2) : ms] == ", " and (
                        text.startswith(" by ", m.end())
                    )
                    is_verb = prev not in _ADJ_BEFORE and not (participle and lw.endswith("ed"))
                elif kind == _CLASS_VERB:
                    is_verb = prev in _PRONOUNS or prev == ""
            elif kind == _ING:
                lead = text[max(start, m.start() - 16) : m.start()]
                is_verb = _ING_LEAD.search(lead) is not None
            if is_verb:
                out.append((m.start(), m.end(), w))
        prev2, prev, prev_raw = prev, got[0], w
    return out


def _has_event_noun(text: str, start: int, end: int) -> bool:
    return any(m.group().lower() in EVENT_NOUNS for m in _WORD.finditer(text, start, end))


@dataclass(slots=True)
class _Ctx:
    doc: Document
    text: str
    mask: Mask
    people: PeopleFound
    places: list[tuple[int, int, str]]
    sentences: list[tuple[int, int]]
    consumed: list[tuple[int, int]] = field(default_factory=list)
    captions: dict[int, bool] = field(default_factory=dict)  # sentence start -> is a caption
    offices: dict[str, frozenset[int]] | None = None  # "emperor" -> people styled so
    topic: int | None = None  # the person the whole text is about; -1: no one


_STARTS_CACHE: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}


def _sentence_starts(sentences: list[tuple[int, int]]) -> list[int]:
    cached = _STARTS_CACHE.get(id(sentences))
    if cached is None or cached[0] is not sentences:
        _STARTS_CACHE.clear()
        cached = (sentences, [s for s, _ in sentences])
        _STARTS_CACHE[id(sentences)] = cached
    return cached[1]


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    i = bisect.bisect_right(_sentence_starts(sentences), pos) - 1
    if i >= 0 and sentences[i][0] <= pos < sentences[i][1]:
        return sentences[i]
    return None


_DASH = re.compile(r"\s[–—]\s")
_ASIDE_MAX = 120


def _clause(text: str, ss: int, se: int, t: TimeExpr) -> tuple[int, int, bool]:
    """The clause of sentence [ss, se) that holds `t`; True when it is a relative clause."""
    start, end, relative = ss, se, False
    aside_end = -1  # end of a dash-enclosed aside ("where Favre — the only priest — said Mass")
    for m in _CUT.finditer(text, ss, se):
        if m.start() < aside_end:
            continue
        if m.end() <= t.start:
            start = m.end()
            relative = bool(_RELATIVE.match(m.group()))
        elif m.start() >= t.end:
            if m.group().strip() in "—–":
                close = _DASH.search(text, m.end(), min(se, m.end() + _ASIDE_MAX))
                if close is not None:
                    aside_end = close.end()
                    continue
            end = m.start()
            break
    if relative and _RESTATED.match(text, start, t.start):
        # "On <other calendar>, which was 9 November 1867, he returned ...": the relative
        # clause only restates the day; the happening is the rest of the sentence.
        return ss, se, False
    if relative:
        comma = text.find(",", t.end, end)
        if comma >= 0:
            end = comma
    return start, end, relative


def _clause_end_after(text: str, pos: int, se: int) -> int:
    """Where the clause after a relative cut at `pos` ends: the next cut that is not
    another relative clause, or the sentence end."""
    for m in _CUT.finditer(text, pos + 1, se):
        if not _RELATIVE.match(m.group()):
            return m.start()
    return se


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " ,;:—–-\t":
        s += 1
    while e > s and text[e - 1] in " ,;:—–-\t":
        e -= 1
    for lead in ("and ", "but ", "however, ", "however "):
        if text.startswith(lead, s):
            s += len(lead)
    return s, e


def _window(text: str, s: int, e: int, t: TimeExpr) -> tuple[int, int]:
    """Keep evidence within MAX_EVIDENCE characters, centred on the date."""
    if e - s <= MAX_EVIDENCE:
        return s, e
    half = (MAX_EVIDENCE - (t.end - t.start)) // 2
    ns, ne = max(s, t.start - half), min(e, t.end + half)
    sp = text.find(" ", ns, t.start)
    if ns > s and sp >= 0:
        ns = sp + 1
    ep = text.rfind(" ", t.end, ne)
    if ne < e and ep >= 0:
        ne = ep
    return ns, ne


# --- titles, subjects, people ----------------------------------------------------------------


_PREP_BEFORE = re.compile(
    r"\b(?:of|by|with|to|from|for|against|under|than|and|beside|alongside|toward|towards)\s+"
    r"(?:the\s+)?(?:[a-z-]+\s+){0,3}$"
)
_PRONOUN_SENTENCES = 2


def _subject_mentions(ctx: _Ctx, s: int, e: int) -> list[int]:
    """People of [s, e) that can be a subject (not the object of a preposition), in order."""
    out = []
    for m in ctx.people.within(s, e):
        if not _PREP_BEFORE.search(ctx.text, max(s, m.start - 40), m.start):
            out.append(m.person)
    return out


def _resolve_pronoun(ctx: _Ctx, pos: int, sent_start: int) -> int | None:
    """The person a pronoun at `pos` refers to: the subject of its own sentence before it,
    else the subject of one of the two sentences before; None past that, because a pronoun
    that far from any name is more likely to mean someone the text has not named."""
    inside = _subject_mentions(ctx, sent_start, pos)
    if inside:
        return inside[0]
    i = bisect.bisect_right(_sentence_starts(ctx.sentences), sent_start) - 1
    text = ctx.text
    for k in range(i - 1, max(-1, i - 1 - _PRONOUN_SENTENCES), -1):
        ps, pe = ctx.sentences[k]
        if "\n\n" in text[pe:sent_start] or "\n \n" in text[pe:sent_start]:
            # a pronoun opening a paragraph means whom the text is about, not whoever
            # the last paragraph happened to name last
            topic = _topic_of(ctx, sent_start)
            return topic if topic is not None else _document_topic(ctx)
        lead_in = _FRONTED_PRONOUN.search(text, ps, pe)
        if lead_in is not None and lead_in.start() - ps < _FRONTED_REACH:
            # "With the help of X and his brother Y, he overthrew it": the names stand in
            # the opening phrase; the sentence is about whom its "he" means
            return _resolve_pronoun(ctx, lead_in.start(1), ps)
        subj = _subject_mentions(ctx, ps, pe)
        if subj:
            topic = _topic_of(ctx, sent_start)
            if topic is not None and topic != subj[0] and _in_aside(ctx, ps, subj[0], pe):
                return topic  # "..., when Blücher defeated him": an aside, not the topic
            return subj[0]
        anyone = ctx.people.within(ps, pe)
        if anyone:
            return anyone[0].person
    return None


def _document_topic(ctx: _Ctx) -> int | None:
    """The person a whole text is about (a biography's subject): named at least three times
    and at least twice as often as anyone else; None when no one stands out so."""
    if ctx.topic is None:
        counts: dict[int, int] = {}
        for m in ctx.people.mentions:
            counts[m.person] = counts.get(m.person, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        ctx.topic = -1
        if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            ctx.topic = ranked[0][0]
    return ctx.topic if ctx.topic >= 0 else None


_FRONTED_PRONOUN = re.compile(r",\s+(he|she)\s+(?!was\b|is\b)[a-z]+")
_FRONTED_REACH = 200


_TOPIC_SPAN = 1500
_ASIDE_LEAD = re.compile(
    r",\s+(?:when|while|after|before|because|although|though|until|whereas|where)\b"
)


def _topic_of(ctx: _Ctx, pos: int) -> int | None:
    """The person the text before `pos` is about: the one mentioned most often (at least
    twice) in this paragraph and the one before it, the most recent on a tie."""
    text = ctx.text
    cur = text.rfind("\n\n", max(0, pos - _TOPIC_SPAN), pos)
    prev = text.rfind("\n\n", max(0, pos - _TOPIC_SPAN), cur) if cur > 0 else -1
    lo = prev + 2 if prev >= 0 else max(0, pos - _TOPIC_SPAN)
    counts: dict[int, int] = {}
    last: dict[int, int] = {}
    for m in ctx.people.before(pos, pos - lo):
        counts[m.person] = counts.get(m.person, 0) + 1
        last.setdefault(m.person, m.start)
    if not counts:
        return None
    best = max(counts, key=lambda p: (counts[p], last[p]))
    return best if counts[best] >= 2 else None


def _in_aside(ctx: _Ctx, ps: int, person: int, pe: int) -> bool:
    """Whether every mention of `person` in sentence [ps, pe) stands in a subordinate
    clause after the main one (", when X defeated him"), not as the sentence's subject."""
    ms = [m for m in ctx.people.within(ps, pe) if m.person == person]
    return bool(ms) and all(_ASIDE_LEAD.search(ctx.text, ps, m.start) for m in ms)


_HEADING_LINE = re.compile(r"(?:\d{1,3}[.)]\s|#+\s|[A-Z])")
_TOPIC_LINES = 25


def _topic_person(ctx: _Ctx, pos: int, sent_start: int) -> int | None:
    """Whom a verb-first note line ("Born in Tangier, 1304.") is about: the person named by
    the section heading above it, else the subject of the sentence before."""
    text = ctx.text
    line_end = text.rfind("\n", 0, sent_start)
    for _ in range(_TOPIC_LINES):
        if line_end < 0:
            break
        ls = text.rfind("\n", 0, line_end) + 1
        line = text[ls:line_end].strip()
        if line and _HEADING_LINE.match(line) and not line.endswith("."):
            ms = ctx.people.within(ls, line_end)
            if ms:
                return ms[0].person
            if not line.startswith(("-", "*", "•")) and len(line) < 100:
                break  # a heading about no one: the notes below are not about a person
        line_end = ls - 1
    return _resolve_pronoun(ctx, sent_start, sent_start)


_THE_OFFICE = re.compile(
    r"\bthe\s+(" + "|".join(sorted(OFFICES)) + r")\b(?!\s+of\b)(?:['’]s?)?", re.IGNORECASE
)
_OFFICE_REACH = 6000  # how far back "the king" may look for the king last named


def _office_holders(ctx: _Ctx) -> dict[str, frozenset[int]]:
    """Office word -> the people of the document whose name or a titled form carries it
    ("Emperor Meiji", "Hongwu Emperor", "King Edward IV")."""
    if ctx.offices is None:
        found: dict[str, set[int]] = {}
        for i, c in enumerate(ctx.people.clusters):
            for form in (ctx.people.name(i), *c.titled, *c.forms):
                for w in form.split():
                    f = fold(w)
                    if f in OFFICES:
                        found.setdefault(f, set()).add(i)
        ctx.offices = {k: frozenset(v) for k, v in found.items()}
    return ctx.offices


def _office_holder(ctx: _Ctx, office: str, pos: int) -> int | None:
    """Who "the <office>" at `pos` is: the holder named last before it, or the only
    holder the document names; None when that is unclear."""
    holders = _office_holders(ctx).get(office.lower())
    if not holders:
        return None
    for m in ctx.people.before(pos, _OFFICE_REACH):
        if m.person in holders:
            return m.person
    return next(iter(holders)) if len(holders) == 1 else None


def _office_people(ctx: _Ctx, s: int, e: int) -> list[int]:
    """People an evidence span names by office only ("the emperor's death")."""
    out: list[int] = []
    if "the " not in ctx.text[s:e].lower():
        return out
    for m in _THE_OFFICE.finditer(ctx.text, s, e):
        p = _office_holder(ctx, m.group(1), m.start())
        if p is not None and p not in out:
            out.append(p)
    return out


_POSS_EVENT = re.compile(r"(['’]s?)\s+(?:[a-z-]+\s+)?([A-Za-z]+)\s*$")


_PARTICIPLE_LEAD = re.compile(r"\s*(?:[a-z]+ed|[a-z]+en|led|held|sent|built|made|born)\s+by\b")
_POSS_LEAD = re.compile(r"\b(?:his|her)\s+(?=[a-z])", re.IGNORECASE)
_SUBJECT_OFFICE = re.compile(r"\bthe\s+(" + "|".join(sorted(OFFICES)) + r")\s*$", re.IGNORECASE)


def _only_lead(words: str) -> bool:
    """Whether the words before a pronoun are only dates and function words ("In 1840")."""
    return all(
        w.lower() in FUNCTION_WORDS or w.lower() in MONTHS or any(c.isdigit() for c in w)
        for w in words.replace(",", " ").split()
    )


_NAME_POSS = re.compile(r"['’]s?\s+((?:[a-z-]+\s+){0,2}[a-z-]+)\s*$")
_RELATIVE_WORD = frozenset(["who", "which", "whom", "whose", "that"])
_SUBJECT_WORDS = 8
_SUBJECT_LEAD_DROP = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "by",
        "to",
        "from",
        "with",
        "for",
        "into",
        "onto",
        "and",
        "but",
        "or",
        "when",
        "while",
        "which",
        "who",
        "whom",
        "whose",
        "that",
        "as",
    ]
)
_APPOSITION_LEAD = re.compile(r"\s*(?:the|a|an|his|her|their)\s", re.IGNORECASE)


def _subject(ctx: _Ctx, cs: int, verb_pos: int, ss: int) -> tuple[int | None, str]:
    """Who or what does the clause's verb: a person index and the words naming the subject."""
    text = ctx.text
    seg = text[cs:verb_pos]
    # the last comma-free stretch before the verb holds the subject
    part_start = cs + max(seg.rfind(","), -1) + 1
    subj_end = verb_pos
    if text[part_start:verb_pos].strip() == "" and part_start > cs:
        inner = text.rfind(",", cs, part_start - 1)
        # "..., commanded by Y, defeated": the apposition is handled below
        participle = inner >= 0 and _PARTICIPLE_LEAD.match(text, inner + 1) is not None
        part_start = inner + 1 if participle else cs
    if part_start > cs and _PARTICIPLE_LEAD.match(text, part_start):
        # "X's fleet, commanded by Y, defeated ...": the subject stands before the apposition
        prev = text.rfind(",", cs, part_start - 1)
        subj_end = part_start - 1
        part_start = prev + 1 if prev >= 0 else cs
    elif part_start > cs and _APPOSITION_LEAD.match(text, part_start):
        # "X, the future Pope Y, wrote": the name before the apposition is the subject
        prev = text.rfind(",", cs, part_start - 1)
        if ctx.people.within(prev + 1 if prev >= 0 else cs, part_start - 1):
            subj_end = part_start - 1
            part_start = prev + 1 if prev >= 0 else cs
    words = text[part_start:subj_end].strip()
    head_words = words.split(",")[0].strip()
    found = ctx.people.within(part_start, subj_end)
    mentions = _subject_mentions(ctx, part_start, subj_end) or [m.person for m in found]
    m = _HE_SHE.search(words)
    poss = _POSS_EVENT.search(words)
    if mentions and poss and poss.group(2).lower() in EVENT_NOUNS:
        p = mentions[0]
        return p, f"{ctx.people.name(p)}’s {poss.group(2).lower()}"
    if mentions:
        p = mentions[0]
        own = _NAME_POSS.search(head_words)
        if own and found and found[0].person == p and len(head_words) < 60:
            tail = [w for w in own.group(1).split() if w not in _AUX]
            if tail and not set(tail) & _RELATIVE_WORD:
                return p, f"{ctx.people.name(p)}’s {' '.join(tail)}"  # "Octavian's fleet"
        return p, ctx.people.name(p)
    if m and m.group(1).lower() in ("he", "she"):
        p = _resolve_pronoun(ctx, part_start + m.start(), ss)
        if p is not None:
            return p, ctx.people.name(p)
        if _only_lead(words[: m.start()]):
            return None, m.group(1).capitalize()  # no one named nearby: keep "He"
    office = _SUBJECT_OFFICE.search(words)
    if office and _only_lead(words[: office.start()]):
        p = _office_holder(ctx, office.group(1), part_start + office.start())
        if p is not None:  # "In 1889 the emperor granted ..."
            return p, ctx.people.name(p)
    lead = _POSS_LEAD.search(words)
    if lead and _only_lead(words[: lead.start()]):
        # "in 1840 his remains were brought back": the remains of the sentence's person
        p = _resolve_pronoun(ctx, part_start, ss)
        if p is not None:
            rest = [w for w in words[lead.end() :].split() if w.lower() not in _AUX]
            if rest and len(rest) <= 3:
                return p, f"{ctx.people.name(p)}’s {' '.join(rest)}"
    # no subject in the clause: the sentence's subject ("X, born ..., rose to power ...")
    words = _LEAD_JUNK.sub("", words)
    tokens = [w for w in words.split() if w.lower() not in _AUX]
    while tokens and tokens[-1].lower().endswith("ly") and len(tokens[-1]) > 4:
        tokens.pop()  # "was probably fought": the adverb belongs to the verb
    if not tokens:
        # the sentence's subject: its first name, or a pronoun standing before any name
        # ("He defeated Warwick ..., and three weeks later destroyed ...")
        subjects = set(_subject_mentions(ctx, ss, cs))
        found = [m for m in ctx.people.within(ss, cs) if m.person in subjects]
        pron = _HE_SHE.search(text, ss, found[0].start if found else cs)
        if pron and pron.group(1).lower() != "they" and _only_lead(text[ss : pron.start()]):
            p = _resolve_pronoun(ctx, pron.start(), ss)
            if p is not None:
                return p, ctx.people.name(p)
        if found:
            return found[0].person, ctx.people.name(found[0].person)
        return None, ""
    if {w.lower() for w in tokens} & _RELATIVE_WORD:
        return None, "\x00"  # the verb belongs to a relative clause, not to the clause
    phrase = polish(" ".join(tokens))
    kept = phrase.split()[-_SUBJECT_WORDS:]
    while len(kept) > 1 and kept[0].lower() in _SUBJECT_LEAD_DROP:
        kept.pop(0)
    return None, " ".join(kept)


def _predicate(text: str, vs: int, ce: int, t: TimeExpr) -> str:
    """The verb and a few words after it, without dates and subordinate tails."""
    out: list[str] = []
    perfect = text[max(0, vs - 5) : vs].lower().rstrip().endswith(("had", "has", "have"))
    for m in _PRED_TOKEN.finditer(text[vs:ce]):
        w = m.group()
        pos = vs + m.start()
        if t.start <= pos < t.end or w in ",;:()" or (out and w.lower() in _TITLE_STOP):
            break
        if w.lower() in _AUX or (w.lower().endswith("ly") and len(w) > 4 and out):
            continue
        if not out and perfect:
            w = _PAST_OF_PARTICIPLE.get(w, w)  # "had become" reads "became" in a title
        out.append(w.strip('“”"'))
        if len(out) >= 7:
            break
    while out and out[-1].lower() in FUNCTION_WORDS:
        out.pop()
    return " ".join(out)


_PAST_OF_PARTICIPLE = {
    "become": "became", "begun": "began", "taken": "took", "given": "gave", "written": "wrote",
    "risen": "rose", "fallen": "fell", "driven": "drove", "chosen": "chose", "broken": "broke",
    "spoken": "spoke", "drawn": "drew", "grown": "grew", "thrown": "threw", "sworn": "swore",
    "stolen": "stole", "ridden": "rode", "overthrown": "overthrew", "done": "did", "gone": "went",
    "seen": "saw", "known": "knew", "come": "came", "run": "ran", "won": "won", "shown": "showed",
}  # fmt: skip
_VERB_FIRST = re.compile(r"[\W\d_]*")


def _make_title(subject: str, predicate: str, fallback: str) -> str:
    """Subject and verb phrase; the clause's opening words when there is no usable verb."""
    if subject == "\x00":
        subject, predicate = "", ""
    if subject and predicate[:1].isupper():
        verb, _, rest = predicate.partition(" ")
        if verb.lower() in IRREGULAR_PAST or verb.lower().endswith("ed"):
            predicate = f"{verb.lower()} {rest}".strip()  # "Served as a judge" after a name
    title = f"{subject} {predicate}".strip() if predicate else ""
    if predicate and not subject and len(predicate.split()) < 2:
        title = ""  # a lone verb ("Died") says nothing
    if not title:
        title = key_phrase(fallback)
    return polish(title)


def _possessive_person(ctx: _Ctx, s: int, e: int) -> int | None:
    ms = ctx.people.within(s, e)
    return ms[0].person if ms else None


def _people_in(ctx: _Ctx, s: int, e: int, extra: list[int | None]) -> list[int]:
    out: list[int] = []
    for p in [*extra, *(m.person for m in ctx.people.within(s, e))]:
        if p is not None and p not in out and not ctx.people.clusters[p].cited:
            out.append(p)
    return out


def _places_in(ctx: _Ctx, s: int, e: int) -> list[str]:
    out: list[str] = []
    i = bisect.bisect_left(ctx.places, (s, -1, ""))
    while i < len(ctx.places) and ctx.places[i][0] < e:
        _, pe, name = ctx.places[i]
        if pe <= e and name not in out:
            out.append(name)
        i += 1
    return out


# --- drafts from sentences --------------------------------------------------------------------


def _is_passing(ctx: _Ctx, t: TimeExpr, cs: int, ce: int, ss: int, se: int) -> bool:
    text = ctx.text
    caption = ctx.captions.get(ss)
    if caption is None:  # asked once per date: a sentence with several dates asks again
        caption = ctx.captions[ss] = _CAPTION.search(text, ss, se) is not None
    if caption:
        return True
    before = text[max(cs, t.start - 16) : t.start]
    if _EDGE_OF.search(before):
        return False
    if _OF_BEFORE.search(before) and t.date is not None and t.date.precision > Precision.DAY:
        head = re.search(
            r"([A-Za-z]+)\s+of\s+(?:the\s+)?(?:entire\s+)?$", text[max(cs, t.start - 40) : t.start]
        )
        named = head is not None and head.group(1)[0].isupper()
        if not named and t.kind is not Kind.RANGE:
            return True
    return False


def _in_other_paren(text: str, cs: int, ce: int, pos: int, t: TimeExpr) -> bool:
    """Whether `pos` lies in a parenthesis that does not hold the date: an aside
    ("(..., reigned 141-87 BC) around 138 BC") is not the clause's happening."""
    op = text.rfind("(", cs, pos)
    if op < 0 or text.rfind(")", op, pos) >= 0:
        return False
    cp = text.find(")", pos, ce)
    close = cp if cp >= 0 else ce
    return not (op < t.start and t.end <= close)


_NOUN_OF = re.compile(
    r"(?:the\s+)?(?P<noun>[a-z]+)\s+of\s+(?P<obj>[^,;:()]{2,60}?)"
    r"\s+(?:in|on|at|of|around|c\.)[\s*_]*$"
)


def _is_event_noun(word: str) -> bool:
    return word in EVENT_NOUNS or (word in EVENT_CLASSES and not word.endswith(("ed", "s")))


def _noun_title(ctx: _Ctx, cs: int, t: TimeExpr) -> str | None:
    """ "the murder of the tribune X in 133 BC" -> "Murder of X": the happening a date is
    attached to by an event noun, for a clause whose verb belongs to another date."""
    m = _NOUN_OF.search(ctx.text, max(cs, t.start - 90), t.start)
    if m is None or not _is_event_noun(m.group("noun")):
        return None
    ms = ctx.people.within(m.start("obj"), m.end("obj"))
    obj = ctx.people.name(ms[-1].person) if ms else m.group("obj")
    return polish(f"{m.group('noun')} of {obj}")


_ING_ASIDE = re.compile(r"\s*,\s+[a-z]+ing\b[^,;:()]{0,150},\s+(?=\S)")


def _past_aside(ctx: _Ctx, ce: int, se: int) -> tuple[int, list[tuple[int, int, str]]]:
    """A clause cut before an -ing aside ("On 27 January 1967, during a rehearsal, a fire
    broke out"; "his men, including 2000 mercenaries, were beaten") has its verb after
    the aside: read on to the end of the next clause."""
    aside = _ING_ASIDE.match(ctx.text, ce)
    if aside is None:
        return ce, []
    cut = _CUT.search(ctx.text, aside.end(), se)
    end = _trim(ctx.text, aside.end(), cut.start() if cut else se)[1]
    verbs = _verbs(ctx.text, aside.end(), end)
    return (end, verbs) if verbs else (ce, [])


def draft_for(
    ctx: _Ctx, t: TimeExpr, cs: int, ce: int, ss: int, se: int, inherit: int | None = None
) -> Draft | None:
    """A draft for date `t` in clause [cs, ce) of sentence [ss, se), or None if no happening."""
    text = ctx.text
    if t.date is None:
        return None
    cs, ce = _trim(text, cs, ce)
    if ce - cs < 4:
        return None
    rel = _REL_START.match(text, cs)
    if rel and cs > ss:
        comma = text.rfind(",", ss, cs)
        lead = max(ss, text.rfind(",", ss, comma) + 1 if comma > ss else ss, comma - 60)
        cs = _trim(text, lead, ce)[0]
    verbs = [v for v in _verbs(text, cs, ce) if not _in_other_paren(text, cs, ce, v[0], t)]
    aside_at = -1  # where an -ing aside between the subject and its verb begins
    if not verbs and t.end <= ce < se:
        aside_at, (ce, verbs) = ce, _past_aside(ctx, ce, se)
    when = _WHEN_AFTER.match(text, t.end)
    after_when = [v for v in verbs if when and v[0] >= when.end()]
    if after_when:
        verb = after_when[0]
    else:
        before = [v for v in verbs if v[1] <= t.start]
        after = [v for v in verbs if v[0] >= t.end]
        verb = before[-1] if before else (after[0] if after else None)
        if before and after and text[cs : t.start].strip() == "":
            verb = after[0]
        if before and after and _FRONTED.match(text, cs):
            # "When Thebes revolted the next year, he destroyed the city": the date dates
            # the main clause's happening; the subordinate one is its occasion
            comma = text.find(",", t.end, ce)
            main = [v for v in after if v[0] > comma] if comma >= 0 else []
            if main and all(v[1] <= comma for v in before):
                verb = main[0]
    heading = bool(_PAREN_DATE.search(text, max(cs, t.start - 3), t.start)) and (
        text[t.end : t.end + 3].lstrip(") ").startswith(":") or t.start - cs < 60
    )
    if verb is None and not _has_event_noun(text, cs, ce) and not heading:
        return None
    if _is_passing(ctx, t, cs, ce, ss, se):
        return None
    es, ee = _window(text, cs, ce, t)
    if heading:
        # "Stalin's Rule (1924-1953): ...", "The Meiji era (1868-1912) ended ..."
        open_paren = text.rfind("(", cs, t.start)
        es, ee = cs, min(ce, t.end + 1)
        head = text[cs:open_paren].strip()
        subj = _possessive_person(ctx, cs, open_paren)
        title = re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.IGNORECASE) or head
        people = _people_in(ctx, cs, open_paren, [subj])
        subject_idx = subj
    else:
        vpos = verb[0] if verb else t.start
        subject_idx, subject_text = None, ""
        if verb and 0 <= aside_at < verb[0] and not _only_lead(text[cs:aside_at]):
            # "his supporters, including ..., were beaten": the subject is before the aside
            subject_idx, subject_text = _subject(ctx, cs, aside_at, ss)
        if subject_idx is None and not subject_text:
            # "and three weeks later destroyed ...": a date just before the verb is no subject
            next_to_verb = cs <= t.start and t.end <= vpos and not text[t.end : vpos].strip()
            subject_idx, subject_text = _subject(ctx, cs, t.start if next_to_verb else vpos, ss)
        if subject_idx is None and not subject_text:
            if verb is not None and _VERB_FIRST.fullmatch(text, ss, vpos):
                # a note line opening on its verb ("Died in Venice, 1324.")
                subject_idx = _topic_person(ctx, vpos, ss)
            else:
                subject_idx = inherit
            if subject_idx is not None:
                subject_text = ctx.people.name(subject_idx)
        predicate = _predicate(text, vpos, ce, t) if verb else ""
        title = _make_title(subject_text, predicate, text[cs:ce])
        if verb is None or (verb[0] > t.end and re.search(r"\d", text[t.end : verb[0]])):
            title = _noun_title(ctx, cs, t) or title
        if subject_idx is not None and subject_text:
            es = min(es, cs)
        people = _people_in(ctx, es, ee, [subject_idx, *_office_people(ctx, es, ee)])
        if not people:
            # "a cannonball shattered his right leg": whose leg the pronoun says
            pron = _PERSONAL.search(text, es, ee)
            p = _resolve_pronoun(ctx, pron.start(), ss) if pron else None
            if p is not None and not ctx.people.clusters[p].cited:
                people = [p]
    denied = (
        verb is not None
        and _NEGATION.search(text, max(cs, verb[0] - 24), verb[0]) is not None
        # "not paid off until 2015" says when it was
        and not _UNTIL.search(text, verb[1], t.start if t.start > verb[1] else ce)
    )
    start, end = _DV.event_dates(t)
    summary = " ".join(text[ss:se].split())
    ev = FoundEvidence(es, ee, _DV.stated(t), Stance.SUPPORTS)
    return Draft(
        title=title[:200],
        summary=summary[:1000],
        start=start,
        end=end,
        evidence=[ev],
        people=people,
        places=_places_in(ctx, es, ee),
        subject=subject_idx,
        **_draft_facts(ctx, title, text[es:ee], people),
        derived=t.kind in (Kind.RELATIVE, Kind.ANCHORED),
        ref_span=t.anchor if t.kind is Kind.RELATIVE else None,
        denied=denied,
    )


_UNTIL = re.compile(r"\b(?:until|till|before|only)\b")
_NEGATION = re.compile(r"\b(?:not|never|n[’']t)\s+(?:[a-z]+\s+)?$")


def _split_two(text: str, cs: int, ce: int, a: TimeExpr, b: TimeExpr) -> int | None:
    """Where a clause holding two dated happenings divides: the last comma (or "and")
    between them, when each side has a verb of its own; else it is one happening."""
    comma = text.rfind(",", a.end, b.start)
    if comma < 0:
        found = text.rfind(" and ", a.end, b.start)
        comma = found if found >= 0 else -1
    if comma < 0:
        return None
    if re.match(r",\s*when\b", text[comma : comma + 8]):
        return None
    if not _verbs(text, cs, comma) or not _verbs(text, comma + 1, ce):
        return None
    return comma


def _refine(d: Draft, t: TimeExpr) -> None:
    """Take the finer of two single dates when one contains the other."""
    if t.date is None or t.end_date is not None or d.end is not None:
        return
    start, _ = _DV.event_dates(t)
    if start.precision < d.start.precision and (
        d.start.earliest_day() <= start.earliest_day() <= start.latest_day() <= d.start.latest_day()
    ):
        d.start = start


def sentence_drafts(ctx: _Ctx, tags: list[TimeExpr]) -> list[Draft]:
    """Drafts for every usable date outside the structured parts, sentence by sentence."""
    text = ctx.text
    drafts: list[Draft] = []
    by_sentence: dict[tuple[int, int], list[TimeExpr]] = {}
    consumed = sorted(ctx.consumed)
    consumed_starts = [s for s, _ in consumed]
    weak: set[int] = set()
    for t in tags:
        if t.date is None or t.confidence < _ALT_CONFIDENCE:
            continue
        i = bisect.bisect_right(consumed_starts, t.start) - 1
        if (i >= 0 and t.start < consumed[i][1]) or ctx.mask.covers(t.start, t.end):
            continue
        sent = _sentence_of(ctx.sentences, t.start)
        if sent is None:
            continue
        if t.confidence < MIN_CONFIDENCE:
            # a bare year after "or", "(some sources say": kept only as an alternative to
            # the date just before it, which the pairing below requires
            prev = by_sentence.get(sent)
            if not prev or not _ALT_GAP.match(text, prev[-1].end, t.start):
                continue
            weak.add(id(t))
        by_sentence.setdefault(sent, []).append(t)
    for (ss, se), ts in by_sentence.items():
        clauses: list[tuple[int, int, TimeExpr]] = []
        leads: dict[int, int] = {}  # clause start -> where its antecedent begins
        for t in ts:
            cs, ce, relative = _clause(text, ss, se, t)
            if len(ts) == 1 and ce < se and _RELATIVE.match(text, ce):
                # "..., against Croesus of Lydia, who had crossed the Halys": an undated
                # relative clause after the date describes the happening's people
                ce = _clause_end_after(text, ce, se)
            if relative:
                # "founded by Chandragupta, who overthrew the Nandas c. 322 BC": the
                # evidence keeps whom the relative clause is about
                comma = text.rfind(",", ss, cs)
                leads[cs] = max(ss, text.rfind(",", ss, comma) + 1) if comma > ss else ss
            clauses.append((cs, ce, t))
        # two dates in one clause: divide it between them
        fixed: list[tuple[int, int, TimeExpr]] = []
        for i, (cs, ce, t) in enumerate(clauses):
            prev = clauses[i - 1] if i > 0 else None
            nxt = clauses[i + 1] if i + 1 < len(clauses) else None
            if nxt and (nxt[0], nxt[1]) == (cs, ce):
                cut = _split_two(text, cs, ce, t, nxt[2])
                if cut is not None:
                    ce = cut
            if prev and (prev[0], prev[1]) == (clauses[i][0], clauses[i][1]):
                cut = _split_two(text, cs, clauses[i][1], prev[2], t)
                if cut is not None:
                    cs = cut + 1
            fixed.append((cs, ce, t))
        subject: int | None = None
        first = ctx.people.within(ss, se)
        if first:
            subject = first[0].person
        made: list[Draft] = []
        alternatives = _alternative_pairs(text, ss, fixed)
        for k, (cs, ce, t) in enumerate(fixed):
            if k in alternatives:
                d = _alternatives_draft(ctx, fixed[k], fixed[alternatives[k]], ss, se, subject)
                if d is not None and not _joins_earlier(ctx, drafts, d, fixed[k][2]):
                    drafts.append(d)
                    made.append(d)
                continue
            if k in alternatives.values() or id(t) in weak:
                continue
            inside = [d for d in made if d.evidence[0].start <= t.start < d.evidence[0].end]
            if inside:
                split = _day_in_span(ctx, inside[0], fixed[k - 1] if k else None, t, ce, ss, se)
                if split is not None:
                    host, own = split
                    for group in (drafts, made):
                        group[group.index(inside[0])] = host
                    drafts.append(own)
                    made.append(own)
                    continue
                # a second date inside an event already made ("in 1807, when ... became law
                # on 25 March 1807"): it may only make that event's date more precise
                _refine(inside[0], t)
                continue
            if _restates_earlier(ctx, drafts, t, ss, se):
                continue
            d = draft_for(ctx, t, cs, ce, ss, se, inherit=subject)
            if d is None or _joins_earlier(ctx, drafts, d, t):
                continue
            lead = leads.get(cs)
            first = d.evidence[0]
            if lead is not None and lead < first.start and first.end - lead <= MAX_EVIDENCE:
                lead = _trim(text, lead, first.end)[0]
                d.evidence[0] = FoundEvidence(lead, first.end, first.date_as_stated, first.stance)
            drafts.append(d)
            made.append(d)
    return drafts


def _day_in_span(
    ctx: _Ctx,
    host: Draft,
    host_clause: tuple[int, int, TimeExpr] | None,
    t: TimeExpr,
    ce: int,
    ss: int,
    se: int,
) -> tuple[Draft, Draft] | None:
    """A day or month inside a span already drafted from the same clause, with a verb of its
    own after the span ("The war, as the conflict of 1868-1869 is called, dragged on and
    ended on June 27, 1869"): a happening of its own. Returns the span's draft redone on
    the words before the cut, and the day's draft."""
    if host.end is None or host_clause is None or t.end_date is not None or t.date is None:
        return None
    hcs, _, host_t = host_clause
    if t.date.precision > Precision.MONTH or host_t.end > t.start:
        return None
    text = ctx.text
    cut = text.find(",", host_t.end, t.start)
    if cut < 0 or not _verbs(text, cut + 1, ce):
        return None
    own = draft_for(ctx, t, cut + 1, ce, ss, se, inherit=host.subject)
    if own is None:
        return None
    redone = draft_for(ctx, host_t, hcs, cut, ss, se, inherit=host.subject)
    return redone or host, own


# "the sixth of Hekatombaion, which is usually equated with about 20 July 356 BC": a date given
# as the equivalent of another is no happening of its own
_EQUATED = re.compile(
    r"(?:\b(?:equated|equates|identified|reckoned)\s+(?:with|as)|\b(?:corresponds?|corresponding|"
    r"equivalent|equal)\s+to|\bi\.\s?e\.,?|\bthat\s+is,?|\bin\s+our\s+(?:calendar|reckoning),?)"
    r"\s+(?:(?:about|around|roughly|approximately|c\.|circa)\s+)?$",
    re.IGNORECASE,
)
_EQUATED_REACH = 600  # how far back the happening whose date is restated may be


# "dates the founding to that morning in 1534": the day of the happening told just before
_ANAPHORIC = re.compile(
    r"\bthat\s+(?:same\s+|very\s+)?(?:morning|day|night|evening|afternoon|date)\s+(?:in|of)\s+$",
    re.IGNORECASE,
)


def _host_before(drafts: list[Draft], t: TimeExpr, finer: bool) -> Draft | None:
    """The last drafted happening before `t`, within reach, with a single date that holds
    `t`'s date (`finer`: "which corresponds to 20 July 356 BC" after "in 356 BC") or lies
    within it ("that morning in 1534" after "On 15 August 1534")."""
    assert t.date is not None
    lo, hi = t.date.earliest_day(), t.date.latest_day()
    for d in reversed(drafts):
        last = d.evidence[-1].end
        if last > t.start:
            continue
        if t.start - last > _EQUATED_REACH:
            break
        if d.end is not None:
            continue
        dlo, dhi = d.start.earliest_day(), d.start.latest_day()
        if (dlo <= lo and hi <= dhi) if finer else (lo <= dlo and dhi <= hi):
            return d
    return None


def _joins_earlier(ctx: _Ctx, drafts: list[Draft], d: Draft, t: TimeExpr) -> bool:
    """Give draft `d`'s evidence to the happening it points back to ("that morning in
    1534"), when one just before holds its date; True when it did."""
    if t.date is None or t.end_date is not None:
        return False
    if not _ANAPHORIC.search(ctx.text, max(0, t.start - 40), t.start):
        return False
    host = _host_before(drafts, t, finer=False)
    if host is None:
        return False
    host.evidence += d.evidence
    _refine(host, t)
    return True


def _restates_earlier(ctx: _Ctx, drafts: list[Draft], t: TimeExpr, ss: int, se: int) -> bool:
    """Attach a date stated as the equivalent of another ("which corresponds to 20 July
    356 BC") to the happening just before it that it falls within, making that happening's
    date finer; False when there is no such happening."""
    if t.date is None or t.end_date is not None:
        return False
    if not _EQUATED.search(ctx.text, max(ss, t.start - 60), t.start):
        return False
    d = _host_before(drafts, t, finer=True)
    if d is None:
        return False
    s, e = _window(ctx.text, *_trim(ctx.text, ss, se), t)
    d.evidence.append(FoundEvidence(s, e, _DV.stated(t), Stance.SUPPORTS))
    _refine(d, t)
    return True


# --- two dates stated for one happening ------------------------------------------------------

# What stands between two dates that are alternatives for one happening: "to 332 BC and
# others to 331 BC", "either 1066 or 1067", "in 1453 (some sources say 1454)".
_ALT_GAP = re.compile(
    r"\s*(?:"
    r"(?:[,;]\s*|\s)(?:and\s+|but\s+|while\s+|whereas\s+|though\s+|although\s+)?"
    r"(?:some|others?|another|many|most|later|earlier)\b(?:\s+[a-z]+){0,5}?"
    r"(?:\s+(?:to|in|at|as|on))?"
    r"|,?\s*or(?:\s+(?:in|on|perhaps|possibly|maybe))?"
    r"|\(\s*(?:or\s+(?:in\s+)?|(?:some|other|another|many|most|later|earlier)\b"
    r"(?:\s+[a-z]+){0,4}?(?:\s+(?:to|in|at|as|on))?)"
    r")\s*(?:the\s+)?$"
)
# A second date is an alternative only when the sentence attributes dates to someone
# ("some date it to", "sources say") or offers a choice ("or"): "X was elected in 1901 and
# others in 1902" reports two happenings.
_ATTRIBUTION = re.compile(
    r"\b(?:dates?|dated|dating|puts?|places?|placed|says?|said|gives?|given|gave|records?|"
    r"recorded|suggests?|suggested|argues?|argued|claims?|claimed|believes?|believed|"
    r"reports?|reported|sources?|accounts?|historians?|writers?|scholars?|authorities|"
    r"chroniclers?|tradition)\b",
    re.IGNORECASE,
)
_OR_WORD = re.compile(r"\bor\b")
_NARROWING_CUES = frozenset(["early", "mid", "late", "beginning", "end", "middle"])
# ", though the official leaflet I picked up in Rome places it in": another authority
# dating the same happening, with words of its own between the two dates
_OTHER_AUTHORITY = re.compile(
    r"\s*[,;]\s*(?:but|while|whereas|though|although)\s+(?:the\s+|an?\s+|his\s+|her\s+)?"
    r"[\w’'-]+(?:\s+[\w’'-]+){0,12}?\s+(?:places?|puts?|dates?|gives?|sets?)\s+"
    r"(?:it|this|that|them|the\s+[a-z]+)\s+(?:to|in|at|as|on)\s+(?:the\s+)?$"
)
_ALT_MAX_GAP = 120  # characters between two alternative dates
_ALT_CONFIDENCE = 0.45  # a weak bare year may still be the second of two alternatives
_ALT_MAX_DAYS = 30 * 366  # alternatives are close; dates decades apart are two happenings


def _alternative_pairs(
    text: str, ss: int, fixed: list[tuple[int, int, TimeExpr]]
) -> dict[int, int]:
    """Indexes k -> k + 1 of neighbouring dates of a sentence that the text offers as
    alternatives for one happening: only words of attribution or "or" between them, no verb
    of their own, single dates that cannot both be right and are close in time."""
    out: dict[int, int] = {}
    for k in range(len(fixed) - 1):
        a, b = fixed[k][2], fixed[k + 1][2]
        if a.date is None or b.date is None or a.end_date is not None or b.end_date is not None:
            continue
        if k in out.values():
            continue
        gap = text[a.end : b.start]
        if len(gap) > _ALT_MAX_GAP:
            continue
        if not _OTHER_AUTHORITY.match(gap):
            if len(gap) > 60 or not _ALT_GAP.match(gap):
                continue
            if not _OR_WORD.search(gap) and not _ATTRIBUTION.search(text, ss, b.start):
                continue
            if _verbs(text, a.end, b.start) and "(" not in gap:
                continue
        (alo, ahi), (blo, bhi) = a.bounds(), b.bounds()
        if alo <= bhi and blo <= ahi:
            continue  # one contains the other: a refinement, not a disagreement
        if max(alo, blo) - min(ahi, bhi) > _ALT_MAX_DAYS:
            continue
        out[k] = k + 1
    return out


def _narrowness(t: TimeExpr) -> tuple[int, int]:
    """Sort key: the finer date first; "early 331 BC" before "332 BC"."""
    assert t.date is not None
    narrowed = t.cue in _NARROWING_CUES or t.date.qualifier.value in ("early", "mid", "late")
    return int(t.date.precision), 0 if narrowed else 1  # precision, not days: leap years


def _alternatives_draft(
    ctx: _Ctx,
    first: tuple[int, int, TimeExpr],
    second: tuple[int, int, TimeExpr],
    ss: int,
    se: int,
    subject: int | None,
) -> Draft | None:
    """One event for a happening dated two ways in one sentence: the more precise date (the
    first stated on a tie) is the event's, the other is kept as contradicting evidence, so
    the reader sees both claims and which sources make them."""
    text = ctx.text
    cs, ce = first[0], max(first[1], second[1])
    a, b = first[2], second[2]
    main, other = (b, a) if _narrowness(b) < _narrowness(a) else (a, b)
    # "X dates the founding to 1534, though the leaflet places it in 1540": the first clause
    # says what happened; the second only says who dates it otherwise
    own_ce = first[1] if second[0] >= first[1] else ce
    d = draft_for(ctx, main, cs, own_ce, ss, se, inherit=subject)
    if d is None:
        return None
    a_span = _trim(text, cs, a.end)
    b_start = a.end
    while b_start < b.start and not text[b_start].isalpha():
        b_start += 1
    for lead in ("and ", "but ", "while ", "whereas ", "though ", "although "):
        if text.startswith(lead, b_start):
            b_start += len(lead)
    b_span = (b_start, b.end)
    main_span, other_span = (a_span, b_span) if main is a else (b_span, a_span)
    d.evidence = [
        FoundEvidence(*main_span, _DV.stated(main), Stance.SUPPORTS),
        FoundEvidence(*other_span, _DV.stated(other), Stance.CONTRADICTS),
    ]
    return d


# --- structured parts: cards, date lines, records ----------------------------------------------

_CARD_LINE = re.compile(r"\s*(?P<date>[^\n·•|]{1,40}?)\s*[·•|]\s*(?P<place>[^\n]+)")


def _line_tags(tags: list[TimeExpr], s: int, e: int) -> list[TimeExpr]:
    i = bisect.bisect_left(tags, s, key=lambda t: t.start)
    out = []
    while i < len(tags) and tags[i].start < e:
        t = tags[i]
        if t.end <= e and t.date is not None:
            out.append(t)
        i += 1
    return out


def _finest(ts: list[TimeExpr]) -> TimeExpr | None:
    return min(ts, key=lambda t: (t.date.precision if t.date else 99, -t.confidence), default=None)


def structured_drafts(ctx: _Ctx, tags: list[TimeExpr], lines: list[tuple[int, int]]) -> list[Draft]:
    """Cards ("Title / 1953 · Place / summary"), date-only lines, and reader records."""
    text = ctx.text
    drafts: list[Draft] = []
    # a card header: title line, "YEAR · Place" line, summary line
    if len(lines) >= 2:
        (t0s, t0e), (l1s, l1e) = lines[0], lines[1]
        card = _CARD_LINE.fullmatch(text, l1s, l1e)
        l1_tags = _line_tags(tags, l1s, l1e)
        if card and l1_tags and l1_tags[0].start - l1s < 3:
            best = _finest(_line_tags(tags, t0s, t0e) + l1_tags)
            assert best is not None and best.date is not None
            summary_span = lines[2] if len(lines) > 2 else None
            if summary_span and _date_only(text, tags, *summary_span):
                summary_span = None
            evidence = [FoundEvidence(t0s, min(t0e, t0s + MAX_EVIDENCE), _DV.stated(best))]
            ps, pe = t0s, t0e
            if summary_span:
                ss, se = summary_span
                first_end = _first_sentence_end(ctx, ss, se)
                evidence.append(
                    FoundEvidence(ss, min(first_end, ss + MAX_EVIDENCE), _DV.stated(best))
                )
                pe = first_end
                ctx.consumed.append((ss, first_end))
            # the "1868 · Kyoto" line states the date: it is evidence too
            evidence.append(FoundEvidence(l1s, min(l1e, l1s + MAX_EVIDENCE), _DV.stated(best)))
            start, end = _DV.event_dates(best)
            people = _people_in(ctx, ps, pe, [])
            places = [p.strip() for p in card.group("place").split("|")[0].split(",")]
            title = " ".join(text[t0s:t0e].split())
            passage = text[ps:pe]
            drafts.append(
                Draft(
                    title=title,
                    summary=" ".join(text[summary_span[0] : summary_span[1]].split())
                    if summary_span
                    else title,
                    start=start,
                    end=end,
                    evidence=evidence,
                    people=people,
                    places=[p for p in places if p][:1] + [p for p in places if p][1:],
                    subject=people[0] if people else None,
                    **_draft_facts(ctx, title, passage, people),
                )
            )
            ctx.consumed += [(t0s, t0e), (l1s, l1e)]
    # a line that is only a date, followed by the text it dates
    starts = {t.start for t in tags}
    for i, (ls, le) in enumerate(lines[:-1]):
        j = ls
        while j < le and text[j] in _DATE_LINE_STRIP:
            j += 1
        if j not in starts:
            continue  # a date-only line opens on its date: most lines are ruled out here
        if any(s <= ls < e for s, e in ctx.consumed):
            continue
        t = _date_only(text, tags, ls, le)
        if t is None:
            continue
        ns, ne = lines[i + 1]
        first_end = _first_sentence_end(ctx, ns, ne)
        if _line_tags(tags, ns, first_end):
            continue  # "November 1869" over "On 3 November we ...": a heading, not a date line
        d = _draft_span(ctx, t, ns, first_end)
        if d is not None:
            d.evidence.insert(0, FoundEvidence(ls, le, _DV.stated(t)))
            drafts.append(d)
            ctx.consumed += [(ls, le), (ns, first_end)]
    drafts += _record_drafts(ctx, tags)  # records first: their lines read like chronologies
    drafts += _chronology_drafts(ctx, tags, lines)
    return drafts


_CHRONO_LEAD = re.compile(r"[-*•>]?[ \t]*")
_CHRONO_APPROX = re.compile(r"(?:c\.|ca\.|circa|about|Circa|About)[ \t]*")
# what divides a chronology line's date from its text: a dash, colon or bar, or a full stop
# before a capital ("c. 1353 BC. Amenhotep IV comes to the throne")
_CHRONO_SEP = re.compile(r"[ \t]*[—–:|][ \t]*|[ \t]+-[ \t]+|\.[ \t]+(?=[\"“‘(]?[A-Z])")
_HAS_LETTER = re.compile(r"[^\W\d_]{2}")


def _chronology_drafts(
    ctx: _Ctx, tags: list[TimeExpr], lines: list[tuple[int, int]]
) -> list[Draft]:
    """Chronology lines ("- 1368 — Ming founded", "1421: capital moved"): the date opens
    the line and a separator gives the rest of the line as what happened then. Prose cut
    at a dash would lose its date's clause, so such a line is read whole."""
    text = ctx.text
    out: list[Draft] = []
    starts = {t.start for t in tags if t.date is not None}
    for ls, le in lines:
        lead = _CHRONO_LEAD.match(text, ls, le)
        if lead is None or lead.end() >= le:
            continue
        at = lead.end()
        if at not in starts:
            approx = _CHRONO_APPROX.match(text, at, le)
            if approx is None or approx.end() not in starts:
                continue
            at = approx.end()
        line_tags = _line_tags(tags, ls, le)
        if not line_tags or line_tags[0].start != at:
            continue
        t = line_tags[0]
        sep = _CHRONO_SEP.match(text, t.end, le)
        if sep is None or sep.end() >= le or not _HAS_LETTER.search(text, sep.end(), le):
            continue
        if any(s <= ls < e for s, e in ctx.consumed) or t.confidence < MIN_CONFIDENCE:
            continue
        rs = sep.end()
        re_ = _first_sentence_end(ctx, rs, le)
        d = _draft_span(ctx, t, rs, re_)
        d.evidence = [FoundEvidence(lead.end(), min(re_, lead.end() + MAX_EVIDENCE), _DV.stated(t))]
        out.append(d)
        ctx.consumed.append((ls, le))
    return out


def _first_sentence_end(ctx: _Ctx, s: int, e: int) -> int:
    sent = _sentence_of(ctx.sentences, s)
    return min(e, sent[1]) if sent else e


_DATE_LINE_STRIP = " :.-–—"


def _date_only(text: str, tags: list[TimeExpr], s: int, e: int) -> TimeExpr | None:
    for t in _line_tags(tags, s, e):
        rest = (text[s : t.start] + text[t.end : e]).strip(_DATE_LINE_STRIP)
        if not rest:
            return t
    return None


def _draft_span(ctx: _Ctx, t: TimeExpr, s: int, e: int) -> Draft | None:
    """A draft whose date is stated apart from the passage (date line, record)."""
    assert t.date is not None
    text = ctx.text
    verbs = _verbs(text, s, e)
    vpos = verbs[0][0] if verbs else s
    subj, subj_text = _subject(ctx, s, vpos, s) if verbs else (None, "")
    predicate = _predicate(text, vpos, e, t) if verbs else ""
    title = _make_title(subj_text, predicate, text[s:e])
    people = _people_in(ctx, s, e, [subj])
    start, end = _DV.event_dates(t)
    passage = text[s:e]
    return Draft(
        title=title[:200],
        summary=" ".join(passage.split())[:1000],
        start=start,
        end=end,
        evidence=[FoundEvidence(s, min(e, s + MAX_EVIDENCE), _DV.stated(t))],
        people=people,
        places=_places_in(ctx, s, e),
        subject=subj,
        **_draft_facts(ctx, title, passage, people),
    )


def _record_date(text: str) -> TimeExpr | None:
    """A record's date: the ISO and everyday forms users type ("-0043-03-15", "44 BC")
    first, then anything the tagger finds in it ("July 1790", "1618 – 1648")."""
    try:
        date = parse_date(text)
    except DateParseError:
        return _finest([x for x in tag(text) if x.date is not None])
    return TimeExpr(0, len(text), date, None, Kind.DATE, 1.0)


def _record_drafts(ctx: _Ctx, tags: list[TimeExpr]) -> list[Draft]:
    out: list[Draft] = []
    for rec in ctx.doc.records:
        rs, re_ = max(0, rec.start), min(len(ctx.text), rec.end)
        if rs >= re_:
            continue
        t = _record_date(rec.date_text)
        if t is None:
            continue
        t = TimeExpr(rs, rs, t.date, t.end_date, t.kind, t.confidence)
        d = _draft_span(ctx, t, rs, re_)
        if d is None:
            continue
        if rec.title:
            d.title = tidy_record_title(rec.title)[:200]
        d.places = list(dict.fromkeys([*rec.places, *d.places]))
        d.evidence = [FoundEvidence(rs, min(re_, rs + MAX_EVIDENCE), _DV.stated(t))]
        d.extra_people = list(rec.people)
        out.append(d)
        ctx.consumed.append((rs, re_))
    return out
