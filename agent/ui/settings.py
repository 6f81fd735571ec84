"""Chat settings: the widgets, and applying a chat's choices only when they tighten the operator's."""

from __future__ import annotations

from typing import Any

import chainlit as cl
from chainlit.input_widget import NumberInput, Slider, Switch, TextInput

from agent.config import Settings
from agent.session import tighten_settings
from agent.ui.messages import say
from agent.ui.runtime import chat_settings, get_session

__all__ = ["settings_widgets", "show_settings", "apply_settings"]


def settings_widgets(settings: Settings) -> list[Any]:
    """Return the settings widgets showing ``settings``."""
    return [
        TextInput(id="model", label=f"Model ('{settings.model}' or 'offline')", initial=settings.model),
        Switch(id="draft", label="Draft mode (offline generators, no paid calls)", initial=settings.draft),
        Slider(id="reuse_threshold", label="Offer an existing asset above this similarity",
               initial=settings.reuse_threshold, min=0.5, max=0.99, step=0.01),
        NumberInput(id="budget_usd", label="Budget in USD (0 = the operator's)", initial=settings.budget_usd or 0),
    ]


async def show_settings() -> None:
    """Show the widgets with this chat's effective settings (and make them the chat's values)."""
    session = await get_session()
    if hasattr(cl, "ChatSettings"):
        await cl.ChatSettings(settings_widgets(chat_settings(session) or session.settings)).send()


async def apply_settings(values: dict[str, Any]) -> None:
    """Apply a chat's settings when they only tighten the operator's; refuse a loosening in one line."""
    session = await get_session()
    try:
        chosen = tighten_settings(session.settings, values)
    except ValueError as exc:
        # Chainlit has already taken the refused values as this chat's: show (and keep) the effective ones again.
        await show_settings()
        await say(f"Settings not applied: {exc}; they stay as they were.")
        return
    cl.user_session.set("chat_settings_values", dict(values))
    await say(f"Settings applied: model {chosen.model}, draft {'on' if chosen.draft else 'off'}"
              + (f", budget ${chosen.budget_usd:.2f}" if chosen.budget_usd else "") + ".")
