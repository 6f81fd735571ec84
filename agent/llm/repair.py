"""Read back tool calls a model wrote badly: invalid JSON arguments, or a call written as plain text.

Small local models (and some servers' tool parsers) return arguments with a trailing comma, single
quotes, a code fence or a missing closing brace, or put ``{"name": ..., "arguments": {...}}`` in the
message text instead of a tool call. Those are repaired here; anything still unreadable is reported
so the caller can retry once and then ask the film-maker.
"""

from __future__ import annotations

import ast
import json
import re
import uuid
from typing import Any

from langchain_core.messages import AIMessage, ToolCall

__all__ = ["UNREADABLE_KEY", "parse_arguments", "repair_message", "unreadable_calls"]

UNREADABLE_KEY = "unreadable_tool_calls"
"""Where a streamed reply keeps tool calls whose arguments could not be read (in ``additional_kwargs``)."""

_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_TAGS = re.compile(r"</?tool_call>")


def parse_arguments(raw: object) -> dict[str, Any] | None:
    """Return tool-call arguments parsed leniently, or None when they cannot be read as an object."""
    if isinstance(raw, dict):
        return raw
    text = _TAGS.sub("", _FENCE.sub("", str(raw or ""))).strip() or "{}"
    candidates = [text, _TRAILING_COMMA.sub(r"\1", text)]
    opened = text.count("{") - text.count("}")
    if opened > 0:
        candidates.append(_TRAILING_COMMA.sub(r"\1", text + "}" * opened))
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            try:  # single quotes, True/False/None: a Python literal
                value = ast.literal_eval(candidate)
            except (ValueError, SyntaxError):
                continue
        if isinstance(value, str):  # arguments encoded twice
            return parse_arguments(value) if value.strip().startswith("{") else None
        if isinstance(value, dict):
            return value
    return None


def _text_call(content: str, tool_names: set[str]) -> ToolCall | None:
    """Read a tool call a model wrote as message text (``{"name": ..., "arguments": {...}}``)."""
    value = parse_arguments(content) if content.strip()[:1] in ("{", "`", "<") else None
    if not value or value.get("name") not in tool_names:
        return None
    args = parse_arguments(value.get("arguments", value.get("parameters", {})))
    if args is None:
        return None
    return ToolCall(name=str(value["name"]), args=args, id=f"call_{uuid.uuid4().hex[:12]}", type="tool_call")


def repair_message(ai: AIMessage, tool_names: set[str]) -> AIMessage:
    """Return ``ai`` with invalid tool calls repaired where possible and text-written calls read back."""
    calls: list[ToolCall] = list(ai.tool_calls)
    left = []
    for bad in ai.invalid_tool_calls:
        args = parse_arguments(bad.get("args"))
        if args is not None and bad.get("name") in tool_names:
            call_id = bad.get("id") or f"call_{uuid.uuid4().hex[:12]}"
            calls.append(ToolCall(name=str(bad["name"]), args=args, id=call_id, type="tool_call"))
        else:
            left.append(bad)
    content = ai.content if isinstance(ai.content, str) else ""
    if not calls and not left and content:
        written = _text_call(content, tool_names)
        if written is not None:
            calls, content = [written], ""
    if calls == list(ai.tool_calls) and left == list(ai.invalid_tool_calls) and content == ai.content:
        return ai
    return ai.model_copy(update={"tool_calls": calls, "invalid_tool_calls": left, "content": content})


def unreadable_calls(ai: AIMessage) -> list[str]:
    """Return the names of tool calls in ``ai`` that are still unreadable (empty when none)."""
    streamed = ai.additional_kwargs.get(UNREADABLE_KEY) or [] if isinstance(ai.additional_kwargs, dict) else []
    return [str(bad.get("name") or "a tool") for bad in [*ai.invalid_tool_calls, *streamed]]
