"""Multi-part and story requests as the offline director reads them: each part its own step, said the way meant.

Unit tests for the readers (clauses, genre and tone, lines given someone, "the new last scene", a labelled answer
pointed back at, "the whole thing"), and whole requests through the real tools on a fresh demo copy (IDA, RUBEN,
JUNO; six scenes, no logline).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_session import demo_template, run_demo, shots_of

from agent.llm.offline.clauses import split_clauses
from agent.llm.offline.context import ProjectContext, SceneRef
from agent.llm.offline.conversation import Turn
from agent.llm.offline.genres import genre_and_tone
from agent.llm.offline.understand import recent_scene, understand_all
from agent.tools.outline import beats_from_scenes

_CAST = ("MARA", "TOBIAS")


def _turn(clause: str, **kw: object) -> Turn:
    context = ProjectContext(scene_count=5, characters=_CAST)
    return Turn(context=context, request=clause, clauses=[clause], **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("said", "genre", "tone"), [
    ("It's a western, dusty and patient in tone.", ["western"], ["dusty", "patient"]),
    ("tone wise we're brittle and funny", [], ["brittle", "funny"]),
    ("tone-wise they're hushed", [], ["hushed"]),
    ("genre: heist / tone: brisk", ["heist"], ["brisk"]),
])
def test_genre_and_tone_keep_only_the_tags(said: str, genre: list[str], tone: list[str]) -> None:
    assert genre_and_tone(said) == (genre, tone)


def test_story_labels_listed_after_each_other_are_steps_of_their_own() -> None:
    clauses = split_clauses("two jobs: the premise is 'A ferryman's daughter rows the dead across for a living.', "
                            "the genre is fable, and split scene 2 at the storm")
    assert clauses[0].startswith("the premise is") and clauses[0].endswith("living.'")
    assert clauses[1:] == ["the genre is fable", "split scene 2 at the storm"]


def test_a_story_label_inside_a_judgement_stays_one_step() -> None:
    assert split_clauses("make it bleaker, the tone is too chirpy") == ["make it bleaker, the tone is too chirpy"]


def test_single_quotes_with_an_apostrophe_inside_quote_the_whole_text() -> None:
    step = understand_all("the logline is 'A ferryman's daughter rows the dead across.'", _turn("x"))[0]
    assert "“A ferryman's daughter rows the dead across.”" in step
    assert understand_all("tag scene 2 'storm'", _turn("x")) == ["tag scene 2 'storm'"]


@pytest.mark.parametrize(("said", "meant"), [
    ("give Mara a line here: 'Not tonight, Tobias.'", "have Mara say 'Not tonight, Tobias.'"),
    ('tobias needs a line in scene 3: "Keep the change."', 'in scene 3, have tobias say "Keep the change."'),
    ('then give Mara one more line: "Shut the gate."', 'then have Mara say "Shut the gate."'),
])
def test_a_line_given_someone_with_its_words_is_theirs_to_say(said: str, meant: str) -> None:
    assert understand_all(said, _turn(said)) == [meant]


def test_a_line_for_someone_not_in_the_cast_is_left_as_said() -> None:
    said = "give Boris a line here: 'Evening.'"
    assert understand_all(said, _turn(said)) == [said]


def test_the_new_last_scene_is_the_place_after_the_reorder() -> None:
    assert understand_all("flag the new final scene 'coda'", _turn("x")) == ["flag the final scene 'coda'"]
    assert understand_all("write a new last scene at the pier", _turn("x")) == ["write a new last scene at the pier"]


def test_an_answer_naming_scenes_under_labels_points_at_the_one_asked_for() -> None:
    answer = "Runs 2 min. Shortest: scene 2 (9 s); longest: scene 4 (50 s)."
    asked = _turn("trim it", history=["what's our shortest scene?", answer], requests=["what's our shortest scene?"])
    assert recent_scene(asked) == 2
    other = _turn("trim it", history=["and the longest one?", answer], requests=["and the longest one?"])
    assert recent_scene(other) == 4
    plain = _turn("trim it", history=["cut scene 1", "Deleted scene 3."], requests=["cut scene 1"])
    assert recent_scene(plain) == 3


def test_an_outline_of_the_scenes_splits_them_into_acts() -> None:
    scenes = [(f"EXT. PLACE {n} - DAY", f"MARA walks. She stops at post {n}.\n\nMARA\nHello.") for n in range(1, 9)]
    three = beats_from_scenes(scenes, 3)
    assert [b.act for b in three] == [1, 1, 2, 2, 2, 2, 3, 3]
    assert three[0].title == "Ext. Place 1 - Day" and three[0].description == "MARA walks. She stops at post 1."
    assert [b.act for b in beats_from_scenes(scenes[:5], 5)] == [1, 2, 3, 4, 5]
    with pytest.raises(Exception, match="3 or 5 acts"):
        beats_from_scenes(scenes, 4)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_template(tmp_path_factory, "parts")


async def test_an_outline_asked_for_with_no_logline_outlines_the_screenplay(template: Path, tmp_path: Path) -> None:
    before, after = await run_demo(template, tmp_path, "sketch me a 3-act outline of what we've got")
    assert not before["logline"] and not before["outline"]
    assert len(after["outline"]) == 6 and {b["act"] for b in after["outline"]} == {1, 2, 3}
    assert "birdcage" in after["outline"][0]["text"]
    assert [s["content"] for s in after["scenes"]] == [s["content"] for s in before["scenes"]]


async def test_a_breakdown_then_one_camera_for_the_whole_thing(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "break scene 4 into shots, then shoot the whole lot on a 35mm")
    shots = shots_of(after, 4)
    assert len(shots) >= 2 and {s["camera"]["lens_mm"] for s in shots.values()} == {35}


async def test_a_story_list_sets_each_part(template: Path, tmp_path: Path) -> None:
    _, after = await run_demo(template, tmp_path, "two bits: the logline is 'A clerk's last night turns up a "
                                                  "key that someone finally claims.', and the genre is fable")
    assert after["logline"].startswith("A clerk's last night") and "genre" not in after["logline"]
    assert after["ideation"]["genre"] == "fable"


def _ambiguous(phrase: str, *options: str) -> ProjectContext:
    ref = SceneRef(phrase=phrase, status="ambiguous", options=options)
    return ProjectContext(scene_count=5, characters=_CAST, refs=(ref,))


def test_a_time_said_before_an_ambiguous_place_picks_the_scene_at_that_time() -> None:
    context = _ambiguous("the pier", "1 · EXT. PIER - DAY", "4 · EXT. PIER - NIGHT")
    said = "storyboard mara's night on the pier"
    assert understand_all(said, Turn(context=context, request=said, clauses=[said])) == [
        "storyboard mara's night on scene 4"]
    changed = "set the pier at night"  # the time after the place may be the change asked for: still asked
    assert understand_all(changed, Turn(context=context, request=changed, clauses=[changed])) == [changed]


def test_the_scene_that_follows_it_is_the_candidate_after_the_scene_named_before() -> None:
    context = _ambiguous("the kiosk scene", "2 · INT. KIOSK - DAY", "5 · INT. KIOSK - NIGHT")
    said = "fold scene 4 into the kiosk scene that comes after it"
    assert understand_all(said, Turn(context=context, request=said, clauses=[said])) == ["fold scene 4 into scene 5"]
    before = "fold scene 4 into the kiosk scene that precedes it"  # scene 3 is no kiosk scene: still asked
    assert understand_all(before, Turn(context=context, request=before, clauses=[before])) == [before]


def test_the_two_sides_of_between_are_one_place_not_two_steps() -> None:
    assert split_clauses("slot a scene between scene 3 and scene 4: Tobias locks the kiosk and walks home") == [
        "slot a scene between scene 3 and scene 4: Tobias locks the kiosk and walks home"]
    assert split_clauses("add a crossfade between scene 1 and scene 2 and delete scene 5") == [
        "add a crossfade between scene 1 and scene 2", "delete scene 5"]
