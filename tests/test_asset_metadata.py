"""Technical metadata: measured on import and generation, kept in the asset row, shown, and searchable by look."""

from __future__ import annotations

import io
import json
import math
import struct
import subprocess
import wave
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import imageio_ffmpeg
import pytest
from PIL import Image

from agent.cli import main
from agent.index.from_project import index_entries
from agent.project import Project, library, snapshot
from agent.project.asset_search import find_assets, parse_look
from agent.project.schema import Asset
from agent.project.techmeta import colour_name, look_words, technical_metadata
from agent.tools.shared import looks_like

RGB = tuple[int, int, int]


def _png(colour: RGB, size: tuple[int, int] = (320, 180), band: RGB | None = None) -> bytes:
    img = Image.new("RGB", size, colour)
    if band is not None:
        img.paste(band, (0, size[1] * 3 // 4, size[0], size[1]))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def _wav(seconds: float, amplitude: float, rate: int = 8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(amplitude * 32767 * math.sin(2 * math.pi * 440 * i / rate)))
                               for i in range(int(seconds * rate))))
    return out.getvalue()


ORANGE = _png((230, 120, 30), band=(40, 25, 10))
BLUE = _png((30, 60, 200), size=(90, 160))


def _ffmpeg(tmp_path: Path, args: list[str], name: str) -> Path:
    out = tmp_path / name
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args, str(out)], check=True, timeout=60)
    return out


# -- measuring ------------------------------------------------------------------------------


def test_colour_names_cover_the_plain_words() -> None:
    named = {colour_name(rgb): rgb for rgb in [(200, 30, 30), (240, 150, 40), (240, 230, 60), (40, 160, 60),
             (30, 160, 170), (40, 60, 200), (130, 50, 180), (230, 120, 170), (110, 70, 30), (235, 215, 180),
             (10, 10, 10), (128, 128, 128), (250, 250, 250)]}
    assert list(named) == ["red", "orange", "yellow", "green", "teal", "blue", "purple", "pink", "brown", "beige",
                           "black", "grey", "white"]


def test_an_image_gets_its_size_palette_colours_and_tone(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(ORANGE)
    tech = technical_metadata(path, "image/png")
    assert (tech["width"], tech["height"], tech["orientation"]) == (320, 180, "landscape")
    assert tech["colours"] == ["orange", "black"] and tech["dominant_colour"] == "orange" and tech["tone"] == "warm"
    assert [s["name"] for s in tech["palette"]] == ["orange", "black"]  # near-identical swatches are one
    assert abs(sum(s["share"] for s in tech["palette"]) - 1.0) < 0.01 and tech["bytes"] == len(ORANGE)
    blue = technical_metadata(tmp_path / "b.png", "image/png", data=BLUE)
    assert blue["colours"] == ["blue"] and blue["tone"] == "cool" and blue["orientation"] == "portrait"
    assert look_words(tech) == ["orange", "black", "warm", "landscape"]


def test_colours_come_from_the_preview_and_the_size_from_the_original(tmp_path: Path) -> None:
    preview = tmp_path / "thumb.png"
    preview.write_bytes(BLUE)  # stands in for the store's thumbnail: decoding it is what spares the full picture
    tech = technical_metadata(tmp_path / "a.png", "image/png", data=ORANGE, preview=preview)
    assert (tech["width"], tech["height"], tech["colours"]) == (320, 180, ["blue"])
    missing = technical_metadata(tmp_path / "a.png", "image/png", data=ORANGE, preview=tmp_path / "none.png")
    assert missing["colours"] == ["orange", "black"]


def test_audio_gets_duration_and_loudness_wav_and_compressed(tmp_path: Path) -> None:
    wav = tmp_path / "tone.wav"
    wav.write_bytes(_wav(2.0, 0.5))
    tech = technical_metadata(wav, "audio/wav")
    # a sine at half scale: peak -6.0 dBFS, RMS 3 dB below it
    assert tech["duration_s"] == 2.0 and tech["peak_dbfs"] == -6.0 and tech["rms_dbfs"] == -9.0 and not tech["silent"]
    mp3 = _ffmpeg(tmp_path, ["-i", str(wav), "-b:a", "64k"], "tone.mp3")
    compressed = technical_metadata(mp3, "audio/mpeg")
    assert abs(compressed["duration_s"] - 2.0) < 0.1 and abs(compressed["rms_dbfs"] - -9.0) < 1.0
    quiet = technical_metadata(tmp_path / "q.wav", "audio/wav", data=_wav(1.0, 0.0))
    assert quiet["silent"] is True and quiet["rms_dbfs"] is None and quiet["duration_s"] == 1.0


def test_video_gets_size_and_duration(tmp_path: Path) -> None:
    clip = _ffmpeg(tmp_path, ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1.5", "-pix_fmt", "yuv420p",
                              "-c:v", "libx264"], "clip.mp4")
    tech = technical_metadata(clip, "video/mp4")
    assert (tech["width"], tech["height"]) == (64, 48) and abs(tech["duration_s"] - 1.5) < 0.05
    assert tech["has_audio"] is False and tech["orientation"] == "landscape"


def test_an_unreadable_file_keeps_only_what_is_certain(tmp_path: Path) -> None:
    tech = technical_metadata(tmp_path / "x.png", "image/png", data=b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    assert tech == {"mime": "image/png", "bytes": 48, "unreadable": True}


# -- recorded, shown, searched ----------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Any:
    with Project.create(tmp_path / "film", name="Film") as p:
        yield p


def _generate(project: Project, data: bytes, description: str) -> int:
    """Store bytes the way generation does: store_bytes, then record_asset inside a change."""
    stored = library.store_bytes(project, data)
    with project.change(actor="agent", action="generate_still", summary="made one") as ch:
        asset = library.record_asset(ch, stored, description=description, metadata={"prompt": description})
        return asset.id


def test_generated_and_imported_assets_carry_their_measurements(project: Project, tmp_path: Path) -> None:
    made = _generate(project, ORANGE, "wide shot, the counter at dusk")
    (tmp_path / "blue.png").write_bytes(BLUE)
    imported = library.import_media(project, tmp_path / "blue.png", BLUE, None)["asset"]
    (tmp_path / "tone.wav").write_bytes(_wav(1.0, 0.25))
    sound = library.import_media(project, tmp_path / "tone.wav", (tmp_path / "tone.wav").read_bytes(), None)["asset"]
    with project.read() as s:
        rows = {a.id: a for a in s.query(Asset)}
    assert rows[made].meta["prompt"] == "wide shot, the counter at dusk" and rows[made].meta["tech"]["tone"] == "warm"
    assert rows[imported].meta["tech"]["colours"] == ["blue"] and rows[imported].meta["source"] == "import"
    assert rows[sound].meta["tech"]["peak_dbfs"] == -12.0
    items = {i["id"]: i for i in snapshot(project)["assets"]["items"]}
    assert items[made]["colours"] == ["orange", "black"] and items[made]["width"] == 320
    assert items[sound]["duration_s"] == 1.0 and items[sound]["kind"] == "audio" and items[sound]["mime"] == "audio/wav"


def test_a_caller_measurement_is_kept(project: Project) -> None:
    stored = library.store_bytes(project, ORANGE)
    with project.change(actor="agent", action="generate_still") as ch:
        asset = library.record_asset(ch, stored, description="x", metadata={"tech": {"mime": "image/png", "note": 1}})
    assert asset.meta["tech"] == {"mime": "image/png", "note": 1}


def test_assets_from_an_older_version_are_measured_by_fill(project: Project) -> None:
    stored = library.store_bytes(project, BLUE)
    library._MEASURED.clear()  # as if recorded by a version that took no measurements
    with project.change(actor="agent", action="generate_still") as ch:
        old = library.record_asset(ch, stored, description="old still", metadata={"prompt": "old"}).id
    with project.read() as s:
        assert "tech" not in s.get(Asset, old).meta
    assert library.fill_technical_metadata(project) == 1
    assert library.fill_technical_metadata(project) == 0
    with project.read() as s:
        meta = s.get(Asset, old).meta
    assert meta["prompt"] == "old" and meta["tech"]["colours"] == ["blue"]


def test_find_by_look_colour_tone_kind_and_duration(project: Project, tmp_path: Path) -> None:
    orange, blue = _generate(project, ORANGE, "the counter"), _generate(project, BLUE, "the river")
    short, long_ = _generate(project, _wav(1.0, 0.3), "a cough"), _generate(project, _wav(3.0, 0.3), "rain")
    with project.read() as s:
        def ids(text: str) -> list[int]:
            return [i["id"] for i in find_assets(s, parse_look(text))]

        assert ids("a warm orange still") == [orange]
        assert ids("cold blue pictures") == [blue] and ids("portrait frames") == [blue]
        assert ids("a green still") == [] and ids("a warm blue still") == []
        assert ids("sounds longer than 2 seconds") == [long_] and ids("audio under 2 s") == [short]
        assert ids("stills longer than 2 seconds") == []  # a still has no length
        assert ids("the brass key") == []  # no measured word: the look search asks nothing
    answer, shown = looks_like(SimpleNamespace(project=project), parse_look("find a warm orange still"))  # type: ignore[arg-type]
    assert shown == {orange} and f"asset {orange} (image, orange/black, warm)" in answer
    answer, shown = looks_like(SimpleNamespace(project=project), parse_look("a purple still"))  # type: ignore[arg-type]
    assert shown == set() and answer == "No asset measures as purple still."


def test_the_index_carries_measurements_as_metadata_not_in_the_embedded_text(project: Project) -> None:
    asset = _generate(project, ORANGE, "wide shot, the counter")
    (entry,) = index_entries(project, asset_ids=[asset])
    assert entry.description == "wide shot, the counter"
    assert entry.extra["colours"] == "orange,black" and entry.extra["tone"] == "warm" and entry.extra["width"] == 320


def test_cli_assets_lists_filters_and_refuses_bad_input(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    orange, blue = _generate(project, ORANGE, "the counter"), _generate(project, BLUE, "the river")
    folder = str(project.path)
    assert main(["assets", folder, "--json"]) == 0
    assert [a["id"] for a in json.loads(capsys.readouterr().out)["assets"]] == [orange, blue]
    assert main(["assets", folder, "--look", "warm orange", "--json"]) == 0
    (found,) = json.loads(capsys.readouterr().out)["assets"]
    assert found["id"] == orange and found["palette"][0] == "#e6781e"
    assert main(["assets", folder, "--look", "cool"]) == 0
    out = capsys.readouterr().out
    assert f"{blue:>5}  image" in out and "blue, cool" in out and f"{orange:>5}" not in out
    for bad, message in ((["--look", "qwerty"], "names no colour"), (["--min-duration", "-1"], "zero or more")):
        assert main(["assets", folder, *bad]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and message in err and err.count("\n") == 1
