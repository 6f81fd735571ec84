"""Fountain import/export: every feature, scenes, breakdown, emphasis, refusals and the round trip."""

from __future__ import annotations

import pytest

from agent.formats.fountain import (
    DialogueLine,
    FountainError,
    TextRun,
    character_name,
    emphasis_runs,
    heading_location,
    parse_fountain,
    parse_fountain_bytes,
    plain_text,
    scene_characters,
    scene_dialogue,
)
from agent.formats.fountain_writer import write_fountain

EVERYTHING = """\
Title: **THE LAST TRAIN**
Credit: written by
Author: Ana Ruiz
Draft date: 2024-05-01
Contact:
    ana@example.com
    +1 555 0100

# Act One

= Mara misses the last train and meets a stranger.

FADE IN:

EXT. STATION PLATFORM - NIGHT #1#

Rain hammers the *empty* platform. A clock reads 11:59.

[[Check the clock prop with the art department.]]

MARA (V.O.)
(quietly)
I always miss the last one.

/* Cut from the shooting draft:
MARA checks her phone.

Nothing.
*/

STRANGER
You don't have to wait alone.

MARA ^
Who said I was waiting?

CUT TO:

INT./EXT. MARA'S CAR - MOVING #2A#

> THE CITY SLEEPS <

MARA
~Drive me home, drive me slow
~Through the lights I used to know

@McKENZIE
Turn left here.

!SILENCE.
The wipers keep time.

.FLASHBACK

===

## Sequence 2

INT. STATION CAFE - DAY

A _lonely_ waitress wipes the counter. Use \\*not bold\\* here.

MARA (CONT'D)
Two coffees.
\x20\x20
One for later.

> FADE TO BLACK.
"""


@pytest.fixture(scope="module")
def doc():
    return parse_fountain(EVERYTHING)


def test_title_page_keeps_order_and_multiline_values(doc) -> None:
    assert doc.title_page == [
        ("Title", "**THE LAST TRAIN**"),
        ("Credit", "written by"),
        ("Author", "Ana Ruiz"),
        ("Draft date", "2024-05-01"),
        ("Contact", "ana@example.com\n+1 555 0100"),
    ]


def test_scenes_have_headings_numbers_and_raw_content(doc) -> None:
    assert [(s.heading, s.number) for s in doc.scenes] == [
        ("EXT. STATION PLATFORM - NIGHT", "1"),
        ("INT./EXT. MARA'S CAR - MOVING", "2A"),
        ("FLASHBACK", None),
        ("INT. STATION CAFE - DAY", None),
    ]
    first = doc.scenes[0].content
    assert first.startswith("Rain hammers the *empty* platform.")
    assert first.endswith("CUT TO:")
    assert "/* Cut from the shooting draft:" in first  # raw text, boneyard kept for the round trip
    assert doc.scenes[2].content == "===\n\n## Sequence 2"
    assert doc.preamble == "# Act One\n\n= Mara misses the last train and meets a stranger.\n\nFADE IN:"


def test_element_types_in_order(doc) -> None:
    kinds = [e.type for e in doc.elements]
    assert kinds[:4] == ["section", "synopsis", "action", "scene_heading"]
    assert kinds.count("note") == 1
    assert kinds.count("boneyard") == 1
    assert kinds.count("lyrics") == 2
    assert kinds.count("centered") == 1
    assert kinds.count("page_break") == 1
    sections = [(e.text, e.depth) for e in doc.elements if e.type == "section"]
    assert sections == [("Act One", 1), ("Sequence 2", 2)]
    assert doc.transitions == ["CUT TO:", "FADE TO BLACK."]
    forced = [e for e in doc.elements if e.type == "action" and e.forced]
    assert [e.text for e in forced] == ["SILENCE.\nThe wipers keep time."]
    boneyard = next(e for e in doc.elements if e.type == "boneyard")
    assert "Nothing." in boneyard.text


def test_characters_extensions_and_dual_dialogue(doc) -> None:
    assert doc.character_cues == ["MARA (V.O.)", "STRANGER", "MARA ^", "MARA", "@McKENZIE", "MARA (CONT'D)"]
    assert doc.speaking_characters == ["MARA", "STRANGER", "MCKENZIE"]
    cues = [e for e in doc.elements if e.type == "character"]
    assert cues[0].extension == "(V.O.)" and cues[0].name == "MARA"
    assert [c.dual for c in cues] == [False, True, True, False, False, False]
    assert doc.dual_dialogue_pairs == 1


def test_two_space_line_keeps_the_dialogue_block(doc) -> None:
    last = doc.scenes[-1]
    lines = scene_dialogue(last.content)
    assert lines == [
        DialogueLine("MARA", "Two coffees. One for later.", "(CONT'D)", None, False, "MARA (CONT'D)")
    ]


def test_locations_become_a_breakdown(doc) -> None:
    assert doc.locations == ["STATION PLATFORM", "MARA'S CAR", "FLASHBACK", "STATION CAFE"]


@pytest.mark.parametrize(
    ("heading", "location"),
    [
        ("INT. KITCHEN - NIGHT", "KITCHEN"),
        ("EXT./INT. CAR - MOVING", "CAR"),
        ("INT HOUSE DAY", "HOUSE"),
        ("INT. HOUSE - DAY (1979)", "HOUSE"),
        ("INT. HOUSE - KITCHEN - CONTINUOUS", "HOUSE - KITCHEN"),
        ("I/E. TRUCK", "TRUCK"),
        ("int. house - day", "HOUSE"),
        ("EST. CITY SKYLINE - DAWN", "CITY SKYLINE"),
    ],
)
def test_heading_location(heading: str, location: str) -> None:
    assert heading_location(heading) == location


def test_scene_dialogue_strips_parentheticals_and_emphasis(doc) -> None:
    first = scene_dialogue(doc.scenes[0].content)
    assert [(d.character, d.text, d.parenthetical, d.dual) for d in first] == [
        ("MARA", "I always miss the last one.", "quietly", False),
        ("STRANGER", "You don't have to wait alone.", None, True),
        ("MARA", "Who said I was waiting?", None, True),
    ]
    car = scene_dialogue(doc.scenes[1].content)
    assert car[0].text == "Drive me home, drive me slow Through the lights I used to know"
    assert car[1].character == "MCKENZIE" and car[1].cue == "@McKENZIE"


def test_scene_characters() -> None:
    body = "BOB\nHi.\n\nALICE (O.S.)\nHey.\n\nBOB\nAgain.\n\nNot a CUE line.\n"
    assert scene_characters(body) == ["BOB", "ALICE"]


def test_character_name() -> None:
    assert character_name("EVE (cont'd) ^") == "EVE"
    assert character_name("@McDuck") == "MCDUCK"
    assert character_name("  MRS.  SMITH (V.O.)") == "MRS. SMITH"


def test_not_a_cue_or_heading() -> None:
    doc = parse_fountain("\nINT. HOUSE - DAY\nEXT. HOUSE - DAY\n\nESTABLISHING\n\n... not a scene.\n")
    assert doc.scene_headings == []
    assert doc.speaking_characters == []
    assert [e.type for e in doc.elements] == ["action", "action", "action"]


def test_cut_to_at_the_top_is_not_a_title_page() -> None:
    doc = parse_fountain("CUT TO:\n\nINT. ROOM - DAY\n")
    assert doc.title_page == []
    assert doc.transitions == ["CUT TO:"]


def test_emphasis_runs_and_plain_text() -> None:
    assert plain_text("***both*** **bold** *it* _under_") == "both bold it under"
    assert plain_text(r"a \*literal\* star and \_ and \\") == "a *literal* star and _ and \\"
    assert plain_text("unpaired * star and 2 * 3 = 6") == "unpaired * star and 2 * 3 = 6"
    assert plain_text("*nested **bold** inside*") == "nested bold inside"
    runs = emphasis_runs("say **hi** _now_")
    assert runs == [TextRun("say "), TextRun("hi", bold=True), TextRun(" "), TextRun("now", underline=True)]
    assert plain_text("*one\nline*") == "*one\nline*"  # emphasis never spans lines


def test_emphasis_is_kept_raw_in_elements() -> None:
    doc = parse_fountain("BOB\n(*softly*)\nI **mean** it.\n")
    assert [e.text for e in doc.elements] == ["BOB", "(*softly*)", "I **mean** it."]
    assert scene_dialogue("BOB\n(*softly*)\nI **mean** it.\n")[0].parenthetical == "softly"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("INT. HOUSE\x00", "NUL"),
        ("\x01\x02\x03\x04\x05\x06\x07\x08" * 4, "binary"),
        ("x" * 101, "limit"),
        ("caf\udce9", "Unicode"),
    ],
)
def test_refusals_are_one_line_fountain_errors(text: str, message: str) -> None:
    with pytest.raises(FountainError, match=message) as caught:
        parse_fountain(text, max_bytes=100)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_bytes_must_be_utf8() -> None:
    with pytest.raises(FountainError, match="not UTF-8"):
        parse_fountain_bytes("INT. CAFÉ - DAY".encode("latin-1"))
    with pytest.raises(FountainError, match="limit"):
        parse_fountain_bytes(b"x" * 11, max_bytes=10)
    doc = parse_fountain_bytes("\ufeffINT. CAFÉ - DAY\r\n\r\nHi.".encode())
    assert doc.scene_headings == ["INT. CAFÉ - DAY"]


def test_stray_control_characters_are_dropped() -> None:
    doc = parse_fountain("INT. HOUSE\x07 - DAY\n\nBOB\x1b\nHi.\n")
    assert doc.scene_headings == ["INT. HOUSE - DAY"]
    assert doc.speaking_characters == ["BOB"]


def test_round_trip_of_every_feature(doc) -> None:
    text = write_fountain(
        title_page=doc.title_page,
        preamble=doc.preamble,
        scenes=[(s.heading, s.number, s.content) for s in doc.scenes],
    )
    again = parse_fountain(text)
    assert again.title_page == doc.title_page
    assert again.preamble == doc.preamble
    assert [(s.heading, s.number, s.content) for s in again.scenes] == [
        (s.heading, s.number, s.content) for s in doc.scenes
    ]
    assert again.speaking_characters == doc.speaking_characters
    assert [scene_dialogue(s.content) for s in again.scenes] == [
        scene_dialogue(s.content) for s in doc.scenes
    ]
    assert [(e.type, e.text, e.dual) for e in again.elements] == [
        (e.type, e.text, e.dual) for e in doc.elements
    ]


def test_writer_forces_unrecognised_headings_and_numbers() -> None:
    text = write_fountain(
        title_page=[],
        preamble="",
        scenes=[("KITCHEN", None, "Steam."), ("INT. HALL - DAY", "7", ""), ("...LATER", "8B", "")],
    )
    assert text.splitlines()[0] == ".KITCHEN"
    assert "INT. HALL - DAY #7#" in text
    assert ". ...LATER #8B#" in text
    again = parse_fountain(text)
    assert [(s.heading, s.number) for s in again.scenes] == [
        ("KITCHEN", None),
        ("INT. HALL - DAY", "7"),
        ("...LATER", "8B"),
    ]


def test_writer_keeps_scene_boundaries_when_a_body_holds_a_heading() -> None:
    text = write_fountain(
        title_page=[], preamble="", scenes=[("INT. A - DAY", None, "Walks.\n\nEXT. B - NIGHT\n\nRuns.")]
    )
    again = parse_fountain(text)
    assert again.scene_headings == ["INT. A - DAY"]
    assert "!EXT. B - NIGHT" in again.scenes[0].content


def test_writer_keeps_an_unclosed_boneyard_from_swallowing_later_scenes() -> None:
    scenes = [("INT. A - DAY", None, "Hides /* here"), ("INT. B - DAY", None, "Then */ ends.")]
    again = parse_fountain(write_fountain(title_page=[], preamble="", scenes=scenes))
    assert again.scene_headings == ["INT. A - DAY", "INT. B - DAY"]
    assert again.scenes[0].content == "Hides /\\* here"
    assert "Hides /* here" in [plain_text(e.text) for e in again.elements]  # reads as a literal "/*"
    last = [("INT. A - DAY", None, "Hides /* here")]
    assert (
        parse_fountain(write_fountain(title_page=[], preamble="", scenes=last)).scenes[0].content
        == "Hides /* here"
    )


def test_writer_does_not_let_a_body_become_a_title_page() -> None:
    text = write_fountain(title_page=[], preamble="Note: this is action.", scenes=[])
    again = parse_fountain(text)
    assert again.title_page == []
    assert again.preamble == "Note: this is action."


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scenes": [("", None, "")]}, "heading"),
        ({"scenes": [("INT. A\nB", None, "")]}, "heading"),
        ({"scenes": [("INT. A - DAY", "1 2", "")]}, "number"),
        ({"scenes": [("INT. A /* open", None, ""), ("INT. B - DAY", None, "*/")]}, "unclosed"),
        ({"title_page": [("9 lives", "x")]}, "key"),
        ({"title_page": [("Title", "")]}, "value"),
    ],
)
def test_writer_refusals(kwargs: dict, message: str) -> None:
    args = {"title_page": [], "preamble": "", "scenes": []} | kwargs
    with pytest.raises(FountainError, match=message):
        write_fountain(**args)


def test_a_note_under_a_heading_stays_in_the_scene_body() -> None:
    doc = parse_fountain(
        "INT. HOUSE - DAY\n[[lighting: warm]]\n\nAction.\n\nINT. YARD - DAY [[tail\nend]]\n\nMore.\n"
    )
    assert [s.content for s in doc.scenes] == ["[[lighting: warm]]\n\nAction.", "More."]
    assert doc.scene_headings == ["INT. HOUSE - DAY", "INT. YARD - DAY"]
    scenes = [(s.heading, s.number, s.content) for s in doc.scenes]
    again = parse_fountain(write_fountain(title_page=[], preamble="", scenes=scenes))
    assert [(s.heading, s.number, s.content) for s in again.scenes] == scenes
