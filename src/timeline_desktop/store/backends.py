"""Which database a connection talks to, and the module that knows its specifics.

`store/sqlite.py` and `store/postgres.py` offer the same functions (the `Backend` protocol);
everything else in the store is written once, in portable SQLAlchemy, and asks `backend(bind)`
for the few things that differ: full-text search, fast integer reads, id reservation, sort
keys, upserts and which errors mean "busy, try again".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    import numpy as np
    from sqlalchemy import ColumnElement, Select, Table
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

    from timeline_desktop.store.columns import TextColumn

WRITE_OPTION = "timeline_write"
"""Execution option of connections that write. With True a transaction first takes the
database-wide write lock (waiting for it); with "try" it takes it only if it is free."""

SUPPORTED = ("sqlite", "postgresql")


class UnsupportedDatabaseError(ValueError):
    pass


class Backend(Protocol):
    def configure_engine(self, engine: Engine) -> None: ...

    def is_busy(self, exc: BaseException) -> bool: ...

    def search(self, table: str, query: str, ranked: bool = False) -> Select: ...

    def int_matrix(self, conn: Connection, stmt: Select) -> np.ndarray: ...

    def int_text_columns(
        self, conn: Connection, stmt: Select, n_text: int
    ) -> tuple[np.ndarray, list[TextColumn]]: ...

    def reserve_ids(self, conn: Connection, table: Table, count: int) -> list[int]: ...

    def after_bulk_load(self, conn: Connection, tables: list[Table]) -> None: ...

    def load_snapshot(self, conn: Connection, name: str, revision: int) -> bytes | None: ...

    def save_snapshot(self, conn: Connection, name: str, revision: int, data: bytes) -> None: ...

    def upsert(self, table: Table) -> Any: ...

    def text_order(self, column: ColumnElement[str]) -> ColumnElement[str]: ...

    def binary(self, column: ColumnElement[str]) -> ColumnElement[str]: ...


def backend(bind: Engine | Connection | Session) -> Backend:
    name = bind.get_bind().dialect.name if hasattr(bind, "get_bind") else bind.dialect.name
    if name == "sqlite":
        from timeline_desktop.store import sqlite

        return cast(Backend, sqlite)
    if name == "postgresql":
        from timeline_desktop.store import postgres

        return cast(Backend, postgres)
    raise UnsupportedDatabaseError(
        f"Timeline Desktop works with SQLite and PostgreSQL databases, not {name}"
    )
