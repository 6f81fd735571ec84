"""What kind of thing a person said: a question, a command, small talk, or nothing readable.

Questions are answered read-only; small talk gets words, never a tool; a command is the only
thing that may change the project, and only when the words for that change are there (cues.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from agent.formats.script_terms import AMBIENT_SOUND
from agent.llm.offline.lines import asks_for_words

__all__ = ["FINE", "HOW_ARE_YOU", "LEFT_AS_IS", "NOT_A_RECORDING", "SENTENCE_BREAK", "WISH", "SpeechAct", "commands",
           "UNDECIDED", "is_aside", "is_follow_up", "says_what_it_means", "speech_act"]

SpeechAct = Literal["question", "social", "command", "empty"]

_FILLER = re.compile(r"^(?:(?:hey|hi|ok|okay|so|um+|uh+|hmm+|right|well|alright|and|oh|also|now|quick question|wait|"
                     r"idk|i dunno|dunno|i don't know|i dont know|just|maybe|perhaps|"
                     r"hold on|hang on|sorry|huh|erm|er|actually|but|honestly|seriously|look|quick check|roughly|"
                     r"approximately|exactly|basically|out of interest|by the way|btw|quick q)"
                     r"(?:[,!.]|\s+[-—–])?\s+)+", re.I)
_POLITE = re.compile(r"^(?:(?:can|could|would|will|won't|wouldn't|shall)\s+(?:you|we|u|ya|i)|(?:you|u)\s+(?:can|could))"
                     r"\s+(?:please\s+|maybe\s+|just\s+)?(?:to\s+)?(?P<verb>[\w'-]+)", re.I)
"""A polite request at a clause's start: "can you cut it?", "you can cut it?", a learner's "can you to make …"."""
_POLITE_INSIDE = re.compile(r"\b(?:can|could|would|will)\s+(?:you|we|u|i)\s+(?:please\s+|maybe\s+|just\s+)?"
                            r"(?P<verb>[\w'-]+)", re.I)
"""A polite request anywhere in a sentence ("sorry, but could we drop it?").

Narrower than ``_POLITE``, which reads only a clause's start but also takes "won't", "shall" and "ya":
merging the two would change which multi-sentence requests count as asking for a change.
"""
_DELIVERABLE = re.compile(r"\b(?:as\s+an?\s+[\w ]*?(?:file|pdf|export|xml|csv|zip)|fdx|final draft|fountain|otio|edl|"
                          r"fcpxml|pdf|csv|download|export(?:ed)?|printable|print-ready|hard\s*copy)\b", re.I)
_COULD_IT = re.compile(r"(?:^|^scene\s+\d+\b[^?]*?(?:\s[-—–]\s|[—–:]\s*))(?:could|can|would|should)\s+"
                       r"(?:it|this|that|the\s+\w+(?:\s+(?!(?:be|feel|get|go|sound|play|read)\b)\w+)?|scene\s+\d+|"
                       r"(?!(?:you|we|i|u|there)\b)[a-z][\w'-]*)\s+(?:(?:be|feel|get|go|sound|play|read)\s+"
                       r"(?:a\s+(?:bit|lot|little|touch)\s+|much\s+|way\s+)?(?:more|less|\w+er)|"
                       r"[a-z]+\s+(?:a\s+(?:bit|lot|little|touch)\s+)?(?:more|less)(?!\s+than))\b", re.I)
"""A change asked of a scene: "could it get a little darker?", "scene 2 — can it linger a little more?"."""
_COULD_BE_IN = re.compile(r"^(?:could|can|would)\s+(?!(?:we|you|i|u|they|there)\b)[A-Za-z][\w'-]*\s+(?:also\s+)?"
                          r"(?:be|appear|show\s+up|turn\s+up)\s+(?:also\s+)?(?:in|on|at|inside|aboard)\s+"
                          r"(?:the\s+[\w'-]+|scene\s+\d+)\b(?:[^?]*\b(?:too|as\s+well|also)\b)", re.I)
"""Someone asked into a scene: "could mara be on the ferry too?" (said as a question, meant as a change).

Not structure._ALSO_IN: this tells a change from a question before any name is read, so it takes any place, not
only "scene N", but needs "too" or "as well"."""
_SOMEONE_IN_SCENE = re.compile(r"^(?:can|could)\s+(?!(?:you|we|i|u|ya|it|this|that|there|they|he|she|anyone|someone)\b)"
                               r"[A-Za-z][\w'-]*\s+(?!(?:be|have|get|feel|seem|look|sound|still|already|ever|not)\b)"
                               r"[a-z]+\b[^?]*\b(?:in|on|during|at\s+the\s+(?:start|end)\s+of)\s+scene\s+\d+\b[^?]*\?$",
                               re.I)
"""Someone asked to do something in a scene: "can mara slam the drawer in scene 4?" (a change, said as a question)."""
WISH = (r"(?:(?:can|could|may)\s+(?:i|we|u)\s+(?:please\s+)?|let\s+(?:me|us)\s+|i'?d\s+(?:like|love)\s+to\s+|"
        r"i\s+(?:want|need)\s+to\s+)")
"""How a film-maker says they would like to see or hear something ("can I", "let me", "I'd love to")."""
NOT_A_RECORDING = (r"(?!(?:what|how|who|why|where|when|if|whether|about|more|less|much|enough|from|a\s+bit|"
                   r"a\s+little|a\s+lot)\b|" + AMBIENT_SOUND + ")")
"""What after "hear" asks for words or more lines ("hear what she says", "hear more from her"), or a sound of the
place ("hear birds at dawn"), not a recording."""
_MADE_TO_SEE = re.compile(
    r"^" + WISH + r"(?:(?:see|look\s+at|get|have)\s+(?:a|an|some|any)\s+(?:quick\s+|rough\s+|first\s+)?"
    r"(?:frame|still|picture|image|storyboard|sketch|drawing|board)s?\b|"
    r"hear\s+" + NOT_A_RECORDING + r")", re.I)
"""Asking to see a picture or hear a recording ("could I see a frame of …", "can I hear the ferry scene?"): there
is none to read until it is made, so it asks for one to be made."""
_LOOK_VERBS = frozenset("see look view have get know tell show read hear check find remind".split())
_WH = re.compile(r"^(?:(?:in|on|at|from|to|for|by|with|since|until)\s+(?:which|what|whose|whom)\b|"
                 r"(?:what|what's|whats|who|who's|whos|whose|which|where|where's|when|why|how|how's|hows)\b)", re.I)
_WH_AFTER_LEAD = re.compile(r"^(?:(?:in|on|at|during|inside|for)\s+[^,?!.]{1,60}?|[^?!.]{1,80}?\s[-—–:]+|"
                            r"(?:the|that|this)\s+(?:line|lines|words?|bit)\s+[\"“‘'][^?!]{1,80}?[\"”’'],)\s*,?\s*"
                            r"(?<!scene )(?<!bit )(?<!part )(?<!moment )(?<!one )(?<!shot )(?<!place )(?<!time )"
                            r"(?:what|who|where|when|why|how|which)(?:['’]s\b|\s+(?:[a-z]+\s+)?(?:does|did|do|is|are|"
                            r"was|were|has|have|had|can|could|happens?|happened|says?|said|comes?|goes|gets?)\b)", re.I)
"""A question after where it is asked about: "in the pier scene at dusk what does mara do with the net",
"the lantern - what colour is its glass?" (not "in the scene where she finds it, add ...")."""
_TAIL_ASKS = re.compile(r"^[^?!.,]{3,90},\s*(?:(?:is|was|are|were|does|did|do|has|have)\s+(?:that|it|this|she|he|they|"
                        r"there)\b|(?:what|what's|whats|who|who's|whos|where|where's|when|which|how|how's)\s+"
                        r"(?!(?:do|did|would|d'you)\s+(?:you|u|we|ya)\s+(?:think|reckon|say|feel)|about\b|if\b))"
                        r"[^,;:?!.]*$", re.I)
"""A question after what it is about: "the ferry scene where he coils the rope, is that day or night"."""
_ATTRIBUTE_ASKED = re.compile(r"^(?:the\s+)?(?:colou?r|age|length|runtime|running\s+time|run\s+time|number|year|date|"
                              r"price|size|height|title|genre|logline|time\s+of\s+day|spend|budget|total)"
                              r"(?:\s+of\s+(?:the\s+|her\s+|his\s+|their\s+|[a-z]+'s\s+)?[a-z][\w' -]{0,50}?|"
                              r"\s+(?:as\s+it\s+stands|so\s+far|now|right\s+now|at\s+the\s+moment|currently))?"
                              r"\s*$", re.I)
"""A bare noun asked for, no verb, no value: "colour of the rope on the bell", "the runtime right now"."""
_DO_IT = re.compile(r"^do\s+(?:it|this|that|the\s+same|one)\b", re.I)
"""An imperative "do" ("do it on a new branch", "do the same for the ferry one"): it tells, it asks nothing."""
_NOT_QUESTION_WH = re.compile(r"^(?:what if|how about|why don't|why not|what about|why dont)\b", re.I)
_WHEN_THEN = re.compile(r"^(?:when|once|as\s+soon\s+as|while|whenever)\s+(?!(?:should|must|could|would|will|do|does|"
                        r"did|is|are|can)\b)[^?]*?\b(?:should|must|needs?\s+to|has\s+to|ought\s+to)\b[^?]*$", re.I)
"""A moment and what it should be ("when she opens the door it should feel cold"): a note, not a question."""
_AUX = re.compile(r"^(?:(?:is|are|was|were|does|did|has|have|had|am|isn't|aren't|doesn't|didn't|hasn't|haven't|"
                  r"do|don't|should|shall)\s+(?:we|you|i|they|it|there|this|that|these|those|the|she|he|any|my|our|"
                  r"all|scene|shot)\b|any\b)", re.I)
_READ_REQUEST = re.compile(r"^(?:please\s+)?(?:tell me|show me|remind me|let me see|let's see|give me (?:a |an )?"
                           r"(?:summary|overview|recap|rundown)|list|describe|summari[sz]e|read me|read)\b(?!.*\bas\b)"
                           r"(?![^:]*:\s*\S)|"
                           r"^(?:a\s+|the\s+|quick\s+)*(?:synopsis|summary|recap|rundown|gist)(?:\s+please)?\W*$",
                           re.I)  # "synopsis please": a bare summary asked for is read, not written
_ASKED_FOR = re.compile(r"\b(?:wants?\s+to\s+know|(?:is|are|was|were|keeps?)\s+asking|asked\s+me|"
                        r"(?:i'?m|we'?re)\s+wondering)\s+(?:what|where|who|whose|which|when|how)\b", re.I)
"""A question passed on: "the art department wants to know what hangs on the wall"."""
_DOES_SOMEONE = re.compile(r"^(?:does|did|doesn't|didn't|will|would)\s+(?!(?:you|we|i|u)\b)[a-z][\w'-]*\s+"
                           r"(?:ever\s+|even\s+|still\s+|actually\s+|really\s+|also\s+|not\s+)?(?:say|do|go|have|"
                           r"get|know|come|appear|wear|see|find|meet|leave|take|mention|talk|speak|look|seem|sound|end|"
                           r"start|make|need|want|like|love|hate|drive|work|live|die|own|keep|lose)\b", re.I)
"""Whether someone does something, asked without a question mark: "does tomas ever talk about his brother"."""
_IS_SOMEONE_IN = re.compile(r"^(?:is|was)\s+[a-z][\w'-]*\s+(?:even\s+|ever\s+|also\s+|still\s+)?"
                            r"(?:in|at|on)\s+(?:the|a|any|either|both|all|scenes?|sc)\b", re.I)
"""Whether someone is in a scene, asked without a question mark: "is mara in the last scene"."""
_SOCIAL = re.compile(
    r"^(?:(?:thanks?(?: you)?(?: so much| a lot)?|thx|ty|ta|cheers|great|cool|nice|awesome|perfect|lovely|brilliant|"
    r"good job|well done|nice work|great work|amazing|wow|hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|"
    r"bye|goodbye|see you|ok|okay|k|got it|sounds good|love it|haha|lol|:\)|ha|hmm+|hm+|um+|uh+|oh|ah|right|sure|"
    r"fine|alright|yes|yeah|yep|no|nope|nah|interesting|noted|understood|neat|sweet|excellent|fab|fantastic|"
    r"reelsmith|team|guys|mate|there|everyone|all|that'?s|that is|it'?s|this is|looks?|sounds|so|really|very|"
    r"pretty|much|appreciated|good|exactly|spot on|what i wanted|works|for (?:now|that|this)|a lot|heaps|"
    r"(?:great|good|nice|top|fab)\s+(?:job|work|stuff)|looking|coming\s+(?:along|together)|shaping\s+up|nicely|"
    r"so\s+far|going\s+well|well|loving\s+(?:it|this)|keep\s+it\s+up|getting\s+there|it\s+is|is|are|sorted|settled|"
    r"all\s+set|all\s+good|done|"
    r"(?:i\s+was\s+|i'?m\s+)?just\s+(?:wondering|curious|asking|checking))[\s!.,?]*)+$",
    re.I,
)
HOW_ARE_YOU = re.compile(r"^\W*(?:(?:and|so|hey|hi|hello|ok)[,!]?\s+)?(?:how\s+are\s+(?:you|u|ya|things)|"
                         r"how(?:'?s|\s+is)\s+(?:(?:your|the)\s+(?:day|week|morning|evening)|it\s+going|life|everything|things)|how\s+have\s+"
                         r"you\s+been|you\s+(?:ok|okay|alright|good))(?:\s+(?:been|doing|going|getting\s+on|"
                         r"today|so\s+far|treating\s+you))*"
                         r"[\s?!.]*$", re.I)
"""Asked after the assistant itself ("how are you doing?", "how's your day going?"): small talk, not the film."""
_FOLLOW_UP = re.compile(
    r"^(?:(?:and|also|now|then|ok|okay|same|ditto|oh|plus|btw)[,]?\s+)*(?:(?:(?:do|give|apply|try)\s+)?(?:the\s+)?same\s+(?:(?:thing|treatment|note|change|fix|deal|again)\s+)?(?:for|with|to|on)|"
    r"(?:and\s+)?(?:also\s+)?(?:scene|sc\.?|shot)\s*\w+\s+(?:too|as well|also)|now\s+(?:scene|shot)|"
    r"(?:and\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}(?:scene|one)\s+(?:too|as well)|again for|"
    r"(?:do\s+)?(?:(?:scene|sc\.?)\s*\w+|the\s+(?:[\w-]+\s+){0,3}(?:scene|one))\s*[,:—–-]?\s+(?:(?:in\s+)?the\s+)?same\s+"
    r"(?:way|again|thing|treatment)|"
    r"(?:that|the\s+same|same)\s+goes\s+for|same\s+with|(?:do|apply)\s+(?:that|this|it)\s+(?:for|with|to|on))\b",
    re.I,
)


_IMPERATIVE = frozenset(
    "add put make give break generate rewrite write create delete remove set change move split merge tag render "
    "export undo redo restore revert compare branch find search approve reject regenerate assemble draw design "
    "shoot cut trim rename import cast place insert swap reorder update edit build draft outline turn mark fix "
    "animate storyboard voice record bring save lengthen shorten darken brighten lighten tighten expand extend "
    "introduce apply use attach reuse copy duplicate fork drop clear replace paint sketch frame stage continue "
    "finish start begin pitch punch flag label crossfade fade dissolve push pull pan tilt zoom kill scrap lose "
    "age switch flip zip send email package bundle bump shift nudge slot".split()
)
"""Verbs that make a clause a command even when it ends with a question mark ("make it darker?")."""


SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z])")
"""Where one sentence of a message ends and the next begins."""


def commands(text: str) -> bool:
    """Tell whether a sentence starts with an action verb, after fillers ("ok so, add coffee to the scene")."""
    words = _FILLER.sub("", text.strip()).split()
    if len(words) > 1 and re.fullmatch(r"(?:cast|wrought|hand|wind)[-\s]*", words[0], re.I) and (
            words[1].lower().strip(",.") in ("iron", "steel", "concrete", "brass", "made", "blown", "swept")):
        return False  # "cast iron railings, rusted": what something is made of, not "cast …"
    return bool(words) and words[0].lower().strip(",.!?") in _IMPERATIVE


def _unmarked(core: str) -> bool:
    """Tell whether a clause asks without a question mark or a question word at its start.

    "the ferry one, is that day or night" asks at its tail; "colour of the rope on the bell" names
    what it wants to know and nothing to change it to.
    """
    return (_TAIL_ASKS.match(core) is not None and not commands(core)) or (
        _ATTRIBUTE_ASKED.match(core) is not None and not re.search(r"\d", core))


def speech_act(text: str) -> SpeechAct:
    """Classify one clause (polite requests such as "can you cut scene 5?" are commands)."""
    raw = (text or "").strip()
    if not re.search(r"[A-Za-z]", raw):
        return "empty"
    sentences = [x for x in SENTENCE_BREAK.split(raw) if re.search(r"[A-Za-z]", x)]
    if len(sentences) > 1:  # "I think she reads older. Could we make her 80?": the last sentence asks
        if any(commands(x) for x in sentences):
            return "command"  # "Rewrite scene 2. Is that ok?": a sentence that starts with a verb tells
        said = list(zip((speech_act(x) for x in sentences), sentences, strict=True))
        # "I forget. How old is she? My agent asks.": the sentence that asks, wherever it stands
        asked = next(((a, x) for a, x in said if a == "question" and x.rstrip().endswith("?")), None) or next(
            ((a, x) for a, x in said if a != "social"), None)
        polite = _POLITE_INSIDE.search(asked[1] if asked else "")  # "sorry, but could we drop it?"
        asks_for_a_change = (polite is not None and polite.group("verb").lower() not in _LOOK_VERBS) or re.search(
            r"\b(?:could|can|would|will)\s+(?:it|this|that|she|he|they|[A-Za-z]+)\s+(?:please\s+)?"
            r"(?:be|get|have|make|feel|play|go)\b", asked[1] if asked else "", re.I)  # "could Ida be warmer?"
        if asked and asked[0] == "question" and asked[1].rstrip().endswith("?") and not asks_for_a_change:
            return "question"  # "What happens in scene 2? I've lost my copy.": what follows is why they ask
        return next((a for a, _ in reversed(said) if a != "social"), said[-1][0])
    if _SOCIAL.match(raw) or HOW_ARE_YOU.match(raw) or LEFT_AS_IS.match(raw):
        return "social"
    core = _FILLER.sub("", raw).strip()
    if not core:
        return "social"
    polite = _POLITE.match(core) or _MADE_TO_SEE.match(core)
    if polite:
        # "could I have the screenplay as an fdx?" asks for a file; "can I hear the ferry scene?" for a recording
        wants = _DELIVERABLE.search(core) or _MADE_TO_SEE.match(core)
        return "question" if not wants and polite.group("verb").lower() in _LOOK_VERBS else "command"
    changes = (_COULD_IT, _COULD_BE_IN, _SOMEONE_IN_SCENE, _DO_IT)
    if any(p.match(core) for p in changes) or re.match(r"(?:come|think|dream|cook|whip)\s+up\b", core, re.I):
        return "command"  # "could it be a touch more frantic?", "(can you) come up with a title?" ask for a change
    if _NOT_QUESTION_WH.match(core) or _WHEN_THEN.match(core):
        return "command"  # "what if …", "when the van stalls it ought to feel like a trap": a note
    if re.match(r"^have\s+(?!(?:we|you|i|they)\b)", core, re.I) and (not core.rstrip().endswith("?") or re.match(
            r"^have\s+(?!(?:we|you|i|they|he|she|it|there|any)\b)[\w'-]+\s+(?!(?:and|or|ever|already|never|not|"
            r"any|to|been|met|done|seen|got|gone|had|made|heard|read|left|said|told|found|lost|run|\w+ed|\w+en)\b)"
            r"[a-z]+\b", core, re.I)):
        return "command"  # "have the bus scene happen at dusk", "(could you) have Ida smile?": have it done
    if _WH.match(core) or _AUX.match(core) or _READ_REQUEST.match(core) or asks_for_words(core) or _unmarked(core) or (
            _WH_AFTER_LEAD.match(core) and not _NOT_QUESTION_WH.search(core)
            and not any(commands(part) for part in re.split(r"[,;:]\s*|\s[-—–]+\s", core)[1:])):
        return "question"
    words = core.split()
    first = words[0].lower().strip(",.!?") if words else ""
    if first == "to" and len(words) > 1 and words[1].lower() in _IMPERATIVE:
        return "command"  # "(can you) to make her ...?": the request with a learner's "to", its lead split off
    if (_ASKED_FOR.search(core) and first not in _IMPERATIVE) or _IS_SOMEONE_IN.match(core) or _DOES_SOMEONE.match(
            core):
        return "question"  # "the gaffer wants to know what time it is", "is mara in the last scene"
    if core.endswith("?") and first not in _IMPERATIVE and not re.match(r"^(?:please|let's|lets)\b", core, re.I):
        return "question"
    return "command"


_ONLY_A_TARGET = re.compile(
    r"^(?:(?:and|also|now|then|ok|okay|next|same|again|do|the same|same again|oh|plus|btw)[,]?\s+)*"
    r"(?:for\s+|to\s+|with\s+|in\s+|on\s+|"
    r"at\s+)?"
    r"(?:(?:scene|sc\.?)\s*\w+|\d{1,3}|the\s+(?:[\w'-]+\s+){0,3}?(?:scene|one|bit|part)|(?:the\s+)?"
    r"(?:last|first|next|opening|final|closing)\s+(?:scene|one))(?:\s+(?:too|as well|also|next|please|now))*[.!?]*$",
    re.I,
)


def is_follow_up(text: str) -> bool:
    """Tell whether a clause only makes sense as "the last request again, for something else"."""
    text = (text or "").strip()
    return bool(_FOLLOW_UP.match(text) or _ONLY_A_TARGET.match(text))


_ASIDE = re.compile(r"^(?:(?:so|ok|okay|btw|fyi)[,]?\s+)?(?:(?:my|our|the)\s+(?:producer|editor|director|dp|"
                    r"cinematographer|team|crew|client|agent|investor|boss|composer|friend|partner|sound\s+person|"
                    r"colou?rist|financier|distributor)s?\b|(?:i'm|i am|we're|we are)\s+(?:shooting|filming|pitching|"
                    r"screening|showing\s+it|meeting|sending\s+it)|(?:i|we)\s+(?:keep\s+(?:getting|being)\s+asked|"
                    r"get\s+asked|(?:never|don'?t)\s+know\s+what\s+to\s+say)|(?:people|everyone|everybody)\s+"
                    r"(?:keeps?\s+)?ask)", re.I)
"""A sentence of context around a request ("my editor starts on monday", "we're shooting in march", "people keep
asking me what it's about")."""


_REPORTED = re.compile(r"^\s*\W*(?:(?:so|ok|okay|btw|fyi|honestly|well)[,]?\s+)?(?:my|our|the)\s+[\w ]{2,30}?\s+"
                       r"(?:\w+ed|saw|read|said|thought|felt|went|came|found|told|was|were)\b(?![^.;!?]*\b(?:can|could|"
                       r"would|will|should|please)\b)", re.I)
"""What someone around the film did or said ("so our gaffer saw the rushes and adored the pier bit")."""


def is_aside(clause: str, names: Sequence[str] = ()) -> bool:
    """Tell whether a clause only gives context: about the people around the film, naming nothing in it.

    A report of what they did may name a scene ("the producer cried at scene 3"): it still asks for nothing.
    """
    if (_ASIDE.match(clause.strip()) and _REPORTED.match(clause) and "?" not in clause) or _ALL_FINE.match(clause):
        return True  # "… and her voice is fine": a verdict beside the request asks for nothing
    if _NOT_WORKING.match(clause.strip()):
        return True  # "Tomas isn't working as a name, it's too plain. Call him Teo.": why, beside what to do
    if not _ASIDE.match(clause.strip()) or "?" in clause:
        return False
    lowered = clause.lower()
    return not any(re.search(rf"\b{re.escape(name.lower())}\b", lowered) for name in names) and not re.search(
        r"\b(?:scenes?|shots?|sc\.?\s*\d)\b", lowered)


_NOT_WORKING = re.compile(r"^\W*(?:(?:so|ok|okay|honestly|hmm)[,]?\s+)*(?!(?:please|can|could|would)\b)"
                          r"[\w'’ -]{2,40}?\s+(?:isn'?t|is\s+not|doesn'?t|does\s+not|aren'?t|are\s+not|don'?t|"
                          r"do\s+not)\s+(?:really\s+|quite\s+)?"
                          r"(?:working|work|fit|fitting|land|landing|sit\s+right)\b[^.;!?]*$", re.I)
"""A judgement with no request in it ("the name isn't working, it's too cute"): said beside the request, a reason."""
FINE = (r"(?:(?:just|really|totally|so|pretty|already|very)\s+)?(?:fine|great|good|perfect|lovely|nice|brilliant|"
        r"amazing|spot\s+on|ok|okay|alright|right|done|sorted)(?:\s+as\s+(?:it|he|she|they)\s+(?:is|are))?")
"""A verdict that something is fine ("really good", "fine as she is")."""
UNDECIDED = (r"(?:(?:hmm+|um+|erm+|uh+|well|so)[,.]*\s*)*(?:(?:keep|leave)\s+(?:it|him|her|them|this|that)"
             r"(?:\s+(?:alone|as\s+(?:is|it\s+is)|be|the\s+same))?|not\s+sure(?:\s+yet)?|no\s+idea(?:\s+yet)?|let\s+me\s+think(?:\s+about\s+"
             r"(?:it|him|her|them))?|(?:i'?ll|we'?ll|i\s+will|we\s+will)\s+(?:think|decide|come\s+back|get\s+back)"
             r"(?:\s+later)?|maybe\s+later|later|tbd|to\s+be\s+decided|still\s+thinking(?:\s+about\s+it)?|"
             r"(?:whatever|anything)(?:\s+you\s+(?:think|like|want))?|up\s+to\s+you|your\s+call|you\s+(?:decide|choose|pick)|don'?t\s+(?:change|touch)(?:\s+(?:it|him|her|them|"
             r"this|that))?)")
"""Nothing decided yet, or to stay as it is ("not sure yet", "hmm, let me think", "keep her as is")."""
_THANKED = r"(?:[,;.!]?\s*(?:thanks?|thank\s+you|cheers|ta))?"
LEFT_AS_IS = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|honestly|actually)[,]?\s+)*(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?"
    r"(?:\s*[:—–]\s*|\s+-\s+|\s+(?:is|are|looks?|sounds?|feels?|reads?|works?)\s+|['’]s\s+)"
    rf"(?:(?:hmm+|um+|well)[,.]*\s*)?(?:{FINE}|{UNDECIDED})"
    r"(?:[,;]\s*(?:(?:so\s+)?(?:keep|leave)\s+(?:it|him|her|them)(?:\s+(?:alone|as\s+is|be))?|no\s+changes?))?"
    rf"{_THANKED}[\s.!]*$", re.I)
"""Something said to be fine as it is, or not decided yet ("the pier looks great", "tom: keep him as is", "the
ferry: not sure yet"): nothing to change, and nothing is written."""
_ALL_FINE = re.compile(r"^\W*(?:and\s+|but\s+)?(?:his|her|their|its|the)\s+(?:voice|accent|look|rest|pacing|timing|"
                       r"dialogue|lines?|costume|hair|ending|opening)\s+(?:is|are|sounds?|looks?|feels?)\s+(?:(?:just|"
                       r"really|totally|already)\s+)?(?:fine|ok|okay|good|great|alright|all\s+right|right|spot\s+on|"
                       r"perfect)(?:\s+as\s+(?:it\s+)?is)?\W*$", re.I)
"""A verdict that something is fine as it is ("her voice is fine"): nothing to change."""
_WANTS = re.compile(r"\b(?:should(?:n't)?|needs?|must|wants?|wanted|'d\s+like|would\s+like|let'?s|let\s+us|could|can|"
                    r"please|ha(?:s|ve)\s+to|ought|gotta|wish|hope|maybe|instead)\b", re.I)
"""Words that make a sentence ask for something itself ("Ida should be older", "we need a new ending")."""
_POINTS_AT = re.compile(r"\b(?:it|that|this|them|those(?:\s+two)?|these(?:\s+two)?|both)\b", re.I)


def says_what_it_means(clause: str, following: str) -> bool:
    """Tell whether a sentence only says what the command after it points at ("… without the claim scene. Cut it.").

    A plain statement ("the one scene still nagging at me is the tram one") followed by a command whose object is
    "it", "that" or "those two" is what that command is about, not a step of its own. A statement that asks for
    something itself ("Ida should be older") stays a step; a complaint ("it plays too cosy") is what the command
    after it answers.
    """
    told = any(commands(part) for part in re.split(r"[:;,—–]|\s-\s", clause)[1:])  # "scene 5: make it day"
    if len(clause.split()) < 5 or speech_act(clause) != "command" or commands(clause) or told or (
            _WANTS.search(clause) or "?" in clause):
        return False  # "sc4 dustier, and flag it": a short note is a step of its own
    return speech_act(following) == "command" and commands(following) and _POINTS_AT.search(following) is not None
