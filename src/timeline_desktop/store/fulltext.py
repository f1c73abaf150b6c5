"""What a search box query means, the same on every database.

A query is a list of terms that must all occur: each bare word is one term, and words between
double quotes form a phrase (the words next to each other, in order). The last word of every
term matches as a prefix ("augus" finds "Augustus"). Case and Latin diacritics are ignored
("napoleon" finds "Napoléon"). Words are runs of letters and digits; everything else
(punctuation, quotes, FTS syntax such as NEAR( or *, NUL bytes) only separates words, so no
input is an error and a query without words matches nothing. Each backend turns the terms into
its own full-text syntax (FTS5 on SQLite, tsquery on PostgreSQL).
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")


def search_terms(query: str) -> list[tuple[str, ...]]:
    """The terms of `query`, each a tuple of words (more than one word: a phrase)."""
    text = unicodedata.normalize("NFC", query)
    terms: list[tuple[str, ...]] = []
    for i, part in enumerate(text.split('"')):
        words = _WORD.findall(part)
        if i % 2 == 1:  # inside quotes (an unclosed quote runs to the end)
            if words:
                terms.append(tuple(words))
        else:
            terms.extend((w,) for w in words)
    return terms
