"""Stale marking: what a change to a source marks (and must not mark), listing and clearing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from store_backends import clone_project

from agent.project import Project, design, history, library, list_stale, shots, snapshot, story
from agent.project.deps import StaleItem, clear_stale
from agent.project.schema import AssetLink
from agent.project.shots import ShotCard
from agent.project.views import character_by_name, scene_by_number, shot_by_number

ACTOR = "test"


def _png(seed: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (24, 24), (seed * 37 % 256, seed * 91 % 256, seed * 53 % 256)).save(buf, format="PNG")
    return buf.getvalue()


_seeds = iter(range(1, 10_000))


def _give(p: Project, entity: tuple[str, int], role: str, *, approve: bool = True) -> int:
    """Generate an asset for an entity in a role (a still, a clip, a headshot) and approve it; return the link id."""
    stored = library.store_bytes(p, _png(next(_seeds)))
    with p.change(actor=ACTOR, action="generate", summary=f"{role} for {entity}") as ch:
        asset = library.record_asset(ch, stored, description=role, metadata={})
        link = library.link_asset(ch, asset, entity[0], entity[1], role)
        link_id = link.id
    if approve:
        with p.change(actor=ACTOR, action="approve", summary="approve") as ch:
            library.decide_link(ch, ch.session.get(AssetLink, link_id), "approved")  # type: ignore[arg-type]
    return link_id


def _shot_id(p: Project, scene: int, number: int) -> int:
    with p.read() as s:
        return shot_by_number(s, scene, number).id


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, store_url: str | None) -> Path:
    """Build the film once.

    Scene 2: shot 1 (ANA, KITCHEN, KEY; still), shot 2 (BO; no still).
    Scene 3: shot 1 (ANA; still), shot 2 (BO; still + clip).
    """
    path = tmp_path_factory.mktemp("deps") / "p"
    p = Project.create(path, name="Deps", database_url=store_url)
    for i in range(1, 5):
        story.add_scene(p, heading=f"INT. ROOM {i} - DAY", content=f"Line {i}.\nMore {i}.", actor=ACTOR)
    for kind, name in (("character", "Ana"), ("character", "Bo"), ("character", "Cy"), ("location", "Kitchen"),
                       ("location", "Attic"), ("prop", "Key")):
        design.add_entity(p, kind, name, description=f"{name} as first imagined", actor=ACTOR)
    ana = ShotCard("Ana", characters=["ana"], location="kitchen", props=["key"])
    shots.replace_shots(p, 2, [ana, ShotCard("Bo", characters=["bo"])], actor=ACTOR)
    shots.replace_shots(p, 3, [ShotCard("Ana", characters=["ana"]), ShotCard("Bo", characters=["bo"])], actor=ACTOR)
    for scene, number in ((2, 1), (3, 1), (3, 2)):
        _give(p, ("shot", _shot_id(p, scene, number)), "still")
    _give(p, ("shot", _shot_id(p, 3, 2)), "clip")
    assert _stale(p) == []
    p.close()
    return path


@pytest.fixture
def project(template: Path, tmp_path: Path, store_url: str | None) -> Iterator[Project]:
    p = clone_project(template, tmp_path / "p", store_url)
    yield p
    p.close()


def _stale(p: Project) -> list[StaleItem]:
    with p.read() as s:
        return list_stale(s)


def _marked(p: Project) -> set[tuple[int, int, str]]:
    """Return (scene number, shot number, aspect) for every stale shot."""
    ids = {_shot_id(p, sc["scene"], sc["number"]): (sc["scene"], sc["number"]) for sc in snapshot(p)["shots"]}
    return {(*ids[i.entity_id], i.aspect) for i in _stale(p) if i.entity_type == "shot"}


def test_scene_edit_marks_its_own_shots_and_no_other_scene(project: Project) -> None:
    story.update_scene(project, 2, content="Rewritten.", actor=ACTOR)
    assert _marked(project) == {(2, 1, "card"), (2, 2, "card")}
    reasons = {i.reason for i in _stale(project)}
    assert reasons == {"scene content changed (v1 -> v2)"}
    flags = {(s["scene"], s["number"]): s["stale"] for s in snapshot(project)["shots"]}
    assert flags == {(2, 1): True, (2, 2): True, (3, 1): False, (3, 2): False}


def test_repeated_edits_keep_one_mark_from_the_oldest_version(project: Project) -> None:
    story.update_scene(project, 2, content="Second.", actor=ACTOR)
    story.update_scene(project, 2, content="Third.", actor=ACTOR)
    items = [i for i in _stale(project) if i.entity_id == _shot_id(project, 2, 1)]
    assert [(i.aspect, i.reason) for i in items] == [("card", "scene content changed (v1 -> v3)")]


def test_character_description_marks_only_shots_with_that_character_and_a_still(project: Project) -> None:
    design.update_entity(project, "character", "ana", description="older, scar on the left cheek", actor=ACTOR)
    assert _marked(project) == {(2, 1, "still"), (3, 1, "still")}
    assert all("character ANA description changed (v1 -> v2)" == i.reason for i in _stale(project))
    characters = {c["name"]: c["stale"] for c in snapshot(project)["characters"]}
    assert characters == {"ANA": False, "BO": False, "CY": False}  # no headshot yet, so nothing of its own


def test_character_in_a_shot_without_a_still_is_not_marked(project: Project) -> None:
    design.update_entity(project, "character", "bo", description="taller", actor=ACTOR)
    assert _marked(project) == {(3, 2, "still")}  # scene 2 shot 2 has Bo but nothing was generated yet


def test_character_not_in_any_shot_marks_nothing(project: Project) -> None:
    design.update_entity(project, "character", "cy", description="a stranger", actor=ACTOR)
    design.update_entity(project, "location", "attic", description="dusty", actor=ACTOR)
    design.update_entity(project, "character", "ana", new_name="Anna", actor=ACTOR)  # a rename is not a new look
    assert _stale(project) == []


def test_location_and_prop_edits_mark_the_shots_that_use_them(project: Project) -> None:
    design.update_entity(project, "location", "kitchen", description="blue tiles now", actor=ACTOR)
    design.update_entity(project, "prop", "key", description="iron", actor=ACTOR)
    assert _marked(project) == {(2, 1, "still")}
    assert {i.reason for i in _stale(project)} == {
        "location KITCHEN description changed (v1 -> v2)",
        "prop KEY description changed (v1 -> v2)",
    }


def test_character_reference_images_go_stale_and_a_new_headshot_clears_them(project: Project) -> None:
    with project.read() as s:
        ana = character_by_name(s, "ana").id
    _give(project, ("character", ana), "headshot")
    design.update_entity(project, "character", "ana", description="grey hair", actor=ACTOR)
    assert ("character", ana, "reference") in {(i.entity_type, i.entity_id, i.aspect) for i in _stale(project)}
    assert next(c for c in snapshot(project)["characters"] if c["name"] == "ANA")["stale"] is True
    _give(project, ("character", ana), "headshot")
    assert not [i for i in _stale(project) if i.entity_type == "character"]


def test_art_direction_marks_every_shot_with_a_still(project: Project) -> None:
    design.set_art_direction(project, style="noir, high contrast", palette=["#000000", "#FFFFFF"], actor=ACTOR)
    assert _marked(project) == {(2, 1, "still"), (3, 1, "still"), (3, 2, "still")}
    assert snapshot(project)["art_direction"]["palette"] == ["#000000", "#ffffff"]
    count = len(_stale(project))
    design.set_art_direction(project, style="noir, high contrast", actor=ACTOR)  # same look: nothing new
    assert len(_stale(project)) == count


def test_approving_a_new_still_marks_the_video_stale(project: Project) -> None:
    shot = _shot_id(project, 3, 2)
    _give(project, ("shot", shot), "still")
    assert _marked(project) == {(3, 2, "video")}
    assert [i.reason for i in _stale(project)] == ["the still it was made from changed"]
    _give(project, ("shot", _shot_id(project, 3, 1)), "still")  # no clip there: nothing to mark
    assert _marked(project) == {(3, 2, "video")}
    _give(project, ("shot", shot), "clip")
    assert _stale(project) == []
    assert (
        next(s for s in snapshot(project)["shots"] if (s["scene"], s["number"]) == (3, 2))["status"] == "video_approved"
    )


def test_a_rejected_still_marks_nothing(project: Project) -> None:
    link = _give(project, ("shot", _shot_id(project, 3, 2)), "still", approve=False)
    with project.change(actor=ACTOR, action="reject", summary="reject") as ch:
        library.decide_link(ch, ch.session.get(AssetLink, link), "rejected", note="too dark")  # type: ignore[arg-type]
    assert _stale(project) == []


def test_listing_is_oldest_first_and_clearing_removes_only_what_was_asked(project: Project) -> None:
    design.set_art_direction(project, style="watercolour", actor=ACTOR)
    story.update_scene(project, 3, content="Changed.", actor=ACTOR)
    items = _stale(project)
    assert [i.aspect for i in items] == ["still", "still", "still", "card", "card"]
    s31 = _shot_id(project, 3, 1)
    with project.change(actor=ACTOR, action="clear", summary="card redone") as ch:
        assert clear_stale(ch, "shot", s31, ("card",)) == 1
    assert ("shot", s31, "still") in {(i.entity_type, i.entity_id, i.aspect) for i in _stale(project)}
    shots.set_camera(project, 3, 2, lens_mm=85, actor=ACTOR)  # re-doing the card clears its card mark
    assert (3, 2, "card") not in _marked(project)
    _give(project, ("shot", s31), "still")  # a new approved still clears still and card marks
    assert not [m for m in _marked(project) if m[:2] == (3, 1)]
    assert (2, 1, "still") in _marked(project)


def test_undo_takes_the_marks_back(project: Project) -> None:
    design.update_entity(project, "character", "ana", description="older", actor=ACTOR)
    assert _stale(project)
    history.undo(project)
    assert _stale(project) == []


def test_deleting_an_entity_takes_its_marks_and_links_and_a_newcomer_inherits_nothing(project: Project) -> None:
    design.add_entity(project, "character", "Xeno", description="first", actor=ACTOR)
    with project.read() as s:
        xeno = character_by_name(s, "xeno").id
    _give(project, ("character", xeno), "headshot")
    design.update_entity(project, "character", "xeno", description="second", actor=ACTOR)
    assert ("character", xeno) in {(i.entity_type, i.entity_id) for i in _stale(project)}

    design.delete_entity(project, "character", "xeno", actor=ACTOR)
    assert not [i for i in _stale(project) if i.entity_type == "character"]
    design.add_entity(project, "character", "Yara", actor=ACTOR)  # SQLite may give it Xeno's id
    with project.read() as s:
        yara = character_by_name(s, "yara").id
        assert library.links_of(s, "character", yara) == []

    history.undo(project)  # Yara goes
    history.undo(project)  # Xeno comes back with her headshot and her stale mark
    with project.read() as s:
        assert [lk.role for lk in library.links_of(s, "character", xeno)] == ["headshot"]
    assert ("character", xeno) in {(i.entity_type, i.entity_id) for i in _stale(project)}


def test_deleting_a_scene_takes_its_voice_links(project: Project) -> None:
    story.add_scene(project, heading="INT. LAST", content="Goodbye.", actor=ACTOR)
    with project.read() as s:
        last = scene_by_number(s, 5).id
    _give(project, ("scene", last), "voice")
    story.delete_scene(project, 5, actor=ACTOR)
    story.add_scene(project, heading="INT. NEW", content="Hello.", actor=ACTOR)
    with project.read() as s:
        assert library.links_of(s, "scene", scene_by_number(s, 5).id) == []
