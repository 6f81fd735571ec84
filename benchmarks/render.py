"""Render figures: the cuts-only fast path and the animatic against bare ffmpeg on the same media.

Both come from :mod:`benchmarks.render_bench`; this module turns their dicts into figures.
"""

from __future__ import annotations

from typing import Any

from benchmarks.figures import Figure
from benchmarks.render_bench import bench_animatic, bench_concat

__all__ = ["render_figures"]


def _figure(name: str, raw: dict[str, Any], note: str) -> Figure:
    extra = {k: v for k, v in raw.items() if k not in {"name", "value", "unit", "baseline", "ratio", "target", "ok"}}
    detail = ", ".join(f"{k}={v}" for k, v in extra.items())
    return Figure.measure(name, value=float(raw["value"]), baseline=float(raw["baseline"]), unit=str(raw["unit"]),
                          target=float(raw["target"]), note=f"{note}; {detail}")


def render_figures(*, quick: bool) -> list[Figure]:
    """Time the 60-clip cuts-only render and the 60-still animatic against bare ffmpeg."""
    repeat = 1 if quick else 3
    size = (640, 360) if quick else (1280, 720)
    concat = bench_concat(60, repeat=repeat + 1)  # a cheap render: one more run steadies a noisy machine
    animatic = bench_animatic(60, width=size[0], height=size[1], repeat=repeat)
    return [
        _figure("render.cuts_only_60_clips", concat,
                f"60 x 1 s clips, best of {repeat + 1}; baseline: ffmpeg -f concat -c copy"),
        _figure("render.animatic_60_stills", animatic,
                f"60 stills at {size[0]}x{size[1]}, best of {repeat}; baseline: bare ffmpeg x264 encode"),
    ]
