"""Shared fixtures: real databases (SQLite files, and PostgreSQL when a server is given), and
the seed corpus location.

Tests that take `db_target` or `store` run on SQLite; in modules (or tests) marked
`pytest.mark.backends` they run on PostgreSQL too, each in a new database on the server named by
`--pg-url` or TIMELINE_TEST_PG_URL (`scripts/test` starts a throwaway one). Without a server
those variants skip, unless TIMELINE_TEST_PG_REQUIRED is set (then they fail).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests draw the same examples on every run, so that a run (and CI) says the same of
# the same code; TIMELINE_HYPOTHESIS=explore draws new ones when hunting for bugs. A case an
# exploring run finds is kept as an explicit @example of its test.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("TIMELINE_HYPOTHESIS", "repeatable"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEEDS_GOLD = SHARED / "corpus" / "seeds-gold.json"
DEMO = REPO / "resources" / "demo"

PG_URL_ENV = "TIMELINE_TEST_PG_URL"
PG_REQUIRED_ENV = "TIMELINE_TEST_PG_REQUIRED"
BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pg-url",
        default=None,
        help=f"a PostgreSQL server to test on (a superuser's URL; default: ${PG_URL_ENV})",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`backends` marks tests to run on every backend (or on those it names)."""
    marker = metafunc.definition.get_closest_marker("backends")
    if "db_backend" in metafunc.fixturenames and marker is not None:
        metafunc.parametrize("db_backend", marker.args or BACKENDS, indirect=True)


class PgServer:
    """A PostgreSQL server the tests may create and drop databases on."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        from timeline_desktop.store.engine import database_url

        self.url = make_url(database_url(url))

    def admin(self):
        """An autocommit psycopg connection to the server's maintenance database."""
        return self.admin_of(self.url.database or "postgres")

    def admin_of(self, database: str):
        """An autocommit psycopg connection to `database`, as the server's superuser."""
        import psycopg

        u = self.url
        return psycopg.connect(
            host=u.host,
            port=u.port,
            user=u.username,
            password=u.password,
            dbname=database,
            autocommit=True,
        )

    def url_for(self, database: str, user: str | None = None, password: str | None = None) -> str:
        url = self.url.set(database=database)
        if user is not None:
            url = url.set(username=user, password=password)
        return url.render_as_string(hide_password=False)

    def create_database(self) -> str:
        name = f"timeline_test_{uuid.uuid4().hex[:12]}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> PgServer:
    url = request.config.getoption("--pg-url") or os.environ.get(PG_URL_ENV)
    required = bool(os.environ.get(PG_REQUIRED_ENV))
    if not url:
        reason = (
            f"no PostgreSQL server to test on: give --pg-url or {PG_URL_ENV} "
            "(scripts/test starts a throwaway one)"
        )
        if required:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        server = PgServer(url)
        with server.admin() as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        if required:
            pytest.fail(f"the PostgreSQL server for the tests is unusable: {exc}")
        pytest.skip(f"the PostgreSQL server for the tests is unusable: {exc}")
    return server


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_target(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty database: a SQLite file path or a PostgreSQL URL (without password)."""
    if db_backend == "sqlite":
        yield str(tmp_path / "timeline.db")
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = server.create_database()
    try:
        yield server.url_for(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "timeline.db"


@pytest.fixture
def store(db_target: str):
    from timeline_desktop.store.repository import Store

    s = Store.open(db_target)
    yield s
    s.close()


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the shared seed corpus is not beside the repository")
    return SEEDS


# A short text with known happenings, for curation tests (team-written).
NOTES = (
    "Notes on Rome and England\n\n"
    "On 15 March 44 BC Julius Caesar was assassinated in the Senate house in Rome. "
    "Marcus Brutus and Gaius Cassius led the conspirators.\n\n"
    "In 27 BC the Senate gave Octavian the title Augustus. "
    "Augustus died at Nola on 19 August AD 14.\n\n"
    "William of Normandy defeated Harold Godwinson at Hastings on 14 October 1066. "
    "William was crowned in Westminster Abbey on 25 December 1066.\n\n"
    "The Great Fire of London broke out in Pudding Lane on 2 September 1666.\n"
)


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text(NOTES, encoding="utf-8")
    return path
