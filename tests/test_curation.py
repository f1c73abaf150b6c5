"""Curation in the core: every edit operation, undo/redo across restarts, and re-extraction
keeping each kind of correction while replacing what nobody touched."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from timeline_desktop.domain.dates import parse_date
from timeline_desktop.domain.model import (
    Document,
    Event,
    EventFilter,
    Extraction,
    Origin,
    Stance,
)
from timeline_desktop.export.json_export import build_export, event_dict
from timeline_desktop.extract.base import ExtractionContext
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.ingest.reextract import reextract
from timeline_desktop.store.curation import EditError, Passage
from timeline_desktop.store.repository import Store


@pytest.fixture
def filled(store: Store, notes: Path) -> Store:
    report = import_paths(store, [notes])
    assert not report.failed
    return store


def by_quote(store: Store, words: str, flt: EventFilter | None = None) -> Event:
    """The event whose evidence quotes these words (the extractor's titles may change)."""
    found = [e for e in store.events(flt) if any(words in ev.quote for ev in e.evidence)]
    assert found, f"no event quotes {words!r}: {[e.title for e in store.events(flt)]}"
    return found[0]


def snapshot(store: Store) -> list[dict]:
    return build_export(store)["events"]


# --- editing --------------------------------------------------------------------------------


def test_edit_event_marks_it_and_undo_redo_restore_it_exactly(filled: Store) -> None:
    event = by_quote(filled, "assassinated")
    before = event_dict(event)
    changed = filled.curation.edit_event(
        event.id,
        title="Caesar assassinated",
        start=parse_date("15 March 44 BC"),
        people=["Julius Caesar", "Marcus Brutus", "Cassius Longinus"],
        places=["Rome", "Theatre of Pompey"],
        summary="Stabbed 23 times.",
    )
    assert set(changed) >= {"title", "people", "places", "summary"}
    edited = filled.event(event.id)
    assert edited.title == "Caesar assassinated"
    assert edited.origin == Origin.EDITED
    assert "title" in edited.edited_fields
    assert "Cassius Longinus" in edited.people  # a new person was created for the name
    assert edited.places == ("Rome", "Theatre of Pompey")
    after = event_dict(edited)

    undone = filled.curation.undo()
    assert undone is not None and undone.description.startswith("edited")
    assert event_dict(filled.event(event.id)) == before
    assert all(p.name != "Cassius Longinus" for p in filled.people())

    filled.curation.redo()
    assert event_dict(filled.event(event.id)) == after


def test_bad_edits_change_nothing(filled: Store) -> None:
    event = by_quote(filled, "Hastings")
    before, history = snapshot(filled), filled.curation.history()
    with pytest.raises(EditError, match="no event with id 9999"):
        filled.curation.edit_event(9999, title="x")
    with pytest.raises(EditError, match="before the start"):
        filled.curation.edit_event(event.id, start=parse_date("1066"), end=parse_date("1000"))
    with pytest.raises(EditError, match="outside source"):
        filled.curation.add_event("x", parse_date("1066"), passages=[Passage(1, 10, 10**6)])
    with pytest.raises(EditError, match="needs a title"):
        filled.curation.edit_event(event.id, title="   ")
    assert snapshot(filled) == before
    assert filled.curation.history() == history


def test_manual_event_with_a_passage_keeps_the_exact_quote(filled: Store) -> None:
    source = filled.sources()[0]
    start = source.text.index("William was crowned")
    end = source.text.index(".", start) + 1
    new_id = filled.curation.add_event(
        "William crowned king",
        parse_date("25 December 1066"),
        people=["William the Conqueror"],
        passages=[Passage(source.id, start, end)],
    )
    event = filled.event(new_id)
    assert event.origin == Origin.MANUAL
    [ev] = event.evidence
    assert ev.quote == source.text[start:end]
    assert ev.date_as_stated == "1066-12-25"
    exported = next(e for e in snapshot(filled) if e["id"] == new_id)
    assert exported["origin"] == "manual"


def test_reject_hides_everywhere_and_restore_brings_back(filled: Store) -> None:
    event = by_quote(filled, "Great Fire")
    total = filled.count_events()
    assert filled.curation.reject([event.id]) == 1
    assert filled.count_events() == total - 1
    assert event.id not in filled.event_ids()
    assert event.id not in filled.timeline(EventFilter(search="fire")).ids
    assert all(e["id"] != event.id for e in snapshot(filled))
    rejected = filled.events(EventFilter(rejected=True))
    assert [e.id for e in rejected] == [event.id] and rejected[0].rejected
    filled.curation.restore([event.id])
    assert event.id in filled.event_ids()


def test_merge_joins_evidence_people_and_places_and_undo_splits_them_again(
    filled: Store,
) -> None:
    hastings = by_quote(filled, "Hastings")
    crowned = by_quote(filled, "crowned")
    assert hastings.id != crowned.id
    before = snapshot(filled)
    keep = filled.curation.merge(
        [hastings.id, crowned.id], title="William conquers England", start=parse_date("1066")
    )
    assert keep == hastings.id
    merged = filled.event(keep)
    quotes = {ev.quote for ev in merged.evidence}
    assert {ev.quote for ev in hastings.evidence + crowned.evidence} <= quotes
    assert merged.title == "William conquers England"
    assert str(merged.start) == str(parse_date("1066"))
    assert "merged" in merged.edited_fields
    with pytest.raises(KeyError):
        filled.event(crowned.id)
    filled.curation.undo()
    assert snapshot(filled) == before


def test_split_moves_passages_to_a_new_event(filled: Store) -> None:
    hastings = by_quote(filled, "Hastings")
    crowned = by_quote(filled, "crowned")
    keep = filled.curation.merge([hastings.id, crowned.id])
    moved = [ev.id for ev in filled.event(keep).evidence if "crowned" in ev.quote]
    new_id = filled.curation.split(
        keep, moved, title="William crowned", start=parse_date("25 December 1066")
    )
    assert [ev.id for ev in filled.event(new_id).evidence] == moved
    assert all(ev.id not in moved for ev in filled.event(keep).evidence)
    with pytest.raises(EditError, match="leave it empty"):
        filled.curation.split(new_id, moved)
    with pytest.raises(EditError, match="has no evidence 424242"):
        filled.curation.split(keep, [424242])


def test_attach_detach_and_stance(filled: Store) -> None:
    event = by_quote(filled, "assassinated")
    source = filled.sources()[0]
    start = source.text.index("Marcus Brutus")
    end = source.text.index("conspirators.") + len("conspirators.")
    evidence_id = filled.curation.attach(event.id, Passage(source.id, start, end, Stance.MENTIONS))
    attached = next(ev for ev in filled.event(event.id).evidence if ev.id == evidence_id)
    assert attached.stance == Stance.MENTIONS and attached.quote.startswith("Marcus Brutus")
    with pytest.raises(EditError, match="already evidence"):
        filled.curation.attach(event.id, Passage(source.id, start, end))
    filled.curation.set_stance(evidence_id, Stance.CONTRADICTS)
    assert filled.event(event.id).evidence[-1].stance == Stance.CONTRADICTS
    filled.curation.detach(evidence_id)
    assert all(ev.id != evidence_id for ev in filled.event(event.id).evidence)
    assert filled.event(event.id).origin == Origin.EDITED


# --- people ---------------------------------------------------------------------------------


def person(store: Store, name: str):
    return next(p for p in store.people() if p.name == name or name in p.aliases)


def test_people_rename_merge_split_and_not_a_person_are_undoable(filled: Store) -> None:
    caesar = person(filled, "Julius Caesar")
    filled.curation.rename_person(caesar.id, "Gaius Julius Caesar")
    renamed = person(filled, "Gaius Julius Caesar")
    assert "Julius Caesar" in renamed.aliases

    brutus = person(filled, "Marcus Brutus")
    filled.curation.merge_people(renamed.id, brutus.id)
    assert all(p.id != brutus.id for p in filled.people())
    new_id = filled.curation.split_alias(renamed.id, "Marcus Brutus")
    split = next(p for p in filled.people() if p.id == new_id)
    assert split.name == "Marcus Brutus"
    assert "Marcus Brutus" not in person(filled, "Gaius Julius Caesar").aliases

    harold = person(filled, "Harold Godwinson")
    filled.curation.set_not_person(harold.id)
    assert all(p.id != harold.id for p in filled.people())
    assert [p.name for p in filled.people(not_people=True)] == ["Harold Godwinson"]
    assert all("Harold Godwinson" not in e.people for e in filled.events())

    for _ in range(4):
        filled.curation.undo()
    names = {p.name for p in filled.people()}
    assert {"Julius Caesar", "Marcus Brutus", "Harold Godwinson"} <= names
    assert "Gaius Julius Caesar" not in names
    assert "Harold Godwinson" in by_quote(filled, "Hastings").people


# --- history --------------------------------------------------------------------------------


def test_history_survives_a_restart_and_undo_works_after_it(db_path: Path, notes: Path) -> None:
    with Store.open(db_path) as store:
        import_paths(store, [notes])
        event = by_quote(store, "Great Fire")
        store.curation.edit_event(event.id, title="The Great Fire of London begins")
        store.curation.reject([event.id])
    with Store.open(db_path) as store:
        history = store.curation.history()
        assert [h.description for h in history] == [
            f"edited title of event {event.id}",
            f"rejected event {event.id}",
        ]
        assert history[0].event_ids == (event.id,)
        assert store.curation.undo().description == f"rejected event {event.id}"
    with Store.open(db_path) as store:
        assert store.event(event.id).title == "The Great Fire of London begins"
        assert not store.event(event.id).rejected
        assert store.curation.next_redo().description == f"rejected event {event.id}"
        store.curation.edit_event(event.id, summary="A new edit drops the redo tail")
        assert store.curation.next_redo() is None
        assert store.curation.redo() is None


def test_undo_leaves_rows_it_did_not_touch(filled: Store, tmp_path: Path) -> None:
    """An import after an edit adds evidence; undoing the edit keeps that evidence."""
    event = by_quote(filled, "Great Fire")
    filled.curation.edit_event(event.id, title="Fire")
    other = tmp_path / "other.txt"
    other.write_text("The Great Fire of London broke out on 2 September 1666.", encoding="utf-8")
    import_paths(filled, [other])
    sources = {ev.source_id for ev in filled.event(event.id).evidence}
    filled.curation.undo()
    assert filled.event(event.id).title != "Fire"
    assert {ev.source_id for ev in filled.event(event.id).evidence} == sources


def test_undo_with_a_stale_expectation_refuses(filled: Store) -> None:
    event = by_quote(filled, "Great Fire")
    filled.curation.edit_event(event.id, title="One")
    first = filled.curation.next_undo()
    filled.curation.edit_event(event.id, title="Two")
    with pytest.raises(EditError, match="changed elsewhere"):
        filled.curation.undo(expected=first.id)
    assert filled.event(event.id).title == "Two"


# --- re-extraction --------------------------------------------------------------------------


class ImprovedExtractor(RuleExtractor):
    """Stands for a newer extractor: the same findings with different titles."""

    def extract(self, document: Document, context: ExtractionContext) -> Extraction:
        found = super().extract(document, context)
        events = tuple(dataclasses.replace(e, title=f"v2: {e.title}") for e in found.events)
        return dataclasses.replace(found, events=events)


def test_reextract_unchanged_gives_the_same_events_with_the_same_ids(filled: Store) -> None:
    before = snapshot(filled)
    report = reextract(filled)
    assert report.sources == 1 and not report.failed
    assert snapshot(filled) == before


def test_reextract_replaces_untouched_events_and_keeps_every_correction(
    filled: Store,
) -> None:
    c = filled.curation
    edited = by_quote(filled, "assassinated")
    c.edit_event(edited.id, title="Caesar assassinated", places=["Theatre of Pompey"])
    rejected = by_quote(filled, "Great Fire")
    c.reject([rejected.id])
    hastings, crowned = by_quote(filled, "Hastings"), by_quote(filled, "crowned")
    merged = c.merge([hastings.id, crowned.id], title="Norman conquest")
    augustus = by_quote(filled, "Augustus died")
    source = filled.sources()[0]
    manual = c.add_event("Octavian named Augustus", parse_date("16 January 27 BC"))
    brutus_at = source.text.index("Marcus Brutus")
    detached_ev = c.attach(edited.id, Passage(source.id, brutus_at, brutus_at + 60))
    c.detach(detached_ev)
    c.set_not_person(person(filled, "Gaius Cassius").id)
    before_people = {p.name for p in filled.people()}

    report = reextract(filled, extractor=ImprovedExtractor())
    assert not report.failed

    events = filled.events()
    titles = {e.title for e in events}
    # untouched events were replaced by the new extraction's
    assert f"v2: {augustus.title}" in titles and augustus.title not in titles
    # an edit survives, with its evidence, and the detached passage stays off it
    kept = filled.event(edited.id)
    assert kept.title == "Caesar assassinated" and kept.places == ("Theatre of Pompey",)
    assert all("Marcus Brutus and Gaius" not in ev.quote for ev in kept.evidence)
    # the rejected event is still rejected and nothing re-creates it
    assert filled.event(rejected.id).rejected
    assert all("Great Fire" not in ev.quote for e in events for ev in e.evidence)
    # the merge holds: one event, no re-created halves
    assert filled.event(merged).title == "Norman conquest"
    assert sum(any("Hastings" in ev.quote for ev in e.evidence) for e in events) == 1
    assert sum(any("crowned" in ev.quote for ev in e.evidence) for e in events) == 1
    # the manual event stays; the not-a-person name stays out
    assert filled.event(manual).origin == Origin.MANUAL
    assert "Gaius Cassius" not in {p.name for p in filled.people()}
    assert all("Gaius Cassius" not in e.people for e in events)
    assert {p.name for p in filled.people()} <= before_people


def test_reextract_keeps_a_split_and_a_split_off_name(filled: Store) -> None:
    c = filled.curation
    hastings, crowned = by_quote(filled, "Hastings"), by_quote(filled, "crowned")
    keep = c.merge([hastings.id, crowned.id])
    moved = [ev.id for ev in filled.event(keep).evidence if "crowned" in ev.quote]
    new_id = c.split(keep, moved, title="William crowned")
    augustus = person(filled, "Augustus")
    c.rename_person(augustus.id, "Emperor Augustus")
    split_id = c.split_alias(augustus.id, "Augustus")
    reextract(filled, extractor=ImprovedExtractor())
    assert filled.event(new_id).title == "William crowned"
    assert [ev.quote for ev in filled.event(new_id).evidence] == [
        ev.quote for ev in crowned.evidence
    ]
    assert "Augustus" not in person(filled, "Emperor Augustus").aliases
    died = by_quote(filled, "Augustus died")
    assert died.people == ("Augustus",)
    assert person(filled, "Augustus").id == split_id
