"""Writing export files safely: a clear refusal up front, and never a half-written file.

Every export is written to `NAME.part` beside the target and renamed over it only when
complete, so a full disk, a crash or a cancel leaves the old file (or none), never a truncated
one; the `.part` file is removed on any failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def check_writable(out: Path) -> None:
    """Refuse, in one sentence, a place a file cannot be written, before any work is done."""
    folder = out.parent
    if not folder.exists():
        raise OSError(f"cannot write {out}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise OSError(f"cannot write {out}: {folder} is a file, not a folder")
    if out.is_dir():
        raise OSError(f"cannot write {out}: there is a folder of that name")
    if not os.access(folder, os.W_OK):
        raise OSError(f"cannot write {out}: the folder {folder} is read-only")


def part_path(out: Path) -> Path:
    return out.with_name(out.name + ".part")


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yield the temporary path to write; on success it replaces `out`, on failure it goes."""
    check_writable(out)
    tmp = part_path(out)
    try:
        yield tmp
        tmp.replace(out)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not exc.filename:
            exc.filename = str(out)  # a full disk names no file; the user needs to know which
        raise


def write_text_atomically(out: Path, text: str | Callable[[], str]) -> None:
    with atomic_output(out) as tmp:
        tmp.write_text(text() if callable(text) else text, encoding="utf-8")
