"""A pipeline of named stages over a `Doc`, run in order by one small runner.

Each stage declares the layers it needs and the layers it provides; the pipeline checks when
it is built that every need is provided by an earlier stage (or is one of the document's
own: its text, context and lexicon), so a stage cannot be put before what it reads. The
runner records which stages ran (`Doc.stages`); `pipe_names` lists them, as spaCy's
`nlp.pipe_names` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from timeline_desktop.extract.doc import Doc

INPUTS = frozenset(["text", "document", "context", "lexicon"])
"""What every Doc has before any stage runs."""


@dataclass(frozen=True, slots=True)
class Stage:
    """One named step: reads the layers in `needs`, adds those in `provides`."""

    name: str
    run: Callable[[Doc], None]
    needs: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    description: str = ""
    # a stage that needs the context may read it only for some documents: this tells which
    # (None: every one), so a document can be taken further before the store is at hand
    context_when: Callable[[Doc], bool] | None = None

    def reads_context(self, doc: Doc) -> bool:
        """Whether the stage will read the context on `doc` (see `context_when`)."""
        if "context" not in self.needs:
            return False
        return self.context_when is None or self.context_when(doc)


class Pipeline:
    """Stages run in order over one document (see the module docs)."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        self.stages = tuple(stages)
        have = set(INPUTS)
        names: set[str] = set()
        for s in self.stages:
            if s.name in names:
                raise ValueError(f"two stages are named {s.name!r}")
            names.add(s.name)
            missing = [n for n in s.needs if n not in have]
            if missing:
                raise ValueError(
                    f"stage {s.name!r} needs {missing}, which no stage before it provides"
                )
            have.update(s.provides)

    @property
    def pipe_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def stage(self, name: str) -> Stage:
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(name)

    def __call__(self, doc: Doc, start: str | None = None, stop: str | None = None) -> Doc:
        """Run the stages from `start` (default: the first) up to, not including, `stop`
        (default: to the end); a document can be taken part way in one process and finished
        in another (`ingest.prepare`)."""
        names = self.pipe_names
        first = names.index(start) if start is not None else 0
        last = names.index(stop) if stop is not None else len(names)
        for s in self.stages[first:last]:
            s.run(doc)
            doc.stages.append(s.name)
        return doc
