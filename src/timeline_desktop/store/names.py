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


def one_name_for_both(a: str, b: str) -> bool:
    """Whether two full names may be one person's when a bare word (a surname) is all that
    links them: "Nikita Khrushchev" and "Nikita Sergeyevich Khrushchev" may, "Marcus Brutus"
    and "Decimus Brutus" may not: two different given names are two people of one family.

    A one-word name goes with anything, and so does a name whose first word is no known
    given name ("Junius Brutus": a family name, which may be the same man's).
    """
    ta, tb = name_key(a).split(), name_key(b).split()
    if len(ta) < 2 or len(tb) < 2 or ta[0] == tb[0]:
        return True
    if set(ta) <= set(tb) or set(tb) <= set(ta):
        return True  # "Julius Caesar", "Gaius Julius Caesar"
    return not (_given(a.split()[0]) and _given(b.split()[0]))


def _given(word: str) -> bool:
    from timeline_desktop.extract.lexicon import load  # the given names are language data
    from timeline_desktop.extract.names import NameWords

    return bool(load().compiled(NameWords).given(word))
