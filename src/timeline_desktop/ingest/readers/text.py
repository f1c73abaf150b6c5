"""Plain text: stored exactly as written, so evidence offsets match the file a user opens."""

from __future__ import annotations

from timeline_desktop.ingest.readers.layout import edge_lines, first_line_title, source_url
from timeline_desktop.ingest.readers.rendered import Rendered


def read_text(text: str, stem: str) -> Rendered:
    """Title from a short first line, URL from a "Source:" line or a URL near either end."""
    return Rendered(text=text, title=first_line_title(text, stem), url=source_url(edge_lines(text)))
