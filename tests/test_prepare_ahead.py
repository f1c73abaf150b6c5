"""Files extracted part way in a helper process are stored exactly as if extracted in turn.

A prose import hands the next files to a second process, which reads them and runs the
extractor's early stages (`ingest.prepare`); this process finishes each one against the store
as it is by then. Only the people stage reads the store among those stages, through lookups
it notes, so a result is kept only when no person stored since could answer one of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline_desktop.domain.model import Document, Person, Stance
from timeline_desktop.export.json_export import build_export
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.lexicon import load
from timeline_desktop.extract.names import NameWords, find_people
from timeline_desktop.extract.names.finder import KnownLookups
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.extract.text import NO_MASK
from timeline_desktop.extract.transfer import pack, unpack
from timeline_desktop.ingest import readahead
from timeline_desktop.ingest.pipeline import (
    FileStatus,
    StoreContext,
    discover,
    import_file,
    import_paths,
)
from timeline_desktop.store.repository import Store

REPO = Path(__file__).resolve().parents[1]


def document(text: str, name: str = "note.txt") -> Document:
    from timeline_desktop.ingest.readers import read_bytes

    return read_bytes(text.encode(), name)


def test_a_document_packed_part_way_finishes_as_extracting_it_whole() -> None:
    extractor = RuleExtractor()
    doc = document(
        "On 3 May 1791 the Sejm adopted a written constitution. Two years later, in 1793, "
        "Catherine the Great and Frederick William II divided the country again. Tadeusz "
        "Kosciuszko led a rising in March 1794 and was wounded and taken at Maciejowice."
    )
    whole = extractor.extract(doc, EmptyContext())
    part = extractor.start(doc, EmptyContext())
    assert "corroboration" not in part.stages  # matching stored events is left for later
    data = pack(part)
    again = unpack(data, extractor.lexicon)
    # the lexicon and the words compiled from it travel as references, not as copies
    assert again.lexicon is extractor.lexicon
    assert again.ew is extractor.lexicon.compiled(type(again.ew))
    assert len(data) < 40 * len(doc.text)
    assert extractor.finish(again, EmptyContext()) == whole
    assert whole.events


def test_facts_worked_out_ahead_are_those_the_corroboration_stage_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline_desktop.extract.events import corroborate

    store = Store.open(tmp_path / "t.db")
    first = tmp_path / "a.txt"
    first.write_text("Tadeusz Kosciuszko led a rising in March 1794.", encoding="utf-8")
    assert import_file(store, first, RuleExtractor()).status == FileStatus.IMPORTED
    extractor = RuleExtractor()
    doc = document(
        "In March 1794 Kosciuszko led the rising at Krakow. On 10 October 1794 Kosciuszko "
        "was wounded and taken at Maciejowice."
    )
    context = StoreContext(store)
    whole = extractor.extract(doc, context)
    part = extractor.start(doc, context)
    corroborate.facts_ahead(part)
    again = unpack(pack(part), extractor.lexicon)
    keys = corroborate.person_keys(again)
    assert again.draft_facts is not None and len(again.draft_facts) == len(again.drafts) >= 2
    for (d, facts), draft in zip(again.draft_facts, again.drafts, strict=True):
        assert d is draft  # the same drafts, not copies of them
        assert facts == corroborate.draft_facts(again, d, keys)

    def not_again(*args: object) -> None:
        raise AssertionError("the facts were worked out ahead")

    monkeypatch.setattr(corroborate, "draft_facts", not_again)
    # the passages, read ahead too, are found read when compared as stored events' quotes
    from timeline_desktop.extract.events import stored

    parts = extractor.lexicon.compiled(stored._EventParts)
    parts.quote.clear()
    finished = extractor.finish(again, context)
    assert finished == whole
    assert any(e.same_as is not None for e in finished.events)  # compared with the stored
    quotes = [
        again.text[e.start : e.end]
        for d in again.drafts
        for e in d.evidence
        if e.stance == Stance.SUPPORTS
    ]
    assert quotes and all(q in parts.quote for q in quotes)
    fresh = stored._EventParts(extractor.lexicon)
    assert all(parts.quote[q] == fresh.quote[q] for q in quotes)
    store.close()


def test_a_document_is_taken_as_far_as_it_does_not_need_the_store() -> None:
    extractor = RuleExtractor()
    plain = document("The bridge over the river opened on 9 June 1887 after six years of work.")
    anchored = document(
        "The Battle of Lutzen was fought in November 1632. Two years after the battle of "
        "Lutzen the Swedish army lost at Nordlingen."
    )
    # with nothing counted from a named happening, only corroboration is left for later
    assert extractor.start(plain, EmptyContext()).stages == extractor.pipeline.pipe_names[:-1]
    # a date counted from a happening may be found among the stored events: stop before it
    stages = extractor.start(anchored, EmptyContext()).stages
    assert stages[-1] == "drafts"
    for doc in (plain, anchored):
        part = unpack(pack(extractor.start(doc, EmptyContext())), extractor.lexicon)
        assert extractor.finish(part, EmptyContext()) == extractor.extract(doc, EmptyContext())


def test_known_lookups_tell_which_people_could_change_the_result() -> None:
    lex = load()
    w = lex.compiled(NameWords)
    text = (
        "In 1843 the notes on the engine were printed. Lovelace wrote most of them, and "
        "Menabrea's paper gave them their occasion."
    )
    asked = KnownLookups()
    alone = find_people(text, NO_MASK, [], lex=lex, asked=asked)
    lovelace = Person(1, "Ada Lovelace")
    babbage = Person(2, "Charles Babbage", ("Babbage",))
    assert asked.touched_by(lovelace, w)  # "Lovelace" was looked up as a known surname
    assert not asked.touched_by(babbage, w)  # never named here
    # a person no lookup asked for changes nothing; one it did changes the result
    assert find_people(text, NO_MASK, [babbage], lex=lex).found() == alone.found()
    assert find_people(text, NO_MASK, [lovelace], lex=lex).found() != alone.found()


def test_the_store_context_logs_how_the_known_people_changed(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.db")
    context = StoreContext(store)
    context.known_people()
    start = context.people_version()
    source = tmp_path / "a.txt"
    source.write_text(
        "Grace Hopper joined the Navy reserve in December 1943. Hopper later led the team "
        "that wrote the first compiler, in 1952.",
        encoding="utf-8",
    )
    assert import_file(store, source, RuleExtractor(), context).status == FileStatus.IMPORTED
    changed = context.people_changed_since(start)
    assert changed is not None
    assert [(before, after.name) for before, after in changed] == [(None, "Grace Hopper")]
    assert context.people_changed_since(context.people_version()) == []
    context.forget()  # read again from the database: what changed before is not known
    assert context.people_changed_since(start) is None
    store.close()


def test_a_new_version_of_a_source_keeps_the_people_log(tmp_path: Path) -> None:
    # files prepared ahead of a changed file are checked against the people it changed,
    # not extracted again whole; only a person gone from the known people ends the log
    store = Store.open(tmp_path / "t.db")
    context = StoreContext(store)
    source = tmp_path / "a.txt"
    source.write_text("Grace Hopper joined the Navy reserve in December 1943.", encoding="utf-8")
    assert import_file(store, source, RuleExtractor(), context).status == FileStatus.IMPORTED
    context.known_people()
    start = context.people_version()
    source.write_text(
        "Grace Hopper joined the Navy reserve in December 1943. "
        "Ada Lovelace published her notes in 1843.",
        encoding="utf-8",
    )
    assert import_file(store, source, RuleExtractor(), context).status == FileStatus.UPDATED
    changed = context.people_changed_since(start)
    assert changed is not None
    assert [(before, after.name) for before, after in changed] == [(None, "Ada Lovelace")]

    after_update = context.people_version()
    [ada] = [p for p in store.people() if p.name == "Ada Lovelace"]
    store.curation.set_not_person(ada.id)
    source.write_text(
        "Grace Hopper joined the Navy reserve in December 1943. "
        "Ada Lovelace published her notes in 1843. Hopper retired in 1986.",
        encoding="utf-8",
    )
    assert import_file(store, source, RuleExtractor(), context).status == FileStatus.UPDATED
    assert context.people_changed_since(after_update) is None
    store.close()


def _folder(tmp_path: Path) -> Path:
    """A folder where later files name people that earlier ones introduce, some files
    twice (corroborations), and two files no reader takes."""
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "01-hopper.txt": "Grace Hopper joined the Navy reserve in December 1943.",
        "02-compiler.txt": "In 1952 Hopper finished the A-0 compiler for the UNIVAC I.",
        "03-cobol.txt": "Hopper's team met in May 1959 to plan a common business language.",
        "04-retired.txt": "On 14 August 1986 Grace Hopper retired from the Navy.",
        "05-lovelace.md": "# Notes\n\nAda Lovelace published her notes in 1843.",
        "06-lovelace-again.txt": "Lovelace died on 27 November 1852 in London.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    for i, path in enumerate(sorted((REPO / "resources" / "demo").glob("*.*"))):
        if path.suffix in (".txt", ".md", ".html", ".wiki"):  # as they are, bytes and all
            (folder / f"1{i:02d}-{path.name}").write_bytes(path.read_bytes())
    (folder / "20-empty.txt").write_text("", encoding="utf-8")
    (folder / "21-binary.txt").write_bytes(b"\x00\x01\x02")
    return folder


def _import(tmp_path: Path, folder: Path, name: str) -> tuple[str, list[tuple[str, str]]]:
    store = Store.open(tmp_path / name)
    report = import_paths(store, [folder])
    statuses = [(f.name, f.status.value) for f in report.files]
    exported = json.dumps(build_export(store), sort_keys=True, ensure_ascii=False)
    store.close()
    return exported, statuses


@pytest.mark.slow
def test_a_folder_prepared_ahead_stores_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    assert len(discover([folder])) >= 12
    monkeypatch.setattr(readahead, "MIN_FILES", 10**9)
    alone, alone_statuses = _import(tmp_path, folder, "alone.db")

    calls = {"finish": 0, "extract": 0}
    finish, extract = RuleExtractor.finish, RuleExtractor.extract

    def counted_finish(self: RuleExtractor, *args: object) -> object:
        calls["finish"] += 1
        return finish(self, *args)  # type: ignore[arg-type]

    def counted_extract(self: RuleExtractor, *args: object) -> object:
        calls["extract"] += 1
        return extract(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(readahead, "MIN_FILES", 2)
    monkeypatch.setattr(readahead, "MIN_BYTES", 0)
    monkeypatch.setattr(readahead, "HEAD_START_BYTES", 0)
    monkeypatch.setattr(RuleExtractor, "finish", counted_finish)
    monkeypatch.setattr(RuleExtractor, "extract", counted_extract)
    ahead, ahead_statuses = _import(tmp_path, folder, "ahead.db")

    assert calls["finish"] > 0  # the helper prepared files
    assert calls["extract"] > 0  # and some were extracted again: people came in between
    assert ahead_statuses == alone_statuses
    assert ("20-empty.txt", "failed") in ahead_statuses
    assert ("21-binary.txt", "failed") in ahead_statuses
    assert ahead == alone


def test_big_files_are_taken_ahead_a_few_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper works ahead by files and by bytes: big files, fewer at a time."""
    files = []
    for i in range(14):
        path = tmp_path / f"{i:02d}.txt"
        path.write_text(f"In {1800 + i} a ship called at the harbour. " * 50, encoding="utf-8")
        files.append(path)
    size = files[0].stat().st_size
    monkeypatch.setattr(readahead, "MIN_BYTES", 0)
    monkeypatch.setattr(readahead, "IN_FLIGHT_BYTES", 2 * size + size // 2)
    with readahead.ReadAhead(files, lambda p: True) as ahead:
        assert len(ahead._futures) == 2  # two files' worth of bytes, not ten files
        for i in range(len(files)):
            got = ahead.take(i)
            assert got is not None and not isinstance(got.document, Exception)
            assert got.document.text.startswith(f"In {1800 + i}")
            assert got.packed is None  # only read: no extractor was named
            assert len(ahead._futures) <= 2


def test_work_from_the_helper_that_cannot_be_read_is_done_here(tmp_path: Path) -> None:
    # a helper out of step with this process (another version of the code) sends bytes
    # this process cannot read: the file is extracted here, not reported as failed
    from timeline_desktop.ingest.prepare import Prepared
    from timeline_desktop.ingest.readers import read_file

    path = tmp_path / "a.txt"
    path.write_text("The harbour of Keld flooded on 3 March 1871.", encoding="utf-8")
    store = Store.open(tmp_path / "t.db")
    prepared = Prepared(read_file(path), b"not a packed document", 0, KnownLookups())
    result = import_file(store, path, RuleExtractor(), StoreContext(store), prepared=prepared)
    assert result.status == FileStatus.IMPORTED
    assert [e.title for e in store.events()] == ["The harbour of Keld flooded"]
    store.close()
