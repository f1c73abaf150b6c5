"""The detail pane: an event with the full text of every source that states it.

This is where a historian checks the machine's work, so each source is shown whole, as
stored (plain text, never rendered HTML), with the exact passage highlighted and scrolled
into view. Sources sit side by side so they can be compared; a source that contradicts the
event is marked in its own colour and the disagreement is spelled out.

Offsets: evidence spans count Python code points, Qt text positions count UTF-16 code units.
Every character outside the Basic Multilingual Plane (𝔄, most emoji) is one code point but two
units, so positions are shifted by the number of such characters before them (`Utf16Map`).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import StrEnum

import shiboken6
from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QKeyEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedLayout,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.domain.dates import HistDate, Precision
from timeline_desktop.domain.model import Event, Evidence, Source, Stance
from timeline_desktop.store.repository import Store
from timeline_desktop.ui import colors
from timeline_desktop.ui.colors import person_color
from timeline_desktop.ui.models.event_table import date_text
from timeline_desktop.ui.models.safe_text import tooltip
from timeline_desktop.ui.panes._style import (
    Chip,
    FlowLayout,
    muted,
    reading_font,
    scaled_font,
    tint,
)
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import TaskSlot

EMPTY_TEXT = "Select an event on the timeline or in the list to see its evidence"
SOURCE_MIN_WIDTH = 340
READING_COLUMN_CHARS = 96
_CACHE_SOURCES = 24
_CACHE_CHARS = 40_000_000
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
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


# --- text positions -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Utf16Map:
    """Converts code-point offsets of one text to Qt (UTF-16) positions, in O(log n)."""

    astral: tuple[int, ...] = ()  # code-point offsets of characters outside the BMP

    @classmethod
    def of(cls, text: str) -> Utf16Map:
        if text.isascii():
            return cls()
        return cls(tuple(m.start() for m in _ASTRAL.finditer(text)))

    def to_qt(self, offset: int) -> int:
        return offset + bisect_left(self.astral, offset) if self.astral else offset


def display_text(text: str) -> str:
    """The text as handed to Qt, with the same length: Qt would fold "\\r\\n" into one
    paragraph break and shift every later offset, so the "\\r" becomes an invisible space."""
    return text.replace("\r\n", " \n") if "\r" in text else text


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source with its full text and offset map, as cached by the pane."""

    source: Source
    utf16: Utf16Map

    @classmethod
    def of(cls, source: Source) -> SourceText:
        return cls(source, Utf16Map.of(source.text))


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


class PassageKind(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    MENTIONS = "mentions"
    HIT = "hit"  # a search result


@dataclass(frozen=True, slots=True)
class Passage:
    """A span [start, end) of a source text, in code points, and why it is highlighted."""

    start: int
    end: int
    kind: PassageKind


def passage_format(kind: PassageKind, palette: QPalette) -> QTextCharFormat:
    """How a passage looks: supporting yellow, contradicting red with a wavy underline (not
    only colour tells them apart), mentions a lighter yellow, search hits the selection hue."""
    fmt = QTextCharFormat()
    if kind == PassageKind.CONTRADICTS:
        fmt.setBackground(tint(QColor(colors.CONTRADICTS), 85))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor(colors.CONTRADICTS))
    elif kind == PassageKind.MENTIONS:
        fmt.setBackground(tint(QColor(colors.SUPPORTS), 55))
    elif kind == PassageKind.HIT:
        fmt.setBackground(tint(palette.color(QPalette.ColorRole.Highlight), 90))
    else:
        fmt.setBackground(tint(QColor(colors.SUPPORTS), 130))
    return fmt


# --- one source -----------------------------------------------------------------------------


class SourceTextView(QPlainTextEdit):
    """A read-only source text with highlighted passages, kept centred on the current one
    until the user scrolls (layout changes would otherwise leave it off screen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFont(reading_font(self.font()))
        self._char_width = self.fontMetrics().averageCharWidth()
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)  # the reading column's margins
        self.document().setDocumentMargin(12)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._utf16 = Utf16Map()
        self._passages: list[Passage] = []
        self._follow: Passage | None = None
        self.verticalScrollBar().actionTriggered.connect(self._on_scrollbar_action)

    def set_source(self, text: SourceText, passages: list[Passage]) -> None:
        self._utf16 = text.utf16
        self.setPlainText(display_text(text.source.text))
        self.set_passages(passages)

    def set_passages(self, passages: list[Passage]) -> None:
        """Highlight these spans (ignoring any outside the text) and centre on the first."""
        length = self.document().characterCount() - 1
        selections = []
        kept = []
        for p in passages:
            start, end = self._utf16.to_qt(p.start), self._utf16.to_qt(p.end)
            if not 0 <= start < end <= length:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self.text_cursor(p.start, p.end)
            selection.format = passage_format(p.kind, self.palette())
            selections.append(selection)
            kept.append(p)
        self._passages = kept
        self.setExtraSelections(selections)
        if kept:
            self.center_on(kept[0])

    @property
    def passages(self) -> list[Passage]:
        return list(self._passages)

    def text_cursor(self, start: int, end: int) -> QTextCursor:
        """A cursor selecting the code-point span [start, end)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._utf16.to_qt(start))
        cursor.setPosition(self._utf16.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def center_on(self, passage: Passage) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._utf16.to_qt(passage.start))
        self.setTextCursor(cursor)
        self._follow = passage
        self.centerCursor()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A reading column: lines of more than ~90 characters are hard to follow.
        bar = self.verticalScrollBar().sizeHint().width()
        spare = max(0, self.width() - bar - READING_COLUMN_CHARS * self._char_width)
        self.setViewportMargins(spare // 2, 0, spare - spare // 2, 0)
        if self._follow is not None:
            self.centerCursor()

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._follow = None
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._follow = None
        super().keyPressEvent(event)

    def _on_scrollbar_action(self, _action: int) -> None:
        self._follow = None


class SourcePanel(QFrame):
    """One source: its title, file and link, what it says about the event, its full text."""

    def __init__(
        self,
        text: SourceText,
        passages: list[Passage],
        claims: list[tuple[str, PassageKind]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        source = text.source
        self.source_id = source.id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(SOURCE_MIN_WIDTH)
        self._current = 0

        title = source.title or source.file_name
        self.title_label = _plain_label(title)
        self.title_label.setFont(scaled_font(self.font(), 1.08, bold=True))
        self.title_label.setWordWrap(True)
        # at most two lines: the text below matters more than a long title
        self.title_label.setMaximumHeight(2 * self.title_label.fontMetrics().lineSpacing() + 2)
        self.title_label.setToolTip(tooltip(f"{title}\n{source.path}"))

        meta = QHBoxLayout()
        meta.setSpacing(10)
        self.file_label = muted(_plain_label(f"{source.file_name} · {source.format}"))
        self.file_label.setToolTip(tooltip(source.path))
        meta.addWidget(self.file_label)
        self.url_label: QLabel | None = None
        if source.url:
            self.url_label = _link_label(source.url)
            meta.addWidget(self.url_label, 1)
        else:
            meta.addStretch(1)

        self.claim_labels: list[QLabel] = []
        for sentence, kind in claims:
            label = _plain_label(sentence)
            label.setWordWrap(True)
            if kind == PassageKind.CONTRADICTS:
                label.setText(f"⚠ {sentence}")
                label.setStyleSheet(f"color: {colors.CONTRADICTS}; font-weight: 600;")
            self.claim_labels.append(label)

        self.editor = SourceTextView()
        self.editor.set_source(text, passages)

        self.nav_label = muted(QLabel())
        self.prev_button = _nav_button("‹", "Previous passage")
        self.next_button = _nav_button("›", "Next passage")
        self.prev_button.clicked.connect(lambda: self.show_passage(self._current - 1))
        self.next_button.clicked.connect(lambda: self.show_passage(self._current + 1))
        nav = QHBoxLayout()
        nav.setSpacing(4)
        nav.addWidget(self.nav_label, 1)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        many = len(self.editor.passages) > 1
        for widget in (self.nav_label, self.prev_button, self.next_button):
            widget.setVisible(many)
        if not self.editor.passages and passages:
            self.nav_label.setText("The passage lies outside this text.")
            self.nav_label.setVisible(True)

        head = QVBoxLayout()
        head.setContentsMargins(12, 10, 12, 8)
        head.setSpacing(4)
        head.addWidget(self.title_label)
        head.addLayout(meta)
        for label in self.claim_labels:
            head.addWidget(label)
        head.addLayout(nav)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addLayout(head)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.editor, 1)
        self.show_passage(0)

    def show_passage(self, index: int) -> None:
        passages = self.editor.passages
        if not passages:
            return
        self._current = index % len(passages)
        self.editor.center_on(passages[self._current])
        self.nav_label.setText(f"Passage {self._current + 1} of {len(passages)}")


def _plain_label(text: str) -> QLabel:
    """A label that never interprets imported text as HTML."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _link_label(url: str) -> QLabel:
    """A link that opens in the browser only when clicked (web addresses only)."""
    label = QLabel(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(False)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.LinksAccessibleByMouse
        | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    label.setToolTip(tooltip(f"Open {url} in the browser"))
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.linkActivated.connect(open_link)
    return label


def open_link(href: str) -> bool:
    url = QUrl(href)
    if url.scheme().lower() not in ("http", "https"):
        return False
    return QDesktopServices.openUrl(url)


def _nav_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


# --- the pane -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Loaded:
    """What a background load returns: the event (or None) and the sources not cached yet."""

    event: Event | None = None
    person_ids: dict[str, int] | None = None  # name -> id when it was (re)loaded
    sources: dict[int, SourceText] = field(default_factory=dict)
    missing: set[int] = field(default_factory=set)


class DetailPane(QWidget):
    """The selected event (first of `state.selection`) with its sources side by side.

    `sig_shown()` is emitted whenever new content is in place (an event, a source passage or
    the empty state), which is what tests and screenshots wait for.
    """

    sig_shown = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._slot = TaskSlot()
        self._cache: OrderedDict[int, SourceText] = OrderedDict()
        self._event: Event | None = None
        self._source_request: tuple[int, int, int] | None = None
        self._panels: list[SourcePanel] = []
        self._person_ids: dict[str, int] | None = None

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
        content.addWidget(self.header)
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
        top = QHBoxLayout()
        top.addWidget(self.kicker_label)
        top.addStretch(1)
        top.addWidget(self.more_label)
        top.addWidget(self.back_button)

        self.title_label = _plain_label("")
        self.title_label.setFont(scaled_font(self.font(), 1.45, bold=True))
        self.title_label.setWordWrap(True)
        self.date_label = _plain_label("")
        self.date_label.setFont(scaled_font(self.font(), 1.1))
        self.summary_label = muted(_plain_label(""))
        self.summary_label.setWordWrap(True)

        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(12)
        self.facts.setVerticalSpacing(6)
        self.facts.setColumnStretch(1, 1)
        self.people_flow = FlowLayout()
        self.places_flow = FlowLayout()
        self.stated_label = _plain_label("")
        self.stated_label.setWordWrap(True)
        self.stated_label.setTextFormat(Qt.TextFormat.RichText)  # built from escaped parts
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

        layout = QVBoxLayout(self.header)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.title_label)
        layout.addWidget(self.date_label)
        layout.addWidget(self.summary_label)
        layout.addSpacing(6)
        layout.addLayout(self.facts)

    def _build_evidence_area(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(8)
        self.no_evidence_label = muted(QLabel())
        self.no_evidence_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_evidence_label.setWordWrap(True)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.no_evidence_label, 1)
        self.evidence_area = QScrollArea()
        self.evidence_area.setWidget(holder)
        self.evidence_area.setWidgetResizable(True)
        self.evidence_area.setFrameShape(QFrame.Shape.NoFrame)
        self.evidence_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.evidence_area.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)

    # --- public API ---------------------------------------------------------------------------

    @property
    def event(self) -> Event | None:
        """The event shown (None in the empty state or while showing a search hit)."""
        return self._event

    def is_empty(self) -> bool:
        return self._stack.currentIndex() == 0

    def source_panels(self) -> list[SourcePanel]:
        return list(self._panels)

    def people_chips(self) -> list[Chip]:
        return _chips(self.people_flow)

    def place_chips(self) -> list[Chip]:
        return _chips(self.places_flow)

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
            self._show_empty(f"Could not load the evidence: {exc}")

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
        self._event = event
        more = len(self.state.selection) - 1
        self.kicker_label.setText("EVENT")
        self.more_label.setText(f"and {more:,} more selected" if more > 0 else "")
        self.back_button.hide()
        self.title_label.setText(event.title)
        self.date_label.setText(date_with_precision(event))
        self.date_label.show()
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
            passages = [Passage(e.start, e.end, PassageKind(e.stance.value)) for e in evidence]
            claims = list(
                dict.fromkeys((claim(event, e), PassageKind(e.stance.value)) for e in evidence)
            )
            self._add_panel(SourcePanel(text, passages, claims))
        if not event.evidence:
            self.no_evidence_label.setText(
                "No source passage is attached to this event yet"
                + (" (it was entered by hand)." if event.origin == "user" else ".")
            )
        elif not self._panels:
            self.no_evidence_label.setText("The sources of this event could not be loaded.")
        self._finish_panels()

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
        self.title_label.setText(f"“{snippet}”" if snippet else "A source")
        self.date_label.hide()
        self.summary_label.hide()
        for key in self._fact_rows:
            self._set_fact(key, False)
        self._clear_panels()
        passages = [Passage(start, end, PassageKind.HIT)] if start < end else []
        self._add_panel(SourcePanel(text, passages, []))
        self._finish_panels()

    def _add_panel(self, panel: SourcePanel) -> None:
        self._panels.append(panel)
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(self.splitter.count() - 1, 1)

    def _finish_panels(self) -> None:
        has_panels = bool(self._panels)
        self.splitter.setVisible(has_panels)
        self.no_evidence_label.setVisible(not has_panels)
        if has_panels:
            self.splitter.setSizes([1000] * len(self._panels))
        self._stack.setCurrentIndex(1)
        self.evidence_area.horizontalScrollBar().setValue(0)
        self.sig_shown.emit()

    def _clear_panels(self) -> None:
        for panel in self._panels:
            panel.hide()
            panel.setParent(None)
            panel.deleteLater()
        self._panels = []

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


# --- helpers --------------------------------------------------------------------------------


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
    """One line per source: its title and the date it gives (contradictions in red)."""
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
        lines.append(f"<b>{', '.join(dict.fromkeys(parts))}</b> — {html.escape(title)}")
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
    "stated_label",
]
