"""The ``reelsmith`` command line: one small function per command, each returning an exit code.

Exit codes: 0 done; 1 ``doctor`` found problems it did not repair; 2 bad input or an expected failure,
reported as one line ``error: <message>`` on stderr with nothing changed. Every command reaches its project
through ``agent.session.Session`` (``Session.commands`` for the one-shot reads and writes), as the UI and the
API do; this module parses and prints.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from agent.cli_errors import CliError
from agent.cli_open import opened
from agent.config import DATA_DIR, Settings, load_settings
from agent.exports import EXPORT_FORMATS, PDF_FORMATS, default_paper
from agent.redaction import redact, register_secrets
from agent.session_commands import COMMAND_ERRORS, DEFAULT_GRACE_S, Impact, stale_lines

__all__ = ["main", "build_parser", "CliError", "DEMO_SCREENPLAY"]

DEMO_SCREENPLAY = DATA_DIR / "demo.fountain"

Command = Callable[[argparse.Namespace, Settings], int]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, raised instead of printed with the usage."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{self.prog} --help')")


_EXPECTED: tuple[type[BaseException], ...] = (CliError, *COMMAND_ERRORS)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{exc.title} {where}: {first['msg']}" if where else f"{exc.title}: {first['msg']}"
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else exc.__class__.__name__


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


# -- new -------------------------------------------------------------------------------------


def _cmd_new(args: argparse.Namespace, settings: Settings) -> int:
    from agent.session import Session  # deferred: the chat stack loads only once a command needs it

    source = DEMO_SCREENPLAY if args.demo else (Path(args.from_file) if args.from_file else None)
    created = Session.create_from_fountain(Path(args.dir), source, settings=settings, name=args.name or None)
    result = created.as_dict()
    name, target = created.name, created.path
    if args.json:
        _print_json(result)
    else:
        print(f"Created project {name!r} in {target} with {result['scenes']} scenes.")
    return 0


# -- reading: status, show, history -----------------------------------------------------------


def _print_status(snap: dict[str, Any]) -> None:
    print(f"{snap['name']}  (phase {snap['phase']}, branch {snap['branch']})")
    for sc in snap["scenes"]:
        flags = " [stale]" if sc["stale"] else ""
        print(f"  {sc['number']:>3}. {sc['heading']}  v{sc['version']}{flags}")
    print(f"characters: {', '.join(c['name'] for c in snap['characters']) or 'none'}")
    print(f"locations:  {', '.join(loc['name'] for loc in snap['locations']) or 'none'}")
    approved = sum(1 for s in snap["shots"] if s["status"] in ("still_approved", "video_approved"))
    print(f"shots: {len(snap['shots'])} ({approved} approved); timeline clips: {len(snap['timeline'])}")
    print(f"assets: {snap['assets']['count']}; changes: {snap['history']['count']}")
    stale = snap.get("stale_items") or []
    if stale:
        print(f"stale: {len(stale)}")
        for line in stale_lines(stale):
            print(f"  {line}")
    cost = snap["cost"]
    budget = f" of ${cost['budget_usd']:.2f}" if cost["budget_usd"] is not None else ""
    model = f" (chat model: ${cost['model_usd']:.4f})" if cost.get("model_usd") else ""
    print(f"spent: ${cost['spent_usd']:.2f}{budget}{model}; saved by re-use: ${cost['saved_by_reuse_usd']:.2f}")


def _cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    with opened(args.dir, settings) as session:
        snap = session.snapshot()
    if args.json:
        _print_json(snap)
    else:
        _print_status(snap)
    return 0


def _cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    with opened(args.dir, settings) as session:
        data = session.commands.scene(args.number)
    if args.json:
        _print_json(data)
        return 0
    print(f"Scene {data['number']}: {data['heading']}  (version {data['version']})\n")
    print(data["content"])
    print("\nversions:")
    for v in data["versions"]:
        print(f"  v{v['version']}  change {v['change']}  {v['summary']}")
    for d in data["diffs"]:
        print(f"\n{d['diff']}")
    return 0


def _cmd_history(args: argparse.Namespace, settings: Settings) -> int:
    with opened(args.dir, settings) as session:
        changes = session.history(limit=args.limit)
    fields = ("id", "actor", "action", "summary", "created_at", "undone", "reverts", "thread")
    rows = [{key: change[key] for key in fields} for change in changes]
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        mark = "  (undone)" if r["undone"] else ""
        print(f"{r['id']:>5}  {r['created_at']}  {r['actor']:<8} {r['action']:<20} {r['summary']}{mark}")
    return 0


def _confirmed(step: Impact, yes: bool) -> None:
    """Refuse a step the impact rule says needs a person, unless ``--yes`` says the person agreed."""
    if step.must_ask and not yes:
        raise CliError(f"{step.sentence()} Nothing was changed; run again with --yes to confirm")


def _cmd_undo(args: argparse.Namespace, settings: Settings) -> int:
    with opened(args.dir, settings) as session:
        done = session.commands.undo(args.steps, confirm=lambda step: _confirmed(step, args.yes))
    if args.json:
        _print_json({"undone": done})
    else:
        for summary in done:
            print(f"Undid: {summary}")
    return 0


def _cmd_redo(args: argparse.Namespace, settings: Settings) -> int:
    with opened(args.dir, settings) as session:
        done = session.commands.redo(args.steps, confirm=lambda step: _confirmed(step, args.yes))
    if args.json:
        _print_json({"redone": done})
    else:
        for summary in done:
            print(f"Redid: {summary}")
    return 0


# -- import ----------------------------------------------------------------------------------


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    with opened(args.dir, settings) as session:
        imported = session.import_file(path, for_name=args.for_name, replace=args.replace,
                                       confirm=lambda step: _confirmed(step, args.yes))
    result, message = imported.result, imported.message
    if args.json:
        _print_json(result)
    else:
        print(message)
    return 0


# -- export, open, render --------------------------------------------------------------------


def _check_out(out: Path) -> None:
    if out.is_dir():
        raise CliError(f"{out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise CliError(f"folder {out.parent} does not exist")


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    out = Path(args.out)
    _check_out(out)
    if args.layout is not None and args.format != "storyboard-pdf":
        raise CliError("--layout applies to --format storyboard-pdf only")
    if args.paper is not None and args.format not in PDF_FORMATS:
        raise CliError(f"--paper applies to the PDF formats only ({', '.join(PDF_FORMATS)})")
    with opened(args.dir, settings) as session:
        session.commands.export(args.format, out, layout=args.layout or "3x2",
                                paper=args.paper or default_paper(args.format))
    result = {"format": args.format, "path": str(out), "bytes": out.stat().st_size}
    if args.json:
        _print_json(result)
    else:
        print(f"Wrote {args.format} to {out} ({result['bytes']:,} bytes).")
    return 0


def _cmd_open(args: argparse.Namespace, settings: Settings) -> int:
    from agent.session import Session  # deferred: the chat stack loads only once a command needs it

    name = Session.open_bundle(Path(args.bundle), Path(args.dir), settings=settings)
    if args.json:
        _print_json({"path": args.dir, "name": name})
    else:
        print(f"Opened {name!r} into {args.dir}.")
    return 0


def _progress_line(fraction: float, label: str) -> None:
    print(f"\r{fraction:6.1%}  {label:<24}", end="", file=sys.stderr, flush=True)


def _cmd_render(args: argparse.Namespace, settings: Settings) -> int:
    from agent.media.from_project import LONG_RENDER_S, RenderTooLongError  # deferred: the video stack
    from agent.media.output import check_video_out  # deferred: the video stack loads only to render

    out = Path(args.out)
    _check_out(out)
    check_video_out(out)
    with opened(args.dir, settings) as session:
        started = time.monotonic()
        progress = _progress_line if sys.stderr.isatty() and not args.json else None
        try:
            result, timeline = session.commands.render(
                out, animatic=args.animatic, scene=args.scene, progress=progress, fps=args.fps, width=args.width,
                height=args.height, max_duration_s=None if args.long else LONG_RENDER_S)
        except RenderTooLongError as exc:
            raise CliError(f"{exc}; pass --long to render it anyway") from None
        if progress is not None:
            print(file=sys.stderr)
    data = {"path": str(result.path), "duration_s": round(result.duration_s, 3), "frames": result.frames,
            "timeline_s": round(timeline.duration_s, 3), "items": len(timeline.items),
            "animatic": args.animatic, "seconds": round(time.monotonic() - started, 2)}
    if args.json:
        _print_json(data)
    else:
        print(f"Rendered {data['items']} pictures, {data['duration_s']:.2f}s, to {out}.")
    return 0


# -- maintenance: reindex, doctor ------------------------------------------------------------


def _cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    from agent.index import AssetIndexError, EmbeddingError  # deferred: Chroma loads only to reindex

    with opened(args.dir, settings) as session:
        try:
            count, measured = session.commands.reindex()
        except (AssetIndexError, EmbeddingError) as exc:
            raise CliError(f"reindex failed: {_one_line(exc)}") from exc
    if args.json:
        _print_json({"indexed": count, "measured": measured})
    else:
        print(f"Indexed {count} assets." + (f" Measured {measured} older assets." if measured else ""))
    return 0


def _cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    if args.grace < 0:
        raise CliError("--grace must be zero or more seconds")
    with opened(args.dir, settings) as session:
        report = session.commands.doctor(grace_s=args.grace, repair=args.repair)
    if args.json:
        _print_json(report.model_dump())
    else:
        print(f"integrity check: {'ok' if report.integrity_ok else 'FAILED'}")
        print(f"schema: {report.schema_problem or 'as our migrations make it'}")
        print(f"asset rows without files: {len(report.missing_files)}")
        for path in report.missing_files:
            print(f"  {path}")
        if report.unsafe_paths:
            print(f"asset paths outside assets/ (refused): {len(report.unsafe_paths)}")
            for path in report.unsafe_paths:
                print(f"  {path!r}")
        print(f"files without rows: {len(report.orphan_files)}; leftover temp files: {len(report.temp_files)}")
        if args.repair:
            print(f"removed {report.removed} files")
        elif report.orphan_files or report.temp_files:
            print("run with --repair to remove them")
    return 0 if report.healthy else 1


# -- the parser --------------------------------------------------------------------------------


def _add(sub: Any, name: str, func: Command, help_text: str, *, json_flag: bool = True) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(func=func)
    if json_flag:
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


_MAX_NUMBER = 1_000_000_000
"""Larger numbers are no scene, limit or size anyone means (and overflow SQLite's integers)."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    if value > _MAX_NUMBER:
        raise argparse.ArgumentTypeError(f"{text[:40]} is too large (at most {_MAX_NUMBER:,})")
    return value


_YES_HELP = "confirm a step that removes or replaces more than one scene or any approved asset"


def _add_project_commands(sub: Any) -> None:
    p = _add(sub, "new", _cmd_new, "create a project (empty, from the demo, or from a Fountain screenplay)")
    p.add_argument("dir")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--demo", action="store_true", help="start from the demo screenplay")
    source.add_argument("--from", dest="from_file", metavar="FILE.fountain", help="start from a screenplay")
    p.add_argument("--name", help="project name (default: the screenplay's title or the folder name)")
    p = _add(sub, "status", _cmd_status, "show the project snapshot")
    p.add_argument("dir")
    p = _add(sub, "show", _cmd_show, "show one scene with its versions and diffs")
    p.add_argument("dir")
    p.add_argument("what", choices=["scene"])
    p.add_argument("number", type=_positive)
    p = _add(sub, "history", _cmd_history, "show the change log, newest first")
    p.add_argument("dir")
    p.add_argument("--limit", type=_positive, default=50)
    p = _add(sub, "undo", _cmd_undo, "undo the latest change(s); a large undo needs --yes")
    p.add_argument("dir")
    p.add_argument("--steps", type=_positive, default=1)
    p.add_argument("--yes", action="store_true", help=_YES_HELP)
    p = _add(sub, "redo", _cmd_redo, "bring back what the last undo(s) took back; a large redo needs --yes")
    p.add_argument("dir")
    p.add_argument("--steps", type=_positive, default=1)
    p.add_argument("--yes", action="store_true", help=_YES_HELP)
    p = _add(sub, "import", _cmd_import, "import a .fountain screenplay, an image or audio")
    p.add_argument("dir")
    p.add_argument("file")
    p.add_argument("--replace", action="store_true", help="replace a screenplay the project already has")
    p.add_argument("--yes", action="store_true", help=_YES_HELP)
    p.add_argument("--for", dest="for_name", metavar="NAME", help="link the file to this character/location/prop")
    p = _add(sub, "export", _cmd_export,
             "export the screenplay (text or PDF), cut, shot list, storyboard, breakdown, subtitles or whole project")
    p.add_argument("dir")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p.add_argument("--out", required=True, metavar="PATH")
    p.add_argument("--layout", metavar="CxR", help="storyboard panels a page, columns x rows (default 3x2)")
    p.add_argument("--paper", choices=("a4", "letter"),
                   help="paper size of the PDF formats (default letter for screenplay-pdf, else a4)")
    p = _add(sub, "open", _cmd_open, "unpack a project bundle into a new folder")
    p.add_argument("bundle")
    p.add_argument("dir")
    p = _add(sub, "render", _cmd_render, "render the cut (or an animatic of stills) to MP4")
    p.add_argument("dir")
    p.add_argument("--out", required=True, metavar="FILE.mp4")
    p.add_argument("--animatic", action="store_true", help="stills and cards only, subtitles burned in")
    p.add_argument("--scene", type=_positive, help="render one scene")
    p.add_argument("--width", type=_positive, default=1280)
    p.add_argument("--height", type=_positive, default=720)
    p.add_argument("--fps", type=_positive, default=24)
    p.add_argument("--long", action="store_true", help="render even when it runs longer than 15 minutes")
    p = _add(sub, "reindex", _cmd_reindex, "rebuild the asset index from the project")
    p.add_argument("dir")
    p = _add(sub, "doctor", _cmd_doctor, "check the project; --repair removes orphan and temp files")
    p.add_argument("dir")
    p.add_argument("--repair", action="store_true")
    p.add_argument("--grace", type=float, default=DEFAULT_GRACE_S, metavar="SECONDS",
                   help="leave files younger than this alone (a write may be in progress)")


def _add_story_commands(sub: Any) -> None:
    from agent.cli_story import add_story_commands

    add_story_commands(sub, _add, _positive)


def _add_agent_commands(sub: Any) -> None:
    from agent import cli_agent

    p = _add(sub, "chat", cli_agent.cmd_chat, "send one message to the agent (a pending approval ends it, exit 0)")
    p.set_defaults(talks_to_model=True)
    p.add_argument("dir")
    p.add_argument("message")
    p.add_argument("--thread", help="conversation id (default: cli)")
    p.add_argument("--model", help="override REELSMITH_MODEL for this message")
    p = _add(sub, "resume", cli_agent.cmd_resume, "answer a pending approval and continue")
    p.set_defaults(talks_to_model=True)
    p.add_argument("dir")
    p.add_argument("--thread", required=True)
    p.add_argument("--decision", required=True,
                   choices=["approve", "reject", "regenerate", "use_existing", "generate_new", "cancel"])
    p.add_argument("--note")
    p = _add(sub, "eval", cli_agent.cmd_eval, "run eval scenarios (exit 1 when any fails)", json_flag=False)
    p.add_argument("paths", nargs="*", help="scenario files or folders (default: evals/scenarios)")
    p.add_argument("--model")
    p.add_argument("--trials", type=_positive, default=1)
    p.add_argument("--report", metavar="FILE.md")
    p.add_argument("--json", dest="json_out", metavar="FILE")
    p.add_argument("--concurrency", type=_positive, default=2)
    p = _add(sub, "serve", cli_agent.cmd_serve, "start the chat UI", json_flag=False)
    p.add_argument("--project", help="project folder (default: REELSMITH_PROJECT)")
    p.add_argument("--host", help="address to bind (default REELSMITH_HOST, else 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default REELSMITH_PORT, else 8000)")
    p.add_argument("--insecure", action="store_true",
                   help="serve beyond loopback without a password (anyone who reaches it can use it)")


def _add_job_commands(sub: Any) -> None:
    from agent import cli_jobs

    p = _add(sub, "worker", cli_jobs.cmd_worker, "serve jobs from the queue (REELSMITH_QUEUE_URL, or one project's)",
             json_flag=False)
    p.add_argument("--queue-url", metavar="URL", help="redis://host:port/db (default REELSMITH_QUEUE_URL)")
    p.add_argument("--project", action="append", default=[], metavar="DIR",
                   help="a project whose orphaned steps this worker recovers (the embedded queue: exactly one)")
    p.add_argument("--workers", type=_positive, help="worker threads (default REELSMITH_JOB_WORKERS, else 4)")
    p = _add(sub, "jobs", cli_jobs.cmd_jobs, "list a project's jobs (newest first), or cancel one")
    p.add_argument("dir")
    p.add_argument("--cancel", type=_positive, metavar="ID", help="cancel this job")
    p.add_argument("--thread", help="only this conversation's jobs")
    p.add_argument("--limit", type=_positive, default=100)


def build_parser() -> argparse.ArgumentParser:
    """Build the ``reelsmith`` argument parser: one subcommand per command, each with ``func`` set."""
    parser = _Parser(prog="reelsmith", description="Take a film from a one-line idea to an assembled cut.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    _add_project_commands(sub)
    _add_story_commands(sub)
    _add_agent_commands(sub)
    _add_job_commands(sub)
    from agent.cli_accounts import add_accounts_commands
    from agent.cli_assets import add_assets_command
    from agent.cli_captions import add_caption_commands
    from agent.cli_music import add_music_commands
    from agent.cli_production import add_production_commands

    add_assets_command(sub, _add)
    add_accounts_commands(sub, _add)
    add_production_commands(sub, _add, _positive)
    add_caption_commands(sub, _add, _positive)
    add_music_commands(sub, _add, _positive)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one ``reelsmith`` command and return its exit code (2 with a one-line error on bad input)."""
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(argv)
        settings = load_settings()
        register_secrets(settings)  # every error line below is redacted against the configured keys
        return int(args.func(args, settings))
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except _EXPECTED as exc:
        print(f"error: {redact(_one_line(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # A model endpoint can fail in more ways than any list of exception types (dead, erroring, answering
        # garbage); a person at the command line gets one redacted line, not the client's traceback.
        if args is None or not getattr(args, "talks_to_model", False):
            raise
        kind = "" if exc.__class__.__name__ == "ModelCallError" else f" ({exc.__class__.__name__})"
        print(f"error: {redact(_one_line(exc))}{kind}", file=sys.stderr)
        return 2
