"""Rows of a wiki or Markdown table: the header above a row, and a row's title read by it
("Earthquake at Charlevoix, QC": the kind of happening the text lists and the row's place).
"""

from __future__ import annotations

import re

from timeline_desktop.extract.events.titles import TitleWords, polish
from timeline_desktop.extract.lexicon import Lexicon, load

_CELL_SPLIT = re.compile(r"\s+\|\s+|\s*\|\s*$")
_NO_WORDS = re.compile(r"^[^A-Za-z]*(?:\([^)]*\))?[^A-Za-z]*$")


def table_header(text: str, ls: int, dated: set[int]) -> str:
    """The header of the table whose row starts at `ls`: the nearest line above it with
    cell bars and no date (rows between are rows of the same table), else ""."""
    k = ls
    for _ in range(200):
        if k <= 0:
            break
        ps = text.rfind("\n", 0, k - 1) + 1
        line = text[ps : k - 1]
        if " | " in line and not any(ps <= d < k for d in dated):
            return line
        if " | " not in line and line.strip():
            break
        k = ps
    return ""


def table_row_title(row: str, header: str, kind: str, lex: Lexicon | None = None) -> str:
    """A title for a row of a table ("1663-02-05 | 17:30 | Charlevoix, QC | 47.6 | 7.0"):
    the kind of happening the table lists and the place the row names ("Earthquake at
    Charlevoix, QC"), else the row's first cell of words. Columns are read by the header."""
    tw = (lex or load()).compiled(TitleWords)
    cells = [c.strip() for c in _CELL_SPLIT.split(row)]
    names = [h.strip().lower().rstrip("‡†*") for h in _CELL_SPLIT.split(header)]
    place = ""
    for i, name in enumerate(names):
        if i < len(cells) and name in tw.place_columns and not _NO_WORDS.match(cells[i]):
            place = cells[i]
            break
    if place:
        return _kind_at(kind, place)
    for c in cells:
        if not _NO_WORDS.match(c) and (len(c.split()) > 1 or (c[:1].isupper() and len(c) > 3)):
            if kind and len(cells) < len(names) and any(n in tw.place_columns for n in names):
                # a row that leaves an empty cell out ("date | place | 5.2"): its first
                # cell of words stands in the place column
                return _kind_at(kind, c)
            return polish(c, lex)
    return ""


def _kind_at(kind: str, place: str) -> str:
    """ "Earthquake at Charlevoix", "Earthquake 40 km W of Tofino", "Earthquake at the X
    region": the kind of the table's happenings and the row's place."""
    if not kind:
        return place
    if place[:1].isdigit():
        return f"{kind} {place}"
    if place.startswith("The ") and place.split()[-1].islower():
        place = "the" + place[3:]  # "the Nazko region", but "The Hague" is a name
    return f"{kind} at {place}"
