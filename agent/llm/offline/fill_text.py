"""Fill string arguments by their name (``fill_string``); here, the short ones: labels, looks and sounds.

Names and descriptions are filled in ``fill_names``, the story's words (loglines, beats, headings, scene text,
directions) in ``fill_story``; this module fills branch names, notes, tags, cards, paths, queries, styles,
palettes, looks, lighting, references, voices and music, and looks every property up.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agent.llm.offline.clauses import ACTION_VERBS
from agent.llm.offline.cues import UNTAG
from agent.llm.offline.fill_names import (
    NAME_FILLERS,
    Filler,
    Request,
    after_colon,
    fill_name,
    is_creating,
    quoted_text,
    simple,
)
from agent.llm.offline.fill_story import STORY_FILLERS
from agent.llm.offline.names import known_branch, match_names

__all__ = ["Request", "fill_string", "leftover"]  # Request lives in fill_names; tests import it from here too

_HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
_COLOURS = ("black", "white", "red", "orange", "yellow", "green", "teal", "cyan", "blue", "navy", "purple",
            "violet", "pink", "magenta", "brown", "amber", "gold", "silver", "grey", "gray", "cream", "ochre",
            "crimson", "olive", "turquoise", "sepia", "beige", "maroon", "indigo", "emerald", "rust")
_SLUG_SHORT = {"alternative": "alt", "alternate": "alt", "version": "alt", "experiment": "exp"}
_SLUG_DROP = frozenset(
    "a an the to for of on in with where and my our new branch called named version try switch back go make create "
    "start use scene scenes as from".split()
)


def _after_verb(clause: str) -> str:
    words = clause.split()
    while words and words[0].lower().strip(",.") in (*ACTION_VERBS, "me", "for", "up", "please", "us"):
        words = words[1:]
    return " ".join(words).strip(" ?.!") or clause


_SLUG_WORDS = frozenset("alt alternative alternate ending opening middle beginning version cut darker lighter noir "
                        "happy sad short long director experiment draft test rewrite redux".split())
_NAMED = re.compile(r"(?:\b(?:called|named|name it|call it|call the branch)|->|→|=>)\s*[\"“']?"
                    r"([\w-]+(?:\s+(?!(?:for|with|from|of|to|on|in|off|at|"
                    r"and|so|where|that|please|pls|then|scenes?|sc|covering|starting|beginning|spanning|holding|keeping|"
                    r"using|containing|including|onwards|through|until|till|before|after|just|only)\b)[\w-]+){0,2})",
                    re.IGNORECASE)
"""The name a branch was given, up to three words; "called dry-run for scenes 2 to 4" is called DRY-RUN."""


_LABELLED = re.compile(r"\bbranch\s*[:=]\s*[\"“']?([\w-]+)|\bbranch\s+([a-z0-9]+(?:-[a-z0-9]+)+)\b", re.I)
"""A name written after "branch" as a label ("new branch: low-tide") or hyphenated as names are ("branch low-tide")."""


_NAMED_AS = re.compile(r"\bas\s+(?!(?:a|an|the|well|before|usual|is|it|one|main)\b)([a-z0-9]+(?:-[a-z0-9]+)*)"
                       r"(?=\s*(?:[.!,;—–]|\s-\s|$))",
                       re.IGNORECASE)
"""A name given after "as", last or before a comma: "branch off the last two scenes as sunrise-cut"."""


_MAIN_KEPT = re.compile(r"\b(?:leave|keep|off|from|not\s+on|don'?t\s+touch|without\s+\w+ing)\s+(?:the\s+)?main\b|"
                        r"\bmain\s+(?:branch\s+)?(?:alone|intact|untouched|as\s+it\s+is|safe)\b", re.I)


_SWITCHED_TO = re.compile(r"^\W*(?:(?:ok|okay|right|so|now|and|hmm)[,.]?\s+)*(?:switch|go|change|move|head|jump|hop|"
                          r"return|check\s*out|open|reopen|take\s+me|put\s+me)\b[^.;]*?\b"
                          r"(?P<name>[a-z0-9]+(?:-[a-z0-9]+)+)\b", re.I)
"""A switch to a branch by its slug ("switch to low-tide", "reopen wet-deck")."""


def _slug(clause: str) -> str:
    """Name a branch from the name the film-maker gave, else from a few plain words (never the request itself)."""
    named = _NAMED.search(clause) or _NAMED_AS.search(clause)
    labelled = _LABELLED.search(clause)
    given = quoted_text(clause) or (named.group(1) if named else None) or (
        next(g for g in labelled.groups() if g) if labelled else None)
    if given:
        return re.sub(r"[^a-z0-9]+", "-", given.lower()).strip("-") or "alt"
    words = re.findall(r"[a-z]+", _after_verb(clause).lower())
    if "main" in words and not _MAIN_KEPT.search(clause):
        return "main"  # a switch to it; "keep main safe" names the branch to keep as it is, not the new one
    if re.search(r"(?i)\b(?:switch|go|change|move|head|jump)\s+back\W*$", clause.strip()):
        return "main"  # "switch back" with no branch named: the main line, which every branch was made from
    branch = re.search(r"\b(?:to|the)\s+([a-z][\w-]*)\s+branch\b|\bbranch\s+([a-z][\w-]*)\s*$", clause, re.IGNORECASE)
    if branch and re.match(r"(?i)(?:switch|go|change|move|check)", clause.strip()):
        return next(g for g in branch.groups() if g).lower()  # the name of a branch that exists is the film-maker's
    switched = _SWITCHED_TO.match(clause.strip())
    if switched:  # "switch to low-tide", "ok, reopen wet-deck": a branch's name is a slug
        return switched.group("name").lower()
    kept = list(dict.fromkeys(_SLUG_SHORT.get(w, w) for w in words if w in _SLUG_WORDS))
    return "-".join(kept[:3]) or "alt"


def _fill_branch(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    """A switch names a branch that exists ("switch over to sunset"); anything else is named from its words."""
    if tool_name in ("switch_branch", "rename_branch"):
        known = known_branch(req.clause, req.context.branches)
        if known is not None:
            return known
    if tool_name == "rename_branch":  # "rename this branch to …": the one the screenplay is on
        return req.context.branch if req.context.branch and req.context.branch != "main" else None
    slug = _slug(req.clause)
    if tool_name == "switch_branch" and slug == "alt" and not re.search(r"\balt\b", req.clause, re.I):
        return None  # a switch with no branch said is asked about, never sent to a made-up "alt"
    return slug


def _note(clause: str) -> str:
    quoted = quoted_text(clause)
    if quoted:
        return quoted
    match = re.search(r"(?::|\bthat\b|\bsaying\b)\s*(.+)$", clause)
    # No explicit note means no note: the rest of the request is the request, not feedback.
    return match.group(1).strip(" .") if match else ""


def _style(clause: str) -> str:
    text = re.sub(r"^.*?\b(?:look|style|aesthetic|feel|art direction)\b\s*(?:should be|to be|to|is|=|:|as|like)?\s*",
                  "", clause, flags=re.IGNORECASE)
    if text == clause:
        text = _after_verb(clause)
    text = re.split(r"\s+(?:with|and|using|in)\s+(?=#|[^.;]*\b(?:palette|colou?rs?)\b)|\s*#[0-9a-fA-F]{3,6}", text)[0]
    return re.sub(r"^(?:a|an|the)\s+", "", text.strip(" .,")) or clause


def _palette(clause: str) -> list[str]:
    hexes = _HEX.findall(clause)
    if hexes:
        return hexes
    return [c for c in _COLOURS if re.search(rf"\b{c}\b", clause, re.IGNORECASE)]


def _card_kind(clause: str) -> str | None:
    """Return "credits" for a card at the end ("end credits card", "a closing card"), "title" for one at the start."""
    if re.search(r"\b(?:credits?|end\s+card|closing\s+card|final\s+card|at\s+the\s+(?:very\s+)?end|last\s+card|"
                 r"outro|dedication)\b", clause, re.I):
        return "credits"
    if re.search(r"\b(?:title\s+card|opening\s+card|at\s+the\s+(?:very\s+)?(?:start|beginning)|first\s+card)\b",
                 clause, re.I):
        return "title"
    return None


def _fill_palette(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    colours = _palette(req.clause)
    return (colours if many else "; ".join(colours)) or None


_TAG_WORDS = (
    ("rewrite", r"\b(?:another (?:pass|look|go|draft)|a (?:second|fresh) (?:look|pass)|"
                r"need(?:s|ing)? (?:some |more |a\s+bit\s+more |a lot more |a lot of )?work|re-?work|revisit|"
                r"to fix|fix later|not there yet|redo|needs? (?:fixing|attention|a rethink|rethinking)|drags|"
                r"too (?:long|slow)|flat|boring|(?:doesn'?t|does not|isn'?t|is not|not) work(?:ing)?)\b"),
    ("love", r"\b(?:favou?rite|a gem|perfect|gorgeous|beautiful|adore|a heart|(?:really|so|just)\s+like)\b|"
             r"^\W*(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:star|heart|fave?)\b"),
    ("keep", r"\b(?:keeper|lock(?:ed)?(?: it)?|don'?t touch|leave (?:it|this) alone|final|protect(?:ed)?|freeze|"
             r"stays? (?:as (?:it )?is|the same|untouched)|nobody touch(?:es)?)\b"),
    ("hate", r"\b(?:weak|awful|terrible|dreadful|worst)\b"),
)
"""Tag meanings said in other words ("it needs another pass" is the rewrite tag)."""
_NEGATED_TAG = re.compile(r"\b(?:nobody|no\s*-?\s*one|never|don'?t|do not|not|won'?t|shouldn'?t|can'?t)\s+"
                          r"(?:\w+\s+)?(?:re-?writes?|rewriting|hates?|loves?|keeps?)\b", re.I)
_NOT_A_TAG = frozenset("scene tag the a an it this that them scenes me us shot shots as interior exterior of in on to "
                       "for at by too also well again please same with and from into onto".split())


def _fill_tags(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    untag = bool(UNTAG.search(req.clause))
    if prop == "remove" and not untag:
        return None  # nothing is taken off unless the request says so
    if prop != "remove" and untag and tool_name in _UNTAGGING:
        return None  # the tags said are the ones taken off: they go to "remove"
    return _said_tags(req, many)


_UNTAGGING = frozenset({"tag_scene", "tag_block"})


def _said_tags(req: Request, many: bool) -> Any:
    clause = req.clause
    quoted = quoted_text(clause)  # a quoted tag is the film-maker's own word, a name too ("tag it 'ruben'")
    for name in sorted(req.context.all_names(), key=len, reverse=True):  # "tag RIVER BRIDGE rain-cover": not "river"
        clause = re.sub(rf"(?:\bthe\s+)?\b{re.escape(name)}\b", " ", clause, flags=re.I)
    req = replace(req, clause=clause)
    wish = re.sub(r"\b(?:i'?d|i would|would|we'?d)\s+love\b", "", req.clause, flags=re.I)  # "I'd love X" is a wish
    wish = _NEGATED_TAG.sub("", wish)  # "so no one rewrites it by mistake": not the rewrite tag
    found = [t for t in ("keep", "rewrite", "love", "hate") if re.search(rf"\b{t}d?\b", wish, re.I)]  # "as loved"
    found = found or [tag for tag, said in _TAG_WORDS if re.search(said, req.clause, re.I)][:1]
    if not found and quoted:
        found = [quoted]
    if not found:
        pattern = (r"\b(?:as|tag|tagged|label|labelled|labeled|with|for|mark|marked)(?:\s*[:=]\s*|\s+)"
                   r"(?:(?:it|them|this|that)\s+(?:as\s+)?)?"
                   # "tag the pier location (as) wet"
                   r"(?:(?:the\s+)?(?:[\w'-]+\s+){0,3}?(?:location|place|set)\s+(?:as\s+)?)?"
                   # "tag scene 2 hero", "tag shot 1 of scene 2 as hero"
                   r"(?:(?:scene|shot)s?\s+\d+(?:\s*(?:,|and|&)\s*\d+)*(?:\s+(?:of|in)\s+scene\s+\d+)?\s+(?:as\s+)?)?"
                   r"(?:the\s+tag\s+|a\s+|an\s+)?([a-z][\w-]{1,39})\b")
        words = [m.group(1).lower() for m in re.finditer(pattern, req.clause, re.I)]
        found = [w for w in words if w not in _NOT_A_TAG][:1]
    return (found if many else found[0]) if found else None


_A_GARMENT_SAID = re.compile(r"\b(?:the|her|his|their|that|this)\s+(?P<what>(?:[\w-]+\s+){0,2}?(?:coat|raincoat|jacket|"
                             r"hoodie|scarf|hat|dress|suit|uniform|jumper|sweater|cardigan|vest|boots|shoes|oilskin|"
                             r"apron|gloves|shirt|costume|outfit))\b", re.I)


def _fill_costume_ref(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    """Name the costume a request means: the garment it names ("the hoodie"), else its wearer's name.

    The repository finds a costume by a word only its name has, or by its one wearer; the request's other words
    ("only in scene 2 and aboard the ferry") are no part of its name.
    """
    garment = _A_GARMENT_SAID.search(req.clause)
    if garment and garment.group("what").split()[-1].lower() not in ("costume", "outfit"):
        return garment.group("what")
    wearer = match_names(req.clause, req.characters)
    return wearer[0] if wearer else req.clause


def _fill_path(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    match = re.search(r"[\w./\\-]+\.[A-Za-z0-9]{2,7}\b", req.clause)
    return match.group(0) if match else None


_VOICE_SAID = (re.compile(r"\bvoice\s*(?:is|should\s+be|needs\s+to\s+be|to\s+be|to|:|=|->|→|=>|[-–—,]|becomes|"
                          r"sounds?(?:\s+like)?)\s+(?:an?\s+)?(?P<text>[^.;]{2,}?)\s*(?:[.;]|$)", re.I),
               re.compile(r"\b(?:an?|the)\s+(?P<text>[\w ,'-]{2,60}?)\s+voice\b", re.I),
               re.compile(r"\b(?:sounds?|speaks?|talks?)\s+(?:like\s+)?(?P<text>[^.;]{2,}?)\s*(?:[.;]|$)", re.I),
               # said tersely, as a note: "voice low and slow, a soft burr"
               re.compile(r"\bvoice\s+(?!(?:id|of|for|over|actor|memo|note|clip|line|lines)\b)"
                          r"(?P<text>[a-z][^.;]{2,}?)\s*(?:[.;]|$)", re.I),
               re.compile(r"\b(?P<text>(?:an?\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+accent)\b", re.I),
               # a label, then how the voice is: "mara: husky, fast voice"
               re.compile(r"^\W*[\w'’ -]{2,30}?\s*:\s*(?P<text>[a-z][\w ,'-]{2,60}?)\s+voice\b", re.I))
_VOICE_ID = re.compile(r"\bvoice[- ]?id\s*(?:is|to|:|=|of)?\s*[\"'“]?(?P<id>[A-Za-z0-9_-]{4,64})\b|"
                       r"\belevenlabs\s+voice\s+[\"'“]?(?P<id2>(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{8,64})\b", re.I)


_VERDICT = re.compile(r"(?:(?:just|really|totally|already)\s+)?(?:fine|ok|okay|good|great|perfect|alright|all\s+right|"
                      r"right|lovely|spot\s+on|nice|great\s+as\s+it\s+is|fine\s+as\s+it\s+is)(?:\s+as\s+(?:it\s+)?is)?",
                      re.I)


_WHERE_OR_TO_WHOM = re.compile(r"(?i:in|on|at|to|with|about|during|through|into|over)\s+(?:(?i:scene\s+\d|the|her|his|"
                               r"him|them)\b|[A-Z])")
"""Where or to whom someone talks ("talks in scene 1", "speaks to Ida"): not how the voice sounds."""
_VOICE_BEFORE = re.compile(r"\b(?:an?|the)\s+(?P<pre>[\w ,'-]{2,60}?)\s+voice\s*(?:[-–—:=,]|\bis\b)", re.I)


def _voice_words(clause: str) -> str | None:
    """Return how the film-maker said a voice sounds ("ida's voice is low and dry" -> "low and dry")."""
    for pattern in _VOICE_SAID:
        match = pattern.search(clause)
        if match and _WHERE_OR_TO_WHOM.match(match.group("text")):
            continue  # "how ida talks in scene 1", "he talks to Juno": where or to whom, not how it sounds
        if match and not _VOICE_ID.search(match.group("text")):
            text = re.sub(r"^(?:to|for)\s+me\s+", "", match.group("text").strip(" ,'\""), flags=re.I)  # an aside
            text = re.sub(r"^(?:is|like|with|in)\s+(?:an?\s+)?", "", text, flags=re.I)
            if _VERDICT.fullmatch(text.strip(" .!")):
                return None  # "her voice is fine": a verdict on it, not how it should sound
            before = _VOICE_BEFORE.search(clause) if pattern is _VOICE_SAID[0] else None
            if before:  # "a thin, reedy voice — quick, …": the words before it too
                text = f"{before.group('pre').strip(' ,')}, {text}"
            return text or None
    return None


_MUSIC_VERB = re.compile(r"^.*?\b(?:compose|generate|make|create|write|score|"
                         r"(?:need|want|could\s+use)(?=\s+(?:some|a|an)\s+(?:[\w-]+\s+)?(?:music|score|soundtrack)\b))"
                         r"\b\s*(?:me\s+|us\s+)?"
                         r"(?:some\s+|a\s+|an\s+)?(?:(?:new|original)\s+)?"
                         r"(?:\d+[- ]?(?:s|sec|secs|seconds?|minutes?)\b[- ]?(?:long\s+)?)?",
                         re.I)
_MUSIC_TAIL = re.compile(r"\s*\b(?:music|score|soundtrack|track|theme|piece|bed)?\s*(?:for|under|over|across)\s+"
                         r"(?:the|my|our|this)\s+(?:whole\s+)?(?:film|movie|cut|short|project)\b.*$|"
                         r"\s*\b(?:for\s+\d+\s*(?:s|sec|secs|seconds?))\b.*$", re.I)


def _music_words(clause: str) -> str | None:
    """Return what music the film-maker asked for ("compose a slow cello score for the film" -> "slow cello score")."""
    text = quoted_text(clause) or after_colon(clause)
    if not text:
        text = _MUSIC_TAIL.sub("", _MUSIC_VERB.sub("", clause.strip(), count=1)).strip(" .,;:'\"")
        text = re.sub(r"\s+(?:at\s+some\s+point|eventually|soon|one\s+day)\b", "", text, flags=re.I)
    return text or None


def _voice_id(clause: str) -> str | None:
    match = _VOICE_ID.search(clause)
    return (match.group("id") or match.group("id2")) if match else None


_LIGHTING = re.compile(r"\b(?:lighting|lit|light)\b\s*(?:is\s+|should\s+be\s+|:\s*|by\s+|with\s+|from\s+|of\s+)?"
                       r"(?P<text>[^.;:]+?)\s*(?=[.;]|,\s*(?:like|after|references?|inspired)\b|\s+(?:like|after|"
                       r"inspired\s+by|references?)\b|$)", re.I)
_REFERENCES = re.compile(r"\b(?:like|after|references?:?|inspired\s+by|in\s+the\s+style\s+of|[àa]\s+la)\s+"
                         r"(?P<text>[^.;:]+)$", re.I)


def _fill_look_name(prop: str, many: bool, tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    given = quoted_text(req.clause) or (m.group(1) if (m := _NAMED.search(req.clause)) else None)
    if given:
        given = re.split(r"[:,]|\s+(?:with|for|on|lit|wide|close|medium|look)\b", given)[0].strip()
    # An existing look is found by the words of its name, so the clause itself may stand for it.
    return given or (None if is_creating(tool_name) else req.clause)


def _lighting(clause: str) -> str | None:
    match = _LIGHTING.search(clause)
    return match.group("text").strip(" ,") if match and len(match.group("text").strip()) >= 3 else None


def _references(clause: str) -> list[str] | None:
    match = _REFERENCES.search(clause)
    if match is None:
        return None
    return [r.strip(" .") for r in re.split(r",|\band\b|&", match.group("text")) if len(r.strip(" .")) >= 2] or None


def _shot_note(clause: str) -> str:
    """Return a shot's note without the "of scene N" the director appends when it spells out "shot 2.3"."""
    return re.sub(r"\s+(?:of|in)\s+scene\s+\d+\s*$", "", _note(clause), flags=re.I)


_BY_NAME: dict[str, Filler] = {
    **NAME_FILLERS,
    **STORY_FILLERS,
    **dict.fromkeys(("query", "search", "q", "search_query"), simple(lambda c: _after_verb(c))),
    **dict.fromkeys(("branch_name", "branch", "branch_label"), _fill_branch),
    **dict.fromkeys(("note", "comment", "message"), simple(_note)),
    "note": lambda prop, many, tool_name, req, filled: _shot_note(req.clause) if tool_name == "note_shot" else
    _note(req.clause),
    **dict.fromkeys(("style", "look", "art_style"), simple(_style)),
    **dict.fromkeys(("palette", "colors", "colours"), _fill_palette),
    "kind": lambda prop, many, tool_name, req, filled: _card_kind(req.clause) if tool_name == "add_card" else None,
    **dict.fromkeys(("tags", "tag", "label", "remove"), _fill_tags),
    "voice": simple(_voice_words),
    "music": simple(_music_words),
    "look_name": _fill_look_name,
    "lighting": simple(_lighting),
    "references": simple(_references),
    "costume": _fill_costume_ref,
    "voice_id": simple(_voice_id),
    **dict.fromkeys(("path", "out", "output", "filename", "file"), _fill_path),
    **dict.fromkeys(("task", "request", "instruction", "instructions", "prompt"), simple(lambda c: c)),
}


def fill_string(prop: str, schema: dict[str, Any], tool_name: str, req: Request, filled: dict[str, Any]) -> Any:
    """Fill a string (or list-of-strings) property by its name; None when the clause gives nothing."""
    many = schema.get("type") == "array"
    filler = _BY_NAME.get(prop)
    if filler is not None:
        return filler(prop, many, tool_name, req, filled)
    if any(k in prop for k in ("character", "location", "prop")) or prop in ("name", "names", "who", "cast"):
        return fill_name(prop, tool_name, req, many=many)
    return None


def leftover(clause: str) -> str:
    """Return the clause minus its verb: the fallback for required free-text arguments."""
    return _after_verb(clause)
