"""Generation through the graph: smart re-use offers, the budget, stills before video, idempotency."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage
from platform_support import platform_project
from scripted import ScriptedModel, handoff_turn

from agent.config import Settings
from agent.project import Project, design, shots, story
from agent.session import Session


def _turn(tool: str, args: dict[str, Any], n: int, specialist: str = "cinematographer") -> list[AIMessage]:
    return handoff_turn(specialist, tool, args, n)


def _project(tmp_path: Path) -> Path:
    return platform_project(tmp_path, name="Flow")


async def _session(path: Path, script: list[AIMessage], **settings: Any) -> Session:
    return await Session.open(path, settings=Settings(home=path / "home", **settings),
                              model=ScriptedModel(responses=script))


async def test_reworded_shot_is_offered_the_existing_still(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [*_turn("generate_still", {"scene_number": 1, "shot_number": 1}, 1),
              *_turn("generate_still", {"scene_number": 1, "shot_number": 2}, 2),
              *_turn("generate_still", {"scene_number": 1, "shot_number": 3}, 3)]
    session = await _session(path, script)
    first = await session.run("t", "still for shot 1")
    assert first.approval is not None and first.approval["kind"] == "still"
    await session.run("t", decision="approve")
    offer = await session.run("t", "still for shot 2")
    assert offer.approval is not None and offer.approval["kind"] == "reuse"
    assert offer.approval["options"] == ["use_existing", "generate_new"]
    await session.run("t", decision="use_existing")
    snap = session.snapshot()
    one, two = snap["shots"][0], snap["shots"][1]
    assert two["status"] == "still_approved" and two["assets"][0]["sha256"] == one["assets"][0]["sha256"]
    assert snap["assets"]["count"] == 1, "re-use generated nothing"
    unrelated = await session.run("t", "still for shot 3")
    assert unrelated.approval is not None and unrelated.approval["kind"] == "still", "no offer for another shot"
    await session.close()


async def test_budget_refuses_the_call_that_would_exceed_it(tmp_path: Path) -> None:
    path = _project(tmp_path)
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"offline": {"*": {"per_image": 0.10, "per_second": 0.0, "per_1k_chars": 0.0}}}))
    script = [*_turn("generate_still", {"scene_number": 1, "shot_number": 3}, 1),
              *_turn("generate_still", {"scene_number": 1, "shot_number": 1}, 2)]
    session = await _session(path, script, prices_file=prices, budget_usd=0.15)
    await session.run("t", "still for shot 3")
    await session.run("t", decision="approve")
    assert session.snapshot()["cost"]["spent_usd"] == 0.10
    before = session.snapshot()
    refused = await session.run("t", "still for shot 1")
    result = next(e for e in refused.events if e["type"] == "tool_result")
    assert result["text"].startswith("Error: ") and "budget" in result["text"].lower()
    assert "\n" not in result["text"]
    after = session.snapshot()
    assert after["cost"] == before["cost"] and after["assets"] == before["assets"], "no charge, no asset"
    assert after["cost"]["budget_usd"] == 0.15
    await session.close()


async def test_video_needs_an_approved_still(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = _turn("generate_video", {"scene_number": 1, "shot_number": 1}, 1, "editor")
    session = await _session(path, script)
    turn = await session.run("t", "animate shot 1")
    result = next(e for e in turn.events if e["type"] == "tool_result")
    assert result["text"] == (
        "Error: shot 1.1 has no approved still yet; generate and approve a still first"
    )
    await session.close()


async def test_same_request_twice_stores_one_asset(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [*_turn("generate_still", {"scene_number": 1, "shot_number": 3}, 1),
              *_turn("generate_still", {"scene_number": 1, "shot_number": 3}, 2)]
    session = await _session(path, script)
    first = await session.run("t", "still for shot 3")
    await session.run("t", decision="cancel")  # left undecided: the take stays pending
    again = await session.run("t", "still for shot 3 again")
    assert again.approval is not None and first.approval is not None
    assert again.approval["preview"]["asset"] == first.approval["preview"]["asset"]
    assert session.snapshot()["assets"]["count"] == 1, "the identical request returned the stored asset"
    await session.close()


async def test_asking_again_after_a_reject_makes_a_new_take(tmp_path: Path) -> None:
    """The identical request would find the rejected still by its hash: it is passed over, never shown again."""
    path = _project(tmp_path)
    script = [*_turn("generate_still", {"scene_number": 1, "shot_number": 3}, 1),
              *_turn("generate_still", {"scene_number": 1, "shot_number": 3}, 2)]
    session = await _session(path, script)
    first = await session.run("t", "still for shot 3")
    await session.run("t", decision="reject")
    again = await session.run("t", "still for shot 3 again")
    assert again.approval is not None and first.approval is not None
    assert again.approval["preview"]["asset"] != first.approval["preview"]["asset"]
    await session.run("t", decision="approve")
    assets = session.snapshot()["shots"][2]["assets"]
    assert [a["status"] for a in assets] == ["rejected", "approved"]
    assert assets[0]["sha256"] != assets[1]["sha256"]
    await session.close()


async def test_stills_for_a_whole_scene_report_progress_and_ask_once(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = _turn("generate_stills_for_scene", {"scene_number": 1}, 1)
    session = await _session(path, script)
    turn = await session.run("t", "generate stills for scene 1")
    progress = [e for e in turn.events if e["type"] == "progress"]
    assert [(p["done"], p["total"]) for p in progress] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert turn.approval is not None and turn.approval["kind"] == "batch"
    assert len({p["path"] for p in turn.approval["previews"]}) == 3, "one distinct still per shot"
    assert len([e for e in turn.events if e["type"] == "preview"]) == 3
    assert all(s["status"] == "still_pending" for s in session.snapshot()["shots"])
    await session.run("t", decision="approve")
    assert all(s["status"] == "still_approved" for s in session.snapshot()["shots"])
    assert session.snapshot()["assets"]["count"] == 3
    await session.close()


async def test_reindex_gives_the_same_entries_as_generation(tmp_path: Path) -> None:
    """The index grown turn by turn and the one `reelsmith reindex` rebuilds describe assets identically."""
    from agent.index.from_project import index_entries

    path = _project(tmp_path)
    script = [*_turn("generate_still", {"scene_number": 1, "shot_number": 1}, 1)]
    session = await _session(path, script)
    await session.run("t", "still for shot 1")
    await session.run("t", decision="approve")
    from agent.index import AssetIndex, embedding_function_for

    live = AssetIndex.open(path / "index", embedding_function=embedding_function_for(session.settings))
    rebuilt = index_entries(session.project)
    assert {e.id for e in rebuilt} == set(live.ids()) == {"1"}
    assert live.sync(rebuilt).updated == 0, "reindex would rewrite nothing"
    await session.close()


async def test_voice_lines_sit_under_their_shots_and_reach_the_animatic(tmp_path: Path) -> None:
    from agent.media.from_project import timeline_from_project

    path = tmp_path / "film"
    p = Project.create(path, name="Voices")
    body = "MARA\nThe kettle is cold.\n\nJONAS\nThen light it.\n\nMARA\nWith what?"
    story.add_scene(p, heading="INT. KITCHEN - NIGHT", content=body, actor="user")
    design.add_entity(p, "character", "Mara", description="conductor", actor="user")
    design.add_entity(p, "character", "Jonas", description="driver", actor="user")
    shots.replace_shots(p, 1, [shots.ShotCard("Mara at the stove", characters=["MARA"]),
                               shots.ShotCard("Jonas at the door", characters=["JONAS"])], actor="user")
    p.close()
    script = _turn("generate_voice", {"scene_number": 1}, 1, "editor")
    session = await _session(path, script)
    turn = await session.run("t", "record scene 1")
    assert turn.approval is not None and turn.approval["kind"] == "voice"
    await session.run("t", decision="approve")
    snap = session.snapshot()
    voice = [[a["status"] for a in s["assets"] if a["role"] == "voice"] for s in snap["shots"]]
    # Lines keep screenplay order: Mara's first line under her shot, then Jonas's shot carries the rest
    # (a later line never jumps back to an earlier shot).
    assert voice == [["approved"], ["approved", "approved"]]
    timeline = timeline_from_project(session.project, animatic=True)
    assert len([t for t in timeline.audio if t.kind == "voice"]) == 3
    await session.close()


async def test_animatic_render_reports_progress(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = _turn("render_animatic", {"scene_number": 1}, 1, "editor")
    session = await _session(path, script)
    turn = await session.run("t", "make an animatic of scene 1")
    progress = [e for e in turn.events if e["type"] == "progress"]
    assert progress and progress[-1]["done"] == progress[-1]["total"] == 100
    assert len(progress) <= 25, "throttled, not one event per frame"
    preview = next(e for e in turn.events if e["type"] == "preview")
    assert Path(preview["path"]).is_file() and preview["mime"] == "video/mp4"
    await session.close()


async def test_reference_headshot_is_threaded_into_shot_prompts_and_goes_stale(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [*_turn("generate_reference", {"name": "Mara"}, 1, "designer"),
              *_turn("generate_still", {"scene_number": 1, "shot_number": 3}, 2)]
    session = await _session(path, script)
    ref = await session.run("t", "make a headshot for Mara")
    assert ref.approval is not None and ref.approval["kind"] == "reference"
    assert ref.approval["title"] == "Headshot for MARA"
    await session.run("t", decision="approve")
    still = await session.run("t", "still for shot 3")
    from agent.project.schema import Asset

    with session.project.read() as s:
        headshot = s.get(Asset, int(ref.approval["preview"]["asset"]))
        assert headshot is not None
        still_asset = s.get(Asset, int(still.approval["preview"]["asset"]))
        assert still_asset is not None
        assert headshot.sha256 in still_asset.meta["parent_assets"], "the approved headshot is the still's reference"
    design.update_entity(session.project, "character", "Mara", description="older now, grey coat", actor="user")
    assert session.snapshot()["characters"][0]["stale"] is True, "a new description outdates the headshot"
    await session.close()


async def test_regenerate_stale_asks_first_then_redoes_the_stale_stills(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [*_turn("generate_still", {"scene_number": 1, "shot_number": 3}, 1),
              *_turn("regenerate_stale", {}, 2, "writer")]
    session = await _session(path, script)
    await session.run("t", "still for shot 3")
    await session.run("t", decision="approve")
    design.set_art_direction(session.project, style="neo-noir", actor="user")
    assert [s["stale"] for s in session.snapshot()["shots"]] == [False, False, True]
    ask = await session.run("t", "regenerate stale items")
    assert ask.approval is not None and ask.approval["options"] == ["approve", "cancel"]
    batch = await session.run("t", decision="approve")
    assert batch.approval is not None and batch.approval["kind"] == "batch"
    await session.run("t", decision="approve")
    snap = session.snapshot()
    assert [s["stale"] for s in snap["shots"]] == [False, False, False]
    assert [a["status"] for a in snap["shots"][2]["assets"]] == ["superseded", "approved"]
    await session.close()
