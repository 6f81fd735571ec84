"""A line of dialogue asked for in reported speech ("slip in a line where Mara says her brother was a sailor").

Draft mode writes the words the film-maker gave as the character's own: "her brother was a sailor" said by
Ida is "My brother was a sailor." Words in quotes are kept exactly. A line asked for by its topic only
("give Ida a line about her first day") has no words to write and is not read here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Spoken", "direct_speech", "spoken_line"]

_SAYS = r"(?:says?|said|tells?\s+(?:\w+|her|him|them)|admits?|mentions?|explains?|confesses?|whispers?|adds?)"
_LINE = r"(?:a|an|one|another|one\s+more)\s+(?:new\s+|extra\s+|little\s+|short\s+|quick\s+)?line"
_PATTERNS = (
    # "slip in a line where Mara says ...", "put in a line for Mara in which she admits ..."
    r"\b(?:add|give|write|put\s+in|slip\s+in)\s+(?:in\s+)?" + _LINE + r"\s+(?:for\s+(?P<for>{names})\s+)?"
    r"(?:where|in\s+which|when)\s+(?P<who>{names}|she|he)\s+" + _SAYS + r"\s+(?:that\s+)?(?P<said>.+)",
    # "give Mara a line saying ...", "give Mara another line where she says ..."
    r"\bgive\s+(?P<who>{names})\s+" + _LINE + r"\s+(?:saying|where\s+(?:she|he)\s+" + _SAYS + r")\s+(?:that\s+)?"
    r"(?P<said>.+)",
    # "have Ida say ...", "let Ruben admit that ..."
    r"\b(?:have|let|make|get)\s+(?P<who>{names})\s+(?:to\s+)?(?:say|tell\s+\w+|admit|mention|explain|confess)\s+"
    r"(?:that\s+)?(?P<said>.+)",
    # "Ida should say ...", "Ruben needs to tell her that ...",
    # "ruben in the coffee scene should say: '…'": where, between the speaker and the verb
    r"\b(?P<who>{names})(?:\s+(?:in|on|at)\s+(?:scene\s+\d{1,3}|the\s+(?:[\w'-]+\s+){0,3}?(?:scene|one|bit)))?\s+"
    r"(?:should|could|needs?\s+to|has\s+to|must|ought\s+to)\s+(?:also\s+|actually\s+)?"
    r"(?:say|tell\s+\w+|admit|mention|explain|confess)\s*(?::\s*|\s(?:that\s+)?)(?P<said>.+)",
)
_SPEAKS = (r"(?:(?:should|could|can|would|needs?\s+to|has\s+to)\s+(?:also\s+)?(?:say|ask|answer|reply|add|whisper|"
           r"mutter|shout|snap)|says|asks|answers|replies|adds|whispers|mutters|shouts|snaps|also\s+says|"
           r"(?:gets|has)\s+the\s+last\s+word)")
_LINE_FOR = (r"\b(?:(?:give|write|add)\s+(?P<who>{names})\s+" + _LINE + r"|(?P<who2>{names})\s+(?:needs?|gets?|"
             r"should\s+(?:get|have)|could\s+(?:get|have|use)|has)\s+" + _LINE + r"|"
             r"(?:add|give|write|put\s+in|slip\s+in)?\s*(?:in\s+)?" + _LINE + r"\s+(?:for|to)\s+(?P<who3>{names})|"
             r"(?P<who4>{names}|(?<=[\"”'’]\s)she|(?<=[\"”'’]\s)he)\s+" + _SPEAKS + r"|"
             r"give\s+(?P<who5>{names})(?=\s*[\"“‘])|"
             r"give\s+(?P<who6>her|him)\s+(?:the|this|a|one)\s+line)"
             r"\b(?P<between>[^:\n]*?)")
"""Whose line it is and what is said between the speaker and the words (the words themselves follow)."""
_QUOTED_FOR = (_LINE_FOR + r"(?:\s*[:,—–-]\s*|\s+)(?P<said>[\"“'‘][^\"“”‘’]+[\"”'’])"
               r"(?P<where>\s*,?\s+(?:at|in|on|during|near|towards?|before|after|as|when|while|once|right|just)\b"
               r"[^\"“”]*?)?(?:\s+to\s+(?:nobody|no\s+one|herself|himself|themselves|the\s+\w+))?\s*[.!]?\s*$")
"""A named speaker's line given in quotes: "give Mara a line when the boat docks: 'Late again.'", "Tom says
'Not again.'" (after a colon,
a comma, a dash or a space; an apostrophe inside a word never opens the quote)."""
_COLON_FOR = _LINE_FOR + r"\s*:\s*(?P<said>[^\"“'‘\s][^:\n]{2,}?)\s*[.!]?\s*$"
"""The same line dictated after a colon without quotes: "ruben needs a line as she leaves: mind the step"."""
_SPEECH_ACT = (r"\b(?:give\s+(?P<who>{names})\s+(?:" + _LINE + r"|(?:something|a\s+word)\s+to\s+say)|"
               r"(?P<who2>{names})\s+"
               r"(?:needs?|gets?|should\s+(?:get|have)|could\s+(?:get|have))\s+" + _LINE + r")\b[^.;!?]*?\b"
               r"(?P<act>thanking|apologi[sz]ing\s+to|apologi[sz]ing|saying\s+sorry\s+to|saying\s+sorry|greeting|"
               r"welcoming|saying\s+goodbye\s+to|saying\s+goodbye|congratulating|warning|agreeing|refusing)\b"
               r"(?:\s+(?P<whom>{names}))?")
"""A line asked for by what it does, with no words given: "give Tom a line thanking Mara" is "Thank you, Mara."."""
_ACT_WORDS = {"thanking": "Thank you", "apologising": "I'm sorry", "apologizing": "I'm sorry",
              "saying sorry": "I'm sorry",
              "greeting": "Hello", "welcoming": "Welcome", "saying goodbye": "Goodbye", "congratulating": "Well done",
              "warning": "Be careful", "agreeing": "All right", "refusing": "No"}
_MOMENT = re.compile(r"^.*?\b(?:(?:right|just|straight)\s+)?(?:after|when|once|as\s+soon\s+as|as(?!\s+well\b))\s+"
                     r"(?P<moment>.+)$", re.I)
_TRAILING = re.compile(r"\s*(?:,?\s+(?:please|instead|too|as well|in\s+scene\s+\d+|in\s+(?:this|that|the)\s+"
                       r"(?:[\w'-]+\s+){0,3}?(?:scene|one))|[.!?;,]+)\s*$", re.I)
_PERSON = {
    "f": {"she": "I", "her": "me", "hers": "mine", "herself": "myself", "she's": "I'm", "she'd": "I'd",
          "she'll": "I'll"},
    "m": {"he": "I", "him": "me", "his": "my", "himself": "myself", "he's": "I'm", "he'd": "I'd", "he'll": "I'll"},
}
_OBJECT_FOLLOWERS = frozenset("""in into to a an the on at from with and or as back out up down for by over under
    through across near before after again""".split())
_AFTER_I = {"is": "am", "isn't": "am not", "was": "was", "has": "have", "hasn't": "haven't", "does": "do",
            "doesn't": "don't", "wasn't": "wasn't"}
_ADVERBS = frozenset("always never often still just also really only once even sometimes already".split())


@dataclass(frozen=True)
class Spoken:
    """A line of dialogue asked for: who says it and the words as the request gave them (``quoted``: verbatim)."""

    speaker: str
    said: str
    quoted: bool
    after: str = ""
    """The moment the line follows, as the request tells it ("Tom asks for the keys"), when it says one."""
    where: str = ""
    """Where in the scene the request puts it, said after the words ("… at the end of the ferry scene")."""
    manner: str = ""
    """How it is said ("under her breath", "quietly"), when the request says so after the words."""

    def words(self, said: str | None = None, gender: str | None = None) -> str:
        """Return the line as the speaker says it (``said``: the words without the place they go)."""
        text = self.said if said is None else said
        return text if self.quoted else direct_speech(text, gender)


def _verb_for_i(word: str) -> str:
    lower = word.lower()
    if lower in _AFTER_I:
        return _AFTER_I[lower]
    if re.search(r"(?:ss|sh|ch|x|z)es$", lower):
        return word[:-2]
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith("s") and not re.search(r"(?:ss|us|is)$", lower) and len(lower) > 3:
        return word[:-1]
    return word


def direct_speech(said: str, gender: str | None) -> str:
    """Return reported words as the speaker's own ("her mum died in spring", "f" -> "My mum died in spring.")."""
    if gender is None:  # not known: the person the words' subject is, else whichever third person they use
        subject = re.search(r"\b(she|he)\b", said, re.I)
        gender = ("f" if subject.group(1).lower() == "she" else "m") if subject else (
            "f" if re.search(r"\b(?:her|herself)\b", said, re.I) else "m")
    swaps = _PERSON[gender]
    words = said.split()
    out: list[str] = []
    for i, word in enumerate(words):
        core = word.strip(",.;:!?").lower()
        tail = word[len(word.rstrip(",.;:!?")):]
        following = words[i + 1].strip(",.;:!?").lower() if i + 1 < len(words) else ""
        if core == "her" and gender == "f":
            own = following and not tail and following not in _OBJECT_FOLLOWERS
            out.append(("my" if own else "me") + tail)
        elif core in swaps:
            out.append(swaps[core] + tail)
        elif out and out[-1] == "I" and core not in _ADVERBS:
            out.append(_verb_for_i(word.rstrip(",.;:!?")) + tail)
        elif len(out) >= 2 and out[-2] == "I" and out[-1].lower() in _ADVERBS:
            out.append(_verb_for_i(word.rstrip(",.;:!?")) + tail)
        else:
            out.append(word)
    line = " ".join(out).strip()
    line = line[0].upper() + line[1:] if line else line
    return line if re.search(r"[.!?…]$", line) else f"{line}."


_SAID_HOW = re.compile(r"[\"“'‘](?P<words>[^\"“”‘’]+)[\"”'’]\s*,?\s+(?P<manner>under\s+(?:her|his|their)\s+breath|"
                       r"(?:very\s+)?(?:quietly|softly|loudly|angrily|sadly|slowly|gently|coldly|flatly|bitterly|"
                       r"dryly|drily|tearfully|nervously|calmly|sharply)|in\s+a\s+whisper|to\s+(?:herself|himself|"
                       r"themselves))", re.I)
"""Words in quotes, then how they are said ("'low tide' under his breath"): a line and its parenthetical."""
_AT_A_MOMENT = r"\b(?:(?:right|just|straight)\s+)?(?:after|when|once|as\s+soon\s+as|before|until|till|as)\s+"
"""Words before a speaker that make the speech a moment ("after ruben asks …"), not a line to write."""


def spoken_line(clause: str, characters: Sequence[str]) -> Spoken | None:
    """Return the dialogue line a request dictates in reported speech or quotes, or None when it dictates none."""
    if not characters:
        return None
    names = "|".join(re.escape(n) for n in sorted(characters, key=len, reverse=True))
    for template in _PATTERNS:
        match = re.search(template.replace("{names}", names), clause, re.I)
        if match is None:
            continue
        groups = match.groupdict()
        who = groups.get("who") or ""
        if who.lower() in ("she", "he"):
            who = groups.get("for") or ""
            if not who:
                return None  # "a line where she says …" with nobody named: whose line is not known
        speaker = next(n for n in characters if n.lower() == who.lower()).upper()
        said = match.group("said").strip()
        while _TRAILING.search(said):
            said = _TRAILING.sub("", said)
        quoted = re.fullmatch(r"[\"“'‘](.+)[\"”'’]", said)
        if quoted:
            return Spoken(speaker=speaker, said=quoted.group(1).strip(), quoted=True)
        how = _SAID_HOW.fullmatch(said)
        if how:  # "say 'low tide' under his breath": the words, and how they are said
            return Spoken(speaker=speaker, said=how.group("words").strip(), quoted=True,
                          manner=how.group("manner").strip().lower())
        if re.search(r"\b(?:something|anything|a\s+bit|more|about)\b", said[:16], re.I) or len(said.split()) < 2:
            return None  # "say something about the weather": a topic, not the words
        return Spoken(speaker=speaker, said=said, quoted=False)
    given = _quoted_for(clause, characters, names)
    if given is not None and re.search(_AT_A_MOMENT + rf"{re.escape(given.speaker)}\s+(?:says|asks|said|asked|goes|"
                                       r"replies|answers|shouts|whispers|mutters)\b", clause, re.I):
        return None  # "… after tomas asks 'why bother?'": when something happens, a line already said
    return given or _speech_act(clause, characters, names)


def _speech_act(clause: str, characters: Sequence[str], names: str) -> Spoken | None:
    """Return the plain words of a line asked for by what it does ("a line thanking Mara": "Thank you, Mara.")."""
    match = re.search(_SPEECH_ACT.replace("{names}", names), clause, re.I)
    if match is None:
        return None
    who = match.group("who") or match.group("who2")
    speaker = next(n for n in characters if n.lower() == who.lower()).upper()
    act = re.sub(r"\s+to$", "", " ".join(match.group("act").lower().split()))
    whom = match.group("whom")
    words = _ACT_WORDS[act] + (f", {whom.title()}" if whom and whom.lower() != who.lower() else "")
    return Spoken(speaker=speaker, said=words + ".", quoted=True)


def _quoted_for(clause: str, characters: Sequence[str], names: str) -> Spoken | None:
    """Return a line in quotes given to a named speaker, and the moment it follows when the request says one."""
    match = re.search(_QUOTED_FOR.replace("{names}", names), clause, re.I)
    plain = re.search(_COLON_FOR.replace("{names}", names), clause, re.I) if match is None else None
    if match is None and plain is None:
        return None
    found = match or plain
    assert found is not None
    who = (found.group("who") or found.group("who2") or found.group("who3") or found.group("who4")
           or found.group("who5") or found.group("who6"))
    if who.lower() in ("her", "him", "she", "he"):  # "when Ida hangs up the key, give her the line '…'": the one named
        named = [n for n in characters if re.search(rf"\b{re.escape(n)}\b", clause, re.I)]
        if len(named) != 1:
            return None
        who = named[0]
    speaker = next(n for n in characters if n.lower() == who.lower()).upper()
    before = clause[:found.start()].strip(" ,") if found.group("who4") else ""  # "after the bell, ida says …"
    moment = _MOMENT.match(found.group("between").strip(" ,")) or _MOMENT.match(before)
    said = found.group("said")[1:-1].strip() if match else found.group("said").strip()
    if plain:  # dictated words: "you'll catch your death" reads "You'll catch your death."
        said = said[0].upper() + said[1:] + ("" if re.search(r"[.!?…]$", said) else ".")
    where = (found.groupdict().get("where") or "").strip(" ,")
    trailing = _MOMENT.match(where) if where and not re.match(r"(?:at|in|on|near|towards?)\b", where, re.I) else None
    moment = moment or trailing  # "… 'See you.' as she walks out": after she walks out
    return Spoken(speaker=speaker, said=said, quoted=True, after=moment.group("moment").strip(" ,") if moment else "",
                  where=where)
