"""A shot's place in the generate/approve cycle: the one list of shot statuses (store, exports, views)."""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["SHOT_STATUSES", "ShotStatus"]

ShotStatus = Literal[
    "draft",
    "still_pending",
    "still_approved",
    "still_rejected",
    "video_pending",
    "video_approved",
    "video_rejected",
]
SHOT_STATUSES: tuple[ShotStatus, ...] = get_args(ShotStatus)
