"""The detail pane: an event with the full text of every source that states it.

This is where a historian checks the machine's work, so each source is shown whole, as
stored (plain text, never rendered HTML), with the exact passage highlighted and scrolled
into view. Each source has a tab of its own, so its text gets the pane's full height even on
a small screen; a source that contradicts the event is marked in its own colour and the
disagreement is spelled out. It is also where the user corrects the event: edit it, make a
new event from a selected passage, attach a passage, detach one or change its stance. The
pane only asks for these (its `sig_*` signals); the curation controller does them.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedLayout,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.domain.dates import HistDate, Precision
from timeline_desktop.domain.model import Event, Evidence, Stance
from timeline_desktop.extract.rulebook import found_by
from timeline_desktop.failures import explain
from timeline_desktop.store.repository import Store
from timeline_desktop.ui import colors
from timeline_desktop.ui.colors import person_color
from timeline_desktop.ui.models.event_table import date_text
from timeline_desktop.ui.panes._style import Chip, FlowLayout, muted, scaled_font
from timeline_desktop.ui.panes.source_view import (
    READING_COLUMN_CHARS,
    SOURCE_MIN_WIDTH,
    Passage,
    PassageKind,
    SourcePanel,
    SourceText,
    SourceTextView,
    Utf16Map,
    display_text,
    open_link,
    passage_format,
    plain_label,
)
from timeline_desktop.ui.search import find_all
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import TaskSlot
from timeline_desktop.ui.versions import add_version_bar, current_and_gone

EMPTY_TEXT = "Select an event on the timeline or in the list to see its evidence"
SHORT_PANE_PX = 560  # below this height the event's summary and facts start folded
HEADER_SHARE = 0.42  # the most of the pane's height the event's header may take
TAB_TITLE_CHARS = 28
_CACHE_SOURCES = 24
_CACHE_CHARS = 40_000_000
_PRECISION_WORDS = {
    Precision.DAY: "day",
    Precision.MONTH: "month",
    Precision.SEASON: "season",
    Precision.YEAR: "year",
    Precision.DECADE: "decade",
    Precision.CENTURY: "century",
    Precision.MILLENNIUM: "millennium",
}
_STANCE_ORDER = {Stance.SUPPORTS: 0, Stance.CONTRADICTS: 1, Stance.MENTIONS: 2}
STANCE_ACTIONS = (
    (Stance.SUPPORTS, "Supporting the Event"),
    (Stance.CONTRADICTS, "Contradicting the Event"),
    (Stance.MENTIONS, "Only Mentioning the Event"),
)


# --- wording --------------------------------------------------------------------------------


def stated_label(date_as_stated: str) -> str:
    """A source's date in words: stored ISO forms become labels, prose stays as written."""
    text = date_as_stated.strip()
    try:
        return HistDate.parse_iso(text).label()
    except ValueError:
        return text


def date_with_precision(event: Event) -> str:
    """ "13 September 1953 (day)", "c. 1455 (year, approximate)", "1936 – 1938 (year)"."""
    word = _PRECISION_WORDS[event.start.precision]
    if event.start.approximate or (event.end is not None and event.end.approximate):
        word += ", approximate"
    return f"{date_text(event)} ({word})"


def claim(event: Event, evidence: Evidence) -> str:
    """What one passage says about the event, in a sentence."""
    stated = stated_label(evidence.date_as_stated)
    if evidence.stance == Stance.CONTRADICTS:
        if stated:
            return f"This source dates it to {stated}, against {date_text(event)}."
        return f"This source contradicts the event as dated ({date_text(event)})."
    if evidence.stance == Stance.MENTIONS:
        return "This source mentions the event" + (f" ({stated})." if stated else ".")
    return f"This source gives {stated}." if stated else "This source states the event."


def provenance(event: Event) -> str:
    """Where the event comes from, in words: what the user changed is named."""
    if event.rejected:
        return "Rejected by you: hidden everywhere (restore it from the Edit menu)"
    if event.origin == "manual":
        return "Made by you"
    if event.origin == "imported":
        return "Imported: stated outright by a timeline or chronology"
    if event.origin == "edited":
        fields = ", ".join(event.edited_fields)
        return f"Found by the extractor, edited by you ({fields})" if fields else "Edited by you"
    return "Found by the extractor"


def tab_title(title: str) -> str:
    """A source title short enough for a tab, cut in the middle so similar titles differ."""
    if len(title) <= TAB_TITLE_CHARS:
        return title
    head = TAB_TITLE_CHARS * 2 // 3
    return f"{title[:head].rstrip()}…{title[-(TAB_TITLE_CHARS - head - 1) :].lstrip()}"


# --- the pane -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Loaded:
    """What a background load returns: the event (or None) and the sources not cached yet."""

    event: Event | None = None
    person_ids: dict[str, int] | None = None  # name -> id when it was (re)loaded
    sources: dict[int, SourceText] = field(default_factory=dict)
    missing: set[int] = field(default_factory=set)


class DetailPane(QWidget):
    """The selected event (first of `state.selection`) with a tab per source.

    `sig_shown()` is emitted whenever new content is in place (an event, a source passage or
    the empty state), which is what tests and screenshots wait for. The other signals ask for
    corrections: editing the event, a new event from a passage (source id, start, end),
    attaching a passage (event id, source id, start, end, stance), detaching evidence,
    changing its stance, splitting it off into an event of its own.
    """

    sig_shown = Signal()
    sig_edit_event = Signal(int)
    sig_new_event_from_passage = Signal(int, int, int)
    sig_attach_passage = Signal(int, int, int, int, object)
    sig_detach_evidence = Signal(int)
    sig_set_stance = Signal(int, object)
    sig_split_evidence = Signal(int, int)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._slot = TaskSlot()
        self._cache: OrderedDict[int, SourceText] = OrderedDict()
        self._event: Event | None = None
        self._source_request: tuple[int, int, int] | None = None
        self._panels: list[SourcePanel] = []
        self._person_ids: dict[str, int] | None = None
        self._collapsed = False
        self._user_collapsed: bool | None = None  # None: follow the pane's height
        self._search = ""  # words to mark in the source texts
        self._show_rules = False  # "Found by" unfolded: stays so from event to event

        self.empty_label = muted(QLabel(EMPTY_TEXT))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setFont(scaled_font(self.font(), 1.15))
        self.empty_label.setContentsMargins(24, 24, 24, 24)

        self._content = QWidget()
        self._build_header()
        self._build_evidence_area()
        content = QVBoxLayout(self._content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(0)
        content.addWidget(self.header_area)
        content.addWidget(self.evidence_area, 1)

        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self._content)

        state.sig_selection_changed.connect(self._on_state_selection_changed)
        state.sig_source_requested.connect(self.show_source)
        state.sig_data_changed.connect(self._on_state_data_changed)
        if state.selection:
            self._on_state_selection_changed(state.selection)

    # --- construction -------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.header = QWidget()
        self.header.setAutoFillBackground(True)
        self.header.setBackgroundRole(QPalette.ColorRole.Base)
        self.kicker_label = muted(QLabel())
        self.kicker_label.setFont(scaled_font(self.font(), 0.85, bold=True))
        self.more_label = muted(QLabel())
        self.more_label.setFont(scaled_font(self.font(), 0.9))
        self.back_button = QPushButton("Back to the selected event")
        self.back_button.setFlat(True)
        self.back_button.clicked.connect(lambda: self._load_event(self.state.selection))
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit this event's title, date, people and places (F2)")
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.collapse_button = QToolButton()
        self.collapse_button.setAutoRaise(True)
        self.collapse_button.setToolTip("Show less of the event, more of the sources")
        self.collapse_button.clicked.connect(lambda: self.set_collapsed(not self._collapsed))
        top = QHBoxLayout()
        top.addWidget(self.kicker_label)
        top.addStretch(1)
        top.addWidget(self.more_label)
        top.addWidget(self.back_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.collapse_button)

        self.title_label = plain_label("")
        self.title_label.setFont(scaled_font(self.font(), 1.45, bold=True))
        self.title_label.setWordWrap(True)
        self.date_label = plain_label("")
        self.date_label.setFont(scaled_font(self.font(), 1.1))
        self.provenance_label = muted(plain_label(""))
        self.provenance_label.setFont(scaled_font(self.font(), 0.9))
        self.provenance_label.setWordWrap(True)
        self.summary_label = muted(plain_label(""))
        self.summary_label.setWordWrap(True)

        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(12)
        self.facts.setVerticalSpacing(6)
        self.facts.setColumnStretch(1, 1)
        self.people_flow = FlowLayout()
        self.places_flow = FlowLayout()
        self.stated_label = QLabel("")
        self.stated_label.setWordWrap(True)
        self.stated_label.setTextFormat(Qt.TextFormat.RichText)  # built from escaped parts
        self.stated_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.stated_label.linkActivated.connect(self._on_stated_link)
        self._fact_rows: dict[str, tuple[QLabel, QWidget]] = {}
        for row, (key, title, body) in enumerate(
            (
                ("people", "People", _holder(self.people_flow)),
                ("places", "Places", _holder(self.places_flow)),
                ("stated", "In the sources", self.stated_label),
            )
        ):
            caption = muted(QLabel(title))
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.facts.addWidget(caption, row, 0)
            self.facts.addWidget(body, row, 1)
            self._fact_rows[key] = (caption, body)
        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(4)
        details.addWidget(self.summary_label)
        details.addSpacing(4)
        details.addLayout(self.facts)

        layout = QVBoxLayout(self.header)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.title_label)
        layout.addWidget(self.date_label)
        layout.addWidget(self.provenance_label)
        layout.addWidget(self.details)
        # the event's header never takes the sources' room: past a share of the pane it scrolls
        self.header_area = QScrollArea()
        self.header_area.setWidget(self.header)
        self.header_area.setWidgetResizable(True)
        self.header_area.setFrameShape(QFrame.Shape.NoFrame)
        self.header_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.set_collapsed(False)

    def _build_evidence_area(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)  # titles are shortened by us
        self.no_evidence_label = muted(QLabel())
        self.no_evidence_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_evidence_label.setWordWrap(True)
        self.evidence_area = QWidget()
        layout = QVBoxLayout(self.evidence_area)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.no_evidence_label, 1)

    # --- public API ---------------------------------------------------------------------------

    @property
    def event(self) -> Event | None:
        """The event shown (None in the empty state or while showing a search hit)."""
        return self._event

    def is_empty(self) -> bool:
        return self._stack.currentIndex() == 0

    def source_panels(self) -> list[SourcePanel]:
        return list(self._panels)

    def current_panel(self) -> SourcePanel | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, SourcePanel) else None

    def show_source_tab(self, source_id: int) -> None:
        for panel in self._panels:
            if panel.source_id == source_id:
                self.tabs.setCurrentWidget(panel)
                return

    def people_chips(self) -> list[Chip]:
        return _chips(self.people_flow)

    def place_chips(self) -> list[Chip]:
        return _chips(self.places_flow)

    def set_search_terms(self, query: str) -> None:
        """Mark where the search occurs in every source shown (empty: no marks)."""
        self._search = query
        if not query and self._source_request is not None:
            self._load_event(self.state.selection)  # the search result goes with the search
            return
        for panel in self._panels:
            self._mark_hits(panel)

    def _mark_hits(self, panel: SourcePanel) -> None:
        hits = find_all(panel.source.text, self._search) if self._search else []
        panel.editor.set_hits(hits)

    def set_collapsed(self, collapsed: bool, by_user: bool = True) -> None:
        """Fold the summary and facts away, leaving title and date, for more source text.

        Short panes start folded; once the user folds or unfolds, that choice stays.
        """
        if by_user:
            self._user_collapsed = collapsed
        self._collapsed = collapsed
        self.details.setVisible(not collapsed)
        self.collapse_button.setText("▾ More" if collapsed else "▴ Less")
        self._fit_header()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._user_collapsed is None:
            short = self.height() < SHORT_PANE_PX
            if short != self._collapsed:
                self.set_collapsed(short, by_user=False)
        self._fit_header()

    def _fit_header(self) -> None:
        """The header's height: what its content needs, at most a share of the pane."""
        if not hasattr(self, "header_area"):
            return
        width = max(self.header_area.viewport().width(), 200)
        layout = self.header.layout()
        need = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        if need < 0:
            need = self.header.sizeHint().height()
        cap = max(int(self.height() * HEADER_SHARE), 90)
        self.header_area.setFixedHeight(min(need, cap))

    def is_collapsed(self) -> bool:
        return self._collapsed

    def show_source(self, source_id: int, start: int, end: int) -> None:
        """Show one source with [start, end) highlighted (a search hit inside it)."""
        self._source_request = (source_id, start, end)
        store, cached = self.state.store, frozenset(self._cache)

        def load() -> _Loaded:
            loaded = _Loaded()
            _load_sources(store, [source_id], cached, loaded)
            return loaded

        self._slot.run(load, self._source_arrived, self._failed)

    # --- loading ------------------------------------------------------------------------------

    def _on_state_selection_changed(self, ids: tuple[int, ...]) -> None:
        self._load_event(ids)

    def _on_state_data_changed(self) -> None:
        self._cache.clear()
        self._person_ids = None
        if self._source_request is not None:
            self.show_source(*self._source_request)
        else:
            self._load_event(self.state.selection)

    def _load_event(self, ids: tuple[int, ...]) -> None:
        self._source_request = None
        if not ids:
            self._slot.run(lambda: None, lambda _: self._show_empty(EMPTY_TEXT))
            return
        event_id = ids[0]
        store, cached, people = self.state.store, frozenset(self._cache), self._person_ids

        def load() -> _Loaded:
            loaded = _Loaded()
            try:
                loaded.event = store.event(event_id)
            except KeyError:
                return loaded
            if people is None:  # once per data change: names to ids for the chip colours
                loaded.person_ids = {}
                for person in store.people():
                    loaded.person_ids.setdefault(person.name, person.id)
            order = _ordered_sources(loaded.event.evidence)
            _load_sources(store, order, cached, loaded)
            return loaded

        self._slot.run(load, self._event_arrived, self._failed)

    def _remember(self, loaded: _Loaded) -> None:
        for sid, text in loaded.sources.items():
            self._cache[sid] = text
        while len(self._cache) > _CACHE_SOURCES or (
            len(self._cache) > 1
            and sum(len(t.source.text) for t in self._cache.values()) > _CACHE_CHARS
        ):
            self._cache.popitem(last=False)

    def _source_text(self, source_id: int, loaded: _Loaded) -> SourceText | None:
        text = loaded.sources.get(source_id) or self._cache.get(source_id)
        if text is not None and source_id in self._cache:
            self._cache.move_to_end(source_id)
        return text

    def _failed(self, exc: Exception) -> None:
        if shiboken6.isValid(self):
            self._show_empty(f"Could not load the evidence: {explain(exc)}")

    # --- showing ------------------------------------------------------------------------------

    def _show_empty(self, text: str) -> None:
        if not shiboken6.isValid(self):
            return
        self._event = None
        self._clear_panels()
        self.empty_label.setText(text)
        self._stack.setCurrentIndex(0)
        self.sig_shown.emit()

    def _event_arrived(self, loaded: _Loaded) -> None:
        if not shiboken6.isValid(self):
            return
        event = loaded.event
        if event is None:
            self._show_empty("This event is no longer in the database.")
            return
        self._remember(loaded)
        if loaded.person_ids is not None:
            self._person_ids = loaded.person_ids
        person_ids = self._person_ids or {}
        same_event = self._event is not None and self._event.id == event.id
        keep_tab = self._current_source_id() if same_event else None
        self._event = event
        more = len(self.state.selection) - 1
        self.kicker_label.setText("REJECTED EVENT" if event.rejected else "EVENT")
        self.more_label.setText(f"and {more:,} more selected" if more > 0 else "")
        self.back_button.hide()
        self.edit_button.show()
        self.collapse_button.show()
        self.title_label.setText(event.title)
        self.date_label.setText(date_with_precision(event))
        self.date_label.show()
        self.provenance_label.setText(provenance(event))
        self.provenance_label.show()
        summary = event.summary.strip()
        self.summary_label.setText(summary)
        self.summary_label.setVisible(bool(summary) and summary != event.title)
        _fill_chips(
            self.people_flow,
            [(name, person_color(person_ids.get(name, 0))) for name in event.people],
        )
        _fill_chips(self.places_flow, [(place, None) for place in event.places])
        self._set_fact("people", bool(event.people))
        self._set_fact("places", bool(event.places))

        by_source: dict[int, list[Evidence]] = {}
        for evidence in event.evidence:
            by_source.setdefault(evidence.source_id, []).append(evidence)
        order = _ordered_sources(event.evidence)
        texts = {sid: self._source_text(sid, loaded) for sid in order}
        self.stated_label.setText(_stated_html(order, by_source, texts))
        self._set_fact("stated", bool(order))

        self._clear_panels()
        for sid in order:
            text = texts[sid]
            if text is None:
                continue
            evidence = sorted(by_source[sid], key=lambda e: (_STANCE_ORDER[e.stance], e.start))
            current, gone = current_and_gone(evidence)  # gone: only in an earlier version
            passages = [
                Passage(e.start, e.end, PassageKind(e.stance.value), e.id) for e in current
            ]
            claims = list(
                dict.fromkeys((claim(event, e), PassageKind(e.stance.value)) for e in evidence)
            )
            against = any(e.stance == Stance.CONTRADICTS for e in evidence) and not any(
                e.stance == Stance.SUPPORTS for e in evidence
            )
            panel = SourcePanel(text, passages, claims)
            add_version_bar(panel, gone, lambda: self.state.store)
            panel.set_found_by(
                [_found_by_line(e, event.origin, len(evidence) > 1) for e in evidence]
            )
            panel.show_found_by(self._show_rules)
            panel.found_button.toggled.connect(self._remember_rules_shown)
            self._add_panel(panel, against)
        if not event.evidence:
            self.no_evidence_label.setText(
                "No source passage is attached to this event yet. Select a passage in a "
                "source and choose “Attach Selection” to give it evidence."
            )
        elif not self._panels:
            self.no_evidence_label.setText("The sources of this event could not be loaded.")
        self._finish_panels()
        if keep_tab is not None:
            self.show_source_tab(keep_tab)
        self._fit_header()

    def _source_arrived(self, loaded: _Loaded) -> None:
        if not shiboken6.isValid(self) or self._source_request is None:
            return
        self._remember(loaded)
        source_id, start, end = self._source_request
        text = self._source_text(source_id, loaded)
        if text is None:
            self._show_empty("This source is no longer in the database.")
            return
        self._event = None
        snippet = " ".join(text.source.text[start:end].split())
        if len(snippet) > 80:
            snippet = snippet[:79].rstrip() + "…"
        self.kicker_label.setText("SEARCH RESULT")
        self.more_label.setText("")
        self.back_button.setVisible(bool(self.state.selection))
        self.edit_button.hide()
        self.collapse_button.hide()
        self.title_label.setText(f"“{snippet}”" if snippet else "A source")
        self.date_label.hide()
        self.provenance_label.hide()
        self.summary_label.hide()
        for key in self._fact_rows:
            self._set_fact(key, False)
        self._clear_panels()
        passages = [Passage(start, end, PassageKind.HIT)] if start < end else []
        self._add_panel(SourcePanel(text, passages, []), False)
        self._finish_panels()
        self._fit_header()

    def _add_panel(self, panel: SourcePanel, against: bool) -> None:
        self._panels.append(panel)
        source = panel.source
        title = source.title or source.file_name
        index = self.tabs.addTab(panel, ("⚠ " if against else "") + tab_title(title))
        self.tabs.setTabToolTip(index, f"{title}\n{source.file_name}")
        if against:
            self.tabs.tabBar().setTabTextColor(index, QColor(colors.CONTRADICTS))
        panel.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel.editor.customContextMenuRequested.connect(
            lambda pos, p=panel: self._show_source_menu(p, pos)
        )
        panel.new_event_button.clicked.connect(lambda _=False, p=panel: self._new_from(p))
        panel.attach_button.setMenu(self._stance_menu(panel))
        if self._search and self._event is not None:
            self._mark_hits(panel)

    def _finish_panels(self) -> None:
        has_panels = bool(self._panels)
        self.tabs.setVisible(has_panels)
        self.no_evidence_label.setVisible(not has_panels)
        self.tabs.tabBar().setVisible(len(self._panels) > 1)
        if has_panels:
            self.tabs.setCurrentIndex(0)
        self._stack.setCurrentIndex(1)
        self.sig_shown.emit()

    def _clear_panels(self) -> None:
        self.tabs.clear()
        for panel in self._panels:
            panel.hide()
            panel.setParent(None)
            panel.deleteLater()
        self._panels = []

    def _current_source_id(self) -> int | None:
        panel = self.current_panel()
        return panel.source_id if panel is not None else None

    def _set_fact(self, key: str, visible: bool) -> None:
        caption, body = self._fact_rows[key]
        caption.setVisible(visible)
        body.setVisible(visible)

    def changeEvent(self, event: QEvent) -> None:
        """Re-tint highlights when the palette switches between light and dark."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for panel in self._panels:
                panel.editor.set_passages(panel.editor.passages)

    # --- corrections (asked for here, done by the curation controller) ------------------------

    def target_event_id(self) -> int | None:
        """The event a passage would be attached to: the one shown, else the selected one."""
        if self._event is not None:
            return self._event.id
        return self.state.selection[0] if self.state.selection else None

    def _remember_rules_shown(self, shown: bool) -> None:
        self._show_rules = shown

    def _on_edit_clicked(self) -> None:
        if self._event is not None:
            self.sig_edit_event.emit(self._event.id)

    def _on_stated_link(self, href: str) -> None:
        if href.startswith("source:"):
            self.show_source_tab(int(href.removeprefix("source:")))
        else:
            open_link(href)

    def _new_from(self, panel: SourcePanel) -> None:
        span = panel.editor.selected_span()
        if span is not None:
            self.sig_new_event_from_passage.emit(panel.source_id, *span)

    def _attach_from(self, panel: SourcePanel, stance: Stance) -> None:
        span, event_id = panel.editor.selected_span(), self.target_event_id()
        if span is not None and event_id is not None:
            self.sig_attach_passage.emit(event_id, panel.source_id, span[0], span[1], stance)

    def _stance_menu(self, panel: SourcePanel) -> QMenu:
        menu = QMenu(panel)
        for stance, label in STANCE_ACTIONS:
            menu.addAction(f"As {label}", lambda s=stance, p=panel: self._attach_from(p, s))
        return menu

    def source_menu(self, panel: SourcePanel, pos: QPoint) -> QMenu:
        """The right-click menu of a source text: Copy and Select All, then corrections."""
        editor = panel.editor
        menu = editor.createStandardContextMenu(pos)
        span = editor.selected_span()
        passage = editor.passage_at(editor.cursorForPosition(pos))
        event_id = self.target_event_id()
        menu.addSeparator()
        new = menu.addAction("New Event from Selection…", lambda: self._new_from(panel))
        new.setEnabled(span is not None)
        attach = menu.addMenu("Attach Selection to This Event")
        for stance, label in STANCE_ACTIONS:
            attach.addAction(f"As {label}", lambda s=stance: self._attach_from(panel, s))
        attach.setEnabled(span is not None and event_id is not None)
        if passage is not None and passage.evidence_id is not None and self._event is not None:
            evidence_id, shown = passage.evidence_id, self._event.id
            menu.addSeparator()
            stance_menu = menu.addMenu("This Passage Is")
            for stance, label in STANCE_ACTIONS:
                action = stance_menu.addAction(
                    label, lambda s=stance: self.sig_set_stance.emit(evidence_id, s)
                )
                action.setCheckable(True)
                action.setChecked(passage.kind.value == stance.value)
            split = menu.addAction(
                "Split This Passage Off into a New Event",
                lambda: self.sig_split_evidence.emit(shown, evidence_id),
            )
            split.setEnabled(len(self._event.evidence) > 1)
            menu.addAction(
                "Detach This Passage from the Event",
                lambda: self.sig_detach_evidence.emit(evidence_id),
            )
        return menu

    def _show_source_menu(self, panel: SourcePanel, pos: QPoint) -> None:
        menu = self.source_menu(panel, pos)
        menu.exec(panel.editor.viewport().mapToGlobal(pos))
        menu.deleteLater()


# --- helpers --------------------------------------------------------------------------------


def _found_by_line(evidence: Evidence, origin: str, numbered: bool) -> str:
    """Why a passage is evidence: the extractor's rules, a row of a timeline, or the user."""
    if evidence.rules:
        what = found_by(evidence.rules)
    elif origin == "imported":
        what = "a row of an imported timeline or chronology"
    elif origin in ("manual", "edited"):
        what = "attached by you"
    else:
        what = "found before rules were recorded (re-extract to see them)"
    return (
        f"{_STANCE_WORD[evidence.stance]} “{_clip(evidence.quote)}”: {what}" if numbered else what
    )


_STANCE_WORD = {
    Stance.SUPPORTS: "Supports",
    Stance.CONTRADICTS: "Contradicts",
    Stance.MENTIONS: "Mentions",
}


def _clip(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ordered_sources(evidence: tuple[Evidence, ...]) -> list[int]:
    """Source ids: those supporting the event first, then contradicting, then mentioning."""
    best: dict[int, tuple[int, int]] = {}
    for e in evidence:
        key = (_STANCE_ORDER[e.stance], e.id)
        if e.source_id not in best or key < best[e.source_id]:
            best[e.source_id] = key
    return sorted(best, key=best.__getitem__)


def _load_sources(
    store: Store, source_ids: list[int], cached: frozenset[int], loaded: _Loaded
) -> None:
    """Runs on a worker thread: full texts of the sources not cached yet."""
    for sid in source_ids:
        if sid in cached:
            continue
        try:
            loaded.sources[sid] = SourceText.of(store.source(sid))
        except KeyError:
            loaded.missing.add(sid)


def _stated_html(
    order: list[int],
    by_source: dict[int, list[Evidence]],
    texts: dict[int, SourceText | None],
    limit: int = 6,
) -> str:
    """One line per source: the date it gives (contradictions in red) and its title, which
    links to the source's tab."""
    lines = []
    for sid in order[:limit]:
        text = texts.get(sid)
        title = (text.source.title or text.source.file_name) if text else f"Source {sid}"
        if len(title) > 60:
            title = title[:57].rstrip() + "…"
        parts = []
        for e in by_source[sid]:
            stated = html.escape(stated_label(e.date_as_stated) or "—")
            if e.stance == Stance.CONTRADICTS:
                stated = f"<span style='color:{colors.CONTRADICTS}'>⚠ {stated} (contradicts)</span>"
            elif e.stance == Stance.MENTIONS:
                stated = f"{stated} (mentions)"
            parts.append(stated)
        lines.append(
            f"<b>{', '.join(dict.fromkeys(parts))}</b> — "
            f"<a href='source:{sid}'>{html.escape(title)}</a>"
        )
    if len(order) > limit:
        lines.append(f"and {len(order) - limit} more sources")
    return "<br>".join(lines)


def _holder(layout: FlowLayout) -> QWidget:
    widget = QWidget()
    widget.setLayout(layout)
    return widget


def _fill_chips(flow: FlowLayout, items: list[tuple[str, QColor | None]]) -> None:
    holder = flow.parentWidget()
    while flow.count():
        item = flow.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
    for text, color in items:
        chip = Chip(text, color, holder)
        chip.setTextFormat(Qt.TextFormat.PlainText)
        flow.addWidget(chip)
        chip.show()
    flow.invalidate()


def _chips(flow: FlowLayout) -> list[Chip]:
    found = []
    for i in range(flow.count()):
        item = flow.itemAt(i)
        widget = item.widget() if item is not None else None
        if isinstance(widget, Chip):
            found.append(widget)
    return found


__all__ = [
    "EMPTY_TEXT",
    "READING_COLUMN_CHARS",
    "SOURCE_MIN_WIDTH",
    "DetailPane",
    "Passage",
    "PassageKind",
    "SourcePanel",
    "SourceText",
    "SourceTextView",
    "Utf16Map",
    "claim",
    "date_with_precision",
    "display_text",
    "open_link",
    "passage_format",
    "provenance",
    "stated_label",
]
