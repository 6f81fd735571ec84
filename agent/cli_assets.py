"""``reelsmith assets``: list a project's assets with their measurements, filtered by look, kind and length."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from typing import Any

from agent.cli_errors import CliError
from agent.cli_open import opened
from agent.config import Settings
from agent.session_commands import parse_look

__all__ = ["cmd_assets", "add_assets_command"]

_KINDS = ("image", "video", "audio")


def _line(item: dict[str, Any]) -> str:
    facts = [f"{item['width']}x{item['height']}"] if item.get("width") else []
    if item.get("duration_s"):
        facts.append(f"{item['duration_s']:.1f} s")
    if item.get("rms_dbfs") is not None:
        facts.append(f"RMS {item['rms_dbfs']} dBFS, peak {item.get('peak_dbfs')} dBFS")
    if item.get("colours"):
        facts.append("/".join(item["colours"]))
    facts += [str(item[k]) for k in ("tone", "light") if item.get(k) not in (None, "neutral", "mid")]
    return f"{item['id']:>5}  {item['kind']:<6} {item['mime']:<11} {item['bytes']:>10,} B  {', '.join(facts)}"


def cmd_assets(args: argparse.Namespace, settings: Settings) -> int:
    """List assets (oldest first), or those whose measurements fit ``--look`` words and the bounds given."""
    for name in ("min_duration", "max_duration"):
        value = getattr(args, name)
        if value is not None and value < 0:
            raise CliError(f"--{name.replace('_', '-')} must be zero or more seconds")
    query = parse_look(args.look or "")
    low, high = args.min_duration, args.max_duration
    query = replace(query, kind=args.kind or query.kind,
                    min_duration_s=low if low is not None else query.min_duration_s,
                    max_duration_s=high if high is not None else query.max_duration_s)
    if args.look and not query.asks_look() and query.kind is None:
        raise CliError(f"--look {args.look!r} names no colour, tone, light, shape, kind or length Reelsmith measures")
    with opened(args.dir, settings) as session:
        if args.said:
            heard = session.commands.spoken(args.said, limit=args.limit)
            if args.json:
                print(json.dumps({"assets": heard}, indent=2, ensure_ascii=False))
            for item in [] if args.json else heard:
                print(f"{item['id']:>5}  {item['kind']:<6} {item['transcript'][:100]}")
            if not heard and not args.json:
                print("No transcript says that.")
            return 0
        items = session.commands.assets(query, limit=args.limit)
    if args.json:
        print(json.dumps({"assets": items}, indent=2, ensure_ascii=False))
        return 0
    if not items:
        print("No assets." if query.is_empty() else "No asset fits.")
    for item in items:
        print(_line(item))
    return 0


def add_assets_command(sub: Any, add: Any) -> None:
    """Register ``reelsmith assets`` with the CLI's subcommand helper ``add``."""
    p = add(sub, "assets", cmd_assets, "list assets with their measurements (size, length, loudness, colours)")
    p.add_argument("dir")
    p.add_argument("--look", metavar="WORDS", help='words such as "warm orange", "dark", "portrait", "longer than 3 s"')
    p.add_argument("--said", metavar="WORDS", help="audio and video whose transcript says these words")
    p.add_argument("--kind", choices=_KINDS)
    p.add_argument("--min-duration", type=float, metavar="SECONDS")
    p.add_argument("--max-duration", type=float, metavar="SECONDS")
    p.add_argument("--limit", type=int, default=50, metavar="N")
