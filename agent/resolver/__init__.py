"""One reference resolver: the words a film-maker uses for scenes and names -> the things they mean.

Scenes are named by number ("scene 3", "sc3"), ordinal ("the second scene", "the opening", "the
ending"), heading words (place, INT/EXT, time of day: "the bus scene", "the bridge at dawn"), who is
in them ("the scene with Ruben and Juno") or what happens ("where she gets the key back"). Names of
characters, locations and props match case-insensitively and tolerate typos. When two scenes fit
about equally the reference is ambiguous and the caller asks; it never takes the first match.

The context builder uses this package for every model (the offline director and real ones); it is
also behind the read-only ``find_scene`` tool.

:mod:`.scenes` holds the types, :mod:`.numbers` the scenes named by number or position,
:mod:`.ranking` the ranking of scenes by description, :mod:`.references` the search of a whole
request, :mod:`.names` the names of characters and places, :mod:`.shots` the shots, and
:mod:`.terms` the words they all match on.
"""

from agent.resolver.names import closest_name, match_places
from agent.resolver.numbers import (
    CAMERA_TALK,
    DOTTED_SHOT,
    MAKE_NUMBER,
    SCENE_VERB,
    SHORT_SCENE,
    explicit_scene_numbers,
)
from agent.resolver.ranking import present_in, rank_scenes, scene_stems
from agent.resolver.references import find_scene_references, implied_scene
from agent.resolver.scenes import Embed, SceneInfo, SceneMatch, SceneReference
from agent.resolver.shots import ShotInfo, rank_shots
from agent.resolver.terms import heading_terms, term_stems

__all__ = [
    "Embed",
    "SceneInfo",
    "SceneMatch",
    "heading_terms",
    "term_stems",
    "scene_stems",
    "SceneReference",
    "SHORT_SCENE",
    "CAMERA_TALK",
    "ShotInfo",
    "rank_shots",
    "DOTTED_SHOT",
    "MAKE_NUMBER",
    "SCENE_VERB",
    "closest_name",
    "explicit_scene_numbers",
    "find_scene_references",
    "implied_scene",
    "match_places",
    "present_in",
    "rank_scenes",
]
