"""The standard coverage of a scene: the shot cards a breakdown makes when no shots are given.

Establishing wide, dialogue coverage, inserts of the props the scene names, a closing move. The cinematographer's
breakdown writes these; the context builder counts them for a scene with no shots yet, so a request naming
shot 9 of a scene that would break into 5 is answered before anything is broken.
"""

from __future__ import annotations

from agent.formats.fountain import heading_location, scene_dialogue, scene_elements
from agent.formats.script_terms import props_in, referent
from agent.project import shots as shot_repo
from agent.project.timing import shot_seconds

__all__ = ["default_breakdown"]


def default_breakdown(
    heading: str, content: str, cast: set[str], locations: set[str], props: set[str]
) -> list[shot_repo.ShotCard]:
    """Break a scene into a standard coverage: establishing wide, dialogue coverage, inserts, a closing move."""
    place = heading_location(heading) or ""
    location = place.upper() if place.upper() in locations else None
    lines = scene_dialogue(content)
    speakers = [ln.character for ln in lines if ln.character in cast]
    in_scene = list(dict.fromkeys(speakers)) or [c for c in sorted(cast) if c in content.upper()][:3]
    cards = [shot_repo.ShotCard(f"Establishing: {place or heading}", shot_type="wide", movement="static",
                            lens_mm=24, characters=in_scene, location=location, duration_s=3.0,
                            source=f"opening: {heading}")]
    framings = [("medium", "eye-level", 35), ("close-up", "eye-level", 50), ("over-the-shoulder", "eye-level", 50)]
    for i, line in enumerate(lines[:6]):
        if line.character not in cast:
            continue
        shot_type, angle, lens = framings[i % len(framings)]
        words = " ".join(line.text.split()[:8])
        cards.append(shot_repo.ShotCard(f"{line.character}: \u201c{words}\u201d", shot_type=shot_type, angle=angle,
                                    lens_mm=lens, characters=[line.character], location=location,
                                    duration_s=shot_seconds(dialogue=line.text, most=8.0),
                                    source=f"{line.character}: {line.text}"))
    for action in [el.text for el in scene_elements(content) if el.type == "action"][:3]:
        sentence = action.split(". ")[0].strip().rstrip(".")
        # "She checks her coat pocket" is about whoever the scene named last: she belongs in the frame.
        named = referent(content, action, cast)
        held = [p for p in props_in(sentence, props) if p in props]
        cards.append(shot_repo.ShotCard(sentence[:200], shot_type="medium" if named else "wide",
                                        movement="tracking" if named else "pan-right", lens_mm=35 if named else 28,
                                        characters=named, location=location, props=held,
                                        duration_s=shot_seconds(action=sentence), source=sentence))
    for prop in sorted(p for p in props if p in content.upper())[:2]:
        cards.append(shot_repo.ShotCard(f"Insert: the {prop.lower()}", shot_type="insert", lens_mm=85, props=[prop],
                                    location=location, duration_s=2.0, source=f"prop: {prop}"))
    cards.append(shot_repo.ShotCard(f"Closing: {place or heading}", shot_type="wide", movement="dolly-out", lens_mm=24,
                                characters=in_scene, location=location, duration_s=3.0,
                                source=f"closing: {heading}"))
    return cards
