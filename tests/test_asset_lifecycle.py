"""The asset lifecycle: an approval resumes without preparing again, rejected assets stay rejected and are never
re-used, and stale marks clear only when something was regenerated."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage
from platform_support import platform_project
from scripted import ScriptedModel, handoff_turn

import agent.tools.generation as generation
from agent.config import Settings
from agent.index import AssetIndex, embedding_function_for
from agent.index.from_project import index_entries
from agent.project import Project, library, lifecycle, story
from agent.project.errors import InvalidInputError
from agent.project.schema import AssetLink
from agent.session import Session


def _project(tmp_path: Path) -> Path:
    return platform_project(tmp_path, name="Lifecycle")


async def _session(path: Path, script: list[AIMessage]) -> Session:
    return await Session.open(path, settings=Settings(home=path / "home"), model=ScriptedModel(responses=script))


def _still(shot: int, n: int) -> list[AIMessage]:
    return handoff_turn("cinematographer", "generate_still", {"scene_number": 1, "shot_number": shot}, n)


class _Spies:
    """Count project reads and index queries, tagged with the phase of the test and the answers replayed so far."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.phase, self.answered = "turn", 0
        self.reads: list[tuple[str, int]] = []
        self.queries: list[tuple[str, int]] = []
        read, find, interrupt = Project.read, AssetIndex.find_reusable, generation.interrupt

        def counting_read(project: Project) -> Any:
            self.reads.append((self.phase, self.answered))
            return read(project)

        def counting_find(index: AssetIndex, *args: Any, **kwargs: Any) -> Any:
            self.queries.append((self.phase, self.answered))
            return find(index, *args, **kwargs)

        def answered(payload: Any) -> Any:
            answer = interrupt(payload)  # raises on the first pass; returns the answer on resume
            self.answered += 1
            return answer

        monkeypatch.setattr(Project, "read", counting_read)
        monkeypatch.setattr(AssetIndex, "find_reusable", counting_find)
        monkeypatch.setattr(generation, "interrupt", answered)

    def start(self, phase: str) -> None:
        self.phase, self.answered = phase, 0

    def before_answer(self, phase: str, answers: int) -> tuple[list[Any], list[Any]]:
        """Return the reads and queries of ``phase`` made before its ``answers``-th answer came back."""
        return ([r for r in self.reads if r[0] == phase and r[1] < answers],
                [q for q in self.queries if q[0] == phase and q[1] < answers])


async def test_an_approval_resumes_without_preparing_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = await _session(_project(tmp_path), _still(1, 1))
    spies = _Spies(monkeypatch)
    try:
        turn = await session.run("t", "still for shot 1")
        assert turn.approval is not None and turn.approval["kind"] == "still"
        reads, queries = spies.before_answer("turn", 1)
        assert reads and queries, "the first pass prepares: it reads the project and asks the index for look-alikes"
        spies.start("approve")
        await session.run("t", decision="approve")
        assert spies.answered == 1, "the resumed tool got the answer"
        assert spies.before_answer("approve", 1) == ([], []), "no read and no index query before the answer"
        assert session.snapshot()["shots"][0]["status"] == "still_approved"
    finally:
        await session.close()


async def test_a_second_take_resumes_without_redoing_the_first(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    session = await _session(_project(tmp_path), _still(3, 1))
    spies = _Spies(monkeypatch)
    try:
        await session.run("t", "still for shot 3")
        spies.start("reject")
        second = await session.run("t", decision="reject", note="from below")
        assert second.approval is not None and second.approval["kind"] == "still"
        assert spies.before_answer("reject", 1) == ([], [])
        spies.start("approve")
        await session.run("t", decision="approve")
        assert spies.answered == 2, "both answers replayed in order"
        assert spies.before_answer("approve", 2) == ([], []), "neither take prepared again, nor the reject re-applied"
        assets = session.snapshot()["shots"][2]["assets"]
        assert [a["status"] for a in assets] == ["rejected", "approved"]
        with session.project.read() as s:
            decisions = [c.action for c in s.scalars(_changes()) if c.action.endswith("_asset")]
        assert decisions == ["rejected_asset", "approved_asset"], "each decision recorded once"
    finally:
        await session.close()


def _changes() -> Any:
    from sqlalchemy import select

    from agent.project.schema import Change

    return select(Change).order_by(Change.id)


def _live_index(session: Session) -> AssetIndex:
    return AssetIndex.open(session.project.path / "index", embedding_function=embedding_function_for(session.settings))


async def test_a_rejected_still_leaves_the_index_and_is_never_offered(tmp_path: Path) -> None:
    session = await _session(_project(tmp_path), [*_still(1, 1), *_still(2, 2)])
    try:
        first = await session.run("t", "still for shot 1")
        assert first.approval is not None
        rejected = str(first.approval["preview"]["asset"])
        assert rejected in _live_index(session).ids(), "a pending still is indexed"
        await session.run("t", decision="reject")
        assert rejected not in _live_index(session).ids(), "the reject took it out of the index"
        assert rejected not in {e.id for e in index_entries(session.project)}, "and reindex leaves it out"
        offer = await session.run("t", "still for shot 2")  # a near-identical card with the same cast and place
        assert offer.approval is not None and offer.approval["kind"] == "still", "no re-use offer of a rejected still"
    finally:
        await session.close()


async def test_the_project_overrules_an_index_that_still_holds_a_rejected_still(tmp_path: Path) -> None:
    session = await _session(_project(tmp_path), [*_still(1, 1), *_still(2, 2)])
    try:
        first = await session.run("t", "still for shot 1")
        await session.run("t", decision="cancel")  # left pending, and indexed
        assert first.approval is not None
        asset = int(first.approval["preview"]["asset"])
        with session.project.change(actor="user", action="reject", summary="rejected behind the index") as ch:
            link = ch.session.query(AssetLink).filter_by(asset_id=asset).one()
            library.decide_link(ch, link, "rejected")
        assert str(asset) in _live_index(session).ids(), "the index was not told"
        offer = await session.run("t", "still for shot 2")
        assert offer.approval is not None and offer.approval["kind"] == "still"
    finally:
        await session.close()


async def test_an_approval_updates_the_index(tmp_path: Path) -> None:
    session = await _session(_project(tmp_path), [*_still(1, 1), *_still(2, 2)])
    try:
        await session.run("t", "still for shot 1")
        await session.run("t", decision="approve")
        offer = await session.run("t", "still for shot 2")
        assert offer.approval is not None and offer.approval["kind"] == "reuse"
        await session.run("t", decision="use_existing")
        live = _live_index(session)
        entry = next(e for e in index_entries(session.project) if e.id == str(offer.approval["preview"]["asset"]))
        assert live.sync([entry]).updated == 0, "the re-use refreshed the entry (now linked to both shots)"
    finally:
        await session.close()


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 40, 40)).save(buf, format="PNG")
    return buf.getvalue()


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[list[int]] = []

    def refresh(self, asset_ids: Collection[int]) -> None:
        self.calls.append(sorted(asset_ids))


def test_decisions_apply_once_and_tell_the_index(tmp_path: Path) -> None:
    project = Project.open(_project(tmp_path))
    try:
        with project.read() as s:
            from agent.project.views import shot_by_number

            shot = shot_by_number(s, 1, 1).id
        stored = library.store_bytes(project, _png())
        take = lifecycle.hold(project, ("shot", shot), "still", stored=stored, request_hash="r1", description="x",
                              actor="t", action="generate_still", summary="made")
        again = lifecycle.hold(project, ("shot", shot), "still", request_hash="r1", actor="t", action="generate_still",
                               summary="made")
        assert again.link.id == take.link.id, "holding the same take again is idempotent"
        index = _Recorder()
        args: dict[str, Any] = {"actor": "t", "action": "rejected_asset", "summary": "no", "index": index}
        assert lifecycle.decide(project, [take.link.id], "rejected", **args) == [take.asset.id]
        assert lifecycle.decide(project, [take.link.id], "approved", **args) == [], "a decided take stays decided"
        assert index.calls == [[take.asset.id]]
        with pytest.raises(InvalidInputError):
            lifecycle.hold(project, ("shot", shot), "still", request_hash="r1", actor="t", action="a", summary="s")
        with pytest.raises(InvalidInputError):
            lifecycle.reuse(project, take.asset.id, ("shot", shot + 1), "still", actor="t", summary="s")
        with project.read() as s:
            assert lifecycle.reusable(s, [take.asset.id]) == set()
            assert [lk.status for lk in library.links_of(s, "shot", shot)] == ["rejected"]
    finally:
        project.close()


async def test_regenerate_stale_never_brings_a_rejected_still_back(tmp_path: Path) -> None:
    script = [*_still(3, 1), *handoff_turn("writer", "regenerate_stale", {}, 2)]
    session = await _session(_project(tmp_path), script)
    try:
        first = await session.run("t", "still for shot 3")
        await session.run("t", decision="reject")
        story.update_scene(session.project, 1, content="Rain. MARA waits, then runs.", actor="user")
        assert session.snapshot()["shots"][2]["stale"] is True
        turn = await session.run("t", "regenerate stale items")
        while turn.approval is not None and turn.approval["kind"] == "confirm":
            turn = await session.run("t", decision="approve")
        assert turn.approval is not None and turn.approval["kind"] == "batch"
        assert first.approval is not None
        assert turn.approval["preview"]["asset"] != first.approval["preview"]["asset"], "a new take, not the rejected"
        await session.run("t", decision="approve")
        shot = session.snapshot()["shots"][2]
        assert [a["status"] for a in shot["assets"]] == ["rejected", "approved"]
        assert shot["stale"] is False, "a new still was made and approved"
    finally:
        await session.close()


async def test_regenerate_stale_keeps_the_mark_when_nothing_would_change(tmp_path: Path) -> None:
    script = [*_still(3, 1), *handoff_turn("writer", "regenerate_stale", {}, 2)]
    session = await _session(_project(tmp_path), script)
    try:
        await session.run("t", "still for shot 3")
        await session.run("t", decision="approve")
        story.update_scene(session.project, 1, content="Rain. MARA waits, then runs.", actor="user")
        before = session.snapshot()["shots"][2]
        assert before["stale"] is True
        turn = await session.run("t", "regenerate stale items")
        while turn.approval is not None and turn.approval["kind"] == "confirm":
            turn = await session.run("t", decision="approve")
        assert turn.approval is not None and turn.approval["kind"] == "batch"
        assert len(turn.approval["previews"]) == 2, "shots 1.1 and 1.2 had no still; shot 1.3's would be the same"
        done = await session.run("t", decision="approve")
        result = next(e for e in done.events if e["type"] == "tool_result")
        assert "would come out the same" in result["text"] and "1.3" in result["text"]
        after = session.snapshot()["shots"]
        assert [s["stale"] for s in after] == [False, False, True], "no stale mark clears without a regeneration"
        assert after[2]["assets"] == before["assets"] and after[2]["status"] == "still_approved"
    finally:
        await session.close()
