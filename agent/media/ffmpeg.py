"""The ffmpeg binary shipped by imageio-ffmpeg: probing media and running jobs with progress."""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg

from agent.media.timeline import RenderError

__all__ = ["MediaInfo", "count_frames", "ffmpeg_exe", "probe", "probe_many", "run_ffmpeg"]

_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\d+:\d+.*?: Video: (\w+)[^,]*, ([a-z0-9_]+)")
_SIZE = re.compile(r", (\d{2,5})x(\d{2,5})[ ,\n]")
_FPS = re.compile(r", (\d+(?:\.\d+)?) (?:fps|tbr)")
_FRAME_COUNT = re.compile(r"frame=\s*(\d+)")
_INPUT = re.compile(r"^Input #(\d+), ", re.MULTILINE)
_AUDIO = re.compile(r"Stream #\d+:\d+.*?: Audio: (\w+)[^,]*, (\d+) Hz, ([^,]+)")


@dataclass(frozen=True)
class MediaInfo:
    """What ffmpeg says about a media file's first video and audio streams."""

    duration_s: float | None
    video_codec: str | None = None
    pix_fmt: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    audio_codec: str | None = None
    sample_rate: int | None = None
    channels: str | None = None
    video_config: str | None = None
    """Digest of the video decoder configuration (avcC/hvcC), when read from an MP4 header."""
    audio_config: str | None = None
    """Digest of the audio decoder configuration (esds), when read from an MP4 header."""
    video_frames: int | None = None
    """Number of video frames (samples), when read from an MP4 header."""

    @property
    def has_audio(self) -> bool:
        """Tell whether the file has an audio stream."""
        return self.audio_codec is not None


def ffmpeg_exe() -> str:
    """Return the path of imageio-ffmpeg's ffmpeg binary."""
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def _parse(text: str) -> MediaInfo:
    """Read one input's section of `ffmpeg -i` output."""
    duration = None
    if match := _DURATION.search(text):
        hours, minutes, seconds = match.groups()
        duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    fields: dict[str, object] = {}
    for line in text.splitlines():
        if "Video:" in line and "video_codec" not in fields and (video := _VIDEO.search(line)):
            fields["video_codec"], fields["pix_fmt"] = video.group(1), video.group(2)
            if size := _SIZE.search(line + "\n"):
                fields["width"], fields["height"] = int(size.group(1)), int(size.group(2))
            if fps := _FPS.search(line):
                fields["fps"] = float(fps.group(1))
        if "Audio:" in line and "audio_codec" not in fields and (audio := _AUDIO.search(line)):
            fields["audio_codec"] = audio.group(1)
            fields["sample_rate"] = int(audio.group(2))
            fields["channels"] = audio.group(3).strip()
    return MediaInfo(duration_s=duration, **fields)  # type: ignore[arg-type]


def _ffmpeg_info(paths: Sequence[Path]) -> str:
    command = [ffmpeg_exe(), "-hide_banner"]
    for path in paths:
        command += ["-i", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False).stderr


def probe(path: Path) -> MediaInfo:
    """Read codec, size, fps and duration by parsing `ffmpeg -i` (no ffprobe ships with imageio-ffmpeg)."""
    if not path.is_file():
        raise RenderError(f"Missing media file: {path}")
    text = _ffmpeg_info([path])
    if "Invalid data found" in text or "Stream #" not in text:
        raise RenderError(f"Not a media file ffmpeg can read: {path}")
    return _parse(text)


def probe_many(paths: Sequence[Path], *, batch: int = 64) -> list[MediaInfo]:
    """Probe many files with one ffmpeg start per `batch` files (a start costs more than the probe)."""
    infos: list[MediaInfo] = []
    for offset in range(0, len(paths), batch):
        chunk = list(paths[offset : offset + batch])
        for path in chunk:
            if not path.is_file():
                raise RenderError(f"Missing media file: {path}")
        sections = _INPUT.split(_ffmpeg_info(chunk))
        parsed = {int(sections[i]): _parse(sections[i + 1]) for i in range(1, len(sections) - 1, 2)}
        if sorted(parsed) != list(range(len(chunk))):
            # ffmpeg stops at the first unreadable input: probe one by one for a precise error.
            infos.extend(probe(path) for path in chunk)
        else:
            infos.extend(parsed[i] for i in range(len(chunk)))
    return infos


def count_frames(path: Path) -> tuple[int, float]:
    """Count a file's video frames (packets, by stream copy: no decoding) and read its duration."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)]
        + ["-map", "0:v:0", "-c", "copy", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    counts = _FRAME_COUNT.findall(proc.stderr)
    if proc.returncode != 0 or not counts:
        raise RenderError(f"Cannot count the frames of {path.name}.")
    info = _parse(proc.stderr)
    frames = int(counts[-1])
    return frames, info.duration_s if info.duration_s is not None else frames / (info.fps or 24.0)


class _Watch:
    """Follow ffmpeg's `-progress` lines: report the fraction done, and notice when time stops moving."""

    def __init__(self, total_s: float | None, progress: Callable[[float, str], None] | None, label: str,
                 stall_s: float) -> None:
        self.total_s, self.progress, self.label, self.stall_s = total_s, progress, label, stall_s
        self.position_us = -1
        self.moved_at = time.monotonic()

    def line(self, line: str) -> bool:
        """Take one progress line; return False when the output time has not moved for `stall_s`."""
        if not line.startswith("out_time_us="):
            return True
        value = line.split("=", 1)[1].strip()
        if not value.lstrip("-").isdigit():
            return True
        now = time.monotonic()
        if int(value) != self.position_us:
            self.position_us, self.moved_at = int(value), now
            if self.progress and self.total_s:
                self.progress(min(1.0, max(0.0, int(value) / 1e6 / self.total_s)), self.label)
        return now - self.moved_at < self.stall_s


def run_ffmpeg(
    args: Sequence[str],
    *,
    total_s: float | None = None,
    progress: Callable[[float, str], None] | None = None,
    label: str = "encoding",
    started: Callable[[subprocess.Popen[str]], None] | None = None,
    stall_s: float = 120.0,
) -> None:
    """Run ffmpeg with `args`, reporting progress in [0, 1]; raise RenderError with its last error line.

    The child is killed if this process is interrupted, so a cancelled render stops at once, and
    when its output time stands still for `stall_s` seconds (ffmpeg keeps reporting while stuck);
    `started` receives the child process, for a caller that may need to stop it from elsewhere.
    """
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
    command += ["-progress", "pipe:1", "-nostats", *args]
    watch = _Watch(total_s, progress, label, stall_s)
    with tempfile.TemporaryFile(mode="w+") as errors:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
        if started is not None:
            started(proc)
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if not watch.line(line):
                    raise RenderError(f"ffmpeg stalled at {max(0, watch.position_us) / 1e6:.1f} s; render stopped.")
            code = proc.wait()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if code != 0:
            errors.seek(0)
            lines = [line.strip() for line in errors.read().splitlines() if line.strip()]
            raise RenderError(f"ffmpeg failed: {lines[-1] if lines else f'exit code {code}'}")
