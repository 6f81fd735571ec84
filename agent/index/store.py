"""The asset index: one Chroma collection of asset descriptions, for re-use offers and search.

The project (SQLite) is the truth; this index is a derived cache of it. ``sync`` makes the
index agree with a list of entries built from the project (add missing, update changed,
remove extra) and ``rebuild`` starts over, so a crash or a branch switch never leaves the
index disagreeing with the project for long.

Each collection is named after its embedding model, so switching embeddings (local <->
OpenAI) never compares vectors of two models: the new collection fills on the next sync.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import chromadb
import numpy as np
import numpy.typing as npt
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AssetIndex",
    "AssetIndexError",
    "AssetKind",
    "IndexEntry",
    "ReuseMatch",
    "SyncReport",
    "describe",
]

AssetKind = Literal["image", "video", "audio"]
MetaValue = str | int | float | bool

_KINDS: tuple[str, ...] = ("image", "video", "audio")
_RESERVED = frozenset({"kind", "shot", "entities", "cost_usd", "fingerprint"})
_ENTITY_SEP = "|"
_T = TypeVar("_T")


class AssetIndexError(ValueError):
    """Raised on bad input to the index (unknown kind, bad threshold, duplicate ids)."""


class IndexEntry(BaseModel):
    """One asset as the index sees it."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, description="Asset id (its sha256 or the project's asset id).")
    kind: AssetKind = Field(description="Media kind; re-use is only offered within a kind.")
    description: str = Field(min_length=1, description="Text embedded: prompt, tags, linked entities.")
    shot: str | None = Field(None, description="Shot key the asset was made for, e.g. '2.3'.")
    entities: tuple[str, ...] = Field((), description="Names of characters/locations/props it shows.")
    cost_usd: float = Field(0.0, ge=0.0, description="What generating it cost; what re-use saves.")
    extra: dict[str, MetaValue] = Field(
        default_factory=dict, description="Further flat metadata (status, provider, ...)."
    )

    def metadata(self) -> dict[str, MetaValue]:
        """Return the flat Chroma metadata for this entry, with its change fingerprint."""
        clash = _RESERVED.intersection(self.extra)
        if clash:
            raise AssetIndexError(f"entry {self.id}: extra metadata uses reserved key(s) {sorted(clash)}")
        meta: dict[str, MetaValue] = dict(self.extra)
        meta.update(kind=self.kind, entities=_join_entities(self.entities), cost_usd=float(self.cost_usd))
        if self.shot is not None:
            meta["shot"] = self.shot
        meta["fingerprint"] = self.fingerprint()
        return meta

    def fingerprint(self) -> str:
        """Hash everything stored for this entry, so ``sync`` can tell a changed one."""
        payload = self.model_dump(mode="json")
        payload["entities"] = _join_entities(self.entities)
        raw = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(raw.encode()).hexdigest()[:32]


class ReuseMatch(BaseModel):
    """An indexed asset close to a query."""

    id: str = Field(description="Asset id.")
    similarity: float = Field(description="Cosine similarity to the query (1 - cosine distance).")
    description: str = Field(description="The indexed description.")
    metadata: dict[str, Any] = Field(description="Stored metadata (kind, shot, entities, cost_usd, ...).")

    @property
    def entities(self) -> tuple[str, ...]:
        """Return the linked entity names."""
        raw = str(self.metadata.get("entities") or "")
        return tuple(raw.split(_ENTITY_SEP)) if raw else ()


class SyncReport(BaseModel):
    """What ``AssetIndex.sync`` changed."""

    added: int = Field(0, description="Entries that were missing from the index.")
    updated: int = Field(0, description="Entries whose description or metadata had changed.")
    removed: int = Field(0, description="Index entries with no asset in the project.")
    unchanged: int = Field(0, description="Entries already up to date.")


def describe(prompt: str, *, tags: Iterable[str] = (), entities: Iterable[str] = ()) -> str:
    """Compose the indexed text of an asset; use the same for queries so both sides read alike."""
    parts = [prompt.strip()]
    tag_list = [t.strip() for t in tags if t.strip()]
    names = [e.strip() for e in entities if e.strip()]
    if tag_list:
        parts.append(", ".join(tag_list))
    if names:
        parts.append("with " + ", ".join(names))
    return ". ".join(p for p in parts if p)


def _join_entities(names: Iterable[str]) -> str:
    # Sorted and joined, so two assets showing the same people compare equal in a `where` filter.
    return _ENTITY_SEP.join(sorted({n.strip() for n in names if n.strip()}))


_NAMESPACE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$")


def _collection_name(embedding_function: EmbeddingFunction[Documents], namespace: str | None = None) -> str:
    # Chroma allows 3-63 characters; a readable model slug plus a hash of the full identity. On a shared
    # server the project's namespace comes first, so projects never read or sync each other's assets.
    config = embedding_function.get_config()
    model = str(config.get("model", "")) if isinstance(config, dict) else ""
    identity = f"{embedding_function.name()}:{model}"
    prefix = f"assets-{namespace}-" if namespace else "assets-"
    room = 63 - len(prefix) - 9  # the "-" and 8 hex digits of the hash
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", model or embedding_function.name())[: min(32, room)].strip("-._")
    return f"{prefix}{slug}-{hashlib.sha256(identity.encode()).hexdigest()[:8]}"


def _validated_metadata(items: Sequence[IndexEntry]) -> list[dict[str, MetaValue]]:
    dupes = sorted(i for i, n in Counter(e.id for e in items).items() if n > 1)
    if dupes:
        raise AssetIndexError(f"duplicate asset ids: {', '.join(dupes[:5])}")
    return [e.metadata() for e in items]


def _upsert_op(
    ids: list[str], docs: list[str], metas: list[dict[str, MetaValue]], vectors: npt.NDArray[Any] | None
) -> Callable[[Any], None]:
    def op(collection: Any) -> None:
        collection.upsert(ids=ids, documents=docs, metadatas=metas, embeddings=vectors)

    return op


def _delete_op(ids: list[str]) -> Callable[[Any], None]:
    def op(collection: Any) -> None:
        collection.delete(ids=ids)

    return op


def _telemetry_off() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class AssetIndex:
    """The Chroma-backed asset index; open one with ``open``, ``connect`` or ``in_memory``."""

    def __init__(self, client: Any, *, embedding_function: EmbeddingFunction[Documents], name: str) -> None:
        self._client = client
        self._ef = embedding_function
        self._name = name
        self._collection = self._get_or_create()

    @classmethod
    def open(cls, path: str | Path, *, embedding_function: EmbeddingFunction[Documents]) -> AssetIndex:
        """Open (creating if needed) the index persisted in folder ``path`` (``<project>/index``)."""
        folder = Path(path)
        if folder.exists() and not folder.is_dir():
            raise AssetIndexError(f"index path is not a folder: {folder}")
        folder.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(folder), settings=_telemetry_off())
        return cls(client, embedding_function=embedding_function, name=_collection_name(embedding_function))

    @classmethod
    def connect(
        cls, url: str, *, embedding_function: EmbeddingFunction[Documents], namespace: str | None = None
    ) -> AssetIndex:
        """Open the index on a Chroma server (``chroma run``), e.g. ``http://127.0.0.1:8001``.

        ``namespace`` (the project's store key) names this project's collection on a server many
        projects share; vectors are still computed here, by ``embedding_function``.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise AssetIndexError(f"not a Chroma server URL: {url!r}")
        if namespace is not None and not _NAMESPACE.match(namespace):
            raise AssetIndexError(f"not an index namespace (letters, digits, _ and -, at most 24): {namespace!r}")
        client = chromadb.HttpClient(
            host=parts.hostname,
            port=parts.port or (443 if parts.scheme == "https" else 8000),
            ssl=parts.scheme == "https",
            settings=_telemetry_off(),
        )
        return cls(client, embedding_function=embedding_function, name=_collection_name(embedding_function, namespace))

    @classmethod
    def in_memory(cls, *, embedding_function: EmbeddingFunction[Documents]) -> AssetIndex:
        """Open a throw-away index in memory (tests); each call gets its own collection."""
        client = chromadb.EphemeralClient(settings=_telemetry_off())
        name = f"{_collection_name(embedding_function)}-{uuid.uuid4().hex[:6]}"
        return cls(client, embedding_function=embedding_function, name=name)

    def close(self) -> None:
        """Release the client's connections and files (a persistent index's SQLite); a second call does nothing."""
        close = getattr(self._client, "close", None)
        if callable(close):
            close()  # Chroma counts clients per folder: the shared system stops with the last one

    def drop(self) -> None:
        """Delete this index's collection (a project removed from a shared server, a test's leftovers)."""
        try:
            self._client.delete_collection(self._name)
        except NotFoundError:
            pass  # already gone

    @property
    def name(self) -> str:
        """Return the collection name (derived from the embedding model)."""
        return self._name

    def _get_or_create(self) -> Any:
        return self._client.get_or_create_collection(
            name=self._name,
            embedding_function=self._ef,
            configuration={"hnsw": {"space": "cosine"}},
        )

    def _do(self, op: Callable[[Any], _T]) -> _T:
        # Another handle on the same store may have rebuilt (dropped and recreated) the collection.
        try:
            return op(self._collection)
        except NotFoundError:
            self._collection = self._get_or_create()
            return op(self._collection)

    # -- writing ---------------------------------------------------------------------------

    def upsert(self, entries: Sequence[IndexEntry], *, embeddings: npt.ArrayLike | None = None) -> int:
        """Add or replace entries (embedding their descriptions unless ``embeddings`` are given)."""
        items = list(entries)
        metas = _validated_metadata(items)  # before anything is written
        vectors = None if embeddings is None else np.asarray(embeddings, dtype=np.float32)
        if vectors is not None and (vectors.ndim != 2 or vectors.shape[0] != len(items)):
            raise AssetIndexError(f"{len(items)} entries need a ({len(items)}, dim) embeddings array")
        ids, docs = [e.id for e in items], [e.description for e in items]
        step = self._batch_size()
        for i in range(0, len(items), step):
            part = slice(i, i + step)
            rows = None if vectors is None else vectors[part]
            self._do(_upsert_op(ids[part], docs[part], metas[part], rows))
        return len(items)

    def remove(self, ids: Iterable[str]) -> int:
        """Remove entries by id (unknown ids are ignored); return how many were asked for."""
        wanted = list(dict.fromkeys(ids))
        step = self._batch_size()
        for i in range(0, len(wanted), step):
            self._do(_delete_op(wanted[i : i + step]))
        return len(wanted)

    def _batch_size(self) -> int:
        return max(1, min(int(self._client.get_max_batch_size()), 1000))

    def rebuild(self, entries: Sequence[IndexEntry]) -> int:
        """Drop the collection and index ``entries`` afresh (``reelsmith reindex``)."""
        items = list(entries)
        _validated_metadata(items)  # fail on bad input before dropping anything
        try:
            self._client.delete_collection(self._name)
        except NotFoundError:
            pass  # another handle dropped it already
        self._collection = self._get_or_create()
        return self.upsert(items)

    def sync(self, entries: Sequence[IndexEntry]) -> SyncReport:
        """Make the index hold exactly ``entries``: add missing, update changed, remove extra."""
        _validated_metadata(entries)
        wanted = {e.id: e for e in entries}
        stored = self._fingerprints()
        extra = [i for i in stored if i not in wanted]
        missing = [e for i, e in wanted.items() if i not in stored]
        changed = [e for i, e in wanted.items() if i in stored and stored[i] != e.fingerprint()]
        self.upsert(missing + changed)
        self.remove(extra)
        return SyncReport(
            added=len(missing),
            updated=len(changed),
            removed=len(extra),
            unchanged=len(wanted) - len(missing) - len(changed),
        )

    def _fingerprints(self) -> dict[str, str]:
        got = self._do(lambda col: col.get(include=["metadatas"]))
        metas = got.get("metadatas") or [None] * len(got["ids"])
        return {i: str((m or {}).get("fingerprint", "")) for i, m in zip(got["ids"], metas, strict=True)}

    # -- reading ---------------------------------------------------------------------------

    def count(self) -> int:
        """Return how many assets are indexed."""
        return int(self._do(lambda col: col.count()))

    def ids(self) -> set[str]:
        """Return the ids of every indexed asset."""
        return set(self._do(lambda col: col.get(include=[]))["ids"])

    def find_reusable(
        self,
        kind: str,
        description: str,
        *,
        threshold: float = 0.85,
        k: int = 5,
        entities: Iterable[str] | None = None,
        where: Mapping[str, MetaValue] | None = None,
    ) -> list[ReuseMatch]:
        """Return assets of the same kind at or above ``threshold`` similarity, best first.

        Descriptions that differ by one name ("Mara in the kitchen" / "Jonas in the kitchen")
        embed close together, so pass ``entities`` (the shot's characters, location, props)
        to offer only assets linked to exactly those. ``where`` adds exact metadata filters.
        """
        if kind not in _KINDS:
            raise AssetIndexError(f"unknown asset kind {kind!r}; expected one of {', '.join(_KINDS)}")
        if not 0.0 <= threshold <= 1.0:
            raise AssetIndexError(f"threshold must be between 0 and 1, got {threshold}")
        filters: dict[str, MetaValue] = {"kind": kind, **(where or {})}
        if entities is not None:
            filters["entities"] = _join_entities(entities)
        matches = self._query(description, k=k, filters=filters)
        return [m for m in matches if m.similarity >= threshold]

    def search(self, text: str, *, kind: str | None = None, k: int = 10) -> list[ReuseMatch]:
        """Return the ``k`` assets closest in meaning to ``text``, optionally of one kind."""
        if kind is not None and kind not in _KINDS:
            raise AssetIndexError(f"unknown asset kind {kind!r}; expected one of {', '.join(_KINDS)}")
        return self._query(text, k=k, filters={"kind": kind} if kind else {})

    def _query(self, text: str, *, k: int, filters: Mapping[str, MetaValue]) -> list[ReuseMatch]:
        if not text or not text.strip():
            raise AssetIndexError("the query text is empty")
        if k < 1:
            raise AssetIndexError(f"k must be at least 1, got {k}")
        total = self.count()
        if total == 0:
            return []
        clauses = [{key: value} for key, value in filters.items()]
        where: dict[str, Any] | None = (
            None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}
        )
        res = self._do(
            lambda col: col.query(
                query_texts=[text],
                n_results=min(k, total),
                where=where,
                include=["documents", "metadatas", "distances"],
            )
        )
        ids, docs = res["ids"][0], (res.get("documents") or [[]])[0]
        metas, dists = (res.get("metadatas") or [[]])[0], (res.get("distances") or [[]])[0]
        matches = [
            # Clamped: float error can put an identical text a hair past 1.
            ReuseMatch(
                id=i, similarity=min(1.0, 1.0 - float(d)), description=doc or "", metadata=dict(m or {})
            )
            for i, doc, m, d in zip(ids, docs, metas, dists, strict=True)
        ]
        return sorted(matches, key=lambda m: m.similarity, reverse=True)
