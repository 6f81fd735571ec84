from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from agent.config import Settings
from agent.generators import (
    BudgetExceeded,
    ImageRequest,
    PriceError,
    VideoRequest,
    VoiceRequest,
    check_budget,
    estimate_cost,
    load_prices,
)

IMAGE = ImageRequest(prompt="a lighthouse at night")
VIDEO = VideoRequest(still_path=Path("still.png"), still_sha256="c" * 64, duration_s=5.0)
VOICE = VoiceRequest(text="x" * 2500, character="Mara")


def test_offline_is_free() -> None:
    assert estimate_cost("image", "offline", "pillow-storyboard-v1", IMAGE) == 0.0
    assert estimate_cost("video", "offline", "anything", VIDEO) == 0.0
    assert estimate_cost("voice", "offline", "espeak-ng", VOICE) == 0.0


def test_shipped_table_prices_per_image_second_and_kilochar() -> None:
    assert estimate_cost("image", "replicate", "black-forest-labs/flux-schnell", IMAGE) == pytest.approx(
        0.003
    )
    assert estimate_cost("video", "replicate", "wan-video/wan-2.2-i2v-fast", VIDEO) == pytest.approx(0.02 * 5)
    assert estimate_cost("voice", "elevenlabs", "eleven_multilingual_v2", VOICE) == pytest.approx(0.30 * 2.5)


def test_unknown_model_falls_back_to_provider_default_and_unknown_provider_fails() -> None:
    assert estimate_cost("image", "replicate", "someone/new-model", IMAGE) == pytest.approx(0.05)
    with pytest.raises(PriceError, match="No prices for provider 'midjourney'"):
        estimate_cost("image", "midjourney", "v7", IMAGE)


def test_kind_and_request_must_agree() -> None:
    with pytest.raises(PriceError, match="video request"):
        estimate_cost("video", "replicate", "x", IMAGE)
    with pytest.raises(PriceError, match="Unknown generation kind"):
        estimate_cost("music", "replicate", "x", IMAGE)  # type: ignore[arg-type]


def test_prices_file_from_settings_overrides_the_table(tmp_path: Path) -> None:
    custom = tmp_path / "prices.json"
    custom.write_text(json.dumps({"replicate": {"black-forest-labs/flux-schnell": {"per_image": 0.5}}}))
    settings = Settings(prices_file=custom)
    prices = load_prices(settings.prices_file)
    assert estimate_cost("image", "replicate", "black-forest-labs/flux-schnell", IMAGE, prices=prices) == 0.5
    with pytest.raises(PriceError):
        estimate_cost("image", "offline", "x", IMAGE, prices=prices)
    # Editing the file is picked up (cache keyed on mtime).
    custom.write_text(json.dumps({"replicate": {"*": {"per_image": 0.7}}}))
    import os

    os.utime(custom, ns=(1, 10**18))
    assert load_prices(custom)["replicate"]["*"]["per_image"] == 0.7


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"replicate": {"m": {"per_image": -1}}}', "bad price"),
        ('{"replicate": {"m": {"per_frame": 1}}}', "bad price"),
        ('{"replicate": {"m": {"per_image": true}}}', "bad price"),
        ('["x"]', "JSON object"),
    ],
)
def test_bad_price_files_fail_with_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(PriceError, match=message) as info:
        load_prices(path)
    assert "\n" not in str(info.value)


def test_missing_price_file() -> None:
    with pytest.raises(PriceError, match="does not exist"):
        load_prices(Path("/nonexistent/prices.json"))


def test_check_budget() -> None:
    assert check_budget(1.0, 0.5, 2.0) == pytest.approx(0.5)
    assert check_budget(0.1, 0.2, 0.3) == pytest.approx(0.0)  # float noise must not refuse an exact fit
    assert math.isinf(check_budget(100.0, 5.0, None))
    with pytest.raises(BudgetExceeded) as info:
        check_budget(1.9, 0.2, 2.0)
    err = info.value
    assert (err.spent, err.estimate, err.budget) == (1.9, 0.2, 2.0)
    assert (
        str(err) == "This generation would cost about $0.20, and $1.90 of the $2.00 budget is already spent."
    )
    with pytest.raises(ValueError):
        check_budget(-1.0, 0.0, 2.0)
