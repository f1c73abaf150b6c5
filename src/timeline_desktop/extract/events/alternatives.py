"""Two dates a sentence offers for one happening: "either 1066 or 1067", "in 1453 (some
sources say 1454)", "dated to 332 BC and by others to 331 BC".

The more precise date (the first stated on a tie) is the event's; the other is kept as a
contradicting claim (see `drafts.alternatives_draft`), so the reader sees both.
"""

from __future__ import annotations

from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.events.verbs import verbs
from timeline_desktop.extract.events.words import EventWords

ALT_CONFIDENCE = 0.45  # a weak bare year may still be the second of two alternatives
_ALT_MAX_GAP = 120  # characters between two alternative dates
_ALT_MAX_DAYS = 30 * 366  # alternatives are close; dates decades apart are two happenings


def alternative_pairs(
    ew: EventWords, text: str, ss: int, fixed: list[tuple[int, int, TimeExpr]]
) -> dict[int, int]:
    """Indexes k -> k + 1 of neighbouring dates of a sentence that the text offers as
    alternatives for one happening: only words of attribution or "or" between them, no verb
    of their own, single dates that cannot both be right and are close in time.

    A second date is an alternative only when the sentence attributes dates to someone
    ("some date it to", "sources say") or offers a choice ("or"): "X was elected in 1901
    and others in 1902" reports two happenings.
    """
    out: dict[int, int] = {}
    for k in range(len(fixed) - 1):
        a, b = fixed[k][2], fixed[k + 1][2]
        if a.date is None or b.date is None or a.end_date is not None or b.end_date is not None:
            continue
        if k in out.values():
            continue
        gap = text[a.end : b.start]
        if len(gap) > _ALT_MAX_GAP:
            continue
        if not ew.other_authority.match(gap):
            if len(gap) > 60 or not ew.alternative_gap.match(gap):
                continue
            if not ew.or_word.search(gap) and not ew.attribution.search(text, ss, b.start):
                continue
            if verbs(ew, text, a.end, b.start) and "(" not in gap:
                continue
        (alo, ahi), (blo, bhi) = a.bounds(), b.bounds()
        if alo <= bhi and blo <= ahi:
            continue  # one contains the other: a refinement, not a disagreement
        if max(alo, blo) - min(ahi, bhi) > _ALT_MAX_DAYS:
            continue
        out[k] = k + 1
    return out


def narrowness(ew: EventWords, t: TimeExpr) -> tuple[int, int]:
    """Sort key: the finer date first; "early 331 BC" before "332 BC"."""
    assert t.date is not None
    narrowed = t.cue in ew.narrowing_cues or t.date.qualifier.value in ("early", "mid", "late")
    return int(t.date.precision), 0 if narrowed else 1  # precision, not days: leap years
