"""Benchmark: the timeline widget on 1,000,000 events, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/timeline_frames.py [--db PATH]
        [--events 1000000] [--keep]

Builds (or reuses) a database with the generator of `store_queries.py`, then measures:
time to first paint (widget created -> events drawn), the median and 95th percentile frame time
while zooming and panning (setXRange, then a synchronous repaint of the viewport, which is
what the user sees between the debounced level-of-detail rebuilds), the rebuild time itself,
and person-filter latency (state.set_people -> the new data drawn) for a typical and the
busiest person. Targets: first paint < 1 s, frames < 16 ms, filter < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from store_queries import synthetic_events

from timeline_desktop.store.repository import Store
from timeline_desktop.ui.state import AppState, LaneMode
from timeline_desktop.ui.tasks import wait_for_tasks
from timeline_desktop.ui.timeline.view import TimelineWidget


def pump_until(app: QApplication, done, timeout: float = 60.0) -> float:
    """Run the event loop (idle, as in the app: the GUI thread then holds no GIL while the
    workers run) until `done()` holds."""
    t0 = time.perf_counter()
    if done():
        return 0.0
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)

    def check() -> None:
        if done() or time.perf_counter() - t0 > timeout:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not done():
        raise TimeoutError("the widget did not settle")
    return time.perf_counter() - t0


def stats(ms: list[float]) -> str:
    ms = sorted(ms)
    return f"median {statistics.median(ms):6.1f} ms   p95 {ms[int(len(ms) * 0.95) - 1]:6.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--people", type=int, default=500)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "bench.db"
    store = Store.open(args.db)
    if store.count_events() == 0:
        t0 = time.perf_counter()
        pids = [store.add_person(f"Person {i:03d}") for i in range(args.people)]
        store.bulk_add_events(synthetic_events(args.events, pids, random.Random(1953)))
        print(f"filled {args.events:,} events in {time.perf_counter() - t0:.0f} s")
    total = store.count_events()
    print(f"{total:,} events in {args.db}")

    # --- first paint ------------------------------------------------------------------------
    state = AppState(store)
    t0 = time.perf_counter()
    w = TimelineWidget(state)
    w.resize(1600, 700)
    w.show()
    app.processEvents()
    w.viewport().repaint()
    chrome = time.perf_counter() - t0
    loaded = []
    w.sig_loaded.connect(lambda: loaded.append(time.perf_counter()))
    pump_until(app, lambda: bool(loaded))
    w.viewport().repaint()
    first = time.perf_counter() - t0
    t1 = time.perf_counter()
    store.timeline(state.filter)
    query = time.perf_counter() - t1
    print(f"first paint, empty chrome:       {chrome * 1000:7.0f} ms")
    print(
        f"first paint with all events:     {first * 1000:7.0f} ms"
        f"   (of which Store.timeline alone: {query * 1000:.0f} ms)"
    )
    pump_until(app, w.is_settled)

    # --- frames while zooming and panning ---------------------------------------------------
    vp = w.viewport()
    frames: list[float] = []
    rebuilds: list[float] = []
    x0, x1 = w.visible_x_range()

    def frame(a: float, b: float) -> None:
        t = time.perf_counter()
        w.set_x_range(a, b)
        vp.repaint()
        frames.append((time.perf_counter() - t) * 1000)

    center = 1200.0
    span = x1 - x0
    for _ in range(3):  # zoom in from everything to ~a week, with rebuilds landing in between
        s = span
        while s > 0.02:
            frame(center - s / 2, center + s / 2)
            s *= 0.8
            if len(frames) % 5 == 0:  # let the debounced rebuild land now and then
                t = time.perf_counter()
                pump_until(app, w.is_settled)
                rebuilds.append((time.perf_counter() - t) * 1000)
        for k in range(60):  # pan at a decade scale
            frame(center + k * 0.5, center + k * 0.5 + 10)
        pump_until(app, w.is_settled)
    print(f"frames while zooming/panning:    {stats(frames)}   ({len(frames)} frames)")
    print(f"level-of-detail rebuild landing: {stats(rebuilds)}")
    modes = w.lane_modes()
    print(f"  (last view {w.visible_x_range()[1] - w.visible_x_range()[0]:.1f} years, {modes})")

    # full view repaint in density mode, and at a day scale with labels
    for label, a, b in (
        ("everything", x0, x1),
        ("one year", 1200.0, 1201.0),
        ("two weeks", 1200.5, 1200.54),
    ):
        w.set_x_range(a, b)
        pump_until(app, w.is_settled)
        ms = []
        for _ in range(15):
            t = time.perf_counter()
            vp.repaint()
            ms.append((time.perf_counter() - t) * 1000)
        frame_obj = w._item.frame
        n = sum(len(lf.ids) for lf in frame_obj.lanes) if frame_obj else 0
        print(
            f"repaint, {label:<12}            {stats(ms)}   ({w.lane_modes()}, "
            f"{n} events drawn, {len(frame_obj.labels) if frame_obj else 0} labels)"
        )

    # --- person filter latency ---------------------------------------------------------------
    w.set_x_range(x0, x1)
    pump_until(app, w.is_settled)
    people = sorted(store.people(), key=lambda p: p.event_count)
    for label, person in (("typical", people[len(people) // 2]), ("busiest", people[-1])):
        times = []
        for _ in range(3):
            for names in ((person.name,), ()):
                loaded.clear()
                t = time.perf_counter()
                state.set_people(names)
                pump_until(app, lambda: bool(loaded))
                vp.repaint()
                if names:
                    times.append((time.perf_counter() - t) * 1000)
                pump_until(app, w.is_settled)
        print(f"person filter, {label} ({person.event_count:,} events): {stats(times)}")

    # --- people lanes ------------------------------------------------------------------------
    loaded.clear()
    t = time.perf_counter()
    state.set_lanes(LaneMode.PEOPLE)
    pump_until(app, lambda: bool(loaded))
    vp.repaint()
    print(f"switch to people lanes (first):  {(time.perf_counter() - t) * 1000:7.0f} ms")
    pump_until(app, w.is_settled)
    ms = []
    for k in range(30):
        t = time.perf_counter()
        w.set_x_range(x0 + k * 10, x1 - k * 10)
        vp.repaint()
        ms.append((time.perf_counter() - t) * 1000)
    print(f"frames, {len(w.lane_names())} people lanes:        {stats(ms)}")

    w.grab().save("/tmp/timeline_1m.png")
    w.close()
    wait_for_tasks()
    store.close()
    if tmp is not None and not args.keep:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
