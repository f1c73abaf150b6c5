"""Typeset a dossier (`export.dossier`) into a PDF with QPdfWriter and QPainter.

Order of the document: a title page (selection in words, period, people, counts, contents,
colophon), the timeline figure, the chronology (one entry per event, its quotes as block
quotes with citations, contradictions in red), the list of cited sources, and optionally the
full text of each source with the quoted passages highlighted. Every page but the first has a
running header (dossier title, section, dates of the entries on the page) and "page n of N".

Threads: `write_pdf` may run on a worker thread (QPdfWriter, QPainter, QTextLayout and fonts
are usable off the GUI thread; nothing here has a parent on the GUI thread), but the
QGuiApplication must already exist; `ensure_gui_app()` makes one for the CLI.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLineF, QMarginsF, QPointF, QRectF, QThread
from PySide6.QtGui import QColor, QFontMetricsF, QPageSize, QPainter, QPdfWriter, QPen

from timeline_desktop import __version__
from timeline_desktop.domain.model import EventFilter, Stance
from timeline_desktop.export.dossier import Dossier, Entry, SourceEntry, build_dossier
from timeline_desktop.export.files import check_writable
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.colors import CONTRADICTS, person_color
from timeline_desktop.ui.pdf.figure import figure_height, legend_lines, paint_figure
from timeline_desktop.ui.pdf.fonts import FontSet, choose_fonts, ensure_gui_app
from timeline_desktop.ui.pdf.layout import DPI, PT, Flow, Fragment, Page, Run, Style
from timeline_desktop.ui.pdf.outline import Mark, add_outline

__all__ = ["PAGE_SIZES", "PdfCancelled", "PdfStats", "ensure_gui_app", "write_dossier",
           "write_pdf"]  # fmt: skip

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
_MM = 72 / 25.4 * PT  # device units per millimetre
_STEPS = 1000  # progress is reported in thousandths

INK = "#1A1A1A"
MUTED = "#5C6672"
ACCENT = "#2E4A6B"
RED = "#A3212F"  # text on white: darker than the app's CONTRADICTS, same hue
RULE = "#BFC5CC"
HIGHLIGHT = "#FCEFB4"

H1 = Style(size=20, bold=True, color=ACCENT, leading=1.1)
H2 = Style(size=12.5, bold=True, color=INK, leading=1.12)
KICKER = Style(size=8, sans=True, bold=True, color=ACCENT)
META = Style(size=8, sans=True, color=MUTED, leading=1.25)
BODY = Style(size=10, justify=True, leading=1.25)
QUOTE = Style(size=9.5, italic=True, leading=1.28, justify=True)
SMALL = Style(size=8.5, sans=True, color=MUTED, leading=1.3)
TEXT = Style(size=9.5, leading=1.3, justify=True)


class PdfCancelled(Exception):
    """The user cancelled; the partial file has been removed."""


@dataclass(frozen=True, slots=True)
class PdfStats:
    path: Path
    pages: int
    events: int
    quotes: int
    sources: int
    outline_entries: int  # 0 when pypdf is not installed
    fonts: str
    seconds: float


def write_pdf(
    store: Store,
    out: Path | str,
    flt: EventFilter | None = None,
    full_text: bool = False,
    page: str = "A4",
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    title: str | None = None,
) -> PdfStats:
    """Write the dossier of the events matching `flt` (None: all) to `out`.

    Raises PdfCancelled when `cancelled()` turns true (checked between entries and pages);
    the output file is then not created. `page` is "A4" or "Letter".
    """
    t0 = time.perf_counter()
    _require_app()
    if progress:
        progress(0, _STEPS, "Collecting events and sources…")
    dossier = build_dossier(store, flt, full_text=full_text, title=title)
    return write_dossier(dossier, Path(out), page, progress, cancelled, t0)


def _require_app() -> None:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is None:
        if QThread.currentThread() is not None and _on_main_thread():
            ensure_gui_app()
        else:
            raise RuntimeError("write_pdf needs a QGuiApplication; call ensure_gui_app() first")


def _on_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def write_dossier(
    dossier: Dossier,
    out: Path,
    page: str = "A4",
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
    t0: float | None = None,
) -> PdfStats:
    """Lay out, paint and bookmark an already built dossier."""
    t0 = time.perf_counter() if t0 is None else t0
    _require_app()
    if page not in PAGE_SIZES:
        raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}, not {page!r}")
    fonts = choose_fonts()
    size = QPageSize(PAGE_SIZES[page])
    pts = size.size(QPageSize.Unit.Point)
    typesetter = _Typesetter(dossier, fonts, pts.width() * PT, pts.height() * PT, progress,
                             cancelled)  # fmt: skip
    typesetter.run()

    tmp = out.with_name(out.name + ".part")
    check_writable(out)
    writer = QPdfWriter(str(tmp))
    writer.setResolution(DPI)
    writer.setPageSize(size)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setTitle(dossier.title)
    writer.setCreator(f"Timeline Desktop {__version__}")
    painter = QPainter(writer)
    if not painter.isActive():  # Qt says why only on stderr, once per drawing call
        tmp.unlink(missing_ok=True)
        raise OSError(f"cannot write {out}: the file could not be created")
    try:
        typesetter.paint(painter, writer)
    except BaseException:
        painter.end()
        tmp.unlink(missing_ok=True)
        raise
    if not painter.end() or not _complete_pdf(tmp):
        # Qt reports no write errors: on a full disk it "succeeds" with a truncated file
        tmp.unlink(missing_ok=True)
        raise OSError(
            f"cannot write {out}: the file came out incomplete, most likely because the disk "
            "is full; free some space and export again"
        )
    if progress:
        progress(int(_STEPS * 0.95), _STEPS, "Adding bookmarks…")
    metadata = {
        "/Subject": "; ".join(dossier.selection),
        "/Keywords": f"timeline, dossier, {fonts.note()}",
        "/Fonts": fonts.note(),
        "/Period": dossier.period,
    }
    try:
        entries = add_outline(tmp, out, typesetter.marks, pts.height(), metadata)
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    if progress:
        progress(_STEPS, _STEPS, "Done")
    c = dossier.counts
    return PdfStats(
        path=out,
        pages=len(typesetter.flow.pages),
        events=c["events"],
        quotes=c["quotes"],
        sources=c["sources"],
        outline_entries=entries,
        fonts=fonts.note(),
        seconds=time.perf_counter() - t0,
    )


def _complete_pdf(path: Path) -> bool:
    """Whether a PDF was written to its end (the trailer's end-of-file marker is there)."""
    try:
        with path.open("rb") as fh:
            fh.seek(max(path.stat().st_size - 1024, 0))
            return b"%%EOF" in fh.read()
    except OSError:
        return False


class _Typesetter:
    """Builds the pages of one dossier (layout), then paints them (with page totals known)."""

    def __init__(
        self,
        dossier: Dossier,
        fonts: FontSet,
        page_w: float,
        page_h: float,
        progress: ProgressFn | None,
        cancelled: CancelFn | None,
    ) -> None:
        self.d = dossier
        self.fonts = fonts
        self.page_h = page_h
        side = 24 * _MM if page_w < 6000 else 25 * _MM
        self.flow = Flow(fonts, page_w, page_h, (side, 26 * _MM, side, 24 * _MM))
        self.progress = progress
        self.cancelled = cancelled
        self.marks: list[Mark] = []
        self.section_pages: dict[str, int] = {}

    # --- helpers ------------------------------------------------------------------------------

    def _check(self, done: float, label: str) -> None:
        if self.cancelled is not None and self.cancelled():
            raise PdfCancelled("the export was cancelled")
        if self.progress is not None:
            self.progress(int(_STEPS * done), _STEPS, label)

    def _section(self, name: str, title: str) -> Mark:
        flow = self.flow
        flow.current = ""
        flow.new_page(name)
        self.section_pages[name] = flow.page_index
        mark = Mark(title, flow.page_index, flow.y / PT)
        self.marks.append(mark)
        flow.text(title, H1, after=4)
        self._rule(flow.page_index, flow.y, flow.left, flow.left + flow.width, ACCENT, 1.2)
        flow.y += 10 * PT
        return mark

    def _rule(self, page: int, y: float, x0: float, x1: float, color: str, width: float) -> None:
        pen = QPen(QColor(color), width * PT)

        def draw(p: QPainter) -> None:
            p.setPen(pen)
            p.drawLine(QLineF(x0, y, x1, y))

        self.flow.add_op(page, draw)

    def _side_rule(self, frags: list[Fragment], x: float, color: str, width: float) -> None:
        for f in frags:
            self._rule_v(f.page, x, f.top + 1.5 * PT, f.bottom - 1.5 * PT, color, width)

    def _rule_v(self, page: int, x: float, y0: float, y1: float, color: str, width: float) -> None:
        pen = QPen(QColor(color), width * PT)

        def draw(p: QPainter) -> None:
            p.setPen(pen)
            p.drawLine(QLineF(x, y0, x, y1))

        self.flow.add_op(page, draw)

    # --- layout -------------------------------------------------------------------------------

    def run(self) -> None:
        self._title_page()
        self._check(0.05, "Drawing the timeline…")
        if self.d.entries:
            self._figure()
        self._chronology()
        self._sources()
        if self.d.full_text:
            self._full_texts()

    def _title_page(self) -> None:
        d, flow = self.d, self.flow
        flow.new_page("")
        flow.y = flow.top + 18 * _MM
        flow.text(
            "RESEARCH DOSSIER  ·  TIMELINE DESKTOP",
            Style(size=8, sans=True, bold=True, color=MUTED),
            after=10,
        )
        flow.text(d.title, Style(size=28, bold=True, color=ACCENT, leading=1.08), after=6)
        if d.period:
            flow.text(d.period, Style(size=15, italic=True, color=INK), after=4)
        self._rule(0, flow.y + 6 * PT, flow.left, flow.left + 60 * _MM, ACCENT, 1.5)
        flow.y += 22 * PT
        self.marks.append(Mark("Title page", 0, 0))

        def field(label: str, runs: list[Run] | str) -> None:
            flow.text(label.upper(), Style(size=7.5, sans=True, bold=True, color=MUTED),
                      before=9, after=2)  # fmt: skip
            flow.text(runs, Style(size=11, leading=1.3))

        field("Selection", "\n".join(d.selection))
        field("Period covered", d.period or "No events matched the selection.")
        if d.people:
            runs: list[Run] = []
            for i, person in enumerate(d.people[:24]):
                if i:
                    runs.append(Run(",  "))
                runs.append(Run("■ ", color=person_color(person.person_id).name()))
                runs.append(Run(f"{person.name} ({person.events})"))
            if len(d.people) > 24:
                runs.append(Run(f",  and {len(d.people) - 24} more"))
            field("People", runs)
        field("Contents", d.count_line())

        # table of contents: page numbers are filled in at paint time
        flow.y += 6 * PT
        sections = [("timeline", "Timeline of the selection"), ("chronology", "Chronology"),
                    ("sources", "List of sources")]  # fmt: skip
        if d.full_text:
            sections.append(("texts", "Full texts of the sources"))
        toc_style = Style(size=10.5, leading=1.45)
        for key, label in sections:
            if key == "timeline" and not d.entries:
                continue
            frags = flow.text(label, toc_style)
            if frags:
                self._toc_number(frags[0], key, toc_style)

        # colophon at the bottom of the page
        when = d.exported_at.strftime("%d %B %Y, %H:%M UTC").lstrip("0")
        colophon = (
            f"Exported on {when} from {d.database}.\n"
            "Quoted passages are exact extracts of the stored sources; S-numbers refer to the "
            "list of sources. Dates are proleptic Gregorian, years BC/AD without a year zero; "
            "the date each source states is given beside the date as established.\n"
            f"{self.fonts.note()}."
        )
        para = flow.prepare(colophon, SMALL, flow.width)
        flow.y = max(flow.y + 12 * PT, flow.bottom - para.height)
        if flow.y + para.height > flow.bottom:
            flow.y = flow.bottom - para.height
        self._rule(0, flow.y - 6 * PT, flow.left, flow.left + flow.width, RULE, 0.6)
        flow.place(para)

    def _toc_number(self, frag: Fragment, key: str, style: Style) -> None:
        font = self.flow.font(style.size, False, False, False)
        right = self.flow.left + self.flow.width
        pages = self.section_pages
        y = frag.top + QFontMetricsF(font).ascent()

        def draw(p: QPainter) -> None:
            if key not in pages:
                return
            text = str(pages[key] + 1)
            p.setFont(font)
            p.setPen(QColor(INK))
            w = QFontMetricsF(font).horizontalAdvance(text)
            p.drawText(QPointF(right - w, y), text)

        self.flow.add_op(frag.page, draw)

    def _figure(self) -> None:
        flow, d = self.flow, self.d
        mark = self._section("timeline", "Timeline of the selection")
        mark.title = "Timeline"
        legend = [flow.prepare(line, SMALL, flow.width) for line in legend_lines()]
        caption = flow.prepare(
            [Run("Figure 1. ", bold=True), Run(f"The {len(d.entries):,} events of the selection, "
                                               "one lane per person.")],
            SMALL, flow.width)  # fmt: skip
        room = flow.remaining() - caption.height - sum(p.height for p in legend) - 16 * PT
        h = figure_height(d, flow.width, min(room, 170 * _MM))
        page, y = flow.reserve(h)
        rect = QRectF(flow.left, y, flow.width, h)
        fonts = self.fonts
        flow.add_op(page, lambda p: paint_figure(p, rect, d, fonts))
        flow.y += 8 * PT
        flow.place(caption)
        flow.y += 3 * PT
        for para in legend:
            flow.place(para)

    def _chronology(self) -> None:
        flow, d = self.flow, self.d
        mark = self._section("chronology", "Chronology")
        if not d.entries:
            flow.text("No events matched the selection.", BODY)
            return
        flow.text(
            f"{d.count_line()}, in chronological order. Quotations are the sources' exact "
            "words; the citation under each gives the source (see the list of sources).",
            Style(size=9.5, italic=True, color=MUTED, leading=1.3), after=4)  # fmt: skip
        n = len(d.entries)
        for i, entry in enumerate(d.entries):
            if i % 25 == 0:
                self._check(0.05 + 0.55 * i / n, f"Laying out entry {i + 1} of {n}…")
            mark.children.append(self._entry(entry))

    def _entry(self, e: Entry) -> Mark:
        flow = self.flow
        tag = [Run("  CONTRADICTED", color=RED)] if e.contradicted else []
        kicker = flow.prepare(
            [Run(f"{e.number}  ·  "), Run(e.date_label),
             Run(f"  ({e.precision})", bold=False, color=MUTED), *tag],
            KICKER, flow.width)  # fmt: skip
        title = flow.prepare(e.title, H2, flow.width)
        meta_runs: list[Run] = []

        def meta(label: str, value: str) -> None:
            if meta_runs:
                meta_runs.append(Run("   ·   "))
            meta_runs.extend((Run(f"{label}: ", bold=True), Run(value)))

        if e.people:
            meta("People", ", ".join(e.people))
        if e.places:
            meta("Places", ", ".join(e.places))
        if e.stated_dates:
            meta("Dates as stated", "; ".join(f"“{t}” ({r.label})" for t, r in e.stated_dates))
        if e.provenance:
            meta("Origin", e.provenance)
        meta_para = flow.prepare(meta_runs, META, flow.width) if meta_runs else None
        first_quote = flow.prepare(e.quotes[0].text, QUOTE, flow.width) if e.quotes else None
        keep = kicker.height + title.height + 8 * PT + (meta_para.height if meta_para else 0)
        keep += first_quote.head(2) if first_quote else 0
        flow.space(13)
        flow.ensure(keep)
        flow.current = f"{e.number}|{e.start.label()}"
        page = flow.page
        if not page.first_entry:
            page.first_entry = flow.current
        page.last_entry = flow.current
        mark = Mark(f"{e.number}. {e.date_label} — {e.title}", flow.page_index, flow.y / PT)
        flow.place(kicker)
        flow.y += 1.5 * PT
        flow.place(title)
        if meta_para is not None:
            flow.y += 2 * PT
            flow.place(meta_para)
        if e.summary and e.summary.strip() != e.title.strip():
            flow.text(e.summary, BODY, before=4)
        for text in e.disagreements:
            frags = flow.text([Run("Disagreement. ", bold=True), Run(text)],
                              Style(size=8.5, sans=True, color=RED, leading=1.3),
                              indent=9 * PT, before=5)  # fmt: skip
            self._side_rule(frags, flow.left + 3 * PT, CONTRADICTS, 2.2)
        for q in e.quotes:
            self._quote(q)
        if not e.quotes:
            flow.text(
                "No source passage is attached to this event.",
                Style(size=9.5, italic=True, color=MUTED),
                before=4,
            )
        return mark

    def _quote(self, q) -> None:
        flow = self.flow
        indent, right = 16 * PT, 8 * PT
        label = [Run("CONTRADICTS  ", bold=True, color=RED)] if q.contradicts else []
        if q.stance is Stance.MENTIONS:
            label = [Run("MENTIONS (UNDATED)  ", bold=True)]
        stated = f"  ·  dates it “{q.date_as_stated}”" if q.date_as_stated.strip() else ""
        cite = [
            *label,
            Run(f"{q.source.label}  ", bold=True),
            Run(q.source.citation()),
            Run(stated),
            *(
                [Run(f"  ·  in version {q.in_version}, no longer in the current text")]
                if q.in_version is not None
                else []
            ),
        ]
        para = flow.prepare(f"“{q.text.strip()}”", QUOTE, flow.width - indent - right)
        cite_para = flow.prepare(cite, Style(size=7.5, sans=True, color=MUTED, leading=1.3),
                                 flow.width - indent - right)  # fmt: skip
        flow.space(5)
        # a short quote stays with its citation; a long one may break, the citation then
        # follows its last lines
        short = len(para.pitches) <= 2
        flow.ensure(para.head(2) + (cite_para.height if short else 0))
        frags = flow.place(para, indent)
        flow.y += 1.5 * PT
        if cite_para.height > flow.remaining():
            flow.new_page()
        frags += flow.place(cite_para, indent)
        color = CONTRADICTS if q.contradicts else RULE
        self._side_rule(_merge(frags), flow.left + indent - 7 * PT, color,
                        2.4 if q.contradicts else 1.6)  # fmt: skip

    def _sources(self) -> None:
        flow, d = self.flow, self.d
        mark = self._section("sources", "List of sources")
        if not d.sources:
            flow.text("No source is cited.", BODY)
            return
        flow.text(
            "Only the sources cited in this dossier, numbered in order of first citation.",
            Style(size=9.5, italic=True, color=MUTED), after=4)  # fmt: skip
        for s in d.sources:
            self._check(0.62, "Listing the sources…")
            mark.children.append(Mark(f"{s.ref.label} {s.ref.title}", flow.page_index,
                                      flow.y / PT))  # fmt: skip
            self._source_entry(s)

    def _source_entry(self, s: SourceEntry) -> None:
        flow = self.flow
        head = flow.prepare([Run(f"{s.ref.label}   ", color=ACCENT), Run(s.ref.title or
                            s.ref.file_name)], Style(size=11, bold=True), flow.width)  # fmt: skip
        flow.space(9)
        flow.ensure(head.height + 30 * PT)
        flow.place(head)
        details = [Run("File: ", bold=True), Run(s.ref.file_name)]
        if s.ref.url:
            details += [Run("   ·   URL: ", bold=True), Run(s.ref.url)]
        details += [Run("   ·   Format: ", bold=True), Run(f"{s.format} ({s.encoding})")]
        flow.text(details, META, indent=22 * PT, before=2)
        cited = ", ".join(str(n) for n in s.entry_numbers)
        flow.text(
            [Run("Imported: ", bold=True), Run(s.imported_at.strftime("%Y-%m-%d")),
             Run("   ·   SHA-256: ", bold=True), Run(s.sha256[:16] + "…"),
             Run("   ·   Cited: ", bold=True),
             Run(f"{s.quote_count} passage{'s' * (s.quote_count != 1)}, in entr"
                 f"{'y' if len(s.entry_numbers) == 1 else 'ies'} {cited}")],
            META, indent=22 * PT)  # fmt: skip

    def _full_texts(self) -> None:
        flow, d = self.flow, self.d
        mark = self._section("texts", "Full texts of the sources")
        flow.text("Quoted passages are highlighted.", Style(size=9.5, italic=True, color=MUTED),
                  after=2)  # fmt: skip
        for k, s in enumerate(d.sources):
            self._check(0.62 + 0.1 * k / max(len(d.sources), 1), "Setting the full texts…")
            flow.space(16 if k else 0)
            flow.ensure(60 * PT)
            mark.children.append(Mark(f"{s.ref.label} {s.ref.title}", flow.page_index,
                                      flow.y / PT))  # fmt: skip
            flow.current = f"{s.ref.label} {s.ref.title}"
            flow.page.first_entry = flow.page.last_entry = flow.current
            flow.text([Run(f"{s.ref.label}   ", color=ACCENT), Run(s.ref.title)],
                      Style(size=13, bold=True), after=6)  # fmt: skip
            pos = 0
            for line in s.text.split("\n"):
                end = pos + len(line)
                if line.strip():
                    flow.text(_highlighted(line, pos, s.spans), TEXT, after=3)
                else:
                    flow.space(3)
                pos = end + 1

    # --- painting -----------------------------------------------------------------------------

    def paint(self, p: QPainter, writer: QPdfWriter) -> None:
        pages = self.flow.pages
        total = len(pages)
        header_font = self.fonts.font(7.5, sans=True, units_per_pt=PT)
        metrics = QFontMetricsF(header_font)
        for i, page in enumerate(pages):
            if i % 10 == 0:
                self._check(0.62 + 0.33 * i / total, f"Writing page {i + 1} of {total}…")
            if i:
                writer.newPage()
            for op in page.ops:
                op(p)
            if i:
                self._furniture(p, i, total, page, header_font, metrics)

    def _furniture(self, p: QPainter, i: int, total: int, page: Page, font, metrics) -> None:
        """Running header and footer."""
        flow = self.flow
        left, right = flow.left, flow.left + flow.width
        y = flow.top - 11 * _MM
        p.setFont(font)
        p.setPen(QColor(MUTED))
        title = metrics.elidedText(self.d.title, _elide_mode(), flow.width * 0.45)
        p.drawText(QPointF(left, y), title)
        section = _SECTION_TITLES.get(page.section, page.section)
        if page.first_entry:
            section = f"{section}  ·  {_running(page.first_entry, page.last_entry)}"
        section = metrics.elidedText(section, _elide_mode(), flow.width * 0.52)
        p.drawText(QPointF(right - metrics.horizontalAdvance(section), y), section)
        p.setPen(QPen(QColor(RULE), 0.5 * PT))
        p.drawLine(QLineF(left, y + 3 * PT, right, y + 3 * PT))
        footer = f"Page {i + 1} of {total}"
        fy = flow.bottom + 12 * _MM
        p.setPen(QColor(MUTED))
        p.drawText(QPointF((left + right - metrics.horizontalAdvance(footer)) / 2, fy), footer)


_SECTION_TITLES = {
    "timeline": "Timeline",
    "chronology": "Chronology",
    "sources": "List of sources",
    "texts": "Full texts",
}


def _running(first: str, last: str) -> str:
    """Header text for the entries on a page: "Nos. 12–15 · 1804 to 1815" (or a source)."""
    if "|" not in first:
        return first
    n0, d0 = first.split("|", 1)
    n1, d1 = (last or first).split("|", 1)
    if n0 == n1:
        return f"No. {n0}  ·  {d0}"
    return f"Nos. {n0}–{n1}  ·  {d0} to {d1}"


def _elide_mode():
    from PySide6.QtCore import Qt

    return Qt.TextElideMode.ElideRight


def _merge(frags: list[Fragment]) -> list[Fragment]:
    """Join fragments that touch on the same page (quote and citation), for one side rule."""
    out: list[Fragment] = []
    for f in frags:
        if out and out[-1].page == f.page and f.top - out[-1].bottom < 4 * PT:
            out[-1] = Fragment(f.page, out[-1].top, f.bottom)
        else:
            out.append(f)
    return out


def _highlighted(line: str, offset: int, spans: tuple[tuple[int, int], ...]) -> list[Run]:
    """A line of a source as runs, with the quoted passages on a highlight."""
    end = offset + len(line)
    runs: list[Run] = []
    pos = offset
    for a, b in spans:
        if b <= pos or a >= end:
            continue
        a, b = max(a, pos), min(b, end)
        if a > pos:
            runs.append(Run(line[pos - offset : a - offset]))
        runs.append(Run(line[a - offset : b - offset], background=HIGHLIGHT))
        pos = b
    if pos < end or not runs:
        runs.append(Run(line[pos - offset :]))
    return runs
