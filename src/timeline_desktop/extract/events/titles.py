"""Event titles: short "who did what" lines a reader can scan on a timeline.

Drafting builds a title from the clause's subject and verb phrase (`make_title`); `polish`
cleans what that leaves: list bullets and numbering, a leading date phrase ("In 1462 ..."),
a leading conjunction or relative pronoun ("And ...", "When ..."), dangling function words
at the end, and long record titles (a CSV "event" column) cut to their main clause. The
rules look only at word shapes and function words, never at particular names or phrases.
"""

from __future__ import annotations

import re
from functools import partial

from timeline_desktop.extract.dates import TimeExpr
from timeline_desktop.extract.dates.tagger import Tagger
from timeline_desktop.extract.events.narrator import with_went
from timeline_desktop.extract.events.phrase_parts import (
    ASIDE_PAREN,
    BETWEEN_ADJECTIVES,
    PRED_TOKEN,
    adjectives_joined,
    after_auxiliary,
    after_did,
    complement_after_date,
    date_inside_object,
    names_a_place,
    noun_follows,
    noun_goes_on,
    particle_closes,
    past_follows,
    past_of_base,
    purpose_follows,
    quote_end,
    role_follows,
    role_noun,
    seat_on_body,
    verb_joined_before,
    verb_wants_object,
)
from timeline_desktop.extract.events.words import EventWords
from timeline_desktop.extract.lexicon import Lexicon, load
from timeline_desktop.extract.text import NO_MASK

MAX_WORDS = 12
_MAX_QUOTE_WORDS = 6  # a quotation a title keeps whole; a longer one it stops before
_MAX_PREDICATE = 7  # words of a verb phrase in a title
_MAX_OBJECT_CLAUSE = 12  # ... when it holds an object clause ("found that the moon had ...")
_LEAD_SPAN = 100  # only a date opening the title matters: tag its first characters only
_BULLET = re.compile(r"^(?:[\s\W_]|\d{1,3}[.)](?=\s))+", re.UNICODE)
_OPEN_QUOTE = "\"“‘'("
_SPACE = re.compile(r"\s+")
_EMPH = re.compile(r"\*\*|__|`")
_DANGLING = re.compile(r"\s+(?:in|on|at|of|by|from|to|until|since|before|after)(?=\s*[.,;:]|\s*$)")
_PAREN = re.compile(r"\s*\([^()]*\)")
_CLAUSE_CUT = re.compile(r"\s*(?:;|\s[–—-]\s|—|:\s)")
_HEAD_CUT = re.compile(r"\s*(?:[,;:(]|\s[–—-]\s)\s*")
# A date can only open a title with a digit in its first words (possessive: fails fast)
_DATE_OPEN = re.compile(r"(?:[^\s\d]++\s++){0,4}+[^\s\d]*+\d")


class TitleWords:
    """The words title cleaning reads (built once per lexicon)."""

    def __init__(self, lex: Lexicon) -> None:
        self.tagger = lex.compiled(Tagger)
        self.ew = lex.compiled(EventWords)
        # words that cannot open a title: they join it to text the title no longer has
        self.lead_drop = lex.words("title_lead_drop")
        # words that cannot close a title
        self.tail_drop = (lex.words("function_words") | lex.words("title_tail_extra")) - (
            lex.words("title_tail_keep")
        )
        self.date_lead = lex.pattern("title_date_lead", re.IGNORECASE)
        self.relative_lead = lex.pattern("title_relative_lead", re.IGNORECASE)
        self.subordinators = lex.words("title_subordinators")
        self.relatives = lex.words("relative_words")
        self.place_columns = lex.words("place_columns")
        self.home_preps = lex.words("title_home_preps")
        # drafting polishes a title and cuts a clause's key phrase for every dated clause,
        # and many recur (a subject, a re-imported source): each string is worked once
        self.polished = lex.memo(partial(_polish, self), 65_536).__getitem__
        self.key_phrase = lex.memo(partial(_key_phrase, self), 16_384).__getitem__

    def strip_leading_date(self, title: str) -> str:
        """Drop a date phrase that opens the title ("In April 1814 the allies ...", "A week
        later the builders ...")."""
        later = self.relative_lead.match(title)
        if later and len(title[later.end() :].split()) >= 2:
            return title[later.end() :]
        if _DATE_OPEN.match(title) is None:
            return title
        head = title[:_LEAD_SPAN]
        for t in self.tagger.tag(head, NO_MASK):
            if t.end >= len(head) and len(title) > len(head):
                break  # a date cut off by the window: leave the title alone
            if t.start > 30:
                break
            if self.date_lead.match(title[: t.start]):
                rest = title[t.end :].lstrip(" ,:;)–—-.")
                if len(rest.split()) >= 2:
                    return rest
            break
        return title

    def strip_lead_words(self, title: str) -> str:
        words = title.split()
        while len(words) > 2 and words[0].lower().strip(",") in self.lead_drop:
            words.pop(0)
        return " ".join(words)

    def strip_tail(self, title: str) -> str:
        words = title.rstrip(" ,;:-–—(").split()
        while len(words) > 1 and words[-1].lower().strip(".,;:") in self.tail_drop:
            if words[-1][:1].isupper() and words[-2][:1].isupper():
                break  # "Zheng He", "Ne Win": a capitalised short word after a name is a name
            if _noun_after_article(self.ew, words):
                break  # "walked a good while"
            words.pop()
        return " ".join(words).rstrip(" ,;:-–—(")


_HOME_REACH = 5  # words back from a final possessive to the preposition of a place


def _at_home_of(tw: TitleWords, title: str) -> bool:
    """ "dined at Sir R. Hale's": a possessive after a preposition of place names a house."""
    words = [w.lower() for w in title.split()[-_HOME_REACH:-1]]
    return any(w in tw.home_preps for w in words)


def _words(lex: Lexicon | None) -> TitleWords:
    return (lex or load()).compiled(TitleWords)


def concise(title: str, lex: Lexicon | None = None) -> str:
    """A long, sentence-like title cut to its main clause ("X, the former queen, is
    guillotined after ... before ..." -> "X is guillotined after ...")."""
    tw = _words(lex)
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
        if not any(tw.ew.is_verbish(w) for w in first[1:]):
            parts = [f"{parts[0]} {parts[2]}", *parts[3:]]
    text = parts[0] if len(parts) >= 2 and len(parts[0].split()) >= 3 else ", ".join(parts)
    words = text.split()
    if len(words) > MAX_WORDS:
        for i in range(4, len(words)):
            if words[i].lower() in tw.subordinators or i >= MAX_WORDS:
                words = words[:i]
                break
    else:
        for i in range(4, len(words)):
            if words[i].lower() in tw.subordinators:
                words = words[:i]
                break
    return " ".join(words)


_TEMPLATE = re.compile(r"\{\{([^{}|]*)(?:\|[^{}]*)?\}\}")
_TEMPLATE_TEXT = {"'s": "'s", "'": "'", "`s": "'s", "nbsp": " ", "snd": " – ", "ndash": "–"}
"""What the wiki's small typographic templates print ({{'s}} a possessive); others go."""


def polish(title: str, lex: Lexicon | None = None) -> str:
    """Clean a drafted title: no bullet, no opening date or conjunction, no dangling end."""
    return _words(lex).polished(title)


def _polish(tw: TitleWords, title: str) -> str:
    t = _EMPH.sub("", title) if "*" in title or "_" in title or "`" in title else title
    if "{{" in t:  # wiki templates left in a converted page: {{'s}} reads 's
        t = _TEMPLATE.sub(lambda m: _TEMPLATE_TEXT.get(m.group(1), ""), t)
    t = " ".join(t.split())  # blanks as one space (what `_SPACE.sub(" ", t).strip()` gives)
    t = _BULLET.sub("", t) if t[:1] not in _OPEN_QUOTE else t
    t = tw.strip_leading_date(t)
    stripped = tw.strip_lead_words(t)
    if stripped != t:  # "And in 1462 ...": a date may open what is left
        t = tw.strip_leading_date(stripped)
    t = tw.strip_tail(t)
    if t.endswith(("'s", "’s")) and not _at_home_of(tw, t):  # a dangling possessive
        t = t[:-2]
    t = t.strip(" ,;:")
    if t.count("(") > t.count(")"):
        t = t[: t.rfind("(")].rstrip()
    return t[:1].upper() + t[1:]


def tidy_record_title(title: str, lex: Lexicon | None = None) -> str:
    """A record's own title (a CSV event column), shortened to a timeline label."""
    return polish(concise(_PAREN.sub("", title), lex), lex)


def key_phrase(clause: str, lex: Lexicon | None = None) -> str:
    """The opening words of a clause without its dates, up to the first comma: the title
    for a clause with no usable verb ("Back in Chang'an c. 126 BC, with ..." -> "Back in
    Chang'an")."""
    return _words(lex).key_phrase(clause)


def _key_phrase(tw: TitleWords, clause: str) -> str:
    text = _EMPH.sub("", clause)
    cut: list[str] = []
    pos = 0
    for t in tw.tagger.tag(text, NO_MASK):
        cut.append(text[pos : t.start])
        pos = t.end
    cut.append(text[pos:])
    # "Closest approach at 17:45:58 UT": a clock time goes with the date (its colon ends no phrase)
    text = " ".join(tw.ew.without_clock_times(" ".join(cut)).split())
    text = _BULLET.sub("", text) if text[:1] not in _OPEN_QUOTE else text
    text = _DANGLING.sub("", text).rstrip(" .,;:")  # "canceled in ." once the date is cut
    head = _HEAD_CUT.split(text, maxsplit=1)[0]
    if len(head.split()) < 2:
        head = text
    all_words = tw.strip_lead_words(head).split()
    n = 8
    while n < min(len(all_words), 11) and _name_goes_on(all_words[:n], all_words[n]):
        n += 1  # "by Sir W. Hale": never cut inside a name
    words = all_words[:n]
    for i in range(2, len(words)):
        if words[i].lower() in tw.relatives:
            words = words[:i]  # "Paid for the two carts that carried ...": the relative goes
            break
    return tw.strip_tail(" ".join(words))


def _name_goes_on(words: list[str], nxt: str) -> bool:
    """Whether a title cut before `nxt` would cut inside a name ("by Sir | W. Batten")."""
    return bool(words) and words[-1][:1].isupper() and nxt[:1].isupper()


def _noun_after_article(ew: EventWords, words: list[str]) -> bool:
    """Whether the last of `words` is a function word used as a noun ("a good while")."""
    last = words[-1].lower().strip(".,;:")
    return last in ew.stop_nouns and bool(ew.stop_noun_lead.search(" ".join(words[-3:-1]) + " "))


_DIGIT = re.compile(r"\d")


# ", poor man, to bed": a short lowercase apposition after a name, then the phrase goes on
_NAME_APPOSITION = re.compile(
    r",\s+((?:[a-z]+\s+){0,2}[a-z]+),\s+(?=(?:to|into|in|at|on|with|from|for|out|up|down|away|back|home)\b)"
)


def predicate(ew: EventWords, text: str, vs: int, ce: int, t: TimeExpr) -> str:
    """The verb and its object or complement, without dates and subordinate tails: the
    object ("won the Lund Medal"), a role ("served as consul"), and one phrase of place or
    partner after either ("took a boat to the Tower"), up to a clause boundary."""
    out: list[str] = []
    first = verb_joined_before(ew, text, vs)  # "had signed and | sealed the deed"
    perfect = text[max(0, first - 5) : first].lower().rstrip().endswith(ew.perfect_auxiliaries)
    if first < vs:
        joined = text[first:vs].split()[0]
        out += [ew.past_of_participle.get(joined, joined) if perfect else joined, "and"]
    helped = text[max(0, first - 12) : first].split()[-1:]  # "had" or "was" before the verb
    shared = bool(helped) and helped[0].lower() in ew.auxiliaries and first == vs
    stop, aux = ew.title_stop, ew.auxiliaries
    pp = False  # the one place or partner phrase a title keeps ("dined at home")
    comp = False  # an object clause taken after the verb ("found that ...")
    role = False  # "served as consul": the role is the verb's complement
    limit = _MAX_PREDICATE
    skip_to = -1  # the end of an apposition after a name the verb phrase reads past
    last_end = vs  # where the last word the phrase took ends
    clock_at = -1  # where a clock time may next be: its hint (`clock_hint`), or ce for none
    for m in PRED_TOKEN.finditer(text, vs, ce):
        w = m.group()
        lw = w.lower()
        pos = m.start()
        if t.start <= pos < t.end:
            if pos < skip_to:
                continue  # the date read past ("married in 1981 to X")
            if pos == t.start and date_inside_object(ew, out, text, t):
                continue
            if t.start < pos and out and out[-1].lower() in ew.determiners:
                continue
            if pos == t.start and complement_after_date(ew, out, text, t, ce):
                while len(out) > 1 and out[-1].lower() in ew.title_date_leads:
                    out.pop()  # "married in 1981 to X": "married to X"
                pp, skip_to = False, t.end
                continue
            break
        if pos < skip_to:
            continue
        if clock_at < pos:
            hint = ew.clock_hint.search(text, pos, ce)
            clock_at = hint.start() if hint is not None else ce
        clock = ew.clock_time.match(text, pos, ce) if clock_at < ce else None
        if clock is not None:
            skip_to = clock.end()  # "occurred at 17:45:58 UT near the pole": a time, no words
            continue
        if w == "," and out and out[-1][:1].isupper():
            aside = _NAME_APPOSITION.match(text, pos, ce)
            if aside is not None and not any(ew.is_verbish(x) for x in aside.group(1).split()):
                skip_to = aside.end()  # "put Mr Hale, poor man, to bed": the verb goes on
                continue
        if w == "(" and out and verb_wants_object(ew, out):
            close = text.find(")", pos, ce)
            if 0 < close - pos <= ASIDE_PAREN:
                skip_to = close + 1  # "took up (which I keep) a piece of glass": the object
                continue
        if w == "," and verb_wants_object(ew, out):
            close = text.find(",", m.end(), min(ce, m.end() + ASIDE_PAREN))
            lead = text[close + 1 : ce].split()[:1] if close > 0 else []
            obj = ew.determiners - ew.complementizers  # ", ..., that it ended": a clause
            if lead and lead[0].lower() in obj and ";" not in text[pos:close]:
                skip_to = close + 1  # "reported, based on new data, the find of ...": the object
                continue
        if w[0] in '"“' and len(out) >= 2 and not comp:
            close = quote_end(text, pos)  # 'called Johnson "a brilliant man"': what was said
            if close > 0 and len(text[pos:close].split()) <= _MAX_QUOTE_WORDS:
                out.append(text[pos:close])
            break
        if w in ",;:()":
            break
        if shared and lw == "and" and len(out) == 1 and past_follows(ew, text, m.end(), ce):
            out.append(w)  # "was tried and hanged": the auxiliary serves both verbs
            continue
        if lw in ew.infinitive_marks and len(out) >= 2 and purpose_follows(ew, out, text, m.end()):
            break  # "woke her to tell her of the fire": the purpose is another happening
        if len(out) >= limit and not _name_goes_on(out, w) and not noun_goes_on(ew, out, w):
            break
        told = len(out) == 1 or (len(out) == 2 and out[1].lower() in ew.personal_objects)
        if told and lw in ew.complementizers and out[0].lower() not in ew.not_reporting:
            out.append(w)  # "found that the moon had volcanoes": the verb keeps its object
            comp = True
            limit = _MAX_OBJECT_CLAUSE
            relay = ew.relayed_report.match(text, m.end(), ce)
            if relay is not None:
                skip_to = relay.end()  # "tells me that she hears that ...": the news itself
            continue
        if (
            len(out) == 1
            and lw in ew.title_role_words
            and not role
            and role_follows(text, m.end(), ce)
        ):
            out.append(w)  # "served as consul to Peru": the role is what the verb says
            role = True
            continue
        if adjectives_joined(ew, out, lw, text, m.end()):
            out.append(w)  # "a melancholy but good sermon": one noun's adjectives
            continue
        noun = lw in ew.stop_nouns and ew.stop_noun_lead.search(text, max(vs, pos - 20), pos)
        if out and lw in stop and not noun:
            if pp or comp or lw not in ew.title_phrase_preps or out[-1].lower() in stop:
                break
            has_object = any(
                x.lower() not in ew.function_words or x.lower() in ew.particles for x in out[1:]
            )  # "rose again in revolt": an adverb is no object, "burned down" has one
            noun = out[1] if len(out) == 2 else ""
            bare = noun[:1].islower() and noun.lower() not in ew.function_words
            if has_object and not bare and not names_a_place(ew, text, m.end(), ce):
                break  # "paid the carters in full": after an object, only a place or partner
            # ("put pressure on the forces", "laid siege to the town": a bare noun's phrase)
            pp = True
        if not out and lw in ew.participle_perfect:
            perfect = True  # "having passed through X" reads "passed through X"
            continue
        if pp and lw in aux:
            break  # "walked through it to be greeted": the phrase ends before another verb
        if not out and lw in ew.title_copulas and seat_on_body(ew, text, m.end(), ce):
            out.append("served")  # "was on the board of the trust": "served on the board"
            continue
        if not out and lw in ew.title_copulas and noun_follows(ew, text, m.end(), ce):
            # "was chief clerk to the mayor" over a span: "served as chief clerk to the mayor"
            out.append(ew.copula_reads.get(lw, w) if role_noun(ew, text, m.end(), ce) else w)
            continue
        infinitive = bool(out) and out[-1].lower() in ew.infinitive_marks  # "began to have"
        gerund = lw == "being" and len(out) >= 2  # "led to the plan being approved"
        if (lw in aux and not comp and not infinitive and not gerund) or (
            out
            and ew.is_adverb(w)
            and not w[:1].isupper()  # not "Italy" after the verb
            and out[-1].lower() not in ew.determiners | BETWEEN_ADJECTIVES  # "a costly organ"
        ):
            continue
        if not out and perfect:
            w = ew.past_of_participle.get(w, w)  # "had become" reads "became" in a title
        elif not out and lw in ew.old_pasts and not after_auxiliary(ew, text, pos):
            w = ew.past_of_participle.get(lw, w)  # "Hale come to me" reads "Hale came to me"
        elif not out and after_did(ew, text, pos):
            w = past_of_base(ew, w)  # "did get my goods housed": "got my goods housed"
        out.append(w.strip('“”"'))
        last_end = m.end()
        if len(out) >= limit + 3:
            break  # a name runs on: a title is no sentence
    if len(out) >= limit and out[-3].lower() == "to" and out[-1].lower() in ew.particles:
        out = out[:-3]  # "sent me a cart to carry away" cut by the limit: no dangling purpose
    while out and out[-1].lower() in ew.function_words:
        if _noun_after_article(ew, out):
            break  # "walked a good while": a noun
        if len(out) >= 2 and out[-1].lower() in ew.particles and ew.is_verbish(out[-2]):
            break  # "broke out", "would be set up": the particle of the verb
        at = text.rfind(out[-1], vs, last_end) + len(out[-1])  # words after it were cut
        if (
            len(out) >= 3
            and out[-1].lower() in ew.particles
            and particle_closes(ew, text, at, ce, t)
        ):
            break  # "called the match off", "declared the strike over": the verb's particle
        if len(out) == 2 and out[-1].lower() in ew.object_pronouns:
            break  # "left me": the verb's object
        if (
            len(out) >= 3
            and out[-1].lower() in ew.narrator_objects
            and out[-2].lower() in ew.title_phrase_preps
        ):
            break  # "came to me": the narrator is whom the happening reached
        out.pop()
    if pp and len(out) >= 2 and out[-1].lower() in ew.title_phrase_preps:
        out.pop()
    if (
        len(out) >= 4
        and (ew.verb_kinds[out[-1]][1] or out[-1].lower() in ew.old_pasts)
        and out[-2].lower() not in ew.function_words
    ):
        at = text.rfind(out[-1], vs, last_end) + len(out[-1])
        if text.startswith(" by ", at):
            out.pop()  # "replaced by prefectures run | by governors": a reduced relative
    if pp and len(out) >= 3 and out[-1].islower() and out[-1].endswith("ing"):
        out.pop()  # "a telegram from Ada announcing": the participle opens another clause
    return " ".join(out)


def _bare(ew: EventWords, verb_phrase: str) -> bool:
    """A verb alone or with only a pronoun object ("paid", "found him")."""
    words = verb_phrase.lower().split()
    return len(words) == 1 or (len(words) == 2 and words[1] in ew.object_pronouns)


def _opens_near(ew: EventWords, fallback: str, verb_phrase: str) -> bool:
    """Whether the verb stands among the first words of the fallback words, which hold no
    date (cut out, a date would leave a gap: "married in | to ...")."""
    verb = verb_phrase.split()[0].lower()
    near = fallback[:60].lower().split()[:4]
    found = any(w == verb or past_of_base(ew, w) == verb for w in near)
    return found and not _DIGIT.search(fallback)


def _same_verb(ew: EventWords, words: list[str], head: list[str]) -> bool:
    """Whether `words` open on `head`, its verb perhaps read in the past tense ("propose"
    in the text, "proposed" in the title after an emphatic "did")."""
    if len(words) != len(head) or words[1:] != head[1:]:
        return False
    return words[0] == head[0] or past_of_base(ew, words[0]) == head[0]


_FIRST_PERSON_BE = {"is": "am", "are": "am", "were": "was"}


def make_title(
    lex: Lexicon, subject: str, verb_phrase: str, fallback: str, aux: str = ""
) -> tuple[str, str]:
    """Subject and verb phrase; the clause's opening words when there is no usable verb.
    `aux` is the verb of being of a passive ("was"), kept after a subject that has none
    ("The fort was rebuilt"). Returns the title and the title rule `explain` names."""
    ew = lex.compiled(EventWords)
    if subject == "\x00":
        subject, verb_phrase = "", ""
    if aux and subject and verb_phrase and subject.split()[-1].lower() not in ew.passive_finite:
        if subject == "I":
            aux = _FIRST_PERSON_BE.get(aux, aux)  # "I am told", "I was sent for"
        subject = f"{subject} {aux}"
    if subject and verb_phrase[:1].isupper():
        verb, _, rest = verb_phrase.partition(" ")
        lv = verb.lower()
        if lv in ew.irregular_past or lv.endswith("ed") or ew.verb_kinds[lv][1]:
            verb_phrase = f"{verb.lower()} {rest}".strip()  # "Served as a judge" after a name
    title = f"{subject} {verb_phrase}".strip() if verb_phrase else ""
    if verb_phrase and not subject and len(verb_phrase.split()) < 2:
        title = ""  # a lone verb ("Died") says nothing
    elif subject and _bare(ew, verb_phrase) and _opens_near(ew, fallback, verb_phrase):
        # "I paid for the two carts that ...", "found him and Sir R. Hale": its own words say more
        own = key_phrase(fallback, lex).split()
        head = verb_phrase.lower().split()
        low = [w.lower() for w in own]
        at = next(
            (i for i in range(min(4, len(own))) if _same_verb(ew, low[i : i + len(head)], head)),
            -1,
        )
        if at >= 0 and len(own) - at > len(head):
            title = f"{subject} {verb_phrase} {' '.join(own[at + len(head) :])}"
    rule = "subject and verb phrase"
    if not title:
        title, rule = with_went(lex, key_phrase(fallback, lex)), "opening words of the clause"
    return polish(title, lex), rule
