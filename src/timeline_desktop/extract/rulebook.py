"""Names and meanings of the extraction rules, for people who read why an event exists.

A rule is written "stage:rule" in `Draft.rules` and `Evidence.rules`
("dates:day-month-year", "people:title+name"). `label` gives its short form ("date rule
day-month-year"), `found_by` the line the Evidence pane shows, and `describe` what it means,
from the language's `rules.toml` (and, for date patterns, their own description).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from timeline_desktop.extract.dates.grammar import DateGrammar
from timeline_desktop.extract.lexicon import Lexicon, load

KINDS = {
    "dates": "date rule",
    "people": "person rule",
    "clauses": "clause rule",
    "subjects": "subject rule",
    "titles": "title rule",
    "drafts": "drafting rule",
    "anchoring": "anchoring rule",
    "merging": "merging rule",
    "mentions": "mention rule",
    "corroboration": "matching rule",
}
_DETAILS = re.compile(r"\s*\([^()]*\)$|\s+\d+$")


def label(rule: str) -> str:
    """ "dates:day-month-year" -> "date rule day-month-year"."""
    stage, _, name = rule.partition(":")
    return f"{KINDS.get(stage, stage + ' rule')} {name}" if name else rule


def found_by(rules: Iterable[str]) -> str:
    """The rules of a piece of evidence as one line: "date rule day-month-year, clause rule
    past-tense verb, person rule title+name"."""
    return ", ".join(label(r) for r in rules)


def describe(rule: str, lex: Lexicon | None = None) -> str:
    """What a rule means, in words a reader understands ("" when no description is kept)."""
    lex = lex or load()
    table = lex.rule_descriptions()
    key = rule
    while key:
        if key in table:
            return table[key]
        stage, _, name = key.partition(":")
        if stage == "dates":
            for spec in lex.compiled(DateGrammar).specs:
                if spec.name == name:
                    return spec.description
        shorter = _DETAILS.sub("", key)
        if shorter == key:
            return ""
        key = shorter
    return ""
