"""``reelsmith compose``: generate a music track and make it the film's music (ducked under dialogue).

It calls what the chat's ``generate_music`` tool calls (``agent.tools.music``); running the command is the
approval, and a paid track over the approval threshold needs ``--yes``. In draft mode (or without a Replicate
token) the track is a labelled placeholder pad.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from agent.cli_open import opened
from agent.config import Settings

__all__ = ["add_music_commands", "cmd_compose"]


def cmd_compose(args: argparse.Namespace, settings: Settings) -> int:
    """Generate a track from a description and put it on the music track."""
    from agent.cli_errors import CliError
    from agent.generators import GenerationError

    limit = float("inf") if args.yes else settings.approval_cost_threshold_usd
    with opened(args.dir, settings) as session:
        try:
            done = session.commands.compose(args.description, args.seconds, max_cost_usd=limit)
        except GenerationError as exc:  # the provider's failure, said in one line like any bad input
            raise CliError(str(exc)) from exc
    if args.json:
        print(json.dumps(done))
    else:
        kind = "Draft placeholder music (a synthesised pad, not a composed score)" if done["draft"] else "Music"
        print(f"{kind}: asset {done['asset']}, {done['seconds']} s, now the film's music (ducked under dialogue).")
    return 0


def add_music_commands(sub: Any, add: Any, positive: Any) -> None:
    """Register ``compose`` with the CLI's subcommand helper ``add``."""
    p = add(sub, "compose", cmd_compose, "generate a music track (Replicate; a draft placeholder offline) as the "
            "film's music")
    p.add_argument("dir")
    p.add_argument("description", help="what the music sounds like, e.g. 'slow solo cello, melancholy'")
    p.add_argument("--seconds", type=positive, metavar="N", help="length; default the film's running time")
    p.add_argument("--yes", action="store_true", help="pay for a track that costs more than the approval threshold")
