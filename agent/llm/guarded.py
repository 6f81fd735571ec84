"""An OpenAI-compatible chat model whose failures are one redacted line: no key echoed, no client traceback.

A failing or hostile endpoint may echo the ``Authorization`` header in its error body; the OpenAI client puts
that body in the exception message, which LangGraph records in the checkpoint and front ends print. Every
client error is turned into a ModelCallError whose message has keys masked (``agent.redaction``), raised
``from None`` so the original (with the key) is not chained onto it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from agent.llm.repair import UNREADABLE_KEY, parse_arguments
from agent.redaction import redact

__all__ = ["GuardedChatOpenAI", "ModelCallError"]

_FAILURES: tuple[type[BaseException], ...]
try:
    import httpx
    import openai

    _FAILURES = (openai.OpenAIError, httpx.HTTPError)
except ImportError:  # pragma: no cover - both come with langchain-openai
    _FAILURES = ()


class ModelCallError(RuntimeError):
    """The chat model's endpoint failed (unreachable, an error status, a bad answer); the message is one line."""


def _failure(model: ChatOpenAI, exc: BaseException) -> ModelCallError:
    secret = model.openai_api_key
    key = secret.get_secret_value() if isinstance(secret, SecretStr) else None
    detail = " ".join(str(exc).split())[:300] or exc.__class__.__name__
    where = f" at {model.openai_api_base}" if model.openai_api_base else ""
    return ModelCallError(redact(f"the chat model{where} failed: {exc.__class__.__name__}: {detail}", [key]))


class GuardedChatOpenAI(ChatOpenAI):
    """ChatOpenAI whose client failures come out as a redacted one-line ModelCallError."""

    def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
        try:
            return super()._generate(*args, **kwargs)
        except _FAILURES as exc:
            raise _failure(self, exc) from None

    async def _agenerate(self, *args: Any, **kwargs: Any) -> ChatResult:
        try:
            return await super()._agenerate(*args, **kwargs)
        except _FAILURES as exc:
            raise _failure(self, exc) from None

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        held: dict[int, dict[str, str]] = {}
        try:
            for chunk in super()._stream(*args, **kwargs):
                out = _hold_calls(chunk, held)
                if out is not None:
                    yield out
        except _FAILURES as exc:
            raise _failure(self, exc) from None
        if held:
            yield _calls_chunk(held)

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        held: dict[int, dict[str, str]] = {}
        try:
            async for chunk in super()._astream(*args, **kwargs):
                out = _hold_calls(chunk, held)
                if out is not None:
                    yield out
        except _FAILURES as exc:
            raise _failure(self, exc) from None
        if held:
            yield _calls_chunk(held)


def _hold_calls(chunk: ChatGenerationChunk, held: dict[int, dict[str, str]]) -> ChatGenerationChunk | None:
    """Keep a chunk's tool-call pieces back (text passes at once); None when nothing else is left in it.

    LangChain parses merged tool-call arguments leniently and turns unreadable JSON into ``{}`` (a call
    with no arguments), losing what the model wrote; holding the raw pieces lets them be repaired whole.
    """
    msg = chunk.message
    if not isinstance(msg, AIMessageChunk) or not msg.tool_call_chunks:
        return chunk
    for piece in msg.tool_call_chunks:
        slot = held.setdefault(int(piece.get("index") or 0), {"name": "", "args": "", "id": ""})
        slot["name"] += piece.get("name") or ""
        slot["args"] += piece.get("args") or ""
        slot["id"] = slot["id"] or (piece.get("id") or "")
    if not msg.content and not msg.usage_metadata and not msg.response_metadata:
        return None
    rest = AIMessageChunk(content=msg.content, id=msg.id, usage_metadata=msg.usage_metadata,
                          response_metadata=msg.response_metadata, additional_kwargs=msg.additional_kwargs)
    return ChatGenerationChunk(message=rest, generation_info=chunk.generation_info)


def _calls_chunk(held: dict[int, dict[str, str]]) -> ChatGenerationChunk:
    """Return one chunk with the held tool calls: arguments repaired to JSON, the unreadable set apart."""
    pieces: list[Any] = []
    unreadable: list[dict[str, str]] = []
    for index, slot in sorted(held.items()):
        args = parse_arguments(slot["args"])
        if args is None:
            unreadable.append({"name": slot["name"], "args": slot["args"][:500], "id": slot["id"]})
            continue
        pieces.append({"name": slot["name"], "args": json.dumps(args), "id": slot["id"], "index": index,
                       "type": "tool_call_chunk"})
    extra = {UNREADABLE_KEY: unreadable} if unreadable else {}
    return ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=pieces, additional_kwargs=extra))
