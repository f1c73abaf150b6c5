"""Hearsay in a diary: what the diarist is told happened ("He says he hath computed ...",
"they say the Dutch fleet is gone", "...; that the late storm hindered ...") happened on some
earlier day; the entry's day is when the news came. Such a draft keeps that day and says it
is news ("News: the Dutch fleet is gone"), unless the telling names that very day
("burned down tonight", "this morning"): then the happening is the day's own."""

from __future__ import annotations

from timeline_desktop.extract.doc import Doc, Draft
from timeline_desktop.extract.events.reported import ReportWords
from timeline_desktop.extract.events.words import WORD

TOLD = "clauses:told by someone else"
HEARSAY = "titles:news that came that day"
NEWS = "News: "
_LEAD_WORDS = 6  # how far into a piece its verb of news may stand ("He says he hath ...")


def mark_hearsay(doc: Doc, d: Draft, ss: int, ps: int, pe: int) -> None:
    """Title draft `d` of diary piece [ps, pe) of the sentence opening at `ss` as news when
    it tells what someone else told the diarist of an earlier happening."""
    text = doc.text
    if d.title.startswith(NEWS) or doc.ew.hearsay_same_day.search(text, ps, pe):
        return
    rw = doc.lexicon.compiled(ReportWords)
    if any(w.lower() in rw.reporting for w in d.title.split()):
        return  # "W. Coventry tells me": the title is the telling, which is the day's
    told = TOLD in d.rules or _news_lead(rw, text, ps, pe)
    piece = text[ps:pe].lstrip(" ;:,")
    if not told and piece.startswith("that ") and _news_lead(rw, text, ss, ps, len(text)):
        told = True  # "He says ...; that the late storm hindered ...": the report goes on
    if told:
        common = d.title.split(" ", 1)[0].lower() in doc.ew.determiners  # not "De Ruyter"
        d.title = NEWS + (d.title[:1].lower() + d.title[1:] if common else d.title)
        d.rules.append(HEARSAY)


def _news_lead(rw: ReportWords, text: str, s: int, e: int, lead: int = _LEAD_WORDS) -> bool:
    """Whether a verb of news stands among the first `lead` words of [s, e)."""
    words = [m.group() for m in WORD.finditer(text, s, e)]
    return any(w in rw.reporting for w in words[:lead])
