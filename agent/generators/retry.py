"""Retries with exponential backoff for provider calls that fail for passing reasons (429, 5xx, timeouts)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from agent.generators.base import GenerationError

__all__ = ["RetryPolicy", "TransientError", "call_with_retries", "retry_after_seconds"]

T = TypeVar("T")


class TransientError(Exception):
    """A failure worth trying again (rate limit, server error, timeout)."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        self.reason = reason
        self.retry_after = retry_after
        super().__init__(reason)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry: base * 2**attempt, capped, or the server's Retry-After."""

    max_retries: int = 4
    base_delay_s: float = 1.0
    max_delay_s: float = 30.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Return the wait before retry number attempt + 1."""
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.max_delay_s)
        return min(self.base_delay_s * (2**attempt), self.max_delay_s)


def retry_after_seconds(value: str | None) -> float | None:
    """Parse a Retry-After header given in seconds; dates and junk give None."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def call_with_retries(
    fn: Callable[[], T],
    *,
    policy: RetryPolicy,
    what: str,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call fn, retrying TransientError with backoff; raise GenerationError once retries are spent."""
    attempts = policy.max_retries + 1
    for attempt in range(attempts):
        try:
            return fn()
        except TransientError as exc:
            if attempt + 1 >= attempts:
                tries = "attempt" if attempts == 1 else "attempts"
                raise GenerationError(f"{what} failed after {attempts} {tries}: {exc.reason}.") from None
            sleep(policy.delay(attempt, exc.retry_after))
    raise AssertionError("unreachable")  # pragma: no cover
