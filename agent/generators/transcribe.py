"""Transcribe audio and video through an OpenAI-compatible endpoint's ``/audio/transcriptions``.

The one place that knows a transcript can come from a provider. Nothing here is called without a key:
``transcriber_for`` returns None when none is set, and the caller says that a provider is needed.
A voice line the project generated needs no provider: its words are the screenplay's (see
``agent.project.transcripts``).
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel, Field

from agent.config import Settings
from agent.generators.base import GenerationError

__all__ = ["Transcript", "TranscriptSegment", "Transcriber", "OpenAITranscriber", "transcriber_for",
           "MAX_TRANSCRIBE_BYTES", "NEEDS_PROVIDER"]

MAX_TRANSCRIBE_BYTES = 25 * 1024 * 1024
"""The largest file OpenAI's transcription endpoint takes; a larger one is refused before any request."""
NEEDS_PROVIDER = ("transcribing an uploaded file needs a transcription provider: set OPENAI_API_KEY (and "
                  "REELSMITH_TRANSCRIPTION_BASE_URL or OPENAI_BASE_URL for another OpenAI-compatible server)")


class TranscriptSegment(BaseModel):
    """One stretch of speech: when (seconds from the file's start) and what is said."""

    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)
    text: str
    speaker: str | None = None


class Transcript(BaseModel):
    """What a file says: the whole text, its timed segments, and who made the transcript."""

    text: str
    segments: list[TranscriptSegment] = Field(default_factory=list)
    language: str | None = None
    source: str = Field(description="'screenplay' for a generated voice line, else 'provider/model'.")

    def as_meta(self) -> dict[str, Any]:
        """Return the transcript as the asset's metadata stores it (plain JSON)."""
        return self.model_dump(mode="json")


class Transcriber(Protocol):
    """Something that turns a media file's bytes into a Transcript."""

    name: str
    model: str

    def transcribe(self, data: bytes, *, filename: str, mime: str) -> Transcript:
        """Return what the file says; raise GenerationError when the provider fails."""
        ...


class OpenAITranscriber:
    """Transcribe through the ``openai`` client (OpenAI, or a compatible server at ``base_url``)."""

    name = "openai"

    def __init__(self, *, api_key: str, model: str, base_url: str | None = None, timeout_s: float = 120.0,
                 max_retries: int = 2, http_client: Any = None) -> None:
        import openai

        self.model = model
        # ``http_client`` is for tests: a client with a stub transport keeps them off the network.
        self._client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=max_retries,
                                     http_client=http_client)

    def transcribe(self, data: bytes, *, filename: str, mime: str) -> Transcript:
        """Send the file once (verbose JSON, timed segments) and return its transcript."""
        import openai

        if len(data) > MAX_TRANSCRIBE_BYTES:
            raise GenerationError(f"{filename} is {len(data) // (1024 * 1024)} MB; the transcription endpoint takes "
                                  f"at most {MAX_TRANSCRIBE_BYTES // (1024 * 1024)} MB")
        try:
            result = self._client.audio.transcriptions.create(
                model=self.model, file=(filename, data, mime), response_format="verbose_json",
                timestamp_granularities=["segment"])
        except openai.APIStatusError as exc:
            raise GenerationError(f"the transcription endpoint answered {exc.status_code}: "
                                  f"{str(exc.message)[:200]}") from exc
        except openai.APIError as exc:
            raise GenerationError(f"the transcription endpoint failed: {str(exc)[:200]}") from exc
        segments = [TranscriptSegment(start_s=max(0.0, float(seg.start)), end_s=max(float(seg.start), float(seg.end)),
                                      text=seg.text.strip())
                    for seg in (getattr(result, "segments", None) or []) if seg.text.strip()]
        text = str(getattr(result, "text", "") or "").strip()
        return Transcript(text=text, segments=segments, language=getattr(result, "language", None) or None,
                          source=f"{self.name}/{self.model}")


def transcriber_for(settings: Settings, *, http_client: Any = None) -> Transcriber | None:
    """Return the configured transcriber, or None when no key is set (then only generated lines have captions)."""
    if settings.openai_api_key is None:
        return None
    return OpenAITranscriber(api_key=settings.openai_api_key.get_secret_value(), model=settings.transcription_model,
                             base_url=settings.transcription_base_url or settings.openai_base_url,
                             timeout_s=settings.model_timeout_s * 2, max_retries=settings.model_retries,
                             http_client=http_client)
