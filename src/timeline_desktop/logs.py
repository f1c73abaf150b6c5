"""The log file: where a traceback goes, so that the user only ever sees a sentence.

The app started by double-click has no console, and the command line prints one clear line
per failure; in both the details (tracebacks included) go to a rotating log file in the
user's data directory. Plain `logging`, no Qt, so the command line uses it too.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from timeline_desktop.paths import data_dir

LOG_NAME = "timeline-desktop.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3


def setup_logging(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Send log records to `timeline-desktop.log` in `log_dir` (default: the user's data dir).

    The file rotates at 1 MB and keeps 3 old copies, so a long-running install never fills the
    disk. Calling it again with the same directory adds no second handler. Returns the path.
    """
    directory = Path(log_dir) if log_dir is not None else data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = (directory / LOG_NAME).resolve()
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    handler = RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s")
    )
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)  # warnings.warn() lands in the log too
    return path


def log_file() -> Path | None:
    """The file `setup_logging` writes to, if it ran."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFileHandler) and handler.baseFilename.endswith(LOG_NAME):
            return Path(handler.baseFilename)
    return None
