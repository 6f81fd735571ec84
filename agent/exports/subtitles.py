"""The dialogue subtitles of the project's cut as SRT: timed as the render times them, speakers labelled."""

from __future__ import annotations

from agent.formats.srt import SubtitleCue, write_srt
from agent.media.from_project import timeline_from_project
from agent.media.timeline import RenderError
from agent.project import Project

__all__ = ["project_srt"]


def project_srt(project: Project, *, fps: int = 24) -> str:
    """Write the dialogue subtitles of the project's timeline as SRT text, speakers labelled.

    Raises:
        RenderError: the project has no scenes, or no dialogue to subtitle.
    """
    timeline = timeline_from_project(project, fps=fps)
    if not timeline.subtitles:
        raise RenderError("The screenplay has no dialogue to subtitle.")
    cues = [SubtitleCue(start_s=s.start_s, end_s=s.end_s, text=s.text, speaker=s.speaker) for s in timeline.subtitles]
    return write_srt(cues, label_speakers=True)
