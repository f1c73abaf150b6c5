"""Alembic environment for Timeline Desktop.

The app runs migrations itself when it opens a database (the connection arrives through
`config.attributes`). Developers can also run Alembic directly:
`alembic -c db/alembic.ini -x url=sqlite:///path/to.db upgrade head`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from timeline_desktop.store.orm import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = create_engine(url)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
