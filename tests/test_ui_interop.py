"""The window's side of interop: lanes by category, File > Export, images of the view, and
an import report that lists the rows it skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.exporting import FORMATS
from timeline_desktop.ui.importing import report_details, report_text
from timeline_desktop.ui.main_window import MainWindow, source_file_filter
from timeline_desktop.ui.state import LaneMode
from timeline_desktop.ui.tasks import wait_for_tasks

SHEET = (
    "Year,Month,Day,Headline,Text,Group\n"
    "1815,6,18,Battle of Waterloo,Napoleon defeated,Battles\n"
    "1815,12,10,Ada Lovelace born,,People\n"
    "1805,12,2,Battle of Austerlitz,,Battles\n"
    "soon,,,A row without a year,,\n"
)


@pytest.fixture
def window(qtbot, store: Store, tmp_path: Path):
    sheet = tmp_path / "napoleonic.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    import_paths(store, [sheet])
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(store, settings)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    yield win
    wait_for_tasks()


def settle(qtbot, window: MainWindow) -> None:
    for _ in range(3):
        wait_for_tasks()
        qtbot.wait(50)
    qtbot.waitUntil(lambda: not window.timeline.is_loading())


def test_a_lane_per_category(qtbot, window: MainWindow) -> None:
    settle(qtbot, window)
    lane_action = next(a for a in window.lane_actions.actions() if "Category" in a.text())
    lane_action.trigger()
    assert window.state.lanes is LaneMode.CATEGORIES
    qtbot.waitUntil(lambda: "Battles" in " ".join(window.timeline.lane_names()))
    names = window.timeline.lane_names()
    assert any(n.startswith("Battles") for n in names)
    assert any(n.startswith("People") for n in names)


def test_file_export_menu_offers_every_format(window: MainWindow) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    export = next(a.menu() for a in menu.actions() if a.text() == "E&xport")
    texts = [a.text() for a in export.actions() if a.text()]
    assert texts == [f.menu for f in FORMATS] + ["View as &Image (PNG or SVG)…"]
    filter_text = source_file_filter()
    for pattern in ("*.json", "*.timeline", "*.xml", "*.csv"):
        assert pattern in filter_text


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.key)
def test_export_writes_the_filtered_events_in_the_background(
    qtbot, window: MainWindow, tmp_path: Path, fmt
) -> None:
    window.state.set_filter(EventFilter(categories=("Battles",)))
    out = tmp_path / f"battles{fmt.suffix}"
    job = window.exports.export(fmt, out, show_dialog=False)
    with qtbot.waitSignal(job.sig_done, timeout=30_000) as done:
        pass
    assert done.args[1] == "" and done.args[0] == 2  # the two battles, nothing else
    again = Store.open(tmp_path / "again.db")
    [result] = import_paths(again, [out]).files
    assert result.events == 2
    assert sorted(e.title for e in again.events()) == ["Battle of Austerlitz", "Battle of Waterloo"]
    again.close()
    qtbot.waitUntil(lambda: out.name in window.statusBar().currentMessage())


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_export_view_as_image(qtbot, window: MainWindow, tmp_path: Path, suffix: str) -> None:
    settle(qtbot, window)
    out = tmp_path / f"view{suffix}"
    window.exports.save_image(out)
    assert out.is_file() and out.stat().st_size > 1000
    if suffix == ".png":
        image = QImage(str(out))
        assert (image.width(), image.height()) == (
            window.timeline.width(),
            window.timeline.height(),
        )
    else:
        text = out.read_text(encoding="utf-8")
        assert "<svg" in text and "Waterloo" in text  # labels stay text in the vector file


def test_the_import_report_lists_skipped_rows_and_unsupported_files(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sheet.csv").write_text(SHEET, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    report = import_paths(store, [folder])
    text = report_text(report)
    assert "1 rows skipped" in text
    assert "sheet.csv: skipped line 5: unreadable year 'soon'" in text
    assert "Not imported (no reader for their type): scan.pdf." in text
    assert "skipped line 5" in report_details(report)
