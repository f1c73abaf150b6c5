"""HTML and XHTML: the visible article text, without page chrome (menus, footers, scripts,
cookie bars, related-post cards, reference lists, endnote markers).

Parsed with the stdlib `html.parser` (the lenient parser BeautifulSoup's "html.parser"
backend wraps) into a slim tree of our own: BeautifulSoup's tree took about 3 s for a 5 MB
page, this takes well under one. Broken markup is repaired the way browsers do it for the
common cases (unclosed <p>, <li>, <td>; stray end tags). Nothing is ever fetched.

Chrome is recognised by tag, ARIA/EPUB role and class or id words. When a page has one
<article> holding most of its text, only that article and the page's <h1> are read: what
sits beside a single article (teasers of other posts, calls to action, photo credits) is
never its content. An <aside> inside the content (a box of dated awards in a biography) is
content; one beside it is a sidebar. trafilatura was measured against this reader on saved
pages and e-book chapters (benchmarks/html_content.py): it let in less chrome on a news
page but dropped <time> elements (a diary's dated headings) and content <aside>s, so dates
were lost; this reader, with the rules above, keeps both and lets in as little chrome.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from html.parser import HTMLParser

from timeline_desktop.ingest.readers.errors import FormatError
from timeline_desktop.ingest.readers.layout import TextBuilder, collapse_spaces, word_set
from timeline_desktop.ingest.readers.rendered import Rendered

# Never visible, or never part of the document itself.
_DROP_TAGS = word_set(
    "head title script style noscript template nav footer form iframe frame frameset "
    "svg math canvas video audio object embed map button select textarea input dialog "
    "figcaption"
)
_DROP_ROLES = word_set(
    "navigation menu menubar search contentinfo dialog alert doc-noteref doc-endnotes "
    "doc-footnote doc-bibliography doc-backlink"
)
# epub:type values of notes and of the links to them (EPUB 3 structural semantics)
_DROP_EPUB_TYPES = word_set(
    "noteref endnotes endnote footnotes footnote rearnotes rearnote biblioref backlink"
)
# id/class words that mark page chrome; matched as whole words of the id or class.
_CHROME_WORDS = word_set(
    "nav navbar navigation menu menubar footer sidebar cookie cookies consent breadcrumb "
    "breadcrumbs skiplink share sharing social newsletter advert advertisement ads popup "
    "related readmore promo cta subscribe signup donate credit credits byline caption "
    # MediaWiki pages: edit links, navigation boxes, categories, maintenance and hat notes,
    # tables of contents, reference lists
    "editsection navbox catlinks printfooter noprint ambox hatnote toc sistersitebox "
    "references reflist refbegin footnotes endnotes"
)
_CHROME_SUFFIXES = ("nav", "navbar", "menu", "footer", "sidebar", "breadcrumbs", "caption")
# A link or superscript that is only a note marker: "12", "[12]", "[a]", "*", "†"
_NOTE_MARKER = re.compile(r"\[?(?:\d{1,4}|[a-z]{1,2}|[*†‡§])\]?")
_NOTE_TARGET = re.compile(r"#(?:cite[_-]note|fn|note|footnote|endnote|ref)", re.IGNORECASE)
_KEEP_TAGS = word_set("html body main article")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORD = re.compile(r"[^a-z0-9]+")

# Paragraph-like blocks get a blank line around them; other blocks just a line break.
_PARAGRAPHS = word_set(
    "p h1 h2 h3 h4 h5 h6 blockquote pre table dl figure hr address details fieldset"
)
_BLOCKS = _PARAGRAPHS | word_set(
    "div section article main header hgroup li dt dd tr caption figcaption summary center "
    "legend body html ul ol menu dir listing plaintext"
)
_LISTS = word_set("ul ol menu dir")
_PREFORMATTED = word_set("pre listing plaintext")

# Tree repair: elements without end tags, and start tags that close an open element.
_VOID = word_set(
    "area base br col embed hr img input keygen link meta param source track wbr basefont frame"
)
_CLOSES_P = word_set(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul li dd dt"
)
_P_SCOPE = word_set("html body table td th caption button object template marquee applet")
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # start tag: (open elements it closes, elements that stop the search)
    "li": (word_set("li"), word_set("ul ol menu dir table")),
    "dt": (word_set("dt dd"), word_set("dl table")),
    "dd": (word_set("dt dd"), word_set("dl table")),
    "tr": (word_set("tr td th"), word_set("table")),
    "td": (word_set("td th"), word_set("tr table")),
    "th": (word_set("td th"), word_set("tr table")),
    "option": (word_set("option"), word_set("select datalist")),
}
_P = word_set("p")
_NO_ATTRS: dict[str, str] = {}
_RAW_TEXT = word_set("script style")  # their text is code, not part of the page's text
_HAS_MAIN, _HAS_NAV, _HAS_H1 = 1, 2, 4
#: Share of the page's text one <article> must hold for the rest of the page to be chrome.
_FOCUS_SHARE = 0.5


class _Element:
    """One element of the slim tree, with what its subtree holds (for chrome decisions)."""

    __slots__ = ("attrs", "children", "flags", "name", "text_len")

    def __init__(self, name: str, attrs: dict[str, str]) -> None:
        self.name = name
        self.attrs = attrs
        self.children: list[_Element | str] = []
        self.text_len = 0
        self.flags = 0


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#document", _NO_ATTRS)
        self._open: list[_Element] = [self.root]
        self._open_count: dict[str, int] = {}  # open elements by name, to skip hopeless scans
        self.title: _Element | None = None
        self.h1: _Element | None = None
        self.meta: dict[str, str] = {}

    # --- parser callbacks -----------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._new(tag, attrs)
        if tag in _VOID:
            self._open[-1].children.append(element)
            return
        if tag in _CLOSES_P and self._open_count.get("p"):
            self._close_within(_P, _P_SCOPE)
        implied = _IMPLIED.get(tag)
        if implied is not None and any(self._open_count.get(t) for t in implied[0]):
            self._close_within(*implied)
        self._open[-1].children.append(element)
        self._open.append(element)
        self._open_count[tag] = self._open_count.get(tag, 0) + 1
        if tag == "title" and self.title is None:
            self.title = element
        elif tag == "h1" and self.h1 is None:
            self.h1 = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(self._new(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if not self._open_count.get(tag):
            return  # a stray end tag: ignored, as browsers do
        depth = len(self._open) - 1
        while self._open[depth].name != tag:
            depth -= 1
        while len(self._open) > depth:
            self._pop()

    def handle_data(self, data: str) -> None:
        current = self._open[-1]
        current.children.append(data)
        if current.name not in _RAW_TEXT:
            current.text_len += len(data)

    def close(self) -> None:
        super().close()
        while len(self._open) > 1:
            self._pop()

    # --- helpers --------------------------------------------------------------------------

    def _new(self, tag: str, attrs: list[tuple[str, str | None]]) -> _Element:
        if not attrs:
            return _Element(tag, _NO_ATTRS)
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            key = values.get("property") or values.get("name", "")
            self.meta.setdefault(key.lower(), values.get("content", ""))
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.meta.setdefault("canonical", values.get("href", ""))
        return _Element(tag, values)

    def _close_within(self, targets: frozenset[str], boundaries: frozenset[str]) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            name = self._open[depth].name
            if name in targets:
                while len(self._open) > depth:
                    self._pop()
                return
            if name in boundaries:
                return

    def _pop(self) -> None:
        element = self._open.pop()
        self._open_count[element.name] -= 1
        parent = self._open[-1]
        parent.text_len += element.text_len
        parent.flags |= element.flags
        if element.name in ("main", "article"):
            parent.flags |= _HAS_MAIN
        elif element.name in ("nav", "menu") or element.attrs.get("role") == "navigation":
            parent.flags |= _HAS_NAV
        elif element.name == "h1":
            parent.flags |= _HAS_H1


def read_html(text: str, stem: str) -> Rendered:
    builder = _parse(text)
    body = _Renderer(builder.root).render()
    if not body:
        raise FormatError("the HTML has no visible text")
    return Rendered(
        text=body, title=_title(builder) or stem, url=_url(builder.meta), author=_author(builder)
    )


def html_to_text(markup: str) -> str:
    """Render an HTML document or fragment to readable text (also used for Markdown's HTML)."""
    return _Renderer(_parse(markup).root).render()


def _parse(markup: str) -> _TreeBuilder:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder


def _title(builder: _TreeBuilder) -> str:
    candidates = [
        _plain_text(builder.title),
        builder.meta.get("og:title", ""),
        _plain_text(builder.h1),
    ]
    return next((t for t in map(collapse_spaces, candidates) if t), "")


_AUTHOR_KEYS = ("author", "dc.creator", "dc:creator", "dcterms.creator", "article:author")


def _author(builder: _TreeBuilder) -> str:
    """The author the page's metadata names: a `<meta name="author">` or a Dublin Core
    creator in the head ("" when none does)."""
    for key in _AUTHOR_KEYS:
        name = collapse_spaces(builder.meta.get(key, ""))
        if name and "://" not in name:  # "article:author" may be a profile's address
            return name
    return ""


def _plain_text(element: _Element | None) -> str:
    if element is None:
        return ""
    parts: list[str] = []
    stack: list[_Element | str] = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        else:
            stack.extend(reversed(node.children))
            parts.append(" ")
    return "".join(parts)


def _url(meta: dict[str, str]) -> str | None:
    for key in ("canonical", "og:url"):
        url = meta.get(key, "").strip()
        if url.lower().startswith(("http://", "https://")):
            return url
    return None


class _Renderer:
    """Walks the tree iteratively (broken HTML can nest very deeply) into a TextBuilder."""

    def __init__(self, root: _Element) -> None:
        self._root = root
        self._out = TextBuilder()
        self._lists: list[list[int] | None] = []  # None for <ul>, [next number] for <ol>
        self._cells: list[int] = []  # cells seen so far in each open table row
        self._pre = 0
        self._content = 0  # open <main>/<article> elements
        self._focus, self._focus_path = _focus_article(root)
        self._in_focus = 0

    def render(self) -> str:
        out = self._out
        stack: list[tuple[_Element, Iterator[_Element | str]]] = [
            (self._root, iter(self._root.children))
        ]
        while stack:
            element, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                self._close(element)
            elif isinstance(child, str):
                if self._pre:
                    out.literal(child)
                else:
                    out.inline(child)
            elif not self._skip(child):
                self._open(child)
                nodes = child.children
                if child.name in _PREFORMATTED and nodes and isinstance(nodes[0], str):
                    # browsers ignore a newline right after <pre>
                    nodes = [nodes[0].removeprefix("\n"), *nodes[1:]]
                stack.append((child, iter(nodes)))
        return out.text()

    def _open(self, element: _Element) -> None:
        name = element.name
        if name in ("main", "article"):
            self._content += 1
        if element is self._focus:
            self._in_focus += 1
        if name in _BLOCKS:
            self._out.block(blank_line=self._blank_line(name))
        if name == "br":
            self._out.line_break()
        elif name in _LISTS:
            self._lists.append([_int(element.attrs.get("start"), 1)] if name == "ol" else None)
        elif name == "li":
            numbers = self._lists[-1] if self._lists else None
            if numbers is None:
                self._out.item("• ")
            else:
                self._out.item(f"{numbers[0]}. ")
                numbers[0] += 1
        elif name == "tr":
            self._cells.append(0)
        elif name in ("td", "th") and self._cells:
            if self._cells[-1]:
                self._out.inline(" | ")
            self._cells[-1] += 1
        elif name in _PREFORMATTED:
            self._pre += 1

    def _close(self, element: _Element) -> None:
        name = element.name
        if name in ("main", "article"):
            self._content -= 1
        if element is self._focus:
            self._in_focus -= 1
        if name in _LISTS and self._lists:
            self._lists.pop()
        elif name == "tr" and self._cells:
            self._cells.pop()
        elif name in _PREFORMATTED:
            self._pre -= 1
        if name in _BLOCKS:
            self._out.block(blank_line=self._blank_line(name))

    def _blank_line(self, name: str) -> bool:
        """Paragraph-like blocks get a blank line, except inside lists (items stay together)."""
        if self._lists:
            return False
        return name in _PARAGRAPHS or name in _LISTS

    def _skip(self, element: _Element) -> bool:
        name, attrs = element.name, element.attrs
        if name in _DROP_TAGS:
            return True
        if self._beside_focus(element):
            # beside the page's one article: only its title (an <h1>) is content
            return not (name == "h1" or element.flags & _HAS_H1)
        if name == "aside" and not self._content and self._root.flags & _HAS_MAIN:
            return True  # a sidebar beside the page's <main> or <article>
        if name in ("a", "sup") and self._is_note_marker(element):
            return True
        if not attrs:
            return name == "header" and bool(element.flags & _HAS_NAV)
        epub_type = attrs.get("epub:type")
        if epub_type and not _DROP_EPUB_TYPES.isdisjoint(epub_type.lower().split()):
            return True
        if name in _KEEP_TAGS:
            return False
        if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
            return True
        if _HIDDEN_STYLE.search(attrs.get("style", "")):
            return True
        if attrs.get("role", "").lower() in _DROP_ROLES:
            return True
        if name == "header" and element.flags & _HAS_NAV:
            return True
        return self._looks_like_chrome(element)

    def _beside_focus(self, element: _Element) -> bool:
        if self._focus is None or self._in_focus or element is self._focus:
            return False
        return id(element) not in self._focus_path

    @staticmethod
    def _is_note_marker(element: _Element) -> bool:
        """A footnote or endnote link ("De Ruyter<a href="#note-12">12</a>"): not text."""
        if element.name == "a":
            href = element.attrs.get("href", "")
            if not (_NOTE_TARGET.search(href) or "note" in href.lower()):
                return False
        elif not any(isinstance(c, _Element) and c.name == "a" for c in element.children):
            return False  # a superscript without a link: "m<sup>2</sup>", "19<sup>th</sup>"
        text = "".join(_plain_text(element).split())
        return bool(text) and _NOTE_MARKER.fullmatch(text) is not None

    def _looks_like_chrome(self, element: _Element) -> bool:
        marks = f"{element.attrs.get('class', '')} {element.attrs.get('id', '')}".lower()
        if marks == " " or not _chrome_marks(marks):
            return False
        # A wrapper such as <div class="page has-sidebar"> holds the article itself: keep it.
        if element.flags & _HAS_MAIN:
            return False
        total = self._root.text_len
        return total < 200 or element.text_len < 0.5 * total


def _focus_article(root: _Element) -> tuple[_Element | None, set[int]]:
    """The page's one <article> when it holds most of the text, and ids of its ancestors.

    Pages with several articles (a diary of dated entries, a list of posts) have no focus.
    """
    found: list[tuple[_Element, list[_Element]]] = []
    stack: list[tuple[_Element, list[_Element]]] = [(root, [])]
    while stack:
        element, path = stack.pop()
        for child in element.children:
            if not isinstance(child, _Element) or child.name in _DROP_TAGS:
                continue
            if child.name == "article":
                found.append((child, [*path, element]))
                if len(found) > 1:
                    return None, set()
            elif child.flags & _HAS_MAIN:
                stack.append((child, [*path, element]))
    if not found:
        return None, set()
    article, path = found[0]
    if _visible_len(article) < _FOCUS_SHARE * _visible_len(root):
        return None, set()
    return article, {id(e) for e in path}


def _visible_len(element: _Element) -> int:
    """Characters of text outside never-shown elements, not counting the indentation."""
    total = 0
    stack: list[_Element | str] = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            total += len(node.strip())
        elif node.name not in _DROP_TAGS and node.name not in _RAW_TEXT:
            stack.extend(node.children)
    return total


@lru_cache(maxsize=4096)
def _chrome_marks(marks: str) -> bool:
    """Whether a class/id string names page chrome ("site-footer", "mainNav", "sidebar")."""
    words = (w for w in _WORD.split(marks) if w)
    return any(w in _CHROME_WORDS or w.endswith(_CHROME_SUFFIXES) for w in words)


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default
