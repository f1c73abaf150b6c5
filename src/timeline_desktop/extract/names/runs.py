"""Candidate names: the name-shaped segments of every capitalised run of a text.

A run ("Marshal Georgy Zhukov", "the Central Committee", "Instances of Trotsky") is cut into
segments: titles before a name are kept apart ("Marshal"), acronyms, numerals, particles and
common words end a segment, and words naming things mark it as a thing. Most runs recur,
within and across documents, so segmentations are cached (per lexicon) with the few tests of
the text around them they depended on.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from timeline_desktop.extract.lexicon import Lexicon
from timeline_desktop.extract.names.words import ROMAN, ROMAN_OK, NameWords, verb_form
from timeline_desktop.extract.text import Mask

_HEADING_WORD = re.compile(r"[A-Za-z]{4,}")
_HEADING_CAP = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]{3,}")
_LINE_OPEN = re.compile(r"(?:^|[\n.;:!?])[ \t]*(?:[-*•>]+[ \t]*|\d{1,3}[.)][ \t]*)?$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;”\"—–]\s+|[\"“(]\s*)$", re.MULTILINE)
_CACHE_LIMIT = 100_000
# words for a people or plural agents ("Cornishman", "Astronomers"), by their endings
_DESCRIBING = re.compile(r"[a-z](?:man|men|woman|women|ers|ors|ians|ists)$")

# What a run's segmentation may depend on besides its words: position tests (the argument
# is an offset from the run start) and whether the document writes a word in lower case.
_VERB_OPENING, _SENTENCE_OPENING, _ON_HEADING, _IN_VOCAB = 0, 1, 2, 3
_Test = tuple[int, int | str, bool]  # (kind, argument, answer)
# a run's segment relative to the run start: start, end, tokens, text, title, title start, thing
_RelSeg = tuple[int, int, tuple[str, ...], str, str, int, bool]
# a segmentation with the answers it got: the words the text writes in lower case, those it
# does not, the position tests, and the segments
_Record = tuple[frozenset[str], frozenset[str], tuple[_Test, ...], list[_RelSeg]]


class Seg:
    """A name-shaped segment of a capitalised run (a plain slotted class: one is built for
    every capitalised run of the text)."""

    __slots__ = (
        "cue",
        "end",
        "place_cue",
        "score",
        "start",
        "strong",
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
        self.cue = ""  # the first cue around it that it names a person (scoring)
        self.strong = False  # a cue only a person's name has ("said", ", the astronomer")
        # the tokens joined, computed once (clustering reads it many times)
        self.text = " ".join(tokens) if text is None else text


class Segmenter:
    """Cuts capitalised runs into segments; caches them by run text (one per lexicon).

    Segmentations by run text are shared across documents (names and phrases recur): each
    is kept with the tests it asked and reused where the same tests answer the same.
    """

    def __init__(self, lex: Lexicon) -> None:
        self.w = lex.compiled(NameWords)
        self._singles: dict[str, tuple[int, str]] = lex.cache()
        self._runs: dict[str, list[_Record]] = lex.cache()

    def single_token(self, tok: str) -> tuple[int, str]:
        """A one-word run as (kind, word). Kind 0: not a name piece, 1: a name piece, 2: a
        piece that names a thing; 3 and 4 are 1 and 2 unless the line is a heading (then 0).
        When the document writes `word` in lower case, 1 and 2 become 3 and 4.

        It is the walk `run_segments` does, without its regexes, and depends on the word
        alone: most capitalised runs are one word and recur.
        """
        w = self.w
        f = w.fold(tok.rstrip("."))
        if f in w.titles and f not in w.title_is_name_too:
            return 0, ""  # a title with nothing after it
        if (tok[0] in "IVX" and ROMAN.match(tok)) or (tok.isupper() and len(tok) > 1):
            return 0, ""  # an acronym, or a numeral with no name before it
        g = w.fold(tok.strip('"“”'))
        if w.always_common(g):
            return 0, ""
        kind = 2 if f in w.place_prefixes or w.is_thing(tok) else 1
        return (kind + 2, "") if verb_form(g, tok) else (kind, g)

    def common_opening(self, text: str, pos: int, tok: str, word: str) -> bool:
        """Whether the one word `tok` at `pos`, which the text also writes in lower case, is
        a participle or an adjective capitalised because it opens a sentence ("Having
        stayed, ...", "Good hopes there were"): no name, unless a first name."""
        w = self.w
        if not (word in w.opening_adjectives or word.endswith(w.opening_word_endings)):
            return False
        opens = _SENTENCE_START.search(text, max(0, pos - 3), pos) is not None
        return opens and not w.given(tok)

    def segments(self, text: str, lower_vocab: frozenset[str], mask: Mask) -> list[Seg]:
        """Name-shaped pieces of every capitalised run, with the title written before them."""
        singles, runs = self._singles, self._runs
        if len(singles) > _CACHE_LIMIT:
            singles.clear()
        if len(runs) > _CACHE_LIMIT:
            runs.clear()
        out: list[Seg] = []
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
            """A test of the run at `ms` (see `run_segments`)."""
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

        single_token = self.single_token
        # runs come in text order, so the mask is walked along with them (`Mask.covers`)
        m_starts, m_ends = mask.starts, mask.ends
        n_mask, k = len(m_starts), 0
        for m in self.w.run.finditer(text):
            ms, me = m.span()
            while k < n_mask and m_starts[k] < ms:
                k += 1
            if (k and m_ends[k - 1] > ms) or (k < n_mask and m_starts[k] < me):
                continue
            ls = -1 - ms  # the line start, found only when a heading test needs it
            tok = m.group()
            if " " not in tok and "\t" not in tok:
                entry = singles.get(tok)
                if entry is None:
                    entry = singles[tok] = single_token(tok)
                kind, word = entry
                if word and word in lower_vocab:
                    kind += 2
                    if kind > 2 and self.common_opening(text, ms, tok, word):
                        kind = 0
                if kind > 2:
                    kind = 0 if heading() else kind - 2
                if kind:
                    out.append(Seg(ms, me, (tok,), "", -1, kind == 2, tok))
                continue
            segs = here.get(tok)
            if segs is None:
                records = runs.setdefault(tok, [])
                record = _matching(records, lower_vocab, test)
                if record is None:  # not seen with these answers: walk the run
                    asked.clear()
                    n0 = len(out)
                    self.run_segments(text, m, ask, out)
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
                out.append(Seg(ms + rs, ms + rend, toks, title, ts, thing, seg_text))
        return out

    def run_segments(
        self,
        text: str,
        m: re.Match[str],
        ask: Callable[[int, int | str], bool],
        out: list[Seg],
    ) -> None:
        """The name-shaped segments of one run of several words (titles, particles, numerals).

        Everything here depends on the run's words alone, except the tests asked through
        `ask` (see `_VERB_OPENING`): the caller records them to reuse the result elsewhere.
        """
        w = self.w
        fold, is_thing = w.fold, w.is_thing
        ms = m.start()
        pieces = [(p.start(), p.end(), p.group()) for p in w.piece.finditer(text, ms, m.end())]
        cur: list[tuple[int, int, str]] = []
        title, title_start = "", -1
        styled = False
        at_start: bool | None = None
        heading: bool | None = None

        def flush() -> None:
            nonlocal cur, title, title_start, styled
            while cur and (cur[-1][2].islower() or w.ordinal.match(cur[-1][2]) is not None):
                cur.pop()  # a trailing particle ("of") or ordinal is not part of the name
            if title and all(fold(t) in w.title_openers for t in title.split()):
                title, title_start = "", -1  # "Grand Banks": no title, a name of two words
            if cur:
                toks = tuple(c[2] for c in cur)
                # "Roman Jakobson": a first name that is an adjective too names no thing
                first = 1 if len(toks) > 1 and w.given(toks[0]) else 0
                thing = (
                    styled
                    or fold(toks[0]) in w.place_prefixes
                    or any(
                        is_thing(t)
                        for t in toks[first:]
                        if not t.islower() and not t.startswith("the")
                    )
                )
                out.append(Seg(cur[0][0], cur[-1][1], toks, title, title_start, thing=thing))
            cur, title, title_start, styled = [], "", -1, False

        for k, (ps, pe, tok) in enumerate(pieces):
            if k == 0 and w.verb_like(tok) and ask(_VERB_OPENING, ps - ms):
                continue  # "Reached Dayuan": a note line opening on its verb, then a place
            if k == 0 and tok in w.vocatives and len(pieces) > 1:
                continue  # "O Brutus": the interjection of an address, no part of the name
            if (
                k == 0
                and len(pieces) > 1
                and tok.endswith("ly")
                and len(tok) > 4
                and not w.given(tok)
                and ask(_SENTENCE_OPENING, 0)
            ):
                continue  # "Recently Smith", "Finally Carew": an adverb opening a sentence
            if (
                k == 0
                and len(pieces) > 1
                and tok[1:].islower()
                and not w.given(tok)
                and fold(tok) not in w.titles
                and fold(tok) not in w.place_prefixes
                and fold(tok) not in w.particles
                and not is_thing(tok)
                and ask(_IN_VOCAB, fold(tok))
                and ask(_SENTENCE_OPENING, 0)
            ):
                continue  # "Recently Smith", "Scientist Jo Lee": a common word opening a sentence
            if k == 0 and _described(w, tok, pieces) and not ask(_IN_VOCAB, fold(pieces[1][2])):
                # "Protestant Edward VI", "Astronomers Ann Lee": a word describing the person
                # (not "Great Red Spot": the first name is a word the text writes in lower case)
                continue
            if (tok.startswith("the") and " " in tok) or tok.startswith("the\t"):
                if cur:
                    cur.append((ps, pe, tok))
                continue
            f = fold(tok.rstrip("."))
            if not cur and f in w.place_prefixes:
                styled = True  # "St Albans", "Saint Helena", "Fort Ross": a place
            if f.endswith("s") and f[:-1] in w.titles and not cur and k + 1 < len(pieces):
                f = f[:-1]  # "Presidents Bush and Clinton": a title for each name
            if not cur and f in w.titles and not (f in w.title_is_name_too and pe == m.end()):
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
                if at_start or fold(cur[0][2]) in w.human_nouns:
                    flush()  # "Instances of Trotsky": a capitalised common noun, then "of"
                    continue
            roman = tok[0] in "IVX" and ROMAN.match(tok) is not None
            if tok.isupper() and len(tok) > 1 and not roman and tok[1] != ".":  # "F." initial
                flush()  # an acronym (NASA, USSR) is never part of a name
                continue
            if roman:
                if cur and ROMAN_OK.match(tok):
                    cur.append((ps, pe, tok))  # "Seleucus I Nicator": a regnal number
                else:
                    flush()
                continue
            if not tok.islower():
                g = fold(tok.strip('"“”'))
                if (
                    w.always_common(g)
                    and not (tok == "He" and len(cur) == 1)
                    and not _word_surname(w, g, cur, k, pieces, ask)
                ):
                    if cur and (is_thing(tok) or w.abstract_noun(g)):
                        # "Smithsonian Institution", "Galileo Optical Experiment": the
                        # words before a noun of a thing or a doing name that thing
                        styled = True
                    flush()  # ("Zheng He", "Ho Chi Minh" keep their short Chinese parts)
                    continue
                if (verb_form(g, tok) and not w.given(tok)) or ask(_IN_VOCAB, g):
                    # ("Alfred", "Mildred": first names, whatever their ending)
                    if heading is None:
                        heading = ask(_ON_HEADING, 0)
                    if heading:
                        flush()
                        continue
            if (
                k == len(pieces) - 1
                and len(cur) >= 2
                and w.verb_like(tok)
                and tok.isascii()
                and not w.given(tok)
                and w.given(cur[0][2])
            ):
                break  # "William Wallace Executed": a headline's verb after a full name
            if (
                styled
                and title
                and len(cur) == 1
                and w.given(tok)
                and k + 1 < len(pieces)
                and pieces[k + 1][2][:1].isupper()
            ):
                # "Secretary of Defense Clark Clifford": the office, then its holder's name
                office, office_start = f"{title} of {cur[0][2]}", title_start
                flush()
                title, title_start = office, office_start
            cur.append((ps, pe, tok))
        flush()


def _word_surname(
    w: NameWords,
    g: str,
    cur: list[tuple[int, int, str]],
    k: int,
    pieces: list[tuple[int, int, str]],
    ask: Callable[[int, int | str], bool],
) -> bool:
    """Whether the capitalised function word `g` at piece `k` is a surname or a part of one
    after a first name ("Thomas More", "Michael An Gof"): it ends the run or one more
    capitalised word does, and the line is no title-case heading ("Anne Is Crowned")."""
    if len(cur) != 1 or g not in w.function_words or not w.given(cur[0][2]):
        return False
    rest = pieces[k + 1 :]
    if len(rest) > 1 or (rest and not rest[0][2][:1].isupper()):
        return False
    if rest and w.always_common(w.fold(rest[0][2])):
        return False
    return not ask(_ON_HEADING, 0)


def _described(w: NameWords, tok: str, pieces: list[tuple[int, int, str]]) -> bool:
    """Whether the run's first word `tok` describes the person named after it rather than
    being part of the name: an adjective ("Protestant"), a word for a people ("Cornishman"),
    a plural noun of agents ("Astronomers") or a thing that ends a phrase before a name
    ("the meeting of the Senate Lucius Cotta would address"), then a known first name and
    one more word."""
    if len(pieces) < 3 or not pieces[1][2][:1].isupper() or not pieces[2][2][:1].isupper():
        return False
    f = w.fold(tok)
    if w.given(tok) or f in w.titles or f in w.place_prefixes or not w.given(pieces[1][2]):
        return False
    if f in w.place_adjectives:
        return False  # "Great Red Spot", "New Albany": the name of a place or a feature
    return f in w.adjectives or w.is_thing(tok) or _DESCRIBING.search(tok) is not None


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


def _record(asked: list[_Test], segs: list[Seg], ms: int) -> _Record:
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
