"""A language's resources, compiled once: word lists, tables, patterns, and the caches.

The rules of the extractor are code; the words they read are data, in `lang/<code>/*.toml`
(see `docs/extraction.md`). A `Lexicon` loads one language's files, expands the `%MACRO`s
of its patterns, and keeps what the stages compile from it (`compiled`) and what they
memoise (`memo`): caches belong to the lexicon whose words they were computed with, so two
languages never share one and nothing is cached in a module global.

Files hold these tables (every name is unique across a language's files):

- `[words]`: name = "words separated by blanks" (a set, or in order with `ordered`), or a
  list of strings for entries with blanks;
- `[groups.NAME]`: key = "words" (each word belongs to the first key that lists it);
- `[maps.NAME]`: key = value;
- `[macros]`: NAME = a regex, or a table that writes words as a regex: the words of a list
  (`words`), of a group table (`group`) or the keys of a map (`map`); `case` ("title",
  "both"), `min_length`, `join` ("trie", the default, or "ordered"), `phrase` (keys of
  several words: any blanks between them, either apostrophe), and `form` (`%s` is where
  the alternation goes);
- `[patterns]`: name = a regex that may use `%NAME` macros;
- `[[date]]`: the date patterns (read by `temporal.grammar`);
- `[rules]`: rule id = what it means, in words a reader understands (read by `explain`).
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from timeline_desktop.extract.text import CHARACTER_CLASSES, fold_word
from timeline_desktop.extract.word_start import opening_on_letters

LANG_DIR = Path(__file__).resolve().parent / "lang"

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MACRO = re.compile(r"%([A-Z][A-Z0-9_]*)")


class Memo(dict[K, V]):
    """A bounded memo of one function: `memo[key]` computes on a miss (in C on a hit, so it
    is as fast as `functools.lru_cache`); it is emptied when it reaches `limit` entries."""

    __slots__ = ("func", "limit")

    def __init__(self, func: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self.func = func
        self.limit = limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.func(key)
        return value


def trie(words: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """An alternation of literal words, longest match first, written as a trie.

    The regex engine tries alternatives one by one; branching on the first letter lets it
    reject a position after a character or two instead of after a hundred words.
    """
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[:1], []).append(w[1:])
    ends = heads.pop("", None) is not None
    alts = [re.escape(c) + trie(rest) for c, rest in sorted(heads.items())]
    alts += [""] if ends else []
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


class _Built(dict[Callable[["Lexicon"], Any], Any]):
    """What factories built from one lexicon, by factory; a missing one is built once, under
    the lexicon's lock (a factory may ask for what it builds on)."""

    __slots__ = ("lex",)

    def __init__(self, lex: Lexicon) -> None:
        super().__init__()
        self.lex = lex

    def __missing__(self, factory: Callable[[Lexicon], Any]) -> Any:
        with self.lex._lock:
            if factory in self:  # built by another thread meanwhile
                return dict.__getitem__(self, factory)
            built = factory(self.lex)
            self[factory] = built
            return built


class Lexicon:
    """One language's resources and everything compiled or memoised from them."""

    def __init__(self, code: str, data: dict[str, Any]) -> None:
        self.code = code
        self._data = data
        self._sets: dict[str, frozenset[str]] = {}
        self._sources: dict[str, str] = {}
        self._compiled = _Built(self)
        self.compiled = self._compiled.__getitem__  # type: ignore[method-assign]
        self._memos: list[dict[Any, Any]] = []
        self._lock = threading.RLock()  # a factory may ask for what it builds on
        self.fold: Callable[[str], str] = self.memo(fold_word, 131_072).__getitem__
        """Case- and accent-insensitive form of a word ("Chōshū" -> "choshu"), memoised."""

    # --- loading ---------------------------------------------------------------------------

    @classmethod
    def from_folder(cls, folder: Path, code: str | None = None) -> Lexicon:
        """The lexicon of the `*.toml` files of `folder` (merged; a name defined twice is an
        error, so two files never silently disagree)."""
        data: dict[str, Any] = {}
        for path in sorted(folder.glob("*.toml")):
            with path.open("rb") as f:
                part = tomllib.load(f)
            for section, value in part.items():
                if isinstance(value, list):  # [[date]] entries
                    data.setdefault(section, []).extend(value)
                    continue
                into = data.setdefault(section, {})
                for name, item in value.items():
                    if name in into:
                        raise ValueError(f"{path.name}: [{section}] {name} is defined twice")
                    into[name] = item
        if not data:
            raise FileNotFoundError(f"no language resources in {folder}")
        return cls(code or folder.name, data)

    # --- words and tables ------------------------------------------------------------------

    def words(self, name: str) -> frozenset[str]:
        """A word list as a set."""
        got = self._sets.get(name)
        if got is None:
            got = self._sets[name] = frozenset(self.ordered(name))
        return got

    def ordered(self, name: str) -> tuple[str, ...]:
        """A word list in its written order."""
        try:
            value = self._data["words"][name]
        except KeyError:
            raise KeyError(f"{self.code}: no word list {name!r}") from None
        # a list of strings keeps entries with blanks or punctuation ("however, ")
        return tuple(value) if isinstance(value, list) else tuple(value.split())

    def groups(self, name: str) -> dict[str, str]:
        """word -> the first key of `[groups.NAME]` that lists it."""
        out: dict[str, str] = {}
        for key, words in self._table("groups", name).items():
            for w in words.split():
                out.setdefault(w, key)
        return out

    def group_words(self, name: str) -> dict[str, tuple[str, ...]]:
        """key -> its words, for `[groups.NAME]`."""
        return {k: tuple(v.split()) for k, v in self._table("groups", name).items()}

    def map(self, name: str) -> dict[str, Any]:
        """The `[maps.NAME]` table."""
        return dict(self._table("maps", name))

    def rule_descriptions(self) -> dict[str, str]:
        return dict(self._data.get("rules", {}))

    def entries(self, section: str) -> list[dict[str, Any]]:
        """The `[[section]]` entries (date patterns), in order."""
        return list(self._data.get(section, []))

    def _table(self, section: str, name: str) -> dict[str, Any]:
        try:
            return self._data[section][name]
        except KeyError:
            raise KeyError(f"{self.code}: no [{section}.{name}]") from None

    # --- macros and patterns ---------------------------------------------------------------

    def macro(self, name: str) -> str:
        """The regex a `%NAME` macro stands for."""
        got = self._sources.get("%" + name)
        if got is None:
            spec = self._data.get("macros", {}).get(name, CHARACTER_CLASSES.get(name))
            if spec is None:
                raise KeyError(f"{self.code}: no macro %{name}")
            got = self._sources["%" + name] = self.expand(
                spec if isinstance(spec, str) else self._word_macro(spec)
            )
        return got

    def _word_macro(self, spec: dict[str, Any]) -> str:
        if "words" in spec:
            words = list(self.ordered(spec["words"]))
        elif "group" in spec:
            words = [w for ws in self.group_words(spec["group"]).values() for w in ws]
        else:
            words = list(self.map(spec["map"]))
        if spec.get("phrase"):
            # "New Year's Day": any blanks between the words, either apostrophe
            alts = [
                r"\s+".join(re.escape(w).replace("'", "['’]") for w in p.split())
                for p in sorted(words, key=len, reverse=True)
            ]
            return spec.get("form", "%s").replace("%s", "(?:" + "|".join(alts) + ")")
        if "min_length" in spec:
            words = [w for w in words if len(w) >= spec["min_length"]]
        case = spec.get("case", "as-written")
        if case == "title":
            words = [w.capitalize() for w in words]
        elif case == "both":
            words = [v for w in words for v in (w, w.capitalize())]
        elif case != "as-written":
            raise ValueError(f"unknown case {case!r} in macro {spec}")
        words = list(dict.fromkeys(words))
        join = spec.get("join", "trie")
        body = trie(words) if join == "trie" else "(?:" + "|".join(map(re.escape, words)) + ")"
        return spec.get("form", "%s").replace("%s", body)

    def expand(self, source: str) -> str:
        """`source` with every `%NAME` macro written out."""
        if "%" not in source:
            return source
        return _MACRO.sub(lambda m: self.macro(m.group(1)), source)

    def source(self, name: str) -> str:
        """The regex of pattern `name`, macros expanded."""
        got = self._sources.get(name)
        if got is None:
            try:
                raw = self._data["patterns"][name]
            except KeyError:
                raise KeyError(f"{self.code}: no pattern {name!r}") from None
            got = self._sources[name] = self.expand(raw)
        return got

    def pattern(self, name: str, flags: int = 0) -> re.Pattern[str]:
        """Pattern `name` compiled; one opening on a boundary and a list of words opens on
        their first letters instead, which the regex engine skips to (`word_start`)."""
        return re.compile(opening_on_letters(self.source(name), flags), flags)

    # --- what stages build from the lexicon ------------------------------------------------

    def compiled(self, factory: Callable[[Lexicon], T]) -> T:
        """What `factory` builds from this lexicon, built once (a stage's compiled words).

        (Replaced in `__init__` by the lookup of `_Built`, which answers in C: stages ask
        for their words hundreds of thousands of times per import.)"""
        return self._compiled[factory]

    def compiled_items(self) -> list[tuple[Callable[[Lexicon], Any], Any]]:
        """(factory, what it built) for everything compiled so far."""
        with self._lock:
            return list(self._compiled.items())

    def memo(self, func: Callable[[K], V], limit: int = 100_000) -> Memo[K, V]:
        """A cache of `func` owned by this lexicon (see `Memo`)."""
        m: Memo[K, V] = Memo(func, limit)
        self._memos.append(m)
        return m

    def cache(self) -> dict[Any, Any]:
        """A plain dict cache owned by this lexicon (its user bounds it)."""
        d: dict[Any, Any] = {}
        self._memos.append(d)
        return d

    def clear_caches(self) -> None:
        """Forget every memoised result (compiled patterns stay)."""
        for m in self._memos:
            m.clear()


_LOADED: dict[str, Lexicon] = {}
_LOAD_LOCK = threading.Lock()


def load(code: str = "en") -> Lexicon:
    """The shared lexicon of language `code` (loaded from `lang/<code>/` on first use)."""
    got = _LOADED.get(code)
    if got is None:
        with _LOAD_LOCK:
            got = _LOADED.get(code)
            if got is None:
                got = _LOADED[code] = Lexicon.from_folder(LANG_DIR / code, code)
    return got
