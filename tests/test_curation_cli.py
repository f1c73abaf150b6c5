"""The curation command line: the exact forms scripts use, exit codes, and persistence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline_desktop.cli import main
from timeline_desktop.store.repository import Store


@pytest.fixture
def db(tmp_path: Path, notes: Path) -> Path:
    db = tmp_path / "cli.db"
    assert main(["--db", str(db), "import", str(notes)]) == 0
    return db


def run(db: Path, capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def events(db: Path, capsys, *args: str) -> list[dict]:
    code, out, _ = run(db, capsys, "events", "--json", *args)
    assert code == 0
    return json.loads(out)


def event_quoting(db: Path, capsys, words: str) -> dict:
    return next(e for e in events(db, capsys) if any(words in v["quote"] for v in e["evidence"]))


def test_event_add_edit_delete_merge_split(db: Path, capsys) -> None:
    code, out, _ = run(
        db,
        capsys,
        "event", "add", "--title", "Senate names Octavian Augustus",
        "--date", "16 January 27 BC", "--person", "Augustus", "--place", "Rome",
        "--summary", "The title marks the start of the Principate.",
        "--quote", "1:0:25:mentions",
    )  # fmt: skip
    assert code == 0
    new_id = int(out.strip())
    [added] = events(db, capsys, "--ids", str(new_id))
    assert added["origin"] == "manual" and added["start"] == "-0026-01-16"
    assert added["people"] == ["Augustus"] and added["places"] == ["Rome"]
    assert added["evidence"][0]["stance"] == "mentions"

    fire = event_quoting(db, capsys, "Great Fire")
    code, _, _ = run(
        db, capsys, "event", "edit", str(fire["id"]), "--title", "Fire of London",
        "--date", "2 September 1666", "--end", "6 September 1666", "--place", "London",
    )  # fmt: skip
    assert code == 0
    [edited] = events(db, capsys, "--ids", str(fire["id"]))
    assert edited["title"] == "Fire of London" and edited["end"] == "1666-09-06"
    assert edited["origin"] == "edited"
    assert set(edited["edited_fields"]) == {"title", "date", "places"}
    assert run(db, capsys, "event", "edit", str(fire["id"]), "--no-end")[0] == 0
    assert events(db, capsys, "--ids", str(fire["id"]))[0]["end"] is None

    hastings = event_quoting(db, capsys, "Hastings")
    crowned = event_quoting(db, capsys, "crowned")
    code, out, _ = run(db, capsys, "event", "merge", str(hastings["id"]), str(crowned["id"]))
    assert code == 0 and int(out) == hastings["id"]
    [merged] = events(db, capsys, "--ids", out.strip())
    assert len(merged["evidence"]) == len(hastings["evidence"]) + len(crowned["evidence"])

    position = 1 + next(i for i, v in enumerate(merged["evidence"]) if "crowned" in v["quote"])
    code, out, _ = run(db, capsys, "event", "split", str(merged["id"]), "--evidence", str(position))
    assert code == 0
    [split] = events(db, capsys, "--ids", out.strip())
    assert "crowned" in split["evidence"][0]["quote"]
    assert split["start"] == "1066-12-25"  # proposed from the passage, not copied

    assert run(db, capsys, "event", "delete", str(split["id"]))[0] == 0
    assert all(e["id"] != split["id"] for e in events(db, capsys))
    assert [e["id"] for e in events(db, capsys, "--rejected")] == [split["id"]]


def test_evidence_commands(db: Path, capsys) -> None:
    event = event_quoting(db, capsys, "assassinated")
    code, out, _ = run(db, capsys, "event", "attach", str(event["id"]), "--quote", "1:0:25")
    assert code == 0
    evidence_id = int(out.split()[3])
    assert run(db, capsys, "event", "stance", str(evidence_id), "contradicts")[0] == 0
    [now] = events(db, capsys, "--ids", str(event["id"]))
    assert any(v["id"] == evidence_id and v["stance"] == "contradicts" for v in now["evidence"])
    assert run(db, capsys, "event", "detach", str(evidence_id))[0] == 0
    [now] = events(db, capsys, "--ids", str(event["id"]))
    assert all(v["id"] != evidence_id for v in now["evidence"])


def test_person_commands(db: Path, capsys) -> None:
    assert run(db, capsys, "person", "rename", "Julius Caesar", "Gaius Julius Caesar")[0] == 0
    assert run(db, capsys, "person", "merge", "Gaius Julius Caesar", "Marcus Brutus")[0] == 0
    code, out, _ = run(db, capsys, "person", "split", "Gaius Julius Caesar", "Marcus Brutus")
    assert code == 0
    assert run(db, capsys, "person", "not-a-person", "Harold Godwinson")[0] == 0
    code, out, _ = run(db, capsys, "people", "--json")
    people = {p["name"]: p for p in json.loads(out)}
    assert "Julius Caesar" in people["Gaius Julius Caesar"]["aliases"]
    assert "Marcus Brutus" in people and "Harold Godwinson" not in people
    code, _, err = run(db, capsys, "person", "rename", "Nobody At All", "X")
    assert code == 2 and "no person is called 'Nobody At All'" in err


def test_undo_after_restart_history_json_and_redo(db: Path, capsys) -> None:
    fire = event_quoting(db, capsys, "Great Fire")
    run(db, capsys, "event", "edit", str(fire["id"]), "--title", "Fire")
    run(db, capsys, "event", "delete", str(fire["id"]))
    code, out, _ = run(db, capsys, "history", "--json")
    history = json.loads(out)
    assert [h["description"] for h in history] == [
        f"edited title of event {fire['id']}",
        f"rejected event {fire['id']}",
    ]
    assert history[0]["events"] == [fire["id"]] and history[0]["undone"] is False
    # each main() call opens the database afresh, as after a restart
    code, out, _ = run(db, capsys, "undo")
    assert code == 0 and out.strip() == f"undid: rejected event {fire['id']}"
    code, out, _ = run(db, capsys, "undo")
    assert out.strip() == f"undid: edited title of event {fire['id']}"
    assert event_quoting(db, capsys, "Great Fire")["title"] == fire["title"]
    code, out, _ = run(db, capsys, "redo")
    assert out.strip() == f"redid: edited title of event {fire['id']}"
    code, out, _ = run(db, capsys, "history")
    assert "(undone)" in out and "edited title" in out
    assert run(db, capsys, "undo")[0] == 0
    assert run(db, capsys, "undo")[2] == "" and run(db, capsys, "undo")[1] == "nothing to undo\n"


def test_reextract_command_keeps_corrections(db: Path, capsys) -> None:
    fire = event_quoting(db, capsys, "Great Fire")
    run(db, capsys, "event", "edit", str(fire["id"]), "--title", "Fire of London")
    augustus = event_quoting(db, capsys, "Augustus died")
    run(db, capsys, "event", "delete", str(augustus["id"]))
    code, out, _ = run(db, capsys, "reextract")
    assert code == 0 and out.startswith("re-extracted 1 sources")
    assert run(db, capsys, "reextract", "--source", "1")[0] == 0
    now = events(db, capsys)
    assert next(e for e in now if e["id"] == fire["id"])["title"] == "Fire of London"
    assert all("Augustus died" not in v["quote"] for e in now for v in e["evidence"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["event", "edit", "999", "--title", "x"], "no event with id 999"),
        (["event", "edit", "1", "--date", "the other day"], "--date: cannot parse date"),
        (["event", "add", "--title", "x", "--date", "1066", "--quote", "1:5:999999"], "outside"),
        (["event", "add", "--title", "x", "--date", "1066", "--quote", "one:two"], "--quote"),
        (["event", "add", "--title", "x", "--date", "1066", "--quote", "7:0:5"], "no source"),
        (["event", "merge", "1", "1"], "at least two"),
        (["event", "split", "1", "--evidence", "77"], "has no evidence 77"),
        (["event", "delete", "1", "4242"], "no event with id 4242"),
        (["event", "detach", "4242"], "no evidence with id 4242"),
        (["reextract", "--source", "9"], "no source with id 9"),
    ],
)
def test_bad_input_exits_2_and_changes_nothing(
    db: Path, capsys, args: list[str], message: str
) -> None:
    with Store.open(db) as store:
        before = (store.events(), store.people(), store.curation.history())
    code, _, err = run(db, capsys, *args)
    assert code == 2
    assert message in err and "Traceback" not in err
    with Store.open(db) as store:
        assert (store.events(), store.people(), store.curation.history()) == before
