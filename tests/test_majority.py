"""More sources agreeing on another date than support an event's: it takes their date,
in any order of import (store.majority)."""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import Stance
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import StoreContext, import_file, import_paths
from timeline_desktop.store.bulk import load_events
from timeline_desktop.store.repository import Store

_FILES = {
    "sheet.csv": "Date,Event\n1874-05-24,Keld harbour opens\n1881-02-02,Storm at Keld\n",
    "history.txt": (
        "Keld harbour\n\nThe harbour at Keld was designed by Ada Lind in 1871. It opened on "
        "17 May 1874 after three years of work.\n"
    ),
    "blog.md": (
        "# Keld\n\nWhen the harbour at Keld opened on 17 May 1874, crowds lined the quay to "
        "watch the first steamer come in.\n"
    ),
}


def _write(folder: Path, names: list[str]) -> list[Path]:
    paths = []
    for name in names:
        path = folder / name
        path.write_text(_FILES[name], encoding="utf-8")
        paths.append(path)
    return paths


def _opening(store: Store):
    [event] = [e for e in store.events() if any("1874" in ev.quote for ev in e.evidence)]
    return event


def _stances(event) -> dict[str, Stance]:
    return {ev.quote.split()[0]: ev.stance for ev in event.evidence}


@pytest.mark.parametrize("order", list(permutations(_FILES)))
def test_two_sources_agreeing_outweigh_one_in_any_order(
    store: Store, tmp_path: Path, order: tuple[str, ...]
) -> None:
    for path in _write(tmp_path, list(order)):
        import_paths(store, [path])
    event = _opening(store)
    assert event.start == HistDate.of_day(1874, 5, 17)
    assert _stances(event) == {
        "1874-05-24": Stance.CONTRADICTS,
        "It": Stance.SUPPORTS,
        "When": Stance.SUPPORTS,
    }


def test_one_source_against_one_keeps_the_date_stored_first(store: Store, tmp_path: Path) -> None:
    for path in _write(tmp_path, ["sheet.csv", "history.txt"]):
        import_paths(store, [path])
    event = _opening(store)
    assert event.start == HistDate.of_day(1874, 5, 24)
    assert _stances(event) == {"1874-05-24": Stance.SUPPORTS, "It": Stance.CONTRADICTS}


def test_a_user_corrected_event_is_never_redated(store: Store, tmp_path: Path) -> None:
    sheet, history, blog = _write(tmp_path, ["sheet.csv", "history.txt", "blog.md"])
    import_paths(store, [sheet])
    store.curation.edit_event(_opening(store).id, title="Keld harbour opened to shipping")
    import_paths(store, [history])
    import_paths(store, [blog])
    event = _opening(store)
    assert event.start == HistDate.of_day(1874, 5, 24)
    assert event.title == "Keld harbour opened to shipping"


def test_the_import_cache_follows_a_redated_event(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "t.db")
    sheet, history, blog = _write(tmp_path, ["sheet.csv", "history.txt", "blog.md"])
    import_paths(store, [sheet])
    context = StoreContext(store)
    extractor = RuleExtractor()
    for path in (history, blog):  # the blog makes two prose sources against the sheet
        import_file(store, path, extractor, context)
    cached = [e for e in context.cached_events() if any("1874" in v.quote for v in e.evidence)]
    assert cached and cached[0].start == HistDate.of_day(1874, 5, 17)
    with store.engine.connect() as conn:
        assert cached == load_events(conn, [e.id for e in cached])
    store.close()


def test_extracting_again_reaches_a_fixed_point_when_a_source_dated_its_event(
    store: Store, tmp_path: Path
) -> None:
    # the first text only counts from the second ("two years after ..."), so extracting it
    # again finds the anchor and its passage takes the event's date; extracting again must
    # not then count from that date (its own) and move the event back and forth
    from timeline_desktop.ingest.reextract import reextract

    for name, text in (
        ("notes.txt", "Lena Dahl did not die two years after Caesar's death."),
        ("annals.txt", "Caesar was assassinated in 1848."),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        import_paths(store, [path])

    def dated() -> list[tuple[str, list[tuple[str, str]]]]:
        return sorted(
            (
                e.start.to_iso(),
                sorted((ev.quote[:12], ev.stance.value) for ev in e.evidence),
            )
            for e in store.events()
        )

    reextract(store)
    once = dated()
    reextract(store)
    assert dated() == once
    reextract(store)
    assert dated() == once


def test_extracting_again_does_not_know_the_people_only_that_text_named(
    store: Store, tmp_path: Path
) -> None:
    # the second text names Octavian itself; read again with Octavian already known, its
    # "Augustus" became him and its event split from the first text's: re-extraction must
    # read a text as its first import did, not with what it taught the store
    from timeline_desktop.ingest.reextract import reextract

    first = (
        "Augustus between 1914 and 1918 was crowned\n Sklodowska on 5/3/1953 wrote.\n\n"
        "In the 5th century BC the emperor wrote. Sklodowska fled in the late 1920s.\n"
    )
    for name, text in (
        ("a.txt", first),
        ("b.txt", first.replace("wrote. Sklodowska fled", "wrote. Octavian fled")),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        import_paths(store, [path])

    def timeline() -> list[tuple[str, str, list[int]]]:
        return sorted(
            (e.title, e.start.to_iso(), sorted(ev.source_id for ev in e.evidence))
            for e in store.events()
        )

    imported = timeline()
    crowned = [row for row in imported if "crowned" in row[0]]
    assert len(crowned) == 1 and len(crowned[0][2]) == 2
    reextract(store)
    assert timeline() == imported
    reextract(store)
    assert timeline() == imported
