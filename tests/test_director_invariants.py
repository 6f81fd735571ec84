"""The offline director never acts on a misunderstanding, over thousands of generated requests.

Requests are generated from a grammar (questions, thanks, gibberish, vague asks, near-misses of tool
phrasing that name things the project does not have). Each goes through the supervisor's routing and
the chosen specialist's decision exactly as in the graph (same bound tools, same context builder),
without running the tools. The invariants:

- questions, small talk, gibberish and vague asks call no tool that changes the project;
- near-misses (an unknown scene, character or place) change nothing either;
- no write's text arguments paste the request, and no new entity is named from a request fragment.

A sample also runs through the whole Session to show the snapshot does not change.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from agent.config import Settings
from agent.evaldriver import create_project_from
from agent.graphs import build_context, handoff_tools
from agent.llm.offline.director import OfflineDirector
from agent.project import Project
from agent.session import Session, _local_embed
from agent.tools import ToolContext, build_toolsets

_SUBJECTS = ["the film", "this film", "the movie", "the logline", "scene 2", "scene four", "the bridge scene",
             "the last scene", "ida", "Ruben", "juno", "the budget", "the outline", "the cast", "the last change",
             "the shots in scene 3", "the kitchen scene", "the lighthouse", "the bus", "the ending", "our progress",
             "the villain", "the key", "the art direction", "the timeline", "the runtime", "the opening",
             "ida tags the key", "ruben parks the bus", "juno finds the ticket", "the bell rings"]
_QUESTIONS = ["what is {s} about?", "what's {s}?", "whats {s}", "who is in {s}?", "how long is {s}?",
              "how many scenes are in {s}?", "where is {s} set?", "is there {s}?", "do we have {s}?",
              "did you change {s}?", "can you tell me about {s}?", "remind me what {s} is", "tell me about {s}",
              "which scene is {s}?", "what happens in {s}?", "has {s} changed?", "is {s} any good?",
              "how much have we spent on {s}?", "why is {s} like that?", "what did we do to {s}?",
              "show me {s}", "when does {s} happen?", "are we done with {s}?", "what do you think of {s}?",
              "could you show me {s}?", "can we see what {s} looks like?", "what's the deal with {s}?",
              "what happens after {s}?", "what comes right before {s}?", "what happens just after {s}?",
              "in {s} what does juno do with it", "in {s} what does ida do next", "{s} - who speaks first?",
              "on {s}, what is ruben holding"]
_SOCIAL = ["thanks", "thank you!", "thx", "cheers mate", "great", "cool", "nice one", "ok", "okay cool", "hmm",
           "hello", "hi there", "good morning!", "bye", "lol", "perfect, thanks", "love it", "awesome!!",
           "got it", "sounds good", "yep", "nope", "interesting", "wow", "well done team"]
_VAGUE = ["make it better", "fix it", "change something", "do your thing", "improve the film", "surprise me",
          "whatever you think", "make it pop", "do something", "more", "less", "again", "the thing",
          "you know what I mean", "not sure", "it's fine i guess", "idk", "make the film good",
          "can you help", "I need help", "help", "something's off"]
_NEAR_MISS = ["punch up the kitchen scene", "rewrite the lighthouse scene darker", "make the diner scene tenser",
              "give the villain a hat", "make the detective older", "delete the kitchen scene",
              "tighten the car chase", "make the wedding scene funnier", "add drama to the hospital scene",
              "rewrite the beach scene", "move the airport scene to the end", "flag the kitchen scene",
              "break the lighthouse scene into shots", "storyboard the car chase", "merge the party scenes",
              "make the bit where they dance sadder", "cut the scene in the park"]
_SYLLABLES = "ka lo mi zu rep ta vex qui dor nab ulf sk jk asd qwe zx pl mn ight oo".split()


def _gibberish(rng: random.Random) -> str:
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 4))]
    return " ".join(words)


def _case(rng: random.Random, text: str) -> str:
    return rng.choice([text, text.lower(), text.capitalize(), text.upper() if len(text) < 20 else text])


def generate(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """Return n distinct (category, request) pairs, deterministic for a seed."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _ in range(n * 50):
        if len(out) >= n:
            break
        kind = rng.choice(["question", "question", "social", "gibberish", "vague", "near_miss"])
        if kind == "question":
            text = rng.choice(_QUESTIONS).format(s=rng.choice(_SUBJECTS))
        elif kind == "social":
            text = rng.choice(_SOCIAL)
        elif kind == "gibberish":
            text = _gibberish(rng)
        elif kind == "vague":
            text = rng.choice(_VAGUE)
        else:
            text = rng.choice(_NEAR_MISS)
        text = _case(rng, text)
        if text not in seen:
            seen.add(text)
            out.append((kind, text))
    return out


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Any:
    settings = Settings()
    path = create_project_from("demo", None, tmp_path_factory.mktemp("inv") / "demo", settings=settings)
    project = Project.open(path)
    toolsets = build_toolsets(ToolContext(project=project, settings=settings))
    yield project, toolsets
    project.close()


def _decide(project: Project, toolsets: dict[str, Any], request: str) -> AIMessage | None:
    """Route like the supervisor, then decide like the chosen specialist; return its message."""
    router = OfflineDirector().bind_tools(handoff_tools(toolsets))
    routed = router.invoke([SystemMessage(build_context(project, request, full=False)), HumanMessage(request)])
    assert isinstance(routed, AIMessage)
    if not routed.tool_calls:
        return None
    call = routed.tool_calls[0]
    target = call["name"].removeprefix("transfer_to_")
    task = str(call["args"].get("task") or request)
    specialist = OfflineDirector().bind_tools(toolsets[target])
    context = build_context(project, task, full=True, embed=_local_embed)
    decided = specialist.invoke([SystemMessage(context), HumanMessage(task)])
    assert isinstance(decided, AIMessage)
    return decided


def _writes(toolsets: dict[str, Any]) -> set[str]:
    return {t.name for tools in toolsets.values() for t in tools if not (t.metadata or {}).get("read_only")}


def _echo(request: str, args: dict[str, Any]) -> bool:
    words = re.findall(r"[a-z0-9']+", request.lower())
    whole = " ".join(words)
    opening = " ".join(words[:3]) if len(words) >= 3 else None
    for value in args.values():
        for text in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
            if not isinstance(text, str):
                continue
            flat = " ".join(re.findall(r"[a-z0-9']+", text.lower()))
            if (len(words) >= 3 and whole in flat) or (opening and opening in flat):
                return True
    return False


def test_generated_requests_never_write(setup: Any) -> None:
    project, toolsets = setup
    writes = _writes(toolsets)
    cases = generate(int(os.environ.get("REELSMITH_FUZZ_REQUESTS", "1500")))
    offenders = []
    for kind, request in cases:
        message = _decide(project, toolsets, request)
        calls = message.tool_calls if message is not None else []
        offenders.extend((kind, request, call["name"], call["args"]) for call in calls if call["name"] in writes)
    assert not offenders, f"{len(offenders)} of {len(cases)} requests led to a write: {offenders[:10]}"


def test_the_generator_covers_every_kind_and_the_check_can_fail(setup: Any) -> None:
    kinds = {kind for kind, _ in generate(300)}
    assert kinds == {"question", "social", "gibberish", "vague", "near_miss"}
    assert _echo("punch up the kitchen scene", {"content": "The room. Punch up the kitchen scene."})
    assert not _echo("punch up the kitchen scene", {"content": "The kettle screams. MARA ignores it."})
    project, toolsets = setup
    message = _decide(project, toolsets, "rewrite scene 3 darker")  # a real command does write
    assert message is not None and [c["name"] for c in message.tool_calls] == ["rewrite_scene"]


async def test_a_sample_changes_nothing_through_the_session(tmp_path: Path) -> None:
    settings = Settings()
    path = create_project_from("demo", None, tmp_path / "demo", settings=settings)
    session = await Session.open(path, settings=settings)
    try:
        before = session.snapshot()
        for i, (_, request) in enumerate(generate(40, seed=11)):
            turn = await session.run(f"t{i}", request)
            assert turn.approval is None, request
            assert turn.texts, f"no answer to {request!r}"
        assert session.snapshot() == before
    finally:
        await session.close()
