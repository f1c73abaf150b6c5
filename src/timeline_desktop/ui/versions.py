"""Versions of a source in the Evidence pane: which version is shown, and the older texts.

A source imported again after its file changed keeps its earlier texts (`store.versions`).
Its panel then says which version it shows, and offers the earlier ones; a passage of the
event that is no longer in the current text is not highlighted there (its offsets belong to
an earlier text) but named, with a button that opens the version it is in, highlighted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.domain.model import Evidence, Source, SourceVersion
from timeline_desktop.failures import explain
from timeline_desktop.store.repository import Store
from timeline_desktop.store.versions import source_versions
from timeline_desktop.ui import colors
from timeline_desktop.ui.panes._style import muted
from timeline_desktop.ui.panes.source_view import (
    Passage,
    PassageKind,
    SourcePanel,
    SourceText,
    SourceTextView,
)
from timeline_desktop.ui.tasks import run_task


def current_and_gone(evidence: Sequence[Evidence]) -> tuple[list[Evidence], list[Evidence]]:
    """Evidence whose passage is in the current text, and evidence only in an earlier one."""
    return (
        [e for e in evidence if e.in_version is None],
        [e for e in evidence if e.in_version is not None],
    )


class VersionBar(QWidget):
    """Under a source's title: its version, and the event's passages that left its text."""

    def __init__(
        self,
        panel: SourcePanel,
        gone: Sequence[Evidence],
        store: Callable[[], Store],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._panel = panel
        self._gone = list(gone)
        self._store = store
        source = panel.source
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 12, 6)
        layout.setSpacing(2)
        self.version_label: QLabel | None = None
        self.versions_button: QPushButton | None = None
        if source.version > 1:
            row = QHBoxLayout()
            self.version_label = muted(
                QLabel(
                    f"Version {source.version} of this source "
                    f"(imported {source.imported_at:%d %b %Y})"
                )
            )
            self.versions_button = QPushButton("Earlier Versions…")
            self.versions_button.setFlat(True)
            self.versions_button.clicked.connect(lambda: self.open_versions(None))
            row.addWidget(self.version_label, 1)
            row.addWidget(self.versions_button)
            layout.addLayout(row)
        self.gone_label: QLabel | None = None
        self.gone_button: QPushButton | None = None
        if self._gone:
            versions = sorted({e.in_version for e in self._gone if e.in_version is not None})
            n = len(self._gone)
            where = ", ".join(str(v) for v in versions)
            text = (
                f"⚠ One passage of this event is no longer in the current version (it is in "
                f"version {where})"
                if n == 1
                else f"⚠ {n} passages of this event are no longer in the current version "
                f"(they are in version {where})"
            )
            row = QHBoxLayout()
            self.gone_label = QLabel(text)
            self.gone_label.setWordWrap(True)
            self.gone_label.setTextFormat(Qt.TextFormat.PlainText)
            self.gone_label.setStyleSheet(f"color: {colors.CONTRADICTS};")
            self.gone_button = QPushButton(f"Show in Version {versions[-1]}")
            self.gone_button.setFlat(True)
            self.gone_button.clicked.connect(lambda: self.open_versions(versions[-1]))
            row.addWidget(self.gone_label, 1)
            row.addWidget(self.gone_button)
            layout.addLayout(row)
        self.dialog: VersionsDialog | None = None

    def open_versions(self, version: int | None) -> VersionsDialog:
        """The source's versions, showing `version` (None: the newest earlier one)."""
        dialog = VersionsDialog(self._panel.source, self._store(), self._gone, version, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog


def add_version_bar(
    panel: SourcePanel, gone: Sequence[Evidence], store: Callable[[], Store]
) -> VersionBar | None:
    """Put a VersionBar under the panel's title when there is anything to say."""
    if panel.source.version <= 1 and not gone:
        return None
    bar = VersionBar(panel, gone, store, panel)
    layout = panel.layout()
    if layout is not None:
        layout.insertWidget(1, bar)  # below the title block, above the text
    panel.version_bar = bar  # type: ignore[attr-defined]
    return bar


class VersionsDialog(QDialog):
    """Every version of one source: a list, and the chosen version's text, read-only, with
    the event's passages that are in it highlighted."""

    def __init__(
        self,
        source: Source,
        store: Store,
        gone: Sequence[Evidence],
        version: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Versions of the source")
        self.resize(900, 620)
        self._gone = list(gone)
        self._wanted = version
        self._versions: list[SourceVersion] = []
        self._base = source
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.status = muted(QLabel("Loading the versions…"))
        self.status.setWordWrap(True)
        self.text = SourceTextView()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.text, 1)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([240, 660])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        run_task(lambda: source_versions(store, source.id), self._loaded, self._failed)

    def _failed(self, exc: Exception) -> None:
        if shiboken6.isValid(self):
            self.status.setText(f"The versions could not be loaded: {explain(exc)}.")

    def _loaded(self, versions: list[SourceVersion]) -> None:
        if not shiboken6.isValid(self):
            return
        self._versions = versions
        newest = versions[-1].version if versions else 0
        for v in versions:
            label = f"Version {v.version}" + (" (current)" if v.version == newest else "")
            item = QListWidgetItem(f"{label}\nimported {v.imported_at:%d %b %Y %H:%M}")
            item.setToolTip(f"{v.file_name}\nSHA-256 {v.sha256[:16]}…")
            self.list.addItem(item)
        wanted = self._wanted
        if wanted is None:
            wanted = versions[-2].version if len(versions) > 1 else newest
        rows = [i for i, v in enumerate(versions) if v.version == wanted]
        self.list.setCurrentRow(rows[0] if rows else len(versions) - 1)

    def current_version(self) -> SourceVersion | None:
        row = self.list.currentRow()
        return self._versions[row] if 0 <= row < len(self._versions) else None

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self._versions):
            return
        v = self._versions[row]
        passages = [
            Passage(e.start, e.end, PassageKind(e.stance.value), e.id)
            for e in self._gone
            if e.in_version == v.version
        ]
        shown = dataclasses.replace(self._base, text=v.text, title=v.title, version=v.version)
        self.text.set_source(SourceText.of(shown), passages)
        n = len(passages)
        self.status.setText(
            f"Version {v.version} of {v.file_name}, imported {v.imported_at:%d %B %Y}"
            + (f"; {n} passage{'s' * (n != 1)} of the event highlighted" if n else "")
        )
