"""Personal names: detection from capitalised runs and cues, then propagation and aliases.

A capitalised run is a name only with evidence: a title before it ("Marshal", "King"), a
role in apposition (", the leader of"), a person verb after it ("died", "said"), "who", a
possessive with a person noun ("X's death"), or being listed together with known people.
Organisation, event and place words, nationality adjectives and "the" before the run keep
things ("the Central Committee", "Secret Speech") out. Once a full name is accepted its parts
are recognised alone in this document, and through the context's known people in later
documents. Transliteration variants (Nikolay/Nikolai, Georgy/Georgii, Cyrillic spellings)
share a folding key, and stated aliases ("born X", "better known as Y") join one person.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from timeline_desktop.domain.model import FoundPerson, Person
from timeline_desktop.extract.lexicon import (
    ADJECTIVES,
    FUNCTION_WORDS,
    IRREGULAR_PAST,
    MONTHS,
    PERSON_NOUNS,
    PERSON_VERBS,
    PLACE_SUFFIXES,
    PLACES,
    ROLE_NOUNS,
    SEASON_WORDS,
    THING_HEADS,
    TITLE_IS_NAME_TOO,
    TITLES,
    WEEKDAYS,
)
from timeline_desktop.extract.text import LETTER, UPPER, Mask, fold

# --- transliteration key ---------------------------------------------------------------------

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        [
            "a",
            "v",
            "g",
            "d",
            "e",
            "z",
            "i",
            "th",
            "i",
            "k",
            "l",
            "m",
            "n",
            "x",
            "o",
            "p",
            "r",
            "s",
            "s",
            "t",
            "i",
            "f",
            "ch",
            "ps",
            "o",
        ],
        strict=True,
    )
)
_TRANSLIT_RULES = (
    ("shch", "sh"),
    ("dzh", "j"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("kh", "h"),
    ("ck", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("x", "ks"),
    ("ou", "u"),
    ("yo", "e"),
    ("ye", "e"),
    ("y", "i"),
    ("gh", "g"),
)
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """A folding key under which common transliterations of a name meet.

    "Nikolay"/"Nikolai", "Georgy"/"Georgi"/"Georgii", "Yuri"/"Yury", "Хрущёв"/"Khrushchev"
    all fold together; the key is only for matching, never shown.
    """
    numerals = [w for w in name.split() if _ROMAN_OK.match(w)]
    s = fold(" ".join(w for w in name.split() if not _ROMAN_OK.match(w)))
    if not s.isascii():
        s = "".join(_CYRILLIC.get(ch, _GREEK.get(ch, ch)) for ch in s).replace("-", "")
    s = re.sub(r"[^a-z ]+", "", s)
    for a, b in _TRANSLIT_RULES:
        s = s.replace(a, b)
    return " ".join([*(_DOUBLE.sub(r"\1", w) for w in s.split()), *numerals])


# --- candidate runs --------------------------------------------------------------------------

_TOKEN = UPPER + LETTER + r"*(?:['’\-](?![sS]\b)" + LETTER + r"+)*"
_PIECE = (
    rf"(?:{UPPER}\.(?=\s)|{_TOKEN}|[IVX]{{1,5}}\b|[\"“]{UPPER}{LETTER}+[\"”]"
    rf"|\d{{1,2}}(?:st|nd|rd|th)\s+(?={UPPER}))"
)
_EPITHET = (
    r"the[ \t]+(?:Great|Elder|Younger|Conqueror|Confessor|Bold|Fair|Good|Wise|Terrible|"
    r"Magnificent|Pious|Lionheart|Kingmaker|Navigator|Liberator|Just|Fat|Bald|Unready|Lame|"
    r"Apostate|Martyr|Lawgiver|Builder|Blessed|Cruel|Mad|Red|Black|Elder|Younger)\b"
)
_PARTICLES = r"(?:de|da|di|del|della|der|den|van|von|dze|bin|ibn|al|el|la|le|du|dos|das|zu|of)"
_RUN = re.compile(
    rf"(?<![\w’'\-]){_TOKEN}(?:[ \t]+(?:{_EPITHET}|(?:{_PARTICLES}[ \t]+)?{_PIECE}))*"
)
_PIECE_RE = re.compile(rf"{_EPITHET}|{_PIECE}|{_PARTICLES}")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z]+(?![\w'’-])")
_ROMAN = re.compile(r"[IVX]{1,5}$")
_ROMAN_OK = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X|XI{1,3}|XIV|XV|XVI{1,3}|XIX|XX)$")

_COMMON = frozenset(
    [
        "appointed",
        "becomes",
        "become",
        "became",
        "happened",
        "does",
        "matter",
        "why",
        "what",
        "new",
        "leader",
        "complex",
        "personality",
        "edition",
        "leaders",
        "rise",
        "fall",
        "death",
        "life",
        "birth",
        "reign",
        "rule",
        "years",
        "changes",
        "consolidation",
        "power",
        "effects",
        "overview",
        "history",
        "story",
        "timeline",
        "introduction",
        "conclusion",
        "background",
        "aftermath",
        "origins",
        "legacy",
        "summary",
        "notes",
        "references",
        "reading",
        "readings",
        "posted",
        "week",
        "reading",
        "response",
        "gallery",
        "guide",
        "room",
        "rooms",
        "case",
        "object",
        "wall",
        "panel",
        "and",
        "receives",
        "restored",
        "falls",
        "assent",
        "stop",
        "going",
        "rethinking",
        "programme",
        "program",
        "rooms",
        "first",
        "floor",
        "prince",
        "conquest",
        "back",
        "act",
        "christmas",
        "eve",
        "easter",
        "day",
        "new",
        "year",
    ]
)
_NAME_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ism", "ance", "ence", "ship", "hood")
_NOT_NAME = FUNCTION_WORDS | frozenset(MONTHS) | WEEKDAYS | SEASON_WORDS
_WHO_AFTER = re.compile(r"\s*,?\s*(?:who|whom|whose)\b")
_APPOSITION = re.compile(
    r"\s*,\s*(?:the|a|an|his|her|their|its)\s+(?:[\w-]+\s+){0,4}?(?P<role>[a-z-]+)\b"
)
_POSSESSIVE = re.compile(r"['’]s?\s+(?:[\w-]+\s+)?(?P<noun>[a-z]+)")
_VERB_AFTER = re.compile(
    r"\s*(?:,[^,]{1,80},\s*)?(?:(?:had|has|was|were|would|then|also|later|soon|finally|"
    r"first|once|never|himself|herself|[a-z]+ly)\s+){0,3}(?P<verb>[a-z]+)\b"
)
_BEFORE_WORD = re.compile(r"([\w’'-]+)\W*$")
_JOINERS = "’'-"


def _word_before(text: str, pos: int, limit: int = 30) -> tuple[int, int] | None:
    """(start, end) of the last word before `pos` within `limit` characters: what
    `_BEFORE_WORD.search` finds, by a backward walk (an end-anchored regex search retries at
    every position of the window, and this runs for every capitalised run)."""
    lo = max(0, pos - limit)
    k = pos - 1
    while k >= lo and not (text[k].isalnum() or text[k] == "_"):
        k -= 1
    if k < lo:
        m = _BEFORE_WORD.search(text, lo, pos)  # only joiners ("-") in the window
        return (m.start(1), m.end(1)) if m else None
    e = k + 1
    while e < pos and text[e] in _JOINERS:
        e += 1
    b = k
    while b > lo and (text[b - 1].isalnum() or text[b - 1] == "_" or text[b - 1] in _JOINERS):
        b -= 1
    return b, e


_ALIAS_CUE = re.compile(
    r"\s*,?\s*\(?\s*(?P<cue>born|née|nee|better known as|also known as|also called|"
    r"a\.k\.a\.|aka|known as|later named|later called|often called|called|nicknamed|"
    r"whose real name was|formerly|originally)\s+(?:as\s+)?(?:the\s+)?",
    re.IGNORECASE,
)
_STYLE = re.compile(
    r",\s+(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)\s+)?(?P<title>Duke|Duchess|Earl|Count|Countess|"
    r"Baron|Marquess|Marquis|Viscount|Lord|Prince|Princess|King|Queen|Emperor|Empress)"
    rf"\s+(?:of\s+)?(?P<place>{UPPER}{LETTER}+)"
)
_WORK_NOUNS = frozenset(
    [
        "novel",
        "book",
        "play",
        "film",
        "movie",
        "poem",
        "song",
        "opera",
        "painting",
        "ship",
        "newspaper",
        "magazine",
        "album",
        "series",
        "epic",
        "treatise",
        "essay",
        "pamphlet",
    ]
)
_PLACE_PREP = frozenset(
    ["in", "at", "near", "into", "across", "throughout", "towards", "toward", "via"]
)
_RUN_BREAK_BEFORE = frozenset(("the",))


def _always_common(f: str) -> bool:
    return f in _NOT_NAME or f in _COMMON or (f.endswith(_NAME_ENDINGS) and len(f) > 6)


def _common_on_heading(f: str, lower_vocab: frozenset[str], tok: str = "") -> bool:
    """On a title-case heading a capital says little: words the text also writes in lower
    case, and verb forms, are common words there. A word written with diacritics
    ("Sieyès") is no English verb form, whatever its folded ending."""
    if f in lower_vocab:
        return True
    return len(f) > 5 and f.endswith(("ed", "es")) and (not tok or tok.isascii())


_PLACE_PREFIXES = frozenset(
    ["st", "saint", "san", "santa", "sankt", "fort", "port", "mount", "lake", "cape"]
)


def _is_thing(tok: str) -> bool:
    f = fold(tok)
    return f in THING_HEADS or f in ADJECTIVES


def _is_place(tok: str) -> bool:
    f = fold(tok)
    return f in PLACES or (len(f) > 6 and f.endswith(PLACE_SUFFIXES))


@dataclass(slots=True)
class _Seg:
    """A name-shaped segment of a capitalised run."""

    start: int
    end: int
    tokens: list[str]
    title: str = ""  # a title written before it ("Marshal")
    title_start: int = -1
    score: float = 0.0
    thing: bool = False
    place_cue: bool = False
    text: str = ""  # the tokens joined, computed once (clustering reads it many times)

    def __post_init__(self) -> None:
        self.text = " ".join(self.tokens)


def _single_token(
    tok: str, lower_vocab: frozenset[str], heading: Callable[[], bool], cache: dict[str, int]
) -> int:
    """A one-word run: 0 not a name piece, 1 a name piece, 2 a piece that names a thing.

    Most capitalised runs are one word and the same words recur, so the decision is cached
    per document (3 = it depends on whether the line is a heading). It is the walk
    `_run_segments` does, without its regexes; the heading test runs only when it matters.
    """
    res = cache.get(tok)
    if res is None:
        f = fold(tok.rstrip("."))
        if f in TITLES and f not in TITLE_IS_NAME_TOO:
            res = 0  # a title with nothing after it
        elif (tok.isupper() and len(tok) > 1 and not _ROMAN.match(tok)) or _ROMAN.match(tok):
            res = 0  # an acronym, or a numeral with no name before it
        else:
            g = fold(tok.strip('"“”'))
            if _always_common(g):
                res = 0
            elif _common_on_heading(g, lower_vocab, tok):
                res = 3
            else:
                res = 2 if f in _PLACE_PREFIXES or _is_thing(tok) else 1
        cache[tok] = res
    if res == 3:
        if heading():
            return 0
        f = fold(tok.rstrip("."))
        return 2 if f in _PLACE_PREFIXES or _is_thing(tok) else 1
    return res


_HEADING_WORD = re.compile(r"[A-Za-z]{4,}")
_HEADING_CAP = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]{3,}")


def _segments(text: str, lower_vocab: frozenset[str], mask: Mask) -> list[_Seg]:
    """Name-shaped pieces of every capitalised run, with the title written before them."""
    out: list[_Seg] = []
    line_heading: dict[int, bool] = {}
    single: dict[str, int] = {}
    # a run of several words gives the same segments wherever it stands, unless a
    # position test (heading line, sentence start) decided something: those are not cached
    runs: dict[str, list[tuple[int, int, tuple[str, ...], str, int, bool]]] = {}
    ls = 0

    def heading() -> bool:
        """Whether the line at `ls` is a title-case heading (computed once per line)."""
        nonlocal ls
        if ls < 0:
            ls = text.rfind("\n", 0, -1 - ls) + 1
        known = line_heading.get(ls)
        if known is None:
            le = text.find("\n", ls)
            le = le if le >= 0 else len(text)
            n_words = len(_HEADING_WORD.findall(text, ls, le))
            n_caps = len(_HEADING_CAP.findall(text, ls, le))
            known = line_heading[ls] = n_words > 0 and n_caps >= 0.7 * n_words
        return known

    for m in _RUN.finditer(text):
        ms, me = m.start(), m.end()
        if mask.covers(ms, me):
            continue
        ls = -1 - ms  # the line start, found only when a heading test needs it
        tok = m.group()
        if " " not in tok and "\t" not in tok:
            kind = single.get(tok)
            if kind is None or kind == 3:
                kind = _single_token(tok, lower_vocab, heading, single)
            if kind:
                out.append(_Seg(ms, me, [tok], thing=kind == 2))
            continue
        cached = runs.get(tok)
        if cached is not None:
            for rs, rend, toks, title, ts, thing in cached:
                ts = ms + ts if ts >= 0 else -1
                out.append(_Seg(ms + rs, ms + rend, list(toks), title, ts, thing=thing))
            continue
        n0 = len(out)
        if _run_segments(text, m, lower_vocab, heading, out):
            runs[tok] = [
                (
                    g.start - ms,
                    g.end - ms,
                    tuple(g.tokens),
                    g.title,
                    g.title_start - ms if g.title_start >= 0 else -1,
                    g.thing,
                )
                for g in out[n0:]
            ]
    return out


def _run_segments(
    text: str,
    m: re.Match[str],
    lower_vocab: frozenset[str],
    heading: Callable[[], bool],
    out: list[_Seg],
) -> bool:
    """The name-shaped segments of one run of several words (titles, particles, numerals);
    True when no test of the run's position was needed (the result may be reused)."""
    pieces = [(p.start(), p.end(), p.group()) for p in _PIECE_RE.finditer(text, m.start(), m.end())]
    cur: list[tuple[int, int, str]] = []
    title, title_start = "", -1
    styled = False
    at_start: bool | None = None
    pure = True

    def on_heading() -> bool:
        nonlocal pure
        pure = False
        return heading()

    def flush() -> None:
        nonlocal cur, title, title_start, styled
        while cur and (cur[-1][2].islower() or _ORDINAL.match(cur[-1][2])):
            cur.pop()  # a trailing particle ("of") or ordinal is not part of the name
        if cur:
            toks = [c[2] for c in cur]
            thing = (
                styled
                or fold(toks[0]) in _PLACE_PREFIXES
                or any(_is_thing(t) for t in toks if not t.islower() and not t.startswith("the"))
            )
            out.append(_Seg(cur[0][0], cur[-1][1], toks, title, title_start, thing=thing))
        cur, title, title_start, styled = [], "", -1, False

    for k, (ps, pe, tok) in enumerate(pieces):
        if k == 0 and _verb_like(tok):
            pure = False
            if _verb_opening(text, ps, tok):
                continue  # "Reached Dayuan": a note line opening on its verb, then a place
        if (tok.startswith("the") and " " in tok) or tok.startswith("the\t"):
            if cur:
                cur.append((ps, pe, tok))
            continue
        f = fold(tok.rstrip("."))
        if not cur and f in _PLACE_PREFIXES:
            styled = True  # "St Albans", "Saint Helena", "Fort Ross": a place
        if not cur and f in TITLES and not (f in TITLE_IS_NAME_TOO and pe == m.end()):
            if k + 1 < len(pieces) and pieces[k + 1][2] == "of":
                styled = True  # "Duke of York": a title held, not a name
            if not title:
                title_start = ps
            title = (title + " " + tok).strip()
            continue
        if tok.islower() and not cur:
            continue
        if tok == "of" and len(cur) == 1:
            pure = False
            if at_start is None:
                at_start = (
                    _SENTENCE_START.search(text, max(0, m.start() - 3), m.start()) is not None
                )
            if at_start:
                flush()  # "Instances of Trotsky": a capitalised common noun, then "of"
                continue
        if tok.isupper() and len(tok) > 1 and not _ROMAN.match(tok):
            flush()  # an acronym (NASA, USSR) is never part of a name
            continue
        if _ROMAN.match(tok) and not (cur and _ROMAN_OK.match(tok)):
            flush()
            continue
        if not tok.islower():
            g = fold(tok.strip('"“”'))
            if _always_common(g) or (_common_on_heading(g, lower_vocab, tok) and on_heading()):
                flush()
                continue
        cur.append((ps, pe, tok))
    flush()
    return pure


_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)$")
_LINE_OPEN = re.compile(r"(?:^|[\n.;:!?])[ \t]*(?:[-*•>]+[ \t]*|\d{1,3}[.)][ \t]*)?$")


def _verb_like(tok: str) -> bool:
    f = tok.lower()
    return f in IRREGULAR_PAST or (f.endswith("ed") and len(f) >= 6)


def _verb_opening(text: str, pos: int, tok: str) -> bool:
    """Whether `tok` is a past-tense verb opening a line or sentence ("Left Venice ...")."""
    if not _verb_like(tok):
        return False
    return _LINE_OPEN.search(text, max(0, pos - 6), pos) is not None


_SENTENCE_START = re.compile(r"(?:^|[.!?:;”\"]\s+|[\"“(]\s*)$", re.MULTILINE)


# --- clustering ------------------------------------------------------------------------------


@dataclass(slots=True)
class Cluster:
    """One person of the document: the forms written and where."""

    forms: dict[str, int] = field(default_factory=dict)  # form -> count
    titled: set[str] = field(default_factory=set)
    stated: set[str] = field(default_factory=set)  # aliases given by "born X", "known as X"
    preferred: str = ""  # a form the text says the person is best known by
    known: Person | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    cited: bool = False

    def name(self) -> str:
        if self.known is not None:
            own = self._own()
            return own if own and _fuller(own, self.known.name) else self.known.name
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
        uses: dict[str, int] = defaultdict(int)  # spellings of one name count together
        for f in forms:
            uses[translit_key(_plain(f))] += self.forms.get(f, 0)

        def rank(f: str) -> tuple[bool, int, int, int]:
            words = len(_plain(f).split())
            count = uses[translit_key(_plain(f))] if words >= 2 else 0
            return words >= 2, count, words, len(f)

        return max(forms, key=rank)

    def aliases(self) -> tuple[str, ...]:
        name = self.name()
        seen = {fold(name)}
        out: list[str] = []
        known = [self.known.name, *self.known.aliases] if self.known is not None else []
        for f in [*self.forms, *sorted(self.titled), *sorted(self.stated), *known]:
            if fold(f) not in seen:
                seen.add(fold(f))
                out.append(f)
        return tuple(out)


def _fuller(a: str, b: str) -> bool:
    """Whether name `a` is a fuller form of `b` ("Vyacheslav Molotov" of "Molotov")."""
    ka, kb = translit_key(_plain(a)).split(), translit_key(_plain(b)).split()
    return len(ka) > len(kb) and set(kb) <= set(ka)


def _plain(form: str) -> str:
    """A form without its nickname in quotes: 'Virgil "Gus" Grissom' -> 'Virgil Grissom'."""
    if '"' not in form and "“" not in form:
        return form
    return re.sub(r"\s*[\"“][^\"”]*[\"”]\s*", " ", form).strip()


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    person: int  # index into PeopleFound.clusters


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

    def within(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

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

    def found(self) -> tuple[FoundPerson, ...]:
        out = []
        for i, c in enumerate(self.clusters):
            if c.cited and c.known is None and len(_plain(c.name()).split()) < 2:
                continue
            spans = tuple(sorted({(m.start, m.end) for m in self.mentions if m.person == i}))
            if not spans:
                continue
            out.append(FoundPerson(c.name(), c.aliases(), spans))
        return tuple(out)


_DIGIT_AFTER = re.compile(r"\s*\d")


def _score_mention(text: str, seg: _Seg) -> float:
    """Evidence from the words around one mention that it names a person."""
    s = 0.0
    if seg.title:
        s += 2.5
    end, stop = seg.end, seg.end + 120
    # the first character after the run decides which cues can match at all (this runs for
    # every capitalised run of the text, so each regex is tried only where it may match)
    first = text[end : end + 12].lstrip()[:1]
    if (first == "," or first == "w") and _WHO_AFTER.match(text, end, stop):
        s += 2
    if first == ",":
        ap = _APPOSITION.match(text, end, stop)
        if ap and ap.group("role") in ROLE_NOUNS:
            s += 2
    possessive = text.startswith(("'", "’"), end)
    if possessive:
        pos = _POSSESSIVE.match(text, end, stop)
        if pos and pos.group("noun") in PERSON_NOUNS:
            s += 1
    elif first.isalpha() or first == ",":
        verb = _VERB_AFTER.match(text, end, stop)
        if verb and verb.group("verb") in PERSON_VERBS:
            s += 1
    if first.isdigit() and _DIGIT_AFTER.match(text, end, stop):
        s -= 3  # "Apollo 8", "Room 14"
    before = _word_before(text, seg.start)
    gap = text[before[1] : seg.start] if before else ""
    word = text[before[0] : before[1]].lower() if before and "\n" not in gap else ""
    tight = gap.strip() == ""
    if word in ROLE_NOUNS or (word.endswith("s") and word[:-1] in ROLE_NOUNS):
        s += 2
    if word in _PLACE_PREP:
        s -= 2
        seg.place_cue = True
    if word.isdigit() and len(word) < 4 and tight:
        s -= 2  # "2 George Yard": an address
        seg.place_cue = True
    if word in _WORK_NOUNS:
        s -= 3
    if word in _RUN_BREAK_BEFORE and not seg.title:
        s -= 3
    if word in ("born", "by") or (before and text[before[1] : seg.start].strip() == ","):
        s += 0.5
    return s


def find_people(
    text: str,
    mask: Mask,
    known: Sequence[Person] = (),
    cited_authors: Sequence[str] = (),
) -> PeopleFound:
    """People named in `text`, clustered, with every mention's span."""
    lower_vocab = frozenset(_LOWER_WORD.findall(text))
    segs = _segments(text, lower_vocab, mask)
    cited = {fold(a.split()[-1]) for a in cited_authors}

    # Evidence per written form, summed over its mentions.
    evidence: dict[str, float] = defaultdict(float)
    thing_forms: set[str] = set()
    seen: dict[str, int] = defaultdict(int)
    placed: dict[str, int] = defaultdict(int)
    for seg in segs:
        key = _plain(seg.text)
        sc = _score_mention(text, seg)
        seg.score = sc
        evidence[key] += sc
        seen[key] += 1
        if seg.thing:
            thing_forms.add(key)
        if seg.place_cue or all(_is_place(t) for t in seg.tokens):
            placed[key] += 1
    place_forms = {k for k, n in placed.items() if 2 * n >= seen[k]}

    known_index: dict[str, Person] = {}
    known_tokens: dict[str, list[Person]] = defaultdict(list)
    for p in known:
        for form in (p.name, *p.aliases):
            known_index.setdefault(translit_key(_plain(form)), p)
        toks = translit_key(_plain(p.name)).split()
        if len(toks) > 1:
            known_tokens[toks[-1]].append(p)

    clusters: list[Cluster] = []
    by_key: dict[str, int] = {}
    by_token: dict[str, list[int]] = defaultdict(list)
    first_pos: dict[int, int] = {}

    def cluster_for(form: str, pos: int, person: Person | None = None) -> int:
        key = translit_key(_plain(form))
        if key in by_key:
            return by_key[key]
        idx = len(clusters)
        clusters.append(Cluster(known=person))
        by_key[key] = idx
        first_pos[idx] = pos
        toks = translit_key(_plain(form).split(" of ")[0].split(" the ")[0]).split()
        for t in toks:
            if len(t) > 1 and not _ROMAN_OK.match(t.upper()):
                by_token[t].append(idx)
        return idx

    def accept_multi(seg: _Seg) -> bool:
        key = _plain(seg.text)
        toks = [t for t in seg.tokens if not t.islower() and not t.startswith(('"', "“"))]
        if len(toks) < 2 or seg.thing or key in thing_forms:
            return False
        if translit_key(key) in known_index:
            return True
        if all(_is_place(t) or _is_thing(t) for t in toks):
            return False
        if any(fold(t) in ADJECTIVES or fold(t) in PLACES for t in toks[:1]):
            return False
        if fold(toks[-1]) in PLACES and not seg.title and evidence[key] < 2:
            return False  # "Cisalpine Gaul", "Upper Egypt": a region named by its place
        ev = evidence[key]
        if ev < -1:
            return False
        return ev > 0 or key not in place_forms

    mentions: list[Mention] = []
    pending_single: list[_Seg] = []
    for seg in segs:
        form = _plain(seg.text)
        if seg.thing:
            continue
        if accept_multi(seg):
            person = known_index.get(translit_key(form))
            if person is None:
                last = translit_key(form).split()[-1]
                alone = known_index.get(last)
                if alone is not None and len(translit_key(alone.name).split()) == 1:
                    person = alone  # "Molotov" known, now "Vyacheslav Molotov"
            idx = cluster_for(form, seg.start, person)
            c = clusters[idx]
            c.forms[seg.text] = c.forms.get(seg.text, 0) + 1
            if seg.title:
                c.titled.add(f"{seg.title} {seg.text}")
            mentions.append(Mention(seg.title_start if seg.title else seg.start, seg.end, idx))
        else:
            pending_single.append(seg)

    # "X, 3rd Duke of York": the styled form is an alias and "York" alone names X later on.
    place_alias: dict[str, int] = {}
    styled_single: set[int] = set()
    for seg in pending_single:
        st = _STYLE.match(text, seg.end)
        if st and len(seg.tokens) == 1 and not seg.thing:
            full = text[seg.start : st.end()]
            idx = cluster_for(full, seg.start)
            clusters[idx].forms[full] = clusters[idx].forms.get(full, 0) + 1
            mentions.append(Mention(seg.start, st.end(), idx))
            styled_single.add(seg.start)
    for m in list(mentions):
        st = _STYLE.match(text, m.end)
        if st:
            c = clusters[m.person]
            c.titled.add(text[m.start : st.end()])
            place_alias.setdefault(translit_key(st.group("place")), m.person)

    # Single names: a part of a full name of this document, a known person, or cued alone.
    for seg in pending_single:
        if seg.start in styled_single or seg.score <= -2:
            continue
        toks = [t for t in seg.tokens if not t.islower()]
        if len(toks) != 1 and not (len(toks) == 2 and _ROMAN_OK.match(toks[1])):
            if len(toks) >= 2 and seg.text in thing_forms:
                continue
            if len(toks) != 2:
                continue
        form = seg.text
        key = translit_key(_plain(form))
        idx = _resolve_single(key, seg.start, by_key, by_token, mentions, clusters)
        if idx is None and key in place_alias and not _after_of(text, seg.start):
            idx = place_alias[key]  # "York" alone, after "Richard, Duke of York"
            clusters[idx].stated.add(form)
        if idx is None and key in known_index:
            idx = cluster_for(form, seg.start, known_index[key])
        if idx is None and key.split()[-1] in known_tokens and len(key.split()) == 1:
            idx = cluster_for(form, seg.start, known_tokens[key][0])
        if idx is None:
            ev = evidence[_plain(form)]
            single = toks[0]
            if (
                ev >= 2
                and form not in place_forms
                and not _is_place(single)
                and fold(single) not in cited
                and fold(single) not in ADJECTIVES
            ):
                idx = cluster_for(form, seg.start)
        if idx is None:
            continue
        c = clusters[idx]
        c.forms[form] = c.forms.get(form, 0) + 1
        if seg.title:
            c.titled.add(f"{seg.title} {form}")
        mentions.append(Mention(seg.title_start if seg.title else seg.start, seg.end, idx))
        if fold(toks[0]) in cited:
            c.cited = True

    _stated_aliases(text, segs, mentions, clusters, by_key)
    _merge_partial_names(clusters, mentions)
    _coordinated(text, pending_single, mentions, clusters, cluster_for, thing_forms, place_forms)
    for c in clusters:
        if c.forms and all(fold(_plain(f).split()[-1]) in cited for f in c.forms):
            c.cited = c.cited or (len(c.forms) == 1 and len(next(iter(c.forms)).split()) == 1)
    return PeopleFound(clusters, mentions)


def _on_heading(text: str, pos: int) -> bool:
    ls = text.rfind("\n", max(0, pos - 80), pos) + 1
    if ls == 0 and pos >= 80:
        return False  # no line break in the 80 characters before: a long line
    le = text.find("\n", pos, ls + 81)
    if le < 0:
        if ls + 80 < len(text):
            return False
        le = len(text)
    line = text[ls:le]
    return len(line) < 80 and not line.rstrip().endswith((".", "!", "?"))


_AFTER_OF = re.compile(r"\b(?:of|the|in|at|near|from)\s+$")


def _after_of(text: str, pos: int) -> bool:
    return _AFTER_OF.search(text[max(0, pos - 8) : pos]) is not None


def _resolve_single(
    key: str,
    pos: int,
    by_key: dict[str, int],
    by_token: dict[str, list[int]],
    mentions: list[Mention],
    clusters: list[Cluster],
) -> int | None:
    """The person a lone name refers to: the one with that name part mentioned most recently."""
    if key in by_key and len(key.split()) > 1:
        return by_key[key]
    cands = set(by_token.get(key.split()[0], ()))
    if not cands:
        return by_key.get(key)
    if len(cands) == 1:
        return next(iter(cands))
    best, best_pos = None, -1
    for m in mentions:
        if m.person in cands and m.start < pos and m.start > best_pos:
            best, best_pos = m.person, m.start
    if best is None:
        best = min(cands)
    return best


def _stated_aliases(
    text: str,
    segs: list[_Seg],
    mentions: list[Mention],
    clusters: list[Cluster],
    by_key: dict[str, int],
) -> None:
    """Join "X, born Y", "X, also known as Y", "Y, better known as X" into one person."""
    starts = {m.start: m for m in mentions}
    seg_at = {s.start: s for s in segs}
    seg_starts = sorted(seg_at)
    for m in list(mentions):
        cue = _ALIAS_CUE.match(text, m.end)
        if not cue:
            continue
        j = bisect.bisect_left(seg_starts, cue.end())
        if j >= len(seg_starts) or seg_starts[j] - cue.end() > 12:
            continue
        other = seg_at[seg_starts[j]]
        if other.thing:
            continue
        name = other.text
        full = f"{other.title} {name}".strip() if other.title else name
        c = clusters[m.person]
        word = cue.group("cue").lower()
        target = starts.get(other.title_start if other.title else other.start)
        if target is not None and target.person != m.person:
            _merge(clusters, mentions, keep=m.person, other=target.person)
        elif target is None:
            mentions.append(Mention(other.start, other.end, m.person))
        c.stated.add(name)
        if other.title:
            c.titled.add(full)
        if word.startswith("better known"):
            c.preferred = name
            c.stated.discard(name)
            c.forms.setdefault(name, 1)
        by_key.setdefault(translit_key(_plain(name)), m.person)
    mentions.sort(key=lambda x: x.start)


_PARTICLE_WORDS = frozenset(_PARTICLES[3:-1].split("|"))


def _name_words(form: str) -> frozenset[str]:
    return frozenset(w for w in translit_key(_plain(form)).split() if w not in _PARTICLE_WORDS)


def _merge_partial_names(clusters: list[Cluster], mentions: list[Mention]) -> None:
    """A person named only by part of a fuller name of this document ("Lucien", "Ibn
    Battuta" beside "Lucien Bonaparte", "Muhammad ibn Battuta") is that person, when exactly
    one fuller name contains all the words: two candidates leave the short name alone."""
    words = [[_name_words(f) for f in c.forms] for c in clusters]
    fullest = [max(ws, key=len, default=frozenset()) for ws in words]
    for b, c in enumerate(clusters):
        if not c.forms or c.known is not None:
            continue
        mine = set().union(*words[b]) if words[b] else set()
        if not mine:
            continue
        hosts = [
            a
            for a, full in enumerate(fullest)
            if a != b and clusters[a].forms and len(full) > len(mine) and mine <= full
        ]
        if len(hosts) != 1:
            continue
        a = hosts[0]
        host = clusters[a]
        for f, n in c.forms.items():
            host.forms[f] = host.forms.get(f, 0) + n
        host.titled |= c.titled
        host.stated |= c.stated
        c.forms = {}
        words[b] = []
        fullest[b] = frozenset()
        for i, m in enumerate(mentions):
            if m.person == b:
                mentions[i] = Mention(m.start, m.end, a)


def _merge(clusters: list[Cluster], mentions: list[Mention], keep: int, other: int) -> None:
    a, b = clusters[keep], clusters[other]
    for f, n in b.forms.items():
        a.forms[f] = a.forms.get(f, 0) + n
    a.titled |= b.titled
    a.stated |= set(b.forms) | b.stated
    a.known = a.known or b.known
    b.forms = {}
    for i, m in enumerate(mentions):
        if m.person == other:
            mentions[i] = Mention(m.start, m.end, keep)


_LIST_BEFORE = re.compile(r"([\w’']+)(,\s*(?:and\s+)?|\s+and\s+)$")
_LIST_AFTER = re.compile(r"(,\s*(?:and\s+)?|\s+and\s+)")


def _coordinated(
    text: str,
    singles: list[_Seg],
    mentions: list[Mention],
    clusters: list[Cluster],
    cluster_for,
    thing_forms: set[str],
    place_forms: set[str],
) -> None:
    """Lone names listed with people ("Malenkov, Molotov, Bulganin, and others")."""
    taken = {m.start for m in mentions}
    ends = {m.end: m for m in mentions}
    starts = {m.start: m for m in mentions}
    for seg in [*singles, *singles]:  # twice: a later name in a list helps an earlier one
        if seg.start in taken or seg.thing or seg.text in thing_forms or seg.text in place_forms:
            continue
        if len(seg.tokens) != 1 or _is_place(seg.tokens[0]) or _is_thing(seg.tokens[0]):
            continue
        lead = text[max(0, seg.start - 40) : seg.start]
        nxt = text[seg.end : seg.end + 8].lstrip()
        if not lead.rstrip().endswith((",", "and")) and not nxt.startswith((",", "and", "others")):
            continue  # not in a list: the cheap test first, most runs stop here
        if _after_of(text, seg.start) or _on_heading(text, seg.start):
            continue
        before = _LIST_BEFORE.search(lead) if lead.rstrip().endswith((",", "and")) else None
        after = _LIST_AFTER.match(text[seg.end : seg.end + 10])
        neighbour = None
        if before:
            neighbour = ends.get(seg.start - len(before.group(2)))
        if neighbour is None and after:
            neighbour = starts.get(seg.end + len(after.group(1)))
        listed = re.match(r",?\s*(?:and\s+)?others\b", text[seg.end : seg.end + 20]) is not None
        if neighbour is None and not listed:
            continue
        if neighbour is None:
            chain = re.search(r"((?:[A-Z][\w’']+,\s*)+)$", text[max(0, seg.start - 80) : seg.start])
            if not chain:
                continue
        idx = cluster_for(seg.text, seg.start)
        c = clusters[idx]
        c.forms[seg.text] = c.forms.get(seg.text, 0) + 1
        mention = Mention(seg.start, seg.end, idx)
        mentions.append(mention)
        taken.add(seg.start)
        ends[seg.end], starts[seg.start] = mention, mention
    mentions.sort(key=lambda x: x.start)
