"""Markdown: rendered to plain text through markdown-it-py's token stream.

Working on tokens (not on the HTML it could produce) keeps the structure we need (headings,
list items, code blocks) while dropping all syntax: #, *, _, backticks, link targets.
Soft line breaks stay line breaks, as in the plain-text reader, so the text keeps the
author's lines. A page's apparatus is dropped, as in the wiki reader: footnote markers glued
to words ("Cathedral.[2]", "fire"[^1]"), paragraphs that are footnotes or reference entries
("[^1]: ...", "[75] Meltzer, 2007"), lines of wiki categories, and the sections headed
References, Notes, See also, External links or Further reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from timeline_desktop.ingest.readers.errors import FormatError
from timeline_desktop.ingest.readers.html import html_to_text
from timeline_desktop.ingest.readers.layout import (
    TextBuilder,
    collapse_spaces,
    edge_lines,
    source_url,
    url_from_source_value,
)
from timeline_desktop.ingest.readers.rendered import Rendered
from timeline_desktop.ingest.readers.wiki import infobox_dates

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_BR = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_URL_KEYS = ("canonical_url", "canonical", "url", "source_url", "source", "link")
_NOTE_MARKER = re.compile(r"(?<=\S)\[(?:\d{1,3}|\^[^\]\s]{1,20})\]")
_NOTE_PARAGRAPH = re.compile(r"^\[(?:\d{1,3}|\^[^\]\s]{1,20})\](?::|\s|$)|^(?:\S*\s*)?Category:\S")
_BARE_TITLE = re.compile(r"[^\n.!?:;,]{1,40}")
# a wiki gallery a conversion left as text: "File:Moon.jpg|caption File:Io.png|caption"
_GALLERY = re.compile(r"^(?:File|Image):[^|\n]{1,200}\.(?:jpe?g|png|svg|gif|tiff?|webp)\|", re.I)
_BARE = 7  # the "level" of a bare-line heading: any real heading ends its section
_APPARATUS = frozenset(
    {"references", "notes", "footnotes", "citations", "sources", "bibliography", "see also",
     "external links", "further reading", "works cited", "notes and references"}
)  # fmt: skip


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def read_markdown(text: str, stem: str) -> Rendered:
    meta, body = split_front_matter(text)
    tokens = _parser().parse(body)
    rendered = _render(tokens)
    if not rendered:
        raise FormatError("the Markdown has no readable text")
    title = meta.get("title") or _first_heading(tokens) or stem
    url = next(
        (u for key in _URL_KEYS if (u := url_from_source_value(meta.get(key, "")))), None
    ) or source_url(edge_lines(rendered), any_url=False)
    author = front_matter_author(text, meta)
    return Rendered(text=rendered, title=title, url=url, author=author)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Top-level `key: value` pairs of a leading YAML block, and the text after it.

    Only flat string values are needed (title, url), so no YAML library is involved.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in (match.group(1) or "").split("\n"):
        pair = _FRONT_KEY.match(line)
        if pair and pair.group(2):
            value = pair.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            meta.setdefault(pair.group(1).lower(), value.strip())
    return meta, text[match.end() :]


_AUTHOR_LIST = re.compile(
    r"^author\s*:\s*\n((?:[ \t]+-[ \t]*.+\n?)+)", re.MULTILINE | re.IGNORECASE
)


def front_matter_author(text: str, meta: dict[str, str]) -> str:
    """The author a YAML front matter names (`author: X`, or a list of one: `author:` then
    `- X`); "" for none or for several (a text by several hands has no one "I")."""
    name = meta.get("author", "")
    match = _FRONT_MATTER.match(text) if not name else None
    listed = _AUTHOR_LIST.search(match.group(1) or "") if match else None
    if listed:
        names = [x.strip().lstrip("-").strip().strip("\"'") for x in listed.group(1).splitlines()]
        names = [n for n in names if n]
        name = names[0] if len(names) == 1 else ""
    return "" if name.startswith("[") else name


def _first_heading(tokens: Sequence[Token]) -> str:
    for i, token in enumerate(tokens[:-1]):
        if token.type == "heading_open":
            title = collapse_spaces(_inline_text(tokens[i + 1]))
            if title:
                return title
    return ""


def _inline_text(token: Token) -> str:
    out = TextBuilder()
    _render_inline(token.children or [], out)
    return out.text()


def _render(tokens: Sequence[Token]) -> str:
    out = TextBuilder()
    lists: list[int | None] = []  # next number of each open ordered list, None if bulleted
    cells: list[int] = []
    skip_level = 0  # heading level of an apparatus section being skipped
    skip_until = ""  # the closing token type of a paragraph being skipped
    for i, token in enumerate(tokens):
        kind = token.type
        # sections start and end at the top level only, so skipping keeps lists balanced
        if kind == "heading_open" and token.level == 0:
            level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
            if skip_level and level <= skip_level:
                skip_level = 0
            title = collapse_spaces(tokens[i + 1].content).lower() if i + 1 < len(tokens) else ""
            if title.rstrip(":") in _APPARATUS:
                skip_level = level
        elif kind == "paragraph_open" and token.level == 0 and i + 1 < len(tokens):
            # a converted page's headings are often bare lines: "External links"
            line = tokens[i + 1].content
            if _BARE_TITLE.fullmatch(line):
                if collapse_spaces(line).lower() in _APPARATUS:
                    skip_level = _BARE
                elif skip_level == _BARE:
                    skip_level = 0
        if skip_level:
            continue
        if skip_until:
            if kind == skip_until:
                skip_until = ""
            continue
        if kind == "paragraph_open" and i + 1 < len(tokens):
            content = tokens[i + 1].content
            if _NOTE_PARAGRAPH.match(content) or _GALLERY.match(content):
                skip_until = "paragraph_close"  # notes, and image captions: no history
                continue
            if _INFOBOX_FIELD.search(content) and (fields := infobox_fields(content)) is not None:
                # a wiki infobox the conversion left as "| key = value" text
                if fields:
                    out.block(blank_line=True)
                    out.literal(fields)
                    out.block(blank_line=True)
                skip_until = "paragraph_close"
                continue
        if kind == "inline":
            _render_inline(token.children or [], out)
        elif kind in ("paragraph_open", "paragraph_close"):
            if not token.hidden:
                out.block(blank_line=True)
        elif kind in ("heading_open", "heading_close", "blockquote_open", "blockquote_close"):
            out.block(blank_line=True)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            out.block(blank_line=not lists)
            lists.append(_int(token.attrs.get("start"), 1) if kind == "ordered_list_open" else None)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
            out.block(blank_line=not lists)
        elif kind == "list_item_open":
            number = lists[-1] if lists else None
            if number is None:
                out.item("• ")
            else:
                out.item(f"{number}. ")
                lists[-1] = number + 1
        elif kind in ("fence", "code_block"):
            out.block(blank_line=True)
            out.literal(token.content.rstrip("\n"))
            out.block(blank_line=True)
        elif kind == "html_block":
            out.block(blank_line=True)
            out.literal(html_to_text(token.content))
            out.block(blank_line=True)
        elif kind in ("hr", "table_open", "table_close"):
            out.block(blank_line=True)
        elif kind == "tr_open":
            out.block()
            cells.append(0)
        elif kind == "tr_close" and cells:
            cells.pop()
        elif kind in ("th_open", "td_open") and cells:
            if cells[-1]:
                out.inline(" | ")
            cells[-1] += 1
    return out.text()


_FIELD = r"[ \t]*[a-z][a-z0-9_]*[ \t]*="  # an infobox field's "key =" after its "|"
_INFOBOX_FIELD = re.compile(rf"(?:^|\|){_FIELD}")
_INFOBOX_RESIDUE = re.compile(rf"^\s*(?:\}}\}}\s*)?\|{_FIELD}")
_INFOBOX_SPLIT = re.compile(rf"(?:^|\s)\|(?={_FIELD})")


def infobox_fields(content: str) -> str | None:
    """The "Label: value" lines of a wiki infobox left as text by a conversion ("| launch_site
    = Kennedy LC-39B | entered_service = December 8, 1995"), for the fields that hold a date,
    as the wiki reader gives them; None when the paragraph is no such residue (it must open
    on a field, or hold two)."""
    parts = _INFOBOX_SPLIT.split(content)
    fields = [p for p in parts[1:] if "=" in p]
    if not _INFOBOX_RESIDUE.match(content) and len(fields) < 2:
        return None
    lines = []
    for field in fields:
        key, _, value = field.partition("=")
        key, value = key.strip(), collapse_spaces(_NOTE_MARKER.sub("", value)).strip(" ;")
        if value and infobox_dates(key, value):
            label = re.sub(r"[\s_]+", " ", key).strip()
            lines.append(f"{label[:1].upper()}{label[1:]}: {value}")
    return "\n".join(lines)


def _render_inline(children: Sequence[Token], out: TextBuilder) -> None:
    for child in children:
        kind = child.type
        if kind == "text":
            out.inline(_NOTE_MARKER.sub("", child.content))
        elif kind == "code_inline":
            out.inline(child.content)
        elif kind == "softbreak" or kind == "hardbreak":
            out.line_break()
        elif kind == "image":
            out.inline(child.content)
        elif kind == "html_inline" and _BR.match(child.content.strip()):
            out.line_break()


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default
