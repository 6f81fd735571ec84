"""Price table, cost estimates before a call, and a pure budget check."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Literal

from agent.config import DATA_DIR
from agent.generators.requests import ImageRequest, VideoRequest, VoiceRequest

__all__ = [
    "BudgetExceeded",
    "DEFAULT_PRICES_FILE",
    "Kind",
    "PriceError",
    "PriceTable",
    "CHAT_PROVIDER",
    "chat_cost",
    "check_budget",
    "estimate_cost",
    "load_prices",
]

DEFAULT_PRICES_FILE = DATA_DIR / "prices.json"

Kind = Literal["image", "video", "voice"]
PriceTable = dict[str, dict[str, dict[str, float]]]
"""provider -> model (or '*') -> unit ('per_image' | 'per_second' | 'per_1k_chars') -> USD."""

_UNIT: dict[str, str] = {"image": "per_image", "video": "per_second", "voice": "per_1k_chars"}
_CHAT_UNITS = ("per_1k_prompt_tokens", "per_1k_completion_tokens")
_MUSIC_UNIT = "per_second_music"
"""Music is priced per second of track (agent.generators.music reads it)."""
_UNITS = frozenset([*_UNIT.values(), *_CHAT_UNITS, _MUSIC_UNIT])
CHAT_PROVIDER = "openai"
"""Chat models are priced under this provider (any OpenAI-compatible endpoint)."""


class PriceError(ValueError):
    """The price table is unreadable, or has no price for a provider/model."""


class BudgetExceeded(RuntimeError):
    """A generation would take spending past the budget."""

    def __init__(self, spent: float, estimate: float, budget: float) -> None:
        self.spent = spent
        self.estimate = estimate
        self.budget = budget
        super().__init__(
            f"This generation would cost about ${estimate:.2f}, and ${spent:.2f} of the "
            f"${budget:.2f} budget is already spent."
        )


def _parse_table(raw: object, source: str) -> PriceTable:
    if not isinstance(raw, dict):
        raise PriceError(f"Price file {source} must hold a JSON object of providers.")
    table: PriceTable = {}
    for provider, models in raw.items():
        if provider.startswith("_"):
            continue
        if not isinstance(models, dict):
            raise PriceError(f"Price file {source}: provider {provider!r} must map models to prices.")
        table[provider] = {}
        for model, units in models.items():
            if model.startswith("_"):
                continue
            if not isinstance(units, dict):
                raise PriceError(f"Price file {source}: {provider}/{model} must map units to prices.")
            for unit, value in units.items():
                ok = isinstance(value, int | float) and not isinstance(value, bool)
                if unit not in _UNITS or not ok or value < 0 or not math.isfinite(value):
                    raise PriceError(
                        f"Price file {source}: {provider}/{model} has a bad price {unit}={value!r}."
                    )
            table[provider][model] = {u: float(v) for u, v in units.items()}
    return table


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> PriceTable:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PriceError(f"Cannot read price file {path}: {exc.__class__.__name__}.") from exc
    except json.JSONDecodeError as exc:
        raise PriceError(f"Price file {path} is not valid JSON (line {exc.lineno}).") from exc
    return _parse_table(raw, path)


def load_prices(path: Path | None = None) -> PriceTable:
    """Load the price table from path (Settings.prices_file) or the shipped data/prices.json."""
    target = Path(path) if path is not None else DEFAULT_PRICES_FILE
    try:
        mtime = target.stat().st_mtime_ns
    except OSError as exc:
        raise PriceError(f"Price file {target} does not exist.") from exc
    return _load_cached(str(target), mtime)


def _unit_price(prices: PriceTable, provider: str, model: str, unit: str) -> float:
    models = prices.get(provider)
    if models is None:
        raise PriceError(f"No prices for provider {provider!r}.")
    for key in (model, "*"):
        if unit in models.get(key, {}):
            return models[key][unit]
    raise PriceError(f"No {unit.replace('_', ' ')} price for {provider}/{model}.")


def estimate_cost(
    kind: Kind,
    provider: str,
    model: str,
    request: ImageRequest | VideoRequest | VoiceRequest,
    *,
    prices: PriceTable | None = None,
) -> float:
    """Estimate the USD cost of a request: per image, per second of video, per 1k characters of voice."""
    if kind not in _UNIT:
        raise PriceError(f"Unknown generation kind {kind!r}; use image, video or voice.")
    table = prices if prices is not None else load_prices()
    price = _unit_price(table, provider, model, _UNIT[kind])
    if kind == "image":
        amount = 1.0
    elif isinstance(request, VideoRequest):
        amount = request.duration_s
    elif isinstance(request, VoiceRequest):
        amount = len(request.text) / 1000.0
    else:
        raise PriceError(f"A {kind} estimate needs a {kind} request, got {type(request).__name__}.")
    return round(price * amount, 6)


def chat_cost(model: str, prompt_tokens: int, completion_tokens: int, *, prices: PriceTable | None = None) -> float:
    """Price one chat-model call from its token counts (USD; unknown and local models fall back to '*')."""
    if prompt_tokens < 0 or completion_tokens < 0:
        raise ValueError("Token counts must be zero or more.")
    table = prices if prices is not None else load_prices()
    name = model.split(":", 1)[1] if model.lower().startswith("openai:") else model
    prompt = _unit_price(table, CHAT_PROVIDER, name, _CHAT_UNITS[0])
    completion = _unit_price(table, CHAT_PROVIDER, name, _CHAT_UNITS[1])
    return round((prompt * prompt_tokens + completion * completion_tokens) / 1000.0, 8)


def check_budget(spent: float, estimate: float, budget: float | None) -> float:
    """Return what is left after this spend, or raise BudgetExceeded; no budget means no limit."""
    if spent < 0 or estimate < 0:
        raise ValueError("Spent and estimate must be zero or more.")
    if budget is None:
        return math.inf
    after = spent + estimate
    # Float noise (0.1 + 0.2) must not block a spend that fits the budget exactly.
    if after > budget + 1e-9:
        raise BudgetExceeded(spent, estimate, budget)
    return round(budget - after, 6)
