"""OfflineDirector: tool choice by meaning, multi-step turns, handoffs, answers, determinism, agent loops."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, SystemMessage, ToolMessage
from offline_fake_tools import ALL_SPECIALIST_TOOLS, HANDOFFS, WRITER_TOOLS

from agent.llm import OfflineDirector

CONTEXT = """You are the writer. Use the tools.
<project name="Night Train" phase="story" scene_count="8"/>
<names characters="MARA; JONAS; ELI" locations="PLATFORM; KITCHEN" props="LANTERN"/>
<scene number="3" version="2" heading="INT. KITCHEN - NIGHT" target="true">
The kitchen is warm. Morning light spills over the table. MARA smiles at the kettle as it sings.

MARA
(brightly)
You're up early. I made tea. Sit down.

JONAS
Couldn't sleep. The train kept me up.

Mara laughs softly and hands him the LANTERN.
</scene>
<neighbour number="2" heading="EXT. PLATFORM - NIGHT"/>
<character name="MARA">A night-shift conductor.</character>
<art_direction style="neo-noir" palette="#101820; #f2aa4c"/>
<next>3 characters have no reference image; scene 4 has no shots</next>
"""

TOOLS_BY_NAME = {t.name: t for t in ALL_SPECIALIST_TOOLS + HANDOFFS}


@pytest.fixture(scope="module")
def director() -> Any:
    return OfflineDirector().bind_tools(ALL_SPECIALIST_TOOLS)


@pytest.fixture(scope="module")
def supervisor() -> Any:
    return OfflineDirector().bind_tools(HANDOFFS)


def first_call(model: Any, request: str, context: str = CONTEXT) -> dict[str, Any] | None:
    reply = model.invoke([SystemMessage(context), HumanMessage(request)])
    return reply.tool_calls[0] if reply.tool_calls else None


def run_loop(model: Any, request: str, *, max_steps: int = 6) -> tuple[list[dict[str, Any]], AIMessage]:
    """Drive the model like a ReAct loop, executing the fake tools; return the calls and final message."""
    messages: list[Any] = [SystemMessage(CONTEXT), HumanMessage(request)]
    calls: list[dict[str, Any]] = []
    for _ in range(max_steps):
        reply = model.invoke(messages)
        messages.append(reply)
        if not reply.tool_calls:
            return calls, reply
        for call in reply.tool_calls:
            calls.append(call)
            result = TOOLS_BY_NAME[call["name"]].invoke(call["args"])
            messages.append(ToolMessage(result, tool_call_id=call["id"], name=call["name"]))
    raise AssertionError(f"no final answer after {max_steps} steps: {calls}")


# Realistic requests, paraphrases included -> (tool, arguments that must match exactly).
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("rewrite scene 3 darker", "rewrite_scene", {"scene_number": 3, "direction": "darker"}),
    ("make the third scene more sinister", "rewrite_scene", {"scene_number": 3, "direction": "darker"}),
    ("I want the kitchen scene funnier", "rewrite_scene", {"scene_number": 3, "direction": "funnier"}),
    ("sc. 3 needs to be tighter", "rewrite_scene", {"scene_number": 3, "direction": "shorter"}),
    ("make scene three darker and shorter", "rewrite_scene", {"scene_number": 3, "direction": "darker, shorter"}),
    ("give this scene more suspense", "rewrite_scene", {"scene_number": 3, "direction": "tenser"}),
    ("add a villain", "add_character", {}),
    ("introduce a detective named Ada Finch", "add_character", {"name": "ADA FINCH"}),
    ("put Mara in scene 4", "add_character_to_scene", {"character": "MARA", "scene_number": 4}),
    ("have jonas show up in the fifth scene", "add_character_to_scene", {"character": "JONAS", "scene_number": 5}),
    ("move scene 5 before scene 2", "move_scene", {"scene_number": 5, "to_position": 2}),
    ("swap the order so scene 6 comes after scene 1", "move_scene", {"scene_number": 6, "to_position": 2}),
    ("kill scene 7", "delete_scene", {"scene_number": 7}),
    ("delete the last scene", "delete_scene", {"scene_number": 8}),
    ("merge scenes 2 to 4", "merge_scenes", {"start_scene": 2, "end_scene": 4}),
    ("combine scenes 5-6 into one", "merge_scenes", {"start_scene": 5, "end_scene": 6}),
    ("show me scene 2", "show_scene", {"scene_number": 2}),
    ("undo the last 3 changes", "undo", {"steps": 3}),
    ("take that back", "undo", {}),
    ("restore scene 3 to version 1", "restore_version", {"scene_number": 3, "version": 1}),
    ("bring back the first version of scene 2", "restore_version", {"scene_number": 2, "version": 1}),
    ("compare versions 1 and 2 of scene 3", "compare_versions",
     {"scene_number": 3, "from_version": 1, "to_version": 2}),
    ("what changed in scene 3?", "compare_versions", {"scene_number": 3, "from_version": 1, "to_version": 2}),
    ("branch an alternative ending", "create_branch", {"branch_name": "alt-ending"}),
    ("tag scene 2 keep", "tag_scene", {"scene_number": 2, "tag": "keep"}),
    ("I love scene 6", "tag_scene", {"scene_number": 6, "tag": "love"}),
    ('add a note to scene 2: "check the timeline"', "add_note", {"scene_number": 2, "note": "check the timeline"}),
    ("add a location: an abandoned lighthouse", "add_location", {"name": "ABANDONED LIGHTHOUSE"}),
    ("write a scene where Mara finds the lantern on the platform at night", "add_scene",
     {"heading": "EXT. PLATFORM - NIGHT"}),
    ("turn the story into beats", "outline_beats", {}),
    ("write a logline: a conductor finds the train runs on stolen time", "set_logline", {}),
    ("the look should be gritty neo-noir", "set_art_direction", {"style": "gritty neo-noir"}),
    ("paint a portrait of Jonas", "generate_character_reference", {"character_name": "JONAS"}),
    ("concept art for the kitchen", "generate_location_reference", {"location_name": "KITCHEN"}),
    ("do we already have a picture of the lantern?", "find_assets", {}),
    ("give me a shot list for scene 2", "break_scene_into_shots", {"scene_number": 2}),
    ("break scene 4 into five shots", "break_scene_into_shots", {"scene_number": 4, "count": 5}),
    ("close up on Mara in shot 2 of scene 1", "set_shot_camera",
     {"scene_number": 1, "shot_number": 2, "shot_type": "close-up"}),
    ("make shot 3 of scene 2 a bird's eye view", "set_shot_camera",
     {"scene_number": 2, "shot_number": 3, "shot_type": "overhead"}),
    ("slow push in on shot 1 of scene 5 with a 35mm lens", "set_shot_camera",
     {"scene_number": 5, "shot_number": 1, "movement": "dolly-in", "lens_mm": 35.0}),
    ("storyboard shot 1 of scene 2", "generate_shot_still", {"scene_number": 2, "shot_number": 1}),
    ("animate the second shot of scene 4", "generate_shot_video", {"scene_number": 4, "shot_number": 2}),
    ("let shot 3 of scene 1 run 4 seconds", "set_shot_duration",
     {"scene_number": 1, "shot_number": 3, "duration_s": 4.0}),
    ("fade to black after scene 8", "set_transition", {"scene_number": 8, "transition": "fade"}),
    ("cross-dissolve out of scene 2", "set_transition", {"scene_number": 2, "transition": "dissolve"}),
    ("render the animatic", "render_cut", {"animatic": True}),
    ("assemble the cut", "render_cut", {}),
    ("export to final draft", "export_project", {"format": "fdx"}),
    ("give me an EDL", "export_project", {"format": "edl"}),
]


@pytest.mark.parametrize(("request_text", "tool", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_picks_tool_and_arguments(director: Any, request_text: str, tool: str, expected: dict[str, Any]) -> None:
    call = first_call(director, request_text)
    assert call is not None, f"no tool call for {request_text!r}"
    assert call["name"] == tool
    for key, value in expected.items():
        assert call["args"].get(key) == value, (key, call["args"])
    TOOLS_BY_NAME[tool].args_schema.model_validate(call["args"])  # type: ignore[union-attr]


def test_rewrite_content_is_draft_and_keeps_characters(director: Any) -> None:
    call = first_call(director, "make the third scene more sinister")
    assert call is not None
    content = call["args"]["content"]
    assert "MARA" in content and "JONAS" in content
    assert "[[" not in content
    assert "warm" not in content  # the lexicon swapped it


SUPERVISOR_CASES = [
    ("make the third scene more sinister", "writer"),
    ("add a villain", "writer"),
    ("undo", "writer"),
    ("the look should be gritty 70s film", "designer"),
    ("draw Mara", "designer"),
    ("break scene 2 into 5 shots", "cinematographer"),
    ("close up on Mara in shot 2 of scene 1", "cinematographer"),
    ("export final draft", "editor"),
    ("render the animatic", "editor"),
]


@pytest.mark.parametrize(("request_text", "agent"), SUPERVISOR_CASES)
def test_supervisor_hands_off_by_meaning(supervisor: Any, request_text: str, agent: str) -> None:
    call = first_call(supervisor, request_text)
    assert call is not None
    assert call["name"] == f"transfer_to_{agent}"
    assert call["args"] == {"task": request_text}


def test_supervisor_groups_clauses_per_specialist_and_closes(supervisor: Any) -> None:
    messages: list[Any] = [SystemMessage(CONTEXT), HumanMessage("add a villain and put her in scene 4, then draw her")]
    first = supervisor.invoke(messages)
    assert [c["name"] for c in first.tool_calls] == ["transfer_to_writer"]
    assert first.tool_calls[0]["args"]["task"] == "add a villain; put her in scene 4"  # one step each
    messages += [first, ToolMessage("Successfully transferred to writer", tool_call_id=first.tool_calls[0]["id"],
                                    name="transfer_to_writer"),
                 AIMessage("Added character VERA KADE (draft).\nPut VERA KADE in scene 4 (draft).")]
    second = supervisor.invoke(messages)
    assert second.tool_calls[0]["name"] == "transfer_to_designer"
    assert second.tool_calls[0]["args"]["task"] == "draw VERA KADE"
    messages += [second, ToolMessage("Successfully transferred to designer", tool_call_id=second.tool_calls[0]["id"],
                                     name="transfer_to_designer")]
    closing = supervisor.invoke(messages)
    assert not closing.tool_calls
    assert "3 characters have no reference image" in closing.content


def test_specialist_reads_task_from_handoff_in_shared_history() -> None:
    writer = OfflineDirector().bind_tools(WRITER_TOOLS)
    handoff = AIMessage("", tool_calls=[{"name": "transfer_to_writer", "args": {"task": "delete scene 6"},
                                         "id": "call_h", "type": "tool_call"}])
    messages = [SystemMessage(CONTEXT), HumanMessage("delete scene 6 and then storyboard shot 1 of scene 2"),
                handoff, ToolMessage("Successfully transferred to writer", tool_call_id="call_h",
                                     name="transfer_to_writer")]
    reply = writer.invoke(messages)
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [("delete_scene", {"scene_number": 6})]
    messages += [reply, ToolMessage("Deleted scene 6.", tool_call_id=reply.tool_calls[0]["id"], name="delete_scene")]
    final = writer.invoke(messages)
    assert not final.tool_calls and final.content == "Deleted scene 6."


def test_multi_step_with_pronoun(director: Any) -> None:
    calls, final = run_loop(director, "add a villain and put her in scene 4")
    assert [c["name"] for c in calls] == ["add_character", "add_character_to_scene"]
    villain = calls[0]["args"]["name"]
    assert calls[1]["args"] == {"character": villain, "scene_number": 4}
    assert calls[0]["args"]["description"].startswith("The villain.")
    assert final.content == f"Added character {villain} (draft).\nPut {villain} in scene 4 (draft)."


def test_it_refers_to_the_scene_just_changed(director: Any) -> None:
    calls, _ = run_loop(director, "show me scene 5 and then delete it")
    assert [(c["name"], c["args"]) for c in calls] == [
        ("show_scene", {"scene_number": 5}), ("delete_scene", {"scene_number": 5})]


def test_three_steps_across_specialties(director: Any) -> None:
    calls, final = run_loop(director, "rewrite scene 3 darker; break it into 4 shots and render the animatic")
    assert [c["name"] for c in calls] == ["rewrite_scene", "break_scene_into_shots", "render_cut"]
    assert calls[1]["args"] == {"scene_number": 3, "count": 4}
    assert final.content.endswith("Rendered the animatic.")


def test_names_joined_by_and_are_not_split(director: Any) -> None:
    calls, _ = run_loop(director, "make scene 3 darker and shorter")
    assert len(calls) == 1 and calls[0]["args"]["direction"] == "darker, shorter"


def test_rewrite_of_a_scene_not_in_context_asks_instead_of_pasting_the_request(director: Any) -> None:
    calls, final = run_loop(director, "make scene 2 darker and shorter")
    assert calls == [] and "?" in str(final.content)


@pytest.mark.parametrize("nonsense", ["asdf", "what's the weather in Paris", "qwerty uiop"])
def test_nonsense_gets_a_clarifying_question(director: Any, nonsense: str) -> None:
    reply = director.invoke([SystemMessage(CONTEXT), HumanMessage(nonsense)])
    assert not reply.tool_calls
    assert "not sure" in reply.content and "rewrite an existing scene" in reply.content


def test_missing_required_argument_asks_instead_of_calling() -> None:
    model = OfflineDirector().bind_tools(WRITER_TOOLS)
    no_target = '<project name="X" scene_count="4"/>'
    reply = model.invoke([SystemMessage(no_target), HumanMessage("delete a scene")])
    assert not reply.tool_calls
    assert "Which scene (1-4)?" in reply.content


def test_error_result_becomes_i_couldnt(director: Any) -> None:
    first = director.invoke([SystemMessage(CONTEXT), HumanMessage("delete scene 12")])
    call = first.tool_calls[0]
    reply = director.invoke([SystemMessage(CONTEXT), HumanMessage("delete scene 12"), first,
                             ToolMessage("Error: there is no scene 12 (the film has 8).", tool_call_id=call["id"],
                                         name=call["name"])])
    assert reply.content == "I couldn't do that: there is no scene 12 (the film has 8)."
    assert not reply.tool_calls


def test_same_input_same_output(director: Any) -> None:
    messages = [SystemMessage(CONTEXT), HumanMessage("add a villain and put her in scene 4")]
    a, b = director.invoke(messages), OfflineDirector().bind_tools(ALL_SPECIALIST_TOOLS).invoke(messages)
    assert a.tool_calls == b.tool_calls and a.content == b.content
    assert a.tool_calls[0]["id"].startswith("call_") and len(a.tool_calls[0]["id"]) == 21


def test_usage_metadata_estimates_tokens(director: Any) -> None:
    reply = director.invoke([SystemMessage(CONTEXT), HumanMessage("rewrite scene 3 darker")])
    usage = reply.usage_metadata
    assert usage is not None
    assert usage["input_tokens"] > len(CONTEXT) // 4 and usage["output_tokens"] > 50
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]


def test_bind_tools_returns_new_model_with_original_tools() -> None:
    base = OfflineDirector()
    bound = base.bind_tools(WRITER_TOOLS, tool_choice="auto")
    assert bound is not base and base.bound_tools == ()
    assert bound.bound_tools[0] is WRITER_TOOLS[0]  # type: ignore[attr-defined]
    assert first_call(bound, "delete scene 2") is not None
    rebound = bound.bind_tools(HANDOFFS)  # type: ignore[attr-defined]
    call = first_call(rebound, "delete scene 2")
    assert call is not None and call["name"] == "transfer_to_writer"


def test_forced_tool_choice_calls_that_tool() -> None:
    model = OfflineDirector().bind_tools(WRITER_TOOLS, tool_choice="undo")
    reply = model.invoke([SystemMessage(CONTEXT), HumanMessage("asdf")])
    assert reply.tool_calls[0]["name"] == "undo"


def test_without_tools_it_says_it_cannot_act() -> None:
    reply = OfflineDirector().invoke([HumanMessage("rewrite scene 3")])
    assert not reply.tool_calls and "no tools" in reply.content


def test_stream_yields_whole_message_with_tool_calls(director: Any) -> None:
    chunks = list(director.stream([SystemMessage(CONTEXT), HumanMessage("delete scene 4")]))
    assert isinstance(chunks[0], AIMessageChunk)
    assert chunks[0].tool_calls == [{"name": "delete_scene", "args": {"scene_number": 4},
                                     "id": chunks[0].tool_calls[0]["id"], "type": "tool_call"}]
    merged = chunks[0]
    for chunk in chunks[1:]:
        merged = merged + chunk
    assert merged.tool_calls[0]["args"] == {"scene_number": 4}
    assert merged.usage_metadata is not None


async def test_works_in_create_react_agent_loop() -> None:
    from langgraph.prebuilt import create_react_agent

    agent = create_react_agent(OfflineDirector(), WRITER_TOOLS, prompt=CONTEXT)
    result = await agent.ainvoke({"messages": [HumanMessage("add a villain and put her in scene 4")]})
    calls = [c["name"] for m in result["messages"] if isinstance(m, AIMessage) for c in m.tool_calls]
    assert calls == ["add_character", "add_character_to_scene"]
    assert result["messages"][-1].content.startswith("Added character")

    streamed: list[str] = []
    async for event, _meta in agent.astream({"messages": [HumanMessage("move scene 5 before scene 2")]},
                                            stream_mode="messages"):
        if isinstance(event, AIMessageChunk):
            streamed.extend(c["name"] for c in event.tool_call_chunks if c.get("name"))
            for chunk in event.tool_call_chunks:
                if chunk.get("name"):
                    assert json.loads(chunk["args"] or "{}") == {"scene_number": 5, "to_position": 2}
    assert streamed == ["move_scene"]


async def test_astream_updates_keep_tool_calls() -> None:
    from langgraph.prebuilt import create_react_agent

    agent = create_react_agent(OfflineDirector(), WRITER_TOOLS, prompt=CONTEXT)
    names = []
    async for update in agent.astream({"messages": [HumanMessage("delete scene 7")]}, stream_mode="updates"):
        for message in update.get("agent", {}).get("messages", []):
            names.extend(c["name"] for c in message.tool_calls)
    assert names == ["delete_scene"]
