"""Evals measure, they do not pin: no eval request is a routing example of the offline director."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from agent.llm.offline.examples import HANDOFF_EXAMPLES, TOOL_EXAMPLES

ROOT = Path(__file__).resolve().parent.parent


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _eval_requests() -> set[str]:
    requests = set()
    for path in (ROOT / "evals").rglob("*.yaml"):
        for turn in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("turns", []):
            if isinstance(turn, dict) and "user" in turn:
                requests.add(_norm(str(turn["user"])))
    return requests


def test_no_eval_request_is_a_routing_example() -> None:
    requests = _eval_requests()
    assert len(requests) > 250  # the own suite, the dev set and the held-out test set are all read
    examples = {_norm(e) for table in (TOOL_EXAMPLES, HANDOFF_EXAMPLES) for group in table.values() for e in group}
    # One- and two-word commands ("undo", "redo that") are how everyone says them; anything longer is a copy.
    copied = sorted(e for e in examples & requests if len(e.split()) >= 3)
    assert not copied, f"eval requests copied into routing examples: {copied}"


def test_no_eval_request_appears_anywhere_in_the_agent() -> None:
    """Not in examples, docstrings, comments, prompts or help texts either: any copy can end up pinning."""
    requests = {r for r in _eval_requests() if len(r.split()) >= 3}
    found = []
    for path in sorted((ROOT / "agent").rglob("*.py")):
        text = _norm(path.read_text(encoding="utf-8"))
        # Inside a longer word too: "untag scene 2 keep" holds the request "tag scene 2 keep".
        found += [f"{path.relative_to(ROOT)}: {r!r}" for r in requests if r in text]
    assert not found, "eval requests written into agent/: " + "; ".join(found)


def test_tools_carry_no_routing_examples() -> None:
    from unittest.mock import MagicMock

    from agent.tools import build_toolsets

    for tools in build_toolsets(MagicMock()).values():
        for tool in tools:
            assert "examples" not in (tool.metadata or {}), tool.name


_EVERYDAY = frozenset({"undo that", "redo that", "undo it", "redo it", "thank you", "thanks so", "yes please",
                       "no thanks", "go ahead", "do it", "approve it", "reject it", "not now", "never mind",
                       "ctrl z", "the office"})
"""Two-word messages everyone types the same way: saying them in the agent's own texts copies nobody."""


def test_no_two_word_eval_request_is_quoted_in_the_agent() -> None:
    """A two-word request quoted as an example ("shortest scene?") is a copy too; plain prose is not."""
    pairs = {r for r in _eval_requests() if len(r.split()) == 2 and r not in _EVERYDAY}
    patterns = {r: re.compile(r"[\"“']\s*" + r"\W+".join(map(re.escape, r.split())) + r"\W*[\"”']", re.I)
                for r in pairs}
    found = []
    for path in sorted((ROOT / "agent").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {r!r}" for r, pattern in patterns.items() if pattern.search(text)]
    assert not found, "two-word eval requests quoted in agent/: " + "; ".join(found)
