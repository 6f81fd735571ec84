"""Read what the director needs from a bound tool: name, description, examples, JSON schema."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from agent.llm.offline.examples import HANDOFF_EXAMPLES, TOOL_EXAMPLES

__all__ = ["HANDOFF_PREFIX", "ToolSpec", "deref", "tool_spec", "tool_specs"]

HANDOFF_PREFIX = "transfer_to_"


@dataclass(frozen=True)
class ToolSpec:
    """A bound tool as the director sees it."""

    name: str
    description: str
    examples: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    read_only: bool = False
    """The tool changes nothing (it may answer a question)."""
    targets: tuple[str, ...] = ()
    """For a handoff: the tools of the agent it hands over to."""
    target_reads: tuple[str, ...] = ()
    """For a handoff: which of those tools are read-only."""

    @property
    def is_handoff(self) -> bool:
        """Tell whether this tool hands the conversation to another agent."""
        return self.name.startswith(HANDOFF_PREFIX)

    @property
    def agent(self) -> str:
        """Return the agent a handoff goes to ("writer"), or the tool name."""
        return self.name[len(HANDOFF_PREFIX):] if self.is_handoff else self.name

    @property
    def summary(self) -> str:
        """Return the first sentence of the description, for listing what the director can do."""
        first = self.description.strip().split("\n", 1)[0].strip()
        return first.split(". ", 1)[0].rstrip(".") or self.name.replace("_", " ")

    def properties(self) -> dict[str, dict[str, Any]]:
        """Return the argument schemas by name, with references resolved and Optional unwrapped."""
        props = self.parameters.get("properties", {}) or {}
        defs = self.parameters.get("$defs", {}) or self.parameters.get("definitions", {}) or {}
        return {name: deref(schema, defs) for name, schema in props.items()}

    def required(self) -> tuple[str, ...]:
        """Return the names of the arguments that must be given."""
        return tuple(self.parameters.get("required", ()) or ())


def deref(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Resolve ``$ref`` and unwrap ``anyOf [X, null]`` so a property reads as one plain schema."""
    out = copy.deepcopy(schema)
    for _ in range(5):
        ref = out.get("$ref")
        if isinstance(ref, str):
            target = defs.get(ref.rsplit("/", 1)[-1], {})
            out = {**copy.deepcopy(target), **{k: v for k, v in out.items() if k != "$ref"}}
            continue
        options = out.get("anyOf") or out.get("oneOf")
        if isinstance(options, list):
            real = [o for o in options if o.get("type") != "null"]
            if real:
                merged = {k: v for k, v in out.items() if k not in ("anyOf", "oneOf")}
                out = {**deref(real[0], defs), **merged}
                continue
        allof = out.get("allOf")
        if isinstance(allof, list) and len(allof) == 1:
            out = {**deref(allof[0], defs), **{k: v for k, v in out.items() if k != "allOf"}}
            continue
        break
    if out.get("type") == "array" and isinstance(out.get("items"), dict):
        out["items"] = deref(out["items"], defs)
    return out


def tool_spec(tool: Any) -> ToolSpec:
    """Describe a BaseTool, an OpenAI tool dict or a plain function as a ToolSpec."""
    openai = convert_to_openai_tool(tool)
    function = openai.get("function", openai)
    examples: tuple[str, ...] = ()
    read_only = False
    targets: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    if isinstance(tool, BaseTool):
        meta = tool.metadata or {}
        examples = tuple(str(e) for e in meta.get("examples") or ())
        examples += TOOL_EXAMPLES.get(tool.name, ())
        read_only = bool(meta.get("read_only"))
        targets = tuple(str(t) for t in meta.get("tools") or ())
        reads = tuple(str(t) for t in meta.get("read_only_tools") or ())
    elif isinstance(tool, dict):
        raw = tool.get("examples") or function.get("examples") or ()
        examples = tuple(str(e) for e in raw)
    return ToolSpec(
        name=str(function.get("name", "")),
        description=str(function.get("description", "") or ""),
        examples=examples,
        parameters=dict(function.get("parameters", {}) or {}),
        read_only=read_only,
        targets=targets,
        target_reads=reads,
    )


def tool_specs(tools: Sequence[Any]) -> tuple[ToolSpec, ...]:
    """Describe every bound tool, in binding order; a handoff's examples are its specialist's own tools'.

    Tools every specialist has (undo, the overview...) count for the writer only, so they do not pull
    a request towards whichever specialist happens to rank first.
    """
    specs = [tool_spec(tool) for tool in tools]
    handoffs = [s for s in specs if s.is_handoff and s.targets]
    shared = set.intersection(*(set(s.targets) for s in handoffs)) if len(handoffs) > 1 else set()
    out = []
    for spec in specs:
        if spec in handoffs:
            mine = [t for t in spec.targets if t not in shared or spec.agent == "writer"]
            own = [e for t in mine for e in TOOL_EXAMPLES.get(t, ())]
            examples = tuple(dict.fromkeys([*HANDOFF_EXAMPLES.get(spec.agent, ()), *spec.examples, *own]))
            spec = replace(spec, examples=examples)
        out.append(spec)
    return tuple(out)
