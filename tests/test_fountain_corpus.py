"""Conformance: every file of the public Fountain corpus parses as EXPECTED.json says.

EXPECTED.json's "schema" block defines the fields. Entries marked uncertain list alternatives that
are equally acceptable; a file passes when the parse matches the primary values or one alternative.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from agent.formats.fountain import FountainDocument, parse_fountain, scene_dialogue
from agent.formats.fountain_writer import write_fountain

_CANDIDATES = [
    Path(__file__).parent / "fixtures" / "fountain-corpus",
    Path(__file__).resolve().parent.parent / "data" / "fountain-corpus",
    Path("/work/shared/fountain-corpus"),
]
CORPUS = next((p for p in _CANDIDATES if (p / "EXPECTED.json").is_file()), _CANDIDATES[0])
EXPECTED: dict[str, dict[str, Any]] = (
    json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))["files"]
    if (CORPUS / "EXPECTED.json").is_file()
    else {}
)
FIELDS = (
    "scene_headings",
    "scene_heading_count",
    "scene_numbers",
    "speaking_characters",
    "character_cues",
    "dialogue_block_count",
    "dual_dialogue_pairs",
    "transitions",
    "transition_count",
    "title_page_keys",
)

pytestmark = pytest.mark.skipif(not EXPECTED, reason=f"Fountain corpus not found (looked in {_CANDIDATES})")


def _load(name: str) -> FountainDocument:
    # Bytes as stored (BOM, CRLF, no final newline): decode without any normalisation of our own.
    return parse_fountain((CORPUS / name).read_bytes().decode("utf-8"))


def _variants(entry: dict[str, Any]) -> list[dict[str, Any]]:
    primary = {key: entry[key] for key in FIELDS if key in entry}
    variants = [primary]
    for alternative in entry.get("alternatives", {}).values() if entry.get("uncertain") else []:
        variant = copy.deepcopy(primary)
        for key, value in alternative.items():
            if key == "drop":
                for text in value:
                    for list_key in ("scene_headings", "transitions"):
                        if text in variant.get(list_key, []):
                            variant[list_key].remove(text)
            elif key != "reason":
                variant[key] = value
        if "dialogue_block_count" in alternative and "character_cues" not in alternative:
            variant.pop("character_cues", None)  # the alternative does not say which cues remain
        variants.append(variant)
    return variants


def _observed(doc: FountainDocument) -> dict[str, Any]:
    return {
        "scene_headings": doc.scene_headings,
        "scene_heading_count": len(doc.scene_headings),
        "scene_numbers": [scene.number for scene in doc.scenes],
        "speaking_characters": doc.speaking_characters,
        "character_cues": doc.character_cues,
        "dialogue_block_count": len(doc.character_cues),
        "dual_dialogue_pairs": doc.dual_dialogue_pairs,
        "transitions": doc.transitions,
        "transition_count": len(doc.transitions),
        "title_page_keys": [key for key, _ in doc.title_page],
    }


def _count(doc: FountainDocument, kind: str) -> int:
    return sum(1 for e in doc.elements if e.type == kind)


def _extras(doc: FountainDocument) -> dict[str, Any]:
    actions = [e for e in doc.elements if e.type == "action"]
    return {
        "boneyard_count": _count(doc, "boneyard"),
        "centered_count": _count(doc, "centered"),
        "centered_texts": [e.text for e in doc.elements if e.type == "centered"],
        "parenthetical_count": _count(doc, "parenthetical"),
        "lyric_lines": _count(doc, "lyrics"),
        "forced_character_as_written": next(
            (e.text.removeprefix("@") for e in doc.elements if e.type == "character" and e.forced), None
        ),
        "action_paragraph_count": len(actions),
        "action_paragraph_count_after_note_removal": len(actions),
        "action_line_count": sum(len(e.text.split("\n")) for e in actions),
        "note_count": _count(doc, "note"),
        "page_break_count": _count(doc, "page_break"),
        "sections": [[e.text, e.depth] for e in doc.elements if e.type == "section"],
        "synopses": [e.text for e in doc.elements if e.type == "synopsis"],
        "title_page_values": {key: value.split("\n") for key, value in doc.title_page},
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_parses_as_expected(name: str) -> None:
    entry = EXPECTED[name]
    observed = _observed(_load(name))
    variants = _variants(entry)
    matches = [v for v in variants if all(observed[key] == value for key, value in v.items())]
    assert matches, f"{name}: {observed} matches none of {variants}"


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e.get("extras")))
def test_corpus_extras(name: str) -> None:
    extras = _extras(_load(name))
    expected = EXPECTED[name]["extras"]
    unknown = set(expected) - set(extras)
    assert not unknown, f"extras this test does not know how to check: {unknown}"
    assert {key: extras[key] for key in expected} == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_round_trip(name: str) -> None:
    first = _load(name)
    text = write_fountain(
        title_page=first.title_page,
        preamble=first.preamble,
        scenes=[(s.heading, s.number, s.content) for s in first.scenes],
    )
    second = parse_fountain(text)
    assert second.title_page == first.title_page
    assert second.preamble == first.preamble
    assert [(s.heading, s.number, s.content) for s in second.scenes] == [
        (s.heading, s.number, s.content) for s in first.scenes
    ]
    assert second.speaking_characters == first.speaking_characters
    assert second.character_cues == first.character_cues
    assert [scene_dialogue(s.content) for s in second.scenes] == [
        scene_dialogue(s.content) for s in first.scenes
    ]
    assert [(e.type, e.text) for e in second.elements] == [(e.type, e.text) for e in first.elements]


def test_corpus_is_complete() -> None:
    files = {p.name for p in CORPUS.glob("*.fountain")}
    assert files == set(EXPECTED), "every corpus file needs an EXPECTED.json entry and vice versa"
    assert len(EXPECTED) >= 30
