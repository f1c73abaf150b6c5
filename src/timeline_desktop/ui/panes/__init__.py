"""Dockable panels: people filter, event list, event detail with source texts."""
