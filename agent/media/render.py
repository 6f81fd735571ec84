"""The final render: one entry point that takes the stream-copy fast path when it can."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agent.media.compose import compose_render
from agent.media.fastpath import try_render_concat
from agent.media.mp4info import frames_and_seconds
from agent.media.output import atomic_output, check_video_out
from agent.media.subtitles import write_sidecar
from agent.media.timeline import RenderResult, Timeline, check_timeline

__all__ = ["render"]


def render(
    timeline: Timeline,
    out: Path,
    *,
    progress: Callable[[float, str], None] | None = None,
    burn_subtitles: bool = False,
    sidecar: bool = True,
    allow_fast_path: bool = True,
    preset: str = "medium",
    crf: int = 20,
    work_root: Path | None = None,
) -> RenderResult:
    """Render the timeline to an MP4 (H.264/AAC) at `out`, reporting progress in [0, 1] with a label.

    Clips with identical streams joined only by cuts are stream-copied; anything else is composed
    and encoded with moviepy. The file appears under `out` only when complete. Unless subtitles are
    burned in, they are written beside the film as `.srt` when `sidecar` is set. Scratch files go
    to a hidden folder under `work_root` (default: beside `out`), never to the system's temp folder.
    """
    check_video_out(out)
    check_timeline(timeline)
    burn = burn_subtitles and bool(timeline.subtitles)
    with atomic_output(out) as partial:
        fast = allow_fast_path and not burn and try_render_concat(timeline, partial, progress=progress,
                                                                  work_root=work_root)
        if not fast:
            compose_render(timeline, partial, progress=progress, burn_subtitles=burn, preset=preset, crf=crf,
                           work_root=work_root)
        frames, seconds = frames_and_seconds(partial)
    if sidecar and not burn and timeline.subtitles:
        write_sidecar(timeline.subtitles, out.with_suffix(".srt"))
    if progress:
        progress(1.0, "done")
    return RenderResult(path=out, duration_s=seconds, used_fast_path=fast, frames=frames)
