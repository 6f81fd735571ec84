"""The request inside a chatty paragraph: "Spoke to our editor. She finds the tram scene flat — could you liven it up?".

People tell a story first and ask last. The story names the scene ("the tram scene"), the ask points back at it
("liven it up"), and the sentences around it are news that asks for nothing. A paragraph is read here as the one
step it asks for, with the scene spelled back in:

- an ask that points back ("could you liven it up?") gets the scene the story named;
- a bare go-ahead ("Can you work that in?", "Could you change that?") means the want said before it
  ("I think it needs more fog") for that scene;
- an ask that needs nothing from the story ("Anyway: could Mara sound a bit warmer at the market?") stands alone;
- news that a scene's time of day changed ("we're filming the tram scene at dusk now, not noon") is that change;
- "I love the pier ending, don't touch that" protects one thing; it does not make the message only an idea.

A scene the graph could not tell apart ("the pier scene where the fog lifts") is picked by what the description
says, when exactly one candidate's text says it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from agent.llm.offline.clauses import strip_lead
from agent.llm.offline.context import ProjectContext, SceneRef
from agent.llm.offline.lexicon import find_tones
from agent.llm.offline.names import joins_the_cast, named_newcomer, newcomer_asked, without_name_left_open
from agent.llm.offline.speech import commands

__all__ = ["asked_parts", "protects_only_a_part", "with_places"]

_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z\"“‘'])|\s+[—–]\s+|\s+-\s+|(?<=[.!?:,])\s+(?=anyway\b)", re.I)
_LEAD = re.compile(r"^\W*(?:(?:anyway|so|ok|okay|right|honestly|also|and|but|oh|well|now)\b[\s,:;!.—–-]*)+", re.I)
_ASK = re.compile(r"^(?:please\s+)?(?:can|could|would|will)\s+(?:you|we)\s+(?:please\s+|just\s+|maybe\s+)?"
                  r"(?P<verb>[\w'-]+)", re.I)
_LOOK = frozenset("see look view know tell show read hear check find remind".split())
_GO_AHEAD = re.compile(r"^(?:please\s+)?(?:(?:can|could|would|will)\s+(?:you|we)\s+(?:please\s+|just\s+)?)?"
                       r"(?:change|do|fix|sort|work|make|put|write|get|handle|manage|action)\s+(?:that|this|it)"
                       r"(?:\s+(?:in|out|up|through|happen|for\s+me|for\s+us|please|then|now|too))*[\s?.!]*$", re.I)
"""A go-ahead whose object is the change said before it, not a scene: "can you work that in?"."""
_WANTED = re.compile(r"\b(?:wants?|needs?|should|would\s+like|'d\s+like|has\s+to|must|ought)\b", re.I)
_POINTER = re.compile(r"\b(?:it|this|that)\b(?!\s+(?:is|was|has|would|will|'s)\b)", re.I)
_PERSON_POINTER = re.compile(r"\b(?:he|she|him|her|they|them|his|their)\b", re.I)
_REASON = re.compile(r",?\s+(?:because|since|'cause|cos)\b.*$", re.I)
_DEGREE = re.compile(r"\b(?:more|less|a\s+(?:bit|touch|little|lot|tad)|slightly|much|even|way|somewhat)\b", re.I)
_WISH_VERB = r"(?:come\s+across|be|seem|sound|look|feel|act|play|read|get)"
_TIMES = (r"(?:dawn|dusk|sunset|sunrise|night|day|daytime|morning|evening|noon|midday|afternoon|twilight|"
          r"golden\s+hour|first\s+light|nightfall)")
_NEW_TIME = re.compile(rf"\b(?:at|to|in\s+the|by)\s+(?P<new>{_TIMES})(?:\s+now)?,?\s+(?:now\s+)?(?:not|rather\s+than|"
                       rf"instead\s+of)\s+(?:at\s+)?(?:the\s+)?(?P<old>{_TIMES})\b", re.I)
_PROTECT = re.compile(r"\b(?:the|my|our|that)\s+[\w' -]{2,40}?[,;]?\s+(?:so\s+)?(?:please\s+)?(?:don'?t|do\s+not)\s+"
                      r"(?:touch|change)\s+(?:that|it|this)(?:\s+one)?\W*$", re.I)
"""A part that keeps one named thing as it is: "I still love the pier ending, don't touch that"."""
_WISHED = re.compile(r"^(?P<who>[A-Z][\w'-]*)\s+should\s+(?P<verb>come\s+across|be|seem|sound|look|feel|act|play|read|"
                     r"get)\b", re.I)
"""A wish for how a character comes over ("Mara should seem colder"), as ``_wish`` spells it."""
_REMARK_WORDS = 4
_STOP = frozenset("the a an and or but has have had is are was were with where when which who of in on at to "
                  "her his their its it she he they one scene bit part".split())
"""Not resolver.terms.STOP, which drops "too" from "on the bus too" and "back" from "in the back" (other scenes)."""


def _parts(text: str) -> list[str]:
    return [p.strip() for p in _BREAK.split(text) if p and p.strip(" .!?,;")]


def _core(part: str) -> str:
    return _LEAD.sub("", part.strip()).strip()


def _wish(part: str, characters: Sequence[str]) -> str | None:
    """Return "Mara should sound warmer" for "could Mara sound a bit warmer?" (a change asked of a character)."""
    names = "|".join(re.escape(n) for n in sorted(characters, key=len, reverse=True))
    found = re.match(rf"^(?:can|could)\s+(?P<who>{names})\s+(?P<vp>{_WISH_VERB}\b[^?]*)\??\s*$", part, re.I) if (
        names) else None
    if found is None or not _DEGREE.search(found.group("vp")):
        return None
    return f"{found.group('who')} should {found.group('vp').strip()}"


def _asks(part: str, characters: Sequence[str]) -> bool:
    polite = _ASK.match(part)
    if polite is not None:
        return polite.group("verb").lower() not in _LOOK
    return commands(part) or _wish(part, characters) is not None


def _described(ref: SceneRef, text: str, context: ProjectContext) -> int | None:
    """Pick the one candidate of an ambiguous "the pier scene where the fog lifts" whose text says what follows.

    Counts words of the scene's text only, unlike ``rank_scenes``: what follows may run on ("where there's fog the
    director wants it at dusk instead of day"), and the ranking would take the DAY heading for the answer.
    """
    at = text.lower().find(ref.phrase.lower())
    said = re.match(r"\s*(?:where|in\s+which|when|with)\s+(?P<what>[^—–.,;!?]+)", text[at + len(ref.phrase):], re.I)
    if at < 0 or said is None:
        return None
    words = {w for w in re.findall(r"[a-z]+", said.group("what").lower()) if w not in _STOP and len(w) > 2}
    scored = []
    for number in ref.option_numbers:
        scene = context.scene(number)
        content = (scene.content or "").lower() if scene else ""
        scored.append((sum(bool(re.search(rf"\b{re.escape(w)}", content)) for w in words), number))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < min(2, len(words)) or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _scene_named(text: str, context: ProjectContext) -> str | None:
    """Return how to name the one scene a story names: its phrase when the graph resolved it, else "scene N"."""
    found: list[str] = []
    for ref in context.refs:
        if ref.phrase.lower() not in text.lower():
            continue
        if ref.status == "resolved" and (ref.scene is not None or ref.scenes):
            found.append(ref.phrase)
        elif ref.status == "ambiguous" and (number := _described(ref, text, context)) is not None:
            found.append(f"scene {number}")
    numbers = set(re.findall(r"\bscene\s+(\d{1,3})\b", text, re.I))
    if not found and len(numbers) == 1:
        found.append(f"scene {numbers.pop()}")
    return found[0] if len(found) == 1 else None


_CLOSING_PLACE = re.compile(r"\b(?:on|in|at|aboard|inside)\s+the\s+(?P<place>[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\W*$",
                            re.I)
"""Not resolver.references._CLOSING_PLACE, which takes three words and "at all" after them (other asks match)."""


def _placed(ask: str, context: ProjectContext) -> str:
    """Name the scene an ask ends on by its place ("… gruffer on the tram"), when one scene's heading has it."""
    found = _CLOSING_PLACE.search(ask)
    scenes = [s for s in context.scenes if s.heading]
    if found is None or not context.scene_count or len(scenes) < context.scene_count or _scene_named(ask, context):
        return ask
    words = [w for w in found.group("place").lower().split() if w not in _STOP]
    headed = [s.number for s in scenes if words and all(re.search(rf"\b{re.escape(w)}", s.heading, re.I)
                                                         for w in words)]
    if len(headed) != 1:
        return ask
    return f"{ask[:found.start()]}in scene {headed[0]}{ask[found.end('place'):]}"


def _point_at(part: str, scene: str) -> str:
    return _POINTER.sub(scene, part, count=1)


def _new_time(clause: str, context: ProjectContext) -> str | None:
    """Read "we're filming the tram scene at dusk now, not noon" as setting that scene's time of day."""
    found = _NEW_TIME.search(clause)
    if found is None or "?" in clause:
        return None
    scene = _scene_named(clause[:found.start()], context)
    if scene is None:
        return None
    return f"set {scene} at {found.group('new').lower()} instead of {found.group('old').lower()}"


_SAY_THAT = re.compile(r"^(?:(?:can|could|would)\s+)?(?:the\s+)?(?P<place>[\w' -]{2,40}?)(?:\s+location)?(?:'s\s+"
                       r"description)?\s+(?:say|read|mention|show|use|have|get)\s+(?:that|this|it)\W*$", re.I)
"""A place asked to carry what the story said: "could the ferry location say that?"."""
_IT_IS = re.compile(r"^(?:it'?s|it\s+is|it\s+was|they'?re)\s+(?P<what>(?:an?|the)\s+.+?)[.!]*$", re.I)
_FILE = r"(?P<fmt>edl|fdx|fountain|otio|fcpxml|pdf|csv|srt)"
_ASKED_FOR_FILE = re.compile(rf"\b(?:asked|asking|asks)\s+(?:me\s+|us\s+)?for\s+(?:an?\s+|the\s+)?{_FILE}\b|"
                             rf"\b(?:wants?|needs?)\s+(?:an?\s+|the\s+){_FILE.replace('fmt', 'fmt2')}\b", re.I)
"""A file someone around the film asked for: "the colourist asked for an EDL of where we are"."""


_JUDGED = re.compile(r"\b(?:is|feels|seems|reads|plays|comes\s+across)\s+(?:a\s+(?:bit|little|touch|tad)\s+|too\s+|"
                     r"way\s+too\s+|rather\s+|quite\s+|far\s+too\s+)(?:\w+)", re.I)
"""A judgement of how a scene plays ("is a bit sweet"), which an ask with no direction of its own goes by."""


def _described_place(parts: Sequence[str], context: ProjectContext) -> str | None:
    """Read "We found our ferry! It's a rusty car ferry, green rails. Could the ferry location say that?"."""
    cores = [_core(p).rstrip("?!. ") for p in parts]
    asked = next(((i, m) for i, c in enumerate(cores) if (m := _SAY_THAT.match(c))), None)
    if asked is None:
        return None
    place = asked[1].group("place").strip().upper()
    said = next((m.group("what") for c in reversed(cores[:asked[0]]) if (m := _IT_IS.match(c))), None)
    if said is None or place not in {name.upper() for name in context.locations}:
        return None
    return f"change the {place.lower()} location's description: {said}"


def _file_asked(parts: Sequence[str]) -> str | None:
    """Return "export edl" when the one thing a message asks is a file someone around the film asked for."""
    found = [m for p in parts if "?" not in p and (m := _ASKED_FOR_FILE.search(p))]
    if len(found) != 1:
        return None
    return f"export {(found[0].group('fmt') or found[0].group('fmt2')).lower()}"


_IT_IS_IN = re.compile(r"(?:(?<=[.!?;])\s+)(?:it's|it’s|it\s+is|it\s+goes|it\s+appears|it\s+sits|it\s+lives|"
                       r"it\s+belongs|it\s+should\s+be)\s+(?:only\s+)?(?:in|on)\s+"
                       r"(?P<where>scenes?\s+\d{1,3}(?:\s*(?:,|and|&)\s*\d{1,3})*)\s*[.!]*$", re.I)
"""Where a new thing is, said as the next sentence ("… a tin kettle. it's in scene 3")."""
_A_NEW_THING = re.compile(r"\b(?:new\s+(?:prop|location|set|object)|add\s+(?:a|an|the)\b|(?:prop|object)\s*[:—–-])",
                          re.I)


_ROLE_JOINS = re.compile(r"^\W*(?:(?:so|ok|okay|and|also|now)[,]?\s+)*(?:we\s+need|i\s+need|need|add|let'?s\s+add|"
                         r"bring\s+in|introduce|(?:can|could)\s+(?:we|you)\s+(?:add|bring\s+in|have))\s+"
                         r"(?P<role>(?:the|a|an)\s+[\w' -]{2,40}?)\s+(?:to|in|into|on)\s+(?:the|our)\s+"
                         r"(?:cast|film|story|script|movie)\b\W*$", re.I)
_NAME_GIVEN = re.compile(r"^\W*(?:his|her|their|the\s+[\w-]+(?:'s|’s))\s+name"
                         r"(?:'s|’s|\s+is|\s+will\s+be|\s+should\s+be)\s+"
                         r"(?P<name>[A-Za-z][\w'-]*)\s*(?:[—–:,.;-]+\s*(?P<more>.+?))?\W*$", re.I)
"""Someone asked into the cast by role, then named in the next sentence ("… his name is Benedikt — sixties")."""


_RENAME_ASKED = re.compile(r"^\W*(?:(?:can|could)\s+(?:we|you|i)\s+|let'?s\s+|please\s+)?(?:rename|re-name)\s+"
                           r"(?P<who>(?!.*\bto\b).+?)\s*\??$", re.I)
_A_NAME_ALONE = re.compile(r"[\"“'‘]?[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*)?[\"”'’]?[.!]*")
"""A rename asked for with no new name ("could we rename the porter?"): the name may follow on its own."""


def _read(clause: str, context: ProjectContext) -> str:
    """Return the step one paragraph asks for, or the paragraph as it was when it is not a story and an ask."""
    parts = _parts(clause)
    cores = [_core(p) for p in parts]
    newly_named = named_newcomer(_core(clause), context.all_names())
    if newly_named is not None:  # "wren is a new character, she mends nets": her, named
        return newly_named
    for i, core in enumerate(cores):
        newcomer = newcomer_asked(core, context.characters)
        if newcomer is not None:  # "… feels empty. could we have a boy who mends nets? twelve, shy": who they are
            more = without_name_left_open(" ".join(p.rstrip(" .") + "." for p in parts[i + 1:]))
            return f"{newcomer}. {more}".strip(" .") if more.strip(" .") else newcomer
    asking = [i for i, c in enumerate(cores) if _asks(c, context.characters)]
    if len(asking) != 1:
        told = _described_place(parts, context) or _file_asked(parts) or _new_time(clause, context)
        return (told or clause) if not asking else clause
    at = asking[0]
    if len(parts) == 1:
        return _wish(cores[0], context.characters) or clause
    ask = _wish(cores[at], context.characters) or cores[at]
    after = cores[at + 1:]
    renamed = _RENAME_ASKED.match(ask)
    if renamed and len(after) == 1 and _A_NAME_ALONE.fullmatch(after[0]):
        return f"rename {renamed.group('who')} to {after[0].strip(' .!')}"  # "could we rename the porter? wren."
    if after and (not re.search(r"[.!?]$", parts[at]) or joins_the_cast(cores[at]) or any(
            len(c.split()) > _REMARK_WORDS and not _PROTECT.search(c) for c in after)):
        return clause  # what follows the ask says more than "nothing big", or goes on after a dash
    story = " ".join(parts[:at])
    if re.search(r"\b(?:shots?|frames?|stills?|clips?)\b", story, re.I):
        return clause  # "the closing shot - a crane? we have none. tilt up then": the shot is the story's, keep it
    scene = _scene_named(story, context) if story else None
    if _GO_AHEAD.match(cores[at]):
        wanted = next((c for c in reversed(cores[:at]) if _WANTED.search(c) and _POINTER.search(c)), None)
        return strip_lead(_point_at(_REASON.sub("", wanted), scene)) if wanted and scene else clause
    if scene is not None and _POINTER.search(ask) and _scene_named(ask, context) is None:
        if not find_tones(ask) and (find_tones(story) or _JUDGED.search(story)):
            return clause  # "… is a bit sweet for me. Can we dry it out?": the story says which way, keep it
        return strip_lead(_point_at(ask, scene))  # "… plays too cosy — could you make it eerier?"
    named = any(r.phrase.lower() in story.lower() for r in context.refs) or re.search(r"\bscenes?\s+\d", story, re.I)
    if at and not named and not _POINTER.search(ask) and not _PERSON_POINTER.search(ask) and not _WANTED.search(story):
        return strip_lead(_placed(ask, context))  # "Long day. Anyway: could Mara sound warmer at the market?"
    return clause if at else strip_lead(ask)  # "could you make it eerier? nothing big"


def protects_only_a_part(request: str, characters: Sequence[str]) -> bool:
    """Tell whether a message's "don't touch that" keeps one named thing while another part of it asks for a change."""
    cores = [_core(p) for p in _parts(request)]
    return any(_PROTECT.search(c) for c in cores) and any(
        _asks(c, characters) and not _PROTECT.search(c) for c in cores)


_ADD_IT_AS = re.compile(r"^\W*(?:let'?s\s+|please\s+)?(?:(?:can|could)\s+you\s+)?(?:add|log|make|keep)\s+"
                        r"(?:it|that|this)\s+as\s+(?:a\s+|an\s+)?(?:new\s+)?"
                        r"(?P<kind>prop|location|character)\s*:\s*(?P<what>.+)$", re.I)
_THING = re.compile(r"\b(?:an?|the|some|this|that|our)\s+(?:[\w-]+\s+){0,4}?(?P<noun>[a-z][\w-]+)"
                    r"(?=\s*(?:[,.;!?—–]|$))", re.I)


def _thing_named(story: str, ask: str) -> str | None:
    """Return "add a prop: kettle, dented, warm" for news naming a thing, then "add it as a prop: dented, warm"."""
    asked = _ADD_IT_AS.match(_core(ask))
    things = list(_THING.finditer(story)) if asked else []
    if asked is None or not things or _asks(_core(story), ()):
        return None
    return f"add a {asked.group('kind').lower()}: {things[-1].group('noun').lower()}, {asked.group('what').strip()}"


def asked_parts(clauses: Sequence[str], context: ProjectContext) -> list[str]:
    """Return the steps of a message with each chatty paragraph read as the one step it asks for."""
    out: list[str] = []
    skip = False
    for i, clause in enumerate(clauses):
        if skip:
            skip = False
            continue
        following = clauses[i + 1] if i + 1 < len(clauses) else ""
        placed = _IT_IS_IN.search(clause)
        if placed and placed.start() > 0 and _A_NEW_THING.search(clause[:placed.start()]):
            out += [_read(clause[:placed.start()].strip(), context), f"put it in {placed.group('where')}"]
            continue  # "new prop: a tin kettle. it's in scene 3": the kettle, then where it is
        role, called = _ROLE_JOINS.match(clause), _NAME_GIVEN.match(following)
        if role and called:  # "we want a harbourmaster in the film. his name's strom — fifties": one newcomer
            told = f"{role.group('role').strip()}. {called.group('more') or ''}".strip(" .")
            out.append(f"add a character {called.group('name').upper()}: {told[0].upper()}{told[1:]}")
            skip = True
            continue
        thing = _thing_named(clause, following)
        if thing is not None:
            out.append(thing)  # "Props found a lovely copper kettle. Add it as a prop: dented, warm": the kettle
            skip = True
            continue
        if following and _GO_AHEAD.match(_core(following)) and not _asks(_core(clause), context.characters):
            joined = f"{clause.rstrip(' .')}. {following}"  # "… wants it at dusk. Could you change that?"
            read = _read(joined, context)
            if read != joined:
                out.append(read)
                skip = True
                continue
        if _PROTECT.search(_core(clause)) and len(clauses) > 1:
            continue  # "I still love the pier ending, don't touch that": keep it as it is, nothing to do
        out.append(_read(clause, context))
    return out


def with_places(context: ProjectContext, steps: Sequence[str]) -> tuple[list[str], ProjectContext]:
    """Read a wish that ends on a place ("Mara should seem colder on the tram") as a note on that place's scene.

    A router holds no scene list, and the graph reads places only at the end of a message, so a wish in the middle
    of a chatty one names no scene for it. When one location of the film has the place's words, the wish becomes
    "rewrite the tram scene so Mara seems colder", and the writer it goes to finds that scene on its own.
    """
    if context.scenes or not context.locations:
        return list(steps), context  # the scenes are at hand: the graph placed the wish already
    out, added = [], []
    for step in steps:
        found = _CLOSING_PLACE.search(step)
        wished = _WISHED.match(step)
        if found is None or wished is None or any(r.phrase.lower() in step.lower() for r in context.refs):
            out.append(step)
            continue
        words = [w for w in found.group("place").lower().split() if w not in _STOP]
        places = [n for n in context.locations if words and all(re.search(rf"\b{re.escape(w)}", n, re.I)
                                                                 for w in words)]
        if len(places) != 1:
            out.append(step)
            continue
        scene = f"the {found.group('place')} scene"
        verb = wished.group("verb").split()
        does = " ".join(["is" if verb[0].lower() == "be" else f"{verb[0].lower()}s", *verb[1:]])
        out.append(f"rewrite {scene} so {wished.group('who')} {does}{step[wished.end():found.start()].rstrip()}")
        added.append(SceneRef(scene, "ambiguous"))
    return out, (replace(context, refs=(*context.refs, *added)) if added else context)
