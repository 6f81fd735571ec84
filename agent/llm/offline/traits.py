"""Fold a requested change into an existing description ("give Ruben a scar" -> "... Ruben has a scar.")."""

from __future__ import annotations

import re

from agent.llm.offline.speech import FINE, UNDECIDED, commands
from agent.roles import names_a_person

__all__ = ["MOVES", "revised_description", "trait_sentence"]

_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bdescribe\s+{name}\s+as\s+(?P<x>.+)$", "{Name} is {x}."),
    (r"\b(?:she|he|they|{name})\s+should\s+(?P<v>look|seem|feel|sound)\s+(?P<x>.+)$", "{Name} {v}s {x}."),
    (r"\b(?:can|could|should|let|may)\s+{name}\s+have\s+(?P<x>.+)$", "{Name} has {x}."),
    (r"\bgive\s+(?:her|him|them|{name})\s+(?P<x>.+)$", "{Name} has {x}."),
    (r"\bmake\s+(?:it|{name})\s+(?P<v>feel|sound|smell)\s+(?P<x>.+)$", "{Name} {v}s {x}."),
    (r"\b(?:change|turn|redo|redress)\s+{name}\s+(?:to|so\s+(?:it|that\s+it))\s+(?P<v>feel|look|seem|sound)s?\s+(?P<x>.+)$",
     "{Name} {v}s {x}."),
    (r"\bmake\s+(?:her|him|them|{name})\s+(?:look\s+|seem\s+)?(?P<x>.+)$", "{Name} is {x}."),
    (r"\b(?:she|he|they|it|{name})\s+(?:should|must|needs? to|has to|ought to)\s+(?P<v>look|seem|feel|sound|smell)\s+"
     r"(?P<x>.+)$", "{Name} {v}s {x}."),
    (r"\b(?:she|he|they|{name})\s+(?:needs|could use|should have|must have|ought to have)\s+"
     r"(?P<x>(?:a|an|some|more|the|her|his|their)\b.+)$", "{Name} has {x}."),
    (r"\b(?:she|he|they|{name})\s+(?:should|must|needs? to)\s+be\s+(?P<x>.+)$", "{Name} is {x}."),
    (r"\b(?:she|he|they|{name})\s+(?:should|must|needs? to|has to)\s+come\s+(?:across|over)\s+(?:like|as)\s+(?P<x>.+)$",
     "{Name} comes across as {x}."),
    (r"^\W*{name}(?:'s|’s)\s+(?P<x>(?:(?:in\s+(?:her|his|their)\s+)?(?:early\s+|late\s+|mid[- ]?)?\d0s|\d{1,2})\b"
     r"(?:(?!\bscene\b)[^;])*)$", "{Name}, {x}."),  # "mara's 60s, widowed" -> "Mara, 60s, widowed."
    (r"\b(?:she|he|they|{name})\s+(?:should|must|needs? to|has to|ought to)\s+have\s+(?P<x>.+)$", "{Name} has {x}."),
    (r"\b(?:she|he|they|{name})\s+(?:should|must|needs? to|has to|ought to|could)\s+(?:always\s+)?wear\s+(?P<x>.+)$",
     "{Name} wears {x}."),
    (r"\b(?:she|he|they|{name})\s+(?:should|must|needs? to|has to|ought to)\s+(?:always\s+)?(?P<v>use|walk|limp|smoke|"
     r"stutter|whistle|hum|sing|drink|drive|keep|collect|chew|fidget|lean|squint|mutter|speak|talk)\s+(?P<x>.+)$",
     "{Name} {v}s {x}."),  # "ida should use a cane": a habit of hers
    (r"\b(?:she|he|they|it|{name})\s+(?P<x>(?:is|has|walks|wears|carries|speaks|talks|limps|never|always|"
     r"hates|loves|lost|keeps|smokes|stutters|works|lives|was|had|smells|looks|feels|sounds|seems|needs|wants|"
     r"uses|drives|owns|knows|remembers|fears|drinks|sings|hums|reads|collects|misses|dresses|gets|becomes|"
     r"can|cannot|can't|doesn't|does|did|never|always|only)\b.+)$", "{Name} {x}."),
    (r"\bgive\s+{name}(?:'s|’s)?\s+(?P<x>.+)$", "{Name} has {x}."),
    (r"\b{name}(?:'s|’s|s)?\s+(?:now\s+)?(?:has\s+)?(?:now\s+)?got\s+(?P<x>.+)$", "{Name} has {x}."),
    (r"\b(?:change|make|switch|swap|turn)\s+{name}(?:'s|’s)\s+(?P<v>[\w-]+(?:\s+[\w-]+)?)\s+(?:to|into|for)\s+(?P<x>.+)$",
     "{Name}'s {v} is {x}."),
    (r"\b{name}(?:'s|’s)\s+(?P<x>[\w-]+(?:\s+[\w-]+)?)\s+(?:should|must|needs? to|has to|ought to)\s+be\s+(?P<y>.+)$",
     "{Name}'s {x} {be} {y}."),
    (r"\b{name}(?:'s|’s)\s+(?P<x>[\w-]+(?:\s+[\w-]+)?\s+(?:is|are|was|were|has|have|should be)\b.+)$", "{Name}'s {x}."),
    (r"\b{name}(?:'s|’s)\s+(?P<x>(?:hands?|eyes|voice|hair|face|knees?|back|smile|laugh|walk|fingers|skin|teeth|"
     r"shoulders|breath|cough|limp|posture|handwriting)\s+[a-z]+s?\b.+)$", "{Name}'s {x}."),
    (r"\b(?:add|put)\s+(?P<x>.+?)\s+(?:to|on)\s+(?:her|him|them|{name})(?:'s)?(?:\s+description)?$",
     "{Name} has {x}."),
    # "juno bites her nails", "ruben whistles through his teeth": a habit; "juno opens the door" is a moment
    (r"^\W*{name}\s+(?P<x>(?!(?:is|was|has|does|seems|feels|sounds|looks|reads|plays|comes|goes|needs|gets|says|"
     r"wants|should|could|would)\b)[a-z]{2,}[^s\W]s\b(?:(?!\bthe\b)[^.;:!?])*)[.!]*$", "{Name} {x}."),
)


_CORRECTION = re.compile(r",?\s+(?:not|rather than|instead of)\s+(?:a\s+|an\s+|the\s+)?[\w'-]+(?:\s+[\w'-]+)?\s*$",
                         re.I)
"""What a correction sets aside ("16, not 17"): the description keeps only what is true."""
_NEGATES = frozenset("is are was were does do did can could should would will has have am be never always just "
                     "really but yet though".split())


_ASKED_TO_NOTE = re.compile(r"\s*(?:,|;|\s[-–—]+|\.)?\s+(?:(?:can|could|would|will)\s+you\s+|"
                            r"(?:please|pls)\s+(?:you\s+)?)?"
                            r"(?:update|change|fix|amend|correct|edit|note|put|add|log|record|save|write|jot|make)\s+"
                            r"(?:her|him|them|it|that|this|those|these)\b(?:\s+(?:down|in|on|into|to)\b[^.!?]*)?"
                            r"(?:\s+(?:please|pls|thanks|for\s+me))*\s*[.!?]*$", re.I)
"""The film-maker asking for the note to be made (", update her pls"): not part of the note."""


_WHY_SAID = re.compile(r"[,;.]?\s*(?:(?:because|since|cause|as|i\s+think)\s+)?"
                       r"(?:(?:it|this|that)(?:'s|’s|\s+is|\s+would\s+be|"
                       r"\s+will\s+be|\s+works|\s+fits)|is|would\s+be|will\s+be|works|fits)\s+"
                       r"(?:much\s+|a\s+lot\s+|way\s+)?(?:better|best|nicer|stronger|more\s+interesting)?\s*(?:for|with)?\s*"
                       r"(?:the|our)\s+(?:story|film|movie|script|character|part|role|plot)\b[^.;]*[.!]*$", re.I)
"""Why a note is asked for ("…, is better for the story"): a reason, never part of the description."""


def _clean(text: str) -> str:
    text = _ASKED_TO_NOTE.sub("", text.strip())
    text = _WHY_SAID.sub("", text) or text
    text = re.sub(r"[.,;]?\s*(?:that'?s|thats)\s+(?:her|him|them|it|who\s+(?:she|he|they)\s+(?:is|are))\s*[.!]*$", "",
                  text, flags=re.I)  # "…, stubborn. that's her": the note ends before it
    text = re.sub(r",\s+(she|he|they)(?:'s|’s|\s+is)\s+", lambda m: f". {m.group(1).title()} "
                  f"{'are' if m.group(1).lower() == 'they' else 'is'} ", text, flags=re.I)  # ", she's frail": said
    text = re.sub(r"(?<=[.!?]\s)([a-z])", lambda m: m.group(1).upper(), text)  # "… eye. stubborn": a sentence
    text = re.sub(r"\s+(?:please|thanks|too|as well|now)\s*[.!?]*$", "", text.strip(), flags=re.I)
    # Where the note goes is not part of it: "make her 80 in the character notes?" -> "80".
    text = re.sub(r"\s+(?:in|on|to)\s+(?:the\s+|her\s+|his\s+|their\s+|its\s+)?(?:character\s+)?(?:notes?|"
                  r"description|bio|profile|sheet|card)\s*(?:[.!?]*$|(?=[,;]))", "", text.strip(), flags=re.I)
    text = text.strip(" .!?,;")
    aside = _CORRECTION.search(text)
    before = text[: aside.start()].split() if aside else []
    if aside and (len(before) >= 2 or aside.group(0).startswith(",")) and (
            before and before[-1].lower().strip(",") not in _NEGATES):  # "is not happy" stays; "15, not 17" is 15
        text = text[: aside.start()]
    return text.strip(" .!,;")


MOVES = r"(?:come|walk|run|burst)s?\s+(?:in|out|back)|enters?|exits?|arrives?|leaves?|(?:turn|show)s?\s+up"
"""Coming and going in a scene ("comes in", "exits", "turns up"): blocking, never a trait of who someone is."""
_DOES = re.compile(rf"\b(?:should|must|needs?\s+to|has\s+to|could|can)\s+(?:also\s+|just\s+)?(?:{MOVES})\b", re.I)
"""What someone does in a scene ("ida should come in after ruben") is blocking for the writer, not who they are."""


_NOT_IN_A_MOMENT = "".join(rf"(?<!{w} )" for w in (r"\bwhen", "while", r"\bas", "after", "before", "until", r"\bonce",
                                                   r"\bif", "whenever"))
_NOT_AFTER_A_PLACE_WORD = "".join(rf"(?<!{w} )(?<!{w} the )" for w in (
    r"\bon", r"\bin", r"\bat", r"\bby", "near", "under", "across", "inside")) + _NOT_IN_A_MOMENT
"""A name said after "on", "in", "near" ("the boy on the pier should be wetter") is where, not whom, a note is
about; one after "when", "as", "until" ("a gull cries when tom gets off") is a moment, not a trait of theirs."""
_WHERE_FIRST = re.compile(r"^(?:on|in|at|aboard|inside|by|near)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?(?=\S+$)", re.I)
_PART_OF = (r"^\W*(?P<part>the\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+"
            r"(?P<where>(?:in|on|at|inside|of)\s+(?:the\s+)?{name})\s+"
            r"(?:should|must|needs?\s+to|has\s+to|ought\s+to)\s+(?P<v>look|seem|feel|be|sound)\s+(?P<x>.+)$")
"""Part of a place said first ("the locks on the canal should look rustier"): a sentence about that part."""


def _plain_trait(text: str) -> str:
    """Say a trait without where it was said: "on the ferry crankier" -> "crankier" (the ferry is not who)."""
    return _WHERE_FIRST.sub("", text)


_ASKED_AS = re.compile(r"^\s*(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:describe|write|play|make|have|show|"
                       r"picture|see)\s+(?:her|him|them|it)\s+(?:as\s+(?:being\s+)?|like\s+)?", re.I)
"""How the film-maker asks after the colon ("…: describe her as small, fierce"): the ask, not part of the trait."""


_NO_TRAIT = re.compile(rf"^(?:[\w'’ ]{{1,40}}?\s+(?:looks?|is|are|seems?|feels?|sounds?|reads?|works?)\s+)?{FINE}\b"
                       r"[\s.!,]*(?:thanks?|thank\s+you|cheers)?[\s.!]*$|"
                       rf"^{UNDECIDED}(?:\s+(?:about|on|with)\s+(?:it|him|her|them|this|that))?(?:\s+(?:yet|for\s+now|now))?"
                       r"[\s.!?]*$|^(?:hmm+|um+|erm+|uh+)[\s.!?]*$", re.I)
"""A verdict ("looks great"), a hesitation ("not sure yet", "hmm, let me think") or "keep her as is": no trait."""


def trait_sentence(name: str, clause: str) -> str | None:
    """Return the sentence a request adds about someone, or None when it states no trait."""
    said = _trait_sentence(name, clause)
    if said is None:
        return None
    told = re.sub(rf"^(?:the\s+)?{re.escape(name)}\s+(?:is|looks|seems|feels)\s+|^(?:the\s+)?{re.escape(name)}\b",
                  "", said.strip(), flags=re.I).strip(" ,.:")
    return None if _NO_TRAIT.match(told) or _NO_TRAIT.match(said.strip()) else said


_SPEECH_GIVEN = re.compile(r"\b(?:a|an|one|another)\s+(?:(?:new|extra|more|last|final|closing|quick|short)\s+)?"
                           r"(?:line|reply|response|comeback|retort|answer)\b|^\s*[\"“‘'][^\"“”‘’]+[\"”’']\W*$", re.I)
"""Words someone is given to say ("give him a reply: '…'"), or a quotation on its own: speech, never a trait."""


_MADE_OF_THEM = re.compile(r"\b(?:a|an|the|new|another|some)\s+(?:new\s+)?(?:still|stills|picture|image|"
                           r"reference(?:\s+image)?|"
                           r"headshot|portrait|photo|render|storyboard|frame|voice\s+line)\b", re.I)
"""Something made of someone ("give ida a new still"): a picture of her to generate, never a trait of hers."""


def _trait_sentence(name: str, clause: str) -> str | None:
    if _DOES.search(clause) or _SPEECH_GIVEN.search(clause) or _MADE_OF_THEM.search(clause):
        return None
    given = re.search(r"(?::|\s[-–—=]\s)\s*(?P<x>.{3,})$", clause)
    if given and not re.search(rf"\b{re.escape(name)}\b", clause[:given.start()], re.I):
        given = None  # "Night bus interior - sticky floor": the words after the dash describe what came before it
    if given and commands(given.group("x")):
        given = None  # "ida - give her a limp": a request about her (read below), not words to write down
    if given and _SPEECH_GIVEN.search(given.group("x")):
        return None  # "ruben: 'Not tonight.'": a line for him to say, not what he is like
    if given:
        text = _clean(_ASKED_AS.sub("", given.group("x")))
        return text[0].upper() + text[1:] + "." if text else None
    title = f"The {name.lower()}" if name.islower() else name.title()  # "the office": a place as the request said it
    part = re.search(_PART_OF.replace("{name}", re.escape(name)), clause, re.I)
    if part is not None:  # "the locks on the canal should look rustier": the locks, said of the canal
        if names_a_person(part.group("part")):
            return None  # "the boy on the pier should be wetter": about him, not the pier
        many = re.search(r"[^s]s$", part.group("part")) is not None
        verb = part.group("v").lower()
        verb = ("are" if many else "is") if verb == "be" else verb if many else verb + "s"
        said = f"{part.group('part')} {part.group('where')} {verb} {_clean(part.group('x'))}."
        return said[0].upper() + said[1:]
    found: list[tuple[int, int, re.Match[str], str]] = []
    for pattern, template in _PATTERNS:
        subject = pattern.replace("(?:she|he|they|", rf"(?:{_NOT_IN_A_MOMENT}(?:she|he|they)|")  # "… when she is cold"
        match = re.search(subject.replace("{name}", rf"{_NOT_AFTER_A_PLACE_WORD}(?:the\s+)?{re.escape(name)}"), clause,
                          re.IGNORECASE)
        if match:
            found.append((match.start(), len(found), match, template))
    # The trait said first, with what follows it: "ruben's got a tattoo, he was in the navy" keeps the tattoo
    for _, _, match, template in sorted(found, key=lambda f: (f[0], f[1])):
        x = _plain_trait(_clean(match.group("x")))
        if x and not re.fullmatch(r"(?:better|good|nicer|more interesting|different|cooler)", x, re.I):
            verb = match.groupdict().get("v") or ""
            y = _clean(match.groupdict().get("y") or "")
            plural = re.search(r"[^s]s$", x) is not None  # "her hands should be cold" -> "hands are"
            return (template.replace("{Name}", title).replace("{x}", x).replace("{v}", verb).replace("{y}", y)
                    .replace("{be}", "are" if plural else "is"))
    return None


_AGE = r"(?:(?:early|late|mid)[- ]?)?\d{1,3}"
_NEW_AGE = re.compile(rf"\S+(?: \S+)? is (?:(?:actually|really|in\s+fact)\s+)?"
                      rf"(?:(?:(?:a\s+)?(?:bit|little|lot|few\s+years|tad)\s+)?(?:younger|older)"
                      rf"(?:\s+now)?[,;:]?\s+|now\s+)?(?:in\s+(?:her|his|their)\s+)?(?P<age>{_AGE}s?)"
                      r"(?:\s+(?:now|instead|then))?\.", re.I)
"""A new age said ("make her 16", "make him younger, late 30s"): it replaces the age the description gives."""
_AGE_TOLD = re.compile(rf"\b(?:is|'s|’s|aged|age|turns?|turned)\s+(?:now\s+|just\s+|about\s+)?"
                       rf"(?:in\s+(?:her|his|their)\s+)?"
                       rf"{_AGE}s?\b(?!\s*(?:%|percent|minutes?|seconds?|times|am|pm|o'?clock))", re.I)
"""An age told inside a longer note ("he's 52, grew up over a chip shop")."""


_AGED_BY = re.compile(r"\S+(?: \S+)? (?:is|looks) (?P<much>(?:a\s+)?(?:bit|little|tad|touch|lot|good\s+deal|"
                      r"few\s+years|decade|couple\s+of\s+years)\s+|much\s+|way\s+|even\s+)?(?P<way>younger|older)"
                      r"(?:\s+now)?\.", re.I)
"""An age changed without a new one said ("make him older", "a bit younger"): the description's age moves."""


def _shifted_age(said: str, shifted: re.Match[str]) -> str:
    """Move an age ("40s", "late 30s", "17") older or younger: a decade, or a couple of years for "a bit"."""
    older = shifted.group("way").lower() == "older"
    much = (shifted.group("much") or "").lower()
    small = bool(re.search(r"\b(?:bit|little|tad|touch|few|couple)\b", much))
    big = bool(re.search(r"\b(?:lot|good\s+deal|much|way|decade)\b", much))
    found = re.fullmatch(r"(?P<lead>(?:early|late|mid)[- ]?)?(?P<n>\d{1,3})(?P<s>s?)", said.strip(), re.I)
    if found is None:
        return said
    n, decades = int(found.group("n")), bool(found.group("s"))
    if decades:
        if small:  # "a bit older" than "40s": late 40s; younger: early 40s
            return f"{'late' if older else 'early'} {n}s"
        step = 20 if big else 10
        return f"{found.group('lead') or ''}{max(10, n + step if older else n - step)}s"
    step = 2 if small else 15 if big else 5
    return str(max(1, n + step if older else n - step))


_COMPARED = {"taller": "tall", "shorter": "short", "stronger": "strong", "weaker": "weak", "paler": "pale",
             "thinner": "thin", "fatter": "fat", "bigger": "big", "smaller": "small", "slimmer": "slim",
             "tougher": "tough", "gentler": "gentle", "harder": "hard", "softer": "soft", "kinder": "kind",
             "meaner": "mean", "colder": "cold", "warmer": "warm", "louder": "loud", "quieter": "quiet",
             "wiser": "wise", "braver": "brave", "calmer": "calm", "sharper": "sharp", "rougher": "rough",
             "wilder": "wild", "bolder": "bold", "grimmer": "grim", "sadder": "sad", "neater": "neat",
             "cleaner": "clean", "plainer": "plain", "darker": "dark", "fiercer": "fierce", "sterner": "stern",
             "stricter": "strict", "slower": "slow", "quicker": "quick", "sweeter": "sweet", "older": "old",
             "younger": "young", "grimier": "grimy"}
_COMPARATIVE = re.compile(r"^(?P<head>\S+(?: \S+)? (?:is|looks|seems|sounds|feels|acts) )(?:(?:a\s+)?(?:bit|little|lot|"
                          r"tad|touch)\s+|much\s+|even\s+|way\s+|far\s+)?(?:more\s+(?P<more>[a-z][\w-]*)|"
                          r"(?P<word>[a-z]+(?:ier|er)))(?P<rest>\W*)$", re.I)


def _positive(sentence: str) -> str:
    """Say a comparative as what someone is ("Ida is more frail." -> "Ida is frail."): a description, not a change."""
    m = _COMPARATIVE.match(sentence)
    if m is None:
        return sentence
    if m.group("more"):
        word = m.group("more")
    elif m.group("word").lower().endswith("ier"):
        word = m.group("word")[:-3] + "y"  # "scruffier" -> "scruffy"
    else:
        word = _COMPARED.get(m.group("word").lower(), "")
    return f"{m.group('head')}{word}{m.group('rest')}" if word else sentence


def revised_description(name: str, old: str, clause: str, *, thing: bool = False) -> str | None:
    """Return the old description with the requested trait folded in (None when the request gives none).

    ``thing``: a place or prop, whose description is what it is ("the pier is rotten, gulls everywhere" ->
    "Rotten, gulls everywhere."), not a sentence about it.
    """
    kind = "" if thing else r"(?:a|an)\s"  # a person "is a …": a noun phrase that describes her on its own
    clause = re.sub(rf"^(\s*{re.escape(name)})['’]s\s+(?=(?:now\s+|just\s+)?{_AGE}s?\b)", r"\1 is ", clause,
                    flags=re.I)  # "Edna's 80 now": she is 80 now
    said = rf"^\s*(?:the\s+)?{re.escape(name)}\s+(?:is|are)\s+(?P<x>{kind}.{{3,}})$"
    stated = re.match(said, clause, re.I)  # "juno is a wiry kid with …": what she is, not a sentence naming her
    x = _clean(stated.group("x")) if stated else ""
    sentence = x[0].upper() + x[1:] + "." if x else trait_sentence(name, clause)
    if sentence is None:
        return None
    old = old.strip()
    if not old:
        return sentence
    age = _NEW_AGE.fullmatch(sentence)
    aged = re.search(rf"(?<![\w.]){_AGE}(?:s\b|(?![\w.]))", old, re.I)
    if age and aged:  # "make her 16" when she is "17, soaked hoodie": the age changes, nothing is added
        return old[:aged.start()] + age.group("age") + old[aged.end():]
    shifted = _AGED_BY.fullmatch(sentence)
    if shifted and aged:  # "make him older" when he is "40s, …": "50s, …", never "… Ruben is older."
        return old[:aged.start()] + _shifted_age(aged.group(0), shifted) + old[aged.end():]
    sentence = _positive(sentence)  # "Ida is more frail." -> "Ida is frail."; "looks scruffier" -> "looks scruffy"
    if aged and (_AGE_TOLD.search(sentence) or re.match(rf"{_AGE}s?\b", sentence, re.I)):  # "he's 52, …", "17, …"
        old = (old[:aged.start()] + old[aged.end():]).strip(" ,;")
        old = old[0].upper() + old[1:] if old else old
    return f"{old.rstrip('. ')}. {sentence}" if sentence.lower() not in old.lower() else old
