"""ElevenLabs text-to-speech with a voice per character, through the official client library."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from typing import Any, Final

import httpx
from elevenlabs import ElevenLabs
from elevenlabs.core.api_error import ApiError

from agent.generators.base import GeneratedMedia, GenerationError, Keyed, media_metadata
from agent.generators.costs import PriceTable
from agent.generators.requests import VoiceRequest
from agent.generators.retry import RetryPolicy, TransientError, call_with_retries, retry_after_seconds
from agent.generators.sniff import verify_media
from agent.redaction import redact

__all__ = ["DEFAULT_ELEVENLABS_MODEL", "ElevenLabsVoiceGenerator", "default_voice_for"]

DEFAULT_ELEVENLABS_MODEL: Final = "eleven_multilingual_v2"

# ElevenLabs' long-standing premade voices (Rachel, Domi, Bella, Antoni, Josh, Arnold, Adam, Sam).
_PREMADE_VOICES: Final = (
    "21m00Tcm4TlvDq8ikWAM",
    "AZnzlk1XvdvUeBnXmlld",
    "EXAVITQu4vr4xnSDxMaL",
    "ErXwobaYiN019PkySvjV",
    "TxGEqnHWrfWFTfGW9XjX",
    "VR6AewLTigWG4xSOukaG",
    "pNInz6obpgDQGcFmaJgB",
    "yoZ06aMxZJJ28mfd3POQ",
)


def default_voice_for(character: str) -> str:
    """Pick a premade voice for an uncast character; the same name always gets the same voice."""
    digest = hashlib.sha256(character.strip().lower().encode("utf-8")).digest()
    return _PREMADE_VOICES[digest[0] % len(_PREMADE_VOICES)]


def _bitrate_kbps(output_format: str) -> int | None:
    match = re.fullmatch(r"mp3_\d+_(\d+)", output_format)
    return int(match.group(1)) if match else None


class ElevenLabsVoiceGenerator(Keyed):
    """Speak a line in the character's voice (VoiceRequest.voice_id, else a stable premade voice)."""

    kind = "voice"
    provider = "elevenlabs"

    def __init__(
        self,
        *,
        api_key: str,
        model: str = DEFAULT_ELEVENLABS_MODEL,
        output_format: str = "mp3_44100_128",
        retry: RetryPolicy | None = None,
        timeout_s: float = 120.0,
        max_bytes: int = 64 * 1024 * 1024,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        prices: PriceTable | None = None,
    ) -> None:
        self.model = model
        self._api_key = api_key
        self._format = output_format
        self._retry = retry or RetryPolicy()
        self._timeout_s = timeout_s
        self._max_bytes = max_bytes
        self._sleep = sleep
        self._prices = prices
        self._http = httpx.Client(transport=transport, timeout=httpx.Timeout(timeout_s, connect=10.0))
        self._client = ElevenLabs(api_key=api_key, base_url=base_url, httpx_client=self._http)

    def _scrub(self, text: str) -> str:
        one_line = " ".join(text.split())[:200]
        return redact(one_line, [self._api_key])

    def _detail(self, body: Any) -> str:
        if isinstance(body, dict):
            detail = body.get("detail", body)
            if isinstance(detail, dict):
                return self._scrub(str(detail.get("message") or detail.get("status") or detail))
            if isinstance(detail, list) and detail and isinstance(detail[0], dict):
                return self._scrub(str(detail[0].get("msg", detail[0])))
            return self._scrub(str(detail))
        return self._scrub(str(body or "no detail"))

    def _classify(self, exc: ApiError, voice_id: str) -> Exception:
        status = exc.status_code or 0
        if status == 429 or status >= 500:
            retry_after = retry_after_seconds((exc.headers or {}).get("retry-after"))
            return TransientError(
                f"ElevenLabs answered {status} ({self._detail(exc.body)})", retry_after=retry_after
            )
        if status == 401:
            return GenerationError("ElevenLabs rejected the API key (401); check ELEVENLABS_API_KEY.")
        if status == 404:
            return GenerationError(f"ElevenLabs has no voice {voice_id!r} (404).")
        return GenerationError(f"ElevenLabs refused the line ({status}: {self._detail(exc.body)}).")

    def _speak_once(self, request: VoiceRequest, voice_id: str) -> bytes:
        try:
            chunks = self._client.text_to_speech.convert(
                voice_id,
                text=request.text,
                model_id=self.model,
                output_format=self._format,  # type: ignore[arg-type]
                seed=request.seed,
                # Retries are ours (with the caller's policy and sleep), not the SDK's.
                request_options={"max_retries": 0, "timeout_in_seconds": int(self._timeout_s)},
            )
            data = bytearray()
            for chunk in chunks:
                data.extend(chunk)
                if len(data) > self._max_bytes:
                    raise GenerationError(f"The audio is larger than the {self._max_bytes:,}-byte limit.")
            return bytes(data)
        except ApiError as exc:
            raise self._classify(exc, voice_id) from None
        except httpx.TimeoutException:
            raise TransientError("the request to ElevenLabs timed out") from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise TransientError(
                f"the audio stream from ElevenLabs broke off ({exc.__class__.__name__})"
            ) from None
        except httpx.TransportError as exc:
            raise TransientError(f"ElevenLabs could not be reached ({exc.__class__.__name__})") from None

    def generate(self, request: VoiceRequest) -> GeneratedMedia:
        """Speak the line and return verified audio with the line as subtitle metadata."""
        voice_id = request.voice_id or default_voice_for(request.character)
        data = call_with_retries(
            lambda: self._speak_once(request, voice_id),
            policy=self._retry,
            what="The ElevenLabs voice generation",
            sleep=self._sleep,
        )
        mime, ext = verify_media(data, family="audio", max_bytes=self._max_bytes)
        kbps = _bitrate_kbps(self._format)
        # ElevenLabs MP3 is constant bitrate, so size gives the length closely enough for the timeline.
        duration = round(len(data) * 8 / (kbps * 1000), 3) if kbps and mime == "audio/mpeg" else None
        meta = media_metadata(
            provider=self.provider,
            model=self.model,
            prompt=request.text,
            prompt_parts={"text": request.text, "character": request.character},
            params={"voice_id": voice_id, "character": request.character, "output_format": self._format},
            seed=request.seed,
            cost_usd=self.estimate_cost(request),
            duration_s=duration,
            parent_assets=[],
            request_hash=self.request_hash(request),
            draft=False,
            subtitle=request.text,
            subtitles=[{"start": 0.0, "end": duration, "text": request.text, "speaker": request.character}],
        )
        return GeneratedMedia(data=data, mime=mime, extension=ext, metadata=meta)

    def close(self) -> None:
        """Close HTTP connections."""
        self._http.close()
