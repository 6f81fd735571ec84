"""The story commands: ``outline`` (show, build from the logline, move a beat, genre/tone) and ``tag``.

They call the same repository functions as the writer's tools (``agent.project``), so a change made
here is recorded, undoable and marks the same scenes stale as one made in chat.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from agent.config import Settings
from agent.project import InvalidInputError, Project, snapshot, story
from agent.project.beat_sheet import draft_beats
from agent.project.outline import BeatSpec, beats_in_order, move_beat, replace_outline
from agent.project.schema import Character, Ideation

__all__ = ["cmd_outline", "cmd_tag", "add_story_commands"]

_ACTOR = "user"


def _open(args: argparse.Namespace, settings: Settings) -> Project:
    return Project.open(Path(args.dir), max_asset_bytes=settings.max_asset_bytes, database_url=settings.database_url)


def _pick(new: str | None, old: str) -> str:
    return new if new is not None else old


def _plan(project: Project, args: argparse.Namespace) -> list[BeatSpec] | None:
    """Check every option before anything is written (a failing command changes nothing); return new beats."""
    with project.read() as s:
        idea = s.get(Ideation, 1)
        cast = list(s.scalars(select(Character.name)))
        existing = len(beats_in_order(s))
    beats = None
    if args.acts is not None:
        if existing and not args.replace:
            raise InvalidInputError(f"the outline already has {existing} beats; add --replace to rebuild it")
        beats = draft_beats(logline=_pick(args.logline, idea.logline if idea else ""),
                            premise=idea.premise if idea else "", genre=_pick(args.genre, idea.genre if idea else ""),
                            tone=_pick(args.tone, idea.tone if idea else ""), acts=args.acts, cast=cast)
    if args.move is not None:
        count = len(beats) if beats is not None else existing
        if not all(1 <= n <= count for n in args.move) or args.move[0] == args.move[1]:
            raise InvalidInputError(f"cannot move beat {args.move[0]} to {args.move[1]}; the outline has {count} beats")
    if args.logline is not None and not args.logline.strip():
        raise InvalidInputError("a logline cannot be empty")
    return beats


def cmd_outline(args: argparse.Namespace, settings: Settings) -> int:
    """Show the outline; with options, set logline/genre/tone, build it from the logline or move a beat first."""
    with _open(args, settings) as project:
        beats = _plan(project, args)
        done: list[str] = []
        if args.logline is not None or args.genre is not None or args.tone is not None:
            story.set_ideation(project, logline=args.logline, genre=args.genre, tone=args.tone, actor=_ACTOR)
            done.append("Set the ideation.")
        if beats is not None:
            stale = replace_outline(project, beats, actor=_ACTOR)
            done.append(f"Built a {args.acts}-act outline with {len(beats)} beats."
                        + (f" {stale} scenes marked stale." if stale else ""))
        if args.move is not None:
            stale = move_beat(project, args.move[0], args.move[1], actor=_ACTOR)
            done.append(f"Moved beat {args.move[0]} to {args.move[1]}." + (f" {stale} scenes marked stale." if stale
                                                                          else ""))
        snap = snapshot(project)
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
    with _open(args, settings) as project:
        if args.block is None and args.quote is None:
            scene = story.tag_scene(project, args.scene, add=add, remove=remove, actor=_ACTOR)
            result: dict[str, Any] = {"scene": args.scene, "tags": list(scene.tags)}
        else:
            block = story.tag_block(project, args.scene, block=args.block, quote=args.quote, add=add, remove=remove,
                                    actor=_ACTOR)
            result = {"scene": args.scene, "block": block.number, "kind": block.kind, "text": block.text,
                      "tags": list(block.tags)}
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
