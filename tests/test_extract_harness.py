"""Harness for scoring the rule extractor end to end, as the product runs it.

Imports files through the real pipeline (readers -> RuleExtractor -> store), writes the JSON
export and runs the shared scorer on it. Used by the seed and held-out tests and by hand:
`.venv/bin/python tests/test_extract_harness.py FOLDER GOLD`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
if not SHARED.is_dir():
    SHARED = REPO.parent / "shared"
SCORER = SHARED / "tools" / "score_extraction.py"


def export_corpus(files: list[Path], workdir: Path) -> Path:
    """Import `files` in order into a fresh database and write its JSON export."""
    from timeline_desktop.export.json_export import write_json
    from timeline_desktop.extract.rules import RuleExtractor
    from timeline_desktop.ingest.pipeline import import_paths
    from timeline_desktop.store.repository import Store

    db = workdir / "harness.db"
    if db.exists():
        db.unlink()
    out = workdir / "export.json"
    with Store.open(db) as store:
        report = import_paths(store, files, extractor=RuleExtractor())
        failed = [f.error for f in report.files if f.status == "failed"]
        if failed:
            raise RuntimeError(f"import failed: {failed}")
        write_json(store, out)
    return out


def score(export: Path, gold: Path, verbose: bool = False) -> dict:
    """The scorer's metrics (and problems) for an export."""
    args = [sys.executable, str(SCORER), "--export", str(export), "--gold", str(gold), "--json"]
    if verbose:
        args.append("--verbose")
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def corpus_files(folder: Path) -> list[Path]:
    suffixes = {".txt", ".md", ".html", ".htm", ".wiki", ".csv", ".tsv", ".markdown"}
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes)


def test_harness_finds_scorer_when_shared_is_present() -> None:
    assert not SHARED.is_dir() or SCORER.is_file()


def test_heldout_gold_is_readable_by_the_scorer() -> None:
    """Every held-out support states a date the scorer can read, overlapping its event, and
    quotes its document exactly: otherwise a found support silently scores as missed."""
    import importlib.util

    import pytest

    if not SCORER.is_file():
        pytest.skip("the shared scorer is not beside the repository")
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    folder = REPO / "tests" / "data" / "heldout"
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in corpus_files(folder)}
    for g in gold["events"]:
        span = g.get("date") or f"{g.get('start', '')}/{g.get('end', '')}"
        event = scorer.interval(span)
        assert event is not None, g["id"]
        for kind in ("support", "conflicts", "undated_mentions"):
            for sup in g.get(kind, []):
                assert sup["quote"] in texts[sup["source"]], (g["id"], sup["quote"])
                if kind != "support":
                    continue
                stated = scorer.interval(sup.get("normalized") or sup["date_as_stated"])
                assert stated is not None and scorer.overlaps(stated, event), (g["id"], sup)


if __name__ == "__main__":
    import tempfile

    folder, gold = Path(sys.argv[1]), Path(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        out = export_corpus(corpus_files(folder), Path(tmp))
        keep = Path("/tmp/extract_export.json")
        keep.write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
        subprocess.run(
            [sys.executable, str(SCORER), "--export", str(keep), "--gold", str(gold), "--verbose"],
            check=False,
        )
