"""Reading files ahead in a second process while this one extracts and stores.

Reading (decoding, parsing HTML, Markdown or wiki markup) is a tenth to a fifth of a prose
import and does not depend on what is stored, so on a machine with a second core a helper
process reads the next few files while the current one is extracted. It is only worth its
start-up for bigger imports, and it is not used in a frozen (bundled) app, whose executable
cannot be re-entered as a helper. Any trouble with the helper makes the file be read here.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from timeline_desktop.domain.model import Document
from timeline_desktop.ingest.readers import ReadError, read_file

log = logging.getLogger(__name__)

MIN_FILES = 12
MIN_BYTES = 1024 * 1024
IN_FLIGHT = 4


def read_for_import(path: str) -> Document | ReadError:
    """What `read_file` gives, or its error as a value (runs in the helper process)."""
    try:
        return read_file(path)
    except ReadError as exc:
        return exc
    except OSError as exc:
        return ReadError(path, exc.strerror or str(exc))


class ReadAhead:
    """`take(i)` gives file i read by the helper, or None when it should be read here."""

    def __init__(self, files: Sequence[Path], wanted: Callable[[Path], bool]) -> None:
        self._files = list(files)
        self._wanted = [wanted(p) for p in self._files]
        self._futures: dict[int, Future] = {}
        self._next = 0
        self._pool: ProcessPoolExecutor | None = None
        if self._worth_it():
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn")
                )
            except (OSError, ValueError) as exc:
                log.info("reading in this process only: %s", exc)

    def _worth_it(self) -> bool:
        if getattr(sys, "frozen", False) or (os.cpu_count() or 1) < 2:
            return False
        chosen = [p for p, w in zip(self._files, self._wanted, strict=True) if w]
        if len(chosen) < MIN_FILES:
            return False
        size = 0
        for path in chosen:
            try:
                size += path.stat().st_size
            except OSError:
                continue
            if size >= MIN_BYTES:
                return True
        return False

    def take(self, index: int) -> Document | ReadError | None:
        if self._pool is None or not self._wanted[index]:
            return None
        self._fill(index)
        future = self._futures.pop(index, None)
        if future is None:
            return None
        try:
            return future.result()
        except Exception as exc:  # a broken helper: read it here instead
            log.warning("the reading helper failed (%s); reading in this process", exc)
            self.close()
            return None

    def _fill(self, index: int) -> None:
        assert self._pool is not None
        self._next = max(self._next, index)
        while self._next < len(self._files) and len(self._futures) < IN_FLIGHT:
            i = self._next
            self._next += 1
            if self._wanted[i]:
                try:
                    self._futures[i] = self._pool.submit(read_for_import, str(self._files[i]))
                except RuntimeError:  # shut down under us
                    return

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._futures.clear()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
