"""Concise tool schemas for paid models: the same tools, fewer tokens on every call.

A tool's docstring and field descriptions are written for the offline director too (it embeds them),
so they stay as they are; what a hosted model is sent is trimmed here: the description's first
sentence, each field's first clause, no titles, no ``null`` alternatives or ``null`` defaults.
"""

from __future__ import annotations

import re
from typing import Any

from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

__all__ = ["compact_tool"]

_TOOL_CHARS = 160
_FIELD_CHARS = 90
_SENTENCE = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<=[a-z0-9)'\"])\.(?:\s|$)")
_PLAIN = frozenset({"scene_number", "shot_number", "steps", "version", "query"})
"""Fields whose name says it all (the specialist prompt says numbers are 1-based): no description."""


def _first_sentence(text: str, limit: int) -> str:
    text = " ".join(text.split())
    m = _SENTENCE.search(text)
    short = text[: m.start() + 1] if m else text
    return short if len(short) <= limit else short[: limit - 1].rsplit(" ", 1)[0] + "…"


def _trim(schema: Any) -> Any:
    """Return ``schema`` without titles, null alternatives and null defaults, with short descriptions."""
    if isinstance(schema, list):
        return [_trim(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    options = schema.get("anyOf")
    if isinstance(options, list):
        kept = [o for o in options if o != {"type": "null"}]
        if len(kept) == 1:
            schema = {**{k: v for k, v in schema.items() if k != "anyOf"}, **kept[0]}
    for key, value in schema.items():
        if key == "title" or (key == "default" and value is None):
            continue
        if key == "description" and isinstance(value, str):
            out[key] = _first_sentence(value, _FIELD_CHARS)
        elif key == "properties" and isinstance(value, dict):
            out[key] = {name: {k: v for k, v in _trim(prop).items() if not (name in _PLAIN and k == "description")}
                        for name, prop in value.items()}
        else:
            out[key] = _trim(value)
    return out


def compact_tool(tool: BaseTool) -> dict[str, Any]:
    """Return ``tool`` as an OpenAI tool definition with a concise description and schema."""
    spec = convert_to_openai_tool(tool)
    fn = spec["function"]
    fn["description"] = _first_sentence(str(fn.get("description", "")), _TOOL_CHARS)
    fn["parameters"] = _trim(fn.get("parameters", {"type": "object", "properties": {}}))
    return spec
