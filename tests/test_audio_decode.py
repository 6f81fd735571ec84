"""Audio is accepted only when it decodes: a magic number (ID3, OggS, fLaC, an MPEG sync word) is not enough."""

from __future__ import annotations

import io
import subprocess
import wave
from pathlib import Path

import imageio_ffmpeg
import pytest

from agent.assets import AssetStoreError, FileStore
from agent.cli import main

_LIARS = {
    "id3-garbage.mp3": b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40,
    "sync-garbage.mp3": b"\xff\xfb\x90\x00" + b"\x00" * 4000,
    "oggs-garbage.ogg": b"OggS" + b"\x00" * 4000,
    "flac-garbage.flac": b"fLaC" + b"\x01" * 4000,
    "empty-wav.wav": b"RIFF" + (36).to_bytes(4, "little") + b"WAVEfmt " + bytes(24) + b"data" + bytes(4),
}


def _encoded(fmt: str) -> bytes:
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=0.5",
           "-f", fmt, "pipe:1"]
    return subprocess.run(cmd, capture_output=True, check=True).stdout


def _wav() -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x01\x00" * 800)
    return buf.getvalue()


@pytest.mark.parametrize("name", sorted(_LIARS))
def test_audio_that_does_not_decode_is_refused_and_nothing_is_written(name: str, tmp_path: Path) -> None:
    store = FileStore(tmp_path, max_bytes=10_000_000)
    with pytest.raises(AssetStoreError, match="does not decode|no sound") as err:
        store.put(_LIARS[name])
    assert "\n" not in str(err.value)
    assert not (tmp_path / "assets").exists() or not any((tmp_path / "assets").rglob("*.*"))


@pytest.mark.parametrize("fmt", ["mp3", "flac", "wav"])
def test_real_audio_is_accepted(fmt: str, tmp_path: Path) -> None:
    data = _wav() if fmt == "wav" else _encoded(fmt)
    stored = FileStore(tmp_path, max_bytes=10_000_000).put(data)
    assert stored.kind == "audio" and (tmp_path / stored.relpath).is_file()


def test_the_cli_refuses_id3_garbage_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "film"), "--demo"]) == 0
    liar = tmp_path / "line.mp3"
    liar.write_bytes(_LIARS["id3-garbage.mp3"])
    capsys.readouterr()
    assert main(["import", str(tmp_path / "film"), str(liar)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "does not decode" in err and err.count("\n") == 1
    assert not any((tmp_path / "film" / "assets").rglob("*.mp3"))
