"""Running store work off the GUI thread and getting the result back on it.

`run_task(fn, on_done)` runs `fn()` in Qt's global thread pool and calls `on_done(result)` on
the GUI thread (or `on_error(exc)`). A `TaskSlot` keeps only the newest request of a kind, so
a burst of filter changes does not pile up work: stale results are dropped. `run_write` runs
user edits on one dedicated thread, so they reach the database in the order they were made
(as Anki serialises collection work) without ever blocking the GUI.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; its signals deliver results there (queued connections)."""

    sig_done = Signal(object)
    sig_failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the caller on the GUI thread
            log.exception("background task failed")
            self._relay.sig_failed.emit(exc)
        else:
            self._relay.sig_done.emit(result)


_alive: set[_Relay] = set()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
    pool: QThreadPool | None = None,
) -> None:
    relay = _Relay()
    _alive.add(relay)

    def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
        _alive.discard(relay)
        relay.deleteLater()
        if callback is None:
            return
        try:
            callback(value)
        except RuntimeError as exc:
            # the widget that asked went away (window closed, database switched) before the
            # answer came: the answer has nobody to go to, which is not an error
            if "deleted" not in str(exc):  # "already deleted", "source has been deleted"
                raise
            log.debug("dropped a result for a deleted widget: %s", exc)

    relay.sig_done.connect(lambda result: finish(on_done, result))
    relay.sig_failed.connect(lambda exc: finish(on_error, exc))
    (pool or QThreadPool.globalInstance()).start(_Runnable(fn, relay))


_writes: QThreadPool | None = None


def writes_pool() -> QThreadPool:
    """The one thread that applies edits, in order."""
    global _writes
    if _writes is None:
        _writes = QThreadPool()
        _writes.setMaxThreadCount(1)
        _writes.setExpiryTimeout(-1)
    return _writes


def run_write(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Run an edit after every edit asked for before it; results come back on the GUI thread."""
    run_task(fn, on_done, on_error, writes_pool())


class TaskSlot:
    """Runs tasks of one kind, delivering only the result of the newest request."""

    def __init__(self) -> None:
        self._generation = 0

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._generation += 1
        generation = self._generation

        def done(result: Any) -> None:
            if generation == self._generation:
                on_done(result)

        def failed(exc: Exception) -> None:
            if generation == self._generation and on_error is not None:
                on_error(exc)

        run_task(fn, done, failed)

    @property
    def busy_generation(self) -> int:
        return self._generation


def wait_for_tasks(timeout_ms: int = 10_000) -> bool:
    """Block until both pools are idle (tests, shutdown). Returns False on timeout."""
    writes = writes_pool().waitForDone(timeout_ms)
    return QThreadPool.globalInstance().waitForDone(timeout_ms) and writes
