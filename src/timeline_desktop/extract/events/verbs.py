"""Verbs of a clause: where a happening is reported, and what kind of verb reports it.

Past tenses ("died", "was appointed", "fought"), a happening verb after a pronoun ("he
dies"), an -ing verb after a comma (", leading the army") and the historical present of
timelines ("In 1066 William invades England", "the plague reaches Florence") and a verb after
an emphatic "did" ("did dig a pit") count; a past participle after "the" or before ", by" is
an adjective or a passive aside, not the verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from timeline_desktop.extract.events.words import (
    CLASS_VERB,
    ING,
    OLD_PAST,
    PAST,
    PRESENT,
    WORD,
    EventWords,
    WordTable,
)

_PARTS = ("en", "wn", "ne")  # endings of irregular past participles ("broken", "drawn")

Verb = tuple[int, int, str]
"""(start, end, word) of a verb."""


def verbs(
    ew: EventWords, text: str, start: int, end: int, table: WordTable | None = None
) -> list[Verb]:
    """(start, end, word) of likely finite or participle verbs in text[start:end]; `table`:
    the words of `text`, when its document has them (`Doc.words`)."""
    out = []
    prev = prev2 = prev_raw = ""
    kinds = ew.verb_kinds
    pronouns, determiners, adj_before = ew.pronouns, ew.determiners, ew.adjective_leads
    emphatic, function_words = ew.emphatic_auxiliaries, ew.function_words
    passive, acts = ew.passive_auxiliaries, ew.stative_acts
    irregular = ew.irregular_past
    infinitive = ew.infinitive_marks
    place_adverbs, coordinators, base_past = ew.place_adverbs, ew.verb_coordinators, ew.past_of_base
    passive_be = ew.infinitive_be
    leads = ew.verb_leads
    for ms, me, w in _words(text, start, end, table):
        got = kinds[w]  # memoised: the word tests are the same in every clause
        if got[1]:
            lw, kind = got
            is_verb = False
            if kind == OLD_PAST:
                is_verb = w[0].islower() and _old_past_after(ew, prev, prev_raw)  # "Hale come"
            elif kind == PRESENT:
                # after a name ("William invades"), a pronoun, or "the plague reaches"
                is_verb = w[0].islower() and (
                    (prev_raw[:1].isupper() and prev not in determiners)
                    or prev in pronouns
                    or prev2 in determiners
                )
            elif prev in infinitive or (prev2 in infinitive and prev in passive_be):
                pass  # "to set things to rights", "to be found": an infinitive, no happening
            elif w[0].islower() or prev == "":
                if kind == PAST:
                    participle = text[max(start, ms - 2) : ms] == ", " and (
                        text.startswith(" by ", me)
                    )
                    # "a comet that broke up" (not "that broken wall", a participle)
                    relative = prev == "that" and (
                        (lw in irregular and not lw.endswith(_PARTS))
                        or ew.object_after.match(text, me) is not None
                    )  # "that destroyed the mill" (not "that ruined city")
                    is_verb = (prev not in adj_before or relative) and not (
                        participle and lw.endswith("ed")
                    )
                    if text.startswith(" be ", me):
                        is_verb = False  # "blessed be God!": an exclamation, no happening
                    if is_verb and not out and _aside_opens(ew, text, start, ms, prev, prev2):
                        is_verb = not _aside_before_verb(ew, text, me, end)
                elif kind == CLASS_VERB:
                    is_verb = prev in pronouns or prev == ""
            elif kind == ING:
                lead = text[max(start, ms - 16) : ms]
                is_verb = ew.ing_lead.search(lead) is not None
            if is_verb:
                out.append((ms, me, w))
        elif got[0] in acts and prev not in passive and _act_with_particle(ew, text, w, me):
            out.append((ms, me, w))  # "called the match off": an act
        elif got[0] in ew.naming_acts and _names_someone(text, ms, me, prev, prev_raw, ew):
            out.append((ms, me, w))  # "McPherson called Johnson ...": what one said of another
        elif prev not in leads:
            pass  # most words: no verb, and none of the words below stands before them
        elif (
            (prev in emphatic or (prev in ew.emphatic_gap and prev2 in emphatic))
            and w[0].islower()
            and got[0] not in function_words
        ):
            out.append((ms, me, w))  # "did dig", "did tell the King", "did now give"
        elif (
            prev in ew.old_emphatic or (prev in ew.emphatic_gap and prev2 in ew.old_emphatic)
        ) and got[0] in base_past:
            out.append((ms, me, w))  # "He do now give me a watch"
        elif prev in place_adverbs and prev2 in coordinators and got[0] in base_past:
            out.append((ms, me, w))  # a diarist's "and there find him"
        elif prev in passive and got[0] in acts and ew.passive_agent.match(text, me):
            out.append((ms, me, w))  # "was named in honour of", "considered by"
        prev2, prev, prev_raw = prev, got[0], w
    return out


def _words(
    text: str, start: int, end: int, table: WordTable | None
) -> Iterable[tuple[int, int, str]]:
    """(start, end, word) of the words of text[start:end]: from `table` unless the stretch
    cuts a word there."""
    found = table.span(start, end) if table is not None and table.text is text else None
    if found is None:
        return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, end)]
    i, j = found
    return zip(table.starts[i:j], table.ends[i:j], table.forms[i:j], strict=True)


def _act_with_particle(ew: EventWords, text: str, w: str, end: int) -> bool:
    """Whether a stative verb ("called") takes a particle that makes it an act ("called
    the match off", "called off the strike")."""
    return w[0].islower() and ew.act_particle.match(text, end) is not None


_NAMED_NEXT = re.compile(r" [A-Z“\"]")


def _names_someone(text: str, ms: int, me: int, prev: str, prev_raw: str, ew: EventWords) -> bool:
    """Whether "called" or "named" at [ms, me) follows a name right before it and precedes
    a name or a quotation: someone calling someone something, not "a town called X"."""
    return (
        prev_raw[:1].isupper()
        and prev not in ew.function_words
        and text[ms - 2 : ms - 1].isalpha()
        and _NAMED_NEXT.match(text, me) is not None
    )


def _old_past_after(ew: EventWords, prev: str, prev_raw: str) -> bool:
    """Whether an old past form ("come") follows its subject: a name ("Hale come") or
    "he"/"she" (a present would read "comes"), not an auxiliary, "to" or "they"."""
    if prev in ew.singular_pronouns:
        return True
    return prev_raw[:1].isupper() and prev not in ew.function_words and len(prev) > 1


def _aside_opens(ew: EventWords, text: str, start: int, ms: int, prev: str, prev2: str) -> bool:
    """Whether a participle at `ms` follows a comma, perhaps after a word of degree
    (", allied with", ", all undressed and dirty,")."""
    if text[max(start, ms - 2) : ms] == ", ":
        return True
    if prev not in ew.aside_degree_words:
        return False
    before = text[max(start, ms - len(prev) - 3) : ms - len(prev) - 1]
    return before.endswith(", ")


_ASIDE_REACH = 120  # how far a participle's aside may run before its closing comma


def _aside_before_verb(ew: EventWords, text: str, pos: int, end: int) -> bool:
    """ "The farmers, allied with the miners, rose in revolt": a past participle after the
    subject's comma, whose phrase closes on a comma before a past-tense verb, is an aside;
    that verb is the clause's."""
    close = text.find(", ", pos, min(end, pos + _ASIDE_REACH))
    if close < 0 or any(c.isdigit() for c in text[pos:close]):
        return False  # "Apollo 13, launched on 11 April 1970, showed": the aside is dated
    m = WORD.match(text, close + 2, end)
    return m is not None and m.group()[0].islower() and ew.verb_kinds[m.group()][1] == PAST


_KIND_NAMES = {
    PAST: "past-tense verb",
    CLASS_VERB: "happening verb after a pronoun",
    ING: "-ing verb after a comma",
    PRESENT: "historical present",
}


def verb_kind_name(ew: EventWords, word: str) -> str:
    """What kind of verb a clause's verb is, as the clause rule `explain` shows."""
    return _KIND_NAMES.get(ew.verb_kinds[word][1], "verb")


def states(ew: EventWords, text: str, start: int, end: int) -> list[Verb]:
    """(start, end, word) of the verbs of being in text[start:end] ("was", "lived",
    "remained"): no happening alone, but a state the clause may date with a span."""
    copulas = ew.state_verbs
    return [
        (m.start(), m.end(), m.group())
        for m in WORD.finditer(text, start, end)
        if m.group().lower() in copulas
    ]
