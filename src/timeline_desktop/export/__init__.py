"""Writing selections out: the JSON interchange format (and later the PDF dossier)."""
