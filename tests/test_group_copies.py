"""Copies of a group's passage ("the two Kestrels arrived") on a member's event belong to
the source whose extraction made them: re-extracting or removing that source takes them
away with its own passages, so no event lives on a copy alone; re-extracting or removing
the group passage's own source takes its copies away too. Texts are the team's own."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from timeline_desktop.domain.model import Document, Event, Extraction
from timeline_desktop.export.json_export import build_export
from timeline_desktop.extract.base import ExtractionContext
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import StoreContext, import_paths
from timeline_desktop.ingest.reextract import document_of, reextract
from timeline_desktop.store.orm import EvidenceRow
from timeline_desktop.store.repository import Store

pytestmark = pytest.mark.backends

LOG = (
    "Mission log\n\n"
    "The Kestrel 1 flyby of Neptune took place on 14 May 1991, returning images of its rings.\n\n"
    "The Kestrel 2 flyby of Neptune took place on 2 October 1991, mapping its moons.\n"
)
GROUP = (
    "A history of the lander\n\n"
    "Much of the work on the lander was done before the two Kestrels arrived at Neptune "
    "in 1991.\n"
)
PASSAGE = "two Kestrels arrived"


class Nothing(RuleExtractor):
    """An extractor that finds nothing more in a source (as a newer one may)."""

    def extract(self, document: Document, context: ExtractionContext) -> Extraction:
        return Extraction()


def _ids(store: Store) -> dict[str, int]:
    return {s.file_name: s.id for s in store.sources(with_text=False)}


def _import_group_then_log(store: Store, folder: Path, bulk: bool) -> dict[str, int]:
    """The group's source first, then the members' (whose extraction copies the passage),
    through the batched import or the one-at-a-time store writer."""
    for name, text in (("group.txt", GROUP), ("log.txt", LOG)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        if bulk:
            import_paths(store, [path])
        else:
            from timeline_desktop.ingest.readers import read_file

            document = read_file(path)
            store.add_document(document, RuleExtractor().extract(document, StoreContext(store)))
    return _ids(store)


def _copies(store: Store) -> list[tuple[int, int, int | None]]:
    """(event, source, shared_by) of every stored passage of the group."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(EvidenceRow.event_id, EvidenceRow.source_id, EvidenceRow.shared_by).where(
                EvidenceRow.quote.contains(PASSAGE)
            )
        ).all()
    return sorted((r[0], r[1], r[2]) for r in rows)


def _check_export(store: Store) -> None:
    """No event of the export holds one passage twice, cites a source the export lacks, or
    lives on copies alone."""
    export = json.loads(json.dumps(build_export(store)))
    sources = {s["id"] for s in export["sources"]}
    for e in export["events"]:
        spans = Counter((ev["source_id"], ev["start"], ev["end"]) for ev in e["evidence"])
        assert max(spans.values()) == 1, e["title"]
        assert {ev["source_id"] for ev in e["evidence"]} <= sources
        assert any("shared_by" not in ev for ev in e["evidence"]), e["title"]


def _holding(store: Store) -> list[Event]:
    return sorted(
        (e for e in store.events() if any(PASSAGE in ev.quote for ev in e.evidence)),
        key=lambda e: e.start.earliest_day(),
    )


@pytest.mark.parametrize("bulk", [True, False], ids=["batched", "one at a time"])
def test_the_copy_belongs_to_the_source_that_made_it(
    store: Store, tmp_path: Path, bulk: bool
) -> None:
    ids = _import_group_then_log(store, tmp_path, bulk)
    events = _holding(store)
    assert [e.start.to_iso() for e in events] == ["1991-05-14", "1991-10-02"]
    # one member's event is the group's, the passage its own; the other's is a copy made
    # by the log's extraction
    shared = [ev.shared_by or 0 for e in events for ev in e.evidence if PASSAGE in ev.quote]
    assert sorted(shared) == [0, ids["log.txt"]]
    _check_export(store)
    exported = [
        ev for e in build_export(store)["events"] for ev in e["evidence"] if PASSAGE in ev["quote"]
    ]
    assert sorted(ev.get("shared_by", 0) for ev in exported) == [0, ids["log.txt"]]


def test_reextracting_the_members_source_finds_the_same_events(
    store: Store, tmp_path: Path
) -> None:
    _import_group_then_log(store, tmp_path, True)
    before = [(e.id, e.title, e.start.to_iso()) for e in store.events()]
    copies = _copies(store)
    report = reextract(store, [_ids(store)["log.txt"]])
    assert report.sources == 1 and not report.failed
    assert [(e.id, e.title, e.start.to_iso()) for e in store.events()] == before
    # the copy went with the log's passages (the member's event is found again from them,
    # not kept alive by it); the group's event keeps its own passage
    assert set(_copies(store)) <= set(copies)
    _check_export(store)


def test_reextracting_the_members_source_to_nothing_leaves_no_event_on_a_copy(
    store: Store, tmp_path: Path
) -> None:
    ids = _import_group_then_log(store, tmp_path, True)
    reextract(store, [ids["log.txt"]], extractor=Nothing())
    [group] = store.events()  # the group's own event, back on its own passage
    assert [ev.source_id for ev in group.evidence] == [ids["group.txt"]]
    assert _copies(store) == [(group.id, ids["group.txt"], None)]
    _check_export(store)


def test_removing_the_members_source_takes_its_copies_and_their_event(
    store: Store, tmp_path: Path
) -> None:
    ids = _import_group_then_log(store, tmp_path, True)
    assert store.remove_source(ids["log.txt"]) == 1  # the second member's event
    [group] = store.events()
    assert [ev.source_id for ev in group.evidence] == [ids["group.txt"]]
    assert _copies(store) == [(group.id, ids["group.txt"], None)]
    _check_export(store)


def test_the_group_passages_source_takes_its_copies_when_removed_or_reextracted(
    store: Store, tmp_path: Path
) -> None:
    ids = _import_group_then_log(store, tmp_path, True)
    reextract(store, [ids["group.txt"]], extractor=Nothing())
    assert _copies(store) == []
    assert [e.start.to_iso() for e in store.events()] == ["1991-05-14", "1991-10-02"]
    # found again, the passage goes to both members' events as their own
    source = store.source(ids["group.txt"])
    extraction = RuleExtractor().extract(document_of(source), StoreContext(store))
    store.replace_extraction(ids["group.txt"], extraction)
    assert [(c[1], c[2]) for c in _copies(store)] == [(ids["group.txt"], None)] * 2
    assert len(store.events()) == 2
    _check_export(store)
    store.remove_source(ids["group.txt"])
    assert _copies(store) == []
    assert len(store.events()) == 2
    _check_export(store)


def test_undoing_a_rejection_brings_the_copy_back_as_it_was(store: Store, tmp_path: Path) -> None:
    ids = _import_group_then_log(store, tmp_path, True)
    copies = _copies(store)
    member = _holding(store)[1]
    store.curation.reject([member.id])
    store.curation.undo()
    assert _copies(store) == copies
    # and it still goes with the source that made it
    reextract(store, [ids["log.txt"]], extractor=Nothing())
    assert len(store.events()) == 1
