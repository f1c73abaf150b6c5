"""User corrections of the timeline: one set of edit operations for the app and the CLI.

Each operation is one transaction that validates everything first (bad input raises
`EditError` and changes nothing), makes the change, marks the events it touched as the
user's (origin "edited" or "manual", with the edited fields), and records a history entry with
the row images needed to undo and redo it (`store.edits`). Events and people touched here are
what re-extraction must keep: see `Store.replace_extraction`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import HistoryEntry, Origin, Stance
from timeline_desktop.store import edits
from timeline_desktop.store import engine as engine_mod
from timeline_desktop.store.names import name_key
from timeline_desktop.store.orm import (
    AliasRow,
    CurationMarkRow,
    EditRow,
    EventPersonRow,
    EventRow,
    EvidenceRow,
    MentionRow,
    PersonRow,
    SourceRow,
)
from timeline_desktop.store.snapshot import bump_revision

if TYPE_CHECKING:
    from timeline_desktop.store.repository import Store

DETACHED: Final = "detached"


class EditError(ValueError):
    """An edit that cannot be made as asked (unknown id, bad date, span outside the text).

    Raised before anything is written, so the database is unchanged.
    """


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()  # "leave as it is", where None means "clear" (an event's end)


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of a stored source, to attach to an event as evidence."""

    source_id: int
    start: int
    end: int
    stance: Stance = Stance.SUPPORTS
    date_as_stated: str = ""


@dataclass
class _Edit:
    """The edit under way: its session, the row tracker and what it will be called."""

    session: Session
    tracker: edits.Tracker
    kind: str
    description: str = ""
    event_ids: list[int] = field(default_factory=list)


class Curation:
    """The edit operations of one store (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._engine = store.engine

    # --- the edit frame ---------------------------------------------------------------------

    @contextmanager
    def _edit(self, kind: str) -> Iterator[_Edit]:
        with engine_mod.write_session(self._engine) as s:  # the write lock first
            ed = _Edit(s, edits.Tracker(s.connection()), kind)
            yield ed
            s.flush()
            changes = ed.tracker.changes()
            if not changes:
                return
            # a new edit ends the redo tail, as in every editor
            s.execute(delete(EditRow).where(EditRow.undone.is_(True)))
            s.add(
                EditRow(
                    at=datetime.now(UTC).replace(tzinfo=None),
                    kind=kind,
                    description=ed.description,
                    event_ids=",".join(str(i) for i in dict.fromkeys(ed.event_ids)),
                    changes=edits.encode(changes),
                    undone=False,
                )
            )
            bump_revision(s)

    # --- events -----------------------------------------------------------------------------

    def add_event(
        self,
        title: str,
        start: HistDate,
        end: HistDate | None = None,
        summary: str = "",
        people: Sequence[str] = (),
        places: Sequence[str] = (),
        passages: Sequence[Passage] = (),
    ) -> int:
        """A new event made by the user ("manual"), with its evidence if passages are given."""
        from timeline_desktop.store.repository import new_event_row

        title = _clean_title(title)
        _check_dates(start, end)
        with self._edit("add") as ed:
            s = ed.session
            texts = {p.source_id: _source_text(s, p.source_id) for p in passages}
            for p in passages:
                _check_span(p, texts[p.source_id])
            row = new_event_row(title, summary.strip(), start, end, places, Origin.MANUAL)
            s.add(row)
            s.flush()
            ed.tracker.created(events=[row.id])
            self._link_people(ed, row.id, people)
            for p in passages:
                s.add(_evidence_row(row.id, p, texts[p.source_id], start))
            ed.description = f"added event {row.id} “{_short(title)}”"
            ed.event_ids.append(row.id)
            return row.id

    def edit_event(
        self,
        event_id: int,
        *,
        title: str | None = None,
        summary: str | None = None,
        start: HistDate | None = None,
        end: HistDate | _Unset | None = UNSET,
        people: Sequence[str] | None = None,
        places: Sequence[str] | None = None,
    ) -> list[str]:
        """Change any of an event's fields; returns the names of the fields that changed."""
        with self._edit("edit") as ed:
            s = ed.session
            row = _event(s, event_id)
            ed.tracker.watch(events=[event_id])
            changed: list[str] = []
            if title is not None and _clean_title(title) != row.title:
                row.title = _clean_title(title)
                changed.append("title")
            if summary is not None and summary.strip() != row.summary:
                row.summary = summary.strip()
                changed.append("summary")
            if start is not None or not isinstance(end, _Unset):
                new_start, new_end = _new_dates(row, start, end)
                if (new_start.to_iso(), new_end.to_iso() if new_end else None) != (
                    row.start,
                    row.end,
                ):
                    set_dates(row, new_start, new_end)
                    changed.append("date")
            if places is not None:
                new_places = _join_places(places)
                if new_places != row.places:
                    row.places = new_places
                    changed.append("places")
            if people is not None and self._set_people(ed, event_id, people):
                changed.append("people")
            if changed:
                _mark_edited(row, changed)
                ed.description = f"edited {_words(changed)} of event {event_id}"
                ed.event_ids.append(event_id)
            return changed

    def reject(self, event_ids: Sequence[int]) -> int:
        """Hide events from every view and export; extraction never re-creates them."""
        return self._set_rejected(event_ids, True)

    def restore(self, event_ids: Sequence[int]) -> int:
        """Bring rejected events back."""
        return self._set_rejected(event_ids, False)

    def _set_rejected(self, event_ids: Sequence[int], rejected: bool) -> int:
        ids = list(dict.fromkeys(event_ids))
        if not ids:
            raise EditError("no event ids given")
        with self._edit("reject" if rejected else "restore") as ed:
            rows = [_event(ed.session, i) for i in ids]
            todo = [r.id for r in rows if r.rejected != rejected]
            ed.tracker.watch(events=todo)
            for row in rows:
                row.rejected = rejected
            verb = "rejected" if rejected else "restored"
            ed.description = f"{verb} {_event_list(todo)}"
            ed.event_ids.extend(todo)
            return len(todo)

    def merge(
        self,
        event_ids: Sequence[int],
        keep: int | None = None,
        title: str | None = None,
        start: HistDate | None = None,
        end: HistDate | _Unset | None = UNSET,
    ) -> int:
        """Fold events into one (evidence, people and places joined); returns the survivor.

        The survivor is `keep` (default: the first id); `title` and the dates, when given,
        replace its own, so the user picks which title and date the merged event carries.
        """
        ids = list(dict.fromkeys(event_ids))
        if len(ids) < 2:
            raise EditError("merging needs at least two different events")
        keep = ids[0] if keep is None else keep
        if keep not in ids:
            raise EditError(f"the event to keep ({keep}) must be one of those merged")
        with self._edit("merge") as ed:
            s = ed.session
            rows = {i: _event(s, i) for i in ids}
            for row in rows.values():
                if row.rejected:
                    raise EditError(f"event {row.id} is rejected; restore it before merging")
            ed.tracker.watch(events=ids)
            survivor = rows[keep]
            others = [i for i in ids if i != keep]
            have = {
                (e.source_id, e.start, e.end)
                for e in s.scalars(select(EvidenceRow).where(EvidenceRow.event_id == keep))
            }
            for ev in s.scalars(select(EvidenceRow).where(EvidenceRow.event_id.in_(others))):
                span = (ev.source_id, ev.start, ev.end)
                if span in have:
                    s.delete(ev)
                else:
                    ev.event_id = keep
                    have.add(span)
            s.execute(
                update(CurationMarkRow)
                .where(CurationMarkRow.event_id.in_(others))
                .values(event_id=keep)
            )
            linked = set(
                s.scalars(select(EventPersonRow.person_id).where(EventPersonRow.event_id == keep))
            )
            for pid in s.scalars(
                select(EventPersonRow.person_id).where(EventPersonRow.event_id.in_(others))
            ).all():
                if pid not in linked:
                    s.add(EventPersonRow(event_id=keep, person_id=pid))
                    linked.add(pid)
            places = [p for i in ids for p in rows[i].places.split("\n") if p]
            survivor.places = _join_places(places)
            if title is not None:
                survivor.title = _clean_title(title)
            if start is not None or not isinstance(end, _Unset):
                set_dates(survivor, *_new_dates(survivor, start, end))
            s.flush()
            for i in others:
                s.delete(rows[i])
            _mark_edited(survivor, ["merged"])
            ed.description = f"merged {', '.join(map(str, others))} into {keep}"
            ed.event_ids.extend(ids)
            return keep

    def split(
        self,
        event_id: int,
        evidence_ids: Sequence[int],
        title: str | None = None,
        start: HistDate | None = None,
        end: HistDate | _Unset | None = UNSET,
        people: Sequence[str] | None = None,
    ) -> int:
        """Move some of an event's passages to a new event; returns the new event's id.

        Title, dates and people default to the original event's; callers usually pass what
        the extractor proposes for the passages split off.
        """
        from timeline_desktop.store.repository import new_event_row

        wanted = list(dict.fromkeys(evidence_ids))
        if not wanted:
            raise EditError("name at least one passage (evidence id) to split off")
        with self._edit("split") as ed:
            s = ed.session
            row = _event(s, event_id)
            evidence = list(s.scalars(select(EvidenceRow).where(EvidenceRow.event_id == event_id)))
            by_id = {e.id: e for e in evidence}
            unknown = [i for i in wanted if i not in by_id]
            if unknown:
                raise EditError(
                    f"event {event_id} has no evidence {', '.join(map(str, unknown))} "
                    f"(its evidence ids: {', '.join(str(e.id) for e in evidence) or 'none'})"
                )
            if len(wanted) == len(evidence):
                raise EditError(
                    f"splitting off every passage of event {event_id} would leave it empty; "
                    "edit the event instead"
                )
            ed.tracker.watch(events=[event_id])
            new_start = start or HistDate.parse_iso(row.start)
            if isinstance(end, _Unset):
                new_end = None if start is not None else _end_of(row)
            else:
                new_end = end
            _check_dates(new_start, new_end)
            places = [p for p in row.places.split("\n") if p]
            new = new_event_row(
                _clean_title(title or row.title),
                row.summary if title is None else "",
                new_start,
                new_end,
                places,
                Origin.EDITED,
            )
            new.edited_fields = "split"
            s.add(new)
            s.flush()
            ed.tracker.created(events=[new.id])
            for i in wanted:
                by_id[i].event_id = new.id
            if people is None:
                for pid in s.scalars(
                    select(EventPersonRow.person_id).where(EventPersonRow.event_id == event_id)
                ).all():
                    s.add(EventPersonRow(event_id=new.id, person_id=pid))
            else:
                self._link_people(ed, new.id, people)
            _mark_edited(row, ["evidence"])
            n = len(wanted)
            ed.description = (
                f"split {n} passage{'s' * (n != 1)} of event {event_id} into event {new.id}"
            )
            ed.event_ids.extend([event_id, new.id])
            return new.id

    # --- evidence ---------------------------------------------------------------------------

    def attach(self, event_id: int, passage: Passage) -> int:
        """Attach a source passage to an event as evidence; returns the evidence id."""
        with self._edit("attach") as ed:
            s = ed.session
            row = _event(s, event_id)
            text = _source_text(s, passage.source_id)
            _check_span(passage, text)
            duplicate = s.scalar(
                select(EvidenceRow.id).where(
                    EvidenceRow.event_id == event_id,
                    EvidenceRow.source_id == passage.source_id,
                    EvidenceRow.start == passage.start,
                    EvidenceRow.end == passage.end,
                )
            )
            if duplicate is not None:
                raise EditError(f"that passage is already evidence {duplicate} of event {event_id}")
            ed.tracker.watch(events=[event_id])
            s.execute(
                delete(CurationMarkRow).where(
                    CurationMarkRow.event_id == event_id,
                    CurationMarkRow.source_id == passage.source_id,
                    CurationMarkRow.start == passage.start,
                    CurationMarkRow.end == passage.end,
                )
            )
            evidence = _evidence_row(event_id, passage, text, HistDate.parse_iso(row.start))
            s.add(evidence)
            s.flush()
            _mark_edited(row, ["evidence"])
            ed.description = (
                f"attached a passage of source {passage.source_id} to event {event_id}"
                + _stance_note(passage.stance)
            )
            ed.event_ids.append(event_id)
            return evidence.id

    def detach(self, evidence_id: int) -> int:
        """Remove a passage from its event for good (re-extraction will not attach it there
        again); returns the event's id."""
        with self._edit("detach") as ed:
            s = ed.session
            evidence = _evidence(s, evidence_id)
            row = _event(s, evidence.event_id)
            ed.tracker.watch(events=[row.id])
            s.add(
                CurationMarkRow(
                    kind=DETACHED,
                    event_id=row.id,
                    source_id=evidence.source_id,
                    start=evidence.start,
                    end=evidence.end,
                    quote=evidence.quote,
                    in_version=evidence.in_version,
                )
            )
            s.delete(evidence)
            _mark_edited(row, ["evidence"])
            ed.description = (
                f"detached a passage of source {evidence.source_id} from event {row.id}"
            )
            ed.event_ids.append(row.id)
            return row.id

    def set_stance(self, evidence_id: int, stance: Stance) -> None:
        """Say whether a passage supports, contradicts or only mentions its event."""
        stance = Stance(stance)
        with self._edit("stance") as ed:
            s = ed.session
            evidence = _evidence(s, evidence_id)
            if evidence.stance == stance.value:
                return
            row = _event(s, evidence.event_id)
            ed.tracker.watch(events=[row.id])
            evidence.stance = stance.value
            _mark_edited(row, ["evidence"])
            ed.description = (
                f"marked a passage of source {evidence.source_id} as "
                f"{_STANCE_WORDS[stance]} event {row.id}"
            )
            ed.event_ids.append(row.id)

    # --- people -----------------------------------------------------------------------------

    def rename_person(self, person_id: int, new_name: str) -> None:
        """Change a person's canonical name; the old one stays as an alias."""
        new_name = " ".join(new_name.split())
        if not new_name:
            raise EditError("a person's name cannot be empty")
        with self._edit("person") as ed:
            person = _person(ed.session, person_id)
            if person.name == new_name:
                return
            _check_name_free(ed.session, new_name, person_id)
            ed.tracker.watch(people=[person_id])
            old = person.name
            person.name = new_name
            add_aliases(person, [new_name])
            ed.description = f"renamed “{old}” to “{new_name}”"

    def merge_people(self, keep_id: int, other_id: int) -> None:
        """Fold `other` into `keep`: names, event links and mentions follow."""
        if keep_id == other_id:
            raise EditError("a person cannot be merged with themselves")
        with self._edit("person") as ed:
            s = ed.session
            keep, other = _person(s, keep_id), _person(s, other_id)
            ed.tracker.watch(people=[keep_id, other_id])
            add_aliases(keep, [other.name, *(a.alias for a in other.aliases)])
            linked = set(
                s.scalars(
                    select(EventPersonRow.event_id).where(EventPersonRow.person_id == keep_id)
                )
            )
            for event_id in s.scalars(
                select(EventPersonRow.event_id).where(EventPersonRow.person_id == other_id)
            ).all():
                if event_id not in linked:
                    s.add(EventPersonRow(event_id=event_id, person_id=keep_id))
            s.flush()
            s.execute(delete(EventPersonRow).where(EventPersonRow.person_id == other_id))
            s.execute(
                update(MentionRow).where(MentionRow.person_id == other_id).values(person_id=keep_id)
            )
            other_name = other.name
            s.delete(other)
            ed.description = f"merged person “{other_name}” into “{keep.name}”"

    def split_alias(self, person_id: int, alias: str) -> int:
        """Make one of a person's names a person of its own; returns the new person's id.

        Mentions of that name, and events whose passages name only it (none of the person's
        other names), go with it.
        """
        with self._edit("person") as ed:
            s = ed.session
            person = _person(s, person_id)
            key = name_key(alias)
            row = next((a for a in person.aliases if a.key == key), None)
            if row is None:
                names = ", ".join(a.alias for a in person.aliases)
                raise EditError(f"“{alias}” is not a name of {person.name} (names: {names})")
            if key == name_key(person.name):
                raise EditError(
                    f"“{alias}” is {person.name}'s main name; rename the person first, "
                    "then split the old name off"
                )
            _check_name_free(s, row.alias, person_id)
            ed.tracker.watch(people=[person_id])
            new = PersonRow(name=row.alias)
            s.add(new)
            s.flush()
            ed.tracker.created(people=[new.id])
            row.person_id = new.id
            s.flush()
            s.expire(person, ["aliases"])
            self._move_mentions(s, person_id, new.id, key)
            self._move_events(s, person, new.id, row.alias)
            ed.description = f"split “{row.alias}” off “{person.name}” as a person of its own"
            return new.id

    def set_not_person(self, person_id: int, not_person: bool = True) -> None:
        """Mark a "person" as a thing (a ship, an award...): it leaves the people list and
        every event, and extraction never brings it back. False undoes the mark."""
        with self._edit("person") as ed:
            s = ed.session
            person = _person(s, person_id)
            if person.not_person == not_person:
                return
            ed.tracker.watch(people=[person_id])
            person.not_person = not_person
            if not_person:
                s.execute(delete(EventPersonRow).where(EventPersonRow.person_id == person_id))
                s.execute(delete(MentionRow).where(MentionRow.person_id == person_id))
                ed.description = f"marked “{person.name}” as not a person"
            else:
                ed.description = f"marked “{person.name}” as a person again"

    # --- history ----------------------------------------------------------------------------

    def history(self) -> list[HistoryEntry]:
        """Every recorded edit, oldest first (undone ones included, flagged)."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(*_ENTRY_COLUMNS).order_by(EditRow.id)).all()
        return [_entry(r) for r in rows]

    def next_undo(self) -> HistoryEntry | None:
        return self._next(undone=False)

    def next_redo(self) -> HistoryEntry | None:
        return self._next(undone=True)

    def _next(self, undone: bool) -> HistoryEntry | None:
        order = EditRow.id.asc() if undone else EditRow.id.desc()
        with self._engine.connect() as conn:
            row = conn.execute(
                select(*_ENTRY_COLUMNS).where(EditRow.undone.is_(undone)).order_by(order).limit(1)
            ).first()
        return _entry(row) if row is not None else None

    def undo(self, expected: int | None = None) -> HistoryEntry | None:
        """Undo the newest edit not undone yet (None when there is none).

        With `expected` the caller names the edit it means (the app's undo stack); if another
        window or a script edited in between, EditError says so and nothing changes.
        """
        return self._step(undone=False, expected=expected)

    def redo(self, expected: int | None = None) -> HistoryEntry | None:
        """Redo the oldest undone edit (None when there is none)."""
        return self._step(undone=True, expected=expected)

    def _step(self, undone: bool, expected: int | None) -> HistoryEntry | None:
        order = EditRow.id.asc() if undone else EditRow.id.desc()
        with engine_mod.write_session(self._engine) as s:
            row = s.scalars(
                select(EditRow).where(EditRow.undone.is_(undone)).order_by(order).limit(1)
            ).first()
            if row is None:
                if expected is not None:
                    raise EditError("there is nothing to " + ("redo" if undone else "undo"))
                return None
            if expected is not None and row.id != expected:
                raise EditError(
                    "the edit history changed elsewhere (another window or a script); "
                    f"the next edit to {'redo' if undone else 'undo'} is now “{row.description}”"
                )
            try:
                edits.apply(s.connection(), edits.decode(row.changes), 2 if undone else 1)
            except IntegrityError as exc:
                raise EditError(
                    f"“{row.description}” cannot be {'redone' if undone else 'undone'}: "
                    "something it depends on (a source or a person) has been removed since"
                ) from exc
            row.undone = not undone
            bump_revision(s)
            s.flush()
            return _entry(row)

    # --- helpers ----------------------------------------------------------------------------

    def _link_people(self, ed: _Edit, event_id: int, names: Sequence[str]) -> None:
        for pid in self._person_ids(ed, names):
            ed.session.add(EventPersonRow(event_id=event_id, person_id=pid))

    def _set_people(self, ed: _Edit, event_id: int, names: Sequence[str]) -> bool:
        s = ed.session
        wanted = self._person_ids(ed, names)
        current = list(
            s.scalars(select(EventPersonRow.person_id).where(EventPersonRow.event_id == event_id))
        )
        if set(wanted) == set(current):
            return False
        s.execute(
            delete(EventPersonRow).where(
                EventPersonRow.event_id == event_id,
                EventPersonRow.person_id.not_in(wanted),
            )
        )
        for pid in wanted:
            if pid not in current:
                s.add(EventPersonRow(event_id=event_id, person_id=pid))
        return True

    def _person_ids(self, ed: _Edit, names: Sequence[str]) -> list[int]:
        """Ids for these names: the person a name or alias means, or a new person.

        A name marked "not a person" that the user now gives as a person is one again.
        """
        s = ed.session
        ids: list[int] = []
        for raw in names:
            name = " ".join(raw.split())
            if not name:
                continue
            found = s.execute(
                select(PersonRow.id, PersonRow.not_person)
                .join(AliasRow, AliasRow.person_id == PersonRow.id)
                .where(AliasRow.key == name_key(name))
                .order_by(PersonRow.not_person, PersonRow.id)
                .limit(1)
            ).first()
            if found is None:
                person = PersonRow(name=name)
                s.add(person)
                s.flush()
                add_aliases(person, [name])
                ed.tracker.created(people=[person.id])
                pid = person.id
            else:
                pid = found.id
                if found.not_person:
                    ed.tracker.watch(people=[pid])
                    s.execute(update(PersonRow).where(PersonRow.id == pid).values(not_person=False))
            if pid not in ids:
                ids.append(pid)
        return ids

    @staticmethod
    def _move_mentions(s: Session, old: int, new: int, key: str) -> None:
        rows = s.execute(
            select(MentionRow.id, MentionRow.start, MentionRow.end, SourceRow.text)
            .join(SourceRow, SourceRow.id == MentionRow.source_id)
            .where(MentionRow.person_id == old)
        ).all()
        moved = [r.id for r in rows if name_key(r.text[r.start : r.end]) == key]
        if moved:
            s.execute(update(MentionRow).where(MentionRow.id.in_(moved)).values(person_id=new))

    @staticmethod
    def _move_events(s: Session, person: PersonRow, new: int, alias: str) -> None:
        """Events whose passages name the split-off name and none of the person's others."""
        keep_names = [a.alias for a in person.aliases]
        split_re = _name_pattern([alias])
        keep_re = _name_pattern(keep_names) if keep_names else None
        event_ids = list(
            s.scalars(select(EventPersonRow.event_id).where(EventPersonRow.person_id == person.id))
        )
        if not event_ids:
            return
        quotes: dict[int, list[str]] = {}
        for event_id, quote in s.execute(
            select(EvidenceRow.event_id, EvidenceRow.quote).where(
                EvidenceRow.event_id.in_(event_ids)
            )
        ):
            quotes.setdefault(event_id, []).append(quote)
        for event_id, texts in quotes.items():
            joined = " ".join(texts)
            if split_re.search(joined) and not (keep_re and keep_re.search(joined)):
                s.execute(
                    update(EventPersonRow)
                    .where(
                        EventPersonRow.event_id == event_id,
                        EventPersonRow.person_id == person.id,
                    )
                    .values(person_id=new)
                )


# --- shared with the store's writer -----------------------------------------------------------


def _check_name_free(s: Session, name: str, person_id: int) -> None:
    """People's names are unique once folded (people.key): say so before the database does."""
    other = s.scalar(
        select(PersonRow.name).where(PersonRow.key == name_key(name), PersonRow.id != person_id)
    )
    if other is not None:
        raise EditError(f"“{other}” is another person already; merge the two instead")


def add_aliases(person: PersonRow, names: Sequence[str]) -> None:
    """Add names to a person's aliases (folded keys decide what is new)."""
    have = {a.key for a in person.aliases}
    for name in names:
        name = " ".join(name.split())
        key = name_key(name)
        if name and key not in have:
            person.aliases.append(AliasRow(alias=name, key=key))
            have.add(key)


def set_dates(row: EventRow, start: HistDate, end: HistDate | None) -> None:
    """Write an event's dates and the day bounds that index them."""
    from timeline_desktop.store.repository import event_bounds, span_level

    lo, hi = event_bounds(start, end)
    row.start = start.to_iso()
    row.end = end.to_iso() if end is not None else None
    row.precision = int(start.precision)
    row.approximate = start.approximate or bool(end and end.approximate)
    row.lo_day, row.hi_day, row.span_level = lo, hi, span_level(lo, hi)


# --- validation and wording -------------------------------------------------------------------


def _event(s: Session, event_id: int) -> EventRow:
    row = s.get(EventRow, event_id)
    if row is None:
        raise EditError(f"no event with id {event_id}")
    return row


def _evidence(s: Session, evidence_id: int) -> EvidenceRow:
    row = s.get(EvidenceRow, evidence_id)
    if row is None:
        raise EditError(f"no evidence with id {evidence_id}")
    return row


def _person(s: Session, person_id: int) -> PersonRow:
    row = s.get(PersonRow, person_id)
    if row is None:
        raise EditError(f"no person with id {person_id}")
    return row


def _source_text(s: Session, source_id: int) -> str:
    text = s.scalar(select(SourceRow.text).where(SourceRow.id == source_id))
    if text is None:
        raise EditError(f"no source with id {source_id}")
    return text


def _check_span(p: Passage, text: str) -> None:
    if not 0 <= p.start < p.end <= len(text):
        raise EditError(
            f"the passage {p.start}:{p.end} lies outside source {p.source_id}, whose text has "
            f"{len(text):,} characters (offsets count characters from 0; start < end)"
        )
    if not text[p.start : p.end].strip():
        raise EditError(f"the passage {p.start}:{p.end} of source {p.source_id} is blank")


def _check_dates(start: HistDate, end: HistDate | None) -> None:
    if end is not None and end.latest_day() < start.earliest_day():
        raise EditError(f"the end ({end.label()}) is before the start ({start.label()})")


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise EditError("an event needs a title")
    return title[:500]


def _join_places(places: Sequence[str]) -> str:
    return "\n".join(dict.fromkeys(" ".join(p.split()) for p in places if p.strip()))


def _end_of(row: EventRow) -> HistDate | None:
    return HistDate.parse_iso(row.end) if row.end else None


def _new_dates(
    row: EventRow, start: HistDate | None, end: HistDate | _Unset | None
) -> tuple[HistDate, HistDate | None]:
    """An event's dates after an edit: what was given, else what it had; checked."""
    new_start = start or HistDate.parse_iso(row.start)
    new_end = _end_of(row) if isinstance(end, _Unset) else end
    _check_dates(new_start, new_end)
    return new_start, new_end


def _mark_edited(row: EventRow, fields: Sequence[str]) -> None:
    if row.origin == Origin.EXTRACTED.value:
        row.origin = Origin.EDITED.value
    have = [f for f in (row.edited_fields or "").split(",") if f]
    row.edited_fields = ",".join(dict.fromkeys([*have, *fields]))


def _evidence_row(event_id: int, p: Passage, text: str, date: HistDate) -> EvidenceRow:
    return EvidenceRow(
        event_id=event_id,
        source_id=p.source_id,
        start=p.start,
        end=p.end,
        quote=text[p.start : p.end],
        date_as_stated=p.date_as_stated or date.to_iso(),
        stance=Stance(p.stance).value,
    )


def _name_pattern(names: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


_STANCE_WORDS = {
    Stance.SUPPORTS: "supporting",
    Stance.CONTRADICTS: "contradicting",
    Stance.MENTIONS: "mentioning",
}


def _stance_note(stance: Stance) -> str:
    stance = Stance(stance)
    return "" if stance == Stance.SUPPORTS else f" ({_STANCE_WORDS[stance]} it)"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _words(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _event_list(ids: Sequence[int]) -> str:
    if len(ids) == 1:
        return f"event {ids[0]}"
    shown = ", ".join(map(str, ids[:8])) + (", …" if len(ids) > 8 else "")
    return f"{len(ids)} events ({shown})"


_ENTRY_COLUMNS = (
    EditRow.id,
    EditRow.at,
    EditRow.kind,
    EditRow.description,
    EditRow.event_ids,
    EditRow.undone,
)


def _entry(row) -> HistoryEntry:
    return HistoryEntry(
        id=row.id,
        at=row.at.replace(tzinfo=UTC),
        kind=row.kind,
        description=row.description,
        event_ids=tuple(int(i) for i in row.event_ids.split(",") if i),
        undone=bool(row.undone),
    )


def count_history(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(EditRow)) or 0
