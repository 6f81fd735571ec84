"""Parse the context block the graph writes into the system message.

The graph owns writing the block; this module owns reading it. Both sides agree on this
format (every part may be missing; unknown tags are ignored)::

    <project name="Night Train" phase="story" scene_count="8" clips="12" timeline="2;3"/>
    <names characters="MARA; JONAS; ELI" locations="PLATFORM; KITCHEN" props="LANTERN"/>
    <pronouns she="MARA" he="JONAS"/>
    <scene number="3" version="2" heading="INT. KITCHEN - NIGHT" shots="0" breakdown="6" target="true">
    ...Fountain body of the scene...
    </scene>
    <neighbour number="2" heading="EXT. PLATFORM - NIGHT"/>
    <implied phrase="mara drops the lantern" status="resolved" scene="3" options="3 · INT. KITCHEN - NIGHT"/>
    <implied phrase="a close-up on 'not yet'" status="resolved" scene="3" options="3 · …" quoted="true"/>
    <character name="MARA">description</character>
    <art_direction style="neo-noir" palette="#101820; #f2aa4c"/>
    <next>3 characters have no reference image; scene 4 has no shots</next>

Attribute values are XML-escaped (``&quot; &amp; &lt; &gt;``); bodies may be escaped too and
are unescaped here. Lists inside attributes are separated by ``;``. There may be several
``<scene>`` tags; the one with ``target="true"`` is the scene the request is about. ``<pronouns>``
lists the characters (of the whole cast) the screenplay clearly calls "she" or "he"; the others are unknown.
``breakdown`` (only on a scene with no shots) is how many shots breaking it into shots would make.
``<implied>`` (only when the request names no scene) is the scene the whole request's words fit, ranked
like a description: where something that happens on screen would happen.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

__all__ = ["ProjectContext", "SceneContext", "SceneRef", "parse_context"]

_ATTR = re.compile(r'([A-Za-z_][\w\-]*)\s*=\s*"([^"]*)"')
_TAG = re.compile(
    r"<(?P<tag>[A-Za-z_]\w*)(?P<attrs>(?:\s+[A-Za-z_][\w\-]*\s*=\s*\"[^\"]*\")*)\s*"
    r"(?:/>|>(?P<body>.*?)</(?P=tag)\s*>)",
    re.DOTALL,
)


@dataclass(frozen=True)
class SceneContext:
    """One scene the graph showed the model."""

    number: int
    heading: str = ""
    version: int | None = None
    content: str | None = None
    target: bool = False
    shots: int | None = None
    """How many shot cards the scene has (None when the block does not say)."""
    breakdown: int | None = None
    """For a scene with no shots: how many shots breaking it into shots would make (None when not said)."""


@dataclass(frozen=True)
class SceneRef:
    """How the graph resolved a phrase that names a scene ("the bridge scene")."""

    phrase: str
    status: str
    """"resolved", "ambiguous" or "none"."""
    scene: int | None = None
    options: tuple[str, ...] = ()
    """Candidate scenes as "N · HEADING", best first (every scene, up to a few, when none matched)."""
    scenes: tuple[int, ...] = ()
    """For a plural reference the graph resolved ("the two bridge scenes"): every scene it names."""
    quoted: bool = False
    """For the implied scene: the request quotes words that scene (and no other) says."""
    at: tuple[int, ...] = ()
    """When the phrase is only a place's name ("the bridge"): every scene set there."""

    @property
    def option_numbers(self) -> list[int]:
        """Return the candidate scenes' numbers, in the order of ``options``."""
        heads = (option.split("·", 1)[0].strip() for option in self.options)
        return [int(head) for head in heads if head.isdigit()]


@dataclass(frozen=True)
class ProjectContext:
    """What the director knows about the project for this call."""

    name: str = ""
    phase: str = ""
    scene_count: int | None = None
    clips: int | None = None
    """Clips on the timeline (0: nothing assembled yet; None when the block does not say)."""
    timeline: tuple[int, ...] = ()
    """The scenes (by number) with clips on the timeline, in scene order (empty: none, or not said)."""
    characters: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    props: tuple[str, ...] = ()
    scenes: tuple[SceneContext, ...] = ()
    neighbours: tuple[SceneContext, ...] = ()
    character_descriptions: dict[str, str] = field(default_factory=dict)
    style: str = ""
    palette: tuple[str, ...] = ()
    next_hint: str = ""
    refs: tuple[SceneRef, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()
    """Characters named by role in the request, as (phrase, name): ("the bus driver", "RUBEN")."""
    absent: tuple[str, ...] = ()
    """Things the request names that the film does not have ("sword fight"): said so, never guessed at."""
    pronouns: dict[str, str] = field(default_factory=dict)
    """Character name -> "f" or "m", for those the screenplay is clear about (the rest are unknown)."""
    branches: tuple[str, ...] = ()
    """Main and every branch, when the block lists them (empty: not known)."""
    branch: str = ""
    """The branch the screenplay is on ("main" or a branch's name), when known."""
    implied: SceneRef | None = None
    """When the request names no scene: the scene its words fit ("ida stamps the claim form": the claim scene)."""

    @property
    def target_scene(self) -> SceneContext | None:
        """Return the scene marked as the target (or the only scene shown)."""
        for scene in self.scenes:
            if scene.target:
                return scene
        return self.scenes[0] if len(self.scenes) == 1 else None

    def scene(self, number: int) -> SceneContext | None:
        """Return the shown scene (or neighbour) with this number."""
        for scene in (*self.scenes, *self.neighbours):
            if scene.number == number:
                return scene
        return None

    def all_names(self) -> tuple[str, ...]:
        """Return every known character, location and prop name."""
        return (*self.characters, *self.locations, *self.props)


def _split_list(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _attrs(raw: str) -> dict[str, str]:
    return {key.lower(): html.unescape(val) for key, val in _ATTR.findall(raw)}


def _body(raw: str | None) -> str | None:
    if raw is None:
        return None
    return html.unescape(raw).strip("\n")


def _pronouns(attrs: dict[str, str]) -> dict[str, str]:
    """Read name -> "f"/"m" from a <pronouns> tag; a name listed on both sides is unknown."""
    she, he = (set(n.upper() for n in _split_list(attrs.get(side))) for side in ("she", "he"))
    return {**{n: "f" for n in she - he}, **{n: "m" for n in he - she}}


def parse_context(text: str) -> ProjectContext:
    """Read a context block (any surrounding prompt text is ignored); never raises on bad input."""
    fields: dict[str, object] = {}
    scenes: list[SceneContext] = []
    neighbours: list[SceneContext] = []
    descriptions: dict[str, str] = {}
    refs: list[SceneRef] = []
    roles: list[tuple[str, str]] = []
    absent: list[str] = []
    pronouns: dict[str, str] = {}
    for match in _TAG.finditer(text or ""):
        tag, attrs, body = match["tag"].lower(), _attrs(match["attrs"] or ""), _body(match["body"])
        if tag == "project":
            fields.update(name=attrs.get("name", ""), phase=attrs.get("phase", ""),
                          scene_count=_int(attrs.get("scene_count")), clips=_int(attrs.get("clips")),
                          timeline=tuple(n for n in (_int(x) for x in _split_list(attrs.get("timeline")))
                                         if n is not None))
        elif tag == "names":
            fields.update(characters=_split_list(attrs.get("characters")),
                          locations=_split_list(attrs.get("locations")),
                          props=_split_list(attrs.get("props")))
        elif tag in ("scene", "neighbour", "neighbor"):
            number = _int(attrs.get("number"))
            if number is None:
                continue
            scene = SceneContext(number=number, heading=attrs.get("heading", ""),
                                 version=_int(attrs.get("version")), content=body,
                                 target=attrs.get("target", "").lower() == "true", shots=_int(attrs.get("shots")),
                                 breakdown=_int(attrs.get("breakdown")))
            (scenes if tag == "scene" else neighbours).append(scene)
        elif tag in ("character", "location", "prop") and attrs.get("name"):
            descriptions[attrs["name"]] = (body or "").strip()
        elif tag == "branches":
            fields.update(branches=_split_list(attrs.get("names")), branch=attrs.get("current", ""))
        elif tag == "art_direction":
            fields.update(style=attrs.get("style", ""), palette=_split_list(attrs.get("palette")))
        elif tag in ("ref", "implied") and attrs.get("phrase"):
            many = tuple(n for n in (_int(x) for x in _split_list(attrs.get("scenes"))) if n is not None)
            there = tuple(n for n in (_int(x) for x in _split_list(attrs.get("at"))) if n is not None)
            ref = SceneRef(attrs["phrase"], attrs.get("status", "none"), _int(attrs.get("scene")),
                           _split_list(attrs.get("options")), many, attrs.get("quoted", "").lower() == "true", there)
            if tag == "ref":
                refs.append(ref)
            else:
                fields["implied"] = ref
        elif tag == "role" and attrs.get("phrase") and attrs.get("name"):
            roles.append((attrs["phrase"], attrs["name"]))
        elif tag == "absent" and attrs.get("phrase"):
            absent.append(attrs["phrase"])
        elif tag == "pronouns":
            pronouns.update(_pronouns(attrs))
        elif tag == "next":
            fields["next_hint"] = (body or "").strip()
    return ProjectContext(scenes=tuple(scenes), neighbours=tuple(neighbours), refs=tuple(refs),
                          roles=tuple(roles), absent=tuple(absent), character_descriptions=descriptions,
                          pronouns=pronouns, **fields)  # type: ignore[arg-type]
