"""The main window, driven like a user would: import, filter, select, search, zoom."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from timeline_desktop.ingest.pipeline import FileStatus, import_paths
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.main_window import MainWindow, find_match
from timeline_desktop.ui.tasks import wait_for_tasks

CHRONOLOGY = (
    "date,event,people,place\n"
    "1789-07-14,Crowds storm the Bastille,Bernard-René de Launay,Paris\n"
    "1793-01-21,Louis XVI is executed,Louis XVI,Paris\n"
    "1804-12-02,Napoleon is crowned emperor,Napoleon Bonaparte,Paris\n"
    "1815-06-18,Napoleon is defeated at Waterloo,Napoleon Bonaparte;Duke of Wellington,Waterloo\n"
)


@pytest.fixture
def window(qtbot, store: Store, tmp_path: Path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    wait_for_tasks()


def settle(qtbot) -> None:
    wait_for_tasks()
    qtbot.wait(50)
    wait_for_tasks()


def test_first_start_imports_the_demo_in_the_background(qtbot, window: MainWindow) -> None:
    assert window.state.store.is_empty()
    job = window.import_paths(None, show_dialog=False)
    assert job is not None
    with qtbot.waitSignal(job.sig_done, timeout=60_000):
        pass
    names = {s.file_name for s in window.state.store.sources(with_text=False)}
    assert "caesar-ides-of-march.txt" in names and "README.md" not in names
    settle(qtbot)
    total = window.state.store.count_events()
    qtbot.waitUntil(lambda: f"{total:,} of {total:,} events" in window._status.text())


def test_import_by_drop_reports_bad_files(qtbot, window: MainWindow, tmp_path: Path) -> None:
    good = tmp_path / "revolution.csv"
    good.write_text(CHRONOLOGY, encoding="utf-8")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    job = window.import_paths([str(good), str(bad)], show_dialog=False)
    with qtbot.waitSignal(job.sig_done, timeout=30_000) as blocker:
        pass
    report = blocker.args[0]
    assert len(report.failed) == 1 and "empty.txt" in report.failed[0].error
    assert window.state.store.count_events() == 4


def test_search_filters_and_status_counts(qtbot, window: MainWindow, tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(CHRONOLOGY, encoding="utf-8")
    import_paths(window.state.store, [tmp_path / "r.csv"])
    window.state.notify_data_changed()
    window.search.act_filter.setChecked(True)  # Edit > Show Only Matches
    qtbot.keyClicks(window.search.edit, "Napoleon")
    qtbot.waitUntil(lambda: window.state.filter.search == "Napoleon", timeout=3000)
    settle(qtbot)
    qtbot.waitUntil(lambda: window._status.text().startswith("2 of 4 events"), timeout=5000)
    assert "matching “Napoleon”" in window._status.text()
    window.clear_filter()
    assert window.state.filter.search is None


def test_person_filter_and_selection_in_status(qtbot, window: MainWindow, tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(CHRONOLOGY, encoding="utf-8")
    import_paths(window.state.store, [tmp_path / "r.csv"])
    window.state.notify_data_changed()
    window.state.set_people(("napoleon bonaparte",))
    settle(qtbot)
    qtbot.waitUntil(
        lambda: window._status.text() == "2 of 4 events, 1 person selected", timeout=5000
    )
    first = int(window.state.store.timeline(window.state.filter).ids[0])
    window.state.select((first,))
    qtbot.waitUntil(lambda: window._status.text().endswith("1 selected"), timeout=5000)


def test_layout_is_remembered(qtbot, store: Store, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    win.show()
    win.people_dock.hide()
    win.close()
    again = MainWindow(store, settings)
    qtbot.addWidget(again)
    again.show()
    assert again.people_dock.isHidden()


def test_find_match_prefers_the_phrase_then_words() -> None:
    # not side by side: the first of the words in the text
    assert find_match("The Congress of Vienna", "vienna congress") == (4, 12)
    assert find_match("nothing here", "Vienna") == (0, 0)
    text = "The secret police watched; later the Secret  Speech was read."
    assert text[slice(*find_match(text, "secret speech"))] == "Secret  Speech"
    assert text[slice(*find_match(text, "Sécret"))] == "secret"  # accents do not matter


def test_dropping_a_folder_imports_it(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    folder = tmp_path / "dropped"
    folder.mkdir()
    (folder / "r.csv").write_text(CHRONOLOGY, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    job = window._import_job
    assert job is not None
    with qtbot.waitSignal(job.sig_done, timeout=30_000):
        pass
    assert window.state.store.count_events() == 4
    settle(qtbot)
    qtbot.waitUntil(lambda: window.event_list.model.rowCount() == 4, timeout=5000)


def test_a_folder_import_from_the_window_uses_the_helper_process(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started from the window's worker thread, a folder import hands files to a second
    process and shows the same events as an import done in one process."""
    from timeline_desktop.extract.rules import RuleExtractor
    from timeline_desktop.ingest import readahead

    folder = tmp_path / "notes"
    folder.mkdir()
    demo = Path(__file__).resolve().parents[1] / "resources" / "demo"
    for i, path in enumerate(sorted(demo.glob("*.*"))):
        if path.suffix in (".txt", ".md", ".html", ".wiki"):
            (folder / f"{i:02d}-{path.name}").write_bytes(path.read_bytes())
    monkeypatch.setattr(readahead, "MIN_FILES", 2)
    monkeypatch.setattr(readahead, "MIN_BYTES", 0)
    monkeypatch.setattr(readahead, "HEAD_START_BYTES", 0)
    finished = []
    finish = RuleExtractor.finish

    def counted(self: RuleExtractor, *args: object) -> object:
        finished.append(1)
        return finish(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(RuleExtractor, "finish", counted)
    job = window.import_paths([str(folder)], show_dialog=False)
    assert job is not None
    with qtbot.waitSignal(job.sig_done, timeout=120_000) as blocker:
        pass
    report = blocker.args[0]
    assert not report.failed and report.count(FileStatus.IMPORTED) >= 4
    assert finished  # files came prepared from the helper

    alone = Store.open(tmp_path / "alone.db")
    monkeypatch.setattr(readahead, "MIN_FILES", 10**9)
    import_paths(alone, [folder])
    settle(qtbot)
    total = alone.count_events()
    assert window.state.store.count_events() == total > 0
    qtbot.waitUntil(lambda: f"{total:,} of {total:,} events" in window._status.text())
    alone.close()
