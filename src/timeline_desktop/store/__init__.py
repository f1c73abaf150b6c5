"""Persistence: SQLAlchemy ORM kept inside this package; callers get plain dataclasses."""
