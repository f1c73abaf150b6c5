"""Failures in one sentence: what failed, why, what to do; never SQL, never a traceback."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from timeline_desktop.cli import main
from timeline_desktop.failures import explain, sentence


def wrapped(message: str) -> OperationalError:
    """A driver error as SQLAlchemy raises it, with the statement and its parameters."""
    return OperationalError(
        "INSERT INTO sources (title, text) VALUES (?, ?)",
        ("notes", "a very long text " * 50),
        sqlite3.OperationalError(message),
    )


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("database or disk is full", "the disk is full"),
        ("database is locked", "try again in a moment"),
        ("database disk image is malformed", "restore a backup"),
        ("file is not a database", "not a Timeline Desktop database"),
        ("attempt to write a readonly database", "read-only"),
    ],
)
def test_database_errors_become_advice(message: str, words: str) -> None:
    text = explain(wrapped(message))
    assert words in text
    assert "INSERT" not in text and "very long text" not in text and "\n" not in text


def test_os_errors_say_what_and_where_but_not_our_temporary_names() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/media/usb/out.json.part")
    assert explain(full) == "the disk is full; free some space and try again (/media/usb/out.json)"
    denied = PermissionError(errno.EACCES, "Permission denied", "/etc/x.pdf")
    assert explain(denied).startswith("permission denied") and "/etc/x.pdf" in explain(denied)
    ours = OSError("cannot write /x/y.json: the folder /x does not exist")
    assert explain(ours) == "cannot write /x/y.json: the folder /x does not exist"


def test_unknown_errors_keep_their_own_first_line() -> None:
    assert explain(RuntimeError("the extractor broke\nmore detail")) == "the extractor broke"
    assert explain(ValueError()) == "ValueError"
    assert explain(wrapped("no such savepoint: sa_1")).startswith("the database reported")
    assert sentence("the export failed", wrapped("database or disk is full")).startswith(
        "The export failed: the disk is full"
    )


def test_exporting_under_a_file_is_one_sentence(tmp_path: Path, capsys) -> None:
    db = tmp_path / "t.db"
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    assert main(["--db", str(db), "export", "--json", str(blocker / "out.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "is a file, not a folder" in err
    assert not list(tmp_path.glob("**/*.part"))


def test_a_database_path_that_is_a_folder_is_one_sentence(tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path), "events"]) == 2  # a wrong --db: bad usage
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot open database" in err
    assert "Traceback" not in err and "sqlalche.me" not in err


def test_a_file_that_is_not_a_database_is_one_sentence(tmp_path: Path, capsys) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are my notes, not a database\n" * 20)
    assert main(["--db", str(junk), "sources"]) == 2
    err = capsys.readouterr().err
    assert "not a Timeline Desktop database" in err and err.count("\n") == 1
    assert junk.read_text().startswith("these are my notes")  # untouched
