"""Temporary: the English lexicon's fold for modules not yet moved onto the lexicon."""

from timeline_desktop.extract.lexicon import load

fold = load("en").fold
