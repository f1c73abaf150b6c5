"""Benchmark: a PDF dossier of 1,000 events, each with quoted evidence.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/pdf_export.py [--events 1000]
        [--runs 3] [--full-text] [--out PATH]

Builds a database of `--events` events spread over 500 BC - AD 2000 at mixed precisions
(day, month, year, decade, ranges), among 12 people, each with one to three quoted passages
from 20 sources (every seventh event also has a contradicting passage), then times
`write_pdf` (collecting, layout, painting, outline) end to end. Target: under 3 s for 1,000.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from timeline_desktop.domain.dates import HistDate, from_day_number
from timeline_desktop.domain.model import (
    Document,
    Extraction,
    FoundEvent,
    FoundEvidence,
    FoundPerson,
    Stance,
)
from timeline_desktop.store.repository import Store

PEOPLE = (
    "Napoléon Bonaparte", "Никита Хрущёв", "張騫", "Julius Caesar", "Hildegard of Bingen",
    "Ibn Battuta", "Elizabeth I", "Þorgerðr Egilsdóttir", "Catherine the Great", "Ashoka",
    "Marie Curie", "Ramesses II",
)  # fmt: skip
WORDS = (
    "council", "treaty", "siege", "embassy", "charter", "harvest", "revolt", "synod", "voyage",
    "coronation", "decree", "marriage", "plague", "census", "reform", "library", "bridge",
    "crossing", "alliance", "truce",
)  # fmt: skip


def _date(rng: random.Random) -> tuple[HistDate, HistDate | None]:
    lo = HistDate.of_year(-499).earliest_day()
    hi = HistDate.of_year(2000).latest_day()
    y, m, d = from_day_number(rng.randint(lo, hi))
    kind = rng.random()
    if kind < 0.5:
        return HistDate.of_day(y, m, d), None
    if kind < 0.65:
        return HistDate.of_month(y, m), None
    if kind < 0.8:
        return HistDate.of_year(y).with_(approximate=rng.random() < 0.3), None
    if kind < 0.9:
        return HistDate.of_decade(y), None
    return HistDate.of_year(y), HistDate.of_year(y + rng.randint(1, 30))


def fill(store: Store, n: int, seed: int = 7) -> None:
    """`n` events with evidence in 20 source documents (one transaction per document)."""
    rng = random.Random(seed)
    per_doc = -(-n // 20)
    made = 0
    for doc_no in range(20):
        parts: list[str] = []
        events: list[FoundEvent] = []
        pos = 0
        for _ in range(min(per_doc, n - made)):
            start, end = _date(rng)
            who = tuple(rng.sample(PEOPLE, rng.randint(1, 2)))
            title = f"{rng.choice(WORDS).title()} of {rng.choice(WORDS)} ({made + 1})"
            evidence = []
            for k in range(rng.randint(1, 3)):
                sentence = (
                    f"In {start.label()}, {' and '.join(who)} took part in the "
                    f"{' '.join(rng.choices(WORDS, k=rng.randint(8, 30)))} — passage {k}. "
                )
                parts.append(sentence)
                evidence.append(FoundEvidence(pos, pos + len(sentence) - 1, start.label()))
                pos += len(sentence)
            if made % 7 == 0:
                sentence = f"Others date this to {start.label()} plus a year, which is doubtful. "
                parts.append(sentence)
                evidence.append(
                    FoundEvidence(pos, pos + len(sentence) - 1, "a year later", Stance.CONTRADICTS)
                )
                pos += len(sentence)
            events.append(FoundEvent(title, "", start, end, tuple(evidence), people=who))
            made += 1
        text = "".join(parts)
        store.add_document(
            Document(
                text=text,
                title=f"Chronicle {doc_no + 1}",
                file_name=f"chronicle-{doc_no + 1}.txt",
                path=f"/bench/chronicle-{doc_no + 1}.txt",
                format="text",
                encoding="utf-8",
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                url=f"https://example.org/chronicle/{doc_no + 1}",
            ),
            Extraction(events=tuple(events), people=tuple(FoundPerson(name) for name in PEOPLE)),
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full-text", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    from timeline_desktop.ui.pdf.render import ensure_gui_app, write_pdf

    t_app = time.perf_counter()
    ensure_gui_app()
    t_app = time.perf_counter() - t_app
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        fill(store, args.events)
        out = args.out or Path(tmp) / "dossier.pdf"
        times = []
        stats = None
        for _ in range(args.runs):
            t0 = time.perf_counter()
            stats = write_pdf(store, out, full_text=args.full_text)
            times.append(time.perf_counter() - t0)
        store.close()
        assert stats is not None
        print(
            f"{stats.events} events, {stats.quotes} quotes, {stats.sources} sources -> "
            f"{stats.pages} pages, {stats.outline_entries} bookmarks, "
            f"{out.stat().st_size / 1e6:.1f} MB"
        )
    print(f"QGuiApplication start: {t_app:.2f} s (once per process)")
    print(f"write_pdf: median {statistics.median(times):.2f} s, best {min(times):.2f} s "
          f"over {len(times)} runs")  # fmt: skip
    return 0 if statistics.median(times) < 3.0 else 1


if __name__ == "__main__":
    sys.exit(main())
