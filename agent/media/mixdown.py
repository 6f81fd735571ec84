"""The sound mix as an ffmpeg filter graph: voice and music placed, gained and summed, never silent-less."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.media.timeline import Timeline

__all__ = ["AudioMix", "audio_mix"]

_FORMAT = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"


@dataclass
class AudioMix:
    """Extra ffmpeg inputs and filter-graph chains that end in the label `out` (e.g. '[aout]')."""

    inputs: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    out: str = "[aout]"


def audio_mix(timeline: Timeline, *, first_input: int, base: str | None = None) -> AudioMix:
    """Build the mix of `timeline.audio` (plus `base`, e.g. '0:a' from the clips) cut to the film's length.

    `first_input` is the ffmpeg input index the audio files will get. With nothing to mix the result
    is a silent stereo track, so players (and checks) always find an audio stream.
    """
    total = timeline.duration_s
    mix = AudioMix()
    labels: list[str] = []
    if base is not None:
        mix.filters.append(f"[{base}]{_FORMAT}[abase]")
        labels.append("[abase]")
    for offset, track in enumerate(timeline.audio):
        index = first_input + offset
        mix.inputs += ["-i", str(track.path)]
        delay_ms = round(track.start_s * 1000)
        chain = [f"[{index}:a]{_FORMAT}"]
        if track.source_in_s:
            chain.append(f"atrim=start={track.source_in_s:.4f},asetpts=PTS-STARTPTS")
        chain.append(f"volume={track.gain:.4f}")
        if delay_ms:
            chain.append(f"adelay={delay_ms}:all=1")
        if track.duck_spans:  # after the delay, t is timeline time: lower the music while someone speaks
            inside = "+".join(f"between(t,{a:.3f},{b:.3f})" for a, b in track.duck_spans)
            chain.append(f"volume='if({inside},{track.duck_gain:.4f},1)':eval=frame")
        mix.filters.append(",".join(chain) + f"[a{offset}]")
        labels.append(f"[a{offset}]")
    if not labels:
        mix.inputs += ["-f", "lavfi", "-i", f"anullsrc=r=48000:cl=stereo:d={total:.4f}"]
        mix.filters.append(f"[{first_input}:a]{_FORMAT},atrim=end={total:.4f}{mix.out}")
        return mix
    summed = "".join(labels)
    if len(labels) > 1:
        summed += f"amix=inputs={len(labels)}:duration=longest:normalize=0,"
    else:
        summed += "anull,"
    # Pad to the film's length, never without end: an endless apad makes ffmpeg 9 hang now and then
    # once the picture has finished.
    mix.filters.append(f"{summed}apad=whole_dur={total:.4f},atrim=end={total:.4f}{mix.out}")
    return mix
