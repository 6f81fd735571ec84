"""Chroma embedding functions over Reelsmith's embedders, and the choice between them.

Both are registered with Chroma under their own names, so a persisted collection records
which one built it. Chroma's default function (which downloads a model from S3) is never
used: every collection the index opens is given one of these explicitly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from agent.index.embeddings import Embedder, LocalEmbedder, OpenAIEmbedder, get_local_embedder

if TYPE_CHECKING:
    from agent.config import Settings

__all__ = [
    "ReelsmithEmbeddingFunction",
    "ReelsmithOpenAIEmbeddingFunction",
    "embedder_for",
    "embedding_function_for",
]


def _as_rows(embedder: Embedder, texts: Documents) -> Embeddings:
    return list(embedder.embed(list(texts)))


class ReelsmithEmbeddingFunction(EmbeddingFunction[Documents]):
    """Local all-MiniLM-L6-v2 (int8 ONNX, pip-installed files) as a Chroma embedding function."""

    def __init__(self, embedder: LocalEmbedder | None = None) -> None:
        self._embedder = embedder or get_local_embedder()

    @property
    def embedder(self) -> LocalEmbedder:
        """Return the wrapped embedder."""
        return self._embedder

    def __call__(self, input: Documents) -> Embeddings:  # Chroma's parameter name
        """Embed documents."""
        return _as_rows(self._embedder, input)

    @staticmethod
    def name() -> str:
        """Name this function in Chroma's registry and in persisted collection configs."""
        return "reelsmith_minilm_int8"

    def default_space(self) -> Space:
        """Use cosine distance: the rows are unit vectors."""
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        """List the distance spaces these vectors suit."""
        return ["cosine", "ip", "l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ReelsmithEmbeddingFunction:
        """Rebuild from a persisted config (the model has no options)."""
        return ReelsmithEmbeddingFunction()

    def get_config(self) -> dict[str, Any]:
        """Describe this function for Chroma's persisted collection config."""
        return {"model": self._embedder.model_id}


class ReelsmithOpenAIEmbeddingFunction(EmbeddingFunction[Documents]):
    """An OpenAI-compatible embeddings endpoint as a Chroma embedding function.

    The persisted config holds the model and base URL, never the key; a function rebuilt
    from config alone has no key and fails with a clear error when called.
    """

    def __init__(self, embedder: OpenAIEmbedder) -> None:
        self._embedder = embedder

    @property
    def embedder(self) -> OpenAIEmbedder:
        """Return the wrapped embedder."""
        return self._embedder

    def __call__(self, input: Documents) -> Embeddings:  # Chroma's parameter name
        """Embed documents through the endpoint."""
        return _as_rows(self._embedder, input)

    @staticmethod
    def name() -> str:
        """Name this function in Chroma's registry and in persisted collection configs."""
        return "reelsmith_openai"

    def default_space(self) -> Space:
        """Use cosine distance: the rows are unit vectors."""
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        """List the distance spaces these vectors suit."""
        return ["cosine", "ip", "l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ReelsmithOpenAIEmbeddingFunction:
        """Rebuild from a persisted config, without a key."""
        embedder = OpenAIEmbedder(model=str(config["model"]), api_key=None, base_url=config.get("base_url"))
        return ReelsmithOpenAIEmbeddingFunction(embedder)

    def get_config(self) -> dict[str, Any]:
        """Describe this function for Chroma's persisted collection config (no secrets)."""
        return {"model": self._embedder.model, "base_url": self._embedder.base_url}

    def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
        """Refuse to switch models in place: old vectors would not be comparable."""
        if "model" in new_config and new_config["model"] != old_config.get("model"):
            raise ValueError("the embedding model of an existing collection cannot change; reindex instead")


# Called, not used as a decorator: early chromadb 1.x returns None from it.
register_embedding_function(ReelsmithEmbeddingFunction)
register_embedding_function(ReelsmithOpenAIEmbeddingFunction)


def embedder_for(settings: Settings) -> Embedder:
    """Return the embedder the settings ask for (local by default)."""
    if settings.embeddings == "openai":
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return OpenAIEmbedder(
            model=settings.openai_embedding_model, api_key=key, base_url=settings.openai_base_url
        )
    return get_local_embedder()


def embedding_function_for(settings: Settings) -> EmbeddingFunction[Documents]:
    """Return the Chroma embedding function the settings ask for (local by default)."""
    embedder = embedder_for(settings)
    if isinstance(embedder, OpenAIEmbedder):
        return ReelsmithOpenAIEmbeddingFunction(embedder)
    return ReelsmithEmbeddingFunction()
