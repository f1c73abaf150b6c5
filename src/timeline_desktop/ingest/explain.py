"""`timeline-desktop explain`: why each event of a document exists, in words a reader follows.

The document (a file, or a source already imported) is read and extracted again, against what
the database holds from the other sources, and every event found in it is printed with the
sentence that states it, each date and name in that sentence with the rule that read it,
and the rules that made the event, merged it or matched it to a stored event. For an
imported source the events are numbered as stored (`--event ID` shows one).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from timeline_desktop.domain.model import Document, Source, Stance
from timeline_desktop.extract.doc import Doc, Draft
from timeline_desktop.extract.rulebook import describe, label
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import StoreContext
from timeline_desktop.ingest.readers import ReadError, read_file
from timeline_desktop.ingest.reextract import ReplacingContext, document_of
from timeline_desktop.store.repository import Store

_WIDTH = 88
_QUOTE_MAX = 320
_STAGE_ORDER = (
    "drafts",
    "anchoring",
    "dates",
    "clauses",
    "subjects",
    "titles",
    "people",
    "merging",
    "mentions",
    "corroboration",
)


class ExplainError(Exception):
    """A target that names no readable file and no stored source, or an unknown event."""


@dataclass(frozen=True, slots=True)
class Target:
    document: Document
    source: Source | None  # the stored source, when the document is imported
    note: str = ""  # what the reader should know about how it was read


def load_target(store: Store, target: str) -> Target:
    """The document `target` names: a file path, or the id of an imported source."""
    path = Path(target)
    if path.is_file():
        try:
            document = read_file(path)
        except ReadError as exc:
            raise ExplainError(str(exc)) from exc
        sid = store.source_id_for_sha256(document.sha256)
        return Target(document, store.source(sid) if sid is not None else None)
    if not target.isdigit():
        raise ExplainError(f"{target}: no such file, and not a source id (see `sources`)")
    try:
        source = store.source(int(target))
    except KeyError as exc:
        raise ExplainError(f"no source with id {target} (see `sources`)") from exc
    document = document_of(source)  # as re-extraction reads it
    note = ""
    if not Path(source.path).is_file():
        note = (
            f"The original file ({source.path}) is gone: the stored text is read instead, "
            "without the rows of a table a reader finds in the file."
        )
    return Target(document, source, note)


def stored_ids(store: Store, source_id: int, drafts: list[Draft]) -> list[int | None]:
    """The stored event each draft became, found by the spans of its evidence."""
    events, sources = store.event_source_pairs()
    ids = sorted(set(events[sources == source_id].tolist()))
    by_span: dict[tuple[int, int], int] = {}
    for e in store.events_by_id(ids):
        for ev in e.evidence:
            if ev.source_id == source_id:
                by_span.setdefault((ev.start, ev.end), e.id)
    out: list[int | None] = []
    for d in drafts:
        found = next(
            (by_span[(e.start, e.end)] for e in d.evidence if (e.start, e.end) in by_span), None
        )
        out.append(found)
    return out


def explain(store: Store, target: str, event_id: int | None, out: TextIO) -> int:
    """Print why each event of `target` exists (only stored event `event_id`, if given)."""
    t = load_target(store, target)
    # what the database holds from the other sources: what a re-extraction would see
    context = ReplacingContext(store, t.source.id) if t.source is not None else StoreContext(store)
    doc = RuleExtractor().run(t.document, context)
    ids: list[int | None] = (
        stored_ids(store, t.source.id, doc.drafts)
        if t.source is not None
        else [None] * len(doc.drafts)
    )
    chosen = list(range(len(doc.drafts)))
    if event_id is not None:
        chosen = [i for i in chosen if ids[i] == event_id]
        if not chosen:
            raise ExplainError(
                f"event {event_id} is not one of the events of {t.document.file_name}"
            )
    out.write(_header(t, doc, len(chosen) if event_id is not None else None))
    for i in chosen:
        out.write("\n" + render_event(doc, i, ids[i]) + "\n")
    return 0


def _header(t: Target, doc: Doc, shown: int | None) -> str:
    name = t.document.file_name
    where = f"source #{t.source.id}" if t.source is not None else "not imported yet"
    lines = [f"{t.document.title or name}", f"{name} ({where})"]
    n = len(doc.drafts)
    found = f"{n} event{'s' if n != 1 else ''} found in this document"
    lines.append(found + (f", {shown} shown." if shown is not None else "."))
    lines.append(
        _wrap(
            "For each: the sentence that states it, every date and name in that sentence "
            "with the rule that read it, and the rules that made the event."
        )
    )
    if t.note:
        lines.append(_wrap(t.note))
    lines.append(
        _wrap(
            "Compared with what the database holds from the other sources. Stages run: "
            + ", ".join(doc.stages)
            + "."
        )
    )
    return "\n".join(lines) + "\n"


def render_event(doc: Doc, index: int, stored: int | None) -> str:
    """One event, explained (see the module docs)."""
    d = doc.drafts[index]
    text = doc.text
    date = d.start.label() + (f" – {d.end.label()}" if d.end else "")
    head = f"Event {index + 1}"
    if stored is not None and d.stance is Stance.CONTRADICTS:
        head += f" (stored as a contradiction of event #{stored})"
    elif stored is not None:
        head += f" (stored as event #{stored})"
    lines = [f"── {head} " + "─" * max(3, _WIDTH - len(head) - 4), f"{date} · {d.title}"]
    if d.stance is Stance.CONTRADICTS:
        lines.append(_wrap("This passage gives another date for an event told elsewhere.", 2))
    ss, se = d.sentence or (d.evidence[0].start, d.evidence[0].end)
    lines += ["", "Stated in:", _quote(text[ss:se])]
    dates = [t for t in doc.dates if ss <= t.start and t.end <= se and t.rule]
    if d.date is not None and d.date.end > d.date.start and not ss <= d.date.start < se:
        dates.insert(0, d.date)  # stated apart from the passage (a date line, a card)
    if dates:
        lines += ["", "Dates read:"]
        for t in dates:
            if d.date is not None and (t.start, t.end) == (d.date.start, d.date.end):
                t = d.date  # resolved by a later stage ("two years after Stalin's death")
            value = t.date.label() if t.date else "no date (nothing to count from)"
            if t.date and t.end_date:
                value += f" – {t.end_date.label()}"
            lines.append(_item(f"“{text[t.start : t.end]}” → {value}", f"dates:{t.rule}", doc))
    names = doc.people.within(ss, se)
    if names:
        lines += ["", "People named:"]
        for m in names:
            who = doc.people.name(m.person)
            lines.append(_item(f"“{text[m.start : m.end]}” → {who}", f"people:{m.rule}", doc))
    lines += ["", "How the event was made:"]
    for stage in _STAGE_ORDER:
        for rule in d.rules:
            if rule.partition(":")[0] == stage and stage not in ("dates", "people"):
                lines.append(_item(label(rule), rule, doc, plain=True))
    lines += ["", f"Evidence ({len(d.evidence)} passage{'s' if len(d.evidence) != 1 else ''}):"]
    for e in d.stamp(d.evidence):
        stated = f", dated {e.date_as_stated}" if e.date_as_stated else ""
        lines.append(f"  [{e.stance.value}{stated}] characters {e.start}–{e.end}:")
        lines.append(_quote(text[e.start : e.end], indent=6))
        lines.append(_wrap("found by: " + ", ".join(label(r) for r in e.rules), indent=6))
    return "\n".join(lines)


def _item(what: str, rule: str, doc: Doc, plain: bool = False) -> str:
    meaning = describe(rule, doc.lexicon)
    first = what if plain else f"{what} — {label(rule)}"
    body = _wrap(f"• {first}", indent=2, hang=4)
    return body + ("\n" + _wrap(meaning, indent=4) if meaning else "")


def _quote(passage: str, indent: int = 2) -> str:
    flat = " ".join(passage.split())
    if len(flat) > _QUOTE_MAX:
        flat = flat[: _QUOTE_MAX - 1].rstrip() + "…"
    return _wrap(f"“{flat}”", indent=indent)


def _wrap(text: str, indent: int = 0, hang: int | None = None) -> str:
    pad = " " * indent
    rest = " " * (hang if hang is not None else indent)
    return textwrap.fill(text, _WIDTH, initial_indent=pad, subsequent_indent=rest)
