"""Regenerating after a rewrite: shot cards rebuilt from the new text, kept where the action still stands, and the
stills of the new shots made with the scene's old and new text as context."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from scripted import ScriptedModel, handoff_turn

from agent.config import Settings
from agent.project import Project, design, library, list_stale, shots, snapshot, story
from agent.project.rebuild import normalise, stands
from agent.project.schema import Asset, AssetLink
from agent.project.views import scene_by_number, shot_by_number
from agent.session import Session
from agent.tools.camera import breakdown_of

BODY = ("Steam fogs the window. MARA stirs a pot.\n\n"
        "MARA\nThe kettle is cold.\n\n"
        "JONAS\nThen light it.\n\n"
        "Jonas drops a match on the table.")
REWRITE = ("Steam fogs the window. MARA stirs a pot.\n\n"
           "MARA\nThe kettle is cold.\n\n"
           "JONAS\nBuy a new one.\n\n"
           "A dog barks outside the door.")


def _png(seed: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (seed * 40 % 256, 90, 30)).save(buf, format="PNG")
    return buf.getvalue()


def _approve_still(p: Project, number: int, seed: int, status: str = "approved") -> int:
    with p.read() as s:
        shot_id = shot_by_number(s, 1, number).id
    stored = library.store_bytes(p, _png(seed))
    with p.change(actor="t", action="generate", summary="still") as ch:
        asset = library.record_asset(ch, stored, description="still", metadata={})
        link = library.link_asset(ch, asset, "shot", shot_id, "still")
        library.decide_link(ch, link, status)
        return asset.id


def _film(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """Scene 1 broken down by the standard breakdown; stills approved on the opening, Mara's line and Jonas's line."""
    path = tmp_path / "film"
    p = Project.create(path, name="Rebuild")
    story.add_scene(p, heading="INT. KITCHEN - NIGHT", content=BODY, actor="t")
    for name in ("Mara", "Jonas"):
        design.add_entity(p, "character", name, description=name, actor="t")
    with p.read() as s:
        cards = breakdown_of(s, scene_by_number(s, 1))
    shots.replace_shots(p, 1, cards, actor="t")
    described = [sh["description"] for sh in snapshot(p)["shots"]]
    # opening, Mara's line, Jonas's line, the pot, the match, closing
    assert [d.split(":")[0] for d in described[:3]] == ["Establishing", "MARA", "JONAS"]
    assets = {"opening": _approve_still(p, 1, 1), "mara": _approve_still(p, 2, 2), "jonas": _approve_still(p, 3, 3)}
    assets["rejected"] = _approve_still(p, 4, 4, status="rejected")
    p.close()
    return path, assets


def test_the_rule_for_still_standing_ignores_case_punctuation_and_a_light_edit() -> None:
    assert normalise("MARA: The kettle -- is COLD!") == "mara the kettle is cold"
    assert stands("MARA: The kettle is cold.", "MARA: the kettle is cold")
    assert stands("Jonas drops a match on the table", "Jonas drops a match on the tabel")
    assert not stands("JONAS: Then light it.", "JONAS: Buy a new one.")
    assert not stands("", "anything")


async def test_regenerating_a_rewritten_scene_rebuilds_its_cards_and_keeps_what_stands(tmp_path: Path) -> None:
    path, assets = _film(tmp_path)
    session = await Session.open(path, settings=Settings(home=path / "home"),
                                 model=ScriptedModel(responses=handoff_turn("writer", "regenerate_stale", {}, 1)))
    try:
        before = {sh["description"]: sh for sh in session.snapshot()["shots"]}
        story.update_scene(session.project, 1, content=REWRITE, actor="user")
        assert all(sh["stale"] for sh in session.snapshot()["shots"])
        ask = await session.run("t", "regenerate what is stale")
        assert ask.approval is not None and ask.approval["kind"] == "confirm"
        assert "scene 1: keeps shots" in ask.approval["title"]
        batch = await session.run("t", decision="approve")
        assert batch.approval is not None and batch.approval["kind"] == "batch"
        await session.run("t", decision="approve")
        after = session.snapshot()["shots"]
        by_desc = {sh["description"]: sh for sh in after}
        # Still standing: the opening and Mara's unchanged line keep their approved stills and lose their marks.
        opening = next(d for d in by_desc if d.startswith("Establishing"))
        mara = next(d for d in by_desc if d.startswith("MARA"))
        for desc, key in ((opening, "opening"), (mara, "mara")):
            assert [(a["id"], a["status"]) for a in by_desc[desc]["assets"]] == [(assets[key], "approved")]
            assert by_desc[desc]["stale"] is False and by_desc[desc]["number"] == before[desc]["number"]
        # Jonas's line changed: its approved shot has no action left, so it stays (at the end) marked, with why.
        old_jonas = next(d for d in before if d.startswith("JONAS"))
        assert by_desc[old_jonas]["stale"] is True and by_desc[old_jonas]["number"] == len(after)
        with session.project.read() as s:
            reasons = [i.reason for i in list_stale(s)]
        assert any(r.startswith("its action is no longer in the scene") for r in reasons)
        # The match shot was a draft whose action is gone: dropped. The dog is new action: a new shot with a still.
        assert not [d for d in by_desc if "match" in d]
        dog = next(d for d in by_desc if "dog" in d.lower())
        assert by_desc[dog]["status"] == "still_approved" and by_desc[dog]["stale"] is False
        new_jonas = next(d for d in by_desc if d.startswith("JONAS") and d != old_jonas)
        assert by_desc[new_jonas]["status"] == "still_approved"
        with session.project.read() as s:
            still = s.get(Asset, by_desc[dog]["assets"][-1]["id"])
            assert still is not None
            told = still.meta["prompt_parts"]["scene_change"]
        assert "before:" in told and "Jonas drops a match" in told and "A dog barks" in told
        assert "The kettle is cold" not in told, "only what changed is quoted"
    finally:
        await session.close()


async def test_a_rejected_still_stays_rejected_through_a_rebuild(tmp_path: Path) -> None:
    path, assets = _film(tmp_path)
    with Project.open(path) as p:
        # Shot 4 (the pot) has only a rejected take; its action still stands after this rewrite.
        story.update_scene(p, 1, content=BODY.replace("Then light it.", "Use the stove."), actor="user")
    session = await Session.open(path, settings=Settings(home=path / "home"),
                                 model=ScriptedModel(responses=handoff_turn("writer", "regenerate_stale", {}, 1)))
    try:
        turn = await session.run("t", "regenerate what is stale")
        while turn.approval is not None and turn.approval["kind"] == "confirm":
            turn = await session.run("t", decision="approve")
        assert turn.approval is not None and turn.approval["kind"] == "batch"
        assert assets["rejected"] not in [p["asset"] for p in turn.approval["previews"]]
        await session.run("t", decision="approve")
        with session.project.read() as s:
            statuses = {lk.status for lk in s.query(AssetLink).filter(AssetLink.asset_id == assets["rejected"])}
        assert statuses == {"rejected"}, "a rejected still never comes back approved"
    finally:
        await session.close()


async def test_a_still_rejected_on_a_dropped_shot_is_never_held_for_its_twin(tmp_path: Path) -> None:
    from platform_support import platform_project

    path = platform_project(tmp_path, name="Twins")
    script = [*handoff_turn("cinematographer", "generate_still", {"scene_number": 1, "shot_number": 3}, 1),
              *handoff_turn("cinematographer", "generate_still", {"scene_number": 1, "shot_number": 3}, 2)]
    session = await Session.open(path, settings=Settings(home=path / "home"), model=ScriptedModel(responses=script))
    try:
        first = await session.run("t", "still for shot 3")
        assert first.approval is not None
        await session.run("t", decision="reject")
        twin = shots.ShotCard("close-up of a ticket in a wet hand", shot_type="close-up", characters=["MARA"],
                              location="PLATFORM")
        with session.project.read() as s:
            cards = [shots.ShotCard(sh.description, sh.shot_type, sh.angle, sh.movement, sh.lens_mm, sh.duration_s,
                                    [c.name for c in sh.characters], "PLATFORM")
                     for sh in [shot_by_number(s, 1, n) for n in (1, 2)]]
        # A rebuild that drops the shot and adds it back takes its links (and the rejection) with it.
        shots.replace_shots(session.project, 1, [*cards, twin], actor="user")
        again = await session.run("t", "still for shot 3 again")
        while again.approval is not None and again.approval["kind"] != "still":
            again = await session.run("t", decision="generate_new")
        assert again.approval is not None
        assert again.approval["preview"]["asset"] != first.approval["preview"]["asset"], "the rejected take came back"
    finally:
        await session.close()


def test_a_rebuild_is_one_change_that_undo_takes_back(tmp_path: Path) -> None:
    from agent.project import history
    from agent.project.rebuild import rebuild_shots

    path, _ = _film(tmp_path)
    with Project.open(path) as p:
        story.update_scene(p, 1, content=REWRITE, actor="user")
        before = [(sh["number"], sh["description"], sh["status"], sh["stale"]) for sh in snapshot(p)["shots"]]
        with p.read() as s:
            cards = breakdown_of(s, scene_by_number(s, 1))
        done = rebuild_shots(p, 1, cards, actor="t")
        assert (done.kept, done.added, done.dropped, done.orphaned) == ([1, 2, 4, 6], 2, [5], [3])
        assert [sh["number"] for sh in snapshot(p)["shots"]] == list(range(1, 8))
        history.undo(p)
        assert [(sh["number"], sh["description"], sh["status"], sh["stale"])
                for sh in snapshot(p)["shots"]] == before


def test_the_prompt_quotes_only_what_the_rewrite_changed_and_nothing_without_one() -> None:
    from agent.generators import SceneChange, ShotSpec, build_shot_prompt

    spec = ShotSpec(scene_number=1, shot_number=2, description="a dog at the door")
    plain = build_shot_prompt(spec)
    assert "scene_change" not in plain.parts, "a still made without a rewrite keeps its prompt (and request hash)"
    told = build_shot_prompt(spec.model_copy(update={"scene_change": SceneChange(before=BODY, after=REWRITE)}))
    change = told.parts["scene_change"]
    assert change.startswith("the scene was rewritten; before: JONAS Then light it.")
    assert "now: JONAS Buy a new one. / A dog barks outside the door." in change
    assert "kettle" not in change and change in told.prompt
