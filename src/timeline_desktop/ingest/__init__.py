"""Turning source files into stored sources: readers per format, then the import pipeline."""
