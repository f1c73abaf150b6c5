"""Whom a word that names no one means: a pronoun ("she" after "Kate Lind came", "Carter
appointed him"), an office ("the emperor" in a text about Emperor Meiji), a paragraph's or a
document's person, a first-person text's "I" (its author, when the document names one);
and so the people of an event's passage (`people_in`).

A pronoun means the subject of its own sentence before it, else of one of the two
sentences before, never someone its gender rules out; a pronoun opening a paragraph means
the person the text is about, not whoever the last paragraph named last.
"""

from __future__ import annotations

import re

from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events.narrator import NarratorWords, narrated, pronoun_gender
from timeline_desktop.extract.names import NameWords
from timeline_desktop.extract.names.author import narrator_name
from timeline_desktop.extract.names.clusters import Mention
from timeline_desktop.extract.names.evidence import cluster_gender

_PRONOUN_SENTENCES = 2
_PRONOUN_CHAIN = 4  # sentences of one "he" a pronoun may follow back besides those
_FRONTED_REACH = 200
_TOPIC_SPAN = 1500
_TOPIC_LINES = 25
_OFFICE_REACH = 6000  # how far back "the king" may look for the king last named
_OBJECT_REACH = 40  # how far after its verb an object pronoun may stand ...
_OBJECT_WORDS = 3  # ... and how many words may come between ("appointed him", "was to meet her")
_HEADING_LINE = re.compile(r"(?:\d{1,3}[.)]\s|#+\s|[A-Z])")


def subject_mentions(doc: Doc, s: int, e: int) -> list[int]:
    """People of [s, e) that can be a subject, in order: not the object of a preposition,
    nor the name opening an absolute phrase ("Tom being come to help, I rested")."""
    out: list[int] = []
    found = doc.people.within(s, e)
    if not found:
        return out
    prep_before = doc.ew.prep_before
    absolute = doc.lexicon.compiled(NarratorWords).absolute_after
    for m in found:
        if prep_before.search(doc.text, max(s, m.start - 40), m.start) is None and (
            absolute.match(doc.text, m.end) is None
        ):
            out.append(m.person)
    return out


def person_gender(doc: Doc, p: int) -> str:
    """ "m" or "f" as a person's titles or first name say ("Sir", "Kate"); else ""."""
    w = doc.lexicon.compiled(NameWords)
    g = cluster_gender(w, doc.people.clusters[p])
    if not g:
        words = doc.people.name(p).split()
        g = w.gender(" ".join(words[:-1]), words[0]) if words else ""
    return g


def resolve_pronoun(doc: Doc, pos: int, sent_start: int) -> int | None:
    """The person a pronoun at `pos` refers to: the subject of its own sentence before it,
    else the subject of one of the two sentences before (not counting a few sentences that
    name no one and tell of a "he" or "she" of the same gender: the chain goes on); None
    past that, because a pronoun that far from any name is more likely to mean someone the
    text has not named. A "she" never means a man, nor a "he" a woman, as their titles or
    first names tell."""
    gender = pronoun_gender(doc, pos)
    if gender:
        fits = lambda p: p is not None and person_gender(doc, p) in ("", gender)  # noqa: E731
    else:
        fits = lambda p: True  # noqa: E731
    earlier = _same_pronoun_first(doc, pos, sent_start)
    if earlier is not None:
        # "When he got up, Jane told him the news, so he went to the Tower": the sentence's
        # second "he" is the one its opening clause is about
        return resolve_pronoun(doc, earlier, sent_start)
    inside = [p for p in subject_mentions(doc, sent_start, pos) if fits(p)]
    if inside:
        return inside[0]
    i = doc.sentences.index(sent_start)
    text = doc.text
    k, left, chained = i - 1, _PRONOUN_SENTENCES, 0
    while k >= 0 and left > 0:
        ps, pe = doc.sentences[k]
        k -= 1
        if gender and chained < _PRONOUN_CHAIN and _told_of(doc, ps, pe, gender):
            chained += 1  # "He studied ... He enrolled ...": the same "he", further back
        else:
            left -= 1
        if "\n\n" in text[pe:sent_start] or "\n \n" in text[pe:sent_start]:
            # a pronoun opening a paragraph means whom the text is about, not whoever
            # the last paragraph happened to name last
            topic = topic_of(doc, sent_start, subjects_only=True)
            topic = topic if topic is not None else document_topic(doc)
            return topic if fits(topic) else None
        lead_in = doc.ew.fronted_pronoun.search(text, ps, pe)
        if lead_in is not None and lead_in.start() - ps < _FRONTED_REACH:
            # "With the help of X and his brother Y, he overthrew it": the names stand in
            # the opening phrase; the sentence is about whom its "he" means
            p = resolve_pronoun(doc, lead_in.start(1), ps)
            return p if fits(p) else None
        subj = [p for p in subject_mentions(doc, ps, pe) if fits(p)]
        if subj:
            topic = topic_of(doc, sent_start)
            aside = topic is not None and topic != subj[0] and _in_aside(doc, ps, subj[0], pe)
            if aside and fits(topic):
                return topic  # "..., when Blücher defeated him": an aside, not the topic
            return subj[0]
        anyone = [m.person for m in doc.people.within(ps, pe) if fits(m.person)]
        if anyone:
            return anyone[0]
    return None


def _same_pronoun_first(doc: Doc, pos: int, sent_start: int) -> int | None:
    """Where a sentence opening on a subordinate clause ("When he got up, ...") has the
    same subject pronoun as the one at `pos` ("he", "she") right after its subordinator,
    before `pos`; else None."""
    text = doc.text
    word = text[pos : pos + 3].rstrip().lower()
    if word not in ("he", "she"):
        return None
    lead = doc.ew.fronted.match(text, sent_start)
    if lead is None:
        return None
    rest = text[lead.end() : pos]
    first = pos - len(rest.lstrip())  # the first word after the subordinator
    return first if first < pos and rest.lstrip().lower().startswith(word + " ") else None


def _told_of(doc: Doc, ps: int, pe: int, gender: str) -> bool:
    """Whether sentence [ps, pe) names no one and tells of a "he" or "she" of `gender`: a
    link of a chain of sentences about one person, which a pronoun after it may follow."""
    if doc.people.within(ps, pe):
        return False
    return any(
        pronoun_gender(doc, m.start()) == gender for m in doc.ew.personal.finditer(doc.text, ps, pe)
    )


def not_sources(doc: Doc, found: list[Mention]) -> list[Mention]:
    """`found` without the mentions that name whose account a passage gives ("According
    to Kevin Yuill, ..."): a source of the claim, not one of its people."""
    before, text = doc.ew.claim_source_before, doc.text
    return [m for m in found if before.search(text, max(0, m.start - 40), m.start) is None]


def named_people(doc: Doc, found: list[Mention]) -> list[int]:
    """The people of mentions `found`, in order, leaving out the sources of an account."""
    return [m.person for m in not_sources(doc, found)]


def people_in(
    doc: Doc, s: int, e: int, extra: list[int | None], rules: list[str] | None = None
) -> list[int]:
    """The people of [s, e) (and `extra` first), without authors only cited nor the
    sources of an account ("according to X"). With `rules`, the rules that read their
    names are added to it ("people:title+name"), from their mentions in [s, e) or, for a
    person not named there, their first mention."""
    out: list[int] = []
    found = not_sources(doc, doc.people.within(s, e))
    for p in [*extra, *(m.person for m in found)]:
        if p is not None and p not in out and not doc.people.is_cited(p):
            out.append(p)
    if rules is not None:
        own = {}
        for m in found:
            own.setdefault(m.person, m.rule)
        for p in out:
            rule = own[p] if p in own else doc.people.rule_of(p, s, e)
            if rule and f"people:{rule}" not in rules:
                rules.append(f"people:{rule}")
    return out


def people_of_date(
    doc: Doc, s: int, e: int, t: TimeExpr, extra: list[int | None], rules: list[str]
) -> list[int]:
    """`people_in` [s, e) for the happening dated `t`, leaving out the people named only
    inside a parenthesis that states a date of its own ("engraved in 1610 (published by
    Sudbury and Humble in 1626)"): they are that date's happening's people."""
    asides = _dated_asides(doc, s, e, t)
    if not asides:
        return people_in(doc, s, e, extra, rules)
    kept = [m for m in doc.people.within(s, e) if not any(a <= m.start < b for a, b in asides)]
    out = people_in(doc, s, e, extra, rules)
    named = {m.person for m in kept}
    aside_only = {m.person for m in doc.people.within(s, e)} - named
    return [p for p in out if p not in aside_only or p in extra]


def _dated_asides(doc: Doc, s: int, e: int, t: TimeExpr) -> list[tuple[int, int]]:
    """The parentheses of [s, e) that hold a date other than `t`, and not `t`."""
    text = doc.text
    out = []
    pos = text.find("(", s, e)
    while pos >= 0:
        close = text.find(")", pos, e)
        if close < 0:
            break
        inside = pos <= t.start < close
        if not inside and any(pos < d.start and d.end <= close for d in doc.dates):
            out.append((pos, close))
        pos = text.find("(", close, e)
    return out


NARRATOR_RULE = "people:the narrator, named by the document's author or title"
OBJECT_RULE = "people:object pronoun"


def narrator(
    doc: Doc, people: list[int], rules: list[str], first_person: bool, subject: str, ss: int
) -> list[str]:
    """ "I walked to the Tower" in a first-person text whose metadata or title names its
    author: the author is a person of the event, as one of the text's people (added to
    `people`) or else as a name of its own (returned). Names the rule in `rules`."""
    if not first_person or subject.split()[:1] != ["I"]:
        return []
    name = narrator_name(doc.document, doc.lexicon)
    if not name or not narrated(doc, ss):
        return []
    rules.append(NARRATOR_RULE)
    key = doc.lexicon.compiled(NameWords).person_key
    own = next((i for i, n in enumerate(doc.people.names()) if n and key(n) == key(name)), None)
    if own is None:
        return [name]
    if own not in people:
        people.append(own)
    return []


def add_objects(
    doc: Doc,
    people: list[int],
    rules: list[str],
    where: tuple[int, int, int, int],
    subject: int | None,
) -> int | None:
    """Add to `people` whom the object pronoun of the verb means (`object_people`; `where`
    is its span, verb and sentence start), naming the rule in `rules`; whom the first
    pronoun means, if anyone."""
    s, e, vpos, ss = where
    after = doc.text[vpos : min(e, vpos + _OBJECT_REACH)]
    if "him" not in after and "her" not in after:
        return None  # no object pronoun can follow (most verbs): nothing more is read
    meant = object_people(doc, s, e, vpos, ss, subject)
    new = [p for p in meant if p not in people]
    if new:
        people += new
        rules.append(OBJECT_RULE)
    return meant[0] if meant else None


_OBJECT_AT = 3  # words into a title the verb's object pronoun stands within


def named_object(doc: Doc, title: str, p: int | None) -> str:
    """The title with the verb's object pronoun written as whom it means ("Carter appointed
    him to the commission" -> "Carter appointed Harry Lane to the commission"). "her"
    before a noun is a possessive ("told her husband"), left as it is."""
    if p is None:
        return title
    words = title.split()
    for i, w in enumerate(words[1 : _OBJECT_AT + 1], 1):
        if w not in ("him", "her"):
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == "her" and nxt.isalpha() and nxt.islower() and nxt not in doc.ew.function_words:
            return title
        return " ".join([*words[:i], doc.people.name(p), *words[i + 1 :]])
    return title


def object_people(doc: Doc, s: int, e: int, vpos: int, ss: int, subject: int | None) -> list[int]:
    """Whom the object pronoun of the verb at `vpos` in [s, e) means ("Carter appointed
    him", "Ada's maid Jo woke him"): never the verb's own subject (that would be "himself"),
    but the person of that gender named before it in the sentence, nearest first, else
    the person the whole text is about; else no one (whom a paragraph speaks of is too
    often not whom the pronoun means). A pronoun inside a quotation is the speaker's."""
    out: list[int] = []
    ew, text = doc.ew, doc.text
    quoted = doc.lexicon.compiled(NarratorWords).quoted
    for m in ew.object_pronoun.finditer(text, max(s, vpos), min(e, vpos + _OBJECT_REACH)):
        between = text[vpos : m.start()]
        if len(between.split()) > _OBJECT_WORDS or any(c in between for c in ",;:()"):
            break  # "a collapse that left him": the object of another verb
        if any(q.start() < m.start() < q.end() for q in quoted.finditer(text, ss, e)):
            continue  # "... returning him safely", in a quotation: a speaker's own words
        gender = pronoun_gender(doc, m.start())

        def fits(p: int | None, gender: str = gender) -> bool:
            return p is not None and p != subject and person_gender(doc, p) in ("", gender)

        near = [x.person for x in reversed(doc.people.within(ss, m.start())) if fits(x.person)]
        p = near[0] if near else document_topic(doc)
        if p is not None and fits(p) and p not in out and not doc.people.is_cited(p):
            out.append(p)
    return out


def document_topic(doc: Doc) -> int | None:
    """The person a whole text is about (a biography's subject): named at least three times
    and at least twice as often as anyone else; None when no one stands out so."""
    if doc.topic is None:
        doc.topic = title_person(doc)
        if doc.topic is not None:
            return doc.topic
    if doc.topic is None:
        counts: dict[int, int] = {}
        for m in doc.people.mentions:
            counts[m.person] = counts.get(m.person, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        doc.topic = -1
        if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            doc.topic = ranked[0][0]
    return doc.topic if doc.topic >= 0 else None


def title_person(doc: Doc) -> int | None:
    """The person a document's title names ("Harry Lane, Jr." heading a biography): the one
    person of the text all of whose name's words the title holds, if exactly one does."""
    title = doc.document.title if doc.document is not None else ""
    if not title:
        return None
    fold = doc.ew.fold
    words = {fold(w.strip(",.()")) for w in title.split()}
    found = {
        i
        for i, name in enumerate(doc.people.names())
        if name and len(name.split()) > 1 and {fold(w) for w in name.split()} <= words
    }
    return next(iter(found)) if len(found) == 1 else None


def topic_of(doc: Doc, pos: int, subjects_only: bool = False) -> int | None:
    """The person the text before `pos` is about: the one mentioned most often (at least
    twice) in this paragraph and the one before it, the most recent on a tie. With
    `subjects_only`, a name after a preposition ("upset about X") does not count: whom a
    new paragraph's "he" means is whom the paragraphs before were about, not whom they
    spoke of."""
    text = doc.text
    cur = text.rfind("\n\n", max(0, pos - _TOPIC_SPAN), pos)
    prev = text.rfind("\n\n", max(0, pos - _TOPIC_SPAN), cur) if cur > 0 else -1
    lo = prev + 2 if prev >= 0 else max(0, pos - _TOPIC_SPAN)
    counts: dict[int, int] = {}
    last: dict[int, int] = {}
    prep_before = doc.ew.prep_before if subjects_only else None
    for m in doc.people.before(pos, pos - lo):
        if prep_before is not None and prep_before.search(text, max(lo, m.start - 40), m.start):
            continue  # "upset about X", "the likes of X": whom a passage names, not its topic
        counts[m.person] = counts.get(m.person, 0) + 1
        last.setdefault(m.person, m.start)
    if not counts:
        return None
    best = max(counts, key=lambda p: (counts[p], last[p]))
    return best if counts[best] >= 2 else None


def _in_aside(doc: Doc, ps: int, person: int, pe: int) -> bool:
    """Whether every mention of `person` in sentence [ps, pe) stands in a subordinate
    clause after the main one (", when X defeated him"), not as the sentence's subject."""
    ms = [m for m in doc.people.within(ps, pe) if m.person == person]
    return bool(ms) and all(doc.ew.aside_lead.search(doc.text, ps, m.start) for m in ms)


def topic_person(doc: Doc, pos: int, sent_start: int) -> int | None:
    """Whom a verb-first note line ("Born in Tangier, 1304.") is about: the person named by
    the section heading above it, else the subject of the sentence before."""
    text = doc.text
    line_end = text.rfind("\n", 0, sent_start)
    for _ in range(_TOPIC_LINES):
        if line_end < 0:
            break
        ls = text.rfind("\n", 0, line_end) + 1
        line = text[ls:line_end].strip()
        if line and _HEADING_LINE.match(line) and not line.endswith("."):
            ms = doc.people.within(ls, line_end)
            if ms:
                return ms[0].person
            if not line.startswith(("-", "*", "•")) and len(line) < 100:
                break  # a heading about no one: the notes below are not about a person
        line_end = ls - 1
    p = resolve_pronoun(doc, sent_start, sent_start)
    if p is None and title_person(doc) is not None:
        p = document_topic(doc)  # a note far from any name in a biography: its subject's
    return p


def office_holders(doc: Doc) -> dict[str, frozenset[int]]:
    """Office word -> the people of the document whose name or a titled form carries it
    ("Emperor Meiji", "Hongwu Emperor", "King Edward IV")."""
    if doc.offices is None:
        found: dict[str, set[int]] = {}
        fold, offices = doc.ew.fold, doc.ew.offices
        for i, c in enumerate(doc.people.clusters):
            for form in (doc.people.name(i), *c.titled, *c.forms):
                for w in form.split():
                    f = fold(w)
                    if f in offices:
                        found.setdefault(f, set()).add(i)
        doc.offices = {k: frozenset(v) for k, v in found.items()}
    return doc.offices


def office_holder(doc: Doc, office: str, pos: int) -> int | None:
    """Who "the <office>" at `pos` is: the holder named last before it, or the only
    holder the document names; None when that is unclear."""
    holders = office_holders(doc).get(office.lower())
    if not holders:
        return None
    for m in doc.people.before(pos, _OFFICE_REACH):
        if m.person in holders:
            return m.person
    return next(iter(holders)) if len(holders) == 1 else None


def office_people(doc: Doc, s: int, e: int) -> list[int]:
    """People an evidence span names by office only ("the emperor's death")."""
    out: list[int] = []
    if doc.ew.office_article + " " not in doc.text[s:e].lower():
        return out
    for m in doc.ew.the_office.finditer(doc.text, s, e):
        p = office_holder(doc, m.group(1), m.start())
        if p is not None and p not in out:
            out.append(p)
    return out
