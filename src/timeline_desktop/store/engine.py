"""Opening a database: URLs (and keeping their passwords out of sight), engine set-up,
automatic schema upgrades, and write transactions that wait for other writers.

A database is a file path (SQLite) or a URL; `postgresql://` URLs get the psycopg 3 driver.
Passwords: prefer none in the URL (libpq reads ~/.pgpass, PGPASSFILE or a service file named
with `?service=`); when one is given it is used to connect but never shown: use
`display_target` for anything a person or a log sees, `storable_target` for what is saved.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, quote_plus

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from timeline_desktop.store.backends import (
    SUPPORTED,
    WRITE_OPTION,
    UnsupportedDatabaseError,
    backend,
)

log = logging.getLogger(__name__)

_URL_RE = re.compile(r"^[a-z][a-z0-9+]*://", re.IGNORECASE)
_USERINFO_RE = re.compile(r"(://[^:/@?#]*):[^@/?#]*@")
POSTGRES_DRIVER = "postgresql+psycopg"
MASK = "***"
_SECRET_QUERY_KEYS = {"password", "sslpassword"}

WRITE_DEADLINE_S = 300.0
"""How long a write keeps retrying while other clients hold the write lock."""


class MissingDriverError(RuntimeError):
    pass


# --- targets: paths and URLs ---------------------------------------------------------------------


def is_url(target: str | Path) -> bool:
    return bool(_URL_RE.match(str(target)))


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for `target`, which is either a URL or a file path."""
    text = str(target)
    if not is_url(text):
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    url = make_url(text)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername=POSTGRES_DRIVER)
    return url.render_as_string(hide_password=False)


def _parsed(target: str | Path) -> URL | None:
    if not is_url(target):
        return None
    try:
        return make_url(str(target))
    except ArgumentError:
        return None


def display_target(target: str | Path) -> str:
    """`target` as people and logs see it: a URL's password (also one in the query) masked."""
    text = str(target)
    if not is_url(text):
        return text
    url = _parsed(text)
    if url is None:
        return _USERINFO_RE.sub(rf"\1:{MASK}@", text)
    query = {k: (MASK if k.lower() in _SECRET_QUERY_KEYS else v) for k, v in url.query.items()}
    return url.set(query=query).render_as_string(hide_password=True)


def storable_target(target: str | Path) -> str:
    """`target` as it may be saved (recent databases): a URL loses its password; libpq finds
    it again in the password file or service file when the database is reopened."""
    text = str(target)
    url = _parsed(text)
    if url is None:
        return _USERINFO_RE.sub(r"\1@", text) if is_url(text) else text
    query = {k: v for k, v in url.query.items() if k.lower() not in _SECRET_QUERY_KEYS}
    return url._replace(password=None).set(query=query).render_as_string(hide_password=False)


def _secrets(target: str | Path) -> list[str]:
    url = _parsed(target)
    if url is None:
        return []
    found = [url.password] if url.password else []
    for key, value in url.query.items():
        if key.lower() in _SECRET_QUERY_KEYS:
            found.extend([value] if isinstance(value, str) else value)
    out: list[str] = []
    for secret in found:
        out.extend({str(secret), quote(str(secret), safe=""), quote_plus(str(secret))})
    return sorted(set(out), key=len, reverse=True)


def redact(message: str, target: str | Path) -> str:
    """`message` (an error, a log line) with `target` shown masked and its secrets removed."""
    text = str(target)
    if is_url(text):
        message = message.replace(text, display_target(text))
    for secret in _secrets(text):
        message = message.replace(secret, MASK)
    return message


# --- engines -------------------------------------------------------------------------------------


def create_store_engine(target: str | Path) -> Engine:
    url = make_url(database_url(target))
    name = url.get_backend_name()
    if name not in SUPPORTED:
        raise UnsupportedDatabaseError(
            f"Timeline Desktop works with SQLite files and PostgreSQL servers, not {name}"
        )
    kwargs: dict = {}
    if name == "sqlite":
        if url.database in (None, "", ":memory:"):
            # One shared connection, or every thread would see its own empty database.
            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        else:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        _require_driver(url)
        kwargs = {
            "pool_pre_ping": True,
            "connect_args": {"application_name": "Timeline Desktop", "connect_timeout": 15},
        }
    engine = create_engine(url, **kwargs)
    backend(engine).configure_engine(engine)
    return engine


def _require_driver(url: URL) -> None:
    try:
        url.get_dialect().import_dbapi()
    except ImportError as exc:
        raise MissingDriverError(
            f"the database driver for {url.drivername} is not installed "
            "(install Timeline Desktop with its postgres extra: "
            "pip install 'timeline-desktop[postgres]')"
        ) from exc


def is_memory(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:")


def writer(engine: Engine) -> Engine:
    """`engine` for write transactions: each takes the database's write lock first."""
    return engine.execution_options(**{WRITE_OPTION: True})


def retrying[T](engine: Engine, attempt: Callable[[], T], deadline_s: float | None = None) -> T:
    """`attempt()` (taking the write lock, or one whole transaction), again with growing pauses
    while the database is busy: another client holds the lock longer than the driver waits."""
    be = backend(engine)
    give_up = time.monotonic() + (WRITE_DEADLINE_S if deadline_s is None else deadline_s)
    pause = 0.05
    while True:
        try:
            return attempt()
        except DBAPIError as exc:
            if not be.is_busy(exc) or time.monotonic() + pause > give_up:
                raise
            log.info("database busy (%s); trying again in %.2f s", type(exc.orig).__name__, pause)
        time.sleep(pause * random.uniform(0.5, 1.5))
        pause = min(pause * 2, 2.0)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A Session whose transaction already holds the write lock (waiting, and retrying with
    back-off, while other clients hold it); committed at the end, rolled back on error."""

    def attempt() -> Session:
        s = Session(writer(engine), expire_on_commit=False)
        try:
            s.begin()
            s.connection()  # begins the transaction, which takes the lock
        except BaseException:
            s.close()
            raise
        return s

    s = retrying(engine, attempt)
    try:
        yield s
        s.commit()
    except BaseException:
        s.rollback()
        raise
    finally:
        s.close()


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A Core connection in a write transaction that holds the write lock (see above)."""

    def attempt() -> Connection:
        conn = writer(engine).connect()
        try:
            conn.begin()
        except BaseException:
            conn.close()
            raise
        return conn

    conn = retrying(engine, attempt)
    try:
        yield conn
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


def write[T](engine: Engine, work: Callable[[Session], T]) -> T:
    """Run `work` in one write transaction (a Session) that holds the write lock."""
    with write_session(engine) as s:
        return work(s)


# --- migrations ----------------------------------------------------------------------------------


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


def _revision_of(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision_of(conn)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; a no-op (and no write) when it is already there.

    The upgrade runs in one write transaction, so it holds the write lock: two clients opening
    a new database at once migrate it once, the second finding it done. A database from a
    newer version is refused; an older one is copied beside it before it changes.
    """
    # reading the revision may meet another client creating the file (its first connection
    # switches it to WAL): wait and retry as writes do
    current = retrying(engine, lambda: refuse_newer_schema(engine))
    if revision == "head" and current == head_revision():
        return
    backup_before_upgrade(engine, current)
    cfg = alembic_config()

    def attempt() -> None:
        with writer(engine).begin() as conn:
            if revision == "head" and _revision_of(conn) == head_revision():
                return
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)

    retrying(engine, attempt)


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
