"""The story-chain tools through the real graph with a scripted model: rows, approvals and context, not prose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, SystemMessage
from scripted import ScriptedModel

from agent.config import Settings
from agent.project import Project, story
from agent.session import Session

KEPT = "IDA\nForty-one years, and nobody came back."


def call(name: str, args: dict[str, Any], n: int) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": f"call_{n}"}])


def turn(tool: str, args: dict[str, Any], n: int, task: str | None = None) -> list[AIMessage]:
    return [call("transfer_to_writer", {"task": task or tool}, n), call(tool, args, n + 100), AIMessage("Ok."),
            AIMessage("Done.")]


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "film"
    p = Project.create(path, name="Chain")
    story.add_scene(p, heading="INT. OFFICE - NIGHT", content=f"Rain on the glass.\n\n{KEPT}", actor="user")
    story.add_scene(p, heading="EXT. DEPOT - NIGHT", content="Buses sleep in rows.", actor="user")
    story.set_ideation(p, logline="A retired driver must return a key before the depot closes.", actor="user")
    p.close()
    return path


class Recording(ScriptedModel):
    """A scripted model that keeps every prompt it was given (to check what the writer saw)."""

    prompts: list[str] = []

    def _generate(self, messages: Any, *args: Any, **kwargs: Any) -> Any:
        self.prompts.append("\n".join(str(m.content) for m in messages if isinstance(m, SystemMessage)))
        return super()._generate(messages, *args, **kwargs)


async def _session(path: Path, script: list[AIMessage], model: ScriptedModel | None = None) -> Session:
    return await Session.open(path, settings=Settings(home=path / "home"),
                              model=model or ScriptedModel(responses=script))


async def test_a_rewrite_of_a_kept_scene_asks_and_keeps_loved_lines_word_for_word(tmp_path: Path) -> None:
    path = _project(tmp_path)
    new = {"scene_number": 1, "direction": "darker", "content": "Thunder. The lights die.\n\nIDA\nNobody. Ever."}
    script = [*turn("tag_scene", {"scene_number": 1, "tags": ["keep"]}, 1),
              *turn("tag_block", {"scene_number": 1, "tags": ["love"], "quote": "forty-one years"}, 2),
              *turn("rewrite_scene", new, 3),
              *turn("rewrite_scene", new, 4)]
    session = await _session(path, script)
    await session.run("t", "keep scene 1")
    await session.run("t", "I love Ida's line")
    before = session.snapshot()
    assert before["scenes"][0]["block_tags"][0]["tags"] == ["love"]
    first = await session.run("t", "rewrite scene 1 darker")
    assert first.approval is not None and "tagged keep" in first.approval["title"]
    await session.run("t", decision="cancel")
    assert session.snapshot()["scenes"][0]["content"] == before["scenes"][0]["content"]
    second = await session.run("t", "rewrite scene 1 darker")
    assert second.approval is not None
    await session.run("t", decision="approve")
    scene = session.snapshot()["scenes"][0]
    assert KEPT in scene["content"] and "Thunder. The lights die." in scene["content"]
    assert scene["version"] > before["scenes"][0]["version"]
    await session.close()


async def test_outline_from_the_logline_then_scene_from_act_twos_beat(tmp_path: Path) -> None:
    path = _project(tmp_path)
    script = [*turn("set_genre_tone", {"genre": ["Drama"], "tone": ["tender", "wry"]}, 1),
              *turn("draft_outline", {"acts": 3}, 2),
              *turn("move_beat", {"beat_number": 7, "to_position": 6}, 3),
              *turn("write_scene_from_beat", {"act": 2, "scene_number": 3, "heading": "INT. BUS - DAWN"}, 4),
              *turn("set_logline", {"logline": "A driver keeps a key that is not hers."}, 5)]
    session = await _session(path, script)
    await session.run("t", "genre drama, tender and wry")
    with session.project.read() as s:
        from agent.project.schema import Ideation

        idea = s.get(Ideation, 1)
        assert idea is not None and (idea.genre, idea.tone) == ("drama", "tender, wry")
    await session.run("t", "build a three act outline from the logline")
    outline = session.snapshot()["outline"]
    assert len(outline) == 7 and [b["act"] for b in outline] == [1, 1, 2, 2, 2, 3, 3]
    assert "tender and wry drama" in outline[0]["text"]
    await session.run("t", "swap the last two beats")
    assert session.snapshot()["outline"][5]["title"] == "Resolution"
    done = await session.run("t", "write scene 3 from act 2's beat")
    assert done.approval is None
    snap = session.snapshot()
    assert snap["scenes"][2]["heading"] == "INT. BUS - DAWN" and snap["scenes"][2]["beat"] == 3
    assert snap["scenes"][2]["content"].startswith(outline[2]["text"])
    assert snap["outline"][2]["scenes"] == [3]
    await session.run("t", "new logline")
    assert [s["stale"] for s in session.snapshot()["scenes"]] == [True, True, True]
    await session.close()


async def test_the_writer_is_shown_the_beat_and_the_neighbours_when_it_writes(tmp_path: Path) -> None:
    path = _project(tmp_path)
    p = Project.open(path)
    from agent.project.outline import BeatSpec, replace_outline

    replace_outline(p, [BeatSpec("Setup", "Ida closes the office."), BeatSpec("Turn", "A key comes back.", 2)],
                    actor="user")
    p.close()
    model = Recording(responses=turn("show_scene", {"scene_number": 2}, 1, task="write scene 2 from act 2's beat"))
    model.prompts = []
    session = await _session(path, [], model)
    await session.run("t", "write scene 2 from act 2's beat")
    seen = "\n".join(model.prompts)
    assert '<beat number="2" act="2" title="Turn">A key comes back.</beat>' in seen
    assert 'side="before" excerpt="Rain on the glass. IDA Forty-one years, and nobody came back."' in seen
    await session.close()
