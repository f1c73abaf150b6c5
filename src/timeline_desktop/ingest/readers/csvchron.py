"""CSV/TSV chronologies: one event per row, the columns' roles found from the header.

Headers are matched case-insensitively, with common synonyms: one date column (any form
`parse_date` and `ingest.cells` read: "1953-03-05", "c. 1350", "1340s", "44 BC",
"between 47 and 50") or the TimelineJS sheet's Year / Month / Day / Time and End Year /
End Month / End Day / End Time; an end date; title (headline, event); text (description);
people (";" or "," separated); place; group (category, tag); source (url). Unknown named
columns are kept in the row's line as "Header: value".

Rows are read as a stream and judged one by one: a row with the wrong number of fields, an
unclosed quote or an unreadable date is skipped and reported with its line number, and the
good rows are imported. A row with exactly one field too many, whose date and people are
the same wherever the stray delimiter is assumed to be in the text, gets the surplus joined
back into its text, with a warning. TimelineJS "title" and "era" rows become the source's
title and a period.
"""

from __future__ import annotations

import csv
import functools
import re
import tomllib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import StructuredRecord
from timeline_desktop.ingest.cells import (
    CellDate,
    CellError,
    check_year,
    first_sentence,
    historical_year,
    parse_cell_date,
    people_listed,
    persons_named,
    plain_text,
    split_names,
    with_display,
)
from timeline_desktop.ingest.readers.errors import FormatError
from timeline_desktop.ingest.readers.rendered import Rendered
from timeline_desktop.ingest.structured import (
    Chronology,
    Entry,
    Item,
    Period,
    Problem,
    Title,
    render_line,
)

# --- column roles ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnWords:
    """The header words of `columns.toml`: names per role and the words that mark a role."""

    names: dict[str, tuple[str, ...]]
    actor_words: frozenset[str]
    approximate: frozenset[str]
    ignored: frozenset[str]
    end_words: frozenset[str]


@functools.cache
def column_words() -> ColumnWords:
    data = tomllib.loads(resources.files(__package__).joinpath("columns.toml").read_text("utf-8"))
    words = data["words"]
    return ColumnWords(
        {role: tuple(names) for role, names in data["names"].items()},
        frozenset(words["actors"]),
        frozenset(words["approximate"]),
        frozenset(words["ignored"]),
        frozenset(words["end"]),
    )


_ROW_ROLES = (
    "kind", "title", "text", "people", "places", "category", "source", "media",
    "media_caption", "media_credit", "actors",
)  # fmt: skip
_DELIMITERS = ",\t;|"
_SNIFF_LINES = 50
_HEADER_SEARCH = 4  # non-empty lines searched for the header (a title line may come first)
_LOOKS_LIKE_DATA = re.compile(r"^[-–~c.\s]*\d{1,4}\b")
#: A quoted field may hold line breaks; one still open after this many lines is taken for a
#: stray quote, and the lines after it are read again as rows of their own.
MAX_RECORD_LINES = 60
MAX_RECORD_CHARS = 100_000
MAX_CELL_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column plays which role (indexes into a row); -1 for a role with no column."""

    delimiter: str
    header: tuple[str, ...]
    roles: dict[str, int]
    alt_dates: tuple[int, ...] = ()  # other date columns, tried when the date cell fails
    extras: tuple[int, ...] = ()
    text_columns: tuple[int, ...] = field(default=())  # where a stray delimiter may hide
    row_index: tuple[int, ...] = ()  # the columns of _ROW_ROLES, -1 where there is none

    @property
    def width(self) -> int:
        return len(self.header)

    @property
    def split_dates(self) -> bool:
        return self.roles.get("year", -1) >= 0

    def col(self, role: str) -> int:
        return self.roles.get(role, -1)


def normalise(name: str) -> str:
    name = re.sub(r"\(.*?\)", " ", name.lower().lstrip("\ufeff"))
    return " ".join(re.sub(r"[\s_\-:./]+", " ", name).split())


def find_layout(header: list[str], delimiter: str) -> Layout | None:
    """Column roles for a header, or None when it has no date column."""
    cw = column_words()
    names = [normalise(h) for h in header]
    taken: set[int] = set()
    roles: dict[str, int] = {}

    def pick(role: str) -> None:
        for option in cw.names[role]:
            for i, name in enumerate(names):
                if name == option and i not in taken:
                    roles[role] = i
                    taken.add(i)
                    return

    split = "year" in names and ("month" in names or "day" in names or "end year" in names)
    if split:
        for role in ("year", "month", "day", "time", "end_year", "end_month", "end_day",
                     "end_time", "display"):  # fmt: skip
            pick(role)
    else:
        pick("end")  # before the date: "end date" must not be read as a date column
        pick("date")
    for role in ("title", "text", "people", "places", "category", "source", "display",
                 "media", "media_credit", "media_caption", "kind", "actors"):  # fmt: skip
        if role not in roles:
            pick(role)
    if "actors" not in roles:
        actor = next(
            (i for i, n in enumerate(names) if i not in taken and cw.actor_words & set(n.split())),
            None,
        )
        if actor is not None:
            roles["actors"] = actor
    if "actors" in roles:
        taken.discard(roles["actors"])  # kept among the extras: the line shows the cell
    # the dated columns left, those of approximate dates last ("approx_year" after "hdate")
    dateish = sorted(
        (i for i, n in enumerate(names) if i not in taken and _is_dateish(n) and not _is_endish(n)),
        key=lambda i: _is_approximate(names[i]),
    )
    if not split:
        if "date" not in roles:
            if not dateish:
                return None
            roles["date"] = dateish.pop(0)
            taken.add(roles["date"])
        if "end" not in roles:
            ends = sorted(
                (i for i, n in enumerate(names) if i not in taken and _is_endish(n)),
                key=lambda i: _is_approximate(names[i]) != _is_approximate(names[roles["date"]]),
            )
            if ends and _is_dateish(names[ends[0]]):
                roles["end"] = ends[0]
                taken.add(ends[0])
    taken.update(dateish)
    if "title" not in roles and "text" not in roles:
        spare = next(
            (
                i
                for i, n in enumerate(names)
                if i not in taken and n and n not in cw.ignored and i != roles.get("actors")
            ),
            None,
        )
        if spare is not None:
            roles["text"] = spare
            taken.add(spare)
    extras = tuple(i for i, n in enumerate(names) if i not in taken and n and n not in cw.ignored)
    text_columns = tuple(roles[r] for r in ("title", "text") if r in roles)
    row_index = tuple(roles.get(role, -1) for role in _ROW_ROLES)
    return Layout(delimiter, tuple(header), roles, tuple(dateish), extras, text_columns, row_index)


def _is_dateish(name: str) -> bool:
    words = name.split()
    return any(w.endswith("date") or w in ("year", "when", "dates") for w in words)


def _is_endish(name: str) -> bool:
    end_words = column_words().end_words
    return any(w in end_words or w.startswith("end") for w in name.split())


def _is_approximate(name: str) -> bool:
    return bool(column_words().approximate & set(name.split()))


# --- records -----------------------------------------------------------------------------------

_QUOTED_REST = re.compile(r'(?:[^"]|"")*+')


def _still_quoted(line: str, delimiter: str, inside: bool) -> bool:
    """Whether a quoted field is still open at the end of this physical line.

    Follows the csv module's reading: a field is quoted when it opens with '"' (after
    spaces), '""' inside it is a quote, and a quote anywhere else is an ordinary character.
    """
    n = len(line)
    i = 0
    if inside:
        i = _QUOTED_REST.match(line).end()
        if i >= n:
            return True
        j = line.find(delimiter, i + 1)
        if j < 0:
            return False
        i = j + 1
    while True:
        while i < n and line[i] == " ":
            i += 1
        if i < n and line[i] == '"':
            i = _QUOTED_REST.match(line, i + 1).end()
            if i >= n:
                return True
            i += 1
        j = line.find(delimiter, i)
        if j < 0:
            return False
        i = j + 1


def _split_record(record: str, delimiter: str) -> list[str]:
    if '"' not in record:
        return [cell.strip() for cell in record.split(delimiter)]
    row = next(csv.reader([record], delimiter=delimiter, skipinitialspace=True), [])
    return [cell.strip() for cell in row]


class RecordReader:
    """Records of a CSV stream: (first line number, cells or None, reason) each.

    `lines` are numbered physical lines without their newline. A quoted field may span
    lines; one never closed (within MAX_RECORD_LINES lines) is reported as a broken record
    and the lines after its first are read again, so one stray quote costs one row, not the
    rest of the file. A caller that finds a multi-line record malformed calls `reread()` to
    have its continuation lines read again the same way.
    """

    def __init__(self, lines: Iterable[tuple[int, str]], delimiter: str) -> None:
        self._source = iter(lines)
        self._delimiter = delimiter
        self._pending: deque[tuple[int, str]] = deque()
        self._last_continuation: list[tuple[int, str]] = []

    @property
    def multiline(self) -> bool:
        """Whether the record just returned spanned several lines."""
        return bool(self._last_continuation)

    def reread(self) -> None:
        self._pending.extendleft(reversed(self._last_continuation))
        self._last_continuation = []

    def _next_line(self) -> tuple[int, str] | None:
        if self._pending:
            return self._pending.popleft()
        return next(self._source, None)

    def __iter__(self) -> Iterator[tuple[int, list[str] | None, str]]:
        delimiter = self._delimiter
        while True:
            self._last_continuation = []
            first = self._next_line()
            if first is None:
                return
            number, line = first
            if '"' not in line or not _still_quoted(line, delimiter, False):
                yield number, _split_record(line, delimiter), ""
                continue
            taken = [first]
            size = len(line)
            inside = True
            while inside and len(taken) < MAX_RECORD_LINES and size < MAX_RECORD_CHARS:
                nxt = self._next_line()
                if nxt is None:
                    break
                taken.append(nxt)
                size += len(nxt[1]) + 1
                inside = _still_quoted(nxt[1], delimiter, True)
            if inside:
                self._pending.extendleft(reversed(taken[1:]))
                yield number, None, "a quoted field opened on this line is never closed"
                continue
            self._last_continuation = taken[1:]
            yield number, _split_record("\n".join(text for _, text in taken), delimiter), ""


# --- rows to entries ---------------------------------------------------------------------------


def sniff_delimiter(sample_lines: list[str], tab_separated: bool) -> list[str]:
    candidates = list(_DELIMITERS)
    if tab_separated:
        candidates.insert(0, "\t")
    try:
        sniffed = csv.Sniffer().sniff("\n".join(sample_lines), delimiters=_DELIMITERS).delimiter
        candidates.insert(0, sniffed)
    except csv.Error:
        pass  # too irregular for the sniffer; the candidates are tried in order
    return list(dict.fromkeys(candidates))


def _header_cells(line: str, delimiter: str) -> list[str]:
    try:
        row = next(csv.reader([line], delimiter=delimiter, skipinitialspace=True), [])
    except csv.Error:
        return []
    return [cell.strip() for cell in row]


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


def open_chronology(
    lines: Iterable[str], stem: str, encoding: str, tab_separated: bool = False
) -> Chronology:
    """Find the header of a chronology and return its (lazy) stream of items.

    Raises FormatError when no header with a date column is found near the top.
    """
    numbered = enumerate(lines, 1)
    head: list[tuple[int, str]] = []
    for number, line in numbered:
        head.append((number, line))
        if len(head) >= _SNIFF_LINES:
            break
    non_empty = [(n, text) for n, text in head if text.strip()]
    if not non_empty:
        raise FormatError("the CSV file has no rows")
    candidates = sniff_delimiter([t for _, t in non_empty], tab_separated)
    found: tuple[int, Layout] | None = None
    for position, (_, text) in enumerate(non_empty[:_HEADER_SEARCH]):
        for delimiter in candidates:
            header = _header_cells(text, delimiter)
            layout = find_layout(header, delimiter) if len(header) > 1 else None
            if layout is not None:
                found = (position, layout)
                break
        if found is not None:
            break
    if found is None:
        first_number, first_text = non_empty[0]
        raise _bad_header(_header_cells(first_text, candidates[0]), first_number)
    position, layout = found
    header_number = non_empty[position][0]
    preamble = [n for n, text in head if n < header_number and text.strip()]
    rest = ((n, t) for n, t in head if n > header_number)

    def chained() -> Iterator[tuple[int, str]]:
        yield from rest
        yield from numbered

    return Chronology(
        title=stem,
        format="csv",
        encoding=encoding,
        items=_items(layout, chained(), preamble),
    )


def _items(layout: Layout, lines: Iterator[tuple[int, str]], preamble: list[int]) -> Iterator[Item]:
    for number in preamble:
        yield Problem(f"line {number}", "not part of the table (above its header)", False)
    width = layout.width
    reader = RecordReader(lines, layout.delimiter)
    for number, cells, reason in reader:
        where = f"line {number}"
        if cells is None:
            yield Problem(where, reason)
            continue
        if not any(cells):
            continue
        while len(cells) > width and not cells[-1]:
            cells.pop()  # a trailing delimiter is harmless
        if len(cells) not in (width, width + 1) and reader.multiline:
            # the quote that opened this record was most likely a stray one
            reader.reread()
            yield Problem(where, "a quoted field opened on this line is never closed")
            continue
        warning = None
        if len(cells) == width + 1:
            joined = _join_surplus(cells, layout)
            if joined is None:
                yield Problem(where, _count_message(len(cells), width))
                continue
            cells, column = joined
            warning = Problem(
                where,
                f"one field more than the header; the extra "
                f"{_delimiter_name(layout.delimiter)} was taken as part of the "
                f"{layout.header[column]!r} text",
                skipped=False,
            )
        elif len(cells) != width:
            yield Problem(where, _count_message(len(cells), width))
            continue
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            yield Problem(where, f"a field is longer than {MAX_CELL_CHARS:,} characters")
            continue
        try:
            item = row_item(cells, layout, where)
        except CellError as exc:
            yield Problem(where, str(exc))
            continue
        if warning is not None:
            yield warning
        yield item


def _count_message(found: int, width: int) -> str:
    return f"expected {width} fields as in the header, found {found}"


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(delimiter, delimiter)


def _join_surplus(cells: list[str], layout: Layout) -> tuple[list[str], int] | None:
    """The row with its one surplus field joined back into a text column, or None when
    that would be a guess: the date (and people) must come out the same whichever text
    column holds the stray delimiter, and the date must read."""
    options = []
    for column in layout.text_columns:
        joined = [*cells[:column], f"{cells[column]}{layout.delimiter} {cells[column + 1]}"]
        joined += cells[column + 2 :]
        options.append((joined, column))
    if not options:
        return None
    keys = {(*_date_cells(row, layout), _cell(row, layout.col("people"))) for row, _ in options}
    if len(keys) != 1:
        return None
    row, column = options[-1]  # the description rather than the title, when there are both
    try:
        _row_date(row, layout)
    except CellError:
        return None
    return [" ".join(c.split()) if i == column else c for i, c in enumerate(row)], column


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index >= 0 else ""


def _date_cells(cells: list[str], layout: Layout) -> tuple[str, ...]:
    roles = ("year", "month", "day", "end_year", "end_month", "end_day")
    if not layout.split_dates:
        roles = ("date", "end")
    return tuple(_cell(cells, layout.col(r)) for r in roles)


# --- one row -----------------------------------------------------------------------------------


_TITLE_MAX = 200


def row_item(cells: list[str], layout: Layout, where: str) -> Item:
    """The entry (or title, or era) a row states; raises CellError when it cannot be read."""
    (
        kind,
        title,
        text,
        people_cell,
        places_cell,
        category,
        source,
        media,
        caption,
        credit,
        actors,
    ) = (cells[i] if i >= 0 else "" for i in layout.row_index)
    kind = kind.lower()
    title = plain_text(title)
    text = plain_text(text)
    if kind == "title":
        return Title(title or first_sentence(text) or "")
    date, date_text = _row_date(cells, layout)
    if kind == "era":
        if date.end is None:
            raise CellError("an era needs an end date")
        return Period(title or first_sentence(text) or date_text, date.start, date.end)
    listed = people_listed(people_cell)
    people = tuple(dict.fromkeys([*listed, *persons_named(actors)])) if actors else listed
    places = split_names(places_cell)
    category = " ".join(category.split()) or None
    if category is None and kind:
        category = " ".join(kind.split())  # a "Type" column that is not TimelineJS's
    summary = text
    line_title = title
    if not title:
        title = first_sentence(text) if text else ", ".join(people)
    elif len(title) > _TITLE_MAX and not text:  # a whole paragraph in the event column
        title, summary = first_sentence(title, _TITLE_MAX), title
    if not title:
        raise CellError("the row has a date but no title or text")
    extras: list[tuple[str, str]] = []
    if listed:  # (an actors column shows as it is, among the extras)
        extras.append(("People", ", ".join(listed)))
    if places:
        extras.append(("Place" if len(places) == 1 else "Places", ", ".join(places)))
    if category:
        extras.append(("Group", category))
    media = _media(media, plain_text(caption), plain_text(credit)) if media else ""
    if media:
        extras.append(("Media", media))
        summary = f"{summary}\nMedia: {media}" if summary else f"Media: {media}"
    source = source.strip()
    if source:
        extras.append(("Source", source))
        summary = f"{summary}\nSource: {source}" if summary else f"Source: {source}"
    for index in layout.extras:
        value = " ".join(cells[index].split())
        if value:
            extras.append((layout.header[index], value))
    line = render_line(date_text, line_title, text, extras)
    return Entry(where, line, title[:500], date, summary, people, places, category, date_text)


def _media(url: str, caption: str, credit: str) -> str:
    parts = [p for p in (url.strip(), caption, f"credit: {credit}" if credit else "") if p]
    return " — ".join(parts)


def _row_date(cells: list[str], layout: Layout) -> tuple[CellDate, str]:
    """The row's date and the text its line shows for it."""
    display = " ".join(_cell(cells, layout.col("display")).split())
    if layout.split_dates:
        date, shown = _split_date(cells, layout)
        return with_display(display, date), display or shown
    raw = " ".join(_cell(cells, layout.col("date")).split())
    try:
        date = parse_cell_date(raw)
    except CellError as first:
        for index in layout.alt_dates:  # "hdate" unreadable: "approx_year" may do
            try:
                date = parse_cell_date(cells[index])
                raw = " ".join(cells[index].split())
                break
            except CellError:
                continue
        else:
            raise first from None
    end_raw = " ".join(_cell(cells, layout.col("end")).split())
    if end_raw and date.end is None:
        try:
            end = parse_cell_date(end_raw)
        except CellError as exc:
            raise CellError(f"end date: {exc}") from None
        last = end.end or end.start
        if last.latest_day() < date.start.earliest_day():
            raise CellError(f"the end date {end_raw!r} is before the start {raw!r}")
        if last != date.start:
            date = CellDate(date.start, last)
            raw = f"{raw} – {end_raw}"
    return date, display or raw


_MONTH_WORDS = {
    name: i
    for i, full in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"), 1
    )
    for name in (full, full[:3])
} | {"sept": 9}  # fmt: skip


def _number(text: str, what: str) -> int | None:
    """A number cell as spreadsheets write it ("1,815", "1815.0", " -500 "); months by name."""
    value = text.replace(",", "").replace(" ", "").replace("−", "-")
    if not value:
        return None
    if what == "month" and value.lower().rstrip(".") in _MONTH_WORDS:
        return _MONTH_WORDS[value.lower().rstrip(".")]
    if not re.fullmatch(r"[-+]?\d+(?:\.0*)?", value):
        raise CellError(f"unreadable {what} {text.strip()!r}")
    return int(value.split(".")[0])


def _split_one(
    cells: list[str], layout: Layout, prefix: str, start: HistDate | None
) -> tuple[HistDate, str] | None:
    year = _number(_cell(cells, layout.col(prefix + "year")), "year")
    month = _number(_cell(cells, layout.col(prefix + "month")), "month")
    day = _number(_cell(cells, layout.col(prefix + "day")), "day")
    time = " ".join(_cell(cells, layout.col(prefix + "time")).split())
    if year is None:
        if start is None or (month is None and day is None):
            return None
        year = start.year  # "End Month" without "End Year": the year it started
    else:
        year = check_year(historical_year(year), year)
    try:
        if month is None:
            date = HistDate(year)
        elif day is None:
            date = HistDate.of_month(year, month)
        else:
            date = HistDate.of_day(year, month, day)
    except ValueError as exc:
        raise CellError(f"invalid {'end ' if prefix else ''}date ({exc})") from None
    return date, date.label() + (f", {time}" if time and day is not None else "")


def _split_date(cells: list[str], layout: Layout) -> tuple[CellDate, str]:
    """TimelineJS sheet dates: Year / Month / Day (/ Time), the same for the end. Time of
    day is shown in the line but not kept in the date, whose finest precision is a day."""
    start = _split_one(cells, layout, "", None)
    if start is None:
        raise CellError("no year")
    end = _split_one(cells, layout, "end_", start[0])
    if end is None or end[0] == start[0]:
        return CellDate(start[0]), start[1]
    if end[0].latest_day() < start[0].earliest_day():
        raise CellError(f"the end ({end[1]}) is before the start ({start[1]})")
    return CellDate(start[0], end[0]), f"{start[1]} – {end[1]}"


# --- the prose view of a chronology (read_bytes / read_file) -------------------------------------


def read_csv(text: str, stem: str, tab_separated: bool = False) -> Rendered:
    """A chronology as one line per good row, each with a record over its line.

    This is the text a person (or the extractor) reads; imports store chronologies through
    the structured path instead (`ingest.pipeline`), which also reports skipped rows.
    """
    chronology = open_chronology(text.split("\n"), stem, "", tab_separated)
    lines: list[str] = []
    records_: list[StructuredRecord] = []
    title = stem
    offset = 0
    for item in chronology.items:
        if isinstance(item, Title) and item.text:
            title = item.text
        if not isinstance(item, Entry):
            continue
        records_.append(
            StructuredRecord(
                item.date_text,
                offset,
                offset + len(item.line),
                item.title,
                item.people,
                item.places,
            )
        )
        lines.append(item.line)
        offset += len(item.line) + 1
    if not lines:
        raise FormatError("the CSV file has a header row but no rows of events")
    return Rendered(text="\n".join(lines), title=title, records=tuple(records_))
