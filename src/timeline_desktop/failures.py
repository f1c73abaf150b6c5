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


def explain(exc: BaseException) -> str:
    """Why `exc` happened and what to do, as a clause without a final full stop.

    Errors it does not know keep their own first line (without SQL or parameters).
    """
    if isinstance(exc, MemoryError):
        return "the computer ran out of memory; close other programs or work on fewer files"
    driver = getattr(exc, "orig", None)  # SQLAlchemy wraps the database driver's error
    message = str(driver if driver is not None else exc)
    lowered = message.lower()
    for words, meaning in _DATABASE_MESSAGES:
        if words in lowered:
            return meaning
    if isinstance(exc, OSError) and exc.errno in _OS_MESSAGES:
        where = f" ({exc.filename})" if exc.filename else ""
        return _OS_MESSAGES[exc.errno] + where
    if isinstance(exc, OSError) and exc.errno is not None:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or _first_line(message)}{where}"
    text = _first_line(message)
    if driver is not None:
        return f"the database reported an error ({text or type(driver).__name__})"
    return text or type(exc).__name__


def _first_line(message: str) -> str:
    """The message without SQL, parameters or a second line, at most MAX_CHARS long."""
    line = message.strip().splitlines()[0] if message.strip() else ""
    for marker in (" [SQL:", "\n[SQL:", " (Background on this error"):
        line = line.split(marker)[0]
    if line.startswith("(") and ") " in line:  # "(sqlite3.OperationalError) no such …"
        line = line.split(") ", 1)[1]
    return line if len(line) <= MAX_CHARS else line[: MAX_CHARS - 1].rstrip() + "…"


def sentence(what: str, exc: BaseException) -> str:
    """ "The export failed: the disk is full; free some space and try again."."""
    text = f"{what}: {explain(exc)}"
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "…")) else ".")
