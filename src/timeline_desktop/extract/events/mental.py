"""States of mind in a narrator's text: what the narrator or others thought, felt, feared
or observed of themselves is no happening ("I thought it far off", "They seemed much
troubled", "I held my tongue"). Only a narrated text (a diary, a memoir, a letter) is read
so: there a feeling or an opinion fills many sentences, while a history's "Galileo observed
the comet" reports a happening.

A verb of the mind is dropped from a clause's verbs; a clause left with none tells no
happening, and one with another verb ("They seemed troubled, and the King commanded me to
go") is that verb's. A feeling whose cause is a sight ("frighted to see him come in") keeps
its happening.
"""

from __future__ import annotations

import re

from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.events import reported
from timeline_desktop.extract.events.narrator import NarratorWords, narrated
from timeline_desktop.extract.events.title_clauses import elided_motion
from timeline_desktop.extract.events.verbs import Verb, verbs
from timeline_desktop.extract.events.words import WORD
from timeline_desktop.extract.lexicon import Lexicon


class MindWords:
    """The word lists of states of mind (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.mental = lex.words("mental_verbs")
        self.causes = lex.words("feeling_causes")
        self.held_back = lex.pattern("held_back")


def of_the_mind(doc: Doc, verb: Verb) -> bool:
    """Whether `verb` tells a state of mind ("thought", "feared", "troubled at")."""
    mw = doc.lexicon.compiled(MindWords)
    w = verb[2].lower()
    if w in mw.mental:
        return True
    if mw.held_back.match(doc.text, verb[0]):
        return True  # "held my tongue": nothing done
    if w not in doc.lexicon.compiled(NarratorWords).feelings:
        return False
    text = doc.text
    if text.startswith(" by ", verb[1]):
        return False  # "hindered by other business": a passive, something befell them
    if text.startswith(" to ", verb[1]):
        m = WORD.match(text, verb[1] + 4)
        if m is not None and m.group().lower() in mw.causes:
            return False  # "frighted to see him come in": what was seen happened
    m = WORD.match(text, verb[1] + 1)
    # "which troubled me", "it pleased the King": a feeling caused in someone is a doing
    return not (text[verb[1] : verb[1] + 1] == " " and m and m.group().lower() in _OBJECTS)


_OBJECTS = frozenset(["me", "us", "him", "her", "them", "his", "my", "our", "their"])


def happenings(doc: Doc, found: list[Verb], pos: int) -> list[Verb]:
    """`found` without the verbs of a condition or a supposition ("if he sells the mill"),
    and without those of the mind where the text at `pos` is narrated."""
    if found:
        found = [v for v in found if not reported.unreal(doc, v, pos)]
    if found and narrated(doc, pos):
        # "...before the Duke of York; which signified little": a comment on what was told
        found = [v for v in found if not _COMMENT.search(doc.text, max(pos, v[0] - 20), v[0])]
    if not found or not any(of_the_mind(doc, v) for v in found):
        return found
    if not narrated(doc, pos):
        return found
    return [v for v in found if not of_the_mind(doc, v) and not _in_a_thought(doc, found, v)]


def _in_a_thought(doc: Doc, found: list[Verb], verb: Verb) -> bool:
    """Whether `verb` tells what a verb of the mind before it thought, observed or felt
    ("I observed that hardly a cart was loaded", "He hopes we shall have peace", "eased to
    have my money secured"): it stands in the same stretch, no comma or semicolon between,
    and is not a second verb of the same subject ("frighted and kept awake")."""
    text = doc.text
    for v in found:
        if v[0] >= verb[0]:
            return False
        if not of_the_mind(doc, v):
            continue
        gap = text[v[1] : verb[0]]
        if any(c in gap for c in ",;:") or _JOINED.search(gap):
            continue
        return True
    return False


_JOINED = re.compile(r"\b(?:and|but|or|then)\s+(?:\w+\s+)?$")
_COMMENT = re.compile(r"[;:]\s*which\s+(?:\w+\s+)?$")  # "; which (much) troubled me"


def subject_end(doc: Doc, found: list[Verb], vpos: int) -> int:
    """Where the subject of the verb at `vpos` ends when verbs of the mind went before it:
    before the first of them when the verbs share their subject ("I was much frighted and
    kept awake": "I"), else at `vpos` ("They seemed troubled, and the King commanded")."""
    before = [v for v in found if v[1] <= vpos and of_the_mind(doc, v)]
    if not before:
        return vpos
    gap = doc.text[before[-1][1] : vpos]
    if "," in gap or ";" in gap:
        return vpos
    return before[0][0]


def noun_in_a_thought(doc: Doc, s: int, e: int) -> bool:
    """Whether the first event noun of a verbless piece of narrated text [s, e) stands
    after a verb of the mind ("He hopes we shall have no riot upon this fire"): the noun
    is what was hoped or feared, no happening told."""
    at = doc.ew.event_noun_at(doc.text, s, e)
    if at < 0 or not narrated(doc, s):
        return False
    mental = doc.lexicon.compiled(MindWords).mental
    return any(m.group().lower() in mental for m in WORD.finditer(doc.text, s, at))


def entry_tells_happening(doc: Doc, s: int, e: int) -> bool:
    """Whether a diary entry's sentence [s, e) tells a happening: a verb that is no state of
    mind ("They seemed much troubled" tells none; "So to bed" an unstated "I went"), or a
    happening noun outside a thought ("He hopes we shall have no riot upon this fire")."""
    if reported.news_verb(doc, [], s, e):
        return True  # "I hear that the ferry is sunk": the news is a happening
    found = verbs(doc.ew, doc.text, s, e)
    if not found:
        if doc.ew.has_event_noun(doc.text, s, e) and not noun_in_a_thought(doc, s, e):
            return True
        # "In the evening, out by coach with Ada": a going told without its verb, unless
        # the sentence goes on to a verb not read ("So to the mill, and there did ...")
        return bool(elided_motion(doc, s, e)) and not _joined_on(doc, s, e)
    return bool(happenings(doc, found, s)) or elided_motion(doc, s, found[0][0])


_PIECE = re.compile(r"[^,;:()]+")


def _joined_on(doc: Doc, s: int, e: int) -> bool:
    """Whether a piece after the first of [s, e) opens on a conjunction and holds no verb of
    being ("..., and there did to my content ship off ..."): another doing of the narrator,
    whose verb the verb rules missed."""
    nw = doc.lexicon.compiled(NarratorWords)
    pieces = [p.group().lower().split() for p in _PIECE.finditer(doc.text, s, e)]
    return any(
        p and p[0] in doc.ew.verb_coordinators and nw.be_forms.isdisjoint(p) for p in pieces[1:]
    )
