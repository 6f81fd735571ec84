"""Shared fixtures. The socket guard (pytest-socket, see pyproject addopts) keeps tests off the network."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_backends import BACKENDS, postgres_database

# Keep libraries from phoning home or writing into the repo while tests run.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
for _key in ("OPENAI_API_KEY", "REPLICATE_API_TOKEN", "ELEVENLABS_API_KEY", "REELSMITH_MODEL", "REELSMITH_QUEUE_URL"):
    os.environ.pop(_key, None)


@pytest.fixture
def tmp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point REELSMITH_HOME at a fresh folder so no test touches the user's state."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("REELSMITH_HOME", str(home))
    return home


@pytest.fixture(scope="module", params=BACKENDS)
def store_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """Yield None (SQLite, the default store) or a PostgreSQL URL of a database made for this module."""
    if request.param == "sqlite":
        yield None
        return
    with postgres_database() as url:
        yield url
