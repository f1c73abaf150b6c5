"""Who does a clause's verb: a name in the clause, a pronoun ("he" after "Caesar ..."), an
office ("the emperor" in a text about Emperor Meiji), the person a passage is about, or a
diary's unnamed narrator (whom a word that names no one means: `antecedents`). `subject`
also says which rule it used (`explain`).
"""

from __future__ import annotations

import re
from itertools import pairwise

from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events.antecedents import (
    named_people,
    office_holder,
    resolve_pronoun,
    subject_mentions,
)
from timeline_desktop.extract.events.joined_subjects import joined_names
from timeline_desktop.extract.events.narrator import (
    NarratorWords,
    first_person_lead,
    narrated,
    narrator_name,
    no_one_before,
    undergone,
)
from timeline_desktop.extract.events.subject_parts import (
    LEAD_JUNK,
    SUBJECT_WORDS,
    after_prep,
    after_subordinator,
    antecedent,
    aside_at,
    head_before_aside,
    head_before_relative,
    ing_aside,
    name_follows,
    named_at_start,
    narrator_went,
    office_before,
    only_adverbs,
    opens_on_aside,
    phrase_before_verb,
    pronoun_person,
    subject_of_joined_verbs,
    thing_before,
    thing_named_before,
    with_be,
    without_asides,
    without_auxiliaries,
)
from timeline_desktop.extract.events.titles import polish
from timeline_desktop.extract.events.verbs import verbs
from timeline_desktop.extract.names.relatives import RELATIVE as KIN

_POSS_EVENT = re.compile(r"(['’]s?)\s+(?:[a-z-]+\s+)?([A-Za-z]+)\s*$")
_NAME_POSS = re.compile(r"['’]s?\s+((?:[a-z-]+\s+){0,2}[a-z-]+)\s*$")
_OWNER_OF = re.compile(r"['’]s?\s+((?:[a-z-]+\s+){1,2})")  # "Ada's maid | Jane"
_WHO_BEFORE = re.compile(r",?\s*\bwho\s*$")
_BEING_BEFORE = re.compile(r"(?<=[\w’'])\s+being\s+$")
_WHOM_I = re.compile(r"\bwhom\s+(I|we)\s+(?:[a-z]+ly\s+)?$")
_WHICH_BEFORE = re.compile(r",\s*which\s*$", re.IGNORECASE)
# "the monument to", "a memorial for": a thing named for a person, who did nothing
_THING_TO = re.compile(
    r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?:[\w’'-]+\s+){0,4}?[a-z][\w-]*\s+"
    r"(?:to|for)\s+(?:(?:Sir|St\.?|Saint|Dr\.?|Mr\.?|Mrs\.?|Lady|Lord)\s+)?$"
)
# "a mill that | burned", "the museum which was | founded": the relative and its passive
_THAT_BEFORE = re.compile(r"(?<=[\w’'])\s(?:that|which)\s+(?:(?:was|were|had been)\s+)?$")
_NP_REACH = 6  # words back from a relative to the determiner of its noun
_ASIDE_CHARS = 100  # the longest aside without a verb between a subject and its verb


def _after_copula(doc: Doc, ss: int, end: int) -> bool:
    """Whether the noun phrase before a relative at `end` is a verb of being's complement
    ("X was a comet that broke up": X, not "the comet", is the subject)."""
    words = [w.lower() for w in doc.text[ss:end].split()[-_NP_REACH - 1 :]]
    return any(w in doc.ew.state_verbs for w in words)


# the subject rules `explain` names
NAMED = "named in the clause"
POSSESSIVE_HAPPENING = "X's happening"
POSSESSIVE = "X's noun"
PRONOUN = "pronoun"
PRONOUN_KEPT = "pronoun, no one named nearby"
PRONOUN_OFFICE = "he/she: the office named before"
THING_TO_PERSON = "the N to X: the N"
OFFICE = "office (the emperor)"
HIS_HER = "his/her noun"
SENTENCE_SUBJECT = "subject of the sentence"
WORDS = "words before the verb"
RELATIVE = "verb of a relative clause"
RELATIVE_PERSON = "who: the person named before it"
RELATIVE_HEAD = "N that verbed ... verbed: N"
FIRST_PERSON = "first person (the narrator, unnamed)"
ANTECEDENT = "it/they: the subject of the sentence before"
SENTENCE_PHRASE = "subject words of the sentence"
EXISTENTIAL = "there was X that: X"
COPULA_RELATIVE = "X was a N that: X"
BEING = "led to X being verbed: X was"
COORDINATED = "X verbed and verbed: X"
AFTER_SUBORDINATOR = "the subject after a subordinator"
WHICH_THING = "which: the thing named before it"
INVERTED = "the name after its verb (there came X)"
NONE = ""


def subject(doc: Doc, cs: int, verb_pos: int, ss: int) -> tuple[int | None, str, str]:
    """Who or what does the clause's verb: a person index, the words naming the subject,
    and the rule that found it. The narrator of a passive or a feeling keeps the verb of
    being a title needs ("I was troubled at the news", not "I troubled")."""
    found = _subject(doc, cs, verb_pos, ss)
    if found[2] == FIRST_PERSON and found[1] and undergone(doc, verb_pos):
        return found[0], f"{found[1]} {'was' if found[1] == 'I' else 'were'}", FIRST_PERSON
    return found


def _subject(doc: Doc, cs: int, verb_pos: int, ss: int) -> tuple[int | None, str, str]:
    text, ew, people = doc.text, doc.ew, doc.people
    whom = _WHOM_I.search(text, max(ss, verb_pos - 20), verb_pos)
    if whom is not None:  # "my brother, whom I sent back": I sent him, he did not
        return None, narrator_name(whom.group(1)), FIRST_PERSON
    being = _BEING_BEFORE.search(text, max(ss, verb_pos - 10), verb_pos)
    if being is not None and (thing := thing_before(doc, ss, being.start())):
        return None, with_be(thing), BEING  # "led to the Clipper being approved": it was
    rel = _THAT_BEFORE.search(text, max(ss, verb_pos - 20), verb_pos)
    if rel is not None and not _after_copula(doc, ss, rel.start()):
        # "He built a mill that | burned down": the mill burned, not he
        thing = thing_before(doc, ss, rel.start())
        if thing:
            return None, thing, WHICH_THING
    seg = text[cs:verb_pos]
    # the last comma-free stretch before the verb holds the subject; a colon before it
    # ends what introduces it ("other entries gave details: people were burnt")
    colon = seg.rfind(": ")
    after_colon = seg[colon + 2 :].split()[:1] if colon >= 0 else []
    if after_colon and (
        after_colon[0].lower() in ew.thing_pronouns or after_colon[0].lower() in ew.pronouns
    ):
        colon = -1  # "...at the Monument: it was built": what "it" means stands before
    semi = seg.rfind("; ")  # "X did this; but the fire stopped it": a clause of its own
    part_start = cs + max(_last_comma(seg), colon, semi, -1) + 1
    subj_end = verb_pos
    if (head := head_before_aside(doc, cs, part_start, verb_pos)) is not None:
        part_start, subj_end = head  # "The mill, Harbour Lane, Keld, was sold": the mill
    elif text[part_start:verb_pos].strip() == "" and part_start > cs:
        inner = text.rfind(",", cs, part_start - 1)
        # "..., commanded by Y, defeated": the apposition is handled below
        participle = inner >= 0 and aside_at(doc, inner + 1, verb_pos)
        part_start = inner + 1 if participle else cs
        if not participle and _verbless_aside(doc, cs, inner, part_start):
            subj_end = inner  # "Bodmin Jail, long a semi-ruin, was built": the jail was
    elif part_start > cs and (
        only_adverbs(doc, part_start, verb_pos) or _only_verb_words(doc, part_start, verb_pos)
    ):
        # "Poor Ada's barn, as far as the lane, already burned": past an aside of place,
        # the words before it are the subject
        aside = text.rfind(",", cs, part_start - 1)
        lead = text[aside + 1 : part_start].split()[:1]
        nw = doc.lexicon.compiled(NarratorWords)
        if aside > cs and (
            ing_aside(doc, aside + 1, verb_pos) or ew.relative_aside.match(text, aside)
        ):
            # "The abbey, belonging to the canons, was built", "The gate, which was old,
            # remained shut": the subject is before the aside
            subj_end, part_start = aside, text.rfind(",", cs, aside) + 1 or cs
        elif aside > cs and _verbless_aside(doc, cs, aside, part_start):
            # "Bodmin Jail, long a semi-ruin, was built": the subject is before the aside
            subj_end, part_start = aside, text.rfind(",", cs, aside) + 1 or cs
        elif aside < cs and ss < cs and ing_aside(doc, cs, verb_pos):
            # the clause opens on the aside: its subject stands before it in the sentence
            subj_end = len(text[:cs].rstrip().rstrip(","))
            part_start = text.rfind(",", ss, subj_end) + 1 or ss
        elif aside > cs and lead and lead[0].lower() in nw.prepositions:
            before = text.rfind(",", cs, aside) + 1 or cs
            head = [w.lower() for w in text[before:aside].split()[:1]]
            if (
                head
                and ";" not in text[before:aside]
                and not (
                    head[0] in nw.prepositions
                    or head[0] in nw.adverbs
                    or head[0] in ew.function_words
                )
            ):
                subj_end, part_start = aside, before
    if part_start > cs and aside_at(doc, part_start, verb_pos):
        # "X's fleet, commanded by Y, defeated ...": the subject stands before the apposition
        prev = text.rfind(",", cs, part_start - 1)
        subj_end = part_start - 1
        part_start = prev + 1 if prev >= 0 else cs
    elif part_start > cs and ew.apposition_lead.match(text, part_start):
        # "X, the future Pope Y, wrote": the name before the apposition is the subject
        prev = text.rfind(",", cs, part_start - 1)
        if named_at_start(doc, prev + 1 if prev >= 0 else cs, part_start - 1):
            subj_end = part_start - 1
            part_start = prev + 1 if prev >= 0 else cs
    if part_start == cs and ss < cs and opens_on_aside(doc, cs, verb_pos):
        # "In 1549 the farmers, | allied with the miners, rose": the clause opens on the
        # participle's aside; its subject stands before it in the sentence
        subj_end = len(text[:cs].rstrip().rstrip(","))
        last = text[ss:subj_end].split()[-1:]
        if last and last[0].lower() in ew.relative_words:
            # "The Act, which ended slavery, received assent": the Act received it
            subj_end = len(text[:subj_end].rstrip()[: -len(last[0])].rstrip().rstrip(","))
        part_start = text.rfind(",", ss, subj_end) + 1 or ss
    raw = text[part_start:subj_end]
    words = raw.strip()
    at = part_start + len(raw) - len(raw.lstrip())  # where `words` begins in the text
    head_words = words.split(",")[0].strip()
    found = people.within(part_start, subj_end)
    mentions = subject_mentions(doc, part_start, subj_end) or named_people(doc, found)
    if any(m.rule == KIN for m in found):  # "my wife" does it only right before the verb
        far = {m.person for m in found if m.rule == KIN and text[m.end : subj_end].strip()}
        found = [m for m in found if m.person not in far]
        mentions = [p for p in mentions if p not in far]
    m = ew.he_she.search(words)
    poss = _POSS_EVENT.search(words)
    if mentions and poss and poss.group(2).lower() in ew.event_nouns:
        p = mentions[0]
        return p, f"{people.name(p)}’s {poss.group(2).lower()}", POSSESSIVE_HAPPENING
    if found and _THING_TO.match(text[at : found[0].start]) and len(words.split()) <= 10:
        # "The monument to Sir Ada Lind was built": the monument was, not she
        return None, polish(words, doc.lexicon), THING_TO_PERSON
    if mentions:
        p = mentions[0]
        for a, b in pairwise(found):
            owner = _OWNER_OF.fullmatch(text, a.end, b.start)
            if (
                a.person == p
                and owner is not None
                and not set(owner.group(1).split()) & ew.function_words
            ):
                # "the writer's maid Jane woke her": the maid did, not her mistress
                return b.person, people.name(b.person), NAMED
        own = _NAME_POSS.search(head_words)
        if own and not any(f.end == at + own.start() for f in found if f.person == p):
            own = None  # "Berg drafted Holm's address": the address is Holm's, not Berg's
        if own and found and found[0].person == p and len(head_words) < 60:
            tail = [w for w in own.group(1).split() if w not in ew.auxiliaries]
            if tail and not set(tail) & ew.relative_words:
                return p, f"{people.name(p)}’s {' '.join(tail)}", POSSESSIVE  # "Octavian's fleet"
        pair = joined_names(doc, found, at, subj_end) if found[0].person == p else ""
        return p, pair or people.name(p), NAMED
    if m and m.group(1).lower() in ew.singular_pronouns:
        p = pronoun_person(doc, at + m.start(), ss)
        if p is not None:
            return p, people.name(p), PRONOUN
        rest = words[m.end() :].split()
        last = all(w.lower() in ew.auxiliaries or w.endswith("ly") for w in rest)
        if ew.only_lead(words[: m.start()]) or (last and m.group(1).islower()):
            held = office_before(doc, at + m.start(), m.group(1).lower() == "she")
            if held is not None:  # "met the Lord Mayor ... So he left me": the mayor did
                return held[0], held[1], PRONOUN_OFFICE
            # no one named nearby: "He", also after an opening phrase ("To the message he")
            return None, m.group(1).capitalize(), PRONOUN_KEPT
    office = ew.subject_office.search(words)
    if office and ew.only_lead(words[: office.start()]):
        p = office_holder(doc, office.group(1), at + office.start())
        if p is not None:  # "In 1889 the emperor granted ..."
            return p, people.name(p), OFFICE
    lead = ew.possessive_lead.search(words)
    if lead and ew.only_lead(words[: lead.start()]):
        # "in 1840 his remains were brought back": the remains of the sentence's person
        p = resolve_pronoun(doc, part_start, ss)
        if p is not None:
            rest = [w for w in words[lead.end() :].split() if w.lower() not in ew.auxiliaries]
            if rest and len(rest) <= 3:
                return p, f"{people.name(p)}’s {' '.join(rest)}", HIS_HER
    # no subject in the clause: the sentence's subject ("X, born ..., rose to power ...")
    words = LEAD_JUNK.sub("", without_asides(ew, words))
    tokens = without_auxiliaries(ew, words.split())
    while tokens and ew.is_adverb(tokens[-1]):
        tokens.pop()  # "was probably fought": the adverb belongs to the verb
    having = [i for i, t in enumerate(tokens) if t.lower() in ew.participle_perfect]
    if having:
        # "..., having passed", "having this day also got": a participle's clause, no subject
        tokens = tokens[: having[0]]
    low = {t.lower().strip(",") for t in tokens}
    if tokens and tokens[-1].lower() in ew.first_person and not low & ew.relative_words:
        # "In the afternoon I paid ...": the word before the verb is the narrator
        return None, narrator_name(tokens[-1]), FIRST_PERSON
    nw = doc.lexicon.compiled(NarratorWords)
    adverbs = nw.adverbs
    # "and at night went", "I this evening discoursed": a time phrase names no subject
    times = (
        ew.title_time_words
        if low & (ew.first_person | nw.prepositions) and not name_follows(doc, verb_pos)
        else frozenset()
    )
    if (
        tokens
        and not low & ew.relative_words
        and all(t in ew.function_words or t in adverbs or t in times or t.isdigit() for t in low)
    ):
        mine = [t for t in tokens if t.lower() in ew.first_person]
        if mine:
            # "we met": whoever "we" are, the text does not say
            return None, narrator_name(mine[-1]), FIRST_PERSON
        if {t.lower() for t in tokens} & ew.thing_pronouns:
            # "It was founded in 1889": what the sentence before was about
            singular = bool({t.lower() for t in tokens} & {"it", "this"})
            phrase = (singular and thing_named_before(doc, ss, at)) or antecedent(doc, ss, singular)
            return None, phrase, ANTECEDENT if phrase else NONE
        tokens = []  # "and then dined": no subject in the clause's words
    if not tokens:
        rel = _WHO_BEFORE.search(text, max(ss, part_start - 12), part_start)
        if rel is not None:  # "... Marie-Louise, who | gave him a son": whom "who" means
            named = [m for m in people.within(ss, rel.start()) if m.end >= rel.start() - 3]
            if named:
                return named[-1].person, people.name(named[-1].person), RELATIVE_PERSON
        which = _WHICH_BEFORE.search(text, max(ss, part_start - 12), part_start)
        if which is not None:
            # "Lind founded a school, which | was closed in 1700": the school was, not Lind
            return None, thing_before(doc, ss, which.start()), WHICH_THING
        # the sentence's subject: its first name, or a pronoun before any name ("He defeated
        # Warwick ..., and three weeks later destroyed ..."); it may stand in the clause's
        # own words before a comma and a conjunction ("She studied in Oslo, and earned")
        joined = text[part_start:subj_end].split()
        coordinated = bool(joined) and set(joined) <= ew.verb_coordinators
        upto = max(cs, part_start) if coordinated else cs
        if coordinated and part_start > ss:
            # "so I am at rest, and followed my business": the clause before "and" gives it
            prev = max(text.rfind(",", ss, part_start - 1), text.rfind(";", ss, part_start - 1))
            prev = prev + 1 if prev >= 0 else ss
            own = first_person_lead(doc, prev, part_start - 1)
            # "And then to Sir W. Hale's, and dined": a name after a preposition is a
            # place or partner, not who did the clause after it
            named = [
                m
                for m in people.within(prev, part_start)
                if not after_prep(doc, prev, m) and m.rule != KIN
            ]
            if own and not named:
                return None, own, FIRST_PERSON
            lead = text[prev : named[0].start].split() if named else []
            if named and all(w.lower() in ew.function_words or w[:1].isupper() for w in lead):
                # "and Sir R. Hale came to me, and found me ...": the one named opening
                # the clause before did this too
                p = named[0].person
                return p, people.name(p), SENTENCE_SUBJECT
        subjects = set(subject_mentions(doc, ss, upto))
        # "my brother with me, and saw": the narrator's kin lead no clause of the narrator's
        found = [m for m in people.within(ss, upto) if m.person in subjects and m.rule != KIN]
        pron = ew.he_she.search(text, ss, found[0].start if found else upto)
        if (
            pron
            and pron.group(1).lower() in ew.singular_pronouns
            and ew.only_lead(text[ss : pron.start()])
        ):
            p = pronoun_person(doc, pron.start(), ss)
            if p is not None:
                return p, people.name(p), PRONOUN
        if found:
            return found[0].person, people.name(found[0].person), SENTENCE_SUBJECT
        own = first_person_lead(doc, ss, max(upto, part_start))
        if own:  # "So I down to the quay, and there took a boat": the narrator did
            return None, own, FIRST_PERSON
        if subject_mentions(doc, ss, cs):
            return None, "", NONE  # a person of the sentence, if any, is whom it is about
        phrase = phrase_before_verb(doc, ss, cs)  # "Galileo achieved ..., and discovered"
        if phrase:
            return None, phrase, SENTENCE_PHRASE
        if no_one_before(doc, ss, verb_pos) and narrated(doc, ss):
            return None, "I", FIRST_PERSON  # "Walked thence ...": a diarist leaves out the "I"
        return None, "", NONE
    if {w.lower() for w in tokens} & ew.relative_words:
        head = head_before_relative(doc, at, verb_pos)
        if head:  # "The bridge that spanned the river was finished": the bridge was
            return None, head, RELATIVE_HEAD
        there = doc.lexicon.compiled(NarratorWords).existential.search(words)
        if there is not None and ew.only_lead(words[: there.start()]):
            # "There was a spare probe that was considered by ...": the probe was considered
            return None, polish(there.group("np"), doc.lexicon), EXISTENTIAL
        named_as = doc.lexicon.compiled(NarratorWords).copula_relative.search(words)
        if named_as is not None and ew.only_lead(words[: named_as.start()]):
            # "The probe was a craft that broke up in 1992": the probe broke up
            return None, polish(named_as.group("np"), doc.lexicon), COPULA_RELATIVE
        # "Marie-Louise, who gave him a son": the person named right before "who"
        before = [m for m in people.within(max(ss, part_start - 200), part_start)]
        if before and text[before[-1].end : part_start + len(words) - len(words.lstrip())].strip(
            " ,"
        ).lower() in ("", "who", "whom"):
            p = before[-1].person
            return p, people.name(p), RELATIVE_PERSON
        return None, "\x00", RELATIVE  # the verb belongs to a relative clause
    pieces = [p.split() for p in " ".join(tokens).split(",") if p.strip()]
    if len(pieces) >= 2 and all(
        p[0].lower() in ew.subject_lead_drop
        or p[0].lower() in nw.adverbs | nw.prepositions
        or (p[0].lower() in ew.aside_degree_words and len(p) > 1)  # "all tired and dirty"
        for p in pieces
    ):
        # "At noon, with my sister, dined", "Thence, after dinner, to the office": phrases
        # of when and with whom; in a diary, the narrator's doing
        if no_one_before(doc, ss, verb_pos) and narrated(doc, ss):
            return None, "I", FIRST_PERSON
        return None, "", NONE
    if narrator_went(doc, tokens):
        # "So I home, and wrote to my cousin": the narrator, whose verb of going is left out
        mine = next(t for t in tokens if t.lower() in ew.first_person)
        return None, narrator_name(mine), FIRST_PERSON
    own_verb = subject_of_joined_verbs(doc, at, subj_end)
    if own_verb:
        return None, own_verb, COORDINATED
    lead = [t.lower() for t in tokens]
    while lead and lead[0] not in nw.prepositions and (
        lead[0] in ew.subject_lead_drop or lead[0] in nw.adverbs
    ):
        lead.pop(0)
    # "and there with great joy landed": a manner names no subject; the narrator did it
    if lead and lead[0] == "with" and narrated(doc, ss) and no_one_before(doc, ss, verb_pos):
        return None, "I", FIRST_PERSON
    rule = WORDS
    cut = after_subordinator(doc, tokens, words)
    if cut:
        tokens, rule = cut, AFTER_SUBORDINATOR
    phrase = polish(" ".join(tokens), doc.lexicon)
    all_words = phrase.split()
    first = max(0, len(all_words) - SUBJECT_WORDS)
    k = first
    while (
        k > 0
        and k > first - SUBJECT_WORDS
        and all(w[:1].isupper() or w in ew.name_joiners for w in all_words[k - 1 : k + 1])
    ):
        k -= 1  # "St Olave Lodge of the Order of ...": never cut inside a name
    if all_words and all_words[k][:1].isupper():
        first = k
    kept = all_words[first:]
    while len(kept) > 1 and kept[0].lower() in ew.subject_lead_drop:
        kept.pop(0)
    return None, " ".join(kept), rule


def possessive_person(doc: Doc, s: int, e: int) -> int | None:
    """The first person named in [s, e) ("Stalin's Rule (1924-1953)")."""
    ms = doc.people.within(s, e)
    return ms[0].person if ms else None


def reduced_relative(doc: Doc, cs: int, verb: tuple[int, int, str], date_start: int) -> str:
    """ "He visited the abbey founded in 1240": a past participle right after a noun phrase
    that another verb of the clause governs, its date right after it, tells what happened to
    that noun ("The abbey was founded"); "" when the participle is no such reduced clause."""
    text, ew = doc.text, doc.ew
    vs, ve, word = verb
    w = word.lower()
    if not (w.endswith("ed") or w in ew.irregular_past) or w in ew.not_participle_ed:
        return ""  # "the Sino-Soviet split later in 1960": a noun, no participle
    gap = text[ve:date_start].split()
    small = ew.participle_gap
    if date_start < ve or len(gap) > 1 or any(x not in small for x in gap):
        return ""  # the date must follow the participle ("founded in 1240", "built c. 1240")
    before = text[cs:vs]
    if not before.strip() or before.rstrip()[-1:] in ",;:" or "," in before[-60:]:
        return ""
    thing = thing_before(doc, cs, vs)
    if not thing or text[cs:vs].split()[-1].lower() in ew.function_words:
        return ""
    words = before.split()
    k = max(i for i, x in enumerate(words) if x.lower() in ew.determiners)
    lead = " ".join(words[:k])
    if not (verbs(ew, lead, 0, len(lead)) or {x.lower() for x in words[:k]} & ew.finite_be_have):
        return ""  # no verb before the noun: the noun is the clause's subject, the verb its own
    return with_be(thing)


def _only_verb_words(doc: Doc, s: int, e: int) -> bool:
    """Whether [s, e) is empty or only the auxiliaries or the copula of the verb at `e`
    ("..., which was old, | was closed", "..., | remained stuck"): no subject in it."""
    ew = doc.ew
    return all(w in ew.auxiliaries or w in ew.state_verbs for w in doc.text[s:e].lower().split())


def _verbless_aside(doc: Doc, cs: int, inner: int, close: int) -> bool:
    """Whether [inner, close) is an aside without a verb between a short subject without
    one and its verb ("Bodmin Jail, | operational for years but now a ruin, | was built")."""
    if inner <= cs or close - inner > _ASIDE_CHARS or narrated(doc, cs):
        return False
    aside = doc.text[inner + 1 : close].strip()
    if not aside[:1].islower() or doc.people.within(inner, close):
        return False  # "Apollo 17", "Tomas Brandt", a quotation: a name the title may want
    head = doc.text[cs:inner].split()
    return (
        0 < len(head) <= _NP_REACH + 2
        and not verbs(doc.ew, doc.text, cs, close)
        and not any(doc.ew.is_verbish(w) for w in head)
    )


def _last_comma(seg: str) -> int:
    """Where the last comma of `seg` is (-1 if none), passing over the separators of a
    number ("an army of 40,000 men"): they part no phrases."""
    i = seg.rfind(",")
    while i > 0 and seg[i - 1 : i].isdigit() and seg[i + 1 : i + 2].isdigit():
        i = seg.rfind(",", 0, i)
    return i
