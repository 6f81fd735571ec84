"""Content-addressed file store: sha256 names, one copy of identical bytes, atomic writes, thumbnails."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image

from agent.assets.decode import AudioDecodeError, check_audio
from agent.assets.sniff import EXTENSIONS, kind_of, sniff_mime

__all__ = ["FileStore", "StoredFile", "AssetStoreError", "UnsafeAssetPathError", "atomic_write", "check_relpath"]

_THUMB_SIZE = (320, 180)


class AssetStoreError(ValueError):
    """A file cannot enter the store; the message is one line and nothing was written."""


class UnsafeAssetPathError(AssetStoreError):
    """A stored asset path points outside the project's ``assets/`` folder (or through a symlink)."""


def check_relpath(relpath: str) -> str:
    """Return ``relpath`` if it names a file inside ``assets/`` (relative, POSIX, no ``..``); else raise.

    This is the pure, file-system-free half of the confinement; ``FileStore.path_of`` adds the symlink check.

    Raises:
        UnsafeAssetPathError: the path is absolute, escapes with ``..`` or lies outside ``assets/``.
    """
    shown = repr(relpath[:120])
    if not isinstance(relpath, str) or not relpath or "\x00" in relpath or "\\" in relpath:
        raise UnsafeAssetPathError(f"asset path {shown} is not a plain path inside the project's assets/ folder")
    pure = PurePosixPath(relpath)
    if pure.is_absolute() or (len(relpath) > 1 and relpath[1] == ":"):
        raise UnsafeAssetPathError(f"asset path {shown} is absolute, outside the project's assets/ folder")
    if ".." in pure.parts or len(pure.parts) < 2 or pure.parts[0] != "assets":
        raise UnsafeAssetPathError(f"asset path {shown} points outside the project's assets/ folder")
    return relpath


@dataclass(frozen=True)
class StoredFile:
    """A file that is safely in the store."""

    sha256: str
    relpath: str
    """Path relative to the project folder, e.g. ``assets/ab/ab12....png``."""
    mime: str
    kind: str
    size: int


def atomic_write(path: Path, data: bytes) -> None:
    """Write bytes so that ``path`` either keeps its old content or has all of the new (temp + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class FileStore:
    """The ``assets/`` folder of one project."""

    def __init__(self, project_dir: Path, *, max_bytes: int) -> None:
        self.project_dir = project_dir
        self.root = project_dir / "assets"
        self.max_bytes = max_bytes

    def relpath_for(self, sha256: str, mime: str) -> str:
        """Return where bytes with this hash and type live, relative to the project folder."""
        ext = EXTENSIONS.get(mime, ".bin")
        return f"assets/{sha256[:2]}/{sha256}{ext}"

    def put(self, data: bytes, *, allowed_kinds: tuple[str, ...] = ("image", "video", "audio")) -> StoredFile:
        """Store bytes (once per content) and return where they are; the type is sniffed from the bytes."""
        if not data:
            raise AssetStoreError("the file is empty")
        if len(data) > self.max_bytes:
            raise AssetStoreError(f"the file is {len(data):,} bytes; the limit is {self.max_bytes:,}")
        mime = sniff_mime(data)
        if mime is None or kind_of(mime) not in allowed_kinds:
            found = mime or "not a recognised media type"
            raise AssetStoreError(f"the file's content is {found}, not {' / '.join(allowed_kinds)}")
        sha = hashlib.sha256(data).hexdigest()
        rel = self.relpath_for(sha, mime)
        final = self.project_dir / rel
        thumb = self.thumbnail_path(sha)
        # Decode an image (or audio) before writing anything, so a broken one leaves no file behind.
        thumb_bytes = self._thumbnail(data) if kind_of(mime) == "image" and not thumb.exists() else None
        if kind_of(mime) == "audio" and not final.exists():
            try:
                check_audio(data, mime)
            except AudioDecodeError as exc:
                raise AssetStoreError(str(exc)) from exc
        if not final.exists():
            atomic_write(final, data)
        if thumb_bytes is not None:
            atomic_write(thumb, thumb_bytes)
        return StoredFile(sha256=sha, relpath=rel, mime=mime, kind=kind_of(mime), size=len(data))

    def put_file(self, path: Path, **kwargs: tuple[str, ...]) -> StoredFile:
        """Store a file from disk (size checked before reading it all)."""
        size = path.stat().st_size
        if size > self.max_bytes:
            raise AssetStoreError(f"{path.name} is {size:,} bytes; the limit is {self.max_bytes:,}")
        return self.put(path.read_bytes(), **kwargs)

    def thumbnail_path(self, sha256: str) -> Path:
        """Return where an image's thumbnail lives."""
        return self.root / "thumbs" / f"{sha256}.png"

    def _thumbnail(self, data: bytes) -> bytes:
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.thumbnail(_THUMB_SIZE)
                buf = io.BytesIO()
                img.convert("RGB").save(buf, format="PNG", optimize=True)
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            raise AssetStoreError(f"the image cannot be read: {exc}") from exc
        return buf.getvalue()

    def path_of(self, relpath: str) -> Path:
        """Return the absolute path of a stored file, refusing any path that leads outside ``assets/``.

        A bundle or a hand-edited database can hold any string here, so every use goes through this check:
        relative only, no ``..``, and no symlink (of the file or a folder above it) that resolves elsewhere.

        Raises:
            UnsafeAssetPathError: the path escapes the project's ``assets/`` folder.
        """
        path = self.project_dir / check_relpath(relpath)
        root = self.root.resolve()
        if not path.resolve().is_relative_to(root) or path.is_symlink():
            raise UnsafeAssetPathError(
                f"asset path {relpath[:120]!r} leads outside the project's assets/ folder (a symbolic link)"
            )
        return path

    def unsafe_paths(self, relpaths: list[str]) -> list[str]:
        """Return those of ``relpaths`` that ``path_of`` refuses (outside ``assets/`` or through a symlink)."""
        bad = []
        for rel in relpaths:
            try:
                self.path_of(rel)
            except UnsafeAssetPathError:
                bad.append(rel)
        return bad

    def all_files(self) -> list[Path]:
        """List every stored file (thumbnails and temp files excluded)."""
        if not self.root.exists():
            return []
        return sorted(p for p in self.root.glob("??/*") if p.is_file() and not p.name.startswith("."))

    def temp_files(self) -> list[Path]:
        """List leftovers of interrupted writes (safe to delete)."""
        return sorted(self.root.rglob(".*.partial")) if self.root.exists() else []
