"""Property tests over the readers: whatever the bytes, a Document or a clear ReadError.

A ReadError must name the file and give a reason; "could not be read (SomeError: ...)" is the
catch-all for a reader bug and counts as a failure here. Texts, titles and warnings are
valid strings (no lone surrogates, so they can be stored, exported and shown).
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline_desktop.ingest.readers import SUPPORTED_SUFFIXES, ReadError, read_bytes

SUFFIXES = sorted(SUPPORTED_SUFFIXES)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of the markup the readers parse, to reach their rarer paths.
MARKUP = [
    "<p>", "</p>", "<div class='sidebar'>", "</div>", "<article>", "</article>", "<aside>",
    "</aside>", "<main>", "<h1>", "</h1>", "<li>", "<ol start='x'>", "<table><tr><td>", "<pre>",
    "<a href='#cite_note-1'>[1]</a>", "<sup><a href='#fn2'>2</a></sup>", "<br/>", "<!--",
    "-->", "<?xml version='1.0'?>", "<script>", "</script>", "&lt;ref&gt;", "&lt;/ref&gt;",
    "&amp;", "&#x0;", "&#xD800;", "{{", "}}", "{{Infobox x|date=", "|birth_date=", "[[", "]]",
    "[[File:a.png|thumb|b]]", "<ref>", "</ref>", "<ref name=a/>", "{{reflist}}",
    "{{birth date|1941|6|24}}", "{{circa|", "\n== References ==\n", "\n== See also ==\n",
    "\n= T =\n", "{|", "|-", "|}", "'''", "# ", "\n## Notes\n", "- ", "1. ", "> ", "```",
    "[^1]", "[^1]: ", "[26]", "---\ntitle: x\n---\n", "Category:x", "| ", "date,event\n",
    "1066,", '"', "\t", "\n", "\r\n", " ", "In 1066 Harold", "é", "Ж", "中", "\u200f", "\ufeff",
]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1",
             "cp1251", "utf-32"]  # fmt: skip


def check(data: bytes, suffix: str) -> None:
    name = f"sample{suffix}"
    try:
        doc = read_bytes(data, name)
    except ReadError as error:
        assert str(error).startswith(f"{name}: ") and error.reason
        assert not error.reason.startswith("could not be read ("), error.reason
        return
    for value in (doc.text, doc.title, *doc.warnings):
        assert isinstance(value, str)
        value.encode("utf-8")  # raises on a lone surrogate
    assert doc.text.strip()


@PROPERTY
@given(st.binary(max_size=3000), st.sampled_from(SUFFIXES))
def test_random_bytes(data: bytes, suffix: str) -> None:
    check(data, suffix)


@st.composite
def encoded_text(draw: st.DrawFn) -> bytes:
    """Markup-ish text in one or more encodings, maybe cut off, maybe with NULs."""
    pieces = draw(st.lists(st.sampled_from(MARKUP) | st.text(max_size=30), max_size=60))
    text = "".join(pieces)
    parts = []
    for chunk in (text[: len(text) // 2], text[len(text) // 2 :]):
        codec = draw(st.sampled_from(ENCODINGS))
        parts.append(chunk.encode(codec, errors="replace"))
        if not draw(st.booleans()):  # usually one encoding for the whole file
            parts[-1] = text.encode(codec, errors="replace")
            break
    data = b"".join(parts)
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" * draw(st.integers(1, 3)) + data[at:]
    return data


@PROPERTY
@given(encoded_text(), st.sampled_from(SUFFIXES))
def test_markup_in_mixed_encodings(data: bytes, suffix: str) -> None:
    check(data, suffix)


@PROPERTY
@given(st.text(max_size=2000), st.sampled_from(SUFFIXES))
def test_any_utf8_text(text: str, suffix: str) -> None:
    check(text.encode("utf-8", errors="surrogatepass"), suffix)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_lone_surrogate_never_reaches_the_text(suffix: str) -> None:
    """Surrogates encoded as UTF-8 bytes (CESU/WTF-8) are not UTF-8; nor is a BOM'd UTF-16
    file with an unpaired surrogate."""
    check(b"date,event\n1066,Hastings \xed\xa0\x80 fought\n", suffix)
    check(codecs.BOM_UTF16_LE + "In 1066 Harold".encode("utf-16-le") + b"\x00\xd8", suffix)
    check(b"<p>In 1066 &#xD800; Harold&#0;</p>", suffix)
