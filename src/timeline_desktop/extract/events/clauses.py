"""The clauses stage: the clause of its sentence that each usable date belongs to.

A sentence is cut at semicolons, dashes, ", but", ", which", -ing clauses and "and" before
another dated phrase; a date's clause is the piece that holds it. A clause holding two dated
happenings is divided between them, and a second date the text offers as an alternative to
the first ("in 1453 (some sources say 1454)") is paired with it. The verbs of a clause are
found here too: the drafts stage reads them to tell a happening from a passing mention.
A question ("did he leave in 139 or 138 BC?") states no date.
"""

from __future__ import annotations

import bisect
import itertools
import re

from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.doc import Clause, Doc, SentenceClauses
from timeline_desktop.extract.events.alternatives import ALT_CONFIDENCE, alternative_pairs
from timeline_desktop.extract.events.verbs import Verb, states, verbs
from timeline_desktop.extract.events.words import EventWords

MAX_EVIDENCE = 400
MIN_CONFIDENCE = 0.6
_ASIDE_MAX = 120
_LIST_MIN = 3  # dates in one clause that make it a list of dated items
_DASH = re.compile(r"\s[–—]\s")
_QUESTION = re.compile(r"\?[\"”’'»)\]]*\s*$")


def clause_of(ew: EventWords, text: str, ss: int, se: int, t: TimeExpr) -> tuple[int, int, bool]:
    """The clause of sentence [ss, se) that holds `t`; True when it is a relative clause."""
    start, end, relative = ss, se, False
    aside_end = -1  # end of a dash-enclosed aside ("where Favre — the only priest — said Mass")
    for m in ew.clause_cut.finditer(text, ss, se):
        if m.start() < aside_end:
            continue
        if m.end() <= t.start:
            start = m.end()
            relative = bool(ew.relative_clause.match(m.group()))
        elif m.start() >= t.end:
            if m.group().strip() in "—–":
                close = _DASH.search(text, m.end(), min(se, m.end() + _ASIDE_MAX))
                if close is not None:
                    aside_end = close.end()
                    continue
            end = m.start()
            break
    if relative and ew.restated.match(text, start, t.start):
        # "On <other calendar>, which was 9 November 1867, he returned ...": the relative
        # clause only restates the day; the happening is the rest of the sentence.
        return ss, se, False
    if relative:
        comma = text.find(",", t.end, end)
        if comma >= 0:
            end = comma
    return start, end, relative


def clause_end_after(ew: EventWords, text: str, pos: int, se: int) -> int:
    """Where the clause after a relative cut at `pos` ends: the next cut that is not
    another relative clause, or the sentence end."""
    for m in ew.clause_cut.finditer(text, pos + 1, se):
        if not ew.relative_clause.match(m.group()):
            return m.start()
    return se


def trim(ew: EventWords, text: str, s: int, e: int) -> tuple[int, int]:
    """[s, e) without edge punctuation and an opening "and", "but", "however"."""
    while s < e and text[s] in " ,;:—–-\t":
        s += 1
    while e > s and text[e - 1] in " ,;:—–-\t":
        e -= 1
    for lead in ew.clause_lead_drop:
        if text.startswith(lead, s):
            s += len(lead)
    return s, e


def window(text: str, s: int, e: int, t: TimeExpr) -> tuple[int, int]:
    """Keep evidence within MAX_EVIDENCE characters, centred on the date."""
    if e - s <= MAX_EVIDENCE:
        return s, e
    half = (MAX_EVIDENCE - (t.end - t.start)) // 2
    ns, ne = max(s, t.start - half), min(e, t.end + half)
    sp = text.find(" ", ns, t.start)
    if ns > s and sp >= 0:
        ns = sp + 1
    ep = text.rfind(" ", t.end, ne)
    if ne < e and ep >= 0:
        ne = ep
    return ns, ne


def split_two(ew: EventWords, text: str, cs: int, ce: int, a: TimeExpr, b: TimeExpr) -> int | None:
    """Where a clause holding two dated happenings divides: the last comma (or "and")
    between them, when each side has a verb of its own; else it is one happening."""
    comma = text.rfind(",", a.end, b.start)
    if comma < 0:
        found = text.rfind(" and ", a.end, b.start)
        comma = found if found >= 0 else -1
    if comma < 0:
        return None
    if ew.comma_when.match(text[comma : comma + 8]):
        return None
    if not _tells(ew, text, cs, comma, a) or not _tells(ew, text, comma + 1, ce, b):
        return None
    return comma


def _tells(ew: EventWords, text: str, s: int, e: int, t: TimeExpr) -> bool:
    """Whether text[s:e] tells a happening of its own: a verb, or a verb of being with a
    span ("and was chairman from 1966 to 1969")."""
    if verbs(ew, text, s, e):
        return True
    return t.end_date is not None and bool(states(ew, text, s, e))


def _list_items(
    text: str, clauses: list[tuple[int, int, TimeExpr]]
) -> tuple[list[tuple[int, int, TimeExpr]], dict[int, int]]:
    """A clause holding a list of three or more dated items ("made at Venus (closest
    approach February 10, 1990), the asteroid Ida (closest approach August 28, 1993), and
    the impact of a comet from July 16-22, 1994") is cut at the comma before each item, so
    each date has its own item as its clause. Also returns, for each item after the first,
    the index of its list's first item."""
    out: list[tuple[int, int, TimeExpr]] = []
    lists: dict[int, int] = {}
    i = 0
    while i < len(clauses):
        j = i
        while j + 1 < len(clauses) and clauses[j + 1][:2] == clauses[i][:2]:
            j += 1
        group = clauses[i : j + 1]
        cuts = [_item_cut(text, a[2].end, b[2].start) for a, b in itertools.pairwise(group)]
        if len(group) < _LIST_MIN or any(c is None for c in cuts):
            out += group
        else:
            cs, ce = group[0][0], group[0][1]
            starts = [cs, *(c + 1 for c in cuts if c is not None)]
            ends = [*(c for c in cuts if c is not None), ce]
            lists.update({len(out) + k: len(out) for k in range(1, len(group))})
            out += [(s, e, t) for s, e, (_, _, t) in zip(starts, ends, group, strict=True)]
        i = j + 1
    return out, lists


def _item_cut(text: str, a: int, b: int) -> int | None:
    """The last comma between two dates that stands outside parentheses and quotations."""
    depth = 0
    quoted = False
    best = None
    for k in range(a, b):
        ch = text[k]
        if ch in "(“":
            depth += 1
        elif ch in ")”":
            depth = max(0, depth - 1)
        elif ch == '"':
            quoted = not quoted
        elif ch == "," and depth == 0 and not quoted:
            best = k
    return best


def find_clauses(doc: Doc) -> None:
    """The clauses stage: `doc.clauses`, sentence by sentence, for every usable date
    outside what the structured stage took."""
    text, ew = doc.text, doc.ew
    by_sentence: dict[tuple[int, int], list[TimeExpr]] = {}
    consumed = sorted(doc.consumed)
    consumed_starts = [s for s, _ in consumed]
    weak: set[int] = set()
    for t in doc.dates:
        if t.date is None or t.confidence < ALT_CONFIDENCE:
            continue
        i = bisect.bisect_right(consumed_starts, t.start) - 1
        if (i >= 0 and t.start < consumed[i][1]) or doc.mask.covers(t.start, t.end):
            continue
        sent = doc.sentences.of(t.start)
        if sent is None or _QUESTION.search(text, sent[0], sent[1]):
            continue  # "Zhang Qian's departure: 139 or 138 BC?" asks, states nothing
        if t.confidence < MIN_CONFIDENCE:
            # a bare year after "or", "(some sources say": kept only as an alternative to
            # the date just before it, which the pairing below requires
            prev = by_sentence.get(sent)
            if not prev or not ew.alternative_gap.match(text, prev[-1].end, t.start):
                continue
            weak.add(id(t))
        by_sentence.setdefault(sent, []).append(t)
    out: list[SentenceClauses] = []
    for (ss, se), ts in by_sentence.items():
        clauses: list[tuple[int, int, TimeExpr]] = []
        leads: dict[int, int] = {}
        for t in ts:
            cs, ce, relative = clause_of(ew, text, ss, se, t)
            if len(ts) == 1 and ce < se and ew.relative_clause.match(text, ce):
                # "..., against Croesus of Lydia, who had crossed the Halys": an undated
                # relative clause after the date describes the happening's people
                ce = clause_end_after(ew, text, ce, se)
            if relative:
                # "founded by Chandragupta, who overthrew the Nandas c. 322 BC": the
                # evidence keeps whom the relative clause is about
                comma = text.rfind(",", ss, cs)
                leads[cs] = max(ss, text.rfind(",", ss, comma) + 1) if comma > ss else ss
            clauses.append((cs, ce, t))
        clauses, lists = _list_items(text, clauses)
        # two dates in one clause: divide it between them
        fixed: list[tuple[int, int, TimeExpr]] = []
        for i, (cs, ce, t) in enumerate(clauses):
            prev = clauses[i - 1] if i > 0 else None
            nxt = clauses[i + 1] if i + 1 < len(clauses) else None
            if nxt and (nxt[0], nxt[1]) == (cs, ce):
                cut = split_two(ew, text, cs, ce, t, nxt[2])
                if cut is not None:
                    ce = cut
            if prev and (prev[0], prev[1]) == (clauses[i][0], clauses[i][1]):
                cut = split_two(ew, text, cs, clauses[i][1], prev[2], t)
                if cut is not None:
                    cs = cut + 1
            fixed.append((cs, ce, t))
        out.append(
            SentenceClauses(
                (ss, se),
                [Clause(cs, ce, t) for cs, ce, t in fixed],
                leads,
                weak,
                alternative_pairs(ew, text, ss, fixed),
                lists,
            )
        )
    doc.clauses = out


_PIECE_CUT = re.compile(r"[;:]\s+")


def evidence_pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """[s, e) cut at semicolons and colons into pieces that fit one piece of evidence."""
    if e - s <= MAX_EVIDENCE:
        return [(s, e)]
    out: list[tuple[int, int]] = []
    start = s
    last_cut = None
    for m in _PIECE_CUT.finditer(text, s, e):
        if m.start() - start > MAX_EVIDENCE and last_cut is not None:
            out.append((start, last_cut[0]))
            start = last_cut[1]
        last_cut = (m.start(), m.end())
    if last_cut is not None and e - start > MAX_EVIDENCE:
        out.append((start, last_cut[0]))
        start = last_cut[1]
    out.append((start, e))
    return [(a, b) for a, b in out if b - a > 3]


def past_aside(doc: Doc, ce: int, se: int) -> tuple[int, list[Verb]]:
    """A clause cut before an -ing aside ("On 27 January 1967, during a rehearsal, a fire
    broke out"; "his men, including 2000 mercenaries, were beaten") or a relative one
    ("in 1930 the bridge, which Telford built, collapsed") has its verb after the aside:
    read on to the end of the next clause."""
    text, ew = doc.text, doc.ew
    aside = ew.ing_aside.match(text, ce) or ew.relative_aside.match(text, ce)
    if aside is None:
        return ce, []
    cut = ew.clause_cut.search(text, aside.end(), se)
    end = trim(ew, text, aside.end(), cut.start() if cut else se)[1]
    found = verbs(ew, text, aside.end(), end)
    return (end, found) if found else (ce, [])


def past_relative_aside(ew: EventWords, text: str, pos: int, after: list[Verb]) -> list[Verb]:
    """The verbs after `pos`, without those of a relative aside before the clause's own
    ("in 1930 the bridge, which Telford had built, collapsed": "collapsed")."""
    if not after:
        return after
    aside = ew.relative_aside.search(text, pos, after[-1][1])
    if aside is None or aside.start() > after[0][0]:
        return after
    own = [v for v in after if v[0] >= aside.end()]
    return own or after
