"""Media: the timeline model, the animatic, the final render, its ffmpeg fast path and the NLE hand-off."""

from agent.media.animatic import render_animatic
from agent.media.fastpath import can_fast_path
from agent.media.ffmpeg import MediaInfo, probe
from agent.media.render import render
from agent.media.timeline import (
    AudioTrackItem,
    RenderError,
    RenderResult,
    SubtitleItem,
    Timeline,
    TimelineItem,
    check_timeline,
    default_duration,
    in_scene_order,
    select_scene,
)

__all__ = [
    "AudioTrackItem",
    "MediaInfo",
    "RenderError",
    "RenderResult",
    "SubtitleItem",
    "Timeline",
    "TimelineItem",
    "can_fast_path",
    "check_timeline",
    "default_duration",
    "in_scene_order",
    "probe",
    "render",
    "render_animatic",
    "select_scene",
]
