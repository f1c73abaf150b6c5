"""The extractor's stages, in the order they run (`PIPELINE.pipe_names`).

    mask          markup, links, citations, metadata, reference lists    -> mask, citations
    sentences     lines and sentences                                    -> lines, sentences
    people        names of people, clustered, each with the rule that read it -> people
    places        places named after a locative cue                      -> places
    dates         date expressions, each with the pattern that read it   -> dates
    structured    drafts from cards, date lines, records, chronologies   -> drafts, consumed
    clauses       the clause of its sentence each usable date belongs to -> clauses
    drafts        a draft per dated clause (subject, title, people)      -> drafts
    anchoring     drafts for dates counted from a named happening        -> drafts
    merging       one draft per happening within the document            -> drafts
    mentions      undated sentences about a drafted happening            -> drafts
    corroboration drafts matched to (or contradicting) stored events     -> drafts

The stages are language-neutral code; everything they read of a language comes from the
document's lexicon (`lang/<code>/`).
"""

from __future__ import annotations

from timeline_desktop.extract.dates.tagger import Tagger
from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events.anchoring import anchored_drafts
from timeline_desktop.extract.events.anchoring import reads_store as anchoring_reads_store
from timeline_desktop.extract.events.clauses import find_clauses
from timeline_desktop.extract.events.corroborate import corroborate
from timeline_desktop.extract.events.drafts import sentence_drafts
from timeline_desktop.extract.events.mentions import attach_mentions
from timeline_desktop.extract.events.merging import merge_within
from timeline_desktop.extract.events.narrator import narrated
from timeline_desktop.extract.events.structured import structured_drafts
from timeline_desktop.extract.mask import mask_of
from timeline_desktop.extract.names import find_people
from timeline_desktop.extract.pipeline import Pipeline, Stage
from timeline_desktop.extract.places import find_places
from timeline_desktop.extract.sentences import lines, sentences


def _mask(doc: Doc) -> None:
    doc.mask, doc.citations = mask_of(doc.text, doc.lexicon)


def _sentences(doc: Doc) -> None:
    doc.lines = lines(doc.text)
    doc.sentences = sentences(doc.text, doc.lines, doc.lexicon)


def _people(doc: Doc) -> None:
    cited = [c[2] for c in doc.citations]
    known = doc.context.known_people()
    spans = doc.sentences.spans
    doc.people = find_people(
        doc.text,
        doc.mask,
        known,
        cited,
        doc.lexicon,
        spans,
        asked=doc.known_asked,
        narrated=lambda pos: narrated(doc, pos),  # "my wife" of a diary is a person
    )


def _places(doc: Doc) -> None:
    spans = [(m.start, m.end) for m in doc.people.mentions]
    doc.places = find_places(doc.text, doc.mask, spans, doc.lexicon)


def _dates(doc: Doc) -> None:
    tagger = doc.lexicon.compiled(Tagger)
    anchor = tagger.document_date(doc.text, doc.document.url)
    doc.dates = tagger.tag(doc.text, doc.mask, anchor)


PIPELINE = Pipeline(
    [
        Stage("mask", _mask, ("text",), ("mask", "citations"), "regions to ignore"),
        Stage("sentences", _sentences, ("text",), ("lines", "sentences"), "lines, sentences"),
        Stage(
            "people", _people, ("mask", "citations", "sentences", "context"), ("people",), "names"
        ),
        Stage("places", _places, ("mask", "people"), ("places",), "places with a cue"),
        Stage("dates", _dates, ("mask", "document"), ("dates",), "date expressions"),
        Stage(
            "structured",
            structured_drafts,
            ("dates", "lines", "sentences", "people", "places", "document"),
            ("drafts", "consumed"),
            "cards, date lines, records, chronology lines",
        ),
        Stage(
            "clauses",
            find_clauses,
            ("dates", "sentences", "consumed", "mask"),
            ("clauses",),
            "the clause of each usable date",
        ),
        Stage(
            "drafts",
            sentence_drafts,
            ("clauses", "people", "places", "drafts"),
            ("drafts",),
            "a draft per dated clause",
        ),
        Stage(
            "anchoring",
            anchored_drafts,
            ("dates", "drafts", "context"),
            ("drafts",),
            "dates counted from a named happening",
            context_when=anchoring_reads_store,
        ),
        Stage("merging", merge_within, ("drafts", "people"), ("drafts",), "one per happening"),
        Stage(
            "mentions",
            attach_mentions,
            ("drafts", "dates", "sentences", "people"),
            ("drafts",),
            "undated sentences about a happening",
        ),
        Stage(
            "corroboration",
            corroborate,
            ("drafts", "context"),
            ("drafts",),
            "matches and conflicts with stored events",
        ),
    ]
)
