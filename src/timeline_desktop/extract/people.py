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
from timeline_desktop.extract._shim import fold
from timeline_desktop.extract.legacy_words import (
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
    YEAR_CUES,
)
from timeline_desktop.extract.text import LETTER, UPPER, Mask

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
_NOT_LETTER = re.compile(r"[^a-z ]+")


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """A folding key under which common transliterations of a name meet.

    "Nikolay"/"Nikolai", "Georgy"/"Georgi"/"Georgii", "Yuri"/"Yury", "Хрущёв"/"Khrushchev"
    all fold together; the key is only for matching, never shown.
    """
    words = name.split()
    numerals = [w for w in words if _ROMAN_OK.match(w)]
    s = fold(" ".join(w for w in words if w not in numerals) if numerals else " ".join(words))
    if not s.isascii():
        s = "".join(_CYRILLIC.get(ch, _GREEK.get(ch, ch)) for ch in s).replace("-", "")
    s = _NOT_LETTER.sub("", s)
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
_PARTICLES = r"(?:de|da|di|del|della|der|den|van|von|dze|bin|ibn|al|el|la|le|du|dos|das|zu|y|of)"
# A run starts on a capital not preceded by a word character. The capital comes first and
# the test of the character before it (a lookbehind over both) after: a pattern opening on a
# character class lets the regex engine skip to the next capital instead of trying everywhere.
_RUN = re.compile(
    rf"{UPPER}(?<![\w’'\-].){_TOKEN[len(UPPER) :]}"
    rf"(?:[ \t]+(?:{_EPITHET}|(?:{_PARTICLES}[ \t]+)?{_PIECE}))*"
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
    r"\s*[,—–]?\s*\(?\s*(?P<cue>born|née|nee|better known as|also known as|also called|"
    r"a\.k\.a\.|aka|known as|later named|later called|often called|called|nicknamed|"
    r"whose real name was|formerly|originally|"
    # "— the man the world knows as Ignatius of Loyola —": the name the world uses
    r"(?:the\s+(?:man|woman|king|queen|emperor|ruler)\s+)?(?:whom\s+)?"
    r"(?:the\s+world|history|posterity|most\s+people)\s+(?:now\s+)?"
    r"(?:knows|knew|remembers|remembered|calls)\s+(?:him\s+|her\s+)?as)"
    r"\s+(?:as\s+)?(?:the\s+)?",
    re.IGNORECASE,
)
# what `_ALIAS_CUE` can find first after the blanks: a comma, a parenthesis or a cue's first
# letter in either case (the Kelvin sign is a "K" to a case-insensitive regex)
_ALIAS_OPENING = frozenset(",(—–bnaclkowfthmpBNACLKOWFTHMP\u212a")
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
        "documentary",
        # named animals and vessels are not people either ("his horse Bucephalus died")
        "horse",
        "stallion",
        "mare",
        "dog",
        "hound",
        "cat",
        "elephant",
        "camel",
        "steamer",
        "vessel",
        "yacht",
        "frigate",
        "liner",
    ]
)
_PLACE_PREP = frozenset(
    ["in", "at", "near", "into", "across", "throughout", "towards", "toward", "via"]
)
_RUN_BREAK_BEFORE = frozenset(("the",))


def _always_common(f: str) -> bool:
    return f in _NOT_NAME or f in _COMMON or (f.endswith(_NAME_ENDINGS) and len(f) > 6)


def _verb_form(f: str, tok: str) -> bool:
    """On a title-case heading a capital says little: verb forms, and words the text also
    writes in lower case (tested apart, per document), are common words there. A word
    written with diacritics ("Sieyès") is no English verb form, whatever its folded ending."""
    return len(f) > 5 and f.endswith(("ed", "es")) and (not tok or tok.isascii())


_PLACE_PREFIXES = frozenset(
    ["st", "saint", "san", "santa", "sankt", "fort", "port", "mount", "lake", "cape", "new"]
)


@lru_cache(maxsize=65536)
def _is_thing(tok: str) -> bool:
    f = fold(tok)
    return f in THING_HEADS or f in ADJECTIVES


@lru_cache(maxsize=65536)
def _is_place(tok: str) -> bool:
    f = fold(tok)
    return f in PLACES or (len(f) > 6 and f.endswith(PLACE_SUFFIXES))


@lru_cache(maxsize=65536)
def _all_places(tokens: tuple[str, ...]) -> bool:
    return all(_is_place(t) for t in tokens)


class _Seg:
    """A name-shaped segment of a capitalised run (a plain slotted class: one is built for
    every capitalised run of the text)."""

    __slots__ = (
        "end",
        "place_cue",
        "score",
        "start",
        "text",
        "thing",
        "title",
        "title_start",
        "tokens",
    )

    def __init__(
        self,
        start: int,
        end: int,
        tokens: tuple[str, ...],
        title: str = "",
        title_start: int = -1,
        thing: bool = False,
        text: str | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.tokens = tokens
        self.title = title  # a title written before it ("Marshal")
        self.title_start = title_start
        self.score = 0.0
        self.thing = thing
        self.place_cue = False
        # the tokens joined, computed once (clustering reads it many times)
        self.text = " ".join(tokens) if text is None else text


def _single_token(tok: str) -> tuple[int, str]:
    """A one-word run as (kind, word). Kind 0: not a name piece, 1: a name piece, 2: a piece
    that names a thing; 3 and 4 are 1 and 2 unless the line is a heading (then 0). When the
    document writes `word` in lower case, 1 and 2 become 3 and 4.

    It is the walk `_run_segments` does, without its regexes, and depends on the word alone:
    most capitalised runs are one word and recur, within and across documents.
    """
    f = fold(tok.rstrip("."))
    if f in TITLES and f not in TITLE_IS_NAME_TOO:
        return 0, ""  # a title with nothing after it
    if (tok[0] in "IVX" and _ROMAN.match(tok)) or (tok.isupper() and len(tok) > 1):
        return 0, ""  # an acronym, or a numeral with no name before it
    g = fold(tok.strip('"“”'))
    if _always_common(g):
        return 0, ""
    kind = 2 if f in _PLACE_PREFIXES or _is_thing(tok) else 1
    return (kind + 2, "") if _verb_form(g, tok) else (kind, g)


_HEADING_WORD = re.compile(r"[A-Za-z]{4,}")
_HEADING_CAP = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]{3,}")

# What a run's segmentation may depend on besides its words: position tests (the argument
# is an offset from the run start) and whether the document writes a word in lower case.
_VERB_OPENING, _SENTENCE_OPENING, _ON_HEADING, _IN_VOCAB = 0, 1, 2, 3
_Test = tuple[int, int | str, bool]  # (kind, argument, answer)
# a run's segment relative to the run start: start, end, tokens, text, title, title start, thing
_RelSeg = tuple[int, int, tuple[str, ...], str, str, int, bool]
# a segmentation with the answers it got: the words the text writes in lower case, those it
# does not, the position tests, and the segments
_Record = tuple[frozenset[str], frozenset[str], tuple[_Test, ...], list[_RelSeg]]

# Segmentations by run text, shared across documents (names and phrases recur): each is kept
# with the tests it asked and reused where the same tests answer the same. Bounded by
# clearing, as `translit_key`'s cache is.
_SINGLES: dict[str, tuple[int, str]] = {}
_RUNS: dict[str, list[_Record]] = {}
_CACHE_LIMIT = 100_000


def _segments(text: str, lower_vocab: frozenset[str], mask: Mask) -> list[_Seg]:
    """Name-shaped pieces of every capitalised run, with the title written before them."""
    if len(_SINGLES) > _CACHE_LIMIT:
        _SINGLES.clear()
    if len(_RUNS) > _CACHE_LIMIT:
        _RUNS.clear()
    out: list[_Seg] = []
    here: dict[str, list[_RelSeg]] = {}  # the runs whose segments hold anywhere in this text
    line_heading: dict[int, bool] = {}
    ls = 0
    ms = 0

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

    def test(kind: int, arg: int | str) -> bool:
        """A test of the run at `ms` (see `_run_segments`)."""
        if kind == _IN_VOCAB:
            return arg in lower_vocab
        if kind == _ON_HEADING:
            return heading()
        pos = ms + int(arg)
        if kind == _SENTENCE_OPENING:
            return _SENTENCE_START.search(text, max(0, pos - 3), pos) is not None
        return _LINE_OPEN.search(text, max(0, pos - 6), pos) is not None

    asked: list[_Test] = []  # the tests of the run being segmented

    def ask(kind: int, arg: int | str) -> bool:
        answer = test(kind, arg)
        asked.append((kind, arg, answer))
        return answer

    # runs come in text order, so the mask is walked along with them (`Mask.covers`)
    m_starts, m_ends = mask.starts, mask.ends
    n_mask, k = len(m_starts), 0
    for m in _RUN.finditer(text):
        ms, me = m.span()
        while k < n_mask and m_starts[k] < ms:
            k += 1
        if (k and m_ends[k - 1] > ms) or (k < n_mask and m_starts[k] < me):
            continue
        ls = -1 - ms  # the line start, found only when a heading test needs it
        tok = m.group()
        if " " not in tok and "\t" not in tok:
            entry = _SINGLES.get(tok)
            if entry is None:
                entry = _SINGLES[tok] = _single_token(tok)
            kind, word = entry
            if word and word in lower_vocab:
                kind += 2
            if kind > 2:
                kind = 0 if heading() else kind - 2
            if kind:
                out.append(_Seg(ms, me, (tok,), "", -1, kind == 2, tok))
            continue
        segs = here.get(tok)
        if segs is None:
            records = _RUNS.setdefault(tok, [])
            record = _matching(records, lower_vocab, test)
            if record is None:  # not seen with these answers: walk the run
                asked.clear()
                n0 = len(out)
                _run_segments(text, m, ask, out)
                record = _record(asked, out[n0:], ms)
                records.append(record)
                if not record[2]:
                    here[tok] = record[3]
                continue
            if not record[2]:
                here[tok] = record[3]  # no position test: it holds anywhere in this text
            segs = record[3]
        for rs, rend, toks, seg_text, title, ts, thing in segs:
            ts = ms + ts if ts >= 0 else -1
            out.append(_Seg(ms + rs, ms + rend, toks, title, ts, thing, seg_text))
    return out


def _matching(
    records: list[_Record], lower_vocab: frozenset[str], test: Callable[[int, int | str], bool]
) -> _Record | None:
    """The recorded segmentation whose answers hold for this run, if any."""
    for record in records:
        have, lack, tests, _ = record
        if (
            have <= lower_vocab
            and lower_vocab.isdisjoint(lack)
            and (not tests or all(test(kind, arg) == ans for kind, arg, ans in tests))
        ):
            return record
    return None


def _record(asked: list[_Test], segs: list[_Seg], ms: int) -> _Record:
    """A run's segmentation (the run starting at `ms`) with the answers it depends on."""
    have = frozenset(str(arg) for kind, arg, ans in asked if kind == _IN_VOCAB and ans)
    lack = frozenset(str(arg) for kind, arg, ans in asked if kind == _IN_VOCAB and not ans)
    rel = [
        (
            g.start - ms,
            g.end - ms,
            g.tokens,
            g.text,
            g.title,
            g.title_start - ms if g.title_start >= 0 else -1,
            g.thing,
        )
        for g in segs
    ]
    return have, lack, tuple(t for t in asked if t[0] != _IN_VOCAB), rel


def _run_segments(
    text: str, m: re.Match[str], ask: Callable[[int, int | str], bool], out: list[_Seg]
) -> None:
    """The name-shaped segments of one run of several words (titles, particles, numerals).

    Everything here depends on the run's words alone, except the tests asked through `ask`
    (see `_VERB_OPENING`): the caller records them to reuse the result elsewhere.
    """
    ms = m.start()
    pieces = [(p.start(), p.end(), p.group()) for p in _PIECE_RE.finditer(text, ms, m.end())]
    cur: list[tuple[int, int, str]] = []
    title, title_start = "", -1
    styled = False
    at_start: bool | None = None
    heading: bool | None = None

    def flush() -> None:
        nonlocal cur, title, title_start, styled
        while cur and (cur[-1][2].islower() or _ORDINAL.match(cur[-1][2]) is not None):
            cur.pop()  # a trailing particle ("of") or ordinal is not part of the name
        if cur:
            toks = tuple(c[2] for c in cur)
            thing = (
                styled
                or fold(toks[0]) in _PLACE_PREFIXES
                or any(_is_thing(t) for t in toks if not t.islower() and not t.startswith("the"))
            )
            out.append(_Seg(cur[0][0], cur[-1][1], toks, title, title_start, thing=thing))
        cur, title, title_start, styled = [], "", -1, False

    for k, (ps, pe, tok) in enumerate(pieces):
        if k == 0 and _verb_like(tok) and ask(_VERB_OPENING, ps - ms):
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
            if at_start is None:
                at_start = ask(_SENTENCE_OPENING, 0)
            if at_start:
                flush()  # "Instances of Trotsky": a capitalised common noun, then "of"
                continue
        roman = tok[0] in "IVX" and _ROMAN.match(tok) is not None
        if tok.isupper() and len(tok) > 1 and not roman and tok[1] != ".":  # "F." is an initial
            flush()  # an acronym (NASA, USSR) is never part of a name
            continue
        if roman:
            if cur and _ROMAN_OK.match(tok):
                cur.append((ps, pe, tok))  # "Seleucus I Nicator": a regnal number, not "I"
            else:
                flush()
            continue
        if not tok.islower():
            g = fold(tok.strip('"“”'))
            if _always_common(g) and not (tok == "He" and len(cur) == 1):
                flush()  # ("Zheng He", "Ho Chi Minh" keep their short Chinese parts)
                continue
            if _verb_form(g, tok) or ask(_IN_VOCAB, g):
                if heading is None:
                    heading = ask(_ON_HEADING, 0)
                if heading:
                    flush()
                    continue
        cur.append((ps, pe, tok))
    flush()


_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)$")
_LINE_OPEN = re.compile(r"(?:^|[\n.;:!?])[ \t]*(?:[-*•>]+[ \t]*|\d{1,3}[.)][ \t]*)?$")


def _verb_like(tok: str) -> bool:
    f = tok.lower()
    return f in IRREGULAR_PAST or (f.endswith("ed") and len(f) >= 6)


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


# words before a run that change its score (see `_score_mention`); any other word leaves it
_CUE_BEFORE = frozenset(
    [
        *ROLE_NOUNS,
        *(r + "s" for r in ROLE_NOUNS),
        *_PLACE_PREP,
        *_WORK_NOUNS,
        *_RUN_BREAK_BEFORE,
        "born",
        "by",
    ]
)


# What only people do: "Tutankhamun dies at about nineteen" names a person on its own.
_LIFE_VERBS = frozenset(["died", "dies", "born", "married", "marries", "abdicated", "abdicates"])


def _score_mention(text: str, seg: _Seg) -> float:
    """Evidence from the words around one mention that it names a person."""
    s = 2.5 if seg.title else 0.0
    end, stop = seg.end, seg.end + 120
    # the first character after the run decides which cues can match at all (this runs for
    # every capitalised run of the text, so each regex is tried only where it may match)
    first = text[end : end + 12].lstrip()[:1]
    role_after = False
    if first == ",":
        if _WHO_AFTER.match(text, end, stop):
            s += 2
        ap = _APPOSITION.match(text, end, stop)
        if ap and ap.group("role") in ROLE_NOUNS:
            s += 2
            role_after = True
    elif first == "w" and _WHO_AFTER.match(text, end, stop):
        s += 2
    if text.startswith(("'", "’"), end):  # a possessive
        pos = _POSSESSIVE.match(text, end, stop)
        if pos and pos.group("noun") in PERSON_NOUNS:
            s += 1
    elif first == "," or "a" <= first <= "z":  # the verb (or adverb) starts in lower case
        verb = _VERB_AFTER.match(text, end, stop)
        if verb and verb.group("verb") in PERSON_VERBS:
            s += 2 if verb.group("verb") in _LIFE_VERBS else 1
    elif first.isdigit() and _DIGIT_AFTER.match(text, end, stop):
        s -= 3  # "Apollo 8", "Room 14"
    before = _word_before(text, seg.start)
    if before is None:
        return s
    gap = text[before[1] : seg.start].strip()
    if gap == ",":
        s += 0.5
    if "\n" in text[before[1] : seg.start]:
        return s
    word = text[before[0] : before[1]].lower()
    if word in _CUE_BEFORE:
        if word in ROLE_NOUNS or (word.endswith("s") and word[:-1] in ROLE_NOUNS):
            s += 2
        if word in _PLACE_PREP and not role_after:
            # "in Moscow"; but "its voice in William Wilberforce, the member for Yorkshire"
            s -= 2
            seg.place_cue = True
        if word in _WORK_NOUNS:
            s -= 3
        if word in _RUN_BREAK_BEFORE and not seg.title:
            s -= 3
        if word in ("born", "by") and gap != ",":
            s += 0.5
    elif gap == "" and len(word) < 4 and word.isdigit():
        cue = _word_before(text, before[0])
        if cue is None or text[cue[0] : cue[1]].lower() not in YEAR_CUES:
            s -= 2  # "2 George Yard": an address; but "In 812 Horak dies" is a year
            seg.place_cue = True
    return s


_OPEN_QUOTES = '“"«‘'
_CLOSE_QUOTES = '”"»’'
# Articles that open names of things in other languages: "Les Compagnons", "La Noche Triste";
# a person's name rarely has more than one word after one ("Le Corbusier", "El Greco").
_PLURAL_ARTICLES = frozenset(["les", "los", "las", "die", "gli"])
_ARTICLES = frozenset(["la", "le", "el", "il", "lo", "der", "das", "het", "de"]) | _PLURAL_ARTICLES


def _mark_titles_of_works(text: str, segs: list[_Seg]) -> None:
    """A run standing alone in quotes (the film “Les Compagnons”) or opening on a foreign
    article with two or more words after it names a work or a thing, not a person."""
    n = len(text)
    for g in segs:
        if g.thing:
            continue
        first = g.tokens[0].lower()
        if first in _ARTICLES and (first in _PLURAL_ARTICLES or len(g.tokens) >= 3):
            g.thing = True
        elif g.start > 0 and g.end < n and text[g.start - 1] in _OPEN_QUOTES:
            g.thing = text[g.end] in _CLOSE_QUOTES


def find_people(
    text: str,
    mask: Mask,
    known: Sequence[Person] = (),
    cited_authors: Sequence[str] = (),
) -> PeopleFound:
    """People named in `text`, clustered, with every mention's span."""
    segs = _segments(text, frozenset(_LOWER_WORD.findall(text)), mask)
    _mark_titles_of_works(text, segs)
    cited = {fold(a.split()[-1]) for a in cited_authors}

    # Evidence per written form, summed over its mentions. It is only ever read for forms that
    # some segment not naming a thing writes (as written, or plain): a form only ever written
    # as a thing ("Soviet Union") is not scored.
    read = {seg.text for seg in segs if not seg.thing}
    read.update([_plain(t) for t in read if '"' in t or "“" in t])
    evidence: dict[str, float] = defaultdict(float)
    thing_forms: set[str] = set()
    seen: dict[str, int] = defaultdict(int)
    placed: dict[str, int] = defaultdict(int)
    for seg in segs:
        key = seg.text
        if '"' in key or "“" in key:
            key = _plain(key)
        if seg.thing:
            thing_forms.add(key)
            if key not in read:
                continue
        sc = seg.score = _score_mention(text, seg)
        evidence[key] += sc
        seen[key] += 1
        if seg.place_cue or _all_places(seg.tokens):
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
    # accept_multi depends on the tokens and whether a title is written (memoised: runs recur)
    accepted: dict[tuple[tuple[str, ...], bool], bool] = {}
    for seg in segs:
        if seg.thing:
            continue
        if len(seg.tokens) < 2:  # a name of one word is never accepted as a full name
            pending_single.append(seg)
            continue
        form = _plain(seg.text)
        ok = accepted.get((seg.tokens, not seg.title))
        if ok is None:
            ok = accepted[seg.tokens, not seg.title] = accept_multi(seg)
        if ok:
            tkey = translit_key(form)
            person = known_index.get(tkey) if known_index else None
            if person is None and known_index:
                last = tkey.split()[-1]
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
        if not text.startswith(",", seg.end) or len(seg.tokens) != 1 or seg.thing:
            continue  # the style opens on a comma
        st = _STYLE.match(text, seg.end)
        if st:
            full = text[seg.start : st.end()]
            idx = cluster_for(full, seg.start)
            clusters[idx].forms[full] = clusters[idx].forms.get(full, 0) + 1
            mentions.append(Mention(seg.start, st.end(), idx))
            styled_single.add(seg.start)
    for m in list(mentions):
        st = _STYLE.match(text, m.end) if text.startswith(",", m.end) else None
        if st:
            c = clusters[m.person]
            c.titled.add(text[m.start : st.end()])
            place_alias.setdefault(translit_key(st.group("place")), m.person)

    # Single names: a part of a full name of this document, a known person, or cued alone.
    for seg in pending_single:
        if seg.start in styled_single or seg.score <= -2:
            continue
        # a run opens on a capital: a lone word is never lower case
        toks = seg.tokens if len(seg.tokens) == 1 else [t for t in seg.tokens if not t.islower()]
        if len(toks) != 1 and not (len(toks) == 2 and _ROMAN_OK.match(toks[1])):
            if len(toks) >= 2 and seg.text in thing_forms:
                continue
            if len(toks) != 2:
                continue
        form = seg.text
        key = translit_key(_plain(form))
        if not key:
            continue  # only a quoted word (“Rehabilitated”): nothing of a name is left
        idx = _resolve_single(key, seg.start, by_key, by_token, mentions, clusters)
        if idx is None and key in place_alias and not _after_of(text, seg.start):
            idx = place_alias[key]  # "York" alone, after "Richard, Duke of York"
            clusters[idx].stated.add(form)
        if idx is None and key in known_index:
            idx = cluster_for(form, seg.start, known_index[key])
        if idx is None and known_tokens and key.split()[-1] in known_tokens and " " not in key:
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
    if "(born " in text or "(née " in text:
        _born_in_parenthesis(text, segs, mentions, clusters, by_key)
    _merge_partial_names(clusters, mentions)
    _coordinated(text, pending_single, mentions, clusters, cluster_for, thing_forms, place_forms)
    for c in clusters if cited else ():
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
    words = key.split()
    if len(words) > 1 and key in by_key:
        return by_key[key]
    having = by_token.get(words[0])
    if not having:
        return by_key.get(key)
    cands = set(having)
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
    # the indexes are built at the first cue (most texts state no alias); nothing changes
    # `mentions` before it
    starts: dict[int, Mention] = {}
    seg_at: dict[int, _Seg] = {}
    seg_starts: list[int] = []
    for m in list(mentions):
        first = text[m.end : m.end + 12].lstrip()[:1]
        if first and first not in _ALIAS_OPENING:
            continue  # no cue can start here: the regex is not tried
        cue = _ALIAS_CUE.match(text, m.end)
        if not cue:
            continue
        if not seg_at:
            starts = {m.start: m for m in mentions}
            seg_at = {s.start: s for s in segs}
            seg_starts = sorted(seg_at)
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
        if word.startswith("better known") or _PREFERRED_CUE.search(word):
            c.preferred = name
            c.stated.discard(name)
            c.forms.setdefault(name, 1)
        by_key.setdefault(translit_key(_plain(name)), m.person)
    mentions.sort(key=lambda x: x.start)


def _born_in_parenthesis(
    text: str,
    segs: list[_Seg],
    mentions: list[Mention],
    clusters: list[Cluster],
    by_key: dict[str, int],
) -> None:
    """ "Augustus (born Gaius Octavius; ...)": the name heading a biography is the person's,
    even with no other cue, when the birth name after it is a person; it is the name the
    text goes by, the birth name an alias."""
    by_start = {m.start: m for m in mentions}
    seg_at = {g.start: g for g in segs}
    added: dict[str, int] = {}  # name key -> person
    for g in segs:
        if g.start in by_start or g.thing:
            continue
        cue = _ALIAS_CUE.match(text, g.end)
        if cue is None or cue.group("cue").lower() not in ("born", "née"):
            continue
        if "(" not in text[g.end : cue.start("cue")]:
            continue  # "X, born Y" with X no person: no cue that X is one
        target = seg_at.get(cue.end())
        m = by_start.get(cue.end()) if target is not None else None
        if m is None or target is None:
            continue
        c = clusters[m.person]
        mentions.append(Mention(g.start, g.end, m.person))
        c.forms[g.text] = c.forms.get(g.text, 0) + 1
        c.stated.add(target.text)
        if not c.preferred:
            c.preferred = g.text
        key = translit_key(_plain(g.text))
        by_key.setdefault(key, m.person)
        added[key] = m.person
    if not added:
        return
    # the name recurs alone later on ("Augustus died at Nola"): those are the person too
    taken = {m.start for m in mentions}
    for g in segs:
        p = added.get(translit_key(_plain(g.text))) if g.start not in taken else None
        if p is not None and not g.thing:
            mentions.append(Mention(g.start, g.end, p))
            clusters[p].forms[g.text] = clusters[p].forms.get(g.text, 0) + 1
    mentions.sort(key=lambda x: x.start)


_PREFERRED_CUE = re.compile(r"\b(?:knows|knew|remembers|remembered|calls)\b")
_PARTICLE_WORDS = frozenset(_PARTICLES[3:-1].split("|"))


@lru_cache(maxsize=65536)
def _name_words(form: str) -> frozenset[str]:
    """The words of a name, and the parts of a double-barrelled one: "Marie Curie" is part
    of "Marie Skłodowska-Curie"."""
    plain = _plain(form)
    words = [w for w in translit_key(plain).split() if w not in _PARTICLE_WORDS]
    if "-" in plain:
        words += [translit_key(p) for w in plain.split() for p in w.split("-")[1:] if len(p) > 2]
        words += [translit_key(w.split("-")[0]) for w in plain.split() if "-" in w]
    return frozenset(w for w in words if w)


def _merge_partial_names(clusters: list[Cluster], mentions: list[Mention]) -> None:
    """A person named only by part of a fuller name of this document ("Lucien", "Ibn
    Battuta" beside "Lucien Bonaparte", "Muhammad ibn Battuta") is that person, when exactly
    one fuller name contains all the words: two candidates leave the short name alone."""
    words = [[_name_words(f) for f in c.forms] for c in clusters]
    fullest = [max(ws, key=len, default=frozenset()) for ws in words]
    # a host holds every word of the short name, so one of them finds all the candidates
    # (a fullest name only ever empties, so the index stays a superset)
    having: dict[str, list[int]] = defaultdict(list)
    for a, full in enumerate(fullest):
        for w in full:
            having[w].append(a)
    for b, c in enumerate(clusters):
        if not c.forms or c.known is not None:
            continue
        mine = set().union(*words[b]) if words[b] else set()
        if not mine:
            continue
        hosts = [
            a
            for a in having[next(iter(mine))]
            if a != b and clusters[a].forms and len(fullest[a]) > len(mine) and mine <= fullest[a]
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


def _in_list(text: str, seg: _Seg) -> bool:
    """Whether a comma or "and" stands right before or after the run (the cheap test)."""
    if text[max(0, seg.start - 40) : seg.start].rstrip().endswith((",", "and")):
        return True
    return text[seg.end : seg.end + 8].lstrip().startswith((",", "and", "others"))


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
    # the tests of the words and the text around them, once: the loop below goes twice (a
    # run taken now stays taken)
    listed_alone = [
        seg
        for seg in singles
        if seg.start not in taken
        and len(seg.tokens) == 1
        and not seg.thing
        and seg.text not in thing_forms
        and seg.text not in place_forms
        and _in_list(text, seg)
        and not _is_place(seg.tokens[0])
        and not _is_thing(seg.tokens[0])
        and not _after_of(text, seg.start)
        and not _on_heading(text, seg.start)
    ]
    # the list's punctuation around each: the length of the gap to a name before, and after
    cues: list[tuple[_Seg, int | None, int | None, bool]] = []
    for seg in listed_alone:
        lead = text[max(0, seg.start - 40) : seg.start]
        before = _LIST_BEFORE.search(lead) if lead.rstrip().endswith((",", "and")) else None
        after = _LIST_AFTER.match(text[seg.end : seg.end + 10])
        listed = re.match(r",?\s*(?:and\s+)?others\b", text[seg.end : seg.end + 20]) is not None
        back = len(before.group(2)) if before else None
        cues.append((seg, back, len(after.group(1)) if after else None, listed))
    for seg, back, ahead, listed in [*cues, *cues]:  # twice: a later name helps an earlier one
        if seg.start in taken:
            continue
        neighbour = None
        if back is not None:
            neighbour = ends.get(seg.start - back)
        if neighbour is None and ahead is not None:
            neighbour = starts.get(seg.end + ahead)
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
