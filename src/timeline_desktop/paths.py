"""Where things live on the user's machine and inside the installed package."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Timeline Desktop"


def data_dir() -> Path:
    """The per-user data directory (database, logs), created on first use."""
    path = user_data_path(APP_NAME, appauthor=False, ensure_exists=True)
    return path


def default_database() -> Path:
    return data_dir() / "timeline.db"


def resources_dir() -> Path:
    """Bundled resources: inside the wheel as `_resources`, or `resources/` in a checkout."""
    here = Path(__file__).resolve()
    for candidate in (here.parent / "_resources", here.parents[2] / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled resources are missing from this install")


def demo_corpus_dir() -> Path:
    return resources_dir() / "demo"
