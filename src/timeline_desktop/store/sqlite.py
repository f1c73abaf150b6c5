"""Everything specific to SQLite lives here, and only here.

SQLite is the default store (one file per database, no server). `store/postgres.py` is its
PostgreSQL counterpart with the same functions; `store/backends.py` picks one per connection.

Writers: a write transaction starts with BEGIN IMMEDIATE, so it holds the database's write
lock before it reads anything it will act on (two imports never both decide that a person is
new). Another writer waits up to BUSY_TIMEOUT_MS, then the store retries with back-off.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Table,
    cast,
    event,
    func,
    select,
    text,
)
from sqlalchemy.dialects.sqlite import Insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.selectable import TextualSelect

from timeline_desktop.store.backends import WRITE_OPTION
from timeline_desktop.store.columns import SEPARATOR, TextColumn
from timeline_desktop.store.fulltext import search_terms

BUSY_TIMEOUT_MS = 10_000

# FTS5 tables mirror events(title, summary) and sources(title, text) through triggers, as
# external-content tables so the text is not stored twice.
FTS_DDL = [
    "CREATE VIRTUAL TABLE events_fts USING fts5(title, summary, content='events', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE sources_fts USING fts5(title, text, content='sources', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN "
    "INSERT INTO events_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary); END",
    "CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN "
    "INSERT INTO events_fts(events_fts, rowid, title, summary) "
    "VALUES ('delete', old.id, old.title, old.summary); END",
    "CREATE TRIGGER events_fts_au AFTER UPDATE OF title, summary ON events BEGIN "
    "INSERT INTO events_fts(events_fts, rowid, title, summary) "
    "VALUES ('delete', old.id, old.title, old.summary); "
    "INSERT INTO events_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary); END",
    "CREATE TRIGGER sources_fts_ai AFTER INSERT ON sources BEGIN "
    "INSERT INTO sources_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER sources_fts_ad AFTER DELETE ON sources BEGIN "
    "INSERT INTO sources_fts(sources_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
]
FTS_BACKFILL = [
    "INSERT INTO events_fts(events_fts) VALUES ('rebuild')",
    "INSERT INTO sources_fts(sources_fts) VALUES ('rebuild')",
]
FTS_DROP = [
    "DROP TRIGGER IF EXISTS events_fts_ai",
    "DROP TRIGGER IF EXISTS events_fts_ad",
    "DROP TRIGGER IF EXISTS events_fts_au",
    "DROP TRIGGER IF EXISTS sources_fts_ai",
    "DROP TRIGGER IF EXISTS sources_fts_ad",
    "DROP TABLE IF EXISTS events_fts",
    "DROP TABLE IF EXISTS sources_fts",
]


def is_sqlite(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "sqlite"


def configure_engine(engine: Engine) -> None:
    """WAL for concurrent readers during imports, enforced foreign keys, a busy timeout, and
    BEGIN IMMEDIATE for writers."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy manage transactions explicitly (pysqlite's own handling defers BEGIN).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(WRITE_OPTION)
        if mode == "try":  # a cache write: give up at once if someone else is writing
            conn.exec_driver_sql("PRAGMA busy_timeout = 0")
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if mode else "BEGIN")
        conn.info["write_lock"] = bool(mode)


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` means another connection holds the write lock (worth a retry)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(orig) or "busy" in str(orig)


def fts_query(query: str) -> str:
    """The FTS5 query for what a user typed: each term a quoted phrase, its last word a prefix.

    Terms hold only letters and digits (see `fulltext`), so quoting keeps FTS5 syntax
    characters (quotes, colons, NEAR, -) literal.
    """
    return " ".join('"' + " ".join(words) + '"*' for words in search_terms(query))


_FTS_TABLES = {"events": "events_fts", "sources": "sources_fts"}


def search(table: str, query: str, ranked: bool = False) -> TextualSelect:
    """SELECT of the ids ("id") of `table` ("events", "sources") matching `query`, which
    has at least one term (best match first if `ranked`)."""
    fts = _FTS_TABLES[table]
    q = fts_query(query)
    if not q:
        raise ValueError("a search needs at least one word")
    order = " ORDER BY rank" if ranked else ""
    stmt = text(f"SELECT rowid AS id FROM {fts} WHERE {fts} MATCH :q{order}").bindparams(q=q)
    return stmt.columns(id=Integer)


def after_bulk_load(conn: Connection, tables: list[Table]) -> None:
    """Nothing to do: SQLite's planner does well on these indexes without statistics."""


def load_snapshot(conn: Connection, name: str, revision: int) -> bytes | None:
    """The data of the stored snapshot `name` if it was made at `revision`."""
    data = conn.exec_driver_sql(
        "SELECT data FROM snapshots WHERE name = ? AND revision = ?", (name, revision)
    ).scalar()
    return None if data is None else bytes(data)


def save_snapshot(conn: Connection, name: str, revision: int, data: bytes) -> None:
    """Store a snapshot, replacing the one of the same name."""
    conn.exec_driver_sql(
        "INSERT INTO snapshots (name, revision, data) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET revision = excluded.revision, data = excluded.data",
        (name, revision, data),
    )


def upsert(table: Table) -> Insert:
    """INSERT that can say what to do ON CONFLICT (do nothing, or update)."""
    return sqlite_insert(table)


def int_matrix(conn: Connection, stmt: Select) -> np.ndarray:
    """The rows of a SELECT of integer columns as an (n, k) int64 array.

    The rows are joined into one string inside the database and parsed by numpy, which is
    several times faster than building a Python tuple per row (a million rows in well under
    the time of `fetchall`).
    """
    width = len(stmt.selected_columns)
    sub = stmt.subquery()
    joined = cast(sub.c[0], String)
    for column in list(sub.c)[1:]:
        joined = joined.concat(",").concat(cast(column, String))
    text_ = conn.scalar(select(func.group_concat(joined, ",")))
    if not text_:
        return np.empty((0, width), dtype=np.int64)
    return np.fromstring(text_, dtype=np.int64, sep=",").reshape(-1, width)


def int_text_columns(
    conn: Connection, stmt: Select, n_text: int
) -> tuple[np.ndarray, list[TextColumn]]:
    """A SELECT of integer columns followed by `n_text` text columns, as `int_matrix` gives
    the integers plus one packed `TextColumn` per text column, all in the same row order.

    On SQLite every column is one group_concat of the same SELECT: the aggregates see the rows
    in one pass, so they stay aligned without an ORDER BY.
    """
    width = len(stmt.selected_columns) - n_text
    sub = stmt.subquery()
    columns = list(sub.c)
    joined = cast(columns[0], String)
    for column in columns[1:width]:
        joined = joined.concat(",").concat(cast(column, String))
    packed = (
        func.group_concat(func.replace(func.coalesce(c, ""), SEPARATOR, " "), SEPARATOR)
        for c in columns[width:]
    )
    count, ints_text, *texts = conn.execute(
        select(func.count(), func.group_concat(joined, ","), *packed)
    ).one()
    if not count:
        return np.empty((0, width), dtype=np.int64), [TextColumn.empty() for _ in texts]
    ints = np.fromstring(ints_text, dtype=np.int64, sep=",").reshape(-1, width)
    return ints, [TextColumn.from_joined(t, count) for t in texts]


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """`count` new ids for `table`: those SQLite would give next (the writer holds the lock)."""
    first = (conn.scalar(_max_id(table)) or 0) + 1
    return list(range(first, first + count))


@cache
def _max_id(table: Table) -> Select:
    """The highest id of `table`, built once per table (imports ask for it per file)."""
    return select(func.max(table.c.id))


def text_order(column: ColumnElement[str]) -> ColumnElement[str]:
    """Sort key of user-visible text: ASCII letters case-folded, then code point order.

    SQLite's lower() folds ASCII only and compares bytes; PostgreSQL is told to do the same,
    so lists sort alike on both.
    """
    return func.lower(column)


def binary(column: ColumnElement[str]) -> ColumnElement[str]:
    """`column` compared by code points (SQLite's default collation, BINARY)."""
    return column
