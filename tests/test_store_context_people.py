"""The events of a person an import compares a report of a death (or an accession) with.

A report that may contradict a stored event is compared with the events of its person for
ten years around its date (`StoreContext.events_naming`), not with every event of those
years. Whatever the import has written since, those must be exactly the events meeting the
days that name the person, as a scan of all the events would find them.
"""

from __future__ import annotations

from pathlib import Path

from timeline_desktop.extract.lexicon import load
from timeline_desktop.extract.names import NameWords
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import FileStatus, StoreContext, import_file
from timeline_desktop.store.repository import Store

TEXTS = [
    "Queen Anne of Brackley was crowned in March 1702. Anne of Brackley died on 1 August 1714.",
    "In 1705 Queen Anne of Brackley opened the new harbour. Robert Harley built a mill in 1706.",
    "Robert Harley was dismissed in July 1714. Anne of Brackley fell ill on 30 July 1714.",
    "The harbour of Brackley flooded in 1703, and Robert Harley paid for the repairs in 1704.",
]


def _scan(context: StoreContext, key: str, lo: int, hi: int) -> list[int]:
    w = load().compiled(NameWords)
    return [e.id for e in context.events_overlapping(lo, hi) if key in {w.key(n) for n in e.people}]


def test_a_persons_events_are_those_a_scan_finds(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.db")
    context = StoreContext(store)
    w = load().compiled(NameWords)
    windows = [(600_000, 700_000), (622_000, 623_000), (623_500, 626_000), (0, 1)]
    asked = 0
    for i, text in enumerate(TEXTS):
        path = tmp_path / f"{i}.txt"
        path.write_text(text, encoding="utf-8")
        assert import_file(store, path, RuleExtractor(), context).status == FileStatus.IMPORTED
        for person in store.people():
            key = w.key(person.name)
            for lo, hi in windows:
                got = [e.id for e in context.events_naming(key, lo, hi)]
                assert got == _scan(context, key, lo, hi)
                asked += bool(got)
    assert asked  # (some of the windows hold a person's events)
    # a rejected event is no candidate, whatever links it keeps
    keys = {w.key(p.name) for p in store.people()}
    key = max(keys, key=lambda k: len(context.events_naming(k, 0, 10**6)))
    before = [e.id for e in context.events_naming(key, 0, 10**6)]
    assert len(before) >= 2
    store.curation.reject([before[0]])
    context.forget()
    assert [e.id for e in context.events_naming(key, 0, 10**6)] == before[1:]
    assert context.events_naming("nobody known", 0, 10**6) == []
    store.close()
