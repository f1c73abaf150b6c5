"""The real development set imported in both orders: corroboration must not depend on which
source came first.

    .venv/bin/python benchmarks/import_orders.py [--orders forward reverse] [--verbose]

Each order imports `../shared/corpus/real` into a fresh database (file names sorted, or
sorted and reversed), exports it, and prints the scorer's summary and the pairwise merge
precision and recall (`corroboration_pairs.py`). With --verbose it lists, per order, each
gold conflict (flagged or not, and where its passage went) and each gold event told by
several sources that the import left split. The exports stay in a temporary folder whose
path is printed, for the scorer's --verbose or `judge_sample.py`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from corroboration_pairs import locate

from timeline_desktop.export.json_export import build_export
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "corpus" / "real"
GOLD = REPO / "tests" / "data" / "realdev" / "gold.json"
SCORER = REPO.parent / "shared" / "tools" / "score_extraction.py"


def import_in_order(files: list[Path], folder: Path) -> Path:
    """Import `files` one after another into a fresh database; the export's path."""
    store = Store.open(folder / "r.db")
    try:
        for path in files:  # one import per file, as a user adding sources over time does
            import_paths(store, [path])
        out = folder / "r.json"
        out.write_text(json.dumps(build_export(store), ensure_ascii=False), encoding="utf-8")
    finally:
        store.close()
    return out


def _holders(export: dict, source: str, quote: str, stance: str | None) -> list[dict]:
    """The exported events with evidence covering half the quote (as the scorer reads)."""
    src = next((s for s in export["sources"] if s["file_name"] == source), None)
    span = locate(src["text"], quote) if src else None
    if span is None:
        return []
    need = (span[1] - span[0]) / 2
    return [
        e
        for e in export["events"]
        for ev in e["evidence"]
        if ev["source_id"] == src["id"]
        and min(ev["end"], span[1]) - max(ev["start"], span[0]) >= need
        and (stance is None or ev["stance"] == stance)
    ]


def details(export: dict, gold: dict) -> list[str]:
    """Each gold conflict, and each gold event of several sources left split."""
    lines = []
    for g in gold["events"]:
        held = [{e["id"] for e in _holders(export, s["source"], s["quote"], None)}
                for s in g.get("support", [])]  # fmt: skip
        common = set.intersection(*held) if held and all(held) else set()
        for c in g.get("conflicts", []):
            got = _holders(export, c["source"], c["quote"], "contradicts")
            ok = bool({e["id"] for e in got} & (common or set().union(*held)))
            where = [(e["id"], e["start"]) for e in _holders(export, c["source"], c["quote"], None)]
            lines.append(f"  conflict {'flagged' if ok else 'MISSED '} {g['id']}: {where}")
        if len(held) > 1 and all(held) and not common:
            lines.append(f"  split {g['id']}: {[sorted(h) for h in held]}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", nargs="+", default=["forward", "reverse"])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    files = sorted(p for p in REAL.iterdir() if p.is_file() and p.name != "README.md")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    root = Path(tempfile.mkdtemp(prefix="orders-"))
    for order in args.orders:
        folder = root / order
        folder.mkdir()
        export_path = import_in_order(files if order == "forward" else files[::-1], folder)
        score = subprocess.run(
            [sys.executable, SCORER, "--export", export_path, "--gold", GOLD],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        pairs = subprocess.run(
            [sys.executable, Path(__file__).with_name("corroboration_pairs.py"),
             export_path, GOLD],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        print(f"== {order}")
        print(next(line for line in score.splitlines() if line.startswith("summary:")))
        print(pairs.strip().splitlines()[-1])
        if args.verbose:
            export = json.loads(export_path.read_text(encoding="utf-8"))
            print("\n".join(details(export, gold)))
    print(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
