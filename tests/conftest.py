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
