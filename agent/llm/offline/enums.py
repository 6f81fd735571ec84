"""Match a request against a tool's enum values, allowing the words film-makers use for them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["match_enum", "normalise", "one_framing", "variants"]

# canonical (normalised) value -> other ways people say it
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "close up": ("closeup", "close", "cu", "tight shot", "tight", "close shot", "ecu", "xcu", "bcu", "extreme close up",
                 "extreme closeup", "big close up", "mcu", "medium close up", "closer", "in tight",
                 "go tight"),  # nearest framing the cards have ("tighter" is left out: a tighter scene is shorter)
    "extreme close up": ("ecu", "xcu", "extreme closeup", "macro"),
    "medium close up": ("mcu", "medium closeup"),
    "medium": ("medium shot", "mid shot", "midshot", "ms", "mid"),
    "medium wide": ("mws", "medium wide shot", "medium long shot"),
    "wide": ("wide shot", "ws", "long shot", "ls", "establishing shot", "establishing", "master shot", "master",
             "wider"),
    "extreme wide": ("ews", "extreme long shot", "els", "extreme wide shot", "really wide", "very wide", "super wide",
                     "huge frame", "tiny in the frame"),
    "wider": ("looser", "further back", "more room", "pull back wider"),
    "tighter": ("closer", "in closer", "in tighter", "go tighter", "get closer", "push in closer"),
    "over the shoulder": ("ots", "over shoulder", "over-the-shoulder shot", "over his shoulder", "over her shoulder",
                          "over their shoulder"),
    "pov": ("point of view", "point-of-view", "subjective"),
    "two shot": ("2 shot", "two-shot", "twoshot", "2shot"),
    "insert": ("insert shot", "cutaway detail", "cutaway", "cut away", "detail shot"),
    "overhead": ("bird's eye", "birds eye", "bird's-eye", "top down", "top-down", "aerial", "god's eye"),
    "birds eye": ("bird's eye", "overhead", "top down"),
    "low angle": ("low", "from below", "looking up"),
    "high angle": ("high", "from above", "looking down"),
    "eye level": ("eye-level", "neutral angle", "straight on"),
    "low": ("low angle", "from below", "looking up", "worm's eye", "worms eye", "low-angle", "down low",
            "from the floor"),
    "high": ("high angle", "from above", "looking down", "high-angle"),
    "dutch": ("dutch angle", "dutch tilt", "canted", "tilted angle", "off kilter", "skewed angle", "wonky", "askew",
              "tilt the frame", "tilted frame", "crooked frame", "on a slant"),
    "static": ("locked off", "locked-off", "still", "fixed", "no movement", "tripod"),
    "pan left": ("pans left", "panning left", "pan to the left", "pan across to the left"),
    "pan right": ("pans right", "panning right", "pan to the right", "pan across to the right"),
    "pan": ("panning", "pans"),
    "tilt up": ("tilts up", "tilt upwards", "tilt upward"),
    "tilt down": ("tilts down", "tilt downwards", "tilt downward"),
    "dolly in": ("push in", "push-in", "pushes in", "track in", "move in", "creep in", "drift in", "ease in",
                 "slow push", "push on"),
    "dolly out": ("pull out", "pull back", "pull-back", "pulls back", "track out", "move out",
                  "drift out", "ease out"),
    "zoom in": ("zooms in", "punch in"),
    "zoom out": ("zooms out",),
    "tracking": ("track", "tracks", "follow", "following", "trucking", "move sideways", "moves sideways",
                 "moving sideways", "sideways", "crab", "crabbing", "crab along", "truck along"),
    "handheld": ("hand held", "hand-held", "shaky", "documentary style"),
    "crane": ("jib", "crane up", "crane shot"),
    "steadicam": ("gimbal", "steadicam shot"),
    "orbit": ("arc", "circle around", "360"),
    "cut": ("hard cut", "straight cut", "cut to"),
    "crossfade": ("dissolve", "cross dissolve", "cross-fade", "cross fade", "x-fade", "xfade", "mix", "blend"),
    "fade in": ("fade up", "fade from black", "fades in"),
    "fade out": ("fade to black", "fade away", "fades out", "fade down"),
    "dissolve": ("cross dissolve", "crossfade", "cross-fade", "cross fade", "mix"),
    "fade": ("fade out", "fade to black", "fade in", "fades"),
    "fade to black": ("fade out", "fade", "black"),
    "wipe": ("wipes",),
    "match cut": ("match-cut",),
    "approve": ("approved", "yes", "ok", "okay", "looks good", "accept", "keep it", "good", "lgtm", "go ahead"),
    "reject": ("rejected", "no", "nope", "discard", "bin it", "not good", "throw it away"),
    "regenerate": ("try again", "redo", "again", "another one", "reroll", "re-roll", "new take"),
    "keep": ("keeper", "good take"),
    "love": ("loved", "favourite", "favorite", "heart", "fave", "fav"),
    "hate": ("hated", "dislike"),
    "rewrite": ("needs work", "needs a rewrite", "rework"),
    "fountain": (".fountain", "plain text", "text file", ".txt"),
    "fdx": ("final draft", ".fdx"),
    "otio": ("opentimelineio", ".otio"),
    "edl": ("cmx", ".edl", "edit decision list", "cut list", "avid"),
    "fcpxml": ("final cut", "fcp", "fcp xml", ".fcpxml", "xml", "resolve", "davinci", "premiere"),
    "csv": ("shot list", "spreadsheet", ".csv", "excel"),
    "breakdown-csv": ("breakdown spreadsheet", "breakdown as a spreadsheet", "breakdown in excel", "breakdown csv",
                      "breakdown as csv", "breakdown sheet as a spreadsheet", "breakdown in csv", "breakdown in a csv",
                      "breakdown as a csv", "breakdown to csv"),
    "breakdown-pdf": ("breakdown pdf", "breakdown as a pdf", "breakdown sheets as a pdf"),
    "screenplay-pdf": ("script as a pdf", "script as pdf", "script in pdf", "script to pdf", "script pdf",
                       "pdf of the script", "pdf of my script", "pdf of our script", "screenplay as a pdf",
                       "screenplay as pdf", "screenplay in pdf", "screenplay to pdf", "pdf of the screenplay",
                       "printable script", "printable screenplay", "script on paper", "screenplay on paper",
                       "printable copy of the script",
                       "printable version of the screenplay", "printable copy of the screenplay",
                       "print the script", "print out the script", "print the screenplay", "print out the screenplay",
                       "screenplay to print", "script to print"),
    "srt": ("subtitles", "subtitle", "captions", ".srt"),
    "vtt": ("webvtt", "web vtt", ".vtt", "webvtt captions", "webvtt subtitles", "webvtt subs", "vtt captions",
            "vtt subtitles", "captions for the web", "subtitles for the web"),
    "bundle": ("zip", "zip up", "archive", "package", "whole project", "everything", "all of it", "the lot"),
    "image": ("still", "picture", "frame", "storyboard"),
    "video": ("clip", "motion", "animate"),
    "voice": ("audio", "dialogue audio", "vo", "voice over", "voiceover"),
    # topics of questions about the project (project_overview)
    "logline": ("about", "premise", "pitch", "one liner", "one-liner", "the story", "synopsis", "gist", "genre",
                "what kind of film", "what sort of film", "the tone"),
    "outline": ("beats", "structure", "beat sheet", "plot", "acts"),
    "cast": ("who is in", "who's in", "whos in", "who is", "who's", "characters", "who appears", "people", "who"),
    "locations": ("places", "sets", "location", "where does it take place", "where is it set", "take place",
                  "takes place", "set in", "where is the film set", "where are we"),
    "props": ("objects", "prop", "items"),
    "scenes": ("how many scenes", "scene list", "list of scenes", "list the scenes", "what scenes", "which scenes"),
    "runtime": ("how long", "running time", "length", "duration", "minutes", "run time", "long is", "runtime",
                "how many minutes", "how many seconds", "how many secs", "longest", "shortest", "longer than",
                "shorter than"),
    "dialogue": ("say", "says", "said", "lines", "dialogue", "speak", "speaks", "tell", "tells"),
    "spend": ("spent", "cost", "costs", "budget", "money", "how much", "paid", "dollars", "spending", "bill"),
    "history": ("last change", "what did we change", "what changed", "recent changes", "changed last",
                "what did we do", "what did you do", "what did you change", "latest change", "what happened last",
                "most recent change", "recent change", "last edit", "latest edit", "most recent edit"),
    "branch": ("which branch", "what branch", "branch am i", "branch are we", "current branch", "on which branch",
               "branches", "what branches", "which branches", "list the branches", "other branches",
               "version am i on", "version are we on", "version am i in", "version are we in"),
    "heading": ("slugline", "slug line", "slug", "scene heading", "heading", "where is scene", "where's scene",
                "where is the scene", "where's the scene", "wheres scene", "wheres the scene",
                "set where", "what time of day", "int or ext", "interior or exterior", "day or night", "night or day",
                "time of day", "what time is it set", "set at what time"),
    "art direction": ("look", "style", "palette", "aesthetic", "colours", "colors", "visual style"),
    "overview": ("status", "what's next", "whats next", "next", "summary", "progress", "recap"),
    "int": ("interior", "inside", "indoors", "int."),
    "ext": ("exterior", "outside", "outdoors", "ext.", "out of doors"),
    "int/ext": ("int./ext.", "i/e", "inside and outside", "in and out"),
    "day": ("daytime", "morning", "afternoon"),
    "night": ("nighttime", "evening", "midnight"),
}


def normalise(text: str) -> str:
    """Lower-case and turn hyphens and underscores into spaces ("Close-Up" -> "close up")."""
    return re.sub(r"\s+", " ", re.sub(r"[-_]", " ", text.lower())).strip()


# Looked up by the normalised value: "screenplay-pdf" is asked for as "screenplay pdf".
_BY_VALUE = {normalise(key): words for key, words in _SYNONYMS.items()}


def variants(value: str) -> list[str]:
    """Return the ways a value is said: itself, run together, and its synonyms (all normalised)."""
    norm = normalise(str(value))
    out = [norm, norm.replace(" ", "")]
    out.extend(_BY_VALUE.get(norm, ()))
    return [normalise(v) for v in dict.fromkeys(out) if v]


def match_enum(text: str, values: Sequence[object]) -> object | None:
    """Return the enum value a text mentions: an exact value beats a synonym, longer beats shorter."""
    haystack = re.sub(r"\btell\s+(?:me|us)\b", " ", f" {normalise(text)} ")  # "tell me …" asks; nobody speaks
    best: tuple[int, int, int, object] | None = None
    for order, value in enumerate(values):
        for rank, variant in enumerate(variants(str(value))):
            found = re.search(rf"(?<![\w']){re.escape(variant)}(?![\w'])", haystack)
            if found:
                exact = 1 if rank == 0 else 0
                key = (exact * 1000 + len(variant), -found.start(), -order, value)
                if best is None or key[:3] > best[:3]:
                    best = key
    printed = printed_format(text, values) if best is None or best[0] < 1000 else None
    return printed or (best[3] if best else None)


_PRINTED = re.compile(r"\b(?:print\w*|paper|pdf|hard\s*copy)\b", re.I)
_PRINTED_THING = (("shotlist-pdf", r"\bshot\s*-?\s*lists?\b"), ("storyboard-pdf", r"\bstoryboards?\b"),
                  ("breakdown-pdf", r"\bbreakdowns?\b"), ("screenplay-pdf", r"\b(?:script|screenplay)s?\b"))


def printed_format(text: str, values: Sequence[object]) -> str | None:
    """Return the PDF a text asks for by saying it is to be printed ("a shot list the AD can print")."""
    if not _PRINTED.search(text):
        return None
    for fmt, thing in _PRINTED_THING:
        if fmt in values and re.search(thing, text, re.I):
            return fmt
    return None


_NAMED_FRAMING = re.compile(r"\b(?:close[- ]?ups?|wide\s+shot|extreme|medium|insert|two[- ]shot|"
                            r"over[- ]the[- ]shoulder|ecu|cu|ws|ms)\b", re.I)
"""A framing said by its name ("closer, a real close-up"): that framing, not a step from the one now."""


def one_framing(args: dict[str, Any], text: str) -> dict[str, Any]:
    """Keep one of a new framing and a step from the shot's own ("wider" is a step; "a wide shot" is a framing)."""
    if "reframe" in args and "shot_type" in args:
        args.pop("reframe" if _NAMED_FRAMING.search(text) else "shot_type")
    return args
