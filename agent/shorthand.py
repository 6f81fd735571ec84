"""Chat shorthand spelled out ("shud", "w/", "pls", "teh"), for every reader of a request.

The scene resolver and the offline director both read requests; they must see the same words, or
a phrase one of them found ("ending with the coffees") is not in the text the other reads.
"""

from __future__ import annotations

import re

__all__ = ["spell_out"]

_SPELLED = {"shud": "should", "shld": "should", "cud": "could", "cld": "could", "wud": "would", "pls": "please",
            "plz": "please", "u": "you", "ur": "your", "thx": "thanks", "tho": "though", "bc": "because",
            "cos": "because", "abt": "about", "w/": "with", "w/o": "without", "rly": "really", "v": "very",
            "sc": "scene", "2nite": "tonight", "gonna": "going to", "wanna": "want to", "gotta": "got to",
            # short typos the spelling correction leaves alone (it only corrects words of four letters or more)
            "teh": "the", "hte": "the", "adn": "and", "nad": "and", "ot": "to", "fo": "of", "taht": "that",
            "waht": "what", "whta": "what", "rn": "right now", "atm": "at the moment"}
_TEXTSPEAK = re.compile(r"(?<![\w/])(?:" + "|".join(re.escape(k) for k in sorted(_SPELLED, key=len, reverse=True))
                        + r")(?![\w/])", re.I)


def spell_out(text: str) -> str:
    """Spell out chat shorthand ("ida shud look frail", "ending w/ the coffees") and short typos ("teh")."""
    return _TEXTSPEAK.sub(lambda m: _SPELLED[m.group(0).lower()], text)
