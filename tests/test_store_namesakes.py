"""Two people who share only a surname stay two people in the store.

Found people reach the store with their aliases, a bare surname among them ("Brutus").
Joining through it would make one person of Marcus and Decimus Brutus, and a person filter
would then show one man's events as the other's. A full name joins another through a bare
word only when the two can be one person's names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import StoreContext, import_file
from timeline_desktop.ingest.readers import read_file
from timeline_desktop.store.names import one_name_for_both
from timeline_desktop.store.repository import Store

TEXTS = {
    "a.txt": "Marcus Brutus returned to Rome in 45 BC. Later that year Brutus married Porcia.",
    "b.txt": "Decimus Brutus governed Gaul in 48 BC. In 44 BC Brutus held Cisalpine Gaul.",
    "c.txt": "Nikita Khrushchev spoke in 1956. Khrushchev was removed from office in 1964.",
    "d.txt": "In 1959 Nikita Sergeyevich Khrushchev visited the United States; Khrushchev "
    "toured a farm in Iowa.",
}


def test_two_given_names_are_two_people() -> None:
    assert not one_name_for_both("Marcus Brutus", "Decimus Brutus")
    assert not one_name_for_both("John Adams", "Samuel Adams")
    assert one_name_for_both("Nikita Khrushchev", "Nikita Sergeyevich Khrushchev")
    assert one_name_for_both("Julius Caesar", "Gaius Julius Caesar")
    assert one_name_for_both("Brutus", "Marcus Brutus")
    assert one_name_for_both("Junius Brutus", "Marcus Brutus")  # a family name: may be him


@pytest.mark.parametrize("fast", [True, False], ids=["import", "add_document"])
def test_namesakes_stay_apart_and_one_man_stays_one(tmp_path: Path, fast: bool) -> None:
    store = Store.open(tmp_path / "t.db")
    extractor = RuleExtractor()
    context = StoreContext(store)
    for name, text in TEXTS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        if fast:  # the batched writer of an import
            import_file(store, path, extractor, context)
        else:  # the store's own writer
            document = read_file(path)
            store.add_document(document, extractor.extract(document, StoreContext(store)))
    names = {p.name for p in store.people()}
    assert {"Marcus Brutus", "Decimus Brutus"} <= names
    assert len([n for n in names if "Khrushchev" in n]) == 1
    marcus = next(p for p in store.people() if p.name == "Marcus Brutus")
    assert "Decimus Brutus" not in marcus.aliases
    store.close()
