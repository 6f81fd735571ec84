"""The content-addressed asset file store."""

from agent.assets.sniff import EXTENSIONS, kind_of, sniff_mime
from agent.assets.store import (
    AssetStoreError,
    FileStore,
    StoredFile,
    UnsafeAssetPathError,
    atomic_write,
    check_relpath,
)

__all__ = [
    "EXTENSIONS",
    "kind_of",
    "sniff_mime",
    "AssetStoreError",
    "FileStore",
    "StoredFile",
    "atomic_write",
    "check_relpath",
    "UnsafeAssetPathError",
]
