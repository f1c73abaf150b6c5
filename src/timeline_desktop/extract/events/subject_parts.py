"""The parts of a clause the subject rules read (`subjects`): asides after a subject
("allied with Y,", "belonging to Z,"), words joined before a verb, a subordinator's clause,
what "it" or "he" means, and a narrator whose verb of going is left out.
"""

from __future__ import annotations

import re

from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events.antecedents import (
    document_topic,
    office_holder,
    resolve_pronoun,
    title_person,
)
from timeline_desktop.extract.events.narrator import NarratorWords, narrated
from timeline_desktop.extract.events.titles import polish
from timeline_desktop.extract.events.words import PAST, WORD, EventWords
from timeline_desktop.extract.names.clusters import Mention

# A subject longer than this many words is a clause, not a subject.
SUBJECT_WORDS = 8
# Punctuation and digits a subject phrase never starts with.
LEAD_JUNK = re.compile(r"^(?:\W|\d)+")
_PARENS = re.compile(r"\([^()]*\)")
_ASIDES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def subject_of_joined_verbs(doc: Doc, s: int, e: int) -> str:
    """ "The probe configured itself and | separated": words before a verb that end on a
    joining word hold a verb of the same subject; the subject is what stands before that
    verb. Returns it, else ""."""
    from timeline_desktop.extract.events.verbs import verbs

    text, ew = doc.text, doc.ew
    words = text[s:e].split()
    if len(words) < 3 or words[-1].lower() not in ew.verb_coordinators:
        return ""
    found = verbs(ew, text, s, e)
    if not found:
        return ""
    head = [w for w in text[s : found[0][0]].split() if w.lower() not in ew.auxiliaries]
    while head and head[0].lower() in ew.subject_lead_drop:
        head.pop(0)
    openers = doc.lexicon.compiled(NarratorWords).subject_clause_openers
    if (
        not head
        or len(head) > SUBJECT_WORDS
        or any(w.lower() in ew.relative_words or w.lower() in openers for w in head)
    ):
        return ""
    if all(w.lower() in ew.function_words for w in head):
        return ""
    return polish(" ".join(head), doc.lexicon)


def _verb_like(ew: EventWords, word: str) -> bool:
    """A past, a verb of state or a participle in -ing ("people staying in their houses
    till the fire touched them"): a clause of its own before a subordinator."""
    w = word.lower()
    return ew.is_verbish(w) or (len(w) > 5 and w.endswith("ing") and w not in ew.not_participles)


def after_subordinator(doc: Doc, tokens: list[str], words: str) -> list[str]:
    """ "the design work was underway before the two probes | arrived": after a clause
    with a verb of its own, a subordinator opens the clause of the verb, whose subject
    follows it. Returns the words after the last such subordinator, else []."""
    ew = doc.ew
    openers = doc.lexicon.compiled(NarratorWords).subject_clause_openers
    raw = words.split()
    for k in range(len(raw) - 2, 0, -1):
        if raw[k].lower() not in openers:
            continue
        if not any(w.lower() in ew.auxiliaries or _verb_like(ew, w) for w in raw[:k]):
            return []
        rest = raw[k + 1 :]
        low = {w.lower() for w in rest}
        if [w for w in low if w not in ew.auxiliaries] == ["it"]:
            # "The mill kept grinding until it | was pulled down": "it" is the mill
            first = next(
                i for i, w in enumerate(raw) if w.lower() in ew.auxiliaries or _verb_like(ew, w)
            )
            return raw[:first]
        if low & (ew.pronouns | ew.first_person | ew.thing_pronouns):
            return []
        kept = [w for w in rest if w.lower() not in ew.auxiliaries]
        return kept if kept and not all(w.lower() in ew.function_words for w in kept) else []
    return []


_AFTER_VERB = re.compile(r"[\w'’-]+\s+(\S)")


def name_follows(doc: Doc, verb_pos: int) -> bool:
    """Whether a name follows the verb ("In the afternoon comes Tom Hale"): an inverted
    subject, so the words before the verb are no narrator's."""
    m = _AFTER_VERB.match(doc.text, verb_pos)
    return m is not None and m.group(1).isupper()


def after_prep(doc: Doc, s: int, m: Mention) -> bool:
    """Whether the mention `m` follows a preposition of place or company in [s, m.start)
    ("to Sir W. Hale's", "with Ada"), past any titles and initials of the name."""
    words = doc.text[s : m.start].split()
    while words and words[-1][:1].isupper():
        words.pop()  # "to Sir | W. Hale"
    return bool(words) and words[-1].lower() in doc.lexicon.compiled(NarratorWords).prepositions


def only_adverbs(doc: Doc, s: int, e: int) -> bool:
    """Whether [s, e) holds only adverbs ("already", "soon after"): no subject."""
    ew = doc.ew
    words = doc.text[s:e].split()
    for w in words:
        w = w.lower()
        if w in ew.pronouns or w in ew.first_person:
            return False
        if not (ew.is_adverb(w) or w in ew.auxiliaries or w in ew.function_words):
            return False
    return bool(words)


_ADDRESS_WORDS = 4  # the longest part of an address after a name ("Athelstan Park")
_ING_AFTER_NAME = re.compile(r"\s+(?:not\s+|never\s+)?[a-z]{2,}ing\b")


def head_before_aside(doc: Doc, cs: int, close: int, verb_pos: int) -> tuple[int, int] | None:
    """Where the subject is when [cs, close) is a subject and what is set off after it by
    a comma, and only auxiliaries stand from `close` to the verb: before the parts of its
    address ("St Petroc's School, Athelstan Park, Bodmin, | was given"), in the numbered
    name a description is given ("The second of the two probes, Kestrel 2, | was
    launched"), before a participle's aside however many commas it holds ("a Cornish
    army, led by X, a smith, and Y, a lawyer, | marched"), or before a participle's phrase
    after a person's name ("Sir W. Batten not knowing how to remove his wine, | did dig");
    None when it is none of these."""
    from timeline_desktop.extract.events.verbs import verbs

    text = doc.text
    if close <= cs or not set(text[close:verb_pos].lower().split()) <= doc.ew.auxiliaries:
        return None
    named = doc.people.within(cs, close)
    if named and not text[cs : named[0].start].strip() and "," not in text[cs:close][:-1]:
        m = _ING_AFTER_NAME.match(text, named[0].end, close)
        ok = m and m.group().split()[-1] not in doc.ew.not_participles
        return (cs, named[0].end) if ok else None
    parts = text[cs:close].rstrip().rstrip(",").split(",")
    if len(parts) < 2 or not parts[0].strip():
        return None
    head_end = cs + len(parts[0])
    if doc.ew.participle_lead.match(text, head_end + 1) and not verbs(doc.ew, text, cs, head_end):
        return cs, head_end  # "a Cornish army, led by X, a smith, and Y, a lawyer, marched"
    for part in parts[1:]:
        words = part.split()
        if not 0 < len(words) <= _ADDRESS_WORDS or not all(
            w[:1].isupper() or w.isdigit() for w in words
        ):
            return None
    if doc.people.within(head_end, close) or verbs(doc.ew, text, cs, close):
        return None  # "Lind, Berg, Holm": people listed; a clause: no address
    lead = parts[0].split()[0].lower()
    if len(parts) == 2 and lead in doc.ew.determiners and any(c.isdigit() for c in parts[1]):
        return head_end + 1, close - 1  # "The last mission, Apollo 17,": its name
    return cs, head_end


def named_at_start(doc: Doc, s: int, e: int) -> bool:
    """Whether [s, e) opens on a person's name (after titles only): a subject an
    apposition may follow ("Gaius Octavius, the heir of Caesar raised"), not a phrase that
    names whose word it is ("According to Tomas Lind, the mill burned")."""
    named = doc.people.within(s, e)
    return bool(named) and all(w[:1].isupper() for w in doc.text[s : named[0].start].split())


def aside_at(doc: Doc, pos: int, verb_pos: int) -> bool:
    """Whether a participle's, a relative's or a companion's aside opens at `pos`
    ("commanded by Y, | defeated", "allied with Z, | rose", "formerly belonging to Z, | was
    built", "which Telford built, | collapsed", "with the queen on board, | sailed")."""
    return (
        doc.ew.participle_lead.match(doc.text, pos) is not None
        or doc.ew.relative_aside.match(doc.text, pos - 1) is not None
        or (
            doc.ew.company_aside.match(doc.text, pos) is not None
            and doc.text[pos:verb_pos].rstrip().endswith(",")
        )
        or opens_on_aside(doc, pos, verb_pos)
        or ing_aside(doc, pos, verb_pos)
    )


_ING_AT = re.compile(r"\s*(?:[a-z]+ly\s+)?([a-z]{2,}ing)\b")


def ing_aside(doc: Doc, pos: int, verb_pos: int) -> bool:
    """Whether an -ing participle's phrase opens at `pos` and runs to the verb ("The abbey,
    formerly belonging to the canons, | was built"): an aside after the subject."""
    m = _ING_AT.match(doc.text, pos, verb_pos)
    if m is None or m.group(1) in doc.ew.not_participles:
        return False
    return not narrated(doc, pos)  # a diarist's "Thence, passing by X, went": no subject


def opens_on_aside(doc: Doc, cs: int, verb_pos: int) -> bool:
    """Whether [cs, verb_pos) is only a participle's phrase closed by a comma ("allied with
    the miners, | rose", "pondering whether it could be seen, | devised"): an aside after
    the subject, not the subject."""
    seg = doc.text[cs:verb_pos].rstrip()
    if not seg.endswith(",") or "," in seg[:-1]:
        return False
    m = WORD.match(seg.lstrip())
    if m is None or not m.group()[0].islower():
        return False
    return doc.ew.verb_kinds[m.group()][1] == PAST or ing_aside(doc, cs, verb_pos)


def phrase_before_verb(doc: Doc, s: int, e: int) -> str:
    """The words naming the subject of [s, e): those before its first verb, after the
    last comma before it ("Despite ..., Galileo achieved" -> "Galileo"), when they are a
    short noun phrase (no pronoun, no clause)."""
    from timeline_desktop.extract.events.verbs import verbs

    text, ew = doc.text, doc.ew
    found = verbs(ew, text, s, e)
    if not found:
        return ""
    vs = found[0][0]
    start = text.rfind(",", s, vs) + 1 or s
    end = vs
    if start > s and all(w.lower() in ew.auxiliaries for w in text[start:vs].split()):
        # "The second probe, Voyager 2, was launched": the name between the commas
        end = start - 1
        start = text.rfind(",", s, end) + 1 or s
    words = _PARENS.sub(" ", text[max(s, start) : end])
    tokens = LEAD_JUNK.sub("", words).split()
    tokens = without_auxiliaries(ew, tokens)
    while tokens and tokens[0].lower() in ew.subject_lead_drop:
        tokens.pop(0)
    while tokens and ew.is_adverb(tokens[-1]):
        tokens.pop()
    if not tokens or len(tokens) > 6:
        return ""
    low = {t.lower() for t in tokens}
    if low & (ew.pronouns | ew.first_person | ew.thing_pronouns | ew.relative_words):
        return ""
    if all(t.lower() in ew.function_words for t in tokens):
        return ""
    return polish(" ".join(tokens), doc.lexicon)


_DEFINED = re.compile(
    r"[ \t]*((?:[A-Z][\w'’.-]*[ \t]+){0,4}[A-Z][\w'’-]*)[ \t]+(?:is|was)[ \t]+(?:a|an|the)\b"
)
"""A sentence defining a name: "Callywith College is a further education college"."""


def _defined_name(doc: Doc, s: int, e: int) -> str:
    """The name a sentence opens by defining (no verb of a happening names it)."""
    m = _DEFINED.match(doc.text, s, e)
    if m is None or m.group(1).split()[0].lower() in doc.ew.function_words:
        return ""  # "There was a spare spacecraft": no name
    return m.group(1)


def _paragraph_topic(doc: Doc, i: int) -> str:
    """The name the paragraph of sentence `i` opens by defining ("Callywith College is a
    college in Bodmin. ... It received the go-ahead"), looked for in its first two
    sentences (the first may be a heading)."""
    k = i
    while k > 0 and "\n\n" not in doc.text[doc.sentences[k - 1][1] : doc.sentences[k][0]]:
        k -= 1
    for ps, pe in doc.sentences[k : min(k + 2, i)]:
        name = _defined_name(doc, ps, pe)
        if name:
            return name
    return ""


def antecedent(doc: Doc, ss: int, singular: bool = False) -> str:
    """What "it" or "they" opening a sentence refers to: the subject words of the
    sentence before, in the same paragraph. "It" (`singular`) is never a plural subject
    ("Swedish troops burned the church. It was rebuilt": not the troops); then "". With
    no subject near, "it" is the name the paragraph opened by defining."""
    i = doc.sentences.index(ss)
    phrase = ""
    for k in range(i - 1, max(-1, i - 3), -1):  # "Named after X, it ...": one more back
        ps, pe = doc.sentences[k]
        if "\n\n" in doc.text[pe:ss]:
            return ""
        phrase = phrase_before_verb(doc, ps, pe) or _defined_name(doc, ps, pe)
        if phrase:
            if singular and plural_head(doc, phrase):
                return ""
            break
        ss = ps
    if not phrase and singular:
        phrase = _paragraph_topic(doc, i)
    return phrase[:1].lower() + phrase[1:] if phrase[:4] in ("The ", "A ", "An ") else phrase


def narrator_went(doc: Doc, tokens: list[str]) -> bool:
    """Whether the words before a verb are the narrator and a phrase of going joined to
    it ("So I home and", "Thence I down to the quay, and there"): "I" is the subject."""
    first_person = doc.ew.first_person
    if not any(t.lower() in first_person for t in tokens[:4]):
        return False  # most clauses: no narrator among the first words
    nw = doc.lexicon.compiled(NarratorWords)
    low = [t.lower().strip(",;") for t in tokens]
    while low and low[0] in nw.motion_lead:
        low.pop(0)
    return (
        len(low) >= 3
        and low[0] in first_person
        and low[1] in nw.motion
        and any(w in doc.ew.verb_coordinators for w in low[2:])
    )


def pronoun_person(doc: Doc, pos: int, ss: int) -> int | None:
    """Whom "he" or "she" at `pos` means: the person named before it, or, far from any
    name, the subject of a biography (its title names them)."""
    p = resolve_pronoun(doc, pos, ss)
    if p is None and doc.topic is None:
        document_topic(doc)
    if p is None and doc.topic is not None and doc.topic >= 0 and title_person(doc) is not None:
        p = doc.topic  # far from any name, "he" in a biography is its subject
    return p


def with_be(thing: str) -> str:
    """A noun phrase with the past of "be" its last word agrees with ("The friary was",
    "The Rules were"): the subject of a passive title."""
    last = thing.split()[-1].lower()
    plural = last.endswith("s") and not last.endswith(("ss", "us", "is"))
    return f"{thing} {'were' if plural else 'was'}"


def plural_head(doc: Doc, phrase: str) -> bool:
    """Whether a subject phrase's head noun (its last word before a function word) is a
    plural ("Swedish troops under General X": troops)."""
    head = ""
    for w in phrase.split()[:6]:
        if head and w.lower() in doc.ew.function_words:
            break
        head = w
    low = head.lower()
    return head[:1].islower() and low.endswith("s") and not low.endswith(("ss", "us", "is"))


def without_asides(ew: EventWords, words: str) -> str:
    """Subject words without a bracketed aside, an opening clock time and an opening
    source of the account ("A close flyby (at 900 km) of Io", "At 17:45 UT the probe",
    "According to X, the conference"): the aside is no boundary of the subject, whose head
    noun stands before it; the time is a time, like a date; the source tells whose account
    it is. Unchanged when nothing else would be left."""
    rest = " ".join(_ASIDES.sub(" ", words).split())
    clock = ew.clock_time.match(rest)
    rest = rest[clock.end() :].lstrip(" ,") if clock else rest
    source = ew.claim_source_lead.match(rest)
    rest = rest[source.end() :] if source else rest
    return rest if LEAD_JUNK.sub("", rest) else words


def without_auxiliaries(ew: EventWords, tokens: list[str]) -> list[str]:
    """The tokens without auxiliary verbs and adverbs ("was", "may", "later"), keeping the
    words of a date: the month May, and "later" after a span ("A week later"), which
    `polish` strips whole."""
    return [
        w
        for i, w in enumerate(tokens)
        if w.lower() not in ew.auxiliaries
        or _month_may(tokens, i)
        or (i and tokens[i - 1].lower() in ew.time_units)
    ]


def _month_may(tokens: list[str], i: int) -> bool:
    """Whether tokens[i] is the month May of a date ("On 3 May 1868", "May 4, 1868"),
    not the modal verb: dropping it would leave "3 1868", which no longer reads as a date."""
    if tokens[i] != "May":
        return False
    near = tokens[i - 1 : i] + tokens[i + 1 : i + 2]
    return any(t.rstrip(",.")[:1].isdigit() for t in near)


_RELATIVE = re.compile(r"\b(?:that|which|who)\b")
_HEAD_WORDS = 6  # words of a noun phrase before a relative a subject may be


def head_before_relative(doc: Doc, s: int, verb_pos: int) -> str:
    """The noun phrase before a relative clause that ends before the verb ("the treaty
    that ended the war | was signed" -> "The treaty"): the relative clause has a verb of
    its own, so the verb at `verb_pos` is the noun's. "" when the words do not read so."""
    from timeline_desktop.extract.events.verbs import verbs

    text, ew = doc.text, doc.ew
    m = _RELATIVE.search(text, s, verb_pos)
    if m is None or not verbs(ew, text, m.end(), verb_pos):
        return ""
    head = text[s : m.start()].strip()
    words = head.split()
    if not 1 <= len(words) <= _HEAD_WORDS or any(c in head for c in ",;:()"):
        return ""
    if any(ew.is_verbish(w) for w in words[1:]) or words[-1].lower() in ew.function_words:
        return ""
    return polish(head, doc.lexicon)


_OFFICE_BACK = 600  # characters before "he"/"she" an office it means is named within


def office_before(doc: Doc, pos: int, she: bool = False) -> tuple[int | None, str] | None:
    """Whom "he" or "she" at `pos` means when no person is named near it: the office
    named last before it ("met the Lord Mayor in the street. ... So he left me"), as its
    holder when the document names one, else as the office ("The Lord Mayor")."""
    ew = doc.ew
    found = None
    for m in ew.office_mention.finditer(doc.text, max(0, pos - _OFFICE_BACK), pos):
        if (m.group(1).split()[-1].lower() in ew.female_offices) == she:
            found = m  # "she" means a queen, "he" a king or a mayor
    if found is None:
        return None
    for m in doc.people.within(found.end(), pos):
        if doc.text[m.end : m.end + 2] not in ("'s", "’s"):
            return None  # a person named since ("the King's message" names only whose)
    office = " ".join(found.group(1).split())
    p = office_holder(doc, office.split()[-1], found.start(1))
    if p is not None:
        return p, doc.people.name(p)
    return None, f"The {office}"


_NAME_POSSESSIVE = re.compile(r"[A-Z][\w.-]*['’]s")


def thing_before(doc: Doc, ss: int, end: int, reach: int = 6) -> str:
    """The noun phrase ending at `end` (before ", which"), opening on its determiner or on a
    name's possessive, as a subject: "founded a school in 1652, which" -> "The school",
    "NASA's Juno spacecraft, launched" -> "NASA's Juno spacecraft". A date after the noun
    goes; "" when no short such phrase ends there (the title then names no one)."""
    ew = doc.ew
    words = doc.text[ss:end].split()
    while words and any(c.isdigit() for c in words[-1]):
        words.pop()  # "a bridge in 1653": the date is the clause's, not the thing's
        if words and words[-1].lower() in ew.function_words:
            words.pop()
    for k in range(len(words) - 1, max(-1, len(words) - reach), -1):
        w = words[k].lower()
        if w in ew.determiners:
            np = words[k + 1 :]
            if len(np) > 1 and np[0].isdigit():
                np = np[1:]  # "the 1632 fire": the year names which fire; the title dates it
            if not np or any(ew.is_verbish(x) for x in np):
                return ""
            lead = "The" if w in ("a", "an", "the") else words[k]
            return polish(" ".join([lead, *np]), doc.lexicon)
    # "NASA's Juno spacecraft": a noun phrase opening on a name's possessive
    possessive = 1 < len(words) <= reach and _NAME_POSSESSIVE.fullmatch(words[0])
    if possessive and not any(ew.is_verbish(x) for x in words[1:]):
        return polish(" ".join(words), doc.lexicon)
    return ""


# "the Europa Orbiter", "the Mill House": a thing a text names with capitals and "the"
_NAMED_THING = re.compile(r"\b[Tt]he\s+((?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*)(?![\w’'])")


def thing_named_before(doc: Doc, ss: int, pos: int) -> str:
    """What "it" inside a sentence means when the sentence named a thing before it ("NASA
    considered the Europa Orbiter, ..., but it was canceled"): that thing, the last one
    named so before `pos`, not a person's name; "" when there is none."""
    if pos - ss < 12:
        return ""  # "It" opening the sentence: `antecedent` reads the one before
    last = None
    for m in _NAMED_THING.finditer(doc.text, ss, pos):
        last = m
    if last is None or doc.people.within(last.start(1), last.end(1)):
        return ""
    return f"the {' '.join(last.group(1).split())}"
