"""Readers keep a document's content and drop its chrome (issue #13).

Each problem measured on real documents has a small document of our own here; the real
documents in ../shared/corpus/real are checked too when they are beside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline_desktop.ingest.readers import read_bytes, read_file

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def html(body: str, name: str = "page.html") -> str:
    return read_bytes(f"<html><body>{body}</body></html>".encode(), name).text


def real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"{name} is not beside the repository")
    return path


# --- HTML: content blocks ----------------------------------------------------------------


def test_an_aside_inside_the_article_is_content() -> None:
    text = html(
        "<main><article><h1>Mira Kestrel</h1>"
        "<p>Mira Kestrel designed bridges across three rivers of the valley.</p>"
        "<aside><h2>Honours</h2><ul><li>1987 – Engineering medal of the guild</li>"
        "<li>2001 – Freedom of the town of Harrow Bend</li></ul></aside>"
        "<p>She retired to the coast in 2010.</p></article>"
        "<aside><h3>Visit us</h3><p>Open daily until 30 June 2031.</p></aside></main>"
    )
    assert "• 1987 – Engineering medal of the guild" in text
    assert "• 2001 – Freedom of the town of Harrow Bend" in text
    assert "30 June 2031" not in text  # the sidebar beside the article is not


def test_beside_a_single_article_only_its_title_is_content() -> None:
    article = "<p>The ferry across the sound began running on 4 May 1912. " * 6 + "</p>"
    text = html(
        "<header><nav><a href='/'>Home</a></nav><h1>The first ferry</h1>"
        "<div class='meta'>By the desk • 3 March 2020</div></header>"
        f"<main><article>{article}</article>"
        "<div class='more-stories'><h2>Further reading</h2><p>Ferries of the north, "
        "published 9 April 2019. Read more</p></div>"
        "<div class='connect'><p>Get email updates from the harbour trust.</p></div></main>"
    )
    assert text.startswith("The first ferry\n\nThe ferry across the sound began running")
    for chrome in ("9 April 2019", "Read more", "email updates", "3 March 2020", "Home"):
        assert chrome not in text, chrome


def test_pages_with_several_articles_keep_them_all() -> None:
    entries = "".join(
        f"<article><p><time datetime='1702-05-{d:02}'>{d}th</time>. Rain all day.</p></article>"
        for d in (4, 5, 6)
    )
    text = html(f"<section><h2>May 1702</h2>{entries}</section>")
    assert text == "May 1702\n\n4th. Rain all day.\n\n5th. Rain all day.\n\n6th. Rain all day."


# --- HTML: chrome ------------------------------------------------------------------------


def test_note_markers_do_not_stick_to_words() -> None:
    text = html(
        "<p>Admiral Tromp<a href='endnotes.xhtml#note-2984' epub:type='noteref'>2984</a> "
        "sailed in 1652.<a href='#fn3' role='doc-noteref'>3</a> The fleet "
        "grew<sup class='reference'><a href='#cite_note-104'>[104]</a></sup> quickly.</p>"
        "<p>It was the 19<sup>th</sup> ship of 40 m<sup>2</sup> of sail.</p>"
    )
    assert text == (
        "Admiral Tromp sailed in 1652. The fleet grew quickly.\n\n"
        "It was the 19th ship of 40 m2 of sail."
    )


def test_reference_lists_and_endnotes_are_dropped() -> None:
    text = html(
        "<p>The canal opened in 1761.</p>"
        "<h2>References</h2><div class='reflist'><ol class='references'>"
        "<li>Hadley, J. Canals. Archived from the original on 5 May 2009. "
        "Retrieved 2 June 2014.</li></ol></div>"
        "<section epub:type='endnotes'><ol><li>Written in 1899.</li></ol></section>"
    )
    assert "1761" in text
    for chrome in ("Archived", "Retrieved", "2009", "1899"):
        assert chrome not in text, chrome


def test_wiki_page_chrome_in_saved_html_is_dropped() -> None:
    text = html(
        "<div id='content'><h1>Lake Orrin</h1>"
        "<div role='note' class='hatnote'>For the town, see Orrin (town).</div>"
        "<table class='metadata ambox'><tr><td>This article needs citations (May 2015)."
        "</td></tr></table>"
        "<h2>History<span class='mw-editsection'>[edit]</span></h2>"
        "<figure><img src='lake.jpg'><figcaption>The lake in 1950</figcaption></figure>"
        "<p>The dam that made the lake was finished in 1934.</p>"
        "<div class='navbox'>Lakes of the region: Orrin · Tell · Bram (1901)</div>"
        "<div id='catlinks'>Categories: 1934 establishments | Articles needing citations "
        "from May 2015</div></div>"
    )
    assert text == "Lake Orrin\n\nHistory\n\nThe dam that made the lake was finished in 1934."


# --- XHTML -------------------------------------------------------------------------------

XHTML = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>Chapter 4</title></head>
<body epub:type="bodymatter"><section epub:type="chapter"><h2 epub:type="title">IV</h2>
<p>In 1666 the fleet under De Ruyter<a href="endnotes.xhtml#note-31" id="noteref-31"
epub:type="noteref">31</a> came out of the Texel.<br/>They met off the Foreland.</p>
</section></body></html>
"""


def test_xhtml_chapters_import_as_html(tmp_path: Path) -> None:
    path = tmp_path / "chapter-4.xhtml"
    path.write_text(XHTML, encoding="utf-8")
    doc = read_file(path)
    assert (doc.format, doc.title) == ("html", "Chapter 4")
    assert doc.text == (
        "IV\n\nIn 1666 the fleet under De Ruyter came out of the Texel.\nThey met off the Foreland."
    )


_GLUED_NUMBER = re.compile(r"[a-z][’']?\d{1,4}\b")


def test_real_xhtml_chapters_keep_dated_headings_without_endnote_markers() -> None:
    pepys = read_file(real("pepys-diary-1666-09.xhtml"))
    assert pepys.format == "html"
    assert pepys.text.startswith("September 1666\n\nSeptember 1st. Up and at the office")
    assert "\n\n2nd (Lord’s day). " in pepys.text
    assert not _GLUED_NUMBER.findall(pepys.text)
    suetonius = read_file(real("suetonius-deified-julius.xhtml"))
    assert "1. In the course of his sixteenth year he lost his father." in suetonius.text
    assert not _GLUED_NUMBER.findall(suetonius.text)


def test_real_news_page_keeps_the_article_only() -> None:
    doc = read_file(real("wikimedia-turkey-access-restored.html"))
    assert doc.text.startswith("Access to Wikipedia restored in Turkey")
    assert "a 26 December 2019 ruling by the Constitutional Court" in doc.text
    for chrome in ("Read more", "Photo credits", "Donate now", "22 July 2019", "CC BY-SA"):
        assert chrome not in doc.text, chrome


# --- MediaWiki ---------------------------------------------------------------------------


def wiki(markup: str) -> str:
    return read_bytes(markup.encode(), "page.wiki").text


def test_infobox_fields_with_dates_become_readable_lines() -> None:
    text = wiki(
        "{{Infobox military conflict\n| conflict = War of the Three Rivers\n"
        "| image = Rivers map.png\n| caption = The valleys in 1702\n"
        "| date = 23 May 1701 – 15 May 1709\n| place = [[Lower Vale]]\n"
        "| result = Treaty of Orm\n}}\n"
        "{{Infobox person\n| name = Edda Vorn\n"
        "| birth_date = {{birth date and age|1941|6|24|df=y}}\n"
        "| death_date = {{death date and age|2012|2|16|1941|6|24}}\n"
        "| population = 12,778\n| years_active = 1960–1999\n}}\n"
        "The '''War of the Three Rivers''' was fought over the fords.\n"
    )
    assert text == (
        "Date: 23 May 1701 – 15 May 1709\n\n"
        "Birth date: 24 June 1941\nDeath date: 16 February 2012\nYears active: 1960–1999\n\n"
        "The War of the Three Rivers was fought over the fords."
    )


def test_officeholder_terms_name_their_office() -> None:
    text = wiki(
        "{{Infobox officeholder\n|office = Keeper of the Rolls\n|term_start = March 3, 1950\n"
        "|office2 = Town Clerk\n|term_start2 = {{start date|1941|9|1}}\n}}\nBody text here.\n"
    )
    assert text.startswith(
        "Keeper of the Rolls, term start: March 3, 1950\nTown Clerk, term start: 1 September 1941"
    )


def test_references_markers_and_apparatus_sections_are_dropped() -> None:
    text = wiki(
        "The mill opened in 1788.<ref name=a>{{cite web |title=Mills |date=3 May 2011 "
        "|archive-date=5 May 2012 |access-date=2 June 2014}}</ref> It closed in 1902.<ref "
        "name=a/>{{sfn|Hale|1990|p=104}}{{citation needed|date=May 2015}}\n"
        "== History ==\nA fire damaged it in 1850.<ref>Hale (1990), p. 26.</ref>\n"
        "== See also ==\n* [[Mills of the valley]]\n"
        "== References ==\n{{reflist}}\n* {{cite book |last=Hale |title=Old mills |year=1990}}\n"
        "=== Notes ===\nArchived from the original on 5 May 2012.\n"
        "== External links ==\n* [http://mills.example.org Mills] Retrieved 2 June 2014\n"
        "[[Category:1788 establishments]]\n"
    )
    assert text == (
        "The mill opened in 1788. It closed in 1902.\nHistory\nA fire damaged it in 1850."
    )


def test_escaped_markup_is_unescaped_before_rendering() -> None:
    text = wiki(
        "The bridge was rebuilt in 1821.&lt;ref name=&quot;b&quot;&gt;Town records, 1996."
        "&lt;/ref&gt; Tolls ended in 1889.&lt;br /&gt;It still stands.\n"
    )
    assert text == "The bridge was rebuilt in 1821. Tolls ended in 1889.\nIt still stands."


def test_circa_and_list_templates_keep_their_text() -> None:
    assert wiki("Born {{circa|1400}} in a town with {{hlist|two gates|a wall}}.\n") == (
        "Born c. 1400 in a town with two gates, a wall."
    )


def test_real_wiki_infobox_dates_reach_the_text() -> None:
    kristeva = read_file(real("julia-kristeva.wiki"))
    assert kristeva.text.startswith("Birth date: 24 June 1941\n\n")
    mcpherson = read_file(real("harry-mcpherson.wiki"))
    assert "White House Counsel, term start: February 11, 1966" in mcpherson.text
    for doc in (kristeva, mcpherson):
        assert not re.search(r"\[\d+\]|Retrieved|Archived from", doc.text)


# --- Markdown ----------------------------------------------------------------------------


def markdown(source: str) -> str:
    return read_bytes(source.encode(), "page.md").text


def test_markdown_note_markers_and_footnotes_are_dropped() -> None:
    text = markdown(
        'The tower fell in 1703 during "a great storm"[^1] and was rebuilt.[26] '
        "Work ended in 1711.[104]\n\n"
        "[^1]: Letters of the keeper, 1704, p. 3.\n\n"
        "[26] Orme, Towers of the coast. Retrieved 4 April 2016.\n\n"
        "Towers_(coast) Category:Towers Category:1703 disasters\n"
    )
    assert (
        text == 'The tower fell in 1703 during "a great storm" and was rebuilt. Work ended in 1711.'
    )


def test_markdown_apparatus_sections_are_dropped_with_headings_or_bare_lines() -> None:
    text = markdown(
        "# Harbour\n\nThe quay was built in 1840.\n\n## References\n\n"
        "- Pell, Quays (1990). Archived from the original on 2 May 2009.\n\n"
        "## Later years\n\nA crane came in 1902.\n\n"
        "See also\n\n-   List of quays\n\nExternal links\n\n-   Quays site, 2004\n"
    )
    assert text == "Harbour\n\nThe quay was built in 1840.\n\nLater years\n\nA crane came in 1902."


def test_markdown_shows_a_leftover_wiki_infobox_as_its_dated_fields() -> None:
    # a page converted from wiki source keeps its infobox as "| key = value" text: the
    # dated fields read as the wiki reader gives them, the rest of the box is no prose
    from timeline_desktop.ingest.readers.markdown import read_markdown

    page = (
        "| operator = Harbour Board\n\n"
        "}} | hull = steel | launch_date = 14 May 1902 | launch_site = Keld yard\n"
        "| tonnage = 800 | decommission_date = 1931[4]\n\n"
        "The Tarsa was a ferry of the northern coast.\n"
    )
    text = read_markdown(page, "tarsa").text
    assert "Launch date: 14 May 1902" in text
    assert "Decommission date: 1931" in text
    assert "=" not in text and "Keld yard" not in text and "Harbour Board" not in text
    assert "The Tarsa was a ferry of the northern coast." in text
    # prose with an equals sign is no infobox
    sums = read_markdown("The rule a = b held in 1902, and b = c too.\n", "sums").text
    assert "a = b held in 1902" in sums


def test_markdown_drops_a_leftover_wiki_gallery() -> None:
    from timeline_desktop.ingest.readers.markdown import read_markdown

    page = (
        "Harbour views\n\n"
        "File:Keld Harbour 1902.jpg|The harbour in 1902 File:Tarsa Quay.png|The quay by night\n\n"
        "The Tarsa was launched at Keld in May 1902.\n\n"
        "Files of the harbour board were kept in the town hall.\n"
    )
    text = read_markdown(page, "views").text
    assert "File:" not in text and "The quay by night" not in text
    assert "The Tarsa was launched at Keld in May 1902." in text
    assert "Files of the harbour board were kept" in text
