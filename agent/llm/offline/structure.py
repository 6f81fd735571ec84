"""Name the tool a command's shape calls for, whatever its words resemble (renames, moves, rewrites)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.formats.script_terms import GARMENT, GARMENT_FOR_SCENES, GARMENT_LEAD, GARMENT_WORDS, RECOLOURED, WEARING
from agent.llm.offline.context import ProjectContext
from agent.llm.offline.conversation import Turn
from agent.llm.offline.cues import TIMES, has_cue, is_comparative, unquoted
from agent.llm.offline.fill_story import dictated_beats, swapped_words
from agent.llm.offline.genres import dictated_logline, names_a_genre, says_genre_or_tone
from agent.llm.offline.guard import unresolved_ref
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.names import (
    NO_THING,
    THING_INTO_SCENE,
    explicit_name,
    joins_the_cast,
    known_branch,
    match_names,
    match_places,
)
from agent.llm.offline.numbers import find_duration, find_scene
from agent.llm.offline.questions import SHEET
from agent.llm.offline.replaced import replaced_words
from agent.llm.offline.rewrite import (
    mentions,
    scene_with_words,
    scene_without_character,
    scene_without_line,
    scene_without_moment,
)
from agent.llm.offline.shots import spelled_tool
from agent.llm.offline.speech import commands
from agent.llm.offline.stage import heard, stage_direction
from agent.llm.offline.taken_out import (
    refused_moment,
    removed_character,
    removed_line,
    removed_moment,
    removed_thing,
    taken_thing,
)
from agent.llm.offline.traits import MOVES, trait_sentence
from agent.llm.offline.understand import recent_scene
from agent.resolver.slots import SCENE_ENDS_ON
from agent.roles import names_a_person

__all__ = ["costume_statement", "free_direction", "not_in_scene", "statement_about", "structural"]

_LOOK = re.compile(r":|\b(?:describe|looks?|feels?|smells?|lit|light(?:s|ing)|lamps?|walls?|floors?|ceilings?|"
                   r"windows?|paint(?:ed)?|dressed|dressing|furniture|decor|colou?rs?|neon|signs?|posters?|"
                   r"rust(?:y)?|damp|dust(?:y)?|dirt(?:y|ier)?|clean(?:er)?|shabby|grimy|tiles?|lino|carpet|"
                   r"wood(?:en)?|concrete|brick|glass|metal|iron|steel|plastic|fog(?:gy|gier)?|mist(?:y)?)\b",
                   re.I)
_NOT_A_TRAIT = re.compile(r"\b(?:rename|delete|remove|kill|cut|drop|headshot|reference|portrait|picture|image|photo|"
                          r"put|bring|into|scenes?|shot|called|named|name|alternat\w*|versions?|call\s+(?:her|him|them)|"
                          r"^\W*show|"
                          r"(?:add|create)\s+(?:a|an|the)?\s*(?:new\s+)?(?:character|prop|location|place|set)|"
                          r"(?:new|another|extra)\s+(?:character|prop|location|place|set|room)|"
                          r"log\s?line|outline|beats?|premise|pitch|branch|export|render|animatic|timeline|transition|"
                          r"card|voices?|(?:a|an|the|its|this|that|new)\s+stills?|stills|storyboard|style|palette|"
                          r"art direction|costumes?|outfits?|wardrobe|"
                          rf"uploaded|upload|interior|exterior|{MOVES})\b", re.I)
"""Words that make a sentence about someone something other than who they are ("ida should come in after ruben")."""


_WEARS_IT = re.compile(r"\b(?:wears?|wearing|wore)\s+(?:it|that|this|them|those|the\s+[\w-]+)\s+(?:only\s+)?"
                       r"(?:in|for|during)\b", re.I)
_IN_SCENES = re.compile(r"\bonly\s+(?:at|by)\s+(?:dawn|dusk|night|day|daybreak|sunrise|sunset|daytime|night-?time)\b|"
                        r"\b(?:in|for|during|across|on|at)\s+(?:every|all|scenes?\s+\d|"
                        r"the\s+(?:[\w-]+\s+){0,3}scenes?\b|the\s+(?:last|first|final|opening)\s+one\b)|"
                        r"\b(?:every|each)\s+scene\b|\balways\s+(?:wears?|wearing|in|dressed)\b|\bthroughout\b|"
                        r"\bthe\s+whole\s+(?:way\s+through|film|time|movie)\b|\ball\s+the\s+way\s+through\b|"
                        r"\ball\s+(?:through|over)\s+the\s+(?:film|movie|script|story)\b|"
                        r"(?:^|[,;:]\s*)scenes?\s+\d+(?:\s*(?:,|and|&)\s*\d+)*(?:\s+only)?\s*[.!]*$", re.I)
"""Where a garment is worn: some scenes, every scene ("always wears", "the whole way through": the film)."""


_AT_PLACE = re.compile(r"\b(?:in|on|at|aboard|inside)\s+(the\s+[\w'-]+(?:\s+[\w'-]+)?)", re.I)
"""Where something is worn, said as a place ("on the bridge"): the scenes set there."""
_COSTUME_WORD = re.compile(r"\b(?:costumes?|wardrobe|outfits?|dressed\s+in)\b", re.I)


_DONE_WITH_IT = re.compile(rf"\b(?:he|she|they)\s+(?!(?:wears|has|is|was|always|still|never)\b)[a-z]+s\s+"
                           rf"(?:(?:off|on|up|out|down)\s+)?(?:his|her|their|the|an?)\s+{GARMENT_LEAD}"
                           rf"(?:{GARMENT_WORDS})s?\b", re.I)
"""Someone doing something with a garment ("she hangs her wet coat up"): a moment of the scene, not a costume."""


def _worn(clause: str, context: ProjectContext) -> tuple[str, str] | None:
    """Return (costume tool, wearer) when a command says what someone wears where ("a red anorak in 2").

    "wears it only in 3 and 6" after a costume was added links that costume to those scenes.
    """
    found = match_names(clause, context.characters)
    if len(found) != 1:
        return None
    if _WEARS_IT.search(clause) and re.search(r"\d", clause):
        return "link_costume", found[0]
    as_she = re.sub(rf"\b(?:{'|'.join(re.escape(n) for n in context.characters)})\b(?!['’])", "she", clause, flags=re.I)
    if _DONE_WITH_IT.search(clause) or _DONE_WITH_IT.search(as_she):
        return None  # "ruben in scene 3 - he takes his coat off", "… while IDA buttons her coat": what is done with it
    at_place = any(match_places(m.group(1), context.locations) for m in _AT_PLACE.finditer(clause))
    if GARMENT.search(clause) and (_IN_SCENES.search(clause) or _COSTUME_WORD.search(clause) or at_place):
        return "add_costume", found[0]  # worn in some scenes (or at a place: its scenes), or called a costume;
        # "X wears glasses" is a trait
    return None


def costume_statement(clause: str, context: ProjectContext) -> str | None:
    """Return the costume tool when a command says outright what someone has on where.

    "in scene 6 juno has her coat on" is a costume, whatever a scene named beside a character
    would otherwise suggest (a rewrite); "in scene 6 ida takes off her coat" is not. "Make the scarf green"
    revises the costume that has the scarf.
    """
    if RECOLOURED.match(clause.strip()):
        return "revise_costume"  # "make the scarf green instead": the costume made over
    worn = _worn(clause, context)
    said_so = WEARING.search(clause) or GARMENT_FOR_SCENES.match(clause.strip())
    return worn[0] if worn is not None and said_so else None


_PLACE_MOVE = re.compile(r"\b(?:come|go|move|sit|happen|play|open|close|start|end)s?\s+(?:right\s+|just\s+)?"
                         r"(?:before|after|first|last|earlier|later)\b|\b(?:before|after)\s+(?:scene\s+\d|the\s+\w+\s+"
                         r"(?:scene|one))", re.I)
"""A place named only to say where its scene goes ("the bridge should come before the claim")."""


_SOUNDS = re.compile(r"\b(?:sounds?|speaks?\s+with|talks?\s+with)\b|\b(?:accent|lilt|drawl|brogue|twang|rasp)\b|"
                     r"^\W*[a-z][\w-]*(?:'s|’s)\s+voice\s+(?!(?:id|of|for|over|actor|memo|note|clip|lines?|file|track|"
                     r"take|recording|line|needs|should|could|is|was|sounds?)\b)[a-z]+(?:[\s,]+[a-z]+)*\W*$|"
                     r"\bvoice\s*(?:is|should\s+be|needs\s+to\s+be|:|=|[-–—]|->|→|=>)|"
                     r"\b(?:want|need|like|give\s+\w+)\s+(?:a\s+|her\s+|his\s+|their\s+|the\s+)?voice\s+(?:very\s+|more\s+|"
                     r"a\s+bit\s+|quite\s+|really\s+)?(?!(?:id|of|for|over|actor|memo|note|clip|lines?)\b)[a-z]+", re.I)
_NOT_HOW_THEY_SOUND = re.compile(r"\b(?:raises?|raising|lowers?|drops?|keeps?)\s+(?:her|his|their|the)\s+voice\b|"
                                 r"\bscene\b|\b(?:sound\s+effect|music|score)\b", re.I)
_ALSO_IN = re.compile(r"^(?:(?:could|can|would)\s+)?(?P<who>[A-Za-z][\w'-]*)\s+"
                      r"(?:(?:should|needs\s+to|has\s+to|must|could|ought\s+to)\s+)?(?:also\s+)?(?:be|appear|show\s+up|turn\s+up)\s+(?:also\s+)?(?:there\s+|here\s+)?(?:in|on|at)\s+"
                      r"scene\s+\d{1,3}\b", re.I)
"""Someone joining a scene: "mara has to be in scene 5 too", "could mara be on scene 2 as well?" (a place resolved).

Not speech._COULD_BE_IN: the clause is a command already, so no "too" is needed, but only a scene number will do."""


def _cast_note(clause: str, context: ProjectContext) -> tuple[str, str] | None:
    """Return (tool, name) for how someone sounds ("ida sounds dry, a northern lilt") or a scene they join."""
    found = match_names(clause, context.characters)
    if len(found) != 1:
        return None
    joins = _ALSO_IN.match(clause)
    if joins and match_names(joins.group("who"), context.characters):
        return "put_character_in_scene", found[0]  # "ruben should be in scene 5 too": he comes into it
    if _SOUNDS.search(clause) and not _NOT_HOW_THEY_SOUND.search(clause):
        return "set_character_voice", found[0]
    return None


_SOMEWHERE = re.compile(r"\b(?:on|in|at|into|onto|off|across|down|up)\s+the\s+(?!(?:eyes?|face|head|hands?|arms?|back|"
                        r"shoulders?|chest|nose|mouth|ears?|legs?|feet|foot|chin|neck)\b)\w+|"
                        r"\b(?:when|while|as\s+soon\s+as|before|after)\s+(?:she|he|they|[a-z]+)\s+[a-z]+", re.I)
"""A place an action happens in ("on the stairs"): a moment of a scene, not a trait ("in the eye" is no place)."""
_HABIT = re.compile(r"\b(?:always|never|often|usually|constantly|habitually|tends?\s+to|keeps?\s+\w+ing|walks?\s+with|"
                    r"when(?:ever)?\s+(?:she|he|they|[a-z]+)\s+(?:is|are|gets?|feels?)\s+(?:cold|tired|nervous|scared|"
                    r"angry|upset|afraid|anxious|lying|stressed|excited|sad|happy)|"
                    r"limps?|stammers?|stutters?|lisps?|wheezes?|smokes?|chain-?smokes?|knits?|drinks?|swears?\s+a\s+lot)\b",
                    re.I)
"""What someone does as a rule ("mara limps", "ida never smiles"): who she is, not a moment of a scene."""
_QUOTED_LINE = re.compile(r"(?:^|[\s(])[\"“‘'][A-Z][^\"”’]*?[.!?]?[\"”’'](?=[\s,.;:!?)]|$)")
"""A line of the screenplay quoted ("after 'It is tonight.'"): a moment in a scene, never a description."""
_LINE_WANTED = re.compile(r"\b(?:needs?|gets?|give|wants?|add|write)\b[^.;]*?\b(?:a|an|another|one|new|better|extra)\s+"
                          r"(?:\w+\s+)?line\b", re.I)
"""A line of dialogue asked for ("ida needs a better line here"): the writer's, never her description."""


_PLACE_LABEL = re.compile(r"^\W*(?:the\s+)?(?P<label>[a-z][\w' -]*?)"
                          r"(?:\s+(?:looks?|should\s+look|is)\s+like\s+(?:this|so))?"
                          r"\s*(?::|\s[-–—]+\s)\s*(?P<rest>\S.{3,})$", re.I)


def _labelled_place(clause: str, context: ProjectContext) -> tuple[str, str] | None:
    """Return ("revise_location", place) for a place's whole name as a label, then how it looks (no request verb)."""
    said = _PLACE_LABEL.match(clause.strip())
    if said is None or commands(said.group("rest")) or find_scene(clause) is not None:
        return None  # "the bridge: make it night" asks for a change; "the bridge: rewrite it" too
    words = said.group("label").lower().split()
    place = next((p for p in context.locations if words and set(words) <= set(p.lower().split())), None)
    if place is None or (trait_sentence(place, clause) is None and trait_sentence(said.group("label"), clause) is None):
        return None  # "the bridge: rusted railings" labels RIVER BRIDGE by the word only it has
    return "revise_location", place


_DESCRIPTION_TOLD = re.compile(r"^(?:add\s+to|change|update)\s+(?P<who>[\w' -]+?)(?:'s|’s)\s+(?:character\s+)?"
                               r"(?:description|notes?)\s*:", re.I)
"""Someone's description, said as such ("add to mara's description: …"): whatever the words name (a watch, a coat)."""


def statement_about(clause: str, context: ProjectContext) -> tuple[str, str] | None:
    """Return (revise tool, name) when a command only states something about one known entity.

    "ida needs a walking stick", "juno is actually 19", "ida: silver hair" revise that entity's
    description; what someone wears is a costume; anything naming a scene, a shot or another action
    ("rename", "headshot", "put in") is left to the ranking.
    """
    told = _DESCRIPTION_TOLD.match(clause.strip())
    named = match_names(told.group("who"), context.characters) if told else []
    if len(named) == 1:  # "add to mara's description: she's 60, … wears her father's ring": who she is
        return "revise_character", named[0]
    worn = _worn(clause, context) or _cast_note(clause, context)
    if worn is not None:
        return worn
    labelled = _labelled_place(clause, context)
    if labelled is not None:  # "the night bus: old single decker, flickering strip lights": how the place looks
        return labelled
    if (find_scene(clause) is not None and not _HABIT.search(clause)) or _QUOTED_LINE.search(clause) or (
            _LINE_WANTED.search(clause)):
        return None  # "give ruben something to do in 6": a note on that scene, not who he is
    if _NOT_A_TRAIT.search(clause) or (stage_direction(clause, context.characters) is not None and (
            find_scene(clause) is not None or _SOMEWHERE.search(clause) or not _HABIT.search(clause))):
        return None  # "make mara trip on the stairs", "tom sighs" happen in a scene; "mara limps" is who she is
    for kind, names in (("character", context.characters), ("location", context.locations), ("prop", context.props)):
        if kind == "character":
            found = [(n, n) for n in match_names(clause, names)]
        else:  # a place or thing by its whole name or a word only it has ("the office")
            found = match_places(clause, names)
            if found and find_tones(clause) and not _LOOK.search(clause):
                continue  # "make the bridge scarier" is about a scene, not how a place looks
            if found and _PLACE_MOVE.search(clause) and not _LOOK.search(clause):
                continue  # "the bridge should come before ..." is about a scene's place in the film
        said = trait_sentence(found[0][1], clause) if len(found) == 1 else None
        if said is not None and not re.match(r"(?:an?\s+)?(?:int|ext|interior|exterior)\b", said, re.I):  # a setting
            return f"revise_{kind}", found[0][0]
    return None


_NOT_A_REWRITE = re.compile(r"\b(?:shots?|stills?|storyboard|frames?|camera|lens|angle|close-?up|wide|animatic|"
                            r"render|voices?\s+(?:for|of|lines?)|(?:generate|record|regenerate|cast)\b[^.;]*\bvoices?|tag|flag|mark|label|love|hate|keep|delete|remove|scrap|move|swap|"
                            r"split|merge|combine|restore|revert|undo|redo|version|compare|export|transition|fade|"
                            r"go back|back to how|back the way|(?:how|the way) (?:it|scene \d+) (?:was|read|looked)|"
                            r"dissolve|crossfade|clip|timeline|logline|outline|music|score|sound|palette|art direction|"
                            r"reference|headshot|portrait|description|costume|rename|called|new scene|add a scene|"
                            r"write a scene|prop|look|style|aesthetic|grade|grading)\b", re.I)
_FEEL = re.compile(r"\bmake\s+(?:it|this|that|scene\s+\d+|the\s+\w+)\s+(?:feel|seem|sound|read|play)\b|"
                   r"\b(?:it|this|that)\s+(?:should|needs?\s+to|has\s+to|must)\s+(?:feel|seem|read|play)\b|"
                   r"\b(?:feels?|reads?|plays?)\s+(?:too|a bit|way too|really|so|very|kind of|a little)?\s*\w+", re.I)
_RENAMING = re.compile(
    r"\brename\s+([\w'-]+)|\b([\w'-]+?)(?:'s|’s)?\s+name(?:'s|’s|\s+is)?\s+(?:now\s+|actually\s+|really\s+)*"
    r"(?:should\s+be|is\s+now|will\s+be|to|becomes|going\s+to\s+be|gonna\s+be)\b|"
    r"\b([\w'-]+)\s+(?:has|gets|takes|should\s+(?:have|get|take)|is\s+given)\s+the\s+name\s+[A-Za-z]|"
    r"\bchange\s+([\w'-]+?)(?:'s|’s)\s+name\b|\b([\w'-]+)\s+(?:is|should\s+be|will\s+be)\s+(?:now\s+)?"
    r"(?:called|named|known\s+as)\b|\bcall\s+([\w'-]+)\s+[\"“']?[\w'-]+[\"”']?\s*(?:from\s+(?:now|here|this\s+point)\s+"
    r"on|from\s+now|instead|everywhere|throughout|now|please|$)|\b([\w'-]+)\s*(?:->|→|=>)\s*\w|"
    r"\b([\w'-]+)\s*[—–:,-]+\s*(?:just\s+)?call\s+(?:him|her|them)\s+[\"“']?[A-Za-z]", re.I)
_OUT_OF_THE_FILM = re.compile(r"^\W*(?:(?:ok|okay|so|and|just|please|actually)[,]?\s+)*"
                              r"(?:cut|remove|drop|delete|take|write|lose|axe|ditch)\s+(?P<who>[A-Za-z][\w'-]*)\s+(?:out\s+)?(?:of|from)\s+(?:the\s+)?"
                              r"(?:whole\s+|entire\s+)?(?:film|movie|script|screenplay|story|cast|project|short|picture)\b"
                              r"(?:\s+(?:entirely|completely|altogether|for\s+good))?\W*$", re.I)
"""Someone taken off the cast list ("axe tomas from the script"): the character, never a scene."""
_MADE_A_THING = re.compile(r"^\W*(?:add\s+(?:a\s+)?)?new\s+(location|prop|set|place|object|item)\b|"
                           r"\b(?:as|make\s+(?:it|them|this|(?:the|[\w'-]+(?:'s|’s))\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)|should\s+be|"
                           r"is|add(?:ed)?\s+as)\s+(?:into\s+)?(?:a|an)\s+(?:proper\s+|real\s+)?(?:new\s+)?"
                           r"(location|prop|set|place|object|item)\b", re.I)
_OPEN_ON = re.compile(r"\b(?:open|start|begin|end|close|finish)(?:s|es)?\s+(?:the\s+(?:film|movie|short)\s+)?"
                      r"(?:on|with)\s+(?:the|scene|sc)\b", re.I)
_A_SCENE_BEFORE = re.compile(r"\b(?:the\s+)?(?:last|final|closing|opening|first)\s+scene\b|\bscene\s+\d+\s*[:,—–-]",
                             re.I)
"""A scene named before "end on …": "the last scene: end on the bell" ends that scene on a moment."""
_ONE_SHOT = re.compile(r"\bshot\s+\d|\bthe\s+(?:[\w-]+\s+){0,2}shot\b|\bshots?\s+(?:of|in)\b", re.I)
_NEWCOMER = re.compile(r"\b(?:add|introduce|cast|bring in|we need|there should be|give us)\b|"
                       r"^\W*(?:a\s+)?new\s+(?:character|person|role|part)\b", re.I)
_SCENE_LEAD = r"(?:scene\s+\d+|the\s+(?:[\w'-]+\s+){0,3}(?:scene|one|bit))"
"""A scene named first in a note: "scene 2", "the bridge scene", "the last one"."""
_MAKE_IT_MORE = re.compile(rf"(?:^{_SCENE_LEAD}\s*[:,—–-]?|"
                           r"\b(?:make|get|turn|play)\s+(?:scene\s+\d+|it|this(?:\s+scene)?|that(?:\s+scene)?|"
                           r"the\s+(?:[\w'-]+\s+){0,3}(?:scene|one|bit)))\s+(?:a\s+(?:bit|little|lot|touch)\s+|much\s+|"
                           r"way\s+|even\s+|slightly\s+)?(?P<w>[a-z]+er)\b", re.I)
_DEGREE = re.compile(
    r"\b(?:needs?|should|could|must|has\s+to|have\s+to|wants?|can\s+(?:it|we|you|this|that)|could\s+(?:it|we|you))\s+"
    r"(?:(?:to|make\s+it)\s+)?(?:be|feel|land|play|read|come\s+across|get|go|sound|seem|hit|have|use|do\s+with)?\s*"
    r"(?:a\s+(?:bit|little|lot|touch|tad)\s+|much\s+|way\s+|even\s+|slightly\s+|far\s+)?"
    r"(?:(?P<more>more|less)\s+[a-z]|(?P<w>[a-z]+er)\b)|"
    r"\b(?:cranks?|dial|ramps?|turn|pump|amp|ratchet|jack)\s+(?:it\s+|that\s+)?up\b|"
    r"\b(?:tone|dial|turn|calm|rein)\s+(?:it\s+|that\s+|this\s+|things\s+)?(?:down|in)\b|"
    r"\bplay\s+(?:up|down)\b|\bshow\s+(?:it|that|this)\s+more\b|\blean\s+(?:into|harder)\b|"
    r"\b(?:cut|trim|pare|slim)\s+(?:(?:it|this|that|scene\s+\d+)\s+)?(?:down|back)\b", re.I)
"""A note on how much of something a moment has: "needs to land softer", "crank up the dread"."""


def _ends_itself(clause: str) -> bool:
    """Tell "I want scene 4 to end on Ida alone" (how that scene ends) from "end on scene 4" (a move)."""
    itself = SCENE_ENDS_ON.search(clause)
    after = clause[itself.end():] if itself else ""
    return itself is not None and find_scene(after) is None and not re.search(r"\bscene", after, re.I)


def _ends_a_scene_on_a_moment(clause: str, opens: re.Match[str]) -> bool:
    """Tell "scene 6: end on the bell" (a scene named first, then a moment) from "end on scene 6" (a move)."""
    before, after = clause[:opens.start()], clause[opens.start():]
    named_first = find_scene(before) is not None or _A_SCENE_BEFORE.search(before) is not None
    return named_first and find_scene(after) is None and not re.search(r"\bscene\b", after, re.I)


_KEEPS = re.compile(r"\b(?:lock|freeze|protect)\s+(?:it|this|that|scene\s+\d+)(?:\s+(?:one|scene))?\b|"
                    r"\bso\s+(?:it|this|that)\s+stays\s+(?:as\s+it\s+is|as\s+is|the\s+same|untouched)\b|"
                    r"^(?:i\s+)?(?:love|adore)\s+(?:this|that|it)\b|\bnobody\s+touch(?:es)?\s+(?:it|this)\b|"
                    r"\bdon'?t\s+(?:anyone\s+)?touch\s+(?:it|this)\b", re.I)
"""A scene the film-maker wants kept as it is ("perfect, lock it", "love this one"): a tag, not a change."""
_FILE_ASK = re.compile(r"^(?:(?:can|could)\s+(?:you|i)\s+)?(?:please\s+)?(?:send|give|get|email|download|make|"
                       r"i\s+(?:need|want)|we\s+need)\s+(?:me\s+|us\s+)?(?:a|an|the)\s+\.?(?:fdx|fountain|otio|edl|"
                       r"fcpxml|xml|srt|csv|zip|pdf)\b", re.I)
_NEW_SCENE_ASK = re.compile(r"^\W*(?:(?:please|ok|so|now|and|can\s+you|could\s+you|let'?s)\s+)*(?:write|add|put|insert|"
                            r"draft|slip)\s+(?:in\s+)?(?:a|another|one\s+more)\s+(?:(?:new|short|quick|little|brief|extra|"
                            r"final|last)\s+)*scene\b", re.I)
_NEW_SCENE_SAID = re.compile(
    r"^\W*(?:(?:please|ok|okay|so|now|and|then|also)[,!]?\s+)*"
    r"(?:(?:i\s+(?:want|need|would\s+like)|i'?d\s+like|we\s+need|give\s+(?:me|us)|let'?s\s+have)\s+)?"
    r"(?P<kind>(?:(?:a|an|another|one\s+more)\s+)?(?:(?:new|short|quick|little|brief|extra|additional)\s+)*)"
    r"scene(?!\s*\d)(?!\s+(?:heading|list|count|numbers?|order|cards?|breakdown)\b)"
    r"(?P<rest>\s*(?:[:—–]|\s-\s)|\s+(?:(?:right|just|straight)\s+)?(?:before|after|following|between|where|"
    r"in\s+which|when|of|about|with|set|at|on|in)\b)(?P<tail>.*)$", re.I)
"""A new scene said as a noun phrase: "one more scene between both market ones where ...", "new scene: ...".

Said bare ("scene after the ferry where he waves"), it is new only when placed and then told what happens.
"""
_SCENE_WHAT = re.compile(r"\b(?:where|in\s+which|when|of|about)\b|[:—–]|\s-\s", re.I)
_SCENE_WHERE = re.compile(r"^\s*(?:(?:right|just|straight)\s+)?(?:before|after|following|between)\b", re.I)


def _asks_new_scene(clause: str) -> bool:
    """Tell whether a clause asks for a new scene by its shape, with or without a verb ("write", "add")."""
    if _NEW_SCENE_ASK.match(clause):
        return True
    said = _NEW_SCENE_SAID.match(clause)
    if said is None:
        return False
    if said.group("kind").strip():  # "new scene before the last one: ...", "an extra scene where ..."
        return True
    return bool(_SCENE_WHERE.match(said.group("rest")) and _SCENE_WHAT.search(said.group("tail")))


_BRANCHES = re.compile(r"^\W*(?:(?:ok|so|please|can\s+you|could\s+you|let'?s)\s+)*(?:branch|fork)\b"
                       r"(?!\s+(?:list|names?)\b)"
                       r"|\b(?:separate|alternative|alternate|parallel|experimental|spare)\s+(?:version|copy|draft|cut)\b"
                       r"[^.;?]*\b(?:call(?:ed)?|named|name\s+it|as)\s+[\"“']?[\w-]+", re.I)
"""A branch asked for by its verb first, or as a separate version with a name ("… of scene 4, call it kim-cut")."""
_DELIVERABLE = re.compile(
    r"^(?:(?:can|could|would)\s+(?:you|i|we)\s+)?(?:please\s+)?(?:just\s+)?(?:(?:download|export|package|bundle|zip|"
    r"print(?:\s+out)?|save(?:\s+out)?|send(?:\s+over)?|email)(?:\s+(?:me|us|up))*\s+|(?:have|get)\s+(?:me\s+)?"
    r"(?=a\s+copy))(?:a\s+(?:copy|file|version)\s+of\s+)?(?:the\s+|a\s+|an\s+|my\s+|our\s+)?"
    r"(?:whole\s+|entire\s+|final\s+)?(?:script|screenplay|project|everything|thing|lot|cut\s+list|shot\s*list|"
    r"storyboard|subtitles?|captions|breakdown)\b(?!\s+(?:for|of)\s+scene)"
    r"|\b(?:import|open|load|bring)\s+(?:it\s+|that\s+)?(?:in|into)\s+(?:avid|premiere|resolve|davinci|final\s+cut|fcp)",
    re.I)
"""A file asked for by what it holds ("download the script", "print out the screenplay", "package everything up")
or by where it goes ("something she can import into avid")."""
_CALL_IT = re.compile(r"^(?:and\s+)?(?:call|label|pitch|bill|sell)\s+(?:it|the\s+(?:film|movie|short)|this)\s+"
                      r"(?:as\s+)?(?:a|an)\s+[\w -]+$", re.I)
_MAKE_IT_A = re.compile(r"^(?:let'?s\s+)?(?:make|turn)\s+(?:it|the\s+(?:film|movie|short)|this)\s+(?:into\s+)?"
                        r"(?:a|an)\s+[\w -]+$", re.I)
_WE_ARE_A = re.compile(r"^(?:so\s+|ok\s+|basically\s+)?(?:we(?:'re|’re|\s+are)|it(?:'s|’s|\s+is)|this\s+is|"
                       r"(?:the|our)\s+(?:film|movie|short)\s+is)\s+(?:basically\s+|really\s+|mostly\s+|just\s+)?"
                       r"(?:a|an)\s+[\w -]+(?:,.*)?$", re.I)
"""What kind of film it is, said as a fact ("we're a comedy, a loud suburban farce kind of thing")."""
_A_CARD = re.compile(r"^(?:(?:add|put|give\s+(?:me|us))\s+)?(?:an?\s+)?(?:end|closing|final|opening|title|credits?|"
                     r"dedication)\s+(?:credits?\s+)?card\b", re.I)
_SHOOT_NOTE = re.compile(r"^(?:a\s+)?(?:shooting\s+|production\s+|crew\s+)?note\s+(?:for|to)\s+(?:the\s+)?"
                         r"(?:shoot|shooting|crew|production|camera\s+team)\b", re.I)
_ZIP_IT = re.compile(r"\bzip\s+(?:it\s+)?(?:up\s+)?(?:the\s+)?(?:whole\s+|entire\s+)?"
                     r"(?:project|film|lot|thing|everything)\b|\b(?:spreadsheet|excel)\b", re.I)
_MARKS = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|and|then|now|right|great)[,]?\s+)*(?:please\s+)?"
                    r"(?:(?:flag|mark|tag|label|star|pin)\b(?!\s+(?:out|down|up)\b)|(?:give|add|put|slap|stick)\s+(?:[\w'-]+\s+){0,4}?(?:the|a|an)\s+"
                    r"(?:tag|label)\b)", re.I)
"""A tag put on: "flag scene 4", "right, slap the tag 'nets' on it", "add a label to the ferry scene"."""


_PUT_A_THING = re.compile(r"^\W*(?:please\s+)?(?:put|stick|pop|place|set|leave)\s+(?:a|an|some|one|a\s+couple\s+of)\s+"
                          r"(?P<what>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3}?)(?:\s+(?:on|in|under|by|at|next\s+to|beside|"
                          r"behind|near|against)\s+(?!scene\b)(?:the|a|an|her|his|their|[a-z]+['’]s)\s+[^,;.!?]+?)?\s+"
                          r"(?:in|into|on|onto|aboard|of)\s+scene\s+\d{1,3}(?:\s+(?:too|as\s+well|please))?\W*$", re.I)
"""A new thing put in a scene, maybe somewhere in it: "put a dented kettle on the stove in scene 3"."""
_PUT_BY_A_THING = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|and|also|then|now|please)[,]?\s+)*(?:put|stick|pop|place|set|"
                             r"leave|lay|stand|prop)\s+(?:a|an|some|one)\s+(?P<what>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3}?)"
                             r"\s+(?:on|onto|under|by|at|next\s+to|beside|behind|near|against)\s+(?:the|her|his|their|[a-z]+['’]s)\s+"
                             r"(?P<where>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2})(?:\s+(?:too|as\s+well|please))?\W*$",
                             re.I)
"""A new thing put by something a scene shows, no scene said: "stand a tin mug by the wheel" (the wheel's scene)."""


def put_by_a_thing(clause: str) -> bool:
    """Tell whether a command puts a new thing by something in a scene without saying the scene."""
    put = _PUT_BY_A_THING.match(clause)
    return put is not None and not set(put.group("what").lower().split()) & NO_THING and not re.search(
        r"\b(?:scenes?|sc\s?\d+)\b", put.group("where"), re.I)


_SWITCHES = re.compile(r"^\W*(?:(?:ok|okay|right|so|now|and|hmm)[,.]?\s+)*(?:switch|hop|jump|check\s*out|open|reopen|"
                       r"return|take\s+me|put\s+me|(?:go|head)\s+back)\b[^.;]*?\b(?:[a-z0-9]+-[a-z0-9]+(?:-[a-z0-9]+)*|"
                       r"main(?:\s+line|\s+branch)?)\b", re.I)
"""A switch to a branch by its slug or to main ("switch to low-tide", "jump over to main")."""


_SWITCH_BY_NAME = re.compile(r"^\W*(?:(?:ok|okay|right|so|now|and|hmm|then)[,.]?\s+)*(?:(?:switch|hop|jump|check\s*out|"
                             r"open|reopen|return|go|head|move|take\s+me|put\s+me|get\s+me)\b(?:\s+(?:back|over|across|"
                             r"branches|branch))*|back)\s+(?:to|onto|into|on\s+to)?\s*(?:the\s+)?[\w.-]+(?:\s+branch)?\W*$",
                             re.I)
"""A switch said with a branch's own name, hyphenated or not ("go to sunset", "switch branches to b2")."""


def _named_shape(clause: str, turn: Turn) -> str | None:
    """Return the tool a tag, crew note or file request names; "" when the shape says no tool of its own.

    "flag scene 4 - needs more work" and "perfect, lock it" tag the scene (the need is the reason, not a
    rewrite to do now); "note for the shoot on the bridge: ..." is the crew's note; "could you email me an .srt" a file.
    """
    if re.search(rf"(?:->|→|=>)\s*(?:{TIMES})\W*$", clause, re.I):
        return "set_scene_heading"  # "ext pier night → dawn": its time of day, never a place renamed
    if (_SWITCHES.match(clause) or _SWITCH_BY_NAME.match(clause) and known_branch(clause, turn.context.branches)) and (
            not re.search(r"\b(?:scenes?|shots?|sc\.?\s*\d)\b", clause, re.I)):
        return "switch_branch"  # "switch to low-tide", "reopen wet-deck", "jump over to main", "go to sunset"
    put = _PUT_A_THING.match(clause)
    if put is not None and set(put.group("what").lower().split()) & NO_THING:
        put = None  # "put a pause in scene 3", "put a little more tension in it": no object to put there
    thing = THING_INTO_SCENE.match(clause) or put
    if thing and (not match_names(thing.group("what"), turn.context.all_names()) or match_places(
            thing.group("what"), turn.context.props)) and not names_a_person(thing.group("what")):
        return "put_prop_in_scene"  # "the kettle should be in scene 6 too": a thing put there, a prop if new
    scene_said = find_scene(clause) is not None or re.search(r"\b(?:scenes?|ones?|bit|part)\b", clause, re.I)
    if (_MARKS.match(clause) and not scene_said and unresolved_ref(clause, turn.context) is None
            and match_places(clause, turn.context.locations)):
        return "set_location_details"  # "tag the bus night-shoot": a place's tags; "the bus scene" is a scene
    if _MARKS.match(clause) or _KEEPS.search(clause):
        one_scene = (find_scene(clause) is not None or turn.context.target_scene is not None
                     or recent_scene(turn) is not None)
        quotes_a_line = re.search(r"[\"“'‘]\s*\w+(?:\W+\w+){3,}", clause) is not None  # a tag is a word or two
        return "tag_scene" if one_scene and not re.search(r"\b(?:lines?|shots?)\b", clause, re.I) and not (
            quotes_a_line) else ""
    if _CALL_IT.match(clause) or ((_MAKE_IT_A.match(clause) or _WE_ARE_A.match(clause)) and names_a_genre(clause)) or (
            says_genre_or_tone(clause)):
        return "set_genre_tone"  # "... and call it a wry comedy": what kind of film it is
    if dictated_beats(clause):
        return "write_outline"  # "the outline: 1. ... 2. ...": the film-maker's own beats, in their order
    if dictated_logline(clause):
        return "set_logline"  # "logline - a ferryman on his final crossing ...": their words
    if _BRANCHES.search(clause):
        return "create_branch"  # "fork the final pair as wet-ending, i want it darker": a branch
    if _SHOOT_NOTE.match(clause):
        return "add_shooting_note"
    if joins_the_cast(clause):
        return "add_character"  # "we need mrs quill in the cast": whatever the name sounds like
    if _A_CARD.match(clause):
        return "add_card"
    if _FILE_ASK.search(clause) or _ZIP_IT.search(clause) or _DELIVERABLE.search(clause):
        return "export_project"
    return None


def _only_a_place(words: str, places: Sequence[str]) -> bool:
    """Tell whether words say nothing but a place's name ("the night bus", "bus"), not something of it."""
    said = [w for w in re.findall(r"[a-z']+", words.lower()) if w not in ("the", "a", "an", "our", "this", "that")]
    named = {w for p in places for w in p.lower().split()}
    return bool(said) and all(w in named for w in said)


def _cast_step(clause: str, characters: tuple[str, ...]) -> str | None:
    """Return the tool for someone taken off the cast list or renamed, by the command's shape, else None."""
    gone = _OUT_OF_THE_FILM.match(clause)
    if gone and len(match_names(gone.group("who"), characters)) == 1:
        return "delete_character"  # "axe tomas from the script": the character goes, not a scene
    renamed = _RENAMING.search(clause)
    who = next((g for g in renamed.groups() if g), "") if renamed else ""
    if renamed and (match_names(who, characters) or (  # "we cast ida! her name's going to be edie"
            who.lower() in ("his", "her", "their", "him", "them") and len(match_names(clause, characters)) == 1)):
        return "rename_character"  # "change ida's name to irene", "ruben is called reuben now"
    return None


_DESCRIPTION_REPLACED = re.compile(r"\b(?:change|set|replace|swap|rewrite|update)\s+(?:[\w'’]+['’]s|his|her|their)\s+"
                                   r"description\s*(?:to|with|as|into|:|=)", re.I)
"""Someone's description replaced outright ("set ida's description to …")."""


def _said_outright(clause: str, act: str, turn: Turn) -> str | None:
    """Return the tool a clause names in so many words: one shot's camera or length, someone's description set."""
    spelled = spelled_tool(clause)  # shots.py: one shot's camera or length, spelled out
    if spelled is not None:
        return spelled
    if act == "command" and _DESCRIPTION_REPLACED.search(clause) and match_names(clause, turn.context.characters):
        return "revise_character"  # "set ida's description to …": hers, said outright
    return None


def structural(clause: str, act: str, turn: Turn) -> str | None:
    """Return the tool a command's shape names outright, whatever its words resemble.

    "in scene 6 have Ida smile at the end" asks for a rewrite with an action line: a scene is named and
    a character is told to do something.
    """
    outright = _said_outright(clause, act, turn)
    if outright is not None:
        return outright
    if act != "command":
        return None
    # "a new scene where Ida smiles", "scene after the ferry where he waves" (placed, then told what happens) are
    # new scenes; "put a new scene in after 3: ruben refuels" is whoever it names
    if has_cue("write_scene", clause) or _asks_new_scene(clause):
        return "write_scene" if _asks_new_scene(clause) else None
    named = _named_shape(clause, turn)
    if named is not None:
        return named or None
    if SHEET.search(clause) and not re.search(r"\bshots?\b|\bexport|\bpdf\b|\bcsv\b|\bdownload|\bspreadsheet|\bexcel\b|"
                                              r"\bxlsx?\b", clause, re.I):
        return "project_overview"  # "breakdown for scene 3" reads the breakdown sheet; it breaks nothing down
    made = _MADE_A_THING.search(clause)
    if made and not re.search(r"\b(?:reference|headshot|image|picture|still|photo of)\b", clause, re.I):
        kind = (made.group(1) or made.group(2)).lower()  # "new location: a boathouse", "X - make it a prop"
        return "add_prop" if kind in ("prop", "object", "item") else "add_location"
    place = re.search(r"\b(?:rename|call)\s+(?P<old>.+?)\s+(?:to|as|->|→|=>|(?=[\"“'‘])|(?-i:(?=[A-Z]{2,}\b)))\s*\S|"
                      r"^\W*(?P<old3>[\w' -]+?)\s+(?:->|→|=>)\s*\S|"
                      r"\b(?P<old2>.+?)\s+(?:should\s+be|is\s+now|will\s+be|is|gets)\s+(?:now\s+)?"
                      r"(?:called|named|known\s+as)\b",
                      clause, re.I)
    old = place and (place.group("old") or place.group("old2") or place.group("old3"))
    arrowed = place is not None and place.group("old3") is not None
    if old and match_places(old, turn.context.locations) and not match_names(old, turn.context.characters) and not (
            arrowed and not _only_a_place(old, turn.context.locations)):
        return "rename_location"  # "rename the office to the depot"; "ferry man voice → hoarse" renames no ferry
    cast_step = _cast_step(clause, turn.context.characters)
    if cast_step is not None:
        return cast_step
    newcomer = explicit_name(clause)
    if (newcomer and _NEWCOMER.search(clause) and not match_names(newcomer, turn.context.all_names())
            and not re.search(r"\b(?:prop|location|place|set|object|item|scene|shot|branch|logline|music|score|"
                              r"soundtrack|song)\b|(?:'s|’s)\s+(?:character\s+)?(?:description|notes?|profile|bio)\b",
                              clause, re.I)):  # "add to tuesday's description": someone known, or no one
        return "add_character"  # "could we add marguerite? she's ida's older sister"
    ref = unresolved_ref(clause, turn.context)
    implied = turn.context.implied
    quoted_there = implied is not None and implied.status == "resolved" and implied.quoted
    scene = find_scene(clause) is not None or bool(turn.context.target_scene) or (ref is not None and ref.status ==
                                                                                  "ambiguous") or quoted_there
    # asks which when ambiguous; words quoted from one scene name it ("change 'Not yet.' to 'Now.'")
    opens = _OPEN_ON.search(clause)
    if _ends_itself(clause) or (opens and _ends_a_scene_on_a_moment(clause, opens)):
        return "rewrite_scene"  # "the last scene: end on the bell": how that scene ends, not where it goes
    if opens and (scene or any(r.status == "resolved" for r in turn.context.refs)):
        return "move_scene"  # "open on the bridge", "end with the bus": where a scene goes, not what it says
    taken = _taken_out(clause, turn)
    if (taken is not None and taken[2] is not False) or (scene and (
            removed_line(clause) or removed_moment(clause) or refused_moment(clause)
            or removed_character(clause, turn.context.characters) or _words_changed(clause, turn))):
        return "rewrite_scene"  # "lose the tuba from scene 1": the tuba goes, the scene stays (the writer checks)
    if _ONE_SHOT.search(clause):  # "trim the wide shot to two seconds": a shot's length, not a shorter scene
        return "set_shot_duration" if find_duration(clause) is not None else None
    glance = _glance(clause)
    if not scene or _vetoed(glance, clause, turn):  # "share a look" is a stage direction, not the film's look
        return None
    return _rewrite_shape(clause, glance, turn)


_SCENE_LABEL = re.compile(rf"^{_SCENE_LEAD}\s*[:,—–-]\s*(?P<rest>.+)$", re.I)


def _rewrite_shape(clause: str, glance: str, turn: Turn) -> str | None:
    """Return "rewrite_scene" when a command on a scene tells how it should read, else None."""
    if stage_direction(clause, turn.context.characters) is not None or find_tones(clause) or _FEEL.search(clause):
        return "rewrite_scene"  # "scene 2: more menace", "the kiosk scene, lighter", "make it feel earned"
    comparative = _MAKE_IT_MORE.search(clause)
    if comparative and is_comparative(comparative.group("w")):
        return "rewrite_scene"  # "make scene 2 grimier": a direction the tone words don't list
    if _REWRITE_VERB.search(clause) and find_scene(clause) is not None:
        return "rewrite_scene"  # "redo scene 4 with the radio playing": the verb says rewrite, whatever follows
    named = find_scene(clause) is not None or _names_a_scene(clause, turn.context)
    label = _SCENE_LABEL.match(clause)
    if label and named and (re.search(r"\b(?:more|less)\b", label.group("rest"), re.I) or any(
            is_comparative(w) for w in re.findall(r"\b[a-z]+er\b", label.group("rest").lower()))):
        return "rewrite_scene"  # "scene 2: have the wind blow harder": how the scene named first should read
    needs = re.search(r"\b(?:needs|could\s+use|could\s+do\s+with|is\s+missing|lacks)\s+(?!to\b)", glance)
    if named and needs and [w for w in re.findall(r"[a-z']+", glance[needs.end():].lower()) if w not in _NO_CONTENT]:
        return "rewrite_scene"  # "the dawn scene needs gulls": something the scene should have, written in
    degree = _DEGREE.search(glance)
    if degree and (degree.group("more") or not degree.group("w") or is_comparative(degree.group("w"))) and named:
        return "rewrite_scene"  # "the dinner at the diner needs to land softer": a moment, told how much more
    return None


def _names_a_scene(clause: str, context: ProjectContext) -> bool:
    """Tell whether the clause itself describes a scene the graph found (one, or a few to choose from)."""
    low = clause.lower()
    return any(r.phrase.lower() in low and r.status in ("resolved", "ambiguous") for r in context.refs)


def _vetoed(glance: str, clause: str, turn: Turn) -> bool:
    """Tell whether a word of another tool's ("tag", "shot") says this is no rewrite; not a word of an action."""
    veto = _NOT_A_REWRITE.search(glance)
    if veto is None:
        return False
    action = stage_direction(clause, turn.context.characters)  # "ida hums when she finds the tag": a thing, no tag
    said = " ".join((action.line, action.after, action.before, action.replaces)).lower() if action else ""
    return action is None or veto.group(0).lower() not in said


def _glance(clause: str) -> str:
    """Return the clause without glances ("share a look", "looks away"): they are stage directions, not the look."""
    return re.sub(r"\b(?:a|one)\s+(?:long\s+|quick\s+)?look\b|"
                  r"\blooks?\s+(?:at|up|down|away|back|along|across|around|round|"
                  r"over|through|out|for)\b", "", unquoted(clause))  # a line's words ("why bother?") veto nothing


def _words_changed(clause: str, turn: Turn) -> bool:
    """Tell whether a command changes words its scene says ("change 14:05 to 09:30 in scene 2").

    A supervisor does not hold the scene's text: it routes on the words alone, and the writer checks them.
    """
    number = find_scene(clause)
    held = turn.context.scene(number) if number is not None else None
    if held is None or not held.content:
        swap = replaced_words(clause)
        return swap is not None and not match_names(swap.old, turn.context.characters)
    return swapped_words(clause, turn.context, number) is not None


def _taken_out(clause: str, turn: Turn) -> tuple[int, str, bool | None] | None:
    """Return the scene, the thing a request takes out of it, and whether its text mentions the thing.

    The last is None when this director does not hold the scene's text (a supervisor routes; the writer checks).
    """
    number, thing = find_scene(clause), removed_thing(clause)
    if number is None or not thing:
        return None
    held = turn.context.scene(number)
    return number, thing, mentions(held.content, thing) if held is not None and held.content else None


_SOMEONES_LINES = re.compile(r"\b(?P<who>[A-Za-z][\w-]*)(?:'s|’s)\s+(?:lines?|dialogue|speech(?:es)?|words|talking)\b",
                             re.I)
_WORKED_ON = re.compile(r"\b(?:trim|cut|shorten|tighten|lose|rewrite|re-?work|punch\s+up|polish|sharpen|soften|pare|"
                        r"reduce|halve|edit|fix|improve)\b", re.I)


def _silent_speaker(clause: str, turn: Turn, number: int | None) -> str | None:
    """Say so when a request works on someone's lines in a scene where they say nothing ("trim her lines there")."""
    said = _SOMEONES_LINES.search(clause)
    if said is None or number is None or not _WORKED_ON.search(clause):
        return None
    who = match_names(said.group("who"), turn.context.characters)
    held = turn.context.scene(number)
    if len(who) != 1 or held is None or not held.content:
        return None
    cue = re.compile(rf"^\s*@?{re.escape(who[0])}\s*(?:\([^)]*\)\s*)*\^?\s*\n\s*\S", re.I | re.M)
    if cue.search(held.content):
        return None
    return (f"{who[0]} has no lines in scene {number}, so there is nothing of theirs to change there. "
            "Which scene did you mean?")


def not_in_scene(clause: str, turn: Turn) -> str | None:
    """Say so when a request takes out of a scene something the scene never mentions (nothing is written)."""
    target = turn.context.target_scene  # the scene the words named ("the bus") when they give no number
    number = find_scene(clause) or (target.number if target is not None else None)
    silent = _silent_speaker(clause, turn, number)
    if silent is not None:
        return silent
    line = removed_line(clause, turn.context.characters)
    held = turn.context.scene(number) if line is not None and number is not None else None
    if line is not None and held is not None and held.content and scene_without_line(
            held.content, line.words, line.speaker, line.which) is None:
        by = f" by {line.speaker}" if line.speaker else ""
        return f"Scene {number} has no line{by} {line.label} to cut. Which line did you mean?"
    refused = refused_moment(clause) if stage_direction(clause, turn.context.characters) is None else None
    moment = removed_moment(clause) or refused  # "ruben shouldn't flick it", said of a moment the scene must have
    held = turn.context.scene(number) if moment is not None and number is not None else None
    if moment is not None and held is not None and held.content and scene_without_moment(held.content, moment) is None:
        return f"I can't find the moment where {moment} in scene {number}. Which moment did you mean?"
    swap = replaced_words(clause)
    held = turn.context.scene(number) if swap is not None and number is not None else None
    if (swap is not None and held is not None and held.content and not match_names(swap.old, turn.context.characters)
            and scene_with_words(held.content, swap.old, swap.new) is None):
        return f"Scene {number} doesn't say “{swap.old}”, so there is nothing to change. Which scene did you mean?"
    carried = taken_thing(clause, turn.context)
    if carried is not None and not carried[2]:  # "take the thermos from scene 3 and put it in scene 6": 3 has none
        return (f"Scene {carried[1]} has no {carried[0]} to take, so nothing was put anywhere. Which scene did you "
                f"mean, or shall I just add one?")
    who = removed_character(clause, turn.context.characters)
    held = turn.context.scene(number) if who is not None and number is not None else None
    if who is not None and held is not None and held.content and scene_without_character(held.content, who) is None:
        return f"{who.upper()} isn't in scene {number}, so there is nothing to take out. Which scene did you mean?"
    taken = _taken_out(clause, turn)
    if taken is None or taken[2] is not False:
        return None
    number, thing, _ = taken
    return f"Scene {number} doesn't mention a {thing}, so there is nothing to take out. Which scene did you mean?"


_REWRITE_VERB = re.compile(r"\b(?:re-?write|redo|re-?work|redraft|punch\s+up|polish)\b", re.I)
_DIRECTIVE = re.compile(
    r"\b(?:needs?|should|could\s+(?:be|use|do\s+with|have)|can\s+(?:it|we|you|this)\s+(?:be|have|get|feel)|"
    r"i\s+want|i'?d\s+like|wants?|more|less|crank|add|show\s+(?:it|that|how)|lands?|feels?)\b", re.I)


def free_direction(clause: str, act: str, turn: Turn) -> bool:
    """Tell whether a command is a note on one named scene that no other change fits.

    "in scene 3 I want the kettle to whistle": a scene is named, and the words ask for it to be
    different. Only a rewrite can carry that; it is the last resort, after every tool's own words.
    """
    if act != "command" or has_cue("write_scene", clause) or (
            find_scene(clause) is None and not _names_a_scene(clause, turn.context)):
        return False  # a scene named, by number or by what is in it ("the dawn scene needs gulls")
    glance = _glance(clause)
    said = [w for w in re.findall(r"[a-z']+", _DIRECTIVE.sub(" ", clause.lower())) if w not in _NO_CONTENT]
    # "scene 5 should be more" names no change: there must be something to change it with.
    happens = stage_direction(clause, turn.context.characters) is not None  # "in scene 2, a gull lands on the rail"
    vetoed = _NOT_A_REWRITE.search(glance) is not None and not (happens and heard(clause))  # a sound heard is a line
    return (bool(_DIRECTIVE.search(clause)) or happens) and bool(said) and not vetoed


_NO_CONTENT = frozenset("""
    scene sc in on at of the a an it its this that be is are should could would can will to we you i me my our
    more less much bit lot little something anything stuff thing things better worse good bad different else
    really very just so too some please pls now here there with for and or but work done
""".split())
