"""Measure the index: embedding throughput and re-use lookup latency at scale.

``benchmark_index()`` is called by :mod:`benchmarks.index`; ``python -m benchmarks.index_bench`` prints it.
The bulk of the entries gets vectors from real embeddings of a few hundred generated shot
descriptions plus small noise (embedding 10,000 texts would time the model, not the index);
the timed lookups embed their query text, as ``find_reusable`` does in use.
"""

from __future__ import annotations

import itertools
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from agent.index.embeddings import get_local_embedder
from agent.index.functions import ReelsmithEmbeddingFunction
from agent.index.store import AssetIndex, IndexEntry

__all__ = ["benchmark_index", "synthetic_descriptions"]

_FRAMING = ["wide shot", "close-up", "medium shot", "over-the-shoulder", "low angle", "aerial", "insert"]
_SUBJECT = ["a detective", "Mara", "Jonas", "two children", "an old woman", "a soldier", "a cat", "the crowd"]
_ACTION = ["walks", "waits", "runs", "argues", "cries", "smokes", "reads a letter", "looks out"]
_PLACE = ["on a rainy platform", "in a neon alley", "by the harbour", "in the kitchen", "on a rooftop",
          "in a desert town", "in a hospital corridor", "in a pine forest"]
_LIGHT = ["at night", "at dawn", "at noon", "at blue hour", "by candlelight", "under flickering neon"]


def synthetic_descriptions(n: int, *, seed: int = 0) -> list[str]:
    """Return ``n`` plausible shot descriptions, deterministic for a seed."""
    rng = random.Random(seed)
    combos = list(itertools.product(_FRAMING, _SUBJECT, _ACTION, _PLACE, _LIGHT))
    rng.shuffle(combos)
    return [f"{f}, {s} {a} {p} {li}" for f, s, a, p, li in itertools.islice(itertools.cycle(combos), n)]


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def benchmark_index(n: int = 10_000, *, queries: int = 200, batch: int = 32, seed: int = 0) -> dict[str, Any]:
    """Return embedding throughput and ``find_reusable`` latency over an index of ``n`` entries."""
    embedder = get_local_embedder()
    embedder.embed(["warm-up"])
    texts = synthetic_descriptions(512, seed=seed)
    start = time.perf_counter()
    base = np.concatenate([embedder.embed(texts[i : i + batch]) for i in range(0, len(texts), batch)])
    embed_rate = len(texts) / (time.perf_counter() - start)

    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(base), size=n)
    vectors = base[picks] + rng.normal(0.0, 0.02, size=(n, base.shape[1])).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    kinds = ("image", "video", "audio")
    entries = [
        IndexEntry(id=f"asset-{i:06d}", kind=kinds[i % 3], description=texts[p], shot=f"{i % 40}.{i % 7}")
        for i, p in enumerate(picks)
    ]
    with tempfile.TemporaryDirectory(prefix="reelsmith-index-bench-") as tmp:
        index = AssetIndex.open(Path(tmp) / "index", embedding_function=ReelsmithEmbeddingFunction())
        start = time.perf_counter()
        index.upsert(entries, embeddings=vectors)
        insert_s = time.perf_counter() - start
        probes = synthetic_descriptions(queries, seed=seed + 1)
        latencies = []
        for i, text in enumerate(probes):
            t0 = time.perf_counter()
            index.find_reusable(kinds[i % 3], text, threshold=0.85, k=5)
            latencies.append((time.perf_counter() - t0) * 1000.0)
        count = index.count()
    return {
        "entries": count,
        "embed_batch": batch,
        "embed_texts_per_s": round(embed_rate, 1),
        "bulk_insert_s": round(insert_s, 2),
        "find_reusable_p50_ms": round(statistics.median(latencies), 2),
        "find_reusable_p95_ms": round(_percentile(latencies, 95), 2),
        "queries": len(latencies),
    }


if __name__ == "__main__":
    print(json.dumps(benchmark_index(), indent=2))
