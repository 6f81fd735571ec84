"""``reelsmith transcribe`` and ``reelsmith captions``: an asset's transcript, and captions as SRT or WebVTT.

They call what the chat's tools call (``agent.tools.captions``, ``agent.exports.subtitles``): a generated voice
line is captioned from its screenplay words offline; an upload needs the transcription provider's key.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from agent.cli_open import opened
from agent.config import Settings

__all__ = ["add_caption_commands", "cmd_transcribe", "cmd_captions"]


def cmd_transcribe(args: argparse.Namespace, settings: Settings) -> int:
    """Transcribe an audio or video asset (default: the newest upload) and keep the transcript with it."""
    from agent.cli_errors import CliError
    from agent.generators import GenerationError

    with opened(args.dir, settings) as session:
        try:
            done = session.commands.transcribe(args.asset, again=args.again)
        except GenerationError as exc:  # the provider's failure, said in one line like any bad input
            raise CliError(str(exc)) from exc
    if args.json:
        print(json.dumps(done, indent=2, ensure_ascii=False))
    else:
        print(f"Asset {done['asset']} ({done.get('source')}): {done.get('text') or '(no speech found)'}")
    return 0


def cmd_captions(args: argparse.Namespace, settings: Settings) -> int:
    """Write captions as SRT or WebVTT: the cut's dialogue, or one asset's transcript (``--asset``)."""
    from agent.assets import atomic_write

    fmt = args.format or ("vtt" if Path(args.out).suffix.lower() == ".vtt" else "srt")
    with opened(args.dir, settings) as session:
        text = session.commands.captions(args.asset, fmt)
    atomic_write(Path(args.out), text.encode("utf-8"))
    cues = text.count(" --> ")
    if args.json:
        print(json.dumps({"out": str(args.out), "format": fmt, "cues": cues, "asset": args.asset}))
    else:
        print(f"Wrote {cues} caption{'s' if cues != 1 else ''} ({fmt}) to {args.out}")
    return 0


def add_caption_commands(sub: Any, add: Any, positive: Any) -> None:
    """Register ``transcribe`` and ``captions`` with the CLI's subcommand helper ``add``."""
    p = add(sub, "transcribe", cmd_transcribe,
            "transcribe an audio or video asset (an upload needs OPENAI_API_KEY; recorded lines need nothing)")
    p.add_argument("dir")
    p.add_argument("asset", nargs="?", type=positive, help="the asset id; default the newest uploaded audio or video")
    p.add_argument("--again", action="store_true", help="transcribe an upload that already has a transcript again")
    p = add(sub, "captions", cmd_captions, "write captions as SRT or WebVTT (the cut's dialogue, or one asset)")
    p.add_argument("dir")
    p.add_argument("--out", required=True, metavar="PATH")
    p.add_argument("--format", choices=("srt", "vtt"), help="default from --out's extension, else srt")
    p.add_argument("--asset", type=positive, metavar="ID", help="caption this asset's transcript instead of the cut")
