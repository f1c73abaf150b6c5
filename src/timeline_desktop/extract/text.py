"""Character classes, the mask type and word folding: what every stage reads text with.

Everything works on offsets into the original text, because evidence must point at the exact
characters a source says.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

_ALPHABET_LIMIT = 0x0590  # Latin, Greek, Cyrillic, Armenian: the cased scripts of names


def _cased_class(upper: bool) -> str:
    chars = [
        chr(c)
        for c in range(0x41, _ALPHABET_LIMIT)
        if (chr(c).isupper() if upper else chr(c).islower()) and chr(c).isalpha()
    ]
    chars += [
        chr(c)
        for c in range(0x1E00, 0x2000)
        if (chr(c).isupper() if upper else chr(c).islower()) and chr(c).isalpha()
    ]
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


UPPER = _cased_class(True)
"""A regex character class of upper-case letters (Latin, Greek, Cyrillic and extensions)."""
LOWER = _cased_class(False)
LETTER = r"[^\W\d_]"

CHARACTER_CLASSES = {"UPPER": UPPER, "LOWER": LOWER, "LETTER": LETTER}
"""The macros every language's patterns may use besides their own."""


@dataclass(frozen=True, slots=True)
class Mask:
    """Sorted, non-overlapping regions to ignore; `covers` answers in O(log n)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def covers(self, start: int, end: int) -> bool:
        if not self.starts:
            return False
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return True
        j = bisect.bisect_left(self.starts, start)
        return j < len(self.starts) and self.starts[j] < end


NO_MASK = Mask((), ())


def fold_word(word: str) -> str:
    """Case- and accent-insensitive form ("Chōshū" -> "choshu"); other scripts kept.

    Uncached: `Lexicon.fold` is the memoised form the stages use.
    """
    if word.isascii():
        return word.lower()
    text = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "'").lower()
