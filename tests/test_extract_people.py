"""Personal names: detection, stop-lists, aliases and transliteration, on invented sentences."""

from __future__ import annotations

from timeline_desktop.domain.model import Person
from timeline_desktop.extract.mask import mask_of
from timeline_desktop.extract.names import find_people, translit_key


def people(text: str, known: tuple[Person, ...] = ()) -> dict[str, set[str]]:
    mask, cites = mask_of(text)
    found = find_people(text, mask, known, [c[2] for c in cites]).found()
    return {p.name: set(p.aliases) for p in found}


def test_full_names_and_surnames_are_one_person() -> None:
    text = (
        "Marta Kowalska was elected mayor in 1921. Kowalska's reforms were popular, "
        "and Kowalska resigned in 1925."
    )
    assert people(text) == {"Marta Kowalska": {"Kowalska"}}


def test_titles_and_possessives_are_stripped() -> None:
    found = people("General Omar Haddad took the city. Haddad’s army then rested.")
    assert "Omar Haddad" in found
    assert "General Omar Haddad" in found["Omar Haddad"]
    assert all("’s" not in n for n in found)


def test_things_and_places_are_not_people() -> None:
    text = (
        "The Central Committee met in Lisbon. The Cold War began. The Soviet Union and the "
        "Red Army grew. In March the Politburo and the Presidium argued about the Secret "
        "Speech. The Communist Party of Ruritania was banned."
    )
    assert people(text) == {}


def test_cited_authors_are_not_people() -> None:
    text = "Trade grew fast (Brandt 212). As Brandt puts it, the ports were full (Brandt 214)."
    assert people(text) == {}


def test_stated_aliases_join_one_person() -> None:
    text = (
        "Ilse Hartmann, born Ilse Maria Vogt in 1880, wrote poems. Hartmann died in 1950.\n"
        "Kofi Mensah, also known as Papa Kofi, led the strike. Mensah was jailed.\n"
        "Yusuf ibn Tashfin, better known as Tashfin the Elder, ruled the coast."
    )
    found = people(text)
    assert found["Ilse Hartmann"] >= {"Ilse Maria Vogt", "Hartmann"}
    assert "Papa Kofi" in found["Kofi Mensah"]
    assert any("Yusuf ibn Tashfin" in {n, *a} for n, a in found.items())


def test_regnal_numbers_keep_kings_apart() -> None:
    text = (
        "Louis XIV died in 1715. Louis XV became king the same year. Louis XV was crowned in 1722."
    )
    found = people(text)
    assert "Louis XIV" in found and "Louis XV" in found


def test_transliteration_variants_share_a_key() -> None:
    assert translit_key("Nikolay Bulganin") == translit_key("Nikolai Bulganin")
    assert translit_key("Georgy") == translit_key("Georgii") == translit_key("Georgi")
    assert translit_key("Yuri") == translit_key("Yury")
    assert translit_key("Хрущёв") == translit_key("Khrushchev")
    assert translit_key("Chōshū") == translit_key("Choshu")
    assert translit_key("Henry VI") != translit_key("Henry VII")


def test_known_people_are_recognised_in_later_documents() -> None:
    known = (Person(1, "Nikolay Petrenko", ("Petrenko",)),)
    found = people("Nikolai Petrenko signed the decree. Petrenko then left.", known)
    assert list(found) == ["Nikolay Petrenko"]
    assert "Nikolai Petrenko" in found["Nikolay Petrenko"]


def test_fuller_name_extends_a_known_surname() -> None:
    known = (Person(1, "Varga", ()),)
    found = people("Later Ferenc Varga was named envoy, and Varga sailed.", known)
    assert list(found) == ["Ferenc Varga"]
    assert "Varga" in found["Ferenc Varga"]


def test_names_with_diacritics_and_other_scripts_stay_as_written() -> None:
    found = people("Saigō Takamori led the rebels. Takamori died in 1877.")
    assert "Saigō Takamori" in found
    known = (Person(1, "Ivan Sirko", ("Sirko",)),)
    assert "Иван Сирко" in people("Иван Сирко signed the letter.", known)["Ivan Sirko"]


def test_coordinated_names_with_a_known_person_are_people() -> None:
    text = "Jonas Kalnins, who led the guild, argued with Ozols, Berzins, and others. Kalnins won."
    found = people(text)
    assert {"Jonas Kalnins", "Ozols", "Berzins"} <= set(found)
