"""Command line: the GUI by default, sub-commands for import, listing, export and curation.

This is a stable interface (tests and automation use it). Exit codes: 0 success, 1 a failure
(some files failed to import, an export could not be written; one sentence on stderr, any
traceback in the log file), 2 usage error (bad arguments, unknown id or person, unreadable
date).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from timeline_desktop import __version__, curation_cli, maintenance_cli
from timeline_desktop.domain.dates import DateParseError, parse_date
from timeline_desktop.domain.model import EventFilter
from timeline_desktop.paths import default_database

EXIT_OK, EXIT_FAILED_FILES, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _add_filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--person",
        action="append",
        default=[],
        metavar="NAME",
        help="only events involving this person (name or alias); repeatable",
    )
    p.add_argument(
        "--all-people",
        action="store_true",
        help="with several --person: events involving all of them (default: any)",
    )
    p.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help='events that may fall on or after DATE ("1953", "-0043", "44 BC")',
    )
    p.add_argument("--to", dest="date_to", metavar="DATE", help="events on or before DATE")
    p.add_argument("--search", metavar="TEXT", help="full-text search in events and sources")
    p.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="NAME",
        help="only events in this category (a TimelineJS group, a Timeline category); repeatable",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline-desktop",
        description="Explore history from its sources: an evidence-backed timeline. "
        "Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=f"database file or SQLAlchemy URL (default: {default_database()})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", help="import files and folders (recursively)")
    p.add_argument("paths", nargs="+", metavar="PATH")

    p = sub.add_parser("sources", help="list the imported sources")
    p.add_argument("--json", action="store_true", help="print JSON (with the full texts)")

    p = sub.add_parser("people", help="list people with their aliases and event counts")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("events", help="list events, filtered")
    _add_filter_options(p)
    p.add_argument("--ids", metavar="ID,...", help="only these event ids (comma-separated)")
    p.add_argument("--rejected", action="store_true", help="list the rejected events instead")
    p.add_argument(
        "--evidence", action="store_true", help="also list each event's passages with their ids"
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("screenshot", help="render the main window to a PNG (no screen needed)")
    p.add_argument("out", metavar="OUT.png", type=Path)
    p.add_argument("--person", action="append", default=[], metavar="NAME")
    p.add_argument("--select", type=int, metavar="EVENT_ID", help="select this event")
    p.add_argument("--size", default="1600x1000", metavar="WxH", help="window size in pixels")

    p = sub.add_parser(
        "export",
        help="export events (filtered) with their evidence: JSON, a PDF dossier, TimelineJS, "
        "Timeline, CSV, or an image of the timeline",
    )
    p.add_argument("--json", dest="json_out", metavar="OUT.json", type=Path)
    p.add_argument(
        "--timelinejs",
        dest="timelinejs_out",
        metavar="OUT.json",
        type=Path,
        help="write TimelineJS JSON (evidence and sources in each slide's text)",
    )
    p.add_argument(
        "--timeline",
        dest="timeline_out",
        metavar="OUT.timeline",
        type=Path,
        help="write a Timeline (thetimelineproj) .timeline file",
    )
    p.add_argument(
        "--csv",
        dest="csv_out",
        metavar="OUT.csv",
        type=Path,
        help="write CSV in the TimelineJS sheet's columns plus people, places and sources",
    )
    p.add_argument(
        "--png",
        dest="png_out",
        metavar="OUT.png",
        type=Path,
        help="write an image of the timeline view of the selection",
    )
    p.add_argument(
        "--svg",
        dest="svg_out",
        metavar="OUT.svg",
        type=Path,
        help="write a vector image of the timeline view of the selection",
    )
    p.add_argument(
        "--size",
        dest="image_size",
        default="1600x900",
        metavar="WxH",
        help="PNG/SVG: size of the view in pixels",
    )
    p.add_argument(
        "--pdf",
        dest="pdf_out",
        metavar="OUT.pdf",
        type=Path,
        help="write a PDF dossier (title page, timeline, chronology, sources)",
    )
    _add_filter_options(p)
    p.add_argument("--ids", metavar="ID,...", help="only these event ids (comma-separated)")
    p.add_argument(
        "--full-text", action="store_true", help="PDF: add the full text of every cited source"
    )
    p.add_argument("--page", choices=("A4", "Letter"), default="A4", help="PDF page size")
    curation_cli.add_parsers(sub)
    maintenance_cli.add_parsers(sub)

    p = sub.add_parser("explain", help="why each event of a document exists (rules, passages)")
    p.add_argument("target", metavar="FILE_OR_SOURCE_ID")
    p.add_argument("--event", type=int, metavar="ID", help="only this stored event")
    return parser


def _parse_ids(text: str | None) -> tuple[int, ...] | None:
    if text is None:
        return None
    try:
        ids = tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError as exc:
        raise UsageError(f"--ids takes comma-separated event ids, not {text!r}") from exc
    if not ids:
        raise UsageError("--ids needs at least one event id")
    return ids


def _filter(args: argparse.Namespace) -> EventFilter:
    try:
        start = parse_date(args.date_from) if args.date_from else None
        end = parse_date(args.date_to) if args.date_to else None
    except DateParseError as exc:
        raise UsageError(str(exc)) from exc
    return EventFilter(
        people=tuple(args.person),
        all_people=args.all_people,
        start=start,
        end=end,
        search=args.search or None,
        ids=_parse_ids(getattr(args, "ids", None)),
        rejected=getattr(args, "rejected", False),
        categories=tuple(getattr(args, "category", ())),
    )


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _cmd_import(store: Any, args: argparse.Namespace) -> int:
    from timeline_desktop.ingest.pipeline import FileStatus, import_paths

    report = import_paths(store, args.paths)
    for f in report.failed:
        print(f"error: {f.error}", file=sys.stderr)
    for f in report.files:
        for line in f.skipped:
            print(f"skipped: {f.name}: {line}", file=sys.stderr)
        if f.skipped_count > len(f.skipped):
            print(f"skipped: {f.name}: … and {f.skipped_count - len(f.skipped):,} more rows",
                  file=sys.stderr)  # fmt: skip
        for line in f.warnings:
            print(f"warning: {f.name}: {line}", file=sys.stderr)
    for f in report.unsupported:
        print(f"skipped: {f.error}", file=sys.stderr)
    imported = report.count(FileStatus.IMPORTED)
    extra = f", {len(report.unsupported)} unsupported skipped" if report.unsupported else ""
    rows = f"; {report.rows_skipped:,} rows skipped" if report.rows_skipped else ""
    print(
        f"{len(report.files)} files: {imported} imported, "
        + (f"{n} updated to a new version, " if (n := report.count(FileStatus.UPDATED)) else "")
        + f"{report.count(FileStatus.DUPLICATE)} already stored, {len(report.failed)} failed"
        f"{extra}; "
        f"{report.events_added} new events, {report.people_added} new people{rows}"
    )
    nothing = not report.files and report.unsupported  # a folder of files no reader takes
    return EXIT_FAILED_FILES if report.failed or nothing else EXIT_OK


def _cmd_sources(store: Any, args: argparse.Namespace) -> int:
    from timeline_desktop.export.json_export import build_export

    if args.json:
        _print_json(build_export(store)["sources"])
        return EXIT_OK
    for s in store.sources():
        version = f"  (version {s.version})" if s.version > 1 else ""
        print(f"{s.id:>5}  {s.format:<8} {s.encoding:<10} {s.file_name}  —  {s.title}{version}")
    return EXIT_OK


def _cmd_people(store: Any, args: argparse.Namespace) -> int:
    people = store.people()
    if args.json:
        _print_json(
            [
                {"id": p.id, "name": p.name, "aliases": list(p.aliases), "events": p.event_count}
                for p in people
            ]
        )
        return EXIT_OK
    for p in people:
        aliases = f"  (also: {', '.join(p.aliases)})" if p.aliases else ""
        print(f"{p.id:>5}  {p.name}  [{p.event_count} events]{aliases}")
    return EXIT_OK


def _cmd_events(store: Any, args: argparse.Namespace) -> int:
    from timeline_desktop.export.json_export import event_dict

    events = store.events(_filter(args))
    if args.json:
        _print_json([event_dict(e) for e in events])
        return EXIT_OK
    for e in events:
        when = e.start.label() + (f" – {e.end.label()}" if e.end else "")
        people = f"  [{', '.join(e.people)}]" if e.people else ""
        n = len({ev.source_id for ev in e.evidence})
        mark = "" if e.origin == "extracted" else f"  <{e.origin}>"
        print(f"{e.id:>6}  {when:<22} {e.title}{people}  ({n} source{'s' * (n != 1)}){mark}")
        if args.evidence:
            for ev in e.evidence:
                quote = " ".join(ev.quote.split())
                quote = quote if len(quote) <= 90 else quote[:89] + "…"
                print(
                    f"{'':>8}evidence {ev.id}: source {ev.source_id} {ev.start}:{ev.end} "
                    f"{ev.stance.value} “{quote}”"
                )
    return EXIT_OK


def _cmd_export(store: Any, args: argparse.Namespace) -> int:
    outputs = ("json_out", "pdf_out", "timelinejs_out", "timeline_out", "csv_out", "png_out",
               "svg_out")  # fmt: skip
    if all(getattr(args, name) is None for name in outputs):
        raise UsageError(
            "export needs at least one of --json, --pdf, --timelinejs, --timeline, --csv, "
            "--png, --svg"
        )
    flt: EventFilter | None = _filter(args)
    flt = None if flt == EventFilter() else flt
    if flt is not None:
        store.events(flt)  # an unknown person is a usage error before anything is written
    _export_interchange(store, args, flt)
    if args.json_out is not None:
        from timeline_desktop.export.json_export import write_json

        data = write_json(store, args.json_out, flt)
        print(
            f"wrote {len(data['events'])} events, {len(data['sources'])} sources to {args.json_out}"
        )
    if args.pdf_out is not None:
        from timeline_desktop.ui.pdf.render import ensure_gui_app, write_pdf

        ensure_gui_app()
        stats = write_pdf(store, args.pdf_out, flt, full_text=args.full_text, page=args.page)
        print(
            f"wrote {stats.events} events, {stats.sources} sources, {stats.pages} pages "
            f"to {args.pdf_out}"
        )
    return EXIT_OK


def _export_interchange(store: Any, args: argparse.Namespace, flt: EventFilter | None) -> None:
    """TimelineJS, Timeline, CSV and images of the view (see `export/` and `ui/view_image`)."""
    if args.timelinejs_out is not None:
        from timeline_desktop.export.timelinejs_export import write_timelinejs

        doc = write_timelinejs(store, args.timelinejs_out, flt)
        print(f"wrote {len(doc['events'])} events to {args.timelinejs_out} (TimelineJS)")
    if args.timeline_out is not None:
        from timeline_desktop.export.timeline_export import write_timeline

        count = write_timeline(store, args.timeline_out, flt)
        print(f"wrote {count} events to {args.timeline_out} (Timeline)")
    if args.csv_out is not None:
        from timeline_desktop.export.csv_export import write_csv

        count = write_csv(store, args.csv_out, flt)
        print(f"wrote {count} events to {args.csv_out} (CSV)")
    for out, kind in ((args.png_out, "png"), (args.svg_out, "svg")):
        if out is None:
            continue
        try:
            width, height = (int(v) for v in args.image_size.lower().split("x"))
        except ValueError as exc:
            raise UsageError(f"--size takes WIDTHxHEIGHT, not {args.image_size!r}") from exc
        from timeline_desktop.ui.view_image import write_view_image

        count = write_view_image(store, out, flt, (width, height), kind)
        print(f"wrote an image of {count} events to {out}")


def _cmd_screenshot(store: Any, args: argparse.Namespace) -> int:
    from timeline_desktop.ui.screenshot import render_screenshot

    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError as exc:
        raise UsageError(f"--size takes WIDTHxHEIGHT, not {args.size!r}") from exc
    if args.person:
        store.events(EventFilter(people=tuple(args.person)))  # unknown names: usage error
    store.close()  # the window opens its own
    target = args.db or default_database()
    out = render_screenshot(target, args.out, args.person, args.select, (width, height))
    print(f"wrote {out}")
    return EXIT_OK


def _cmd_explain(store: Any, args: argparse.Namespace) -> int:
    from timeline_desktop.ingest.explain import ExplainError, explain

    try:
        return explain(store, args.target, args.event, sys.stdout)
    except ExplainError as exc:
        raise UsageError(str(exc)) from exc


COMMANDS = {
    "import": _cmd_import,
    "sources": _cmd_sources,
    "people": _cmd_people,
    "events": _cmd_events,
    "export": _cmd_export,
    "screenshot": _cmd_screenshot,
    **curation_cli.COMMANDS,
    "explain": _cmd_explain,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    target = args.db or default_database()
    if args.command is None:
        from timeline_desktop.ui.app import run_gui

        return run_gui(target)
    if args.command in maintenance_cli.COMMANDS:  # they work on the file, unopened
        return maintenance_cli.run(args.command, str(target), args)

    from timeline_desktop.failures import explain, is_environment_failure
    from timeline_desktop.store.curation import EditError
    from timeline_desktop.store.engine import display_target, redact
    from timeline_desktop.store.repository import Store, UnknownPersonError

    try:
        store = Store.open(target)
    except Exception as exc:  # one sentence; a password in the URL is never echoed
        message = redact(explain(exc), target)
        print(
            f"timeline-desktop: cannot open database {display_target(target)}: {message}",
            file=sys.stderr,
        )
        # a full disk or a newer version's file is a failure; a wrong --db is bad usage
        return EXIT_FAILED_FILES if is_environment_failure(exc) else EXIT_USAGE
    try:
        return COMMANDS[args.command](store, args)
    except (UsageError, UnknownPersonError, EditError, curation_cli.CurationUsageError) as exc:
        print(f"timeline-desktop: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl+C: what was committed stays (each file is one transaction)
        print(f"timeline-desktop: {args.command} interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `timeline-desktop events | head`: the reader left; end quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # the file system said no: one sentence, which says where and why
        print(f"timeline-desktop: {args.command} failed: {explain(exc)}", file=sys.stderr)
        return EXIT_FAILED_FILES
    except Exception as exc:  # a bug: the sentence here, the traceback in the log file
        from timeline_desktop.logs import setup_logging

        path = setup_logging()
        logging.getLogger(__name__).exception("'%s' failed", args.command)
        print(
            f"timeline-desktop: {args.command} failed: {explain(exc)} (details in {path})",
            file=sys.stderr,
        )
        return EXIT_FAILED_FILES
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
