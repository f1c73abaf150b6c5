"""The detail pane: full source texts with the exact passages highlighted, side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QTextEdit

from timeline_desktop.domain.dates import HistDate
from timeline_desktop.domain.model import (
    Document,
    Extraction,
    FoundEvent,
    FoundEvidence,
    FoundPerson,
    Stance,
)
from timeline_desktop.ingest.pipeline import import_paths
from timeline_desktop.store.repository import Store
from timeline_desktop.ui.colors import person_color
from timeline_desktop.ui.panes import detail_pane, source_view
from timeline_desktop.ui.panes.detail_pane import (
    EMPTY_TEXT,
    DetailPane,
    SourcePanel,
    Utf16Map,
    display_text,
    stated_label,
)
from timeline_desktop.ui.state import AppState
from timeline_desktop.ui.tasks import wait_for_tasks

# A long first source, so that the passage has to be scrolled to.
FIRST = (
    "Chapter one.\n" + "Corsica was a restless island in those years.\n" * 80 + "At last, on 2 "
    "December 1804, Napoleon crowned himself Emperor of the French in Notre-Dame.\n"
    + "The ceremony lasted hours.\n"
    * 80
)
FIRST_QUOTE = "on 2 December 1804, Napoleon crowned himself Emperor of the French"
SECOND = "𝔄 chronicler 😀 wrote: the coronation happened in 1805, or so he claims."
SECOND_QUOTE = "the coronation happened in 1805"
HTML_TEXT = "<b>Not bold</b> <script>alert(1)</script> The crowning (1804) is <i>mentioned</i>."
HTML_QUOTE = "The crowning (1804)"


def add(
    store: Store,
    text: str,
    title: str,
    quote: str,
    stated: str,
    stance: Stance = Stance.SUPPORTS,
    same_as: int | None = None,
    url: str | None = None,
    people: tuple[str, ...] = (),
) -> None:
    start = text.index(quote)
    name = title.lower().replace(" ", "-")[:20]
    doc = Document(
        text, title, f"{name}.txt", f"/tmp/{name}.txt", "text", "utf-8", name.ljust(64, "0"), url
    )
    event = FoundEvent(
        "Napoleon is crowned emperor",
        "",
        HistDate.of_day(1804, 12, 2),
        None,
        (FoundEvidence(start, start + len(quote), stated, stance),),
        people=people,
        places=("Paris",) if same_as is None else (),
        same_as=same_as,
    )
    found_people = tuple(FoundPerson(p) for p in people)
    store.add_document(doc, Extraction(events=(event,), people=found_people))


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "t.db")
    add(
        s, FIRST, "Life of Napoleon", FIRST_QUOTE, "1804-12-02",
        url="https://example.org/napoleon", people=("Napoleon Bonaparte", "Pope Pius VII"),
    )  # fmt: skip
    event_id = int(s.timeline().ids[0])
    add(s, SECOND, "A late chronicle", SECOND_QUOTE, "1805", Stance.CONTRADICTS, same_as=event_id)
    add(s, HTML_TEXT, "<i>Web page</i>", HTML_QUOTE, "1804", Stance.MENTIONS, same_as=event_id)
    yield s
    wait_for_tasks()
    s.close()


@pytest.fixture
def state(store: Store) -> AppState:
    return AppState(store)


@pytest.fixture
def pane(qtbot, state: AppState) -> DetailPane:
    widget = DetailPane(state)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    return widget


def show_first_event(qtbot, pane: DetailPane, state: AppState) -> int:
    event_id = int(state.store.timeline().ids[0])
    with qtbot.waitSignal(pane.sig_shown, timeout=5000):
        state.select((event_id,))
    qtbot.wait(10)
    return event_id


def panel_for(pane: DetailPane, title: str) -> SourcePanel:
    return next(p for p in pane.source_panels() if p.title_label.text() == title)


def highlights(panel: SourcePanel) -> list[QTextEdit.ExtraSelection]:
    return panel.editor.extraSelections()


def first_format(panel: SourcePanel) -> QTextCharFormat:
    selections = highlights(panel)  # keep the list alive while copying the format
    return QTextCharFormat(selections[0].format)


def test_empty_state(qtbot, pane: DetailPane, state: AppState) -> None:
    assert pane.is_empty()
    assert pane.empty_label.text() == EMPTY_TEXT
    show_first_event(qtbot, pane, state)
    assert not pane.is_empty()
    with qtbot.waitSignal(pane.sig_shown, timeout=5000):
        state.select(())
    assert pane.is_empty() and pane.event is None


def test_event_facts(qtbot, pane: DetailPane, state: AppState) -> None:
    show_first_event(qtbot, pane, state)
    assert pane.title_label.text() == "Napoleon is crowned emperor"
    assert pane.date_label.text() == "2 December 1804 (day)"
    chips = {c.text(): c for c in pane.people_chips()}
    assert set(chips) == {"Napoleon Bonaparte", "Pope Pius VII"}
    napoleon = next(p for p in state.store.people() if p.name == "Napoleon Bonaparte")
    assert chips["Napoleon Bonaparte"].color == person_color(napoleon.id)
    assert [c.text() for c in pane.place_chips()] == ["Paris"]
    stated = pane.stated_label.text()
    assert "2 December 1804" in stated and "1805 (contradicts)" in stated
    assert "&lt;i&gt;Web page&lt;/i&gt;" in stated  # a title is text, never markup
    assert pane.more_label.text() == ""


def test_each_source_shows_its_full_text_with_the_passage(
    qtbot, pane: DetailPane, state: AppState
) -> None:
    show_first_event(qtbot, pane, state)
    panels = pane.source_panels()
    assert [p.title_label.text() for p in panels] == [
        "Life of Napoleon",
        "A late chronicle",
        "<i>Web page</i>",
    ]  # fmt: skip: supporting first, then contradicting, then mentioning
    for panel in panels:
        source = state.store.source(panel.source_id)
        assert panel.editor.toPlainText() == source.text
        assert panel.editor.isReadOnly()
    first = panel_for(pane, "Life of Napoleon")
    (selection,) = highlights(first)
    start = FIRST.index(FIRST_QUOTE)
    assert selection.cursor.selectionStart() == start  # ASCII: Qt positions are offsets
    assert selection.cursor.selectionEnd() == start + len(FIRST_QUOTE)
    assert selection.cursor.selectedText() == FIRST_QUOTE


def test_passage_is_scrolled_into_view(qtbot, pane: DetailPane, state: AppState) -> None:
    show_first_event(qtbot, pane, state)
    editor = panel_for(pane, "Life of Napoleon").editor
    assert editor.verticalScrollBar().value() > 0
    rect = editor.cursorRect()
    viewport = editor.viewport().rect()
    assert viewport.contains(rect)
    assert abs(rect.center().y() - viewport.center().y()) < viewport.height() / 4  # centred


def test_each_source_has_a_tab_with_room_to_read(qtbot, pane: DetailPane, state: AppState) -> None:
    pane.resize(420, 560)  # the Evidence dock of a 1024x700 window
    show_first_event(qtbot, pane, state)
    tabs = pane.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Life of Napoleon",
        "⚠ A late chronicle",  # the contradicting source is marked in its tab
        "<i>Web page</i>",
    ]
    assert tabs.tabBar().isVisible()
    lines = pane.current_panel().editor.viewport().height() / pane.fontMetrics().lineSpacing()
    assert lines >= 8  # a readable stretch of the source, not a sliver
    with qtbot.waitSignal(tabs.currentChanged):
        pane.stated_label.linkActivated.emit(f"source:{pane.source_panels()[1].source_id}")
    assert pane.current_panel() is pane.source_panels()[1]
    editor = pane.current_panel().editor
    qtbot.waitUntil(lambda: editor.viewport().rect().contains(editor.cursorRect()))
    pane.set_collapsed(True)
    qtbot.waitUntil(lambda: editor.viewport().height() > lines * pane.fontMetrics().lineSpacing())


def test_contradiction_is_marked_and_stated(qtbot, pane: DetailPane, state: AppState) -> None:
    show_first_event(qtbot, pane, state)
    panel = panel_for(pane, "A late chronicle")
    sentences = [label.text() for label in panel.claim_labels]
    assert sentences == ["⚠ This source dates it to 1805, against 2 December 1804."]
    formats = {
        title: first_format(panel_for(pane, title))
        for title in ("A late chronicle", "Life of Napoleon", "<i>Web page</i>")
    }
    against, support, mention = formats.values()
    assert against.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert support.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    colours = {f.background().color().name() for f in (against, support)}
    assert len(colours) == 2  # the contradiction in its own colour
    assert mention.background().color().name() == support.background().color().name()
    assert mention.background().color().alpha() < support.background().color().alpha()


def test_non_bmp_characters_before_the_quote(qtbot, pane: DetailPane, state: AppState) -> None:
    show_first_event(qtbot, pane, state)
    panel = panel_for(pane, "A late chronicle")
    (selection,) = highlights(panel)
    start = SECOND.index(SECOND_QUOTE)  # code points; 𝔄 and 😀 take two UTF-16 units each
    assert selection.cursor.selectionStart() == start + 2
    assert selection.cursor.selectionEnd() == start + 2 + len(SECOND_QUOTE)
    assert selection.cursor.selectedText() == SECOND_QUOTE


def test_html_sources_are_shown_as_plain_text(qtbot, pane: DetailPane, state: AppState) -> None:
    show_first_event(qtbot, pane, state)
    panel = panel_for(pane, "<i>Web page</i>")
    assert panel.title_label.textFormat() == Qt.TextFormat.PlainText
    assert "<script>alert(1)</script>" in panel.editor.toPlainText()
    assert highlights(panel)[0].cursor.selectedText() == HTML_QUOTE
    assert panel.claim_labels[0].text() == "This source mentions the event (1804)."


def test_several_selected(qtbot, pane: DetailPane, state: AppState, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "date,event,people,place\n1815-06-18,Waterloo,Napoleon Bonaparte,Waterloo\n"
        "1821-05-05,Napoleon dies,Napoleon Bonaparte,Saint Helena\n",
        encoding="utf-8",
    )
    import_paths(state.store, [tmp_path / "c.csv"])
    ids = [int(i) for i in state.store.timeline().ids]
    with qtbot.waitSignal(pane.sig_shown, timeout=5000):
        state.select((ids[1], ids[0], ids[2]))
    assert pane.title_label.text() == "Waterloo"
    assert pane.more_label.text() == "and 2 more selected"
    (panel,) = pane.source_panels()
    (selection,) = highlights(panel)
    assert "1815-06-18" in selection.cursor.selectedText()


def test_search_hit_in_a_source(qtbot, pane: DetailPane, state: AppState) -> None:
    show_first_event(qtbot, pane, state)
    source = next(s for s in state.store.sources() if s.title == "A late chronicle")
    start = SECOND.index("claims")
    with qtbot.waitSignal(pane.sig_shown, timeout=5000):
        state.sig_source_requested.emit(source.id, start, start + 6)
    assert pane.event is None
    assert pane.title_label.text() == "“claims”"
    (panel,) = pane.source_panels()
    (selection,) = highlights(panel)
    assert selection.cursor.selectedText() == "claims"
    assert selection.cursor.selectionStart() == start + 2
    assert pane.back_button.isVisible()
    with qtbot.waitSignal(pane.sig_shown, timeout=5000):
        pane.back_button.click()
    assert pane.title_label.text() == "Napoleon is crowned emperor"


def test_links_open_only_on_click_and_only_on_the_web(
    qtbot, pane: DetailPane, state: AppState, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        source_view.QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    show_first_event(qtbot, pane, state)
    panel = panel_for(pane, "Life of Napoleon")
    assert panel.url_label is not None and opened == []
    panel.url_label.linkActivated.emit("https://example.org/napoleon")
    assert opened == ["https://example.org/napoleon"]
    assert not detail_pane.open_link("javascript:alert(1)")
    assert not detail_pane.open_link("file:///etc/passwd")


def test_rename_reloads_the_chips(qtbot, pane: DetailPane, state: AppState) -> None:
    show_first_event(qtbot, pane, state)
    pius = next(p for p in state.store.people() if p.name == "Pope Pius VII")
    state.store.rename_person(pius.id, "Pius VII")
    with qtbot.waitSignal(pane.sig_shown, timeout=5000):
        state.notify_data_changed()
    assert {c.text() for c in pane.people_chips()} == {"Napoleon Bonaparte", "Pius VII"}


def test_offsets_and_wording() -> None:
    text = "a𝔄b😀c"
    utf16 = Utf16Map.of(text)
    assert [utf16.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert Utf16Map.of("plain").to_qt(3) == 3
    assert display_text("a\r\nb") == "a \nb"
    assert stated_label("-0043-03-15") == "15 March 44 BC"
    assert stated_label("in the 1450s") == "in the 1450s"
