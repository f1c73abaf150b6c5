"""The dates stage: the temporal tagger, its date patterns as data, and the date layer."""

from timeline_desktop.extract.dates.expr import DateValues, Kind, TimeExpr, with_date
from timeline_desktop.extract.dates.tagger import Tagger, resolve_anchored, tag

__all__ = ["DateValues", "Kind", "Tagger", "TimeExpr", "resolve_anchored", "tag", "with_date"]
