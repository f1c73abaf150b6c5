"""The narrator of a diary, memoir or letter: a text told in the first person, whose "I"
the text does not name. A clause there with no subject of its own is the narrator's doing
("Walked home" reads "I walked home"), and a feeling or passive keeps its verb of being
("I was troubled at the news").
"""

from __future__ import annotations

import re
from bisect import bisect_left

from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events.words import WORD
from timeline_desktop.extract.lexicon import Lexicon

_NARRATOR_REACH = 1200  # how far back a clause looks for its narrator's "me", "my"
_NARRATOR_WORDS = 3  # ... and how many of them make the text a narrator's
_PIECE = re.compile(r"[^,;]+")  # the comma- or semicolon-free stretches before a verb
_TOKEN = re.compile(r"\S+")
_CLAUSE_END = ",;:.!?"


class NarratorWords:
    """The words of the narrator and subject-phrase rules (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.first_person_word = lex.pattern("first_person_word")
        # "me", "my": a narrator's words that no numeral looks like ("Edward I")
        self.narrator_word = lex.pattern("narrator_word")
        self.narrator_i = lex.pattern("narrator_i")
        self.narrator_hint = lex.pattern("narrator_hint")
        self.absolute_after = lex.pattern("absolute_after")
        self.clause_join = lex.pattern("narrator_clause_join")
        self.quoted = lex.pattern("quoted_speech")
        self.existential = lex.pattern("existential_subject", re.IGNORECASE)
        self.copula_relative = lex.pattern("copula_relative_subject")
        self.subject_clause_openers = lex.words("subject_clause_openers")
        self.motion = lex.words("narrator_motion")
        self.motion_lead = lex.words("narrator_motion_lead")
        self.rising = lex.words("narrator_rising")
        self.feelings = lex.words("narrator_feelings")
        self.be_forms = lex.words("passive_be")
        self.degree_words = lex.words("degree_words")
        self.pronoun_gender = dict.fromkeys(lex.words("male_pronouns"), "m") | dict.fromkeys(
            lex.words("female_pronouns"), "f"
        )
        self.adverbs = lex.words("narrator_adverbs")
        self.prepositions = lex.words("title_phrase_preps") | lex.words("narrator_phrase_leads")


def undergone(doc: Doc, verb_pos: int) -> bool:
    """Whether the verb at `verb_pos` tells what befell its subject: a passive ("being
    trimmed", "pressed by business") or a feeling ("troubled at", "pleased with")."""
    nw = doc.lexicon.compiled(NarratorWords)
    m = WORD.match(doc.text, verb_pos)
    if m is None:
        return False
    w = m.group().lower()
    if w in nw.feelings or doc.text.startswith(" by ", m.end()):
        return True
    before = doc.text[max(0, verb_pos - 24) : verb_pos].lower().split()
    while before and (before[-1].endswith("ly") or before[-1] in nw.degree_words):
        before.pop()
    return bool(before) and before[-1] in nw.be_forms


def no_one_before(doc: Doc, ss: int, verb_pos: int) -> bool:
    """Whether nothing before the verb in its sentence could be its subject: no person,
    no pronoun of a third person, no capitalised name after the first word ("And got my
    bags", not "Poor Ada's house, as far as the quay, already burned")."""
    nw = doc.lexicon.compiled(NarratorWords)
    preps, prep_before = nw.prepositions, doc.ew.prep_before
    words: list[str] = []
    for piece in _PIECE.finditer(doc.text, ss, verb_pos):
        toks = list(_TOKEN.finditer(doc.text, piece.start(), piece.end()))
        # "to Hale's house", "and down to the quay", "with Ada and the men": a phrase of
        # place or company names no subject, whoever it names; it ends a piece's subject
        cut = next((k for k, t in enumerate(toks) if t.group().lower() in preps), len(toks))
        if cut and doc.people.within(piece.start(), toks[cut - 1].end()):
            return False
        for m in doc.people.within(piece.start(), piece.end()):
            if not prep_before.search(doc.text, max(piece.start(), m.start - 40), m.start):
                return False  # "While at dinner Mrs. Hale came": a subject past the phrase
        own = [t.group() for t in toks[:cut]]
        if any(w.lower() in doc.ew.pronouns for w in own):
            return False  # "She studied in Oslo": a third person's clause
        words += own if piece.start() > ss else own[1:]
    return not any(w[:1].isupper() for w in words)


def narrator_name(word: str) -> str:
    """How a title names the narrator: "I" or "We", as the text does."""
    return "I" if word.lower() == "i" else word.capitalize()


def first_person_lead(doc: Doc, ss: int, upto: int) -> str:
    """The narrator opening the sentence as its subject after only function words
    ("So I down to the quay, and there ..."), as a title names them; else ""."""
    nw = doc.lexicon.compiled(NarratorWords)
    for m in nw.first_person_word.finditer(doc.text, ss, upto):
        if doc.ew.only_lead(doc.text[ss : m.start()]):
            return narrator_name(m.group())
        break
    return ""


def narrated(doc: Doc, pos: int) -> bool:
    """Whether the text around `pos` is told by a narrator, in the first person outside
    quotations (a diary, a memoir, a letter): a clause there with no subject of its own
    ("Walked home") is the narrator's doing."""
    known = doc.narrated_at.get(pos)  # the drafting rules ask again of the same clause
    if known is None:
        known = doc.narrated_at[pos] = _narrated(doc, pos)
    return known


def _narrated(doc: Doc, pos: int) -> bool:
    nw = doc.lexicon.compiled(NarratorWords)
    hints = doc.narrator_hints
    if hints is None:
        hints = doc.narrator_hints = [m.start() for m in nw.narrator_hint.finditer(doc.text)]
    text = doc.text
    lo, hi = max(0, pos - _NARRATOR_REACH), min(len(text), pos + _NARRATOR_REACH // 4)
    # every narrator's word of the window is a hint, but for the words it cuts at its edges
    # ("so|me" reads "me"): too few of them can make no narrator (most texts are no one's
    # narrative: this is most calls)
    n = bisect_left(hints, hi) - bisect_left(hints, lo)
    if not n or n + _cuts_word(text, lo) + _cuts_word(text, hi) < _NARRATOR_WORDS:
        return False
    window = text[lo:hi]
    window = nw.quoted.sub(" ", window)
    found = len(nw.narrator_word.findall(window))
    if found < _NARRATOR_WORDS:  # "they and I walked": the narrator's "I" before a verb
        for m in nw.narrator_i.finditer(window):
            before = window[max(0, m.start() - 20) : m.start()].split()[-1:]
            if before and (before[0][-1] in _CLAUSE_END or before[0].islower()):
                found += 1
    return found >= _NARRATOR_WORDS


def _cuts_word(text: str, at: int) -> int:
    """1 when a window edge at `at` falls inside a word (of regex word characters)."""
    return int(0 < at < len(text) and _is_word(text[at - 1]) and _is_word(text[at]))


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


_QUOTE_REACH = 1500  # how far back a quotation holding a position may open


def quoted_at(doc: Doc, pos: int) -> bool:
    """Whether `pos` lies inside speech quoted in the text (after its opening quotation
    mark, before its closing one): what is told there is the speaker's words, not the
    narrator's doing."""
    text = doc.text
    para = text.rfind("\n\n", max(0, pos - _QUOTE_REACH), pos)
    start = para + 2 if para >= 0 else max(0, pos - _QUOTE_REACH)
    quoted = doc.lexicon.compiled(NarratorWords).quoted
    for m in quoted.finditer(text, start, pos + _QUOTE_REACH // 2):
        if m.start() <= pos < m.end() - 1:
            return True
        if m.start() > pos:
            break
    return False


def pronoun_gender(doc: Doc, pos: int) -> str:
    """ "m" or "f" as the pronoun at `pos` says ("she", "him"); "" for "they" and others."""
    m = WORD.match(doc.text, pos)
    genders = doc.lexicon.compiled(NarratorWords).pronoun_gender
    return genders.get(m.group().lower(), "") if m else ""


def with_went(lex: Lexicon, title: str) -> str:
    """ "I home late to Sir W. Penn's", "We to church": a title of the narrator's opening
    words, with the verb of going the diarist left out written in ("I went home late")."""
    words = title.split()
    motion = lex.compiled(NarratorWords).motion
    if len(words) >= 3 and words[0] in ("I", "We") and words[1].lower() in motion:
        return " ".join([words[0], "went", *words[1:]])
    return title
