"""A scripted chat model for graph tests: replays tool calls and replies in order, and accepts bind_tools."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage


class ScriptedModel(FakeMessagesListChatModel):
    """A fake chat model that accepts bind_tools and replays scripted messages in order."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedModel:  # type: ignore[override]
        return self


def handoff_turn(
    specialist: str, tool: str, args: dict[str, Any], n: int = 1, *, task: str | None = None, reply: str = "Done."
) -> list[AIMessage]:
    """The four model replies of one turn: hand over to ``specialist``, call ``tool``, report, close."""
    return [
        AIMessage(
            "", tool_calls=[{"name": f"transfer_to_{specialist}", "args": {"task": task or tool}, "id": f"h{n}"}]
        ),
        AIMessage("", tool_calls=[{"name": tool, "args": args, "id": f"c{n}"}]),
        AIMessage(reply),
        AIMessage("Done."),
    ]
