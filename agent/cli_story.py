"""The story commands: ``outline`` (show, build from the logline, move a beat, genre/tone) and ``tag``.

They go through the project's session (``Session.commands``), which calls the same repository functions
as the writer's tools, so a change made here is recorded, undoable and marks the same scenes stale as one
made in chat.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from agent.cli_open import opened
from agent.config import Settings
from agent.session_commands import Outline

__all__ = ["cmd_outline", "cmd_tag", "add_story_commands"]

def cmd_outline(args: argparse.Namespace, settings: Settings) -> int:
    """Show the outline; with options, set logline/genre/tone, build it from the logline or move a beat first."""
    wanted = Outline(logline=args.logline, genre=args.genre, tone=args.tone, acts=args.acts, replace=args.replace,
                     move=tuple(args.move) if args.move is not None else None)
    with opened(args.dir, settings) as session:
        done = session.commands.outline(wanted)
        snap = session.snapshot()
    if args.json:
        print(json.dumps({"ideation": snap["ideation"], "outline": snap["outline"]}, indent=2, ensure_ascii=False))
        return 0
    for line in done:
        print(line)
    idea = snap["ideation"]
    print(f"logline: {idea['logline'] or '-'}\ngenre: {idea['genre'] or '-'}   tone: {idea['tone'] or '-'}")
    for beat in snap["outline"]:
        act = f"act {beat['act']}, " if beat["act"] else ""
        scenes = f"  [scenes {', '.join(map(str, beat['scenes']))}]" if beat["scenes"] else ""
        print(f"{beat['number']:>3}. ({act}{beat['title']}) {beat['text']}{scenes}")
    if not snap["outline"]:
        print("no outline yet: `reelsmith outline DIR --acts 3` builds one from the logline")
    return 0


def cmd_tag(args: argparse.Namespace, settings: Settings) -> int:
    """Tag a scene, or one of its blocks (--block N or --quote WORDS); --remove takes the tags off."""
    add, remove = ([], args.tags) if args.remove else (args.tags, [])
    with opened(args.dir, settings) as session:
        result = session.commands.tag(args.scene, block=args.block, quote=args.quote, add=add, remove=remove)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        where = f"scene {args.scene}" + (f", block {result['block']}" if "block" in result else "")
        print(f"{where} tags: {', '.join(result['tags']) or 'none'}")
    return 0


def add_story_commands(sub: Any, add: Any, positive: Any) -> None:
    """Register ``outline`` and ``tag`` with the parser (``add`` and ``positive`` are the CLI's helpers)."""
    p = add(sub, "outline", cmd_outline, "show the outline; build it from the logline, move a beat, set genre/tone")
    p.add_argument("dir")
    p.add_argument("--acts", type=int, choices=(3, 5), help="build a 3- or 5-act outline from the logline")
    p.add_argument("--replace", action="store_true", help="let --acts replace an outline the project already has")
    p.add_argument("--move", nargs=2, type=positive, metavar=("BEAT", "TO"), help="move beat BEAT to position TO")
    p.add_argument("--logline", help="set the logline first (the outline is built from it)")
    p.add_argument("--genre", help="genre tags, comma-separated (empty clears)")
    p.add_argument("--tone", help="tone tags, comma-separated (empty clears)")
    p = add(sub, "tag", cmd_tag, "tag a scene or a block of it: keep, love, rewrite, hate or a free tag")
    p.add_argument("dir")
    p.add_argument("scene", type=positive)
    p.add_argument("tags", nargs="+")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--block", type=positive, help="the block (paragraph) number in the scene")
    which.add_argument("--quote", help="a few words of the block")
    p.add_argument("--remove", action="store_true", help="remove the tags instead of adding them")
