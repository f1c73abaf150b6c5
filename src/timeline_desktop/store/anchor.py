"""Finding a quoted passage again in a changed text.

When a source is imported again with changed content, every passage a user attached or
detached is looked up in the new text by its exact words. A quote may occur more than once
(a date, a repeated sentence), so the occurrence nearest to where the passage *would* be is
taken: its old offset carried through the lines both texts share (`OffsetMap`), so a
paragraph added above it does not send it to an earlier occurrence. A passage whose lines were
only re-wrapped is still found (whitespace may differ); one whose words changed is not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from difflib import SequenceMatcher

MAX_DIFF_LINES = 200_000  # beyond this, offsets are compared as they are (no line diff)


class OffsetMap:
    """Carries offsets of an old text to the new one through the lines they share."""

    def __init__(self, old: str, new: str) -> None:
        old_lines = old.splitlines(keepends=True)
        new_lines = new.splitlines(keepends=True)
        # (old char start, new char start, char length) of each run of shared lines
        self._blocks: list[tuple[int, int, int]] = []
        if max(len(old_lines), len(new_lines)) > MAX_DIFF_LINES:
            return
        old_at = _line_starts(old_lines)
        new_at = _line_starts(new_lines)
        # most changes touch a few places: the shared head and tail are matched directly, and
        # only the middle goes through the diff (whose cost grows with repeated lines)
        head = 0
        limit = min(len(old_lines), len(new_lines))
        while head < limit and old_lines[head] == new_lines[head]:
            head += 1
        tail = 0
        while tail < limit - head and old_lines[-1 - tail] == new_lines[-1 - tail]:
            tail += 1
        blocks = [(0, 0, head)]
        matcher = SequenceMatcher(
            None, old_lines[head : len(old_lines) - tail], new_lines[head : len(new_lines) - tail]
        )
        blocks += [(a + head, b + head, n) for a, b, n in matcher.get_matching_blocks()]
        blocks.append((len(old_lines) - tail, len(new_lines) - tail, tail))
        for a, b, size in blocks:
            if size:
                length = old_at[a + size] - old_at[a]
                self._blocks.append((old_at[a], new_at[b], length))
        self._starts = [block[0] for block in self._blocks]

    def __call__(self, offset: int) -> int:
        """Where `offset` of the old text lies in the new one (or would, had it survived)."""
        if not self._blocks:
            return offset
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            old_start, new_start, _ = self._blocks[0]
            return max(0, new_start - (old_start - offset))
        old_start, new_start, length = self._blocks[i]
        if offset < old_start + length:
            return new_start + (offset - old_start)
        return new_start + length + (offset - old_start - length)  # just after this block


def _line_starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def locate(quote: str, text: str, hint: int) -> tuple[int, int] | None:
    """The span of `quote` in `text` nearest to offset `hint`, or None when it is not there.

    Exact words first; failing that the same words with any whitespace between them (a
    re-wrapped paragraph). A blank quote is never found.
    """
    if not quote.strip():
        return None
    hint = min(max(hint, 0), len(text))
    if text.startswith(quote, hint):
        return hint, hint + len(quote)
    after = text.find(quote, hint)
    before = text.rfind(quote, 0, min(len(text), hint + len(quote) - 1))
    found = [p for p in (after, before) if p >= 0]
    if found:
        start = min(found, key=lambda p: (abs(p - hint), p))
        return start, start + len(quote)
    words = quote.split()
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    best: tuple[int, int] | None = None
    for match in pattern.finditer(text):
        if best is None or abs(match.start() - hint) < abs(best[0] - hint):
            best = (match.start(), match.end())
        elif match.start() > hint:
            break
    return best
