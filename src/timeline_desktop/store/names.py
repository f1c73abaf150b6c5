"""Folding names into lookup keys, so "khrushchev", "Khrushchev" and "KHRUSHCHEV" match."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1 << 16)  # an import folds the same few hundred names thousands of times
def name_key(name: str) -> str:
    """Case-, width- and accent-insensitive key: "Napoléon  Bonaparte" -> "napoleon bonaparte".

    Accents are folded so that a user typing without them still finds the person; scripts
    without a decomposition (Cyrillic, CJK) are kept as they are.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").casefold()
    return " ".join(text.split())
