"""The pure domain: historical dates and the plain records every layer exchanges."""
