"""Pairwise precision and recall of corroboration ("same happening?") against gold files.

    .venv/bin/python benchmarks/corroboration_pairs.py EXPORT.json GOLD.json [GOLD.json ...]
    .venv/bin/python benchmarks/corroboration_pairs.py --train [FOLDER GOLD.json ...]

The first form scores an export (what the product made of a whole import); the second
builds the labelled pairs the matcher is tuned on (see `train` below).

Pairs are built from the gold: two supports of one gold event in different sources are a
positive pair (the product should make them one event); supports of two different gold events
from different sources whose dates lie within a year of each other are a negative pair (they
should stay apart: the hard cases, since far-apart dates are never merged). A pair counts as
merged when one exported event has evidence covering both quotes (at least half of each).
Pairs whose quotes the export does not cover at all are reported apart: they measure
recall of events, not of merging. Rows of one CSV chronology are one source, so they never
form a pair here; the import keeps them apart by construction.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from itertools import combinations
from pathlib import Path


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text.replace("\u2013", "-").replace("\u2014", "-")).lower()


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """The quote's span in the text, exactly or ignoring spacing and quote marks."""
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    flat, where = [], []
    for k, ch in enumerate(text):
        for c in _norm(ch) if not ch.isspace() else " ":
            if c == " " and flat and flat[-1] == " ":
                continue
            flat.append(c)
            where.append(k)
    j = "".join(flat).find(_norm(quote).strip())
    if j < 0:
        return None
    return where[j], where[min(j + len(_norm(quote).strip()), len(where)) - 1] + 1


def _year(date: str | None) -> int | None:
    m = re.match(r"^(-?\d{1,6})", str(date or "").lstrip("c.~ "))
    return int(m.group(1)) if m else None


def gold_supports(gold: dict) -> list[tuple[str, str, str, int | None]]:
    """(gold event id, source file, quote, year) for every support."""
    out = []
    for event in gold["events"]:
        year = _year(event.get("date") or event.get("start"))
        for sup in event.get("support", []):
            out.append((event["id"], sup["source"], sup["quote"], year))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=Path, nargs="*", help="EXPORT GOLD... (or FOLDER GOLD...)")
    parser.add_argument("--verbose", action="store_true", help="list the pairs got wrong")
    parser.add_argument(
        "--train", action="store_true", help="labelled pairs from documents and their gold"
    )
    args = parser.parse_args()
    if args.train:
        from corroboration_training import train

        return train(args.paths, args.verbose)
    if len(args.paths) < 2:
        parser.error("give an export and at least one gold file")
    args.export, args.gold = args.paths[0], args.paths[1:]
    export = json.loads(args.export.read_text(encoding="utf-8"))
    sources = {s["file_name"]: s for s in export["sources"]}
    by_source: dict[int, list[tuple[int, int, int]]] = {}
    for event in export["events"]:
        for ev in event["evidence"]:
            by_source.setdefault(ev["source_id"], []).append((ev["start"], ev["end"], event["id"]))

    def events_of(source: str, quote: str) -> set[int]:
        src = sources.get(source)
        span = locate(src["text"], quote) if src else None
        if span is None:
            return set()
        need = (span[1] - span[0]) / 2
        return {
            event_id
            for start, end, event_id in by_source.get(src["id"], ())
            if min(end, span[1]) - max(start, span[0]) >= need
        }

    positives = negatives = tp = fp = uncovered = 0
    wrong: list[str] = []
    for path in args.gold:
        gold = json.loads(path.read_text(encoding="utf-8"))
        supports = [s for s in gold_supports(gold) if s[1] in sources]
        found = {(s[1], s[2]): events_of(s[1], s[2]) for s in supports}
        # a passage gold lists under two events (a group's: "the two probes arrived")
        # supports both: on either's event it is no wrong merge
        told = defaultdict(set)
        for s in supports:
            told[(s[1], s[2])].add(s[0])
        for a, b in combinations(supports, 2):
            if a[1] == b[1]:
                continue
            same = a[0] == b[0]
            if not same and told[(a[1], a[2])] & told[(b[1], b[2])]:
                continue
            if not same and (a[3] is None or b[3] is None or abs(a[3] - b[3]) > 1):
                continue
            ea, eb = found[(a[1], a[2])], found[(b[1], b[2])]
            if not ea or not eb:
                uncovered += 1
                continue
            merged = bool(ea & eb)
            if same:
                positives += 1
                tp += merged
            else:
                negatives += 1
                fp += merged
            if merged != same and args.verbose:
                kind = "split" if same else "merged wrongly"
                wrong.append(f"{kind}: {a[0]} ({a[1]}) / {b[0]} ({b[1]})")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / positives if positives else 1.0
    for line in wrong:
        print(line)
    print(
        f"positive pairs {positives}, negative pairs {negatives}, not covered {uncovered}; "
        f"merged {tp} of {positives} (recall {recall:.3f}), wrongly merged {fp} "
        f"(precision {precision:.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
