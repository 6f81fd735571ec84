"""Asset index: offline embeddings, the Chroma collection of assets, and the re-use lookup.

Chroma stays behind this package: nothing else in Reelsmith imports chromadb. Names are
loaded on first use, so ``from agent.index import get_local_embedder`` does not pay for
importing chromadb.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.index.embeddings import (
        EMBEDDING_DIM,
        LOCAL_MODEL_ID,
        Embedder,
        EmbeddingError,
        EmbeddingModelUnavailable,
        LocalEmbedder,
        OpenAIEmbedder,
        cosine,
        get_local_embedder,
    )
    from agent.index.for_project import open_project_index
    from agent.index.functions import (
        ReelsmithEmbeddingFunction,
        ReelsmithOpenAIEmbeddingFunction,
        embedder_for,
        embedding_function_for,
    )
    from agent.index.pairs import (
        RECOMMENDED_REUSE_THRESHOLD,
        ReusePair,
        best_threshold,
        evaluate_pairs,
        load_reuse_pairs,
        threshold_table,
    )
    from agent.index.store import (
        AssetIndex,
        AssetIndexError,
        AssetKind,
        IndexEntry,
        ReuseMatch,
        SyncReport,
        describe,
    )

_EXPORTS = {
    "EMBEDDING_DIM": "embeddings",
    "LOCAL_MODEL_ID": "embeddings",
    "Embedder": "embeddings",
    "EmbeddingError": "embeddings",
    "EmbeddingModelUnavailable": "embeddings",
    "LocalEmbedder": "embeddings",
    "OpenAIEmbedder": "embeddings",
    "cosine": "embeddings",
    "get_local_embedder": "embeddings",
    "ReelsmithEmbeddingFunction": "functions",
    "ReelsmithOpenAIEmbeddingFunction": "functions",
    "embedder_for": "functions",
    "embedding_function_for": "functions",
    "AssetIndex": "store",
    "IndexEntry": "store",
    "AssetIndexError": "store",
    "AssetKind": "store",
    "ReuseMatch": "store",
    "SyncReport": "store",
    "describe": "store",
    "RECOMMENDED_REUSE_THRESHOLD": "pairs",
    "ReusePair": "pairs",
    "best_threshold": "pairs",
    "evaluate_pairs": "pairs",
    "load_reuse_pairs": "pairs",
    "threshold_table": "pairs",
    "open_project_index": "for_project",
}

__all__ = [
    "AssetIndex",
    "AssetIndexError",
    "AssetKind",
    "EMBEDDING_DIM",
    "Embedder",
    "EmbeddingError",
    "EmbeddingModelUnavailable",
    "IndexEntry",
    "LOCAL_MODEL_ID",
    "LocalEmbedder",
    "OpenAIEmbedder",
    "RECOMMENDED_REUSE_THRESHOLD",
    "ReelsmithEmbeddingFunction",
    "ReelsmithOpenAIEmbeddingFunction",
    "ReuseMatch",
    "ReusePair",
    "SyncReport",
    "best_threshold",
    "cosine",
    "describe",
    "embedder_for",
    "embedding_function_for",
    "evaluate_pairs",
    "get_local_embedder",
    "load_reuse_pairs",
    "open_project_index",
    "threshold_table",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'agent.index' has no attribute {name!r}")
    value = getattr(import_module(f"agent.index.{module}"), name)
    globals()[name] = value
    return value
