"""The sovereign a text calls by the office alone: "the King", "his Majesty".

A diary or a chronicle of one reign seldom writes the king's name: "did tell the King and
Duke of York what I saw". The reader knows a person acted there, and a filter by person
should find him. The office names the king the text names with that title nearest before
it ("King Henry VII ... the King"), or else first after it, else one person called so ("the
King"), whom the user can rename or merge with the king's own name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache

from timeline_desktop.extract.names.clusters import Cluster, Mention
from timeline_desktop.extract.names.words import NameWords
from timeline_desktop.extract.text import Mask

SOVEREIGN = "sovereign by office (the King)"

# a name, a place or a possession after the office: "the King of France", "the King James
# Bible", "the King's Arms", "the King’s yards" (his yards: not him acting)
_NOT_HIM = re.compile(r"\s+of\b|['’]s?\b|\s+[A-Z]")


@cache
def _office(titles: frozenset[str]) -> re.Pattern[str]:
    """ "the King", "The Queen", "his Majesty": the title capitalised, as a text writes one
    person's office (a lower-case "the king" is any king of a story)."""
    words = "|".join(sorted(t.capitalize() for t in titles))
    return re.compile(rf"\b(?:(?:[Tt]he)\s+(?P<title>{words})|(?P<det>[Hh]is|[Hh]er)\s+Majesty)\b")


def sovereign_mentions(
    w: NameWords,
    text: str,
    mask: Mask,
    clusters: list[Cluster],
    mentions: list[Mention],
    cluster_for: Callable[[str, int], int],
) -> None:
    """Add a mention for each office standing alone for its holder (see the module)."""
    if "Majesty" not in text and not any(t.capitalize() in text for t in w.sovereign_titles):
        return
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    own: dict[str, int] = {}
    for m in _office(w.sovereign_titles).finditer(text):
        if m.group("title"):
            word = m.group("title")
        else:
            word = "Queen" if m.group("det").lower() == "her" else "King"
        if _NOT_HIM.match(text, m.end()) or mask.covers(m.start(), m.end()):
            continue
        i = bisect.bisect_right(starts, m.end() - 1) - 1
        if i >= 0 and ordered[i].end > m.start():
            continue  # part of a name already read ("the Queen Mother Elizabeth")
        idx = _titled_before(w, clusters, ordered, i, word)
        if idx is None:
            idx = _titled_after(w, clusters, ordered, i + 1, word)
        if idx is None:
            idx = own.get(word)
            if idx is None:
                idx = own[word] = cluster_for(f"the {word}", m.start())
            c = clusters[idx]
            c.sex = w.gender(word)
            c.forms[f"the {word}"] = c.forms.get(f"the {word}", 0) + 1
        mentions.append(Mention(m.start(), m.end(), idx, SOVEREIGN))


def _titled(w: NameWords, c: Cluster, word: str) -> bool:
    fold = w.fold(word)
    return any(w.fold(t.split()[0].rstrip(".")) == fold for t in c.titled)


def _titled_after(
    w: NameWords, clusters: list[Cluster], ordered: list[Mention], i: int, word: str
) -> int | None:
    """The person named with the title `word` first after mention `i` ("when the Pope
    approved it ... In 1540 Pope Paul III approved the order"): a text naming one such
    holder later means him by the office alone before."""
    return next((m.person for m in ordered[i:] if _titled(w, clusters[m.person], word)), None)


def _titled_before(
    w: NameWords, clusters: list[Cluster], ordered: list[Mention], i: int, word: str
) -> int | None:
    """The person the text names with the title `word` ("King Henry VII") nearest before
    mention `i` and at it."""
    for m in reversed(ordered[: i + 1]):
        if _titled(w, clusters[m.person], word):
            return m.person
    return None
