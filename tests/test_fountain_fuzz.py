"""Property tests: malformed and adversarial Fountain never crashes the importer; the writer round-trips."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.formats.fdx import write_fdx
from agent.formats.fountain import (
    FountainError,
    parse_fountain,
    parse_fountain_bytes,
    plain_text,
    scene_dialogue,
)
from agent.formats.fountain_writer import write_fountain

SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_N", "300")),  # FUZZ_N=20000 for a long campaign
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TOKENS = [
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "  \n",
    "\t",
    " ",
    "INT. ",
    "EXT. ",
    "INT./EXT. ",
    "EST ",
    ".",
    "..",
    "!",
    "@",
    "^",
    "~",
    ">",
    "<",
    "#",
    "##",
    "=",
    "===",
    "[[",
    "]]",
    "/*",
    "*/",
    "(",
    ")",
    "*",
    "**",
    "_",
    "\\",
    ":",
    "TO:",
    "CUT TO:",
    "Title: x",
    "Author:",
    "    ",
    "#1#",
    "#",
    "BOB",
    "MARA (V.O.)",
    "(beat)",
    "hello",
    "KITCHEN - NIGHT",
    "\ufeff",
    "\u202e",
    "\u200f",
    "שלום",
    "مرحبا",
    "日本語",
    "ß",
    "İ",
    "\u2028",
    "\x85",
    "\x07",
    "\x1b",
    "\x7f",
    "\x0c",
    "\x0b",
    "\ud800",
    "\x00",
    "🎬",
]

fountainish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=60).map("".join)
any_text = st.one_of(fountainish, st.text(max_size=400), st.text(st.characters(), max_size=200))


def _scenes(doc):
    return [(s.heading, s.number, s.content) for s in doc.scenes]


@SETTINGS
@given(any_text)
def test_parser_never_crashes(text: str) -> None:
    try:
        doc = parse_fountain(text, max_bytes=10_000)
    except FountainError as exc:
        assert "\n" not in str(exc)
        return
    assert len(doc.scenes) == len(doc.scene_headings)
    assert all(name == name.upper() for name in doc.speaking_characters)
    assert doc.dual_dialogue_pairs * 2 <= len(doc.character_cues)
    for scene in doc.scenes:
        scene_dialogue(scene.content)


@SETTINGS
@given(st.binary(max_size=400))
def test_bytes_never_crash(data: bytes) -> None:
    try:
        parse_fountain_bytes(data, max_bytes=300)
    except FountainError as exc:
        assert "\n" not in str(exc)


@SETTINGS
@given(fountainish)
def test_anything_parsed_writes_back_to_the_same_scenes(text: str) -> None:
    try:
        doc = parse_fountain(text)
    except FountainError:
        return
    written = write_fountain(title_page=doc.title_page, preamble=doc.preamble, scenes=_scenes(doc))
    again = parse_fountain(written)
    assert again.title_page == doc.title_page
    assert again.preamble == doc.preamble
    assert _scenes(again) == _scenes(doc)
    assert again.speaking_characters == doc.speaking_characters
    write_fdx(title_page=doc.title_page, scenes=_scenes(doc), preamble=doc.preamble)


@SETTINGS
@given(st.text(max_size=200))
def test_plain_text_never_crashes_and_only_removes_markers(text: str) -> None:
    plain = plain_text(text)
    assert len(plain) <= len(text)
    assert plain_text(text.replace("*", "").replace("_", "").replace("\\", "")) == text.replace(
        "*", ""
    ).replace("_", "").replace("\\", "")


# ----------------------------------------------------------------------------------------------
# Well-formed screenplays: what we generate is what we read back

WORDS = st.sampled_from(
    ["rain", "door", "light", "coffee", "city", "train", "quiet", "window", "night", "smile"]
)
NAMES = st.sampled_from(["BOB", "MARA", "DR. KIM", "O'NEIL", "JEAN-LUC", "ZOË", "R2D2", "THE STRANGER"])
sentence = st.lists(WORDS, min_size=1, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")
dialogue_block = st.tuples(
    NAMES,
    st.sampled_from(["", " (V.O.)", " (O.S.)", " (CONT'D)"]),
    st.one_of(st.none(), WORDS.map(lambda w: f"({w})")),
    st.lists(sentence, min_size=1, max_size=3),
)
action = st.lists(sentence, min_size=1, max_size=3).map("\n".join)
heading = st.tuples(
    st.sampled_from(["INT.", "EXT.", "INT./EXT.", "I/E", ""]),
    st.lists(WORDS.map(str.upper), min_size=1, max_size=3).map(" ".join),
    st.sampled_from(["", " - DAY", " - NIGHT", " - CONTINUOUS"]),
).map(lambda t: f"{t[0]} {t[1]}{t[2]}".strip())
number = st.one_of(st.none(), st.integers(1, 300).map(str), st.from_regex(r"[0-9]{1,3}[A-D]", fullmatch=True))
title_page = st.lists(
    st.tuples(
        st.sampled_from(["Title", "Credit", "Author", "Draft date", "Contact"]),
        st.lists(sentence, min_size=1, max_size=2).map("\n".join),
    ),
    max_size=4,
)


@st.composite
def screenplays(draw):
    scenes, expected = [], []
    for _ in range(draw(st.integers(0, 4))):
        parts, spoken = [], []
        for kind in draw(st.lists(st.sampled_from(["action", "dialogue", "transition"]), max_size=5)):
            if kind == "action":
                parts.append(draw(action))
            elif kind == "transition":
                parts.append(draw(st.sampled_from(["CUT TO:", "DISSOLVE TO:", "> FADE OUT."])))
            else:
                name, ext, paren, lines = draw(dialogue_block)
                parts.append("\n".join([name + ext, *([paren] if paren else []), *lines]))
                spoken.append((name, " ".join(lines), paren[1:-1] if paren else None))
        scenes.append((draw(heading), draw(number), "\n\n".join(parts)))
        expected.append(spoken)
    return draw(title_page), draw(st.one_of(st.just(""), action)), scenes, expected


@SETTINGS
@given(screenplays())
def test_generated_screenplays_round_trip(script) -> None:
    pages, preamble, scenes, expected = script
    doc = parse_fountain(write_fountain(title_page=pages, preamble=preamble, scenes=scenes))
    assert doc.title_page == [(k, v) for k, v in pages]
    assert doc.preamble == preamble
    assert [(s.heading, s.number) for s in doc.scenes] == [(h, n) for h, n, _ in scenes]
    assert [s.content for s in doc.scenes] == [c for _, _, c in scenes]
    got = [[(d.character, d.text, d.parenthetical) for d in scene_dialogue(s.content)] for s in doc.scenes]
    assert got == expected
    again = parse_fountain(
        write_fountain(title_page=doc.title_page, preamble=doc.preamble, scenes=_scenes(doc))
    )
    assert _scenes(again) == _scenes(doc)


# ----------------------------------------------------------------------------------------------
# Adversarial inputs: linear time, no catastrophic backtracking


@pytest.mark.parametrize(
    "text",
    [
        "[[" * 200_000,
        "/*" * 200_000,
        "[[\n\n" * 100_000 + "]]",
        "*a " * 150_000,
        "A" + " " * 300_000 + "(",
        "INT. " + " " * 300_000 + "#",
        ("BOB (" + "(" * 1000 + "\nhi\n\n") * 200,
        "\n" * 500_000,
        ("> x <\n" * 50_000),
        "_" * 300_000 + "x",
    ],
    ids=[
        "notes",
        "boneyards",
        "blank-notes",
        "stars",
        "cue-spaces",
        "heading-spaces",
        "parens",
        "newlines",
        "centered",
        "underscores",
    ],
)
@pytest.mark.timeout(300)  # quadratic behaviour would take far longer; speed itself is measured in benchmarks/
def test_adversarial_input_parses_fast(text: str) -> None:
    doc = parse_fountain(text)
    for scene in doc.scenes[:50]:
        scene_dialogue(scene.content)
    plain_text(text[:300_000])


def test_size_limit_is_checked_before_parsing() -> None:
    with pytest.raises(FountainError, match="limit"):
        parse_fountain("x" * 6_000_000)


@pytest.mark.timeout(300)
def test_two_space_lines_after_many_notes_stay_linear() -> None:
    text = "[[x]]\n" * 50_000 + "A\n" + "  \n" * 50_000 + "\n\nBOB\nhi\n"
    doc = parse_fountain(text)  # quadratic behaviour would hit the test timeout
    assert doc.speaking_characters == ["BOB"]
    assert sum(1 for e in doc.elements if e.type == "note") == 50_000
