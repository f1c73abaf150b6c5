"""Reported speech, conditions and inverted subjects: which clause of a sentence tells its
happening, and who does it.

- News passed on ("I hear that the ferry is sunk", "Ada tells me her brother is gone to
  sea", "he says he hath sold the mill", "news is come that ..."): the happening is the
  reported clause, whose subject and verb make the title; a reported "he" after "he says"
  is the speaker.
- A clause of condition or doubt ("if the miller sells his mill", "till my roof is
  mended" in a past narrative, "one would think ...") tells no happening.
- After an adverb of place or sequence an intransitive verb may come before its subject
  ("and there preached the vicar", "then came the Duke"): the subject is the name after it.

The rules read function words and word lists of the lexicon, never particular phrases.
"""

from __future__ import annotations

import re
from itertools import pairwise

from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events import subjects
from timeline_desktop.extract.events.narrator import narrated
from timeline_desktop.extract.events.titles import predicate
from timeline_desktop.extract.events.verbs import Verb, states, verbs
from timeline_desktop.extract.events.words import PRESENT, WORD
from timeline_desktop.extract.lexicon import Lexicon

Subject = tuple[int | None, str, str]
"""(person, subject words, subject rule) as `subjects.subject` returns them."""


class ReportWords:
    """The word lists of reports, conditions and inversions (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.reporting = lex.words("news_verbs")
        self.openers = lex.words("report_openers")
        self.news = lex.words("news_nouns")
        self.objects = lex.words("personal_objects")
        self.conditional = lex.words("conditional_openers")
        self.pending = lex.words("pending_openers")
        self.modals = lex.words("hypothetical_modals")
        self.pending_aux = lex.words("pending_auxiliaries")
        self.inversion_adverbs = lex.words("inversion_adverbs")
        self.inversion_verbs = lex.words("inversion_verbs")
        self.coordinators = lex.words("verb_coordinators")
        self.than = lex.words("comparison_openers")
        self.comparison_as = lex.words("comparison_as")
        self.ever = lex.words("comparison_ever")
        self.emphatic = lex.words("emphatic_present")
        self.finite_be = lex.words("report_be")
        self.not_subjects = (
            self.openers
            | self.conditional
            | self.pending
            | self.modals
            | lex.words("report_wh_words")
        )


_STRETCH_CUT = re.compile(r"[,;:.!?()]")
_REPORTED_SUBJECT = 7  # words of a reported clause's subject before its verb
_NAME_WORDS = 4  # words of a name told the news ("tells Sir R. Hale that ...")
_NEWS_REACH = 4  # words from a noun of news to its "that"


def _words_at(text: str, pos: int, end: int) -> list[re.Match[str]]:
    """The words from `pos` to the next comma, semicolon or sentence end."""
    cut = _STRETCH_CUT.search(text, pos, end)
    return list(WORD.finditer(text, pos, cut.start() if cut else end))


def _after_news(rw: ReportWords, text: str, pos: int, end: int) -> int:
    """ "news is come that ...", "word came that ...": where the clause after a noun of news
    and its "that" begins, else `pos`."""
    words = _words_at(text, pos, end)[: _NEWS_REACH + 1]
    if len(words) < 2 or words[0].group().lower() not in rw.news:
        return pos
    for w in words[1:]:
        if w.group().lower() == "that":
            return w.end()
    return pos


def report_start(doc: Doc, verb: Verb, end: int) -> int:
    """Where the clause a verb of news reports begins ("hear | that the ferry sank", "tells
    me | her brother is gone"), past any noun of news ("says news is come that | ..."); -1
    when the verb reports none."""
    rw = doc.lexicon.compiled(ReportWords)
    if verb[2].lower() not in rw.reporting:
        return -1
    text = doc.text
    words = _words_at(text, verb[1], end)
    if not words:
        return -1
    i = 0
    if words[0].group().lower() in rw.objects:
        i = 1  # "tells me ..."
    elif words[0].group()[:1].isupper():
        # "tells Sir R. Hale that ...": a name told the news, only with its "that"
        k = next((k for k, w in enumerate(words[: _NAME_WORDS + 1]) if w.group() == "that"), -1)
        if k < 1 or any(not w.group()[:1].isupper() for w in words[:k]):
            return -1
        i = k
    if i < len(words) and words[i].group().lower() in rw.openers:
        i += 1
    if i >= len(words):
        return -1
    start = words[i].start()
    return _after_news(rw, text, start, end)


def reported_verb(doc: Doc, start: int, end: int) -> Verb | None:
    """The verb of the reported clause opening at `start`: a verb (or a verb of being,
    "is dead") after a subject of a few words, before any comma."""
    text, ew = doc.text, doc.ew
    words = _words_at(text, start, end)
    if len(words) < 2:
        return None
    stop = words[min(len(words), _REPORTED_SUBJECT + 1) - 1].end()
    rw = doc.lexicon.compiled(ReportWords)
    found = verbs(ew, text, start, stop) + states(ew, text, start, stop)
    for a, b in pairwise(words):
        if a.group().lower() in rw.emphatic and b.group().lower() not in ew.function_words:
            found.append((b.start(), b.end(), b.group()))  # "do bury", "doth say"
        if a.group().lower() in rw.finite_be:
            found.append((b.start(), b.end(), b.group()))  # "is dead": the title keeps "is"
    found = [
        v
        for v in found
        if v[0] > start and v[2].lower() not in rw.emphatic and v[2].lower() not in rw.finite_be
    ]
    if not found:
        return None
    found.sort()
    lead = [w.group().lower() for w in words if w.start() < found[0][0]]
    objects = [w for w in lead[1:] if w in ew.pronouns and w not in ew.subject_pronouns]
    if lead[0] in rw.not_subjects or objects or any(w in rw.not_subjects for w in lead):
        return None  # "what I saw", "if it rains": no reported happening
    return found[0]


def news_verb(doc: Doc, found: list[Verb], s: int, e: int) -> list[Verb]:
    """`found` with a verb of news before its first verb that the verbs of happenings leave
    out ("I hear that ...", "he says ..."), when it reports a clause."""
    rw = doc.lexicon.compiled(ReportWords)
    upto = found[0][0] if found else e
    for m in WORD.finditer(doc.text, s, upto):
        if m.group().lower() not in rw.reporting or not m.group()[:1].islower():
            continue
        verb = (m.start(), m.end(), m.group())
        start = report_start(doc, verb, e)
        if start >= 0 and reported_verb(doc, start, e) is not None:
            return [verb, *found]
        break
    return found


def news_told(
    doc: Doc, verb: Verb, ss: int, end: int, teller: Subject
) -> tuple[int | None, str, str, int] | None:
    """The reported clause of a verb of news: (person, subject, subject rule, verb start)
    of what is reported, else None. A reported "he" or "she" after a teller who tells no
    one ("he says he hath ...") is the teller."""
    start = report_start(doc, verb, end)
    if start < 0:
        return None
    told = reported_verb(doc, start, end)
    if told is None:
        return None
    rw = doc.lexicon.compiled(ReportWords)
    idx, subj, rule = subjects.subject(doc, start, told[0], ss)
    if rule == subjects.FIRST_PERSON:
        pass
    elif not subj or subj == "\x00":
        return None
    said_to = doc.text[verb[1] : start].split()[:1]
    first = doc.text[start : told[0]].split()[:1]
    own = bool(first) and first[0].lower() in doc.ew.singular_pronouns
    if own and teller[0] is not None and not (said_to and said_to[0].lower() in rw.objects):
        idx, subj, rule = teller[0], teller[1], teller[2]
    return idx, subj, rule, told[0]


# a sum of money right before a word: "£20 cost", "$5 fee"
_AMOUNT_BEFORE = re.compile(r"[£$€¥]\s?\d[\d,.]*\s+$")


# ", being acquainted": a participle of an aside after a comma
_BEING_ASIDE = re.compile(r",\s+being\s+(?:\w+ly\s+|well\s+)?$")


def _comparison(rw: ReportWords, lead: list[str]) -> bool:
    """Whether the words before a verb open a clause of comparison ("than I thought", "as
    ever I had")."""
    if lead[0] in rw.than:
        return True
    return lead[0] in rw.comparison_as and len(lead) > 1 and lead[1] in rw.ever


def unreal(doc: Doc, verb: Verb, start: int) -> bool:
    """Whether `verb` stands in a clause of condition, doubt or comparison ("if the miller
    sells his mill", "than we feared"), is a noun after a sum ("£5 cost"), or, in a
    narrative, tells what is still to come ("till my roof is mended") or only supposed
    ("one would think", "I should have been lost"): no happening told."""
    rw = doc.lexicon.compiled(ReportWords)
    text = doc.text
    vs = verb[0]
    # (asked of every verb of every clause: the piece and its words are read without a
    # generator or match objects)
    cut = max(
        text.rfind(",", start, vs),
        text.rfind(";", start, vs),
        text.rfind(":", start, vs),
        text.rfind("(", start, vs),
    )
    lead = [w.lower() for w in WORD.findall(text, max(start, cut + 1), vs)]
    if not lead:
        return False
    if not rw.conditional.isdisjoint(lead) or _comparison(rw, lead):
        return True
    near = max(start, vs - 24)
    if _BEING_ASIDE.search(text, near, vs):
        return True  # "his credit, being acquainted, ...": a participle, no verb of its own
    if _AMOUNT_BEFORE.search(text, near, vs):
        return True  # "about £20 cost": after a sum of money, a noun of cost, no verb
    pending = next((i for i, w in enumerate(lead) if w in rw.pending), -1)
    modal = any(w in rw.modals for w in lead)  # "who would have taken it before it was sent"
    if pending < 0 and not modal:
        return False
    if not narrated(doc, vs):
        return False
    if modal:
        return True
    after = lead[pending + 1 :]
    return bool(after) and (
        any(w in rw.pending_aux for w in after) or doc.ew.verb_kinds[verb[2]][1] == PRESENT
    )


# the name after an inverted verb: capitalised words, perhaps after "the" ("the Duke")
_INVERTED_NAME = re.compile(r"\s+((?:the\s+)?[A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?)*)")


def inverted_subject(doc: Doc, cs: int, verb: Verb, end: int) -> tuple[int | None, str, int] | None:
    """ "and there preached Dr. Wells", "then came the Duke": after only an adverb of place
    or sequence, an intransitive verb followed by a name (and no object after it) has that
    name for its subject. Returns (person, name, where the name ends), else None."""
    rw = doc.lexicon.compiled(ReportWords)
    if verb[2].lower() not in rw.inversion_verbs:
        return None
    text = doc.text
    cut = max(text.rfind(c, cs, verb[0]) for c in ",;:(")
    lead = [w.group().lower() for w in WORD.finditer(text, max(cs, cut + 1), verb[0])]
    if not any(w in rw.inversion_adverbs for w in lead) or any(
        w not in rw.inversion_adverbs and w not in rw.coordinators for w in lead
    ):
        return None
    words = _words_at(text, verb[1], end)
    if not words:
        return None
    m = _INVERTED_NAME.match(text, verb[1], end)
    if m is None:
        return None
    ne = m.end()
    people = [p for p in doc.people.within(verb[1], ne + 40) if p.start < ne + 2]
    if people:
        ne = max(ne, people[0].end)
    rest = WORD.match(text, ne + 1) if text[ne : ne + 1] == " " else None
    if (
        rest is not None
        and rest.group().lower() not in doc.ew.title_phrase_preps
        and (rest.group().lower() not in rw.coordinators)
    ):
        return None  # "then sent Sir R. Hale a letter": an object, no inversion
    idx = people[0].person if people else None
    return idx, " ".join(text[m.start(1) : ne].split()), ne


def inverted_phrase(doc: Doc, verb: Verb, name_end: int, end: int, t: TimeExpr) -> str:
    """The verb phrase of an inverted subject: the verb and a phrase of place after the name
    ("came the Duke to the office" reads "came to the office")."""
    verb_word = verb[2].lower()
    after = WORD.match(doc.text, name_end + 1)
    if after is None or after.group().lower() not in doc.ew.title_phrase_preps:
        return verb_word
    return f"{verb_word} {predicate(doc.ew, doc.text, after.start(), end, t)}".strip()
