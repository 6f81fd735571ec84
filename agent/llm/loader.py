"""Resolve the configured model string into a LangChain chat model."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from agent.config import Settings
from agent.llm.offline import OfflineDirector

__all__ = ["OFFLINE_MODEL", "ModelLoadError", "load_chat_model"]

OFFLINE_MODEL = "offline"
_LOCAL_KEY = "not-needed"  # Ollama, vLLM and LM Studio ignore the key, but the OpenAI client wants one


class ModelLoadError(ValueError):
    """Raised when the configured model cannot be set up (bad name, missing key)."""


def load_chat_model(settings: Settings) -> BaseChatModel:
    """Return the chat model ``settings.model`` names: the OfflineDirector, or ChatOpenAI for anything else.

    Any other name goes to an OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio) at
    ``settings.openai_base_url`` with ``settings.openai_api_key``; an ``openai:`` prefix is allowed.

    Raises:
        ModelLoadError: the name is empty, or a hosted model has no API key and no base URL.
    """
    name = (settings.model or "").strip()
    if not name:
        raise ModelLoadError("model name is empty; use 'offline' or an OpenAI-compatible model name")
    if name.lower() == OFFLINE_MODEL:
        return OfflineDirector()
    if name.lower().startswith("openai:"):
        name = name.split(":", 1)[1].strip()
    key = settings.openai_api_key
    if key is None or not key.get_secret_value():
        if not settings.openai_base_url:
            raise ModelLoadError(
                f"model {name!r} needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local server (Ollama, vLLM)"
            )
        key = SecretStr(_LOCAL_KEY)
    from agent.llm.guarded import GuardedChatOpenAI  # failures come out redacted, in one line

    return GuardedChatOpenAI(
        model=name,
        base_url=settings.openai_base_url,
        api_key=key,
        temperature=0.2,
        streaming=True,
        stream_usage=True,
        timeout=settings.model_timeout_s,
        max_retries=settings.model_retries,  # the OpenAI client backs off exponentially between tries
    )
