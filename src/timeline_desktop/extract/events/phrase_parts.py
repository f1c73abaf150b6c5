"""Word tests the verb phrase of a title reads (`titles.predicate`): whether a place,
a role or a noun follows a verb, a seat on a body ("was on the board"), an infinitive of
purpose, and the past tense of a verb after an emphatic "did" or in older English.
"""

from __future__ import annotations

import re

from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.events.words import PAST, EventWords

_NEXT_WORD = re.compile(r"\s+([\w'’-]+)")
# a word or a mark of a title's verb phrase (a number with thousands separators, "12,000",
# is one token: its comma ends no phrase)
PRED_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+\b|(?:[A-Za-z]\.){2,}|[A-Z]\.(?=\s[A-Z])|[\w'’\"“”-]+|[,;:()]"
)


def names_a_place(ew: EventWords, text: str, pos: int, ce: int) -> bool:
    """Whether the phrase opening at `pos` names a place or partner: a name ("to Oslo")
    or a noun phrase with its article or a narrator's "my" ("to the office", "into my
    cellar"), not a manner ("in full")."""
    m = _NEXT_WORD.match(text, pos, ce)
    if m is None:
        return False
    w = m.group(1).lower()
    if w in ew.determiners or w in ew.first_person_owners:
        # "in the early hours": a time, not a place; "into my office": a place
        head: list[str] = []
        for x in text[m.end() : min(ce, m.end() + 40)].lower().split()[:3]:
            x = x.strip(".,;:")
            if x in ew.function_words:
                break  # "the office till night": the noun phrase ends before "till"
            head.append(x)
        return not any(x in ew.title_time_words for x in head)
    return m.group(1)[:1].isupper()


def role_follows(text: str, pos: int, ce: int) -> bool:
    """Whether a role follows "as": a common noun ("as consul", "as a judge"), not a name
    or a code ("catalogued as T12": what a thing was called, no role of a verb)."""
    m = _NEXT_WORD.match(text, pos, ce)
    return m is not None and m.group(1).islower() and m.group(1).isalpha()


def noun_follows(ew: EventWords, text: str, pos: int, ce: int) -> bool:
    """Whether a noun phrase, not a participle or adverb, follows a copula at `pos`."""
    m = _NEXT_WORD.match(text, pos, ce)
    if m is None:
        return False
    w = m.group(1).lower()
    return (
        not (ew.is_verbish(w) or w.endswith("ing") or ew.is_adverb(w) or w in ew.function_words)
        or w in ew.determiners
    )


def purpose_follows(ew: EventWords, out: list[str], text: str, pos: int) -> bool:
    """Whether "to" after a pronoun object opens an infinitive of purpose ("woke her | to
    tell her"), not a place ("took her to the quay", "sent them to Oslo")."""
    low = out[-1].lower()
    if low not in ew.personal_objects:
        return False  # "ended it to marry ...": what "it" was ended for says more
    if len(out) == 2 and out[0].lower() in ew.causative_verbs:
        return False  # "enabled her to move to France": what she then did
    m = _NEXT_WORD.match(text, pos)
    return m is not None and m.group(1).islower() and m.group(1) not in ew.determiners


_PHRASE_HEAD = re.compile(r"\s+([\w'’-]+)(?:\s+([\w'’-]+))?")


def role_noun(ew: EventWords, text: str, pos: int, ce: int) -> bool:
    """Whether the noun phrase after a copula can be a post held ("chief clerk", "Lind's
    speechwriter", "the first mayor"), not a superlative that ranks ("the largest town")."""
    m = _PHRASE_HEAD.match(text, pos, ce)
    if m is None:
        return False
    head = [w.lower() for w in m.groups() if w]
    return not any(w.endswith("est") or w in ew.superlatives for w in head)


_SEAT = re.compile(r"\s+on\s+(?:the|a|its|his|her|their)\s+((?:[\w'’-]+\s+){0,2}[\w'’-]+)")


def seat_on_body(ew: EventWords, text: str, pos: int, ce: int) -> bool:
    """Whether "on" and a body ("the board", "the executive committee") follows a copula
    at `pos`: a seat held on it, not a place or a way ("was on the road")."""
    m = _SEAT.match(text, pos, ce)
    return m is not None and any(w.lower() in ew.membership_bodies for w in m.group(1).split())


_CONSONANT_Y = re.compile(r"[^aeiou]y$")


def quote_end(text: str, pos: int, most: int = 60) -> int:
    """Where the short quotation opening at `pos` ends (after its closing mark); 0 when it
    runs longer than `most` characters (a title then stops before it)."""
    closer = "”" if text[pos] == "“" else '"'
    close = text.find(closer, pos + 1, pos + most)
    return close + 1 if close > 0 else 0


def noun_goes_on(ew: EventWords, words: list[str], nxt: str) -> bool:
    """Whether a title cut before `nxt` would cut a noun phrase before its noun ("into a
    naked | bed"): the phrase's article is among the last two words taken."""
    return (
        any(x.lower() in ew.determiners or x.lower() in ew.first_person_owners for x in words[-2:])
        and nxt.isalpha()
        and nxt.islower()
        and nxt not in ew.function_words
    )


BETWEEN_ADJECTIVES = frozenset(("but", "yet", "and"))


def adjectives_joined(ew: EventWords, out: list[str], lw: str, text: str, at: int) -> bool:
    """Whether `lw` joins two adjectives of one noun the phrase is taking ("made a
    melancholy but good | sermon"): the object goes on to its noun. After an article and
    one word, and before two plain words neither a verb nor a function word ("a house
    and sold it" is two happenings)."""
    if lw not in BETWEEN_ADJECTIVES or len(out) < 2 or out[-2].lower() not in ew.determiners:
        return False
    if not out[-1].isalpha() or not out[-1].islower() or ew.is_verbish(out[-1]):
        return False
    nxt = [w.rstrip(",;:.") for w in text[at : at + 40].split()[:2]]
    return (
        len(nxt) == 2
        and all(w.isalpha() and w.islower() and w not in ew.function_words for w in nxt)
        and not any(ew.is_verbish(w) for w in nxt)
    )


def after_did(ew: EventWords, text: str, pos: int) -> bool:
    """Whether an emphatic auxiliary stands right before `pos` ("did get"), maybe with an
    adverb between ("did now give")."""
    if text[pos - 1 : pos] != " ":
        return False
    before = text[max(0, pos - 20) : pos].lower().split()
    if len(before) > 1 and before[-1] in ew.emphatic_gap:
        before.pop()
    if not before:
        return False
    return before[-1] in ew.emphatic_auxiliaries or (
        before[-1] in ew.old_emphatic
        and text[pos : pos + 20].split(None, 1)[0].strip(".,;:!?").lower() in ew.past_of_base
    )


def past_of_base(ew: EventWords, w: str) -> str:
    """The past tense of a base verb after an emphatic "did" ("get" -> "got", "tell" ->
    "told", "carry" -> "carried"); "did" kept before a verb of unknown past."""
    lw = w.lower()
    if lw in ew.past_of_base:
        return ew.past_of_base[lw]
    if lw.endswith("e"):
        return w + "d"
    if _CONSONANT_Y.search(lw):
        return w[:-1] + "ied"
    if lw.endswith(("ss", "sh", "ch", "ck", "nd", "rn", "rk", "lk", "lt", "st", "rt", "nt")):
        return w + "ed"
    return f"did {w}"


def after_auxiliary(ew: EventWords, text: str, pos: int) -> bool:
    """Whether an auxiliary or "to" stands right before `pos` ("had come", "to come")."""
    before = text[max(0, pos - 12) : pos].split()[-1:]
    return bool(before) and (
        before[0].lower() in ew.auxiliaries or before[0].lower() in ew.infinitive_marks
    )


ASIDE_PAREN = 80  # the longest aside in parentheses a verb phrase reads past


def verb_wants_object(ew: EventWords, out: list[str]) -> bool:
    """Whether the verb phrase so far is a verb alone or with its particle ("took up"):
    what follows an aside in parentheses is its object."""
    return len(out) == 1 or (len(out) == 2 and out[1].lower() in ew.particles)


_AUX_BACK = 40  # characters before a verb its passive auxiliary stands within
_AUX_ADVERBS = 2  # adverbs between the auxiliary and the participle ("was later renamed")


def passive_auxiliary(ew: EventWords, text: str, vpos: int, floor: int) -> str:
    """The verb of being of a passive before the participle at `vpos` ("was", "were", "had
    been"), which a title keeps so that it reads as a sentence ("The fort was rebuilt", not
    "The fort rebuilt", which says the fort did it); "" for an active verb, and for a
    passive after a modal or "to" ("would be sold", "to be sold"), no happening stated."""
    if text[vpos - 1 : vpos] != " ":
        return ""
    vpos = verb_joined_before(ew, text, vpos)  # "was tried and | hanged"
    words = text[max(floor, vpos - _AUX_BACK) : vpos].split()
    if not words:
        return ""
    skipped = 0
    while words and skipped < _AUX_ADVERBS and _adverb(ew, words[-1]):
        words.pop()
        skipped += 1
    if not words:
        return ""
    be = words[-1].lower()
    if be not in ew.passive_finite:
        return ""
    if be == "been":
        have = words[-2].lower() if len(words) >= 2 else ""
        return f"{have} been" if have in ew.perfect_auxiliaries else ""
    return be


def _adverb(ew: EventWords, w: str) -> bool:
    lw = w.lower()
    return ew.is_adverb(lw) or lw in ew.passive_adverbs


def particle_closes(ew: EventWords, text: str, pos: int, ce: int, t: TimeExpr) -> bool:
    """Whether a particle ending at `pos` after the verb's object closes the verb phrase
    ("called the match off in May", "declared the strike over."): what follows is the
    clause's end, a date or a word opening a time or another clause, not a phrase the
    word would govern ("walked the dog over the bridge", "took him down with me")."""
    m = _NEXT_WORD.match(text, pos, ce)
    if m is None:
        return True
    w = m.group(1)
    if t.start <= m.start(1) < t.end and (w[0].isdigit() or w[0].isupper()):
        return True  # "called it off 3 May": the date itself ("up to May": no particle)
    return w.lower() in ew.particle_closers


_JOINED_BEFORE = re.compile(r"([A-Za-z]+)\s+and\s+$")
_JOIN_BACK = 30  # characters before a verb the verb joined to it by "and" stands within


def verb_joined_before(ew: EventWords, text: str, vs: int) -> int:
    """Where a past verb joined by "and" to the verb at `vs` begins, when an auxiliary
    before it serves both ("had signed and sealed the deed", "was tried and hanged"): the
    title tells both verbs. `vs` itself when there is none."""
    lo = max(0, vs - _JOIN_BACK)
    if not text[lo:vs].rstrip().endswith("and"):
        return vs  # (asked of every title: the end-anchored search retries at every position)
    m = _JOINED_BEFORE.search(text, lo, vs)
    if m is None or ew.verb_kinds[m.group(1)][1] != PAST or not m.group(1).islower():
        return vs
    before = text[max(0, m.start() - 12) : m.start()].split()[-1:]
    if not before or before[0].lower() not in ew.auxiliaries:
        return vs
    return m.start(1)


def past_follows(ew: EventWords, text: str, pos: int, ce: int) -> bool:
    """Whether a lower-case past verb is the next word after `pos` ("and | hanged")."""
    m = _NEXT_WORD.match(text, pos, ce)
    return m is not None and m.group(1).islower() and ew.verb_kinds[m.group(1)][1] == PAST


_AGENT = re.compile(
    r"\s*,?\s+by\s+((?:(?:the|his|her|its|their)\s+(?:[a-z][\w-]*\s+){0,2})?[A-Z][\w’'.-]*(?:\s+(?:[A-Z0-9][\w’'.-]*|of|de|von|van))*)"
)


def agent_after_date(ew: EventWords, text: str, verb_end: int, t: TimeExpr, ce: int) -> str:
    """The agent of a passive named after the date that follows its participle ("was
    followed on 5 May 1977 | by the Lind Mill"), which a title keeps: "by the Lind Mill";
    "" when the date does not follow the participle or no named agent follows the date."""
    between = text[verb_end : t.start].split()
    if len(between) > 1 or any(w.lower() not in ew.function_words for w in between):
        return ""
    m = _AGENT.match(text, t.end, ce)
    return f"by {m.group(1).rstrip('.')}" if m else ""


def date_inside_object(ew: EventWords, out: list[str], text: str, t: TimeExpr) -> bool:
    """ "won the 1998 Lund Medal": a date after an article names which prize, not when;
    the object goes on after it."""
    if not out or out[-1].lower() not in ew.determiners:
        return False
    after = text[t.end : t.end + 2]
    return after[:1] == " " and after[1:2].isalpha()


def complement_after_date(ew: EventWords, out: list[str], text: str, t: TimeExpr, ce: int) -> bool:
    """ "married in 1981 to Mary Lind", "served from 1976 to 1991 as its counsel", "said in
    1989 that ...": a date right after the verb (and its preposition), then the verb's
    complement, which opens on a preposition, "as" or "that"."""
    if not out or any(w.lower() not in ew.title_date_leads for w in out[1:]):
        return False
    nxt = PRED_TOKEN.search(text, t.end, ce)
    if nxt is None or text[t.end : nxt.start()].strip():
        return False
    w = nxt.group().lower()
    return w in ew.title_phrase_preps or w in ew.title_role_words or w in ew.complementizers
