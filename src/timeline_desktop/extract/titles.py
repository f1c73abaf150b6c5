"""Event titles: short "who did what" lines a reader can scan on a timeline.

Drafting builds a title from the clause's subject and verb phrase; this module cleans what
that leaves: list bullets and numbering, a leading date phrase ("In 1462 ..."), a leading
conjunction or relative pronoun ("And ...", "When ..."), dangling function words at the end,
and long record titles (a CSV "event" column) cut to their main clause. The rules look only
at word shapes and function words, never at particular names or phrases.
"""

from __future__ import annotations

import re

from timeline_desktop.extract.dates import tag
from timeline_desktop.extract.legacy_words import FUNCTION_WORDS, IRREGULAR_PAST, STATIVE_VERBS
from timeline_desktop.extract.text import NO_MASK

_NO_MASK = NO_MASK
_LEAD_SPAN = 100  # only a date opening the title matters: tag its first characters only

MAX_WORDS = 12

# Words that cannot open a title: they join it to text the title no longer has.
_LEAD_DROP = frozenset(
    [
        "and",
        "but",
        "or",
        "nor",
        "so",
        "then",
        "when",
        "whereas",
        "while",
        "which",
        "who",
        "whom",
        "whose",
        "that",
        "of",
        "as",
        "although",
        "though",
        "because",
        "if",
        "once",
        "where",
        "yet",
        "thus",
        "also",
        "hence",
        "meanwhile",
        "however",
        "moreover",
        "furthermore",
        "finally",
        "eventually",
        "later",
        "soon",
    ]
)
# Words that cannot close a title.
_TAIL_DROP = (
    FUNCTION_WORDS
    | frozenset(
        ["c", "ca", "circa", "approximately", "roughly", "early", "late", "mid", "until", "till"]
    )
) - frozenset(["it", "him", "them"])
# Words a leading date phrase may begin with ("early in 49 BC", "on 2 December 1804").
_DATE_LEAD = re.compile(
    r"^(?:(?:in|on|by|from|since|during|after|before|until|around|about|circa|c\.|ca\.|"
    r"early|late|mid|the|of|at|between|and|sometime|some\s+time|probably|perhaps)\s+)*$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[\s\W_]|\d{1,3}[.)](?=\s))+", re.UNICODE)
_OPEN_QUOTE = "\"“‘'("
_SPACE = re.compile(r"\s+")
_EMPH = re.compile(r"\*\*|__|`")
_PAREN = re.compile(r"\s*\([^()]*\)")
_CLAUSE_CUT = re.compile(r"\s*(?:;|\s[–—-]\s|—|:\s)")
_SUBORD = frozenset(
    [
        "until",
        "because",
        "although",
        "though",
        "while",
        "whereas",
        "unless",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
    ]
)
_AUX = frozenset(["is", "are", "was", "were", "has", "have", "had", "been", "be", "being"])


# A date can only open a title that has a digit among its first few words.
_DATE_OPEN = re.compile(r"(?:[^\s\d]+\s+){0,4}[^\s\d]*\d")


def _strip_leading_date(title: str) -> str:
    """Drop a date phrase that opens the title ("In April 1814 the allies ...")."""
    if _DATE_OPEN.match(title) is None:
        return title
    head = title[:_LEAD_SPAN]
    for t in tag(head, _NO_MASK):
        if t.end >= len(head) and len(title) > len(head):
            break  # a date cut off by the window: leave the title alone
        if t.start > 30:
            break
        if _DATE_LEAD.match(title[: t.start]):
            rest = title[t.end :].lstrip(" ,:;)–—-.")
            if len(rest.split()) >= 2:
                return rest
        break
    return title


def _strip_lead_words(title: str) -> str:
    words = title.split()
    while len(words) > 2 and words[0].lower().strip(",") in _LEAD_DROP:
        words.pop(0)
    return " ".join(words)


def _strip_tail(title: str) -> str:
    words = title.rstrip(" ,;:-–—(").split()
    while len(words) > 1 and words[-1].lower().strip(".,;:") in _TAIL_DROP:
        if words[-1][:1].isupper() and words[-2][:1].isupper():
            break  # "Zheng He", "Ne Win": a capitalised short word after a name is a name
        words.pop()
    return " ".join(words).rstrip(" ,;:-–—(")


def _is_verbish(word: str) -> bool:
    w = word.lower()
    return w in IRREGULAR_PAST or w in STATIVE_VERBS or (w.endswith("ed") and len(w) > 4)


def concise(title: str) -> str:
    """A long, sentence-like title cut to its main clause ("X, the former queen, is
    guillotined after ... before ..." -> "X is guillotined after ...")."""
    text = _SPACE.sub(" ", title).strip()
    if len(text.split()) <= 6:
        return text
    head, colon, _tail = text.partition(": ")
    if colon and 1 <= len(head.split()) <= 6 and not any(ch in head for ch in ",;"):
        return head  # "Coup of 18 Brumaire: Bonaparte and his allies move ..."
    cut = _CLAUSE_CUT.search(text)
    if cut and len(text[: cut.start()].split()) >= 3:
        text = text[: cut.start()]
    parts = [p.strip() for p in text.split(",")]
    if len(parts) >= 3 and parts[2][:1].islower():
        # "Subject, apposition, verb ...": the apposition goes
        first = parts[0].split()
        if not any(_is_verbish(w) for w in first[1:]):
            parts = [f"{parts[0]} {parts[2]}", *parts[3:]]
    text = parts[0] if len(parts) >= 2 and len(parts[0].split()) >= 3 else ", ".join(parts)
    words = text.split()
    if len(words) > MAX_WORDS:
        for i in range(4, len(words)):
            if words[i].lower() in _SUBORD or i >= MAX_WORDS:
                words = words[:i]
                break
    else:
        for i in range(4, len(words)):
            if words[i].lower() in _SUBORD:
                words = words[:i]
                break
    return " ".join(words)


def polish(title: str) -> str:
    """Clean a drafted title: no bullet, no opening date or conjunction, no dangling end."""
    t = _EMPH.sub("", title)
    t = _SPACE.sub(" ", t).strip()
    t = _BULLET.sub("", t) if t[:1] not in _OPEN_QUOTE else t
    t = _strip_leading_date(t)
    stripped = _strip_lead_words(t)
    if stripped != t:  # "And in 1462 ...": a date may open what is left
        t = _strip_leading_date(stripped)
    t = _strip_tail(t)
    t = re.sub(r"['’]s$", "", t).strip(" ,;:")
    if t.count("(") > t.count(")"):
        t = t[: t.rfind("(")].rstrip()
    return t[:1].upper() + t[1:]


def tidy_record_title(title: str) -> str:
    """A record's own title (a CSV event column), shortened to a timeline label."""
    return polish(concise(_PAREN.sub("", title)))


def key_phrase(clause: str) -> str:
    """The opening words of a clause without its dates, up to the first comma: the title
    for a clause with no usable verb ("Back in Chang'an c. 126 BC, with ..." -> "Back in
    Chang'an")."""
    text = _EMPH.sub("", clause)
    cut: list[str] = []
    pos = 0
    for t in tag(text, _NO_MASK):
        cut.append(text[pos : t.start])
        pos = t.end
    cut.append(text[pos:])
    text = _SPACE.sub(" ", " ".join(cut)).strip()
    text = _BULLET.sub("", text) if text[:1] not in _OPEN_QUOTE else text
    head = re.split(r"\s*(?:[,;:(]|\s[–—-]\s)\s*", text, maxsplit=1)[0]
    if len(head.split()) < 2:
        head = text
    return _strip_tail(" ".join(_strip_lead_words(head).split()[:8]))
