"""The command line is a stable interface: output, JSON shapes and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from timeline_desktop.cli import main

pytestmark = pytest.mark.backends

CHRONOLOGY = (
    "date,event,people,place\n"
    "-0043-03-15,Julius Caesar is assassinated in the Senate,Julius Caesar;Brutus,Rome\n"
    "0014-08-19,Augustus dies at Nola,Augustus,Nola\n"
    "1066-10-14,William defeats Harold at Hastings,William the Conqueror;Harold Godwinson,"
    "Hastings\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "chronology.csv").write_text(CHRONOLOGY, encoding="utf-8")
    return folder


def run(db: str | Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_import_then_list(db_target: str, corpus: Path, capsys) -> None:
    assert run(db_target, "import", str(corpus)) == 0
    out = capsys.readouterr().out
    assert "1 files: 1 imported" in out
    assert run(db_target, "sources", "--json") == 0
    [source] = json.loads(capsys.readouterr().out)
    assert source["file_name"] == "chronology.csv" and source["format"] == "csv"
    assert "Caesar" in source["text"]


def test_events_filters(db_target: str, corpus: Path, capsys) -> None:
    run(db_target, "import", str(corpus))
    capsys.readouterr()

    def events(*args: str) -> list[dict]:
        assert run(db_target, "events", "--json", *args) == 0
        return json.loads(capsys.readouterr().out)

    assert [e["start"] for e in events()] == ["-0043-03-15", "0014-08-19", "1066-10-14"]
    assert [e["start"] for e in events("--to", "1 BC")] == ["-0043-03-15"]
    assert [e["start"] for e in events("--from", "44 BC", "--to", "AD 14")] == [
        "-0043-03-15",
        "0014-08-19",
    ]
    assert [e["start"] for e in events("--person", "harold godwinson")] == ["1066-10-14"]
    both = events("--person", "Brutus", "--person", "Augustus")
    assert len(both) == 2
    assert events("--person", "Brutus", "--person", "Augustus", "--all-people") == []
    assert [e["start"] for e in events("--search", "Hastings")] == ["1066-10-14"]


def test_text_listing_shows_bc_labels(db_target: str, corpus: Path, capsys) -> None:
    run(db_target, "import", str(corpus))
    capsys.readouterr()
    assert run(db_target, "events") == 0
    out = capsys.readouterr().out
    assert "15 March 44 BC" in out and "AD 14" in out


def test_usage_errors_exit_2(db_target: str, corpus: Path, capsys) -> None:
    run(db_target, "import", str(corpus))
    assert run(db_target, "events", "--from", "the day after tomorrow") == 2
    assert "the day after tomorrow" in capsys.readouterr().err
    assert run(db_target, "events", "--person", "Cleopatra") == 2
    assert "Cleopatra" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        run(db_target, "frobnicate")
    assert exc.value.code == 2


def test_failed_files_exit_1(db_target: str, tmp_path: Path, capsys) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run(db_target, "import", str(tmp_path / "empty.txt")) == 1
    assert "empty.txt" in capsys.readouterr().err


def test_export_json_format(db_target: str, corpus: Path, tmp_path: Path) -> None:
    run(db_target, "import", str(corpus))
    out = tmp_path / "out.json"
    assert run(db_target, "export", "--json", str(out)) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "timeline-desktop/1"
    assert set(data) >= {"sources", "people", "events"}
    texts = {s["id"]: s["text"] for s in data["sources"]}
    for event in data["events"]:
        assert set(event) >= {
            "id",
            "title",
            "summary",
            "start",
            "end",
            "precision",
            "approximate",
            "places",
            "people",
            "evidence",
        }
        for ev in event["evidence"]:
            assert ev["quote"] == texts[ev["source_id"]][ev["start"] : ev["end"]]
    caesar = next(e for e in data["events"] if e["start"] == "-0043-03-15")
    assert caesar["precision"] == "day" and caesar["places"] == ["Rome"]
    assert {p["name"] for p in data["people"]} >= {"Julius Caesar", "Augustus"}
    # a filtered export holds only what was selected
    assert run(db_target, "export", "--json", str(out), "--person", "Augustus") == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["title"] for e in data["events"]] == ["Augustus dies at Nola"]


def test_python_dash_m_entry_point(db_target: str, corpus: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline_desktop", "--db", db_target, "import", str(corpus)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "1 imported" in result.stdout
