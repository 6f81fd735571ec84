"""The story chain in the store: outline in acts, beats linked to scenes, stale marks, block tags and keep."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.graphs.context import build_context
from agent.project import InvalidInputError, NotFoundError, Project, list_stale, snapshot, story
from agent.project.beat_sheet import draft_beats, read_logline
from agent.project.blocks import preserve_kept, split_blocks, tagged_blocks
from agent.project.outline import BeatSpec, find_beat, move_beat, replace_outline, spread_acts
from agent.project.overview import overview_text

ACTOR = "test"
LOGLINE = "A retired night-bus driver must return a lost key to its owner before the depot closes for good."
BODY = "Rain on the glass.\n\nIDA\nForty-one years, and nobody came back.\n\nRUBEN\nThen why keep them?"


@pytest.fixture
def p(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "film", name="Chain")
    story.add_scene(project, heading="INT. OFFICE - NIGHT", content=BODY, actor=ACTOR)
    story.add_scene(project, heading="EXT. DEPOT - NIGHT", content="Buses sleep in rows.", actor=ACTOR)
    story.add_scene(project, heading="INT. BUS - DAWN", content="The key on the dashboard.", actor=ACTOR)
    return project


def _stale_scenes(p: Project) -> list[int]:
    return [s["number"] for s in snapshot(p)["scenes"] if s["stale"]]


# -- outline ----------------------------------------------------------------------------------


def test_a_logline_becomes_a_three_or_five_act_outline_that_names_its_parts() -> None:
    parts = read_logline(LOGLINE)
    assert parts.hero == "a retired night-bus driver"
    assert parts.goal == "return a lost key to its owner"
    assert parts.obstacle == "the depot closes for good"
    three = draft_beats(logline=LOGLINE, genre="drama", tone="tender", acts=3)
    assert sorted({b.act for b in three}) == [1, 2, 3]
    assert any("tender drama" in b.description for b in three)
    assert any("return a lost key" in b.description for b in three)
    five = draft_beats(logline=LOGLINE, acts=5)
    assert sorted({b.act for b in five}) == [1, 2, 3, 4, 5]
    with pytest.raises(InvalidInputError, match="no logline"):
        draft_beats(logline="", acts=3)
    with pytest.raises(InvalidInputError, match="3 or 5"):
        draft_beats(logline=LOGLINE, acts=4)


def test_acts_spread_a_quarter_a_half_a_quarter() -> None:
    assert spread_acts(8, 3) == [1, 1, 2, 2, 2, 2, 3, 3]
    assert spread_acts(5, 5) == [1, 2, 3, 4, 5]


def test_outline_is_shown_in_the_snapshot_with_acts_and_reorders(p: Project) -> None:
    replace_outline(p, [BeatSpec("", f"Beat {i}.") for i in range(1, 5)], actor=ACTOR, acts=3)
    outline = snapshot(p)["outline"]
    assert [(b["number"], b["text"], b["act"]) for b in outline] == [
        (1, "Beat 1.", 1), (2, "Beat 2.", 2), (3, "Beat 3.", 2), (4, "Beat 4.", 3)]
    move_beat(p, 4, 1, actor=ACTOR)
    assert [b["text"] for b in snapshot(p)["outline"]] == ["Beat 4.", "Beat 1.", "Beat 2.", "Beat 3."]
    before = snapshot(p)
    for bad in ((9, 1), (1, 9), (2, 2)):
        with pytest.raises((InvalidInputError, NotFoundError)):
            move_beat(p, *bad, actor=ACTOR)
    assert snapshot(p) == before


def test_act_names_a_beat_and_prefers_one_not_yet_written(p: Project) -> None:
    replace_outline(p, [BeatSpec("", "One."), BeatSpec("", "Two.", 2), BeatSpec("", "Three.", 2)], actor=ACTOR)
    with p.read() as s:
        assert find_beat(s, act=2)[0] == 2
        assert find_beat(s, act=2, beat_in_act=2)[0] == 3
        with pytest.raises(NotFoundError, match="no act 3"):
            find_beat(s, act=3)
        beat_two = find_beat(s, number=2)[1].id
    story.add_scene(p, heading="INT. X - DAY", content="From two.", actor=ACTOR, beat_id=beat_two)
    with p.read() as s:
        assert find_beat(s, act=2)[0] == 3  # beat 2 already has its scene
    assert snapshot(p)["outline"][1]["scenes"] == [4] and snapshot(p)["scenes"][3]["beat"] == 2


# -- stale marks from the story's sources -----------------------------------------------------


def test_a_changed_beat_marks_only_the_scenes_written_from_it(p: Project) -> None:
    replace_outline(p, [BeatSpec("Setup", "Ida closes up."), BeatSpec("Turn", "A key arrives.")], actor=ACTOR)
    with p.read() as s:
        second = find_beat(s, number=2)[1].id
    story.revise_scene(p, 2, content="Buses sleep in rows, one awake.", actor=ACTOR, beat_id=second)
    assert _stale_scenes(p) == []
    replace_outline(p, [BeatSpec("Setup", "Ida closes up."), BeatSpec("Turn", "A key arrives, late.")], actor=ACTOR)
    assert _stale_scenes(p) == [2]
    with p.read() as s:
        reasons = [m.reason for m in list_stale(s) if m.entity_type == "scene"]
    assert reasons == ["its outline beat (Turn) text changed (v1 -> v2)"]


def test_moving_or_removing_a_beat_marks_its_scenes(p: Project) -> None:
    replace_outline(p, [BeatSpec("A", "One."), BeatSpec("B", "Two."), BeatSpec("C", "Three.")], actor=ACTOR)
    with p.read() as s:
        ids = [find_beat(s, number=n)[1].id for n in (1, 3)]
    story.revise_scene(p, 1, content=BODY + "\n\nMore.", actor=ACTOR, beat_id=ids[0], settles=True)
    story.revise_scene(p, 3, content="The key, cold.", actor=ACTOR, beat_id=ids[1], settles=True)
    assert move_beat(p, 1, 2, actor=ACTOR) == 1
    assert _stale_scenes(p) == [1]
    replace_outline(p, [BeatSpec("B", "Two."), BeatSpec("A", "One.")], actor=ACTOR)  # beat C goes
    snap = snapshot(p)
    assert snap["scenes"][2]["stale"] and snap["scenes"][2]["beat"] is None


def test_a_new_logline_marks_every_scene_and_a_rewrite_settles_one(p: Project) -> None:
    story.set_ideation(p, logline=LOGLINE, actor=ACTOR)
    assert _stale_scenes(p) == []  # the first logline: nothing was written for another one
    story.set_ideation(p, genre="drama", tone="tender", actor=ACTOR)
    assert _stale_scenes(p) == []
    story.set_ideation(p, logline="A bus driver keeps a key that is not hers.", actor=ACTOR)
    assert _stale_scenes(p) == [1, 2, 3]
    story.revise_scene(p, 2, content="Buses, and one light on.", actor=ACTOR, settles=True)
    assert _stale_scenes(p) == [1, 3]
    assert snapshot(p)["ideation"] == {"logline": "A bus driver keeps a key that is not hers.", "premise": "",
                                       "genre": "drama", "tone": "tender"}


# -- block tags and keep ----------------------------------------------------------------------


def test_blocks_are_paragraphs_with_a_kind() -> None:
    kinds = [(b.number, b.kind) for b in tagged_blocks(BODY, [])]
    assert kinds == [(1, "action"), (2, "dialogue"), (3, "dialogue")]
    assert split_blocks("a\n\n\n  \nb") == ["a", "b"]


def test_block_tags_follow_their_words_and_show_in_the_snapshot(p: Project) -> None:
    b = story.tag_block(p, 1, quote="nobody came back", add=["Love"], actor=ACTOR)
    assert (b.number, b.kind, b.tags) == (2, "dialogue", ("love",))
    story.tag_block(p, 1, block=3, add=["hate"], actor=ACTOR)
    story.update_scene(p, 1, content="A new first line.\n\n" + BODY, actor=ACTOR)  # blocks move down by one
    tags = snapshot(p)["scenes"][0]["block_tags"]
    assert [(t["block"], t["kind"], t["tags"]) for t in tags] == [(3, "dialogue", ["love"]), (4, "dialogue", ["hate"])]
    assert tags[0]["text"] == "IDA\nForty-one years, and nobody came back."
    before = snapshot(p)
    for bad in ({"quote": "not in the scene"}, {"block": 9}, {"quote": "e"}):
        with pytest.raises(InvalidInputError):
            story.tag_block(p, 1, add=["keep"], actor=ACTOR, **bad)  # type: ignore[arg-type]
    assert snapshot(p) == before


def test_a_rewrite_keeps_loved_blocks_word_for_word_and_drops_hated_ones(p: Project) -> None:
    story.tag_block(p, 1, quote="Forty-one years", add=["love"], actor=ACTOR)
    story.tag_block(p, 1, quote="why keep them", add=["hate"], actor=ACTOR)
    story.revise_scene(p, 1, content="Thunder.\n\nRUBEN\nWhy hold on to them?", actor=ACTOR, settles=True)
    scene = snapshot(p)["scenes"][0]
    assert scene["content"] == "Thunder.\n\nIDA\nForty-one years, and nobody came back.\n\nRUBEN\nWhy hold on to them?"
    assert [t["tags"] for t in scene["block_tags"]] == [["love"]]  # the hated line was rewritten: its tag went


def test_preserve_kept_puts_a_block_back_after_its_old_neighbour() -> None:
    tags = [{"text": "B", "tags": ["keep"]}]
    assert preserve_kept("A\n\nB\n\nC", "A2\n\nC", tags) == ("A2\n\nB\n\nC", 1)
    assert preserve_kept("A\n\nB", "X\n\nA", tags) == ("X\n\nA\n\nB", 1)
    assert preserve_kept("A\n\nB", "B\n\nZ", tags) == ("B\n\nZ", 0)


def test_rewrite_and_hate_are_whats_next_until_the_scene_is_rewritten(p: Project, tmp_path: Path) -> None:
    assert "tagged rewrite" not in overview_text(p)
    story.tag_scene(p, 3, add=["rewrite"], actor=ACTOR)
    story.tag_block(p, 1, block=1, add=["hate"], actor=ACTOR)
    text = overview_text(p)
    assert "scene 3 is tagged rewrite or hate" in text and "lines tagged rewrite or hate in scene 1" in text
    story.revise_scene(p, 3, content="The key, gone.", actor=ACTOR, settles=True)
    assert snapshot(p)["scenes"][2]["tags"] == []
    assert "scene 3 is tagged" not in overview_text(p)


# -- what the model sees ----------------------------------------------------------------------


def test_the_writer_sees_the_beat_tags_and_the_neighbours_words(p: Project) -> None:
    story.set_ideation(p, logline=LOGLINE, genre="drama", tone="tender", actor=ACTOR)
    replace_outline(p, [BeatSpec("Setup", "Ida closes up."), BeatSpec("Turn", "A key arrives.", 2)], actor=ACTOR)
    with p.read() as s:
        turn = find_beat(s, number=2)[1].id
    story.revise_scene(p, 2, content="Buses sleep in rows.\n\nOne engine ticks.", actor=ACTOR, beat_id=turn)
    story.tag_scene(p, 2, add=["keep"], actor=ACTOR)
    story.tag_block(p, 2, quote="engine ticks", add=["love"], actor=ACTOR)
    block = build_context(p, "rewrite scene 2 from act 2's beat")
    assert '<beat number="2" act="2" scene="2" title="Turn">A key arrives.</beat>' in block
    assert 'tags="keep" target="true"' in block
    assert '<tagged_block scene="2" number="2" kind="action" tags="love">One engine ticks.</tagged_block>' in block
    assert 'side="before" excerpt="' in block and "nobody came back. RUBEN Then why keep them?" in block
    assert 'side="after" excerpt="The key on the dashboard."' in block
    assert 'genre="drama" tone="tender"' in block
    assert '<scene_tags scenes="2: keep"/>' in block
    assert "<beat" not in build_context(p, "rewrite scene 1")  # scene 1 has no beat and none was named


_PARAGRAPH = st.lists(st.sampled_from(["Rain.", "IDA\nNo.", "He waits.", "RUBEN\n(quiet)\nWhy?", "A door.", "Dark."]),
                      min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(old=_PARAGRAPH, new=_PARAGRAPH, kept=st.sets(st.integers(0, 5)))
def test_every_kept_block_survives_any_rewrite_word_for_word(old: list[str], new: list[str], kept: set[int]) -> None:
    tags = [{"text": old[i], "tags": ["keep"]} for i in kept if i < len(old)]
    body, restored = preserve_kept("\n\n".join(old), "\n\n".join(new), tags)
    blocks = split_blocks(body)
    assert all(t["text"] in blocks for t in tags)
    assert len(blocks) == len(new) + restored  # nothing of the new text is lost or doubled...
    rest = iter(blocks)
    assert all(any(b == n for b in rest) for n in new)  # ...and it keeps its order around the restored blocks
