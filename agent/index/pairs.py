"""The labelled shot-description pairs and how well the re-use offer separates them.

``data/reuse_pairs.yaml`` holds pairs labelled ``same`` (two wordings of one shot: an
existing asset would serve) or ``different`` (distinct shots sharing words). A pair is
offered for re-use when its cosine similarity reaches the threshold; precision is the
share of offers that were right, recall the share of ``same`` pairs that were offered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
import yaml
from pydantic import BaseModel, Field, ValidationError

from agent.config import DATA_DIR
from agent.index.embeddings import Embedder

__all__ = [
    "RECOMMENDED_REUSE_THRESHOLD",
    "REUSE_PAIRS_FILE",
    "ReusePair",
    "ReusePairsError",
    "ThresholdRow",
    "best_threshold",
    "evaluate_pairs",
    "load_reuse_pairs",
    "pair_similarities",
    "threshold_table",
]

REUSE_PAIRS_FILE = DATA_DIR / "reuse_pairs.yaml"

RECOMMENDED_REUSE_THRESHOLD = 0.75
"""Threshold measured on the shipped pairs with the local model: precision >= 0.9 with most
rewordings still offered (0.85 keeps precision at 1.0 but offers fewer than half)."""


class ReusePairsError(ValueError):
    """Raised when a pairs file is missing or malformed."""


class ReusePair(BaseModel):
    """Two shot descriptions and whether one asset would serve both."""

    a: str = Field(min_length=1, description="First shot description.")
    b: str = Field(min_length=1, description="Second shot description.")
    label: Literal["same", "different"] = Field(description="'same' shot reworded, or 'different' shots.")


class ThresholdRow(BaseModel):
    """Precision and recall of the re-use offer at one threshold."""

    threshold: float = Field(description="Similarity at or above which re-use is offered.")
    precision: float = Field(description="Offers that were right / all offers (1.0 with no offers).")
    recall: float = Field(description="'same' pairs offered / all 'same' pairs.")
    offered: int = Field(description="How many pairs reached the threshold.")


def load_reuse_pairs(path: Path | None = None) -> list[ReusePair]:
    """Read the labelled pairs (the shipped ``data/reuse_pairs.yaml`` by default)."""
    source = path or REUSE_PAIRS_FILE
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReusePairsError(f"cannot read reuse pairs from {source}: {exc}") from exc
    items = raw.get("pairs") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise ReusePairsError(f"{source}: expected a non-empty 'pairs:' list")
    try:
        return [ReusePair.model_validate(item) for item in items]
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ReusePairsError(f"{source}: bad pair: {first['loc']} {first['msg']}") from exc


def pair_similarities(pairs: Sequence[ReusePair], embedder: Embedder) -> npt.NDArray[np.float64]:
    """Return the cosine similarity of each pair (the rows of ``embedder`` are unit vectors)."""
    if not pairs:
        return np.zeros(0)
    left = embedder.embed([p.a for p in pairs]).astype(np.float64)
    right = embedder.embed([p.b for p in pairs]).astype(np.float64)
    return np.einsum("ij,ij->i", left, right)


def _score(labels: npt.NDArray[np.bool_], sims: npt.NDArray[np.float64], threshold: float) -> ThresholdRow:
    offered = sims >= threshold
    hits = int(np.sum(offered & labels))
    n_offered, n_same = int(offered.sum()), int(labels.sum())
    return ThresholdRow(
        threshold=threshold,
        precision=hits / n_offered if n_offered else 1.0,
        recall=hits / n_same if n_same else 1.0,
        offered=n_offered,
    )


def evaluate_pairs(pairs: Sequence[ReusePair], embedder: Embedder, threshold: float) -> tuple[float, float]:
    """Return ``(precision, recall)`` of offering re-use at ``threshold`` on the labelled pairs."""
    labels = np.array([p.label == "same" for p in pairs], dtype=bool)
    row = _score(labels, pair_similarities(pairs, embedder), threshold)
    return row.precision, row.recall


def threshold_table(
    pairs: Sequence[ReusePair], embedder: Embedder, thresholds: Iterable[float] | None = None
) -> list[ThresholdRow]:
    """Return precision and recall at each threshold (0.50 to 0.95 by 0.05 by default)."""
    labels = np.array([p.label == "same" for p in pairs], dtype=bool)
    sims = pair_similarities(pairs, embedder)
    steps = thresholds if thresholds is not None else [round(0.5 + 0.05 * i, 2) for i in range(10)]
    return [_score(labels, sims, float(t)) for t in steps]


def best_threshold(
    pairs: Sequence[ReusePair], embedder: Embedder, *, min_precision: float = 0.9
) -> ThresholdRow:
    """Return the threshold (to 0.01) with the best recall whose precision is at least ``min_precision``."""
    rows = threshold_table(pairs, embedder, [round(0.3 + 0.01 * i, 2) for i in range(70)])
    good = [r for r in rows if r.precision >= min_precision and r.offered]
    if not good:
        return rows[-1]
    # Among equal recall prefer the higher threshold: more margin against false offers.
    return max(good, key=lambda r: (r.recall, r.threshold))
