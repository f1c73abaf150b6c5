"""An import collects garbage less often while it runs, and as before afterwards."""

from __future__ import annotations

import gc
from pathlib import Path

from timeline_desktop.ingest import collect, pipeline
from timeline_desktop.ingest.collect import IMPORT_THRESHOLDS, fewer_collections
from timeline_desktop.store.repository import Store


def test_thresholds_are_raised_inside_and_restored_after_nested_blocks() -> None:
    before = gc.get_threshold()
    assert before != IMPORT_THRESHOLDS
    with fewer_collections():
        assert gc.get_threshold() == IMPORT_THRESHOLDS
        with fewer_collections():  # an import started while another runs
            assert gc.get_threshold() == IMPORT_THRESHOLDS
        assert gc.get_threshold() == IMPORT_THRESHOLDS  # the first still runs
    assert gc.get_threshold() == before


def test_an_import_runs_with_fewer_collections_and_restores_them(
    tmp_path: Path, monkeypatch
) -> None:
    seen: list[tuple[int, int, int]] = []
    extract = pipeline._extract

    def noting(*args, **kwargs):
        seen.append(gc.get_threshold())
        return extract(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_extract", noting)
    note = tmp_path / "a.txt"
    note.write_text("The harbour of Keld flooded on 3 March 1871.", encoding="utf-8")
    before = gc.get_threshold()
    store = Store.open(tmp_path / "t.db")
    try:
        report = pipeline.import_paths(store, [note])
    finally:
        store.close()
    assert not report.failed
    assert seen == [IMPORT_THRESHOLDS]
    assert gc.get_threshold() == before
    assert collect._depth == 0
