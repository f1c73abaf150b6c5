"""Opening a database: URL handling, engine set-up and automatic schema upgrades."""

from __future__ import annotations

import re
from datetime import datetime
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
    """Bring the schema to `revision`; a no-op when it is already there.

    A database from a newer version is refused; an older one is copied before it changes.
    """
    current = refuse_newer_schema(engine)
    if revision == "head" and current == head_revision():
        return
    backup_before_upgrade(engine, current)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


# --- schema versions ------------------------------------------------------------------------


class DatabaseOpenError(Exception):
    """A database that cannot be opened; the message says why and what to do."""


class NewerDatabaseError(DatabaseOpenError):
    """The database was written by a newer version of the app (an unknown schema)."""


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def refuse_newer_schema(engine: Engine) -> str | None:
    """The database's schema revision; NewerDatabaseError when this version does not know it.

    Alembic would say "Can't locate revision identified by …", which tells a user nothing.
    """
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise NewerDatabaseError(
            f"it was written by a newer version of Timeline Desktop (schema {current}, this "
            f"version knows up to {head_revision()}); open it with that version, or update "
            "this one"
        )
    return current


def backup_before_upgrade(engine: Engine, current: str | None) -> Path | None:
    """Copy an older SQLite database to `NAME.before-<revision>` before migrating it.

    A new, empty database (no revision yet) needs no copy; nor do other databases (their
    administrators have their own backups). Returns the copy's path.
    """
    from timeline_desktop.store.maintenance import copy_database, sqlite_file

    db = sqlite_file(engine)
    if current is None or db is None or not db.is_file():
        return None
    dest = db.with_name(f"{db.name}.before-{current}")
    if dest.exists():  # an earlier copy of this revision stays; this one gets a time
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = db.with_name(f"{db.name}.before-{current}-{stamp}")
    return copy_database(db, dest)
