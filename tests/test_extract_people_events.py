"""Who an event names when the text says "him" or "he": the object of a verb, a pronoun
opening a paragraph. Invented texts only."""

from __future__ import annotations

from timeline_desktop.domain.model import Document
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.readers import read_bytes

LIFE = (
    "Edmund Varley (1901–1970) was an English lawyer. Varley studied law in Leeds, and "
    "Varley practised there for many years. Varley never married.\n\n"
)


def people_by_year(text: str) -> dict[int, tuple[str, ...]]:
    doc = Document(text, "t", "t.txt", "t.txt", "text", "utf-8", str(hash(text)))
    result = RuleExtractor().extract(doc, EmptyContext())
    return {e.start.year: e.people for e in result.events}


def test_an_object_pronoun_means_the_person_named_before_it_in_the_sentence() -> None:
    text = "Tomas Brandl was asleep upstairs; on 3 May 1702 his cook Anna Leck warned him."
    assert set(people_by_year(text)[1702]) == {"Anna Leck", "Tomas Brandl"}


def test_an_object_pronoun_with_no_one_before_it_means_whom_the_text_is_about() -> None:
    found = people_by_year(LIFE + "In 1961 President Ruth Okafor appointed him to a commission.")
    assert set(found[1961]) == {"Ruth Okafor", "Edmund Varley"}


def test_an_object_pronoun_never_means_the_subject_of_its_verb() -> None:
    found = people_by_year(LIFE + "In 1950 Varley praised him in a letter.")
    assert found[1950] == ("Edmund Varley",)


def test_an_object_pronoun_in_a_quotation_is_the_speakers() -> None:
    found = people_by_year(LIFE + 'In 1962 Ruth Okafor promised "to bring him home".')
    assert found[1962] == ("Ruth Okafor",)


def test_a_paragraph_opening_on_he_means_whom_the_text_is_about() -> None:
    text = (
        LIFE + "I was angry about Carl Brenner and wrote against the likes of Brenner.\n\n"
        "He qualified as a barrister in 1956."
    )
    assert people_by_year(text)[1956] == ("Edmund Varley",)


DIARY = (
    "On 3 May 1702 I walked to the quay with my wife and saw the ships burn. My man went "
    "home. On 9 June 1702 I rode to Hull, and my brother stayed with me there. I was glad."
)


def diary_people(title: str, author: str = "") -> dict[int, tuple[str, ...]]:
    doc = Document(DIARY, title, "d.txt", "d.txt", "text", "utf-8", title + author, author=author)
    result = RuleExtractor().extract(doc, EmptyContext())
    return {e.start.month: e.people for e in result.events}


def test_the_narrator_is_the_author_the_metadata_names() -> None:
    # (with the kin the narrator names only by kinship: `narrator_relatives`)
    assert diary_people("Notes", author="Tom Hale") == {
        5: ("my wife", "Tom Hale"),
        6: ("my brother", "Tom Hale"),
    }


def test_the_narrator_is_the_person_a_diary_title_names() -> None:
    assert diary_people("The Diary of Ann Lisle") == {
        5: ("my wife", "Ann Lisle"),
        6: ("my brother", "Ann Lisle"),
    }
    assert diary_people("Ann Lisle's Journal")[5] == ("my wife", "Ann Lisle")


def test_with_no_author_the_narrator_stays_unnamed() -> None:
    kin = {5: ("my wife",), 6: ("my brother",)}
    assert diary_people("Notes") == kin
    assert diary_people("The Diary of a Nobody") == kin
    # an organisation or a list of authors is no one "I"
    assert diary_people("Notes", author="Wikimedia") == kin
    assert diary_people("Notes", author="Ann Lisle, Tom Hale") == kin


def test_the_readers_keep_the_author_of_a_page_or_a_markdown_file() -> None:
    html = (
        b'<html><head><title>Notes</title><meta name="author" content="Tom Hale"></head>'
        b"<body><p>On 3 May 1702 I walked to the quay.</p></body></html>"
    )
    assert read_bytes(html, "notes.html").author == "Tom Hale"
    dc = html.replace(b'name="author"', b'name="DC.creator"')
    assert read_bytes(dc, "notes.html").author == "Tom Hale"
    md = b"---\ntitle: Notes\nauthor:\n  - Ann Lisle\n---\n\nOn 3 May 1702 I walked home.\n"
    assert read_bytes(md, "notes.md").author == "Ann Lisle"
    two = md.replace(b"  - Ann Lisle\n", b"  - Ann Lisle\n  - Tom Hale\n")
    assert read_bytes(two, "notes.md").author == ""
    plain = b"On 3 May 1702 I walked home."
    assert read_bytes(plain, "notes.txt").author == ""


def test_a_pronoun_follows_a_chain_of_sentences_about_one_person() -> None:
    text = (
        "Edmund Varley was born in Leeds. He studied law there and read widely. He "
        "travelled to Rome with a friend. He wrote letters home every week. "
        "In 1931 he was elected to the bar council."
    )
    assert people_by_year(text)[1931] == ("Edmund Varley",)


def test_whose_account_it_is_is_no_one_of_the_happening() -> None:
    from timeline_desktop.domain.model import Document
    from timeline_desktop.extract.base import EmptyContext
    from timeline_desktop.extract.rules import RuleExtractor

    text = "Mill notes\n\nAccording to Tomas Lind, the old mill burned down in 1965.\n"
    doc = Document(text, "t.txt", "t.txt", "t.txt", "text", "utf-8", "t")
    [e] = RuleExtractor().extract(doc, EmptyContext()).events
    assert e.title == "The old mill burned down"
    assert e.people == ()
