"""The bundled demo corpus, imported on first start so a new user never sees an empty window."""

from __future__ import annotations

from timeline_desktop.ingest.pipeline import (
    CancelCheck,
    ImportReport,
    ProgressCallback,
    import_paths,
)
from timeline_desktop.paths import demo_corpus_dir
from timeline_desktop.store.repository import Store


def import_demo_if_empty(
    store: Store,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportReport | None:
    """Import the demo corpus when the database holds no source yet; None if it was not empty."""
    if not store.is_empty():
        return None
    return import_paths(store, [demo_corpus_dir()], progress=progress, cancelled=cancelled)
