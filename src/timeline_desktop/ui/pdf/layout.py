"""A small page-flow typesetter on QTextLayout: paragraphs in, positioned draw calls out.

Why not one big QTextDocument: the dossier needs to know on which page and at which height
every event starts (for the outline and the running headers), keep an event's heading with its
first lines, draw rules beside block quotes that cross a page break, and put "page n of N" in
every footer. Laying out first (`Flow`) and painting afterwards (`Page.ops`) makes all of that
straightforward, and QTextLayout gives Qt's real shaping, bidi and font fallback.

Units: device units of a QPdfWriter at 720 dpi, i.e. tenths of a point (`PT`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

from timeline_desktop.ui.pdf.fonts import FontSet

PT = 10.0  # device units per point (the writer runs at 720 dpi)
DPI = 720

Op = Callable[[QPainter], None]


@dataclass(frozen=True, slots=True)
class Style:
    size: float = 10.0  # points
    sans: bool = False
    bold: bool = False
    italic: bool = False
    color: str = "#1A1A1A"
    leading: float = 1.18  # line pitch as a multiple of the font's natural line height
    justify: bool = False
    align_right: bool = False
    center: bool = False


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of a paragraph with its own look (None keeps the paragraph's)."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    background: str | None = None
    sans: bool | None = None
    size: float | None = None


@dataclass(slots=True)
class Page:
    section: str
    ops: list[Op] = field(default_factory=list)
    running: str = ""  # extra header text, e.g. the dates of the entries on the page
    first_entry: str = ""
    last_entry: str = ""


@dataclass(slots=True)
class Prepared:
    """A paragraph laid out at a width, not yet placed."""

    layout: QTextLayout
    tops: list[float]  # y of each line within the paragraph
    pitches: list[float]  # vertical space each line takes
    color: QColor

    @property
    def height(self) -> float:
        return sum(self.pitches)

    def head(self, lines: int) -> float:
        return sum(self.pitches[:lines])


@dataclass(frozen=True, slots=True)
class Fragment:
    """Where (part of) a placed paragraph ended up."""

    page: int
    top: float
    bottom: float


class Flow:
    """Places paragraphs top to bottom, starting new pages as needed."""

    def __init__(
        self,
        fonts: FontSet,
        page_w: float,
        page_h: float,
        margins: tuple[float, float, float, float],  # left, top, right, bottom (device units)
    ) -> None:
        self.fonts = fonts
        self.page_w, self.page_h = page_w, page_h
        self.left, self.top, self.right, self.bottom_margin = margins
        self.width = page_w - self.left - self.right
        self.bottom = page_h - self.bottom_margin
        self.pages: list[Page] = []
        self.y = self.top
        self.current = ""  # what a page that starts mid-entry continues (running header)
        self._fonts: dict[tuple, QFont] = {}
        self._colors: dict[str, QColor] = {}

    # --- pages --------------------------------------------------------------------------------

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def page_index(self) -> int:
        return len(self.pages) - 1

    def new_page(self, section: str | None = None) -> Page:
        page = Page(section if section is not None else self.page.section)
        page.first_entry = page.last_entry = self.current
        self.pages.append(page)
        self.y = self.top
        return self.page

    def remaining(self) -> float:
        return self.bottom - self.y

    def ensure(self, height: float) -> None:
        """Start a new page unless `height` still fits on this one."""
        if height > self.remaining() and self.y > self.top:
            self.new_page()

    def space(self, points: float) -> None:
        """Vertical space; swallowed at the top of a page."""
        if self.y > self.top:
            self.y = min(self.y + points * PT, self.bottom)

    def reserve(self, height: float) -> tuple[int, float]:
        """A block of `height` units that is drawn by an op (figures, rules)."""
        self.ensure(height)
        at = (self.page_index, self.y)
        self.y += height
        return at

    def add_op(self, page: int, op: Op) -> None:
        self.pages[page].ops.append(op)

    # --- text ---------------------------------------------------------------------------------

    def font(self, size: float, sans: bool, bold: bool, italic: bool) -> QFont:
        key = (size, sans, bold, italic)
        f = self._fonts.get(key)
        if f is None:
            f = self._fonts[key] = self.fonts.font(size, sans, bold, italic, PT)
        return f

    def color(self, name: str) -> QColor:
        c = self._colors.get(name)
        if c is None:
            c = self._colors[name] = QColor(name)
        return c

    def prepare(self, runs: str | Sequence[Run], style: Style, width: float) -> Prepared:
        """Lay out a paragraph at `width` (device units)."""
        if isinstance(runs, str):
            runs = (Run(runs),)
        text = "".join(r.text for r in runs).replace("\n", "\u2028")
        layout = QTextLayout(text, self.font(style.size, style.sans, style.bold, style.italic))
        formats = []
        pos = 0
        for r in runs:
            n = len(r.text)
            if n and any(v is not None for v in (r.bold, r.italic, r.color, r.background,
                                                 r.sans, r.size)):  # fmt: skip
                fmt = QTextCharFormat()
                if r.sans is not None or r.size is not None:
                    fmt.setFont(
                        self.font(
                            r.size or style.size,
                            style.sans if r.sans is None else r.sans,
                            style.bold if r.bold is None else r.bold,
                            style.italic if r.italic is None else r.italic,
                        )
                    )
                if r.bold is not None:
                    fmt.setFontWeight(QFont.Weight.Bold if r.bold else QFont.Weight.Normal)
                if r.italic is not None:
                    fmt.setFontItalic(r.italic)
                if r.color is not None:
                    fmt.setForeground(self.color(r.color))
                if r.background is not None:
                    fmt.setBackground(self.color(r.background))
                fr = QTextLayout.FormatRange()
                fr.start, fr.length, fr.format = pos, n, fmt
                formats.append(fr)
            pos += n
        if formats:
            layout.setFormats(formats)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        if style.justify:
            option.setAlignment(Qt.AlignmentFlag.AlignJustify)
        elif style.align_right:
            option.setAlignment(Qt.AlignmentFlag.AlignRight)
        elif style.center:
            option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.setTextOption(option)
        layout.setCacheEnabled(True)
        tops: list[float] = []
        pitches: list[float] = []
        y = 0.0
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            pitch = line.height() * style.leading
            tops.append(y)
            pitches.append(pitch)
            y += pitch
        layout.endLayout()
        return Prepared(layout, tops, pitches, self.color(style.color))

    def place(self, para: Prepared, indent: float = 0.0, orphans: int = 2) -> list[Fragment]:
        """Put a prepared paragraph at the cursor, breaking across pages between lines.

        At least `orphans` lines stay together at the bottom of a page (and at the top of the
        next one when the paragraph is long enough).
        """
        n = len(para.pitches)
        if not n:
            return []
        if self.remaining() < para.head(min(orphans, n)):
            self.ensure(para.head(min(orphans, n)))
        fragments: list[Fragment] = []
        i = 0
        while i < n:
            # how many lines fit here
            j, y = i, self.y
            while j < n and y + para.pitches[j] <= self.bottom + 0.5:
                y += para.pitches[j]
                j += 1
            if j < n and n - j < orphans and j - i > orphans:
                j -= orphans - (n - j)  # leave a widow's partner for the next page
                y = self.y + sum(para.pitches[i:j])
            if j == i:  # nothing fits even on a fresh page: force one line
                if self.y > self.top:
                    self.new_page()
                    continue
                y, j = self.y + para.pitches[i], i + 1
            self.add_op(self.page_index, _line_op(para, i, j, self.left + indent, self.y))
            fragments.append(Fragment(self.page_index, self.y, y))
            self.y = y
            i = j
            if i < n:
                self.new_page()
        return fragments

    def text(
        self,
        runs: str | Sequence[Run],
        style: Style,
        indent: float = 0.0,
        right: float = 0.0,
        before: float = 0.0,
        after: float = 0.0,
    ) -> list[Fragment]:
        """Prepare and place a paragraph with space before/after (points)."""
        para = self.prepare(runs, style, self.width - indent - right)
        self.space(before)
        frags = self.place(para, indent)
        self.y = min(self.y + after * PT, self.bottom)
        return frags


def _line_op(para: Prepared, first: int, last: int, x: float, y: float) -> Op:
    layout, color, dy = para.layout, para.color, y - para.tops[first]
    origin = QPointF(x, dy)

    def draw(p: QPainter) -> None:
        p.setPen(color)
        for k in range(first, last):
            layout.lineAt(k).draw(p, origin)

    return draw
