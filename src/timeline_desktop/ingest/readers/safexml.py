"""XML parsed safely: no document type declarations, so no entities to expand.

Interchange files never need a DTD, and a DTD is what entity attacks need: the "billion
laughs" bomb (entities defined in terms of each other), quadratic blow-ups, and external
entities that read local files or URLs. So, as `defusedxml` does with `forbid_dtd`, any
DOCTYPE is refused before a single entity is read, and external references are never
resolved. The tree is the standard library's ElementTree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

from timeline_desktop.ingest.readers.errors import FormatError


class _Refused(Exception):
    pass


def parse_xml(data: bytes) -> ET.Element:
    """The root element of an XML document; raises FormatError for anything unsafe or broken."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    builder = ET.TreeBuilder()

    def refuse(*_args: object) -> None:
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = lambda tag: builder.end(tag)
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except _Refused:
        raise FormatError(
            "the XML declares a document type (DOCTYPE), which timeline files never do; "
            "it is refused so that no entity is expanded"
        ) from None
    except expat.ExpatError as exc:
        raise FormatError(
            f"not well-formed XML (line {exc.lineno}, column {exc.offset + 1}: "
            f"{expat.ErrorString(exc.code)})"
        ) from None
    return builder.close()
