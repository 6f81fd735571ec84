"""The real replicate client against a stub of Replicate's HTTP API (httpx.MockTransport); no network."""

from __future__ import annotations

import hashlib
import io
import json
import struct
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from PIL import Image

from agent.generators import (
    GenerationError,
    ImageRequest,
    RefImage,
    ReplicateImageGenerator,
    ReplicateOptions,
    ReplicateVideoGenerator,
    RetryPolicy,
    VideoRequest,
)

TOKEN = "r8_SeCrEtToKeN1234567890"
MODEL = "black-forest-labs/flux-schnell"
REF_MODEL = "black-forest-labs/flux-kontext-pro"
VIDEO_MODEL = "wan-video/wan-2.2-i2v-fast"
OUT_URL = "https://replicate.delivery/xezq/abc123/out-0.png"


def _png(size: tuple[int, int] = (64, 36), colour: str = "teal") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


def _mp4() -> bytes:
    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    return (
        box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2avc1mp41")
        + box(b"moov", b"\x00" * 64)
        + box(b"mdat", b"\x01" * 256)
    )


def _prediction(pid: str, model: str, status: str, output: object = None, error: str | None = None) -> dict:
    """A prediction object as Replicate's API returns it."""
    done = status in ("succeeded", "failed", "canceled")
    return {
        "id": pid,
        "model": model,
        "version": "dp-4d0bcc010b3049749a251855f12800be",
        "input": {"prompt": "..."},
        "logs": "",
        "output": output,
        "data_removed": False,
        "error": error,
        "status": status,
        "created_at": "2025-01-01T00:00:00.000Z",
        "started_at": "2025-01-01T00:00:00.500Z" if status != "starting" else None,
        "completed_at": "2025-01-01T00:00:02.000Z" if done else None,
        "metrics": {"image_count": 1, "predict_time": 1.25, "total_time": 2.0} if done else {},
        "urls": {
            "cancel": f"https://api.replicate.com/v1/predictions/{pid}/cancel",
            "get": f"https://api.replicate.com/v1/predictions/{pid}",
            "stream": f"https://stream.replicate.com/v1/files/{pid}",
            "web": f"https://replicate.com/p/{pid}",
        },
    }


def _file_object(fid: str, name: str, content_type: str, size: int, sha: str) -> dict:
    """A file object as Replicate's files API returns it."""
    return {
        "id": fid,
        "name": name,
        "content_type": content_type,
        "size": size,
        "etag": "e" * 32,
        "checksums": {"sha256": sha, "md5": "0" * 32},
        "metadata": {},
        "created_at": "2025-01-01T00:00:00.000Z",
        "expires_at": "2025-01-02T00:00:00.000Z",
        "urls": {"get": f"https://api.replicate.com/v1/files/{fid}"},
    }


def _problem(status: int, title: str, detail: str) -> httpx.Response:
    return httpx.Response(
        status,
        json={"title": title, "detail": detail, "status": status},
        headers={"content-type": "application/problem+json"},
    )


class Stub:
    """Replicate's API and delivery CDN; each route plays a script of responses, the last one repeating."""

    def __init__(self, model: str = MODEL, output: object = None, download: bytes | None = None) -> None:
        self.model = model
        self.requests: list[httpx.Request] = []
        self.uploads: list[bytes] = []
        self.create: list[Callable[[], httpx.Response]] = [
            lambda: httpx.Response(201, json=_prediction("pred1", self.model, "starting"))
        ]
        self.polls: list[Callable[[], httpx.Response]] = [
            lambda: httpx.Response(200, json=_prediction("pred1", self.model, "processing")),
            lambda: httpx.Response(
                200, json=_prediction("pred1", self.model, "succeeded", output or [OUT_URL])
            ),
        ]
        body = download if download is not None else _png()
        self.downloads: list[Callable[[], httpx.Response]] = [
            lambda: httpx.Response(200, content=body, headers={"content-type": "image/png"})
        ]

    @staticmethod
    def _next(script: list[Callable[[], httpx.Response]]) -> httpx.Response:
        return (script.pop(0) if len(script) > 1 else script[0])()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if request.url.host == "api.replicate.com":
            if request.method == "POST" and path == f"/v1/models/{self.model}/predictions":
                return self._next(self.create)
            if request.method == "POST" and path == "/v1/files":
                return self._upload(request)
            if request.method == "POST" and path == "/v1/predictions/pred1/cancel":
                return httpx.Response(200, json=_prediction("pred1", self.model, "canceled"))
            if request.method == "GET" and path == "/v1/predictions/pred1":
                return self._next(self.polls)
            return _problem(404, "Not found", f"no route {path}")
        if request.url.host == "replicate.delivery":
            return self._next(self.downloads)
        raise AssertionError(f"unexpected host {request.url.host}")

    def _upload(self, request: httpx.Request) -> httpx.Response:
        # Multipart body, field "content"; keep the file bytes so tests can compare them.
        body = request.read()
        boundary = request.headers["content-type"].split("boundary=")[1].encode()
        part = next(p for p in body.split(b"--" + boundary) if b'name="content"' in p)
        head, _, rest = part.partition(b"\r\n\r\n")
        data = rest[: -len(b"\r\n")]
        self.uploads.append(data)
        ctype = next(
            h.split(b": ")[1].decode() for h in head.split(b"\r\n") if h.lower().startswith(b"content-type")
        )
        fid = f"file{len(self.uploads)}"
        return httpx.Response(
            201, json=_file_object(fid, "reference.png", ctype, len(data), hashlib.sha256(data).hexdigest())
        )

    def calls(self, method: str, fragment: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and fragment in r.url.path]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def _options(stub: Stub, clock: Clock, **kw: object) -> ReplicateOptions:
    values: dict = {
        "api_token": TOKEN,
        "timeout_s": 30.0,
        "poll_interval_s": 1.0,
        "max_bytes": 10_000_000,
        "retry": RetryPolicy(max_retries=2, base_delay_s=0.5),
        "transport": httpx.MockTransport(stub),
        "sleep": clock.sleep,
        "clock": clock,
    }
    values.update(kw)
    return ReplicateOptions(**values)


def _image_gen(stub: Stub, clock: Clock | None = None, **kw: object) -> ReplicateImageGenerator:
    return ReplicateImageGenerator(
        options=_options(stub, clock or Clock(), **kw), model=MODEL, ref_model=REF_MODEL
    )


REQUEST = ImageRequest(prompt="wide shot of a lighthouse at night", width=1280, height=720, seed=42)


def _fails(
    gen: ReplicateImageGenerator | ReplicateVideoGenerator, request: object, match: str
) -> GenerationError:
    with pytest.raises(GenerationError, match=match) as info:
        gen.generate(request)  # type: ignore[arg-type]
    message = str(info.value)
    assert TOKEN not in message and "\n" not in message
    return info.value


def test_text_to_image_success_in_replicate_wire_format() -> None:
    stub, clock = Stub(), Clock()
    media = _image_gen(stub, clock).generate(REQUEST)
    assert media.mime == "image/png" and media.data == _png()
    (create,) = stub.calls("POST", "/predictions")
    assert create.headers["authorization"] == f"Bearer {TOKEN}"
    body = json.loads(create.content)
    assert body == {
        "input": {"prompt": REQUEST.prompt, "aspect_ratio": "16:9", "output_format": "png", "seed": 42}
    }
    (download,) = [r for r in stub.requests if r.url.host == "replicate.delivery"]
    assert "authorization" not in download.headers  # the token never leaves api.replicate.com
    meta = media.metadata
    assert (meta["provider"], meta["model"], meta["draft"], meta["prediction_id"]) == (
        "replicate",
        MODEL,
        False,
        "pred1",
    )
    assert meta["cost_usd"] == pytest.approx(0.003) and meta["predict_time_s"] == 1.25
    assert clock.sleeps == [1.0, 1.0]  # polled twice at the configured interval


def test_reference_image_goes_to_the_reference_model(tmp_path: Path) -> None:
    ref_bytes = _png(colour="orange")
    ref_path = tmp_path / "mara.png"
    ref_path.write_bytes(ref_bytes)
    sha = hashlib.sha256(ref_bytes).hexdigest()
    stub = Stub(model=REF_MODEL, output=OUT_URL)  # Kontext returns a single URL, not a list
    request = REQUEST.model_copy(update={"reference_images": [RefImage(sha256=sha, path=ref_path)]})
    media = _image_gen(stub).generate(request)
    body = json.loads(stub.calls("POST", "/predictions")[0].content)
    assert stub.uploads == [ref_bytes]
    assert body["input"]["input_image"] == "https://api.replicate.com/v1/files/file1"
    assert media.metadata["model"] == REF_MODEL and media.metadata["parent_assets"] == [sha]
    assert media.metadata["params"]["input_image"] == "<reference image>"


def test_prediction_that_never_finishes_times_out_and_is_cancelled() -> None:
    stub, clock = Stub(), Clock()
    stub.polls = [lambda: httpx.Response(200, json=_prediction("pred1", MODEL, "processing"))]
    _fails(_image_gen(stub, clock, timeout_s=5.0), REQUEST, "did not finish within 5 s and was cancelled")
    assert len(stub.calls("POST", "/cancel")) == 1
    assert clock.now <= 6.0


def test_429_then_success_is_retried_with_backoff() -> None:
    stub, clock = Stub(), Clock()
    stub.create = [
        lambda: _problem(429, "Too Many Requests", "Request was throttled."),
        lambda: httpx.Response(201, json=_prediction("pred1", MODEL, "starting")),
    ]
    media = _image_gen(stub, clock).generate(REQUEST)
    assert media.mime == "image/png"
    assert len(stub.calls("POST", "/predictions")) == 2
    assert clock.sleeps[0] == 0.5  # first backoff, before the polls


def test_500_exhausts_retries() -> None:
    stub, clock = Stub(), Clock()
    stub.create = [lambda: _problem(500, "Internal Server Error", f"boom token={TOKEN}")]
    err = _fails(_image_gen(stub, clock), REQUEST, "failed after 3 attempts: Replicate answered 500")
    assert "***" in str(err)  # a token echoed by the server is scrubbed
    assert len(stub.calls("POST", "/predictions")) == 3
    assert clock.sleeps == [0.5, 1.0]


def test_network_timeout_then_success() -> None:
    stub = Stub()
    first = True

    def flaky(request: httpx.Request) -> httpx.Response:
        nonlocal first
        if first and request.method == "POST":
            first = False
            raise httpx.ReadTimeout("timed out", request=request)
        return stub(request)

    gen = ReplicateImageGenerator(
        options=_options(stub, Clock(), transport=httpx.MockTransport(flaky)),
        model=MODEL,
        ref_model=REF_MODEL,
    )
    assert gen.generate(REQUEST).mime == "image/png"
    assert len(stub.calls("POST", "/predictions")) == 1  # the timed-out one never reached the stub


@pytest.mark.parametrize(
    ("status", "title", "detail", "match"),
    [
        (
            422,
            "Input validation failed",
            "- input.seed: Must be less than 2147483647",
            "refused the request .*422",
        ),
        (401, "Unauthenticated", "You did not pass a valid authentication token", "rejected the API token"),
        (404, "Not found", "The requested resource could not be found.", "has no model"),
    ],
)
def test_4xx_fails_at_once_with_a_clear_error(status: int, title: str, detail: str, match: str) -> None:
    stub = Stub()
    stub.create = [lambda: _problem(status, title, detail)]
    _fails(_image_gen(stub), REQUEST, match)
    assert len(stub.calls("POST", "/predictions")) == 1


def test_failed_prediction_reports_the_model_error() -> None:
    stub = Stub()
    stub.polls = [
        lambda: httpx.Response(200, json=_prediction("pred1", MODEL, "failed", error="NSFW content detected"))
    ]
    _fails(_image_gen(stub), REQUEST, "prediction pred1 failed: NSFW content detected")


def test_truncated_download_is_refused() -> None:
    png = _png()
    stub = Stub()
    # The server promised the whole file but the connection delivered half of it, on every try.
    stub.downloads = [
        lambda: httpx.Response(200, content=png[: len(png) // 2], headers={"content-length": str(len(png))})
    ]
    _fails(_image_gen(stub), REQUEST, "truncated")


def test_cut_off_png_with_matching_length_is_refused() -> None:
    stub = Stub(download=_png((400, 300), "navy")[:-40])
    _fails(_image_gen(stub), REQUEST, "truncated or corrupt")


def test_html_served_where_png_expected_is_refused() -> None:
    stub = Stub(download=b"<!DOCTYPE html><html><body>Access denied</body></html>")
    err = _fails(_image_gen(stub), REQUEST, "sent text/html where image was expected")
    assert isinstance(err, GenerationError)


def test_oversized_download_is_refused() -> None:
    stub = Stub(download=_png((800, 800)))
    _fails(_image_gen(stub, max_bytes=1000), REQUEST, "larger than the 1,000-byte limit")


def test_download_5xx_is_retried() -> None:
    stub = Stub()
    stub.downloads = [lambda: httpx.Response(503), lambda: httpx.Response(200, content=_png())]
    assert _image_gen(stub).generate(REQUEST).data == _png()


@pytest.fixture
def still(tmp_path: Path) -> tuple[Path, str]:
    data = _png((128, 72))
    path = tmp_path / "still.png"
    path.write_bytes(data)
    return path, hashlib.sha256(data).hexdigest()


def test_image_to_video_success(still: tuple[Path, str]) -> None:
    path, sha = still
    stub = Stub(model=VIDEO_MODEL, output="https://replicate.delivery/xezq/v/out.mp4", download=_mp4())
    gen = ReplicateVideoGenerator(options=_options(stub, Clock()), model=VIDEO_MODEL)
    media = gen.generate(
        VideoRequest(
            still_path=path, still_sha256=sha, prompt="waves", movement="dolly-in", duration_s=5.0, seed=7
        )
    )
    assert media.mime == "video/mp4" and media.extension == ".mp4"
    body = json.loads(stub.calls("POST", "/predictions")[0].content)["input"]
    assert body["image"] == "https://api.replicate.com/v1/files/file1" and len(stub.uploads) == 1
    assert body["prompt"] == "waves, camera dollying in" and body["num_frames"] == 81 and body["seed"] == 7
    assert media.metadata["parent_assets"] == [sha] and media.metadata["duration_s"] == pytest.approx(
        81 / 16, 0.01
    )
    assert media.metadata["cost_usd"] == pytest.approx(0.02 * 5)


def test_truncated_video_is_refused(still: tuple[Path, str]) -> None:
    path, sha = still
    stub = Stub(model=VIDEO_MODEL, output="https://replicate.delivery/xezq/v/out.mp4", download=_mp4()[:-100])
    gen = ReplicateVideoGenerator(options=_options(stub, Clock()), model=VIDEO_MODEL)
    _fails(gen, VideoRequest(still_path=path, still_sha256=sha), "video is truncated")


def test_still_that_changed_on_disk_is_refused_before_any_call(still: tuple[Path, str]) -> None:
    path, _ = still
    stub = Stub(model=VIDEO_MODEL)
    gen = ReplicateVideoGenerator(options=_options(stub, Clock()), model=VIDEO_MODEL)
    _fails(gen, VideoRequest(still_path=path, still_sha256="e" * 64), "does not match its sha256")
    assert stub.requests == []


def test_hash_and_estimate_are_known_before_any_call(tmp_path: Path) -> None:
    stub = Stub()
    gen = _image_gen(stub)
    with_ref = REQUEST.model_copy(
        update={"reference_images": [RefImage(sha256="f" * 64, path=tmp_path / "x.png")]}
    )
    assert gen.estimate_cost(REQUEST) == pytest.approx(0.003)
    assert gen.estimate_cost(with_ref) == pytest.approx(0.04)  # the reference model costs more
    assert gen.request_hash(REQUEST) != gen.request_hash(with_ref)
    assert stub.requests == []
    media = gen.generate(REQUEST)
    assert media.metadata["request_hash"] == gen.request_hash(REQUEST)


def test_reference_is_uploaded_once_even_when_create_is_retried(tmp_path: Path) -> None:
    ref_bytes = _png(colour="purple")
    ref_path = tmp_path / "tom.png"
    ref_path.write_bytes(ref_bytes)
    stub = Stub(model=REF_MODEL)
    stub.create = [
        lambda: _problem(503, "Service Unavailable", "try again"),
        lambda: httpx.Response(201, json=_prediction("pred1", REF_MODEL, "starting")),
    ]
    ref = RefImage(sha256=hashlib.sha256(ref_bytes).hexdigest(), path=ref_path)
    _image_gen(stub).generate(REQUEST.model_copy(update={"reference_images": [ref]}))
    assert len(stub.calls("POST", "/predictions")) == 2 and stub.uploads == [ref_bytes]
