"""Shared fixtures: real SQLite files in a temporary folder, and the seed corpus location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEEDS_GOLD = SHARED / "corpus" / "seeds-gold.json"
DEMO = REPO / "resources" / "demo"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "timeline.db"


@pytest.fixture
def store(db_path: Path):
    from timeline_desktop.store.repository import Store

    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the shared seed corpus is not beside the repository")
    return SEEDS


# A short text with known happenings, for curation tests (team-written).
NOTES = (
    "Notes on Rome and England\n\n"
    "On 15 March 44 BC Julius Caesar was assassinated in the Senate house in Rome. "
    "Marcus Brutus and Gaius Cassius led the conspirators.\n\n"
    "In 27 BC the Senate gave Octavian the title Augustus. "
    "Augustus died at Nola on 19 August AD 14.\n\n"
    "William of Normandy defeated Harold Godwinson at Hastings on 14 October 1066. "
    "William was crowned in Westminster Abbey on 25 December 1066.\n\n"
    "The Great Fire of London broke out in Pudding Lane on 2 September 1666.\n"
)


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text(NOTES, encoding="utf-8")
    return path
