"""How much real content an HTML reader keeps, and how much page chrome it lets in.

Compares our HTML reader with trafilatura (default, recall-favouring and precision-favouring
modes) on saved pages. The content of each page is marked by hand below as XPath regions to
keep and regions inside them that are chrome anyway (bylines, share buttons, endnote
markers); everything else on the page is chrome. Texts are compared as sequences of words
(`\\w+`, so "Ruyter2984" is neither the word "Ruyter" nor content): a word of the output
aligned with the content (difflib, no junk heuristics) counts as kept, any other word of the
output as chrome. Numbers are characters of those words (spaces and punctuation not counted).

    .venv/bin/python benchmarks/html_content.py [--show NAME]

Needs lxml and trafilatura (installed with the app when it uses trafilatura).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Callable
from pathlib import Path

import lxml.html
import trafilatura

from timeline_desktop.ingest.readers.encoding import decode
from timeline_desktop.ingest.readers.html import read_html

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "corpus" / "real"
EPUB = "http://www.idpf.org/2007/ops"

# file: (regions that are content, regions inside them that are not)
PAGES: dict[Path, tuple[list[str], list[str]]] = {
    REAL / "wikimedia-turkey-access-restored.html": (
        ["//h1[normalize-space()]", "//article"],
        ["//*[contains(@class, 'social-share')]"],
    ),
    REAL / "pepys-diary-1666-09.xhtml": (["//body"], ["//a[@epub:type='noteref']"]),
    REAL / "suetonius-deified-julius.xhtml": (["//body"], ["//a[@epub:type='noteref']"]),
    REPO / "tests/data/heldout/norman-conquest-museum.html": (["//body"], ["//nav"]),
    REPO / "tests/data/heldout2/berlin-wall-anniversary-article.html": (
        ["//article"],
        ["//p[@class='byline']", "//p[@class='photo-credit']"],
    ),
    REPO / "tests/data/heldout3/amarna-period-timeline.html": (
        ["//article"],
        ["//p[@class='byline']"],
    ),
    REPO / "resources/demo/printing-press.html": (["//article"], ["//footer"]),
    REPO / "tests/data/readers/treaty-article.html": (
        ["//article"],
        ["//*[contains(@class, 'related')]", "//*[@hidden]", "//footer"],
    ),
}

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def gold_text(markup: bytes, keep: list[str], drop: list[str]) -> str:
    root = lxml.html.document_fromstring(markup)
    ns = {"epub": EPUB}
    # lxml.html drops namespace prefixes from attribute names: "epub:type" stays literal
    drop = [
        d.replace("@epub:type", "@*[local-name()='epub:type' or local-name()='type']") for d in drop
    ]
    for xpath in drop:
        for element in root.xpath(xpath, namespaces=ns):
            tail = element.tail
            parent = element.getparent()
            if parent is None:
                continue
            element.tail = None
            prev = element.getprevious()
            if tail:
                if prev is not None:
                    prev.tail = (prev.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
            parent.remove(element)
    for bad in root.xpath("//script|//style|//head"):
        bad.getparent().remove(bad)
    parts: list[str] = []
    for xpath in keep:
        for element in root.xpath(xpath, namespaces=ns):
            parts.append(" ".join(element.itertext()))
    return "\n".join(parts)


def ours(markup: bytes) -> str:
    return read_html(decode(markup).text, "page").text


def trafilatura_mode(**options: bool) -> Callable[[bytes], str]:
    def run(markup: bytes) -> str:
        return (
            trafilatura.extract(
                decode(markup).text,
                include_comments=False,
                include_tables=True,
                deduplicate=False,
                **options,
            )
            or ""
        )

    return run


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "ours": ours,
    "trafilatura": trafilatura_mode(),
    "trafilatura recall": trafilatura_mode(favor_recall=True),
    "trafilatura precision": trafilatura_mode(favor_precision=True),
}


def measure(gold: str, output: str) -> tuple[int, int, int]:
    """(content characters, content characters kept, chrome characters let in)."""
    g, o = words(gold), words(output)
    matcher = difflib.SequenceMatcher(None, g, o, autojunk=False)
    matched = [False] * len(o)
    for block in matcher.get_matching_blocks():
        for j in range(block.b, block.b + block.size):
            matched[j] = True
    kept = sum(len(w) for w, m in zip(o, matched, strict=True) if m)
    chrome = sum(len(w) for w, m in zip(o, matched, strict=True) if not m)
    return sum(len(w) for w in g), kept, chrome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--show", help="print each extractor's text for this file name")
    args = parser.parse_args()
    totals: dict[str, list[int]] = {name: [0, 0, 0] for name in EXTRACTORS}
    header = f"{'page':42} {'content':>8}" + "".join(f" {n:>24}" for n in EXTRACTORS)
    print(header + "\n" + " " * 51 + "   kept / chrome (chars)" * len(EXTRACTORS))
    for path, (keep, drop) in PAGES.items():
        if not path.is_file():
            print(f"{path.name:42} (missing)", file=sys.stderr)
            continue
        markup = path.read_bytes()
        gold = gold_text(markup, keep, drop)
        row = f"{path.name[:42]:42}"
        for i, (name, extract) in enumerate(EXTRACTORS.items()):
            output = extract(markup)
            total, kept, chrome = measure(gold, output)
            if i == 0:
                row += f" {total:8}"
            row += f" {kept:>14} / {chrome:>7}"
            for k, value in enumerate((total, kept, chrome)):
                totals[name][k] += value
            if args.show and args.show == path.name:
                print(f"===== {name}\n{output}\n")
        print(row)
    row = f"{'all pages':42} {totals['ours'][0]:8}"
    for total, kept, chrome in totals.values():
        row += f" {kept / total:13.1%} / {chrome:>7}"
    print(row)


if __name__ == "__main__":
    main()
