"""Showing imported text safely in Qt widgets that guess between plain and rich text.

Titles, names and quotes come from imported files, HTML pages among them. Qt renders a tool
tip (and a QLabel in AutoText mode) as HTML when it merely *looks* like HTML, so such text
is escaped and wrapped here instead of being trusted.
"""

from __future__ import annotations

import html


def tooltip(text: str) -> str:
    """A tool tip showing `text` literally (escaped rich text, so long lines also wrap)."""
    if not text:
        return ""
    body = html.escape(text, quote=False).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{body}</p>"
