"""The production-detail commands: a shot's own image, and later voices, costumes, looks, notes and music.

They go through the project's session (``Session.commands``), which calls the same repository functions as
the chat tools, so a change made here is recorded, undoable and marks the same things stale as one made in chat.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from agent.cli_errors import CliError
from agent.cli_open import opened
from agent.config import Settings
from agent.session_commands import SHOT_TYPES

__all__ = ["add_production_commands", "cmd_costume", "cmd_look", "cmd_place", "cmd_shot_notes", "cmd_shot_image",
           "cmd_voice", "cmd_music", "parse_shot"]

def parse_shot(text: str) -> tuple[int, int]:
    """Read a shot as written on a shot list ("2.3": scene 2, shot 3); argparse reports a bad one in one line."""
    match = re.fullmatch(r"\s*(\d{1,6})\.(\d{1,6})\s*", text)
    if match is None or int(match.group(1)) < 1 or int(match.group(2)) < 1:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a shot; write SCENE.SHOT, e.g. 2.3")
    return int(match.group(1)), int(match.group(2))


def _print(data: dict[str, Any], message: str, as_json: bool) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False) if as_json else message)


def cmd_shot_image(args: argparse.Namespace, settings: Settings) -> int:
    """Make FILE (or a stored asset) the approved still of a shot; the old still stays in the library."""
    scene, shot = args.shot
    if (args.file is None) == (args.asset is None):
        raise CliError("give an image FILE or --asset ID (one of them)")
    data = None
    if args.file is not None:
        path = Path(args.file)
        if not path.is_file():
            raise CliError(f"no such file: {path}")
        if path.stat().st_size > settings.max_upload_bytes:
            raise CliError(f"{path.name} is larger than the {settings.max_upload_bytes:,}-byte upload limit")
        data = path.read_bytes()
    with opened(args.dir, settings) as session:
        done = session.commands.use_own_still(scene, shot, data=data, asset_id=args.asset,
                                              filename=Path(args.file).name if args.file else "")
    kept = f" (asset {done.replaced}, the still it replaced, stays in the library)" if done.replaced else ""
    _print({"shot": done.shot, "asset": done.asset, "path": done.path, "replaced": done.replaced},
           f"Shot {done.shot} now uses asset {done.asset} as its approved still{kept}.", args.json)
    return 0


def cmd_voice(args: argparse.Namespace, settings: Settings) -> int:
    """Set a character's voice profile and/or provider voice id; with neither, show their voice."""
    with opened(args.dir, settings) as session:
        if args.sounds is None and args.voice_id is None:
            data = session.commands.character_voice(args.name)
        else:
            data = session.commands.set_voice(args.name, profile=args.sounds, voice_id=args.voice_id)
    text = f"{data['name']}: {data['voice'] or 'no voice profile'}" + (
        f" (voice id {data['voice_id']})" if data["voice_id"] else "") + (
        f"; {data['stale_voice_lines']} with recorded lines marked stale" if data.get("stale_voice_lines") else "")
    _print(data, text, args.json)
    return 0


def cmd_costume(args: argparse.Namespace, settings: Settings) -> int:
    """List costumes, or add, revise or relink one (recorded and undoable like the chat tools)."""
    scenes = args.scene or None
    with opened(args.dir, settings) as session:
        if args.action == "add":
            if not args.text:
                raise CliError("say what the costume looks like: costume DIR add 'DESCRIPTION'")
            done = session.commands.add_costume(args.name, args.text, character=args.for_name, scenes=scenes or [])
            message = f"Added costume {done}."
        elif args.action in ("revise", "link"):
            if not args.name:
                raise CliError(f"say which costume to {args.action} with --name")
            if args.action == "revise":
                done, stale = session.commands.revise_costume(args.name, args.text or "")
                message = f"Revised costume {done}; {stale} still(s) marked stale."
            else:
                done = session.commands.link_costume(args.name, character=args.for_name, scenes=scenes)
                message = f"Linked costume {done}."
        costumes = session.snapshot()["costumes"]
    if args.action == "list":
        message = "\n".join(f"{c['name']}: {c['description']} ({c['character'] or 'nobody'}"
                            f"{', scenes ' + ', '.join(map(str, c['scenes'])) if c['scenes'] else ''})"
                            for c in costumes) or "No costumes."
    _print({"costumes": costumes}, message, args.json)
    return 0


def cmd_look(args: argparse.Namespace, settings: Settings) -> int:
    """List looks, add one, or apply one to a shot (SCENE.SHOT) or every shot of a scene (SCENE)."""
    with opened(args.dir, settings) as session:
        message = ""
        if args.action == "add":
            if not args.name:
                raise CliError("give the look a name: look DIR add NAME [--lighting ...]")
            done = session.commands.add_look(args.name, shot_type=args.shot_type, lens_mm=args.lens,
                                             lighting=args.lighting or "", references=args.ref or [])
            message = f"Added look {done}."
        elif args.action == "apply":
            if not args.name or not args.target:
                raise CliError("say which look and where: look DIR apply NAME SCENE.SHOT (or SCENE)")
            try:
                scene, shot = parse_shot(args.target) if "." in args.target else (_scene(args.target), None)
            except argparse.ArgumentTypeError as exc:
                raise CliError(str(exc)) from None
            done, count = session.commands.apply_look(args.name, scene, shot)
            message = f"Look {done} applied to {count} shot(s) of scene {scene}."
        looks = session.snapshot()["looks"]
    if args.action == "list":
        message = "\n".join(_look_line(lk) for lk in looks) or "No looks."
    _print({"looks": looks}, message, args.json)
    return 0


def _look_line(lk: dict[str, Any]) -> str:
    lens = f"{lk['lens_mm']} mm" if lk["lens_mm"] else "any lens"
    after = f" (after {', '.join(lk['references'])})" if lk["references"] else ""
    return f"{lk['name']}: {lk['shot_type'] or 'any framing'}, {lens}, {lk['lighting'] or 'no lighting'}{after}; " \
           f"{lk['shots']} shot(s)"


def _scene(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise CliError(f"{text[:40]!r} is not a scene or a shot; write SCENE or SCENE.SHOT")
    return int(text)


def cmd_shot_notes(args: argparse.Namespace, settings: Settings) -> int:
    """Add a note and/or tags to a shot (or take tags off with --untag); print its notes and tags."""
    scene, number = args.shot
    if args.note is None and not args.tag and not args.untag:
        raise CliError("give --note TEXT, --tag TAG or --untag TAG")
    with opened(args.dir, settings) as session:
        session.commands.note_shot(scene, number, note=args.note, tags=args.tag or [], untags=args.untag or [])
        shot = next(s for s in session.snapshot()["shots"] if s["scene"] == scene and s["number"] == number)
    data = {"shot": f"{scene}.{number}", "notes": shot["notes"], "tags": shot["tags"]}
    _print(data, f"Shot {data['shot']}: {', '.join(data['tags']) or 'no tags'}\n{data['notes']}".rstrip(), args.json)
    return 0


def cmd_place(args: argparse.Namespace, settings: Settings) -> int:
    """Set a location's setting (interior, exterior, both) and/or tags; print them."""
    marks = [(a, "interior") for a in args.interior_ref or []] + [(a, "exterior") for a in args.exterior_ref or []]
    if args.setting is None and not args.tag and not marks:
        raise CliError("give --setting, --tag, --interior-ref or --exterior-ref")
    with opened(args.dir, settings) as session:
        name, side, tags = session.commands.set_place(args.name, setting=args.setting, tags=args.tag or [],
                                                      sides=marks)
    _print({"name": name, "setting": side or None, "tags": tags},
           f"{name}: {side or 'setting not given'}; tags {', '.join(tags) or 'none'}", args.json)
    return 0


def cmd_music(args: argparse.Namespace, settings: Settings) -> int:
    """Put an audio file on the music track (ducked under dialogue in the render); with none, show the music."""
    with opened(args.dir, settings) as session:
        if args.file is not None:
            path = Path(args.file)
            if not path.is_file():
                raise CliError(f"no such file: {path}")
            if path.stat().st_size > settings.max_upload_bytes:
                limit = settings.max_upload_bytes
                raise CliError(f"{path.name} is larger than the {limit:,}-byte upload limit")
            session.commands.set_music(path.read_bytes(), path.name)
        music = session.snapshot()["music"]
    _print({"music": music}, f"Music: asset {music['asset']} ({music['path']})" if music else "No music.", args.json)
    return 0


def add_production_commands(sub: Any, add: Any, positive: Any) -> None:
    """Register the production-detail commands with the CLI's subcommand helper ``add``."""
    p = add(sub, "shot-image", cmd_shot_image, "use your own image as a shot's still (approved; undo reverts)")
    p.add_argument("dir")
    p.add_argument("shot", type=parse_shot, metavar="SCENE.SHOT", help="the shot, e.g. 2.3")
    p.add_argument("file", nargs="?", help="the image file")
    p.add_argument("--asset", type=positive, metavar="ID", help="use an image already in the library instead")
    p = add(sub, "voice", cmd_voice, "show or set how a character sounds (voice profile, provider voice id)")
    p.add_argument("dir")
    p.add_argument("name", help="the character")
    p.add_argument("--sounds", metavar="WORDS", help="how the voice sounds, e.g. 'low and dry'")
    p.add_argument("--voice-id", metavar="ID", help="an ElevenLabs voice id ('' clears it)")
    p = add(sub, "costume", cmd_costume, "list costumes, or add, revise or relink one")
    p.add_argument("dir")
    p.add_argument("action", nargs="?", default="list", choices=("list", "add", "revise", "link"))
    p.add_argument("text", nargs="?", help="what the costume looks like (add, revise)")
    p.add_argument("--name", help="the costume (revise, link); a name for a new one (add)")
    p.add_argument("--for", dest="for_name", metavar="CHARACTER", help="who wears it")
    p.add_argument("--scene", type=positive, action="append", metavar="N", help="a scene it is worn in (repeat)")
    p = add(sub, "shot-notes", cmd_shot_notes, "add a note or tags to a shot")
    p.add_argument("dir")
    p.add_argument("shot", type=parse_shot, metavar="SCENE.SHOT", help="the shot, e.g. 2.3")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--tag", action="append", metavar="TAG", help="a tag to add (repeat)")
    p.add_argument("--untag", action="append", metavar="TAG", help="a tag to take off (repeat)")
    p = add(sub, "place", cmd_place, "set a location's setting (interior/exterior/both) and tags")
    p.add_argument("dir")
    p.add_argument("name", help="the location")
    p.add_argument("--setting", choices=("interior", "exterior", "both"))
    p.add_argument("--interior-ref", type=positive, action="append", metavar="ASSET", help="a reference showing inside")
    p.add_argument("--exterior-ref", type=positive, action="append", metavar="ASSET", help="a reference of outside")
    p.add_argument("--tag", action="append", metavar="TAG", help="a tag to add (repeat)")
    p = add(sub, "music", cmd_music, "put an audio file on the music track (ducked under dialogue), or show it")
    p.add_argument("dir")
    p.add_argument("file", nargs="?", help="the audio file")
    p = add(sub, "look", cmd_look, "list cinematography looks, add one, or apply one to shots")
    p.add_argument("dir")
    p.add_argument("action", nargs="?", default="list", choices=("list", "add", "apply"))
    p.add_argument("name", nargs="?", help="the look")
    p.add_argument("target", nargs="?", metavar="SCENE[.SHOT]", help="where to apply it (apply)")
    p.add_argument("--shot-type", choices=SHOT_TYPES)
    p.add_argument("--lens", type=positive, metavar="MM")
    p.add_argument("--lighting", metavar="WORDS")
    p.add_argument("--ref", action="append", metavar="REFERENCE", help="a film, photographer or painting (repeat)")
