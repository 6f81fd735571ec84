"""Exports: Final Draft XML, shot-list CSV and SRT subtitles."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from pydantic import ValidationError

from agent.formats.errors import ExportError
from agent.formats.fdx import write_fdx
from agent.formats.fountain import DialogueLine, FountainError, parse_fountain
from agent.formats.shotlist import SHOT_LIST_COLUMNS, ShotRow, write_shot_list_csv
from agent.formats.srt import SubtitleCue, format_timestamp, time_dialogue, write_srt

SCRIPT = """\
Title: Pipes & <Tags>
Author: Zoë "Z" O'Neil

INT. KITCHEN - NIGHT #1#

Steam rises. A *kettle* screams & <nobody> comes.

BOB (V.O.)
(whispering)
Is anyone "home"?
Anyone?

ALICE
Here.

BOB ^
Where?

[[a note that FDX leaves out]]

SMASH CUT TO:

EXT. ROOF - DAY

> THE END <

===

Wind.
"""


def _paragraphs(root: ET.Element) -> list[tuple[str, str]]:
    content = root.find("Content")
    assert content is not None
    found = []
    for para in content.iter("Paragraph"):
        if para.get("Type"):
            found.append((para.get("Type", ""), "".join(t.text or "" for t in para.findall("Text"))))
    return found


@pytest.fixture(scope="module")
def fdx_root() -> ET.Element:
    doc = parse_fountain(SCRIPT)
    xml = write_fdx(title_page=doc.title_page, scenes=[(s.heading, s.number, s.content) for s in doc.scenes])
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"')
    return ET.fromstring(xml)


def test_fdx_document_and_paragraph_types(fdx_root: ET.Element) -> None:
    assert fdx_root.tag == "FinalDraft"
    assert fdx_root.get("DocumentType") == "Script"
    assert fdx_root.get("Version") == "5"
    assert _paragraphs(fdx_root) == [
        ("Scene Heading", "INT. KITCHEN - NIGHT"),
        ("Action", "Steam rises. A kettle screams & <nobody> comes."),
        ("Character", "BOB (V.O.)"),
        ("Parenthetical", "(whispering)"),
        ("Dialogue", 'Is anyone "home"?'),
        ("Dialogue", "Anyone?"),
        ("Character", "ALICE"),
        ("Dialogue", "Here."),
        ("Character", "BOB"),
        ("Dialogue", "Where?"),
        ("Transition", "SMASH CUT TO:"),
        ("Scene Heading", "EXT. ROOF - DAY"),
        ("Action", "THE END"),
        ("Action", "Wind."),
    ]


def test_fdx_numbers_dual_dialogue_styles_and_page_breaks(fdx_root: ET.Element) -> None:
    content = fdx_root.find("Content")
    assert content is not None
    headings = [p for p in content.findall("Paragraph") if p.get("Type") == "Scene Heading"]
    assert [h.get("Number") for h in headings] == ["1", None]
    dual = content.findall("Paragraph/DualDialogue")
    assert len(dual) == 1
    assert [p.get("Type") for p in dual[0].findall("Paragraph")] == [
        "Character",
        "Dialogue",
        "Character",
        "Dialogue",
    ]
    styled = [t for t in content.iter("Text") if t.get("Style")]
    assert [(t.text, t.get("Style")) for t in styled] == [("kettle", "Italic")]
    centered = [p for p in content.iter("Paragraph") if p.get("Alignment") == "Center"]
    assert [p.findtext("Text") for p in centered] == ["THE END"]
    wind = [p for p in content.iter("Paragraph") if p.findtext("Text") == "Wind."]
    assert wind[0].get("StartsNewPage") == "Yes"


def test_fdx_title_page_is_escaped(fdx_root: ET.Element) -> None:
    texts = [t.text for t in fdx_root.iter("Text") if t.text]
    assert "Pipes & <Tags>" in texts
    assert 'Zoë "Z" O\'Neil' in texts


def test_fdx_drops_characters_xml_cannot_hold() -> None:
    xml = write_fdx(title_page=[("Title", "bell\x07")], scenes=[("INT. A\x0b - DAY", "1", "Hi.")])
    root = ET.fromstring(xml)
    assert "bell" in [t.text for t in root.iter("Text")]


def test_fdx_refuses_an_empty_heading() -> None:
    with pytest.raises(FountainError, match="heading"):
        write_fdx(title_page=[], scenes=[("  ", None, "")])


def test_shot_list_csv_header_and_rows() -> None:
    rows = [
        ShotRow(
            scene=1,
            shot=1,
            description="Kettle, close",
            shot_type="close-up",
            angle="eye level",
            movement="static",
            lens="50mm",
            characters=["BOB", "ALICE"],
            location="KITCHEN",
            props=["kettle", "mug"],
            duration=2.5,
            status="still_approved",
        ),
        ShotRow(scene="1A", shot=2, description='=HYPERLINK("x")', characters=[], duration=None),
        ShotRow(scene=2, shot=1, description="-1", duration=10),
    ]
    text = write_shot_list_csv(rows)
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == list(SHOT_LIST_COLUMNS)
    assert table[0] == [
        "scene",
        "shot",
        "description",
        "shot type",
        "angle",
        "movement",
        "lens",
        "characters",
        "location",
        "props",
        "duration",
        "status",
    ]
    assert table[1] == [
        "1",
        "1",
        "Kettle, close",
        "close-up",
        "eye level",
        "static",
        "50mm",
        "BOB; ALICE",
        "KITCHEN",
        "kettle; mug",
        "2.5",
        "still_approved",
    ]
    assert table[2][2] == '\'=HYPERLINK("x")'  # a spreadsheet must not run it
    assert table[2][10] == "" and table[2][11] == "draft"
    assert table[3][2] == "-1" and table[3][10] == "10"


def test_shot_row_validation() -> None:
    with pytest.raises(ValidationError):
        ShotRow(scene=1, shot=1, duration=-1)
    with pytest.raises(ValidationError):
        ShotRow(scene=1, shot=1, status="approved")  # type: ignore[arg-type]


def test_srt_format() -> None:
    cues = [
        SubtitleCue(start_s=0, end_s=1.5, text="Is anyone home?", speaker="BOB"),
        SubtitleCue(start_s=3661.2, end_s=3663.004, text="Here.\n\nRight here.", speaker="ALICE"),
    ]
    assert write_srt(cues) == (
        "1\n00:00:00,000 --> 00:00:01,500\nIs anyone home?\n\n"
        "2\n01:01:01,200 --> 01:01:03,004\nHere. Right here.\n"
    )
    assert "ALICE: Here." in write_srt(cues, label_speakers=True)
    assert write_srt([]) == ""


def test_srt_clamps_overlaps_and_refuses_disorder() -> None:
    cues = [SubtitleCue(start_s=0, end_s=2, text="one"), SubtitleCue(start_s=1, end_s=3, text="two")]
    assert "00:00:00,000 --> 00:00:01,000" in write_srt(cues)
    with pytest.raises(ExportError, match="starts before"):
        write_srt(list(reversed(cues)))
    with pytest.raises(ExportError, match="no time left"):
        write_srt([SubtitleCue(start_s=1, end_s=2, text="a"), SubtitleCue(start_s=1, end_s=3, text="b")])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start_s": 2, "end_s": 1, "text": "x"},
        {"start_s": 1, "end_s": 1, "text": "x"},
        {"start_s": -1, "end_s": 1, "text": "x"},
        {"start_s": 0, "end_s": 1, "text": "   "},
        {"start_s": 0, "end_s": float("inf"), "text": "x"},
    ],
)
def test_subtitle_cue_validation(kwargs: dict) -> None:
    with pytest.raises(ValidationError):
        SubtitleCue(**kwargs)


def test_format_timestamp() -> None:
    assert format_timestamp(0) == "00:00:00,000"
    assert format_timestamp(59.9996) == "00:01:00,000"
    assert format_timestamp(100 * 3600 + 0.25) == "100:00:00,250"


def test_time_dialogue_spreads_lines_by_words() -> None:
    lines = [DialogueLine("BOB", "one two three"), DialogueLine("ALICE", "four"), DialogueLine("BOB", "  ")]
    cues = time_dialogue(lines, start_s=10, end_s=18)
    assert [(c.speaker, c.text) for c in cues] == [("BOB", "one two three"), ("ALICE", "four")]
    assert cues[0].start_s == 10 and cues[0].end_s == pytest.approx(15.9)
    assert cues[1].start_s == pytest.approx(16) and cues[1].end_s == pytest.approx(17.9)
    srt = write_srt(cues)
    assert srt.count("-->") == 2
    with pytest.raises(ExportError):
        time_dialogue(lines, start_s=5, end_s=5)
