"""Offline voice generator: espeak-ng when installed, else timed silence carrying the line as a subtitle."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import struct
import subprocess
import tempfile
import wave
from pathlib import Path
from typing import Final

from agent.generators.base import GeneratedMedia, GenerationError, Keyed, media_metadata
from agent.generators.costs import PriceTable
from agent.generators.requests import VoiceRequest

__all__ = ["OfflineVoiceGenerator", "espeak_voice_for", "silence_duration"]

# Variants shipped with espeak-ng itself (no mbrola data needed), mixed male and female.
_ESPEAK_VOICES: Final = (
    "en-us+m3",
    "en-us+f3",
    "en-gb+m1",
    "en-gb+f2",
    "en-us+m7",
    "en-gb+f4",
    "en-gb-x-rp+m2",
    "en-us+f5",
    "en-gb-scotland+m4",
    "en-us+f1",
)
_WORDS_PER_MINUTE: Final = 150
_SILENCE_RATE: Final = 22050
_AUTO: Final = "auto"


_PROFILE_WORDS: Final = (
    (r"\b(?:low|deep|gravel\w*|husky|bass|baritone|rumbl\w*)\b", "pitch", -20),
    (r"\b(?:high|bright|squeak\w*|shrill|thin|piping|light)\b", "pitch", 20),
    (r"\b(?:slow|drawl\w*|measured|deliberate|tired|sleepy)\b", "speed", -25),
    (r"\b(?:fast|quick|rapid|clipped|brisk|nervous|breathless)\b", "speed", 25),
)
"""Profile words the offline engine can honour: a lower or higher pitch, a slower or faster pace."""
_PROFILE_VOICES: Final = ((r"\b(?:woman|female|girl|her)\b", "en-us+f3"), (r"\b(?:man|male|boy|his)\b", "en-us+m3"),
                          (r"\b(?:british|english|posh|rp)\b", "en-gb-x-rp+m2"), (r"\bscottish\b", "en-gb-scotland+m4"))


def espeak_voice_for(character: str, profile: str = "") -> tuple[str, int, int]:
    """Pick (voice, pitch, words per minute) for a character; the same name (and profile) always gets the same.

    A voice profile ("low and dry", "fast, high, British") moves the pitch and pace and may pick the variant.
    """
    digest = hashlib.sha256(character.strip().lower().encode("utf-8")).digest()
    voice = _ESPEAK_VOICES[digest[0] % len(_ESPEAK_VOICES)]
    pitch_step, speed_step = _profile_shift(profile)
    pitch, speed = 35 + digest[1] % 35 + pitch_step, 145 + digest[2] % 30 + speed_step
    voice = next((v for pattern, v in _PROFILE_VOICES if re.search(pattern, profile.lower())), voice)
    return voice, max(0, min(99, pitch)), max(80, min(260, speed))


def _profile_shift(profile: str) -> tuple[int, int]:
    """Return how far a voice profile moves the pitch and the pace (words per minute)."""
    pitch = speed = 0
    for pattern, what, step in _PROFILE_WORDS:
        if re.search(pattern, profile.lower()):
            pitch, speed = (pitch + step, speed) if what == "pitch" else (pitch, speed + step)
    return pitch, speed


def silence_duration(text: str, words_per_minute: int = _WORDS_PER_MINUTE) -> float:
    """Return how long the line takes to say at a speaking pace, with a breath at the end."""
    words = max(1, len(text.split()))
    return round(max(0.8, words * 60.0 / words_per_minute + 0.4), 3)


def _silence_wav(seconds: float, mark: str) -> bytes:
    """Return ``seconds`` of silence carrying ``mark`` in an INFO comment chunk after the samples.

    Silence of one length is the same bytes for every line, and the asset store is content-addressed: without
    the mark, two lines of the same length would be one asset, and the second would never be found again
    by its own request hash (so it would be made again on every look).
    """
    buf = io.BytesIO()
    with wave.open(buf, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(_SILENCE_RATE)
        wav.writeframes(b"\x00\x00" * int(round(seconds * _SILENCE_RATE)))
    text = mark.encode("ascii", "replace") + b"\x00"
    text += b"\x00" * (len(text) % 2)  # RIFF chunks are padded to an even size
    comment = b"ICMT" + struct.pack("<I", len(text)) + text
    data = buf.getvalue() + b"LIST" + struct.pack("<I", 4 + len(comment)) + b"INFO" + comment
    return data[:4] + struct.pack("<I", len(data) - 8) + data[8:]


def _wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data), "rb") as wav:
        return round(wav.getnframes() / float(wav.getframerate()), 3)


class OfflineVoiceGenerator(Keyed):
    """Speak lines with espeak-ng (a voice per character), or write timed silence when it is missing."""

    kind = "voice"
    provider = "offline"

    def __init__(
        self, *, espeak_binary: str | None = _AUTO, prices: PriceTable | None = None, timeout_s: float = 60.0
    ) -> None:
        self._espeak = shutil.which("espeak-ng") if espeak_binary == _AUTO else espeak_binary
        self._prices = prices
        self._timeout_s = timeout_s
        # Output differs between espeak-ng and silence, so the model name (and request hash) must too.
        self.model = "espeak-ng" if self._espeak else "silence-v1"

    def _speak(self, request: VoiceRequest) -> tuple[bytes, dict[str, object]]:
        assert self._espeak is not None
        voice, pitch, speed = espeak_voice_for(request.character, request.profile)
        with tempfile.TemporaryDirectory(prefix="reelsmith-voice-") as tmp:
            out = Path(tmp) / "line.wav"
            cmd = [self._espeak, "-v", voice, "-p", str(pitch), "-s", str(speed), "-w", str(out), "--stdin"]
            try:
                done = subprocess.run(
                    cmd,
                    input=request.text.encode("utf-8"),
                    capture_output=True,
                    timeout=self._timeout_s,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise GenerationError(
                    f"espeak-ng took longer than {self._timeout_s:g} s for one line."
                ) from exc
            except OSError as exc:
                raise GenerationError(f"espeak-ng could not be started ({exc.__class__.__name__}).") from exc
            if done.returncode != 0 or not out.exists():
                raise GenerationError(f"espeak-ng failed with exit code {done.returncode}.")
            data = out.read_bytes()
        return data, {"voice": voice, "pitch": pitch, "words_per_minute": speed}

    def generate(self, request: VoiceRequest) -> GeneratedMedia:
        """Speak the line and return WAV bytes with the line as subtitle metadata."""
        if self._espeak:
            data, params = self._speak(request)
        else:
            pace = _WORDS_PER_MINUTE + _profile_shift(request.profile)[1]  # a slow voice takes longer to say it
            data, params = (
                _silence_wav(silence_duration(request.text, pace), self.request_hash(request)),
                {"words_per_minute": pace},
            )
        try:
            duration = _wav_seconds(data)
        except (wave.Error, EOFError) as exc:
            raise GenerationError("The offline voice engine wrote an unreadable WAV file.") from exc
        params = {**params, "character": request.character, "voice_id": request.voice_id,
                  "profile": request.profile}
        meta = media_metadata(
            provider=self.provider,
            model=self.model,
            prompt=request.text,
            prompt_parts={"text": request.text, "character": request.character},
            params=params,
            seed=request.seed,
            cost_usd=self.estimate_cost(request),
            duration_s=duration,
            parent_assets=[],
            request_hash=self.request_hash(request),
            draft=True,
            subtitle=request.text,
            subtitles=[{"start": 0.0, "end": duration, "text": request.text, "speaker": request.character}],
            silent=not self._espeak,
        )
        return GeneratedMedia(data=data, mime="audio/wav", extension=".wav", metadata=meta)
