"""How the graph drives a model: which calls a turn makes and what goes on the wire.

A hosted or local OpenAI-compatible model is paid per token and per round trip, so its turn is lean:
the supervisor routes, the specialist acts, and a successful action's result is the answer (no reply
call, no closing call unless steps remain); tools are bound with concise schemas. The offline director
costs nothing per call and plans one step at a time, so it keeps the stepwise turn it was tuned on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from langchain_core.language_models import BaseChatModel

__all__ = ["LEAN", "STEPWISE", "TurnProfile", "profile_for"]


@dataclass(frozen=True)
class TurnProfile:
    """The turn shape and wire options for one kind of model."""

    finish_on_tool: bool
    """A successful action (not a lookup, not an error) answers the turn: no specialist reply call."""
    close_with_supervisor: bool
    """Call the supervisor after every specialist (it closes the turn or routes the next step)."""
    compact_tools: bool
    """Bind tools with short descriptions and trimmed schemas (the models read every token of them)."""
    stream_tokens: bool = False
    """Stream the model's words to the UI as it writes them (off for the offline director: it writes a
    whole message at once, and its streamed chunk would drop the reply's options)."""
    compat: Literal["openai", "basic", "none"] = "none"
    """'openai': ask for one handoff at a time (parallel_tool_calls=false); 'basic': never send
    parallel_tool_calls or tool_choice (Ollama, vLLM, LM Studio); 'none': not an OpenAI client."""


STEPWISE = TurnProfile(finish_on_tool=False, close_with_supervisor=True, compact_tools=False)
"""The offline director's turn (and scripted test models'): every step goes back through its caller."""
LEAN = TurnProfile(finish_on_tool=True, close_with_supervisor=False, compact_tools=True, stream_tokens=True,
                   compat="openai")
"""A paid model's turn: route, act, done."""


def profile_for(model: BaseChatModel, compat: Literal["openai", "basic"] = "openai") -> TurnProfile:
    """Return the turn profile for ``model``: its declared one, lean for OpenAI-compatible clients, else stepwise.

    A model class may declare ``turn_profile`` (a class attribute), as test models do to drive the lean turn.
    """
    from langchain_openai import ChatOpenAI  # deferred: the OpenAI client loads only to check for one

    declared = getattr(type(model), "turn_profile", None)
    if isinstance(declared, TurnProfile):
        return declared
    if isinstance(model, ChatOpenAI):
        return TurnProfile(finish_on_tool=True, close_with_supervisor=False, compact_tools=True, stream_tokens=True,
                           compat=compat)
    return STEPWISE
