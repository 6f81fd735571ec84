from __future__ import annotations

import hashlib
import io
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from agent.config import Settings
from agent.generators import (
    METADATA_KEYS,
    ArtDirectionRef,
    CharacterRef,
    GenerationError,
    ImageGenerator,
    LocationRef,
    OfflineImageGenerator,
    OfflineVideoGenerator,
    OfflineVoiceGenerator,
    RefImage,
    ReplicateImageGenerator,
    ReplicateOptions,
    ReplicateVideoGenerator,
    ShotSpec,
    VideoRequest,
    VoiceRequest,
    generators_for,
    image_request_for_shot,
    request_hash,
    sniff_mime,
    verify_media,
)
from agent.generators.elevenlabs_provider import ElevenLabsVoiceGenerator
from agent.generators.offline_video import camera_path
from agent.generators.offline_voice import silence_duration

ART = ArtDirectionRef(style="noir", palette=["#1b2a41", "#324a5f", "#ccc9dc", "#c2a878", "#8c2f39"])
MARA = CharacterRef(name="Mara", description="grey hair, yellow coat")
TOM = CharacterRef(name="Tom", description="red beanie")
LOC = LocationRef(name="LIGHTHOUSE", description="stone tower")


def _spec(**kw: object) -> ShotSpec:
    base: dict[str, object] = {
        "scene_number": 1,
        "shot_number": 1,
        "description": "Mara waits",
        "characters": [MARA],
        "location": LOC,
        "art_direction": ART,
    }
    base.update(kw)
    return ShotSpec.model_validate(base)


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


def test_same_request_gives_identical_png_bytes_and_full_metadata() -> None:
    gen = OfflineImageGenerator()
    assert isinstance(gen, ImageGenerator)
    request = image_request_for_shot(_spec(), width=640, height=360, seed=3)
    first, second = gen.generate(request), gen.generate(request)
    assert first.data == second.data
    assert first.mime == "image/png" and first.extension == ".png"
    assert verify_media(first.data, family="image", max_bytes=10**8) == ("image/png", ".png")
    assert Image.open(io.BytesIO(first.data)).size == (640, 360)
    assert set(METADATA_KEYS) <= set(first.metadata)
    meta = first.metadata
    assert (meta["provider"], meta["model"], meta["draft"], meta["cost_usd"]) == (
        "offline",
        "pillow-storyboard-v1",
        True,
        0.0,
    )
    assert meta["request_hash"] == request_hash("offline", "pillow-storyboard-v1", request)
    # PNG text/time chunks would make bytes depend on when they were made.
    assert b"tIME" not in first.data and b"tEXt" not in first.data


def test_two_different_shots_look_different() -> None:
    gen = OfflineImageGenerator()
    wide = gen.generate(image_request_for_shot(_spec(shot_type="wide"), width=640, height=360))
    close = gen.generate(image_request_for_shot(_spec(shot_type="close-up"), width=640, height=360))
    diff = np.abs(_pixels(wide.data) - _pixels(close.data)).mean()
    assert diff > 10, diff
    assert wide.metadata["request_hash"] != close.metadata["request_hash"]


def test_seed_changes_the_hash_and_paths_do_not() -> None:
    request = image_request_for_shot(_spec(), seed=1)
    assert request_hash("offline", "m", request) != request_hash(
        "offline", "m", request.model_copy(update={"seed": 2})
    )
    with_ref = request.model_copy(
        update={"reference_images": [RefImage(sha256="d" * 64, path=Path("/a.png"))]}
    )
    moved = request.model_copy(
        update={"reference_images": [RefImage(sha256="d" * 64, path=Path("/b/c.png"))]}
    )
    assert request_hash("p", "m", with_ref) == request_hash("p", "m", moved)
    assert request_hash("p", "m", with_ref) != request_hash("p", "m", request)
    assert request_hash("p", "m", request) != request_hash("p", "other-model", request)


def test_palette_from_art_direction_is_used() -> None:
    bright = ArtDirectionRef(palette=["#ffd166", "#06d6a0", "#118ab2"])
    media = OfflineImageGenerator().generate(
        image_request_for_shot(_spec(art_direction=bright), width=320, height=180)
    )
    colours = {tuple(c) for c in _pixels(media.data).reshape(-1, 3)[::7]}
    assert (255, 209, 102) in colours or (6, 214, 160) in colours or (17, 138, 178) in colours


@pytest.mark.parametrize(
    "shot_type", ["extreme-wide", "wide", "medium", "close-up", "insert", "over-the-shoulder", "two-shot"]
)
@pytest.mark.parametrize("angle", ["eye-level", "high", "low", "overhead", "dutch"])
def test_every_framing_and_angle_draws(shot_type: str, angle: str) -> None:
    spec = _spec(
        shot_type=shot_type, angle=angle, characters=[MARA, TOM], props=["lantern"], movement="pan-left"
    )
    media = OfflineImageGenerator().generate(image_request_for_shot(spec, width=256, height=144))
    assert Image.open(io.BytesIO(media.data)).size == (256, 144)


def test_movements_are_marked_differently() -> None:
    gen = OfflineImageGenerator()
    frames = {
        m: _pixels(gen.generate(image_request_for_shot(_spec(movement=m), width=320, height=180)).data)
        for m in ("static", "pan-left", "dolly-in", "tilt-up")
    }
    for a in frames:
        for b in frames:
            if a < b:
                assert np.abs(frames[a] - frames[b]).sum() > 0, (a, b)


@pytest.fixture(scope="module")
def still(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    media = OfflineImageGenerator().generate(image_request_for_shot(_spec(), width=320, height=180))
    path = tmp_path_factory.mktemp("still") / "still.png"
    path.write_bytes(media.data)
    return path, hashlib.sha256(media.data).hexdigest()


def _frames(data: bytes, tmp_path: Path) -> list[np.ndarray]:
    from moviepy import VideoFileClip

    path = tmp_path / "clip.mp4"
    path.write_bytes(data)
    clip = VideoFileClip(str(path))
    try:
        return [np.asarray(f, dtype=np.int16) for f in clip.iter_frames()]
    finally:
        clip.close()


def test_video_clip_from_still_moves_the_camera(still: tuple[Path, str], tmp_path: Path) -> None:
    path, sha = still
    request = VideoRequest(
        still_path=path, still_sha256=sha, movement="pan-left", duration_s=1.0, fps=12, seed=1
    )
    media = OfflineVideoGenerator().generate(request)
    assert verify_media(media.data, family="video", max_bytes=10**8) == ("video/mp4", ".mp4")
    meta = media.metadata
    assert meta["parent_assets"] == [sha] and meta["duration_s"] == 1.0 and meta["params"]["codec"] == "h264"
    assert (meta["width"], meta["height"], meta["fps"]) == (320, 180, 12)
    frames = _frames(media.data, tmp_path)
    assert len(frames) == 12 and frames[0].shape == (180, 320, 3)
    assert np.abs(frames[0] - frames[-1]).mean() > 5
    again = OfflineVideoGenerator().generate(request)
    assert again.metadata["request_hash"] == meta["request_hash"]


def test_static_clip_holds_still_and_dolly_zooms(still: tuple[Path, str], tmp_path: Path) -> None:
    path, sha = still
    static = OfflineVideoGenerator().generate(
        VideoRequest(still_path=path, still_sha256=sha, movement="static", duration_s=0.5, fps=8)
    )
    frames = _frames(static.data, tmp_path)
    assert np.abs(frames[0] - frames[-1]).mean() < 2
    box = camera_path("dolly-in", (320, 180), (320, 180))
    start, end = box(0.0), box(1.0)
    assert (end[2] - end[0]) < (start[2] - start[0]) * 0.75  # the view narrows: the camera moved in


def test_video_rejects_a_changed_or_missing_still(still: tuple[Path, str], tmp_path: Path) -> None:
    path, _ = still
    with pytest.raises(GenerationError, match="does not match its sha256"):
        OfflineVideoGenerator().generate(VideoRequest(still_path=path, still_sha256="0" * 64))
    with pytest.raises(GenerationError, match="cannot be read"):
        OfflineVideoGenerator().generate(
            VideoRequest(still_path=tmp_path / "gone.png", still_sha256="0" * 64)
        )


def test_voice_falls_back_to_timed_silence_with_subtitle() -> None:
    gen = OfflineVoiceGenerator(espeak_binary=None)
    text = "The lamp has gone out and someone was here before us tonight."  # 12 words
    media = gen.generate(VoiceRequest(text=text, character="Mara"))
    assert media.mime == "audio/wav" and gen.model == "silence-v1"
    with wave.open(io.BytesIO(media.data)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
        assert set(wav.readframes(wav.getnframes())) == {0}
    assert seconds == pytest.approx(12 * 60 / 150 + 0.4, abs=0.01) == silence_duration(text)
    assert media.metadata["subtitle"] == text and media.metadata["duration_s"] == pytest.approx(
        seconds, abs=0.01
    )
    assert media.metadata["subtitles"][0]["speaker"] == "Mara"
    assert gen.generate(VoiceRequest(text=text, character="Mara")).data == media.data


def test_silent_lines_of_the_same_length_are_different_files() -> None:
    # The asset store is content-addressed: equal bytes would make two lines one asset, and the second line's
    # take would never be found by its own request hash again.
    gen = OfflineVoiceGenerator(espeak_binary=None)
    one = gen.generate(VoiceRequest(text="Close the door now.", character="Mara")).data
    two = gen.generate(VoiceRequest(text="Open the window first.", character="Mara")).data
    assert one != two
    for data in (one, two):
        with wave.open(io.BytesIO(data)) as wav:
            assert set(wav.readframes(wav.getnframes())) == {0}


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_espeak_voice_per_character() -> None:
    gen = OfflineVoiceGenerator()
    mara = gen.generate(VoiceRequest(text="Who lit the lamp?", character="Mara"))
    tom = gen.generate(VoiceRequest(text="Who lit the lamp?", character="Tom"))
    assert gen.model == "espeak-ng" and mara.metadata["draft"] is True
    with wave.open(io.BytesIO(mara.data)) as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
    assert np.abs(samples).max() > 1000  # real speech, not silence
    assert mara.metadata["params"] != tom.metadata["params"]
    assert (
        gen.generate(VoiceRequest(text="Who lit the lamp?", character="Mara")).metadata["params"]
        == mara.metadata["params"]
    )


def test_broken_espeak_binary_gives_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "espeak-ng"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(GenerationError, match="exit code 3"):
        OfflineVoiceGenerator(espeak_binary=str(fake)).generate(VoiceRequest(text="hi", character="A"))


def test_factory_is_offline_by_default_and_real_only_when_switched_on() -> None:
    offline = generators_for(Settings(_env_file=None))  # type: ignore[call-arg]
    assert (offline.image.provider, offline.video.provider, offline.voice.provider) == ("offline",) * 3
    keys = Settings(_env_file=None, REPLICATE_API_TOKEN="r8_secret", ELEVENLABS_API_KEY="sk_secret")  # type: ignore[call-arg]
    assert generators_for(keys).image.provider == "offline"  # draft mode still on
    real = generators_for(keys.model_copy(update={"draft": False}))
    assert isinstance(real.image, ReplicateImageGenerator) and isinstance(real.video, ReplicateVideoGenerator)
    assert isinstance(real.voice, ElevenLabsVoiceGenerator)
    assert real.image.model == "black-forest-labs/flux-schnell"
    assert "r8_secret" not in repr(ReplicateOptions(api_token="r8_secret"))


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 8, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 8, "image/jpeg"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "image/webp"),
        (b"RIFF\0\0\0\0WAVEfmt ", "audio/wav"),
        (b"\0\0\0\x18ftypisom\0\0\0\0", "video/mp4"),
        (b"ID3\x04\0\0\0\0\0\0", "audio/mpeg"),
        (b"  <!DOCTYPE html><html>", "text/html"),
        (b'{"error": "x"}', "application/json"),
        (b"plain text", None),
    ],
)
def test_sniff_mime_reads_magic_numbers(head: bytes, mime: str | None) -> None:
    assert sniff_mime(head) == mime


def test_verify_media_refuses_empty_and_wrong_family() -> None:
    with pytest.raises(GenerationError, match="empty image"):
        verify_media(b"", family="image", max_bytes=10)
    png = OfflineImageGenerator().generate(image_request_for_shot(_spec(), width=64, height=64)).data
    with pytest.raises(GenerationError, match="sent image/png where video was expected"):
        verify_media(png, family="video", max_bytes=10**6)
    with pytest.raises(GenerationError, match="truncated \\(10 of 20 bytes"):
        verify_media(png[:10], family="image", max_bytes=10**6, declared_length=20)


@pytest.mark.parametrize(("width", "height"), [(64, 64), (64, 400), (600, 64)])
def test_tiny_and_extreme_frames_still_draw(width: int, height: int) -> None:
    gen = OfflineImageGenerator()
    for shot_type in (
        "extreme-wide",
        "wide",
        "medium",
        "close-up",
        "insert",
        "over-the-shoulder",
        "two-shot",
    ):
        for angle in ("eye-level", "high", "overhead", "dutch"):
            spec = _spec(shot_type=shot_type, angle=angle, characters=[MARA, TOM], props=["lamp"], lens_mm=35)
            media = gen.generate(image_request_for_shot(spec, width=width, height=height))
            assert Image.open(io.BytesIO(media.data)).size == (width, height)
