"""Read-only question shapes: which scene, how the film ends, who is in a scene, what a thing looks like."""

from __future__ import annotations

import re

from agent.llm.offline.context import ProjectContext
from agent.llm.offline.guard import unresolved_ref
from agent.llm.offline.names import match_names
from agent.llm.offline.numbers import find_scene
from agent.llm.offline.speech import SENTENCE_BREAK
from agent.resolver import SceneInfo, match_places, present_in
from agent.roles import relation_said, relative_in_cast
from agent.tools.said import SETTING_ASKED  # one pattern: the question, and the answer's reading of it

__all__ = [
    "ABOUT",
    "ENDS",
    "EXTREME",
    "FACT_WHERE",
    "FIRST_SEEN",
    "IS_IN",
    "NOT_A_THING",
    "SETTING",
    "SHEET",
    "STORY_PAST",
    "TOGETHER",
    "WHETHER_ASKED",
    "WHICH_SCENE",
    "fact_detail",
    "overview_asked",
    "presence",
    "relative_asked",
    "scenes_asked",
    "scenes_of",
    "thing_asked",
]

ABOUT = re.compile(r"\b(?:what|how)\s+(?:does\s+|do\s+|did\s+)?(?:the\s+|a\s+)?([\w' -]+?)\s+(?:looks?|looked)\s+like|"
                   r"\b(?:picture|image|photo|drawing|headshot)\s+of\s+(?:the\s+|a\s+)?([\w'-]+(?:\s+[\w'-]+)?)\s*\??$|"
                   r"\btell me (?:more )?about\s+(?:the\s+)?([\w'-]+(?:\s+[\w'-]+)?)\s*\??$|"
                   r"^who(?:'s| is)\s+([\w'-]+)\s*\??$|"
                   r"^what does\s+([\w'-]+)\s+do(?:\s+(?:again|exactly|for\s+a\s+living|here|in\s+it|"
                   r"in\s+the\s+(?:film|story)))?\W*$",
                   re.I)  # "what does Ida do with the key?" asks for an action written in the scenes
NOT_A_THING = frozenset("it this that everything the film the movie the story this film everyone".split())

_DESCRIBED = re.compile(r"^\W*(?:(?:can|could|would)\s+you\s+|please\s+)?(?:describe|tell\s+me\s+(?:more\s+)?about)\s+"
                        r"(?:the\s+|a\s+)?(?P<a>[\w'’-]+(?:\s+[\w'’-]+){0,3})\s*(?:for\s+me\s*|please\s*)?\W*$|"
                        r"^\W*how\s+(?:does|do|did)\s+(?:the\s+)?(?P<b>[\w'’-]+(?:\s+[\w'’-]+){0,2})\s+look"
                        r"(?:\s+(?:now|again|exactly|on\s+screen|in\s+(?:the\s+)?(?:film|script)))?\W*$|"
                        r"^\W*what(?:'s|’s|\s+is|\s+was)\s+(?:the\s+)?(?P<c>[\w'’-]+(?:\s+[\w'’-]+){0,2})\s+like\W*$",
                        re.I)
"""Asking after one thing by name: "describe the office", "how does juno look", "what's the bus like?"."""


_THERE_A_THING = re.compile(r"^\W*(?:so\s+)?(?:is|are)\s+there\s+(?:a|an|any|some)\s+"
                            r"(?P<thing>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?)"
                            r"(?:\s+(?:in|anywhere\s+in)\s+(?:the|this|our)\s+(?:film|movie|story|script|screenplay)|"
                            r"\s+anywhere|\s+at\s+all)?\W*$", re.I)
"""Whether the film has a thing at all ("is there a dog in the film?"): that thing, known or only mentioned, or not."""
_NOT_A_THERE_THING = frozenset("scene scenes shot shots version branch problem issue way chance reason logline outline "
                               "title budget limit".split())


def thing_asked(clause: str, context: ProjectContext) -> str | None:
    """Return the character, place or prop a question asks after by name ("describe the office"), else None.

    Only a known name counts here: "describe the look" or "what's the ending like?" ask about something else.
    """
    there = _THERE_A_THING.match(clause.strip())
    if there is not None and there.group("thing").split()[-1].lower() not in _NOT_A_THERE_THING:
        return there.group("thing")  # the answer says whether it is one of the film's, only mentioned, or not there
    asked = _DESCRIBED.match(clause.strip())
    if asked is None:
        return None
    thing = next(g for g in asked.groups() if g)
    names = context.all_names()
    known = match_names(thing, names) or [n for n, said in match_places(thing, names) if said.lower() == thing.lower()]
    return known[0] if len(known) == 1 else None
WHICH_SCENE = re.compile(r"^(?:so\s+)?(?:in\s+)?(?:which|what)\s+scenes?\s+(?:is|are|has|have|does|do|did|was|were)?"
                         r"\s*|^(?:where|when)\s+(?:does|do|did|is|are|was|were)\s+|"
                         r"^(?:so\s+)?(?:(?:are|is)\s+there|do\s+we\s+have|have\s+we\s+got)?\s*(?:any|a)\s+scenes?\s+"
                         r"(?:that\s+(?:is|are|has|have)\s+|which\s+(?:is|are)\s+)?", re.I)
ENDS = re.compile(r"\bhow\s+(?:does\s+)?(?:it|the\s+(?:film|story|movie|script))\s+"
                  r"(?:(?P<start>start|begin|open)s?|ends?)\b|"
                  r"\bwhat\s+happens\s+at\s+the\s+(?:(?P<start2>start|beginning)|end)\b", re.I)
FIRST_SEEN = re.compile(r"\bfirst\s+(?:appears?|shows?\s+up|see|meet|turns?\s+up)|\bintroduced\b|"
                        r"\b(?:where|when)\s+do\s+we\s+(?:first\s+)?(?:meet|see)\b", re.I)
SETTING = re.compile(r"\bwhere\s+(?:does|do|is)\s+(?:it|the\s+(?:film|story|movie))\s+(?:take\s+place|set)\b|"
                     r"\bwhere\s+is\s+(?:it|the\s+(?:film|story|movie))\s+set\b|\bwhat\s+(?:are\s+)?the\s+locations\b|"
                     r"\bwhere\s+(?:do|will|are|shall)\s+we\s+(?:shoot|film|be\s+(?:shooting|filming))(?:ing)?\b\s*\??$|"
                     r"\b(?:which|what)\s+(?:places|locations|settings|sets)\s+(?:does|do|will|are|is)\b|"
                     r"\b(?:what|which)\s+(?:are\s+)?(?:all\s+)?the\s+(?:settings|sets|places)\b|"
                     r"\b(?:shooting|filming)\s+locations\b", re.I)
"""Asking where the film happens or is shot ("where do we shoot?", "what are all the settings?"): the locations."""
EXTREME = re.compile(r"\b(?:longest|shortest)\b", re.I)
TOGETHER = re.compile(r"\b(?:meet|meets|met|see|sees|talk|talks|speak|speaks|together|share|same scene|scenes? with|"
                      r"cross paths|run into|bump into)\b", re.I)
SHEET = re.compile(r"\bbreakdown(?:\s+sheets?)?\s+(?:for|of|on)\b|\bbreakdown\s+sheets?\b|^(?:the\s+)?breakdown\b",
                   re.I)
IS_IN = re.compile(r"^(?:so\s+)?(?:is|does|do|was|are)\s+(?P<who>[A-Za-z][\w'-]*)\s+(?:even\s+|ever\s+|also\s+)?"
                   r"(?:appear\s+|turn\s+up\s+|show\s+up\s+|feature\s+)?(?:in|on|at)\b", re.I)


def presence(clause: str, context: ProjectContext) -> str | None:
    """Answer "is Ida in either of scenes 2 and 5?" from the scenes' text (None when they are not all at hand).

    The question may be one sentence of several ("Quick check. Is Ida in scene 4? If not, ...").
    """
    clause = next((x for x in SENTENCE_BREAK.split(clause.strip()) if IS_IN.match(x)), clause.strip())
    asked = IS_IN.match(clause)
    who = match_names(asked.group("who"), context.characters) if asked else []
    numbers = [int(n) for n in re.findall(r"\b(\d{1,3})\b", clause[asked.end():])] if asked else []
    ref = unresolved_ref(clause, context) if asked and not numbers else None
    if ref is not None and ref.status == "ambiguous":  # "either of the harbour scenes": every scene it may mean
        numbers = sorted(ref.option_numbers)
    scenes = [context.scene(n) for n in numbers]
    if not who or not numbers or any(sc is None or not sc.content for sc in scenes):
        return None
    name = who[0].upper()
    inside = [n for n, sc in zip(numbers, scenes, strict=True)
              if sc is not None and present_in(name, SceneInfo(n, sc.heading, sc.content or ""))]
    if not inside:
        talked = [n for n, sc in zip(numbers, scenes, strict=True)
                  if sc is not None and re.search(rf"\b{re.escape(name)}\b", sc.content or "", re.I)]
        if len(numbers) == 1:  # "Who's Ida?" said on the bus does not put her on the bus
            return f"No: {name} is not in scene {numbers[0]}" + (" (only talked about)." if talked else ".")
        if len(numbers) == 2:
            return f"No: {name} is in neither scene {numbers[0]} nor scene {numbers[1]}."
        return f"No: {name} is in none of scenes {', '.join(str(n) for n in numbers)}."
    return f"Yes: {name} is in scene{'s' if len(inside) > 1 else ''} {' and '.join(str(n) for n in inside)}."


_SEEN = re.compile(r"^(?:so\s+)?(?:is|was|does|do|did|will|are|have|has)\b.*\b(?:appears?|seen|see|meet|show\s+up|"
                   r"turn\s+up|on\s+screen|on\s+camera|in\s+(?:the\s+)?(?:film|movie|script|story|any\s+scenes?))\b",
                   re.I)
"""A yes/no question about whether someone is ever in the film ("does X's brother ever show up?")."""


def relative_asked(clause: str, context: ProjectContext) -> str | None:
    """Return whom "is juno's mum ever seen?" asks about: the cast member who is her, else "JUNO'S MUM" as said."""
    relation = relation_said(clause, context.characters) if _SEEN.search(clause) else None
    if relation is None:
        return None
    return relative_in_cast(*relation, context.character_descriptions.items()) or (
        f"{relation[0]}'s {relation[1]}".upper())


_WHEN_FIRST = r"^(?:so\s+|(?:by|at|in|towards?)\s+the\s+(?:very\s+)?(?:end|start|beginning|close)\s*,?\s*)?"
FACT_WHERE = re.compile(_WHEN_FIRST + r"where\s+(?:does|do|did)\s+(?:\w+\s+){1,2}?(?:put|keep|keeps|hide|hides|leave|"
                        r"leaves|hang|hangs|store|stores|tuck|tucks|sit|sits|stand|stands|find|finds|discover|"
                        r"discovers|spot|spots|drop|drops|turn\s+up|turns\s+up|dig\s+up|digs\s+up)\b|"
                        + _WHEN_FIRST + r"where\s+(?:is|was|are|were)\s+(?:\w+\s+){1,2}?(?:sitting|sat|standing|"
                        r"stood|waiting|hiding|sleeping|living|kept|hidden|left|put|stored|hung|going|heading|headed|"
                        r"keeping|holding|carrying|storing|stashing)\b",
                        re.I)
"""Where someone puts or keeps a thing asks for a place written in the action, not for a scene."""
_BUSY = r"(?!(?:going|working|loading|running|rendering|exporting|saving|generating|coming)\b)"
"""What the app is doing ("is it rendering?"): no question about the story."""
_WHETHER = (rf"(?:is|was)\s+it\s+{_BUSY}[a-z]+ing|(?:does|do|did)\s+(?:anybody|anyone|somebody|someone|any\s+one)\s+"
            r"(?!know\b|think\b|mind\b)[a-z]+")
"""Whether something happens in the story at all ("is it snowing on the pier?", "does anyone sing?")."""
_FACT = re.compile(r"^(?:so\s+|and\s+|remind\s+me\s+|tell\s+me\s+)?(?:(?:in|on|at|from|for)\s+which|what(?:'?s)?|"
                   r"where|when|which|whose|why|"
                   r"how\s+(?:many|much|long|old)|"
                   r"who(?:'s|’s|\s+is|\s+was)?\s+(?!(?:is|was|has\s+been|in|on)\b)[a-z]+(?:s|ing|ed)\b(?!['’])|"
                   rf"{_WHETHER})\b", re.I)
"""A question about the story's world; "who fixes the boiler?" asks what someone does, "who is in it?" does not;
"is it snowing on the pier?" and "does anyone sing?" ask whether the text says so."""
STORY_PAST = re.compile(r"^\W*(?:so\s+|and\s+)?when\s+(?:did|had)\s+(?:she|he|they|[a-z]+)\s+(?:first\s+)?"
                        r"(?:lose|lost|buy|bought|start|started|begin|began|meet|met|move|moved|work|worked|marry|married|"
                        r"die|died|retire|retired)\b", re.I)
"""When something happened before the film ("when did she lose the lamp?"): a time the text gives, not a scene."""
WHETHER_ASKED = re.compile(rf"^\W*(?:so\s+|and\s+)?(?:{_WHETHER})\b", re.I)
_ABOUT_US = re.compile(r"\b(?:i|we|you|me|us|my|our|your|next|project|logline|outline|budget|cost|spent|"
                       r"spend|runtime|branch(?:es)?|changed?|undo|style|palette|shots?|scenes?|exports?|versions?|"
                       r"drafts?|characters?|cast|people|locations?|props?|different|difference|original|compare|"
                       r"stale|tags?|costumes?|wardrobe|stills?|images?|pictures?|voices?|music|timeline|genre|tone|"
                       r"beats?|acts?|pages?|words?|lines?|dialogue|title|credits?)\b", re.I)
_WHERE_SET = re.compile(r"\b(?:happen|happens|set|take\s+place|takes\s+place|located|occur|occurs)\W*$", re.I)
_THE_WORK = re.compile(r"\b(?:in|of|from)\s+the\s+(?:film|movie|script|screenplay|story)\b|\bscene\s+\d+\b|"
                       r"\b(?:in|of|from)\s+the\s+(?:very\s+)?(?:first|last|final|opening|closing)\s+scene\b", re.I)
_WORDLESS = frozenset("what where when which whose why how many much long old the a an of in on at to and or is are "
                      "was were it its does do did has have had been be there that this she he her his they them "
                      "their so remind tell me deal like about role part job look looks character person anything "
                      "film movie story".split())
TITLE = re.compile(r"\bwhat(?:'s|’s|\s+is|\s+was)?\s+(?:the|this|our|my)\s+(?:film|movie|short|project|script)\s+"
                   r"(?:is\s+|was\s+|'s\s+)?(?:called|named|titled)\b|"
                   r"\b(?:what(?:'s|’s|\s+is)|remind\s+me\s+(?:of\s+)?)\s*(?:the|its|our)\s+(?:title|working\s+title)\b|"
                   r"\bwhat\s+(?:are|did|do)\s+we\s+call(?:ing|ed)?\s+(?:it|the\s+film)\b", re.I)
"""A question about the film's title (the overview starts with it)."""
BRANCH_ASKED = re.compile(r"\b(?:which|what)\s+(?:version|branch|draft|copy)\s+(?:of\s+(?:the|this|our|my)\s+"
                          r"(?:script|screenplay|film|movie|project|story)\s+)?(?:am\s+i|are\s+we|is\s+this|i'?m|"
                          r"we'?re)\b|^(?:so\s+)?(?:am\s+i|are\s+we)\s+(?:still\s+)?(?:on|in|using|working\s+(?:on|in))"
                          r"\s+(?:the\s+)?main\b|^(?:so\s+)?is\s+this\s+(?:still\s+)?the\s+main\s+(?:version|branch|draft|"
                          r"one|script)\b", re.I)
"""Which version of the whole script the film-maker is working in is the branch they are on."""
MUSIC_ASKED = re.compile(r"\b(?:is|are)\s+there\s+(?:any\s+|some\s+)?(?:music|score|soundtrack)\b|"
                         r"\b(?:do|did|does|have|has)\s+(?:we|you|i|it|the\s+film)\s+(?:got\s+|have\s+|added\s+|"
                         r"put\s+in\s+)?(?:any\s+|some\s+|a\s+)?(?:music|score|soundtrack)\b|"
                         r"\bwhat(?:'s|’s|\s+is)?\s+(?:the\s+)?(?:music|score|soundtrack)\b", re.I)
"""Whether the film has music yet is read from its music track, not from the screenplay."""
TIMELINE_ASKED = re.compile(r"\bwhat(?:'s|’s|s|\s+is)\s+(?:on|in)\s+(?:the|our)\s+(?:timeline|cut|edit)\b|"
                            r"\b(?:is|has)\s+(?:the\s+)?(?:cut|timeline|edit|film)\s+(?:been\s+)?(?:assembled|"
                            r"put\s+together|cut\s+together)\b|\bhow\s+(?:long|full)\s+is\s+the\s+timeline\b", re.I)
"""What is on the cut is read from the timeline, not from the screenplay."""
SHOTS_ASKED = re.compile(r"\b(?:any|how\s+many|got\s+(?:any\s+)?)\s*shots\b(?![^?]*\b(?:in|of|for)\s+(?:scene|the)\b)",
                         re.I)
"""Whether there are shots at all ("are there any shots?"): the overview counts them, film-wide."""
WHEN_SET = re.compile(r"\bwhat\s+time(?:\s+of\s+day)?\s+(?:is|was|does|do)\b.*\b(?:set|happen|happens|take\s+place|"
                      r"takes\s+place|play|plays)\b|^(?:so\s+)?when\s+is\s+(?:scene|sc\.?)\s*\d+\s+set\b|"
                      r"^(?:so\s+)?(?:where|when)\s+and\s+(?:where|when)\s+(?:is|does)\s+(?:scene|sc\.?)\s*\d+\s+"
                      r"(?:set|happen|take\s+place)\b|"
                      r"^(?:so\s+)?(?:is|does)\s+(?:scene|sc\.?)\s*\d+\s+(?:set\s+|happen\s+|take\s+place\s+)?"
                      r"(?:at\s+night|by\s+day|during\s+the\s+day|in\s+the\s+day(?:time)?|at\s+dawn|at\s+dusk|"
                      r"inside|outside|indoors|outdoors|an?\s+(?:night|day|dawn|dusk|interior|exterior)(?:\s+scene)?)"
                      r"\W*$", re.I)
"""When or where one scene is set is written in its heading."""
VOICE_ASKED = re.compile(r"\bwhat\s+(?:does|do|will)\s+(?P<who>[\w'-]+)\s+sound\s+like\b|"
                         r"\bwhat(?:'s|’s|\s+is)\s+(?P<whose>[\w'-]+?)(?:'s|’s)\s+voice\b|"
                         r"\b(?:has|have|does|do)\s+(?:\w+\s+){1,2}(?:got\s+|have\s+)?(?:a\s+)?voices?\s+(?:yet|set)\b",
                         re.I)
"""How someone sounds is their voice profile, not a line they say."""
VERSIONS_ASKED = re.compile(r"\bhow\s+many\s+(?:versions|drafts|rewrites)\b|\b(?:what|which)\s+(?:version|draft)\b|"
                            r"\bversion\s+(?:are\s+we|is\s+(?:it|scene\s+\d+))\s+on\b|"
                            r"\b(?:still\s+)?(?:on|in|at)\s+(?:its|the|their|her|his)\s+(?:first|original|1st)\s+"
                            r"(?:version|draft|pass)\b|\b(?:has|have|was|is)\s+(?:any(?:one|body)\s+|someone\s+|it\s+|"
                            r"scene\s+\d+\s+)?(?:ever\s+|already\s+|yet\s+)?(?:been\s+)?re-?(?:written|worked|drafted|done)\b",
                            re.I)
"""Which version a scene is on, or how many it has: its version number, not a diff."""


_EDGE_SPEAKER = re.compile(r"\bwho(?:'s|’s|\s+is|\s+was)?\s+(?:the\s+)?(?P<e1>last|first|final|opening|closing)\s+"
                           r"(?:(?:person|one|character)\s+)?(?:to\s+)?(?:speak|talk|say\s+(?:anything|something))\b|"
                           r"\bwho\s+(?:speaks|talks)\s+(?P<e2>last|first)\b|"
                           r"\bwho\s+(?:has|gets|says)\s+the\s+(?P<e3>last|first|final|opening|closing)\s+(?:line|word)\b|"
                           r"\bwhose\s+(?:line|lines|words?|voice)\s+(?:(?P<late>ends?|closes?|finish(?:es)?|wraps?\s+up)|"
                           r"(?:opens?|starts?|begins?|kicks?\s+off))\s+(?:the\s+)?(?:whole\s+|entire\s+)?"
                           r"(?:film|movie|short|story|script|screenplay|thing)\b",
                           re.I)
"""Whose line is first or last ("who speaks first?", "who has the last word?", "whose words open the film?")."""


def overview_asked(clause: str, context: ProjectContext) -> dict[str, str | int] | None:
    """Return project_overview arguments for a question its shape settles (setting, branch, music, a relative)."""
    kin = relative_asked(clause, context)
    if kin is not None:  # "is juno's mum ever seen?": her, in the cast or only talked about
        return {"name": kin}
    if SETTING.search(clause):
        return {"topic": "locations"}
    if SETTING_ASKED.search(clause):  # "what year is it set in?": what the text says of it, or that it never says
        return {"topic": "details", "detail": clause.strip(" ?.")}
    if EXTREME.search(clause):
        return {"topic": "runtime"}
    if TITLE.search(clause):
        return {"topic": "overview"}  # the overview starts with the title
    scene = find_scene(clause, scene_count=context.scene_count)
    if WHEN_SET.search(clause) and scene is not None:
        return {"topic": "heading", "scene_number": scene}
    if VERSIONS_ASKED.search(clause) and not re.search(r"\b(?:compare|differ|difference|changed?|branch)\b", clause,
                                                       re.I):
        return {"topic": "versions", **({"scene_number": scene} if scene is not None else {})}  # not a diff
    if BRANCH_ASKED.search(clause):
        return {"topic": "branch"}
    speaks = _EDGE_SPEAKER.search(clause)
    if speaks:  # "who speaks last in the film?": the last line, and whose it is
        edge = (speaks.group("e1") or speaks.group("e2") or speaks.group("e3") or "").lower()
        which = "first" if edge in ("first", "opening") or (not edge and not speaks.group("late")) else "last"
        return {"topic": "dialogue", "which": which, **({"scene_number": scene} if scene is not None else {})}
    if MUSIC_ASKED.search(clause):
        return {"topic": "music"}
    if TIMELINE_ASKED.search(clause):
        return {"topic": "timeline"}
    if SHOTS_ASKED.search(clause) and scene is None:
        return {"topic": "overview"}
    voice = VOICE_ASKED.search(clause)
    if voice:
        who = match_names(voice.group("who") or voice.group("whose") or clause, context.characters)
        return {"topic": "voices", **({"name": who[0]} if who else {})}
    return None


_COUNT = re.compile(r"(?:\b(?:how\s+many|(?:which|what)|(?:list|name)\s+(?:all\s+)?(?:of\s+)?the)\s+scenes|"
                    r"\b(?:(?:list|name|show\s+me|give\s+me)\s+)?(?:every|each)\s+scene(?=\s+(?:[a-z]+(?:'s|’s)|"
                    r"(?:she|he|they|[a-z]+)\s+(?:is|are|appears?|shows?\s+up|turns?\s+up)|with|at|on|in)\b))\s+"
                    r"(?P<rest>.+?)[\s?.!]*$|^(?:so\s+)?in\s+how\s+many\s+scenes\s+(?P<rest2>.+?)[\s?.!]*$|"
                    r"\bhow\s+many\s+(?P<rest3>(?!of\b)[\w'-]+(?:\s+(?!scenes\b)[\w'-]+)?)\s+scenes\b", re.I)
_SETTING_WORDS = re.compile(r"^(?:are|is|does|do|did|were|was|have|has|happen|happens|take\s+place|takes\s+place|set|"
                            r"in|at|on|during|by|there|the|it|appear|appears|feature|features|\s)+|"
                            r"\b(?:appear|appears|in|feature|features|show\s+up)\s*$", re.I)


_NOT_A_FACT = re.compile(r"\bwhat\s+(?:happens|happened|goes\s+on|is\s+going\s+on|'s\s+going\s+on|’s\s+going\s+on|"
                         r"occurs)\b", re.I)
"""What happens in a scene is the scene itself (what someone wears is their costume, else what the text puts on
them: a detail)."""


_NEXT_BEAT = re.compile(r"\bwhat\s+happens\s+(?:(?:right|just|straight|immediately|directly)\s+)?(?:after|before)\s+"
                        r"(?!(?:the\s+|that\s+|this\s+)?(?:scene|bit|one|part)\b)\S", re.I)
"""What happens next to a moment is written in a sentence: a detail, not the whole scene."""
_SPOKEN = re.compile(r"\b(?:say|says|said|saying|tell|tells|told|speak|speaks|spoke|speaking|talks?|talked|talking|"
                     r"ask|asks|asked|call|calls|called|reply|replies|replied|answer|answers|answered|words?|lines?|quote)\b",
                     re.I)
"""A question about what someone says is a question about the dialogue."""


_MADE_IT = re.compile(r"\b(?:did|have|had)\s+(?:we|you|i)\s+(?:make|made|write|written|give|given|set)\b", re.I)
""""How old did we write her as?" asks how old she is in the story, not about the film-makers."""


_TERSE = re.compile(r"^\W*(?:the\s+)?(?P<kind>colou?r|size|shape|name|number|age|time|date|year|brand|make|model|"
                    r"material|length|price)\s+(?P<of>of|on)\s+", re.I)
"""A question said as a bare noun phrase: "colour of the scarf?" asks what colour the scarf is."""
_LEAD_IN = re.compile(r"(?:\s[—–-]+\s|:\s+|^\W*(?:roughly|approximately|quick(?:ly)?|briefly|honestly|"
                      r"in\s+(?:one|a)\s+(?:line|word|sentence))[,]?\s+|\b(?:asking|asks|asked|ask|wants\s+to\s+know|want\s+to\s+know|wondering|"
                      r"wonder|know|tell\s+me|check)\s+)(?=(?:what|where|who|whose|which|when|how)\b)", re.I)
"""Where a question starts inside a sentence: "my gaffer is asking what colour the lamp is", "aside — how ..."."""
_POINTER = re.compile(r"^\W*(?:so\s+)?(?:what\s+does\s+(?:the\s+)?(?:script|screenplay|it|the\s+text)\s+say|"
                      r"(?:do|does|did)\s+(?:we|it|the\s+(?:script|screenplay))\s+(?:say|know|mention)(?:\s+it)?|"
                      r"any\s+idea|is\s+that\s+(?:written|in\s+there)(?:\s+anywhere)?)\W*$", re.I)
"""A sentence that only points at the script ("What does the script say?"): the question is in another one."""


_WRITTEN_ON = re.compile(r"\b(?:it|that|this|they)\s+(?:say|says|said|read|reads)\s+on\s+"
                         r"(?:the|a|an|that|this|her|his)\b|"
                         r"\b(?:written|printed|painted)\s+on\b", re.I)
"""What is written on a thing ("so what's it read on the sign?"): words in the action, not a line of dialogue."""
_TOPIC = re.compile(r"^\W*(?:(?:the|a|an|that|this|those|these|his|her|their)\s+|[a-z]+(?:'s|’s)\s+)[\w'’ -]{1,60}?"
                    r"\s*(?:[—–-]+|:)\s*$", re.I)
"""A thing said first, then asked about: "the kettle in the hut — who fills it?"."""
_IT = re.compile(r"\b(?:it|its|they|them|their)\b", re.I)


def _asking_part(sentence: str) -> str:
    """Return the part of a sentence that asks: after a lead-in ("the art team is asking what ..."), or all of it.

    A thing named before the question is put in place of the "it" the question asks about ("the kettle in the
    hut — who fills it?" asks who fills the kettle in the hut).
    """
    parts = _LEAD_IN.split(sentence.strip())
    tail = parts[-1].strip()
    if len(parts) == 2 and _FACT.match(tail):
        lead = sentence.strip()[:len(sentence.strip()) - len(parts[-1].lstrip())]
        topic = re.sub(r"\s*[—–:-]+\s*$", "", lead).strip() if _TOPIC.match(lead) else ""
        if topic and _IT.search(tail):
            return _IT.sub(lambda m: topic + ("'s" if m.group(0).lower() in ("its", "their") else ""), tail, count=1)
        told = re.sub(r"\s*[—–:-]+\s*$", "", lead).strip() if re.search(r"[—–:-]\s*$", lead) else ""
        if not topic and len(told.split()) >= 3 and not _FACT.match(told) and not _ABOUT_US.search(told) and not (
                re.match(r"\W*\w+ing\b", told)):  # "sorting out the schedule - …" is what the film-maker is doing
            topic = told  # "tomas opens the tackle box on the jetty — what sits in the lid?": where, and whose
        return f"{tail} ({topic})" if topic else tail
    return tail if len(parts) > 1 and _FACT.match(tail) else sentence.strip()


def _the_question(text: str) -> str:
    """Return the sentence of a message that asks ("I forget. How tall is he? My tailor wants to know.")."""
    sentences = [_asking_part(x) for x in SENTENCE_BREAK.split(text.strip()) if not _POINTER.match(x)] or [text]
    asked = [x for x in sentences if _FACT.match(x)]
    ending = [x for x in asked if x.rstrip().endswith("?")]
    said = (ending or asked or [sentences[0] if len(sentences) == 1 else text])[0]
    at = sentences.index(said) if said in sentences else 0
    if at > 0 and (len(said.split()) <= 3 or _IT.search(said)) and not _FACT.match(sentences[at - 1]):
        told = " ".join(w for w in _THE_WORK.sub(" ", sentences[at - 1]).strip(" .!").split()
                        if not _ABOUT_US.fullmatch(w))  # its scene, and words of the project ("tags"), are no fact
        said = f"{said} ({told})"  # "ida tags the key with a number. which number?"
    terse = _TERSE.match(said)
    return f"what is the {terse.group('kind')} {terse.group('of')} {said[terse.end():]}" if terse else said


_TYPED = ((re.compile(r"\byrs\b", re.I), "years"), (re.compile(r"\byr\b", re.I), "year"),
          (re.compile(r"\b(did|does|do|to|not|never|might|would|will)\s+((?:[a-z]+\s+)?)loose\b", re.I), r"\1 \2lose"))
"""Quick typing in a question ("what yr did she loose it"): the words the screenplay would use."""


def _retyped(text: str) -> str:
    """Return a question with its quick-typed words spelled as the screenplay would say them."""
    for typed, meant in _TYPED:
        text = typed.sub(meant, text)
    return text


_PLACED = re.compile(r"\b(?:in|at|on|during)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:scene|sc\.?)(?:\s*\d{1,3})?"
                     r"(?:\s+(?:at|in|on)\s+the\s+[\w'’-]+)?|\b(?:[a-z]+(?:'s|’s)|its|his|her|their)\s+(?:\w+\s+)?tags?\b|"
                     r"\b(?:we|you)\s+(?:first\s+|last\s+|ever\s+)?(?:see|hear|saw|heard)\b", re.I)
"""Where a question is asked about ("in the dusk scene on the pier"), a thing's own tag ("the key's tag") and
the audience ("the last thing we see"): words of the story's world, not of the project."""


_MOMENT_THEN_ASKED = re.compile(r"^\W*(?P<moment>(?:(?:right|just|straight)\s+)?"
                                r"(?:before|after|when|once|as\s+soon\s+as)\s+"
                                r"[^,?;:]{4,}?)\s*[,;:—–]\s*(?P<asked>(?:what|who|where|which|whose|why|how)\b[^?]*\??)\s*$",
                                re.I)
"""A moment said first, then the question ("right before she runs, what has she found?"): the question, then when."""
_AND_THEN_WHAT = re.compile(r"^\W*(?P<moment>[^?]{8,}?)\s*(?:\.{2,}|…|[,;:—–-])?\s*(?:and\s+)?"
                            r"(?:then|after\s+that|next)\s*"
                            r"(?:,\s*)?what(?:\s+happens)?\s*\??\s*$|"
                            r"^\W*(?P<moment2>[^?]{8,}?)\s*(?:\.{2,}|…|[,;:—–-])\s*what\s+(?:happens\s+)?(?:next|then)\s*\??\s*$",
                            re.I)
"""A moment told, then "and then what?": what happens after it."""
_EITHER_WHO = re.compile(r"^\W*(?:so\s+)?(?:is|was)\s+it\s+[\w'’-]+\s+or\s+[\w'’-]+\s+(?:who|that)\s+(?P<rest>.+)$",
                         re.I)
"""Whether one or the other does it ("is it ida or ruben who says …?"): who does it."""
_DONE_NEXT_TO = re.compile(r"^\W*what\s+(?:does|did|has|had|do|have|is|was)\s+[\w'’-]+\s+(?:just\s+)?[a-z]+\s+"
                           r"(?:(?:right|just|straight|immediately)\s+)?(?P<when>before|after)\s+(?P<moment>[^?]{6,}?)\s*\??\s*$",
                           re.I)
"""What someone does next to a moment ("what has he just spotted before he jumps?"): what happens just then."""
_HOW_LATE = re.compile(r"^\W*how\s+(?:late|early)\s+is\s+it\b", re.I)
"""A time asked as how late ("how late is it when he checks the dash?"): what time it is."""


def plain_question(text: str) -> str:
    """Return a question in its plain order: what is asked first, then the moment it is asked about."""
    text = text.strip()
    moment = _MOMENT_THEN_ASKED.match(text)
    if moment:
        text = f"{moment.group('asked').rstrip(' ?')} {moment.group('moment')}?"
    then = _AND_THEN_WHAT.match(text)
    if then:
        told = (then.group("moment") or then.group("moment2")).strip(" .,…")
        return f"what happens after {told}?"
    done = _DONE_NEXT_TO.match(text)
    if done:  # "what has he just spotted right before he jumps?": what happens just before he jumps
        return f"what happens {done.group('when').lower()} {done.group('moment')}"
    either = _EITHER_WHO.match(text)
    if either:
        return f"who {either.group('rest')}"
    return _HOW_LATE.sub("what time is it", text)


def fact_detail(clause: str, topic: object, names: tuple[str, ...]) -> str | None:
    """Return what a question asks about the story's world ("what's kept in the shed?") to look up in the text.

    Questions about the project (its scenes, money, history) or the film-maker ("what should I do?") are
    not; nor is one that only names a character ("what's Ida's deal?": the character's overview).
    """
    said = _MADE_IT.sub("is", _THE_WORK.sub(" ", plain_question(_the_question(_retyped(clause))))).strip()
    if _WHERE_SET.search(clause) or (_NOT_A_FACT.search(clause) and not _NEXT_BEAT.search(clause)):
        return None  # "where does the bus scene happen?": its heading says; "what goes on in the last one?": the scene
    if topic == "logline" and re.match(r"\W*(?:why|how\s+come)\b", said, re.I):
        topic = None  # "why does he hang on to the lamp?": a reason the story gives, not what it is about
    if topic == "dialogue" and (not _SPOKEN.search(said) or _EITHER_WHO.match(_the_question(clause))
                                or _WRITTEN_ON.search(said)):
        topic = None  # "What does the script say?" beside the question points at the text, it asks for no line;
        # "so what's it read on the sign?" is what is written on a thing
    if not _FACT.match(said) or _ABOUT_US.search(_PLACED.sub(" ", said)) or topic not in (
            None, "overview", "cast", "runtime"):
        return None
    named = {w for n in names for w in n.lower().split()}
    words = [w for w in re.findall(r"[a-z0-9]+", said.lower().replace("'s", " ").replace("’s", " "))
             if w not in _WORDLESS and w not in named and w.removesuffix("s") not in named and len(w) > 2]
    aged = re.search(r"\bhow\s+old\b|\bwhat\s+age\b", said, re.I)  # "how old is Ida?" names only her, and asks
    lasted = re.search(r"\bhow\s+long\s+(?:has|have|had|did)\b", said, re.I)
    if not (words or aged) or (topic == "runtime" and not lasted):
        return None  # "how long does it run?" is the running time
    return said.strip(" ?.!")


_NOT_A_SETTING = re.compile(r"\b(?:with|where|when|that|which|who|we|you|i|us|our|my|got|total|altogether|overall|"
                            r"exist|far|now)\b", re.I)


def scenes_of(clause: str, names: tuple[str, ...], characters: tuple[str, ...] = ()) -> str | None:
    """Return whom or what "how many scenes has Ruben got?" or "which scenes play after dark?" counts scenes by."""
    asked = _COUNT.search(clause.strip())
    if asked is None:
        return None
    rest = (asked.group("rest") or asked.group("rest2") or asked.group("rest3") or "").strip()
    known = [n for n in match_names(rest, names) if n in characters or n.lower() in rest.lower()]
    if known and re.search(r"\b(?:not|never|without|absent|missing)\b|n['’]t\b", rest, re.I):
        return f"without {known[0]}"  # "which scenes is mara missing from?": the others
    if known:  # "night" is said of the time of day, not of the NIGHT BUS
        return known[0]
    place = _SETTING_WORDS.sub(" ", rest).strip()
    if re.fullmatch(r"(?:scenes?|sc\.?)\s*\d+", place, re.I):
        return None  # the graph has already put the scene a place names in its place: the per-scene answer
    if not place or len(place.split()) > 4 or _NOT_A_SETTING.search(place):
        return None  # "which scenes have Ida crying?": a description for find_scene; "have we got": all of them
    return place


def scenes_asked(clause: str, context: ProjectContext, request: str, clauses: list[str]) -> str | None:
    """Return what a scene count is by; "" when this clause is a repeat of one already counted.

    A place in the question ("the office") may have been spelt out as the scenes it names, one clause
    each; the film-maker's own words are counted, once.
    """
    names, cast = context.all_names(), context.characters
    counted = scenes_of(clause, names, cast)
    if counted or len(clauses) < 2 or scenes_of(request, names, cast) is None:
        return counted
    if all(re.search(r"\bscenes?\s+\d+\b", c, re.I) for c in clauses):
        return scenes_of(request, names, cast) if clause == clauses[0] else ""
    return None
