"""Reading, and extracting part way, the next files in a second process while this one stores.

Reading a file (decoding, parsing HTML, Markdown or wiki markup) and the early stages of the
extractor do not depend on what is stored, so on a machine with a second core a helper
process works a few files ahead of the one being stored (`prepare`). It is only worth its
start-up for bigger imports, and it is not used in a frozen (bundled) app, whose executable
cannot be re-entered as a helper. Any trouble with the helper makes the file be read and
extracted here, as without it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Protocol

from timeline_desktop.domain.model import Person
from timeline_desktop.ingest.prepare import PeopleSync, Prepared, prepare_file

log = logging.getLogger(__name__)

MIN_FILES = 12
MIN_BYTES = 1024 * 1024
IN_FLIGHT = 10  # enough to even out files of different sizes
IN_FLIGHT_BYTES = 16 * 1024 * 1024  # ... unless they are big (a prepared file takes ~3x)
HEAD_START_BYTES = 256 * 1024


class PeopleLog(Protocol):
    """The known people of an import run and how they changed (`pipeline.StoreContext`)."""

    def known_people(self) -> Sequence[Person]: ...

    def people_version(self) -> int: ...

    def people_changed_since(self, version: int) -> list[tuple[Person | None, Person]] | None: ...


class ReadAhead:
    """`take(i)` gives file i prepared by the helper, or None when it is to be read here.

    With `code` (the language of a standard `RuleExtractor`) and `people`, the helper also
    takes each prose file through the extractor's early stages; otherwise it only reads.

    The two processes should finish a file in about the same time. `stops` are where the
    helper may stop, from the most work it takes on to the least (None: as far as it can):
    each file this process has to wait for makes the helper stop earlier on the next one
    it is given, each file found ready makes it go further.
    """

    def __init__(
        self,
        files: Sequence[Path],
        wanted: Callable[[Path], bool],
        code: str | None = None,
        people: PeopleLog | None = None,
        stops: Sequence[str | None] = (None,),
    ) -> None:
        self._files = list(files)
        self._wanted = [wanted(p) for p in self._files]
        self._sizes = [-1] * len(self._files)  # file sizes, read when first needed
        if code is not None and people is not None:
            self._give_head_start()
        self._futures: dict[int, Future] = {}
        self._next = 0
        self._pool: ProcessPoolExecutor | None = None
        self._code = code if people is not None else None
        self._people = people
        self._sent: int | None = None  # the people version the helper was last brought to
        self._stops = list(stops) or [None]
        self._level = 0  # index into _stops: how far the helper takes the next file
        if self._worth_it():
            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn")
                )
            except (OSError, ValueError) as exc:
                log.info("reading in this process only: %s", exc)
        if self._pool is not None:
            self._fill(0)  # the helper starts now, while this process takes the first files

    def _give_head_start(self) -> None:
        """Leave the first files to this process: the helper takes a second or so to start
        (and to load its language), in which this process can extract them itself."""
        size = 0
        for i in range(len(self._files)):
            if size >= HEAD_START_BYTES:
                return
            if self._wanted[i]:
                size += self._size(i)
                self._wanted[i] = False

    def _worth_it(self) -> bool:
        if getattr(sys, "frozen", False) or (os.cpu_count() or 1) < 2:
            return False
        chosen = [i for i, w in enumerate(self._wanted) if w]
        if len(chosen) < MIN_FILES:
            return False
        size = 0
        for i in chosen:
            size += self._size(i)
            if size >= MIN_BYTES:
                return True
        return False

    def take(self, index: int) -> Prepared | None:
        if self._pool is None or not self._wanted[index]:
            return None
        self._fill(index)
        future = self._futures.pop(index, None)
        if future is None:
            return None
        if future.done():  # the helper is ahead: it may take on more
            self._level = max(self._level - 1, 0)
        else:  # this process waits: hand it less
            self._level = min(self._level + 1, len(self._stops) - 1)
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
            if self._futures and self._in_flight_bytes() + self._size(i) > IN_FLIGHT_BYTES:
                return  # big files: fewer at a time, so memory stays bounded
            self._next += 1
            if self._wanted[i]:
                try:
                    if self._code is None:
                        future = self._pool.submit(prepare_file, str(self._files[i]), None, "")
                    else:
                        future = self._pool.submit(
                            prepare_file,
                            str(self._files[i]),
                            self._sync(),
                            self._code,
                            self._stops[self._level],
                        )
                except RuntimeError:  # shut down under us
                    return
                self._futures[i] = future

    def _size(self, index: int) -> int:
        if self._sizes[index] < 0:
            try:
                self._sizes[index] = self._files[index].stat().st_size
            except OSError:
                self._sizes[index] = 0
        return self._sizes[index]

    def _in_flight_bytes(self) -> int:
        return sum(self._size(i) for i in self._futures)

    def _sync(self) -> PeopleSync | None:
        """What the helper needs to know of the people before the next file."""
        assert self._people is not None
        log_ = self._people
        if self._sent is not None:
            now = log_.people_version()
            if now == self._sent:
                return None
            changed = log_.people_changed_since(self._sent)
            if changed is not None:
                base, self._sent = self._sent, now
                return PeopleSync(now, base, tuple(after for _, after in changed))
        people = tuple(log_.known_people())
        self._sent = log_.people_version()
        return PeopleSync(self._sent, None, people)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._futures.clear()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
