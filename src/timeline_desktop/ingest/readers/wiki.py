"""MediaWiki markup: rendered to the text a reader of the page sees, without its apparatus.

mwparserfromhell gives a real parse tree (links, templates, tags, headings). Footnotes
(<ref>), citation templates and the reference, notes, "See also" and "External links"
sections are dropped: their publication and access dates ("Retrieved 2 June 2014",
"Archived from the original on ...") and "[26]" markers only ever made false events and
misread years. Templates are dropped except a few that carry visible text (dates, language
tags, lists); an infobox gives one "Label: value" line per field that holds a date
("Date: 23 May 1618 – 15 May 1648"), as a reader of the page sees it in the box. Markup that
arrived HTML-escaped (&lt;ref&gt;) is unescaped first. Source lines are kept as written: a
single newline stays a line break. Lines of MediaWiki page chrome copied along with a page
are removed first.
"""

from __future__ import annotations

import calendar
import html
import re

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
_TEXT_TEMPLATES = {"lang": 2, "nowrap": 1, "nobr": 1, "small": 1, "big": 1, "longitem": 1}
_LIST_TEMPLATES = frozenset(
    {"hlist", "ublist", "flatlist", "plainlist", "unbulleted list", "bulleted list", "cslist"}
)
_DATE_TEMPLATE = re.compile(
    r"^(?:birth|death|start|end|film|release|marriage)[ _-]?(?:date|year)"
    r"(?:[ _]and[ _](?:age|years))?$|^dts$"
)
_SHORT_CITES = frozenset({"harvnb", "harv", "harvp", "harvtxt"})
# Sections that hold a page's apparatus, not its content: dropped up to the next heading of
# the same or a higher level.
_APPARATUS = frozenset(
    {
        "references", "notes", "footnotes", "citations", "sources", "bibliography",
        "external links", "further reading", "see also", "works cited", "notes and references",
        "references and notes", "general references", "explanatory notes", "cited sources",
    }
)  # fmt: skip
_INFOBOX_DATE_KEY = re.compile(
    r"date|year|born|died|start|end|established|founded|opened|closed|reign|term|period"
    r"|launch|released|formed|dissolved|signed|effective",
    re.IGNORECASE,
)
_INFOBOX_SKIP_KEY = re.compile(r"image|caption|ref|map|coord|alt|signature|website|url|footnote")
_OFFICE_KEYS = ("office", "title", "order", "position")
_YEARLIKE = re.compile(r"\b\d{3,4}\b")
_ESCAPED_TAG = re.compile(
    r"&lt;(/?[ \t]*(?:ref|references|br|small|big|sup|sub|span|div|nowiki|blockquote|center"
    r"|code|pre|poem|gallery|s|u|i|b)\b[^\n]*?)&gt;",
    re.IGNORECASE,
)
_SHIP_PREFIXES = word_set("USS HMS HMAS HMCS HMNZS SS RMS MV USNS USCGC SMS HNLMS INS")
_LEAD_BOLD = re.compile(r"(?m)^'''([^'\n]{2,120})'''")


def read_wiki(text: str, stem: str) -> Rendered:
    lines = text.split("\n")
    url = _retrieved_from(lines) or source_url(edge_lines(text), any_url=False)
    kept = "\n".join(line for line in lines if not _CHROME_LINES.match(line))
    if "&lt;" in kept:
        kept = _ESCAPED_TAG.sub(lambda m: "<" + html.unescape(m.group(1)) + ">", kept)
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


class _Renderer:
    def render(self, code: Wikicode) -> str:
        parts: list[str] = []
        skip_level = 0  # level of the apparatus section being skipped, 0 if none
        for node in code.nodes:
            if isinstance(node, Heading):
                if skip_level and node.level <= skip_level:
                    skip_level = 0
                if collapse_spaces(self.plain(node.title)).lower() in _APPARATUS:
                    skip_level = node.level
            if not skip_level:
                parts.append(self._node(node))
        text = _MAGIC_WORDS.sub("", "".join(parts))
        lines = [_SPACE_RUNS.sub(" ", line) for line in text.split("\n")]
        return tidy("\n".join(lines))

    def plain(self, code: Wikicode) -> str:
        """Rendered text of a fragment (for titles and headings)."""
        return self._code(code)

    def _code(self, code: Wikicode | None) -> str:
        if code is None:
            return ""
        return "".join(self._node(node) for node in code.nodes)

    def _node(self, node: Node) -> str:
        if isinstance(node, Text):
            return str(node.value)
        if isinstance(node, HTMLEntity):
            # HTML's rules: "&#xD800;" and "&#0;" become U+FFFD, never a lone surrogate or NUL
            return html.unescape(str(node))
        if isinstance(node, Wikilink):
            return self._wikilink(node)
        if isinstance(node, ExternalLink):
            label = self._code(node.title).strip() if node.title else ""
            return label or str(node.url).strip()
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
        if name in ("ref", "references"):
            return ""  # footnotes: see the module docstring
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

    def _template(self, template: Template) -> str:
        name = collapse_spaces(str(template.name)).lower().replace("_", " ")
        if name.startswith("infobox"):
            return self._infobox(template)
        if name in _SHORT_CITES:  # an author-date reference in the prose: "(Hughes 1998)"
            return self._short_citation(template)
        if name in ("c.", "circa", "c", "fl.", "floruit"):
            prefix = "fl. " if name.startswith("fl") else "c. "
            return prefix + self._param(template, "1")
        if name in _TEXT_TEMPLATES:
            return self._param(template, str(_TEXT_TEMPLATES[name]))
        if name in _LIST_TEMPLATES:
            return ", ".join(v for v in self._positional(template) if v)
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

    def _infobox(self, template: Template) -> str:
        """One "Label: value" line per field that holds a date, as the box shows it."""
        lines = []
        for param in template.params:
            key = collapse_spaces(str(param.name))
            if not param.showkey or _INFOBOX_SKIP_KEY.search(key.lower()):
                continue
            dated = any(
                _DATE_TEMPLATE.match(collapse_spaces(str(t.name)).lower().replace("_", " "))
                for t in param.value.filter_templates()
            )
            value = collapse_spaces(self._code(param.value))
            if value and (dated or infobox_dates(key, value)):
                label = re.sub(r"[\s_]+", " ", key).strip()
                group = label[len(label.rstrip("0123456789")) :]
                label = label.removesuffix(group).strip()
                # an officeholder's terms: "White House Counsel, term start: ..."
                office = next(
                    (o for k in _OFFICE_KEYS if (o := self._param(template, k + group))), ""
                )
                label = f"{office}, {label}" if office and label.startswith("term") else label
                lines.append(f"{label[:1].upper()}{label[1:]}: {value}")
        return "\n".join(lines) + "\n\n" if lines else ""

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


def infobox_dates(key: str, value: str) -> bool:
    """Whether an infobox field is one a reader shows: a date-like key with a year-like
    value, and no picture, map or reference."""
    return (
        not _INFOBOX_SKIP_KEY.search(key.lower())
        and bool(_INFOBOX_DATE_KEY.search(key))
        and bool(_YEARLIKE.search(value))
    )


def _pages(page: str, pages: str) -> str:
    if pages:
        return f"pp. {pages}"
    return f"p. {page}" if page else ""
