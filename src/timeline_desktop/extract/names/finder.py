"""The people stage: personal names, from capitalised runs and cues, clustered into people.

A capitalised run is a name only with evidence: a title before it ("Marshal", "King"), a
role in apposition (", the leader of"), a person verb after it ("died", "said"), "who", a
possessive with a person noun ("X's death"), or being listed together with known people.
Organisation, event and place words, nationality adjectives and "the" before the run keep
things ("the Central Committee", "Secret Speech") out. Once a full name is accepted its parts
are recognised alone in this document, and through the context's known people in later
documents. Transliteration variants share a folding key, and stated aliases ("born X",
"better known as Y") join one person (`aliases`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import pairwise

from timeline_desktop.domain.model import Person
from timeline_desktop.extract.lexicon import Lexicon, load
from timeline_desktop.extract.names import aliases, listed
from timeline_desktop.extract.names import evidence as proof
from timeline_desktop.extract.names.clusters import Cluster, Mention, PeopleFound
from timeline_desktop.extract.names.cuts import (
    holder_after_office,
    noun_before_name,
    pronoun_after_name,
    split_joined_names,
)
from timeline_desktop.extract.names.evidence import cluster_gender
from timeline_desktop.extract.names.relatives import narrator_relatives
from timeline_desktop.extract.names.runs import Seg, Segmenter
from timeline_desktop.extract.names.saints import mark_saints
from timeline_desktop.extract.names.scoring import TITLE, mark_titles_of_works, score_mention
from timeline_desktop.extract.names.sovereigns import sovereign_mentions
from timeline_desktop.extract.names.words import ROMAN_OK, NameWords, plain
from timeline_desktop.extract.text import Mask

# a word the text writes in lower case (not inside a longer word or a hyphenated one); the
# letter comes before the test of the character before it, which lets the regex engine
# skip to the next letter (`(?<![\w'’-])[a-z][a-z]+(?![\w'’-])`, 15% faster)
_LOWER_WORD = re.compile(r"[a-z](?<![\w'’-][a-z])[a-z]+(?![\w'’-])")

_SUFFIX = re.compile(r",?[ \t]+(?:Jr|Sr)\.|,?[ \t]+(?:Jr|Sr)\b")
_CONTRACTION = re.compile(r"['’](?:ve|ll|re|m|d)$")
_FIRST_WORD = re.compile(r"[ \t]*([\w.’'-]+)")
# the endings of plural nouns for groups of people ("Democrats", "Lutherans", "Jacobites")
_GROUP_PLURAL = re.compile(r"(?:ers|ors|ants|ents|ians|ists|ats|ans|ites|ics)$")
_PARTICLE_GAP = re.compile(r"[ \t]+(?:[a-z]+[ \t]+){1,2}")

# how a mention was found to name a person (besides the cues of `scoring`)
KNOWN = "known person"
FULL_NAME = "capitalised full name"
SURNAME_KNOWN = "surname of a known person"
STYLED = "styled name (X, Duke of Y)"
STYLE_PLACE = "place of a styled name"
ALONE = "name alone"
PEERAGE = "peerage (the Duke of York)"
ONE_PERSON = "another name of a well-known person"
# mention rules that are evidence of a person by themselves
_SURE_RULES = frozenset([STYLED, PEERAGE, aliases.STATED, aliases.BIRTH_NAME, "title+name"])


class KnownLookups:
    """The keys the people stage looked up among the known people of one document.

    Known people reach a document's result only through these lookups, so the result holds
    for any other set of known people that answers them alike: an import can find the people
    of a document ahead (`ingest.prepare`) while earlier documents are still being stored,
    and keep that result unless a person stored since could answer one of them.
    """

    __slots__ = ("names", "surnames")

    def __init__(self) -> None:
        self.names: set[str] = set()  # keys of whole names (or single words)
        self.surnames: set[str] = set()  # single words looked up as a known surname

    def touched_by(self, person: Person, w: NameWords) -> bool:
        """Whether `person` answers one of the lookups (as known, or as known before)."""
        for form in (person.name, *person.aliases):
            # the index is keyed so ("Octavian" asks for the key of "Augustus")
            if w.person_key(form) in self.names:
                return True
        toks = w.key(plain(person.name)).split()
        return len(toks) > 1 and toks[-1] in self.surnames


class _Asking(dict):
    """A lookup table that notes every key asked of it (and is asked even when empty)."""

    def __init__(self, table: dict, asked: set[str]) -> None:
        super().__init__(table)
        self._asked = asked

    def __bool__(self) -> bool:
        return True  # "if table:" must not skip a lookup an emptier table would skip

    def __contains__(self, key: object) -> bool:
        self._asked.add(key)  # type: ignore[arg-type]
        return super().__contains__(key)

    def get(self, key, default=None):
        self._asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self._asked.add(key)
        return super().__getitem__(key)


class _People:
    """The clusters of one document while they are built."""

    def __init__(self, w: NameWords) -> None:
        self.w = w
        self.clusters: list[Cluster] = []
        self.mentions: list[Mention] = []
        self.by_key: dict[str, int] = {}
        self.by_token: dict[str, list[int]] = defaultdict(list)  # surnames and later parts
        self.by_first: dict[str, list[int]] = defaultdict(list)  # first names of full names
        self.indexed: set[tuple[int, str]] = set()  # (person, key of a name) indexed

    def cluster_for(
        self, form: str, pos: int, person: Person | None = None, key: str | None = None
    ) -> int:
        key = self.w.person_key(form) if key is None else key
        idx = self.by_key.get(key)
        if idx is not None:
            if key in self.w.best_known and (idx, self.w.key(plain(form))) not in self.indexed:
                self._index_words(form, idx)  # "Marcus Antonius" after "Mark Antony"
            return idx
        idx = len(self.clusters)
        self.clusters.append(Cluster(self.w, known=person, famous=key in self.w.best_known))
        self.by_key[key] = idx
        self._index_words(form, idx)
        return idx

    def _index_words(self, form: str, idx: int) -> None:
        """Index the words of a name of person `idx`: its surname and later parts alone,
        and its first name, will find the person."""
        head = plain(form)
        self.indexed.add((idx, self.w.key(head)))  # (as `cluster_for` asks)
        for sep in self.w.name_tail_breaks:  # "Richard of York": "Richard" is the name
            head = head.split(sep)[0]
        toks = [t for t in self.w.key(head).split() if len(t) > 1 and not ROMAN_OK.match(t.upper())]
        for k, t in enumerate(toks):
            # "Galileo" alone is not "Galileo Galilei": a first name is not a surname
            first = k == 0 and len(toks) > 1 and bool(self.w.given(head.split()[0]))
            index = (self.by_first if first else self.by_token)[t]
            if idx not in index:
                index.append(idx)

    def add(self, seg: Seg, form: str, idx: int, rule: str) -> Cluster:
        """A mention of cluster `idx` by segment `seg`, written `form`."""
        c = self.clusters[idx]
        c.forms[form] = c.forms.get(form, 0) + 1
        if seg.title:
            c.titled.add(f"{seg.title} {form}")
            c.n_titled += 1
        start = seg.title_start if seg.title else seg.start
        self.mentions.append(Mention(start, seg.end, idx, rule))
        return c


def find_people(
    text: str,
    mask: Mask,
    known: Sequence[Person] = (),
    cited_authors: Sequence[str] = (),
    lex: Lexicon | None = None,
    sentences: Sequence[tuple[int, int]] = (),
    first_names_join: bool = True,
    asked: KnownLookups | None = None,
    narrated: Callable[[int], bool] | None = None,
) -> PeopleFound:
    """People named in `text`, clustered, with every mention's span (English unless `lex`
    is given). `sentences` that run on across line breaks (a hard-wrapped paragraph) let a
    name run on across them too ("Marcus / Artorius"). `first_names_join` False: a first
    name alone means no one named in full elsewhere (rows of a chronology, each its own
    text: "John" in one row is not "John Fisher" of another). `asked`, when given, records
    every key looked up among the `known` people (see `KnownLookups`). `narrated`, when
given, tells where a narrator speaks in the first person (see `narrator_relatives`)."""
    lex = lex or load()
    w = lex.compiled(NameWords)
    text = _run_on(w, text, sentences)
    fold, key_of = w.fold, w.key
    lower = frozenset(_LOWER_WORD.findall(text))
    segs = lex.compiled(Segmenter).segments(text, lower, mask)
    mark_titles_of_works(w, text, segs)
    segs = split_joined_names(w, text, segs)
    segs = noun_before_name(w, text, segs)
    segs = holder_after_office(w, text, segs)
    segs = pronoun_after_name(w, text, segs)
    segs = mark_saints(w, text, segs)
    proof.mark_characters(w, text, segs, lower)
    named_things = proof.things_named(w, text, segs)
    for seg in segs:
        if seg.thing:
            continue
        if _CONTRACTION.search(seg.tokens[-1]):
            seg.thing = True  # "I’ve", "We’ll": a pronoun and its verb
        elif not seg.title and plain(seg.text) in named_things:
            seg.thing = True
        elif proof.only_roles(w, seg.tokens):
            seg.thing = True  # "my Lord Treasurer": an office, no name
    cited = {fold(a.split()[-1]) for a in cited_authors}

    # Evidence per written form, summed over its mentions. It is only ever read for forms that
    # some segment not naming a thing writes (as written, or plain): a form only ever written
    # as a thing ("Soviet Union") is not scored.
    read = {seg.text for seg in segs if not seg.thing}
    read.update([plain(t) for t in read if '"' in t or "“" in t])
    evidence: dict[str, float] = defaultdict(float)
    form_cue: dict[str, str] = {}  # the first cue for a person any mention of a form had
    thing_forms: set[str] = set()
    seen: dict[str, int] = defaultdict(int)
    placed: dict[str, int] = defaultdict(int)
    sure: dict[str, int] = defaultdict(int)  # mentions with a cue only a person has
    for seg in segs:
        key = seg.text
        if '"' in key or "“" in key:
            key = plain(key)
        if seg.thing:
            thing_forms.add(key)
            if key not in read:
                continue
        sc = seg.score = score_mention(w, text, seg)
        evidence[key] += sc
        seen[key] += 1
        if seg.cue and key not in form_cue:
            form_cue[key] = seg.cue
        if seg.place_cue or w.all_places(seg.tokens):
            placed[key] += 1
        if seg.strong:
            sure[key] += 1
    # a form mostly written as a place is one, unless cues only a person has outnumber them
    place_forms = {k for k, n in placed.items() if 2 * n >= seen[k] and sure[k] < n}
    for a, b in pairwise(segs):
        # "Villa Rica de la Vera Cruz": a place's name goes on past its particles
        if (
            a.thing
            and not b.thing
            and _PARTICLE_GAP.fullmatch(text, a.end, b.start)
            and all(t.lower() in w.particles for t in text[a.end : b.start].split())
        ):
            b.thing = True
            thing_forms.add(plain(b.text))

    known_index: dict[str, Person] = {}
    known_tokens: dict[str, list[Person]] = defaultdict(list)
    for p in known:
        for form in (p.name, *p.aliases):
            known_index.setdefault(w.person_key(form), p)
        toks = key_of(plain(p.name)).split()
        if len(toks) > 1:
            known_tokens[toks[-1]].append(p)
    if asked is not None:
        known_index = _Asking(known_index, asked.names)
        known_tokens = _Asking(known_tokens, asked.surnames)

    def accept_multi(seg: Seg) -> bool:
        key = plain(seg.text)
        toks = [t for t in seg.tokens if not t.islower() and not t.startswith(('"', "“"))]
        if len(toks) < 2 or seg.thing or key in thing_forms:
            return False
        return w.person_key(key) in known_index or accept_alone(key, toks, seg)

    def accept_alone(key: str, toks: list[str], seg: Seg) -> bool:
        """Whether a name of several words is a person's without the database's help."""
        if all(w.is_place(t) or w.is_thing(t) for t in toks):
            return False
        # "Roman Jakobson said": a first name that is an adjective too, with a cue only a
        # person has ("the Roman Senate decided", "Christian Democrats said": no first name)
        if any(fold(t) in w.adjectives or fold(t) in w.places for t in toks[:1]) and not (
            w.given(toks[0])
            and sure[key]
            and evidence[key] > 0
            and not _GROUP_PLURAL.search(toks[-1])
        ):
            return False
        if fold(toks[-1]) in w.places and not seg.title and evidence[key] < 2:
            return False  # "Cisalpine Gaul", "Upper Egypt": a region named by its place
        ev = evidence[key]
        if ev < -1:
            return False
        return ev > 0 or key not in place_forms

    people = _People(w)
    pending_single: list[Seg] = []
    # accept_multi depends on the tokens and whether a title is written (memoised: runs recur)
    accepted: dict[tuple[tuple[str, ...], bool], bool] = {}
    full_name_rule: dict[str, str] = {}  # the rule of a form accepted with no cue
    for seg in segs:
        if seg.thing:
            continue
        if len(seg.tokens) < 2:  # a name of one word is never accepted as a full name
            pending_single.append(seg)
            continue
        form = plain(seg.text)
        ok = accepted.get((seg.tokens, not seg.title))
        if ok is None:
            ok = accepted[seg.tokens, not seg.title] = accept_multi(seg)
        if not ok:
            pending_single.append(seg)
            continue
        tkey = key_of(form)
        person = known_index.get(w.person_key(form)) if known_index else None
        if person is None and known_index:
            alone = known_index.get(tkey.split()[-1])
            if alone is not None and len(key_of(alone.name).split()) == 1:
                person = alone  # "Molotov" known, now "Vyacheslav Molotov"
        idx = people.cluster_for(form, seg.start, person)
        # the reason the text gives, when it gives one: the database's only when decisive
        rule = TITLE if seg.title else form_cue.get(form, "")
        if not rule:
            rule = full_name_rule.get(form, "")
            if not rule:
                toks = [t for t in seg.tokens if not t.islower() and not t.startswith(('"', "“"))]
                decisive = person is not None and not accept_alone(form, toks, seg)
                shape = proof.form_evidence(w, form) or FULL_NAME
                rule = full_name_rule[form] = KNOWN if decisive else shape
        people.add(seg, seg.text, idx, rule)

    # "X, 3rd Duke of York": the styled form is an alias and "York" alone names X later on.
    place_alias: dict[str, int] = {}
    styled_single: set[int] = set()
    clusters, mentions = people.clusters, people.mentions
    for seg in pending_single:
        if not text.startswith(",", seg.end) or len(seg.tokens) != 1 or seg.thing:
            continue  # the style opens on a comma
        st = w.style.match(text, seg.end)
        if st:
            full = text[seg.start : st.end()]
            idx = people.cluster_for(full, seg.start)
            clusters[idx].forms[full] = clusters[idx].forms.get(full, 0) + 1
            mentions.append(Mention(seg.start, st.end(), idx, STYLED))
            styled_single.add(seg.start)
    for m in list(mentions):
        st = w.style.match(text, m.end) if text.startswith(",", m.end) else None
        if st:
            clusters[m.person].titled.add(text[m.start : st.end()])
            place_alias.setdefault(key_of(st.group("place")), m.person)

    _peerage_holders(w, text, segs, people, place_alias)

    # Single names: a part of a full name of this document, a known person, or cued alone.
    other_name: list[tuple[Seg, str, str]] = []
    for seg in pending_single:
        if seg.start in styled_single or seg.score <= -2:
            continue
        # a run opens on a capital: a lone word is never lower case
        toks = seg.tokens if len(seg.tokens) == 1 else [t for t in seg.tokens if not t.islower()]
        if len(toks) != 1 and not (len(toks) == 2 and ROMAN_OK.match(toks[1])):
            if len(toks) >= 2 and seg.text in thing_forms:
                continue
            if len(toks) != 2:
                continue
        form = seg.text
        key = key_of(plain(form))
        if not key:
            continue  # only a quoted word (“Rehabilitated”): nothing of a name is left
        by_first = people.by_first if first_names_join else {}
        idx, rule = aliases.resolve_single(
            w, key, seg, people.by_key, people.by_token, by_first, mentions, clusters
        )
        if idx is None and key in place_alias and not aliases.after_of(w, text, seg.start):
            idx, rule = place_alias[key], STYLE_PLACE  # "York" alone, after "Duke of York"
            clusters[idx].stated.add(form)
        if idx is None:
            single = toks[0]
            alone = (  # a person's name by the words around it, without the database
                (evidence[plain(form)] >= 2 or (sure[plain(form)] and evidence[plain(form)] >= 0))
                and form not in place_forms
                and not w.is_place(single)
                and fold(single) not in cited
                and fold(single) not in w.adjectives
            )
            cue = TITLE if seg.title else form_cue.get(plain(form), ALONE)
            pkey = w.one_person.get(key, key)
            if pkey != key and not alone:
                if form not in place_forms:  # "Octavian": decided once all are read
                    other_name.append((seg, form, pkey))
                continue
            if pkey in known_index:
                idx = people.cluster_for(form, seg.start, known_index[pkey])
                rule = cue if alone else KNOWN
            elif known_tokens and key.split()[-1] in known_tokens and " " not in key:
                idx = people.cluster_for(form, seg.start, known_tokens[key][0])
                rule = cue if alone else SURNAME_KNOWN
            elif alone:
                own_key = _titled_key(w, seg, form, people)
                idx, rule = people.cluster_for(form, seg.start, key=own_key), cue
            else:
                continue
        c = people.add(seg, form, idx, rule)
        if fold(toks[0]) in cited:
            c.cited = True
    # "Octavian" before "Augustus died" in the text: another name of a well-known person
    # this document names (wherever in it)
    for seg, form, pkey in other_name:
        idx, rule = people.by_key.get(pkey), ONE_PERSON
        if idx is None and pkey in known_index:
            idx, rule = people.cluster_for(form, seg.start, known_index[pkey]), KNOWN
        if idx is not None:
            people.add(seg, form, idx, rule)

    for m in mentions:  # "Martin Luther King, Jr.": the suffix is part of the name
        jr = _SUFFIX.match(text, m.end)
        if jr is not None:
            words = text[m.start : m.end].split()
            while len(words) > 1 and w.fold(words[0].rstrip(".")) in w.titles:
                words.pop(0)  # "Dr. Elias Grant, Jr." is "Elias Grant, Jr."
            clusters[m.person].titled.add(" ".join(words) + jr.group().rstrip())
    aliases.stated_aliases(w, text, segs, mentions, clusters, people.by_key)
    if "name" in text:
        aliases.names_taken(w, text, segs, mentions, clusters, people.by_key)
    if "claimed" in text or "crowned" in text:
        aliases.regnal_names(w, text, mentions, clusters)
    if w.birth_name_cue_in(text):
        aliases.born_in_parenthesis(w, text, segs, mentions, clusters, people.by_key)
    aliases.merge_variants(w, clusters, mentions)
    aliases.merge_partial_names(w, clusters, mentions)
    # a form the text mostly writes as a place ("in Bodmin") is no person's for one cue
    strong_forms = {
        plain(seg.text)
        for seg in segs
        if seg.strong and not seg.thing and (seg.title or plain(seg.text) not in place_forms)
    }
    proof.drop_unproven(w, text, clusters, mentions, strong_forms, _SURE_RULES)
    listed.coordinated(w, text, pending_single, people, thing_forms, place_forms)
    sovereign_mentions(w, text, mask, clusters, mentions, people.cluster_for)
    if narrated is not None:
        narrator_relatives(text, mask, clusters, mentions, people.cluster_for, narrated)
    for c in clusters if cited else ():
        if c.forms and all(fold(plain(f).split()[-1]) in cited for f in c.forms):
            c.cited = c.cited or (len(c.forms) == 1 and len(next(iter(c.forms)).split()) == 1)
    return PeopleFound(clusters, mentions)


def _titled_key(w: NameWords, seg: Seg, form: str, people: _People) -> str | None:
    """The key of a lone surname's own person when its title is of the other sex than the
    person already called so ("Mrs. Turner" after "Mr. Turner": two people, his wife or
    mother, not him); None (the name's own key) otherwise."""
    gender = w.gender(seg.title) if seg.title else ""
    idx = people.by_key.get(w.person_key(form)) if gender else None
    if idx is None or cluster_gender(w, people.clusters[idx]) in ("", gender):
        return None
    return f"{w.person_key(form)} ({gender})"


def _run_on(w: NameWords, text: str, sentences: Sequence[tuple[int, int]]) -> str:
    """`text` with the line breaks inside sentences written as blanks ("Marcus /
    Artorius", "Zeno the / Stoic" are names): the same length, so every offset stays the
    same. A break before a title ("... of Bath / Captain Rowe") is kept: a name opens there."""
    chars: list[str] | None = None
    for s, e in sentences:
        k = text.find("\n", s, e)
        while k >= 0:
            if _may_cut_name(w, text, k):
                if chars is None:
                    chars = list(text)
                chars[k] = " "
            k = text.find("\n", k + 1, e)
    return text if chars is None else "".join(chars)


def _may_cut_name(w: NameWords, text: str, k: int) -> bool:
    after = _FIRST_WORD.match(text, k + 1)
    return after is None or w.fold(after.group(1).rstrip(".")) not in w.titles


def _peerage_holders(
    w: NameWords, text: str, segs: list[Seg], people: _People, place_alias: dict[str, int]
) -> None:
    """ "the Duke of York": the person who holds the title, the one styled so earlier in
    the text ("Richard, Duke of York") or else a person named by the title itself."""
    taken = [(m.start, m.end) for m in people.mentions]
    for seg in segs:
        if not (seg.thing and seg.title and len(seg.tokens) == 1):
            continue
        words = seg.title.split()
        if w.fold(words[-1].rstrip(".")) not in w.peerage:
            continue
        between = text[seg.title_start : seg.start].split()
        if between[-1:] != ["of"] or any(s <= seg.start < e for s, e in taken):
            continue
        if text.startswith(("'s ", "’s "), seg.end):
            continue  # "the Duke of Cornwall's Light Infantry": a thing named after the title
        full = f"{words[-1]} of {seg.tokens[0]}"
        idx = place_alias.get(w.key(seg.tokens[0]))
        if idx is None:
            idx = people.cluster_for(full, seg.start)
        c = people.clusters[idx]
        c.forms[full] = c.forms.get(full, 0) + 1
        c.stated.add(full)  # the person's name where the text gives one ("Richard Neville")
        people.mentions.append(Mention(seg.title_start, seg.end, idx, PEERAGE))
