"""The extractor's output on every test corpus, pinned: a refactor must not change it.

Each corpus is imported into a fresh database through the real pipeline and exported as
JSON; the part of the export that extraction decides (titles, summaries, dates, people,
places, evidence spans and stances, people with their aliases) must equal the stored
fingerprint in `tests/data/extraction_golden/`. A change that improves extraction updates
the fingerprints on purpose:

    TIMELINE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_extract_golden.py

and the diff of those files is then the review of what changed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from test_extract_harness import corpus_files
from timeline_desktop.export.json_export import build_export
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLDEN = REPO / "tests" / "data" / "extraction_golden"
CORPORA = {
    "heldout": REPO / "tests" / "data" / "heldout",
    "heldout2": REPO / "tests" / "data" / "heldout2",
    "heldout3": REPO / "tests" / "data" / "heldout3",
    "readers": REPO / "tests" / "data" / "readers",
    "demo": REPO / "resources" / "demo",
    "seeds": SHARED / "corpus" / "seeds",
}


def fingerprint(export: dict[str, Any]) -> dict[str, Any]:
    """What extraction decided, from a `timeline-desktop/1` export (no texts, no quotes:
    quotes are the source text at the evidence offsets)."""
    files = {s["id"]: s["file_name"] for s in export["sources"]}
    return {
        "people": [[p["name"], p["aliases"]] for p in export["people"]],
        "events": [
            {
                "id": e["id"],
                "title": e["title"],
                "summary": e["summary"],
                "date": [e["start"], e["end"], e["precision"], e["approximate"], e["label"]],
                "people": e["people"],
                "places": e["places"],
                "evidence": [
                    [files[v["source_id"]], v["start"], v["end"], v["date_as_stated"], v["stance"]]
                    for v in e["evidence"]
                ],
            }
            for e in export["events"]
        ],
    }


def _differences(want: dict[str, Any], got: dict[str, Any], limit: int = 8) -> list[str]:
    out: list[str] = []
    if want["people"] != got["people"]:
        w = {json.dumps(p) for p in want["people"]}
        g = {json.dumps(p) for p in got["people"]}
        out += [f"person lost: {p}" for p in sorted(w - g)][:limit]
        out += [f"person new:  {p}" for p in sorted(g - w)][:limit]
    w_ev = {json.dumps(e, sort_keys=True) for e in want["events"]}
    g_ev = {json.dumps(e, sort_keys=True) for e in got["events"]}
    out += [f"event lost: {e}" for e in sorted(w_ev - g_ev)][:limit]
    out += [f"event new:  {e}" for e in sorted(g_ev - w_ev)][:limit]
    if not out and want != got:
        out.append("same events and people in another order")
    return out


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_extraction_output_is_unchanged(name: str, tmp_path: Path) -> None:
    folder = CORPORA[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} is not beside the repository")
    with Store.open(tmp_path / "golden.db") as store:
        report = import_paths(store, corpus_files(folder))  # the documents, not gold.json
        assert not report.failed, [f.error for f in report.failed]
        got = fingerprint(build_export(store))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("TIMELINE_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    want = json.loads(path.read_text(encoding="utf-8"))
    diffs = _differences(want, got)
    assert not diffs, f"{name}: extraction output changed:\n" + "\n".join(diffs)
