"""How a read-only question reads the screenplay: the sentence that asks, the words it is answered from.

Every screenplay and question here is invented (a lighthouse keeper and a girl with a lantern).
"""

from __future__ import annotations

from typing import Any

from agent.llm.offline.context import ProjectContext, SceneContext
from agent.llm.offline.musing import musing
from agent.llm.offline.questions import ABOUT, fact_detail, presence
from agent.llm.offline.speech import speech_act
from agent.shorthand import spell_out
from agent.tools.said import written
from agent.tools.synopsis import gist

CAST = ("MARCO", "TESS")
_SCENES = [
    ("INT. LIGHTHOUSE - NIGHT",
     "A spiral stair. On the sill: a tin lantern, a folded map, a jar of matches.\n\n"
     "MARCO (52, oilskin, one glove) winds the lamp by hand.\n\n"
     "MARCO\nThirty winters I have kept this light.\n\n"
     "He hangs the lantern on a hook by the door."),
    ("EXT. HARBOUR WALL - NIGHT",
     "Spray over the wall. TESS (9, wellies, a blue scarf) holds the tin lantern up to the dark.\n\n"
     "She loses her footing. The lantern rolls into a rock pool. She turns back to the sea."),
    ("INT. LIGHTHOUSE - DAWN",
     "Marco fishes the lantern out of a bucket and dries it on his sleeve.\n\n"
     "He passes the lantern to Tess and folds her hands around it.\n\n"
     "TESS\nWill it still work?\n\n"
     "MARCO\nIt always has."),
    ("EXT. HARBOUR WALL - DAY",
     "Tess sets the lantern on the wall and walks home along the beach."),
]


def _data() -> dict[str, Any]:
    scenes = [{"number": i, "heading": h, "content": c} for i, (h, c) in enumerate(_SCENES, start=1)]
    return {"name": "KEEPER", "scenes": scenes, "characters": [{"name": n, "description": ""} for n in CAST]}


def _context() -> ProjectContext:
    scenes = tuple(SceneContext(number=s["number"], heading=s["heading"], content=s["content"])
                   for s in _data()["scenes"])
    return ProjectContext(name="KEEPER", scene_count=len(scenes), characters=CAST, scenes=scenes)


def test_the_question_inside_a_longer_message_is_the_one_looked_up() -> None:
    asked = fact_detail("The props buyer is asking what's on the sill in the first scene. What does the script say?",
                        "dialogue", CAST)
    assert asked is not None and asked.startswith("what's on the sill")  # not "what does the script say"
    asked = fact_detail("Sorting out the schedule - how long has Marco kept the light? Do we say?", "runtime", CAST)
    assert asked == "how long has Marco kept the light"
    assert fact_detail("colour of the scarf?", None, CAST) == "what is the colour of the scarf"
    assert fact_detail("what does Tess say about the lantern?", "dialogue", CAST) is None  # a line: the dialogue


def test_what_someone_does_with_a_thing_is_not_their_character_sheet() -> None:
    assert ABOUT.search("what does marco do?")
    assert not ABOUT.search("what does marco do with the lantern")


def test_chat_spellings_of_what_and_are_are_spelled_out() -> None:
    assert spell_out("wats tess age") == "what's tess age"
    assert spell_out("how many shots r left") == "how many shots are left"


def test_an_age_asked_without_an_apostrophe_is_read_from_the_introduction() -> None:
    assert written(_data(), "what's tess age").startswith("TESS is 9")
    assert written(_data(), "whats marcos age").startswith("MARCO is 52")


def test_a_colour_is_read_from_the_sentence_that_gives_it() -> None:
    assert "blue scarf" in written(_data(), "what is the colour of the scarf")


def test_who_gives_a_thing_back_in_the_end_is_the_giving_not_the_last_mention() -> None:
    said = written(_data(), "who gives tess the lantern back in the end")
    assert said.startswith("Scene 3:") and "passes the lantern to Tess" in said  # scene 4 mentions it later
    said = written(_data(), "what does tess do with the lantern at the very end")
    assert said.startswith("Scene 4:")  # with no verb to look for, the last scene that has the thing


def test_how_long_falls_back_to_the_lengths_of_time_the_character_gives() -> None:
    said = written(_data(), "how long has Marco been employed at the harbour")
    assert "nearest" in said and "Thirty winters" in said  # hedged: the script says it in other words


def test_the_gist_names_the_thread_and_each_scenes_central_sentence() -> None:
    said = gist(_data())
    assert "around the lantern" in said and "4 of the 4 scenes" in said
    assert "MARCO" in said and "TESS" in said
    lines = said.splitlines()[1:]
    assert len(lines) == 4 and all("lantern" in line for line in lines)


def test_a_bare_synopsis_request_is_a_question_but_a_dictated_one_is_not() -> None:
    assert speech_act("synopsis please") == "question"
    assert speech_act("a quick recap") == "question"
    assert speech_act("synopsis: a keeper loses his light") == "command"


def test_thinking_aloud_is_answered_in_words() -> None:
    said = musing("what if tess had a dog? don't change anything, just wondering", _context())
    assert said is not None and "haven't changed anything" in said and "never mentions “dog”" in said
    assert "TESS is in scenes 2, 3, 4" in said
    assert musing("give tess a dog in scene 2", _context()) is None
    assert musing("make marco older but don't change anything else", _context()) is None


def test_is_someone_in_a_scene_is_answered_from_the_sentence_that_asks() -> None:
    said = presence("One check first. Is Tess in scene 1? If not, maybe add her.", _context())
    assert said == "No: TESS is not in scene 1."
    assert presence("Is Marco in scene 3?", _context()) == "Yes: MARCO is in scene 3."


def test_a_question_passed_on_or_asked_without_a_question_mark_is_a_question() -> None:
    assert speech_act("the sound team wants to know what the lamp sounds like") == "question"
    assert speech_act("is tess in the last scene") == "question"
    assert speech_act("put tess in the last scene") == "command"
    assert speech_act("make it so she wants to know what time it is") == "command"  # a direction for the scene


def test_who_does_something_at_the_end_needs_the_thing_as_well_as_the_doing() -> None:
    said = written(_data(), "who turns up with the lantern at the end")
    assert said.startswith("Scene 4:")  # "she turns back" in scene 2 has no lantern: not the answer
