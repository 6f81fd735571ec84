"""Take API keys out of text before it is shown, logged or stored: one function for every error path.

A provider or a model endpoint may echo the credentials it was sent (``Authorization: Bearer sk-...``,
``xi-api-key``) in an error body, which then travels into exception messages, tool results (and so the
LangGraph checkpoint), the CLI and the UI. ``redact`` removes every configured key (registered once at
start-up, or passed in) and anything shaped like a known provider key.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, SecretStr

__all__ = ["MASK", "redact", "register_secrets", "secrets_of"]

MASK = "***"
_MIN_SECRET_LEN = 6
"""Shorter configured values are not replaced word-for-word: masking 'abc' everywhere would garble text."""

_PATTERNS = [
    # Authorization headers and query/JSON fields that carry a credential, whatever its shape.
    re.compile(r"(?i)\b(bearer|token|basic)(\s+)(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(
        r"(?i)\b(x[i]?-api-key|api[_-]?key|api[_-]?token|access[_-]?token|authorization)"
        r"([\"']?\s*[:=]\s*[\"']?)(?!\*\*\*)[^\s\"',;}&]{6,}"
    ),
    re.compile(r"\b(sk-)(?:proj-|ant-|or-)?[A-Za-z0-9_-]{8,}"),  # OpenAI and OpenAI-compatible keys
    re.compile(r"\b(sk_)[A-Za-z0-9]{16,}"),  # ElevenLabs keys (sk_ + hex)
    re.compile(r"\b(r8_)[A-Za-z0-9]{8,}"),  # Replicate tokens
]

_lock = threading.Lock()
_registered: set[str] = set()


def secrets_of(settings: BaseModel) -> list[str]:
    """Return the secret values a settings object holds (every non-empty ``SecretStr`` field)."""
    out = []
    for name in type(settings).model_fields:
        value = getattr(settings, name, None)
        if isinstance(value, SecretStr) and value.get_secret_value():
            out.append(value.get_secret_value())
    return out


def register_secrets(values: Iterable[str | SecretStr | None] | BaseModel) -> None:
    """Remember configured keys (or a settings object's secrets) so every later ``redact`` masks them."""
    found = secrets_of(values) if isinstance(values, BaseModel) else [_plain(v) for v in values]
    with _lock:
        _registered.update(v for v in found if v and len(v) >= _MIN_SECRET_LEN)


def _plain(value: str | SecretStr | None) -> str:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    return value or ""


def redact(text: Any, secrets: Iterable[str | SecretStr | None] = ()) -> str:
    """Return ``str(text)`` with every registered or given key, and anything shaped like an API key, masked."""
    out = str(text)
    with _lock:
        known = set(_registered)
    known.update(v for v in (_plain(s) for s in secrets) if v and len(v) >= _MIN_SECRET_LEN)
    for value in sorted(known, key=len, reverse=True):  # longest first: a key may contain a shorter one
        out = out.replace(value, MASK)
    for pattern in _PATTERNS:
        out = pattern.sub(lambda m: f"{m.group(1)}{m.group(2) if m.re.groups > 1 else ''}{MASK}", out)
    return out
