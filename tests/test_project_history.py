"""History: undo (property-tested), restore, diff, branches and the immutable change log."""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from store_backends import clone_project, exec_sql, table_dump

from agent.project import (
    InvalidInputError,
    NotFoundError,
    NothingToUndoError,
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
from agent.project.deps import clear_stale, list_stale
from agent.project.schema import Asset, AssetLink, Scene, Shot
from agent.project.shots import ShotCard
from agent.project.views import active_scenes, character_by_name, scene_by_number, shot_by_number

ACTOR = "test"
# Tables undo must put back exactly; the log itself, the alembic marker and the append-only
# asset/ledger tables are left out on purpose (undo never deletes a stored file or refunds money).
_APPEND_ONLY = {"changes", "history", "ledger", "assets", "alembic_version"}


def _png(colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 18), colour).save(buf, format="PNG")
    return buf.getvalue()


def _build(path: Path, store_url: str | None = None) -> Project:
    """Make a small film: 8 scenes, cast, a location, a prop, shots, a still and a clip, a cut."""
    p = Project.create(path, name="History", database_url=store_url)
    for i in range(1, 9):
        story.add_scene(
            p, heading=f"INT. ROOM {i} - DAY", content=f"A{i} walks.\nB{i} talks.\nC{i} leaves.", actor=ACTOR
        )
    design.add_entity(p, "character", "Ana", description="tall, red coat", actor=ACTOR)
    design.add_entity(p, "character", "Bo", description="short, grey hat", actor=ACTOR)
    design.add_entity(p, "location", "Kitchen", description="yellow tiles", actor=ACTOR)
    design.add_entity(p, "prop", "Key", description="brass", actor=ACTOR)
    shots.replace_shots(
        p,
        2,
        [ShotCard("Ana at the door", characters=["ana"], location="kitchen", props=["key"]), ShotCard("Bo waits")],
        actor=ACTOR,
    )
    shots.replace_shots(
        p, 3, [ShotCard("Ana alone", characters=["ANA"]), ShotCard("Bo", characters=["BO"])], actor=ACTOR
    )
    with p.change(actor=ACTOR, action="generate", summary="stills") as ch:
        for i, colour in enumerate([(200, 0, 0), (0, 200, 0), (0, 0, 200), (90, 90, 90)]):
            asset = library.record_asset(ch, library.store_bytes(p, _png(colour)), description=f"a{i}", metadata={})
            if i == 0:
                link = library.link_asset(ch, asset, "shot", shot_by_number(ch.session, 2, 1).id, "still")
    with p.change(actor=ACTOR, action="approve", summary="approve still") as ch:
        library.decide_link(ch, ch.session.get(AssetLink, link.id), "approved")  # type: ignore[arg-type]
    cut.assemble_scene_order(p, actor=ACTOR)
    return p


@pytest.fixture(scope="module")
def template(store_url: str | None) -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="reelsmith-history-"))
    _build(root / "p", store_url).close()
    yield root / "p"
    shutil.rmtree(root, ignore_errors=True)


def _copy(template: Path, dest: Path, store_url: str | None) -> Project:
    return clone_project(template, dest, store_url)


def _table_dump(p: Project) -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of every undoable table, sorted, straight from the store."""
    return {name: rows for name, rows in table_dump(p).items() if name not in _APPEND_ONLY}


def _state(p: Project) -> tuple[dict[str, Any], dict[str, list[tuple[Any, ...]]]]:
    snap = snapshot(p)
    snap.pop("history")
    return snap, _table_dump(p)


def _count(p: Project) -> int:
    with p.read() as s:
        return history.change_count(s)


# -- the edit vocabulary the property draws from -------------------------------------------------

_TEXTS = ["Night falls.\nShe runs.\nThe door slams.", "שלום — مرحبا", "'; DROP TABLE scenes; --", "x"]
_NAMES = ["ana", "bo", "kitchen", "key", "Zoë", "Robert'); DROP TABLE characters;--"]
_KINDS = ["character", "location", "prop"]


def _shot_at(p: Project, a: int, b: int) -> tuple[int, int]:
    """Pick an existing shot (scene number, shot number) most of the time; a missing one now and then."""
    with p.read() as s:
        scenes = active_scenes(s)
        pairs = [
            (i, n)
            for i, sc in enumerate(scenes, 1)
            for n in s.scalars(select(Shot.number).where(Shot.scene_id == sc.id))
        ]
    if not pairs or a % 7 == 0:
        return 1 + a % 10, 1 + b % 3
    return pairs[(a + b) % len(pairs)]


def _name_of(p: Project, kind: str, b: int) -> str:
    cls = design.ENTITY_CLASSES[kind]
    with p.read() as s:
        names = list(s.scalars(select(cls.name).order_by(cls.id)))
    return names[b % len(names)] if names and b % 5 else _NAMES[b % len(_NAMES)]


def _link_asset(p: Project, a: int, b: int, text: str) -> None:
    scene, number = _shot_at(p, a, b)
    with p.change(actor=ACTOR, action="generate", summary="link") as ch:
        asset = ch.session.get(Asset, 1 + b % 4)
        assert asset is not None
        if a % 5 == 0:  # a headshot for a character, or a voice for a scene
            kind = "character" if b % 2 else "scene"
            target = character_by_name(ch.session, _NAMES[b % 2]) if kind == "character" else None
            scene_id = scene_by_number(ch.session, 1 + a % 10).id if target is None else target.id
            library.link_asset(ch, asset, kind, scene_id, "headshot" if target else "voice")
            return
        shot = shot_by_number(ch.session, scene, number)
        library.link_asset(ch, asset, "shot", shot.id, "still" if a % 2 else "clip")


def _decide(p: Project, a: int, b: int, text: str) -> None:
    with p.change(actor=ACTOR, action="decide", summary="decide") as ch:
        links = list(ch.session.scalars(select(AssetLink).order_by(AssetLink.id)))
        if not links:
            raise InvalidInputError("there is no asset to decide on")
        library.decide_link(ch, links[a % len(links)], ["approved", "rejected"][b % 2], note=text)


def _restore(p: Project, a: int, b: int, text: str) -> int:
    with p.read() as s:
        scenes = sorted(active_scenes(s), key=lambda sc: -sc.version)
        sid = scenes[a % 2 % len(scenes)].id if scenes else 1
        versions = sorted({v for v, _, _ in history.entity_versions(s, "scene", sid)})[:-1] or [1]
    return history.restore(p, "scene", sid, versions[b % len(versions)], actor=ACTOR)


def _switch(p: Project, a: int, b: int, text: str) -> str:
    with p.read() as s:
        names = [n for n, active in history.list_branches(s) if not active] or ["main"]
    if a % 5 == 0:
        names = ["nope"]
    return history.switch_branch(p, names[b % len(names)], actor=ACTOR)


def _scene_op(name: str) -> Callable[[Project, int, int, str], Any]:
    ops: dict[str, Callable[[Project, int, int, str], Any]] = {
        "add_scene": lambda p, a, b, t: story.add_scene(
            p, heading=f"EXT. {t[:20]}", content=t, actor=ACTOR, after=a % 10
        ),
        "update_scene": lambda p, a, b, t: story.update_scene(p, 1 + a % 10, content=f"{t} {b}", actor=ACTOR),
        "tag_scene": lambda p, a, b, t: story.tag_scene(
            p, 1 + a % 10, add=[["keep", "love", "hate"][b % 3]], remove=["keep"] if b % 2 else [], actor=ACTOR
        ),
        "move_scene": lambda p, a, b, t: story.move_scene(p, 1 + a % 9, 1 + b % 9, actor=ACTOR),
        "split_scene": lambda p, a, b, t: story.split_scene(
            p, 1 + a % 9, at_line=2 + b % 2, heading="INT. SPLIT", actor=ACTOR
        ),
        "merge_scenes": lambda p, a, b, t: story.merge_scenes(p, 1 + a % 8, actor=ACTOR),
        "delete_scene": lambda p, a, b, t: story.delete_scene(p, 1 + a % 9, actor=ACTOR),
    }
    return ops[name]


def _design_op(name: str) -> Callable[[Project, int, int, str], Any]:
    ops: dict[str, Callable[[Project, int, int, str], Any]] = {
        "add_entity": lambda p, a, b, t: design.add_entity(p, _KINDS[a % 3], _NAMES[b % 6], description=t, actor=ACTOR),
        "update_entity": lambda p, a, b, t: design.update_entity(
            p, _KINDS[a % 3], _name_of(p, _KINDS[a % 3], b), description=f"{t} {a}", actor=ACTOR
        ),
        "rename_entity": lambda p, a, b, t: design.update_entity(
            p, _KINDS[a % 3], _name_of(p, _KINDS[a % 3], b), new_name=f"{_NAMES[b % 6]} {a}", actor=ACTOR
        ),
        "delete_entity": lambda p, a, b, t: design.delete_entity(
            p, _KINDS[a % 3], _name_of(p, _KINDS[a % 3], b), actor=ACTOR
        ),
        "art_direction": lambda p, a, b, t: design.set_art_direction(
            p, style=t, palette=["#112233", f"#{a % 10}{b % 10}aa00"], actor=ACTOR
        ),
    }
    return ops[name]


def _shot_op(name: str) -> Callable[[Project, int, int, str], Any]:
    ops: dict[str, Callable[[Project, int, int, str], Any]] = {
        "replace_shots": lambda p, a, b, t: shots.replace_shots(
            p,
            1 + a % 9,
            [ShotCard(t, characters=["ana"] if b % 2 else [], location="kitchen" if b % 3 else None)] * (1 + b % 3),
            actor=ACTOR,
        ),
        "set_camera": lambda p, a, b, t: shots.set_camera(
            p, *_shot_at(p, a, b), shot_type=shots.SHOT_TYPES[b % len(shots.SHOT_TYPES)], lens_mm=20 + a, actor=ACTOR
        ),
        "delete_shot": lambda p, a, b, t: shots.delete_shot(p, *_shot_at(p, a, b), actor=ACTOR),
        "link_asset": _link_asset,
        "decide_link": _decide,
    }
    return ops[name]


def _other_op(name: str) -> Callable[[Project, int, int, str], Any]:
    ops: dict[str, Callable[[Project, int, int, str], Any]] = {
        "create_branch": lambda p, a, b, t: history.create_branch(p, f"alt-{a % 3}", 1 + a % 9, 1 + b % 9, actor=ACTOR),
        "switch_branch": _switch,
        "assemble": lambda p, a, b, t: cut.assemble_scene_order(
            p, actor=ACTOR, scene_number=None if b % 2 else 1 + a % 4
        ),
        "add_card": lambda p, a, b, t: cut.add_card(p, t, kind=["title", "credits"][b % 2], actor=ACTOR),
        "add_to_timeline": lambda p, a, b, t: cut.add_shot_to_timeline(p, *_shot_at(p, a, b), actor=ACTOR),
        "set_transition": lambda p, a, b, t: cut.set_transition(p, 1 + a % 5, cut.TRANSITIONS[b % 4], actor=ACTOR),
        "restore": _restore,
        "ideation": lambda p, a, b, t: story.set_ideation(p, logline=t, actor=ACTOR),
    }
    return ops[name]


_GROUPS = {
    "scene": (_scene_op, ["add_scene", "update_scene", "tag_scene", "move_scene", "split_scene", "merge_scenes",
                          "delete_scene"]),
    "design": (_design_op, ["add_entity", "update_entity", "rename_entity", "delete_entity", "art_direction"]),
    "shot": (_shot_op, ["replace_shots", "set_camera", "delete_shot", "link_asset", "decide_link"]),
    "other": (_other_op, ["create_branch", "switch_branch", "assemble", "add_card", "add_to_timeline",
                          "set_transition", "restore", "ideation"]),
}
_OPS = {name: group(name) for group, names in _GROUPS.values() for name in names}

_edit = st.tuples(st.sampled_from(sorted(_OPS)), st.integers(0, 30), st.integers(0, 30), st.sampled_from(_TEXTS))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(_edit, min_size=1, max_size=12))
def test_any_edits_then_as_many_undos_restore_the_start(
    template: Path, store_url: str | None, edits: list[tuple[str, int, int, str]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        p = _copy(template, Path(tmp) / "p", store_url)
        start = _state(p)
        made = 0
        for name, a, b, text in edits:
            before = _count(p)
            try:
                _OPS[name](p, a, b, text)
            except ProjectError:
                assert _count(p) == before, f"{name} failed but left a change in the log"
                continue
            grew = _count(p) - before
            assert grew in (0, 1), f"{name} wrote {grew} changes"
            made += grew
        for _ in range(made):
            history.undo(p, steps=1)
        assert _state(p) == start
        p.close()


_step = st.one_of(st.tuples(st.just("edit"), _edit), st.tuples(st.sampled_from(["undo", "redo"]), st.none()))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_step, min_size=1, max_size=14))
def test_edits_undos_and_redos_match_an_editors_undo_stack(
    template: Path, store_url: str | None, steps: list[tuple[str, Any]]
) -> None:
    """Against a model (a past stack and a future stack of states), every undo and redo restores exactly."""
    with tempfile.TemporaryDirectory() as tmp:
        p = _copy(template, Path(tmp) / "p", store_url)
        # The template's own changes are below the model's floor: only undos the model knows about run.
        past: list[Any] = []
        future: list[Any] = []
        current = _state(p)
        for kind, edit in steps:
            if kind == "edit":
                name, a, b, text = edit
                before = _count(p)
                try:
                    _OPS[name](p, a, b, text)
                except ProjectError:
                    continue
                if _count(p) > before:
                    past.append(current)
                    future.clear()  # a new change clears the redo stack
                    current = _state(p)
            elif kind == "undo" and past:
                history.undo(p)
                future.append(current)
                current = past.pop()
            elif kind == "redo":
                if not future:
                    with pytest.raises(NothingToUndoError):
                        history.redo(p)
                    continue
                history.redo(p)
                past.append(current)
                current = future.pop()
            assert _state(p) == current, f"after {kind}"
        p.close()


def test_redo_re_applies_exactly_and_is_itself_undoable(project: Project) -> None:
    start = _state(project)
    story.update_scene(project, 1, content="one", actor=ACTOR)
    story.delete_scene(project, 4, actor=ACTOR)
    edited = _state(project)
    assert history.undo(project, steps=2) == ["Deleted scene 4", "Revised scene 1"]
    assert _state(project) == start
    assert history.redo(project) == ["Revised scene 1"], "the most recent undo comes back first"
    assert history.redo(project) == ["Deleted scene 4"]
    assert _state(project) == edited
    with pytest.raises(NothingToUndoError, match="nothing to redo"):
        history.redo(project)
    assert history.undo(project) == ["Deleted scene 4"], "a redone change undoes again"
    with project.read() as s:
        log = history.list_changes(s, limit=6)
    assert [c.action for c in log] == ["undo", "redo", "redo", "undo", "undo", "delete_scene"]
    assert [c.undone for c in log] == [False, False, False, True, True, True]


def test_a_new_change_after_an_undo_clears_redo(project: Project) -> None:
    story.update_scene(project, 1, content="one", actor=ACTOR)
    history.undo(project)
    story.update_scene(project, 2, content="two", actor=ACTOR)
    with pytest.raises(NothingToUndoError, match="nothing to redo"):
        history.redo(project)


def test_undo_refuses_when_the_log_moved_since_the_person_was_asked(project: Project) -> None:
    story.update_scene(project, 1, content="one", actor=ACTOR)
    with project.read() as s:
        asked = tuple(c.id for c in history.undoable(s))
    story.update_scene(project, 2, content="two", actor=ACTOR)
    count = _count(project)
    with pytest.raises(ProjectError, match="changed since you were asked"):
        history.undo(project, expect=asked)
    assert _count(project) == count


# -- undo ---------------------------------------------------------------------------------------


@pytest.fixture
def project(template: Path, tmp_path: Path, store_url: str | None) -> Iterator[Project]:
    p = _copy(template, tmp_path / "p", store_url)
    yield p
    p.close()


def test_undo_n_steps_at_once(project: Project) -> None:
    start = _state(project)
    story.update_scene(project, 1, content="one", actor=ACTOR)
    design.update_entity(project, "character", "ana", description="older now", actor=ACTOR)
    story.delete_scene(project, 4, actor=ACTOR)
    middle = _state(project)
    assert middle != start
    undone = history.undo(project, steps=3)
    assert undone == ["Deleted scene 4", "Revised character ANA", "Revised scene 1"]
    assert _state(project) == start
    with project.read() as s:
        log = history.list_changes(s, limit=6)
    assert [c.action for c in log[:3]] == ["undo", "undo", "undo"]
    assert all(c.undone for c in log[3:6])


def test_undo_skips_undos_and_never_undoes_project_creation(tmp_path: Path, store_url: str | None) -> None:
    p = Project.create(tmp_path / "empty", name="Empty", database_url=store_url)
    with pytest.raises(NothingToUndoError, match="nothing to undo"):
        history.undo(p)
    story.add_scene(p, heading="INT. A", content="x", actor=ACTOR)
    assert history.undo(p) == ["Added scene: INT. A"]
    count = _count(p)
    with pytest.raises(NothingToUndoError):
        history.undo(p)
    assert _count(p) == count
    with pytest.raises(InvalidInputError):
        history.undo(p, steps=0)
    assert snapshot(p)["scenes"] == []
    p.close()


def test_history_rows_are_immutable_at_the_database_level(project: Project) -> None:
    story.update_scene(project, 1, content="logged", actor=ACTOR)
    statements = [
        "UPDATE history SET op = 'forged'",
        "DELETE FROM history",
        "UPDATE changes SET summary = 'forged'",
        "DELETE FROM changes WHERE id = 1",
    ]
    if project.schema is not None:
        statements.append("TRUNCATE history")  # PostgreSQL has TRUNCATE, which no row trigger sees
    for stmt in statements:
        with pytest.raises(DBAPIError, match="append-only"):
            exec_sql(project, stmt)
    with project.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM history WHERE op = 'forged'")).scalar() == 0
    exec_sql(project, "INSERT INTO changes (actor, action, summary, created_at) VALUES ('t', 'x', '', '2026-01-01')")


# -- restore and diff ---------------------------------------------------------------------------


def _scene_id(p: Project, number: int) -> int:
    with p.read() as s:
        return scene_by_number(s, number).id


def test_restore_makes_a_new_version_with_old_content_and_marks_dependents(project: Project) -> None:
    sid = _scene_id(project, 2)
    original = snapshot(project)["scenes"][1]
    story.update_scene(project, 2, content="Rewritten once.", actor=ACTOR)
    story.update_scene(project, 2, heading="INT. ELSEWHERE - NIGHT", content="Rewritten twice.", actor=ACTOR)
    with project.change(actor=ACTOR, action="regenerate", summary="cards redone") as ch:
        for shot_id in ch.session.scalars(select(Shot.id).where(Shot.scene_id == sid)):
            clear_stale(ch, "shot", shot_id)
    assert not any(s["stale"] for s in snapshot(project)["shots"] if s["scene"] == 2)

    new_version = history.restore(project, "scene", sid, 1, actor=ACTOR)
    scene = snapshot(project)["scenes"][1]
    assert new_version == 4 == scene["version"]
    assert (scene["heading"], scene["content"]) == (original["heading"], original["content"])
    assert all(s["stale"] for s in snapshot(project)["shots"] if s["scene"] == 2)
    with project.read() as s:
        reasons = [i.reason for i in list_stale(s) if i.entity_type == "shot"]
        versions = history.entity_versions(s, "scene", sid)
    assert any("restored to v1" in r for r in reasons)
    assert [v for v, _, _ in versions][-1] == 4
    with pytest.raises(NotFoundError, match="versions: 1"):
        history.restore(project, "scene", sid, 9, actor=ACTOR)
    with pytest.raises(InvalidInputError, match="cannot restore"):
        history.restore(project, "timeline_clip", 1, 1, actor=ACTOR)


def test_diff_between_versions_is_a_unified_diff(project: Project) -> None:
    sid = _scene_id(project, 3)
    story.update_scene(project, 3, content="A3 walks.\nB3 shouts.\nC3 leaves.", actor=ACTOR)
    with project.read() as s:
        text = history.diff_versions(s, "scene", sid, 1, 2)
        same = history.diff_versions(s, "scene", sid, 2, 2)
        with pytest.raises(NotFoundError):
            history.diff_versions(s, "scene", sid, 1, 7)
    lines = text.splitlines()
    assert lines[:2] == ["--- version 1", "+++ version 2"]
    assert "-B3 talks." in lines and "+B3 shouts." in lines
    assert " A3 walks." in lines
    assert not any(line.startswith(("-A3", "+A3", "-C3", "+C3")) for line in lines)
    assert same == "versions 2 and 2 are identical"


# -- branches -----------------------------------------------------------------------------------


def test_branch_is_an_alternative_ending_that_leaves_main_intact(project: Project) -> None:
    main_before = snapshot(project)["scenes"]
    assert history.create_branch(project, "Dark Ending", 5, 6, actor=ACTOR) == "dark-ending"
    on_branch = snapshot(project)
    assert on_branch["branch"] == "dark-ending"
    assert [s["content"] for s in on_branch["scenes"]] == [s["content"] for s in main_before]
    story.update_scene(project, 6, content="Everyone dies.", actor=ACTOR)
    story.add_scene(project, heading="EXT. GRAVEYARD - NIGHT", content="Rain.", actor=ACTOR, after=6)
    branch_scenes = snapshot(project)["scenes"]
    assert [s["heading"] for s in branch_scenes][5:8] == [
        "INT. ROOM 6 - DAY",
        "EXT. GRAVEYARD - NIGHT",
        "INT. ROOM 7 - DAY",
    ]

    history.switch_branch(project, "main", actor=ACTOR)
    main_now = snapshot(project)
    assert main_now["branch"] == "main"
    assert main_now["scenes"] == main_before
    assert main_now["shots"] == on_branch["shots"]  # shots of scenes 2 and 3 are shared ground

    history.switch_branch(project, "DARK-ENDING", actor=ACTOR)
    assert snapshot(project)["scenes"] == branch_scenes
    with project.read() as s:
        assert history.list_branches(s) == [("main", False), ("dark-ending", True)]
        rain = s.scalars(select(Scene).where(Scene.content == "Rain.")).one()
        assert rain.branch_id is not None  # the new scene belongs to the branch, not to main


@pytest.mark.parametrize("name", ["main", "MAIN", "", "   ", "bad/name", "../x", "x" * 61, "-leading"])
def test_bad_branch_names_are_refused_and_change_nothing(project: Project, name: str) -> None:
    count = _count(project)
    with pytest.raises(InvalidInputError, match="branch name"):
        history.create_branch(project, name, 5, 6, actor=ACTOR)
    assert _count(project) == count


def test_a_branch_renamed_keeps_its_scenes_and_undoes(project: Project) -> None:
    history.create_branch(project, "alt", 5, 6, actor=ACTOR)
    before = snapshot(project)
    assert history.rename_branch(project, "alt", "Night Cut", actor=ACTOR) == "night-cut"
    after = snapshot(project)
    assert after["branch"] == "night-cut" and after["scenes"] == before["scenes"]
    history.undo(project, actor=ACTOR)
    assert snapshot(project)["branch"] == "alt"


def test_branch_renames_refused_change_nothing(project: Project) -> None:
    history.create_branch(project, "alt", 5, 6, actor=ACTOR)
    history.switch_branch(project, "main", actor=ACTOR)
    history.create_branch(project, "other", 1, 2, actor=ACTOR)
    count = _count(project)
    with pytest.raises(InvalidInputError, match="already exists"):
        history.rename_branch(project, "other", "alt", actor=ACTOR)
    with pytest.raises(InvalidInputError, match="branch name"):
        history.rename_branch(project, "other", "main", actor=ACTOR)
    with pytest.raises(InvalidInputError, match="branch name"):
        history.rename_branch(project, "other", "no/slashes", actor=ACTOR)
    with pytest.raises(InvalidInputError, match="main line keeps its name"):
        history.rename_branch(project, "main", "trunk", actor=ACTOR)
    with pytest.raises(NotFoundError, match="no branch named nope"):
        history.rename_branch(project, "nope", "fine", actor=ACTOR)
    assert _count(project) == count and snapshot(project)["branch"] == "other"


def test_branch_refusals(project: Project) -> None:
    history.create_branch(project, "alt", 5, 6, actor=ACTOR)
    count = _count(project)
    with pytest.raises(InvalidInputError, match="switch to the main line"):
        history.create_branch(project, "alt2", 1, 2, actor=ACTOR)
    history.switch_branch(project, "main", actor=ACTOR)
    with pytest.raises(InvalidInputError, match="already exists"):
        history.create_branch(project, "alt", 1, 2, actor=ACTOR)
    with pytest.raises(NotFoundError, match="branches: main, alt"):
        history.switch_branch(project, "nope", actor=ACTOR)
    with pytest.raises(NotFoundError, match="scene 9 does not exist; the screenplay has 8 scenes"):
        history.create_branch(project, "far", 7, 12, actor=ACTOR)
    assert _count(project) == count + 1  # only the switch back to main


# -- the synthetic benchmark project is a real project -------------------------------------------


def test_synthetic_project_has_a_consistent_log_undo_can_walk(tmp_path: Path) -> None:
    from benchmarks.store_bench import build_synthetic_project

    with build_synthetic_project(tmp_path / "syn", scenes=6, shots=30, history_rows=600, seed=3) as p:
        snap = snapshot(p)
        assert (len(snap["scenes"]), len(snap["shots"])) == (6, 30)
        with p.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM history")).scalar_one() >= 600
        before = _state(p)
        story.update_scene(p, 2, content="A real edit on top.", actor=ACTOR)
        history.undo(p)
        assert _state(p) == before
        undone = history.undo(p, steps=5)  # synthetic edits undo like real ones
        assert len(undone) == 5 and all(u.startswith("Revised ") for u in undone)
        assert p.integrity_ok()


def test_bench_store_reports_figures_in_the_benchmarks_shape(tmp_path: Path) -> None:
    from benchmarks.store_bench import bench_store

    result = bench_store(tmp_path, runs=2, history_rows=2_000)
    names = [f["name"] for f in result["figures"]]
    assert names == [
        "store.snapshot_120",
        "store.scene_edit_120",
        "store.snapshot_scaling_120_vs_10",
        "store.scene_edit_scaling_120_vs_10",
    ]
    for fig in result["figures"]:
        assert set(fig) == {"name", "value", "unit", "baseline", "ratio", "target", "ok"}
        assert fig["value"] > 0 and fig["baseline"] > 0
