"""Small look-and-feel helpers shared by the panes.

Colours come from the palette (never hard-coded greys), so the panes follow light and dark
themes; only the meaning-carrying colours (people, contradictions) are fixed.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget

from timeline_desktop.ui.colors import is_dark_theme


def muted[W: QWidget](widget: W) -> W:
    """Secondary text: the palette's placeholder colour, readable in light and dark themes."""
    widget.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return widget


def scaled_font(base: QFont, factor: float = 1.0, bold: bool = False) -> QFont:
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * factor)
    else:
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    font.setBold(bold)
    return font


def reading_font(base: QFont) -> QFont:
    """A serif face for long source texts: easier on the eye for hours of reading."""
    font = QFont(base)
    font.setFamilies(["Charter", "Georgia", "Noto Serif", "DejaVu Serif", "Times New Roman"])
    font.setStyleHint(QFont.StyleHint.Serif)
    if font.pointSizeF() > 0:
        font.setPointSizeF(max(font.pointSizeF() * 1.05, 10.5))
    return font


def tint(color: QColor, alpha: int) -> QColor:
    """`color` as a translucent background. On a dark theme a little more transparent, so
    the light text over it keeps its contrast."""
    tinted = QColor(color)
    tinted.setAlpha(min(255, int(alpha * (0.75 if is_dark_theme() else 1.0))))
    return tinted


class Chip(QLabel):
    """A rounded label with a coloured dot: a person or a place in the detail pane."""

    def __init__(self, text: str, color: QColor | None, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._color = color
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        dot = 10 if color is not None else 0
        self.setContentsMargins(8 + dot + (6 if dot else 0), 2, 10, 2)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    @property
    def color(self) -> QColor | None:
        return self._color

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(0, 0, -1, -1)
        base = self._color or self.palette().color(QPalette.ColorRole.Mid)
        painter.setPen(QColor(base).darker(110) if self._color else base)
        painter.setBrush(tint(base, 48))
        radius = rect.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        if self._color is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._color)
            painter.drawEllipse(QPoint(10 + 4, rect.center().y() + 1), 5, 5)
        painter.end()
        super().paintEvent(event)


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to new lines (chips of people and places)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m: QMargins = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.marginsRemoved(m)
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()
