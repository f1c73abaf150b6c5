"""Fonts for the dossier: families that cover the scripts historians quote.

Why explicit families: Qt's own fallback would find *a* font for a missing glyph, but which
one depends on the machine, and a PDF should look the same wherever it is made. DejaVu covers
Latin with diacritics, Greek and Cyrillic; CJK needs a separate family (Debian:
`fonts-noto-cjk`). When none is installed the dossier is still written and says so in its
colophon and metadata; CJK characters then come out as whatever fallback Qt finds, or boxes.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

_SERIF = ("DejaVu Serif", "Noto Serif", "Liberation Serif", "Times New Roman")
_SANS = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial")
_CJK_SERIF = ("Noto Serif CJK SC", "Noto Serif CJK TC", "Noto Serif CJK JP", "Source Han Serif")
_CJK_SANS = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Source Han Sans",
             "WenQuanYi Micro Hei", "Droid Sans Fallback")  # fmt: skip

_lock = threading.Lock()


def ensure_gui_app() -> QGuiApplication:
    """The running QGuiApplication, or a new offscreen one (fonts need one; no display does).

    Call this on the main thread before any worker paints: Qt allows only one application
    object and it must be created on the main thread.
    """
    with _lock:
        app = QGuiApplication.instance()
        if app is None:
            if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
                os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            app = QGuiApplication(sys.argv[:1] or ["timeline-desktop"])
        return app  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class FontSet:
    """The families the dossier uses, in fallback order (Latin/Cyrillic first, then CJK)."""

    serif: tuple[str, ...]
    sans: tuple[str, ...]
    cjk: str | None  # the CJK family chosen, None if none is installed

    def note(self) -> str:
        """One line for the colophon and the PDF metadata."""
        cjk = self.cjk or "none installed (CJK text may not display)"
        return f"Fonts: {self.serif[0]} and {self.sans[0]} (Latin, Greek, Cyrillic); CJK: {cjk}"

    def font(self, size_pt: float, sans: bool = False, bold: bool = False,
             italic: bool = False, units_per_pt: float = 10.0) -> QFont:  # fmt: skip
        """A font sized in device units (the dossier lays out at `units_per_pt` per point).

        Pixel sizes keep layout independent of any screen's dpi, so the CLI, a worker thread
        and the GUI all break lines identically.
        """
        f = QFont()
        f.setFamilies(list(self.sans if sans else self.serif))
        f.setPixelSize(max(1, round(size_pt * units_per_pt)))
        f.setBold(bold)
        f.setItalic(italic)
        f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        f.setKerning(True)
        return f


def _first_installed(candidates: tuple[str, ...], installed: set[str]) -> str | None:
    return next((c for c in candidates if c in installed), None)


def choose_fonts() -> FontSet:
    """Pick installed families; needs a QGuiApplication (see `ensure_gui_app`)."""
    installed = set(QFontDatabase.families())
    cjk_capable = set()
    for ws in (QFontDatabase.WritingSystem.SimplifiedChinese,
               QFontDatabase.WritingSystem.TraditionalChinese,
               QFontDatabase.WritingSystem.Japanese):  # fmt: skip
        cjk_capable.update(QFontDatabase.families(ws))
    serif = _first_installed(_SERIF, installed) or QFont().defaultFamily()
    sans = _first_installed(_SANS, installed) or serif
    cjk_serif = _first_installed(_CJK_SERIF, cjk_capable)
    cjk_sans = _first_installed(_CJK_SANS, cjk_capable)
    if cjk_sans is None and cjk_capable:
        cjk_sans = sorted(cjk_capable)[0]
    cjk_serif = cjk_serif or cjk_sans
    return FontSet(
        serif=tuple(f for f in (serif, cjk_serif) if f),
        sans=tuple(f for f in (sans, cjk_sans) if f),
        cjk=cjk_serif,
    )
