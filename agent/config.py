"""Settings: the one typed configuration object, read once and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["Settings", "load_settings", "DATA_DIR"]

_CHECKOUT_DATA = Path(__file__).resolve().parent.parent / "data"
_SHIPPED_DATA = Path(__file__).resolve().parent / "data"
DATA_DIR = _CHECKOUT_DATA if (_CHECKOUT_DATA / "demo.fountain").is_file() else _SHIPPED_DATA
"""Shipped data (demo, lexicons, names, prices): the checkout's data/, or the copy a wheel carries in agent/data."""
"""Shipped data (demo screenplay, tone lexicons, names, price table, re-use pairs): package data of ``agent``.

Inside the package, so a wheel or ``pipx install`` carries it and an editable checkout reads the same files.
"""


class Settings(BaseSettings):
    """Every knob Reelsmith reads, from ``REELSMITH_*`` env vars or ``.env``."""

    model_config = SettingsConfigDict(
        env_prefix="REELSMITH_", env_file=".env", extra="ignore", populate_by_name=True
    )

    project: Path = Field(Path("projects/demo"), description="Project folder the UI opens.")
    home: Path = Field(Path.home() / ".reelsmith", description="Per-user state (caches, UI projects).")
    model: str = Field("offline", description="'offline' or an OpenAI-compatible model name.")
    draft: bool = Field(True, description="Draft mode: offline generators even when keys are set.")
    model_compat: Literal["openai", "basic"] = Field(
        "openai", description="'basic' for servers without parallel tool calls or tool_choice (Ollama, vLLM, "
        "LM Studio): neither is ever sent, and tool calls written as text are read back.")
    model_timeout_s: float = Field(60.0, gt=0, description="Seconds one chat-model request may take.")
    model_retries: int = Field(2, ge=0, description="Retries (with exponential backoff) of a failed model request.")
    turn_token_cap: int = Field(60_000, gt=0, description="Model tokens one turn may spend before it stops.")

    openai_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("OPENAI_API_KEY", "REELSMITH_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("OPENAI_BASE_URL", "REELSMITH_OPENAI_BASE_URL")
    )
    replicate_api_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("REPLICATE_API_TOKEN", "REELSMITH_REPLICATE_API_TOKEN")
    )
    elevenlabs_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("ELEVENLABS_API_KEY", "REELSMITH_ELEVENLABS_API_KEY")
    )

    transcription_model: str = Field("whisper-1", description="Model of the OpenAI-compatible transcription endpoint.")
    transcription_base_url: str | None = Field(
        None, description="Another OpenAI-compatible server for transcripts only; default OPENAI_BASE_URL.")

    embeddings: Literal["local", "openai"] = "local"
    openai_embedding_model: str = "text-embedding-3-small"
    reuse_threshold: float = Field(0.75, ge=0.0, le=1.0, description="Measured on data/reuse_pairs.yaml.")

    budget_usd: float | None = Field(None, ge=0.0)
    approval_cost_threshold_usd: float = Field(0.50, ge=0.0)
    prices_file: Path | None = None

    replicate_image_model: str = "black-forest-labs/flux-schnell"
    replicate_image_ref_model: str = "black-forest-labs/flux-kontext-pro"
    replicate_video_model: str = "wan-video/wan-2.2-i2v-fast"
    replicate_music_model: str = "meta/musicgen"
    replicate_timeout_s: float = 600.0
    replicate_poll_interval_s: float = 1.0
    max_retries: int = Field(4, ge=0)

    max_asset_bytes: int = Field(512 * 1024 * 1024, gt=0)
    max_upload_bytes: int = Field(50 * 1024 * 1024, gt=0)
    max_bundle_bytes: int = Field(4 * 1024 * 1024 * 1024, gt=0)

    queue_url: str | None = Field(
        None, description="Job queue: empty for the embedded SQLite queue in the project folder, or redis://host:port/db."
    )
    job_workers: int = Field(4, ge=1, le=64, description="Worker threads per `reelsmith worker` (or in the server).")
    provider_concurrency: int = Field(
        4, ge=1, le=64, description="Jobs' concurrent calls to one provider, across all workers."
    )
    job_retries: int = Field(3, ge=0, le=20, description="Retries of a job step after a provider fault.")
    job_retry_delay_s: float = Field(2.0, ge=0.0, description="First retry delay; doubles per retry.")
    job_lease_s: float = Field(60.0, gt=0.0, description="A worker that stops renewing its step for this long is dead.")

    auth_password: SecretStr | None = Field(None, description="Shared UI/API password; empty means none.")
    accounts_database_url: str | None = Field(
        None, description="Where users, project owners and shares live (any SQLAlchemy URL); default "
        "accounts.db under home. With a user in it, each person logs in with their own password."
    )
    projects_root: Path | None = Field(
        None, description="Where each user's own project is made on first use; default home/projects."
    )
    chat_database_url: str | None = Field(
        None, description="The UI's chat records (threads, messages); default SQLite under home. Never DATABASE_URL."
    )
    database_url: str | None = Field(
        None,
        description="PostgreSQL (postgresql+psycopg://user:pass@host:5432/db) for new projects' rows, one schema "
        "per project; default: project.db in each project folder. Opening a PostgreSQL project needs it.",
    )
    chroma_url: str | None = Field(
        None, description="A Chroma server (http://host:port, `chroma run`) for the asset index; default in-process."
    )
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Extra web origins (comma-separated scheme://host[:port]) allowed besides the server's own.",
    )

    @field_validator("auth_password", mode="before")
    @classmethod
    def _blank_password_is_none(cls, value: object) -> object:
        # `REELSMITH_AUTH_PASSWORD=` must not count as a password (it would look protected and not be).
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        return None if isinstance(raw, str) and not raw.strip() else value

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            return value
        return [_origin(str(item)) for item in items if str(item).strip()]

    def real_images(self) -> bool:
        """Tell whether image/video generation goes to Replicate."""
        return not self.draft and self.replicate_api_token is not None

    def real_voice(self) -> bool:
        """Tell whether voice generation goes to ElevenLabs."""
        return not self.draft and self.elevenlabs_api_key is not None


def _origin(text: str) -> str:
    """Normalise one configured origin to ``scheme://host[:port]``, refusing anything else."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"{text.strip()!r} is not an origin like https://host:port")
    default = {"http": 80, "https": 443}[parts.scheme]
    netloc = parts.netloc.lower()
    # Browsers leave the default port out of the Origin header, so the comparison must too.
    return f"{parts.scheme}://{netloc.removesuffix(f':{default}') if parts.port == default else netloc}"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment (and ``.env``), with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
