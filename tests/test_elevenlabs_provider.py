"""The real elevenlabs client against a stub of ElevenLabs' HTTP API (httpx.MockTransport); no network."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import httpx
import pytest

from agent.generators import (
    ElevenLabsVoiceGenerator,
    GenerationError,
    RetryPolicy,
    VoiceRequest,
    default_voice_for,
)

KEY = "sk_SeCrEt0123456789abcdef"
VOICE = "JBFqnCBsd6RMkjVDRZzb"
# 20 CBR MP3 frames (128 kbps, 44.1 kHz: 417 bytes each) behind an empty ID3v2 tag.
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + (b"\xff\xfb\x90\x64" + b"\x00" * 413) * 20
LINE = VoiceRequest(text="Who lit the lamp?", character="Mara", voice_id=VOICE, seed=5)


class _Chunks(httpx.SyncByteStream):
    """A streamed body that can break off half way, as a dropped connection does."""

    def __init__(self, data: bytes, *, break_at: int | None = None) -> None:
        self._data, self._break = data, break_at

    def __iter__(self) -> Iterator[bytes]:
        for i in range(0, len(self._data), 1024):
            if self._break is not None and i >= self._break:
                raise httpx.RemoteProtocolError(
                    "peer closed connection without sending complete message body"
                )
            yield self._data[i : i + 1024]


def _audio(data: bytes = MP3, **kw: int) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "audio/mpeg"}, stream=_Chunks(data, **kw))


def _error(status: int, detail: object) -> httpx.Response:
    return httpx.Response(status, json={"detail": detail})


class Stub:
    def __init__(self, *script: Callable[[], httpx.Response]) -> None:
        self.script = list(script) or [_audio]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert request.url.host == "api.elevenlabs.io"
        if not request.url.path.startswith("/v1/text-to-speech/"):
            return _error(404, {"status": "not_found", "message": "no route"})
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        return step()


def _gen(stub: Stub, sleeps: list[float] | None = None, **kw: object) -> ElevenLabsVoiceGenerator:
    record = sleeps if sleeps is not None else []
    return ElevenLabsVoiceGenerator(
        api_key=KEY,
        transport=httpx.MockTransport(stub),
        retry=RetryPolicy(max_retries=2, base_delay_s=0.25),
        sleep=record.append,
        **kw,  # type: ignore[arg-type]
    )


def _fails(gen: ElevenLabsVoiceGenerator, match: str, request: VoiceRequest = LINE) -> str:
    with pytest.raises(GenerationError, match=match) as info:
        gen.generate(request)
    message = str(info.value)
    assert KEY not in message and "\n" not in message
    return message


def test_success_in_elevenlabs_wire_format() -> None:
    stub = Stub()
    media = _gen(stub).generate(LINE)
    (request,) = stub.requests
    assert request.method == "POST" and request.url.path == f"/v1/text-to-speech/{VOICE}"
    assert request.url.params["output_format"] == "mp3_44100_128"
    assert request.headers["xi-api-key"] == KEY
    body = json.loads(request.content)
    assert body["text"] == LINE.text and body["model_id"] == "eleven_multilingual_v2" and body["seed"] == 5
    assert media.data == MP3 and media.mime == "audio/mpeg" and media.extension == ".mp3"
    meta = media.metadata
    assert (meta["provider"], meta["draft"], meta["subtitle"]) == ("elevenlabs", False, LINE.text)
    assert meta["params"]["voice_id"] == VOICE
    assert meta["duration_s"] == pytest.approx(len(MP3) * 8 / 128000, abs=0.01)
    assert meta["cost_usd"] == pytest.approx(0.30 * len(LINE.text) / 1000)


def test_uncast_character_gets_a_stable_premade_voice() -> None:
    stub = Stub()
    gen = _gen(stub)
    gen.generate(VoiceRequest(text="Hello.", character="Tom"))
    gen.generate(VoiceRequest(text="Hello again.", character="Tom"))
    paths = {r.url.path for r in stub.requests}
    assert paths == {f"/v1/text-to-speech/{default_voice_for('Tom')}"}


def test_429_then_success_honours_retry_after() -> None:
    sleeps: list[float] = []
    limited = httpx.Response(
        429,
        headers={"retry-after": "2"},
        json={"detail": {"status": "too_many_concurrent_requests", "message": "busy"}},
    )
    stub = Stub(lambda: limited, _audio)
    assert _gen(stub, sleeps).generate(LINE).data == MP3
    assert len(stub.requests) == 2 and sleeps == [2.0]


def test_500_exhausts_retries() -> None:
    sleeps: list[float] = []
    stub = Stub(lambda: _error(500, {"status": "internal_error", "message": f"oops {KEY}"}))
    message = _fails(_gen(stub, sleeps), "failed after 3 attempts: ElevenLabs answered 500")
    assert "***" in message and len(stub.requests) == 3 and sleeps == [0.25, 0.5]


def test_timeout_then_success() -> None:
    calls = 0

    def slow_once() -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.ReadTimeout("timed out")
        return _audio()

    assert _gen(Stub(slow_once)).generate(LINE).data == MP3


def test_timeouts_exhaust_retries() -> None:
    def always_slow() -> httpx.Response:
        raise httpx.ConnectTimeout("timed out")

    _fails(_gen(Stub(always_slow)), "failed after 3 attempts: the request to ElevenLabs timed out")


@pytest.mark.parametrize(
    ("status", "detail", "match"),
    [
        (401, {"status": "invalid_api_key", "message": "Invalid API key"}, "rejected the API key"),
        (404, {"status": "voice_not_found", "message": "A voice with that ID was not found"}, "has no voice"),
        (
            422,
            [{"loc": ["body", "text"], "msg": "field required", "type": "value_error.missing"}],
            "refused the line \\(422: field required\\)",
        ),
        (400, {"status": "max_character_limit_exceeded", "message": "Text is too long"}, "Text is too long"),
    ],
)
def test_4xx_fails_at_once(status: int, detail: object, match: str) -> None:
    stub = Stub(lambda: _error(status, detail))
    _fails(_gen(stub), match)
    assert len(stub.requests) == 1


def test_truncated_stream_is_retried_then_refused() -> None:
    stub = Stub(lambda: _audio(break_at=4096))
    _fails(_gen(stub), "failed after 3 attempts: the audio stream from ElevenLabs broke off")
    assert len(stub.requests) == 3


def test_wrong_mime_is_refused() -> None:
    html = b"<!DOCTYPE html><html><body>Cloudflare error</body></html>"
    stub = Stub(lambda: httpx.Response(200, headers={"content-type": "audio/mpeg"}, content=html))
    _fails(_gen(stub), "sent text/html where audio was expected")


def test_oversized_audio_is_refused() -> None:
    _fails(_gen(Stub(), max_bytes=2000), "larger than the 2,000-byte limit")
