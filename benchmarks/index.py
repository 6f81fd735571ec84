"""Index figures: re-use lookup latency at 10,000 assets against a raw Chroma query, and embedding throughput.

Our side is ``benchmarks.index_bench.benchmark_index`` (``find_reusable``, which embeds its query text).
The baseline is the least a lookup can cost: a bare Chroma collection with the same number of
precomputed vectors, queried with a precomputed query vector.
"""

from __future__ import annotations

import statistics
import tempfile
import time

import numpy as np

from agent.index.embeddings import get_local_embedder
from benchmarks.figures import Figure
from benchmarks.index_bench import benchmark_index, synthetic_descriptions

__all__ = ["index_figures", "raw_chroma_latencies"]

_P50_TARGET_MS = 20.0


def raw_chroma_latencies(n: int, *, queries: int, seed: int = 0) -> list[float]:
    """Return per-query ms of a bare Chroma collection of ``n`` vectors queried with precomputed vectors."""
    import chromadb

    embedder = get_local_embedder()
    texts = synthetic_descriptions(64, seed=seed)
    base = np.asarray(embedder.embed(texts), dtype=np.float32)
    rng = np.random.default_rng(seed)
    vectors = base[rng.integers(0, len(base), size=n)] + rng.normal(0.0, 0.02, size=(n, base.shape[1]))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    probes = np.asarray(embedder.embed(synthetic_descriptions(queries, seed=seed + 1)), dtype=np.float32)
    kinds = ("image", "video", "audio")
    with tempfile.TemporaryDirectory(prefix="reelsmith-bench-chroma-") as tmp:
        client = chromadb.PersistentClient(path=tmp)
        col = client.get_or_create_collection("raw", metadata={"hnsw:space": "cosine"}, embedding_function=None)
        step = 4000  # below Chroma's max batch size
        for i in range(0, n, step):
            col.add(ids=[f"a{j}" for j in range(i, min(i + step, n))],
                    embeddings=vectors[i : i + step].tolist(),
                    metadatas=[{"kind": kinds[j % 3]} for j in range(i, min(i + step, n))])
        out = []
        for i, probe in enumerate(probes):
            t0 = time.perf_counter()
            col.query(query_embeddings=[probe.tolist()], n_results=5, where={"kind": kinds[i % 3]})
            out.append((time.perf_counter() - t0) * 1000.0)
    return out


def index_figures(*, quick: bool) -> list[Figure]:
    """Measure ``find_reusable`` p50/p95 and embedding throughput against a raw Chroma query."""
    n = 1_000 if quick else 10_000
    queries = 30 if quick else 200
    ours = benchmark_index(n, queries=queries)
    raw = raw_chroma_latencies(n, queries=queries)
    raw_p50, raw_p95 = statistics.median(raw), float(np.percentile(np.asarray(raw), 95))
    size = f"{ours['entries']:,} entries{' (quick run: fewer than 10,000)' if quick else ''}, {queries} queries"
    singles = synthetic_descriptions(8 if quick else 32, seed=7)
    embedder = get_local_embedder()
    start = time.perf_counter()
    for text in singles:
        embedder.embed([text])
    single_rate = len(singles) / (time.perf_counter() - start)
    return [
        Figure.measure("index.find_reusable_p50", value=float(ours["find_reusable_p50_ms"]), baseline=raw_p50,
                       unit="ms", target=_P50_TARGET_MS, target_on="value",
                       note=f"{size}; ours embeds the query text; baseline: raw Chroma with a precomputed vector"),
        Figure.measure("index.find_reusable_p95", value=float(ours["find_reusable_p95_ms"]), baseline=raw_p95,
                       unit="ms", note="report only; baseline: raw Chroma p95"),
        Figure.measure("index.embed_throughput", value=float(ours["embed_texts_per_s"]),
                       baseline=single_rate, unit="texts/s",
                       target=1.0, higher_is_better=True,
                       note=f"batches of {ours['embed_batch']} vs one text per call (batching must not be slower)"),
    ]
