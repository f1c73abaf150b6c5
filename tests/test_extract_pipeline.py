"""The extractor as a pipeline of named stages, its rules on every piece of evidence, and its
language resources as data owned by a lexicon."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline_desktop.domain.model import Document, Stance
from timeline_desktop.export.json_export import build_export
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.dates import Tagger
from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.lexicon import LANG_DIR, Lexicon, load
from timeline_desktop.extract.pipeline import Pipeline, Stage
from timeline_desktop.extract.rulebook import describe, found_by
from timeline_desktop.extract.rules import RuleExtractor
from timeline_desktop.extract.stages import PIPELINE
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store

TEXT = (
    "Marshal Georgy Zhukov, who commanded the defence of Moscow, was dismissed on "
    "26 October 1957. He died in 1974."
)


def doc(text: str) -> Document:
    return Document(text, "t", "t.txt", "t.txt", "text", "utf-8", str(hash(text)))


def test_the_stages_run_in_their_declared_order() -> None:
    assert PIPELINE.pipe_names == [
        "mask",
        "sentences",
        "people",
        "places",
        "dates",
        "structured",
        "clauses",
        "drafts",
        "anchoring",
        "merging",
        "mentions",
        "corroboration",
    ]
    d = RuleExtractor().run(doc(TEXT), EmptyContext())
    assert d.stages == PIPELINE.pipe_names
    assert [t.rule for t in d.dates] == ["day-month-year", "year"]
    assert {d.people.name(m.person): m.rule for m in d.people.mentions}["Georgy Zhukov"] == (
        "title+name"
    )


def test_a_stage_cannot_come_before_what_it_reads() -> None:
    stages = list(PIPELINE.stages)
    with pytest.raises(ValueError, match="'clauses' needs"):
        Pipeline([stages[0], stages[1], stages[6]])  # clauses without dates and drafts
    with pytest.raises(ValueError, match="two stages"):
        Pipeline([stages[0], stages[0]])
    # a pipeline may end early: the layers so far are there, the later ones empty
    early = Pipeline(stages[:5])
    d = early(Doc(doc(TEXT), load()))
    assert d.dates and d.people.mentions and not d.drafts


def test_a_stage_can_be_added_by_name() -> None:
    seen: list[int] = []
    counting = Stage("count", lambda d: seen.append(len(d.drafts)), ("drafts",), ())
    pipeline = Pipeline([*PIPELINE.stages, counting])
    RuleExtractor(pipeline=pipeline).extract(doc(TEXT), EmptyContext())
    assert pipeline.pipe_names[-1] == "count" and seen == [2]


def test_every_piece_of_evidence_names_the_rules_that_found_it() -> None:
    found = RuleExtractor().extract(doc(TEXT), EmptyContext())
    dismissed = next(e for e in found.events if "dismissed" in e.title)
    [ev] = dismissed.evidence
    assert ev.rules[:3] == (
        "drafts:dated clause",
        "dates:day-month-year",
        "clauses:past-tense verb",
    )
    assert "people:title+name" in ev.rules
    line = found_by(ev.rules)
    assert line.startswith("drafting rule dated clause, date rule day-month-year, clause rule")
    assert all(describe(r) for r in ev.rules), [r for r in ev.rules if not describe(r)]


@pytest.mark.backends
def test_rules_are_stored_with_the_evidence_and_exported(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "zhukov.txt"
    path.write_text(TEXT, encoding="utf-8")
    import_paths(store, [path])
    events = store.events()
    data = json.loads(json.dumps(build_export(store)))
    rules = [ev.rules for e in events for ev in e.evidence]
    assert rules and all(r and r[0].startswith("drafts:") for r in rules)
    exported = [ev["rules"] for e in data["events"] for ev in e["evidence"]]
    assert sorted(map(tuple, exported)) == sorted(rules)


def test_merged_and_contradicting_passages_keep_their_own_rules() -> None:
    text = (
        "Tsar Ivan Kovach died on 4 June 1511 at Buda. The death of Ivan Kovach in 1511 "
        "ended the war. Some chroniclers date it to 1512, others to 1511."
    )
    found = RuleExtractor().extract(doc(text), EmptyContext())
    death = next(e for e in found.events if "died" in e.title)
    assert len(death.evidence) >= 2
    merged = [
        ev for ev in death.evidence if "merging:same happening as another passage" in ev.rules
    ]
    assert merged and all("dates:year" in ev.rules for ev in merged)
    assert all(ev.stance is not Stance.CONTRADICTS or ev.rules for ev in death.evidence)


def test_caches_belong_to_a_lexicon() -> None:
    english = load("en")
    assert load("en") is english
    other = Lexicon.from_folder(LANG_DIR / "en")
    assert other.compiled(Tagger) is not english.compiled(Tagger)
    other.fold("Chōshū")
    assert other.fold("Chōshū") == "choshu"
    other.clear_caches()
    text = "Caesar crossed the Rubicon in 49 BC."
    assert [t.stated() for t in other.compiled(Tagger).tag(text, english_mask(text))] == ["-0048"]


def english_mask(text: str):
    from timeline_desktop.extract.mask import mask_of

    return mask_of(text)[0]


def test_language_files_name_each_word_list_once(tmp_path: Path) -> None:
    for f in (LANG_DIR / "en").glob("*.toml"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "extra.toml").write_text('[words]\ntitles = "sultan"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="titles is defined twice"):
        Lexicon.from_folder(tmp_path)


def test_no_extraction_module_is_long() -> None:
    root = Path(__file__).resolve().parents[1] / "src" / "timeline_desktop" / "extract"
    long = {p.name: n for p in root.rglob("*.py") if (n := len(p.read_text().splitlines())) > 500}
    assert not long, long
