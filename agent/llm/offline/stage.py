"""Stage directions inside a rewrite request ("have Ida smile at the end") turned into an action line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from agent.formats.script_terms import AMBIENT_SOUND, SOUND_NOUNS
from agent.llm.offline.cues import QUOTED
from agent.llm.offline.spoken import Spoken, spoken_line
from agent.resolver.slots import CUT_TO

__all__ = ["NOT_DOING", "StageDirection", "heard", "ing_base", "stage_direction", "third_person", "verb_forms"]

# Verbs a film-maker asks a character to do on screen. Adjectives ("make Ida older") are not here on
# purpose: those change how someone is, which is the designer's business, not a line of action.
_VERBS = frozenset(
    """
    smile laugh cry weep sob shout scream yell whisper sigh nod shrug wave wink frown grin blink stare glance look
    turn walk run leave exit enter arrive come go return stop wait stand sit kneel fall trip jump climb hide
    open close shut lock unlock knock ring call phone text answer hang drop pick take grab hold hand give
    throw toss catch push pull kick hit slap punch hug kiss touch reach point hesitate pause freeze listen
    hear notice see find lose search check read write sign tear burn light switch pour drink eat smoke
    cough breathe sing hum dance play count pay steal hide bury dig break fix mend fold wrap pack unpack
    button unbutton tie untie lean spin step storm slam sneak creep linger cross pace watch wipe wash
    refuse agree apologise apologize thank lie confess admit argue plead beg threaten warn promise ask
    say tell mutter mumble murmur snap growl explain insist repeat remember forget recognise recognize
    leave drive park brake swerve honk slow speed board tap pocket sniff blow shiver tremble pass fly bark
    share exchange trade swap embrace bring carry fetch offer shake whistle stumble sneeze slip skid splash put
    polish water stamp rub wipe sip tidy sweep dust fold stack sort
    appear vanish disappear flicker buzz drip rattle pass wander sleep wake yawn stretch
    lift raise lower drag haul heave lay stir chop peel scrub rinse dry iron sew knit feed pat stroke shove
    spill struggle wring throw drop toss knock topple tip bang slam thump thud clatter crash smash shatter scatter
    fumble grope grip clutch squeeze clench flinch wince jerk jump start startle recoil duck dodge crouch bend
    squat lie rest doze nap snore mutter curse swear scowl glare peer squint gaze peek wipe dab blot mop
    fidget twitch tap drum scratch rub stroke brush comb straighten adjust smooth tuck untuck roll unroll
    zip unzip buckle unbuckle lace unlace fasten loosen tighten stamp sign seal tape pin hang hook unhook
    stumble totter sway lurch stagger limp hobble march stride trudge shuffle tiptoe dash sprint hurry rush
    race bolt flee chase follow lead guide steer turn reverse stall hoot beep screech skid crash
    blush sweat shiver tremble quiver shudder gasp pant choke sniffle sneeze snort giggle chuckle snicker
    cheer clap applaud bow salute beckon gesture signal motion mime hug cuddle nudge poke prod pinch tickle
    nuzzle kick punch elbow shoulder trip tackle wrestle climb scramble crawl slide glide float drift sink
    dive swim splash soak drench drip spray sprinkle fill empty refill tip pour spit gulp swallow chew bite
    nibble lick taste munch crunch sip slurp toast brew boil make bake cook fry grill
    freeze melt burn scorch singe smoulder flare flash flicker glow gleam glint shine blink dim
    vanish emerge appear loom hover circle swoop flutter flap perch land settle rise fall drop sag slump
    sink collapse faint crumple topple tilt lean rock swing sway spin twirl whirl wobble shake rattle
    jangle jingle clink clank chime ring buzz hum whirr whine hiss creak groan squeak rustle crackle crunch
    tick tock thunder rumble roar howl wail moan sob bawl scream shriek squeal yelp bark growl purr mew
    meow miaow chirp tweet squawk caw coo quack honk hoot flicker sputter splutter cough hiccup burp yawn
    stretch rub scratch itch rest check recheck count recount measure weigh inspect examine study scan
    search rummage dig pat frisk empty turn flip riffle leaf thumb browse skim glance peep
    drive ride pedal brake accelerate indicate signal overtake park hail flag wave board alight
    dial ring phone text scroll swipe
    crumple crush scrunch flatten fold unfold smooth tear rip shred snip trim chop slice
    open close lock unlock bolt latch wedge prop pry
    sweep mop dust polish wipe clean scrub tidy sort stack pile stamp shelve
    hand pass offer give lend return swap trade sell buy pay tip refuse accept decline take keep
    slip lose misplace drop find spot notice glimpse catch hesitate linger dawdle loiter pause stall
    """.split()
)
_IRREGULAR = {"have": "has", "be": "is", "do": "does", "go": "goes"}
_PLACE = (
    (re.compile(r"\b(?:at|towards?|near|by)\s+the\s+(?:very\s+)?end\b(?:\s+of\s+(?:it|scene\s+\d+|the\s+(?:[\w'-]+\s+)"
                r"{0,3}?(?:scene|one|bit)))?|\bfinally\b|"
                r"\bbefore\s+the\s+(?:scene\s+)?ends?\b|\bto\s+end\s+(?:it|the\s+scene)\b|"
                r",?\s*(?<![\w'’])(?<!\bwas\s)(?<!\bis\s)(?:as\s+)?(?:the\s+)?(?:very\s+)?last\s+(?:thing|moment|image|beat)"
                r"(?:\s+(?:in|of)\s+(?:it|the\s+(?:scene|film|movie|story|script)))?\b(?=\s*(?:[.,;:!?]|$))", re.I),
     "end"),  # "…, the last thing in the scene"; never "it was the last thing her mum touched"
    (re.compile(r"\b(?:at|near)\s+the\s+(?:very\s+)?(?:start|beginning|top)\b(?:\s+of\s+(?:it|scene\s+\d+|the\s+"
                r"(?:[\w'-]+\s+){0,3}?(?:scene|one|bit)))?|"
                r"\bfirst\s+thing\b|\bto\s+open\s+(?:it|the\s+scene)\b", re.I), "start"),
)
_TRAILING = re.compile(r"\s+(?:instead|please|too|as well|now|again|for once|this time|at\s+some\s+point)\s*$|"
                       r",\s*(?:(?:in|on|at|during)\s+)?(?:scene|sc)\s*\d+\s*$|\s+(?:in|on)\s+\d{1,3}\s*$|"
                       r"(?:^|\s+)(?:in|on|at|aboard|inside|during|(?:halfway\s+)?through)\s+"
                       r"(?:scene\s+\d+|the\s+[\w' -]+?\s+(?:scene|one|bit))\s*$", re.I)


@dataclass(frozen=True)
class StageDirection:
    """An action line a rewrite adds, and where: "start", "end" or "middle" (with a speaker: a line of dialogue)."""

    line: str
    place: str
    speaker: str | None = None
    after: str = ""
    """A moment in the scene the line follows ("Tom asks for the keys"), when the request names one."""
    before: str = ""
    """A moment in the scene the line comes just before ("before she reads the form")."""
    replaces: str = ""
    """What the line happens instead of ("instead of flicking the indicator"): the sentence telling it goes."""
    manner: str = ""
    """How a line of dialogue is said ("under her breath"): its parenthetical."""

    @property
    def block(self) -> list[str]:
        """Return the lines of the block it writes: the action line, or the speaker's cue (how it is said) and line."""
        if not self.speaker:
            return [self.line]
        return [self.speaker, f"({self.manner})", self.line] if self.manner else [self.speaker, self.line]


_AND_THEN = re.compile(r"\b(and(?:\s+then)?|then)\s+([a-z]+)\b(?!\s+(?:of|to)\b)", re.I)
"""A second thing done after the first ("lift the crate and then set it down"): its verb takes the same person."""


def third_person(verb: str) -> str:
    """Return a verb as "she" does it ("whistle" -> "whistles", "carry" -> "carries")."""
    verb = verb.lower()
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if re.search(r"(?:s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def _base(word: str) -> str | None:
    """Return the verb a word is ("smiles" -> "smile"), or None when it is not one of the stage verbs."""
    word = word.lower()
    for candidate in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else "",
                      word[:-3] + "y" if word.endswith("ies") else ""):
        if candidate in _VERBS:
            return candidate
    return None


_LOOKS_SOMEWHERE = re.compile(r"\s*(?:at|up|down|away|back|around|round|out|over|into|along|across|through|for|past|"
                              r"towards?|under|behind|about|inside|in\s+(?:the|her|his|their)|on\s+at)\b", re.I)
"""Where someone looks ("looks out along the jetty"): something done; "looks older" is how someone looks."""


_PATTERNS = (
    # "have Ida smile", "let Juno cry", "make Ruben stop the bus", "get her to wave"
    re.compile(r"\b(?:have|let|make|get|can|could)\s+(?P<who>{names})\s+(?:to\s+)?(?P<verb>[a-z]+)\b(?P<rest>[^.;!?]*)",
               re.I),
    # "Ida should smile", "Juno needs to turn back"
    re.compile(r"\b(?P<who>{names})\s+(?:should|must|needs?\s+to|has\s+to|could|ought\s+to|gets?\s+to|can)\s+"
               r"(?:also\s+|actually\s+|finally\s+)?(?P<verb>[a-z]+)\b(?P<rest>[^.;!?]*)", re.I),
    # "the last scene needs Ida to turn off the light", "I'd like Juno to pocket it"
    re.compile(r"\b(?:needs?|wants?|'d\s+like|would\s+like|like)\s+(?P<who>{names})\s+to\s+(?P<verb>[a-z]+)\b"
               r"(?P<rest>[^.;!?]*)", re.I),
    # "where Ida smiles at the end", "Ida smiles at the end"
    re.compile(r"(?:^|\bwhere\s+|\bso\s+(?:that\s+)?|\bscene\s+\d+\s*[:,—–-]?\s*)(?P<who>{names})\s+(?P<verb>[a-z]+)\b"
               r"(?P<rest>[^.;!?]*)", re.I),
)


_HOW_LONG = r"(?:a|an|some)\s+(?:(?:long|short|little|tiny|quiet|awkward|tense)\s+)?"
"""How a beat is said before its noun ("a long", "an awkward")."""
_BEAT = re.compile(r"\b(?:add\s+(?:in\s+)?|(?:needs?|could\s+use|should\s+(?:get|have)|gets?)\s+"
                   r"(?=" + _HOW_LONG + r"(?:beat|pause|silence)\b"
                   r"[^.;!?]*?\b(?:before|after|when|as)\b))(?P<what>" + _HOW_LONG +
                   r"(?:beat|moment|pause|silence|look|glance|stillness)\b[^.;!?]*)", re.I)
_COULD_USE = re.compile(r"\b(?:scene\s+\d+|it|this|that)\s+(?:could\s+use|could\s+do\s+with|needs|wants)\s+"
                        r"(?P<what>(?:a|an|some)\s+[^.;!?]+)", re.I)
_SOMETHING = re.compile(r"\b(?:have|let|get)\s+(?P<who>(?:a|an|some|the)\s+(?:(?!(?:in|into|through|on|at|to|of|"
                        r"with|from|by|over|under)\b)[\w'-]+\s+){0,2}?[\w'-]+)\s+(?P<verb>(?:"
                        + "|".join(sorted(_VERBS, key=len, reverse=True)) + r")(?:e?s)?)\b(?P<rest>[^.;!?]*)", re.I)


_WEATHER = re.compile(r"\b(?:set\s+(?:it|scene\s+\d+)|(?:happen|take\s+place|play\s+out)s?)\s+(?:in|during|under)\s+"
                      r"(?P<what>(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:rain|storm|thunderstorm|snow|fog|mist|drizzle|"
                      r"downpour|hail|sleet|blizzard|gale|heatwave|sunshine|wind)s?)\b", re.I)
"""Weather a scene is set in ("set it in pouring rain"): an action line; a time of day is the heading's."""
_WEATHER_ADDED = re.compile(r"\b(?:add|put|bring\s+in|give\s+(?:it|scene\s+\d+|the\s+[\w' -]+?\s+(?:scene|one)))\s+"
                            r"(?:in\s+)?(?:(?:a\s+)?(?:bit|touch)\s+of\s+|some\s+|more\s+|a\s+(?:little\s+)?)?"
                            r"(?P<what>thunder|rain|wind|fog|mist|snow|lightning|drizzle|hail|sleet|a\s+storm|storm|"
                            r"a\s+thunderstorm|thunderstorm)\b(?![\s-]*(?:coat|jacket|boots|hat|cloud|machine|sound\s+effect|"
                            r"chimes?|globe|drain|door|proof|mac|breaker|turbine|shield|bow|drop|fall|flake))", re.I)
"""Weather added to a scene ("add thunder at the start of scene 4"): a line that shows it, never a prop."""
_WEATHER_DOING = re.compile(r"\bthe\s+(?P<what>rain|wind|snow|fog|mist|sleet|hail|storm|thunder|sea|river|waves)\s+"
                            r"(?:should|must|needs?\s+to|has\s+to|could)\s+(?:really\s+)?be\s+(?P<doing>[a-z]+ing)\b"
                            r"(?P<rest>(?:\s+(?!(?:not|instead|rather)\b)[a-z'-]+){0,4})", re.I)
"""Weather said as what it should be doing ("the sleet should be lashing the boards"): a line that shows it."""
_WEATHER_LINES = {"thunder": "Thunder rumbles", "rain": "Rain begins to fall", "wind": "The wind picks up",
                  "fog": "Fog rolls in", "mist": "Mist drifts in", "snow": "Snow begins to fall",
                  "lightning": "Lightning flashes", "drizzle": "A thin drizzle starts", "hail": "Hail rattles down",
                  "sleet": "Sleet slants down", "storm": "A storm breaks", "thunderstorm": "A thunderstorm breaks"}


_SOMEONE_DOING = re.compile(r"\badd\s+(?:in\s+)?(?P<who>{names})\s+(?P<verb>[a-z]+ing)\b(?P<rest>[^.;!?]*)", re.I)
"""Someone added doing something: "add mara wiping the counter at the start" is an action line."""
_ADDED_DOING = re.compile(r"(?:\badd\s+(?:in\s+)?|\bthere(?:'s|’s|\s+is|\s+should\s+be|\s+could\s+be|\s+are)\s+)"
                          r"(?P<who>(?:a|an|some|the\s+sound\s+of\s+(?:a|an|some))\s+"
                          r"(?:[\w'-]+\s+){0,2}?)(?P<noun>[a-z][\w'-]*)\s+(?P<verb>[a-z]+ing)\b(?!\s+of\b)(?P<rest>[^.;!?]*)",
                          re.I)
"""Something added doing something: "add a gull crying overhead", "there's a kite caught in the wires"."""


_ING_NOUNS = frozenset("""feeling building ceiling painting wedding morning evening ending opening meeting clothing
    beginning something nothing anything everything string wing sibling darling pudding stuffing lighting setting
    warning recording reading drawing blessing awning earring railing landing filling icing bedding""".split())


@cache
def verb_forms() -> frozenset[str]:
    """Return every form of the stage verbs ("whistle", "whistles", "whistling"): words a typo may be pulled to."""
    forms = set(_VERBS)
    for verb in _VERBS:
        forms.add(third_person(verb))
        forms.add((verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb) + "ing")
    return frozenset(forms)


def ing_base(word: str) -> str | None:
    """Return the verb a present participle is ("crying" -> "cry", "whistling" -> "whistle"), else None.

    Known stage verbs first; otherwise English spelling: "rumbl" and "danc" take their "e" back,
    "runn" loses its double letter.
    """
    stem = word.lower()[:-3]
    if len(stem) < 2 or not re.search(r"[aeiouy]", stem) or word.lower() in _ING_NOUNS:
        return None  # "thing", "a cold feeling": not a verb plus -ing here
    for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if candidate in _VERBS:
            return candidate
    if re.search(r"[bcdfgkptz]l$|[aeiou][cvz]$|[aeiou]s$", stem):
        return stem + "e"  # "rumbling", "moving", "raising"
    if re.search(r"([bdgmnpt])\1$", stem):
        return stem[:-1]  # "running", "humming"
    return stem


_NOT_A_VERB = frozenset("""the a an in on at to be more less his her their its back out up down off over some no
    any all older younger taller shorter one two own very show pop too so""".split())  # "have Jo show up": cast in it


def _any_verb(word: str) -> str | None:
    """Return the word after "have Ida" / "let Ruben" as a verb ("have Ruben radio in"), unless it cannot be one."""
    word = word.lower()
    if len(word) < 3 or word in _NOT_A_VERB or re.search(r"(?:er|est|ly|ful|ous|ish|ive|ing|ed|'s)$", word):
        return None
    return word


_IN_SCENE = re.compile(r"(?:\s+at\s+some\s+point)?(?:^|,\s*|\s+)(?:(?:in|on|at|during|for)\s+)?(?:scene|sc)\s*\d+\b",
                       re.I)


def _placed(rest: str) -> tuple[str, str]:
    """Return (where, the rest without its place words)."""
    place = next((where for pattern, where in _PLACE if pattern.search(rest)), "middle")
    for pattern, _ in _PLACE:
        rest = pattern.sub("", rest)
    rest = _TRAILING.sub("", rest.strip(" ,"))
    rest = _IN_SCENE.sub("", rest)  # "at some point in scene 4, with a chipped mug": the scene is the rewrite's
    return place, _TRAILING.sub("", rest).strip(" ,")


def _article(words: str) -> str:
    return "an" if re.match(r"[aeiou]", words, re.I) else "a"


def _said_as_is(clause: str) -> StageDirection | None:
    """Return an action line the request words as it should read: weather, something a scene could use, a beat."""
    weather = _WEATHER.search(clause)
    if weather:  # "set it in a thunderstorm": the weather is the scene's first line
        what = _TRAILING.sub("", weather.group("what").strip())
        return StageDirection(line=what[0].upper() + what[1:] + ".", place="start")
    state = _WEATHER_DOING.search(clause)
    base = ing_base(state.group("doing")) if state else None
    if state and base:  # "the sleet should be lashing the boards, not a drizzle": "The sleet lashes the boards."
        rest = state.group("rest").rstrip(" .!")
        return StageDirection(line=f"The {state.group('what').lower()} {third_person(base)}{rest}.", place="middle")
    added = _WEATHER_ADDED.search(clause)
    if added:  # "add thunder at the start of scene 4": "Thunder rumbles."
        kind = re.sub(r"^an?\s+", "", added.group("what").lower())
        place, rest = _placed(clause[added.end():])
        doing = re.match(r"\s*([a-z]+ing)\b(.*)$", rest or "", re.I)
        base = ing_base(doing.group(1)) if doing else None
        if doing and base:  # "add sleet rattling the wheelhouse glass": "Sleet rattles the wheelhouse glass."
            return StageDirection(line=f"{kind.capitalize()} {third_person(base)}{doing.group(2).rstrip(' .!')}.",
                                  place=place)
        return StageDirection(line=_WEATHER_LINES[kind] + ".", place=place)
    heard = _SOUND_OF.search(clause) or _WE_HEAR.search(clause)
    doing = _ADDED_DOING.search(clause)
    if heard and not (doing and ing_base(doing.group("verb"))):  # "add the sound of a distant train": what we
        # hear, never a prop called SOUND ("the sound of a kettle whistling" is the kettle whistling)
        place, what = _placed(heard.group("what"))
        kind = (heard.groupdict().get("kind") or "sound").lower()
        if kind not in ("sound", "noise"):  # "the hum of an old fridge" is heard as a hum
            what = f"the {kind} of {what}"
        return StageDirection(line=f"We hear {what}.", place=place) if what else None
    bare = _ADDED_SOUND.search(clause) or _BARE_SOUND.match(clause)
    if bare:  # "church bells across the harbour in scene 2 pls": what we hear there
        what = bare.group("what").strip()
        noun = re.search(SOUND_NOUNS, what, re.I)
        plural = noun is not None and (re.search(r"[^s]s$", noun.group(0), re.I) is not None or (
            noun.group(0).lower() in ("birdsong", "music", "traffic", "thunder", "rain")))  # "church bells", "birdsong"
        what = what if plural or re.match(r"(?:a|an|the|some)\s", what, re.I) else f"{_article(what)} {what}"
        return StageDirection(line=f"We hear {what}.", place="middle")
    wanted = _COULD_USE.search(clause) or _BEAT.search(clause)  # "scene 2 could use a car passing", "add a beat"
    if wanted:
        place, what = _placed(wanted.group("what"))
        return StageDirection(line=what[0].upper() + what[1:] + ".", place=place)
    return None


_A_SCENE = r"(?:scenes?\s*\d|sc\s*\d|it\b|the\s+(?:[\w'-]+\s+){0,3}?(?:scene|one|bit|opening|ending|opener)\b)"
"""A scene a sound is put in, as said after it ("… to scene 2", "… under the pier scene")."""
_SOUND_OF = re.compile(r"\b(?:add|put(?:\s+in)?|bring\s+in|lay\s+(?:in|down)?|i\s+want|we\s+need|"
                       r"give\s+(?:it|scene\s+\d+))\s+(?:in\s+)?(?:the|a|some)\s+(?:(?:low|faint|distant|constant|steady|soft|loud)\s+)?"
                       r"(?P<kind>sound|noise|hum|buzz|drone|rumble|hiss|creak|tick(?:ing)?|whirr?|clatter|rattle)s?\s+of\s+"
                       r"(?P<what>[^.;!?]+?)(?=\s+(?:to|in|into|at|during|under|over|beneath)\s+" + _A_SCENE + r"|"
                       r"\s*[.;!?,]|\s*$)", re.I)
_WE_HEAR = re.compile(r"(?:\b(?:i\s+want\s+(?:that\s+)?|let\s+|make\s+it\s+so\s+)?(?:we|you|the\s+audience)\s+"
                      r"(?:should\s+|can\s+|could\s+|to\s+|need\s+to\s+)?|"
                      r"\b(?:i|we)\s+(?:want|need|would\s+like|'d\s+like|’d\s+like)\s+to\s+"
                      r"(?=hear\s+" + AMBIENT_SOUND + r"))"
                      r"hears?\s+(?!(?:what|how|who|why|that|if)\b)"
                      r"(?P<what>[^.;!?]+?)(?=\s+(?:in|during|under|over)\s+" + _A_SCENE + r"|\s*[.;!?,]|\s*$)", re.I)
"""What we should hear in a scene, said as such ("in scene 3 I want that we hear the rain on the roof")."""
_BARE_SOUND = re.compile(r"^\W*(?P<what>(?:(?:a|an|the|some)\s+)?"
                         r"(?:(?:distant|faint|low|loud|lone|far-off|mournful)\s+)?"
                         r"(?:[\w-]+\s+)?(?:" + SOUND_NOUNS + r")\b[^.;!?]*?)\s+(?:in|to|for|under|over|during)\s+"
                         r"(?:scene\s+\d{1,3}|it)\s*(?:,?\s*(?:please|pls|plz|too|as\s+well))?\W*$", re.I)
"""A sound named with no verb, then its scene: "foghorn out on the water in scene 2 pls" (we hear it)."""
_ADDED_SOUND = re.compile(r"\b(?:add|put|bring\s+in|stick|throw\s+in)\s+(?:in\s+)?(?P<what>(?:(?:a|an|the|some)\s+)?"
                          r"(?:(?:distant|faint|low|loud|lone|far-off|mournful)\s+)?(?:" + SOUND_NOUNS + r")"
                          r"(?:\s+[a-z]+ing)?)\b"  # "church bells ringing"
                          r"(?=\s+(?:to|in|into|on|over|under|at|during)\s+(?:scene\s+\d{1,3}|it|this|that)\b)", re.I)
"""A sound put in a scene ("put gulls on scene 5", "add gulls to it"): what we hear there, never a character."""
_ADDED_MOMENT = re.compile(r"\b(?:add|put\s+in|give\s+(?:it|us|scene\s+\d+))\s+(?:in\s+)?(?:a|an|one)\s+(?:\w+\s+)?"
                           r"(?:moment|beat|bit)\s+(?:where|when|in\s+which)\s+(?P<what>[^.;!?]+)", re.I)
"""A moment added by what happens in it ("add a quiet moment where Tom counts the float"): that is the line."""


_THING_DOES = re.compile(r"(?:^|,\s*|\b(?:scene|one|opening|ending)(?:\s+\d+)?\s*:\s*|\bscene\s+\d+\s+|"
                         r"\bmake\s+it\s+so\s+(?:that\s+)?)"
                         r"(?P<who>(?:(?:a|an|the|her|his|their|[a-z]+(?:'s|’s))\s+(?:[\w'-]+\s+){0,2}?[\w'-]+|"
                         r"(?:heavy\s+|light\s+|sudden\s+)?(?:wind|rain|snow|fog|mist|thunder|lightning|smoke|steam|hail|"
                         r"sleet|sunlight|moonlight|daylight))"
                         r"(?:\s+(?:on|in|of|at|by|from)\s+(?:the|a|an|her|his|their)\s+[\w'-]+)?)\s+"
                         r"(?P<modal>(?:should|needs?\s+to|must|has\s+to)\s+)?(?P<verb>[a-z]+)\b(?P<rest>[^.;!?]*)",
                         re.I)
"""Something that happens, told as it should read: "in the opening, a cat wanders across the counter"."""
_NOT_A_DOER = re.compile(r"\b(?:scenes?|logline|outline|film|movie|script|screenplay|ending|opening|shots?|music|score|"
                         r"title|camera|cut|edit|version|line|lines|dialogue|one|bit|part|tone|pace|pacing|mood|tension|"
                         r"energy|rhythm|atmosphere|vibe|feel|story|plot|stakes|audience|viewers?)$", re.I)


_THING_SHOULD = re.compile(_THING_DOES.pattern.replace("(?P<modal>(?:should|needs?\\s+to|must|has\\s+to)\\s+)?",
                                                      "(?P<modal>(?:should|needs?\\s+to|must|has\\s+to)\\s+)"), re.I)
"""The same with its modal said ("her phone torch should die"): the thing is every word before it."""


def _thing_does(clause: str, characters: Sequence[str]) -> StageDirection | None:
    """Return what a thing or someone unnamed does in a scene ("the van should stall"), else None."""
    found = _THING_SHOULD.search(clause) or _THING_DOES.search(clause)
    whose = re.match(r"([a-z]+)(?:'s|’s)\s", found.group("who"), re.I) if found else None
    if found is None or _NOT_A_DOER.search(found.group("who")) or any(
            n.lower() in found.group("who").lower() for n in characters if not whose or n.lower() != whose[1].lower()):
        return None  # "juno's hands should shake" is something that happens; "juno should …" is Juno's own
    if whose and (not any(n.lower() == whose[1].lower() for n in characters) or not found.group("modal")):
        return None  # "the film's pace should …": only a character's hands, phone or coat do things, when asked
        # to ("juno's hands should shake"); "juno's hands shake when she is cold" is who she is
    who, said = found.group("who").strip(), found.group("verb").lower()
    head = re.split(r"\s+(?:on|in|of|at|by|from)\s+", who, maxsplit=1)[0]  # "the lights on the bus": the lights
    if whose:
        who = whose[1].title() + who[len(whose[1]):]
    plural = re.search(r"[^su'’]s$", head, re.I) is not None  # "the kids", not "the bus" or "the crate's"
    if found.group("modal") or plural:
        verb = _base(said) or _any_verb(said)
        does = verb if plural else third_person(verb or "")
    else:  # "a cat wanders": a verb in the third person, which a noun after "a cat" would not be
        verb = (_base(said) or _any_verb(said[:-1])) if re.search(r"[^s]s$", said) else None
        does = said
    rest = found.group("rest")
    moving = verb == "get" and re.match(r"\s*(?:in|out|up|on|off|into|through|past|away|down|stuck|caught|loose|"
                                        r"tangled|knocked|blown)\b", rest, re.I)  # "a bird gets in": it moves
    if verb is None or (verb in _NOT_HAPPENING and not moving):
        return None
    if verb == "look" and not _LOOKS_SOMEWHERE.match(rest):
        return None  # "the office should look older" is how it looks: the designer's
    place, rest = _placed(rest)
    return StageDirection(line=f"{who[0].upper()}{who[1:]} {does}{' ' + rest if rest else ''}.", place=place)


_NOT_HAPPENING = frozenset("""be is was has have had feel feels seem seems need needs want wants say says read reads
    sound sounds work works go goes come comes get gets play plays drag drags end ends open opens
    mean means matter matters stay stays remain remains""".split()) - {"go", "goes", "come", "comes", "open"}
"""Verbs that say how something is or what a note wants, not something that happens on screen."""


_BEAT_WHERE = re.compile(r"(?P<beat>\b(?:moment|beat|pause|second|minute))\s+(?:where|in\s+which|when)\s+"
                         r"(?:she|he|they)\s+(?=[a-z]+s\b)", re.I)


def _named_doing(clause: str, characters: Sequence[str], names: str) -> StageDirection | None:
    """Return "add mara wiping the counter" or "give mara a moment alone" as that person's action line."""
    doing = re.compile(_SOMEONE_DOING.pattern.replace("{names}", names), re.I).search(clause)
    if doing and ing_base(doing.group("verb")):  # "add mara wiping the counter at the start"
        place, rest = _placed(doing.group("rest"))
        who = next(n for n in characters if n.lower() == doing.group("who").lower()).upper()
        return StageDirection(line=f"{who} {third_person(ing_base(doing.group('verb')) or '')}"
                                   f"{' ' + rest if rest else ''}.", place=place)
    pause = re.search(rf"\bgive\s+(?P<who>{names})\s+(?:a|an)\s+(?P<what>(?:\w+\s+)?(?:moment|beat|pause|second|minute)"
                      rf"\b[^.;!?]*)", clause, re.I)  # "give juno a moment alone before the bus passes"
    if pause:
        place, what = _placed(pause.group("what"))
        who = next(n for n in characters if n.lower() == pause.group("who").lower())
        what = _BEAT_WHERE.sub(r"\g<beat>, ", what)  # "a pause where he looks out to sea": a pause, he looks
        return StageDirection(line=f"{who.upper()} takes a {what}.", place=place)
    return None


_ENDS_ON = re.compile(r"\b(?:(?:scene\s*\d+|it|this(?:\s+(?:one|scene))?|that(?:\s+(?:one|scene))?)\s+"
                      r"(?:(?:to|should|could|must|will|can|needs?\s+to|has\s+to)\s+)?(?P<verb>end|close|finish|open|"
                      r"start|begin)(?:s|es)?|(?P<verb2>end|close|finish|open|start|begin)\s+(?:it|the\s+scene|scene\s*\d+))"
                      r"\s+(?:on|with)\s+(?!(?:the\s+)?(?:film|movie|short|scene|sc)\b)(?!" + CUT_TO + r")"
                      r"(?P<what>[^.;:,!?]+)", re.I)
"""A scene told what it opens or ends on: "scene 4 should end on Ida alone", "open it on the empty bridge"."""


def _ends_on(clause: str, characters: Sequence[str]) -> StageDirection | None:
    """Return the closing (or opening) image a scene is told to end (or open) on, as the line that holds on it."""
    found = _ENDS_ON.search(clause)
    if found is None:
        return None
    place, what = _placed(found.group("what"))
    if not what:
        return None
    verb = (found.group("verb") or found.group("verb2")).lower()
    opening = verb in ("open", "start", "begin")
    saying = re.match(r"(?P<who>[a-z][\w'’-]*)\s+(?:saying|says|asking|asks)\s*[:,—–-]?\s*(?P<said>\S.*)$",
                      found.group("what") + found.string[found.end():], re.I)
    speaker = next((n for n in characters if saying and n.lower() == saying.group("who").lower()), None)
    if saying and speaker:  # "close the ferry scene with mara saying: not yet." is her line, last
        said = saying.group("said").strip(" \"“”'‘’")
        said = said[:1].upper() + said[1:] + ("" if re.search(r"[.!?…]$", said) else ".")
        return StageDirection(line=said, place="start" if opening else "end", speaker=speaker.upper())
    for name in characters:  # "end on ida alone": IDA alone
        what = re.sub(rf"\b{re.escape(name)}\b", name.upper(), what, flags=re.I)
    return StageDirection(line=f"{'We open on' if opening else 'We hold on'} {what}.",
                          place="start" if opening else "end")


_MOMENT_HOW = r"(?:(?:right|just)\s+)?(?P<how>after|when|as\s+soon\s+as|once|as|while|before)\s+"
_LEADING_MOMENT = re.compile(r"^\W*(?:(?:(?:in|on|at|for)\s+)?scene\s+\d+\s*[,:]\s*)?" + _MOMENT_HOW +
                             rf"(?P<moment>(?:{QUOTED}|[^,;.!?]){{6,}}?)\s*[,;—–-]\s*", re.I)
_TRAILING_MOMENT = re.compile(r"\s+" + _MOMENT_HOW +
                              r"(?P<moment>(?P<who>[\w'’]+)\b[^,;!?]{4,}?)\.?$", re.I)
"""When an action happens, said before or after it: "after Tom asks for the keys, …", "… when the bell goes"."""
_INSTEAD_LEADING = re.compile(r"^\W*(?:in\s+scene\s+\d+\s*,\s*)?(?:so\s+)?instead\s+of\s+(?P<was>[a-z]+ing\b[^,;.!?]*?)"
                              r"(?:\s+(?:in|on)\s+scene\s+\d+)?\s*(?:[,;—–-]\s*|\s+(?=\w+\s+(?:just\s+)?\w+s\b))", re.I)
_INSTEAD_TRAILING = re.compile(r"[\s,]+instead\s+of\s+(?P<was>[a-z]+ing\b[^,;.!?]*?)\s*[.!]*$", re.I)
_NOT_THEN = re.compile(r"^\W*(?P<who>[a-z]+)\s+(?:shouldn'?t|should\s+not|doesn'?t|does\s+not|mustn'?t|won'?t)\s+"
                       r"(?P<was>[a-z]+\b[^,;.!?]*?)\s*[,;—–-]\s*(?:(?:she|he|they|instead)\s+)?(?:just\s+|instead\s+)?"
                       r"(?P<does>[a-z]+s\b[^;.!?]*)", re.I)
"""Done in place of what the scene has: "instead of tying it, she pockets it", "Tom shouldn't run, he walks"."""
_QUOTED_MOMENT = re.compile(r"\s+(?:(?:right|just)\s+)?(?P<how>after|before|when|as)\s+(?:[\w'’]+\s+says\s+)?"
                            r"[\"“‘'](?P<moment>[^\"”’]{3,})[\"”’']?\.?$", re.I)
_MOMENT_SUBJECTS = frozenset("he she they it the his her their someone somebody everyone".split())


NOT_DOING = re.compile(r"^\W*(?:(?:in|on)\s+(?:scene|sc\.?)\s*\d{1,3}\s*[,:]?\s*)?(?P<who>[a-z][\w'-]*)\s+"
                       r"(?:should\s+not|shouldn'?t|must\s+not|mustn'?t|(?:does|do)\s+not\s+need\s+to|(?:doesn'?t|don'?t)\s+need\s+to|"
                       r"needn'?t|never)\s+(?P<verb>[a-z]+)\b(?P<rest>[^,;!?]*?)[.!]*\s*$", re.I)
"""Something someone should not do, and nothing in its place: the moment they do it goes when the scene has it
(taken_out.refused_moment), else it is a pointed line ("IDA does not glance at him.")."""


def stage_direction(clause: str, characters: Sequence[str]) -> StageDirection | None:
    """Return the action a request asks for in a scene, or None when it asks none.

    A character told to do something ("have Ida smile at the end"), something that happens ("have a
    gull go past"), or a beat added ("add a beat of silence before he turns"). A moment it happens at
    ("after she reads the form, …", "… when the bell goes") places it in the scene.
    """
    added = _ADDED_MOMENT.search(clause)
    inner = stage_direction(added.group("what"), characters) if added else None
    if inner is not None:
        return inner
    instead = _INSTEAD_LEADING.match(clause) or _INSTEAD_TRAILING.search(clause)
    if instead:  # "instead of flicking the indicator, ruben swings the wheel": that moment is replaced
        rest = re.sub(r"\b(?:just|simply|only)\s+", "", clause[:instead.start()] + " " + clause[instead.end():])
        return _in_place_of(stage_direction(rest.strip(" ,"), characters), instead.group("was"))
    refused = _NOT_THEN.match(clause)
    if refused and any(n.lower() == refused.group("who").lower() for n in characters):
        # "juno shouldn't run at the end, she walks off slowly": her running is replaced
        action = _in_place_of(stage_direction(f"{refused.group('who')} {refused.group('does')}", characters),
                              refused.group("was"))
        return action  # what she does instead, or nothing readable: never "she does not smile" as a line
    action, leads = _after_its_moment(clause, characters)
    if action is None or action.speaker:
        return action
    named = action.line
    for name in characters:  # "… as juno runs up the aisle": Juno, as a screenplay writes her
        named = re.sub(rf"\b{re.escape(name.lower())}\b", name.title(), named)
    action = replace(action, line=named)
    if leads and not action.after and action.before and leads.group("how").lower() != "before":
        # "after he asks 'why?', give her a beat before she answers": after his line, then before her answer
        return replace(action, after=leads.group("moment").strip())
    if action.after or action.before:
        return action
    quoted = _QUOTED_MOMENT.search(action.line)
    if quoted:  # "… flicker once after 'It is tonight.'": just after that line is said
        line = action.line[:quoted.start()].rstrip(" ,") + "."
        moment = quoted.group("moment").strip(" .")
        return replace(action, line=line, **{"before" if quoted.group("how").lower() == "before" else "after": moment})
    leading = _LEADING_MOMENT.match(clause)
    trailing = _TRAILING_MOMENT.search(action.line)
    if trailing and trailing.group("who").lower() not in _MOMENT_SUBJECTS and not any(
            n.lower() == trailing.group("who").lower() for n in characters):
        trailing = None  # "… as well as the cups" is no moment; "… when the bell goes", "… as Juno leaves" are
    found = leading or trailing
    if found is None:
        return action
    how, moment = found.group("how").lower(), found.group("moment").strip()
    if found is trailing and how not in ("as", "while"):  # "… when the bell goes": placed there, not said twice
        action = replace(action, line=action.line[:trailing.start()].rstrip(" ,") + ".")
    if how == "before":
        return replace(action, before=moment)
    if found is leading and trailing and trailing.group("how").lower() == "before":
        # "after he asks, give her a beat before she answers": between the two, the line without its "before"
        action = replace(action, line=action.line[:trailing.start()].rstrip(" ,") + ".",
                         before=trailing.group("moment").strip())
    return replace(action, after=moment)


def _after_its_moment(clause: str, characters: Sequence[str]) -> tuple[StageDirection | None, re.Match[str] | None]:
    """Return the action a clause asks for, and the moment said before it ("after tomas comes in, mara hums").

    What is done follows the moment; a line said after one ("after he finds it, have him say 'no'") is placed there.
    """
    action = _stage_direction(clause, characters)
    leads = _LEADING_MOMENT.match(clause)
    if action is None and leads:
        action = _stage_direction(clause[leads.end():], characters)
    if action is not None and action.speaker and leads and not (action.after or action.before):
        action = replace(action, after=leads.group("moment").strip())
    return action, leads


def _said_line(spoken: Spoken) -> StageDirection:
    """Return a line of dialogue as the scene gets it, where the request puts it ("… 'Not yet.' at the end")."""
    place, said = _placed(spoken.said)
    if spoken.where:  # "give mara 'Not yet.' at the end of the pier scene": where the words go
        place = _placed(spoken.where)[0]
    words = spoken.words(said)
    if spoken.manner and words[:1].islower():
        words = words[0].upper() + words[1:]  # "'low tide' under his breath": a line of its own
    if spoken.manner and not re.search(r"[.!?…]$", words):
        words += "."
    return StageDirection(line=words, place=place, speaker=spoken.speaker, after=spoken.after, manner=spoken.manner)


def _in_place_of(action: StageDirection | None, was: str) -> StageDirection | None:
    """Return the action as done in place of what the scene has ("run at the end" -> the sentence where she runs)."""
    if action is None:
        return None
    place, what = _placed(was)
    return replace(action, replaces=what, place=place if action.place == "middle" else action.place)


def _stage_direction(clause: str, characters: Sequence[str]) -> StageDirection | None:
    """Return the action line a request asks for, with where it goes ("start", "end" or "middle")."""
    spoken = spoken_line(clause, characters)
    if spoken is not None:  # "slip in a line where Mara says her brother sailed": "My brother sailed."
        return _said_line(spoken)
    as_is = _said_as_is(clause) or _ends_on(clause, characters) or _thing_does(clause, characters)
    if as_is is not None:
        return as_is
    doing = _ADDED_DOING.search(clause)
    if doing and ing_base(doing.group("verb")):  # "add a dog barking somewhere": "A dog barks somewhere."
        place, rest = _placed(doing.group("rest"))
        who = re.sub(r"^the\s+sound\s+of\s+", "", doing.group("who"), flags=re.I).strip()
        base, noun = ing_base(doing.group("verb")) or "", doing.group("noun")
        plural = not re.match(r"an?\b", who, re.I) and noun.lower().endswith("s")  # "some kids laugh"
        line = f"{who[0].upper()}{who[1:]} {noun} {base if plural else third_person(base)}"
        return StageDirection(line=f"{line}{' ' + rest if rest else ''}.", place=place)
    thing = _SOMETHING.search(clause)
    if thing and _base(thing.group("verb")) and not _NOT_A_DOER.search(thing.group("who").strip()) and not any(
            n.lower() in thing.group("who").lower() for n in characters):
        place, rest = _placed(thing.group("rest"))
        who = thing.group("who").strip()
        base = _base(thing.group("verb")) or ""
        does = base if re.search(r"[^su]s$", who, re.I) else third_person(base)  # "the lights flicker"
        line = f"{who[0].upper()}{who[1:]} {does}{' ' + rest if rest else ''}."
        return StageDirection(line=line, place=place)
    if not characters:
        return None
    names = "|".join(re.escape(n) for n in sorted(characters, key=len, reverse=True))
    named = _named_doing(clause, characters, names)
    if named is not None:
        return named
    pair = re.search(rf"(?:^|\bwhere\s+|\b(?:have|let|make)\s+|\bscene\s+\d+,?\s+|[:,-]\s*)(?P<a>{names})\s+"
                     rf"(?:and|&)\s+(?P<b>{names})\s+(?:should\s+|(?:need|have|get)\s+to\s+)?(?P<verb>[a-z]+)\b(?P<rest>[^.;!?]*)",
                     clause, re.I)
    if pair and _base(pair.group("verb")) == pair.group("verb").lower():  # "ida and ruben share a look"
        place, rest = _placed(pair.group("rest"))
        a, b = (next(n for n in characters if n.lower() == pair.group(k).lower()).upper() for k in ("a", "b"))
        line = f"{a} and {b} {pair.group('verb').lower()}{' ' + rest if rest else ''}."
        return StageDirection(line=line, place=place)
    state = re.search(rf"\b(?P<who>{names})\s+(?:should|must|needs?\s+to|has\s+to|could)\s+"
                      rf"(?:be\s+(?P<ing>[a-z]+ing)\b|have\s+(?=(?:her|his|their|a|an)\s))(?P<rest>[^.;!?]*)",
                      clause, re.I)  # "juno should be shivering on the bus", "ida should have her glasses off"
    if state:
        rest = re.sub(r"\s+(?:on|in|at|inside|aboard)\s+scene\s+\d+\s*$", "", state.group("rest").strip(), flags=re.I)
        place, rest = _placed(rest)  # the scene it happens in is the rewrite's, not the line's
        who = next(n for n in characters if n.lower() == state.group("who").lower()).upper()
        does = f"is {state.group('ing').lower()}" if state.group("ing") else "has"
        return StageDirection(line=f"{who} {does}{' ' + rest if rest else ''}.", place=place)
    refused = re.search(rf"\b(?P<who>{names})\s+(?P<not>shouldn'?t|should\s+not|mustn'?t|must\s+not|doesn'?t|"
                        rf"does\s+not|can'?t|won'?t|never)\s+(?:even\s+)?(?P<verb>[a-z]+)\b(?P<rest>[^.;!?]*)",
                        clause, re.I)
    undone = _base(refused.group("verb")) if refused else None
    if refused and undone:  # "ida mustn't answer him", "ida never smiles"
        place, rest = _placed(refused.group("rest"))
        who = next(n for n in characters if n.lower() == refused.group("who").lower()).upper()
        does = f"never {third_person(undone)}" if refused.group("not").lower() == "never" else f"does not {undone}"
        return StageDirection(line=f"{who} {does}{' ' + rest if rest else ''}.", place=place)
    for index, template in enumerate(_PATTERNS):
        said = f"{names}|her|him|them" if index == 0 else names  # "have her drop the rope": she does
        match = re.compile(template.pattern.replace("{names}", said), template.flags).search(clause)
        if match is None:
            continue
        loose = index == 0 and re.match(r"ha|le|ca|co", match.group(0), re.I) and (  # "have ruben radio in": any
            match.group("who").lower() not in _SUBJECT_OF)  # verb; "have her voice deeper" is no "she voices"
        verb = _base(match.group("verb")) or (_any_verb(match.group("verb")) if loose else None)
        if verb is None or (index == 3 and match.group("verb").lower() == verb and verb not in ("hide",)):
            continue  # the plain pattern needs a verb in the third person ("Ida smiles"), not "Ida smile"
        rest = match.group("rest")
        if verb == "look" and not _LOOKS_SOMEWHERE.match(rest):
            continue  # "Ida should look tired" is how she looks, not something she does
        if verb == "come" and re.match(r"\s*(?:across|off)\b(?!\s+(?:the|an|his|her|their|to|from)\b)"
                                       r"(?!\s+a\s+(?!(?:bit|little|touch|lot|tad)\b))", rest, re.I):
            continue  # "so she comes across warmer" is how she plays, which the rewrite's tone carries
        place, rest = _placed(rest)
        rest = re.sub(rf"\b(?:{names})\b", lambda m: m.group(0).title(), rest, flags=re.I)  # "offers juno": Juno
        rest = _AND_THEN.sub(lambda m: f"{m.group(1)} {third_person(m.group(2).lower())}" if (
            m.group(2).lower() in _VERBS) else m.group(0), rest)  # "stops at the door and looks back"
        subject = _SUBJECT_OF.get(match.group("who").lower())
        who = subject or next(n for n in characters if n.lower() == match.group("who").lower()).upper()
        does = verb if subject == "They" else third_person(verb)
        line = f"{who} {does}{' ' + rest if rest else ''}."
        return StageDirection(line=line, place=place)
    return None


_SUBJECT_OF = {"her": "She", "him": "He", "them": "They"}
"""Someone told to do something as "her"/"him": the line says "She …" (the scene has said who)."""


def heard(clause: str) -> bool:
    """Tell whether a request adds something heard ("add the sound of a distant train"): a line, not a prop."""
    return _SOUND_OF.search(clause) is not None or _WE_HEAR.search(clause) is not None
