"""The people stage: names of people found in a text, clustered into people (`finder`)."""

from timeline_desktop.extract.names.clusters import Cluster, Mention, PeopleFound
from timeline_desktop.extract.names.finder import find_people
from timeline_desktop.extract.names.words import NameWords, translit_key

__all__ = ["Cluster", "Mention", "NameWords", "PeopleFound", "find_people", "translit_key"]
