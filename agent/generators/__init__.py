"""Image, video and voice generation behind one Protocol each: offline drafts, Replicate, ElevenLabs."""

from agent.generators.base import (
    METADATA_KEYS,
    GeneratedMedia,
    GenerationError,
    ImageGenerator,
    VideoGenerator,
    VoiceGenerator,
)
from agent.generators.costs import (
    BudgetExceeded,
    PriceError,
    PriceTable,
    check_budget,
    estimate_cost,
    load_prices,
)
from agent.generators.elevenlabs_provider import ElevenLabsVoiceGenerator, default_voice_for
from agent.generators.factory import Generators, generators_for
from agent.generators.offline_image import OfflineImageGenerator
from agent.generators.offline_video import OfflineVideoGenerator
from agent.generators.offline_voice import OfflineVoiceGenerator, espeak_voice_for
from agent.generators.prompt import ShotPrompt, build_shot_prompt, image_request_for_shot, prompt_parts
from agent.generators.replicate_client import ReplicateOptions
from agent.generators.replicate_provider import ReplicateImageGenerator, ReplicateVideoGenerator
from agent.generators.requests import (
    Angle,
    ArtDirectionRef,
    CharacterRef,
    ImageRequest,
    LocationRef,
    Movement,
    RefImage,
    SceneChange,
    ShotSpec,
    ShotType,
    VideoRequest,
    VoiceRequest,
    request_hash,
)
from agent.generators.retry import RetryPolicy
from agent.generators.sniff import sniff_mime, verify_media

__all__ = [
    "METADATA_KEYS",
    "Angle",
    "ArtDirectionRef",
    "BudgetExceeded",
    "CharacterRef",
    "ElevenLabsVoiceGenerator",
    "GeneratedMedia",
    "GenerationError",
    "Generators",
    "ImageGenerator",
    "ImageRequest",
    "LocationRef",
    "Movement",
    "OfflineImageGenerator",
    "OfflineVideoGenerator",
    "OfflineVoiceGenerator",
    "PriceError",
    "PriceTable",
    "RefImage",
    "ReplicateImageGenerator",
    "ReplicateOptions",
    "ReplicateVideoGenerator",
    "RetryPolicy",
    "SceneChange",
    "ShotPrompt",
    "ShotSpec",
    "ShotType",
    "VideoGenerator",
    "VideoRequest",
    "VoiceGenerator",
    "VoiceRequest",
    "build_shot_prompt",
    "check_budget",
    "default_voice_for",
    "espeak_voice_for",
    "estimate_cost",
    "generators_for",
    "image_request_for_shot",
    "load_prices",
    "prompt_parts",
    "request_hash",
    "sniff_mime",
    "verify_media",
]
