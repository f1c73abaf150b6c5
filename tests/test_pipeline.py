"""Importing files and folders: each file one transaction, bad files reported by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline_desktop.domain.model import Document, Extraction
from timeline_desktop.export.json_export import build_export
from timeline_desktop.extract.base import ExtractionContext
from timeline_desktop.ingest.pipeline import FileStatus, discover, import_paths
from timeline_desktop.store.repository import Store

GOOD = "The Battle of Hastings was fought on 14 October 1066 near Hastings.\n"


def snapshot(store: Store) -> str:
    return json.dumps(build_export(store), sort_keys=True, default=str)


def test_seeds_are_stored_with_their_full_text_and_not_twice(store: Store, seeds: Path) -> None:
    report = import_paths(store, [seeds])
    assert report.count(FileStatus.IMPORTED) == 5 and not report.failed
    sources = {s.file_name: s for s in store.sources()}
    assert len(sources) == 5
    for path in sorted(seeds.glob("*.txt")):
        stored = sources[path.name]
        assert stored.format in ("text", "wiki")
        if stored.format == "text":
            assert stored.text == path.read_text(encoding="utf-8")
        assert len(stored.sha256) == 64
    before = snapshot(store)
    again = import_paths(store, [seeds])
    assert again.count(FileStatus.DUPLICATE) == 5
    assert snapshot(store) == before


def write_bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "binary": folder / "photo.txt",
        "empty": folder / "empty.txt",
        "truncated": folder / "truncated.txt",
        "huge": folder / "huge.txt",
        "html": folder / "broken.html",
        "csv": folder / "broken.csv",
    }
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    files["empty"].write_bytes(b"")
    files["truncated"].write_bytes(
        "Le 14 juillet 1789, la Bastille tomba à Paris. Café".encode()[:-1]
    )
    files["html"].write_text(
        "<html><body><p>On 4 July 1776 the <b>Declaration was adopted<p>In 1787"
    )
    files["csv"].write_text("when;what\n1789-07-14;Bastille stormed;extra;cells\nnot a date\n")
    with files["huge"].open("w") as fh:
        line = "A long line of filler text without much in it, repeated many times over. " * 10
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(line + "\n")
    return files


def test_bad_files_are_reported_and_change_nothing_stored(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "hastings.txt"
    good.write_text(GOOD)
    import_paths(store, [good])
    before = snapshot(store)

    files = write_bad_files(tmp_path / "bad")
    report = import_paths(store, [tmp_path / "bad"])
    results = {Path(f.path).name: f for f in report.files}
    assert len(results) == len(files)
    for kind in ("binary", "empty", "huge"):
        result = results[files[kind].name]
        assert result.status == FileStatus.FAILED, kind
        assert files[kind].name in result.error, result.error
    # a truncated final character or sloppy HTML still imports what a reader can read
    assert results["truncated.txt"].status == FileStatus.IMPORTED
    assert results["broken.html"].status == FileStatus.IMPORTED
    csv_result = results["broken.csv"]
    assert csv_result.status == FileStatus.FAILED and "broken.csv" in csv_result.error

    after = json.loads(snapshot(store))
    old = json.loads(before)
    kept = [s for s in after["sources"] if s["file_name"] == "hastings.txt"]
    assert kept == old["sources"]
    old_ids = {x["id"] for x in old["events"]}
    assert [e for e in after["events"] if e["id"] in old_ids] == old["events"]


class ExplodingExtractor:
    def extract(self, document: Document, context: ExtractionContext) -> Extraction:
        raise RuntimeError("the extractor broke")


def test_an_extractor_failure_fails_only_that_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    report = import_paths(store, [path], extractor=ExplodingExtractor())
    assert report.failed[0].error == "a.txt: the extractor broke"
    assert store.is_empty()


def test_progress_and_cancellation(store: Store, tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"note{i}.txt").write_text(f"Note {i}: something happened in {1900 + i}.\n")
    calls: list[tuple[int, int, str]] = []
    report = import_paths(
        store,
        [tmp_path],
        progress=lambda d, t, n: calls.append((d, t, n)),
        cancelled=lambda: len(calls) >= 3,
    )
    assert report.cancelled
    assert len(report.files) == 3
    assert calls[0] == (0, 5, "note0.txt")
    assert len(store.sources()) == 3


def test_discover_walks_folders_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.md").write_text("# Deep\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("no")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "z.csv").write_text("date,event\n1900,x\n")
    names = [p.name for p in discover([tmp_path])]
    assert names == ["z.csv", "deep.md"] or sorted(names) == ["deep.md", "z.csv"]
    missing = discover([tmp_path / "nope.txt"])
    assert [p.name for p in missing] == ["nope.txt"]


def test_missing_file_is_reported(store: Store, tmp_path: Path) -> None:
    report = import_paths(store, [tmp_path / "nope.txt"])
    assert report.failed and "nope.txt" in report.failed[0].error


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_encodings_are_detected_and_recorded(store: Store, tmp_path: Path, encoding: str) -> None:
    text = "Napoléon was crowned in Notre-Dame on 2 December 1804 — “le sacre”.\n" * 3
    path = tmp_path / f"n-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    report = import_paths(store, [path])
    assert report.count(FileStatus.IMPORTED) == 1
    [source] = store.sources()
    assert source.text == text
    assert source.encoding.replace("_", "-") in {encoding, "utf-16-le", "utf-16le", "windows-1252"}
