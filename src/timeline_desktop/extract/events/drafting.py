"""One draft per dated happening: its clause as evidence, its subject, title and people.

A date makes an event only where the text reports a happening at it: the clause around the
date must carry a verb ("died", "was appointed") or an event noun ("the death of X", "the
speech"), and the date must not be a passing modifier ("the purges of the 1930s", a photo
caption). Every draft records the rules that made it (`Draft.rules`).
"""

from __future__ import annotations

import bisect
import re

from timeline_desktop.domain.dates import Precision
from timeline_desktop.domain.model import Stance
from timeline_desktop.extract.dates import Kind, TimeExpr
from timeline_desktop.extract.doc import Doc, Draft, Passage
from timeline_desktop.extract.events import antecedents, continuing, mental, reported, subjects
from timeline_desktop.extract.events.clauses import (
    MAX_EVIDENCE,
    past_aside,
    past_relative_aside,
    trim,
    window,
)
from timeline_desktop.extract.events.hearsay import TOLD
from timeline_desktop.extract.events.narrator import NarratorWords, narrated
from timeline_desktop.extract.events.passing import (
    in_other_aside,
    is_passing,
    named_before,
    names_happening,
    planned,
)
from timeline_desktop.extract.events.phrase_parts import agent_after_date, passive_auxiliary
from timeline_desktop.extract.events.title_clauses import (
    active_subject,
    bare_verb_subject,
    before_other_date,
    coordinated_phrase,
    copula_subject,
    elided_motion,
    fallback_words,
    field_title,
    ing_clause,
    later_verb_phrase,
    listed_role,
    main_after_participle,
    no_one_did,
    noun_title,
    office_term,
    only_time_phrase,
    opens_on_verb,
    set_off_verb,
    sight_title,
    thin,
)
from timeline_desktop.extract.events.titles import MAX_WORDS, make_title, polish, predicate
from timeline_desktop.extract.events.verbs import states, verb_kind_name, verbs

_PAREN_DATE = re.compile(r"\s*\(\s*$")
_DIGIT = re.compile(r"\d")
_QUOTES = "\"“”‘’'"
_LATER_VERB_REACH = 200  # how far past a time phrase's verb a title looks for the next one

DATED_CLAUSE = "drafts:dated clause"
MADE = "a thing dated: its making"


def draft_facts(
    doc: Doc, title: str, passage: str, people: list[int], at: int = -1
) -> dict[str, object]:
    """The comparison fields of a draft (class, classes, roles, words, named happenings),
    its people's own names left out of the words; `at`: where `passage` is in the text."""
    ew = doc.ew
    skip = {ew.fold(w) for p in people for w in doc.people.name(p).split()}
    facts = doc.words.facts_in(at, at + len(passage)) if at >= 0 else None
    cls, classes, roles, words = ew.passage_facts(passage, skip, facts)
    return {
        "cls": ew.event_class(title) or cls,
        "classes": classes,
        "roles": roles,
        "words": words,
        "named": ew.named_happenings(passage),
    }


def places_in(doc: Doc, s: int, e: int) -> list[str]:
    out: list[str] = []
    places = doc.places
    i = bisect.bisect_left(places, (s, -1, ""))
    while i < len(places) and places[i][0] < e:
        _, pe, name = places[i]
        if pe <= e and name not in out:
            out.append(name)
        i += 1
    return out


def verb_clause(doc: Doc, vpos: int, s: int, e: int) -> tuple[int, int]:
    """The clause of [s, e) around the verb at `vpos`, between joins of clauses ("; ",
    ", and then ", ", but "): a diarist's sentence strings many happenings, and the people
    of the others are not this one's ("..., but kept to my business, and then Sir R. Hale
    to me")."""
    joins = doc.lexicon.compiled(NarratorWords).clause_join
    start = s
    for m in joins.finditer(doc.text, s, vpos):
        start = m.end()
    after = joins.search(doc.text, vpos, e)
    return start, after.start() if after else e


def _joined_tells_more(
    doc: Doc, first_person: bool, subject_text: str, vpos: int, verb_phrase: str
) -> bool:
    """Whether a bare verb gives way to the verb joined to it ("Walked thence, and saw the
    fire"; "Jane comes and tells me that ..."): for the narrator, or for a named subject
    whose verb is active (a passive, "were abolished and replaced", is a happening told)."""
    if not (first_person or (subject_text and subject_text != "\x00")):
        return False
    if not thin(doc, verb_phrase):
        return False
    return first_person or not subjects.undergone(doc, vpos)


def draft_for(
    doc: Doc,
    t: TimeExpr,
    cs: int,
    ce: int,
    ss: int,
    se: int,
    inherit: int | None = None,
    via: str = DATED_CLAUSE,
) -> Draft | None:
    """A draft for date `t` in clause [cs, ce) of sentence [ss, se), or None if no happening."""
    text, ew, table = doc.text, doc.ew, doc.words
    if t.date is None:
        return None
    cs, ce = trim(ew, text, cs, ce)
    if ce - cs < 4:
        return None
    rel = ew.relative_start.match(text, cs)
    if rel and cs > ss:
        comma = text.rfind(",", ss, cs)
        lead = max(ss, text.rfind(",", ss, comma) + 1 if comma > ss else ss, comma - 60)
        cs = trim(ew, text, lead, ce)[0]
    said = [v for v in verbs(ew, text, cs, ce, table) if not in_other_aside(text, cs, ce, v[0], t)]
    found = mental.happenings(doc, said, cs)
    clause_rule = ""
    aside_at = -1  # where an -ing aside between the subject and its verb begins
    if not found and t.end <= ce < se:
        aside_at, (ce, found) = ce, past_aside(doc, ce, se)
        clause_rule = " (after an -ing aside)" if found else ""
    state = False
    if not found and t.kind is Kind.RANGE:
        # "From 1969 to 1974 he was a trustee", "president of the club (1983-1988)": a state
        # held over a stated span is a happening on a timeline (a tenure, a residence)
        found = [v for v in states(ew, text, cs, ce) if not in_other_aside(text, cs, ce, v[0], t)]
        state = bool(found)
    when = ew.when_after.match(text, t.end)
    after_when = [v for v in found if when and v[0] >= when.end()]
    if after_when:
        verb = after_when[0]
        clause_rule += ' (after "when")'
    else:
        before = [v for v in found if v[1] <= t.start]
        after = past_relative_aside(ew, text, t.end, [v for v in found if v[0] >= t.end])
        verb = before[-1] if before else (after[0] if after else None)
        if before and after and text[cs : t.start].strip() == "":
            verb = after[0]
        if before and after and names_happening(doc, t):
            verb = after[0]  # "... to the 1632 fire that burned a third of the bridge"
        if before and after and ew.fronted.match(text, cs):
            # "When Thebes revolted the next year, he destroyed the city": the date dates
            # the main clause's happening; the subordinate one is its occasion
            comma = text.find(",", t.end, ce)
            main = [v for v in after if v[0] > comma] if comma >= 0 else []
            if main and all(v[1] <= comma for v in before):
                verb = main[0]
                clause_rule += " (of the main clause)"
    relation = ew.happening_relation.search(text, max(cs, t.start - 20), t.start)
    if (relation is not None and names_happening(doc, t)) or named_before(doc, t):
        return None  # "after the 1986 crash, it wore out": the crash's year, told by its name
    heading = bool(_PAREN_DATE.search(text, max(cs, t.start - 3), t.start)) and (
        text[t.end : t.end + 3].lstrip(") ").startswith(":") or t.start - cs < 60
    )
    if heading and verb is not None and verb[1] <= t.start:
        heading = False  # "later wrote a novel (1977)": a clause with its verb, no heading
    head = text[cs : t.start].rstrip(" (")
    if heading and 0 < len(head.split()) <= 4 and head.split()[-1].lower() in ew.time_units:
        heading = False  # "The next year (May 1820-May 1821) he sat ...": a time, no heading
    if heading and head[:1] in _QUOTES and head.rstrip(",")[-1:] in _QUOTES:
        heading = False  # 'were hurt "by a horse" (May 1700), ...': a quoted item of a list
    event_noun = False
    won = None
    if verb is None:
        # "The coronation was in 1953"; not "It lasted until the launch sequence in 1990",
        # where the noun is only the complement of a verb of being
        at = ew.event_noun_at(text, cs, ce)
        event_noun = at >= 0 and not any(v[0] < at for v in states(ew, text, cs, ce))
        won = ew.recipient_of.search(text, cs, ce)
        if won is not None:  # "was recipient of the Kerr Prize": "won the Kerr Prize"
            verb = (won.start(), won.end(), won.group())
    # "The font (carved in oak) is of the 12th century": a thing dated by its making
    copula = ew.thing_of_date.search(text, max(cs, t.start - 40), t.start)
    thing = copula is not None and t.date.precision >= Precision.CENTURY
    if thing and all(not copula.start() < v[0] < t.end for v in found):
        verb = won = None
    thing = thing and verb is None
    if verb is None and not event_noun and not heading and not thing:
        return None
    if verb is None and ew.future_after.search(text, t.end, ce):
        return None  # "the cost from 1664 to Michaelmas will have been £3,200,000"
    if not thing and is_passing(doc, t, cs, ss, se):
        return None
    if planned(doc, t, cs, ce, verb):
        return None
    if ew.period_of.search(text, cs, t.start):
        return None  # "It covered the period from 12 April 1993 to ...": a period described
    rules = [via, f"dates:{t.rule}"] if t.rule else [via]
    person_rules: list[str] = []
    narrator: list[str] = []  # the narrator's name, when no person of the text is theirs
    es, ee = window(text, cs, ce, t)
    if heading:
        # "Stalin's Rule (1924-1953): ...", "The Meiji era (1868-1912) ended ..."
        open_paren = text.rfind("(", cs, t.start)
        es, ee = cs, min(ce, t.end + 1)
        head = text[cs:open_paren].strip()
        subj = subjects.possessive_person(doc, cs, open_paren)
        title = ew.leading_article.sub("", head) or head
        people = antecedents.people_in(doc, cs, open_paren, [subj], person_rules)
        subject_idx = subj
        rules += ["clauses:date in parenthesis after a heading", "titles:the heading"]
    else:
        vpos = verb[0] if verb else t.start
        subject_idx, subject_text, subject_rule = None, "", ""
        if verb and 0 <= aside_at < verb[0] and not ew.only_lead(text[cs:aside_at]):
            # "his supporters, including ..., were beaten": the subject is before the aside
            subject_idx, subject_text, subject_rule = subjects.subject(doc, cs, aside_at, ss)
        if subject_idx is None and not subject_text:
            # "and three weeks later destroyed ...": a date just before the verb is no subject
            next_to_verb = cs <= t.start and t.end <= vpos and not text[t.end : vpos].strip()
            subject_idx, subject_text, subject_rule = subjects.subject(
                doc, cs, t.start if next_to_verb else mental.subject_end(doc, said, vpos), ss
            )
        if subject_rule == subjects.FIRST_PERSON:
            pass  # "we met": the narrator is no person the text names here
        elif subject_idx is None and not subject_text:
            if verb is not None and opens_on_verb(doc, ss, vpos):
                # a note line opening on its verb ("Died in Venice, 1324.")
                subject_idx = antecedents.topic_person(doc, vpos, ss)
                subject_rule = "person the notes are about"
            else:
                subject_idx = inherit
                subject_rule = "first person of the sentence"
            if subject_idx is not None:
                subject_text = doc.people.name(subject_idx)
            else:
                subject_rule = ""
        if verb is not None and subject_rule != subjects.FIRST_PERSON:
            reduced = subjects.reduced_relative(doc, cs, verb, t.start)
            if reduced:  # "remains of the abbey founded in 1240": the abbey was founded
                subject_idx, subject_text, subject_rule = None, reduced, "a participle after N"
        pend = ce
        main = main_after_participle(doc, verb, ss, se) if verb is not None else None
        if main is None and verb is not None and verb[1] < t.start and narrated(doc, cs):
            # "I hear that the ferry sank on Monday": the news is the happening
            teller = (subject_idx, subject_text, subject_rule)
            main = reported.news_told(doc, verb, ss, ce, teller)
        if main is not None:
            # "Having dined, Ada and I walked ...": the main clause is the title's
            subject_idx, subject_text, subject_rule, vpos = main
            pend = se
            clause_rule += " (main clause after a participle)"
        if verb is not None and verb[1] <= t.start:
            pend = before_other_date(doc, vpos, pend, t)
        verb_phrase = predicate(ew, text, vpos, pend, t) if verb else ""
        told = ing_clause(doc, verb, ce, t) if verb is not None else ""
        if told:  # "flew by twice before reaching the port on 3 May": the reaching is dated
            verb_phrase, clause_rule = told, clause_rule + ' (an -ing verb after "before")'
        # a passive keeps its "was"; not after a person merely named in the sentence
        # ("It was rebuilt by Lind": Lind is the agent, not what was rebuilt)
        inherited = subject_rule == "first person of the sentence" and not any(
            m.person == subject_idx for m in doc.people.within(ss, vpos)
        )  # the person named before the verb is its subject; one after it, its agent
        aux = passive_auxiliary(ew, text, vpos, cs) if verb and not (inherited or told) else ""
        if aux and len(verb_phrase.split()) == 1 and verb is not None and verb[1] < t.start:
            by = agent_after_date(ew, text, verb[1], t, ce)
            verb_phrase = f"{verb_phrase} {by}".strip()  # "was followed ... by the Lind Mill"
        first_person = subject_rule == subjects.FIRST_PERSON and verb is not None
        if verb is not None and _joined_tells_more(
            doc, first_person, subject_text, vpos, verb_phrase
        ):
            # "Walked thence, and saw the fire", "Jane comes and tells me that ...": the
            # verb joined to a bare one says what happened
            joined = coordinated_phrase(doc, vpos, se, t)
            if joined:  # "was trimmed, and sent my brother": the joined verb is active
                verb_phrase, subject_text = joined, active_subject(doc, subject_text, joined)
                aux = ""
        if verb is not None and not subject_text and len(verb_phrase.split()) >= 2:
            subject_text = bare_verb_subject(doc, ss, cs, vpos)  # never a bare verb first
        if verb is not None and not subject_text and set_off_verb(doc, cs, vpos):
            verb_phrase = ""  # ", officially bound for the Arctic": an aside, not the happening
        role = listed_role(doc, verb_phrase, vpos, t) if verb is not None else ""
        if role:
            verb_phrase = role
            clause_rule += " (a role in a list, with its years)"
        words = fallback_words(doc, cs, vpos, pend, first_person)
        title, title_rule = make_title(doc.lexicon, subject_text, verb_phrase, words, aux)
        if won is not None:
            stop = t.start if won.end() < t.start < pend else pend
            prize = " ".join(text[won.end() : stop].split(",")[0].split()[:8])
            prize = prize.rstrip(".;: ").removesuffix(" in")
            title, title_rule = make_title(doc.lexicon, subject_text, f"won {prize}", words)
        if thing and copula is not None and len(text[cs : copula.start()].split()) <= MAX_WORDS:
            # "The font is of the 12th century": its making is the happening the date tells
            title, title_rule = f"{polish(text[cs : copula.start()], doc.lexicon)} was made", MADE
        if verb is not None and only_time_phrase(doc, title):
            later = later_verb_phrase(doc, vpos, pend, t)
            if later:
                title, title_rule = later, "verb phrase after a time phrase"
        went = elided_motion(doc, cs, vpos) if no_one_did(subject_idx, subject_rule) else ""
        if went:
            title, title_rule = went, "a diarist's verb of going left out"
        second = copula_subject(doc, verb, t) if verb is not None else ""
        if second:
            title, title_rule = second, "subject of a second clause's verb of being"
        if verb is None or (verb[0] > t.end and _DIGIT.search(text, t.end, verb[0])):
            named = noun_title(doc, cs, t)
            if named:
                title, title_rule = named, "event noun of a name"
        label = ew.field_label.search(text, max(0, t.start - 40), t.start)
        if label is not None:
            named, whose = field_title(doc, label.group("label"))
            if named:
                title, title_rule = named, "field label (Birth date: ...)"
                if whose is not None:
                    subject_idx, subject_text = whose, doc.people.name(whose)
        held, holder = office_term(doc, t)
        if held:
            title, title_rule = held, "an office's term start or end"
            subject_idx, subject_text = holder, doc.people.name(holder)  # type: ignore[arg-type]
        life = ew.life_before_date.search(text, max(ss, t.start - 16), t.start)
        if life is not None:
            # "(born 24 June 1941)", "died 3 May 1910": the person of the sentence was born
            p = subject_idx
            if p is None:
                named = doc.people.within(ss, t.start)
                p = named[0].person if named else antecedents.document_topic(doc)
            if p is not None:
                subject_idx, subject_text = p, doc.people.name(p)
                title = f"{subject_text} {life.group(1).lower()}"
                title_rule = "born or died before the date"
        state_span = continuing.since_phrase(doc, t, cs, verb)
        if state_span is not None:  # "A lawyer since 1969, she was given ...": the state
            es, ee = state_span
            title = continuing.state_title(doc, subject_text, state_span)
            title_rule = "a state continuing since the date"
        es = min(es, cs) if subject_idx is not None and subject_text else es
        extra = [subject_idx, *antecedents.office_people(doc, es, ee)]
        ps, pe = es, ee
        if subject_rule == subjects.FIRST_PERSON and verb is not None:
            ps, pe = verb_clause(doc, vpos, es, ee)
        people = antecedents.people_of_date(doc, ps, pe, t, extra, person_rules)
        narrator = antecedents.narrator(doc, people, person_rules, first_person, subject_text, ss)
        if verb is not None:  # "Carter appointed him": whom the object pronoun means
            where = (ps, pe, vpos, ss)
            obj = antecedents.add_objects(doc, people, person_rules, where, subject_idx)
            title = antecedents.named_object(doc, title, obj)
        if not people:
            # "a cannonball shattered his right leg": whose leg the pronoun says
            pron = ew.personal.search(text, ps, pe)
            p = antecedents.resolve_pronoun(doc, pron.start(), ss) if pron else None
            if p is not None and not doc.people.is_cited(p):
                people = [p]
                person_rules = [f"people:{doc.people.rule_of(p, es, ee)}"]
        if verb is not None and state:
            rules.append("clauses:a state held over a stated span")
        elif verb is not None:
            rules.append(f"clauses:{verb_kind_name(ew, verb[2])}{clause_rule}")
        elif event_noun:
            rules.append("clauses:event noun")
        if subject_rule:
            rules.append(f"subjects:{subject_rule}")
        rules.append(f"titles:{title_rule}")
    denied = (
        verb is not None
        and ew.negation.search(text, max(cs, verb[0] - 24), verb[0]) is not None
        # "not paid off until 2015" says when it was
        and not ew.until.search(text, verb[1], t.start if t.start > verb[1] else ce)
    )
    if denied:
        rules.append("clauses:negated (the text denies this date)")
    rules += person_rules
    start, end = doc.dv.event_dates(t)
    summary = " ".join(text[ss:se].split())
    ev = Passage(es, ee, doc.dv.stated(t), Stance.SUPPORTS)
    return Draft(
        title=title[:200],
        summary=summary[:1000],
        start=start,
        end=end,
        evidence=[ev],
        people=people,
        places=places_in(doc, es, ee),
        subject=subject_idx,
        extra_people=narrator,
        **draft_facts(doc, title, text[es:ee], people, es),  # type: ignore[arg-type]
        derived=t.kind in (Kind.RELATIVE, Kind.ANCHORED),
        ref_span=t.anchor if t.kind is Kind.RELATIVE else None,
        denied=denied,
        rules=rules,
        date=t,
        sentence=(ss, se),
    )


def says_nothing(doc: Doc, title: str) -> bool:
    """Whether no word of a title names anything ("But", "And everything"): no happening."""
    return doc.ew.title_says_nothing(title)


def draft_span(doc: Doc, t: TimeExpr, s: int, e: int, via: str) -> Draft:
    """A draft whose date is stated apart from the passage (date line, record)."""
    assert t.date is not None
    text, ew = doc.text, doc.ew
    said = verbs(ew, text, s, e, doc.words)
    found = reported.news_verb(doc, mental.happenings(doc, said, s), s, e)
    vpos = found[0][0] if found else s
    send = mental.subject_end(doc, said, vpos) if found else vpos
    subj, subj_text, subject_rule = subjects.subject(doc, s, send, s) if found else (None, "", "")
    verb_phrase = predicate(ew, text, vpos, e, t) if found else ""
    pend = e
    main = main_after_participle(doc, found[0], s, e) if found else None
    teller = subj  # who tells the news, when the happening is what they tell
    told = False  # what someone told the diarist ("he says the fleet is gone")
    if main is None and found:  # "I hear that the ferry is sunk": the news is the happening
        main = reported.news_told(doc, found[0], s, e, (subj, subj_text, subject_rule))
        told = main is not None
    if main is not None:
        subj, subj_text, subject_rule, vpos = main
        verb_phrase = predicate(ew, text, vpos, e, t)
    inverted = reported.inverted_subject(doc, s, found[0], e) if found else None
    if inverted is not None:  # "and there preached the vicar": the name is the subject
        subj, subj_text, name_end = inverted
        subject_rule = subjects.INVERTED
        verb_phrase = reported.inverted_phrase(doc, found[0], name_end, e, t)
    first_person = subject_rule == subjects.FIRST_PERSON
    aux = passive_auxiliary(ew, text, vpos, s) if found else ""
    if found and _joined_tells_more(doc, first_person, subj_text, vpos, verb_phrase):
        joined = coordinated_phrase(doc, vpos, e, t)
        if joined:
            verb_phrase, subj_text, aux = joined, active_subject(doc, subj_text, joined), ""
    if found and not subj_text and len(verb_phrase.split()) >= 2:
        subj_text = bare_verb_subject(doc, s, s, vpos)
    if found and not subj_text and set_off_verb(doc, s, vpos):
        verb_phrase = ""  # (as above)
    words = fallback_words(doc, s, vpos, pend, first_person)
    title, title_rule = make_title(doc.lexicon, subj_text, verb_phrase, words, aux)
    if found and only_time_phrase(doc, title):
        later = later_verb_phrase(doc, vpos, min(e, vpos + _LATER_VERB_REACH), t)
        if later:
            title, title_rule = later, "verb phrase after a time phrase"
    upto = vpos if found else (said[0][0] if said else e)  # "So to bed, contented": the going
    went = elided_motion(doc, s, upto) if no_one_did(subj, subject_rule) else ""
    if went:
        title, title_rule = went, "a diarist's verb of going left out"
    saw = sight_title(doc, s, e, t)
    if saw:
        title, title_rule = saw, "a narrator's exclamation at a sight"
    person_rules: list[str] = []
    ps, pe = verb_clause(doc, vpos, s, e) if found and first_person else (s, e)
    people = antecedents.people_in(doc, ps, pe, [subj, teller], person_rules)
    if found:  # "... and there find him laid down": whom the object pronoun means
        antecedents.add_objects(doc, people, person_rules, (s, e, vpos, s), subj)
    narrator = antecedents.narrator(doc, people, person_rules, first_person, subj_text, s)
    start, end = doc.dv.event_dates(t)
    passage = text[s:e]
    rules = [via, f"dates:{t.rule}"] if t.rule else [via]
    if found:
        rules.append(f"clauses:{verb_kind_name(ew, found[0][2])}")
    if subject_rule:
        rules.append(f"subjects:{subject_rule}")
    rules += [f"titles:{title_rule}", *person_rules] + ([TOLD] if told else [])
    return Draft(
        title=title[:200],
        summary=" ".join(passage.split())[:1000],
        start=start,
        end=end,
        evidence=[Passage(s, min(e, s + MAX_EVIDENCE), doc.dv.stated(t))],
        people=people,
        places=places_in(doc, s, e),
        subject=subj,
        extra_people=narrator,
        **draft_facts(doc, title, passage, people, s),  # type: ignore[arg-type]
        rules=rules,
        date=t,
        sentence=(s, e),
    )
