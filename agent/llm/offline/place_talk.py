"""Read what a sentence about a place says of "it": "the pier is an exterior, tag it storm-unit" tags the pier.

A film-maker states a location's setting and, in the same breath, tags "it". The "it" is the place the
sentence is about, not the scene last talked of; spelled out, the step names the place as a location.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.resolver.names import match_places

__all__ = ["place_it"]

_SETTING = re.compile(r"^\W*(?:(?:so|and|also|fyi|btw|ok|okay|note|heads\s+up|just\s+so\s+you\s+know)[,:!]?\s+)*"
                      r"(?P<subject>(?:the\s+)?[\w'’ -]{2,40}?)(?:\s+is|\s*'s|\s*’s)\s+"
                      r"(?:an?\s+)?(?P<setting>interior|exterior|inside|outside|indoors|outdoors)"
                      r"(?:\s+(?:obviously|of\s+course|clearly|really|actually|btw|by\s+the\s+way))?"
                      r"(?=\s*(?:$|[,.;!]|(?:and|location|place|set|so|but|too|now|though)\b))", re.I)
"""A place said to be an interior or an exterior, and nothing more made of the word ("an interior designer")."""
_NOUN = re.compile(r"\s+(?:location|place|set)\b", re.I)
_TAG_IT = re.compile(r"[\s,;]*(?:\band\s+|\bthen\s+)?\b(?P<verb>tag|label|flag|mark)\s+it\s+(?P<tags>[^,;.]+)", re.I)


_SAID_AGAIN = re.compile(r"^\s*[,;.—–-]+\s*(?:it|that|which|so\s+it|they)\s+(?:never|always|is|are|isn't|doesn't|"
                         r"don't|stays?|only)\b[^,;]*$", re.I)
"""What follows a setting and only says it again ("…, it never goes outside")."""


_LOOKS = re.compile(r"^\W*(?:(?:so|and|also|fyi|btw|ok|okay|note)[,:!]?\s+)*(?P<subject>(?:the\s+)?[\w'’ -]{2,40}?)\s+"
                    r"(?:looks?|should\s+look|needs\s+to\s+look)\s+like\s*[:—–-]\s*(?P<what>\S.{2,})$", re.I)
"""A place's look dictated after a colon ("the net loft looks like: tar-black beams, coiled rope")."""


def place_it(clause: str, locations: Sequence[str]) -> str:
    """Return a clause that sets a known place's setting as the step on that location, its "tag it" too.

    "the pier is an exterior" -> "set the pier location to exterior";
    "the pier is an exterior, tag it storm-unit" -> "tag the pier location storm-unit, the pier is an exterior":
    the tag step first, as a place's tags are asked for, so "it" is never read as the scene talked of last.
    """
    looks = _LOOKS.match(clause)
    seen = match_places(looks.group("subject"), locations) if looks else []
    if looks is not None and len(seen) == 1:  # the look of a place named in full, never a scene of it
        return f"describe the {seen[0][1]} location as: {looks.group('what').strip()}"
    said = _SETTING.match(clause)
    places = match_places(said.group("subject"), locations) if said else []
    if said is None or len(places) != 1:
        return clause
    tagged = _TAG_IT.search(clause)
    if tagged is None:  # "the pier is an exterior": the step a location's setting is set by
        setting = "interior" if said.group("setting").lower() in ("interior", "inside", "indoors") else "exterior"
        rest = clause[said.end():]
        if _SAID_AGAIN.match(rest):
            rest = ""  # ", it never goes outside": the same thing said again, no second step
        return f"set the {places[0][1]} location to {setting}{rest}"
    rest = (clause[:tagged.start()] + clause[tagged.end():]).strip(" ,;")
    return f"{tagged.group('verb')} the {places[0][1]} location {tagged.group('tags').strip()}, {rest}"
