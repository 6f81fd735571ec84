"""One compiled graph per project: every chat's model and settings come with its turn as runtime context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage
from scripted import ScriptedModel

import agent.graphs
import agent.session as session_module
from agent.config import Settings
from agent.project import Project
from agent.session import Session


async def test_two_chats_with_different_settings_share_one_graph_and_each_gets_its_own_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "film"
    Project.create(folder, name="Film").close()
    compiled: list[Any] = []
    real_build = agent.graphs.build_graph

    def counting_build(**kwargs: Any) -> Any:
        compiled.append(real_build(**kwargs))
        return compiled[-1]

    first = ScriptedModel(responses=[AIMessage("first model, turn one"), AIMessage("first model, turn two")])
    second = ScriptedModel(responses=[AIMessage("second model, turn one")])
    loaded: list[str] = []

    def load(settings: Settings) -> ScriptedModel:
        loaded.append(settings.model)
        return second

    monkeypatch.setattr(agent.graphs, "build_graph", counting_build)
    monkeypatch.setattr(session_module, "_load_model", load)
    base = Settings(home=tmp_path / "home", budget_usd=5.0)
    other = base.model_copy(update={"model": "second-model", "budget_usd": 1.0})
    session = await Session.open(folder, settings=base, model=first)
    try:
        one = await session.run("chat-a", "hello")
        two = await session.run("chat-b", "hello", settings=other)
        three = await session.run("chat-a", "hello again")
    finally:
        await session.close()
    assert len(compiled) == 1 and compiled[0] is session.graph
    assert one.texts == ["first model, turn one"] and three.texts == ["first model, turn two"]
    assert two.texts == ["second model, turn one"]
    assert loaded == ["second-model"], "the second chat's model is loaded once, for that chat only"
