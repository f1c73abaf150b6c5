"""Everything specific to SQLite lives here, and only here.

SQLite is the default store (one file per database, no server). Elsewhere the code speaks
portable SQLAlchemy; when the database is not SQLite, search falls back to LIKE and no
connection pragmas are set.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import numpy as np
from sqlalchemy import Integer, Select, String, TextClause, cast, event, func, select, text
from sqlalchemy.engine import Connection, Engine

from timeline_desktop.store.columns import SEPARATOR, TextColumn

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
    """WAL for concurrent readers during imports, enforced foreign keys, a busy timeout."""
    if not is_sqlite(engine):
        return

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
        conn.exec_driver_sql("BEGIN")


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word must match, as a prefix.

    Quoting each token keeps FTS5 syntax characters (quotes, colons, NEAR, -) literal.
    """
    return " ".join(f'"{w}"*' for w in _words(text))


def fts_matches(table: str, query: str, ranked: bool = False) -> TextClause:
    """SELECT of the rowids in an FTS5 table (events_fts, sources_fts) matching `query`."""
    if table not in ("events_fts", "sources_fts"):
        raise ValueError(f"not a full-text table: {table}")
    q = fts_query(query)
    if not q:
        return text("SELECT NULL AS rowid WHERE 0").columns(rowid=Integer)
    order = " ORDER BY rank" if ranked else ""
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH :q{order}"
    return text(sql).bindparams(q=q).columns(rowid=Integer)


def int_matrix(conn: Connection, stmt: Select) -> np.ndarray:
    """The rows of a SELECT of integer columns as an (n, k) int64 array.

    On SQLite the rows are joined into one string inside the database and parsed by numpy,
    which is several times faster than building a Python tuple per row (a million rows in
    well under the time of `fetchall`). Other databases fetch rows normally.
    """
    width = len(stmt.selected_columns)
    if not is_sqlite(conn):
        rows = [tuple(r) for r in conn.execute(stmt)]
        return np.array(rows, dtype=np.int64).reshape(-1, width)
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
    if not is_sqlite(conn):
        rows = conn.execute(stmt).all()
        ints = np.array([tuple(r[:width]) for r in rows], dtype=np.int64).reshape(-1, width)
        texts = [TextColumn.from_strings(r[width + i] or "" for r in rows) for i in range(n_text)]
        return ints, texts
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


def like_words(query: str) -> list[str]:
    """LIKE patterns, one per word, for databases without FTS5 (each word must occur)."""
    return [f"%{w}%" for w in _words(query)] or ["%\x00%"]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text, flags=re.UNICODE)
