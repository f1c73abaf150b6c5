"""A reproducible sample of extracted events for judging by hand (issue #13).

Scores against a gold file say how many gold events were found; they do not say whether what
a user sees is right. This script draws a fixed random sample of the events of a JSON export
(prose sources only: structured files state their events outright) and writes a Markdown
sheet with each event's date, title, people and first supporting passage, with columns for a
reader to mark date, title and people right or wrong.

    .venv/bin/python benchmarks/judge_sample.py EXPORT.json [--n 60] [--seed 13] [-o SHEET.md]

Make the export with `timeline-desktop --db DB import FILES...` then `export --json`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from timeline_desktop.ingest.readers import STRUCTURED_FORMATS


def prose_events(export: dict) -> list[dict]:
    """Events with at least one passage from a prose source, in id order."""
    prose = {s["id"] for s in export["sources"] if s["format"] not in STRUCTURED_FORMATS}
    return sorted(
        (e for e in export["events"] if any(ev["source_id"] in prose for ev in e["evidence"])),
        key=lambda e: e["id"],
    )


def sheet(events: list[dict], sources: dict[int, str]) -> str:
    rows = [
        "| # | date | title | people | passage (source) | date ok | title ok | people ok |",
        "|---|------|-------|--------|------------------|---------|----------|-----------|",
    ]
    for n, e in enumerate(events, 1):
        ev = next(x for x in e["evidence"] if x["stance"] == "supports") if e["evidence"] else {}
        quote = " ".join(ev.get("quote", "").split())
        quote = (quote[:220] + " …") if len(quote) > 220 else quote
        src = sources.get(ev.get("source_id"), "?")
        cells = [
            str(n),
            e.get("label") or e["start"],
            e["title"],
            ", ".join(e["people"]) or "–",
            f"{quote} ({src})",
            "",
            "",
            "",
        ]
        rows.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(rows) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("export", type=Path)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("-o", "--out", type=Path)
    args = ap.parse_args()
    export = json.loads(args.export.read_text(encoding="utf-8"))
    pool = prose_events(export)
    picked = sorted(random.Random(args.seed).sample(pool, min(args.n, len(pool))),
                    key=lambda e: e["id"])  # fmt: skip
    sources = {s["id"]: s.get("file_name") or s.get("title", "") for s in export["sources"]}
    text = f"{len(picked)} of {len(pool)} events with prose evidence (seed {args.seed})\n\n"
    text += sheet(picked, sources)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
