"""The anchoring stage: dates counted from a happening the text names ("two years after
Stalin's death") get the date of that happening, from this document's drafts or from the
events already stored, and make drafts of their own."""

from __future__ import annotations

import re

from timeline_desktop.domain.dates import HistDate, day_number
from timeline_desktop.extract.dates import Kind, TimeExpr, resolve_anchored
from timeline_desktop.extract.doc import Doc, Draft
from timeline_desktop.extract.events.clauses import clause_of
from timeline_desktop.extract.events.drafting import draft_for
from timeline_desktop.extract.names import NameWords

_ANCHOR_WINDOW_DAYS = 150 * 366
_ANCHOR_NOUN = re.compile(r"([A-Za-z]+)\W*$")
ANCHORED = "anchoring:counted from a happening"
# "the fire", "the great fire": the noun, and the phrase a passage told before must hold
_THE_NOUN = re.compile(r"the\s+(?:(?P<mod>[a-z]+)\s+)?(?P<noun>[a-z]+)", re.IGNORECASE)
_APPOSITION = re.compile(r",\s+(?:[a-z]+\s+)?$")
_COUNTED_FROM = r"\b(?:after|before|since|following|until|till)\s+(?:the\s+)?"


def _anchor_date(
    doc: Doc, span: tuple[int, int], drafts: list[Draft], window: tuple[int, int] | None
) -> tuple[HistDate | None, str]:
    """The date of the happening an anchor phrase names, from this document or the store,
    and where it was found."""
    ew = doc.ew
    phrase = doc.text[span[0] : span[1]]
    noun = _ANCHOR_NOUN.search(phrase)
    cls = ew.event_classes.get(noun.group(1).lower()) if noun else None
    if not cls:
        return _told_before(doc, span, drafts), "this document"
    key = doc.lexicon.compiled(NameWords).key
    who = {m.person for m in doc.people.within(*span)}
    keys = {key(doc.people.name(p)) for p in who}
    surnames = {doc.people.name(p).split()[-1] for p in who}
    # "after the closest approach of the Amalthea flyby": a flyby of Amalthea, not any
    named = None if who else _names_of(phrase)
    text = doc.text
    best: HistDate | None = None
    for d in drafts:
        if (
            d.cls == cls
            and (not who or who & set(d.people))
            and d.end is None
            and (best is None or d.start.precision < best.precision)
            and (
                named is None
                or (d.evidence and _names_all(named, text, d.evidence[0].start, d.evidence[0].end))
            )
        ):
            best = d.start
    if best is not None or window is None:
        return best, "this document"
    found = ""
    counted = re.compile(_COUNTED_FROM + re.escape(phrase))
    for e in doc.context.events_overlapping(*window):
        if e.end is not None or cls not in ew.classes_of(e.title):
            continue
        if e.evidence and all(counted.search(ev.quote) for ev in e.evidence):
            continue  # "she returned two years after X's death": counted from it, not it
        if keys and not keys & {key(n) for n in e.people}:
            continue
        if surnames and not any(n in ev.quote for ev in e.evidence for n in surnames):
            continue  # the person is the event's only through a passage this text gave it
        if named is not None and not any(
            _names_all(named, t, 0, len(t)) for t in (e.title, *(v.quote for v in e.evidence))
        ):
            continue
        if best is None or e.start.precision < best.precision:
            best, found = e.start, f"stored event {e.id}"
    return best, found


_NAMES = re.compile(r"\b[A-Z][\w-]+")
_LEAD = re.compile(r"(?:the|his|her|their|its)\s+", re.IGNORECASE)


def _names_of(phrase: str) -> list[re.Pattern[str]] | None:
    """The capitalised words of an anchor phrase (past a leading "the", "his" ...), each as
    a whole-word pattern; None when it has none."""
    lead = _LEAD.match(phrase)
    found = _NAMES.findall(phrase, lead.end() if lead else 0)
    return [re.compile(rf"\b{re.escape(n)}\b", re.IGNORECASE) for n in found] or None


def _names_all(named: list[re.Pattern[str]], text: str, start: int, end: int) -> bool:
    """Whether text[start:end] names every one of `named` (`_names_of`)."""
    return all(n.search(text, start, end) for n in named)


def _told_before(doc: Doc, span: tuple[int, int], drafts: list[Draft]) -> HistDate | None:
    """ "two years after the fire": the happening told last before, in this document, whose
    passage names it with that noun ("In 1843 a fire destroyed the mill")."""
    m = _THE_NOUN.fullmatch(doc.text, *span)
    if m is None or m.group("noun").lower() not in doc.ew.event_nouns:
        return None
    named = doc.text[m.start("mod") if m.group("mod") else m.start("noun") : m.end()]
    # a whole word: "the pre-Fire bills" do not tell of the fire
    phrase = r"\s+".join(map(re.escape, named.split()))
    word = re.compile(r"(?<![\w-])" + phrase + r"(?![\w-])", re.I)
    told = [
        d
        for d in drafts
        if d.end is None
        and not d.derived
        and d.evidence
        and d.evidence[0].end <= span[0]
        and word.search(doc.text, d.evidence[0].start, d.evidence[0].end)
    ]
    return max(told, key=lambda d: d.evidence[0].start).start if told else None


def _apposition_ends(text: str, pos: int) -> list[int]:
    """Where a date would end that the expression at `pos` stands in apposition to: before
    a comma and at most one word ("11 September 1666, barely a week after")."""
    m = _APPOSITION.search(text, max(0, pos - 30), pos)
    return [m.start()] if m else []


def _anchored(doc: Doc) -> list[TimeExpr]:
    """The dates counted from a named happening, still to be resolved."""
    return [t for t in doc.dates if t.kind is Kind.ANCHORED and t.date is None and t.anchor]


def reads_store(doc: Doc) -> bool:
    """Whether the stage may look for stored events on `doc`: only to date its anchors."""
    return bool(_anchored(doc))


def anchored_drafts(doc: Doc) -> None:
    """Drafts for the anchored dates whose happening is known (`doc.drafts` grows)."""
    drafts = doc.drafts
    out: list[Draft] = []
    anchored = _anchored(doc)
    if not anchored:
        return
    bounds = [d.bounds() for d in drafts]
    window = (
        (
            min(b[0] for b in bounds) - _ANCHOR_WINDOW_DAYS,
            max(b[1] for b in bounds) + _ANCHOR_WINDOW_DAYS,
        )
        if bounds
        else (day_number(-9999, 1, 1), day_number(9999, 12, 31))
    )
    stated_ends = {x.end for x in doc.dates if x.date is not None}
    for t in anchored:
        assert t.anchor is not None
        if any(e in stated_ends for e in _apposition_ends(doc.text, t.start)):
            continue  # "on 11 September, barely a week after the fire": restates that date
        if doc.text[max(0, t.start - 4) : t.start].lower() == "the ":
            continue  # "the twenty months after the fire": a period named, no date
        date, where = _anchor_date(doc, t.anchor, drafts, window)
        resolved: TimeExpr = resolve_anchored(t, date)
        if resolved.date is None or date is None:
            continue
        base = date.label()
        sent = doc.sentences.of(t.start)
        if sent is None:
            continue
        cs, ce, _ = clause_of(doc.ew, doc.text, sent[0], sent[1], resolved)
        ce = max(ce, min(sent[1], t.anchor[1]))
        first = doc.people.within(*sent)
        d = draft_for(
            doc,
            resolved,
            cs,
            ce,
            sent[0],
            sent[1],
            first[0].person if first else None,
            via=f"{ANCHORED} ({doc.text[t.anchor[0] : t.anchor[1]]}: {base}, {where})",
        )
        if d is not None:
            d.derived = True
            out.append(d)
    drafts += out
