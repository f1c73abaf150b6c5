"""PDF dossiers: written with Qt, read back with pypdf and poppler's pdftotext."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import (
    Document,
    EventFilter,
    Extraction,
    FoundEvent,
    FoundEvidence,
    FoundPerson,
    Stance,
)
from timeline_desktop.export.dossier import build_dossier, describe_filter

pypdf = pytest.importorskip("pypdf")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")

NAPOLEON = "Napoléon Bonaparte was crowned Emperor at Notre-Dame on 2 December 1804."
KHRUSHCHEV = "Никита Хрущёв выступил с секретным докладом 25 февраля 1956 года."
DISSENT = "the speech was given in March 1956, not in February."
ZHANG = "張騫出使西域，始於公元前138年。"
UNSELECTED = "A quiet harvest festival was held in the 5th century BC."


def _doc(text: str, title: str, file_name: str, url: str | None = None) -> Document:
    return Document(text=text, title=title, file_name=file_name, path=f"/corpus/{file_name}",
                    format="text", encoding="utf-8",
                    sha256=hashlib.sha256(text.encode()).hexdigest(), url=url)  # fmt: skip


def _ev(text: str, quote: str, stated: str, stance: Stance = Stance.SUPPORTS) -> FoundEvidence:
    i = text.index(quote)
    return FoundEvidence(i, i + len(quote), stated, stance)


def _fill(store, tmp_path: Path) -> None:
    t = f"{NAPOLEON} Later chapters follow."
    store.add_document(
        _doc(t, "Histoire de l’Empire", "empire.txt", "https://example.org/empire"),
        Extraction(
            events=(FoundEvent("Coronation of Napoléon", "", HistDate.of_day(1804, 12, 2), None,
                               (_ev(t, NAPOLEON, "2 December 1804"),),
                               people=("Napoléon Bonaparte",), places=("Paris",)),),
            people=(FoundPerson("Napoléon Bonaparte"),),
        ),
    )  # fmt: skip
    t = f"{KHRUSHCHEV} Конец."
    store.add_document(
        _doc(t, "Доклад Хрущёва", "doklad.txt"),
        Extraction(
            events=(FoundEvent("Secret Speech", "", HistDate.of_day(1956, 2, 25), None,
                               (_ev(t, KHRUSHCHEV, "25 февраля 1956"),),
                               people=("Никита Хрущёв",)),),
            people=(FoundPerson("Никита Хрущёв"),),
        ),
    )  # fmt: skip
    speech = next(e for e in store.events() if e.title == "Secret Speech")
    t = f"Some say {DISSENT}"
    store.add_document(
        _doc(t, "A revisionist note", "note.md"),
        Extraction(events=(FoundEvent("Secret Speech", "", HistDate.of_day(1956, 2, 25), None,
                                      (_ev(t, DISSENT, "March 1956", Stance.CONTRADICTS),),
                                      same_as=speech.id),)),
    )  # fmt: skip
    t = f"{ZHANG} Zhang Qian set out west."
    store.add_document(
        _doc(t, "史記", "shiji.txt"),
        Extraction(
            events=(FoundEvent("Mission of Zhang Qian", "", HistDate(-137).with_(approximate=True),
                               HistDate(-125), (_ev(t, ZHANG, "公元前138年"),),
                               people=("張騫",)),),
            people=(FoundPerson("張騫"),),
        ),
    )  # fmt: skip
    t = UNSELECTED
    store.add_document(
        _doc(t, "Unrelated almanac", "almanac.txt"),
        Extraction(events=(FoundEvent("Harvest festival", "", HistDate.of_century(5, bc=True),
                                      None, (_ev(t, UNSELECTED, "5th century BC"),)),)),
    )  # fmt: skip
    # a CSV chronology through the real import pipeline: one event per row
    from timeline_desktop.ingest.pipeline import import_paths

    csv = tmp_path / "treaties.csv"
    csv.write_text(
        "date,event,people,place\n"
        "1815-06-18,Battle of Waterloo,Napoléon Bonaparte,Waterloo\n"
        "1815-06-09,Final Act of the Congress of Vienna,Klemens von Metternich,Vienna\n",
        encoding="utf-8",
    )
    report = import_paths(store, [csv])
    assert not report.failed


@pytest.fixture
def filled(store, tmp_path, qapp):
    _fill(store, tmp_path)
    return store


def _text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first is not None:
        args += ["-f", str(first), "-l", str(last or first)]
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())  # lines and justification do not matter


def _selected(store) -> tuple[EventFilter, list]:
    chosen = [e for e in store.events() if e.title != "Harvest festival"]
    return EventFilter(ids=tuple(e.id for e in chosen)), chosen


def _outline(reader) -> list[tuple[str, int, int]]:
    """(title, depth, page index) of every bookmark."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((item.title, depth, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


@needs_pdftotext
def test_selected_events_quotes_and_citations_and_nothing_else(filled, tmp_path):
    from timeline_desktop.ui.pdf.render import write_pdf

    flt, chosen = _selected(filled)
    out = tmp_path / "dossier.pdf"
    stats = write_pdf(filled, out, flt)
    text = _text(out)
    assert stats.events == len(chosen) == 5
    for e in chosen:
        assert e.title in text
        for ev in e.evidence:
            assert " ".join(ev.quote.split()) in text
    for cited in ("Histoire de l’Empire", "empire.txt", "https://example.org/empire",
                  "Доклад Хрущёва", "doklad.txt", "A revisionist note", "note.md"):  # fmt: skip
        assert cited in text
    assert "Harvest festival" not in text
    assert UNSELECTED not in text
    assert "Unrelated almanac" not in text and "almanac.txt" not in text
    # the contradiction is marked and put in words
    assert "CONTRADICTS" in text and "CONTRADICTED" in text
    assert "gives the date as “March 1956”" in text
    # the date each source states, the period in BC, the selection in words
    assert "“25 февраля 1956”" in text
    assert "c. 138 BC – 126 BC" in text
    assert "5 events selected by hand" in text


@needs_pdftotext
def test_page_numbers_headers_and_scripts(filled, tmp_path):
    from timeline_desktop.ui.pdf.fonts import choose_fonts
    from timeline_desktop.ui.pdf.render import write_pdf

    out = tmp_path / "dossier.pdf"
    stats = write_pdf(filled, out, _selected(filled)[0], full_text=True)
    assert stats.pages >= 4
    for page in range(2, stats.pages + 1):
        text = _text(out, page)
        assert f"Page {page} of {stats.pages}" in text
        assert "Timeline dossier" in text or "Dossier" in text  # running header: the title
    assert re.search(r"Chronology · Nos?\. \d", _text(out))
    text = _text(out)
    assert "Хрущёв" in text and "Napoléon" in text
    if choose_fonts().cjk is None:
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk)")
    assert "張騫" in text
    assert "Full texts of the sources" in text


@needs_pdftotext
def test_outline_has_one_entry_per_event_on_its_page(filled, tmp_path):
    from timeline_desktop.ui.pdf.render import write_pdf

    flt, chosen = _selected(filled)
    out = tmp_path / "dossier.pdf"
    stats = write_pdf(filled, out, flt)
    reader = pypdf.PdfReader(out)
    marks = _outline(reader)
    assert stats.outline_entries == len(marks)
    top = [t for t, depth, _ in marks if depth == 0]
    assert top[:2] == ["Title page", "Timeline"] and "Chronology" in top
    events = [(t, p) for t, depth, p in marks if depth == 1 and re.match(r"\d+\. ", t)]
    assert len(events) == len(chosen)
    for e in chosen:
        (page,) = [p for t, p in events if t.endswith(f"— {e.title}")]
        assert e.title in _text(out, page + 1)
    assert reader.metadata.get("/Fonts", "").startswith("Fonts:")


def test_letter_and_cancel(filled, tmp_path):
    from timeline_desktop.ui.pdf.render import PdfCancelled, write_pdf

    out = tmp_path / "letter.pdf"
    seen = []
    write_pdf(filled, out, page="Letter", progress=lambda d, t, s: seen.append((d, t)))
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert seen[-1] == (1000, 1000) and all(d <= t for d, t in seen)
    gone = tmp_path / "cancelled.pdf"
    with pytest.raises(PdfCancelled):
        write_pdf(filled, gone, cancelled=lambda: True)
    assert not gone.exists() and not list(tmp_path.glob("cancelled.pdf*"))


def test_dossier_content_is_pure_and_cites_only_what_it_uses(filled):
    flt, chosen = _selected(filled)
    d = build_dossier(filled, flt, full_text=True)
    assert [e.title for e in d.entries] == [e.title for e in chosen]
    assert [e.number for e in d.entries] == list(range(1, 6))
    assert {s.ref.title for s in d.sources} >= {"Доклад Хрущёва", "A revisionist note"}
    assert "Unrelated almanac" not in {s.ref.title for s in d.sources}
    assert all(s.text[a:b] for s in d.sources for a, b in s.spans)
    speech = next(e for e in d.entries if e.title == "Secret Speech")
    assert speech.contradicted and len(speech.quotes) == 2
    assert d.period.startswith("c. 138 BC")
    people = {p.name for p in d.people}
    assert {"Napoléon Bonaparte", "Никита Хрущёв", "張騫"} <= people
    assert describe_filter(EventFilter(people=("A", "B"), all_people=True)) == (
        "Involving all of “A” and “B”",
    )
    assert describe_filter(None) == ("All events in the database",)


def test_background_job_writes_the_file(filled, tmp_path, qtbot):
    from timeline_desktop.ui.pdf.job import PdfExportJob

    out = tmp_path / "job.pdf"
    job = PdfExportJob(filled, out, _selected(filled)[0], full_text=False, show_dialog=False)
    with qtbot.waitSignal(job.sig_done, timeout=20_000) as blocker:
        job.start()
    stats, error = blocker.args
    assert error == "" and stats is not None and out.stat().st_size > 1000


def test_dialog_defaults(filled, qtbot):
    from PySide6.QtCore import QLocale

    from timeline_desktop.ui.pdf.dialog import ExportPdfDialog, default_page_size
    from timeline_desktop.ui.state import AppState

    assert default_page_size(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) \
        == "Letter"  # fmt: skip
    assert default_page_size(QLocale(QLocale.Language.French, QLocale.Country.France)) == "A4"
    state = AppState(filled)
    dlg = ExportPdfDialog(state)
    qtbot.addWidget(dlg)
    assert not dlg.rb_selection.isEnabled() and dlg.export_filter() == EventFilter()
    state.select([1, 2])
    dlg = ExportPdfDialog(state)
    qtbot.addWidget(dlg)
    assert dlg.rb_selection.isChecked() and dlg.export_filter() == EventFilter(ids=(1, 2))
    assert dlg.output_path().suffix == ".pdf"


def _cli_has_pdf() -> bool:
    from timeline_desktop.cli import build_parser

    try:
        build_parser().parse_args(["export", "--pdf", "x.pdf"])
    except SystemExit:
        return False
    return True


@needs_pdftotext
def test_cli_export_pdf(filled, db_path, tmp_path):
    if not _cli_has_pdf():
        pytest.skip("cli.py has no `export --pdf` yet")
    from timeline_desktop.cli import main

    filled.close()
    out = tmp_path / "cli.pdf"
    assert main(["--db", str(db_path), "export", "--pdf", str(out),
                 "--person", "Никита Хрущёв"]) == 0  # fmt: skip
    text = _text(out)
    assert "Secret Speech" in text and "Coronation of Napoléon" not in text
    ids = ",".join(str(e.id) for e in _selected(filled)[1][:2])
    assert main(["--db", str(db_path), "export", "--pdf", str(out), "--ids", ids]) == 0
    assert main(["--db", str(db_path), "export", "--ids", "x"]) == 2


@needs_pdftotext
def test_edited_and_manual_events_say_so(filled, tmp_path):
    from timeline_desktop.domain.dates import parse_date
    from timeline_desktop.ui.pdf.render import write_pdf

    first = filled.events()[0]
    filled.curation.edit_event(first.id, title="A title a user chose")
    made = filled.curation.add_event("A happening typed in by hand", parse_date("1412"))
    out = tmp_path / "curated.pdf"
    write_pdf(filled, out, EventFilter(ids=(first.id, made)))
    text = _text(out)
    assert "A title a user chose" in text and "A happening typed in by hand" in text
    assert "Origin: extracted, then edited by hand (title)" in text
    assert "Origin: entered by hand" in text
    assert "No source passage is attached to this event." in text
