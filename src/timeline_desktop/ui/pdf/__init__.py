"""PDF dossiers: the content from `export.dossier`, typeset with QPainter on a QPdfWriter.

Only QtGui is used (no widgets), so `write_pdf` runs from the CLI and on worker threads; the
dialog and the background job for the GUI live in `dialog` and `job`.
"""
