"""Guessing a legacy (non-Unicode) encoding: charset-normalizer plus a plausibility check.

charset-normalizer alone often names the wrong sibling for short Western text (Windows-1250
for Windows-1252, turning "señor" into "seńor") or an exotic code page for a few bytes. So
it only proposes candidates, limited to encodings real documents use; among the candidates
about as clean as its best, the decoding whose non-ASCII characters are most plausible wins
(letters that fit the script of their word, ordinary punctuation), then Windows-1252, then
charset-normalizer's own order.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

# Encodings worth considering for documents; EBCDIC and most DOS code pages only ever win
# by accident.
_CANDIDATES = [
    "cp1252", "iso8859_15", "latin_1", "cp1250", "iso8859_2", "cp1257", "cp1254", "mac_roman",
    "cp1251", "koi8_r", "koi8_u", "iso8859_5", "mac_cyrillic", "cp1253", "iso8859_7",
    "cp1255", "cp1256", "gb18030", "big5", "cp932", "euc_jp", "cp949",
]  # fmt: skip
_PREFERRED = "cp1252"
_CHAOS_MARGIN = 0.1
_SAMPLE = 100_000
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK", "HANGUL": "CJK"}


@dataclass(frozen=True, slots=True)
class _Candidate:
    text: str
    codec: str
    chaos: float
    rank: int


def guess_legacy(data: bytes) -> tuple[str, str] | None:
    """(text, codec name) for bytes that are not UTF-8, or None if nothing fits."""
    candidates = [
        _Candidate(str(match), codecs.lookup(match.encoding).name, match.chaos, rank)
        for rank, match in enumerate(from_bytes(data, cp_isolation=_CANDIDATES))
    ]
    try:
        western = data.decode(_PREFERRED)
    except UnicodeDecodeError:
        pass
    else:
        same = [c for c in candidates if c.text == western]
        chaos = min((c.chaos for c in same), default=None)
        if chaos is None:
            chaos = mess_ratio(western[:_SAMPLE], 1.0)
        candidates = [c for c in candidates if c.text != western]
        candidates.append(_Candidate(western, _PREFERRED, chaos, len(candidates)))
    if not candidates:
        return None
    floor = min(c.chaos for c in candidates)
    close = [c for c in candidates if c.chaos <= floor + _CHAOS_MARGIN]
    best = max(close, key=lambda c: (_plausibility(c.text), c.codec == _PREFERRED, -c.rank))
    if _plausibility(best.text) < 0.5:
        return None
    return best.text, best.codec


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that look intended: see the module docstring."""
    sample = text[:_SAMPLE]
    total = sum(1 for ch in sample if ord(ch) > 127)
    if not total:
        return 1.0
    good = sum(
        1
        for ch in sample
        if ord(ch) > 127 and not ch.isalpha() and unicodedata.category(ch)[0] in "PZS"
    )
    for word in _WORD.findall(sample):
        if word.isascii():
            continue
        if len({_script(ch) for ch in word}) == 1:
            good += sum(1 for ch in word if ord(ch) > 127)
    return good / total


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_GROUPS.get(name, name)
