"""The fast prose path stores exactly what the plain one does.

An import run keeps stored events, their facts and the known people in memory between files
and writes each extraction in batches (`store.bulk`). Both are only optimisations: importing
a mixed corpus that way must give the same sources, people, events, evidence and
corroborations, byte for byte, as extracting each file against the store itself and storing
it with `Store.add_document`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from timeline_desktop.domain.model import Event, Person
from timeline_desktop.export.json_export import build_export
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import FileStatus, StoreContext, discover, import_file
from timeline_desktop.ingest.readers import read_file
from timeline_desktop.store.bulk import load_events
from timeline_desktop.store.repository import Store

REPO = Path(__file__).resolve().parents[1]
YEAR = re.compile(r"(?<![\d.,])(1[0-9]{3})(?![\d])")
CORPUS = [
    path
    for path in (
        REPO / "resources" / "demo",
        REPO / "tests" / "data" / "heldout",
        REPO.parent / "shared" / "corpus" / "seeds",  # when it is beside the repository
    )
    if path.is_dir()
]


class PlainContext:
    """The store itself, asked afresh for every draft."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def known_people(self) -> Sequence[Person]:
        return self.store.people()

    def events_overlapping(self, earliest_day: int, latest_day: int) -> Sequence[Event]:
        return self.store.events_overlapping(earliest_day, latest_day)


def load_events_of(store: Store, ids: list[int]) -> list[Event]:
    with store.engine.connect() as conn:
        return load_events(conn, ids)


def exported(store: Store) -> str:
    return json.dumps(build_export(store), sort_keys=True, ensure_ascii=False)


@pytest.mark.slow
def test_cached_context_and_batched_writes_store_the_same(tmp_path: Path) -> None:
    files = [
        p for p in discover(CORPUS) if p.suffix not in (".csv", ".tsv") and p.name != "gold.json"
    ]
    # the documents four times over: as they are, with their years moved on by three
    # (contradictions), as they are again (corroborations), moved again (both)
    copies = []
    for i, path in enumerate(files * 4):
        copy = tmp_path / "in" / f"{i:03d}-{path.name}"
        copy.parent.mkdir(exist_ok=True)
        text = path.read_text(encoding="utf-8", errors="replace")
        if (i // len(files)) % 2:
            text = YEAR.sub(lambda m: str(int(m[1]) + 3), text)
        copy.write_text(text + "\n" * (i // len(files)), encoding="utf-8")
        copies.append(copy)

    fast = Store.open(tmp_path / "fast.db")
    context = StoreContext(fast)
    extractor = RuleExtractor()
    results = [import_file(fast, path, extractor, context) for path in copies]
    assert all(r.status == FileStatus.IMPORTED for r in results), [r.error for r in results]
    # the cache holds the events exactly as the database does, though it never re-read them
    cached = context.cached_events()
    assert len(cached) > 100
    assert cached == load_events_of(fast, [e.id for e in cached])

    plain = Store.open(tmp_path / "plain.db")
    for path in copies:
        document = read_file(path)
        plain.add_document(document, extractor.extract(document, PlainContext(plain)))

    assert sum(r.corroborated for r in results) > 0
    assert exported(fast) == exported(plain)
    fast.close()
    plain.close()


@pytest.mark.slow
def test_the_fast_path_respects_curation_as_the_store_does(tmp_path: Path) -> None:
    """Rejected events, edited events and names marked 'not a person' are treated alike."""
    files = [p for p in discover(CORPUS) if p.suffix not in (".csv", ".tsv", ".json")]
    first, second = [], []
    for i, path in enumerate(files * 2):
        copy = tmp_path / "in" / f"{i:03d}-{path.name}"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(path.read_bytes() + b"\n" * (i // len(files)))
        (first if i < len(files) else second).append(copy)
    extractor = RuleExtractor()
    stores = [Store.open(tmp_path / "fast.db"), Store.open(tmp_path / "plain.db")]
    for store in stores:  # the same first round and the same corrections in both
        for path in first:
            document = read_file(path)
            store.add_document(document, extractor.extract(document, PlainContext(store)))
        events = store.events()
        people = sorted(store.people(), key=lambda p: -p.event_count)
        store.curation.reject([e.id for e in events[::7]])
        for event in events[1::4]:
            store.curation.edit_event(event.id, places=["Somewhere"])
        store.curation.edit_event(events[2].id, title="A title a user wrote")
        for person in people[:3]:
            store.curation.set_not_person(person.id)
    fast, plain = stores
    results = [import_file(fast, p, extractor, StoreContext(fast)) for p in second[:1]]
    context = StoreContext(fast)
    results += [import_file(fast, p, extractor, context) for p in second[1:]]
    assert all(r.status == FileStatus.IMPORTED for r in results)
    for path in second:
        document = read_file(path)
        plain.add_document(document, extractor.extract(document, PlainContext(plain)))
    assert exported(fast) == exported(plain)
    for store in stores:
        store.close()


@pytest.mark.slow
def test_a_new_version_mid_run_leaves_the_cache_as_the_database(tmp_path: Path) -> None:
    """A changed file imported again in the middle of a run replaces its source's events
    behind the run's caches; what the run stores afterwards is the same as with a context
    that reads everything afresh for each file."""
    files = [p for p in discover(CORPUS) if p.suffix not in (".csv", ".tsv", ".json")][:12]
    assert len(files) >= 6
    (tmp_path / "in").mkdir()
    copies = []
    for i, path in enumerate(files * 2):
        copy = tmp_path / "in" / f"{i:03d}-{path.name}"
        copy.write_bytes(path.read_bytes() + b"\n" * (i // len(files)))
        copies.append(copy)
    first, second = copies[: len(files)], copies[len(files) :]
    changed = first[1]
    original = changed.read_bytes()
    # the changed file: a paragraph dropped, another added (its old events go, new ones come)
    paragraphs = original.decode("utf-8", errors="replace").split("\n\n")
    edited = "\n\n".join([*paragraphs[1:], "On 4 March 1921 the harbour flooded again."])

    def run(store: Store, one_context: bool) -> StoreContext:
        context = StoreContext(store)
        extractor = RuleExtractor()

        def ctx() -> StoreContext:
            return context if one_context else StoreContext(store)

        changed.write_bytes(original)
        results = [import_file(store, p, extractor, ctx()) for p in first]
        changed.write_text(edited, encoding="utf-8")
        results.append(import_file(store, changed, extractor, ctx()))
        assert results[-1].status == FileStatus.UPDATED, results[-1].error
        results += [import_file(store, p, extractor, ctx()) for p in second]
        assert all(r.status in (FileStatus.IMPORTED, FileStatus.UPDATED) for r in results)
        return context

    fast, fresh = Store.open(tmp_path / "fast.db"), Store.open(tmp_path / "fresh.db")
    context = run(fast, one_context=True)
    run(fresh, one_context=False)
    cached = context.cached_events()
    assert len(cached) > 20
    assert cached == load_events_of(fast, [e.id for e in cached])
    assert exported(fast) == exported(fresh)
    fast.close()
    fresh.close()
