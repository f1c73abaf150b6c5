"""Property tests over extraction and import: whatever prose arrives, no exception, every
passage quotes exactly what the stored text holds at its offsets, and importing is idempotent.

The texts are built from the pieces historical prose is made of (names, verbs, dates in many
forms, relative and anchored phrases, markup left-overs, scripts and odd characters) so the
extractor's rarer paths are reached, not only "no date found".
"""

from __future__ import annotations

from hashlib import sha256

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from timeline_desktop.domain.model import Document
from timeline_desktop.export.json_export import build_export
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.ingest.pipeline import FileStatus, import_file
from timeline_desktop.ingest.readers import read_bytes
from timeline_desktop.ingest.reextract import reextract
from timeline_desktop.store.repository import Store

PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# each example builds a store and re-extracts it twice: no shrinking (a failure is reported as
# found, at once, rather than after minutes of shrinking)
SLOW_PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)

NAMES = ["Julius Caesar", "Caesar", "Octavian", "Augustus", "Marie Curie", "Sklodowska",
         "William of Normandy", "Harold Godwinson", "he", "she", "the emperor", "Khrushchev",
         "Nikita Sergeyevich Khrushchev", "Ibn Battuta", "Zhu Yuanzhang", "Élisabeth Vigée",
         "O'Neill", "Anne-Marie", "Mr. Smith", "St. Louis", "the Senate", "Rome"]  # fmt: skip
VERBS = ["was born", "died", "was crowned", "defeated", "invades", "founded", "signed",
         "was assassinated", "married", "became emperor", "had become", "fled to", "wrote",
         "is said to have", "did not die", "returned"]  # fmt: skip
DATES = ["on 15 March 44 BC", "in 1066", "in AD 14", "on 14 October 1066", "in the 1920s",
         "in the late 1920s", "c. 1455", "around 1500", "in spring 1869", "from 1936 to 1938",
         "between 1914 and 1918", "in the 5th century BC", "two years later", "that night",
         "the next day", "two years after Caesar's death", "in 1953-09-13", "on 5/3/1953",
         "in 2000 BCE", "in year 0", "on 31 February 1900", "in 1,000,000 BC", "in 10000",
         "before 1600", "by 1700", "after 1815", "in early 1848", "in mid-1789",
         "in the first millennium", "in 1066–1087", "on the Ides of March"]  # fmt: skip
NOISE = ["", ".", ",", ";", " (", ")", "\n\n", "\n", " — ", "\"", "'", "[1]", "[citation needed]",
         "* ", "# ", "== History ==\n", "|", "\t", "\u200b", "\ufeff", "𝔄", "😀", "é", "中国",
         "ﬁ", "\r\n", "  ", "...", "e.g.", "Vol. 2", "pp. 3–5", "http://example.org/x",
         "Dr.", "1.", "•"]  # fmt: skip


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Sentences of names, verbs and dates, with noise, odd characters and free text."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 14))):
        kind = draw(st.integers(0, 9))
        if kind <= 6:
            words = [draw(st.sampled_from(NAMES)), draw(st.sampled_from(VERBS))]
            date = draw(st.sampled_from(DATES))
            words.insert(draw(st.integers(0, 2)), date)
            parts.append(" ".join(words))
        elif kind <= 8:
            parts.append(draw(st.text(max_size=40)))
        else:
            parts.append(draw(st.sampled_from(DATES)))
        parts.append(draw(st.sampled_from(NOISE)))
        parts.append(draw(st.sampled_from([". ", ".\n", "\n\n", " "])))
    return "".join(parts)


def document(text: str, name: str = "notes.txt") -> Document:
    return Document(
        text=text,
        title="Notes",
        file_name=name,
        path=f"/virtual/{name}",
        format="text",
        encoding="utf-8",
        sha256=sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )


@PROPERTY
@given(prose())
def test_extraction_never_raises_and_stays_inside_the_text(text: str) -> None:
    extraction = RuleExtractor().extract(document(text), EmptyContext())
    for event in extraction.events:
        assert event.title.strip()
        assert event.evidence
        for ev in event.evidence:
            assert 0 <= ev.start < ev.end <= len(text)
        if event.end is not None:
            assert event.end.latest_day() >= event.start.earliest_day()
    for person in extraction.people:
        assert person.name.strip()
        for start, end in person.spans:
            assert 0 <= start < end <= len(text)


# A drawn case that once failed: a 1953 passage merged into a stored death gave that death
# a person only through the passage being read again, and the next pass dated "two years
# after Caesar's death" from it (re-extraction was no fixed point).
_FOUND_ONCE = [
    "two years after Caesar's death) St. Louis founded in 2000 BCEﬁ he in 1953-09-13 defeated"
    "\r\n. Augustus became emperor in the 5th century BC[citation needed] Zhu Yuanzhang invades"
    " after 1815; in the late 1920s William of Normandy fled to\t. in 1953-09-13e.g. between"
    " 1914 and 1918 he married𝔄.\n",
    "in 1953-09-13 Anne-Marie diedé. in year 0 she was assassinated中国\n\nin 1066–1087 Ibn "
    "Battuta diedﬁ\n\nfrom 1936 to 1938\u200b\n\nOctavian did not die before 1600\ufeff\n\nthe "
    "Senate defeated on 31 February 1900# \n\nc. 1455 Octavian fled to  . in 1,000,000 BC "
    "O'Neill returned.\n\nOctavian had become around 1500\n. Ï....\nCaesar was born in year "
    "0. on 5/3/1953中国. ",
    "he defeated in the first millennium. Nikita Sergeyevich Khrushchev did not die around "
    "1500ﬁ\n\nSklodowska in 10000 was assassinated — .\non 5/3/1953 Julius Caesar did not die"
    "[citation needed] on 31 February 1900 Sklodowska wrote\u200b ",
]


@pytest.mark.slow
@SLOW_PROPERTY
@given(st.lists(prose(), min_size=1, max_size=3))
@example(texts=_FOUND_ONCE)
def test_stored_quotes_are_the_text_at_their_offsets_and_import_is_idempotent(
    texts: list[str],
) -> None:
    """Several documents into one store (so later ones corroborate earlier ones), then every
    evidence quote checked against its source, then the same files again: nothing changes;
    re-extraction reaches a fixed point."""
    store = Store.open("sqlite://")
    try:
        extractor = RuleExtractor()
        files = []
        for i, text in enumerate(texts):
            try:
                doc = read_bytes(text.encode("utf-8", "surrogatepass"), f"doc{i}.txt")
            except Exception:  # an unreadable text (blank, NULs) is the readers' business
                continue
            files.append(doc)
            store.add_document(doc, extractor.extract(doc, _context(store)))
        sources = {s.id: s.text for s in store.sources()}
        for event in store.events():
            for ev in event.evidence:
                assert ev.quote == sources[ev.source_id][ev.start : ev.end], event.title
        before = build_export(store)
        for doc in files:
            assert store.add_document(doc, extractor.extract(doc, _context(store))) is None
        assert build_export(store) == before
        # re-extraction may know more than the first import did (an anchor such as "two
        # years after Caesar's death" found in a later source), but once it has run, running
        # it again changes nothing, and its passages still quote their text
        assert not reextract(store, extractor=extractor).failed
        once = build_export(store)
        assert not reextract(store, extractor=extractor).failed
        assert _timeline(build_export(store)) == _timeline(once)
        for event in once["events"]:
            for ev in event["evidence"]:
                assert ev["quote"] == sources[ev["source_id"]][ev["start"] : ev["end"]]
    finally:
        store.close()


def _context(store: Store):
    from timeline_desktop.ingest.pipeline import StoreContext

    return StoreContext(store)


def _timeline(export: dict) -> list:
    """What a reader sees: each event's title, dates and quoted passages (ids aside)."""
    return sorted(
        (
            e["title"],
            e["start"],
            e["end"] or "",
            sorted((ev["source_id"], ev["start"], ev["end"], ev["stance"]) for ev in e["evidence"]),
        )
        for e in export["events"]
    )


@pytest.mark.slow
@SLOW_PROPERTY
@given(prose(), prose())
def test_a_file_imported_again_after_a_change_never_corroborates_itself(
    first: str, second: str
) -> None:
    """Whatever the two texts, the second import of one path leaves one source, and every
    evidence quote matches its text (current, or its version's)."""
    from pathlib import Path
    from tempfile import TemporaryDirectory

    from timeline_desktop.store.versions import version_text

    with TemporaryDirectory() as folder:
        path = Path(folder) / "notes.txt"
        store = Store.open("sqlite://")
        try:
            extractor = RuleExtractor()
            results = []
            for text in (first, second):
                path.write_text(text, encoding="utf-8", errors="surrogatepass")
                results.append(import_file(store, path, extractor).status)
            assert len(store.sources()) <= 1
            if results[0] == FileStatus.IMPORTED and first.strip() != second.strip():
                assert results[1] in (FileStatus.UPDATED, FileStatus.DUPLICATE, FileStatus.FAILED)
            for event in store.events():
                for ev in event.evidence:
                    if ev.in_version is None:
                        text = store.source(ev.source_id).text
                    else:
                        text = version_text(store, ev.source_id, ev.in_version)
                    assert ev.quote == text[ev.start : ev.end]
        finally:
            store.close()


def test_a_date_with_nothing_said_of_it_makes_no_event() -> None:
    """Found by the property above: a relative date on a line of its own, then a lone full
    stop, made an event with an empty title whose evidence was the full stop."""
    text = "on 15 March 44 BC Julius Caesar was born.\ntwo years later\n\n. "
    events = RuleExtractor().extract(document(text), EmptyContext()).events
    assert [e.title for e in events] == ["Julius Caesar was born"]
