"""`timeline-desktop explain`: why each event of a document exists, readable by a historian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline_desktop.cli import main
from timeline_desktop.store.repository import Store

ANNALS = (
    "The Annals of Varna\n\n"
    "Count Emeric Szalay founded the town of Varna in 1204. "
    "On 3 May 1231, Szalay's son Bela was crowned king in the cathedral. "
    "Bela died in 1250, and his brother Geza succeeded him two years later.\n"
)


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


@pytest.fixture
def annals(tmp_path: Path) -> Path:
    path = tmp_path / "annals.txt"
    path.write_text(ANNALS, encoding="utf-8")
    return path


def _events(out: str) -> list[str]:
    return re.split(r"\n── Event ", out)[1:]


def test_explain_an_imported_source_numbers_its_stored_events(
    db_path: Path, annals: Path, capsys
) -> None:
    assert run(db_path, "import", str(annals)) == 0
    capsys.readouterr()
    assert run(db_path, "explain", "1") == 0
    out = capsys.readouterr().out
    with Store.open(db_path) as store:
        stored = {e.id: e for e in store.events()}
    blocks = _events(out)
    assert len(blocks) == len(stored)
    crowned = next(b for b in blocks if "crowned" in b)
    event_id = int(re.search(r"stored as event #(\d+)", crowned).group(1))
    assert stored[event_id].start.label() == "3 May 1231"
    # the sentence, the date and the names with the rules that read them, in words
    assert "“On 3 May 1231, Szalay's son Bela was crowned king in the cathedral.”" in crowned
    assert "“3 May 1231” → 3 May 1231 — date rule day-month-year" in crowned
    assert "a day, a month and a year" in crowned
    assert "person rule" in crowned and "“Szalay's”" not in crowned
    assert "clause rule past-tense verb" in crowned
    assert "found by: drafting rule dated clause, date rule day-month-year" in crowned


def test_explain_one_event_and_a_file_not_imported(db_path: Path, annals: Path, capsys) -> None:
    assert run(db_path, "import", str(annals)) == 0
    with Store.open(db_path) as store:
        died = next(e for e in store.events() if e.start.label() == "1250")
    capsys.readouterr()
    assert run(db_path, "explain", "1", "--event", str(died.id)) == 0
    out = capsys.readouterr().out
    [block] = _events(out)
    assert f"stored as event #{died.id}" in block and "Bela died" in block
    # the same text as a file not yet imported: explained, numbered but not stored
    other = annals.with_name("annals-copy.txt")
    other.write_text(ANNALS + "\n", encoding="utf-8")
    assert run(db_path, "explain", str(other)) == 0
    out = capsys.readouterr().out
    assert "not imported yet" in out and "stored as" not in out
    assert "matching rule same happening as stored event" in out


def test_explain_reports_unknown_targets_and_events(db_path: Path, annals: Path, capsys) -> None:
    assert run(db_path, "import", str(annals)) == 0
    capsys.readouterr()
    assert run(db_path, "explain", "42") == 2
    assert "no source with id 42" in capsys.readouterr().err
    assert run(db_path, "explain", "1", "--event", "9999") == 2
    assert "event 9999 is not one of the events of annals.txt" in capsys.readouterr().err
    assert run(db_path, "explain", "no/such/file.txt") == 2
    assert "no such file" in capsys.readouterr().err


def test_explain_works_on_every_seed(db_path: Path, seeds: Path, capsys) -> None:
    assert run(db_path, "import", str(seeds)) == 0
    with Store.open(db_path) as store:
        sources = store.sources(with_text=False)
        stored = {e.id for e in store.events()}
    capsys.readouterr()
    seen: set[int] = set()
    for s in sources:
        assert run(db_path, "explain", str(s.id)) == 0
        out = capsys.readouterr().out
        assert s.file_name in out
        for block in _events(out):
            assert "Stated in:" in block and "found by: " in block
            m = re.search(r"event #(\d+)\)", block)
            assert m, block[:200]
            seen.add(int(m.group(1)))
    assert seen == stored  # every stored event is explained by some source
