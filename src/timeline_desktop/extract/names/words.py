"""The words and patterns the name rules read, compiled once per lexicon, with their caches.

Transliteration keys ("Nikolay"/"Nikolai", "Хрущёв"/"Khrushchev" meet under one key), and
the word tests every capitalised run asks (is it a thing, a place, a common word) are
memoised here: the same names and words recur within and across documents.
"""

from __future__ import annotations

import re

from timeline_desktop.extract.lexicon import Lexicon, load

_DOUBLE = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z ]+")
ROMAN = re.compile(r"[IVX]{1,5}$")
ROMAN_OK = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X|XI{1,3}|XIV|XV|XVI{1,3}|XIX|XX)$")
_PLAIN = re.compile(r"\s*[\"“][^\"”]*[\"”]\s*")


def plain(form: str) -> str:
    """A form without its nickname in quotes: 'Virgil "Gus" Grissom' -> 'Virgil Grissom'."""
    if '"' not in form and "“" not in form:
        return form
    return _PLAIN.sub(" ", form).strip()


class NameWords:
    """Word lists, patterns and memoised word tests of the name rules (one per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.fold = lex.fold
        w = lex.words
        months = frozenset(lex.groups("months"))
        self.function_words = w("function_words")
        self.titles = w("titles")
        self.pronoun_i_verbs = w("pronoun_i_verbs")  # "Mr. Hale I hear ...": "I" the pronoun
        self.title_is_name_too = w("title_is_name_too")
        self.thing_heads = w("thing_heads")
        self.adjectives = w("adjectives")
        self.place_adjectives = w("place_adjectives")
        self.places = w("places")
        self.place_suffixes = lex.ordered("place_suffixes")
        self.place_prefixes = w("place_prefixes")
        self.person_verbs = w("person_verbs")
        self.human_verbs = w("human_verbs")
        self.human_nouns = w("human_nouns")
        self.owned_by_things = w("owned_by_things")
        self.place_nouns = w("place_nouns")
        self.male_titles = w("male_titles")
        self.honorifics = w("honorifics")
        self.female_titles = w("female_titles")
        self.married_titles = w("married_titles")
        self.single_titles = w("single_titles")
        self.thing_names = w("thing_names")
        self.object_prepositions = w("object_prepositions")
        self.family_first = w("family_first")
        self.thing_nouns_after = w("thing_nouns_after")
        self.life_verbs = w("life_verbs")
        self.role_verbs = w("role_verbs")
        self.maker_participles = w("maker_participles")
        self.patronymics = w("patronymics")
        self.title_openers = w("title_openers")
        self.peerage = w("peerage")
        self.office_modifiers = w("office_modifiers")
        self.person_nouns = w("person_nouns")
        self.role_nouns = w("role_nouns")
        self.work_nouns = w("work_nouns")
        self.place_prepositions = w("place_prepositions")
        self.run_break_before = w("run_break_before")
        self.name_cue_before = w("name_cue_before")
        self.year_cues = w("year_cues")
        self.irregular_past = w("irregular_past")
        self.common = w("common_capitalised")
        self.compound_adjective_tails = tuple(sorted(w("compound_adjective_tails")))
        self.abstract_endings = lex.ordered("abstract_endings")
        self.long_common_endings = self.abstract_endings + lex.ordered("collective_endings")
        self.not_name = self.function_words | months | w("weekdays") | w("seasons")
        self.particles = w("particles")
        self.vocatives = w("vocatives")
        self.opening_word_endings = tuple(lex.ordered("opening_word_endings"))
        self.opening_adjectives = w("opening_adjectives")
        self.nickname_nouns = w("nickname_nouns")
        self.authored_nouns = w("authored_nouns")
        self.saint_titles = w("saint_titles")
        self.saint_nouns = w("saint_nouns")
        self.articles = w("articles") | w("plural_articles")
        self.plural_articles = w("plural_articles")
        self.birth_name_cues = w("birth_name_cues")
        self.list_joiners = lex.ordered("list_joiners")
        self.list_others = lex.ordered("list_others")
        self._list_end = (",", *self.list_joiners)  # what a name listed after others follows
        self._list_next = (*self._list_end, *self.list_others)  # what follows a listed name
        # " of ", " the ": what ends the given part of a name ("Richard of York")
        self.name_tail_breaks = tuple(f" {w} " for w in lex.ordered("name_tail_breaks"))
        # words before a run that change its score (see `scoring.score_mention`)
        self.cue_before = frozenset(
            [
                *self.role_nouns,
                *(r + "s" for r in self.role_nouns),
                *self.place_prepositions,
                *self.work_nouns,
                *self.run_break_before,
                *self.name_cue_before,
            ]
        )
        p = lex.pattern
        self.run = p("name_run")
        self.piece = p("name_piece")
        self.who_after = p("who_after")
        self.and_his = p("and_his")
        self.kin_after = p("kin_after")
        self.role_epithet = p("role_epithet")
        self.epithet_tail = p("epithet_tail")
        self.apposition = p("apposition")
        self.possessive_noun = p("possessive_noun")
        self.pronoun_in_clause = p("pronoun_in_clause")
        self.verb_after = p("verb_after")
        self.alias_cue = p("alias_cue", re.IGNORECASE)
        self.alias_opening = alias_openings(lex.source("alias_cue"))
        self.preferred_cue = p("preferred_cue")
        self.style = p("style")
        self.after_of = p("after_of")
        self.list_before = p("list_before")
        self.list_after = p("list_after")
        self.and_others = p("and_others")
        self.ordinal = p("ordinal")
        self.thing_noun_after = p("thing_noun_after")
        self.character_before = p("character_before")
        self.pronoun_next = p("pronoun_next")
        self.name_taken = p("name_taken")
        self.proclaimed = p("proclaimed")
        self.by_birth = p("by_birth")
        self.sovereign_titles = w("sovereign_titles")
        self.cyrillic = lex.map("cyrillic")
        self.greek = lex.map("greek")
        self.spelling_variants = tuple(lex.map("spelling_variants").items())
        self.renderings: dict[str, str] = lex.map("name_renderings")
        # memoised word tests
        self.key = lex.memo(self._key, 65_536).__getitem__
        # the names of one well-known person ("Octavian", "Augustus"): key -> the first's key
        self.one_person: dict[str, str] = {}
        for names in lex.map("one_person").values():
            first = self.key(names[0])
            for n in names:
                self.one_person.setdefault(self.key(n), first)
        # the names such a person is best known by (the first of each entry)
        self.best_known = frozenset(self.one_person.values())
        # first names by their folding key: "m", "f" or "x" (given to men and to women)
        self._given: dict[str, str] = {}
        for gender, name in (("x", "given_either"), ("m", "given_male"), ("f", "given_female")):
            for n in w(name):
                self._given.setdefault(self.key(n), gender)
        self.given = lex.memo(self._given_of, 65_536).__getitem__
        self.is_thing = lex.memo(self._is_thing, 65_536).__getitem__
        self.is_place = lex.memo(self._is_place, 65_536).__getitem__
        self.all_places = lex.memo(self._all_places, 65_536).__getitem__
        self.name_words = lex.memo(self._name_words, 65_536).__getitem__
        self.only_roles = lex.memo(self._only_roles, 65_536).__getitem__
        self.given_head = lex.memo(self._given_head, 65_536).__getitem__

    def _key(self, name: str) -> str:
        """A folding key under which common transliterations of a name meet.

        "Nikolay"/"Nikolai", "Georgy"/"Georgi"/"Georgii", "Yuri"/"Yury", "Хрущёв"/
        "Khrushchev" all fold together; the key is only for matching, never shown.
        """
        words = name.split()
        numerals = [w for w in words if ROMAN_OK.match(w)]
        s = self.fold(
            " ".join(w for w in words if w not in numerals) if numerals else " ".join(words)
        )
        if not s.isascii():
            cyr, gr = self.cyrillic, self.greek
            s = "".join(cyr.get(ch, gr.get(ch, ch)) for ch in s).replace("-", "")
        s = _NOT_LETTER.sub("", s)
        renderings = self.renderings
        if any(x in renderings for x in s.split()):  # "Mark Antony" is "Marcus Antonius"
            s = " ".join(renderings.get(x, x) for x in s.split())
        for a, b in self.spelling_variants:
            s = s.replace(a, b)
        return " ".join([*(_DOUBLE.sub(r"\1", w) for w in s.split()), *numerals])

    def person_key(self, form: str) -> str:
        """The key of a name (`key`), the same for the names of one well-known person."""
        k = self.key(plain(form))
        return self.one_person.get(k, k)

    def _is_thing(self, tok: str) -> bool:
        f = self.fold(tok)
        return f in self.thing_heads or f in self.adjectives or f in self.thing_names

    def _only_roles(self, tokens: tuple[str, ...]) -> bool:
        """Whether every word of a segment is a role or a title ("Treasurer", "Vice-
        Chamberlain"): an office standing for its holder, no name (see `only_roles`)."""
        head = list(tokens)
        if "of" in head:  # "Director of Music", "Secretary of State": the office is before "of"
            head = head[: head.index("of")]
        if not head:
            return False

        def role(t: str) -> bool:
            f = self.fold(t.rstrip("."))
            return (
                f in self.role_nouns
                or (f in self.titles and f not in self.title_is_name_too)
                or ("-" in f and f.split("-")[-1] in self.role_nouns)
            )

        modifiers = self.office_modifiers
        return role(head[-1]) and all(role(t) or self.fold(t) in modifiers for t in head)

    def _given_head(self, form: str) -> tuple[str, ...]:
        """The words of a name before any epithet or style ("Alexander" of "Alexander the
        Great"), when they are a first name and a surname: () for "Alexander the Great",
        "Darius III" (there the first name is the name). See `given_head`, its memo."""
        head = plain(form)
        for sep in self.name_tail_breaks:
            head = head.split(sep)[0]
        words = head.split()
        if len(words) < 2 or ROMAN_OK.match(words[1]) or not self.given(words[0]):
            return ()
        return tuple(words)

    def _given_of(self, tok: str) -> str:
        """ "m", "f" or "x" when `tok` is a common first name (of men, women, either); ""."""
        f = self.fold(tok)
        if len(tok) < 2 or tok.isupper() or f in self.thing_names or f in self.particles:
            return ""
        if f in self.articles:
            return ""
        if "-" in tok[1:]:  # "Pierre-Louis", "Jean-Paul": a double first name
            first = tok.split("-")[0]
            return self._given.get(self.key(first), "") if len(first) > 1 else ""
        return self._given.get(self.key(tok), "")

    def marital(self, title: str) -> str:
        """ "married" for Mrs or Madame, "single" for Miss or Mademoiselle, else ""."""
        for t in title.lower().replace(".", "").split():
            if t in self.married_titles:
                return "married"
            if t in self.single_titles:
                return "single"
        return ""

    def marital_of(self, titled: set[str]) -> str:
        """What the titles written before a person's name say of marriage, if they agree."""
        seen = {m for m in (self.marital(t) for t in titled) if m}
        return next(iter(seen)) if len(seen) == 1 else ""

    def gender(self, title: str, first: str = "") -> str:
        """ "m" or "f" as a title ("Madame") or else a first name says; "" when neither does."""
        for t in title.lower().replace(".", "").split():
            if t in self.male_titles:
                return "m"
            if t in self.female_titles:
                return "f"
        g = self.given(first) if first else ""
        return g if g in ("m", "f") else ""

    def _is_place(self, tok: str) -> bool:
        f = self.fold(tok)
        return f in self.places or (len(f) > 6 and f.endswith(self.place_suffixes))

    def _all_places(self, tokens: tuple[str, ...]) -> bool:
        return all(self.is_place(t) for t in tokens)

    def _name_words(self, form: str) -> frozenset[str]:
        """The words of a name, and the parts of a double-barrelled one: "Marie Curie" is
        part of "Marie Skłodowska-Curie"."""
        key = self.key
        p = plain(form)
        words = [w for w in key(p).split() if w not in self.particles]
        if "-" in p:
            words += [key(x) for w in p.split() for x in w.split("-")[1:] if len(x) > 2]
            words += [key(w.split("-")[0]) for w in p.split() if "-" in w]
        return frozenset(w for w in words if w)

    def always_common(self, f: str) -> bool:
        """A folded word that is never part of a name (function words, months, headings'
        common nouns, long abstract nouns, words for groups of people, compound adjectives
        such as "Turkish-speaking" or "London-born")."""
        return (
            f in self.not_name
            or f in self.common
            or (f.endswith(self.long_common_endings) and len(f) > 6)
            or ("-" in f and f.rsplit("-", 1)[1].endswith(self.compound_adjective_tails))
        )

    def abstract_noun(self, f: str) -> bool:
        """Whether a folded word is a long noun of a doing or a group ("experiment",
        "administration", "committee"), by its ending."""
        return len(f) > 6 and f.endswith(self.long_common_endings)

    def verb_like(self, tok: str) -> bool:
        f = tok.lower()
        return f in self.irregular_past or (f.endswith("ed") and len(f) >= 6)

    def birth_name_cue_in(self, text: str) -> bool:
        """Whether the text writes a birth name in parenthesis ("(born ", "(née ")."""
        return any(f"({w} " in text for w in self.birth_name_cues)

    def in_list(self, text: str, start: int, end: int) -> bool:
        """Whether a comma or "and" stands right before or after [start, end) (cheap)."""
        if text[max(0, start - 40) : start].rstrip().endswith(self._list_end):
            return True
        return text[end : end + 8].lstrip().startswith(self._list_next)


def verb_form(f: str, tok: str) -> bool:
    """On a title-case heading a capital says little: verb forms, and words the text also
    writes in lower case (tested apart, per document), are common words there. A word
    written with diacritics ("Sieyès") is no English verb form, whatever its folded ending."""
    return len(f) > 5 and f.endswith(("ed", "es")) and (not tok or tok.isascii())


def alias_openings(source: str) -> frozenset[str]:
    """What the alias cue can find first after the blanks: a comma, a dash, a parenthesis
    or a cue's first letter in either case (the Kelvin sign is a "K" to a case-insensitive
    regex). Read off the pattern, so a new cue needs no second edit."""
    from timeline_desktop.extract.openings import openers_of

    words, _, _ = openers_of(source, re.IGNORECASE)
    out = {w[0] for w in words} | {w[0].upper() for w in words} | {w[0].lower() for w in words}
    if "k" in out:
        out.add("\u212a")
    return frozenset(out)


def translit_key(name: str, lex: Lexicon | None = None) -> str:
    """The transliteration key of a name (see `NameWords`); English unless `lex` is given."""
    return (lex or load()).compiled(NameWords).key(name)
