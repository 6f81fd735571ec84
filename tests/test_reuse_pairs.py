"""Precision and recall of the re-use offer on the labelled shot-description pairs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from agent.config import Settings
from agent.index.embeddings import get_local_embedder
from agent.index.pairs import (
    RECOMMENDED_REUSE_THRESHOLD,
    ReusePair,
    ReusePairsError,
    best_threshold,
    evaluate_pairs,
    load_reuse_pairs,
    threshold_table,
)


@pytest.fixture(scope="module")
def pairs() -> list[ReusePair]:
    return load_reuse_pairs()


class _MemoEmbedder:
    """Embed each distinct text once for the whole module (the tests re-score the same pairs)."""

    model_id = "memo"

    def __init__(self) -> None:
        self._rows: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self._rows]
        if todo:
            self._rows.update(zip(todo, get_local_embedder().embed(todo), strict=True))
        return np.stack([self._rows[t] for t in texts])


@pytest.fixture(scope="module")
def embedder() -> _MemoEmbedder:
    return _MemoEmbedder()


def test_the_labelled_set_is_balanced_and_distinct(pairs: list[ReusePair]) -> None:
    assert len(pairs) >= 40
    same = sum(p.label == "same" for p in pairs)
    assert same >= 20 and len(pairs) - same >= 20
    assert len({(p.a, p.b) for p in pairs}) == len(pairs)


def test_recommended_threshold_is_precise_and_finds_most_rewordings(
    pairs: list[ReusePair], embedder: _MemoEmbedder
) -> None:
    precision, recall = evaluate_pairs(pairs, embedder, RECOMMENDED_REUSE_THRESHOLD)
    assert precision >= 0.9
    assert recall >= 0.75


def test_configured_threshold_is_precise(pairs: list[ReusePair], embedder: _MemoEmbedder) -> None:
    precision, recall = evaluate_pairs(pairs, embedder, Settings().reuse_threshold)
    assert precision >= 0.9
    assert recall >= 0.4


def test_threshold_table_trades_recall_for_precision(pairs: list[ReusePair], embedder: _MemoEmbedder) -> None:
    rows = threshold_table(pairs, embedder, [0.5, 0.7, 0.9])
    assert [r.threshold for r in rows] == [0.5, 0.7, 0.9]
    assert rows[0].recall >= rows[1].recall >= rows[2].recall
    assert rows[0].offered > rows[2].offered
    best = best_threshold(pairs, embedder)
    assert best.precision >= 0.9 and best.recall >= 0.75


class _TableEmbedder:
    """Embed each text to a fixed vector, so pair similarities are known exactly."""

    model_id = "table"

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self._vectors = vectors

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows = np.array([self._vectors[t] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_precision_and_recall_arithmetic() -> None:
    e = _TableEmbedder({"x": [1, 0], "x2": [1, 0.1], "y": [0, 1], "x3": [1, 1]})
    pairs = [
        ReusePair(a="x", b="x2", label="same"),  # cos 0.995: offered, right
        ReusePair(a="x", b="x3", label="same"),  # cos 0.707: missed at 0.9
        ReusePair(a="x2", b="x", label="different"),  # cos 0.995: offered, wrong
        ReusePair(a="x", b="y", label="different"),  # cos 0.0: not offered, right
    ]
    assert evaluate_pairs(pairs, e, 0.9) == (0.5, 0.5)
    assert evaluate_pairs(pairs, e, 0.5) == (pytest.approx(2 / 3), 1.0)
    assert evaluate_pairs(pairs, e, 0.999) == (1.0, 0.0)  # no offers: nothing offered wrongly


def test_bad_pairs_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "pairs.yaml"
    bad.write_text("pairs:\n  - {a: one, b: two, label: maybe}\n")
    with pytest.raises(ReusePairsError, match="bad pair"):
        load_reuse_pairs(bad)
    with pytest.raises(ReusePairsError, match="cannot read"):
        load_reuse_pairs(tmp_path / "missing.yaml")
    (tmp_path / "empty.yaml").write_text("pairs: []\n")
    with pytest.raises(ReusePairsError, match="non-empty"):
        load_reuse_pairs(tmp_path / "empty.yaml")
