"""Opening a database: URL handling, engine set-up and automatic schema upgrades."""

from __future__ import annotations

import re
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool

from timeline_desktop.store.sqlite import configure_engine

_URL_RE = re.compile(r"^[a-z][a-z0-9+]*://", re.IGNORECASE)


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for `target`, which is either a URL or a file path."""
    text = str(target)
    if _URL_RE.match(text):
        return text
    path = Path(text).expanduser().resolve()
    return f"sqlite:///{path}"


def create_store_engine(target: str | Path) -> Engine:
    url = make_url(database_url(target))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict = {}
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        # One shared connection, or every thread would see its own empty database.
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **kwargs)
    configure_engine(engine)
    return engine


def migrations_dir() -> Path:
    """The Alembic environment: bundled in the wheel, or `db/` beside `src/` in a checkout."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[1] / "_db", here.parents[3] / "db"):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError("the schema migrations (db/env.py) are missing from this install")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; a no-op when it is already there."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
