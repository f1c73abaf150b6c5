"""Everything specific to PostgreSQL lives here, and only here (see `store/sqlite.py`).

A team shares one server database, so several clients write at once. Every write transaction
first takes one transaction-scoped advisory lock (the counterpart of SQLite's BEGIN
IMMEDIATE): writers run one after the other, each sees everything committed before it, and
matching people and events inside the transaction is exact. Imports keep their slow part,
extraction, outside the lock (see `Store.import_document`), so the lock is held briefly.
Readers never take it. Schema migrations take the same lock.

Full-text search mirrors SQLite's FTS5 set-up: trigger-maintained tables `events_fts` and
`sources_fts` hold tsvectors of the texts folded as FTS5's `unicode61 remove_diacritics 2`
tokenizer folds them (Latin diacritics removed, case ignored, anything but letters and digits
separating words), with GIN indexes. Source texts are indexed in parts of at most 40,000
characters, cut at line ends, so no tsvector nears PostgreSQL's size and position limits; a
query term may then match in any part, and all terms must match in the same source.
The folding needs a UTF-8 database with a Unicode-aware character classification (ICU, or a
*.UTF-8 libc locale), which is PostgreSQL's usual set-up.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Table,
    collate,
    column,
    event,
    func,
    intersect,
    literal_column,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import Insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from timeline_desktop.store.backends import WRITE_OPTION
from timeline_desktop.store.columns import SEPARATOR, TextColumn
from timeline_desktop.store.fulltext import search_terms

LOCK_CLASS = 0x544C44  # "TLD": the first key of every advisory lock Timeline Desktop takes
WRITE_LOCK = 1
LOCK_TIMEOUT_MS = 5_000  # then the store retries with back-off
BUSY_STATES = {"55P03", "40001", "40P01"}  # lock_not_available, serialization, deadlock
SOURCE_PART_CHARS = 40_000

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def is_postgres(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "postgresql"


def configure_engine(engine: Engine) -> None:
    """Write transactions take the advisory write lock before anything else."""

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(WRITE_OPTION)
        if not mode:
            return
        if mode == "try":
            got = conn.exec_driver_sql(
                f"SELECT pg_try_advisory_xact_lock({LOCK_CLASS}, {WRITE_LOCK})"
            ).scalar()
            conn.info["write_lock"] = bool(got)
            return
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, {WRITE_LOCK})")
        conn.info["write_lock"] = True


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` means the write lock stayed taken, or the server asks to try again."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return getattr(orig, "sqlstate", None) in BUSY_STATES


# --- full-text search ----------------------------------------------------------------------------

# What FTS5's unicode61 tokenizer treats as separators and PostgreSQL's parser might not: ASCII
# punctuation and Latin-1, general, CJK and full-width punctuation (letters and digits among them,
# such as ª º ² ¹ ½, stay word characters).
_SEPARATORS = (
    r"\u0001-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u00A9\u00AB-\u00B1\u00B4\u00B6-\u00B8"
    r"\u00BB\u00BF\u00D7\u00F7\u2000-\u206F\u2E00-\u2E7F\u3000-\u3003\u3008-\u3011"
    r"\u3014-\u301F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65"
)

FTS_DDL = [
    # Latin letters lose their diacritics ("Napoléon" -> "Napoleon"), as in FTS5.
    "CREATE FUNCTION timeline_unaccent(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
    "PARALLEL SAFE AS $$ SELECT normalize(regexp_replace(normalize(t, NFD), "
    r"'([A-Za-z])[\u0300-\u036F]+', '\1', 'g'), NFC) $$",
    "CREATE FUNCTION timeline_tsvector(t text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE "
    "STRICT PARALLEL SAFE AS $$ BEGIN "
    "RETURN to_tsvector('simple', regexp_replace(timeline_unaccent(t), "
    f"'[{_SEPARATORS}]+', ' ', 'g')); "
    "EXCEPTION WHEN program_limit_exceeded THEN "  # a text too long for one tsvector
    "RETURN timeline_tsvector(left(t, length(t) / 2)); END $$",
    "CREATE TABLE events_fts (id integer PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE, "
    "doc tsvector NOT NULL)",
    "CREATE INDEX ix_events_fts_doc ON events_fts USING gin (doc)",
    "CREATE TABLE sources_fts (source_id integer NOT NULL REFERENCES sources (id) "
    "ON DELETE CASCADE, part integer NOT NULL, doc tsvector NOT NULL, "
    "PRIMARY KEY (source_id, part))",
    "CREATE INDEX ix_sources_fts_doc ON sources_fts USING gin (doc)",
    # Between title and summary a lexeme no query can hold ('-' at a position of its own):
    # as in FTS5, a phrase never runs from one column into the other.
    "CREATE FUNCTION timeline_index_event(event_id integer, title text, summary text) "
    "RETURNS void LANGUAGE sql AS $$ "
    "INSERT INTO events_fts (id, doc) VALUES (event_id, timeline_tsvector(title) "
    "|| ('''-''' || chr(58) || '1')::tsvector || timeline_tsvector(summary)) "
    "ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc $$",
    # Part 0 is the title; then the text in parts cut after a line end (else a space).
    "CREATE FUNCTION timeline_index_source(src integer, title text, body text) RETURNS void "
    "LANGUAGE plpgsql AS $$ DECLARE "
    "rest text := body; piece text; cut integer; n integer := 0; "
    "BEGIN "
    "DELETE FROM sources_fts WHERE source_id = src; "
    "INSERT INTO sources_fts (source_id, part, doc) VALUES (src, 0, timeline_tsvector(title)); "
    "WHILE length(rest) > 0 LOOP "
    f"IF length(rest) <= {SOURCE_PART_CHARS} THEN piece := rest; rest := ''; "
    f"ELSE piece := left(rest, {SOURCE_PART_CHARS}); "
    f"cut := {SOURCE_PART_CHARS} + 1 - strpos(reverse(piece), chr(10)); "
    f"IF strpos(piece, chr(10)) = 0 OR cut < {SOURCE_PART_CHARS // 2} THEN "
    f"cut := {SOURCE_PART_CHARS} + 1 - strpos(reverse(piece), ' '); "
    f"IF strpos(piece, ' ') = 0 OR cut < {SOURCE_PART_CHARS // 2} THEN "
    f"cut := {SOURCE_PART_CHARS}; END IF; END IF; "
    "piece := left(rest, cut); rest := substr(rest, cut + 1); END IF; "
    "n := n + 1; "
    "INSERT INTO sources_fts (source_id, part, doc) VALUES (src, n, timeline_tsvector(piece)); "
    "END LOOP; END $$",
    "CREATE FUNCTION timeline_events_fts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "PERFORM timeline_index_event(NEW.id, NEW.title, NEW.summary); RETURN NULL; END $$",
    "CREATE FUNCTION timeline_sources_fts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "PERFORM timeline_index_source(NEW.id, NEW.title, NEW.text); RETURN NULL; END $$",
    "CREATE TRIGGER events_fts_sync AFTER INSERT OR UPDATE OF title, summary ON events "
    "FOR EACH ROW EXECUTE FUNCTION timeline_events_fts()",
    "CREATE TRIGGER sources_fts_sync AFTER INSERT OR UPDATE OF title, text ON sources "
    "FOR EACH ROW EXECUTE FUNCTION timeline_sources_fts()",
]
# Snapshots are numpy arrays that barely compress: storing them uncompressed saves seconds
# on every save and read of a large one.
SNAPSHOT_STORAGE = "ALTER TABLE snapshots ALTER COLUMN data SET STORAGE EXTERNAL"

FTS_BACKFILL = [
    "SELECT count(timeline_index_event(id, title, summary)) FROM events",
    "SELECT count(timeline_index_source(id, title, text)) FROM sources",
]
FTS_DROP = [
    "DROP TRIGGER IF EXISTS events_fts_sync ON events",
    "DROP TRIGGER IF EXISTS sources_fts_sync ON sources",
    "DROP FUNCTION IF EXISTS timeline_events_fts()",
    "DROP FUNCTION IF EXISTS timeline_sources_fts()",
    "DROP FUNCTION IF EXISTS timeline_index_event(integer, text, text)",
    "DROP FUNCTION IF EXISTS timeline_index_source(integer, text, text)",
    "DROP TABLE IF EXISTS events_fts",
    "DROP TABLE IF EXISTS sources_fts",
    "DROP FUNCTION IF EXISTS timeline_tsvector(text)",
    "DROP FUNCTION IF EXISTS timeline_unaccent(text)",
]


def tsquery(words: tuple[str, ...]) -> str:
    """One term as tsquery text: a phrase of its words, the last one a prefix."""
    return " <-> ".join(f"'{w}'" for w in words) + ":*"


def _query(q: str) -> Any:
    return func.to_tsquery(literal_column("'simple'::regconfig"), func.timeline_unaccent(q))


_events_fts = table("events_fts", column("id", Integer), column("doc"))
_sources_fts = table("sources_fts", column("source_id", Integer), column("doc"))


def search(table_name: str, query: str, ranked: bool = False) -> Select:
    """SELECT of the ids ("id") of `table_name` ("events", "sources") matching `query`, which
    has at least one term (best match first if `ranked`)."""
    terms = [tsquery(t) for t in search_terms(query)]
    if not terms:
        raise ValueError("a search needs at least one word")
    if table_name == "events":
        doc = _events_fts.c.doc
        return select(_events_fts.c.id).where(doc.op("@@")(_query(" & ".join(terms))))
    if table_name != "sources":
        raise ValueError(f"no full-text index for {table_name}")
    doc, source_id = _sources_fts.c.doc, _sources_fts.c.source_id
    parts = [select(source_id.label("id")).where(doc.op("@@")(_query(term))) for term in terms]
    matches = parts[0] if len(parts) == 1 else intersect(*parts)
    if not ranked:
        return matches
    found = matches.subquery("found")
    rank = func.sum(func.ts_rank(doc, _query(" | ".join(terms))))
    return (
        select(found.c.id)
        .join_from(found, _sources_fts, source_id == found.c.id)
        .group_by(found.c.id)
        .order_by(rank.desc(), found.c.id)
    )


# --- the rest ------------------------------------------------------------------------------------


def int_matrix(conn: Connection, stmt: Select) -> np.ndarray:
    """The rows of a SELECT of integer columns as an (n, k) int64 array, read as one string
    the server joins (much faster than a Python tuple per row)."""
    width = len(stmt.selected_columns)
    sub = stmt.subquery()
    joined = func.concat_ws(",", *sub.c)
    text_ = conn.scalar(select(func.string_agg(joined, ",")))
    if not text_:
        return np.empty((0, width), dtype=np.int64)
    return np.fromstring(text_, dtype=np.int64, sep=",").reshape(-1, width)


def int_text_columns(
    conn: Connection, stmt: Select, n_text: int
) -> tuple[np.ndarray, list[TextColumn]]:
    """A SELECT of integer columns followed by `n_text` text columns: the integers as an
    array, each text column packed (see `sqlite.int_text_columns`). Every column is one
    aggregate of the same rows in one pass, so they stay aligned."""
    width = len(stmt.selected_columns) - n_text
    columns = list(stmt.subquery().c)
    packed = (
        func.string_agg(func.replace(func.coalesce(c, ""), SEPARATOR, " "), SEPARATOR)
        for c in columns[width:]
    )
    count, ints_text, *texts = conn.execute(
        select(func.count(), func.string_agg(func.concat_ws(",", *columns[:width]), ","), *packed)
    ).one()
    if not count:
        return np.empty((0, width), dtype=np.int64), [TextColumn.empty() for _ in texts]
    ints = np.fromstring(ints_text, dtype=np.int64, sep=",").reshape(-1, width)
    return ints, [TextColumn.from_joined(t, count) for t in texts]


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """`count` new ids for `table`, drawn from its sequence (so later inserts never collide)."""
    seq = func.pg_get_serial_sequence(table.name, "id")
    stmt = select(func.nextval(seq)).select_from(func.generate_series(1, count))
    return [int(i) for i in conn.scalars(stmt)]


def after_bulk_load(conn: Connection, tables: list[Table]) -> None:
    """Refresh the planner's statistics: right after a big load they still describe an empty
    table, and the first queries would scan everything (a list page took 200 ms, not 10)."""
    conn.exec_driver_sql("ANALYZE " + ", ".join(t.name for t in tables))


def load_snapshot(conn: Connection, name: str, revision: int) -> bytes | None:
    """The data of the stored snapshot `name` if it was made at `revision`. The bytes come in
    binary, not as hex text: a million events' snapshot (56 MB) reads in a third of the time."""
    with conn.connection.driver_connection.cursor(binary=True) as cur:
        cur.execute(
            "SELECT data FROM snapshots WHERE name = %s AND revision = %s", [name, revision]
        )
        row = cur.fetchone()
    return None if row is None else bytes(row[0])


def save_snapshot(conn: Connection, name: str, revision: int, data: bytes) -> None:
    """Store a snapshot (its bytes sent in binary), replacing the one of the same name."""
    conn.exec_driver_sql(
        "INSERT INTO snapshots (name, revision, data) VALUES (%s, %s, %b) "
        "ON CONFLICT (name) DO UPDATE SET revision = EXCLUDED.revision, data = EXCLUDED.data",
        (name, revision, data),
    )


def upsert(table: Table) -> Insert:
    """INSERT that can say what to do ON CONFLICT (do nothing, or update)."""
    return pg_insert(table)


def text_order(column: ColumnElement[str]) -> ColumnElement[str]:
    """Sort key of user-visible text, as on SQLite: ASCII letters case-folded, then code point
    order (the "C" collation), whatever the server's default collation."""
    return collate(func.translate(column, _UPPER, _UPPER.lower()), "C")


def binary(column: ColumnElement[str]) -> ColumnElement[str]:
    """`column` compared by code points, as SQLite's BINARY collation does."""
    return collate(column, "C")
