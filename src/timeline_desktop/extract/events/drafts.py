"""The drafts stage: a draft for every dated clause of the clauses layer, sentence by sentence.

Besides one draft per dated happening (`drafting.draft_for`), a sentence may date one
happening twice ("in 1453 (some sources say 1454)": one draft, the other date kept as a
contradiction), restate a date ("which corresponds to 20 July 356 BC": the happening's date
made finer), point back ("that morning in 1534": the same happening told again), or name a
day inside a span already drafted ("the war of 1868-1869 ... ended on June 27, 1869").
"""

from __future__ import annotations

import bisect
import re

from timeline_desktop.domain.dates import Precision
from timeline_desktop.domain.model import Stance
from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.dates.context import CueWords
from timeline_desktop.extract.doc import Clause, Doc, Draft, Passage
from timeline_desktop.extract.events.alternatives import narrowness
from timeline_desktop.extract.events.apposed import apposed_draft
from timeline_desktop.extract.events.clauses import MAX_EVIDENCE, trim, window
from timeline_desktop.extract.events.consequence import consequence_cut, consequence_draft
from timeline_desktop.extract.events.drafting import draft_for, draft_span
from timeline_desktop.extract.events.passing import named_before
from timeline_desktop.extract.events.titles import polish
from timeline_desktop.extract.events.verbs import verbs
from timeline_desktop.extract.events.words import EventWords
from timeline_desktop.extract.events.works import cited_work_draft

_WIDE_SPAN_DAYS = 20 * 366  # a span in which a year dates a happening of its own
_EQUATED_REACH = 600  # how far back the happening whose date is restated may be


def sentence_drafts(doc: Doc) -> None:
    """Drafts for every dated clause outside the structured parts (`doc.drafts` grows)."""
    text, ew = doc.text, doc.ew
    drafts = doc.drafts
    for sc in doc.clauses:
        ss, se = sc.sentence
        fixed = sc.clauses
        subject: int | None = None
        first = doc.people.within(ss, se)
        if first:
            subject = first[0].person
        made: list[Draft] = []
        for k, c in enumerate(fixed):
            t = c.date
            if k in sc.alternatives:
                d = alternatives_draft(doc, c, fixed[sc.alternatives[k]], ss, se, subject)
                if d is not None and not _joins_earlier(doc, drafts, d, c.date):
                    drafts.append(d)
                    made.append(d)
                continue
            if k in sc.alternatives.values() or id(t) in sc.weak:
                continue
            inside = [d for d in made if d.evidence[0].start <= t.start < d.evidence[0].end]
            if inside and k and _coordinated(doc, fixed[k - 1].date, t):
                # "passed by Jupiter in 1992 and 2004", "Bodmen in 1253, Bodman in 1377":
                # the clause's happening at each date of a list
                d = draft_for(doc, t, c.start, c.end, ss, se, inherit=subject)
                if d is not None:
                    _gapped_subject(doc, d, fixed[k - 1].date.end, t.start)
                    _gapped_object(doc, d, inside[0], c.start, fixed[k - 1].date.end, t)
                    d.rules.append("drafts:one of a list of dates for the clause")
                    drafts.append(d)
                    made.append(d)
                    continue
            if inside:
                split = _day_in_span(doc, inside[0], fixed[k - 1] if k else None, c, ss, se)
                if split is not None:
                    host, own = split
                    for group in (drafts, made):
                        group[group.index(inside[0])] = host
                    drafts.append(own)
                    made.append(own)
                    continue
                # a second date inside an event already made ("in 1807, when ... became law
                # on 25 March 1807"): it may only make that event's date more precise, unless
                # it dates a happening of its own ("and the 1986 Challenger accident")
                if not _refine(doc, inside[0], t):
                    own = _own_happening(doc, inside[0], c, ss, se, subject)
                    if own is not None:
                        drafts.append(own)
                        made.append(own)
                continue
            if _restates_earlier(doc, drafts, t, ss, se):
                continue
            cut = consequence_cut(doc, t, c.start, c.end) if len(fixed) == 1 else None
            led = consequence_draft(doc, t, cut, c.end, ss, se) if cut else None
            host_end = cut[0] if cut and led is not None else c.end  # else one happening
            d = (
                cited_work_draft(doc, t, ss, se)
                or apposed_draft(doc, t, ss, se)
                or draft_for(doc, t, c.start, host_end, ss, se, inherit=subject)
            )
            if k in sc.lists and (d is None or _names_no_happening(doc, d, c)):
                # "flew by Venus (...), the asteroid Gaspra (closest approach ...)": what
                # the list's verb did to the item, not the item alone
                d = _list_item(doc, fixed[sc.lists[k]], c, ss, se, subject) or d
            if d is None:
                d = _named_draft(doc, t, se)  # "follows a 26 December 2019 ruling"
            if d is None or _joins_earlier(doc, drafts, d, t):
                continue
            lead = sc.leads.get(c.start)
            ev = d.evidence[0]
            if lead is not None and lead < ev.start and ev.end - lead <= MAX_EVIDENCE:
                lead = trim(ew, text, lead, ev.end)[0]
                d.evidence[0] = Passage(lead, ev.end, ev.date_as_stated, ev.stance)
                d.rules.append("drafts:relative clause kept with whom it is about")
            drafts.append(d)
            made.append(d)
            if led is not None:
                drafts.append(led)  # the dated happening's evidence stops at the comma
                made.append(led)
        if len(fixed) == 1 and len(made) == 1:
            _whole_sentence(doc, made[0], ss, se)


def _own_happening(
    doc: Doc, host: Draft, c: Clause, ss: int, se: int, subject: int | None
) -> Draft | None:
    """A second date in a drafted clause that neither refines nor lies within the first:
    a happening named with its year ("remembered the crash of 1978 and the 1986
    Challenger accident"), or one the clause goes on to tell ("devised experiments in the
    late 1980s using the instruments during the flyby in December 1990")."""
    t, text, ew = c.date, doc.text, doc.ew
    if t.date is None or host.date is None:
        return None
    told = _verb_parenthesis(doc, t, c)
    if told is not None:
        return told
    lo, hi = t.bounds()
    hlo, hhi = host.bounds()
    if (hlo <= lo and hi <= hhi) or (lo <= hlo and hhi <= hi):
        return None  # one date holds the other: the same happening
    named = _named_draft(doc, t, se)
    if named is not None:
        return named
    paren = text[t.start - 1 : t.start] == "("  # "special counsel to the president (1966-1969)"
    if t.start < host.date.end or not (paren or t.cue in ew.own_date_cues):
        return None
    d = draft_for(doc, t, c.start, c.end, ss, se, inherit=subject)
    if d is None:
        return None
    piece = max(text.rfind(",", host.date.end, t.start), host.date.end)
    s, e = trim(ew, text, piece + 1 if text[piece] == "," else piece, c.end)
    d.evidence[0] = d.evidence[0]._replace(start=s, end=e)
    d.rules.append("drafts:a second date in the clause, its own happening")
    return d


def _verb_parenthesis(doc: Doc, t: TimeExpr, c: Clause) -> Draft | None:
    """A date in a parenthesis that opens on a verb ("engraved in 1610 (published in
    London in 1626)"): the parenthesis tells a happening of its own, not an aside."""
    text = doc.text
    po = text.rfind("(", c.start, t.start)
    if po < 0 or text.find(")", po, t.start) >= 0:
        return None
    pc = text.find(")", t.end, c.end + 1)
    if pc < 0:
        return None
    found = verbs(doc.ew, text, po + 1, pc)
    if not found or text[po + 1 : found[0][0]].strip():
        return None
    return draft_span(doc, t, po + 1, pc, "drafts:a parenthesis that opens on a verb")


def _named_draft(doc: Doc, t: TimeExpr, se: int) -> Draft | None:
    """A draft for "the 1986 Challenger accident" or "a 26 December 2019 ruling": the
    happening the date names, its name as title, the sentence from there as evidence."""
    named = _named_by_year(doc, t)
    if named is None:
        return None
    ps, phrase, pe = named
    d = draft_span(
        doc, t, ps, _to_clause_end(doc, t.end, se), "drafts:a happening named with its year"
    )
    whose = _WHOSE.match(doc.text, pe) if pe > t.start else None
    if whose is not None:  # "a 2019 ruling by the Constitutional Court": whose ruling
        phrase += " " + " ".join(whose.group().split()).removesuffix(" of").removesuffix(" the")
    d.title = polish(" ".join(phrase.split()), doc.lexicon)
    return d


# "by the Constitutional Court of Turkey", "of the Royal Society": who the named happening is
_WHOSE = re.compile(
    r"\s+(?:by|of)\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of|the|[A-Z][\w’'.-]*)){0,6}"
)


def _named_by_year(doc: Doc, t: TimeExpr) -> tuple[int, str, int] | None:
    """Where "the 1986 Challenger accident" (or "the fire of 1666" after "before", "until"
    ...) begins, its name and where the name ends, when the date names a happening."""
    text = doc.text
    the = doc.ew.the_year.search(text, max(0, t.start - 5), t.start)
    if the is None:
        before = named_before(doc, t)  # "after the fire of 1666": named before its date
        if before is None:
            return None
        return before.start("np"), before.group("np"), before.end("np")
    phrase = doc.lexicon.compiled(CueWords).named_by_year.match(text, t.end)
    return (the.start(), phrase.group(), phrase.end()) if phrase is not None else None


def _to_clause_end(doc: Doc, pos: int, se: int) -> int:
    """Where the sentence goes on to after `pos`: its end, its next semicolon, or the last
    comma before another date (", and in April 1814 the allies ...": another happening)."""
    semi = doc.text.find(";", pos, se)
    end = semi if semi >= 0 else se
    i = bisect.bisect_right(doc.dates, pos, key=lambda t: t.start)
    later = doc.dates[i].start if i < len(doc.dates) and doc.dates[i].start < end else None
    if later is not None and (comma := doc.text.rfind(",", pos, later)) > pos:
        end = comma
    return min(end, pos + MAX_EVIDENCE - 40)


def _list_item(
    doc: Doc, first: Clause, c: Clause, ss: int, se: int, subject: int | None
) -> Draft | None:
    """An item of a dated list that has no verb of its own ("Surveys were made of the Lune
    (3 May 1820), the Wyre (9 June 1821), ..."): the list's verb, its own words."""
    d = draft_for(doc, c.date, first.start, c.end, ss, se, inherit=subject)
    if d is None:
        return None
    s, e = trim(doc.ew, doc.text, c.start, c.end)
    d.evidence[0] = d.evidence[0]._replace(start=s, end=e)
    d.rules.append("drafts:an item of a dated list, told with the list's verb")
    old = _QUOTED.search(doc.text, first.start, first.date.start)
    new = _QUOTED.search(doc.text, c.start, c.date.start)
    if old and new and old.group(1) in d.title and old.group(1) != new.group(1):
        # 'hurt "by a horse" (May 1700), "in a fall" (June 1701)': each item its own words
        own = new.group(1).strip(" ,")
        lead = own.split()[0]
        keep = lead.islower() and lead in doc.ew.function_words - doc.ew.determiners
        d.title = d.title[: d.title.index(old.group(1))].rstrip() + (f" {own}" if keep else "")
    elif (item := _item_words(doc, c)) and len(item.split()) <= _ITEM_WORDS:
        # "flew by Venus (...), the asteroid Ida (...)": flew by the asteroid Ida
        was = _item_words(doc, first).split()
        tail = " ".join(_object_words(doc.ew, was[-_ITEM_WORDS:]))
        tail = tail if tail and d.title.endswith(" " + tail) else ""
        if tail:
            d.title = f"{d.title[: -len(tail)]}{item}"
    return d


_ITEM_LEAD = ("and ", "or ")
_ITEM_WORDS = 5  # an item longer than this is more than a name


def _object_words(ew: EventWords, words: list[str]) -> list[str]:
    """The noun phrase closing `words`: from its last article ("the planet Venus"), else
    its closing capitalised words ("past Lundy")."""
    for i in range(len(words) - 1, -1, -1):
        if ew.is_verbish(words[i]):
            break
        if words[i].lower() in ew.determiners:
            return words[i:]
    n = 0
    while n < len(words) and words[-n - 1][:1].isupper():
        n += 1
    return words[len(words) - n :]


def _item_words(doc: Doc, c: Clause) -> str:
    """The words of a list item before its dating parenthesis ("the asteroid Ida" of ",
    and the asteroid Ida (closest approach August 28, 1993)"); "" when none dates it."""
    text = doc.text
    open_at = text.rfind("(", c.start, c.date.start)
    if open_at < 0:
        return ""
    words = " ".join(text[c.start : open_at].split()).strip(" ,")
    for lead in _ITEM_LEAD:
        words = words.removeprefix(lead)
    return words


def _names_no_happening(doc: Doc, d: Draft, c: Clause) -> bool:
    """Whether a list item's own draft names only a thing: its title is the item's words
    ("Wyre" of ", the Wyre (9 June 1821)"), or was found by an event noun outside it ("The
    asteroid Gaspra" of "the asteroid Gaspra (closest approach October 29, 1991)")."""
    item, title = _item_words(doc, c).lower(), d.title.lower()
    if item and (item == title or item.endswith(" " + title)):
        return True
    nouns = doc.ew.event_nouns
    return "clauses:event noun" in d.rules and not any(w in nouns for w in title.split())


_QUOTED = re.compile(r"[“\"]([^”\"]{1,80})[”\"]")


def _coordinated(doc: Doc, a: TimeExpr, b: TimeExpr) -> bool:
    """Whether date `b` is the next item of a list after `a` ("in 1992 and 2004", "Bodmen in
    1253, Bodman in 1377 and Bodmyn in 1522"): only a comma or "and" and at most a few
    words before "in" or "on" stand between them, and they are dated alike."""
    if a.date is None or b.date is None or a.end_date is not None or b.end_date is not None:
        return False
    if a.date.precision is not b.date.precision or b.date == a.date:
        return False
    if _named_by_year(doc, b) is not None:
        return False  # "in 1911, and the 1928 flood": a happening of its own
    return doc.ew.date_list_gap.fullmatch(doc.text, a.end, b.start) is not None


def _gapped_subject(doc: Doc, d: Draft, s: int, e: int) -> None:
    """ "Armstrong died in 2012 and Collins in 2021": a person named between the dates of a
    list is the subject of the second happening, told with the first one's verb."""
    named = doc.people.within(s, e)
    if not named or d.subject is None or named[-1].person == d.subject:
        return
    old, new = doc.people.name(d.subject), doc.people.name(named[-1].person)
    if d.title.startswith(old):
        d.title = new + d.title[len(old) :]
    d.subject = named[-1].person
    d.people = [named[-1].person, *(p for p in d.people if p not in (d.subject,))]
    d.rules.append("subjects:a person named in the list")


_ITEM_WORDS = 4  # words of a list's item before its date
_ITEM_PREPS = ("in", "on", "at", "by")


def _item_before(doc: Doc, lo: int, pos: int) -> str:
    """The item a date of a list belongs to: the words before its "in" back to a comma,
    "and" or a verb ("include Botmen | in 1100", ", Bodmen | in 1253"), else ""."""
    words = doc.text[lo:pos].split()
    if not words or words[-1].lower() not in _ITEM_PREPS:
        return ""
    words.pop()
    item: list[str] = []
    for w in reversed(words):
        if w.endswith((",", ";")) or w.lower() in doc.ew.verb_coordinators:
            break
        if doc.ew.verb_kinds[w][1] or doc.ew.is_verbish(w):
            break
        item.insert(0, w)
    return " ".join(item) if 0 < len(item) <= _ITEM_WORDS else ""


def _gapped_object(doc: Doc, d: Draft, first: Draft, cs: int, s: int, t: TimeExpr) -> None:
    """ "Spellings include Botmen in 1100, Bodmen in 1253": each date of a list dates its
    own item, told with the first one's verb ("Spellings include Bodmen" for 1253); a person
    named between is the gapped subject's (`_gapped_subject`)."""
    if first.date is None or doc.people.within(s, t.start):
        return
    new = _item_before(doc, s, t.start)
    # the items of a list are alike: the first is as long as this one
    old = " ".join(_item_before(doc, cs, first.date.start).split()[-len(new.split()) :])
    if old and new and old != new and d.title.endswith(old):
        d.title = d.title[: -len(old)] + new
        d.rules.append("titles:the item of a list its date belongs to")


def _whole_sentence(doc: Doc, d: Draft, ss: int, se: int) -> None:
    """The evidence of a sentence's only dated happening is the whole sentence when it fits:
    the clause alone loses what the sentence says around it ("..., while the probes were
    still being built"; "The mission was first called X; it was renamed in 1978")."""
    ev = d.evidence[0]
    if len(d.evidence) != 1 or se - ss > MAX_EVIDENCE or ev.stance is not Stance.SUPPORTS:
        return
    s, e = trim(doc.ew, doc.text, ss, se)
    if s < ev.start or e > ev.end:
        d.evidence[0] = ev._replace(start=min(s, ev.start), end=max(e, ev.end))


def alternatives_draft(
    doc: Doc, first: Clause, second: Clause, ss: int, se: int, subject: int | None
) -> Draft | None:
    """One event for a happening dated two ways in one sentence: the more precise date (the
    first stated on a tie) is the event's, the other is kept as contradicting evidence, so
    the reader sees both claims and which sources make them."""
    text, ew = doc.text, doc.ew
    cs, ce = first.start, max(first.end, second.end)
    a, b = first.date, second.date
    main, other = (b, a) if narrowness(ew, b) < narrowness(ew, a) else (a, b)
    # "X dates the founding to 1534, though the leaflet places it in 1540": the first clause
    # says what happened; the second only says who dates it otherwise
    own_ce = first.end if second.start >= first.end else ce
    d = draft_for(doc, main, cs, own_ce, ss, se, inherit=subject)
    if d is None:
        return None
    a_span = trim(ew, text, cs, a.end)
    b_start = a.end
    while b_start < b.start and not text[b_start].isalpha():
        b_start += 1
    for lead in ew.alternative_lead_drop:
        if text.startswith(lead, b_start):
            b_start += len(lead)
    b_span = (b_start, b.end)
    main_span, other_span = (a_span, b_span) if main is a else (b_span, a_span)
    d.rules.append("drafts:two dates stated for one happening")
    d.evidence = [
        Passage(*main_span, doc.dv.stated(main), Stance.SUPPORTS),
        Passage(
            *other_span,
            doc.dv.stated(other),
            Stance.CONTRADICTS,
            (*d.rules, f"dates:{other.rule}", "drafts:the other date, kept as a contradiction"),
        ),
    ]
    return d


def _refine(doc: Doc, d: Draft, t: TimeExpr) -> bool:
    """Take the finer of two single dates when one contains the other."""
    if t.date is None or t.end_date is not None or d.end is not None:
        return False
    start, _ = doc.dv.event_dates(t)
    if start.precision < d.start.precision and (
        d.start.earliest_day() <= start.earliest_day() <= start.latest_day() <= d.start.latest_day()
    ):
        d.start = start
        d.rules.append(f"drafts:date made finer by a second date ({t.rule})")
        return True
    return False


def _day_in_span(
    doc: Doc, host: Draft, host_clause: Clause | None, c: Clause, ss: int, se: int
) -> tuple[Draft, Draft] | None:
    """A day or month inside a span already drafted from the same clause, with a verb of its
    own after the span ("The war, as the conflict of 1868-1869 is called, dragged on and
    ended on June 27, 1869"): a happening of its own. Returns the span's draft redone on
    the words before the cut, and the day's draft."""
    t = c.date
    if host.end is None or host_clause is None or t.end_date is not None or t.date is None:
        return None
    host_t = host_clause.date
    hlo, hhi = host.bounds()
    wide = hhi - hlo > _WIDE_SPAN_DAYS and t.date.precision <= Precision.YEAR
    if (t.date.precision > Precision.MONTH and not wide) or host_t.end > t.start:
        return None  # a year inside a span of centuries may be a happening of its own
    text = doc.text
    cut = text.find(",", host_t.end, t.start)
    if cut < 0 or not verbs(doc.ew, text, cut + 1, c.end):
        return None
    own = draft_for(doc, t, cut + 1, c.end, ss, se, inherit=host.subject)
    if own is None:
        return None
    own.rules.append("drafts:a day inside a span drafted before")
    redone = draft_for(doc, host_t, host_clause.start, cut, ss, se, inherit=host.subject)
    return redone or host, own


def _host_before(drafts: list[Draft], t: TimeExpr, finer: bool) -> Draft | None:
    """The last drafted happening before `t`, within reach, with a single date that holds
    `t`'s date (`finer`: "which corresponds to 20 July 356 BC" after "in 356 BC") or lies
    within it ("that morning in 1534" after "On 15 August 1534")."""
    assert t.date is not None
    lo, hi = t.date.earliest_day(), t.date.latest_day()
    for d in reversed(drafts):
        last = d.evidence[-1].end
        if last > t.start:
            continue
        if t.start - last > _EQUATED_REACH:
            break
        if d.end is not None:
            continue
        dlo, dhi = d.start.earliest_day(), d.start.latest_day()
        if (dlo <= lo and hi <= dhi) if finer else (lo <= dlo and dhi <= hi):
            return d
    return None


def _joins_earlier(doc: Doc, drafts: list[Draft], d: Draft, t: TimeExpr) -> bool:
    """Give draft `d`'s evidence to the happening it points back to ("that morning in
    1534"), when one just before holds its date; True when it did."""
    if t.date is None or t.end_date is not None:
        return False
    if not doc.ew.anaphoric.search(doc.text, max(0, t.start - 40), t.start):
        return False
    host = _host_before(drafts, t, finer=False)
    if host is None:
        return False
    host.evidence += d.stamp(d.evidence, "drafts:the same happening told again (that day in)")
    _refine(doc, host, t)
    return True


def _restates_earlier(doc: Doc, drafts: list[Draft], t: TimeExpr, ss: int, se: int) -> bool:
    """Attach a date stated as the equivalent of another ("which corresponds to 20 July
    356 BC") to the happening just before it that it falls within, making that happening's
    date finer; False when there is no such happening."""
    if t.date is None or t.end_date is not None:
        return False
    if not doc.ew.equated.search(doc.text, max(ss, t.start - 60), t.start):
        return False
    d = _host_before(drafts, t, finer=True)
    if d is None:
        return False
    s, e = window(doc.text, *trim(doc.ew, doc.text, ss, se), t)
    rules = ("drafts:a date restated as its equivalent", f"dates:{t.rule}")
    d.evidence.append(Passage(s, e, doc.dv.stated(t), Stance.SUPPORTS, rules))
    _refine(doc, d, t)
    return True
