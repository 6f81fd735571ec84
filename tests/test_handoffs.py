"""The supervisor's transfer tools: one per specialist, each runnable with the arguments its schema offers."""

from __future__ import annotations

from agent.graphs import handoff_tools
from agent.graphs.prompts import HANDOFF_DESCRIPTIONS
from agent.tools import SPECIALISTS


def test_one_transfer_tool_per_specialist_described_from_the_prompts() -> None:
    tools = handoff_tools()
    assert [t.name for t in tools] == [f"transfer_to_{name}" for name in SPECIALISTS]
    for tool, name in zip(tools, SPECIALISTS, strict=True):
        assert tool.description.endswith(HANDOFF_DESCRIPTIONS[name])


def test_a_transfer_tool_runs_with_every_argument_of_its_schema() -> None:
    writer = handoff_tools()[0]
    assert set(writer.args) == {"task", "then"}
    assert writer.invoke({"task": "rewrite scene 3", "then": "then shoot it"}) == (
        "Handing over to the writer: rewrite scene 3"
    )
