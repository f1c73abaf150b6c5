"""The structured stage: drafts from the parts of a text whose layout states the date.

Timeline-site cards ("Title / 1953 · Place / summary"), the entries of a diary or log (a
day heading dates every happening told under it), a line that is only a date followed by
the text it dates, reader records (CSV rows) and chronology lines ("- 1368 — Ming founded",
"1421: capital moved") come first; what they take is not read again as prose.
"""

from __future__ import annotations

import bisect
import itertools
import re

from timeline_desktop.domain.dates import DateParseError, Precision, parse_date
from timeline_desktop.extract.dates import Kind, TimeExpr
from timeline_desktop.extract.dates.tagger import Tagger
from timeline_desktop.extract.doc import Doc, Draft, Passage
from timeline_desktop.extract.events import antecedents, mental
from timeline_desktop.extract.events.antecedents import people_in
from timeline_desktop.extract.events.clauses import MAX_EVIDENCE, MIN_CONFIDENCE, evidence_pieces
from timeline_desktop.extract.events.drafting import draft_facts, draft_span
from timeline_desktop.extract.events.hearsay import mark_hearsay
from timeline_desktop.extract.events.narrator import quoted_at
from timeline_desktop.extract.events.record_actor import FIELD_TITLE, compared_title
from timeline_desktop.extract.events.tables import table_header, table_row_title
from timeline_desktop.extract.events.title_clauses import label_title
from timeline_desktop.extract.events.titles import tidy_record_title
from timeline_desktop.extract.mask import mask_of

_CARD_LINE = re.compile(r"\s*(?P<date>[^\n·•|]{1,40}?)\s*[·•|]\s*(?P<place>[^\n]+)")
_CHRONO_LEAD = re.compile(r"[-*•>]?[ \t]*")
# what divides a chronology line's date from its text: a dash, colon or bar, or a full stop
# before a capital ("c. 1353 BC. Amenhotep IV comes to the throne")
_CHRONO_SEP = re.compile(r"[ \t]*[—–:|][ \t]*|[ \t]+-[ \t]+|\.[ \t]+(?=[\"“‘(]?[A-Z])")
_HAS_LETTER = re.compile(r"[^\W\d_]{2}")
_DATE_LINE_STRIP = " :.-–—"
# what may follow a day heading before the entry's text: "2nd (Lord's day).", "May 4. —"
_ENTRY_AFTER = re.compile(
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t\u2060]*(?:[.:…]|[—–]|\s-\s|$)[ \t.—–…\u2060-]*"
)
_ENTRY_MIN = 3  # day headings that make a text a diary or a log
# "Time of closest approach : 1996-06-27T06:29:07", "Launch date = 12 April 1961"
_FIELD_LINE = re.compile(r"(?P<label>[A-Za-z][A-Za-z ()/'’-]{1,48}?)[ \t]*[:=][ \t]*")
_UNDERLINE = re.compile(r"[=\-~^*]{3,}")
_HEADING_REACH = 4000
_LABEL_WORD = re.compile(r"[A-Za-z]+")
# between a name and its lifespan: "Harry Smith, Jr. (1929–2012)", "Ann Lee ("
_NAME_TO_SPAN = re.compile(r"['’]*,?\s*(?:Jr\.?|Sr\.?|[IVX]{1,4})?,?\s*\($")
# inside the parenthesis before the span: nothing, or "born Gaius Octavius; ", "b. "
_PAREN_LEAD = re.compile(r"[^()\d]{0,60}?(?:[;,]\s*|\s*)")
_PAREN_REACH = 64
_LIST_MARKS = ("•", "*", "-", "#", "|")
_SPAN_CLOSE = re.compile(r"\s*[);,]")
_LIFESPAN_YEARS = 125

CARD = "drafts:timeline card"
DATE_LINE = "drafts:date on a line of its own"
CHRONOLOGY = "drafts:chronology line"
RECORD = "drafts:record of a table"
ENTRY = "drafts:told under a diary entry's day"
FIELD = "drafts:a catalogue field naming a happening"
LIFESPAN = "drafts:the lifespan of the person the text is about"


def structured_drafts(doc: Doc) -> None:
    """Cards, date-only lines, records and chronology lines (`doc.drafts` grows)."""
    drafts = doc.drafts
    card = _card(doc)
    if card is not None:
        drafts.append(card)
    drafts += _lifespan_drafts(doc)
    drafts += _entry_drafts(doc)
    drafts += _field_drafts(doc)
    drafts += _date_line_drafts(doc)
    drafts += _record_drafts(doc)  # records first: their lines read like chronologies
    drafts += _chronology_drafts(doc)


def _line_tags(tags: list[TimeExpr], s: int, e: int) -> list[TimeExpr]:
    i = bisect.bisect_left(tags, s, key=lambda t: t.start)
    out = []
    while i < len(tags) and tags[i].start < e:
        t = tags[i]
        if t.end <= e and t.date is not None:
            out.append(t)
        i += 1
    return out


def _finest(ts: list[TimeExpr]) -> TimeExpr | None:
    return min(ts, key=lambda t: (t.date.precision if t.date else 99, -t.confidence), default=None)


def _first_sentence_end(doc: Doc, s: int, e: int) -> int:
    sent = doc.sentences.of(s)
    return min(e, sent[1]) if sent else e


def _date_only(text: str, tags: list[TimeExpr], s: int, e: int) -> TimeExpr | None:
    for t in _line_tags(tags, s, e):
        rest = (text[s : t.start] + text[t.end : e]).strip(_DATE_LINE_STRIP)
        if not rest:
            return t
    return None


def _card(doc: Doc) -> Draft | None:
    """A card header: title line, "YEAR · Place" line, summary line."""
    text, tags, lines = doc.text, doc.dates, doc.lines
    if len(lines) < 2:
        return None
    (t0s, t0e), (l1s, l1e) = lines[0], lines[1]
    card = _CARD_LINE.fullmatch(text, l1s, l1e)
    l1_tags = _line_tags(tags, l1s, l1e)
    if not card or not l1_tags or l1_tags[0].start - l1s >= 3:
        return None
    best = _finest(_line_tags(tags, t0s, t0e) + l1_tags)
    assert best is not None and best.date is not None
    stated = doc.dv.stated(best)
    summary_span = lines[2] if len(lines) > 2 else None
    if summary_span and _date_only(text, tags, *summary_span):
        summary_span = None
    evidence = [Passage(t0s, min(t0e, t0s + MAX_EVIDENCE), stated)]
    ps, pe = t0s, t0e
    if summary_span:
        ss, se = summary_span
        first_end = _first_sentence_end(doc, ss, se)
        evidence.append(Passage(ss, min(first_end, ss + MAX_EVIDENCE), stated))
        pe = first_end
        doc.consumed.append((ss, first_end))
    # the "1868 · Kyoto" line states the date: it is evidence too
    evidence.append(Passage(l1s, min(l1e, l1s + MAX_EVIDENCE), stated))
    start, end = doc.dv.event_dates(best)
    person_rules: list[str] = []
    people = people_in(doc, ps, pe, [], person_rules)
    places = [p.strip() for p in card.group("place").split("|")[0].split(",")]
    title = " ".join(text[t0s:t0e].split())
    passage = text[ps:pe]
    doc.consumed += [(t0s, t0e), (l1s, l1e)]
    rules = [CARD, f"dates:{best.rule}", "titles:the card's title line", *person_rules]
    return Draft(
        title=title,
        summary=" ".join(text[summary_span[0] : summary_span[1]].split())
        if summary_span
        else title,
        start=start,
        end=end,
        evidence=evidence,
        people=people,
        places=[p for p in places if p][:1] + [p for p in places if p][1:],
        subject=people[0] if people else None,
        **draft_facts(doc, title, passage, people),  # type: ignore[arg-type]
        rules=rules,
        date=best,
        sentence=(t0s, pe),
    )


def _entry_headings(doc: Doc) -> list[tuple[TimeExpr, int, int]]:
    """The day headings of a diary or log: (date, where its line starts, where the entry's
    text starts), for lines that open on a single day ("2nd (Lord's day). Up early ...",
    "May 4, 1840 — Rain", or a day alone on its line); [] unless the text has several, in
    the order of the days, each with more than its first sentence under it."""
    text = doc.text
    starts = {t.start: t for t in doc.dates if t.date is not None}
    found: list[tuple[TimeExpr, int, int]] = []
    for ls, le in doc.lines:
        lead = _CHRONO_LEAD.match(text, ls, le)
        t = starts.get(lead.end()) if lead is not None else None
        if t is None or t.end > le or t.end_date is not None:
            continue
        if t.date is None or t.date.precision is not Precision.DAY:
            continue
        after = _ENTRY_AFTER.match(text, t.end, le)
        if after is None or _continued(doc, ls):
            continue
        found.append((t, ls, after.end()))
    if len(found) < _ENTRY_MIN:
        return []
    days = [t.bounds()[0] for t, _, _ in found]
    if any(b < a for a, b in itertools.pairwise(days)):
        return []
    long = sum(
        1
        for (_, _, body), nxt in zip(found, [*found[1:], None], strict=False)
        if _sentences_between(doc, body, nxt[1] if nxt else len(text)) >= 2
    )
    return found if long * 2 >= len(found) else []


def _sentences_between(doc: Doc, s: int, e: int) -> int:
    return doc.sentences.index(e - 1) - doc.sentences.index(s) + 1 if e > s else 0


def _entry_drafts(doc: Doc) -> list[Draft]:
    """In a diary or log, every sentence under a day heading that tells a happening (has a
    verb or an event noun: "A meeting at the office") and states no date of its own is an
    event of that day. A sentence longer than
    one piece of evidence is cut at its semicolons and colons, each piece with a verb an
    event of its own."""
    headings = _entry_headings(doc)
    if not headings:
        return []
    text = doc.text
    out: list[Draft] = []
    dated = sorted(t.start for t in doc.dates if t.date is not None)
    ends = [ls for _, ls, _ in headings[1:]] + [len(text)]
    for (t, ls, body), end in zip(headings, ends, strict=False):
        doc.consumed.append((ls, body))
        i = max(0, doc.sentences.index(body))
        while i < len(doc.sentences):
            ss, se = doc.sentences[i]
            i += 1
            if ss >= end:
                break
            if se <= body:
                continue
            ss = max(ss, body)
            for ps, pe in evidence_pieces(text, ss, se):
                k = bisect.bisect_left(dated, ps)
                if k < len(dated) and dated[k] < pe:
                    continue  # a date of its own: the clauses stage reads it
                if not mental.entry_tells_happening(doc, ps, pe):
                    continue
                if quoted_at(doc, ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())):
                    continue  # "... he cried, “I have sent for men”": the speaker's words
                d = draft_span(doc, t, ps, pe, ENTRY)
                mark_hearsay(doc, d, ss, ps, pe)
                out.append(d)
                doc.consumed.append((ps, pe))
    return out


def _lifespan_drafts(doc: Doc) -> list[Draft]:
    """A span in parentheses right after a person's name ("John Arnold (1736–1799)",
    "X, Jr. (August 22, 1929 – February 16, 2012)") is that person's lifespan, not the date
    of anything the sentence tells: no clause reads it. The lifespan of the person the whole
    text is about dates their life, their birth and their death."""
    text = doc.text
    out: list[Draft] = []
    topic: int | None = -2
    for t in doc.dates:
        if t.kind is not Kind.RANGE or t.date is None or t.end_date is None:
            continue
        paren = text.rfind("(", max(0, t.start - _PAREN_REACH), t.start)
        if paren < 0 or not _PAREN_LEAD.fullmatch(text, paren + 1, t.start):
            continue
        lead = _NAME_TO_SPAN.search(text, max(0, paren - 12), paren + 1)
        if lead is None or not _SPAN_CLOSE.match(text, t.end):
            continue
        if not 0 < t.end_date.year - t.date.year <= _LIFESPAN_YEARS:
            continue
        named = doc.people.before(lead.start() + 1, 80)
        if not named or named[0].end != lead.start():
            continue
        doc.consumed.append((t.start, t.end))
        if topic == -2:
            topic = antecedents.document_topic(doc)
        person = named[0].person
        if person != topic and not _opens_text(doc, named[0].start):
            continue
        name = doc.people.name(person)
        ps, pe = named[0].start, t.end + 1
        for date, end, what in (
            (t.date, t.end_date, "Life"),
            (t.date, None, "Birth"),
            (t.end_date, None, "Death"),
        ):
            one = TimeExpr(t.start, t.end, date, end, t.kind, t.confidence, rule=t.rule)
            d = draft_span(doc, one, ps, pe, LIFESPAN)
            d.title = f"{what} of {name}"
            d.cls = doc.ew.event_class(what.lower()) or d.cls
            d.people = [person]
            d.subject = person
            d.rules = [
                *(r for r in d.rules if not r.startswith(("titles:", "clauses:", "subjects:"))),
                "titles:the person and what of their life it dates",
            ]
            out.append(d)
    return out


def _opens_text(doc: Doc, pos: int) -> bool:
    """Whether the name at `pos` is the first person the text names: a biography's lead
    ("Augustus (63 BC – AD 14) was ...")."""
    first = doc.people.mentions[0] if doc.people.mentions else None
    if first is None or first.start != pos:
        return False
    ls = doc.text.rfind("\n", 0, pos) + 1
    return not doc.text[ls:pos].lstrip().startswith(_LIST_MARKS)  # a list item is no lead


def _field_drafts(doc: Doc) -> list[Draft]:
    """Catalogue fields whose label names a happening and whose value is one date ("Time
    of closest approach : 1996-06-27T06:29:07", "Date of birth: 3 May 1820"): an event,
    titled by the label and the section it is in. A field naming no happening ("Start
    Time", "Date modified") is a record's bookkeeping, not an event."""
    text, ew = doc.text, doc.ew
    out: list[Draft] = []
    for i, (ls, le) in enumerate(doc.lines):
        if ":" not in text[ls:le] and "=" not in text[ls:le]:
            continue
        m = _FIELD_LINE.match(text, ls, le)
        if m is None:
            continue
        tags = _line_tags(doc.dates, m.end(), le)
        if len(tags) != 1 or tags[0].start != m.end() or text[tags[0].end : le].strip():
            continue
        label = " ".join(m.group("label").split())
        words = [w.lower() for w in _LABEL_WORD.findall(label)]
        if not any(w in ew.event_nouns for w in words):
            continue
        if any(s <= ls < e for s, e in doc.consumed):
            continue
        t = tags[0]
        d = draft_span(doc, t, ls, le, FIELD)
        heading = _section_heading(doc, i)
        d.title = label_title(doc, label, heading, ls)
        cls = ew.event_class(label)
        topic = antecedents.document_topic(doc) if cls in ew.once_classes else None
        if topic is not None and not d.people:
            # "Birth date: 22 August 1929" in a biography's infobox: the subject's birth
            d.people, d.subject, d.cls = [topic], topic, cls
            d.title = f"{cls.capitalize()} of {doc.people.name(topic)}"
        keep = (r for r in d.rules if not r.startswith(("titles:", "clauses:", "subjects:")))
        d.rules = [*keep, FIELD_TITLE]
        # compared with other reports by its section too: a label alone says too little
        title = compared_title(d.title, d.rules)
        facts = draft_facts(doc, title, f"{title} {text[ls:le]}", d.people)
        d.cls, d.classes, d.roles, d.words = (
            facts["cls"],
            facts["classes"],
            facts["roles"],
            facts["words"],  # type: ignore[assignment]
        )
        out.append(d)
        doc.consumed.append((ls, le))
    return out


def _section_heading(doc: Doc, i: int) -> str:
    """The heading of the section holding line `i`: the nearest line above it that is
    underlined ("GANYMEDE 1 ENCOUNTER" over "-----") or marked with "#"."""
    text, lines = doc.text, doc.lines
    here = lines[i][0]
    for k in range(i - 1, 0, -1):
        ls, le = lines[k]
        if here - ls > _HEADING_REACH:
            break
        if _UNDERLINE.fullmatch(text, ls, le):
            hs, he = lines[k - 1]
            head = " ".join(text[hs:he].split())
            return head.title() if head.isupper() else head
        if text.startswith("#", ls):
            return text[ls:le].lstrip("# ").strip()
    return ""


def _date_line_drafts(doc: Doc) -> list[Draft]:
    """A line that is only a date, followed by the text it dates."""
    text, tags, lines = doc.text, doc.dates, doc.lines
    out: list[Draft] = []
    starts = {t.start for t in tags}
    for i, (ls, le) in enumerate(lines[:-1]):
        j = ls
        while j < le and text[j] in _DATE_LINE_STRIP:
            j += 1
        if j not in starts:
            continue  # a date-only line opens on its date: most lines are ruled out here
        if any(s <= ls < e for s, e in doc.consumed):
            continue
        t = _date_only(text, tags, ls, le)
        if t is None or _continued(doc, ls):
            continue
        ns, ne = lines[i + 1]
        first_end = _first_sentence_end(doc, ns, ne)
        if _line_tags(tags, ns, first_end):
            continue  # "November 1869" over "On 3 November we ...": a heading, not a date line
        d = draft_span(doc, t, ns, first_end, DATE_LINE)
        d.evidence.insert(0, Passage(ls, le, doc.dv.stated(t)))
        out.append(d)
        doc.consumed += [(ls, le), (ns, first_end)]
    return out


def _continued(doc: Doc, ls: int) -> bool:
    """Whether the line at `ls` continues a sentence of a hard-wrapped paragraph."""
    sent = doc.sentences.of(ls)
    return sent is not None and sent[0] < ls


def _chronology_drafts(doc: Doc) -> list[Draft]:
    """Chronology lines ("- 1368 — Ming founded", "1421: capital moved"): the date opens
    the line and a separator gives the rest of the line as what happened then. Prose cut
    at a dash would lose its date's clause, so such a line is read whole."""
    text, tags = doc.text, doc.dates
    out: list[Draft] = []
    starts = {t.start for t in tags if t.date is not None}
    for ls, le in doc.lines:
        lead = _CHRONO_LEAD.match(text, ls, le)
        if lead is None or lead.end() >= le:
            continue
        at = lead.end()
        if at not in starts:
            approx = doc.ew.chronology_approx.match(text, at, le)
            if approx is None or approx.end() not in starts:
                continue
            at = approx.end()
        line_tags = _line_tags(tags, ls, le)
        if not line_tags or line_tags[0].start != at:
            continue
        t = line_tags[0]
        sep = _CHRONO_SEP.match(text, t.end, le)
        if sep is None or sep.end() >= le or not _HAS_LETTER.search(text, sep.end(), le):
            continue
        if any(s <= ls < e for s, e in doc.consumed) or t.confidence < MIN_CONFIDENCE:
            continue
        if _continued(doc, ls):
            continue  # "The launch occurred / October 18, 1989.": a wrapped sentence
        rs = sep.end()
        re_ = _first_sentence_end(doc, rs, le)
        d = draft_span(doc, t, rs, re_, CHRONOLOGY)
        if text.count(" | ", ls, le) >= 2:
            _title_table_row(doc, d, ls, le)
        d.evidence = [Passage(lead.end(), min(re_, lead.end() + MAX_EVIDENCE), doc.dv.stated(t))]
        out.append(d)
        out += _lasting(doc, t, line_tags, ls, le)
        doc.consumed.append((ls, le))
    return out


def _lasting(doc: Doc, t: TimeExpr, line_tags: list[TimeExpr], ls: int, le: int) -> list[Draft]:
    """A cell of a table row (or a part of a chronology line) telling what began on the
    row's date and "went on until" a later one: a happening of its own, over that span."""
    out: list[Draft] = []
    text = doc.text
    for u in line_tags[1:]:
        if u.rule != "lasted-until" or u.anchor != (t.start, t.end):
            continue
        cs = max(text.rfind(" | ", ls, u.start) + 3, t.end)
        ce = text.find(" | ", u.end, le)
        ce = le if ce < 0 else ce
        d = draft_span(doc, u, cs, ce, CHRONOLOGY)
        d.evidence = [Passage(cs, min(ce, cs + MAX_EVIDENCE), doc.dv.stated(u))]
        out.append(d)
    return out


_LIST_SPAN = 1500  # how far from the start of the text a "list of ..." names its kind


def _title_table_row(doc: Doc, d: Draft, ls: int, le: int) -> None:
    """A row of a table titled by its header: the kind of happening the text lists and the
    row's place ("Earthquake at Charlevoix, QC")."""
    text = doc.text
    header = table_header(text, ls, {t.start for t in doc.dates})
    if not header:
        return
    kind = doc.ew.list_of.search(text, 0, min(len(text), _LIST_SPAN))
    noun = kind.group("kind").capitalize() if kind else ""
    title = table_row_title(text[ls:le], header, noun, doc.lexicon)
    if title:
        d.title = title[:200]
        d.rules = [r for r in d.rules if not r.startswith("titles:")]
        d.rules.append("titles:the row's place and the kind of the table")


def _record_date(doc: Doc, text: str) -> TimeExpr | None:
    """A record's date: the ISO and everyday forms users type ("-0043-03-15", "44 BC")
    first, then anything the tagger finds in it ("July 1790", "1618 – 1648")."""
    try:
        date = parse_date(text)
    except DateParseError:
        tags = doc.lexicon.compiled(Tagger).tag(text, mask_of(text, doc.lexicon)[0])
        return _finest([x for x in tags if x.date is not None])
    return TimeExpr(0, len(text), date, None, Kind.DATE, 1.0, rule="date column")


def _record_drafts(doc: Doc) -> list[Draft]:
    out: list[Draft] = []
    for rec in doc.document.records:
        rs, re_ = max(0, rec.start), min(len(doc.text), rec.end)
        if rs >= re_:
            continue
        t = _record_date(doc, rec.date_text)
        if t is None:
            continue
        t = TimeExpr(rs, rs, t.date, t.end_date, t.kind, t.confidence, rule=t.rule)
        d = draft_span(doc, t, rs, re_, RECORD)
        if rec.title:
            d.title = tidy_record_title(rec.title, doc.lexicon)[:200]
            d.rules = [r for r in d.rules if not r.startswith("titles:")]
            d.rules.append("titles:the record's title")
        d.places = list(dict.fromkeys([*rec.places, *d.places]))
        d.evidence = [Passage(rs, min(re_, rs + MAX_EVIDENCE), doc.dv.stated(t))]
        d.extra_people = list(rec.people)
        out.append(d)
        doc.consumed.append((rs, re_))
    return out
