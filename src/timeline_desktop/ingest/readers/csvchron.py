"""CSV/TSV chronologies: one dated event per row, rendered as one readable line per row.

The stored text is a chronology a person can read and quote ("1953-03-05 — Stalin dies.
(People: Joseph Stalin; Place: Moscow)"), and each dated row also becomes a StructuredRecord
whose offsets cover exactly that row's line. Rows without a date stay in the text (nothing is
lost) but give no record. Malformed files are refused with the offending line number rather
than guessed at.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from timeline_desktop.domain.model import StructuredRecord
from timeline_desktop.ingest.readers.errors import FormatError
from timeline_desktop.ingest.readers.rendered import Rendered

_DATE_NAMES = (
    "date", "start date", "start", "year", "when", "from", "begin", "begins", "started",
    "date start", "start year", "dates", "day",
)  # fmt: skip
_END_NAMES = ("end date", "end", "to", "until", "end year", "date end", "ends", "ended", "finish")
_TEXT_NAMES = (
    "event", "events", "title", "what", "headline", "summary", "description", "text",
    "details", "notes", "note",
)  # fmt: skip
_DETAIL_NAMES = ("description", "details", "summary", "text", "notes", "note")
_PEOPLE_NAMES = (
    "people", "person", "persons", "who", "participants", "actors", "figures", "key people",
    "individuals", "names",
)  # fmt: skip
_PLACE_NAMES = (
    "place", "places", "location", "locations", "where", "city", "country", "region", "site",
)  # fmt: skip

_DELIMITERS = ",\t;|"
_SNIFF_CHARS = 16_384
_LOOKS_LIKE_DATA = re.compile(r"^[-–~c.\s]*\d{1,4}\b")
_NAME_SPLIT_STRONG = re.compile(r"\s*[;|]\s*")


@dataclass(frozen=True, slots=True)
class _Columns:
    date: int
    text: int | None
    end: int | None = None
    detail: int | None = None
    people: int | None = None
    places: int | None = None


def read_csv(text: str, stem: str, tab_separated: bool = False) -> Rendered:
    delimiter, header, columns = _header(text, tab_separated)
    lines: list[str] = []
    records: list[StructuredRecord] = []
    offset = 0
    for row in _rows(text, delimiter, len(header)):
        line, record = _render_row(row, columns)
        if not line:
            continue
        if record is not None:
            records.append(_at(record, offset, offset + len(line)))
        lines.append(line)
        offset += len(line) + 1
    if not lines:
        raise FormatError("the CSV file has a header row but no rows of events")
    return Rendered(text="\n".join(lines), title=stem, records=tuple(records))


def _header(text: str, tab_separated: bool) -> tuple[str, list[str], _Columns]:
    """Find the delimiter that yields a header with a date column (csv.Sniffer first)."""
    candidates = list(_DELIMITERS)
    if tab_separated:
        candidates.insert(0, "\t")
    try:
        sniffed = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=_DELIMITERS).delimiter
        candidates.insert(0, sniffed)
    except csv.Error:
        pass  # too irregular for the sniffer; the candidates below are tried in order
    first_header: list[str] | None = None
    for delimiter in dict.fromkeys(candidates):
        header = _first_row(text, delimiter)
        if first_header is None:
            first_header = header
        columns = _find_columns(header)
        if columns is not None and len(header) > 1:
            return delimiter, header, columns
    raise _bad_header(first_header or [], _first_line_number(text))


def _first_row(text: str, delimiter: str) -> list[str]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                return [cell.strip() for cell in row]
    except csv.Error:
        return []
    return []


def _first_line_number(text: str) -> int:
    lines = text.split("\n", 1000)
    return next((i for i, line in enumerate(lines, 1) if line.strip()), 1)


def _bad_header(header: list[str], line: int) -> FormatError:
    found = ", ".join(repr(h) for h in header[:8] if h) or "nothing"
    expected = "a column named date, year, when or start"
    if header and _LOOKS_LIKE_DATA.match(header[0]):
        return FormatError(
            f"line {line}: no header row ({expected} and one for the event is needed; "
            f"the first line starts with {header[0]!r})"
        )
    return FormatError(
        f"line {line}: no date column in the header (expected {expected}; found {found})"
    )


def _normalise(name: str) -> str:
    name = re.sub(r"\(.*?\)", " ", name.lower().lstrip("\ufeff"))
    return " ".join(re.sub(r"[\s_\-:.]+", " ", name).split())


def _find_columns(header: list[str]) -> _Columns | None:
    names = [_normalise(h) for h in header]

    def pick(options: tuple[str, ...], taken: set[int]) -> int | None:
        for option in options:
            for i, name in enumerate(names):
                if name == option and i not in taken:
                    return i
        return None

    taken: set[int] = set()
    date = pick(_DATE_NAMES, taken)
    if date is None:  # "event date", "date of birth", "year (AD)" ...
        date = next(
            (
                i
                for i, n in enumerate(names)
                if re.search(r"\b(date|year)\b", n)
                and n not in _END_NAMES
                and not n.startswith("end")
            ),
            None,
        )
    if date is None:
        return None
    taken.add(date)
    found: dict[str, int | None] = {}
    for key, options in (
        ("end", _END_NAMES), ("people", _PEOPLE_NAMES), ("places", _PLACE_NAMES),
        ("text", _TEXT_NAMES),
    ):  # fmt: skip
        found[key] = pick(options, taken)
        if found[key] is not None:
            taken.add(found[key])  # type: ignore[arg-type]
    detail = pick(_DETAIL_NAMES, taken) if found["text"] is not None else None
    text = found["text"]
    if text is None:  # no known name: the first column left over holds the event
        text = next((i for i, n in enumerate(names) if i not in taken and n), None)
    return _Columns(date, text, found["end"], detail, found["people"], found["places"])


def _rows(text: str, delimiter: str, width: int) -> Iterator[list[str]]:
    """Data rows; ragged rows and broken quoting are refused, naming the row's first line."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True, strict=True)
    seen_header = False
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            reason = str(err)
            if "end of data" in reason or "EOF" in reason:
                reason = "a quoted field is never closed"
            raise FormatError(f"line {first_line}: malformed CSV ({reason})") from None
        if not any(cell.strip() for cell in row):
            continue
        if not seen_header:
            seen_header = True
            continue
        while len(row) > width and not row[-1].strip():
            row.pop()  # a trailing delimiter is harmless
        if len(row) != width:
            raise FormatError(
                f"line {first_line}: expected {width} fields as in the header, found {len(row)}"
            )
        yield row


def _render_row(row: list[str], columns: _Columns) -> tuple[str, StructuredRecord | None]:
    def cell(index: int | None) -> str:
        return " ".join(row[index].split()) if index is not None else ""

    start, end = cell(columns.date), cell(columns.end)
    date_text = f"{start} – {end}" if start and end and end != start else start or end
    title, detail = cell(columns.text), cell(columns.detail)
    people, places = split_names(cell(columns.people)), split_names(cell(columns.places))
    body = title
    if detail:
        body = f"{title}{'' if title[-1:] in '.!?:;' else '.'} {detail}" if title else detail
    extras = []
    if people:
        extras.append("People: " + ", ".join(people))
    if places:
        extras.append(("Place: " if len(places) == 1 else "Places: ") + ", ".join(places))
    if extras:
        body = f"{body} ({'; '.join(extras)})" if body else f"({'; '.join(extras)})"
    if not date_text:
        return body, None
    line = f"{date_text} — {body}" if body else date_text
    return line, StructuredRecord(date_text, 0, 0, title or detail, people, places)


def _at(record: StructuredRecord, start: int, end: int) -> StructuredRecord:
    return StructuredRecord(
        record.date_text, start, end, record.title, record.people, record.places
    )


def split_names(value: str) -> tuple[str, ...]:
    """Split a people/places cell: on ";" or "|" when present, else on commas."""
    if not value:
        return ()
    parts = _NAME_SPLIT_STRONG.split(value) if re.search(r"[;|]", value) else value.split(",")
    return tuple(p for p in (part.strip() for part in parts) if p)
