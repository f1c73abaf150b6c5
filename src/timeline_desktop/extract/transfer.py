"""A document part way through the pipeline, as bytes another process can finish.

A `Doc` refers to its lexicon and to words compiled from it (`NameWords`, `EventWords`, ...),
which are large and the same in every process that loaded the language. They travel as
references by name and are looked up again in the receiving process's lexicon, so a packed
document holds only its own text and layers.
"""

from __future__ import annotations

import copyreg
import importlib
import io
import pickle
from typing import Any

from timeline_desktop.extract.base import EmptyContext
from timeline_desktop.extract.doc import Doc
from timeline_desktop.extract.lexicon import Lexicon

_LEXICON = "_lexicon_ref"
_COMPILED = "_compiled_ref"


def _lexicon_ref(code: str) -> None:  # stands in for the receiver's lexicon (see `_Loader`)
    raise RuntimeError("a packed document is read with `unpack`")


def _compiled_ref(code: str, module: str, name: str) -> None:
    raise RuntimeError("a packed document is read with `unpack`")


def pack(doc: Doc) -> bytes:
    """`doc` without its context (which belongs to the process that made it)."""
    lex = doc.lexicon
    table = copyreg.dispatch_table.copy()
    table[Lexicon] = lambda o: (_lexicon_ref, (o.code,))
    for factory, built in lex.compiled_items():
        if type(built) is not factory:  # only a class of compiled words is its own type
            continue
        ref = (factory.__module__, factory.__qualname__)
        table[factory] = lambda o, ref=ref: (_compiled_ref, (lex.code, *ref))
    context, doc.context = doc.context, EmptyContext()
    # (the answers `passing.named_before` keeps are regex matches, which do not pickle: the
    # finishing process asks again)
    named, doc.named_before = doc.named_before, {}
    try:
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = table
        pickler.dump(doc)
    finally:
        doc.context, doc.named_before = context, named
    return out.getvalue()


def unpack(data: bytes, lexicon: Lexicon) -> Doc:
    """A packed document, its lexicon references resolved in `lexicon`."""
    doc = _Loader(io.BytesIO(data), lexicon).load()
    if not isinstance(doc, Doc):
        raise TypeError(f"not a packed document: {type(doc).__name__}")
    return doc


_CLASSES: dict[tuple[str, str], Any] = {}
"""Classes a packed document names, found once: a document names some twenty, and the
importing process reads one per file."""


class _Loader(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, lexicon: Lexicon) -> None:
        super().__init__(file)
        self._lexicon = lexicon

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == _LEXICON:
            return self._lexicon_of
        if module == __name__ and name == _COMPILED:
            return self._compiled_of
        found = _CLASSES.get((module, name))
        if found is None:
            found = _CLASSES[module, name] = super().find_class(module, name)
        return found

    def _lexicon_of(self, code: str) -> Lexicon:
        if code != self._lexicon.code:
            raise ValueError(f"packed with lexicon {code!r}, read with {self._lexicon.code!r}")
        return self._lexicon

    def _compiled_of(self, code: str, module: str, name: str) -> Any:
        factory: Any = importlib.import_module(module)
        for part in name.split("."):
            factory = getattr(factory, part)
        return self._lexicon_of(code).compiled(factory)
