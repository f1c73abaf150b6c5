"""What a diary's sentence tells when its main verb passes on news, states a condition or
comes before its subject (invented texts only, none taken from the corpora)."""

from __future__ import annotations

from diary import DAY2, extract_events, in_diary


def _day2(body: str):
    text, at = in_diary(body)
    return [
        e
        for e in extract_events(text)
        if e.start.to_iso() == DAY2 and at - 2 <= e.evidence[0].start < at + len(body)
    ]


def _titles(body: str) -> list[str]:
    return [e.title for e in _day2(body)]


def test_what_the_narrator_hears_is_the_happening() -> None:
    got = _titles("At the inn I hear that the old ferry do sink every winter in the floods.")
    assert got and got[0].startswith("News: the old ferry sink"), got
    got = _titles("I hear our petition was read to the Council this morning.")
    assert got and got[0].startswith("Our petition was read to the Council"), got


def test_what_someone_tells_me_is_the_happening_and_the_teller_stays() -> None:
    [ev] = _day2("Agnes Moyle tells me her brother is gone to sea.")
    assert ev.title.startswith("News: Agnes Moyle’s brother is gone to sea") or (
        ev.title.startswith("News: her brother is gone to sea")
    ), ev.title
    assert "Agnes Moyle" in ev.people


def test_news_that_is_come_reads_the_news_itself() -> None:
    got = _titles("He says word is come that the Admiral is dead of his wounds.")
    assert got and got[0].startswith("News: the Admiral is dead"), got


def test_he_says_he_keeps_the_teller() -> None:
    [ev] = _day2("Jasper Fenwick came. He says he hath sold his mill at Ashby.")[-1:]
    assert ev.title.startswith("News: Jasper Fenwick sold his mill"), ev.title


def test_news_of_an_earlier_day_is_titled_as_news_on_the_day_it_came() -> None:
    # what was told happened before the entry's day: the day is when the news came; a long
    # report is cut at its semicolons, and a piece opening on "that" goes on reporting
    got = _titles(
        "Jasper Fenwick came to the mill in the forenoon, wet through and very weary, and "
        "he says the river hath risen higher at Ashby than any man living can remember, "
        "so that the lower fields are all under water and the sheep lost; that the old "
        "bridge was carried away in the night with the carts upon it, and the miller "
        "drowned, which is a sad thing to hear of in so small a parish, where every man "
        "knows every other, and the church flooded to the altar rails, as the curate "
        "writes."
    )
    assert any(t.startswith("News: the old bridge was carried away") for t in got), got
    # told as happening that very day: the day's own happening
    got = _titles("My cousin tells me the old barn burned down this morning.")
    assert got and not got[0].startswith("News:"), got


def test_a_question_after_a_verb_of_telling_keeps_the_telling() -> None:
    got = _titles("I told the squire what I saw at the ford.")
    assert got and got[0].startswith("I told the squire"), got


def test_a_subject_after_its_verb_of_coming_or_preaching() -> None:
    got = _titles("Thence to chapel, and there preached Dr. Wells; but a dull sermon.")
    assert got and got[0] == "Dr. Wells preached", got
    got = _titles("Then came the Bishop to the market.")
    assert got and got[0].startswith("The Bishop came to the market"), got


def test_an_object_after_the_verb_is_no_inverted_subject() -> None:
    got = _titles("And there saw Sir John Hale and his wife.")
    assert got and got[0].startswith("I saw Sir John Hale"), got


def test_a_condition_gives_no_title() -> None:
    got = _titles("Talked with my wife about the maid, if Mrs. Lind leaves her place.")
    assert got and got[0].startswith("I talked with my wife"), got
    assert _titles("If the carrier brings the cloth we will pay him.") == []


def test_what_is_still_to_come_is_no_happening() -> None:
    assert _titles("I could not lodge him here till my barn is mended.") == []


def test_what_is_only_supposed_is_no_happening() -> None:
    got = _titles("And with Mr. Hale, who would have taken my chairs before they were mended.")
    assert got == []


def test_a_comparison_tells_no_happening() -> None:
    assert _titles("And indeed as good a supper, though as plain a one, as ever I had.") == []


def test_a_word_after_a_sum_of_money_is_no_verb() -> None:
    assert _titles("But about £5 cost besides the carriage of my goods.") == []


def test_a_participle_after_being_is_no_verb_and_indeed_no_past() -> None:
    got = _titles("Indeed, his credit in the town, being acquainted, is reckoned very useful.")
    assert got == []


def test_a_wish_is_no_happening() -> None:
    got = _titles("Our walk in the garden, which he hath long desired, was quite disappointed.")
    assert got == []


def test_a_going_told_without_its_verb_is_kept() -> None:
    got = _titles("In the evening, out by coach, my wife with me, through all the lanes.")
    assert got and got[0].startswith("I went out by coach"), got


def test_a_going_that_ends_its_sentence_keeps_no_full_stop() -> None:
    assert _titles("So to the granary.") == ["I went to the granary"]


def test_blessed_be_god_is_an_exclamation_not_a_happening() -> None:
    got = _titles("Up by five o’clock; and, blessed be God! find all well at the mill.")
    assert not any("blessed" in t for t in got), got


def test_a_which_comment_after_a_semicolon_is_no_happening() -> None:
    got = _titles(
        "Up, and with Sir J. Hale by coach to the guildhall, and there did our usual "
        "business before the Duke of Ashby; which signified little, our business being only "
        "complaints of lack of money."
    )
    assert not any("signified" in t for t in got), got


def test_a_diarist_doing_something_with_a_manner_is_the_narrator() -> None:
    got = _titles("Thence down to the quay, and there with great content landed all my goods.")
    assert got == ["I landed all my goods"], got


def test_the_subject_of_a_verb_after_a_semicolon_stands_after_it() -> None:
    got = _titles("The Duke of Ashby concerned himself in it; but this flood hath stopped it.")
    assert got == ["This flood hath stopped it"], got


def test_home_before_a_diarists_verb_is_where_he_went_not_who_did_it() -> None:
    body = "So I back again, and then home and spent the evening with my cousin at cards."
    text, at = in_diary(body)
    titles = [e.title for e in extract_events(text) if e.evidence[0].start >= at]
    assert titles[0].startswith("I spent the evening"), titles


def test_a_participle_after_a_name_leaves_the_name_the_subject() -> None:
    body = "Mr Hale not knowing where to keep his corn, did dig a pit in the yard."
    text, at = in_diary(body)
    titles = [e.title for e in extract_events(text) if e.evidence[0].start >= at]
    assert titles[0] == "Hale dug a pit in the yard", titles
