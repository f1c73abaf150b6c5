"""One source's full text with passages highlighted: the reading half of the Evidence pane.

Offsets: evidence spans count Python code points, Qt text positions count UTF-16 code units.
Every character outside the Basic Multilingual Plane (𝔄, most emoji) is one code point but two
units, so positions are shifted by the number of such characters before them (`Utf16Map`).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt, QUrl
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
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.domain.model import Source
from timeline_desktop.ui import colors
from timeline_desktop.ui.models.safe_text import tooltip
from timeline_desktop.ui.panes._style import muted, reading_font, scaled_font, tint

SOURCE_MIN_WIDTH = 340
READING_COLUMN_CHARS = 96
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


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

    def from_qt(self, position: int) -> int:
        """The code-point offset of a Qt position (inside a surrogate pair: after it)."""
        if not self.astral:
            return position
        starts = [c + i for i, c in enumerate(self.astral)]  # Qt positions of astral chars
        return position - bisect_right(starts, position - 2)


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


class PassageKind(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    MENTIONS = "mentions"
    HIT = "hit"  # a search result


@dataclass(frozen=True, slots=True)
class Passage:
    """A span [start, end) of a source text, in code points, and why it is highlighted
    (with the evidence it shows, when it is one)."""

    start: int
    end: int
    kind: PassageKind
    evidence_id: int | None = None


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
        self._hits: list[tuple[int, int]] = []
        self._follow: Passage | None = None
        self.verticalScrollBar().actionTriggered.connect(self._on_scrollbar_action)

    def set_source(self, text: SourceText, passages: list[Passage]) -> None:
        self._utf16 = text.utf16
        self.setPlainText(display_text(text.source.text))
        self.set_passages(passages)

    def set_passages(self, passages: list[Passage]) -> None:
        """Highlight these spans (ignoring any outside the text) and centre on the first."""
        length = self.document().characterCount() - 1
        self._passages = [
            p
            for p in passages
            if 0 <= self._utf16.to_qt(p.start) < self._utf16.to_qt(p.end) <= length
        ]
        self._paint()
        if self._passages:
            self.center_on(self._passages[0])

    def set_hits(self, spans: list[tuple[int, int]]) -> None:
        """Mark where the search occurs, under the passages, without moving the view."""
        self._hits = list(spans)
        self._paint()

    @property
    def hits(self) -> list[tuple[int, int]]:
        return list(self._hits)

    def _paint(self) -> None:
        length = self.document().characterCount() - 1
        selections = []
        hits = [Passage(a, b, PassageKind.HIT) for a, b in self._hits]
        for p in [*hits, *self._passages]:  # passages drawn last, over any hit inside them
            if not 0 <= self._utf16.to_qt(p.start) < self._utf16.to_qt(p.end) <= length:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self.text_cursor(p.start, p.end)
            selection.format = passage_format(p.kind, self.palette())
            selections.append(selection)
        self.setExtraSelections(selections)

    @property
    def passages(self) -> list[Passage]:
        return list(self._passages)

    def text_cursor(self, start: int, end: int) -> QTextCursor:
        """A cursor selecting the code-point span [start, end)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._utf16.to_qt(start))
        cursor.setPosition(self._utf16.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def selected_span(self) -> tuple[int, int] | None:
        """The selected text as code-point offsets, or None without a (non-blank) selection."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or not cursor.selectedText().strip():
            return None
        start = self._utf16.from_qt(cursor.selectionStart())
        end = self._utf16.from_qt(cursor.selectionEnd())
        return (start, end) if start < end else None

    def passage_at(self, cursor: QTextCursor) -> Passage | None:
        """The highlighted passage under a text position (the shortest, if they nest)."""
        offset = self._utf16.from_qt(cursor.position())
        inside = [p for p in self._passages if p.start <= offset < p.end]
        return min(inside, key=lambda p: p.end - p.start) if inside else None

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
        self.source = source
        self.source_id = source.id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(SOURCE_MIN_WIDTH)
        self._current = 0

        title = source.title or source.file_name
        self.title_label = plain_label(title)
        self.title_label.setFont(scaled_font(self.font(), 1.08, bold=True))
        self.title_label.setWordWrap(True)
        # one line (the tab and the tooltip give the rest): the text below matters more
        self.title_label.setMaximumHeight(self.title_label.fontMetrics().lineSpacing() + 2)
        self.title_label.setToolTip(tooltip(f"{title}\n{source.path}"))

        meta = QHBoxLayout()
        meta.setSpacing(10)
        self.file_label = muted(plain_label(f"{source.file_name} · {source.format}"))
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
            label = plain_label(sentence)
            label.setWordWrap(True)
            if kind == PassageKind.CONTRADICTS:
                label.setText(f"⚠ {sentence}")
                label.setStyleSheet(f"color: {colors.CONTRADICTS}; font-weight: 600;")
            self.claim_labels.append(label)

        # why the passages are evidence, folded by default: a historian asks it now and then
        self.found_button = QToolButton()
        self.found_button.setCheckable(True)
        self.found_button.setAutoRaise(True)
        self.found_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.found_button.setArrowType(Qt.ArrowType.RightArrow)
        self.found_button.setText("Found by")
        self.found_button.setToolTip("Which rules of the extractor read these passages")
        self.found_label = muted(plain_label(""))
        self.found_label.setWordWrap(True)
        self.found_label.hide()
        self.found_button.hide()
        self.found_button.toggled.connect(self.show_found_by)

        self.editor = SourceTextView()
        self.editor.set_source(text, passages)

        self.nav_label = muted(QLabel())
        self.prev_button = _nav_button("‹", "Previous passage")
        self.next_button = _nav_button("›", "Next passage")
        self.prev_button.clicked.connect(lambda: self.show_passage(self._current - 1))
        self.next_button.clicked.connect(lambda: self.show_passage(self._current + 1))
        # corrections start from a selection in the text: make them easy to find
        self.new_event_button = _nav_button("New Event…", "")
        self.new_event_button.setToolTip(
            "Make an event of the selected passage (title, date and people are proposed)"
        )
        self.attach_button = _nav_button("Attach…", "")
        self.attach_button.setToolTip("Attach the selected passage to this event as evidence")
        self.attach_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for button in (self.new_event_button, self.attach_button):
            button.setEnabled(False)
            self.editor.copyAvailable.connect(button.setEnabled)
        nav = QHBoxLayout()
        nav.setSpacing(4)
        nav.addWidget(self.new_event_button)
        nav.addWidget(self.attach_button)
        nav.addWidget(self.nav_label, 1)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        many = len(self.editor.passages) > 1
        for widget in (self.prev_button, self.next_button):
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
        head.addWidget(self.found_button)
        head.addWidget(self.found_label)
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

    def set_found_by(self, lines: list[str]) -> None:
        """One line per passage: the rules that read it, or who attached it."""
        self.found_label.setText("\n".join(lines))
        self.found_button.setVisible(bool(lines))

    def show_found_by(self, shown: bool) -> None:
        self.found_button.setChecked(shown)
        self.found_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.found_label.setVisible(shown and bool(self.found_label.text()))

    def show_passage(self, index: int) -> None:
        passages = self.editor.passages
        if not passages:
            return
        self._current = index % len(passages)
        self.editor.center_on(passages[self._current])
        self.nav_label.setText(f"Passage {self._current + 1} of {len(passages)}")


def plain_label(text: str) -> QLabel:
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
