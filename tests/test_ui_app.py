"""First start: an empty database gets the demo corpus, imported off the GUI thread."""

from __future__ import annotations

from timeline_desktop.store.repository import Store
from timeline_desktop.ui.app import PlaceholderWindow, _run_first_import


def test_first_start_imports_the_demo_corpus_and_shows_it(qtbot, store: Store) -> None:
    assert store.is_empty()
    _run_first_import(store)
    titles = [s.file_name for s in store.sources(with_text=False)]
    assert "caesar-ides-of-march.txt" in titles and "README.md" not in titles
    assert store.count_events() > 10

    window = PlaceholderWindow(store)
    qtbot.addWidget(window)
    window.show()
    shown = window.centralWidget().text()
    assert f"{len(titles)} sources" in shown
    assert f"{store.count_events()} events" in shown


def test_a_database_with_sources_is_left_alone(qtbot, store: Store, tmp_path) -> None:
    from timeline_desktop.ingest.pipeline import import_paths

    note = tmp_path / "note.txt"
    note.write_text("The Great Fire of London began on 2 September 1666.\n")
    import_paths(store, [note])
    _run_first_import(store)
    assert [s.file_name for s in store.sources(with_text=False)] == ["note.txt"]
