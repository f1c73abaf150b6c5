"""A lone name listed among people ("Malenkov, Molotov, Bulganin, and others") is a person,
and that person wherever else the text writes the name alone."""

from __future__ import annotations

import re
from typing import Protocol

from timeline_desktop.extract.names.aliases import LISTED, SAME_NAME, after_of, on_heading
from timeline_desktop.extract.names.clusters import Cluster, Mention
from timeline_desktop.extract.names.runs import Seg
from timeline_desktop.extract.names.words import NameWords

_CHAIN = re.compile(r"((?:[A-Z][\w’']+,\s*)+)$")


class Builder(Protocol):
    """What `coordinated` needs of the people being built (`finder._People`)."""

    clusters: list[Cluster]
    mentions: list[Mention]

    def cluster_for(self, form: str, pos: int) -> int: ...


_CITED_AFTER = re.compile(r"\s*(?::|,\s*(?:\d{4}|pp?\.)|\s+\d{4}\b)")


def _cited(text: str, end: int) -> bool:
    """Whether a name is followed by what follows a publisher or a place of publication in
    a reference ("Oxford: ...", "..., 2003"): a reference list names no people there."""
    return _CITED_AFTER.match(text, end) is not None


_YEAR_AFTER_COMMA = re.compile(r",\s*(?:1[5-9]|20)\d\d\b")


def _reference_line(text: str, pos: int) -> bool:
    """Whether the line at `pos` reads like a reference ("Author, Title, Publisher, 2003"):
    its commas list authors, titles and publishers, not people."""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    le = le if le >= 0 else len(text)
    if le - ls > 300:
        return False  # a paragraph of prose, not an entry of a list
    return _YEAR_AFTER_COMMA.search(text, max(ls, le - 60), le) is not None


def coordinated(
    w: NameWords,
    text: str,
    singles: list[Seg],
    people: Builder,
    thing_forms: set[str],
    place_forms: set[str],
) -> None:
    """Lone names listed with people ("Malenkov, Molotov, Bulganin, and others")."""
    mentions, clusters = people.mentions, people.clusters
    taken = {m.start for m in mentions}
    ends = {m.end: m for m in mentions}
    starts = {m.start: m for m in mentions}
    # the tests of the words and the text around them, once: the loop below goes twice (a
    # run taken now stays taken)
    listed_alone = [
        seg
        for seg in singles
        if seg.start not in taken
        and seg.end not in ends  # "Mrs. Turner": the name of a titled mention, taken
        and len(seg.tokens) == 1
        and not seg.thing
        and seg.text not in thing_forms
        and seg.text not in place_forms
        and w.in_list(text, seg.start, seg.end)
        and not w.is_place(seg.tokens[0])
        and not w.is_thing(seg.tokens[0])
        and not after_of(w, text, seg.start)
        and not on_heading(text, seg.start)
        and not _cited(text, seg.end)
        and not _reference_line(text, seg.start)
    ]
    # the list's punctuation around each: the length of the gap to a name before, and after
    joiners = (",", *w.list_joiners)
    cues: list[tuple[Seg, int | None, int | None, bool]] = []
    for seg in listed_alone:
        lead = text[max(0, seg.start - 40) : seg.start]
        before = w.list_before.search(lead) if lead.rstrip().endswith(joiners) else None
        after = w.list_after.match(text[seg.end : seg.end + 10])
        listed = w.and_others.match(text[seg.end : seg.end + 20]) is not None
        back = len(before.group(2)) if before else None
        ahead = len(after.group(1)) if after else None
        if before and "and" in before.group(2) and after and "and" not in after.group(1):
            ahead = None  # "... in Lyon and Arles, Marius marched": "and" closed the list
        cues.append((seg, back, ahead, listed))
    listed_as: dict[str, int] = {}  # the names this finds, and their people
    for seg, back, ahead, listed in [*cues, *cues]:  # twice: a later name helps an earlier one
        if seg.start in taken:
            continue
        neighbour = None
        if back is not None:
            neighbour = ends.get(seg.start - back)
        if neighbour is None and ahead is not None:
            neighbour = starts.get(seg.end + ahead)
        if neighbour is None and not listed:
            continue
        if neighbour is None and not _CHAIN.search(text[max(0, seg.start - 80) : seg.start]):
            continue
        idx = people.cluster_for(seg.text, seg.start)
        c = clusters[idx]
        c.forms[seg.text] = c.forms.get(seg.text, 0) + 1
        mention = Mention(seg.start, seg.end, idx, LISTED)
        mentions.append(mention)
        taken.add(seg.start)
        ends[seg.end], starts[seg.start] = mention, mention
        listed_as[seg.text] = idx
    # the name alone elsewhere in the text ("So to Creed's lodging" after "my wife and
    # Creed"): the same person, as a name found before the list would have been
    for seg in singles if listed_as else ():
        idx = listed_as.get(seg.text)
        if (
            idx is None
            or seg.start in taken
            or seg.end in ends
            or seg.thing
            or len(seg.tokens) != 1
            or seg.text in place_forms
            or after_of(w, text, seg.start)
        ):
            continue
        clusters[idx].forms[seg.text] += 1
        if seg.title:
            clusters[idx].titled.add(f"{seg.title} {seg.text}")
            clusters[idx].n_titled += 1
        start = seg.title_start if seg.title else seg.start
        mentions.append(Mention(start, seg.end, idx, SAME_NAME))
        taken.add(seg.start)
    mentions.sort(key=lambda x: x.start)
