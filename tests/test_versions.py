"""Versions of a source: a changed file imported again is the same source, never its own
corroboration, and every correction the user made survives, moved to the new text."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import NOTES
from timeline_desktop.cli import main
from timeline_desktop.domain.dates import parse_date
from timeline_desktop.domain.model import Event, Stance
from timeline_desktop.ingest.pipeline import FileStatus, import_paths
from timeline_desktop.store.anchor import OffsetMap, locate
from timeline_desktop.store.curation import Passage
from timeline_desktop.store.repository import Store
from timeline_desktop.store.versions import source_versions, version_text

pytestmark = pytest.mark.backends  # versions work the same on SQLite and PostgreSQL

PREFACE = (
    "Preface added later\n\n"
    "These notes were revised in 2025. On 2 September 1666 the diarist wrote of the fire.\n\n"
)


def by_quote(store: Store, words: str) -> Event:
    found = [e for e in store.events() if any(words in ev.quote for ev in e.evidence)]
    assert found, f"no event quotes {words!r}"
    return found[0]


def assert_spans_match(store: Store) -> None:
    """Every evidence quote is the text it points at: the current text, or its version's."""
    for event in store.events():
        for ev in event.evidence:
            if ev.in_version is None:
                text = store.source(ev.source_id).text
            else:
                text = version_text(store, ev.source_id, ev.in_version)
            assert text[ev.start : ev.end] == ev.quote, (event.title, ev)


def test_a_changed_file_is_a_new_version_not_a_second_source(store: Store, notes: Path) -> None:
    assert import_paths(store, [notes]).files[0].status == FileStatus.IMPORTED
    before = {e.title for e in store.events()}
    notes.write_text(NOTES + "\nThe Treaty of Utrecht was signed on 11 April 1713.\n")

    report = import_paths(store, [notes])

    assert report.files[0].status == FileStatus.UPDATED
    [source] = store.sources()
    assert source.version == 2 and "Utrecht" in source.text
    # no event is "supported" by the file agreeing with its own earlier copy
    for event in store.events():
        assert len({ev.source_id for ev in event.evidence}) == 1, event.title
    titles = {e.title for e in store.events()}
    assert before <= titles and any("Utrecht" in t for t in titles)
    [old, current] = source_versions(store, source.id)
    assert (old.version, current.version) == (1, 2)
    assert old.text == NOTES and "Utrecht" not in old.text
    assert_spans_match(store)
    # the same bytes again are a duplicate, and an old copy elsewhere is not a new source
    assert import_paths(store, [notes]).files[0].status == FileStatus.DUPLICATE
    copy = notes.with_name("notes-copy.txt")
    copy.write_text(NOTES, encoding="utf-8")
    assert import_paths(store, [copy]).files[0].status == FileStatus.DUPLICATE
    assert len(store.sources()) == 1


def test_going_back_to_an_old_text_is_a_further_version(store: Store, notes: Path) -> None:
    import_paths(store, [notes])
    notes.write_text(PREFACE + NOTES, encoding="utf-8")
    import_paths(store, [notes])
    notes.write_text(NOTES, encoding="utf-8")
    assert import_paths(store, [notes]).files[0].status == FileStatus.UPDATED
    [source] = store.sources()
    assert source.version == 3 and source.text == NOTES
    assert [v.version for v in source_versions(store, source.id)] == [1, 2, 3]
    assert_spans_match(store)


def test_corrections_survive_and_move_with_their_passages(store: Store, notes: Path) -> None:
    import_paths(store, [notes])
    [source] = store.sources()
    c = store.curation
    hastings = by_quote(store, "Hastings")
    c.edit_event(hastings.id, title="Battle of Hastings")
    fire = by_quote(store, "Pudding Lane")
    c.reject([fire.id])
    crowned = by_quote(store, "crowned")
    [crown_ev] = crowned.evidence
    c.detach(crown_ev.id)
    text = source.text
    start = text.index("Marcus Brutus")
    end = text.index("conspirators.") + len("conspirators.")
    manual = c.add_event(
        "Conspiracy against Caesar",
        parse_date("44 BC"),
        passages=[Passage(source.id, start, end)],
    )
    title_edits = len(c.history())

    # a preface above everything, and the sentence about the conspirators rewritten
    changed = PREFACE + NOTES.replace(
        "Marcus Brutus and Gaius Cassius led the conspirators.",
        "Brutus and Cassius were among some sixty conspirators.",
    )
    notes.write_text(changed, encoding="utf-8")
    report = import_paths(store, [notes])
    assert report.files[0].status == FileStatus.UPDATED
    assert any("no longer in the changed file" in w for w in report.files[0].warnings)

    new_text = store.source(source.id).text
    edited = store.event(hastings.id)
    assert edited.title == "Battle of Hastings"
    for ev in edited.evidence:
        assert ev.in_version is None and new_text[ev.start : ev.end] == ev.quote
        assert ev.start > len(PREFACE)  # moved with the text, not left at the old offset
    # the rejected event stays rejected and is not extracted again
    assert store.event(fire.id).rejected
    assert not [e for e in store.events() if any("Pudding" in ev.quote for ev in e.evidence)]
    # the detached passage is not attached again
    assert all(ev.quote != crown_ev.quote for ev in store.event(crowned.id).evidence)
    # the passage that left the text is kept, marked with the version it is in
    [kept] = store.event(manual).evidence
    assert kept.in_version == 1
    assert version_text(store, source.id, 1)[kept.start : kept.end] == kept.quote
    assert_spans_match(store)
    assert len(c.history()) == title_edits  # storing a version is not a user edit


def test_undo_after_a_new_version_writes_passages_of_the_new_text(
    store: Store, notes: Path
) -> None:
    import_paths(store, [notes])
    crowned = by_quote(store, "crowned")
    [ev] = crowned.evidence
    store.curation.detach(ev.id)
    notes.write_text(PREFACE + NOTES, encoding="utf-8")
    import_paths(store, [notes])

    store.curation.undo()  # the detach, recorded on the old text

    restored = [e for e in store.event(crowned.id).evidence if e.quote == ev.quote]
    assert len(restored) == 1
    assert restored[0].start == ev.start + len(PREFACE)
    assert_spans_match(store)


def test_a_saved_web_page_saved_again_elsewhere_is_a_new_version(
    store: Store, tmp_path: Path
) -> None:
    page = (
        "<html><head><title>Hastings</title>"
        '<link rel="canonical" href="https://example.org/hastings"></head><body><article>'
        "<p>William of Normandy defeated Harold Godwinson at Hastings on 14 October 1066.</p>"
        "{more}</article></body></html>"
    )
    first = tmp_path / "hastings.html"
    first.write_text(page.format(more=""), encoding="utf-8")
    import_paths(store, [first])
    again = tmp_path / "Hastings (1).html"
    more = "<p>William was crowned in Westminster Abbey on 25 December 1066.</p>"
    again.write_text(page.format(more=more), encoding="utf-8")
    assert import_paths(store, [again]).files[0].status == FileStatus.UPDATED
    [source] = store.sources()
    assert source.version == 2 and source.file_name == "Hastings (1).html"


def test_search_finds_the_new_text_and_not_the_old(store: Store, notes: Path) -> None:
    import_paths(store, [notes])
    notes.write_text(NOTES.replace("Pudding Lane", "Fish Street Hill"), encoding="utf-8")
    import_paths(store, [notes])
    assert [s.file_name for s in store.search_sources("Fish Street")] == ["notes.txt"]
    assert store.search_sources("Pudding") == []


def test_sources_command_shows_the_version(db_path: Path, notes: Path, capsys) -> None:
    assert main(["--db", str(db_path), "import", str(notes)]) == 0
    notes.write_text(PREFACE + NOTES, encoding="utf-8")
    assert main(["--db", str(db_path), "import", str(notes)]) == 0
    assert "1 updated to a new version" in capsys.readouterr().out
    assert main(["--db", str(db_path), "sources"]) == 0
    assert "version 2" in capsys.readouterr().out


# --- finding a passage again ----------------------------------------------------------------


def test_locate_prefers_the_occurrence_where_the_passage_moved() -> None:
    old = "In 1066 a battle.\nLater, in 1066 a coronation.\n"
    new = "A new first line.\n" + old
    offsets = OffsetMap(old, new)
    second = old.index("1066", 5)
    assert locate("1066", new, offsets(second)) == (second + 18, second + 22)
    assert locate("1066", new, offsets(old.index("1066"))) == (21, 25)


def test_locate_tolerates_rewrapped_lines_but_not_changed_words() -> None:
    text = "He was crowned in\nWestminster Abbey on 25 December."
    span = locate("crowned in Westminster Abbey", text, 0)
    assert span is not None and text[span[0] : span[1]] == "crowned in\nWestminster Abbey"
    assert locate("crowned at Westminster", text, 0) is None
    assert locate("   ", text, 0) is None


@pytest.mark.parametrize("stance", [Stance.SUPPORTS, Stance.MENTIONS])
def test_attached_passages_keep_their_stance(store: Store, notes: Path, stance: Stance) -> None:
    import_paths(store, [notes])
    [source] = store.sources()
    hastings = by_quote(store, "Hastings")
    start = source.text.index("William was crowned")
    store.curation.attach(hastings.id, Passage(source.id, start, start + 19, stance))
    notes.write_text(PREFACE + NOTES, encoding="utf-8")
    import_paths(store, [notes])
    attached = [e for e in store.event(hastings.id).evidence if e.quote == "William was crowned"]
    assert [e.stance for e in attached] == [stance]
    assert attached[0].start == start + len(PREFACE)


def test_exports_say_which_version_a_gone_passage_is_in(store: Store, notes: Path) -> None:
    from timeline_desktop.export.dossier import build_dossier
    from timeline_desktop.export.json_export import build_export

    import_paths(store, [notes])
    [source] = store.sources()
    start = source.text.index("The Great Fire")
    manual = store.curation.add_event(
        "Fire", parse_date("1666"), passages=[Passage(source.id, start, start + 14)]
    )
    notes.write_text(NOTES.replace("The Great Fire of London", "A fire"), encoding="utf-8")
    import_paths(store, [notes])

    data = build_export(store)
    [exported] = [e for e in data["events"] if e["id"] == manual]
    [ev] = [ev for ev in exported["evidence"] if "in_version" in ev]
    assert ev["in_version"] == 1 and ev["quote"] == "The Great Fire"
    assert data["sources"][0]["version"] == 2
    dossier = build_dossier(store, None, full_text=True)
    [entry] = [e for e in dossier.entries if e.event_id == manual]
    assert [q.in_version for q in entry.quotes if q.text == "The Great Fire"] == [1]
    assert (start, start + 14) not in dossier.sources[0].spans


def test_bytes_stored_meanwhile_by_another_client_are_a_duplicate(
    store: Store, notes: Path
) -> None:
    """Two clients importing the same changed file: the second finds, under the write lock,
    that the bytes are stored, and stores nothing (it used to fail the file)."""
    from timeline_desktop.domain.model import Extraction
    from timeline_desktop.ingest.readers import read_file
    from timeline_desktop.store.versions import store_version

    import_paths(store, [notes])
    [source] = store.sources()
    notes.write_text(PREFACE + NOTES, encoding="utf-8")
    document = read_file(notes)
    assert import_paths(store, [notes]).files[0].status == FileStatus.UPDATED
    assert store_version(store, source.id, document, Extraction()) is None
    assert store.source(source.id).version == 2
