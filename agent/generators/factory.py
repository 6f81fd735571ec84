"""Pick the generators for a run: offline drafts unless settings switch real providers on."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.config import Settings
from agent.generators.base import ImageGenerator, VideoGenerator, VoiceGenerator
from agent.generators.costs import load_prices
from agent.generators.elevenlabs_provider import ElevenLabsVoiceGenerator
from agent.generators.music import MusicGenerator, OfflineMusicGenerator, ReplicateMusicGenerator
from agent.generators.offline_image import OfflineImageGenerator
from agent.generators.offline_video import OfflineVideoGenerator
from agent.generators.offline_voice import OfflineVoiceGenerator
from agent.generators.replicate_client import ReplicateOptions
from agent.generators.replicate_provider import ReplicateImageGenerator, ReplicateVideoGenerator
from agent.generators.retry import RetryPolicy
from agent.generators.transcribe import Transcriber, transcriber_for

__all__ = ["Generators", "generators_for"]


@dataclass(frozen=True)
class Generators:
    """The generators a project uses (image, video, voice, music), and the transcriber when a provider is set."""

    image: ImageGenerator
    video: VideoGenerator
    voice: VoiceGenerator
    transcriber: Transcriber | None = None
    """None without a key: uploads cannot be transcribed, generated voice lines still have their words."""
    music: MusicGenerator = field(default_factory=OfflineMusicGenerator)
    """Replicate with a token (and draft off), else the labelled draft placeholder."""


def generators_for(settings: Settings) -> Generators:
    """Return offline generators, or Replicate/ElevenLabs ones when settings.real_images()/real_voice()."""
    prices = load_prices(settings.prices_file)
    retry = RetryPolicy(max_retries=settings.max_retries)
    image: ImageGenerator = OfflineImageGenerator(prices=prices)
    music: MusicGenerator = OfflineMusicGenerator(prices=prices)
    video: VideoGenerator = OfflineVideoGenerator(prices=prices)
    voice: VoiceGenerator = OfflineVoiceGenerator(prices=prices)
    if settings.real_images() and settings.replicate_api_token is not None:
        options = ReplicateOptions(
            api_token=settings.replicate_api_token.get_secret_value(),
            timeout_s=settings.replicate_timeout_s,
            poll_interval_s=settings.replicate_poll_interval_s,
            max_bytes=settings.max_asset_bytes,
            retry=retry,
        )
        image = ReplicateImageGenerator(
            options=options,
            model=settings.replicate_image_model,
            ref_model=settings.replicate_image_ref_model,
            prices=prices,
        )
        video = ReplicateVideoGenerator(options=options, model=settings.replicate_video_model, prices=prices)
        music = ReplicateMusicGenerator(options=options, model=settings.replicate_music_model, prices=prices)
    if settings.real_voice() and settings.elevenlabs_api_key is not None:
        voice = ElevenLabsVoiceGenerator(
            api_key=settings.elevenlabs_api_key.get_secret_value(),
            retry=retry,
            max_bytes=settings.max_asset_bytes,
            prices=prices,
        )
    return Generators(image=image, video=video, voice=voice, transcriber=transcriber_for(settings),
                      music=music)
