"""Timeline Desktop: explore history from its sources on an evidence-backed timeline."""

__version__ = "0.1.0"
