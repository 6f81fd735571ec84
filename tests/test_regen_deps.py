"""Dependency coverage with reasons: rewritten dialogue outdates only its recorded lines, a replaced reference image
outdates the stills made with it, a new look outdates every still; the reasons show wherever stale items are listed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from agent.cli import main
from agent.project import Project, design, library, shots, snapshot, story
from agent.project.schema import AssetLink
from agent.project.views import character_by_name, location_by_name, shot_by_number

BODY = "MARA\nThe kettle is cold.\n\nJONAS\n(quietly)\nThen light it.\n\nMARA\nWith what?"
_seeds = iter(range(1, 10_000))


def _png() -> bytes:
    n = next(_seeds)
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (n * 37 % 256, n * 91 % 256, n * 53 % 256)).save(buf, format="PNG")
    return buf.getvalue()


def _take(p: Project, entity: tuple[str, int], role: str, *, description: str = "take",
          metadata: dict[str, Any] | None = None, decision: str = "approved") -> tuple[int, str]:
    """Record an asset on an entity in a role and decide it; return (link id, sha256)."""
    stored = library.store_bytes(p, _png())
    with p.change(actor="t", action="generate", summary=role) as ch:
        asset = library.record_asset(ch, stored, description=description, metadata=metadata or {})
        link = library.link_asset(ch, asset, entity[0], entity[1], role)
        library.decide_link(ch, link, decision)
        return link.id, asset.sha256


def _shot(p: Project, number: int) -> int:
    with p.read() as s:
        return shot_by_number(s, 1, number).id


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = Project.create(tmp_path / "film", name="Deps")
    story.add_scene(p, heading="INT. KITCHEN - NIGHT", content=BODY, actor="t")
    story.add_scene(p, heading="EXT. YARD - DAY", content="A dog sleeps.", actor="t")
    for name in ("Mara", "Jonas"):
        design.add_entity(p, "character", name, description=name, actor="t")
    design.add_entity(p, "location", "Kitchen", description="small", actor="t")
    shots.replace_shots(p, 1, [shots.ShotCard("Mara", characters=["MARA"]), shots.ShotCard("Jonas", characters=[
        "JONAS"]), shots.ShotCard("Mara again", characters=["MARA"])], actor="t")
    shots.replace_shots(p, 2, [shots.ShotCard("The dog")], actor="t")
    yield p
    p.close()


def _stale(p: Project) -> list[dict[str, Any]]:
    return list(snapshot(p)["stale_items"])


def test_rewritten_dialogue_outdates_only_the_recorded_lines_that_changed(project: Project) -> None:
    lines = ["MARA: The kettle is cold.", "JONAS: Then light it.", "MARA: With what?"]
    links = [_take(project, ("shot", _shot(project, i)), "voice", description=line)[0]
             for i, line in enumerate(lines, start=1)]
    # Punctuation and case alone do not count as a rewrite; Jonas's words do.
    story.update_scene(project, 1, content=BODY.replace("Then light it.", "Buy a new one.").replace(
        "With what?", "WITH WHAT"), actor="t")
    voice = [e for e in _stale(project) if e["aspect"] == "voice"]
    assert [(e["what"], e["reason"]) for e in voice] == [
        ("scene 1 shot 2", "dialogue rewritten: the recorded line JONAS: Then light it. is no longer in the scene "
                           "(scene v1 -> v2)")]
    # A rejected new take changes nothing; an approved one retires the old line and clears the mark.
    _take(project, ("shot", _shot(project, 2)), "voice", description="JONAS: Buy a new one.", decision="rejected")
    assert [e["aspect"] for e in _stale(project)].count("voice") == 1
    _take(project, ("shot", _shot(project, 2)), "voice", description="JONAS: Buy a new one.")
    assert not [e for e in _stale(project) if e["aspect"] == "voice"]
    with project.read() as s:
        statuses = [s.get(AssetLink, i).status for i in links]  # type: ignore[union-attr]
    assert statuses == ["approved", "superseded", "approved"]


def test_a_replaced_reference_image_outdates_only_the_stills_made_with_it(project: Project) -> None:
    with project.read() as s:
        mara = character_by_name(s, "mara").id
        kitchen = location_by_name(s, "kitchen").id
    _, old = _take(project, ("character", mara), "headshot")
    _take(project, ("shot", _shot(project, 1)), "still", metadata={"parent_assets": [old]})
    _take(project, ("shot", _shot(project, 3)), "still", metadata={"parent_assets": []})
    assert _stale(project) == []
    _take(project, ("character", mara), "headshot", decision="rejected")  # not a replacement
    assert _stale(project) == []
    _take(project, ("character", mara), "headshot")
    assert [(e["what"], e["aspect"], e["reason"]) for e in _stale(project)] == [
        ("scene 1 shot 1", "still", "character MARA's headshot image it was made with was replaced")]

    # A location's reference imported from a file counts too.
    _, room = _take(project, ("location", kitchen), "reference")
    _take(project, ("shot", _shot(project, 2)), "still", metadata={"parent_assets": [room]})
    image = project.path / "new-kitchen.png"
    image.write_bytes(_png())
    library.import_media(project, image, image.read_bytes(), "kitchen")
    assert ("scene 1 shot 2", "location KITCHEN's reference image it was made with was replaced") in {
        (e["what"], e["reason"]) for e in _stale(project)}


def test_a_new_look_outdates_every_still_and_the_reason_shows_in_status_and_whats_next(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    from agent.project.overview import overview_text

    for number in (1, 3):
        _take(project, ("shot", _shot(project, number)), "still")
    with project.read() as s:
        dog = shot_by_number(s, 2, 1).id
    _take(project, ("shot", dog), "still")
    design.set_art_direction(project, style="ink wash", actor="t")
    stale = _stale(project)
    assert [e["what"] for e in stale] == ["scene 1 shot 1", "scene 1 shot 3", "scene 2 shot 1"]
    assert {e["reason"] for e in stale} == {"art direction style changed (v1 -> v2)"}
    path = project.path
    assert main(["status", str(path)]) == 0
    assert "scene 2 shot 1 (still): art direction style changed (v1 -> v2)" in capsys.readouterr().out

    said = overview_text(project)
    assert "3 items are stale (first, scene 1 shot 1: art direction style changed (v1 -> v2))" in said


def test_a_changed_voice_outdates_that_characters_recorded_lines_only(project: Project) -> None:
    from agent.project import history
    from agent.project.voices import set_voice

    lines = ["MARA: The kettle is cold.", "JONAS: Then light it.", "MARA: With what?"]
    links = [_take(project, ("shot", _shot(project, i)), "voice", description=line)[0]
             for i, line in enumerate(lines, start=1)]
    done = set_voice(project, "mara", profile="low and dry", actor="t")
    assert done.stale == 2
    voice = [(e["what"], e["reason"]) for e in _stale(project) if e["aspect"] == "voice"]
    assert voice == [(f"scene 1 shot {n}", "voice of MARA changed: profile now 'low and dry' (v1 -> v2); 1 recorded "
                      "line of theirs") for n in (1, 3)]
    # The same profile again changes nothing; undo takes the marks back with the profile.
    assert set_voice(project, "mara", profile="low and dry", actor="t").stale == 0
    history.undo(project)
    assert not [e for e in _stale(project) if e["aspect"] == "voice"]
    set_voice(project, "mara", profile="low and dry", actor="t")
    # Jonas's new take clears nothing of Mara's; Mara's line 1 recorded again replaces its old take, clears
    # its own shot's mark only.
    _take(project, ("shot", _shot(project, 2)), "voice", description="JONAS: Then light it, now.")
    assert len([e for e in _stale(project) if e["aspect"] == "voice"]) == 2
    _take(project, ("shot", _shot(project, 1)), "voice", description="MARA: The kettle is cold.")
    assert [e["what"] for e in _stale(project) if e["aspect"] == "voice"] == ["scene 1 shot 3"]
    with project.read() as s:
        statuses = [s.get(AssetLink, i).status for i in links]  # type: ignore[union-attr]
    assert statuses == ["superseded", "approved", "approved"]
