"""File > Export Selection to PDF…: what to export, how much text, which paper, where."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QLocale, QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from timeline_desktop.domain.model import EventFilter
from timeline_desktop.export.files import check_writable
from timeline_desktop.store.repository import UnknownPersonError
from timeline_desktop.ui.state import AppState


def default_folder(remembered: str | Path | None = None) -> Path:
    """Where a new export goes: the folder used last, else Documents, else home, whichever
    exists (a fresh account need not have a Documents folder)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for candidate in (remembered, documents, Path.home()):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.cwd()


def default_page_size(locale: QLocale | None = None) -> str:
    """ "Letter" where the locale measures in US customary units, otherwise "A4"."""
    locale = locale or QLocale()
    return "Letter" if locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem \
        else "A4"  # fmt: skip


class ExportPdfDialog(QDialog):
    """Asks for the options of a PDF dossier; read them with the accessors after exec()."""

    def __init__(
        self, state: AppState, parent: QWidget | None = None, folder: str | Path | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export to PDF")
        self._state = state
        selected = len(state.selection)
        try:
            matching = state.store.count_events(state.filter)
        except UnknownPersonError:
            matching = 0

        self.rb_selection = QRadioButton(f"The selected events ({selected:,})")
        self.rb_filter = QRadioButton(
            f"All events matching the current filter ({matching:,})"
            if state.filter != EventFilter()
            else f"All events ({matching:,})"
        )
        self.rb_selection.setEnabled(selected > 0)
        (self.rb_selection if selected else self.rb_filter).setChecked(True)
        what = QButtonGroup(self)
        what.addButton(self.rb_selection)
        what.addButton(self.rb_filter)

        self.rb_quotes = QRadioButton("Only the quoted passages")
        self.rb_full = QRadioButton("The full text of every cited source as well")
        self.rb_quotes.setChecked(True)
        text = QButtonGroup(self)
        text.addButton(self.rb_quotes)
        text.addButton(self.rb_full)

        self.page = QComboBox()
        self.page.addItems(["A4", "Letter"])
        self.page.setCurrentText(default_page_size())

        self.path = QLineEdit(str(default_folder(folder) / "dossier.pdf"))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        form = QFormLayout()
        what_box = QVBoxLayout()
        what_box.addWidget(self.rb_selection)
        what_box.addWidget(self.rb_filter)
        form.addRow("Export:", what_box)
        text_box = QVBoxLayout()
        text_box.addWidget(self.rb_quotes)
        text_box.addWidget(self.rb_full)
        form.addRow("Sources:", text_box)
        form.addRow("Page size:", self.page)
        form.addRow("Save as:", path_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            selected > 0 or matching > 0
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _accept(self) -> None:
        """Refuse a place the file cannot go now, not after the work is done."""
        try:
            check_writable(self.output_path())
        except OSError as exc:
            QMessageBox.warning(
                self, "Export to PDF", f"{str(exc).capitalize()}. Choose another place."
            )
            return
        self.accept()

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the dossier as", self.path.text(),
                                              "PDF files (*.pdf)")  # fmt: skip
        if name:
            self.path.setText(name if name.lower().endswith(".pdf") else name + ".pdf")

    # --- the answers --------------------------------------------------------------------------

    def export_filter(self) -> EventFilter:
        """The selection as an id filter, or the current filter."""
        if self.rb_selection.isChecked() and self._state.selection:
            return replace(EventFilter(), ids=tuple(self._state.selection))
        return self._state.filter

    def full_text(self) -> bool:
        return self.rb_full.isChecked()

    def page_size(self) -> str:
        return self.page.currentText()

    def output_path(self) -> Path:
        return Path(self.path.text()).expanduser()
