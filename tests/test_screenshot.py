"""`timeline-desktop screenshot` renders the real main window to a PNG without a screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from timeline_desktop.cli import main
from timeline_desktop.store.repository import Store


def distinct_colours(image: QImage, step: int = 23) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_screenshot_of_the_demo_corpus(qapp, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert main(["--db", str(db_path), "screenshot", str(out), "--size", "1200x800"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    assert distinct_colours(image) > 20  # a real window with content, not a blank frame
    with Store.open(db_path) as store:
        assert not store.is_empty()  # an empty database got the demo corpus, as on first start


def test_screenshot_with_person_and_selection(qapp, db_path: Path, tmp_path: Path) -> None:
    main(["--db", str(db_path), "screenshot", str(tmp_path / "a.png"), "--size", "800x600"])
    with Store.open(db_path) as store:
        person = max(store.people(), key=lambda p: p.event_count)
        event_id = int(store.timeline().ids[0])
    out = tmp_path / "b.png"
    code = main(
        [
            "--db",
            str(db_path),
            "screenshot",
            str(out),
            "--person",
            person.name,
            "--select",
            str(event_id),
        ]
    )
    assert code == 0 and QImage(str(out)).width() == 1600


def test_screenshot_usage_errors(qapp, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    assert main(["--db", str(db_path), "screenshot", str(out), "--size", "big"]) == 2
    assert main(["--db", str(db_path), "screenshot", str(out), "--person", "Nobody"]) == 2
    assert not out.exists()
