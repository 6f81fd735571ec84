"""Run one Replicate prediction end to end: create, poll, download, verify, with retries and a deadline."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpx
import replicate
from replicate.exceptions import ReplicateError

from agent.generators.base import GenerationError
from agent.generators.retry import RetryPolicy, TransientError, call_with_retries, retry_after_seconds
from agent.generators.sniff import MediaFamily, verify_media
from agent.redaction import redact

__all__ = ["ReplicateOptions", "ReplicateOutput", "ReplicateRunner"]

_TERMINAL = ("succeeded", "failed", "canceled")


@dataclass(frozen=True)
class ReplicateOptions:
    """Connection and patience settings for Replicate (tests inject transport, sleep and clock)."""

    api_token: str = field(repr=False)
    timeout_s: float = 600.0
    poll_interval_s: float = 1.0
    max_bytes: int = 512 * 1024 * 1024
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    http_timeout_s: float = 60.0
    base_url: str | None = None
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


@dataclass(frozen=True)
class ReplicateOutput:
    """A finished prediction's verified output."""

    data: bytes
    mime: str
    extension: str
    prediction_id: str
    predict_time_s: float | None


class _TimeoutFloor(httpx.BaseTransport):
    """Give every request a timeout: the replicate client sends prediction creates with timeout=None."""

    def __init__(self, inner: httpx.BaseTransport, timeout: httpx.Timeout) -> None:
        self._inner = inner
        self._timeout = timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Fill missing timeout values, then send."""
        given = dict(request.extensions.get("timeout") or {})
        for key in ("connect", "read", "write", "pool"):
            if given.get(key) is None:
                given[key] = getattr(self._timeout, key)
        request.extensions["timeout"] = given
        return self._inner.handle_request(request)

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


class ReplicateRunner:
    """One Replicate client plus a plain HTTP client for downloads (which never carry the API token)."""

    def __init__(self, options: ReplicateOptions) -> None:
        self._opt = options
        timeout = httpx.Timeout(options.http_timeout_s, connect=min(10.0, options.http_timeout_s))
        inner = options.transport or httpx.HTTPTransport()
        floor = _TimeoutFloor(inner, timeout)
        self._client = replicate.Client(
            api_token=options.api_token, base_url=options.base_url, timeout=timeout, transport=floor
        )
        self._http = httpx.Client(transport=floor, timeout=timeout, follow_redirects=True)

    def _scrub(self, text: str) -> str:
        one_line = " ".join(str(text).split())[:200]
        return redact(one_line, [self._opt.api_token])

    def _classify(self, exc: ReplicateError, model: str) -> Exception:
        status = exc.status or 0
        detail = self._scrub(exc.detail or exc.title or "no detail")
        if status == 429 or status >= 500:
            return TransientError(f"Replicate answered {status} ({detail})")
        if status in (401, 403):
            return GenerationError(f"Replicate rejected the API token ({status}); check REPLICATE_API_TOKEN.")
        if status == 404:
            return GenerationError(f"Replicate has no model {model!r} (404).")
        return GenerationError(f"Replicate refused the request for {model} ({status}: {detail}).")

    def _call(self, fn: Callable[[], Any], model: str) -> Any:
        try:
            return fn()
        except ReplicateError as exc:
            raise self._classify(exc, model) from None
        except httpx.TimeoutException:
            raise TransientError("the request to Replicate timed out") from None
        except httpx.TransportError as exc:
            raise TransientError(f"Replicate could not be reached ({exc.__class__.__name__})") from None

    def _create(self, model: str, inputs: dict[str, Any]) -> replicate.prediction.Prediction:
        if ":" in model:
            _, version = model.split(":", 1)
            return self._call(lambda: self._client.predictions.create(version=version, input=inputs), model)
        return self._call(lambda: self._client.models.predictions.create(model=model, input=inputs), model)

    def _wait(
        self, prediction: replicate.prediction.Prediction, model: str
    ) -> replicate.prediction.Prediction:
        deadline = self._opt.clock() + self._opt.timeout_s
        while prediction.status not in _TERMINAL:
            if self._opt.clock() >= deadline:
                self._cancel(prediction, model)
                raise GenerationError(
                    f"Replicate prediction {prediction.id} did not finish within {self._opt.timeout_s:g} s "
                    "and was cancelled."
                )
            self._opt.sleep(self._opt.poll_interval_s)
            call_with_retries(
                lambda: self._call(prediction.reload, model),
                policy=self._opt.retry,
                what="Checking the Replicate prediction",
                sleep=self._opt.sleep,
            )
        if prediction.status == "failed":
            raise GenerationError(
                f"Replicate prediction {prediction.id} failed: {self._scrub(prediction.error or '')}."
            )
        if prediction.status == "canceled":
            raise GenerationError(f"Replicate prediction {prediction.id} was cancelled.")
        return prediction

    def _cancel(self, prediction: replicate.prediction.Prediction, model: str) -> None:
        try:
            self._call(prediction.cancel, model)
        except (TransientError, GenerationError):
            pass  # best effort: the timeout error is what the caller needs to hear

    def _download_once(self, url: str, family: MediaFamily) -> tuple[bytes, str, str]:
        try:
            with self._http.stream("GET", url) as resp:
                if resp.status_code == 429 or resp.status_code >= 500:
                    raise TransientError(
                        f"the output download answered {resp.status_code}",
                        retry_after=retry_after_seconds(resp.headers.get("retry-after")),
                    )
                if resp.status_code >= 400:
                    raise GenerationError(f"Downloading the Replicate output failed ({resp.status_code}).")
                chunks, total = [], 0
                for chunk in resp.iter_bytes():
                    total += len(chunk)
                    if total > self._opt.max_bytes:
                        raise GenerationError(
                            f"The {family} output is larger than the {self._opt.max_bytes:,}-byte limit."
                        )
                    chunks.append(chunk)
                # With a Content-Encoding the header counts compressed bytes; only compare plain bodies.
                declared = (
                    None if resp.headers.get("content-encoding") else resp.headers.get("content-length")
                )
        except httpx.TimeoutException:
            raise TransientError("the output download timed out") from None
        except httpx.TransportError as exc:
            raise TransientError(f"the output download broke off ({exc.__class__.__name__})") from None
        data = b"".join(chunks)
        if declared is not None and declared.isdigit() and int(declared) != len(data):
            raise TransientError(
                f"the {family} download is truncated ({len(data)} of {declared} bytes arrived)"
            )
        mime, ext = verify_media(data, family=family, max_bytes=self._opt.max_bytes)
        return data, mime, ext

    def _upload_files(self, inputs: dict[str, Any], model: str) -> dict[str, Any]:
        """Upload file inputs once (Replicate's files API) so create retries do not upload again."""
        ready = {}
        for key, value in inputs.items():
            if isinstance(value, io.IOBase):
                value = call_with_retries(
                    partial(self._upload_one, value, model),
                    policy=self._opt.retry,
                    what="Uploading the input image to Replicate",
                    sleep=self._opt.sleep,
                )
            ready[key] = value
        return ready

    def _upload_one(self, file: io.IOBase, model: str) -> str:
        uploaded = self._call(lambda: self._client.files.create(file), model)
        return str(uploaded.urls["get"])

    def run(self, model: str, inputs: dict[str, Any], *, family: MediaFamily) -> ReplicateOutput:
        """Upload file inputs, create a prediction, wait for it, download and verify its first output."""
        what = f"The Replicate {family} generation with {model}"
        ready = self._upload_files(inputs, model)
        prediction = call_with_retries(
            lambda: self._create(model, ready), policy=self._opt.retry, what=what, sleep=self._opt.sleep
        )
        prediction = self._wait(prediction, model)
        url = _first_url(prediction.output)
        if url is None:
            raise GenerationError(f"Replicate prediction {prediction.id} finished without an output file.")
        data, mime, ext = call_with_retries(
            lambda: self._download_once(url, family),
            policy=self._opt.retry,
            what=f"Downloading the {family} from Replicate",
            sleep=self._opt.sleep,
        )
        metrics = prediction.metrics or {}
        predict_time = metrics.get("predict_time")
        return ReplicateOutput(
            data=data,
            mime=mime,
            extension=ext,
            prediction_id=prediction.id,
            predict_time_s=float(predict_time) if isinstance(predict_time, int | float) else None,
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()


def _first_url(output: Any) -> str | None:
    if isinstance(output, list | tuple):
        output = output[0] if output else None
    if isinstance(output, dict):
        output = output.get("url") or output.get("video") or output.get("image")
    if isinstance(output, str) and output.startswith(("https://", "http://")):
        return output
    return None
