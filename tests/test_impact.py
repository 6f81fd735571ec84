"""The one rule (agent/project/impact.py): what each step would remove or replace, and when it asks first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_project_history import ACTOR, _copy, template  # noqa: F401 - template is a fixture

from agent.project import NothingToUndoError, Project, history, impact, story
from agent.project.changes import recording_thread
from agent.project.schema import Shot
from agent.project.views import shot_by_number


@pytest.fixture
def project(template: Path, tmp_path: Path, store_url: str | None) -> Iterator[Project]:  # noqa: F811
    """8 scenes; Ana, Bo, Kitchen, Key; shots 2.1-2.2 and 3.1-3.2; an approved still on shot 2.1; a cut."""
    p = _copy(template, tmp_path / "p", store_url)
    yield p
    p.close()


def _undo_impact(p: Project, steps: int = 1, thread: str | None = None) -> impact.Impact:
    with p.read() as s:
        return impact.of_changes(s, history.undoable(s, steps), thread=thread)


def test_undoing_one_rewrite_is_one_scene_and_runs_without_asking(project: Project) -> None:
    story.update_scene(project, 1, content="one", actor=ACTOR)
    step = _undo_impact(project)
    assert step.counts == {"scene": 1} and not step.must_ask
    assert step.summary() == "This undoes “Revised scene 1”: 1 scene."


def test_renumbering_is_not_work_undoing_a_delete_removes_nothing(project: Project) -> None:
    story.delete_scene(project, 4, actor=ACTOR)  # scenes 5-8 move up a place
    step = _undo_impact(project)
    assert step.counts == {} and step.approved == {} and not step.must_ask


def test_undoing_an_approval_touches_an_approved_still_and_asks(project: Project) -> None:
    step = _undo_impact(project, steps=2)  # the cut, then the approval of still 2.1
    assert step.approved == {"still": 1} and step.must_ask
    assert "1 approved still" in step.sentence() and step.sentence().endswith("Undo them?")


def test_more_than_two_steps_ask_whatever_they_touch(project: Project) -> None:
    for tag in ("keep", "love", "flashback"):
        story.tag_scene(project, 1, add=[tag], remove=[], actor=ACTOR)
    assert not _undo_impact(project, 2).must_ask
    assert _undo_impact(project, 3).must_ask


def test_undoing_another_conversations_change_says_who_and_asks(project: Project) -> None:
    with recording_thread("other"):
        story.tag_scene(project, 1, add=["keep"], remove=[], actor="writer")
    mine = _undo_impact(project, thread="other")
    assert not mine.must_ask
    theirs = _undo_impact(project, thread="me")
    assert theirs.must_ask
    assert theirs.sentence().startswith("The last change to the project, “Tagged scene 1")
    assert "was made by the writer, in another conversation." in theirs.sentence()


def test_nothing_to_undo_is_a_one_line_error(tmp_path: Path, store_url: str | None) -> None:
    p = Project.create(tmp_path / "empty", name="Empty", database_url=store_url)
    with p.read() as s, pytest.raises(NothingToUndoError, match="nothing to undo"):
        impact.of_changes(s, history.undoable(s))
    p.close()


def test_redo_counts_what_it_would_replace(project: Project) -> None:
    story.update_scene(project, 1, content="one", actor=ACTOR)
    story.update_scene(project, 2, content="two", actor=ACTOR)
    history.undo(project, steps=2)
    with project.read() as s:
        step = impact.of_changes(s, history.redoable(s, 2), verb="redoes")
    assert step.counts == {"scene": 2} and step.must_ask and step.sentence().endswith("Redo them?")


def test_restore_counts_the_scene_and_the_approved_stills_that_go_stale(project: Project) -> None:
    story.update_scene(project, 2, content="changed", actor=ACTOR)
    with project.read() as s:
        step = impact.of_restore(s, 2, 1)
    assert step.counts == {"scene": 1} and step.approved == {"still": 1} and step.must_ask
    assert step.sentence() == ("This restores scene 2 to version 1: 1 scene, 1 approved still (version 2 stays in "
                               "the history — they go stale). Restore it?")


def test_switching_branch_counts_the_scenes_that_leave_the_screenplay(project: Project) -> None:
    with project.read() as s:
        assert impact.of_switch_branch(s, "main").counts == {}, "already on main: nothing leaves"
    history.create_branch(project, "alt", 2, 3, actor=ACTOR)
    with project.read() as s:
        step = impact.of_switch_branch(s, "main")
    assert step.counts == {"scene": 2} and step.must_ask  # the branch's two copies leave; they have no shots
    with project.read() as s:
        assert impact.of_switch_branch(s, "the main line") == step, "'the main line' is main"
    history.switch_branch(project, "main", actor=ACTOR)
    with project.read() as s:
        back = impact.of_switch_branch(s, "alt")
    assert back.counts == {"scene": 2, "shot": 4} and back.approved == {"still": 1}
    with project.read() as s, pytest.raises(Exception, match="no branch named nowhere"):
        impact.of_switch_branch(s, "nowhere")


def test_replacing_the_screenplay_counts_every_scene_shot_and_approved_still(project: Project) -> None:
    with project.read() as s:
        step = impact.of_replace_screenplay(s, "ferry.fountain")
    assert step.sentence() == ("This replaces the screenplay with ferry.fountain: 8 scenes, 4 shots, "
                               "1 approved still. Replace it?")


def test_deleting_a_scene_or_a_character_always_asks(project: Project) -> None:
    with project.read() as s:
        scene = impact.of_delete_scene(s, 5)
        with_still = impact.of_delete_scene(s, 2)
        ana = impact.of_delete_character(s, "ana")
    assert scene.counts == {"scene": 1} and scene.must_ask
    assert with_still.counts == {"scene": 1, "shot": 2} and with_still.approved == {"still": 1}
    assert ana.sentence() == "This deletes character ANA: 1 character (2 shots lose ANA from the cast). Delete it?"


def test_regenerating_stale_stills_asks_only_when_an_approved_one_is_replaced(project: Project) -> None:
    with project.read() as s:
        approved = shot_by_number(s, 2, 1).id
        plain = shot_by_number(s, 3, 1).id
        assert s.get(Shot, plain) is not None
        quiet = impact.of_regenerate(s, [plain])
        loud = impact.of_regenerate(s, [plain, approved])
    assert not quiet.must_ask
    assert loud.must_ask and loud.what() == "2 shots, 1 approved still"
