"""Split one request into the steps it asks for ("add a villain and put her in scene 4")."""

from __future__ import annotations

import re

from agent.formats.script_terms import GARMENT
from agent.llm.offline.chat import request_part
from agent.llm.offline.cues import QUOTED
from agent.llm.offline.file_asks import APPS, asked_file, for_the_app, in_the_app, the_whole_project
from agent.llm.offline.speech import commands
from agent.llm.offline.stage import verb_forms
from agent.roles import names_a_person

__all__ = ["ACTION_VERBS", "DICTATED_OUTLINE", "split_clauses", "strip_lead"]

ACTION_VERBS = frozenset(
    """
    add put make give break generate rewrite write create delete remove set change move split merge
    tag render export undo redo restore revert compare branch show list find search approve reject
    regenerate assemble draw design shoot cut trim rename describe import open cast place insert swap
    reorder update edit build draft outline turn mark note fix animate storyboard voice record preview
    check bring save lengthen shorten darken brighten lighten tighten expand extend outline introduce
    apply use attach reuse play copy duplicate fork drop clear replace paint sketch frame stage direct zip
    continue finish start begin approve diff let plan pick choose lay line arrange sequence slot queue flag
    lock protect freeze
    love hate keep star pin take send have call pop stick
    """.split()
)
"""Verbs that start a new step when they follow 'and', 'then' or ';'."""

_LEADS = ("please ", "also ", "then ", "and ", "now ", "next ", "can you ", "could you ", "would you ", "will you ",
          "let's ", "lets ", "let us ", "anyway ", "honestly ", "but ", "plus ")
_SEPARATORS = re.compile(
    r"\s*;\s*|,?\s+and then\s+|,?\s+then\s+|,\s*and\s+|\s+and\s+|\s*&\s*|(?<=[.!?])\s+(?=[A-Za-z])|,\s+|"
    r"\s+[-—–]\s+(?=(?:plus|also|oh\s+and|and\s+also)\s)",
    re.IGNORECASE,
)
# A semicolon ends a thought, and so does a full stop after a bare scene number ("and 5. ..."): what
# follows is a step of its own, verb or not.
_ABBREVIATION = re.compile(r"(?:\b(?:int|ext|est|i/e|mr|mrs|ms|dr|st|sc|vs|etc|e\.g|i\.e|no|approx|v)\.)$", re.I)
_HOW_MANY_THINGS = re.compile(r"^(?:(?:ok|okay|so|right)[,!]?\s+)?(?:(?:two|three|four|five|a few|a couple of|"
                              r"couple of|some|\d)\s+(?:things|changes|notes|tweaks|bits|jobs|tasks|edits|"
                              r"requests)|notes?)\s*[:\-—–]\s*",
                              re.I)
_DESCRIBED_AS = re.compile(r"^(?:describe|cast|treat|play|write|list|log)\s+[^,;]+?\s+as\s+\w", re.I)
_AS_TOO = re.compile(r"^(?:the\s+)?[\w'-]+(?:\s+[\w'-]+)?\s+as\s+\w", re.I)
"""The second half of "describe the office as cramped, and the bridge as windswept": its verb left out."""
_GAPPED = re.compile(r"^(?!(?:she|he|it|they|we|i|you|that|this|there)(?:'s|’s|'re|'m)?\s)"
                     r"[A-Za-z][\w'-]+(?:'s)?\s+(?:a|an|the|some|his|her|their)\s+\w+", re.I)
_GAPPED_PLACE = re.compile(r"^(?!(?:she|he|it|they|we|i|you|that|this|there)\b)[A-Za-z][\w'-]+\s+(?:in|into|on|onto)\s+"
                           r"(?:the\s+[\w'-]+|scene\s+\d)", re.I)
_PLACED_IN = re.compile(r"\b(?:in|into|on|onto)\s+(?:the\s+[\w'-]+|scene\s+\d)", re.I)
_GAPPED_THING = re.compile(r"^(?:a|an|some)\s+[\w'-]+(?:\s+[\w'-]+){0,2}?\s+(?:to|in|into|on|onto)\s+"
                           r"(?:the\s+(?:[\w'-]+\s+){1,3}?(?:scene|one|bit)\b|scene\s+\d|sc\s?\d)", re.I)
_ADDED_TO = re.compile(r"^\W*(?:(?:please|pls|ok|okay|so|and)[,]?\s+)*(?:add|put|stick|pop|place)\s+(?:a|an|some)\s+"
                       r"[^,;]*?\b(?:to|in|into|on|onto)\s+(?:the\s+[\w'-]+|scene\s+\d|sc\s?\d)", re.I)
"""The second half of "add a thermos to scene 3 and a newspaper to scene 1": another thing and where, the verb left
out (only when the first half put a thing somewhere too)."""
"""The second half of "put juno in the opener and ruben in the last scene": someone and where, the verb left out
(only when the first half said where too: "put Mara and Jonas in scene 2" is one step)."""
"""The second half of "give Ida glasses and Ruben a beard": a name and an object, the verb left out."""


_FORMATS = (r"(?:fountain|fdx|final draft|otio|opentimelineio|edl|fcpxml|fcp xml|final cut xml|xml|csv|srt|subtitles|"
            r"bundle|zip|pdf|shot ?list|storyboard pdf)")
_FIRST_FORMAT = _FORMATS.replace("(?:", "(?P<a>", 1)
_LIST_OF_FORMATS = re.compile(rf"^(?P<head>.*?\b){_FIRST_FORMAT}(?P<more>(?:\s*(?:,|and|&|\+|plus)\s*"
                              rf"(?:an?\s+|as\s+)?{_FORMATS})+)(?P<tail>.*)$", re.IGNORECASE)


_ONE_FORMAT = {"final draft": "fdx", "subtitles": "srt", "opentimelineio": "otio", "fcp xml": "fcpxml",
               "final cut xml": "fcpxml", "xml": "fcpxml", "zip": "bundle", "shotlist": "shot list"}
_EXPORTING = re.compile(r"\b(?:export|send|give|get|download|need|want|email|make|save|print)\b", re.I)
_WHAT = re.compile(r"\b(?:script|screenplay|shot\s*list|storyboard|breakdown|subtitles|captions|timeline|cut|edit)\b",
                   re.I)


def _formats_apart(clause: str) -> list[str]:
    """Split "fdx for the writers, otio for our assistant" into one export per file format."""
    found = [m for m in re.finditer(_FORMATS, clause, re.I) if not re.match(  # "the shot list as csv": one file
        rf"\s+(?:as|in|into)\s+(?:an?\s+)?{_FORMATS}", clause[m.end():], re.I)] if _EXPORTING.search(clause) else []
    kinds = [_ONE_FORMAT.get(m.group(0).lower(), m.group(0).lower()) for m in found]
    if len(set(kinds)) < 2:
        return [clause]
    steps: dict[str, str] = {}
    for match, kind in zip(found, kinds, strict=True):
        what = [w.group(0) for w in _WHAT.finditer(clause, 0, match.start()) if w.group(0).lower() != kind]
        said = match.group(0)
        steps[kind] = f"export the {what[-1]} as {said}" if what and what[-1].lower() != said.lower() else (
            f"export {said}")
    return list(steps.values())


def _expand_lists(clause: str) -> list[str]:
    """Split "export fdx and srt" into one clause per format (each is its own export)."""
    match = _LIST_OF_FORMATS.match(clause)
    if not match:
        return _formats_apart(clause)
    items = [match.group("a"), *re.findall(_FORMATS, match.group("more"), re.IGNORECASE)]
    head = match.group("head")
    if not head.strip(" ,.:;-"):
        head = "export "  # "fdx + pdf please": a list of formats and nothing else asks for those files
    return [f"{head}{item}{match.group('tail')}".strip() for item in items]


_MANY_SCENES = re.compile(r"\bscenes\s+(\d+)\s*(?:(?P<range>-|–|to|through|thru)|,|and|&)\s*(?:scene\s+)?(\d+)"
                          r"(?P<more>(?:\s*(?:,|and|&)\s*\d+)*)", re.IGNORECASE)
_PAIRWISE = re.compile(r"\b(?:swap|switch|flip|merge|combine|join|fold|move|compare|diff|between|exchange|trade|versus|"
                       r"vs|branch|fork|alternat\w*|render|animatic|export|costumes?|outfits?|wardrobe|either|neither)\b",
                       re.IGNORECASE)
"""Steps that take several scenes at once (a costume worn in scenes 2 and 3 is one costume)."""
_MAX_EXPANDED = 12


def _expand_scenes(clause: str) -> list[str]:
    """Split "break scenes 1 and 2 into shots" into one clause per scene (never for swaps, merges, compares)."""
    match = _MANY_SCENES.search(clause)
    if not match or _PAIRWISE.search(clause) or GARMENT.search(clause):  # one costume worn in both
        return [clause]
    first, last = int(match.group(1)), int(match.group(3))
    if match.group("range"):
        numbers = list(range(first, last + 1)) if 0 < last - first < _MAX_EXPANDED else [first, last]
    else:
        numbers = [first, last, *map(int, re.findall(r"\d+", match.group("more") or ""))]
    return [clause[:match.start()] + f"scene {n}" + clause[match.end():] for n in dict.fromkeys(numbers)]


_SAME_VERB = re.compile(r"^(?:(?:scene|sc\.?)\s*\w+|the\s+(?:[\w'-]+\s+){0,2}(?:scene|one)\b|"
                        r"(?:a|an|the)\s+(?:[\w'-]+\s+){0,2}(?:prop|character|location|logline|outline|beat sheet|"
                        r"treatment|synopsis|title card|card|animatic|still|shot list)s?\b|\d{1,3}\s+[a-z]+$)",
                        re.IGNORECASE)


_BETWEEN_OPEN = re.compile(r"\bbetween\s+(?!(?:them|those|these|both|us|the\s+two)\b)"
                           r"(?:(?!\band\b|&)[^,;:.!?]){1,40}$", re.I)
"""A "between" still waiting for its second side: the "and" after it joins the two, it starts no step."""
def _inside_between(separator: str, left: str) -> bool:
    """Tell whether an "and" joins the two sides of a "between" ("between scene 7 and scene 8")."""
    return separator.strip().lower() in ("and", "&") and _BETWEEN_OPEN.search(left) is not None


_TWO_AT_ONCE = re.compile(r"^\W*(?:(?:please|pls|ok|okay|so|now|could\s+you|can\s+you)[,]?\s+)*(?:swap|switch|flip|"
                          r"exchange|trade|merge|combine|join|fuse)\b", re.I)
"""A step that takes two scenes at once, so "swap the X scene and the Y scene" is one step."""
_A_SCENE_SAID = re.compile(r"the\s+(?:[\w'-]+\s+){0,4}?(?:scene|one|bit|sequence)s?"
                           r"(?:\s+(?:at|on|in)\s+(?:the\s+)?[\w'-]+)?"
                           r"(?:\s+(?:round|around|over|please|pls))?|"
                           r"the\s+[\w'-]+(?:\s+[\w'-]+)?\s+(?:at|on|in)\s+(?:the\s+)?[\w'-]+(?:\s+(?:round|around|over))?",
                           re.I)
"""A scene said by description and nothing more ("the second pier scene", "the loft at first light")."""
_SCENE_ONLY = re.compile(r"(?:(?:scene|sc\.?)\s*)?\d{1,3}(?:\s+(?:round|around|over|please|pls))?", re.I)
_OWN_PREDICATE = re.compile(r"^(?:the\s+(?:[\w'-]+\s+){0,3}?(?:scene|one|bit)|the\s+[\w'-]+(?:\s+[\w'-]+)?\s+at\s+"
                            r"(?:dawn|dusk|night|day|sunrise|sunset|midnight)|the\s+(?:dawn|dusk|night|morning|evening|"
                            r"daytime)\s+[\w'-]+|(?:scene|sc\.?)\s*\d{1,3})\s+"
                            r"(?:(?:should|must|needs?\s+to|has\s+to|ought\s+to)\s+"
                            r"(?:be|become|happen|play|go|come|move|start|end)|(?:needs?|could\s+use|wants?)\s+"
                            r"(?:a|an|some|one|another)\s)", re.I)
"""A scene said, then what it should be, after another step: a step with its own verb, never the one before."""
_PLUS_FACT = re.compile(r"\s*(?:plus|also|oh\s+and|and\s+also)\s+(?!(?:she|he|it|they|we|i|you|that|this|there)\b)"
                        r"[a-z][\w'-]*\s+(?:has|is|'s|wears|should|needs|gets|now)\b", re.I)
"""A second fact added on ("… - plus mara has a limp now"): a step of its own."""
_SCENE_FIRST = re.compile(r"(?:scene|sc\.?)\s*\d{1,3}\b[:,]?\s+\S", re.I)


_VERB_AND_TARGET = re.compile(r"[a-z]+\s+(?:scenes?\s+|sc\.?\s*)?\d{1,3}", re.I)
_TARGET_THEN = re.compile(r"[a-z]+\s+(?:scenes?\s+|sc\.?\s*)?\d{1,3}\b(?P<rest>.*)$", re.I)


_SIGN_OFF = re.compile(r"(?<=[\w.!?)\]\"”])[\s,.;:!—–-]+(?:cheers|thanks|thank you|thanks a lot|thanks so much|many "
                       r"thanks|thx|ta|ty|much appreciated|cheers mate)[.!]*\s*$", re.I)
_SAID_WORDS = re.compile(r"\b(?:say|says|said|saying|utter|utters|mutter|mutters|whisper|whispers|never|no|a|without|"
                         r"any|her|his|their)\s*$", re.I)
"""Words before "thank you" that make it words of the film ("she never says thank you"), not the sender's."""


def _without_sign_off(text: str) -> str:
    """Return a message without its closing thanks, unless the thanks are what someone in the film says."""
    found = _SIGN_OFF.search(text)
    if found is None or _SAID_WORDS.search(text[:found.start()]):
        return text
    return text[:found.start()]


_OPENER = re.compile(r"^(?:(?:quick one|quick question|one thing|small thing|hey|hi|hello|ok so|so)\s*[:,—–!.-]+\s*)+",
                     re.I)
_MARKER = re.compile(r"(?:^|(?<=\s))\(?(?P<n>[1-9])\)\s*|(?:^|(?<=\s))(?P<d>[1-9])\.\s+(?=[A-Za-z])")


def _numbered_list(text: str) -> str:
    """Turn "1) a 2) b" (or "1. a 2. b") into "a; b": numbered from one, each number once, in order."""
    for group in ("n", "d"):
        marks = [m for m in _MARKER.finditer(text) if m.group(group)]
        if len(marks) >= 2 and [int(m.group(group)) for m in marks] == list(range(1, len(marks) + 1)):
            if group == "d" and marks[0].start() != 0:
                return text  # "scene 2. add a gull": a full stop after a number, not a list
            spans = [(m.start(), m.end()) for m in marks]
            out, last = [], 0
            for start, end in spans:
                out.append(text[last:start].rstrip(" ,;"))
                last = end
            out.append(text[last:])
            return "; ".join(part for part in out if part.strip())
    return text


_BARE_NUMBERS = re.compile(r"^(?P<verb>(?:please\s+)?(?:tag|flag|mark|label|star|keep|love|hate|pin|break|rewrite|"
                           r"storyboard|darken|brighten|shorten|tighten))\s+(?P<a>\d{1,3})\s*(?:,|and|&)\s*"
                           r"(?P<b>\d{1,3})\b(?!\s*(?:s\b|sec|mm|%))", re.I)
"""Two bare scene numbers after a verb that takes one scene: "flag 2 and 4 for a rewrite"."""
_LABELLED = re.compile(r"^(?:[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*)?\s*:\s*\S|"
                       r"(?:(?:the|our|its)\s+)?(?:genre|tone|log\s?-?line|premise|title)(?:'s|’s|\s+is)?\s*[:=-]?\s*"
                       r"[a-z'\"“‘])", re.I)
"""A step written as "name: what about it" ("ida: silver hair"), or a story label said after another ("the
logline is '…', the genre is noir")."""


def strip_lead(text: str) -> str:
    """Drop politeness and joining words from the start of a clause ("please also ...")."""
    out = text.strip().strip(" ,.;!")
    changed = True
    while changed:
        changed = False
        for lead in _LEADS:
            if out.lower().startswith(lead):
                out, changed = out[len(lead):].lstrip(" ,"), True
    return out.strip().strip(" ,.;!")


_NAMED_BRANCH = re.compile(r"(\b(?:branch|fork)\b[^.!?]*)[.!]\s+(?:and\s+)?(?:call|name)\s+it\s+"
                           r"([\"“'‘]?[\w-]+[\"”'’]?)\s*[.!]*$", re.I)
"""A branch asked for, then named in the next sentence ("branch the ferry scene. call it ferry-b"): one step."""
_BRANCH_CALLED_IT = re.compile(r"(?P<branch>\b(?:branch|fork)\b)\s*[,;:]?\s+(?:and\s+)?(?:call|name)\s+it\s+"
                               r"(?P<name>[\"“'‘][^\"”'’]{1,40}[\"”'’]|[\w-]+)(?P<rest>\s*[,;.!]|\s+and\b|\s*$)", re.I)
"""A new branch named in the same breath ("make a new branch, call it winter, and …"): one step with its name."""
_ONTO_THE_NEW_ONE = re.compile(
    r"^(?P<made>\W*(?:(?:ok|okay|so|please|pls|can\s+you|could\s+you|let'?s)[,]?\s+)*(?:make|start|create|open|cut|"
    r"spin\s+up|set\s+up|new|fork)\b[^.!?;]*?\b(?:branch|fork)\b[^.!?;]*?)\s*[,;]?\s*(?:and|then|&|,)\s+(?:then\s+)?"
    r"(?:switch|move|go|jump|hop|change|check\s*out|put\s+me|get\s+me|work)\s+(?:over\s+|across\s+)?"
    r"(?:to|onto|into|on\s+to|on)?\s*(?:it|that(?:\s+one)?|the\s+new\s+(?:one|branch)|there|the\s+branch|"
    r"this\s+branch)(?:\s+(?:now|straight\s+away|right\s+away))?\s*[.!]*$", re.I)
"""A branch made, then "switch to it": making a branch already switches to it, so the second half is that step."""
_FIELD = r"\b(?:voice|accent|costume|outfit|wardrobe|description|age|hair)\b"
_LABELLED_FIELDS = re.compile(rf"^\W*(?:for\s+)?(?P<who>[a-z][\w'-]*)\s*:\s*(?P<a>[^,;:]*{_FIELD}[^,;:]*?)\s*,\s*and\s+"
                              rf"(?P<b>[^,;:]*{_FIELD}[^;:]*)$", re.I)
"""Two notes on one person under one label, each naming what it is about ("voice …, and … as her costume")."""
_OTHER_ONE = re.compile(r"(?:^|[,;:]\s*|\s)(?:the\s+)?(?:other|earlier|later|first|second|last|next)\s+(?:one|scene)"
                        r"[.!]?\s*$", re.I)
_WHICH_ONE = re.compile(r"(?:where|when|with|in\s+which|the\s+one\s+(?:where|with|when))\s+\w", re.I)
"""A correction said in two sentences ("no, the other one. where she claims the key"): one scene, said twice."""
_TAKEN_TO_PUT = re.compile(r"^(?:please\s+)?(?:take|grab|copy|lift|borrow|nick)\s+(?:the|her|his|their|that)\s+"
                           r"[^,;]+?\s+(?:from|out\s+of|off)\s+\S", re.I)
_PUT_IT = re.compile(r"^(?:then\s+)?(?:put|stick|place|drop|add|use|pop|leave)\s+(?:it|them|one)\b", re.I)
"""A thing taken from one scene and put in another: one step (its "it" is the thing, not the first scene)."""


def _starts_with_verb(text: str) -> bool:
    words = strip_lead(text).lower().split()
    return bool(words) and (words[0].strip(",.'\"") in ACTION_VERBS or bool(_IDEA_VERB.match(" ".join(words[:3])))
                            or bool(_GET_SOMEONE.match(" ".join(words[:4]))))


_GET_SOMEONE = re.compile(r"get\s+(?:her|him|them|[a-z]+)\s+(?:into|in|out\s+of|onto|on\s+to)\b|"
                          r"(?:switch|flip|shift|convert)\s+(?:it|that|this|them|scene\s+\d+)\s+(?:over\s+)?(?:to|into)\b"
                          r"(?!\s+(?:after|before|the\s+(?:very\s+)?(?:end|start|top|front|beginning)|position|slot|spot|"
                          r"place|first|last)\b)")
"""Someone put somewhere ("… and get her into the last scene too"), a scene turned into something ("… and switch
it to night"): a step, where "get the bus" and "switch it with the bus scene" are not."""


_IDEA_VERB = re.compile(r"(?:come\s+up\s+with|think\s+up|dream\s+up|pitch|suggest|propose|brainstorm)\b")
"""Asking for an idea ("… nobody gets it. Could you pitch a logline?"): a step of its own."""


_STATES = re.compile(r"\s*(?:is|was|feels|drags|seems|needs|has|should|reads|plays|looks|goes|gets|works|sounds|"
                     r"isn't|doesn't|does|did|could|would|just)\b", re.I)


_ONLY_TARGET = re.compile(r"((?:scene|sc\.?)\s*\d{1,3})(?:\s+(?:too|as well|also|please))*[.!]?", re.I)
_SCENE_REF = re.compile(r"\b(?:scene|sc\.?)\s*\d{1,3}\b", re.I)


def _comma_splits(text: str, at: int, right: str, listed: bool) -> bool:
    """Tell whether a comma starts a new step: in a list ("a, b, and c"), never inside dictated text.

    "rewrite scene 2, make it darker" is one step; after a colon the film-maker is dictating ("a prop:
    faded, bamboo handle, tag yellow with age").
    """
    if ":" in text[:at]:
        return False
    own = _SCENE_REF.search(re.split(r",|\band\b", right, maxsplit=1)[0])
    left = re.split(r"[;.!?]\s+|,", text[:at])[-1]
    if own and _starts_with_verb(right) and _starts_with_verb(left) and own.group(0).lower() not in text[:at].lower():
        return True  # "cut scene 9, flag scene 3 love": a second command on a scene of its own
    if re.match(r"\s*(?:can|could|would|will)\s+(?:you|we)\b", right, re.I) and not _starts_with_verb(left):
        return True  # "she thinks it drags a bit, could you tighten it?": the news, then the request
    added = re.match(r"\s*(?:and\s+)?(?:also|plus|oh\s+and|as\s+well)\s+", right, re.I)
    if added and _starts_with_verb(right[added.end():]) and _starts_with_verb(left):
        return True  # "hang a clock in scene 1, also make ruben gruffer": a second request, said as one
    same = _SAME_VERB.match(right.strip())
    if same and _STATES.match(right.strip()[same.end():]):
        return False  # "cut scene 6 down, scene 6 drags": the second half says why, it is not a second step
    return listed or bool(same)


def _borrow(pieces: list[str], borrows: set[int]) -> None:
    """Give the pieces that lack a verb the verb before them (or the whole step, when only a scene is named)."""
    verb, whole = "", ""
    for i, piece in enumerate(pieces):
        target = _ONLY_TARGET.fullmatch(strip_lead(piece))
        if i in borrows and target and _SCENE_REF.search(whole):
            # "darken scene 2. also scene 5.": the whole step again, for the other scene
            pieces[i] = _SCENE_REF.sub(target.group(1), whole, count=1)
        elif i in borrows and verb:
            pieces[i] = f"{verb} {strip_lead(piece)}"
        elif _starts_with_verb(piece):
            verb, whole = strip_lead(piece).split()[0], strip_lead(piece)
    for i in sorted(borrows):  # "flag 7 and 9 hate": what follows the last target is said of both
        if 0 < i < len(pieces):
            bare = _VERB_AND_TARGET.fullmatch(strip_lead(pieces[i - 1]).strip(" ,"))
            shared = _TARGET_THEN.match(strip_lead(pieces[i]))
            if bare and shared and shared.group("rest").strip(" .!?"):
                pieces[i - 1] = f"{strip_lead(pieces[i - 1]).strip(' ,')} {shared.group('rest').strip()}"


_RESTATES = re.compile(r"(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:just\s+)?"
                       r"(?P<verb>add|create|make|do|include|cast)\s+(?:him|her|them|it|that|this|so)"
                       r"(?:\s+(?:please|for me|in|then|now|too))?[?.!]*",
                       re.I)
"""A closing "can you add him?" asks again for the step before it, on that step's own words."""


_WARDROBE_LIST = re.compile(r"^(?P<who>[A-Za-z][\w'’-]*)\s*:\s*(?P<rest>.+)$")


def _wardrobe_list(text: str) -> str:
    """Turn "ida: a cardigan in 1, her coat for the last one" into one step per garment, each for ida."""
    match = _WARDROBE_LIST.match(text)
    if match is None:
        return text
    parts = re.split(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+(?=(?:a|an|her|his|their|the)\s)", match.group("rest"))
    scened = [part for part in parts if re.search(r"\b(?:in|for|during|on|at)\s", part)]  # an outfit per scene
    if len(parts) < 2 or len(scened) < 2 or not all(GARMENT.search(part) for part in parts):
        return text
    return "; ".join(f"{match.group('who')}: {part}" for part in parts)


DICTATED_OUTLINE = re.compile(r"^(?:[\w'’,]+\s+){0,5}?(?:the\s+|an?\s+|my\s+|our\s+|this\s+)?(?:new\s+)?"
                              r"(?:outline|beats|beat\s+sheet|story\s+beats)\s*(?:is|goes|reads|should\s+be)?\s*"
                              r"[:—–-]\s*(?P<list>.{10,})$", re.I | re.S)
"""An outline the film-maker writes out ("here's my outline: 1. ... 2. ...") is theirs, beat for beat."""

_NEW_THINGS = re.compile(r"^(?:(?:please|can\s+you|could\s+you|let'?s)\s+)?(?:add|create|introduce|we\s+need)\s+"
                         r"(?:two|three|four|five|a\s+couple\s+of|a\s+few|some|\d)\s+(?:new\s+|more\s+)?"
                         r"(?P<kind>character|prop|location)s\s*[:—–-]\s*(?P<items>.+)$", re.I)
"""A list of new things under one verb: "add two new characters: LENA, a cab driver; and a NIGHT GUARD, 60s"."""


_THINGS_AS_KIND = re.compile(r"^(?:(?:please|can\s+you|could\s+you|let'?s)\s+)?(?:add|create|we\s+need|we'?ll\s+need|"
                             r"i\s+need|get\s+me)\s+(?P<items>(?:a|an|the|some)\s+.+?)\s+(?:as\s+(?:new\s+)?|"
                             r"(?:to|for|on)\s+(?:the\s+|our\s+)?(?:list\s+of\s+)?)(?P<kind>prop|location)s\W*$|"
                             r"^(?:(?:we\s+need|add|we'?ll\s+need)\s+)?(?:new\s+|some\s+|more\s+|extra\s+)?"
                             r"(?P<kind2>prop|location)s\s*[:—–]\s*(?P<items2>(?:a|an|the|some)\s.+)$", re.I)
"""Things named under their kind: "we need a tuba and a birdcage as props", "props: a tuba, a birdcage"."""


def _new_things(text: str) -> str:
    """Give each thing of a listed "add two new characters: ...; and ..." its own "add a character:" step."""
    match = _NEW_THINGS.match(text)
    listed = _THINGS_AS_KIND.match(text) if match is None else None
    if match is not None:
        kind = match.group("kind").lower()
        things = r"|,\s+(?=(?:a|an|the)\s)" if kind != "character" else ""  # "a kettle, a torn map": each a thing
        items = re.split(rf"\s*;\s*(?:and\s+)?|,?\s+and\s+(?=(?:a|an|the)\s|[A-Z]){things}", match.group("items"))
    elif listed is not None:  # "we need a tuba and a birdcage as props"
        kind = (listed.group("kind") or listed.group("kind2")).lower()
        items = re.split(r"\s*;\s*(?:and\s+)?|,?\s+and\s+(?=(?:a|an|the|some)\s)|,\s+(?=(?:a|an|the|some)\s)",
                         listed.group("items") or listed.group("items2"))
    else:
        return text
    return "; ".join(f"add a {kind}: {item.strip()}" for item in items if item.strip())


_ARROW_STEP = re.compile(r"(?:rename\s+)?[\w'’][\w'’ -]{0,40}?\s*(?:->|→|=>|-->)\s*[\"“']?[\w'’][\w'’ -]{0,40}[\"”']?")
"""One rename written as an arrow ("ruben -> Cyril"): two in a row are two steps."""


_AS_FOLLOWS = re.compile(r"\b(as\s+follows|the\s+following)\s*[.:—–-]+\s+(?=\S)", re.I)


_LABEL_SENTENCE = re.compile(r"^\s*[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*)?\s*:\s*[^.!?:]+[.!?]+(?=\s)")
"""A first sentence dictated after a name ("mara: 60s, tired eyes."): a description, however chatty its words."""


_INTO_NOTES = re.compile(
    r"[\s,.;:!—–-]+(?:(?:so|ok|okay|and|then|please|pls|just)[,]?\s+)*(?:(?:can|could)\s+(?:you|we)\s+(?:please\s+)?)?"
    r"(?:put|add|write|make|get|work|fold|note|save|keep|stick)\s+(?:that|this|it|all\s+that|all\s+this)\s+(?:down\s+)?"
    r"(?:(?:in(?:to)?|to|on|as)\s+(?:a\s+)?(?:part\s+of\s+)?(?P<whose>her|his|their|[a-z][\w-]*(?:'s|’s))\s+"
    r"(?:character\s+)?(?:notes?|description|character|profile|bio|sheet|card)|(?:a\s+)?part\s+of\s+(?:who|what)\s+"
    r"(?P<who>she|he|they)\s+(?:is|are)|(?:to|on)\s+(?P<whom>her|him|them))"
    r"(?:[\s,]+(?:please|pls|thanks))?\s*[.!?]*\s*$|"
    r"[\s,.;:!—–-]+(?:(?:so|ok|okay|and)[,]?\s+)*(?:can|could|should|would)\s+(?:that|this|it|all\s+that)\s+go\s+"
    r"(?:in(?:to)?|on)\s+(?P<whose2>her|his|their|[a-z][\w-]*(?:'s|’s))\s+(?:character\s+)?"
    r"(?:notes?|description|character|profile|bio|sheet|card)(?:[\s,]+(?:please|pls))?\s*[.!?]*\s*$", re.I)
"""What was just said about someone, asked into their character ("…, make that part of who she is")."""
_IS_WORDS = frozenset("is are was has had never always can't cannot doesn't does won't should would".split())
_NOT_SOMEONE = frozenset("it it's its that this there they he she i we you what which who".split())


_IN_MY_HEAD = re.compile(r"^(?:(?:in\s+my\s+(?:head|mind)|to\s+me|for\s+me|i\s+(?:think|reckon|feel\s+like|guess|"
                         r"imagine)|honestly|basically)[,]?\s+)+", re.I)
"""How a fact is owned ("to me she's sixty"): not whom it is about."""
_THINKING_ABOUT = re.compile(r"\b(?:thinking|thought|wondering)\s+(?:a\s+lot\s+)?(?:about|of)\s+([A-Za-z][\w'’-]+)",
                             re.I)
"""Whom a few sentences are about, said as what one has been thinking of ("i keep thinking about mara")."""


_NOTES_THAT = re.compile(r"^(?P<lead>\W*(?:(?:ok|okay|so|and|right|then|please)[\s,.!—–-]+)*)"
                         r"(?:(?:can|could)\s+you\s+)?"
                         r"(?:put|add|write|note|say)\s+(?:down\s+)?(?:in(?:to)?|to|on)\s+(?P<whose>her|his|their|"
                         r"[a-z][\w-]*(?:'s|’s))\s+(?:character\s+)?(?:notes?|description|profile|bio)\s*,?\s+"
                         r"(?:that\s+)?(?P<fact>\S.{2,})$", re.I)
"""A fact put straight into someone's notes ("put in her character notes that she walks with a stick")."""


def _into_notes(text: str) -> str:
    """Spell "mara never says sorry. put that in her notes" as "add to mara's description: she never says sorry".

    The fact is the sentence before the ask; whose it is, the person it opens on (a name, or "the old man"). A
    fact that opens on no one ("that never works, …") is left as said.
    """
    told = _NOTES_THAT.match(text.strip())
    if told:
        whose = told.group("whose")
        owner = whose[:-2] + "'s" if re.search(r"['’]s$", whose) else whose
        return f"add to {owner} description: {told.group('fact').strip()}"
    m = _INTO_NOTES.search(text)
    if m is None:
        return text
    whose = (m.group("whose") or m.group("whose2") or "").lower()
    pronoun = ({"her": "she", "his": "he", "their": "they", "him": "he", "them": "they"}.get(whose or (
        m.group("whom") or "").lower()) or (m.group("who") or "").lower() or "they")
    said = _said_about_someone(text[:m.start()], pronoun)
    if said is not None:
        return said
    sentences = re.split(r"(?<=[.!?])\s+", text[:m.start()].strip())
    fact = _IN_MY_HEAD.sub("", sentences[-1].strip(" .!?"))
    words = fact.split()
    if len(words) < 3:
        return text
    inner = _THINKING_ABOUT.search(fact)
    if inner and inner.group(1).lower() not in _NOT_SOMEONE:  # "kept thinking about tomas and i picture him with …"
        pictured = _PICTURED.sub("", re.sub(r"^\W*(?:a\s+lot\s+)?(?:(?:this|last)\s+week|lately|recently|today)?\W*"
                                            r"(?:and|so|,)?\s*", "", fact[inner.end():], flags=re.I)).strip(" ,.")
        if len(pictured.split()) >= 3 and pictured != fact[inner.end():].strip(" ,."):
            return f"add to {inner.group(1)}'s description: {pictured}"
    about = _THINKING_ABOUT.search(" ".join(sentences[:-1]))
    if re.match(r"(?:she|he|they)(?:'s|’s|\s)", fact, re.I) and about and about.group(1).lower() not in _NOT_SOMEONE:
        return f"add to {about.group(1)}'s description: {fact}"  # "thinking about mara. to me she's 60, …"
    size = next((k for k in (2, 3, 4) if words[0].lower() in ("the", "that", "this", "our") and k < len(words)
                 and names_a_person(words[k - 1].strip(","))), 0)
    if not size and words[0].lower() in _NOT_SOMEONE | {"the", "that", "this", "our"}:
        return text
    subject, rest = " ".join(words[:size or 1]), words[size or 1:]
    if size and len(rest) > 2 and rest[0].lower() in ("who", "that"):  # "the woman who mends the nets hums …"
        forms = verb_forms()
        then = next((i for i, w in enumerate(rest[2:], start=2) if w.lower() in forms and w.lower().endswith("s")
                     or w.lower() in _IS_WORDS), None)
        if then is not None:  # who she is ends where what she does begins: "… hums old songs"
            subject, rest = f"{subject} {' '.join(rest[:then])}", rest[then:]
    if size and rest and rest[0].lower() in ("at", "on", "in", "from", "with", "by"):  # "the old man at the kiosk is …"
        verb = next((i for i, w in enumerate(rest[:6]) if w.lower() in _IS_WORDS), None)
        if verb is not None:
            subject, rest = f"{subject} {' '.join(rest[:verb])}", rest[verb:]
    if not size and re.search(r"['’]s$", subject):  # "mara's 70s, widowed": Mara is 70s
        subject, rest = subject[:-2], ["is", *rest]
    return f"add to {subject}'s description: {pronoun} {' '.join(rest)}"


_ABOUT_LEAD = re.compile(r"^(?i:(?:so|ok|okay|right|and|well|also)[,]?\s+)*(?P<name>[A-Z][a-z'’-]+)[.!?]\s+|"
                         r"^[^—–.!?]*?\b(?i:about|with|for|on)\s+(?P<name2>[A-Z][a-z'’-]+)\s*(?:[—–:]|\s-)\s*")
"""The person a few sentences are about, said first: "So Mara. …", "Something I keep thinking about with Mara — …"."""
_PICTURED = re.compile(r"^(?:i\s+(?:keep\s+)?(?:picturing|picture|see(?:ing)?|imagine|imagining|think\s+of|"
                       r"thinking\s+of)\s+(?:him|her|them)\s+(?:(?:as|with)\s+)?(?:(?:this|a|an|some)\s+(?=\w))?)",
                       re.I)
"""How someone is pictured ("I keep picturing him as this …"): what follows is the description."""


_INTERJECTIONS = frozenset("""so ok okay right well also and yes yeah yep no nope hmm thanks great cool sure fine
    honestly anyway alright anyhow listen look wait oh ah""".split())
"""A first word said alone ("Right. …", "Yes. …"): nobody the sentences after it are about."""


def _said_about_someone(before: str, pronoun: str) -> str | None:
    """Spell "So Mara. I keep picturing her as a wiry ex-sailor, … can we get that into her character?".

    Only when the text says first whom it is about; the description is everything said of them after that.
    """
    lead = _ABOUT_LEAD.match(before.strip())
    if lead is None:
        return None
    who = lead.group("name") or lead.group("name2")
    if who.lower() in _NOT_SOMEONE | _INTERJECTIONS:
        return None
    fact = _PICTURED.sub("", before.strip()[lead.end():].strip()).strip(" .!?")
    if len(fact.split()) < 3 or not re.search(r"\b(?:she|he|they|her|him|his|them|their)\b", before[lead.end():],
                                              re.I):
        return None  # "Rain. It never stops.": said of no one
    return f"add to {who}'s description: {fact[0].lower() if fact[:2] != fact[:2].upper() else fact[0]}{fact[1:]}"


_EX_PARTNER = re.compile(r"\bex\s+(wife|husband|boyfriend|girlfriend|partner|lover|fianc[eé]e?|colleague|boss)\b",
                         re.I)


def _request_of(text: str) -> str:
    """Return what a message asks, chat and list markers aside, with its lists written out step by step."""
    text = _into_notes(text)  # "mara never says sorry. put that in her notes": one step on her description
    text = _EX_PARTNER.sub(r"ex-\1", text)  # "ruben's ex wife": one word, his ex-wife (no WIFE to look for)
    text = _AS_FOLLOWS.sub(r"\1: ", text)  # "the one-liner reads as follows. A clerk ...": dictated
    text = _HOW_MANY_THINGS.sub("", text)  # "Three things: ..." announces a list
    lead = _LABEL_SENTENCE.match(text)  # "mara: 60s, tired, wry. …": a dictated description, never chat
    rest = text[lead.end():] if lead else text
    text = (lead.group(0) if lead else "") + (request_part(rest) if rest.strip() else rest)
    # "Morning! ... Right, off to lunch!": the chat at either end asks for nothing
    text = _without_sign_off(_OPENER.sub("", text)) or text  # "quick one: ... cheers!" asks only the middle
    text = _numbered_list(text)  # "1) ... 2) ..." lists its steps
    text = _wardrobe_list(text)
    text = _new_things(text)
    return _BARE_NUMBERS.sub(r"\g<verb> scenes \g<a> and \g<b>", text)  # "flag 2 and 4 ..."


_SETTING_STEP = re.compile(r"(?:(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?\s+(?:is|'s|’s)|(?:it|that)(?:'s|’s))\s+"
                           r"(?:an?\s+)?(?:interior|exterior)\b", re.I)
"""A place said to be an interior or an exterior: "the shed is an interior"."""
_SETTING_WORD = re.compile(r"\b(?:interior|exterior)\b", re.I)
_ANOTHER_FACT = re.compile(r"(?:and\s+)?(?:his|her|their)\s+(?:voice|accent|age|hair|laugh|job|name)\s*"
                           r"(?:[,:—–]\s*|\s-\s|(?:is|sounds|should\s+be|needs\s+to\s+be|will\s+be)\b)", re.I)
"""A second fact about the person just named ("…, and his voice is gruff"): its own step."""
_AGE_NOW = re.compile(r"(?:and\s+)?(?:she|he|they)(?:'s|’s|\s+is|\s+are|'re|’re)\s+"
                      r"(?:now\s+|actually\s+|only\s+|just\s+)?(?:aged\s+)?\d{1,3}\b"
                      r"(?:\s+(?:years?\s+old|yrs?\s+old|now|these\s+days))*\s*[.!]*$", re.I)
"""An age said of the person just named ("rename ida to edna, she's 80 now"): its own step."""
_NEWCOMER = re.compile(r"\b(?:character|cast)\b", re.I)
"""A newcomer's note ("add a character bo, she is 40"): her age belongs to her description, one step."""


_WEARS = re.compile(r"[A-Za-z][\w'-]*\s+(?:wears|is\s+wearing|should\s+wear|has\s+on|needs\s+to\s+wear)\s+"
                    r"(?:a|an|some|the|her|his|their)\b", re.I)
"""Someone's costume said as a second note ("…, and mara wears a wool coat in it"): a step of its own."""
_WHERE_FIRST = re.compile(r"\s*(?:(?:in|on|for|during)|at\s+the\s+(?:very\s+)?(?:end|start|beginning|top|bottom)\s+"
                          r"of)\s+(?:scene|sc\.?)\s*\d{1,3}\s*", re.I)
"""A step's scene said before it ("in scene 3, make Ruben whistle"): no step of its own."""
_MOMENT_FIRST = re.compile(r"\s*(?:(?:in|on|at|during)\s+[^,;.!?]{2,60},\s*)?(?:(?:right|just|straight)\s+)?"
                           r"(?:after|before|when|as\s+soon\s+as|once|while)\s+(?!(?:that|this|it)\s*$)[^,;.!?]{3,90}",
                           re.I)
"""The moment a step happens at, said before it ("on the jetty, once tomas spots the gull, have him …"):
a subordinate clause, no step of its own."""


_AS_ONE_SCENE = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|hmm+|right|hey|honestly|maybe|what\s+if)[,]?\s+)*"
                           r"(?:(?:could|can|should|shall|would|might)\s+(?:we\s+(?:make|have|turn|fold)\s+)?|"
                           r"(?:let'?s|let\s+us|please|pls)?\s*(?:make|have|turn|fold)\s+)"
                           r"(?P<a>(?:the\s+|scenes?\s+|sc\s?)?[\w'’-]+(?:\s+[\w'’-]+){0,8}?)\s+(?:and|&|\+)\s+"
                           r"(?P<b>(?:the\s+|scene\s+|sc\s?)?[\w'’-]+(?:\s+[\w'’-]+){0,8}?)\s+"
                           r"(?:(?:just\s+|maybe\s+|simply\s+)?(?:be|become)\s+|(?:in)?to\s+|work\s+as\s+)?(?:just\s+)?"
                           r"(?:one|a\s+single|a\s+combined|the\s+same)\s+(?:scene|sequence)\b"
                           r"(?:\s+(?:instead|please|pls|now|then|maybe))*\s*[?.!]*$", re.I)
"""Two scenes asked to be one ("could scenes 5 and 6 be one scene?", "make the pier and the ferry one scene")."""


def _whole_steps(text: str) -> list[str] | None:
    """Return the steps of a message read as a whole (None: split it the usual way)."""
    if DICTATED_OUTLINE.search(text):
        return [text]  # a written-out outline is one step, however many sentences it has
    one = _AS_ONE_SCENE.match(text)
    described = one is not None and all(re.match(r"the\b", one.group(g), re.I) for g in ("a", "b"))
    if one and not described:  # "could scenes 5 and 6 be one scene?": a merge, asked politely (two described
        # scenes are read with the whole request, understand._AS_ONE)
        second = one.group("b").strip()  # "… and ida switching the lights off": the bit with that in it
        named = re.match(r"(?:the|scenes?|sc|this|that|\d)\b", second, re.I)
        return [f"merge {one.group('a').strip()} and {second if named else 'the bit with ' + second}"]
    fields = _LABELLED_FIELDS.match(text)
    if fields:  # "for mara: voice low and dry, and an oilskin as her costume": two notes, each under her name
        who = fields.group("who")
        return [f"{who}: {fields.group('a').strip()}", f"{who}: {fields.group('b').strip()}"]
    return None


_AT_FIRST = re.compile(r"\b(?:at\s+first|to\s+start(?:\s+with)?|at\s+the\s+start)\W*$", re.I)
_THEN_LET = re.compile(r"\s*(?:(?:and\s+)?then\s+)?(?:let|have|make)\s+(?:him|her|them|it)\b", re.I)
"""A change over the course of a scene ("colder with her at first, then let him thaw"): one direction."""


_NEXT_STEP = re.compile(r"\s*(?:[,;.!?]|\s[—–-]\s|\b(?:then|and|also|plus)\b)\s*", re.I)
"""Where the words after a separator stop being about the same step ("sc4, then rename …": "sc4")."""


def _unquoted(text: str, quoted: dict[str, str]) -> str:
    """Put the quoted words set aside while splitting back into a step."""
    for key, value in quoted.items():
        text = text.replace(key, value)
    return text


def split_clauses(request: str) -> list[str]:
    """Split a request into clauses, only where the right side starts with an action verb.

    "darker and shorter" and "Mara and Jonas" stay whole; quoted text is never split.
    """
    text = (request or "").strip()
    if not text:
        return []
    quoted = {f"\x00{i}\x00": q for i, q in enumerate(re.findall(QUOTED, text))}
    for key, value in quoted.items():
        text = text.replace(value, key, 1)
    whole = _whole_steps(text)
    if whole is not None:
        return [_unquoted(step, quoted) for step in whole]
    text = _NAMED_BRANCH.sub(r"\1 called \2", _request_of(text))
    text = _BRANCH_CALLED_IT.sub(r"\g<branch> called \g<name>\g<rest>", text)  # "a new branch, call it winter, …"
    text = _ONTO_THE_NEW_ONE.sub(r"\g<made>", text)  # "… and switch to it": a new branch is the one worked on
    opened = re.match(r"^\W*(?:please|pls|ok(?:ay)?|so|right|hey|hi|um+|erm+|oh)\s*,\s*", text, re.I)
    body = text[opened.end():] if opened else text  # "please, the loft at night, move it": one comma of a list, not two
    listed = body.count(",") >= 2 or bool(re.search(r",\s*and\b", body))
    pieces: list[str] = []
    borrows: set[int] = set()
    last = 0
    lists = [m.span() for m in _MANY_SCENES.finditer(text)]
    for match in _SEPARATORS.finditer(text):
        left, right = text[last:match.start()], text[match.end():]
        inside_a_list = any(a < match.start() < b for a, b in lists)
        taken_then_put = bool(_TAKEN_TO_PUT.match(strip_lead(left)) and _PUT_IT.match(strip_lead(right))) or bool(
            _OTHER_ONE.search(left) and _WHICH_ONE.match(right))  # "no, the other one. where she claims it": one
        arc = bool(_AT_FIRST.search(left) and _THEN_LET.match(right))  # "colder at first, then let him thaw"
        moment_first = match.group(0).strip() == "," and bool(_MOMENT_FIRST.fullmatch(strip_lead(left))) and (
            commands(right) or re.match(r"\s*(?:have|let|get)\s+\w+\s+\w", right, re.I) is not None)
        # "once he spots the gull, have him …": when, then what
        spanned = bool(re.match(r"\s*(?:branch|fork)\b", strip_lead(left), re.I) and re.search(
            r"\band\b", match.group(0), re.I) and not _starts_with_verb(right))  # "branch off the X and the Y": one
        if not left.strip() or _inside_between(match.group(0), left) or inside_a_list or (
                _WHERE_FIRST.fullmatch(left) or taken_then_put or arc or moment_first or spanned):
            continue  # "a scene between scene 7 and scene 8": the two sides of one place; "tag scenes 1, 3 and 6
            # driver": one step over a list of scenes (expanded below); "in scene 3, make him whistle": where, then
            # what; "take the lamp from the ferry scene and put it in scene 6": one thing, from one scene to another
        comma = match.group(0).strip() == ","
        arrows = bool(_ARROW_STEP.fullmatch(strip_lead(left).strip()) and _ARROW_STEP.match(strip_lead(right).strip()))
        said_of_it = re.match(r"(?:it|that)(?:'s|’s|\s+is)\s+an?\s+(?:interior|exterior)\b", strip_lead(right), re.I)
        setting = bool(_SETTING_STEP.match(strip_lead(right)) and (_SETTING_WORD.search(left) or said_of_it)) or bool(
            _ANOTHER_FACT.match(strip_lead(right)) or _OWN_PREDICATE.match(strip_lead(right))
            or (_AGE_NOW.match(strip_lead(right)) and not _NEWCOMER.search(left)))  # "…, and his voice
        # is gruff": a second fact, a second step; "…, and the bridge at dawn should be dusk": a step of its own
        if comma and not arrows and not setting and not _comma_splits(text, match.start(), right, listed):
            continue
        # "and 5. ..." names a target and ends there
        target_only = re.fullmatch(r"(?:and|also|now|then|plus)\s+(?:scene\s+)?\d{1,3}[.!]", left.strip(), re.I)
        # "the pier is an exterior and the shed is an interior": a step per place (``setting``)
        setting = setting or bool(_PLUS_FACT.match(right))  # "new character bo, a pilot - plus ida has a cat now"
        if match.group(0).strip() == ";" or arrows or setting or (
                target_only and not _ABBREVIATION.search(left.strip())):
            pieces.append(left)
            last = match.end()
        elif (_starts_with_verb(right) or _WEARS.match(strip_lead(right))
              or (_LABELLED.match(right.strip()) and _LABELLED.match(strip_lead(text[last:])))):
            pieces.append(left)  # a verb starts a step; so does "ruben: a beard" after "ida: a silver bob."
            last = match.end()
        elif (_PAIRWISE.search(left) and _SCENE_ONLY.fullmatch(_NEXT_STEP.split(right.strip(), maxsplit=1)[0].strip())
              or (_TWO_AT_ONCE.search(left) and _A_SCENE_SAID.fullmatch(right.strip(" .!?")))):
            continue  # "switch sc7 and sc8", "merge 7 and scene 8": one step with two scenes
        elif _SCENE_FIRST.match(strip_lead(left)) and _SCENE_FIRST.match(strip_lead(right)):
            pieces.append(left)  # "scene 7 gloomier, scene 8 brighter": two steps, each with its own words
            last = match.end()
        elif (_SAME_VERB.match(strip_lead(right)) or (_GAPPED.match(right.strip()) and not comma) or (
                _GAPPED_PLACE.match(right.strip()) and _PLACED_IN.search(left) and not comma) or (
                _GAPPED_THING.match(right.strip()) and _ADDED_TO.match(strip_lead(left))) or (
                _DESCRIBED_AS.match(strip_lead(text[last:])) and _AS_TOO.match(strip_lead(right)))) and (
                _starts_with_verb(left) or len(pieces) in borrows):
            # "make scene 4 bleaker and scene 1 funnier": the second part borrows the first part's verb.
            pieces.append(left)
            borrows.add(len(pieces))
            last = match.end()
    pieces.append(text[last:])
    _borrow(pieces, borrows)
    clauses: list[str] = []
    for piece in pieces:
        cleaned = strip_lead(_unquoted(piece, quoted))
        if cleaned:
            clauses.extend(c for listed in _expand_lists(cleaned) for c in _expand_scenes(listed))
    return _as_exports(_owned_by_label(_fold_restated(clauses)), request)


_TIME = (r"(?P<time>(?:(?:late|early|mid)[\s-]+)?(?:dawn|dusk|night|day|daytime|morning|evening|sunrise|sunset|"
         r"midnight|noon|afternoon|twilight))\s*[.!]?$")
_TIMED_SCENE = (re.compile(rf"^(?P<scene>(?:scene|sc\.?)\s*\d{{1,3}})\s+(?:at|to|in\s+the|by)\s+{_TIME}", re.I),
                re.compile(rf"^(?:make|set|change|switch|turn)\s+(?P<scene>[\w\s'’-]{{1,40}}?)(?:'s|’s)\s+(?:scene\s+)?"
                           rf"(?:heading|slug\s*line|slug|time\s+of\s+day)\s+(?:to\s+|into\s+)?{_TIME}", re.I),
                re.compile(rf"^(?:make|set|change|switch|turn)\s+the\s+(?:heading|slug\s*line|slug|time\s+of\s+day)"
                           rf"\s+(?:of|for|in)\s+(?P<scene>(?:(?!\bto\b)[\w\s'’-]){{1,40}}?)\s+(?:to\s+|into\s+)?{_TIME}",
                           re.I))
"""A scene's time of day said as a note ("scene 4 at dusk") or as its heading ("make that scene's heading dawn")."""


def _as_exports(clauses: list[str], request: str) -> list[str]:
    """Spell file requests out as exports: for the app the request names, or one said without a verb.

    "I cut in Premiere. Send the edit in a format it opens": the export names Premiere, so the sentence
    that only said which app is no step of its own.
    """
    out: list[str] = []
    for clause in clauses:
        for_app = for_the_app(clause, request) or in_the_app(clause)
        if for_app is not None:
            out = [c for c in out if _starts_with_verb(c) or not APPS.search(c)]
        timed = next((m for p in _TIMED_SCENE if (m := p.match(clause.strip()))), None)
        if timed:  # "scene 4 at dusk" in a list of notes
            clause = f"set {timed.group('scene')} to {timed.group('time')}"
        out.append(for_app or the_whole_project(clause) or (None if _starts_with_verb(clause) else asked_file(clause))
                   or clause)
    return out


_LABEL = re.compile(r"^(?P<who>[A-Za-z][\w'’-]*)\s*:\s*\S")
_OWNERLESS = re.compile(r"^(?:(?:and|also|plus)\s+)?(?:the\s+)?(?P<what>voice|accent|costume|outfit|wardrobe)\b"
                        r"(?!\s+(?:for|of)\b)", re.I)


def _owned_by_label(clauses: list[str]) -> list[str]:
    """Give "voice low and slow" after "mara: 60s, wry" its owner: "mara's voice low and slow"."""
    out: list[str] = []
    for clause in clauses:
        label = _LABEL.match(out[-1]) if out else None
        bare = _OWNERLESS.match(clause)
        if label and bare and label.group("who").lower() not in _NOT_A_LABEL:
            clause = f"{label.group('who')}'s {clause[bare.start('what'):]}"
        out.append(clause)
    return out


_NOT_A_LABEL = frozenset("note notes logline premise outline genre tone title synopsis pitch description idea "
                         "costume voice look style palette".split())


_BARE_MARK = re.compile(r"(?:please\s+)?(?P<verb>mark|flag|tag|label|star|pin)\s+(?:it|that|this|them)"
                        r"(?:\s+(?:please|for me|then|now))?[?.!]*", re.I)
"""A closing "mark it" after "scene 3 needs another pass": the tag is what the step before says."""
_ASKS_ALREADY = re.compile(r"\b(?:need|want|add|introduce|cast|create|make)\b", re.I)


_SET_THAT_AS = re.compile(r"^(?:please\s+)?(?:set|use|make|save|keep|put\s+down|take)\s+(?:that|this|it)\s+as\s+"
                          r"(?:the|our|my)\s+(?P<what>premise|log\s?-?line)\b(?P<rest>.*)$", re.I)
"""A closing "set that as the premise" after the premise was dictated: the same step, said again."""


def _fold_restated(clauses: list[str]) -> list[str]:
    """Fold a closing "can you add him?" into the step it asks for; its verb goes first when that step has none."""
    out: list[str] = []
    for clause in clauses:
        set_as = _SET_THAT_AS.match(clause)
        if out and set_as and re.match(rf"^\W*(?:the\s+)?{set_as.group('what')}\s*[:—–-]", out[-1], re.I):
            continue  # "premise: ... . Set that as the premise": dictated already (what else it asks is words)
        restated = _RESTATES.fullmatch(clause)
        marked = _BARE_MARK.fullmatch(clause)
        if out and marked and not _starts_with_verb(out[-1]):
            out[-1] = f"{marked.group('verb')} {out[-1]}"
            continue
        if out and restated:
            if not _starts_with_verb(out[-1]) and not _ASKS_ALREADY.search(out[-1]):
                out[-1] = f"{restated.group('verb')} {out[-1]}"
            continue
        out.append(clause)
    return out
