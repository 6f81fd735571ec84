"""The request inside a chatty message: "Morning! Long day. Could the pier scene be wetter? Right, lunch!".

Film-makers wrap requests in news about their day. Greetings and chat at either end of a message ("Morning!",
"Anyway, lunch?", "That's all from me!", "how are you?") ask for nothing; they are dropped before the message
is split into steps, so they can neither become steps of their own nor be pasted into the project. Sentences
in between stay: they often hold what a request points back to ("He's fifties, heavy-set. Could you put that
in as his description?").
"""

from __future__ import annotations

import re

from agent.llm.offline.speech import commands, speech_act

__all__ = ["request_part"]

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z\"“'‘])")
_ABBREVIATED = re.compile(r"\b(?:int|ext|mr|mrs|ms|dr|st|sc|vs|etc|e\.g|i\.e|no|approx|v|\d{1,3})\.$", re.I)
"""A piece that ends on an abbreviation ("INT.", "e.g.") or a number ("1. add …") goes on into the next."""
_CHAT = re.compile(r"\b(?:(?:lunch|dinner|tea|coffee|bed)\s*time|lunch|tired|exhausted|excited|thrilled|so\s+happy|"
                   r"(?:my|big|good|great|some)\s+news|weekend|lol|haha|ugh|phew|(?:long|rough|busy|hard|mad|crazy|hectic)\s+"
                   r"(?:day|morning|night|week|shoot)|"
                   r"how\s+are\s+you|how(?:'?s|\s+is)\s+(?:your|it\s+going|it|everything|things)|all\s+from\s+me|that'?s\s+all|cheers|thanks|"
                   r"thank\s+you|bye|speak\s+soon|talk\s+soon)\b|^(?:good\s+)?(?:morning|afternoon|evening)\W*$", re.I)
_FILM = re.compile(r"\b(?:scenes?|shots?|script|screenplay|cut|logline|outline|character|prop|location|export|"
                   r"branch|undo|version)\b", re.I)


_POINTS_BACK = re.compile(r"^\W*(?:his|her|their|he|she|they|he's|she's|they're)\b", re.I)


def _chat_only(sentence: str) -> bool:
    """Tell whether a sentence is only chat: a greeting, thanks, or news about the day that names no film work."""
    if speech_act(sentence) in ("social", "empty"):
        return True
    short = len(sentence.split()) <= 8 and not commands(sentence)  # "add coffee to it." asks for something
    return short and _CHAT.search(sentence) is not None and not _FILM.search(sentence)


def request_part(text: str) -> str:
    """Return a message without the chat before and after what it asks ("Morning! … Right, off to lunch!")."""
    sentences: list[str] = []
    for piece in (s for s in _SENTENCE.split(text.strip()) if s.strip()):
        if sentences and _ABBREVIATED.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    first, end = 0, len(sentences)
    while end - first > 1 and _chat_only(sentences[first]) and not _POINTS_BACK.match(sentences[first + 1]):
        first += 1  # "we cast the boy!! his name ...": the news is who "his" is
    while end - first > 1 and _chat_only(sentences[end - 1]):
        end -= 1
    return " ".join(sentences[first:end]) if (first, end) != (0, len(sentences)) else text
