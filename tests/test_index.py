"""The Chroma asset index: re-use lookup, search, and keeping it in step with the project."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

from agent.index.embeddings import OpenAIEmbedder, get_local_embedder
from agent.index.functions import ReelsmithEmbeddingFunction, ReelsmithOpenAIEmbeddingFunction
from agent.index.store import AssetIndex, AssetIndexError, IndexEntry, describe

RAIN = "wide shot, rainy platform at night, neon reflections on the wet ground"
RAIN_REWORDED = "wide shot of a rainy train platform at night with neon reflections on the wet ground"


def _entries() -> list[IndexEntry]:
    return [
        IndexEntry(
            id="img-rain", kind="image", description=RAIN, shot="1.1", entities=("Mara",), cost_usd=0.04
        ),
        IndexEntry(id="vid-rain", kind="video", description=RAIN, shot="1.1", cost_usd=0.30),
        IndexEntry(id="img-cake", kind="image", description="close-up of a chocolate birthday cake, candles"),
        IndexEntry(id="aud-rain", kind="audio", description="rain on a train platform, announcements"),
        IndexEntry(
            id="img-jonas",
            kind="image",
            description="medium shot of Jonas in the kitchen, morning light",
            entities=("Jonas", "Kitchen"),
            extra={"status": "approved"},
        ),
    ]


@pytest.fixture(scope="module")
def ef() -> ReelsmithEmbeddingFunction:
    return ReelsmithEmbeddingFunction(get_local_embedder())


SERVER_URL = os.environ.get("REELSMITH_TEST_CHROMA_URL") or None
_ON_SERVER = pytest.mark.skipif(
    SERVER_URL is None, reason="index tests on a Chroma server need REELSMITH_TEST_CHROMA_URL (.ci/run starts one)"
)


@pytest.fixture(params=["in-process", pytest.param("server", marks=_ON_SERVER)])
def index(request: pytest.FixtureRequest, ef: ReelsmithEmbeddingFunction) -> Iterator[AssetIndex]:
    """Yield a filled index: in-process, or on the shared test server under a namespace of this test's own."""
    if request.param == "in-process":
        ix = AssetIndex.in_memory(embedding_function=ef)
    else:
        assert SERVER_URL is not None
        ix = AssetIndex.connect(SERVER_URL, embedding_function=ef, namespace=f"t{uuid.uuid4().hex[:12]}")
    ix.upsert(_entries())
    yield ix
    if request.param == "server":
        ix.drop()  # the server outlives the test


def test_find_reusable_offers_only_close_assets_of_the_same_kind(index: AssetIndex) -> None:
    matches = index.find_reusable("image", RAIN_REWORDED, threshold=0.8)
    assert [m.id for m in matches] == ["img-rain"]
    best = matches[0]
    assert 0.8 <= best.similarity <= 1.0
    assert best.metadata["kind"] == "image"
    assert best.metadata["shot"] == "1.1"
    assert best.metadata["cost_usd"] == pytest.approx(0.04)
    assert best.entities == ("Mara",)
    assert [m.id for m in index.find_reusable("video", RAIN_REWORDED, threshold=0.8)] == ["vid-rain"]
    assert index.find_reusable("image", "a dog sleeps on a sunny porch", threshold=0.8) == []


def test_matches_come_best_first_and_respect_the_threshold(index: AssetIndex) -> None:
    loose = index.find_reusable("image", RAIN_REWORDED, threshold=0.0, k=5)
    assert [m.id for m in loose][0] == "img-rain"
    assert len(loose) == 3  # every image, nothing of another kind
    sims = [m.similarity for m in loose]
    assert sims == sorted(sims, reverse=True)
    strict = index.find_reusable("image", RAIN_REWORDED, threshold=sims[0] + 1e-4)
    assert strict == []


def test_where_narrows_by_linked_entities(index: AssetIndex) -> None:
    query = "medium shot of Mara in the kitchen, morning light"
    assert [m.id for m in index.find_reusable("image", query, threshold=0.6)] == ["img-jonas"]
    assert index.find_reusable("image", query, threshold=0.6, entities=["Mara", "Kitchen"]) == []
    hit = index.find_reusable("image", query, threshold=0.6, entities=[" Kitchen", "Jonas"])
    assert [m.id for m in hit] == ["img-jonas"]
    assert hit[0].metadata["status"] == "approved"
    assert index.find_reusable("image", query, threshold=0.6, where={"status": "draft"}) == []
    assert index.find_reusable("image", RAIN, threshold=0.6, entities=[]) == []  # img-rain shows Mara


def test_search_ranks_by_meaning_and_filters_kind(index: AssetIndex) -> None:
    assert index.search("birthday cake")[0].id == "img-cake"
    assert [m.id for m in index.search("rain", kind="audio")] == ["aud-rain"]
    assert len(index.search("anything", k=2)) == 2


def test_count_ids_and_remove(index: AssetIndex) -> None:
    assert index.count() == 5
    assert index.remove(["img-cake", "not-there"]) == 2
    assert index.ids() == {"img-rain", "vid-rain", "aud-rain", "img-jonas"}


def test_sync_adds_updates_and_removes(index: AssetIndex) -> None:
    wanted = _entries()[:3] + [IndexEntry(id="img-new", kind="image", description="a lighthouse in a storm")]
    wanted[2] = wanted[2].model_copy(update={"description": "close-up of a lemon tart"})
    report = index.sync(wanted)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 2, 2)
    assert index.ids() == {e.id for e in wanted}
    assert index.search("lemon tart", kind="image")[0].id == "img-cake"
    again = index.sync(wanted)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 4)


def test_sync_notices_metadata_only_changes(index: AssetIndex) -> None:
    entries = _entries()
    entries[0] = entries[0].model_copy(update={"cost_usd": 0.08})
    assert index.sync(entries).updated == 1
    assert index.find_reusable("image", RAIN, threshold=0.9)[0].metadata["cost_usd"] == pytest.approx(0.08)


def test_rebuild_makes_the_index_exactly_the_project(index: AssetIndex) -> None:
    assert index.rebuild(_entries()[:2]) == 2
    assert index.ids() == {"img-rain", "vid-rain"}


def test_upsert_with_precomputed_vectors(ef: ReelsmithEmbeddingFunction) -> None:
    ix = AssetIndex.in_memory(embedding_function=ef)
    vector = get_local_embedder().embed([RAIN])
    ix.upsert([IndexEntry(id="x", kind="image", description="label only")], embeddings=vector)
    assert ix.find_reusable("image", RAIN, threshold=0.99)[0].id == "x"
    with pytest.raises(AssetIndexError, match="embeddings array"):
        ix.upsert([IndexEntry(id="y", kind="image", description="d")], embeddings=np.zeros((2, 384)))


def test_empty_index_offers_nothing(ef: ReelsmithEmbeddingFunction) -> None:
    assert AssetIndex.in_memory(embedding_function=ef).find_reusable("image", RAIN) == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ix: ix.find_reusable("gif", RAIN), "unknown asset kind"),
        (lambda ix: ix.find_reusable("image", RAIN, threshold=1.5), "threshold"),
        (lambda ix: ix.find_reusable("image", "   "), "empty"),
        (lambda ix: ix.search(RAIN, k=0), "k must be"),
        (lambda ix: ix.search(RAIN, kind="gif"), "unknown asset kind"),
    ],
)
def test_bad_queries_get_one_line_errors(index: AssetIndex, call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AssetIndexError, match=message):
        call(index)


def test_bad_writes_change_nothing(index: AssetIndex) -> None:
    before = index.ids()
    dupes = [IndexEntry(id="n1", kind="image", description=d) for d in ("a", "b")]
    with pytest.raises(AssetIndexError, match="duplicate"):
        index.upsert(dupes)
    reserved = IndexEntry(id="n2", kind="image", description="a", extra={"kind": "video"})
    with pytest.raises(AssetIndexError, match="reserved"):
        index.upsert([IndexEntry(id="n3", kind="image", description="ok"), reserved])
    with pytest.raises(AssetIndexError, match="reserved"):
        index.rebuild([reserved])
    with pytest.raises(AssetIndexError, match="duplicate"):
        index.rebuild(dupes)
    with pytest.raises(AssetIndexError, match="duplicate"):
        index.sync(dupes)
    assert index.ids() == before


def test_persistent_index_survives_reopening(tmp_path: Path, ef: ReelsmithEmbeddingFunction) -> None:
    path = tmp_path / "project" / "index"
    first = AssetIndex.open(path, embedding_function=ef)
    first.sync(_entries())
    again = AssetIndex.open(path, embedding_function=ef)
    assert again.count() == 5
    assert again.find_reusable("image", RAIN_REWORDED, threshold=0.8)[0].id == "img-rain"
    config = again._collection.configuration
    assert config["hnsw"]["space"] == "cosine"
    persisted_ef = config.get("embedding_function")  # recorded by chromadb >= 1.1
    assert persisted_ef is None or persisted_ef.name() == "reelsmith_minilm_int8"
    assert again._client.get_settings().anonymized_telemetry is False


def test_open_refuses_a_file(tmp_path: Path, ef: ReelsmithEmbeddingFunction) -> None:
    target = tmp_path / "index"
    target.write_text("not a folder")
    with pytest.raises(AssetIndexError, match="not a folder"):
        AssetIndex.open(target, embedding_function=ef)


def test_connect_refuses_a_non_url(ef: ReelsmithEmbeddingFunction) -> None:
    with pytest.raises(AssetIndexError, match="URL"):
        AssetIndex.connect("chroma.example", embedding_function=ef)


def test_each_embedding_model_gets_its_own_collection(ef: ReelsmithEmbeddingFunction) -> None:
    remote = ReelsmithOpenAIEmbeddingFunction(OpenAIEmbedder(model="text-embedding-3-small", api_key=None))
    local_name = AssetIndex.in_memory(embedding_function=ef).name
    remote_name = AssetIndex.in_memory(embedding_function=remote).name
    assert "minilm" in local_name.lower()
    assert "text-embedding-3-small" in remote_name


def test_chromas_downloading_default_function_is_never_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ef: ReelsmithEmbeddingFunction
) -> None:
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise AssertionError("Chroma's default embedding model was touched")

    monkeypatch.setattr(ONNXMiniLM_L6_V2, "_download_model_if_not_exists", refuse)
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "_forward", refuse)
    ix = AssetIndex.open(tmp_path / "index", embedding_function=ef)
    ix.sync(_entries())
    assert ix.find_reusable("image", RAIN_REWORDED, threshold=0.8)
    assert AssetIndex.open(tmp_path / "index", embedding_function=ef).search("cake")


def test_describe_composes_prompt_tags_and_entities() -> None:
    text = describe(" wide shot of the harbour ", tags=["night", " "], entities=["Mara", "Harbour"])
    assert text == "wide shot of the harbour. night. with Mara, Harbour"
    assert describe("close-up") == "close-up"


def test_a_second_handle_survives_a_rebuild(tmp_path: Path, ef: ReelsmithEmbeddingFunction) -> None:
    first = AssetIndex.open(tmp_path / "index", embedding_function=ef)
    second = AssetIndex.open(tmp_path / "index", embedding_function=ef)
    first.upsert(_entries())
    second.rebuild(_entries()[:1])
    assert first.ids() == {"img-rain"}
    first.upsert([IndexEntry(id="late", kind="audio", description="footsteps on gravel")])
    assert second.count() == 2


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """Yield the test Chroma server's URL, or run one (the `chroma` CLI installed with chromadb) on 127.0.0.1."""
    if SERVER_URL is not None:
        yield SERVER_URL
        return
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        pytest.skip("the chroma CLI is not installed next to this Python")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail("the chroma server did not start")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_index_on_a_chroma_server(chroma_server: str, ef: ReelsmithEmbeddingFunction) -> None:
    space = f"t{uuid.uuid4().hex[:12]}"
    index = AssetIndex.connect(chroma_server, embedding_function=ef, namespace=space)
    try:
        assert index.sync(_entries()).added == 5
        assert index.find_reusable("image", RAIN_REWORDED, threshold=0.8)[0].id == "img-rain"
        assert AssetIndex.connect(chroma_server, embedding_function=ef, namespace=space).count() == 5
        index.rebuild(_entries()[:2])
        assert index.ids() == {"img-rain", "vid-rain"}
        persisted_ef = index._collection.configuration.get("embedding_function")
        assert persisted_ef is None or persisted_ef.name() == "reelsmith_minilm_int8"
    finally:
        index.drop()


def test_projects_sharing_a_server_never_see_each_others_assets(
    chroma_server: str, ef: ReelsmithEmbeddingFunction
) -> None:
    mine = AssetIndex.connect(chroma_server, embedding_function=ef, namespace=f"t{uuid.uuid4().hex[:12]}")
    theirs = AssetIndex.connect(chroma_server, embedding_function=ef, namespace=f"t{uuid.uuid4().hex[:12]}")
    try:
        mine.sync(_entries())
        assert theirs.count() == 0 and theirs.find_reusable("image", RAIN, threshold=0.5) == []
        theirs.sync(_entries()[:1])  # their sync removes nothing of mine
        assert mine.count() == 5 and mine.name != theirs.name
    finally:
        mine.drop()
        theirs.drop()


def test_a_project_index_follows_the_settings(
    chroma_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent.config import load_settings
    from agent.index import open_project_index
    from agent.project import Project

    monkeypatch.delenv("REELSMITH_CHROMA_URL", raising=False)
    with Project.create(tmp_path / "p", name="Indexed") as project:
        local = open_project_index(project, load_settings(home=tmp_path))
        local.upsert(_entries()[:1])
        assert (tmp_path / "p" / "index").is_dir()
        remote = open_project_index(project, load_settings(home=tmp_path, chroma_url=chroma_server))
        try:
            assert project.store_key in remote.name and remote.count() == 0  # its own collection, on the server
            remote.upsert(_entries())
            assert open_project_index(project, load_settings(home=tmp_path, chroma_url=chroma_server)).count() == 5
        finally:
            remote.drop()


def test_a_namespace_must_be_a_plain_name(ef: ReelsmithEmbeddingFunction) -> None:
    for bad in ("", "../x", "a" * 25, "-lead"):
        with pytest.raises(AssetIndexError, match="namespace"):
            AssetIndex.connect("http://127.0.0.1:9", embedding_function=ef, namespace=bad)
