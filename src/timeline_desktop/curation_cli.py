"""Command-line curation: `event`, `person`, `undo`, `redo`, `history` and `reextract`.

The same core operations as the app (`store.curation`), for scripts and tests. Every bad
input (unknown id, unreadable date, a span outside its source) exits with 2 and one clear
sentence, and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from timeline_desktop.domain.dates import DateParseError, HistDate, parse_date
from timeline_desktop.domain.model import HistoryEntry, Person, Stance
from timeline_desktop.store.curation import UNSET, EditError, Passage
from timeline_desktop.store.repository import Store

STANCES = [s.value for s in Stance]


class CurationUsageError(Exception):
    """Bad arguments to a curation command (exit 2)."""


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the curation sub-commands on the main parser."""
    event = sub.add_parser("event", help="edit events: add, edit, delete, merge, split, ...")
    ev = event.add_subparsers(dest="event_command", metavar="ACTION", required=True)

    p = ev.add_parser("add", help="add an event by hand; prints its id")
    p.add_argument("--title", required=True)
    p.add_argument("--date", required=True, metavar="DATE")
    p.add_argument("--end", metavar="DATE")
    _people_places(p)
    p.add_argument("--summary", default="")
    p.add_argument(
        "--quote",
        action="append",
        default=[],
        metavar="SOURCE_ID:START:END[:STANCE]",
        help="a passage of a stored source as evidence (stance: supports, contradicts, mentions)",
    )

    p = ev.add_parser("edit", help="change an event's title, dates, people, places or summary")
    p.add_argument("id", type=int)
    p.add_argument("--title")
    p.add_argument("--date", metavar="DATE")
    ends = p.add_mutually_exclusive_group()
    ends.add_argument("--end", metavar="DATE")
    ends.add_argument("--no-end", action="store_true", help="make it a single date again")
    _people_places(p)
    p.add_argument("--no-people", action="store_true", help="remove every person")
    p.add_argument("--no-places", action="store_true", help="remove every place")
    p.add_argument("--summary")

    p = ev.add_parser("delete", help="reject events: hidden everywhere, never re-extracted")
    p.add_argument("ids", type=int, nargs="+", metavar="ID")
    p = ev.add_parser("restore", help="bring rejected events back")
    p.add_argument("ids", type=int, nargs="+", metavar="ID")

    p = ev.add_parser("merge", help="merge events into the first one; prints its id")
    p.add_argument("ids", type=int, nargs="+", metavar="ID")
    p.add_argument("--keep", type=int, metavar="ID", help="the event that survives")
    p.add_argument("--title", help="the merged event's title (default: the survivor's)")
    p.add_argument("--date", metavar="DATE")
    p.add_argument("--end", metavar="DATE")

    p = ev.add_parser("split", help="move passages to a new event; prints its id")
    p.add_argument("id", type=int)
    p.add_argument(
        "--evidence",
        type=int,
        nargs="+",
        required=True,
        metavar="N",
        help="evidence ids (as `events --evidence` or --json print them) or 1-based positions",
    )
    p.add_argument("--title", help="default: what the extractor reads in the passage")
    p.add_argument("--date", metavar="DATE")

    p = ev.add_parser("attach", help="attach a source passage to an event as evidence")
    p.add_argument("id", type=int)
    p.add_argument("--quote", required=True, metavar="SOURCE_ID:START:END[:STANCE]")
    p = ev.add_parser("detach", help="remove passages (evidence ids) from their events")
    p.add_argument("evidence_ids", type=int, nargs="+", metavar="EVIDENCE_ID")
    p = ev.add_parser("stance", help="set whether a passage supports, contradicts, mentions")
    p.add_argument("evidence_id", type=int)
    p.add_argument("stance", choices=STANCES)

    person = sub.add_parser("person", help="correct people: rename, merge, split, not a person")
    pe = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    p = pe.add_parser("rename", help="give a person a new name (the old one stays an alias)")
    p.add_argument("person", metavar="PERSON", help="id or name")
    p.add_argument("name", metavar="NEW_NAME")
    p = pe.add_parser("merge", help="merge people into the first one")
    p.add_argument("keep", metavar="PERSON")
    p.add_argument("others", nargs="+", metavar="OTHER")
    p = pe.add_parser("split", help="make one of a person's names a person of its own")
    p.add_argument("person", metavar="PERSON")
    p.add_argument("alias", metavar="NAME")
    p = pe.add_parser("not-a-person", help="mark names as things: hidden, never re-extracted")
    p.add_argument("people", nargs="+", metavar="PERSON")
    p = pe.add_parser("is-a-person", help="undo a not-a-person mark")
    p.add_argument("people", nargs="+", metavar="PERSON")

    sub.add_parser("undo", help="undo the last edit (also after a restart)")
    sub.add_parser("redo", help="redo the last undone edit")
    p = sub.add_parser("history", help="list the edits made to this database")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("reextract", help="run the current extractor again; keeps every edit")
    p.add_argument("--source", type=int, action="append", metavar="ID", dest="sources")


def _people_places(p: argparse.ArgumentParser) -> None:
    p.add_argument("--person", action="append", metavar="NAME", help="repeatable")
    p.add_argument("--place", action="append", metavar="PLACE", help="repeatable")


# --- argument parsing --------------------------------------------------------------------------


def _date(text: str | None, option: str) -> HistDate | None:
    if text is None:
        return None
    try:
        return parse_date(text)
    except DateParseError as exc:
        raise CurationUsageError(f"{option}: {exc}") from exc


def _passage(text: str) -> Passage:
    parts = text.split(":")
    try:
        if len(parts) not in (3, 4):
            raise ValueError
        source_id, start, end = (int(v) for v in parts[:3])
        stance = Stance(parts[3]) if len(parts) == 4 else Stance.SUPPORTS
    except ValueError as exc:
        raise CurationUsageError(
            f"--quote takes SOURCE_ID:START:END[:STANCE] (stance one of {', '.join(STANCES)}), "
            f"not {text!r}"
        ) from exc
    return Passage(source_id, start, end, stance)


def _person(store: Store, ref: str) -> Person:
    """A person by id or by name/alias (case- and accent-insensitive)."""
    people = store.people() + store.people(not_people=True)
    if ref.isdigit():
        for p in people:
            if p.id == int(ref):
                return p
        raise CurationUsageError(f"no person with id {ref}")
    from timeline_desktop.store.names import name_key

    key = name_key(ref)
    exact = [p for p in people if name_key(p.name) == key]
    found = exact or [p for p in people if key in {name_key(a) for a in p.aliases}]
    if not found:
        raise CurationUsageError(f"no person is called {ref!r}")
    if len(found) > 1:
        listed = "; ".join(f"{p.id} {p.name}" for p in found)
        raise CurationUsageError(f"{ref!r} could mean several people ({listed}): give an id")
    return found[0]


# --- commands -------------------------------------------------------------------------------


def cmd_event(store: Store, args: argparse.Namespace) -> int:
    c = store.curation
    action = args.event_command
    if action == "add":
        start = _date(args.date, "--date")
        assert start is not None
        passages = [_passage(q) for q in args.quote]
        new_id = c.add_event(
            args.title,
            start,
            _date(args.end, "--end"),
            args.summary,
            args.person or (),
            args.place or (),
            passages,
        )
        print(new_id)
    elif action == "edit":
        end: Any = UNSET
        if args.no_end:
            end = None
        elif args.end is not None:
            end = _date(args.end, "--end")
        changed = c.edit_event(
            args.id,
            title=args.title,
            summary=args.summary,
            start=_date(args.date, "--date"),
            end=end,
            people=[] if args.no_people else args.person,
            places=[] if args.no_places else args.place,
        )
        _say(f"edited {', '.join(changed)} of event {args.id}" if changed else "nothing changed")
    elif action in ("delete", "restore"):
        n = c.reject(args.ids) if action == "delete" else c.restore(args.ids)
        verb = "rejected" if action == "delete" else "restored"
        _say(f"{verb} {n} event{'s' * (n != 1)}")
    elif action == "merge":
        keep = c.merge(
            args.ids,
            keep=args.keep,
            title=args.title,
            start=_date(args.date, "--date"),
            end=_date(args.end, "--end") if args.end else UNSET,
        )
        print(keep)
    elif action == "split":
        print(_split(store, args))
    elif action == "attach":
        evidence_id = c.attach(args.id, _passage(args.quote))
        _say(f"attached as evidence {evidence_id} of event {args.id}")
    elif action == "detach":
        for evidence_id in args.evidence_ids:
            event_id = c.detach(evidence_id)
            _say(f"detached evidence {evidence_id} from event {event_id}")
    elif action == "stance":
        c.set_stance(args.evidence_id, Stance(args.stance))
        _say(f"evidence {args.evidence_id} now {args.stance} its event")
    return 0


def _split(store: Store, args: argparse.Namespace) -> int:
    """Split with the extractor's reading of the first passage as the new event's defaults."""
    from timeline_desktop.ingest.propose import propose

    try:
        event = store.event(args.id)
    except KeyError as exc:
        raise EditError(f"no event with id {args.id}") from exc
    by_id = {e.id: e for e in event.evidence}
    ids = []
    for n in args.evidence:
        if n in by_id:
            ids.append(n)
        elif 1 <= n <= len(event.evidence):
            ids.append(event.evidence[n - 1].id)
        else:
            listed = ", ".join(str(e.id) for e in event.evidence) or "none"
            raise EditError(f"event {args.id} has no evidence {n} (its evidence ids: {listed})")
    first = by_id[ids[0]]
    proposal = propose(store, first.source_id, first.start, first.end)
    start = _date(args.date, "--date") or proposal.start
    return store.curation.split(
        args.id,
        ids,
        title=args.title or proposal.title,
        start=start,
        end=proposal.end if args.date is None and proposal.start is not None else None,
        people=proposal.people or None,
    )


def cmd_person(store: Store, args: argparse.Namespace) -> int:
    c = store.curation
    action = args.person_command
    if action == "rename":
        person = _person(store, args.person)
        c.rename_person(person.id, args.name)
        _say(f"renamed {person.name} to {args.name}")
    elif action == "merge":
        keep = _person(store, args.keep)
        for ref in args.others:
            other = _person(store, ref)
            c.merge_people(keep.id, other.id)
            _say(f"merged {other.name} into {keep.name}")
    elif action == "split":
        person = _person(store, args.person)
        new_id = c.split_alias(person.id, args.alias)
        _say(f"{args.alias} is now person {new_id}")
    else:
        mark = action == "not-a-person"
        for ref in args.people:
            person = _person(store, ref)
            c.set_not_person(person.id, mark)
            _say(f"{person.name}: {'not a person' if mark else 'a person'}")
    return 0


def cmd_undo(store: Store, args: argparse.Namespace) -> int:
    entry = store.curation.undo()
    _say(f"undid: {entry.description}" if entry else "nothing to undo")
    return 0


def cmd_redo(store: Store, args: argparse.Namespace) -> int:
    entry = store.curation.redo()
    _say(f"redid: {entry.description}" if entry else "nothing to redo")
    return 0


def cmd_history(store: Store, args: argparse.Namespace) -> int:
    entries = store.curation.history()
    if args.json:
        json.dump([history_dict(e) for e in entries], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not entries:
        print("No edits yet.")
    for e in entries:
        print(f"{history_time(e):>16}  {e.id:>5}  {e.description}{'  (undone)' * e.undone}")
    return 0


def cmd_reextract(store: Store, args: argparse.Namespace) -> int:
    from timeline_desktop.ingest.reextract import reextract

    try:
        report = reextract(store, args.sources)
    except KeyError as exc:
        raise CurationUsageError(str(exc.args[0])) from exc
    for source_id, reason in report.failed:
        print(f"error: source {source_id}: {reason}", file=sys.stderr)
    print(
        f"re-extracted {report.sources} sources: {report.events_added} new events, "
        f"{report.events_corroborated} passages joined existing events"
    )
    return 1 if report.failed else 0


def history_dict(e: HistoryEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "kind": e.kind,
        "description": e.description,
        "events": list(e.event_ids),
        "undone": e.undone,
    }


def history_time(e: HistoryEntry) -> str:
    """Local time of an edit: "14:02" today, "2026-12-01 14:02" on other days."""
    local = e.at.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def _say(text: str) -> None:
    print(text)


COMMANDS = {
    "event": cmd_event,
    "person": cmd_person,
    "undo": cmd_undo,
    "redo": cmd_redo,
    "history": cmd_history,
    "reextract": cmd_reextract,
}
