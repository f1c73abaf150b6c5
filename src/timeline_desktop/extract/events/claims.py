"""Claims: which drafts of a document each stored event goes to (`corroborate`)."""

from __future__ import annotations

from collections.abc import Hashable


class Claims:
    """Which drafts of the document each stored event goes to.

    Drafts the merging stage kept apart are different happenings, so two of them are
    rarely one stored event: the one sharing more with it (`shared_content`) takes it, and
    the other is matched again without it ("left port in October" gives way to "passed the
    reef on 12 October" for the stored "passed the reef on 19 October"). Drafts that share
    about as much with it (within `margin`) hold it together when each states its date
    itself (a text's prose and its catalogue field on one flyby: merging within a text is
    strict and misses some restatements), but not when they only share a date expression
    (a diary's sentences under one day's heading, of which one is the fire another source
    dates).

    What is contested is a stored event, or one member's part in a stored group event
    (event id, member: `group_events.StoredGroups.claim`): reports of different members
    each take their part, reports of one member contest it.
    """

    def __init__(self, margin: float) -> None:
        self.margin = margin
        self.held: dict[Hashable, list[tuple[float, int, frozenset[int]]]] = {}

    def contest(
        self, event: Hashable, strength: float, draft: int, dated_by: frozenset[int]
    ) -> tuple[bool, list[int]]:
        """(whether `draft` may take `event`, the drafts it pushes out)."""
        holders = self.held.setdefault(event, [])
        contenders = [*holders, (strength, draft, dated_by)]
        top = max(contenders, key=lambda c: (c[0], -c[1]))
        keep = [
            c
            for c in contenders
            if c is top or (c[0] > top[0] - self.margin and not (c[2] & top[2]))
        ]
        if not any(c[1] == draft for c in keep):
            return False, []
        holders[:] = keep
        kept = {c[1] for c in keep}
        return True, [c[1] for c in contenders if c[1] not in kept]
