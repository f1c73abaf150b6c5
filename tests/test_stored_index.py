"""The index an import asks for the stored events near each drafted date.

Whatever mix of short and long spans is stored, asking it one span at a time or many at once
must give exactly the events whose days meet the span, as a scan of them all would.
"""

from __future__ import annotations

import numpy as np

from timeline_desktop.store.bulk import StoredIndex


def _spans(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = 3000
    lo = rng.integers(-400_000, 800_000, n)
    # mostly days and years, some decades and centuries, a few very long spans
    length = rng.choice([1, 30, 365, 3650, 36500, 400_000], n, p=[0.5, 0.1, 0.3, 0.06, 0.03, 0.01])
    return np.arange(1, n + 1, dtype=np.int64), lo, lo + length - 1


def _meeting(ids: np.ndarray, lo: np.ndarray, hi: np.ndarray, a: int, b: int) -> set[int]:
    return set(ids[(lo <= b) & (hi >= a)].tolist())


def test_one_span_at_a_time_finds_what_a_scan_finds() -> None:
    ids, lo, hi = _spans(3)
    index = StoredIndex(ids, lo, hi)
    rng = np.random.default_rng(4)
    for a in rng.integers(-450_000, 850_000, 400):
        b = int(a) + int(rng.choice([0, 30, 400, 40_000]))
        found, found_lo = index.query(int(a), b)
        assert set(found.tolist()) == _meeting(ids, lo, hi, int(a), b)
        assert len(found) == len(set(found.tolist()))  # each event once
        by_id = dict(zip(ids.tolist(), lo.tolist(), strict=True))
        assert [by_id[i] for i in found.tolist()] == found_lo.tolist()


def test_many_spans_at_once_find_what_a_scan_finds() -> None:
    ids, lo, hi = _spans(5)
    index = StoredIndex(ids, lo, hi)
    rng = np.random.default_rng(6)
    a = rng.integers(-450_000, 850_000, 300)
    b = a + rng.choice([0, 30, 400, 40_000], 300)
    found = index.overlapping(a, b)
    for i in range(300):
        expected = _meeting(ids, lo, hi, int(a[i]), int(b[i]))
        assert set(found.get(i, np.empty(0, dtype=np.int64)).tolist()) == expected


def test_an_empty_index_and_moved_events() -> None:
    empty = StoredIndex(*(np.empty(0, dtype=np.int64) for _ in range(3)))
    assert empty.query(0, 10)[0].size == 0
    ids, lo, hi = _spans(7)
    moved = StoredIndex(ids, lo, hi).replaced(
        np.array([1, 2]), np.array([5_000_000, 5_000_010]), np.array([5_000_000, 5_000_020])
    )
    assert set(moved.query(5_000_000, 5_000_015)[0].tolist()) == {1, 2}
    assert 1 not in moved.query(int(lo[0]), int(hi[0]))[0].tolist()
