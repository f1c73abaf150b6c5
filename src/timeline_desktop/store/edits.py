"""Undo and redo for user edits, as row images that survive a restart.

Every edit watches the events and people it is about to change. Before and after the change
the rows that belong to them (the event, its people links, evidence and marks; the person,
its aliases, links and mentions) are read, and the rows that differ are kept as JSON in
`edit_history`. Undo writes the "before" images back, redo the "after" ones. Working on rows
rather than on per-operation inverses means every operation is undoable the same way, and a
row an edit did not touch (evidence added later by an import, say) is left alone by its undo.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, delete, or_, select, update
from sqlalchemy.engine import Connection

from timeline_desktop.store.orm import (
    AliasRow,
    CurationMarkRow,
    EventPersonRow,
    EventRow,
    EvidenceRow,
    MentionRow,
    PersonRow,
)

# Parents before children: inserts run in this order, deletes in the reverse one.
_TABLES: tuple[Table, ...] = tuple(
    row.__table__  # type: ignore[misc]
    for row in (
        PersonRow,
        AliasRow,
        EventRow,
        EventPersonRow,
        EvidenceRow,
        MentionRow,
        CurationMarkRow,
    )
)
_BY_NAME = {t.name: t for t in _TABLES}

Image = dict[str, dict[str, dict[str, Any]]]  # table -> primary key text -> row
Changes = dict[str, list[list[Any]]]  # table -> [[key, before row | None, after row | None]]


def _key(table: Table, row: Mapping[str, Any]) -> str:
    return ",".join(str(row[c.name]) for c in table.primary_key.columns)


def _scope(table: Table, events: set[int], people: set[int]):
    """The condition selecting the rows of `table` that belong to these events and people."""
    c = table.c
    parts = []
    if events and "event_id" in c:
        parts.append(c.event_id.in_(events))
    if people and "person_id" in c:
        parts.append(c.person_id.in_(people))
    if table.name == "events" and events:
        parts.append(c.id.in_(events))
    if table.name == "people" and people:
        parts.append(c.id.in_(people))
    return or_(*parts) if parts else None


def capture(conn: Connection, events: Iterable[int], people: Iterable[int]) -> Image:
    """Every row belonging to these events and people, by table and primary key."""
    ev, pe = set(events), set(people)
    image: Image = {}
    for table in _TABLES:
        condition = _scope(table, ev, pe)
        if condition is None:
            continue
        rows = conn.execute(select(table).where(condition)).mappings()
        image[table.name] = {_key(table, r): dict(r) for r in rows}
    return image


def diff(before: Image, after: Image) -> Changes:
    """The rows that differ between two images (created, deleted or changed)."""
    changes: Changes = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name, {}), after.get(name, {})
        rows = [
            [key, old.get(key), new.get(key)]
            for key in dict.fromkeys([*old, *new])
            if old.get(key) != new.get(key)
        ]
        if rows:
            changes[name] = rows
    return changes


def apply(conn: Connection, changes: Changes, side: int) -> None:
    """Write one side of the changes back: side 1 (before) undoes, side 2 (after) redoes.

    Rows to keep are written parents first (a restored event exists before its evidence
    points at it); rows to remove are deleted children first, so no cascade removes a row
    that was just restored.
    """
    for table in _TABLES:
        for entry in changes.get(table.name, ()):
            row = entry[side]
            if row is None:
                continue
            where = _pk_condition(table, row)
            if conn.execute(select(*table.primary_key.columns).where(where)).first():
                conn.execute(update(table).where(where).values(**_values(table, row)))
            else:
                conn.execute(table.insert().values(**_values(table, row)))
    for table in reversed(_TABLES):
        for entry in changes.get(table.name, ()):
            if entry[side] is None and entry[3 - side] is not None:
                conn.execute(delete(table).where(_pk_condition(table, entry[3 - side])))


def _pk_condition(table: Table, row: Mapping[str, Any]):
    return and_(*(c == row[c.name] for c in table.primary_key.columns))


def _values(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    return {c.name: row[c.name] for c in table.columns if c.name in row}


def encode(changes: Changes) -> str:
    return json.dumps(changes, ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Changes:
    data = json.loads(text)
    return {name: rows for name, rows in data.items() if name in _BY_NAME}


@dataclass
class Tracker:
    """Collects the row images of one edit: watch what exists before changing it, register
    what the edit creates, then `changes()` after the edit's writes are flushed."""

    conn: Connection
    events: set[int] = field(default_factory=set)
    people: set[int] = field(default_factory=set)
    _before: Image = field(default_factory=dict)

    def watch(self, events: Iterable[int] = (), people: Iterable[int] = ()) -> None:
        new_events = set(events) - self.events
        new_people = set(people) - self.people
        if not new_events and not new_people:
            return
        image = capture(self.conn, new_events, new_people)
        for name, rows in image.items():
            self._before.setdefault(name, {}).update(rows)
        self.events |= new_events
        self.people |= new_people

    def created(self, events: Iterable[int] = (), people: Iterable[int] = ()) -> None:
        """Register entities the edit made (they had no rows before)."""
        self.events |= set(events)
        self.people |= set(people)

    def changes(self) -> Changes:
        return diff(self._before, capture(self.conn, self.events, self.people))
