"""A story told, then an ask: the paragraph is read as the one step it asks for (paragraphs.py)."""

from __future__ import annotations

import pytest

from agent.llm.offline.context import ProjectContext, SceneContext, SceneRef
from agent.llm.offline.paragraphs import asked_parts, protects_only_a_part, with_places

_CAST = ("MARA", "OSKAR")
_TRAM = SceneRef("the tram ride", "resolved", 4)
_PIER = SceneRef("The pier scene", "ambiguous", None, options=("1 · EXT. PIER - NIGHT", "5 · EXT. PIER - DAY"))
_SCENES = (
    SceneContext(1, "EXT. PIER - NIGHT", content="Fog rolls over the boards. Mara waits by the railing."),
    SceneContext(4, "INT. TRAM - DAY", content="Oskar punches tickets. Mara sits by the window."),
    SceneContext(5, "EXT. PIER - DAY", content="The fog has lifted. Gulls argue over a chip."),
)


def _context(*refs: SceneRef) -> ProjectContext:
    return ProjectContext(scene_count=5, characters=_CAST, scenes=_SCENES, refs=refs)


@pytest.mark.parametrize(("said", "step"), [
    # the ask points back at the scene the story named
    ("Had coffee with our editor. He adores the tram ride but says it feels too jolly — could you make it "
     "a shade more tense?", "make the tram ride a shade more tense?"),
    # a bare go-ahead means the want said before it, for that scene
    ("My sister saw a draft and kept mentioning the tram ride. I reckon it needs far more fog outside. "
     "Can you work that in?", "I reckon the tram ride needs far more fog outside"),
    # an ask that needs nothing from the story stands alone, the remark after it too
    ("What a week, the van broke down twice. Anyway: could Oskar sound a little warmer on the tram? No rush.",
     "Oskar should sound a little warmer on the tram"),
    # news that a scene's time of day changed is that change
    ("Small thing, we're filming the tram ride at night now, not day, since the depot is free after ten.",
     "set the tram ride at night instead of day"),
])
def test_a_paragraph_is_read_as_its_ask(said: str, step: str) -> None:
    assert asked_parts([said], _context(_TRAM)) == [step]


def test_an_ambiguous_scene_is_picked_by_what_its_description_says() -> None:
    said = "The pier scene where the fog has lifted — the director wants it at dusk instead of day"
    steps = asked_parts([said, "could you change that?"], _context(_PIER))
    assert steps == ["the director wants scene 5 at dusk instead of day"]


def test_a_description_both_candidates_fit_picks_nothing() -> None:
    said = "The pier scene where there's fog — the director wants it at dusk instead of day"
    steps = asked_parts([said, "could you change that?"], _context(_PIER))
    assert steps == [said, "could you change that?"]


@pytest.mark.parametrize("said", [
    "Had coffee with our editor. He adores the tram ride.",  # news, nothing asked
    "Is the tram ride too long? My editor wonders.",  # a question
    "Thanks so much, the tram ride reads beautifully now!",  # thanks
    "He's sixty, stooped. Could you put that in as his description?",  # "that" is the words, not a scene
    "Ida should be older. Could you also make it darker?",  # the story asks for something itself
    "the tram ride before the storm breaks — add a dog barking somewhere",  # a label names the scene
    "give oskar a voice - gravelly, slow, a Cork accent",  # what follows a dash is the ask's own words
    "make sure nobody edits the tram ride — freeze it",  # two asks: left to the splitter
])
def test_a_paragraph_that_is_not_a_story_and_an_ask_stays_as_said(said: str) -> None:
    assert asked_parts([said], _context(_TRAM)) == [said]


def test_keeping_one_thing_does_not_make_the_message_only_an_idea() -> None:
    said = "Could Mara seem a bit colder at the pier? I still love the tram ride, don't touch that."
    assert protects_only_a_part(said, _CAST)
    assert not protects_only_a_part("What if Mara sang? Don't touch anything.", _CAST)
    assert not protects_only_a_part("I still love the tram ride, don't touch that.", _CAST)
    assert asked_parts(["Mara should seem colder at the pier", "I still love the tram ride, don't touch that"],
                       _context(_TRAM)) == ["Mara should seem colder at the pier"]


def test_a_wish_for_a_character_needs_a_degree() -> None:
    assert asked_parts(["could Mara be a touch sharper?"], _context()) == ["Mara should be a touch sharper"]
    assert asked_parts(["could Mara be in scene 4?"], _context()) == ["could Mara be in scene 4?"]


def test_a_thing_named_in_news_is_what_add_it_as_a_prop_adds() -> None:
    steps = asked_parts(["The art team dug up a gorgeous dented copper kettle, I adore it",
                         "Let's add it as a prop: copper, dented, still warm"], _context())
    assert steps == ["add a prop: kettle, copper, dented, still warm"]


def test_a_place_asked_to_say_what_the_news_described() -> None:
    context = ProjectContext(scene_count=5, locations=("FERRY", "PIER"))
    said = "We found our boat!! It's a rusty car ferry, green rails, peeling paint. Could the ferry location say that?"
    assert asked_parts([said], context) == ["change the ferry location's description: a rusty car ferry, green rails, "
                                            "peeling paint"]
    assert asked_parts(["It's a rusty ferry. Could the harbour location say that?"], context) == [
        "It's a rusty ferry. Could the harbour location say that?"]  # no such place: left as said


@pytest.mark.parametrize(("said", "step"), [
    ("Tea's brewing. Oh, our editor asked for an OTIO of the cut so far. The van is fixed too.", "export otio"),
    ("Quick one, the writers' room needs an FDX by Friday.", "export fdx"),
])
def test_a_file_someone_asked_for_is_an_export(said: str, step: str) -> None:
    assert asked_parts([said], _context()) == [step]


def test_a_question_about_a_file_is_not_an_export() -> None:
    said = "Our editor asked for an OTIO? Did they say which version?"
    assert asked_parts([said], _context()) == [said]


def test_a_wish_ending_on_a_place_is_a_note_on_that_place_scene() -> None:
    router = ProjectContext(scene_count=5, characters=_CAST, locations=("CITY TRAM", "PIER"))
    steps, context = with_places(router, ["Oskar should sound a little warmer on the tram", "cut scene 2"])
    assert steps == ["rewrite the tram scene so Oskar sounds a little warmer", "cut scene 2"]
    assert [r.phrase for r in context.refs] == ["the tram scene"]
    assert with_places(router, ["Oskar should sound warmer on the moon"])[0] == [
        "Oskar should sound warmer on the moon"]  # no such place
    writer = ProjectContext(scene_count=5, characters=_CAST, locations=("CITY TRAM",), scenes=_SCENES)
    assert with_places(writer, ["Oskar should sound warmer on the tram"])[0] == [
        "Oskar should sound warmer on the tram"]  # the writer holds the scenes: the graph placed it
