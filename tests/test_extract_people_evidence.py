"""People need evidence of being people; things named after people are things; joining a
lone name to a fuller one follows surnames, not first names (invented sentences only)."""

from __future__ import annotations

from timeline_desktop.extract.lexicon import load
from timeline_desktop.extract.mask import mask_of
from timeline_desktop.extract.names import find_people
from timeline_desktop.extract.names.evidence import form_evidence
from timeline_desktop.extract.names.words import NameWords


def people(text: str) -> dict[str, set[str]]:
    mask = mask_of(text)[0]
    return {p.name: set(p.aliases) for p in find_people(text, mask, (), []).found()}


def words() -> NameWords:
    return load().compiled(NameWords)


def test_capitalised_names_of_places_and_features_need_evidence_to_be_people() -> None:
    text = (
        "The survey crossed Harrow Flats and the Tessel Ridge before it reached Quorn Basin. "
        "Beyond Harrow Flats lay Vantry Sound, where the boats waited."
    )
    assert people(text) == {}


def test_a_common_first_name_makes_a_full_name_a_person() -> None:
    text = "The lecture on comets was given by Margaret Oddley at the old hall in the spring."
    assert "Margaret Oddley" in people(text)


def test_an_initial_a_title_after_or_a_regnal_number_makes_a_person() -> None:
    w = words()
    assert form_evidence(w, "Ottoline R. Quave")
    assert form_evidence(w, "Temur Khan")
    assert form_evidence(w, "Sethnakht II")
    assert not form_evidence(w, "Harrow Flats")
    assert not form_evidence(w, "Quorn Basin")


def test_a_person_verb_or_role_makes_an_unknown_name_a_person() -> None:
    text = (
        "Tarvo Kessel became abbot of the island house in 1402. "
        "Years later Ulla Brenner, the astronomer, wrote to the abbey about the eclipse."
    )
    found = people(text)
    assert "Tarvo Kessel" in found and "Ulla Brenner" in found


def test_a_name_taken_up_by_he_or_she_is_a_person() -> None:
    text = "Odric Palleme moved the press to the harbour town. He printed almanacs there."
    assert "Odric Palleme" in people(text)


def test_a_probe_named_after_a_person_is_a_thing() -> None:
    text = (
        "The astronomer Kaspar Wendt charted the ring in 1721. Two centuries later the Wendt "
        "probe was launched; Wendt reached the outer planet after six years and Wendt "
        "returned images of the ring."
    )
    found = people(text)
    assert found == {"Kaspar Wendt": set()}


def test_planets_and_gods_are_not_people() -> None:
    text = "Jupiter rose over the hills, and the priests said that Apollo had spoken."
    assert people(text) == {}


def test_a_first_name_alone_does_not_join_a_full_name_sharing_it() -> None:
    text = (
        "The talk was presented by Neil Farrow. Neil Osgood, the engineer, answered questions. "
        "Neil said afterwards that the lights had failed."
    )
    found = people(text)
    assert "Neil" not in found.get("Neil Farrow", set())
    assert "Neil" not in found.get("Neil Osgood", set())


def test_a_first_name_alone_joins_the_only_person_with_it() -> None:
    text = "Ilse Marwood, the chemist, opened the laboratory in 1911. Ilse ran it for ten years."
    mask = mask_of(text)[0]
    found = find_people(text, mask, (), [])
    ilse = [m for m in found.mentions if text[m.start : m.end] == "Ilse"]
    assert len(found.clusters[ilse[0].person].forms) == 2  # "Ilse" is Ilse Marwood
    # but a lone first name is no alias to store: shared by many, it would join them
    assert people(text) == {"Ilse Marwood": set()}


def test_a_title_of_the_other_sex_does_not_join_a_surname() -> None:
    text = (
        "Pierre Lavelle, the physicist, married Agnes Lavelle in 1890. Pierre Lavelle died in "
        "1901, and Madame Lavelle took over his lectures."
    )
    found = people(text)
    assert "Madame Lavelle" not in found.get("Pierre Lavelle", set())
    assert any("Madame Lavelle" in a for n, a in found.items() if n == "Agnes Lavelle")


def test_a_common_word_opening_a_sentence_is_not_part_of_the_name() -> None:
    text = (
        "Jorun Aske, the mayor, opened the bridge in 1931. Recently Aske was remembered in a "
        "plaque; the town recently restored it."
    )
    found = people(text)
    assert "Recently Aske" not in found and "Recently Aske" not in found.get("Jorun Aske", set())


def test_the_given_names_know_the_sex_of_common_first_names() -> None:
    w = words()
    assert w.given("Margaret") == "f" and w.given("Thomas") == "m" and w.given("Leslie") == "x"
    assert w.given("Jupiter") == "" and w.given("Harrow") == ""
    assert w.gender("Madame") == "f" and w.gender("", "Pierre") == "m"


def test_an_abbreviated_title_or_an_initial_opens_a_name() -> None:
    text = "Here I met Mr. Quillon at the gate, and W. Harbage brought the keys of the office."
    found = people(text)
    assert "Quillon" in found and "Mr. Quillon" in found["Quillon"]
    assert "W. Harbage" in found


def test_the_holder_of_a_peerage_is_a_person_but_a_regiment_named_after_it_is_not() -> None:
    text = (
        "The Earl of Wendmoor bid me tell the council what I saw. Later the Earl of "
        "Wendmoor's Light Horse rode out of the town."
    )
    found = people(text)
    assert list(found) == ["Earl of Wendmoor"]


def test_an_office_standing_for_its_holder_is_no_name() -> None:
    text = (
        "My Lord Treasurer came late. The Vice-Chamberlain said little, and Osric Vane, "
        "Executive Director of the trust, said less."
    )
    found = people(text)
    assert "Treasurer" not in found and "Vice-Chamberlain" not in found
    assert "Executive Director" not in found and "Osric Vane" in found


def test_a_name_taken_or_published_under_is_an_alias() -> None:
    text = (
        "Signe Arvola, the novelist, moved to Lyon in 1960. She has also published under "
        "the married name Signe Bertrand. Arvola died in 2001."
    )
    assert people(text) == {"Signe Arvola": {"Signe Bertrand", "Arvola"}}


def test_names_in_a_reference_list_are_not_listed_people() -> None:
    text = (
        "Further reading:\n"
        "- Tove Lindqvist, Harbours of the North, Tromsø, 1998.\n"
        "- Anders Maal, Rivers, Oslo University Press, 2004.\n"
    )
    found = people(text)
    assert "Tromsø" not in found and "Rivers" not in found and "Oslo" not in found


def test_kin_words_and_pronouns_around_a_lone_name_mark_a_person() -> None:
    text = (
        "The rule of the delta passed to Nefrusa and her younger brother. The accomplices of "
        "Orbatix were caught at the ford. He sent away Lentulo, one of his freedmen, to watch "
        "the road, and dined with Vaccia, with whom he often talked until dawn."
    )
    found = people(text)
    for name in ("Nefrusa", "Orbatix", "Lentulo", "Vaccia"):
        assert name in found, (name, found)


def test_a_place_mostly_written_as_one_is_no_person_for_one_cue() -> None:
    text = (
        "The fair came to Quenby in May. Traders in Quenby sold wool, and the road to Quenby "
        "was mended. Near Quenby the river floods. Quenby said nothing of it in the charter."
    )
    assert "Quenby" not in people(text)


def test_every_name_after_also_known_as_is_an_alias() -> None:
    text = "The minister Darvesh, also known as Kaulan or Vettigar, wrote the treatise in exile."
    assert people(text) == {"Darvesh": {"Kaulan", "Vettigar"}}


def test_an_animal_in_apposition_and_a_field_label_are_no_people() -> None:
    text = (
        "In 1951 the rocket carried Bartholomew IV, a rhesus monkey, to the edge of space. "
        "(Place: Harwell; Crew: none)"
    )
    found = people(text)
    assert "Bartholomew IV" not in found and "Place" not in found


def test_the_town_of_a_name_is_a_place_and_its_particles_go_with_it() -> None:
    text = "In 1519 Ines Varga founded the town of Villa Clara de la Marta Sol on the coast."
    found = people(text)
    assert "Ines Varga" in found and "Villa Clara" not in found and "Marta Sol" not in found


def test_called_as_a_verb_makes_no_alias() -> None:
    text = "Rowan Tessick, the senator, called Aldous Prynne a careless clerk in 1950."
    found = people(text)
    assert "Aldous Prynne" not in found.get("Rowan Tessick", set())


def test_full_names_with_and_without_a_middle_name_are_one_person() -> None:
    text = (
        "Senator Wendell Ray Oakes spoke first. Later Wendell R. Oakes voted, and in 1960 "
        "Wendell Oakes resigned."
    )
    found = people(text)
    assert len(found) == 1, found


def test_a_plural_title_before_names_and_a_suffix_after_them() -> None:
    text = "Presidents Amos K. Rudd and Lena Voss met Dr. Elias Grant, Jr., at the dock."
    found = people(text)
    assert "Amos K. Rudd" in found and "Lena Voss" in found
    assert any("Elias Grant, Jr." in a for a in found.values())


def test_classical_cues_one_x_x_the_role_son_of_and_named() -> None:
    text = (
        "He sent for one Velusio, who played the lyre. Quartilla the praetor gave the order. "
        "Brannix, son of Corvo, held the ford, and a servant of the consul, named Pelops, "
        "brought the letter. Later the augur Tarsilla warned him, but he laughed at Tarsilla."
    )
    found = people(text)
    for name in ("Velusio", "Quartilla", "Brannix", "Pelops", "Tarsilla"):
        assert name in found, (name, found)


def test_a_verb_after_the_object_of_a_preposition_is_not_the_names() -> None:
    text = "Traders coming from Quellmark told the council of the fire, and the town rebuilt."
    assert "Quellmark" not in people(text)


def test_a_plural_noun_opening_a_sentence_is_no_name() -> None:
    text = "The plan failed. Shipowners wanted their old berths back, and nobody could wait."
    assert people(text) == {}


def test_two_names_side_by_side_across_a_clause_are_two_people() -> None:
    text = (
        "Varro, the consul, spoke. Corvinus, the tribune, answered. Varro said no more. "
        "Corvinus said less. After the trial of Varro Corvinus determined to leave Rome."
    )
    found = people(text)
    assert "Varro Corvinus" not in found and {"Varro", "Corvinus"} <= set(found)


def test_a_byname_after_the_name_makes_a_person() -> None:
    found = people("In his youth he heard Ortholes the Stoic and Brennix the Elder speak.")
    assert {"Ortholes the Stoic", "Brennix the Elder"} <= set(found)


def test_a_degree_word_before_the_role_of_an_apposition_still_names_a_person() -> None:
    assert "Vardanes" in people("Then Vardanes, a most loyal officer, rode to the gate.")


def test_a_word_describing_the_person_is_not_part_of_the_name() -> None:
    found = people(
        "The ballad was noted down from the Welshman David Pryce at Ludlow. "
        "Surveyors Helen Ostrom and Carl Bekk mapped the bay. "
        "The devoutly Catholic Mary Tudor restored the old rite."
    )
    assert {"David Pryce", "Helen Ostrom", "Carl Bekk", "Mary Tudor"} <= set(found)
    assert not any(n.startswith(("Welshman", "Surveyors", "Catholic")) for n in found)


def test_an_office_of_a_place_then_the_holders_name() -> None:
    found = people("With Minister of Marine Paul Ardent he inspected the docks at Brest.")
    assert "Paul Ardent" in found
    assert not any("Marine" in n for n in found)


def test_a_name_runs_on_across_the_line_break_of_a_wrapped_paragraph() -> None:
    from timeline_desktop.extract.sentences import lines, sentences

    text = (
        "After the siege the legion wintered near the coast, where Quintus\n"
        "Varro, one of the tribunes, kept the accounts of the grain stores\n"
        "and wrote to the senate about the shortage of ships and of men.\n"
    )
    spans = sentences(text, lines(text), load()).spans
    found = find_people(text, mask_of(text)[0], (), [], None, spans)
    assert [p.name for p in found.found()] == ["Quintus Varro"]


def test_and_closes_a_list_so_a_place_before_a_comma_joins_no_name() -> None:
    text = "The envoys waited in Tessaly and Orvane, Marius marched north. Marius wrote home."
    assert set(people(text)) == {"Marius"}


def test_a_first_name_ending_like_a_past_verb_stays_in_a_title_case_line() -> None:
    text = "Members Present:\n  Colonel Winifred Ashby, Late Of The Royal Engineers\n"
    assert "Winifred Ashby" in people(text)


def test_his_or_him_later_in_the_clause_of_a_lone_subject_names_a_person() -> None:
    found = people(
        "The column broke at the ford, and Veranius barely escaped with his baggage. "
        "When Orvane rebelled, he burned its walls. "
        "The legion wintered at Sarnum, with his old friends around him."
    )
    assert "Veranius" in found
    assert "Sarnum" not in found  # the object of a preposition is no subject
    assert "Orvane" not in found  # past a comma "he" is another's


def test_an_adverb_opening_a_sentence_before_he_is_no_person() -> None:
    assert people("Shortly after, he left the camp. Whenever he wrote, it rained.") == {}


def test_a_possessive_with_a_person_noun_right_after_it() -> None:
    assert "Halvard Ness" in people("She quotes Halvard Ness's argument that the map was forged.")


def test_a_colour_written_in_lower_case_is_no_first_name_after_an_adjective() -> None:
    text = "The Great Red Spot is a storm. Its red colour varies from year to year."
    assert people(text) == {}


def test_kin_in_apposition_one_of_those_who_and_a_surname_with_its_particle() -> None:
    found = people(
        "The couple had three sons, Anselm and Tobin. He sent on Quarrio, one of those "
        "who had come with him. The letter says Van Horst is ill."
    )
    assert {"Anselm", "Tobin", "Quarrio", "Van Horst"} <= set(found)


def test_a_thing_ending_a_phrase_is_not_part_of_the_name_after_it() -> None:
    found = people("At the next sitting of the Council Henry Dorne would speak first.")
    assert "Henry Dorne" in found
    assert not any("Council" in n for n in found)


def test_a_name_after_his_or_her_is_a_thing_they_own() -> None:
    found = people("Varro says so in the second book of his De Agris. Varro wrote much.")
    assert "De Agris" not in found
    assert "Varro" in found


def test_the_maker_named_a_few_words_after_the_participle() -> None:
    found = people("The chart was printed at Leiden (published in Bristol by Okeford and Pym).")
    assert {"Okeford", "Pym"} <= set(found)
    assert "Leiden" not in found and "Bristol" not in found


def test_a_visiting_or_honorary_office_is_no_name() -> None:
    found = people("Ilse Marr lectured at Padua in 1970 and remains a Visiting Professor.")
    assert set(found) == {"Ilse Marr"}


def test_ideas_and_writings_are_what_a_person_has() -> None:
    found = people("The essay takes up Thalenor's idea of the void and the writings of Orsk.")
    assert {"Thalenor", "Orsk"} <= set(found)


def test_a_word_for_a_group_of_people_is_no_person() -> None:
    text = (
        "In 1612, Norsemen, joined by other raiders from the fjords, rose in revolt when "
        "King Harald demanded tribute."
    )
    assert set(people(text)) == {"Harald"}
    assert people("In 1497, Cornishmen, joined by rebels from the moors, rose again.") == {}


def test_the_holder_named_after_an_office_of_a_place_is_a_person() -> None:
    text = (
        "Ines Calloway was an adviser to President of the United States Walter K. Brandt "
        "from 1971, when several states sued. Brandt trusted her."
    )
    found = people(text)
    assert "Walter K. Brandt" in found
    assert "President of the United States Walter K. Brandt" in found["Walter K. Brandt"]
    assert "Brandt" in found["Walter K. Brandt"]
    assert not any("United" in n for n in found)


def test_a_name_joined_by_and_to_a_place_after_at_is_a_place() -> None:
    text = "Stalls were set up at Fernhall and Tobin Cross, and the fairs were held there."
    assert people(text) == {}
    # "and" after a person, not a place, keeps the listed person
    found = people("The work was published at Leiden by Okeford and Pym.")
    assert {"Okeford", "Pym"} <= set(found)
    # past a comma, "and" opens a clause on its subject
    assert "Marcel Orvain" in people("We came to Suez, and Marcel Orvain was cheered.")


def test_a_participle_or_adjective_opening_a_sentence_is_no_person() -> None:
    text = (
        "The roofs fell in. Having waited, we walked on, having eaten little. Glad news came "
        "at noon, and we were glad. Dined, and Tom Ashby came, for we dined late."
    )
    assert set(people(text)) == {"Tom Ashby"}


def test_a_feast_or_a_great_city_is_no_person() -> None:
    text = "We had thought ourselves safe. Chicago and Diwali told us otherwise, said Ann Weld."
    assert set(people(text)) == {"Ann Weld"}


def test_words_before_a_noun_of_a_doing_name_a_thing() -> None:
    text = (
        "The test, dubbed Marco Laser Experiment, was run twice. Laser links held. "
        "Later the Peter Vanni Administration fell."
    )
    assert people(text) == {}


def test_italian_given_names_of_the_renaissance_make_a_person() -> None:
    found = people("1610 — A comet was seen. (Place: Padua; Observer: Galileo Marchetti)")
    assert "Galileo Marchetti" in found


def test_a_surname_alone_joins_the_nearest_full_name_but_is_no_shared_alias() -> None:
    text = (
        "Marcus Orvin spoke first, and Orvin was calm. Then Decimus Orvin came in; Orvin "
        "laughed at his cousin. Tessa Quell left. Quell never wrote again."
    )
    mask = mask_of(text)[0]
    found = find_people(text, mask, (), [])
    by_word = {
        text[m.start : m.end]: found.name(m.person)
        for m in found.mentions
        if text[m.start : m.end] in ("Orvin", "Quell")
    }
    assert [found.name(m.person) for m in found.mentions if text[m.start : m.end] == "Orvin"] == [
        "Marcus Orvin",
        "Decimus Orvin",
    ]
    assert by_word["Quell"] == "Tessa Quell"
    aliases = {p.name: set(p.aliases) for p in found.found()}
    # "Orvin" names two people here: an alias of either would join them elsewhere
    assert aliases["Marcus Orvin"] == set() and aliases["Decimus Orvin"] == set()
    assert aliases["Tessa Quell"] == {"Quell"}


def test_a_character_of_fiction_is_no_person() -> None:
    text = (
        "Her third novel, with one of the protagonists of Lanterns, Odile Marchand, as her "
        "double, sold well. The protagonist Anna Wendt dies in the end, and Anna Wendt was "
        "mourned. A fictional detective, Max Lorne, returns. The character of the author, "
        "Tom Hale, said so."
    )
    assert set(people(text)) == {"Tom Hale"}


def test_an_honorific_is_kept_where_dropping_it_loses_whom_a_surname_names() -> None:
    text = (
        "Sir W. Pellow and I walked home. Lady Pellow sent a cart for the plate, and Lady "
        "Pellow wept. Mrs. Ambry came, and Mr. Ambry after her. Mr. Quillon came too."
    )
    found = people(text)
    # the honorific form of a name stays an alias, so a reader finds "Sir W. Pellow"
    assert "Sir W. Pellow" in found["W. Pellow"]
    # "Pellow" alone could be either: the lady is named with her title, and no one has
    # the bare surname as an alias
    assert found["Lady Pellow"] == set()
    assert {"Mrs. Ambry", "Mr. Ambry"} <= set(found)  # a man and a woman: two people
    # with no namesake in the text, the surname is the name and the titled form an alias
    assert found["Quillon"] == {"Mr. Quillon"}


def test_a_name_found_in_a_list_is_that_person_elsewhere_in_the_text() -> None:
    text = (
        "At noon I met my wife and Dorrel and Mr. Ashe at the quay. Walked home. Later to "
        "Dorrel's lodging, where the door stood open."
    )
    mask = mask_of(text)[0]
    found = find_people(text, mask, (), [])
    dorrel = [found.name(m.person) for m in found.mentions if text[m.start : m.end] == "Dorrel"]
    assert dorrel == ["Dorrel", "Dorrel"]


def test_the_kin_after_a_birthplace_are_the_subjects_not_the_places() -> None:
    from timeline_desktop.domain.model import Document
    from timeline_desktop.extract.base import EmptyContext
    from timeline_desktop.extract.rules import RuleExtractor

    text = (
        "Ada Lind\n\nAda Lind was a Norwegian engineer. She was born in Bergen, the "
        "daughter of a shipwright. In 1862 she enrolled at the technical school in Trondheim. "
        "In 1870 she met Nils Holm, the son of a judge."
    )
    doc = Document(text, "Ada Lind", "a.txt", "a.txt", "text", "utf-8", "a")
    got = RuleExtractor().extract(doc, EmptyContext())
    assert {p.name for p in got.people} == {"Ada Lind", "Nils Holm"}
    assert [e.people for e in got.events] == [("Ada Lind",), ("Ada Lind", "Nils Holm")]
