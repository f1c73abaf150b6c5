"""Names the people finder must keep whole, join or reject (invented sentences only)."""

from __future__ import annotations

from timeline_desktop.extract.mask import mask_of
from timeline_desktop.extract.names import find_people


def people(text: str) -> dict[str, set[str]]:
    mask = mask_of(text)[0]
    return {p.name: set(p.aliases) for p in find_people(text, mask, (), []).found()}


def test_a_regnal_number_one_is_part_of_the_name() -> None:
    found = people(
        "In 310 BC Orontes fought Tiridates I Soter, the ruler of the north. "
        "When Arsames I died in 301 BC, his son Arsames II succeeded him."
    )
    assert "Tiridates I Soter" in found
    assert {"Arsames I", "Arsames II"} <= set(found)  # two people, not one


def test_a_short_chinese_name_part_is_not_the_pronoun() -> None:
    found = people("In 1431 the emperor sent the admiral Liu He on his last voyage.")
    assert "Liu He" in found


def test_a_role_in_apposition_outweighs_a_preposition_before_the_name() -> None:
    found = people(
        "The cause found its voice in Edmund Harrow, the member for Wiltshire, and "
        "Harrow spoke for it until 1801."
    )
    assert found == {"Edmund Harrow": {"Harrow"}}


def test_the_name_heading_a_biography_before_born_is_the_persons() -> None:
    found = people(
        "Varro (born Marcus Teren Varro Lucullus; 116 BC – 27 BC) was a scholar. "
        "Later Varro wrote on farming."
    )
    assert "Varro" in found
    assert "Marcus Teren Varro Lucullus" in found["Varro"]


def test_the_name_the_world_knows_is_the_canonical_one() -> None:
    found = people(
        "Íñigo Ruiz de Arbe y Soto — the man the world knows as Brother Anselm Soto — was "
        "born in 1491. Soto left the army in 1521."
    )
    assert "Anselm Soto" in found
    assert "Íñigo Ruiz de Arbe y Soto" in found["Anselm Soto"]


def test_titles_of_works_and_foreign_place_names_are_not_people() -> None:
    found = people(
        "Watch the documentary “Les Voyageurs” and visit the Chapelle du Martyr. "
        "The retreat was remembered as La Noche Amarga. Le Corbusier built the chapel."
    )
    assert "Les Voyageurs" not in found
    assert "Chapelle du Martyr" not in found
    assert "La Noche Amarga" not in found


def test_a_part_of_a_double_barrelled_name_joins_it() -> None:
    found = people(
        "Anna Lindqvist-Holm was born in Uppsala. Later Anna Holm ran the laboratory, "
        "and her daughter Eva Moberg-Holm trained there. Eva Holm took it over."
    )
    groups = [{name, *aliases} for name, aliases in found.items()]
    assert any({"Anna Holm", "Anna Lindqvist-Holm"} <= g for g in groups)
    assert any({"Eva Holm", "Eva Moberg-Holm"} <= g for g in groups)
    assert not any({"Anna Holm", "Eva Holm"} <= g for g in groups)  # mother and daughter


def test_a_middle_initial_stays_in_the_name() -> None:
    found = people("In 1921 President Warren G. Harding met Ada K. Vance. Vance died in 1950.")
    assert "Warren G. Harding" in found
    assert found["Ada K. Vance"] == {"Vance"}
