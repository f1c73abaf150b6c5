"""Readers: one file's bytes to the Document a reader sees (formats, encodings, bad files)."""

from __future__ import annotations

import codecs
import hashlib
import logging
import random
from pathlib import Path

import pytest

from timeline_desktop.domain.model import Document
from timeline_desktop.ingest.readers import (
    MAX_BYTES,
    SUPPORTED_SUFFIXES,
    ReadError,
    read_bytes,
    read_file,
)
from timeline_desktop.ingest.readers.detect import looks_like_wiki
from timeline_desktop.ingest.readers.layout import url_from_source_value

DATA = Path(__file__).parent / "data" / "readers"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"

NAMES = "Никита Хрущёв, Σωκράτης, 毛泽东 and Łukasz Wałęsa"


def read_error(data: bytes, name: str) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_bytes(data, name)
    assert str(caught.value).startswith(f"{name}: ")
    return caught.value


# --- the seed corpus ---------------------------------------------------------------------


def seed_files() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip("the shared seed corpus is not beside the repository")
    return sorted(SEEDS.glob("*.txt"))


def test_plain_text_seeds_are_stored_exactly_as_written() -> None:
    plain = [p for p in seed_files() if not p.name.startswith("002_")]
    assert plain
    for path in plain:
        doc = read_file(path)
        assert doc.format == "text", path.name
        assert doc.text == path.read_text(encoding="utf-8")
        assert doc.encoding == "utf-8"
        assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert doc.file_name == path.name and doc.path == str(path.absolute())
        assert doc.title == doc.text.split("\n", 1)[0].strip()


def test_seed_source_line_gives_the_url() -> None:
    by_url = {read_file(p).url for p in seed_files()}
    assert "https://www.britannica.com" in by_url
    assert "https://en.wikipedia.org" in by_url


def test_wiki_seed_is_rendered_without_its_apparatus() -> None:
    [path] = [p for p in seed_files() if p.name.startswith("002_")]
    doc = read_file(path)
    assert doc.format == "wiki"
    for markup in ("[[", "]]", "<ref", "'''", "====", "Jump to: navigation", "Navigation menu"):
        assert markup not in doc.text, markup
    assert "no edit summary" not in doc.text
    assert "De-Stalinization and domestic policies\n" in doc.text
    assert "Khrushchev in 1959" not in doc.text  # the image and its caption are dropped
    for apparatus in ("[1]", "\nReferences", "http://www.biography.com/"):
        assert apparatus not in doc.text, apparatus
    assert doc.title == "De-Stalinization and domestic policies"


# --- encodings ---------------------------------------------------------------------------

TEXT = "“Le sacre” de Napoléon, 2 décembre 1804 — Straße, señor Muñoz.\n"


@pytest.mark.parametrize(
    ("codec", "recorded"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # Python writes a BOM (little-endian here)
        ("utf-16-be-bom", "utf-16"),
        ("utf-32", "utf-32"),
        ("cp1252", "cp1252"),
    ],
)
def test_encodings_are_detected_and_recorded(tmp_path: Path, codec: str, recorded: str) -> None:
    text = TEXT * 3
    if codec == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(codec)
    path = tmp_path / "napoleon.txt"
    path.write_bytes(data)
    doc = read_file(path)
    assert doc.text == text
    assert doc.encoding == recorded
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_latin1_sharp_s_and_n_tilde() -> None:
    text = "Die Straße nach Köln; el señor Muñoz llegó en 1936.\n"
    doc = read_bytes(text.encode("latin-1"), "strasse.txt")
    assert doc.text == text
    assert doc.encoding in ("cp1252", "iso8859-1", "iso8859-15")


def test_short_windows_1252_text_is_not_taken_for_a_central_european_code_page() -> None:
    doc = read_bytes("El señor".encode("cp1252"), "short.txt")
    assert doc.text == "El señor"


def test_other_legacy_encodings_keep_their_script() -> None:
    cyrillic = "Никита Хрущёв стал первым секретарём в сентябре 1953 года.\n"
    assert read_bytes(cyrillic.encode("cp1251"), "ru.txt").text == cyrillic
    polish = "Lech Wałęsa przewodniczył Solidarności w Gdańsku od 1980 roku.\n"
    assert read_bytes(polish.encode("cp1250"), "pl.txt").text == polish


@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "utf-16-le"])
def test_non_latin_names_stay_as_written(codec: str) -> None:
    text = f"{NAMES} met in 1953.\n"
    doc = read_bytes(text.encode(codec), "names.txt")
    assert doc.text == text


def test_newlines_are_normalised_and_a_bom_is_stripped() -> None:
    doc = read_bytes(b"\xef\xbb\xbfFirst\r\nSecond\rThird\n", "n.txt")
    assert doc.text == "First\nSecond\nThird\n"
    assert doc.title == "First"


def test_truncated_utf8_keeps_the_text_minus_the_broken_character(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = "Le 14 juillet 1789, la Bastille tomba à Paris. Fin’".encode()[:-1]
    with caplog.at_level(logging.WARNING):
        doc = read_bytes(data, "cut.txt")
    assert doc.text == "Le 14 juillet 1789, la Bastille tomba à Paris. Fin"
    assert doc.encoding == "utf-8"
    assert "cut off" in caplog.text


def test_a_lone_trailing_legacy_byte_is_not_dropped() -> None:
    doc = read_bytes(b"Au caf\xe9", "cafe.txt")
    assert doc.text == "Au café"


def test_a_few_stray_bytes_in_utf8_are_replaced_and_reported() -> None:
    data = (f"{NAMES}. " * 5).encode() + b"caf\xe9 au lait"
    doc = read_bytes(data, "mixed.txt")
    assert doc.encoding == "utf-8"
    assert doc.text.endswith("caf\ufffd au lait") and NAMES in doc.text
    first = len((f"{NAMES}. " * 5).encode()) + 3
    assert doc.warnings == (f"1 byte that is not UTF-8 was replaced (first at byte {first})",)


def test_one_stray_byte_in_short_utf8_text_does_not_make_it_windows_1250() -> None:
    """Issue #18: a short UTF-8 file with one bad byte was read as Windows-1250 as a whole."""
    data = "Anna Müller und Jürgen Böhm trafen sich in Köln.\n".encode() + b"Ende\x81.\n"
    doc = read_bytes(data, "notiz.txt")
    assert doc.encoding == "utf-8"
    assert doc.text.startswith("Anna Müller und Jürgen Böhm trafen sich in Köln.\n")
    assert "Ende\ufffd." in doc.text
    assert len(doc.warnings) == 1 and "(first at byte" in doc.warnings[0]


@pytest.mark.parametrize("repeat", [1, 40, 20_000])
def test_stray_bytes_keep_utf8_whatever_the_length(repeat: int) -> None:
    line = "Zoë Ørsted wrote to José in Málaga in 1874.\n"
    data = line.encode() * repeat
    middle = len(data) // 2
    data = data[:middle] + b"\x93\x94\xff" + data[middle:]
    doc = read_bytes(data, "letters.txt")
    assert doc.encoding == "utf-8"
    assert doc.text.count("Zoë Ørsted") >= repeat - 1
    assert doc.text.count("\ufffd") == 3
    assert doc.warnings == (f"3 bytes that are not UTF-8 were replaced (first at byte {middle})",)


def test_windows_1252_with_many_accents_is_not_taken_for_damaged_utf8() -> None:
    text = "Le café de la Comédie, où l’on dînait après le théâtre, ferma en 1793.\n" * 3
    doc = read_bytes(text.encode("cp1252"), "cafe.txt")
    assert (doc.text, doc.encoding, doc.warnings) == (text, "cp1252", ())


def test_stray_byte_warning_reaches_the_import_report(tmp_path: Path) -> None:
    from timeline_desktop.ingest.pipeline import FileStatus, import_paths
    from timeline_desktop.store.repository import Store

    path = tmp_path / "diary.txt"
    good = "Frau Müller reiste am 3. Mai 1921 nach Zürich.\n".encode()
    path.write_bytes(good + b"\xe4\n")
    with Store.open(tmp_path / "t.db") as store:
        report = import_paths(store, [path])
        [result] = report.files
        assert result.status == FileStatus.IMPORTED
        assert report.warned == [result]
        note = f"1 byte that is not UTF-8 was replaced (first at byte {len(good)})"
        assert result.warnings == (note,)
        [source] = store.sources()
        assert "Frau Müller reiste" in source.text


# --- plain text --------------------------------------------------------------------------


def test_text_title_and_source_url() -> None:
    doc = read_bytes(b"Short title\nBody mentioning 1066.\nSource: en.wikipedia.org\n", "a.txt")
    assert (doc.title, doc.url, doc.format) == ("Short title", "https://en.wikipedia.org", "text")
    long_first_line = ("word " * 40 + "\nmore").encode()
    assert read_bytes(long_first_line, "long-notes.txt").title == "Long notes"
    doc = read_bytes(b"Notes\nSee https://example.org/page. for more\n", "b.txt")
    assert doc.url == "https://example.org/page"


def test_source_values() -> None:
    assert url_from_source_value("www.britannica.com") == "https://www.britannica.com"
    assert url_from_source_value("http://a.example/x?y=1") == "http://a.example/x?y=1"
    assert url_from_source_value("Freeze, Russia: A History") is None
    assert url_from_source_value("St.Petersburg") is None


def test_a_txt_file_with_a_stray_bracket_stays_plain_text() -> None:
    text = "Notes [[draft]] on the 1848 revolutions.\n== not a heading to us ==\n"
    assert not looks_like_wiki(text)
    assert read_bytes(text.encode(), "notes.txt").format == "text"


# --- HTML --------------------------------------------------------------------------------


def test_html_keeps_the_article_and_drops_page_chrome() -> None:
    doc = read_file(DATA / "treaty-article.html")
    assert doc.format == "html"
    assert doc.title == "The Peace of Westphalia"
    assert doc.url == "https://history.example.net/westphalia"
    assert doc.text == (
        "The Peace of Westphalia\n\n"
        "Signed in 1648, the treaties of Osnabrück and Münster ended the Thirty Years' War.\n"
        "Delegates had argued for almost five years.\n\n"
        "Main terms\n\n"
        "• Sweden gained territory on the Baltic coast\n"
        "• France kept Metz, Toul and Verdun\n\n"
        "Envoys such as Axel Oxenstierna’s son Johan and the imperial diplomat Maximilian von "
        "Trauttmansdorff negotiated the text — in Latin & French."
    )
    for chrome in ("tracking", "font-family", "Home", "cookies", "Most read", "rights reserved",
                   "JavaScript", "Draft paragraph", "Related:"):  # fmt: skip
        assert chrome not in doc.text, chrome


def test_html_title_and_url_fallbacks() -> None:
    doc = read_bytes(
        b'<meta property="og:url" content="https://e.example/x"><h1>Heading</h1><p>Body</p>',
        "page.htm",
    )
    assert (doc.title, doc.url, doc.text) == ("Heading", "https://e.example/x", "Heading\n\nBody")
    assert read_bytes(b"<p>Only a paragraph</p>", "bare.html").title == "Bare"


def test_html_tables_preformatted_text_and_ordered_lists() -> None:
    html = (
        "<table><tr><th>Year</th><th>Event</th></tr><tr><td>1789</td><td>Bastille</td></tr>"
        "</table><pre>\n  kept   as\n    written</pre><ol start='3'><li>third</li><li>fourth"
    )
    doc = read_bytes(html.encode(), "t.html")
    assert (
        doc.text
        == "Year | Event\n1789 | Bastille\n\n  kept   as\n    written\n\n3. third\n4. fourth"
    )


def test_malformed_html_still_gives_its_visible_text() -> None:
    html = "<html><body><p>On 4 July 1776 the <b>Declaration was adopted<p>In 1787<div>a <i>draft"
    doc = read_bytes(html.encode(), "broken.html")
    assert doc.text == "On 4 July 1776 the Declaration was adopted\n\nIn 1787\n\na draft"
    doc = read_bytes(b"<ul><li>one<li>two</ul></b></i></div><p>after", "stray.html")
    assert doc.text == "• one\n• two\n\nafter"


def test_html_hidden_and_navigation_roles_are_dropped() -> None:
    html = (
        '<div role="navigation">Skip to content</div><p aria-hidden="true">icon</p>'
        '<p style="display:none">secret</p><div class="mainNav">Menu</div>'
        "<header><h1>Kept heading</h1></header><p>Kept text</p>"
    )
    assert read_bytes(html.encode(), "r.html").text == "Kept heading\n\nKept text"


def test_deeply_nested_html_is_fine() -> None:
    doc = read_bytes(("<div>" * 20_000 + "deep").encode(), "deep.html")
    assert doc.text == "deep"


def test_html_without_visible_text_is_refused() -> None:
    error = read_error(b"<html><head><script>var a;</script></head><body> </body></html>", "x.html")
    assert error.reason == "the HTML has no visible text"


def test_html_in_a_txt_file_is_read_as_html() -> None:
    doc = read_bytes(b"<!DOCTYPE html><html><body><p>Saved page</p></body></html>", "saved.txt")
    assert (doc.format, doc.text) == ("html", "Saved page")


# --- Markdown ----------------------------------------------------------------------------


def test_markdown_is_rendered_to_plain_text() -> None:
    doc = read_file(DATA / "printing-notes.md")
    assert doc.format == "markdown"
    assert doc.title == "Notes on early printing"
    assert doc.url == "https://notes.example.org/printing"
    assert doc.text.startswith("Movable type in Europe\n\nAround 1450 Johannes Gutenberg")
    assert "in Mainz; see his biography.\nThe 42-line Bible" in doc.text
    assert "A page of the 42-line Bible" in doc.text
    assert "• Venice had presses by 1469\n• Caxton printed" in doc.text
    assert "1. Mainz\n2. Venice" in doc.text
    assert "print_run = 180  # copies, an estimate" in doc.text
    assert "Inline code stays, and an inline HTML tag loses its markup." in doc.text
    for syntax in ("**", "_Mainz_", "`", "](", "![", "---", "tags:", "> "):
        assert syntax not in doc.text, syntax
    assert not [line for line in doc.text.split("\n") if line.startswith("#")]


def test_markdown_title_falls_back_to_heading_then_stem() -> None:
    assert read_bytes(b"Intro\n\n## Second level\n", "a.md").title == "Second level"
    assert read_bytes(b"Just *text*.", "plain-notes.markdown").title == "Plain notes"


# --- MediaWiki ---------------------------------------------------------------------------


def test_wiki_markup_is_rendered() -> None:
    doc = read_file(DATA / "reform.wiki")
    assert doc.format == "wiki"
    assert doc.title == "Background"
    assert doc.text == (
        "Date: 1832\n\n"
        "The Reform Act 1832 changed the electoral system of England and Wales. "
        "It received royal assent on 7 June 1832.\n\n"
        "Background\n\n"
        "Earlier bills had failed in 1831, when the Lords rejected them.\n"
        "• Rotten boroughs lost their seats\n"
        "• New towns such as Manchester gained members\n\n"
        "Year | Event\n"
        "1831 | Second bill rejected\n\n"
        "Text with [[literal brackets]] and a report."
    )


def test_wiki_in_txt_is_detected_and_retrieved_from_gives_the_url() -> None:
    text = (
        "Changes\nJump to: navigation, search\n"
        "'''Magna Carta''' was sealed in 1215.<ref>Charter text - http://x.example/mc</ref>\n"
        "==Aftermath==\nThe pope annulled it.{{citation needed}}\n"
        'Retrieved from "https://wiki.example.org/Magna_Carta"\n'
    )
    doc = read_bytes(text.encode(), "magna.txt")
    assert doc.format == "wiki"
    assert doc.url == "https://wiki.example.org/Magna_Carta"
    assert doc.text == "Magna Carta was sealed in 1215.\nAftermath\nThe pope annulled it."


def test_wiki_templates_that_carry_text_are_kept() -> None:
    text = (
        "Peter ({{lang|ru|Пётр Алексеевич}}) was born {{birth date|1672|6|9}}.\n"
        "He sailed on {{HMS|Royal Transport}} and walked {{convert|12|km|mi}}."
        "{{sfn|Hughes|1998|p=7}}{{Infobox monarch|name=Peter}}\n"
    )
    doc = read_bytes(text.encode(), "peter.wiki")
    assert doc.text == (
        "Peter (Пётр Алексеевич) was born 9 June 1672.\n"
        "He sailed on HMS Royal Transport and walked 12 km."
    )


def test_deeply_nested_wiki_markup_is_refused_not_crashed() -> None:
    error = read_error(("{{" * 5000 + "x" + "}}" * 5000).encode(), "deep.wiki")
    assert "nested too deeply" in error.reason


# --- CSV chronologies --------------------------------------------------------------------


def assert_records_match_lines(doc: Document) -> None:
    lines = doc.text.split("\n")
    for record in doc.records:
        line = doc.text[record.start : record.end]
        assert line in lines
        assert line.startswith(record.date_text + " — ")
        assert record.title in line


def test_csv_rows_become_lines_and_records() -> None:
    doc = read_file(DATA / "enlightenment.csv")
    assert doc.format == "csv" and doc.title == "Enlightenment"
    assert doc.text.split("\n") == [
        "1751 — First volume of the Encyclopédie. Edited in Paris "
        "(People: Denis Diderot, Jean le Rond d'Alembert; Place: Paris)",
        "1762 — The Social Contract is published, in Amsterdam "
        "(People: Jean-Jacques Rousseau; Place: Amsterdam)",
        "1784 — What is Enlightenment? An essay in a Berlin monthly "
        "(People: Immanuel Kant; Places: Berlin, Königsberg)",
    ]  # the row without a date is skipped (an import reports it by line)
    assert [r.date_text for r in doc.records] == ["1751", "1762", "1784"]
    first = doc.records[0]
    assert first.title == "First volume of the Encyclopédie"
    assert first.people == ("Denis Diderot", "Jean le Rond d'Alembert")
    assert first.places == ("Paris",)
    assert doc.records[2].places == ("Berlin", "Königsberg")
    assert_records_match_lines(doc)


def test_tsv_with_end_dates_and_semicolon_csv() -> None:
    tsv = "Year\tTitle\tUntil\n1618\tThirty Years' War\t1648\n1756\tSeven Years' War\t\n"
    doc = read_bytes(tsv.encode(), "wars.tsv")
    assert doc.text == "1618 – 1648 — Thirty Years' War\n1756 — Seven Years' War"
    assert [r.date_text for r in doc.records] == ["1618 – 1648", "1756"]
    assert_records_match_lines(doc)

    semi = "when;what;who;where\n1815-06-18;Waterloo;Wellington, Blücher, Napoléon;Waterloo\n"
    doc = read_bytes(semi.encode("cp1252"), "waterloo.csv")
    assert doc.records[0].people == ("Wellington", "Blücher", "Napoléon")
    assert doc.records[0].date_text == "1815-06-18"
    assert_records_match_lines(doc)


def test_csv_quoted_multiline_cells_stay_on_one_line() -> None:
    doc = read_bytes(b'date,event\n1914,"War begins\nin August"\n1918,Armistice\n', "ww1.csv")
    assert doc.text == "1914 — War begins in August\n1918 — Armistice"
    assert_records_match_lines(doc)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("name,description\nfoo,bar\n", "line 1: no date column in the header"),
        ("1789,Bastille\n1791,Flight to Varennes\n", "line 1: no header row"),
        ("date,event\n", "no rows"),
        ("when;what\n1789-07-14;Bastille stormed;extra;cells\nnot a date\n", "no rows of events"),
    ],
)
def test_csv_without_header_or_rows_is_refused(content: str, reason: str) -> None:
    error = read_error(content.encode(), "broken.csv")
    assert reason in error.reason


# --- bad files ---------------------------------------------------------------------------


def test_binary_files_are_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(4096)
    assert "looks like a binary file (PNG image)" in read_error(png, "photo.txt").reason
    assert "PDF" in read_error(b"%PDF-1.7\n" + bytes(200), "paper.txt").reason
    noise = random.Random(3).randbytes(4096)
    assert "binary" in read_error(noise, "noise.txt").reason


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", "  \n".encode("utf-16")])
def test_empty_files_are_refused(data: bytes) -> None:
    assert read_error(data, "empty.md").reason.startswith("file is empty")


def test_too_large_files_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # a sparse file: quick to make, never read
        fh.truncate(int(52.4 * 1024 * 1024))
    with pytest.raises(ReadError) as caught:
        read_file(path)
    assert str(caught.value) == "huge.txt: file is too large (52.4 MB; the limit is 20 MB)"
    assert caught.value.path == str(path)
    error = read_error(b"a" * (MAX_BYTES + 1), "big.txt")
    assert error.reason.startswith("file is too large (20.0 MB")


def test_unsupported_missing_and_folder_paths(tmp_path: Path) -> None:
    assert "unsupported file type '.pdf'" in read_error(b"%PDF-1.4", "paper.pdf").reason
    with pytest.raises(ReadError, match=r"^nope\.txt: file not found$"):
        read_file(tmp_path / "nope.txt")
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match="is a folder"):
        read_file(folder)
    assert {".txt", ".html", ".htm", ".xhtml", ".md", ".markdown", ".wiki", ".csv", ".tsv"} <= set(
        SUPPORTED_SUFFIXES
    )


def test_read_error_carries_path_and_reason() -> None:
    error = ReadError("/data/in/a.csv", "line 3: expected 2 fields")
    assert (error.path, error.reason) == ("/data/in/a.csv", "line 3: expected 2 fields")
    assert str(error) == "a.csv: line 3: expected 2 fields"


# --- big files (their speed is measured by benchmarks/import_speed.py, not asserted here) ---


def test_a_five_megabyte_text_file_reads_whole() -> None:
    data = ("On 5 March 1953 Stalin died at Kuntsevo. Хрущёв rose.\n" * 95_000).encode()
    assert len(data) > 5_000_000
    doc = read_bytes(data, "big.txt")
    assert len(doc.text) == len(data.decode())


def test_a_five_megabyte_html_file_reads_whole() -> None:
    para = "<p>On <b>5 March 1953</b> Stalin died at <a href='/k'>Kuntsevo</a>, near Moscow.</p>\n"
    data = ("<html><body><article>" + para * (5_000_000 // len(para)) + "</article>").encode()
    doc = read_bytes(data, "big.html")
    assert doc.text.count("\n\n") == 5_000_000 // len(para) - 1
