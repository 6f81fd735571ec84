"""An OpenAI-compatible chat model whose failures are one redacted line: no key echoed, no client traceback.

A failing or hostile endpoint may echo the ``Authorization`` header in its error body; the OpenAI client puts
that body in the exception message, which LangGraph records in the checkpoint and front ends print. Every
client error is turned into a ModelCallError whose message has keys masked (``agent.redaction``), raised
``from None`` so the original (with the key) is not chained onto it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

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
        try:
            yield from super()._stream(*args, **kwargs)
        except _FAILURES as exc:
            raise _failure(self, exc) from None

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        try:
            async for chunk in super()._astream(*args, **kwargs):
                yield chunk
        except _FAILURES as exc:
            raise _failure(self, exc) from None
