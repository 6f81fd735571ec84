"""Story repository: scene operations, bad input (clear error, nothing changed) and literal text round trips."""

from __future__ import annotations

import io
import unicodedata
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from store_backends import clone_project, table_dump

from agent.project import (
    InvalidInputError,
    NotFoundError,
    Project,
    ProjectError,
    cut,
    design,
    history,
    library,
    shots,
    snapshot,
    story,
)
from agent.project.schema import AssetLink, Character, Ideation, OutlineBeat, ShootingScriptEntry, Shot
from agent.project.shots import ShotCard

ACTOR = "test"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, store_url: str | None) -> Path:
    """Eight scenes; scene 2 has two shots, scene 3 one; a cast of two and a timeline."""
    path = tmp_path_factory.mktemp("story") / "p"
    p = Project.create(path, name="Story", database_url=store_url)
    for i in range(1, 9):
        story.add_scene(p, heading=f"INT. ROOM {i} - DAY", content=f"A{i}.\nB{i}.\nC{i}.", actor=ACTOR)
    design.add_entity(p, "character", "Ana", description="tall", actor=ACTOR)
    design.add_entity(p, "location", "Kitchen", description="tiles", actor=ACTOR)
    shots.replace_shots(p, 2, [ShotCard("one", characters=["ana"]), ShotCard("two")], actor=ACTOR)
    shots.replace_shots(p, 3, [ShotCard("three", location="kitchen")], actor=ACTOR)
    cut.assemble_scene_order(p, actor=ACTOR)
    p.close()
    return path


@pytest.fixture
def project(template: Path, tmp_path: Path, store_url: str | None) -> Iterator[Project]:
    p = clone_project(template, tmp_path / "p", store_url)
    yield p
    p.close()


def _headings(p: Project) -> list[str]:
    return [s["heading"] for s in snapshot(p)["scenes"]]


def _dump(p: Project) -> dict[str, list[tuple[Any, ...]]]:
    return table_dump(p)


# -- scene operations ---------------------------------------------------------------------------


def test_add_scene_inserts_after_a_number_and_renumbers(project: Project) -> None:
    assert story.add_scene(project, heading="INT. HALL - NIGHT", content="New.", actor=ACTOR, after=0) == 1
    assert story.add_scene(project, heading="EXT. END", content="Fin.", actor=ACTOR) == 10
    assert story.add_scene(project, heading="INT. MIDDLE", content="Mid.", actor=ACTOR, after=4) == 5
    heads = _headings(project)
    assert heads[0] == "INT. HALL - NIGHT" and heads[4] == "INT. MIDDLE" and heads[-1] == "EXT. END"
    assert heads[1:4] == ["INT. ROOM 1 - DAY", "INT. ROOM 2 - DAY", "INT. ROOM 3 - DAY"]
    assert [s["number"] for s in snapshot(project)["scenes"]] == list(range(1, 12))
    shots_now = {(s["scene"], s["number"]) for s in snapshot(project)["shots"]}
    assert shots_now == {(3, 1), (3, 2), (4, 1)}  # shots follow their scenes


def test_update_scene_makes_a_new_version(project: Project) -> None:
    scene = story.update_scene(project, 4, content="\n\nRewritten darker.\n", actor=ACTOR)
    assert scene.version == 2
    snap = snapshot(project)["scenes"][3]
    assert (snap["content"], snap["version"]) == ("Rewritten darker.", 2)
    same = _dump(project)
    story.update_scene(project, 4, content="Rewritten darker.", actor=ACTOR)  # no difference: no new version
    assert _dump(project) == same


def test_move_split_merge_delete(project: Project) -> None:
    story.move_scene(project, 1, 8, actor=ACTOR)
    assert _headings(project)[-1] == "INT. ROOM 1 - DAY" and _headings(project)[0] == "INT. ROOM 2 - DAY"
    story.move_scene(project, 8, 1, actor=ACTOR)
    assert _headings(project) == [f"INT. ROOM {i} - DAY" for i in range(1, 9)]

    assert story.split_scene(project, 4, at_line=3, heading="INT. ROOM 4B", actor=ACTOR) == 5
    scenes = snapshot(project)["scenes"]
    assert (scenes[3]["content"], scenes[4]["content"], scenes[4]["heading"]) == ("A4.\nB4.", "C4.", "INT. ROOM 4B")

    story.merge_scenes(project, 2, actor=ACTOR)  # scene 3 (one shot) joins scene 2 (two shots)
    snap = snapshot(project)
    assert snap["scenes"][1]["content"] == "A2.\nB2.\nC2.\n\nINT. ROOM 3 - DAY\n\nA3.\nB3.\nC3."
    assert [(s["scene"], s["number"], s["description"]) for s in snap["shots"]] == [
        (2, 1, "one"),
        (2, 2, "two"),
        (2, 3, "three"),
    ]
    assert [t["shot"] for t in snap["timeline"]] == [1, 2, 3]
    assert len(snap["scenes"]) == 8

    assert story.delete_scene(project, 2, actor=ACTOR) == "INT. ROOM 2 - DAY"
    snap = snapshot(project)
    assert len(snap["scenes"]) == 7 and snap["shots"] == [] and snap["timeline"] == []
    assert [s["number"] for s in snap["scenes"]] == list(range(1, 8))


def test_tags_are_lowercase_unique_and_removable(project: Project) -> None:
    story.tag_scene(project, 5, add=["Keep", "love", " keep "], actor=ACTOR)
    assert snapshot(project)["scenes"][4]["tags"] == ["keep", "love"]
    story.tag_scene(project, 5, add=["rewrite"], remove=["LOVE"], actor=ACTOR)
    assert snapshot(project)["scenes"][4]["tags"] == ["keep", "rewrite"]
    with pytest.raises(InvalidInputError, match="40 characters"):
        story.tag_scene(project, 5, add=["x" * 41], actor=ACTOR)


# -- bad input: a clear one-line error, and nothing changed -------------------------------------

_EIGHT = "the screenplay has 8 scenes"
_BAD: dict[str, tuple[Callable[[Project], object], type[ProjectError], str]] = {
    "update 99": (
        lambda p: story.update_scene(p, 99, content="x", actor=ACTOR),
        NotFoundError,
        f"scene 99 does not exist; {_EIGHT}",
    ),
    "update 0": (
        lambda p: story.update_scene(p, 0, content="x", actor=ACTOR),
        NotFoundError,
        f"scene 0 does not exist; {_EIGHT}",
    ),
    "update -1": (
        lambda p: story.update_scene(p, -1, heading="X", actor=ACTOR),
        NotFoundError,
        "scene -1 does not exist",
    ),
    "tag 9": (
        lambda p: story.tag_scene(p, 9, add=["keep"], actor=ACTOR),
        NotFoundError,
        f"scene 9 does not exist; {_EIGHT}",
    ),
    "move 99": (lambda p: story.move_scene(p, 99, 1, actor=ACTOR), NotFoundError, f"scene 99 does not exist; {_EIGHT}"),
    "move to 99": (
        lambda p: story.move_scene(p, 1, 99, actor=ACTOR),
        InvalidInputError,
        "position 99; the screenplay has 8",
    ),
    "split 99": (
        lambda p: story.split_scene(p, 99, at_line=2, heading="X", actor=ACTOR),
        NotFoundError,
        f"scene 99 does not exist; {_EIGHT}",
    ),
    "split line": (
        lambda p: story.split_scene(p, 2, at_line=9, heading="X", actor=ACTOR),
        InvalidInputError,
        "scene 2 has 3 lines; split at a line from 2 to 3",
    ),
    "merge last": (lambda p: story.merge_scenes(p, 8, actor=ACTOR), NotFoundError, f"scene 9 does not exist; {_EIGHT}"),
    "delete 99": (
        lambda p: story.delete_scene(p, 99, actor=ACTOR),
        NotFoundError,
        f"scene 99 does not exist; {_EIGHT}",
    ),
    "add after 99": (
        lambda p: story.add_scene(p, heading="X", content="y", after=99, actor=ACTOR),
        InvalidInputError,
        "after scene 99; the screenplay has 8 scenes",
    ),
    "empty heading": (lambda p: story.update_scene(p, 1, heading="  \n ", actor=ACTOR), InvalidInputError, "heading"),
    "nul content": (lambda p: story.update_scene(p, 1, content="a\x00b", actor=ACTOR), InvalidInputError, "NUL"),
    "huge content": (
        lambda p: story.update_scene(p, 1, content="x" * (story.MAX_SCENE_CHARS + 1), actor=ACTOR),
        InvalidInputError,
        "limited to 200,000 characters",
    ),
    "nothing": (lambda p: story.update_scene(p, 1, actor=ACTOR), InvalidInputError, "nothing to change"),
    "break 99": (
        lambda p: shots.replace_shots(p, 99, [ShotCard("x")], actor=ACTOR),
        NotFoundError,
        f"scene 99 does not exist; {_EIGHT}",
    ),
    "shot 99": (
        lambda p: shots.set_camera(p, 2, 99, lens_mm=50, actor=ACTOR),
        NotFoundError,
        "shot 99 does not exist; scene 2 has 2 shots",
    ),
    "no shots": (
        lambda p: shots.set_camera(p, 1, 1, lens_mm=50, actor=ACTOR),
        NotFoundError,
        "scene 1 has no shots yet",
    ),
    "shot of scene 99": (
        lambda p: shots.delete_shot(p, 99, 1, actor=ACTOR),
        NotFoundError,
        f"scene 99 does not exist; {_EIGHT}",
    ),
    "timeline 99": (
        lambda p: cut.add_shot_to_timeline(p, 99, 1, actor=ACTOR),
        NotFoundError,
        f"scene 99 does not exist; {_EIGHT}",
    ),
    "lens": (lambda p: shots.set_camera(p, 2, 1, lens_mm=2, actor=ACTOR), InvalidInputError, "2mm is out of range"),
    "shot type": (
        lambda p: shots.set_camera(p, 2, 1, shot_type="sideways", actor=ACTOR),
        InvalidInputError,
        "unknown shot type 'sideways'",
    ),
    "unknown cast": (
        lambda p: shots.replace_shots(p, 2, [ShotCard("x", characters=["nobody"])], actor=ACTOR),
        NotFoundError,
        "no character named NOBODY; known characters: ANA",
    ),
    "duplicate": (
        lambda p: design.add_entity(p, "character", " ana ", actor=ACTOR),
        InvalidInputError,
        "a character named ANA already exists",
    ),
    "empty name": (lambda p: design.add_entity(p, "prop", "   ", actor=ACTOR), InvalidInputError, "cannot be empty"),
    "long name": (lambda p: design.add_entity(p, "prop", "x" * 101, actor=ACTOR), InvalidInputError, "100 characters"),
    "kind": (lambda p: design.add_entity(p, "vehicle", "Car", actor=ACTOR), InvalidInputError, "unknown kind"),
    "palette": (
        lambda p: design.set_art_direction(p, palette=["red"], actor=ACTOR),
        InvalidInputError,
        "palette colours must look like #1a2b3c",
    ),
    "transition": (lambda p: cut.set_transition(p, 1, "wipe", actor=ACTOR), InvalidInputError, "unknown transition"),
    "clip 99": (lambda p: cut.set_transition(p, 99, "cut", actor=ACTOR), InvalidInputError, "the timeline has 3 clips"),
    "restore": (
        lambda p: history.restore(p, "scene", 1, 5, actor=ACTOR),
        NotFoundError,
        "scene has no version 5; versions: 1",
    ),
    "phase": (
        lambda p: _in_change(p, lambda ch: story.set_phase(ch, "post")),
        InvalidInputError,
        "unknown phase 'post'",
    ),
}


def _in_change(p: Project, fn: Callable[[Any], object]) -> None:
    with p.change(actor=ACTOR, action="x", summary="x") as ch:
        fn(ch)


@pytest.mark.parametrize("case", sorted(_BAD))
def test_bad_input_gives_a_clear_error_and_changes_nothing(project: Project, case: str) -> None:
    call, error, message = _BAD[case]
    before = _dump(project)
    with pytest.raises(error) as err:
        call(project)
    assert message in str(err.value)
    assert "\n" not in str(err.value)
    assert _dump(project) == before  # every table, the change log included


def test_an_empty_screenplay_says_so(tmp_path: Path, store_url: str | None) -> None:
    with Project.create(tmp_path / "p", name="Empty", database_url=store_url) as p:
        with pytest.raises(NotFoundError, match="scene 1 does not exist; the screenplay has no scenes yet"):
            story.update_scene(p, 1, content="x", actor=ACTOR)
        story.add_scene(p, heading="INT. A", content="", actor=ACTOR)
        with pytest.raises(NotFoundError, match="scene 2 does not exist; the screenplay has 1 scene$"):
            story.delete_scene(p, 2, actor=ACTOR)


# -- literal text -------------------------------------------------------------------------------

_OVERRIDES = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_TRICKY = [
    "שלום עולם — مرحبا بالعالم",
    "\u202egnp.exe\u202c and \u200f\u05d0\u200e mixed",
    "Robert'); DROP TABLE scenes;--",
    "%_ LIKE '%' OR 1=1 -- \\ \" ` $(rm -rf /)",
    "🎬 Zoë's café (naïve) 東京 ﷽",
    "e\u0301 combining, tab\there, nbsp\u00a0there",
]


def _tiny_wav() -> bytes:
    """Return a real (decodable) WAV of a few silent samples: audio is decoded before it is stored."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 80)
    return buf.getvalue()


@pytest.mark.parametrize("text", _TRICKY)
def test_tricky_text_round_trips_literally_in_every_field(tmp_path: Path, text: str, store_url: str | None) -> None:
    one_line = " ".join(text.split())
    # Names, project names, headings and tags are one clean line (agent.project.text): whitespace folds,
    # invisible format characters go, direction overrides are refused (they disguise what the text says).
    # Every other field keeps the text literally.
    label = " ".join("".join(c for c in one_line if c not in _OVERRIDES and unicodedata.category(c) != "Cf").split())
    if any(c in _OVERRIDES for c in one_line):
        with pytest.raises(InvalidInputError, match="text-direction override"):
            Project.create(tmp_path / "refused", name=one_line, database_url=store_url)
        with pytest.raises(InvalidInputError, match="text-direction override"):
            story.validate_heading(one_line)
    p = Project.create(tmp_path / "p", name=label, database_url=store_url)
    story.set_ideation(p, logline=text, premise=text, genre=one_line[:100], tone=one_line[:100], actor=ACTOR)
    story.set_outline(p, [(one_line, text)], actor=ACTOR)
    story.add_scene(p, heading=label, content=text, actor=ACTOR)
    story.tag_scene(p, 1, add=[label.lower()[:40]], actor=ACTOR)
    design.add_entity(p, "character", label[:100], description=text, actor=ACTOR)
    design.update_entity(p, "character", label[:100], voice_id=one_line[:100], actor=ACTOR)
    design.add_entity(p, "location", label[:100], description=text, actor=ACTOR)
    design.add_entity(p, "prop", label[:100], description=text, actor=ACTOR)
    design.set_art_direction(p, style=text, notes=text, actor=ACTOR)
    card = ShotCard(text, characters=[label.lower()], location=label, props=[label])
    shots.replace_shots(p, 1, [card], actor=ACTOR)
    shots.add_script_entry(p, 1, text, actor=ACTOR)
    cut.add_card(p, text, actor=ACTOR)

    name = label.upper()[:100]
    snap = snapshot(p)
    assert snap["name"] == label and snap["logline"] == text
    assert (snap["scenes"][0]["heading"], snap["scenes"][0]["content"]) == (label, text)
    assert snap["scenes"][0]["tags"] == [label.lower()[:40]]
    for kind in ("characters", "locations", "props"):
        assert [(e["name"], e["description"]) for e in snap[kind]] == [(name, text)]
    assert snap["art_direction"]["style"] == text
    shot = snap["shots"][0]
    assert (shot["description"], shot["characters"], shot["location"], shot["props"]) == (text, [name], name, [name])
    assert snap["timeline"][0]["text"] == text
    with p.read() as s:
        idea = s.get(Ideation, 1)
        assert idea is not None and (idea.premise, idea.genre, idea.tone) == (text, one_line[:100], one_line[:100])
        beat = s.scalars(select(OutlineBeat)).one()
        assert (beat.title, beat.description) == (one_line, text)
        assert s.scalars(select(Character.voice_id)).one() == one_line[:100]
        assert s.scalars(select(ShootingScriptEntry.text)).one() == text
        shot_id = s.scalars(select(Shot.id)).one()
    assert design.update_entity(p, "character", label.lower(), description="found by name", actor=ACTOR) == name
    with p.change(actor=ACTOR, action="note", summary=text) as ch:
        asset = library.record_asset(
            ch, library.store_bytes(p, _tiny_wav()), description=text, metadata={"t": text}
        )
        link = library.link_asset(ch, asset, "shot", shot_id, "voice")
        library.decide_link(ch, link, "rejected", note=text)
    with p.read() as s:
        assert s.scalars(select(AssetLink.note)).one() == text
        assert history.list_changes(s, limit=1)[0].summary == text
    assert snapshot(p)["history"]["last"]["summary"] == text
    p.close()


@pytest.mark.parametrize("name", ["\u202eANA", "BO\u2066B", "TAB\x07BELL"])
def test_names_refuse_direction_overrides_and_control_characters(project: Project, name: str) -> None:
    before = _dump(project)
    with pytest.raises(InvalidInputError, match="control or text-direction override"):
        design.add_entity(project, "character", name, actor=ACTOR)
    assert _dump(project) == before


def test_phase_follows_the_work(tmp_path: Path, store_url: str | None) -> None:
    from agent.project import design, shots, snapshot
    from agent.project.shots import ShotCard

    p = Project.create(tmp_path / "phase", name="Phase", database_url=store_url)
    story.add_scene(p, heading="INT. ROOM - DAY", content="MARA\nHello.", actor="t")
    assert snapshot(p)["phase"] == "story"
    design.add_entity(p, "character", "Mara", description="a conductor", actor="t")
    assert snapshot(p)["phase"] == "design"
    shots.replace_shots(p, 1, [ShotCard("Mara waves", characters=["MARA"])], actor="t")
    assert snapshot(p)["phase"] == "shooting"
    p.close()
