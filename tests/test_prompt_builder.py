from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from agent.generators import (
    ArtDirectionRef,
    CharacterRef,
    LocationRef,
    OfflineImageGenerator,
    ShotSpec,
    build_shot_prompt,
    image_request_for_shot,
    prompt_parts,
)

MARA_LOOK = "wiry woman in her 40s, cropped grey hair, yellow oilskin coat"
MARA = CharacterRef(name="Mara", description=MARA_LOOK, reference_sha256="a" * 64)
TOM = CharacterRef(name="Tom", description="young keeper in a red beanie")
LIGHTHOUSE = LocationRef(
    name="LIGHTHOUSE - NIGHT", description="weathered stone tower", reference_sha256="b" * 64
)
NOIR = ArtDirectionRef(style="moody noir, 35mm grain", palette=["#1B2A41", "#c2a878"], notes="hard rim light")


def _spec(**kw: object) -> ShotSpec:
    base: dict[str, object] = {
        "scene_number": 3,
        "shot_number": 1,
        "description": "Mara climbs the spiral stairs",
        "characters": [MARA],
        "location": LIGHTHOUSE,
        "art_direction": NOIR,
    }
    base.update(kw)
    return ShotSpec.model_validate(base)


def test_character_look_is_threaded_into_every_shot_she_appears_in() -> None:
    shots = [
        _spec(shot_type="wide", description="Mara climbs the stairs"),
        _spec(shot_type="close-up", description="Mara's face in lantern light", shot_number=2),
        _spec(shot_type="two-shot", description="Mara confronts Tom", characters=[MARA, TOM], shot_number=3),
    ]
    for shot in shots:
        built = build_shot_prompt(shot)
        assert MARA_LOOK in built.prompt
        assert "Mara's reference image" in built.parts["characters"]
        assert "LIGHTHOUSE - NIGHT: weathered stone tower" in built.prompt
    assert "red beanie" in build_shot_prompt(shots[2]).prompt
    assert "red beanie" not in build_shot_prompt(shots[0]).prompt


def test_framing_angle_movement_lens_and_props_are_in_the_prompt() -> None:
    built = build_shot_prompt(
        _spec(
            shot_type="close-up",
            angle="low",
            movement="dolly-in",
            lens_mm=85,
            props=["brass lantern", "logbook"],
        )
    )
    framing = built.parts["framing"]
    assert "close-up" in framing and "low angle" in framing and "dollying in" in framing and "85mm" in framing
    assert built.parts["props"] == "visible props: brass lantern, logbook"
    assert list(built.parts)[:2] == ["framing", "subject"]
    assert built.prompt.startswith("close-up")


def test_art_direction_style_notes_and_palette_names() -> None:
    built = build_shot_prompt(_spec())
    assert "moody noir, 35mm grain, hard rim light" == built.parts["style"]
    # #1b2a41 is a deep navy and #c2a878 a sandy ochre/beige: named, not hex, for the model.
    assert built.parts["palette"].startswith("colour palette of navy")
    assert "#" not in built.prompt


def test_rejection_note_must_appear_in_prompt() -> None:
    built = build_shot_prompt(_spec(note="make her look older and more tired"))
    assert "revision note: make her look older and more tired" in built.prompt
    assert built.parts["revision"].endswith("more tired")
    assert "revision" not in build_shot_prompt(_spec()).parts


def test_different_shot_types_give_different_prompts() -> None:
    prompts = {build_shot_prompt(_spec(shot_type=t)).prompt for t in ("wide", "medium", "close-up", "insert")}
    assert len(prompts) == 4


def test_negative_prompt_has_defaults_and_extras() -> None:
    built = build_shot_prompt(_spec(), extra_negative="modern cars")
    assert "watermark" in built.negative_prompt and built.negative_prompt.endswith("modern cars")


def test_image_request_for_shot_picks_up_known_references(tmp_path: Path) -> None:
    ref = tmp_path / "mara.png"
    request = image_request_for_shot(_spec(), reference_paths={"a" * 64: ref}, width=640, height=360, seed=9)
    assert [r.sha256 for r in request.reference_images] == ["a" * 64]  # the location's image is unknown
    assert request.reference_images[0].path == ref
    assert (request.width, request.height, request.seed) == (640, 360, 9)
    assert request.prompt == build_shot_prompt(_spec()).prompt


def test_prompt_and_parts_land_in_result_metadata() -> None:
    request = image_request_for_shot(_spec(note="darker"), width=320, height=180)
    media = OfflineImageGenerator().generate(request)
    assert media.metadata["prompt"] == request.prompt
    assert media.metadata["prompt_parts"] == build_shot_prompt(_spec(note="darker")).parts
    assert "revision" in media.metadata["prompt_parts"]


def test_hand_edited_prompt_is_flagged_in_parts() -> None:
    request = image_request_for_shot(_spec()).model_copy(update={"prompt": "something else"})
    parts = prompt_parts(request)
    assert parts["edited_prompt"] == "something else"
    assert parts["subject"] == "Mara climbs the spiral stairs"


@pytest.mark.parametrize(
    "bad",
    [
        {"art_direction": {"palette": ["red"]}},
        {"shot_type": "cowboy"},
        {"movement": "spin"},
        {"description": ""},
        {"characters": [{"name": "X", "reference_sha256": "not-a-hash"}]},
    ],
)
def test_bad_specs_are_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _spec(**bad)
