"""Failures put in words: why something failed and what to do, in one short clause.

Users see a sentence, never a traceback (that goes to the log file). Errors from the file
system and from the database arrive as exceptions whose text is written for programmers
("(sqlite3.OperationalError) database or disk is full [SQL: INSERT INTO …]"); `explain`
turns the ones people meet (a full disk, a locked or damaged database, a missing folder,
a read-only file) into what happened and what to do. Callers say what failed:
f"the export failed: {explain(exc)}". Plain Python, no Qt, so every layer can use it.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

MAX_CHARS = 300

# (words in the database driver's message, what it means and what to do)
_DATABASE_MESSAGES = (
    ("database or disk is full", "the disk is full; free some space and try again"),
    (
        "database is locked",
        "the database is busy (another window or program is writing to it); try again in a moment",
    ),
    (
        "disk i/o error",
        "the disk reported a read or write error; check the drive, then run "
        "Check Database (timeline-desktop check)",
    ),
    (
        "database disk image is malformed",
        "the database file is damaged; run Check Database (timeline-desktop check) or "
        "restore a backup (File > Restore Backup…)",
    ),
    (
        "file is not a database",
        "the file is not a Timeline Desktop database, or it is damaged; choose another file "
        "or restore a backup",
    ),
    (
        "attempt to write a readonly database",
        "the database file is read-only; check its permissions or copy it somewhere you may write",
    ),
    (
        "unable to open database file",
        "the database file cannot be opened; check that its folder exists and that you may "
        "write there",
    ),
    ("no such table", "the database is incomplete or damaged; restore a backup"),
)

_OS_MESSAGES = {
    errno.ENOSPC: "the disk is full; free some space and try again",
    errno.EDQUOT: "your disk quota is used up; free some space and try again",
    errno.EACCES: "permission denied; choose a place you may write to",
    errno.EPERM: "the operation is not permitted; choose a place you may write to",
    errno.EROFS: "the disk is read-only; choose another place",
    errno.ENOENT: "it does not exist; check the name and the folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder; choose another place",
    errno.EISDIR: "there is a folder of that name; choose another name",
    errno.EIO: "the disk reported a read or write error; check the drive",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter one",
}


def explain(exc: BaseException, path: str | Path | None = None) -> str:
    """Why `exc` happened and what to do, as a clause without a final full stop.

    Errors it does not know keep their own first line (without SQL or parameters). `path`,
    the file being written, lets a vague I/O error be told apart from a full disk (SQLite
    says "disk I/O error" when it cannot even create its shared-memory file).
    """
    if path is not None and _nearly_full(Path(path)) and _is_io_error(exc):
        return _OS_MESSAGES[errno.ENOSPC]
    if isinstance(exc, MemoryError):
        return "the computer ran out of memory; close other programs or work on fewer files"
    driver = getattr(exc, "orig", None)  # SQLAlchemy wraps the database driver's error
    message = str(driver if driver is not None else exc)
    lowered = message.lower()
    for words, meaning in _DATABASE_MESSAGES:
        if words in lowered:
            return meaning
    if isinstance(exc, OSError) and exc.errno in _OS_MESSAGES:
        return _OS_MESSAGES[exc.errno] + _where(exc)
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{exc.strerror or _first_line(message)}{_where(exc)}"
    text = _first_line(message)
    if driver is not None:
        return f"the database reported an error ({text or type(driver).__name__})"
    return text or type(exc).__name__


FULL_BELOW = 1 << 20  # bytes free under which a failed write is put down to a full disk


def _nearly_full(path: Path) -> bool:
    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def _is_io_error(exc: BaseException) -> bool:
    driver = getattr(exc, "orig", None)
    text = str(driver if driver is not None else exc).lower()
    return "disk i/o error" in text or (isinstance(exc, OSError) and exc.errno == errno.EIO)


def _where(exc: OSError) -> str:
    """The file an OS error names, as the user knows it (not our temporary `.part` name)."""
    if not exc.filename:
        return ""
    name = str(exc.filename)
    for suffix in (".outline.part", ".part"):
        name = name.removesuffix(suffix)
    return f" ({name})"


def _first_line(message: str) -> str:
    """The message without SQL, parameters or a second line, at most MAX_CHARS long."""
    line = message.strip().splitlines()[0] if message.strip() else ""
    for marker in (" [SQL:", "\n[SQL:", " (Background on this error"):
        line = line.split(marker)[0]
    if line.startswith("(") and ") " in line:  # "(sqlite3.OperationalError) no such …"
        line = line.split(") ", 1)[1]
    return line if len(line) <= MAX_CHARS else line[: MAX_CHARS - 1].rstrip() + "…"


_ENVIRONMENT = (
    "database or disk is full",
    "database is locked",
    "disk i/o error",
    "database disk image is malformed",
    "attempt to write a readonly database",
)
_ENVIRONMENT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS}


def is_environment_failure(exc: BaseException) -> bool:
    """Whether `exc` is the machine's doing (a full or failing disk, a damaged or busy
    database, a newer version's file) rather than a wrong argument (exit 1, not 2).

    Follows the chain of causes, so a wrapped error is judged by what it wraps.
    """
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__name__ == "NewerDatabaseError":
            return True
        if isinstance(seen, OSError) and seen.errno in _ENVIRONMENT_ERRNOS:
            return True
        driver = getattr(seen, "orig", None)
        text = str(driver if driver is not None else seen).lower()
        if any(words in text for words in _ENVIRONMENT):
            return True
        seen = seen.__cause__
    return False


def sentence(what: str, exc: BaseException) -> str:
    """ "The export failed: the disk is full; free some space and try again."."""
    text = f"{what}: {explain(exc)}"
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "…")) else ".")
