"""Splitting the filtered events into lanes: one lane, or a lane per person, source or category.

Runs on the thread pool. Each lane mode is one function in `LANE_GROUPS` that says which
events go into which lane (a boolean mask per lane over the shown events' ids); a new mode (by
category, say) is one more function there. Link tables (event-person, event-source) change
only with the data, so they are kept by the caller in `links` and fetched once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.store.names import name_key
from timeline_desktop.store.repository import Store, TimelineArrays, UnknownPersonError
from timeline_desktop.ui.colors import person_color
from timeline_desktop.ui.state import LaneMode
from timeline_desktop.ui.timeline.items import Lane, LaneEvents

TOP_PEOPLE = 8  # people lanes when the filter names nobody
MAX_LANES = 24  # beyond this, the smallest lanes are folded into the last one
SINGLE_COLOR = "#4C78A8"
OTHER_COLOR = "#8C8C8C"

Links = dict[str, tuple[np.ndarray, np.ndarray]]  # name -> (event ids, other ids)


@dataclass(frozen=True, slots=True)
class Group:
    """One lane-to-be: its key, name, colour and which of the arrays' events it holds."""

    key: str
    name: str
    color: str
    mask: np.ndarray


@dataclass(frozen=True, slots=True)
class Grouping:
    groups: list[Group]
    rest_name: str  # the lane of events in no group


@dataclass(frozen=True, slots=True)
class Loaded:
    lanes: tuple[Lane, ...]
    total: int
    links: Links = field(default_factory=dict)
    error: str = ""


def membership(ids: np.ndarray, pair_events: np.ndarray, pair_keys: np.ndarray, key: int):
    """Mask over `ids` of events linked to `key` (a lookup table beats np.isin at 1M rows)."""
    linked = pair_events[pair_keys == key]
    if not len(ids) or not len(linked):
        return np.zeros(len(ids), dtype=bool)
    top = int(max(ids.max(), linked.max())) + 1
    lut = np.zeros(top, dtype=bool)
    lut[linked] = True
    return lut[ids]


def _people_groups(store: Store, flt: EventFilter, ids: np.ndarray, links: Links) -> Grouping:
    """A lane per person the filter names, or for the busiest people when it names nobody."""
    if "people" not in links:
        links["people"] = store.event_people_pairs()
    pairs = links["people"]
    people = {p.id: p for p in store.people()}
    if flt.people:
        by_key: dict[str, list[int]] = {}
        for p in people.values():  # the store's own matching: names and aliases by key
            for n in dict.fromkeys(name_key(a) for a in (p.name, *p.aliases)):
                by_key.setdefault(n, []).append(p.id)
        keys = [name_key(n) for n in flt.people]
        pids = list(dict.fromkeys(pid for k in keys for pid in sorted(by_key.get(k, []))))
    else:
        ranked = sorted(people.values(), key=lambda p: (-p.event_count, p.name))
        pids = [p.id for p in ranked[:TOP_PEOPLE] if p.event_count]
    groups = [
        Group(
            f"p{pid}",
            people[pid].name if pid in people else f"Person {pid}",
            person_color(pid).name(),
            membership(ids, *pairs, pid),
        )
        for pid in pids
    ]
    return Grouping(groups, "Other people" if flt.people or pids else "No people")


def source_names(sources: list[tuple[str, str]]) -> list[str]:
    """Lane names for (title, file name) pairs: the title, with the file name where two
    sources share a title, so that no two lanes read alike."""
    titles = [" ".join((title or file_name).split()) for title, file_name in sources]
    seen = Counter(titles)
    return [
        f"{t} ({file_name})" if seen[t] > 1 and file_name and file_name != t else t
        for t, (_, file_name) in zip(titles, sources, strict=True)
    ]


def _source_groups(store: Store, flt: EventFilter, ids: np.ndarray, links: Links) -> Grouping:
    """A lane per source that gives evidence for any shown event."""
    if "sources" not in links:
        links["sources"] = store.event_source_pairs()
    pairs = links["sources"]
    sources = store.sources(with_text=False)
    names = source_names([(s.title, s.file_name) for s in sources])
    groups = []
    for src, name in zip(sources, names, strict=True):
        mask = membership(ids, *pairs, src.id)
        if mask.any():
            groups.append(Group(f"s{src.id}", name, person_color(len(groups) + 1).name(), mask))
    return Grouping(groups, "No source")


def _category_groups(
    store: Store, flt: EventFilter, ids: np.ndarray, links: Links
) -> Grouping:
    """A lane per category of the shown events, in the category's own colour."""
    if "categories" not in links:
        links["categories"] = store.event_category_pairs()
    pairs = links["categories"]
    groups = []
    for category in store.categories():
        mask = membership(ids, *pairs, category.id)
        if mask.any():
            color = category.color or person_color(len(groups) + 1).name()
            groups.append(Group(f"c{category.id}", category.name, color, mask))
    return Grouping(groups, "No category")


GroupFn = Callable[[Store, EventFilter, np.ndarray, Links], Grouping]
LANE_GROUPS: dict[LaneMode, GroupFn] = {
    LaneMode.PEOPLE: _people_groups,
    LaneMode.SOURCES: _source_groups,
    LaneMode.CATEGORIES: _category_groups,
}


class _LastIndexed:
    """The `LaneEvents` of the store's whole snapshot. The store hands out the very same
    read-only snapshot arrays for "everything" until the data change (it checks the revision
    on every call), so clearing a filter or switching lanes need not convert a million dates
    again. Filtered arrays are fresh copies (writeable) and are indexed each time. The entry
    is replaced by the next snapshot indexed (after a write, or in another database)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._source: np.ndarray | None = None
        self._events: LaneEvents | None = None

    def get(self, arr: TimelineArrays) -> LaneEvents:
        with self._lock:
            if self._source is arr.ids and self._events is not None:
                return self._events
        events = LaneEvents.build(arr)
        if not arr.ids.flags.writeable:
            with self._lock:
                self._source, self._events = arr.ids, events
        return events


_last_indexed = _LastIndexed()


def load_lanes(store: Store, flt: EventFilter, mode: LaneMode, links: Links) -> Loaded:
    """The filtered events split into lanes (a filter change costs one store query; `links`
    is the caller's cache, filled here where a table was missing)."""
    links = dict(links)
    try:
        picks = store.timeline_picks(flt)
        if picks is None:
            events = _last_indexed.get(store.timeline(flt))
        else:  # index everything once; a person filter then only picks rows of it
            everything, mask = picks
            events = _last_indexed.get(everything)
            if mask is not None:
                events = events.take(mask)
    except UnknownPersonError as exc:
        return Loaded((), 0, links, str(exc))
    total = len(events.ids)
    group_fn = LANE_GROUPS.get(mode)
    if group_fn is None:
        return Loaded((Lane("all", "All events", SINGLE_COLOR, events),), total, links)
    grouping = group_fn(store, flt, events.ids, links)
    groups = grouping.groups
    if len(groups) > MAX_LANES:
        groups = sorted(groups, key=lambda g: -int(g.mask.sum()))[: MAX_LANES - 1]
    covered = np.zeros(total, dtype=bool)
    lanes = []
    for g in groups:
        covered |= g.mask
        lanes.append(Lane(g.key, g.name, g.color, events.take(g.mask)))
    if not covered.all() or not lanes:
        lanes.append(Lane("other", grouping.rest_name, OTHER_COLOR, events.take(~covered)))
    return Loaded(tuple(lanes), total, links)
