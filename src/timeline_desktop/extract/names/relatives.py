"""The narrator's family a diary names only by kinship: "my wife", "my father".

Pepys never writes his wife's name, yet she goes with him to the play, buries the wine and
quarrels with the maid: a filter by person should find those days, and a "she" near her is
often she. In a first-person narrative (`narrated`), "my wife" is one person of the text,
called so, whom the user can rename to her name. Kin of whom a narrator may have several
(a son, a cousin) are left out: one name would join them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from timeline_desktop.extract.names.clusters import Cluster, Mention
from timeline_desktop.extract.text import Mask

RELATIVE = "narrator's relative (my wife)"

# "my wife", "my poor wife", not "my wife's" (a thing of hers) nor "my brother John" (named)
_KIN = re.compile(
    r"\b[Mm]y\s+(?:(?:poor|dear|own)\s+)?(wife|husband|father|mother|brother|sister)\b"
    r"(?!['’]s?\b|\s+[A-Z])"
)
_SEX = {"wife": "f", "mother": "f", "sister": "f"}


def narrator_relatives(
    text: str,
    mask: Mask,
    clusters: list[Cluster],
    mentions: list[Mention],
    cluster_for: Callable[[str, int], int],
    narrated: Callable[[int], bool],
) -> None:
    """Add a mention of "my wife" (and the like) wherever a narrator tells of them."""
    if "y " not in text:
        return
    own: dict[str, int] = {}
    for m in _KIN.finditer(text):
        if mask.covers(m.start(), m.end()) or not narrated(m.start()):
            continue
        kin = m.group(1).lower()
        form = f"my {kin}"
        idx = own.get(kin)
        if idx is None:
            idx = own[kin] = cluster_for(form, m.start())
            clusters[idx].sex = _SEX.get(kin, "m")
        c = clusters[idx]
        c.forms[form] = c.forms.get(form, 0) + 1
        mentions.append(Mention(m.start(), m.end(), idx, RELATIVE))
