"""One model call as the graph makes it: repaired, retried once when unreadable, counted against the cap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.tools import BaseTool

from agent.graphs.prompts import REPAIR_NOTE, UNREADABLE_CALL_REPLY
from agent.graphs.runtime import TurnContext
from agent.graphs.schemas import compact_tool
from agent.llm.profile import STEPWISE, TurnProfile
from agent.llm.repair import repair_message, unreadable_calls

__all__ = ["TurnModels", "ask_model", "bind_tools_for", "over_cap", "tokens_of"]


def bind_tools_for(model: BaseChatModel, tools: list[BaseTool], profile: TurnProfile, *, one_call: bool = False) -> Any:
    """Bind ``tools`` as the profile says: concise schemas for paid models, one handoff per call if supported."""
    schemas: list[Any] = [compact_tool(t) for t in tools] if profile.compact_tools else list(tools)
    if one_call and profile.compat == "openai":
        return model.bind_tools(schemas, parallel_tool_calls=False)
    return model.bind_tools(schemas)


class TurnModels:
    """Each turn's chat model (from the run's context), bound to a node's tools once per model and node.

    One compiled graph serves every chat of a project, and chats may talk to different models; binding is
    kept per (model, profile, node) so a turn does not rebuild tool schemas on every call.
    """

    def __init__(self, *, model: BaseChatModel | None = None, profile: TurnProfile = STEPWISE) -> None:
        """``model`` and ``profile`` serve a run whose context names no model (no model: such a run fails)."""
        self._default = model
        self._default_profile = profile
        self._bound: dict[tuple[int, TurnProfile, str], tuple[BaseChatModel, Any]] = {}

    def for_turn(self, context: TurnContext | None) -> tuple[BaseChatModel, TurnProfile]:
        """Return the turn's model and profile: its context's, else the graph's own."""
        if context is not None and context.model is not None:
            return context.model, context.profile
        if self._default is None:
            raise RuntimeError("no chat model for this turn: run the graph with context=TurnContext(model=...)")
        return self._default, self._default_profile

    def bound(self, node: str, model: BaseChatModel, tools: list[BaseTool], profile: TurnProfile, *,
              one_call: bool = False) -> Any:
        """Return ``model`` bound to ``tools`` as ``profile`` says (bound on first use, then kept)."""
        key = (id(model), profile, node)
        found = self._bound.get(key)
        if found is None or found[0] is not model:  # the id of a model that is gone may come back
            found = self._bound[key] = (model, bind_tools_for(model, tools, profile, one_call=one_call))
        return found[1]


def tokens_of(ai: AIMessage) -> int:
    """Return the tokens a reply reports it cost (0 when the model reports no usage)."""
    usage = ai.usage_metadata
    return int(usage.get("total_tokens", 0) or 0) if usage else 0


def over_cap(spent: int, cap: int | None) -> bool:
    """Tell whether a turn that spent ``spent`` tokens may not call the model again."""
    return cap is not None and spent >= cap


async def ask_model(runnable: Any, messages: Sequence[BaseMessage], tool_names: set[str]) -> tuple[AIMessage, int]:
    """Call the model; repair its tool calls; retry once if one stays unreadable, then ask the film-maker.

    Returns the reply and the tokens spent on it (both calls when it retried).
    """
    ai = repair_message(_ai(await runnable.ainvoke(list(messages))), tool_names)
    spent = tokens_of(ai)
    bad = unreadable_calls(ai)
    if not bad:
        return ai, spent
    retry = repair_message(_ai(await runnable.ainvoke([*messages, HumanMessage(REPAIR_NOTE.format(tool=bad[0]))])),
                           tool_names)
    spent += tokens_of(retry)
    if unreadable_calls(retry):
        return AIMessage(UNREADABLE_CALL_REPLY.format(tool=bad[0]), id=retry.id), spent
    return retry, spent


def _ai(message: Any) -> AIMessage:
    if not isinstance(message, AIMessage):
        raise TypeError(f"the chat model answered with {type(message).__name__}, not an AI message")
    return message
