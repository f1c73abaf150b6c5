"""The words the event stages read, compiled once per lexicon, and what they say of a passage.

Event classes ("died" -> death, "was appointed" -> accession), role words, named happenings
("the Battle of Hastings") and content-word signatures are what merging and corroboration
compare two reports of a happening by; the facts of a written word are memoised, because
the same few thousand words recur in every clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from timeline_desktop.extract.lexicon import Lexicon

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
"""A word as the event rules read it (ASCII letters, inner apostrophes and hyphens)."""

# what a written word is as a verb (`EventWords.verb_kind`)
NOT_VERB, PAST, CLASS_VERB, ING, PRESENT, OLD_PAST = 0, 1, 2, 3, 4, 5

WordFacts = tuple[str, str, bool, str, str]
"""(class, class without a trailing apostrophe, is a role word, signature stem or "",
lower case) of one written word."""


class EventWords:
    """Word lists, patterns and memoised word facts of the event stages (one per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.fold = lex.fold
        w, p = lex.words, lex.pattern
        self.months = frozenset(lex.groups("months"))
        self.function_words = w("function_words")
        self.says_nothing = self.function_words | w("indefinite_pronouns")
        self.event_classes = lex.groups("event_classes")
        self.event_nouns = w("event_nouns")
        self.stative_verbs = w("stative_verbs")
        self.state_verbs = w("state_verbs")
        self.irregular_past = w("irregular_past")
        self.base_verbs = w("base_verbs")
        self.ing_prepositions = w("ing_prepositions")
        self.not_past_ed = w("not_past_ed")
        self.offices = w("offices")
        self.role_words = w("role_words")
        self.generic_roles = w("generic_roles")
        self.one_off_nouns = lex.ordered("one_off_nouns")
        self.auxiliaries = w("auxiliaries")
        self.time_units = w("time_units")
        self.emphatic_auxiliaries = w("emphatic_auxiliaries")
        self.emphatic_gap = w("emphatic_gap")
        self.causative_verbs = w("causative_verbs")
        self.naming_acts = w("naming_acts")
        self.old_emphatic = w("old_emphatic")
        self.passive_auxiliaries = w("passive_auxiliaries")
        self.passive_finite = w("passive_finite")
        self.passive_adverbs = w("passive_adverbs")
        self.stative_acts = w("stative_acts")
        self.act_particle = p("act_particle")
        self.passive_agent = p("passive_agent")
        self.object_after = p("object_after")
        self.title_stop = w("title_stop")
        self.pronouns = w("pronouns")
        self.singular_pronouns = w("singular_pronouns")
        self.adjective_leads = w("adjective_leads")
        self.determiners = w("determiners")
        self.relative_words = w("relative_words")
        self.subject_lead_drop = w("subject_lead_drop")
        self.first_person = w("first_person")
        self.subject_pronouns = w("subject_pronouns")
        self.particles = w("verb_particles")
        self.particle_closers = w("particle_closers")
        self.title_phrase_preps = w("title_phrase_preps")
        self.title_role_words = w("title_role_words")
        self.title_date_leads = w("title_date_leads")
        self.stop_nouns = w("title_stop_nouns")  # "a good while"
        self.stop_noun_lead = p("title_stop_noun_lead")
        self.first_person_owners = w("first_person_owners")  # "my", "our"
        self.field_when = w("field_when_words")  # "Time of closest approach"
        self.aimed_happenings = w("aimed_happenings")
        self.craft_nouns = w("craft_nouns")  # "the Galileo spacecraft": whose approach
        self.record_target = p("record_target")
        self.claim_source_before = p("claim_source_before")  # "according to | X"
        self.claim_source_lead = p("claim_source_lead")  # "According to X, ..."
        self.object_pronouns = w("title_object_pronouns")
        self.personal_objects = w("personal_objects")
        self.infinitive_marks = w("infinitive_marks")
        self.narrator_objects = w("narrator_objects")  # "came to me"
        self.old_pasts = w("old_pasts")  # "Sir R. Hale come to me": the past, in older English
        self.copula_reads: dict[str, str] = lex.map("title_copula_reads")
        self.superlatives = w("superlatives")
        self.title_time_words = w("title_time_words")
        self.title_copulas = w("title_copulas")
        self.finite_be_have = w("finite_be_have")
        self.approx_words = w("approx_words")  # "c. 1240": a gap no word of its own
        # unions a rule reads for every clause, built once (`subjects.reduced_relative`)
        self.not_participle_ed = self.not_past_ed | self.event_nouns
        self.participle_gap = self.function_words | self.approx_words
        self.not_participles = w("not_participles")  # "king", "morning": no -ing aside
        self.ly_not_adverbs = w("ly_not_adverbs")  # "family", "anomaly": no manner word
        self.verb_prefixes = w("verb_prefixes")  # "re-elected": still a verb
        self.membership_bodies = w("membership_bodies")  # "was on the board": served on it
        self.verb_coordinators = w("verb_coordinators")
        self.participle_perfect = w("participle_perfect")
        self.complementizers = w("title_complementizers")
        self.not_reporting = w("title_not_reporting")
        self.sight_exclamation = p("sight_exclamation", re.IGNORECASE)  # "Strange it was to see"
        self.relayed_report = p("relayed_report")  # "that she hears that ..."
        self.clock_time = p("clock_time")  # "at 17:45:58 UT", "at about 3am"
        self.clock_hint = p("clock_hint")  # what every clock time holds
        self.thing_pronouns = w("thing_pronouns")
        self.narrowing_cues = w("narrowing_cues")
        self.perfect_auxiliaries = lex.ordered("perfect_auxiliaries")
        self.clause_lead_drop = lex.ordered("clause_lead_drop")
        self.alternative_lead_drop = lex.ordered("alternative_lead_drop")
        self.office_article = lex.ordered("office_article")[0]
        self.no_class_hints = lex.ordered("no_class_hint")
        self.past_of_participle = lex.map("past_of_participle")
        self.past_of_base = lex.map("past_of_base")  # "did get" reads "got" in a title
        self.infinitive_be = w("infinitive_be")  # "to be found": no finite verb
        self.aside_degree_words = w("aside_degree_words")  # ", all undressed, dined"
        self.place_adverbs = w("diary_present_after")  # "and there find him"
        # the words after which `verbs` takes a word that is no verb by itself
        self.verb_leads = (
            self.emphatic_auxiliaries
            | self.old_emphatic
            | self.emphatic_gap
            | self.place_adverbs
            | self.passive_auxiliaries
        )
        self.once_classes = w("once_classes")
        self.conflict_classes = w("conflict_classes")
        self.personal_classes = w("personal_classes")
        self.signature_stop = self.function_words | self.months | w("signature_stop_extra")
        i = re.IGNORECASE
        self.no_class = p("no_class", i)
        self.named_happening = p("named_happening", i)
        self.first_happening = p("first_happening")
        self.clause_cut = p("clause_cut")
        self.restated = p("restated")
        self.relative_start = p("relative_start")
        self.relative_clause = p("relative_clause")
        self.comma_when = p("comma_when")
        self.edge_of = p("edge_of", i)
        self.comparison_before = p("comparison_before", i)
        self.plan_before = p("plan_before", i)
        self.date_list_gap = p("date_list_gap")
        self.period_of = p("period_of", i)
        self.future_after = p("future_after")
        self.the_year = p("the_year", i)
        self.happening_relation = p("happening_relation", i)
        self.hearsay_same_day = p("hearsay_same_day", i)  # "tonight": told the same day
        self.cited_work = p("cited_work")  # "in Black Sun (" before a year
        self.argument_verb = p("argument_verb", i)  # "describes", "argued": a work's content
        self.own_date_cues = w("own_date_cues")
        self.of_before = p("of_before")
        self.thing_of_date = p("thing_of_date")
        self.recipient_of = p("recipient_of")
        self.record_of_date = p("record_of_date")
        self.passing_head = p("passing_head")
        self.caption = p("caption", i)
        self.when_after = p("when_after")
        self.ing_after_verb = p("ing_after_verb")
        self.fronted = p("fronted")
        self.ing_lead = p("ing_lead")
        self.ing_aside = p("ing_aside")
        self.relative_aside = p("relative_aside")
        self.company_aside = p("company_aside")
        self.negation = p("negation")
        self.until = p("until")
        self.noun_of = p("noun_of")
        self.leading_article = p("leading_article", i)
        self.he_she = p("he_she", i)
        self.personal = p("personal")
        self.object_pronoun = p("object_pronoun")
        self.prep_before = p("prep_before")
        self.name_joiners = w("title_name_joiners")
        self.active_object_leads = w("title_active_object_leads")
        self.life_before_date = p("life_before_date", re.IGNORECASE)
        self.field_label = p("field_label")
        self.list_of = p("list_of")
        self.label_verbs: dict[str, str] = lex.map("label_verbs")
        self.office_term_label = p("office_term_label")
        self.term_label_verbs: dict[str, str] = lex.map("term_label_verbs")
        self.fronted_pronoun = p("fronted_pronoun")
        self.aside_lead = p("aside_lead")
        self.participle_lead = p("participle_lead")
        self.possessive_lead = p("possessive_lead", i)
        self.apposition_lead = p("apposition_lead", i)
        self.the_office = p("the_office", i)
        self.subject_office = p("subject_office", i)
        self.office_mention = p("office_mention", i)
        self.female_offices = w("female_offices")
        self.equated = p("equated", i)
        self.anaphoric = p("anaphoric", i)
        self.alternative_gap = p("alternative_gap")
        self.attribution = p("attribution", i)
        self.or_word = p("or_word")
        self.other_authority = p("other_authority")
        self.chronology_approx = p("chronology_approx")
        self.of_after = p("of_after")
        self.verb_gap = p("verb_gap")
        self._facts = lex.memo(self._word_facts, 200_000)
        self.verb_kinds = lex.memo(self._verb_kind, 200_000)
        """written word -> (lower case, kind of verb): `verb_kinds[w]`, memoised"""
        self.word_facts = self._facts.__getitem__
        # asked of every drafted title and of structured labels, which recur
        self.event_class = lex.memo(self._event_class, 65_536).__getitem__
        self.only_time_phrase = lex.memo(self._only_time_phrase, 65_536).__getitem__
        self.title_says_nothing = lex.memo(self._says_nothing, 65_536).__getitem__
        self.verb_kind = self.verb_kinds.__getitem__

    # --- words -----------------------------------------------------------------------------

    def stem(self, w: str) -> str:
        w = w.lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        for suf in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                return w[: -len(suf)]
        if w.endswith("e") and len(w) >= 6:
            return w[:-1]  # "voyage" meets "voyages" (-> "voyag")
        return w

    def _word_facts(self, w: str) -> WordFacts:
        lw = w.lower()
        sig = self.stem(lw) if len(lw) >= 4 and lw not in self.signature_stop else ""
        classes = self.event_classes
        return (
            classes.get(lw, ""),
            classes.get(lw.rstrip("’'"), ""),
            lw in self.role_words,
            sig,
            lw,
        )

    def _verb_kind(self, w: str) -> tuple[str, int]:
        """(lower-cased word, what kind of verb it can be): the word tests are the same in
        every clause, only the context tests differ."""
        lw = w.lower()
        kind = NOT_VERB
        if lw in self.stative_verbs:
            kind = NOT_VERB
        elif "-" in lw.strip("-") and lw.rsplit("-", 1)[0] not in self.verb_prefixes:
            kind = NOT_VERB  # "nuclear-powered", "well-known": an adjective, not "re-elected"
        elif lw in self.irregular_past or (
            lw.endswith("ed") and len(lw) > 4 and lw not in self.not_past_ed
        ):
            kind = PAST
        elif lw in self.event_classes and lw.endswith(("s", "ed")) and not lw.endswith("ss"):
            kind = CLASS_VERB
        elif lw.endswith("ing") and lw not in self.ing_prepositions and len(lw) > 5:
            kind = ING
        elif (
            len(lw) > 3
            and lw.endswith("s")
            and not lw.endswith(("ss", "us", "is", "ous"))
            and any(b in self.base_verbs for b in _present_lemmas(lw))
        ):
            kind = PRESENT  # "invades", "reaches": the historical present of timelines
        elif lw in self.old_pasts:
            kind = OLD_PAST  # "Hale come to me": a past only after its subject ("begun" is PAST)
        return lw, kind

    def is_adverb(self, word: str) -> bool:
        """Whether a word reads as an adverb by its -ly ending ("mightily", "probably"), not
        a noun, adjective or verb that only ends so ("family", "anomaly", "supply")."""
        lw = word.lower()
        return lw.endswith("ly") and len(lw) > 4 and lw not in self.ly_not_adverbs

    def is_verbish(self, word: str) -> bool:
        w = word.lower()
        return (
            w in self.irregular_past or w in self.stative_verbs or (w.endswith("ed") and len(w) > 4)
        )

    # --- what a passage says ---------------------------------------------------------------

    def signature(self, text: str, skip: set[str] | frozenset[str] = frozenset()) -> set[str]:
        """Content-word stems of a passage, for comparing two reports of a happening."""
        out = set()
        for w in WORD.findall(text):
            lw = w.lower()
            if len(lw) < 4 or lw in self.signature_stop or lw in skip:
                continue
            out.add(self.stem(lw))
        return out

    def may_unclass(self, text: str) -> bool:
        """Whether `no_class` may match in `text` (a cheap test before the pattern)."""
        low = text.lower()
        return any(h in low for h in self.no_class_hints)

    def without_clock_times(self, text: str) -> str:
        """`text` with a blank for each clock time (`clock_time`), searched for only where
        one may be: the regex tries every position and is slow to find nothing."""
        return self.clock_time.sub(" ", text) if self.clock_hint.search(text) else text

    def without_place_verbs(self, text: str) -> str:
        """`text` without "took place" (no happening of its own) and a "passed" that is no
        "passed away" (`no_class`)."""
        if self.may_unclass(text):
            return self.no_class.sub(" ", text)
        return text

    def _event_class(self, text: str) -> str:
        """The kind of happening a passage reports ("death", "accession"...), or "" (see
        `event_class`, its memo)."""
        text = self.without_place_verbs(text)
        facts = self._facts
        for w in WORD.findall(text):
            c = facts[w][1]
            if c:
                return c
        return ""

    def _only_time_phrase(self, title: str) -> bool:
        """Whether a title says only when ("At noon", "In the evening"): no happening (see
        `only_time_phrase`, its memo)."""
        words = [w.lower().strip(".,;:") for w in title.split()]
        times, function_words = self.title_time_words, self.function_words
        return (
            bool(words)
            and any(w in times for w in words)
            and all(w in times or w in function_words for w in words)
        )

    def _says_nothing(self, title: str) -> bool:
        """Whether no word of a title names anything ("But", "And everything"): no
        happening (see `title_says_nothing`, its memo)."""
        return all(w.strip(".,;:!?\"'’“”").lower() in self.says_nothing for w in title.split())

    def classes_of(self, text: str) -> set[str]:
        """Every kind of happening a passage mentions."""
        words = WORD.findall(self.no_class.sub(" ", text))
        classes = self.event_classes
        return {c for w in words if (c := classes.get(w.lower()))}

    def roles_of(self, text: str) -> set[str]:
        return {lw for w in WORD.findall(text) if (lw := w.lower()) in self.role_words}

    def passage_facts(
        self, passage: str, skip: set[str], facts: list[WordFacts] | None = None
    ) -> tuple[str, set[str], set[str], set[str]]:
        """`event_class`, `classes_of`, `roles_of` and `signature` of one passage in one pass
        over its words (drafting runs them on every dated clause); `facts` are its words'
        facts when a `WordTable` has them."""
        get = self._facts
        if facts is None:
            facts = [get[w] for w in WORD.findall(passage)]
        cfacts = facts
        if self.may_unclass(passage):
            cfacts = [get[w] for w in WORD.findall(self.no_class.sub(" ", passage))]
        classes = {f[0] for f in cfacts if f[0]}
        cls = next((f[1] for f in cfacts if f[1]), "")
        roles = {f[4] for f in facts if f[2]}
        if skip:
            sig = {f[3] for f in facts if f[3] and f[4] not in skip}
        else:
            sig = {f[3] for f in facts if f[3]}
        return cls, classes, roles, sig

    def named_happenings(self, text: str) -> set[str]:
        """Happenings a passage names distinctively: "battle:hastings" for "the Battle of
        Hastings", "first flyby:jupiter" for "the first flybys of Jupiter", and nouns a
        person or thing undergoes once ("coronation", "execution"). Two compatible reports
        naming the same one are one happening, however worded."""
        out: set[str] = set()
        if " of " in text or " Of " in text:
            out = {
                f"{m.group(1).lower()}:{self.fold(m.group(2))}"
                for m in self.named_happening.finditer(text)
                if m.group(2)[0].isupper()
            }
        if "irst " in text:
            for m in self.first_happening.finditer(text):
                if not m.group(1):
                    out.add(f"first {m.group(2)}:{self.fold(m.group(3))}")
        low = text.lower()
        for noun in self.one_off_nouns:
            i = low.find(noun)
            if i >= 0 and (i == 0 or not low[i - 1].isalpha()):
                out.add(noun)
        return out

    def is_event_noun(self, word: str) -> bool:
        return word in self.event_nouns or (
            word in self.event_classes and not word.endswith(("ed", "s"))
        )

    def has_event_noun(self, text: str, start: int, end: int) -> bool:
        return self.event_noun_at(text, start, end) >= 0

    def event_noun_at(self, text: str, start: int, end: int) -> int:
        """Where the first event noun of text[start:end] is, -1 when there is none."""
        nouns = self.event_nouns
        for m in WORD.finditer(text, start, end):
            if m.group().lower() in nouns:
                return m.start()
        return -1

    def only_lead(self, words: str) -> bool:
        """Whether words before a pronoun are only dates and function words ("In 1840")."""
        fw, months = self.function_words, self.months
        return all(
            w.lower() in fw or w.lower() in months or any(c.isdigit() for c in w)
            for w in words.replace(",", " ").split()
        )


class WordTable:
    """The words (`WORD`) of one document and their facts, read once.

    The drafting and merging rules read the words of many overlapping stretches of the text
    (every dated clause's passage, twice); a stretch's words are a slice of this table, and
    the regex runs again only on a stretch that cuts a word.
    """

    __slots__ = ("ends", "facts", "forms", "starts", "text")

    def __init__(self, text: str, ew: EventWords) -> None:
        found = list(WORD.finditer(text))
        self.text = text
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]
        self.forms = [m.group() for m in found]
        self.facts = list(map(ew.word_facts, self.forms))

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The indexes [i, j) of the words `WORD.finditer(text, start, end)` finds, or None
        when the stretch cuts a word (its piece is another written word)."""
        if start < 0 or end < 0:
            return None  # a slice from the end: not what the table indexes
        if end <= start:
            return 0, 0
        i = bisect_right(self.ends, start)
        j = bisect_left(self.starts, end, i)
        if i < j and (self.starts[i] < start or self.ends[j - 1] > end):
            return None
        return i, j

    def facts_in(self, start: int, end: int) -> list[WordFacts] | None:
        """The facts of the words `WORD.findall(text[start:end])` reads (see `span`)."""
        found = self.span(start, end)
        return None if found is None else self.facts[found[0] : found[1]]

    def joined_facts(
        self, ew: EventWords, head: str, spans: Iterable[tuple[int, int]]
    ) -> list[WordFacts] | None:
        """The word facts of `head`, a blank and the stretches `spans` of the text joined by
        blanks or other non-letters (`head`'s words and each stretch's do not run into one
        another), or None when a stretch cuts a word."""
        out = [ew.word_facts(w) for w in WORD.findall(head)]
        for s, e in spans:
            part = self.facts_in(s, e)
            if part is None:
                return None
            out += part
        return out


def _present_lemmas(lw: str) -> tuple[str, ...]:
    """Base forms a third-person present form may come from ("reaches" -> "reach")."""
    if lw.endswith("ies"):
        return (lw[:-3] + "y",)
    if lw.endswith("es"):
        return (lw[:-1], lw[:-2])
    return (lw[:-1],)
