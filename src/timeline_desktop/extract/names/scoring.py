"""Evidence that a capitalised segment names a person, from the words around it.

A title before it ("Marshal Zhukov"), "who" after it, a role in apposition (", the leader
of"), a person verb ("Zhukov said"), a possessive with a person noun ("Stalin's death") or a
role noun before it count for a person; a locative preposition ("in Moscow"), a work noun
("the film Tsar"), "the" before it or a number after it ("Apollo 8") against. The first
cue for a person is kept on the segment (`Seg.cue`): it is the name rule `explain` shows.
"""

from __future__ import annotations

import re

from timeline_desktop.extract.names.runs import Seg
from timeline_desktop.extract.names.words import NameWords

_BEFORE_WORD = re.compile(r"([\w’'-]+)\W*$")
_JOINERS = "’'-"
_AGENT_PLURAL = re.compile(r"[a-z](?:ers|ors|ants|ents|ians|ists|ists)$")
_OPENS = re.compile(r"(?:^|[.!?][\"”’)]*\s+|\n\s*)$")
_APPOSITION_WORDS = re.compile(r"[a-z][a-z’'-]*|[^\sa-z]")
_DIGIT_AFTER = re.compile(r"\s*\d")
# a possessive, then a capitalised article: the title of a work someone owns or wrote
_OWNED_WORK = re.compile(r"\b(?:his|her|their|its|my|our|your)\s+(?:A|An|The)\s+$")
_POSSESSIVES = frozenset(["his", "her", "their", "its", "my", "our", "your"])
_CLAUSE_OPENERS = frozenset(
    ["and", "but", "then", "that", "when", "while", "until", "so", "which", "where", "whom"]
)
_NAME_BETWEEN = re.compile(r"\b[A-Z][a-z]")
_DEGREE = frozenset(["very", "most", "more", "quite", "rather", "so", "too", "truly"])
_OPEN_QUOTES = '“"«‘'
_CLOSE_QUOTES = '”"»’'

# the cues for a person, by the name `explain` gives their rule
TITLE, WHO, ROLE_AFTER, POSSESSIVE, VERB, LIFE_VERB, ROLE_BEFORE, CUE_BEFORE = (
    "title+name",
    "name+who",
    "name+role",
    "name's+person noun",
    "name+person verb",
    "name+life verb",
    "role+name",
    "born/by+name",
)
PRONOUN_AFTER = "name+his/him in its clause"


def word_before(text: str, pos: int, limit: int = 30) -> tuple[int, int] | None:
    """(start, end) of the last word before `pos` within `limit` characters: what
    `_BEFORE_WORD.search` finds, by a backward walk (an end-anchored regex search retries at
    every position of the window, and this runs for every capitalised run)."""
    lo = max(0, pos - limit)
    k = pos - 1
    while k >= lo and not (text[k].isalnum() or text[k] == "_"):
        k -= 1
    if k < lo:
        m = _BEFORE_WORD.search(text, lo, pos)  # only joiners ("-") in the window
        return (m.start(1), m.end(1)) if m else None
    e = k + 1
    while e < pos and text[e] in _JOINERS:
        e += 1
    b = k
    while b > lo and (text[b - 1].isalnum() or text[b - 1] == "_" or text[b - 1] in _JOINERS):
        b -= 1
    return b, e


def _object_of_preposition(w: NameWords, text: str, pos: int) -> bool:
    """Whether a preposition stands right before `pos` ("from Jamaica")."""
    before = word_before(text, pos, 16)
    return (
        before is not None
        and not text[before[1] : pos].strip()
        and text[before[0] : before[1]] in w.object_prepositions
    )


def _apposition_head(w: NameWords, text: str, pos: int) -> str:
    """The head noun of an apposition from `pos`: its last word before punctuation or a
    function word ("a rhesus monkey" -> monkey, "the protectors of the king" -> protectors,
    "the party's spokesman" -> spokesman)."""
    head = ""
    for x in _APPOSITION_WORDS.findall(text, pos, pos + 60)[:6]:
        if not head and x in _DEGREE:
            continue  # "a very good soldier": the degree says nothing of the noun
        if not x[0].isalpha() or x in w.function_words:
            break
        head = x
    return head


_MAKER_REACH = 4  # words between a maker participle and its "by" ("engraved in 1610 by")


def _made_by(w: NameWords, text: str, pos: int) -> bool:
    """Whether a maker participle stands a few words before the "by" at `pos`, with no
    punctuation between ("engraved in Antwerp by", not "engraved, and later by")."""
    words = text[max(0, pos - 60) : pos].split()[-_MAKER_REACH:]
    for x in reversed(words):
        if x.lstrip("([\"“‘").lower() in w.maker_participles:
            return True
        if not x[-1].isalnum():
            return False
    return False


_COORDINATED_WORDS = 4  # capitalised words of the place before "and"


def _coordinated_place(w: NameWords, text: str, pos: int) -> bool:
    """Whether the "and" at `pos` joins a name to a place named after a place preposition
    ("at Leadenhall and", "in Upper Moor or"): the name after it is a place too. Not past a
    comma: "at Suez, and Ferdinand Lesseps was cheered" opens a clause on its subject."""
    k = pos
    for _ in range(_COORDINATED_WORDS):
        prev = word_before(text, k, 24)
        if prev is None or text[prev[1] : k].strip():
            return False
        word = text[prev[0] : prev[1]]
        if not word[:1].isupper():
            return k < pos and word in w.place_prepositions
        k = prev[0]
    return False


def _after_place_preposition(w: NameWords, text: str, seg: Seg) -> bool:
    """Whether a place preposition stands right before the mention ("born in Bergen"): a
    kinship apposition after it is the sentence subject's ("..., the daughter of a
    shipwright"), not the place's."""
    before = word_before(text, seg.start, 16)
    return (
        before is not None
        and not text[before[1] : seg.start].strip()
        and text[before[0] : before[1]].lower() in w.place_prepositions
    )


def _opens_clause(text: str, pos: int) -> bool:
    """Whether the name at `pos` opens a sentence or a clause (its subject, not the object
    of a verb or a preposition before it)."""
    if _OPENS.search(text, max(0, pos - 4), pos):
        return True
    before = word_before(text, pos, 16)
    if before is None:
        return True
    gap = text[before[1] : pos].strip()
    return gap in (",", ";") or text[before[0] : before[1]].lower() in _CLAUSE_OPENERS


def score_mention(w: NameWords, text: str, seg: Seg) -> float:
    """Evidence from the words around one mention that it names a person."""
    s = 0.0
    if seg.title:
        s, seg.cue, seg.strong = 2.5, TITLE, True
    elif len(seg.tokens) == 1 and _AGENT_PLURAL.search(seg.text) and _OPENS.search(
        text, max(0, seg.start - 4), seg.start
    ):
        seg.place_cue = True
        return -3.0  # "Landowners wanted ...": a plural noun opening a sentence
    end, stop = seg.end, seg.end + 120
    # the first character after the run decides which cues can match at all (this runs for
    # every capitalised run of the text, so each regex is tried only where it may match)
    first = text[end : end + 12].lstrip()[:1]
    role_after = False
    if first == ",":
        kin = w.kin_after.match(text, end, stop) is not None
        if kin and _after_place_preposition(w, text, seg):
            # "born in Bergen, the daughter of a shipwright": the kin of the sentence's
            # subject, not of the place
            seg.place_cue = True
            return s - 2
        if kin:
            s += 2  # "Pharnaces, son of Mithridates"
            seg.cue, seg.strong = seg.cue or ROLE_AFTER, True
        if w.who_after.match(text, end, stop):
            s += 2
            seg.cue, seg.strong = seg.cue or WHO, True
        ap = w.apposition.match(text, end, stop)
        head = _apposition_head(w, text, ap.start("role")) if ap else ""
        if head in w.work_nouns:
            seg.thing = True  # "Albert II, a rhesus monkey", "Endeavour, a bark": no person
            return -3.0
        if (
            head in w.role_nouns
            or (head.endswith("s") and head[:-1] in w.role_nouns)
            or (ap is not None and w.by_birth.match(text, ap.start("role")) is not None)
        ):
            # ", the astronomer"; ", a Chian by birth": what only a person is
            s += 2
            role_after = seg.strong = True
            seg.cue = seg.cue or ROLE_AFTER
    elif first == "w" and w.who_after.match(text, end, stop):
        s += 2
        seg.cue, seg.strong = seg.cue or WHO, True
    elif first == "t" and (ep := w.role_epithet.match(text, end, stop)) is not None and (
        ep.group("role") in w.role_nouns
    ):
        s += 2  # "Hortensius the praetor"
        seg.cue, seg.strong = seg.cue or ROLE_AFTER, True
    elif first == "a" and w.and_his.match(text, end, stop):
        s += 2  # "Cleopatra and her brother": a pronoun of a person takes the name up
        seg.cue, seg.strong = seg.cue or WHO, True
    if text.startswith(("'", "’"), end):  # a possessive
        pos = w.possessive_noun.match(text, end, stop)
        # "X's conclusion that", "X's late wife": the noun right after, or after a word
        noun = ""
        if pos is not None:
            noun = pos.group("first") if pos.group("first") in w.person_nouns else pos["noun"]
        if noun in w.person_nouns:
            s += 1
            seg.cue = seg.cue or POSSESSIVE
            seg.strong = seg.strong or noun in w.human_nouns
    elif first == "," or "a" <= first <= "z":  # the verb (or adverb) starts in lower case
        verb = w.verb_after.match(text, end, stop)
        v = verb.group("verb") if verb else ""
        cued = v in w.person_verbs or v in w.human_verbs or v in w.role_verbs
        if cued and _object_of_preposition(w, text, seg.start):
            v = ""  # "returning from Jamaica told": the name is no subject of the verb
        if v in w.person_verbs or v in w.human_verbs:
            life = v in w.life_verbs
            s += 2 if life else 1
            seg.cue = seg.cue or (LIFE_VERB if life else VERB)
            seg.strong = seg.strong or v in w.human_verbs
        if (
            v
            and len(seg.tokens) == 1
            and not seg.strong
            and text.find(" hi", end, end + 100) >= 0  # no his/him near: no regex to run
            and v not in w.function_words
            and not seg.text.endswith("ly")  # "Shortly after, he ...": an adverb
            and w.fold(seg.text) not in w.function_words
            and w.pronoun_in_clause.match(text, verb.end() if verb else end, stop)
            and not _NAME_BETWEEN.search(text, end, text.find(" h", end, stop))
            and _opens_clause(text, seg.start)
        ):
            s += 2  # "Norbanus narrowly escaped losing his army": a person's pronoun
            seg.cue, seg.strong = seg.cue or PRONOUN_AFTER, True
        if v in w.role_verbs and not seg.strong and verb is not None:
            # "X became abbess", "X was elected consul": only a person takes a role
            after = text[verb.end() : verb.end() + 40].split()[:4]
            roles = (a.strip(".,;:").lower() for a in after)
            if any(r in w.role_nouns or r in w.titles for r in roles):
                s += 1
                seg.cue, seg.strong = seg.cue or VERB, True
    elif first.isdigit() and _DIGIT_AFTER.match(text, end, stop):
        s -= 3  # "Apollo 8", "Room 14"
    elif first == ":" and len(seg.tokens) == 1 and text[end : end + 1] == ":":
        s -= 3  # "(Place: Venice": a field label
    before = word_before(text, seg.start)
    if before is None:
        return s
    gap = text[before[1] : seg.start].strip()
    if gap == ",":
        s += 0.5
    if "\n" in text[before[1] : seg.start]:
        return s
    word = text[before[0] : before[1]].lower()
    if gap == "" and word in _POSSESSIVES and not seg.title:
        seg.thing = True  # "in the third book of his De Legibus": what a person owns
        return -3.0
    if gap == "," and word in w.human_nouns and (word.endswith("s") or word == "children"):
        s += 2  # "two children, Ann and Tom": people named after their kin in apposition
        seg.cue, seg.strong = seg.cue or ROLE_BEFORE, True
    if word == "of" and not seg.title:
        # "the wife of X", "the accomplices of X", "a friend of X": what only people have;
        # "the later work of X", "the lampoons of X": what only people write
        owner = word_before(text, before[0])
        noun = text[owner[0] : owner[1]].lower() if owner else ""
        if (noun in w.human_nouns and noun not in w.owned_by_things) or noun in w.authored_nouns:
            s += 2
            seg.cue, seg.strong = seg.cue or POSSESSIVE, True
        elif noun in w.place_nouns:
            s -= 3  # "the town of Villa Rica", "the province of Asia": a place
            seg.place_cue = True
            seg.thing = len(seg.tokens) > 1 or seg.thing
    if word in w.cue_before:
        roles = w.role_nouns
        if (word in roles or (word.endswith("s") and word[:-1] in roles)) and gap in ("", ","):
            s += 2
            seg.cue, seg.strong = seg.cue or ROLE_BEFORE, True
        if word in w.place_prepositions and not role_after:
            # "in Moscow"; but "its voice in William Wilberforce, the member for Yorkshire"
            s -= 2
            seg.place_cue = True
        if word in w.work_nouns:
            s -= 3
        if word in w.run_break_before and not seg.title:
            s -= 3
        if word in w.name_cue_before and gap != ",":
            s += 0.5
            seg.cue = seg.cue or CUE_BEFORE
            if word == "one" and gap in ("", '"', "“") and text[before[0]] == "o":
                s += 1.5  # "one Canutius": a certain person of that name
                seg.strong = True
            elif word in w.nickname_nouns and gap == "":
                s += 1.5  # "the nickname Salvito had been given him": what a person bears
                seg.strong = True
            elif word in ("named", "called"):
                # "a servant of Cassius, named Demetrius": named after a person noun
                back = text[max(0, before[0] - 50) : before[0]].lower().split()[-5:]
                if any(x.strip(",") in w.role_nouns or x.strip(",") in w.human_nouns for x in back):
                    s += 1.5
                    seg.strong = True
            if word == "by" and _made_by(w, text, before[0]):
                # "written by X", "published in London by X": a maker is a person
                s += 1.5
                seg.strong = True
    elif word in ("and", "or") and gap == "" and _coordinated_place(w, text, before[0]):
        s -= 2  # "kept at Leadenhall and Mile End Green": the second place of "at"
        seg.place_cue = True
    elif gap == "" and len(word) < 4 and word.isdigit():
        cue = word_before(text, before[0])
        if cue is None or text[cue[0] : cue[1]].lower() not in w.year_cues:
            s -= 2  # "2 George Yard": an address; but "In 812 Horak dies" is a year
            seg.place_cue = True
    return s


def mark_titles_of_works(w: NameWords, text: str, segs: list[Seg]) -> None:
    """A run standing alone in quotes (the film “Les Compagnons”) or opening on a foreign
    article with two or more words after it names a work or a thing, not a person."""
    n = len(text)
    for g in segs:
        if g.thing:
            continue
        first = g.tokens[0].lower()
        if first in w.articles and (first in w.plural_articles or len(g.tokens) >= 3):
            g.thing = True
        elif _OWNED_WORK.search(text, max(0, g.start - 12), g.start) is not None:
            g.thing = True  # "in his A Garland of Songs": a thing of his, titled
        elif g.start > 0 and g.end < n and text[g.start - 1] in _OPEN_QUOTES:
            g.thing = text[g.end] in _CLOSE_QUOTES
