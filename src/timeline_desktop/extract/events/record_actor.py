"""Who a catalogue record's happening was done by, when the record does not say it in words.

A mission catalogue dates "Time of closest approach : 1997-09-17T00:18:55" under "Target
Name : CALLISTO" and "Spacecraft Id : GO": the approach was the craft's, and a title
without it ("Closest approach to Callisto") tells what and never who. The prose of such a
document names its craft with a craft noun ("the Galileo spacecraft", "the Galileo
mission"); a section heading may name one craft of several ("VOYAGER 2 URANUS ENCOUNTER").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from timeline_desktop.extract.doc import Doc

FIELD_TITLE = "titles:the field's label and its section"  # the rule of such a title
_MADE = " made its "  # "Galileo made its closest approach to Io"
_MIN_USES = 2  # a craft noun after a name once may be chance ("a Delta rocket")


@cache
def _craft_names(nouns: frozenset[str]) -> re.Pattern[str]:
    """ "the Galileo spacecraft", "the Voyager 2\\n  probe": a name before a craft noun."""
    words = "|".join(sorted(nouns))
    return re.compile(rf"\b([A-Z][\w-]+(?:\s+\d{{1,2}})?)\s+(?:{words})\b")


@lru_cache(maxsize=4)  # the fields of one document ask in turn (a str caches its hash)
def _uses(text: str, nouns: frozenset[str], function_words: frozenset[str]) -> Counter[str]:
    uses: Counter[str] = Counter()
    for m in _craft_names(nouns).finditer(text):
        name = " ".join(m.group(1).split())
        if name.split()[0].lower() not in function_words:
            uses[name] += 1
    return uses


def record_actor(doc: Doc, heading: str) -> str:
    """The craft a record's happening was done by: the one its section heading names
    ("Voyager 2 Uranus Encounter"), else the one the document calls so most, if it names
    one at least twice and no other as often; "" when no craft is named."""
    uses = _uses(doc.text, doc.ew.craft_nouns, doc.ew.function_words)
    if not uses:
        return ""
    head = heading.lower().split()
    for name, _ in uses.most_common():
        stem = name.split()[0]
        if stem.lower() in head:
            k = head.index(stem.lower())
            number = head[k + 1] if k + 1 < len(head) and head[k + 1].isdigit() else ""
            return f"{stem} {number}" if number else name
    ranked = uses.most_common(2)
    top, n = ranked[0]
    if n < _MIN_USES or (len(ranked) > 1 and ranked[1][1] == n):
        return ""
    return top


def with_actor(actor: str, title: str) -> str:
    """ "Galileo made its closest approach to Io (Io 24 Encounter)"."""
    return f"{actor}{_MADE}{title[:1].lower()}{title[1:]}" if actor else title


def compared_title(title: str, rules: Iterable[str]) -> str:
    """A record's title as reports are compared by it: without the craft `with_actor` put
    before it. Every record of a catalogue names its craft, and so would every report of
    the craft's other happenings that day ("Galileo's cameras were deactivated"): the
    name the extractor added says nothing of which happening a record is."""
    if _MADE not in title or FIELD_TITLE not in rules:
        return title
    rest = title.split(_MADE, 1)[1]
    return rest[:1].upper() + rest[1:]
