"""MediaWiki markup: rendered to the text a reader of the page sees, citations kept readable.

mwparserfromhell gives a real parse tree (links, templates, tags, headings). Footnotes
(<ref>) become " [n]" markers in place and a numbered reference list, written where the page
has <references/> or {{reflist}}, else appended under a "References" line, so citations stay
readable in the stored text. Templates are dropped except citations and a few that carry
visible text (dates, language tags). Source lines are kept as written: a single newline stays
a line break. Lines of MediaWiki page chrome copied along with a page are removed first.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import (
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from timeline_desktop.ingest.readers.errors import FormatError
from timeline_desktop.ingest.readers.layout import (
    collapse_spaces,
    edge_lines,
    source_url,
    tidy,
    word_set,
)
from timeline_desktop.ingest.readers.rendered import Rendered

# Page chrome that comes along when a page is copied from a browser; removed when alone on
# a line.
_CHROME_LINES = re.compile(
    r"^\s*(?:jump to:?\s*navigation,?\s*(?:jump to\s*)?search"
    r"|navigation menu|no edit summary|changes|views|personal tools|namespaces|variants"
    r"|from wikipedia, the free encyclopedia"
    r"|(?:\((?:diff|hist|cur|prev)\)\s*[|·]?\s*)+"
    r"|retrieved from\b.*)\s*$",
    re.IGNORECASE,
)
_RETRIEVED_FROM = re.compile(r"^\s*retrieved from\s*\"?(https?://[^\s\"]+)", re.IGNORECASE)
_MAGIC_WORDS = re.compile(r"__[A-Z]+__")
_SPACE_RUNS = re.compile(r"(?<=\S)[ \t]{2,}")

_MEDIA_NAMESPACES = ("file:", "image:", "media:", "category:")
_BLOCK_TAGS = word_set("div p blockquote center table tr li dd dt ul ol pre h1 h2 h3 h4")
_DROPPED_TAGS = word_set("gallery imagemap timeline graph templatedata score")
_LITERAL_TAGS = word_set("nowiki pre code syntaxhighlight source math chem poem")
_REFLIST_TEMPLATES = frozenset({"reflist", "references", "refs", "notelist", "reference list"})
_TEXT_TEMPLATES = {"lang": 2, "nowrap": 1, "nobr": 1, "small": 1, "big": 1}
_DATE_TEMPLATE = re.compile(r"^(?:birth|death|start|end|film)[ _]date(?:[ _]and[ _]age)?$|^dts$")
_SHORT_CITES = frozenset({"sfn", "harvnb", "harv", "harvp", "sfnp"})
_SHIP_PREFIXES = word_set("USS HMS HMAS HMCS HMNZS SS RMS MV USNS USCGC SMS HNLMS INS")
_LEAD_BOLD = re.compile(r"(?m)^'''([^'\n]{2,120})'''")
_REFS_SLOT = "\ue000references\ue000"


def read_wiki(text: str, stem: str) -> Rendered:
    lines = text.split("\n")
    url = _retrieved_from(lines) or source_url(edge_lines(text), any_url=False)
    kept = "\n".join(line for line in lines if not _CHROME_LINES.match(line))
    renderer = _Renderer()
    try:
        code = mwparserfromhell.parse(kept)
        body = renderer.render(code)
    except RecursionError:  # the parser recurses once per nesting level ({{{{{{...)
        raise FormatError("the wiki markup is nested too deeply to read") from None
    if not body:
        raise FormatError("the wiki page has no readable text")
    return Rendered(text=body, title=_title(code, renderer, stem), url=url)


def _title(code: Wikicode, renderer: _Renderer, fallback: str) -> str:
    """The page's subject: a top-level "= Title =", else the bold term opening the lead
    paragraph (as encyclopedia articles name their subject), else the first heading."""
    headings = [h for h in code.filter_headings(recursive=False) if renderer.plain(h.title)]
    top = [h for h in headings if h.level == 1]
    if top:
        return collapse_spaces(renderer.plain(top[0].title))
    lead = _LEAD_BOLD.search(str(code)[:2000])
    if lead and (term := collapse_spaces(renderer.plain(mwparserfromhell.parse(lead[1])))):
        return term
    if headings:
        return collapse_spaces(renderer.plain(headings[0].title))
    return fallback


def _retrieved_from(lines: list[str]) -> str | None:
    for line in lines:
        match = _RETRIEVED_FROM.match(line)
        if match:
            return match.group(1)
    return None


@dataclass
class _Citations:
    """Footnotes in order of first use; a named footnote keeps one number."""

    texts: list[str] = field(default_factory=list)
    by_name: dict[str, int] = field(default_factory=dict)

    def add(self, text: str, name: str = "") -> int:
        if name and name in self.by_name:
            number = self.by_name[name]
            if text and not self.texts[number - 1]:
                self.texts[number - 1] = text
            return number
        self.texts.append(text)
        number = len(self.texts)
        if name:
            self.by_name[name] = number
        return number

    def listing(self) -> str:
        return "\n".join(f"[{n}] {text or '(no text)'}" for n, text in enumerate(self.texts, 1))


class _Renderer:
    def __init__(self) -> None:
        self._citations = _Citations()
        self._slot_used = False
        self._in_ref = 0

    def render(self, code: Wikicode) -> str:
        text = self._code(code)
        text = _MAGIC_WORDS.sub("", text)
        lines = [_SPACE_RUNS.sub(" ", line) for line in text.split("\n")]
        text = tidy("\n".join(lines))
        refs = self._citations.listing()
        if self._slot_used:
            text = tidy(text.replace(_REFS_SLOT, refs, 1).replace(_REFS_SLOT, ""))
        elif refs and text:
            text = f"{text}\n\nReferences\n{refs}"
        return text

    def plain(self, code: Wikicode) -> str:
        """Render without touching the footnote list (for titles)."""
        saved = self._citations
        self._citations = _Citations()
        try:
            return self._code(code)
        finally:
            self._citations = saved

    def _code(self, code: Wikicode | None) -> str:
        if code is None:
            return ""
        return "".join(self._node(node) for node in code.nodes)

    def _node(self, node: Node) -> str:
        if isinstance(node, Text):
            return str(node.value)
        if isinstance(node, HTMLEntity):
            return node.normalize()
        if isinstance(node, Wikilink):
            return self._wikilink(node)
        if isinstance(node, ExternalLink):
            label = self._code(node.title).strip() if node.title else ""
            url = str(node.url).strip()
            if self._in_ref and label:
                return f"{label} ({url})"
            return label or url
        if isinstance(node, Heading):
            return collapse_spaces(self._code(node.title))
        if isinstance(node, Tag):
            return self._tag(node)
        if isinstance(node, Template):
            return self._template(node)
        if isinstance(node, Comment):
            return ""
        return ""  # arguments ({{{1}}}) and anything unknown have no visible text

    def _wikilink(self, link: Wikilink) -> str:
        target = str(link.title).strip()
        if target.lower().startswith(_MEDIA_NAMESPACES):
            return ""
        if link.text is not None:
            return self._code(link.text)
        return target.lstrip(":")

    def _tag(self, tag: Tag) -> str:
        name = str(tag.tag).strip().lower()
        if name == "ref":
            return self._ref(tag)
        if name == "references":
            return self._refs_slot()
        if name == "br":
            return "\n"
        if name in _DROPPED_TAGS:
            return ""
        if name in _LITERAL_TAGS:
            return str(tag.contents) if tag.contents is not None else ""
        if tag.wiki_markup in ("*", "#"):
            return "• "
        if tag.wiki_markup in (":", ";"):
            return ""
        if name == "table":
            return "\n" + self._table(tag) + "\n"
        inner = self._code(tag.contents)
        if name in _BLOCK_TAGS:
            return f"\n{inner}\n"
        return inner

    def _table(self, table: Tag) -> str:
        """One line per row, cells joined by " | "; a caption ("|+ ...") gets its own line."""
        rows: list[list[Tag]] = [[]]
        for node in table.contents.nodes if table.contents else []:
            if not isinstance(node, Tag):
                continue
            if str(node.tag).lower() == "tr":
                rows.append([n for n in node.contents.nodes if isinstance(n, Tag)])
                rows.append([])
            else:  # cells before the first "|-" belong to an implicit first row
                rows[-1].append(node)
        lines = []
        for cells in rows:
            texts = [collapse_spaces(self._code(cell.contents)) for cell in cells]
            texts = [t.removeprefix("+ ").removeprefix("+") for t in texts if t]
            lines.append(" | ".join(texts))
        return "\n".join(line for line in lines if line)

    def _ref(self, tag: Tag) -> str:
        name = str(tag.get("name").value).strip().strip("\"'") if tag.has("name") else ""
        self._in_ref += 1
        try:
            text = collapse_spaces(self._code(tag.contents)) if not tag.self_closing else ""
        finally:
            self._in_ref -= 1
        if not text and not name:
            return ""
        return f" [{self._citations.add(text, name)}]"

    def _refs_slot(self) -> str:
        self._slot_used = True
        return _REFS_SLOT

    def _template(self, template: Template) -> str:
        name = collapse_spaces(str(template.name)).lower().replace("_", " ")
        if name in ("cite", "citation") or name.startswith("cite "):
            text = self._citation(template)
            return text if self._in_ref else f" [{self._citations.add(text)}]"
        if name in _SHORT_CITES:
            text = self._short_citation(template)
            return f" [{self._citations.add(text)}]" if name.startswith("sfn") else text
        if name in _REFLIST_TEMPLATES:
            return self._refs_slot()
        if name in ("c.", "circa", "c"):
            return "c. "
        if name in _TEXT_TEMPLATES:
            return self._param(template, str(_TEXT_TEMPLATES[name]))
        if _DATE_TEMPLATE.match(name):
            return self._date(template)
        if name.upper() in _SHIP_PREFIXES:  # {{USS|Hornet|CV-12}} -> USS Hornet (CV-12)
            ship, number = self._param(template, "1"), self._param(template, "2")
            return f"{name.upper()} {ship}" + (f" ({number})" if number else "")
        if name in ("convert", "cvt"):  # {{convert|21.5|kg|lb}} -> 21.5 kg
            words: list[str] = []
            for value in self._positional(template):
                words.append(value)
                if value[:1].isalpha() and value not in ("to", "and", "by", "x"):
                    break
            return " ".join(words)
        return ""

    def _positional(self, template: Template) -> list[str]:
        return [collapse_spaces(self._code(p.value)) for p in template.params if not p.showkey]

    def _param(self, template: Template, key: str) -> str:
        if not template.has(key):
            return ""
        return collapse_spaces(self._code(template.get(key).value))

    def _citation(self, template: Template) -> str:
        """A citation template as one readable line: authors. "Title". Work. Date. Pages. URL."""
        authors = [self._param(template, k) for k in ("author", "author1", "authors", "editor")]
        for suffix in ("", "1", "2", "3"):
            last, first = (
                self._param(template, "last" + suffix),
                self._param(template, "first" + suffix),
            )
            if last:
                authors.append(f"{last}, {first}" if first else last)
        title = self._param(template, "title")
        parts = [
            "; ".join(a for a in authors if a),
            f'"{title}"' if title else "",
            *(
                self._param(template, k)
                for k in ("website", "work", "newspaper", "journal", "magazine", "publisher")
            ),
            self._param(template, "date") or self._param(template, "year"),
            _pages(self._param(template, "page"), self._param(template, "pages")),
            self._param(template, "url"),
        ]
        return ". ".join(p.rstrip(".") if not p.startswith("http") else p for p in parts if p)

    def _short_citation(self, template: Template) -> str:
        positional = self._positional(template)
        pages = _pages(self._param(template, "p"), self._param(template, "pp"))
        return ", ".join(x for x in (" ".join(p for p in positional if p), pages) if x)

    def _date(self, template: Template) -> str:
        numbers: list[int] = []
        for p in template.params:
            if p.showkey:
                continue
            value = str(p.value).strip()
            if not value.lstrip("-").isdigit() or len(numbers) == 3:
                break
            numbers.append(int(value))
        if not numbers:
            return ""
        year, *rest = numbers
        if rest and 1 <= rest[0] <= 12:
            month = calendar.month_name[rest[0]]
            return f"{rest[1]} {month} {year}" if len(rest) > 1 else f"{month} {year}"
        return str(year)


def _pages(page: str, pages: str) -> str:
    if pages:
        return f"pp. {pages}"
    return f"p. {page}" if page else ""
