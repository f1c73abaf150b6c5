"""Qt item models adapting store queries (lazy, fetched off the GUI thread)."""
