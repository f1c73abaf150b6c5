"""SQLAlchemy ORM mapping. Used only inside `timeline_desktop.store`.

The Alembic revisions in `db/versions` create exactly this schema; a test compares them.
Event dates are kept twice on purpose: as canonical ISO text (lossless: precision, qualifier,
approximation) and as integer day numbers of the earliest and latest day the date may mean,
which is what window queries and sorting use. `span_level` buckets events by the length of
that span (bit length of the day count) so a window query can use one bounded index range per
bucket instead of scanning everything that started earlier.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from timeline_desktop.store.names import name_key

# Day numbers reach +-365 million (years +-999,999) and window bounds go further: 64 bits on
# servers (SQLite's INTEGER is always 64-bit and keeps its declared name).
DayNumber = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


class SourceRow(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    file_name: Mapped[str] = mapped_column(String(500))
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(20))
    encoding: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)
    # the number of the current version; earlier texts are in source_versions
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __table_args__ = (  # an imported file asks for a stored source with its path or URL
        Index("ix_sources_path", "path", postgresql_using="hash"),
        Index("ix_sources_url", "url", postgresql_using="hash"),
    )


class SourceVersionRow(Base):
    """A text a source had before it was imported again with changed content.

    Kept so a passage that left the current text can still be shown where it was, and so an
    old copy of the file imported again is recognised instead of corroborating the source.
    """

    __tablename__ = "source_versions"
    __table_args__ = (
        UniqueConstraint("source_id", "version", name="uq_source_versions_version"),
        Index("ix_source_versions_sha256", "sha256"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    file_name: Mapped[str] = mapped_column(String(500))
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(20))
    encoding: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    replaced_at: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)


class PersonRow(Base):
    """A person; `key` (the folded canonical name) is unique, so concurrent writers that both
    meet "Nikita Khrushchev" for the first time cannot create him twice."""

    __tablename__ = "people"
    __table_args__ = (Index("uq_people_key", "key", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), server_default="")
    # A user said this is not a person: kept (with its aliases) so extraction never re-adds it.
    not_person: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    aliases: Mapped[list[AliasRow]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    @validates("name")
    def _keep_key(self, _attr: str, name: str) -> str:
        self.key = name_key(name)
        return name


class AliasRow(Base):
    """Every name a person goes by, the canonical one included; `key` is the folded form."""

    __tablename__ = "person_aliases"
    __table_args__ = (
        UniqueConstraint("person_id", "key", name="uq_alias_person_key"),
        Index("ix_alias_key", "key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300))
    person: Mapped[PersonRow] = relationship(back_populates="aliases")


class EventRow(Base):
    """An event. Rejected events stay (hidden) so re-extraction knows not to re-create them;
    `rejected` leads the window index so hiding them keeps window queries index-only."""

    __tablename__ = "events"
    __table_args__ = (
        # covering on PostgreSQL too (SQLite's index entries carry the rowid anyway), so a
        # window query reads the index only
        Index(
            "ix_events_level_lo",
            "rejected",
            "span_level",
            "lo_day",
            "hi_day",
            "precision",
            postgresql_include=["id"],
        ),
        Index("ix_events_lo", "lo_day"),
        Index("ix_events_category", "category_id", "lo_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[str] = mapped_column(String(40))
    end: Mapped[str | None] = mapped_column(String(40), nullable=True)
    precision: Mapped[int] = mapped_column(Integer)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    lo_day: Mapped[int] = mapped_column(DayNumber)
    hi_day: Mapped[int] = mapped_column(DayNumber)
    span_level: Mapped[int] = mapped_column(Integer)
    places: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(20), default="extracted")
    rejected: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    edited_fields: Mapped[str] = mapped_column(String(200), default="", server_default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), nullable=True)


class CategoryRow(Base):
    """A named, coloured group of events (TimelineJS `group`, Timeline `category`)."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("name", name="uq_category_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    color: Mapped[str | None] = mapped_column(String(20), nullable=True)  # "#rrggbb"
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), nullable=True
    )


class PeriodRow(Base):
    """A labelled span of time (an era) drawn along the axis; dates kept as events keep them."""

    __tablename__ = "periods"
    __table_args__ = (Index("ix_periods_lo", "lo_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    start: Mapped[str] = mapped_column(String(40))
    end: Mapped[str] = mapped_column(String(40))
    lo_day: Mapped[int] = mapped_column(Integer)
    hi_day: Mapped[int] = mapped_column(Integer)
    color: Mapped[str | None] = mapped_column(String(20), nullable=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), nullable=True
    )


class EventPersonRow(Base):
    __tablename__ = "event_people"
    __table_args__ = (Index("ix_event_people_person", "person_id", "event_id"),)

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )


class MentionRow(Base):
    __tablename__ = "mentions"
    __table_args__ = (
        Index("ix_mentions_person", "person_id"),
        Index("ix_mentions_source", "source_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class EvidenceRow(Base):
    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_event", "event_id"),
        Index("ix_evidence_source", "source_id"),
        Index("ix_evidence_shared_by", "shared_by"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    date_as_stated: Mapped[str] = mapped_column(String(80), default="")
    stance: Mapped[str] = mapped_column(String(20), default="supports")
    # None: the offsets point into the source's current text. A number: the passage is no
    # longer in the current text, and the offsets point into that earlier version's text.
    in_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # the extraction rules that found the passage, one per line (None: none recorded)
    rules: Mapped[str | None] = mapped_column(Text, nullable=True)
    # a copy of another event's passage (`FoundEvent.shares`: a group's passage telling a
    # member's happening): the source whose extraction made the copy. Re-extracting or
    # removing that source removes the copy with the source's own passages; None: a
    # passage of `source_id` found by its own extraction (or entered by hand).
    shared_by: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), nullable=True
    )


PASSAGE_COLUMNS = ("source_id", "start", "end", "quote", "date_as_stated", "stance", "rules")
"""The columns of a stored passage that a copy of it on another event repeats."""


def rules_text(rules: tuple[str, ...]) -> str | None:
    """Evidence rules as the `rules` column keeps them."""
    return "\n".join(rules) or None


def rules_of(text: str | None) -> tuple[str, ...]:
    """The evidence rules a `rules` column holds."""
    return tuple(text.split("\n")) if text else ()


class CurationMarkRow(Base):
    """A user's decision about a passage that re-extraction must respect.

    kind "detached": the passage [start, end) of the source is not evidence of `event_id`
    (the user removed it), so re-extraction never attaches it there again. The quote is kept
    so the mark can be re-anchored when the source's text changes.
    """

    __tablename__ = "curation_marks"
    __table_args__ = (Index("ix_curation_marks_source", "source_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text, default="")
    in_version: Mapped[int | None] = mapped_column(Integer, nullable=True)  # as for evidence


class EditRow(Base):
    """One user edit, kept so it can be listed, undone and redone across restarts.

    `changes` is JSON: for each table, the rows the edit touched as they were before and after
    (see `store.edits`); undo writes the "before" images back, redo the "after" ones.
    """

    __tablename__ = "edit_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(Text)
    event_ids: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class MetaRow(Base):
    """Small counters; `revision` changes with every write, so caches know they are stale."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class SnapshotRow(Base):
    """A binary columnar snapshot (numpy arrays) valid at one revision."""

    __tablename__ = "snapshots"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
