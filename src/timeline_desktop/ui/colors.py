"""Colours: one per person, the same everywhere in the app (timeline lanes, lists, PDF)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# A qualitative palette that stays distinguishable on light and dark backgrounds.
_PALETTE = (
    "#4C78A8",
    "#F58518",
    "#54A24B",
    "#E45756",
    "#72B7B2",
    "#B279A2",
    "#EECA3B",
    "#9D755D",
    "#FF9DA6",
    "#2F9E8F",
    "#8E6C8A",
    "#D67195",
)
NEUTRAL = "#6B7C93"
CONTRADICTS = "#D1495B"
SUPPORTS = "#F2C14E"


def person_color(person_id: int) -> QColor:
    """A stable colour for a person id (the palette, then golden-angle hues beyond it)."""
    if person_id <= 0:
        return QColor(NEUTRAL)
    index = person_id - 1
    if index < len(_PALETTE):
        return QColor(_PALETTE[index])
    hue = (index * 137.508) % 360
    return QColor.fromHsl(int(hue), 140, 120)


def is_dark_theme() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128
