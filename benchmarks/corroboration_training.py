"""Labelled pairs for the corroboration matcher, built from gold files, and how it scores them.

    .venv/bin/python benchmarks/corroboration_pairs.py --train [FOLDER GOLD.json ...]

Without arguments: the real development set (`../shared/corpus/real` with
`tests/data/realdev/gold.json`), the seeds and the held-out sets.

Every document of a set is read as the import reads it, up to (not including) the merging
stage: prose gives its drafts (the reports merging and corroboration compare), a chronology
its rows. Each gold quote is mapped to the report whose passage covers it (as the scorer
maps evidence). Then for every two reports:

- both support one gold event: a positive pair (they should become one event);
- one supports a gold event, the other is recorded as its conflict: a conflict pair (one
  event, with contradicting evidence);
- they support different gold events dated within ten years: a negative pair.

Rows of one chronology are never paired (the import never merges them). A pair of two
sources compares the later file in import order, as a draft, with the earlier one as a
stored event, weighting words by the later file's uses, as the import does; a pair within
one document compares two drafts, as merging does.

Prints, per kind of pair (two sources, one document) and relation of dates, the date bonus
in use, what the positive pairs share (`shared_content`: the score without the date bonus),
the highest negative scores and the bonus that would separate them best (the threshold
minus a bonus is the score a pair must share); then the pairwise precision and recall of
"same happening" and of conflicts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from corroboration_pairs import locate

from timeline_desktop.domain.model import Event, Evidence, Origin
from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.events.corroborate import (
    DATE_RELATIONS,
    Facts,
    MatchWeights,
    WordUses,
    best_match,
    date_relation,
    draft_facts,
    event_facts,
    person_keys,
    shared_content,
    similarity,
    slip_within,
    word_uses,
)
from timeline_desktop.extract.lexicon import load
from timeline_desktop.extract.pipeline import Pipeline
from timeline_desktop.extract.rules import RuleExtractor, found_event
from timeline_desktop.extract.stages import PIPELINE
from timeline_desktop.ingest.readers import open_structured, read_file
from timeline_desktop.ingest.rowmatch import entry_facts
from timeline_desktop.ingest.structured import Entry

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
WINDOW_DAYS = 3653
_SKIP = {"README.md", "gold.json"}


def default_sets() -> list[tuple[Path, Path]]:
    sets = [(SHARED / "corpus" / "real", REPO / "tests" / "data" / "realdev" / "gold.json")]
    sets.append((SHARED / "corpus" / "seeds", SHARED / "corpus" / "seeds-gold.json"))
    for name in ("heldout", "heldout2", "heldout3"):
        folder = REPO / "tests" / "data" / name
        sets.append((folder, folder / "gold.json"))
    return [(f, g) for f, g in sets if f.is_dir() and g.is_file()]


@dataclass(slots=True)
class Report:
    """One report of a happening: a draft of a prose document or a row of a chronology."""

    source: str
    start: int
    end: int
    as_draft: Facts  # as merging sees it
    as_stored: Facts  # as corroboration sees it once stored
    row: bool
    derived: bool
    title: str


@dataclass(slots=True)
class Read:
    name: str
    text: str
    reports: list[Report]
    uses: WordUses


_UPTO_MERGING = Pipeline(PIPELINE.stages[: PIPELINE.pipe_names.index("merging")])


def read(path: Path, extractor: RuleExtractor) -> Read:
    """A document's reports as the import makes them, before merging."""
    opened = open_structured(path)
    if opened is not None and opened.chronology is not None:
        lines: list[str] = []
        out: list[Report] = []
        offset = 0
        for item in opened.chronology.items:
            if isinstance(item, Entry):
                f = entry_facts(item)
                end = offset + len(item.line)
                out.append(Report(path.name, offset, end, f, f, True, False, item.title))
                lines.append(item.line)
                offset = end + 1
        text = "\n".join(lines)
        return Read(path.name, text, out, word_uses(text))
    doc = extractor.run(read_file(path), EmptyContext())
    keys = person_keys(doc)
    out = []
    for d in doc.drafts:
        found = found_event(d, doc.people)
        evidence = tuple(
            Evidence(0, 0, 0, e.start, e.end, doc.text[e.start : e.end], "", e.stance)
            for e in found.evidence
        )
        event = Event(
            0,
            found.title,
            found.summary,
            found.start,
            found.end,
            found.places,
            found.people,
            Origin.EXTRACTED,
            evidence,
        )
        start = min(e.start for e in d.evidence)
        end = max(e.end for e in d.evidence)
        facts = draft_facts(doc, d, keys)
        stored = event_facts(event)
        out.append(Report(path.name, start, end, facts, stored, False, d.derived, d.title))
    return Read(path.name, doc.text, out, word_uses(doc.text))


@dataclass(slots=True)
class Pair:
    label: str  # "same", "conflict" or "apart"
    within: bool
    a: Report  # the later report (the draft)
    b: Report  # the earlier one (stored, or the earlier draft of one document)
    uses: WordUses
    gold: str  # the gold events, for listing
    other_uses: WordUses | None = None  # the earlier document's uses (two sources)

    @property
    def facts(self) -> tuple[Facts, Facts]:
        if self.within:
            return self.a.as_draft, self.b.as_draft
        return self.a.as_draft, self.b.as_stored

    def flipped(self) -> Pair:
        """The pair as the other import order makes it: the earlier file read as a draft
        against the later one stored."""
        assert not self.within and self.other_uses is not None
        return Pair(self.label, False, self.b, self.a, self.other_uses, self.gold, self.uses)


def pairs_of(folder: Path, gold_path: Path, extractor: RuleExtractor) -> list[Pair]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name not in _SKIP)
    docs = {p.name: read(p, extractor) for p in files}
    order = {p.name: i for i, p in enumerate(files)}
    # which gold events (and as what) each report stands for
    tags: dict[tuple[str, int], dict[str, str]] = defaultdict(dict)
    for event in gold["events"]:
        for kind in ("support", "conflicts"):
            for sup in event.get(kind, []):
                doc = docs.get(sup["source"])
                span = locate(doc.text, sup["quote"]) if doc else None
                if doc is None or span is None:
                    continue
                size = span[1] - span[0]
                best, most = None, size / 2
                for i, r in enumerate(doc.reports):
                    overlap = min(r.end, span[1]) - max(r.start, span[0])
                    if overlap >= most and r.end - r.start <= max(400, 3 * size):
                        best, most = i, overlap
                if best is not None:
                    tags[(doc.name, best)].setdefault(event["id"], kind)
    out = []
    for (ka, ta), (kb, tb) in combinations(sorted(tags.items(), key=lambda x: x[0]), 2):
        a, b = docs[ka[0]].reports[ka[1]], docs[kb[0]].reports[kb[1]]
        if a.row and b.row and ka[0] == kb[0]:
            continue  # rows of one chronology: never merged
        if order[ka[0]] < order[kb[0]]:
            (ka, ta, a), (kb, tb, b) = (kb, tb, b), (ka, ta, a)  # a: the later file
        common = set(ta) & set(tb)
        if common:
            label = "conflict" if any("conflicts" in (ta[g], tb[g]) for g in common) else "same"
        else:
            fa, fb = a.as_draft, b.as_draft
            if max(fa.lo - fb.hi, fb.lo - fa.hi) > WINDOW_DAYS:
                continue
            label = "apart"
        within = ka[0] == kb[0]
        names = f"{'/'.join(sorted(ta))} ~ {'/'.join(sorted(tb))}"
        out.append(Pair(label, within, a, b, docs[ka[0]].uses, names, docs[kb[0]].uses))
    return out


def decide(p: Pair) -> str:
    """What the matcher makes of a pair: "same", "conflict" or "apart"."""
    fa, fb = p.facts
    if similarity(fa, fb, p.within, p.uses) is not None:
        return "same"
    if not p.within:
        target, conflict = best_match(fa, [(1, fb)], p.a.derived, uses=p.uses)
        if target is not None:
            return "conflict" if conflict else "same"
    return "apart"


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"


def table(pairs: list[Pair]) -> None:
    """Per kind of pair and date relation: what positives and negatives share."""
    w = load().compiled(MatchWeights)
    cells: dict[tuple[bool, str], list[tuple[float, bool]]] = defaultdict(list)
    for p in pairs:
        if p.label == "conflict":
            continue
        fa, fb = p.facts
        relation = date_relation(fa, fb)
        if relation:
            cells[(p.within, relation)].append((shared_content(fa, fb, p.uses), p.label == "same"))
    print("date bonus per relation: in use, best; shared scores of positives | top negatives")
    for within in (False, True):
        bonuses = w.within if within else w.across
        print("one document" if within else "two sources")
        for relation in DATE_RELATIONS:
            got = cells.get((within, relation), [])
            pos = sorted(round(s, 2) for s, y in got if y)
            neg = sorted((round(s, 2) for s, y in got if not y), reverse=True)
            # the bonus that merges most positives less twice the negatives (nearest the
            # one in use among equals): precision first, a wrong merge hides a source
            options = []
            for tenth in range(-40, 61, 5):
                need = w.threshold - tenth / 10
                gain = sum(1 for s in pos if s >= need) - 2 * sum(1 for s in neg if s >= need)
                options.append((-gain, abs(tenth / 10 - bonuses[relation]), tenth / 10))
            best = min(options)[2] if got else bonuses[relation]
            shown = " ".join(map(str, pos)) or "-"
            print(
                f"  {relation:10} {bonuses[relation]:5.1f} {best:5.1f}  {shown} | "
                f"{' '.join(map(str, neg[:5])) or '-'} ({len(neg)} negative)"
            )


def slips(pairs: list[Pair]) -> None:
    """What single days a few days apart share: recorded conflicts | others."""
    w = load().compiled(MatchWeights)
    for within in (False, True):
        got: list[tuple[float, bool]] = []
        for p in pairs:
            fa, fb = p.facts
            if p.within != within or fa.lo != fa.hi or fb.lo != fb.hi or fa.lo == fb.lo:
                continue
            if abs(fa.lo - fb.lo) <= w.slip_days:
                got.append((round(shared_content(fa, fb, p.uses), 2), p.label == "conflict"))
        pos = sorted((s for s, y in got if y), reverse=True)
        neg = sorted((s for s, y in got if not y), reverse=True)
        # (within one text the score alone does not part the conflicts from a narrative's
        # run of days: merging also needs both days written out, several words in common
        # and other times told in between, `matching.slip_within` and `merging._slipped`;
        # "kept" counts the pairs the first two conditions keep)
        limit = (
            f"threshold {w.slip_within}, kept {_kept(pairs, True)} of conflicts / others"
            if within
            else f"threshold {w.slip_threshold}"
        )
        print(
            f"day slips ({'one document' if within else 'two sources'}, at most {w.slip_days} "
            f"days; {limit}): {' '.join(map(str, pos)) or '-'} | "
            f"{' '.join(map(str, neg[:8])) or '-'} ({len(neg)} others)"
        )


def _kept(pairs: list[Pair], within: bool) -> str:
    """How many conflict pairs and other pairs of one text `slip_within` keeps."""
    hit = {True: 0, False: 0}
    for p in pairs:
        if p.within == within and slip_within(*p.facts, p.uses) is not None:
            hit[p.label == "conflict"] += 1
    return f"{hit[True]} / {hit[False]}"


def _orders(pairs: list[Pair], verbose: bool) -> None:
    """Two-source pairs decided in both import orders: a decision that depends on which
    file came first is a fault of the matcher (the same reports, the same happening)."""
    both = differ = 0
    right = {True: 0, False: 0}
    for p in pairs:
        if p.within or (p.label == "apart" and decide(p) == "apart" == decide(p.flipped())):
            continue
        got, back = decide(p), decide(p.flipped())
        both += 1
        differ += got != back
        if verbose and got != back:
            print(
                f"  {p.label} as {got} / reversed {back}: {p.gold}: {p.a.title[:40]!r} / "
                f"{p.b.title[:40]!r}"
            )
        right[True] += got == p.label
        right[False] += back == p.label
    print(
        f"two sources, both import orders: {both} pairs either order links or should; "
        f"right {right[True]} in import order, {right[False]} reversed; {differ} differ"
    )


def train(paths: list[Path], verbose: bool) -> int:
    if len(paths) % 2:
        raise SystemExit("--train takes FOLDER GOLD pairs")
    sets = list(zip(paths[::2], paths[1::2], strict=True)) or default_sets()
    extractor = RuleExtractor(pipeline=_UPTO_MERGING)
    pairs: list[Pair] = []
    for folder, gold in sets:
        pairs += pairs_of(folder, gold, extractor)
    table(pairs)
    slips(pairs)
    counts: dict[tuple[str, str, bool], int] = defaultdict(int)
    wrong = []
    for p in pairs:
        got = decide(p)
        counts[(p.label, got, p.within)] += 1
        if got != p.label and (p.label != "apart" or got != "apart"):
            wrong.append(
                f"{p.label} as {got} ({'one document' if p.within else 'two sources'}): "
                f"{p.gold}: {p.a.title[:40]!r} / {p.b.title[:40]!r}"
            )
    print()
    _orders(pairs, verbose)
    for within in (False, True):

        def n(label: str, got: str, within: bool = within) -> int:
            return counts[(label, got, within)]

        positives = n("same", "same") + n("same", "apart") + n("same", "conflict")
        merged_wrongly = n("apart", "same") + n("conflict", "same")
        tp = n("same", "same")
        print(
            f"{'one document' if within else 'two sources'}: positive pairs {positives}, "
            f"negative {sum(n('apart', g) for g in ('same', 'apart', 'conflict'))}, "
            f"conflict {sum(n('conflict', g) for g in ('same', 'apart', 'conflict'))}; "
            f"same: recall {_ratio(tp, positives)}, precision {_ratio(tp, tp + merged_wrongly)} "
            f"({tp} right, {merged_wrongly} wrong); conflicts flagged "
            f"{n('conflict', 'conflict')}, false {n('apart', 'conflict') + n('same', 'conflict')}"
        )
    if verbose:
        print()
        print("\n".join(sorted(wrong)))
    return 0
