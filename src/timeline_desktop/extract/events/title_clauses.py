"""Which clause a title reads: the main clause after an opening participle ("Having
dined, X walked ..."), the subject of a second clause's verb of being ("... and the Y
encounter was in August"), a note line opening on its verb ("later wrote a novel"), and the
words a thin verb phrase falls back on when the narrator's unnamed "I" is the subject.
"""

from __future__ import annotations

import bisect
import re

from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events import antecedents, subjects
from timeline_desktop.extract.events.narrator import NarratorWords, narrated, no_one_before
from timeline_desktop.extract.events.phrase_parts import past_of_base
from timeline_desktop.extract.events.record_actor import record_actor, with_actor
from timeline_desktop.extract.events.titles import polish, predicate
from timeline_desktop.extract.events.verbs import Verb, states, verbs
from timeline_desktop.extract.events.words import PAST, PRESENT, EventWords

_FINITE = (PAST, PRESENT)  # verbs a joined clause tells its happening by
_VERB_FIRST = re.compile(r"[\W\d_]*")
_DIGIT = re.compile(r"\d")

_JOIN = re.compile(r",?\s+and\s+|;\s*|,\s+")
_SECOND_SUBJECT_WORDS = 6


def copula_subject(doc: Doc, verb: Verb, t: TimeExpr) -> str:
    """ "X took place in May and the second encounter was in August 1981": a date after a
    second clause's verb of being dates that clause's subject, not the first verb's
    happening. Returns the subject ("Second encounter"), else ""."""
    text, ew = doc.text, doc.ew
    if verb[1] > t.start:
        return ""
    found = states(ew, text, verb[1], t.start)
    if not found:
        return ""
    bs, be, _w = found[-1]
    between = text[be : t.start].split()
    if len(between) > 2 or any(w.lower() not in ew.function_words for w in between):
        return ""  # "was in August": only a preposition between the verb and the date
    joins = list(_JOIN.finditer(text, verb[1], bs))
    if not joins:
        return ""
    phrase = text[joins[-1].end() : bs].strip()
    words = phrase.split()
    if not 1 <= len(words) <= _SECOND_SUBJECT_WORDS or _DIGIT.search(phrase):
        return ""
    if words[0].lower() in ew.pronouns or words[0].lower() in ew.thing_pronouns:
        return ""  # "and it was in 1981": no subject of its own to name
    head = ew.leading_article.sub("", phrase) or phrase
    return polish(head, doc.lexicon)


def ing_clause(doc: Doc, verb: Verb, pend: int, t: TimeExpr) -> str:
    """ "The ship sailed twice round the cape before reaching the port on 3 May": a date in a
    "before"/"after" clause of an -ing verb dates that verb, done by the main clause's
    subject; its verb phrase in the past ("reached the port"), else ""."""
    text, ew = doc.text, doc.ew
    if verb[1] > t.start:
        return ""
    ing = ew.ing_after_verb.search(text, verb[1], t.start)
    if ing is None or ing.group(1).lower() in ew.ing_prepositions | ew.not_participles:
        return ""
    words = predicate(ew, text, ing.start(1), pend, t).split()
    if not words or verbs(ew, text, ing.end(), t.start):
        return ""
    return " ".join([past_of_ing(ew, words[0]), *words[1:]])


def past_of_ing(ew: EventWords, w: str) -> str:
    """ "reaching" -> "reached", "making" -> "made", "stopping" -> "stopped"."""
    base = w[:-3]
    for cand in (base, base + "e", base[:-1]):
        if cand.lower() in ew.past_of_base or cand.lower() in ew.base_verbs:
            return past_of_base(ew, cand)
    if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsz":
        base = base[:-1]  # "stopping": one consonant of the doubled pair
    return base[:-1] + "ied" if base.endswith("y") and base[-2:-1] not in "aeiou" else base + "ed"


_FIRST_CUT = re.compile(r"[;:(]|\s[–—-]\s")


def fallback_words(doc: Doc, cs: int, vpos: int, ce: int, first_person: bool) -> str:
    """The words a title falls back on when its verb phrase is too thin: the clause, or
    for the narrator's unnamed "I" the verb's own words ("Sent for the boatmen"), not what
    opens the clause before the "I", when they run to two words at least."""
    text = doc.text
    if first_person and vpos < ce and not doc.ew.only_lead(text[cs:vpos]):
        cut = _FIRST_CUT.search(text, vpos, ce)
        own = text[vpos : cut.start() if cut else ce]
        if len(own.split(",")[0].split()) >= 2:
            return own
    return text[cs:ce]


def main_after_participle(
    doc: Doc, verb: Verb, ss: int, se: int
) -> tuple[int | None, str, str, int] | None:
    """ "Having dined, Ada Lind and I walked to the quay": a clause opening on a perfect
    participle is an aside of the main clause after its comma, whose subject and verb make
    the title. Returns (person, subject, subject rule, verb start), or None."""
    text, ew = doc.text, doc.ew
    lead = text[max(ss, verb[0] - 12) : verb[0]].split()
    if not lead or lead[-1].lower() not in ew.participle_perfect:
        return None
    if not ew.only_lead(text[ss : verb[0] - len(lead[-1]) - 1]):
        return None  # "..., having passed ...": the participle closes a clause of its own
    comma = text.find(",", verb[1], se)
    if comma < 0:
        return None
    stop = _FIRST_CUT.search(text, comma, se)
    end = stop.start() if stop else se
    for v in verbs(ew, text, comma + 1, end):
        if text[max(ss, v[0] - 8) : v[0]].split()[-1:] == [lead[-1].lower()]:
            continue
        idx, subj, rule = subjects.subject(doc, comma + 1, v[0], ss)
        if idx is not None or (subj and subj != "\x00") or rule == subjects.FIRST_PERSON:
            return idx, subj, rule, v[0]
        return None
    return None


def opens_on_verb(doc: Doc, ss: int, vpos: int) -> bool:
    """Whether the sentence opens on its verb, perhaps after adverbs or auxiliaries
    ("Died in Venice, 1324."; "later wrote a novel (1977)"): a note line about someone."""
    if _VERB_FIRST.fullmatch(doc.text, ss, vpos):
        return True
    lead = doc.text[ss:vpos].split()
    return bool(lead) and lead[0][:1].islower() and all(w in doc.ew.auxiliaries for w in lead)


def only_time_phrase(doc: Doc, title: str) -> bool:
    """Whether a title says only when ("At noon", "In the evening"): no happening."""
    return doc.ew.only_time_phrase(title)


def later_verb_phrase(doc: Doc, vpos: int, end: int, t: TimeExpr) -> str:
    """ "At noon, with my sister, all tired, dined at the inn": when the first verb gives
    only a time phrase, the clause's next verb with an object or place makes the title."""
    text, ew = doc.text, doc.ew
    for v in verbs(ew, text, vpos + 1, end):
        phrase = predicate(ew, text, v[0], end, t)
        if len(phrase.split()) >= 2:
            return polish(phrase, doc.lexicon)
    return ""


def thin(doc: Doc, verb_phrase: str) -> bool:
    """Whether a narrator's verb phrase tells only that they did ("Walked", "Walked
    thence"): a verb with no object, place or complement."""
    words = verb_phrase.split()
    if not words:
        return False
    ew = doc.ew
    function_words, objects = ew.function_words, ew.object_pronouns
    for w in words[1:]:
        w = w.lower().strip(".,;:")
        if w not in function_words or w in objects:
            return False
    return True


def coordinated_phrase(doc: Doc, vpos: int, end: int, t: TimeExpr) -> str:
    """ "Walked thence, and saw all the town burned": a verb with nothing after it but an
    adverb is told better by the verb joined to it that has an object. Returns that verb
    phrase, else ""."""
    text, ew = doc.text, doc.ew
    first = _WORD_AT.match(text, vpos, end)
    if first is None:
        return ""
    joined = False
    for w in _WORD_AT.finditer(text, first.end(), end):
        lw = w.group().lower()
        if lw in ew.function_words:
            joined = joined or lw in ew.verb_coordinators
            continue
        if not joined or ew.verb_kinds[w.group()][1] not in _FINITE:
            return ""  # another subject, clause or an aside ("cried, like a fainting man")
        after = _WORD_AT.search(text, w.end(), end)
        if after is not None and after.group()[:1].isupper():
            return ""  # "and comes Sir R. Hale": the joined verb has a subject of its own
        # "walked, and saw", "comes and tells me": the joined verb, past or present
        phrase = predicate(ew, text, w.start(), end, t)
        return "" if thin(doc, phrase) else polish(phrase, doc.lexicon)
    return ""


_WORD_AT = re.compile(r"[\w'’-]+")


_PIECES = re.compile(r"[^,;:()]+")
_MOTION_WORDS = 7  # words of the phrase of motion a title keeps
_MOTION_REACH = 60  # characters from the clause's start a phrase of going opens within
_SHORT_MOTION = 2  # "down", "by water": a phrase this short takes the "to ..." after an aside


def no_one_did(subject_idx: int | None, subject_rule: str) -> bool:
    """Whether the clause's verb has no person and no narrator for its subject."""
    return subject_idx is None and subject_rule not in (
        subjects.FIRST_PERSON,
        subjects.PRONOUN_KEPT,
        subjects.PRONOUN_OFFICE,
    )


def elided_motion(doc: Doc, s: int, vpos: int) -> str:
    """ "So down, with my heart full of trouble, to the Lieutenant, who tells me ...", "By
    water, seeing the City", "So to bed": a diarist leaves out the verb of going. A clause
    of a narrated text that opens (past a time phrase) on a phrase of motion before any
    subject or verb is titled "I went" and that phrase. Returns the title, else ""."""
    text, ew = doc.text, doc.ew
    nw = doc.lexicon.compiled(NarratorWords)
    if nw.motion.isdisjoint(text[s : min(vpos, s + _MOTION_REACH)].lower().split()):
        return ""  # no word of going among the clause's first words
    pieces = [p.group().split() for p in _PIECES.finditer(text, s, vpos)]
    pieces = [p for p in pieces if p]
    while pieces and all(
        w.lower() in ew.title_time_words
        or w.lower() in nw.rising
        or (w.lower() in ew.function_words and w.lower() not in nw.motion)
        for w in pieces[0]
    ):
        pieces.pop(0)  # "In the afternoon, | out by coach", "Up, and | to church"
    if not pieces:
        return ""
    words = pieces[0]
    while words and words[0].lower() in nw.motion_lead:
        words = words[1:]
    if not words or words[0].lower() not in nw.motion:
        return ""
    if words[0].lower() == "by" and (
        len(words) < 2 or not words[1].islower() or words[1] in ew.function_words
    ):
        return ""  # "by water", "by coach"; not "by the next day", "by Sunday"
    phrase: list[str] = []
    for w in words[:_MOTION_WORDS]:
        lw = w.lower()
        if lw in ew.title_time_words:
            return ""  # "to the next day": a time, no going
        if ew.is_adverb(lw) or ew.is_verbish(w) or _DIGIT.search(w):
            break  # "to bed mightily contented": the phrase ends before a manner or verb
        if (
            lw in ew.pronouns
            or lw in ew.first_person
            or lw in ew.relative_words
            or lw in ew.verb_coordinators
        ):
            return ""  # a subject of its own, or "by and by" (soon): no verb left out
        phrase.append(w)
    if not phrase:
        return ""
    if len(phrase) <= _SHORT_MOTION and len(pieces) > 1:
        later = next((p for p in pieces[1:] if p[0].lower() == "to"), None)
        if later is not None and not _DIGIT.search(" ".join(later)):
            phrase += later[:_MOTION_WORDS]  # "down, with my heart ..., | to the Tower"
    last = pieces[-1] if len(pieces) > 1 else []
    if (
        last
        and last[0].lower() in ew.verb_coordinators
        and not any(w.lower() in nw.be_forms for w in last)
    ):
        return ""  # "So down to the quay, and there took a boat": the verb is the narrator's
    if not narrated(doc, s):
        return ""
    if phrase[0][:1].isupper() and phrase[0].lower() in nw.motion:
        phrase[0] = phrase[0].lower()  # "To Sir R. Hale" opening the clause
    return polish(f"I went {' '.join(phrase)}".rstrip("."), doc.lexicon)  # "So to bed."


def active_subject(doc: Doc, subject_text: str, joined: str) -> str:
    """The narrator of a passive ("I was" trimmed) as the subject of the active verb joined
    to it ("and sent my brother"): "I", not "I was". A joined verb with no object after it
    ("was frighted and kept awake") shares the passive's "was"."""
    words = joined.split()
    if len(words) < 2 or words[1].lower() not in doc.ew.active_object_leads:
        return subject_text
    for be in (" was", " were"):
        if subject_text in (f"I{be}", f"We{be}"):
            return subject_text[: -len(be)]
    return subject_text


_TERM_REACH = 160  # how far before its date an office's term label may begin its line


def office_term(doc: Doc, t: TimeExpr) -> tuple[str, int | None]:
    """ "White House Counsel, term start: 11 February 1966": an officeholder's field dates
    the taking (or leaving) of the office by whom the document is about; the office alone
    says no happening. Returns ("Harry Lane became White House Counsel", the person), else
    ("", None)."""
    ew = doc.ew
    if ":" not in doc.text[max(0, t.start - 4) : t.start]:
        return "", None  # no field label right before the date (most dates): nothing to read
    m = ew.office_term_label.search(doc.text, max(0, t.start - _TERM_REACH), t.start)
    if m is None:
        return "", None
    verb = ew.term_label_verbs.get(" ".join(m.group("label").lower().split()), "")
    p = antecedents.document_topic(doc) if verb else None
    if p is None:
        return "", None
    office = " ".join(m.group("office").split())
    return polish(f"{doc.people.name(p)} {verb} {office}", doc.lexicon), p


_LIST_ITEM = re.compile(r"\)\s*(?:,\s*|\s+)(?:(?:and|or)\s+)?([^()\d,;:]{2,60}?)\s*\(\s*$")
_ROLE_WORDS = 6  # words of a role in a list


def listed_role(doc: Doc, verb_phrase: str, vpos: int, t: TimeExpr) -> str:
    """ "served as clerk (1950-1952), deputy (1952-1955) and chief (1955-1960)": a role
    in a list, each with its years in parentheses, is the role of those years, not the
    first one the verb phrase names. Returns the verb phrase with that role, else ""."""
    if "(" not in doc.text[t.start - 2 : t.start]:
        return ""  # the date stands in no parenthesis of a list
    words = verb_phrase.split()
    if len(words) < 3 or words[1].lower() not in doc.ew.title_role_words:
        return ""
    m = _LIST_ITEM.search(doc.text, vpos, t.start)
    if m is None or not 1 <= len(m.group(1).split()) <= _ROLE_WORDS:
        return ""
    return f"{words[0]} {words[1]} {' '.join(m.group(1).split())}"


def sight_title(doc: Doc, s: int, e: int, t: TimeExpr) -> str:
    """ "Strange it was to see the guild hall on fire", "A sad sight to see how the river
    looks": a narrator's exclamation at a sight tells that they saw it. Returns "I saw the
    guild hall on fire", else ""."""
    ew = doc.ew
    m = ew.sight_exclamation.match(doc.text, s, e)
    if m is None or not narrated(doc, s):
        return ""
    cut = _SIGHT_CUT.search(doc.text, m.end(), e)
    words = doc.text[m.end() : cut.start() if cut else e].split()[: _SIGHT_WORDS + 1]
    if len(words) < 2 or _DIGIT.search(" ".join(words)):
        return ""
    words[0] = ew.past_of_base.get(words[0].lower(), words[0])
    return polish(f"I {' '.join(words)}", doc.lexicon)


_SIGHT_CUT = re.compile(r"[,;:()]|\s[–—-]\s")
_SIGHT_WORDS = 7  # words of what was seen a title keeps


def noun_title(doc: Doc, cs: int, t: TimeExpr) -> str | None:
    """ "the murder of the tribune X in 133 BC" -> "Murder of X": the happening a date is
    attached to by an event noun, for a clause whose verb belongs to another date."""
    m = doc.ew.noun_of.search(doc.text, max(cs, t.start - 90), t.start)
    if m is None or not doc.ew.is_event_noun(m.group("noun")):
        return None
    ms = doc.people.within(m.start("obj"), m.end("obj"))
    obj = doc.people.name(ms[-1].person) if ms else m.group("obj")
    return polish(f"{m.group('noun')} of {obj}", doc.lexicon)


_PERSON_VERBS = frozenset(["born", "died", "baptised", "buried", "married", "crowned"])


def field_title(doc: Doc, label: str) -> tuple[str, int | None]:
    """ "Birth date" over a date -> "Harry Lane born": the happening a field label names,
    with whom (or what) the document is about."""
    verbs_of = doc.ew.label_verbs
    verb = next((verbs_of[w] for w in label.lower().split() if w in verbs_of), "")
    if not verb:
        return "", None
    if verb in _PERSON_VERBS:
        p = antecedents.document_topic(doc)
        return (f"{doc.people.name(p)} {verb}", p) if p is not None else ("", None)
    title = doc.document.title.strip()
    return (f"{title} {verb}", None) if title and len(title.split()) <= 6 else ("", None)


def label_title(doc: Doc, label: str, heading: str, pos: int) -> str:
    """The title of a catalogue field at `pos` dating a happening: the happening its label
    names, what it was aimed at when its record names a target, and the record's section
    ("Time of closest approach" with "Target Name : IO" under "IO 24 ENCOUNTER" ->
    "Closest approach to Io (Io 24 Encounter)"), by the craft the document names
    (`record_actor`): "time of" names when, not what."""
    words = label.split()
    if len(words) > 2 and words[0].lower() in doc.ew.field_when and words[1] == "of":
        label = " ".join(words[2:])
    title = f"{label[:1].upper()}{label[1:].lower()}"
    if title.split()[-1].lower() in doc.ew.aimed_happenings:
        text = doc.text
        start = max(text.rfind("\n\n", 0, pos), text.rfind("\n \n", 0, pos), 0)
        end = min(x for x in (text.find("\n\n", pos), text.find("\n \n", pos), len(text)) if x >= 0)
        target = doc.ew.record_target.search(text, start, end)
        if target is not None and len(target.group(1).split()) <= 3:
            title += f" to {target.group(1).strip().title()}"
        # "Galileo made its closest approach to Callisto": who, not only what
        title = with_actor(record_actor(doc, heading), title)
    return title + (f" ({heading})" if heading else "")


def before_other_date(doc: Doc, vpos: int, end: int, t: TimeExpr) -> int:
    """Where a verb phrase ends before another date than its own ("Ada died in 1912 and
    Tom in 1921": Tom's "died" stops before 1912, which is Ada's)."""
    i = bisect.bisect_right(doc.dates, vpos, key=lambda x: x.start)
    while i < len(doc.dates) and doc.dates[i].start < min(end, t.start):
        other = doc.dates[i]
        if other.date is not None and other is not t:
            return other.start
        i += 1
    return end


_BARE_REACH = 30  # characters before a verb its pronoun stands within


_SET_OFF = re.compile(r",\s+[a-z]+ly\s+$")  # ", officially bound", ", newly arrived"


def set_off_verb(doc: Doc, cs: int, vpos: int) -> bool:
    """Whether the verb at `vpos` opens a phrase set off by a comma and an adverb (",
    officially bound for the Arctic"): with no subject of its own it describes, it does
    not happen. (Not in a diary, whose subjectless verbs are the diarist's.)"""
    return _SET_OFF.search(doc.text, max(cs, vpos - 30), vpos) is not None and not narrated(
        doc, cs
    )


def bare_verb_subject(doc: Doc, ss: int, cs: int, vpos: int) -> str:
    """Who does a verb whose clause names no subject a title could read, so that the
    title never opens on a bare verb ("Received the charter"): the pronoun right before it
    ("it received" -> "It"), else in a diary the narrator ("Spoke with Ada" -> "I") when
    nothing before the verb in its sentence could be its subject; "" when neither."""
    ew = doc.ew
    before = doc.text[max(cs, vpos - _BARE_REACH) : vpos].split()
    while before and before[-1].lower() in ew.auxiliaries:
        before.pop()  # "they had then", "it was"
    if before:
        w = before[-1].strip("“”\"'(").lower()
        if w in ew.subject_pronouns:
            return "I" if w == "i" else w.capitalize()
    if not narrated(doc, cs):
        return ""
    # "..., and there spoke with Ada", "Up, and got his seal": a verb joined to what went
    # before, or opening its sentence, is the narrator's; after a name and an aside
    # ("Hale, not knowing what to do, did dig a pit") it is that person's
    head = doc.text[ss:vpos]
    words = [w.strip(",;:").lower() for w in head.split()]
    joined = max((i for i, w in enumerate(words) if w in ew.verb_coordinators), default=-1)
    if joined < 0 and any(w[:1].isupper() for w in head.split()[1:]):
        return ""
    rest = head.split()[joined + 1 :]
    if any(w[:1].isupper() or w.lower() in ew.pronouns for w in rest):
        return ""
    return "I" if no_one_before(doc, vpos - len(" ".join(rest)) - 1, vpos) else ""
