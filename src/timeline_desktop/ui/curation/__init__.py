"""Curation in the app: editing events and people, undo/redo, re-extraction."""
