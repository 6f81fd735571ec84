"""Benchmarks of the render paths against bare ffmpeg on the same synthetic media (used by :mod:`benchmarks.render`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from agent.media.animatic import render_animatic
from agent.media.fastpath import can_fast_path, concat_listing
from agent.media.ffmpeg import count_frames, ffmpeg_exe
from agent.media.render import render
from agent.media.timeline import Timeline, TimelineItem

__all__ = ["bench_animatic", "bench_concat"]

_FAST_PATH_TARGET = 1.5
_ANIMATIC_TARGET = 1.5
_X264 = "-c:v libx264 -preset veryfast -crf 23".split()


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-y", "-nostdin", "-loglevel", "error", *args], check=True)


def _compare(baseline: Callable[[], object], ours: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Return the best wall times (ours, baseline) of `repeat` alternating runs.

    Alternating and taking the best keeps a burst of other work on the machine from landing on one
    side only.
    """
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for side, action in enumerate((ours, baseline)):
            start = time.perf_counter()
            action()
            best[side] = min(best[side], time.perf_counter() - start)
    return best[0], best[1]


def _figures(name: str, ours: float, baseline: float, target: float, **extra: object) -> dict[str, object]:
    ratio = ours / baseline if baseline > 0 else float("inf")
    return {
        "name": name,
        "value": round(ours, 4),
        "unit": "s",
        "baseline": round(baseline, 4),
        "ratio": round(ratio, 3),
        "target": target,
        "ok": ratio <= target,
        **extra,
    }


def _synthetic_clips(root: Path, n_clips: int, *, seconds: float, size: str, fps: int) -> list[Path]:
    """Make n clips as one generator would: same encoder settings, different pictures and tones."""
    sources = []
    for index in range(3):
        path = root / f"src{index}.mp4"
        picture = f"testsrc2=s={size}:r={fps}:d={seconds},hue=h={120 * index}"
        tone = f"sine=f={300 + 100 * index}:d={seconds}"
        _ffmpeg("-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", tone, *_X264, "-pix_fmt", "yuv420p",
                "-g", str(fps), "-c:a", "aac", "-shortest", str(path))
        sources.append(path)
    clips = []
    for index in range(n_clips):
        clip = root / f"S{index // 10 + 1:02d}_SH{index % 10 + 1:02d}.mp4"
        shutil.copyfile(sources[index % len(sources)], clip)
        clips.append(clip)
    return clips


def bench_concat(
    n_clips: int = 60, *, seconds: float = 1.0, size: str = "640x360", fps: int = 24, repeat: int = 3
) -> dict[str, object]:
    """Time `render` on n same-format clips joined by cuts against `ffmpeg -f concat -safe 0 -c copy`."""
    with tempfile.TemporaryDirectory(prefix="reelsmith-bench-concat-") as tmp:
        root = Path(tmp)
        width, height = (int(v) for v in size.split("x"))
        clips = _synthetic_clips(root, n_clips, seconds=seconds, size=size, fps=fps)
        items = [TimelineItem(id=clip.stem, kind="video", path=clip, duration_s=seconds) for clip in clips]
        timeline = Timeline(fps=fps, width=width, height=height, items=items)
        if not can_fast_path(timeline):
            return _figures("render_fast_path_concat", float("inf"), 1.0, _FAST_PATH_TARGET,
                            error="the synthetic clips did not qualify for the fast path")
        listing = root / "list.txt"
        concat_listing(clips, listing)
        baseline_out, ours_out = root / "bare.mp4", root / "ours.mp4"
        bare = ["-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(baseline_out)]
        results = []
        ours, baseline = _compare(lambda: _ffmpeg(*bare), lambda: results.append(render(timeline, ours_out)), repeat)
        result = results[-1]
        return _figures("render_fast_path_concat", ours, baseline, _FAST_PATH_TARGET, clips=n_clips,
                        used_fast_path=result.used_fast_path, frames=result.frames,
                        expected_frames=timeline.total_frames,
                        baseline_frames=count_frames(baseline_out)[0])


def _make_still(path: Path, index: int, width: int, height: int) -> None:
    image = Image.new("RGB", (width, height), ((index * 53) % 256, (index * 97) % 256, (index * 29) % 256))
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 8, height // 6, width // 2, height * 5 // 6), fill=(240, 240, 240))
    draw.ellipse((width // 2, height // 4, width * 7 // 8, height * 3 // 4), fill=(20, 20, 20))
    draw.text((width // 7, height // 5), f"SHOT {index + 1}", fill=(0, 0, 0))
    image.save(path)


def bench_animatic(
    n_stills: int = 60, *, seconds: float = 1.0, width: int = 1280, height: int = 720, fps: int = 24,
    repeat: int = 2,
) -> dict[str, object]:
    """Time `render_animatic` on n held stills against a bare ffmpeg encode of the same stills and length."""
    with tempfile.TemporaryDirectory(prefix="reelsmith-bench-animatic-") as tmp:
        root = Path(tmp)
        stills = []
        for index in range(n_stills):
            still = root / f"S{index // 10 + 1:02d}_SH{index % 10 + 1:02d}.png"
            _make_still(still, index, width, height)
            stills.append(still)
        items = [TimelineItem(id=p.stem, kind="still", path=p, duration_s=seconds) for p in stills]
        timeline = Timeline(fps=fps, width=width, height=height, items=items)
        listing = root / "stills.ffconcat"
        lines = ["ffconcat version 1.0"]
        for still in stills:
            lines += [f"file '{still.as_posix()}'", f"duration {seconds:.6f}"]
        listing.write_text("\n".join([*lines, lines[-2]]) + "\n", encoding="utf-8")
        baseline_out, ours_out = root / "bare.mp4", root / "ours.mp4"
        # The same encoder settings as render_animatic's defaults, and a silent track as it always has.
        bare = ["-f", "concat", "-safe", "0", "-i", str(listing),
                "-f", "lavfi", "-i", f"anullsrc=r=48000:cl=stereo:d={timeline.duration_s:.6f}",
                "-vf", f"fps={fps},format=yuv420p", *_X264, "-c:a", "aac", "-b:a", "128k",
                "-t", f"{timeline.duration_s:.6f}", str(baseline_out)]
        results = []
        ours, baseline = _compare(
            lambda: _ffmpeg(*bare), lambda: results.append(render_animatic(timeline, ours_out)), repeat
        )
        result = results[-1]
        return _figures("render_animatic", ours, baseline, _ANIMATIC_TARGET, stills=n_stills,
                        frames=result.frames, expected_frames=timeline.total_frames,
                        duration_s=result.duration_s,
                        baseline_frames=count_frames(baseline_out)[0])
