"""Same happening? A measured decision on two reports (`similarity`), and the day slip.

A pair of reports scores a bonus for how their dates relate (`date_relation`: the same day,
a day within a month, a year within a century ...) plus what they share (`shared_content`):
content words, weighted down when the document keeps using them (`word_uses`), people, the
kind of happening, named happenings and capitalised names. It is one happening when the
score reaches a threshold; two passages of one text need more than two sources do. The
weights are data (`lang/<code>/corroboration.toml`), tuned on labelled pairs built from the
gold files (`benchmarks/corroboration_pairs.py --train`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from timeline_desktop.extract.events.words import WORD, EventWords, WordFacts
from timeline_desktop.extract.lexicon import Lexicon, load
from timeline_desktop.extract.names import NameWords
from timeline_desktop.extract.word_start import opening_on_letters


@dataclass(slots=True)
class Facts:
    """What comparisons need of an event, drafted here or stored earlier."""

    lo: int
    hi: int
    is_range: bool
    people: set[str]
    subject: str | None
    cls: str
    classes: set[str]
    roles: set[str]
    words: set[str]
    named: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # capitalised phrases ("black death")
    # where in its document the date expressions it was drafted from start
    dated_by: frozenset[int] = frozenset()
    # how its day is stated in its own text (a draft of one document): "" unknown,
    # "prose" a day and year written in its own sentence, "stamp" a catalogue time stamp
    # ("1995-12-07T17:45:58"); a day only a heading, a relative date or the year
    # stated before gives it is neither
    day_stated: str = ""
    sources: int = 1  # how many sources support it (a stored event)
    # the parts of its hyphenated compounds ("shoemaker-levy": shoemaker, levy)
    parts: dict[str, frozenset[str]] = field(default_factory=dict)


class MatchWeights:
    """The matcher's weights and thresholds, read once per lexicon (`[maps.match*]`)."""

    def __init__(self, lex: Lexicon) -> None:
        m = lex.map("match")
        self.threshold = float(m["threshold"])
        self.word = float(m["word"])
        self.word_cap = float(m["word_cap"])
        self.common_after = float(m["common_after"])
        self.word_share = float(m["word_share"])
        self.people = float(m["people"])
        self.other_people = float(m["other_people"])
        self.same_kind = float(m["same_kind"])
        self.once = float(m["once"])
        self.kind_shared = float(m["kind_shared"])
        self.other_kind = float(m["other_kind"])
        self.named = float(m["named"])
        self.name = float(m["name"])
        self.one_off = float(m["one_off"])
        self.member = float(m["member"])
        self.slip_days = int(m["slip_days"])
        self.slip_threshold = float(m["slip_threshold"])
        self.margin = float(m["margin"])
        self.one_expression = float(m["one_expression"])
        self.slip_within = float(m["slip_within"])
        self.slip_within_words = int(m["slip_within_words"])
        frames = "|".join(sorted(lex.words("frame_words")))
        frame = opening_on_letters(rf"\b(?:{frames})\s+[^,.;:()]*", re.IGNORECASE)
        self.frame = re.compile(frame, re.IGNORECASE)
        """A time frame a passage names ("during the orbit insertion phase")."""
        self.across = {k: float(v) for k, v in lex.map("match_dates_across").items()}
        self.within = {k: float(v) for k, v in lex.map("match_dates_within").items()}
        for table in (self.across, self.within):
            if set(table) != set(DATE_RELATIONS):
                raise ValueError(f"{lex.code}: the match date bonuses must name {DATE_RELATIONS}")


MEMBER = "member:"
"""How a name read as one member of a group starts (`groups.marked`)."""

DATE_RELATIONS = (
    "day", "same_month", "same_year", "same_wide", "in_month", "in_year", "in_span", "in_wide",
    "overlap",
)  # fmt: skip
"""How two compatible dates relate, finest first (`date_relation`)."""


def date_relation(a: Facts, b: Facts) -> str:
    """How two reports' dates relate (one of DATE_RELATIONS), or "" when they cannot name
    the same happening: they do not meet, or meet only in part (two ranges may still
    mostly overlap), or one is a date at the edge of the other's span (a birth on the
    first day of a lifespan, an outbreak in the first year of a war) or a single date
    inside a stated span of years (a death within a reign: a moment of the period)."""
    if a.hi < b.lo or b.hi < a.lo:
        return ""
    la, lb = a.hi - a.lo + 1, b.hi - b.lo + 1
    inter = min(a.hi, b.hi) - max(a.lo, b.lo) + 1
    if inter < min(la, lb):
        union = max(a.hi, b.hi) - min(a.lo, b.lo) + 1
        return "overlap" if a.is_range and b.is_range and inter / union >= 0.5 else ""
    wide = max(la, lb)
    if la == lb:
        if wide == 1:
            return "day"
        return "same_month" if wide <= 31 else "same_year" if wide <= 366 else "same_wide"
    inner, outer = (a, b) if la < lb else (b, a)
    at_edge = inner.lo == outer.lo or inner.hi == outer.hi
    if at_edge and outer.is_range and not inner.is_range and wide > 2 * min(la, lb):
        return ""  # the first or last day (or year) of a span: its start or end, not it
    if outer.is_range and wide > 366 and not inner.is_range:
        return ""  # a moment of a stated period of years (a death in a reign, a battle of
        # a war): a happening within the period, not the period itself
    if outer.is_range and wide <= 366:
        return "in_span"  # a day within a stated span of days: a stage of it, or it
    return "in_month" if wide <= 31 else "in_year" if wide <= 366 else "in_wide"


def compatible(a: Facts, b: Facts) -> bool:
    """Whether two dates may name the same happening."""
    return bool(date_relation(a, b))


WordUses = dict[str, int]
"""How often each content-word stem occurs in a document (`word_uses`)."""
_STEM = itemgetter(3)  # of `WordFacts`


def word_uses(
    text: str, lex: Lexicon | None = None, read: list[WordFacts] | None = None
) -> WordUses:
    """Uses of each content-word stem in `text`: a word the whole document keeps using
    (its topic) says little about which of its happenings a passage reports. `read`: the
    facts of `text`'s words, when a `WordTable` has them (the same counts, in the same
    order: each stem first where its first word is)."""
    if read is not None:
        counted = Counter(map(_STEM, read))
        counted.pop("", None)
        return dict(counted)
    facts = _words(lex).word_facts
    out: WordUses = {}
    for w, n in Counter(WORD.findall(text)).items():  # each written form looked up once
        stem = facts(w)[3]
        if stem:
            out[stem] = out.get(stem, 0) + n
    return out


def shared_content(
    a: Facts, b: Facts, uses: WordUses | None = None, lex: Lexicon | None = None
) -> float:
    """What two reports share besides their dates, as a score (see `similarity`)."""
    w = weights(lex)
    kinds = _words(lex).event_classes
    # a word naming the kind of happening ("death") is counted as the kind, not twice
    common = a.words & b.words
    shared = {s for s in common if s not in kinds} if common else set()
    # a compound meets its parts written apart: "Shoemaker-Levy" and "Shoemaker–Levy"
    if a.parts or b.parts:
        for x, y in ((a, b), (b, a)):
            for compound, parts in x.parts.items():
                if parts <= y.words and compound not in y.words:
                    shared.add(compound)
    if not shared:
        worth = 0.0
    elif uses:
        k = w.common_after
        worth = sum(1.0 if uses.get(s, 0) <= k else math.sqrt(k / uses[s]) for s in shared)
    else:
        worth = float(len(shared))
    small = max(1, min(len(a.words), len(b.words)))
    score = w.word * min(worth, w.word_cap) + w.word_share * len(shared) / small
    people = common_people(a.people, b.people)
    if not people and bool(a.people) != bool(b.people):
        people = _named_in_words(a.people or b.people, b.words if a.people else a.words, lex)
    elif not people and a.people and b.people:
        people = _first_names_alike(a.people, b.people)
    strangers = bool(a.people) and bool(b.people) and not people
    if people:
        score += w.people
    elif strangers:
        score -= w.other_people
    common_kinds = a.classes & b.classes
    other_kind = bool(a.classes) and bool(b.classes) and not common_kinds
    if a.cls and a.cls == b.cls:
        score += w.same_kind
    elif common_kinds:
        score += w.kind_shared  # "his death ended the war" and "he died"
    elif other_kind:
        score -= w.other_kind
    if people and common_kinds & _words(lex).once_classes:
        score += w.once  # one person's death (or birth): there is only one
    if names := a.names & b.names:
        score += w.name  # "the Black Death", "the Family Portrait" in both
        if any(n.startswith(MEMBER) for n in names):
            score += w.member  # one member of a group both name (`groups.marked`)
    for n in a.named & b.named:
        if ":" in n:
            score += w.named  # "the Battle of Towton" in both: one battle, whoever is named
        elif not strangers and not other_kind:
            score += w.one_off  # "the coronation" of the same person (or of one named)
    return score


def _named_in_words(people: set[str], words: set[str], lex: Lexicon | None) -> set[str]:
    """The people (keys) whose surname is among a report's words: a chronology row or a
    passage whose names were not read as people ("Death of Lind") still names them."""
    stem = _words(lex).word_facts
    return {p for p in people if (last := p.rsplit(" ", 1)[-1]) and stem(last)[3] in words}


def _first_names_alike(a: set[str], b: set[str]) -> set[str]:
    """The people (keys) one report names by a first name alone and the other in full
    ("Harald" and "Harald Vasse"): not two people known to differ, as a report naming
    strangers is. (Never a person merge: two Haralds stay two people.)"""
    out = set()
    for x in a:
        for y in b:
            short, full = (x, y) if " " not in x else (y, x)
            if " " not in short and " " in full and full.split(" ", 1)[0] == short:
                out.add(full)
    return out


def others_happening(a: Facts, b: Facts, lex: Lexicon | None = None) -> bool:
    """Whether two reports tell a happening of one person each, and of two people: two
    deaths (or appointments) on one day, whatever else the reports share. It takes a
    report whose subject is known (the person who died): a name read wrongly elsewhere
    in a sentence ("power passed to his stepson ...") says nothing of whose death it is.
    So are two kinds of happening done by two people ("his father died; he became king"),
    however much wording the two share (one sentence may tell both)."""
    two_kinds = bool(a.cls and b.cls and a.cls != b.cls)
    if two_kinds and a.subject and b.subject and not common_people({a.subject}, {b.subject}):
        return True
    if not a.people or not b.people or common_people(a.people, b.people):
        return False
    if _first_names_alike(a.people, b.people):
        return False  # ("Harald died" and "Harald Vasse died": maybe one man)
    if not (a.subject and a.subject in a.people) and not (b.subject and b.subject in b.people):
        return False
    personal = _words(lex).personal_classes
    return bool(a.cls and a.cls == b.cls and a.cls in personal)


def common_people(a: set[str], b: set[str]) -> set[str]:
    """The people (keys) two reports both name: the same key, or a surname alone in one
    and the full name in the other ("Khrushchev" and "Nikita Khrushchev"; a first name
    shared is no one in common)."""
    both = a & b
    if both or not a or not b:
        return both
    for x in a:
        xs = x.split()
        for y in b:
            ys = y.split()
            short, full = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
            if short[-1] == full[-1] and set(short) <= set(full):
                both.add(x if len(xs) >= len(ys) else y)
    return both


def similarity(
    a: Facts,
    b: Facts,
    within: bool = False,
    uses: WordUses | None = None,
    lex: Lexicon | None = None,
) -> float | None:
    """How alike two reports are, or None when they are not the same happening.

    `within`: both come from one document (it takes more to be one happening there);
    `uses`: the word uses of the document being read (`word_uses`).
    """
    relation = date_relation(a, b)
    if not relation or others_happening(a, b, lex):
        return None
    w = weights(lex)
    if within and a.dated_by & b.dated_by:
        # two passages dated by one expression (a diary's day heading, a year opening a
        # paragraph): the date they share says nothing of their being one happening
        bonus = w.one_expression
    else:
        bonus = (w.within if within else w.across)[relation]
    score = bonus + shared_content(a, b, uses, lex)
    return score if score >= w.threshold else None


def weights(lex: Lexicon | None = None) -> MatchWeights:
    """The matcher's weights of a lexicon (English by default)."""
    return (lex or load()).compiled(MatchWeights)


def slip_days(lex: Lexicon | None = None) -> int:
    """How many days apart two sources' dates of one happening may slip (`slip`)."""
    return weights(lex).slip_days


def slip(
    a: Facts, b: Facts, uses: WordUses | None = None, lex: Lexicon | None = None
) -> float | None:
    """What two reports of single days a few days apart share, when it is enough for one
    happening told with a slip of the date (21 vs 29 October; 7 December local time, 8
    December UTC); else None. Only reports of two sources are compared so: one narrative
    tells of many days alike."""
    if a.lo != a.hi or b.lo != b.hi or a.lo == b.lo or (a.cls and b.cls and a.cls != b.cls):
        return None  # (a death and its announcement the next day are two happenings)
    w = weights(lex)
    if abs(a.lo - b.lo) > w.slip_days:
        return None
    score = shared_content(a, b, uses, lex)
    return score if score >= w.slip_threshold else None


def slip_within(
    a: Facts, b: Facts, uses: WordUses | None = None, lex: Lexicon | None = None
) -> float | None:
    """What two passages of one text share when it is enough for one happening the text
    dates twice, a few days apart (an impact "on 21 September" in an overview and "on 19
    September" in a later section; an arrival dated once locally and once in UTC); else
    None.

    A narrative tells of many days alike (a diary's fire on the 2nd, the 3rd, the 4th), so
    it takes more than between sources: both days written in full in the passages' own
    sentences (not a diary's heading, not counted from another date), at most one of them
    a catalogue's time stamp (two stamps of one record are two moments it logged), the
    same kind of happening where both name one, several content words (or people) in
    common and a higher score (`slip_within`)."""
    if not a.day_stated or not b.day_stated or a.day_stated == b.day_stated == "stamp":
        return None
    if a.lo != a.hi or b.lo != b.hi or a.lo == b.lo or (a.cls and b.cls and a.cls != b.cls):
        return None
    w = weights(lex)
    if abs(a.lo - b.lo) > w.slip_days:
        return None
    kinds = _words(lex).event_classes
    common = {s for s in a.words & b.words if s not in kinds} | common_people(a.people, b.people)
    if len(common) < w.slip_within_words:  # (a person both name counts as a word)
        return None
    score = shared_content(a, b, uses, lex)
    return score if score >= w.slip_within else None


_NAME_RUN = re.compile(
    r"[A-Z][\w'’-]*(?:[ \t]+(?:(?:of|the|de|du|la|le|von|van|and)[ \t]+)*[A-Z][\w'’-]*)+"
)


def names_in(text: str, people: set[str], lex: Lexicon | None = None) -> set[str]:
    """Capitalised phrases of two words or more in `text` ("the Black Death", "the Great
    Fire", "Family Portrait"), as name keys, leaving out the names of its `people` (keys)
    and the capitalised word that opens a sentence ("The", "In")."""
    if not text:
        return set()
    lexicon = lex or load()
    key, lead = lexicon.compiled(NameWords).key, _words(lexicon).function_words
    out = set()
    for m in _NAME_RUN.finditer(text):
        words = m.group().split()
        while words and words[0].lower() in lead:
            words.pop(0)
        if len(words) < 2:
            continue
        k = key(" ".join(words))
        if k and not any(k in p or p in k for p in people):
            out.add(k)
    return out


def _words(lex: Lexicon | None) -> EventWords:
    return (lex or load()).compiled(EventWords)
