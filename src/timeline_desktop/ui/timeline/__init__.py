"""The zoomable timeline: historical axis, event items, lanes and level of detail."""
