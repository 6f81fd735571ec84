"""The content-addressed asset store: dedup, atomic writes, MIME from content, limits, thumbnails."""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

import pytest
from PIL import Image

from agent.assets import AssetStoreError, FileStore, atomic_write, kind_of, sniff_mime
from agent.project import AssetError, NothingToUndoError, Project, history, library, snapshot
from agent.project.schema import Asset


def _png(size: tuple[int, int] = (640, 480), colour: tuple[int, int, int] = (10, 120, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (50, 40), (200, 10, 10)).save(buf, format="JPEG")
    return buf.getvalue()


def _wav(seconds: float = 0.1, rate: int = 8000) -> bytes:
    frames = int(seconds * rate)
    data = b"\x00\x00" * frames
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 1, rate, rate * 2, 2, 16)
    body = b"WAVE" + fmt + struct.pack("<4sI", b"data", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path, max_bytes=1_000_000)


def _all_paths(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# -- dedup --------------------------------------------------------------------------------------


def test_identical_bytes_are_stored_once(store: FileStore) -> None:
    data = _png()
    first = store.put(data)
    second = store.put(bytes(data))
    assert first == second
    assert store.all_files() == [store.path_of(first.relpath)]
    assert store.path_of(first.relpath).read_bytes() == data
    assert first.relpath == f"assets/{first.sha256[:2]}/{first.sha256}.png"
    other = store.put(_png(colour=(1, 2, 3)))
    assert other.sha256 != first.sha256 and len(store.all_files()) == 2


def test_identical_bytes_make_one_asset_row(tmp_path: Path, store_url: str | None) -> None:
    p = Project.create(tmp_path / "p", name="Assets", database_url=store_url)
    data = _png()
    ids = []
    for attempt in range(3):
        stored = library.store_bytes(p, data)
        with p.change(actor="test", action="generate", summary=f"attempt {attempt}") as ch:
            ids.append(library.record_asset(ch, stored, description="still", metadata={"n": attempt}).id)
    assert len(set(ids)) == 1
    with p.read() as s:
        assert s.query(Asset).count() == 1
    shown = snapshot(p)["assets"]
    assert (shown["count"], shown["by_type"], [i["id"] for i in shown["items"]]) == (1, {"image": 1}, ids[:1])
    assert len(p.files.all_files()) == 1
    with pytest.raises(NothingToUndoError):  # storing a file is not an edit undo could take back
        history.undo(p)
    p.close()


# -- atomic writes ------------------------------------------------------------------------------


def test_a_crash_during_the_rename_leaves_no_file_and_no_temp(
    store: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _wav()

    def crash(*_args: object) -> None:
        raise OSError("simulated power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated power cut"):
        store.put(data)
    monkeypatch.undo()
    assert store.all_files() == []
    assert store.temp_files() == []
    assert _all_paths(store.root) == []
    stored = store.put(data)  # and the store still works afterwards
    assert store.path_of(stored.relpath).read_bytes() == data


def test_atomic_write_keeps_the_old_content_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "meta" / "project.json"
    atomic_write(target, b"old")

    def crash(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["project.json"]


# -- what a file is -----------------------------------------------------------------------------


def test_mime_comes_from_the_content_not_the_name(store: FileStore, tmp_path: Path) -> None:
    disguised = tmp_path / "song.mp3"
    disguised.write_bytes(_png())
    stored = store.put_file(disguised)
    assert (stored.mime, stored.kind) == ("image/png", "image")
    assert stored.relpath.endswith(".png")
    wav_named_jpg = tmp_path / "photo.jpg"
    wav_named_jpg.write_bytes(_wav())
    assert store.put_file(wav_named_jpg).mime == "audio/wav"


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (_png(), "image/png"),
        (_jpeg(), "image/jpeg"),
        (b"GIF89a" + b"\x00" * 20, "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (_wav(), "audio/wav"),
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00", "video/mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "video/quicktime"),
        (b"\x1a\x45\xdf\xa3" + b"\x00" * 10, "video/webm"),
        (b"ID3\x04\x00" + b"\x00" * 10, "audio/mpeg"),
        (b"OggS\x00\x02" + b"\x00" * 10, "audio/ogg"),
        (b"fLaC\x00\x00\x00\x22", "audio/flac"),
        (b"<!DOCTYPE html><html></html>", "text/html"),
        (b'  {"a": 1}', "application/json"),
        (b"INT. HOUSE - DAY\n\nShe runs.", None),
        (b"", None),
    ],
)
def test_sniffing(data: bytes, mime: str | None) -> None:
    assert sniff_mime(data) == mime


@pytest.mark.parametrize(
    "data",
    [b"INT. HOUSE - DAY\n\nShe runs.", b"<html><script>alert(1)</script></html>", b'{"not": "media"}', b"\x00" * 64],
)
def test_text_and_unknown_bytes_are_refused_and_nothing_is_written(store: FileStore, data: bytes) -> None:
    with pytest.raises(AssetStoreError) as err:
        store.put(data)
    assert "\n" not in str(err.value)
    assert _all_paths(store.root) == [] if store.root.exists() else True


def test_allowed_kinds_narrow_what_a_caller_accepts(store: FileStore) -> None:
    with pytest.raises(AssetStoreError, match="audio/wav, not image"):
        store.put(_wav(), allowed_kinds=("image",))
    assert kind_of("audio/wav") == "audio" and kind_of("application/json") == "other"


def test_a_broken_image_is_refused_and_leaves_nothing(store: FileStore) -> None:
    broken = b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20
    with pytest.raises(AssetStoreError, match="cannot be read"):
        store.put(broken)
    assert _all_paths(store.root) == []


# -- limits -------------------------------------------------------------------------------------


def test_size_limit(tmp_path: Path) -> None:
    small = FileStore(tmp_path, max_bytes=1_000)
    big = _wav(seconds=1.0)
    assert len(big) > 1_000
    with pytest.raises(AssetStoreError, match="the limit is 1,000"):
        small.put(big)
    on_disk = tmp_path / "big.wav"
    on_disk.write_bytes(big)
    with pytest.raises(AssetStoreError, match="big.wav is"):
        small.put_file(on_disk)
    with pytest.raises(AssetStoreError, match="empty"):
        small.put(b"")
    assert not (tmp_path / "assets").exists() or _all_paths(tmp_path / "assets") == []


def test_the_project_limit_becomes_an_asset_error(tmp_path: Path, store_url: str | None) -> None:
    p = Project.create(tmp_path / "p", name="Tiny", max_asset_bytes=2_000, database_url=store_url)
    with pytest.raises(AssetError, match="limit is 2,000"):
        library.store_bytes(p, _wav(seconds=1.0))
    with pytest.raises(AssetError, match="not a recognised media type"):
        library.store_bytes(p, b"plain text")
    assert p.files.all_files() == []
    assert snapshot(p)["assets"]["count"] == 0
    p.close()


# -- thumbnails ---------------------------------------------------------------------------------


def test_images_get_a_thumbnail_that_fits_320_by_180(store: FileStore) -> None:
    stored = store.put(_png(size=(1920, 1080)))
    thumb = store.thumbnail_path(stored.sha256)
    assert thumb.is_file()
    with Image.open(thumb) as img:
        assert img.format == "PNG"
        assert img.size == (320, 180)
    tall = store.put(_png(size=(100, 1000)))
    with Image.open(store.thumbnail_path(tall.sha256)) as img:
        assert img.size[1] == 180 and img.size[0] <= 320
    assert thumb not in store.all_files()


def test_audio_and_video_get_no_thumbnail(store: FileStore) -> None:
    stored = store.put(_wav())
    assert not store.thumbnail_path(stored.sha256).exists()
